/*
 * dropped.c: what rinse-ads removed, for the why-dropped log
 * (--explain-log, include/rinse/whylog.h) and --explain, which print
 * the same lines.
 *
 * Contract: for a unit whose fate removes it whole, one line with the
 * unit and the rule ("rules/ko-news.rules:66") or heuristic
 * ("heuristic:link-list") behind the fate; a unit cut off below a cut
 * rule says "after-cut:" and that rule. For a unit that strip rules
 * trimmed, one line for each span removed, with its rule. Kept text is
 * never logged. Nothing here changes a fate.
 */
#include <stdio.h>
#include <string.h>

#include "doc.h"

/* "rules/x.rules:12" of rule (after prefix), into b. */
static size_t
origin(const struct ads *a, size_t rule, const char *prefix, char *b,
    size_t nb)
{
	int n;

	if (rule == NONE)
		n = snprintf(b, nb, "%srule", prefix);
	else
		n = snprintf(b, nb, "%s%s:%lu", prefix, a->rs.r[rule].origin,
		    a->rs.r[rule].line);
	return n < 0 ? 0 : (size_t)n < nb ? (size_t)n : nb - 1;
}

size_t
ads_whyn(const struct ads *a, const struct para *p)
{
	(void)a;
	switch (p->fate) {
	case F_STRIP:
		return p->nsp;
	case F_EMPTY: case F_DROP: case F_SDROP: case F_CUT: case F_CUTONE:
	case F_CUTTAIL: case F_LINKS: case F_UI: case F_SIGNOFF:
		return 1;
	default:
		return 0;
	}
}

const char *
ads_why(const struct ads *a, const struct para *p, size_t k, char *why,
    size_t nb, size_t *nwhy, size_t *n)
{
	static const char *const heur[] = {
		"heuristic:link-list", "heuristic:ui-label", "heuristic:signoff"
	};
	const char *s = a->buf + p->off;
	const struct span *sp;

	*n = p->len;
	switch (p->fate) {
	case F_STRIP:
		sp = &a->spans[p->sp + k];
		*nwhy = origin(a, sp->rule, "", why, nb);
		*n = sp->eo - sp->so;
		return s + sp->so;
	case F_EMPTY:
		*nwhy = origin(a, p->nsp ? a->spans[p->sp].rule : NONE, "",
		    why, nb);
		return s;
	case F_CUTTAIL:
		*nwhy = origin(a, p->rule, "after-cut:", why, nb);
		return s;
	case F_LINKS: case F_UI: case F_SIGNOFF:
		*nwhy = strlen(heur[p->fate - F_LINKS]);
		memcpy(why, heur[p->fate - F_LINKS], *nwhy);
		return s;
	default:	/* F_DROP, F_SDROP, F_CUT, F_CUTONE */
		*nwhy = origin(a, p->rule, "", why, nb);
		return s;
	}
}

void
ads_whylog(struct ads *a, const struct para *p)
{
	char why[512];
	const char *s;
	size_t k, n, m;

	for (k = 0; k < ads_whyn(a, p); k++) {
		s = ads_why(a, p, k, why, sizeof(why), &m, &n);
		whylog_put(&a->wl, why, m, s, n);
	}
}
