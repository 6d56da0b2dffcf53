/*
 * ctl.c: the control bytes of a sample that text does not hold, which
 * tell binary input from text (detect()). controls_c() takes a word of
 * eight bytes at a time; controls_avx2() (enc_avx2.c), its vector twin,
 * thirty-two; controls() chooses.
 */
#include <stdint.h>
#include <string.h>

#include <rinse/simd.h>

#include "enc.h"

/* A byte below 0x20 that text does not hold. */
static int
isctl(unsigned char c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
	    c != '\f' && c != 0x1B;
}

/* A word is looked at byte by byte only if one of its bytes is below 0x20. */
size_t
controls_c(const unsigned char *s, size_t n, size_t *hi)
{
	const uint64_t ones = 0x0101010101010101ull, high = ones << 7;
	uint64_t w, any = 0;
	size_t i = 0, k, ctl = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		any |= w;
		/* nonzero if, and only if, a byte is below 0x20 */
		if (((w - 0x20 * ones) & ~w & high) == 0)
			continue;
		for (k = i; k < i + 8; k++)
			ctl += isctl(s[k]);
	}
	for (; i < n; i++) {
		any |= s[i];
		ctl += isctl(s[i]);
	}
	*hi = (any & high) != 0;
	return ctl;
}

size_t
controls(const unsigned char *s, size_t n, size_t *hi)
{
#if RINSE_AVX2
	if (n >= 32 && simd_avx2())
		return controls_avx2(s, n, hi);
#endif
	return controls_c(s, n, hi);
}
