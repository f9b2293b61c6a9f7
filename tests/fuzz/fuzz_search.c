/* fuzz_search.c — libFuzzer harness: a query against a rendered chapter.
 *
 * Input: byte 0 chooses the width (1..256, and bit 0 of byte 1 the stemmer:
 * lv or en); then the query up to the first newline; the rest is Markdown.
 * The chapter is rendered, the query parsed, search_doc() run, and every
 * part of every match placed on screen with match_on_line().  Matches must
 * lie in their block's text, in document order, and every part inside its
 * line; the lines must keep the render invariants (fuzz_check.h). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_check.h"
#include "render.h"
#include "search.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	int width = 1 + data[0];
	const char *lang = data[1] & 1 ? "lv" : "en";
	const char *p = (const char *)data + 2;
	size_t n = size - 2;
	const char *nl = memchr(p, '\n', n);
	size_t qlen = nl ? (size_t)(nl - p) : n;
	char *qtext = xstrndup(p, qlen);	/* a NUL ends the query early: fine */
	const char *md = nl ? nl + 1 : p + n;
	size_t mdlen = (size_t)(p + n - md);

	struct query *q = query_parse(qtext, lang);
	free(qtext);
	if (!q)
		return 0;
	FUZZ_ASSERT(q->nterms > 0, "a query without terms");
	for (size_t t = 0; t < q->nterms; t++) {
		FUZZ_ASSERT(q->terms[t].nwords > 0, "term %zu without words", t);
		for (size_t k = 0; k < q->terms[t].nwords; k++)
			FUZZ_ASSERT(q->terms[t].words[k][0] && q->terms[t].needles[k][0],
			    "empty word or needle in term %zu", t);
	}
	struct mdtree *tree = md_parse(md, mdlen);
	struct render_opts ro = { .width = width, .number = "1" };
	struct doc *d = render_doc(tree, &ro);
	fuzz_check_doc(d, width);

	struct matches m = {0};
	search_doc(q, d, &m);
	for (size_t i = 0; i < m.n; i++) {
		const struct match *mt = &m.v[i];
		FUZZ_ASSERT(mt->block < d->nblocks, "match %zu in block %u of %zu", i, mt->block, d->nblocks);
		FUZZ_ASSERT(mt->term < q->nterms, "match %zu of term %u", i, mt->term);
		FUZZ_ASSERT(mt->len > 0, "empty match %zu", i);
		size_t blen = d->btext_off[mt->block + 1] - d->btext_off[mt->block];
		FUZZ_ASSERT((size_t)mt->off + mt->len <= blen, "match %zu [%u,+%u) beyond block text of %zu",
		    i, mt->off, mt->len, blen);
		if (i)
			FUZZ_ASSERT(m.v[i - 1].block < mt->block ||
			    (m.v[i - 1].block == mt->block && m.v[i - 1].off < mt->off),
			    "matches %zu and %zu out of order", i - 1, i);
		size_t shown = 0;
		for (size_t part = 0; part <= d->nlines; part++) {
			size_t line;
			uint32_t off, len;
			if (!match_on_line(d, mt, part, &line, &off, &len))
				break;
			FUZZ_ASSERT(line < d->nlines, "match %zu part %zu on line %zu of %zu", i, part, line, d->nlines);
			FUZZ_ASSERT(len > 0 && (uint64_t)off + len <= d->lines[line].len,
			    "match %zu part %zu [%u,+%u) beyond line %zu (%u bytes)", i, part, off, len, line,
			    d->lines[line].len);
			shown += len;
		}
		FUZZ_ASSERT(shown <= mt->len, "match %zu: %zu bytes shown of %u", i, shown, mt->len);
	}
	matches_free(&m);
	doc_free(d);
	md_free(tree);
	query_free(q);
	return 0;
}
