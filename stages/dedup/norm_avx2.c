/*
 * norm_avx2.c: the vector kernel of rinse-dedup's normalizer (norm.h),
 * built whole for AVX2 with BMI1 and BMI2 (include/rinse/simd.h) and
 * used only where norm_kernels() found them. It decodes 64 bytes of a
 * line at a time into the masks of struct blk (block_avx2(), the twin of
 * norm.c's block_c()), and runs scan.h's loop over them; it also holds
 * the vector builds of has_skip_byte() and bits_set(). The contract is
 * the portable twin's, bit for bit: same masks, same code points.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rinse/simd.h>

#if RINSE_AVX2
#include <immintrin.h>

#include "dedup.h"
#include "filter.h"
#include "norm.h"

RINSE_VECTOR_BEGIN

#include <rinse/vecops.h>

/*
 * decode32() and its helpers are always inlined: called, decode32() set
 * up all of its constants again for each half of each block.
 */
#define AVX2_INLINE	__attribute__((always_inline)) inline

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
	const __m256i hi = _mm256_setr_epi8(VEC_LANES(CHI));
	const __m256i lo = _mm256_setr_epi8(VEC_LANES(VEC_NIBBLES(CL)));
#undef CL
#undef CHI
#undef CH
	return vec_nibbles(in, hi, lo);
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
	    vec_le(_mm256_sub_epi8(hi, V8(0xAC)), 0xD6 - 0xAC),
	    vec_le(_mm256_sub_epi8(hi, V8(0x4E)), 0x9F - 0x4E)),
	    _mm256_and_si256(_mm256_cmpeq_epi8(hi, V8(0xD7)), vec_le(lo, 0xA3)));
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

static AVX2_INLINE void
block_avx2(const unsigned char *p, struct blk *k)
{
	k->fast = k->slow = k->wide = 0;
	decode32(p, k, 0);
	decode32(p, k, 32);
}

/*
 * Whether s[0..n) has a byte that a skipped span needs: most lines have
 * none, and one pass over them is all they cost.
 */
static int
has_skip_byte_avx2(const unsigned char *s, size_t n)
{
	const __m256i at = _mm256_set1_epi8('@'), eq = _mm256_set1_epi8('='),
	    br = _mm256_set1_epi8(']');
	__m256i in, any = _mm256_setzero_si256();
	size_t i;

	/* The last block overlaps the one before: no byte loop for the
	   tail of a line of 32 bytes or more. */
	for (i = 0; i < n && n >= 32; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s +
		    (i + 32 <= n ? i : n - 32)));
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

/*
 * bits_set() with BMI2, whose shifts by a register take any register
 * (shlx), where shl takes its count in cl only.
 */
static void
bits_set_avx2(uint64_t *bits, uint64_t mask, const uint64_t *r, size_t n)
{
	bits_set(bits, mask, r, n);
}

#define SCAN_BLOCK	block_avx2
#define SCAN_POPCOUNT(m)	((unsigned)__builtin_popcountll(m))
#define SCAN_NAME	scan_avx2
#include "scan.h"

const struct normvec norm_avx2 = {
	scan_avx2, has_skip_byte_avx2, bits_set_avx2
};

RINSE_VECTOR_END
#else
typedef int norm_avx2_unused;	/* ISO C wants something in a file */
#endif
