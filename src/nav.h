/* nav.h — where the reader is: pure navigation state, no curses, no I/O.
 *
 * The current chapter and first line shown, history back/forward,
 * bookmarks a-z, link selection, and what every reading key does to them
 * (nav_apply).  Lines change with the width, so places are kept as a
 * struct position (block + byte offset in the block's text, see render.h's
 * segs) and turned into lines against the current layout.
 *
 * Layouts come from a callback (the reader passes pages_doc at the screen
 * width, tests the same at a fixed one), so nav never keeps a doc: it asks
 * again whenever it needs one. */
#ifndef HANDBOOK_NAV_H
#define HANDBOOK_NAV_H

#include <stddef.h>

#include "book.h"
#include "keys.h"
#include "render.h"

/* A place in the book that survives re-wrapping: the start of the line
 * holding byte `offset` of block `block`'s text (doc.btext).  Lines without
 * text do not change with the width, so an offset k bytes past the end of
 * the block's text is the k-th line after its last line (a blank line, a
 * heading's underline, a table border); block -1 means line `offset` of
 * the chapter, above its first text. */
struct position {
	size_t	chapter;
	int	block;
	size_t	offset;
};

/* The layout of a chapter at the current width; never NULL. */
typedef const struct doc *(*nav_doc_fn)(void *ctx, size_t chapter);

#define NAV_HISTORY_MAX	200
#define NAV_NMARKS	26

enum nav_status {
	NAV_OK,			/* moved: redraw */
	NAV_SAME,		/* nothing to do (already there) */
	NAV_AT_END,		/* last chapter / end of the book */
	NAV_AT_START,		/* first chapter */
	NAV_NO_LINKS,		/* no link on the screen */
	NAV_NO_LINK,		/* Enter without a selected link */
	NAV_EXTERNAL,		/* a web address: shown, never opened; see url */
	NAV_BROKEN,		/* the link leads nowhere in the book; see url */
	NAV_NO_ANCHOR,		/* chapter opened, but not its #anchor; see url */
	NAV_NO_HISTORY,		/* nothing further back / forward */
	NAV_NO_MARK,		/* bookmark not set */
	NAV_NOT_FOUND,		/* no chapter matches (nav_goto) */
};

struct nav {
	const struct book *b;
	nav_doc_fn	 doc;
	void		*ctx;
	int		 rows;		/* text rows on the screen, >= 1 */
	size_t		 chapter;
	size_t		 top;		/* first line shown */
	struct position	 at;		/* what `top` shows; kept over relayouts */
	long		 link;		/* selected link (index into doc->links), -1 */
	char		*url;		/* owned: link of the last EXTERNAL/BROKEN/NO_ANCHOR */
	struct position	*hist;		/* history; hist[cur] is where we are */
	size_t		 nhist, hist_cap, cur;
	struct position	 marks[NAV_NMARKS];
	unsigned char	 mark_set[NAV_NMARKS];
};

/* Start at the first chapter with text.  rows is the text height. */
void		 nav_init(struct nav *n, const struct book *b, nav_doc_fn fn, void *ctx, int rows);
void		 nav_free(struct nav *n);

/* The layout of the current chapter (through the callback). */
const struct doc *nav_doc(const struct nav *n);

/* The screen height or width changed: keep `at` in view at the top. */
void		 nav_relayout(struct nav *n, int rows);

/* Scroll (no history step) so that `line` of the current chapter is on
 * the screen: when it is not, it goes `context` lines below the top. */
enum nav_status	 nav_reveal_line(struct nav *n, size_t line, int context);

/* The text of every chapter is about to change while its blocks stay
 * the same (another language: translation keeps the block structure, so
 * the same block index is the same paragraph; the bilingual view).
 * nav_keep_place() notes the block at the top and how far into its text;
 * after the change nav_text_changed() shows the same block at the top,
 * as far into its new text in proportion (lines after a block's text
 * keep their count).  No history step. */
struct nav_keep {
	int	block;		/* -1: above the first text, offset = line */
	size_t	offset;
	size_t	len;		/* the block's text length before */
};
struct nav_keep	 nav_keep_place(const struct nav *n);
void		 nav_text_changed(struct nav *n, const struct nav_keep *k);
/* The kept place in the new layout d of `chapter` (pure, for tests). */
struct position	 nav_carry_position(const struct doc *d, size_t chapter, const struct nav_keep *k);

/* Go to a place without touching history (resume at start-up).  A
 * position outside the book is clamped. */
void		 nav_restore(struct nav *n, const struct position *p);

/* What a reading key does; actions that are not about moving return
 * NAV_SAME. */
enum nav_status	 nav_apply(struct nav *n, enum action a);

/* Jumps; each is a history step. */
enum nav_status	 nav_jump(struct nav *n, const struct position *p);
enum nav_status	 nav_open_chapter(struct nav *n, size_t chapter);
enum nav_status	 nav_open_line(struct nav *n, size_t line);	/* current chapter */
/* A chapter by number, file name or title (book_find_chapter), or a
 * numbered section ("2.7" = the heading numbered 2.7). */
enum nav_status	 nav_goto(struct nav *n, const char *spec);
/* Follow the selected link (or link i when i >= 0). */
enum nav_status	 nav_follow(struct nav *n, long i);

/* Bookmarks: letter is 'a'..'z'. */
enum nav_status	 nav_mark_set(struct nav *n, int letter);
enum nav_status	 nav_mark_jump(struct nav *n, int letter);
void		 nav_mark_clear(struct nav *n, int letter);

/* Place <-> line in a layout. */
struct position	 nav_line_position(const struct doc *d, size_t chapter, size_t line);
size_t		 nav_position_line(const struct doc *d, const struct position *p);

/* Up to `max` bytes of the text at p, cut at a word end ("first words"),
 * already safe to show.  Caller frees. */
char		*nav_snippet(const struct nav *n, const struct position *p, size_t max);

/* The chapter whose file is `path`, or -1. */
long		 nav_chapter_of_path(const struct book *b, const char *path);

/* The links on the screen in order, written to out (up to max); returns
 * how many there are. */
size_t		 nav_visible_links(const struct nav *n, long *out, size_t max);

/* Percentage of the chapter read (bottom of the screen), 0-100. */
int		 nav_percent(const struct nav *n);

#endif
