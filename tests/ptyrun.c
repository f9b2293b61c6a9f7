/* ptyrun.c — run a command in a pseudo-terminal and keep the raw bytes it
 * wrote, for tests of what reaches a terminal.
 *
 *   ptyrun [-w COLS] [-t SECONDS] OUTFILE COMMAND [ARG]...
 *
 * COMMAND gets the pty as its controlling terminal and as stdin, stdout and
 * stderr (so isatty() is true and error messages are captured too), a
 * window of COLS x 24 (default 80), and is killed after SECONDS (default
 * 60).  Everything read from the master side goes to OUTFILE unchanged
 * (the line discipline's default ONLCR turns "\n" into "\r\n").  The exit
 * status is the command's, 124 on time-out, 125 on a ptyrun error.
 *
 * Without arguments ptyrun tests itself and prints TAP: make check runs it
 * like that. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int
run(int cols, int seconds, const char *outfile, char **argv)
{
	int out = open(outfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		fprintf(stderr, "ptyrun: %s: %s\n", outfile, strerror(errno));
		return 125;
	}
	struct winsize ws = { .ws_row = 24, .ws_col = (unsigned short)cols };
	int master;
	pid_t pid = forkpty(&master, NULL, NULL, &ws);
	if (pid < 0) {
		fprintf(stderr, "ptyrun: forkpty: %s\n", strerror(errno));
		close(out);
		return 125;
	}
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "ptyrun: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	time_t deadline = time(NULL) + seconds;
	int timed_out = 0, status = 0;
	char buf[65536];
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };
		int r = poll(&p, 1, 200);
		if (r < 0 && errno != EINTR)
			break;
		if (r > 0) {
			ssize_t n = read(master, buf, sizeof buf);
			if (n > 0) {
				if (write(out, buf, (size_t)n) != n) {
					fprintf(stderr, "ptyrun: %s: %s\n", outfile, strerror(errno));
					kill(pid, SIGKILL);
				}
				continue;
			}
			if (n < 0 && errno == EINTR)
				continue;
			break;	/* EIO: every writer of the slave side is gone */
		}
		if (time(NULL) >= deadline) {
			timed_out = 1;
			kill(pid, SIGKILL);
			break;
		}
	}
	close(master);
	close(out);
	if (waitpid(pid, &status, 0) < 0)
		return 125;
	if (timed_out)
		return 124;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + WTERMSIG(status);
}

/* ---- self-test ---------------------------------------------------------- */

static int tests, failures;

static void
ok(int cond, const char *name)
{
	tests++;
	if (!cond)
		failures++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tests, name);
}

static size_t
slurp(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, size, f);
	fclose(f);
	return n;
}

static int
self_test(void)
{
	char path[] = "/tmp/ptyrun.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		printf("1..0 # SKIP mkstemp: %s\n", strerror(errno));
		return 0;
	}
	close(fd);
	char got[4096];
	size_t n;

	char *echo[] = { "/bin/sh", "-c", "printf 'a\\033[31mb\\n'; printf 'err\\n' >&2; exit 3", NULL };
	int rc = run(80, 10, path, echo);
	ok(rc == 3, "the command's exit status is returned");
	n = slurp(path, got, sizeof got);
	ok(n == 14 && !memcmp(got, "a\033[31mb\r\nerr\r\n", 14), "raw bytes of stdout and stderr, ONLCR applied");

	char *tty[] = { "/bin/sh", "-c", "test -t 0 && test -t 1 && test -t 2 && stty size", NULL };
	rc = run(123, 10, path, tty);
	n = slurp(path, got, sizeof got);
	ok(rc == 0 && n == 8 && !memcmp(got, "24 123\r\n", 8), "stdin, stdout and stderr are a 123x24 terminal");

	char *hang[] = { "/bin/sh", "-c", "sleep 30", NULL };
	time_t t0 = time(NULL);
	rc = run(80, 1, path, hang);
	ok(rc == 124 && time(NULL) - t0 < 10, "a command that hangs is killed");

	unlink(path);
	printf("1..%d\n", tests);
	return failures ? 1 : 0;
}

int
main(int argc, char **argv)
{
	int cols = 80, seconds = 60, c;
	if (argc == 1)
		return self_test();
	while ((c = getopt(argc, argv, "+w:t:")) != -1) {
		switch (c) {
		case 'w': cols = atoi(optarg); break;
		case 't': seconds = atoi(optarg); break;
		default:
			fprintf(stderr, "usage: ptyrun [-w COLS] [-t SECONDS] OUTFILE COMMAND [ARG]...\n");
			return 125;
		}
	}
	if (argc - optind < 2 || cols < 1 || cols > 65535 || seconds < 1) {
		fprintf(stderr, "usage: ptyrun [-w COLS] [-t SECONDS] OUTFILE COMMAND [ARG]...\n");
		return 125;
	}
	return run(cols, seconds, argv[optind], argv + optind + 1);
}
