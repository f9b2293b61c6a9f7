/* ui.h — the interactive reader (the only part that talks to curses). */
#ifndef HANDBOOK_UI_H
#define HANDBOOK_UI_H

#include "book.h"

struct ui_opts {
	const char	*book_path;	/* as given, for the state file key */
	int		 no_color;
	const char	*lang;		/* --lang, or NULL: the text's first language */
};

/* Run the reader until the user quits.  Returns the exit status. */
int	ui_run(struct book *b, const struct ui_opts *o);

#endif
