/* keys.h — the one table of reader actions: their keys, help text and group.
 *
 * The help screen (? / F1), `handbook --help-keys` and the KEYS section of
 * doc/handbook.1 (checked by a test) all come from this table.  No curses
 * here: keys are Unicode code points (control characters included, so
 * Ctrl-D is 4) or the KEY_* names below, which ui.c maps curses codes to. */
#ifndef HANDBOOK_KEYS_H
#define HANDBOOK_KEYS_H

#include <stddef.h>

/* Named keys live above the Unicode range. */
enum {
	K_NAMED = 0x110000,
	K_UP = K_NAMED, K_DOWN, K_LEFT, K_RIGHT, K_PGUP, K_PGDN, K_HOME, K_END,
	K_ENTER, K_TAB, K_BTAB, K_BACKSPACE, K_DELETE, K_ESC, K_F1,
	K_NAMED_END
};
#define K_CTRL(c)	((c) & 0x1f)

enum action {
	ACT_NONE,
	/* reading */
	ACT_LINE_DOWN, ACT_LINE_UP, ACT_PAGE_DOWN, ACT_PAGE_UP,
	ACT_HALF_DOWN, ACT_HALF_UP, ACT_TOP, ACT_BOTTOM,
	ACT_NEXT_CHAPTER, ACT_PREV_CHAPTER, ACT_TOC, ACT_OUTLINE, ACT_GOTO,
	ACT_NEXT_LINK, ACT_PREV_LINK, ACT_FOLLOW, ACT_BACK, ACT_FORWARD,
	ACT_MARK_SET, ACT_MARK_JUMP, ACT_MARK_LIST,
	ACT_SEARCH_BOOK, ACT_SEARCH, ACT_SEARCH_NEXT, ACT_SEARCH_PREV,
	ACT_LANGUAGE, ACT_TRANSLATOR, ACT_BILINGUAL, ACT_RELOAD, ACT_EDIT,
	ACT_PIPE, ACT_HELP, ACT_REDRAW, ACT_QUIT,
	/* lists: contents, outline, bookmarks */
	ACT_LIST_UP, ACT_LIST_DOWN, ACT_LIST_PGUP, ACT_LIST_PGDN,
	ACT_LIST_HOME, ACT_LIST_END, ACT_LIST_OPEN, ACT_LIST_FOLD,
	ACT_LIST_UNFOLD, ACT_LIST_DELETE, ACT_LIST_CLOSE,
	/* prompts: go to (:), search (/ and s), pipe (|) */
	ACT_PROMPT_OLDER, ACT_PROMPT_NEWER, ACT_PROMPT_ERASE, ACT_PROMPT_ACCEPT,
	ACT_PROMPT_CANCEL,
	ACT_COUNT
};

/* Where a key is looked up: the reading screen, a list or a prompt.  In
 * lists, printable characters that are not bound filter (contents,
 * outline), edit the query (search results) or pick a bookmark by its
 * letter; in prompts they are typed. */
enum keyctx { KEYCTX_READ, KEYCTX_LIST, KEYCTX_PROMPT };

/* The action bound to `key` in `ctx`, or ACT_NONE. */
enum action	 keys_lookup(enum keyctx ctx, int key);

/* True when the action reads one more key, a letter a-z (m, '). */
int		 keys_takes_letter(enum action a);

/* The table in help order.  keys_entry(i) for i < keys_count() gives the
 * action; groups change where keys_group(i) differs from the row above. */
size_t		 keys_count(void);
enum action	 keys_entry(size_t i);
/* Translated title of the group an action belongs to. */
const char	*keys_group_title(enum action a);
/* Translated help text for an action ("Scroll down one line"). */
const char	*keys_help(enum action a);
/* The action's keys for people: "j, Down, Ctrl-N" (with " x" after keys
 * that take a letter).  Caller frees. */
char		*keys_label(enum action a);
/* One key's name: "j", "Space", "Ctrl-D", "PgDn".  Caller frees. */
char		*keys_name(int key);

#endif
