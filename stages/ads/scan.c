/*
 * scan.c: the prefilter of rinse-ads (see ads.h): which rules can match a
 * subject, found in one pass over it, so that rules_match() runs PCRE2
 * only for those.
 *
 * rules_prefilter() reads, once, what each rule needs (lit.c, first.c):
 * its factors, the literals one of which every subject it matches holds;
 * for an anchored rule its prefixes or first characters. rules_scan()
 * then looks at a subject's start for the prefixes and first characters,
 * and for the factors at one place in three of the subject, through a
 * bitmap of hashes of their windows of four bytes and an index of them
 * by their first six bytes (see rules_scan()). A rule is "seen" when what
 * it needs is there; rules without factors always run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "ads.h"

/* ASCII letters to lower case, every other byte to itself. */
static const unsigned char fold[256] = {
#define R16(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, \
	b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15
	R16(0x00), R16(0x10), R16(0x20), R16(0x30),
	0x40, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
	'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0x5B,
	0x5C, 0x5D, 0x5E, 0x5F,
	R16(0x60), R16(0x70), R16(0x80), R16(0x90), R16(0xA0), R16(0xB0),
	R16(0xC0), R16(0xD0), R16(0xE0), R16(0xF0)
#undef R16
};

#define SCANMIN	6	/* the shortest factor the scan looks for */
#define WINBITS	18	/* the scan's bitmap has 1 << WINBITS bits */
#define KEYBITS	10	/* the index has 1 << KEYBITS slots */
#define WIDE	64	/* a wider range of first characters is tested */

static uint64_t
load(const unsigned char *s, size_t k)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < k; i++)
		v |= (uint64_t)s[i] << (8 * i);
	return v;
}

/* The eight bytes at s, the first in the low byte. */
static inline uint64_t
load8(const unsigned char *s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
#else
	return load(s, 8);
#endif
}

#define HIBITS	0x8080808080808080ull

/*
 * Bit 5 set in every ASCII byte: a letter becomes lower case, and a few
 * other bytes share a key with a letter or a digit, which costs a needless
 * look in the index at worst. Bytes of other characters stay as they are,
 * so a Hangul syllable keeps all its bits.
 */
static inline uint64_t
fold8(uint64_t w)
{
	return w | (~w & HIBITS) >> 2;
}

/* The bit of the scan's bitmap for the four bytes at s. */
static inline uint32_t
window(const unsigned char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return (uint32_t)(w * 0x9E3779B1u) >> (32 - WINBITS);
}

/*
 * Sets the bits of the four bytes of l at s, in every case of its ASCII
 * letters if l is caseless.
 */
static void
setwindow(struct ruleset *rs, const struct lit *l, const unsigned char *s)
{
	unsigned char b[4];
	size_t pos[4], np = 0, j;
	unsigned m;
	uint32_t h;

	memcpy(b, s, 4);
	for (j = 0; j < 4 && l->icase; j++)
		if (b[j] >= 'a' && b[j] <= 'z')
			pos[np++] = j;
	for (m = 0; m < 1u << np; m++) {
		for (j = 0; j < np; j++)
			b[pos[j]] = (m >> j & 1) ? s[pos[j]] - 0x20 : s[pos[j]];
		h = window(b);
		rs->win[h >> 6] |= (uint64_t)1 << (h & 63);
	}
}

/* The first six of the n bytes at s, folded, as a key of the index. */
static inline uint64_t
key6(const unsigned char *s, size_t n)
{
	return fold8(n >= 8 ? load8(s) : load(s, 6)) & 0xFFFFFFFFFFFFull;
}

static inline size_t
slotof(uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - KEYBITS));
}

/* The shortest literal of v[0..n). */
static size_t
shortest(const struct lit *v, size_t n)
{
	size_t i, m = SIZE_MAX;

	for (i = 0; i < n; i++)
		if (v[i].len < m)
			m = v[i].len;
	return m;
}


static void
freelits(struct lit *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

/*
 * Moves v[0..n) of rule i to *all (*nall of them), each literal once;
 * frees v.
 */
static void
addlits(struct lit **all, size_t *nall, struct lit *v, size_t n, size_t i)
{
	size_t j, k, base = *nall;

	*all = xrealloc(*all, (*nall + n + 1) * sizeof(**all));
	for (j = 0; j < n; j++) {
		for (k = base; k < *nall; k++)
			if ((*all)[k].len == v[j].len && memcmp((*all)[k].s,
			    v[j].s, v[j].len) == 0)
				break;
		if (k < *nall) {
			free(v[j].s);
			continue;
		}
		v[j].rule = i;
		(*all)[(*nall)++] = v[j];
	}
	free(v);
}

/*
 * Whether a rule may match anywhere in a paragraph: it is not anchored,
 * or it starts "^.*" or "^(?=.{0,N}$).*", as many anchored rules do.
 */
static int
floating(const struct rule *r)
{
	return !rules_anchored(r) || rules_anyprefix(r);
}

static void
addstart(struct ruleset *rs, uint32_t cp, size_t rule, size_t lit, int at0)
{
	struct start *s;

	rs->starts = xrealloc(rs->starts, (rs->nstarts + 1) *
	    sizeof(*rs->starts));
	s = &rs->starts[rs->nstarts++];
	s->cp = cp;
	s->rule = rule;
	s->lit = lit;
	s->at0 = at0;
	s->key[0] = s->key[1] = 0;
	if (lit != SIZE_MAX)
		lit_key(rs->pre[lit].s, rs->pre[lit].len, s->key);
}

static int
startcmp(const void *a, const void *b)
{
	const struct start *x = a, *y = b;

	size_t kx = startslot(x->cp), ky = startslot(y->cp);

	return kx < ky ? -1 : kx > ky;
}

/* The prefixes of rule i, as starts. */
static void
addprefixes(struct ruleset *rs, size_t i, struct lit *v, size_t n)
{
	size_t j = rs->npre;
	uint32_t cp;

	addlits(&rs->pre, &rs->npre, v, n, i);
	for (; j < rs->npre; j++) {
		const struct lit *l = &rs->pre[j];

		utf8_decode((const unsigned char *)l->s, l->len, &cp);
		addstart(rs, cp, i, j, !l->blanks);
		if (l->icase && cp >= 'a' && cp <= 'z')
			addstart(rs, cp ^ 0x20, i, j, !l->blanks);
	}
}

/* The first characters of rule i, as starts, or a set to test. */
static void
addfirsts(struct ruleset *rs, size_t i, struct cset *c)
{
	size_t j;
	uint32_t cp;

	for (j = 0; j < c->n && c->r[j][1] - c->r[j][0] < WIDE; j++)
		;
	if (j < c->n || c->digit || c->word || c->space) {
		rs->firsts = xrealloc(rs->firsts, (rs->nfirsts + 1) *
		    sizeof(*rs->firsts));
		rs->firsts[rs->nfirsts].rule = i;
		rs->firsts[rs->nfirsts++].set = *c;
		return;
	}
	for (cp = 0; cp < 0x80; cp++)
		if (c->ascii[cp >> 6] >> (cp & 63) & 1)
			addstart(rs, cp, i, SIZE_MAX, 0);
	for (j = 0; j < c->n; j++)
		for (cp = c->r[j][0]; cp <= c->r[j][1]; cp++)
			addstart(rs, cp, i, SIZE_MAX, 0);
	cset_free(c);
}

/*
 * Splits the factors v[0..n) of rule i: those of SCANMIN bytes or more
 * for the scan, the others to look for on their own.
 */
static void
addfactors(struct ruleset *rs, size_t i, struct lit *v, size_t n)
{
	struct lit *w;
	size_t j, k;

	for (j = k = 0; j < n; j++)
		if (v[j].len >= SCANMIN) {
			struct lit t = v[k];

			v[k++] = v[j];
			v[j] = t;
		}
	if (k < n) {
		w = xmalloc((n - k) * sizeof(*w));
		memcpy(w, v + k, (n - k) * sizeof(*w));
		addlits(&rs->shorts, &rs->nshorts, w, n - k, i);
	}
	addlits(&rs->lits, &rs->nlits, v, k, i);
}

static int
litcmp(const void *a, const void *b)
{
	const struct lit *x = a, *y = b;
	int c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->s, y->s, x->len)) != 0)
		return c;
	if (x->icase != y->icase)
		return x->icase - y->icase;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/*
 * Sorts v[0..n) so that the same factor of several rules is looked for
 * once: the first of each run of alike ones says how many there are.
 */
static void
runs(struct lit *v, size_t n)
{
	size_t i, j;

	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), litcmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].len == v[i].len &&
		    v[j].icase == v[i].icase &&
		    memcmp(v[j].s, v[i].s, v[i].len) == 0; j++)
			v[j].run = 0;
		v[i].run = j - i;
	}
}

/*
 * The index of the short factors by the bytes they may open with: both
 * cases of a caseless letter.
 */
static void
shortindex(struct ruleset *rs)
{
	size_t count[257] = { 0 }, i, k, b;
	int c, pass;

	byteset_init(&rs->shortset);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < rs->nshorts; i += rs->shorts[i].run)
			for (k = 0; k < 2; k++) {
				c = (unsigned char)rs->shorts[i].s[0];
				if (k == 1 && (!rs->shorts[i].icase ||
				    c < 'a' || c > 'z'))
					break;
				b = k == 1 ? (size_t)(c ^ 0x20) : (size_t)c;
				if (pass == 0)
					count[b + 1]++;
				else
					rs->shortrun[count[b]++] = i;
				byteset_add(&rs->shortset, (unsigned char)b);
			}
		if (pass == 0) {
			for (b = 0; b < 256; b++)
				count[b + 1] += count[b];
			memcpy(rs->shortoff, count, sizeof(rs->shortoff));
			rs->shortrun = xcalloc(count[256] ? count[256] : 1,
			    sizeof(*rs->shortrun));
		}
	}
}

/*
 * Decides how each rule is filtered and builds the scan's tables. An
 * anchored rule runs only on paragraphs that start with one of its
 * prefixes or else one of its first characters; a split or break rule
 * whose matches open with literals of SCANMIN bytes or more takes them
 * for its factors, so that the places the scan finds them are where it
 * may start (bounds.c); a rule with factors of
 * SCANMIN bytes or more only on paragraphs that hold one, and if both are
 * known, only where both are found. Short factors are looked for on
 * their own, and only for rules that would otherwise search the whole
 * paragraph with nothing to stop them early. Every other rule always
 * runs (the filters of its group still apply).
 */
void
rules_prefilter(struct ruleset *rs)
{
	struct rule *r;
	struct lit *v;
	struct cset c;
	size_t i, j, k, n, nslot = (size_t)1 << KEYBITS, *count;
	int blanks, first;

	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (rules_anchored(r) &&
		    (n = prefixes_of(r->pat, &v, &blanks)) > 0) {
			r->factored = 1;
			addprefixes(rs, i, v, n);
			continue;
		}
		if ((r->act == A_SPLIT || r->act == A_BREAK) &&
		    !rules_anchored(r) && (n = startlits_of(r->pat, &v)) > 0) {
			if (shortest(v, n) >= SCANMIN) {
				r->factored = r->prefixed = 1;
				addfactors(rs, i, v, n);
				continue;
			}
			freelits(v, n);
		}
		first = rules_anchored(r) && firstchars(r->pat, &c);
		n = lits_of(r->pat, &v);
		if (n > 0 && shortest(v, n) < SCANMIN && (first ||
		    !floating(r) || rules_gate(r) >= 0)) {
			freelits(v, n);
			n = 0;
		}
		if (first)
			addfirsts(rs, i, &c);
		if (n > 0)
			addfactors(rs, i, v, n);
		r->factored = first || n > 0;
		r->needfirst = first && n > 0;
	}
	runs(rs->lits, rs->nlits);
	runs(rs->shorts, rs->nshorts);
	shortindex(rs);
	if (rs->nstarts > 0)
		qsort(rs->starts, rs->nstarts, sizeof(*rs->starts), startcmp);
	for (i = 0, k = 0; k < NSTART; k++) {
		rs->startoff[k] = i;
		while (i < rs->nstarts && startslot(rs->starts[i].cp) == k)
			i++;
	}
	rs->startoff[NSTART] = i;
	rs->seen = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->seen));
	rs->fit = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->fit));
	rs->fcache = xcalloc(FCACHE, sizeof(*rs->fcache));
	rs->hits = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->hits));
	for (i = 0; i < rs->n; i++) {
		int a;

		for (a = rs->r[i].act + 1; a < NACT; a++)
			rs->hoff[a]++;
	}
	rs->win = xcalloc((size_t)1 << (WINBITS - 6), sizeof(*rs->win));
	rs->slot = xcalloc(nslot + 1, sizeof(*rs->slot));
	rs->keys = xcalloc(rs->nlits ? rs->nlits : 1, sizeof(*rs->keys));
	count = xcalloc(nslot + 1, sizeof(*count));
	for (i = 0; i < rs->nlits; i++) {
		const unsigned char *s = (const unsigned char *)rs->lits[i].s;

		if (rs->lits[i].run == 0)
			continue;	/* the first of its run stands for it */
		for (j = 0; j < 3; j++)
			setwindow(rs, &rs->lits[i], s + j);
		count[slotof(key6(s, rs->lits[i].len)) + 1]++;
	}
	/* the index: the factors in the order of their slots */
	for (k = 0; k < nslot; k++)
		count[k + 1] += count[k];
	memcpy(rs->slot, count, (nslot + 1) * sizeof(*count));
	for (i = 0; i < rs->nlits; i++) {
		const unsigned char *s = (const unsigned char *)rs->lits[i].s;
		uint64_t key = key6(s, rs->lits[i].len);
		struct litkey *e;

		if (rs->lits[i].run == 0)
			continue;
		e = &rs->keys[count[slotof(key)]++];
		e->key = key;
		e->lit = i;
	}
	free(count);
}

int
lit_at(const struct lit *l, const unsigned char *u, size_t n)
{
	size_t m;

	if (l->len > n)
		return 0;
	if (!l->icase)
		return memcmp(u, l->s, l->len) == 0;
	for (m = 0; m < l->len && fold[u[m]] == (unsigned char)l->s[m]; m++)
		;
	return m == l->len;
}

/* Whether a rule of the run of factors at l is not seen yet. */
static int
unseen(const struct ruleset *rs, const struct lit *l)
{
	size_t m;

	for (m = 0; m < l->run; m++)
		if (rs->seen[l[m].rule] != rs->scan)
			return 1;
	return 0;
}

/* Rule i goes to the list of its action's rules seen. */
static void
hit(struct ruleset *rs, size_t i)
{
	int act = rs->r[i].act;

	rs->hits[rs->hoff[act] + rs->nhits[act]++] = i;
}

/* A factor of rule i was found. */
static void
found(struct ruleset *rs, size_t i)
{
	if (rs->seen[i] == rs->scan || (rs->r[i].needfirst &&
	    rs->fit[i] != rs->scan))
		return;
	rs->seen[i] = rs->scan;
	hit(rs, i);
}

/* The first character of the subject fits rule i. */
static void
fits(struct ruleset *rs, size_t i)
{
	if (rs->r[i].needfirst)
		rs->fit[i] = rs->scan;
	else if (rs->seen[i] != rs->scan) {
		rs->seen[i] = rs->scan;
		hit(rs, i);
	}
}

/*
 * Looks at the starts of character cp at u[i..n): those after blanks,
 * those at offset 0, or both.
 */
static void
startsat(struct ruleset *rs, const unsigned char *u, size_t n, size_t i,
    uint32_t cp, int after, int at0)
{
	size_t j, b = startslot(cp);
	uint32_t w = fold4(u + i, n - i);

	for (j = rs->startoff[b]; j < rs->startoff[b + 1]; j++) {
		const struct start *s = &rs->starts[j];

		if (s->cp != cp || !(s->at0 ? at0 : after) ||
		    (w & s->key[1]) != s->key[0])
			continue;
		if (s->lit == SIZE_MAX || lit_at(&rs->pre[s->lit], u + i, n - i))
			fits(rs, s->rule);
	}
}

/*
 * Which of the first sets (at most 64) hold cp, as a mask: a subject's
 * first character is tested against them once, and a text starts its
 * units with the same few hundred characters (the sets of \w must ask
 * utf8proc of every character outside them).
 */
static uint64_t
firstsof(struct ruleset *rs, uint32_t cp)
{
	struct fcache *e = &rs->fcache[cp & (FCACHE - 1)];
	uint64_t m = 0;
	size_t k;

	if (e->key == cp + 1)
		return e->mask;
	for (k = 0; k < rs->nfirsts; k++)
		if (cset_has(&rs->firsts[k].set, cp))
			m |= (uint64_t)1 << k;
	e->key = cp + 1;
	e->mask = m;
	return m;
}

/*
 * The rules whose prefixes or first characters fit the subject: its very
 * start, and its first character that is not white space.
 */
static void
starts(struct ruleset *rs, const unsigned char *u, size_t n)
{
	size_t i = 0, k;
	uint32_t cp = UTF8_INVALID, cp0 = UTF8_INVALID;
	uint64_t m;

	while (i < n) {
		if (u[i] < 0x80) {
			cp = u[i];
			k = 1;
		} else
			k = utf8_decode(u + i, n - i, &cp);
		if (i == 0)
			cp0 = cp;
		if (!blankcp(cp))
			break;
		i += k;
	}
	if (i < n)
		startsat(rs, u, n, i, cp, 1, i == 0);
	if (i > 0 && n > 0)
		startsat(rs, u, n, 0, cp0, 0, 1);
	if (i >= n || rs->nfirsts == 0)
		return;
	if (rs->nfirsts > 64) {
		for (k = 0; k < rs->nfirsts; k++)
			if (cset_has(&rs->firsts[k].set, cp))
				fits(rs, rs->firsts[k].rule);
		return;
	}
	for (m = firstsof(rs, cp); m != 0; m &= m - 1)
		fits(rs, rs->firsts[lowbit64(m)].rule);
}

/* Factor run l occurs at offset at of the line recorded. */
static void
note(struct ruleset *rs, size_t at, const struct lit *l)
{
	if (rs->nocc == rs->occcap) {
		rs->occcap = rs->occcap ? rs->occcap * 2 : 64;
		rs->occ = xrealloc(rs->occ, rs->occcap * sizeof(*rs->occ));
	}
	rs->occ[rs->nocc].at = at;
	rs->occ[rs->nocc++].l = l;
}

/*
 * The short factors, in one pass over u[0..n): where a byte one of them
 * may open with stands, those that open with it are looked at; a run
 * whose rules are all seen is passed over unless every place is to be
 * noted (rs->record).
 */
static void
shorts(struct ruleset *rs, const unsigned char *u, size_t n)
{
	const size_t *off = rs->shortoff;
	const char *p;
	size_t i = 0, j, m;

	while (i < n && (p = simd_findset((const char *)u + i, n - i,
	    &rs->shortset)) != NULL) {
		i = (size_t)((const unsigned char *)p - u);
		for (j = off[u[i]]; j < off[u[i] + 1]; j++) {
			const struct lit *l = &rs->shorts[rs->shortrun[j]];

			if ((!rs->record && !unseen(rs, l)) ||
			    !lit_at(l, u + i, n - i))
				continue;
			if (rs->record)
				note(rs, i + (size_t)(u - rs->base), l);
			for (m = 0; m < l->run; m++)
				found(rs, l[m].rule);
		}
		i++;
	}
}

/* Marks the rules whose factors start at u, with n bytes left. */
static void
lookup(struct ruleset *rs, const unsigned char *u, size_t n)
{
	uint64_t key = key6(u, n);
	size_t k = slotof(key), j, m;

	for (j = rs->slot[k]; j < rs->slot[k + 1]; j++) {
		const struct litkey *e = &rs->keys[j];
		const struct lit *l = &rs->lits[e->lit];

		if (e->key != key || !(rs->record || unseen(rs, l)) ||
		    !lit_at(l, u, n))
			continue;
		if (rs->record)
			note(rs, u - rs->base, l);
		for (m = 0; m < l->run; m++)
			found(rs, l[m].rule);
	}
}

size_t
cpcount(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w, lanes;
	size_t i = 0, cont = 0, end;

	/*
	 * Continuation bytes (10xxxxxx) are counted in the eight byte lanes
	 * of a word, summed up every 255 words before a lane can overflow;
	 * the last bytes are a word with zeros after them.
	 */
	while (i < n) {
		end = n - i > 255 * 8 ? i + 255 * 8 : n;
		for (lanes = 0; i + 8 <= end; i += 8) {
			w = load8(u + i);
			lanes += (w & ~(w << 1) & HIBITS) >> 7;
		}
		if (i < end) {
			w = load(u + i, end - i);
			lanes += (w & ~(w << 1) & HIBITS) >> 7;
			i = end;
		}
		lanes = (lanes & 0x00FF00FF00FF00FFull) +
		    (lanes >> 8 & 0x00FF00FF00FF00FFull);
		cont += (size_t)((lanes * 0x0001000100010001ull) >> 48);
	}
	return n - cont;
}

/* If the window at q is in the bitmap, the factors that start by q. */
static void
lookups(struct ruleset *rs, const unsigned char *u, size_t n, size_t q)
{
	uint32_t h = window(u + q);
	size_t p;

	if (!(rs->win[h >> 6] >> (h & 63) & 1))
		return;
	for (p = q > 2 ? q - 2 : 0; p <= q; p++)
		if (n - p >= SCANMIN)
			lookup(rs, u + p, n - p);
}

/*
 * A new scan of the subject u[0..n): what the last one saw is forgotten
 * (all of it when the scan number wraps), the subject's characters are
 * counted (those of a line rules_scan_line() reads when asked for: its
 * units are counted anyway), and the rules its start fits are noted.
 */
static void
newscan(struct ruleset *rs, const unsigned char *u, size_t n)
{
	memset(rs->nhits, 0, sizeof(rs->nhits));
	if (++rs->scan == 0) {	/* wrapped: forget every old scan */
		int act;

		memset(rs->seen, 0, rs->n * sizeof(*rs->seen));
		memset(rs->fit, 0, rs->n * sizeof(*rs->fit));
		for (act = 0; act < NACT; act++)
			if (rs->memo[act] != NULL)
				memset(rs->memo[act], 0, rs->ng[act] *
				    sizeof(*rs->memo[act]));
		rs->scan = 1;
		rs->bytescan = 0;
	}
	/* a line is cut into units, each counted: its own count waits */
	rs->cps = rs->record ? SIZE_MAX : cpcount((const char *)u, n);
	if (rs->nstarts > 0 || rs->nfirsts > 0)
		starts(rs, u, n);
}

/*
 * After the starts of the subject, its factors. Every factor is at least
 * SCANMIN bytes long, so the scan need not look at every place a factor
 * may start: one in three will do. Wherever a factor starts, one of its
 * first three bytes is such a place, and the four bytes from there are
 * the factor's own; the bitmap holds the three windows of four bytes of
 * each factor, so almost every place of a text is passed over after one
 * look. Where a window is in the bitmap, the factors that start there or
 * up to two bytes before are looked up.
 */
void
rules_scan(struct ruleset *rs, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t q;
	uint32_t h, h2;

	newscan(rs, u, n);
	if (rs->nshorts > 0)
		shorts(rs, u, n);
	if (rs->nlits == 0)
		return;
	/* two places a round, one branch for both */
	for (q = 0; q + 7 <= n; q += 6) {
		h = window(u + q);
		h2 = window(u + q + 3);
		if ((rs->win[h >> 6] >> (h & 63) |
		    rs->win[h2 >> 6] >> (h2 & 63)) & 1) {
			lookups(rs, u, n, q);
			lookups(rs, u, n, q + 3);
		}
	}
	if (q + 4 <= n)
		lookups(rs, u, n, q);
}

void
rules_prefilter_free(struct ruleset *rs)
{
	size_t i;

	freelits(rs->lits, rs->nlits);
	freelits(rs->pre, rs->npre);
	freelits(rs->shorts, rs->nshorts);
	free(rs->shortrun);
	free(rs->starts);
	for (i = 0; i < rs->nfirsts; i++)
		cset_free(&rs->firsts[i].set);
	free(rs->firsts);
	free(rs->fit);
	free(rs->fcache);
	free(rs->win);
	free(rs->keys);
	free(rs->slot);
	free(rs->seen);
	free(rs->hits);
	free(rs->occ);
}

static int
occcmp(const void *a, const void *b)
{
	const struct occ *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

void
rules_scan_line(struct ruleset *rs, const char *s, size_t n)
{
	rs->record = 1;
	rs->base = (const unsigned char *)s;
	rs->baselen = n;
	rs->nocc = 0;
	rules_scan(rs, s, n);
	rs->record = 0;
	if (rs->nocc > 1)
		qsort(rs->occ, rs->nocc, sizeof(*rs->occ), occcmp);
}

size_t
rules_cps(struct ruleset *rs)
{
	if (rs->cps == SIZE_MAX)	/* a line's, not yet counted */
		rs->cps = cpcount((const char *)rs->base, rs->baselen);
	return rs->cps;
}

void
rules_scan_part(struct ruleset *rs, const char *s, size_t so, size_t eo)
{
	size_t lo = 0, hi = rs->nocc, mid, m;

	newscan(rs, (const unsigned char *)s + so, eo - so);
	while (lo < hi) {	/* the first factor at or after so */
		mid = lo + (hi - lo) / 2;
		if (rs->occ[mid].at < so)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < rs->nocc && rs->occ[lo].at < eo; lo++) {
		const struct lit *l = rs->occ[lo].l;

		if (rs->occ[lo].at + l->len <= eo)
			for (m = 0; m < l->run; m++)
				found(rs, l[m].rule);
	}
}
