/* t_state.c — reading state: file names, the text format, damaged files,
 * unwritable folders, and two (or eight) readers saving at once. */
#include <config.h>

#include "state.h"
#include "tap.h"
#include "util.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define BOOK	"/srv/knigas/Rokasgrāmata"

static char *tmp;

static void
write_text(const char *file, const char *text, size_t len)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len)
		perror(file);
	close(fd);
}

static char *
read_text(const char *file)
{
	struct buf b = {0};
	if (read_file(file, 1 << 20, &b) != 0)
		buf_adds(&b, "(unreadable)");
	return buf_detach(&b);
}

static int
contains(const char *s, const char *part)
{
	int ok = s && strstr(s, part) != NULL;
	if (!ok)
		printf("# |%s| does not contain |%s|\n", s ? s : "(null)", part);
	return ok;
}

static int
mark_is(const struct state *st, int letter, const char *path, int block, size_t offset)
{
	const struct state_pos *p = state_mark(st, letter);
	int ok = p && !strcmp(p->path, path) && p->block == block && p->offset == offset;
	if (!ok)
		printf("# mark %c: %s %d %zu\n", letter, p ? p->path : "(unset)", p ? p->block : 0,
		    p ? p->offset : 0);
	return ok;
}

static void
test_names(void)
{
	setenv("XDG_STATE_HOME", "/x/state", 1);
	char *d = state_dir();
	tap_is_str(d, "/x/state/handbook", "XDG_STATE_HOME/handbook");
	free(d);
	setenv("XDG_STATE_HOME", "relative/state", 1);
	setenv("HOME", "/home/anna", 1);
	d = state_dir();
	tap_is_str(d, "/home/anna/.local/state/handbook", "a relative XDG_STATE_HOME is ignored");
	free(d);
	unsetenv("XDG_STATE_HOME");
	d = state_dir();
	tap_is_str(d, "/home/anna/.local/state/handbook", "default ~/.local/state/handbook");
	free(d);

	char *a = state_file("/s", BOOK);
	char *b = state_file("/s", BOOK "2");
	tap_ok(!strncmp(a, "/s/Rokasgr__mata-", 17) && strlen(a) == 17 + 16 + 6 &&
	    !strcmp(a + strlen(a) - 6, ".state"), "the folder's name (made safe), a hash, .state");
	tap_ok(strcmp(a, b) != 0, "another book, another file");
	char *a2 = state_file("/s", BOOK);
	tap_is_str(a2, a, "the same book, the same file");
	free(a);
	free(a2);
	free(b);
}

static void
test_round_trip(void)
{
	char *file = xasprintf("%s/rt.state", tmp);
	struct state st, back;
	char *err = NULL;

	state_init(&st, BOOK);
	tap_is_int(state_load(&st, file, &err), 0, "a missing file is no error");
	tap_ok(!st.last.path && !state_mark(&st, 'a'), "and gives an empty state");
	state_set_last(&st, "daļa 2/nodaļa.md", 12, 340);
	state_set_mark(&st, 'a', "somec.md", 3, 0);
	state_set_mark(&st, 'z', "odd %\t\nname.md", -1, 0);
	state_list_add(&st, "search", "riska novērtēšana");
	state_list_add(&st, "search", "sadarbība");
	state_list_add(&st, "search", "riska novērtēšana");	/* again: to the front */
	tap_is_int(state_save(&st, file, &err), 0, "save");
	tap_ok(err == NULL, "without a message");
	char *text = read_text(file);
	tap_is_str(text,
	    "handbook-state 1\n"
	    "book /srv/knigas/Rokasgr\xc4\x81mata\n"
	    "last da\xc4\xbc" "a%202/noda\xc4\xbc" "a.md 12 340\n"
	    "mark a somec.md 3 0\n"
	    "mark z odd%20%25%09%0Aname.md -1 0\n"
	    "list search riska%20nov\xc4\x93rt\xc4\x93\xc5\xa1" "ana\n"
	    "list search sadarb\xc4\xab" "ba\n"
	    "end\n", "the file, exactly");
	free(text);

	state_init(&back, BOOK);
	tap_is_int(state_load(&back, file, &err), 0, "load");
	tap_ok(back.last.path && !strcmp(back.last.path, "daļa 2/nodaļa.md") && back.last.block == 12 &&
	    back.last.offset == 340, "last place");
	tap_ok(mark_is(&back, 'a', "somec.md", 3, 0), "mark a");
	tap_ok(mark_is(&back, 'z', "odd %\t\nname.md", -1, 0), "mark z with odd characters");
	tap_ok(!state_mark(&back, 'b'), "mark b unset");
	size_t n;
	char *const *items = state_list(&back, "search", &n);
	tap_ok(n == 2 && !strcmp(items[0], "riska novērtēšana") && !strcmp(items[1], "sadarbība"),
	    "the list, newest first");
	tap_ok(state_list(&back, "nothing", &n) == NULL && n == 0, "an unknown list is empty");

	/* no temporary file is left behind */
	DIR *dir = opendir(tmp);
	struct dirent *e;
	int stray = 0;
	while ((e = readdir(dir)))
		if (!strncmp(e->d_name, "rt.state.", 9) && strcmp(e->d_name, "rt.state.lock"))
			stray++;
	closedir(dir);
	tap_is_int(stray, 0, "no temporary files left");

	/* a bounded list */
	for (int i = 0; i < STATE_LIST_MAX + 10; i++) {
		char q[16];
		snprintf(q, sizeof q, "q%d", i);
		state_list_add(&back, "search", q);
	}
	items = state_list(&back, "search", &n);
	tap_ok(n == STATE_LIST_MAX && !strcmp(items[0], "q59") && !strcmp(items[STATE_LIST_MAX - 1], "q10"),
	    "at most 50 items, the newest");
	state_free(&back);
	state_free(&st);
	free(file);
}

static void
test_damaged(void)
{
	char *file = xasprintf("%s/bad.state", tmp);
	struct state st;
	char *err = NULL;
	state_init(&st, BOOK);

	static const char binary[] = "handbook-state 1\nlast a.md 1 2\n\0\x01\x02\xff\nend\n";
	write_text(file, binary, sizeof binary - 1);
	tap_is_int(state_load(&st, file, &err), -1, "binary: an error");
	tap_ok(contains(err, "not a text file") && contains(err, file), "saying so, with the file");
	tap_ok(!st.last.path, "and nothing is taken from it");
	free(err);

	write_text(file, "\xef\xbb\xbfPK\x03\x04 zip", 11);
	tap_is_int(state_load(&st, file, &err), -1, "not ours: an error");
	tap_ok(contains(err, "damaged"), "damaged");
	free(err);

	write_text(file, "", 0);
	tap_is_int(state_load(&st, file, &err), -1, "empty: an error");
	free(err);

	/* Every truncation of a good file: an error, never a crash, and
	 * the complete lines are kept. */
	const char *good = "handbook-state 1\nbook " BOOK "\nlast a.md 1 2\nmark b b.md 3 4\nend\n";
	size_t glen = strlen(good);
	int ok = 1, kept = 1;
	for (size_t cut = 0; cut < glen; cut++) {
		write_text(file, good, cut);
		ok &= state_load(&st, file, &err) == -1 && err != NULL;
		free(err);
		err = NULL;
		/* once the "mark b" line is complete, it is there */
		if (cut >= (size_t)(strstr(good, "end") - good))
			kept &= mark_is(&st, 'b', "b.md", 3, 4);
	}
	tap_ok(ok, "each of the 60-odd truncations is reported");
	tap_ok(kept, "whole lines before the cut are kept");
	write_text(file, good, glen - 4);
	state_load(&st, file, &err);
	tap_ok(contains(err, "truncated"), "a missing end: truncated");
	free(err);
	write_text(file, good, glen);
	tap_is_int(state_load(&st, file, &err), 0, "the whole file is fine");

	const char *bad = "handbook-state 1\nlast a.md x 2\nmark 1 b.md 0 0\nmark c c.md 5 6\n"
	    "list search bad%zz\nmark d d.md -7 0\nend\n";
	write_text(file, bad, strlen(bad));
	tap_is_int(state_load(&st, file, &err), -1, "bad lines: an error");
	tap_ok(contains(err, "line 2"), "naming the first bad line");
	tap_ok(!st.last.path && mark_is(&st, 'c', "c.md", 5, 6) && !state_mark(&st, 'd'),
	    "the good lines are read, the bad ones not");
	free(err);

	/* Saving over a damaged file replaces it with a good one. */
	write_text(file, "garbage\n\x01\x02", 10);
	state_free(&st);
	state_init(&st, BOOK);
	state_set_mark(&st, 'e', "e.md", 1, 1);
	tap_is_int(state_save(&st, file, &err), 0, "saving over a damaged file works");
	struct state back;
	state_init(&back, BOOK);
	tap_is_int(state_load(&back, file, &err), 0, "and the file is good again");
	tap_ok(mark_is(&back, 'e', "e.md", 1, 1), "with the new bookmark");
	state_free(&back);

	/* Unknown entries (a newer minor format) are kept. */
	write_text(file, "handbook-state 1\nfuture thing 1 2\nend\n", 38);
	state_load(&st, file, &err);
	state_set_last(&st, "x.md", 0, 0);
	state_save(&st, file, &err);
	char *text = read_text(file);
	tap_ok(contains(text, "\nfuture thing 1 2\n"), "unknown lines survive a save");
	free(text);

	/* A newer version: read-only. */
	const char *newer = "handbook-state 2\nsomething new\nend\n";
	write_text(file, newer, strlen(newer));
	tap_is_int(state_load(&st, file, &err), -1, "a newer version: an error");
	tap_ok(contains(err, "newer version"), "saying so");
	free(err);
	state_set_last(&st, "x.md", 0, 0);
	tap_is_int(state_save(&st, file, &err), -1, "and it is not overwritten");
	free(err);
	text = read_text(file);
	tap_is_str(text, newer, "the file is as it was");
	free(text);
	/* another process's save does not overwrite it either */
	state_free(&st);
	state_init(&st, BOOK);
	state_set_mark(&st, 'a', "a.md", 0, 0);
	tap_is_int(state_save(&st, file, &err), -1, "a fresh state does not overwrite it");
	free(err);
	text = read_text(file);
	tap_is_str(text, newer, "still as it was");
	free(text);
	state_free(&st);

	/* A folder where the file should be. */
	char *dirfile = xasprintf("%s/adir.state", tmp);
	mkdir(dirfile, 0700);
	state_init(&st, BOOK);
	tap_is_int(state_load(&st, dirfile, &err), -1, "a folder instead of the file");
	free(err);
	state_set_last(&st, "x.md", 0, 0);
	tap_is_int(state_save(&st, dirfile, &err), -1, "cannot be saved over");
	tap_ok(err && *err, "with a message");
	free(err);
	state_free(&st);
	free(dirfile);
	free(file);
}

static void
test_unwritable(void)
{
	struct state st;
	char *err = NULL;
	/* A file where a folder should be: fails even for root. */
	char *plain = xasprintf("%s/plainfile", tmp);
	write_text(plain, "x", 1);
	char *file = xasprintf("%s/handbook/b.state", plain);
	state_init(&st, BOOK);
	state_set_last(&st, "a.md", 1, 1);
	tap_is_int(state_save(&st, file, &err), -1, "state folder cannot be made: an error");
	tap_ok(contains(err, "cannot save the reading state") && contains(err, plain), "naming the folder");
	free(err);
	tap_ok(st.last_dirty && st.last.path, "the change is kept for a later try");
	free(file);

	/* Read-only folder (only meaningful when not root). */
	char *ro = xasprintf("%s/ro", tmp);
	mkdir(ro, 0500);
	file = xasprintf("%s/b.state", ro);
	if (geteuid() != 0) {
		tap_is_int(state_save(&st, file, &err), -1, "a read-only folder: an error");
		tap_ok(contains(err, "Permission denied"), "permission denied");
		free(err);
	} else {
		tap_ok(1, "# SKIP root may write anywhere");
		tap_ok(1, "# SKIP root may write anywhere");
	}
	chmod(ro, 0700);
	tap_is_int(state_save(&st, file, &err), 0, "once writable, the same state saves");
	free(file);
	free(ro);
	free(plain);
	state_free(&st);
}

static void
test_merge(void)
{
	char *file = xasprintf("%s/merge.state", tmp);
	struct state a, b, c;
	char *err = NULL;
	state_init(&a, BOOK);
	state_init(&b, BOOK);
	state_load(&a, file, &err);
	state_load(&b, file, &err);
	state_set_mark(&a, 'a', "a.md", 1, 10);
	state_list_add(&a, "search", "x");
	state_set_mark(&b, 'b', "b.md", 2, 20);
	state_set_last(&b, "b.md", 2, 20);
	state_list_add(&b, "search", "y");
	tap_is_int(state_save(&a, file, &err), 0, "reader A saves");
	tap_is_int(state_save(&b, file, &err), 0, "then reader B, which loaded before A saved");
	state_init(&c, BOOK);
	state_load(&c, file, &err);
	tap_ok(mark_is(&c, 'a', "a.md", 1, 10) && mark_is(&c, 'b', "b.md", 2, 20), "both bookmarks are kept");
	size_t n;
	char *const *items = state_list(&c, "search", &n);
	tap_ok(n == 2 && !strcmp(items[0], "y") && !strcmp(items[1], "x"), "both queries, the last saved first");
	tap_ok(mark_is(&b, 'a', "a.md", 1, 10), "B now knows A's bookmark");

	/* A deletes its bookmark; B, saving something else, does not bring
	 * it back. */
	state_set_mark(&a, 'a', NULL, -1, 0);
	state_save(&a, file, &err);
	state_set_mark(&b, 'c', "c.md", 3, 30);
	state_save(&b, file, &err);
	state_free(&c);
	state_init(&c, BOOK);
	state_load(&c, file, &err);
	tap_ok(!state_mark(&c, 'a') && mark_is(&c, 'b', "b.md", 2, 20) && mark_is(&c, 'c', "c.md", 3, 30),
	    "a deleted bookmark stays deleted");
	tap_ok(c.last.path && !strcmp(c.last.path, "b.md"), "the last place is B's");
	/* the same letter: the later save wins */
	state_set_mark(&a, 'b', "a2.md", 0, 0);
	state_save(&a, file, &err);
	state_free(&c);
	state_init(&c, BOOK);
	state_load(&c, file, &err);
	tap_ok(mark_is(&c, 'b', "a2.md", 0, 0), "one letter, two readers: the later save wins");
	state_free(&a);
	state_free(&b);
	state_free(&c);

	/* Eight processes at once, each setting its own bookmark, several
	 * rounds: none is ever lost (flock around read-modify-write). */
	int ok = 1;
	for (int round = 0; round < 5; round++) {
		unlink(file);
		pid_t pids[8];
		for (int i = 0; i < 8; i++) {
			pids[i] = fork();
			if (pids[i] == 0) {
				struct state s;
				char *e = NULL;
				state_init(&s, BOOK);
				state_load(&s, file, &e);
				free(e);
				char path[16];
				snprintf(path, sizeof path, "p%d.md", i);
				state_set_mark(&s, 'a' + i, path, i, (size_t)round);
				state_list_add(&s, "search", path);
				int rc = state_save(&s, file, &e);
				_exit(rc == 0 ? 0 : 1);
			}
		}
		for (int i = 0; i < 8; i++) {
			int status;
			waitpid(pids[i], &status, 0);
			ok &= WIFEXITED(status) && WEXITSTATUS(status) == 0;
		}
		state_init(&c, BOOK);
		ok &= state_load(&c, file, &err) == 0;
		for (int i = 0; i < 8; i++) {
			char path[16];
			snprintf(path, sizeof path, "p%d.md", i);
			ok &= mark_is(&c, 'a' + i, path, i, (size_t)round);
		}
		state_list(&c, "search", &n);
		ok &= n == 8;
		state_free(&c);
	}
	tap_ok(ok, "8 readers saving at once, 5 rounds: every bookmark and query kept");
	free(file);
}

int
main(void)
{
	char templ[] = "/tmp/t_state.XXXXXX";
	tmp = mkdtemp(templ);
	if (!tap_ok(tmp != NULL, "a scratch folder"))
		return tap_done();
	test_names();
	test_round_trip();
	test_damaged();
	test_unwritable();
	test_merge();
	char *cmd = xasprintf("rm -rf '%s'", tmp);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmp);
	free(cmd);
	return tap_done();
}
