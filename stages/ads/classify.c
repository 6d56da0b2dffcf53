/*
 * classify.c: the rules of rinse-ads applied to one unit (see doc.h):
 * keep, drop, cut and strip, in that order, and what a drop or cut
 * leaves standing when its unit holds story beside the match.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "doc.h"

/* Whether s holds a letter or a digit. */
static int
hasalnum(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if (u[i] < 0x80) {
			if ((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z')
				return 1;
			if (u[i] >= '0' && u[i] <= '9')
				return 1;
			i++;
			continue;
		}
		k = utf8_decode(u + i, n - i, &cp);
		i += k;
		if (cp == UTF8_INVALID)
			continue;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
			return 1;
		default:
			break;
		}
	}
	return 0;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

/* Where s[0..n) ends without the closing quotes (" ' ” ’) after it. */
static size_t
unquoted(const unsigned char *u, size_t n)
{
	for (;;) {
		if (n > 0 && (u[n - 1] == ' ' || u[n - 1] == '"' ||
		    u[n - 1] == '\''))
			n--;
		else if (n >= 3 && u[n - 3] == 0xE2 && u[n - 2] == 0x80 &&
		    (u[n - 1] == 0x9D || u[n - 1] == 0x99))
			n -= 3;
		else
			return n;
	}
}

/*
 * Whether s[0..n) ends like a sentence of a Korean story: "다." (see
 * sentence() in heur.c), perhaps with closing quotes after it. Prompts of
 * furniture ("구독하세요!") do not; those that do are short after the
 * word their rule matched ("...구독 부탁드립니다.").
 */
static int
endsentence(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = unquoted(u, n);

	return i >= 4 && memcmp(u + i - 4, "\xEB\x8B\xA4.", 4) == 0;
}

int
narrative(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = unquoted(u, n);

	/* "다." but not "니다." */
	return i >= 4 && memcmp(u + i - 4, "\xEB\x8B\xA4.", 4) == 0 &&
	    !(i >= 7 && memcmp(u + i - 7, "\xEB\x8B\x88", 3) == 0);
}

/*
 * Whether a drop or cut match h leaves story standing in s[0..n): at
 * least REST_CPS characters outside it, or (sent: for a drop) a sentence
 * after it: one of REST_SENT, or of CUT_SENT in news prose ("다." but not
 * the "니다." of notices: "후원하기 첫째는 제품의 한계다."). A unit is
 * mostly a sentence or a line of furniture; one that holds more (a promo
 * glued to the next paragraph, a line no rule could cut) loses the match,
 * not the story beside it. The match then shows in --explain as a strip
 * span of the drop rule.
 */
static int
leaves(const char *s, size_t n, const struct hit *h, int sent)
{
	size_t after = cpcount(s + h->eo, n - h->eo);

	return cpcount(s, h->so) + after >= REST_CPS || (sent &&
	    ((after >= REST_SENT && endsentence(s + h->eo, n - h->eo)) ||
	    (after >= CUT_SENT && narrative(s + h->eo, n - h->eo))));
}

/*
 * Whether offset at of s[0..n) falls inside a number ("조회수 1|,234회")
 * or a word of Latin letters ("Subscri|ption"): a drop's match that ends
 * there is no span of furniture of its own, and taking it alone would
 * leave half a word. Between two Hangul syllables or before a capital
 * it may be a crawler's glue ("…기사 보기|정부가", "…moreThe"), which
 * a match may well end at.
 */
static int
inword(const char *s, size_t n, size_t at)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned b, c;

	if (at == 0 || at >= n)
		return 0;
	b = u[at - 1];
	c = u[at];
	if (b >= '0' && b <= '9')
		return (c >= '0' && c <= '9') || ((c == ',' || c == '.') &&
		    at + 1 < n && u[at + 1] >= '0' && u[at + 1] <= '9');
	return ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') && c >= 'a' &&
	    c <= 'z';
}

/* Records the strip span h of unit p (the last unit classified). */
static void
addspan(struct ads *a, struct para *p, const struct hit *h)
{
	a->spans = xgrow(a->spans, &a->spcap, a->nspans + 1, sizeof(*a->spans));
	a->spans[a->nspans].so = h->so;
	a->spans[a->nspans].eo = h->eo;
	a->spans[a->nspans].rule = h->rule;
	a->nspans++;
	p->nsp++;
}

/*
 * Adds the part span h to the sorted strip spans of p (the last unit
 * classified), as one span with those it overlaps.
 */
static void
addpart(struct ads *a, struct para *p, const struct hit *h)
{
	struct span *v = a->spans + p->sp, m = { h->so, h->eo, h->rule };
	size_t i, j, k;

	for (i = 0; i < p->nsp && v[i].eo <= m.so; i++)
		;
	for (j = i; j < p->nsp && v[j].so < m.eo; j++) {
		m.so = v[j].so < m.so ? v[j].so : m.so;
		m.eo = v[j].eo > m.eo ? v[j].eo : m.eo;
	}
	/* v[i..j) overlap m: replace them by m */
	if (j == i) {
		a->spans = xgrow(a->spans, &a->spcap, a->nspans + 1,
		    sizeof(*a->spans));
		v = a->spans + p->sp;
		memmove(v + i + 1, v + i, (p->nsp - i) * sizeof(*v));
		a->nspans++;
		p->nsp++;
	} else {
		k = j - i - 1;
		memmove(v + i + 1, v + j, (p->nsp - j) * sizeof(*v));
		a->nspans -= k;
		p->nsp -= k;
	}
	v[i] = m;
}

/* The bytes of unit_space()'s white space that end s[i..n) (n > i). */
static size_t
wsend(const char *s, size_t i, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[n - 1] == ' ' || u[n - 1] == '\t' || u[n - 1] == '\r')
		return 1;
	if (n - i >= 2 && u[n - 2] == 0xC2 && u[n - 1] == 0xA0)
		return 2;
	if (n - i >= 3 && u[n - 3] == 0xE3 && u[n - 2] == 0x80 &&
	    u[n - 1] == 0x80)
		return 3;
	return 0;
}

/*
 * What strip left, buf[*off..*off + *len), without the white space at its
 * ends: a span taken from the start or end of a unit leaves the space
 * that stood beside it, which rinse-tidy -u would read as a line's
 * indentation and join to the line before.
 */
static void
trim(const char *buf, size_t *off, size_t *len)
{
	const char *s = buf + *off;
	size_t n = *len, i = 0, k;

	while (i < n && (k = unit_space(s, n, i)) > 0)
		i += k;
	while (n > i && (k = wsend(s, i, n)) > 0)
		n -= k;
	*off += i;
	*len = n - i;
}

/* Applies the rules to unit i. */
void
classify(struct ads *a, size_t i, int scanned)
{
	struct para *p = &a->p[i];
	unsigned long long lineno = p->lineno;
	/* buf is NULL while the document holds only empty lines */
	const char *s = p->len > 0 ? a->buf + p->off : "";
	size_t n = p->len, start, gap;
	struct hit h, part;

	p->rule = p->cutrule = NONE;
	p->cutrest = p->cutstory = 0;
	p->nsp = 0;
	p->sp = a->nspans;
	if (blank(s, n)) {
		p->fate = F_BLANK;
		return;
	}
	a->paras_in++;
	if (!scanned)
		rules_scan(&a->rs, s, n);
	p->cps = (unsigned)rules_cps(&a->rs);
	if (rules_match(&a->rs, A_KEEP, s, n, 0, &h, a->name, lineno)) {
		p->fate = F_PROTECT;
		p->rule = h.rule;
		return;
	}
	p->fate = F_KEEP;
	part.so = part.eo = 0;
	part.rule = NONE;
	if (rules_match(&a->rs, A_DROP, s, n, 0, &h, a->name, lineno)) {
		if (!leaves(s, n, &h, 1)) {
			p->fate = F_DROP;
			p->rule = h.rule;
			return;
		}
		/*
		 * Story beside it: the match only goes; but a match of "a
		 * paragraph that holds X" takes what stands before X with it,
		 * and a unit that reads as a sentence of a story then speaks
		 * of X ("관계자는 \"구독하기 버튼을 누르면...\"고 설명했다.");
		 * so does one whose match ends inside a word ("조회수 1|,234회를
		 * 넘었다.").
		 */
		if (!narrative(s, n) || (!rules_anyprefix(&a->rs.r[h.rule]) &&
		    !inword(s, n, h.so) && !inword(s, n, h.eo)))
			part = h;
	} else if (rules_match(&a->rs, A_CUT, s, n, 0, &h, a->name, lineno)) {
		/* whether it leaves story is asked only outside the tail */
		p->cutrule = h.rule;
		p->cutrest = leaves(s, n, &h, 0);
		p->cutstory = cpcount(s + h.eo, n - h.eo) >= CUT_SENT &&
		    narrative(s + h.eo, n - h.eo);
	}
	for (start = 0; start < n &&
	    rules_match(&a->rs, A_STRIP, s, n, start, &h, a->name, lineno);) {
		if (h.eo <= h.so) {	/* empty: step over one character */
			start = h.so + 1;
			while (start < n && (s[start] & 0xC0) == 0x80)
				start++;
			continue;
		}
		addspan(a, p, &h);
		start = h.eo;
	}
	if (part.eo > part.so)
		addpart(a, p, &part);
	if (p->nsp == 0)
		return;
	/* What is left: the gaps between the spans. */
	a->sbuf = xgrow(a->sbuf, &a->scap, a->slen + n, 1);
	p->soff = a->slen;
	for (start = 0, gap = 0; gap <= p->nsp; gap++) {
		size_t end = gap < p->nsp ? a->spans[p->sp + gap].so : n;

		memcpy(a->sbuf + a->slen, s + start, end - start);
		a->slen += end - start;
		if (gap < p->nsp)
			start = a->spans[p->sp + gap].eo;
	}
	p->slen = a->slen - p->soff;
	trim(a->sbuf, &p->soff, &p->slen);
	p->rule = a->spans[p->sp].rule;
	if (!hasalnum(a->sbuf + p->soff, p->slen)) {
		p->fate = F_EMPTY;
		return;
	}
	p->fate = F_STRIP;
	rules_scan(&a->rs, a->sbuf + p->soff, p->slen);
	if (rules_match(&a->rs, A_DROP, a->sbuf + p->soff, p->slen, 0, &h,
	    a->name, lineno) && !leaves(a->sbuf + p->soff, p->slen, &h, 1)) {
		p->fate = F_SDROP;
		p->rule = h.rule;
	}
}

/* See doc.h. */
size_t
classify_goes(struct ads *a, const char *s, size_t n,
    unsigned long long lineno)
{
	struct hit h;

	if (blank(s, n))
		return NONE;
	rules_scan(&a->rs, s, n);
	if (rules_match(&a->rs, A_KEEP, s, n, 0, &h, a->name, lineno))
		return NONE;
	if ((rules_match(&a->rs, A_DROP, s, n, 0, &h, a->name, lineno) &&
	    !leaves(s, n, &h, 1)) || (rules_match(&a->rs, A_CUT, s, n, 0, &h,
	    a->name, lineno) && !leaves(s, n, &h, 0)))
		return h.rule;
	return NONE;
}
