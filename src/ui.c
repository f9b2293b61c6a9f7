/* ui.c — the interactive reader: the only file that includes curses.
 *
 * ncdu/tig structure: all state is in struct ui; draw() paints everything
 * from it; one loop reads a key, turns it into an action (keys.c) and
 * applies it (nav.c for moving, toc.c for the contents, hits.c for search
 * hits, search.c for whole-book results, pages.c for the language and the
 * translator's views).  KEY_RESIZE is handled in one place.  Nothing from
 * the book reaches the terminal unsanitized: doc text and search snippets
 * are safe already (render.c), everything else goes through put_text(). */
#include <config.h>

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <wctype.h>

#include "cli.h"
#include "hits.h"
#include "i18n.h"
#include "keys.h"
#include "l10n.h"
#include "nav.h"
#include "pages.h"
#include "print.h"
#include "render.h"
#include "search.h"
#include "state.h"
#include "text.h"
#include "toc.h"
#include "ui.h"

#define MIN_COLS	20
#define MIN_ROWS	5
#define MAX_TEXT	100	/* widest text column */
#define WHEEL_LINES	3
/* Whole-book results: the best SEARCH_FIRST at once (on a 10 MB book each
 * more means parsing up to one more chapter while the user types), then
 * SEARCH_MORE more whenever the selection comes within a page of the end. */
#define SEARCH_FIRST	40
#define SEARCH_MORE	100
#define HISTORY_GOTO	"goto"	/* state lists of the prompts */
#define HISTORY_PIPE	"pipe"
#define HISTORY_SEARCH	"search"

/* Keys that are not in the table (see keys.h for the others). */
#define UI_NOKEY	(-1)
#define UI_RESIZE	(-2)
#define UI_MOUSE	(-3)

enum view { SCR_READ, SCR_TOC, SCR_OUTLINE, SCR_MARKS, SCR_HELP, SCR_RESULTS };

enum pair { PAIR_HEAD = 1, PAIR_LINK, PAIR_CODE, PAIR_PREFIX, PAIR_CTRL, PAIR_BAR, PAIR_ERR, PAIR_DIM,
	PAIR_MATCH, PAIR_CURMATCH, PAIR_UNTR, PAIR_FUZZY };

/* The prompt in the bottom line of the reading screen. */
enum prompt { PROMPT_NONE, PROMPT_GOTO, PROMPT_FIND, PROMPT_PIPE };

/* A line of the help screen. */
struct hline {
	char	*text;
	int	 bold;
};

struct ui {
	struct book	*b;
	const struct ui_opts *o;
	struct pages	*pages;
	struct nav	 nav;
	struct toc	*toc;
	struct diags	 d;		/* problems reading chapters */
	struct state	 st;
	char		*state_file;	/* NULL: no state kept */
	int		 state_warned;	/* one warning per run is enough */
	char		*lang;		/* interface language, shown in the bottom line */
	char		**langs;	/* the book's languages, its own first */
	size_t		 nlangs;
	struct catalog	*cat;		/* the book text's translation, or NULL */
	int		 translator;	/* T */
	int		 bilingual;	/* B */
	enum view	 scr;
	int		 quit;
	int		 width;		/* text column */
	int		 left;		/* its first screen column */
	int		 rows;		/* text rows */
	int		 too_small;
	int		 colors;
	attr_t		 emph;		/* italic when the terminal has it */
	char		*msg;		/* bottom-line message (raw), or NULL */
	int		 msg_err;
	enum action	 pending;	/* m or ' waiting for a letter */
	enum prompt	 prompting;	/* :, / or | */
	char		*pipe_what;	/* |: the section piped ("9.2") */
	struct buf	 input;
	size_t		 recall;	/* position in the prompt's history */
	struct buf	 typed;		/* what was typed before recalling */
	/* search */
	struct hits	 hits;		/* highlighted in the text; n / N */
	struct hits	 hits_before;	/* while / is typed: the search before */
	struct position	 find_from;	/* where / started */
	struct searcher	*searcher;	/* s: made on first use, again for a new catalog */
	struct buf	 query;		/* s: as typed */
	struct results	 res;		/* s: for query */
	char		*res_text;	/* the query res is for */
	size_t		 res_limit;	/* results asked for */
	size_t		*order;		/* results in the order shown */
	size_t		 order_cap;
	int		 res_stale;	/* query or width changed since res */
	int		 res_list;	/* keys go to the results, not the prompt */
	/* Where the (hidden) terminal cursor is left after drawing: on the
	 * selected row, link or current hit, else the top text line; screen
	 * readers and braille displays follow it.  A prompt shows its own. */
	int		 cursor_y, cursor_x, cursor_set, prompt_cursor;
	/* lists */
	struct buf	 filter;	/* outline filter */
	long		*items;		/* outline: anchor indices; marks: letters */
	size_t		 nitems, items_cap;
	size_t		 sel, ltop;
	struct hline	*help;
	size_t		 nhelp, help_cap, help_top;
};

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

/* Runs before abort() on out of memory: leave the terminal usable. */
static void
restore_terminal(void)
{
	if (!isendwin())
		endwin();
}

/* ---- small helpers ------------------------------------------------------ */

static void
set_msg(struct ui *u, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
set_msg(struct ui *u, int err, const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	free(u->msg);
	u->msg = buf_detach(&b);
	u->msg_err = err;
}

static void
clear_msg(struct ui *u)
{
	free(u->msg);
	u->msg = NULL;
	u->msg_err = 0;
}

/* Draw s (any bytes: sanitized here) at y, x in at most `cols` columns,
 * cutting with "…" when it does not fit.  Returns the columns used. */
static int
put_text(int y, int x, const char *s, int cols, attr_t a)
{
	if (cols <= 0)
		return 0;
	struct buf t = {0};
	text_sanitize(&t, s, strlen(s), NULL);
	int w = text_width(t.data ? t.data : "", t.len), used;
	size_t n;
	attron(a);
	if (w <= cols) {
		n = t.len;
		used = w;
		mvaddnstr(y, x, t.data ? t.data : "", (int)n);
	} else {
		n = text_fit(t.data, t.len, cols - 1, &used);
		mvaddnstr(y, x, t.data, (int)n);
		addstr("\xe2\x80\xa6");
		used++;
	}
	attroff(a);
	buf_free(&t);
	return used;
}

static void
fill_line(int y, attr_t a)
{
	attron(a);
	mvhline(y, 0, ' ', COLS);
	attroff(a);
}

static attr_t
bar_attr(const struct ui *u)
{
	return u->colors ? COLOR_PAIR(PAIR_BAR) : A_REVERSE;
}

/* Call emit for each line of s wrapped to width columns. */
static void
wrap_words(const char *s, int width, void (*emit)(void *, const char *, size_t), void *ctx)
{
	size_t len = strlen(s), i = 0;
	if (width < 1)
		width = 1;
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		size_t start = i, end = i;
		int w = 0;
		while (i < len) {
			size_t ws = i;
			while (ws < len && s[ws] == ' ')
				ws++;
			size_t we = ws;
			while (we < len && s[we] != ' ')
				we++;
			int sp = end > start ? (int)(ws - i) : 0;
			int ww = text_width(s + ws, we - ws);
			if (w + sp + ww <= width) {
				w += sp + ww;
				end = we;
				i = we;
				continue;
			}
			if (end == start || (ww > width && width - w - sp > 0)) {
				/* a word wider than any line (a web address):
				 * cut it to fill this line */
				int used;
				int room = end == start ? width : width - w - sp;
				size_t fit = text_fit(s + ws, we - ws, room, &used);
				if (fit == 0 && end == start)
					fit = we - ws;
				if (end == start)
					start = ws;
				end = ws + fit;
				i = end;
			}
			break;
		}
		if (end > start)
			emit(ctx, s + start, end - start);
		else
			break;
	}
}

/* ---- state --------------------------------------------------------------- */

static void
warn_state(struct ui *u, char *err)
{
	if (err && !u->state_warned) {
		set_msg(u, 1, "%s", err);
		u->state_warned = 1;
	}
	free(err);
}

/* Take bookmarks from the state into nav (after a load or a merge). */
static void
marks_from_state(struct ui *u)
{
	for (int i = 0; i < NAV_NMARKS; i++) {
		const struct state_pos *sp = state_mark(&u->st, 'a' + i);
		long ch = sp ? nav_chapter_of_path(u->b, sp->path) : -1;
		if (ch < 0) {
			u->nav.mark_set[i] = 0;
			continue;
		}
		u->nav.marks[i] = (struct position){ (size_t)ch, sp->block, sp->offset };
		u->nav.mark_set[i] = 1;
	}
}

static void
save_state(struct ui *u)
{
	if (!u->state_file)
		return;
	char *err = NULL;
	if (state_save(&u->st, u->state_file, &err) < 0)
		warn_state(u, err);
	else
		marks_from_state(u);
}

/* Remember where we are (on quit and chapter change). */
static void
save_position(struct ui *u)
{
	const char *path = u->b->chapters[u->nav.chapter].path;
	if (!path)
		return;	/* a draft: keep the last real place */
	state_set_last(&u->st, path, u->nav.at.block, u->nav.at.offset);
	save_state(u);
}

static void
load_state(struct ui *u)
{
	char *dir = state_dir();
	state_init(&u->st, u->b->root);
	if (!dir) {
		set_msg(u, 1, "%s", _("no home folder: bookmarks and the last place are not kept"));
		return;
	}
	u->state_file = state_file(dir, u->b->root);
	free(dir);
	char *err = NULL;
	if (state_load(&u->st, u->state_file, &err) < 0)
		warn_state(u, err);
	const struct state_pos *last = &u->st.last;
	long ch = last->path ? nav_chapter_of_path(u->b, last->path) : -1;
	if (ch >= 0) {
		struct position p = { (size_t)ch, last->block, last->offset };
		nav_restore(&u->nav, &p);
	}
	marks_from_state(u);
}

/* ---- layout -------------------------------------------------------------- */

static const struct doc *
doc_at_width(void *ctx, size_t chapter)
{
	struct ui *u = ctx;
	return pages_doc(u->pages, chapter, u->width, &u->d);
}

static void build_help(struct ui *u);

/* Fit everything to the terminal's size. */
static void
layout(struct ui *u)
{
	u->too_small = COLS < MIN_COLS || LINES < MIN_ROWS;
	if (u->too_small)
		return;
	if (COLS >= MAX_TEXT + 2) {
		u->width = MAX_TEXT;
		u->left = (COLS - MAX_TEXT) / 2;
	} else if (COLS >= 40) {
		u->width = COLS - 2;
		u->left = 1;
	} else {
		u->width = COLS;
		u->left = 0;
	}
	u->rows = LINES - 2;
	nav_relayout(&u->nav, u->rows);
	if (u->scr == SCR_HELP)
		build_help(u);
	if (u->res.n)
		u->res_stale = 1;	/* snippets for the new width */
}

/* ---- drawing: the reading screen ---------------------------------------- */

static attr_t
style_attr(const struct ui *u, unsigned s)
{
	attr_t a = A_NORMAL;
	if (s & (STY_STRONG | STY_HEADING | STY_TH))
		a |= A_BOLD;
	if (s & STY_TITLE)
		a |= A_UNDERLINE;
	if (s & STY_EMPH)
		a |= u->emph;
	if (s & (STY_DIM | STY_CUT))
		a |= A_DIM;
	if (s & (STY_LINK | STY_FOOTREF))
		a |= A_UNDERLINE;
	if (s & STY_CURMATCH)
		a |= A_BOLD;
	if (s & (STY_CTRL | STY_SELECTED))
		a |= A_REVERSE;
	if (!u->colors) {
		/* translator mode: untranslated underlined, fuzzy bold too */
		if (s & (STY_UNTRANSLATED | STY_FUZZY))
			a |= A_UNDERLINE;
		if (s & STY_FUZZY)
			a |= A_BOLD;
		if (s & (STY_MATCH | STY_CURMATCH))
			a |= A_REVERSE;
		return a;
	}
	if (s & STY_CTRL)
		a |= COLOR_PAIR(PAIR_CTRL);
	else if (s & STY_CURMATCH)
		a |= COLOR_PAIR(PAIR_CURMATCH);
	else if (s & STY_MATCH)
		a |= COLOR_PAIR(PAIR_MATCH);
	else if (s & (STY_LINK | STY_FOOTREF))
		a |= COLOR_PAIR(PAIR_LINK);
	else if (s & STY_UNTRANSLATED)
		a |= COLOR_PAIR(PAIR_UNTR);
	else if (s & STY_FUZZY)
		a |= COLOR_PAIR(PAIR_FUZZY);
	else if (s & STY_HEADING)
		a |= COLOR_PAIR(PAIR_HEAD);
	else if (s & (STY_CODE | STY_CODEBLOCK))
		a |= COLOR_PAIR(PAIR_CODE);
	else if (s & (STY_PREFIX | STY_BORDER | STY_RULE))
		a |= COLOR_PAIR(PAIR_PREFIX);
	else if (s & (STY_DIM | STY_CUT))
		a |= COLOR_PAIR(PAIR_DIM);
	return a;
}

/* Translator mode: "?" (untranslated) or "~" (fuzzy) left of a line of
 * such a block, so it shows without colour too. */
static void
draw_margin(struct ui *u, const struct doc *d, const struct line *l, int y)
{
	unsigned flags = 0;
	for (uint32_t k = 0; k < l->nsegs; k++) {
		int32_t b = d->segs[l->seg + k].block;
		if (b >= 0 && (size_t)b < d->nblocks)
			flags |= d->blocks[b].flags;
	}
	if (!(flags & (BLOCK_UNTRANSLATED | BLOCK_FUZZY)))
		return;
	int fuzzy = !(flags & BLOCK_UNTRANSLATED);
	attr_t a = A_BOLD | (u->colors ? COLOR_PAIR(fuzzy ? PAIR_FUZZY : PAIR_UNTR) : A_NORMAL);
	attron(a);
	mvaddstr(y, u->left - 1, fuzzy ? "~" : "?");
	attroff(a);
}

/* Leave the cursor where drawing is now (the first call of a frame wins). */
static void
cursor_here(struct ui *u)
{
	getyx(stdscr, u->cursor_y, u->cursor_x);
	u->cursor_set = 1;
}

/* Draw bytes [from, to) of a line's text in style s, search hits on the
 * line (parts hp[0..nh)) highlighted. */
static void
draw_run(struct ui *u, const char *text, uint32_t from, uint32_t to, unsigned s,
    const struct hit_part *hp, size_t nh)
{
	uint32_t pos = from;
	while (pos < to) {
		uint32_t stop = to;
		unsigned extra = 0;
		for (size_t k = 0; k < nh; k++) {
			uint32_t a = hp[k].off, e = hp[k].off + hp[k].len;
			if (pos >= a && pos < e) {
				extra |= (long)hp[k].match == u->hits.cur ? STY_CURMATCH : STY_MATCH;
				if (e < stop)
					stop = e;
			} else if (a > pos && a < stop) {
				stop = a;
			}
		}
		attr_t at = style_attr(u, s | extra);
		if (((extra & STY_CURMATCH) || (s & STY_SELECTED)) && !u->cursor_set)
			cursor_here(u);
		attron(at);
		addnstr(text + pos, (int)(stop - pos));
		attroff(at);
		pos = stop;
	}
}

static void
draw_doc(struct ui *u)
{
	const struct doc *d = nav_doc(&u->nav);
	hits_update(&u->hits, d, u->nav.chapter, pages_generation(u->pages));
	int margin = u->translator && u->cat && u->left >= 1;
	for (int y = 0; y < u->rows; y++) {
		size_t i = u->nav.top + (size_t)y;
		if (i >= d->nlines)
			break;
		const struct line *l = &d->lines[i];
		const char *text = doc_line_text(d, i);
		const struct hit_part *hp;
		size_t nh = hits_on_line(&u->hits, i, &hp);
		if (margin)
			draw_margin(u, d, l, 1 + y);
		move(1 + y, u->left);
		for (uint32_t k = 0; k < l->nspans; k++) {
			const struct span *sp = &d->spans[l->span + k];
			unsigned s = sp->style;
			if (sp->link >= 0 && sp->link == u->nav.link)
				s |= STY_SELECTED;
			draw_run(u, text, sp->off, sp->off + sp->len, s, hp, nh);
		}
	}
}

/* "3.2. Title" in the language shown. */
static char *
chapter_label(const struct book *b, size_t i)
{
	const struct chapter *c = &b->chapters[i];
	if (c->number)
		return xasprintf("%s. %s", c->number, chapter_title(c));
	return xstrdup(chapter_title(c));
}

/* Top line: what is shown, then the book's title when there is room. */
static void
draw_top(struct ui *u, const char *what)
{
	attr_t a = bar_attr(u);
	fill_line(0, a);
	int used = put_text(0, 1, what, COLS - 2, a | A_BOLD);
	int room = COLS - 2 - used - 3;
	if (room >= 8) {
		put_text(0, 1 + used, " \xe2\x80\x94 ", 3, a);	/* — */
		put_text(0, 1 + used + 3, book_title(u->b), room, a);
	}
}

struct msgwrap {
	char	**lines;
	size_t	  n, cap;
};

static void
msg_line(void *ctx, const char *s, size_t n)
{
	struct msgwrap *m = ctx;
	m->lines = xgrow(m->lines, &m->cap, m->n + 1, sizeof *m->lines);
	m->lines[m->n++] = xstrndup(s, n);
}

/* A message takes the bottom line, and more lines above when it is long
 * (a web address is shown in full). */
static void
draw_message(struct ui *u)
{
	struct buf safe = {0};
	text_sanitize(&safe, u->msg, strlen(u->msg), NULL);
	struct msgwrap m = {0};
	int pad = COLS >= 40 ? 1 : 0;
	wrap_words(safe.data ? safe.data : "", COLS - 2 * pad, msg_line, &m);
	/* It may cover the whole screen until the next key: on a tiny
	 * screen a web address still shows in full.  Its end matters most. */
	size_t max = (size_t)LINES;
	size_t first = m.n > max ? m.n - max : 0;
	attr_t a = u->msg_err ? (u->colors ? COLOR_PAIR(PAIR_ERR) | A_BOLD : A_BOLD | A_REVERSE) : bar_attr(u);
	for (size_t i = first; i < m.n; i++) {
		int y = LINES - (int)(m.n - i);
		fill_line(y, a);
		put_text(y, pad, m.lines[i], COLS - 2 * pad, a);
	}
	for (size_t i = 0; i < m.n; i++)
		free(m.lines[i]);
	free(m.lines);
	buf_free(&safe);
}

/* A prompt in the bottom line: label, then what is typed (its end stays
 * visible); the cursor after it when `cursor`. */
static void
draw_prompt(struct ui *u, const char *label, const struct buf *in, int cursor)
{
	attr_t a = bar_attr(u);
	int y = LINES - 1;
	fill_line(y, a);
	int w = put_text(y, 1, label, COLS - 3, a | A_BOLD);
	struct buf t = {0};
	text_sanitize(&t, in->data ? in->data : "", in->len, NULL);
	int room = COLS - 2 - w, tw = text_width(t.data ? t.data : "", t.len);
	const char *s = t.data ? t.data : "";
	while (tw > room && *s) {
		int32_t cp;
		size_t n = text_decode(s, strlen(s), &cp);
		tw -= text_cp_width(cp);
		s += n;
	}
	w += put_text(y, 1 + w, s, room, a);
	buf_free(&t);
	if (cursor) {
		move(y, 1 + w);
		curs_set(1);
		u->prompt_cursor = 1;
	}
}

/* Bottom line: position, language, key hints; or the prompt. */
static void
draw_bottom(struct ui *u, const char *left, const char *hints)
{
	attr_t a = bar_attr(u);
	int y = LINES - 1;
	if (u->prompting) {
		if (u->prompting == PROMPT_PIPE) {
			/* TRANSLATORS: the prompt of |; %s is a section ("9.2") or
			 * a heading; keep the space at the end */
			char *label = xasprintf(_("Pipe %s to: "), u->pipe_what);
			draw_prompt(u, label, &u->input, 1);
			free(label);
		} else {
			draw_prompt(u, u->prompting == PROMPT_FIND ? "/" : ":", &u->input, 1);
		}
		return;
	}
	if (u->msg) {
		draw_message(u);
		return;
	}
	fill_line(y, a);
	int used = put_text(y, 1, left, COLS - 2, a | A_BOLD);
	int room = COLS - 2 - used - 2;
	if (room > 0 && hints) {
		int hw = text_width(hints, strlen(hints));
		int x = hw <= room ? COLS - 1 - hw : 1 + used + 2;
		put_text(y, x, hints, room, a);
	}
}

/* ---- drawing: lists ---------------------------------------------------------- */

/* A notice in place of an empty list, wrapped to the text column. */
static void
draw_notice(struct ui *u, const char *text)
{
	struct msgwrap m = {0};
	wrap_words(text, u->width, msg_line, &m);
	for (size_t i = 0; i < m.n; i++) {
		if ((int)i < u->rows)
			put_text(1 + (int)i, u->left, m.lines[i], u->width, A_NORMAL);
		free(m.lines[i]);
	}
	free(m.lines);
}

/* Keep the selection on screen. */
static void
list_scroll(size_t *top, size_t sel, size_t n, int rows)
{
	if (sel < *top)
		*top = sel;
	if (sel >= *top + (size_t)rows)
		*top = sel - (size_t)rows + 1;
	if (n <= (size_t)rows)
		*top = 0;
}

/* A list row: marker and text from `indent`, and `right` (or NULL) at
 * the right end of the column when there is room for it. */
static void
draw_row(struct ui *u, int y, int indent, const char *marker, const char *text, int selected, attr_t extra,
    const char *right)
{
	attr_t a = selected ? A_REVERSE : A_NORMAL;
	if (selected) {
		attron(a);
		mvhline(y, u->left, ' ', u->width);
		attroff(a);
	}
	int x = u->left + indent;
	if (selected && !u->cursor_set) {
		move(y, x);
		cursor_here(u);
	}
	int room = u->width - indent;
	if (room <= 0)
		return;
	int rw = right ? text_width(right, strlen(right)) : 0;
	if (rw && rw + 2 < room / 2) {
		put_text(y, u->left + u->width - rw, right, rw, a);
		room -= rw + 1;
	}
	int w = put_text(y, x, marker, room, a | extra);
	put_text(y, x + w, text, room - w, a | extra);
}

static void
draw_toc(struct ui *u)
{
	struct toc *t = u->toc;
	list_scroll(&u->ltop, t->sel, t->nrows, u->rows);
	for (int y = 0; y < u->rows && u->ltop + (size_t)y < t->nrows; y++) {
		size_t r = u->ltop + (size_t)y;
		const struct toc_row *row = &t->rows[r];
		const char *marker = !row->foldable ? "  " : row->folded ? "\xe2\x96\xb8 " : "\xe2\x96\xbe ";	/* ▸ ▾ */
		int indent = 2 * row->depth;
		if (indent > u->width / 2)
			indent = u->width / 2;
		if (row->kind == TOC_PART) {
			draw_row(u, 1 + y, indent, marker, part_title(&u->b->parts[row->index]), r == t->sel, A_BOLD,
			    NULL);
			continue;
		}
		const struct chapter *c = &u->b->chapters[row->index];
		char *label = chapter_label(u->b, row->index);
		if (!c->path) {
			char *l2 = xasprintf("%s (%s)", label, _("draft"));
			free(label);
			label = l2;
		}
		attr_t extra = row->index == u->nav.chapter ? A_BOLD : c->path ? A_NORMAL : A_DIM;
		/* translator mode: how much of the chapter is translated */
		char pct[16] = "";
		const struct l10n_stats *st = u->translator ? pages_stats(u->pages, row->index) : NULL;
		if (st)
			snprintf(pct, sizeof pct, "%3d%%", pages_percent(st));
		draw_row(u, 1 + y, indent, row->index == u->nav.chapter ? "\xe2\x80\xa2 " : marker, label,
		    r == t->sel, extra, pct[0] ? pct : NULL);
		free(label);
	}
	if (!t->nrows)
		draw_notice(u, _("No chapter matches the filter."));
}

static void
draw_outline(struct ui *u)
{
	const struct doc *d = nav_doc(&u->nav);
	list_scroll(&u->ltop, u->sel, u->nitems, u->rows);
	for (int y = 0; y < u->rows && u->ltop + (size_t)y < u->nitems; y++) {
		size_t r = u->ltop + (size_t)y;
		const struct anchor *an = &d->anchors[u->items[r]];
		int indent = 2 * (an->level > 1 ? an->level - 1 : 0);
		if (indent > u->width / 2)
			indent = u->width / 2;
		char *label = an->number ? xasprintf("%s %s", an->number, an->title) : xstrdup(an->title);
		draw_row(u, 1 + y, indent, "", label, r == u->sel, an->level <= 1 ? A_BOLD : A_NORMAL, NULL);
		free(label);
	}
	if (!u->nitems)
		draw_notice(u, u->filter.len ? _("No heading matches the filter.") :
		    _("This chapter has no headings."));
}

static void
draw_marks(struct ui *u)
{
	list_scroll(&u->ltop, u->sel, u->nitems, u->rows);
	for (int y = 0; y < u->rows && u->ltop + (size_t)y < u->nitems; y++) {
		size_t r = u->ltop + (size_t)y;
		int i = (int)u->items[r];
		const struct position *p = &u->nav.marks[i];
		char *label = chapter_label(u->b, p->chapter);
		char *words = nav_snippet(&u->nav, p, 60);
		char *line = xasprintf("%s: %s", label, words);
		char marker[4] = { (char)('a' + i), ' ', ' ', 0 };
		draw_row(u, 1 + y, 0, marker, line, r == u->sel, A_NORMAL, NULL);
		free(line);
		free(words);
		free(label);
	}
	if (!u->nitems)
		draw_notice(u, _("No bookmarks yet: m and a letter sets one."));
}

/* ---- drawing: whole-book search results ------------------------------------- */

/* Rows of the results list: a chapter's line above its first result, then
 * each result's section line and snippet line. */
enum rrow_kind { RROW_CHAPTER, RROW_SECTION, RROW_SNIPPET };

struct rrow {
	enum rrow_kind	 kind;
	size_t		 pos;		/* index into u->order */
};

/* Whether the results stop at the limit with more that may match. */
static int
results_cut(const struct ui *u)
{
	return u->res.n >= u->res_limit && u->res.total_raw > u->res.n;
}

/* The rows; *sel_row receives the selected result's section row. */
static struct rrow *
result_rows(const struct ui *u, size_t *n, size_t *sel_row)
{
	struct rrow *v = xcalloc(3 * u->res.n + 1, sizeof *v);
	size_t k = 0;
	*sel_row = 0;
	for (size_t i = 0; i < u->res.n; i++) {
		const struct result *r = &u->res.v[u->order[i]];
		if (!i || u->res.v[u->order[i - 1]].chapter != r->chapter)
			v[k++] = (struct rrow){ RROW_CHAPTER, i };
		if (i == u->sel)
			*sel_row = k;
		v[k++] = (struct rrow){ RROW_SECTION, i };
		v[k++] = (struct rrow){ RROW_SNIPPET, i };
	}
	*n = k;
	return v;
}

/* Draw safe text s at y, x in at most cols columns, bytes [marks[k][0],
 * marks[k][0] + marks[k][1]) highlighted as search hits. */
static void
put_marked(struct ui *u, int y, int x, const char *s, int cols, attr_t a, const uint32_t (*marks)[2], size_t nmarks)
{
	size_t len = strlen(s), pos = 0;
	int used = 0;
	move(y, x);
	while (pos < len && used < cols) {
		size_t stop = len;
		int hit = 0;
		for (size_t k = 0; k < nmarks; k++) {
			size_t ms = marks[k][0], me = ms + marks[k][1];
			if (me > len)
				continue;
			if (pos >= ms && pos < me) {
				hit = 1;
				if (me < stop)
					stop = me;
			} else if (ms > pos && ms < stop) {
				stop = ms;
			}
		}
		int w;
		size_t part = stop - pos;
		size_t fit = text_fit(s + pos, part, cols - used, &w);
		if (!fit)
			break;
		attr_t at = a | (hit ? style_attr(u, STY_MATCH) : A_NORMAL);
		attron(at);
		addnstr(s + pos, (int)fit);
		attroff(at);
		used += w;
		pos += fit;
		if (fit < part)
			break;	/* the column's end */
	}
}

static void
draw_results(struct ui *u)
{
	if (!u->query.len || !u->res.n) {
		const char *q = u->query.data ? u->query.data : "";
		char *none = NULL;
		if (u->query.len && !u->res_stale)
			/* TRANSLATORS: %s is the query as typed */
			none = xasprintf(_("Nothing found for %s."), q);
		draw_notice(u, none ? none : u->query.len ? "" :
		    _("Type words to search the whole book: a section must hold all of them; "
		    "\"quoted words\" are a phrase; accents and case do not matter.  "
		    "Up recalls earlier searches, Down goes to the results, Enter opens one."));
		free(none);
		return;
	}
	size_t n, sel_row;
	struct rrow *rows = result_rows(u, &n, &sel_row);
	/* the selected result whole on the screen, with its chapter line
	 * when that comes just before it */
	size_t want_top = sel_row > 0 && rows[sel_row - 1].kind == RROW_CHAPTER ? sel_row - 1 : sel_row;
	if (want_top < u->ltop)
		u->ltop = want_top;
	if (sel_row + 2 > u->ltop + (size_t)u->rows)
		u->ltop = sel_row + 2 - (size_t)u->rows;
	if (u->ltop > want_top)
		u->ltop = want_top;
	for (int y = 0; y < u->rows && u->ltop + (size_t)y < n; y++) {
		const struct rrow *rw = &rows[u->ltop + (size_t)y];
		const struct result *r = &u->res.v[u->order[rw->pos]];
		int selected = rw->pos == u->sel && rw->kind != RROW_CHAPTER;
		attr_t a = selected ? A_REVERSE : A_NORMAL;
		if (rw->kind == RROW_CHAPTER) {
			char *label = chapter_label(u->b, r->chapter);
			draw_row(u, 1 + y, 0, "", label, 0, A_BOLD, NULL);
			free(label);
		} else if (rw->kind == RROW_SECTION) {
			struct buf l = {0}, h = {0};
			if (r->section_number)
				buf_printf(&l, "%s ", r->section_number);
			if (r->section >= 0 && r->section_title)
				buf_adds(&l, r->section_title);
			else
				/* TRANSLATORS: a search result in a chapter's text
				 * above its first heading */
				buf_adds(&l, _("(before the first heading)"));
			buf_printf(&h, ngettext("%zu hit", "%zu hits", r->nhits), r->nhits);
			draw_row(u, 1 + y, 2, "", l.data, selected, A_NORMAL, h.data);
			buf_free(&l);
			buf_free(&h);
		} else {
			if (selected) {
				attron(a);
				mvhline(1 + y, u->left, ' ', u->width);
				attroff(a);
			}
			int indent = u->width >= 30 ? 4 : 1;
			put_marked(u, 1 + y, u->left + indent, r->snippet, u->width - indent, a,
			    (const uint32_t (*)[2])r->marks, r->nmarks);
		}
	}
	free(rows);
}

static void
draw_help(struct ui *u)
{
	size_t max = u->nhelp > (size_t)u->rows ? u->nhelp - (size_t)u->rows : 0;
	if (u->help_top > max)
		u->help_top = max;
	for (int y = 0; y < u->rows && u->help_top + (size_t)y < u->nhelp; y++) {
		const struct hline *h = &u->help[u->help_top + (size_t)y];
		put_text(1 + y, u->left, h->text, u->width, h->bold ? A_BOLD : A_NORMAL);
	}
}

static void
draw(struct ui *u)
{
	erase();
	curs_set(0);
	u->cursor_y = 1;
	u->cursor_x = u->left;
	u->cursor_set = u->prompt_cursor = 0;
	if (u->too_small) {
		/* TRANSLATORS: shown alone on a tiny screen; keep it short. */
		struct msgwrap m = {0};
		wrap_words(_("Terminal too small: make it at least 20x5."), COLS, msg_line, &m);
		for (size_t i = 0; i < m.n; i++) {
			if ((int)i < LINES)
				put_text((int)i, 0, m.lines[i], COLS, A_BOLD);
			free(m.lines[i]);
		}
		free(m.lines);
		refresh();
		return;
	}
	switch (u->scr) {
	case SCR_READ: {
		char *label = chapter_label(u->b, u->nav.chapter);
		draw_top(u, label);
		free(label);
		draw_doc(u);
		struct buf left = {0};
		buf_printf(&left, "%3d%%  %s", nav_percent(&u->nav), u->lang);
		if (u->translator)
			/* TRANSLATORS: in the bottom line while T is on; short */
			buf_printf(&left, "  %s", P_("mode", "translator"));
		if (u->bilingual)
			/* TRANSLATORS: in the bottom line while B is on; short */
			buf_printf(&left, "  %s", P_("mode", "bilingual"));
		/* TRANSLATORS: key hints in the bottom line; keep them short. */
		draw_bottom(u, left.data, _("?:help  t:contents  s:search  q:quit"));
		buf_free(&left);
		break;
	}
	case SCR_TOC: {
		draw_top(u, _("Contents"));
		draw_toc(u);
		struct buf l = {0};
		if (u->toc->filter[0]) {
			size_t n = 0;
			for (size_t r = 0; r < u->toc->nrows; r++)
				n += u->toc->rows[r].kind == TOC_CHAPTER;
			buf_printf(&l, "/%s  ", u->toc->filter);
			buf_printf(&l, ngettext("%zu chapter", "%zu chapters", n), n);
		}
		draw_bottom(u, l.data ? l.data : "", _("Enter:open  type:filter  Esc:back"));
		buf_free(&l);
		break;
	}
	case SCR_OUTLINE: {
		char *label = chapter_label(u->b, u->nav.chapter);
		char *top = xasprintf("%s: %s", _("Outline"), label);
		draw_top(u, top);
		free(top);
		free(label);
		draw_outline(u);
		struct buf l = {0};
		if (u->filter.len)
			buf_printf(&l, "/%s", u->filter.data);
		draw_bottom(u, l.data ? l.data : "", _("Enter:go  type:filter  Esc:back"));
		buf_free(&l);
		break;
	}
	case SCR_MARKS: {
		draw_top(u, _("Bookmarks"));
		draw_marks(u);
		struct buf l = {0};
		buf_printf(&l, ngettext("%zu bookmark", "%zu bookmarks", u->nitems), u->nitems);
		draw_bottom(u, l.data, _("Enter:go  Del:delete  Esc:back"));
		buf_free(&l);
		break;
	}
	case SCR_HELP:
		draw_top(u, _("Keys"));
		draw_help(u);
		draw_bottom(u, "", _("q:back"));
		break;
	case SCR_RESULTS: {
		struct buf t = {0};
		buf_adds(&t, _("Search the whole book"));
		if (u->query.len && !u->res_stale) {
			buf_adds(&t, ": ");
			if (results_cut(u))
				/* TRANSLATORS: the best %zu results are shown, and
				 * there are more (shown when the list is scrolled) */
				buf_printf(&t, ngettext("%zu+ result", "%zu+ results", u->res.n), u->res.n);
			else
				buf_printf(&t, ngettext("%zu result", "%zu results", u->res.n), u->res.n);
		}
		draw_top(u, t.data);
		buf_free(&t);
		draw_results(u);
		/* TRANSLATORS: the label of the whole-book search prompt;
		 * keep the space at its end */
		draw_prompt(u, _("Search: "), &u->query, !u->res_list);
		break;
	}
	}
	if (!u->prompt_cursor)
		move(u->cursor_y, u->cursor_x);
	refresh();
}

/* ---- help screen ---------------------------------------------------------------- */

struct helpctx {
	struct ui	*u;
	int		 indent;
	const char	*label;		/* first line's label, then NULL */
};

static void
help_add(struct ui *u, char *text, int bold)
{
	u->help = xgrow(u->help, &u->help_cap, u->nhelp + 1, sizeof *u->help);
	u->help[u->nhelp++] = (struct hline){ text, bold };
}

static void
help_line(void *ctx, const char *s, size_t n)
{
	struct helpctx *h = ctx;
	struct buf b = {0};
	if (h->label) {
		buf_adds(&b, h->label);
		for (int w = text_width(h->label, strlen(h->label)); w < h->indent; w++)
			buf_addc(&b, ' ');
		h->label = NULL;
	} else {
		for (int w = 0; w < h->indent; w++)
			buf_addc(&b, ' ');
	}
	buf_add(&b, s, n);
	help_add(h->u, buf_detach(&b), 0);
}

static void
free_help(struct ui *u)
{
	for (size_t i = 0; i < u->nhelp; i++)
		free(u->help[i].text);
	free(u->help);
	u->help = NULL;
	u->nhelp = u->help_cap = 0;
}

/* The help screen, made from the key table for the current width. */
static void
build_help(struct ui *u)
{
	free_help(u);
	int labelw = 0;
	for (size_t i = 0; i < keys_count(); i++) {
		char *l = keys_label(keys_entry(i));
		int w = text_width(l, strlen(l));
		if (w > labelw)
			labelw = w;
		free(l);
	}
	labelw += 2;
	int two_columns = u->width >= 50;
	if (labelw > u->width / 2)
		labelw = u->width / 2;
	const char *group = NULL;
	for (size_t i = 0; i < keys_count(); i++) {
		enum action a = keys_entry(i);
		const char *g = keys_group_title(a);
		if (!group || strcmp(group, g)) {
			if (group)
				help_add(u, xstrdup(""), 0);
			help_add(u, xstrdup(g), 1);
			group = g;
		}
		char *label = keys_label(a);
		struct helpctx h = { u, two_columns ? labelw : 2, label };
		if (!two_columns || text_width(label, strlen(label)) >= labelw) {
			/* keys on lines of their own, the help indented below */
			struct helpctx k = { u, 0, NULL };
			wrap_words(label, u->width, help_line, &k);
			h.label = NULL;
			h.indent = two_columns ? labelw : 2;
		}
		wrap_words(keys_help(a), u->width - h.indent, help_line, &h);
		free(label);
	}
}

/* ---- actions ---------------------------------------------------------------------- */

static void
show_status(struct ui *u, enum nav_status st, enum action a)
{
	switch (st) {
	case NAV_AT_END:
		if (a == ACT_PAGE_DOWN || a == ACT_NEXT_CHAPTER)
			set_msg(u, 0, "%s", _("This is the end of the book."));
		break;
	case NAV_AT_START:
		if (a == ACT_PREV_CHAPTER)
			set_msg(u, 0, "%s", _("This is the first chapter."));
		break;
	case NAV_NO_LINKS:
		set_msg(u, 0, "%s", _("No links on this screen."));
		break;
	case NAV_NO_LINK:
		set_msg(u, 0, "%s", _("No link selected: Tab selects one."));
		break;
	case NAV_EXTERNAL:
		set_msg(u, 0, _("Web address (not opened): %s"), u->nav.url);
		break;
	case NAV_BROKEN:
		set_msg(u, 1, _("Broken link: %s"), u->nav.url);
		break;
	case NAV_NO_ANCHOR:
		set_msg(u, 1, _("The link's place was not found: %s"), u->nav.url);
		break;
	case NAV_NO_HISTORY:
		set_msg(u, 0, "%s", a == ACT_BACK ? _("Nothing further back.") : _("Nothing further forward."));
		break;
	default:
		break;
	}
}

/* After Tab: show where the selected link goes. */
static void
show_link(struct ui *u)
{
	const struct doc *d = nav_doc(&u->nav);
	if (u->nav.link < 0 || (size_t)u->nav.link >= d->nlinks)
		return;
	const char *url = d->links[u->nav.link].url;
	char *anchor = NULL;
	int external = 0;
	long ch = book_resolve_link(u->b, u->nav.chapter, url, &anchor, &external);
	if (ch >= 0 && (size_t)ch != u->nav.chapter) {
		char *label = chapter_label(u->b, (size_t)ch);
		set_msg(u, 0, "\xe2\x86\x92 %s", label);	/* → */
		free(label);
	} else {
		set_msg(u, 0, "\xe2\x86\x92 %s", url);
	}
	free(anchor);
}

static void
open_toc(struct ui *u)
{
	toc_select_chapter(u->toc, u->nav.chapter);
	u->ltop = 0;
	u->scr = SCR_TOC;
}

static void
build_outline(struct ui *u)
{
	const struct doc *d = nav_doc(&u->nav);
	char *want = toc_fold_text(u->filter.data ? u->filter.data : "");
	u->nitems = 0;
	for (size_t i = 0; i < d->nanchors; i++) {
		const struct anchor *an = &d->anchors[i];
		if (!an->level || !an->title)
			continue;
		if (want[0]) {
			char *f = toc_fold_text(an->title);
			int m = strstr(f, want) != NULL || (an->number && !strncmp(an->number, u->filter.data, u->filter.len));
			free(f);
			if (!m)
				continue;
		}
		u->items = xgrow(u->items, &u->items_cap, u->nitems + 1, sizeof *u->items);
		u->items[u->nitems++] = (long)i;
	}
	free(want);
	if (u->sel >= u->nitems)
		u->sel = u->nitems ? u->nitems - 1 : 0;
}

static void
open_outline(struct ui *u)
{
	buf_clear(&u->filter);
	build_outline(u);
	/* select the heading of the section being read */
	const struct doc *d = nav_doc(&u->nav);
	u->sel = 0;
	for (size_t r = 0; r < u->nitems; r++)
		if (d->anchors[u->items[r]].line <= u->nav.top)
			u->sel = r;
	u->ltop = 0;
	u->scr = SCR_OUTLINE;
}

static void
build_marks(struct ui *u)
{
	u->nitems = 0;
	for (int i = 0; i < NAV_NMARKS; i++)
		if (u->nav.mark_set[i]) {
			u->items = xgrow(u->items, &u->items_cap, u->nitems + 1, sizeof *u->items);
			u->items[u->nitems++] = i;
		}
	if (u->sel >= u->nitems)
		u->sel = u->nitems ? u->nitems - 1 : 0;
}

static void
open_marks(struct ui *u)
{
	u->sel = 0;
	u->ltop = 0;
	build_marks(u);
	u->scr = SCR_MARKS;
}

static void
open_help(struct ui *u)
{
	u->help_top = 0;
	u->scr = SCR_HELP;
	build_help(u);
}

static void
after_move(struct ui *u, size_t old_chapter)
{
	if (u->nav.chapter != old_chapter)
		save_position(u);
}

static void
mark_key(struct ui *u, int k)
{
	enum action a = u->pending;
	u->pending = ACT_NONE;
	clear_msg(u);
	if (k < 'a' || k > 'z') {
		if (k != K_ESC)
			set_msg(u, 0, "%s", _("A bookmark is a letter a-z."));
		return;
	}
	size_t old = u->nav.chapter;
	if (a == ACT_MARK_SET) {
		nav_mark_set(&u->nav, k);
		const char *path = u->b->chapters[u->nav.chapter].path;
		if (path) {
			state_set_mark(&u->st, k, path, u->nav.at.block, u->nav.at.offset);
			save_state(u);
		}
		if (!u->msg)
			set_msg(u, 0, _("Bookmark %c set."), k);
		return;
	}
	if (nav_mark_jump(&u->nav, k) == NAV_NO_MARK)
		set_msg(u, 0, _("Bookmark %c is not set."), k);
	after_move(u, old);
}

/* Delete the last character (UTF-8) of b. */
static void
buf_pop_char(struct buf *b)
{
	while (b->len > 0) {
		unsigned char c = (unsigned char)b->data[--b->len];
		if ((c & 0xC0) != 0x80)
			break;
	}
	if (b->data)
		b->data[b->len] = '\0';
}

static int
printable(int k)
{
	return k >= 0x20 && k < K_NAMED && k != 0x7f && iswprint((wint_t)k);
}

/* ---- search -------------------------------------------------------------------- */

/* The book's own language. */
static const char *
source_language(const struct ui *u)
{
	return u->b->language && *u->b->language ? u->b->language : "en";
}

/* The language the book text is shown in: queries are stemmed for it. */
static const char *
text_language(const struct ui *u)
{
	return u->cat && !u->cat->broken ? u->cat->lang : source_language(u);
}

/* Lines kept above a hit brought into view. */
static int
hit_context(const struct ui *u)
{
	int c = u->rows / 4;
	return c > 3 ? 3 : c;
}

/* Bring the current hit into view (no history step). */
static void
reveal_hit(struct ui *u)
{
	long line = hits_cur_line(&u->hits);
	if (line >= 0)
		nav_reveal_line(&u->nav, (size_t)line, hit_context(u));
}

/* Open chapter ch (a history step) with the current hit in view; the
 * hits are for ch's layout already. */
static void
jump_to_hit(struct ui *u, size_t ch)
{
	long line = hits_cur_line(&u->hits);
	const struct doc *d = pages_doc(u->pages, ch, u->width, &u->d);
	size_t top = line > hit_context(u) ? (size_t)(line - hit_context(u)) : 0;
	struct position p = nav_line_position(d, ch, top);
	size_t old = u->nav.chapter;
	nav_jump(&u->nav, &p);
	reveal_hit(u);
	after_move(u, old);
}

/* A new catalog or language: the query is stemmed for the new text. */
static void
hits_relanguage(struct ui *u, struct hits *h)
{
	if (!h->q)
		return;
	enum hits_scope scope = h->scope;
	size_t *chapters = h->chapters, nchapters = h->nchapters;
	h->chapters = NULL;
	h->nchapters = 0;
	struct query *q = query_parse(h->q->text, text_language(u));
	hits_set(h, q, scope);
	h->chapters = chapters;
	h->nchapters = nchapters;
}

static void
ensure_searcher(struct ui *u)
{
	if (!u->searcher) {
		u->searcher = searcher_new(u->b, u->cat);
		/* it searches what is shown: in translator mode, the drafts */
		if (u->translator)
			searcher_show_drafts(u->searcher);
	}
}

/* Whole-book results for the query as typed.  The same query again (a
 * new width or language) keeps the selection. */
static void
run_book_search(struct ui *u)
{
	const char *text = u->query.data ? u->query.data : "";
	int same = u->res_text && !strcmp(u->res_text, text);
	/* the same query again keeps the selected result, found again by
	 * its chapter and section (more results may come before it) */
	size_t sel_chapter = 0;
	int sel_section = -2;
	if (same && u->sel < u->res.n) {
		sel_chapter = u->res.v[u->order[u->sel]].chapter;
		sel_section = u->res.v[u->order[u->sel]].section;
	}
	if (!same || !u->res_limit)
		u->res_limit = SEARCH_FIRST;
	results_free(&u->res);
	free(u->res_text);
	u->res_text = xstrdup(text);
	u->res_stale = 0;
	u->sel = 0;
	if (!same)
		u->ltop = 0;
	struct query *q = u->query.len ? query_parse(u->query.data, text_language(u)) : NULL;
	if (!q)
		return;
	ensure_searcher(u);
	int cols = u->width - (u->width >= 30 ? 4 : 1);
	search_book(u->searcher, q, cols, u->res_limit, &u->res, &u->d);
	query_free(q);
	u->order = xgrow(u->order, &u->order_cap, u->res.n + 1, sizeof *u->order);
	hits_group_order(&u->res, u->order);
	for (size_t i = 0; i < u->res.n; i++)
		if (u->res.v[u->order[i]].chapter == sel_chapter && u->res.v[u->order[i]].section == sel_section)
			u->sel = i;
}

/* Moving down the results: fetch more before the end comes into view. */
static void
more_results_near_end(struct ui *u, size_t page)
{
	if (!u->res_stale && results_cut(u) && u->sel + page + 1 >= u->res.n) {
		u->res_limit += SEARCH_MORE;
		run_book_search(u);
	}
}

static void
remember_query(struct ui *u, const char *text)
{
	state_list_add(&u->st, HISTORY_SEARCH, text);
	save_state(u);
}

static void
open_results(struct ui *u)
{
	buf_clear(&u->query);
	buf_clear(&u->typed);
	results_free(&u->res);
	free(u->res_text);
	u->res_text = NULL;
	u->res_stale = 0;
	u->res_list = 0;
	u->recall = 0;
	u->sel = 0;
	u->ltop = 0;
	u->scr = SCR_RESULTS;
}

/* Enter on a result: its chapter at the section's first hit, every hit
 * in the chapter highlighted, n / N on through the chapters found. */
static void
open_result(struct ui *u)
{
	if (u->res_stale)
		run_book_search(u);
	if (!u->res.n)
		return;
	const struct result *r = &u->res.v[u->order[u->sel < u->res.n ? u->sel : 0]];
	size_t ch = r->chapter;
	struct match first = r->first;
	remember_query(u, u->query.data);
	hits_set(&u->hits, query_parse(u->query.data, text_language(u)), HITS_BOOK);
	hits_set_chapters(&u->hits, &u->res);
	const struct doc *d = pages_doc(u->pages, ch, u->width, &u->d);
	hits_update(&u->hits, d, ch, pages_generation(u->pages));
	hits_select(&u->hits, first.block, first.off);
	u->scr = SCR_READ;
	jump_to_hit(u, ch);
}

/* Typing in a prompt: Backspace, or a character. */
static void
edit_query(struct buf *b, int k)
{
	if (k == K_BACKSPACE)
		buf_pop_char(b);
	else if (printable(k))
		text_encode(b, k);
}

/* Recall an earlier (older > 0) or later entry of a prompt's history into
 * b; returns 0 when there is none further that way. */
static int
recall(struct ui *u, const char *list, struct buf *b, int older)
{
	size_t n;
	char *const *past = state_list(&u->st, list, &n);
	if (older ? u->recall >= n : u->recall == 0)
		return 0;
	if (older && u->recall == 0) {
		buf_clear(&u->typed);
		buf_add(&u->typed, b->data ? b->data : "", b->len);
	}
	u->recall += older ? 1 : -1;
	buf_clear(b);
	if (u->recall > 0)
		buf_adds(b, past[u->recall - 1]);
	else
		buf_add(b, u->typed.data ? u->typed.data : "", u->typed.len);
	return 1;
}

/* Keys on the results screen: the prompt, or the list after Down. */
static void
results_key(struct ui *u, int k)
{
	clear_msg(u);
	if (!u->res_list) {
		enum action a = keys_lookup(KEYCTX_PROMPT, k);
		switch (a) {
		case ACT_PROMPT_CANCEL:
			u->scr = SCR_READ;
			return;
		case ACT_PROMPT_ACCEPT:
			open_result(u);
			return;
		case ACT_PROMPT_OLDER:
			if (recall(u, HISTORY_SEARCH, &u->query, 1))
				u->res_stale = 1;
			return;
		case ACT_PROMPT_NEWER:
			if (recall(u, HISTORY_SEARCH, &u->query, 0))
				u->res_stale = 1;
			else if (u->res.n || u->res_stale)
				u->res_list = 1;
			return;
		case ACT_PROMPT_ERASE:
			buf_clear(&u->query);
			u->recall = 0;
			u->res_stale = 1;
			return;
		default:
			break;
		}
		size_t before = u->query.len;
		edit_query(&u->query, k);
		if (u->query.len != before) {
			u->recall = 0;
			u->res_stale = 1;
		}
		return;
	}
	enum action a = keys_lookup(KEYCTX_LIST, k);
	size_t n = u->res.n;
	long page = u->rows > 2 ? u->rows / 2 - 1 : 1;	/* two rows a result */
	switch (a) {
	case ACT_LIST_CLOSE:
		u->scr = SCR_READ;
		return;
	case ACT_LIST_OPEN:
		open_result(u);
		return;
	case ACT_LIST_UP:
		if (u->sel == 0)
			u->res_list = 0;	/* back to the prompt */
		else
			u->sel--;
		return;
	case ACT_LIST_DOWN:
	case ACT_LIST_PGUP:
	case ACT_LIST_PGDN:
	case ACT_LIST_HOME:
	case ACT_LIST_END: {
		long d = a == ACT_LIST_DOWN ? 1 : a == ACT_LIST_PGUP ? -page : a == ACT_LIST_PGDN ? page :
		    a == ACT_LIST_HOME ? -(long)n : (long)n;
		long sel = (long)u->sel + d;
		u->sel = n == 0 ? 0 : sel < 0 ? 0 : (size_t)sel >= n ? n - 1 : (size_t)sel;
		more_results_near_end(u, (size_t)page);
		return;
	}
	default:
		break;
	}
	/* typing goes on with the query */
	if (k == K_BACKSPACE || k == K_CTRL('u') || printable(k)) {
		u->res_list = 0;
		results_key(u, k);
	}
}

/* / : each key matches again from where the search started. */
static void
find_update(struct ui *u)
{
	struct query *q = u->input.len ? query_parse(u->input.data, text_language(u)) : NULL;
	hits_set(&u->hits, q, HITS_CHAPTER);
	nav_restore(&u->nav, &u->find_from);
	if (!q)
		return;
	hits_update(&u->hits, nav_doc(&u->nav), u->nav.chapter, pages_generation(u->pages));
	if (hits_step(&u->hits, 1, u->nav.top, u->rows) != HITS_NONE)
		reveal_hit(u);
}

static void
find_start(struct ui *u)
{
	u->prompting = PROMPT_FIND;
	u->recall = 0;
	buf_clear(&u->input);
	u->find_from = u->nav.at;
	hits_free(&u->hits_before);
	u->hits_before = u->hits;
	hits_init(&u->hits);
}

static void
find_end(struct ui *u, int keep)
{
	u->prompting = PROMPT_NONE;
	if (!keep) {
		hits_free(&u->hits);
		u->hits = u->hits_before;
		hits_init(&u->hits_before);
		nav_restore(&u->nav, &u->find_from);
		return;
	}
	hits_free(&u->hits_before);
	if (!u->hits.q) {
		if (u->input.len)
			/* TRANSLATORS: %s is what was typed after / */
			set_msg(u, 0, _("No words to search for in '%s'."), u->input.data);
		return;	/* an empty search clears the highlights */
	}
	remember_query(u, u->input.data);
	size_t n = u->hits.m.n;
	if (!n)
		/* TRANSLATORS: %s is the query */
		set_msg(u, 0, _("Not found in this chapter: %s"), u->input.data);
	else
		set_msg(u, 0, ngettext("%zu hit in this chapter", "%zu hits in this chapter", n), n);
}

/* n (dir 1) and N (dir -1). */
static void
search_step(struct ui *u, int dir)
{
	struct hits *h = &u->hits;
	if (!h->q) {
		set_msg(u, 0, "%s", _("Nothing searched yet: / searches this chapter, s the whole book."));
		return;
	}
	hits_update(h, nav_doc(&u->nav), u->nav.chapter, pages_generation(u->pages));
	switch (hits_step(h, dir, u->nav.top, u->rows)) {
	case HITS_NONE:
		set_msg(u, 0, _("Not found in this chapter: %s"), h->q->text);
		return;
	case HITS_WRAPPED:
		/* TRANSLATORS: n past the chapter's last hit went on from its
		 * first (N: the other way), as vi says it */
		set_msg(u, 0, "%s", dir > 0 ? _("search wrapped to the top") : _("search wrapped to the bottom"));
		/* fall through */
	case HITS_MOVED:
		reveal_hit(u);
		return;
	case HITS_END:
		break;
	}
	/* After s: on into the next chapter with hits, in book order. */
	size_t from = u->nav.chapter;
	int went_round = 0;
	for (size_t tries = 0; tries <= h->nchapters; tries++) {
		int wrapped;
		long ch = hits_next_chapter(h, from, dir, &wrapped);
		if (ch < 0)
			break;
		went_round |= wrapped;
		const struct doc *d = pages_doc(u->pages, (size_t)ch, u->width, &u->d);
		hits_update(h, d, (size_t)ch, pages_generation(u->pages));
		if (hits_land(h, dir)) {
			if (went_round)
				/* TRANSLATORS: n after a whole-book search went
				 * on from the book's last chapter with hits to
				 * its first (N: the other way) */
				set_msg(u, 0, "%s", dir > 0 ? _("search wrapped to the start of the book") :
				    _("search wrapped to the end of the book"));
			if ((size_t)ch == u->nav.chapter)
				reveal_hit(u);
			else
				jump_to_hit(u, (size_t)ch);
			return;
		}
		from = (size_t)ch;
	}
	set_msg(u, 0, _("Not found in this chapter: %s"), h->q->text);
}

/* ---- languages and translator tools --------------------------------------------- */

/* Show the first problem with the catalog (file:line: message): an error
 * rather than the summary warning after it. */
static void
report_catalog(struct ui *u, struct diags *d)
{
	if (!d->n)
		return;
	size_t pick = d->n - 1;
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].level == DIAG_ERROR) {
			pick = i;
			break;
		}
	char *m = diag_format(&d->v[pick]);
	set_msg(u, 1, "%s", m);
	free(m);
}

/* Show the book in `lang` (the source language: no catalog), keeping the
 * place: same chapter, same block at the top. */
static void
set_text_language(struct ui *u, const char *lang, int keep_place)
{
	struct nav_keep k = nav_keep_place(&u->nav);
	struct diags d = {0};
	struct catalog *old = u->cat;
	/* The searcher and the pages refer to the catalog: drop them first. */
	searcher_free(u->searcher);
	u->searcher = NULL;
	u->cat = strcmp(lang, source_language(u)) ? catalog_load(u->b, lang, u->translator, &d) : NULL;
	pages_set_catalog(u->pages, u->cat);
	l10n_titles(u->b, u->cat);
	catalog_free(old);
	hits_relanguage(u, &u->hits);
	if (u->res.n || u->query.len)
		u->res_stale = 1;
	if (keep_place)
		nav_text_changed(&u->nav, &k);
	report_catalog(u, &d);
	diags_free(&d);
}

/* L: the next of the book's languages, for the text and the interface. */
static void
next_language(struct ui *u)
{
	if (u->nlangs < 2) {
		/* TRANSLATORS: after L; po/LANG.po is a file name, keep it */
		set_msg(u, 0, "%s", _("This book has no translations (no po/LANG.po)."));
		return;
	}
	const char *now = u->cat ? u->cat->lang : source_language(u);
	size_t i;
	for (i = 0; i < u->nlangs && strcmp(u->langs[i], now); i++)
		;
	const char *lang = u->langs[i < u->nlangs ? (i + 1) % u->nlangs : 0];
	i18n_set_language(lang);
	free(u->lang);
	u->lang = i18n_language();
	set_text_language(u, lang, 1);
	if (u->scr == SCR_HELP)
		build_help(u);
}

/* T, B: the pages change their look, the place is kept. */
static void
set_modes(struct ui *u, int translator, int bilingual)
{
	struct nav_keep k = nav_keep_place(&u->nav);
	int reload = translator && !u->translator && u->cat && !u->cat->po && !u->cat->broken;
	u->translator = translator;
	u->bilingual = bilingual;
	if (reload) {
		/* translator mode wants the fuzzy entries: the .po, not the .mo */
		char *lang = xstrdup(u->cat->lang);
		set_text_language(u, lang, 0);
		free(lang);
	}
	if (pages_set_marks(u->pages, translator)) {
		/* the drafts come or go: the search must see what is shown */
		searcher_free(u->searcher);
		u->searcher = NULL;
		if (u->res.n || u->query.len)
			u->res_stale = 1;
	}
	pages_set_bilingual(u->pages, bilingual);
	nav_text_changed(&u->nav, &k);
}

static void
toggle_translator(struct ui *u)
{
	set_modes(u, !u->translator, u->bilingual);
	if (!u->msg)
		set_msg(u, 0, "%s", !u->translator ? _("Translator mode off.") : u->cat ?
		    _("Translator mode: ? marks untranslated text, ~ fuzzy; the contents show how much is translated.") :
		    _("Translator mode: the book is shown in its own language; L switches to a translation."));
}

static void
toggle_bilingual(struct ui *u)
{
	set_modes(u, u->translator, !u->bilingual);
	if (!u->msg)
		set_msg(u, 0, "%s", !u->bilingual ? _("Bilingual view off.") : u->cat ?
		    _("Bilingual view: each translated block is followed by its source.") :
		    _("Bilingual view: the book is shown in its own language; L switches to a translation."));
}

/* R: read the translation again when its file changed. */
/* Read the catalog again if its file changed, keeping the place; 1 if it
 * did. */
static int
reload_if_changed(struct ui *u)
{
	if (!u->cat || !catalog_changed(u->cat))
		return 0;
	char *lang = xstrdup(u->cat->lang);
	set_text_language(u, lang, 1);
	if (!u->msg)
		/* TRANSLATORS: %s is a translation file, "po/lv.po" */
		set_msg(u, 0, _("Reloaded %s."), u->cat ? u->cat->path : lang);
	free(lang);
	return 1;
}

static void
reload_catalog(struct ui *u)
{
	if (!u->cat) {
		set_msg(u, 0, "%s", _("The book is shown in its own language: there is no translation to reload."));
		return;
	}
	if (!reload_if_changed(u))
		/* TRANSLATORS: %s is a translation file, "po/lv.po" */
		set_msg(u, 0, _("%s has not changed."), u->cat->path);
}

/* The book's languages; the text starts in `want` (NULL: its own). */
static void
init_languages(struct ui *u, const char *want)
{
	size_t n;
	char **cl = catalog_languages(u->b, &n);
	u->langs = xcalloc(n + 1, sizeof *u->langs);
	u->langs[u->nlangs++] = xstrdup(source_language(u));
	for (size_t i = 0; i < n; i++) {
		if (strcmp(cl[i], source_language(u)))
			u->langs[u->nlangs++] = cl[i];
		else
			free(cl[i]);
	}
	free(cl);
	if (want)
		set_text_language(u, want, 0);
}

/* ---- prompts ----------------------------------------------------------------------- */

/* |: the section at the top of the screen, named in the prompt. */
static void
open_pipe(struct ui *u)
{
	const struct doc *d = nav_doc(&u->nav);
	long a = doc_section_at(d, u->nav.top, NULL, NULL);
	free(u->pipe_what);
	if (a >= 0 && d->anchors[a].number)
		u->pipe_what = xstrdup(d->anchors[a].number);
	else if (a >= 0 && d->anchors[a].title)
		u->pipe_what = xasprintf("\xe2\x80\x9c%s\xe2\x80\x9d", d->anchors[a].title);	/* “…” */
	else
		u->pipe_what = chapter_label(u->b, u->nav.chapter);
	u->prompting = PROMPT_PIPE;
	u->recall = 0;
	buf_clear(&u->input);
}

/* Handing the terminal over to a command, as system(3) does: curses
 * out of the way, Ctrl-C and Ctrl-\ for the command, not the reader. */
struct handover {
	struct sigaction	 old_int, old_quit, old_pipe;
};

static void
terminal_leave(struct handover *h)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	sigemptyset(&ign.sa_mask);
	def_prog_mode();
	endwin();
	sigaction(SIGINT, &ign, &h->old_int);
	sigaction(SIGQUIT, &ign, &h->old_quit);
	sigaction(SIGPIPE, &ign, &h->old_pipe);
	fflush(stdout);
}

static void
terminal_return(struct handover *h)
{
	sigaction(SIGINT, &h->old_int, NULL);
	sigaction(SIGQUIT, &h->old_quit, NULL);
	sigaction(SIGPIPE, &h->old_pipe, NULL);
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/* Run cmd with the section's text (as shown, without styles) on its
 * standard input, then wait for Enter, so what the command printed can
 * be read, and come back. */
static void
run_pipe(struct ui *u, const char *cmd)
{
	const struct doc *d = nav_doc(&u->nav);
	size_t from, to;
	doc_section_at(d, u->nav.top, &from, &to);
	state_list_add(&u->st, HISTORY_PIPE, cmd);
	save_state(u);
	struct handover h;
	terminal_leave(&h);
	int status = -1;
	FILE *p = popen(cmd, "w");
	if (p) {
		print_lines(p, d, from, to, 0);
		status = pclose(p);
	}
	fprintf(stdout, "\n%s", _("[Press Enter to return to the handbook]"));
	fflush(stdout);
	for (int c; (c = getchar()) != EOF && c != '\n';)
		;
	clearerr(stdin);
	terminal_return(&h);
	if (status == 0)
		/* TRANSLATORS: after |; the first %s is a section ("9.2"),
		 * the second the command */
		set_msg(u, 0, _("%s sent to: %s"), u->pipe_what, cmd);
	else if (status != -1 && WIFEXITED(status))
		set_msg(u, 1, _("The command ended with status %d: %s"), WEXITSTATUS(status), cmd);
	else
		set_msg(u, 1, _("The command could not run: %s"), cmd);
}

/* $VISUAL or $EDITOR (else vi) on file at line, as git runs it: through
 * the shell, so "emacs -nw" works, with the file as an argument. */
static int
run_editor(const char *file, int line)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	char *cmd = xasprintf("%s \"$@\"", ed);
	char at[32];
	snprintf(at, sizeof at, "+%d", line > 0 ? line : 1);
	struct handover h;
	terminal_leave(&h);
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		execl("/bin/sh", "sh", "-c", cmd, "sh", at, file, (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	terminal_return(&h);
	free(cmd);
	return status;
}

/* e: edit the paragraph under the cursor where it comes from: its
 * entry in the catalog when the book is shown translated, else the
 * chapter's Markdown; then show the result, at the same place. */
static void
edit_here(struct ui *u)
{
	size_t ch = u->nav.chapter;
	const struct chapter *c = &u->b->chapters[ch];
	if (!c->path) {
		set_msg(u, 0, "%s", _("This chapter has no file yet (a draft in SUMMARY.md)."));
		return;
	}
	const struct doc *d = nav_doc(&u->nav);
	/* the cursor's line: the current hit, the selected link, else the
	 * top line (the last frame drawn put it there) */
	size_t at = u->nav.top + (size_t)(u->cursor_y > 1 ? u->cursor_y - 1 : 0);
	long blk = doc_line_block(d, at < d->nlines ? at : u->nav.top);
	int src_line = blk >= 0 ? d->blocks[blk].src_line : 1;
	char *file;
	int line;
	if (u->cat) {
		if (!u->cat->po) {
			/* TRANSLATORS: %s is the .mo file the translation was read from */
			set_msg(u, 1, _("The translation was read from %s; T reads the .po, which e edits."), u->cat->path);
			return;
		}
		char *msgid = l10n_msgid_at(u->b, ch, src_line, &u->d);
		const struct po_entry *e = msgid ? po_find(u->cat->po, NULL, msgid) : NULL;
		free(msgid);
		if (!e) {
			/* TRANSLATORS: %s is a translation file, "po/lv.po" */
			set_msg(u, 1, _("This paragraph has no entry in %s yet; merge the new messages into it first."),
			    u->cat->path);
			return;
		}
		file = xstrdup(u->cat->path);
		line = e->line;
	} else {
		file = xasprintf("%s/%s", u->b->src, c->path);
		line = src_line;
	}
	int status = run_editor(file, line);
	if (status != 0)
		/* TRANSLATORS: %s is the editor's file */
		set_msg(u, 1, _("The editor did not end normally: %s"), file);
	free(file);
	if (u->cat) {
		reload_if_changed(u);
		return;
	}
	/* the Markdown may have changed: read the chapter again */
	struct nav_keep k = nav_keep_place(&u->nav);
	searcher_free(u->searcher);
	u->searcher = NULL;
	book_chapter_unload(u->b, ch);
	pages_set_catalog(u->pages, u->cat);
	if (u->res.n || u->query.len)
		u->res_stale = 1;
	nav_text_changed(&u->nav, &k);
}

static void
prompt_key(struct ui *u, int k)
{
	int find = u->prompting == PROMPT_FIND;
	const char *history = find ? HISTORY_SEARCH : u->prompting == PROMPT_PIPE ? HISTORY_PIPE : HISTORY_GOTO;
	enum action a = keys_lookup(KEYCTX_PROMPT, k);
	switch (a) {
	case ACT_PROMPT_CANCEL:
		if (find)
			find_end(u, 0);
		u->prompting = PROMPT_NONE;
		return;
	case ACT_PROMPT_ACCEPT:
		break;
	case ACT_PROMPT_OLDER:
	case ACT_PROMPT_NEWER:
		if (recall(u, history, &u->input, a == ACT_PROMPT_OLDER) && find)
			find_update(u);
		return;
	case ACT_PROMPT_ERASE:
		buf_clear(&u->input);
		u->recall = 0;
		if (find)
			find_update(u);
		return;
	default: {
		size_t before = u->input.len;
		edit_query(&u->input, k);
		if (u->input.len != before) {
			u->recall = 0;
			if (find)
				find_update(u);
		}
		return;
	}
	}
	/* Enter */
	if (find) {
		find_end(u, 1);
		return;
	}
	if (u->prompting == PROMPT_PIPE) {
		u->prompting = PROMPT_NONE;
		if (u->input.len)
			run_pipe(u, u->input.data);
		return;
	}
	u->prompting = PROMPT_NONE;
	if (!u->input.len)
		return;
	size_t old = u->nav.chapter;
	char *spec = xstrdup(u->input.data);
	if (nav_goto(&u->nav, spec) == NAV_NOT_FOUND) {
		set_msg(u, 1, _("No chapter or section matches '%s'."), spec);
	} else {
		state_list_add(&u->st, HISTORY_GOTO, spec);
		if (u->nav.chapter == old)
			save_state(u);
	}
	free(spec);
	after_move(u, old);
}

static void
read_key_action(struct ui *u, int k)
{
	if (u->pending) {
		mark_key(u, k);
		return;
	}
	if (u->prompting) {
		prompt_key(u, k);
		return;
	}
	clear_msg(u);
	enum action a = keys_lookup(KEYCTX_READ, k);
	size_t old = u->nav.chapter;
	switch (a) {
	case ACT_NONE:
		return;
	case ACT_QUIT:
		u->quit = 1;
		return;
	case ACT_HELP:
		open_help(u);
		return;
	case ACT_TOC:
		open_toc(u);
		return;
	case ACT_OUTLINE:
		open_outline(u);
		return;
	case ACT_MARK_LIST:
		open_marks(u);
		return;
	case ACT_GOTO:
		u->prompting = PROMPT_GOTO;
		u->recall = 0;
		buf_clear(&u->input);
		return;
	case ACT_PIPE:
		open_pipe(u);
		return;
	case ACT_SEARCH_BOOK:
		open_results(u);
		return;
	case ACT_SEARCH:
		find_start(u);
		return;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		search_step(u, a == ACT_SEARCH_NEXT ? 1 : -1);
		return;
	case ACT_LANGUAGE:
		next_language(u);
		return;
	case ACT_TRANSLATOR:
		toggle_translator(u);
		return;
	case ACT_BILINGUAL:
		toggle_bilingual(u);
		return;
	case ACT_RELOAD:
		reload_catalog(u);
		return;
	case ACT_EDIT:
		edit_here(u);
		return;
	case ACT_MARK_SET:
	case ACT_MARK_JUMP:
		u->pending = a;
		set_msg(u, 0, "%s", a == ACT_MARK_SET ? _("Set bookmark: press a letter a-z.") :
		    _("Go to bookmark: press its letter."));
		return;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return;
	default:
		break;
	}
	enum nav_status st = nav_apply(&u->nav, a);
	show_status(u, st, a);
	if ((a == ACT_NEXT_LINK || a == ACT_PREV_LINK) && st == NAV_OK)
		show_link(u);
	after_move(u, old);
}

/* Keys in the contents, outline and bookmark lists. */
static void
list_key(struct ui *u, int k)
{
	enum action a = keys_lookup(KEYCTX_LIST, k);
	size_t old = u->nav.chapter;
	size_t n = u->scr == SCR_TOC ? u->toc->nrows : u->nitems;
	size_t *sel = u->scr == SCR_TOC ? &u->toc->sel : &u->sel;
	long page = u->rows > 1 ? u->rows - 1 : 1;
	clear_msg(u);

	switch (a) {
	case ACT_LIST_CLOSE:
		u->scr = SCR_READ;
		return;
	case ACT_LIST_UP:
	case ACT_LIST_DOWN:
	case ACT_LIST_PGUP:
	case ACT_LIST_PGDN:
	case ACT_LIST_HOME:
	case ACT_LIST_END: {
		long d = a == ACT_LIST_UP ? -1 : a == ACT_LIST_DOWN ? 1 : a == ACT_LIST_PGUP ? -page :
		    a == ACT_LIST_PGDN ? page : a == ACT_LIST_HOME ? -(long)n : (long)n;
		long s = (long)*sel + d;
		*sel = n == 0 ? 0 : s < 0 ? 0 : (size_t)s >= n ? n - 1 : (size_t)s;
		return;
	}
	case ACT_LIST_FOLD:
		if (u->scr == SCR_TOC)
			toc_fold(u->toc);
		return;
	case ACT_LIST_UNFOLD:
		if (u->scr == SCR_TOC)
			toc_unfold(u->toc);
		return;
	case ACT_LIST_DELETE:
		if (u->scr == SCR_MARKS && n) {
			int letter = 'a' + (int)u->items[*sel];
			nav_mark_clear(&u->nav, letter);
			state_set_mark(&u->st, letter, NULL, -1, 0);
			save_state(u);
			build_marks(u);
		}
		return;
	case ACT_LIST_OPEN:
		if (!n)
			return;
		if (u->scr == SCR_TOC) {
			long ch = toc_selected_chapter(u->toc);
			if (ch < 0) {	/* a part: Enter folds and unfolds */
				if (!toc_unfold(u->toc))
					toc_fold(u->toc);
				return;
			}
			nav_open_chapter(&u->nav, (size_t)ch);
		} else if (u->scr == SCR_OUTLINE) {
			const struct doc *d = nav_doc(&u->nav);
			nav_open_line(&u->nav, d->anchors[u->items[*sel]].line);
		} else {
			nav_mark_jump(&u->nav, 'a' + (int)u->items[*sel]);
		}
		u->scr = SCR_READ;
		after_move(u, old);
		return;
	default:
		break;
	}

	/* Typing: a filter, or a bookmark's letter. */
	if (u->scr == SCR_MARKS) {
		if (k >= 'a' && k <= 'z') {
			if (nav_mark_jump(&u->nav, k) == NAV_NO_MARK) {
				set_msg(u, 0, _("Bookmark %c is not set."), k);
				return;
			}
			u->scr = SCR_READ;
			after_move(u, old);
		}
		return;
	}
	struct buf f = {0};
	buf_adds(&f, u->scr == SCR_TOC ? u->toc->filter : (u->filter.data ? u->filter.data : ""));
	if (k == K_BACKSPACE)
		buf_pop_char(&f);
	else if (k == K_CTRL('u'))
		buf_clear(&f);
	else if (printable(k))
		text_encode(&f, k);
	else {
		buf_free(&f);
		return;
	}
	if (u->scr == SCR_TOC) {
		toc_set_filter(u->toc, f.data ? f.data : "");
	} else {
		buf_clear(&u->filter);
		buf_adds(&u->filter, f.data ? f.data : "");
		u->sel = 0;
		build_outline(u);
	}
	u->ltop = 0;
	buf_free(&f);
}

static void
help_key(struct ui *u, int k)
{
	enum action a = keys_lookup(KEYCTX_READ, k);
	size_t page = u->rows > 1 ? (size_t)u->rows - 1 : 1;
	switch (a) {
	case ACT_LINE_DOWN:	u->help_top++; break;
	case ACT_LINE_UP:	if (u->help_top) u->help_top--; break;
	case ACT_PAGE_DOWN:
	case ACT_HALF_DOWN:	u->help_top += page; break;
	case ACT_PAGE_UP:
	case ACT_HALF_UP:	u->help_top = u->help_top > page ? u->help_top - page : 0; break;
	case ACT_TOP:		u->help_top = 0; break;
	case ACT_BOTTOM:	u->help_top = u->nhelp; break;
	case ACT_QUIT:
	case ACT_HELP:
	case ACT_BACK:
		u->scr = SCR_READ;
		break;
	default:
		if (k == K_ESC)
			u->scr = SCR_READ;
		break;
	}
	if (u->scr != SCR_HELP)
		free_help(u);
}

/* ---- mouse ----------------------------------------------------------------------------- */

/* The link under screen column x of doc line i, or -1. */
static long
link_at(struct ui *u, size_t i, int x)
{
	const struct doc *d = nav_doc(&u->nav);
	if (i >= d->nlines)
		return -1;
	const struct line *l = &d->lines[i];
	const char *text = doc_line_text(d, i);
	int col = u->left;
	for (uint32_t k = 0; k < l->nspans; k++) {
		const struct span *sp = &d->spans[l->span + k];
		int w = text_width(text + sp->off, sp->len);
		if (x >= col && x < col + w)
			return sp->link;
		col += w;
	}
	return -1;
}

static void
mouse_event(struct ui *u)
{
	MEVENT ev;
	if (getmouse(&ev) != OK || u->too_small)
		return;
	int wheel = ev.bstate & BUTTON4_PRESSED ? -1 :
#ifdef BUTTON5_PRESSED
	    ev.bstate & BUTTON5_PRESSED ? 1 :
#endif
	    0;
	size_t old = u->nav.chapter;
	if (wheel) {
		if (u->scr == SCR_READ) {
			for (int i = 0; i < WHEEL_LINES; i++)
				nav_apply(&u->nav, wheel > 0 ? ACT_LINE_DOWN : ACT_LINE_UP);
		} else if (u->scr == SCR_HELP) {
			help_key(u, wheel > 0 ? 'j' : 'k');
		} else if (u->scr == SCR_RESULTS) {
			if (u->res.n) {
				u->res_list = 1;
				results_key(u, wheel > 0 ? K_DOWN : K_UP);
			}
		} else {
			list_key(u, wheel > 0 ? K_DOWN : K_UP);
		}
		return;
	}
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return;
	if (ev.y < 1 || ev.y > u->rows)
		return;
	size_t row = (size_t)(ev.y - 1);
	switch (u->scr) {
	case SCR_READ: {
		long link = link_at(u, u->nav.top + row, ev.x);
		if (link < 0)
			return;
		clear_msg(u);
		show_status(u, nav_follow(&u->nav, link), ACT_FOLLOW);
		after_move(u, old);
		return;
	}
	case SCR_TOC:
		if (u->ltop + row >= u->toc->nrows)
			return;
		u->toc->sel = u->ltop + row;
		list_key(u, K_ENTER);
		return;
	case SCR_OUTLINE:
	case SCR_MARKS:
		if (u->ltop + row >= u->nitems)
			return;
		u->sel = u->ltop + row;
		list_key(u, K_ENTER);
		return;
	case SCR_RESULTS: {
		size_t n, sel_row;
		struct rrow *rows = result_rows(u, &n, &sel_row);
		if (u->ltop + row < n && rows[u->ltop + row].kind != RROW_CHAPTER) {
			u->sel = rows[u->ltop + row].pos;
			open_result(u);
		}
		free(rows);
		return;
	}
	default:
		return;
	}
}

/* ---- input ------------------------------------------------------------------------------ */

static int
read_key(void)
{
	wint_t wc;
	int r = get_wch(&wc);
	if (r == ERR)
		return UI_NOKEY;
	if (r == KEY_CODE_YES) {
		switch (wc) {
		case KEY_UP:		return K_UP;
		case KEY_DOWN:		return K_DOWN;
		case KEY_LEFT:		return K_LEFT;
		case KEY_RIGHT:		return K_RIGHT;
		case KEY_PPAGE:		return K_PGUP;
		case KEY_NPAGE:		return K_PGDN;
		case KEY_HOME:		return K_HOME;
		case KEY_END:		return K_END;
		case KEY_ENTER:		return K_ENTER;
		case KEY_BTAB:		return K_BTAB;
		case KEY_BACKSPACE:	return K_BACKSPACE;
		case KEY_DC:		return K_DELETE;
		case KEY_F(1):		return K_F1;
		case KEY_RESIZE:	return UI_RESIZE;
		case KEY_MOUSE:		return UI_MOUSE;
		default:		return UI_NOKEY;
		}
	}
	switch (wc) {
	case '\r':
	case '\n':	return K_ENTER;
	case '\t':	return K_TAB;
	case 0x7f:
	case 0x08:	return K_BACKSPACE;
	case 0x1b:	return K_ESC;
	default:	return (int)wc;
	}
}

/* While the search prompt waits for the first keys, read and fold the
 * chapters a few at a time, so that the first results on a big book come
 * as fast as the later ones.  Returns a key as soon as one is typed. */
static int
prepare_search_until_key(struct ui *u)
{
	ensure_searcher(u);
	int k = UI_NOKEY;
	timeout(0);
	while (!got_signal && (k = read_key()) == UI_NOKEY &&
	    !searcher_prepare(u->searcher, 8, &u->d))
		;
	timeout(-1);
	return k;
}

static void
handle_key(struct ui *u, int k)
{
	if (k == UI_RESIZE) {
		layout(u);
		return;
	}
	if (u->too_small) {
		if (k == 'q' || k == 'Q')
			u->quit = 1;
		return;
	}
	if (k == UI_MOUSE) {
		mouse_event(u);
		return;
	}
	switch (u->scr) {
	case SCR_READ:
		read_key_action(u, k);
		break;
	case SCR_HELP:
		help_key(u, k);
		break;
	case SCR_RESULTS:
		results_key(u, k);
		break;
	default:
		list_key(u, k);
		break;
	}
}

/* Problems met while reading chapters: the last one, on one line. */
static void
report_diags(struct ui *u)
{
	if (!u->d.n)
		return;
	char *m = diag_format(&u->d.v[u->d.n - 1]);
	set_msg(u, 1, "%s", m);
	free(m);
	diags_clear(&u->d);
}

/* ---- set-up ------------------------------------------------------------------------------- */

static void
init_colors(struct ui *u)
{
	u->colors = 0;
	if (u->o->no_color || !has_colors() || start_color() != OK)
		return;
	use_default_colors();
	init_pair(PAIR_HEAD, COLOR_YELLOW, -1);
	init_pair(PAIR_LINK, COLOR_CYAN, -1);
	init_pair(PAIR_CODE, COLOR_GREEN, -1);
	init_pair(PAIR_PREFIX, COLOR_MAGENTA, -1);
	init_pair(PAIR_CTRL, COLOR_RED, -1);
	init_pair(PAIR_BAR, COLOR_WHITE, COLOR_BLUE);
	init_pair(PAIR_ERR, COLOR_WHITE, COLOR_RED);
	init_pair(PAIR_DIM, COLOR_BLUE, -1);
	init_pair(PAIR_MATCH, COLOR_BLACK, COLOR_YELLOW);
	init_pair(PAIR_CURMATCH, COLOR_BLACK, COLOR_GREEN);
	init_pair(PAIR_UNTR, COLOR_RED, -1);
	init_pair(PAIR_FUZZY, COLOR_MAGENTA, -1);
	u->colors = 1;
}

static void
install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a signal must end the wait for a key. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void
free_ui(struct ui *u)
{
	nav_free(&u->nav);
	toc_free(u->toc);
	pages_free(u->pages);
	searcher_free(u->searcher);
	l10n_titles(u->b, NULL);
	catalog_free(u->cat);
	for (size_t i = 0; i < u->nlangs; i++)
		free(u->langs[i]);
	free(u->langs);
	hits_free(&u->hits);
	hits_free(&u->hits_before);
	results_free(&u->res);
	free(u->res_text);
	free(u->pipe_what);
	free(u->order);
	buf_free(&u->query);
	buf_free(&u->typed);
	state_free(&u->st);
	diags_free(&u->d);
	free(u->state_file);
	free(u->lang);
	free(u->msg);
	free(u->items);
	buf_free(&u->input);
	buf_free(&u->filter);
	free_help(u);
}

int
ui_run(struct book *b, const struct ui_opts *o)
{
	struct ui U, *u = &U;
	memset(u, 0, sizeof U);
	u->b = b;
	u->o = o;

	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		/* A terminal curses does not know: print instead. */
		struct diags d = {0};
		char *lang = cli_content_language(b, o->lang);
		struct catalog *cat = lang ? catalog_load(b, lang, 0, &d) : NULL;
		l10n_titles(b, cat);
		cli_report(&d);
		struct cli_opts co = { .width = 0, .cat = cat };
		int rc = cli_print(b, "all", &co);
		l10n_titles(b, NULL);
		catalog_free(cat);
		free(lang);
		diags_free(&d);
		return rc;
	}
	util_set_fatal_hook(restore_terminal);
	install_signals();
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	init_colors(u);
	const char *sitm = tigetstr("sitm");
	u->emph = sitm && sitm != (char *)-1 ? A_ITALIC : A_UNDERLINE;
	u->lang = i18n_language();

	u->pages = pages_new(b);
	u->toc = toc_new(b);
	u->too_small = COLS < MIN_COLS || LINES < MIN_ROWS;
	u->width = COLS >= MIN_COLS ? (COLS > MAX_TEXT ? MAX_TEXT : COLS) : MIN_COLS;
	nav_init(&u->nav, b, doc_at_width, u, LINES > 2 ? LINES - 2 : 1);
	hits_init(&u->hits);
	hits_init(&u->hits_before);
	{
		/* The text in --lang, else the interface's language. */
		char *want = cli_content_language(b, o->lang);
		init_languages(u, want);
		free(want);
	}
	layout(u);
	load_state(u);
	report_diags(u);

	while (!u->quit && !got_signal) {
		int k = UI_NOKEY;
		if (u->res_stale && u->scr == SCR_RESULTS) {
			/* Typing is never blocked: keys already typed are
			 * taken before searching again. */
			timeout(0);
			k = read_key();
			timeout(-1);
			if (k == UI_NOKEY)
				run_book_search(u);
		}
		if (k == UI_NOKEY) {
			draw(u);
			if (u->scr == SCR_RESULTS)
				k = prepare_search_until_key(u);
			if (k == UI_NOKEY)
				k = read_key();
		}
		if (got_signal)
			break;
		if (k == UI_NOKEY)
			continue;
		handle_key(u, k);
		report_diags(u);
	}
	int sig = got_signal;
	/* A problem saving on the way out can no longer be drawn. */
	u->state_warned = 0;
	clear_msg(u);
	save_position(u);
	endwin();
	delscreen(scr);
	util_set_fatal_hook(NULL);
	if (u->msg) {
		struct buf t = {0};
		text_sanitize(&t, u->msg, strlen(u->msg), NULL);
		fprintf(stderr, "handbook: %s\n", t.data ? t.data : "");
		buf_free(&t);
	}
	free_ui(u);
	return sig ? 128 + sig : 0;
}
