/* util.c — see util.h. */
#include <config.h>

#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static void (*fatal_hook)(void);

void
util_set_fatal_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

static void
out_of_memory(size_t size)
{
	if (fatal_hook)
		fatal_hook();
	fprintf(stderr, "handbook: out of memory (%zu bytes)\n", size);
	abort();
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		out_of_memory(nmemb * size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);
	if (!p)
		out_of_memory(size);
	return p;
}

void *
xgrow(void *ptr, size_t *cap, size_t need, size_t elsize)
{
	if (need <= *cap)
		return ptr;
	size_t ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > ((size_t)-1) / 2 / elsize)
			out_of_memory(need * elsize);
		ncap *= 2;
	}
	*cap = ncap;
	return xrealloc(ptr, ncap * elsize);
}

size_t
str_hash(const char *s)
{
	size_t h = 1469598103934665603ull;	/* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	struct buf b = {0};
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return buf_detach(&b);
}

void
buf_reserve(struct buf *b, size_t extra)
{
	b->data = xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void
buf_add(struct buf *b, const char *s, size_t n)
{
	buf_reserve(b, n);
	if (n)
		memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct buf *b, char c)
{
	buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	buf_reserve(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_clear(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *
find_bytes(const char *hay, size_t len, const char *needle, size_t n)
{
	if (n == 0)
		return hay;
	if (n > len)
		return NULL;
	if (n == 1)
		return memchr(hay, needle[0], len);
	size_t k = 0;
#ifdef __SSE2__
	/* Compare the needle's first and last bytes at 16 places at once
	 * and check the rest only where both agree (W. Muła's SIMD-friendly
	 * substring search); glibc's memmem is several times slower on
	 * short needles. */
	const __m128i first = _mm_set1_epi8(needle[0]), last = _mm_set1_epi8(needle[n - 1]);
	for (; k + n - 1 + 16 <= len; k += 16) {
		__m128i bf = _mm_loadu_si128((const __m128i *)(const void *)(hay + k));
		__m128i bl = _mm_loadu_si128((const __m128i *)(const void *)(hay + k + n - 1));
		unsigned mask = (unsigned)_mm_movemask_epi8(
		    _mm_and_si128(_mm_cmpeq_epi8(first, bf), _mm_cmpeq_epi8(last, bl)));
		if (mask && n == 2)
			return hay + k + (unsigned)__builtin_ctz(mask);
		while (mask) {
			unsigned bitpos = (unsigned)__builtin_ctz(mask);
			if (!memcmp(hay + k + bitpos + 1, needle + 1, n - 2))
				return hay + k + bitpos;
			mask &= mask - 1;
		}
	}
#endif
	return memmem(hay + k, len - k, needle, n);
}

int
read_file(const char *path, size_t max_size, struct buf *out)
{
	return read_file_flags(path, max_size, out, 0);
}

int
read_file_flags(const char *path, size_t max_size, struct buf *out, int flags)
{
	/* O_NONBLOCK: opening a FIFO must never hang; we refuse it below. */
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | flags);
	if (fd < 0)
		return errno;
	struct stat st;
	if (fstat(fd, &st) < 0) {
		int e = errno;
		close(fd);
		return e;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return EINVAL;
	}
	if ((unsigned long long)st.st_size > max_size) {
		close(fd);
		return EFBIG;
	}
	buf_clear(out);
	/* What fstat counted is the file: read that much and stop, without
	 * the read that would report the end (a syscall per chapter in a
	 * whole-book search).  A size of 0 may be a file that does not know
	 * its size: that one is read to its end. */
	buf_reserve(out, (size_t)st.st_size + 1);
	while (!st.st_size || out->len < (size_t)st.st_size) {
		if (out->cap - out->len - 1 == 0)
			buf_reserve(out, 65536);
		ssize_t n = read(fd, out->data + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			close(fd);
			return e;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		if (out->len > max_size) {
			close(fd);
			return EFBIG;
		}
	}
	out->data[out->len] = '\0';
	close(fd);
	return 0;
}
