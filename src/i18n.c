/* i18n.c — see i18n.h.  The start-up order follows the i18n spec (§4):
 * glibc ignores LANGUAGE in the C locale and setlocale() fails for a
 * locale that is not generated, which on a fresh Debian is every locale
 * but C.UTF-8. */
#include <config.h>

#include "i18n.h"
#include "util.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

/* The language part of a locale name: "lv_LV.UTF-8@x" -> "lv_LV". */
static char *
locale_language(const char *name)
{
	size_t n = strcspn(name, ".@");
	return xstrndup(name, n);
}

static const char *
first_set(const char *const *vars)
{
	for (; *vars; vars++) {
		const char *v = getenv(*vars);
		if (v && *v)
			return v;
	}
	return NULL;
}

static void
ensure_utf8_messages(void)
{
	const char *m = setlocale(LC_MESSAGES, NULL);
	if (!m || !strcmp(m, "C") || !strcmp(m, "POSIX"))
		setlocale(LC_ALL, "C.UTF-8");
}

void
i18n_init(const char *lang, const char *localedir)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG", NULL };
	char *remembered = NULL;

	if (!setlocale(LC_ALL, "")) {
		const char *v = first_set(vars);
		if (v)
			remembered = locale_language(v);
		setlocale(LC_ALL, "C.UTF-8");
	}
	if (lang && *lang) {
		setenv("LANGUAGE", lang, 1);
		ensure_utf8_messages();
	} else if (remembered && strcmp(remembered, "C") && strcmp(remembered, "POSIX")) {
		const char *l = getenv("LANGUAGE");
		if (!l || !*l)
			setenv("LANGUAGE", remembered, 1);
	}
	free(remembered);
	/* Our text is UTF-8 whatever LC_CTYPE says: ncursesw needs a UTF-8
	 * LC_CTYPE too, so a C/POSIX one is upgraded to C.UTF-8. */
	const char *ct = setlocale(LC_CTYPE, NULL);
	if (ct && (!strcmp(ct, "C") || !strcmp(ct, "POSIX")))
		setlocale(LC_CTYPE, "C.UTF-8");

	const char *dir = getenv("HANDBOOK_LOCALEDIR");
	bindtextdomain(PACKAGE, dir && *dir ? dir : localedir);
	bind_textdomain_codeset(PACKAGE, "UTF-8");
	textdomain(PACKAGE);
}

void
i18n_set_language(const char *lang)
{
	setenv("LANGUAGE", lang, 1);
	ensure_utf8_messages();
	/* Tell glibc its cached translations are stale. */
	{
		extern int _nl_msg_cat_cntr;
		++_nl_msg_cat_cntr;
	}
	textdomain(PACKAGE);
}

char *
i18n_language(void)
{
	const char *l = getenv("LANGUAGE");
	const char *m = setlocale(LC_MESSAGES, NULL);
	if (m && (!strcmp(m, "C") || !strcmp(m, "POSIX")))
		return xstrdup("en");
	if (l && *l) {
		size_t n = strcspn(l, ":_.@");
		return xstrndup(l, n);
	}
	if (!m)
		return xstrdup("en");
	size_t n = strcspn(m, "_.@");
	char *r = xstrndup(m, n);
	if (!strcmp(r, "C")) {
		free(r);
		return xstrdup("en");
	}
	return r;
}
