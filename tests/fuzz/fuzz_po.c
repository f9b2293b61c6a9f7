/* fuzz_po.c — libFuzzer harness: a translator's .po applied to a chapter.
 *
 * Input: a .po file.  po_parse(), lookups of every entry, then a catalog
 * built in memory from it translates a small fixed chapter (paragraphs,
 * headings, a table, footnotes, links, code, a list, a quote) followed by
 * the msgids of the first entries as paragraphs of their own, so that every
 * msgstr gets applied; the result is rendered with translator marks at a
 * width chosen by the input's length, and must keep the render invariants
 * (fuzz_check.h): whatever a msgstr holds (escape sequences, other markup,
 * several blocks), nothing unsafe reaches the screen.  Every 32nd run the
 * input is also written to a file and checked with l10n_check_po(). */
#include <config.h>

#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_check.h"
#include "l10n.h"
#include "po.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char chapter[] =
	"# Sadarbība\n"
	"\n"
	"Plain paragraph with *emphasis*, **strong**, `code` and a [link](other.md#part).\n"
	"\n"
	"## Second heading\n"
	"\n"
	"A footnote reference[^1] and ~~struck~~ text.\n"
	"\n"
	"| Column | Other |\n"
	"|--------|------:|\n"
	"| cell   | 42    |\n"
	"\n"
	"- item one\n"
	"- item two\n"
	"\n"
	"> Quoted text.\n"
	"\n"
	"```\n"
	"code block\n"
	"```\n"
	"\n"
	"[^1]: The note.\n";

/* l10n_check_po() writes a file: every 32nd run under libFuzzer, every run
 * when replaying the corpus. */
#ifndef FUZZ_CHECK_PO_EVERY
#define FUZZ_CHECK_PO_EVERY 32
#endif

static char tmp_path[] = "/tmp/fuzz_po.XXXXXX";
static int tmp_fd = -1;
static unsigned long runs;

static void
cleanup(void)
{
	if (tmp_fd >= 0)
		unlink(tmp_path);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diags d = {0};
	struct po_file *pf = po_parse((const char *)data, size, "fuzz.po", &d);
	FUZZ_ASSERT(d.n <= PO_MAX_DIAGS + 1, "%zu diagnostics recorded", d.n);
	for (size_t i = 0; i < d.n; i++)
		FUZZ_ASSERT(d.v[i].line >= 0, "diagnostic with line %d", d.v[i].line);
	diags_clear(&d);
	if (pf) {
		struct buf md = {0};
		buf_adds(&md, chapter);
		for (size_t i = 0; i < pf->nentries; i++) {
			const struct po_entry *e = &pf->entries[i];
			FUZZ_ASSERT(e->msgid && e->nmsgstr >= 1 && e->msgstr, "entry %zu incomplete", i);
			for (size_t k = 0; k < e->nmsgstr; k++)
				FUZZ_ASSERT(text_valid_utf8(e->msgstr[k], strlen(e->msgstr[k])),
				    "entry %zu msgstr %zu is not UTF-8", i, k);
			FUZZ_ASSERT(text_valid_utf8(e->msgid, strlen(e->msgid)), "entry %zu msgid is not UTF-8", i);
			if (!e->obsolete)
				FUZZ_ASSERT(po_find(pf, e->msgctxt, e->msgid) == e, "entry %zu not found by po_find", i);
			(void)po_translation(pf, e->msgid);
			if (i < 32 && e->msgid[0]) {
				buf_adds(&md, "\n\n");
				buf_adds(&md, e->msgid);
				buf_adds(&md, "\n");
			}
		}
		size_t tr, fz, un;
		po_stats(pf, &tr, &fz, &un);
		char *lang = po_header_field(pf, "Language");
		free(lang);

		struct catalog cat = { .lang = "lv", .path = "fuzz.po", .po = pf };
		struct mdtree *t = md_parse(md.data, md.len);
		struct l10n_stats st = {0};
		l10n_translate(md_root(t), &cat, L10N_DRAFTS, &st, &d);
		FUZZ_ASSERT(st.translated + st.fuzzy + st.untranslated + st.invalid == st.total,
		    "unit counts do not add up");
		int width = 4 + (int)(size % 97);
		struct render_opts ro = { .width = width, .number = "2", .mark_translation = 1 };
		struct doc *doc = render_doc(t, &ro);
		fuzz_check_doc(doc, width);
		doc_free(doc);
		md_free(t);
		buf_free(&md);
		po_free(pf);
	}
	if (runs++ % FUZZ_CHECK_PO_EVERY == 0) {
		if (tmp_fd < 0) {
			tmp_fd = mkstemp(tmp_path);
			if (tmp_fd < 0)
				abort();
			atexit(cleanup);
		}
		if (ftruncate(tmp_fd, 0) != 0 || pwrite(tmp_fd, data, size, 0) != (ssize_t)size)
			abort();
		struct diags cd = {0};
		(void)l10n_check_po(tmp_path, &cd);
		for (size_t i = 0; i < cd.n; i++)
			FUZZ_ASSERT(cd.v[i].file && !strcmp(cd.v[i].file, tmp_path), "diagnostic without the file");
		diags_free(&cd);
	}
	diags_free(&d);
	return 0;
}
