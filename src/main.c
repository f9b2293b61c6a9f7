/* main.c — options and modes.  Only main, cli and the UI print. */
#include <config.h>

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "book.h"
#include "cli.h"
#include "i18n.h"
#include "keys.h"
#include "l10n.h"
#include "ui.h"

enum mode { MODE_READ, MODE_LIST, MODE_PRINT, MODE_CHECK, MODE_XGETTEXT, MODE_COVERAGE, MODE_CHECK_PO, MODE_SEARCH };

static void
usage(FILE *f)
{
	fprintf(f, _("Usage: %s [OPTION]... [BOOK]\n"), "handbook");
	fputs(_("Read a Markdown handbook (an mdBook folder, a folder of .md files or one\n"
	    ".md file) in the terminal.  Without BOOK, the SOMEC handbook opens.\n\n"), f);
	fputs(_("  -l, --list             print the table of contents\n"), f);
	fputs(_("  -p, --print=CHAPTER    print a chapter (number, file name, title or 'all')\n"
	    "                         or one numbered section (9.2)\n"), f);
	fputs(_("  -w, --width=N          line width for --print (default: terminal or 80)\n"), f);
	fputs(_("  -s, --search=QUERY     search the whole book; ranked, one line per section\n"), f);
	fputs(_("      --limit=N          at most N search results (default 30, 0 = all)\n"), f);
	fputs(_("  -c, --check            check the book: missing files, broken links\n"), f);
	fputs(_("  -L, --lang=LANG        interface and book language (lv, en)\n"), f);
	fputs(_("      --xgettext         write the book's messages as a .pot to stdout\n"), f);
	fputs(_("      --coverage         translated, fuzzy and untranslated counts per chapter\n"), f);
	fputs(_("      --check-po=FILE    check a translation catalog for lost Markdown\n"), f);
	fputs(_("  -h, --help             show this help and exit\n"), f);
	fputs(_("  -V, --version          show the version and exit\n"), f);
	fputs(_("\nStyling is off when NO_COLOR is set or output is not a terminal.\n"), f);
	fputs(_("Press ? in the reader for its keys.\n"), f);
}

/* --help-keys: the reader's key table, "## group" then "keys<TAB>help";
 * a test compares it with the KEYS section of doc/handbook.1. */
static void
print_keys(void)
{
	const char *group = NULL;
	for (size_t i = 0; i < keys_count(); i++) {
		enum action a = keys_entry(i);
		const char *g = keys_group_title(a);
		if (!group || strcmp(g, group))
			printf("## %s\n", g);
		group = g;
		char *label = keys_label(a);
		printf("%s\t%s\n", label, keys_help(a));
		free(label);
	}
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "list",	no_argument,		NULL, 'l' },
		{ "print",	required_argument,	NULL, 'p' },
		{ "width",	required_argument,	NULL, 'w' },
		{ "check",	no_argument,		NULL, 'c' },
		{ "lang",	required_argument,	NULL, 'L' },
		{ "xgettext",	no_argument,		NULL, 'X' },
		{ "coverage",	no_argument,		NULL, 'C' },
		{ "check-po",	required_argument,	NULL, 'P' },
		{ "search",	required_argument,	NULL, 's' },
		{ "limit",	required_argument,	NULL, 'n' },
		{ "help",	no_argument,		NULL, 'h' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help-keys",	no_argument,		NULL, 'K' },	/* hidden: for tests */
		{ NULL, 0, NULL, 0 },
	};
	enum mode mode = MODE_READ;
	const char *chapter = NULL, *lang = NULL, *po_path = NULL, *query = NULL;
	struct cli_opts co = { .limit = 30 };
	int c;

	/* --lang must act before any message is translated. */
	for (int i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "--lang=", 7))
			lang = argv[i] + 7;
		else if ((!strcmp(argv[i], "--lang") || !strcmp(argv[i], "-L")) && i + 1 < argc)
			lang = argv[i + 1];
	}
	i18n_init(lang, cli_uninstalled() ? BUILD_LOCALEDIR : LOCALEDIR);

	while ((c = getopt_long(argc, argv, "lp:w:cL:hVs:", longopts, NULL)) != -1) {
		switch (c) {
		case 'l': mode = MODE_LIST; break;
		case 'p': mode = MODE_PRINT; chapter = optarg; break;
		case 'c': mode = MODE_CHECK; break;
		case 'X': mode = MODE_XGETTEXT; break;
		case 'C': mode = MODE_COVERAGE; break;
		case 'P': mode = MODE_CHECK_PO; po_path = optarg; break;
		case 's': mode = MODE_SEARCH; query = optarg; break;
		case 'n': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 0) {
				fprintf(stderr, "handbook: ");
				fprintf(stderr, _("invalid limit '%s' (0 for all)"), optarg);
				fputc('\n', stderr);
				return 2;
			}
			co.limit = (size_t)n;
			break;
		}
		case 'L': break;
		case 'w': {
			char *end;
			long w = strtol(optarg, &end, 10);
			if (*end || w < 1 || w > 10000) {
				fprintf(stderr, "handbook: ");
				fprintf(stderr, _("invalid width '%s' (1 to 10000)"), optarg);
				fputc('\n', stderr);
				return 2;
			}
			co.width = (int)w;
			break;
		}
		case 'h': usage(stdout); return 0;
		case 'K': print_keys(); return 0;
		case 'V':
			printf("handbook %s\n", PACKAGE_VERSION);
			return 0;
		default:
			fprintf(stderr, _("Try '%s --help' for more information.\n"), "handbook");
			return 2;
		}
	}
	if (argc - optind > 1) {
		fprintf(stderr, "handbook: ");
		fprintf(stderr, _("extra operand '%s'"), argv[optind + 1]);
		fputc('\n', stderr);
		fprintf(stderr, _("Try '%s --help' for more information.\n"), "handbook");
		return 2;
	}

	if (mode == MODE_CHECK_PO) {
		/* A catalog on its own: no book needed. */
		struct diags pd = {0};
		size_t n = l10n_check_po(po_path, &pd);
		cli_report(&pd);
		diags_free(&pd);
		if (n)
			fprintf(stderr, ngettext("handbook: %zu problem found\n", "handbook: %zu problems found\n", n), n);
		return n ? 1 : 0;
	}
	char *path = optind < argc ? strdup(argv[optind]) : cli_default_book();
	struct diags d = {0};
	struct book *b = book_open(path, &d);
	if (!b) {
		cli_report(&d);
		diags_free(&d);
		free(path);
		return 2;
	}
	/* The reader, or the book printed for want of a terminal. */
	const char *term = getenv("TERM");
	int interactive = mode == MODE_READ && isatty(STDOUT_FILENO) && isatty(STDIN_FILENO) &&
	    term && *term && strcmp(term, "dumb");
	/* The book text follows --lang, else the interface language.  The
	 * reader loads (and switches) its catalogs itself. */
	char *content_lang = cli_content_language(b, lang);
	struct catalog *cat = NULL;
	if (content_lang && !interactive && mode != MODE_XGETTEXT && mode != MODE_COVERAGE && mode != MODE_CHECK) {
		cat = catalog_load(b, content_lang, 0, &d);
		l10n_titles(b, cat);
	}
	co.cat = cat;
	const char *nc = getenv("NO_COLOR");
	int no_color = nc && *nc;
	co.ansi = isatty(STDOUT_FILENO) && !no_color;

	int rc;
	switch (mode) {
	case MODE_LIST:
		cli_report(&d);
		rc = cli_list(b);
		break;
	case MODE_PRINT:
		cli_report(&d);
		rc = cli_print(b, chapter, &co);
		break;
	case MODE_CHECK:
		rc = cli_check(b, &d);
		break;
	case MODE_SEARCH:
		cli_report(&d);
		rc = cli_search(b, query, content_lang ? content_lang : b->language, &co);
		break;
	case MODE_XGETTEXT:
		cli_report(&d);
		rc = cli_xgettext(b);
		break;
	case MODE_COVERAGE:
		cli_report(&d);
		rc = cli_coverage(b);
		break;
	default: {
		if (!interactive) {
			/* No usable terminal: print the book instead of failing
			 * (a dumb terminal shows SGR codes as garbage). */
			if (term && !strcmp(term, "dumb"))
				co.ansi = 0;
			cli_report(&d);
			rc = cli_print(b, "all", &co);
			break;
		}
		cli_report(&d);
		struct ui_opts uo = { path, no_color, lang };
		rc = ui_run(b, &uo);
		break;
	}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("handbook: stdout");
		rc = rc ? rc : 1;
	}
	diags_free(&d);
	catalog_free(cat);
	free(content_lang);
	book_free(b);
	free(path);
	return rc;
}
