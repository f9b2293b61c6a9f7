/* cli.c — see cli.h. */
#include <config.h>

#include "cli.h"
#include "i18n.h"
#include "l10n.h"
#include "print.h"
#include "render.h"
#include "search.h"
#include "text.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

int
cli_uninstalled(void)
{
	char *self = realpath("/proc/self/exe", NULL);
	char *build = realpath(BUILD_SRCDIR, NULL);
	int r = 0;
	if (self && build) {
		char *slash = strrchr(self, '/');
		if (slash)
			*slash = '\0';
		r = !strcmp(self, build);
	}
	free(self);
	free(build);
	return r;
}

char *
cli_default_book(void)
{
	/* Running ./src/handbook from the build tree: use the source tree. */
	if (cli_uninstalled())
		return xstrdup(SOURCE_BOOKDIR);
	return xstrdup(PKGDATADIR "/handbook");
}

static void
put_safe(FILE *f, const char *s)
{
	struct buf b = {0};
	text_sanitize(&b, s, strlen(s), NULL);
	fputs(b.data ? b.data : "", f);
	buf_free(&b);
}

void
cli_report(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag *dg = &d->v[i];
		/* GNU style: "handbook: file:line: warning: message" */
		fputs("handbook: ", stderr);
		if (dg->file) {
			put_safe(stderr, dg->file);
			if (dg->line > 0)
				fprintf(stderr, ":%d", dg->line);
			fputs(": ", stderr);
		}
		if (dg->level == DIAG_WARNING)
			fputs(_("warning: "), stderr);
		put_safe(stderr, dg->message);
		fputc('\n', stderr);
	}
	diags_clear(d);
}

int
cli_output_width(int requested)
{
	if (requested > 0)
		return requested;
	struct winsize ws;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 80;
}

int
cli_list(struct book *b)
{
	int part = -1;
	put_safe(stdout, book_title(b));
	fputs("\n\n", stdout);
	for (size_t i = 0; i < b->nchapters; i++) {
		const struct chapter *c = &b->chapters[i];
		if (c->part != part && c->part >= 0) {
			part = c->part;
			fputc('\n', stdout);
			put_safe(stdout, part_title(&b->parts[part]));
			fputc('\n', stdout);
		}
		if (c->kind == CHAPTER_NUMBERED) {
			printf("%*s%s. ", 2 + 2 * c->depth, "", c->number);
		}
		put_safe(stdout, chapter_title(c));
		if (!c->path)
			printf(" (%s)", _("draft"));
		fputc('\n', stdout);
	}
	return 0;
}

/* Render chapter i for --print and --check; NULL when it cannot be read. */
static struct doc *
render_chapter(struct book *b, size_t i, int width, const struct catalog *cat, struct diags *d)
{
	struct mdtree *t = l10n_parse_chapter(b, i, cat, 0, NULL, d);
	if (!t)
		return NULL;
	struct render_opts ro = { .width = width, .number = b->chapters[i].number };
	struct doc *doc = render_doc(t, &ro);
	md_free(t);
	return doc;
}

/* Print one numbered section ("9.2": chapter 9's heading 9.2) up to the
 * next heading of the same or a higher level, for quoting a passage.
 * Returns 0 when printed, -1 when spec names no section. */
static int
print_section(struct book *b, const char *spec, int width, const struct cli_opts *o)
{
	const char *dot = strrchr(spec, '.');
	if (!dot || dot == spec)
		return -1;
	for (const char *p = spec; *p; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return -1;
	/* the chapter whose number is the longest prefix of spec */
	long best = -1;
	size_t best_len = 0;
	for (size_t i = 0; i < b->nchapters; i++) {
		const char *n = b->chapters[i].number;
		size_t nl = n ? strlen(n) : 0;
		if (nl && nl > best_len && !strncmp(spec, n, nl) && spec[nl] == '.') {
			best = (long)i;
			best_len = nl;
		}
	}
	if (best < 0)
		return -1;
	struct diags d = {0};
	struct doc *doc = render_chapter(b, (size_t)best, width, o->cat, &d);
	int rc = -1;
	for (size_t a = 0; doc && a < doc->nanchors; a++) {
		const struct anchor *an = &doc->anchors[a];
		if (!an->number || strcmp(an->number, spec))
			continue;
		size_t from, to;
		doc_section_lines(doc, a, &from, &to);
		print_lines(stdout, doc, from, to, o->ansi);
		rc = 0;
		break;
	}
	doc_free(doc);
	cli_report(&d);
	diags_free(&d);
	return rc;
}

int
cli_print(struct book *b, const char *spec, const struct cli_opts *o)
{
	struct diags d = {0};
	int width = cli_output_width(o->width);
	int rc = 0, printed = 0;
	size_t from, to;

	if (!strcmp(spec, "all")) {
		from = 0;
		to = b->nchapters;
	} else {
		long i = book_find_chapter(b, spec);
		if (i < 0 && print_section(b, spec, width, o) == 0)
			return 0;	/* a numbered section, e.g. "9.2" */
		if (i < 0) {
			fprintf(stderr, "handbook: ");
			fprintf(stderr, _("no chapter matches '%s'; see --list"), spec);
			fputc('\n', stderr);
			return 2;
		}
		from = (size_t)i;
		to = from + 1;
	}
	for (size_t i = from; i < to; i++) {
		if (!b->chapters[i].path)
			continue;	/* drafts have no text */
		struct doc *doc = render_chapter(b, i, width, o->cat, &d);
		if (!doc) {
			rc = 1;
			continue;
		}
		if (printed++)
			fputc('\n', stdout);
		print_doc(stdout, doc, o->ansi);
		doc_free(doc);
		book_chapter_unload(b, i);
	}
	fflush(stdout);
	cli_report(&d);
	diags_free(&d);
	return rc;
}

int
cli_check(struct book *b, struct diags *d)
{
	/* Render every chapter once and keep its anchors for link checks. */
	struct doc **docs = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *docs);
	for (size_t i = 0; i < b->nchapters; i++) {
		if (!b->chapters[i].path)
			continue;
		docs[i] = render_chapter(b, i, 80, NULL, d);
	}
	for (size_t i = 0; i < b->nchapters; i++) {
		if (!docs[i])
			continue;
		char *file = book_chapter_file(b, i);
		for (size_t k = 0; k < docs[i]->nlinks; k++) {
			const struct link *l = &docs[i]->links[k];
			if (!strncmp(l->url, "#fn-", 4) || !strncmp(l->url, "#fnref-", 7))
				continue;
			char *anchor = NULL;
			int external = 0;
			long t = book_resolve_link(b, i, l->url, &anchor, &external);
			if (external)
				continue;
			if (t < 0) {
				diags_add(d, DIAG_ERROR, file, l->src_line, _("broken link: '%s' is not a chapter of this book"), l->url);
			} else if (anchor && docs[t] && doc_find_anchor(docs[t], anchor) < 0) {
				diags_add(d, DIAG_ERROR, file, l->src_line, _("broken link: no heading '#%s' in '%s'"), anchor,
				    b->chapters[t].path);
			}
			free(anchor);
		}
		free(file);
	}
	for (size_t i = 0; i < b->nchapters; i++)
		doc_free(docs[i]);
	free(docs);
	/* The book's translations: syntax, and Markdown kept in each entry. */
	size_t nlang;
	char **langs = catalog_languages(b, &nlang);
	for (size_t l = 0; l < nlang; l++) {
		char *po = xasprintf("%s/po/%s.po", b->root, langs[l]);
		/* Only catalogs inside the book are read (see catalog_load). */
		if (access(po, F_OK) == 0 && !book_contains(b, po))
			diags_add(d, DIAG_ERROR, po, 0, _("points outside the book's folder; refused"));
		else if (access(po, F_OK) == 0)
			l10n_check_po(po, d);
		free(po);
		free(langs[l]);
	}
	free(langs);
	int rc = d->n ? 1 : 0;
	size_t n = d->n;
	cli_report(d);
	if (!rc) {
		put_safe(stdout, book_title(b));
		printf(": ");
		printf(ngettext("%zu chapter, no problems found\n", "%zu chapters, no problems found\n",
		    b->nchapters), b->nchapters);
	}
	else
		fprintf(stderr, ngettext("handbook: %zu problem found\n", "handbook: %zu problems found\n", n), n);
	return rc;
}

int
cli_xgettext(struct book *b)
{
	struct diags d = {0};
	struct buf pot = {0};
	l10n_xgettext(b, &pot, &d);
	fwrite(pot.data ? pot.data : "", 1, pot.len, stdout);
	buf_free(&pot);
	int rc = d.nerrors ? 1 : 0;
	cli_report(&d);
	diags_free(&d);
	return rc;
}

static void
coverage_row(const char *num, const char *title, const struct l10n_stats *st)
{
	size_t total = st->total ? st->total : 1;
	unsigned pct = (unsigned)(st->translated * 100 / total);
	if (st->translated < st->total && pct == 100)
		pct = 99;	/* never claim done when something is left */
	if (!st->total)
		pct = 100;
	struct buf t = {0};
	text_sanitize(&t, title, strlen(title), NULL);
	/* Title cut to 40 columns, so the numbers line up. */
	int used;
	size_t fit = text_fit(t.data ? t.data : "", t.len, 40, &used);
	printf("%-6s %.*s%*s %6zu %6zu %6zu %6zu %4u%%\n", num, (int)fit, t.data ? t.data : "",
	    40 - used, "", st->total, st->translated, st->fuzzy, st->untranslated + st->invalid, pct);
	buf_free(&t);
}

static void
count_title(const struct catalog *c, const char *msgid, struct l10n_stats *st)
{
	int fz = 0;
	st->total++;
	if (catalog_lookup(c, msgid, &fz))
		st->translated++;
	else if (fz)
		st->fuzzy++;
	else
		st->untranslated++;
}

int
cli_coverage(struct book *b)
{
	struct diags d = {0};
	size_t nlang;
	char **langs = catalog_languages(b, &nlang);
	if (!nlang) {
		/* Titles, file names and languages (from file names) are the
		 * book's bytes: made safe like everything else shown. */
		struct buf t = {0};
		text_sanitize(&t, b->title, strlen(b->title), NULL);
		printf(_("%s has no translations (no po/LANG.po)\n"), t.data ? t.data : "");
		buf_free(&t);
		free(langs);
		return 0;
	}
	for (size_t l = 0; l < nlang; l++) {
		struct catalog *c = catalog_load(b, langs[l], 1, &d);
		if (l)
			putchar('\n');
		put_safe(stdout, langs[l]);
		fputs(": ", stdout);
		put_safe(stdout, c ? c->path : _("(unusable)"));
		fputc('\n', stdout);
		/* TRANSLATORS: column heads of --coverage; keep each within 6 columns */
		printf("%-6s %-40s %6s %6s %6s %6s %5s\n", "", _("chapter"), _("units"), _("done"),
		    _("fuzzy"), _("todo"), "%");
		/* the contents: the book's title, chapter and part titles */
		struct l10n_stats total = {0}, titles = {0};
		if (b->title_given)
			count_title(c, b->title, &titles);
		for (size_t i = 0; i < b->nchapters; i++)
			if (b->chapters[i].title_msgid)
				count_title(c, b->chapters[i].title_msgid, &titles);
		for (size_t p = 0; p < b->nparts; p++)
			count_title(c, b->parts[p].title_msgid, &titles);
		coverage_row("", _("Table of contents"), &titles);
		total = titles;
		for (size_t i = 0; i < b->nchapters; i++) {
			if (!b->chapters[i].path)
				continue;
			struct l10n_stats st = {0};
			l10n_chapter_stats(b, i, c, &st, &d);
			book_chapter_unload(b, i);
			coverage_row(b->chapters[i].number ? b->chapters[i].number : "", b->chapters[i].title, &st);
			total.total += st.total;
			total.translated += st.translated;
			total.fuzzy += st.fuzzy;
			total.untranslated += st.untranslated;
			total.invalid += st.invalid;
		}
		coverage_row("", _("Total"), &total);
		catalog_free(c);
		free(langs[l]);
	}
	free(langs);
	cli_report(&d);
	diags_free(&d);
	return 0;
}

char *
cli_content_language(const struct book *b, const char *lang)
{
	char *l = lang && *lang ? xstrdup(lang) : i18n_language();
	size_t n = strcspn(l, "_.@-");
	l[n] = '\0';
	if (!*l || !strcmp(l, "C") || !strcmp(l, b->language ? b->language : "en")) {
		free(l);
		return NULL;
	}
	return l;
}

int
cli_search(struct book *b, const char *text, const char *lang, const struct cli_opts *o)
{
	struct diags d = {0};
	struct query *q = query_parse(text, lang ? lang : b->language);
	if (!q) {
		fprintf(stderr, "handbook: ");
		fprintf(stderr, _("the query '%s' has no words to search for"), text);
		fputc('\n', stderr);
		return 2;
	}
	struct searcher *s = searcher_new(b, o->cat);
	searcher_one_shot(s);
	struct results r = {0};
	int width = cli_output_width(o->width);
	/* A line per result: the snippet gets what the titles leave of a
	 * terminal line, or a fixed 72 columns in a pipe. */
	int cols = o->width > 0 || isatty(STDOUT_FILENO) ? width - 40 : 72;
	search_book(s, q, cols < 30 ? 30 : cols, o->limit, &r, &d);
	char sgr[32];
	print_sgr(STY_MATCH, sgr, sizeof sgr);
	for (size_t i = 0; i < r.n; i++) {
		const struct result *res = &r.v[i];
		const struct chapter *c = &b->chapters[res->chapter];
		if (c->number)
			printf("%s ", c->number);
		put_safe(stdout, chapter_title(c));
		if (res->section_title && res->section >= 0 && res->section_number &&
		    strcmp(res->section_number, c->number ? c->number : "")) {
			fputs(" \xe2\x80\xba ", stdout);	/* › */
			printf("%s ", res->section_number);
			put_safe(stdout, res->section_title);
		} else if (res->section_title && res->section > 0 && !res->section_number) {
			fputs(" \xe2\x80\xba ", stdout);
			put_safe(stdout, res->section_title);
		}
		printf(" (%zu): ", res->nhits);
		/* The snippet is rendered text, already safe; marks highlight it. */
		const char *sn = res->snippet;
		size_t at = 0, len = strlen(sn);
		for (size_t k = 0; k < res->nmarks; k++) {
			size_t mo = res->marks[k][0], ml = res->marks[k][1];
			if (mo < at || mo + ml > len)
				continue;
			fwrite(sn + at, 1, mo - at, stdout);
			if (o->ansi)
				printf("\033[%sm", sgr);
			fwrite(sn + mo, 1, ml, stdout);
			if (o->ansi)
				fputs("\033[0m", stdout);
			at = mo + ml;
		}
		fputs(sn + at, stdout);
		fputc('\n', stdout);
	}
	int rc = r.n ? 0 : 1;
	if (o->limit && r.total_raw > r.n && r.n == o->limit) {
		fprintf(stderr, "handbook: ");
		fprintf(stderr, _("showing the best %zu results; --limit 0 shows all"), r.n);
		fputc('\n', stderr);
	}
	results_free(&r);
	searcher_free(s);
	query_free(q);
	cli_report(&d);
	diags_free(&d);
	return rc;
}
