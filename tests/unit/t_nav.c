/* t_nav.c — the reader's pure parts: navigation (nav.c), the layout cache
 * (pages.c), the contents list (toc.c) and the key table (keys.c), on the
 * fixture book tests/fixtures/reader-book (Latvian text, parts, a nested
 * chapter, a draft, links, anchors and footnotes). */
#include <config.h>

#include "book.h"
#include "keys.h"
#include "nav.h"
#include "pages.h"
#include "fixture.h"
#include "tap.h"
#include "toc.h"

#include <stdlib.h>
#include <string.h>

/* Chapters of the fixture, in SUMMARY order. */
enum { CH_IEVADS, CH_SADARBIBA, CH_RISKA, CH_DRAFT, CH_GARA, CH_SAITES, CH_PLATS, CH_PIELIKUMS, CH_N };

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

static struct book *
open_book(const char *name)
{
	struct diags d = {0};
	struct book *b = fixture_book(name, &d);
	diags_free(&d);
	return b;
}

static const char *
top_text(const struct nav *n)
{
	const struct doc *d = nav_doc(n);
	return n->top < d->nlines ? doc_line_text(d, n->top) : "";
}

static int
starts(const char *s, const char *prefix)
{
	int ok = !strncmp(s, prefix, strlen(prefix));
	if (!ok)
		printf("# line: |%s|, expected it to start with |%s|\n", s, prefix);
	return ok;
}

/* Is there a screen line (top .. top+rows) containing `text`? */
static int
on_screen(const struct nav *n, const char *text)
{
	const struct doc *d = nav_doc(n);
	for (size_t i = n->top; i < d->nlines && i < n->top + (size_t)n->rows; i++)
		if (strstr(doc_line_text(d, i), text))
			return 1;
	return 0;
}

static long
find_line(const struct doc *d, const char *prefix)
{
	for (size_t i = 0; i < d->nlines; i++)
		if (!strncmp(doc_line_text(d, i), prefix, strlen(prefix)))
			return (long)i;
	return -1;
}

static const char *
selected_url(const struct nav *n)
{
	const struct doc *d = nav_doc(n);
	return n->link >= 0 && (size_t)n->link < d->nlinks ? d->links[n->link].url : "(none)";
}

/* Select the visible link whose URL is url; 1 when found. */
static int
select_link(struct nav *n, const char *url)
{
	for (int i = 0; i < 20; i++) {
		if (nav_apply(n, ACT_NEXT_LINK) != NAV_OK)
			return 0;
		if (!strcmp(selected_url(n), url))
			return 1;
	}
	return 0;
}

/* ---- chapters in reading order --------------------------------------- */

static void
test_chapters(struct book *b, struct ctx *x)
{
	struct nav n;
	nav_init(&n, b, get_doc, x, 10);
	tap_is_int((long long)n.chapter, CH_IEVADS, "starts at the first chapter");
	tap_is_int((long long)n.top, 0, "at the top");

	static const int order[] = { CH_SADARBIBA, CH_RISKA, CH_GARA, CH_SAITES, CH_PLATS, CH_PIELIKUMS };
	int ok = 1;
	for (size_t i = 0; i < ARRAY_LEN(order); i++) {
		ok &= nav_apply(&n, ACT_NEXT_CHAPTER) == NAV_OK;
		ok &= tap_is_int((long long)n.chapter, order[i], "] goes to the next chapter, drafts skipped");
	}
	tap_is_int(nav_apply(&n, ACT_NEXT_CHAPTER), NAV_AT_END, "] at the last chapter: end of the book");
	tap_is_int((long long)n.chapter, CH_PIELIKUMS, "and stays");
	for (size_t i = ARRAY_LEN(order) - 1; i-- > 0;) {
		nav_apply(&n, ACT_PREV_CHAPTER);
		if ((int)n.chapter != order[i])
			ok = 0;
	}
	tap_ok(ok, "[ walks back the same way");
	nav_apply(&n, ACT_PREV_CHAPTER);
	tap_is_int((long long)n.chapter, CH_IEVADS, "[ reaches the prefix chapter");
	tap_is_int(nav_apply(&n, ACT_PREV_CHAPTER), NAV_AT_START, "[ at the first chapter");

	/* A draft opened from the contents: ] goes on to the next real one. */
	nav_open_chapter(&n, CH_DRAFT);
	tap_ok(on_screen(&n, "has not been written yet"), "a draft shows a notice, not nothing");
	nav_apply(&n, ACT_NEXT_CHAPTER);
	tap_is_int((long long)n.chapter, CH_GARA, "] from a draft");
	nav_apply(&n, ACT_PREV_CHAPTER);
	tap_is_int((long long)n.chapter, CH_RISKA, "[ skips the draft");
	nav_free(&n);
}

/* ---- scrolling ------------------------------------------------------------ */

static void
test_scroll(struct book *b, struct ctx *x)
{
	struct nav n;
	nav_init(&n, b, get_doc, x, 10);
	nav_open_chapter(&n, CH_GARA);
	const struct doc *d = nav_doc(&n);
	size_t nlines = d->nlines, max = nlines - 10;
	tap_ok(nlines > 60, "the long chapter is long at width 40");

	tap_is_int(nav_apply(&n, ACT_LINE_UP), NAV_AT_START, "k at the top does nothing");
	nav_apply(&n, ACT_LINE_DOWN);
	tap_is_int((long long)n.top, 1, "j scrolls one line");
	nav_apply(&n, ACT_HALF_DOWN);
	tap_is_int((long long)n.top, 6, "Ctrl-D scrolls half a page");
	nav_apply(&n, ACT_HALF_UP);
	nav_apply(&n, ACT_LINE_UP);
	tap_is_int((long long)n.top, 0, "Ctrl-U and k back to the top");

	/* Space: a page less one line of context, clamped at the end, then
	 * the next chapter. */
	size_t want = 0;
	int ok = 1, pages = 0;
	while (want < max) {
		want = want + 9 > max ? max : want + 9;
		ok &= nav_apply(&n, ACT_PAGE_DOWN) == NAV_OK && n.top == want && n.chapter == CH_GARA;
		pages++;
	}
	tap_ok(ok, "Space pages through the chapter, 9 lines at a time");
	tap_is_int((long long)pages, (long long)((max + 8) / 9), "as many pages as it takes");
	tap_ok(starts(doc_line_text(nav_doc(&n), nlines - 1), "Garās nodaļas pēdējā rinda."),
	    "the last line is on the last page");
	tap_is_int(nav_percent(&n), 100, "100% at the end");
	tap_is_int(nav_apply(&n, ACT_LINE_DOWN), NAV_AT_END, "j at the end does nothing");
	tap_is_int(nav_apply(&n, ACT_PAGE_DOWN), NAV_OK, "Space at the end of a chapter...");
	tap_is_int((long long)n.chapter, CH_SAITES, "...goes on to the next chapter");
	tap_is_int((long long)n.top, 0, "at its top");

	nav_open_chapter(&n, CH_GARA);
	nav_apply(&n, ACT_BOTTOM);
	tap_is_int((long long)n.top, (long long)max, "G: the last page");
	tap_is_int(nav_apply(&n, ACT_BOTTOM), NAV_AT_END, "G again: nothing to do");
	nav_apply(&n, ACT_PAGE_UP);
	tap_is_int((long long)n.top, (long long)(max - 9), "b: a page back");
	nav_apply(&n, ACT_TOP);
	tap_is_int((long long)n.top, 0, "g: the top");
	tap_is_int(nav_percent(&n), (int)(10 * 100 / nlines), "percent read at the top");

	/* A chapter shorter than the screen does not scroll. */
	nav_open_chapter(&n, CH_PIELIKUMS);
	tap_is_int(nav_apply(&n, ACT_LINE_DOWN), NAV_AT_END, "a short chapter does not scroll");
	tap_is_int(nav_percent(&n), 100, "and is read at once");
	nav_free(&n);
}

/* ---- positions survive re-wrapping ----------------------------------------- */

static int
line_holds(const struct doc *d, size_t line, const struct position *p)
{
	const struct line *l = &d->lines[line];
	for (uint32_t k = 0; k < l->nsegs; k++) {
		const struct seg *s = &d->segs[l->seg + k];
		if (s->block == p->block && p->offset >= s->block_off && p->offset <= s->block_off + s->len)
			return 1;
	}
	return 0;
}

static void
test_relayout(struct book *b, struct ctx *x)
{
	struct nav n;
	nav_init(&n, b, get_doc, x, 10);
	tap_is_int(nav_goto(&n, "2.7"), NAV_OK, ":2.7 finds the section");
	tap_ok(starts(top_text(&n), "2.7 Sadaļa 7"), "its heading is at the top");

	static const int widths[] = { 80, 20, 100, 40 };
	int ok = 1;
	for (size_t i = 0; i < ARRAY_LEN(widths); i++) {
		x->width = widths[i];
		nav_relayout(&n, i == 1 ? 3 : 10);
		ok &= starts(top_text(&n), "2.7 Sadaļa 7");
	}
	tap_ok(ok, "the heading stays at the top at widths 80, 20, 100, 40");

	/* In the middle of a paragraph: the line holding the same text. */
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	size_t top40 = n.top;
	struct position at = n.at;
	tap_ok(at.block >= 0 && at.offset > 0, "four lines down is inside a paragraph");
	x->width = 25;
	nav_relayout(&n, 10);
	tap_ok(line_holds(nav_doc(&n), n.top, &at), "at width 25 the top line holds the same text");
	x->width = 40;
	nav_relayout(&n, 10);
	tap_is_int((long long)n.top, (long long)top40, "back at 40: the very same line");

	/* A blank line at the top stays a blank line before the same text. */
	nav_apply(&n, ACT_TOP);
	const struct doc *d = nav_doc(&n);
	long para = find_line(d, "Rindkopa 12 sākas");
	tap_ok(para > 0 && d->lines[para - 1].kind == LINE_BLANK, "a blank line before paragraph 12");
	nav_open_line(&n, (size_t)para - 1);
	size_t blank40 = n.top;
	x->width = 70;
	nav_relayout(&n, 10);
	d = nav_doc(&n);
	tap_ok(d->lines[n.top].kind == LINE_BLANK && n.top + 1 < d->nlines &&
	    starts(doc_line_text(d, n.top + 1), "Rindkopa 12 sākas"), "at 70 still that blank line on top");
	x->width = 40;
	nav_relayout(&n, 10);
	tap_is_int((long long)n.top, (long long)blank40, "and back at 40 the same line");

	/* An underline under a heading. */
	d = nav_doc(&n);
	long h = find_line(d, "2.3 Sadaļa 3");
	nav_open_line(&n, (size_t)h + 1);
	x->width = 60;
	nav_relayout(&n, 10);
	d = nav_doc(&n);
	tap_ok(n.top > 0 && starts(doc_line_text(d, n.top - 1), "2.3 Sadaļa 3") &&
	    starts(doc_line_text(d, n.top), "\xe2\x94\x80"), "an underline on top stays the underline");
	x->width = 40;
	nav_relayout(&n, 10);

	/* Near the end a wider screen clamps, but the place is kept. */
	nav_goto(&n, "2.20");
	struct position keep = n.at;
	x->width = 100;
	nav_relayout(&n, 38);
	tap_ok(n.top < find_line(nav_doc(&n), "2.20 Sadaļa 20") && on_screen(&n, "2.20 Sadaļa 20"),
	    "near the end: clamped, the section still on screen");
	x->width = 40;
	nav_relayout(&n, 10);
	tap_ok(n.at.block == keep.block && n.at.offset == keep.offset && starts(top_text(&n), "2.20 Sadaļa 20"),
	    "and back at 40 it is on top again");

	struct position p = { CH_GARA, -1, 0 };
	tap_is_int((long long)nav_position_line(nav_doc(&n), &p), 0, "the top is line 0");
	p = nav_line_position(nav_doc(&n), CH_GARA, 0);
	tap_is_int((long long)nav_position_line(nav_doc(&n), &p), 0, "and line 0 is the top");
	nav_free(&n);
}

/* ---- history ------------------------------------------------------------------ */

static void
test_history(struct book *b, struct ctx *x)
{
	struct nav n;
	nav_init(&n, b, get_doc, x, 10);
	tap_is_int(nav_apply(&n, ACT_BACK), NAV_NO_HISTORY, "nothing back at the start");
	nav_open_chapter(&n, CH_SADARBIBA);
	nav_open_chapter(&n, CH_GARA);
	nav_apply(&n, ACT_PAGE_DOWN);
	nav_apply(&n, ACT_PAGE_DOWN);
	size_t top = n.top;
	nav_goto(&n, "Platās");
	tap_is_int((long long)n.chapter, CH_PLATS, ":Platās by title");
	nav_apply(&n, ACT_BACK);
	tap_ok(n.chapter == CH_GARA && n.top == top, "back: the same chapter and place");
	nav_apply(&n, ACT_BACK);
	tap_is_int((long long)n.chapter, CH_SADARBIBA, "back again");
	nav_apply(&n, ACT_BACK);
	tap_is_int((long long)n.chapter, CH_IEVADS, "back to the start");
	tap_is_int(nav_apply(&n, ACT_BACK), NAV_NO_HISTORY, "nothing further back");
	nav_apply(&n, ACT_FORWARD);
	nav_apply(&n, ACT_FORWARD);
	tap_ok(n.chapter == CH_GARA && n.top == top, "forward twice: the place again");
	nav_apply(&n, ACT_FORWARD);
	tap_is_int((long long)n.chapter, CH_PLATS, "forward to the last");
	tap_is_int(nav_apply(&n, ACT_FORWARD), NAV_NO_HISTORY, "nothing further forward");
	nav_apply(&n, ACT_BACK);
	nav_apply(&n, ACT_BACK);
	nav_open_chapter(&n, CH_RISKA);
	tap_is_int(nav_apply(&n, ACT_FORWARD), NAV_NO_HISTORY, "a jump drops the forward history");
	tap_is_int(nav_open_chapter(&n, CH_RISKA), NAV_SAME, "a jump to where we are is not a step");
	nav_apply(&n, ACT_BACK);
	tap_is_int((long long)n.chapter, CH_SADARBIBA, "back goes to before the jump");

	/* Many jumps: history is bounded, the newest kept. */
	for (int i = 0; i < NAV_HISTORY_MAX * 2; i++)
		nav_open_chapter(&n, i % 2 ? CH_RISKA : CH_PLATS);
	tap_ok(n.nhist <= NAV_HISTORY_MAX, "history is bounded");
	nav_apply(&n, ACT_BACK);
	tap_is_int((long long)n.chapter, CH_PLATS, "and still goes back");
	nav_free(&n);
}

/* ---- links ----------------------------------------------------------------------- */

static void
test_links(struct book *b, struct ctx *x)
{
	struct nav n;
	nav_init(&n, b, get_doc, x, 10);
	tap_is_int(nav_apply(&n, ACT_NEXT_LINK), NAV_NO_LINKS, "Tab without links on screen");
	tap_is_int(nav_apply(&n, ACT_FOLLOW), NAV_NO_LINK, "Enter without a selection");

	nav_open_chapter(&n, CH_SAITES);
	long v[16];
	size_t k = nav_visible_links(&n, v, 16);
	tap_is_int((long long)k, 5, "five links on the first screen (3 links, 2 footnote marks)");
	nav_apply(&n, ACT_NEXT_LINK);
	tap_is_str(selected_url(&n), "riska.md", "Tab selects the first link");
	nav_apply(&n, ACT_PREV_LINK);
	tap_is_str(selected_url(&n), "#fn-2", "Shift-Tab from the first wraps to the last");
	nav_apply(&n, ACT_NEXT_LINK);
	tap_is_str(selected_url(&n), "riska.md", "Tab from the last wraps to the first");

	tap_is_int(nav_apply(&n, ACT_FOLLOW), NAV_OK, "Enter follows");
	tap_is_int((long long)n.chapter, CH_RISKA, "to the linked chapter");
	tap_is_int((long long)n.top, 0, "at its top");
	tap_is_int((long long)n.link, -1, "no selection in the new chapter");
	nav_apply(&n, ACT_BACK);
	tap_is_int((long long)n.chapter, CH_SAITES, "back");

	tap_ok(select_link(&n, "gara.md#sadaļa-7"), "a link to an anchor in another chapter");
	nav_apply(&n, ACT_FOLLOW);
	tap_ok(n.chapter == CH_GARA && starts(top_text(&n), "2.7 Sadaļa 7"), "lands on the heading");
	nav_apply(&n, ACT_BACK);

	tap_ok(select_link(&n, "https://europa.eu/european-union/index_lv?a=1&b=2#augša"), "an external link");
	tap_is_int(nav_apply(&n, ACT_FOLLOW), NAV_EXTERNAL, "is not followed");
	tap_is_str(n.url, "https://europa.eu/european-union/index_lv?a=1&b=2#augša", "its address, in full");
	tap_is_int((long long)n.chapter, CH_SAITES, "we stay");

	/* Footnote and back: the note is far below the mark. */
	tap_ok(!on_screen(&n, "Pirmā piezīme"), "the note is not on the first screen");
	tap_ok(select_link(&n, "#fn-1"), "the footnote mark [1]");
	size_t top = n.top;
	nav_apply(&n, ACT_FOLLOW);
	tap_ok(on_screen(&n, "[1] Pirmā piezīme ar garumzīmēm"), "Enter shows the note");
	tap_is_str(selected_url(&n), "#fnref-1", "with its way back selected");
	nav_apply(&n, ACT_FOLLOW);
	tap_ok(on_screen(&n, "piezīmi[1]"), "Enter again: back at the mark");
	tap_is_str(selected_url(&n), "#fn-1", "which is selected again");
	nav_apply(&n, ACT_BACK);
	tap_ok(on_screen(&n, "[1] Pirmā piezīme"), "history has the note");
	nav_apply(&n, ACT_BACK);
	tap_is_int((long long)n.top, (long long)top, "and before it the mark");

	/* Links further down: the broken one. */
	nav_apply(&n, ACT_PAGE_DOWN);
	nav_apply(&n, ACT_TOP);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	tap_ok(select_link(&n, "nav-tadas.md"), "a broken link");
	tap_is_int(nav_apply(&n, ACT_FOLLOW), NAV_BROKEN, "is reported");
	tap_is_str(n.url, "nav-tadas.md", "with its target");
	/* scrolling the selection away drops it */
	nav_apply(&n, ACT_BOTTOM);
	tap_is_int((long long)n.link, -1, "a selection scrolled off screen is dropped");
	nav_free(&n);
}

/* ---- goto, bookmarks, snippets ---------------------------------------------------------- */

static void
test_goto_marks(struct book *b, struct ctx *x)
{
	struct nav n;
	nav_init(&n, b, get_doc, x, 10);
	tap_is_int(nav_goto(&n, "1.1"), NAV_OK, ":1.1");
	tap_is_int((long long)n.chapter, CH_RISKA, "is the nested chapter");
	nav_goto(&n, "novertesana");
	tap_is_int((long long)n.chapter, CH_RISKA, ":novertesana finds it without accents");
	nav_goto(&n, "3");
	tap_is_int((long long)n.chapter, CH_SAITES, ":3");
	tap_is_int(nav_goto(&n, "nekas tāds"), NAV_NOT_FOUND, "an unknown title");
	tap_is_int(nav_goto(&n, "2.99"), NAV_NOT_FOUND, "an unknown section");
	tap_is_int(nav_goto(&n, "1.1.1"), NAV_OK, "a section of a nested chapter");
	tap_ok(n.chapter == CH_RISKA && on_screen(&n, "1.1.1 Riska līmeņi"), "is its heading");

	tap_is_int(nav_mark_jump(&n, 'a'), NAV_NO_MARK, "an unset bookmark");
	tap_is_int(nav_mark_set(&n, '1'), NAV_NO_MARK, "a bookmark must be a letter");
	nav_goto(&n, "2.5");
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	nav_apply(&n, ACT_LINE_DOWN);
	size_t top = n.top;
	nav_mark_set(&n, 'a');
	nav_goto(&n, "Ievads");
	tap_is_int(nav_mark_jump(&n, 'a'), NAV_OK, "'a");
	tap_ok(n.chapter == CH_GARA && n.top == top, "is the marked place");
	x->width = 30;
	nav_relayout(&n, 10);
	nav_goto(&n, "1");
	nav_mark_jump(&n, 'a');
	tap_ok(line_holds(nav_doc(&n), n.top, &n.marks[0]), "a bookmark survives a new width");
	x->width = 40;
	nav_relayout(&n, 10);
	char *s = nav_snippet(&n, &n.marks[0], 30);
	tap_is_str(s, "ļoti čaklus zivju gārņus,\xe2\x80\xa6", "first words at a bookmark, cut at a word");
	free(s);
	struct position top0 = { CH_SADARBIBA, -1, 0 };
	s = nav_snippet(&n, &top0, 200);
	tap_is_str(s, "Sadarbība", "a chapter's first words: its title");
	free(s);
	nav_mark_clear(&n, 'a');
	tap_is_int(nav_mark_jump(&n, 'a'), NAV_NO_MARK, "a cleared bookmark");
	tap_is_int(nav_chapter_of_path(b, "saites.md"), CH_SAITES, "chapter by file");
	tap_is_int(nav_chapter_of_path(b, "nav.md"), -1, "no such file");

	/* resume: restore is not a history step */
	struct position p = n.at;
	p.chapter = CH_PLATS;
	p.block = 0;
	p.offset = 0;
	nav_restore(&n, &p);
	tap_is_int((long long)n.chapter, CH_PLATS, "restore");
	p.chapter = 999;
	p.block = 12345;
	nav_restore(&n, &p);
	tap_ok(n.chapter < CH_N && n.top == 0, "a place outside the book is clamped");
	nav_free(&n);
}

/* ---- pages ------------------------------------------------------------------------------- */

static void
test_pages(void)
{
	struct book *b = open_book("reader-book");
	struct pages *p = pages_new(b);
	struct diags d = {0};
	const struct doc *a = pages_doc(p, CH_GARA, 40, &d);
	tap_ok(pages_doc(p, CH_GARA, 40, &d) == a, "same width: the same layout");
	tap_is_int((long long)pages_parsed(p), 1, "one chapter parsed");
	const struct doc *w = pages_doc(p, CH_GARA, 60, &d);
	tap_is_int((long long)w->width, 60, "a new width lays out again");
	tap_is_int((long long)pages_parsed(p), 1, "without parsing again");
	pages_set_keep(p, 3);
	for (size_t i = 0; i < CH_N; i++)
		pages_doc(p, i, 40, &d);
	tap_is_int((long long)pages_parsed(p), 3, "at most 3 kept");
	const struct doc *again = pages_doc(p, CH_IEVADS, 40, &d);
	tap_ok(again->nlines > 0 && starts(doc_line_text(again, 0), "Ievads"), "an evicted chapter comes back");
	tap_is_int((long long)d.n, 0, "no problems");
	pages_free(p);
	book_free(b);

	b = open_book("reader-missing");
	p = pages_new(b);
	const struct doc *m = pages_doc(p, 1, 60, &d);
	tap_ok(m != NULL && pages_failed(p, 1), "a missing chapter file still gives a page");
	struct buf all = {0};
	for (size_t i = 0; i < m->nlines; i++) {
		buf_adds(&all, doc_line_text(m, i));
		buf_addc(&all, '\n');
	}
	tap_ok(strstr(all.data, "Nav *te*") != NULL, "titled as in SUMMARY, Markdown kept literal");
	tap_ok(strstr(all.data, "could not be read") != NULL, "saying it could not be read");
	tap_ok(strstr(all.data, "nav.md") != NULL, "and why");
	tap_is_int((long long)d.n, 1, "the problem is reported once");
	tap_ok(!pages_failed(p, 0) && pages_doc(p, 0, 60, &d)->nlines > 0, "the other chapter is fine");
	buf_free(&all);
	diags_free(&d);
	pages_free(p);
	book_free(b);
}

/* ---- the contents list --------------------------------------------------------------------- */

static char *
toc_dump(const struct toc *t)
{
	struct buf b = {0};
	for (size_t r = 0; r < t->nrows; r++) {
		const struct toc_row *row = &t->rows[r];
		buf_printf(&b, "%s%*s%s%s%s\n", r == t->sel ? ">" : " ", 2 * row->depth, "",
		    row->foldable ? (row->folded ? "+" : "-") : "",
		    row->kind == TOC_PART ? t->b->parts[row->index].title : t->b->chapters[row->index].title,
		    row->kind == TOC_CHAPTER && t->b->chapters[row->index].number ? "#" : "");
	}
	return buf_detach(&b);
}

static void
test_toc(void)
{
	struct book *b = open_book("reader-book");
	struct toc *t = toc_new(b);
	toc_select_chapter(t, CH_GARA);
	char *s = toc_dump(t);
	tap_is_str(s,
	    " Ievads\n"
	    " -Pirmā daļa\n"
	    "   -Sadarbība#\n"
	    "     Riska novērtēšana#\n"
	    "     Melnraksts#\n"
	    ">  Garā nodaļa#\n"
	    " -Otrā daļa\n"
	    "   Saites un piezīmes#\n"
	    "   Platās rakstzīmes 漢字#\n"
	    "   Pielikums\n", "parts, nesting, the current chapter selected");
	free(s);
	toc_move(t, -3);
	tap_is_int(toc_selected_chapter(t), CH_SADARBIBA, "up three rows");
	tap_is_int(toc_fold(t), 1, "Left folds a chapter with sub-chapters");
	s = toc_dump(t);
	tap_is_str(s,
	    " Ievads\n"
	    " -Pirmā daļa\n"
	    ">  +Sadarbība#\n"
	    "   Garā nodaļa#\n"
	    " -Otrā daļa\n"
	    "   Saites un piezīmes#\n"
	    "   Platās rakstzīmes 漢字#\n"
	    "   Pielikums\n", "folded");
	free(s);
	toc_fold(t);
	tap_is_int(toc_selected_chapter(t), -1, "Left again goes to the part");
	toc_fold(t);
	s = toc_dump(t);
	tap_is_str(s, " Ievads\n>+Pirmā daļa\n -Otrā daļa\n   Saites un piezīmes#\n"
	    "   Platās rakstzīmes 漢字#\n   Pielikums\n", "the part folded");
	free(s);
	tap_is_int(toc_unfold(t), 1, "Right unfolds");
	tap_is_int(toc_unfold(t), 0, "Right on an open part: nothing");
	toc_select_chapter(t, CH_RISKA);
	tap_is_int(toc_selected_chapter(t), CH_RISKA, "selecting a hidden chapter unfolds its parent");

	toc_set_filter(t, "NOVERTESANA");
	s = toc_dump(t);
	tap_is_str(s, " Pirmā daļa\n>    Riska novērtēšana#\n", "filter: no case, no accents");
	free(s);
	toc_set_filter(t, "3");
	tap_is_int(toc_selected_chapter(t), CH_SAITES, "filter by number");
	toc_set_filter(t, "ZĪM");
	s = toc_dump(t);
	tap_is_str(s, " Otrā daļa\n>  Saites un piezīmes#\n   Platās rakstzīmes 漢字#\n",
	    "ZĪM matches zīm in two titles");
	free(s);
	toc_set_filter(t, "KS");
	s = toc_dump(t);
	tap_is_str(s, " Pirmā daļa\n>    Melnraksts#\n Otrā daļa\n   Platās rakstzīmes 漢字#\n",
	    "ks: in two parts, the draft too");
	free(s);
	toc_set_filter(t, "zzz");
	tap_is_int((long long)t->nrows, 0, "no match: no rows");
	tap_is_int(toc_selected_chapter(t), -1, "and no selection");
	toc_set_filter(t, "");
	tap_is_int((long long)t->nrows, 10, "filter cleared: all back");
	char *f = toc_fold_text("ĶĒŠ Ļ ß");
	tap_is_str(f, "kes l ss", "folding for filters");
	free(f);
	toc_free(t);
	book_free(b);
}

/* ---- the key table -------------------------------------------------------------------------------- */

/* The context an action's keys are looked up in. */
static enum keyctx
ctx_of(enum action a)
{
	return a >= ACT_PROMPT_OLDER ? KEYCTX_PROMPT : a >= ACT_LIST_UP ? KEYCTX_LIST : KEYCTX_READ;
}

static void
test_keys(void)
{
	tap_is_int(keys_lookup(KEYCTX_READ, 'j'), ACT_LINE_DOWN, "j");
	tap_is_int(keys_lookup(KEYCTX_READ, K_DOWN), ACT_LINE_DOWN, "Down");
	tap_is_int(keys_lookup(KEYCTX_READ, ' '), ACT_PAGE_DOWN, "Space");
	tap_is_int(keys_lookup(KEYCTX_READ, K_CTRL('d')), ACT_HALF_DOWN, "Ctrl-D");
	tap_is_int(keys_lookup(KEYCTX_READ, '\r'), ACT_FOLLOW, "CR is Enter");
	tap_is_int(keys_lookup(KEYCTX_READ, K_LEFT), ACT_BACK, "Left: back when reading");
	tap_is_int(keys_lookup(KEYCTX_LIST, K_LEFT), ACT_LIST_FOLD, "Left: fold in a list");
	tap_is_int(keys_lookup(KEYCTX_LIST, 'j'), ACT_NONE, "letters are free in lists (filter)");
	tap_is_int(keys_lookup(KEYCTX_PROMPT, 'n'), ACT_NONE, "letters are typed in prompts");
	tap_is_int(keys_lookup(KEYCTX_PROMPT, '\r'), ACT_PROMPT_ACCEPT, "CR is Enter in prompts");
	tap_is_int(keys_lookup(KEYCTX_READ, 'Z'), ACT_NONE, "an unbound key");
	/* every key the issue lists */
	static const struct { int key; enum keyctx ctx; enum action act; } want[] = {
		{ 'j', KEYCTX_READ, ACT_LINE_DOWN }, { K_DOWN, KEYCTX_READ, ACT_LINE_DOWN },
		{ 'k', KEYCTX_READ, ACT_LINE_UP }, { K_UP, KEYCTX_READ, ACT_LINE_UP },
		{ ' ', KEYCTX_READ, ACT_PAGE_DOWN }, { K_PGDN, KEYCTX_READ, ACT_PAGE_DOWN },
		{ 'b', KEYCTX_READ, ACT_PAGE_UP }, { K_PGUP, KEYCTX_READ, ACT_PAGE_UP },
		{ 'g', KEYCTX_READ, ACT_TOP }, { K_HOME, KEYCTX_READ, ACT_TOP },
		{ 'G', KEYCTX_READ, ACT_BOTTOM }, { K_END, KEYCTX_READ, ACT_BOTTOM },
		{ K_CTRL('d'), KEYCTX_READ, ACT_HALF_DOWN }, { K_CTRL('u'), KEYCTX_READ, ACT_HALF_UP },
		{ ']', KEYCTX_READ, ACT_NEXT_CHAPTER }, { '[', KEYCTX_READ, ACT_PREV_CHAPTER },
		{ 't', KEYCTX_READ, ACT_TOC }, { 'o', KEYCTX_READ, ACT_OUTLINE },
		{ K_TAB, KEYCTX_READ, ACT_NEXT_LINK }, { K_BTAB, KEYCTX_READ, ACT_PREV_LINK },
		{ K_ENTER, KEYCTX_READ, ACT_FOLLOW },
		{ K_BACKSPACE, KEYCTX_READ, ACT_BACK }, { 'h', KEYCTX_READ, ACT_BACK },
		{ K_LEFT, KEYCTX_READ, ACT_BACK }, { 'l', KEYCTX_READ, ACT_FORWARD },
		{ K_RIGHT, KEYCTX_READ, ACT_FORWARD }, { ':', KEYCTX_READ, ACT_GOTO },
		{ 'm', KEYCTX_READ, ACT_MARK_SET }, { '\'', KEYCTX_READ, ACT_MARK_JUMP },
		{ 'M', KEYCTX_READ, ACT_MARK_LIST }, { 'q', KEYCTX_READ, ACT_QUIT },
		{ K_CTRL('l'), KEYCTX_READ, ACT_REDRAW }, { '?', KEYCTX_READ, ACT_HELP },
		{ K_F1, KEYCTX_READ, ACT_HELP },
		{ K_ENTER, KEYCTX_LIST, ACT_LIST_OPEN }, { K_LEFT, KEYCTX_LIST, ACT_LIST_FOLD },
		{ K_RIGHT, KEYCTX_LIST, ACT_LIST_UNFOLD }, { K_ESC, KEYCTX_LIST, ACT_LIST_CLOSE },
		/* search and languages */
		{ 's', KEYCTX_READ, ACT_SEARCH_BOOK }, { '/', KEYCTX_READ, ACT_SEARCH },
		{ 'n', KEYCTX_READ, ACT_SEARCH_NEXT }, { 'N', KEYCTX_READ, ACT_SEARCH_PREV },
		{ 'L', KEYCTX_READ, ACT_LANGUAGE }, { 'T', KEYCTX_READ, ACT_TRANSLATOR },
		{ 'B', KEYCTX_READ, ACT_BILINGUAL }, { 'R', KEYCTX_READ, ACT_RELOAD },
		{ K_UP, KEYCTX_PROMPT, ACT_PROMPT_OLDER }, { K_DOWN, KEYCTX_PROMPT, ACT_PROMPT_NEWER },
		{ K_ENTER, KEYCTX_PROMPT, ACT_PROMPT_ACCEPT }, { K_ESC, KEYCTX_PROMPT, ACT_PROMPT_CANCEL },
		{ K_CTRL('u'), KEYCTX_PROMPT, ACT_PROMPT_ERASE }, { '?', KEYCTX_READ, ACT_HELP },
	};
	int all = 1;
	for (size_t i = 0; i < ARRAY_LEN(want); i++) {
		enum action got = keys_lookup(want[i].ctx, want[i].key);
		if (got != want[i].act) {
			char *nm = keys_name(want[i].key);
			printf("# key %s: action %d, expected %d\n", nm, got, want[i].act);
			free(nm);
			all = 0;
		}
	}
	tap_ok(all, "every key of the issue does what it says");
	tap_ok(keys_takes_letter(ACT_MARK_SET) && keys_takes_letter(ACT_MARK_JUMP) &&
	    !keys_takes_letter(ACT_QUIT), "m and ' take a letter");
	char *l = keys_label(ACT_LINE_DOWN);
	tap_is_str(l, "j, Down, Ctrl-N, Ctrl-E", "a label");
	free(l);
	l = keys_label(ACT_MARK_SET);
	tap_is_str(l, "m x", "a key that takes a letter");
	free(l);
	l = keys_name(K_CTRL('l'));
	tap_is_str(l, "Ctrl-L", "Ctrl names");
	free(l);
	int ok = 1;
	for (size_t i = 0; i < keys_count(); i++) {
		enum action a = keys_entry(i);
		char *lb = keys_label(a);
		ok &= *lb && *keys_help(a) && *keys_group_title(a);
		/* every key listed for an action leads to it */
		ok &= strlen(lb) > 0;
		free(lb);
	}
	tap_ok(ok, "every action has keys, help and a group");
	ok = 1;
	for (int a = ACT_NONE + 1; a < ACT_COUNT; a++) {
		int found = 0;
		for (size_t i = 0; i < keys_count(); i++)
			found |= keys_entry(i) == (enum action)a;
		ok &= found;
	}
	tap_ok(ok, "every action is in the table");
	/* no key is bound twice in one context */
	ok = 1;
	for (int key = 1; key < K_NAMED_END; key = key == 0x7f ? K_NAMED : key + 1) {
		if (key == '\r' || key == '\n')
			continue;	/* both are Enter */
		for (int c = KEYCTX_READ; c <= KEYCTX_PROMPT; c++) {
			enum action a = keys_lookup((enum keyctx)c, key);
			if (a == ACT_NONE)
				continue;
			int n = 0;
			for (size_t i = 0; i < keys_count(); i++) {
				enum action e = keys_entry(i);
				if (ctx_of(e) != (enum keyctx)c)
					continue;
				char *lb = keys_label(e);
				char *nm = keys_name(key);
				/* crude but enough: the name appears as a whole item */
				struct buf w = {0};
				buf_printf(&w, ", %s, ", lb);
				struct buf k2 = {0};
				buf_printf(&k2, ", %s%s, ", nm, keys_takes_letter(e) ? " x" : "");
				n += strstr(w.data, k2.data) != NULL;
				buf_free(&w);
				buf_free(&k2);
				free(lb);
				free(nm);
			}
			ok &= n == 1;
		}
	}
	tap_ok(ok, "no key is bound twice in a context");
}

int
main(void)
{
	struct book *b = open_book("reader-book");
	if (!tap_ok(b != NULL, "the fixture book opens"))
		return tap_done();
	tap_is_int((long long)b->nchapters, CH_N, "eight chapters");
	struct ctx x = { pages_new(b), 40, {0} };

	test_chapters(b, &x);
	test_scroll(b, &x);
	x.width = 40;
	test_relayout(b, &x);
	x.width = 40;
	test_history(b, &x);
	test_links(b, &x);
	test_goto_marks(b, &x);
	tap_is_int((long long)x.d.n, 0, "no problems reading the fixture");
	test_pages();
	test_toc();
	test_keys();

	diags_free(&x.d);
	pages_free(x.p);
	book_free(b);
	return tap_done();
}
