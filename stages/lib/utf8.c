/* utf8.c: strict UTF-8 decoding (see utf8.h for the contract). */
#include <stdint.h>
#include <string.h>

#include <rinse/simd.h>
#include <rinse/utf8.h>

size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	unsigned lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xC2 || c > 0xF4) {
		*cp = UTF8_INVALID;
		return 1;
	}
	if (c < 0xE0) {
		need = 1;
		v = c & 0x1F;
	} else if (c < 0xF0) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;	/* overlong */
		else if (c == 0xED)
			hi = 0x9F;	/* surrogates */
	} else {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;	/* overlong */
		else if (c == 0xF4)
			hi = 0x8F;	/* above U+10FFFF */
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*cp = UTF8_INVALID;
			return i;
		}
		v = v << 6 | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

size_t
utf8_encode(uint32_t cp, unsigned char out[4])
{
	if (cp < 0x80) {
		out[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = 0xC0 | cp >> 6;
		out[1] = 0x80 | (cp & 0x3F);
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = 0xE0 | cp >> 12;
		out[1] = 0x80 | (cp >> 6 & 0x3F);
		out[2] = 0x80 | (cp & 0x3F);
		return 3;
	}
	out[0] = 0xF0 | cp >> 18;
	out[1] = 0x80 | (cp >> 12 & 0x3F);
	out[2] = 0x80 | (cp >> 6 & 0x3F);
	out[3] = 0x80 | (cp & 0x3F);
	return 4;
}

/* Whether the 8 bytes at s are all ASCII. */
static int
ascii8(const unsigned char *s)
{
	uint64_t w;

	memcpy(&w, s, 8);
	return (w & 0x8080808080808080ULL) == 0;
}

/*
 * The scalar validator, written out for speed: ASCII eight bytes at a
 * time, and each multibyte form checked inline against the same bounds as
 * utf8_decode().
 */
static size_t
valid_scalar(const unsigned char *s, size_t n)
{
	size_t i = 0;
	unsigned c, b1, lo, hi;

	while (i < n) {
		c = s[i];
		if (c < 0x80) {
			while (i + 8 <= n && ascii8(s + i))
				i += 8;
			while (i < n && s[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
				return i;
			i += 2;
			continue;
		}
		if (c >= 0xE0 && c <= 0xEF) {
			if (i + 2 >= n)
				return i;
			b1 = s[i + 1];
			lo = c == 0xE0 ? 0xA0 : 0x80;
			hi = c == 0xED ? 0x9F : 0xBF;
			if (b1 < lo || b1 > hi || (s[i + 2] & 0xC0) != 0x80)
				return i;
			i += 3;
			continue;
		}
		if (c >= 0xF0 && c <= 0xF4) {
			if (i + 3 >= n)
				return i;
			b1 = s[i + 1];
			lo = c == 0xF0 ? 0x90 : 0x80;
			hi = c == 0xF4 ? 0x8F : 0xBF;
			if (b1 < lo || b1 > hi || (s[i + 2] & 0xC0) != 0x80 ||
			    (s[i + 3] & 0xC0) != 0x80)
				return i;
			i += 4;
			continue;
		}
		return i;
	}
	return n;
}

#if RINSE_AVX2
#include <rinse/utf8avx2.h>

/*
 * Returns n when s is valid; else how far it is known valid, at a
 * character boundary, for the scalar validator to find the exact place.
 * The last partial block is checked as a copy padded with NULs, which end
 * any character cut short.
 */
AVX2_FN static size_t
valid_avx2(const unsigned char *s, size_t n, size_t avail)
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
#endif

/* Length of the longest valid prefix: SIMD where it can, scalar after. */
size_t
utf8_valid_ahead(const unsigned char *s, size_t n, size_t avail)
{
	size_t i = 0;

#if RINSE_AVX2
	if ((n >= 16 || (n > 0 && avail >= 32)) && simd_avx2()) {
		i = valid_avx2(s, n, avail);
		if (i == n)
			return n;
	}
#else
	(void)avail;
#endif
	return i + valid_scalar(s + i, n - i);
}

size_t
utf8_valid(const unsigned char *s, size_t n)
{
	return utf8_valid_ahead(s, n, n);
}

size_t
utf8_sanitize(const unsigned char *s, size_t n, unsigned char *out,
    unsigned long long *bad)
{
	size_t i = 0, o = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_valid(s + i, n - i);
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
		if (i < n) {
			k = utf8_decode(s + i, n - i, &cp);
			memcpy(out + o, UTF8_REPLACEMENT, 3);
			o += 3;
			i += k;
			++*bad;
		}
	}
	return o;
}
