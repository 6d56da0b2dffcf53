/* reader.c: the streaming line reader (see reader.h for the contract). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/reader.h>
#include <rinse/simd.h>
#include <rinse/stage.h>
#include <rinse/util.h>

#define RD_CHUNK ((size_t)128 << 10)

struct reader {
	int fd;
	const char *name;	/* for messages; "-" is shown as "<stdin>" */
	char *buf;
	size_t cap;		/* bytes allocated */
	size_t pos, end;	/* unread bytes are buf[pos..end) */
	size_t scanned;		/* bytes after pos already known to hold no
				   terminator */
	size_t max;		/* longest line accepted */
	int zmode;
	int nulok;		/* outside record mode: NULs are line bytes */
	int eof;		/* read() returned 0 */
	int inrecord;		/* record mode: the record has bytes */
	int err;		/* errno, RD_ETOOLONG or RD_EBINARY */
	int nl;			/* the last line ended with '\n' */
	unsigned long long bytes;	/* bytes read so far */
	unsigned long long lineno;	/* number of the last line returned */
};

static void
reader_init(struct reader *r, int fd, const char *name, size_t max, int zmode)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
	r->max = max ? max : RD_DEFAULT_MAX;
	r->zmode = zmode;
	r->cap = RD_CHUNK;
	r->buf = xmalloc(r->cap);
}

struct reader *
reader_open(int fd, const char *name, size_t max, int zmode)
{
	struct reader *r = xmalloc(sizeof(*r));

	reader_init(r, fd, name, max, zmode);
	return r;
}

void
reader_close(struct reader *r)
{
	free(r->buf);
	free(r);
}

const char *
reader_name(const struct reader *r)
{
	return strcmp(r->name, "-") == 0 ? "<stdin>" : r->name;
}

/*
 * Reads more bytes after end, making room first: unread bytes move to the
 * front, and the buffer doubles when they fill it, up to the line cap.
 * Returns 1 when bytes came, 0 at end of input, -1 on error (err set).
 */
static int
fill(struct reader *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	if (r->end == r->cap) {
		size_t ncap;

		if (r->end > r->max) {
			r->err = RD_ETOOLONG;
			return -1;
		}
		ncap = r->cap * 2;
		if (ncap > r->max + RD_CHUNK)
			ncap = r->max + RD_CHUNK;
		r->buf = xrealloc(r->buf, ncap);
		r->cap = ncap;
	}
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->err = errno;
		return -1;
	}
	if (n == 0) {
		r->eof = 1;
		return 0;
	}
	r->end += n;
	r->bytes += n;
	return 1;
}

/* The line being read is longer than the cap. */
static int
toolong(struct reader *r)
{
	r->err = RD_ETOOLONG;
	r->lineno++;
	return RD_ERR;
}

int
reader_next(struct reader *r, const char **line, size_t *len)
{
	for (;;) {
		char *s = r->buf + r->pos;
		size_t avail = r->end - r->pos, start = r->scanned;
		const char *p = simd_find2(s + start, avail - start, '\n', '\0');
		const char *nl = p && *p == '\n' ? p : NULL;
		const char *nul = p && *p == '\0' ? p : NULL;
		size_t stop = nl ? (size_t)(nl - s) : avail;

		if (nul != NULL) {
			size_t k = nul - s;

			if (!r->zmode && r->nulok) {
				r->scanned = k + 1;
				continue;
			}
			if (!r->zmode) {
				r->err = RD_EBINARY;
				r->lineno++;
				return RD_ERR;
			}
			r->scanned = 0;
			if (k > r->max)
				return toolong(r);
			if (k > 0) {	/* the record's last line first */
				*line = s;
				*len = k;
				r->pos += k;
				r->nl = 0;
				r->lineno++;
				r->inrecord = 1;
				return RD_LINE;
			}
			r->pos++;
			r->inrecord = 0;
			return RD_EOD;
		}
		if (nl != NULL) {
			if (stop > r->max)
				return toolong(r);
			*line = s;
			*len = stop;
			r->pos += stop + 1;
			r->scanned = 0;
			r->nl = 1;
			r->lineno++;
			r->inrecord = 1;
			return RD_LINE;
		}
		if (avail > r->max)
			return toolong(r);
		r->scanned = avail;
		switch (fill(r)) {
		case 1:
			continue;
		case -1:
			if (r->err == RD_ETOOLONG)
				r->lineno++;
			return RD_ERR;
		}
		/* End of input; fill() may have moved the bytes. */
		s = r->buf + r->pos;
		avail = r->end - r->pos;
		if (avail > 0) {
			*line = s;
			*len = avail;
			r->pos = r->end;
			r->scanned = 0;
			r->nl = 0;
			r->lineno++;
			r->inrecord = 1;
			return RD_LINE;
		}
		if (r->zmode && r->inrecord) {
			r->inrecord = 0;
			return RD_EOD;
		}
		return RD_EOF;
	}
}

size_t
reader_buffered(const struct reader *r, const char **p)
{
	*p = r->buf + r->pos;
	return r->end - r->pos;
}

void
reader_take(struct reader *r, size_t n, unsigned long long nlines)
{
	if (n == 0)
		return;
	r->pos += n;
	r->scanned = 0;
	r->nl = 1;
	r->lineno += nlines;
	r->inrecord = 1;
}

int
reader_more(struct reader *r)
{
	while (r->pos == r->end && !r->err) {
		if (fill(r) <= 0)
			break;
	}
	return r->pos < r->end;
}

void
reader_refuse(struct reader *r)
{
	r->err = RD_ETOOBIG;
}

int
reader_nl(const struct reader *r)
{
	return r->nl;
}

int
reader_zmode(const struct reader *r)
{
	return r->zmode;
}

int
reader_error(const struct reader *r)
{
	return r->err;
}

int
reader_eof(const struct reader *r)
{
	return r->eof;
}

unsigned long long
reader_bytes(const struct reader *r)
{
	return r->bytes;
}

int
reader_fd(const struct reader *r)
{
	return r->fd;
}

void
reader_nulok(struct reader *r, int on)
{
	r->nulok = on;
}

ssize_t
reader_fill(struct reader *r)
{
	ssize_t n;

	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->buf, r->buf + r->pos, r->end - r->pos);
		r->end -= r->pos;
		r->pos = 0;
	}
	r->scanned = 0;
	if (r->end == r->cap)
		return 0;
	do
		n = read(r->fd, r->buf + r->end, r->cap - r->end);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r->err = errno;
		return -1;
	}
	if (n == 0)
		r->eof = 1;
	r->end += n;
	r->bytes += n;
	return n;
}

int
reader_full(const struct reader *r)
{
	return r->pos == 0 && r->end == r->cap;
}

void
reader_skip(struct reader *r, size_t n)
{
	r->pos += n;
	r->scanned = 0;
}

unsigned long long
reader_lineno(const struct reader *r)
{
	return r->lineno;
}

size_t
reader_max(const struct reader *r)
{
	return r->max;
}

int
reader_fail(const struct reader *r)
{
	switch (r->err) {
	case RD_EBINARY:
		warn("%s: line %llu: NUL byte: binary input refused (use -z "
		    "for NUL-separated records)", reader_name(r), r->lineno);
		return RINSE_BAD;
	case RD_ETOOLONG:
		capwarn(reader_name(r), r->lineno, "the line holds", r->max,
		    "the document is cut before it and the rest of the input "
		    "is not read");
		return RINSE_ERR;
	case RD_ETOOBIG:
		capwarn(reader_name(r), r->lineno, "the document would hold",
		    r->max, "the document is cut before this line and the "
		    "rest of the input is not read");
		return RINSE_ERR;
	default:
		errno = r->err;
		warn("%s: read error:", reader_name(r));
		return RINSE_ERR;
	}
}
