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
 *
 * This file holds the order of trust (detect(), detect_cp949_again())
 * and the statistics (points(), best_stat(), detect_legacy()). The names
 * of encodings and the declarations pages make are labels.c's; the
 * detector's state and each candidate's decoding of the sample are
 * sample.c's; the language tables are lang.c's.
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
 * The points of a character of a CJK script (cp >= 0x1100) in a CJK
 * candidate, between prev and next.
 */
static double
cjkchar(uint32_t cp, uint32_t prev, uint32_t next, int sc, int kana)
{
	/*
	 * Two bytes a character: twice the points. Not inside a word of
	 * ASCII letters, where it is two letters of a Latin text
	 * (geïnstalleerd).
	 */
	if (prev < 0x80 && next < 0x80 && isletter(prev) && isletter(next))
		return -3;
	/*
	 * Nor alone beside one (tés, read as GBK, is t and a hanzi that
	 * took the s in): Chinese and Japanese write runs of them. Korean
	 * puts a particle after a Latin word (AI가).
	 */
	if (sc != SC_KO && ((prev < 0x80 && isletter(prev) &&
	    next < 0x1100) || (next < 0x80 && isletter(next) &&
	    prev < 0x1100)))
		return -1;
	return 2 * cjkpoints(cp, sc, kana);
}

/*
 * The points of a character outside ASCII that is no letter, in a
 * candidate of an alphabet; lp and ln: whether prev and next are
 * letters.
 */
static double
notletter(uint32_t cp, uint32_t prev, uint32_t next, int lp, int ln)
{
	if (cp == 0x2019 && !lp && ln)
		return -1;	/* a closing quote that opens a word */
	if (lp && ln) {
		if (cp == 0x2019)
			return 1;	/* the apostrophe of l’été */
		return cp != 0xB7 && cp != 0xAD ? -3 : 0;
	}
	if (commonpunct(cp))
		return 0.8;
	if (numsign(cp) && ((prev >= '0' && prev <= '9') ||
	    (next >= '0' && next <= '9')))
		return 0.8;
	return -(lp || ln ? 1.5 : 0.3);
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
			p += cjkchar(cp, prev, next, sc, kana);
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
		p += notletter(cp, prev, next, lp, ln);
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

	/* The first byte first: text starts like none of them. */
	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].what && n >= tab[i].len &&
		    s[0] == (unsigned char)tab[i].m[0] &&
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


/* Which ISO-2022 the escapes in 7-bit text announce, or -1. */
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

/*
 * A byte-order mark: sets g's encoding and the mark's length and returns
 * 1. With -z only UTF-8's: the others hold NULs.
 */
static int
bom(const unsigned char *s, size_t n, int zmode, struct guess *g)
{
	if (n < 2 || (s[0] != 0xEF && s[0] != 0xFF && s[0] != 0xFE &&
	    s[0] != 0))
		return 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		g->enc = E_UTF8;
		g->bom = 3;
	} else if (!zmode && n >= 4 && memcmp(s, "\xFF\xFE\0\0", 4) == 0) {
		g->enc = E_UTF32LE;
		g->bom = 4;
	} else if (!zmode && n >= 4 && memcmp(s, "\0\0\xFE\xFF", 4) == 0) {
		g->enc = E_UTF32BE;
		g->bom = 4;
	} else if (!zmode && n >= 2 && (memcmp(s, "\xFF\xFE", 2) == 0 ||
	    memcmp(s, "\xFE\xFF", 2) == 0)) {
		g->enc = s[0] == 0xFF ? E_UTF16LE : E_UTF16BE;
		g->bom = 2;
	}
	return g->bom > 0;
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
	if (bom(s, n, zmode, g))
		return;
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
		g->valid = n;
		return;
	}
	/* The common case at once: the whole sample is UTF-8. */
	if (utf8_valid(s, n) == n) {
		g->enc = E_UTF8;
		g->valid = n;
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
	if ((e = enc_declared(s, n)) >= 0 && encodings[e].kind != EK_UTF8 &&
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
