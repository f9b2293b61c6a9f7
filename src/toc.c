/* toc.c — see toc.h. */
#include <config.h>

#include "toc.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

char *
toc_fold_text(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
	    UTF8PROC_NULLTERM | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_COMPOSE);
	if (n < 0 || !out) {
		/* invalid UTF-8: match bytes as they are */
		free(out);
		return xstrdup(s);
	}
	return (char *)out;
}

struct toc *
toc_new(const struct book *b)
{
	struct toc *t = xcalloc(1, sizeof *t);
	t->b = b;
	t->part_folded = xcalloc(b->nparts + 1, 1);
	t->ch_folded = xcalloc(b->nchapters + 1, 1);
	t->filter = xstrdup("");
	toc_set_filter(t, "");
	return t;
}

void
toc_free(struct toc *t)
{
	if (!t)
		return;
	free(t->part_folded);
	free(t->ch_folded);
	free(t->filter);
	free(t->rows);
	free(t);
}

static int
has_children(const struct book *b, size_t i)
{
	return i + 1 < b->nchapters && b->chapters[i + 1].depth > b->chapters[i].depth &&
	    b->chapters[i + 1].part == b->chapters[i].part;
}

static void
add_row(struct toc *t, enum toc_kind kind, size_t index, int depth, int foldable, int folded)
{
	t->rows = xgrow(t->rows, &t->rows_cap, t->nrows + 1, sizeof *t->rows);
	t->rows[t->nrows++] = (struct toc_row){ kind, index, depth, foldable, folded };
}

static int
title_matches(const char *title, const char *want)
{
	char *f = toc_fold_text(title);
	int m = strstr(f, want) != NULL;
	free(f);
	return m;
}

/* By number, or by title as shown (translated) or in the source. */
static int
matches(const struct chapter *c, const char *want)
{
	if (c->number && !strncmp(c->number, want, strlen(want)))
		return 1;
	return title_matches(c->title, want) || (c->title_tr && title_matches(c->title_tr, want));
}

/* Rebuild rows from the fold state and the filter. */
static void
build(struct toc *t)
{
	const struct book *b = t->b;
	char *want = toc_fold_text(t->filter);
	int filtering = want[0] != '\0';
	int part = -1;
	int hide_below = -1;	/* depth under a folded chapter */
	t->nrows = 0;
	for (size_t i = 0; i < b->nchapters; i++) {
		const struct chapter *c = &b->chapters[i];
		int pfold = c->part >= 0 && t->part_folded[c->part];
		if (filtering && !matches(c, want))
			continue;
		if (c->part != part) {
			part = c->part;
			hide_below = -1;
			if (part >= 0)
				add_row(t, TOC_PART, (size_t)part, 0, !filtering, !filtering && pfold);
		}
		if (filtering) {
			add_row(t, TOC_CHAPTER, i, c->depth + (part >= 0), 0, 0);
			continue;
		}
		if (pfold)
			continue;
		if (hide_below >= 0) {
			if (c->depth > hide_below)
				continue;
			hide_below = -1;
		}
		int fold = has_children(b, i);
		add_row(t, TOC_CHAPTER, i, c->depth + (part >= 0), fold, fold && t->ch_folded[i]);
		if (fold && t->ch_folded[i])
			hide_below = c->depth;
	}
	free(want);
	if (t->sel >= t->nrows)
		t->sel = t->nrows ? t->nrows - 1 : 0;
}

static int
select_row(struct toc *t, enum toc_kind kind, size_t index)
{
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rows[r].kind == kind && t->rows[r].index == index) {
			t->sel = r;
			return 1;
		}
	return 0;
}

void
toc_set_filter(struct toc *t, const char *filter)
{
	free(t->filter);
	t->filter = xstrdup(filter);
	build(t);
	t->sel = 0;
	/* the first chapter, not its part header */
	for (size_t r = 0; r < t->nrows; r++)
		if (t->rows[r].kind == TOC_CHAPTER) {
			t->sel = r;
			break;
		}
}

void
toc_select_chapter(struct toc *t, size_t i)
{
	const struct book *b = t->b;
	if (i >= b->nchapters)
		return;
	free(t->filter);
	t->filter = xstrdup("");
	if (b->chapters[i].part >= 0)
		t->part_folded[b->chapters[i].part] = 0;
	/* unfold the ancestors: the nearest earlier chapter of each lower depth */
	int depth = b->chapters[i].depth;
	for (size_t k = i; k-- > 0 && depth > 0;)
		if (b->chapters[k].depth < depth) {
			t->ch_folded[k] = 0;
			depth = b->chapters[k].depth;
		}
	build(t);
	select_row(t, TOC_CHAPTER, i);
}

int
toc_fold(struct toc *t)
{
	if (!t->nrows)
		return 0;
	struct toc_row *r = &t->rows[t->sel];
	if (r->foldable && !r->folded && !t->filter[0]) {
		if (r->kind == TOC_PART)
			t->part_folded[r->index] = 1;
		else
			t->ch_folded[r->index] = 1;
		build(t);
		return 1;
	}
	/* already folded (or a leaf): go to the parent row */
	for (size_t k = t->sel; k-- > 0;)
		if (t->rows[k].depth < r->depth) {
			t->sel = k;
			return 1;
		}
	return 0;
}

int
toc_unfold(struct toc *t)
{
	if (!t->nrows)
		return 0;
	struct toc_row *r = &t->rows[t->sel];
	if (!r->foldable || !r->folded)
		return 0;
	if (r->kind == TOC_PART)
		t->part_folded[r->index] = 0;
	else
		t->ch_folded[r->index] = 0;
	build(t);
	return 1;
}

void
toc_move(struct toc *t, long delta)
{
	if (!t->nrows)
		return;
	long s = (long)t->sel + delta;
	if (s < 0)
		s = 0;
	if ((size_t)s >= t->nrows)
		s = (long)t->nrows - 1;
	t->sel = (size_t)s;
}

long
toc_selected_chapter(const struct toc *t)
{
	if (!t->nrows || t->rows[t->sel].kind != TOC_CHAPTER)
		return -1;
	return (long)t->rows[t->sel].index;
}
