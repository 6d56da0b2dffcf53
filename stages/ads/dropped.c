/*
 * dropped.c: what rinse-ads removed, for the why-dropped log
 * (--explain-log, include/rinse/whylog.h).
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

void
ads_whylog(struct ads *a, const struct para *p)
{
	const char *s = a->buf + p->off, *h = NULL;
	char why[512];
	size_t k, n = 0;

	switch (p->fate) {
	case F_STRIP:
		for (k = 0; k < p->nsp; k++) {
			const struct span *sp = &a->spans[p->sp + k];

			n = origin(a, sp->rule, "", why, sizeof(why));
			whylog_put(&a->wl, why, n, s + sp->so, sp->eo - sp->so);
		}
		return;
	case F_EMPTY:
		n = origin(a, p->nsp ? a->spans[p->sp].rule : NONE, "", why,
		    sizeof(why));
		break;
	case F_DROP:
	case F_SDROP:
	case F_CUT:
	case F_CUTONE:
		n = origin(a, p->rule, "", why, sizeof(why));
		break;
	case F_CUTTAIL:
		n = origin(a, p->rule, "after-cut:", why, sizeof(why));
		break;
	case F_LINKS:
		h = "heuristic:link-list";
		break;
	case F_UI:
		h = "heuristic:ui-label";
		break;
	case F_SIGNOFF:
		h = "heuristic:signoff";
		break;
	default:
		return;
	}
	if (h != NULL)
		whylog_put(&a->wl, h, strlen(h), s, p->len);
	else
		whylog_put(&a->wl, why, n, s, p->len);
}
