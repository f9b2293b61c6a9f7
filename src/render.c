/* render.c — cmark-gfm tree -> wrapped lines of styled spans.  See render.h.
 *
 * The tree is walked with cmark's iterator (no recursion: a 50 000-deep
 * block quote must not exhaust the stack).  Containers (block quotes, list
 * items, footnotes) push prefix frames; leaf blocks collect their inline
 * content into a flat, sanitized string with style runs ("para"), which is
 * then wrapped by display width and emitted line by line. */
#include <config.h>

#include "msgid.h"
#include "render.h"
#include "text.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

struct mdtree {
	cmark_node *root;
};

/* ---- parsing ---------------------------------------------------------- */

static const char *const md_extensions[] = {
	"table", "strikethrough", "autolink", "tasklist",
};

void *
md_new_parser(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	cmark_parser *p = cmark_parser_new(CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8);
	if (!p)
		abort();
	for (size_t i = 0; i < ARRAY_LEN(md_extensions); i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(md_extensions[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

struct mdtree *
md_parse(const char *md, size_t len)
{
	cmark_parser *p = md_new_parser();
	cmark_parser_feed(p, md, len);
	struct mdtree *t = xcalloc(1, sizeof *t);
	t->root = cmark_parser_finish(p);
	cmark_parser_free(p);
	return t;
}

void
md_free(struct mdtree *t)
{
	if (!t)
		return;
	if (t->root)
		cmark_node_free(t->root);
	free(t);
}

void *
md_root(struct mdtree *t)
{
	return t->root;
}

/* ---- node kinds (extension nodes are told apart by their type string) -- */

enum nk {
	NK_OTHER, NK_DOCUMENT, NK_QUOTE, NK_LIST, NK_ITEM, NK_CODEBLOCK, NK_HTMLBLOCK,
	NK_PARAGRAPH, NK_HEADING, NK_HR, NK_FOOTDEF, NK_TABLE, NK_TROW, NK_TCELL,
	NK_TEXT, NK_SOFTBREAK, NK_LINEBREAK, NK_CODE, NK_HTMLINLINE, NK_EMPH,
	NK_STRONG, NK_LINK, NK_IMAGE, NK_FOOTREF, NK_STRIKE, NK_TASKITEM,
};

static enum nk
node_kind(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:	return NK_DOCUMENT;
	case CMARK_NODE_BLOCK_QUOTE:	return NK_QUOTE;
	case CMARK_NODE_LIST:		return NK_LIST;
	case CMARK_NODE_ITEM:
		return strcmp(cmark_node_get_type_string(n), "tasklist") ? NK_ITEM : NK_TASKITEM;
	case CMARK_NODE_CODE_BLOCK:	return NK_CODEBLOCK;
	case CMARK_NODE_HTML_BLOCK:	return NK_HTMLBLOCK;
	case CMARK_NODE_PARAGRAPH:	return NK_PARAGRAPH;
	case CMARK_NODE_HEADING:	return NK_HEADING;
	case CMARK_NODE_THEMATIC_BREAK:	return NK_HR;
	case CMARK_NODE_FOOTNOTE_DEFINITION: return NK_FOOTDEF;
	case CMARK_NODE_TEXT:		return NK_TEXT;
	case CMARK_NODE_SOFTBREAK:	return NK_SOFTBREAK;
	case CMARK_NODE_LINEBREAK:	return NK_LINEBREAK;
	case CMARK_NODE_CODE:		return NK_CODE;
	case CMARK_NODE_HTML_INLINE:	return NK_HTMLINLINE;
	case CMARK_NODE_EMPH:		return NK_EMPH;
	case CMARK_NODE_STRONG:		return NK_STRONG;
	case CMARK_NODE_LINK:		return NK_LINK;
	case CMARK_NODE_IMAGE:		return NK_IMAGE;
	case CMARK_NODE_FOOTNOTE_REFERENCE: return NK_FOOTREF;
	default:
		break;
	}
	const char *t = cmark_node_get_type_string(n);
	if (!strcmp(t, "table"))		return NK_TABLE;
	if (!strcmp(t, "table_header") || !strcmp(t, "table_row")) return NK_TROW;
	if (!strcmp(t, "table_cell"))		return NK_TCELL;
	if (!strcmp(t, "strikethrough"))	return NK_STRIKE;
	if (!strcmp(t, "tasklist"))		return NK_TASKITEM;
	return NK_OTHER;
}

/* ---- flattened inline content ----------------------------------------- */

struct srun {			/* style run over para.s */
	uint32_t start, end;
	uint32_t style;
	int32_t	 link;
};

struct para {
	struct buf	 s;	/* sanitized text; '\n' marks a hard break */
	struct srun	*runs;
	size_t		 nruns, cap;
	int		 col;	/* running column, for tab expansion */
};

static void
para_reset(struct para *p)
{
	buf_clear(&p->s);
	p->nruns = 0;
	p->col = 0;
}

static void
para_free(struct para *p)
{
	buf_free(&p->s);
	free(p->runs);
}

static void
para_mark(struct para *p, size_t start, uint32_t style, int32_t link)
{
	size_t end = p->s.len;
	if (end == start)
		return;
	if (p->nruns && p->runs[p->nruns - 1].end == start &&
	    p->runs[p->nruns - 1].style == style && p->runs[p->nruns - 1].link == link) {
		p->runs[p->nruns - 1].end = (uint32_t)end;
		return;
	}
	p->runs = xgrow(p->runs, &p->cap, p->nruns + 1, sizeof *p->runs);
	p->runs[p->nruns++] = (struct srun){ (uint32_t)start, (uint32_t)end, style, link };
}

/* Append content text: sanitized, unsafe characters in their own
 * STY_CTRL runs so the UI can show them differently. */
static void
para_text(struct para *p, const char *s, size_t len, uint32_t style, int32_t link)
{
	size_t i = 0, run = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7F) {
			i++;
			continue;
		}
		int32_t cp;
		size_t n = text_decode(s + i, len - i, &cp);
		if (text_unsafe(cp) && cp != '\t') {
			size_t start = p->s.len;
			text_sanitize(&p->s, s + run, i - run, NULL);
			para_mark(p, start, style, link);
			start = p->s.len;
			text_visible(&p->s, cp);
			para_mark(p, start, style | STY_CTRL, link);
			run = i + n;
		}
		i += n;
	}
	size_t start = p->s.len;
	text_sanitize(&p->s, s + run, len - run, NULL);
	para_mark(p, start, style, link);
}

static void
para_lit(struct para *p, const char *s, uint32_t style, int32_t link)
{
	size_t start = p->s.len;
	buf_adds(&p->s, s);
	para_mark(p, start, style, link);
}

/* ---- output lines ------------------------------------------------------- */

struct frame {			/* a container's line prefix */
	char	 first[48];	/* prefix on the container's first line */
	char	 rest[48];	/* prefix on its following lines */
	int	 cols;		/* width of either */
	uint32_t style;
	int32_t	 link;		/* first-line prefix link (footnote back-link) */
	int	 used;		/* first line emitted */
	int	 shown;		/* counted in the prefix (depth cap) */
};

struct renderer {
	struct doc		*d;
	const struct render_opts *o;
	int			 width;
	struct frame		*frames;
	size_t			 nframes, frames_cap;
	size_t			 nshown;	/* frames [0, nshown) are drawn */
	int			 in_note;	/* inside a footnote definition */
	int			 prefix_cols;	/* width of shown frames */
	int			 need_blank;
	int			 any_output;
	int			 cur_block;
	uint32_t		 line_start_span;
	size_t			 line_start_text;
	int			 line_cols;
	/* inline collection */
	struct para		 para;
	uint32_t		*styles;	/* inline style stack */
	int32_t			*links;
	size_t			 nstyles, styles_cap, links_cap;
	/* headings */
	int			 h1_seen;
	int			 h2_count;
	int			 heading_level;
	int			 collecting;	/* inside a leaf block */
	/* lists */
	struct { int ordered, next, tight, depth; } *lists;
	size_t			 nlists, lists_cap;
	int			 footnotes;	/* footnote definitions seen */
	struct range		*ranges;	/* wrap() output, reused */
	size_t			 ranges_cap;
	int			 notes_heading;
};

static int width_of(const char *s, size_t len);

static void
line_begin(struct renderer *r, int block, enum line_kind kind)
{
	struct doc *d = r->d;
	if (r->o->text_only)
		return;
	d->lines = xgrow(d->lines, &d->lines_cap, d->nlines + 1, sizeof *d->lines);
	struct line *l = &d->lines[d->nlines];
	memset(l, 0, sizeof *l);
	l->text = d->text.len;
	l->span = (uint32_t)d->nspans;
	l->seg = (uint32_t)d->nsegs;
	l->block = block;
	l->kind = (uint8_t)kind;
	r->line_cols = 0;
}

static void
line_put(struct renderer *r, const char *s, size_t len, uint32_t style, int32_t link, int cols)
{
	struct doc *d = r->d;
	if (!len || r->o->text_only)
		return;
	struct line *l = &d->lines[d->nlines];
	size_t off = d->text.len - l->text;
	buf_add(&d->text, s, len);
	struct span *last = d->nspans > l->span ? &d->spans[d->nspans - 1] : NULL;
	if (last && last->style == style && last->link == link && last->off + last->len == off) {
		last->len += (uint32_t)len;
	} else {
		d->spans = xgrow(d->spans, &d->spans_cap, d->nspans + 1, sizeof *d->spans);
		d->spans[d->nspans++] = (struct span){ (uint32_t)off, (uint32_t)len, style, link };
	}
	r->line_cols += cols < 0 ? width_of(s, len) : cols;
}

/* Record that block text [block_off, block_off+len) starts here. */
static void
line_seg(struct renderer *r, int block, size_t block_off, size_t len)
{
	struct doc *d = r->d;
	if (block < 0 || r->o->text_only)
		return;
	struct line *l = &d->lines[d->nlines];
	d->segs = xgrow(d->segs, &d->segs_cap, d->nsegs + 1, sizeof *d->segs);
	d->segs[d->nsegs++] = (struct seg){ block, (uint32_t)block_off,
	    (uint32_t)(d->text.len - l->text), (uint32_t)len };
}

static void
line_end(struct renderer *r)
{
	struct doc *d = r->d;
	if (r->o->text_only)
		return;
	struct line *l = &d->lines[d->nlines];
	/* Trailing blanks carry no information and make golden files brittle. */
	while (d->nspans > l->span) {
		struct span *sp = &d->spans[d->nspans - 1];
		const char *t = d->text.data + l->text;
		while (sp->len && t[sp->off + sp->len - 1] == ' ' && !(sp->style & (STY_CODE | STY_TH | STY_BORDER))) {
			sp->len--;
			d->text.len--;
			r->line_cols--;
		}
		if (sp->len)
			break;
		d->nspans--;
	}
	/* A chapter that starts with an empty line (an empty "#" heading)
	 * has no text buffer yet: writing its NUL crashed (fuzz_render). */
	buf_reserve(&d->text, 1);
	d->text.data[d->text.len] = '\0';
	l->len = (uint32_t)(d->text.len - l->text);
	/* Segments never reach past what the trimming left (an empty code
	 * line lost its indent and kept a segment after it: fuzz_search). */
	for (size_t k = l->seg; k < d->nsegs; k++) {
		struct seg *sg = &d->segs[k];
		if (sg->line_off > l->len)
			sg->line_off = l->len;
		if (sg->len > l->len - sg->line_off)
			sg->len = l->len - sg->line_off;
	}
	l->cols = (uint32_t)r->line_cols;
	l->nspans = (uint32_t)(d->nspans - l->span);
	l->nsegs = (uint32_t)(d->nsegs - l->seg);
	buf_addc(&d->text, '\0');	/* each line text is a C string */
	if (l->block >= 0) {
		struct block *b = &d->blocks[l->block];
		if (b->nlines == 0)
			b->first_line = (uint32_t)d->nlines;
		b->nlines++;
	}
	d->nlines++;
	r->any_output = 1;
}

/* Emit the container prefixes for a new line.  Frames beyond what the
 * width allows are not drawn (deep nesting must never overflow). */
static void
put_prefix(struct renderer *r, int first_line_of_block)
{
	for (size_t i = 0; i < r->nshown; i++) {
		struct frame *f = &r->frames[i];
		if (!f->shown)
			continue;
		const char *t = f->used ? f->rest : f->first;
		line_put(r, t, strlen(t), f->style, f->used ? -1 : f->link, f->cols);
		if (first_line_of_block)
			f->used = 1;
	}
}

static void
mark_frames_used(struct renderer *r)
{
	/* Frames past nshown are never drawn, so their state does not matter:
	 * this keeps deep nesting linear. */
	for (size_t i = 0; i < r->nshown; i++)
		r->frames[i].used = 1;
}

static int
avail_cols(const struct renderer *r)
{
	int a = r->width - r->prefix_cols;
	return a < 1 ? 1 : a;
}

static void
push_frame(struct renderer *r, const char *first, const char *rest, uint32_t style, int32_t link)
{
	r->frames = xgrow(r->frames, &r->frames_cap, r->nframes + 1, sizeof *r->frames);
	struct frame *f = &r->frames[r->nframes++];
	memset(f, 0, sizeof *f);
	snprintf(f->first, sizeof f->first, "%s", first);
	snprintf(f->rest, sizeof f->rest, "%s", rest);
	f->cols = text_width(f->first, strlen(f->first));
	f->style = style;
	f->link = link;
	/* Keep at least half the width (and 8 columns) for the text itself. */
	int limit = r->width / 2 > 8 ? r->width / 2 : 8;
	/* Once a frame does not fit, none deeper is drawn either. */
	/* And never less than 2 columns: a wide character needs them, and
	 * one cannot be cut (found by fuzz_render at width 7). */
	if (r->nshown == r->nframes - 1 && r->prefix_cols + f->cols <= limit &&
	    r->prefix_cols + f->cols + 2 <= r->width) {
		f->shown = 1;
		r->prefix_cols += f->cols;
		r->nshown = r->nframes;
	}
}

static void
pop_frame(struct renderer *r)
{
	if (!r->nframes)
		return;
	struct frame *f = &r->frames[--r->nframes];
	if (f->shown) {
		r->prefix_cols -= f->cols;
		r->nshown = r->nframes;
	}
	if (f->style == STY_FOOTREF)
		r->in_note--;
}

static void
blank_line(struct renderer *r)
{
	line_begin(r, -1, LINE_BLANK);
	/* Inside a quote the bar continues; bullets do not repeat. */
	for (size_t i = 0; i < r->nshown; i++) {
		struct frame *f = &r->frames[i];
		if (!f->shown)
			continue;
		const char *t = f->used ? f->rest : f->first;
		line_put(r, t, strlen(t), f->style, -1, f->cols);
	}
	line_end(r);
}

static void
before_block(struct renderer *r)
{
	if (r->need_blank && r->any_output)
		blank_line(r);
	r->need_blank = 0;
}

void
md_plain_text(void *node, struct buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			buf_adds(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_addc(out, ' ');
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	if (!out->data)
		buf_adds(out, "");
}

/* Translation state left on a unit node by l10n_translate(). */
static uint8_t
unit_flags(cmark_node *n)
{
	if (!n)
		return 0;
	const struct unit_note *note = cmark_node_get_user_data(n);
	switch (note ? note->state : 0) {
	case 1: return BLOCK_TRANSLATED;
	case 2: return BLOCK_FUZZY;
	case 6: return BLOCK_FUZZY | BLOCK_TRANSLATED;	/* a draft shown */
	case 3: case 4: return BLOCK_UNTRANSLATED;
	default: return 0;
	}
}

/* Extra style for a block's text in translator mode. */
static uint32_t
unit_style(const struct renderer *r, uint8_t flags)
{
	if (!r->o->mark_translation)
		return 0;
	return flags & BLOCK_FUZZY ? STY_FUZZY : flags & BLOCK_UNTRANSLATED ? STY_UNTRANSLATED : 0;
}

static int
new_block(struct renderer *r, cmark_node *n, enum line_kind kind, int level)
{
	struct doc *d = r->d;
	size_t had = d->blocks_cap;
	d->blocks = xgrow(d->blocks, &d->blocks_cap, d->nblocks + 1, sizeof *d->blocks);
	/* btext_off grows with blocks (blocks_cap + 2 entries), not by one
	 * entry per block: a realloc per block is quadratic when realloc
	 * cannot grow in place (under ASan always: a 10 MB chapter took a
	 * minute and gigabytes). */
	if (d->blocks_cap != had)
		d->btext_off = xrealloc(d->btext_off, (d->blocks_cap + 2) * sizeof *d->btext_off);
	struct block *b = &d->blocks[d->nblocks];
	memset(b, 0, sizeof *b);
	b->first_line = (uint32_t)d->nlines;
	b->src_line = n ? cmark_node_get_start_line(n) : 0;
	b->kind = (uint8_t)kind;
	b->level = (uint8_t)level;
	b->flags = unit_flags(n);
	d->btext_off[d->nblocks] = d->btext.len;
	return (int)d->nblocks++;
}

static void
end_block_text(struct renderer *r, const char *s, size_t len)
{
	struct doc *d = r->d;
	size_t at = d->btext.len;
	buf_add(&d->btext, s, len);
	/* hard breaks read as spaces; the block ends with one newline */
	for (char *p = d->btext.data + at; (p = memchr(p, '\n', (size_t)(d->btext.data + d->btext.len - p))); p++)
		*p = ' ';
	buf_addc(&d->btext, '\n');
	d->btext_off[d->nblocks] = d->btext.len;
}

/* Search sees what is shown, but not URLs or HTML: those runs are blanked
 * in the block text (same length, so offsets still map to the lines). */
static void
blank_unsearchable(struct renderer *r, const struct para *p)
{
	struct doc *d = r->d;
	size_t base = d->btext_off[d->nblocks - 1];
	for (size_t k = 0; k < p->nruns; k++)
		if (p->runs[k].style & (STY_URL | STY_DIM))
			memset(d->btext.data + base + p->runs[k].start, ' ', p->runs[k].end - p->runs[k].start);
}

/* ---- wrapping ------------------------------------------------------------ */

struct range { uint32_t start, end; };

static int
width_of(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return text_width(s, len);
	return (int)len;
}

/* Width of sanitized text s[0..len), measured only until it exceeds
 * `limit` (then some value > limit): wrapping a word of megabytes must not
 * measure all of it again for every line it is cut into (quadratic). */
static int
width_upto(const char *s, size_t len, int limit)
{
	int w = 0;
	for (size_t i = 0; i < len && w <= limit;) {
		if ((unsigned char)s[i] < 0x80) {
			w++;
			i++;
			continue;
		}
		int32_t cp;
		i += text_decode(s + i, len - i, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

/* Greedy word wrap of p->s into lines of at most `first` columns for the
 * first line and `rest` for the others.  Words wider than a line are cut
 * at character boundaries.  Returns the number of ranges in *out. */
static size_t
wrap(const struct para *p, int first, int rest, struct range **out, size_t *cap)
{
	const char *s = p->s.data ? p->s.data : "";
	size_t len = p->s.len, n = 0;
	size_t i = 0;
	int avail = first;
	size_t word_end = 0;	/* end of the word last cut (see below) */

	while (i <= len) {
		/* a new line: skip leading spaces */
		while (i < len && s[i] == ' ')
			i++;
		size_t lstart = i, lend = i;
		int w = 0;
		int forced = 0;
		while (i < len) {
			if (s[i] == '\n') {
				i++;
				forced = 1;
				break;
			}
			size_t sp = i;
			while (sp < len && s[sp] == ' ')
				sp++;
			/* A word cut over many lines is scanned for its end once,
			 * not once per line (quadratic for a 5 MB word). */
			size_t we = sp < word_end ? word_end : sp;
			while (we < len && s[we] != ' ' && s[we] != '\n')
				we++;
			word_end = we;
			if (we == sp) {	/* only trailing spaces remain */
				i = we;
				continue;
			}
			int spw = (int)(sp - i);
			int ww = width_upto(s + sp, we - sp, avail);
			if (lend == lstart) {
				spw = 0;	/* leading spaces skipped */
				lstart = sp;
			}
			if (w + spw + ww <= avail) {
				w += spw + ww;
				lend = we;
				i = we;
				continue;
			}
			if (lend == lstart) {
				/* Word longer than the line: cut it. */
				int used;
				size_t fit = text_fit(s + sp, we - sp, avail, &used);
				if (fit == 0) {	/* a wide char in a 1-col line */
					int32_t cp;
					fit = text_decode(s + sp, we - sp, &cp);
				}
				lend = sp + fit;
				i = lend;
			}
			break;
		}
		*out = xgrow(*out, cap, n + 1, sizeof **out);
		(*out)[n++] = (struct range){ (uint32_t)lstart, (uint32_t)lend };
		avail = rest;
		if (i >= len && !forced)
			break;
		if (i >= len && forced) {
			/* hard break at the very end: nothing follows */
			if (i == len)
				break;
		}
	}
	return n;
}

/* Emit para text s[start,end) with its style runs. */
static void
put_range(struct renderer *r, const struct para *p, size_t start, size_t end,
    size_t *runcur, uint32_t extra)
{
	size_t k = *runcur;
	while (k < p->nruns && p->runs[k].end <= start)
		k++;
	*runcur = k;
	size_t pos = start;
	while (pos < end) {
		uint32_t style = extra;
		int32_t link = -1;
		size_t stop = end;
		if (k < p->nruns && p->runs[k].start <= pos) {
			style |= p->runs[k].style;
			link = p->runs[k].link;
			if (p->runs[k].end < stop)
				stop = p->runs[k].end;
		} else if (k < p->nruns && p->runs[k].start < stop) {
			stop = p->runs[k].start;
		}
		line_put(r, p->s.data + pos, stop - pos, style, link, -1);
		pos = stop;
		while (k < p->nruns && p->runs[k].end <= pos)
			k++;
	}
}

/* ---- leaf blocks ---------------------------------------------------------- */

static void
emit_para(struct renderer *r, int block, enum line_kind kind, uint32_t extra,
    const char *lead, uint32_t lead_style)
{
	struct para *p = &r->para;
	extra |= unit_style(r, r->d->blocks[block].flags);
	int leadw = lead ? text_width(lead, strlen(lead)) : 0;
	int avail = avail_cols(r);
	/* A lead (heading number) that leaves no room for a wide character
	 * gets a line of its own, cut to the width: at --width 4 "12.3 " plus
	 * any text would overflow.  (Found by fuzz_render.) */
	if (lead && leadw + 2 > avail && !r->o->text_only) {
		int used;
		size_t fit = text_fit(lead, strlen(lead), avail, &used);
		line_begin(r, block, kind);
		put_prefix(r, 1);
		line_put(r, lead, fit, lead_style, -1, used);
		line_end(r);
		lead = NULL;
		leadw = 0;
	}
	int first = avail - leadw > 0 ? avail - leadw : 1;
	size_t n = r->o->text_only ? 0 : wrap(p, first, avail, &r->ranges, &r->ranges_cap);
	const struct range *rg = r->ranges;
	size_t runcur = 0;

	for (size_t i = 0; i < n; i++) {
		line_begin(r, block, kind);
		put_prefix(r, i == 0);
		if (i == 0 && lead)
			line_put(r, lead, strlen(lead), lead_style, -1, leadw);
		line_seg(r, block, rg[i].start, rg[i].end - rg[i].start);
		put_range(r, p, rg[i].start, rg[i].end, &runcur, extra);
		line_end(r);
	}
	end_block_text(r, p->s.data ? p->s.data : "", p->s.len);
	blank_unsearchable(r, p);
}

static void
emit_underline(struct renderer *r, int block, int cols, const char *ch)
{
	line_begin(r, block, LINE_HEADING);
	put_prefix(r, 0);
	struct buf u = {0};
	int avail = avail_cols(r);
	if (cols > avail)
		cols = avail;
	for (int i = 0; i < cols; i++)
		buf_adds(&u, ch);
	line_put(r, u.data ? u.data : "", u.len, STY_HEADING | STY_RULE, -1, cols);
	buf_free(&u);
	line_end(r);
}

/* ---- anchor index -------------------------------------------------------
 *
 * Looking anchors up by id was a linear scan, and making an id unique
 * scanned once per suffix tried: a chapter repeating one heading 100 000
 * times took hours (a 50 MB chapter never finished).  Two hash tables, open
 * addressing with linear probing: anchor ids -> anchor, and base ids -> the
 * last suffix given, so that suffixes continue where they stopped.  The
 * hash is seeded per document (from its address), so a book cannot be
 * written against one fixed table layout. */

struct anchor_index {
	uint64_t  seed;
	size_t	 *slots;	/* anchor index + 1; 0 = empty */
	size_t	  nslots;	/* power of two, > 2 * nanchors */
	char	**bkeys;	/* base ids */
	int	 *blast;	/* last suffix given for bkeys[i] */
	size_t	  nb, bcap;
	size_t	 *bslots;	/* bkeys index + 1; 0 = empty */
	size_t	  nbslots;
};

static uint64_t
id_hash(uint64_t seed, const char *s)
{
	uint64_t h = seed ^ 0xcbf29ce484222325ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static struct anchor_index *
aindex_of(struct doc *d)
{
	if (!d->aindex) {
		d->aindex = xcalloc(1, sizeof *d->aindex);
		d->aindex->seed = (uint64_t)(uintptr_t)d * 0x9E3779B97F4A7C15ULL;
	}
	return d->aindex;
}

/* Make room for one more anchor and index every anchor. */
static void
aindex_grow(struct doc *d)
{
	struct anchor_index *x = aindex_of(d);
	if ((d->nanchors + 1) * 2 < x->nslots)
		return;
	free(x->slots);
	x->nslots = x->nslots ? x->nslots * 2 : 64;
	x->slots = xcalloc(x->nslots, sizeof *x->slots);
	for (size_t i = 0; i < d->nanchors; i++) {
		size_t h = (size_t)id_hash(x->seed, d->anchors[i].id) & (x->nslots - 1);
		while (x->slots[h])
			h = (h + 1) & (x->nslots - 1);
		x->slots[h] = i + 1;
	}
}

/* The last suffix given for base id `id` (0 = none yet), to update. */
static int *
aindex_base(struct doc *d, const char *id)
{
	struct anchor_index *x = aindex_of(d);
	if ((x->nb + 1) * 2 >= x->nbslots) {
		free(x->bslots);
		x->nbslots = x->nbslots ? x->nbslots * 2 : 64;
		x->bslots = xcalloc(x->nbslots, sizeof *x->bslots);
		for (size_t i = 0; i < x->nb; i++) {
			size_t h = (size_t)id_hash(x->seed, x->bkeys[i]) & (x->nbslots - 1);
			while (x->bslots[h])
				h = (h + 1) & (x->nbslots - 1);
			x->bslots[h] = i + 1;
		}
	}
	size_t h = (size_t)id_hash(x->seed, id) & (x->nbslots - 1);
	while (x->bslots[h] && strcmp(x->bkeys[x->bslots[h] - 1], id))
		h = (h + 1) & (x->nbslots - 1);
	if (!x->bslots[h]) {
		size_t cap = x->bcap;
		x->bkeys = xgrow(x->bkeys, &cap, x->nb + 1, sizeof *x->bkeys);
		x->blast = xgrow(x->blast, &x->bcap, x->nb + 1, sizeof *x->blast);
		x->bkeys[x->nb] = xstrdup(id);
		x->blast[x->nb] = 0;
		x->bslots[h] = ++x->nb;
	}
	return &x->blast[x->bslots[h] - 1];
}

static void
aindex_free(struct anchor_index *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->nb; i++)
		free(x->bkeys[i]);
	free(x->bkeys);
	free(x->blast);
	free(x->bslots);
	free(x->slots);
	free(x);
}

static void
add_anchor(struct renderer *r, const char *id, const char *title, int level, const char *number)
{
	struct doc *d = r->d;
	struct buf slug = {0};
	buf_adds(&slug, id);
	/* Unique ids: "-1", "-2", ... as mdBook does, going on from the last
	 * suffix given to this id (every id tried before it is still taken). */
	int *last = aindex_base(d, id);
	int k = *last;
	if (k > 0 || doc_find_anchor(d, slug.data) >= 0) {
		do {
			k++;
			buf_clear(&slug);
			buf_printf(&slug, "%s-%d", id, k);
		} while (doc_find_anchor(d, slug.data) >= 0);
	}
	*last = k;
	aindex_grow(d);
	{
		struct anchor_index *x = d->aindex;
		size_t h = (size_t)id_hash(x->seed, slug.data) & (x->nslots - 1);
		while (x->slots[h])
			h = (h + 1) & (x->nslots - 1);
		x->slots[h] = d->nanchors + 1;
	}
	d->anchors = xgrow(d->anchors, &d->anchors_cap, d->nanchors + 1, sizeof *d->anchors);
	struct anchor *a = &d->anchors[d->nanchors++];
	a->id = buf_detach(&slug);
	a->title = title ? xstrdup(title) : NULL;
	a->line = (uint32_t)d->nlines;
	a->level = (uint8_t)level;
	a->block = level > 0 ? (int32_t)d->nblocks - 1 : -1;
	a->number = number ? xstrdup(number) : NULL;
}

static void
emit_heading(struct renderer *r, cmark_node *n, int level)
{
	struct para *p = &r->para;
	char number[64] = "";
	if (r->o->number && r->o->number[0]) {
		if (level == 1 && !r->h1_seen)
			snprintf(number, sizeof number, "%s", r->o->number);
		else if (level == 2)
			snprintf(number, sizeof number, "%s.%d", r->o->number, ++r->h2_count);
	}
	if (level == 1)
		r->h1_seen = 1;

	/* Anchors come from the source text of the heading, so that links
	 * keep working when the heading is shown translated. */
	struct buf plain = {0}, slug = {0};
	const struct unit_note *note = cmark_node_get_user_data(n);
	if (note && note->source_text)
		buf_adds(&plain, note->source_text);
	else
		md_plain_text(n, &plain);
	/* "# Title { #id .class }": the id names the anchor and the
	 * attributes are not shown. */
	char *attr_id = NULL;
	plain.len = msgid_heading_attrs(plain.data, plain.len, &attr_id);
	if (attr_id)
		buf_adds(&slug, attr_id);
	else
		slugify(&slug, plain.data, plain.len);
	free(attr_id);
	buf_free(&plain);
	{
		char *shown_id = NULL;
		size_t keep = msgid_heading_attrs(p->s.data ? p->s.data : "", p->s.len, &shown_id);
		free(shown_id);
		if (keep < p->s.len) {
			p->s.len = keep;
			p->s.data[keep] = '\0';
			for (size_t k = 0; k < p->nruns; k++) {
				if (p->runs[k].end > keep)
					p->runs[k].end = (uint32_t)keep;
				if (p->runs[k].start > keep)
					p->runs[k].start = (uint32_t)keep;
			}
		}
	}
	before_block(r);
	int block = new_block(r, n, LINE_HEADING, level);
	add_anchor(r, slug.data ? slug.data : "", p->s.data ? p->s.data : "", level,
	    number[0] ? number : NULL);
	buf_free(&slug);

	uint32_t style = STY_HEADING | (level == 1 ? STY_TITLE : 0);
	char lead[72] = "";
	if (number[0])
		snprintf(lead, sizeof lead, "%s ", number);
	size_t first_line = r->d->nlines;
	emit_para(r, block, LINE_HEADING, style, number[0] ? lead : NULL, style);
	for (size_t i = first_line; i < r->d->nlines; i++)
		r->d->lines[i].level = (uint8_t)level;
	if (level <= 2) {
		int w = 0;
		for (size_t i = first_line; i < r->d->nlines; i++)
			if ((int)r->d->lines[i].cols - r->prefix_cols > w)
				w = (int)r->d->lines[i].cols - r->prefix_cols;
		emit_underline(r, block, w, level == 1 ? "\xe2\x95\x90" : "\xe2\x94\x80");
		r->d->blocks[block].nlines = (uint32_t)(r->d->nlines - r->d->blocks[block].first_line);
	}
	r->need_blank = 1;
}

/* Code and HTML blocks: not wrapped; a line too long is cut with a marker. */
static void
emit_verbatim(struct renderer *r, cmark_node *n, const char *lit, uint32_t style, enum line_kind kind)
{
	before_block(r);
	int block = new_block(r, n, kind, 0);
	const char *indent = kind == LINE_CODE ? "  " : "";
	int iw = (int)strlen(indent);
	/* Too narrow for the indent and a column of text plus the cut
	 * marker: drop the indent.  (Forcing 2 columns here made lines
	 * wider than the width in deep lists; found by fuzz_render.) */
	if (avail_cols(r) - iw < 2) {
		indent = "";
		iw = 0;
	}
	int avail = avail_cols(r) - iw;	/* >= 1 */
	size_t len = strlen(lit);
	if (len && lit[len - 1] == '\n')
		len--;
	struct buf ln = {0}, all = {0};
	size_t i = 0;
	do {
		const char *nl = memchr(lit + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - lit) : len;
		buf_clear(&ln);
		int col = 0;
		text_sanitize(&ln, lit + i, e - i, &col);
		buf_add(&all, ln.data ? ln.data : "", ln.len);
		buf_addc(&all, '\n');
		line_begin(r, block, kind);
		put_prefix(r, i == 0);
		line_put(r, indent, (size_t)iw, style, -1, iw);
		size_t boff = all.len - ln.len - 1;
		if (col <= avail) {
			line_seg(r, block, boff, ln.len);
			line_put(r, ln.data ? ln.data : "", ln.len, style, -1, col);
		} else {
			int used;
			size_t fit = text_fit(ln.data, ln.len, avail - 1, &used);
			line_seg(r, block, boff, fit);
			line_put(r, ln.data, fit, style, -1, used);
			for (; used < avail - 1; used++)
				line_put(r, " ", 1, style, -1, 1);
			line_put(r, "\xe2\x96\xb8", 3, STY_CUT, -1, 1);	/* ▸ */
		}
		line_end(r);
		i = e + 1;
	} while (i <= len && len > 0);
	if (len == 0 && r->d->blocks[block].nlines == 0) {
		line_begin(r, block, kind);
		put_prefix(r, 1);
		line_end(r);
	}
	end_block_text(r, all.data ? all.data : "", all.len ? all.len - 1 : 0);
	buf_free(&ln);
	buf_free(&all);
	r->need_blank = 1;
}

static void
emit_rule(struct renderer *r, cmark_node *n)
{
	before_block(r);
	int block = new_block(r, n, LINE_RULE, 0);
	line_begin(r, block, LINE_RULE);
	put_prefix(r, 1);
	struct buf u = {0};
	int w = avail_cols(r);
	for (int i = 0; i < w; i++)
		buf_adds(&u, "\xe2\x94\x80");	/* ─ */
	line_put(r, u.data, u.len, STY_RULE, -1, w);
	buf_free(&u);
	line_end(r);
	end_block_text(r, "", 0);
	r->need_blank = 1;
}

/* ---- tables ---------------------------------------------------------------- */

struct tcell {
	struct para	 p;
	struct range	*lines;
	size_t		 nlines, cap;
	int		 natural;	/* widest unwrapped line */
	int		 minw;		/* widest word */
	int		 block;
	int		 src_line;
	uint8_t		 flags;		/* translation state */
};

struct table {
	int		 ncols;
	uint8_t		*align;
	struct tcell	*cells;		/* nrows * ncols */
	size_t		 nrows, rows_cap;
	int		 header_rows;
	int		 cur_col;
};

static void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->nrows * (size_t)t->ncols; i++) {
		para_free(&t->cells[i].p);
		free(t->cells[i].lines);
	}
	free(t->cells);
	free(t->align);
}

static void
cell_measure(struct tcell *c)
{
	const char *s = c->p.s.data ? c->p.s.data : "";
	size_t len = c->p.s.len;
	int line = 0;
	c->natural = 0;
	c->minw = 1;
	size_t i = 0;
	while (i < len) {
		size_t e = i;
		while (e < len && s[e] != ' ' && s[e] != '\n')
			e++;
		int w = width_of(s + i, e - i);
		if (w > c->minw)
			c->minw = w;
		line += w;
		if (e < len && s[e] == ' ')
			line++;
		if (e < len && s[e] == '\n') {
			if (line > c->natural)
				c->natural = line;
			line = 0;
		}
		i = e + 1;
	}
	if (line > c->natural)
		c->natural = line;
	if (c->natural < 1)
		c->natural = 1;
}

static void
put_spaces(struct renderer *r, int n, uint32_t style)
{
	static const char sp[] = "                                ";
	while (n > 0) {
		int k = n > 32 ? 32 : n;
		line_put(r, sp, (size_t)k, style, -1, k);
		n -= k;
	}
}

static void
table_border(struct renderer *r, const int *w, int ncols, const char *l, const char *m, const char *rt, const char *h)
{
	line_begin(r, -1, LINE_TABLE);
	put_prefix(r, 0);
	struct buf b = {0};
	buf_adds(&b, l);
	for (int c = 0; c < ncols; c++) {
		for (int k = 0; k < w[c] + 2; k++)
			buf_adds(&b, h);
		buf_adds(&b, c + 1 < ncols ? m : rt);
	}
	line_put(r, b.data, b.len, STY_BORDER, -1, -1);
	buf_free(&b);
	line_end(r);
}

/* Distribute `space` columns: every column first gets min(natural, 3);
 * then, fair-share style, a column whose natural width fits in an equal
 * share of what is left gets it whole, and the remaining columns share
 * the rest in proportion to their natural widths. */
static void
table_widths(struct table *t, int space, int *w)
{
	int n = t->ncols;
	int *nat = xcalloc((size_t)n, sizeof *nat);
	char *done = xcalloc((size_t)n, 1);
	long total = 0;
	for (int c = 0; c < n; c++) {
		nat[c] = 1;
		for (size_t rr = 0; rr < t->nrows; rr++) {
			struct tcell *cl = &t->cells[rr * (size_t)n + (size_t)c];
			if (cl->natural > nat[c])
				nat[c] = cl->natural;
		}
		total += nat[c];
	}
	if (total <= space) {
		memcpy(w, nat, (size_t)n * sizeof *w);
		goto out;
	}
	long left = space;
	for (int c = 0; c < n; c++) {
		w[c] = nat[c] < 3 ? nat[c] : 3;
		left -= w[c];
		if (w[c] == nat[c])
			done[c] = 1;
	}
	for (int changed = 1; changed;) {
		changed = 0;
		int open = 0;
		for (int c = 0; c < n; c++)
			open += !done[c];
		if (!open)
			break;
		long fair = left / open;
		for (int c = 0; c < n; c++)
			if (!done[c] && nat[c] - w[c] <= fair) {
				left -= nat[c] - w[c];
				w[c] = nat[c];
				done[c] = 1;
				changed = 1;
			}
	}
	long want = 0;
	for (int c = 0; c < n; c++)
		if (!done[c])
			want += nat[c] - w[c];
	long given = 0;
	for (int c = 0; c < n && want > 0; c++)
		if (!done[c]) {
			long g = (long)(nat[c] - w[c]) * left / want;
			w[c] += (int)g;
			given += g;
		}
	for (int c = 0; c < n && given < left; c++)	/* rounding */
		if (!done[c] && w[c] < nat[c]) {
			w[c]++;
			given++;
		}
out:
	free(nat);
	free(done);
}

static void
emit_table(struct renderer *r, struct table *t, cmark_node *n)
{
	before_block(r);
	int nc = t->ncols;
	int avail = avail_cols(r);
	int space = avail - (3 * nc + 1);	/* "│ " + " │" per column */
	int *w = xcalloc((size_t)nc, sizeof *w);

	for (size_t i = 0; i < t->nrows * (size_t)nc; i++)
		cell_measure(&t->cells[i]);

	/* A grid needs every column at least min(natural, 3) wide. */
	long need = 0;
	for (int c = 0; c < nc; c++) {
		int nat = 1;
		for (size_t rr = 0; rr < t->nrows; rr++)
			if (t->cells[rr * (size_t)nc + (size_t)c].natural > nat)
				nat = t->cells[rr * (size_t)nc + (size_t)c].natural;
		need += nat < 3 ? nat : 3;
	}
	if (nc > 0 && space >= need) {
		table_widths(t, space, w);
		for (size_t i = 0; i < t->nrows * (size_t)nc; i++) {
			struct tcell *c = &t->cells[i];
			c->block = new_block(r, NULL, LINE_TABLE, 0);
			r->d->blocks[c->block].src_line = c->src_line;
			r->d->blocks[c->block].flags = c->flags;
			int cw = w[i % (size_t)nc];
			c->nlines = r->o->text_only ? 0 : wrap(&c->p, cw, cw, &c->lines, &c->cap);
			end_block_text(r, c->p.s.data ? c->p.s.data : "", c->p.s.len);
			blank_unsearchable(r, &c->p);
		}
		if (r->o->text_only)
			goto done;
		table_border(r, w, nc, "\xe2\x94\x8c", "\xe2\x94\xac", "\xe2\x94\x90", "\xe2\x94\x80");
		for (size_t row = 0; row < t->nrows; row++) {
			size_t h = 1;
			for (int c = 0; c < nc; c++)
				if (t->cells[row * nc + c].nlines > h)
					h = t->cells[row * nc + c].nlines;
			size_t runcur[nc > 0 ? nc : 1];
			memset(runcur, 0, sizeof runcur);
			for (size_t k = 0; k < h; k++) {
				line_begin(r, -1, LINE_TABLE);
				put_prefix(r, 0);
				for (int c = 0; c < nc; c++) {
					struct tcell *cl = &t->cells[row * nc + c];
					uint32_t st = (row < (size_t)t->header_rows ? STY_TH : 0) | unit_style(r, cl->flags);
					line_put(r, c ? " " : "\xe2\x94\x82 ", c ? 1 : 4, STY_BORDER, -1, c ? 1 : 2);
					int cw = 0;
					if (k < cl->nlines) {
						if (r->d->lines[r->d->nlines].block < 0)
							r->d->lines[r->d->nlines].block = cl->block;
						/* An empty cell has no text buffer at all:
						 * NULL + 0 is undefined (UBSan, fuzz_search). */
						if (cl->lines[k].end > cl->lines[k].start)
							cw = width_of(cl->p.s.data + cl->lines[k].start,
							    cl->lines[k].end - cl->lines[k].start);
						int pad = w[c] - cw;
						int left = t->align[c] == 'r' ? pad : t->align[c] == 'c' ? pad / 2 : 0;
						put_spaces(r, left, st);
						line_seg(r, cl->block, cl->lines[k].start, cl->lines[k].end - cl->lines[k].start);
						put_range(r, &cl->p, cl->lines[k].start, cl->lines[k].end, &runcur[c], st);
						put_spaces(r, pad - left, st);
					} else {
						put_spaces(r, w[c], st);
					}
					line_put(r, " \xe2\x94\x82", 4, STY_BORDER, -1, 2);
				}
				line_end(r);
			}
			if (row + 1 == (size_t)t->header_rows && row + 1 < t->nrows)
				table_border(r, w, nc, "\xe2\x94\x9c", "\xe2\x94\xbc", "\xe2\x94\xa4", "\xe2\x94\x80");
		}
		table_border(r, w, nc, "\xe2\x94\x94", "\xe2\x94\xb4", "\xe2\x94\x98", "\xe2\x94\x80");
	} else {
		/* Too narrow for a grid: one record per row, "header: value". */
		size_t body = (size_t)t->header_rows;
		for (size_t row = body; row < t->nrows; row++) {
			if (row > body)
				blank_line(r);
			push_frame(r, "\xe2\x96\xaa ", "  ", STY_PREFIX, -1);
			for (int c = 0; c < nc; c++) {
				struct tcell *cl = &t->cells[row * nc + c];
				struct para *p = &r->para;
				para_reset(p);
				if (body > 0) {
					struct tcell *hd = &t->cells[(size_t)c];
					size_t st = p->s.len;
					buf_add(&p->s, hd->p.s.data ? hd->p.s.data : "", hd->p.s.len);
					para_mark(p, st, STY_TH, -1);
					para_lit(p, ": ", STY_TH, -1);
				}
				size_t base = p->s.len;
				buf_add(&p->s, cl->p.s.data ? cl->p.s.data : "", cl->p.s.len);
				for (size_t k = 0; k < cl->p.nruns; k++) {
					struct srun sr = cl->p.runs[k];
					p->runs = xgrow(p->runs, &p->cap, p->nruns + 1, sizeof *p->runs);
					sr.start += (uint32_t)base;
					sr.end += (uint32_t)base;
					p->runs[p->nruns++] = sr;
				}
				int block = new_block(r, NULL, LINE_TABLE, 0);
				r->d->blocks[block].src_line = cl->src_line;
				r->d->blocks[block].flags = cl->flags;
				emit_para(r, block, LINE_TABLE, 0, NULL, 0);
			}
			pop_frame(r);
		}
		para_reset(&r->para);
	}
done:
	(void)n;
	free(w);
	r->need_blank = 1;
}

/* ---- the walk ------------------------------------------------------------------ */

static uint32_t
cur_style(const struct renderer *r)
{
	return r->nstyles ? r->styles[r->nstyles - 1] : 0;
}

static int32_t
cur_link(const struct renderer *r)
{
	return r->nstyles ? r->links[r->nstyles - 1] : -1;
}

static void
push_style(struct renderer *r, uint32_t add, int32_t link)
{
	uint32_t s = cur_style(r) | add;
	int32_t l = link >= 0 ? link : cur_link(r);
	size_t cap2 = r->links_cap;
	r->styles = xgrow(r->styles, &r->styles_cap, r->nstyles + 1, sizeof *r->styles);
	r->links = xgrow(r->links, &cap2, r->nstyles + 1, sizeof *r->links);
	r->links_cap = cap2;
	r->styles[r->nstyles] = s;
	r->links[r->nstyles] = l;
	r->nstyles++;
}

static void
pop_style(struct renderer *r)
{
	if (r->nstyles)
		r->nstyles--;
}

static int32_t
add_link(struct renderer *r, const char *url, cmark_node *n)
{
	struct doc *d = r->d;
	d->links = xgrow(d->links, &d->links_cap, d->nlinks + 1, sizeof *d->links);
	d->links[d->nlinks].url = xstrdup(url ? url : "");
	d->links[d->nlinks].line = (uint32_t)d->nlines;
	d->links[d->nlinks].src_line = n ? cmark_node_get_start_line(n) : 0;
	return (int32_t)d->nlinks++;
}

static int
is_html_comment(const char *s)
{
	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (strncmp(s, "<!--", 4) != 0)
		return 0;
	const char *e = strstr(s, "-->");
	if (!e)
		return 1;
	for (e += 3; *e; e++)
		if (*e != ' ' && *e != '\t' && *e != '\n')
			return 0;
	return 1;
}

static const char *
bullet_for(int depth)
{
	static const char *const b[] = { "\xe2\x80\xa2 ", "\xe2\x97\xa6 ", "\xe2\x96\xaa " }; /* • ◦ ▪ */
	return b[depth % 3];
}

struct doc *
render_doc(const struct mdtree *t, const struct render_opts *o)
{
	struct doc *d = xcalloc(1, sizeof *d);
	struct renderer R, *r = &R;
	memset(r, 0, sizeof R);
	r->d = d;
	r->o = o;
	r->width = o->width < 4 ? 4 : o->width;
	d->width = r->width;
	d->btext_off = xcalloc(1, sizeof *d->btext_off);

	struct table tbl;
	memset(&tbl, 0, sizeof tbl);
	int in_table = 0;
	struct para *target = &r->para;	/* where inline content goes */
	int in_image = 0;

	cmark_iter *it = cmark_iter_new(t->root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int enter = ev == CMARK_EVENT_ENTER;
		enum nk k = node_kind(n);

		switch (k) {
		case NK_DOCUMENT:
		case NK_OTHER:
			break;
		case NK_QUOTE:
			if (enter) {
				before_block(r);
				push_frame(r, "\xe2\x94\x82 ", "\xe2\x94\x82 ", STY_PREFIX, -1);
			} else {
				pop_frame(r);
				r->need_blank = 1;
			}
			break;
		case NK_LIST:
			if (enter) {
				if (r->collecting)
					break;
				before_block(r);
				r->lists = xgrow(r->lists, &r->lists_cap, r->nlists + 1, sizeof *r->lists);
				r->lists[r->nlists].ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
				r->lists[r->nlists].next = cmark_node_get_list_start(n);
				r->lists[r->nlists].tight = cmark_node_get_list_tight(n);
				r->lists[r->nlists].depth = (int)r->nlists;
				r->nlists++;
			} else if (r->nlists) {
				r->nlists--;
				r->need_blank = 1;
			}
			break;
		case NK_ITEM:
		case NK_TASKITEM:
			if (enter) {
				char first[48], rest[48];
				if (r->nlists && r->lists[r->nlists - 1].ordered) {
					int num = r->lists[r->nlists - 1].next++;
					char delim = cmark_node_get_list_delim(cmark_node_parent(n)) == CMARK_PAREN_DELIM ? ')' : '.';
					snprintf(first, sizeof first, "%d%c ", num, delim);
				} else {
					snprintf(first, sizeof first, "%s", bullet_for(r->nlists ? r->lists[r->nlists - 1].depth : 0));
				}
				if (k == NK_TASKITEM) {
					size_t l = strlen(first);
					snprintf(first + l, sizeof first - l, "%s",
					    cmark_gfm_extensions_get_tasklist_item_checked(n) ? "[x] " : "[ ] ");
				}
				int w = text_width(first, strlen(first));
				memset(rest, ' ', (size_t)w);
				rest[w] = '\0';
				if (r->nlists && !r->lists[r->nlists - 1].tight && cmark_node_previous(n))
					r->need_blank = 1;
				before_block(r);
				push_frame(r, first, rest, STY_PREFIX, -1);
			} else {
				pop_frame(r);
				r->need_blank = r->nlists && !r->lists[r->nlists - 1].tight;
			}
			break;
		case NK_FOOTDEF:
			if (enter) {
				if (!r->notes_heading) {
					r->need_blank = 1;
					emit_rule(r, NULL);
					r->need_blank = 0;
					r->notes_heading = 1;
				}
				r->footnotes++;
				char first[48], rest[48], target_id[32];
				snprintf(first, sizeof first, "[%d] ", r->footnotes);
				int w = (int)strlen(first);
				memset(rest, ' ', (size_t)w);
				rest[w] = '\0';
				snprintf(target_id, sizeof target_id, "#fnref-%d", r->footnotes);
				before_block(r);
				char id[32];
				snprintf(id, sizeof id, "fn-%d", r->footnotes);
				add_anchor(r, id, NULL, 0, NULL);
				push_frame(r, first, rest, STY_FOOTREF, add_link(r, target_id, n));
				r->in_note++;
			} else {
				pop_frame(r);
				r->need_blank = 1;
			}
			break;
		case NK_PARAGRAPH:
		case NK_HEADING:
			if (in_table)
				break;
			if (enter) {
				para_reset(&r->para);
				r->collecting = 1;
				r->nstyles = 0;
				r->heading_level = k == NK_HEADING ? cmark_node_get_heading_level(n) : 0;
			} else {
				r->collecting = 0;
				if (k == NK_HEADING) {
					emit_heading(r, n, r->heading_level);
				} else {
					before_block(r);
					enum line_kind lk = r->in_note ? LINE_NOTE : LINE_TEXT;
					int block = new_block(r, n, lk, 0);
					emit_para(r, block, lk, 0, NULL, 0);
					mark_frames_used(r);
					/* Tight list items: no blank line between items. */
					cmark_node *par = cmark_node_parent(n);
					int tight = par && cmark_node_get_type(par) == CMARK_NODE_ITEM &&
					    r->nlists && r->lists[r->nlists - 1].tight;
					r->need_blank = !tight;
				}
			}
			break;
		case NK_CODEBLOCK:
			emit_verbatim(r, n, cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "",
			    STY_CODEBLOCK, LINE_CODE);
			mark_frames_used(r);
			break;
		case NK_HTMLBLOCK: {
			const char *lit = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
			if (!is_html_comment(lit)) {
				emit_verbatim(r, n, lit, STY_DIM, LINE_CODE);
				mark_frames_used(r);
			}
			break;
		}
		case NK_HR:
			emit_rule(r, n);
			mark_frames_used(r);
			break;
		case NK_TABLE:
			if (enter) {
				memset(&tbl, 0, sizeof tbl);
				tbl.ncols = cmark_gfm_extensions_get_table_columns(n);
				tbl.align = xcalloc((size_t)tbl.ncols + 1, 1);
				uint8_t *al = cmark_gfm_extensions_get_table_alignments(n);
				for (int c = 0; c < tbl.ncols; c++)
					tbl.align[c] = al ? al[c] : 0;
				in_table = 1;
			} else {
				emit_table(r, &tbl, n);
				mark_frames_used(r);
				table_free(&tbl);
				memset(&tbl, 0, sizeof tbl);
				in_table = 0;
				target = &r->para;
			}
			break;
		case NK_TROW:
			if (in_table && enter) {
				size_t nc = (size_t)tbl.ncols;
				tbl.cells = xgrow(tbl.cells, &tbl.rows_cap, (tbl.nrows + 1) * nc, sizeof *tbl.cells);
				memset(&tbl.cells[tbl.nrows * nc], 0, nc * sizeof *tbl.cells);
				for (size_t c = 0; c < nc; c++)
					tbl.cells[tbl.nrows * nc + c].src_line = cmark_node_get_start_line(n);
				tbl.nrows++;
				tbl.cur_col = 0;
				if (cmark_gfm_extensions_get_table_row_is_header(n))
					tbl.header_rows = (int)tbl.nrows;
			}
			break;
		case NK_TCELL:
			if (in_table && tbl.nrows) {
				if (enter && tbl.cur_col < tbl.ncols) {
					struct tcell *c = &tbl.cells[(tbl.nrows - 1) * (size_t)tbl.ncols + (size_t)tbl.cur_col];
					c->src_line = cmark_node_get_start_line(n);
					c->flags = unit_flags(n);
					target = &c->p;
					r->nstyles = 0;
				} else if (!enter) {
					tbl.cur_col++;
					target = &r->para;
				}
			}
			break;
		/* inlines */
		case NK_TEXT:
			if (in_image)
				break;
			para_text(target, cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)),
			    cur_style(r), cur_link(r));
			break;
		case NK_CODE:
			if (in_image)
				break;
			para_text(target, cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)),
			    cur_style(r) | STY_CODE, cur_link(r));
			break;
		case NK_SOFTBREAK:
			if (!in_image)
				para_lit(target, " ", cur_style(r), cur_link(r));
			break;
		case NK_LINEBREAK:
			if (!in_image)
				para_lit(target, target == &r->para ? "\n" : " ", cur_style(r), cur_link(r));
			break;
		case NK_HTMLINLINE:
			if (!in_image && !is_html_comment(cmark_node_get_literal(n)))
				para_text(target, cmark_node_get_literal(n), strlen(cmark_node_get_literal(n)),
				    cur_style(r) | STY_DIM, cur_link(r));
			break;
		case NK_EMPH:
			enter ? push_style(r, STY_EMPH, -1) : pop_style(r);
			break;
		case NK_STRONG:
			enter ? push_style(r, STY_STRONG, -1) : pop_style(r);
			break;
		case NK_STRIKE:
			enter ? push_style(r, STY_STRIKE, -1) : pop_style(r);
			break;
		case NK_LINK:
			if (enter) {
				/* An autolink's text is its URL. */
				cmark_node *c = cmark_node_first_child(n);
				const char *url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
				int is_url = c && !cmark_node_next(c) && cmark_node_get_type(c) == CMARK_NODE_TEXT &&
				    (!strcmp(cmark_node_get_literal(c), url) ||
				     (strstr(url, "://") && !strcmp(strstr(url, "://") + 3, cmark_node_get_literal(c))) ||
				     (!strncmp(url, "mailto:", 7) && !strcmp(url + 7, cmark_node_get_literal(c))));
				push_style(r, STY_LINK | (is_url ? STY_URL : 0), add_link(r, url, n));
			} else {
				pop_style(r);
			}
			break;
		case NK_IMAGE:
			if (enter) {
				/* [image: alt] — the alt text is the children's text */
				struct buf alt = {0};
				cmark_iter *sub = cmark_iter_new(n);
				cmark_event_type e2;
				while ((e2 = cmark_iter_next(sub)) != CMARK_EVENT_DONE) {
					cmark_node *c = cmark_iter_get_node(sub);
					if (e2 == CMARK_EVENT_ENTER && c != n && cmark_node_get_literal(c) &&
					    (cmark_node_get_type(c) == CMARK_NODE_TEXT || cmark_node_get_type(c) == CMARK_NODE_CODE))
						buf_adds(&alt, cmark_node_get_literal(c));
				}
				cmark_iter_free(sub);
				para_lit(target, "[image", cur_style(r) | STY_IMAGE, cur_link(r));
				if (alt.len) {
					para_lit(target, ": ", cur_style(r) | STY_IMAGE, cur_link(r));
					para_text(target, alt.data, alt.len, cur_style(r) | STY_IMAGE, cur_link(r));
				}
				para_lit(target, "]", cur_style(r) | STY_IMAGE, cur_link(r));
				buf_free(&alt);
				in_image++;
			} else {
				in_image--;
			}
			break;
		case NK_FOOTREF: {
			if (in_image || !enter)
				break;
			const char *num = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "?";
			char mark[48], url[48], id[48];
			snprintf(mark, sizeof mark, "[%s]", num);
			snprintf(url, sizeof url, "#fn-%s", num);
			snprintf(id, sizeof id, "fnref-%s", num);
			if (doc_find_anchor(d, id) < 0)
				add_anchor(r, id, NULL, 0, NULL);
			para_lit(target, mark, cur_style(r) | STY_FOOTREF, add_link(r, url, n));
			break;
		}
		}
	}
	cmark_iter_free(it);
	if (in_table)
		table_free(&tbl);
	para_free(&r->para);
	free(r->ranges);
	free(r->frames);
	free(r->styles);
	free(r->links);
	free(r->lists);
	/* Anchors added before their line existed point at the next line. */
	for (size_t i = 0; i < d->nanchors; i++)
		if (d->anchors[i].line >= d->nlines && d->nlines)
			d->anchors[i].line = (uint32_t)d->nlines - 1;
	return d;
}

void
doc_free(struct doc *d)
{
	if (!d)
		return;
	buf_free(&d->text);
	buf_free(&d->btext);
	free(d->btext_off);
	free(d->lines);
	free(d->spans);
	free(d->blocks);
	free(d->segs);
	for (size_t i = 0; i < d->nlinks; i++)
		free(d->links[i].url);
	free(d->links);
	for (size_t i = 0; i < d->nanchors; i++) {
		free(d->anchors[i].id);
		free(d->anchors[i].title);
		free(d->anchors[i].number);
	}
	free(d->anchors);
	aindex_free(d->aindex);
	free(d);
}

long
doc_find_anchor(const struct doc *d, const char *id)
{
	const struct anchor_index *x = d->aindex;
	if (!x || !x->nslots) {
		for (size_t i = 0; i < d->nanchors; i++)
			if (!strcmp(d->anchors[i].id, id))
				return (long)i;
		return -1;
	}
	size_t h = (size_t)id_hash(x->seed, id) & (x->nslots - 1);
	for (; x->slots[h]; h = (h + 1) & (x->nslots - 1))
		if (!strcmp(d->anchors[x->slots[h] - 1].id, id))
			return (long)(x->slots[h] - 1);
	return -1;
}

long
doc_line_block(const struct doc *d, size_t i)
{
	for (size_t k = i; k < d->nlines; k++)
		if (d->lines[k].block >= 0)
			return d->lines[k].block;
	for (size_t k = i < d->nlines ? i : d->nlines; k-- > 0;)
		if (d->lines[k].block >= 0)
			return d->lines[k].block;
	return -1;
}

void
doc_section_lines(const struct doc *d, size_t a, size_t *from, size_t *to)
{
	const struct anchor *an = &d->anchors[a];
	size_t end = d->nlines;
	for (size_t k = a + 1; k < d->nanchors; k++)
		if (d->anchors[k].level > 0 && d->anchors[k].level <= an->level) {
			end = d->anchors[k].line;
			break;
		}
	while (end > an->line && d->lines[end - 1].kind == LINE_BLANK)
		end--;
	*from = an->line;
	*to = end;
}

long
doc_section_at(const struct doc *d, size_t i, size_t *from, size_t *to)
{
	long a = -1;
	for (size_t k = 0; k < d->nanchors; k++)
		if (d->anchors[k].level > 0 && d->anchors[k].line <= i)
			a = (long)k;
	size_t f = 0, t = d->nlines;
	if (a >= 0)
		doc_section_lines(d, (size_t)a, &f, &t);
	if (from)
		*from = f;
	if (to)
		*to = t;
	return a;
}

void
slugify(struct buf *out, const char *text, size_t len)
{
	for (size_t i = 0; i < len;) {
		int32_t cp;
		size_t n = text_decode(text + i, len - i, &cp);
		utf8proc_category_t c = utf8proc_category(cp);
		if (cp == ' ' || cp == '-') {
			buf_addc(out, '-');
		} else if (cp == '_' || (cp < 0x80 && ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')))) {
			buf_addc(out, (char)cp);
		} else if (cp < 0x80 && cp >= 'A' && cp <= 'Z') {
			buf_addc(out, (char)(cp + 32));
		} else if (cp >= 0x80 && (c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL ||
		    c == UTF8PROC_CATEGORY_LT || c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO ||
		    c == UTF8PROC_CATEGORY_ND || c == UTF8PROC_CATEGORY_NL || c == UTF8PROC_CATEGORY_NO ||
		    c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC)) {
			text_encode(out, utf8proc_tolower(cp));
		}
		i += n;
	}
	if (!out->data)
		buf_adds(out, "");
}
