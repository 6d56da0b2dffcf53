/*
 * plain_avx2.c: plain_span()'s vector kernel (plain.c), built whole for
 * AVX2 and called only where simd_avx2() says it may run; plain_span_c()
 * is its portable twin and returns the same.
 */
#include <stddef.h>

#include <rinse/simd.h>

#include "html.h"

#if RINSE_AVX2
#include <immintrin.h>

RINSE_VECTOR_BEGIN

#include <rinse/vecops.h>

/* 0xFF where a byte is special: a control byte but tab and '\n', DEL,
   '<' or '&'. */
static inline __m256i
special(__m256i in)
{
	__m256i ctl = _mm256_andnot_si256(_mm256_or_si256(vec_is(in, '\t'),
	    vec_is(in, '\n')), vec_le(in, 0x1F));

	return _mm256_or_si256(_mm256_or_si256(ctl, vec_is(in, 0x7F)),
	    _mm256_or_si256(vec_is(in, '<'), vec_is(in, '&')));
}

size_t
plain_span_avx2(const unsigned char *s, size_t n)
{
	size_t i;
	unsigned m;

	for (i = 0; i + 32 <= n; i += 32) {
		m = (unsigned)_mm256_movemask_epi8(special(_mm256_loadu_si256(
		    (const __m256i *)(const void *)(s + i))));
		if (m != 0)
			return i + __builtin_ctz(m);
	}
	/* The last bytes: the block that ends at n, from its first
	   special byte at or after i. */
	if (i < n) {
		m = (unsigned)_mm256_movemask_epi8(special(_mm256_loadu_si256(
		    (const __m256i *)(const void *)(s + n - 32))));
		m >>= i - (n - 32);
		if (m != 0)
			return i + __builtin_ctz(m);
	}
	return n;
}

RINSE_VECTOR_END
#endif
