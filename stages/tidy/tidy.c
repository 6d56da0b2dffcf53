/*
 * rinse-tidy: the last stage. Folds every kind of white space to one ASCII
 * space, trims lines, drops control and zero-width characters, drops lines
 * without a letter or digit, writes one paragraph a line with a final
 * newline, and guarantees valid UTF-8. With -u it joins hard-wrapped lines
 * back into paragraphs, deciding the wrap width on a window of a
 * document's first lines and streaming the rest.
 *
 * This file holds the cleaning (emit(), tidy_line()), the portable twins
 * of the kernels and main(); tidy.h lists where the rest is.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include <rinse/bytes.h>
#include <rinse/reader.h>
#include <rinse/simd.h>
#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "tidy.h"

/* What a character is to tidy. */
enum {
	K_OTHER,	/* kept; not a letter or digit */
	K_ALNUM,	/* kept; a letter or digit */
	K_SPACE,	/* folded into one space */
	K_SEP,		/* ends a line: CR, NEL, U+2028, U+2029 */
	K_DROP,		/* control or format character, removed */
	K_ZWJ,		/* kept only inside an emoji sequence */
	K_ZWNJ,		/* kept only between letters of scripts that use it */
	K_TAG,		/* emoji tag characters: kept after a flag */
	K_BAD		/* invalid UTF-8, becomes U+FFFD */
};

static const unsigned char asciiclass[128] = {
	K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP,
	K_DROP, K_SPACE, K_DROP, K_SPACE, K_SPACE, K_SEP, K_DROP, K_DROP,
	K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP,
	K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP, K_DROP,
	K_SPACE, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER,
	K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER,
	K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM,
	K_ALNUM, K_ALNUM, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER,
	K_OTHER, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM,
	K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM,
	K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM,
	K_ALNUM, K_ALNUM, K_ALNUM, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_OTHER,
	K_OTHER, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM,
	K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM,
	K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM, K_ALNUM,
	K_ALNUM, K_ALNUM, K_ALNUM, K_OTHER, K_OTHER, K_OTHER, K_OTHER, K_DROP
};

static int
uclass(uint32_t cp)
{
	if ((cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x4E00 && cp <= 0x9FFF))
		return K_ALNUM;	/* Hangul syllables, CJK ideographs */
	switch (cp) {
	case 0x85: case 0x2028: case 0x2029:
		return K_SEP;
	case 0x200D:
		return K_ZWJ;
	case 0x200C:
		return K_ZWNJ;
	case 0x3164: case 0xFFA0:
		return K_SPACE;	/* Hangul fillers: letters that show as blank */
	}
	if (cp >= 0xE0020 && cp <= 0xE007F)
		return K_TAG;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return K_ALNUM;
	case UTF8PROC_CATEGORY_ZS:
		return K_SPACE;
	case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
		return K_SEP;
	case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
		return K_DROP;
	default:
		return K_OTHER;
	}
}

/*
 * The class of the character at s[i]; its length goes to *k. A terminal
 * escape sequence (ESC [ parameters final) counts as one dropped
 * character, so that colour codes in logs leave nothing behind.
 */
static int
charclass(const unsigned char *s, size_t n, size_t i, uint32_t *cp,
    size_t *k)
{
	if (s[i] == 0x1B && i + 1 < n && s[i + 1] == '[') {
		size_t j = i + 2;

		while (j < n && s[j] >= 0x20 && s[j] <= 0x3F)
			j++;
		if (j < n && s[j] >= 0x40 && s[j] <= 0x7E)
			j++;
		*cp = 0x1B;
		*k = j - i;
		return K_DROP;
	}
	if (s[i] < 0x80) {
		*cp = s[i];
		*k = 1;
		return asciiclass[s[i]];
	}
	*k = utf8_decode(s + i, n - i, cp);
	return *cp == UTF8_INVALID ? K_BAD : uclass(*cp);
}

static int
is_emoji(uint32_t cp)
{
	if (cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF))
		return 1;	/* emoji presentation selector, skin tones */
	return utf8proc_category(cp) == UTF8PROC_CATEGORY_SO;
}

/* Scripts where ZWNJ changes how letters join: Arabic, Syriac, Indic. */
static int
zwnj_script(uint32_t cp)
{
	return (cp >= 0x0600 && cp <= 0x08FF) ||
	    (cp >= 0x0900 && cp <= 0x0DFF) ||
	    (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFC);
}

static void
flush(struct tidy *t)
{
	if (t->len >= sizeof(t->tail))
		memcpy(t->tail, t->buf + t->len - sizeof(t->tail),
		    sizeof(t->tail));
	else {
		memmove(t->tail, t->tail + t->len, sizeof(t->tail) - t->len);
		memcpy(t->tail + sizeof(t->tail) - t->len, t->buf, t->len);
	}
	efwrite(t->buf, t->len, t->out);
	t->bytes_out += t->len;
	t->len = 0;
}

/*
 * Appends to the staging buffer. Streaming, the buffer is written out when
 * it fills; holding lines for -u it grows, bounded all the same: the
 * window is at most half the -M cap (unwrap_step()) and the line after it
 * is within the reader's cap, three times over at the most once invalid
 * bytes become U+FFFD.
 */
static void
put(struct tidy *t, const void *p, size_t n)
{
	if (t->len + n > t->cap) {
		if (!t->hold)
			flush(t);
		if (t->len + n > t->cap) {
			while (t->len + n > t->cap)
				t->cap *= 2;
			t->buf = xrealloc(t->buf, t->cap);
		}
	}
	memcpy(t->buf + t->len, p, n);
	t->len += n;
}

/* put() of s[0..n) and a newline. */
static void
put2(struct tidy *t, const void *s, size_t n)
{
	if (t->len + n + 1 > t->cap)
		put(t, s, n);
	else {
		memcpy(t->buf + t->len, s, n);
		t->len += n;
	}
	put(t, "\n", 1);
}

/* Bytes written so far, to the staging buffer or beyond it. */
static unsigned long long
outpos(const struct tidy *t)
{
	return t->bytes_out + t->len;
}

/*
 * The last character written since outpos() was start, or 0: put() may
 * have flushed part of it, or all, out of the staging buffer.
 */
static uint32_t
lastput(const struct tidy *t, unsigned long long start)
{
	unsigned char b[4];
	size_t n, k;

	n = outpos(t) - start < 4 ? (size_t)(outpos(t) - start) : 4;
	k = n < t->len ? n : t->len;
	memcpy(b + n - k, t->buf + t->len - k, k);
	memcpy(b, t->tail + sizeof(t->tail) - (n - k), n - k);
	return utf8_last(b, n);
}

/*
 * Whether valid UTF-8 surely has a letter or digit: an ASCII one, or a
 * character with lead byte E5-E9 (U+5000..U+9FFF, CJK ideographs) or EB-EC
 * (U+B000..U+CFFF, Hangul syllables), ranges that hold nothing else.
 * 0 means look closer, not none.
 */
static int
plain_alnum(const unsigned char *s, size_t n)
{
	size_t i;
	unsigned c;

	for (i = 0; i < n; i++) {
		c = s[i];
		if (c < 0x80 ? asciiclass[c] == K_ALNUM :
		    (c >= 0xE5 && c <= 0xE9) || c == 0xEB || c == 0xEC)
			return 1;
	}
	return 0;
}

/*
 * Looks at the line segment at s[i] up to the next separator: returns 1
 * if it has a letter or digit, else 0 with *end after its separator and
 * *content set when it held anything but spaces.
 */
static int
has_alnum(const unsigned char *s, size_t n, size_t i, size_t *end,
    int *content)
{
	uint32_t cp;
	size_t k;
	int c;

	*content = 0;
	for (; i < n; i += k) {
		c = charclass(s, n, i, &cp, &k);
		if (c == K_ALNUM)
			return 1;
		if (c == K_SEP) {
			i += k;
			break;
		}
		if (c != K_SPACE && c != K_DROP)
			*content = 1;
	}
	*end = i;
	return 0;
}

/*
 * Bytes that can be copied without a look at the character they belong to,
 * inside a stretch known to be valid UTF-8: printable ASCII, continuation
 * bytes, and the lead bytes of U+00C0..U+05FF and U+4000..U+EFFF (Latin,
 * Greek, Cyrillic, Hebrew; CJK, Hangul, private use), ranges that hold no
 * space, control or format character.
 */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/*
 * From s[i], the end of a stretch of plain bytes and single spaces that
 * needs no look at its characters; s[i..vend) is valid UTF-8, inrun
 * says whether s[i - 1] is kept, and s[vend..avail) may be read, not
 * used. Without AVX2 it returns i, and the table loops in emit() do the
 * work.
 */
static size_t
plainrun(const struct tidy *t, const unsigned char *s, size_t i, size_t vend,
    size_t avail, int inrun)
{
	return i < vend ? t->vec->plainrun(s, i, vend, avail, inrun) : i;
}

/* The portable twin of plainrun_avx2(): the table loops do the work. */
static size_t
plainrun_c(const unsigned char *s, size_t i, size_t vend, size_t avail,
    int inrun)
{
	(void)s;
	(void)vend;
	(void)avail;
	(void)inrun;
	return i;
}

/*
 * The longest run of whole lines at s[0..n) that come out as they are:
 * each ended by '\n', not empty, valid UTF-8 of plain bytes and single
 * spaces between them, with a letter or digit that plain_alnum() sees.
 * Returns its length, the lines in *nlines. In clean text that is most
 * of what the reader holds, copied at once instead of line by line.
 * Without AVX2 it returns 0, and the lines go one by one.
 */
static size_t
cleanlines(const struct tidy *t, const unsigned char *s, size_t n,
    unsigned long long *nlines)
{
	*nlines = 0;
	return n > 0 ? t->vec->cleanlines(s, n, nlines) : 0;
}

/* The portable twin of cleanlines_avx2(): the lines go one by one. */
static size_t
cleanlines_c(const unsigned char *s, size_t n, unsigned long long *nlines)
{
	(void)s;
	(void)n;
	*nlines = 0;
	return 0;
}

static const struct tidyvec tidy_c = { plainrun_c, cleanlines_c,
	colwidth_c };

/* The kernels for this processor: see include/rinse/simd.h. */
static const struct tidyvec *
tidy_kernels(void)
{
#if RINSE_AVX2
	if (simd_avx2())
		return &tidy_avx2;
#endif
	return &tidy_c;
}

/*
 * Writes the cleaned segment at s[i] up to the next separator and returns
 * the index after that separator. Bytes that need no change are copied in
 * runs; a single ASCII space between kept characters stays in the run.
 */
static size_t
emit(struct tidy *t, const unsigned char *s, size_t n, size_t avail,
    size_t i, size_t *validend)
{
	size_t rs = i, k, j, kj;
	unsigned long long start = outpos(t);
	size_t vend = *validend;	/* s[i..vend) is valid UTF-8 */
	int space = 0, c;
	uint32_t cp, prev, next;

#define FLUSHRUN() do { put(t, s + rs, i - rs); } while (0)
	for (;;) {
		if (!space) {
			i = plainrun(t, s, i, vend, avail, i > rs);
			i = bytes_span(plain, s, i, vend);
		}
		if (i >= n)
			break;
		if (s[i] == ' ' && !space && i > rs && i + 1 < vend &&
		    plain[s[i + 1]]) {
			i++;	/* one space inside a run */
			continue;
		}
		c = charclass(s, n, i, &cp, &k);
		switch (c) {
		case K_OTHER:
		case K_ALNUM:
			if (space) {
				if (outpos(t) > start)
					put(t, " ", 1);
				space = 0;
				rs = i;
			}
			i += k;
			continue;
		case K_SPACE:
			if (!space) {
				FLUSHRUN();
				space = 1;
			}
			i += k;
			continue;
		case K_SEP:
			if (!space)
				FLUSHRUN();
			return i + k;
		case K_BAD:
			if (!space)
				FLUSHRUN();
			else if (outpos(t) > start)
				put(t, " ", 1);
			space = 0;
			put(t, UTF8_REPLACEMENT, 3);
			t->invalid++;
			i += k;
			rs = i;
			vend = *validend = i + utf8_valid_ahead(s + i, n - i,
			    avail - i);
			continue;
		}
		/* ZWJ, ZWNJ, tags: keep in context, else drop. */
		if (!space)
			FLUSHRUN();
		prev = lastput(t, start);
		/* The next character that will be kept, as a second pass sees. */
		next = 0;
		for (j = i + k; j < n; j += kj) {
			int cj = charclass(s, n, j, &next, &kj);

			if (cj != K_DROP) {
				if (cj == K_BAD)
					next = 0;
				break;
			}
			next = 0;
		}
		if ((c == K_ZWJ && !space && is_emoji(prev) &&
		    is_emoji(next)) ||
		    (c == K_ZWNJ && !space && zwnj_script(prev) &&
		    zwnj_script(next)) ||
		    (c == K_TAG && !space && (prev == 0x1F3F4 ||
		    (prev >= 0xE0020 && prev <= 0xE007F)))) {
			put(t, s + i, k);
		} else
			t->removed++;
		i += k;
		if (!space)
			rs = i;
	}
	if (!space)
		FLUSHRUN();
#undef FLUSHRUN
	return n;
}

/*
 * Cleans one input line: one or more segments, each a paragraph. The
 * bytes s[n..avail) may be read by the vector code, never used.
 */
static void
tidy_line(struct tidy *t, const unsigned char *s, size_t n, size_t avail)
{
	size_t i = 0, end, vend;
	int content;

	/* Validated once for the whole line, and again only after an
	   invalid sequence: per segment it would be quadratic in a line of
	   many CR-separated segments. */
	vend = utf8_valid_ahead(s, n, avail);

	/* Most lines of clean text need nothing: copied whole. */
	if (vend == n && n > 0 && plainrun(t, s, 0, n, avail, 0) == n &&
	    plain_alnum(s, n)) {
		t->paras_in++;
		if (t->hold) {
			size_t off = t->len;

			put2(t, s, n);
			addent(t, off, n);
			return;
		}
		if (t->para && t->nout > 0)
			put(t, "\n", 1);
		put2(t, s, n);
		t->nout++;
		t->paras_out++;
		return;
	}

	while (i < n) {
		if (!has_alnum(s, n, i, &end, &content)) {
			if (content)
				t->paras_in++;
			if (t->hold)
				addent(t, 0, 0);
			i = end;
			continue;
		}
		t->paras_in++;
		if (t->hold) {
			size_t off = t->len;

			i = emit(t, s, n, avail, i, &vend);
			addent(t, off, t->len - off);
			put(t, "\n", 1);
			continue;
		}
		if (t->para && t->nout > 0)
			put(t, "\n", 1);
		i = emit(t, s, n, avail, i, &vend);
		put(t, "\n", 1);
		t->nout++;
		t->paras_out++;
	}
	if (n == 0 && t->hold)
		addent(t, 0, 0);
}

/*
 * Holds for -u the clean lines at p[0..n) one by one, as tidy_line()
 * holds each, until they end or the window is decided not wrapped (the
 * rest then streams without -u). Returns the bytes taken, the lines in
 * *nlines.
 */
static size_t
holdclean(struct tidy *t, const char *p, size_t n, FILE *out,
    unsigned long long *nlines)
{
	const char *s = p, *e = p + n, *nl;
	size_t off;

	*nlines = 0;
	while (s < e && t->hold) {
		nl = memchr(s, '\n', (size_t)(e - s));
		off = t->len;
		put2(t, s, (size_t)(nl - s));
		addent(t, off, (size_t)(nl - s));
		t->paras_in++;
		(*nlines)++;
		unwrap_step(t, out);
		s = nl + 1;
	}
	return (size_t)(s - p);
}

/*
 * Copies the clean lines at the reader's position (see cleanlines()), or
 * holds them for -u.
 */
static void
takeclean(struct tidy *t, struct reader *in, FILE *out)
{
	const char *p;
	size_t n;
	unsigned long long lines;

	/* Where line after line needs work, looking for clean ones is a
	   waste: after 2, 3, 4... misses in a row, wait 1, 3, 7... up to
	   31 lines. */
	if (t->wait > 0) {
		t->wait--;
		return;
	}
	/* Whole lines in n <= max + 1 bytes are none of them over the cap. */
	n = reader_buffered(in, &p);
	if (n > t->max)
		n = t->max + 1;
	n = cleanlines(t, (const unsigned char *)p, n, &lines);
	if (n == 0) {
		if (t->misses < 6)
			t->misses++;
		t->wait = (1u << (t->misses - 1)) - 1;
		return;
	}
	t->misses = 0;
	if (t->hold) {
		n = holdclean(t, p, n, out, &lines);
		reader_take(in, n, lines);
		return;
	}
	if (t->len + n <= t->cap)
		put(t, p, n);
	else {
		flush(t);
		efwrite(p, n, t->out);
		t->bytes_out += n;
	}
	reader_take(in, n, lines);
	t->paras_in += lines;
	t->paras_out += lines;
	t->nout += lines;
}

static int
tidy_doc(void *state, struct reader *in, FILE *out)
{
	struct tidy *t = state;
	const char *line, *next;
	size_t len, ahead;
	int rc, status = RINSE_OK;

	t->out = out;
	t->nout = 0;
	t->len = 0;
	t->nents = 0;
	t->hold = t->unwrap;
	t->decided = 0;
	t->inpara = 0;
	for (;;) {
		if (!t->para || t->hold)
			takeclean(t, in, out);
		if ((rc = reader_next(in, &line, &len)) != RD_LINE)
			break;
		/* The bytes after the line may be read, not used. */
		ahead = reader_buffered(in, &next);
		tidy_line(t, (const unsigned char *)line, len,
		    (size_t)(next + ahead - line));
		if (t->hold)
			unwrap_step(t, out);
	}
	if (rc == RD_ERR)
		status = reader_fail(in);
	if (t->hold)
		unwrap_end(t, out);
	else
		flush(t);
	return status;
}

/*
 * Sets up a state whose options are in t, with a cap of max bytes on a
 * document held for -u: main() and the fuzzing harness share it;
 * tidy_free() frees what t holds.
 */
static void
tidy_init(struct tidy *t, size_t max)
{
	t->max = max;
	t->cap = (size_t)64 << 10;
	t->buf = xmalloc(t->cap);
	t->vec = tidy_kernels();
}

static void
tidy_free(struct tidy *t)
{
	free(t->buf);
	free(t->ents);
	free(t->ob);
}

static void
usage(FILE *fp)
{
	fputs("usage: rinse-tidy [-hVvzpu] [-M SIZE] [file ...]\n"
	    "  -p       separate paragraphs by one blank line\n"
	    "  -u       join hard-wrapped lines back into paragraphs\n", fp);
	common_help(fp);
}

/* The -v line. */
static const char *const keys[] = {
	"bytes_in", "bytes_out", "paras_in", "paras_out", "dropped",
	"invalid", "removed", "joined"
};

static void
counts(const void *state, unsigned long long *vals)
{
	const struct tidy *t = state;

	vals[1] = t->bytes_out;
	vals[2] = t->paras_in;
	vals[3] = t->paras_out;
	vals[4] = t->paras_in - t->paras_out;
	vals[5] = t->invalid;
	vals[6] = t->removed;
	vals[7] = t->joined;
}

static const struct stage stage = {
	tidy_doc, keys, sizeof(keys) / sizeof(keys[0]), counts, NULL
};

int
main(int argc, char *argv[])
{
	struct common c = { 0 };
	struct tidy t = { 0 };
	int ch, status;

	setprogname(argv[0]);
	while ((ch = getopt(argc, argv, COMMON_OPTS "pu")) != -1) {
		if (common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'p':
			t.para = 1;
			break;
		case 'u':
			t.unwrap = 1;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}
	tidy_init(&t, c.max ? c.max : RD_DEFAULT_MAX);
	status = stage_main(argv + optind, argc - optind, &c, &stage, &t);
	tidy_free(&t);
	return status;
}
