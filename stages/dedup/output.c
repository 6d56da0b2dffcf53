/*
 * output.c: how rinse-dedup writes what it keeps. Without --explain or
 * -s a kept paragraph is written at once; with them every paragraph is
 * staged as a record (its verdict, source and text) and written when the
 * document ends: --explain writes every record with its verdict, -s
 * first claims the kept paragraphs' fingerprints in the store and drops
 * those an earlier run kept.
 *
 * Contract: emit() takes the verdict dedup_line() decided and never
 * changes it; flush_recs() writes and forgets the staged records;
 * claim_doc() may turn V_KEEP and V_CUT into V_STORED, nothing else.
 * A write error dies with a message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>

#include "dedup.h"

/* The end of an output line: putc(), a call to fwrite() cost more. */
static void
newline(FILE *out)
{
	if (putc('\n', out) == EOF)
		die("write error:");
}

static void
stage_text(struct dedup *d, const void *p, size_t n)
{
	if (n == 0)
		return;
	d->text = xgrow(d->text, &d->captext, d->ntext + n, 1);
	memcpy(d->text + d->ntext, p, n);
	d->ntext += n;
}

static struct rec *
newrec(struct dedup *d)
{
	struct rec *r;

	d->recs = xgrow(d->recs, &d->caprecs, d->nrecs + 1, sizeof(*d->recs));
	r = &d->recs[d->nrecs++];
	memset(r, 0, sizeof(*r));
	r->off = d->ntext;
	return r;
}

static const char *
vname(int v)
{
	switch (v) {
	case V_KEEP: return "keep";
	case V_SHORT: return "keep short";
	case V_EMPTY: return "keep empty";
	case V_CUT: return "cut passage";
	case V_CROSS: return "drop dup-of-earlier-document";
	case V_STORED: return "drop stored";
	default: return "drop";
	}
}

/* Writes one --explain line: LINE TAB VERDICT TAB SIMILARITY TAB TEXT. */
static void
explain_line(struct dedup *d, FILE *out, const struct rec *r)
{
	char head[128];
	int n;

	if (r->verdict == V_DUP || r->verdict == V_NEAR)
		n = snprintf(head, sizeof(head), "%lu\tdrop dup-of:%lu\t%.2f\t",
		    r->line, r->of, r->sim);
	else if (r->verdict == V_CUT)
		n = snprintf(head, sizeof(head), "%lu\tcut passage of:%lu\t"
		    "%.2f\t", r->line, r->of, r->sim);
	else if (r->verdict == V_CROSS)
		n = snprintf(head, sizeof(head), "%lu\tdrop dup-of:doc%lu\t"
		    "1.00\t", r->line, r->of);
	else
		n = snprintf(head, sizeof(head), "%lu\t%s\t%.2f\t", r->line,
		    vname(r->verdict), r->sim);
	efwrite(head, (size_t)n, out);
	efwrite(d->text + r->off, r->len, out);
	newline(out);
	d->bytes_out += (size_t)n + r->len + 1;
}

/* Writes the staged records of the document and forgets them. */
void
flush_recs(struct dedup *d, FILE *out)
{
	size_t i;

	for (i = 0; i < d->nrecs; i++) {
		struct rec *r = &d->recs[i];

		if (d->explain) {
			if (!r->blank)
				explain_line(d, out, r);
			continue;
		}
		if (r->verdict != V_KEEP && r->verdict != V_SHORT &&
		    r->verdict != V_EMPTY && r->verdict != V_CUT)
			continue;
		efwrite(d->text + r->off, r->len, out);
		newline(out);
		d->bytes_out += r->len + 1;
		if (!r->blank)
			d->paras_out++;
	}
	d->nrecs = 0;
	d->ntext = 0;
}

/* Writes what the paragraph keeps, or stages it. */
void
emit(struct dedup *d, FILE *out, const unsigned char *s, size_t n,
    int verdict, unsigned long of, double sim, uint64_t key)
{
	struct rec *r;
	size_t i, pos;

	if (d->wl.path != NULL)
		dedup_whylog(d, s, n, verdict, of);
	if (d->explain || d->store) {
		r = newrec(d);
		r->line = d->line;
		r->verdict = verdict;
		r->of = of;
		r->sim = sim;
		r->key = key;
		r->blank = n == 0;
	} else if (verdict == V_KEEP || verdict == V_SHORT ||
	    verdict == V_EMPTY) {
		efwrite(s, n, out);
		newline(out);
		d->bytes_out += n + 1;
		if (n > 0)
			d->paras_out++;
		return;
	} else if (verdict != V_CUT)
		return;
	else
		r = NULL;

	if (verdict != V_CUT) {
		stage_text(d, s, n);
		r->len = d->ntext - r->off;
		return;
	}
	if (!d->explain) {
		/* What is kept is the residue dedup_line() judged. */
		if (r != NULL) {
			stage_text(d, d->res, d->nres);
			r->len = d->ntext - r->off;
			return;
		}
		efwrite(d->res, d->nres, out);
		newline(out);
		d->bytes_out += d->nres + 1;
		d->paras_out++;
		return;
	}
	/* --explain: all of the line with the cuts marked. */
	pos = 0;
	for (i = 0; i < d->nsl; i++) {
		struct sent *t = &d->sl[i];
		size_t a = t->start, e = t->end;

		if (!t->cut)
			continue;
		while (i + 1 < d->nsl && d->sl[i + 1].cut)
			e = d->sl[++i].end;
		stage_text(d, s + pos, a - pos);
		stage_text(d, "[-", 2);
		stage_text(d, s + a, e - a);
		stage_text(d, "-]", 2);
		pos = e;
	}
	stage_text(d, s + pos, n - pos);
	r->len = d->ntext - r->off;
}

/*
 * Sorts the n claims by key: a few by insertion, more by radix, a byte a
 * pass (qsort spent more on calls to a comparison than the store on the
 * lookups the order speeds up).
 */
static void
sort_claims(struct dedup *d, size_t n)
{
	struct claim *a = d->claims, *b, *t, c;
	size_t cnt[256], i, j, sum, k;
	unsigned sh;

	if (n < 64) {
		for (i = 1; i < n; i++) {
			c = a[i];
			for (j = i; j > 0 && a[j - 1].key > c.key; j--)
				a[j] = a[j - 1];
			a[j] = c;
		}
		return;
	}
	d->ctmp = xgrow(d->ctmp, &d->capctmp, n, sizeof(*d->ctmp));
	b = d->ctmp;
	/* An even number of passes: the result ends in d->claims. */
	for (sh = 0; sh < 64; sh += 8) {
		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n; i++)
			cnt[a[i].key >> sh & 0xFF]++;
		for (sum = 0, j = 0; j < 256; j++) {
			k = cnt[j];
			cnt[j] = sum;
			sum += k;
		}
		for (i = 0; i < n; i++)
			b[cnt[a[i].key >> sh & 0xFF]++] = a[i];
		t = a;
		a = b;
		b = t;
	}
}

/*
 * Claims the staged fingerprints in the store, in key order (neighbours
 * share pages: a big store is read like a merge instead of at random).
 */
void
claim_doc(struct dedup *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nrecs; i++) {
		struct rec *r = &d->recs[i];

		if (r->key == 0 || (r->verdict != V_KEEP &&
		    r->verdict != V_CUT))
			continue;
		d->claims = xgrow(d->claims, &d->capclaims, n + 1,
		    sizeof(*d->claims));
		d->claims[n].key = r->key;
		d->claims[n++].rec = i;
	}
	if (n == 0)
		return;
	sort_claims(d, n);
	d->keys = xgrow(d->keys, &d->capkeys, n, sizeof(*d->keys));
	d->seen = xgrow(d->seen, &d->capseen, n, 1);
	for (i = 0; i < n; i++)
		d->keys[i] = d->claims[i].key;
	store_claim(d->store, d->keys, n, (size_t)(d->doc - 1), d->seen);
	for (i = 0; i < n; i++) {
		struct rec *r = &d->recs[d->claims[i].rec];

		if (d->seen[i]) {
			r->verdict = V_STORED;
			r->sim = 1;
			d->stored++;
			if (d->wl.path != NULL)
				dedup_whylog(d, (unsigned char *)d->text +
				    r->off, r->len, V_STORED, 0);
		}
	}
}
