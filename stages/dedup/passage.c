/*
 * passage.c: what rinse-dedup measures of a paragraph once it is
 * normalized: the shingle list and its filter (memory charged to the
 * budget, capped by -M), the runs of repeated sentences worth cutting
 * (verdict 3 of dedup.c), the share of shingles found in the earlier
 * text (verdict 4), and the text a cut paragraph keeps.
 *
 * Contract: every function works on the current paragraph as normalize()
 * left it in d->sl and d->shl; none writes output or decides a verdict.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/stage.h>
#include <rinse/util.h>

#include "dedup.h"
#include "filter.h"
#include "norm.h"

/*
 * Adds the current paragraph's shingles to the filter, first doubling the
 * filter (and refilling it from shl) while it has under 32 bits a
 * shingle. At the memory cap the filter stays as it is: it then fills up
 * and finds more false hits, so it says so. seen: the paragraph is a
 * repeat of an earlier one of the document (same fingerprint), whose
 * shingles are the same and already in the filter: only the doubling is
 * done, which must happen at the same point. Not when the shingle list
 * has reached the cap, where what an earlier copy stored can differ.
 *
 * The bits themselves are set by bits_flush(), which dedup_line() calls
 * before the next paragraph of the document reads the filter: the last
 * paragraph's are never set, and a document of one paragraph leaves the
 * filter clean, with nothing to clear (reset_doc()).
 */
void
bits_add(struct dedup *d, int seen)
{
	size_t nb = d->nbits;

	bits_flush(d);

	while (nb / 32 < d->nsh)
		nb *= 2;
	if (nb != d->nbits) {
		if (d->b.mem + nb / 8 > d->b.max) {
			if (!d->shingles.warned)
				capwarn(d->b.name, d->line, "the shingle "
				    "filter would hold", d->b.max,
				    "near-duplicates are found less exactly");
			d->shingles.warned = 1;
			d->shingles.full = 1;
			d->b.full++;
		} else {
			d->b.mem -= d->nbits / 8;
			tfree(d->bits, d->nbits / 8);
			d->nbits = nb;
			d->bits = tmem(nb / 8);
			d->b.mem += nb / 8;
			d->shdone = 0;
		}
	}
	if (!seen || d->shdone == 0 || d->shingles.full) {
		d->setfrom = d->shdone;
		d->setto = d->nsh;
	}
	d->shdone = d->nsh;
}

/* Sets the bits bits_add() left, if any: see there. */
void
bits_flush(struct dedup *d)
{
	if (d->setto > d->setfrom) {
		d->vec->bits_set(d->bits, d->nbits - 1, d->shl + d->setfrom,
		    d->setto - d->setfrom);
		d->dirty = 1;
	}
	d->setfrom = d->setto = 0;
}

/*
 * Makes room in shl for the shingles of a line of n bytes: at most one a
 * byte but for the rare characters that fold to several, which are
 * looked up at once when they do not fit. At the memory cap a very long
 * line becomes sampled, and what does not fit is looked up but not
 * remembered.
 */
void
shl_room(struct dedup *d, size_t n)
{
	size_t old = d->capsh, want = d->nsh + n, c = old ? old : 16;

	if (want <= old)
		return;
	while (c < want)
		c *= 2;
	if (d->b.mem + (c - old) * sizeof(*d->shl) > d->b.max) {
		if (!d->shingles.warned)
			capwarn(d->b.name, d->line, "the shingle list would "
			    "hold", d->b.max, "near-duplicates are found less "
			    "exactly");
		d->shingles.warned = 1;
		d->shingles.full = 1;
		d->sampled = 1;
		c = old + (d->b.max > d->b.mem ? (d->b.max - d->b.mem) /
		    sizeof(*d->shl) : 0);
	}
	if (c > old) {
		d->shl = xrealloc(d->shl, c * sizeof(*d->shl));
		d->capsh = c;
		d->b.mem += (c - old) * sizeof(*d->shl);
	}
}

/*
 * Whether sentence t, whose hash was not seen, repeats earlier text of its
 * own paragraph all the same: every character of it lies in a piece of
 * PIECE_MIN shingles or more found in loc (the shingles of the sentences
 * before it), and the pieces follow one another with no character
 * outside them. A crawler that glues an article to a copy of itself
 * (the text of a page and of its print block, on one line) starts the
 * copy in the middle of a sentence of the first ("...우린 AI 반도체
 * 경쟁력\" AI 최고위 ... 있다." and then "AI 최고위 ... 있다."), or glues
 * two blocks whose ends are not sentence ends: the sentence is new to the
 * hashes, but adds no character of its own.
 *
 * A shingle ends at each character; one that misses leaves its first
 * character uncovered only if the next SHINGLE - 1 miss too. So up to
 * SHINGLE - 1 misses may stand between two pieces, and before the first
 * (the shingles that reach back into the sentence before) unless t opens
 * the paragraph (first), whose first shingle starts where it does.
 */
static int
covered(const struct dedup *d, const struct sent *t, int first,
    const uint64_t *loc, uint64_t lmask)
{
	size_t i = t->sh0, run = 0, miss = 0;

	/*
	 * A short sentence made of earlier words is as often new: only one
	 * of -P columns is judged. And only on stored shingles (not when
	 * the list is full, or sampled).
	 */
	if (t->w < d->passage || t->sh1 - t->sh0 < PIECE_MIN ||
	    t->samples != t->sh1 - t->sh0)
		return 0;
	for (; i < t->sh1 && !bits_test(loc, lmask, d->shl[i]); i++)
		if (first || ++miss == SHINGLE)
			return 0;
	for (miss = 0; i < t->sh1; i++) {
		if (!bits_test(loc, lmask, d->shl[i])) {
			if (++miss == SHINGLE || run < PIECE_MIN)
				return 0;
			continue;
		}
		if (miss > 0)
			run = miss = 0;
		run++;
	}
	return miss == 0 && run >= PIECE_MIN;
}

/*
 * A filter of the shingles of this paragraph's sentences, zeroed, 32 bits
 * a shingle; its mask in *lmask. NULL at the memory cap.
 */
static uint64_t *
locfilter(struct dedup *d, uint64_t *lmask)
{
	size_t nb = 1024, bytes;

	while (nb / 32 < d->nsh - d->shdone)
		nb *= 2;
	bytes = nb / 8;
	if (bytes > d->caploc) {
		if (d->b.mem + bytes - d->caploc > d->b.max)
			return NULL;
		d->b.mem += bytes - d->caploc;
		d->loc = xrealloc(d->loc, bytes);
		d->caploc = bytes;
	}
	memset(d->loc, 0, bytes);
	*lmask = nb - 1;
	return d->loc;
}

/*
 * Whether the paragraph, of ordinal ord, holds a copy of a passage of
 * itself: a run of sentences seen earlier in it, -P columns together.
 */
static int
selfcopy(const struct dedup *d, uint32_t ord)
{
	unsigned long w = 0;
	size_t i;

	for (i = 0; i < d->nsl; i++) {
		w = d->sl[i].of == (int64_t)ord ? w + d->sl[i].w : 0;
		if (w >= d->passage)
			return 1;
	}
	return 0;
}

/*
 * In a paragraph, of ordinal ord, that holds a copy of a passage of
 * itself, marks as seen (of = ord) the sentences next to a sentence
 * seen in it that covered() finds made of its earlier text. Not across
 * paragraphs, nor elsewhere: there a sentence made of earlier phrases is
 * as often new, an item of a list whose items share their wording ("X
 * is streaming on Netflix and available to rent on ..."), a body
 * sentence that says a caption's words again.
 */
void
mark_covered(struct dedup *d, uint32_t ord)
{
	uint64_t *loc, lmask = 0;
	size_t i;
	int near;

	if (d->sampled || !selfcopy(d, ord) ||
	    (loc = locfilter(d, &lmask)) == NULL)
		return;
	for (i = 0; i < d->nsl; i++) {
		struct sent *t = &d->sl[i];

		near = (i > 0 && d->sl[i - 1].of == (int64_t)ord) ||
		    (i + 1 < d->nsl && d->sl[i + 1].of == (int64_t)ord);
		if (t->of < 0 && near && covered(d, t, i == 0, loc, lmask))
			t->of = ord;
		bits_set(loc, lmask, d->shl + t->sh0, t->sh1 - t->sh0);
	}
}

/*
 * Marks the runs of seen sentences worth cutting; returns the columns cut
 * and puts the ordinal of the first one's source in *of. after: the
 * paragraph before was a repeat, which a run at the start may continue.
 */
unsigned long
mark_cuts(struct dedup *d, int64_t *of, int after)
{
	size_t i, j, k;
	unsigned long w, cutw = 0;

	*of = -1;
	for (i = 0; i < d->nsl; i = j) {
		if (d->sl[i].of < 0) {
			j = i + 1;
			continue;
		}
		w = 0;
		for (j = i; j < d->nsl && d->sl[j].of >= 0; j++)
			w += d->sl[j].w;
		/*
		 * Short sentences ("Yes. Thank you.") are not a passage
		 * worth cutting: a run must have -P columns, which one
		 * sentence of a story has (a portal's summary repeats the
		 * body's sentences one by one). But a
		 * paragraph that is all seen sentences repeats earlier text
		 * as a whole (its original was part of a longer paragraph,
		 * as where a crawler glued the summary to the body), and a
		 * run that opens a paragraph after a repeat continues it.
		 */
		if (!(w >= d->passage ||
		    (i == 0 && (j == d->nsl || after) && w >= d->minlen)))
			continue;
		for (k = i; k < j; k++)
			d->sl[k].cut = 1;
		if (*of < 0)
			*of = d->sl[i].of;
		cutw += w;
	}
	return cutw;
}

/*
 * The fewest hits out of samples that make a near-duplicate: more than
 * samples when none can.
 */
static unsigned
hits_needed(double thresh, unsigned samples)
{
	double x = thresh * samples;
	unsigned h;

	if (!(x < (double)samples + 1))
		return samples + 1;
	h = x > 0 ? (unsigned)x : 0;
	/* The same comparison as the verdict's, to be exact at the edge. */
	while (h > 0 && (double)(h - 1) / samples >= thresh)
		h--;
	while (h <= samples && (double)h / samples < thresh)
		h++;
	return h;
}

/*
 * The shingles of the paragraph's uncut sentences (samples of them) that
 * the filter holds, when the verdict or --explain needs the number: for
 * a near-duplicate verdict (near), only until it is clear that the
 * threshold cannot be reached, when what it returns is below it. Most
 * paragraphs are new, and a tenth of their shingles missing settles it.
 */
unsigned
count_hits(struct dedup *d, unsigned samples, int near)
{
	const uint64_t *bits = d->bits;
	uint64_t mask = d->nbits - 1;
	unsigned hits = 0, need, can;
	size_t i, k;

	need = d->explain ? 0 : near ? hits_needed(d->thresh, samples) :
	    samples + 1;
	if (need == 0 && !d->explain)
		return samples;
	if (need > samples)
		return 0;
	can = samples;
	for (i = 0; i < d->nsl; i++) {
		struct sent *t = &d->sl[i];

		if (t->cut)
			continue;
		hits += t->hits;
		can -= t->samples - (unsigned)(t->sh1 - t->sh0) - t->hits;
		for (k = t->sh0; k < t->sh1; k++) {
			unsigned hit = bits_test(bits, mask, d->shl[k]);

			hits += hit;
			can -= !hit;
		}
		if (can < need && !d->explain)
			break;
	}
	return hits;
}

/* Appends s[0..n) to the residue. */
static void
res_put(struct dedup *d, const unsigned char *s, size_t n)
{
	d->res = xgrow(d->res, &d->capres, d->nres + n, 1);
	memcpy(d->res + d->nres, s, n);
	d->nres += n;
}

/*
 * Puts in d->res what a cut paragraph s[0..n) keeps: its uncut parts
 * without the spaces at their ends, joined by one space where there was
 * any around the cut between them (none where there was none, as between
 * sentences of CJK text). A sentence starts with the spaces after the one
 * before it, so the residue would otherwise start with one, or lose the
 * space between "today." and a sentence after the last cut.
 */
void
residue_text(struct dedup *d, const unsigned char *s, size_t n)
{
	size_t i, a, e, k, m, pos = 0;
	int gap = 0;

	d->nres = 0;
	for (i = 0; i <= d->nsl; i++) {
		/* The next run of cut sentences, [a, e), or the end. */
		if (i == d->nsl)
			a = e = n;
		else if (!d->sl[i].cut)
			continue;
		else {
			a = d->sl[i].start;
			e = d->sl[i].end;
			while (i + 1 < d->nsl && d->sl[i + 1].cut)
				e = d->sl[++i].end;
		}
		for (k = pos; k < a && s[k] == ' '; k++)
			;
		for (m = a; m > k && s[m - 1] == ' '; m--)
			;
		gap |= k > pos;
		if (k < m) {
			if (gap && d->nres > 0)
				res_put(d, (const unsigned char *)" ", 1);
			res_put(d, s + k, m - k);
			gap = m < a;
		}
		gap |= a < e && (s[a] == ' ' || s[e - 1] == ' ');
		pos = e;
	}
}
