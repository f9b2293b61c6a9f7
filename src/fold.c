/* fold.c — see fold.h. */
#include <config.h>

#include "fold.h"
#include "fold-table.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* STRIPMARK needs DECOMPOSE: marks are only separable once decomposed.
 * IGNORE drops soft hyphens and zero-width characters, which would
 * otherwise split a word in the text but not in the query. */
#define FOLD_OPTIONS	(UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | \
			 UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

#define REPLACEMENT	0xFFFD

size_t
fold_decode(const char *s, size_t len, size_t pos, int32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s + pos;
	size_t avail, need, i;
	unsigned char lo = 0x80, hi = 0xBF;
	int32_t c;

	if (pos >= len)
		return 0;
	avail = len - pos;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	/* The second-byte ranges exclude overlong forms, surrogates and
	 * values above U+10FFFF, so an ill-formed prefix is detected at the
	 * first byte that cannot continue it (the "maximal subpart"). */
	if (p[0] < 0xC2) {
		*cp = REPLACEMENT;
		return 1;
	} else if (p[0] < 0xE0) {
		need = 1;
		c = p[0] & 0x1F;
	} else if (p[0] < 0xF0) {
		need = 2;
		c = p[0] & 0x0F;
		if (p[0] == 0xE0)
			lo = 0xA0;
		else if (p[0] == 0xED)
			hi = 0x9F;
	} else if (p[0] < 0xF5) {
		need = 3;
		c = p[0] & 0x07;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F;
	} else {
		*cp = REPLACEMENT;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= avail || p[i] < lo || p[i] > hi) {
			*cp = REPLACEMENT;
			return i;
		}
		c = (c << 6) | (p[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return need + 1;
}

static inline int
ascii_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

int
fold_is_word_char(int32_t cp)
{
	/* ASCII is most of what search tokenises: no table look-up for it. */
	if (cp < 0x80)
		return ascii_word_char((unsigned char)cp);
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int
fold_is_word_at(const char *s, size_t len, size_t pos)
{
	int32_t cp;

	if (fold_decode(s, len, pos, &cp) == 0)
		return 0;
	return fold_is_word_char(cp);
}

int
fold_is_word_before(const char *s, size_t len, size_t pos)
{
	size_t start, back;
	int32_t cp;

	if (pos == 0 || pos > len)
		return 0;
	if ((unsigned char)s[pos - 1] < 0x80)
		return ascii_word_char((unsigned char)s[pos - 1]);
	/* Step back over at most three continuation bytes; the result only
	 * counts if it decodes to a character ending exactly at pos. */
	start = pos - 1;
	for (back = 0; back < 3 && start > 0 &&
	    ((unsigned char)s[start] & 0xC0) == 0x80; back++)
		start--;
	if (start + fold_decode(s, len, start, &cp) != pos)
		return 0;
	return fold_is_word_char(cp);
}

size_t
fold_next_word(const char *folded, size_t len, size_t pos, size_t *wstart,
    size_t *wlen)
{
	size_t n = 0, start;
	int32_t cp;
	const unsigned char *f = (const unsigned char *)folded;

	/* ASCII bytes are tested in place, without decoding. */
	for (;;) {
		while (pos < len && f[pos] < 0x80 && !ascii_word_char(f[pos]))
			pos++;
		if (pos >= len)
			return 0;
		if (f[pos] < 0x80)
			break;
		n = fold_decode(folded, len, pos, &cp);
		if (fold_is_word_char(cp))
			break;
		pos += n;
	}
	start = pos;
	for (;;) {
		while (pos < len && f[pos] < 0x80 && ascii_word_char(f[pos]))
			pos++;
		if (pos >= len || f[pos] < 0x80)
			break;
		n = fold_decode(folded, len, pos, &cp);
		if (!fold_is_word_char(cp))
			break;
		pos += n;
	}
	*wstart = start;
	*wlen = pos - start;
	return 1;
}

/* Record that output bytes [from, to) of this call came from offset off;
 * the map always has room for one more entry, the end entry. */
static void
map_span(size_t **map, size_t *map_cap, size_t from, size_t to, size_t off)
{
	if (map == NULL)
		return;
	*map = xgrow(*map, map_cap, to + 1, sizeof **map);
	for (; from < to; from++)
		(*map)[from] = off;
}

/* Append the folded form of one code point to out. */
static void
fold_char(int32_t cp, struct buf *out)
{
	utf8proc_int32_t small[32], *dst = small;
	utf8proc_ssize_t n, i;
	utf8proc_uint8_t enc[4];
	int boundclass = 0;

	n = utf8proc_decompose_char(cp, dst, ARRAY_LEN(small), FOLD_OPTIONS,
	    &boundclass);
	if (n > (utf8proc_ssize_t)ARRAY_LEN(small)) {
		/* No character expands this far today; stay correct if a
		 * future Unicode version makes one. */
		dst = xmalloc((size_t)n * sizeof *dst);
		n = utf8proc_decompose_char(cp, dst, n, FOLD_OPTIONS,
		    &boundclass);
	}
	if (n < 0) {
		dst[0] = REPLACEMENT;
		n = 1;
	}
	for (i = 0; i < n; i++)
		buf_add(out, (const char *)enc,
		    (size_t)utf8proc_encode_char(dst[i], enc));
	if (dst != small)
		free(dst);
}

/* Copy the run of ASCII at s[pos..] lower-cased to o; returns where the
 * run ends (len or the first byte >= 0x80).  This loop is most of what a
 * whole-book search costs, so it goes 16 bytes at a time where it can. */
static size_t
ascii_lower_run(const char *s, size_t len, size_t pos, char *o)
{
	size_t k = pos;
#ifdef __SSE2__
	const __m128i before_a = _mm_set1_epi8('A' - 1), after_z = _mm_set1_epi8('Z' + 1);
	const __m128i bit = _mm_set1_epi8(0x20);
	for (; k + 16 <= len; k += 16, o += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + k));
		if (_mm_movemask_epi8(v))
			break;	/* a byte >= 0x80 in this block */
		/* All bytes are 0..127 here, so signed compares are right. */
		__m128i up = _mm_and_si128(_mm_cmpgt_epi8(v, before_a), _mm_cmplt_epi8(v, after_z));
		_mm_storeu_si128((__m128i *)(void *)o, _mm_or_si128(v, _mm_and_si128(up, bit)));
	}
#else
	/* Eight bytes at a time: add 0x20 to the bytes in 'A'..'Z' (all bytes
	 * are ASCII, so no carries cross bytes). */
	for (; k + 8 <= len; k += 8, o += 8) {
		uint64_t w, ge_a, gt_z, up;
		memcpy(&w, s + k, 8);
		if (w & 0x8080808080808080ULL)
			break;
		ge_a = w + 0x3f3f3f3f3f3f3f3fULL;	/* high bit set if >= 'A' */
		gt_z = w + 0x2525252525252525ULL;	/* high bit set if > 'Z' */
		up = ge_a & ~gt_z & 0x8080808080808080ULL;
		w |= up >> 2;
		memcpy(o, &w, 8);
	}
#endif
	for (; k < len && (unsigned char)s[k] < 0x80; k++)
		*o++ = s[k] >= 'A' && s[k] <= 'Z' ? (char)(s[k] - 'A' + 'a') : s[k];
	return k;
}

void
fold_text(const char *s, size_t len, struct buf *out, size_t **map,
    size_t *map_cap)
{
	size_t base, pos, n, before;
	int32_t cp;

	buf_reserve(out, len);
	base = out->len;
	out->data[base] = '\0';	/* empty input still leaves a string */
	if (map)
		*map = xgrow(*map, map_cap, len + 1, sizeof **map);
	for (pos = 0; pos < len; pos += n) {
		/* ASCII is most of the text: a run of it folds byte for byte,
		 * without decoding (this loop is what whole-book search costs). */
		if ((unsigned char)s[pos] < 0x80) {
			size_t at = out->len;
			buf_reserve(out, len - pos);
			size_t end = ascii_lower_run(s, len, pos, out->data + at);
			out->len = at + (end - pos);
			out->data[out->len] = '\0';
			if (map) {
				*map = xgrow(*map, map_cap, out->len - base + 1, sizeof **map);
				for (size_t m = 0; m < end - pos; m++)
					(*map)[at - base + m] = pos + m;
			}
			n = end - pos;
			continue;
		}
		before = out->len;
		n = fold_decode(s, len, pos, &cp);
		/* ASCII is most of the text and folds to itself lower-cased. */
		if (cp < 0x80)
			buf_addc(out, cp >= 'A' && cp <= 'Z' ?
			    (char)(cp - 'A' + 'a') : (char)cp);
		else if (cp < FOLD_TABLE_END)	/* Latvian letters: no utf8proc call */
			buf_add(out, (const char *)fold_table[cp - FOLD_TABLE_FIRST] + 1,
			    fold_table[cp - FOLD_TABLE_FIRST][0]);
		else
			fold_char(cp, out);
		map_span(map, map_cap, before - base, out->len - base, pos);
	}
	/* The end entry lets a match that runs to the end map back. */
	map_span(map, map_cap, out->len - base, out->len - base + 1, len);
}

char *
fold_cstr(const char *s)
{
	struct buf b = {0};

	fold_text(s, strlen(s), &b, NULL, NULL);
	return buf_detach(&b);
}
