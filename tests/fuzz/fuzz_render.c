/* fuzz_render.c — libFuzzer harness: Markdown -> md_parse -> render_doc.
 *
 * Input: byte 0 and 1 choose the width (1..300), byte 2 the options (bit 0:
 * translator marks, with every unit marked untranslated by l10n_translate
 * without a catalog; bit 1: a chapter number; bit 2: also render text-only,
 * as search does); the rest is the chapter's Markdown.  Every line must be
 * terminal-safe and fit the width (fuzz_check.h). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"
#include "l10n.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 3)
		return 0;
	int width = 1 + (int)((data[0] | data[1] << 8) % 300);
	unsigned opts = data[2];
	const char *md = (const char *)data + 3;
	size_t len = size - 3;

	struct mdtree *t = md_parse(md, len);
	if (opts & 1) {
		struct l10n_stats st = {0};
		l10n_translate(md_root(t), NULL, 0, &st, NULL);
		FUZZ_ASSERT(st.translated == 0 && st.fuzzy == 0 && st.invalid == 0,
		    "units translated without a catalog");
	}
	struct render_opts ro = { .width = width, .number = opts & 2 ? "12.3" : NULL,
	    .mark_translation = opts & 1 };
	struct doc *d = render_doc(t, &ro);
	fuzz_check_doc(d, width);
	for (size_t i = 0; i < d->nlines; i += 1 + d->nlines / 16)
		(void)doc_line_block(d, i);
	if (opts & 4) {
		struct render_opts to = ro;
		to.text_only = 1;
		struct doc *d2 = render_doc(t, &to);
		FUZZ_ASSERT(d2->nlines == 0, "text-only render made %zu lines", d2->nlines);
		FUZZ_ASSERT(d2->nanchors == d->nanchors, "text-only render: %zu anchors, full: %zu",
		    d2->nanchors, d->nanchors);
		doc_free(d2);
	}
	doc_free(d);
	md_free(t);
	return 0;
}
