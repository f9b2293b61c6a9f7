/* keys.c — see keys.h.  The table is the documentation: keep help texts
 * short (they share a line with the keys on a 20-column screen). */
#include <config.h>

#include "keys.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

enum group { G_SCROLL, G_CHAPTERS, G_LINKS, G_SEARCH, G_MARKS, G_LANG, G_OTHER, G_LISTS, G_PROMPT };

static const char *const group_titles[] = {
	[G_SCROLL]	= N_("Scrolling"),
	[G_CHAPTERS]	= N_("Chapters"),
	[G_LINKS]	= N_("Links and history"),
	[G_SEARCH]	= N_("Search"),
	[G_MARKS]	= N_("Bookmarks"),
	[G_LANG]	= N_("Languages and translation"),
	[G_OTHER]	= N_("Other"),
	[G_LISTS]	= N_("In the contents, outline, bookmark and search result lists"),
	/* TRANSLATORS: ":", "/" and "s" are the keys that open the prompts. */
	[G_PROMPT]	= N_("In the prompts of :, /, | and s"),
};

/* The context each group's keys are looked up in. */
static enum keyctx
group_ctx(enum group g)
{
	return g == G_LISTS ? KEYCTX_LIST : g == G_PROMPT ? KEYCTX_PROMPT : KEYCTX_READ;
}

#define MAXKEYS 5

struct keydef {
	enum action	 act;
	enum group	 group;
	int		 keys[MAXKEYS];	/* 0 ends the list early */
	const char	*help;
};

/* Help order.  Lists (KEYCTX_LIST) and prompts (KEYCTX_PROMPT) take
 * their own keys, the rest of the table is for the reading screen. */
static const struct keydef table[] = {
	{ ACT_LINE_DOWN, G_SCROLL, { 'j', K_DOWN, K_CTRL('n'), K_CTRL('e') },
	    N_("Scroll down one line") },
	{ ACT_LINE_UP, G_SCROLL, { 'k', K_UP, K_CTRL('p'), K_CTRL('y') },
	    N_("Scroll up one line") },
	{ ACT_PAGE_DOWN, G_SCROLL, { ' ', K_PGDN, 'f', K_CTRL('f') },
	    N_("Next page; at the end of a chapter, the next chapter") },
	{ ACT_PAGE_UP, G_SCROLL, { 'b', K_PGUP, K_CTRL('b') },
	    N_("Previous page") },
	{ ACT_HALF_DOWN, G_SCROLL, { K_CTRL('d'), 'd' },
	    N_("Down half a page") },
	{ ACT_HALF_UP, G_SCROLL, { K_CTRL('u'), 'u' },
	    N_("Up half a page") },
	{ ACT_TOP, G_SCROLL, { 'g', K_HOME, '<' },
	    N_("Start of the chapter") },
	{ ACT_BOTTOM, G_SCROLL, { 'G', K_END, '>' },
	    N_("End of the chapter") },
	{ ACT_NEXT_CHAPTER, G_CHAPTERS, { ']' },
	    N_("Next chapter") },
	{ ACT_PREV_CHAPTER, G_CHAPTERS, { '[' },
	    N_("Previous chapter") },
	{ ACT_TOC, G_CHAPTERS, { 't' },
	    N_("Table of contents") },
	{ ACT_OUTLINE, G_CHAPTERS, { 'o' },
	    N_("Outline: the headings of this chapter") },
	{ ACT_GOTO, G_CHAPTERS, { ':' },
	    N_("Go to a chapter by number (3.2) or title") },
	{ ACT_NEXT_LINK, G_LINKS, { K_TAB },
	    N_("Select the next link on the screen") },
	{ ACT_PREV_LINK, G_LINKS, { K_BTAB },
	    N_("Select the previous link on the screen") },
	{ ACT_FOLLOW, G_LINKS, { K_ENTER },
	    N_("Follow the selected link") },
	{ ACT_BACK, G_LINKS, { K_BACKSPACE, 'h', K_LEFT },
	    N_("Back in history") },
	{ ACT_FORWARD, G_LINKS, { 'l', K_RIGHT },
	    N_("Forward in history") },
	{ ACT_SEARCH_BOOK, G_SEARCH, { 's' },
	    N_("Search the whole book: results by chapter, as you type") },
	{ ACT_SEARCH, G_SEARCH, { '/' },
	    N_("Search in this chapter, highlighting as you type") },
	{ ACT_SEARCH_NEXT, G_SEARCH, { 'n' },
	    N_("Next hit; after s, on into the next chapter with hits") },
	{ ACT_SEARCH_PREV, G_SEARCH, { 'N' },
	    N_("Previous hit") },
	{ ACT_MARK_SET, G_MARKS, { 'm' },
	    N_("Set bookmark x (a letter a-z) here") },
	{ ACT_MARK_JUMP, G_MARKS, { '\'', '`' },
	    N_("Go to bookmark x") },
	{ ACT_MARK_LIST, G_MARKS, { 'M' },
	    N_("List bookmarks") },
	{ ACT_LANGUAGE, G_LANG, { 'L' },
	    N_("Next language of the book, for the text and the interface") },
	{ ACT_TRANSLATOR, G_LANG, { 'T' },
	    N_("Translator mode: coverage in the contents, untranslated (?) and fuzzy (~) text marked") },
	{ ACT_BILINGUAL, G_LANG, { 'B' },
	    N_("Bilingual view: each translated block with its source under it") },
	{ ACT_RELOAD, G_LANG, { 'R' },
	    N_("Reload the translation after its .po file was saved") },
	{ ACT_EDIT, G_LANG, { 'e' },
	    N_("Edit the paragraph at the current hit or link, else at the top, in $EDITOR: its .po entry, or the Markdown") },
	{ ACT_PIPE, G_OTHER, { '|' },
	    N_("Pipe the section at the top of the screen, as text, to a command (lpr; cat > file.txt)") },
	{ ACT_HELP, G_OTHER, { '?', K_F1 },
	    N_("This help") },
	{ ACT_REDRAW, G_OTHER, { K_CTRL('l') },
	    N_("Redraw the screen") },
	{ ACT_QUIT, G_OTHER, { 'q', 'Q' },
	    N_("Quit (the place is kept for next time)") },
	{ ACT_LIST_DOWN, G_LISTS, { K_DOWN, K_CTRL('n') },
	    N_("Next entry") },
	{ ACT_LIST_UP, G_LISTS, { K_UP, K_CTRL('p') },
	    N_("Previous entry") },
	{ ACT_LIST_PGDN, G_LISTS, { K_PGDN },
	    N_("Next page of entries") },
	{ ACT_LIST_PGUP, G_LISTS, { K_PGUP },
	    N_("Previous page of entries") },
	{ ACT_LIST_HOME, G_LISTS, { K_HOME },
	    N_("First entry") },
	{ ACT_LIST_END, G_LISTS, { K_END },
	    N_("Last entry") },
	{ ACT_LIST_OPEN, G_LISTS, { K_ENTER },
	    N_("Open the entry") },
	{ ACT_LIST_FOLD, G_LISTS, { K_LEFT },
	    N_("Fold a part or chapter") },
	{ ACT_LIST_UNFOLD, G_LISTS, { K_RIGHT },
	    N_("Unfold a part or chapter") },
	{ ACT_LIST_DELETE, G_LISTS, { K_DELETE },
	    N_("Delete the bookmark") },
	{ ACT_LIST_CLOSE, G_LISTS, { K_ESC },
	    N_("Close the list; other keys type a filter or pick a bookmark") },
	{ ACT_PROMPT_OLDER, G_PROMPT, { K_UP, K_CTRL('p') },
	    N_("An earlier entry (they are kept for next time)") },
	{ ACT_PROMPT_NEWER, G_PROMPT, { K_DOWN, K_CTRL('n') },
	    N_("A later entry; in the search of s, on to the results") },
	{ ACT_PROMPT_ERASE, G_PROMPT, { K_CTRL('u') },
	    N_("Clear the entry") },
	{ ACT_PROMPT_ACCEPT, G_PROMPT, { K_ENTER },
	    N_("Go; keep the search; open the selected result") },
	{ ACT_PROMPT_CANCEL, G_PROMPT, { K_ESC, K_CTRL('c') },
	    N_("Cancel: back to where you were") },
};

static const struct keydef *
find(enum action a)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++)
		if (table[i].act == a)
			return &table[i];
	return NULL;
}

enum action
keys_lookup(enum keyctx ctx, int key)
{
	for (size_t i = 0; i < ARRAY_LEN(table); i++) {
		if (group_ctx(table[i].group) != ctx)
			continue;
		for (int k = 0; k < MAXKEYS && table[i].keys[k]; k++)
			if (table[i].keys[k] == key)
				return table[i].act;
	}
	/* Ctrl-J is Enter on many terminals. */
	if (key == '\n' || key == '\r')
		return keys_lookup(ctx, K_ENTER);
	return ACT_NONE;
}

int
keys_takes_letter(enum action a)
{
	return a == ACT_MARK_SET || a == ACT_MARK_JUMP;
}

size_t
keys_count(void)
{
	return ARRAY_LEN(table);
}

enum action
keys_entry(size_t i)
{
	return i < ARRAY_LEN(table) ? table[i].act : ACT_NONE;
}

const char *
keys_group_title(enum action a)
{
	const struct keydef *k = find(a);
	return k ? _(group_titles[k->group]) : "";
}

const char *
keys_help(enum action a)
{
	const struct keydef *k = find(a);
	return k ? _(k->help) : "";
}

char *
keys_name(int key)
{
	/* TRANSLATORS: names of keys on the keyboard, as printed on them. */
	static const char *const named[] = {
		[K_UP - K_NAMED]	= N_("Up"),
		[K_DOWN - K_NAMED]	= N_("Down"),
		[K_LEFT - K_NAMED]	= N_("Left"),
		[K_RIGHT - K_NAMED]	= N_("Right"),
		[K_PGUP - K_NAMED]	= N_("PgUp"),
		[K_PGDN - K_NAMED]	= N_("PgDn"),
		[K_HOME - K_NAMED]	= N_("Home"),
		[K_END - K_NAMED]	= N_("End"),
		[K_ENTER - K_NAMED]	= N_("Enter"),
		[K_TAB - K_NAMED]	= N_("Tab"),
		[K_BTAB - K_NAMED]	= N_("Shift-Tab"),
		[K_BACKSPACE - K_NAMED]	= N_("Backspace"),
		[K_DELETE - K_NAMED]	= N_("Delete"),
		[K_ESC - K_NAMED]	= N_("Esc"),
		[K_F1 - K_NAMED]	= N_("F1"),
	};
	if (key >= K_NAMED && key < K_NAMED_END)
		return xstrdup(_(named[key - K_NAMED]));
	if (key == ' ')
		return xstrdup(_("Space"));
	if (key > 0 && key < 0x20)
		return xasprintf("%s-%c", _("Ctrl"), key + '@');
	struct buf b = {0};
	text_encode(&b, key);
	return buf_detach(&b);
}

char *
keys_label(enum action a)
{
	const struct keydef *k = find(a);
	struct buf b = {0};
	for (int i = 0; k && i < MAXKEYS && k->keys[i]; i++) {
		char *n = keys_name(k->keys[i]);
		if (i)
			buf_adds(&b, ", ");
		buf_adds(&b, n);
		if (keys_takes_letter(a))
			buf_adds(&b, " x");
		free(n);
	}
	return buf_detach(&b);
}
