/* pages.c — see pages.h. */
#include <config.h>

#include "pages.h"
#include "bilingual.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

struct page {
	struct mdtree	*tree;		/* NULL when not parsed (or evicted) */
	struct mdtree	*src_tree;	/* bilingual view: the untranslated tree */
	struct doc	*doc;		/* layout of tree, or NULL */
	int		 width;		/* width doc was asked for */
	int		 failed;	/* the chapter's text could not be read */
	unsigned long	 used;		/* LRU clock */
};

struct pages {
	struct book	*b;
	struct page	*v;		/* one per chapter */
	unsigned long	 clock;
	size_t		 nparsed;
	size_t		 keep;		/* most parsed trees kept */
	unsigned long	 generation;	/* flushes */
	const struct catalog *cat;	/* not owned; NULL: the source */
	int		 marks;		/* translator mode */
	int		 bilingual;
	struct l10n_stats *stats;	/* per chapter, with the catalog */
	unsigned char	*stats_state;	/* 0 unknown, 1 known, 2 cannot be read */
};

struct pages *
pages_new(struct book *b)
{
	struct pages *p = xcalloc(1, sizeof *p);
	p->b = b;
	p->v = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *p->v);
	p->stats = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *p->stats);
	p->stats_state = xcalloc(b->nchapters ? b->nchapters : 1, 1);
	p->keep = PAGES_KEEP;
	return p;
}

static void
page_drop(struct pages *p, size_t i)
{
	struct page *pg = &p->v[i];
	if (pg->tree)
		p->nparsed--;
	doc_free(pg->doc);
	md_free(pg->tree);
	md_free(pg->src_tree);
	pg->doc = NULL;
	pg->tree = NULL;
	pg->src_tree = NULL;
}

void
pages_flush(struct pages *p)
{
	for (size_t i = 0; i < p->b->nchapters; i++)
		page_drop(p, i);
	p->generation++;
}

unsigned long
pages_generation(const struct pages *p)
{
	return p->generation;
}

void
pages_set_catalog(struct pages *p, const struct catalog *c)
{
	p->cat = c;
	memset(p->stats, 0, (p->b->nchapters ? p->b->nchapters : 1) * sizeof *p->stats);
	memset(p->stats_state, 0, p->b->nchapters ? p->b->nchapters : 1);
	pages_flush(p);
}

int
pages_set_marks(struct pages *p, int on)
{
	if (!p->marks == !on)
		return 0;
	p->marks = !!on;
	pages_flush(p);
	return 1;
}

void
pages_set_bilingual(struct pages *p, int on)
{
	if (!p->bilingual != !on) {
		p->bilingual = !!on;
		pages_flush(p);
	}
}

void
pages_free(struct pages *p)
{
	if (!p)
		return;
	pages_flush(p);
	free(p->v);
	free(p->stats);
	free(p->stats_state);
	free(p);
}

/* Markdown-escape plain text so a title like "*x*" stays literal. */
static void
md_escape(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_{}[]<>()#+-.!|~&", *s))
			buf_addc(out, '\\');
		buf_addc(out, *s == '\n' || *s == '\r' ? ' ' : *s);
	}
}

/* The stand-in page for a chapter without text. */
static struct mdtree *
message_tree(const struct chapter *c, const char *what, const struct diags *d, size_t from)
{
	struct buf md = {0};
	buf_adds(&md, "# ");
	md_escape(&md, c->title);
	buf_adds(&md, "\n\n*");
	md_escape(&md, what);
	buf_adds(&md, "*\n");
	for (size_t i = from; d && i < d->n; i++) {
		char *m = diag_format(&d->v[i]);
		buf_adds(&md, "\n");
		md_escape(&md, m);
		buf_adds(&md, "\n");
		free(m);
	}
	struct mdtree *t = md_parse(md.data, md.len);
	buf_free(&md);
	return t;
}

/* Pass on what the reader should hear of: problems reading the chapter
 * always, the catalog's complaints about its translations in translator
 * mode only (a reader cannot fix them). */
static void
pass_diags(const struct pages *p, const struct diags *from, struct diags *to)
{
	for (size_t i = 0; i < from->n; i++) {
		const struct diag *dg = &from->v[i];
		if (!p->marks && p->cat && dg->file && !strcmp(dg->file, p->cat->path))
			continue;
		diags_add(to, dg->level, dg->file, dg->line, "%s", dg->message);
	}
}

/* The one place chapter text is parsed.  With the bilingual view, the
 * untranslated tree too (*src_tree), from the same read. */
static struct mdtree *
page_tree(struct pages *p, size_t i, struct diags *d, int *failed, struct mdtree **src_tree)
{
	struct chapter *c = &p->b->chapters[i];
	struct diags local = {0};
	struct mdtree *t;

	*failed = 0;
	*src_tree = NULL;
	if (!c->path) {
		t = message_tree(c, _("This chapter has not been written yet."), NULL, 0);
	} else {
		struct l10n_stats st = {0};
		t = l10n_parse_chapter(p->b, i, p->cat, p->marks ? L10N_DRAFTS : 0, p->cat ? &st : NULL, &local);
		if (t) {
			if (p->cat) {
				p->stats[i] = st;
				p->stats_state[i] = 1;
			}
			if (p->cat && p->bilingual)
				*src_tree = l10n_parse_chapter(p->b, i, NULL, 0, NULL, &local);
			/* The tree holds all we need; the text is read again if
			 * the tree is evicted. */
			book_chapter_unload(p->b, i);
		} else {
			*failed = 1;
			t = message_tree(c, _("This chapter could not be read."), &local, 0);
			/* Read again next time: the file may come back. */
			p->b->chapters[i].loaded = 0;
		}
	}
	if (d)
		pass_diags(p, &local, d);
	diags_free(&local);
	return t;
}

/* Keep at most p->keep parsed trees: drop the least recently used. */
static void
evict(struct pages *p, size_t keep)
{
	while (p->nparsed > p->keep) {
		size_t victim = (size_t)-1;
		for (size_t i = 0; i < p->b->nchapters; i++)
			if (i != keep && p->v[i].tree &&
			    (victim == (size_t)-1 || p->v[i].used < p->v[victim].used))
				victim = i;
		if (victim == (size_t)-1)
			break;
		page_drop(p, victim);
	}
}

const struct doc *
pages_doc(struct pages *p, size_t chapter, int width, struct diags *d)
{
	if (chapter >= p->b->nchapters)
		chapter = p->b->nchapters ? p->b->nchapters - 1 : 0;
	struct page *pg = &p->v[chapter];
	pg->used = ++p->clock;
	if (pg->doc && pg->width == width)
		return pg->doc;
	if (!pg->tree) {
		pg->tree = page_tree(p, chapter, d, &pg->failed, &pg->src_tree);
		p->nparsed++;
		evict(p, chapter);
	}
	doc_free(pg->doc);
	struct render_opts ro = { .width = width, .number = p->b->chapters[chapter].number,
	    .mark_translation = p->marks && p->cat };
	pg->doc = render_doc(pg->tree, &ro);
	if (pg->src_tree) {
		ro.mark_translation = 0;
		struct doc *src = render_doc(pg->src_tree, &ro);
		struct doc *both = doc_bilingual(pg->doc, src);
		doc_free(src);
		if (both) {
			doc_free(pg->doc);
			pg->doc = both;
		}
	}
	pg->width = width;
	return pg->doc;
}

const struct l10n_stats *
pages_stats(struct pages *p, size_t chapter)
{
	if (!p->cat || chapter >= p->b->nchapters || !p->b->chapters[chapter].path)
		return NULL;
	if (!p->stats_state[chapter]) {
		struct diags d = {0};
		struct l10n_stats st = {0};
		l10n_chapter_stats(p->b, chapter, p->cat, &st, &d);
		book_chapter_unload(p->b, chapter);
		p->b->chapters[chapter].loaded = 0;
		p->stats[chapter] = st;
		p->stats_state[chapter] = d.nerrors ? 2 : 1;
		diags_free(&d);
	}
	return p->stats_state[chapter] == 1 ? &p->stats[chapter] : NULL;
}

int
pages_percent(const struct l10n_stats *st)
{
	if (!st->total)
		return 100;
	int pct = (int)(st->translated * 100 / st->total);
	if (st->translated < st->total && pct == 100)
		pct = 99;	/* never claim done when something is left */
	return pct;
}

int
pages_failed(const struct pages *p, size_t chapter)
{
	return chapter < p->b->nchapters && p->v[chapter].failed;
}

void
pages_set_keep(struct pages *p, size_t n)
{
	p->keep = n < 2 ? 2 : n;
	evict(p, (size_t)-1);
}

size_t
pages_parsed(const struct pages *p)
{
	return p->nparsed;
}
