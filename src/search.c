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
	t->word_len = xrealloc(t->word_len, k * sizeof *t->word_len);
	t->stem_len = xrealloc(t->stem_len, k * sizeof *t->stem_len);
	t->needle_len = xrealloc(t->needle_len, k * sizeof *t->needle_len);
	t->words[t->nwords] = xstrndup(w, n);
	char *st = xmalloc(n + 1);
	size_t sl = stem_word(lang, w, n, st);
	t->stems[t->nwords] = st;
	t->word_len[t->nwords] = n;
	t->stem_len[t->nwords] = sl;
	/* Any match starts with the word itself or with its stem. */
	size_t c = 0;
	while (c < n && c < sl && w[c] == st[c])
		c++;
	t->needles[t->nwords] = xstrndup(w, c ? c : n);
	t->needle_len[t->nwords] = c ? c : n;
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
		free(q->terms[i].word_len);
		free(q->terms[i].stem_len);
		free(q->terms[i].needle_len);
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
	size_t ql = t->word_len[k];
	if (n >= ql && !memcmp(w, qw, ql))
		return 1;	/* the word or a longer form of it */
	const char *st = t->stems[k];
	size_t sl = t->stem_len[k];
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

/* The folded text of every block of a doc, without offset maps: what the
 * searcher keeps with a parsed chapter, so that the next keystroke finds
 * the blocks that may match without folding them again. */
struct folded_doc {
	struct buf	 text;
	size_t		*off;		/* nblocks + 1 */
};

static void
folded_doc_make(const struct doc *d, struct folded_doc *fd)
{
	fd->off = xmalloc((d->nblocks + 1) * sizeof *fd->off);
	buf_reserve(&fd->text, d->btext.len);
	for (size_t block = 0; block < d->nblocks; block++) {
		fd->off[block] = fd->text.len;
		fold_text(d->btext.data + d->btext_off[block],
		    d->btext_off[block + 1] - d->btext_off[block], &fd->text, NULL, NULL);
	}
	fd->off[d->nblocks] = fd->text.len;
}

static void
folded_doc_free(struct folded_doc *fd)
{
	buf_free(&fd->text);
	free(fd->off);
	fd->off = NULL;
}

/* search_doc, with the blocks already folded when fd is not NULL. */
static void
search_blocks(const struct query *q, const struct doc *d, const struct folded_doc *fd,
    struct matches *out)
{
	if (!q || !d->nblocks)
		return;
	struct buf f = {0};
	size_t *map = NULL, map_cap = 0;
	struct word *words = NULL;
	size_t wcap = 0;
	/* Block by block: no word and no phrase crosses a block, and folding
	 * the whole text at once took a size_t per byte, over 1 GB for a
	 * 50 MB chapter. */
	for (size_t block = 0; block < d->nblocks; block++) {
		const char *bt = d->btext.data + d->btext_off[block];
		size_t blen = d->btext_off[block + 1] - d->btext_off[block];
		/* Most blocks hold no term: look for the terms' needles in
		 * the block folded without the offset map before splitting
		 * it into words. */
		const char *ft;
		size_t flen;
		if (fd) {
			ft = fd->text.data + fd->off[block];
			flen = fd->off[block + 1] - fd->off[block];
		} else {
			buf_clear(&f);
			fold_text(bt, blen, &f, NULL, NULL);
			ft = f.data;
			flen = f.len;
		}
		if (!ft)
			continue;
		int may_match = 0;
		for (size_t t = 0; t < q->nterms && !may_match; t++)
			may_match = find_bytes(ft, flen, q->terms[t].needles[0],
			    q->terms[t].needle_len[0]) != NULL;
		if (!may_match)
			continue;
		buf_clear(&f);
		fold_text(bt, blen, &f, &map, &map_cap);
		size_t nwords = 0, pos = 0, ws, wl;
		while (fold_next_word(f.data, f.len, pos, &ws, &wl)) {
			words = xgrow(words, &wcap, nwords + 1, sizeof *words);
			words[nwords++] = (struct word){ ws, wl };
			pos = ws + wl;
		}
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
					/* a phrase's words are separated only by spaces
					 * and punctuation, never by a line break */
					if (k && memchr(f.data + words[i + k - 1].start, '\n',
					    w->start - words[i + k - 1].start))
						break;
				}
				if (k < term->nwords)
					continue;
				size_t so = map[words[i].start];
				size_t eo = map[words[i + k - 1].start + words[i + k - 1].len];
				out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
				out->v[out->n++] = (struct match){ (uint32_t)block, (uint32_t)so,
				    (uint32_t)(eo - so), (uint16_t)t };
				break;
			}
		}
	}
	free(words);
	free(map);
	buf_free(&f);
}

void
search_doc(const struct query *q, const struct doc *d, struct matches *out)
{
	search_blocks(q, d, NULL, out);
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

/* ---- whole-book search ------------------------------------------------------
 *
 * Two passes, so that a word found in every chapter costs a scan, not a
 * parse of the whole book.  1: every chapter's folded source (cached) is
 * scanned for the terms and cut into sections at its ATX headings; BM25
 * over these raw sections ranks them.  2: only the chapters holding the
 * best `limit` raw sections are parsed and rendered, and searched exactly
 * over what the reader shows; their sections are ranked and reported. */

struct raw_section {
	size_t	 start;		/* offset of the heading line (or 0) */
	size_t	 head_end;	/* end of the heading line; == start if none */
};

struct chapter_scan {
	struct buf		 folded;
	struct raw_section	*sec;
	size_t			 nsec;
	size_t			*words;		/* per section: length in bytes */
	int			 done;		/* folded is valid */
	int			 scanned;	/* sec and words are valid */
};

/* Parsed chapters (text-only layouts) kept between searches, so typing a
 * query in the reader re-parses nothing; at most SEARCH_KEEP_DOCS. */
#define SEARCH_KEEP_DOCS	64

struct searcher {
	struct book		*b;
	int			 one_shot;	/* fold into scratch, keep nothing */
	unsigned		 l10n_flags;	/* L10N_DRAFTS: search the drafts shown */
	size_t			 next_prepare;	/* searcher_prepare's progress */
	size_t			 next_parse;
	struct buf		 scratch;
	const struct catalog	*cat;
	struct chapter_scan	*ch;
	struct doc		**docs;		/* per chapter, or NULL */
	struct folded_doc	*fdocs;		/* per chapter, with docs */
	unsigned long		*used;		/* LRU clock per chapter */
	unsigned long		 clock;
	size_t			 ndocs;
};

struct searcher *
searcher_new(struct book *b, const struct catalog *cat)
{
	struct searcher *s = xcalloc(1, sizeof *s);
	s->b = b;
	s->cat = cat;
	s->ch = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *s->ch);
	s->docs = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *s->docs);
	s->fdocs = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *s->fdocs);
	s->used = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *s->used);
	return s;
}

void
searcher_one_shot(struct searcher *s)
{
	s->one_shot = 1;
}

void
searcher_show_drafts(struct searcher *s)
{
	s->l10n_flags |= L10N_DRAFTS;
}

void
searcher_free(struct searcher *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->b->nchapters; i++) {
		buf_free(&s->ch[i].folded);
		free(s->ch[i].sec);
		free(s->ch[i].words);
		doc_free(s->docs[i]);
		folded_doc_free(&s->fdocs[i]);
	}
	free(s->fdocs);
	buf_free(&s->scratch);
	free(s->ch);
	free(s->docs);
	free(s->used);
	free(s);
}

/* Cut folded Markdown into sections at ATX headings of level 1-3 (not in
 * fenced code).  Section length for BM25 is counted in bytes: only the
 * ratio to the average matters, and bytes need no extra pass. */
static void
scan_sections(struct chapter_scan *c, const char *t, size_t len)
{
	size_t cap = 0, wcap = 0;
	char fence = 0;
	c->sec = xgrow(c->sec, &cap, 1, sizeof *c->sec);
	c->sec[0] = (struct raw_section){ 0, 0 };
	c->nsec = 1;
	for (size_t i = 0; i < len;) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) : len;
		size_t k = i;
		while (k < e && k - i < 3 && t[k] == ' ')
			k++;
		if (e - k >= 3 && (t[k] == '`' || t[k] == '~') && t[k + 1] == t[k] && t[k + 2] == t[k]) {
			fence = fence ? (t[k] == fence ? 0 : fence) : t[k];
		} else if (!fence && k < e && t[k] == '#') {
			size_t h = k;
			while (h < e && t[h] == '#')
				h++;
			if (h - k <= 3 && (h == e || t[h] == ' ')) {
				c->sec = xgrow(c->sec, &cap, c->nsec + 1, sizeof *c->sec);
				c->sec[c->nsec++] = (struct raw_section){ i, e };
			}
		}
		i = e + 1;
	}
	c->words = xgrow(NULL, &wcap, c->nsec, sizeof *c->words);
	for (size_t k = 0; k < c->nsec; k++)
		c->words[k] = (k + 1 < c->nsec ? c->sec[k + 1].start : len) - c->sec[k].start;
	c->scanned = 1;
}

/* The chapter's folded source (and, with a catalog, its translations):
 * whatever the reader shows of it is contained in this text.  Kept for
 * the next search, or in the scratch buffer for a one-shot searcher. */
static const struct buf *
chapter_scan(struct searcher *s, size_t i, struct diags *d)
{
	struct chapter_scan *c = &s->ch[i];
	if (c->done)
		return &c->folded;
	struct buf *folded = &c->folded;
	if (s->one_shot) {
		folded = &s->scratch;
		buf_clear(folded);
	} else {
		c->done = 1;
	}
	size_t len;
	const char *src = s->b->chapters[i].path ? book_chapter_source(s->b, i, &len, d) : NULL;
	if (src) {
		buf_reserve(folded, len);
		fold_text(src, len, folded, NULL, NULL);
	}
	if (src && s->cat && s->cat->po) {
		const struct po_file *pf = s->cat->po;
		size_t pl = strlen(s->b->chapters[i].path);
		for (size_t e = 0; e < pf->nentries; e++) {
			const struct po_entry *pe = &pf->entries[e];
			if (pe->obsolete || (pe->fuzzy && !(s->l10n_flags & L10N_DRAFTS)) ||
			    !pe->nmsgstr || !pe->msgstr[0][0])
				continue;
			int mine = 0;
			for (size_t r = 0; r < pe->nrefs && !mine; r++) {
				size_t rl = strlen(pe->refs[r]);
				mine = rl >= pl && !strcmp(pe->refs[r] + rl - pl, s->b->chapters[i].path);
			}
			if (mine) {
				buf_addc(folded, '\n');
				fold_text(pe->msgstr[0], strlen(pe->msgstr[0]), folded, NULL, NULL);
			}
		}
	} else if (src && s->cat) {
		for (size_t e = 0; e < s->cat->mo_n; e++) {
			buf_addc(folded, '\n');
			fold_text(s->cat->mo_strs[e], strlen(s->cat->mo_strs[e]), folded, NULL, NULL);
		}
	}
	if (src)
		book_chapter_unload(s->b, i);
	return folded;
}

/* Chapter ch parsed and laid out as text (cached, with its folded
 * blocks); NULL when it cannot be read.  Counts a parse in *parsed. */
static struct doc *
searcher_doc(struct searcher *s, size_t ch, size_t *parsed)
{
	struct book *b = s->b;
	struct doc *doc = s->docs[ch];
	if (!doc) {
		struct mdtree *t = l10n_parse_chapter(b, ch, s->cat, s->l10n_flags, NULL, NULL);
		book_chapter_unload(b, ch);
		if (!t)
			return NULL;
		(*parsed)++;
		struct render_opts ro = { .width = 1000, .number = b->chapters[ch].number, .text_only = 1 };
		doc = render_doc(t, &ro);
		md_free(t);
		if (s->ndocs >= SEARCH_KEEP_DOCS) {
			size_t old = (size_t)-1;
			for (size_t i = 0; i < b->nchapters; i++)
				if (s->docs[i] && (old == (size_t)-1 || s->used[i] < s->used[old]))
					old = i;
			doc_free(s->docs[old]);
			folded_doc_free(&s->fdocs[old]);
			s->docs[old] = NULL;
			s->ndocs--;
		}
		s->docs[ch] = doc;
		s->ndocs++;
		if (!s->one_shot)
			folded_doc_make(doc, &s->fdocs[ch]);
	}
	s->used[ch] = ++s->clock;
	return doc;
}

int
searcher_prepare(struct searcher *s, size_t max_chapters, struct diags *d)
{
	if (s->one_shot)
		return 1;
	for (; s->next_prepare < s->b->nchapters; s->next_prepare++) {
		size_t i = s->next_prepare;
		if (!s->b->chapters[i].path || s->ch[i].done)
			continue;
		if (!max_chapters--)
			return 0;
		chapter_scan(s, i, d);
	}
	/* A book small enough for the cache of parsed chapters is parsed
	 * too, a chapter per call (a parse takes a few ms). */
	if (s->b->nchapters > SEARCH_KEEP_DOCS)
		return 1;
	for (; s->next_parse < s->b->nchapters; s->next_parse++) {
		size_t i = s->next_parse;
		if (!s->b->chapters[i].path || s->docs[i])
			continue;
		size_t parsed = 0;
		searcher_doc(s, i, &parsed);
		s->next_parse++;
		return s->next_parse >= s->b->nchapters;
	}
	return 1;
}

/* Does term t occur at folded[pos] (a word start)?  Returns the end. */
static size_t
term_at(const struct query *q, const struct query_term *t, const char *f, size_t len, size_t pos)
{
	size_t p = pos;
	for (size_t k = 0; k < t->nwords; k++) {
		size_t ws, wl;
		if (!fold_next_word(f, len, p, &ws, &wl))
			return 0;
		if (k == 0 && ws != pos)
			return 0;
		if (k > 0 && memchr(f + p, '\n', ws - p) && memchr(memchr(f + p, '\n', ws - p) + 1, '\n',
		    ws - (size_t)((const char *)memchr(f + p, '\n', ws - p) + 1 - f)))
			return 0;	/* a blank line ends a phrase */
		if (!word_matches(q, t, k, f + ws, wl))
			return 0;
		p = ws + wl;
	}
	return p;
}

struct raw_hit_count {
	size_t	 chapter;
	size_t	 section;
	size_t	*tf;
	int	 heading_hit;
	double	 score;
};

/* The one ranking rule, for raw sections and for results: hits in
 * headings first, then the higher score, then book order. */
static int
rank_cmp(int heading_x, double score_x, size_t chapter_x, long section_x,
    int heading_y, double score_y, size_t chapter_y, long section_y)
{
	if (heading_x != heading_y)
		return heading_y - heading_x;
	if (score_x != score_y)
		return score_x < score_y ? 1 : -1;
	if (chapter_x != chapter_y)
		return chapter_x < chapter_y ? -1 : 1;
	return section_x < section_y ? -1 : section_x > section_y;
}

static int
cmp_raw(const void *a, const void *b)
{
	const struct raw_hit_count *x = a, *y = b;
	return rank_cmp(x->heading_hit, x->score, x->chapter, (long)x->section,
	    y->heading_hit, y->score, y->chapter, (long)y->section);
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
	return rank_cmp(x->heading_hit, x->score, x->chapter, x->section,
	    y->heading_hit, y->score, y->chapter, y->section);
}

static double
bm25(double tf, double df, double n_sections, double words, double avg)
{
	double idf = log(1.0 + (n_sections - df + 0.5) / (df + 0.5));
	return idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * words / avg));
}

/* Pass 2 for one chapter: exact matches and sections of what is shown. */
static void
exact_chapter(struct searcher *s, size_t ch, const struct query *q, const double *idf_df,
    double n_sections, double avg, int cols, struct results *out)
{
	struct doc *doc = searcher_doc(s, ch, &out->chapters_parsed);
	if (!doc)
		return;
	s->used[ch] = ++s->clock;
	struct matches m = {0};
	search_blocks(q, doc, s->one_shot ? NULL : &s->fdocs[ch], &m);
	struct section *sec = NULL;
	size_t nsec = 0, scap = 0;
	for (size_t bl = 0; bl < doc->nblocks; bl++) {
		int head = doc->blocks[bl].kind == LINE_HEADING && doc->blocks[bl].level <= 3;
		if (bl == 0 || head) {
			sec = xgrow(sec, &scap, nsec + 1, sizeof *sec);
			sec[nsec] = (struct section){ head ? (int)bl : -1, bl, bl, 0,
			    xcalloc(q->nterms, sizeof(size_t)), 0, (size_t)-1, 0 };
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
		struct section *sc = &sec[k];
		int all = sc->nhits > 0;
		double score = 0;
		sc->words = doc->btext_off[sc->end_block] - doc->btext_off[sc->first_block];
		for (size_t t2 = 0; t2 < q->nterms && all; t2++) {
			if (!sc->tf[t2])
				all = 0;
			else
				score += bm25((double)sc->tf[t2], idf_df[t2], n_sections, (double)sc->words, avg);
		}
		if (all) {
			out->v = xgrow(out->v, &out->cap, out->n + 1, sizeof *out->v);
			struct result *r = &out->v[out->n++];
			memset(r, 0, sizeof *r);
			r->chapter = ch;
			r->section = sc->heading;
			r->nhits = sc->nhits;
			r->heading_hit = sc->heading_hit;
			r->score = score;
			r->first = m.v[sc->first_match];
			if (sc->heading >= 0) {
				const char *ht = doc->btext.data + doc->btext_off[sc->heading];
				size_t hl = doc->btext_off[sc->heading + 1] - doc->btext_off[sc->heading];
				r->section_title = xstrndup(ht, hl && ht[hl - 1] == '\n' ? hl - 1 : hl);
				for (size_t a = 0; a < doc->nanchors; a++)
					if (doc->anchors[a].block == sc->heading && doc->anchors[a].number) {
						r->section_number = xstrdup(doc->anchors[a].number);
						break;
					}
			}
			make_snippet(doc, &m, sc->first_match, cols, r);
		}
		free(sc->tf);
	}
	free(sec);
	matches_free(&m);
}

void
search_book(struct searcher *s, const struct query *q, int snippet_cols, size_t limit,
    struct results *out, struct diags *d)
{
	struct book *b = s->b;
	size_t nt = q->nterms;
	double *df = xcalloc(nt, sizeof *df);
	double n_sections = 0, total_bytes = 0, cand_sections = 0, cand_bytes = 0;
	struct raw_hit_count *raw = NULL;
	size_t nraw = 0, rcap = 0;
	size_t *tf = xcalloc(nt, sizeof *tf);
	size_t *sec_raw = NULL, sec_raw_cap = 0;
	int cols = snippet_cols > 10 ? snippet_cols : 10;

	/* Pass 1: raw sections of every chapter that may hold every term. */
	for (size_t i = 0; i < b->nchapters; i++) {
		if (!b->chapters[i].path)
			continue;
		struct chapter_scan *c = &s->ch[i];
		const struct buf *folded = chapter_scan(s, i, d);
		const char *f = folded->data;
		size_t len = folded->len;
		total_bytes += (double)len;
		if (!len)
			continue;
		int possible = 1;
		for (size_t t = 0; t < nt && possible; t++)
			for (size_t k = 0; k < q->terms[t].nwords && possible; k++)
				if (!find_bytes(f, len, q->terms[t].needles[k], q->terms[t].needle_len[k]))
					possible = 0;
		if (!possible)
			continue;
		/* Only chapters that may match are cut into sections. */
		if (!c->scanned)
			scan_sections(c, f, len);
		cand_sections += (double)c->nsec;
		cand_bytes += (double)len;
		/* per-section term frequencies; sec_raw: a section's raw
		 * record, or -1 */
		size_t first_raw = nraw;
		sec_raw = xgrow(sec_raw, &sec_raw_cap, c->nsec, sizeof *sec_raw);
		for (size_t k = 0; k < c->nsec; k++)
			sec_raw[k] = (size_t)-1;
		for (size_t t = 0; t < nt; t++) {
			const char *needle = q->terms[t].needles[0];
			size_t nl = q->terms[t].needle_len[0], pos = 0, si = 0;
			const char *hit;
			while ((hit = find_bytes(f + pos, len - pos, needle, nl))) {
				size_t at = (size_t)(hit - f);
				pos = at + 1;
				if (at > 0 && fold_is_word_before(f, len, at))
					continue;
				size_t end = term_at(q, &q->terms[t], f, len, at);
				if (!end)
					continue;
				pos = end;
				while (si + 1 < c->nsec && c->sec[si + 1].start <= at)
					si++;
				/* find or add the raw record of (chapter, section) */
				size_t r = sec_raw[si];
				if (r == (size_t)-1) {
					raw = xgrow(raw, &rcap, nraw + 1, sizeof *raw);
					raw[nraw] = (struct raw_hit_count){ i, si, xcalloc(nt, sizeof(size_t)), 0, 0 };
					r = sec_raw[si] = nraw++;
				}
				raw[r].tf[t]++;
				if (at < c->sec[si].head_end && at >= c->sec[si].start && c->sec[si].head_end > c->sec[si].start)
					raw[r].heading_hit = 1;
			}
		}
		for (size_t r = first_raw; r < nraw; r++)
			for (size_t t = 0; t < nt; t++)
				if (raw[r].tf[t])
					df[t]++;
	}
	/* Sections of chapters that were not cut up are estimated from their
	 * size at the candidates' average section length. */
	double avg = cand_sections > 0 ? cand_bytes / cand_sections : 1;
	if (avg < 1)
		avg = 1;
	n_sections = cand_sections + (total_bytes - cand_bytes) / avg;
	if (n_sections < 1)
		n_sections = 1;
	size_t keep = 0;
	for (size_t r = 0; r < nraw; r++) {
		int all = 1;
		double score = 0;
		struct chapter_scan *c = &s->ch[raw[r].chapter];
		for (size_t t = 0; t < nt; t++) {
			if (!raw[r].tf[t])
				all = 0;
			else
				score += bm25((double)raw[r].tf[t], df[t], n_sections, (double)c->words[raw[r].section], avg);
		}
		if (!all) {
			free(raw[r].tf);
			continue;
		}
		raw[r].score = score;
		raw[keep++] = raw[r];
	}
	nraw = keep;
	out->total_raw = nraw;
	/* raw is in chapter order here */
	for (size_t r = 0; r < nraw; r++)
		if (!out->nmaybe || out->maybe[out->nmaybe - 1] != raw[r].chapter) {
			out->maybe = xrealloc(out->maybe, (out->nmaybe + 1) * sizeof *out->maybe);
			out->maybe[out->nmaybe++] = raw[r].chapter;
		}
	if (nraw > 1)
		qsort(raw, nraw, sizeof *raw, cmp_raw);

	/* Pass 2: parse the chapters of the best raw sections, in rank order,
	 * until `limit` exact results are at hand. */
	char *parsed = xcalloc(b->nchapters ? b->nchapters : 1, 1);
	for (size_t r = 0; r < nraw; r++) {
		if (limit && out->n >= limit && r > 0)
			break;
		size_t ch = raw[r].chapter;
		if (parsed[ch])
			continue;
		parsed[ch] = 1;
		exact_chapter(s, ch, q, df, n_sections, avg, cols, out);
	}
	free(parsed);
	for (size_t r = 0; r < nraw; r++)
		free(raw[r].tf);
	free(raw);
	free(tf);
	free(sec_raw);
	free(df);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, cmp_results);
	if (limit && out->n > limit) {
		for (size_t i = limit; i < out->n; i++) {
			free(out->v[i].section_title);
			free(out->v[i].section_number);
			free(out->v[i].snippet);
		}
		out->n = limit;
	}
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
	free(r->maybe);
	r->maybe = NULL;
	r->nmaybe = 0;
	r->chapters_parsed = 0;
	r->total_raw = 0;
}
