/*
 * counts.c: each record's paragraphs dropped by each stage, read from
 * the chain's why-dropped log (include/rinse/whylog.h) as it grows.
 *
 * Contract: the stages write a record's log lines before they pass the
 * record on, so by the time its text comes out of the chain every line
 * about record N ("<stdin>#N") is in the log; counts_take(N) reads what
 * the log holds so far and returns N's counts, and forgets the records
 * before N. Lines about later records (a stage runs ahead) are kept
 * until their turn. Memory: the records in flight, a few counters each.
 * The log is read when the chain's output moved (see counts_take()), not
 * once a record: one read(2) covers every record that came out before.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/util.h>
#include "rec.h"

static const char *const stages[NSTAGE] = { "html", "ads", "dedup" };

void
counts_open(struct counts *c, const char *path)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	if ((c->fd = open(path, O_RDONLY)) < 0)
		die("%s:", path);
	c->base = 1;
	c->bcap = 1 << 16;
	c->buf = xmalloc(c->bcap);
}

void
counts_close(struct counts *c)
{
	if (c->path != NULL)
		close(c->fd);
	free(c->buf);
	free(c->n);
}

/* Counts one line "<stdin>#N<TAB>STAGE<TAB>...". */
static void
line(struct counts *c, const char *s, size_t n)
{
	const char *t = memchr(s, '\t', n), *h = memchr(s, '#', n);
	unsigned long long k = 0;
	size_t i, st;

	if (t == NULL || h == NULL || h > t)
		return;
	for (h++; h < t && *h >= '0' && *h <= '9'; h++)
		k = k * 10 + (*h - '0');
	for (st = 0; st < NSTAGE; st++) {
		size_t len = strlen(stages[st]);

		if ((size_t)(s + n - t) > len + 1 && t[len + 1] == '\t' &&
		    memcmp(t + 1, stages[st], len) == 0)
			break;
	}
	if (st == NSTAGE || k < c->base)
		return;
	i = c->off + (k - c->base);
	if (i >= c->cap && c->off > 0) {	/* the forgotten go */
		memmove(c->n, c->n + c->off, (c->used - c->off) *
		    sizeof(*c->n));
		memset(c->n + (c->used - c->off), 0, c->off * sizeof(*c->n));
		c->used -= c->off;
		i -= c->off;
		c->off = 0;
	}
	if (i >= c->cap) {
		size_t old = c->cap;

		c->cap = i + 64 > 2 * c->cap ? i + 64 : 2 * c->cap;
		c->n = xrealloc(c->n, c->cap * sizeof(*c->n));
		memset(c->n + old, 0, (c->cap - old) * sizeof(*c->n));
	}
	c->n[i][st]++;
	if (i >= c->used)
		c->used = i + 1;
}

/* Reads the whole lines the log holds now. */
static void
drain(struct counts *c)
{
	ssize_t r;
	char *nl, *p;

	for (;;) {
		if (c->blen == c->bcap)
			c->buf = xrealloc(c->buf, c->bcap *= 2);
		r = read(c->fd, c->buf + c->blen, c->bcap - c->blen);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			die("%s:", c->path);
		if (r == 0)
			return;
		c->blen += r;
		for (p = c->buf; (nl = memchr(p, '\n', c->buf + c->blen - p)) !=
		    NULL; p = nl + 1)
			line(c, p, nl - p);
		c->blen -= p - c->buf;
		memmove(c->buf, p, c->blen);
	}
}

void
counts_take(struct counts *c, unsigned long long k, unsigned long long mark,
    unsigned out[NSTAGE])
{
	size_t i;

	if (mark != c->mark) {
		drain(c);
		c->mark = mark;
	}
	memset(out, 0, NSTAGE * sizeof(*out));
	if (k < c->base)
		return;
	i = c->off + (k - c->base);
	if (i < c->used)
		memcpy(out, c->n[i], NSTAGE * sizeof(*out));
	/* Forget the records up to k: n[off..] are the later ones. */
	c->off = i + 1 < c->used ? i + 1 : c->used;
	c->base = k + 1;
	if (c->off == c->used) {	/* none held: start again at 0 */
		memset(c->n, 0, c->used * sizeof(*c->n));
		c->off = c->used = 0;
	}
}

const char *
counts_stage(size_t i)
{
	return stages[i];
}
