/* text.h — UTF-8 decoding, display width and terminal-safe text.
 *
 * Width is display columns (utf8proc), never bytes.  Content never reaches
 * the terminal raw: C0 controls, DEL, C1 controls and bidirectional
 * overrides are replaced by visible placeholders (^[, ^?, <U+009B>),
 * invalid UTF-8 by U+FFFD. */
#ifndef HANDBOOK_TEXT_H
#define HANDBOOK_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define TEXT_REPLACEMENT 0xFFFD

/* Decode one character of s[0..len) (len > 0) into *cp and return the number
 * of bytes used (>= 1).  Overlong forms, surrogates, values above U+10FFFF
 * and truncated sequences give U+FFFD and consume one byte. */
size_t	text_decode(const char *s, size_t len, int32_t *cp);

/* Append the UTF-8 encoding of cp. */
void	text_encode(struct buf *b, int32_t cp);

/* Columns taken by cp when shown: 0 (combining), 1 or 2.  Not meaningful
 * for controls: text_unsafe() ones are shown through text_visible(). */
int	text_cp_width(int32_t cp);

/* True when cp must not be sent to a terminal as is. */
int	text_unsafe(int32_t cp);

/* Append the visible placeholder for an unsafe character ("^[", "^?",
 * "<U+009B>") and return its width in columns. */
int	text_visible(struct buf *b, int32_t cp);

/* Width of already safe UTF-8 text. */
int	text_width(const char *s, size_t len);

/* Append s to out made safe: invalid UTF-8 -> U+FFFD, unsafe characters
 * -> placeholders, tabs -> spaces (to the next multiple of 8 counted from
 * *col when col is non-NULL, else one space).  Updates *col by the width
 * appended. */
void	text_sanitize(struct buf *out, const char *s, size_t len, int *col);

/* Byte length of the longest prefix of safe text s[0..len) that fits in
 * `cols` columns, never splitting a character or separating a combining
 * mark from its base.  *used receives the prefix's width. */
size_t	text_fit(const char *s, size_t len, int cols, int *used);

/* True when s is valid UTF-8. */
int	text_valid_utf8(const char *s, size_t len);

#endif
