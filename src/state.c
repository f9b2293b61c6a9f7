/* state.c — see state.h.
 *
 * Format, version 1 (fields separated by one space; text fields escaped
 * as %XX for '%', controls, space and DEL, so a field is never empty
 * ("%" alone stands for the empty string) and never holds a space):
 *
 *	handbook-state 1
 *	book /canonical/book/folder
 *	last somec.md 12 340
 *	mark a somec.md 12 340
 *	list search risk%20assessment
 *	end
 *
 * Unknown keywords are kept and written back (a later minor version may
 * add some); a higher version number makes the file read-only to us. */
#include <config.h>

#include "state.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_MAX_FILE	(4u << 20)
#define MAGIC		"handbook-state"

/* ---- memory ------------------------------------------------------------ */

static void
pos_clear(struct state_pos *p)
{
	free(p->path);
	p->path = NULL;
	p->block = -1;
	p->offset = 0;
}

static void
pos_set(struct state_pos *p, const char *path, int block, size_t offset)
{
	char *copy = path ? xstrdup(path) : NULL;
	pos_clear(p);
	p->path = copy;
	p->block = path ? block : -1;
	p->offset = path ? offset : 0;
}

static void
list_free(struct state_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	free(l->name);
	memset(l, 0, sizeof *l);
}

static void
lists_free(struct state_list **v, size_t *n, size_t *cap)
{
	for (size_t i = 0; i < *n; i++)
		list_free(&(*v)[i]);
	free(*v);
	*v = NULL;
	*n = *cap = 0;
}

void
state_init(struct state *st, const char *book)
{
	memset(st, 0, sizeof *st);
	st->book = xstrdup(book ? book : "");
	st->last.block = -1;
	for (int i = 0; i < STATE_NMARKS; i++)
		st->marks[i].block = -1;
}

/* Drop the contents but not the pending changes' bookkeeping. */
static void
clear_data(struct state *st)
{
	pos_clear(&st->last);
	for (int i = 0; i < STATE_NMARKS; i++)
		pos_clear(&st->marks[i]);
	lists_free(&st->lists, &st->nlists, &st->lists_cap);
	for (size_t i = 0; i < st->nextra; i++)
		free(st->extra[i]);
	free(st->extra);
	st->extra = NULL;
	st->nextra = st->extra_cap = 0;
}

void
state_free(struct state *st)
{
	clear_data(st);
	lists_free(&st->added, &st->nadded, &st->added_cap);
	free(st->book);
	st->book = NULL;
}

static struct state_list *
find_list(struct state_list **v, size_t *n, size_t *cap, const char *name, int create)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].name, name))
			return &(*v)[i];
	if (!create)
		return NULL;
	*v = xgrow(*v, cap, *n + 1, sizeof **v);
	struct state_list *l = &(*v)[(*n)++];
	memset(l, 0, sizeof *l);
	l->name = xstrdup(name);
	return l;
}

/* Move item to the front of l (newest first), at most `max` kept. */
static void
list_push(struct state_list *l, const char *item, size_t max)
{
	char *keep = NULL;
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->items[i], item)) {
			keep = l->items[i];
			memmove(&l->items[i], &l->items[i + 1], (l->n - i - 1) * sizeof *l->items);
			l->n--;
			break;
		}
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	memmove(&l->items[1], &l->items[0], l->n * sizeof *l->items);
	l->items[0] = keep ? keep : xstrdup(item);
	l->n++;
	while (l->n > max)
		free(l->items[--l->n]);
}

/* Append at the end (loading: the file is newest first). */
static void
list_append(struct state_list *l, const char *item)
{
	if (l->n >= STATE_LIST_MAX)
		return;
	l->items = xgrow(l->items, &l->cap, l->n + 1, sizeof *l->items);
	l->items[l->n++] = xstrdup(item);
}

void
state_set_last(struct state *st, const char *path, int block, size_t offset)
{
	pos_set(&st->last, path, block, offset);
	st->last_dirty = 1;
}

void
state_set_mark(struct state *st, int letter, const char *path, int block, size_t offset)
{
	if (letter < 'a' || letter > 'z')
		return;
	pos_set(&st->marks[letter - 'a'], path, block, offset);
	st->marks_dirty |= 1u << (letter - 'a');
}

const struct state_pos *
state_mark(const struct state *st, int letter)
{
	if (letter < 'a' || letter > 'z' || !st->marks[letter - 'a'].path)
		return NULL;
	return &st->marks[letter - 'a'];
}

void
state_list_add(struct state *st, const char *name, const char *item)
{
	list_push(find_list(&st->lists, &st->nlists, &st->lists_cap, name, 1), item, STATE_LIST_MAX);
	/* remember the order of additions for the merge */
	struct state_list *a = find_list(&st->added, &st->nadded, &st->added_cap, name, 1);
	a->items = xgrow(a->items, &a->cap, a->n + 1, sizeof *a->items);
	a->items[a->n++] = xstrdup(item);
}

char *const *
state_list(const struct state *st, const char *name, size_t *n)
{
	for (size_t i = 0; i < st->nlists; i++)
		if (!strcmp(st->lists[i].name, name)) {
			*n = st->lists[i].n;
			return st->lists[i].n ? st->lists[i].items : NULL;
		}
	*n = 0;
	return NULL;
}

/* ---- where ---------------------------------------------------------------- */

char *
state_dir(void)
{
	const char *x = getenv("XDG_STATE_HOME");
	/* The XDG spec: a relative path is invalid and must be ignored. */
	if (x && x[0] == '/')
		return xasprintf("%s/handbook", x);
	const char *home = getenv("HOME");
	if (!home || home[0] != '/') {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
	}
	if (!home)
		return NULL;
	return xasprintf("%s/.local/state/handbook", home);
}

char *
state_file(const char *dir, const char *book)
{
	/* FNV-1a, 64 bits: stable across runs and machines. */
	uint64_t h = 0xcbf29ce484222325ull;
	for (const unsigned char *p = (const unsigned char *)book; *p; p++) {
		h ^= *p;
		h *= 0x100000001b3ull;
	}
	/* The folder's name too, so people can tell the files apart. */
	const char *base = strrchr(book, '/');
	base = base && base[1] ? base + 1 : "book";
	struct buf name = {0};
	for (const char *p = base; *p && name.len < 32; p++) {
		char c = *p;
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.';
		buf_addc(&name, ok ? c : '_');
	}
	char *f = xasprintf("%s/%s-%016llx.state", dir, name.data ? name.data : "book",
	    (unsigned long long)h);
	buf_free(&name);
	return f;
}

/* ---- text format ------------------------------------------------------------- */

static void
put_field(struct buf *b, const char *s)
{
	if (!*s) {
		buf_addc(b, '%');
		return;
	}
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p <= 0x20 || *p == 0x7f || *p == '%')
			buf_printf(b, "%%%02X", *p);
		else
			buf_addc(b, (char)*p);
	}
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode a field; NULL when malformed.  Caller frees. */
static char *
get_field(const char *s)
{
	if (!strcmp(s, "%"))
		return xstrdup("");
	struct buf b = {0};
	for (; *s; s++) {
		if (*s == '%') {
			int h = hexval(s[1]), l = h >= 0 ? hexval(s[2]) : -1;
			if (h < 0 || l < 0 || (h == 0 && l == 0)) {
				buf_free(&b);
				return NULL;
			}
			buf_addc(&b, (char)(h * 16 + l));
			s += 2;
		} else {
			buf_addc(&b, *s);
		}
	}
	return buf_detach(&b);
}

static void
put_pos(struct buf *b, const char *key, const char *letter, const struct state_pos *p)
{
	if (!p->path)
		return;
	buf_adds(b, key);
	if (letter) {
		buf_addc(b, ' ');
		buf_adds(b, letter);
	}
	buf_addc(b, ' ');
	put_field(b, p->path);
	buf_printf(b, " %d %zu\n", p->block, p->offset);
}

static void
serialize(const struct state *st, struct buf *b)
{
	buf_printf(b, "%s %d\n", MAGIC, STATE_VERSION);
	buf_adds(b, "book ");
	put_field(b, st->book ? st->book : "");
	buf_addc(b, '\n');
	put_pos(b, "last", NULL, &st->last);
	for (int i = 0; i < STATE_NMARKS; i++) {
		char l[2] = { (char)('a' + i), 0 };
		put_pos(b, "mark", l, &st->marks[i]);
	}
	for (size_t i = 0; i < st->nlists; i++)
		for (size_t k = 0; k < st->lists[i].n; k++) {
			buf_adds(b, "list ");
			put_field(b, st->lists[i].name);
			buf_addc(b, ' ');
			put_field(b, st->lists[i].items[k]);
			buf_addc(b, '\n');
		}
	for (size_t i = 0; i < st->nextra; i++) {
		buf_adds(b, st->extra[i]);
		buf_addc(b, '\n');
	}
	buf_adds(b, "end\n");
}

/* Split s in place at spaces into at most max fields; returns the count. */
static int
split(char *s, char **f, int max)
{
	int n = 0;
	while (*s && n < max) {
		f[n++] = s;
		char *sp = strchr(s, ' ');
		if (!sp)
			break;
		*sp = '\0';
		s = sp + 1;
	}
	return n;
}

static int
parse_pos(char **f, int n, struct state_pos *p)
{
	if (n != 3)
		return -1;
	char *path = get_field(f[0]);
	char *e1, *e2;
	errno = 0;
	long block = strtol(f[1], &e1, 10);
	unsigned long long off = strtoull(f[2], &e2, 10);
	if (!path || !*path || *e1 || *e2 || errno || block < -1 || block > INT_MAX ||
	    f[2][0] == '-' || off > SIZE_MAX) {
		free(path);
		return -1;
	}
	pos_clear(p);
	p->path = path;
	p->block = (int)block;
	p->offset = (size_t)off;
	return 0;
}

/* Parse text into st.  Returns 0, or -1 with *err (caller frees). */
static int
parse(struct state *st, char *text, size_t len, const char *file, char **err)
{
	if (memchr(text, '\0', len) || !text_valid_utf8(text, len)) {
		*err = xasprintf(_("reading state %s is not a text file; it was ignored"), file);
		return -1;
	}
	if (len == 0) {
		*err = xasprintf(_("reading state %s is empty; it was ignored"), file);
		return -1;
	}
	if (strncmp(text, MAGIC " ", strlen(MAGIC) + 1)) {
		*err = xasprintf(_("reading state %s is damaged; it was ignored"), file);
		return -1;
	}
	char *line = text, *nl;
	int lineno = 0, ended = 0, bad = 0;
	while (*line) {
		nl = strchr(line, '\n');
		if (!nl)
			break;	/* an unterminated last line: truncated */
		*nl = '\0';
		lineno++;
		char *f[5];
		int n = split(line, f, 5);
		if (lineno == 1) {
			char *e;
			long v = n == 2 && !strcmp(f[0], MAGIC) ? strtol(f[1], &e, 10) : 0;
			if (v < 1 || *e) {
				*err = xasprintf(_("reading state %s is damaged; it was ignored"), file);
				return -1;
			}
			if (v > STATE_VERSION) {
				st->readonly = 1;
				*err = xasprintf(_("reading state %s is from a newer version of handbook; "
				    "it is left as it is"), file);
				return -1;
			}
		} else if (ended || n == 0) {
			bad = bad ? bad : lineno;
		} else if (n == 1 && !strcmp(f[0], "end")) {
			ended = 1;
		} else if (n == 2 && !strcmp(f[0], "book")) {
			char *b = get_field(f[1]);
			if (b && st->book && strcmp(b, st->book) && st->book[0])
				bad = bad ? bad : lineno;	/* another book: a hash collision */
			free(b);
		} else if (!strcmp(f[0], "last")) {
			if (parse_pos(f + 1, n - 1, &st->last) < 0)
				bad = bad ? bad : lineno;
		} else if (!strcmp(f[0], "mark")) {
			if (n != 5 || strlen(f[1]) != 1 || f[1][0] < 'a' || f[1][0] > 'z' ||
			    parse_pos(f + 2, n - 2, &st->marks[f[1][0] - 'a']) < 0)
				bad = bad ? bad : lineno;
		} else if (!strcmp(f[0], "list")) {
			char *name = n == 3 ? get_field(f[1]) : NULL;
			char *item = n == 3 ? get_field(f[2]) : NULL;
			if (name && item && *name)
				list_append(find_list(&st->lists, &st->nlists, &st->lists_cap, name, 1), item);
			else
				bad = bad ? bad : lineno;
			free(name);
			free(item);
		} else {
			/* unknown: restore the spaces split() removed and keep it */
			for (int k = 1; k < n; k++)
				f[k][-1] = ' ';
			st->extra = xgrow(st->extra, &st->extra_cap, st->nextra + 1, sizeof *st->extra);
			st->extra[st->nextra++] = xstrdup(line);
		}
		line = nl + 1;
	}
	if (!ended) {
		*err = xasprintf(_("reading state %s is truncated; what was left of it was read"), file);
		return -1;
	}
	if (bad) {
		*err = xasprintf(_("reading state %s is damaged at line %d; the rest was read"), file, bad);
		return -1;
	}
	return 0;
}

int
state_load(struct state *st, const char *file, char **err)
{
	struct buf t = {0};
	*err = NULL;
	clear_data(st);
	st->readonly = 0;
	int e = read_file(file, STATE_MAX_FILE, &t);
	if (e == ENOENT) {
		buf_free(&t);
		return 0;
	}
	if (e) {
		*err = e == EFBIG ? xasprintf(_("reading state %s is too large; it was ignored"), file) :
		    xasprintf(_("cannot read the reading state %s: %s"), file, strerror(e));
		buf_free(&t);
		return -1;
	}
	int rc = parse(st, t.data ? t.data : (char *)"", t.len, file, err);
	buf_free(&t);
	return rc;
}

/* ---- saving ------------------------------------------------------------------ */

static int
mkdir_p(const char *dir)
{
	char *p = xstrdup(dir);
	int rc = 0;
	for (char *s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0700) < 0 && errno != EEXIST) {
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	int e = errno;
	free(p);
	errno = e;
	return rc;
}

static int
write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Apply st's pending changes to disk (the state read from the file). */
static void
merge(struct state *disk, const struct state *st)
{
	if (st->last_dirty)
		pos_set(&disk->last, st->last.path, st->last.block, st->last.offset);
	for (int i = 0; i < STATE_NMARKS; i++)
		if (st->marks_dirty & (1u << i))
			pos_set(&disk->marks[i], st->marks[i].path, st->marks[i].block, st->marks[i].offset);
	for (size_t i = 0; i < st->nadded; i++) {
		const struct state_list *a = &st->added[i];
		struct state_list *l = find_list(&disk->lists, &disk->nlists, &disk->lists_cap, a->name, 1);
		for (size_t k = 0; k < a->n; k++)
			list_push(l, a->items[k], STATE_LIST_MAX);
	}
}

/* Write text to file atomically: temp file, fsync, rename, fsync dir. */
static int
write_atomic(const char *dir, const char *file, const struct buf *text, char **err)
{
	char *tmp = xasprintf("%s.XXXXXX", file);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		*err = xasprintf(_("cannot save the reading state in %s: %s"), dir, strerror(errno));
		free(tmp);
		return -1;
	}
	int rc = -1;
	if (write_all(fd, text->data, text->len) < 0 || fsync(fd) < 0) {
		*err = xasprintf(_("cannot save the reading state in %s: %s"), dir, strerror(errno));
		close(fd);
		goto fail;
	}
	if (close(fd) < 0) {
		*err = xasprintf(_("cannot save the reading state in %s: %s"), dir, strerror(errno));
		goto fail;
	}
	if (rename(tmp, file) < 0) {
		*err = xasprintf(_("cannot save the reading state in %s: %s"), dir, strerror(errno));
		goto fail;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		/* Some file systems refuse fsync on a folder; the rename is
		 * done either way. */
		(void)fsync(dfd);
		close(dfd);
	}
	free(tmp);
	return 0;
fail:
	unlink(tmp);
	free(tmp);
	return rc;
}

static char *
dir_of(const char *file)
{
	const char *s = strrchr(file, '/');
	return s ? xstrndup(file, s == file ? 1 : (size_t)(s - file)) : xstrdup(".");
}

static int
dirty(const struct state *st)
{
	return st->last_dirty || st->marks_dirty || st->nadded;
}

int
state_save(struct state *st, const char *file, char **err)
{
	*err = NULL;
	if (st->readonly) {
		*err = xasprintf(_("reading state %s is from a newer version of handbook; "
		    "it is left as it is"), file);
		return -1;
	}
	char *dir = dir_of(file);
	if (mkdir_p(dir) < 0) {
		*err = xasprintf(_("cannot save the reading state in %s: %s"), dir, strerror(errno));
		free(dir);
		return -1;
	}
	char *lockname = xasprintf("%s.lock", file);
	int lfd = open(lockname, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	free(lockname);
	if (lfd < 0) {
		*err = xasprintf(_("cannot save the reading state in %s: %s"), dir, strerror(errno));
		free(dir);
		return -1;
	}
	while (flock(lfd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			*err = xasprintf(_("cannot lock the reading state %s: %s"), file, strerror(errno));
			close(lfd);
			free(dir);
			return -1;
		}
	}

	/* Read what is there now: another reader may have saved since. */
	struct state disk;
	state_init(&disk, st->book);
	char *lerr = NULL;
	int rc = 0;
	if (state_load(&disk, file, &lerr) < 0 && disk.readonly) {
		*err = lerr;
		lerr = NULL;
		st->readonly = 1;
		rc = -1;
	}
	free(lerr);	/* a damaged file is replaced by a good one */
	if (rc == 0) {
		merge(&disk, st);
		if (dirty(st)) {
			struct buf text = {0};
			serialize(&disk, &text);
			rc = write_atomic(dir, file, &text, err);
			buf_free(&text);
		}
	}
	flock(lfd, LOCK_UN);
	close(lfd);
	free(dir);
	if (rc == 0) {
		/* st becomes what is on disk, with nothing pending. */
		clear_data(st);
		st->last = disk.last;
		memcpy(st->marks, disk.marks, sizeof st->marks);
		st->lists = disk.lists;
		st->nlists = disk.nlists;
		st->lists_cap = disk.lists_cap;
		st->extra = disk.extra;
		st->nextra = disk.nextra;
		st->extra_cap = disk.extra_cap;
		memset(&disk.last, 0, sizeof disk.last);
		memset(disk.marks, 0, sizeof disk.marks);
		disk.lists = NULL;
		disk.nlists = disk.lists_cap = 0;
		disk.extra = NULL;
		disk.nextra = disk.extra_cap = 0;
		st->last_dirty = 0;
		st->marks_dirty = 0;
		lists_free(&st->added, &st->nadded, &st->added_cap);
	}
	state_free(&disk);
	return rc;
}
