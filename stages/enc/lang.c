/*
 * lang.c: which language a Latin decoding reads as, for the detector's
 * choice between close single-byte encodings (detect.c).
 *
 * A decoding's letters outside ASCII earn points per language by how
 * often that language writes them and the pairs they make with their
 * neighbours (langs.c); the ASCII letters, which read alike in every
 * decoding, say which language the text is in at all (bigrams.c). Beside
 * the languages of the tables stands one more, the pool, for a language
 * they do not have (Albanian, Breton, Friulian, Kurdish...): it knows no
 * letter pairs, and a letter earns a little by how many languages write
 * it, nothing by how often. Text whose
 * ASCII pairs are clearly not of a language of the tables is read by the
 * pool: its decoding is then chosen by its shape (no capital inside a
 * word, no sign inside a word) and by how common the encoding is, not by
 * the language some wrong decoding happens to resemble (Albanian ë read
 * as Lithuanian ė).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/util.h>

#include "enc.h"

#define POOL NLANG		/* the row or column of the pool */
#define NROW (NLANG + 1)
#define TAU 0.25		/* see lang_fit() */
#define NEAR 1		/* see lang_fit() */

int
is_letter(uint32_t cp)
{
	if (cp < 0x80)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	if (cp == BAD)
		return 0;
	/* Latin-1 and Latin Extended-A and -B without a table look-up. */
	if (cp >= 0xC0 && cp < 0x250)
		return cp != 0xD7 && cp != 0xF7;
	if (cp < 0xC0)
		return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
		return 1;
	default:
		return 0;
	}
}

static double
clip(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/*
 * Where a Latin letter outside ASCII is in a row of d->langw, or -1:
 * U+0080-024F, the combining marks U+0300-036F (Windows-1258 writes
 * Vietnamese tones with them) and U+1E00-1EFF.
 */
static int
lang_index(uint32_t cp)
{
	if (cp >= 0x80 && cp < 0x250)
		return cp - 0x80;
	if (cp >= 0x300 && cp < 0x370)
		return cp - 0x300 + 0x1D0;
	if (cp >= 0x1E00 && cp < 0x1F00)
		return cp - 0x1E00 + 0x240;
	return -1;
}

/*
 * Notes in use[] (bits per language) that language lang writes letter cp,
 * in either case: the pool weighs a letter by how many languages write
 * it, and a capital is too rare in the tables to tell.
 */
static void
pool_use(uint32_t *use, int lang, uint32_t cp)
{
	int k;

	use[lang_index(cp)] |= (uint32_t)1 << lang;
	if ((k = lang_index(utf8proc_tolower(cp))) >= 0)
		use[k] |= (uint32_t)1 << lang;
	if ((k = lang_index(utf8proc_toupper(cp))) >= 0)
		use[k] |= (uint32_t)1 << lang;
}

static int
popcount(uint32_t x)
{
	int n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/*
 * Fills d->langw: the points a letter earns as text of each language,
 * from how often the language uses it (langs.c): about +2.5 for its
 * common letters, near 0 for its rare ones, -3 for a letter it does not
 * have; case counts (a capital Ợ is rare even in Vietnamese). The second
 * half is for a letter that is a word alone (Italian "è", never Czech
 * "č"). In the pool's row a letter earns half the log of how many
 * languages write it (at least 10 in a million letters, in either case),
 * and -1.5 when none does.
 */
static void
letters_init(struct detector *d)
{
	/* Which languages write each letter: all, and as a word alone. */
	uint32_t *pool = xcalloc(2 * LANG_CPS, sizeof(*pool));
	size_t i;
	float *w;

	d->writes = pool;	/* kept: lang_points() counts by it */
	d->langw = xmalloc(2 * NROW * LANG_CPS * sizeof(*d->langw));
	for (i = 0; i < NROW * LANG_CPS; i++) {
		d->langw[i] = -3;
		d->langw[NROW * LANG_CPS + i] = -2;
	}
	for (i = 0; i < nlang_letters; i++) {
		const struct lang_letter *l = &lang_letters[i];
		int k = lang_index(l->cp);

		if (k < 0)
			continue;
		w = &d->langw[l->lang * LANG_CPS + k];
		*w = clip(0.6 * log(l->per / 100.0), -2, 2.5);
		if (l->per >= 10)
			pool_use(pool, l->lang, l->cp);
		if (l->alone > 0) {
			w[NROW * LANG_CPS] = clip(0.6 * log(l->alone / 100.0),
			    -2, 2.5);
			if (l->alone >= 10)
				pool_use(pool + LANG_CPS, l->lang, l->cp);
		}
	}
	w = &d->langw[POOL * LANG_CPS];
	for (i = 0; i < LANG_CPS; i++) {
		w[i] = pool[i] ? 0.5 * log(popcount(pool[i])) : -1.5;
		w[NROW * LANG_CPS + i] = pool[LANG_CPS + i] ?
		    0.5 * log(popcount(pool[LANG_CPS + i])) : -1.5;
	}
}

static size_t
pair_hash(uint32_t key, size_t mask)
{
	return (key * 2654435761u >> 7) & mask;
}

/* The slot of the pair a, b in d's table, or -1. */
static long
pair_find(const struct detector *d, uint32_t a, uint32_t b)
{
	uint32_t key = a << 16 | b;
	size_t h = pair_hash(key, d->pairmask);

	if (a > 0xFFFF || b > 0xFFFF)
		return -1;
	while (d->pairkey[h] != 0) {
		if (d->pairkey[h] == key)
			return (long)h;
		h = (h + 1) & d->pairmask;
	}
	return -1;
}

/*
 * Fills d's table of letter pairs (langs.c): per language the points a
 * pair earns, about +1.5 for a common one, -1.5 for one the language
 * does not write. The pool knows no pairs (lang_points() adds nothing).
 */
static void
pairs_init(struct detector *d)
{
	size_t n = 1, i, k;

	while (n < 2 * nlang_pairs)
		n <<= 1;
	d->pairmask = n - 1;
	d->pairkey = xcalloc(n, sizeof(*d->pairkey));
	d->pairw = xmalloc(n * NLANG * sizeof(*d->pairw));
	for (i = 0; i < n * NLANG; i++)
		d->pairw[i] = -1.5;
	for (i = 0; i < nlang_pairs; i++) {
		const struct lang_pair *p = &lang_pairs[i];
		uint32_t key = (uint32_t)p->a << 16 | p->b;

		for (k = pair_hash(key, d->pairmask); d->pairkey[k] != 0 &&
		    d->pairkey[k] != key; k = (k + 1) & d->pairmask)
			;
		d->pairkey[k] = key;
		d->pairw[k * NLANG + p->lang] = clip(0.6 * log(p->per / 50.0),
		    -1.5, 1.5);
	}
}

/*
 * Fills d->bigw: per pair of ASCII letters (bigrams.c) and language, the
 * log of how much likelier the language makes it than all of them on
 * average do, within ±3 (a pair a language never writes is evidence, but
 * the tables of the smaller languages are not complete).
 */
static void
bigrams_init(struct detector *d)
{
	double *per = xcalloc(27 * 27 * NLANG, sizeof(*per));
	size_t i, l;

	for (i = 0; i < nlang_bigrams; i++) {
		const struct lang_bigram *b = &lang_bigrams[i];

		per[(b->a * 27 + b->b) * NLANG + b->lang] = b->per;
	}
	d->bigw = xmalloc(27 * 27 * NLANG * sizeof(*d->bigw));
	for (i = 0; i < 27 * 27; i++) {
		double pool = 0;

		for (l = 0; l < NLANG; l++)
			pool += per[i * NLANG + l] / NLANG;
		for (l = 0; l < NLANG; l++)
			d->bigw[i * NLANG + l] = clip(log((per[i * NLANG + l] +
			    5) / (pool + 5)), -3, 3);
	}
	free(per);
}

void
lang_init(struct detector *d)
{
	if (d->langw != NULL)
		return;
	letters_init(d);
	pairs_init(d);
	bigrams_init(d);
}

/*
 * Lower case, and ' ' for what is not a letter (a word's edge); s and t
 * with a comma below as with a cedilla (gen-langs.py).
 */
static uint32_t
pair_letter(uint32_t cp)
{
	if (!is_letter(cp))
		return ' ';
	cp = cp == 0x130 ? 'i' : (uint32_t)utf8proc_tolower(cp);
	return cp == 0x219 ? 0x15F : cp == 0x21B ? 0x163 : cp;
}

void
lang_points(const struct detector *d, const uint32_t *c, size_t n,
    size_t i, struct langacc *acc)
{
	double *lang = acc->pts;
	int lp = i > 0 && is_letter(c[i - 1]);
	int ln = i + 1 < n && is_letter(c[i + 1]);
	int k = lang_index(c[i]);
	const float *lw = d->langw + (!lp && !ln ? NROW * LANG_CPS : 0);
	uint32_t x, p, q;
	long s1, s2;
	size_t l;

	for (l = 0; l < NROW; l++)
		lang[l] += k < 0 ? -3 : lw[l * LANG_CPS + k];
	acc->n++;
	if (k >= 0)
		acc->count[k]++;
	/* Alone, its own table says it all. */
	if (!lp && !ln)
		return;
	x = pair_letter(c[i]);
	p = i > 0 ? pair_letter(c[i - 1]) : ' ';
	q = i + 1 < n ? pair_letter(c[i + 1]) : ' ';
	s1 = pair_find(d, p, x);
	s2 = pair_find(d, x, q);
	for (l = 0; l < NLANG; l++)
		lang[l] += (s1 < 0 ? -1.5 : d->pairw[s1 * NLANG + l]) +
		    (s2 < 0 ? -1.5 : d->pairw[s2 * NLANG + l]);
}

void
lang_ascii(struct detector *d, const unsigned char *s, size_t n)
{
	uint32_t cnt[27 * 27] = { 0 };
	size_t i, l;
	int prev = 0, x, tag = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == '<')
			tag = 1;
		if (tag) {
			tag = s[i] != '>';
			x = 0;
		} else if (s[i] >= 0x80)
			x = -1;	/* what it is depends on the decoding */
		else
			x = (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z' ?
			    (s[i] | 0x20) - 'a' + 1 : 0;
		if (prev >= 0 && x >= 0 && (prev | x) != 0)
			cnt[prev * 27 + x]++;
		prev = x;
	}
	d->ascpairs = 0;
	memset(d->asc, 0, sizeof(d->asc));
	lang_init(d);
	for (i = 0; i < 27 * 27; i++) {
		d->ascpairs += cnt[i];
		if (cnt[i] != 0)
			for (l = 0; l < NLANG; l++)
				d->asc[l] += cnt[i] * d->bigw[i * NLANG + l];
	}
}

/*
 * The language of the text is one of the tables' or one they lack. The
 * ASCII letter pairs, alike in every decoding, weigh each language of the
 * tables against the average of them all (d->asc). A language whose pairs
 * fall behind the best (or that average) by more than TAU a pair is not
 * the text's language: close languages differ by less (Italian and
 * Spanish, Danish and Norwegian, a text of foreign names), another
 * language by more (Albanian read as Lithuanian, 0.4). The fit is the
 * best of the points of the languages left and of the pool's: a decoding
 * whose letters fit a language the text is clearly not in earns what the
 * pool gives it, no more.
 */
double
lang_fit(const struct detector *d, const struct langacc *acc)
{
	const double *lang = acc->pts, *a = d->asc;
	double best = -INFINITY, top = 0;
	unsigned cover[NLANG] = { 0 }, most = 0, near = 0;
	unsigned npairs = d->ascpairs;
	uint32_t nearby = 0;
	size_t k, l;

	for (l = 0; l < NLANG; l++)
		if (a[l] > top)
			top = a[l];
	for (l = 0; l < NLANG; l++) {
		if (top - a[l] > TAU * npairs + 5)
			continue;	/* not the text's language */
		nearby |= (uint32_t)1 << l;
		if (lang[l] > best)
			best = lang[l];
	}
	for (k = 0; k < LANG_CPS; k++) {
		if (acc->count[k] == 0)
			continue;
		for (l = 0; l < NLANG; l++)
			cover[l] += d->writes[k] >> l & 1 ? acc->count[k] : 0;
		near += d->writes[k] & nearby ? acc->count[k] : 0;
	}
	for (l = 0; l < NLANG; l++)
		if (cover[l] > most)
			most = cover[l];
	/*
	 * The letters of a language the tables lack are still one
	 * alphabet: each letter that the language writing most of them
	 * does not write costs a point; each that a language near the
	 * text's (by its ASCII pairs) writes earns NEAR (Faroese æ and ø
	 * are Danish, not Czech ř and ć).
	 */
	if (lang[POOL] - (double)(acc->n - most) + NEAR * near > best)
		best = lang[POOL] - (double)(acc->n - most) + NEAR * near;
	return best;
}
