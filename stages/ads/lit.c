/*
 * lit.c: the literal prefilter of rinse-ads.
 *
 * For each rule we look for a set of literal strings such that every match
 * of the rule contains one of them ("factors"): "무단\s*(?:전재|복제)"
 * gives {무단}, "(?:관련기사|많이 본 뉴스)" gives {관련기사, 많이 본 뉴스}.
 * A paragraph is scanned once for all factors of all rules, with a
 * bitmap of the first two bytes and hashes of the first three or six; a rule with factors runs only on
 * paragraphs that hold one of them, so most rules cost nothing on most
 * paragraphs and the scan costs about the same however many rules there
 * are.
 *
 * The parser reads the PCRE2 syntax only far enough to be safe: anything it
 * does not understand makes the rule "unknown", and an unknown rule simply
 * always runs. Factors shorter than three bytes are not used.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "ads.h"

#define MAXLITS 96	/* more alternatives than this: unknown */
#define MINLIT	3	/* shortest factor worth scanning for */

/* A set of factors; none means "no set known" (any text may match). */
struct fset {
	struct lit *v;
	size_t n;
	int none;
};

struct parser {
	const char *p, *end;
	int caseless;	/* an (?i) was seen: factors are ASCII-folded */
	int bad;	/* something not understood: give up */
};

static void
fset_free(struct fset *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->v[i].s);
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

static void
fset_add(struct fset *f, const char *s, size_t len)
{
	f->v = xrealloc(f->v, (f->n + 1) * sizeof(*f->v));
	f->v[f->n].s = xmalloc(len ? len : 1);
	memcpy(f->v[f->n].s, s, len);
	f->v[f->n].len = len;
	f->v[f->n].rule = 0;
	f->v[f->n].icase = 0;
	f->n++;
}

/* The shortest factor of f, 0 for none. */
static size_t
fset_min(const struct fset *f)
{
	size_t i, m = SIZE_MAX;

	if (f->none || f->n == 0)
		return 0;
	for (i = 0; i < f->n; i++)
		if (f->v[i].len < m)
			m = f->v[i].len;
	return m;
}

/* Keeps the better of *best and *cand (longer shortest factor, fewer). */
static void
better(struct fset *best, struct fset *cand)
{
	size_t a = fset_min(best), b = fset_min(cand);

	if (b >= MINLIT && (a < MINLIT || b > a || (b == a &&
	    cand->n < best->n))) {
		fset_free(best);
		*best = *cand;
		cand->v = NULL;
		cand->n = 0;
		return;
	}
	fset_free(cand);
}

struct run {
	char buf[256];
	size_t len;
	int full;
};

static void
flush(struct run *r, struct fset *best)
{
	struct fset f = { NULL, 0, 0 };

	if (r->len >= MINLIT && !r->full) {
		fset_add(&f, r->buf, r->len);
		better(best, &f);
	}
	r->len = 0;
	r->full = 0;
}

static void
runadd(struct run *r, const char *s, size_t n)
{
	if (r->len + n > sizeof(r->buf)) {
		r->full = 1;
		return;
	}
	memcpy(r->buf + r->len, s, n);
	r->len += n;
}

/*
 * Reads a quantifier at p->p if there is one; returns its minimum, or -1
 * when there is none.
 */
static long
quant(struct parser *ps)
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
static void
skipclass(struct parser *ps)
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

static struct fset alt(struct parser *ps);

/*
 * One literal character at p->p: its bytes go to out (up to 4), and the
 * return is 1; 0 if the atom there is not a literal (and was skipped).
 */
static int
literal(struct parser *ps, char out[8], size_t *n)
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
 * Whether the characters of a factor fold safely under caseless matching:
 * ASCII (folded by the scanner) and Hangul syllables (no case).
 */
static int
foldsafe(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x80 && c < 0xC0)
			continue;
		if (c >= 0x80 && !(c >= 0xEA && c <= 0xED))
			return 0;
	}
	return 1;
}

/* A sequence of atoms up to '|' or ')' or the end. */
static struct fset
seq(struct parser *ps)
{
	struct fset best = { NULL, 0, 1 };
	struct run r = { { 0 }, 0, 0 };
	char ch[8];
	size_t n;
	long min;

	while (ps->p < ps->end && !ps->bad && *ps->p != '|' &&
	    *ps->p != ')') {
		const char *p = ps->p;

		if (*p == '(') {
			struct fset sub = { NULL, 0, 1 };
			int look = 0;

			flush(&r, &best);
			ps->p++;
			if (ps->p < ps->end && *ps->p == '*') {
				ps->bad = 1;	/* verbs */
				break;
			}
			if (ps->p < ps->end && *ps->p == '?') {
				const char *q = ps->p + 1;

				if (q < ps->end && *q == '#') {
					while (ps->p < ps->end &&
					    *ps->p != ')')
						ps->p++;
					ps->p++;
					continue;
				}
				if (q < ps->end && (*q == '=' || *q == '!'))
					look = 1, ps->p = q + 1;
				else if (q + 1 < ps->end && *q == '<' &&
				    (q[1] == '=' || q[1] == '!'))
					look = 1, ps->p = q + 2;
				else if (q < ps->end && (*q == ':' ||
				    *q == '>'))
					ps->p = q + 1;
				else if (q < ps->end && (*q == '<' ||
				    *q == '\'' || *q == 'P')) {
					while (ps->p < ps->end &&
					    *ps->p != '>' && *ps->p != '\'')
						ps->p++;
					ps->p++;
				} else {
					/* options: (?i) or (?i: */
					while (q < ps->end &&
					    strchr("imnsxJU-^", *q) != NULL) {
						if (*q == 'i')
							ps->caseless = 1;
						if (*q == 'x')
							ps->bad = 1;
						q++;
					}
					if (q < ps->end && *q == ')') {
						ps->p = q + 1;
						continue;
					}
					if (q < ps->end && *q == ':')
						ps->p = q + 1;
					else {
						ps->bad = 1;
						break;
					}
				}
			}
			sub = alt(ps);
			if (ps->p >= ps->end || *ps->p != ')') {
				ps->bad = 1;
				fset_free(&sub);
				break;
			}
			ps->p++;
			min = quant(ps);
			if (look || min == 0)
				fset_free(&sub);
			else
				better(&best, &sub);
			continue;
		}
		if (*p == '[') {
			flush(&r, &best);
			ps->p++;
			skipclass(ps);
			quant(ps);
			continue;
		}
		if (*p == '.' || *p == '^' || *p == '$') {
			flush(&r, &best);
			ps->p++;
			quant(ps);
			continue;
		}
		if (*p == '\\' && p + 1 < ps->end && p[1] == 'Q') {
			ps->bad = 1;	/* rare; such rules run always */
			break;
		}
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			/* a quantifier with nothing to repeat; or '{' */
			if (*p != '{') {
				ps->bad = 1;
				break;
			}
		}
		if (!literal(ps, ch, &n)) {
			flush(&r, &best);
			quant(ps);
			continue;
		}
		min = quant(ps);
		if (min == 0) {
			flush(&r, &best);
		} else if (min > 0) {
			runadd(&r, ch, n);
			flush(&r, &best);
		} else
			runadd(&r, ch, n);
	}
	flush(&r, &best);
	return best;
}

/* Alternatives: the union of their sets, unknown if any is unknown. */
static struct fset
alt(struct parser *ps)
{
	struct fset all = { NULL, 0, 0 }, one;
	size_t i;

	for (;;) {
		one = seq(ps);
		if (one.none || fset_min(&one) < MINLIT || all.none ||
		    all.n + one.n > MAXLITS) {
			fset_free(&one);
			fset_free(&all);
			all.none = 1;
		} else {
			for (i = 0; i < one.n; i++)
				fset_add(&all, one.v[i].s, one.v[i].len);
			fset_free(&one);
		}
		if (ps->bad || ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
	return all;
}

size_t
lits_of(const char *pat, struct lit **out)
{
	struct parser ps;
	struct fset f;
	size_t i, j;

	ps.p = pat;
	ps.end = pat + strlen(pat);
	ps.caseless = 0;
	ps.bad = 0;
	f = alt(&ps);
	if (ps.bad || ps.p != ps.end || f.none || fset_min(&f) < MINLIT) {
		fset_free(&f);
		return 0;
	}
	/* Caseless factors are kept ASCII-folded and compared folded. */
	for (i = 0; i < f.n && ps.caseless; i++) {
		if (!foldsafe(f.v[i].s, f.v[i].len)) {
			fset_free(&f);
			return 0;
		}
		f.v[i].icase = 1;
		for (j = 0; j < f.v[i].len; j++)
			if (f.v[i].s[j] >= 'A' && f.v[i].s[j] <= 'Z')
				f.v[i].s[j] |= 0x20;
	}
	*out = f.v;
	return f.n;
}
