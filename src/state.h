/* state.h — per-book reading state: last position, bookmarks a-z and named
 * string lists (recent search queries), kept across runs.
 *
 * One file per book under $XDG_STATE_HOME/handbook/ (default
 * ~/.local/state/handbook/), named after the book folder and a hash of its
 * canonical path.  Places are stored by chapter file, block and offset, so
 * they survive re-wrapping and SUMMARY.md edits.
 *
 * The file is text: a version line, one entry per line, "end".  Saving
 * is a read-modify-write under flock() on a lock file beside it: only what
 * this process changed since it loaded is applied to what is on disk, so
 * two readers of the same book never lose each other's bookmarks.  It is
 * written to a temporary file in the same folder, fsync'ed and renamed over
 * the old one (then the folder is fsync'ed): a crash leaves the old file or
 * the new one, never a mix.  Errors are returned as messages, never
 * printed. */
#ifndef HANDBOOK_STATE_H
#define HANDBOOK_STATE_H

#include <stddef.h>
#include <stdint.h>

#define STATE_NMARKS	26
#define STATE_LIST_MAX	50	/* items kept per list */
#define STATE_VERSION	1

struct state_pos {
	char	*path;		/* chapter file, relative to the book's src; NULL = unset */
	int	 block;		/* -1 = top of the chapter */
	size_t	 offset;
};

struct state_list {
	char	 *name;
	char	**items;	/* newest first */
	size_t	  n, cap;
};

struct state {
	char		 *book;		/* canonical book folder */
	struct state_pos  last;
	struct state_pos  marks[STATE_NMARKS];
	struct state_list *lists;
	size_t		  nlists, lists_cap;
	char		**extra;	/* lines of a newer minor format, kept */
	size_t		  nextra, extra_cap;
	/* What changed since load/save; only that is merged into the file. */
	int		  last_dirty;
	uint32_t	  marks_dirty;
	struct state_list *added;	/* list items added, oldest first */
	size_t		  nadded, added_cap;
	int		  readonly;	/* written by a newer version: never overwrite */
};

/* An empty state for the book at canonical path `book`. */
void	 state_init(struct state *st, const char *book);
void	 state_free(struct state *st);

/* The state folder ($XDG_STATE_HOME/handbook or ~/.local/state/handbook)
 * or NULL when there is no home folder.  Caller frees. */
char	*state_dir(void);
/* The state file for the book at canonical path `book` in `dir`.
 * Caller frees. */
char	*state_file(const char *dir, const char *book);

/* Read `file` into st (replacing what it had).  A missing file is not an
 * error.  Returns 0, or -1 with *err set to a translated one-line message
 * (caller frees) for a file that is unreadable, binary, corrupt, truncated
 * or from a newer version; whatever could be read is kept. */
int	 state_load(struct state *st, const char *file, char **err);

/* Merge this process's changes into `file` and write it atomically; st then
 * holds the merged state (with other readers' bookmarks).  Creates the
 * folder.  Returns 0, or -1 with *err set (caller frees); st keeps its
 * changes so a later save can retry. */
int	 state_save(struct state *st, const char *file, char **err);

/* Changes (path NULL clears).  letter is 'a'..'z'. */
void	 state_set_last(struct state *st, const char *path, int block, size_t offset);
void	 state_set_mark(struct state *st, int letter, const char *path, int block, size_t offset);
const struct state_pos *state_mark(const struct state *st, int letter);

/* Named string lists, newest first: adding moves an item to the front
 * (no duplicates) and keeps at most STATE_LIST_MAX. */
void	 state_list_add(struct state *st, const char *name, const char *item);
/* The items of list `name` (NULL when empty); *n receives their number. */
char *const *state_list(const struct state *st, const char *name, size_t *n);

#endif
