/* search.c — see search.h. */
#include <config.h>

#include "search.h"
#include "fold.h"
#include "l10n.h"
#include "stem.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- queries -------------------------------------------------------------- */

static void
add_word(struct query_term *t, const char *w, size_t n, const char *lang)
{
	size_t k = t->nwords + 1;
	t->words = xrealloc(t->words, k * sizeof *t->words);
	t->stems = xrealloc(t->stems, k * sizeof *t->stems);
	t->needles = xrealloc(t->needles, k * sizeof *t->needles);
	t->words[t->nwords] = xstrndup(w, n);
	char *st = xmalloc(n + 1);
	size_t sl = stem_word(lang, w, n, st);
	t->stems[t->nwords] = st;
	/* Any match starts with the word itself or with its stem. */
	size_t c = 0;
	while (c < n && c < sl && w[c] == st[c])
		c++;
	t->needles[t->nwords] = xstrndup(w, c ? c : n);
	t->nwords++;
}

struct query *
query_parse(const char *text, const char *lang)
{
	struct query *q = xcalloc(1, sizeof *q);
	q->text = xstrdup(text);
	q->lang = xstrdup(lang ? lang : "en");
	char *folded = fold_cstr(text);
	size_t len = strlen(folded), pos = 0, cap = 0;
	int in_phrase = 0;
	struct query_term *phrase = NULL;

	while (pos < len) {
		size_t ws, wl;
		/* quotes toggle phrases; look for them between words */
		size_t next = len;
		if (fold_next_word(folded, len, pos, &ws, &wl))
			next = ws;
		else
			ws = wl = 0;
		for (size_t i = pos; i < next; i++)
			if (folded[i] == '"') {
				in_phrase = !in_phrase;
				phrase = NULL;
			}
		if (next == len)
			break;
		if (in_phrase && phrase) {
			add_word(phrase, folded + ws, wl, q->lang);
		} else {
			q->terms = xgrow(q->terms, &cap, q->nterms + 1, sizeof *q->terms);
			struct query_term *t = &q->terms[q->nterms++];
			memset(t, 0, sizeof *t);
			add_word(t, folded + ws, wl, q->lang);
			if (in_phrase)
				phrase = t;
		}
		pos = ws + wl;
	}
	free(folded);
	if (!q->nterms) {
		query_free(q);
		return NULL;
	}
	return q;
}

void
query_free(struct query *q)
{
	if (!q)
		return;
	for (size_t i = 0; i < q->nterms; i++) {
		for (size_t k = 0; k < q->terms[i].nwords; k++) {
			free(q->terms[i].words[k]);
			free(q->terms[i].stems[k]);
			free(q->terms[i].needles[k]);
		}
		free(q->terms[i].words);
		free(q->terms[i].stems);
		free(q->terms[i].needles);
	}
	free(q->terms);
	free(q->text);
	free(q->lang);
	free(q);
}

/* Does folded document word w[0..n) match query word k of term t? */
static int
word_matches(const struct query *q, const struct query_term *t, size_t k, const char *w, size_t n)
{
	const char *qw = t->words[k];
	size_t ql = strlen(qw);
	if (n >= ql && !memcmp(w, qw, ql))
		return 1;	/* the word or a longer form of it */
	const char *st = t->stems[k];
	size_t sl = strlen(st);
	if (sl < 3 || n < sl || memcmp(w, st, sl))
		return 0;
	char small[128];
	char *buf = n < sizeof small ? small : xmalloc(n + 1);
	size_t wl = stem_word(q->lang, w, n, buf);
	int same = wl == sl && !memcmp(buf, st, sl);
	if (buf != small)
		free(buf);
	return same;
}

/* ---- searching a doc ------------------------------------------------------ */

struct word { size_t start, len; };

void
search_doc(const struct query *q, const struct doc *d, struct matches *out)
{
	if (!q || !d->nblocks)
		return;
	struct buf f = {0};
	size_t *map = NULL, map_cap = 0;
	fold_text(d->btext.data ? d->btext.data : "", d->btext.len, &f, &map, &map_cap);

	struct word *words = NULL;
	size_t nwords = 0, wcap = 0, pos = 0, ws, wl;
	while (fold_next_word(f.data, f.len, pos, &ws, &wl)) {
		words = xgrow(words, &wcap, nwords + 1, sizeof *words);
		words[nwords++] = (struct word){ ws, wl };
		pos = ws + wl;
	}
	size_t block = 0;
	for (size_t i = 0; i < nwords; i++) {
		for (size_t t = 0; t < q->nterms; t++) {
			const struct query_term *term = &q->terms[t];
			if (i + term->nwords > nwords)
				continue;
			size_t k;
			for (k = 0; k < term->nwords; k++) {
				const struct word *w = &words[i + k];
				if (!word_matches(q, term, k, f.data + w->start, w->len))
					break;
				/* a phrase's words are separated only by spaces and
				 * punctuation, never by a block boundary */
				if (k && memchr(f.data + words[i + k - 1].start, '\n',
				    w->start - words[i + k - 1].start))
					break;
			}
			if (k < term->nwords)
				continue;
			size_t so = map[words[i].start];
			size_t eo = map[words[i + k - 1].start + words[i + k - 1].len];
			while (block + 1 < d->nblocks && d->btext_off[block + 1] <= so)
				block++;
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			out->v[out->n++] = (struct match){ (uint32_t)block,
			    (uint32_t)(so - d->btext_off[block]), (uint32_t)(eo - so), (uint16_t)t };
			break;
		}
	}
	free(words);
	free(map);
	buf_free(&f);
}

void
matches_free(struct matches *m)
{
	free(m->v);
	m->v = NULL;
	m->n = m->cap = 0;
}

int
match_on_line(const struct doc *d, const struct match *m, size_t part,
    size_t *line, uint32_t *off, uint32_t *len)
{
	if (m->block >= d->nblocks)
		return 0;
	const struct block *b = &d->blocks[m->block];
	size_t found = 0;
	uint32_t ms = m->off, me = m->off + m->len;
	/* Lines of a block are first_line .. (table cells: anywhere after). */
	for (size_t i = b->first_line; i < d->nlines; i++) {
		const struct line *l = &d->lines[i];
		int any_seg = 0;
		for (uint32_t k = 0; k < l->nsegs; k++) {
			const struct seg *s = &d->segs[l->seg + k];
			if (s->block != (int32_t)m->block)
				continue;
			any_seg = 1;
			uint32_t a = s->block_off > ms ? s->block_off : ms;
			uint32_t e = s->block_off + s->len < me ? s->block_off + s->len : me;
			if (a >= e)
				continue;
			if (found++ == part) {
				*line = i;
				*off = s->line_off + (a - s->block_off);
				*len = e - a;
				return 1;
			}
		}
		if (!any_seg && l->block != (int32_t)m->block && i > b->first_line + b->nlines + 64)
			break;
	}
	return 0;
}

/* ---- whole-book search ------------------------------------------------------ */

struct searcher {
	struct book		*b;
	const struct catalog	*cat;
	struct buf		*folded;	/* per chapter, lazily */
	char			*have;		/* 1 = folded[i] valid */
	size_t			*nsections;	/* heading count estimate per chapter */
};

struct searcher *
searcher_new(struct book *b, const struct catalog *cat)
{
	struct searcher *s = xcalloc(1, sizeof *s);
	s->b = b;
	s->cat = cat;
	size_t n = b->nchapters ? b->nchapters : 1;
	s->folded = xcalloc(n, sizeof *s->folded);
	s->have = xcalloc(n, 1);
	s->nsections = xcalloc(n, sizeof *s->nsections);
	return s;
}

void
searcher_free(struct searcher *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->b->nchapters; i++)
		buf_free(&s->folded[i]);
	free(s->folded);
	free(s->have);
	free(s->nsections);
	free(s);
}

/* The chapter's folded source (and, with a catalog, its translations):
 * whatever the reader shows of it is contained in this text. */
static const struct buf *
folded_source(struct searcher *s, size_t i, struct diags *d)
{
	if (s->have[i])
		return &s->folded[i];
	s->have[i] = 1;
	size_t len;
	const char *src = book_chapter_source(s->b, i, &len, d);
	if (!src)
		return &s->folded[i];
	fold_text(src, len, &s->folded[i], NULL, NULL);
	size_t heads = 1;
	for (size_t k = 0; k + 1 < len; k++)
		if (src[k] == '\n' && src[k + 1] == '#')
			heads++;
	s->nsections[i] = heads;
	if (s->cat && s->cat->po && s->b->chapters[i].path) {
		const struct po_file *pf = s->cat->po;
		for (size_t e = 0; e < pf->nentries; e++) {
			const struct po_entry *pe = &pf->entries[e];
			if (pe->obsolete || !pe->nmsgstr || !pe->msgstr[0][0])
				continue;
			int mine = 0;
			for (size_t r = 0; r < pe->nrefs && !mine; r++) {
				const char *ref = pe->refs[r];
				size_t rl = strlen(ref), pl = strlen(s->b->chapters[i].path);
				mine = rl >= pl && !strcmp(ref + rl - pl, s->b->chapters[i].path);
			}
			if (mine) {
				buf_addc(&s->folded[i], '\n');
				fold_text(pe->msgstr[0], strlen(pe->msgstr[0]), &s->folded[i], NULL, NULL);
			}
		}
	} else if (s->cat && s->cat->mo_n) {
		for (size_t e = 0; e < s->cat->mo_n; e++) {
			buf_addc(&s->folded[i], '\n');
			fold_text(s->cat->mo_strs[e], strlen(s->cat->mo_strs[e]), &s->folded[i], NULL, NULL);
		}
	}
	book_chapter_unload(s->b, i);
	return &s->folded[i];
}

static int
may_contain(const struct query *q, const struct buf *f)
{
	if (!f->len)
		return 0;
	for (size_t t = 0; t < q->nterms; t++)
		for (size_t k = 0; k < q->terms[t].nwords; k++)
			if (!memmem(f->data, f->len, q->terms[t].needles[k], strlen(q->terms[t].needles[k])))
				return 0;
	return 1;
}

struct section {
	int	 heading;	/* block */
	size_t	 first_block, end_block;
	size_t	 words;
	size_t	*tf;		/* per term */
	int	 heading_hit;
	size_t	 first_match;	/* index into matches, or SIZE_MAX */
	size_t	 nhits;
};

static size_t
count_words(const struct doc *d, size_t from, size_t to)
{
	size_t n = 0;
	const char *t = d->btext.data + d->btext_off[from];
	const char *e = d->btext.data + d->btext_off[to];
	int in = 0;
	for (; t < e; t++) {
		int w = *t != ' ' && *t != '\n';
		n += w && !in;
		in = w;
	}
	return n;
}

static void
make_snippet(const struct doc *d, const struct matches *m, size_t first, int cols, struct result *r)
{
	const struct match *fm = &m->v[first];
	const char *bt = d->btext.data + d->btext_off[fm->block];
	size_t blen = d->btext_off[fm->block + 1] - d->btext_off[fm->block];
	if (blen && bt[blen - 1] == '\n')
		blen--;
	/* Start up to a third of the width before the match, at a word. */
	size_t start = fm->off;
	int back = 0;
	while (start > 0 && back < cols / 3) {
		size_t p = start - 1;
		while (p > 0 && ((unsigned char)bt[p] & 0xC0) == 0x80)
			p--;
		back += text_width(bt + p, start - p);
		start = p;
	}
	if (start > 0) {
		while (start < fm->off && bt[start] != ' ')
			start++;
		while (start < fm->off && bt[start] == ' ')
			start++;
	}
	struct buf s = {0};
	int lead = start > 0;
	if (lead)
		buf_adds(&s, "\xe2\x80\xa6");	/* … */
	int used;
	size_t fit = text_fit(bt + start, blen - start, cols - lead - 1, &used);
	size_t base = s.len;
	buf_add(&s, bt + start, fit);
	if (start + fit < blen)
		buf_adds(&s, "\xe2\x80\xa6");
	for (size_t k = first; k < m->n && r->nmarks < 8; k++) {
		const struct match *mk = &m->v[k];
		if (mk->block != fm->block)
			break;
		if (mk->off < start || mk->off + mk->len > start + fit)
			continue;
		r->marks[r->nmarks][0] = (uint32_t)(base + mk->off - start);
		r->marks[r->nmarks][1] = mk->len;
		r->nmarks++;
	}
	r->snippet = buf_detach(&s);
}

static int
cmp_results(const void *a, const void *b)
{
	const struct result *x = a, *y = b;
	if (x->heading_hit != y->heading_hit)
		return y->heading_hit - x->heading_hit;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	if (x->chapter != y->chapter)
		return x->chapter < y->chapter ? -1 : 1;
	return x->section - y->section;
}

void
search_book(struct searcher *s, const struct query *q, int snippet_cols,
    struct results *out, struct diags *d)
{
	struct book *b = s->b;
	size_t total_sections = 0;
	size_t *df = xcalloc(q->nterms, sizeof *df);
	/* candidates first: sections of chapters that may hold every term */
	struct cand { size_t chapter; struct doc *doc; struct matches m; struct section *sec; size_t nsec; } *c = NULL;
	size_t nc = 0, ccap = 0;

	for (size_t i = 0; i < b->nchapters; i++) {
		if (!b->chapters[i].path)
			continue;
		const struct buf *f = folded_source(s, i, d);
		total_sections += s->nsections[i];
		if (!may_contain(q, f))
			continue;
		struct mdtree *t = l10n_parse_chapter(b, i, s->cat, NULL, NULL);
		book_chapter_unload(b, i);
		if (!t)
			continue;
		out->chapters_parsed++;
		struct render_opts ro = { .width = 1000, .number = b->chapters[i].number };
		struct doc *doc = render_doc(t, &ro);
		md_free(t);
		struct matches m = {0};
		search_doc(q, doc, &m);
		if (!m.n) {
			doc_free(doc);
			continue;
		}
		c = xgrow(c, &ccap, nc + 1, sizeof *c);
		c[nc] = (struct cand){ i, doc, m, NULL, 0 };
		/* sections: split at headings of level <= 3 */
		struct section *sec = NULL;
		size_t nsec = 0, scap = 0;
		for (size_t bl = 0; bl < doc->nblocks; bl++) {
			int head = doc->blocks[bl].kind == LINE_HEADING && doc->blocks[bl].level <= 3;
			if (bl == 0 || head) {
				sec = xgrow(sec, &scap, nsec + 1, sizeof *sec);
				sec[nsec] = (struct section){ head ? (int)bl : -1, bl, bl, 0, xcalloc(q->nterms, sizeof(size_t)),
				    0, (size_t)-1, 0 };
				nsec++;
			}
			sec[nsec - 1].end_block = bl + 1;
		}
		size_t si = 0;
		for (size_t k = 0; k < m.n; k++) {
			while (si + 1 < nsec && sec[si + 1].first_block <= m.v[k].block)
				si++;
			sec[si].tf[m.v[k].term]++;
			sec[si].nhits++;
			if (sec[si].first_match == (size_t)-1)
				sec[si].first_match = k;
			if ((int)m.v[k].block == sec[si].heading)
				sec[si].heading_hit = 1;
		}
		for (size_t k = 0; k < nsec; k++) {
			sec[k].words = count_words(doc, sec[k].first_block, sec[k].end_block);
			for (size_t t2 = 0; t2 < q->nterms; t2++)
				if (sec[k].tf[t2])
					df[t2]++;
		}
		c[nc].sec = sec;
		c[nc].nsec = nsec;
		nc++;
	}

	double avg = 0;
	size_t counted = 0;
	for (size_t i = 0; i < nc; i++)
		for (size_t k = 0; k < c[i].nsec; k++) {
			avg += (double)c[i].sec[k].words;
			counted++;
		}
	avg = counted ? avg / (double)counted : 1;
	if (avg < 1)
		avg = 1;
	if (total_sections < counted)
		total_sections = counted;

	for (size_t i = 0; i < nc; i++) {
		struct doc *doc = c[i].doc;
		for (size_t k = 0; k < c[i].nsec; k++) {
			struct section *sc = &c[i].sec[k];
			int all = sc->nhits > 0;
			double score = 0;
			for (size_t t2 = 0; t2 < q->nterms && all; t2++) {
				if (!sc->tf[t2]) {
					all = 0;
					break;
				}
				double N = (double)total_sections, n = (double)df[t2];
				double idf = log(1.0 + (N - n + 0.5) / (n + 0.5));
				double tf = (double)sc->tf[t2];
				score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * (double)sc->words / avg));
			}
			if (!all)
				continue;
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			struct result *r = &out->v[out->n++];
			memset(r, 0, sizeof *r);
			r->chapter = c[i].chapter;
			r->section = sc->heading;
			r->nhits = sc->nhits;
			r->heading_hit = sc->heading_hit;
			r->score = score;
			r->first = c[i].m.v[sc->first_match];
			if (sc->heading >= 0) {
				const char *ht = doc->btext.data + doc->btext_off[sc->heading];
				size_t hl = doc->btext_off[sc->heading + 1] - doc->btext_off[sc->heading];
				r->section_title = xstrndup(ht, hl && ht[hl - 1] == '\n' ? hl - 1 : hl);
				uint32_t line = doc->blocks[sc->heading].first_line;
				for (size_t a = 0; a < doc->nanchors; a++)
					if (doc->anchors[a].line == line && doc->anchors[a].number) {
						r->section_number = xstrdup(doc->anchors[a].number);
						break;
					}
			}
			make_snippet(doc, &c[i].m, sc->first_match, snippet_cols > 10 ? snippet_cols : 10, r);
		}
	}
	for (size_t i = 0; i < nc; i++) {
		for (size_t k = 0; k < c[i].nsec; k++)
			free(c[i].sec[k].tf);
		free(c[i].sec);
		matches_free(&c[i].m);
		doc_free(c[i].doc);
	}
	free(c);
	free(df);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, cmp_results);
}

void
results_free(struct results *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].section_title);
		free(r->v[i].section_number);
		free(r->v[i].snippet);
	}
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
	r->chapters_parsed = 0;
}
