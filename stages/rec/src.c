/*
 * src.c: a byte source that reads plain, gzip or zstd input, told apart
 * by its first bytes, never by its name.
 *
 * Contract: decoded bytes come out in order; memory is the longest line
 * or block a caller asks for (at most max) plus two read buffers. gzip
 * input may hold many members (a .warc.gz has one a record): they are
 * read one after another. Corrupt compressed data is reported with its
 * offset in the file and counted in gaps; the source then stops as if
 * at its end (gapwait) until the caller takes note with src_gap(), so a
 * record read across the damage comes out short, never glued to the
 * next; reading goes on at the next member or frame. A truncated stream
 * is reported and ends the input. Nothing is lost silently.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/util.h>
#include "rec.h"

#define RAWCHUNK ((size_t)1 << 17)

static const unsigned char gzmagic[3] = { 0x1f, 0x8b, 0x08 };
static const unsigned char zsmagic[4] = { 0x28, 0xb5, 0x2f, 0xfd };

/* More compressed bytes at raw+rend; returns how many came. */
static size_t
rawfill(struct src *s)
{
	ssize_t r;

	if (s->reof || s->failed)
		return 0;
	if (s->rpos > 0 && s->rpos == s->rend) {
		s->rbase += s->rpos;
		s->rpos = s->rend = 0;
	} else if (s->rpos > 0) {
		memmove(s->raw, s->raw + s->rpos, s->rend - s->rpos);
		s->rbase += s->rpos;
		s->rend -= s->rpos;
		s->rpos = 0;
	}
	if (s->rcap - s->rend < RAWCHUNK / 2) {
		s->rcap *= 2;
		s->raw = xrealloc(s->raw, s->rcap);
	}
	do
		r = read(s->fd, s->raw + s->rend, s->rcap - s->rend);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		warn("%s: read error:", s->name);
		s->failed = 1;
		return 0;
	}
	if (r == 0)
		s->reof = 1;
	s->rend += r;
	return r;
}

void
src_open(struct src *s, int fd, const char *name, size_t max)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->name = name;
	s->max = max;
	s->rcap = RAWCHUNK;
	s->raw = xmalloc(s->rcap);
	s->cap = RAWCHUNK;
	s->buf = xmalloc(s->cap);
	while (s->rend < 4 && rawfill(s) > 0)
		;
	if (s->rend >= 3 && memcmp(s->raw, gzmagic, 3) == 0) {
		s->comp = COMP_GZIP;
		if (inflateInit2(&s->z, 15 + 16) != Z_OK)
			die("%s: zlib cannot start", name);
		s->zinit = 1;
	} else if (s->rend >= 4 && memcmp(s->raw, zsmagic, 4) == 0) {
		s->comp = COMP_ZSTD;
		if ((s->zs = ZSTD_createDStream()) == NULL)
			die("%s: zstd cannot start", name);
		ZSTD_initDStream(s->zs);
	}
}

void
src_close(struct src *s)
{
	if (s->zinit)
		inflateEnd(&s->z);
	if (s->zs)
		ZSTD_freeDStream(s->zs);
	free(s->raw);
	free(s->buf);
}

/*
 * After corrupt data at raw+rpos: reports it, counts a gap and moves to
 * the next member or frame magic (reading on as needed), or to the end.
 */
static void
resync(struct src *s, const char *what)
{
	const unsigned char *m = s->comp == COMP_GZIP ? gzmagic : zsmagic;
	size_t mlen = s->comp == COMP_GZIP ? 3 : 4, i;

	warn("%s: %s at byte %llu of the file; reading on at the next %s",
	    s->name, what, s->rbase + s->rpos,
	    s->comp == COMP_GZIP ? "gzip member" : "zstd frame");
	s->gaps++;
	if (s->rpos < s->rend)
		s->rpos++;	/* past the byte where the damage was seen */
	for (;;) {
		for (i = s->rpos; i + mlen <= s->rend; i++)
			if (memcmp(s->raw + i, m, mlen) == 0)
				break;
		s->rpos = i;
		if (i + mlen <= s->rend)
			break;
		if (rawfill(s) == 0) {
			s->rpos = s->rend;
			break;
		}
	}
	if (s->comp == COMP_GZIP)
		inflateReset(&s->z);
	else
		ZSTD_initDStream(s->zs);
	s->zin_mid = 0;
	s->gapwait = 1;
}

int
src_gap(struct src *s)
{
	int g = s->gapwait;

	s->gapwait = 0;
	return g;
}

/* Decodes more into buf+end; returns 0 when nothing more will come. */
static int
decode(struct src *s)
{
	size_t before = s->end;
	int r;

	if (s->gapwait)
		return 0;
	if (s->comp == COMP_NONE) {
		size_t n;
		ssize_t r;

		if (s->rpos == s->rend) {
			/* Straight into buf: no copy through raw. */
			if (s->reof || s->failed)
				return 0;
			do
				r = read(s->fd, s->buf + s->end, s->cap - s->end);
			while (r < 0 && errno == EINTR);
			if (r < 0) {
				warn("%s: read error:", s->name);
				s->failed = 1;
				return 0;
			}
			if (r == 0) {
				s->reof = 1;
				return 0;
			}
			s->end += r;
			return 1;
		}
		n = s->rend - s->rpos;
		if (n > s->cap - s->end)
			n = s->cap - s->end;
		memcpy(s->buf + s->end, s->raw + s->rpos, n);
		s->rpos += n;
		s->end += n;
		return 1;
	}
	while (s->end == before && !s->gapwait) {
		if (s->rpos == s->rend && rawfill(s) == 0)
			return 0;
		if (s->comp == COMP_GZIP) {
			s->z.next_in = s->raw + s->rpos;
			s->z.avail_in = s->rend - s->rpos;
			s->z.next_out = s->buf + s->end;
			s->z.avail_out = s->cap - s->end;
			r = inflate(&s->z, Z_NO_FLUSH);
			s->rpos = s->rend - s->z.avail_in;
			s->end = s->cap - s->z.avail_out;
			if (r == Z_STREAM_END) {
				inflateReset(&s->z);
				s->zin_mid = 0;
				/* What follows a member must be another. */
				while (s->rend - s->rpos < 3 && rawfill(s) > 0)
					;
				if (s->rpos < s->rend && (s->rend - s->rpos < 3 ||
				    memcmp(s->raw + s->rpos, gzmagic, 3) != 0))
					resync(s, "bytes that are no gzip member");
			} else if (r == Z_OK || r == Z_BUF_ERROR) {
				s->zin_mid = 1;
			} else {
				resync(s, "corrupt gzip data");
			}
		} else {
			ZSTD_inBuffer in = { s->raw, s->rend, s->rpos };
			ZSTD_outBuffer out = { s->buf, s->cap, s->end };
			size_t z = ZSTD_decompressStream(s->zs, &out, &in);

			s->rpos = in.pos;
			s->end = out.pos;
			if (ZSTD_isError(z))
				resync(s, "corrupt zstd data");
			else
				s->zin_mid = z != 0;
		}
	}
	return 1;
}

/* The input ended: says so if it ended inside a member or frame. */
static void
ended(struct src *s)
{
	if (!s->done && s->zin_mid && s->comp != COMP_NONE) {
		warn("%s: the %s stream is truncated", s->name,
		    s->comp == COMP_GZIP ? "gzip" : "zstd");
		s->gaps++;
	}
	s->done = 1;
}

size_t
src_need(struct src *s, size_t n)
{
	if (n > s->max)
		n = s->max;
	while (s->end - s->pos < n && !s->done && !s->gapwait) {
		if (s->pos > 0) {
			memmove(s->buf, s->buf + s->pos, s->end - s->pos);
			s->end -= s->pos;
			s->pos = 0;
		}
		while (s->cap - s->end < RAWCHUNK / 2 || s->cap < n)
			s->buf = xrealloc(s->buf, s->cap *= 2);
		if (!decode(s) && !s->gapwait)
			ended(s);
	}
	return s->end - s->pos < n ? s->end - s->pos : n;
}

int
src_line(struct src *s, const unsigned char **p, size_t *n)
{
	size_t scanned = 0, have;
	unsigned char *nl;

	for (;;) {
		have = s->end - s->pos;
		nl = memchr(s->buf + s->pos + scanned, '\n', have - scanned);
		if (nl != NULL) {
			*p = s->buf + s->pos;
			*n = nl - *p;
			s->pos += *n + 1;
			s->off += *n + 1;
			return *n > s->max ? -1 : 1;
		}
		scanned = have;
		if (have >= s->max) {
			/* Over the cap: skip to the line's end, counting. */
			unsigned long long len = 0;

			for (;;) {
				nl = memchr(s->buf + s->pos, '\n', s->end - s->pos);
				if (nl != NULL) {
					len += nl - (s->buf + s->pos);
					s->off += nl - (s->buf + s->pos) + 1;
					s->pos = nl - s->buf + 1;
					break;
				}
				len += s->end - s->pos;
				s->off += s->end - s->pos;
				s->pos = s->end;
				if (src_need(s, 1) == 0)
					break;
			}
			*n = len;
			return -1;
		}
		if (src_need(s, have + 1) <= have) {
			if (have == 0)
				return 0;
			*p = s->buf + s->pos;	/* a last line without '\n' */
			*n = have;
			s->pos += have;
			s->off += have;
			return 1;
		}
	}
}

unsigned long long
src_skip(struct src *s, unsigned long long n)
{
	unsigned long long done = 0;
	size_t have;

	while (done < n) {
		have = s->end - s->pos;
		if (have == 0 && (have = src_need(s, 1)) == 0)
			break;
		if (have > n - done)
			have = n - done;
		s->pos += have;
		s->off += have;
		done += have;
	}
	return done;
}
