/* fixture.h — what the unit tests share: the fixtures folder ($FIXTURES,
 * else tests/fixtures when run from the top of the tree) and books
 * opened from it. */
#ifndef HANDBOOK_TEST_FIXTURE_H
#define HANDBOOK_TEST_FIXTURE_H

#include <stdlib.h>

#include "book.h"
#include "util.h"

/* tests/fixtures/NAME; caller frees. */
static inline char *
fixture(const char *name)
{
	const char *dir = getenv("FIXTURES");
	return xasprintf("%s/%s", dir && *dir ? dir : "tests/fixtures", name);
}

/* The fixture book NAME, its diagnostics added to d; NULL if it does not open. */
static inline struct book *
fixture_book(const char *name, struct diags *d)
{
	char *path = fixture(name);
	struct book *b = book_open(path, d);
	free(path);
	return b;
}

#endif
