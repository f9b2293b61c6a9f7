/* i18n.h — gettext for the interface.  _() translates now, N_() marks a
 * string in a static table (translate with _() where it is used), P_() adds
 * a context for short, ambiguous labels. */
#ifndef HANDBOOK_I18N_H
#define HANDBOOK_I18N_H

#include "gettext.h"

#define _(s)		gettext(s)
#define N_(s)		gettext_noop(s)
#define P_(ctx, s)	pgettext(ctx, s)

/* Set the locale and bind the interface's text domain.  Works on a machine
 * where only C.UTF-8 exists: when the user's locale (say lv_LV.UTF-8) is not
 * installed, fall back to C.UTF-8 and carry the language over through
 * LANGUAGE.  `lang` ("lv", "en") overrides the environment (--lang).
 * Catalogs come from $HANDBOOK_LOCALEDIR, else `localedir`. */
void		 i18n_init(const char *lang, const char *localedir);

/* Switch the interface language at run time ("lv", "en"). */
void		 i18n_set_language(const char *lang);

/* The interface's current language code ("lv", "en", ...): the first entry
 * of LANGUAGE, else the language part of LC_MESSAGES; "en" for C/POSIX.
 * Caller frees. */
char		*i18n_language(void);

#endif
