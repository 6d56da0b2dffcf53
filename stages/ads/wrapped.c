/*
 * wrapped.c: the pieces of sentences in hard-wrapped text.
 *
 * A document wrapped at a width (a mail, a plain-text article, a licence)
 * cuts its sentences where the lines end: "...a copy.  This" and, on the
 * next line, "License will therefore apply...". rinse-ads judges units,
 * and the unit "This" alone reads like a UI label, a line that ends a
 * sentence begun above like a heading. rinse-tidy -u joins such lines
 * back later in the chain. So before the heuristics run (arrange()), the
 * unit that ends a line going on in the next, and the unit that opens
 * that next line, are marked as pieces when the document is wrapped, by
 * the test rinse-tidy -u joins lines with (wrap_width(), wrap_goes_on()).
 * A piece is no unit of its own: a drop or cut rule that matched it is
 * set aside (noted in spared, for --explain), and the link-list and UI
 * heuristics pass it by; what strip removed stays removed.
 *
 * Contract: a document that is not wrapped is left as classify() made it.
 */
#include <stddef.h>
#include <stdint.h>

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
		    s, n, a->p[j].cols))
			continue;
		piece(a, j - 1);
		piece(a, j);
	}
}
