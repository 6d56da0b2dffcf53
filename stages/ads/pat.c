/*
 * pat.c: the pieces of PCRE2 syntax that lit.c and first.c read (see
 * pat.h): quantifiers, classes skipped, literal characters, the heads of
 * groups, and the opening of an anchored pattern. Each reads at ps->p and
 * leaves ps->p after what it read; what it does not understand sets
 * ps->bad, and the reader then gives no answer.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>

#include "pat.h"

/*
 * Reads a quantifier at p->p if there is one; returns its minimum, or -1
 * when there is none.
 */
long
pat_quant(struct parser *ps)
{
	const char *p = ps->p;
	long min = -1;

	if (p < ps->end && (*p == '*' || *p == '?')) {
		min = 0;
		p++;
	} else if (p < ps->end && *p == '+') {
		min = 1;
		p++;
	} else if (p < ps->end && *p == '{') {
		const char *q = p + 1;
		long m = 0;
		int digits = 0;

		while (q < ps->end && *q >= '0' && *q <= '9') {
			m = m * 10 + (*q++ - '0');
			digits++;
			if (m > 100000)
				m = 100000;
		}
		if (q < ps->end && *q == ',') {
			q++;
			while (q < ps->end && *q >= '0' && *q <= '9')
				q++;
		}
		if (digits == 0 || q >= ps->end || *q != '}')
			return -1;	/* a literal '{' */
		min = m;
		p = q + 1;
	}
	if (min >= 0 && p < ps->end && (*p == '?' || *p == '+'))
		p++;
	ps->p = p;
	return min;
}

/* Skips a character class; p->p is just after '['. */
void
pat_skipclass(struct parser *ps)
{
	const char *p = ps->p;

	if (p < ps->end && *p == '^')
		p++;
	if (p < ps->end && *p == ']')
		p++;
	while (p < ps->end && *p != ']') {
		if (*p == '\\' && p + 1 < ps->end)
			p += 2;
		else if (*p == '[' && p + 1 < ps->end && p[1] == ':') {
			const char *q = strstr(p + 2, ":]");

			p = q && q < ps->end ? q + 2 : p + 1;
		} else
			p++;
	}
	if (p >= ps->end)
		ps->bad = 1;
	ps->p = p < ps->end ? p + 1 : p;
}

/*
 * One literal character at p->p: its bytes go to out (up to 4), and the
 * return is 1; 0 if the atom there is not a literal (and was skipped).
 */
int
pat_literal(struct parser *ps, char out[8], size_t *n)
{
	const char *p = ps->p;
	unsigned char c = (unsigned char)*p;
	uint32_t cp;
	size_t k;

	if (c == '\\') {
		if (p + 1 >= ps->end) {
			ps->bad = 1;
			ps->p = ps->end;
			return 0;
		}
		c = (unsigned char)p[1];
		if (c == 'x') {
			char *e;
			unsigned long v;

			if (p + 2 < ps->end && p[2] == '{') {
				v = strtoul(p + 3, &e, 16);
				if (*e != '}' || v > 0x10FFFF ||
				    (v >= 0xD800 && v <= 0xDFFF)) {
					ps->bad = 1;
					ps->p = ps->end;
					return 0;
				}
				ps->p = e + 1;
			} else {
				char h[3] = { 0 };

				h[0] = p + 2 < ps->end ? p[2] : 0;
				h[1] = p + 3 < ps->end ? p[3] : 0;
				v = strtoul(h, &e, 16);
				ps->p = p + 2 + (e - h);
			}
			*n = utf8_encode((uint32_t)v, (unsigned char *)out);
			return 1;
		}
		if (c == 't' || c == 'n' || c == 'r' || c == 'f' ||
		    c == 'e' || c == 'a') {
			out[0] = c == 't' ? '\t' : c == 'n' ? '\n' : c == 'r' ?
			    '\r' : c == 'f' ? '\f' : c == 'e' ? 27 : 7;
			*n = 1;
			ps->p = p + 2;
			return 1;
		}
		if (c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') &&
		    !(c >= '0' && c <= '9')) {
			out[0] = (char)c;	/* an escaped punctuation mark */
			*n = 1;
			ps->p = p + 2;
			return 1;
		}
		/* \p{..} \P{..} \g{..} \k<..> \N{..}: skip the argument */
		ps->p = p + 2;
		if (ps->p < ps->end && (*ps->p == '{' || *ps->p == '<' ||
		    *ps->p == '\'')) {
			char close = *ps->p == '{' ? '}' : *ps->p == '<' ?
			    '>' : '\'';

			while (ps->p < ps->end && *ps->p != close)
				ps->p++;
			if (ps->p < ps->end)
				ps->p++;
		} else if ((c == 'p' || c == 'P') && ps->p < ps->end)
			ps->p++;
		return 0;
	}
	if (c < 0x80) {
		out[0] = (char)c;
		*n = 1;
		ps->p = p + 1;
		return 1;
	}
	k = utf8_decode((const unsigned char *)p, ps->end - p, &cp);
	ps->p = p + k;
	if (cp == UTF8_INVALID) {
		ps->bad = 1;
		return 0;
	}
	memcpy(out, p, k);
	*n = k;
	return 1;
}

/*
 * The other case of a letter outside ASCII whose two cases are all that
 * PCRE2 folds together: circled Latin letters (Ⓒ, ⓒ) and fullwidth ones;
 * 0 for any other character (Greek, Cyrillic and Latin letters with marks
 * have folds a simple mapping misses: ς, ϑ, ẞ, U+212B).
 */
uint32_t
pat_pairedcase(uint32_t cp)
{
	if (cp >= 0x24B6 && cp <= 0x24CF)
		return cp + 26;
	if (cp >= 0x24D0 && cp <= 0x24E9)
		return cp - 26;
	if ((cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A))
		return cp ^ 0x60;
	return 0;
}

/* Whether a character has other cases (or folds with one). */
int
pat_cased(uint32_t cp)
{
	return utf8proc_tolower((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp ||
	    utf8proc_toupper((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp;
}

/*
 * Reads what opens a group, ps->p at its "(". Returns -1 for a group the
 * parser does not follow (ps->bad is set), 0 for one that holds nothing
 * to read (a comment, an option setting such as "(?i)"), else 1 with ps->p
 * at the group's contents and *look set for a look-around. With full,
 * named groups in every syntax and options are read (-i noted as caseless,
 * -x refused); without, only "(?<name>" and none.
 */
int
pat_group(struct parser *ps, int *look, int full)
{
	const char *q;

	*look = 0;
	ps->p++;
	if (ps->p < ps->end && *ps->p == '*') {
		ps->bad = 1;	/* verbs */
		return -1;
	}
	if (ps->p >= ps->end || *ps->p != '?')
		return 1;
	q = ps->p + 1;
	if (q < ps->end && *q == '#') {
		while (ps->p < ps->end && *ps->p != ')')
			ps->p++;
		ps->p++;
		return 0;
	}
	if (q < ps->end && (*q == '=' || *q == '!')) {
		*look = 1;
		ps->p = q + 1;
	} else if (q + 1 < ps->end && *q == '<' &&
	    (q[1] == '=' || q[1] == '!')) {
		*look = 1;
		ps->p = q + 2;
	} else if (q < ps->end && (*q == ':' || *q == '>'))
		ps->p = q + 1;
	else if (q < ps->end && (*q == '<' ||
	    (full && (*q == '\'' || *q == 'P')))) {
		while (ps->p < ps->end && *ps->p != '>' &&
		    !(full && *ps->p == '\''))
			ps->p++;
		ps->p++;
	} else if (!full) {
		ps->bad = 1;	/* options and more */
		return -1;
	} else {
		/* options: (?i) or (?i: */
		while (q < ps->end && strchr("imnsxJU-^", *q) != NULL) {
			if (*q == 'i')
				ps->caseless = 1;
			if (*q == 'x')
				ps->bad = 1;
			q++;
		}
		if (q < ps->end && *q == ')') {
			ps->p = q + 1;
			return 0;
		}
		if (q < ps->end && *q == ':')
			ps->p = q + 1;
		else {
			ps->bad = 1;
			return -1;
		}
	}
	return 1;
}

/*
 * The opening both anchored readers take: an optional (?i), then '^'.
 * Sets up ps's flags and returns what follows the '^', or NULL.
 */
const char *
pat_anchored(const char *pat, struct parser *ps)
{
	ps->caseless = 0;
	ps->bad = 0;
	ps->exact = 0;
	ps->loose = 0;
	if (strncmp(pat, "(?i)", 4) == 0) {
		ps->caseless = 1;
		pat += 4;
	}
	return *pat == '^' ? pat + 1 : NULL;
}
