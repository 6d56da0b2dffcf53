/*
 * enc_avx2.c: the vector kernels of rinse-enc, built whole for AVX2 and
 * called only where simd_avx2() says they may run: stable_run_avx2()
 * (the twin of stable_run_c(), stable.c) and controls_avx2() (the twin
 * of controls_c(), ctl.c). Each returns what its twin returns, 32 bytes
 * at a time where the twin takes eight.
 */
#include <stddef.h>

#include <rinse/simd.h>

#include "enc.h"

#if RINSE_AVX2
#include <immintrin.h>

RINSE_VECTOR_BEGIN

#include <rinse/vecops.h>

/*
 * The bytes stable_run_c() does not pass over, given the 32 bytes in and
 * the 32 after each (next): with the high bit set, low seven bits x from
 * 0x4C to 0x63 or from 0x6E on, or 0x6A (lead 0xEA) before a byte whose
 * bits 4 and 5 are not both set (not 0xB0..0xBF).
 */
static inline unsigned
unstable(__m256i in, __m256i next)
{
	__m256i x = _mm256_and_si256(in, V8(0x7F));
	__m256i hangul = vec_is(_mm256_and_si256(next, V8(0x30)), 0x30);
	__m256i bad = _mm256_or_si256(_mm256_or_si256(vec_in(x, 0x4C, 0x63),
	    vec_in(x, 0x6E, 0x7F)), _mm256_andnot_si256(hangul,
	    vec_is(x, 0x6A)));

	return (unsigned)_mm256_movemask_epi8(_mm256_and_si256(bad, in));
}

size_t
stable_run_avx2(const unsigned char *s, size_t i, size_t n)
{
	__m256i in, next;
	unsigned m;

	for (; i + 33 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		next = _mm256_loadu_si256((const __m256i *)(const void *)
		    (s + i + 1));
		if ((m = unstable(in, next)) != 0)
			return i + (__builtin_ctz(m) & ~7u);
	}
	return stable_run_c(s, i, n);
}

/* The bytes isctl() (ctl.c) takes: below 0x20, not \t \n \f \r ESC. */
static inline unsigned
ctlmask(__m256i in)
{
	__m256i ok = _mm256_or_si256(_mm256_or_si256(vec_is(in, '\t'),
	    vec_is(in, '\n')), _mm256_or_si256(_mm256_or_si256(vec_is(in,
	    '\f'), vec_is(in, '\r')), vec_is(in, 0x1B)));

	return (unsigned)_mm256_movemask_epi8(_mm256_andnot_si256(ok,
	    vec_le(in, 0x1F)));
}

size_t
controls_avx2(const unsigned char *s, size_t n, size_t *hi)
{
	__m256i in, any = _mm256_setzero_si256();
	size_t i, ctl = 0, rest;

	for (i = 0; i + 32 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		any = _mm256_or_si256(any, in);
		ctl += (size_t)__builtin_popcount(ctlmask(in));
	}
	ctl += controls_c(s + i, n - i, &rest);
	*hi = rest || _mm256_movemask_epi8(any) != 0;
	return ctl;
}

RINSE_VECTOR_END
#endif
