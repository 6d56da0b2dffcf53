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
#include <immintrin.h>

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
block_errors(__m256i in, __m256i prev)
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

/*
 * Returns n when s is valid; else how far it is known valid, at a
 * character boundary, for the scalar validator to find the exact place.
 * The last partial block is checked as a copy padded with NULs, which end
 * any character cut short.
 */
AVX2_FN static size_t
valid_avx2(const unsigned char *s, size_t n)
{
	__m256i prev = _mm256_setzero_si256(), in, err;
	unsigned char pad[32];
	size_t i, j;

	for (i = 0; i + 32 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		err = block_errors(in, prev);
		if (!_mm256_testz_si256(err, err))
			goto back;
		prev = in;
	}
	memset(pad, 0, sizeof(pad));
	memcpy(pad, s + i, n - i);
	in = _mm256_loadu_si256((const __m256i *)(const void *)pad);
	err = block_errors(in, prev);
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
utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;

#if RINSE_AVX2
	if (n >= 16 && simd_avx2()) {
		i = valid_avx2(s, n);
		if (i == n)
			return n;
	}
#endif
	return i + valid_scalar(s + i, n - i);
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
