/* l10n.c — see l10n.h. */
#include <config.h>

#include "l10n.h"
#include "i18n.h"
#include "msgid.h"
#include "render.h"

#include <cmark-gfm.h>
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- catalogs ------------------------------------------------------------ */

static char *
catalog_file(const struct book *b, const char *lang, const char *ext)
{
	return xasprintf("%s/po/%s.%s", b->root, lang, ext);
}

/* What tells a saved file from the one read: its modification time to
 * the nanosecond, size and inode (an editor that saves twice within a
 * second, or renames a new file into place, is still seen).  0 for a
 * regular file; -1 (and a zero stamp) otherwise. */
static int
stamp_of(const char *path, struct file_stamp *fs)
{
	struct stat st;
	memset(fs, 0, sizeof *fs);
	if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return -1;
	fs->mtime = st.st_mtim;
	fs->size = st.st_size;
	fs->ino = st.st_ino;
	return 0;
}

static int
stamp_newer_or_same(const struct file_stamp *a, const struct file_stamp *b)
{
	return a->mtime.tv_sec != b->mtime.tv_sec ? a->mtime.tv_sec > b->mtime.tv_sec :
	    a->mtime.tv_nsec >= b->mtime.tv_nsec;
}

static uint32_t
mo_word(const unsigned char *p, int swap)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
	if (swap)
		v = (v >> 24) | ((v >> 8) & 0xff00) | ((v << 8) & 0xff0000) | (v << 24);
	return v;
}

/* Read a compiled catalog.  msgfmt writes msgids sorted (strcmp), which
 * lookups rely on; a file that is not sorted is refused. */
static int
load_mo(struct catalog *c, const char *path, struct diags *d)
{
	struct buf f = {0};
	int e = read_file(path, 64u << 20, &f);
	if (e) {
		diags_add(d, DIAG_ERROR, path, 0, _("cannot read: %s"), strerror(e));
		buf_free(&f);
		return -1;
	}
	const unsigned char *m = (const unsigned char *)f.data;
	int ok = f.len >= 28;
	int swap = 0;
	if (ok) {
		uint32_t magic = mo_word(m, 0);
		swap = magic == 0xde120495u;
		ok = magic == 0x950412deu || swap;
	}
	uint32_t n = ok ? mo_word(m + 8, swap) : 0, oo = ok ? mo_word(m + 12, swap) : 0,
	    to = ok ? mo_word(m + 16, swap) : 0;
	if (ok && ((uint64_t)oo + 8ull * n > f.len || (uint64_t)to + 8ull * n > f.len))
		ok = 0;
	if (ok) {
		c->mo_ids = xcalloc(n ? n : 1, sizeof *c->mo_ids);
		c->mo_strs = xcalloc(n ? n : 1, sizeof *c->mo_strs);
		for (uint32_t i = 0; i < n && ok; i++) {
			uint32_t il = mo_word(m + oo + 8 * i, swap), io = mo_word(m + oo + 8 * i + 4, swap);
			uint32_t sl = mo_word(m + to + 8 * i, swap), so = mo_word(m + to + 8 * i + 4, swap);
			if ((uint64_t)io + il >= f.len || (uint64_t)so + sl >= f.len) {
				ok = 0;
				break;
			}
			c->mo_ids[c->mo_n] = xstrndup((const char *)m + io, il);
			c->mo_strs[c->mo_n] = xstrndup((const char *)m + so, sl);
			if (c->mo_n && strcmp(c->mo_ids[c->mo_n - 1], c->mo_ids[c->mo_n]) >= 0)
				ok = 0;
			c->mo_n++;
		}
	}
	buf_free(&f);
	if (!ok) {
		diags_add(d, DIAG_ERROR, path, 0, _("not a valid compiled catalog (.mo); ignored"));
		return -1;
	}
	return 0;
}

struct catalog *
catalog_load(const struct book *b, const char *lang, int need_fuzzy, struct diags *d)
{
	if (!lang || !*lang || strchr(lang, '/') || lang[0] == '.')
		return NULL;
	char *po = catalog_file(b, lang, "po"), *mo = catalog_file(b, lang, "mo");
	struct file_stamp spo, smo;
	int has_po = stamp_of(po, &spo) == 0, has_mo = stamp_of(mo, &smo) == 0;
	struct catalog *c = NULL;
	/* Catalogs are book content: like chapters, never read from outside
	 * the book's folder (a po/lv.po linked to /etc/passwd showed its
	 * lines in the syntax errors).  Non-regular files have no mtime. */
	if (has_po && !book_contains(b, po)) {
		diags_add(d, DIAG_ERROR, po, 0, _("points outside the book's folder; refused"));
		has_po = 0;
	}
	if (has_mo && !book_contains(b, mo)) {
		diags_add(d, DIAG_ERROR, mo, 0, _("points outside the book's folder; refused"));
		has_mo = 0;
	}

	if (has_mo && (!has_po || (stamp_newer_or_same(&smo, &spo) && !need_fuzzy))) {
		c = xcalloc(1, sizeof *c);
		c->path = mo;
		mo = NULL;
		c->stamp = smo;
		if (load_mo(c, c->path, d) < 0) {
			catalog_free(c);
			c = NULL;
		}
	}
	if (!c && has_po) {
		c = xcalloc(1, sizeof *c);
		c->path = po;
		po = NULL;
		c->stamp = spo;
		struct diags pd = {0};
		c->po = po_load(c->path, &pd);
		/* A .po with syntax errors is not applied: a misparsed entry could
		 * put one paragraph's translation under another. */
		if (!c->po || pd.nerrors) {
			c->broken = 1;
		}
		for (size_t i = 0; i < pd.n; i++)
			diags_add(d, pd.v[i].level, pd.v[i].file, pd.v[i].line, "%s", pd.v[i].message);
		diags_free(&pd);
		if (c->broken) {
			diags_add(d, DIAG_WARNING, c->path, 0, _("this catalog has errors; showing the original text"));
			po_free(c->po);
			c->po = NULL;
		}
	}
	if (c)
		c->lang = xstrdup(lang);
	free(po);
	free(mo);
	return c;
}

void
catalog_free(struct catalog *c)
{
	if (!c)
		return;
	po_free(c->po);
	for (size_t i = 0; i < c->mo_n; i++) {
		free(c->mo_ids[i]);
		free(c->mo_strs[i]);
	}
	free(c->mo_ids);
	free(c->mo_strs);
	free(c->lang);
	free(c->path);
	free(c);
}

int
catalog_changed(const struct catalog *c)
{
	struct file_stamp now;
	if (!c)
		return 0;
	stamp_of(c->path, &now);
	return now.mtime.tv_sec != c->stamp.mtime.tv_sec || now.mtime.tv_nsec != c->stamp.mtime.tv_nsec ||
	    now.size != c->stamp.size || now.ino != c->stamp.ino;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
catalog_languages(const struct book *b, size_t *n)
{
	char **v = NULL;
	size_t cap = 0;
	*n = 0;
	char *dir = xasprintf("%s/po", b->root);
	DIR *dh = opendir(dir);
	struct dirent *e;
	while (dh && (e = readdir(dh))) {
		size_t l = strlen(e->d_name);
		if (l < 4 || e->d_name[0] == '.' || (strcmp(e->d_name + l - 3, ".po") && strcmp(e->d_name + l - 3, ".mo")))
			continue;
		char *lang = xstrndup(e->d_name, l - 3);
		int dup = 0;
		for (size_t i = 0; i < *n; i++)
			if (!strcmp(v[i], lang))
				dup = 1;
		if (dup) {
			free(lang);
			continue;
		}
		v = xgrow(v, &cap, *n + 1, sizeof *v);
		v[(*n)++] = lang;
	}
	if (dh)
		closedir(dh);
	free(dir);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_str);
	return v;
}

const char *
catalog_draft(const struct catalog *c, const char *msgid)
{
	if (!c || !c->po || !msgid || !*msgid)
		return NULL;
	const struct po_entry *e = po_find(c->po, NULL, msgid);
	return e && !e->obsolete && e->fuzzy && e->nmsgstr && e->msgstr[0][0] ? e->msgstr[0] : NULL;
}

const char *
catalog_lookup(const struct catalog *c, const char *msgid, int *fuzzy)
{
	if (fuzzy)
		*fuzzy = 0;
	if (!c || !msgid || !*msgid)
		return NULL;
	if (c->po) {
		const struct po_entry *e = po_find(c->po, NULL, msgid);
		if (!e || e->obsolete)
			return NULL;
		if (e->fuzzy && e->nmsgstr && e->msgstr[0][0]) {
			if (fuzzy)
				*fuzzy = 1;
			return NULL;
		}
		return po_translation(c->po, msgid);
	}
	if (c->mo_n) {
		const char *key = msgid;
		char **hit = bsearch(&key, c->mo_ids, c->mo_n, sizeof *c->mo_ids, cmp_str);
		if (hit && c->mo_strs[hit - c->mo_ids][0])
			return c->mo_strs[hit - c->mo_ids];
	}
	return NULL;
}

/* ---- translating a tree --------------------------------------------------- */

/* The footnote label of a reference node ("[^a]"), caller frees. */
static char *
footref_label(cmark_node *n)
{
	char *cm = cmark_render_commonmark(n, CMARK_OPT_DEFAULT, 0);
	size_t l = strlen(cm);
	while (l && (cm[l - 1] == '\n' || cm[l - 1] == ' '))
		cm[--l] = '\0';
	return cm;
}

static void
collect_footrefs(cmark_node *n, cmark_node ***v, size_t *cnt, size_t *cap)
{
	cmark_iter *it = cmark_iter_new(n);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *c = cmark_iter_get_node(it);
		if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(c) == CMARK_NODE_FOOTNOTE_REFERENCE) {
			*v = xgrow(*v, cap, *cnt + 1, sizeof **v);
			(*v)[(*cnt)++] = c;
		}
	}
	cmark_iter_free(it);
}

/* cmark's inline literals may borrow the bytes of the paragraph they were
 * parsed in.  Nodes moved out of a tree that is then freed must own theirs. */
static void
own_literals(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		const char *lit = cmark_node_get_literal(n);
		if (lit) {
			char *copy = xstrdup(lit);
			cmark_node_set_literal(n, copy);
			free(copy);
		}
		cmark_node_type ty = cmark_node_get_type(n);
		if (ty == CMARK_NODE_LINK || ty == CMARK_NODE_IMAGE) {
			char *u = xstrdup(cmark_node_get_url(n) ? cmark_node_get_url(n) : "");
			char *t = xstrdup(cmark_node_get_title(n) ? cmark_node_get_title(n) : "");
			cmark_node_set_url(n, u);
			cmark_node_set_title(n, t);
			free(u);
			free(t);
		}
	}
	cmark_iter_free(it);
}

/* A message is the inline content of one block, so it is parsed as a
 * paragraph whatever its first characters: "1. Izvērtēšana" in a table
 * cell or "2014. gada novembrī" at the start of a sentence are text, not
 * list items.  A two-byte lead is put in front for the parse and taken off
 * the first text node after it. */
#define MSG_LEAD "w "

static cmark_node *
parse_message(struct buf *src)
{
	cmark_parser *p = md_new_parser();
	cmark_parser_feed(p, MSG_LEAD, 2);
	cmark_parser_feed(p, src->data, src->len);
	cmark_node *doc = cmark_parser_finish(p);
	cmark_parser_free(p);
	cmark_node *first = cmark_node_first_child(doc);
	cmark_node *t = first && cmark_node_get_type(first) == CMARK_NODE_PARAGRAPH ?
	    cmark_node_first_child(first) : NULL;
	const char *lit = t && cmark_node_get_type(t) == CMARK_NODE_TEXT ? cmark_node_get_literal(t) : NULL;
	if (lit && !strncmp(lit, MSG_LEAD, 2)) {
		if (lit[2]) {
			char *rest = xstrdup(lit + 2);
			cmark_node_set_literal(t, rest);
			free(rest);
		} else {
			cmark_node_unlink(t);
			cmark_node_free(t);
		}
	}
	return doc;
}

/* Parse msgstr as the inline content of `unit`; on success replace the
 * unit's inlines and return 0, else leave the unit alone and return -1. */
static int
apply(cmark_node *unit, const char *msgstr)
{
	/* Footnote references only resolve when their definitions exist, so
	 * the unit's labels are defined after the msgstr for the parse. */
	cmark_node **orig = NULL;
	size_t norig = 0, cap = 0;
	collect_footrefs(unit, &orig, &norig, &cap);
	struct buf src = {0};
	buf_adds(&src, msgstr);
	for (size_t i = 0; i < norig; i++) {
		char *lab = footref_label(orig[i]);
		buf_printf(&src, "\n\n%s: x\n", lab);
		free(lab);
	}
	cmark_node *doc = parse_message(&src);
	buf_free(&src);

	int rc = -1;
	cmark_node *para = cmark_node_first_child(doc);
	cmark_node *after = para ? cmark_node_next(para) : NULL;
	/* exactly one paragraph (the helper footnote definitions aside) */
	while (after && cmark_node_get_type(after) == CMARK_NODE_FOOTNOTE_DEFINITION)
		after = cmark_node_next(after);
	if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && !after) {
		cmark_node **mine = NULL;
		size_t nmine = 0, cap2 = 0;
		collect_footrefs(para, &mine, &nmine, &cap2);
		int labels_ok = nmine == norig;
		/* Nothing moves before the msgstr is known to fit: a failed
		 * translation must leave the unit as it was.  (Swapping the
		 * first references and then giving up on a later label lost the
		 * unit's footnote references with the parsed msgstr.) */
		size_t *pair = xcalloc(nmine ? nmine : 1, sizeof *pair);
		char *used = xcalloc(norig ? norig : 1, 1);
		for (size_t i = 0; labels_ok && i < nmine; i++) {
			char *lm = footref_label(mine[i]);
			size_t k;
			for (k = 0; k < norig; k++) {
				if (used[k])
					continue;
				char *lo = footref_label(orig[k]);
				int same = !strcmp(lm, lo);
				free(lo);
				if (same)
					break;
			}
			free(lm);
			if (k == norig) {
				labels_ok = 0;
				break;
			}
			used[k] = 1;
			pair[i] = k;
		}
		/* A table cell holds no line breaks: cmark refuses to append
		 * them, and the refused node leaked (found by fuzz_po). */
		if (labels_ok && !strcmp(cmark_node_get_type_string(unit), "table_cell"))
			for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c))
				if (cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK ||
				    cmark_node_get_type(c) == CMARK_NODE_LINEBREAK)
					labels_ok = 0;
		if (labels_ok) {
			/* Swap each new reference for the original with the same
			 * label, so footnote numbering stays the chapter's. */
			for (size_t i = 0; i < nmine; i++) {
				cmark_node_unlink(orig[pair[i]]);
				cmark_node_replace(mine[i], orig[pair[i]]);
				cmark_node_free(mine[i]);
			}
			own_literals(para);
			cmark_node *c;
			while ((c = cmark_node_first_child(unit))) {
				cmark_node_unlink(c);
				cmark_node_free(c);
			}
			while ((c = cmark_node_first_child(para))) {
				cmark_node_unlink(c);
				if (!cmark_node_append_child(unit, c))
					cmark_node_free(c);	/* never leak what cmark refuses */
			}
			rc = 0;
		}
		free(pair);
		free(used);
		free(mine);
	}
	free(orig);
	cmark_node_free(doc);
	return rc;
}

static void
free_note(cmark_mem *mem, void *p)
{
	struct unit_note *note = p;
	(void)mem;
	if (note) {
		free(note->source_text);
		free(note);
	}
}

static void
set_note(cmark_node *n, enum unit_state state, const char *source_text)
{
	struct unit_note *note = xcalloc(1, sizeof *note);
	note->state = (int)state;
	note->source_text = source_text && state == UNIT_TRANSLATED ? xstrdup(source_text) : NULL;
	cmark_node_set_user_data(n, note);
	cmark_node_set_user_data_free_func(n, free_note);
}

void
l10n_translate(void *root, const struct catalog *c, unsigned flags, struct l10n_stats *st,
    struct diags *d)
{
	struct msg_units u = {0};
	msgid_units(root, &u);
	for (size_t i = 0; i < u.n; i++) {
		struct msg_unit *m = &u.v[i];
		enum unit_state state;
		char *heading_text = NULL;
		if (cmark_node_get_type(m->node) == CMARK_NODE_HEADING) {
			struct buf h = {0};
			md_plain_text(m->node, &h);
			heading_text = buf_detach(&h);
		}
		if (m->skip) {
			state = UNIT_SKIPPED;
		} else {
			int fuzzy = 0;
			const char *t = catalog_lookup(c, m->msgid, &fuzzy);
			if (st)
				st->total++;
			if (t && apply(m->node, t) == 0) {
				state = UNIT_TRANSLATED;
				if (st)
					st->translated++;
			} else if (t) {
				state = UNIT_INVALID;
				if (st)
					st->invalid++;
				if (d) {
					const struct po_entry *e = c && c->po ? po_find(c->po, NULL, m->msgid) : NULL;
					diags_add(d, DIAG_WARNING, c->path, e ? e->line : 0,
					    _("translation is not one block of the same kind; the original is shown"));
				}
			} else if (fuzzy) {
				const char *draft = flags & L10N_DRAFTS ? catalog_draft(c, m->msgid) : NULL;
				state = draft && apply(m->node, draft) == 0 ? UNIT_DRAFT : UNIT_FUZZY;
				if (st)
					st->fuzzy++;
			} else {
				state = UNIT_UNTRANSLATED;
				if (st)
					st->untranslated++;
			}
		}
		set_note(m->node, state, heading_text);
		free(heading_text);
	}
	msg_units_free(&u);
}

/* ---- titles ---------------------------------------------------------------- */

static char *
translate_title(const char *msgid, const struct catalog *c)
{
	if (!msgid || !c)
		return NULL;
	const char *t = catalog_lookup(c, msgid, NULL);
	if (!t) {
		/* mdbook-gettext also adds the formatting-free form */
		char *plain = msgid_plain(msgid);
		t = catalog_lookup(c, plain, NULL);
		free(plain);
		if (!t)
			return NULL;
		return xstrdup(t);
	}
	return msgid_plain(t);
}

void
l10n_titles(struct book *b, const struct catalog *c)
{
	for (size_t i = 0; i < b->nchapters; i++) {
		free(b->chapters[i].title_tr);
		b->chapters[i].title_tr = translate_title(b->chapters[i].title_msgid, c);
	}
	for (size_t i = 0; i < b->nparts; i++) {
		free(b->parts[i].title_tr);
		b->parts[i].title_tr = translate_title(b->parts[i].title_msgid, c);
	}
	free(b->title_tr);
	b->title_tr = b->title_given ? translate_title(b->title, c) : NULL;
}

/* ---- xgettext -------------------------------------------------------------- */

struct pot_entry {
	char	*msgid;
	char	*comment;
	char	**refs;
	size_t	 nrefs, refs_cap;
};

struct pot {
	struct pot_entry *v;
	size_t		  n, cap;
	size_t		 *slots;	/* index + 1 */
	size_t		  nslots;
};

static void
pot_rehash(struct pot *p)
{
	free(p->slots);
	p->nslots = p->nslots ? p->nslots * 2 : 256;
	p->slots = xcalloc(p->nslots, sizeof *p->slots);
	for (size_t i = 0; i < p->n; i++) {
		size_t h = str_hash(p->v[i].msgid) & (p->nslots - 1);
		while (p->slots[h])
			h = (h + 1) & (p->nslots - 1);
		p->slots[h] = i + 1;
	}
}

static void
pot_add(struct pot *p, const char *msgid, const char *comment, const char *ref)
{
	if ((p->n + 1) * 2 > p->nslots)
		pot_rehash(p);
	size_t h = str_hash(msgid) & (p->nslots - 1);
	while (p->slots[h] && strcmp(p->v[p->slots[h] - 1].msgid, msgid))
		h = (h + 1) & (p->nslots - 1);
	struct pot_entry *e;
	if (p->slots[h]) {
		e = &p->v[p->slots[h] - 1];
	} else {
		p->v = xgrow(p->v, &p->cap, p->n + 1, sizeof *p->v);
		e = &p->v[p->n];
		memset(e, 0, sizeof *e);
		e->msgid = xstrdup(msgid);
		p->slots[h] = ++p->n;
	}
	if (comment && !e->comment)
		e->comment = xstrdup(comment);
	for (size_t i = 0; i < e->nrefs; i++)
		if (!strcmp(e->refs[i], ref))
			return;
	e->refs = xgrow(e->refs, &e->refs_cap, e->nrefs + 1, sizeof *e->refs);
	e->refs[e->nrefs++] = xstrdup(ref);
}

static char *
book_rel(const struct book *b, const char *path)
{
	return *b->src_rel ? xasprintf("%s/%s", b->src_rel, path) : xstrdup(path);
}

void
l10n_xgettext(struct book *b, struct buf *out, struct diags *d)
{
	struct pot p = {0};
	/* The title from book.toml comes first (mdbook-xgettext leaves it
	 * out; the reader shows it at the top of every screen). */
	if (b->title_given && *b->title)
		pot_add(&p, b->title, "The book's title (book.toml).", "book.toml");
	char *summary = book_rel(b, "SUMMARY.md");
	size_t part = 0;
	for (size_t i = 0; i < b->nchapters; i++) {
		for (; part < b->nparts && b->parts[part].first <= i; part++)
			if (b->parts[part].title_msgid && *b->parts[part].title_msgid)
				pot_add(&p, b->parts[part].title_msgid, NULL, summary);
		if (b->chapters[i].title_msgid && *b->chapters[i].title_msgid)
			pot_add(&p, b->chapters[i].title_msgid, NULL, summary);
	}
	for (; part < b->nparts; part++)
		if (b->parts[part].title_msgid && *b->parts[part].title_msgid)
			pot_add(&p, b->parts[part].title_msgid, NULL, summary);
	free(summary);

	for (size_t i = 0; i < b->nchapters; i++) {
		if (!b->chapters[i].path)
			continue;
		size_t len;
		const char *src = book_chapter_source(b, i, &len, d);
		if (!src)
			continue;
		struct mdtree *t = md_parse(src, len);
		struct msg_units u = {0};
		msgid_units(md_root(t), &u);
		char *ref = book_rel(b, b->chapters[i].path);
		for (size_t k = 0; k < u.n; k++)
			if (!u.v[k].skip)
				pot_add(&p, u.v[k].msgid, u.v[k].comment, ref);
		free(ref);
		msg_units_free(&u);
		md_free(t);
		book_chapter_unload(b, i);
	}

	char date[64];
	time_t now = time(NULL);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde)
		now = (time_t)strtoll(sde, NULL, 10);
	strftime(date, sizeof date, "%Y-%m-%d %H:%M+0000", gmtime(&now));
	po_write_header(out, b->title, b->language, date);
	for (size_t i = 0; i < p.n; i++) {
		po_write_entry(out, p.v[i].comment, (const char *const *)p.v[i].refs, p.v[i].nrefs, p.v[i].msgid);
		free(p.v[i].msgid);
		free(p.v[i].comment);
		for (size_t k = 0; k < p.v[i].nrefs; k++)
			free(p.v[i].refs[k]);
		free(p.v[i].refs);
	}
	free(p.v);
	free(p.slots);
}

void
l10n_chapter_stats(struct book *b, size_t chapter, const struct catalog *c,
    struct l10n_stats *st, struct diags *d)
{
	size_t len;
	const char *src = book_chapter_source(b, chapter, &len, d);
	if (!src)
		return;
	struct mdtree *t = md_parse(src, len);
	l10n_translate(md_root(t), c, 0, st, NULL);
	md_free(t);
}

char *
l10n_msgid_at(struct book *b, size_t i, int line, struct diags *d)
{
	size_t len;
	const char *src = book_chapter_source(b, i, &len, d);
	if (!src)
		return NULL;
	struct mdtree *t = md_parse(src, len);
	struct msg_units u = {0};
	msgid_units(md_root(t), &u);
	const struct msg_unit *pick = NULL;
	for (size_t k = 0; k < u.n; k++) {
		const struct msg_unit *m = &u.v[k];
		if (m->skip || m->line > line)
			continue;
		/* the first unit on the line itself (a table's first cell),
		 * else the last one above */
		if (m->line == line) {
			if (!pick || pick->line != line)
				pick = m;
		} else if (!pick || pick->line != line) {
			pick = m;
		}
	}
	char *msgid = pick ? xstrdup(pick->msgid) : NULL;
	msg_units_free(&u);
	md_free(t);
	return msgid;
}

struct mdtree *
l10n_parse_chapter(struct book *b, size_t i, const struct catalog *c,
    unsigned flags, struct l10n_stats *st, struct diags *d)
{
	size_t len;
	const char *src = book_chapter_source(b, i, &len, d);
	if (!src)
		return NULL;
	struct mdtree *t = md_parse(src, len);
	if (c)
		l10n_translate(md_root(t), c, flags, st, d);
	return t;
}

/* ---- Markdown consistency of translations ------------------------------ */

/* What a translation must keep of its msgid's Markdown. */
struct fingerprint {
	int		 kind;		/* cmark type of the single block, or -1 */
	size_t		 emph, strong, strike, hardbreaks;
	char		**items;	/* "code:x", "link:url", "img:url", "fn:[^a]", "html:<b>" */
	size_t		 nitems, cap;
	int		 unsafe;	/* a control character */
};

static void
fp_item(struct fingerprint *f, const char *kind, const char *v)
{
	f->items = xgrow(f->items, &f->cap, f->nitems + 1, sizeof *f->items);
	f->items[f->nitems++] = xasprintf("%s %s", kind, v ? v : "");
}

/* Define every [^label] found in s so that references parse as such. */
static void
add_footnote_defs(struct buf *src, const char *s)
{
	for (const char *p = strstr(s, "[^"); p; p = strstr(p + 2, "[^")) {
		const char *e = strchr(p, ']');
		if (!e || memchr(p, '\n', (size_t)(e - p)) || e - p > 64)
			continue;
		buf_adds(src, "\n\n");
		buf_add(src, p, (size_t)(e - p) + 1);
		buf_adds(src, ": x\n");
	}
}

static void
fingerprint(const char *md, struct fingerprint *f)
{
	memset(f, 0, sizeof *f);
	struct buf src = {0};
	buf_adds(&src, md);
	add_footnote_defs(&src, md);
	cmark_node *doc = parse_message(&src);
	buf_free(&src);

	cmark_node *first = cmark_node_first_child(doc), *rest = first ? cmark_node_next(first) : NULL;
	while (rest && cmark_node_get_type(rest) == CMARK_NODE_FOOTNOTE_DEFINITION)
		rest = cmark_node_next(rest);
	f->kind = first && !rest ? (int)cmark_node_get_type(first) : -1;
	for (const unsigned char *q = (const unsigned char *)md; *q; q++)
		if ((*q < 0x20 && *q != '\n' && *q != '\t') || *q == 0x7f ||
		    (*q == 0xc2 && q[1] >= 0x80 && q[1] <= 0x9f))
			f->unsafe = 1;

	cmark_iter *it = cmark_iter_new(first ? first : doc);
	cmark_event_type ev;
	while (first && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_CODE: fp_item(f, "code", cmark_node_get_literal(n)); break;
		case CMARK_NODE_LINK: fp_item(f, "link", cmark_node_get_url(n)); break;
		case CMARK_NODE_IMAGE: fp_item(f, "image", cmark_node_get_url(n)); break;
		case CMARK_NODE_HTML_INLINE: fp_item(f, "html", cmark_node_get_literal(n)); break;
		case CMARK_NODE_FOOTNOTE_REFERENCE: {
			char *lab = footref_label(n);
			fp_item(f, "footnote", lab);
			free(lab);
			break;
		}
		case CMARK_NODE_EMPH: f->emph++; break;
		case CMARK_NODE_STRONG: f->strong++; break;
		case CMARK_NODE_LINEBREAK: f->hardbreaks++; break;
		default:
			if (!strcmp(cmark_node_get_type_string(n), "strikethrough"))
				f->strike++;
			break;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(doc);
	if (f->nitems)
		qsort(f->items, f->nitems, sizeof *f->items, cmp_str);
}

static void
fp_free(struct fingerprint *f)
{
	for (size_t i = 0; i < f->nitems; i++)
		free(f->items[i]);
	free(f->items);
}

/* "code x" -> "the code span `x`" for messages; caller frees. */
static char *
fp_describe(const char *item)
{
	const char *v = strchr(item, ' ') + 1;
	if (!strncmp(item, "code ", 5))
		return xasprintf(_("the code span `%s`"), v);
	if (!strncmp(item, "link ", 5))
		return xasprintf(_("a link to '%s'"), v);
	if (!strncmp(item, "image ", 6))
		return xasprintf(_("an image '%s'"), v);
	if (!strncmp(item, "footnote ", 9))
		return xasprintf(_("the footnote reference %s"), v);
	return xasprintf(_("the HTML %s"), v);
}

/* Describe the first difference between two fingerprints, or NULL. */
static char *
fp_diff(const struct fingerprint *id, const struct fingerprint *str)
{
	if (str->unsafe)
		return xstrdup(_("the translation contains control characters"));
	if (str->kind != id->kind)
		return xstrdup(_("the translation is not one block of the same kind (a stray blank line or block marker?)"));
	size_t i = 0, k = 0;
	while (i < id->nitems || k < str->nitems) {
		int c = i >= id->nitems ? 1 : k >= str->nitems ? -1 : strcmp(id->items[i], str->items[k]);
		if (c != 0) {
			char *what = fp_describe(c < 0 ? id->items[i] : str->items[k]);
			char *m = c < 0 ? xasprintf(_("the translation lost %s"), what) :
			    xasprintf(_("the translation adds %s"), what);
			free(what);
			return m;
		}
		i++;
		k++;
	}
	if (id->emph != str->emph)
		return xasprintf(_("emphasis: %zu in the original, %zu in the translation"), id->emph, str->emph);
	if (id->strong != str->strong)
		return xasprintf(_("strong emphasis: %zu in the original, %zu in the translation"), id->strong, str->strong);
	if (id->strike != str->strike)
		return xasprintf(_("strikethrough: %zu in the original, %zu in the translation"), id->strike, str->strike);
	if (id->hardbreaks != str->hardbreaks)
		return xasprintf(_("hard line breaks: %zu in the original, %zu in the translation"), id->hardbreaks, str->hardbreaks);
	return NULL;
}

size_t
l10n_check_po(const char *path, struct diags *d)
{
	struct diags pd = {0};
	struct po_file *pf = po_load(path, &pd);
	size_t problems = pd.nerrors;
	for (size_t i = 0; i < pd.n; i++)
		diags_add(d, pd.v[i].level, pd.v[i].file, pd.v[i].line, "%s", pd.v[i].message);
	diags_free(&pd);
	if (!pf)
		return problems ? problems : 1;
	for (size_t i = 0; i < pf->nentries; i++) {
		const struct po_entry *e = &pf->entries[i];
		/* Fuzzy entries are never shown, so they cannot lose markup. */
		if (e == pf->header || e->obsolete || e->fuzzy || !*e->msgid)
			continue;
		for (size_t s = 0; s < e->nmsgstr; s++) {
			if (!e->msgstr[s][0])
				continue;
			struct fingerprint a, b;
			fingerprint(e->msgid, &a);
			fingerprint(e->msgstr[s], &b);
			char *why = fp_diff(&a, &b);
			if (why) {
				diags_add(d, DIAG_ERROR, path, e->line, "%s", why);
				problems++;
				free(why);
			}
			fp_free(&a);
			fp_free(&b);
		}
	}
	po_free(pf);
	return problems;
}
