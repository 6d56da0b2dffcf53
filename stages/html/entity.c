/*
 * entity.c: HTML5 character references in text: named ones from the
 * generated table (entities.c), decimal and hex ones, with HTML5's
 * repairs: the Windows-1252 meaning of 128..159, U+FFFD for what is no
 * character, the legacy names accepted without a semicolon.
 */
#include <string.h>

#include <rinse/utf8.h>

#include "html.h"

/* What &#128;..&#159; mean in HTML5 (Windows-1252); 0 for unchanged. */
static const uint16_t cp1252[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
};

/* The entry named exactly s[0..n), or NULL. */
static const struct entity *
entity_find(const unsigned char *s, size_t n)
{
	size_t lo = 0, hi = nentities, mid, m;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		m = entities[mid].nlen < n ? entities[mid].nlen : n;
		c = memcmp(entities[mid].name, s, m);
		if (c == 0)
			c = entities[mid].nlen < n ? -1 :
			    entities[mid].nlen > n;
		if (c == 0)
			return &entities[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int
isalnum_(unsigned c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

static size_t
numeric(const unsigned char *s, size_t n, unsigned char *out, size_t *used)
{
	size_t i = 2, start;
	uint32_t cp = 0;
	int hex = 0, big = 0;

	if (i < n && (s[i] | 32) == 'x') {
		hex = 1;
		i++;
	}
	start = i;
	for (; i < n; i++) {
		unsigned c = s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (hex && (c | 32) >= 'a' && (c | 32) <= 'f')
			d = (c | 32) - 'a' + 10;
		else
			break;
		if (cp > 0x10FFFF)
			big = 1;
		else
			cp = cp * (hex ? 16 : 10) + d;
	}
	if (i == start)
		return 0;	/* "&#" or "&#x" without digits: text */
	if (i < n && s[i] == ';')
		i++;
	*used = i;
	if (big || cp > 0x10FFFF || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	else if (cp >= 0x80 && cp <= 0x9F && cp1252[cp - 0x80])
		cp = cp1252[cp - 0x80];
	return utf8_encode(cp, out);
}

size_t
entity_decode(const unsigned char *s, size_t n, unsigned char *out,
    size_t *used)
{
	const struct entity *e;
	size_t i, k;

	if (n < 3)
		return 0;
	if (s[1] == '#')
		return numeric(s, n, out, used);
	for (i = 1; i < n && i <= 33 && isalnum_(s[i]); i++)
		;
	if (i == 1)
		return 0;
	if (i < n && s[i] == ';' && (e = entity_find(s + 1, i)) != NULL) {
		*used = i + 1;
		memcpy(out, e->val, e->vlen);
		return e->vlen;
	}
	/* The longest legacy name that is a prefix: "&notit" is "¬it". */
	for (k = i - 1 < 6 ? i - 1 : 6; k >= 2; k--) {
		if ((e = entity_find(s + 1, k)) != NULL) {
			*used = k + 1;
			memcpy(out, e->val, e->vlen);
			return e->vlen;
		}
	}
	return 0;
}

size_t
entity_decode_all(const unsigned char *s, size_t n, unsigned char *out,
    unsigned long long *count)
{
	const unsigned char *p;
	size_t i = 0, o = 0, k, used;

	while (i < n) {
		if ((p = memchr(s + i, '&', n - i)) == NULL) {
			memcpy(out + o, s + i, n - i);
			return o + n - i;
		}
		k = (size_t)(p - (s + i));
		memcpy(out + o, s + i, k);
		o += k;
		i += k;
		if ((k = entity_decode(s + i, n - i, out + o, &used)) > 0) {
			o += k;
			i += used;
			++*count;
		} else
			out[o++] = s[i++];
	}
	return o;
}
