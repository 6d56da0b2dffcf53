/*
 * output.c: how rinse-dedup writes what it keeps. Without --explain or
 * -s a kept paragraph is written at once; with them every paragraph is
 * staged as a record (its verdict, source and text) and written when the
 * document ends: --explain writes every record with its verdict (a
 * paragraph with passages cut out is staged as the passages and what is
 * left, V_PASSAGE records before a V_CUT one), -s
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

/*
 * Writes one --explain line (include/rinse/whylog.h): the log's fields,
 * WHY "keep" for what stays, and the note "line=N sim=S", with "short"
 * (kept for its length), "empty" (no letter or digit) or "cut" (what is
 * left of a paragraph after the passages before it).
 */
static void
explain_line(struct dedup *d, FILE *out, const struct rec *r)
{
	char why[64], note[96];
	size_t nw = 4;
	int keep = r->verdict == V_KEEP || r->verdict == V_SHORT ||
	    r->verdict == V_EMPTY || r->verdict == V_CUT;

	if (keep)
		memcpy(why, "keep", 4);
	else
		nw = dedup_why(r->verdict, r->of, why, sizeof(why));
	if (r->verdict == V_PASSAGE)
		snprintf(note, sizeof(note), "line=%lu", r->line);
	else
		snprintf(note, sizeof(note), "line=%lu sim=%.2f%s", r->line,
		    r->sim, r->verdict == V_SHORT ? " short" : r->verdict ==
		    V_EMPTY ? " empty" : r->verdict == V_CUT ? " cut" : "");
	d->bytes_out += whylog_explain(&d->wl, out, "dedup", why, nw,
	    (const char *)d->text + r->off, r->len, note);
}

/*
 * Writes the staged records of the document and forgets them; the
 * why-dropped log gets their lines now, in the document's order.
 */
void
flush_recs(struct dedup *d, FILE *out)
{
	size_t i;

	for (i = 0; i < d->nrecs; i++) {
		struct rec *r = &d->recs[i];

		if (d->wl.path != NULL)
			dedup_whylog(d, d->text + r->off, r->len, r->verdict,
			    r->of);
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

/*
 * Stages the runs of sentences cut out of the paragraph s, each as a
 * record of its own before the paragraph's.
 */
static void
stage_passages(struct dedup *d, const unsigned char *s, unsigned long of)
{
	struct rec *r;
	size_t i, a, e;

	for (i = 0; i < d->nsl; i++) {
		if (!d->sl[i].cut)
			continue;
		a = d->sl[i].start;
		e = d->sl[i].end;
		while (i + 1 < d->nsl && d->sl[i + 1].cut)
			e = d->sl[++i].end;
		r = newrec(d);
		r->line = d->line;
		r->verdict = V_PASSAGE;
		r->of = of;
		stage_text(d, s + a, e - a);
		r->len = d->ntext - r->off;
	}
}

/* Writes what the paragraph keeps, or stages it. */
void
emit(struct dedup *d, FILE *out, const unsigned char *s, size_t n,
    int verdict, unsigned long of, double sim, uint64_t key)
{
	struct rec *r;

	if (d->explain || d->store) {
		if (verdict == V_CUT)
			stage_passages(d, s, of);
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
	} else if (verdict != V_CUT) {
		if (d->wl.path != NULL)
			dedup_whylog(d, s, n, verdict, of);
		return;
	} else {
		if (d->wl.path != NULL)
			dedup_cutlog(d, s, of);
		r = NULL;
	}
	if (verdict != V_CUT) {
		stage_text(d, s, n);
		r->len = d->ntext - r->off;
		return;
	}
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
		}
	}
}
