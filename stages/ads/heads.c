/*
 * heads.c: the headlines of a document that a later line opens with.
 *
 * A crawler that stores a page's title and then its text often stores
 * the title twice: once on a line of its own, once glued to the start of
 * the body, with a space or nothing between ("제목\n제목 \"본문 ...",
 * "Title\nTitle The council ..."). rinse-dedup drops a paragraph seen
 * before, not one glued to the next; so a line that opens with the whole
 * of an earlier headline, and goes on with a new block, is broken after
 * it (units_of()), and the copy is then a paragraph of its own; so is
 * each headline that opens what follows it (a crawler glued the title,
 * the deck and the body of a copy: "제목부제본문...").
 *
 * A headline here is an earlier line of HEAD_MIN to HEAD_MAX bytes that
 * does not end a sentence (one that does is rinse-dedup's, sentence by
 * sentence). The copy must be byte for byte, and what follows it, after
 * white space or glued to it, must start a sentence: a capital and a
 * letter ("The", "AI"), a date ("15일"), an opening quote before a word,
 * or Hangul: glued to the copy, a syllable that no particle or ending
 * starts ("...교수는", "...교수이며" go on with the sentence, as
 * "...Technology (R) enables" goes on with a heading's); and the rest of
 * the line must hold a sentence end: a body goes on there, not a longer
 * title ("...사업" and then "...사업 추가 모집 안내" in a list). Only the
 * first HEAD_SLOTS headlines of a document count.
 */
#include <stddef.h>
#include <string.h>

#include <rinse/utf8.h>

#include "doc.h"

#define HEAD_MIN	30	/* bytes: ten Hangul syllables */
#define HEAD_MAX	300

/* Syllables that go on with a word: particles, endings, the copula. */
static const char goeson[] =
    "가이은는을를의에와과도만로으라란고며면하한할해했처보까부조마대뿐같나든야요등식엔서인일된되돼령법시";

void
heads_reset(struct heads *h)
{
	h->n = 0;
}

/* Whether the text s[0..n), trimmed, ends a sentence. */
static int
endsent(const char *s, size_t n)
{
	static const char closers[][4] = { "”", "’", "」", "』" };
	size_t k;
	unsigned char c;

	while (n > 0) {
		c = (unsigned char)s[n - 1];
		if (c == '.' || c == '!' || c == '?')
			return 1;
		if (c == '"' || c == '\'' || c == ')' || c == ']') {
			n--;
			continue;
		}
		if (c < 0x80 || n < 3)
			return 0;
		if (memcmp(s + n - 3, "。", 3) == 0 ||
		    memcmp(s + n - 3, "．", 3) == 0)
			return 1;
		for (k = 0; k < sizeof(closers) / sizeof(*closers); k++)
			if (memcmp(s + n - 3, closers[k], 3) == 0)
				break;
		if (k == sizeof(closers) / sizeof(*closers))
			return 0;
		n -= 3;
	}
	return 0;
}

void
heads_note(struct heads *h, const char *buf, size_t off, size_t n)
{
	const char *s;
	size_t k;

	/* white space around a headline is a few bytes at most; and buf
	   is NULL while the document holds only empty lines */
	if (h->n == HEAD_SLOTS || n < HEAD_MIN || n > 2 * HEAD_MAX)
		return;
	s = buf + off;
	while (n > 0 && (k = unit_space(s, n, 0)) > 0) {
		s += k;
		off += k;
		n -= k;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		n--;
	if (n < HEAD_MIN || n > HEAD_MAX || endsent(s, n))
		return;
	memcpy(&h->first[h->n], s, sizeof(h->first[0]));
	h->off[h->n] = off;
	h->len[h->n++] = n;
}

/* Whether s[0..n) starts with a capital and a letter ("The", "AI"). */
static int
capital(const char *s, size_t n)
{
	return n >= 2 && s[0] >= 'A' && s[0] <= 'Z' &&
	    ((s[1] >= 'a' && s[1] <= 'z') || (s[1] >= 'A' && s[1] <= 'Z'));
}

/* Whether s[0..n) starts with a Hangul syllable. */
static int
syllable(const char *s, size_t n)
{
	return n >= 3 && syllable3(s);
}

/* Whether s[0..n) starts with a Hangul syllable that no particle starts. */
static int
hangul(const char *s, size_t n)
{
	size_t k;

	if (!syllable(s, n))
		return 0;
	/* a syllable is three bytes, the first 0xEA to 0xED: a match in
	   goeson[] is one of its syllables */
	for (k = 0; goeson[k] != '\0'; k += 3)
		if (memcmp(goeson + k, s, 3) == 0)
			return 0;
	return 1;
}

/*
 * Whether what follows a headline's copy at s[at..n) starts a new block
 * (see the top of the file): a sentence of its own, whose first word is
 * not the rest of a heading's ("Smart State Technology (R) enables",
 * "... University (MRU) now provides" go on with a heading's words).
 */
static int
follows(const char *s, size_t n, size_t at)
{
	size_t k, from = at;
	uint32_t c;

	while (at < n && (k = unit_space(s, n, at)) > 0)
		at += k;
	if (at >= n)
		return 0;
	s += at;
	n -= at;
	/* no particle stands after white space */
	if (capital(s, n) || hangul(s, n) || (at > from && syllable(s, n)))
		return 1;
	for (k = 0; k < n && s[k] >= '0' && s[k] <= '9'; k++)
		;
	if (k > 0)	/* a date: "15일", "3월" */
		return syllable(s + k, n - k);
	k = utf8_decode((const unsigned char *)s, n, &c);
	if (c != '"' && c != '\'' && c != 0x201C && c != 0x2018) /* “ ‘ */
		return 0;
	/* an opening quote before a word */
	return k < n && ((s[k] >= '0' && s[k] <= '9') || capital(s + k,
	    n - k) || syllable(s + k, n - k));
}

/* Whether s[0..n) holds a full stop, ! or ? (ASCII or ideographic). */
static int
hasstop(const char *s, size_t n)
{
	const char *p = s, *end = s + n;

	if (memchr(s, '.', n) != NULL || memchr(s, '!', n) != NULL ||
	    memchr(s, '?', n) != NULL)
		return 1;
	while ((p = memchr(p, '\xE3', (size_t)(end - p))) != NULL &&
	    end - p >= 3) {
		if (memcmp(p, "。", 3) == 0)
			return 1;
		p++;
	}
	return 0;
}

size_t
heads_open(const struct heads *h, const char *buf, const char *s, size_t n)
{
	size_t k, len, best = 0;
	uint64_t first;

	if (h->n == 0 || n < 2 * HEAD_MIN)
		return 0;
	memcpy(&first, s, sizeof(first));
	for (k = 0; k < h->n; k++) {
		len = h->len[k];
		if (first == h->first[k] && len > best && len + HEAD_MIN <= n &&
		    memcmp(s, buf + h->off[k], len) == 0 &&
		    follows(s, n, len) && hasstop(s + len, n - len))
			best = len;
	}
	return best;
}

size_t
heads_breaks(const struct heads *h, const char *buf, const char *s,
    size_t n, struct bound *b, size_t max)
{
	size_t at = 0, len, k, nb = 0;

	while (nb < max && (len = heads_open(h, buf, s + at, n - at)) > 0) {
		at += len;
		b[nb].at = at;
		b[nb].brk = 1;
		b[nb++].rule = REPEAT;
		while (at < n && (k = unit_space(s, n, at)) > 0)
			at += k;
	}
	return nb;
}
