/* pages.c — see pages.h. */
#include <config.h>

#include "pages.h"
#include "i18n.h"

#include <stdlib.h>
#include <string.h>

struct page {
	struct mdtree	*tree;		/* NULL when not parsed (or evicted) */
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
};

struct pages *
pages_new(struct book *b)
{
	struct pages *p = xcalloc(1, sizeof *p);
	p->b = b;
	p->v = xcalloc(b->nchapters ? b->nchapters : 1, sizeof *p->v);
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
	pg->doc = NULL;
	pg->tree = NULL;
}

void
pages_flush(struct pages *p)
{
	for (size_t i = 0; i < p->b->nchapters; i++)
		page_drop(p, i);
}

void
pages_free(struct pages *p)
{
	if (!p)
		return;
	pages_flush(p);
	free(p->v);
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

/* The one place chapter text is parsed. */
static struct mdtree *
page_tree(struct pages *p, size_t i, struct diags *d, int *failed)
{
	struct chapter *c = &p->b->chapters[i];
	struct diags local = {0};
	struct diags *dd = d ? d : &local;
	size_t from = dd->n;
	struct mdtree *t;

	*failed = 0;
	if (!c->path) {
		t = message_tree(c, _("This chapter has not been written yet."), NULL, 0);
	} else {
		size_t len = 0;
		const char *src = book_chapter_source(p->b, i, &len, dd);
		if (src) {
			t = md_parse(src, len);
			/* The tree holds all we need; the text is read again if
			 * the tree is evicted. */
			book_chapter_unload(p->b, i);
		} else {
			*failed = 1;
			t = message_tree(c, _("This chapter could not be read."), dd, from);
			/* Read again next time: the file may come back. */
			p->b->chapters[i].loaded = 0;
		}
	}
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
		pg->tree = page_tree(p, chapter, d, &pg->failed);
		p->nparsed++;
		evict(p, chapter);
	}
	doc_free(pg->doc);
	struct render_opts ro = { .width = width, .number = p->b->chapters[chapter].number };
	pg->doc = render_doc(pg->tree, &ro);
	pg->width = width;
	return pg->doc;
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
