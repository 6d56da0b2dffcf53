/*
 * prose.c: what the text of a block says of it to the scoring of
 * extract.c: how much sentence punctuation it holds (prose has it, menus
 * do not), and whether it is a copyright notice.
 */
#include <stddef.h>
#include <string.h>

#include "html.h"

/* Sentence punctuation in a block: prose has it, menus do not. */
unsigned
prose_punct(const unsigned char *s, size_t n)
{
	unsigned k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ',' || s[i] == '.' || s[i] == ';' || s[i] == '?' ||
		    s[i] == '!')
			k++;
		/* U+3001 、 U+3002 。 U+FF0C ， */
		else if (s[i] == 0xE3 && i + 2 < n && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0x81 || s[i + 2] == 0x82))
			k++;
		else if (s[i] == 0xEF && i + 2 < n && s[i + 1] == 0xBC &&
		    s[i + 2] == 0x8C)
			k++;
	}
	return k;
}

/*
 * Whether a block holds a copyright notice: a copyright sign before a
 * year or a name ("© 2012, ...", "© News Agency ...", a name in a
 * script without case), not before a lower-case word (a joke in a
 * sentence). That is the page's legal notice, whose long clauses read
 * as prose, or a credit: it scores nothing.
 */
int
prose_legal(const unsigned char *s, size_t n)
{
	const unsigned char *p, *e = s + n;

	for (p = s; p + 1 < e; p++) {
		const unsigned char *q;

		/* U+00A9 ©, and U+24D2 ⓒ as Korean pages write it */
		if (p[0] == 0xC2 && p[1] == 0xA9)
			q = p + 2;
		else if (p[0] == 0xE2 && p + 2 < e && p[1] == 0x93 &&
		    p[2] == 0x92)
			q = p + 3;
		else
			continue;
		while (q < e && *q == ' ')
			q++;
		if (q < e && ((*q >= '0' && *q <= '9') || (*q >= 'A' &&
		    *q <= 'Z') || *q >= 0x80))
			return 1;
	}
	return 0;
}
