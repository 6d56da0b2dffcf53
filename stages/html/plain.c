/*
 * plain.c: text mode's short cut for lines that hold no markup.
 *
 * Between blocks in text mode, the tokenizer copies a line of plain
 * bytes (no '<', no '&', no control byte but the tab) as it is: put()
 * builds it into a block, its '\n' ends the block (brk()), and
 * html_emit() writes it with a '\n' when it is valid UTF-8; a blank
 * line ends nothing. plain_lines() does the same for a run of such
 * lines at once, without the tokenizer. It is that path's fast twin and
 * must write the same bytes and counts: tests/unit/html_plain.c runs
 * documents both ways (struct html's plain off and on). plain_span()
 * finds the run and counts its lines, and whether one is blank: 32
 * bytes at a time where the processor can (plain_avx2.c), with a table
 * elsewhere; both return the same.
 */
#include <stdio.h>
#include <string.h>

#include <rinse/bytes.h>
#include <rinse/simd.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

/* Bytes a plain line holds; '\n' ends one. The rest are special. */
#define NOTCTL(c) ((c) >= 0x20 || (c) == '\t' || (c) == '\n')
#define PLAIN(c) (NOTCTL(c) && (c) != 0x7F && (c) != '<' && (c) != '&')
#define ROW(r) PLAIN(r), PLAIN(r + 1), PLAIN(r + 2), PLAIN(r + 3), \
	PLAIN(r + 4), PLAIN(r + 5), PLAIN(r + 6), PLAIN(r + 7)
#define ROWS(r) ROW(r), ROW(r + 8), ROW(r + 16), ROW(r + 24)

static const unsigned char plainbyte[256] = {
	ROWS(0), ROWS(32), ROWS(64), ROWS(96),
	ROWS(128), ROWS(160), ROWS(192), ROWS(224)
};

size_t
plain_span_c(const unsigned char *s, size_t n, struct span *sp)
{
	size_t i = bytes_span(plainbyte, s, 0, n), j;

	for (j = 0; j < i; j++)
		if (s[j] == '\n') {
			sp->lines++;
			sp->blank |= j == 0 || s[j - 1] == '\n';
		}
	return i;
}

size_t
plain_span(const unsigned char *s, size_t n, struct span *sp)
{
	sp->lines = 0;
	sp->blank = 0;
#if RINSE_AVX2
	if (n >= 32 && simd_avx2())
		return plain_span_avx2(s, n, sp);
#endif
	return plain_span_c(s, n, sp);
}

/*
 * Whether the tokenizer stands between blocks of text mode, where a
 * plain line is copied as it is: no tag, reference, CDATA, element
 * dropped with its content or feed body is open, and nothing but
 * html_emit()'s own writing is asked for (no -e, no --explain).
 */
static int
between_blocks(const struct html *h)
{
	return h->plain && !h->doc && h->state == S_DATA && !h->cdata &&
	    !h->fbody && h->fpart == F_OUT && h->skipnest == 0 &&
	    h->curlen == 0 && h->levels == 1 && !h->explain;
}

/* Writes s[0..n), lines each ended by '\n', none of them blank. */
static void
put_lines(struct html *h, const unsigned char *s, size_t n,
    unsigned long long lines)
{
	if (n == 0)
		return;
	efwrite(s, n, h->out);
	h->bytes_out += n;
	h->paras_in += lines;
	h->paras_out += lines;
}

size_t
plain_lines(struct html *h, const unsigned char *s, size_t n)
{
	const unsigned char *nl;
	struct span sp;
	size_t k, v, i, seg;
	unsigned long long lines = 0;

	if (!between_blocks(h))
		return 0;
	/* Every '\n' of the span is in the whole lines taken. */
	k = bytes_through_nl(s, plain_span(s, n, &sp));
	/* A line html_emit() would mend goes the long way. */
	if (k > 0 && (v = utf8_valid(s, k)) < k) {
		k = bytes_through_nl(s, v);
		sp.blank = 1;	/* the counts are of more: line by line */
	}
	if (k == 0)
		return 0;
	if (!sp.blank) {
		put_lines(h, s, k, sp.lines);
		h->space = h->cell = 0;
		return k;
	}
	for (i = seg = 0; i < k; i = (size_t)(nl - s) + 1) {
		nl = memchr(s + i, '\n', k - i);
		if (nl == s + i) {	/* a blank line: not written */
			put_lines(h, s + seg, i - seg, lines);
			seg = i + 1;
			lines = 0;
		} else
			lines++;
	}
	put_lines(h, s + seg, k - seg, lines);
	h->space = h->cell = 0;
	return k;
}
