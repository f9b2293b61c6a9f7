/* t_fold.c — search folding, the offset map and word tokenisation. */
#include <config.h>

#include "fold.h"
#include "tap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static void
check_fold(const char *in, const char *want, const char *name)
{
	char *got = fold_cstr(in);

	tap_is_str(got, want, name);
	free(got);
}

/* Fold in[0..len) and compare bytes and the whole map (nwant + 1 entries,
 * the last being len). */
static void
check_map(const char *in, size_t len, const char *want, size_t wantlen,
    const size_t *wantmap, const char *name)
{
	struct buf out = {0};
	size_t *map = NULL, cap = 0, i;
	int ok;
	char label[128];

	fold_text(in, len, &out, &map, &cap);
	snprintf(label, sizeof label, "%s: output bytes", name);
	tap_ok(out.len == wantlen && memcmp(out.data, want, wantlen) == 0,
	    label);
	ok = out.len == wantlen;
	for (i = 0; ok && i <= wantlen; i++)
		if (map[i] != wantmap[i]) {
			printf("# map[%zu] = %zu, expected %zu\n", i, map[i],
			    wantmap[i]);
			ok = 0;
		}
	snprintf(label, sizeof label, "%s: offset map", name);
	tap_ok(ok, label);
	free(map);
	buf_free(&out);
}

static void
test_latvian_letters(void)
{
	static const struct {
		const char *in, *want;
	} letters[] = {
		{ "ā", "a" }, { "č", "c" }, { "ē", "e" }, { "ģ", "g" },
		{ "ī", "i" }, { "ķ", "k" }, { "ļ", "l" }, { "ņ", "n" },
		{ "š", "s" }, { "ū", "u" }, { "ž", "z" },
		{ "Ā", "a" }, { "Č", "c" }, { "Ē", "e" }, { "Ģ", "g" },
		{ "Ī", "i" }, { "Ķ", "k" }, { "Ļ", "l" }, { "Ņ", "n" },
		{ "Š", "s" }, { "Ū", "u" }, { "Ž", "z" },
	};
	char name[64];
	size_t i;

	for (i = 0; i < ARRAY_LEN(letters); i++) {
		snprintf(name, sizeof name, "Latvian %s folds to %s",
		    letters[i].in, letters[i].want);
		check_fold(letters[i].in, letters[i].want, name);
	}
}

static void
test_strings(void)
{
	check_fold("Sadarbība", "sadarbiba", "mixed case with ī");
	check_fold("SADARBĪBA", "sadarbiba", "upper case with Ī");
	check_fold("sadarbiba", "sadarbiba", "plain ASCII is unchanged");
	check_fold("Valsts probācijas dienests un Valsts policija",
	    "valsts probacijas dienests un valsts policija",
	    "sentence keeps spaces");
	check_fold("ĀČĒĢĪĶĻŅŠŪŽ āčēģīķļņšūž",
	    "acegiklnsuz acegiklnsuz", "the whole Latvian alphabet");
	check_fold("Likumpārkāpēja, iestāžu; Ģimenes!",
	    "likumparkapeja, iestazu; gimenes!", "punctuation kept");
	check_fold("Straße", "strasse", "ß folds to ss");
	check_fold("STRASSE", "strasse", "SS folds to ss");
	check_fold("ẞ", "ss", "capital ẞ folds to ss");
	check_fold("Ñandú Ångström", "nandu angstrom",
	    "other Latin diacritics");
	check_fold("ΟΔΟΣ οδος", "οδοσ οδοσ", "Greek final sigma folds");
	check_fold("ﬁle", "file", "fi ligature folds");
	check_fold("sadar\xc2\xad" "bība", "sadarbiba",
	    "soft hyphen is ignored");
	check_fold("a\xcc\x84" "b", "ab", "decomposed combining mark removed");
	check_fold("", "", "empty string");
	check_fold("a\xffz", "a\xef\xbf\xbdz", "invalid byte becomes U+FFFD");
	check_fold("\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd",
	    "overlong form: one U+FFFD per byte");
	check_fold("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "surrogate: one U+FFFD per byte");
	check_fold("x\xe2\x82", "x\xef\xbf\xbd",
	    "truncated sequence: one U+FFFD");
	check_fold("\xf4\x90\x80\x80",
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "above U+10FFFF: one U+FFFD per byte");
	check_fold("\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80",
	    "4-byte emoji passes through");
}

static void
test_maps(void)
{
	/* Š(0-1) ā(2-3) ' '(4) ß(5-6) -> "sa ss" */
	static const size_t m1[] = { 0, 2, 4, 5, 5, 7 };
	/* a(0) \xff(1) b(2) -> a, EF BF BD, b */
	static const size_t m2[] = { 0, 1, 1, 1, 2, 3 };
	/* x(0) E2 82(1-2) -> x, EF BF BD */
	static const size_t m3[] = { 0, 1, 1, 1, 3 };
	/* ΟΔ: two 2-byte letters to two 2-byte letters */
	static const size_t m4[] = { 0, 0, 2, 2, 4 };
	/* s a d a r SHY(5-6) b ī(8-9) b a */
	static const size_t m5[] = { 0, 1, 2, 3, 4, 7, 8, 10, 11, 12 };
	/* emoji stays 4 bytes from offset 1 */
	static const size_t m6[] = { 0, 1, 1, 1, 1, 5 };
	static const size_t m7[] = { 0 };
	static const size_t m8[] = { 0, 1, 2, 3 };

	check_map("Šā ß", strlen("Šā ß"), "sa ss", 5, m1,
	    "Latvian and ß");
	check_map("a\xff" "b", 3, "a\xef\xbf\xbd" "b", 5, m2,
	    "invalid byte");
	check_map("x\xe2\x82", 3, "x\xef\xbf\xbd", 4, m3,
	    "truncated sequence");
	check_map("ΟΔ", 4, "οδ", 4, m4, "Greek");
	check_map("sadar\xc2\xad" "bība", 12, "sadarbiba", 9, m5,
	    "soft hyphen");
	check_map("-\xf0\x9f\x98\x80", 5, "-\xf0\x9f\x98\x80", 5, m6,
	    "emoji");
	check_map("", 0, "", 0, m7, "empty input");
	check_map("A\0B", 3, "a\0b", 3, m8, "embedded NUL");
}

/* The map is relative to this call's output even when out is not empty,
 * and a map already allocated is reused and grown. */
static void
test_map_append(void)
{
	struct buf out = {0};
	size_t *map = NULL, cap = 0;

	buf_adds(&out, "x|");
	fold_text("Ķē", strlen("Ķē"), &out, &map, &cap);
	tap_is_str(out.data, "x|ke", "append: output follows existing text");
	tap_ok(map[0] == 0 && map[1] == 2 && map[2] == 4,
	    "append: map counts from this call's output");
	buf_clear(&out);
	fold_text("ŠŠŠŠŠŠŠŠŠŠŠŠ", 24, &out, &map, &cap);
	tap_ok(out.len == 12 && map[11] == 22 && map[12] == 24 && cap >= 13,
	    "reused map grows");
	free(map);
	buf_free(&out);
}

static void
test_decode(void)
{
	int32_t cp = 0;

	tap_is_int((long long)fold_decode("ā", 2, 0, &cp), 2,
	    "decode ā: 2 bytes");
	tap_is_int(cp, 0x101, "decode ā: U+0101");
	tap_is_int((long long)fold_decode("\xf4\x8f\xbf\xbf", 4, 0, &cp), 4,
	    "decode U+10FFFF: 4 bytes");
	tap_is_int(cp, 0x10FFFF, "decode U+10FFFF");
	tap_is_int((long long)fold_decode("\xe2\x82", 2, 0, &cp), 2,
	    "decode truncated: whole subpart");
	tap_is_int(cp, 0xFFFD, "decode truncated: U+FFFD");
	tap_is_int((long long)fold_decode("ab", 2, 2, &cp), 0,
	    "decode at end: 0");
}

struct word_want {
	size_t	 start, len;
};

static void
check_words(const char *s, const struct word_want *want, size_t n,
    const char *name)
{
	size_t pos = 0, ws = 0, wl = 0, i = 0, len = strlen(s);
	int ok = 1;
	char label[128];

	while (fold_next_word(s, len, pos, &ws, &wl)) {
		if (i >= n || ws != want[i].start || wl != want[i].len) {
			printf("# word %zu at %zu+%zu (\"%.*s\")\n", i, ws, wl,
			    (int)wl, s + ws);
			ok = 0;
		}
		i++;
		pos = ws + wl;
	}
	if (i != n) {
		printf("# %zu words, expected %zu\n", i, n);
		ok = 0;
	}
	snprintf(label, sizeof label, "words: %s", name);
	tap_ok(ok, label);
}

static void
test_words(void)
{
	char *f = fold_cstr("Valsts probācijas dienests, policija (VP) "
	    "un ES-2024!");
	static const struct word_want w1[] = {
		{ 0, 6 }, { 7, 10 }, { 18, 8 }, { 28, 8 }, { 38, 2 },
		{ 42, 2 }, { 45, 2 }, { 48, 4 },
	};
	static const struct word_want w2[] = { { 0, 5 }, { 6, 4 } };
	static const struct word_want w3[] = { { 0, 8 }, { 9, 1 } };
	/* привет: 6 Cyrillic letters, 12 bytes */
	static const struct word_want w4[] = { { 1, 12 }, { 14, 6 } };
	/* a + combining acute + b is one word */
	static const struct word_want w5[] = { { 0, 4 } };
	size_t ws = 99, wl = 99;

	tap_is_str(f, "valsts probacijas dienests, policija (vp) un es-2024!",
	    "tokeniser input folded");
	check_words(f, w1, ARRAY_LEN(w1), "Latvian sentence, punctuation");
	check_words("snake_case", w2, ARRAY_LEN(w2), "underscore splits");
	check_words("offender's", w3, ARRAY_LEN(w3), "apostrophe splits");
	check_words(" привет мир ", w4, ARRAY_LEN(w4), "Cyrillic words");
	check_words("a\xcc\x81" "b", w5, ARRAY_LEN(w5), "marks join words");
	check_words("", NULL, 0, "empty text");
	check_words(" ,.;-- \xef\xbf\xbd ", NULL, 0, "no words");

	tap_is_int((long long)fold_next_word(f, strlen(f), 3, &ws, &wl), 1,
	    "word from mid-word position");
	tap_ok(ws == 3 && wl == 3, "mid-word start gives the rest");
	tap_is_int((long long)fold_next_word(f, strlen(f), strlen(f), &ws,
	    &wl), 0, "no word at end");

	tap_is_int(fold_is_word_at("ab c", 4, 0), 1, "word at letter");
	tap_is_int(fold_is_word_at("ab c", 4, 2), 0, "no word at space");
	tap_is_int(fold_is_word_at("ab c", 4, 4), 0, "no word at end");
	tap_is_int(fold_is_word_before("ab c", 4, 0), 0,
	    "nothing before start");
	tap_is_int(fold_is_word_before("ab c", 4, 2), 1, "letter before");
	tap_is_int(fold_is_word_before("ab c", 4, 3), 0, "space before");
	tap_is_int(fold_is_word_before("xš", 3, 3), 1,
	    "multibyte letter before");
	tap_is_int(fold_is_word_before("x\x80", 2, 2), 0,
	    "stray continuation byte before");
	tap_is_int(fold_is_word_char('_'), 0, "underscore is no word char");
	tap_is_int(fold_is_word_char('7'), 1, "digit is a word char");
	tap_is_int(fold_is_word_char(0x0161), 1, "š is a word char");
	tap_is_int(fold_is_word_char(0x0301), 1, "combining mark is");
	tap_is_int(fold_is_word_char(0x2014), 0, "em dash is not");
	free(f);
}

/* The 16-byte ASCII path must agree with byte-at-a-time lower-casing for
 * every alignment of a non-ASCII character inside a run, and find_bytes
 * with memmem for every needle position, including the last bytes. */
static void
test_block_paths(void)
{
	char text[80], want[80];
	int bad = 0;
	for (size_t at = 0; at < 40; at++) {
		/* "ABC...xyz" with "Ā" (folds to "a") at byte `at` */
		size_t n = 0, w = 0;
		for (size_t i = 0; i < 40; i++) {
			if (i == at) {
				memcpy(text + n, "\xc4\x80", 2);
				n += 2;
				want[w++] = 'a';
			}
			char c = (char)((i % 2 ? 'A' : 'a') + i % 26);
			text[n++] = c;
			want[w++] = (char)(c | 0x20);
		}
		struct buf out = {0};
		fold_text(text, n, &out, NULL, NULL);
		if (out.len != w || memcmp(out.data, want, w))
			bad++;
		buf_free(&out);
	}
	tap_is_int(bad, 0, "ASCII runs fold alike wherever a non-ASCII letter falls");
	{
		const char *mixed = "@[`{ AZaz~\x7f" "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
		char *f = fold_cstr(mixed);
		tap_is_str(f, "@[`{ azaz~\x7f" "0123456789abcdefghijklmnopqrstuvwxyz",
		    "only A-Z change in a long ASCII run ('@' '[' '`' '{' stay)");
		free(f);
	}

	char hay[100];
	int wrong = 0;
	for (size_t len = 0; len <= 70; len++) {
		for (size_t i = 0; i < len; i++)
			hay[i] = (char)('a' + (i * 7) % 5);	/* a c e b d a ... */
		for (size_t nl = 1; nl <= 5 && nl <= len; nl++) {
			for (size_t at = 0; at + nl <= len; at++) {
				const char *needle = hay + at;
				const char *a = find_bytes(hay, len, needle, nl);
				const char *b = memmem(hay, len, needle, nl);
				if (a != b)
					wrong++;
			}
			if (find_bytes(hay, len, "zz", 2) || find_bytes(hay, len, "azzzz", nl < 2 ? 2 : nl))
				wrong++;
		}
	}
	tap_is_int(wrong, 0, "find_bytes agrees with memmem at every length and position");
	memset(hay, 'x', 64);
	memcpy(hay + 61, "abc", 3);
	tap_ok(find_bytes(hay, 64, "abc", 3) == hay + 61, "find_bytes: a needle ending at the last byte");
	tap_ok(find_bytes(hay, 63, "abc", 3) == NULL, "find_bytes: a needle cut by the end is not found");
	tap_ok(find_bytes(hay, 64, "", 0) == hay, "find_bytes: the empty needle is at the start");
	tap_ok(find_bytes(hay, 2, "xxx", 3) == NULL, "find_bytes: a needle longer than the text");
}

#define FOLD_OPTIONS	(UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | \
			 UTF8PROC_STRIPMARK | UTF8PROC_IGNORE)

/* What utf8proc makes of cp with fold.c's options, as UTF-8; the length. */
static int
utf8proc_fold(int32_t cp, unsigned char *out)
{
	utf8proc_int32_t d[32];
	int bound = 0, len = 0;
	utf8proc_ssize_t n = utf8proc_decompose_char(cp, d, 32, FOLD_OPTIONS, &bound);
	for (utf8proc_ssize_t i = 0; i < n; i++)
		len += (int)utf8proc_encode_char(d[i], out + len);
	return len;
}

/* src/fold-table.h, from utf8proc: t_fold --table > src/fold-table.h */
static void
print_table(void)
{
	puts("/* fold-table.h — the folded form (fold.h) of U+0080..U+024F: Latin-1,\n"
	    " * Latin Extended-A and -B, which hold every Latvian letter.  Generated from\n"
	    " * utf8proc (tests/unit/t_fold --table > src/fold-table.h); t_fold checks\n"
	    " * every entry against utf8proc.  Each row: byte count, then the bytes. */\n"
	    "#define FOLD_TABLE_FIRST\t0x80\n#define FOLD_TABLE_END\t\t0x250\n\n"
	    "static const unsigned char fold_table[FOLD_TABLE_END - FOLD_TABLE_FIRST][4] = {");
	for (int32_t cp = 0x80; cp < 0x250; cp++) {
		unsigned char out[128];
		int len = utf8proc_fold(cp, out);
		printf("%s{%d", (cp - 0x80) % 4 == 0 ? "\t" : "", len);
		for (int i = 0; i < len; i++)
			printf(",0x%02x", out[i]);
		printf((cp - 0x80) % 4 == 3 ? "},\t/* U+%04X */\n" : "}, ", (unsigned)(cp - 3));
	}
	puts("};");
}

/* Every character the table covers folds as utf8proc says, alone and
 * between ASCII (the table is only used past the ASCII fast path). */
static void
test_table(void)
{
	int bad = 0;
	for (int32_t cp = 0x80; cp < 0x250; cp++) {
		unsigned char want[128], in[8];
		int wl = utf8proc_fold(cp, want);
		int il = (int)utf8proc_encode_char(cp, in);
		struct buf got = {0};
		fold_text("A", 1, &got, NULL, NULL);
		fold_text((const char *)in, (size_t)il, &got, NULL, NULL);
		fold_text("Z", 1, &got, NULL, NULL);
		if (got.len != (size_t)wl + 2 || memcmp(got.data + 1, want, (size_t)wl) ||
		    got.data[0] != 'a' || got.data[got.len - 1] != 'z') {
			if (!bad)
				printf("# U+%04X folds differently from utf8proc: regenerate src/fold-table.h\n",
				    (unsigned)cp);
			bad++;
		}
		buf_free(&got);
	}
	tap_is_int(bad, 0, "U+0080..U+024F fold as utf8proc folds them (src/fold-table.h)");
}

int
main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--table")) {
		print_table();
		return 0;
	}
	test_latvian_letters();
	test_strings();
	test_maps();
	test_map_append();
	test_decode();
	test_words();
	test_block_paths();
	test_table();
	return tap_done();
}
