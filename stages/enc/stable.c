/*
 * stable.c: runs of UTF-8 that NFC leaves alone, passed over eight bytes
 * at a time (for rinse-enc's scan of text that may need NFC).
 *
 * Korean and Chinese text is mostly characters of U+4000..U+9FFF and
 * U+B000..U+D7FF (CJK ideographs, Hangul syllables), whose lead bytes are
 * 0xE4..0xE9 and 0xEB..0xED, or 0xEA before 0xB0..0xBF, with ASCII, U+0080..U+02FF (leads 0xC2..0xCB)
 * and continuation bytes between them. None of those characters changes
 * under NFC, and none changes a character before it. A word of eight
 * bytes that holds no other byte holds nothing NFC could change, and
 * needs no character-by-character look.
 *
 * The byte ranges are checked once against the table of characters NFC
 * may change (stable_ok()); if the table ever disagreed (another Unicode
 * version), the caller does not pass over anything.
 */
#include <stdint.h>
#include <string.h>

#include <rinse/simd.h>

#include "enc.h"

#define LO7	0x7F7F7F7F7F7F7F7Full
#define HIGH	0x8080808080808080ull
#define EACH(b)	((b) * 0x0101010101010101ull)

/* The code points of the lead bytes passed over. */
static const uint32_t ranges[][2] = {
	{ 0x0080, 0x02FF },	/* 0xC2..0xCB */
	{ 0x4000, 0x9FFF },	/* 0xE4..0xE9 */
	{ 0xAC00, 0xD7FF },	/* 0xEA 0xB0.., 0xEB..0xED (0xED 0xA0..
				 * is invalid) */
};

int
stable_ok(const unsigned char *maybe)
{
	size_t k;
	uint32_t cp;

	for (k = 0; k < sizeof(ranges) / sizeof(ranges[0]); k++)
		for (cp = ranges[k][0]; cp <= ranges[k][1]; cp++)
			if (maybe[cp >> 3] >> (cp & 7) & 1)
				return 0;
	return 1;
}

/*
 * With the high bit set, a byte is passed over if its low seven bits x
 * are below 0x4C (continuation bytes, leads up to 0xCB) or within
 * 0x64..0x6D (leads 0xE4..0xED); a lead 0xEA only before 0xB0..0xBF
 * (U+AC00..U+AFFF, Hangul: the rest of U+A000..U+AFFF has combining
 * marks). Each test is an addition that sets bit 7 of a byte's lane when
 * x reaches a bound; no lane carries into the next, as every sum stays
 * below 0x100.
 */
size_t
stable_run_c(const unsigned char *s, size_t i, size_t n)
{
	uint64_t w, next, x, ge4c, ge64, ge6e, ea, hangul, bad;

	for (; i + 9 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		if ((w & HIGH) == 0)
			continue;
		memcpy(&next, s + i + 1, 8);	/* each lane's next byte */
		x = w & LO7;
		ge4c = x + EACH(0x80 - 0x4C);
		ge64 = x + EACH(0x80 - 0x64);
		ge6e = x + EACH(0x80 - 0x6E);
		ea = ~((x ^ EACH(0x6A)) + LO7);	/* bit 7 where x is 0x6A */
		hangul = (next & next << 1 & EACH(0x20)) << 2;	/* 0xB0.. */
		bad = ((ge4c & ~ge64) | ge6e | (ea & ~hangul)) & w & HIGH;
		if (bad != 0)
			break;
	}
	return i;
}

/* The kernel for this processor: see include/rinse/simd.h. */
size_t
stable_run(const unsigned char *s, size_t i, size_t n)
{
#if RINSE_AVX2
	if (n - i >= 33 && simd_avx2())
		return stable_run_avx2(s, i, n);
#endif
	return stable_run_c(s, i, n);
}
