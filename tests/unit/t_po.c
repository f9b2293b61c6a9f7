/* t_po.c — unit tests for the PO parser, lookup table and writer (po.c).
 *
 * The fixture's expected statistics were checked with gettext 0.21:
 * `msgfmt --statistics` says "8 translated messages, 1 fuzzy translation,
 * 2 untranslated messages." and `msggrep -N src/channels.md | msgfmt
 * --statistics` says "3 translated messages, 1 untranslated message.". */
#include <config.h>

#include "po.h"
#include "tap.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A realistic Latvian po/lv.po; the comments are line numbers. */
static const char lv_po[] =
/*  1 */ "# Latvian translation of the SOMEC handbook.\n"
/*  2 */ "# Copyright (C) 2026 the handbook authors\n"
/*  3 */ "# This file is distributed under the same license as the handbook package.\n"
/*  4 */ "# Anna Bērziņa <anna@example.lv>, 2026.\n"
/*  5 */ "#\n"
/*  6 */ "msgid \"\"\n"
/*  7 */ "msgstr \"\"\n"
/*  8 */ "\"Project-Id-Version: handbook 0.1.0\\n\"\n"
/*  9 */ "\"Report-Msgid-Bugs-To: \\n\"\n"
/* 10 */ "\"POT-Creation-Date: 2026-11-01 10:00+0200\\n\"\n"
/* 11 */ "\"PO-Revision-Date: 2026-11-20 12:00+0200\\n\"\n"
/* 12 */ "\"Last-Translator: Anna Bērziņa <anna@example.lv>\\n\"\n"
/* 13 */ "\"Language-Team: Latvian <lv@li.org>\\n\"\n"
/* 14 */ "\"Language: lv\\n\"\n"
/* 15 */ "\"MIME-Version: 1.0\\n\"\n"
/* 16 */ "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
/* 17 */ "\"Content-Transfer-Encoding: 8bit\\n\"\n"
/* 18 */ "\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);\\n\"\n"
/* 19 */ "\n"
/* 20 */ "#. i18n: the book title\n"
/* 21 */ "#. keep it short\n"
/* 22 */ "#: src/SUMMARY.md:1 src/about.md:1\n"
/* 23 */ "msgid \"Serious Offenders on the Move\"\n"
/* 24 */ "msgstr \"Bīstami likumpārkāpēji kustībā\"\n"
/* 25 */ "\n"
/* 26 */ "# Translator note: \"probation\" = probācija\n"
/* 27 */ "#: src/who-does-what.md:5\n"
/* 28 */ "msgid \"State Probation Service\"\n"
/* 29 */ "msgstr \"Valsts probācijas dienests\"\n"
/* 30 */ "\n"
/* 31 */ "#: src/channels.md:12\n"
/* 32 */ "msgid \"\"\n"
/* 33 */ "\"Contact the central authority first.\\n\"\n"
/* 34 */ "\"Then inform the police.\\n\"\n"
/* 35 */ "msgstr \"\"\n"
/* 36 */ "\"Vispirms sazinieties ar centrālo iestādi.\\n\"\n"
/* 37 */ "\"Pēc tam informējiet policiju.\\n\"\n"
/* 38 */ "\n"
/* 39 */ "#: src/time-limits.md\n"
/* 40 */ "msgid \"Tab\\there, quote \\\"q\\\", backslash \\\\ and bell \\a\"\n"
/* 41 */ "msgstr \"Tabulācija\\tšeit, pēdiņas \\\"q\\\", slīpsvītra \\\\ un zvans \\a\"\n"
/* 42 */ "\n"
/* 43 */ "#: src/channels.md:20\n"
/* 44 */ "msgctxt \"menu\"\n"
/* 45 */ "msgid \"Open\"\n"
/* 46 */ "msgstr \"Atvērt\"\n"
/* 47 */ "\n"
/* 48 */ "#: src/channels.md:21\n"
/* 49 */ "msgid \"Open\"\n"
/* 50 */ "msgstr \"Atvērts\"\n"
/* 51 */ "\n"
/* 52 */ "#, c-format\n"
/* 53 */ "msgid \"%d chapter\"\n"
/* 54 */ "msgid_plural \"%d chapters\"\n"
/* 55 */ "msgstr[0] \"%d nodaļa\"\n"
/* 56 */ "msgstr[1] \"%d nodaļas\"\n"
/* 57 */ "msgstr[2] \"%d nodaļu\"\n"
/* 58 */ "\n"
/* 59 */ "#: src/victims.md:3\n"
/* 60 */ "#, fuzzy, c-format\n"
/* 61 */ "#| msgid \"Protecting the victim\"\n"
/* 62 */ "msgid \"Protecting victims\"\n"
/* 63 */ "msgstr \"Cietušo aizsardzība\"\n"
/* 64 */ "\n"
/* 65 */ "#: src/victims.md:7 src/channels.md:30\n"
/* 66 */ "msgid \"Untranslated paragraph.\"\n"
/* 67 */ "msgstr \"\"\n"
/* 68 */ "\n"
/* 69 */ "#, fuzzy\n"
/* 70 */ "msgid \"Fuzzy and empty\"\n"
/* 71 */ "msgstr \"\"\n"
/* 72 */ "\n"
/* 73 */ "msgid \"Octal \\101 and hex \\x42 escapes; ģ ķ ļ ņ ū ž\"\n"
/* 74 */ "msgstr \"Oktāls \\101 un heksadecimāls \\x42; ģ ķ ļ ņ ū ž\"\n"
/* 75 */ "\n"
/* 76 */ "#~ msgid \"Old paragraph\"\n"
/* 77 */ "#~ msgstr \"Veca rindkopa\"\n";

/* Syntax errors, each followed by an entry that must survive. */
static const char bad_po[] =
/*  1 */ "msgid \"\"\n"
/*  2 */ "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
/*  3 */ "\n"
/*  4 */ "msgid \"unterminated\n"
/*  5 */ "msgstr \"x\"\n"
/*  6 */ "\n"
/*  7 */ "msgid \"ok one\"\n"
/*  8 */ "msgstr \"labi viens\"\n"
/*  9 */ "\n"
/* 10 */ "msgid \"missing msgstr\"\n"
/* 11 */ "\n"
/* 12 */ "msgid \"ok two\"\n"
/* 13 */ "msgstr \"labi divi\"\n"
/* 14 */ "\n"
/* 15 */ "garbage here\n"
/* 16 */ "msgid \"ok three\"\n"
/* 17 */ "msgstr \"labi trīs\"\n"
/* 18 */ "\n"
/* 19 */ "msgid \"bad \\q escape\"\n"
/* 20 */ "msgstr \"x\"\n"
/* 21 */ "\n"
/* 22 */ "msgid \"ok four\"\n"
/* 23 */ "msgstr \"labi četri\"\n"
/* 24 */ "msgid \"right after\"\n"
/* 25 */ "msgstr \"tūlīt pēc\"\n"
/* 26 */ "\n"
/* 27 */ "msgid \"plural\"\n"
/* 28 */ "msgid_plural \"plurals\"\n"
/* 29 */ "msgstr[0] \"a\"\n"
/* 30 */ "msgstr[2] \"c\"\n"
/* 31 */ "\n"
/* 32 */ "msgid \"ok five\"\n"
/* 33 */ "msgstr \"labi pieci\"\n"
/* 34 */ "\n"
/* 35 */ "msgstr \"stray\"\n"
/* 36 */ "msgid \"ok six\"\n"
/* 37 */ "msgstr \"labi seši\"\n"
/* 38 */ "msgid \"no string\"\n"
/* 39 */ "msgstr\n"
/* 40 */ "\n"
/* 41 */ "#~ msgid \"mixed\"\n"
/* 42 */ "msgstr \"mixed\"\n"
/* 43 */ "\n"
/* 44 */ "msgid \"ok seven\"\n"
/* 45 */ "msgstr \"labi septiņi\"\n"
/* 46 */ "msgid \"at end\"\n";

static struct po_file *
parse_str(const char *s, struct diags *d)
{
	return po_parse(s, strlen(s), "lv.po", d);
}

/* The message of the first diagnostic on line, or NULL. */
static const char *
diag_at(const struct diags *d, int line)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == line)
			return d->v[i].message;
	return NULL;
}

static int
diag_level_at(const struct diags *d, int line)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].line == line)
			return (int)d->v[i].level;
	return -1;
}

static int
has_substr(const char *s, const char *sub)
{
	return s && strstr(s, sub) != NULL;
}

static const char *
tr(const struct po_file *pf, const char *msgid)
{
	return po_translation(pf, msgid);
}

static int
same_strv(char **a, size_t na, char **b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return 0;
	return 1;
}

static int
same_str(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* Whether two parses hold the same entries, field by field. */
static int
same_files(const struct po_file *a, const struct po_file *b)
{
	if (a->nentries != b->nentries)
		return 0;
	for (size_t i = 0; i < a->nentries; i++) {
		const struct po_entry *x = &a->entries[i], *y = &b->entries[i];
		if (!same_str(x->msgctxt, y->msgctxt) ||
		    !same_str(x->msgid, y->msgid) ||
		    !same_str(x->msgid_plural, y->msgid_plural) ||
		    !same_strv(x->msgstr, x->nmsgstr, y->msgstr, y->nmsgstr) ||
		    !same_strv(x->refs, x->nrefs, y->refs, y->nrefs) ||
		    !same_strv(x->flags, x->nflags, y->flags, y->nflags) ||
		    !same_str(x->extracted, y->extracted) ||
		    !same_str(x->translator_comment, y->translator_comment) ||
		    !same_str(x->prev_msgid, y->prev_msgid) ||
		    x->fuzzy != y->fuzzy || x->obsolete != y->obsolete ||
		    x->line != y->line)
			return 0;
	}
	return 1;
}

static void
test_fixture(void)
{
	struct diags d = {0};
	struct po_file *pf = parse_str(lv_po, &d);
	const struct po_entry *e;

	if (!tap_ok(pf != NULL, "fixture: parsed"))
		return;
	tap_is_int((long long)d.n, 0, "fixture: no diagnostics");
	tap_is_int((long long)pf->nerrors + (long long)pf->nwarnings, 0,
	    "fixture: no problems counted");
	tap_is_int((long long)pf->nentries, 13,
	    "fixture: 13 entries (header, 11 active, 1 obsolete)");

	/* Header. */
	tap_ok(pf->header == &pf->entries[0], "header: first entry");
	tap_is_int(pf->header ? pf->header->line : 0, 6, "header: line 6");
	tap_is_str(pf->charset, "UTF-8", "header: charset");
	tap_is_int(pf->nplurals, 3, "header: nplurals=3");
	tap_is_str(pf->plural_forms,
	    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
	    "header: Plural-Forms value");
	tap_is_str(pf->language, "lv", "header: Language");
	char *lt = po_header_field(pf, "last-translator");
	tap_is_str(lt, "Anna Bērziņa <anna@example.lv>",
	    "header: po_header_field is case-insensitive and keeps UTF-8");
	free(lt);
	tap_ok(po_header_field(pf, "X-Missing") == NULL,
	    "header: missing field is NULL");
	tap_is_str(pf->header->translator_comment,
	    "Latvian translation of the SOMEC handbook.\n"
	    "Copyright (C) 2026 the handbook authors\n"
	    "This file is distributed under the same license as the "
	    "handbook package.\n"
	    "Anna Bērziņa <anna@example.lv>, 2026.\n",
	    "header: translator comment lines joined, bare '#' is empty");

	/* Comments and references. */
	e = po_find(pf, NULL, "Serious Offenders on the Move");
	if (tap_ok(e != NULL, "title: found")) {
		tap_is_int(e->line, 23, "title: line of msgid");
		tap_is_str(e->extracted, "i18n: the book title\nkeep it short",
		    "title: #. lines joined with \\n");
		tap_is_int((long long)e->nrefs, 2, "title: two refs");
		tap_is_str(e->nrefs > 0 ? e->refs[0] : NULL,
		    "src/SUMMARY.md:1", "title: ref 0");
		tap_is_str(e->nrefs > 1 ? e->refs[1] : NULL, "src/about.md:1",
		    "title: ref 1");
		tap_ok(e->translator_comment == NULL,
		    "title: no translator comment");
		tap_is_str(e->msgstr[0], "Bīstami likumpārkāpēji kustībā",
		    "title: Latvian msgstr");
	}
	e = po_find(pf, NULL, "State Probation Service");
	tap_is_str(e ? e->translator_comment : NULL,
	    "Translator note: \"probation\" = probācija",
	    "translator comment kept");
	tap_ok(e && e->extracted == NULL, "no #. comment means NULL");

	/* Multi-line strings. */
	tap_is_str(tr(pf, "Contact the central authority first.\n"
	    "Then inform the police.\n"),
	    "Vispirms sazinieties ar centrālo iestādi.\n"
	    "Pēc tam informējiet policiju.\n", "multi-line msgid and msgstr");

	/* Escapes. */
	tap_is_str(tr(pf, "Tab\there, quote \"q\", backslash \\ and bell \a"),
	    "Tabulācija\tšeit, pēdiņas \"q\", slīpsvītra \\ un zvans \a",
	    "escapes \\t \\\" \\\\ \\a");
	tap_is_str(tr(pf, "Octal A and hex B escapes; ģ ķ ļ ņ ū ž"),
	    "Oktāls A un heksadecimāls B; ģ ķ ļ ņ ū ž",
	    "octal and hex escapes");
	e = po_find(pf, NULL, "Tab\there, quote \"q\", backslash \\ and bell \a");
	tap_is_str(e && e->nrefs == 1 ? e->refs[0] : NULL, "src/time-limits.md",
	    "ref without line number");

	/* Context. */
	e = po_find(pf, "menu", "Open");
	tap_is_str(e ? e->msgstr[0] : NULL, "Atvērt", "msgctxt lookup");
	tap_is_int(e ? e->line : 0, 45, "msgctxt entry: line of msgid");
	tap_is_str(tr(pf, "Open"), "Atvērts", "same msgid without context");
	tap_ok(po_find(pf, "", "Open") == NULL,
	    "empty context differs from no context");
	tap_ok(po_find(pf, "other", "Open") == NULL, "unknown context");

	/* Plurals. */
	e = po_find(pf, NULL, "%d chapter");
	if (tap_ok(e != NULL, "plural: found")) {
		tap_is_str(e->msgid_plural, "%d chapters", "plural: msgid_plural");
		tap_is_int((long long)e->nmsgstr, 3, "plural: three msgstr");
		tap_is_str(e->nmsgstr == 3 ? e->msgstr[2] : NULL, "%d nodaļu",
		    "plural: msgstr[2]");
		tap_is_str(e->nflags == 1 ? e->flags[0] : NULL, "c-format",
		    "plural: flag");
		tap_ok(!e->fuzzy, "plural: not fuzzy");
	}
	tap_is_str(tr(pf, "%d chapter"), "%d nodaļa",
	    "plural: po_translation gives msgstr[0]");

	/* Fuzzy, previous, untranslated, obsolete, missing. */
	e = po_find(pf, NULL, "Protecting victims");
	if (tap_ok(e != NULL, "fuzzy: found")) {
		tap_ok(e->fuzzy, "fuzzy: flagged");
		tap_is_int((long long)e->nflags, 2, "fuzzy: two flags");
		tap_is_str(e->prev_msgid, "Protecting the victim",
		    "fuzzy: #| previous msgid");
		tap_is_str(e->msgstr[0], "Cietušo aizsardzība",
		    "fuzzy: msgstr kept");
	}
	tap_ok(tr(pf, "Protecting victims") == NULL, "fuzzy: no translation");
	tap_ok(tr(pf, "Untranslated paragraph.") == NULL,
	    "untranslated: no translation");
	tap_ok(tr(pf, "Fuzzy and empty") == NULL,
	    "fuzzy and empty: no translation");
	tap_ok(tr(pf, "Old paragraph") == NULL, "obsolete: no translation");
	tap_ok(po_find(pf, NULL, "Old paragraph") == NULL,
	    "obsolete: not in the lookup table");
	e = &pf->entries[pf->nentries - 1];
	tap_ok(e->obsolete && strcmp(e->msgid, "Old paragraph") == 0 &&
	    strcmp(e->msgstr[0], "Veca rindkopa") == 0 && e->line == 76,
	    "obsolete: kept in entries, flagged, line 76");
	tap_ok(tr(pf, "Not in the file") == NULL, "missing: no translation");
	tap_ok(tr(pf, "") == NULL, "header: never a translation");
	tap_ok(tr(NULL, "Open") == NULL, "NULL file: no translation");

	/* Statistics, as msgfmt --statistics (see the top of this file). */
	size_t t = 99, f = 99, u = 99;
	po_stats(pf, &t, &f, &u);
	tap_is_int((long long)t, 8, "stats: 8 translated");
	tap_is_int((long long)f, 1, "stats: 1 fuzzy");
	tap_is_int((long long)u, 2, "stats: 2 untranslated (fuzzy+empty counts here)");
	po_stats_ref(pf, "src/channels.md", &t, &f, &u);
	tap_ok(t == 3 && f == 0 && u == 1, "stats for src/channels.md: 3/0/1");
	po_stats_ref(pf, "src/victims.md", &t, &f, &u);
	tap_ok(t == 0 && f == 1 && u == 1, "stats for src/victims.md: 0/1/1");
	po_stats_ref(pf, "src/time-limits.md", &t, &f, &u);
	tap_ok(t == 1 && f == 0 && u == 0, "stats for a ref without line");
	po_stats_ref(pf, "src/channels", &t, &f, &u);
	tap_ok(t == 0 && f == 0 && u == 0, "stats: a prefix is not a match");
	po_stats(NULL, &t, &f, &u);
	tap_ok(t == 0 && f == 0 && u == 0, "stats: NULL file counts nothing");

	/* CRLF line ends and a BOM give the very same result. */
	struct buf crlf = {0};
	buf_add(&crlf, "\xEF\xBB\xBF", 3);
	for (const char *p = lv_po; *p; p++) {
		if (*p == '\n')
			buf_addc(&crlf, '\r');
		buf_addc(&crlf, *p);
	}
	struct diags d2 = {0};
	struct po_file *pf2 = po_parse(crlf.data, crlf.len, "crlf.po", &d2);
	tap_ok(pf2 != NULL && d2.n == 0, "CRLF+BOM: parsed without diagnostics");
	tap_ok(pf2 && same_files(pf, pf2), "CRLF+BOM: same entries as LF");
	po_free(pf2);
	diags_free(&d2);
	buf_free(&crlf);

	po_free(pf);
	diags_free(&d);
}

static void
test_syntax_errors(void)
{
	struct diags d = {0};
	struct po_file *pf = parse_str(bad_po, &d);

	if (!tap_ok(pf != NULL, "errors: file still parsed"))
		return;
	tap_is_int((long long)d.nerrors, 9, "errors: 9 errors");
	tap_is_int((long long)pf->nerrors, 9, "errors: counted in po_file");
	tap_is_int((long long)d.n, 9, "errors: nothing else reported");
	tap_is_str(diag_at(&d, 4),
	    "unterminated string: expected a closing '\"' before the end of "
	    "the line", "line 4: unterminated string");
	tap_is_int(diag_level_at(&d, 4), DIAG_ERROR, "line 4: an error");
	tap_ok(diag_at(&d, 5) == NULL, "line 5: skipped, not reported");
	tap_is_str(diag_at(&d, 12),
	    "expected 'msgstr' or 'msgid_plural' after 'msgid' (line 10), "
	    "found 'msgid'", "line 12: missing msgstr");
	tap_ok(has_substr(diag_at(&d, 15), "unknown keyword 'garbage'"),
	    "line 15: garbage line");
	tap_ok(has_substr(diag_at(&d, 19), "invalid escape sequence '\\q'"),
	    "line 19: bad escape");
	tap_is_str(diag_at(&d, 30),
	    "expected 'msgstr[1]' or a new entry after 'msgstr[0]' (line 29), "
	    "found 'msgstr[2]'", "line 30: wrong plural index");
	tap_is_str(diag_at(&d, 35),
	    "expected a new entry after 'msgstr' (line 33), found 'msgstr'",
	    "line 35: stray msgstr");
	tap_is_str(diag_at(&d, 41),
	    "expected a string after 'msgstr' (line 39), found 'msgid'",
	    "line 41: keyword without string");
	tap_ok(has_substr(diag_at(&d, 42), "inconsistent use of '#~'"),
	    "line 42: obsolete and active lines mixed");
	tap_is_str(diag_at(&d, 46),
	    "expected 'msgstr' or 'msgid_plural' after 'msgid' (line 46), "
	    "found the end of the file", "line 46: missing msgstr at EOF");
	char *s = diag_format(&d.v[0]);
	tap_is_str(s, "lv.po:4: unterminated string: expected a closing '\"' "
	    "before the end of the line", "diag_format gives file:line");
	free(s);

	tap_is_str(tr(pf, "ok one"), "labi viens", "survives: after unterminated");
	tap_is_str(tr(pf, "ok two"), "labi divi", "survives: after missing msgstr");
	tap_is_str(tr(pf, "ok three"), "labi trīs", "survives: after garbage");
	tap_is_str(tr(pf, "ok four"), "labi četri", "survives: after bad escape");
	tap_is_str(tr(pf, "right after"), "tūlīt pēc",
	    "entry right after msgstr, no blank line");
	tap_is_str(tr(pf, "ok five"), "labi pieci",
	    "complete entry before a stray msgstr is kept");
	tap_is_str(tr(pf, "ok six"), "labi seši", "survives: after stray msgstr");
	tap_is_str(tr(pf, "ok seven"), "labi septiņi", "survives: after mixed #~");
	const struct po_entry *e = po_find(pf, NULL, "plural");
	tap_ok(e && e->nmsgstr == 1, "plural complete before the bad index kept");
	tap_ok(po_find(pf, NULL, "unterminated") == NULL &&
	    po_find(pf, NULL, "missing msgstr") == NULL &&
	    po_find(pf, NULL, "bad \\q escape") == NULL &&
	    po_find(pf, NULL, "no string") == NULL &&
	    po_find(pf, NULL, "mixed") == NULL &&
	    po_find(pf, NULL, "at end") == NULL, "broken entries dropped");
	tap_is_int((long long)pf->nentries, 10, "errors: 10 entries kept");
	po_free(pf);
	diags_free(&d);
}

static void
test_more_errors(void)
{
	static const struct {
		const char *po, *want;
		int line;
	} cases[] = {
		{ "msgid \"a\\777\"\nmsgstr \"\"\n",
		  "escape sequence out of range (more than 0xff)", 1 },
		{ "msgid \"a\\x100\"\nmsgstr \"\"\n",
		  "escape sequence out of range (more than 0xff)", 1 },
		{ "msgid \"a\\0\"\nmsgstr \"\"\n", "escape sequence for a NUL byte", 1 },
		{ "msgid \"a\\xg\"\nmsgstr \"\"\n",
		  "invalid escape sequence: '\\x' must be followed by hexadecimal "
		  "digits", 1 },
		{ "msgid \"a\"\nmsgstr[x] \"\"\n",
		  "expected 'msgstr[N]' with a number N", 2 },
		{ "msgid \"a\"\nmsgstr[0] \"\"\n",
		  "expected 'msgstr' or 'msgid_plural' after 'msgid' (line 1), "
		  "found 'msgstr[0]'", 2 },
		{ "msgid \"a\"\nmsgid_plural \"b\"\nmsgstr \"\"\n",
		  "expected 'msgstr[0]' after 'msgid_plural' (line 2), found "
		  "'msgstr'", 3 },
		{ "msgctxt \"c\"\nmsgstr \"\"\n",
		  "expected 'msgid' after 'msgctxt' (line 1), found 'msgstr'", 2 },
		{ "\n\"lonely\"\n",
		  "expected 'msgctxt', 'msgid' or a comment, found a string", 2 },
		{ "msgid \"a\"\nmsgstr \"b\"\n@\n",
		  "unexpected character '@'; expected a keyword, a string or a "
		  "comment", 3 },
		{ "msgid \"a\"\nmsgstr \"b\"\n\x01\n",
		  "unexpected byte 0x01; expected a keyword, a string or a "
		  "comment", 3 },
		{ "msgid \"a\"\nmsgstr \"b\\",
		  "unterminated string: expected a closing '\"' before the end of "
		  "the file", 2 },
		{ "#| msgstr \"x\"\nmsgid \"a\"\nmsgstr \"\"\n",
		  "only 'msgctxt', 'msgid' and 'msgid_plural' may follow '#|'", 1 },
		{ "#| \"x\"\nmsgid \"a\"\nmsgstr \"\"\n",
		  "a string in a '#|' comment must follow 'msgctxt', 'msgid' or "
		  "'msgid_plural'", 1 },
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		struct diags d = {0};
		struct po_file *pf = parse_str(cases[i].po, &d);
		char name[64];
		snprintf(name, sizeof name, "error case %zu: message", i);
		tap_is_str(d.n ? d.v[0].message : NULL, cases[i].want, name);
		snprintf(name, sizeof name, "error case %zu: line %d", i,
		    cases[i].line);
		tap_is_int(d.n ? d.v[0].line : -1, cases[i].line, name);
		po_free(pf);
		diags_free(&d);
	}

	/* A NUL byte inside a string. */
	static const char nul[] = "msgid \"a\0b\"\nmsgstr \"x\"\n\nmsgid \"c\"\nmsgstr \"d\"\n";
	struct diags d = {0};
	struct po_file *pf = po_parse(nul, sizeof nul - 1, "nul.po", &d);
	tap_ok(d.n >= 1 && d.v[0].line == 1 &&
	    strcmp(d.v[0].message, "NUL byte in a string") == 0,
	    "NUL byte in a string: error on line 1");
	tap_is_str(tr(pf, "c"), "d", "NUL byte: next entry survives");
	po_free(pf);
	diags_free(&d);
}

static void
test_syntax_extras(void)
{
	static const char po[] =
	    "msgid \"\"\n"
	    "msgstr \"Content-Type: text/plain; charset=utf-8\\n\"\n"
	    "\n"
	    "msgctxt \"\"\n"
	    "msgid \"x\"\n"
	    "msgstr \"empty context\"\n"
	    "\n"
	    "msgid \"two\" \" strings\" msgstr \"one\"\n"
	    "\"line\"\n"
	    "\n"
	    "msgid \"cont\\\n"
	    "inued\"\n"
	    "msgstr [ 0 ] \"\"\n"
	    "msgstr \"bad\"\n"
	    "\n"
	    "#,fuzzy,no-wrap\n"
	    "#~| msgid \"older\"\n"
	    "#~ msgid \"obsolete fuzzy\"\n"
	    "#~ msgstr \"x\"\n"
	    "\n"
	    "msgid \"after\"\n"
	    "msgstr \"pēc\"\n";
	struct diags d = {0};
	struct po_file *pf = parse_str(po, &d);
	const struct po_entry *e;

	tap_is_str(pf ? pf->charset : NULL, "utf-8", "lower-case utf-8 accepted");
	e = po_find(pf, "", "x");
	tap_is_str(e ? e->msgstr[0] : NULL, "empty context",
	    "msgctxt \"\" is a real context");
	tap_ok(tr(pf, "x") == NULL, "empty context is not found without one");
	tap_is_str(tr(pf, "two strings"), "oneline",
	    "several tokens on one line, strings concatenated");
	tap_is_int(diag_level_at(&d, 13), DIAG_ERROR,
	    "backslash-newline continues: error counted on line 13");
	tap_ok(po_find(pf, NULL, "continued") == NULL,
	    "'msgstr [ 0 ]' on a non-plural entry drops it");
	e = &pf->entries[pf->nentries - 2];
	tap_ok(e->obsolete && e->fuzzy && same_str(e->prev_msgid, "older") &&
	    e->nflags == 2 && strcmp(e->flags[1], "no-wrap") == 0,
	    "#~| previous, '#,fuzzy,no-wrap' without spaces");
	tap_is_str(tr(pf, "after"), "pēc", "after all that, still parsing");
	po_free(pf);
	diags_free(&d);

	/* Backslash-newline inside a string, on its own. */
	pf = parse_str("msgid \"con\\\ntinued\"\nmsgstr \"ok\"\nmsgid \"z\"\nmsgstr \"y\"\n", &d);
	tap_is_str(tr(pf, "continued"), "ok", "backslash-newline joins lines");
	tap_is_int(po_find(pf, NULL, "z") ? po_find(pf, NULL, "z")->line : 0, 4,
	    "line count includes the continued line");
	po_free(pf);
	diags_free(&d);

	pf = parse_str("msgid \"con\\\r\ntinued\"\r\nmsgstr \"ok\"\r\n", &d);
	tap_is_str(tr(pf, "continued"), "ok", "backslash-CRLF joins lines too");
	po_free(pf);
	diags_free(&d);

	/* domain is accepted and ignored. */
	pf = parse_str("domain \"handbook\"\nmsgid \"a\"\nmsgstr \"b\"\n", &d);
	tap_ok(d.n >= 1 && d.v[0].level == DIAG_WARNING && d.v[0].line == 1 &&
	    has_substr(d.v[0].message, "'domain'"), "domain: a warning");
	tap_is_str(tr(pf, "a"), "b", "domain: entries still read");
	po_free(pf);
	diags_free(&d);

	/* Empty and comment-only input. */
	pf = po_parse(NULL, 0, "empty.po", &d);
	tap_ok(pf && pf->nentries == 0 && d.n == 0 && pf->header == NULL,
	    "empty input: no entries, no diagnostics");
	po_free(pf);
	pf = parse_str("# just a comment\n#: src/a.md\n", &d);
	tap_ok(pf && pf->nentries == 0 && d.n == 0,
	    "comments without entry: nothing, silently");
	po_free(pf);
	diags_free(&d);
}

static void
test_charsets(void)
{
	struct diags d = {0};
	struct po_file *pf;

	/* ISO-8859-13 ("Baltic Rim", the Latvian legacy charset). */
	static const char latin7[] =
	    "# Tulkot\xe2js: \xc2\xe7rzi\xf2\xf0\n"
	    "msgid \"\"\n"
	    "msgstr \"Content-Type: text/plain; charset=ISO-8859-13\\n\"\n"
	    "\n"
	    "#: src/\xe2.md\n"
	    "msgid \"Letters\"\n"
	    "msgstr \"\xe2 \xe8 \xe7 \xec \xee \xed \xef \xf2 \xf0 \xfb \xfe \xc2\xd0\xde\"\n";
	iconv_t cd = iconv_open("UTF-8", "ISO-8859-13");
	if (cd == (iconv_t)-1) {
		tap_ok(1, "# SKIP iconv has no ISO-8859-13");
	} else {
		iconv_close(cd);
		pf = parse_str(latin7, &d);
		tap_ok(pf && d.n == 0, "ISO-8859-13: parsed, no diagnostics");
		tap_is_str(tr(pf, "Letters"), "ā č ē ģ ī ķ ļ ņ š ū ž ĀŠŽ",
		    "ISO-8859-13: msgstr converted to UTF-8");
		tap_is_str(pf && pf->header ? pf->header->translator_comment : NULL,
		    "Tulkotājs: Āērziņš", "ISO-8859-13: comments converted too");
		const struct po_entry *e = po_find(pf, NULL, "Letters");
		tap_is_str(e && e->nrefs ? e->refs[0] : NULL, "src/ā.md",
		    "ISO-8859-13: refs converted too");
		tap_is_str(pf ? pf->charset : NULL, "ISO-8859-13",
		    "ISO-8859-13: declared charset kept");
		po_free(pf);
		diags_free(&d);
	}

	/* Unknown charset: unusable. */
	pf = parse_str("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	    "charset=X-NO-SUCH-CHARSET\\n\"\n", &d);
	tap_ok(pf == NULL, "unknown charset: NULL");
	tap_is_str(d.n ? d.v[0].message : NULL,
	    "unknown charset 'X-NO-SUCH-CHARSET'; cannot convert it to UTF-8",
	    "unknown charset: error message");
	tap_ok(d.n == 1 && d.v[0].level == DIAG_ERROR && d.v[0].line == 1,
	    "unknown charset: one error at the header's line");
	diags_free(&d);

	/* Not ASCII-compatible. */
	pf = parse_str("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	    "charset=UTF-16\\n\"\n", &d);
	tap_ok(pf == NULL && d.n == 1 &&
	    has_substr(d.v[0].message, "not ASCII-compatible"),
	    "UTF-16 declared: refused");
	diags_free(&d);

	/* Stateful 7-bit charsets can hide '"' and '\\' in their bytes. */
	pf = parse_str("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	    "charset=ISO-2022-JP\\n\"\n", &d);
	tap_ok(pf == NULL && d.n == 1 &&
	    has_substr(d.v[0].message, "'ISO-2022-JP' is not supported"),
	    "ISO-2022-JP: refused");
	diags_free(&d);

	/* A name that could smuggle iconv suffixes. */
	pf = parse_str("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	    "charset=UTF-8//IGNORE\\n\"\n", &d);
	tap_ok(pf == NULL && d.n == 1 &&
	    has_substr(d.v[0].message, "invalid charset name"),
	    "charset with '//': refused");
	diags_free(&d);

	/* Missing charset: UTF-8 with a warning. */
	pf = parse_str("msgid \"a\"\nmsgstr \"ā\"\n", &d);
	tap_ok(pf && d.n == 1 && d.v[0].level == DIAG_WARNING &&
	    has_substr(d.v[0].message, "assuming UTF-8"),
	    "no header: warning, UTF-8 assumed");
	tap_is_str(tr(pf, "a"), "ā", "no header: UTF-8 text read");
	po_free(pf);
	diags_free(&d);
	pf = parse_str("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	    "charset=\\n\"\n\nmsgid \"a\"\nmsgstr \"b\"\n", &d);
	tap_ok(pf && d.n == 1 && d.v[0].line == 1 &&
	    has_substr(d.v[0].message, "no charset declared"),
	    "empty charset=: as if missing");
	po_free(pf);
	diags_free(&d);
	pf = parse_str("msgid \"\"\nmsgstr \"Content-Type: text/plain; "
	    "charset=CHARSET\\n\"\n", &d);
	tap_ok(pf && d.n == 1 && has_substr(d.v[0].message, "'CHARSET'"),
	    "CHARSET placeholder: warning");
	po_free(pf);
	diags_free(&d);

	/* Invalid UTF-8: replaced, entry kept, line reported. */
	pf = parse_str("msgid \"\"\n"
	    "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\n"
	    "msgid \"caf\xc3\"\n"				/* 4 */
	    "msgstr \"bad \xff byte, \\xc0\\xaf overlong, \xed\xa0\x80 "
	    "surrogate, \xe2\x82x truncated\"\n"		/* 5 */
	    "\n"
	    "msgid \"fine\"\n"
	    "msgstr \"labi\"\n", &d);
	tap_ok(pf != NULL && d.n == 2 && d.nerrors == 0,
	    "invalid UTF-8: two warnings");
	tap_is_str(diag_at(&d, 4),
	    "invalid UTF-8 in msgid; 1 byte sequence(s) replaced with U+FFFD",
	    "invalid UTF-8: warning on the msgid line");
	tap_ok(has_substr(diag_at(&d, 5), "invalid UTF-8 in msgstr; 7 byte"),
	    "invalid UTF-8: msgstr, Unicode's maximal-subpart count");
	tap_is_str(tr(pf, "caf\xef\xbf\xbd"),
	    "bad \xef\xbf\xbd byte, \xef\xbf\xbd\xef\xbf\xbd overlong, "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd surrogate, \xef\xbf\xbdx "
	    "truncated", "invalid UTF-8: entry kept with U+FFFD");
	tap_is_str(tr(pf, "fine"), "labi", "invalid UTF-8: others unaffected");
	po_free(pf);
	diags_free(&d);
}

static void
test_duplicates(void)
{
	struct diags d = {0};
	struct po_file *pf = parse_str(
	    "msgid \"\"\n"
	    "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\n"
	    "msgid \"Same\"\n"			/* 4 */
	    "msgstr \"pirmais\"\n"
	    "\n"
	    "msgctxt \"c\"\n"
	    "msgid \"Same\"\n"			/* 8: other context, fine */
	    "msgstr \"ar kontekstu\"\n"
	    "\n"
	    "msgid \"Same\"\n"			/* 11: duplicate */
	    "msgstr \"otrais\"\n"
	    "\n"
	    "#~ msgid \"Same\"\n"			/* obsolete: no conflict */
	    "#~ msgstr \"vecais\"\n", &d);

	tap_is_int((long long)d.n, 1, "duplicate: one diagnostic");
	tap_ok(d.n == 1 && d.v[0].level == DIAG_WARNING && d.v[0].line == 11,
	    "duplicate: a warning on line 11");
	tap_is_str(d.n ? d.v[0].message : NULL,
	    "duplicate message: same msgctxt and msgid as the entry at line 4; "
	    "this one is ignored", "duplicate: message names the first");
	tap_is_str(tr(pf, "Same"), "pirmais", "duplicate: the first is kept");
	tap_is_int(pf ? (long long)pf->nentries : 0, 4,
	    "duplicate: dropped from entries");
	po_free(pf);
	diags_free(&d);
}

static void
test_diag_cap(void)
{
	struct buf b = {0};
	struct diags d = {0};

	for (int i = 0; i < 500; i++)
		buf_adds(&b, "?\n");
	buf_adds(&b, "msgid \"a\"\nmsgstr \"b\"\n");
	struct po_file *pf = po_parse(b.data, b.len, "x.po", &d);
	tap_is_int((long long)d.n, PO_MAX_DIAGS + 1,
	    "diagnostics capped at PO_MAX_DIAGS plus one note");
	tap_is_int(pf ? (long long)pf->nerrors : 0, 500,
	    "all 500 errors counted in po_file");
	tap_ok(d.n && d.v[d.n - 1].level == DIAG_WARNING &&
	    d.v[d.n - 1].line == 0, "the note has no line");
	tap_is_str(tr(pf, "a"), "b", "entry after 500 bad lines");
	po_free(pf);
	diags_free(&d);
	buf_free(&b);

	/* A long string built from many pieces (linear-time smoke test). */
	buf_adds(&b, "msgid \"long\"\nmsgstr \"\"\n");
	for (int i = 0; i < 200000; i++)
		buf_adds(&b, "\"abcdefghij\"\n");
	pf = po_parse(b.data, b.len, "long.po", NULL);
	const char *s = tr(pf, "long");
	tap_is_int(s ? (long long)strlen(s) : 0, 2000000,
	    "200000 continuation lines concatenated (d may be NULL)");
	po_free(pf);
	buf_free(&b);
}

static void
test_writer(void)
{
	struct buf b = {0};

	po_write_string(&b, "msgid", "Plain text");
	tap_is_str(b.data, "msgid \"Plain text\"\n", "write: plain");
	buf_clear(&b);
	po_write_string(&b, "msgid", "Tab\t \"q\" \\ \a\b\f\v\r ā");
	tap_is_str(b.data, "msgid \"Tab\\t \\\"q\\\" \\\\ \\a\\b\\f\\v\\r ā\"\n",
	    "write: escapes as gettext, UTF-8 raw");
	buf_clear(&b);
	po_write_string(&b, "msgstr", "only at end\n");
	tap_is_str(b.data, "msgstr \"only at end\\n\"\n",
	    "write: final newline stays on one line");
	buf_clear(&b);
	po_write_string(&b, "msgid", "a\n\nb");
	tap_is_str(b.data, "msgid \"\"\n\"a\\n\"\n\"\\n\"\n\"b\"\n",
	    "write: inner newlines split like msgcat");
	buf_clear(&b);
	po_write_string(&b, "msgid", "\n\n");
	tap_is_str(b.data, "msgid \"\"\n\"\\n\"\n\"\\n\"\n", "write: \"\\n\\n\"");
	buf_clear(&b);
	po_write_string(&b, "msgid", NULL);
	tap_is_str(b.data, "msgid \"\"\n", "write: NULL is empty");
	buf_clear(&b);
	static const char long_text[] = "This line is much longer than "
	    "seventy-nine columns and is still written on one single line.";
	po_write_string(&b, "msgid", long_text);
	tap_is_str(b.data, "msgid \"This line is much longer than seventy-nine "
	    "columns and is still written on one single line.\"\n",
	    "write: no wrapping at a column");
	buf_clear(&b);

	po_write_header(&b, "handbook 0.1.0", NULL, "2026-11-28 17:44+0000");
	tap_is_str(b.data,
	    "# SOME DESCRIPTIVE TITLE.\n"
	    "# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
	    "# This file is distributed under the same license as the "
	    "handbook 0.1.0 package.\n"
	    "# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.\n"
	    "#\n"
	    "#, fuzzy\n"
	    "msgid \"\"\n"
	    "msgstr \"\"\n"
	    "\"Project-Id-Version: handbook 0.1.0\\n\"\n"
	    "\"Report-Msgid-Bugs-To: \\n\"\n"
	    "\"POT-Creation-Date: 2026-11-28 17:44+0000\\n\"\n"
	    "\"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n\"\n"
	    "\"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n\"\n"
	    "\"Language-Team: LANGUAGE <LL@li.org>\\n\"\n"
	    "\"Language: \\n\"\n"
	    "\"MIME-Version: 1.0\\n\"\n"
	    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\"Content-Transfer-Encoding: 8bit\\n\"\n",
	    "write: POT header");
	buf_clear(&b);
	po_write_header(&b, "evil\n\"x", "en", NULL);
	tap_ok(strstr(b.data, "POT-Creation-Date") == NULL,
	    "write: header without date leaves the field out");
	tap_ok(strstr(b.data, "\"Project-Id-Version: evil \\\"x\\n\"\n") != NULL &&
	    strstr(b.data, "\"Language: en\\n\"\n") != NULL,
	    "write: header values cleaned and escaped");
	buf_clear(&b);

	static const char *const refs[] = {
		"src/legal-framework.md:12", "src/channels.md:3",
		"src/transferring-supervision.md:140", "src/x.md:1",
	};
	po_write_entry(&b, "i18n: chapter title\nsecond line\n", refs, 4,
	    "Legal framework");
	tap_is_str(b.data,
	    "\n"
	    "#. i18n: chapter title\n"
	    "#. second line\n"
	    "#: src/legal-framework.md:12 src/channels.md:3\n"
	    "#: src/transferring-supervision.md:140 src/x.md:1\n"
	    "msgid \"Legal framework\"\n"
	    "msgstr \"\"\n", "write: entry with #. and wrapped #:");
	buf_clear(&b);

	/* msgmerge's exact width: 79 columns fit, 80 do not. */
	char a[64], r79[64], r80[64];
	memset(a, 'a', 30);
	strcpy(a + 30, ".md");				/* 33 bytes */
	memset(r79, 'b', 42);				/* "#: " 33 " " 42 = 79 */
	r79[42] = '\0';
	memset(r80, 'b', 43);
	r80[43] = '\0';
	const char *w79[] = { a, r79 }, *w80[] = { a, r80 };
	po_write_entry(&b, NULL, w79, 2, "x");
	tap_ok(strchr(b.data + 1, '\n') - (b.data + 1) == 79 &&
	    strstr(b.data, "\n#: bbb") == NULL, "write: a 79-column #: line fits");
	buf_clear(&b);
	po_write_entry(&b, NULL, w80, 2, "x");
	tap_ok(strstr(b.data, ".md\n#: bbb") != NULL,
	    "write: 80 columns wrap to a new #: line");
	buf_clear(&b);
	static const char *const nasty[] = { "a\nb" };
	po_write_entry(&b, "", nasty, 1, "multi\nline");
	tap_is_str(b.data, "\n#: a b\nmsgid \"\"\n\"multi\\n\"\n\"line\"\nmsgstr \"\"\n",
	    "write: control bytes in refs become spaces; empty #. omitted");
	buf_free(&b);
}

static void
test_round_trip(void)
{
	static const char *const msgids[] = {
		"Serious Offenders on the Move",
		"Contact the State Probation Service (Valsts probācijas dienests).",
		"Line one\nLine two\n",
		"Quotes \"here\", a backslash \\, a tab\t and \x01 raw control",
		"Ends without newline\nbut has one inside",
		"\n",
	};
	static const char *const refs[] = {
		"src/about.md:1", "src/channels.md:22",
		"src/a-rather-long-file-name-for-wrapping.md:100",
		"src/victims.md",
	};
	struct buf b = {0};
	struct diags d = {0};

	po_write_header(&b, "handbook", "en", "2026-11-28T17:44:00+01:00");
	for (size_t i = 0; i < ARRAY_LEN(msgids); i++)
		po_write_entry(&b, i == 1 ? "i18n: glossary term\nkeep" : NULL,
		    refs, i + 1 < ARRAY_LEN(refs) ? i + 1 : ARRAY_LEN(refs),
		    msgids[i]);
	struct po_file *pf = po_parse(b.data, b.len, "rt.pot", &d);
	if (!tap_ok(pf != NULL, "round trip: parsed"))
		return;
	tap_is_int((long long)d.n, 0, "round trip: no diagnostics");
	tap_is_int((long long)pf->nentries, (long long)ARRAY_LEN(msgids) + 1,
	    "round trip: header and every entry");
	tap_is_str(pf->charset, "UTF-8", "round trip: charset");
	tap_is_str(pf->language, "en", "round trip: language");
	tap_ok(pf->header && pf->header->fuzzy, "round trip: POT header is fuzzy");
	int all = 1;
	for (size_t i = 0; i < ARRAY_LEN(msgids); i++) {
		const struct po_entry *e = po_find(pf, NULL, msgids[i]);
		size_t nr = i + 1 < ARRAY_LEN(refs) ? i + 1 : ARRAY_LEN(refs);
		if (e == NULL || e->nmsgstr != 1 || e->msgstr[0][0] != '\0' ||
		    !same_strv(e->refs, e->nrefs, (char **)refs, nr) ||
		    !same_str(e->extracted, i == 1 ?
		    "i18n: glossary term\nkeep" : NULL)) {
			all = 0;
			printf("# entry %zu differs\n", i);
		}
	}
	tap_ok(all, "round trip: msgids, refs and comments identical");
	size_t t, f, u;
	po_stats(pf, &t, &f, &u);
	tap_ok(t == 0 && f == 0 && u == ARRAY_LEN(msgids),
	    "round trip: all untranslated");
	po_free(pf);
	diags_free(&d);
	buf_free(&b);
}

static void
test_load(void)
{
	struct diags d = {0};
	char dir[] = "/tmp/t_po.XXXXXX";

	if (mkdtemp(dir) == NULL) {
		tap_ok(0, "mkdtemp");
		return;
	}
	char *path = xasprintf("%s/lv.po", dir);
	FILE *fp = fopen(path, "w");
	fputs(lv_po, fp);
	fclose(fp);

	struct po_file *pf = po_load(path, &d);
	tap_ok(pf && d.n == 0 && pf->nentries == 13, "load: file read and parsed");
	tap_is_str(pf ? pf->filename : NULL, path, "load: filename kept");
	po_free(pf);

	char *missing = xasprintf("%s/none.po", dir);
	pf = po_load(missing, &d);
	tap_ok(pf == NULL && d.n == 1 && d.v[0].level == DIAG_ERROR &&
	    same_str(d.v[0].file, missing) &&
	    has_substr(d.v[0].message, "cannot read the file: "),
	    "load: missing file is an error");
	diags_clear(&d);
	pf = po_load(dir, &d);
	tap_ok(pf == NULL && d.n == 1 &&
	    same_str(d.v[0].message, "not a regular file"),
	    "load: a directory is refused");
	diags_free(&d);

	unlink(path);
	rmdir(dir);
	free(path);
	free(missing);
	po_free(NULL);
	tap_ok(po_find(NULL, NULL, "x") == NULL, "po_find(NULL) is NULL");
}

int
main(void)
{
	test_fixture();
	test_syntax_errors();
	test_more_errors();
	test_syntax_extras();
	test_charsets();
	test_duplicates();
	test_diag_cap();
	test_writer();
	test_round_trip();
	test_load();
	return tap_done();
}
