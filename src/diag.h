/* diag.h — diagnostics are data: library code records them, only main and
 * the UI print them.  Messages are already translated (they go through _())
 * and may contain content bytes: callers sanitize before showing them. */
#ifndef HANDBOOK_DIAG_H
#define HANDBOOK_DIAG_H

#include <stddef.h>

enum diag_level { DIAG_WARNING, DIAG_ERROR };

struct diag {
	enum diag_level	 level;
	char		*file;		/* path as the user knows it, owned; may be NULL */
	int		 line;		/* 1-based; 0 when unknown */
	char		*message;	/* owned */
};

struct diags {
	struct diag	*v;
	size_t		 n, cap;
	size_t		 nerrors;
};

void	diags_add(struct diags *d, enum diag_level level, const char *file, int line,
	    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void	diags_clear(struct diags *d);
void	diags_free(struct diags *d);
/* "file:line: message" (file and line left out when unknown); caller frees. */
char   *diag_format(const struct diag *dg);

#endif
