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
 * (The characters a match starts with are read in first.c.)
 *
 * The syntax is read as pat.c does it (see pat.h): anything not understood
 * makes the answer "unknown", and a rule with nothing known simply always
 * runs. Caseless literals are kept ASCII-folded, with a variant for each k
 * and s, which PCRE2 also matches as U+212A and U+017F; a caseless letter
 * outside ASCII makes the answer unknown.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "ads.h"
#include "pat.h"

#define MAXLITS 96	/* more alternatives than this: unknown */
#define MINLIT	3	/* shortest factor worth scanning for */

/* A set of factors; none means "no set known" (any text may match). */
struct fset {
	struct lit *v;
	size_t n;
	int none;
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

static struct fset alt(struct parser *ps);

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
		if (cp == UTF8_INVALID || (cp >= 0x80 && pat_cased(cp)))
			return 0;
		i += k;
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
			if ((st = pat_group(ps, &look, 1)) < 0)
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
			min = pat_quant(ps);
			if ((look && !positive) || min == 0)
				fset_free(&sub);
			else
				better(&best, &sub);
			continue;
		}
		if (*p == '[') {
			flush(&r, &best);
			ps->p++;
			pat_skipclass(ps);
			pat_quant(ps);
			continue;
		}
		if (*p == '.' || *p == '^' || *p == '$') {
			flush(&r, &best);
			ps->p++;
			pat_quant(ps);
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
		if (!pat_literal(ps, ch, &n)) {
			flush(&r, &best);
			pat_quant(ps);
			continue;
		}
		min = pat_quant(ps);
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
	ps.loose = 0;
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
		if (!pat_literal(ps, ch, &n)) {
			ps->p = at;
			return;
		}
		min = pat_quant(ps);
		if (min == 0) {
			ps->p = at;
			return;
		}
		runadd(r, ch, n);
		if (min > 0)
			return;
	}
}

#define MAXDEPTH 4	/* groups in groups read for what a match opens with */

/*
 * Reads the element at ps->p that a match opens with, adding to f the
 * literals it may open with: a literal, or a group ("(?:...)",
 * "(?i:...)") whose alternatives each open with such an element. A group
 * that may be left out adds what follows it: "(?:기사\s*)?(?:입력|등록)"
 * gives {기사, 입력, 등록}. Returns 0 (ps->bad) where it cannot tell.
 */
static int
leadelem(struct parser *ps, struct fset *f, int depth)
{
	struct fset rest;
	struct run r;

	if (depth > MAXDEPTH)
		ps->bad = 1;
	else if (strncmp(ps->p, "(?:", 3) == 0)
		ps->p += 3;
	else if (strncmp(ps->p, "(?i:", 4) == 0) {
		ps->caseless = 1;	/* all of them folded: a superset */
		ps->p += 4;
	} else {
		lead(ps, &r);
		if (r.len == 0 || r.full || f->n == MAXLITS)
			ps->bad = 1;
		else
			fset_add(f, r.buf, r.len);
		return !ps->bad;
	}
	while (!ps->bad && leadelem(ps, f, depth + 1)) {
		/* the rest of the alternative: read to check it */
		rest = seq(ps);
		fset_free(&rest);
		if (ps->bad || ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
	if (ps->bad || ps->p >= ps->end || *ps->p != ')') {
		ps->bad = 1;
		return 0;
	}
	ps->p++;
	if (pat_quant(ps) == 0)		/* may be left out */
		return leadelem(ps, f, depth);
	return 1;
}

/*
 * The literals every match of the pattern at ps->p opens with, into f
 * (see leadelem()). Inside a look-ahead (inlook), its alternatives each
 * open so, and its ')' is read next. The rest of the pattern is read to
 * its end, to check that no alternative at its top could match
 * otherwise. Returns 0 (ps->bad) where it is not so.
 */
static int
leadlits(struct parser *ps, struct fset *f, int inlook)
{
	struct fset rest;

	while (leadelem(ps, f, 0)) {
		rest = seq(ps);
		fset_free(&rest);
		if (!inlook || ps->bad || ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
	if (inlook && !ps->bad) {
		if (ps->p >= ps->end || *ps->p != ')')
			ps->bad = 1;
		else {
			ps->p++;
			if (pat_quant(ps) >= 0)
				ps->bad = 1;
		}
	}
	/* what follows, to its end: no alternative at the top */
	if (!ps->bad) {
		rest = seq(ps);
		fset_free(&rest);
	}
	return !ps->bad && ps->p == ps->end;
}

size_t
prefixes_of(const char *pat, struct lit **out, int *blanks)
{
	struct parser ps;
	struct fset f = { NULL, 0, 0 };
	const char *p;
	size_t i;
	uint32_t cp;

	*blanks = 0;
	if ((p = pat_anchored(pat, &ps)) == NULL)
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
	if (!leadlits(&ps, &f, 0)) {
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

size_t
startlits_of(const char *pat, struct lit **out)
{
	struct parser ps;
	struct fset f = { NULL, 0, 0 }, skip;
	int inlook = 0;

	memset(&ps, 0, sizeof(ps));
	ps.p = pat;
	ps.end = pat + strlen(pat);
	/* look-behinds at the start take no character */
	while (strncmp(ps.p, "(?<=", 4) == 0 || strncmp(ps.p, "(?<!", 4) == 0) {
		ps.p += 4;
		skip = alt(&ps);
		fset_free(&skip);
		if (ps.bad || ps.p >= ps.end || *ps.p != ')')
			return 0;
		ps.p++;
		if (pat_quant(&ps) >= 0)
			return 0;
	}
	if (strncmp(ps.p, "(?=", 3) == 0) {
		ps.p += 3;
		inlook = 1;
	}
	if (!leadlits(&ps, &f, inlook) ||
	    (ps.caseless && !casefold(&f))) {
		fset_free(&f);
		return 0;
	}
	*out = f.v;
	return f.n;
}
