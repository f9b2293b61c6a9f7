/* t_render.c — layout of Markdown into lines of styled spans. */
#include <config.h>

#include "render.h"
#include "tap.h"
#include "text.h"

#include <stdlib.h>

static struct doc *
render(const char *md, int width, const char *number)
{
	struct mdtree *t = md_parse(md, strlen(md));
	struct render_opts o = { .width = width, .number = number };
	struct doc *d = render_doc(t, &o);
	md_free(t);
	return d;
}

/* All lines joined with '\n' (caller frees). */
static char *
dump(const struct doc *d)
{
	struct buf b = {0};
	for (size_t i = 0; i < d->nlines; i++) {
		buf_add(&b, doc_line_text(d, i), d->lines[i].len);
		buf_addc(&b, '\n');
	}
	return buf_detach(&b);
}

static void
is_render(const char *md, int width, const char *want, const char *name)
{
	struct doc *d = render(md, width, NULL);
	char *got = dump(d);
	tap_is_str(got, want, name);
	free(got);
	doc_free(d);
}

/* Every line fits, its cols agree with its text, and no control byte is in it. */
static int
lines_safe(const struct doc *d, int width)
{
	for (size_t i = 0; i < d->nlines; i++) {
		const char *t = doc_line_text(d, i);
		int w = text_width(t, d->lines[i].len);
		if (w > width || w != (int)d->lines[i].cols) {
			printf("# line %zu: width %d (cols %u) > %d: %s\n", i, w, d->lines[i].cols, width, t);
			return 0;
		}
		for (size_t k = 0; k < d->lines[i].len; k++) {
			unsigned char c = (unsigned char)t[k];
			if (c < 0x20 || c == 0x7f) {
				printf("# line %zu has control byte 0x%02x\n", i, c);
				return 0;
			}
		}
	}
	return 1;
}

static void
test_wrapping(void)
{
	is_render("Valsts probācijas dienests un Valsts policija sadarbojas.", 20,
	    "Valsts probācijas\ndienests un Valsts\npolicija sadarbojas.\n",
	    "Latvian text wraps by columns, not bytes");
	is_render("ĀČĒĢĪĶĻŅŠŪŽ āčēģīķļņšūž", 11, "ĀČĒĢĪĶĻŅŠŪŽ\nāčēģīķļņšūž\n",
	    "eleven Latvian capitals fill an 11-column line exactly");
	is_render("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij\nklmnopqrst\nuvwxyz\n",
	    "a word longer than the line is cut, never overflows");
	is_render("日本語のテキスト", 5, "日本\n語の\nテキ\nスト\n", "wide characters are cut by columns");
	is_render("one\\\ntwo", 40, "one\ntwo\n", "a hard break starts a new line");
	is_render("- a\n- b\n  - c\n", 40, "• a\n• b\n  ◦ c\n", "nested bullets with hanging indents");
	is_render("1. long item text here\n", 12, "1. long item\n   text here\n", "ordered item continuation is indented");
	is_render("> quote text wraps\n", 10, "│ quote\n│ text\n│ wraps\n", "block quote bar on every line");
	is_render("a\n\n---\n\nb", 5, "a\n\n─────\n\nb\n", "thematic break fills the width");
	is_render("![alt text](x.png)", 40, "[image: alt text]\n", "image shown as [image: alt]");
	is_render("<!-- hidden -->\n\nshown", 40, "shown\n", "HTML comments are not shown");
	is_render("```\nabcdefghijkl\n```", 10, "  abcdefg▸\n", "a long code line is cut with a marker");
}

static void
test_spans_and_links(void)
{
	struct doc *d = render("Plain *em* **strong** `code` [link](other.md#x)", 80, NULL);
	tap_is_int((long long)d->nlines, 1, "one line");
	const struct line *l = &d->lines[0];
	int found_em = 0, found_strong = 0, found_code = 0, found_link = 0;
	const char *t = doc_line_text(d, 0);
	for (uint32_t k = 0; k < l->nspans; k++) {
		const struct span *sp = &d->spans[l->span + k];
		if ((sp->style & STY_EMPH) && sp->off == 6 && sp->len == 2 && !strncmp(t + sp->off, "em", 2))
			found_em = 1;
		if ((sp->style & STY_STRONG) && !strncmp(t + sp->off, "strong", 6))
			found_strong = 1;
		if ((sp->style & STY_CODE) && !strncmp(t + sp->off, "code", 4))
			found_code = 1;
		if ((sp->style & STY_LINK) && sp->link >= 0 && !strcmp(d->links[sp->link].url, "other.md#x"))
			found_link = 1;
	}
	tap_ok(found_em, "emphasis span at offset 6, length 2");
	tap_ok(found_strong, "strong span");
	tap_ok(found_code, "code span");
	tap_ok(found_link, "link span keeps its target");
	doc_free(d);
}

static void
test_headings(void)
{
	struct doc *d = render("# Title\n\n## First\n\n## Sadarbība ar Valsts policiju\n\n## First\n", 60, "3.2");
	char *got = dump(d);
	tap_is_str(got, "3.2 Title\n═════════\n\n3.2.1 First\n───────────\n\n3.2.2 Sadarbība ar Valsts policiju\n"
	    "──────────────────────────────────\n\n3.2.3 First\n───────────\n", "headings are numbered from SUMMARY");
	free(got);
	tap_is_int(doc_find_anchor(d, "title"), 0, "anchor for the title");
	tap_ok(doc_find_anchor(d, "sadarbība-ar-valsts-policiju") >= 0, "Latvian slug keeps its letters");
	tap_ok(doc_find_anchor(d, "first-1") >= 0, "a repeated heading gets a -1 slug");
	long a = doc_find_anchor(d, "first");
	tap_ok(a >= 0 && d->anchors[a].line == 3, "anchor points to its heading's line");
	tap_is_str(a >= 0 ? d->anchors[a].number : NULL, "3.2.1", "anchor keeps its number");
	doc_free(d);
}

static void
test_footnotes(void)
{
	struct doc *d = render("Text[^a] more.\n\n[^a]: The note.\n", 40, NULL);
	char *got = dump(d);
	tap_is_str(got, "Text[1] more.\n\n────────────────────────────────────────\n[1] The note.\n",
	    "footnote mark and note at the end");
	free(got);
	long fn = doc_find_anchor(d, "fn-1"), ref = doc_find_anchor(d, "fnref-1");
	tap_ok(fn >= 0 && d->anchors[fn].line == 3, "fn-1 anchor on the note's line");
	tap_ok(ref >= 0 && d->anchors[ref].line == 0, "fnref-1 anchor on the reference's line");
	int back = 0;
	for (size_t i = 0; i < d->nlinks; i++)
		if (!strcmp(d->links[i].url, "#fnref-1"))
			back = 1;
	tap_ok(back, "the note links back to its reference");
	doc_free(d);
}

static void
test_tables(void)
{
	const char *md = "| Iestāde | Termiņš |\n|---|--:|\n| Valsts probācijas dienests | 60 dienas |\n";
	struct doc *d = render(md, 30, NULL);
	char *got = dump(d);
	tap_is_str(got,
	    "┌────────────────┬───────────┐\n"
	    "│ Iestāde        │   Termiņš │\n"
	    "├────────────────┼───────────┤\n"
	    "│ Valsts         │ 60 dienas │\n"
	    "│ probācijas     │           │\n"
	    "│ dienests       │           │\n"
	    "└────────────────┴───────────┘\n", "a table wraps its cells to fit 30 columns");
	free(got);
	tap_ok(lines_safe(d, 30), "table lines fit");
	doc_free(d);
	d = render(md, 8, NULL);
	got = dump(d);
	tap_is_str(got, "▪ Iestād\n  e:\n  Valsts\n  probāc\n  ijas\n  dienes\n  ts\n  Termiņ\n  š: 60\n  dienas\n",
	    "too narrow for a grid: one record per row");
	free(got);
	tap_ok(lines_safe(d, 8), "record lines fit");
	doc_free(d);
}

static void
test_segments(void)
{
	/* A phrase split by wrapping is contiguous in the block text and
	 * each line's segment points at its part of it. */
	struct doc *d = render("The State Probation Service supervises.", 16, NULL);
	tap_is_int((long long)d->nblocks, 1, "one block");
	const char *bt = d->btext.data + d->btext_off[0];
	tap_ok(!strncmp(bt, "The State Probation Service supervises.", 39), "block text is unwrapped");
	int ok = 1;
	for (size_t i = 0; i < d->nlines; i++)
		for (uint32_t k = 0; k < d->lines[i].nsegs; k++) {
			const struct seg *s = &d->segs[d->lines[i].seg + k];
			if (strncmp(doc_line_text(d, i) + s->line_off, bt + s->block_off, s->len))
				ok = 0;
		}
	tap_ok(ok, "segments map block text to line text byte for byte");
	doc_free(d);
}

static void
test_hostile(void)
{
	struct doc *d = render("a\x1b[2Jb \xc2\x9b" "c \x7f d\x07", 40, NULL);
	char *got = dump(d);
	tap_is_str(got, "a^[[2Jb <U+009B>c ^? d^G\n", "control characters are shown, not sent");
	free(got);
	int ctrl = 0;
	for (size_t k = 0; k < d->nspans; k++)
		if (d->spans[k].style & STY_CTRL)
			ctrl++;
	tap_is_int(ctrl, 4, "each control character is styled as such");
	doc_free(d);

	/* Deep nesting never pushes text past the width. */
	struct buf md = {0};
	for (int i = 0; i < 5000; i++)
		buf_adds(&md, "> ");
	buf_adds(&md, "deep text that wraps\n");
	d = render(md.data, 20, NULL);
	tap_ok(d->nlines > 0 && lines_safe(d, 20), "5000-deep quotes fit in 20 columns");
	doc_free(d);
	buf_free(&md);
	for (int i = 0; i < 200; i++) {
		for (int k = 0; k < i; k++)
			buf_adds(&md, "  ");
		buf_adds(&md, "- item ģērbšanās\n");
	}
	d = render(md.data, 20, NULL);
	tap_ok(lines_safe(d, 20), "200-deep nested list fits in 20 columns");
	doc_free(d);
	buf_free(&md);
}

static void
test_all_widths(void)
{
	static const char *const md =
	    "# Virsraksts\n\nTeksts ar **treknu** un `kodu` un [saiti](a.md).\n\n"
	    "- saraksts\n  - ligzdots ģērbšanās\n\n> citāts ar 日本語\n\n"
	    "| a | b |\n|---|---|\n| šūnā garš teksts | otrs |\n\n```\ncode\tline\n```\n\n[^1]: piezīme\n";
	int ok = 1;
	for (int w = 1; w <= 120 && ok; w++) {
		struct doc *d = render(md, w, "1");
		ok = lines_safe(d, w < 4 ? 4 : w);
		if (!ok)
			printf("# failed at width %d\n", w);
		doc_free(d);
	}
	tap_ok(ok, "every line fits at every width from 4 to 120");
}

/* The section a line is in (|, --print 9.2): from its heading to the next
 * heading of the same or a higher level, trailing blank lines left out. */
static void
test_sections(void)
{
	struct doc *d = render("# Nodaļa\n\nIevads.\n\n## Pirmā\n\nTeksts.\n\n### Sīkāk\n\nVēl.\n\n## Otrā\n\nBeigas.\n", 60, "4");
	/* 0 4 Nodaļa, 1 rule, 3 Ievads, 5 4.1 Pirmā, 6 rule, 8 Teksts, 10 Sīkāk
	 * (level 3: unnumbered), 12 Vēl, 14 4.2 Otrā, 15 rule, 17 Beigas */
	tap_is_int((long long)d->nlines, 18, "the layout the checks below count on");
	size_t from = 99, to = 99;
	long a = doc_section_at(d, 8, &from, &to);
	tap_is_str(a >= 0 ? d->anchors[a].number : NULL, "4.1", "line 8 is in section 4.1");
	tap_ok(from == 5 && to == 13, "4.1 runs to 4.2, its subsection included, no blank line after");
	a = doc_section_at(d, 12, &from, &to);
	tap_is_str(a >= 0 ? d->anchors[a].title : NULL, "Sīkāk", "line 12 is in the level-3 section");
	tap_ok(from == 10 && to == 13, "which ends where 4.2 starts");
	a = doc_section_at(d, 17, &from, &to);
	tap_ok(a >= 0 && from == 14 && to == 18, "the last section runs to the end");
	a = doc_section_at(d, 3, &from, &to);
	tap_ok(a == 0 && from == 0 && to == 18, "above the first section: the chapter, from its title");
	doc_free(d);
	d = render("Bez virsraksta.\n\n## Vēlāk\n", 60, NULL);
	a = doc_section_at(d, 0, &from, &to);
	tap_ok(a == -1 && from == 0 && to == d->nlines, "no heading above: the whole doc");
	doc_free(d);
}

int
main(void)
{
	test_wrapping();
	test_spans_and_links();
	test_headings();
	test_sections();
	test_footnotes();
	test_tables();
	test_segments();
	test_hostile();
	test_all_widths();
	return tap_done();
}
