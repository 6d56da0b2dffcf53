/*
 * find2_avx2.c: simd_find2()'s vector kernel (simd.c), built whole for
 * AVX2 and called only where simd_avx2() says it may run; two memchr()
 * calls are its portable twin.
 */
#include <stddef.h>

#include <rinse/simd.h>

#if RINSE_AVX2
#include <immintrin.h>

RINSE_VECTOR_BEGIN

/* The first byte of s[0..n) that is a or b, or NULL. */
const char *
simd_find2_avx2(const char *s, size_t n, char a, char b)
{
	const __m256i va = _mm256_set1_epi8(a), vb = _mm256_set1_epi8(b);
	__m256i in;
	unsigned m;
	size_t i;

	for (i = 0; i + 32 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		m = (unsigned)_mm256_movemask_epi8(_mm256_or_si256(
		    _mm256_cmpeq_epi8(in, va), _mm256_cmpeq_epi8(in, vb)));
		if (m != 0)
			return s + i + __builtin_ctz(m);
	}
	for (; i < n; i++)
		if (s[i] == a || s[i] == b)
			return s + i;
	return NULL;
}

RINSE_VECTOR_END
#endif
