/*
 * dedup.h: what the files of rinse-dedup share: the state of a run
 * (struct dedup), the records of a document, the verdicts, and the
 * functions each file offers the others.
 *
 *   dedup.c      the duplicate policy (the verdicts), options, main()
 *   norm.c       the normalizer: a paragraph to its fingerprints (norm.h)
 *   norm_avx2.c  its vector kernel; scan.h, the loop both builds share
 *   passage.c    sentence runs to cut, shingle containment, the filter
 *   filter.h     the Bloom filter's bit tests
 *   output.c     staged output, --explain, the store's claims
 *   dropped.c    the why-dropped log (--explain-log)
 *   table.c      the fingerprint tables and the memory budget (table.h)
 *   store.c      the persistent store of -s (store.h)
 */
#ifndef DEDUP_H
#define DEDUP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rinse/util.h>
#include <rinse/whylog.h>

struct reader;

#include "store.h"
#include "table.h"

#define DEF_MINLEN	12	/* -m: columns; Hangul and CJK count two */
#define DEF_PASSAGE	50	/* -P: columns of a run of sentences worth
				   a cut */
#define DEF_THRESH	0.9	/* -t: shingle containment of a near-dup */
#define SHINGLE		7	/* characters in a shingle */
#define SAMPLE_SHIFT	61	/* sampled: keep when hash >> 61 == 0, 1/8 */
#define FULL_SHINGLES	((size_t)1 << 18)	/* then sample: see the top */
#define PIECE_MIN	6	/* shingles: a piece of earlier text covered()
				   takes (12 characters) */
#define NEAR_MIN	100	/* columns: shorter, no near-dup verdict */
#define BITS_MIN	((size_t)1 << 16)
#define HPOWS		256	/* sentence lengths with HMUL^len in a table */

#define HMUL	0x9E3779B97F4A7C15ULL

/* The per-character step must be inlined to be fast; ask where we can. */
#if defined(__GNUC__)
#define HOT inline __attribute__((always_inline))
#define COLD __attribute__((noinline))
#else
#define HOT inline
#define COLD
#endif

/*
 * Verdicts. V_PASSAGE is no paragraph's: a run of sentences cut out of
 * the V_CUT paragraph staged after it (for --explain and the log).
 */
enum { V_KEEP, V_SHORT, V_EMPTY, V_DUP, V_NEAR, V_CUT, V_CROSS, V_STORED,
    V_PASSAGE };

/* A sentence of the current paragraph: bytes [start, end) of the line. */
struct sent {
	size_t start, end;
	uint64_t h;
	unsigned w;		/* columns of letters and digits */
	size_t sh0, sh1;	/* its shingles in shl */
	unsigned samples, hits;	/* shingles ending in it; hits among those
				   not in shl (dedup_line counts the rest) */
	int64_t of;		/* ordinal it was seen in, or -1 */
	int64_t hitof;		/* ordinal of a shingle found, or -1 */
	int cut;
};

/* A paragraph of the document: its fingerprint and line. */
struct para {
	uint64_t h;
	unsigned long line;
};

/* A fingerprint to claim in the store, and its record. */
struct claim {
	uint64_t key;
	size_t rec;
};

/* A staged output record (for --explain and -s). */
struct rec {
	uint64_t key;		/* fingerprint to claim in the store, or 0 */
	size_t off, len;	/* its text in dedup.text */
	unsigned long line, of;
	double sim;
	int verdict;
	int blank;
};

/*
 * A cache entry of what a character outside the fast paths folds to:
 * at most FOLD_MAX characters, bit i of wide set when c[i] is two
 * columns. A longer fold is never cached.
 */
#define FOLD_SLOTS	512	/* direct-mapped by the low bits */
#define FOLD_MAX	4
struct fold {
	uint32_t cp;		/* 0 when empty: U+0000 is never folded */
	uint8_t n, wide;
	uint32_t c[FOLD_MAX];
};

struct longfold {
	unsigned n;
	uint32_t wide;
	uint32_t c[32];
};

struct norm;
struct normvec;

struct dedup {
	unsigned char *fix;	/* a line with invalid UTF-8, repaired */
	size_t capfix;
	unsigned long long invalid;	/* U+FFFD substitutions */

	/* Options. */
	unsigned minlen, passage;
	double thresh;
	int cross, explain;
	struct whylog wl;	/* --explain-log: what was removed, and why */
	int shingling;		/* shingles count: near-duplicates can be
				   found, or --explain shows containment */
	struct store *store;

	/* Memory budget shared by all tables, the filter and shl. */
	struct budget b;

	/* The document. */
	struct table paras, sents;
	struct table shingles;	/* a sample (1/16), to name a source */
	uint64_t *bits;		/* Bloom filter of the shingles (2 bits) */
	size_t nbits;		/* a power of two, at least 32 a shingle */
	uint64_t *shl;		/* every shingle hash, to refill the filter */
	size_t nsh, capsh, shdone;	/* shl[shdone..nsh): this paragraph's */
	uint64_t *loc;		/* a filter of them, for mark_covered() */
	size_t caploc;
	size_t setfrom, setto;	/* shl[setfrom..setto): shingles whose bits
				   bits_add() left to bits_flush() */
	int dirty;		/* the filter has bits set */
	struct para *plist;
	size_t npl, capl;
	unsigned long line;	/* lines read in this document */
	unsigned long long doc;	/* documents started */
	int64_t prevorig;	/* ordinal the previous paragraph repeated */
	int sampled;		/* shingles are sampled from now on */

	/* The run, for -x. */
	struct table run;

	/* The current paragraph. */
	struct norm *z;		/* its normalization */
	uint64_t hpow[HPOWS];	/* HMUL^i, for sentence hashes */
	struct fold fold[FOLD_SLOTS];
	struct longfold lfold;
	struct sent *sl;
	size_t nsl, capsl;
	struct sent *rsl;	/* lent to normalize() for a residue */
	size_t caprsl;
	unsigned char *res;	/* a cut paragraph's residue: residue() */
	size_t nres, capres;
	size_t *skip;		/* byte ranges to ignore: e-mails, credits */
	size_t nskip, capskip;
	const struct normvec *vec;	/* the normalizer's kernels */

	/* Staged output. */
	struct rec *recs;
	size_t nrecs, caprecs;
	struct claim *claims, *ctmp;	/* ctmp: for sorting them */
	size_t capclaims, capctmp;
	uint64_t *keys;		/* their keys, sorted */
	unsigned char *seen;	/* and whether the store had them */
	size_t capkeys, capseen;
	unsigned char *text;
	size_t ntext, captext;

	/* Counts for -v. */
	unsigned long long bytes_out, paras_in, paras_out, dup, near, cut,
	    xdup, stored, shortkept;
	unsigned long long expired;	/* by --expire */
};

/* 64-bit finalizer (from splitmix64): spreads every input bit. */
static inline uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBULL;
	x ^= x >> 31;
	return x ? x : 1;
}

/* passage.c */
void bits_add(struct dedup *d, int seen);
void bits_flush(struct dedup *d);
void shl_room(struct dedup *d, size_t n);
void mark_covered(struct dedup *d, uint32_t ord);
unsigned long mark_cuts(struct dedup *d, int64_t *of, int after);
unsigned count_hits(struct dedup *d, unsigned samples, int near);
void residue_text(struct dedup *d, const unsigned char *s, size_t n);

/*
 * dropped.c: the log's WHY of a verdict whose source is line (or
 * document) of, into why (nb bytes): its length, 0 for a kept one;
 * dedup_whylog() logs s[0..n) if the verdict removes it; dedup_cutlog()
 * the runs of sentences cut out of s (a V_CUT paragraph, its sentences
 * in d->sl).
 */
size_t dedup_why(int verdict, unsigned long of, char *why, size_t nb);
void dedup_whylog(struct dedup *d, const unsigned char *s, size_t n,
    int verdict, unsigned long of);
void dedup_cutlog(struct dedup *d, const unsigned char *s,
    unsigned long of);

/* output.c */
void emit(struct dedup *d, FILE *out, const unsigned char *s, size_t n,
    int verdict, unsigned long of, double sim, uint64_t key);
void flush_recs(struct dedup *d, FILE *out);
void claim_doc(struct dedup *d);

/* dedup.c */
void dedup_init(struct dedup *d, size_t max);
int dedup_doc(void *state, struct reader *in, FILE *out);
void dedup_free(struct dedup *d);

#endif
