/* ui.c — the interactive reader: the only file that includes curses. */
#include <config.h>

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "render.h"
#include "ui.h"

static attr_t
style_attr(unsigned s)
{
	attr_t a = A_NORMAL;
	if (s & (STY_STRONG | STY_HEADING | STY_TH))
		a |= A_BOLD;
	if (s & (STY_LINK | STY_TITLE | STY_EMPH))
		a |= A_UNDERLINE;
	if (s & (STY_DIM | STY_BORDER | STY_CUT))
		a |= A_DIM;
	if (s & (STY_CTRL | STY_MATCH))
		a |= A_REVERSE;
	return a;
}

int
ui_run(struct book *b, const struct ui_opts *o)
{
	struct diags d = {0};
	size_t len = 0;
	const char *src = book_chapter_source(b, 0, &len, &d);
	struct mdtree *t = md_parse(src ? src : "", src ? len : 0);
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	struct render_opts ro = { .width = COLS, .number = b->chapters[0].number };
	struct doc *doc = render_doc(t, &ro);
	size_t top = 0;
	for (;;) {
		erase();
		for (int y = 0; y < LINES && top + (size_t)y < doc->nlines; y++) {
			const struct line *l = &doc->lines[top + y];
			const char *text = doc_line_text(doc, top + y);
			move(y, 0);
			for (uint32_t k = 0; k < l->nspans; k++) {
				const struct span *sp = &doc->spans[l->span + k];
				attrset(style_attr(sp->style));
				addnstr(text + sp->off, (int)sp->len);
			}
			attrset(A_NORMAL);
		}
		refresh();
		int ch = getch();
		if (ch == 'q')
			break;
		if ((ch == 'j' || ch == KEY_DOWN) && top + 1 < doc->nlines)
			top++;
		if ((ch == 'k' || ch == KEY_UP) && top > 0)
			top--;
		if (ch == KEY_RESIZE) {
			doc_free(doc);
			ro.width = COLS;
			doc = render_doc(t, &ro);
		}
	}
	endwin();
	doc_free(doc);
	md_free(t);
	diags_free(&d);
	(void)o;
	return 0;
}
