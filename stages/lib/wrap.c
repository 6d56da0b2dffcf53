/*
 * wrap.c: hard-wrapped text (see wrap.h): the width of a line, the wrap
 * width of a document, and whether a line goes on in the next.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/wrap.h>

/* See wrap.h. */
unsigned
wrap_cols(const unsigned char *s, size_t n, size_t i, unsigned w)
{
	size_t k;
	uint32_t cp;

	while (i < n && w < WRAP_CAP) {
		if (s[i] < 0x80) {
			k = i;
			while (i < n && s[i] < 0x80)
				i++;
			w += (unsigned)(i - k);
			continue;
		}
		/* Hangul syllables and CJK ideographs, two columns, without
		   a look-up: most of the characters of Korean text. */
		if ((s[i] & 0xF0) == 0xE0 && n - i >= 3) {
			cp = (s[i] & 0x0Fu) << 12 | (s[i + 1] & 0x3Fu) << 6 |
			    (s[i + 2] & 0x3Fu);
			if (cp - 0xAC00 <= 0xD7A3 - 0xAC00 ||
			    cp - 0x4E00 <= 0x9FFF - 0x4E00) {
				w += 2;
				i += 3;
				continue;
			}
		}
		k = utf8_decode(s + i, n - i, &cp);
		w += cp == UTF8_INVALID ? 1 : utf8proc_charwidth(cp);
		i += k;
	}
	return w < WRAP_CAP ? w : WRAP_CAP;
}

/* See wrap.h. */
unsigned
wrap_width_of(const unsigned char *s, size_t n)
{
	/* A character of four bytes or fewer is at least one column, but
	   for the rare combining mark. */
	if (n >= 4 * WRAP_CAP)
		return WRAP_CAP;
	return wrap_cols(s, n, 0, 0);
}

/* See wrap.h. */
int
wrap_endstop(const unsigned char *s, size_t n)
{
	uint32_t cp;

	while (n > 0) {
		cp = utf8_last(s, n);
		if (cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
		    cp == 0x201D || cp == 0x2019 || cp == 0x300D ||
		    cp == 0x300F || cp == 0xFF09) {
			while (n > 0 && (s[n - 1] & 0xC0) == 0x80)
				n--;
			n--;	/* the closing mark's first byte */
			continue;
		}
		return cp == '.' || cp == '?' || cp == '!' || cp == 0x3002 ||
		    cp == 0xFF0E || cp == 0xFF1F || cp == 0xFF01;
	}
	return 0;
}

/* See wrap.h. */
int
wrap_listlike(const unsigned char *s, size_t n)
{
	static const char *const marks[] = {
		"- ", "* ", "+ ", "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xB6",
		"\xE2\x96\xB7", "\xE2\x96\xA0", "\xE2\x96\xA1", "\xE2\x97\x8F",
		"\xE2\x97\x8B", "\xE2\x97\x86", "\xE2\x97\x87", "\xE2\x80\xBB",
		"#", "[", "(", "\xE3\x80\x90"
	};
	size_t i, m;

	if (n == 0)
		return 0;
	/* A mark starts with none of these, and most lines with one. */
	if ((s[0] >= '0' && s[0] <= '9') || (s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z') || s[0] == ' ')
		goto numbered;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		m = strlen(marks[i]);
		if (n >= m && memcmp(s, marks[i], m) == 0)
			return 1;
	}
numbered:
	/* "1. ", "2) ", "a) " */
	for (i = 0; i < n && i < 3 && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i == 0 && n > 1 && s[0] >= 'a' && s[0] <= 'z')
		i = 1;
	return i > 0 && i + 1 < n && (s[i] == '.' || s[i] == ')') &&
	    s[i + 1] == ' ';
}

/*
 * See wrap.h. A wrapped text has many lines just under one width W and
 * almost none above it: find the W that has the most lines within 20%
 * under it, with fewer than 5% of the long lines above it. Widths from 20
 * to 100 columns only: shorter is a list, longer is a paragraph per line.
 * A wrap ends a line wherever the width runs out, seldom at the end of a
 * sentence; lines that mostly end sentences are a sentence a line (an
 * article of short paragraphs, or cut into sentences), not wrapped.
 */
unsigned
wrap_width(size_t n, unsigned (*width)(void *, size_t),
    int (*stop)(void *, size_t), void *ctx, unsigned minon)
{
	unsigned hist[102] = { 0 }, cum[102], best = 0, bestn = 0, w, near,
	    above, stops;
	size_t i, longl = 0;

	for (i = 0; i < n; i++) {
		w = width(ctx, i);
		if (w < 16)
			continue;
		longl++;
		hist[w > 101 ? 101 : w]++;
	}
	/* cum[w]: the lines of w columns or fewer (101: all). */
	cum[0] = hist[0];
	for (w = 1; w <= 101; w++)
		cum[w] = cum[w - 1] + hist[w];
	for (w = 20; w <= 100; w++) {
		if (hist[w] == 0)
			continue;
		near = cum[w] - cum[w * 4 / 5 - 1];
		above = cum[101] - cum[w];
		if (above * 20 <= longl && near > bestn) {
			best = w;
			bestn = near;
		}
	}
	/* At least three wrapped lines, and most long lines are them. */
	if (bestn < 3 || bestn * 2 < longl)
		return 0;
	for (i = 0, stops = 0; i < n; i++) {
		w = width(ctx, i);
		if (w > 0 && w <= best && w >= best * 4 / 5)
			stops += stop(ctx, i) != 0;
	}
	return stops * 5 >= bestn * 3 || bestn - stops < minon ? 0 : best;
}

/* See wrap.h. */
int
wrap_goes_on(unsigned w, unsigned width, const unsigned char *next,
    size_t nn, unsigned nwidth)
{
	return w > 0 && nn > 0 && width * 4 >= w * 3 && width <= w + 2 &&
	    nwidth <= w + 2 && !wrap_listlike(next, nn);
}
