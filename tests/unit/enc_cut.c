/*
 * enc_cut.c: decoding a sample must survive any multibyte sequence cut
 * or broken at its end, for every encoding decoded through iconv. glibc's
 * CP949 takes in some bad pairs (A2 E8) before it says EILSEQ, so that
 * nothing is left of the sample; the decoder once skipped a byte more and
 * read far past the end.
 *
 * Every lead byte, alone and with every second byte, ends a sample of
 * its own and one after a byte of text, whole (final) or not; the decode
 * must give no more characters and errors than bytes.
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

/* Checks one sample s[0..n) with encoding e; returns 0 when it failed. */
static int
one(struct detector *d, int e, const unsigned char *s, size_t n)
{
	int final, ok = 1;

	for (final = 0; final < 2; final++) {
		decode_sample(d, e, s, n, final);
		if (d->ncps > n || d->errors > n)
			ok = 0;
	}
	return ok;
}

int
main(void)
{
	struct detector d;
	unsigned char s[4];
	int e, lead, trail, failed;
	size_t tried = 0;

	detector_init(&d);
	for (e = 0; e < E_OTHER; e++) {
		if (encodings[e].kind == EK_SB || encodings[e].kind == EK_UTF8)
			continue;
		failed = 0;
		for (lead = 0x80; lead < 0x100; lead++) {
			s[0] = s[1] = (unsigned char)lead;
			failed += !one(&d, e, s, 1);
			for (trail = 0; trail < 0x100; trail++) {
				s[0] = 0xA2;	/* a lead byte of most of them */
				s[1] = (unsigned char)lead;
				s[2] = (unsigned char)trail;
				failed += !one(&d, e, s + 1, 2);
				failed += !one(&d, e, s, 3);
				tried += 2;
			}
		}
		if (failed > 0)
			fprintf(stderr, "%s: %d samples decoded to more than "
			    "their bytes\n", encodings[e].name, failed);
		CHECK(failed == 0);
	}
	CHECK(tried > 0);
	detector_free(&d);
	return check_failed != 0;
}
