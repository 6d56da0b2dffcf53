/*
 * dropped.c: what rinse-dedup removed, for the why-dropped log
 * (--explain-log, include/rinse/whylog.h).
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

void
dedup_whylog(struct dedup *d, const unsigned char *s, size_t n, int verdict,
    unsigned long of)
{
	const char *fmt;
	char why[64];
	size_t i;
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
		fmt = "passage-of:%lu";
		break;
	default:
		return;
	}
	k = snprintf(why, sizeof(why), fmt, of);
	if (k < 0)
		return;
	if (verdict != V_CUT) {
		whylog_put(&d->wl, why, (size_t)k, (const char *)s, n);
		return;
	}
	for (i = 0; i < d->nsl; i++) {
		size_t a = d->sl[i].start, e = d->sl[i].end;

		if (!d->sl[i].cut)
			continue;
		while (i + 1 < d->nsl && d->sl[i + 1].cut)
			e = d->sl[++i].end;
		whylog_put(&d->wl, why, (size_t)k, (const char *)s + a, e - a);
	}
}
