/* toc.h — the table of contents as a list: SUMMARY's parts and chapters
 * with their numbers, folding, a typed filter and a selection.  Pure state
 * (no curses): the reader draws toc.rows and feeds it keys.
 *
 * The filter matches chapter titles (as shown, translated, and in the
 * source) and numbers ignoring case and accents ("sadarbiba" finds
 * "Sadarbība"); while it is set, folding is ignored and only matching
 * chapters are listed, under their part. */
#ifndef HANDBOOK_TOC_H
#define HANDBOOK_TOC_H

#include <stddef.h>

#include "book.h"

enum toc_kind { TOC_PART, TOC_CHAPTER };

struct toc_row {
	enum toc_kind	 kind;
	size_t		 index;		/* part or chapter index */
	int		 depth;		/* indentation level */
	int		 foldable;	/* has children */
	int		 folded;
};

struct toc {
	const struct book *b;
	unsigned char	*part_folded;	/* per part */
	unsigned char	*ch_folded;	/* per chapter */
	char		*filter;	/* as typed, owned; "" = none */
	struct toc_row	*rows;		/* what is shown */
	size_t		 nrows, rows_cap;
	size_t		 sel;		/* selected row */
};

/* A list for book b (which must outlive it), everything unfolded. */
struct toc	*toc_new(const struct book *b);
void		 toc_free(struct toc *t);

/* Select chapter i, unfolding what hides it (and clearing the filter). */
void		 toc_select_chapter(struct toc *t, size_t i);

/* Set the filter (UTF-8); the selection moves to the first match. */
void		 toc_set_filter(struct toc *t, const char *filter);

/* Left: fold the selected entry, or go to its parent.  Right: unfold.
 * Return 1 when something changed. */
int		 toc_fold(struct toc *t);
int		 toc_unfold(struct toc *t);

/* Move the selection by delta rows (clamped). */
void		 toc_move(struct toc *t, long delta);

/* The selected chapter, or -1 (a part, or nothing). */
long		 toc_selected_chapter(const struct toc *t);

/* Fold s for matching: case folded, accents removed.  Caller frees. */
char		*toc_fold_text(const char *s);

#endif
