/*
 * need.c: the ASCII bytes a rule of rinse-ads needs in a subject, read
 * from its pattern for the prefilter (see ads.h), and the test of a
 * subject's bytes against them.
 *
 * Needs: up to NEEDS sets of ASCII bytes such that every subject the rule
 * matches holds a byte of each set (in the match, or where a look-ahead
 * or look-behind needs it): "\.(?:pdf|hwp)\s*\d+\s*(?:KB|MB)" needs {.},
 * {p h} and {B}. Whole: for a rule whose match takes the whole subject
 * ("^...$", no alternative at the top), the ASCII bytes its match can take
 * at all: "^\s*(?:[가-힣]{2,4}\s*기자\s*)+$" can take blanks only, so a
 * subject that holds a '.' or a digit cannot match it.
 *
 * A character outside ASCII counts as one byte, OTHER. A subject's bytes
 * are noted when first asked for (needmet() in rules.c); a group whose needs
 * they fail is not run. Under PCRE2_UCP \d, \s and \w match characters
 * outside ASCII, and a caseless k or s matches U+212A or U+017F: their
 * sets hold OTHER too. The syntax is read as pat.c does it; anything not
 * understood makes the answer "nothing needed, any byte allowed", so that
 * the test never keeps a rule from a subject it matches.
 */
#include <stdint.h>
#include <string.h>

#include <rinse/utf8.h>

#include "ads.h"
#include "pat.h"

/*
 * Bit 0 of a set stands for the bytes that are not ASCII text: NUL, which
 * no subject holds (rinse-ads reads text, and -z records end at NUL), and
 * the bytes from 0x80 on. A pattern that needs a character outside ASCII
 * needs it, so that text in Latin script does not run the rules of text in
 * Hangul.
 */
#define OTHER	0

/* What a piece of a pattern needs, and the ASCII bytes it can take. */
struct nres {
	struct abytes set[NEEDS];
	size_t n;
	struct abytes any;
};

static void nalt(struct parser *ps, struct nres *r);

static const struct abytes allbytes = { { ~0ull, ~0ull } };

static void
addbyte(struct abytes *a, unsigned c)
{
	a->b[c >> 6 & 1] |= (uint64_t)1 << (c & 63);
}

static void
orbytes(struct abytes *a, const struct abytes *t)
{
	a->b[0] |= t->b[0];
	a->b[1] |= t->b[1];
}

/* The bits set in x. */
static unsigned
popcount(uint64_t x)
{
	x -= x >> 1 & 0x5555555555555555ull;
	x = (x & 0x3333333333333333ull) + (x >> 2 & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/*
 * How often a subject may hold a byte of set a, roughly: blanks, digits
 * and the common punctuation of text weigh most. The rarest needs are
 * the ones worth keeping.
 */
static unsigned
weight(const struct abytes *a)
{
	/* ' ' and OTHER; '.' and ','; digits, '"', '\'', '(', ')'; a..z */
	const uint64_t blank = 1ull << ' ' | 1ull << OTHER,
	    stop = 1ull << '.' | 1ull << ',',
	    common = 0x03FF000000000000ull | 1ull << '"' | 1ull << '\'' |
	    1ull << '(' | 1ull << ')', lower = 0x07FFFFFEull << 32;
	uint64_t lo = a->b[0], hi = a->b[1];

	return 64 * popcount(lo & blank) + 24 * popcount(lo & stop) +
	    8 * popcount(lo & common) + 3 * popcount(hi & lower) +
	    popcount(lo & ~(blank | stop | common)) + popcount(hi & ~lower);
}

/* Adds need a to r, keeping the NEEDS of least weight. */
static void
addneed(struct nres *r, const struct abytes *a)
{
	size_t i, worst = 0;

	for (i = 0; i < r->n; i++)
		if (r->set[i].b[0] == a->b[0] && r->set[i].b[1] == a->b[1])
			return;
	if (r->n < NEEDS) {
		r->set[r->n++] = *a;
		return;
	}
	for (i = 1; i < r->n; i++)
		if (weight(&r->set[i]) > weight(&r->set[worst]))
			worst = i;
	if (weight(a) < weight(&r->set[worst]))
		r->set[worst] = *a;
}

/* Puts the needs of r in order of weight, the least first. */
static void
sortneeds(struct nres *r)
{
	struct abytes t;
	size_t i, j;

	for (i = 1; i < r->n; i++)
		for (j = i; j > 0 && weight(&r->set[j]) <
		    weight(&r->set[j - 1]); j--) {
			t = r->set[j];
			r->set[j] = r->set[j - 1];
			r->set[j - 1] = t;
		}
}

/* The ASCII bytes \d, \s, \w (and their kin \h, \v) can take. */
static void
escbytes(char e, struct abytes *a)
{
	if (e == 'd')
		a->b[0] |= 0x03FF000000000000ull;
	else if (e == 'w') {
		a->b[0] |= 0x03FF000000000000ull;
		a->b[1] |= 0x07FFFFFE87FFFFFEull;	/* A-Z _ a-z */
	} else		/* \t to \r, and ' ' */
		a->b[0] |= 0x0000000100003E00ull;
}

/* A class, ps->p just after its '['. */
static void
nclass(struct parser *ps, struct nres *r)
{
	struct cset c = { 0 };
	struct abytes a;

	cset_class(ps, &c);
	a.b[0] = c.ascii[0];
	a.b[1] = c.ascii[1];
	if (c.digit)
		escbytes('d', &a);
	if (c.word)
		escbytes('w', &a);
	if (c.space)
		escbytes('s', &a);
	if (c.high || c.n > 0 || c.digit || c.word || c.space)
		addbyte(&a, OTHER);	/* \d, \w, \s under UCP too */
	r->any = a;
	r->set[r->n++] = a;
	cset_free(&c);
}

/* A literal character, its bytes ch[0..k). */
static void
nliteral(const struct parser *ps, const char *ch, size_t k, struct nres *r)
{
	unsigned c = (unsigned char)ch[0];

	if (k > 1 || c >= 0x80) {
		addbyte(&r->any, OTHER);
		/* U+212A and U+017F match k and s too */
		if (ps->caseless && k == 3 && memcmp(ch, "\xE2\x84\xAA",
		    3) == 0) {
			addbyte(&r->any, 'k');
			addbyte(&r->any, 'K');
		} else if (ps->caseless && k == 2 &&
		    memcmp(ch, "\xC5\xBF", 2) == 0) {
			addbyte(&r->any, 's');
			addbyte(&r->any, 'S');
		}
	} else {
		addbyte(&r->any, c);
		if (ps->caseless && (c | 0x20) >= 'a' && (c | 0x20) <= 'z')
			addbyte(&r->any, c ^ 0x20);
		if (ps->caseless && ((c | 0x20) == 'k' || (c | 0x20) == 's'))
			addbyte(&r->any, OTHER);	/* U+212A, U+017F */
	}
	r->set[r->n++] = r->any;
}

/* A group, ps->p at its '('; returns 0 if it is not read. */
static int
ngroup(struct parser *ps, struct nres *r, int *takes)
{
	const char *p = ps->p;
	int look, st, neg;

	neg = ps->end - p > 3 && p[1] == '?' && (p[2] == '!' ||
	    (p[2] == '<' && p[3] == '!'));
	if ((st = pat_group(ps, &look, 1)) <= 0)
		return st == 0;
	nalt(ps, r);
	if (ps->p >= ps->end || *ps->p != ')') {
		ps->bad = 1;
		return 0;
	}
	ps->p++;
	if (neg)
		r->n = 0;
	*takes = !look;	/* a look-around takes no byte */
	return 1;
}

/* One atom at ps->p into r; *takes: whether its bytes are taken. */
static void
natom(struct parser *ps, struct nres *r, int *takes)
{
	const char *p = ps->p;
	char ch[8];
	size_t k;

	*takes = 1;
	if (*p == '(') {
		if (!ngroup(ps, r, takes))
			*takes = 0;
	} else if (*p == '[') {
		ps->p++;
		nclass(ps, r);
	} else if (*p == '.') {
		ps->p++;
		r->any = allbytes;
	} else if (*p == '^' || *p == '$') {
		ps->p++;
		*takes = 0;
	} else if (*p == '*' || *p == '+' || *p == '?' || *p == '|') {
		ps->bad = 1;
	} else if (*p == '\\' && p + 1 < ps->end &&
	    strchr("bBAzZG", p[1]) != NULL) {
		ps->p += 2;
		*takes = 0;
	} else if (*p == '\\' && p + 1 < ps->end &&
	    strchr("dswhv", p[1]) != NULL) {
		escbytes(p[1], &r->any);
		addbyte(&r->any, OTHER);	/* under UCP */
		r->set[r->n++] = r->any;
		ps->p += 2;
	} else if (*p == '\\' && p + 1 < ps->end &&
	    strchr("QEKgkc0123456789", p[1]) != NULL) {
		ps->bad = 1;
	} else if (!pat_literal(ps, ch, &k)) {
		r->any = allbytes;	/* \D, \p{..}, \X, \R and the like */
	} else
		nliteral(ps, ch, k, r);
}

/* A sequence of atoms up to '|', ')' or the end. */
static void
nseq(struct parser *ps, struct nres *r)
{
	struct nres a;
	size_t i;
	int takes;

	memset(r, 0, sizeof(*r));
	while (ps->p < ps->end && !ps->bad && *ps->p != '|' &&
	    *ps->p != ')') {
		memset(&a, 0, sizeof(a));
		natom(ps, &a, &takes);
		if (pat_quant(ps) == 0)
			a.n = 0;
		for (i = 0; i < a.n; i++)
			addneed(r, &a.set[i]);
		if (takes)
			orbytes(&r->any, &a.any);
	}
	sortneeds(r);
}

/*
 * Alternatives: a need of each makes one of them all (the k-th least
 * weighty of each, for k up to the fewest any has).
 */
static void
nalt(struct parser *ps, struct nres *r)
{
	struct nres b;
	size_t i;
	int first = 1;

	memset(r, 0, sizeof(*r));
	for (;;) {
		nseq(ps, &b);
		if (first) {
			*r = b;
			first = 0;
		} else {
			orbytes(&r->any, &b.any);
			if (b.n < r->n)
				r->n = b.n;
			for (i = 0; i < r->n; i++)
				orbytes(&r->set[i], &b.set[i]);
		}
		if (ps->bad || ps->p >= ps->end || *ps->p != '|')
			break;
		ps->p++;
	}
}

/* Whether pat ends with an unescaped '$'. */
static int
endsdollar(const char *pat, size_t n)
{
	size_t k = 0;

	if (n == 0 || pat[n - 1] != '$')
		return 0;
	while (k + 1 < n && pat[n - 2 - k] == '\\')
		k++;
	return k % 2 == 0;
}

/* Whether an option group of pat turns on multi-line mode. */
static int
multiline(const char *pat)
{
	const char *p = pat;

	while ((p = strstr(p, "(?")) != NULL) {
		p += 2;
		while (*p != '\0' && strchr("imnsxJU-^", *p) != NULL)
			if (*p++ == 'm')
				return 1;
	}
	return 0;
}

void
need_of(const char *pat, struct need *nd)
{
	struct parser ps;
	struct nres r;
	size_t i, len = strlen(pat);
	int whole;

	memset(nd, 0, sizeof(*nd));
	memset(&ps, 0, sizeof(ps));
	if (strstr(pat, "(?P") != NULL || strstr(pat, "(?&") != NULL ||
	    strstr(pat, "(?R") != NULL)
		return;	/* named references and recursion: not read */
	whole = pat_anchored(pat, &ps) != NULL && endsdollar(pat, len) &&
	    !multiline(pat);
	ps.caseless = strstr(pat, "(?i") != NULL;
	ps.loose = 1;
	ps.p = pat;
	ps.end = pat + len;
	nseq(&ps, &r);
	if (ps.p < ps.end && *ps.p == '|') {
		whole = 0;
		ps.p = pat;
		nalt(&ps, &r);
	}
	if (ps.bad || ps.p != ps.end)
		return;
	for (i = 0; i < r.n; i++)
		nd->set[i] = r.set[i];
	nd->n = r.n;
	if (whole) {
		nd->whole = r.any;
		addbyte(&nd->whole, '\n');	/* '$' may stand before one */
		nd->haswhole = 1;
	}
}

void
need_either(struct need *nd, const struct need *t, int first)
{
	size_t i;

	if (first) {
		*nd = *t;
		return;
	}
	if (t->n < nd->n)
		nd->n = t->n;
	for (i = 0; i < nd->n; i++)
		orbytes(&nd->set[i], &t->set[i]);
	nd->haswhole = nd->haswhole && t->haswhole;
	orbytes(&nd->whole, &t->whole);
}

int
need_letters(const struct need *nd)
{
	const uint64_t letters = 0x07FFFFFE07FFFFFEull;
	size_t i;

	for (i = 0; i < nd->n; i++)
		if (nd->set[i].b[0] == 0 && (nd->set[i].b[1] & ~letters) == 0)
			return 1;
	return 0;
}

/*
 * Eight bytes at a time: the ASCII bytes of a word are those whose high
 * bit is clear, so a word of Hangul costs one test, and a word of ASCII
 * eight steps into two sets (one would make each step wait for the
 * last).
 */
void
need_bytes(const char *s, size_t n, struct abytes *a)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t m0[2] = { 0, 0 }, m1[2] = { 0, 0 }, w, asc;
	unsigned c, k;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, u + i, 8);
		asc = ~w & 0x8080808080808080ull;
		if (asc != 0x8080808080808080ull)
			m0[0] |= (uint64_t)1 << OTHER;
		if (asc == 0)
			continue;
		if (asc == 0x8080808080808080ull) {
			for (k = 0; k < 8; k += 2) {
				c = u[i + k];
				m0[c >> 6] |= (uint64_t)1 << (c & 63);
				c = u[i + k + 1];
				m1[c >> 6] |= (uint64_t)1 << (c & 63);
			}
			continue;
		}
		for (; asc != 0; asc &= asc - 1) {
			c = (unsigned)(w >> (lowbit64(asc) - 7)) & 0x7F;
			m0[c >> 6] |= (uint64_t)1 << (c & 63);
		}
	}
	for (; i < n; i++)
		if (u[i] < 0x80)
			m0[u[i] >> 6] |= (uint64_t)1 << (u[i] & 63);
		else
			m0[0] |= (uint64_t)1 << OTHER;
	a->b[0] = m0[0] | m1[0];
	a->b[1] = m0[1] | m1[1];
}
