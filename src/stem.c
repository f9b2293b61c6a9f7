/* stem.c — see stem.h. */
#include <config.h>

#include "stem.h"
#include "util.h"

#include <string.h>

/* The word being stemmed, in place in the caller's out buffer.  No step
 * ever makes it longer than the input, so out's len + 1 bytes suffice. */
struct word {
	char	*s;
	size_t	 n;
	size_t	 p1, p2;	/* start of regions R1 and R2 */
};

static int
only_az(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] < 'a' || s[i] > 'z')
			return 0;
	return 1;
}

static size_t
copy_word(const char *word, size_t len, char *out)
{
	memcpy(out, word, len);
	out[len] = '\0';
	return len;
}

static int
ends(const struct word *w, const char *suf)
{
	size_t sl = strlen(suf);

	return w->n >= sl && memcmp(w->s + w->n - sl, suf, sl) == 0;
}

/* Whether the whole word is s. */
static int
is(const struct word *w, const char *s)
{
	return strlen(s) == w->n && memcmp(w->s, s, w->n) == 0;
}

/* Replace the last `cut` bytes by rep (never longer than cut). */
static void
replace(struct word *w, size_t cut, const char *rep)
{
	size_t rl = strlen(rep);

	w->n -= cut;
	memcpy(w->s + w->n, rep, rl);
	w->n += rl;
}

/* A suffix rule: the suffix, its replacement and a step-specific flag. */
struct rule {
	const char	*suf;
	const char	*rep;
	int		 flag;
};

/* The longest rule whose suffix ends the word, or NULL.  Porter2 picks the
 * longest suffix first and only then checks its conditions: a failed
 * condition does not fall back to a shorter suffix. */
static const struct rule *
longest(const struct word *w, const struct rule *r, size_t nr)
{
	const struct rule *best = NULL;
	size_t i;

	for (i = 0; i < nr; i++)
		if (ends(w, r[i].suf) &&
		    (best == NULL || strlen(r[i].suf) > strlen(best->suf)))
			best = &r[i];
	return best;
}

/* ---- English: Porter2 ------------------------------------------------ */

/* 'Y' (a consonant y, marked by the prelude) is not a vowel. */
static int
en_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
	    c == 'y';
}

static int
en_has_vowel(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (en_vowel(s[i]))
			return 1;
	return 0;
}

/* Whether s[0..n) ends in a short syllable: non-vowel, vowel, non-vowel
 * other than w, x or Y; or a vowel starting the word and a non-vowel. */
static int
en_short_syllable(const char *s, size_t n)
{
	if (n >= 3 && !en_vowel(s[n - 3]) && en_vowel(s[n - 2]) &&
	    !en_vowel(s[n - 1]) && s[n - 1] != 'w' && s[n - 1] != 'x' &&
	    s[n - 1] != 'Y')
		return 1;
	return n == 2 && en_vowel(s[0]) && !en_vowel(s[1]);
}

/* The region after the first non-vowel following a vowel, from `from`. */
static size_t
en_region(const char *s, size_t n, size_t from)
{
	size_t i = from;

	while (i < n && !en_vowel(s[i]))
		i++;
	if (i++ >= n)
		return n;
	while (i < n && en_vowel(s[i]))
		i++;
	return i >= n ? n : i + 1;
}

static int
en_r1(const struct word *w, size_t sl)
{
	return w->n - sl >= w->p1;
}

static int
en_r2(const struct word *w, size_t sl)
{
	return w->n - sl >= w->p2;
}

/* Whole words with a fixed stem, checked before anything else. */
static const struct rule en_exceptions[] = {
	{ "skis", "ski", 0 }, { "skies", "sky", 0 }, { "dying", "die", 0 },
	{ "lying", "lie", 0 }, { "tying", "tie", 0 }, { "idly", "idl", 0 },
	{ "gently", "gentl", 0 }, { "ugly", "ugli", 0 },
	{ "early", "earli", 0 }, { "only", "onli", 0 },
	{ "singly", "singl", 0 }, { "sky", "sky", 0 }, { "news", "news", 0 },
	{ "howe", "howe", 0 }, { "atlas", "atlas", 0 },
	{ "cosmos", "cosmos", 0 }, { "bias", "bias", 0 },
	{ "andes", "andes", 0 },
};

/* Whole words left alone once step 1a has run. */
static const char *const en_invariant[] = {
	"inning", "outing", "canning", "herring", "earring", "proceed",
	"exceed", "succeed",
};

static void
en_step1a(struct word *w)
{
	if (ends(w, "sses"))
		w->n -= 2;
	else if (ends(w, "ied") || ends(w, "ies"))
		/* ties -> tie, but cries -> cri */
		w->n -= w->n > 4 ? 2 : 1;
	else if (ends(w, "us") || ends(w, "ss"))
		;
	else if (ends(w, "s") && w->n >= 3 && en_has_vowel(w->s, w->n - 2))
		/* gaps -> gap, but gas and this keep their s */
		w->n--;
}

static void
en_step1b(struct word *w)
{
	static const struct rule r[] = {
		{ "eed", "ee", 1 }, { "eedly", "ee", 1 },
		{ "ed", "", 0 }, { "edly", "", 0 }, { "ing", "", 0 },
		{ "ingly", "", 0 },
	};
	const struct rule *m = longest(w, r, ARRAY_LEN(r));
	size_t sl;

	if (m == NULL)
		return;
	sl = strlen(m->suf);
	if (m->flag) {
		if (en_r1(w, sl))
			replace(w, sl, m->rep);
		return;
	}
	if (!en_has_vowel(w->s, w->n - sl))
		return;
	w->n -= sl;
	if (ends(w, "at") || ends(w, "bl") || ends(w, "iz"))
		replace(w, 0, "e");
	else if (w->n >= 2 && w->s[w->n - 1] == w->s[w->n - 2] &&
	    strchr("bdfgmnprt", w->s[w->n - 1]) != NULL)
		w->n--;
	else if (w->n == w->p1 && en_short_syllable(w->s, w->n))
		/* a short word: hop(p)ed -> hope */
		replace(w, 0, "e");
}

static void
en_step1c(struct word *w)
{
	if (w->n >= 3 && (w->s[w->n - 1] == 'y' || w->s[w->n - 1] == 'Y') &&
	    !en_vowel(w->s[w->n - 2]))
		w->s[w->n - 1] = 'i';
}

static void
en_step2(struct word *w)
{
	enum { PLAIN, AFTER_L, AFTER_LI };
	static const struct rule r[] = {
		{ "tional", "tion", PLAIN }, { "enci", "ence", PLAIN },
		{ "anci", "ance", PLAIN }, { "abli", "able", PLAIN },
		{ "entli", "ent", PLAIN }, { "izer", "ize", PLAIN },
		{ "ization", "ize", PLAIN }, { "ational", "ate", PLAIN },
		{ "ation", "ate", PLAIN }, { "ator", "ate", PLAIN },
		{ "alism", "al", PLAIN }, { "aliti", "al", PLAIN },
		{ "alli", "al", PLAIN }, { "fulness", "ful", PLAIN },
		{ "ousli", "ous", PLAIN }, { "ousness", "ous", PLAIN },
		{ "iveness", "ive", PLAIN }, { "iviti", "ive", PLAIN },
		{ "biliti", "ble", PLAIN }, { "bli", "ble", PLAIN },
		{ "ogi", "og", AFTER_L }, { "fulli", "ful", PLAIN },
		{ "lessli", "less", PLAIN }, { "li", "", AFTER_LI },
	};
	const struct rule *m = longest(w, r, ARRAY_LEN(r));
	size_t sl;
	char before;

	if (m == NULL)
		return;
	sl = strlen(m->suf);
	if (!en_r1(w, sl))
		return;
	before = w->n > sl ? w->s[w->n - sl - 1] : '\0';
	if (m->flag == AFTER_L && before != 'l')
		return;
	/* the valid li-endings */
	if (m->flag == AFTER_LI &&
	    (before == '\0' || strchr("cdeghkmnrt", before) == NULL))
		return;
	replace(w, sl, m->rep);
}

static void
en_step3(struct word *w)
{
	static const struct rule r[] = {
		{ "tional", "tion", 0 }, { "ational", "ate", 0 },
		{ "alize", "al", 0 }, { "icate", "ic", 0 },
		{ "iciti", "ic", 0 }, { "ical", "ic", 0 }, { "ful", "", 0 },
		{ "ness", "", 0 }, { "ative", "", 1 },
	};
	const struct rule *m = longest(w, r, ARRAY_LEN(r));
	size_t sl;

	if (m == NULL)
		return;
	sl = strlen(m->suf);
	if (en_r1(w, sl) && (!m->flag || en_r2(w, sl)))
		replace(w, sl, m->rep);
}

static void
en_step4(struct word *w)
{
	static const struct rule r[] = {
		{ "al", "", 0 }, { "ance", "", 0 }, { "ence", "", 0 },
		{ "er", "", 0 }, { "ic", "", 0 }, { "able", "", 0 },
		{ "ible", "", 0 }, { "ant", "", 0 }, { "ement", "", 0 },
		{ "ment", "", 0 }, { "ent", "", 0 }, { "ism", "", 0 },
		{ "ate", "", 0 }, { "iti", "", 0 }, { "ous", "", 0 },
		{ "ive", "", 0 }, { "ize", "", 0 }, { "ion", "", 1 },
	};
	const struct rule *m = longest(w, r, ARRAY_LEN(r));
	size_t sl;

	if (m == NULL)
		return;
	sl = strlen(m->suf);
	if (!en_r2(w, sl))
		return;
	/* -ion only after s or t: decision -> decis, but not champion */
	if (m->flag && (w->n == sl ||
	    (w->s[w->n - sl - 1] != 's' && w->s[w->n - sl - 1] != 't')))
		return;
	w->n -= sl;
}

static void
en_step5(struct word *w)
{
	if (ends(w, "e")) {
		if (en_r2(w, 1) ||
		    (en_r1(w, 1) && !en_short_syllable(w->s, w->n - 1)))
			w->n--;
	} else if (ends(w, "ll") && en_r2(w, 1))
		w->n--;
}

size_t
stem_english(const char *word, size_t len, char *out)
{
	struct word w = { out, len, 0, 0 };
	size_t i;

	copy_word(word, len, out);
	if (!only_az(word, len))
		return len;
	for (i = 0; i < ARRAY_LEN(en_exceptions); i++)
		if (is(&w, en_exceptions[i].suf))
			return copy_word(en_exceptions[i].rep,
			    strlen(en_exceptions[i].rep), out);
	if (len < 3)
		return len;

	/* Prelude: a y that acts as a consonant becomes Y. */
	for (i = 0; i < w.n; i++)
		if (w.s[i] == 'y' && (i == 0 || en_vowel(w.s[i - 1])))
			w.s[i] = 'Y';

	/* These prefixes would otherwise get too short an R1. */
	if (strncmp(w.s, "gener", 5) == 0)
		w.p1 = 5;
	else if (strncmp(w.s, "arsen", 5) == 0)
		w.p1 = 5;
	else if (strncmp(w.s, "commun", 6) == 0)
		w.p1 = 6;
	else
		w.p1 = en_region(w.s, w.n, 0);
	w.p2 = en_region(w.s, w.n, w.p1);

	en_step1a(&w);
	for (i = 0; i < ARRAY_LEN(en_invariant); i++)
		if (is(&w, en_invariant[i]))
			break;
	if (i == ARRAY_LEN(en_invariant)) {
		en_step1b(&w);
		en_step1c(&w);
		en_step2(&w);
		en_step3(&w);
		en_step4(&w);
		en_step5(&w);
	}

	for (i = 0; i < w.n; i++)
		if (w.s[i] == 'Y')
			w.s[i] = 'y';
	w.s[w.n] = '\0';
	return w.n;
}

/* ---- Latvian ---------------------------------------------------------- */

/* Endings of folded Latvian (ā ē ī ū written a e i u), tried longest
 * first; the first whose removal leaves an acceptable stem wins, so
 * "majam" loses "am" where "ajam" would leave too little.
 *
 * Nouns, all six declensions, singular and plural:
 *	-s -is -us -a -e -i -u -o -as -es -ai -ei -am -em -im -ij -os -us -iem
 * Adjectives and participles, indefinite and definite:
 *	the noun endings above, plus -ais -ie -ajam -ajai -aja -ajiem -ajos
 *	-ajas (cietusais, cietuso, cietusajam -> cietus)
 * Agent nouns in -tajs (izmeklētājs): their -aj- is written like that of
 * the definite adjective once folded, so "izmekletajam" would lose -ajam;
 * -ajs -aja -aji -aju -ajus take the -aj- with them in every case so that
 * the whole paradigm still meets at one stem (izmeklet).
 *
 * Verb personal endings are not removed: once folded, verb forms overlap
 * noun endings too much (informet, informe, informeja) for a suffix list
 * to conflate them without also merging unrelated nouns.  Participles,
 * which decline like adjectives, are covered by the adjective endings. */
static const char *const lv_endings[] = {
	"ajiem",
	"ajai", "ajam", "ajas", "ajos", "ajus",
	"aja", "aji", "ajs", "aju", "ais", "iem",
	"ai", "am", "as", "ei", "em", "es", "ie", "ij", "im", "is", "os",
	"us",
	"a", "e", "i", "o", "s", "u",
};

static int
lv_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* The minimum stem: at least 3 letters, one of them a vowel.  Two
 * syllables would be safer for long words but would keep "risks" and
 * "valsts" from losing their endings; three letters keep short pronouns
 * and particles (tas, kas, tie) whole. */
static int
lv_stem_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 3)
		return 0;
	for (i = 0; i < n; i++)
		if (lv_vowel(s[i]))
			return 1;
	return 0;
}

size_t
stem_latvian(const char *word, size_t len, char *out)
{
	size_t i, sl, n = len;

	copy_word(word, len, out);
	if (!only_az(word, len))
		return len;
	for (i = 0; i < ARRAY_LEN(lv_endings); i++) {
		sl = strlen(lv_endings[i]);
		if (sl < len && memcmp(out + len - sl, lv_endings[i], sl) == 0 &&
		    lv_stem_ok(out, len - sl)) {
			n = len - sl;
			break;
		}
	}
	if (n == len)
		return len;

	/* Consonant alternation.  Declensions 2, 5 and 6 palatalise the
	 * stem before some endings (zeme/zemju, iestāde/iestāžu,
	 * nakts/nakšu).  Folding already merged most pairs (š/s, ž/z,
	 * č/c, ļ/l, ņ/n); what is left is an inserted j after a labial and
	 * d/ž, t/š, now d/z, t/s.  The ending rarely tells which declension
	 * a stem belongs to (-u is every genitive plural), so the stem-final
	 * consonant is made canonical whatever was removed: labial + j
	 * loses the j, d becomes z, and t becomes s unless it follows s
	 * (st never alternates in valsts/valstu or dienests).  The price is
	 * that rare stem pairs differing only there (gads/gāze) meet. */
	if (n >= 2 && out[n - 1] == 'j' && strchr("bpmvf", out[n - 2]) != NULL)
		n--;
	if (out[n - 1] == 'd')
		out[n - 1] = 'z';
	else if (out[n - 1] == 't' && out[n - 2] != 's')
		out[n - 1] = 's';
	out[n] = '\0';
	return n;
}

/* Whether lang names the language code (two letters, then the end or a
 * region/encoding separator). */
static int
lang_is(const char *lang, const char *code)
{
	return strncmp(lang, code, 2) == 0 &&
	    (lang[2] == '\0' || lang[2] == '_' || lang[2] == '-' ||
	    lang[2] == '.');
}

size_t
stem_word(const char *lang, const char *word, size_t len, char *out)
{
	if (lang != NULL && lang_is(lang, "lv"))
		return stem_latvian(word, len, out);
	if (lang != NULL && lang_is(lang, "en"))
		return stem_english(word, len, out);
	return copy_word(word, len, out);
}
