/* Unit tests of the strict UTF-8 decoder, validator and sanitizer. */
#include <string.h>

#include <rinse/utf8.h>
#include "check.h"

static size_t
dec(const char *s, size_t n, uint32_t *cp)
{
	return utf8_decode((const unsigned char *)s, n, cp);
}

static int
sanitized(const char *in, size_t n, const char *want, unsigned long long bad)
{
	unsigned char out[256];
	unsigned long long nbad = 0;
	size_t len = utf8_sanitize((const unsigned char *)in, n, out, &nbad);

	return len == strlen(want) && memcmp(out, want, len) == 0 &&
	    nbad == bad;
}

/* The valid prefix as utf8_decode() sees it. */
static size_t
ref_valid(const unsigned char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_decode(s + i, n - i, &cp);
		if (cp == UTF8_INVALID)
			return i;
		i += k;
	}
	return n;
}

/*
 * Mixed text of 1-, 2-, 3- and 4-byte characters, 40 to 200 bytes, with
 * one byte replaced by each of a set of troublemakers (continuations,
 * leads of every length, overlong and surrogate leads, F5..FF) at every
 * position, and truncated at every length: utf8_valid() must agree with
 * utf8_decode() each time, and so must utf8_valid_ahead() with the bytes
 * after the cut there to be read.
 */
static int
valid_matches_decode(void)
{
	static const char *const pieces[] = {
		"a", "Zq ", "\xC3\xA9", "\xD0\x96", "\xED\x95\x9C",
		"\xEA\xB0\x80", "\xE4\xB8\xAD", "\xEF\xBF\xBD",
		"\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xED\x9F\xBF",
		"\xE0\xA0\x80", "\xF0\x90\x80\x80"
	};
	static const unsigned char bad[] = {
		0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0,
		0xF4, 0xF5, 0xFF, 0x00, 0x41, 0xA0, 0x9F, 0x90, 0x8F
	};
	unsigned char buf[256], t[256];
	unsigned seed = 1;
	size_t n, i, j, b, len, m;
	int ok = 1;

	for (j = 0; j < 12 && ok; j++) {
		n = 0;
		len = 40 + j * 15;
		while (n < len) {
			const char *p;

			seed = seed * 1103515245 + 12345;
			p = pieces[(seed >> 16) % (sizeof(pieces) /
			    sizeof(pieces[0]))];
			m = strlen(p);
			if (n + m > sizeof(buf))
				break;
			memcpy(buf + n, p, m);
			n += m;
		}
		for (m = 0; m <= n && ok; m++)
			ok = utf8_valid(buf, m) == ref_valid(buf, m) &&
			    utf8_valid_ahead(buf, m, n) == ref_valid(buf, m);
		for (i = 0; i < n && ok; i++)
			for (b = 0; b < sizeof(bad) && ok; b++) {
				memcpy(t, buf, n);
				t[i] = bad[b];
				ok = utf8_valid(t, n) == ref_valid(t, n);
				for (m = i; m < i + 4 && m <= n && ok; m++)
					ok = utf8_valid_ahead(t, m, n) ==
					    ref_valid(t, m);
				if (!ok)
					fprintf(stderr, "utf8_valid: differs "
					    "with %02X at %zu of %zu\n", bad[b],
					    i, n);
			}
	}
	return ok;
}

int
main(void)
{
	uint32_t cp;
	unsigned char buf[4];
	uint32_t c;

	/* Every length, at its bounds. */
	CHECK(dec("A", 1, &cp) == 1 && cp == 'A');
	CHECK(dec("\xC2\x80", 2, &cp) == 2 && cp == 0x80);
	CHECK(dec("\xDF\xBF", 2, &cp) == 2 && cp == 0x7FF);
	CHECK(dec("\xE0\xA0\x80", 3, &cp) == 3 && cp == 0x800);
	CHECK(dec("\xED\x9F\xBF", 3, &cp) == 3 && cp == 0xD7FF);
	CHECK(dec("\xEE\x80\x80", 3, &cp) == 3 && cp == 0xE000);
	CHECK(dec("\xEA\xB0\x80", 3, &cp) == 3 && cp == 0xAC00);
	CHECK(dec("\xF0\x90\x80\x80", 4, &cp) == 4 && cp == 0x10000);
	CHECK(dec("\xF4\x8F\xBF\xBF", 4, &cp) == 4 && cp == 0x10FFFF);

	/* Overlongs, surrogates, beyond U+10FFFF, bad leads. */
	CHECK(dec("\xC0\xAF", 2, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xC1\xBF", 2, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xE0\x80\xAF", 3, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xF0\x80\x80\xAF", 4, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xED\xA0\x80", 3, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xED\xBF\xBF", 3, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xF4\x90\x80\x80", 4, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xF5\x80\x80\x80", 4, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xFF", 1, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\xFE", 1, &cp) == 1 && cp == UTF8_INVALID);
	CHECK(dec("\x80", 1, &cp) == 1 && cp == UTF8_INVALID);

	/* Truncated: the maximal subpart is consumed. */
	CHECK(dec("\xE2\x82", 2, &cp) == 2 && cp == UTF8_INVALID);
	CHECK(dec("\xE2\x82" "A", 3, &cp) == 2 && cp == UTF8_INVALID);
	CHECK(dec("\xF0\x9F\x98", 3, &cp) == 3 && cp == UTF8_INVALID);
	CHECK(dec("\xE2", 1, &cp) == 1 && cp == UTF8_INVALID);

	/* Encoding round trips. */
	for (c = 0; c <= 0x10FFFF; c += (c < 0x800 ? 1 : 97)) {
		size_t k;

		if (c >= 0xD800 && c <= 0xDFFF)
			continue;
		k = utf8_encode(c, buf);
		CHECK(utf8_decode(buf, k, &cp) == k && cp == c);
		if (cp != c)
			break;
	}

	/* Validator: the valid prefix, long ASCII runs included. */
	CHECK(utf8_valid((const unsigned char *)"abcdefghijklmnop\xC3\xA9x",
	    19) == 19);
	CHECK(utf8_valid((const unsigned char *)"abcdefghijklmnop\xC3x",
	    18) == 16);
	CHECK(utf8_valid((const unsigned char *)"\xED\x95\x9C\xEA", 4) == 3);
	CHECK(utf8_valid((const unsigned char *)"", 0) == 0);

	/* The validator against utf8_decode(), on text long enough for the
	   vector path, with every kind of byte put at every position. */
	CHECK(valid_matches_decode());

	/* Sanitizer: one U+FFFD per maximal subpart. */
	CHECK(sanitized("a\xFF" "b", 3, "a\xEF\xBF\xBD" "b", 1));
	CHECK(sanitized("\xE2\x82" "A", 3, "\xEF\xBF\xBD" "A", 1));
	CHECK(sanitized("\xC0\xAF", 2, "\xEF\xBF\xBD\xEF\xBF\xBD", 2));
	CHECK(sanitized("\xED\xA0\x80", 3,
	    "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", 3));
	CHECK(sanitized("\xEC\x95\x88", 3, "\xEC\x95\x88", 0));
	return check_failed != 0;
}
