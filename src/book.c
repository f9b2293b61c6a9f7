/* book.c — see book.h. */
#include <config.h>

#include "book.h"
#include "fold.h"
#include "i18n.h"
#include "msgid.h"
#include "render.h"
#include "text.h"

#include <cmark-gfm.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#define MAX_INCLUDE_DEPTH	10
/* Includes expanded per chapter, and the size of the expanded text: ten
 * files that each include the next ten times would otherwise expand to
 * 10^10 copies ("billion laughs"). */
#define MAX_INCLUDES		10000
#define MAX_EXPANDED		BOOK_MAX_FILE
#define MAX_SUMMARY_DEPTH	32

/* ---- paths ------------------------------------------------------------- */

static int
is_file(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static char *
path_join(const char *a, const char *b)
{
	if (!a || !*a)
		return xstrdup(b);
	size_t la = strlen(a);
	return xasprintf("%s%s%s", a, a[la - 1] == '/' ? "" : "/", b);
}

/* Normalise a relative path: drop "." and empty parts, apply "..".
 * NULL when it is absolute or climbs above its start. */
static char *
path_normalize(const char *rel)
{
	if (!rel || rel[0] == '/')
		return NULL;
	struct buf out = {0};
	size_t *stack = NULL, depth = 0, cap = 0;
	const char *p = rel;
	while (*p) {
		const char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (depth == 0) {
				free(stack);
				buf_free(&out);
				return NULL;
			}
			out.len = stack[--depth];
			out.data[out.len] = '\0';
		} else {
			stack = xgrow(stack, &cap, depth + 1, sizeof *stack);
			stack[depth++] = out.len;
			if (out.len)
				buf_addc(&out, '/');
			buf_add(&out, p, n);
		}
		p = e ? e + 1 : p + n;
	}
	free(stack);
	if (!out.len) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

/* Is canonical path `p` inside canonical folder `root`? */
static int
path_inside(const char *p, const char *root)
{
	size_t n = strlen(root);
	return strncmp(p, root, n) == 0 && (p[n] == '/' || (n == 1 && root[0] == '/'));
}

static char *
dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? xstrndup(path, (size_t)(s - path)) : xstrdup("");
}

/* Decode %XX escapes (mdBook turns %20 into a space). */
static char *
percent_decode(const char *s, size_t n)
{
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n + 0 + 1 && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) && isxdigit((unsigned char)s[i + 2])) {
			char h[3] = { s[i + 1], s[i + 2], 0 };
			buf_addc(&b, (char)strtol(h, NULL, 16));
			i += 2;
		} else {
			buf_addc(&b, s[i]);
		}
	}
	return buf_detach(&b);
}

static int
has_scheme(const char *url)
{
	const char *p = url;
	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

/* The quick way to read `norm` (relative to the root): its folder's
 * canonical path from the cache, and the file opened without following a
 * final symbolic link.  Returns 0 with the file read and *canon set; -1
 * for anything else (a symbolic link, a missing file, a folder outside the
 * book, ...), which the caller then examines the slow way. */
static int
read_in_known_dir(struct book *b, const char *norm, struct buf *out, char **canon)
{
	const char *slash = strrchr(norm, '/');
	size_t dl = slash ? (size_t)(slash - norm) : 0;
	const char *base = slash ? slash + 1 : norm;
	if (!*base)
		return -1;
	if (!b->dir_key || strlen(b->dir_key) != dl || strncmp(b->dir_key, norm, dl)) {
		free(b->dir_key);
		free(b->dir_canon);
		b->dir_key = xstrndup(norm, dl);
		char *dir = path_join(b->root, b->dir_key);
		b->dir_canon = realpath(dir, NULL);
		free(dir);
		if (b->dir_canon && strcmp(b->dir_canon, b->root) && !path_inside(b->dir_canon, b->root)) {
			free(b->dir_canon);
			b->dir_canon = NULL;
		}
	}
	if (!b->dir_canon)
		return -1;
	char *path = path_join(b->dir_canon, base);
	if (read_file_flags(path, BOOK_MAX_FILE, out, O_NOFOLLOW) != 0) {
		free(path);
		return -1;
	}
	*canon = path;
	return 0;
}

/* Read `rel` (relative to the book's src) as a confined file.  Returns 0 or
 * sets a diagnostic naming `shown` and returns -1. */
static int
read_confined(struct book *b, const char *base_dir, const char *rel, struct buf *out,
    char **canon_out, const char *shown, int line, struct diags *d)
{
	char *norm = NULL, *full = NULL, *canon = NULL;
	int rc = -1;

	if (rel[0] == '/') {
		diags_add(d, DIAG_ERROR, shown, line, _("'%s' is an absolute path; only files inside the book are read"), rel);
		return -1;
	}
	/* Paths are resolved relative to the book's root, so an include may
	 * reach a sibling of src/ (mdBook's "../listings/x.rs") but never
	 * climb above the book. */
	char *in_src = path_join(b->src_rel, base_dir);
	char *joined = path_join(in_src, rel);
	norm = path_normalize(joined);
	free(in_src);
	free(joined);
	if (!norm) {
		diags_add(d, DIAG_ERROR, shown, line, _("'%s' leaves the book's folder; refused"), rel);
		return -1;
	}
	if (read_in_known_dir(b, norm, out, &canon) == 0)
		goto read;
	full = path_join(b->root, norm);
	canon = realpath(full, NULL);
	if (!canon) {
		diags_add(d, DIAG_ERROR, shown, line, _("cannot read '%s': %s"), rel, strerror(errno));
		goto done;
	}
	if (!path_inside(canon, b->root)) {
		diags_add(d, DIAG_ERROR, shown, line, _("'%s' points outside the book's folder; refused"), rel);
		goto done;
	}
	int e = read_file(canon, BOOK_MAX_FILE, out);
	if (e == EINVAL) {
		diags_add(d, DIAG_ERROR, shown, line, _("'%s' is not a regular file; refused"), rel);
		goto done;
	}
	if (e == EFBIG) {
		diags_add(d, DIAG_ERROR, shown, line, _("'%s' is larger than %u MiB; refused"), rel, BOOK_MAX_FILE >> 20);
		goto done;
	}
	if (e) {
		diags_add(d, DIAG_ERROR, shown, line, _("cannot read '%s': %s"), rel, strerror(e));
		goto done;
	}
read:
	rc = 0;
	if (canon_out) {
		*canon_out = canon;
		canon = NULL;
	}
done:
	free(norm);
	free(full);
	free(canon);
	return rc;
}

/* ---- book.toml (the few keys we use) ----------------------------------- */

static char *
toml_string(const char *v, const char *file, int line, struct diags *d)
{
	while (*v == ' ' || *v == '\t')
		v++;
	char q = *v;
	if (q != '"' && q != '\'') {
		diags_add(d, DIAG_WARNING, file, line, _("expected a quoted string"));
		return NULL;
	}
	struct buf b = {0};
	for (v++; *v && *v != q; v++) {
		if (q == '"' && *v == '\\' && v[1]) {
			v++;
			switch (*v) {
			case 'n': buf_addc(&b, '\n'); break;
			case 't': buf_addc(&b, '\t'); break;
			case 'u': case 'U': {
				int n = *v == 'u' ? 4 : 8;
				char h[9] = {0};
				int k;
				for (k = 0; k < n && isxdigit((unsigned char)v[1 + k]); k++)
					h[k] = v[1 + k];
				if (k == n) {
					text_encode(&b, (int32_t)strtol(h, NULL, 16));
					v += n;
				}
				break;
			}
			default: buf_addc(&b, *v); break;
			}
		} else {
			buf_addc(&b, *v);
		}
	}
	if (*v != q) {
		diags_add(d, DIAG_WARNING, file, line, _("unterminated string"));
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

static void
read_book_toml(struct book *b, const char *path, const char *shown, struct diags *d,
    char **src_out)
{
	struct buf t = {0};
	int e = read_file(path, 1u << 20, &t);
	if (e) {
		diags_add(d, DIAG_WARNING, shown, 0, _("cannot read: %s"), strerror(e));
		buf_free(&t);
		return;
	}
	char section[64] = "";
	int line = 0;
	char *p = t.data;
	/* Editors on Windows start files with a byte order mark: it must
	 * not hide the "[book]" header. */
	if (p && t.len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p && *p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		line++;
		char *s = p;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t n = strlen(s);
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			s[--n] = '\0';
		if (*s == '[') {
			char *e2 = strchr(s, ']');
			if (!e2)
				diags_add(d, DIAG_WARNING, shown, line, _("malformed table header"));
			else
				snprintf(section, sizeof section, "%.*s", (int)(e2 - s - 1), s + 1);
		} else if (*s && *s != '#' && !strcmp(section, "book")) {
			char *eq = strchr(s, '=');
			if (eq) {
				char *k = s, *ke = eq;
				while (ke > k && (ke[-1] == ' ' || ke[-1] == '\t'))
					ke--;
				*ke = '\0';
				char **dst = !strcmp(k, "title") ? &b->title :
				    !strcmp(k, "language") ? &b->language :
				    !strcmp(k, "src") ? src_out : NULL;
				if (dst) {
					char *v = toml_string(eq + 1, shown, line, d);
					if (v) {
						free(*dst);
						*dst = v;
					}
				}
			}
		}
		p = nl ? nl + 1 : NULL;
	}
	buf_free(&t);
}

/* ---- SUMMARY.md --------------------------------------------------------- */

struct summary_state {
	struct book	*b;
	struct diags	*d;
	const char	*file;
	int		 seen_list;
	int		 seen_suffix;
	int		 cur_part;
	int		 top_number;
	/* chapter paths seen so far (index + 1; 0 = empty), for duplicates:
	 * a hash, so a SUMMARY of thousands of chapters stays linear */
	size_t		*seen;
	size_t		 nseen_slots;
};

/* Index of an earlier chapter with this path, or -1; records it if new. */
static long
seen_path(struct summary_state *st, const char *path, size_t index)
{
	struct book *b = st->b;
	if ((index + 1) * 2 > st->nseen_slots) {
		size_t n = st->nseen_slots ? st->nseen_slots * 2 : 64;
		size_t *v = xcalloc(n, sizeof *v);
		for (size_t i = 0; i < st->nseen_slots; i++) {
			if (!st->seen[i])
				continue;
			size_t h = str_hash(b->chapters[st->seen[i] - 1].path) & (n - 1);
			while (v[h])
				h = (h + 1) & (n - 1);
			v[h] = st->seen[i];
		}
		free(st->seen);
		st->seen = v;
		st->nseen_slots = n;
	}
	size_t h = str_hash(path) & (st->nseen_slots - 1);
	while (st->seen[h]) {
		if (!strcmp(b->chapters[st->seen[h] - 1].path, path))
			return (long)(st->seen[h] - 1);
		h = (h + 1) & (st->nseen_slots - 1);
	}
	st->seen[h] = index + 1;
	return -1;
}

/* The plain text of a SUMMARY link or part title (render.c's rule, so a
 * chapter title and its heading give the same text). */
static void
plain_text(cmark_node *n, struct buf *out)
{
	md_plain_text(n, out);
}

static size_t
add_chapter(struct summary_state *st, cmark_node *link, enum chapter_kind kind,
    const char *number, int depth)
{
	struct book *b = st->b;
	b->chapters = xgrow(b->chapters, &b->chapters_cap, b->nchapters + 1, sizeof *b->chapters);
	struct chapter *c = &b->chapters[b->nchapters];
	memset(c, 0, sizeof *c);
	struct buf t = {0};
	plain_text(link, &t);
	c->title = buf_detach(&t);
	msgid_inlines(link, &t);
	c->title_msgid = buf_detach(&t);
	c->kind = kind;
	c->number = number ? xstrdup(number) : NULL;
	c->depth = depth;
	c->part = st->cur_part;
	c->summary_line = cmark_node_get_start_line(link);
	const char *url = cmark_node_get_url(link);
	if (url && *url) {
		const char *hash = strchr(url, '#');
		size_t n = hash ? (size_t)(hash - url) : strlen(url);
		char *dec = percent_decode(url, n);
		if (has_scheme(dec) || dec[0] == '/') {
			diags_add(st->d, DIAG_ERROR, st->file, c->summary_line,
			    _("chapter '%s' links to '%s', which is not a file inside the book"), c->title, url);
		} else {
			char *norm = path_normalize(dec);
			if (!norm)
				diags_add(st->d, DIAG_ERROR, st->file, c->summary_line,
				    _("chapter '%s': '%s' leaves the book's folder; refused"), c->title, url);
			c->path = norm;
			long first = norm ? seen_path(st, norm, b->nchapters) : -1;
			if (first >= 0)
				diags_add(st->d, DIAG_ERROR, st->file, c->summary_line,
				    _("duplicate file in SUMMARY.md: '%s' (first at line %d)"), norm,
				    b->chapters[first].summary_line);
		}
		free(dec);
	}
	return b->nchapters++;
}

static cmark_node *
first_link(cmark_node *n)
{
	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		if (cmark_node_get_type(c) == CMARK_NODE_LINK)
			return c;
	return NULL;
}

static void
summary_list(struct summary_state *st, cmark_node *list, const char *prefix, int depth)
{
	int k = 0;
	if (depth >= MAX_SUMMARY_DEPTH) {
		diags_add(st->d, DIAG_ERROR, st->file, cmark_node_get_start_line(list),
		    _("chapters nested more than %d levels deep; the rest is ignored"), MAX_SUMMARY_DEPTH);
		return;
	}
	for (cmark_node *item = cmark_node_first_child(list); item; item = cmark_node_next(item)) {
		cmark_node *para = cmark_node_first_child(item);
		cmark_node *link = para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH ? first_link(para) : NULL;
		char number[256];
		if (depth == 0)
			snprintf(number, sizeof number, "%d", ++st->top_number);
		else
			snprintf(number, sizeof number, "%s.%d", prefix, ++k);
		if (!link) {
			diags_add(st->d, DIAG_ERROR, st->file, cmark_node_get_start_line(item),
			    _("a chapter list item must contain a link to the chapter"));
			if (depth == 0)
				st->top_number--;
			else
				k--;
			continue;
		}
		add_chapter(st, link, CHAPTER_NUMBERED, number, depth);
		for (cmark_node *c = para ? cmark_node_next(para) : NULL; c; c = cmark_node_next(c))
			if (cmark_node_get_type(c) == CMARK_NODE_LIST)
				summary_list(st, c, number, depth + 1);
	}
}

static int
is_comment_block(cmark_node *n)
{
	const char *l = cmark_node_get_literal(n);
	while (l && (*l == ' ' || *l == '\n'))
		l++;
	return l && strncmp(l, "<!--", 4) == 0;
}

static void
parse_summary(struct book *b, const char *md, size_t len, const char *shown, struct diags *d)
{
	struct summary_state st = { .b = b, .d = d, .file = shown, .cur_part = -1 };
	struct mdtree *t = md_parse(md, len);
	cmark_node *root = md_root(t);
	int first = 1;
	size_t parts_cap = 0;

	for (cmark_node *n = cmark_node_first_child(root); n; n = cmark_node_next(n)) {
		cmark_node_type ty = cmark_node_get_type(n);
		if (ty == CMARK_NODE_HTML_BLOCK && is_comment_block(n))
			continue;
		if (ty == CMARK_NODE_HEADING) {
			if (cmark_node_get_heading_level(n) == 1) {
				if (first && b->nchapters == 0) {
					first = 0;	/* the optional "# Summary" title */
					continue;
				}
				struct buf t2 = {0};
				plain_text(n, &t2);
				b->parts = xgrow(b->parts, &parts_cap, b->nparts + 1, sizeof *b->parts);
				b->parts[b->nparts].title = buf_detach(&t2);
				msgid_inlines(n, &t2);
				b->parts[b->nparts].title_msgid = buf_detach(&t2);
				b->parts[b->nparts].title_tr = NULL;
				b->parts[b->nparts].first = b->nchapters;
				b->parts[b->nparts].summary_line = cmark_node_get_start_line(n);
				st.cur_part = (int)b->nparts++;
			}
			first = 0;
			continue;
		}
		first = 0;
		if (ty == CMARK_NODE_THEMATIC_BREAK)
			continue;
		if (ty == CMARK_NODE_PARAGRAPH) {
			int any = 0;
			for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
				if (cmark_node_get_type(c) != CMARK_NODE_LINK)
					continue;
				any = 1;
				if (st.seen_list)
					st.seen_suffix = 1;
				add_chapter(&st, c, st.seen_list ? CHAPTER_SUFFIX : CHAPTER_PREFIX, NULL, 0);
			}
			if (!any)
				diags_add(d, DIAG_WARNING, shown, cmark_node_get_start_line(n),
				    _("text without a chapter link is ignored"));
			continue;
		}
		if (ty == CMARK_NODE_LIST) {
			if (st.seen_suffix) {
				diags_add(d, DIAG_ERROR, shown, cmark_node_get_start_line(n),
				    _("suffix chapters cannot be followed by a list"));
			}
			st.seen_list = 1;
			summary_list(&st, n, "", 0);
			continue;
		}
		diags_add(d, DIAG_WARNING, shown, cmark_node_get_start_line(n),
		    _("unexpected content in SUMMARY.md is ignored"));
	}
	md_free(t);
	free(st.seen);
}

/* ---- folders and single files ------------------------------------------- */

/* The first ATX heading's text, for a chapter without a SUMMARY entry. */
static char *
first_heading(const char *path)
{
	struct buf t = {0};
	char *title = NULL;
	if (read_file(path, BOOK_MAX_FILE, &t) == 0 && t.data) {
		const char *p = t.data;
		if (t.len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
			p += 3;	/* byte order mark */
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			if (n > 2 && p[0] == '#' && p[1] == ' ') {
				size_t k = n;
				while (k > 2 && (p[k - 1] == '\r' || p[k - 1] == ' ' || p[k - 1] == '#'))
					k--;
				k = 2 + msgid_heading_attrs(p + 2, k - 2, NULL);
				title = xstrndup(p + 2, k - 2);
				break;
			}
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	buf_free(&t);
	return title;
}

static int
cmp_names(const void *a, const void *b)
{
	return strverscmp(*(char *const *)a, *(char *const *)b);
}

static void
add_plain_chapter(struct book *b, const char *rel, int number)
{
	b->chapters = xgrow(b->chapters, &b->chapters_cap, b->nchapters + 1, sizeof *b->chapters);
	struct chapter *c = &b->chapters[b->nchapters++];
	memset(c, 0, sizeof *c);
	char *full = path_join(b->src, rel);
	c->title = first_heading(full);
	free(full);
	if (!c->title) {
		const char *base = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
		size_t n = strlen(base);
		c->title = xstrndup(base, n > 3 && !strcmp(base + n - 3, ".md") ? n - 3 : n);
	}
	c->path = xstrdup(rel);
	c->kind = number > 0 ? CHAPTER_NUMBERED : CHAPTER_PREFIX;
	c->number = number > 0 ? xasprintf("%d", number) : NULL;
	c->part = -1;
}

static int
open_folder(struct book *b, struct diags *d)
{
	DIR *dir = opendir(b->src);
	if (!dir)
		return -1;
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(dir))) {
		size_t l = strlen(e->d_name);
		if (l < 4 || strcmp(e->d_name + l - 3, ".md") || e->d_name[0] == '.')
			continue;
		char *full = path_join(b->src, e->d_name);
		char *canon = realpath(full, NULL);
		int ok = canon && path_inside(canon, b->root) && is_file(canon);
		free(full);
		free(canon);
		if (!ok) {
			diags_add(d, DIAG_WARNING, e->d_name, 0, _("not a regular file inside the book; skipped"));
			continue;
		}
		names = xgrow(names, &cap, n + 1, sizeof *names);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(dir);
	if (n)	/* qsort(NULL, 0, ...) is undefined (UBSan, fuzz_book) */
		qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		add_plain_chapter(b, names[i], (int)i + 1);
		free(names[i]);
	}
	free(names);
	return n ? 0 : -1;
}

/* ---- opening ----------------------------------------------------------------- */

struct book *
book_open(const char *path, struct diags *d)
{
	struct book *b = xcalloc(1, sizeof *b);
	char *canon = realpath(path, NULL);
	if (!canon) {
		diags_add(d, DIAG_ERROR, path, 0, _("cannot open book: %s"), strerror(errno));
		free(b);
		return NULL;
	}

	if (is_file(canon)) {
		/* A single Markdown file. */
		b->kind = BOOK_FILE;
		b->root = dir_of(canon);
		if (!*b->root) {
			free(b->root);
			b->root = xstrdup("/");
		}
		b->src = xstrdup(b->root);
		b->src_rel = xstrdup("");
		char *sd = dir_of(path);
		b->shown_src = sd;
		const char *base = strrchr(canon, '/') + 1;
		add_plain_chapter(b, base, 0);
		b->chapters[0].kind = CHAPTER_PREFIX;
		b->title = xstrdup(b->chapters[0].title);
		b->language = xstrdup("en");
		free(canon);
		return b;
	}

	b->root = canon;
	char *toml = path_join(canon, "book.toml");
	char *src_rel = NULL;
	if (is_file(toml)) {
		char *shown = path_join(path, "book.toml");
		/* Like every book file, never read from outside the book. */
		if (book_contains(b, toml))
			read_book_toml(b, toml, shown, d, &src_rel);
		else
			diags_add(d, DIAG_ERROR, shown, 0, _("points outside the book's folder; refused"));
		free(shown);
	}
	free(toml);
	if (!src_rel)
		src_rel = xstrdup("src");

	/* Where SUMMARY.md lives: <book>/<src>/, or the folder itself. */
	char *src_try = path_join(canon, src_rel);
	char *src_canon = realpath(src_try, NULL);
	free(src_try);
	if (src_canon && !path_inside(src_canon, b->root) && strcmp(src_canon, b->root)) {
		diags_add(d, DIAG_ERROR, "book.toml", 0, _("src '%s' leaves the book's folder; refused"), src_rel);
		free(src_canon);
		src_canon = NULL;
	}
	char *summary = src_canon ? path_join(src_canon, "SUMMARY.md") : NULL;
	if (summary && is_file(summary)) {
		b->src = src_canon;
		b->shown_src = path_join(path, src_rel);
	} else {
		free(src_canon);
		free(summary);
		summary = path_join(canon, "SUMMARY.md");
		b->src = xstrdup(canon);
		b->shown_src = xstrdup(path);
	}
	free(src_rel);
	if (!b->language)
		b->language = xstrdup("en");
	b->src_rel = xstrdup(strcmp(b->src, b->root) ? b->src + strlen(b->root) + (strcmp(b->root, "/") ? 1 : 0) : "");

	if (is_file(summary)) {
		b->kind = BOOK_MDBOOK;
		b->summary_path = path_join(b->shown_src, "SUMMARY.md");
		struct buf s = {0};
		/* A SUMMARY.md linked to a file outside the book would show that
		 * file's links as chapter titles. */
		int e = book_contains(b, summary) ? read_file(summary, 16u << 20, &s) : EXDEV;
		if (e == EXDEV)
			diags_add(d, DIAG_ERROR, b->summary_path, 0, _("points outside the book's folder; refused"));
		else if (e)
			diags_add(d, DIAG_ERROR, b->summary_path, 0, _("cannot read: %s"), strerror(e));
		else {
			parse_summary(b, s.data, s.len, b->summary_path, d);
			if (b->nchapters == 0)
				diags_add(d, DIAG_ERROR, b->summary_path, 0, _("SUMMARY.md lists no chapters"));
		}
		buf_free(&s);
	} else {
		b->kind = BOOK_FOLDER;
		if (open_folder(b, d) < 0 && b->nchapters == 0)
			diags_add(d, DIAG_ERROR, path, 0, _("no SUMMARY.md and no .md files here"));
	}
	free(summary);
	b->title_given = b->title != NULL;
	if (!b->title) {
		const char *base = strrchr(b->root, '/');
		b->title = xstrdup(base && base[1] ? base + 1 : b->root);
	}
	if (b->nchapters == 0) {
		book_free(b);
		return NULL;
	}
	return b;
}

void
book_free(struct book *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->nchapters; i++) {
		struct chapter *c = &b->chapters[i];
		free(c->title);
		free(c->title_msgid);
		free(c->title_tr);
		free(c->path);
		free(c->number);
		free(c->page_title);
		buf_free(&c->source);
	}
	free(b->chapters);
	for (size_t i = 0; i < b->nparts; i++) {
		free(b->parts[i].title);
		free(b->parts[i].title_msgid);
		free(b->parts[i].title_tr);
	}
	free(b->parts);
	free(b->root);
	free(b->src);
	free(b->src_rel);
	free(b->shown_src);
	free(b->summary_path);
	free(b->dir_key);
	free(b->dir_canon);
	free(b->title);
	free(b->title_tr);
	free(b->language);
	free(b);
}

int
book_contains(const struct book *b, const char *path)
{
	char *canon = realpath(path, NULL);
	int ok = canon && path_inside(canon, b->root);
	free(canon);
	return ok;
}

char *
book_chapter_file(const struct book *b, size_t i)
{
	const struct chapter *c = &b->chapters[i];
	return path_join(b->shown_src, c->path ? c->path : "");
}

/* ---- includes ------------------------------------------------------------------ */

struct include_ctx {
	struct book	*b;
	struct diags	*d;
	char		*stack[MAX_INCLUDE_DEPTH + 1];	/* canonical paths being expanded */
	int		 depth;
	char		*page_title;
	size_t		 nincludes;	/* include directives expanded so far */
	int		 over;		/* a limit was hit (reported once) */
};

static void expand(struct include_ctx *x, const char *text, size_t len, const char *rel_dir,
    const char *shown, struct buf *out);

/* Keep lines [from, to] (1-based, 0 = open end) or the lines between
 * ANCHOR: name and ANCHOR_END: name; drop every ANCHOR marker line. */
static void
select_lines(const char *text, size_t len, long from, long to, const char *anchor, struct buf *out)
{
	long ln = 0;
	int inside = anchor ? 0 : 1;
	size_t i = 0;
	while (i < len) {
		const char *nl = memchr(text + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - text) + 1 : len;
		ln++;
		struct buf line = {0};
		buf_add(&line, text + i, e - i);
		char *a = strstr(line.data, "ANCHOR:");
		char *ae = strstr(line.data, "ANCHOR_END:");
		if (a || ae) {
			if (anchor) {
				const char *nm = ae ? ae + 11 : a + 7;
				while (*nm == ' ')
					nm++;
				size_t al = strlen(anchor);
				if (!strncmp(nm, anchor, al) && !(isalnum((unsigned char)nm[al]) || nm[al] == '_'))
					inside = ae ? 0 : 1;
			}
		} else if (inside && (!anchor ? (ln >= from && (to == 0 || ln <= to)) : 1)) {
			buf_add(out, text + i, e - i);
		}
		buf_free(&line);
		i = e;
	}
}

static void
do_include(struct include_ctx *x, const char *arg, const char *rel_dir, const char *shown,
    int line, struct buf *out)
{
	/* arg: path[:from[:to]] or path:anchor */
	char *spec = xstrdup(arg);
	char *colon = strchr(spec, ':');
	char *sel = NULL;
	if (colon) {
		*colon = '\0';
		sel = colon + 1;
	}
	struct buf content = {0};
	char *canon = NULL;
	if (x->over)
		goto done;
	if (++x->nincludes > MAX_INCLUDES || out->len > MAX_EXPANDED) {
		diags_add(x->d, DIAG_ERROR, shown, line, _("more than %d includes or %u MiB of included text: "
		    "'%s' and the includes after it are left out"), MAX_INCLUDES, MAX_EXPANDED >> 20, spec);
		x->over = 1;
		goto done;
	}
	if (x->depth > MAX_INCLUDE_DEPTH) {
		diags_add(x->d, DIAG_ERROR, shown, line, _("includes nested more than %d levels deep: '%s' not included"),
		    MAX_INCLUDE_DEPTH, spec);
		goto done;
	}
	if (read_confined(x->b, rel_dir, spec, &content, &canon, shown, line, x->d) < 0)
		goto done;
	for (int i = 0; i < x->depth; i++)
		if (x->stack[i] && !strcmp(x->stack[i], canon)) {
			diags_add(x->d, DIAG_ERROR, shown, line, _("include cycle: '%s' includes itself"), spec);
			goto done;
		}
	struct buf part = {0};
	/* cmark drops a byte order mark at the start of a file, not in the
	 * middle of one, where it would turn "# Title" into text. */
	if (content.len >= 3 && !memcmp(content.data, "\xEF\xBB\xBF", 3)) {
		memmove(content.data, content.data + 3, content.len - 3 + 1);
		content.len -= 3;
	}
	if (sel && *sel && !isdigit((unsigned char)*sel) && *sel != ':') {
		select_lines(content.data, content.len, 0, 0, sel, &part);
	} else {
		long from = 1, to = 0;
		if (sel) {
			char *c2 = strchr(sel, ':');
			if (*sel && *sel != ':')
				from = strtol(sel, NULL, 10);
			if (c2)
				to = c2[1] ? strtol(c2 + 1, NULL, 10) : 0;
			else if (*sel)
				to = from;
		}
		if (from < 1)
			from = 1;
		select_lines(content.data, content.len, from, to, NULL, &part);
	}
	/* A ranged include is its lines joined by newlines, without a final
	 * one (mdBook's take_lines), so it can sit inside a code fence. */
	if (sel && part.len && part.data[part.len - 1] == '\n')
		part.data[--part.len] = '\0';
	/* Included text is expanded relative to its own folder. */
	char *joined = path_join(rel_dir, spec);
	char *rel = path_normalize(joined);
	free(joined);
	char *sub_dir = rel ? dir_of(rel) : xstrdup("");
	char *sub_shown = path_join(x->b->shown_src, rel ? rel : spec);
	x->stack[x->depth++] = canon;
	expand(x, part.data ? part.data : "", part.len, sub_dir, sub_shown, out);
	x->depth--;
	free(rel);
	free(sub_dir);
	free(sub_shown);
	buf_free(&part);
done:
	free(canon);
	buf_free(&content);
	free(spec);
}

static void
expand(struct include_ctx *x, const char *text, size_t len, const char *rel_dir,
    const char *shown, struct buf *out)
{
	size_t i = 0, run = 0;
	int line = 1;
	/* What the search for "}}" found last, so that a line of many "{{#"
	 * is scanned once, not once per "{{#" (quadratic on a 5 MB line). */
	size_t close_at = (size_t)-1;	/* the "}}" that ends the directive at i */
	size_t open_until = 0;		/* no "}}" from before here to the line's end */
	while (i < len) {
		if (text[i] == '\n') {
			line++;
			i++;
			continue;
		}
		if (text[i] != '{' || i + 3 > len || text[i + 1] != '{' || text[i + 2] != '#') {
			i++;
			continue;
		}
		if (i > 0 && text[i - 1] == '\\') {
			/* \{{#...}} is a literal directive: drop the backslash */
			buf_add(out, text + run, i - 1 - run);
			run = i;
			i += 3;
			continue;
		}
		const char *end = NULL;
		if (close_at != (size_t)-1 && i + 3 <= close_at) {
			end = text + close_at;	/* nothing closes before it */
		} else if (i + 3 >= open_until) {
			size_t k;
			for (k = i + 3; k + 1 < len && text[k] != '\n'; k++)
				if (text[k] == '}' && text[k + 1] == '}') {
					end = text + k;
					close_at = k;
					break;
				}
			if (!end)
				open_until = k;
		}
		if (!end) {
			i++;
			continue;
		}
		/* Only include, rustdoc_include and title are ours: others are
		 * left as text without copying them (again, linear). */
		size_t nl = 0;
		while (text + i + 3 + nl < end && text[i + 3 + nl] != ' ' && text[i + 3 + nl] != '\t')
			nl++;
		if (!((nl == 7 && !memcmp(text + i + 3, "include", 7)) ||
		    (nl == 15 && !memcmp(text + i + 3, "rustdoc_include", 15)) ||
		    (nl == 5 && !memcmp(text + i + 3, "title", 5)))) {
			i++;
			continue;
		}
		char *dir = xstrndup(text + i + 3, (size_t)(end - (text + i + 3)));
		char *name = dir, *arg = dir;
		while (*arg && *arg != ' ' && *arg != '\t')
			arg++;
		if (*arg)
			*arg++ = '\0';
		while (*arg == ' ' || *arg == '\t')
			arg++;
		size_t al = strlen(arg);
		while (al && (arg[al - 1] == ' ' || arg[al - 1] == '\t'))
			arg[--al] = '\0';
		int handled = 1;
		if (!strcmp(name, "include") || !strcmp(name, "rustdoc_include")) {
			buf_add(out, text + run, i - run);
			do_include(x, arg, rel_dir, shown, line, out);
		} else if (!strcmp(name, "title")) {
			buf_add(out, text + run, i - run);
			free(x->page_title);
			x->page_title = xstrdup(arg);
		} else {
			handled = 0;	/* other directives stay as harmless text */
		}
		free(dir);
		if (handled) {
			i = (size_t)(end - text) + 2;
			run = i;
		} else {
			i++;
		}
	}
	buf_add(out, text + run, len - run);
}

const char *
book_chapter_source(struct book *b, size_t i, size_t *len, struct diags *d)
{
	if (i >= b->nchapters)
		return NULL;
	struct chapter *c = &b->chapters[i];
	if (c->loaded == 0) {
		if (!c->path) {
			c->loaded = -1;
		} else {
			struct buf raw = {0};
			char *shown = book_chapter_file(b, i);
			/* A file that cannot be read is a SUMMARY.md problem. */
			const char *where = b->summary_path ? b->summary_path : shown;
			char *canon = NULL;
			if (read_confined(b, "", c->path, &raw, &canon, where, c->summary_line, d) < 0) {
				c->loaded = -1;
			} else {
				/* The chapter itself is the first entry of the include
				 * stack, so a self-include is caught at once. */
				struct include_ctx x = { .b = b, .d = d };
				x.stack[x.depth++] = canon;
				char *rel_dir = dir_of(c->path);
				buf_reserve(&c->source, raw.len);
				/* fast path: no directive at all */
				if (!find_bytes(raw.data, raw.len, "{{#", 3)) {
					buf_free(&c->source);
					c->source = raw;
					raw = (struct buf){0};
				} else {
					expand(&x, raw.data, raw.len, rel_dir, shown, &c->source);
				}
				free(rel_dir);
				if (!c->source.data)
					buf_adds(&c->source, "");
				c->page_title = x.page_title;
				c->loaded = 1;
			}
			free(canon);
			buf_free(&raw);
			free(shown);
		}
	}
	if (c->loaded < 0)
		return NULL;
	if (len)
		*len = c->source.len;
	return c->source.data;
}

void
book_chapter_unload(struct book *b, size_t i)
{
	if (i >= b->nchapters || b->chapters[i].loaded != 1)
		return;
	buf_free(&b->chapters[i].source);
	free(b->chapters[i].page_title);
	b->chapters[i].page_title = NULL;
	b->chapters[i].loaded = 0;
}

/* ---- lookup ------------------------------------------------------------------------ */

long
book_find_chapter(const struct book *b, const char *spec)
{
	if (!spec || !*spec)
		return -1;
	for (size_t i = 0; i < b->nchapters; i++)
		if (b->chapters[i].number && !strcmp(b->chapters[i].number, spec))
			return (long)i;
	/* file names, with or without .md, with or without the src folder */
	for (size_t i = 0; i < b->nchapters; i++) {
		const char *p = b->chapters[i].path;
		if (!p)
			continue;
		size_t lp = strlen(p), ls = strlen(spec);
		if (!strcmp(p, spec) || (ls + 3 == lp && !strncmp(p, spec, ls) && !strcmp(p + ls, ".md")))
			return (long)i;
		const char *base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
		if (!strcmp(base, spec))
			return (long)i;
		if (ls > lp && spec[ls - lp - 1] == '/' && !strcmp(spec + ls - lp, p))
			return (long)i;
	}
	/* titles: the one shown (translated) and the source's, exact, then
	 * prefix, then anywhere */
	char *want = fold_cstr(spec);
	size_t lw = strlen(want);
	long found = -1;
	for (int pass = 0; pass < 3 && found < 0; pass++)
		for (size_t i = 0; i < b->nchapters && found < 0; i++)
			for (int form = 0; form < 2 && found < 0; form++) {
				const char *title = form ? b->chapters[i].title_tr : b->chapters[i].title;
				if (!title)
					continue;
				char *t = fold_cstr(title);
				if ((pass == 0 && !strcmp(t, want)) || (pass == 1 && !strncmp(t, want, lw)) ||
				    (pass == 2 && strstr(t, want)))
					found = (long)i;
				free(t);
			}
	free(want);
	return found;
}

long
book_resolve_link(const struct book *b, size_t from, const char *url, char **anchor, int *external)
{
	*anchor = NULL;
	if (external)
		*external = 0;
	if (!url || !*url)
		return -1;
	if (has_scheme(url) || (url[0] == '/' && url[1] == '/')) {
		if (external)
			*external = 1;
		return -1;
	}
	const char *hash = strchr(url, '#');
	size_t n = hash ? (size_t)(hash - url) : strlen(url);
	const char *q = memchr(url, '?', n);
	if (q)
		n = (size_t)(q - url);
	if (hash && hash[1])
		*anchor = percent_decode(hash + 1, strlen(hash + 1));
	if (n == 0)
		return (long)from;
	char *dec = percent_decode(url, n);
	size_t dl = strlen(dec);
	if (dl > 5 && !strcmp(dec + dl - 5, ".html"))
		strcpy(dec + dl - 5, ".md");
	char *dir = from < b->nchapters && b->chapters[from].path ? dir_of(b->chapters[from].path) : xstrdup("");
	char *joined = dec[0] == '/' ? xstrdup(dec + 1) : path_join(dir, dec);
	char *norm = path_normalize(joined);
	long found = -1;
	for (size_t i = 0; norm && i < b->nchapters; i++)
		if (b->chapters[i].path && !strcmp(b->chapters[i].path, norm)) {
			found = (long)i;
			break;
		}
	free(dec);
	free(dir);
	free(joined);
	free(norm);
	if (found < 0) {
		free(*anchor);
		*anchor = NULL;
	}
	return found;
}
