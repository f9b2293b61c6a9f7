/* po.c — see po.h.
 *
 * Parsing is two passes.  Pass 1 lexes and parses the whole file into
 * entries holding raw (unescaped, not yet converted) bytes; pass 2 reads the
 * charset from the header, converts and validates every string, drops
 * duplicates and builds the lookup table.  Two passes because the header
 * need not come first, and because duplicates must be judged on the final
 * UTF-8 strings (two different invalid byte runs can become the same text).
 *
 * Every string grows in a struct buf (amortised doubling) and every byte of
 * the input is looked at a bounded number of times, so parsing is linear in
 * the input size whatever its shape. */
#include <config.h>

#include "po.h"
#include "gettext.h"

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define _(s) gettext(s)

/* ------------------------------------------------------------------------
 * Diagnostics, capped
 */

struct reporter {
	struct diags	*d;		/* may be NULL */
	const char	*file;
	size_t		 nerrors, nwarnings;
	size_t		 recorded;
};

static void report(struct reporter *, enum diag_level, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static void
report(struct reporter *r, enum diag_level level, int line, const char *fmt, ...)
{
	if (level == DIAG_ERROR)
		r->nerrors++;
	else
		r->nwarnings++;
	if (r->d == NULL)
		return;
	if (r->recorded > PO_MAX_DIAGS)
		return;
	if (r->recorded++ == PO_MAX_DIAGS) {
		/* One note, and the caller still sees nerrors > 0 when the
		 * suppressed problems include errors: the first 100 were
		 * recorded faithfully. */
		diags_add(r->d, DIAG_WARNING, r->file, 0,
		    _("too many problems; further ones are not reported"));
		return;
	}
	struct buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diags_add(r->d, level, r->file, line, "%s", msg.data ? msg.data : "");
	buf_free(&msg);
}

/* ------------------------------------------------------------------------
 * Small byte helpers (ASCII only: the locale must not change parsing)
 */

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int
is_ident(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int
ascii_casecmp_n(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = lower((unsigned char)a[i]), y = lower((unsigned char)b[i]);
		if (x != y)
			return x - y;
		if (x == 0)
			return 0;
	}
	return 0;
}

static int
ascii_caseeq(const char *a, const char *b)
{
	size_t n = strlen(b);
	return strlen(a) == n && ascii_casecmp_n(a, b, n) == 0;
}

/* ------------------------------------------------------------------------
 * UTF-8
 */

/* Length of the well-formed UTF-8 sequence at s (1-4), or 0 when it is
 * ill-formed, with *bad set to the length of its maximal ill-formed
 * subpart, which becomes one U+FFFD (Unicode's recommended practice).  NUL
 * counts as ill-formed: our strings are C strings. */
static size_t
utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	size_t len;

	if (c >= 0x01 && c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c == 0xE0) {
		len = 3;
		lo = 0xA0;
	} else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
		len = 3;
	else if (c == 0xED) {
		len = 3;
		hi = 0x9F;			/* no surrogates */
	} else if (c == 0xF0) {
		len = 4;
		lo = 0x90;
	} else if (c >= 0xF1 && c <= 0xF3)
		len = 4;
	else if (c == 0xF4) {
		len = 4;
		hi = 0x8F;			/* nothing above U+10FFFF */
	} else {
		*bad = 1;
		return 0;
	}
	if (n < 2 || s[1] < lo || s[1] > hi) {
		*bad = 1;
		return 0;
	}
	for (size_t i = 2; i < len; i++) {
		if (i >= n || (s[i] & 0xC0) != 0x80) {
			*bad = i;
			return 0;
		}
	}
	return len;
}

static int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, bad = 1;

	while (i < n) {
		if (p[i] >= 0x01 && p[i] < 0x80) {
			i++;
			continue;
		}
		size_t k = utf8_seq(p + i, n - i, &bad);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Append s to out with every ill-formed part replaced by U+FFFD; returns
 * the number of replacements. */
static size_t
utf8_sanitize(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, start = 0, nbad = 0, bad = 1;

	while (i < n) {
		size_t k = utf8_seq(p + i, n - i, &bad);
		if (k) {
			i += k;
			continue;
		}
		buf_add(out, s + start, i - start);
		buf_add(out, "\xEF\xBF\xBD", 3);
		nbad++;
		i += bad;
		start = i;
	}
	buf_add(out, s + start, i - start);
	return nbad;
}

/* ------------------------------------------------------------------------
 * Lexer
 */

enum tok_type { T_EOF, T_COMMENT, T_KEYWORD, T_STRING, T_BAD };

enum keyword {
	KW_MSGCTXT, KW_MSGID, KW_MSGID_PLURAL,	/* also the #| fields, in order */
	KW_MSGSTR, KW_MSGSTR_N, KW_DOMAIN
};

struct token {
	enum tok_type	 type;
	enum keyword	 kw;
	size_t		 index;		/* N of msgstr[N] */
	char		 ckind;		/* comment: ' ' '.' ':' ',' */
	const char	*text;		/* comment text, not NUL-terminated */
	size_t		 textlen;
	int		 obsolete;	/* came from a "#~" line */
	int		 previous;	/* came from a "#|" line */
	int		 bad_string;	/* T_BAD from inside a string */
	int		 line;
};

struct lexer {
	const char	*p, *end;
	int		 line;
	int		 obsolete;	/* the rest of this line is "#~" */
	int		 previous;	/* the rest of this line is "#|" */
	struct buf	 str;		/* unescaped text of the last T_STRING */
	struct reporter	*r;
};

/* The next '\n' at or after p, or end.  The guard also tells the compiler
 * that the length cannot be negative. */
static const char *
find_eol(const char *p, const char *end)
{
	if (p >= end)
		return end;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static void
lex_newline(struct lexer *lx)
{
	lx->p++;
	if (lx->line < INT_MAX)
		lx->line++;
	lx->obsolete = lx->previous = 0;
}

/* Error recovery in the lexer is per line: leave the rest of the line. */
static void
lex_skip_line(struct lexer *lx)
{
	lx->p = find_eol(lx->p, lx->end);
}

static void
lex_bad(struct lexer *lx, struct token *t, int in_string)
{
	lex_skip_line(lx);
	t->type = T_BAD;
	t->bad_string = in_string;
}

static void
lex_string(struct lexer *lx, struct token *t)
{
	const char *p = lx->p + 1, *end = lx->end;
	struct buf *b = &lx->str;

	buf_clear(b);
	for (;;) {
		const char *run = p;
		while (p < end && *p != '"' && *p != '\\' && *p != '\n' &&
		    *p != '\0')
			p++;
		buf_add(b, run, (size_t)(p - run));
		if (p == end || *p == '\n') {
			report(lx->r, DIAG_ERROR, lx->line,
			    _("unterminated string: expected a closing '\"' "
			    "before the end of the line"));
			lx->p = p;
			lex_bad(lx, t, 1);
			return;
		}
		if (*p == '\0') {
			report(lx->r, DIAG_ERROR, lx->line,
			    _("NUL byte in a string"));
			lx->p = p;
			lex_bad(lx, t, 1);
			return;
		}
		if (*p == '"') {
			lx->p = p + 1;
			t->type = T_STRING;
			return;
		}

		/* A backslash. */
		p++;
		if (p == end || *p == '\n' ||
		    (*p == '\r' && p + 1 < end && p[1] == '\n')) {
			if (p == end) {
				report(lx->r, DIAG_ERROR, lx->line,
				    _("unterminated string: expected a "
				    "closing '\"' before the end of the file"));
				lx->p = p;
				lex_bad(lx, t, 1);
				return;
			}
			/* Backslash-newline continues the line, as in
			 * gettext's lexer. */
			p += *p == '\r' ? 2 : 1;
			if (lx->line < INT_MAX)
				lx->line++;
			continue;
		}
		unsigned char c = (unsigned char)*p;
		unsigned v;
		switch (c) {
		case 'n':	buf_addc(b, '\n'); p++; continue;
		case 't':	buf_addc(b, '\t'); p++; continue;
		case 'r':	buf_addc(b, '\r'); p++; continue;
		case 'a':	buf_addc(b, '\a'); p++; continue;
		case 'b':	buf_addc(b, '\b'); p++; continue;
		case 'f':	buf_addc(b, '\f'); p++; continue;
		case 'v':	buf_addc(b, '\v'); p++; continue;
		case '\\':	buf_addc(b, '\\'); p++; continue;
		case '"':	buf_addc(b, '"'); p++; continue;
		case '0': case '1': case '2': case '3':
		case '4': case '5': case '6': case '7':
			v = 0;
			for (int k = 0; k < 3 && p < end && *p >= '0' &&
			    *p <= '7'; k++, p++)
				v = v * 8 + (unsigned)(*p - '0');
			break;
		case 'x':
			p++;
			if (p == end || hex_value((unsigned char)*p) < 0) {
				report(lx->r, DIAG_ERROR, lx->line,
				    _("invalid escape sequence: '\\x' must be "
				    "followed by hexadecimal digits"));
				lx->p = p;
				lex_bad(lx, t, 1);
				return;
			}
			/* gettext takes every hex digit; saturate so a
			 * long run cannot overflow. */
			v = 0;
			while (p < end && hex_value((unsigned char)*p) >= 0) {
				if (v <= 0xFF)
					v = v * 16 +
					    (unsigned)hex_value((unsigned char)*p);
				p++;
			}
			break;
		default:
			if (c > 0x20 && c < 0x7F)
				report(lx->r, DIAG_ERROR, lx->line,
				    _("invalid escape sequence '\\%c' "
				    "(valid: \\n \\t \\r \\a \\b \\f \\v "
				    "\\\\ \\\" \\ooo \\xhh)"), c);
			else
				report(lx->r, DIAG_ERROR, lx->line,
				    _("invalid escape sequence: '\\' followed "
				    "by byte 0x%02x"), c);
			lx->p = p;
			lex_bad(lx, t, 1);
			return;
		}
		if (v > 0xFF || v == 0) {
			report(lx->r, DIAG_ERROR, lx->line, v ?
			    _("escape sequence out of range (more than 0xff)") :
			    _("escape sequence for a NUL byte"));
			lx->p = p;
			lex_bad(lx, t, 1);
			return;
		}
		buf_addc(b, (char)v);
	}
}

static void
lex_word(struct lexer *lx, struct token *t)
{
	const char *s = lx->p, *p = s, *end = lx->end;

	while (p < end && is_ident((unsigned char)*p))
		p++;
	size_t n = (size_t)(p - s);
	t->type = T_KEYWORD;
	if (n == 7 && memcmp(s, "msgctxt", 7) == 0)
		t->kw = KW_MSGCTXT;
	else if (n == 5 && memcmp(s, "msgid", 5) == 0)
		t->kw = KW_MSGID;
	else if (n == 12 && memcmp(s, "msgid_plural", 12) == 0)
		t->kw = KW_MSGID_PLURAL;
	else if (n == 6 && memcmp(s, "domain", 6) == 0)
		t->kw = KW_DOMAIN;
	else if (n == 6 && memcmp(s, "msgstr", 6) == 0) {
		const char *q = p;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q == end || *q != '[') {
			t->kw = KW_MSGSTR;
			lx->p = p;
			return;
		}
		q++;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		size_t idx = 0, ndig = 0;
		while (q < end && *q >= '0' && *q <= '9') {
			if (idx <= 1000000)	/* saturate; any such index is wrong */
				idx = idx * 10 + (size_t)(*q - '0');
			q++;
			ndig++;
		}
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (ndig == 0 || q == end || *q != ']') {
			report(lx->r, DIAG_ERROR, lx->line,
			    _("expected 'msgstr[N]' with a number N"));
			lx->p = q;
			lex_bad(lx, t, 0);
			return;
		}
		t->kw = KW_MSGSTR_N;
		t->index = idx;
		lx->p = q + 1;
		return;
	} else {
		/* Only identifier bytes reach the message: no content bytes. */
		report(lx->r, DIAG_ERROR, lx->line,
		    _("unknown keyword '%.*s'; expected 'msgctxt', 'msgid', "
		    "'msgid_plural', 'msgstr', a string or a comment"),
		    (int)(n > 40 ? 40 : n), s);
		lx->p = p;
		lex_bad(lx, t, 0);
		return;
	}
	lx->p = p;
}

static void
lex_next(struct lexer *lx, struct token *t)
{
	memset(t, 0, sizeof *t);
	for (;;) {
		if (lx->p >= lx->end) {
			t->type = T_EOF;
			t->line = lx->line;
			return;
		}
		unsigned char c = (unsigned char)*lx->p;
		if (c == '\n') {
			lex_newline(lx);
			continue;
		}
		if (is_space(c)) {
			lx->p++;
			continue;
		}
		t->line = lx->line;
		t->obsolete = lx->obsolete;
		t->previous = lx->previous;
		if (c == '#') {
			const char *q = lx->p + 1, *end = lx->end;
			if (q < end && *q == '~') {
				lx->p = q + 1;
				lx->obsolete = 1;
				if (lx->p < end && *lx->p == '|') {
					lx->p++;
					lx->previous = 1;
				}
				continue;
			}
			if (q < end && *q == '|') {
				lx->p = q + 1;
				lx->previous = 1;
				continue;
			}
			t->type = T_COMMENT;
			t->ckind = ' ';
			if (q < end && (*q == '.' || *q == ':' || *q == ','))
				t->ckind = *q++;
			const char *eol = find_eol(q, end);
			const char *tend = eol;
			if (tend > q && tend[-1] == '\r')
				tend--;
			if ((t->ckind == ' ' || t->ckind == '.') && q < tend &&
			    *q == ' ')
				q++;
			t->text = q;
			t->textlen = (size_t)(tend - q);
			lx->p = eol;
			return;
		}
		if (c == '"') {
			lex_string(lx, t);
			return;
		}
		if (is_ident(c)) {
			lex_word(lx, t);
			return;
		}
		if (c > 0x20 && c < 0x7F)
			report(lx->r, DIAG_ERROR, lx->line,
			    _("unexpected character '%c'; expected a keyword, "
			    "a string or a comment"), c);
		else
			report(lx->r, DIAG_ERROR, lx->line,
			    _("unexpected byte 0x%02x; expected a keyword, "
			    "a string or a comment"), c);
		lex_bad(lx, t, 0);
		return;
	}
}

/* ------------------------------------------------------------------------
 * Parser (pass 1)
 */

enum pstate {
	S_IDLE,		/* between entries; comments may be pending */
	S_CTXT,		/* in msgctxt */
	S_ID,		/* in msgid */
	S_PLURAL,	/* in msgid_plural */
	S_STR,		/* in msgstr: the entry is complete */
	S_STRN,		/* in msgstr[N]: the entry is complete */
	S_DOMAIN,	/* after "domain", which we ignore */
	S_SKIP		/* after an error: until something that starts an entry */
};

/* Lines of the fields, for warnings in pass 2. */
struct field_lines {
	int	 ctxt, plural;
	int	*str;			/* one per msgstr */
};

struct parser {
	struct lexer	 lx;
	struct reporter	*r;
	enum pstate	 st;
	int		 need_string;	/* the last keyword has no string yet */
	char		 kwname[32];	/* the last keyword, for messages */
	int		 kwline;
	int		 last_line;	/* of the last token, for "end of file" */
	struct buf	*target;	/* where the entry's strings go */

	/* The entry being read. */
	int		 active;
	int		 obsolete;
	int		 has_ctxt, has_plural;
	struct buf	 ctxt, id, plural;
	int		 ctxt_line, id_line, plural_line;
	struct buf	*strs;
	size_t		 nstrs, capstrs;
	int		*str_lines;
	size_t		 cap_str_lines;

	/* Its comments, collected before it starts. */
	struct buf	 tcomment, extracted;
	int		 has_tcomment, has_extracted;
	char		**refs, **flags;
	size_t		 nrefs, caprefs, nflags, capflags;
	int		 fuzzy;
	struct buf	 prev[3];	/* msgctxt, msgid, msgid_plural */
	int		 has_prev[3];
	int		 prev_cur;	/* field of the last "#|" keyword, or -1 */

	/* Results. */
	struct po_entry	*v;
	struct field_lines *lines;
	size_t		 n, cap, lines_cap;
};

static void
free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Forget the entry being read and its comments (after finishing it, or to
 * drop it after an error).  Buffers keep their memory for the next one. */
static void
pending_clear(struct parser *ps)
{
	buf_clear(&ps->ctxt);
	buf_clear(&ps->id);
	buf_clear(&ps->plural);
	for (size_t i = 0; i < ps->nstrs; i++)
		buf_clear(&ps->strs[i]);
	ps->nstrs = 0;
	buf_clear(&ps->tcomment);
	buf_clear(&ps->extracted);
	for (size_t i = 0; i < 3; i++) {
		buf_clear(&ps->prev[i]);
		ps->has_prev[i] = 0;
	}
	for (size_t i = 0; i < ps->nrefs; i++)
		free(ps->refs[i]);
	for (size_t i = 0; i < ps->nflags; i++)
		free(ps->flags[i]);
	ps->nrefs = ps->nflags = 0;
	ps->active = ps->obsolete = ps->has_ctxt = ps->has_plural = 0;
	ps->has_tcomment = ps->has_extracted = ps->fuzzy = 0;
	ps->prev_cur = -1;
	ps->need_string = 0;
	ps->target = NULL;
}

static char *
detach_if(struct buf *b, int present)
{
	if (!present)
		return NULL;
	return buf_detach(b);
}

static void
finish_entry(struct parser *ps)
{
	ps->v = xgrow(ps->v, &ps->cap, ps->n + 1, sizeof *ps->v);
	ps->lines = xgrow(ps->lines, &ps->lines_cap, ps->n + 1,
	    sizeof *ps->lines);
	struct po_entry *e = &ps->v[ps->n];
	struct field_lines *fl = &ps->lines[ps->n];
	ps->n++;

	memset(e, 0, sizeof *e);
	e->msgctxt = detach_if(&ps->ctxt, ps->has_ctxt);
	e->msgid = buf_detach(&ps->id);
	e->msgid_plural = detach_if(&ps->plural, ps->has_plural);
	e->nmsgstr = ps->nstrs;
	e->msgstr = xcalloc(ps->nstrs, sizeof *e->msgstr);
	fl->str = xcalloc(ps->nstrs, sizeof *fl->str);
	for (size_t i = 0; i < ps->nstrs; i++) {
		e->msgstr[i] = buf_detach(&ps->strs[i]);
		fl->str[i] = ps->str_lines[i];
	}
	fl->ctxt = ps->ctxt_line;
	fl->plural = ps->plural_line;
	e->fuzzy = ps->fuzzy;
	e->obsolete = ps->obsolete;
	e->refs = ps->refs;
	e->nrefs = ps->nrefs;
	ps->refs = NULL;
	ps->nrefs = ps->caprefs = 0;
	e->flags = ps->flags;
	e->nflags = ps->nflags;
	ps->flags = NULL;
	ps->nflags = ps->capflags = 0;
	e->extracted = detach_if(&ps->extracted, ps->has_extracted);
	e->translator_comment = detach_if(&ps->tcomment, ps->has_tcomment);
	e->prev_msgctxt = detach_if(&ps->prev[0], ps->has_prev[0]);
	e->prev_msgid = detach_if(&ps->prev[1], ps->has_prev[1]);
	e->prev_msgid_plural = detach_if(&ps->prev[2], ps->has_prev[2]);
	e->line = ps->id_line;
	pending_clear(ps);
}

static const char *
kw_name(enum keyword kw)
{
	switch (kw) {
	case KW_MSGCTXT:	return "msgctxt";
	case KW_MSGID:		return "msgid";
	case KW_MSGID_PLURAL:	return "msgid_plural";
	case KW_MSGSTR:		return "msgstr";
	case KW_MSGSTR_N:	return "msgstr[N]";
	case KW_DOMAIN:		return "domain";
	}
	return "?";
}

/* What t is, for "found ..." in messages; written into space. */
static const char *
describe(const struct token *t, char *space, size_t size)
{
	switch (t->type) {
	case T_EOF:
		return _("the end of the file");
	case T_COMMENT:
		return _("a comment");
	case T_STRING:
		return t->previous ? _("a string in a '#|' comment") :
		    _("a string");
	case T_BAD:
		return _("an invalid token");
	case T_KEYWORD:
		break;
	}
	if (t->kw == KW_MSGSTR_N)
		snprintf(space, size, "'%smsgstr[%zu]'",
		    t->previous ? "#| " : "", t->index);
	else
		snprintf(space, size, "'%s%s'", t->previous ? "#| " : "",
		    kw_name(t->kw));
	return space;
}

/* Report that t does not fit where the parser is, naming what would. */
static void
error_expected(struct parser *ps, const struct token *t)
{
	char space[48];
	const char *found = describe(t, space, sizeof space);
	int line = t->type == T_EOF ? ps->last_line : t->line;

	if (ps->need_string) {
		report(ps->r, DIAG_ERROR, line,
		    _("expected a string after '%s' (line %d), found %s"),
		    ps->kwname, ps->kwline, found);
		return;
	}
	switch (ps->st) {
	case S_CTXT:
		report(ps->r, DIAG_ERROR, line,
		    _("expected 'msgid' after 'msgctxt' (line %d), found %s"),
		    ps->kwline, found);
		break;
	case S_ID:
		report(ps->r, DIAG_ERROR, line,
		    _("expected 'msgstr' or 'msgid_plural' after 'msgid' "
		    "(line %d), found %s"), ps->kwline, found);
		break;
	case S_PLURAL:
		report(ps->r, DIAG_ERROR, line,
		    _("expected 'msgstr[0]' after 'msgid_plural' (line %d), "
		    "found %s"), ps->kwline, found);
		break;
	case S_STR:
		report(ps->r, DIAG_ERROR, line,
		    _("expected a new entry after 'msgstr' (line %d), "
		    "found %s"), ps->kwline, found);
		break;
	case S_STRN:
		report(ps->r, DIAG_ERROR, line,
		    _("expected 'msgstr[%zu]' or a new entry after "
		    "'msgstr[%zu]' (line %d), found %s"), ps->nstrs,
		    ps->nstrs - 1, ps->kwline, found);
		break;
	case S_DOMAIN:
		report(ps->r, DIAG_ERROR, line,
		    _("expected a new entry after 'domain' (line %d), "
		    "found %s"), ps->kwline, found);
		break;
	case S_IDLE:
	case S_SKIP:
		report(ps->r, DIAG_ERROR, line,
		    _("expected 'msgctxt', 'msgid' or a comment, found %s"),
		    found);
		break;
	}
}

static int
entry_complete(const struct parser *ps)
{
	return (ps->st == S_STR || ps->st == S_STRN) && !ps->need_string;
}

/* t starts something new: finish a complete entry, or report and drop an
 * incomplete one (t itself is then read normally, so the next entry
 * survives). */
static void
end_entry(struct parser *ps, const struct token *t)
{
	switch (ps->st) {
	case S_IDLE:
	case S_SKIP:
		return;
	case S_STR:
	case S_STRN:
		if (!ps->need_string) {
			finish_entry(ps);
			ps->st = S_IDLE;
			return;
		}
		break;
	case S_DOMAIN:
		if (!ps->need_string) {
			ps->st = S_IDLE;
			return;
		}
		break;
	case S_CTXT:
	case S_ID:
	case S_PLURAL:
		break;
	}
	error_expected(ps, t);
	pending_clear(ps);
	ps->st = S_IDLE;
}

/* t is out of place and does not start an entry: keep a complete entry,
 * drop an incomplete one, and skip to the next entry. */
static void
fail(struct parser *ps, const struct token *t, int report_it)
{
	if (report_it)
		error_expected(ps, t);
	if (entry_complete(ps))
		finish_entry(ps);
	pending_clear(ps);
	ps->st = S_SKIP;
}

static void
inconsistent_obsolete(struct parser *ps, const struct token *t)
{
	report(ps->r, DIAG_ERROR, t->line,
	    _("inconsistent use of '#~': the entry at line %d mixes obsolete "
	    "and active lines"), ps->id_line ? ps->id_line : ps->ctxt_line);
	pending_clear(ps);
	ps->st = S_SKIP;
}

static void
set_keyword(struct parser *ps, const struct token *t, struct buf *target)
{
	ps->need_string = 1;
	if (t->kw == KW_MSGSTR_N)
		snprintf(ps->kwname, sizeof ps->kwname, "msgstr[%zu]",
		    t->index);
	else
		snprintf(ps->kwname, sizeof ps->kwname, "%s", kw_name(t->kw));
	ps->kwline = t->line;
	ps->target = target;
}

static void
new_msgstr(struct parser *ps, const struct token *t)
{
	size_t oldcap = ps->capstrs;
	ps->strs = xgrow(ps->strs, &ps->capstrs, ps->nstrs + 1,
	    sizeof *ps->strs);
	/* New slots must be valid empty buffers: they are reused later. */
	memset(&ps->strs[oldcap], 0, (ps->capstrs - oldcap) * sizeof *ps->strs);
	ps->str_lines = xgrow(ps->str_lines, &ps->cap_str_lines,
	    ps->nstrs + 1, sizeof *ps->str_lines);
	struct buf *b = &ps->strs[ps->nstrs];
	ps->str_lines[ps->nstrs] = t->line;
	ps->nstrs++;
	set_keyword(ps, t, b);
}

static void
on_previous_keyword(struct parser *ps, const struct token *t)
{
	if (t->kw != KW_MSGCTXT && t->kw != KW_MSGID &&
	    t->kw != KW_MSGID_PLURAL) {
		report(ps->r, DIAG_ERROR, t->line,
		    _("only 'msgctxt', 'msgid' and 'msgid_plural' may follow "
		    "'#|'"));
		fail(ps, t, 0);
		return;
	}
	end_entry(ps, t);
	ps->st = S_IDLE;
	int f = (int)t->kw;
	buf_clear(&ps->prev[f]);
	ps->has_prev[f] = 1;
	ps->prev_cur = f;
}

static void
on_keyword(struct parser *ps, const struct token *t)
{
	if (t->previous) {
		on_previous_keyword(ps, t);
		return;
	}
	switch (t->kw) {
	case KW_MSGCTXT:
	case KW_MSGID:
		if (t->kw == KW_MSGID && ps->st == S_CTXT && !ps->need_string) {
			if (t->obsolete != ps->obsolete) {
				inconsistent_obsolete(ps, t);
				return;
			}
			ps->st = S_ID;
			ps->id_line = t->line;
			set_keyword(ps, t, &ps->id);
			return;
		}
		end_entry(ps, t);
		ps->active = 1;
		ps->obsolete = t->obsolete;
		ps->prev_cur = -1;
		if (t->kw == KW_MSGCTXT) {
			ps->has_ctxt = 1;
			ps->st = S_CTXT;
			ps->ctxt_line = t->line;
			ps->id_line = 0;
			set_keyword(ps, t, &ps->ctxt);
		} else {
			ps->st = S_ID;
			ps->ctxt_line = 0;
			ps->id_line = t->line;
			set_keyword(ps, t, &ps->id);
		}
		ps->plural_line = 0;
		return;
	case KW_DOMAIN:
		end_entry(ps, t);
		report(ps->r, DIAG_WARNING, t->line,
		    _("the 'domain' directive is not supported; ignored"));
		ps->st = S_DOMAIN;
		set_keyword(ps, t, NULL);
		return;
	case KW_MSGID_PLURAL:
	case KW_MSGSTR:
	case KW_MSGSTR_N:
		break;
	}

	int ok = !ps->need_string &&
	    ((t->kw == KW_MSGID_PLURAL && ps->st == S_ID) ||
	    (t->kw == KW_MSGSTR && ps->st == S_ID) ||
	    (t->kw == KW_MSGSTR_N && ps->st == S_PLURAL && t->index == 0) ||
	    (t->kw == KW_MSGSTR_N && ps->st == S_STRN &&
	    t->index == ps->nstrs));
	if (!ok) {
		fail(ps, t, 1);
		return;
	}
	if (t->obsolete != ps->obsolete) {
		inconsistent_obsolete(ps, t);
		return;
	}
	if (t->kw == KW_MSGID_PLURAL) {
		ps->has_plural = 1;
		ps->plural_line = t->line;
		ps->st = S_PLURAL;
		set_keyword(ps, t, &ps->plural);
	} else {
		ps->st = t->kw == KW_MSGSTR ? S_STR : S_STRN;
		new_msgstr(ps, t);
	}
}

static void
on_string(struct parser *ps, const struct token *t)
{
	const struct buf *s = &ps->lx.str;

	if (t->previous) {
		if (ps->prev_cur < 0) {
			report(ps->r, DIAG_ERROR, t->line,
			    _("a string in a '#|' comment must follow "
			    "'msgctxt', 'msgid' or 'msgid_plural'"));
			fail(ps, t, 0);
			return;
		}
		buf_add(&ps->prev[ps->prev_cur], s->data ? s->data : "",
		    s->len);
		return;
	}
	switch (ps->st) {
	case S_CTXT:
	case S_ID:
	case S_PLURAL:
	case S_STR:
	case S_STRN:
		if (t->obsolete != ps->obsolete) {
			inconsistent_obsolete(ps, t);
			return;
		}
		buf_add(ps->target, s->data ? s->data : "", s->len);
		ps->need_string = 0;
		return;
	case S_DOMAIN:
		if (ps->need_string) {
			ps->need_string = 0;
			return;
		}
		break;
	case S_IDLE:
	case S_SKIP:
		break;
	}
	fail(ps, t, 1);
}

static void
add_split(char ***v, size_t *n, size_t *cap, const char *s, size_t len,
    int comma)
{
	size_t i = 0;
	while (i < len) {
		while (i < len && (is_space((unsigned char)s[i]) ||
		    (comma && s[i] == ',')))
			i++;
		size_t start = i;
		while (i < len && !is_space((unsigned char)s[i]) &&
		    !(comma && s[i] == ','))
			i++;
		if (i > start) {
			*v = xgrow(*v, cap, *n + 1, sizeof **v);
			(*v)[(*n)++] = xstrndup(s + start, i - start);
		}
	}
}

static void
on_comment(struct parser *ps, const struct token *t)
{
	end_entry(ps, t);
	ps->st = S_IDLE;
	ps->prev_cur = -1;
	switch (t->ckind) {
	case ' ':
		if (ps->has_tcomment)
			buf_addc(&ps->tcomment, '\n');
		buf_add(&ps->tcomment, t->text, t->textlen);
		ps->has_tcomment = 1;
		break;
	case '.':
		if (ps->has_extracted)
			buf_addc(&ps->extracted, '\n');
		buf_add(&ps->extracted, t->text, t->textlen);
		ps->has_extracted = 1;
		break;
	case ':':
		add_split(&ps->refs, &ps->nrefs, &ps->caprefs, t->text,
		    t->textlen, 0);
		break;
	case ',': {
		size_t first = ps->nflags;
		add_split(&ps->flags, &ps->nflags, &ps->capflags, t->text,
		    t->textlen, 1);
		for (size_t i = first; i < ps->nflags; i++)
			if (strcmp(ps->flags[i], "fuzzy") == 0)
				ps->fuzzy = 1;
		break;
	}
	}
}

static int
starts_entry(const struct token *t)
{
	return t->type == T_COMMENT || (t->type == T_KEYWORD &&
	    (t->kw == KW_MSGCTXT || t->kw == KW_MSGID || t->kw == KW_DOMAIN));
}

static void
parse_tokens(struct parser *ps)
{
	struct token t;

	for (;;) {
		lex_next(&ps->lx, &t);
		if (ps->st == S_SKIP) {
			if (t.type != T_EOF && !starts_entry(&t))
				continue;
			ps->st = S_IDLE;
		}
		switch (t.type) {
		case T_EOF:
			end_entry(ps, &t);
			return;
		case T_BAD:
			/* Already reported by the lexer.  Garbage after a
			 * complete entry spares it; a broken string is part of
			 * the entry it would continue, which is dropped. */
			if (t.bad_string) {
				pending_clear(ps);
				ps->st = S_SKIP;
			} else
				fail(ps, &t, 0);
			break;
		case T_COMMENT:
			on_comment(ps, &t);
			break;
		case T_KEYWORD:
			on_keyword(ps, &t);
			break;
		case T_STRING:
			on_string(ps, &t);
			break;
		}
		ps->last_line = t.line;
	}
}

static void
parser_free(struct parser *ps)
{
	pending_clear(ps);
	buf_free(&ps->lx.str);
	buf_free(&ps->ctxt);
	buf_free(&ps->id);
	buf_free(&ps->plural);
	for (size_t i = 0; i < ps->capstrs; i++)
		buf_free(&ps->strs[i]);
	free(ps->strs);
	free(ps->str_lines);
	buf_free(&ps->tcomment);
	buf_free(&ps->extracted);
	for (size_t i = 0; i < 3; i++)
		buf_free(&ps->prev[i]);
	free(ps->refs);
	free(ps->flags);
}

/* ------------------------------------------------------------------------
 * Header fields
 */

/* The trimmed value of field name in header text, or NULL. */
static char *
header_value(const char *text, const char *name)
{
	size_t nlen = strlen(name);
	const char *line = text;

	while (line && *line) {
		const char *nl = strchr(line, '\n');
		const char *eol = nl ? nl : line + strlen(line);
		if ((size_t)(eol - line) > nlen && line[nlen] == ':' &&
		    ascii_casecmp_n(line, name, nlen) == 0) {
			const char *v = line + nlen + 1;
			while (v < eol && is_space((unsigned char)*v))
				v++;
			const char *ve = eol;
			while (ve > v && is_space((unsigned char)ve[-1]))
				ve--;
			return xstrndup(v, (size_t)(ve - v));
		}
		line = nl ? nl + 1 : NULL;
	}
	return NULL;
}

/* The charset= parameter of a Content-Type value, or NULL. */
static char *
content_type_charset(const char *ct)
{
	for (const char *p = ct; *p; p++) {
		if (ascii_casecmp_n(p, "charset=", 8) != 0)
			continue;
		const char *v = p + 8, *e;
		if (*v == '"')
			v++;
		for (e = v; *e && *e != ';' && *e != '"' &&
		    !is_space((unsigned char)*e); e++)
			;
		return xstrndup(v, (size_t)(e - v));
	}
	return NULL;
}

/* The declared charset in header text; NULL when missing or empty. */
static char *
header_charset(const char *text)
{
	char *ct = header_value(text, "Content-Type");
	char *cs = ct ? content_type_charset(ct) : NULL;

	free(ct);
	if (cs && *cs == '\0') {
		free(cs);
		cs = NULL;
	}
	return cs;
}

static int
parse_nplurals(const char *pf)
{
	const char *p = pf;
	while ((p = strstr(p, "nplurals")) != NULL) {
		p += 8;
		while (is_space((unsigned char)*p))
			p++;
		if (*p != '=')
			continue;
		p++;
		while (is_space((unsigned char)*p))
			p++;
		int n = 0, nd = 0;
		while (*p >= '0' && *p <= '9' && nd < 6) {
			n = n * 10 + (*p++ - '0');
			nd++;
		}
		if (nd == 0 || (*p >= '0' && *p <= '9') || n > 1000)
			return 0;
		return n;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Charset conversion (pass 2)
 */

struct conv {
	iconv_t		 cd;		/* (iconv_t)-1 for UTF-8 input */
	const char	*charset;
	struct reporter	*r;
};

static int
charset_name_ok(const char *s)
{
	size_t n = 0;
	for (; *s; s++, n++) {
		unsigned char c = (unsigned char)*s;
		if (!is_ident(c) && c != '-' && c != '.' && c != ':' &&
		    c != '+')
			return 0;
	}
	return n > 0 && n <= 64;
}

/* Charsets whose characters can contain the ASCII bytes '\\' or '"': a
 * byte-wise lexer would cut their strings in the wrong place.  gettext lexes
 * the multibyte ones character by character and does not allow the stateful
 * 7-bit ones at all; we refuse both. */
static int
charset_weird(const char *cs)
{
	static const char *const weird[] = {
		"BIG5", "BIG5-HKSCS", "BIG5HKSCS", "GBK", "GB18030",
		"SHIFT_JIS", "SHIFT-JIS", "SJIS", "CP932", "JOHAB", "CP949",
		"CP936", "CP950",
	};
	static const char *const stateful[] = {	/* prefixes */
		"ISO-2022", "ISO2022", "ISO_2022", "CSISO2022", "UTF-7",
		"UTF7", "UNICODE-1-1-UTF-7", "HZ",
	};
	for (size_t i = 0; i < ARRAY_LEN(weird); i++)
		if (ascii_caseeq(cs, weird[i]))
			return 1;
	for (size_t i = 0; i < ARRAY_LEN(stateful); i++)
		if (ascii_casecmp_n(cs, stateful[i], strlen(stateful[i])) == 0)
			return 1;
	return 0;
}

/* Convert s (n bytes) with cd, appending UTF-8 to out; undecodable bytes
 * become U+FFFD, one each.  Returns the number of replacements. */
static size_t
iconv_append(iconv_t cd, const char *s, size_t n, struct buf *out)
{
	char *in = (char *)s;
	size_t inleft = n, nbad = 0;
	int flushing = 0;

	iconv(cd, NULL, NULL, NULL, NULL);
	buf_reserve(out, n + n / 2 + 16);
	for (;;) {
		char *o = out->data + out->len;
		size_t oleft = out->cap - out->len - 1, rc;
		if (inleft > 0)
			rc = iconv(cd, &in, &inleft, &o, &oleft);
		else {
			/* Return a stateful encoding to its initial state. */
			rc = iconv(cd, NULL, NULL, &o, &oleft);
			flushing = 1;
		}
		int err = errno;
		out->len = (size_t)(o - out->data);
		if (rc != (size_t)-1) {
			if (flushing)
				break;
			continue;
		}
		if (err == E2BIG) {
			buf_reserve(out, out->cap);
			flushing = 0;
			continue;
		}
		if (flushing)
			break;
		/* EILSEQ, EINVAL (truncated at the end) or anything else. */
		buf_add(out, "\xEF\xBF\xBD", 3);
		nbad++;
		in++;
		inleft--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	out->data[out->len] = '\0';
	return nbad;
}

/* Make *sp valid UTF-8 in place; what names the field in the warning. */
static void
fix_string(struct conv *cv, char **sp, int line, const char *what)
{
	char *s = *sp;
	size_t n = strlen(s), nbad;
	struct buf out = {0};

	if (cv->cd == (iconv_t)-1) {
		if (utf8_valid(s, n))
			return;
		nbad = utf8_sanitize(&out, s, n);
		report(cv->r, DIAG_WARNING, line,
		    _("invalid UTF-8 in %s; %zu byte sequence(s) replaced "
		    "with U+FFFD"), what, nbad);
	} else {
		size_t i;
		for (i = 0; i < n && !((unsigned char)s[i] & 0x80); i++)
			;
		if (i == n)
			return;	/* ASCII: identical in an ASCII-compatible charset */
		struct buf tmp = {0};
		nbad = iconv_append(cv->cd, s, n, &tmp);
		/* Belt and braces: whatever iconv produced must be clean. */
		nbad += utf8_sanitize(&out, tmp.data, tmp.len);
		buf_free(&tmp);
		if (nbad)
			report(cv->r, DIAG_WARNING, line,
			    _("invalid %s text in %s; %zu byte sequence(s) "
			    "replaced with U+FFFD"), cv->charset, what, nbad);
	}
	free(s);
	*sp = buf_detach(&out);
}

static void
fix_entry(struct conv *cv, struct po_entry *e, const struct field_lines *fl)
{
	char what[40];

	if (e->msgctxt)
		fix_string(cv, &e->msgctxt, fl->ctxt, "msgctxt");
	fix_string(cv, &e->msgid, e->line, "msgid");
	if (e->msgid_plural)
		fix_string(cv, &e->msgid_plural, fl->plural, "msgid_plural");
	for (size_t i = 0; i < e->nmsgstr; i++) {
		if (e->msgid_plural)
			snprintf(what, sizeof what, "msgstr[%zu]", i);
		else
			snprintf(what, sizeof what, "msgstr");
		fix_string(cv, &e->msgstr[i], fl->str[i], what);
	}
	for (size_t i = 0; i < e->nrefs; i++)
		fix_string(cv, &e->refs[i], e->line, _("a '#:' reference"));
	for (size_t i = 0; i < e->nflags; i++)
		fix_string(cv, &e->flags[i], e->line, _("a '#,' flag"));
	if (e->extracted)
		fix_string(cv, &e->extracted, e->line, _("a '#.' comment"));
	if (e->translator_comment)
		fix_string(cv, &e->translator_comment, e->line,
		    _("a comment"));
	if (e->prev_msgctxt)
		fix_string(cv, &e->prev_msgctxt, e->line, "#| msgctxt");
	if (e->prev_msgid)
		fix_string(cv, &e->prev_msgid, e->line, "#| msgid");
	if (e->prev_msgid_plural)
		fix_string(cv, &e->prev_msgid_plural, e->line,
		    "#| msgid_plural");
}

/* Set up cv from the declared charset; 0, or -1 when it is unusable. */
static int
conv_open(struct conv *cv, const char *charset, int line, int have_entries)
{
	cv->cd = (iconv_t)-1;
	cv->charset = charset;
	if (charset == NULL || ascii_caseeq(charset, "CHARSET")) {
		/* "CHARSET" is xgettext's placeholder in a fresh .pot. */
		if (have_entries)
			report(cv->r, DIAG_WARNING, line, charset ?
			    _("the header's charset is the placeholder "
			    "'CHARSET'; assuming UTF-8") :
			    _("no charset declared in the header's "
			    "Content-Type; assuming UTF-8"));
		return 0;
	}
	if (ascii_caseeq(charset, "UTF-8") || ascii_caseeq(charset, "UTF8"))
		return 0;
	if (!charset_name_ok(charset)) {
		report(cv->r, DIAG_ERROR, line,
		    _("invalid charset name in the header's Content-Type"));
		return -1;
	}
	if (charset_weird(charset)) {
		report(cv->r, DIAG_ERROR, line,
		    _("charset '%s' is not supported (its characters can "
		    "contain '\\' and '\"'); convert the file to UTF-8"),
		    charset);
		return -1;
	}
	cv->cd = iconv_open("UTF-8", charset);
	if (cv->cd == (iconv_t)-1) {
		report(cv->r, DIAG_ERROR, line,
		    _("unknown charset '%s'; cannot convert it to UTF-8"),
		    charset);
		return -1;
	}
	/* The lexer works on bytes, so the charset must agree with ASCII. */
	static const char probe[] =
	    "msgid msgstr \"\\#:.,~|[]0123456789 abcxyz ABCXYZ_\n";
	struct buf out = {0};
	size_t nbad = iconv_append(cv->cd, probe, sizeof probe - 1, &out);
	int same = nbad == 0 && out.len == sizeof probe - 1 &&
	    memcmp(out.data, probe, out.len) == 0;
	buf_free(&out);
	if (!same) {
		report(cv->r, DIAG_ERROR, line,
		    _("charset '%s' is not ASCII-compatible; convert the file "
		    "to UTF-8"), charset);
		iconv_close(cv->cd);
		cv->cd = (iconv_t)-1;
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Lookup table
 */

#define ROTL(x, b)	(uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do {							\
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32);	\
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2;				\
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0;				\
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32);	\
} while (0)

/* SipHash-2-4: keyed, so collisions cannot be precomputed by a file's
 * author to make the table quadratic. */
static uint64_t
siphash(const uint64_t k[2], const char *data, size_t len)
{
	const unsigned char *in = (const unsigned char *)data;
	uint64_t v0 = 0x736f6d6570736575ULL ^ k[0];
	uint64_t v1 = 0x646f72616e646f6dULL ^ k[1];
	uint64_t v2 = 0x6c7967656e657261ULL ^ k[0];
	uint64_t v3 = 0x7465646279746573ULL ^ k[1];
	uint64_t m, b = (uint64_t)len << 56;
	size_t i, full = len - len % 8;

	for (i = 0; i < full; i += 8) {
		m = 0;
		for (int j = 0; j < 8; j++)
			m |= (uint64_t)in[i + j] << (8 * j);
		v3 ^= m;
		SIPROUND;
		SIPROUND;
		v0 ^= m;
	}
	for (int j = 0; i < len; i++, j++)
		b |= (uint64_t)in[i] << (8 * j);
	v3 ^= b;
	SIPROUND;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

static uint64_t
key_hash(const uint64_t k[2], const char *ctxt, const char *id)
{
	uint64_t h = siphash(k, id, strlen(id));
	if (ctxt)
		h ^= siphash(k, ctxt, strlen(ctxt)) * 0x9E3779B97F4A7C15ULL +
		    0x632BE59BD9B4E019ULL;
	return h;
}

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int
key_eq(const struct po_entry *e, const char *ctxt, const char *id)
{
	if ((e->msgctxt == NULL) != (ctxt == NULL))
		return 0;
	if (ctxt && strcmp(e->msgctxt, ctxt) != 0)
		return 0;
	return strcmp(e->msgid, id) == 0;
}

/* The slot holding (ctxt, id), or the empty slot where it would go. */
static size_t
table_probe(const struct po_file *pf, const char *ctxt, const char *id)
{
	size_t mask = pf->nslots - 1;
	size_t i = (size_t)key_hash(pf->hashkey, ctxt, id) & mask;

	while (pf->slots[i] != 0 &&
	    !key_eq(&pf->entries[pf->slots[i] - 1], ctxt, id))
		i = (i + 1) & mask;
	return i;
}

/* ------------------------------------------------------------------------
 * Public API
 */

static void
entry_free(struct po_entry *e)
{
	free(e->msgctxt);
	free(e->msgid);
	free(e->msgid_plural);
	free_strv(e->msgstr, e->nmsgstr);
	free_strv(e->refs, e->nrefs);
	free_strv(e->flags, e->nflags);
	free(e->extracted);
	free(e->translator_comment);
	free(e->prev_msgctxt);
	free(e->prev_msgid);
	free(e->prev_msgid_plural);
}

static int
is_header(const struct po_entry *e)
{
	return !e->obsolete && e->msgctxt == NULL && e->msgid[0] == '\0';
}

struct po_file *
po_parse(const char *data, size_t len, const char *filename, struct diags *d)
{
	struct reporter r = { d, filename, 0, 0, 0 };
	struct parser ps;

	memset(&ps, 0, sizeof ps);
	ps.r = &r;
	ps.prev_cur = -1;
	ps.lx.r = &r;
	ps.lx.line = 1;
	ps.lx.p = data ? data : "";
	ps.lx.end = ps.lx.p + (data ? len : 0);
	if (ps.lx.end - ps.lx.p >= 3 && memcmp(ps.lx.p, "\xEF\xBB\xBF", 3) == 0)
		ps.lx.p += 3;
	parse_tokens(&ps);

	struct po_entry *v = ps.v;
	struct field_lines *fl = ps.lines;
	size_t n = ps.n;
	ps.v = NULL;
	ps.lines = NULL;
	parser_free(&ps);

	/* The charset comes from the first header, wherever it is. */
	const struct po_entry *hdr = NULL;
	for (size_t i = 0; i < n && !hdr; i++)
		if (is_header(&v[i]))
			hdr = &v[i];
	char *cs = hdr ? header_charset(hdr->msgstr[0]) : NULL;
	struct conv cv = { (iconv_t)-1, NULL, &r };
	int rc = conv_open(&cv, cs, hdr ? hdr->line : 0, n > 0);

	/* Declared in another charset but valid UTF-8 with non-ASCII text:
	 * saved as UTF-8 and mislabelled (real Latin-7 or CP1257 text is
	 * practically never valid UTF-8).  Converting it would garble every
	 * translation, so it is an error: the caller falls back to the
	 * original text and the translator learns what to correct. */
	if (rc == 0 && cv.cd != (iconv_t)-1 && utf8_valid(data ? data : "", data ? len : 0)) {
		size_t k = 0;
		while (k < len && (unsigned char)data[k] < 0x80)
			k++;
		if (k < len)
			report(&r, DIAG_ERROR, hdr ? hdr->line : 0,
			    _("the file is UTF-8 but its header declares charset "
			    "'%s'; correct the charset to UTF-8"), cs);
	}
	if (rc == 0) {
		for (size_t i = 0; i < n; i++)
			fix_entry(&cv, &v[i], &fl[i]);
		if (cv.cd != (iconv_t)-1)
			iconv_close(cv.cd);
	}
	free(cs);
	for (size_t i = 0; i < n; i++)
		free(fl[i].str);
	free(fl);
	if (rc != 0) {
		for (size_t i = 0; i < n; i++)
			entry_free(&v[i]);
		free(v);
		return NULL;
	}

	struct po_file *pf = xcalloc(1, sizeof *pf);
	pf->filename = filename ? xstrdup(filename) : NULL;
	pf->entries = v;
	/* Addresses differ from run to run (ASLR): a cheap per-file key. */
	uint64_t seed = (uint64_t)(uintptr_t)pf ^ ((uint64_t)n << 32) ^
	    (uint64_t)(uintptr_t)v ^ (uint64_t)len;
	pf->hashkey[0] = splitmix(&seed);
	pf->hashkey[1] = splitmix(&seed);
	pf->nslots = 16;
	while (pf->nslots < 2 * n)
		pf->nslots *= 2;
	pf->slots = xcalloc(pf->nslots, sizeof *pf->slots);

	/* Drop duplicates (the first stays) while filling the table;
	 * pf->entries[0..kept) is the compacted array the table indexes. */
	size_t kept = 0;
	for (size_t i = 0; i < n; i++) {
		if (!v[i].obsolete) {
			size_t slot = table_probe(pf, v[i].msgctxt, v[i].msgid);
			if (pf->slots[slot] != 0) {
				report(&r, DIAG_WARNING, v[i].line,
				    _("duplicate message: same msgctxt and "
				    "msgid as the entry at line %d; this one "
				    "is ignored"), v[pf->slots[slot] - 1].line);
				entry_free(&v[i]);
				continue;
			}
			pf->slots[slot] = kept + 1;
		}
		if (kept != i)
			v[kept] = v[i];
		kept++;
	}
	pf->nentries = kept;
	pf->header = po_find(pf, NULL, "");
	if (pf->header) {
		const char *h = pf->header->msgstr[0];
		pf->charset = header_charset(h);
		pf->plural_forms = header_value(h, "Plural-Forms");
		pf->nplurals = pf->plural_forms ?
		    parse_nplurals(pf->plural_forms) : 0;
		pf->language = header_value(h, "Language");
	}
	pf->nerrors = r.nerrors;
	pf->nwarnings = r.nwarnings;
	return pf;
}

struct po_file *
po_load(const char *path, struct diags *d)
{
	struct reporter r = { d, path, 0, 0, 0 };
	struct buf b = {0};
	int e = read_file(path, PO_MAX_FILE_SIZE, &b);

	if (e != 0) {
		if (e == EFBIG)
			report(&r, DIAG_ERROR, 0,
			    _("the file is larger than %lu MiB"),
			    PO_MAX_FILE_SIZE >> 20);
		else if (e == EINVAL)
			report(&r, DIAG_ERROR, 0, _("not a regular file"));
		else
			report(&r, DIAG_ERROR, 0, _("cannot read the file: %s"),
			    strerror(e));
		buf_free(&b);
		return NULL;
	}
	struct po_file *pf = po_parse(b.data, b.len, path, d);
	buf_free(&b);
	return pf;
}

const struct po_entry *
po_find(const struct po_file *pf, const char *msgctxt, const char *msgid)
{
	if (pf == NULL || msgid == NULL || pf->nslots == 0)
		return NULL;
	size_t slot = table_probe(pf, msgctxt, msgid);
	return pf->slots[slot] ? &pf->entries[pf->slots[slot] - 1] : NULL;
}

const char *
po_translation(const struct po_file *pf, const char *msgid)
{
	const struct po_entry *e = po_find(pf, NULL, msgid);

	if (e == NULL || e->fuzzy || e->obsolete || is_header(e) ||
	    e->msgstr[0][0] == '\0')
		return NULL;
	return e->msgstr[0];
}

static void
count_entry(const struct po_entry *e, size_t c[3])
{
	if (e->obsolete || is_header(e))
		return;
	if (e->msgstr[0][0] == '\0')
		c[2]++;
	else if (e->fuzzy)
		c[1]++;
	else
		c[0]++;
}

static void
store_counts(const size_t c[3], size_t *translated, size_t *fuzzy,
    size_t *untranslated)
{
	if (translated)
		*translated = c[0];
	if (fuzzy)
		*fuzzy = c[1];
	if (untranslated)
		*untranslated = c[2];
}

void
po_stats(const struct po_file *pf, size_t *translated, size_t *fuzzy,
    size_t *untranslated)
{
	size_t c[3] = { 0, 0, 0 };

	for (size_t i = 0; pf && i < pf->nentries; i++)
		count_entry(&pf->entries[i], c);
	store_counts(c, translated, fuzzy, untranslated);
}

int
po_entry_refers_to(const struct po_entry *e, const char *path)
{
	size_t n = strlen(path);

	for (size_t i = 0; i < e->nrefs; i++) {
		const char *ref = e->refs[i];
		if (strncmp(ref, path, n) != 0)
			continue;
		if (ref[n] == '\0')
			return 1;
		if (ref[n] != ':' || ref[n + 1] == '\0')
			continue;
		const char *p = ref + n + 1;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p == '\0')
			return 1;
	}
	return 0;
}

void
po_stats_ref(const struct po_file *pf, const char *path, size_t *translated,
    size_t *fuzzy, size_t *untranslated)
{
	size_t c[3] = { 0, 0, 0 };

	for (size_t i = 0; pf && path && i < pf->nentries; i++)
		if (po_entry_refers_to(&pf->entries[i], path))
			count_entry(&pf->entries[i], c);
	store_counts(c, translated, fuzzy, untranslated);
}

char *
po_header_field(const struct po_file *pf, const char *name)
{
	if (pf == NULL || pf->header == NULL || name == NULL)
		return NULL;
	return header_value(pf->header->msgstr[0], name);
}

void
po_free(struct po_file *pf)
{
	if (pf == NULL)
		return;
	for (size_t i = 0; i < pf->nentries; i++)
		entry_free(&pf->entries[i]);
	free(pf->entries);
	free(pf->slots);
	free(pf->filename);
	free(pf->charset);
	free(pf->plural_forms);
	free(pf->language);
	free(pf);
}

/* ------------------------------------------------------------------------
 * Writer
 */

static void
write_escaped(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;

	buf_addc(out, '"');
	for (size_t i = 0; i < n; i++) {
		const char *esc;
		switch (s[i]) {
		case '\n':	esc = "\\n"; break;
		case '\t':	esc = "\\t"; break;
		case '\r':	esc = "\\r"; break;
		case '\a':	esc = "\\a"; break;
		case '\b':	esc = "\\b"; break;
		case '\f':	esc = "\\f"; break;
		case '\v':	esc = "\\v"; break;
		case '\\':	esc = "\\\\"; break;
		case '"':	esc = "\\\""; break;
		default:	continue;
		}
		buf_add(out, s + start, i - start);
		buf_add(out, esc, 2);
		start = i + 1;
	}
	buf_add(out, s + start, n - start);
	buf_add(out, "\"\n", 2);
}

void
po_write_string(struct buf *out, const char *keyword, const char *s)
{
	if (s == NULL)
		s = "";
	size_t n = strlen(s);

	buf_adds(out, keyword);
	buf_addc(out, ' ');
	/* gettext's rule: only a "\n" before the last byte splits. */
	if (n < 2 || memchr(s, '\n', n - 1) == NULL) {
		write_escaped(out, s, n);
		return;
	}
	buf_add(out, "\"\"\n", 3);
	const char *p = s, *end = s + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *pe = nl ? nl + 1 : end;
		write_escaped(out, p, (size_t)(pe - p));
		p = pe;
	}
}

/* Append n bytes of s with control characters as spaces: comment lines must
 * stay one line each whatever the caller passes. */
static void
add_clean(struct buf *out, const char *s, size_t n)
{
	size_t start = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != 0x7F)
			continue;
		buf_add(out, s + start, i - start);
		buf_addc(out, ' ');
		start = i + 1;
	}
	buf_add(out, s + start, n - start);
}

void
po_write_header(struct buf *out, const char *project, const char *language,
    const char *pot_date)
{
	struct buf h = {0};

	buf_adds(out, "# SOME DESCRIPTIVE TITLE.\n"
	    "# Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER\n"
	    "# This file is distributed under the same license as the ");
	if (project)
		add_clean(out, project, strlen(project));
	else
		buf_adds(out, "PACKAGE");
	buf_adds(out, " package.\n"
	    "# FIRST AUTHOR <EMAIL@ADDRESS>, YEAR.\n"
	    "#\n"
	    "#, fuzzy\n");
	po_write_string(out, "msgid", "");

	buf_adds(&h, "Project-Id-Version: ");
	if (project)
		add_clean(&h, project, strlen(project));
	else
		buf_adds(&h, "PACKAGE VERSION");
	buf_adds(&h, "\nReport-Msgid-Bugs-To: \n");
	if (pot_date) {
		buf_adds(&h, "POT-Creation-Date: ");
		add_clean(&h, pot_date, strlen(pot_date));
		buf_addc(&h, '\n');
	}
	buf_adds(&h, "PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\n"
	    "Last-Translator: FULL NAME <EMAIL@ADDRESS>\n"
	    "Language-Team: LANGUAGE <LL@li.org>\n"
	    "Language: ");
	if (language)
		add_clean(&h, language, strlen(language));
	buf_adds(&h, "\nMIME-Version: 1.0\n"
	    "Content-Type: text/plain; charset=UTF-8\n"
	    "Content-Transfer-Encoding: 8bit\n");
	po_write_string(out, "msgstr", h.data);
	buf_free(&h);
}

void
po_write_entry(struct buf *out, const char *extracted_comment,
    const char *const *refs, size_t nrefs, const char *msgid)
{
	buf_addc(out, '\n');
	if (extracted_comment && *extracted_comment) {
		const char *p = extracted_comment;
		for (;;) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			/* A trailing "\n" does not make an empty last line. */
			if (n == 0 && nl == NULL)
				break;
			buf_add(out, "#.", 2);
			if (n) {
				buf_addc(out, ' ');
				add_clean(out, p, n);
			}
			buf_addc(out, '\n');
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	if (nrefs) {
		/* msgmerge's rule: a reference goes to a new "#:" line when
		 * it would make the line longer than PO_REF_WIDTH. */
		size_t column = 2;
		buf_add(out, "#:", 2);
		for (size_t i = 0; i < nrefs; i++) {
			const char *ref = refs[i] ? refs[i] : "";
			size_t len = strlen(ref) + 1;
			if (column > 2 && column + len > PO_REF_WIDTH) {
				buf_add(out, "\n#:", 3);
				column = 2;
			}
			buf_addc(out, ' ');
			add_clean(out, ref, len - 1);
			column += len;
		}
		buf_addc(out, '\n');
	}
	po_write_string(out, "msgid", msgid);
	buf_add(out, "msgstr \"\"\n", 10);
}
