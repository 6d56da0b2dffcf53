/*
 * wrapped.c: the pieces of sentences in hard-wrapped text.
 *
 * A document wrapped at a width (a mail, a plain-text article, a licence)
 * cuts its sentences where the lines end: "...a copy.  This" and, on the
 * next line, "License will therefore apply...". rinse-ads judges units,
 * and the unit "This" alone reads like a UI label, a line that ends a
 * sentence begun above like a heading. rinse-tidy -u joins such lines
 * back later in the chain. So before the heuristics run (arrange()), the
 * unit that ends a line going on in the next is marked as a piece when
 * the document is wrapped, by the test rinse-tidy -u joins lines with
 * (wrap_width(), wrap_goes_on()), and the line does not end a sentence;
 * so is the unit that opens that next line, if it opens with a small
 * letter or no letter (goeson()). A piece is no unit of its own: a drop
 * or cut rule that matched it is set aside (noted in spared, for
 * --explain), and the link-list and UI heuristics pass it by; what strip
 * removed stays removed. But two units that would go joined, as the line
 * stands unwrapped (a promo or an address cut in two by the wrap), are
 * no pieces (joined()).
 *
 * Contract: a document that is not wrapped is left as classify() made it.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>
#include <rinse/wrap.h>

#include "doc.h"

/*
 * The fewest lines near the width that go on past their end: a short
 * page of a headline, a byline, a caption and a few labels can look
 * wrapped to the width test, and its pieces would keep the labels.
 */
#define MINON	3

/* The text of the line unit i opens, without its edges' white space. */
static const unsigned char *
linetext(const struct ads *a, size_t i, size_t *n)
{
	const struct para *p = &a->p[i];
	const unsigned char *s;
	size_t j = i, len;

	*n = 0;
	if (p->len == 0)	/* an empty line: buf may be NULL */
		return (const unsigned char *)"";
	s = (const unsigned char *)a->buf + p->off;
	while (j + 1 < a->np && a->p[j + 1].lineno == p->lineno)
		j++;
	len = a->p[j].off + a->p[j].len - p->off;
	while (len > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		len--;
	}
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		len--;
	*n = len;
	return s;
}

static int
opens(const struct ads *a, size_t i)
{
	return i == 0 || a->p[i - 1].lineno != a->p[i].lineno;
}

/* wrap_width()'s view of the document: unit i's line, if it opens one. */
static unsigned
cols(void *ctx, size_t i)
{
	const struct ads *a = ctx;

	return opens(a, i) && a->p[i].fate != F_BLANK ? a->p[i].cols : 0;
}

static int
stop(void *ctx, size_t i)
{
	const struct ads *a = ctx;
	const unsigned char *s;
	size_t n;

	s = linetext(a, i, &n);
	return wrap_endstop(s, n);
}

/* Unit i goes on in the line after it: it is a piece, whatever it was. */
static void
piece(struct ads *a, size_t i)
{
	struct para *p = &a->p[i];

	p->piece = 1;
	if (p->fate == F_DROP || p->fate == F_SDROP) {
		p->spared = p->rule;
		p->fate = p->fate == F_SDROP ? F_STRIP : F_KEEP;
		p->rule = p->fate == F_STRIP ? a->spans[p->sp].rule : NONE;
	}
	if (p->cutrule != NONE) {
		p->spared = p->cutrule;
		p->cutrule = NONE;
	}
}

/*
 * Whether the document may be wrapped, before its lines are measured: a
 * line of more than WRAP_CAP characters is wider than any wrap width,
 * and wrap_width() allows such lines to be a twentieth of the lines of
 * 16 columns or more at the most, which have 16 bytes or more. Most
 * articles have more long paragraphs than that.
 */
static int
maybe(const struct ads *a)
{
	size_t i = 0, j, wide = 0, some = 0;
	unsigned long long cps;

	while (i < a->np) {
		cps = a->p[i].fate == F_BLANK ? 0 : a->p[i].cps;
		for (j = i + 1; j < a->np && !opens(a, j); j++)
			cps += a->p[j].cps;
		wide += cps > WRAP_CAP;
		some += a->p[j - 1].off + a->p[j - 1].len - a->p[i].off >= 16;
		i = j;
	}
	return wide * 20 <= some;
}

/*
 * Whether a line that a line going on is followed by, s[0..n), reads as
 * the rest of its sentence: it opens with a small letter ("like this:")
 * or no letter at all (a link, a number). A capital, or a letter of a
 * script without case (Hangul, Han), may open a paragraph of its own
 * that a full line happened to end before: "입력 2024.03.05" under a
 * headline, "Copyright ..." under a line of text.
 */
static int
goeson(const unsigned char *s, size_t n)
{
	utf8proc_category_t c;
	uint32_t cp;

	if (n == 0)
		return 0;
	utf8_decode(s, n, &cp);
	if (cp == UTF8_INVALID)
		return 1;
	c = utf8proc_category((utf8proc_int32_t)cp);
	return c != UTF8PROC_CATEGORY_LU && c != UTF8PROC_CATEGORY_LT &&
	    c != UTF8PROC_CATEGORY_LM && c != UTF8PROC_CATEGORY_LO;
}

/* Whether a drop or cut rule took unit p. */
static int
ruled(const struct para *p)
{
	return p->fate == F_DROP || p->fate == F_SDROP || p->cutrule != NONE;
}

/*
 * Whether units t and h, the end of a line and the start of the next,
 * would go as furniture joined, as they stand unwrapped: a drop or cut
 * rule takes the two whole ("▶ 한빛 뉴스레터, 지금" and "원클릭으로
 * 받아보세요" is a promo cut in two), or they make a line of UI labels
 * ("Share this" and "article"). Then they are no pieces of a sentence;
 * and when a rule dropped t, h, the rest of what it dropped, goes with
 * it, by the rule that takes the two. The rules are asked only when one
 * of the two went by a rule: what else they could say changes nothing.
 */
static int
joined(struct ads *a, size_t t, size_t h)
{
	struct para *pt = &a->p[t], *ph = &a->p[h];
	size_t n = pt->len + 1 + ph->len, rule;
	unsigned cps = pt->cps + 1 + ph->cps;
	int ask = ruled(pt) || ruled(ph);

	if (!ask && cps > UI_CPS)
		return 0;	/* too long for a line of labels (uiline()) */
	a->join = xgrow(a->join, &a->joincap, n, 1);
	memcpy(a->join, a->buf + pt->off, pt->len);
	a->join[pt->len] = ' ';
	memcpy(a->join + pt->len + 1, a->buf + ph->off, ph->len);
	if (ask && (rule = classify_goes(a, a->join, n, pt->lineno)) != NONE) {
		if ((pt->fate == F_DROP || pt->fate == F_SDROP) &&
		    ph->fate == F_KEEP) {
			ph->fate = F_DROP;
			ph->rule = rule;
		}
		return 1;
	}
	return uiline(a, a->join, n, cps);
}

void
wrapped_mark(struct ads *a)
{
	const unsigned char *s;
	size_t i, j, n;
	unsigned w;

	for (i = 0; i < a->np; i++) {
		a->p[i].piece = 0;
		a->p[i].spared = NONE;
	}
	if (!maybe(a))
		return;
	for (i = 0; i < a->np; i++)
		if (opens(a, i)) {
			s = linetext(a, i, &n);
			a->p[i].cols = wrap_width_of(s, n);
		}
	if ((w = wrap_width(a->np, cols, stop, a, MINON)) == 0)
		return;
	for (i = 0; i < a->np; i = j) {
		for (j = i + 1; j < a->np && !opens(a, j); j++)
			;
		if (j == a->np || a->p[i].fate == F_BLANK ||
		    a->p[j].lineno != a->p[i].lineno + 1)
			continue;
		s = linetext(a, j, &n);
		if (a->p[j].fate == F_BLANK || !wrap_goes_on(w, a->p[i].cols,
		    s, n, a->p[j].cols) || stop(a, i) || joined(a, j - 1, j))
			continue;
		piece(a, j - 1);
		if (goeson(s, n))
			piece(a, j);
	}
}
