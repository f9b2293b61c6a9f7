/* t_lang.c — the reader's languages without curses: the pages cache
 * showing the book through a catalog (pages.c), the place kept over a
 * language switch (nav.c), translator marks and coverage, the bilingual
 * view (bilingual.c), on tests/fixtures/lang-book (English, with a Latvian
 * po/lv.po: one entry untranslated, one fuzzy). */
#include <config.h>

#include "bilingual.h"
#include "book.h"
#include "l10n.h"
#include "nav.h"
#include "pages.h"
#include "search.h"
#include "fixture.h"
#include "tap.h"

#include <stdlib.h>
#include <string.h>

enum { CH_INTRO, CH_COOP, CH_RISK, CH_WIP };

struct ctx {
	struct pages	*p;
	int		 width;
	struct diags	 d;
};

static const struct doc *
get_doc(void *c, size_t chapter)
{
	struct ctx *x = c;
	return pages_doc(x->p, chapter, x->width, &x->d);
}

/* The first line starting with prefix (line texts are not NUL-terminated:
 * they lie back to back). */
static long
find_line(const struct doc *d, const char *prefix)
{
	size_t n = strlen(prefix);
	for (size_t i = 0; i < d->nlines; i++)
		if (d->lines[i].len >= n && !strncmp(doc_line_text(d, i), prefix, n))
			return (long)i;
	return -1;
}

/* The top line's text (a copy: caller frees). */
static char *
top_text(const struct nav *n)
{
	const struct doc *d = nav_doc(n);
	return n->top < d->nlines ? xstrndup(doc_line_text(d, n->top), d->lines[n->top].len) : xstrdup("");
}

/* Does the top line start with prefix ("" : is it empty)? */
static int
top_starts(const struct nav *n, const char *prefix)
{
	char *s = top_text(n);
	int ok = *prefix ? !strncmp(s, prefix, strlen(prefix)) : !*s;
	if (!ok)
		printf("# top line: |%s|, expected it to start with |%s|\n", s, prefix);
	free(s);
	return ok;
}

/* The style of the first span of line i (0 when it has none). */
static unsigned
line_style(const struct doc *d, long i)
{
	if (i < 0 || !d->lines[i].nspans)
		return 0;
	return d->spans[d->lines[i].span].style;
}

static void
test_switch(struct book *b, struct ctx *x, struct catalog *lv)
{
	struct nav n;
	nav_init(&n, b, get_doc, x, 10);
	nav_open_chapter(&n, CH_COOP);
	long l12 = find_line(nav_doc(&n), "Paragraph 12 begins");
	tap_ok(l12 > 0, "paragraph 12 in English");
	nav_open_line(&n, (size_t)l12);
	int block = n.at.block;
	unsigned long gen = pages_generation(x->p);

	struct nav_keep k = nav_keep_place(&n);
	pages_set_catalog(x->p, lv);
	l10n_titles(b, lv);
	nav_text_changed(&n, &k);
	tap_ok(pages_generation(x->p) != gen, "a new catalog is a new generation of text");
	tap_ok(top_starts(&n, "Rindkopa 12 sākas šeit."), "Latvian: the same paragraph at the top");
	tap_is_int(n.at.block, block, "the same block");
	tap_is_str(chapter_title(&b->chapters[CH_COOP]), "Sadarbība", "titles in Latvian");

	k = nav_keep_place(&n);
	pages_set_catalog(x->p, NULL);
	l10n_titles(b, NULL);
	nav_text_changed(&n, &k);
	tap_ok(top_starts(&n, "Paragraph 12 begins here."), "and back in English");
	tap_is_int((long long)n.top, l12, "on the very line it started from");

	/* inside a paragraph: the same block, as far in */
	nav_open_line(&n, (size_t)l12 + 1);
	size_t off = n.at.offset;
	tap_ok(off > 0, "the paragraph's second line");
	k = nav_keep_place(&n);
	pages_set_catalog(x->p, lv);
	nav_text_changed(&n, &k);
	tap_is_int(n.at.block, block, "Latvian: still paragraph 12's block");
	const struct doc *d = nav_doc(&n);
	struct position want = nav_carry_position(d, CH_COOP, &k);
	size_t newlen = d->btext_off[block + 1] - d->btext_off[block] - 1;
	tap_is_int((long long)want.offset, (long long)(off * newlen / k.len), "as far into the text, in proportion");
	const struct seg *sg = &d->segs[d->lines[n.top].seg];
	tap_ok(sg->block_off <= want.offset && want.offset < sg->block_off + sg->len + 1,
	    "the top line holds that place");
	tap_ok(d->lines[n.top].nsegs && d->segs[d->lines[n.top].seg].block == block,
	    "the top line shows that block's text");

	/* A place kept with another language's offsets (a bookmark) stays in
	 * its block even when the offset is past the end of the text here. */
	struct position p = { CH_COOP, block, 10000 };
	size_t line = nav_position_line(d, &p);
	tap_ok(d->lines[line].nsegs && d->segs[d->lines[line].seg].block == block,
	    "an offset past the block's text: the block's last line");
	pages_set_catalog(x->p, NULL);
	l10n_titles(b, NULL);

	/* reveal: a line on the screen stays, another comes to the top
	 * with context */
	nav_open_chapter(&n, CH_COOP);
	tap_is_int(nav_reveal_line(&n, 3, 2), NAV_SAME, "reveal: a line on the screen does not scroll");
	size_t hist = n.nhist;
	tap_is_int(nav_reveal_line(&n, 40, 2), NAV_OK, "reveal: a line below scrolls");
	tap_is_int((long long)n.top, 38, "two lines of context above it");
	tap_is_int((long long)n.nhist, (long long)hist, "no history step");
	nav_free(&n);
}

/* Is line i followed (directly) by a dimmed line starting with `text`? */
static int
source_under(const struct doc *d, long i, const char *text)
{
	if (i < 0 || (size_t)i + 1 >= d->nlines)
		return 0;
	const struct line *l = &d->lines[i + 1];
	return !strncmp(doc_line_text(d, (size_t)i + 1), text, strlen(text)) && !l->nsegs &&
	    l->nspans && (d->spans[l->span].style & STY_DIM);
}

static void
test_stats_marks(struct book *b, struct ctx *x, struct catalog *lv)
{
	tap_ok(pages_stats(x->p, CH_WIP) == NULL, "no coverage without a catalog");
	pages_set_catalog(x->p, lv);
	const struct l10n_stats *st = pages_stats(x->p, CH_WIP);
	tap_ok(st != NULL, "coverage with a catalog");
	if (st) {
		tap_is_int((long long)st->total, 5, "five units in the chapter");
		tap_is_int((long long)st->translated, 3, "three translated");
		tap_is_int((long long)st->fuzzy, 1, "one fuzzy");
		tap_is_int(pages_percent(st), 60, "60 %");
	}
	st = pages_stats(x->p, CH_COOP);
	tap_ok(st && pages_percent(st) == 100, "a whole chapter: 100 %");
	struct l10n_stats part = { .total = 200, .translated = 199 };
	tap_is_int(pages_percent(&part), 99, "never 100 % with a unit left");

	const struct doc *d = pages_doc(x->p, CH_WIP, 60, NULL);
	long un = find_line(d, "This paragraph is not translated yet.");
	long fz = find_line(d, "This paragraph has a fuzzy translation.");
	long tr = find_line(d, "Šī rindkopa ir iztulkota.");
	tap_ok(un > 0 && fz > 0 && tr > 0, "untranslated and fuzzy blocks in English, the rest in Latvian");
	tap_ok(!(line_style(d, un) & STY_UNTRANSLATED), "no marks out of translator mode");
	pages_set_marks(x->p, 1);
	d = pages_doc(x->p, CH_WIP, 60, NULL);
	tap_ok(line_style(d, un) & STY_UNTRANSLATED, "translator mode: untranslated marked");
	tap_is_int(find_line(d, "This paragraph has a fuzzy translation."), -1, "a fuzzy entry's source is not shown");
	fz = find_line(d, "Šai rindkopai ir neskaidrs tulkojums.");
	tap_ok(fz > 0 && (line_style(d, fz) & STY_FUZZY), "its draft is, marked fuzzy");
	pages_set_bilingual(x->p, 1);
	d = pages_doc(x->p, CH_WIP, 60, NULL);
	fz = find_line(d, "Šai rindkopai ir neskaidrs tulkojums.");
	tap_ok(source_under(d, fz, "This paragraph has a fuzzy translation."), "bilingual: the source under the draft");
	pages_set_bilingual(x->p, 0);
	d = pages_doc(x->p, CH_WIP, 60, NULL);
	fz = find_line(d, "Šai rindkopai ir neskaidrs tulkojums.");
	tap_ok(!(line_style(d, tr) & (STY_FUZZY | STY_UNTRANSLATED)), "translated not marked");
	int32_t ub = d->segs[d->lines[un].seg].block;
	tap_ok(d->blocks[ub].flags & BLOCK_UNTRANSLATED, "the block's flags say so too (margin marks)");
	pages_set_marks(x->p, 0);
	pages_set_catalog(x->p, NULL);

	/* whole-book search sees what is shown: drafts only in translator mode */
	struct query *q = query_parse("neskaidrs", "lv");
	struct results r = {0};
	struct searcher *s = searcher_new(b, lv);
	search_book(s, q, 60, 0, &r, &x->d);
	tap_is_int((long long)r.n, 0, "search: a fuzzy translation is not found by readers");
	results_free(&r);
	searcher_free(s);
	s = searcher_new(b, lv);
	searcher_show_drafts(s);
	search_book(s, q, 60, 0, &r, &x->d);
	tap_ok(r.n == 1 && r.v[0].chapter == CH_WIP, "but is in translator mode, as it is shown there");
	results_free(&r);
	searcher_free(s);
	query_free(q);
}

static void
test_bilingual(struct book *b, struct ctx *x, struct catalog *lv)
{
	pages_set_catalog(x->p, lv);
	const struct doc *plain = pages_doc(x->p, CH_WIP, 60, NULL);
	size_t nblocks = plain->nblocks, nlines = plain->nlines;	/* plain goes with the next call */
	pages_set_bilingual(x->p, 1);
	const struct doc *d = pages_doc(x->p, CH_WIP, 60, NULL);
	tap_is_int((long long)d->nblocks, (long long)nblocks, "bilingual: the same blocks");
	tap_is_int((long long)d->nlines, (long long)nlines + 3, "a line of source for each of three translated blocks");
	long tr = find_line(d, "Šī rindkopa ir iztulkota.");
	tap_ok(source_under(d, tr, "This paragraph is translated."), "a translated block, its source under it, dimmed");
	long un = find_line(d, "This paragraph is not translated yet.");
	tap_ok(un > 0 && !source_under(d, un, "This paragraph is not"), "an untranslated one is not repeated");
	long h = find_line(d, "3 Darbs procesā");
	tap_ok(h >= 0 && source_under(d, h + 1, "3 Work in progress"), "a heading: its source after its underline");
	/* blocks, anchors and search still point at the translated lines */
	int ok = 1;
	for (size_t k = 0; k < d->nblocks; k++) {
		const struct line *l = &d->lines[d->blocks[k].first_line];
		ok &= l->nsegs == 0 || d->segs[l->seg].block == (int32_t)k || l->block == (int32_t)k;
	}
	tap_ok(ok, "every block's first line is its own");
	long a = doc_find_anchor(d, "work-in-progress");
	tap_ok(a >= 0 && d->anchors[a].line == (uint32_t)h, "the heading's anchor is on its line");
	struct query *q = query_parse("pēdējā", "lv");
	struct matches m = {0};
	search_doc(q, d, &m);
	size_t line = 0;
	uint32_t off, len;
	tap_ok(m.n == 1 && match_on_line(d, &m.v[0], 0, &line, &off, &len) &&
	    strstr(doc_line_text(d, line), "pēdējā") != NULL, "search finds the Latvian text on its line");
	matches_free(&m);
	query_free(q);

	/* a table: the source table after the translated one */
	d = pages_doc(x->p, CH_RISK, 60, NULL);
	long tt = find_line(d, "│ Augsts");
	long ts = find_line(d, "│ High");
	tap_ok(tt > 0 && ts > tt, "a table: its source after it");
	tap_ok(ts > 0 && (d->spans[d->lines[ts].span].style & STY_DIM), "dimmed");

	/* a place on a source line is kept as lines after the block */
	struct nav n;
	x->width = 60;
	nav_init(&n, b, get_doc, x, 5);
	nav_open_chapter(&n, CH_WIP);
	d = nav_doc(&n);
	tr = find_line(d, "Šī rindkopa ir iztulkota.");
	nav_open_line(&n, (size_t)tr + 1);
	tap_ok(top_starts(&n, "This paragraph is translated."), "the top on a source line");
	struct nav_keep k = nav_keep_place(&n);
	pages_set_bilingual(x->p, 0);
	nav_text_changed(&n, &k);
	tap_ok(top_starts(&n, ""), "without the view: the blank line after the block");
	tap_is_int((long long)n.top, find_line(nav_doc(&n), "Šī rindkopa ir iztulkota.") + 1,
	    "the line after the translated block");
	nav_free(&n);

	/* different blocks: no interleaving */
	struct mdtree *t1 = md_parse("One.\n\nTwo.\n", 11), *t2 = md_parse("One.\n", 5);
	struct render_opts ro = { .width = 40 };
	struct doc *d1 = render_doc(t1, &ro), *d2 = render_doc(t2, &ro);
	struct doc *none = doc_bilingual(d1, d2);
	tap_ok(none == NULL, "layouts with other blocks are not interleaved");
	struct doc *same = doc_bilingual(d1, d1);
	tap_ok(same && same->nlines == d1->nlines, "nothing translated: nothing put in");
	doc_free(same);
	doc_free(none);
	doc_free(d1);
	doc_free(d2);
	md_free(t1);
	md_free(t2);
	pages_set_catalog(x->p, NULL);
}

int
main(void)
{
	struct diags d = {0};
	struct book *b = fixture_book("lang-book", &d);
	if (!tap_ok(b != NULL, "the fixture book opens"))
		return tap_done();
	size_t nl;
	char **langs = catalog_languages(b, &nl);
	tap_ok(nl == 1 && !strcmp(langs[0], "lv"), "it has a Latvian catalog");
	for (size_t i = 0; i < nl; i++)
		free(langs[i]);
	free(langs);
	struct catalog *lv = catalog_load(b, "lv", 1, &d);
	tap_ok(lv != NULL && lv->po != NULL, "translator mode reads the .po");
	tap_is_int((long long)d.n, 0, "without complaints");

	/* : go-to finds a chapter by its title as shown, translated or not */
	tap_is_int(book_find_chapter(b, "riska"), -1, "no Latvian titles before the catalog is applied");
	l10n_titles(b, lv);
	tap_is_int(book_find_chapter(b, "Riska novērtēšana"), 2, "find by the translated title");
	tap_is_int(book_find_chapter(b, "sadarbiba"), 1, "by its start, without accents");
	tap_is_int(book_find_chapter(b, "Risk assessment"), 2, "the source title still finds it");
	tap_is_int(book_find_chapter(b, "fixture"), -1, "the book's title is no chapter's");
	tap_is_str(book_title(b), "Valodu piemērs", "the book's title translated");
	l10n_titles(b, NULL);
	tap_is_str(book_title(b), "Language fixture", "and back in English");

	struct ctx x = { pages_new(b), 78, {0} };
	test_switch(b, &x, lv);
	test_stats_marks(b, &x, lv);
	test_bilingual(b, &x, lv);
	tap_is_int((long long)x.d.n, 0, "no problems reading the fixture");

	diags_free(&x.d);
	diags_free(&d);
	pages_free(x.p);
	catalog_free(lv);
	book_free(b);
	return tap_done();
}
