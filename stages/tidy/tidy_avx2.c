/*
 * tidy_avx2.c: the vector kernels of rinse-tidy (kernels.h), built whole
 * for AVX2 with BMI1 and BMI2 (include/rinse/simd.h) and used only where
 * tidy_kernels() found them: plainrun(), the end of a stretch of bytes
 * that need no look at their characters, cleanlines(), the run of
 * whole lines that come out as they are, and colwidth(), the display
 * width of a line for -u. Their portable twins in tidy.c
 * do none of this work and leave it to the table loops, which give the
 * same output: the kernels only find where the loops may be skipped.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rinse/simd.h>

#if RINSE_AVX2
#include <immintrin.h>

#include <rinse/utf8avx2.h>

#include "kernels.h"

RINSE_VECTOR_BEGIN

#include <rinse/vecops.h>

/*
 * plainrun() 32 bytes at a time: a byte's class is the AND of a table
 * indexed by its high nibble and one indexed by its low nibble, each bit
 * one range of plain[] (P_) or the space (P_SP).
 */
enum {
	P_ANY = 1,	/* 3_ 4_ 5_ 6_ 8_ 9_ A_ B_: every byte */
	P_2 = 2,	/* 21..2F */
	P_7 = 4,	/* 70..7E */
	P_C = 8,	/* C3..CF */
	P_D = 16,	/* D0..D7 */
	P_E = 32,	/* E4..EE */
	P_SP = 64	/* 20 */
};

/* The P_ classes of the 32 bytes in: 0 for a byte that is not plain. */
static inline __m256i
plain_class(__m256i in)
{
#define B(x) ((char)(x))
	const __m256i hi = _mm256_setr_epi8(VEC_LANES(
	    0, 0, B(P_2 | P_SP), P_ANY, P_ANY, P_ANY, P_ANY, P_7,
	    P_ANY, P_ANY, P_ANY, P_ANY, P_C, P_D, P_E, 0));
#define L(n) B(P_ANY | ((n) >= 1 ? P_2 : 0) | ((n) <= 14 ? P_7 : 0) | \
	((n) >= 3 ? P_C : 0) | ((n) <= 7 ? P_D : 0) | \
	((n) >= 4 && (n) <= 14 ? P_E : 0) | ((n) == 0 ? P_SP : 0))
	const __m256i lo = _mm256_setr_epi8(VEC_LANES(VEC_NIBBLES(L)));
#undef L
#undef B

	return vec_nibbles(in, hi, lo);
}

static size_t
plainrun_avx2(const unsigned char *s, size_t i, size_t vend, size_t avail,
    int inrun)
{
	const __m256i zero = _mm256_setzero_si256();
	const __m256i sp = _mm256_set1_epi8(' ');
	unsigned char pad[32];
	__m256i in;
	uint32_t other, space, stop;
	size_t m;

	while (i < vend) {
		m = vend - i >= 32 ? 32 : vend - i;
		if (i + 32 <= avail)	/* past vend masked below */
			in = _mm256_loadu_si256((const __m256i *)(const void *)
			    (s + i));
		else {
			memcpy(pad, s + i, m);
			memset(pad + m, 'a', 32 - m);
			in = _mm256_loadu_si256((const __m256i *)(const void *)
			    pad);
		}
		other = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    plain_class(in), zero));
		if (m < 32)
			other |= ~(uint32_t)0 << m;	/* the end counts */
		space = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(in,
		    sp));
		/*
		 * A space stays in the run only alone, after a kept byte
		 * (so not first unless the run has begun) and before one
		 * (so not last of the block, whose next byte is unseen).
		 */
		stop = other | (space & ((space | other) >> 1)) |
		    (space & 0x80000000u) | (inrun ? 0 : space & 1);
		if (stop != 0) {
			i += __builtin_ctz(stop);
			return i < vend ? i : vend;
		}
		i += 32;
		inrun = 1;
	}
	return i;
}

/*
 * Of the lead bytes C2, E2, E3 and EF in the 32 bytes in, those of
 * characters that need no change all the same (n1, n2: the one and two
 * bytes after each): C2 but U+0080..U+00A0 and U+00AD; E2 but
 * U+2000..U+200F, U+2028..U+202F and U+205F..U+206F; E3 but U+3000 and
 * U+3164; EF but U+FEFF, U+FFA0 and U+FFF9..U+FFFB. The rest of those
 * blocks are punctuation, symbols and letters: quotes, dashes, the
 * middle dot, arrows, circled numbers, CJK punctuation, full-width forms.
 */
static inline uint32_t
plain_lead(__m256i in, __m256i n1, __m256i n2)
{
	__m256i c2, e2, e3, ef;

	c2 = _mm256_and_si256(vec_is(in, 0xC2), _mm256_andnot_si256(vec_is(n1, 0xAD),
	    vec_in(n1, 0xA1, 0xBF)));
	e2 = _mm256_and_si256(vec_is(in, 0xE2), _mm256_or_si256(
	    vec_in(n1, 0x82, 0xBF), _mm256_or_si256(
	    _mm256_and_si256(vec_is(n1, 0x80), _mm256_or_si256(
	    vec_in(n2, 0x90, 0xA7), vec_in(n2, 0xB0, 0xBF))),
	    _mm256_and_si256(vec_is(n1, 0x81), _mm256_or_si256(
	    vec_in(n2, 0x80, 0x9E), vec_in(n2, 0xB0, 0xBF))))));
	e3 = _mm256_andnot_si256(_mm256_or_si256(
	    _mm256_and_si256(vec_is(n1, 0x80), vec_is(n2, 0x80)),
	    _mm256_and_si256(vec_is(n1, 0x85), vec_is(n2, 0xA4))), vec_is(in, 0xE3));
	ef = _mm256_andnot_si256(_mm256_or_si256(_mm256_or_si256(
	    _mm256_and_si256(vec_is(n1, 0xBB), vec_is(n2, 0xBF)),
	    _mm256_and_si256(vec_is(n1, 0xBE), vec_is(n2, 0xA0))),
	    _mm256_and_si256(vec_is(n1, 0xBF), vec_in(n2, 0xB9, 0xBB))),
	    vec_is(in, 0xEF));
	return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
	    _mm256_or_si256(c2, e2), _mm256_or_si256(e3, ef)));
}

/*
 * cleanlines() 32 bytes at a time. Bits of the masks are bytes; a line
 * ends at a '\n' bit. The state between blocks is the block before (for
 * the UTF-8 check), whether the byte before was a space or '\n' (or
 * none: the start), was a '\n', and whether the line so far has a letter
 * or digit.
 */
struct clscan {
	__m256i prev;
	uint64_t prevspnl, prevnl, seen;
	size_t taken;			/* bytes of whole clean lines */
	unsigned long long nlines;
};

/*
 * Takes the block at s (32 bytes, and two more for the rules that look
 * ahead): returns 0 when a line that is not clean starts or ends in it,
 * 1 to go on. An invalid sequence is found at or before the '\n' after
 * it, so a line is taken only when all of it was checked.
 */
__attribute__((always_inline)) static inline int
clblock(struct clscan *c, const unsigned char *s, size_t off)
{
	/* ASCII letters and digits, lead bytes E5-E9 and EB-EC, as
	   plain_alnum(): high nibble 3 with low 0-9, 4 and 6 with 1-F,
	   5 and 7 with 0-A, E with 5-9, B, C. */
#define AL(n) ((char)(((n) <= 9 ? 1 : 0) | ((n) >= 1 ? 2 : 0) | \
	((n) <= 10 ? 4 : 0) | (((n) >= 5 && (n) <= 9) || (n) == 11 || \
	(n) == 12 ? 8 : 0)))
	const __m256i ahi = _mm256_setr_epi8(VEC_LANES(
	    0, 0, 0, 1, 2, 4, 2, 4, 0, 0, 0, 0, 0, 0, 8, 0));
	const __m256i alo = _mm256_setr_epi8(VEC_LANES(VEC_NIBBLES(AL)));
#undef AL
	const __m256i zero = _mm256_setzero_si256();
	__m256i in = _mm256_loadu_si256((const __m256i *)(const void *)s);
	__m256i n1 = _mm256_loadu_si256((const __m256i *)(const void *)
	    (s + 1));
	__m256i err = utf8_block_errors(in, c->prev);
	uint64_t nl, sp, nextspnl, other, alnum, stop, ends, below, start;
	unsigned b;

	c->prev = in;
	nl = (uint32_t)_mm256_movemask_epi8(vec_is(in, '\n'));
	sp = (uint32_t)_mm256_movemask_epi8(vec_is(in, ' '));
	nextspnl = (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(
	    vec_is(n1, ' '), vec_is(n1, '\n')));
	other = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
	    plain_class(in), zero)) & ~nl;
	if (other != 0)
		other &= ~(uint64_t)plain_lead(in, n1, _mm256_loadu_si256(
		    (const __m256i *)(const void *)(s + 2)));
	other |= (uint32_t)_mm256_movemask_epi8(_mm256_cmpgt_epi8(
	    _mm256_min_epu8(err, _mm256_set1_epi8(1)), zero));
	alnum = ~(uint64_t)(uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
	    vec_nibbles(in, ahi, alo), zero)) & 0xFFFFFFFFu;

	/* A space first, last or beside another; an empty line. */
	stop = (other | (sp & (((sp | nl) << 1) | c->prevspnl | nextspnl)) |
	    (nl & ((nl << 1) | c->prevnl))) & 0xFFFFFFFFu;
	ends = nl;
	if (stop != 0)
		ends &= ((uint64_t)1 << __builtin_ctzll(stop)) - 1;
	for (start = 0; ends != 0; ends &= ends - 1) {
		b = __builtin_ctzll(ends);
		below = ((uint64_t)1 << b) - ((uint64_t)1 << start);
		if (!c->seen && (alnum & below) == 0)
			return 0;	/* no letter or digit */
		c->taken = off + b + 1;
		c->nlines++;
		c->seen = 0;
		start = b + 1;
	}
	if (stop != 0)
		return 0;
	c->seen |= (alnum >> start) != 0;
	c->prevspnl = ((sp | nl) >> 31) & 1;
	c->prevnl = (nl >> 31) & 1;
	return 1;
}

/* See cleanlines() in tidy.c. */
static size_t
cleanlines_avx2(const unsigned char *s, size_t n, unsigned long long *nlines)
{
	struct clscan c;
	unsigned char pad[66];
	size_t i;

	c.prev = _mm256_setzero_si256();
	c.prevspnl = c.prevnl = 1;
	c.seen = 0;
	c.taken = 0;
	c.nlines = 0;
	/* The tail is read from a copy padded with NULs, which stop the
	   scan: one call site, for the compiler to inline the block. */
	for (i = 0;; i += 32) {
		const unsigned char *b = s + i;

		if (i + 34 > n) {
			memset(pad, 0, sizeof(pad));
			memcpy(pad, s + i, n - i);
			b = pad;
		}
		if (!clblock(&c, b, i) || b == pad)
			break;
	}
	*nlines = c.nlines;
	return c.taken;
}

/*
 * The lead bytes in in of Hangul syllables (U+AC00..U+D7A3) and CJK
 * ideographs (U+4E00..U+9FFF), n1 and n2 the bytes after each.
 */
static inline __m256i
wide_lead(__m256i in, __m256i n1, __m256i n2)
{
	__m256i lo, hi;

	lo = _mm256_or_si256(_mm256_and_si256(vec_is(in, 0xE4),
	    vec_in(n1, 0xB8, 0xBF)), _mm256_and_si256(vec_is(in, 0xEA),
	    vec_in(n1, 0xB0, 0xBF)));
	hi = _mm256_and_si256(vec_is(in, 0xED), _mm256_or_si256(
	    vec_in(n1, 0x80, 0x9D), _mm256_and_si256(vec_is(n1, 0x9E),
	    vec_in(n2, 0x80, 0xA3))));
	return _mm256_or_si256(_mm256_or_si256(vec_in(in, 0xE5, 0xE9),
	    vec_in(in, 0xEB, 0xEC)), _mm256_or_si256(lo, hi));
}

/*
 * The lead bytes in in of characters of one column beyond ASCII:
 * U+00C0..U+02FF (accented Latin letters) and U+2010..U+2027,
 * U+2030..U+205F (dashes, quotes, bullets, the ellipsis, primes).
 */
static inline __m256i
narrow_lead(__m256i in, __m256i n1, __m256i n2)
{
	__m256i p;

	p = _mm256_or_si256(_mm256_and_si256(vec_is(n1, 0x80),
	    _mm256_or_si256(vec_in(n2, 0x90, 0xA7), vec_in(n2, 0xB0, 0xBF))),
	    _mm256_and_si256(vec_is(n1, 0x81), vec_in(n2, 0x80, 0x9F)));
	return _mm256_or_si256(vec_in(in, 0xC3, 0xCB),
	    _mm256_and_si256(vec_is(in, 0xE2), p));
}

/*
 * See colwidth_c() in unwrap.c: 32 bytes at a time, a character is a
 * byte that is no continuation byte, and the lead byte of a Hangul
 * syllable or a CJK ideograph one column more; a lead byte of neither
 * kind nor of a character of one column means look closer. The tail is
 * padded with continuation bytes, which count nothing.
 */
static unsigned
colwidth_avx2(const unsigned char *s, size_t n)
{
	unsigned char pad[66];
	__m256i in, n1, n2;
	uint32_t cont, lead, wide, narrow;
	size_t i;
	unsigned w = 0;

	for (i = 0; i < n; i += 32) {
		const unsigned char *b = s + i;

		if (n - i < 34) {
			memset(pad, 0x80, sizeof(pad));
			memcpy(pad, b, n - i);
			b = pad;
		}
		in = _mm256_loadu_si256((const __m256i *)(const void *)b);
		cont = (uint32_t)_mm256_movemask_epi8(vec_is(
		    _mm256_and_si256(in, V8(0xC0)), 0x80));
		lead = (uint32_t)_mm256_movemask_epi8(in) & ~cont;
		n1 = _mm256_loadu_si256((const __m256i *)(const void *)(b + 1));
		n2 = _mm256_loadu_si256((const __m256i *)(const void *)(b + 2));
		wide = (uint32_t)_mm256_movemask_epi8(wide_lead(in, n1, n2));
		if ((lead & ~wide) != 0) {
			narrow = (uint32_t)_mm256_movemask_epi8(narrow_lead(in,
			    n1, n2));
			if ((lead & ~wide & ~narrow) != 0)
				return COLWIDTH_UNKNOWN;
		}
		w += 32 - (unsigned)__builtin_popcount(cont) +
		    (unsigned)__builtin_popcount(wide);
	}
	return w;
}

const struct tidyvec tidy_avx2 = { plainrun_avx2, cleanlines_avx2,
	colwidth_avx2 };

RINSE_VECTOR_END
#else
typedef int tidy_avx2_unused;	/* ISO C wants something in a file */
#endif
