/* t_search.c — queries, matching over rendered text, wrapped matches,
 * whole-book ranking, snippets and the prefilter. */
#include <config.h>

#include "book.h"
#include "fold.h"
#include "search.h"
#include "fixture.h"
#include "tap.h"

#include <stdlib.h>

static struct doc *
render(const char *md, int width)
{
	struct mdtree *t = md_parse(md, strlen(md));
	struct render_opts o = { .width = width };
	struct doc *d = render_doc(t, &o);
	md_free(t);
	return d;
}

/* "block:off:len" for every match, space-separated (caller frees). */
static char *
found(const char *md, const char *query, const char *lang, int width)
{
	struct doc *d = render(md, width);
	struct query *q = query_parse(query, lang);
	struct matches m = {0};
	struct buf b = {0};
	if (q)
		search_doc(q, d, &m);
	for (size_t i = 0; i < m.n; i++)
		buf_printf(&b, "%s%u:%u:%u", i ? " " : "", m.v[i].block, m.v[i].off, m.v[i].len);
	matches_free(&m);
	query_free(q);
	doc_free(d);
	return buf_detach(&b);
}

static void
is_found(const char *md, const char *query, const char *lang, const char *want, const char *name)
{
	char *got = found(md, query, lang, 80);
	tap_is_str(got, want, name);
	free(got);
}

static void
test_fold_fast_path(void)
{
	/* The ASCII fast path lower-cases eight bytes at a time; every byte
	 * value around the letters must come out right. */
	char in[129], want[129];
	for (int i = 0; i < 128; i++) {
		in[i] = (char)(i ? i : ' ');
		want[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
	}
	in[128] = want[128] = '\0';
	char *got = fold_cstr(in);
	tap_ok(!memcmp(got, want, 128), "ASCII folding of all 128 byte values, 8 at a time");
	free(got);
}

static void
test_query(void)
{
	struct query *q = query_parse("Sadarbība \"Valsts policija\" RISKS", "lv");
	tap_is_int((long long)q->nterms, 3, "two words and a phrase are three terms");
	tap_is_str(q->terms[0].words[0], "sadarbiba", "words are folded");
	tap_is_str(q->terms[0].stems[0], "sadarbib", "and stemmed (Latvian)");
	tap_is_int((long long)q->terms[1].nwords, 2, "the phrase keeps its two words");
	tap_is_str(q->terms[1].words[1], "policija", "phrase word folded");
	tap_is_str(q->terms[2].words[0], "risks", "capitals fold");
	query_free(q);
	tap_ok(query_parse("  \"\" -- ", "en") == NULL, "a query without words is NULL");
	q = query_parse("recommendations", "en");
	tap_is_str(q->terms[0].stems[0], "recommend", "English stem");
	query_free(q);
}

static void
test_matching(void)
{
	const char *lv = "Sadarbība ar policiju. SADARBĪBU veicina sadarbības līgums; sadarboties.";
	is_found(lv, "sadarbiba", "lv", "0:0:10 0:24:10 0:43:11", "diacritics and case do not matter; inflections match");
	is_found(lv, "SADARBĪBA", "lv", "0:0:10 0:24:10 0:43:11", "the same with the query in capitals");
	is_found(lv, "sadarb", "lv", "0:0:10 0:24:10 0:43:11 0:64:11", "a prefix finds longer forms");
	is_found("The recommendation and two recommendations; recommended.", "recommendations", "en",
	    "0:4:14 0:27:15 0:44:11", "English stemming finds inflections");
	is_found("News is new.", "new", "en", "0:0:4 0:8:3", "a prefix matches (news, new)");
	is_found("Valsts policija un Valsts probācijas dienests.", "\"valsts policija\"", "lv", "0:0:15",
	    "a phrase matches only in sequence");
	is_found("Use **risk** and `risk` but not <https://risk.example> or <b>risk</b>.", "risk", "en",
	    "0:4:4 0:13:4 0:53:4", "markup, URLs and HTML tags are not searched, text between tags is");
	is_found("# Heading risk\n\nBody risk.", "risk", "en", "0:8:4 1:5:4", "headings are searched");
	is_found("| a | b |\n|---|---|\n| risk | no |\n", "risk", "en", "2:0:4", "table cells are searched");
	is_found("Text[^1].\n\n[^1]: Note about risk.\n", "risk", "en", "2:11:4", "footnotes are searched");
}

static void
test_wrapped(void)
{
	/* At 14 columns "State Probation" wraps after "State". */
	struct doc *d = render("The State Probation Service", 14);
	struct query *q = query_parse("\"state probation\"", "en");
	struct matches m = {0};
	search_doc(q, d, &m);
	tap_is_int((long long)m.n, 1, "a phrase split by wrapping is one match");
	size_t line;
	uint32_t off, len;
	tap_ok(match_on_line(d, &m.v[0], 0, &line, &off, &len) && line == 0 && off == 4 && len == 5,
	    "its first part: line 0, bytes 4-9 (State)");
	tap_ok(match_on_line(d, &m.v[0], 1, &line, &off, &len) && line == 1 && off == 0 && len == 9,
	    "its second part: line 1, bytes 0-9 (Probation)");
	tap_ok(!match_on_line(d, &m.v[0], 2, &line, &off, &len), "and no third part");
	matches_free(&m);
	query_free(q);
	doc_free(d);

	/* Latvian multi-byte text in a table cell maps to the right line bytes. */
	d = render("| Iestāde |\n|---|\n| Valsts probācijas dienests |\n", 16);
	q = query_parse("probacijas", "lv");
	search_doc(q, d, &m);
	tap_ok(m.n == 1 && match_on_line(d, &m.v[0], 0, &line, &off, &len), "a match in a wrapped table cell");
	tap_ok(m.n == 1 && !strncmp(doc_line_text(d, line) + off, "probācijas", len) && len == 11,
	    "maps to the cell's line and bytes");
	matches_free(&m);
	query_free(q);
	doc_free(d);
}

/* Results as "chapter section hits heading-hit|..." (caller frees). */
static char *
ranked(const struct results *r)
{
	struct buf b = {0};
	for (size_t i = 0; i < r->n; i++)
		buf_printf(&b, "%zu %s %zu %d|", r->v[i].chapter, r->v[i].section_number ? r->v[i].section_number : "-",
		    r->v[i].nhits, r->v[i].heading_hit);
	return buf_detach(&b);
}

static void
test_book(void)
{
	struct diags d = {0};
	struct book *b = fixture_book("search-book", &d);
	struct searcher *s = searcher_new(b, NULL);
	struct query *q = query_parse("risk assessment", "en");
	struct results r = {0};
	search_book(s, q, 60, 0, &r, &d);
	char *got = ranked(&r);
	tap_is_str(got, "1 2.1 10 1|0 1.1 4 1|", "ranking: heading hits first, then BM25; all terms required");
	free(got);
	tap_is_str(r.n ? r.v[0].snippet : NULL, "Assessing risk", "snippet of a heading hit");
	tap_is_int(r.n ? (long long)r.v[0].nmarks : 0, 2, "both words are marked in the snippet");
	tap_ok(r.n && r.v[0].marks[0][0] == 0 && r.v[0].marks[0][1] == 9 && r.v[0].marks[1][0] == 10 &&
	    r.v[0].marks[1][1] == 4, "mark positions 0+9 and 10+4");
	results_free(&r);
	query_free(q);

	/* a second search with the same searcher parses nothing again */
	q = query_parse("risk assessment", "en");
	search_book(s, q, 60, 0, &r, &d);
	tap_is_int((long long)r.chapters_parsed, 0, "a repeated search re-parses nothing");
	results_free(&r);
	query_free(q);
	searcher_free(s);
	s = searcher_new(b, NULL);

	q = query_parse("agencies", "en");
	search_book(s, q, 60, 0, &r, &d);
	tap_is_int((long long)r.chapters_parsed, 1, "the prefilter parses only the chapter that can match");
	tap_ok(r.n == 2 && r.v[0].heading_hit && !strcmp(r.v[0].section_title, "Agencies"), "heading result first");
	tap_is_str(r.n == 2 ? r.v[1].snippet : NULL, "…management. Each agency assesses the risk differently.",
	    "a body snippet starts at a word, with an ellipsis");
	results_free(&r);
	query_free(q);

	q = query_parse("nonexistentword", "en");
	search_book(s, q, 60, 0, &r, &d);
	tap_ok(r.n == 0 && r.chapters_parsed == 0, "no results and nothing parsed");
	results_free(&r);
	query_free(q);
	searcher_free(s);

	/* working ahead (the reader, while the prompt waits): folding a few
	 * chapters per call, then parsing one per call; after it, the first
	 * search parses nothing */
	s = searcher_new(b, NULL);
	int calls = 0;
	while (!searcher_prepare(s, 1, &d) && calls < 100)
		calls++;
	tap_ok(calls >= (int)b->nchapters && calls < 100, "searcher_prepare does its work a step per call, then says so");
	tap_is_int(searcher_prepare(s, 1, &d), 1, "and has nothing left to do");
	q = query_parse("risk assessment", "en");
	search_book(s, q, 60, 0, &r, &d);
	tap_ok(r.n == 2 && r.chapters_parsed == 0, "the first search after it parses nothing");
	results_free(&r);
	query_free(q);
	searcher_free(s);
	s = searcher_new(b, NULL);
	searcher_one_shot(s);
	tap_is_int(searcher_prepare(s, 1, &d), 1, "a one-shot searcher keeps nothing, so prepares nothing");
	q = query_parse("risk assessment", "en");
	search_book(s, q, 60, 0, &r, &d);
	got = ranked(&r);
	tap_is_str(got, "1 2.1 10 1|0 1.1 4 1|", "and finds the same");
	free(got);
	results_free(&r);
	query_free(q);
	searcher_free(s);
	book_free(b);
	diags_free(&d);
}

int
main(void)
{
	test_fold_fast_path();
	test_query();
	test_matching();
	test_wrapped();
	test_book();
	return tap_done();
}
