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


/* Length of the longest valid prefix: SIMD where it can, scalar after. */
size_t
utf8_valid_ahead(const unsigned char *s, size_t n, size_t avail)
{
	size_t i = 0;

#if RINSE_AVX2
	if ((n >= 16 || (n > 0 && avail >= 32)) && simd_avx2()) {
		i = utf8_valid_avx2(s, n, avail);
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

/* See utf8.h. */
uint32_t
utf8_last(const unsigned char *s, size_t n)
{
	size_t i = n;
	uint32_t cp;

	if (n == 0)
		return 0;
	while (i > 0 && n - i < 4 && (s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i > 0)
		i--;
	utf8_decode(s + i, n - i, &cp);
	return cp == UTF8_INVALID ? 0 : cp;
}
