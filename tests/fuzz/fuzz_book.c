/* fuzz_book.c — libFuzzer harness: loading a book.
 *
 * Input: parts separated by the byte 0x1E (record separator): SUMMARY.md,
 * src/chapter.md, src/inc.md and, when present, book.toml.  They are
 * written into a private book folder made once per process, next to fixed
 * traps: a file outside the book holding a canary, symbolic links to it,
 * to /dev/zero and to /etc/passwd, a FIFO, a directory named like a
 * chapter, a nested folder.  Then book_open, every chapter's source (with
 * its includes), book_find_chapter on numbers, file names and titles,
 * book_resolve_link on every link of every chapter, and --xgettext.
 *
 * Checked: no chapter source ever holds the canary unless the input wrote
 * it itself; chapter paths are relative and never climb ("..").  A hang on
 * the FIFO or /dev/zero shows up as a libFuzzer timeout. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "book.h"
#include "fuzz_check.h"
#include "l10n.h"
#include "render.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *base;		/* the private temp folder */
static char *root;		/* base/book */
static char canary[40];

static void
cleanup(void)
{
	if (base) {
		char *cmd = xasprintf("rm -rf '%s'", base);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz_book: cannot remove %s\n", base);
		free(cmd);
	}
}

static void
put(const char *dir, const char *name, const char *s, size_t n)
{
	char *p = xasprintf("%s/%s", dir, name);
	unlink(p);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || (n && write(fd, s, n) != (ssize_t)n)) {
		perror(p);
		abort();
	}
	close(fd);
	free(p);
}

static void
setup(void)
{
	char tmpl[] = "/tmp/fuzz_book.XXXXXX";
	if (!mkdtemp(tmpl))
		abort();
	base = xstrdup(tmpl);
	atexit(cleanup);
	root = xasprintf("%s/book", base);
	char *src = xasprintf("%s/src", root);
	char *sub = xasprintf("%s/src/sub", root);
	char *lst = xasprintf("%s/listings", root);
	if (mkdir(root, 0755) || mkdir(src, 0755) || mkdir(sub, 0755) || mkdir(lst, 0755))
		abort();
	/* A canary that the fuzzer cannot know: it is made at run time. */
	unsigned char r[16];
	int fd = open("/dev/urandom", O_RDONLY);
	if (fd < 0 || read(fd, r, sizeof r) != (ssize_t)sizeof r)
		abort();
	close(fd);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(canary + 2 * i, 3, "%02x", r[i]);
	char *secret = xasprintf("# Secret\n\nCANARY %s\n", canary);
	put(base, "secret.md", secret, strlen(secret));
	static const char code[] = "one\ntwo\n// ANCHOR: main\nthree\n// ANCHOR_END: main\n";
	put(lst, "code.txt", code, strlen(code));
	static const char inner[] = "Inner {{#include ../inc.md}}\n";
	put(sub, "inner.md", inner, strlen(inner));
	free(secret);
	/* Traps inside the book. */
	static const char *const links[][2] = {
		{ "../../secret.md", "out.md" },	/* a symlink leaving the book */
		{ "/dev/zero", "zero.md" },		/* a device */
		{ "/etc/passwd", "passwd.md" },	/* an absolute symlink */
		{ "sub", "subdir.md" },		/* a directory */
		{ "loop.md", "loop.md" },		/* a symlink loop */
		{ "..", "up" },			/* the book's root */
		{ "../..", "top" },			/* above it */
	};
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		char *at = xasprintf("%s/%s", src, links[i][1]);
		if (symlink(links[i][0], at) != 0) {
			perror(at);
			abort();
		}
		free(at);
	}
	char *fifo = xasprintf("%s/fifo.md", src), *dir = xasprintf("%s/dir.md", src);
	if (mkfifo(fifo, 0644) != 0 || mkdir(dir, 0755) != 0) {
		perror("fuzz_book: setup");
		abort();
	}
	free(fifo);
	free(dir);
	free(src);
	free(sub);
	free(lst);
}

/* Canary in `s` that the input did not contain itself: a leak. */
static int
has(const char *s, size_t n, const char *what)
{
	size_t wl = strlen(what);
	for (size_t i = 0; i + wl <= n; i++) {
		size_t k = 0;
		while (k < wl && s[i + k] == what[k])
			k++;
		if (k == wl)
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!root)
		setup();
	const char *part[4] = { NULL, NULL, NULL, NULL };
	size_t plen[4] = { 0, 0, 0, 0 };
	const char *p = (const char *)data, *end = p + size;
	for (int k = 0; k < 4 && p <= end; k++) {
		const char *s = memchr(p, 0x1e, (size_t)(end - p));
		if (k == 3 || !s)
			s = end;
		part[k] = p;
		plen[k] = (size_t)(s - p);
		p = s + 1;
	}
	char *src = xasprintf("%s/src", root);
	put(src, "SUMMARY.md", part[0] ? part[0] : "", plen[0]);
	put(src, "chapter.md", part[1] ? part[1] : "", plen[1]);
	put(src, "inc.md", part[2] ? part[2] : "", plen[2]);
	if (part[3])
		put(root, "book.toml", part[3], plen[3]);
	else
		put(root, "book.toml", "[book]\ntitle = \"Fuzz\"\n", 22);
	free(src);
	int input_has_canary = has((const char *)data, size, canary);
	int input_has_passwd = has((const char *)data, size, "root:x:0:0:");

	struct diags d = {0};
	struct book *b = book_open(root, &d);
	if (!b) {
		diags_free(&d);
		return 0;
	}
	for (size_t i = 0; i < b->nchapters; i++) {
		const struct chapter *c = &b->chapters[i];
		if (c->path) {
			FUZZ_ASSERT(c->path[0] != '/', "absolute chapter path '%s'", c->path);
			FUZZ_ASSERT(strcmp(c->path, "..") && strncmp(c->path, "../", 3) &&
			    !strstr(c->path, "/../") && !(strlen(c->path) >= 3 &&
			    !strcmp(c->path + strlen(c->path) - 3, "/..")), "chapter path '%s' climbs", c->path);
		}
		size_t len = 0;
		const char *s = book_chapter_source(b, i, &len, &d);
		if (!s)
			continue;
		FUZZ_ASSERT(input_has_canary || !has(s, len, canary), "chapter %zu read the file outside the book", i);
		FUZZ_ASSERT(input_has_passwd || !has(s, len, "root:x:0:0:"), "chapter %zu read /etc/passwd", i);
		struct mdtree *t = md_parse(s, len);
		struct render_opts ro = { .width = 80, .number = c->number, .text_only = 1 };
		struct doc *doc = render_doc(t, &ro);
		for (size_t k = 0; k < doc->nlinks; k++) {
			char *anchor = NULL;
			int external = 0;
			long to = book_resolve_link(b, i, doc->links[k].url, &anchor, &external);
			FUZZ_ASSERT(to >= -1 && to < (long)b->nchapters, "link to chapter %ld", to);
			FUZZ_ASSERT(!(external && to >= 0), "external link resolved to a chapter");
			FUZZ_ASSERT(to >= 0 || !anchor, "anchor without a chapter");
			free(anchor);
		}
		doc_free(doc);
		md_free(t);
		char *file = book_chapter_file(b, i);
		free(file);
		if (i % 2)
			book_chapter_unload(b, i);
	}
	for (size_t i = 0; i < b->nchapters; i++) {
		const struct chapter *c = &b->chapters[i];
		const char *specs[] = { c->number, c->path, c->title };
		for (size_t k = 0; k < 3; k++) {
			if (!specs[k])
				continue;
			long f = book_find_chapter(b, specs[k]);
			FUZZ_ASSERT(f >= -1 && f < (long)b->nchapters, "find_chapter gave %ld", f);
		}
	}
	(void)book_find_chapter(b, "all");
	(void)book_find_chapter(b, "1.1");
	struct buf pot = {0};
	l10n_xgettext(b, &pot, &d);
	FUZZ_ASSERT(input_has_canary || !has(pot.data ? pot.data : "", pot.len, canary),
	    "--xgettext read the file outside the book");
	buf_free(&pot);
	book_free(b);
	diags_free(&d);
	return 0;
}
