/*
 * dropped.c: what rinse-dedup removed, for the why-dropped log
 * (--explain-log, include/rinse/whylog.h) and --explain, which names a
 * removal the same way.
 *
 * Contract: a paragraph dropped as a copy gives one line, "dup-of:N"
 * (N the line of the document it repeats) or "near-dup-of:N" for a
 * near-duplicate, "dup-of-document:N" for a copy of the run's document N
 * (-x), "stored" for one an earlier run kept (-s); a paragraph with
 * repeated sentences cut out gives a line for each run of them cut,
 * "passage-of:N". Kept text is never logged; nothing here changes a
 * verdict.
 */
#include <stdio.h>

#include "dedup.h"

size_t
dedup_why(int verdict, unsigned long of, char *why, size_t nb)
{
	const char *fmt;
	int k;

	switch (verdict) {
	case V_DUP:
		fmt = "dup-of:%lu";
		break;
	case V_NEAR:
		fmt = "near-dup-of:%lu";
		break;
	case V_CROSS:
		fmt = "dup-of-document:%lu";
		break;
	case V_STORED:
		fmt = "stored";
		break;
	case V_CUT:
	case V_PASSAGE:
		fmt = "passage-of:%lu";
		break;
	default:
		return 0;
	}
	k = snprintf(why, nb, fmt, of);
	return k < 0 ? 0 : (size_t)k < nb ? (size_t)k : nb - 1;
}

void
dedup_whylog(struct dedup *d, const unsigned char *s, size_t n, int verdict,
    unsigned long of)
{
	char why[64];
	size_t k;

	if (verdict == V_CUT)	/* what is left of it stays */
		return;
	if ((k = dedup_why(verdict, of, why, sizeof(why))) > 0)
		whylog_put(&d->wl, why, k, (const char *)s, n);
}

void
dedup_cutlog(struct dedup *d, const unsigned char *s, unsigned long of)
{
	char why[64];
	size_t i, k = dedup_why(V_PASSAGE, of, why, sizeof(why));

	for (i = 0; i < d->nsl; i++) {
		size_t a = d->sl[i].start, e = d->sl[i].end;

		if (!d->sl[i].cut)
			continue;
		while (i + 1 < d->nsl && d->sl[i + 1].cut)
			e = d->sl[++i].end;
		whylog_put(&d->wl, why, k, (const char *)s + a, e - a);
	}
}
