/*
 * unwrap.c: rinse-tidy -u, joining hard-wrapped lines back into
 * paragraphs. tidy.c cleans each line into t->buf and holds it here
 * (addent()); the wrap width is decided on a window of a document's first
 * lines (wrapwidth()), all of a shorter document, and the rest streams,
 * each line waiting only for the next (unwrap_out()). Text that is not
 * wrapped goes out as it stands and the rest of its document streams as
 * without -u (t->hold off). Line widths are measured only when they can
 * matter (widths()), 32 bytes at a time where the vector kernel can
 * (colwidth()); what is written goes through a staging buffer (out_put()).
 *
 * Contract: the output is the same as deciding on the whole document for
 * any document within the window; memory is the window (at most half of
 * -M, see put() in tidy.c) and the longest line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>
#include <rinse/wrap.h>

#include "tidy.h"

/* Whether the 8 bytes at s are ASCII. */
static int
ascii8(const unsigned char *s)
{
	uint64_t v;

	memcpy(&v, s, sizeof(v));
	return (v & 0x8080808080808080ull) == 0;
}

/*
 * The display width of the valid UTF-8 text s[0..n) when all its
 * characters are ASCII, accented Latin letters U+00C0..U+02FF,
 * punctuation U+2010..U+2027 and U+2030..U+205F (one column each), CJK
 * ideographs U+4E00..U+9FFF or Hangul syllables U+AC00..U+D7A3 (two),
 * else COLWIDTH_UNKNOWN: the vector kernel counts such text whole,
 * without a look at each character. The portable build leaves it all
 * to wrap_cols().
 */
unsigned
colwidth_c(const unsigned char *s, size_t n)
{
	(void)s;
	(void)n;
	return COLWIDTH_UNKNOWN;
}

/*
 * Display columns of the valid UTF-8 text s[0..n), WRAP_CAP at the
 * most. Columns only add up, so the whole width capped is the same as
 * counting up to the cap.
 */
static unsigned
width(const struct tidy *t, const unsigned char *s, size_t n)
{
	size_t i = 0;
	unsigned w;

	/* A character of four bytes or fewer is at least one column. */
	if (n >= 4 * WRAP_CAP)
		return WRAP_CAP;
	/* An ASCII line is its length. */
	while (i + 8 <= n && ascii8(s + i))
		i += 8;
	while (i < n && s[i] < 0x80)
		i++;
	if (i == n)
		return n < WRAP_CAP ? (unsigned)n : WRAP_CAP;
	if ((w = t->vec->colwidth(s, n)) != COLWIDTH_UNKNOWN)
		return w < WRAP_CAP ? w : WRAP_CAP;
	return wrap_cols(s, n, i, (unsigned)i);
}

void
addent(struct tidy *t, size_t off, size_t len)
{
	struct ent *e;

	if (t->nents == t->capents) {
		t->capents = t->capents ? t->capents * 2 : 256;
		t->ents = xrealloc(t->ents, t->capents * sizeof(*t->ents));
	}
	e = &t->ents[t->nents++];
	e->off = off;
	e->len = len;
	/* Needed only once the text is known wrapped (see widths()). */
	e->width = len == 0 ? 0 : t->decided && t->w > 0 ?
	    width(t, t->buf + off, len) : WIDTH_UNSET;
}

/*
 * Measures the lines held whose width is not known yet, unless fewer
 * than three could be wide enough for wrapwidth() to count them (a line
 * has no more columns than bytes): most small -z records. Returns
 * whether it measured.
 */
static int
widths(struct tidy *t)
{
	size_t i, longb = 0;

	for (i = 0; i < t->nents; i++)
		longb += t->ents[i].len >= 16;
	if (longb < 3)
		return 0;
	for (i = 0; i < t->nents; i++)
		if (t->ents[i].width == WIDTH_UNSET)
			t->ents[i].width = width(t, t->buf + t->ents[i].off,
			    t->ents[i].len);
	return 1;
}

static unsigned
entwidth(void *ctx, size_t i)
{
	const struct tidy *t = ctx;

	return t->ents[i].len == 0 ? 0 : t->ents[i].width;
}

static int
entstop(void *ctx, size_t i)
{
	const struct tidy *t = ctx;

	return wrap_endstop(t->buf + t->ents[i].off, t->ents[i].len);
}

/* The wrap width of the lines held (wrap_width()), or 0. */
static unsigned
wrapwidth(struct tidy *t)
{
	if (!widths(t))
		return 0;
	return wrap_width(t->nents, entwidth, entstop, t, 0);
}

/* Whether text ending in cp and text starting with c2 join without space. */
static int
cjk(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x4E00 &&
	    cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFF60);
}

/* Writes what out_put() staged to out. */
static void
out_flush(struct tidy *t, FILE *out)
{
	efwrite(t->ob, t->oblen, out);
	t->oblen = 0;
}

/*
 * Writes s[0..n) to out, counted, through a staging buffer of OB_CAP
 * bytes: a line or a space at a time through stdio cost more than the
 * rest of -u on short lines. unwrap_out() empties it before it returns.
 */
static void
out_put(struct tidy *t, FILE *out, const void *s, size_t n)
{
	if (t->ob == NULL)
		t->ob = xmalloc(OB_CAP);
	if (t->oblen + n > OB_CAP) {
		out_flush(t, out);
		if (n > OB_CAP) {
			efwrite(s, n, out);
			t->bytes_out += n;
			return;
		}
	}
	memcpy(t->ob + t->oblen, s, n);
	t->oblen += n;
	t->bytes_out += n;
}

/*
 * Writes the lines held for -u but the last keep (which wait for the
 * line after them), and forgets them. A line of the wrap width (within
 * 25%) is joined to the next unless the next is a break, a list item,
 * or much longer than the width; everything else ends its paragraph.
 */
static void
unwrap_out(struct tidy *t, FILE *out, size_t keep)
{
	unsigned w = t->w;
	size_t i, upto = t->nents > keep ? t->nents - keep : 0, cut, a, b, n;

	if (w == 0 && !t->para && upto == t->nents) {
		/* Not wrapped: the lines held, each with its newline, are
		   the output as they stand. */
		for (i = 0, a = b = n = 0; i < upto; i++)
			if (t->ents[i].len > 0) {
				a = n++ == 0 ? t->ents[i].off : a;
				b = t->ents[i].off + t->ents[i].len + 1;
			}
		out_put(t, out, t->buf + a, b - a);
		t->nout += n;
		t->paras_out += n;
		upto = 0;	/* written: forget them all below */
		t->nents = 0;
		t->len = 0;
	}
	for (i = 0; i < upto; i++) {
		struct ent *e = &t->ents[i], *nx;
		const unsigned char *s = t->buf + e->off;
		int join;

		if (e->len == 0)
			continue;
		if (!t->inpara && t->para && t->nout > 0)
			out_put(t, out, "\n", 1);
		out_put(t, out, s, e->len);
		nx = i + 1 < t->nents ? &t->ents[i + 1] : NULL;
		join = nx != NULL && wrap_goes_on(w, e->width,
		    t->buf + nx->off, nx->len, nx->width);
		t->inpara = join;
		if (join) {
			uint32_t a = utf8_last(s, e->len), b;

			utf8_decode(t->buf + nx->off, nx->len, &b);
			if (!(cjk(a) && cjk(b)) && !(a == '-' && e->len > 1 &&
			    s[e->len - 2] != ' '))
				out_put(t, out, " ", 1);
			t->joined++;
			t->paras_in--;	/* counted as one paragraph */
			continue;
		}
		out_put(t, out, "\n", 1);
		t->nout++;
		t->paras_out++;
	}
	/* Keep the last lines, their text at the start of the buffer. */
	cut = t->len;
	for (i = upto; i < t->nents; i++)
		if (t->ents[i].len > 0) {
			if (cut == t->len)
				cut = t->ents[i].off;
			t->ents[i].off -= cut;
		}
	if (upto > 0) {
		memmove(t->ents, t->ents + upto, (t->nents - upto) *
		    sizeof(*t->ents));
		t->nents -= upto;
	}
	if (cut > 0) {
		memmove(t->buf, t->buf + cut, t->len - cut);
		t->len -= cut;
	}
	out_flush(t, out);
}

/*
 * After each line with -u: while the window fills, holds the lines; once
 * it is full decides the wrap width on it. Text that is not wrapped then
 * goes out and the rest of the document streams as without -u; wrapped
 * text streams a few lines at a time, each waiting only for the next.
 */
void
unwrap_step(struct tidy *t, FILE *out)
{
	size_t win = t->max / 2 < WIN_BYTES ? t->max / 2 : WIN_BYTES;

	if (!t->decided) {
		if (t->nents < WIN_LINES && t->len < win)
			return;
		t->w = wrapwidth(t);
		t->decided = 1;
	}
	if (t->w == 0) {
		unwrap_out(t, out, 0);
		t->hold = 0;
		if (t->cap > WIN_BYTES) {	/* the window's memory back */
			t->cap = (size_t)64 << 10;
			t->buf = xrealloc(t->buf, t->cap);
		}
	} else if (t->nents >= UNWRAP_BATCH || t->len >= win)
		unwrap_out(t, out, 1);
}

/* At the end of a document: decides if the window never filled, writes. */
void
unwrap_end(struct tidy *t, FILE *out)
{
	if (!t->decided)
		t->w = wrapwidth(t);
	unwrap_out(t, out, 0);
}
