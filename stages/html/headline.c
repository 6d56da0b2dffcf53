/*
 * headline.c: what the page says about its article besides its blocks:
 * the headline, and the articleBody of its JSON-LD.
 *
 * extract_headline(), in the default mode, keeps the headline in front
 * of a body that has no <h1> of its own: the block just before the
 * content in a heading or an element named for a headline that the
 * <title> holds, else the last <h1> before it that is not a logo (an
 * <h1> of links), else the <title> itself without the site's name
 * (unless the body opens with that line); headings between it and the
 * body (decks) come with it. ld_start() finds the block where the
 * JSON-LD articleBody starts, for extract.c to believe.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

/*
 * The articleBody of the page's JSON-LD, decoded into out (at least n
 * bytes, n the JSON's length); returns its length, 0 if there is none.
 */
static size_t
ld_body(const unsigned char *s, size_t n, unsigned char *out)
{
	static const char key[] = "\"articleBody\"";
	size_t i, o = 0, k = sizeof(key) - 1;
	unsigned u, v;

	for (i = 0; i + k <= n; i++)
		if (s[i] == '"' && memcmp(s + i, key, k) == 0)
			break;
	if (i + k > n)
		return 0;
	for (i += k; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r' || s[i] == ':'); i++)
		;
	if (i >= n || s[i] != '"')
		return 0;
	for (i++; i < n && s[i] != '"'; i++) {
		if (s[i] != '\\' || i + 1 >= n) {
			out[o++] = s[i];
			continue;
		}
		switch (s[++i]) {
		case 'n': case 'r': case 't': case 'b': case 'f':
			out[o++] = ' ';
			break;
		case 'u':
			if (i + 4 >= n || sscanf((const char *)s + i + 1, "%4x",
			    &u) != 1)
				return o;
			i += 4;
			if (u >= 0xD800 && u <= 0xDBFF && i + 6 < n &&
			    s[i + 1] == '\\' && s[i + 2] == 'u' &&
			    sscanf((const char *)s + i + 3, "%4x", &v) == 1 &&
			    v >= 0xDC00 && v <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
				i += 6;
			} else if (u >= 0xD800 && u <= 0xDFFF)
				u = 0xFFFD;
			if (u == 0)
				u = 0xFFFD;
			if (o + 4 > i)	/* never outgrows the input */
				return o;
			o += utf8_encode(u, out + o);
			break;
		default:
			out[o++] = s[i];
		}
	}
	return o;
}

/* Whether c starts no character to compare: white space or a byte of one. */
static int
skipbyte(unsigned c)
{
	return c <= ' ' || c == 0xC2 || c == 0xA0;
}

/*
 * The block the JSON-LD articleBody starts with: the first whose text,
 * white space aside, begins like the body's first 48 bytes (or all of a
 * shorter block, if it is 24 bytes or more). Returns nblocks if none.
 */
static size_t
ld_match(const struct html *h, const unsigned char *body, size_t n)
{
	unsigned char key[48];
	size_t k = 0, i, b;

	for (i = 0; i < n && k < sizeof(key); i++)
		if (!skipbyte(body[i]))
			key[k++] = body[i];
	if (k < 24)
		return h->nblocks;
	for (b = 0; b < h->nblocks; b++) {
		const unsigned char *s = h->text + h->blocks[b].off;
		size_t len = h->blocks[b].len, m = 0;

		for (i = 0; i < len && m < k; i++) {
			if (skipbyte(s[i]))
				continue;
			if (s[i] != key[m])
				break;
			m++;
		}
		if (m == k || (i == len && m >= 24))
			return b;
	}
	return h->nblocks;
}

size_t
ld_start(const struct html *h, size_t *chars)
{
	unsigned char *body;
	size_t i, blen, m, c = 0;

	body = xmalloc(h->ldlen);
	blen = ld_body(h->ld, h->ldlen, body);
	for (i = 0; i < blen; i++)
		c += (body[i] & 0xC0) != 0x80 && !skipbyte(body[i]);
	m = ld_match(h, body, blen);
	free(body);
	*chars = c;
	return m;
}

/*
 * Copies s[0..n) to out with runs of white space folded to one space and
 * none at the ends; returns the length. out may be s or lie before it.
 */
static size_t
fold(unsigned char *out, size_t n, const unsigned char *s)
{
	size_t i, k = 0;
	int sp = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			sp = k > 0;
			continue;
		}
		if (sp)
			out[k++] = ' ';
		sp = 0;
		out[k++] = s[i];
	}
	return k;
}

/* Whether w[0..m) occurs in s[0..n). */
static int
infix(const unsigned char *s, size_t n, const unsigned char *w, size_t m)
{
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (s[i] == w[0] && memcmp(s + i, w, m) == 0)
			return 1;
	return 0;
}

/* Whether block b sits in a heading or an element named for a headline. */
static int
headish(const struct html *h, const struct block *b)
{
	uint32_t p = b->node;
	int k;

	if (b->flags & B_HEADING)
		return 1;
	for (k = 0; k < 4; k++, p = h->nodes[p].parent) {
		if (h->nodes[p].flags & N_HEADLINE)
			return 1;
		if (p == 0)
			break;
	}
	return 0;
}

/*
 * The page's <title> without the site's name: of the parts between
 * " - ", " | ", " : ", " – ", " — " or " · ", the longest. Moves it to
 * the start of t and returns its length.
 */
static size_t
title_core(unsigned char *t, size_t n)
{
	static const char *const seps[] = {
		" - ", " | ", " : ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
		" \xC2\xB7 "
	};
	size_t i, k, a = 0, best = 0, bestlen = 0, m;

	for (i = 0; i <= n; i++) {
		m = 0;
		for (k = 0; i < n && k < sizeof(seps) / sizeof(seps[0]); k++)
			if (n - i >= strlen(seps[k]) &&
			    memcmp(t + i, seps[k], strlen(seps[k])) == 0)
				m = strlen(seps[k]);
		if (i < n && m == 0)
			continue;
		if (i - a > bestlen) {
			best = a;
			bestlen = i - a;
		}
		a = i + m;
		if (m > 0)
			i += m - 1;
	}
	memmove(t, t + best, bestlen);
	return bestlen;
}

/*
 * Whether one of the first kept blocks from block first on is the
 * headline t[0..tlen) already (in an <h2>, a <b>, a div of its own): the
 * <title> then adds nothing but the same line twice.
 */
static int
opens_with(const struct html *h, size_t first, const unsigned char *t,
    size_t tlen)
{
	unsigned char *f;
	size_t k, n, seen = 0;
	int same = 0;

	for (k = first; k < h->nblocks && seen < 3 && !same; k++) {
		const struct block *b = &h->blocks[k];

		if ((b->flags & (K_KEEP | B_TITLE)) != K_KEEP)
			continue;
		seen++;
		f = xmalloc(b->len + 1);
		n = fold(f, b->len, h->text + b->off);
		same = n == tlen && memcmp(f, t, n) == 0;
		free(f);
	}
	return same;
}

/*
 * The headline, when the content has no <h1> of its own: the block just
 * before the content, in a heading or an element named for a headline
 * (a div or span with a title class, itemprop=headline), that the page's
 * <title> holds; else the last <h1> before the content that is not
 * mostly links (a site's logo); else the <title> itself, without the
 * site's name. Headings between it and the
 * content (decks, subheads) come with it.
 */
void
extract_headline(struct html *h)
{
	size_t k, first, pick = h->nblocks, tlen = 0;
	unsigned char *t = NULL;

	for (first = 0; first < h->nblocks; first++)
		if ((h->blocks[first].flags & (K_KEEP | B_TITLE)) == K_KEEP)
			break;
	for (k = first; k < h->nblocks; k++)
		if ((h->blocks[k].flags & (K_KEEP | B_H1)) == (K_KEEP | B_H1))
			return;	/* the content has its headline */
	if (h->titlelen > 0) {
		unsigned long long nref = 0;
		unsigned char *d;

		t = xmalloc(3 * h->titlelen + 1);
		d = t + h->titlelen + 1;
		tlen = fold(t, entity_decode_all(h->titlebuf, h->titlelen, d,
		    &nref), d);
	}
	for (k = first; k > 0 && first - k < 30; k--) {
		const struct block *b = &h->blocks[k - 1];

		if (b->len >= 8 && t != NULL && b->linkchars * 2 < b->chars &&
		    headish(h, b) && infix(t, tlen, h->text + b->off, b->len)) {
			pick = k - 1;
			break;
		}
	}
	/* not a site's logo: an <h1> of links */
	for (k = first; pick == h->nblocks && k > 0; k--)
		if ((h->blocks[k - 1].flags & B_H1) &&
		    h->blocks[k - 1].linkchars * 2 < h->blocks[k - 1].chars)
			pick = k - 1;
	if (pick < h->nblocks) {
		h->blocks[pick].flags |= K_KEEP | K_HEAD;
		for (k = pick + 1; k < first; k++) {
			struct block *b = &h->blocks[k];

			if ((b->flags & B_HEADING) && b->linkchars * 2 <
			    b->chars) {
				b->flags |= K_KEEP | K_DECK;
			}
		}
	} else if (tlen > 0 && (tlen = title_core(t, tlen)) > 0 &&
	    !opens_with(h, first, t, tlen)) {
		h->xnote = "headline from-title";
		html_emit(h, t, tlen);
	}
	free(t);
}
