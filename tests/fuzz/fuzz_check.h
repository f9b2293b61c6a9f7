/* fuzz_check.h — invariants every rendered document must hold, shared by the
 * libFuzzer harnesses.  A violation prints what went wrong and aborts, so
 * libFuzzer records the input as a crash.
 *
 *   - every line is valid UTF-8 with no C0 control, DEL, C1 control or
 *     bidirectional override/isolate (text_unsafe): nothing that a terminal
 *     could act on ever reaches the screen raw;
 *   - its display width equals line.cols and is at most the width asked for
 *     (clamped to 4 by render);
 *   - every span and segment lies inside its line, segments inside their
 *     block's text, and the bytes a segment maps are the block text's (or
 *     blanked URL/HTML in it);
 *   - print_doc() with styling writes no escape sequence but SGR. */
#ifndef HANDBOOK_FUZZ_CHECK_H
#define HANDBOOK_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"
#include "render.h"
#include "text.h"

#define FUZZ_ASSERT(cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "fuzz invariant failed: %s: ", #cond);	\
		fprintf(stderr, __VA_ARGS__);				\
		fputc('\n', stderr);					\
		abort();						\
	}								\
} while (0)

/* The SGR-only rule for styled output: ESC '[' [0-9;]* 'm', nothing else. */
static inline void
fuzz_check_sgr_only(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			continue;
		if (c == 0x1b) {
			size_t k = i + 1;
			FUZZ_ASSERT(k < len && s[k] == '[', "ESC not followed by '[' at byte %zu", i);
			for (k++; k < len && ((s[k] >= '0' && s[k] <= '9') || s[k] == ';'); k++)
				;
			FUZZ_ASSERT(k < len && s[k] == 'm', "escape sequence at byte %zu is not SGR", i);
			i = k;
			continue;
		}
		FUZZ_ASSERT(c >= 0x20 && c != 0x7f, "control byte 0x%02x in printed output at %zu", c, i);
	}
}

static inline void
fuzz_check_doc(const struct doc *d, int width)
{
	int w = width < 4 ? 4 : width;
	FUZZ_ASSERT(d->width == w, "doc width %d for %d", d->width, width);
	size_t btext_len = d->btext.len;
	for (size_t b = 0; b < d->nblocks; b++) {
		FUZZ_ASSERT(d->btext_off[b] <= d->btext_off[b + 1], "block %zu text offsets decrease", b);
		FUZZ_ASSERT(d->btext_off[b + 1] <= btext_len, "block %zu text beyond btext", b);
		const struct block *bl = &d->blocks[b];
		FUZZ_ASSERT(bl->nlines == 0 || (size_t)bl->first_line + bl->nlines <= d->nlines,
		    "block %zu lines [%u,+%u) beyond %zu lines", b, bl->first_line, bl->nlines, d->nlines);
	}
	for (size_t i = 0; i < d->nlines; i++) {
		const struct line *l = &d->lines[i];
		FUZZ_ASSERT(l->text + l->len < d->text.len, "line %zu text beyond doc text", i);
		const char *t = doc_line_text(d, i);
		FUZZ_ASSERT(t[l->len] == '\0', "line %zu is not NUL-terminated", i);
		FUZZ_ASSERT(text_valid_utf8(t, l->len), "line %zu is not valid UTF-8", i);
		for (size_t k = 0; k < l->len;) {
			int32_t cp;
			size_t n = text_decode(t + k, l->len - k, &cp);
			FUZZ_ASSERT(!text_unsafe(cp), "line %zu holds unsafe U+%04X at byte %zu", i,
			    (unsigned)cp, k);
			k += n;
		}
		int tw = text_width(t, l->len);
		FUZZ_ASSERT(tw == (int)l->cols, "line %zu: width %d but cols %u", i, tw, l->cols);
		FUZZ_ASSERT(tw <= w, "line %zu: width %d > %d", i, tw, w);
		FUZZ_ASSERT(l->block < 0 || (size_t)l->block < d->nblocks, "line %zu block %d", i, l->block);
		FUZZ_ASSERT((size_t)l->span + l->nspans <= d->nspans, "line %zu spans beyond doc", i);
		for (uint32_t k = 0; k < l->nspans; k++) {
			const struct span *sp = &d->spans[l->span + k];
			FUZZ_ASSERT((uint64_t)sp->off + sp->len <= l->len, "line %zu span %u [%u,+%u) beyond %u bytes",
			    i, k, sp->off, sp->len, l->len);
			FUZZ_ASSERT(sp->link < 0 || (size_t)sp->link < d->nlinks, "line %zu span link %d", i, sp->link);
		}
		FUZZ_ASSERT((size_t)l->seg + l->nsegs <= d->nsegs, "line %zu segs beyond doc", i);
		for (uint32_t k = 0; k < l->nsegs; k++) {
			const struct seg *sg = &d->segs[l->seg + k];
			FUZZ_ASSERT((uint64_t)sg->line_off + sg->len <= l->len, "line %zu seg %u beyond the line", i, k);
			FUZZ_ASSERT(sg->block >= 0 && (size_t)sg->block < d->nblocks, "line %zu seg block %d", i, sg->block);
			size_t bs = d->btext_off[sg->block], be = d->btext_off[sg->block + 1];
			FUZZ_ASSERT(bs + sg->block_off + sg->len <= be, "line %zu seg %u beyond block %d text", i, k, sg->block);
			const char *bt = d->btext.data + bs + sg->block_off;
			for (uint32_t j = 0; j < sg->len; j++)
				FUZZ_ASSERT(bt[j] == t[sg->line_off + j] || bt[j] == ' ',
				    "line %zu seg %u byte %u differs from block text", i, k, j);
		}
	}
	for (size_t a = 0; a < d->nanchors; a++) {
		FUZZ_ASSERT(d->nlines == 0 || d->anchors[a].line < d->nlines, "anchor %zu line", a);
		FUZZ_ASSERT(doc_find_anchor(d, d->anchors[a].id) == (long)a, "anchor '%s' is not unique",
		    d->anchors[a].id);
	}
	for (size_t k = 0; k < d->nlinks; k++)
		FUZZ_ASSERT(d->links[k].url != NULL, "link %zu has no url", k);

	/* What --print writes to a terminal. */
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	FUZZ_ASSERT(f != NULL, "open_memstream");
	print_doc(f, d, 1);
	fclose(f);
	fuzz_check_sgr_only(out, outlen);
	free(out);
}

#endif
