/* bilingual.c — see bilingual.h. */
#include <config.h>

#include "bilingual.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Styles a source line keeps: the rest becomes STY_DIM. */
#define KEEP_STYLES	(STY_EMPH | STY_STRONG | STY_CTRL)

/* Append line i of d to out; with `source`, as a dimmed line without
 * block text or links, belonging to `block`. */
static void
copy_line(struct doc *out, const struct doc *d, size_t i, int source, int32_t block)
{
	const struct line *l = &d->lines[i];
	out->lines = xgrow(out->lines, &out->lines_cap, out->nlines + 1, sizeof *out->lines);
	struct line *n = &out->lines[out->nlines++];
	*n = *l;
	n->text = out->text.len;
	if (l->len)
		buf_add(&out->text, doc_line_text(d, i), l->len);
	n->span = (uint32_t)out->nspans;
	for (uint32_t k = 0; k < l->nspans; k++) {
		struct span sp = d->spans[l->span + k];
		if (source) {
			sp.style = STY_DIM | (sp.style & KEEP_STYLES);
			sp.link = -1;
		}
		out->spans = xgrow(out->spans, &out->spans_cap, out->nspans + 1, sizeof *out->spans);
		out->spans[out->nspans++] = sp;
	}
	n->seg = (uint32_t)out->nsegs;
	if (source) {
		n->nsegs = 0;
		n->block = block;
		return;
	}
	for (uint32_t k = 0; k < l->nsegs; k++) {
		out->segs = xgrow(out->segs, &out->segs_cap, out->nsegs + 1, sizeof *out->segs);
		out->segs[out->nsegs++] = d->segs[l->seg + k];
	}
}

static int
has_seg_of(const struct doc *d, size_t i, int32_t block)
{
	const struct line *l = &d->lines[i];
	for (uint32_t k = 0; k < l->nsegs; k++)
		if (d->segs[l->seg + k].block == block)
			return 1;
	return 0;
}

/* The source's text lines of block b. */
static void
put_source_block(struct doc *out, const struct doc *src, int32_t b)
{
	int found = 0;
	for (size_t j = src->blocks[b].first_line; j < src->nlines; j++) {
		if (src->lines[j].block != b) {
			if (found)
				break;
			continue;
		}
		found = 1;
		if (src->lines[j].nsegs && has_seg_of(src, j, b))
			copy_line(out, src, j, 1, b);
	}
}

/* The source's table holding block b (a cell): its run of table lines. */
static void
put_source_table(struct doc *out, const struct doc *src, int32_t b)
{
	size_t j;
	for (j = src->blocks[b].first_line; j < src->nlines && !has_seg_of(src, j, b); j++)
		;
	if (j >= src->nlines)
		return;
	size_t s = j, e = j;
	while (s > 0 && src->lines[s - 1].kind == LINE_TABLE)
		s--;
	while (e + 1 < src->nlines && src->lines[e + 1].kind == LINE_TABLE)
		e++;
	for (size_t k = s; k <= e; k++)
		copy_line(out, src, k, 1, -1);
}

static int
translated(const struct doc *d, int32_t b)
{
	return b >= 0 && (size_t)b < d->nblocks && (d->blocks[b].flags & BLOCK_TRANSLATED);
}

struct doc *
doc_bilingual(const struct doc *tr, const struct doc *src)
{
	if (tr->nblocks != src->nblocks)
		return NULL;
	struct doc *out = xcalloc(1, sizeof *out);
	out->width = tr->width;
	buf_add(&out->btext, tr->btext.data ? tr->btext.data : "", tr->btext.len);
	out->btext_off = xmalloc((tr->nblocks + 1) * sizeof *out->btext_off);
	memcpy(out->btext_off, tr->btext_off, (tr->nblocks + 1) * sizeof *out->btext_off);
	if (tr->nblocks) {
		out->blocks = xmalloc(tr->nblocks * sizeof *out->blocks);
		memcpy(out->blocks, tr->blocks, tr->nblocks * sizeof *out->blocks);
	}
	out->nblocks = out->blocks_cap = tr->nblocks;

	size_t *map = xmalloc((tr->nlines + 1) * sizeof *map);
	size_t table_start = 0;
	for (size_t i = 0; i < tr->nlines; i++) {
		const struct line *l = &tr->lines[i];
		map[i] = out->nlines;
		copy_line(out, tr, i, 0, l->block);
		int last = i + 1 >= tr->nlines;
		if (l->kind == LINE_TABLE) {
			if (i == 0 || tr->lines[i - 1].kind != LINE_TABLE)
				table_start = i;
			if (!last && tr->lines[i + 1].kind == LINE_TABLE)
				continue;
			/* the table's end: its source after it, once */
			int32_t cell = -1;
			for (size_t k = table_start; k <= i && cell < 0; k++)
				for (uint32_t s = 0; s < tr->lines[k].nsegs; s++)
					if (translated(tr, tr->segs[tr->lines[k].seg + s].block)) {
						cell = tr->segs[tr->lines[k].seg + s].block;
						break;
					}
			if (cell >= 0)
				put_source_table(out, src, cell);
			continue;
		}
		/* the end of a block's lines (text, then its underline) */
		if (l->block >= 0 && (last || tr->lines[i + 1].block != l->block ||
		    tr->lines[i + 1].kind == LINE_TABLE) && translated(tr, l->block))
			put_source_block(out, src, l->block);
	}
	map[tr->nlines] = out->nlines;

	for (size_t b = 0; b < out->nblocks; b++) {
		size_t fl = out->blocks[b].first_line;
		out->blocks[b].first_line = (uint32_t)map[fl < tr->nlines ? fl : tr->nlines];
	}
	if (tr->nlinks) {
		out->links = xcalloc(tr->nlinks, sizeof *out->links);
		for (size_t k = 0; k < tr->nlinks; k++) {
			out->links[k] = tr->links[k];
			out->links[k].url = xstrdup(tr->links[k].url);
			size_t ln = tr->links[k].line;
			out->links[k].line = (uint32_t)map[ln < tr->nlines ? ln : tr->nlines];
		}
	}
	out->nlinks = out->links_cap = tr->nlinks;
	if (tr->nanchors) {
		out->anchors = xcalloc(tr->nanchors, sizeof *out->anchors);
		for (size_t k = 0; k < tr->nanchors; k++) {
			const struct anchor *a = &tr->anchors[k];
			out->anchors[k] = *a;
			out->anchors[k].id = xstrdup(a->id);
			out->anchors[k].title = a->title ? xstrdup(a->title) : NULL;
			out->anchors[k].number = a->number ? xstrdup(a->number) : NULL;
			out->anchors[k].line = (uint32_t)map[a->line < tr->nlines ? a->line : tr->nlines];
		}
	}
	out->nanchors = out->anchors_cap = tr->nanchors;
	free(map);
	if (!out->text.data)
		buf_adds(&out->text, "");
	return out;
}
