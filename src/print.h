/* print.h — rendered lines to a stream: plain text, or text with ANSI SGR
 * attributes for a terminal.  Used by --print, --search and the fallback
 * when there is no usable terminal.  Lines are already sanitized by render,
 * so the only escape sequences written are the SGR codes made here. */
#ifndef HANDBOOK_PRINT_H
#define HANDBOOK_PRINT_H

#include <stdio.h>

#include "render.h"

/* Write lines [from, to) of d; `ansi` turns SGR styling on. */
void	print_lines(FILE *f, const struct doc *d, size_t from, size_t to, int ansi);
void	print_doc(FILE *f, const struct doc *d, int ansi);
/* SGR parameters for a style ("1;4"), written into out (at least 32 bytes). */
void	print_sgr(unsigned style, char *out, size_t size);

#endif
