/* util.h — allocation that never fails, growable byte buffers, small helpers.
 *
 * Allocation failure is not an error path: x*alloc() call the registered
 * fatal hook (which restores the terminal) and abort.  Every other error is
 * returned to the caller.  No curses here. */
#ifndef HANDBOOK_UTIL_H
#define HANDBOOK_UTIL_H

#include <stdarg.h>
#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Grow an array to hold at least `need` elements of `elsize` bytes;
 * *cap is updated.  Amortised doubling. */
void *xgrow(void *ptr, size_t *cap, size_t need, size_t elsize);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before aborting on allocation failure (the UI restores the tty). */
void util_set_fatal_hook(void (*hook)(void));

/* A growable NUL-terminated byte buffer.  Zero-initialise, then append;
 * free with buf_free().  `data` is owned by the buffer until buf_detach(). */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

void	 buf_reserve(struct buf *b, size_t extra);
void	 buf_add(struct buf *b, const char *s, size_t n);
void	 buf_adds(struct buf *b, const char *s);
void	 buf_addc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	 buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void	 buf_clear(struct buf *b);
char	*buf_detach(struct buf *b);		/* caller frees; buffer is reset */
void	 buf_free(struct buf *b);

/* A hash of a NUL-terminated string, for open-addressing tables. */
size_t	 str_hash(const char *s);

/* memmem(3), several times faster on the short needles searches use. */
const char *find_bytes(const char *hay, size_t len, const char *needle, size_t n);

/* Read a whole regular file (at most max_size bytes) into *out.
 * Returns 0, or an errno value (EFBIG when larger than max_size,
 * EINVAL when not a regular file).  Never blocks on FIFOs or devices. */
int	 read_file(const char *path, size_t max_size, struct buf *out);
/* The same with extra open(2) flags (O_NOFOLLOW). */
int	 read_file_flags(const char *path, size_t max_size, struct buf *out, int flags);

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#endif
