/* pages.h — the cache between the book and the reader: parsed chapters
 * and their layout at the current width.
 *
 * A chapter is parsed once (md_parse) and laid out again only when the
 * width changes.  Parsed trees are kept for at most PAGES_KEEP recently
 * used chapters, so reading a long book does not grow without bound.
 * Every md_parse of chapter text happens in page_tree() in pages.c: a
 * translation or search layer hooks in there.  No curses, no printing. */
#ifndef HANDBOOK_PAGES_H
#define HANDBOOK_PAGES_H

#include <stddef.h>

#include "book.h"
#include "diag.h"
#include "render.h"

#define PAGES_KEEP	8

struct pages;

/* A cache for book b, which must outlive it.  Free with pages_free(). */
struct pages		*pages_new(struct book *b);
void			 pages_free(struct pages *p);

/* Chapter `chapter` laid out for `width` columns.  Never NULL: a chapter
 * that cannot be read (or a draft) gives a short doc that says so, and the
 * reason is added to d (when not NULL).  The doc belongs to the cache and
 * stays valid until the next pages_doc() call; do not keep it longer. */
const struct doc	*pages_doc(struct pages *p, size_t chapter, int width, struct diags *d);

/* True when the chapter's text could not be read (after pages_doc). */
int			 pages_failed(const struct pages *p, size_t chapter);

/* Forget every parsed chapter (the text on disk or the language changed). */
void			 pages_flush(struct pages *p);

/* Keep at most n parsed chapters (default PAGES_KEEP, at least 2), and
 * how many are parsed now: for tests and memory-tight callers. */
void			 pages_set_keep(struct pages *p, size_t n);
size_t			 pages_parsed(const struct pages *p);

#endif
