/* pages.h — the cache between the book and the reader: parsed chapters
 * and their layout at the current width.
 *
 * A chapter is parsed once and laid out again only when the width
 * changes.  Parsed trees are kept for at most PAGES_KEEP recently used
 * chapters, so reading a long book does not grow without bound.  Every
 * parse of chapter text happens in page_tree() in pages.c, through
 * l10n_parse_chapter() with the current catalog: the text is shown in the
 * catalog's language, falling back to the source block by block.
 *
 * Translator mode marks untranslated and fuzzy blocks (render_opts.
 * mark_translation); the bilingual view lays out the source tree too and
 * interleaves the two (bilingual.h).  No curses, no printing. */
#ifndef HANDBOOK_PAGES_H
#define HANDBOOK_PAGES_H

#include <stddef.h>

#include "book.h"
#include "diag.h"
#include "l10n.h"
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

/* Counts flushes: a layout with the same chapter, width and generation
 * has the same text (search highlights are kept by it). */
unsigned long		 pages_generation(const struct pages *p);

/* Show the book text through catalog c (NULL: the book's own language).
 * c must stay valid until the next call or pages_free(); flushes, and
 * forgets the coverage figures. */
void			 pages_set_catalog(struct pages *p, const struct catalog *c);
/* Translator mode: untranslated and fuzzy blocks styled (STY_UNTRANSLATED,
 * STY_FUZZY), and the catalog's warnings about translations that cannot
 * be used passed on to the caller's diagnostics (otherwise only problems
 * reading chapters are).  Flushes when it changes. */
int			 pages_set_marks(struct pages *p, int on);	/* 1: changed */
/* The bilingual view (with a catalog).  Flushes when it changes. */
void			 pages_set_bilingual(struct pages *p, int on);

/* Coverage of a chapter in the current catalog: computed once per
 * catalog (when the chapter is laid out, or here by a parse of its own).
 * NULL without a catalog, for a draft or a chapter that cannot be read. */
const struct l10n_stats	*pages_stats(struct pages *p, size_t chapter);
/* Translated share in percent, as --coverage counts it: 100 only when
 * every unit is translated (or there is none). */
int			 pages_percent(const struct l10n_stats *st);

/* Keep at most n parsed chapters (default PAGES_KEEP, at least 2), and
 * how many are parsed now: for tests and memory-tight callers. */
void			 pages_set_keep(struct pages *p, size_t n);
size_t			 pages_parsed(const struct pages *p);

#endif
