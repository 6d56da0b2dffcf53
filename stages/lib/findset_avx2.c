/*
 * findset_avx2.c: simd_findset()'s vector kernel (simd.c), built whole
 * for AVX2 and called only where simd_avx2() says it may run; the table
 * loop of simd_findset() is its portable twin.
 *
 * Thirty-two bytes a round: two shuffles look up the bits of each byte's
 * low and high nibbles (struct byteset), and a byte whose bits meet may be
 * in the set; the table says whether it is.
 */
#include <stddef.h>

#include <rinse/simd.h>

#if RINSE_AVX2
#include <immintrin.h>

RINSE_VECTOR_BEGIN

const char *
simd_findset_avx2(const char *s, size_t n, const struct byteset *set)
{
	const __m256i lo = _mm256_broadcastsi128_si256(_mm_loadu_si128(
	    (const __m128i *)(const void *)set->lo)),
	    hi = _mm256_broadcastsi128_si256(_mm_loadu_si128(
	    (const __m128i *)(const void *)set->hi)),
	    nib = _mm256_set1_epi8(0x0F), zero = _mm256_setzero_si256();
	__m256i in, a, b;
	unsigned m;
	size_t i;

	for (i = 0; i + 32 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		a = _mm256_shuffle_epi8(lo, _mm256_and_si256(in, nib));
		b = _mm256_shuffle_epi8(hi, _mm256_and_si256(
		    _mm256_srli_epi16(in, 4), nib));
		m = ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(
		    _mm256_and_si256(a, b), zero));
		for (; m != 0; m &= m - 1)
			if (set->in[(unsigned char)s[i + __builtin_ctz(m)]])
				return s + i + __builtin_ctz(m);
	}
	for (; i < n; i++)
		if (set->in[(unsigned char)s[i]])
			return s + i;
	return NULL;
}

RINSE_VECTOR_END
#endif
