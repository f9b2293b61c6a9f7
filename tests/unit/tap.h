/* tap.h — a minimal TAP producer for unit tests (Automake's tap-driver.sh
 * reads it).  Each check prints "ok N - name" or "not ok N - name" with the
 * got/expected values as TAP diagnostics.  main() ends with tap_done(). */
#ifndef HANDBOOK_TAP_H
#define HANDBOOK_TAP_H

#include <stdio.h>
#include <string.h>

static int tap_count, tap_failed;

static inline int
tap_ok(int cond, const char *name)
{
	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_count, name);
	fflush(stdout);
	return cond;
}

static inline void
tap_diag_text(const char *label, const char *s)
{
	printf("# %s:\n", label);
	const char *p = s ? s : "(null)";
	do {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		printf("#   |%.*s|\n", (int)n, p);
		p = nl ? nl + 1 : NULL;
	} while (p && *p);
}

static inline int
tap_is_str(const char *got, const char *want, const char *name)
{
	int ok = got && want ? strcmp(got, want) == 0 : got == want;
	if (!tap_ok(ok, name)) {
		tap_diag_text("got", got);
		tap_diag_text("expected", want);
	}
	return ok;
}

static inline int
tap_is_int(long long got, long long want, const char *name)
{
	int ok = got == want;
	if (!tap_ok(ok, name))
		printf("# got %lld, expected %lld\n", got, want);
	return ok;
}

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
