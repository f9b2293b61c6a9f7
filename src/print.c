/* print.c — see print.h. */
#include <config.h>

#include "print.h"

#include <string.h>

void
print_sgr(unsigned style, char *out, size_t size)
{
	struct { unsigned bit; const char *sgr; } map[] = {
		{ STY_STRONG | STY_HEADING | STY_TH, "1" },
		{ STY_DIM | STY_CUT | STY_BORDER, "2" },
		{ STY_EMPH, "3" },
		{ STY_LINK | STY_TITLE, "4" },
		{ STY_MATCH | STY_CTRL, "7" },
		{ STY_STRIKE, "9" },
		{ STY_CODE | STY_CODEBLOCK, "36" },
		{ STY_FOOTREF | STY_PREFIX, "33" },
	};
	size_t n = 0;
	out[0] = '\0';
	for (size_t i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (!(style & map[i].bit))
			continue;
		int k = snprintf(out + n, size - n, "%s%s", n ? ";" : "", map[i].sgr);
		if (k < 0 || (size_t)k >= size - n)
			break;
		n += (size_t)k;
	}
}

void
print_lines(FILE *f, const struct doc *d, size_t from, size_t to, int ansi)
{
	if (to > d->nlines)
		to = d->nlines;
	for (size_t i = from; i < to; i++) {
		const struct line *l = &d->lines[i];
		const char *t = doc_line_text(d, i);
		if (!ansi) {
			fwrite(t, 1, l->len, f);
		} else {
			for (uint32_t k = 0; k < l->nspans; k++) {
				const struct span *sp = &d->spans[l->span + k];
				char sgr[64];
				print_sgr(sp->style, sgr, sizeof sgr);
				if (sgr[0])
					fprintf(f, "\033[%sm", sgr);
				fwrite(t + sp->off, 1, sp->len, f);
				if (sgr[0])
					fputs("\033[0m", f);
			}
		}
		fputc('\n', f);
	}
}

void
print_doc(FILE *f, const struct doc *d, int ansi)
{
	print_lines(f, d, 0, d->nlines, ansi);
}
