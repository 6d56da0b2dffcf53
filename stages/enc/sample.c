/*
 * sample.c: the detector's state and each candidate's decoding of the
 * sample.
 *
 * detector_init() and detector_free() make and free a struct detector;
 * the tables of a single-byte code page (sb_table()) and of CP949
 * (cp949_table()) are built on first use from iconv, and
 * decode_sample() turns the sample into code points (d->cps) as a
 * candidate reads it, counting errors (d->errors) and the bytes of a
 * sequence cut by the end of the sample apart (final says whether there
 * is more). The statistics (detect.c) read only what it leaves in d.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "enc.h"


void
detector_init(struct detector *d)
{
	int i;

	memset(d, 0, sizeof(*d));
	for (i = 0; i < NENC; i++)
		d->cd[i] = (iconv_t)-1;
}

void
detector_free(struct detector *d)
{
	int i;

	for (i = 0; i < NENC; i++) {
		if (d->cd[i] != (iconv_t)-1)
			iconv_close(d->cd[i]);
		free(d->sbtab[i]);
		free(d->sbrev[i]);
	}
	free(d->cps);
	free(d->cp949);
	free(d->langw);
	free(d->bigw);
	free(d->writes);
	free(d->pairkey);
	free(d->pairw);
}

static const char *
iconv_name(const struct detector *d, int e)
{
	return e == E_OTHER ? d->other : encodings[e].iconv;
}

const uint32_t *
sb_table(struct detector *d, int e)
{
	iconv_t cd;
	unsigned char out[8];
	uint32_t *t;
	int b;

	if (d->sbtab[e] != NULL)
		return d->sbtab[e];
	if ((cd = iconv_open("UTF-32LE", encodings[e].iconv)) == (iconv_t)-1)
		die("iconv: %s:", encodings[e].iconv);
	t = xmalloc(256 * sizeof(*t));
	for (b = 0; b < 256; b++) {
		char in[1], *ip = in, *op = (char *)out;
		size_t il = 1, ol = sizeof(out);

		in[0] = (char)b;
		iconv(cd, NULL, NULL, NULL, NULL);
		/* The flush: glibc's CP1255 holds a letter for its points. */
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ||
		    iconv(cd, NULL, NULL, &op, &ol) == (size_t)-1 ||
		    ol != sizeof(out) - 4)
			t[b] = BAD;
		else
			t[b] = out[0] | out[1] << 8 | out[2] << 16 |
			    (uint32_t)out[3] << 24;
	}
	iconv_close(cd);
	/* WHATWG's windows-1252 fills its five holes with C1 controls. */
	if (e == E_W1252)
		for (b = 0x80; b < 0xA0; b++)
			if (t[b] == BAD)
				t[b] = b;
	return d->sbtab[e] = t;
}

const uint16_t *
cp949_table(struct detector *d)
{
	iconv_t cd;
	unsigned lead, trail;

	if (d->cp949 != NULL)
		return d->cp949;
	if ((cd = iconv_open("UTF-32LE", "CP949")) == (iconv_t)-1)
		die("iconv: CP949:");
	d->cp949 = xcalloc(126 * 192, sizeof(*d->cp949));
	for (lead = 0x81; lead < 0xFF; lead++)
		for (trail = 0x41; trail < 0xFF; trail++) {
			char in[2], *ip = in, *op;
			unsigned char out[8];
			size_t il = 2, ol = sizeof(out);

			in[0] = (char)lead;
			in[1] = (char)trail;
			op = (char *)out;
			iconv(cd, NULL, NULL, NULL, NULL);
			if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1 &&
			    ol == sizeof(out) - 4 && out[2] == 0)
				d->cp949[(lead - 0x81) * 192 + trail - 0x40] =
				    out[0] | out[1] << 8;
		}
	iconv_close(cd);
	return d->cp949;
}

static void
push(struct detector *d, uint32_t cp)
{
	if (d->ncps == d->capcps) {
		d->capcps = d->capcps ? d->capcps * 2 : 4096;
		d->cps = xrealloc(d->cps, d->capcps * sizeof(*d->cps));
	}
	d->cps[d->ncps++] = cp;
}

/*
 * CP949 by its table, as iconv decodes it: a bad pair is one bad byte,
 * a lead byte at the end an error only if final.
 */
static void
decode_cp949(struct detector *d, const unsigned char *s, size_t n,
    int final)
{
	const uint16_t *t = cp949_table(d);
	size_t i;
	uint32_t cp;

	if (d->capcps < n) {
		d->capcps = n;
		d->cps = xrealloc(d->cps, d->capcps * sizeof(*d->cps));
	}
	for (i = 0; i < n; i++) {
		if (s[i] < 0x80) {
			d->cps[d->ncps++] = s[i];
			continue;
		}
		if (i + 1 == n && !final && s[i] != 0x80 && s[i] != 0xFF)
			break;
		cp = 0;
		if (s[i] != 0xFF && s[i] != 0x80 && i + 1 < n &&
		    s[i + 1] >= 0x41 && s[i + 1] != 0xFF)
			cp = t[(s[i] - 0x81) * 192 + s[i + 1] - 0x40];
		if (cp == 0) {
			d->cps[d->ncps++] = BAD;
			d->errors++;
			continue;
		}
		d->cps[d->ncps++] = cp;
		i++;
	}
}

void
decode_sample(struct detector *d, int e, const unsigned char *s, size_t n,
    int final)
{
	unsigned char out[4096];
	char *ip = (char *)s;
	size_t il = n, i;

	d->ncps = 0;
	d->errors = 0;
	if (e == E_CP949) {
		decode_cp949(d, s, n, final);
		return;
	}
	if (encodings[e].kind == EK_SB) {
		const uint32_t *t = sb_table(d, e);

		for (i = 0; i < n; i++) {
			push(d, t[s[i]]);
			d->errors += t[s[i]] == BAD;
		}
		return;
	}
	if (d->cd[e] == (iconv_t)-1 &&
	    (d->cd[e] = iconv_open("UTF-32LE", iconv_name(d, e))) ==
	    (iconv_t)-1)
		die("iconv: %s:", iconv_name(d, e));
	iconv(d->cd[e], NULL, NULL, NULL, NULL);
	while (il > 0) {
		char *op = (char *)out;
		size_t ol = sizeof(out), r, k;
		int err;

		r = iconv(d->cd[e], &ip, &il, &op, &ol);
		err = r == (size_t)-1 ? errno : 0;
		for (k = 0; k < sizeof(out) - ol; k += 4)
			push(d, out[k] | out[k + 1] << 8 | out[k + 2] << 16 |
			    (uint32_t)out[k + 3] << 24);
		if (err == E2BIG)
			continue;
		if (err == EINVAL && !final)
			break;
		if (err == EILSEQ || err == EINVAL) {
			push(d, BAD);
			d->errors++;
			/*
			 * glibc's CP949 may take in the bad pair before it
			 * says EILSEQ (A2 E8 does): at the end there is no
			 * byte left to skip.
			 */
			if (il == 0)
				break;
			ip++;
			il--;
			iconv(d->cd[e], NULL, NULL, NULL, NULL);
		} else if (err != 0)
			break;
	}
}
