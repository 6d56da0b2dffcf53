/*
 * rinse-dedup: drops repeated paragraphs and cuts repeated passages out of
 * paragraphs, within each document; with -x also across the documents of
 * one run, with -s also across runs through a persistent store.
 *
 * Every paragraph (line) is normalized once, in one pass that also hashes
 * it: the whole paragraph, each sentence, and each of its character
 * 7-grams ("shingles"). The shingles are looked up in the earlier text
 * only for a paragraph that reaches verdict 4, and only until the
 * threshold is out of reach. The verdicts, in order:
 *
 *   1. Fewer than -m letters and digits: kept, unless it continues a run
 *      of dropped paragraphs in the same order as their originals (a whole
 *      article pasted twice repeats its short lines too).
 *   2. Its normalized form was seen: dropped (within the document; with -x
 *      in an earlier document; with -s in the store).
 *   3. A run of sentences seen earlier in the document, two or more of
 *      at least -P/2 columns together or one of -P, is cut out; if
 *      nothing is left, it is dropped.
 *   4. What is left, if 100 columns or more, has at least -t of its
 *      shingles in the earlier text of the document: dropped.
 *
 * Memory: the fingerprint tables of one document (reset at each document)
 * and, for -x, of the whole run; all of them together are capped by -M.
 * Shingles go into a Bloom filter sized to the document. Every shingle
 * is kept until a document has FULL_SHINGLES of them, so that the
 * containment of a paragraph is measured on all of its shingles; after
 * that only one in eight (chosen by hash, so the same text picks the same
 * ones), which keeps a very long document within cache and still finds
 * the earlier full set a superset of what it looks up.
 */
/* For madvise(2) and MAP_ANONYMOUS, where there are: see tmem(). */
#define _DEFAULT_SOURCE
#include <sys/mman.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include <rinse/reader.h>
#include <rinse/simd.h>
#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "store.h"

#if RINSE_AVX2
#include <immintrin.h>
#endif

#define DEF_MINLEN	12	/* -m: columns; Hangul and CJK count two */
#define DEF_PASSAGE	100	/* -P: columns of one sentence worth a cut */
#define DEF_THRESH	0.9	/* -t: shingle containment of a near-dup */
#define SHINGLE		7	/* characters in a shingle */
#define SAMPLE_SHIFT	61	/* sampled: keep when hash >> 61 == 0, 1/8 */
#define FULL_SHINGLES	((size_t)1 << 18)	/* then sample: see the top */
#define NEAR_MIN	100	/* columns: shorter, no near-dup verdict */
#define BITS_MIN	((size_t)1 << 16)
#define OUTBUF		((size_t)32 << 10)	/* stdout: a document flushes */
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
#define TMIN	64		/* table slots after a reset */

/* Verdicts. */
enum { V_KEEP, V_SHORT, V_EMPTY, V_DUP, V_NEAR, V_CUT, V_CROSS, V_STORED };

/*
 * An open-addressing hash table (linear probing, at most half full). A
 * slot is one 64-bit word, 0 when empty. Fingerprint tables (paragraphs,
 * sentences, -x) use two words a slot: the key, and the ordinal of the
 * paragraph it first came from. The shingle table (a 1-in-16 sample that
 * only names where a near-duplicate came from) packs both into one word:
 * a 32-bit fingerprint (never 0) above a 32-bit ordinal.
 * Growth is charged to the shared budget; a table that would exceed it is
 * marked full and keeps what it has.
 */
struct table {
	uint64_t *slot;
	size_t cap, n;		/* slots (a power of two), entries */
	int wide;		/* two words a slot */
	int full;		/* in this document, or for -x the run */
	int warned;		/* the message when full, once a run */
	const char *what;	/* for the message when full */
};

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

struct dedup {
	unsigned char *fix;	/* a line with invalid UTF-8, repaired */
	size_t capfix;
	unsigned long long invalid;	/* U+FFFD substitutions */

	/* Options. */
	unsigned minlen, passage;
	double thresh;
	int cross, explain;
	int shingling;		/* shingles count: near-duplicates can be
				   found, or --explain shows containment */
	struct store *store;

	/* Memory budget shared by all tables. */
	size_t mem, memmax;

	/* The document. */
	struct table paras, sents;
	struct table shingles;	/* a sample (1/16), to name a source */
	uint64_t *bits;		/* Bloom filter of the shingles (2 bits) */
	size_t nbits;		/* a power of two, at least 32 a shingle */
	uint64_t *shl;		/* every shingle hash, to refill the filter */
	size_t nsh, capsh, shdone;	/* shl[shdone..nsh): this paragraph's */
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
	int avx2;		/* the vector paths may run */
	int scanvec;		/* and scan_avx2(), which needs BMI too */

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
	    xdup, stored, shortkept, full;
};

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	*cap = c;
	return xrealloc(p, c * size);
}

/* 64-bit finalizer (from splitmix64): spreads every input bit. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBULL;
	x ^= x >> 31;
	return x ? x : 1;
}

/* Table. */

#define HUGE_MIN	((size_t)2 << 20)

/*
 * Zeroed memory for a table or the filter. A big one is probed at random,
 * and on 4K pages nearly every probe is a TLB miss on top of a cache miss
 * (in a virtual machine a walk of two page tables): one long document ran
 * twice as fast on huge pages. Where madvise() has no MADV_HUGEPAGE this
 * is calloc().
 */
static void *
tmem(size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_MIN) {
		void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		    MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("out of memory allocating %zu bytes", n);
		madvise(p, n, MADV_HUGEPAGE);
		return p;
	}
#endif
	return xcalloc(n, 1);
}

/* Frees p, of n bytes, from tmem(). */
static void
tfree(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_MIN) {
		munmap(p, n);
		return;
	}
#endif
	free(p);
}

static size_t
tab_bytes(const struct table *t, size_t cap)
{
	return cap * sizeof(uint64_t) * (t->wide ? 2 : 1);
}

static void
tab_alloc(struct dedup *d, struct table *t, size_t cap)
{
	t->slot = tmem(tab_bytes(t, cap));
	t->cap = cap;
	t->n = 0;
	d->mem += tab_bytes(t, cap);
}

static void
tab_init(struct dedup *d, struct table *t, int wide, const char *what)
{
	t->wide = wide;
	t->what = what;
	tab_alloc(d, t, TMIN);
}

static void
tab_free(struct dedup *d, struct table *t)
{
	d->mem -= tab_bytes(t, t->cap);
	tfree(t->slot, tab_bytes(t, t->cap));
	t->slot = NULL;
	t->cap = t->n = 0;
}

/*
 * Empties a per-document table. Clearing costs what the table holds,
 * which the document paid for; a table far bigger than this document
 * needed is given back, so one long document does not tax the rest.
 */
static void
tab_reset(struct dedup *d, struct table *t)
{
	if (t->cap > TMIN && t->n * 16 < t->cap) {
		tab_free(d, t);
		tab_alloc(d, t, TMIN);
	} else if (t->n > 0)
		memset(t->slot, 0, tab_bytes(t, t->cap));
	t->n = 0;
	t->full = 0;
}

/* Wide tables: the value of key, or -1. */
static int64_t
tab_get(const struct table *t, uint64_t key)
{
	size_t m = t->cap - 1, i = (size_t)key & m;

	for (;; i = (i + 1) & m) {
		if (t->slot[2 * i] == key)
			return (int64_t)t->slot[2 * i + 1];
		if (t->slot[2 * i] == 0)
			return -1;
	}
}

/* Narrow tables: the ordinal stored with fingerprint fp, or -1. */
static inline int64_t
sh_get(const struct table *t, uint32_t fp)
{
	size_t m = t->cap - 1, i = fp & m;
	uint64_t v;

	for (;; i = (i + 1) & m) {
		v = t->slot[i];
		if ((uint32_t)(v >> 32) == fp)
			return (int64_t)(v & 0xFFFFFFFFu);
		if (v == 0)
			return -1;
	}
}

static void
put_slot(struct table *t, uint64_t key, uint64_t val)
{
	size_t m = t->cap - 1, i;

	if (t->wide) {
		for (i = (size_t)key & m; t->slot[2 * i]; i = (i + 1) & m)
			;
		t->slot[2 * i] = key;
		t->slot[2 * i + 1] = val;
	} else {
		for (i = (size_t)(key >> 32) & m; t->slot[i]; i = (i + 1) & m)
			;
		t->slot[i] = key;
	}
}

/* Doubles t; returns 0, after a message the first time, at the cap. */
static int
tab_grow(struct dedup *d, struct table *t)
{
	struct table o = *t;
	size_t i;
	char a[32];

	if (t->full)
		return 0;
	if (d->mem + tab_bytes(t, t->cap) > d->memmax) {
		if (!t->warned)
			warn("%s table reached the memory cap of %s; later "
			    "paragraphs are checked against it but not "
			    "remembered; raise the cap with -M", t->what,
			    fmtsize(d->memmax, a));
		t->warned = 1;
		t->full = 1;
		d->full++;
		return 0;
	}
	tab_alloc(d, t, o.cap * 2);
	for (i = 0; i < o.cap; i++) {
		if (t->wide && o.slot[2 * i])
			put_slot(t, o.slot[2 * i], o.slot[2 * i + 1]);
		else if (!t->wide && o.slot[i])
			put_slot(t, o.slot[i], 0);
	}
	t->n = o.n;
	d->mem -= tab_bytes(&o, o.cap);
	tfree(o.slot, tab_bytes(&o, o.cap));
	return 1;
}

/* Wide tables: adds key with val unless present; returns the old value. */
static int64_t
tab_add(struct dedup *d, struct table *t, uint64_t key, uint32_t val)
{
	int64_t v = tab_get(t, key);

	if (v >= 0)
		return v;
	if (t->n + 1 > t->cap / 2 && !tab_grow(d, t))
		return -1;
	put_slot(t, key, val);
	t->n++;
	return -1;
}

/*
 * Narrow tables: the ordinal stored with fp, or -1 after adding fp with
 * ord (unless the table is full).
 */
static int64_t
sh_addget(struct dedup *d, struct table *t, uint32_t fp, uint32_t ord)
{
	size_t m, i;
	uint64_t v;

	if (t->n + 1 > t->cap / 2 && !tab_grow(d, t))
		return sh_get(t, fp);
	m = t->cap - 1;
	for (i = fp & m;; i = (i + 1) & m) {
		v = t->slot[i];
		if ((uint32_t)(v >> 32) == fp)
			return (int64_t)(v & 0xFFFFFFFFu);
		if (v == 0)
			break;
	}
	t->slot[i] = (uint64_t)fp << 32 | ord;
	t->n++;
	return -1;
}

/* Normalization. */

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

static uint64_t
hpow(unsigned long e)
{
	uint64_t r = 1, b = HMUL;

	for (; e; e >>= 1, b *= b)
		if (e & 1)
			r *= b;
	return r;
}

/*
 * The second bit of a shingle: the high half of a product, which all the
 * bits of roll go into. (The low bits of a product depend only on the low
 * bits of its factors: taken from a multiple of the first bit's index, the
 * second bit was a function of the first, and the filter one bit deep.)
 */
#define BIT2(roll) (((roll) * 0x9E3779B97F4A7C15ULL) >> 32)

/*
 * Whether shingle roll is in the filter: two bits of it (at 32 bits a
 * shingle, a false hit is 0.4%). The filter holds the earlier paragraphs'
 * shingles; a paragraph's own go in after its verdict, so that a repeat
 * inside it is no hit.
 */
static inline unsigned
bits_test(const uint64_t *bits, uint64_t mask, uint64_t roll)
{
	uint64_t a = (roll >> 32) & mask, b = BIT2(roll) & mask;

	return (bits[a >> 6] >> (a & 63)) & (bits[b >> 6] >> (b & 63)) & 1;
}

/* Sets the two bits of each of the n shingles at r. */
static HOT void
bits_set(uint64_t *bits, uint64_t mask, const uint64_t *r, size_t n)
{
	uint64_t a, b;
	size_t i;

#if defined(__GNUC__)
#pragma GCC unroll 4
#endif
	for (i = 0; i < n; i++) {
		a = (r[i] >> 32) & mask;
		b = BIT2(r[i]) & mask;
		bits[a >> 6] |= (uint64_t)1 << (a & 63);
		bits[b >> 6] |= (uint64_t)1 << (b & 63);
	}
}

/*
 * bits_set() built for BMI2, whose shifts by a register take any
 * register (shlx), where shl takes its count in cl only.
 */
#if RINSE_AVX2
__attribute__((target("bmi,bmi2"))) static void
bits_set_bmi2(uint64_t *bits, uint64_t mask, const uint64_t *r, size_t n)
{
	bits_set(bits, mask, r, n);
}
#endif

/*
 * Adds the current paragraph's shingles to the filter, first doubling the
 * filter (and refilling it from shl) while it has under 32 bits a
 * shingle. At the memory cap the filter stays as it is: it then fills up
 * and finds more false hits, so it says so.
 */
static void
bits_add(struct dedup *d)
{
	size_t nb = d->nbits;
	char a[32];

	while (nb / 32 < d->nsh)
		nb *= 2;
	if (nb != d->nbits) {
		if (d->mem + nb / 8 > d->memmax) {
			if (!d->shingles.warned)
				warn("shingle filter reached the memory cap of "
				    "%s; near-duplicates are found less "
				    "exactly; raise the cap with -M",
				    fmtsize(d->memmax, a));
			d->shingles.warned = 1;
			d->shingles.full = 1;
			d->full++;
		} else {
			d->mem -= d->nbits / 8;
			tfree(d->bits, d->nbits / 8);
			d->nbits = nb;
			d->bits = tmem(nb / 8);
			d->mem += nb / 8;
			d->shdone = 0;
		}
	}
#if RINSE_AVX2
	if (d->scanvec)
		bits_set_bmi2(d->bits, d->nbits - 1, d->shl + d->shdone,
		    d->nsh - d->shdone);
	else
#endif
		bits_set(d->bits, d->nbits - 1, d->shl + d->shdone,
		    d->nsh - d->shdone);
	d->shdone = d->nsh;
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
static COLD void
sample(struct norm *z, uint64_t roll)
{
	uint32_t fp = (uint32_t)(roll >> 32);
	int64_t o;

	fp += fp == 0;
	o = sh_addget(z->d, &z->d->shingles, fp, z->ord);
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
static void
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
static uint64_t *
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
		d->sl = grow(d->sl, &d->capsl, d->nsl + 1, sizeof(*d->sl));
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
	s->of = tab_add(d, &d->sents, s->h, z->ord);
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

#if RINSE_AVX2
AVX2_FN static int
has_skip_byte_avx2(const unsigned char *s, size_t n)
{
	const __m256i at = _mm256_set1_epi8('@'), eq = _mm256_set1_epi8('='),
	    br = _mm256_set1_epi8(']');
	__m256i in, any = _mm256_setzero_si256();
	size_t i;

	for (i = 0; i + 32 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		any = _mm256_or_si256(any, _mm256_or_si256(_mm256_cmpeq_epi8(in,
		    at), _mm256_or_si256(_mm256_cmpeq_epi8(in, eq),
		    _mm256_cmpeq_epi8(in, br))));
	}
	if (!_mm256_testz_si256(any, any))
		return 1;
	for (; i < n; i++)
		if (s[i] == '@' || s[i] == '=' || s[i] == ']')
			return 1;
	return 0;
}
#endif

/*
 * Whether s[0..n) has a byte that a skipped span needs: most lines have
 * none, and one pass over them is all they cost.
 */
static int
has_skip_byte(const struct dedup *d, const unsigned char *s, size_t n)
{
#if RINSE_AVX2
	if (d->avx2)
		return has_skip_byte_avx2(s, n);
#else
	(void)d;
#endif
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
	if (!has_skip_byte(d, s, n))
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
			d->skip = grow(d->skip, &d->capskip, d->nskip + 2,
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

/*
 * Makes room in shl for the shingles of a line of n bytes: at most one a
 * byte but for the rare characters that fold to several, which are
 * looked up at once when they do not fit. At the memory cap a very long
 * line becomes sampled, and what does not fit is looked up but not
 * remembered.
 */
static void
shl_room(struct dedup *d, size_t n)
{
	size_t old = d->capsh, want = d->nsh + n, c = old ? old : 16;
	char a[32];

	if (want <= old)
		return;
	while (c < want)
		c *= 2;
	if (d->mem + (c - old) * sizeof(*d->shl) > d->memmax) {
		if (!d->shingles.warned)
			warn("shingle list reached the memory cap of %s; "
			    "near-duplicates are found less exactly; raise "
			    "the cap with -M", fmtsize(d->memmax, a));
		d->shingles.warned = 1;
		d->shingles.full = 1;
		d->sampled = 1;
		c = old + (d->memmax > d->mem ? (d->memmax - d->mem) /
		    sizeof(*d->shl) : 0);
	}
	if (c > old) {
		d->shl = xrealloc(d->shl, c * sizeof(*d->shl));
		d->capsh = c;
		d->mem += (c - old) * sizeof(*d->shl);
	}
}

/* The character of three bytes at q. */
static uint32_t
decode3(const unsigned char *q)
{
	return (q[0] & 0x0Fu) << 12 | (q[1] & 0x3Fu) << 6 | (q[2] & 0x3Fu);
}

/* The index of the lowest set bit of m, not 0. */
static HOT unsigned
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

/* Hangul syllables and CJK ideographs: two columns, folded as they are. */
static int
is_wide(uint32_t cp)
{
	return cp - 0xAC00 <= 0xD7A3 - 0xAC00 || cp - 0x4E00 <= 0x9FFF - 0x4E00;
}

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

#if RINSE_AVX2
#define V8(x)	_mm256_set1_epi8((char)(x))
/*
 * decode32() and its helpers are always inlined: called, decode32() set
 * up all of its constants again for each half of each block.
 */
#define AVX2_INLINE	__attribute__((target("avx2"), always_inline)) inline

/* Whether each unsigned byte of x is at most n. */
static AVX2_INLINE __m256i
le8(__m256i x, unsigned n)
{
	return _mm256_cmpeq_epi8(_mm256_min_epu8(x, V8(n)), x);
}

/*
 * The classes of bytes, from a table indexed by the high nibble ANDed
 * with one indexed by the low nibble: each bit one range of bytes.
 */
enum {
	C_DIGIT = 1,	/* 30..39 */
	C_AZ1 = 2,	/* 41..4F, 61..6F */
	C_AZ2 = 4,	/* 50..5A, 70..7A */
	C_END1 = 8,	/* 21, 2E */
	C_END2 = 16,	/* 3F */
	C_LEAD = 32,	/* C0..FF */
	C_LEAD3 = 64	/* E0..EF */
};

static AVX2_INLINE __m256i
classes(__m256i in)
{
#define CH(x) ((char)(x))
#define CHI CH(0), CH(0), CH(C_END1), CH(C_DIGIT | C_END2), CH(C_AZ1), \
	CH(C_AZ2), CH(C_AZ1), CH(C_AZ2), CH(0), CH(0), CH(0), CH(0), \
	CH(C_LEAD), CH(C_LEAD), CH(C_LEAD | C_LEAD3), CH(C_LEAD)
#define CL(n) CH(C_LEAD | C_LEAD3 | ((n) <= 9 ? C_DIGIT : 0) | \
	((n) >= 1 ? C_AZ1 : 0) | ((n) <= 10 ? C_AZ2 : 0) | \
	((n) == 1 || (n) == 14 ? C_END1 : 0) | ((n) == 15 ? C_END2 : 0))
#define CLO CL(0), CL(1), CL(2), CL(3), CL(4), CL(5), CL(6), CL(7), \
	CL(8), CL(9), CL(10), CL(11), CL(12), CL(13), CL(14), CL(15)
	const __m256i hi = _mm256_setr_epi8(CHI, CHI);
	const __m256i lo = _mm256_setr_epi8(CLO, CLO);
#undef CLO
#undef CL
#undef CHI
#undef CH
	const __m256i nib = V8(0x0F);

	return _mm256_and_si256(_mm256_shuffle_epi8(hi,
	    _mm256_and_si256(_mm256_srli_epi16(in, 4), nib)),
	    _mm256_shuffle_epi8(lo, _mm256_and_si256(in, nib)));
}

/* Which bytes of cls have a class of the set c. */
static AVX2_INLINE uint32_t
has(__m256i cls, int c)
{
	return ~(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
	    _mm256_and_si256(cls, V8(c)), _mm256_setzero_si256()));
}

/*
 * Decodes the 32 bytes at p + h for block(): each as if it began a
 * character of three bytes, or where it is ASCII as itself OR 0x20,
 * which folds a letter and leaves a digit as it is.
 */
static AVX2_INLINE void
decode32(const unsigned char *p, struct blk *k, unsigned h)
{
	const __m256i b0 = _mm256_loadu_si256((const __m256i *)(const void *)
	    (p + h));
	const __m256i b1 = _mm256_loadu_si256((const __m256i *)(const void *)
	    (p + h + 1));
	const __m256i b2 = _mm256_loadu_si256((const __m256i *)(const void *)
	    (p + h + 2));
	const __m256i cls = classes(b0);
	__m256i hi, lo, wide, ascii;
	uint32_t w;

	/* 1110aaaa 10bbbbcc 10dddddd: aaaabbbb ccdddddd. */
	hi = _mm256_or_si256(_mm256_slli_epi16(_mm256_and_si256(b0,
	    V8(0x0F)), 4), _mm256_and_si256(_mm256_srli_epi16(b1, 2),
	    V8(0x0F)));
	lo = _mm256_or_si256(_mm256_slli_epi16(_mm256_and_si256(b1,
	    V8(0x03)), 6), _mm256_and_si256(b2, V8(0x3F)));
	/* AC00..D7A3 and 4E00..9FFF. */
	wide = _mm256_or_si256(_mm256_or_si256(
	    le8(_mm256_sub_epi8(hi, V8(0xAC)), 0xD6 - 0xAC),
	    le8(_mm256_sub_epi8(hi, V8(0x4E)), 0x9F - 0x4E)),
	    _mm256_and_si256(_mm256_cmpeq_epi8(hi, V8(0xD7)), le8(lo, 0xA3)));
	w = (uint32_t)_mm256_movemask_epi8(wide) & has(cls, C_LEAD3);
	ascii = _mm256_cmpgt_epi8(b0, V8(-1));
	hi = _mm256_andnot_si256(ascii, hi);
	lo = _mm256_blendv_epi8(lo, _mm256_or_si256(b0, V8(0x20)), ascii);
	/* Byte pairs in order: unpack works within 128-bit lanes. */
	hi = _mm256_permute4x64_epi64(hi, 0xD8);
	lo = _mm256_permute4x64_epi64(lo, 0xD8);
	_mm256_storeu_si256((__m256i *)(void *)(k->c + h),
	    _mm256_unpacklo_epi8(lo, hi));
	_mm256_storeu_si256((__m256i *)(void *)(k->c + h + 16),
	    _mm256_unpackhi_epi8(lo, hi));
	k->wide |= (uint64_t)w << h;
	k->fast |= (uint64_t)(has(cls, C_DIGIT | C_AZ1 | C_AZ2) | w) << h;
	k->slow |= (uint64_t)(has(cls, C_END1 | C_END2) |
	    (has(cls, C_LEAD) & ~w)) << h;
}

AVX2_FN static inline void
block_avx2(const unsigned char *p, struct blk *k)
{
	k->fast = k->slow = k->wide = 0;
	decode32(p, k, 0);
	decode32(p, k, 32);
}
#endif

/*
 * Decodes the block of the line s[0..n) at pos, pos < n, with the vector
 * code when vec; bytes past n count as NULs.
 */
static HOT void
block(int vec, const unsigned char *s, size_t n, size_t pos, struct blk *k)
{
	unsigned char pad[BLKPAD];
	const unsigned char *p = s + pos;

	if (n - pos < BLKPAD) {
		memset(pad, 0, sizeof(pad));
		memcpy(pad, p, n - pos);
		p = pad;
	}
#if RINSE_AVX2
	if (vec) {
		block_avx2(p, k);
		return;
	}
#else
	(void)vec;
#endif
	block_c(p, k);
}

/*
 * A character that scan() leaves to the general path, at byte i: a
 * sentence end, or one to fold. The registers go in and come back by
 * value, so that the loop keeps them in registers.
 */
static COLD struct acc
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

#if RINSE_AVX2
/* With vec, in a function built for AVX2: the instruction. */
#define POPCOUNT(vec, m) ((vec) ? (unsigned)__builtin_popcountll(m) : \
	popcount64(m))
#else
#define POPCOUNT(vec, m) popcount64(m)
#endif

/*
 * Hashes the n characters of k at the bits of *f into pb at *pp: the
 * loop for characters whose shingles are made later, by make_shingles().
 */
static HOT uint64_t
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

/*
 * Takes the characters of the line in bytes [from, to), which no
 * character crosses, a block at a time. The loop over the marked bytes
 * finds the next character without waiting for the one before, where a
 * loop over the bytes made a chain of loads through the whole line. The
 * run of fast characters before each slow one (or the end) is counted
 * at once, and pb and shl are made room for at once: the loop over them
 * hashes each and makes its shingle while the prefix hash seven
 * characters back is at hand (make_shingles() read them all again).
 * Only the first characters of a paragraph, those after a character
 * that folds to several, and sampled or capped shingles are left to
 * make_shingles().
 */
static HOT void
scan(struct norm *z, struct acc *a, struct blk *k, size_t from, size_t to,
    int vec)
{
	const uint64_t *pend = z->pb + SHINGLE + PBUF;
	uint64_t m, f, sl, p, roll, *pp, *sh;
	size_t pos, at, nc, i;
	unsigned nf, lead;

	for (pos = from / BLK * BLK; pos < to; pos += BLK) {
		block(vec, z->s, z->n, pos, k);
		m = k->fast | k->slow;
		if (pos < from)
			m &= ~(uint64_t)0 << (from - pos);
		if (to - pos < BLK)
			m &= ((uint64_t)1 << (to - pos)) - 1;
		while (m != 0) {
			sl = k->slow & m;
			f = sl != 0 ? m & ((sl & -sl) - 1) : m;
			if (f != 0) {
				m &= ~f;
				nf = POPCOUNT(vec, f);
				a->pw += nf + POPCOUNT(vec, f & k->wide);
				if ((size_t)(pend - a->pp) < nf)
					a->pp = pb_shift(z, a->pp);
				p = a->p;
				pp = a->pp;
				at = (size_t)(pp - z->pb);
				if (!z->on || z->smask != 0 ||
				    z->cap - z->nsh < nf) {
					a->p = hash_run(k, p, &a->pp, &f, nf);
					goto fast_done;
				}
				/* The first SHINGLE - 1 end no shingle. */
				lead = z->nbase == 0 && at < 2 * SHINGLE - 1 ?
				    2 * SHINGLE - 1 - (unsigned)at : 0;
				if (lead >= nf) {
					a->p = hash_run(k, p, &a->pp, &f, nf);
					goto fast_done;
				}
				if (lead > 0) {
					p = hash_run(k, p, &pp, &f, lead);
					at += lead;
				}
				if (z->from != at)
					make_shingles(z, at);
				sh = z->shl + z->nsh;
				nc = 0;
				do {
					p = (p + k->c[ctz64(f)] + 1) * HMUL;
					roll = p - pp[-SHINGLE] * KW;
					*pp++ = p;
					*sh++ = roll;
					z->cand[nc] = roll;
					nc += roll >> 60 == 0;
					f &= f - 1;
				} while (f != 0);
				a->p = p;
				a->pp = pp;
				z->nsh = (size_t)(sh - z->shl);
				z->from = (size_t)(pp - z->pb);
				for (i = 0; i < nc; i++)
					sample(z, z->cand[i]);
			}
fast_done:
			if (sl != 0) {
				m &= m - 1;
				*a = takec_slow(z, *a, pos + ctz64(sl));
			}
		}
	}
}

/*
 * scan() of bytes [from, to) with the registers of *a, built for the
 * processor's vectors (and the bit instructions that came with them:
 * setup() checks) or without them.
 */
#if RINSE_AVX2
__attribute__((target("avx2,bmi,bmi2"))) static void
scan_avx2(struct norm *z, struct acc *a, size_t from, size_t to)
{
	struct acc r = *a;
	struct blk k;

	scan(z, &r, &k, from, to, 1);
	*a = r;
}
#endif

static void
scan_c(struct norm *z, struct acc *a, size_t from, size_t to)
{
	struct acc r = *a;
	struct blk k;

	scan(z, &r, &k, from, to, 0);
	*a = r;
}

static void
scan_line(const struct dedup *d, struct norm *z, struct acc *a, size_t from,
    size_t to)
{
#if RINSE_AVX2
	if (d->scanvec) {
		scan_avx2(z, a, from, to);
		return;
	}
#else
	(void)d;
#endif
	scan_c(z, a, from, to);
}

/*
 * Normalizes line s[0..n), valid UTF-8, of ordinal ord: NFKC and case
 * folding, with everything but letters, marks and digits (and the
 * skipped spans) ignored. Fills d->sl with its sentences, adds its
 * shingles to shl (and one in sixteen to the sample table), and returns
 * the paragraph fingerprint; *w gets its columns.
 */
static uint64_t
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
		scan_line(d, z, &a, from, d->skip[sk]);
		from = d->skip[sk + 1];
	}
	scan_line(d, z, &a, from, n);
	d = z->d;	/* not held in a register through the loop */
	endsent(z, a, n);
	/* Trailing quotes or brackets belong to the last sentence. */
	if (d->nsl > 0)
		d->sl[d->nsl - 1].end = n;
	d->nsh = z->nsh;
	*w = a.pw;
	return mix(a.p ^ (z->nbase + (size_t)(a.pp - z->pb) - SHINGLE));
}

/* Output. */

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
	d->text = grow(d->text, &d->captext, d->ntext + n, 1);
	memcpy(d->text + d->ntext, p, n);
	d->ntext += n;
}

static struct rec *
newrec(struct dedup *d)
{
	struct rec *r;

	d->recs = grow(d->recs, &d->caprecs, d->nrecs + 1, sizeof(*d->recs));
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
static void
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
static void
emit(struct dedup *d, FILE *out, const unsigned char *s, size_t n,
    int verdict, unsigned long of, double sim, uint64_t key)
{
	struct rec *r;
	size_t i, pos;

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
 * Marks the runs of seen sentences worth cutting; returns the columns cut
 * and puts the ordinal of the first one's source in *of.
 */
static unsigned long
mark_cuts(struct dedup *d, int64_t *of)
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
		 * Two short sentences ("Yes. Thank you.") or a repeated
		 * citation tail are not a passage worth cutting.
		 */
		if (!((j - i >= 2 && w >= d->passage / 2) || w >= d->passage))
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
static unsigned
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
	d->res = grow(d->res, &d->capres, d->nres + n, 1);
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
static void
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

/*
 * Judges the residue of a cut paragraph of ordinal ord (d->res, see
 * residue_text()) as rinse-dedup run on the output would judge it there:
 * as a paragraph of its own. Alone it has no shingles that run across
 * the cuts (new text, so misses), and a residue that passed the
 * containment test in its paragraph can fail it alone: an edited copy of
 * an earlier paragraph after a cut passage was kept, and dropped by the
 * second pass. Such a residue is dropped now, with its paragraph, and so
 * is one that is an earlier paragraph. Returns the verdict, V_CUT to
 * keep the residue, and for a drop puts its source's line and the
 * similarity in *of and *sim.
 *
 * The residue's fingerprints (paragraph, sentences, shingles) are
 * remembered next to the whole paragraph's: what later paragraphs are
 * judged against is then always what a second pass remembers, and more,
 * so what this pass keeps a second pass keeps too.
 */
static int
residue(struct dedup *d, uint32_t ord, unsigned long *of, double *sim)
{
	struct sent *sl = d->sl;
	size_t nsl = d->nsl, capsl = d->capsl, i;
	unsigned long w;
	unsigned samples = 0, hits;
	uint64_t h;
	int64_t o, best = -1;
	int v = V_CUT;

	/* normalize() fills d->sl: lend it another list. */
	d->sl = d->rsl;
	d->capsl = d->caprsl;
	h = normalize(d, d->z, d->res, d->nres, ord, &w);
	o = tab_add(d, &d->paras, h, ord);
	if (w < d->minlen)
		;	/* short: kept, as it would be */
	else if (o >= 0 && (uint32_t)o != ord) {
		v = V_DUP;
		d->dup++;
		d->prevorig = o;
		*of = d->plist[o].line;
		*sim = 1;
	} else if (d->cross && tab_add(d, &d->run, h, (uint32_t)d->doc) >= 0) {
		v = V_CROSS;
		d->xdup++;
		*of = (unsigned long)tab_get(&d->run, h);
		*sim = 1;
	} else if (w >= NEAR_MIN) {
		for (i = 0; i < d->nsl; i++)
			samples += d->sl[i].samples;
		hits = samples > 0 ? count_hits(d, samples, 1) : 0;
		if (samples > 0 && (double)hits / samples >= d->thresh) {
			for (i = 0; i < d->nsl && best < 0; i++)
				best = d->sl[i].hitof;
			if (best < 0)
				best = 0;
			v = V_NEAR;
			d->near++;
			d->prevorig = best;
			*of = d->plist[best].line;
			*sim = (double)hits / samples;
		}
	}
	d->rsl = d->sl;
	d->caprsl = d->capsl;
	d->sl = sl;
	d->nsl = nsl;
	d->capsl = capsl;
	return v;
}

/* Decides one non-blank line. */
static void
dedup_line(struct dedup *d, FILE *out, const unsigned char *s, size_t n)
{
	uint32_t ord = (uint32_t)d->npl;
	unsigned long w, cutw;
	unsigned samples = 0, hits = 0;
	uint64_t h;
	int64_t of, prev = d->prevorig, cof;
	unsigned long rof;
	size_t i;
	double sim = 0;
	int verdict;

	d->paras_in++;
	h = normalize(d, d->z, s, n, ord, &w);
	d->prevorig = -1;
	if (w == 0) {
		emit(d, out, s, n, V_EMPTY, 0, 0, 0);
		return;
	}
	d->plist = grow(d->plist, &d->capl, d->npl + 1, sizeof(*d->plist));
	d->plist[d->npl].h = h;
	d->plist[d->npl].line = d->line;
	d->npl++;
	of = tab_add(d, &d->paras, h, ord);

	if (w < d->minlen) {
		/* Short: dropped only as part of a repeated run. */
		if (of >= 0 && prev >= 0 && (size_t)prev + 1 < ord &&
		    d->plist[prev + 1].h == h) {
			d->prevorig = prev + 1;
			d->dup++;
			emit(d, out, s, n, V_DUP, d->plist[prev + 1].line, 1,
			    0);
		} else {
			d->shortkept += of >= 0;
			emit(d, out, s, n, V_SHORT, 0, 0, 0);
		}
		goto remember;
	}
	if (of >= 0) {
		d->prevorig = of;
		d->dup++;
		emit(d, out, s, n, V_DUP, d->plist[of].line, 1, 0);
		goto remember;
	}
	if (d->cross && tab_add(d, &d->run, h, (uint32_t)d->doc) >= 0) {
		d->xdup++;
		emit(d, out, s, n, V_CROSS, (unsigned long)tab_get(&d->run,
		    h), 1, 0);
		goto remember;
	}

	cutw = mark_cuts(d, &cof);
	if (cutw >= w) {
		d->prevorig = cof;
		d->dup++;
		emit(d, out, s, n, V_DUP, d->plist[cof].line, 1, 0);
		goto remember;
	}
	for (i = 0; i < d->nsl; i++)
		if (!d->sl[i].cut)
			samples += d->sl[i].samples;
	if (samples > 0) {
		hits = count_hits(d, samples, w - cutw >= NEAR_MIN);
		sim = (double)hits / samples;
	}
	/*
	 * Short paragraphs get no near-duplicate verdict: most of a short
	 * line's shingles are found somewhere in a long document ("Plan B"
	 * after "Plan A", a price after a price), so containment says
	 * little about them.
	 */
	if (w - cutw >= NEAR_MIN && samples > 0 && sim >= d->thresh) {
		int64_t best = -1;
		size_t j;

		/* Where its shingles came from, for --explain. */
		for (j = 0; j < d->nsl && best < 0; j++)
			if (!d->sl[j].cut)
				best = d->sl[j].hitof;
		if (best < 0)
			best = 0;
		d->near++;
		d->prevorig = best;
		emit(d, out, s, n, V_NEAR, d->plist[best].line, sim, 0);
		goto remember;
	}
	if (cutw == 0) {
		emit(d, out, s, n, V_KEEP, 0, sim, h);
		goto remember;
	}
	residue_text(d, s, n);
	rof = d->plist[cof].line;
	verdict = residue(d, ord, &rof, &sim);
	if (verdict == V_CUT) {
		d->cut++;
		sim = (double)cutw / w;
	}
	emit(d, out, s, n, verdict, rof, sim, verdict == V_CUT ? h : 0);
remember:
	bits_add(d);
	if (d->nsh >= FULL_SHINGLES)
		d->sampled = 1;
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
	d->ctmp = grow(d->ctmp, &d->capctmp, n, sizeof(*d->ctmp));
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
static void
claim_doc(struct dedup *d)
{
	size_t i, n = 0;

	for (i = 0; i < d->nrecs; i++) {
		struct rec *r = &d->recs[i];

		if (r->key == 0 || (r->verdict != V_KEEP &&
		    r->verdict != V_CUT))
			continue;
		d->claims = grow(d->claims, &d->capclaims, n + 1,
		    sizeof(*d->claims));
		d->claims[n].key = r->key;
		d->claims[n++].rec = i;
	}
	if (n == 0)
		return;
	sort_claims(d, n);
	d->keys = grow(d->keys, &d->capkeys, n, sizeof(*d->keys));
	d->seen = grow(d->seen, &d->capseen, n, 1);
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

static void
reset_doc(struct dedup *d)
{
	tab_reset(d, &d->paras);
	tab_reset(d, &d->sents);
	tab_reset(d, &d->shingles);
	if (d->nbits > BITS_MIN && d->nsh * 32 * 16 < d->nbits) {
		d->mem -= d->nbits / 8;
		tfree(d->bits, d->nbits / 8);
		d->nbits = BITS_MIN;
		d->bits = tmem(d->nbits / 8);
		d->mem += d->nbits / 8;
	} else if (d->nsh > 0)
		memset(d->bits, 0, d->nbits / 8);
	if (d->capsh > 65536 && d->nsh * 16 < d->capsh) {
		d->mem -= d->capsh * sizeof(*d->shl);
		free(d->shl);
		d->shl = NULL;
		d->capsh = 0;
	}
	d->nsh = d->shdone = 0;
	if (d->capl > 4096) {
		free(d->plist);
		d->plist = NULL;
		d->capl = 0;
	}
	d->npl = 0;
	d->line = 0;
	d->prevorig = -1;
	d->sampled = 0;
	d->nrecs = 0;
	d->ntext = 0;
	d->doc++;
}

/*
 * What the options decide once, at the first document (so that a state
 * set up by hand, as the fuzzing harness does, gets it too).
 */
static void
setup(struct dedup *d)
{
	size_t i;

	d->z = xmalloc(sizeof(*d->z));
	d->hpow[0] = 1;
	for (i = 1; i < HPOWS; i++)
		d->hpow[i] = d->hpow[i - 1] * HMUL;
	/* With near-duplicates off, shingles matter only to --explain. */
	d->shingling = d->thresh <= 1 || d->explain;
	d->avx2 = simd_avx2();
#if RINSE_AVX2
	d->scanvec = d->avx2 && __builtin_cpu_supports("bmi") &&
	    __builtin_cpu_supports("bmi2");
#endif
}

/*
 * Whether the next document of a -z stream is in the reader's buffer
 * already, so that nothing can block before it ends: then the output of
 * this one may wait in stdout's buffer. A stream of small documents
 * spent a fifth of its time in a write(2) (and a reader's wakeup) each.
 */
static int
next_buffered(const struct reader *in)
{
	return in->zmode && in->err == 0 && in->end > in->pos &&
	    memchr(in->buf + in->pos, '\0', in->end - in->pos) != NULL;
}

/*
 * The core: reads one document from in and writes what it keeps to out.
 * With -s the document is staged, its fingerprints claimed in the store
 * (the new ones in one write transaction), written and flushed, and only
 * then committed: a crash before the commit repeats the document's
 * paragraphs next time rather than losing them. Otherwise the output is
 * flushed unless the next document can be read without waiting.
 */
static int
dedup_doc(void *state, struct reader *in, FILE *out)
{
	struct dedup *d = state;
	const char *line;
	size_t len;
	int rc, status = RINSE_OK;

	if (d->z == NULL)
		setup(d);
	reset_doc(d);
	while ((rc = reader_next(in, &line, &len)) == RD_LINE) {
		d->line++;
		if (len == 0) {
			emit(d, out, NULL, 0, V_EMPTY, 0, 0, 0);
			continue;
		}
		if (utf8_valid((const unsigned char *)line, len) < len) {
			/* Invalid bytes become U+FFFD, counted (DESIGN.md). */
			d->fix = grow(d->fix, &d->capfix, 3 * len, 1);
			len = utf8_sanitize((const unsigned char *)line, len,
			    d->fix, &d->invalid);
			line = (const char *)d->fix;
		}
		dedup_line(d, out, (const unsigned char *)line, len);
	}
	if (rc == RD_ERR)
		status = reader_fail(in);
	if (d->store)
		claim_doc(d);
	flush_recs(d, out);
	if ((d->store || !next_buffered(in)) && fflush(out) == EOF)
		die("write error:");
	if (d->store)
		store_commit(d->store);
	return status;
}

/* Gives back everything the state holds. */
static void
dedup_free(struct dedup *d)
{
	tab_free(d, &d->paras);
	tab_free(d, &d->sents);
	tab_free(d, &d->shingles);
	if (d->cross)
		tab_free(d, &d->run);
	tfree(d->bits, d->nbits / 8);
	free(d->shl);
	free(d->plist);
	free(d->sl);
	free(d->rsl);
	free(d->res);
	free(d->skip);
	free(d->recs);
	free(d->claims);
	free(d->ctmp);
	free(d->keys);
	free(d->seen);
	free(d->text);
	free(d->fix);
	free(d->z);
}

static void
usage(FILE *fp)
{
	fputs("usage: rinse-dedup [-hVvzx] [-m N] [-P N] [-t F] [-s PATH] "
	    "[--expire DAYS]\n"
	    "                   [--explain] [-M SIZE] [file ...]\n"
	    "  -m N     paragraphs under N columns (Hangul, CJK count two) "
	    "are never\n"
	    "           dropped unless part of a repeated run (default 12)\n"
	    "  -P N     cut a repeated sentence of N columns, or a run of two "
	    "or more\n"
	    "           of N/2 together (default 100)\n"
	    "  -t F     drop a paragraph whose shingles are this much "
	    "contained in\n"
	    "           earlier text (0 to 1, default 0.9; 1 turns it off); "
	    "only\n"
	    "           paragraphs of 100 columns or more\n"
	    "  -x       also drop paragraphs kept in an earlier document of "
	    "this run\n"
	    "  -s PATH  also drop paragraphs kept by earlier runs; record "
	    "the kept ones\n"
	    "  --expire DAYS  with -s: first forget fingerprints last seen "
	    "DAYS or more\n"
	    "           days ago (0 forgets all)\n"
	    "  --ids FILE  with -s: the documents' names, NUL-separated; a "
	    "document\n"
	    "           keeps the paragraphs it recorded itself (run.sh "
	    "gives them)\n"
	    "  --explain  print each paragraph as LINE, verdict, similarity "
	    "and text\n", fp);
	common_help(fp);
}

static double
parse_frac(const char *arg, int opt)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v >= 0 && v <= 1))
		die("-%c: '%s' is not a fraction from 0 to 1", opt, arg);
	return v;
}

/*
 * Takes the long options out of argv (up to "--"): --explain, and
 * --expire DAYS or --expire=DAYS, --ids FILE. Returns the new argc.
 */
static int
long_opts(int argc, char *argv[], struct dedup *d, long *expire,
    const char **ids)
{
	int i, j = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--explain") == 0)
			d->explain = 1;
		else if (strcmp(argv[i], "--expire") == 0) {
			if (i + 1 >= argc)
				die("--expire needs a number of days");
			*expire = parse_num(argv[++i], 0, 1000000, 'e');
		} else if (strncmp(argv[i], "--expire=", 9) == 0)
			*expire = parse_num(argv[i] + 9, 0, 1000000, 'e');
		else if (strcmp(argv[i], "--ids") == 0) {
			if (i + 1 >= argc)
				die("--ids needs a file");
			*ids = argv[++i];
		}
		else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2]) {
			warn("unknown option %s", argv[i]);
			usage(stderr);
			exit(RINSE_ERR);
		} else
			argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

int
main(int argc, char *argv[])
{
	static const char *const keys[] = {
		"bytes_in", "bytes_out", "paras_in", "paras_out", "dropped",
		"dup", "near", "cut", "xdup", "stored", "short_kept",
		"expired", "invalid"
	};
	struct common c = { 0 };
	struct dedup d = { 0 };
	unsigned long long bytes_in, expired = 0, vals[13];
	const char *path = NULL, *ids = NULL;
	char *outbuf;
	long expire = -1;
	int ch, status;

	setprogname(argv[0]);
	d.minlen = DEF_MINLEN;
	d.passage = DEF_PASSAGE;
	d.thresh = DEF_THRESH;
	argc = long_opts(argc, argv, &d, &expire, &ids);
	while ((ch = getopt(argc, argv, COMMON_OPTS "xm:P:t:s:")) != -1) {
		if (common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'x':
			d.cross = 1;
			break;
		case 'm':
			d.minlen = (unsigned)parse_num(optarg, 0, 1000000, 'm');
			break;
		case 'P':
			d.passage = (unsigned)parse_num(optarg, 1, 100000000,
			    'P');
			break;
		case 't':
			d.thresh = parse_frac(optarg, 't');
			break;
		case 's':
			path = optarg;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}
	if (expire >= 0 && path == NULL)
		die("--expire needs a store (-s PATH)");
	/* A threshold of 1 would still drop full containment: make it off. */
	if (d.thresh >= 1)
		d.thresh = 2;
	d.memmax = c.max ? c.max : RD_DEFAULT_MAX;
	tab_init(&d, &d.paras, 1, "paragraph");
	tab_init(&d, &d.sents, 1, "sentence");
	tab_init(&d, &d.shingles, 0, "shingle");
	d.nbits = BITS_MIN;
	d.bits = tmem(d.nbits / 8);
	d.mem += d.nbits / 8;
	if (d.cross)
		tab_init(&d, &d.run, 1, "-x paragraph");
	if (path) {
		d.store = store_open(path);
		if (ids)
			store_owners(d.store, ids);
		if (expire >= 0)
			expired = store_expire(d.store, expire);
	}

	/* Fewer write(2)s: a -z stream of small documents made one per 4K. */
	outbuf = xmalloc(OUTBUF);
	setvbuf(stdout, outbuf, _IOFBF, OUTBUF);
	status = stage_run(argv + optind, argc - optind, &c, dedup_doc, &d,
	    stdout, &bytes_in);
	if (efshut(stdout, "<stdout>") != RINSE_OK)
		status = RINSE_ERR;
	free(outbuf);
	store_close(d.store);
	dedup_free(&d);
	if (c.verbose) {
		vals[0] = bytes_in;
		vals[1] = d.bytes_out;
		vals[2] = d.paras_in;
		vals[3] = d.paras_out;
		vals[4] = d.dup + d.near + d.xdup + d.stored;
		vals[5] = d.dup;
		vals[6] = d.near;
		vals[7] = d.cut;
		vals[8] = d.xdup;
		vals[9] = d.stored;
		vals[10] = d.shortkept;
		vals[11] = expired;
		vals[12] = d.invalid;
		stats_print(keys, vals, 13);
	}
	return status;
}
