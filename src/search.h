/* search.h — finding words in what the reader shows.
 *
 * Matching is case- and diacritic-insensitive (fold.h): "sadarbiba",
 * "SADARBIBA" and "sadarbība" are the same word.  A query word finds longer
 * forms of itself (prefix) and, through a light stemmer for the book's
 * language (stem.h), its inflections: "sadarbība" finds "sadarbību",
 * "agencies" finds "agency".  "Quoted words" match as a phrase.  Several
 * terms find sections that hold all of them.
 *
 * Search runs over rendered block text (struct doc), never over Markdown
 * syntax, URLs or HTML; a match that wraps across two screen lines is one
 * match.  Whole-book search skips chapters whose folded source cannot
 * contain every term before parsing them.  No curses, no printing. */
#ifndef HANDBOOK_SEARCH_H
#define HANDBOOK_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "book.h"
#include "render.h"

struct catalog;

struct query_term {
	char	**words;	/* folded words; a phrase has several */
	char	**stems;	/* their stems */
	size_t	  nwords;
	char	**needles;	/* prefilter: what any match must contain */
	size_t	 *word_len, *stem_len, *needle_len;
};

struct query {
	char			*text;		/* as typed */
	char			*lang;		/* stemmer language ("lv", "en") */
	struct query_term	*terms;
	size_t			 nterms;
};

/* Parse a query.  NULL when it holds no word.  Free with query_free(). */
struct query	*query_parse(const char *text, const char *lang);
void		 query_free(struct query *q);

/* A match in a doc: bytes [off, off+len) of block `block`'s text. */
struct match {
	uint32_t block;
	uint32_t off;
	uint32_t len;
	uint16_t term;
};

struct matches {
	struct match	*v;
	size_t		 n, cap;
};

/* All matches of any term in d, in document order (appended to out). */
void		 search_doc(const struct query *q, const struct doc *d, struct matches *out);
void		 matches_free(struct matches *m);

/* Screen position of a match: the line and the byte range in that line's
 * text for the part of the match shown there (a match split by wrapping
 * has a part on each line; call with part = 0, 1, ... until it returns 0). */
int		 match_on_line(const struct doc *d, const struct match *m, size_t part,
		    size_t *line, uint32_t *off, uint32_t *len);

struct result {
	size_t		 chapter;
	int		 section;	/* heading block, -1 = before any heading */
	char		*section_title;	/* sanitized, or NULL */
	char		*section_number; /* "3.2" or NULL */
	size_t		 nhits;
	int		 heading_hit;	/* a term is in the section's heading */
	double		 score;
	struct match	 first;		/* first match in the section */
	char		*snippet;	/* one line of text around it */
	uint32_t	 marks[8][2];	/* match [off, len) in the snippet */
	size_t		 nmarks;
};

struct results {
	struct result	*v;
	size_t		 n, cap;
	size_t		 chapters_parsed;	/* for benchmarks and tests */
	size_t		 total_raw;	/* sections that may match, before the limit */
	size_t		*maybe;		/* chapters that may hold a result, ascending:
					 * all of them, also beyond the limit */
	size_t		 nmaybe;
};

/* Remembers folded chapter sources between searches (prefilter). */
struct searcher;

struct searcher	*searcher_new(struct book *b, const struct catalog *cat);
void		 searcher_free(struct searcher *s);
/* For a single search (the command line): nothing is kept for the next
 * one, which saves the memory and the page faults of a copy of the book. */
void		 searcher_one_shot(struct searcher *s);
/* Search the fuzzy translations too, as translator mode shows them
 * (L10N_DRAFTS); call before the first search. */
void		 searcher_show_drafts(struct searcher *s);
/* Work ahead of the first search (the reader calls it while the user
 * starts typing): read and fold up to max_chapters more chapters; once all
 * are folded, and when the book is small enough for the cache of parsed
 * chapters, parse one more per call.  Returns 1 when nothing is left. */
int		 searcher_prepare(struct searcher *s, size_t max_chapters, struct diags *d);

/* Search the whole book, ranked: matches in section headings first, then
 * by a BM25 score over sections.  At most `limit` results (0: all), like
 * mdBook's limit-results; snippet_cols sets the snippet width. */
void		 search_book(struct searcher *s, const struct query *q, int snippet_cols,
		    size_t limit, struct results *out, struct diags *d);
void		 results_free(struct results *r);

#endif
