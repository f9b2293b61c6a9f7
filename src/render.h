/* render.h — a chapter's Markdown as lines of styled spans for a width.
 *
 * Two steps, so that a resize does not re-parse:
 *   md_parse()    Markdown (cmark-gfm with tables, footnotes, strikethrough,
 *                 autolinks, task lists) -> struct mdtree
 *   render_doc()  mdtree + width -> struct doc: wrapped, sanitized lines
 * No curses and no escape codes here: styles are bits that the UI (curses)
 * or the printer (ANSI / plain) map to attributes.
 *
 * Every line records where it came from (block number and source line), so
 * search, bookmarks and translation can map back to the text. */
#ifndef HANDBOOK_RENDER_H
#define HANDBOOK_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum style {
	STY_EMPH	= 1u << 0,
	STY_STRONG	= 1u << 1,
	STY_CODE	= 1u << 2,	/* inline code */
	STY_STRIKE	= 1u << 3,
	STY_LINK	= 1u << 4,
	STY_HEADING	= 1u << 5,	/* any heading text */
	STY_TITLE	= 1u << 6,	/* the chapter's level-1 heading */
	STY_PREFIX	= 1u << 7,	/* quote bars, bullets, numbers */
	STY_RULE	= 1u << 8,	/* thematic break */
	STY_BORDER	= 1u << 9,	/* table borders */
	STY_TH		= 1u << 10,	/* table header cells */
	STY_CTRL	= 1u << 11,	/* placeholder for an unsafe character */
	STY_DIM		= 1u << 12,	/* HTML, link targets shown in text */
	STY_FOOTREF	= 1u << 13,	/* footnote mark [1] */
	STY_CUT		= 1u << 14,	/* marker for a cut code line */
	STY_CODEBLOCK	= 1u << 15,
	STY_IMAGE	= 1u << 16,
	STY_UNTRANSLATED = 1u << 17,	/* block left in the source language */
	STY_FUZZY	= 1u << 18,
	STY_URL		= 1u << 19,	/* a URL shown as text (autolink) */
	/* Added by the UI, never by render: */
	STY_MATCH	= 1u << 24,
	STY_CURMATCH	= 1u << 25,
	STY_SELECTED	= 1u << 26,
};

/* A run of one style inside a line.  off/len are bytes of the line text. */
struct span {
	uint32_t off;
	uint32_t len;
	uint32_t style;
	int32_t	 link;		/* index into doc.links, or -1 */
};

enum line_kind {
	LINE_TEXT, LINE_BLANK, LINE_HEADING, LINE_CODE, LINE_RULE, LINE_TABLE,
	LINE_NOTE			/* footnote text */
};

struct line {
	size_t	 text;		/* offset of the text in doc.text */
	uint32_t len;		/* bytes */
	uint32_t cols;		/* display width, <= doc.width */
	uint32_t span;		/* first span in doc.spans */
	uint32_t nspans;
	int32_t	 block;		/* index into doc.blocks, -1 for blank lines */
	uint8_t	 kind;		/* enum line_kind */
	uint8_t	 level;		/* heading level for LINE_HEADING */
	uint32_t seg;		/* first segment in doc.segs */
	uint32_t nsegs;
};

/* Where block text shows on a line: bytes [block_off, block_off+len) of the
 * block's plain text (doc.btext) appear at byte line_off of the line.  A
 * table row has one segment per cell; a wrapped paragraph one per line.
 * Search maps hits through these, so a hit split by wrapping is found. */
struct seg {
	int32_t	 block;
	uint32_t block_off;
	uint32_t line_off;
	uint32_t len;
};

/* A leaf block of text (paragraph, heading, list item text, table cell,
 * code block, footnote paragraph) in document order. */
struct block {
	uint32_t first_line;
	uint32_t nlines;
	int	 src_line;	/* 1-based line in the chapter source */
	uint8_t	 kind;		/* enum line_kind of its lines */
	uint8_t	 level;
	uint8_t	 flags;		/* BLOCK_* */
};
#define BLOCK_UNTRANSLATED	0x01
#define BLOCK_FUZZY		0x02
#define BLOCK_TRANSLATED	0x04

struct link {
	char	*url;		/* as written (footnotes: "#fn-N" / "#fnref-N") */
	uint32_t line;		/* first line the link appears on */
	int	 src_line;	/* line in the chapter source, 0 if unknown */
};

struct anchor {
	char	*id;		/* slug (mdBook/GitHub rules, made unique) */
	char	*title;		/* plain heading text, sanitized; NULL for notes */
	uint32_t line;
	uint8_t	 level;		/* heading level; 0 for footnote anchors */
	int32_t	 block;		/* the heading's block, or -1 */
	char	*number;	/* "3.2" / "3.2.1", or NULL */
};

struct doc {
	int		 width;
	struct buf	 text;		/* all line texts, back to back */
	struct line	*lines;		size_t nlines, lines_cap;
	struct span	*spans;		size_t nspans, spans_cap;
	struct block	*blocks;	size_t nblocks, blocks_cap;
	struct link	*links;		size_t nlinks, links_cap;
	struct anchor	*anchors;	size_t nanchors, anchors_cap;
	struct seg	*segs;		size_t nsegs, segs_cap;
	/* Plain text of every block ("what the reader shows", unwrapped;
	 * wrapped lines joined by one space), for search. */
	struct buf	 btext;
	size_t		*btext_off;	/* nblocks + 1 offsets into btext */
	/* Private to render.c: a hash index of the anchor ids, so that
	 * doc_find_anchor() and unique ids stay O(1) per heading. */
	struct anchor_index *aindex;
};

struct mdtree;	/* opaque: a parsed chapter */

/* Parse Markdown.  Never fails (CommonMark has no syntax errors); invalid
 * UTF-8 becomes U+FFFD.  Free with md_free(). */
struct mdtree	*md_parse(const char *md, size_t len);
void		 md_free(struct mdtree *t);
/* The cmark-gfm root (cmark_node *), for the i18n module. */
void		*md_root(struct mdtree *t);
/* Parse options shared by every parser of book text. */
void		*md_new_parser(void);	/* cmark_parser *, caller frees */

struct render_opts {
	int		 width;		/* columns, clamped to >= 4 */
	const char	*number;	/* chapter number ("3.2") or NULL */
	int		 mark_translation; /* style untranslated/fuzzy blocks */
	int		 text_only;	/* blocks, block text and anchors, no lines (search) */
};

/* Lay the tree out.  Caller frees with doc_free(). */
struct doc	*render_doc(const struct mdtree *t, const struct render_opts *o);
void		 doc_free(struct doc *d);

static inline const char *
doc_line_text(const struct doc *d, size_t i)
{
	return d->text.data + d->lines[i].text;
}

/* Anchor lookup by id; -1 when absent. */
long		 doc_find_anchor(const struct doc *d, const char *id);
/* Index of the block shown at or after line i (or before, at the end). */
long		 doc_line_block(const struct doc *d, size_t i);
/* The heading (anchor index) whose section line i is in: the last heading
 * at or above it; -1 above the first.  With *from and *to (may be NULL)
 * the section's lines: from the heading to the next heading of the same
 * or a higher level, trailing blank lines left out; the whole doc for -1. */
long		 doc_section_at(const struct doc *d, size_t i, size_t *from, size_t *to);
/* The lines of the section under heading anchor a, as above. */
void		 doc_section_lines(const struct doc *d, size_t a, size_t *from, size_t *to);

/* What l10n_translate() leaves on a message unit's node (cmark user data):
 * its state (enum unit_state in l10n.h) and, for a translated heading, the
 * source text, so anchors stay those of the original language and links
 * written against it keep working in every translation. */
struct unit_note {
	int	 state;
	char	*source_text;	/* plain text of the untranslated heading, or NULL */
};

/* Append the plain text of a node's inlines (text and code, breaks as
 * spaces): what anchors are made from. */
void		 md_plain_text(void *node, struct buf *out);

/* Write a slug for heading text (mdBook's normalize_id: lower case, letters,
 * digits, '-' and '_' kept, spaces to '-', the rest dropped). */
void		 slugify(struct buf *out, const char *text, size_t len);

#endif
