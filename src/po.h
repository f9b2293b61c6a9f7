/* po.h — reading, looking up and writing gettext PO files.
 *
 * Translators edit po/lv.po and the reader applies it directly, so this is a
 * PO parser that must survive anything a text editor (or a fuzzer) can
 * produce: it never prints, it records diagnostics, it recovers from syntax
 * errors entry by entry, and it runs in linear time.  All strings handed out
 * are valid UTF-8 without NUL bytes (the file's charset is converted; bad
 * bytes become U+FFFD with a warning).  No plural-expression evaluation.
 *
 * The writer produces .pot files in the layout of `xgettext --no-wrap` /
 * `msgcat --no-wrap` (gettext 0.21): strings are split only after "\n",
 * never at a column, and "#:" references are wrapped at 79 columns exactly as
 * msgmerge does, so running msgcat --no-wrap over our output changes nothing. */
#ifndef HANDBOOK_PO_H
#define HANDBOOK_PO_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "util.h"

/* Largest file po_load() accepts. */
#define PO_MAX_FILE_SIZE	(64UL * 1024 * 1024)
/* At most this many diagnostics are recorded per parse (then one "further
 * problems suppressed" note), so a hostile file cannot turn every byte into
 * a diagnostic.  po_file counts all of them. */
#define PO_MAX_DIAGS		100
/* "#:" lines are at most this wide unless a single reference is longer
 * (measured: msgmerge and msgcat 0.21 break when a line would exceed 79). */
#define PO_REF_WIDTH		79

struct po_entry {
	char	 *msgctxt;		/* NULL when absent; "" is a distinct, empty context */
	char	 *msgid;		/* never NULL */
	char	 *msgid_plural;		/* NULL unless a plural entry */
	char	**msgstr;		/* nmsgstr >= 1 strings, never NULL */
	size_t	  nmsgstr;
	int	  fuzzy;		/* "#, fuzzy" */
	int	  obsolete;		/* "#~" entry: kept, never looked up */
	char	**refs;			/* "#:" references split on whitespace, */
	size_t	  nrefs;		/*   e.g. "src/a.md" or "src/a.md:12" */
	char	**flags;		/* every "#," flag, "fuzzy" included */
	size_t	  nflags;
	char	 *extracted;		/* "#." lines joined with \n, or NULL */
	char	 *translator_comment;	/* "# " lines joined with \n, or NULL */
	char	 *prev_msgctxt;		/* "#|" previous strings, or NULL */
	char	 *prev_msgid;
	char	 *prev_msgid_plural;
	int	  line;			/* line of the msgid keyword */
};

struct po_file {
	char		*filename;	/* as given to po_parse(), may be NULL */
	struct po_entry	*entries;	/* file order; duplicates already dropped */
	size_t		 nentries;
	const struct po_entry *header;	/* msgid "" without context, or NULL */
	char		*charset;	/* as declared in Content-Type, or NULL */
	char		*plural_forms;	/* value of Plural-Forms, or NULL */
	int		 nplurals;	/* from plural_forms; 0 when absent or bad */
	char		*language;	/* value of Language, or NULL */
	size_t		 nerrors;	/* all problems found, including those */
	size_t		 nwarnings;	/*   beyond PO_MAX_DIAGS */
	/* Lookup table, private: open addressing, linear probing over
	 * (msgctxt, msgid) of the non-obsolete entries; a keyed hash so that
	 * crafted collisions cannot make lookups quadratic. */
	size_t		*slots;		/* entry index + 1; 0 = empty */
	size_t		 nslots;	/* power of two */
	uint64_t	 hashkey[2];
};

/* Parse a PO file held in memory (data need not be NUL-terminated and may
 * contain anything).  filename is only used in diagnostics.  Syntax errors
 * are recorded as DIAG_ERROR with their line; the bad entry is skipped and
 * parsing resumes at the next one, so the caller decides whether errors make
 * the file unusable (pf->nerrors).  d may be NULL.  Returns a po_file the
 * caller frees with po_free(), or NULL only when the declared charset is
 * unknown or not ASCII-compatible (an error is recorded). */
struct po_file	*po_parse(const char *data, size_t len, const char *filename,
		    struct diags *d);

/* Read path (a regular file of at most PO_MAX_FILE_SIZE bytes) and parse
 * it.  Returns NULL with a diagnostic when the file cannot be read or its
 * charset is unusable; otherwise as po_parse(). */
struct po_file	*po_load(const char *path, struct diags *d);

/* The non-obsolete entry with this context (NULL = none) and msgid, or NULL.
 * The pointer is owned by pf. */
const struct po_entry *po_find(const struct po_file *pf, const char *msgctxt,
		    const char *msgid);

/* The translation to show at runtime, following msgfmt: the entry (without
 * context) exists, is not the header, not fuzzy, not obsolete, and msgstr[0]
 * is non-empty.  Otherwise NULL.  Owned by pf. */
const char	*po_translation(const struct po_file *pf, const char *msgid);

/* Counts as `msgfmt --statistics` does, header and obsolete entries left
 * out: untranslated = msgstr[0] empty (even when fuzzy), fuzzy = fuzzy with
 * a non-empty msgstr[0], translated = the rest.  NULL outputs are skipped. */
void		 po_stats(const struct po_file *pf, size_t *translated,
		    size_t *fuzzy, size_t *untranslated);

/* The same counts restricted to entries with a "#:" reference to path
 * ("path" or "path:LINE"), like `msggrep -N path | msgfmt --statistics`. */
void		 po_stats_ref(const struct po_file *pf, const char *path,
		    size_t *translated, size_t *fuzzy, size_t *untranslated);

/* Whether e has a "#:" reference to path, with or without ":LINE". */
int		 po_entry_refers_to(const struct po_entry *e, const char *path);

/* The value of header field name (case-insensitive, e.g. "Language"),
 * trimmed, as a new string the caller frees; NULL when absent. */
char		*po_header_field(const struct po_file *pf, const char *name);

/* Free pf and everything it owns.  NULL is allowed. */
void		 po_free(struct po_file *pf);

/* Append `keyword "s"` and a newline to out, escaped as gettext does
 * (\\ \" \n \t \r \a \b \f \v; other bytes raw).  A string with a "\n"
 * before its last byte is written as `keyword ""` followed by one line per
 * "\n"-terminated piece; nothing is wrapped at a column.  s NULL = "". */
void		 po_write_string(struct buf *out, const char *keyword, const char *s);

/* Append the standard xgettext POT header (placeholder comments, "#, fuzzy",
 * Project-Id-Version, POT-Creation-Date, Language, UTF-8, 8bit).  Any of the
 * arguments may be NULL: project → "PACKAGE VERSION", language → empty,
 * pot_date → the field is left out.  Control characters in them become
 * spaces so they cannot break the header.  Ends with the last header line;
 * each po_write_entry() starts with the blank separator line. */
void		 po_write_header(struct buf *out, const char *project,
		    const char *language, const char *pot_date);

/* Append a blank line and one untranslated entry: a "#." line per line of
 * extracted_comment (may be NULL), the refs on "#:" lines wrapped at
 * PO_REF_WIDTH, `msgid` and `msgstr ""`.  Control characters in comments and
 * refs are written as spaces so the output always parses; refs containing
 * spaces are written as they are (as gettext 0.21 does) and so do not read
 * back as one reference. */
void		 po_write_entry(struct buf *out, const char *extracted_comment,
		    const char *const *refs, size_t nrefs, const char *msgid);

#endif
