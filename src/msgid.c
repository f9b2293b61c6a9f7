/* msgid.c — see msgid.h. */
#include <config.h>

#include "msgid.h"

#include <cmark-gfm.h>
#include <stdlib.h>
#include <string.h>

/* Characters that mdbook-xgettext (pulldown-cmark-to-cmark with list token
 * '-', emphasis '_', strong "**") escapes at the start of a text run. */
static const char special_first[] = "#\\_*<>`|[]-";

static void
put_text(struct buf *out, const char *s, int run_start)
{
	if (run_start && *s && strchr(special_first, *s))
		buf_addc(out, '\\');
	buf_adds(out, s);
}

static void
put_code(struct buf *out, const char *s)
{
	/* The fence is one backtick longer than the longest run inside. */
	int longest = 0, run = 0;
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	int n = longest + 1;
	size_t len = strlen(s);
	int pad = len && (s[0] == '`' || s[len - 1] == '`');
	for (int i = 0; i < n; i++)
		buf_addc(out, '`');
	if (pad)
		buf_addc(out, ' ');
	buf_adds(out, s);
	if (pad)
		buf_addc(out, ' ');
	for (int i = 0; i < n; i++)
		buf_addc(out, '`');
}

static void
put_url(struct buf *out, const char *url, const char *title)
{
	int angle = strpbrk(url, " ()<>") != NULL || !*url;
	if (angle)
		buf_addc(out, '<');
	buf_adds(out, url);
	if (angle)
		buf_addc(out, '>');
	if (title && *title) {
		buf_adds(out, " \"");
		for (const char *p = title; *p; p++) {
			if (*p == '"')
				buf_addc(out, '\\');
			buf_addc(out, *p);
		}
		buf_addc(out, '"');
	}
}

/* The text of a link's children when they are a single text node. */
static const char *
only_text(cmark_node *n)
{
	cmark_node *c = cmark_node_first_child(n);
	if (c && !cmark_node_next(c) && cmark_node_get_type(c) == CMARK_NODE_TEXT)
		return cmark_node_get_literal(c);
	return NULL;
}

static void serialize_children(cmark_node *parent, struct buf *out, cmark_node *stop);

static void
serialize(cmark_node *n, struct buf *out, int *run_start)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		put_text(out, cmark_node_get_literal(n), *run_start);
		*run_start = 0;
		return;
	case CMARK_NODE_SOFTBREAK:
		buf_addc(out, ' ');
		*run_start = 0;
		return;
	case CMARK_NODE_LINEBREAK:
		buf_adds(out, "  \n");
		*run_start = 1;
		return;
	case CMARK_NODE_CODE:
		put_code(out, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_HTML_INLINE:
		buf_adds(out, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_EMPH:
		buf_addc(out, '_');
		serialize_children(n, out, NULL);
		buf_addc(out, '_');
		break;
	case CMARK_NODE_STRONG:
		buf_adds(out, "**");
		serialize_children(n, out, NULL);
		buf_adds(out, "**");
		break;
	case CMARK_NODE_LINK: {
		const char *url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
		const char *t = only_text(n);
		if (t && !strcmp(t, url) && strstr(url, ":")) {
			buf_addc(out, '<');	/* autolink, kept as written */
			buf_adds(out, url);
			buf_addc(out, '>');
		} else if (t && strstr(url, "://") && !strcmp(strstr(url, "://") + 3, t)) {
			buf_adds(out, t);	/* GFM bare www. autolink */
		} else if (t && !strncmp(url, "mailto:", 7) && !strcmp(url + 7, t)) {
			buf_addc(out, '<');
			buf_adds(out, t);
			buf_addc(out, '>');
		} else {
			buf_addc(out, '[');
			serialize_children(n, out, NULL);
			buf_adds(out, "](");
			put_url(out, url, cmark_node_get_title(n));
			buf_addc(out, ')');
		}
		break;
	}
	case CMARK_NODE_IMAGE:
		buf_adds(out, "![");
		serialize_children(n, out, NULL);
		buf_adds(out, "](");
		put_url(out, cmark_node_get_url(n) ? cmark_node_get_url(n) : "", cmark_node_get_title(n));
		buf_addc(out, ')');
		break;
	case CMARK_NODE_FOOTNOTE_REFERENCE: {
		/* The label is only reachable through cmark's own writer. */
		char *cm = cmark_render_commonmark(n, CMARK_OPT_DEFAULT, 0);
		size_t l = strlen(cm);
		while (l && (cm[l - 1] == '\n' || cm[l - 1] == ' '))
			cm[--l] = '\0';
		buf_adds(out, cm);
		free(cm);
		break;
	}
	default:
		if (!strcmp(cmark_node_get_type_string(n), "strikethrough")) {
			buf_adds(out, "~~");
			serialize_children(n, out, NULL);
			buf_adds(out, "~~");
		} else {
			serialize_children(n, out, NULL);
		}
		break;
	}
	*run_start = 1;
}

static void
serialize_children(cmark_node *parent, struct buf *out, cmark_node *stop)
{
	int run_start = 1;
	for (cmark_node *c = cmark_node_first_child(parent); c && c != stop; c = cmark_node_next(c))
		serialize(c, out, &run_start);
}

void
msgid_inlines(void *node, struct buf *out)
{
	serialize_children(node, out, NULL);
	if (!out->data)
		buf_adds(out, "");
}

size_t
msgid_heading_attrs(const char *text, size_t len, char **id)
{
	if (id)
		*id = NULL;
	size_t e = len;
	while (e && text[e - 1] == ' ')
		e--;
	if (!e || text[e - 1] != '}')
		return len;
	size_t o = e - 1;
	while (o && text[o - 1] != '{')
		o--;
	if (!o)
		return len;
	o--;	/* at '{' */
	/* every token inside must be #id, .class or key=value */
	const char *p = text + o + 1, *end = text + e - 1;
	char *found = NULL;
	int ok = 1, tokens = 0;
	while (p < end && ok) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end)
			break;
		const char *t = p;
		while (p < end && *p != ' ')
			p++;
		size_t tl = (size_t)(p - t);
		tokens++;
		if (t[0] == '#' && tl > 1) {
			free(found);
			found = xstrndup(t + 1, tl - 1);
		} else if (!(t[0] == '.' && tl > 1) && !memchr(t, '=', tl)) {
			ok = 0;
		}
	}
	if (!ok || !tokens) {
		free(found);
		return len;
	}
	while (o && text[o - 1] == ' ')
		o--;
	if (id)
		*id = found;
	else
		free(found);
	return o;
}

/* ---- directives ------------------------------------------------------- */

enum directive { DIR_NONE, DIR_SKIP, DIR_SKIP_START, DIR_SKIP_END, DIR_COMMENT };

/* Parse "<!-- i18n:cmd ... -->" (or mdbook-xgettext:cmd).  *text gets the
 * comment text for DIR_COMMENT (caller frees). */
static enum directive
parse_directive(const char *html, char **text)
{
	const char *p = html;
	*text = NULL;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (strncmp(p, "<!--", 4))
		return DIR_NONE;
	p += 4;
	while (*p == '-')
		p++;
	while (*p == ' ' || *p == '\n' || *p == '\t')
		p++;
	if (!strncmp(p, "i18n", 4))
		p += 4;
	else if (!strncmp(p, "mdbook-xgettext", 15))
		p += 15;
	else
		return DIR_NONE;
	while (*p == ' ')
		p++;
	if (*p != ':')
		return DIR_NONE;
	p++;
	while (*p == ' ')
		p++;
	const char *end = strstr(p, "--");
	size_t n = end ? (size_t)(end - p) : strlen(p);
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\n'))
		n--;
	if (n >= 7 && !strncmp(p, "comment", 7)) {
		const char *t = p + 7;
		size_t k = n - 7;
		while (k && (*t == ':' || *t == ' ')) {
			t++;
			k--;
		}
		*text = xstrndup(t, k);
		return DIR_COMMENT;
	}
	/* commands split on whitespace, ':' and '-': skip-start, skip start */
	if (n >= 4 && !strncmp(p, "skip", 4)) {
		const char *r = p + 4;
		size_t k = n - 4;
		while (k && (*r == '-' || *r == ' ' || *r == ':')) {
			r++;
			k--;
		}
		if (k == 0)
			return DIR_SKIP;
		if (k == 5 && !strncmp(r, "start", 5))
			return DIR_SKIP_START;
		if (k == 3 && !strncmp(r, "end", 3))
			return DIR_SKIP_END;
	}
	return DIR_NONE;
}

/* ---- walking a chapter -------------------------------------------------- */

static int
is_table_cell(cmark_node *n)
{
	return !strcmp(cmark_node_get_type_string(n), "table_cell");
}

static void
add_unit(struct msg_units *u, cmark_node *n, struct buf *msgid, char **comment, int skip)
{
	/* Whitespace-only groups are never messages (they would clash with
	 * the PO header's empty msgid). */
	size_t i = 0;
	while (i < msgid->len && (msgid->data[i] == ' ' || msgid->data[i] == '\n'))
		i++;
	if (i == msgid->len) {
		buf_free(msgid);
		return;
	}
	u->v = xgrow(u->v, &u->cap, u->n + 1, sizeof *u->v);
	struct msg_unit *m = &u->v[u->n++];
	m->node = n;
	m->msgid = buf_detach(msgid);
	m->comment = *comment;
	*comment = NULL;
	m->skip = skip;
	m->line = cmark_node_get_start_line(n);
}

void
msgid_units(void *root, struct msg_units *u)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int skip_next = 0, skipping = 0;
	char *comment = NULL;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node_type ty = cmark_node_get_type(n);
		if (ty == CMARK_NODE_HTML_BLOCK) {
			char *text;
			enum directive d = parse_directive(cmark_node_get_literal(n), &text);
			switch (d) {
			case DIR_SKIP: skip_next = 1; break;
			case DIR_SKIP_START: skipping = 1; break;
			case DIR_SKIP_END: skipping = 0; break;
			case DIR_COMMENT:
				if (comment) {
					char *j = xasprintf("%s %s", comment, text);
					free(comment);
					free(text);
					comment = j;
				} else {
					comment = text;
				}
				text = NULL;
				break;
			default: break;
			}
			free(text);
			continue;
		}
		int unit = ty == CMARK_NODE_PARAGRAPH || ty == CMARK_NODE_HEADING || is_table_cell(n);
		if (!unit)
			continue;
		/* A paragraph inside a table cell does not exist in GFM, but
		 * guard anyway: a unit's inlines are taken once. */
		struct buf msgid = {0};
		/* An inline skip directive ends the message at that point. */
		cmark_node *stop = NULL;
		for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
			if (cmark_node_get_type(c) != CMARK_NODE_HTML_INLINE)
				continue;
			char *text;
			enum directive d = parse_directive(cmark_node_get_literal(c), &text);
			free(text);
			if (d == DIR_SKIP || d == DIR_SKIP_START) {
				stop = c;
				break;
			}
		}
		serialize_children(n, &msgid, stop);
		if (!msgid.data)
			buf_adds(&msgid, "");
		/* Heading attributes stay out of the msgid, as in mdbook-xgettext. */
		if (ty == CMARK_NODE_HEADING) {
			msgid.len = msgid_heading_attrs(msgid.data, msgid.len, NULL);
			msgid.data[msgid.len] = '\0';
		}
		int skip = skip_next || skipping;
		skip_next = 0;
		size_t before = u->n;
		add_unit(u, n, &msgid, &comment, skip);
		if (u->n == before) {
			/* empty: a pending i18n:skip still waits for real text */
		}
		/* Do not descend: inlines belong to this unit. */
		cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
	}
	cmark_iter_free(it);
	free(comment);
}

void
msg_units_free(struct msg_units *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].msgid);
		free(u->v[i].comment);
	}
	free(u->v);
	u->v = NULL;
	u->n = u->cap = 0;
}

char *
msgid_plain(const char *msgid)
{
	struct buf b = {0};
	for (const char *p = msgid; *p; p++) {
		if (*p == '\\' && p[1]) {
			buf_addc(&b, *++p);
		} else if (*p == ']' && p[1] == '(') {
			/* drop the link target */
			const char *e = strchr(p, ')');
			if (e)
				p = e;
		} else if (*p == '[' || *p == ']' || *p == '*' || *p == '`' ||
		    (*p == '_' && (p == msgid || p[-1] == ' ' || p[1] == ' ' || p[1] == '\0'))) {
			/* formatting */
		} else {
			buf_addc(&b, *p);
		}
	}
	return buf_detach(&b);
}
