/* bilingual.h — the bilingual view: a translated chapter with each
 * translated block followed by its source, dimmed, for review.
 *
 * Both layouts are of the same chapter at the same width, one translated
 * (l10n_translate), one not.  Translation keeps the block structure, so
 * block i of one is block i of the other.  The result is the translated
 * layout — its blocks, block text, segments, anchors and links, so that
 * search, places, bookmarks and links work as they do there — with the
 * source's text lines put in after the lines of each block marked
 * BLOCK_TRANSLATED, and the source's whole table after a table any of
 * whose cells is translated.  Blocks shown in the source language anyway
 * (untranslated, fuzzy, invalid, code) are not repeated.
 *
 * The lines put in carry no block text (like blank lines or a heading's
 * underline), so a place on them is kept as "k lines after the block"
 * (nav.h), and they are styled STY_DIM without links.  No curses. */
#ifndef HANDBOOK_BILINGUAL_H
#define HANDBOOK_BILINGUAL_H

#include "render.h"

/* The interleaved layout (caller frees with doc_free), or NULL when the
 * two do not have the same blocks: then show the translation alone. */
struct doc	*doc_bilingual(const struct doc *tr, const struct doc *src);

#endif
