/*
 * first.c: the characters a match of a rule of rinse-ads can start with,
 * read from its pattern (see ads.h), and the sets that hold them.
 *
 * firstchars(): for an anchored rule, the first character other than
 * white space: "^\s*[\[(]?(?:관련|인기)" gives {[, (, 관, 인}; a paragraph
 * that starts otherwise need not be tried.
 * startchars(): for any rule, the character at the start of a match,
 * white space included; a look-ahead there limits it, one behind does
 * not: "(?=[▶■])" gives {▶, ■}, "[.?!](?<=다[.?!])" gives {., ?, !}. One
 * pass over a line then tries a split or break rule only where it can
 * start (bounds.c).
 *
 * The syntax is read as pat.c does it; anything not understood where it
 * matters, '.', a negated class or \p{..} in first place, makes the set
 * unknown. Caseless sets hold both cases of ASCII letters (and U+212A,
 * U+017F for k and s); a caseless letter outside ASCII makes them unknown.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "ads.h"
#include "pat.h"

static int falt(struct parser *ps, struct cset *c);
static int hasblank(uint32_t lo, uint32_t hi);

/*
 * Whether \s matches cp under PCRE2_UCP: \h, \v and the separators
 * (category Z).
 */
int
blankcp(uint32_t cp)
{
	if (cp < 0x80)
		return cp == ' ' || (cp >= '\t' && cp <= '\r');
	return cp <= 0x3000 && hasblank(cp, cp);
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
	c->high |= t->high;
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
			if (pat_pairedcase(cp) != 0)
				crange(c, pat_pairedcase(cp), pat_pairedcase(cp));
			else if (pat_cased(cp))
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
	if (!pat_literal(ps, ch, &n))
		return UTF8_INVALID;
	utf8_decode((const unsigned char *)ch, n, &cp);
	return cp;
}

static void cclass(struct parser *ps, struct cset *c);

/*
 * A negated class, ps->p at its '^', in loose mode: the ASCII characters
 * it does not name (or take by \s), and every other character (a
 * superset).
 */
static void
negated(struct parser *ps, struct cset *c)
{
	struct cset t = { 0 };
	uint32_t cp;

	ps->p++;
	cclass(ps, &t);
	if (ps->bad) {
		cset_free(&t);
		return;
	}
	/* \d and \w in it: their characters are left in, a superset */
	for (cp = 0; cp < 0x80; cp++)
		if (!(t.ascii[cp >> 6] >> (cp & 63) & 1) &&
		    !(t.space && blankcp(cp)))
			c->ascii[cp >> 6] |= (uint64_t)1 << (cp & 63);
	c->high = 1;
	cset_free(&t);
}

/*
 * \p{L}, \p{Lu} or \p{Ll} at ps->p, in loose mode: its ASCII letters and
 * every other character (a superset). 0 for any other property.
 */
static int
letters(struct parser *ps, struct cset *c)
{
	static const char *const props[] = { "\\p{L}", "\\p{Lu}", "\\p{Ll}" };
	size_t k, len;
	uint32_t cp;

	for (k = 0; k < 3; k++) {
		len = strlen(props[k]);
		if ((size_t)(ps->end - ps->p) >= len &&
		    memcmp(ps->p, props[k], len) == 0)
			break;
	}
	if (k == 3)
		return 0;
	ps->p += len;
	if (c == NULL)
		return 1;
	for (cp = 'A'; cp <= 'Z'; cp++)
		if (k != 2)
			c->ascii[cp >> 6] |= (uint64_t)1 << (cp & 63);
	for (cp = 'a'; cp <= 'z'; cp++)
		if (k != 1)
			c->ascii[cp >> 6] |= (uint64_t)1 << (cp & 63);
	c->high = 1;
	return 1;
}

/* A class; ps->p is just after '['. Its characters go to c if not NULL. */
static void
cclass(struct parser *ps, struct cset *c)
{
	uint32_t lo, hi;
	int first = 1;
	char e;

	if (c == NULL) {
		pat_skipclass(ps);
		return;
	}
	if (ps->p < ps->end && *ps->p == '^') {
		if (ps->loose)
			negated(ps, c);
		else
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

void
cset_class(struct parser *ps, struct cset *c)
{
	cclass(ps, c);
}

/* Takes the code points lo..hi out of c. */
static void
cremove(struct cset *c, uint32_t lo, uint32_t hi)
{
	size_t i, k, n = c->n;
	uint32_t a, b;

	for (; lo <= hi && lo < 0x80; lo++)
		c->ascii[lo >> 6] &= ~((uint64_t)1 << (lo & 63));
	if (lo > hi)
		return;
	for (i = 0; i < n; i++) {
		a = c->r[i][0];
		b = c->r[i][1];
		if (b < lo || a > hi)
			continue;
		if (b > hi)	/* hi+1..b stays, at the end */
			crange(c, hi + 1, b);
		c->r[i][1] = a < lo ? lo - 1 : 0;	/* and a..lo-1 */
		if (a >= lo)
			c->r[i][0] = 1;	/* none: removed below */
	}
	for (i = k = 0; i < c->n; i++)
		if (c->r[i][0] <= c->r[i][1])
			memcpy(c->r[k++], c->r[i], sizeof(c->r[i]));
	c->n = k;
}

/*
 * A negated look-behind of one class at ps->p, "(?<![...])", of characters
 * read exactly (no \d, \w, \s or \p) and with no quantifier after it:
 * its characters go to u and ps->p steps over it (1); anything else
 * leaves ps->p where it was and u empty (0).
 */
static int
negbehind(struct parser *ps, struct cset *u)
{
	struct parser q = *ps;

	memset(u, 0, sizeof(*u));
	if (q.end - q.p < 6 || memcmp(q.p, "(?<![", 5) != 0 || q.p[5] == '^')
		return 0;
	q.p += 5;
	cclass(&q, u);
	if (q.bad || u->digit || u->word || u->space || u->high ||
	    q.p >= q.end || *q.p != ')') {
		cset_free(u);
		return 0;
	}
	q.p++;
	if (pat_quant(&q) >= 0) {	/* "(?<![..])?" may not be there */
		cset_free(u);
		return 0;
	}
	ps->p = q.p;
	return 1;
}

/*
 * In exact mode, a class just read into t and a look-behind at once after
 * it that says which characters it is not: "[가-힣](?<![이가은는])" is a
 * syllable but those four; they are taken out of t and ps->p steps over
 * the look-behind (negbehind()); anything else is left as it is.
 */
static void
notbehind(struct parser *ps, struct cset *t)
{
	struct cset u;
	size_t i;

	if (t->digit || t->word || t->space || t->high || !negbehind(ps, &u))
		return;
	for (i = 0; i < 0x80; i++)
		if (u.ascii[i >> 6] >> (i & 63) & 1)
			cremove(t, (uint32_t)i, (uint32_t)i);
	for (i = 0; i < u.n; i++)
		cremove(t, u.r[i][0], u.r[i][1]);
	cset_free(&u);
}

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

			if ((st = pat_group(ps, &zero, ps->exact)) < 0)
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
				pat_skipclass(ps);
			else {
				struct cset t = { 0 };

				cclass(ps, &t);
				if (ps->exact)
					notbehind(ps, &t);
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
		} else if (ps->loose && letters(ps, w)) {
			;	/* a letter; ASCII ones known, others not */
		} else if (!pat_literal(ps, ch, &n)) {
			if (w != NULL)	/* \p{..}, \X, \R and the like */
				ps->bad = 1;
		} else {
			utf8_decode((const unsigned char *)ch, n, &cp);
			blank = !ps->exact && blankcp(cp);
			if (!blank)
				cadd(ps, w, cp, cp);
		}
		min = pat_quant(ps);
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

/*
 * Whether the set c read from ps holds: the whole pattern read, nothing
 * not understood, and not soft (a match could do without it). If not, c
 * is freed.
 */
static int
known(const struct parser *ps, struct cset *c, int soft)
{
	if (!ps->bad && ps->p == ps->end && !soft)
		return 1;
	cset_free(c);
	return 0;
}

int
firstchars(const char *pat, struct cset *c)
{
	struct parser ps;
	const char *p;

	memset(c, 0, sizeof(*c));
	if ((p = pat_anchored(pat, &ps)) == NULL)
		return 0;
	ps.p = p;
	ps.end = pat + strlen(pat);
	/* one sequence: an alternative at the top is not anchored */
	return known(&ps, c, fseq(&ps, c));
}

int
startchars(const char *pat, struct cset *c)
{
	struct parser ps;

	memset(c, 0, sizeof(*c));
	ps.p = pat;
	ps.end = pat + strlen(pat);
	ps.caseless = 0;
	ps.bad = 0;
	ps.exact = 1;
	ps.loose = 0;
	return known(&ps, c, falt(&ps, c));
}

/*
 * Steps over one character at ps->p: a class, '.', or a literal, with no
 * quantifier after it; its characters go to c if not NULL (loose mode).
 * 0 if what is there is not one character.
 */
static int
onechar(struct parser *ps, struct cset *c)
{
	char ch[8];
	size_t n;
	uint32_t cp;

	if (ps->p >= ps->end)
		return 0;
	if (*ps->p == '[') {
		ps->p++;
		cclass(ps, c);
	} else if (*ps->p == '.' && c == NULL) {
		ps->p++;
	} else if (*ps->p == '\\' && c != NULL && letters(ps, c)) {
		;
	} else if (*ps->p == '(' || *ps->p == '^' || *ps->p == '$' ||
	    *ps->p == '|' || *ps->p == '.' || *ps->p == '\\' ||
	    !pat_literal(ps, ch, &n)) {
		return 0;	/* escapes too: \b and \d are no one literal */
	} else if (c != NULL) {
		utf8_decode((const unsigned char *)ch, n, &cp);
		cadd(ps, c, cp, cp);
	}
	return !ps->bad && ps->p < ps->end && strchr("*+?{", *ps->p) == NULL;
}

/*
 * Starts ps on pat in loose mode with c empty, and steps over the
 * pattern's first character (onechar()); 0 if it does not open with one.
 */
static int
loosefirst(struct parser *ps, const char *pat, struct cset *c)
{
	memset(c, 0, sizeof(*c));
	memset(ps, 0, sizeof(*ps));
	ps->p = pat;
	ps->end = pat + strlen(pat);
	ps->loose = 1;
	return onechar(ps, NULL);
}

/*
 * Whether what is left of the pattern at ps->p is one sequence to its
 * end: "x(?<=ax)|y" may match "y", which says nothing of x. If not, c is
 * freed.
 */
static int
toend(struct parser *ps, struct cset *c)
{
	fseq(ps, NULL);
	if (!ps->bad && ps->p == ps->end)
		return 1;
	cset_free(c);
	return 0;
}

/*
 * followchars() of "(?=A|B...)REST" where each alternative opens with one
 * character: the union of what follows that character in each (a
 * superset: REST may narrow it further). An alternative that may end
 * after its first character makes the answer unknown.
 */
static int
aheadfollow(const char *pat, struct cset *c)
{
	struct parser ps;
	struct cset t;
	int ok;

	if (!loosefirst(&ps, pat + 3, c))
		return 0;
	for (;;) {
		memset(&t, 0, sizeof(t));
		ps.exact = 1;
		ok = !fseq(&ps, &t) && !ps.bad;
		cmerge(c, &t);
		if (!ok || ps.p >= ps.end || *ps.p != '|')
			break;
		ps.p++;
		ps.exact = 0;
		if (!(ok = onechar(&ps, NULL)))
			break;
	}
	if (ok && ps.p < ps.end && *ps.p == ')') {
		/* the rest, unless the look-ahead may not be there */
		ps.p++;
		if (pat_quant(&ps) < 0)
			return toend(&ps, c);
	}
	cset_free(c);
	return 0;
}

int
followchars(const char *pat, struct cset *c)
{
	struct parser ps;

	if (strncmp(pat, "(?=", 3) == 0)
		return aheadfollow(pat, c);
	if (!loosefirst(&ps, pat, c))
		return 0;
	ps.exact = 1;
	/* one sequence: "x(?=a)|y" is no "x" before "a" */
	return known(&ps, c, fseq(&ps, c));
}

int
prevchars(const char *pat, struct cset *c)
{
	struct parser ps;

	/* X(?<=PX): P is a character, X one too */
	if (!loosefirst(&ps, pat, c) || ps.end - ps.p < 4 ||
	    memcmp(ps.p, "(?<=", 4) != 0)
		return 0;
	ps.p += 4;
	if (onechar(&ps, c) && onechar(&ps, NULL) && *ps.p == ')') {
		ps.p++;
		ps.exact = 1;
		return toend(&ps, c);
	}
	cset_free(c);
	return 0;
}

int
notprevchars(const char *pat, struct cset *c)
{
	struct parser ps;

	/* (?<![C])REST */
	memset(&ps, 0, sizeof(ps));
	ps.p = pat;
	ps.end = pat + strlen(pat);
	ps.exact = 1;
	return negbehind(&ps, c) && toend(&ps, c);
}

int
cset_meets(const struct cset *c, uint32_t lo, uint32_t hi)
{
	size_t i;

	if (c->digit || c->word || (c->high && hi >= 0x80))
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

	if (cp >= 0x80 && c->high)
		return 1;

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
