/* fold.h — search folding and word tokenisation.
 *
 * Search compares folded text: Unicode case folding, canonical
 * decomposition with every combining mark removed, and default-ignorable
 * characters (soft hyphen, zero-width joiners) dropped.  So "Sadarbība",
 * "SADARBĪBA" and "sadarbiba" all fold to "sadarbiba", and "ß" to "ss".
 * Invalid UTF-8 becomes U+FFFD (one per maximal ill-formed subpart, as
 * Unicode recommends), so folded text is always valid UTF-8.
 *
 * Words are maximal runs of characters of Unicode category L*, N* or M*.
 * Everything else, including '_' and apostrophes, separates words. */
#ifndef HANDBOOK_FOLD_H
#define HANDBOOK_FOLD_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* Append the folded form of s[0..len) to out (which stays NUL-terminated).
 * When map is non-NULL, *map (capacity *map_cap elements, grown with xgrow;
 * the caller owns and frees it) receives one entry per output byte of this
 * call: (*map)[i] is the byte offset in s of the input character that
 * produced output byte i, counted from the start of this call's output, not
 * of out.  One extra entry (*map)[n] = len follows, n being the number of
 * bytes appended, so a match [a, b) in the folded text covers
 * [(*map)[a], (*map)[b]) of s. */
void	 fold_text(const char *s, size_t len, struct buf *out, size_t **map,
	    size_t *map_cap);

/* The folded form of the NUL-terminated s; caller frees. */
char	*fold_cstr(const char *s);

/* Decode the character at s[pos] (pos < len).  Stores the code point, or
 * U+FFFD for an ill-formed sequence, in *cp and returns the number of
 * bytes it occupies (at least 1).  Returns 0 when pos >= len. */
size_t	 fold_decode(const char *s, size_t len, size_t pos, int32_t *cp);

/* Whether cp is a word character: Unicode category L*, N* or M*. */
int	 fold_is_word_char(int32_t cp);

/* Whether the character starting at s[pos] / ending just before s[pos] is
 * a word character; 0 at the ends of the text.  For whole-word checks. */
int	 fold_is_word_at(const char *s, size_t len, size_t pos);
int	 fold_is_word_before(const char *s, size_t len, size_t pos);

/* Find the first word that starts at or after folded[pos] (pos on a
 * character boundary).  Returns 1 and stores its byte offset and length in
 * *wstart and *wlen, or returns 0 when there is none. */
size_t	 fold_next_word(const char *folded, size_t len, size_t pos,
	    size_t *wstart, size_t *wlen);

#endif
