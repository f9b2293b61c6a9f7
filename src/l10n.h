/* l10n.h — the book's text in another language, from gettext catalogs.
 *
 * A book's translations live in <book>/po/LANG.po (mdbook-i18n-helpers'
 * layout).  The reader reads that .po itself: translators see a saved edit
 * at once (R reloads), fuzzy entries can be told from untranslated ones,
 * and errors come back as file:line diagnostics.  A compiled LANG.mo next
 * to it is used instead when it is at least as new (it carries no fuzzy
 * entries), and alone when no .po is shipped.
 *
 * Translation works on the parsed tree: every message unit (msgid.h) whose
 * msgstr parses to one paragraph gets the msgstr's inlines; anything else
 * keeps the source text, so a chapter may mix languages.  No curses. */
#ifndef HANDBOOK_L10N_H
#define HANDBOOK_L10N_H

#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "book.h"
#include "diag.h"
#include "po.h"
#include "render.h"
#include "util.h"

struct file_stamp {
	struct timespec	 mtime;
	off_t		 size;
	ino_t		 ino;
};

struct catalog {
	char		*lang;		/* "lv" */
	char		*path;		/* file read, as shown to the user */
	struct po_file	*po;		/* when read from a .po */
	/* when read from a .mo: sorted msgid/msgstr pairs */
	char		**mo_ids, **mo_strs;
	size_t		 mo_n;
	struct file_stamp stamp;	/* of path when read */
	int		 broken;	/* the .po had syntax errors */
};

/* Unit states, kept on cmark nodes (user data) by l10n_translate(). */
enum unit_state { UNIT_SOURCE = 0, UNIT_TRANSLATED = 1, UNIT_FUZZY = 2,
	UNIT_UNTRANSLATED = 3, UNIT_INVALID = 4, UNIT_SKIPPED = 5,
	UNIT_DRAFT = 6 /* a fuzzy translation shown (L10N_DRAFTS) */ };

/* l10n_translate() flags.  L10N_DRAFTS: show fuzzy translations, still
 * marked fuzzy (translator mode: the translator sees the draft in place);
 * without it a fuzzy entry is never used, as gettext does. */
#define L10N_DRAFTS	0x01

struct l10n_stats {
	size_t	total;		/* message units (skipped ones left out) */
	size_t	translated;
	size_t	fuzzy;
	size_t	untranslated;
	size_t	invalid;	/* msgstr that does not parse to the same kind of block */
};

/* Load <book>/po/<lang>.po (or .mo).  NULL when the book has no catalog for
 * lang (no diagnostic) or it cannot be used (a diagnostic).  A .po with
 * syntax errors is not used (broken entries could be misread). */
struct catalog	*catalog_load(const struct book *b, const char *lang, int need_fuzzy, struct diags *d);
void		 catalog_free(struct catalog *c);
/* True when the file on disk changed since it was loaded. */
int		 catalog_changed(const struct catalog *c);
/* Languages the book has catalogs for ("lv"), sorted; caller frees each and the array. */
char	       **catalog_languages(const struct book *b, size_t *n);

/* The msgstr to use, or NULL.  *fuzzy (may be NULL) is set when the entry
 * exists with a fuzzy msgstr (which is never used). */
const char	*catalog_lookup(const struct catalog *c, const char *msgid, int *fuzzy);
/* The fuzzy msgstr of msgid (a .po's draft), or NULL. */
const char	*catalog_draft(const struct catalog *c, const char *msgid);

/* Translate a parsed chapter (cmark_node *root) in place.  Invalid
 * translations are reported against `file` (the catalog's path). */
void		 l10n_translate(void *root, const struct catalog *c, unsigned flags,
		    struct l10n_stats *st, struct diags *d);

/* Titles of chapters and parts in the catalog's language: fills
 * chapter.title_tr / part.title_tr (NULL = untranslated).  c NULL clears. */
void		 l10n_titles(struct book *b, const struct catalog *c);

/* The .pot for the whole book: SUMMARY titles, then every chapter's units,
 * duplicates merged, "#: src/file.md" references without line numbers. */
void		 l10n_xgettext(struct book *b, struct buf *out, struct diags *d);

/* Parse chapter i and translate it with c (may be NULL).  NULL when the
 * chapter cannot be read.  Caller frees with md_free(). */
struct mdtree	*l10n_parse_chapter(struct book *b, size_t i, const struct catalog *c,
		    unsigned flags, struct l10n_stats *st, struct diags *d);

/* The msgid of the message unit that the block starting at source line
 * `line` of chapter i belongs to (a unit starting on that line, else the
 * last one above it); NULL when there is none.  Caller frees. */
char		*l10n_msgid_at(struct book *b, size_t i, int line, struct diags *d);

/* Coverage of one chapter: parse and count, without rendering. */
void		 l10n_chapter_stats(struct book *b, size_t chapter, const struct catalog *c,
		    struct l10n_stats *st, struct diags *d);

/* Check every translated (non-fuzzy) entry of a .po for lost Markdown: code spans,
 * link and image targets, footnote references, inline HTML, emphasis and
 * hard-break counts, and that it stays one block of the msgid's kind.
 * Problems go to d as file:line errors; returns their number. */
size_t		 l10n_check_po(const char *path, struct diags *d);

#endif
