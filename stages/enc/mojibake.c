/*
 * mojibake.c: repair of text that went through the wrong decoder once
 * or more: UTF-8 read as Windows-1252 (or Latin-1, Windows-1251,
 * Windows-1250, ISO-8859-2, MacRoman, Windows-1257, CP437), CP949 read
 * as Latin-1, UTF-8 read as CP949; and of what such damage leaves
 * behind: C1 controls that were Windows-1252 punctuation, no-break
 * spaces turned into plain ones, bytes lost to U+FFFD or '?'.
 *
 * Repair is conservative, in three gates. A line is looked at only if
 * it is "weird" (weird() below): mojibake puts symbols against accented
 * letters, capitals after small letters, C1 controls in text; correct
 * text in any language rarely does, and CJK, Hangul and emoji never
 * count. A repair must then decode to valid UTF-8 of characters real
 * text uses, and leave the line less weird than it was. A single
 * repaired character needs a word around it whose case it fits. Text
 * that contains "Ã©" on purpose is still repaired when nothing else in
 * its line prevents it; that is the price of the repair and why it is
 * an option.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "enc.h"

/*
 * The wrong decoders tried, most common first; Windows-1250 before
 * ISO-8859-2, which differ in a few letters and agree on the rest.
 */
static const int wrong[] = { E_W1252, E_W1251, E_W1250, E_L2, E_MACROMAN,
    E_W1257, E_IBM437 };

#define NWRONG	((int)(sizeof(wrong) / sizeof(wrong[0])))
#define REVMAX	0x2600	/* sbrev covers the code points below */
#define LOST	0x100	/* byteof(): a byte lost to U+FFFD */

/*
 * Whether a character may be the outcome of a repair: letters of the
 * scripts mojibake comes from (Vietnamese, Pinyin, Indic and Thai too),
 * punctuation, symbols, modifier letters and combining marks (text
 * decorated with them mangles too), CJK, Hangul, emoji, the braille
 * blank some sites use as a spacer, Latin ligatures, and U+FFFD (an
 * earlier decoder's loss, mangled again).
 */
static int
plausible(uint32_t cp)
{
	return (cp >= 0xA0 && cp <= 0x17E) || (cp >= 0x218 && cp <= 0x21B) ||
	    cp == 0x192 || (cp >= 0x1A0 && cp <= 0x1B0) ||
	    (cp >= 0x1CD && cp <= 0x1DC) ||
	    (cp >= 0x386 && cp <= 0x3CE) || (cp >= 0x401 && cp <= 0x45F) ||
	    (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x621 && cp <= 0x64A) ||
	    (cp >= 0x660 && cp <= 0x669) || (cp >= 0x900 && cp <= 0xDFF) ||
	    (cp >= 0xE01 && cp <= 0xE5B) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x206F) ||
	    (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2100 && cp <= 0x23FF) ||
	    (cp >= 0x2C6 && cp <= 0x2DD) || (cp >= 0x300 && cp <= 0x36F) ||
	    (cp >= 0x2500 && cp <= 0x27BF) || (cp >= 0x3000 && cp <= 0x30FF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    cp == 0xFE0F || (cp >= 0xFF01 && cp <= 0xFF5E) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF) || cp == 0x2800 ||
	    (cp >= 0xFB00 && cp <= 0xFB06) || cp == 0xFFFD;
}

static int
isalnum_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
isupper_(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
islower_(int c)
{
	return c >= 'a' && c <= 'z';
}

/* What weird() tells apart. */
enum { K_OTHER, K_LOWER, K_UPPER, K_LETTER, K_SYM, K_C1 };

/*
 * The kind of cp for weird(), its Unicode category in *cat and, for a
 * letter, its script in *sc (1 Latin, 2 Greek, 3 Cyrillic). Letters
 * count only in the scripts single-byte code pages carry, and symbols
 * only below U+2600 (and Apple's logo): mojibake is made of those.
 */
static int
kind(uint32_t cp, int *cat, int *sc)
{
	*sc = 1;
	*cat = 0;
	if (cp < 0x80)
		return islower_((int)cp) ? K_LOWER : isupper_((int)cp) ?
		    K_UPPER : K_OTHER;
	if (cp < 0xA0)
		return K_C1;
	*cat = utf8proc_category((utf8proc_int32_t)cp);
	if (*cat == UTF8PROC_CATEGORY_ZS)
		return K_OTHER;
	if (*cat >= UTF8PROC_CATEGORY_LU && *cat <= UTF8PROC_CATEGORY_LO &&
	    *cat != UTF8PROC_CATEGORY_LM) {
		if (cp >= 0x370 && cp < 0x400)
			*sc = 2;
		else if (cp >= 0x400 && cp < 0x530)
			*sc = 3;
		else if (!(cp < 0x250 || (cp >= 0x1E00 && cp < 0x1F00) ||
		    (cp >= 0xFB00 && cp <= 0xFB06)))
			return K_OTHER;
		return *cat == UTF8PROC_CATEGORY_LL ? K_LOWER :
		    *cat == UTF8PROC_CATEGORY_LO ? K_LETTER : K_UPPER;
	}
	return cp < REVMAX || cp == 0xF8FF ? K_SYM : K_OTHER;
}

/*
 * Symbols that sit against plain letters in correct text: "m²", "25°C",
 * "n°", "1ª", "Windows™", "don’t", "«Oui»". Others ("m√", "a¬") do not.
 */
static int
common_sym(uint32_t cp)
{
	return cp == 0xAA || cp == 0xAB || cp == 0xB0 || cp == 0xB2 ||
	    cp == 0xB3 || cp == 0xB5 || cp == 0xB7 || cp == 0xB9 ||
	    cp == 0xBA || cp == 0xBB || cp == 0xAE || cp == 0xA9 ||
	    (cp >= 0x2000 && cp < 0x2100) || cp == 0x2122;
}

/*
 * How much s[0..n) looks like mojibake: C1 controls (two points each),
 * and pairs of neighbours that text rarely has: a symbol against an
 * accented letter ("Ã©", "Ä°") or an odd one against a plain letter
 * ("Zam√≤"), a capital after a small letter ("nÃ", "œC"), accented
 * letters of two scripts ("Î»"), symbols of two kinds ("×‘"), a
 * no-break space after an accented capital ("Ã\xa0"), a space after
 * "Ã" (where "à" lost its no-break space). Zero for most
 * correct text; mojibake scores about one point a character.
 */
static int
weird(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp, pcp = 0;
	int w = 0, pk = K_OTHER, pcat = 0, psc = 0;

	while (i < n) {
		int k, cat, sc;

		i += utf8_decode(s + i, n - i, &cp);
		k = kind(cp, &cat, &sc);
		if (k == K_C1)
			w += 2;
		else if (k == K_SYM && pk == K_SYM)
			w += cat != pcat;
		else if (k == K_SYM && pk >= K_LOWER && pk <= K_LETTER)
			w += pcp >= 0x80 || !common_sym(cp);
		else if (pk == K_SYM && k >= K_LOWER && k <= K_LETTER)
			w += cp >= 0x80 || !common_sym(pcp);
		else if (k == K_UPPER && pk == K_LOWER && (cp | pcp) >= 0x80)
			w++;
		else if (k >= K_LOWER && k <= K_LETTER && pk >= K_LOWER &&
		    pk <= K_LETTER && sc != psc && cp >= 0x80 && pcp >= 0x80)
			w++;
		else if ((cp == 0xA0 && pk == K_UPPER && pcp >= 0x80) ||
		    (cp == ' ' && pcp == 0xC3))
			w++;
		pk = k;
		pcat = cat;
		psc = sc;
		pcp = cp;
	}
	return w;
}

/*
 * Whether a repair to letter cp fits the case of the ASCII letters
 * around it (p2, p1 before, nx after; 0 for none): no small letter
 * inside a word of capitals ("AHÅ™" is no "AHř"), no capital right
 * after a small letter, no "Â" of a word in capitals taken for a
 * no-break space. Sharp s has no capital in common use.
 */
static int
case_fits(int p2, int p1, uint32_t cp, int nx)
{
	int cat = utf8proc_category((utf8proc_int32_t)cp);

	if (cp == 0xDF)
		return 1;
	if (cp == 0xA0)
		return !isupper_(p1);	/* "MISUTÂ\xa0AJIKKO" is a name */
	if (cat == UTF8PROC_CATEGORY_LL)
		return !(isupper_(p1) && (isupper_(p2) || isupper_(nx)));
	if (cat == UTF8PROC_CATEGORY_LU)
		return !islower_(p1);
	return 1;
}

/* Builds d->sbrev[e]: the byte of encoding e for each code point. */
static const unsigned char *
sb_rev(struct detector *d, int e)
{
	const uint32_t *t = sb_table(d, e);
	unsigned char *r;
	int b;

	if (d->sbrev[e] != NULL)
		return d->sbrev[e];
	r = xmalloc(REVMAX);
	memset(r, 0, REVMAX);
	for (b = 0xFF; b >= 0x80; b--)
		if (t[b] < REVMAX)
			r[t[b]] = (unsigned char)b;
	/*
	 * C1 controls fill the holes: a decoder that let undefined bytes
	 * through ("sloppy" windows-1252) leaves them as U+0080..U+009F,
	 * and Latin-1 read all of 0x80..0x9F so.
	 */
	for (b = 0x80; b < 0xA0; b++)
		if (r[b] == 0 && (t[b] == UINT32_MAX || e == E_W1252))
			r[b] = (unsigned char)b;
	return d->sbrev[e] = r;
}

/*
 * The byte of single-byte encoding e for cp: -1 for ASCII and for what
 * e cannot encode, LOST for U+FFFD.
 */
static int
byteof(struct detector *d, int e, uint32_t cp)
{
	const uint32_t *t;
	int b;

	if (cp < 0x80 || cp == UTF8_INVALID)
		return -1;
	if (cp == 0xFFFD)
		return LOST;
	if (cp < REVMAX) {
		b = sb_rev(d, e)[cp];
		return b ? b : -1;
	}
	t = sb_table(d, e);
	for (b = 0x80; b < 0x100; b++)
		if (t[b] == cp)
			return b;
	return -1;
}

/*
 * Re-encodes s[0..n) with single-byte encoding e into buf (n bytes at
 * most); returns the length, or -1 if a character has no byte in e.
 */
static long
sb_encode(struct detector *d, int e, const unsigned char *s, size_t n,
    unsigned char *buf)
{
	size_t i = 0, k = 0;
	uint32_t cp;
	int b;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0x80) {
			buf[k++] = (unsigned char)cp;
			continue;
		}
		if ((b = byteof(d, e, cp)) < 0 || b == LOST)
			return -1;
		buf[k++] = (unsigned char)b;
	}
	return (long)k;
}

/*
 * Whether b[0..n), re-encoded from text read with encoding e, is valid
 * UTF-8 with characters beyond ASCII, all of them plausible (or C1
 * controls, which a second round or c1_fix() takes further). One such
 * character alone is believed only for the classic windows-1252 and
 * MacRoman cases, inside a word whose case it fits ("cafÃ©", not "the
 * bytes Ã© mean"), and a Latin-1, Latin Extended-A, punctuation or emoji
 * result. A lead byte and a no-break space are not believed for Latin
 * Extended and IPA leads: names like "SELKÄ\xa0EDELLÄ" read as UTF-8
 * would give "Ġ".
 */
static int
good_utf8(const unsigned char *b, size_t n, int e)
{
	size_t i = 0, k, at = 0, end = 0;
	uint32_t cp, one = 0;
	int multi = 0, inword = 0, quote = 0;

	while (i < n) {
		k = utf8_decode(b + i, n - i, &cp);
		if (cp == UTF8_INVALID)
			return 0;
		if (k > 1) {
			if (!plausible(cp) && !(cp >= 0x80 && cp < 0xA0))
				return 0;
			if (k == 2 && (b[i + 1] == 0x91 || b[i + 1] == 0x92 ||
			    b[i + 1] == 0x93 || b[i + 1] == 0x94 ||
			    b[i + 1] == 0x96 || b[i + 1] == 0x97) &&
			    !(i > 0 && isupper_(b[i - 1])))
				quote = 1;	/* but "AÃ‘OS" is "AÑOS" */
			if (k == 2 && b[i + 1] == 0xA0 && b[i] >= 0xC4 &&
			    b[i] <= 0xCF)
				return 0;
			multi++;
			one = cp;
			at = i;
			end = i + k;
			inword = (i > 0 && isalnum_(b[i - 1])) ||
			    (i + k < n && isalnum_(b[i + k]));
		}
		i += k;
	}
	if (multi == 1 && quote)
		return 0;	/* "Ã’s": more likely an honest quote */
	if (multi == 1 && one == 0xE0)
		return e == E_W1252;	/* "à", the French word */
	if (multi == 1 && !case_fits(at > 1 ? b[at - 2] : 0,
	    at > 0 ? b[at - 1] : 0, one, end < n ? b[end] : 0))
		return 0;
	if (multi == 1 && one >= 0x386 && one <= 0x3CE)
		return e == E_W1252 && inword;
	if (multi == 1)
		return (e == E_W1252 || e == E_MACROMAN) && inword &&
		    ((one >= 0xA0 && one <= 0x17F) ||
		    (one >= 0x2010 && one <= 0x206F) || one >= 0x1F000 ||
		    (one >= 0x2600 && one <= 0x27BF));
	return multi > 0;
}

/* Converts b[0..n) from encoding from to UTF-8 into *out; -1 on error. */
static long
conv(const char *from, const char *to, const unsigned char *b, size_t n,
    unsigned char **out, size_t *cap)
{
	iconv_t cd;
	char *ip = (char *)b, *op;
	size_t il = n, ol, r;

	if (*cap < 4 * n + 16) {
		*cap = 4 * n + 16;
		*out = xrealloc(*out, *cap);
	}
	if ((cd = iconv_open(to, from)) == (iconv_t)-1)
		return -1;
	op = (char *)*out;
	ol = *cap;
	r = iconv(cd, &ip, &il, &op, &ol);
	if (r != (size_t)-1)
		r = iconv(cd, NULL, NULL, &op, &ol);
	iconv_close(cd);
	if (r == (size_t)-1)
		return -1;
	return (long)(op - (char *)*out);
}

/*
 * CP949 read as Latin-1: each run of Latin-1 letters must be whole
 * KS X 1001 Hangul syllables once taken back to bytes.
 */
static long
cp949_latin1(const unsigned char *s, size_t n, unsigned char *buf,
    unsigned char **out, size_t *cap)
{
	size_t i = 0, k = 0, j, run = 0, maxrun = 0;
	uint32_t cp;
	long m;
	int hangul = 0;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		if (cp >= 0x80 && cp < 0xA1)
			return -1;
		if (cp > 0xFF)
			return -1;
		if (cp >= 0x80) {
			if (++run > maxrun)
				maxrun = run;
		} else if (run % 2)
			return -1;
		else
			run = 0;
		buf[k++] = (unsigned char)cp;
	}
	if (run % 2 || maxrun < 4)
		return -1;
	if ((m = conv("CP949", "UTF-8", buf, k, out, cap)) < 0)
		return -1;
	for (j = 0; j < (size_t)m; j += utf8_decode(*out + j, m - j, &cp)) {
		utf8_decode(*out + j, m - j, &cp);
		if (cp < 0x80)
			continue;
		if (!ksx1001_hangul(cp))
			return -1;
		hangul++;
	}
	return hangul >= 3 ? m : -1;
}


/*
 * Whether s[0..n) has the shape of UTF-8 read as CP949: its non-ASCII
 * characters, two or more, are all Hangul or hanja, and at least half of
 * them hanja or syllables outside KS X 1001. UTF-8 lead bytes pair into
 * hanja and continuation bytes into the rare syllables of UHC, while
 * Korean text is nearly all KS X 1001 syllables; so this rules out
 * Korean text before any conversion is tried.
 */
static int
cp949_shape(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k = 0, odd = 0;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0x80)
			continue;
		if (cp >= 0xAC00 && cp <= 0xD7A3)
			odd += !ksx1001_hangul(cp);
		else if ((cp >= 0x4E00 && cp <= 0x9FFF) ||
		    (cp >= 0xF900 && cp <= 0xFAFF))
			odd++;
		else
			return 0;
		if (++k - 2 * odd > 8)
			return 0;	/* plain Korean: no need to read on */
	}
	return k >= 2 && 2 * odd >= k;
}

/*
 * Characters that stand for themselves next to mojibake although they
 * are continuation bytes in the wrong encoding: spaces, dashes, quotes,
 * guillemets, the bullet and the ellipsis. After any other, a sequence
 * is the tail of a garble too mixed to mend, and is left alone.
 */
static int
loose(uint32_t cp)
{
	return cp == 0xA0 || cp == 0xAB || cp == 0xBB || cp == 0x2013 ||
	    cp == 0x2014 || (cp >= 0x2018 && cp <= 0x201E) || cp == 0x2022 ||
	    cp == 0x2026;
}

/*
 * Whether a plain space may stand for byte 0xA0 in a sequence of need
 * continuation bytes after lead b0, at position t: some programs made
 * no-break spaces plain. "Ã " is "à", "Å " "Š", "Â " the no-break space
 * itself, "Ð " Cyrillic "Р", "Î " Greek "Π", "Ù " the Arabic zero; of
 * three-byte sequences only those of punctuation and symbols, Indic and
 * Thai (leads 0xE0..0xE2, a space last), and the braille blank (a space
 * in the middle of "â € "). prev is the character before the lead:
 * after a Latin letter, "Ð", "Î" and "Ù" are Icelandic, Greek or French
 * ("MEÐ ").
 */
static int
nbsp_ok(int b0, int t, int need, uint32_t prev)
{
	if (need == 1 && (b0 == 0xCE || b0 == 0xD0 || b0 == 0xD9))
		return !(isalnum_((int)prev) || (prev >= 0xC0 && prev < 0x250));
	if (need == 1)
		return b0 == 0xC2 || b0 == 0xC3 || b0 == 0xC5;
	return need == 2 && ((t == 2 && b0 >= 0xE0 && b0 <= 0xE2) ||
	    (t == 1 && b0 == 0xE2));
}

/*
 * Whether '?' may stand for a byte lost after lead b0 of a sequence of
 * need continuation bytes: converters write '?' for what they cannot
 * map (windows-1252 has no 0x9D for the end of "”"). Only after the
 * leads frequent enough that this is no chance: Latin-1 letters (0xC2,
 * 0xC3), punctuation (0xE2), emoji (0xF0).
 */
static int
qmark_ok(int b0, int need)
{
	return need == 1 ? b0 == 0xC2 || b0 == 0xC3 :
	    need == 2 ? b0 == 0xE2 : b0 == 0xF0;
}

/*
 * After "Ã" and a space that was a no-break space: whether that space
 * belongs to the "à" (so goes) rather than to the text. It does before
 * a second space, and in the Portuguese contractions "às", "àquele",
 * "àquela", "àquilo" (whose "à" is not a word of its own).
 */
static int
agrave_eats(const unsigned char *s, size_t n)
{
	if (n > 0 && s[0] == ' ')
		return 1;
	if (n >= 1 && s[0] == 's' && (n == 1 || strchr(" ,.;:!?", s[1])))
		return 1;
	return n >= 4 && (memcmp(s, "quel", 4) == 0 ||
	    memcmp(s, "quil", 4) == 0);
}

/* A UTF-16 surrogate pair in b and lo, as CESU-8 wrote it: its code. */
static uint32_t
cesu(const unsigned char *b, const unsigned char *lo)
{
	uint32_t hi = 0xD000 | (b[1] & 0x3F) << 6 | (b[2] & 0x3F);
	uint32_t low = 0xD000 | (lo[1] & 0x3F) << 6 | (lo[2] & 0x3F);

	return 0x10000 + ((hi - 0xD800) << 10) + (low - 0xDC00);
}

/*
 * Repairs the mojibake sequences of a line one by one, leaving the rest
 * as it is: wherever characters taken back to bytes of encoding e make
 * one valid, plausible UTF-8 character, that character replaces them.
 * This mends lines where correct text and mojibake are mixed. A space
 * may stand for a lost no-break space (nbsp_ok()); U+FFFD or '?' for a
 * lost byte, the sequence then becoming one U+FFFD. A UTF-16 surrogate
 * pair encoded as two UTF-8 sequences (CESU-8, as old software wrote
 * emoji) becomes the one character. Writes to out (never more than n
 * bytes) and returns the new length if there was evidence enough: one
 * repair of three bytes or more, or two giving Latin-1 characters, or
 * three of any kind, or "Ã" and a space after a small letter ("voilÃ
 * le"); a lost no-break space counts as a Latin-1 character. Lost
 * bytes and C1 controls are no evidence, and less than that ("DrÃ¥ber",
 * "MÄ£ÄM") is too little. Else returns 0.
 */
static size_t
fix_seqs(struct detector *d, int e, const unsigned char *s, size_t n,
    unsigned char *out, int *count)
{
	size_t i = 0, k = 0, j, l;
	int nfix = 0, nbig = 0, strong = 0, ncjk = 0, misfit = 0, after = 0;
	uint32_t prev = 0;	/* the character before s + i */

	*count = 0;
	while (i < n) {
		unsigned char b[4];
		uint32_t c, c0, cp;
		int need, t, v, nsp = 0, lost = 0, qm = 0, evid;

		l = utf8_decode(s + i, n - i, &c0);
		v = byteof(d, e, c0);
		if (v < 0xC2 || v > 0xF4 || after) {
			memcpy(out + k, s + i, l);
			k += l;
			i += l;
			after = ((v >= 0x80 && v <= 0xBF) ||
			    (c0 >= 0x80 && c0 < 0xC0)) && !loose(c0);
			prev = c0;
			continue;
		}
		b[0] = (unsigned char)v;
		need = v >= 0xF0 ? 3 : v >= 0xE0 ? 2 : 1;
		for (j = i + l, t = 1; t <= need && j < n; t++) {
			size_t m = utf8_decode(s + j, n - j, &c);

			v = byteof(d, e, c);
			if (c == ' ' && !nsp && nbsp_ok(b[0], t, need, prev))
				v = 0xA0, nsp = 1;
			else if (v == LOST)
				v = 0x80, lost = 1;
			else if (c == '?' && !qm && qmark_ok(b[0], need))
				v = 0x80, lost = qm = 1;
			if (v < 0x80 || v > 0xBF)
				break;
			b[t] = (unsigned char)v;
			j += m;
		}
		cp = UTF8_INVALID;
		if (t <= need || (lost && nsp))
			;
		else if (lost)
			cp = 0xFFFD;
		else if (b[0] == 0xED && b[1] >= 0xA0 && b[1] <= 0xAF) {
			/* A high surrogate: look for its low half. */
			unsigned char lo[3];
			size_t j2 = j, m;
			int u;

			for (u = 0; u < 3 && j2 < n; u++) {
				m = utf8_decode(s + j2, n - j2, &c);
				if ((v = byteof(d, e, c)) < 0 || v == LOST)
					break;
				lo[u] = (unsigned char)v;
				j2 += m;
			}
			if (u == 3 && lo[0] == 0xED && lo[1] >= 0xB0 &&
			    lo[1] <= 0xBF && (lo[2] & 0xC0) == 0x80) {
				cp = cesu(b, lo);
				j = j2;
			}
		} else
			utf8_decode(b, (size_t)need + 1, &cp);
		if (cp != UTF8_INVALID && !plausible(cp) &&
		    !(need == 1 && b[0] == 0xC2 && b[1] < 0xA0))
			cp = UTF8_INVALID;
		/* "SELKÄ\xa0EDELLÄ" is Finnish, not "SELKĠEDELLĠ". */
		if (need == 1 && b[1] == 0xA0 && !nsp && b[0] >= 0xC4 &&
		    b[0] <= 0xCF && b[0] != 0xC5)
			cp = UTF8_INVALID;
		if (nsp && need == 1 && b[0] == 0xC3) {
			/* "à": never right after a capital. */
			if (i > 0 && isupper_(s[i - 1]))
				cp = UTF8_INVALID;
			else if (!agrave_eats(s + j, n - j))
				j--;	/* the space is the text's own */
		}
		if (cp == UTF8_INVALID) {
			memcpy(out + k, s + i, l);
			k += l;
			i += l;
			after = 0;
			prev = c0;
			continue;
		}
		k += utf8_encode(cp, out + k);
		evid = !lost && !nsp && cp >= 0xA0;
		/*
		 * A lost no-break space is some evidence after "Ã", "Â",
		 * "Å" and in three-byte sequences ("âš "), and enough after
		 * a small letter ("voilÃ le").
		 */
		if (nsp && (need == 2 || b[0] <= 0xC5))
			strong += 1 + (b[0] == 0xC3 && i > 0 &&
			    islower_(s[i - 1]));
		if (evid) {
			nfix++;
			misfit = !case_fits(i > 1 ? s[i - 2] : 0,
			    i > 0 ? s[i - 1] : 0, cp, j < n ? s[j] : 0);
			/* Letters count double when decoders are compared. */
			*count += 1 +
			    (utf8proc_category((utf8proc_int32_t)cp) >=
			    UTF8PROC_CATEGORY_LU &&
			    utf8proc_category((utf8proc_int32_t)cp) <=
			    UTF8PROC_CATEGORY_LO);
			if (cp >= 0x2E80 && cp < 0xD800)
				ncjk++;	/* Hangul or CJK: believed in pairs */
			else
				nbig += cp >= 0x800;
			strong += cp <= 0xFF;
		} else
			*count += 1;
		i = j;
		after = 0;
		prev = cp;
	}
	if (nfix == 1 && misfit && strong < 2)
		return 0;
	return nbig >= 1 || ncjk >= 2 || strong >= 2 || nfix >= 3 ? k : 0;
}

/*
 * C1 controls (U+0080..U+009F) are not text; in a line they are the
 * windows-1252 punctuation a Latin-1 decoder let through ("\x93" for a
 * left double quote). Replaces those windows-1252 defines in *s, *n
 * bytes long ("sloppily": the five bytes it leaves undefined stay as
 * they are), putting the line in a new buffer that *s then owns, and
 * says whether there were any.
 */
static int
c1_fix(struct detector *d, unsigned char **s, size_t *n)
{
	const uint32_t *t = sb_table(d, E_W1252);
	unsigned char *o;
	size_t i, k = 0, l;
	uint32_t cp;
	int any = 0;

	for (i = 0; i + 1 < *n; i++)
		if ((*s)[i] == 0xC2 && (*s)[i + 1] >= 0x80 &&
		    (*s)[i + 1] < 0xA0)
			break;
	if (i + 1 >= *n)
		return 0;
	o = xmalloc(*n / 2 * 3 + 1);	/* 2 bytes become 3 at most */
	for (i = 0; i < *n; i += l) {
		l = utf8_decode(*s + i, *n - i, &cp);
		if (cp >= 0x80 && cp < 0xA0 && t[cp] != UINT32_MAX) {
			k += utf8_encode(t[cp], o + k);
			any = 1;
			continue;
		}
		memcpy(o + k, *s + i, l);
		k += l;
	}
	free(*s);
	*s = o;
	*n = k;
	return any;
}

/*
 * One round: the first wrong decoder that undoes the whole line, else
 * the one whose sequence repairs mend the most; either way the line must
 * come out less weird. Returns whether cur changed.
 */
static int
round_fix(struct detector *d, unsigned char *cur, size_t *len, int *w,
    unsigned char *buf, unsigned char *best)
{
	size_t bestlen = 0, k;
	long m;
	int x, wn, count, bestn = 0, bestw = 0;

	for (x = 0; x < NWRONG; x++) {
		m = sb_encode(d, wrong[x], cur, *len, buf);
		if (m > 0 && good_utf8(buf, (size_t)m, wrong[x]) &&
		    (wn = weird(buf, (size_t)m)) < *w) {
			memcpy(cur, buf, (size_t)m);
			*len = (size_t)m;
			*w = wn;
			return 1;
		}
	}
	for (x = 0; x < NWRONG; x++) {
		k = fix_seqs(d, wrong[x], cur, *len, buf, &count);
		if (k > 0 && count > bestn && (wn = weird(buf, k)) < *w) {
			memcpy(best, buf, k);
			bestlen = k;
			bestn = count;
			bestw = wn;
		}
	}
	if (bestn == 0)
		return 0;
	memcpy(cur, best, bestlen);
	*len = bestlen;
	*w = bestw;
	return 1;
}

/*
 * Whether s[0..n) may be weird(): it needs a character below U+3000
 * beyond ASCII (lead bytes 0xC2..0xE2), Apple's logo or a Latin
 * ligature. Korean, Japanese and Chinese text is mostly without, and a
 * byte scan is cheaper than decoding it.
 */
static int
may_be_weird(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[i] >= 0xC2 && s[i] <= 0xE2) || (s[i] == 0xEF &&
		    i + 1 < n && (s[i + 1] == 0xA3 || s[i + 1] == 0xAC)))
			return 1;
	return 0;
}

size_t
mojibake_fix(struct detector *d, const unsigned char *s, size_t n,
    unsigned char **out, size_t *cap)
{
	unsigned char *buf, *best, *cur, *tmp = NULL;
	size_t len = n, tcap = 0, i;
	long m;
	int round, fixed = 0, w;

	for (i = 0; i < n && s[i] < 0x80; i++)
		;
	if (i == n)
		return (size_t)-1;
	w = may_be_weird(s + i, n - i) ? weird(s, n) : 0;
	if (w == 0 && s[i] > 0xE2 && !cp949_shape(s + i, n - i))
		return (size_t)-1;	/* the common case of CJK text */
	cur = xmalloc(n + 1);
	memcpy(cur, s, n);
	buf = xmalloc(n + 1);
	best = xmalloc(n + 1);
	/* Three rounds: text can be mangled more than once. */
	for (round = 0; round < 3 && w > 0; round++) {
		if (!round_fix(d, cur, &len, &w, buf, best))
			break;
		fixed = 1;
	}
	if (!fixed && (m = cp949_latin1(cur, len, buf, &tmp, &tcap)) > 0) {
		cur = xrealloc(cur, (size_t)m + 1);
		memcpy(cur, tmp, (size_t)m);
		len = (size_t)m;
		fixed = 1;
	}
	if (!fixed && cp949_shape(cur, len) &&
	    (m = conv("UTF-8", "CP949", cur, len, &tmp, &tcap)) > 0 &&
	    (size_t)m < len && good_utf8(tmp, (size_t)m, E_CP949)) {
		memcpy(cur, tmp, (size_t)m);
		len = (size_t)m;
		fixed = 1;
	}
	free(buf);
	free(best);
	free(tmp);
	if (c1_fix(d, &cur, &len))
		fixed = 1;
	if (!fixed) {
		free(cur);
		return (size_t)-1;
	}
	if (*cap < len + 1) {
		*cap = len + 1;
		*out = xrealloc(*out, *cap);
	}
	memcpy(*out, cur, len);
	free(cur);
	return len;
}
