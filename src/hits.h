/* hits.h — search hits in the reader: what is highlighted and where n / N
 * go.  No curses.
 *
 * The query being shown (typed after / or s) is matched against the
 * layout of the chapter on the screen (search_doc) and every match mapped
 * to screen lines (match_on_line: a match split by wrapping has a part on
 * each line).  The matches depend only on the chapter's text, the parts on
 * the width too, so both are recomputed from the query whenever the
 * chapter, the width or the text (pages_generation) changes: highlights
 * survive resizes and language switches.
 *
 * n / N step from the current hit, or from the screen when the current
 * hit is not on it (n: the first hit at or below the top line; N: the
 * last one above the bottom line).  After / (HITS_CHAPTER) they wrap
 * round the chapter.  After s (HITS_BOOK) they go on into the next /
 * previous chapter that has results, in book order — each chapter once,
 * whatever its sections' ranks — and wrap round the book. */
#ifndef HANDBOOK_HITS_H
#define HANDBOOK_HITS_H

#include <stddef.h>
#include <stdint.h>

#include "render.h"
#include "search.h"

enum hits_scope { HITS_CHAPTER, HITS_BOOK };

/* Where a match shows: bytes [off, off+len) of a line's text. */
struct hit_part {
	size_t	 line;
	uint32_t off, len;
	size_t	 match;		/* index into hits.m */
};

struct hits {
	struct query	*q;		/* owned; NULL: nothing highlighted */
	enum hits_scope	 scope;
	size_t		*chapters;	/* HITS_BOOK: chapters with results, ascending */
	size_t		 nchapters;
	/* the layout the matches below were computed for */
	int		 valid;
	size_t		 chapter;
	int		 width;
	unsigned long	 generation;
	struct matches	 m;
	size_t		*mline;		/* per match: line of its first part, SIZE_MAX if not shown */
	struct hit_part	*parts;		/* in line order */
	size_t		 nparts, parts_cap;
	long		 cur;		/* current match, or -1 */
};

void		 hits_init(struct hits *h);
void		 hits_free(struct hits *h);

/* Show query q (taken over; NULL clears) in scope; no current hit. */
void		 hits_set(struct hits *h, struct query *q, enum hits_scope scope);
/* HITS_BOOK: the chapters that n / N visit: those of whole-book results
 * and those that may hold hits beyond the results' limit (r->maybe). */
void		 hits_set_chapters(struct hits *h, const struct results *r);

/* Match against d, the layout of `chapter` at its width, for text
 * generation `generation`; nothing is done when that is what the matches
 * are for already.  The current hit is kept over a new width, dropped
 * for another chapter or text.  d is not kept. */
void		 hits_update(struct hits *h, const struct doc *d, size_t chapter, unsigned long generation);

/* The parts on screen line `line`: returns how many, *first the first. */
size_t		 hits_on_line(const struct hits *h, size_t line, const struct hit_part **first);

enum hits_move {
	HITS_NONE,		/* nothing searched, or no hit in this chapter (HITS_CHAPTER) */
	HITS_MOVED,		/* cur is the next / previous hit */
	HITS_WRAPPED,		/* ... after going round the chapter (HITS_CHAPTER) */
	HITS_END,		/* no further hit here: on to hits_next_chapter() (HITS_BOOK) */
};

/* n (dir 1) or N (dir -1) with lines [top, top+rows) on the screen. */
enum hits_move	 hits_step(struct hits *h, int dir, size_t top, int rows);
/* HITS_BOOK: the chapter after (dir 1) or before `from` that has results;
 * *wrapped is set when that went round the book.  -1 when none has. */
long		 hits_next_chapter(const struct hits *h, size_t from, int dir, int *wrapped);
/* In a chapter just matched: its first (dir 1) or last hit becomes the
 * current one.  0 when it has none shown. */
int		 hits_land(struct hits *h, int dir);
/* Make the first match at or after byte `off` of block `block` current
 * (a whole-book result's first hit).  0 when there is none. */
int		 hits_select(struct hits *h, uint32_t block, uint32_t off);
/* Screen line of the current hit, or -1. */
long		 hits_cur_line(const struct hits *h);

/* Whole-book results grouped by chapter for showing: chapters in the
 * order of their best result, each chapter's results in rank order.
 * Writes r->n result indices to order. */
void		 hits_group_order(const struct results *r, size_t *order);

#endif
