/* replay.c — run a fuzz harness over files, without libFuzzer, so that the
 * seed corpus and every crash reproducer kept in it are checked by
 * `make check` (built with gcc, and with ASan/UBSan under
 * --enable-sanitizers).
 *
 *   fuzz_NAME-replay FILE...    run each file, TAP output
 *   fuzz_NAME-replay            the same over $abs_top_srcdir/tests/fuzz/corpus/NAME
 *
 * A harness reports a broken invariant by aborting, so a failing input
 * stops the run: the last "# running" line names it. */
#include <config.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count;

static int
run(const char *path)
{
	struct buf b = {0};
	int e = read_file(path, 64u << 20, &b);
	if (e) {
		printf("not ok %d - %s: cannot read (%d)\n", ++count, path, e);
		return 1;
	}
	printf("# running %s\n", path);
	fflush(stdout);
	LLVMFuzzerTestOneInput((const uint8_t *)(b.data ? b.data : ""), b.len);
	buf_free(&b);
	printf("ok %d - %s\n", ++count, path);
	fflush(stdout);
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	int failed = 0;
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			failed |= run(argv[i]);
	} else {
		const char *top = getenv("abs_top_srcdir");
		char *dir = xasprintf("%s/tests/fuzz/corpus/%s", top ? top : ".", FUZZ_NAME);
		DIR *dh = opendir(dir);
		if (!dh) {
			printf("1..0 # SKIP no corpus at %s\n", dir);
			free(dir);
			return 0;
		}
		char **names = NULL;
		size_t n = 0, cap = 0;
		struct dirent *e;
		while ((e = readdir(dh))) {
			if (e->d_name[0] == '.')
				continue;
			names = xgrow(names, &cap, n + 1, sizeof *names);
			names[n++] = xasprintf("%s/%s", dir, e->d_name);
		}
		closedir(dh);
		qsort(names, n, sizeof *names, cmp);
		for (size_t i = 0; i < n; i++) {
			failed |= run(names[i]);
			free(names[i]);
		}
		free(names);
		free(dir);
	}
	printf("1..%d\n", count);
	return failed;
}
