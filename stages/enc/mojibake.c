/*
 * mojibake.c: repair of text that went through the wrong decoder once
 * or twice: UTF-8 read as Windows-1252 (or Latin-1, Windows-1251,
 * MacRoman, ISO-8859-2, Windows-1250, Windows-1257, CP437), CP949 read
 * as Latin-1, UTF-8 read as CP949.
 *
 * Repair is conservative. A line is re-encoded with the wrong decoder's
 * encoding as a whole; the bytes must then decode cleanly the right way,
 * and every character that comes out must be one that real text uses
 * (Latin-1 and Latin Extended-A letters, basic Greek and Cyrillic,
 * Hebrew and Arabic letters, punctuation, CJK, Hangul, emoji; not IPA,
 * Armenian or combining marks, which is what legitimate text such as
 * "VOCÊ…" or "4288×…" would turn into). Text that happens to contain
 * "Ã©" on purpose is still repaired when nothing else in its line
 * prevents it; that is the price of the repair and why it is an option.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "enc.h"

/* The wrong decoders tried, most common first. */
static const int wrong[] = { E_W1252, E_W1251, E_MACROMAN, E_L2, E_W1250,
    E_W1257, E_IBM437 };

/*
 * Whether a character may be the outcome of a repair: letters of the
 * scripts mojibake comes from, punctuation, symbols, modifier letters
 * and combining marks (text decorated with them mangles too), CJK,
 * Hangul, emoji.
 */
static int
plausible(uint32_t cp)
{
	return (cp >= 0xA0 && cp <= 0x17E) || (cp >= 0x218 && cp <= 0x21B) ||
	    (cp >= 0x386 && cp <= 0x3CE) || (cp >= 0x401 && cp <= 0x45F) ||
	    (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x621 && cp <= 0x64A) ||
	    (cp >= 0x660 && cp <= 0x669) || (cp >= 0xE01 && cp <= 0xE5B) ||
	    (cp >= 0x1E00 && cp <= 0x1EFF) || (cp >= 0x2010 && cp <= 0x206F) ||
	    (cp >= 0x20A0 && cp <= 0x20CF) || (cp >= 0x2100 && cp <= 0x23FF) ||
	    (cp >= 0x2C6 && cp <= 0x2DD) || (cp >= 0x300 && cp <= 0x36F) ||
	    (cp >= 0x2500 && cp <= 0x27BF) || (cp >= 0x3000 && cp <= 0x30FF) ||
	    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
	    cp == 0xFE0F || (cp >= 0xFF01 && cp <= 0xFF5E) ||
	    (cp >= 0x1F000 && cp <= 0x1FAFF);
}

static int
isalnum_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

/*
 * Re-encodes s[0..n) with single-byte encoding e into buf (n bytes at
 * most); returns the length, or -1 if a character has no byte in e.
 */
static long
sb_encode(struct detector *d, int e, const unsigned char *s, size_t n,
    unsigned char *buf)
{
	const uint32_t *t = sb_table(d, e);
	size_t i = 0, k = 0;
	uint32_t cp;
	int b;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0x80) {
			buf[k++] = (unsigned char)cp;
			continue;
		}
		for (b = 0x80; b < 0x100; b++)
			if (t[b] == cp)
				break;
		/* Latin-1 fills the holes of windows-1252. */
		if (b == 0x100 && e == E_W1252 && cp >= 0x80 && cp < 0xA0)
			b = (int)cp;
		if (b == 0x100)
			return -1;
		buf[k++] = (unsigned char)b;
	}
	return (long)k;
}

/*
 * Whether b[0..n), re-encoded from text read with encoding e, is valid
 * UTF-8 with characters beyond ASCII, all of them plausible. One such
 * character alone is believed only for the classic windows-1252 case,
 * inside a word ("cafÃ©", not "the bytes Ã© mean"), and a Latin-1,
 * Latin Extended-A, punctuation or emoji result. A lead byte
 * and a no-break space are not believed for Latin Extended and IPA
 * leads: names like "SELKÄ\xa0EDELLÄ" read as UTF-8 would give "Ġ".
 */
static int
good_utf8(const unsigned char *b, size_t n, int e)
{
	size_t i = 0, k;
	uint32_t cp, one = 0;
	int multi = 0, inword = 0, quote = 0;

	while (i < n) {
		k = utf8_decode(b + i, n - i, &cp);
		if (cp == UTF8_INVALID)
			return 0;
		if (k > 1) {
			if (!plausible(cp))
				return 0;
			if (k == 2 && (b[i + 1] == 0x91 || b[i + 1] == 0x92 ||
			    b[i + 1] == 0x93 || b[i + 1] == 0x94 ||
			    b[i + 1] == 0x96 || b[i + 1] == 0x97) &&
			    !(i > 0 && b[i - 1] >= 'A' && b[i - 1] <= 'Z'))
				quote = 1;	/* but "AÃ‘OS" is "AÑOS" */
			if (k == 2 && b[i + 1] == 0xA0 && b[i] >= 0xC4 &&
			    b[i] <= 0xCF)
				return 0;
			multi++;
			one = cp;
			inword = (i > 0 && isalnum_(b[i - 1])) ||
			    (i + k < n && isalnum_(b[i + k]));
		}
		i += k;
	}
	if (multi == 1 && quote)
		return 0;	/* "Ã’s": more likely an honest quote */
	if (multi == 1 && one == 0xE0)
		return e == E_W1252;	/* "à", the French word */
	if (multi == 1 && one >= 0x386 && one <= 0x3CE)
		return e == E_W1252 && inword;
	if (multi == 1)
		return (e == E_W1252 || e == E_MACROMAN) && inword && ((one >= 0xA0 && one <= 0x17F) ||
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

/* Whether the non-ASCII characters of s are all Hangul or hanja. */
static int
cjk_only(const unsigned char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int k = 0;

	while (i < n) {
		i += utf8_decode(s + i, n - i, &cp);
		if (cp < 0x80)
			continue;
		if (!((cp >= 0xAC00 && cp <= 0xD7A3) ||
		    (cp >= 0x4E00 && cp <= 0x9FFF) ||
		    (cp >= 0xF900 && cp <= 0xFAFF)))
			return 0;
		k++;
	}
	return k >= 2;
}

/* The byte of single-byte encoding e for cp, or -1. */
static int
sb_byte(struct detector *d, int e, uint32_t cp)
{
	const uint32_t *t = sb_table(d, e);
	int b;

	if (cp < 0x80)
		return (int)cp;
	for (b = 0x80; b < 0x100; b++)
		if (t[b] == cp)
			return b;
	if (cp < 0xA0 && t[cp] == UINT32_MAX)
		return (int)cp;	/* C1 controls fill the holes */
	if (e == E_W1252 && cp < 0xA0)
		return (int)cp;
	return -1;
}

/*
 * Repairs the mojibake sequences of a line one by one, leaving the rest
 * as it is: wherever characters taken back to bytes of encoding e make
 * one valid, plausible UTF-8 character, that character replaces them.
 * This mends lines where correct text and mojibake are mixed. A "Ã"
 * before a plain space stands for "à" whose no-break space was lost. A
 * UTF-16 surrogate pair encoded as two UTF-8 sequences (CESU-8, as old
 * software wrote emoji) becomes the one character. Returns the new
 * length if there was one repair of three bytes or more, or two giving
 * Latin-1 characters, or three of any kind; less ("DrÃ¥ber", "MÄ£ÄM")
 * is too little evidence. Else returns 0.
 */
static size_t
fix_seqs(struct detector *d, int e, const unsigned char *s, size_t n,
    unsigned char *out, int *count)
{
	size_t i = 0, k = 0, j, l;
	int nfix = 0, nbig = 0, strong = 0, ncjk = 0;

	*count = 0;

	while (i < n) {
		unsigned char b[4];
		uint32_t c, cp;
		int need, t, v, trick;

		l = utf8_decode(s + i, n - i, &c);
		v = c < 0x80 || c == UTF8_INVALID ? -1 : sb_byte(d, e, c);
		if (v < 0xC2 || v > 0xF4) {
			memcpy(out + k, s + i, l);
			k += l;
			i += l;
			continue;
		}
		b[0] = (unsigned char)v;
		need = v >= 0xF0 ? 3 : v >= 0xE0 ? 2 : 1;
		trick = 0;
		for (j = i + l, t = 1; t <= need && j < n; t++) {
			size_t m = utf8_decode(s + j, n - j, &c);

			v = c == UTF8_INVALID ? -1 : sb_byte(d, e, c);
			if (t == 1 && need == 1 && c == ' ' &&
			    (b[0] == 0xC2 || b[0] == 0xC3 || b[0] == 0xC5)) {
				/*
				 * A no-break space made a plain one: "Ã "
				 * is "à" and its space, "Å " "Š", "Â "
				 * the no-break space itself.
				 */
				b[1] = 0xA0;
				if (b[0] != 0xC3)
					j += m;
				trick = 1;
				t++;
				break;
			}
			if (v < 0x80 || v > 0xBF)
				break;
			b[t] = (unsigned char)v;
			j += m;
		}
		cp = UTF8_INVALID;
		if (t > need) {
			if (b[0] == 0xED && b[1] >= 0xA0 && b[1] <= 0xAF) {
				/* A high surrogate: look for its low half. */
				unsigned char lo[3];
				size_t j2 = j, m;
				int u;

				for (u = 0; u < 3 && j2 < n; u++) {
					m = utf8_decode(s + j2, n - j2, &c);
					v = c == UTF8_INVALID ? -1 :
					    sb_byte(d, e, c);
					if (v < 0)
						break;
					lo[u] = (unsigned char)v;
					j2 += m;
				}
				if (u == 3 && lo[0] == 0xED && lo[1] >= 0xB0 &&
				    lo[1] <= 0xBF && (lo[2] & 0xC0) == 0x80) {
					uint32_t hi = 0xD000 |
					    (b[1] & 0x3F) << 6 | (b[2] & 0x3F);
					uint32_t low = 0xD000 |
					    (lo[1] & 0x3F) << 6 | (lo[2] & 0x3F);

					cp = 0x10000 + ((hi - 0xD800) << 10) +
					    (low - 0xDC00);
					j = j2;
				}
			} else
				utf8_decode(b, (size_t)need + 1, &cp);
		}
		if (cp == UTF8_INVALID || !plausible(cp) ||
		    (need == 1 && b[1] == 0xA0 && b[0] >= 0xC4 &&
		    b[0] <= 0xCF && b[0] != 0xC5)) {
			memcpy(out + k, s + i, l);
			k += l;
			i += l;
			continue;
		}
		k += utf8_encode(cp, out + k);
		if (trick) {	/* not evidence by itself */
			i = j;
			continue;
		}
		nfix++;
		/* Letters count double when decoders are compared. */
		*count += 1 + (utf8proc_category(cp) >= UTF8PROC_CATEGORY_LU &&
		    utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO);
		if (cp >= 0x2E80 && cp < 0xD800)
			ncjk++;	/* Hangul or CJK: believed in pairs */
		else
			nbig += cp >= 0x800;
		strong += cp >= 0x80 && cp <= 0xFF;
		i = j;
	}
	return nbig >= 1 || ncjk >= 2 || strong >= 2 || nfix >= 3 ? k : 0;
}

/*
 * C1 controls (U+0080..U+009F) are not text; in a line they are the
 * windows-1252 punctuation a Latin-1 decoder let through ("\x93" for a
 * left double quote). Replaces those 1252 defines in s[0..*n) in place
 * (the result is never longer) and says whether it did.
 */
static int
c1_fix(struct detector *d, unsigned char *s, size_t *n)
{
	const uint32_t *t = sb_table(d, E_W1252);
	size_t i = 0, k = 0, l;
	uint32_t cp;
	int any = 0;

	while (i < *n) {
		l = utf8_decode(s + i, *n - i, &cp);
		if (cp >= 0x80 && cp < 0xA0 && t[cp] != cp) {
			unsigned char u[4];
			size_t m = utf8_encode(t[cp], u);

			if (m <= l) {
				memcpy(s + k, u, m);
				k += m;
				i += l;
				any = 1;
				continue;
			}
		}
		memmove(s + k, s + i, l);
		k += l;
		i += l;
	}
	*n = k;
	return any;
}

size_t
mojibake_fix(struct detector *d, const unsigned char *s, size_t n,
    unsigned char **out, size_t *cap)
{
	unsigned char *buf = NULL, *cur = NULL, *tmp = NULL;
	size_t len = n, tcap = 0, i;
	long m;
	int round, fixed = 0, w, hi = 0, best, bestn;

	for (i = 0; i < n; i++)
		hi |= s[i];
	if (!(hi & 0x80))
		return (size_t)-1;
	cur = xmalloc(n + 1);
	memcpy(cur, s, n);
	buf = xmalloc(n + 1);
	/* Twice: text can be mangled twice over. */
	for (round = 0; round < 3; round++) {
		int done = 0;

		/*
		 * The first wrong decoder that undoes the whole line; else
		 * the one that mends the most sequences.
		 */
		best = bestn = 0;
		for (w = 0; w < (int)(sizeof(wrong) / sizeof(wrong[0])); w++) {
			int count = 0;

			m = sb_encode(d, wrong[w], cur, len, buf);
			if (m > 0 && good_utf8(buf, (size_t)m, wrong[w])) {
				memcpy(cur, buf, (size_t)m);
				len = (size_t)m;
				done = 1;
				break;
			}
			if (fix_seqs(d, wrong[w], cur, len, buf, &count) > 0 &&
			    count > bestn) {
				best = wrong[w];
				bestn = count;
			}
		}
		if (!done && bestn > 0) {
			int count;

			len = fix_seqs(d, best, cur, len, buf, &count);
			memcpy(cur, buf, len);
			done = 1;
		}
		if (!done && round == 0 &&
		    (m = cp949_latin1(cur, len, buf, &tmp, &tcap)) > 0) {
			cur = xrealloc(cur, (size_t)m + 1);
			memcpy(cur, tmp, (size_t)m);
			len = (size_t)m;
			done = 1;
		}
		if (!done && round == 0 &&
		    (m = conv("UTF-8", "CP949", cur, len, &tmp, &tcap)) > 0 &&
		    good_utf8(tmp, (size_t)m, E_CP949) && (size_t)m < len &&
		    cjk_only(cur, len)) {
			memcpy(cur, tmp, (size_t)m);
			len = (size_t)m;
			done = 1;
		}
		if (!done)
			break;
		fixed = 1;
		buf = xrealloc(buf, len + 1);
	}
	free(buf);
	free(tmp);
	if (c1_fix(d, cur, &len))
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
