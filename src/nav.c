/* nav.c — see nav.h. */
#include <config.h>

#include "nav.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

const struct doc *
nav_doc(const struct nav *n)
{
	return n->doc(n->ctx, n->chapter);
}

static size_t
max_top(const struct nav *n, const struct doc *d)
{
	return d->nlines > (size_t)n->rows ? d->nlines - (size_t)n->rows : 0;
}

/* ---- positions ---------------------------------------------------------- */

/* Length of block b's text (its plain text in doc.btext). */
static size_t
block_len(const struct doc *d, size_t b)
{
	return d->btext_off[b + 1] - d->btext_off[b] - 1;
}

/* Lines without text (blank lines, underlines, table borders) do not
 * depend on the width, so such a line is kept as "k lines after the last
 * text line of block b": offset = length of b's text + k.  Above the first
 * text line, block -1 and offset = the line number. */
struct position
nav_line_position(const struct doc *d, size_t chapter, size_t line)
{
	struct position p = { chapter, -1, 0 };
	if (d->nlines == 0)
		return p;
	if (line >= d->nlines)
		line = d->nlines - 1;
	const struct line *l = &d->lines[line];
	if (l->nsegs) {
		const struct seg *s = &d->segs[l->seg];
		p.block = s->block;
		p.offset = s->block_off;
		return p;
	}
	for (size_t k = line; k-- > 0;) {
		const struct line *pl = &d->lines[k];
		if (!pl->nsegs)
			continue;
		/* the block whose text ends on that line */
		const struct seg *s = &d->segs[pl->seg + pl->nsegs - 1];
		p.block = s->block;
		p.offset = block_len(d, (size_t)s->block) + (line - k);
		return p;
	}
	p.offset = line;
	return p;
}

size_t
nav_position_line(const struct doc *d, const struct position *p)
{
	if (d->nlines == 0)
		return 0;
	if (p->block < 0 || (size_t)p->block >= d->nblocks)
		return p->block < 0 && p->offset < d->nlines ? p->offset : 0;
	size_t b = (size_t)p->block;
	size_t start = d->blocks[b].first_line;
	if (start >= d->nlines)
		start = d->nlines - 1;
	long best = -1, first = -1, last = -1;
	/* Blocks are in line order, except table cells, whose lines carry
	 * the row's first cell: stop at the first later block. */
	for (size_t i = start; i < d->nlines; i++) {
		const struct line *l = &d->lines[i];
		int here = 0;
		for (uint32_t k = 0; k < l->nsegs; k++) {
			const struct seg *s = &d->segs[l->seg + k];
			if (s->block != p->block)
				continue;
			here = 1;
			if (first < 0)
				first = (long)i;
			last = (long)i;
			if (s->block_off <= p->offset)
				best = (long)i;
		}
		if (!here && (first >= 0 || (l->block >= 0 && (size_t)l->block > b)))
			break;
	}
	size_t len = block_len(d, b);
	if (last >= 0 && p->offset > len) {
		/* k lines past the block's text: lines without text.  A line
		 * with text on the way means the offset was not made for this
		 * text (kept in another language): the block's last line. */
		size_t k = p->offset - len, i = (size_t)last;
		while (k > 0 && i + 1 < d->nlines && !d->lines[i + 1].nsegs) {
			i++;
			k--;
		}
		return k == 0 || i + 1 >= d->nlines ? i : (size_t)last;
	}
	if (best >= 0)
		return (size_t)best;
	if (first >= 0)
		return (size_t)first;
	return start;
}

static int
same_position(const struct position *a, const struct position *b)
{
	return a->chapter == b->chapter && a->block == b->block && a->offset == b->offset;
}

/* Show line `line` of the current chapter at the top (clamped) and
 * remember what it is. */
static void
set_top(struct nav *n, const struct doc *d, size_t line)
{
	size_t m = max_top(n, d);
	n->top = line > m ? m : line;
	n->at = nav_line_position(d, n->chapter, n->top);
}

/* Drop the link selection when it has left the screen. */
static void
check_link(struct nav *n)
{
	if (n->link < 0)
		return;
	long v[256];
	size_t k = nav_visible_links(n, v, ARRAY_LEN(v));
	for (size_t i = 0; i < k && i < ARRAY_LEN(v); i++)
		if (v[i] == n->link)
			return;
	n->link = -1;
}

/* ---- set-up ------------------------------------------------------------------ */

static long
next_text_chapter(const struct book *b, size_t from, int dir)
{
	for (long i = (long)from + dir; i >= 0 && (size_t)i < b->nchapters; i += dir)
		if (b->chapters[i].path)
			return i;
	return -1;
}

void
nav_init(struct nav *n, const struct book *b, nav_doc_fn fn, void *ctx, int rows)
{
	memset(n, 0, sizeof *n);
	n->b = b;
	n->doc = fn;
	n->ctx = ctx;
	n->rows = rows < 1 ? 1 : rows;
	n->link = -1;
	long first = b->nchapters && b->chapters[0].path ? 0 : next_text_chapter(b, 0, 1);
	n->chapter = first < 0 ? 0 : (size_t)first;
	n->at = (struct position){ n->chapter, -1, 0 };
	n->hist = xgrow(n->hist, &n->hist_cap, 1, sizeof *n->hist);
	n->hist[0] = n->at;
	n->nhist = 1;
	n->cur = 0;
}

void
nav_free(struct nav *n)
{
	free(n->hist);
	free(n->url);
	n->hist = NULL;
	n->url = NULL;
	n->nhist = n->hist_cap = 0;
}

/* Go to p without history: chapter, top, selection. */
static void
go(struct nav *n, const struct position *p)
{
	size_t ch = p->chapter < n->b->nchapters ? p->chapter : 0;
	if (ch != n->chapter)
		n->link = -1;
	n->chapter = ch;
	const struct doc *d = nav_doc(n);
	struct position q = *p;
	q.chapter = ch;
	if (q.block >= 0 && (size_t)q.block >= d->nblocks) {
		/* the chapter changed under a saved place: its top */
		q.block = -1;
		q.offset = 0;
	}
	size_t line = nav_position_line(d, &q);
	size_t m = max_top(n, d);
	n->top = line > m ? m : line;
	n->at = q;
	check_link(n);
}

enum nav_status
nav_reveal_line(struct nav *n, size_t line, int context)
{
	const struct doc *d = nav_doc(n);
	if (line >= d->nlines)
		return NAV_SAME;
	if (line >= n->top && line < n->top + (size_t)n->rows)
		return NAV_SAME;
	if (context >= n->rows)
		context = n->rows - 1;
	if (context < 0)
		context = 0;
	set_top(n, d, line > (size_t)context ? line - (size_t)context : 0);
	check_link(n);
	return NAV_OK;
}

struct nav_keep
nav_keep_place(const struct nav *n)
{
	const struct doc *d = nav_doc(n);
	struct nav_keep k = { n->at.block, n->at.offset, 0 };
	if (k.block >= 0 && (size_t)k.block < d->nblocks)
		k.len = block_len(d, (size_t)k.block);
	else if (k.block >= 0)
		k.block = -1, k.offset = 0;
	return k;
}

struct position
nav_carry_position(const struct doc *d, size_t chapter, const struct nav_keep *k)
{
	struct position p = { chapter, k->block, k->offset };
	if (k->block < 0)
		return p;
	if ((size_t)k->block >= d->nblocks) {
		p.block = -1;
		p.offset = 0;
		return p;
	}
	size_t len = block_len(d, (size_t)k->block);
	if (k->offset > k->len)		/* lines after the text keep their count */
		p.offset = len + (k->offset - k->len);
	else if (k->len)		/* inside the text: as far in, proportionally */
		p.offset = (size_t)((double)k->offset * (double)len / (double)k->len);
	else
		p.offset = 0;
	return p;
}

void
nav_text_changed(struct nav *n, const struct nav_keep *k)
{
	const struct doc *d = nav_doc(n);
	struct position p = nav_carry_position(d, n->chapter, k);
	n->link = -1;
	go(n, &p);
	n->hist[n->cur] = n->at;
}

void
nav_relayout(struct nav *n, int rows)
{
	n->rows = rows < 1 ? 1 : rows;
	struct position keep = n->at;
	go(n, &keep);
}

void
nav_restore(struct nav *n, const struct position *p)
{
	go(n, p);
	n->hist[n->cur] = n->at;
}

/* ---- history ------------------------------------------------------------------ */

enum nav_status
nav_jump(struct nav *n, const struct position *p)
{
	if (same_position(p, &n->at))
		return NAV_SAME;
	n->hist[n->cur] = n->at;
	n->nhist = n->cur + 1;
	if (n->nhist >= NAV_HISTORY_MAX) {
		memmove(n->hist, n->hist + 1, (n->nhist - 1) * sizeof *n->hist);
		n->nhist--;
		n->cur--;
	}
	n->hist = xgrow(n->hist, &n->hist_cap, n->nhist + 1, sizeof *n->hist);
	go(n, p);
	n->hist[n->nhist++] = n->at;
	n->cur = n->nhist - 1;
	return NAV_OK;
}

static enum nav_status
history_step(struct nav *n, int dir)
{
	if (dir < 0 ? n->cur == 0 : n->cur + 1 >= n->nhist)
		return NAV_NO_HISTORY;
	n->hist[n->cur] = n->at;
	n->cur = dir < 0 ? n->cur - 1 : n->cur + 1;
	struct position p = n->hist[n->cur];
	go(n, &p);
	return NAV_OK;
}

enum nav_status
nav_open_chapter(struct nav *n, size_t chapter)
{
	if (chapter >= n->b->nchapters)
		return NAV_NOT_FOUND;
	struct position p = { chapter, -1, 0 };
	n->link = -1;
	return nav_jump(n, &p);
}

enum nav_status
nav_open_line(struct nav *n, size_t line)
{
	const struct doc *d = nav_doc(n);
	struct position p = nav_line_position(d, n->chapter, line);
	return nav_jump(n, &p);
}

/* ---- scrolling ------------------------------------------------------------------ */

static enum nav_status
scroll(struct nav *n, long delta)
{
	const struct doc *d = nav_doc(n);
	size_t m = max_top(n, d);
	if (delta > 0 && n->top >= m)
		return NAV_AT_END;
	if (delta < 0 && n->top == 0)
		return NAV_AT_START;
	long t = (long)n->top + delta;
	if (t < 0)
		t = 0;
	set_top(n, d, (size_t)t > m ? m : (size_t)t);
	check_link(n);
	return NAV_OK;
}

static enum nav_status
next_chapter(struct nav *n, int dir)
{
	long c = next_text_chapter(n->b, n->chapter, dir);
	if (c < 0)
		return dir > 0 ? NAV_AT_END : NAV_AT_START;
	return nav_open_chapter(n, (size_t)c);
}

static long
page(const struct nav *n)
{
	/* Keep one line of context, even on a tiny screen. */
	return n->rows > 1 ? n->rows - 1 : 1;
}

enum nav_status
nav_apply(struct nav *n, enum action a)
{
	long half = n->rows / 2 > 0 ? n->rows / 2 : 1;
	enum nav_status st;

	switch (a) {
	case ACT_LINE_DOWN:	return scroll(n, 1);
	case ACT_LINE_UP:	return scroll(n, -1);
	case ACT_HALF_DOWN:	return scroll(n, half);
	case ACT_HALF_UP:	return scroll(n, -half);
	case ACT_PAGE_UP:	return scroll(n, -page(n));
	case ACT_PAGE_DOWN:
		st = scroll(n, page(n));
		/* At the end of a chapter, Space goes on to the next. */
		return st == NAV_AT_END ? next_chapter(n, 1) : st;
	case ACT_TOP:
		if (n->top == 0)
			return NAV_AT_START;
		return scroll(n, -(long)n->top);
	case ACT_BOTTOM: {
		const struct doc *d = nav_doc(n);
		size_t m = max_top(n, d);
		if (n->top >= m)
			return NAV_AT_END;
		return scroll(n, (long)(m - n->top));
	}
	case ACT_NEXT_CHAPTER:	return next_chapter(n, 1);
	case ACT_PREV_CHAPTER:	return next_chapter(n, -1);
	case ACT_BACK:		return history_step(n, -1);
	case ACT_FORWARD:	return history_step(n, 1);
	case ACT_FOLLOW:	return nav_follow(n, -1);
	case ACT_NEXT_LINK:
	case ACT_PREV_LINK: {
		long v[256];
		size_t k = nav_visible_links(n, v, ARRAY_LEN(v));
		if (k > ARRAY_LEN(v))
			k = ARRAY_LEN(v);
		if (k == 0) {
			n->link = -1;
			return NAV_NO_LINKS;
		}
		size_t i;
		for (i = 0; i < k && v[i] != n->link; i++)
			;
		if (i == k)	/* nothing selected yet: first / last */
			n->link = a == ACT_NEXT_LINK ? v[0] : v[k - 1];
		else
			n->link = a == ACT_NEXT_LINK ? v[(i + 1) % k] : v[(i + k - 1) % k];
		return NAV_OK;
	}
	default:
		return NAV_SAME;
	}
}

/* ---- links ---------------------------------------------------------------------- */

size_t
nav_visible_links(const struct nav *n, long *out, size_t max)
{
	const struct doc *d = nav_doc(n);
	size_t k = 0;
	for (size_t y = n->top; y < d->nlines && y < n->top + (size_t)n->rows; y++) {
		const struct line *l = &d->lines[y];
		for (uint32_t s = 0; s < l->nspans; s++) {
			long link = d->spans[l->span + s].link;
			if (link < 0)
				continue;
			size_t j;
			for (j = 0; j < k && j < max && out[j] != link; j++)
				;
			if (j < k && j < max)
				continue;
			if (k < max)
				out[k] = link;
			k++;
		}
	}
	return k;
}

static void
set_url(struct nav *n, const char *url)
{
	free(n->url);
	n->url = xstrdup(url);
}

enum nav_status
nav_follow(struct nav *n, long i)
{
	const struct doc *d = nav_doc(n);
	if (i < 0)
		i = n->link;
	if (i < 0 || (size_t)i >= d->nlinks)
		return NAV_NO_LINK;
	n->link = i;
	set_url(n, d->links[i].url);
	char *anchor = NULL;
	int external = 0;
	long ch = book_resolve_link(n->b, n->chapter, n->url, &anchor, &external);
	if (external)
		return NAV_EXTERNAL;
	if (ch < 0)
		return NAV_BROKEN;
	const struct doc *td = n->doc(n->ctx, (size_t)ch);
	struct position p = { (size_t)ch, -1, 0 };
	int found = 1;
	if (anchor) {
		long a = doc_find_anchor(td, anchor);
		if (a >= 0)
			p = nav_line_position(td, (size_t)ch, td->anchors[a].line);
		else
			found = 0;
	}
	free(anchor);
	char *want = NULL;
	if (!strncmp(n->url, "#fn-", 4))
		want = xasprintf("#fnref-%s", n->url + 4);
	else if (!strncmp(n->url, "#fnref-", 7))
		want = xasprintf("#fn-%s", n->url + 7);
	enum nav_status st = nav_jump(n, &p);
	if (want) {
		/* Footnote mark <-> note: select the way back, so Enter
		 * goes there and Enter again returns. */
		long v[256];
		size_t k = nav_visible_links(n, v, ARRAY_LEN(v));
		const struct doc *nd = nav_doc(n);
		for (size_t j = 0; j < k && j < ARRAY_LEN(v); j++)
			if (!strcmp(nd->links[v[j]].url, want)) {
				n->link = v[j];
				break;
			}
		free(want);
	}
	if (!found)
		return NAV_NO_ANCHOR;
	return st == NAV_SAME ? NAV_OK : st;
}

/* ---- chapters by name ----------------------------------------------------------- */

long
nav_chapter_of_path(const struct book *b, const char *path)
{
	for (size_t i = 0; path && i < b->nchapters; i++)
		if (b->chapters[i].path && !strcmp(b->chapters[i].path, path))
			return (long)i;
	return -1;
}

enum nav_status
nav_goto(struct nav *n, const char *spec)
{
	while (*spec == ' ')
		spec++;
	long ch = book_find_chapter(n->b, spec);
	if (ch >= 0)
		return nav_open_chapter(n, (size_t)ch) == NAV_NOT_FOUND ? NAV_NOT_FOUND : NAV_OK;
	/* "2.7": the heading numbered 2.7, in chapter 2 (or 2.7's parent). */
	char *s = xstrdup(spec);
	enum nav_status st = NAV_NOT_FOUND;
	for (char *dot = strrchr(s, '.'); dot && st == NAV_NOT_FOUND; dot = strrchr(s, '.')) {
		*dot = '\0';
		for (size_t i = 0; i < n->b->nchapters; i++) {
			if (!n->b->chapters[i].number || strcmp(n->b->chapters[i].number, s))
				continue;
			const struct doc *d = n->doc(n->ctx, i);
			for (size_t k = 0; k < d->nanchors; k++)
				if (d->anchors[k].number && !strcmp(d->anchors[k].number, spec)) {
					struct position p = nav_line_position(d, i, d->anchors[k].line);
					nav_jump(n, &p);
					st = NAV_OK;
					break;
				}
			break;
		}
	}
	free(s);
	return st;
}

/* ---- bookmarks ------------------------------------------------------------------- */

static int
mark_index(int letter)
{
	return letter >= 'a' && letter <= 'z' ? letter - 'a' : -1;
}

enum nav_status
nav_mark_set(struct nav *n, int letter)
{
	int i = mark_index(letter);
	if (i < 0)
		return NAV_NO_MARK;
	n->marks[i] = n->at;
	n->mark_set[i] = 1;
	return NAV_OK;
}

enum nav_status
nav_mark_jump(struct nav *n, int letter)
{
	int i = mark_index(letter);
	if (i < 0 || !n->mark_set[i])
		return NAV_NO_MARK;
	struct position p = n->marks[i];
	enum nav_status st = nav_jump(n, &p);
	return st == NAV_SAME ? NAV_OK : st;
}

void
nav_mark_clear(struct nav *n, int letter)
{
	int i = mark_index(letter);
	if (i >= 0)
		n->mark_set[i] = 0;
}

char *
nav_snippet(const struct nav *n, const struct position *p, size_t max)
{
	const struct doc *d = n->doc(n->ctx, p->chapter);
	struct buf out = {0};
	int block = p->block;
	size_t off = p->offset;
	if (block < 0 || (size_t)block >= d->nblocks) {
		block = d->nblocks ? 0 : -1;
		off = 0;
	}
	/* Skip empty blocks (rules) so there is something to read. */
	while (block >= 0 && (size_t)block < d->nblocks &&
	    d->btext_off[block + 1] - d->btext_off[block] <= 1 + off) {
		block++;
		off = 0;
	}
	if (block >= 0 && (size_t)block < d->nblocks) {
		const char *t = d->btext.data + d->btext_off[block] + off;
		size_t len = d->btext_off[block + 1] - d->btext_off[block] - 1 - off;
		if (len > max) {
			/* cut at a space, else at a character boundary */
			size_t cut = max;
			while (cut > 0 && t[cut] != ' ')
				cut--;
			if (cut == 0) {
				cut = max;
				while (cut > 0 && ((unsigned char)t[cut] & 0xC0) == 0x80)
					cut--;
			}
			buf_add(&out, t, cut);
			buf_adds(&out, "\xe2\x80\xa6");	/* … */
		} else {
			buf_add(&out, t, len);
		}
	}
	return buf_detach(&out);
}

int
nav_percent(const struct nav *n)
{
	const struct doc *d = nav_doc(n);
	if (d->nlines <= (size_t)n->rows)
		return 100;
	size_t bottom = n->top + (size_t)n->rows;
	return (int)(bottom * 100 / d->nlines);
}
