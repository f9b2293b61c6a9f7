/* stem.h — light stemmers for search.
 *
 * Input is one word as fold_text() produces it: lower case, no combining
 * marks.  A stem is only a search key (query and text are stemmed alike):
 * it need not be a real word.  Each function writes at most len bytes plus
 * a NUL to out, which must have room for len + 1 bytes, and returns the
 * stem's length.  out may not overlap word.  Words the stemmer does not
 * handle are copied unchanged. */
#ifndef HANDBOOK_STEM_H
#define HANDBOOK_STEM_H

#include <stddef.h>

/* Porter2 (Snowball English, the classic rules as shipped with Snowball
 * 2.x).  Only words made of the letters a-z are stemmed. */
size_t	stem_english(const char *word, size_t len, char *out);

/* A light inflectional stemmer for folded Latvian after Kreslins: removes
 * one noun, adjective or participle ending by longest match, provided the
 * stem left has at least 3 letters and a vowel, then evens out consonant
 * alternations that folding leaves visible.  Only words made of the letters
 * a-z are stemmed.  The rules are listed in stem.c. */
size_t	stem_latvian(const char *word, size_t len, char *out);

/* Dispatch on a language tag: "lv" and "en" (a region or encoding may
 * follow after '_', '-' or '.', as in "lv_LV.UTF-8"); any other tag,
 * or NULL, copies the word unchanged. */
size_t	stem_word(const char *lang, const char *word, size_t len, char *out);

#endif
