/* diag.c — see diag.h. */
#include <config.h>

#include "diag.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>

void
diags_add(struct diags *d, enum diag_level level, const char *file, int line,
    const char *fmt, ...)
{
	struct buf msg = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	d->v = xgrow(d->v, &d->cap, d->n + 1, sizeof *d->v);
	d->v[d->n].level = level;
	d->v[d->n].file = file ? xstrdup(file) : NULL;
	d->v[d->n].line = line;
	d->v[d->n].message = buf_detach(&msg);
	d->n++;
	if (level == DIAG_ERROR)
		d->nerrors++;
}

void
diags_clear(struct diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].message);
	}
	d->n = 0;
	d->nerrors = 0;
}

void
diags_free(struct diags *d)
{
	diags_clear(d);
	free(d->v);
	d->v = NULL;
	d->cap = 0;
}

char *
diag_format(const struct diag *dg)
{
	if (dg->file && dg->line > 0)
		return xasprintf("%s:%d: %s", dg->file, dg->line, dg->message);
	if (dg->file)
		return xasprintf("%s: %s", dg->file, dg->message);
	return xstrdup(dg->message);
}
