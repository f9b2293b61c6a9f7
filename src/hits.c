/* hits.c — see hits.h. */
#include <config.h>

#include "hits.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void
hits_init(struct hits *h)
{
	memset(h, 0, sizeof *h);
	h->cur = -1;
}

static void
drop_matches(struct hits *h)
{
	matches_free(&h->m);
	free(h->mline);
	h->mline = NULL;
	h->nparts = 0;
	h->valid = 0;
	h->cur = -1;
}

void
hits_free(struct hits *h)
{
	drop_matches(h);
	free(h->parts);
	free(h->chapters);
	query_free(h->q);
	hits_init(h);
}

void
hits_set(struct hits *h, struct query *q, enum hits_scope scope)
{
	drop_matches(h);
	if (h->q != q)
		query_free(h->q);
	h->q = q;
	h->scope = scope;
	free(h->chapters);
	h->chapters = NULL;
	h->nchapters = 0;
}

static int
cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

void
hits_set_chapters(struct hits *h, const struct results *r)
{
	free(h->chapters);
	h->chapters = xcalloc(r->n + r->nmaybe + 1, sizeof *h->chapters);
	h->nchapters = 0;
	/* The results shown may be cut at a limit: n goes on through every
	 * chapter that may hold a hit (one without any is passed over). */
	for (size_t i = 0; i < r->n; i++)
		h->chapters[h->nchapters++] = r->v[i].chapter;
	for (size_t i = 0; i < r->nmaybe; i++)
		h->chapters[h->nchapters++] = r->maybe[i];
	if (h->nchapters > 1)
		qsort(h->chapters, h->nchapters, sizeof *h->chapters, cmp_size);
	size_t k = 0;
	for (size_t i = 0; i < h->nchapters; i++)
		if (!k || h->chapters[k - 1] != h->chapters[i])
			h->chapters[k++] = h->chapters[i];
	h->nchapters = k;
}

static int
cmp_part(const void *a, const void *b)
{
	const struct hit_part *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

void
hits_update(struct hits *h, const struct doc *d, size_t chapter, unsigned long generation)
{
	if (!h->q) {
		drop_matches(h);
		return;
	}
	if (h->valid && h->chapter == chapter && h->generation == generation && h->width == d->width)
		return;
	long keep = h->valid && h->chapter == chapter && h->generation == generation ? h->cur : -1;
	drop_matches(h);
	search_doc(h->q, d, &h->m);
	h->mline = xcalloc(h->m.n ? h->m.n : 1, sizeof *h->mline);
	for (size_t i = 0; i < h->m.n; i++) {
		h->mline[i] = SIZE_MAX;
		size_t line;
		uint32_t off, len;
		for (size_t part = 0; match_on_line(d, &h->m.v[i], part, &line, &off, &len); part++) {
			if (!part)
				h->mline[i] = line;
			h->parts = xgrow(h->parts, &h->parts_cap, h->nparts + 1, sizeof *h->parts);
			h->parts[h->nparts++] = (struct hit_part){ line, off, len, i };
		}
	}
	if (h->nparts > 1)
		qsort(h->parts, h->nparts, sizeof *h->parts, cmp_part);
	h->valid = 1;
	h->chapter = chapter;
	h->width = d->width;
	h->generation = generation;
	h->cur = keep >= 0 && (size_t)keep < h->m.n ? keep : -1;
}

size_t
hits_on_line(const struct hits *h, size_t line, const struct hit_part **first)
{
	size_t lo = 0, hi = h->nparts;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (h->parts[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < h->nparts && h->parts[lo + n].line == line)
		n++;
	*first = n ? &h->parts[lo] : NULL;
	return n;
}

/* The first (dir 1) or last shown match, or -1. */
static long
edge(const struct hits *h, int dir)
{
	for (size_t k = 0; k < h->m.n; k++) {
		size_t i = dir > 0 ? k : h->m.n - 1 - k;
		if (h->mline[i] != SIZE_MAX)
			return (long)i;
	}
	return -1;
}

enum hits_move
hits_step(struct hits *h, int dir, size_t top, int rows)
{
	if (!h->q || !h->valid)
		return HITS_NONE;
	if (edge(h, 1) < 0)
		return h->scope == HITS_BOOK ? HITS_END : HITS_NONE;
	size_t bottom = top + (size_t)(rows > 0 ? rows : 1);
	long next = -1;
	int on_screen = h->cur >= 0 && h->mline[h->cur] != SIZE_MAX &&
	    h->mline[h->cur] >= top && h->mline[h->cur] < bottom;
	if (on_screen) {
		for (long i = h->cur + dir; i >= 0 && (size_t)i < h->m.n; i += dir)
			if (h->mline[i] != SIZE_MAX) {
				next = i;
				break;
			}
	} else if (dir > 0) {
		for (size_t i = 0; i < h->m.n && next < 0; i++)
			if (h->mline[i] != SIZE_MAX && h->mline[i] >= top)
				next = (long)i;
	} else {
		for (size_t i = h->m.n; i-- > 0 && next < 0;)
			if (h->mline[i] != SIZE_MAX && h->mline[i] < bottom)
				next = (long)i;
	}
	if (next >= 0) {
		h->cur = next;
		return HITS_MOVED;
	}
	if (h->scope == HITS_BOOK)
		return HITS_END;
	h->cur = edge(h, dir);
	return HITS_WRAPPED;
}

long
hits_next_chapter(const struct hits *h, size_t from, int dir, int *wrapped)
{
	*wrapped = 0;
	if (!h->nchapters)
		return -1;
	if (dir > 0) {
		for (size_t i = 0; i < h->nchapters; i++)
			if (h->chapters[i] > from)
				return (long)h->chapters[i];
		*wrapped = 1;
		return (long)h->chapters[0];
	}
	for (size_t i = h->nchapters; i-- > 0;)
		if (h->chapters[i] < from)
			return (long)h->chapters[i];
	*wrapped = 1;
	return (long)h->chapters[h->nchapters - 1];
}

int
hits_land(struct hits *h, int dir)
{
	h->cur = h->valid ? edge(h, dir) : -1;
	return h->cur >= 0;
}

int
hits_select(struct hits *h, uint32_t block, uint32_t off)
{
	h->cur = -1;
	for (size_t i = 0; h->valid && i < h->m.n; i++) {
		const struct match *m = &h->m.v[i];
		if (h->mline[i] != SIZE_MAX && (m->block > block || (m->block == block && m->off + m->len > off))) {
			h->cur = (long)i;
			break;
		}
	}
	if (h->cur < 0)
		h->cur = h->valid ? edge(h, -1) : -1;
	return h->cur >= 0;
}

long
hits_cur_line(const struct hits *h)
{
	if (!h->valid || h->cur < 0 || (size_t)h->cur >= h->m.n || h->mline[h->cur] == SIZE_MAX)
		return -1;
	return (long)h->mline[h->cur];
}

void
hits_group_order(const struct results *r, size_t *order)
{
	size_t k = 0;
	char *done = xcalloc(r->n ? r->n : 1, 1);
	for (size_t i = 0; i < r->n; i++) {
		if (done[i])
			continue;
		for (size_t j = i; j < r->n; j++)
			if (!done[j] && r->v[j].chapter == r->v[i].chapter) {
				done[j] = 1;
				order[k++] = j;
			}
	}
	free(done);
}
