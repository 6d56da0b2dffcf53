/*
 * enc_again.c: the cheap checks of rinse-enc's detector.
 *
 * detect_cp949_again() takes a record after a CP949 one as CP949 from
 * AGAIN_SAMPLE bytes. A pair that the end of those bytes cuts in two is
 * no error (it once was: every other Korean record was detected from
 * scratch, depending only on where its ASCII bytes fell); a pair cut by
 * the end of the record is one. And is_letter() answers for Latin-1 and
 * Latin Extended without utf8proc: it must answer as utf8proc does.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../../stages/enc/detect.c"
#include "../../stages/enc/labels.c"
#include "../../stages/enc/sample.c"
#include "../../stages/enc/freq.c"
#include "../../stages/enc/langs.c"
#include "../../stages/enc/lang.c"
#include "../../stages/enc/bigrams.c"
#include "../../stages/enc/ctl.c"
#include "../../stages/enc/stable.c"
#include "../../stages/enc/enc_avx2.c"

/* "한국어 " in CP949. */
static const unsigned char kword[] = { 0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE,
    ' ' };

/* Fills s[0..n) with Korean words after `ascii` ASCII bytes. */
static size_t
korean(unsigned char *s, size_t n, size_t ascii)
{
	size_t i = 0;

	while (i < ascii && i < n)
		s[i++] = 'a';
	while (i + sizeof(kword) <= n) {
		memcpy(s + i, kword, sizeof(kword));
		i += sizeof(kword);
	}
	while (i < n)
		s[i++] = ' ';
	return i;
}

static int
lead(unsigned char c)
{
	return c == kword[0] || c == kword[2] || c == kword[4];
}

int
main(void)
{
	struct detector d;
	unsigned char s[2048];
	size_t ascii, n;
	uint32_t cp;

	detector_init(&d);
	/*
	 * The sample of a long Korean record ends in the middle of a pair
	 * (511 is a multiple of the word's 7 bytes): it is taken all the
	 * same, whatever the ASCII before it.
	 */
	for (ascii = 0; ascii < 3; ascii++) {
		n = korean(s, sizeof(s), ascii);
		CHECK(lead(s[ascii + AGAIN_SAMPLE - 1]));
		CHECK(detect_cp949_again(&d, s, n));
	}
	/* A record that ends in half a pair is not clearly CP949. */
	n = korean(s, 200, 0);
	while (n > 0 && s[n - 1] == ' ')
		n--;
	CHECK(detect_cp949_again(&d, s, n));
	CHECK(!detect_cp949_again(&d, s, n - 1));
	/* Nor UTF-8, nor ASCII alone. */
	CHECK(!detect_cp949_again(&d, (const unsigned char *)
	    "\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4 \xED\x95\x9C\xEA\xB5\xAD"
	    "\xEC\x96\xB4 \xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4", 29));
	CHECK(!detect_cp949_again(&d, (const unsigned char *)"ascii", 5));

	for (cp = 0; cp < 0x2000; cp++) {
		int cat = utf8proc_category(cp), want = cp < 0x80 ?
		    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') :
		    cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
		    cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LM ||
		    cat == UTF8PROC_CATEGORY_LO || cat == UTF8PROC_CATEGORY_MN ||
		    cat == UTF8PROC_CATEGORY_MC;

		if (is_letter(cp) != want)
			fprintf(stderr, "U+%04X: is_letter %d\n", (unsigned)cp,
			    is_letter(cp));
		CHECK(is_letter(cp) == want);
	}
	detector_free(&d);
	return check_failed != 0;
}
