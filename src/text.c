/* text.c — see text.h. */
#include <config.h>

#include "text.h"

#include <stdio.h>

#include <utf8proc.h>

size_t
text_decode(const char *str, size_t len, int32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	size_t n;
	int32_t v, min;

	if (c < 0x80) {
		*cp = (int32_t)c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4; v = c & 0x07; min = 0x10000;
	} else {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	if (len < n) {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = TEXT_REPLACEMENT;
			return 1;
		}
		v = (v << 6) | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = TEXT_REPLACEMENT;
		return 1;
	}
	*cp = v;
	return n;
}

void
text_encode(struct buf *b, int32_t cp)
{
	char t[4];
	size_t n;

	if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = TEXT_REPLACEMENT;
	if (cp < 0x80) {
		t[0] = (char)cp; n = 1;
	} else if (cp < 0x800) {
		t[0] = (char)(0xC0 | (cp >> 6));
		t[1] = (char)(0x80 | (cp & 0x3F)); n = 2;
	} else if (cp < 0x10000) {
		t[0] = (char)(0xE0 | (cp >> 12));
		t[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
	} else {
		t[0] = (char)(0xF0 | (cp >> 18));
		t[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		t[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
	}
	buf_add(b, t, n);
}

int
text_cp_width(int32_t cp)
{
	if (cp < 0x7F)
		return cp >= 0x20;
	int w = utf8proc_charwidth(cp);
	if (w < 0)
		return 1;
	/* utf8proc gives 0 to unassigned and format characters it does not
	 * know; only real combining/enclosing marks and zero-width joiners
	 * should take no room. */
	if (w == 0) {
		utf8proc_category_t c = utf8proc_category(cp);
		if (c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME ||
		    c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_CF)
			return 0;
		return 1;
	}
	return w;
}

int
text_unsafe(int32_t cp)
{
	if (cp < 0x20 || cp == 0x7F)
		return 1;
	if (cp >= 0x80 && cp <= 0x9F)
		return 1;
	/* Bidirectional embeddings, overrides and isolates can reorder what
	 * the user sees ("Trojan Source"); line/paragraph separators break
	 * some terminals' line accounting. */
	if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) ||
	    cp == 0x2028 || cp == 0x2029)
		return 1;
	return 0;
}

int
text_visible(struct buf *b, int32_t cp)
{
	if (cp < 0x20 || cp == 0x7F) {
		buf_addc(b, '^');
		buf_addc(b, cp == 0x7F ? '?' : (char)(cp + 0x40));
		return 2;
	}
	char t[16];
	int n = snprintf(t, sizeof t, "<U+%04X>", (unsigned)cp);
	buf_add(b, t, (size_t)n);
	return n;
}

int
text_width(const char *s, size_t len)
{
	int w = 0;
	for (size_t i = 0; i < len;) {
		int32_t cp;
		i += text_decode(s + i, len - i, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

void
text_sanitize(struct buf *out, const char *s, size_t len, int *col)
{
	int c = col ? *col : 0;
	size_t run = 0;		/* start of the pending run of plain ASCII */

	for (size_t i = 0; i < len;) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 0x20 && ch < 0x7F) {	/* fast path */
			i++;
			c++;
			continue;
		}
		buf_add(out, s + run, i - run);
		int32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (cp == '\t') {
			int stop = col ? (c / 8 + 1) * 8 : c + 1;
			for (; c < stop; c++)
				buf_addc(out, ' ');
		} else if (text_unsafe(cp)) {
			c += text_visible(out, cp);
		} else if (cp == TEXT_REPLACEMENT) {
			text_encode(out, cp);
			c += 1;
		} else {
			buf_add(out, s + i, n);
			c += text_cp_width(cp);
		}
		i += n;
		run = i;
	}
	buf_add(out, s + run, len - run);
	if (col)
		*col = c;
}

size_t
text_fit(const char *s, size_t len, int cols, int *used)
{
	int w = 0;
	size_t i = 0, last = 0;

	while (i < len) {
		int32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		int cw = text_cp_width(cp);
		if (cw > 0 && w + cw > cols)
			break;
		w += cw;
		i += n;
		/* Do not end the prefix right before a combining mark. */
		if (i < len) {
			int32_t next;
			text_decode(s + i, len - i, &next);
			if (text_cp_width(next) == 0)
				continue;
		}
		last = i;
	}
	if (i >= len)
		last = len;
	if (used)
		*used = text_width(s, last);
	return last;
}

int
text_valid_utf8(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		int32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (cp == TEXT_REPLACEMENT && n == 1 &&
		    !(len - i >= 3 && (unsigned char)s[i] == 0xEF &&
		      (unsigned char)s[i + 1] == 0xBF && (unsigned char)s[i + 2] == 0xBD))
			return 0;
		i += n;
	}
	return 1;
}
