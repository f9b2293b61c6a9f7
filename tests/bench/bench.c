/* bench.c — measurements for tests/bench/run.sh (make bench).
 *
 *   bench run N NAME CMD [NAME CMD]...      wall time and peak RSS of shell
 *                                           commands, N rounds, alternating
 *   bench screen N NAME CMD [NAME CMD]...   time from start to the first
 *                                           complete screen in an 80x24 pty
 *   bench layout BOOK                       in-process: re-layout of the
 *                                           longest chapter, chapter switch
 *   bench type CMD PAUSE QUERY...           search as you type in an 80x24
 *                                           pty: s, PAUSE ms, then each
 *                                           query a key at a time
 *
 * Every figure is the median of the rounds.  Output: one line per name,
 * "NAME MEDIAN_MS MIN_MS PEAK_RSS_KB". */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "book.h"
#include "render.h"

static double
now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Run `cmd` with sh; output to /dev/null.  Returns ms, sets *rss_kb. */
static double
run_once(const char *cmd, long *rss_kb)
{
	double t0 = now_ms();
	pid_t pid = fork();
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	int st;
	struct rusage ru;
	wait4(pid, &st, 0, &ru);
	double t = now_ms() - t0;
	*rss_kb = ru.ru_maxrss;
	return t;
}

/* Start cmd in an 80x24 pty; the first screen is complete when the
 * program has written nothing for `quiet` ms: return the time of its last
 * byte before that.  The program is then asked to quit and killed. */
static double
screen_once(const char *cmd, long *rss_kb)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int master;
	double t0 = now_ms(), last = -1;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		setenv("LESS", "", 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	const int quiet = 300;
	char buf[65536];
	for (;;) {
		struct pollfd p = { master, POLLIN, 0 };
		int r = poll(&p, 1, quiet);
		if (r <= 0)
			break;
		ssize_t n = read(master, buf, sizeof buf);
		if (n <= 0)
			break;
		last = now_ms();
	}
	write(master, "q", 1);
	usleep(20000);
	kill(pid, SIGKILL);
	int st;
	struct rusage ru;
	wait4(pid, &st, 0, &ru);
	close(master);
	*rss_kb = ru.ru_maxrss;
	return last < 0 ? -1 : last - t0;
}

static int
compare(int screen, int rounds, int argc, char **argv)
{
	int n = argc / 2;
	double *t = calloc((size_t)(n * rounds), sizeof *t);
	long *rss = calloc((size_t)n, sizeof *rss);
	for (int r = 0; r < rounds; r++)
		for (int i = 0; i < n; i++) {
			/* alternate the order every round, so neither side always
			 * runs on a warmer cache */
			int k = r % 2 ? n - 1 - i : i;
			long kb = 0;
			t[k * rounds + r] = screen ? screen_once(argv[2 * k + 1], &kb) : run_once(argv[2 * k + 1], &kb);
			if (kb > rss[k])
				rss[k] = kb;
		}
	for (int i = 0; i < n; i++) {
		double mn = t[i * rounds];
		for (int r = 1; r < rounds; r++)
			if (t[i * rounds + r] < mn)
				mn = t[i * rounds + r];
		printf("%s %.2f %.2f %ld\n", argv[2 * i], median(t + i * rounds, rounds), mn, rss[i]);
	}
	free(t);
	free(rss);
	return 0;
}

/* Read what the program writes until `quiet` ms pass without output;
 * returns the time of the last byte (or `since` when nothing came). */
static double
drain(int master, int quiet, double since)
{
	char buf[65536];
	double last = since;
	for (;;) {
		struct pollfd p = { master, POLLIN, 0 };
		if (poll(&p, 1, quiet) <= 0)
			break;
		if (read(master, buf, sizeof buf) <= 0)
			break;
		last = now_ms();
	}
	return last;
}

/* The reader's whole-book search as a user types it: start cmd, press s,
 * wait `pause` ms (a user's reaction), then type each query a key at a
 * time; a key's latency is the time to the last byte of the screen it
 * brings (the screen is done after 150 ms of quiet).  Ctrl-U clears the
 * prompt between queries.  Prints "first MS" (each query's first key:
 * the first results) and "key MEDIAN P90 MAX" over all keys. */
static int
type_queries(const char *cmd, int pause, int nq, char **queries)
{
	struct winsize ws = { .ws_row = 24, .ws_col = 80 };
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid == 0) {
		setenv("TERM", "xterm-256color", 1);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	drain(master, 300, now_ms());
	write(master, "s", 1);
	drain(master, pause, now_ms());
	double keys[4096], first[64];
	int nk = 0, nf = 0;
	for (int q = 0; q < nq; q++) {
		const char *t = queries[q];
		for (size_t i = 0; t[i] && nk < 4096; i++) {
			size_t n = 1;
			while ((t[i + n] & 0xC0) == 0x80)
				n++;	/* a UTF-8 character is one key */
			double t0 = now_ms();
			write(master, t + i, n);
			double ms = drain(master, 150, t0) - t0;
			keys[nk++] = ms;
			if (i == 0 && nf < 64)
				first[nf++] = ms;
			i += n - 1;
		}
		write(master, "\025", 1);	/* Ctrl-U */
		drain(master, 150, now_ms());
	}
	write(master, "\033q", 2);
	usleep(50000);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(master);
	if (!nk)
		return 1;
	double worst = 0;
	for (int i = 0; i < nk; i++)
		worst = keys[i] > worst ? keys[i] : worst;
	double firstmax = 0;
	for (int i = 0; i < nf; i++)
		firstmax = first[i] > firstmax ? first[i] : firstmax;
	printf("first %.2f %.2f\n", median(first, nf), firstmax);
	qsort(keys, (size_t)nk, sizeof *keys, cmp_double);
	printf("key %.2f %.2f %.2f %d\n", median(keys, nk), keys[nk * 9 / 10], worst, nk);
	return 0;
}

static int
layout(const char *path)
{
	struct diags d = {0};
	struct book *b = book_open(path, &d);
	if (!b)
		return 1;
	size_t longest = 0, biggest = 0;
	for (size_t i = 0; i < b->nchapters; i++) {
		size_t len = 0;
		if (book_chapter_source(b, i, &len, &d) && len > biggest) {
			biggest = len;
			longest = i;
		}
		book_chapter_unload(b, i);
	}
	size_t len;
	const char *src = book_chapter_source(b, longest, &len, &d);
	struct mdtree *t = md_parse(src, len);
	double v[21];
	for (int k = 0; k < 21; k++) {
		struct render_opts o = { .width = k % 2 ? 100 : 80, .number = "1" };
		double t0 = now_ms();
		struct doc *doc = render_doc(t, &o);
		v[k] = now_ms() - t0;
		doc_free(doc);
	}
	printf("relayout %.2f %.2f 0\n", median(v, 21), v[0]);
	md_free(t);
	/* chapter switch: read, parse and lay out a chapter not seen before */
	double w[21];
	for (int k = 0; k < 21; k++) {
		size_t i = (longest + 1 + (size_t)k * 37) % b->nchapters;
		book_chapter_unload(b, i);
		double t0 = now_ms();
		const char *s2 = book_chapter_source(b, i, &len, &d);
		struct mdtree *t2 = md_parse(s2 ? s2 : "", s2 ? len : 0);
		struct render_opts o = { .width = 80, .number = "1" };
		struct doc *doc = render_doc(t2, &o);
		w[k] = now_ms() - t0;
		doc_free(doc);
		md_free(t2);
		book_chapter_unload(b, i);
	}
	printf("switch %.2f %.2f 0\n", median(w, 21), w[0]);
	printf("longest %zu bytes\n", biggest);
	book_free(b);
	diags_free(&d);
	return 0;
}

int
main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	if (argc >= 3 && !strcmp(argv[1], "layout"))
		return layout(argv[2]);
	if (argc >= 5 && !strcmp(argv[1], "type"))
		return type_queries(argv[2], atoi(argv[3]), argc - 4, argv + 4);
	if (argc >= 5 && (!strcmp(argv[1], "run") || !strcmp(argv[1], "screen")))
		return compare(!strcmp(argv[1], "screen"), atoi(argv[2]), argc - 3, argv + 3);
	fprintf(stderr, "usage: bench run|screen N NAME CMD ... | bench layout BOOK | bench type CMD PAUSE QUERY...\n");
	return 2;
}
