/*
 * lit.c: what a rule of rinse-ads needs in a paragraph, read from its
 * pattern for the prefilter (see ads.h).
 *
 * Factors: a set of literal strings such that every subject the rule
 * matches holds one of them (in the match, or where a look-ahead or
 * look-behind needs it): "무단\s*(?:전재|복제)" gives {무단},
 * "(?:관련기사|많이 본 뉴스)" gives {관련기사, 많이 본 뉴스},
 * "(?=이\s*기사는)" gives {기사는}.
 * Prefixes: for an anchored rule, literals one of which every match
 * starts with: "^\s*(?:댓글|의견)" gives {댓글, 의견} after white space.
 * First characters: for an anchored rule, the characters the first
 * character other than white space of a match can be:
 * "^\s*[\[(]?(?:관련|인기)" gives {[, (, 관, 인}.
 *
 * The parser reads the PCRE2 syntax only far enough to be safe: anything it
 * does not understand makes the answer "unknown", and a rule with nothing
 * known simply always runs. Caseless literals are kept ASCII-folded, with
 * a variant for each k and s, which PCRE2 also matches as U+212A and
 * U+017F; a caseless letter outside ASCII makes the answer unknown.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

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
	int exact;	/* first characters: white space counts, and a
			 * look-ahead limits the character it stands at */
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
	f->v[f->n].blanks = 0;
	f->v[f->n].run = 0;
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

/* Whether a character has other cases (or folds with one). */
static int
cased(uint32_t cp)
{
	return utf8proc_tolower((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp ||
	    utf8proc_toupper((utf8proc_int32_t)cp) != (utf8proc_int32_t)cp;
}

/*
 * Whether the characters of a factor fold safely under caseless matching:
 * ASCII (folded by the scanner) and characters without case, such as
 * Hangul.
 */
static int
foldsafe(const char *s, size_t n)
{
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		k = utf8_decode((const unsigned char *)s + i, n - i, &cp);
		if (cp == UTF8_INVALID || (cp >= 0x80 && cased(cp)))
			return 0;
		i += k;
	}
	return 1;
}

/*
 * Reads what opens a group, ps->p at its "(". Returns -1 for a group the
 * parser does not follow (ps->bad is set), 0 for one that holds nothing
 * to read (a comment, an option setting such as "(?i)"), else 1 with ps->p
 * at the group's contents and *look set for a look-around. With full,
 * named groups in every syntax and options are read (-i noted as caseless,
 * -x refused); without, only "(?<name>" and none.
 */
static int
group_head(struct parser *ps, int *look, int full)
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
			/* what a look-ahead or -behind needs, the subject holds */
			int positive = p + 3 < ps->end && p[1] == '?' &&
			    (p[2] == '=' || (p[2] == '<' && p[3] == '='));
			int look, st;

			flush(&r, &best);
			if ((st = group_head(ps, &look, 1)) < 0)
				break;
			if (st == 0)
				continue;
			sub = alt(ps);
			if (ps->p >= ps->end || *ps->p != ')') {
				ps->bad = 1;
				fset_free(&sub);
				break;
			}
			ps->p++;
			min = quant(ps);
			if ((look && !positive) || min == 0)
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

/*
 * Caseless literals are kept ASCII-folded and compared folded. Under
 * PCRE2_UCP a caseless k also matches U+212A (Kelvin sign) and an s U+017F
 * (long s): a literal with those letters gets a variant for each
 * spelling. Returns 0 if a literal cannot be folded or has too many
 * variants.
 */
static int
casefold(struct fset *f)
{
	struct fset out = { NULL, 0, 0 };
	char buf[sizeof(((struct run *)0)->buf) * 3];
	size_t i, j, k, pos[4], npos, len;
	unsigned long m;

	for (i = 0; i < f->n; i++) {
		struct lit *l = &f->v[i];

		if (!foldsafe(l->s, l->len))
			goto fail;
		for (j = 0, npos = 0; j < l->len; j++) {
			if (l->s[j] >= 'A' && l->s[j] <= 'Z')
				l->s[j] |= 0x20;
			if (l->s[j] == 'k' || l->s[j] == 's') {
				if (npos == 4)
					goto fail;
				pos[npos++] = j;
			}
		}
		for (m = 0; m < 1ul << npos; m++) {
			for (j = 0, k = 0, len = 0; j < l->len; j++) {
				if (k < npos && pos[k] == j && (m >> k++ & 1)) {
					/* U+212A or U+017F */
					memcpy(buf + len, l->s[j] == 'k' ?
					    "\xE2\x84\xAA" : "\xC5\xBF",
					    l->s[j] == 'k' ? 3 : 2);
					len += l->s[j] == 'k' ? 3 : 2;
				} else
					buf[len++] = l->s[j];
			}
			if (len > sizeof(buf) || out.n == 4 * MAXLITS)
				goto fail;
			fset_add(&out, buf, len);
			out.v[out.n - 1].icase = 1;
			out.v[out.n - 1].blanks = l->blanks;
		}
	}
	fset_free(f);
	*f = out;
	return 1;
fail:
	fset_free(&out);
	return 0;
}

size_t
lits_of(const char *pat, struct lit **out)
{
	struct parser ps;
	struct fset f;

	ps.p = pat;
	ps.end = pat + strlen(pat);
	ps.caseless = 0;
	ps.bad = 0;
	ps.exact = 0;
	f = alt(&ps);
	if (ps.bad || ps.p != ps.end || f.none || fset_min(&f) < MINLIT) {
		fset_free(&f);
		return 0;
	}
	if (ps.caseless && !casefold(&f)) {
		fset_free(&f);
		return 0;
	}
	*out = f.v;
	return f.n;
}

/*
 * Whether \s matches cp under PCRE2_UCP: \h, \v and the separators
 * (category Z).
 */
static int hasblank(uint32_t lo, uint32_t hi);

int
blankcp(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	return cp <= 0x3000 && hasblank(cp, cp);
}

/*
 * The literal an alternative starts with, into r; ps->p is left at the
 * first atom not taken, for seq() to read the rest.
 */
static void
lead(struct parser *ps, struct run *r)
{
	const char *at;
	char ch[8];
	size_t n;
	long min;

	r->len = 0;
	r->full = 0;
	while (ps->p < ps->end && strchr("|()[.^$*+?", *ps->p) == NULL) {
		at = ps->p;
		if (*at == '\\' && at + 1 < ps->end && at[1] == 'Q')
			return;
		if (!literal(ps, ch, &n)) {
			ps->p = at;
			return;
		}
		min = quant(ps);
		if (min == 0) {
			ps->p = at;
			return;
		}
		runadd(r, ch, n);
		if (min > 0)
			return;
	}
}

/*
 * The opening both anchored readers take: an optional (?i), then '^'.
 * Sets up ps's flags and returns what follows the '^', or NULL.
 */
static const char *
anchored(const char *pat, struct parser *ps)
{
	ps->caseless = 0;
	ps->bad = 0;
	ps->exact = 0;
	if (strncmp(pat, "(?i)", 4) == 0) {
		ps->caseless = 1;
		pat += 4;
	}
	return *pat == '^' ? pat + 1 : NULL;
}

size_t
prefixes_of(const char *pat, struct lit **out, int *blanks)
{
	struct parser ps;
	struct fset f = { NULL, 0, 0 }, rest;
	struct run r;
	const char *p;
	size_t i;
	uint32_t cp;
	int group = 0;

	*blanks = 0;
	if ((p = anchored(pat, &ps)) == NULL)
		return 0;
	if (strncmp(p, "(?=.{0,", 7) == 0) {
		for (p += 7; *p >= '0' && *p <= '9'; p++)
			;
		if (strncmp(p, "}$)", 3) != 0)
			return 0;
		p += 3;
	}
	if (strncmp(p, "\\s*", 3) == 0) {
		*blanks = 1;
		p += 3;
	}
	ps.p = p;
	ps.end = pat + strlen(pat);
	if (strncmp(ps.p, "(?:", 3) == 0) {
		group = 1;
		ps.p += 3;
	}
	for (;;) {
		lead(&ps, &r);
		if (r.len == 0 || r.full || f.n == MAXLITS)
			ps.bad = 1;
		else
			fset_add(&f, r.buf, r.len);
		/* the rest of the alternative: read to check it */
		rest = seq(&ps);
		fset_free(&rest);
		if (!group || ps.bad || ps.p >= ps.end || *ps.p != '|')
			break;
		ps.p++;
	}
	if (group && !ps.bad) {
		if (ps.p >= ps.end || *ps.p != ')')
			ps.bad = 1;
		else {
			ps.p++;
			if (quant(&ps) == 0)
				ps.bad = 1;
		}
	}
	/* what follows, to its end: no alternative that is not anchored */
	if (!ps.bad) {
		rest = seq(&ps);
		fset_free(&rest);
	}
	if (ps.bad || ps.p != ps.end) {
		fset_free(&f);
		return 0;
	}
	for (i = 0; i < f.n; i++) {
		/* \s* could give back a blank the prefix starts with */
		utf8_decode((const unsigned char *)f.v[i].s, f.v[i].len, &cp);
		f.v[i].blanks = *blanks;
		if (*blanks && blankcp(cp)) {
			fset_free(&f);
			return 0;
		}
	}
	if (ps.caseless && !casefold(&f)) {
		fset_free(&f);
		return 0;
	}
	*out = f.v;
	return f.n;
}

/* Adds lo..hi to c: ASCII to its bitmap, the rest as a range. */
static void
crange(struct cset *c, uint32_t lo, uint32_t hi)
{
	for (; lo <= hi && lo < 0x80; lo++)
		c->ascii[lo >> 6] |= (uint64_t)1 << (lo & 63);
	if (lo > hi)
		return;
	c->r = xrealloc(c->r, (c->n + 1) * sizeof(*c->r));
	c->r[c->n][0] = lo;
	c->r[c->n][1] = hi;
	c->n++;
}

/* Whether c holds a character \s matches. */
static int
csetblank(const struct cset *c)
{
	size_t i;

	if (c->space || (c->ascii[0] & (0x100003E00ull)) != 0)
		return 1;
	for (i = 0; i < c->n; i++)
		if (hasblank(c->r[i][0], c->r[i][1]))
			return 1;
	return 0;
}

/* Adds the characters of t to c, and frees t. */
static void
cmerge(struct cset *c, struct cset *t)
{
	size_t i;

	c->ascii[0] |= t->ascii[0];
	c->ascii[1] |= t->ascii[1];
	for (i = 0; i < t->n; i++)
		crange(c, t->r[i][0], t->r[i][1]);
	c->digit |= t->digit;
	c->word |= t->word;
	c->space |= t->space;
	cset_free(t);
}

/*
 * Adds lo..hi to c, and if caseless the other cases of ASCII letters
 * (U+212A and U+017F for k and s, as PCRE2 does); other characters with
 * case make the set unknown.
 */
static void
cadd(struct parser *ps, struct cset *c, uint32_t lo, uint32_t hi)
{
	uint32_t cp;

	if (c == NULL)
		return;
	crange(c, lo, hi);
	if (!ps->caseless)
		return;
	if (hi - lo > 0x20000) {
		ps->bad = 1;
		return;
	}
	for (cp = lo; cp <= hi && !ps->bad; cp++) {
		if (cp >= 0x80) {
			if (cased(cp))
				ps->bad = 1;
			continue;
		}
		if ((cp | 0x20) < 'a' || (cp | 0x20) > 'z')
			continue;
		crange(c, cp ^ 0x20, cp ^ 0x20);
		if ((cp | 0x20) == 'k')
			crange(c, 0x212A, 0x212A);
		if ((cp | 0x20) == 's')
			crange(c, 0x17F, 0x17F);
	}
}

/* One character of a class, at ps->p; UTF8_INVALID if not understood. */
static uint32_t
classchar(struct parser *ps)
{
	char ch[8];
	size_t n;
	uint32_t cp;

	if (*ps->p == '\\' && ps->p + 1 < ps->end &&
	    ((ps->p[1] | 0x20) >= 'a' && (ps->p[1] | 0x20) <= 'z') &&
	    strchr("xtnrfea", ps->p[1]) == NULL)
		return UTF8_INVALID;	/* \b is a backspace here, and more */
	if (!literal(ps, ch, &n))
		return UTF8_INVALID;
	utf8_decode((const unsigned char *)ch, n, &cp);
	return cp;
}

/* A class; ps->p is just after '['. Its characters go to c if not NULL. */
static void
cclass(struct parser *ps, struct cset *c)
{
	uint32_t lo, hi;
	int first = 1;
	char e;

	if (c == NULL) {
		skipclass(ps);
		return;
	}
	if (ps->p < ps->end && *ps->p == '^') {
		ps->bad = 1;	/* a negated class: almost anything */
		return;
	}
	while (ps->p < ps->end && !ps->bad && (*ps->p != ']' || first)) {
		first = 0;
		if (*ps->p == '[' && ps->p + 1 < ps->end && ps->p[1] == ':') {
			ps->bad = 1;
			return;
		}
		if (*ps->p == '\\' && ps->p + 1 < ps->end &&
		    strchr("dswhv", ps->p[1]) != NULL) {
			e = ps->p[1];
			if (e == 'd')
				c->digit = 1;
			else if (e == 'w')
				c->word = 1;
			else
				c->space = 1;
			ps->p += 2;
			continue;
		}
		if ((lo = classchar(ps)) == UTF8_INVALID) {
			ps->bad = 1;
			return;
		}
		hi = lo;
		if (ps->p + 1 < ps->end && *ps->p == '-' && ps->p[1] != ']') {
			ps->p++;
			if ((hi = classchar(ps)) == UTF8_INVALID || hi < lo) {
				ps->bad = 1;
				return;
			}
		}
		cadd(ps, c, lo, hi);
	}
	if (ps->p >= ps->end)
		ps->bad = 1;
	else
		ps->p++;
}

static int falt(struct parser *ps, struct cset *c);
static int hasblank(uint32_t lo, uint32_t hi);

/*
 * A look-ahead "(?=...)" in exact mode, ps->p at its contents: when they
 * cannot match nothing, the character at that place is one of their
 * first characters, which go to c (unless NULL). Returns whether the
 * look-ahead says nothing of that character.
 */
static int
lookahead(struct parser *ps, struct cset *c)
{
	struct cset t = { 0 };

	if (falt(ps, c != NULL ? &t : NULL)) {
		cset_free(&t);
		return 1;
	}
	if (c != NULL)
		cmerge(c, &t);
	return 0;
}

/*
 * Adds to c (unless NULL) the characters that can be the first one other
 * than white space that a match of the sequence at ps->p takes; returns
 * whether the sequence can match white space only (or nothing), when
 * what follows it decides. Anything not understood where it matters
 * makes ps->bad.
 */
static int
fseq(struct parser *ps, struct cset *c)
{
	const char *p;
	char ch[8];
	size_t n;
	uint32_t cp;
	long min;
	int soft = 1, blank, zero, st;

	while (ps->p < ps->end && !ps->bad && *ps->p != '|' &&
	    *ps->p != ')') {
		struct cset *w = soft ? c : NULL;

		p = ps->p;
		blank = 0;	/* whether the atom can take a blank */
		if (*p == '(') {
			int ahead = p + 2 < ps->end && p[1] == '?' &&
			    p[2] == '=';

			if ((st = group_head(ps, &zero, ps->exact)) < 0)
				break;
			if (st == 0)
				continue;
			if (zero && ahead && ps->exact)
				blank = lookahead(ps, w);
			else	/* a look-around takes no character */
				blank = falt(ps, zero ? NULL : w) || zero;
			if (ps->p >= ps->end || *ps->p != ')') {
				ps->bad = 1;
				break;
			}
			ps->p++;
		} else if (*p == '[') {
			ps->p++;
			if (w == NULL)
				skipclass(ps);
			else {
				struct cset t = { 0 };

				cclass(ps, &t);
				blank = !ps->exact && csetblank(&t);
				cmerge(w, &t);
			}
		} else if (*p == '.') {
			if (w != NULL)
				ps->bad = 1;	/* any character */
			ps->p++;
		} else if (*p == '^' || *p == '$') {
			ps->p++;
			continue;
		} else if (*p == '*' || *p == '+' || *p == '?') {
			ps->bad = 1;
			break;
		} else if (*p == '\\' && p + 1 < ps->end &&
		    strchr("bBAzZG", p[1]) != NULL) {
			ps->p += 2;
			continue;
		} else if (*p == '\\' && p + 1 < ps->end &&
		    strchr("dswhv", p[1]) != NULL) {
			if (p[1] == 'd' && w != NULL)
				w->digit = 1;
			else if (p[1] == 'w' && w != NULL)
				w->word = 1;
			else if (ps->exact && w != NULL)
				w->space = 1;	/* \h and \v: blanks too */
			blank = !ps->exact && p[1] != 'd' && p[1] != 'w';
			ps->p += 2;
		} else if (*p == '\\' && p + 1 < ps->end &&
		    strchr("QEKgk123456789", p[1]) != NULL) {
			ps->bad = 1;
			break;
		} else if (!literal(ps, ch, &n)) {
			if (w != NULL)	/* \p{..}, \X, \R and the like */
				ps->bad = 1;
		} else {
			utf8_decode((const unsigned char *)ch, n, &cp);
			blank = !ps->exact && blankcp(cp);
			if (!blank)
				cadd(ps, w, cp, cp);
		}
		min = quant(ps);
		if (!blank && min != 0)
			soft = 0;
	}
	return soft;
}

/* Alternatives: the union of their sets; soft if any is. */
static int
falt(struct parser *ps, struct cset *c)
{
	int soft = 0;

	for (;;) {
		if (fseq(ps, c))
			soft = 1;
		if (ps->bad || ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
	return soft;
}

/* Whether lo..hi holds a character \s matches. */
static int
hasblank(uint32_t lo, uint32_t hi)
{
	static const uint32_t b[][2] = {
		{ 0x09, 0x0D }, { 0x20, 0x20 }, { 0x85, 0x85 }, { 0xA0, 0xA0 },
		{ 0x1680, 0x1680 }, { 0x180E, 0x180E }, { 0x2000, 0x200A },
		{ 0x2028, 0x2029 }, { 0x202F, 0x202F }, { 0x205F, 0x205F },
		{ 0x3000, 0x3000 }
	};
	size_t i;

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		if (lo <= b[i][1] && hi >= b[i][0])
			return 1;
	return 0;
}

void
cset_free(struct cset *c)
{
	free(c->r);
	memset(c, 0, sizeof(*c));
}

int
firstchars(const char *pat, struct cset *c)
{
	struct parser ps;
	const char *p;
	int soft;

	memset(c, 0, sizeof(*c));
	if ((p = anchored(pat, &ps)) == NULL)
		return 0;
	ps.p = p;
	ps.end = pat + strlen(pat);
	/* one sequence: an alternative at the top is not anchored */
	soft = fseq(&ps, c);
	if (!ps.bad && ps.p == ps.end && !soft)
		return 1;
	cset_free(c);
	return 0;
}

int
startchars(const char *pat, struct cset *c)
{
	struct parser ps;
	int soft;

	memset(c, 0, sizeof(*c));
	ps.p = pat;
	ps.end = pat + strlen(pat);
	ps.caseless = 0;
	ps.bad = 0;
	ps.exact = 1;
	soft = falt(&ps, c);
	if (!ps.bad && ps.p == ps.end && !soft)
		return 1;
	cset_free(c);
	return 0;
}

int
cset_meets(const struct cset *c, uint32_t lo, uint32_t hi)
{
	size_t i;

	if (c->digit || c->word)
		return 1;	/* letters and digits of every script */
	if (c->space && hasblank(lo, hi))
		return 1;
	for (i = 0; i < c->n; i++)
		if (lo <= c->r[i][1] && hi >= c->r[i][0])
			return 1;
	return 0;
}

int
cset_has(const struct cset *c, uint32_t cp)
{
	size_t i;
	int cat;

	if (cp < 0x80)
		return (c->ascii[cp >> 6] >> (cp & 63) & 1) ||
		    (c->space && blankcp(cp)) ||
		    (c->digit && cp >= '0' && cp <= '9') || (c->word &&
		    (cp == '_' || (cp >= '0' && cp <= '9') ||
		    ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z')));
	for (i = 0; i < c->n; i++)
		if (cp >= c->r[i][0] && cp <= c->r[i][1])
			return 1;
	if (c->space && blankcp(cp))
		return 1;
	if (!c->digit && !c->word)
		return 0;
	cat = utf8proc_category((utf8proc_int32_t)cp);
	if (cat == UTF8PROC_CATEGORY_ND)
		return 1;
	/* \w: letters, numbers, marks and connectors, to be safe */
	return c->word && ((cat >= UTF8PROC_CATEGORY_LU &&
	    cat <= UTF8PROC_CATEGORY_NO) || cat == UTF8PROC_CATEGORY_PC);
}
