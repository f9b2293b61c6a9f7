/* t_hits.c — search hits in the reader (hits.c): matches mapped to screen
 * lines (a match split by wrapping has a part on each line), n / N in a
 * chapter with wrapping, on through the chapters of a whole-book search,
 * results grouped by chapter; on tests/fixtures/lang-book. */
#include <config.h>

#include "book.h"
#include "hits.h"
#include "pages.h"
#include "search.h"
#include "fixture.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

enum { CH_INTRO, CH_COOP, CH_RISK, CH_WIP };

/* The text of part k on its line. */
static char *
part_text(const struct doc *d, const struct hit_part *p)
{
	return xstrndup(doc_line_text(d, p->line) + p->off, p->len);
}

static void
test_chapter(struct pages *pg)
{
	struct hits h;
	hits_init(&h);
	const struct doc *d = pages_doc(pg, CH_COOP, 78, NULL);
	unsigned long gen = pages_generation(pg);
	hits_set(&h, query_parse("offender", "en"), HITS_CHAPTER);
	hits_update(&h, d, CH_COOP, gen);
	tap_is_int((long long)h.m.n, 3, "three hits in the chapter");
	tap_is_int(h.cur, -1, "none current yet");
	const struct hit_part *p;
	long l0 = (long)h.mline[0];
	tap_is_int((long long)hits_on_line(&h, (size_t)l0, &p), 1, "one part on the first hit's line");
	char *t = p ? part_text(d, p) : NULL;
	tap_is_str(t, "offender", "the part is the word as shown");
	free(t);

	/* n from the top of the screen: the first hit; then on; wrap */
	tap_is_int(hits_step(&h, 1, 0, 20), HITS_MOVED, "n: moved");
	tap_is_int(h.cur, 0, "to the first hit");
	tap_is_int(hits_step(&h, 1, 0, 20), HITS_MOVED, "n again");
	tap_is_int(h.cur, 1, "the second");
	tap_is_int(hits_step(&h, 1, h.mline[1], 20), HITS_MOVED, "n");
	tap_is_int(hits_step(&h, 1, h.mline[2], 20), HITS_WRAPPED, "n at the last hit wraps");
	tap_is_int(h.cur, 0, "to the first");
	tap_is_int(hits_step(&h, -1, 0, 20), HITS_WRAPPED, "N at the first wraps");
	tap_is_int(h.cur, 2, "to the last");
	/* the current hit off the screen: from the screen instead */
	tap_is_int(hits_step(&h, 1, h.mline[1], 5), HITS_MOVED, "n with the screen elsewhere");
	tap_is_int(h.cur, 1, "the first hit at or below the top");
	tap_is_int(hits_step(&h, -1, h.mline[1] + 1, 5), HITS_MOVED, "N with the current hit off the screen");
	tap_is_int(h.cur, 1, "the last hit above the bottom line");

	/* another width: the same hit stays current, its parts move */
	long cur = h.cur;
	const struct doc *narrow = pages_doc(pg, CH_COOP, 30, NULL);
	hits_update(&h, narrow, CH_COOP, gen);
	tap_is_int(h.cur, cur, "a resize keeps the current hit");
	tap_ok(h.mline[1] != (size_t)l0, "and maps it to the new lines");
	/* another chapter or text: no current hit */
	hits_update(&h, pages_doc(pg, CH_RISK, 30, NULL), CH_RISK, gen);
	tap_is_int(h.cur, -1, "another chapter: no current hit");
	tap_is_int(hits_step(&h, 1, 0, 5), HITS_NONE, "no hit here: n says so");

	/* a phrase split by wrapping: a part on each line */
	int found = 0;
	for (int w = 20; w <= 78 && !found; w++) {
		const struct doc *dw = pages_doc(pg, CH_COOP, w, NULL);
		hits_set(&h, query_parse("\"different states\"", "en"), HITS_CHAPTER);
		hits_update(&h, dw, CH_COOP, gen);
		size_t line = h.mline[0];
		const struct hit_part *a, *b;
		if (hits_on_line(&h, line, &a) == 1 && hits_on_line(&h, line + 1, &b) >= 1 &&
		    b->match == a->match) {
			char *ta = part_text(dw, a), *tb = part_text(dw, b);
			found = !strcmp(ta, "different") && !strcmp(tb, "states");
			if (!found)
				printf("# width %d: |%s| |%s|\n", w, ta, tb);
			free(ta);
			free(tb);
		}
	}
	tap_ok(found, "a phrase wrapped over two lines: one part on each");
	tap_is_int((long long)hits_on_line(&h, 0, &p), 0, "no part on a line without hits");

	/* hits_select: a result's first hit */
	hits_set(&h, query_parse("offender", "en"), HITS_CHAPTER);
	hits_update(&h, d = pages_doc(pg, CH_COOP, 78, NULL), CH_COOP, gen);
	tap_ok(hits_select(&h, h.m.v[1].block, h.m.v[1].off), "select a hit by its place");
	tap_is_int(h.cur, 1, "that one");
	tap_is_int(hits_cur_line(&h), (long long)h.mline[1], "its line");
	hits_set(&h, NULL, HITS_CHAPTER);
	hits_update(&h, d, CH_COOP, gen);
	tap_is_int(hits_step(&h, 1, 0, 5), HITS_NONE, "cleared: nothing to step to");
	hits_free(&h);
}

static void
test_book(struct book *b, struct pages *pg)
{
	struct searcher *s = searcher_new(b, NULL);
	struct query *q = query_parse("risk", "en");
	struct results r = {0};
	search_book(s, q, 60, 200, &r, NULL);
	tap_ok(r.n >= 4, "whole book: several results");

	struct hits h;
	hits_init(&h);
	hits_set(&h, q, HITS_BOOK);
	hits_set_chapters(&h, &r);
	tap_is_int((long long)h.nchapters, 3, "three chapters have hits");
	int wrapped;
	tap_is_int(hits_next_chapter(&h, CH_INTRO, 1, &wrapped), CH_COOP, "n goes on in book order");
	tap_is_int(wrapped, 0, "without wrapping");
	tap_is_int(hits_next_chapter(&h, CH_RISK, 1, &wrapped), CH_INTRO, "after the last: the first");
	tap_is_int(wrapped, 1, "round the book");
	tap_is_int(hits_next_chapter(&h, CH_INTRO, -1, &wrapped), CH_RISK, "N before the first: the last");
	tap_is_int(wrapped, 1, "round the book too");
	tap_is_int(hits_next_chapter(&h, CH_WIP, -1, &wrapped), CH_RISK, "from a chapter without hits");

	unsigned long gen = pages_generation(pg);
	const struct doc *d = pages_doc(pg, CH_INTRO, 78, NULL);
	hits_update(&h, d, CH_INTRO, gen);
	tap_ok(hits_land(&h, 1), "landing on the first hit");
	tap_is_int(hits_step(&h, 1, 0, 20), HITS_END, "the chapter's last hit: on to the next chapter");
	d = pages_doc(pg, CH_RISK, 78, NULL);
	hits_update(&h, d, CH_RISK, gen);
	tap_ok(hits_land(&h, -1), "N lands on the last hit");
	tap_is_int(h.cur, (long long)h.m.n - 1, "the chapter's last");

	/* grouped by chapter, in the order of each chapter's best result */
	struct results g = {0};
	size_t chapters[] = { 2, 0, 2, 1, 0 };
	g.v = xcalloc(5, sizeof *g.v);
	for (size_t i = 0; i < 5; i++)
		g.v[i].chapter = chapters[i];
	g.n = 5;
	size_t order[5];
	hits_group_order(&g, order);
	tap_ok(order[0] == 0 && order[1] == 2 && order[2] == 1 && order[3] == 4 && order[4] == 3,
	    "results grouped by chapter, best first");
	free(g.v);
	size_t *ord = xcalloc(r.n, sizeof *ord);
	hits_group_order(&r, ord);
	int ok = 1;
	char *seen = xcalloc(r.n, 1);
	for (size_t i = 0; i < r.n; i++) {
		ok &= !seen[ord[i]];
		seen[ord[i]] = 1;
		if (i && r.v[ord[i]].chapter != r.v[ord[i - 1]].chapter)
			for (size_t k = 0; k < i; k++)
				ok &= r.v[ord[k]].chapter != r.v[ord[i]].chapter;
	}
	tap_ok(ok, "each result once, each chapter's together");
	free(seen);
	free(ord);

	hits_free(&h);
	results_free(&r);
	searcher_free(s);
}

int
main(void)
{
	struct diags d = {0};
	struct book *b = fixture_book("lang-book", &d);
	if (!tap_ok(b != NULL, "the fixture book opens"))
		return tap_done();
	struct pages *pg = pages_new(b);
	test_chapter(pg);
	test_book(b, pg);
	pages_free(pg);
	book_free(b);
	diags_free(&d);
	return tap_done();
}
