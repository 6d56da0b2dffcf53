/*
 * detect.c: which encoding a sample of bytes is in.
 *
 * Evidence is taken in order of trust (DESIGN.md): a byte-order mark; the
 * shape of binary files; valid UTF-8; the NUL pattern of UTF-16/32; the
 * escapes of ISO-2022; a charset declared in HTML or XML, believed only
 * when the sample decodes cleanly with it and statistics do not flatly
 * contradict it; and last statistics. The statistics decode the sample
 * with every candidate and add up what the characters say: a decoding
 * error or a control character costs much; a common Hangul syllable,
 * hanzi, kana or letter of the candidate's script earns by its frequency;
 * symbols inside words, a capital after a small letter and letters of two
 * scripts in one word cost. The candidate with the most points wins.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "enc.h"

#define BAD UINT32_MAX

/* ASCII-only, locale-free helpers for labels. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
ncasecmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 1;
	return 0;
}

static int
isalnumc(int c)
{
	return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z');
}

const struct encoding encodings[NENC] = {
	[E_UTF8] = { "UTF-8", "UTF-8", EK_UTF8, SC_NONE, -1, 0 },
	[E_ASCII] = { "ASCII", "UTF-8", EK_UTF8, SC_NONE, -1, 0 },
	[E_UTF16LE] = { "UTF-16LE", "UTF-16LE", EK_UTF16, SC_NONE, -1, 0 },
	[E_UTF16BE] = { "UTF-16BE", "UTF-16BE", EK_UTF16, SC_NONE, -1, 0 },
	[E_UTF32LE] = { "UTF-32LE", "UTF-32LE", EK_UTF32, SC_NONE, -1, 0 },
	[E_UTF32BE] = { "UTF-32BE", "UTF-32BE", EK_UTF32, SC_NONE, -1, 0 },
	[E_CP949] = { "CP949", "CP949", EK_CP949, SC_KO, -1, 1 },
	[E_JOHAB] = { "JOHAB", "JOHAB", EK_ICONV, SC_KO, -1, 1 },
	[E_ISO2022KR] = { "ISO-2022-KR", "ISO-2022-KR", EK_ICONV, SC_KO, -1,
	    0 },
	[E_ISO2022JP] = { "ISO-2022-JP", "ISO-2022-JP-2", EK_ICONV, SC_JA,
	    -1, 0 },
	[E_EUCJP] = { "EUC-JP", "EUC-JP", EK_ICONV, SC_JA, -1, 1 },
	[E_SJIS] = { "SHIFT_JIS", "SHIFT_JIS", EK_ICONV, SC_JA, E_CP932, 0 },
	[E_CP932] = { "CP932", "CP932", EK_ICONV, SC_JA, -1, 1 },
	[E_GB2312] = { "GB2312", "GB2312", EK_ICONV, SC_ZH, E_GBK, 0 },
	[E_GBK] = { "GBK", "GBK", EK_ICONV, SC_ZH, E_GB18030, 0 },
	[E_GB18030] = { "GB18030", "GB18030", EK_ICONV, SC_ZH, -1, 1 },
	[E_BIG5] = { "BIG5", "BIG5", EK_ICONV, SC_ZH, E_CP950, 0 },
	[E_CP950] = { "CP950", "CP950", EK_ICONV, SC_ZH, E_BIG5HK, 1 },
	[E_BIG5HK] = { "BIG5-HKSCS", "BIG5-HKSCS", EK_ICONV, SC_ZH, -1, 0 },
	[E_EUCTW] = { "EUC-TW", "EUC-TW", EK_ICONV, SC_ZH, -1, 1 },
	[E_W1252] = { "WINDOWS-1252", "WINDOWS-1252", EK_SB, SC_LATIN, -1,
	    1 },
	[E_W1250] = { "WINDOWS-1250", "WINDOWS-1250", EK_SB, SC_LATIN, -1,
	    1 },
	[E_L2] = { "ISO-8859-2", "ISO-8859-2", EK_SB, SC_LATIN, -1, 1 },
	[E_W1251] = { "WINDOWS-1251", "WINDOWS-1251", EK_SB, SC_CYRL, -1,
	    1 },
	[E_L5] = { "ISO-8859-5", "ISO-8859-5", EK_SB, SC_CYRL, -1, 1 },
	[E_KOI8R] = { "KOI8-R", "KOI8-R", EK_SB, SC_CYRL, -1, 1 },
	[E_KOI8U] = { "KOI8-U", "KOI8-U", EK_SB, SC_CYRL, -1, 1 },
	[E_IBM866] = { "IBM866", "IBM866", EK_SB, SC_CYRL, -1, 1 },
	[E_IBM855] = { "IBM855", "IBM855", EK_SB, SC_CYRL, -1, 1 },
	[E_MACCYR] = { "MAC-CYRILLIC", "MAC-CYRILLIC", EK_SB, SC_CYRL, -1,
	    1 },
	[E_L7] = { "ISO-8859-7", "ISO-8859-7", EK_SB, SC_GREEK, -1, 1 },
	[E_W1253] = { "WINDOWS-1253", "WINDOWS-1253", EK_SB, SC_GREEK, -1,
	    1 },
	[E_W1254] = { "WINDOWS-1254", "WINDOWS-1254", EK_SB, SC_LATIN, -1,
	    1 },
	[E_W1255] = { "WINDOWS-1255", "WINDOWS-1255", EK_SB, SC_HEBR, -1,
	    1 },
	[E_W1256] = { "WINDOWS-1256", "WINDOWS-1256", EK_SB, SC_ARAB, -1,
	    1 },
	[E_L6] = { "ISO-8859-6", "ISO-8859-6", EK_SB, SC_ARAB, -1, 1 },
	[E_TIS] = { "TIS-620", "ISO-8859-11", EK_SB, SC_THAI, -1, 1 },
	[E_CP874] = { "CP874", "CP874", EK_SB, SC_THAI, -1, 1 },
	[E_W1257] = { "WINDOWS-1257", "WINDOWS-1257", EK_SB, SC_LATIN, -1,
	    1 },
	[E_MACROMAN] = { "MACINTOSH", "MACINTOSH", EK_SB, SC_LATIN, -1, 1 },
	[E_IBM850] = { "IBM850", "IBM850", EK_SB, SC_LATIN, -1, 1 },
	[E_IBM437] = { "IBM437", "IBM437", EK_SB, SC_LATIN, -1, 0 },
	[E_L15] = { "ISO-8859-15", "ISO-8859-15", EK_SB, SC_LATIN, -1, 1 },
	[E_L3] = { "ISO-8859-3", "ISO-8859-3", EK_SB, SC_LATIN, -1, 1 },
	[E_L4] = { "ISO-8859-4", "ISO-8859-4", EK_SB, SC_LATIN, -1, 1 },
	[E_L10] = { "ISO-8859-10", "ISO-8859-10", EK_SB, SC_LATIN, -1, 1 },
	[E_L13] = { "ISO-8859-13", "ISO-8859-13", EK_SB, SC_LATIN, -1, 1 },
	[E_L14] = { "ISO-8859-14", "ISO-8859-14", EK_SB, SC_LATIN, -1, 1 },
	[E_L16] = { "ISO-8859-16", "ISO-8859-16", EK_SB, SC_LATIN, -1, 1 },
	[E_IBM852] = { "IBM852", "IBM852", EK_SB, SC_LATIN, -1, 1 },
	[E_MACCE] = { "MAC-CENTRALEUROPE", "MAC-CENTRALEUROPE", EK_SB,
	    SC_LATIN, -1, 1 },
	[E_W1258] = { "WINDOWS-1258", "WINDOWS-1258", EK_SB, SC_LATIN, -1,
	    1 },
	[E_VISCII] = { "VISCII", "VISCII", EK_SB, SC_LATIN, -1, 1 },
	[E_OTHER] = { NULL, NULL, EK_ICONV, SC_NONE, -1, 0 },
};

/*
 * A handicap in points for encodings that are rarely met, so that a tie
 * goes to the common one.
 */
static double
prior(int e)
{
	switch (e) {
	case E_MACROMAN: case E_IBM850:
		return -5;
	case E_CP874: case E_W1257: case E_EUCTW: case E_JOHAB:
	case E_IBM852: case E_MACCE:
		return -3;
	case E_W1253:
		return -1.5;
	case E_L15:
		return -0.5;
	case E_IBM855: case E_IBM866: case E_MACCYR: case E_L6:
	case E_W1250: case E_L2: case E_L16: case E_L13: case E_L4: case E_L10:
	case E_L3: case E_L14: case E_KOI8U:
		return -1;
	}
	return 0;
}

/* Labels people write in meta tags and -f, and what they mean here. */
static const struct {
	const char *label;
	int enc;
} labels[] = {
	{ "utf-8", E_UTF8 }, { "utf8", E_UTF8 }, { "us-ascii", E_UTF8 },
	{ "ascii", E_UTF8 },
	{ "utf-16le", E_UTF16LE }, { "utf-16be", E_UTF16BE },
	{ "utf-16", E_UTF16BE }, { "utf-32le", E_UTF32LE },
	{ "utf-32be", E_UTF32BE }, { "utf-32", E_UTF32BE },
	{ "euc-kr", E_CP949 }, { "euckr", E_CP949 }, { "cp949", E_CP949 },
	{ "uhc", E_CP949 }, { "ks_c_5601-1987", E_CP949 },
	{ "ks_c_5601", E_CP949 }, { "ksc5601", E_CP949 },
	{ "x-windows-949", E_CP949 }, { "windows-949", E_CP949 },
	{ "johab", E_JOHAB }, { "iso-2022-kr", E_ISO2022KR },
	{ "iso-2022-jp", E_ISO2022JP }, { "euc-jp", E_EUCJP },
	{ "x-euc-jp", E_EUCJP }, { "shift_jis", E_SJIS },
	{ "shift-jis", E_SJIS }, { "sjis", E_SJIS }, { "x-sjis", E_SJIS },
	{ "ms_kanji", E_SJIS }, { "cp932", E_CP932 },
	{ "windows-31j", E_CP932 }, { "gb2312", E_GB2312 },
	{ "euc-cn", E_GB2312 }, { "x-gbk", E_GBK }, { "gbk", E_GBK },
	{ "cp936", E_GBK }, { "gb18030", E_GB18030 }, { "big5", E_BIG5 },
	{ "x-big5", E_BIG5 }, { "cp950", E_CP950 },
	{ "big5-hkscs", E_BIG5HK }, { "euc-tw", E_EUCTW },
	{ "iso-8859-1", E_W1252 }, { "iso8859-1", E_W1252 },
	{ "latin1", E_W1252 }, { "windows-1252", E_W1252 },
	{ "cp1252", E_W1252 }, { "iso-8859-15", E_L15 },
	{ "latin-9", E_L15 }, { "latin9", E_L15 }, { "iso-8859-3", E_L3 },
	{ "latin3", E_L3 }, { "iso-8859-4", E_L4 }, { "latin4", E_L4 },
	{ "iso-8859-10", E_L10 }, { "latin6", E_L10 },
	{ "iso-8859-13", E_L13 }, { "latin7", E_L13 },
	{ "iso-8859-14", E_L14 }, { "latin8", E_L14 },
	{ "iso-8859-16", E_L16 }, { "latin10", E_L16 },
	{ "ibm852", E_IBM852 }, { "cp852", E_IBM852 },
	{ "mac-centraleurope", E_MACCE }, { "x-mac-ce", E_MACCE },
	{ "x-mac-centraleurroman", E_MACCE }, { "windows-1258", E_W1258 },
	{ "cp1258", E_W1258 }, { "viscii", E_VISCII },
	{ "cp1257", E_W1257 },
	{ "windows-1250", E_W1250 }, { "cp1250", E_W1250 },
	{ "iso-8859-2", E_L2 }, { "latin2", E_L2 },
	{ "windows-1251", E_W1251 }, { "cp1251", E_W1251 },
	{ "iso-8859-5", E_L5 }, { "koi8-r", E_KOI8R }, { "koi8-u", E_KOI8U },
	{ "ibm866", E_IBM866 }, { "cp866", E_IBM866 },
	{ "ibm855", E_IBM855 }, { "cp855", E_IBM855 },
	{ "maccyrillic", E_MACCYR }, { "x-mac-cyrillic", E_MACCYR },
	{ "mac-cyrillic", E_MACCYR }, { "iso-8859-7", E_L7 },
	{ "windows-1253", E_W1253 }, { "iso-8859-9", E_W1254 },
	{ "windows-1254", E_W1254 }, { "latin5", E_W1254 },
	{ "windows-1255", E_W1255 }, { "iso-8859-8", E_W1255 },
	{ "iso-8859-8-i", E_W1255 }, { "windows-1256", E_W1256 },
	{ "iso-8859-6", E_L6 }, { "tis-620", E_TIS }, { "iso-8859-11", E_TIS },
	{ "windows-874", E_CP874 }, { "cp874", E_CP874 },
	{ "windows-1257", E_W1257 }, { "macintosh", E_MACROMAN },
	{ "x-mac-roman", E_MACROMAN }, { "ibm850", E_IBM850 },
	{ "cp850", E_IBM850 }, { "ibm437", E_IBM437 }, { "cp437", E_IBM437 },
};

int
enc_lookup(const char *label, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strlen(labels[i].label) == n &&
		    ncasecmp(labels[i].label, label, n) == 0)
			return labels[i].enc;
	return -1;
}


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

#define isletter is_letter

/* The script of a letter, by block. */
static int
script(uint32_t cp)
{
	if (cp < 0x250 || (cp >= 0x300 && cp < 0x370) ||
	    (cp >= 0x1E00 && cp < 0x1F00))
		return SC_LATIN;
	if (cp >= 0x370 && cp < 0x400)
		return SC_GREEK;
	if (cp >= 0x400 && cp < 0x530)
		return SC_CYRL;
	if (cp >= 0x590 && cp < 0x600)
		return SC_HEBR;
	if (cp >= 0x600 && cp < 0x700)
		return SC_ARAB;
	if (cp >= 0xE00 && cp < 0xE80)
		return SC_THAI;
	return SC_NONE;
}

static int
isupper_(uint32_t cp)
{
	return cp != BAD && utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static int
islower_(uint32_t cp)
{
	return cp != BAD && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Punctuation that may touch a word on one side without suspicion. */
static int
commonpunct(uint32_t cp)
{
	switch (cp) {
	case 0xA0: case 0xAB: case 0xBB: case 0xA9: case 0xAE: case 0xB0:
	case 0xB7: case 0xA7: case 0x2013: case 0x2014: case 0x2018:
	case 0x2019: case 0x201A: case 0x201C: case 0x201D: case 0x201E:
	case 0x2022: case 0x2026: case 0x20AC: case 0x2122: case 0xAD:
	case 0x2116:
		return 1;
	}
	return 0;
}

/*
 * Where the word around c[i] ends; *high says whether it has two
 * letters or more and none in ASCII.
 */
static size_t
word(const uint32_t *c, size_t n, size_t i, int *high)
{
	size_t j = i, len = 0;

	*high = 1;
	while (j > 0 && isletter(c[j - 1]))
		j--;
	for (; j < n && isletter(c[j]); j++, len++)
		if (c[j] < 0x80)
			*high = 0;
	*high = *high && len >= 2;
	return j;
}

/* Signs that stand next to numbers: currency, degrees, fractions. */
static int
numsign(uint32_t cp)
{
	switch (cp) {
	case 0xA2: case 0xA3: case 0xA5: case 0x20AC: case 0xB0: case 0xB1:
	case 0xD7: case 0xF7: case 0xBC: case 0xBD: case 0xBE: case 0xB9:
	case 0xB2: case 0xB3: case 0xB5: case 0xA7: case 0x2030:
		return 1;
	}
	return 0;
}

/*
 * Thai spelling: above and below vowels and tone marks follow a
 * consonant or another mark; leading vowels come before a consonant.
 * Other text read as Thai breaks these rules all the time.
 */
static double
thaishape(uint32_t cp, uint32_t prev, uint32_t next)
{
	int mark = cp == 0xE31 || (cp >= 0xE34 && cp <= 0xE3A) ||
	    (cp >= 0xE47 && cp <= 0xE4E);
	int pmark = prev == 0xE31 || (prev >= 0xE34 && prev <= 0xE3A) ||
	    (prev >= 0xE47 && prev <= 0xE4E);

	if (mark && !(prev >= 0xE01 && prev <= 0xE2E) && !pmark)
		return -3;
	if (cp >= 0xE40 && cp <= 0xE44 && !(next >= 0xE01 && next <= 0xE2E))
		return -2;
	return 0;
}

/*
 * Points for one character of a CJK decoding; kana says whether the
 * decoding has any kana (Japanese text nearly always does).
 */
static double
cjkpoints(uint32_t cp, int sc, int kana)
{
	int t;

	if (cp >= 0xAC00 && cp <= 0xD7A3) {
		if ((t = hangul_tier(cp)) != 0)
			return t == 2 ? 3.5 : 2.5;
		return ksx1001_hangul(cp) ? 1 : -1.5;
	}
	/* Korean is written in Hangul; hanja are few. */
	if (cp >= 0x4E00 && cp <= 0x9FFF) {
		if (sc == SC_KO)
			return han_tier(cp) ? 1 : -0.5;
		if (sc == SC_JA && !kana)
			return han_tier(cp) ? 2.4 : 0.4;
		return han_tier(cp) ? 3 : 0.5;
	}
	if (cp >= 0x3041 && cp <= 0x30FF)
		return sc == SC_JA ? 2.5 : -2;
	if (cp >= 0x3000 && cp <= 0x303F)
		return 1;
	if (cp >= 0x3131 && cp <= 0x318E)
		return -1.5;
	if (cp >= 0xFF61 && cp <= 0xFF9F)
		return sc == SC_JA ? 0.3 : -2;
	if (cp >= 0xFF01 && cp <= 0xFF60)
		return 0.3;
	if (cp >= 0x2000 && cp <= 0x206F)
		return 0.3;
	if (cp >= 0xE000 && cp <= 0xF8FF)
		return -6;
	if (cp >= 0xF900 && cp <= 0xFAFF)
		return -2;
	if ((cp >= 0x3400 && cp <= 0x4DBF) || cp >= 0x20000)
		return -3;
	if (cp >= 0x2100 && cp <= 0x27BF)
		return -0.3;
	if (cp >= 0x1100 && cp <= 0x11FF)
		return -2;
	return -2;
}

/*
 * The points of the decoded sample d->cps for candidate e. Only
 * non-ASCII characters score: ASCII reads the same in every candidate.
 */
static double
points(struct detector *d, int e)
{
	const uint32_t *c = d->cps;
	size_t n = d->ncps, i;
	int sc = encodings[e].script, cjk, kana = 0;
	double p = prior(e), alone = 0;
	struct langacc lang;
	size_t inword = 0, wend = 0;
	int high = 0;
	size_t nlatin = 0, nascii = 0;
	int vn = e == E_VISCII || e == E_W1258;

	/* The language tables, built when first needed (not for -f). */
	lang_init(d);
	memset(&lang, 0, sizeof(lang));
	cjk = sc == SC_KO || sc == SC_JA || sc == SC_ZH;
	for (i = 0; sc == SC_JA && i < n && !kana; i++)
		kana = c[i] >= 0x3041 && c[i] <= 0x30FA;
	for (i = 0; i < n; i++) {
		uint32_t cp = c[i], prev = i > 0 ? c[i - 1] : ' ',
		    next = i + 1 < n ? c[i + 1] : ' ';
		int ls, lp, ln, flip, mixed;
		double w;

		if (cp < 0x80) {
			nascii += vn && (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
			continue;
		}
		if (cp == BAD || cp == 0xFFFD) {
			p -= 10;
			continue;
		}
		if (cp < 0xA0) {
			p -= 8;
			continue;
		}
		if (cjk && cp >= 0x1100) {
			/*
			 * Two bytes a character: twice the points. Not
			 * inside a word of ASCII letters, where it is two
			 * letters of a Latin text (geïnstalleerd).
			 */
			if (prev < 0x80 && next < 0x80 && isletter(prev) &&
			    isletter(next))
				p -= 3;
			/*
			 * Nor alone beside one (tés, read as GBK, is t and
			 * a hanzi that took the s in): Chinese and Japanese
			 * write runs of them. Korean puts a particle after
			 * a Latin word (AI가).
			 */
			else if (sc != SC_KO && ((prev < 0x80 && isletter(prev) &&
			    next < 0x1100) || (next < 0x80 && isletter(next) &&
			    prev < 0x1100)))
				p -= 1;
			else
				p += 2 * cjkpoints(cp, sc, kana);
			continue;
		}
		if (cjk) {
			p -= cp == 0xA0 || cp == 0xB7 || (cp >= 0x2B0 &&
			    cp < 0x300) ? 0.5 : 2;
			continue;
		}
		lp = isletter(prev);
		ln = isletter(next);
		if (isletter(cp)) {
			w = letter_weight(cp, &ls);
			if (ls == SC_NONE) {
				ls = script(cp);
				w = 0.2;
			}
			if (ls == SC_NONE)
				w = -1;
			/*
			 * A letter in a word of Latin letters says nothing
			 * for its own script: it costs.
			 */
			mixed = (lp && script(prev) != ls && prev < 0x250 &&
			    ls != SC_LATIN) + (ln && script(next) != ls &&
			    next < 0x250 && ls != SC_LATIN);
			if (mixed > 0)
				w = (w > 0 ? 0 : w) - 3.5 * mixed;
			flip = (isupper_(cp) && islower_(prev)) ||
			    (islower_(cp) && isupper_(next));
			if (flip)
				w -= 3;
			/*
			 * A letter standing alone is weak evidence: a
			 * one-letter word, or an accented letter of a
			 * Latin text read in another script.
			 */
			if (!lp && !ln && ls != SC_LATIN) {
				w *= 0.3;
				alone += w > 0 ? w : 0;
			}
			if (ln && ls != SC_LATIN && script(next) == ls)
				inword++;
			/*
			 * Thai has no case and many letters, so any
			 * bytes make plausible-looking Thai: weigh it
			 * down and lean on its spelling rules.
			 */
			if (ls == SC_THAI)
				w = (w > 0.2 ? w * 0.7 : -1) +
				    thaishape(cp, prev, next);
			if (ls == SC_LATIN) {
				nlatin++;
				lang_points(d, c, n, i, &lang);
				/*
				 * The language says the rest; a capital
				 * inside a word it cannot say for a
				 * language the tables lack (the pool).
				 */
				w = flip ? -3 : 0;
				/* Not for a tone mark of Windows-1258. */
				if (prev >= 0x80 && next >= 0x80 &&
				    isletter(prev) && isletter(next) &&
				    (cp < 0x300 || cp >= 0x370))
					w -= 1.5;
				/*
				 * Nor a word of such letters only, but in
				 * Vietnamese (ôö: quotes read as IBM852).
				 */
				if (i >= wend)
					wend = word(c, n, i, &high);
				if (high && !vn)
					w -= 1.5;
			}
			p += w;
			continue;
		}
		if (cp == 0x2019 && !lp && ln)
			p -= 1;	/* a closing quote that opens a word */
		else if (lp && ln) {
			if (cp == 0x2019)
				p += 1;	/* the apostrophe of l’été */
			else if (cp != 0xB7 && cp != 0xAD)
				p -= 3;
		} else if (commonpunct(cp))
			p += 0.8;
		else if (numsign(cp) && ((prev >= '0' && prev <= '9') ||
		    (next >= '0' && next <= '9')))
			p += 0.8;
		else
			p -= lp || ln ? 1.5 : 0.3;
	}
	if (nlatin > 0)
		p += lang_fit(d, &lang);
	/*
	 * A script none of whose letters stands beside another of its own
	 * is not the text's: its letters standing alone are bytes of a
	 * Latin text (á read as Arabic lam) and earn nothing.
	 */
	if (inword == 0)
		p -= alone;
	/*
	 * The Vietnamese code pages: Vietnamese puts a letter outside ASCII
	 * in most words; a few in a page of plain letters are bytes of some
	 * other encoding.
	 */
	if (vn && nlatin * 20 < nascii)
		p -= 3.0 * nlatin;
	return p;
}

/* The chain an encoding belongs to, narrowest first. */
static int
narrowest(int e)
{
	switch (e) {
	case E_GBK: case E_GB18030:
		return E_GB2312;
	case E_CP950: case E_BIG5HK:
		return E_BIG5;
	case E_CP932:
		return E_SJIS;
	}
	return e;
}

/*
 * Of e's chain, the narrowest encoding that decodes the sample cleanly
 * (so that GB2312 text is read as GB2312, whose few mappings differ from
 * GBK's), or e.
 */
static int
narrow(struct detector *d, int e, const unsigned char *s, size_t n,
    int final)
{
	int f;

	for (f = narrowest(e); f != -1 && f != e; f = encodings[f].wider) {
		decode_sample(d, f, s, n, final);
		if (d->errors == 0)
			return f;
	}
	return e;
}

/* Whether the decoded sample is mostly common Hangul syllables. */
static int
mostly_hangul(const struct detector *d)
{
	size_t i, non = 0, common = 0;

	for (i = 0; i < d->ncps; i++) {
		if (d->cps[i] < 0x80)
			continue;
		non++;
		common += d->cps[i] >= 0xAC00 && d->cps[i] <= 0xD7A3 &&
		    hangul_tier(d->cps[i]) != 0;
	}
	return non >= 8 && common * 10 >= non * 7;
}

/*
 * Ranking every candidate costs a decode and a scoring of the sample each,
 * some forty times the sample: too slow for a stream of records. So the
 * candidates are ranked on a window of STATWIN bytes from the first
 * non-ASCII byte (ASCII scores alike in all of them), and only the best
 * STATTOP are scored on the whole sample, with those that came within
 * STATTIE points of the last of them (STATMAX in all): code pages that
 * read the window alike differ there by their priors only (Estonian
 * without š or ž in its first 4 KB is Windows-1252 as much as
 * ISO-8859-13).
 */
#define STATWIN 4096
#define STATTOP 4
#define STATTIE 6
#define STATMAX 8

static int
best_stat(struct detector *d, const unsigned char *s, size_t n, int final,
    double *best, double *second)
{
	int e, k, j, win = -1, top[STATTOP];
	double tp[STATTOP], wp[NENC];
	size_t q = 0, m;

	*best = *second = -INFINITY;
	/*
	 * Korean first, and the common case of a legacy stream: text that
	 * decodes as CP949 without an error into mostly common Hangul
	 * syllables is Korean; other encodings' text does not do that.
	 */
	decode_sample(d, E_CP949, s, n, final);
	if (d->errors == 0 && mostly_hangul(d)) {
		*best = points(d, E_CP949);
		return E_CP949;
	}
	while (q < n && s[q] < 0x80)
		q++;
	m = n - q > STATWIN ? STATWIN : n - q;
	if (q == n || m == n - q) {	/* small enough: score them all */
		q = 0;
		m = n;
	}
	for (k = 0; k < STATTOP; k++) {
		top[k] = -1;
		tp[k] = -INFINITY;
	}
	lang_ascii(d, s + q, m);
	for (e = 0; e < NENC; e++) {
		double p;

		if (!encodings[e].stat)
			continue;
		decode_sample(d, e, s + q, m, m == n ? final : 0);
		p = wp[e] = points(d, e);
		for (k = 0; k < STATTOP && p <= tp[k]; k++)
			;
		if (k == STATTOP)
			continue;
		for (j = STATTOP - 1; j > k; j--) {
			top[j] = top[j - 1];
			tp[j] = tp[j - 1];
		}
		top[k] = e;
		tp[k] = p;
	}
	if (m == n) {
		*best = tp[0];
		*second = tp[1];
		return top[0];
	}
	lang_ascii(d, s, n);
	for (j = 0; j < STATMAX; j++) {
		double p;

		/* The best candidate not yet rescored, if close enough. */
		for (e = -1, k = 0; k < NENC; k++)
			if (encodings[k].stat && wp[k] >= tp[STATTOP - 1] -
			    STATTIE && (e < 0 || wp[k] > wp[e]))
				e = k;
		if (e < 0)
			break;
		wp[e] = -INFINITY;
		decode_sample(d, e, s, n, final);
		p = points(d, e);
		if (p > *best) {
			*second = *best;
			*best = p;
			win = e;
		} else if (p > *second)
			*second = p;
	}
	return win;
}

int
detect_legacy(struct detector *d, const unsigned char *s, size_t n,
    double *score)
{
	double best, second;
	int e = best_stat(d, s, n, 1, &best, &second);

	if (e < 0)
		return -1;
	e = narrow(d, e, s, n, 1);
	*score = best;
	return e;
}

static double
confidence(double best, double second)
{
	double m;

	if (best <= 0)
		return 0.1;
	if (second == -INFINITY)
		return 0.99;
	m = (best - second) / (fabs(best) + 10);
	m = 0.5 + m;
	return m > 0.99 ? 0.99 : m < 0.1 ? 0.1 : m;
}

/* Whether s starts like a file format that is not text. */
static const char *
magic(const unsigned char *s, size_t n)
{
	static const struct {
		const char *m;
		size_t len;
		const char *what;
	} tab[] = {
		{ "\x89PNG\r\n\x1a\n", 8, "PNG image" },
		{ "PK\x03\x04", 4, "ZIP archive" },
		{ "%PDF-", 5, "PDF document" },
		{ "GIF87a", 6, "GIF image" }, { "GIF89a", 6, "GIF image" },
		{ "\xff\xd8\xff", 3, "JPEG image" },
		{ "\x1f\x8b", 2, "gzip data" },
		{ "\x7f" "ELF", 4, "ELF executable" },
		{ "BZh", 3, NULL },
		{ "\xfd" "7zXZ", 5, "xz data" },
		{ "7z\xbc\xaf\x27\x1c", 6, "7-zip archive" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd data" },
		{ "RIFF", 4, "RIFF media" },
		{ "\xd0\xcf\x11\xe0", 4, "OLE document" },
		{ "wOFF", 4, "font" }, { "wOF2", 4, "font" },
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].what && n >= tab[i].len &&
		    memcmp(s, tab[i].m, tab[i].len) == 0)
			return tab[i].what;
	return NULL;
}

/*
 * UTF-16 or UTF-32 without a mark, from where the NULs fall: ASCII in
 * UTF-16LE puts them at odd offsets, and so on. Returns -1 if the NULs
 * make no such pattern.
 */
static int
nulpattern(struct detector *d, const unsigned char *s, size_t n)
{
	size_t z[4] = { 0 }, i, nz, total = n & ~(size_t)3;
	int e = -1;

	for (i = 0; i < total; i++)
		z[i & 3] += s[i] == 0;
	nz = z[0] + z[1] + z[2] + z[3];
	if (total < 4 || nz == 0)
		return -1;
	if (z[2] + z[3] >= total / 2 - total / 64 && z[1] >= z[0] * 4)
		e = E_UTF32LE;
	else if (z[0] + z[1] >= total / 2 - total / 64 && z[2] >= z[3] * 4)
		e = E_UTF32BE;
	else if (z[1] + z[3] > 8 * (z[0] + z[2]) && z[1] + z[3] >= total / 64)
		e = E_UTF16LE;
	else if (z[0] + z[2] > 8 * (z[1] + z[3]) && z[0] + z[2] >= total / 64)
		e = E_UTF16BE;
	if (e < 0)
		return -1;
	decode_sample(d, e, s, total, 0);
	return d->errors * 50 <= d->ncps ? e : -1;
}

/*
 * A charset named in <meta ... charset=X> or <?xml encoding="X"?>: each
 * '=' in the first 8 KiB (memchr finds them fast; a stream of small
 * records asks this of every record) is looked at for a key before it.
 */
static int
declared(const unsigned char *s, size_t n)
{
	static const char *const keys[] = { "charset", "encoding" };
	size_t lim = n < 8192 ? n : 8192, i, k, j, b, len;
	const unsigned char *eq;
	int e;

	for (i = 0; i < lim && (eq = memchr(s + i, '=', lim - i)) != NULL;
	    i = j) {
		j = eq - s + 1;
		for (b = eq - s; b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t');
		    b--)
			;
		for (k = 0; k < 2; k++) {
			len = strlen(keys[k]);
			if (b >= len && ncasecmp(keys[k],
			    (const char *)s + b - len, len) == 0)
				break;
		}
		if (k == 2)
			continue;
		while (j < lim && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
			j++;
		for (len = 0; j + len < lim && len < 40 &&
		    (isalnumc(s[j + len]) || s[j + len] == '-' ||
		    s[j + len] == '_' || s[j + len] == '.' ||
		    s[j + len] == ':'); len++)
			;
		/* An unknown label: keep looking. */
		if (len > 0 && (e = enc_lookup((const char *)s + j, len)) >= 0)
			return e;
	}
	return -1;
}

/* Which ISO-2022 the escapes in 7-bit text announce, or -1. */
/* A byte below 0x20 that text does not hold. */
static int
isctl(unsigned char c)
{
	return c < 0x20 && c != '\t' && c != '\n' && c != '\r' &&
	    c != '\f' && c != 0x1B;
}

/*
 * The control bytes of s[0..n) that text does not hold (isctl()); *hi
 * is set if a byte is 0x80 or more. Eight bytes at a time: a word is
 * looked at byte by byte only if one of its bytes is below 0x20.
 */
static size_t
controls(const unsigned char *s, size_t n, size_t *hi)
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

static int
iso2022(const unsigned char *s, size_t n)
{
	const unsigned char *p;
	size_t i;

	for (i = 0; i + 3 < n; i++) {
		if ((p = memchr(s + i, 0x1B, n - 3 - i)) == NULL)
			break;
		i = p - s;
		if (s[i + 1] == '$' && s[i + 2] == ')' && s[i + 3] == 'C')
			return E_ISO2022KR;
		if ((s[i + 1] == '$' && (s[i + 2] == 'B' || s[i + 2] == '@' ||
		    s[i + 2] == '(')) || (s[i + 1] == '(' && (s[i + 2] == 'J' ||
		    s[i + 2] == 'I')))
			return E_ISO2022JP;
	}
	return -1;
}

/*
 * decode_sample() and mostly_hangul() in one pass that stops at the first
 * error: whether s[0..n) decodes as CP949 without one into mostly common
 * Hangul syllables (a pair cut at the end is an error only if final).
 */
static int
cp949_clear(struct detector *d, const unsigned char *s, size_t n, int final)
{
	const uint16_t *t = cp949_table(d);
	size_t i, non = 0, common = 0;
	uint32_t cp;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x80)
			continue;
		if (i + 1 == n) {
			if (final)
				return 0;
			break;
		}
		if (s[i] == 0x80 || s[i] == 0xFF || s[i + 1] < 0x41 ||
		    s[i + 1] == 0xFF ||
		    (cp = t[(s[i] - 0x81) * 192 + s[i + 1] - 0x40]) == 0)
			return 0;
		non++;
		common += hangul_tier(cp) != 0;
		i++;
	}
	return non >= 8 && common * 10 >= non * 7;
}

int
detect_cp949_again(struct detector *d, const unsigned char *s, size_t n)
{
	size_t q, m;
	uint32_t cp;

	if (magic(s, n) != NULL)
		return 0;
	for (q = 0; q < n && s[q] < 0x80; q++)
		if (s[q] < 0x20 && s[q] != '\t' && s[q] != '\n' &&
		    s[q] != '\r' && s[q] != '\f')
			return 0;	/* ISO-2022, control bytes: look */
	if (q == n)
		return 0;
	utf8_decode(s + q, n - q, &cp);
	if (cp != UTF8_INVALID)
		return 0;
	m = n - q < AGAIN_SAMPLE ? n - q : AGAIN_SAMPLE;
	return cp949_clear(d, s + q, m, m == n - q);
}

void
detect(struct detector *d, const unsigned char *s, size_t n, int final,
    int zmode, struct guess *g)
{
	const unsigned char *p = NULL;
	size_t ctl = 0, i, v, bad, good, hi = 0;
	size_t lgood, lbad, lmulti, lbadseen = 0, lmultiseen = 0;
	double best, second;
	int e, st;

	memset(g, 0, sizeof(*g));
	g->conf = 1;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		g->enc = E_UTF8;
		g->bom = 3;
		return;
	}
	if (!zmode && n >= 4 && memcmp(s, "\xFF\xFE\0\0", 4) == 0) {
		g->enc = E_UTF32LE;
		g->bom = 4;
		return;
	}
	if (!zmode && n >= 4 && memcmp(s, "\0\0\xFE\xFF", 4) == 0) {
		g->enc = E_UTF32BE;
		g->bom = 4;
		return;
	}
	if (!zmode && n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 ||
	    memcmp(s, "\xFE\xFF", 2) == 0)) {
		g->enc = s[0] == 0xFF ? E_UTF16LE : E_UTF16BE;
		g->bom = 2;
		return;
	}
	if ((g->why = magic(s, n)) != NULL) {
		g->enc = -1;
		return;
	}
	if (!zmode && (p = memchr(s, 0, n)) != NULL &&
	    (e = nulpattern(d, s, n)) >= 0) {
		g->enc = e;
		g->conf = 0.9;
		return;
	}
	if ((e = iso2022(s, n)) >= 0) {
		decode_sample(d, e, s, n, final);
		if (d->errors == 0) {
			g->enc = e;
			return;
		}
	}
	/*
	 * A few NULs and control bytes in a page of text are junk a browser
	 * would not show (the NULs are dropped, the rest is left to
	 * rinse-tidy); a file of mostly such bytes is no text.
	 */
	ctl = controls(s, n, &hi);
	if (ctl > 4 && ctl * 10 > n) {
		g->enc = -1;
		g->why = p != NULL ? "NUL bytes" : "control bytes";
		return;
	}
	if (hi == 0) {
		g->enc = E_ASCII;
		return;
	}
	/* The common case at once: the whole sample is UTF-8. */
	if (utf8_valid(s, n) == n) {
		g->enc = E_UTF8;
		return;
	}
	/*
	 * UTF-8, perhaps with some lines in another encoding: the valid
	 * multibyte sequences must outnumber the invalid bytes. Legacy
	 * text makes valid sequences only by chance, and seldom.
	 */
	good = bad = 0;
	lgood = lbad = lmulti = 0;
	for (i = 0; i < n; ) {
		uint32_t cp;

		if (s[i] < 0x80) {
			if (s[i] == '\n') {
				if (lbadseen)
					lbad++;
				else if (lmultiseen) {
					lgood++;
					lmulti += lmultiseen;
				}
				lbadseen = lmultiseen = 0;
			}
			i++;
			continue;
		}
		v = utf8_decode(s + i, n - i, &cp);
		if (cp != UTF8_INVALID) {
			good++;
			lmultiseen++;
		} else if (final || i + 4 <= n) {
			bad++;
			lbadseen = 1;
		}
		i += v;
	}
	/*
	 * Whole lines of valid UTF-8 with several multibyte characters
	 * do not happen by chance in legacy text: a document that has
	 * them is UTF-8 with some odd lines.
	 */
	if (bad == 0 || good >= 2 * bad + 2 ||
	    (lgood > 0 && lmulti >= 4 && 4 * lgood >= lbad)) {
		g->enc = E_UTF8;
		g->conf = bad == 0 ? 1 : 0.8;
		return;
	}
	if ((e = declared(s, n)) >= 0 && encodings[e].kind != EK_UTF8 &&
	    encodings[e].kind != EK_UTF16 && encodings[e].kind != EK_UTF32) {
		decode_sample(d, e, s, n, final);
		if (d->errors == 0) {
			double dp;

			lang_ascii(d, s, n);
			dp = points(d, e);

			/*
			 * A single-byte declaration decodes anything;
			 * believe it unless statistics find it very
			 * unlikely.
			 */
			if (encodings[e].kind != EK_SB) {
				g->enc = e;
				g->conf = 0.99;
				return;
			}
			st = best_stat(d, s, n, final, &best, &second);
			if (dp >= best - 10 - 0.2 * fabs(best)) {
				g->enc = e;
				g->conf = 0.95;
				return;
			}
		} else if (encodings[e].wider >= 0) {
			e = narrow(d, encodings[e].wider, s, n, final);
			decode_sample(d, e, s, n, final);
			if (d->errors == 0) {
				g->enc = e;
				g->conf = 0.95;
				return;
			}
		}
	}
	st = best_stat(d, s, n, final, &best, &second);
	g->enc = st < 0 ? E_W1252 : narrow(d, st, s, n, final);
	g->conf = confidence(best, second);
}
