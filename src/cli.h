/* cli.h — the non-interactive modes (--list, --print, --check) and the
 * things main and the UI share: finding the default book, showing
 * diagnostics.  Printing to stdout/stderr is allowed here. */
#ifndef HANDBOOK_CLI_H
#define HANDBOOK_CLI_H

#include <stdio.h>

#include "book.h"
#include "diag.h"

struct catalog;

struct cli_opts {
	int		 width;		/* 0 = terminal width or 80 */
	int		 ansi;		/* style output with SGR codes */
	const struct catalog *cat;	/* book text translation, or NULL */
	size_t		 limit;		/* --search results, 0 = all */
};

/* Path of the book to open when none is given: the source tree's
 * handbook/ when running uninstalled, else the installed copy.  Static
 * storage is not used: caller frees. */
char	*cli_default_book(void);
/* True when this binary runs from its build tree (not installed). */
int	 cli_uninstalled(void);

/* Print diagnostics as "handbook: file:line: message", made safe for a
 * terminal.  Clears them. */
void	 cli_report(struct diags *d);

int	 cli_list(struct book *b);
int	 cli_print(struct book *b, const char *spec, const struct cli_opts *o);
int	 cli_check(struct book *b, struct diags *d);
/* Ranked search results, one line each; exit 0 with hits, 1 without. */
int	 cli_search(struct book *b, const char *query, const char *lang, const struct cli_opts *o);
/* Write the book's .pot to stdout. */
int	 cli_xgettext(struct book *b);
/* Per language and chapter: translated / fuzzy / untranslated and %. */
int	 cli_coverage(struct book *b);
/* The language the book text is shown in: `lang` (from --lang) if given,
 * else the interface language; NULL when that is the book's own. */
char	*cli_content_language(const struct book *b, const char *lang);

/* Width for output to stdout: --width, else the terminal's, else 80. */
int	 cli_output_width(int requested);

#endif
