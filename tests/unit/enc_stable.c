/*
 * enc_stable.c: stable_run() may pass over a word of eight bytes only
 * when every character that starts in it is one of its ranges (ASCII,
 * U+0080..U+02FF, U+4000..U+9FFF, U+AC00..U+D7FF), and must pass over
 * such words. Every BMP character is put at each place of a word of
 * ASCII, of Hangul and of CJK, and the answer is checked against the
 * ranges; stable_ok() must accept utf8proc's table of today.
 */
#include <stdint.h>
#include <string.h>

#include <rinse/utf8.h>

#include "check.h"
#include "../../stages/enc/stable.c"
#include "../../stages/enc/ctl.c"
#include "../../stages/enc/enc_avx2.c"

static int
inrange(uint32_t cp)
{
	return cp < 0x300 || (cp >= 0x4000 && cp <= 0x9FFF) ||
	    (cp >= 0xAC00 && cp <= 0xD7FF);
}

/* Fills s[0..n) with copies of the character c (of k bytes), then 'a'. */
static void
fill(unsigned char *s, size_t n, const unsigned char *c, size_t k)
{
	size_t i;

	for (i = 0; i + k <= n; i += k)
		memcpy(s + i, c, k);
	memset(s + i, 'a', n - i);
}

/*
 * The vector kernels against their twins (stable.c, ctl.c): every byte
 * at every place of a block, in runs of ASCII, Hangul and CJK, and what
 * follows it, for every start and a few lengths.
 */
#if RINSE_AVX2
static void
twins(const unsigned char *s)
{
	size_t i, n, h1, h2;

	for (i = 0; i < 8; i++)
		for (n = 40; n <= 74; n += 17)
			CHECK(stable_run_avx2(s, i, n) == stable_run_c(s, i, n));
	for (n = 32; n <= 75; n += 43) {
		CHECK(controls_avx2(s, n, &h1) == controls_c(s, n, &h2));
		CHECK(h1 == h2);
	}
}
#endif

static void
kernels(void)
{
#if RINSE_AVX2
	static const unsigned char bg[][3] = {
		{ 'a' }, { 0xED, 0x95, 0x9C }, { 0xEA, 0xB0, 0x80 },
		{ 0xE4, 0xB8, 0x80 }, { 0xC3, 0xA9 }
	};
	static const size_t bgk[] = { 1, 3, 3, 3, 2 };
	unsigned char s[80];
	size_t b, at;
	unsigned c, next;

	if (!simd_avx2())
		return;
	for (b = 0; b < 5; b++)
		for (c = 0; c < 256; c++)
			for (next = 0; next < 256; next += 0x10)
				for (at = 0; at + 1 < 72; at++) {
					fill(s, sizeof(s), bg[b], bgk[b]);
					s[at] = (unsigned char)c;
					s[at + 1] = (unsigned char)(next | 10);
					twins(s);
				}
#endif
}

int
main(void)
{
	static const unsigned char bg[][3] = {
		{ 'a' }, { 0xED, 0x95, 0x9C }, { 0xE4, 0xB8, 0x80 },
	};
	static const size_t bgk[] = { 1, 3, 3 };
	unsigned char s[40], c[4];
	size_t b, at, k, got, bad = 0, missed = 0;
	uint32_t cp;

	for (cp = 0x80; cp < 0x10000; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		k = utf8_encode(cp, c);
		for (b = 0; b < 3; b++)
			for (at = 0; at < 8; at++) {
				fill(s, sizeof(s), bg[b], bgk[b]);
				memcpy(s + 8 + at, c, k);
				/* what follows it: whole characters again */
				fill(s + 8 + at + k, 16, bg[b], bgk[b]);
				got = stable_run(s, 8, sizeof(s));
				if (!inrange(cp) && got > 8 + at)
					bad++;
				if (inrange(cp) && b == 0 && k == 2 &&
				    at < 6 && got <= 8)
					missed++;
			}
	}
	CHECK(bad == 0);
	CHECK(missed == 0);
	/* a word of Hangul syllables of every lead, 0xEA 0xB0.. included */
	fill(s, sizeof(s), (const unsigned char *)"\xEA\xB0\x80", 3);
	CHECK(stable_run(s, 0, 33) >= 24);
	fill(s, sizeof(s), (const unsigned char *)"\xEA\x99\xAF", 3);
	CHECK(stable_run(s, 0, 33) == 0);	/* U+A66F, a combining mark */
	/* nothing is passed over within the last eight bytes */
	fill(s, 8, (const unsigned char *)"a", 1);
	CHECK(stable_run(s, 0, 8) == 0);
	kernels();
	return check_failed;
}
