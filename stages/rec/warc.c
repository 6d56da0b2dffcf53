/*
 * warc.c: WARC record framing (ISO 28500, WARC/1.0 and WARC/1.1).
 *
 * A record is a version line, header lines up to a blank line, a block
 * of Content-Length bytes and two CRLFs. Contract: the header is held
 * (at most HEADMAX bytes), the block is held only when the caller wants
 * it and it fits the source's cap, else read through. A record that is
 * cut short, has no Content-Length, does not end where its length says,
 * or lost compressed data inside it is bad: the caller is told why and
 * the source moves on to the next line that starts "WARC/1.", so one bad
 * record costs itself only. Lines may end in CRLF or LF.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rinse/util.h>
#include "rec.h"

#define HEADMAX ((size_t)1 << 20)

static const char mark[] = "\nWARC/1.";

/* Moves s to the start of the next line that begins "WARC/1.". */
static void
resync(struct src *s)
{
	size_t m = sizeof(mark) - 1, i, have;

	if (src_gap(s))
		return;		/* a new gzip member: a record starts */
	for (;;) {
		have = src_need(s, 1 << 16);
		for (i = 0; i + m <= have; i++)
			if (memcmp(s->buf + s->pos + i, mark, m) == 0)
				break;
		if (i + m <= have) {
			src_skip(s, i + 1);
			return;
		}
		if (s->gapwait) {
			/* data lost here: what comes after it starts anew */
			src_skip(s, have);
			src_gap(s);
			return;
		}
		if (have < m || s->done) {
			src_skip(s, have);
			if (s->done && s->pos == s->end)
				return;
			continue;
		}
		src_skip(s, have - m + 1);
	}
}

/* The header into r->head; returns WARC_REC, WARC_END or WARC_BAD. */
static int
header(struct src *s, struct warc_rec *r, const char **why)
{
	const unsigned char *p;
	size_t n, cap = 1024;
	int st, first = 1;

	r->nhead = 0;
	r->head = xmalloc(cap);
	for (;;) {
		if ((st = src_line(s, &p, &n)) <= 0) {
			if (st == 0 && first && src_gap(s))
				continue;
			if (st == 0 && first)
				return WARC_END;
			if (st == 0 && s->gapwait) {
				*why = "compressed data lost in its header";
				return WARC_BAD;
			}
			*why = st < 0 ? "a header line over the cap" :
			    "truncated in its header";
			return WARC_BAD;
		}
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (first) {
			if (n == 0) {
				r->at = s->off;
				continue;	/* blank lines between records */
			}
			if (n != 8 || (memcmp(p, "WARC/1.0", 8) != 0 &&
			    memcmp(p, "WARC/1.1", 8) != 0)) {
				*why = "no WARC/1.0 or WARC/1.1 line where a "
				    "record should start";
				return WARC_BAD;
			}
			first = 0;
			continue;
		}
		if (n == 0)
			break;
		if (r->nhead + n + 2 > HEADMAX) {
			*why = "a header over 1 MiB";
			return WARC_BAD;
		}
		while (r->nhead + n + 2 > cap)
			r->head = xrealloc(r->head, cap *= 2);
		memcpy(r->head + r->nhead, p, n);
		r->nhead += n;
		r->head[r->nhead++] = '\n';
	}
	r->head[r->nhead] = 0;
	return WARC_REC;
}

int
warc_head(struct src *s, struct warc_rec *r, const char **why)
{
	const char *v;
	size_t n, i;
	int st;

	free(r->head);
	free(r->block);
	memset(r, 0, sizeof(*r));
	src_gap(s);	/* lost data between records: said already */
	r->at = s->off;
	if ((st = header(s, r, why)) == WARC_REC) {
		if (!warc_field(r, "Content-Length", &v, &n) || n == 0 ||
		    n > 19) {
			*why = "no Content-Length";
			st = WARC_BAD;
		}
		for (i = 0; st == WARC_REC && i < n; i++) {
			if (v[i] < '0' || v[i] > '9') {
				*why = "a Content-Length that is no number";
				st = WARC_BAD;
			}
			r->length = r->length * 10 + (v[i] - '0');
		}
	}
	if (st == WARC_BAD)
		resync(s);
	return st;
}

int
warc_field(const struct warc_rec *r, const char *name, const char **v,
    size_t *n)
{
	size_t len = strlen(name);
	const char *p = r->head, *e = r->head + r->nhead, *nl;

	for (; p < e; p = nl + 1) {
		nl = memchr(p, '\n', e - p);
		if ((size_t)(nl - p) > len && p[len] == ':' &&
		    strncasecmp(p, name, len) == 0) {
			p += len + 1;
			while (p < nl && (*p == ' ' || *p == '\t'))
				p++;
			*n = nl - p;
			while (*n > 0 && (p[*n - 1] == ' ' || p[*n - 1] == '\t'))
				(*n)--;
			*v = p;
			return 1;
		}
	}
	return 0;
}

int
warc_block(struct src *s, struct warc_rec *r, int want, const char **why)
{
	unsigned long long got;
	size_t have;

	if (want && r->length <= s->max) {
		got = src_need(s, r->length);
		if (got == r->length) {
			r->block = xmalloc(got + 1);
			memcpy(r->block, s->buf + s->pos, got);
			r->nblock = got;
		}
		src_skip(s, got);
	} else {
		got = src_skip(s, r->length);
	}
	if (got < r->length) {
		*why = s->gapwait ? "compressed data lost inside it" :
		    "truncated in its block";
		return WARC_BAD;
	}
	have = src_need(s, 4);
	if (have >= 4 && memcmp(s->buf + s->pos, "\r\n\r\n", 4) == 0)
		src_skip(s, 4);
	else if (have >= 2 && memcmp(s->buf + s->pos, "\n\n", 2) == 0)
		src_skip(s, 2);
	else {
		*why = s->gapwait ? "compressed data lost at its end" :
		    have == 0 ? "truncated before its end" :
		    "no blank lines where its Content-Length ends it";
		resync(s);
		return WARC_BAD;
	}
	return WARC_REC;
}
