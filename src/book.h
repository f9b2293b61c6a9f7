/* book.h — an mdBook-style book: book.toml, src/SUMMARY.md, chapter files.
 *
 * Also opens a folder of .md files without SUMMARY.md (sorted, titles from
 * their first heading) and a single Markdown file.  Chapter files are read
 * only when asked for (book_chapter_source), so a large book opens as fast
 * as a small one.  Nothing outside the book's folder is ever read: paths
 * that leave it ("..", absolute, symlinks pointing out) and non-regular
 * files are refused with a diagnostic.  No curses, no printing. */
#ifndef HANDBOOK_BOOK_H
#define HANDBOOK_BOOK_H

#include <stddef.h>

#include "diag.h"
#include "util.h"

enum chapter_kind { CHAPTER_PREFIX, CHAPTER_NUMBERED, CHAPTER_SUFFIX };

struct chapter {
	char		*title;		/* plain text from SUMMARY (raw bytes: sanitize to show) */
	char		*title_msgid;	/* the SUMMARY link text as a msgid (msgid.h) */
	char		*title_tr;	/* translated title, or NULL (l10n_titles) */
	char		*path;		/* relative to book.src; NULL for a draft */
	char		*number;	/* "3.2" for numbered chapters, else NULL */
	int		 depth;		/* nesting level, 0 = top */
	int		 part;		/* index into book.parts, or -1 */
	enum chapter_kind kind;
	int		 summary_line;	/* line in SUMMARY.md, 0 if none */
	/* Loaded on demand: */
	int		 loaded;	/* 1 = source valid, -1 = failed */
	struct buf	 source;	/* Markdown with {{#include}} expanded */
	char		*page_title;	/* from {{#title ...}}, or NULL */
};

struct part {
	char	*title;
	char	*title_msgid;
	char	*title_tr;	/* translated, or NULL */
	size_t	 first;		/* first chapter of the part */
	int	 summary_line;
};

enum book_kind { BOOK_MDBOOK, BOOK_FOLDER, BOOK_FILE };

struct book {
	enum book_kind	 kind;
	char		*root;		/* canonical book folder */
	char		*src;		/* canonical chapter folder */
	char		*src_rel;	/* src relative to root ("src", or "") */
	char		*shown_src;	/* src as the user named it, for messages */
	char		*summary_path;	/* shown path of SUMMARY.md, or NULL */
	char		*title;		/* from book.toml, or a fallback */
	char		*title_tr;	/* translated (l10n_titles), or NULL */
	int		 title_given;	/* title came from book.toml */
	char		*language;	/* from book.toml ("en" by default) */
	struct chapter	*chapters;	size_t nchapters, chapters_cap;
	struct part	*parts;		size_t nparts;
	/* The last folder a file was read from, as the book names it and
	 * canonical: chapters share a few folders, and realpath() costs a
	 * readlink per path component. */
	char		*dir_key, *dir_canon;
};

/* Open the book at `path` (book folder, src folder, folder of .md files or
 * a single .md file).  Problems in book.toml and SUMMARY.md are added to d;
 * returns NULL (with a diagnostic) only when there is nothing to show. */
struct book	*book_open(const char *path, struct diags *d);
void		 book_free(struct book *b);

/* The chapter's Markdown (includes expanded), read on first use and kept.
 * NULL (and a diagnostic) when it cannot be read or is a draft. */
const char	*book_chapter_source(struct book *b, size_t i, size_t *len, struct diags *d);
/* Drop a loaded chapter's text (memory bound for whole-book passes). */
void		 book_chapter_unload(struct book *b, size_t i);

/* Find a chapter from what a user typed: a number ("3", "3.2"), a file name
 * ("somec.md", "somec"), or a title, as written or as translated (case-
 * and accent-insensitive; exact, then prefix, then substring).  -1 if none. */
long		 book_find_chapter(const struct book *b, const char *spec);

/* Resolve a link found in chapter `from`.  Returns the chapter index and
 * sets *anchor (caller frees; NULL when the link has no fragment); returns
 * -1 for an external URL (sets *external = 1) or a broken link. */
long		 book_resolve_link(const struct book *b, size_t from, const char *url,
		    char **anchor, int *external);

/* True when path resolves (symbolic links followed) to something inside
 * the book's folder: the test for any book file read outside of chapters
 * (catalogs). */
int		 book_contains(const struct book *b, const char *path);

/* Shown path of a chapter file ("handbook/src/somec.md"), caller frees. */
char		*book_chapter_file(const struct book *b, size_t i);

/* The book's title to show: translated if there is a translation. */
static inline const char *
book_title(const struct book *b)
{
	return b->title_tr ? b->title_tr : b->title;
}

/* The title to show: translated if there is a translation. */
static inline const char *
chapter_title(const struct chapter *c)
{
	return c->title_tr ? c->title_tr : c->title;
}

static inline const char *
part_title(const struct part *p)
{
	return p->title_tr ? p->title_tr : p->title;
}

/* Maximum size of a chapter or included file. */
#define BOOK_MAX_FILE	(256u * 1024 * 1024)

#endif
