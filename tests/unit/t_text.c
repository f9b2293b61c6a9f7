/* t_text.c — UTF-8 decoding, display width and terminal-safe text. */
#include <config.h>

#include "tap.h"
#include "text.h"

#include <stdlib.h>

static char *
sanitized(const char *s, size_t len, int start_col)
{
	struct buf b = {0};
	int col = start_col;
	text_sanitize(&b, s, len, &col);
	return buf_detach(&b);
}

static void
test_decode(void)
{
	int32_t cp;
	tap_is_int((long long)text_decode("A", 1, &cp), 1, "ASCII is one byte");
	tap_is_int(cp, 'A', "ASCII value");
	tap_is_int((long long)text_decode("\xc4\x81", 2, &cp), 2, "ā is two bytes");
	tap_is_int(cp, 0x101, "ā is U+0101");
	tap_is_int((long long)text_decode("\xe2\x82\xac", 3, &cp), 3, "€ is three bytes");
	tap_is_int((long long)text_decode("\xf0\x9f\xa6\x80", 4, &cp), 4, "crab is four bytes");
	tap_is_int(cp, 0x1F980, "crab value");
	text_decode("\xc0\xaf", 2, &cp);
	tap_is_int(cp, TEXT_REPLACEMENT, "overlong slash becomes U+FFFD");
	text_decode("\xed\xa0\x80", 3, &cp);
	tap_is_int(cp, TEXT_REPLACEMENT, "surrogate becomes U+FFFD");
	text_decode("\xf4\x90\x80\x80", 4, &cp);
	tap_is_int(cp, TEXT_REPLACEMENT, "above U+10FFFF becomes U+FFFD");
	tap_is_int((long long)text_decode("\xe2\x82", 2, &cp), 1, "truncated sequence consumes one byte");
	tap_is_int(cp, TEXT_REPLACEMENT, "truncated sequence becomes U+FFFD");
}

static void
test_width(void)
{
	const char *lv = "āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ";
	tap_is_int(text_width(lv, strlen(lv)), 22, "the 22 Latvian letters take 22 columns");
	tap_is_int(text_width("日本", 6), 4, "CJK characters are two columns wide");
	tap_is_int(text_width("e\xcc\x81", 3), 1, "e + combining acute is one column");
	tap_is_int(text_width("\xf0\x9f\xa6\x80", 4), 2, "emoji is two columns");
	int used;
	tap_is_int((long long)text_fit("ābc", 4, 2, &used), 3, "fit 2 columns of ābc is 3 bytes");
	tap_is_int(used, 2, "fit reports 2 columns");
	tap_is_int((long long)text_fit("日本", 6, 3, &used), 3, "a wide char that does not fit is left out");
	tap_is_int((long long)text_fit("ae\xcc\x81x", 5, 2, &used), 4, "a combining mark stays with its base");
}

static void
test_sanitize(void)
{
	char *s;
	s = sanitized("a\x1b]0;x\x07z", 8, 0);
	tap_is_str(s, "a^[]0;x^Gz", "ESC and BEL become caret notation");
	free(s);
	s = sanitized("\xc2\x9b" "2J", 4, 0);
	tap_is_str(s, "<U+009B>2J", "C1 CSI becomes <U+009B>");
	free(s);
	s = sanitized("x\x7fy", 3, 0);
	tap_is_str(s, "x^?y", "DEL becomes ^?");
	free(s);
	s = sanitized("\xe2\x80\xae" "abc", 6, 0);
	tap_is_str(s, "<U+202E>abc", "bidi override is made visible");
	free(s);
	s = sanitized("a\tb", 3, 0);
	tap_is_str(s, "a       b", "tab expands to column 8");
	free(s);
	s = sanitized("a\tb", 3, 5);
	tap_is_str(s, "a  b", "tab expands from the current column");
	free(s);
	s = sanitized("\xff" "ok", 3, 0);
	tap_is_str(s, "\xef\xbf\xbd" "ok", "invalid byte becomes U+FFFD");
	free(s);
	s = sanitized("Rīga", 5, 0);
	tap_is_str(s, "Rīga", "Latvian text passes unchanged");
	free(s);
	tap_ok(text_valid_utf8("Rīga", 5), "valid UTF-8 is recognised");
	tap_ok(!text_valid_utf8("R\xffga", 4), "invalid UTF-8 is recognised");
	tap_ok(text_unsafe(0x1b) && text_unsafe(0x9b) && text_unsafe(0x7f) && !text_unsafe(0x101),
	    "unsafe: ESC, CSI, DEL; safe: ā");
}

int
main(void)
{
	test_decode();
	test_width();
	test_sanitize();
	return tap_done();
}
