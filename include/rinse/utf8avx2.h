/*
 * utf8avx2.h: the AVX2 UTF-8 check of 32 bytes, for the core's validator
 * and for stages that validate in the same pass as another scan. Include
 * it only under #if RINSE_AVX2 (include/rinse/simd.h).
 */
#ifndef RINSE_UTF8AVX2_H
#define RINSE_UTF8AVX2_H

#include <immintrin.h>

#include <rinse/simd.h>

/*
 * Validation 32 bytes at a time with AVX2, after Keiser and Lemire,
 * "Validating UTF-8 in less than one instruction per byte" (2021): three
 * 16-entry tables, indexed by the high and low nibble of the previous
 * byte and the high nibble of this one, flag every bad two-byte pair;
 * what pairs cannot see (a third or fourth byte that is not a
 * continuation, or a continuation too many) falls out of comparing the
 * bytes two and three back with the continuations found.
 */
#define TOO_SHORT	(1 << 0)	/* lead or ASCII, then a lead or ASCII */
#define TOO_LONG	(1 << 1)	/* ASCII, then a continuation */
#define OVERLONG_3	(1 << 2)	/* E0 80..9F */
#define TOO_LARGE	(1 << 3)	/* F4 90..BF, F5.. */
#define SURROGATE	(1 << 4)	/* ED A0..BF */
#define OVERLONG_2	(1 << 5)	/* C0, C1 */
#define TOO_LARGE_1000	(1 << 6)	/* F5.. 80..8F */
#define OVERLONG_4	(1 << 6)	/* F0 80..8F */
#define TWO_CONTS	(1 << 7)	/* a continuation, then another */
#define CARRY		(TOO_SHORT | TOO_LONG | TWO_CONTS)

/* A 16-byte table in both lanes; the casts take 0x80..0xFF as bytes. */
#define C(x) ((char)(unsigned char)(x))
#define T16(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) \
	_mm256_setr_epi8(C(a), C(b), C(c), C(d), C(e), C(f), C(g), C(h), \
	    C(i), C(j), C(k), C(l), C(m), C(n), C(o), C(p), \
	    C(a), C(b), C(c), C(d), C(e), C(f), C(g), C(h), \
	    C(i), C(j), C(k), C(l), C(m), C(n), C(o), C(p))

/* The errors of the 32 bytes in, given the 32 before them. */
AVX2_FN static inline __m256i
utf8_block_errors(__m256i in, __m256i prev)
{
	const __m256i byte1hi = T16(
	    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
	    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
	    TOO_SHORT | OVERLONG_2,
	    TOO_SHORT,
	    TOO_SHORT | OVERLONG_3 | SURROGATE,
	    TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
	const __m256i byte1lo = T16(
	    CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4,
	    CARRY | OVERLONG_2,
	    CARRY,
	    CARRY,
	    CARRY | TOO_LARGE,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
	    CARRY | TOO_LARGE | TOO_LARGE_1000,
	    CARRY | TOO_LARGE | TOO_LARGE_1000);
	const __m256i byte2hi = T16(
	    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 |
	    OVERLONG_4,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	    TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE,
	    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
	const __m256i nib = _mm256_set1_epi8(0x0F);
	__m256i back, p1, p2, p3, sc;

	back = _mm256_permute2x128_si256(prev, in, 0x21);
	p1 = _mm256_alignr_epi8(in, back, 15);
	p2 = _mm256_alignr_epi8(in, back, 14);
	p3 = _mm256_alignr_epi8(in, back, 13);
	sc = _mm256_and_si256(_mm256_and_si256(
	    _mm256_shuffle_epi8(byte1hi,
	    _mm256_and_si256(_mm256_srli_epi16(p1, 4), nib)),
	    _mm256_shuffle_epi8(byte1lo, _mm256_and_si256(p1, nib))),
	    _mm256_shuffle_epi8(byte2hi,
	    _mm256_and_si256(_mm256_srli_epi16(in, 4), nib)));
	/* Bytes that must be continuations: two after E0.., three after
	   F0..; saturation leaves bit 7 set just for those. */
	return _mm256_xor_si256(sc, _mm256_and_si256(_mm256_or_si256(
	    _mm256_subs_epu8(p2, _mm256_set1_epi8(C(0xE0 - 0x80))),
	    _mm256_subs_epu8(p3, _mm256_set1_epi8(C(0xF0 - 0x80)))),
	    _mm256_set1_epi8(C(0x80))));
}

#undef T16
#undef C
#undef TOO_SHORT
#undef TOO_LONG
#undef OVERLONG_3
#undef TOO_LARGE
#undef SURROGATE
#undef OVERLONG_2
#undef TOO_LARGE_1000
#undef OVERLONG_4
#undef TWO_CONTS
#undef CARRY

#endif
