/*
 * utf8_avx2.c: the vector kernel of the core's UTF-8 validator (utf8.c),
 * built whole for AVX2 (include/rinse/simd.h) and called only where
 * simd_avx2() says it may run; the scalar loop of utf8.c is its portable
 * twin and finds the same answer.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <rinse/simd.h>
#include <rinse/utf8.h>

#if RINSE_AVX2
#include <immintrin.h>

#include <rinse/utf8avx2.h>

RINSE_VECTOR_BEGIN

/*
 * Returns n when s is valid; else how far it is known valid, at a
 * character boundary, for the scalar validator to find the exact place.
 * The last partial block is checked as a copy padded with NULs, which end
 * any character cut short.
 */
size_t
utf8_valid_avx2(const unsigned char *s, size_t n, size_t avail)
{
	__m256i prev = _mm256_setzero_si256(), in, err;
	unsigned char pad[32];
	uint32_t bad;
	size_t i, j;

	for (i = 0; i + 32 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		err = utf8_block_errors(in, prev);
		if (!_mm256_testz_si256(err, err))
			goto back;
		prev = in;
	}
	if (i == n || i + 32 <= avail) {
		/* Read on past n, if there is a part block: errors there do
		   not count, and a last character cut short is for the
		   scalar check to see. */
		if (i < n) {
			in = _mm256_loadu_si256((const __m256i *)(const void *)
			    (s + i));
			err = utf8_block_errors(in, prev);
			bad = ~(uint32_t)_mm256_movemask_epi8(
			    _mm256_cmpeq_epi8(err, _mm256_setzero_si256()));
			if ((bad & (((uint32_t)1 << (n - i)) - 1)) != 0)
				goto back;
		}
		if (s[n - 1] < 0x80)
			return n;
		i = n;
		goto back;
	}
	memset(pad, 0, sizeof(pad));
	memcpy(pad, s + i, n - i);
	in = _mm256_loadu_si256((const __m256i *)(const void *)pad);
	err = utf8_block_errors(in, prev);
	if (_mm256_testz_si256(err, err))
		return n;
back:
	/* Back up to the start of the last character before i, which may
	   run on past it or be cut short. */
	for (j = i; j > 0 && i - j < 4;)
		if ((s[--j] & 0xC0) != 0x80)
			break;
	return j;
}

RINSE_VECTOR_END
#endif
