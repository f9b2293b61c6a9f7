/* msgid.h — how book text is cut into gettext messages, following
 * mdbook-i18n-helpers (see shared research i18n-spec §1.3–1.6, §6.2):
 * one message per paragraph, heading and table cell (a tight list item's
 * text is its paragraph); code and HTML blocks are not messages; HTML
 * comment directives i18n:skip, i18n:skip-start/-end and i18n:comment (also
 * spelled mdbook-xgettext:) are honoured.  A msgid is the unit's inline
 * Markdown normalised as mdbook-xgettext writes it: soft breaks as spaces,
 * emphasis _x_, strong **x**, hard breaks "  \n", reference links inline.
 *
 * Extraction (--xgettext), translation and coverage all walk a chapter
 * with msgid_units(), so they can never disagree on a msgid. */
#ifndef HANDBOOK_MSGID_H
#define HANDBOOK_MSGID_H

#include <stddef.h>

#include "util.h"

struct msg_unit {
	void	*node;		/* cmark_node * of the block (paragraph, heading, cell) */
	char	*msgid;		/* owned; never empty */
	char	*comment;	/* from i18n:comment directives, owned, or NULL */
	int	 skip;		/* i18n:skip: not extracted, not translated */
	int	 line;		/* source line */
};

struct msg_units {
	struct msg_unit	*v;
	size_t		 n, cap;
};

/* Collect the message units of a parsed chapter (root: cmark_node *), in
 * document order.  Free with msg_units_free(). */
void	msgid_units(void *root, struct msg_units *out);
void	msg_units_free(struct msg_units *u);

/* Serialise the inline children of `node` (cmark_node *) as a msgid. */
void	msgid_inlines(void *node, struct buf *out);

/* Length of heading text without a trailing attribute block such as
 * "{ #id .class }" (mdBook/pulldown-cmark heading attributes); *id gets the
 * #id if there is one (caller frees), else NULL.  len when there is none. */
size_t	msgid_heading_attrs(const char *text, size_t len, char **id);

/* Strip link syntax and formatting from a SUMMARY title msgid the way
 * mdBook shows chapter names: "[Foo _Bar_](x.md)" -> "Foo Bar".  Caller frees. */
char   *msgid_plain(const char *msgid);

#endif
