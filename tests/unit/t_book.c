/* t_book.c — loading books: SUMMARY rules, lazy chapters, includes,
 * confinement to the book's folder, lookups and link resolution. */
#include <config.h>

#include "book.h"
#include "fixture.h"
#include "tap.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>


/* All diagnostics as "line: message" lines (file names vary by path). */
static char *
diag_lines(const struct diags *d)
{
	struct buf b = {0};
	for (size_t i = 0; i < d->n; i++)
		buf_printf(&b, "%d: %s\n", d->v[i].line, d->v[i].message);
	return buf_detach(&b);
}

static void
test_summary(void)
{
	struct diags d = {0};
	char *p = fixture("broken-book");
	struct book *b = book_open(p, &d);
	tap_ok(b != NULL, "a broken book still opens");
	tap_is_str(b->title, "Broken book", "title from book.toml");
	tap_is_int((long long)b->nchapters, 8, "eight chapter entries");
	tap_is_int(b->chapters[0].kind, CHAPTER_PREFIX, "first is a prefix chapter");
	tap_is_str(b->chapters[1].number, "1", "numbering starts at 1");
	tap_is_str(b->chapters[2].path, "missing.md", "missing chapter keeps its path");
	tap_ok(b->chapters[3].path == NULL, "an escaping path is not kept");
	tap_ok(b->chapters[7].path == NULL, "a draft has no path");
	char *got = diag_lines(&d);
	tap_is_str(got,
	    "7: chapter 'Escaping chapter': '../../outside.md' leaves the book's folder; refused\n"
	    "8: chapter 'Absolute chapter' links to '/etc/passwd', which is not a file inside the book\n"
	    "9: chapter 'Web chapter' links to 'https://example.com/x.md', which is not a file inside the book\n"
	    "10: duplicate file in SUMMARY.md: 'good.md' (first at line 5)\n"
	    "11: a chapter list item must contain a link to the chapter\n",
	    "SUMMARY problems are reported with their lines");
	free(got);
	diags_clear(&d);
	tap_ok(book_chapter_source(b, 2, NULL, &d) == NULL, "a missing file gives no text");
	tap_ok(d.n == 1 && d.v[0].line == 6, "and a diagnostic at its SUMMARY line");
	diags_clear(&d);
	size_t len;
	const char *src = book_chapter_source(b, 1, &len, &d);
	tap_ok(src && !strncmp(src, "# Good chapter", 14), "chapter text is read on demand");
	book_free(b);
	diags_free(&d);
	free(p);
}

static void
test_parts_and_lookup(void)
{
	struct diags d = {0};
	char *p = fixture("lv-book");
	struct book *b = book_open(p, &d);
	tap_ok(b && d.n == 0, "the Latvian book opens cleanly");
	if (!b)
		return;
	tap_is_int((long long)b->nparts, 2, "two parts");
	tap_is_str(b->parts[1].title, "Otrā daļa: Sadarbība", "part title");
	tap_is_str(b->chapters[3].number, "2.1", "nested numbering");
	tap_is_int(b->chapters[3].depth, 1, "nested depth");
	tap_is_int(book_find_chapter(b, "2.1"), 3, "find by number");
	tap_is_int(book_find_chapter(b, "sadarbiba.md"), 2, "find by file name");
	tap_is_int(book_find_chapter(b, "sadarbiba"), 2, "find by file name without .md");
	tap_is_int(book_find_chapter(b, "SADARBĪBA AR POLICIJU"), 2, "find by title, case-insensitive");
	tap_is_int(book_find_chapter(b, "ieslodzijuma"), 3, "find by title without diacritics (substring)");
	tap_is_int(book_find_chapter(b, "nav tādas"), -1, "no match gives -1");
	char *anchor = NULL;
	int ext = 0;
	tap_is_int(book_resolve_link(b, 1, "sadarbiba.md#valsts-policija", &anchor, &ext), 2, "resolve a chapter link");
	tap_is_str(anchor, "valsts-policija", "with its anchor");
	free(anchor);
	tap_is_int(book_resolve_link(b, 3, "../ievads.md", &anchor, &ext), 1, "resolve a relative link from a subfolder");
	free(anchor);
	tap_is_int(book_resolve_link(b, 1, "sadarbiba.html", &anchor, &ext), 2, ".html links map to .md");
	free(anchor);
	tap_is_int(book_resolve_link(b, 1, "https://likumi.lv", &anchor, &ext), -1, "external link");
	tap_is_int(ext, 1, "is marked external");
	tap_is_int(book_resolve_link(b, 1, "#local", &anchor, &ext), 1, "an anchor-only link stays in the chapter");
	free(anchor);
	book_free(b);
	diags_free(&d);
	free(p);
}

static void
test_includes(void)
{
	struct diags d = {0};
	char *p = fixture("include-book");
	struct book *b = book_open(p, &d);
	size_t len;
	const char *src = book_chapter_source(b, 0, &len, &d);
	tap_ok(src && strstr(src, "Included **part** with a nested include: inner text\n"), "whole-file and nested include");
	tap_ok(src && strstr(src, "```\nline two\nline three\n```"), "line range 2:3 without a final newline");
	tap_ok(src && strstr(src, "```\nfn main() {}\nline seven\n```"), "open range 4: drops ANCHOR lines");
	tap_ok(src && strstr(src, "```\nfn main() {}\n```"), "anchor include");
	tap_ok(src && strstr(src, "Escaped: {{#include sub/part.md}}"), "an escaped directive stays literal");
	tap_ok(src && strstr(src, "{{#playground example.rs}}"), "other directives stay as text");
	tap_ok(src && !strstr(src, "root:"), "nothing from /etc/passwd");
	tap_is_str(b->chapters[0].page_title, "A page title", "{{#title}} is taken");
	char *got = diag_lines(&d);
	tap_is_str(got,
	    "30: '../../../../etc/passwd' leaves the book's folder; refused\n"
	    "32: '/etc/passwd' is an absolute path; only files inside the book are read\n"
	    "34: cannot read 'sub/none.md': No such file or directory\n", "include problems are reported");
	free(got);
	diags_clear(&d);
	src = book_chapter_source(b, 1, &len, &d);
	tap_ok(src && d.n == 1 && strstr(d.v[0].message, "include cycle"), "a self-include is a cycle");
	book_free(b);
	diags_free(&d);
	free(p);
}

static void
test_confinement(void)
{
	/* A book in a temporary folder with a symlink out and a FIFO. */
	char tmpl[] = "/tmp/t_book.XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *src = xasprintf("%s/src", dir);
	mkdir(src, 0700);
	char *sum = xasprintf("%s/SUMMARY.md", src);
	FILE *f = fopen(sum, "w");
	fputs("- [Link out](out.md)\n- [Fifo](fifo.md)\n- [Dir](sub.md)\n- [Ok](ok.md)\n"
	    "- [Link in](in.md)\n- [Nested](part/n.md)\n- [Via a linked folder](alias/n.md)\n- [Again](again.md)\n", f);
	fclose(f);
	char *out = xasprintf("%s/out.md", src), *fifo = xasprintf("%s/fifo.md", src);
	char *sub = xasprintf("%s/sub.md", src), *ok = xasprintf("%s/ok.md", src);
	tap_ok(symlink("/etc/passwd", out) == 0, "symlink created");
	tap_ok(mkfifo(fifo, 0600) == 0, "FIFO created");
	mkdir(sub, 0700);
	f = fopen(ok, "w");
	fputs("# Ok\n", f);
	fclose(f);
	/* symbolic links that stay inside: a file, a folder */
	char *in = xasprintf("%s/in.md", src), *part = xasprintf("%s/part", src);
	char *n = xasprintf("%s/part/n.md", src), *alias = xasprintf("%s/alias", src);
	tap_ok(symlink("ok.md", in) == 0 && mkdir(part, 0700) == 0 && symlink("part", alias) == 0,
	    "links inside the book created");
	f = fopen(n, "w");
	fputs("# Nested\n", f);
	fclose(f);
	char *again = xasprintf("%s/again.md", src);
	f = fopen(again, "w");
	fputs("# Again\n", f);
	fclose(f);
	struct diags d = {0};
	struct book *b = book_open(dir, &d);
	tap_ok(b && b->nchapters == 8, "book with hostile entries opens");
	/* read in an order that changes folders, so the cached folder is
	 * replaced and used again */
	size_t len = 0;
	tap_is_str(book_chapter_source(b, 5, &len, &d), "# Nested\n", "a chapter in a subfolder reads");
	tap_is_str(book_chapter_source(b, 4, &len, &d), "# Ok\n", "a link to a chapter inside the book reads");
	tap_is_str(book_chapter_source(b, 6, &len, &d), "# Nested\n", "so does one through a linked folder inside");
	tap_is_str(book_chapter_source(b, 7, &len, &d), "# Again\n", "and the first folder again");
	tap_ok(book_chapter_source(b, 0, NULL, &d) == NULL && strstr(d.v[d.n - 1].message, "outside"),
	    "a symlink pointing out is refused");
	tap_ok(book_chapter_source(b, 1, NULL, &d) == NULL && strstr(d.v[d.n - 1].message, "not a regular file"),
	    "a FIFO is refused without blocking");
	tap_ok(book_chapter_source(b, 2, NULL, &d) == NULL && strstr(d.v[d.n - 1].message, "not a regular file"),
	    "a directory is refused");
	tap_ok(book_chapter_source(b, 3, NULL, &d) != NULL, "a regular chapter still reads");
	book_free(b);
	diags_free(&d);
	unlink(out); unlink(fifo); rmdir(sub); unlink(ok); unlink(sum);
	unlink(in); unlink(n); unlink(alias); unlink(again); rmdir(part); rmdir(src); rmdir(dir);
	free(out); free(fifo); free(sub); free(ok); free(sum); free(src);
	free(in); free(n); free(part); free(alias); free(again);
}

static void
test_folder_and_file(void)
{
	struct diags d = {0};
	char *p = fixture("folder-book");
	struct book *b = book_open(p, &d);
	tap_ok(b && b->nchapters == 3, "a folder of .md files opens");
	tap_is_str(b->chapters[0].title, "1-untitled", "a file without a heading is named after the file");
	tap_is_str(b->chapters[1].title, "Second part", "titles from first headings");
	tap_is_str(b->chapters[2].path, "10-tenth.md", "natural sort order: 10 after 2");
	book_free(b);
	free(p);
	p = fixture("render/headings.md");
	b = book_open(p, &d);
	tap_ok(b && b->nchapters == 1 && b->kind == BOOK_FILE, "a single file is a one-chapter book");
	tap_is_str(b ? b->title : NULL, "Chapter title", "its title is its first heading");
	book_free(b);
	free(p);
	b = book_open("/nonexistent/book", &d);
	tap_ok(b == NULL && d.n == 1, "a missing book gives NULL and a diagnostic");
	diags_free(&d);
}

int
main(void)
{
	test_summary();
	test_parts_and_lookup();
	test_includes();
	test_confinement();
	test_folder_and_file();
	return tap_done();
}
