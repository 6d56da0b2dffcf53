/*
 * units.c: cutting a line into the units that rinse-ads judges.
 *
 * Crawlers store an article as one line: the text of its block elements
 * glued together, with nothing or one space between them. A rule that
 * judged the whole line would drop the story with the furniture beside it,
 * and could not see furniture in the middle. So the rules judge units:
 *
 * - a split rule ends a unit where its match ends (a sentence end, say);
 *   the white space after that point separates the unit from the next, and
 *   stays between them in the output when both are kept;
 * - a break rule does the same, and the two units are two paragraphs: the
 *   output puts a line break between them in place of the white space.
 *   It is for places where a crawler glued two block elements together
 *   ("...밝혔다.다음 문단", "...했다.▶ 구독하기").
 *
 * Where the rule sets hold no split or break rule, a line is one unit.
 * Units are never empty; the first starts where the line does, the others
 * after the white space that separates them.
 */
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>

#include "ads.h"

size_t
unit_space(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s + i;

	if (*u == ' ' || *u == '\t' || *u == '\r')
		return 1;
	if (n - i >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
		return 2;
	if (n - i >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/*
 * Where a unit s[so..at) that ends before a boundary at really ends: a
 * straight double quote glued between two sentences ("...발표했다.\"앞으로
 * ...", "...on Monday.\"We will...") is read by the rules as closing the
 * sentence before it, but it opens the next one when the paragraph up to
 * it, s[po..at), holds an even number of them before it. It then goes
 * with the next unit. The paragraph, not the unit: a quotation of two
 * sentences ("\"기다려요. 불편하죠.\"다음") closes in a unit of its own.
 */
static size_t
opening(const char *s, size_t po, size_t so, size_t at, size_t n)
{
	size_t i, quotes = 0;

	if (at >= n || at <= so || s[at - 1] != '"' ||
	    unit_space(s, n, at) > 0)
		return at;
	for (i = po; i < at - 1; i++)
		quotes += s[i] == '"';
	return quotes % 2 == 0 ? at - 1 : at;
}

static int
boundcmp(const void *x, const void *y)
{
	const struct bound *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return b->brk - a->brk;	/* a break first: it wins */
}

/* The bytes of unit_space()'s white space that end s[so..at), or 0. */
static size_t
trailing(const char *s, size_t so, size_t at)
{
	const unsigned char *u = (const unsigned char *)s;

	if (u[at - 1] == ' ' || u[at - 1] == '\t' || u[at - 1] == '\r')
		return 1;
	if (at - so >= 2 && u[at - 2] == 0xC2 && u[at - 1] == 0xA0)
		return 2;
	if (at - so >= 3 && u[at - 3] == 0xE3 && u[at - 2] == 0x80 &&
	    u[at - 1] == 0x80)
		return 3;
	return 0;
}

size_t
units_of(struct ruleset *rs, struct cutter *c, const char *s, size_t n,
    const struct bound *extra, size_t nextra, const char *where,
    unsigned long long line)
{
	size_t nb = 0, i, so = 0, po = 0, at, k, rule = SIZE_MAX;
	int brk = 0;

	rs->full = 0;
	if (rs->ng[A_SPLIT] + rs->ng[A_BREAK] > 0) {
		rules_scan_line(rs, s, n);
		bounds_find(rs, s, n, &c->b, &nb, &c->bcap, where, line);
	}
	if (nextra > 0 && !rs->full) {
		c->b = xgrow(c->b, &c->bcap, nb + nextra, sizeof(*c->b));
		memcpy(c->b + nb, extra, nextra * sizeof(*extra));
		nb += nextra;
	}
	if (nb > 1)
		qsort(c->b, nb, sizeof(*c->b), boundcmp);
	c->n = 0;
	for (i = 0; i <= nb; i++) {
		struct unit *u;

		at = i < nb ? opening(s, po, so, c->b[i].at, n) : n;
		if (i == nb && so == n && c->n > 0)
			break;	/* white space after the last boundary */
		if (i < nb && (at <= so || at >= n)) {
			/* no unit before or after it; a break still counts */
			if (c->n > 0 && at <= so && c->b[i].brk && !brk) {
				brk = 1;
				rule = c->b[i].rule;
				po = so;
			}
			continue;
		}
		if (c->n == c->cap) {
			if (!rules_room(rs, c->cap, sizeof(*c->u)))
				break;	/* rs->full: the caller drops the line */
			c->cap = c->cap ? c->cap * 2 : 16;
			c->u = xrealloc(c->u, c->cap * sizeof(*c->u));
		}
		u = &c->u[c->n++];
		u->sep = c->n > 1 ? c->u[c->n - 2].eo : so;
		u->so = so;
		/* white space before the boundary separates too */
		while (at > so && trailing(s, so, at) > 0)
			at -= trailing(s, so, at);
		u->eo = at;
		u->brk = brk;
		u->rule = rule;
		if (i == nb)
			break;
		brk = c->b[i].brk;
		rule = c->b[i].rule;
		/* the white space after the boundary separates */
		for (so = at; so < n && (k = unit_space(s, n, so)) > 0;)
			so += k;
		if (brk)
			po = so;	/* a paragraph of its own starts */
	}
	return c->n;
}

void
units_free(struct cutter *c)
{
	free(c->u);
	free(c->b);
}
