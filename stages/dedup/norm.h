/*
 * norm.h: the normalizer of rinse-dedup. normalize() reads a paragraph
 * once: NFKC and case folding, everything but letters, marks and digits
 * ignored (and the spans find_skips() sets aside: e-mail addresses,
 * bracketed credits), and hashes it on the way into its fingerprint,
 * its sentences (d->sl, each looked up in the sentence table) and its
 * 7-character shingles (d->shl, one in sixteen also in the sample table).
 *
 * The byte loop is a kernel (struct normvec): portable in norm.c, AVX2
 * with BMI1 and BMI2 in norm_avx2.c, chosen once by norm_kernels() from
 * the processor's features (stages/lib/simd.c). Both give the same
 * hashes bit for bit; tests/sh/all-simd.sh compares them.
 */
#ifndef DEDUP_NORM_H
#define DEDUP_NORM_H

#include <stddef.h>
#include <stdint.h>

#include <rinse/simd.h>

#include "dedup.h"

/*
 * The state of one paragraph's normalization. Everything is derived from
 * one polynomial prefix hash P (P' = (P + c + 1) * HMUL over the
 * normalized characters), so each character costs two multiplies: the
 * hash of any stretch [a, b) is P_b - P_a * HMUL^(b-a), which gives the
 * shingles, the sentences, and the paragraph (P at its end) without
 * hashing anything twice.
 *
 * The character loop of normalize() keeps P, its columns and its place
 * in pb in registers of its own (struct acc) and only appends each P to
 * pb; the shingles of what pb holds are made in a loop of their own
 * (make_shingles()) at each sentence end and when pb is full. Two small
 * loops instead of one big one: the big one ran out of registers.
 */
#define PBUF	1024	/* prefix hashes held before their shingles are made */
#define KW	(HMUL * HMUL * HMUL * HMUL * HMUL * HMUL * HMUL) /* ^SHINGLE */

struct norm {
	struct dedup *d;
	const unsigned char *s;	/* the line */
	size_t n;
	uint64_t sp;		/* prefix hash where the sentence started */
	unsigned long nbase;	/* characters before the one in pb[SHINGLE] */
	unsigned long snc;	/* characters where the sentence started */
	unsigned long spw;	/* columns where the sentence started */
	size_t sstart;		/* byte where the sentence started */
	size_t ssh;		/* shl index where its shingles start */
	unsigned sout, shits;	/* its shingles that did not fit in shl,
				   looked up at once, and their hits */
	int64_t shitof;		/* ordinal of the last sample found */
	uint32_t ord;		/* the paragraph's ordinal */
	int on;			/* shingles are wanted at all */
	unsigned smask;		/* 7 when sampled: see make_shingles() */
	size_t from;		/* first entry of pb without its shingle */
	/* Copies of d's filter and shingle list, for make_shingles(). */
	const uint64_t *bits;
	uint64_t mask;
	uint64_t *shl;
	size_t nsh, cap;
	/*
	 * pb[SHINGLE - 1 + k] is P after the k-th character since nbase;
	 * pb[SHINGLE - 1] is P_0 = 0 at the start of the paragraph.
	 */
	uint64_t pb[SHINGLE + PBUF];
	uint64_t cand[SHINGLE + PBUF];	/* samples: make_shingles() */
};

/*
 * The loop's registers: P, the next free entry of pb, columns. With the
 * norm and the two ends of the text that is six, as many as x86-64 keeps
 * across calls.
 */
struct acc {
	uint64_t p;
	uint64_t *pp;
	unsigned long pw;
};

/*
 * A block of 64 bytes of a line, decoded for scan(): bit j of a mask is
 * about the byte at j. fast marks the characters that only add
 * themselves (ASCII letters and digits, Hangul syllables, CJK
 * ideographs), c[j] their folded code point, wide those of two columns;
 * slow marks those that need a closer look (sentence ends, everything
 * else beyond ASCII). Spaces, ASCII punctuation and the continuation
 * bytes of characters are in neither: a third of Korean text is
 * continuation bytes and a fifth spaces.
 */
#define BLK	64
#define BLKPAD	(BLK + 2)	/* bytes read: c[] looks two bytes on */
struct blk {
	uint64_t fast, slow, wide;
	uint16_t c[BLK];
};

/* The kernels: see scan.h, has_skip_byte_c() and filter.h. */
typedef void normscan(struct norm *z, struct acc *a, size_t from, size_t to);
struct normvec {
	normscan *scan;		/* takes the characters of [from, to) */
	int (*has_skip_byte)(const unsigned char *s, size_t n);
	void (*bits_set)(uint64_t *bits, uint64_t mask, const uint64_t *r,
	    size_t n);
};
extern const struct normvec norm_c;
#if RINSE_AVX2
extern const struct normvec norm_avx2;
#endif
/* The kernels to use on this processor (RINSE_NO_SIMD: the portable). */
const struct normvec *norm_kernels(void);

/*
 * Normalizes line s[0..n), valid UTF-8, of ordinal ord: fills d->sl with
 * its sentences, adds its shingles to d->shl (and one in sixteen to the
 * sample table), and returns the paragraph fingerprint; *w gets its
 * columns (Hangul and CJK count two).
 */
uint64_t normalize(struct dedup *d, struct norm *z, const unsigned char *s,
    size_t n, uint32_t ord, unsigned long *w);

/* For the kernels (scan.h): the general paths of norm.c. */
void sample(struct norm *z, uint64_t roll);
void make_shingles(struct norm *z, size_t nb);
uint64_t *pb_shift(struct norm *z, uint64_t *pp);
struct acc takec_slow(struct norm *z, struct acc r, size_t i);

/* The index of the lowest set bit of m, not 0. */
static inline unsigned
ctz64(uint64_t m)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(m);
#else
	unsigned i = 0;

	while (!(m & 1)) {
		m >>= 1;
		i++;
	}
	return i;
#endif
}

/*
 * Hashes the n characters of k at the bits of *f into pb at *pp: the
 * loop for characters whose shingles are made later, by make_shingles().
 */
static inline __attribute__((always_inline)) uint64_t
hash_run(const struct blk *k, uint64_t p, uint64_t **pp, uint64_t *f,
    unsigned n)
{
	uint64_t *q = *pp, g = *f;

	for (; n > 0; n--) {
		p = (p + k->c[ctz64(g)] + 1) * HMUL;
		*q++ = p;
		g &= g - 1;
	}
	*pp = q;
	*f = g;
	return p;
}

#endif
