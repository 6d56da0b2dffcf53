/*
 * norm.c: the normalizer of rinse-dedup, portable (see norm.h for the
 * contract): NFKC and case folding of a paragraph, with everything but
 * letters, marks and digits ignored, hashed in one pass into its
 * fingerprint, its sentences and its shingles. The byte loop itself is
 * scan.h, built here with block_c() and in norm_avx2.c with the vector
 * decoder; this file holds what both builds call: the shingles, the
 * sentence ends, the folding of rare characters, the skipped spans.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/simd.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "dedup.h"
#include "filter.h"
#include "norm.h"

/*
 * What an ASCII byte is to the normalizer: 0 ignored (space, punctuation,
 * symbols, controls), 1 a sentence end, else the folded character.
 */
static const unsigned char asciinorm[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4',
	['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8', ['9'] = '9',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e',
	['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i', ['J'] = 'j',
	['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n', ['O'] = 'o',
	['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't',
	['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y',
	['Z'] = 'z',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e',
	['f'] = 'f', ['g'] = 'g', ['h'] = 'h', ['i'] = 'i', ['j'] = 'j',
	['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n', ['o'] = 'o',
	['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't',
	['u'] = 'u', ['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y',
	['z'] = 'z',
	['.'] = 1, ['!'] = 1, ['?'] = 1
};

static int
isalnum_ascii(unsigned c)
{
	return c < 128 && asciinorm[c] > 1;
}

static uint64_t
hpow(unsigned long e)
{
	uint64_t r = 1, b = HMUL;

	for (; e; e >>= 1, b *= b)
		if (e & 1)
			r *= b;
	return r;
}

/* A shingle that does not fit in shl: looked up at once. */
static void
unstored(struct norm *z, uint64_t roll)
{
	z->sout++;
	z->shits += bits_test(z->bits, z->mask, roll);
}

/*
 * A sample (one shingle in sixteen): its fingerprint goes into the table
 * with the paragraph's ordinal, unless an earlier paragraph put it there.
 */
COLD void
sample(struct norm *z, uint64_t roll)
{
	uint32_t fp = (uint32_t)(roll >> 32);
	int64_t o;

	fp += fp == 0;
	o = sh_addget(&z->d->b, &z->d->shingles, fp, z->ord);
	if (o >= 0 && (uint32_t)o != z->ord)
		z->shitof = o;
}

/*
 * Makes the shingles of the characters in pb[z->from, nb): the hashes of
 * the SHINGLE characters ending in each. Each goes into shl, where
 * dedup_line() looks it up in the filter if the verdict can depend on it
 * (a repeat or a short paragraph needs no containment); one that does
 * not fit (at the memory cap) is looked up now. One in sixteen also goes
 * into the table that names where a near-duplicate came from.
 */
void
make_shingles(struct norm *z, size_t nb)
{
	const uint64_t *p = z->pb + z->from, *end = z->pb + nb;
	uint64_t *sh = z->shl + z->nsh, *shend = z->shl + z->cap, roll;
	unsigned smask = z->smask, keep;

	/* The first SHINGLE - 1 characters of a paragraph end none. */
	if (z->nbase == 0 && p < z->pb + 2 * SHINGLE - 1)
		p = z->pb + 2 * SHINGLE - 1;
	if (smask == 0 && p < end && end - p <= shend - sh) {
		/*
		 * Every shingle is kept, and there is room: the usual case.
		 * The samples are taken after the loop, in order: a branch
		 * on a one-in-sixteen hash bit was mispredicted at each.
		 */
		size_t nc = 0, i;

		for (; p < end; p++) {
			roll = p[0] - p[-SHINGLE] * KW;
			*sh++ = roll;
			z->cand[nc] = roll;
			nc += roll >> 60 == 0;
		}
		for (i = 0; i < nc; i++)
			sample(z, z->cand[i]);
	}
	for (; p < end; p++) {
		roll = p[0] - p[-SHINGLE] * KW;
		/*
		 * Sampled, one in eight is kept. The high half of a
		 * polynomial hash depends on every bit of the window; the
		 * low half does not, so only the high half is used.
		 */
		keep = (roll >> SAMPLE_SHIFT & smask) == 0;
		if (sh < shend) {
			*sh = roll;
			sh += keep;
		} else if (keep)
			unstored(z, roll);
		if (roll >> 60 == 0)
			sample(z, roll);
	}
	z->nsh = (size_t)(sh - z->shl);
	z->from = nb;
}

/*
 * Makes the shingles of pb up to pp, which holds at least 2 * SHINGLE - 1
 * entries, and keeps the last SHINGLE entries: returns where the next
 * goes.
 */
uint64_t *
pb_shift(struct norm *z, uint64_t *pp)
{
	size_t nb = (size_t)(pp - z->pb);

	if (z->on)
		make_shingles(z, nb);
	memmove(z->pb, z->pb + nb - SHINGLE, SHINGLE * sizeof(*z->pb));
	z->nbase += nb - SHINGLE;
	z->from = SHINGLE;
	return z->pb + SHINGLE;
}

/*
 * Adds folded character c of w columns. pb may be full: scan() fills it
 * to the end and leaves the shift to whoever adds next.
 */
static HOT void
addc(struct norm *z, struct acc *a, uint32_t c, unsigned w)
{
	if (a->pp == z->pb + SHINGLE + PBUF)
		a->pp = pb_shift(z, a->pp);
	a->p = (a->p + c + 1) * HMUL;
	a->pw += w;
	*a->pp++ = a->p;
}

/* Ends the current sentence at byte end, if it has any letter or digit. */
static void
endsent(struct norm *z, struct acc a, size_t end)
{
	struct dedup *d = z->d;
	struct sent *s;
	size_t nb = (size_t)(a.pp - z->pb);
	unsigned long nc = z->nbase + (nb - SHINGLE), len = nc - z->snc;

	if (a.pw == z->spw)
		return;
	if (z->on)
		make_shingles(z, nb);
	if (d->nsl == d->capsl)
		d->sl = xgrow(d->sl, &d->capsl, d->nsl + 1, sizeof(*d->sl));
	s = &d->sl[d->nsl++];
	s->start = z->sstart;
	s->end = end;
	s->w = (unsigned)(a.pw - z->spw);
	s->sh0 = z->ssh;
	s->sh1 = z->nsh;
	s->samples = (unsigned)(z->nsh - z->ssh) + z->sout;
	s->hits = z->shits;
	s->hitof = z->shitof;
	s->cut = 0;
	s->h = mix((a.p - z->sp * (len < HPOWS ? d->hpow[len] : hpow(len))) ^
	    len);
	/* Seen in an earlier paragraph, or earlier in this one. */
	s->of = tab_add(&d->b, &d->sents, s->h, z->ord);
	z->sstart = end;
	z->sp = a.p;
	z->snc = nc;
	z->spw = a.pw;
	z->ssh = z->nsh;
	z->sout = z->shits = 0;
	z->shitof = -1;
}

/*
 * Fills the cache entry f with what cp folds to: NFKC and case folding,
 * keeping letters, marks and digits. Returns 0 for a fold of more than
 * FOLD_MAX characters (U+FDFA has 18): it is not cached but left in
 * d->lfold.
 */
static int
fold_fill(struct dedup *d, struct fold *f, uint32_t cp)
{
	utf8proc_int32_t buf[32];
	utf8proc_ssize_t n, j;
	struct longfold *t = &d->lfold;
	int bc = 0;

	n = utf8proc_decompose_char((utf8proc_int32_t)cp, buf, 32,
	    UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD, &bc);
	if (n < 0 || n > 32) {
		buf[0] = (utf8proc_int32_t)cp;
		n = 1;
	}
	t->n = 0;
	t->wide = 0;
	for (j = 0; j < n; j++) {
		switch (utf8proc_category(buf[j])) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
		case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
		case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL:
		case UTF8PROC_CATEGORY_NO:
			if (utf8proc_charwidth(buf[j]) == 2)
				t->wide |= (uint32_t)1 << t->n;
			t->c[t->n++] = (uint32_t)buf[j];
			break;
		default:
			break;
		}
	}
	if (t->n > FOLD_MAX)
		return 0;
	f->cp = cp;
	f->n = (uint8_t)t->n;
	f->wide = (uint8_t)t->wide;
	memcpy(f->c, t->c, t->n * sizeof(*f->c));
	return 1;
}

/*
 * A character outside the fast paths, cp ending at byte end: a sentence
 * end, or one to fold (compatibility forms, case, marks) through a
 * cache: utf8proc costs hundreds of instructions a character, and a text
 * that has such characters has the same few many times.
 */
static HOT void
slowcp(struct norm *z, struct acc *a, uint32_t cp, size_t end)
{
	struct dedup *d = z->d;
	struct fold *f;
	const uint32_t *c;
	unsigned j, n, wide;

	if (cp == 0x3002 || cp == 0xFF0E || cp == 0xFF01 || cp == 0xFF1F ||
	    cp == 0xFF61 || cp == 0x203C || (cp >= 0x2047 && cp <= 0x2049)) {
		endsent(z, *a, end);
		return;
	}
	/* General punctuation (spaces, dashes, quotes) and U+FFFD. */
	if ((cp >= 0x2000 && cp <= 0x206F) || cp == 0xFFFD)
		return;
	f = &d->fold[cp & (FOLD_SLOTS - 1)];
	if (f->cp != cp && !fold_fill(d, f, cp)) {
		c = d->lfold.c;
		n = d->lfold.n;
		wide = d->lfold.wide;
	} else {
		c = f->c;
		n = f->n;
		wide = f->wide;
	}
	for (j = 0; j < n; j++)
		addc(z, a, c[j], (wide >> j & 1) + 1);
}

/*
 * Whether s[0..n) has a byte that a skipped span needs: most lines have
 * none, and one pass over them is all they cost.
 */
static int
has_skip_byte_c(const unsigned char *s, size_t n)
{
	return memchr(s, '@', n) != NULL || memchr(s, '=', n) != NULL ||
	    memchr(s, ']', n) != NULL;
}

/*
 * Finds the spans of a line that must not count: e-mail addresses, the
 * "[email protected]" of mail-protecting pages, and short bracketed
 * credits with '=' ("[사진=...]", "(서울=...)"). They are stored as
 * sorted, disjoint [start, end) pairs in d->skip.
 */
static void
find_skips(struct dedup *d, const unsigned char *s, size_t n)
{
	static const char prot[] = "[email\xC2\xA0protected]";
	static const char prot2[] = "[email protected]";
	const unsigned char *p;
	size_t a, b, i, e, k;
	int dot;

	d->nskip = 0;
	if (!d->vec->has_skip_byte(s, n))
		return;
	for (i = 0; i < n; i++) {
		a = b = 0;
		if (s[i] == '@' && i > 0) {
			for (a = i; a > 0 && (isalnum_ascii(s[a - 1]) ||
			    strchr("._%+-", s[a - 1])) && s[a - 1]; a--)
				;
			dot = 0;
			for (b = i + 1; b < n && (isalnum_ascii(s[b]) ||
			    s[b] == '.' || s[b] == '-'); b++)
				if (s[b] == '.')
					dot = 1;
			while (b > i + 1 && s[b - 1] == '.')
				b--;
			if (a == i || b == i + 1 || !dot)
				continue;
		} else if (s[i] == '[' && ((k = sizeof(prot2) - 1, n - i >= k &&
		    memcmp(s + i, prot2, k) == 0) || (k = sizeof(prot) - 1,
		    n - i >= k && memcmp(s + i, prot, k) == 0))) {
			a = i;
			b = i + k;
		} else if (s[i] == '[' || s[i] == '(') {
			unsigned char close = s[i] == '[' ? ']' : ')';

			e = i + 1 + 80 < n ? i + 1 + 80 : n;
			p = memchr(s + i + 1, close, e - i - 1);
			if (p == NULL || memchr(s + i + 1, '=', (size_t)(p -
			    s) - i - 1) == NULL)
				continue;
			a = i;
			b = (size_t)(p - s) + 1;
		} else
			continue;
		/* Spans are found left to right; merge an overlap. */
		if (d->nskip > 0 && a < d->skip[d->nskip - 1]) {
			if (b > d->skip[d->nskip - 1])
				d->skip[d->nskip - 1] = b;
		} else {
			d->skip = xgrow(d->skip, &d->capskip, d->nskip + 2,
			    sizeof(*d->skip));
			d->skip[d->nskip++] = a;
			d->skip[d->nskip++] = b;
		}
		i = b - 1;
	}
}

/*
 * Whether the '.' before s[i] is inside "3.5" or "example.com", between
 * a letter or digit and a lowercase letter or digit: it ends nothing.
 */
static inline int
inner_dot(const unsigned char *s, size_t n, size_t i)
{
	return s[i - 1] == '.' && i >= 2 && i < n &&
	    isalnum_ascii(s[i - 2]) && isalnum_ascii(s[i]) &&
	    !(s[i] >= 'A' && s[i] <= 'Z');
}

/* The character of three bytes at q. */
static uint32_t
decode3(const unsigned char *q)
{
	return (q[0] & 0x0Fu) << 12 | (q[1] & 0x3Fu) << 6 | (q[2] & 0x3Fu);
}


/* Hangul syllables and CJK ideographs: two columns, folded as they are. */
static int
is_wide(uint32_t cp)
{
	return cp - 0xAC00 <= 0xD7A3 - 0xAC00 || cp - 0x4E00 <= 0x9FFF - 0x4E00;
}

/* block() without vectors; p has BLKPAD bytes. */
static void
block_c(const unsigned char *p, struct blk *k)
{
	unsigned j, b, v;
	uint32_t cp;

	k->fast = k->slow = k->wide = 0;
	for (j = 0; j < BLK; j++) {
		b = p[j];
		if (b < 0x80) {
			v = asciinorm[b];
			if (v > 1) {
				k->fast |= (uint64_t)1 << j;
				k->c[j] = (uint16_t)v;
			} else if (v == 1)
				k->slow |= (uint64_t)1 << j;
			continue;
		}
		if (b < 0xC0)
			continue;
		cp = decode3(p + j);
		if ((b & 0xF0) == 0xE0 && is_wide(cp)) {
			k->fast |= (uint64_t)1 << j;
			k->wide |= (uint64_t)1 << j;
			k->c[j] = (uint16_t)cp;
		} else
			k->slow |= (uint64_t)1 << j;
	}
}

/*
 * A character that scan() leaves to the general path, at byte i: a
 * sentence end, or one to fold. The registers go in and come back by
 * value, so that the loop keeps them in registers.
 */
COLD struct acc
takec_slow(struct norm *z, struct acc r, size_t i)
{
	const unsigned char *s = z->s;
	uint32_t cp;
	size_t len;

	if (s[i] < 0x80) {
		if (!inner_dot(s, z->n, i + 1))
			endsent(z, r, i + 1);
		return r;
	}
	len = utf8_decode(s + i, z->n - i, &cp);
	if (cp == UTF8_INVALID)
		cp = 0xFFFD;
	slowcp(z, &r, cp, i + len);
	return r;
}

/* The number of bits set in m. */
static unsigned
popcount64(uint64_t m)
{
#if defined(__GNUC__) && defined(__POPCNT__)
	return (unsigned)__builtin_popcountll(m);
#else
	m -= m >> 1 & 0x5555555555555555ULL;
	m = (m & 0x3333333333333333ULL) + (m >> 2 & 0x3333333333333333ULL);
	m = (m + (m >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (unsigned)(m * 0x0101010101010101ULL >> 56);
#endif
}

/* The portable kernels: scan.h's loop over block_c(), and the rest. */
#define SCAN_BLOCK	block_c
#define SCAN_POPCOUNT	popcount64
#define SCAN_NAME	scan_c
#include "scan.h"

/* bits_set() as a kernel. */
static void
bits_set_c(uint64_t *bits, uint64_t mask, const uint64_t *r, size_t n)
{
	bits_set(bits, mask, r, n);
}

const struct normvec norm_c = { scan_c, has_skip_byte_c, bits_set_c };

/* Called once, by dedup_init(): the one choice (include/rinse/simd.h). */
const struct normvec *
norm_kernels(void)
{
#if RINSE_AVX2
	if (simd_avx2())
		return &norm_avx2;
#endif
	return &norm_c;
}

/*
 * Normalizes line s[0..n), valid UTF-8, of ordinal ord: NFKC and case
 * folding, with everything but letters, marks and digits (and the
 * skipped spans) ignored. Fills d->sl with its sentences, adds its
 * shingles to shl (and one in sixteen to the sample table), and returns
 * the paragraph fingerprint; *w gets its columns.
 */
uint64_t
normalize(struct dedup *d, struct norm *z, const unsigned char *s,
    size_t n, uint32_t ord, unsigned long *w)
{
	struct acc a;
	size_t sk, from = 0;

	memset(z, 0, offsetof(struct norm, pb));
	z->d = d;
	z->s = s;
	z->n = n;
	z->pb[SHINGLE - 1] = 0;
	z->from = SHINGLE;
	z->shitof = -1;
	z->ord = ord;
	z->on = d->shingling;
	d->nsl = 0;
	if (z->on)
		shl_room(d, n);
	z->smask = d->sampled ? 7 : 0;
	z->cap = d->capsh;
	z->bits = d->bits;
	z->mask = d->nbits - 1;
	z->shl = d->shl;
	z->nsh = z->ssh = d->nsh;
	a.p = 0;
	a.pp = z->pb + SHINGLE;
	a.pw = 0;
	find_skips(d, s, n);
	/* Up to each skipped span, then past it. */
	for (sk = 0; sk < d->nskip; sk += 2) {
		d->vec->scan(z, &a, from, d->skip[sk]);
		from = d->skip[sk + 1];
	}
	d->vec->scan(z, &a, from, n);
	d = z->d;	/* not held in a register through the loop */
	endsent(z, a, n);
	/* Trailing quotes or brackets belong to the last sentence. */
	if (d->nsl > 0)
		d->sl[d->nsl - 1].end = n;
	d->nsh = z->nsh;
	*w = a.pw;
	return mix(a.p ^ (z->nbase + (size_t)(a.pp - z->pb) - SHINGLE));
}
