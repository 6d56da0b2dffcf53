/*
 * bounds.c: where the split and break rules of rinse-ads end units (see
 * units.c for what a unit is).
 *
 * The search of an action is global: the leftmost match from an offset,
 * the earliest rule in load order among those that match there, its end
 * recorded; then on from that end (after an empty match, a longer one at
 * the same place still counts, as PCRE2_NOTEMPTY_ATSTART says). Run rule
 * by rule, that is a pass of PCRE2 over the line for each rule, and a
 * glued article is one long line. Most of these rules start with one of
 * a few characters (a stop, a bracket, a mark, a word). So the characters
 * a match of each rule can start with are read from its pattern
 * (startchars()); one pass over the line looks each character up in a
 * table of bytes, and only where a rule can start is it tried, anchored
 * there. A rule whose first characters are not known is searched for on
 * its own, as before; the boundaries are the same either way.
 *
 * The table: the rules of an action with known starts are bits of a mask
 * (at most 64, in load order); an ASCII byte gives the mask of the rules
 * that can start with it, and so do the two bytes of a character of two
 * and the three of one of three (the first two choose a block of 64
 * masks, where some rule starts with a character of theirs). For a
 * character of four, the first two bytes give the rules some character
 * sharing them starts, and each is checked against its set. Rules
 * with factors the line does not hold (rules_scan()) are left out of the
 * masks, and the bytes none of the rules left can start with are passed
 * over without a look at the table: the places found, for both actions
 * at once, are the candidates each action's search then walks.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "ads.h"

#define MAXKNOWN 64

/*
 * A rule tried at one place is compiled anchored, and without the start
 * optimizations: they would look for a character every match needs from
 * that place on, up to the end of the line, at every place tried.
 */
#define ANCHORED (PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED | \
	PCRE2_NO_START_OPTIMIZE)

struct lead {
	size_t rule;
	pcre2_code *re;		/* the pattern, anchored */
	int jit;		/* compiled with JIT */
	struct cset set;	/* the characters a match starts with */
	struct cset next;	/* and those after the first (followchars()),
				   if its bit is in nextknown */
	struct cset prev;	/* and the one before a match (prevchars()),
				   if its bit is in prevknown */
	struct cset notprev;	/* or those it is not (notprevchars()), if
				   its bit is in notknown */
	struct lit *pre;	/* literals one of which a match starts */
	size_t npre;		/* with (startlits_of()), if in preknown */
	uint32_t (*key)[2];	/* of each, its lit_key() */
};

/* The rules of a mask as one anchored pattern (see together()). */
struct combo {
	uint64_t mask;
	pcre2_code *re;		/* NULL: PCRE2 refused; one by one */
};

#define NCOMBO 32

struct side {
	struct lead *k;
	size_t nk;
	struct combo combo[NCOMBO];
	size_t ncombo;
	uint64_t always;	/* the rules of k without factors */
	size_t *u;		/* the rules with no known start */
	struct memo *m;		/* one per rule of u: its last search */
	size_t nu;
	uint64_t ascii[128];
	uint64_t pair[64][64];	/* [lead byte - 0xC0][next byte - 0x80] */
	uint16_t three[16][64];	/* a three-byte character's first two
				 * bytes: its block in blk, or 0 */
	uint64_t (*blk)[64];	/* [block][last byte - 0x80] */
	uint64_t *blkany;	/* per block, the rules of any of its 64 */
	size_t nblk;
	uint64_t any[256];	/* per byte, the rules a character it opens
				 * may be the start of */
	uint64_t nextknown;	/* the rules of k whose second character is
				 * known: a match of one needs a character
				 * after its first, from its next set */
	uint64_t nextascii[128];	/* per ASCII character, the rules
				 * that may have it second (or unknown) */
	uint64_t prevknown;	/* likewise for the character before */
	uint64_t prevascii[128];
	uint64_t notknown;	/* the rules of k that a character of their
				 * notprev set before a place rules out */
	uint64_t notascii[128];	/* per ASCII character, the rules it does
				 * not rule out */
	uint64_t preknown;	/* the rules of k whose matches open with
				 * one of their literals */
	uint64_t fromocc;	/* the prefixed rules of k (rules_prefilter()):
				 * their places are where the line's scan
				 * found their factors, not in the tables */
	unsigned scan;
};

/* A place some rule may start at: the rules of each side that may. */
struct cand {
	size_t at;
	uint64_t m[2];
};

/* The bytes that may open a character some rule of act may start with. */
struct hot {
	uint64_t act[2];
	int used;
	unsigned char on[256];
	unsigned char three[16][64];	/* the same for the first two
					 * bytes of a character of three */
};

#define NHOT 64	/* tables kept, by a hash of their masks: lines hold a
		   few sets of factors, and a text cycles through more */

struct bounds {
	struct side side[2];	/* split, break */
	struct cand *c;		/* the candidates of the line */
	size_t nc, ccap;
	struct cand *c2;	/* room to merge them (fromscan()) */
	size_t c2cap;
	struct hot hot[NHOT];
	uint64_t *bit;		/* per rule with factors: its bit in k of
				   its side, or 0 */
	unsigned char bytes[256];	/* the bytes some rule's characters */
	size_t nbytes;			/* open, */
	uint16_t pairs[16 * 64];	/* and the first two bytes of three */
	size_t npairs;			/* (b - 0xE0) * 64 + c - 0x80 */
};

/* The code points whose UTF-8 starts with bytes b0 b1 (b0 >= 0xC0). */
static void
span(unsigned b0, unsigned b1, uint32_t *lo, uint32_t *hi)
{
	if (b0 < 0xE0) {
		*lo = *hi = (b0 & 0x1F) << 6 | (b1 & 0x3F);
	} else if (b0 < 0xF0) {
		*lo = (b0 & 0x0F) << 12 | (b1 & 0x3F) << 6;
		*hi = *lo | 0x3F;
	} else {
		*lo = (b0 & 0x07) << 18 | (b1 & 0x3F) << 12;
		*hi = *lo | 0xFFF;
	}
}

/* The characters lo..lo + 63 (bytes b c and a third) that set holds. */
static void
addthree(struct side *sd, unsigned b, unsigned c, uint32_t lo,
    const struct cset *set, uint64_t bit)
{
	uint16_t *k = &sd->three[b - 0xE0][c - 0x80];
	unsigned d;

	if (*k == 0) {
		if (sd->nblk == 0)
			sd->nblk = 1;	/* block 0 means none */
		sd->blk = xrealloc(sd->blk, (sd->nblk + 1) *
		    sizeof(*sd->blk));
		sd->blkany = xrealloc(sd->blkany, (sd->nblk + 1) *
		    sizeof(*sd->blkany));
		memset(sd->blk[sd->nblk], 0, sizeof(*sd->blk));
		sd->blkany[sd->nblk] = 0;
		*k = (uint16_t)sd->nblk++;
	}
	for (d = 0; d < 64; d++)
		if (cset_has(set, lo | d)) {
			sd->blk[*k][d] |= bit;
			sd->blkany[*k] |= bit;
		}
}

static void
addknown(struct bounds *bd, struct side *sd, struct ruleset *rs, size_t i,
    struct cset *set)
{
	struct lead *l;
	PCRE2_SIZE off;
	uint32_t lo, hi;
	uint64_t bit;
	unsigned b, c;
	size_t k;
	int err;

	sd->k = xrealloc(sd->k, (sd->nk + 1) * sizeof(*sd->k));
	l = &sd->k[sd->nk];
	l->re = pcre2_compile((PCRE2_SPTR)rs->r[i].pat, PCRE2_ZERO_TERMINATED,
	    ANCHORED, &err, &off, NULL);
	if (l->re == NULL)
		die("out of memory compiling %s:%lu", rs->r[i].origin,
		    rs->r[i].line);
	l->jit = pcre2_jit_compile(l->re, PCRE2_JIT_COMPLETE) == 0;
	l->rule = i;
	l->set = *set;
	bit = (uint64_t)1 << sd->nk++;
	if (followchars(rs->r[i].pat, &l->next))
		sd->nextknown |= bit;
	if (prevchars(rs->r[i].pat, &l->prev))
		sd->prevknown |= bit;
	if (notprevchars(rs->r[i].pat, &l->notprev))
		sd->notknown |= bit;
	l->pre = NULL;
	l->key = NULL;
	l->npre = 0;
	/* a prefixed rule's places hold its literals already (fromscan()) */
	if (!rs->r[i].prefixed &&
	    (l->npre = startlits_of(rs->r[i].pat, &l->pre)) > 0) {
		sd->preknown |= bit;
		l->key = xcalloc(l->npre, sizeof(*l->key));
		for (k = 0; k < l->npre; k++)
			lit_key(l->pre[k].s, l->pre[k].len, l->key[k]);
	}
	for (b = 0; b < 0x80; b++) {
		if (!(sd->nextknown & bit) || cset_has(&l->next, b))
			sd->nextascii[b] |= bit;
		if (!(sd->prevknown & bit) || cset_has(&l->prev, b))
			sd->prevascii[b] |= bit;
		if (!(sd->notknown & bit) || !cset_has(&l->notprev, b))
			sd->notascii[b] |= bit;
	}
	if (!rs->r[i].factored)
		sd->always |= bit;
	else
		bd->bit[i] = bit;
	if (rs->r[i].prefixed) {	/* its places come from the scan */
		sd->fromocc |= bit;
		return;
	}
	for (b = 0; b < 0x80; b++)
		if (cset_has(set, b)) {
			sd->ascii[b] |= bit;
			sd->any[b] |= bit;
		}
	for (b = 0xC2; b <= 0xF4; b++)
		for (c = 0x80; c <= 0xBF; c++) {
			span(b, c, &lo, &hi);
			if (!cset_meets(set, lo, hi))
				continue;
			sd->pair[b - 0xC0][c - 0x80] |= bit;
			sd->any[b] |= bit;
			if (b >= 0xE0 && b <= 0xEF)
				addthree(sd, b, c, lo, set, bit);
		}
}

static void
addunknown(struct side *sd, size_t i)
{
	sd->u = xrealloc(sd->u, (sd->nu + 1) * sizeof(*sd->u));
	sd->m = xrealloc(sd->m, (sd->nu + 1) * sizeof(*sd->m));
	memset(&sd->m[sd->nu], 0, sizeof(*sd->m));
	sd->u[sd->nu++] = i;
}

struct bounds *
bounds_new(struct ruleset *rs)
{
	struct bounds *bd = xcalloc(1, sizeof(*bd));
	struct cset set;
	size_t i, b, c;

	bd->bit = xcalloc(rs->n ? rs->n : 1, sizeof(*bd->bit));

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];
		struct side *sd;

		if (r->act != A_SPLIT && r->act != A_BREAK)
			continue;
		sd = &bd->side[r->act == A_BREAK];
		/* anchored rules and those with a length test: on their own */
		if (r->pat[0] != '^' && r->maxcps == 0 &&
		    sd->nk < MAXKNOWN && startchars(r->pat, &set))
			addknown(bd, sd, rs, i, &set);
		else
			addunknown(sd, i);
	}
	for (b = 0; b < 256; b++)
		if ((bd->side[0].any[b] | bd->side[1].any[b]) != 0)
			bd->bytes[bd->nbytes++] = (unsigned char)b;
	for (b = 0; b < 16; b++)
		for (c = 0; c < 64; c++)
			if (bd->side[0].three[b][c] | bd->side[1].three[b][c])
				bd->pairs[bd->npairs++] = (uint16_t)(b * 64 + c);
	return bd;
}

void
bounds_free(struct bounds *bd)
{
	size_t s, k, j;

	if (bd == NULL)
		return;
	free(bd->bit);
	for (s = 0; s < 2; s++) {
		for (k = 0; k < bd->side[s].nk; k++) {
			pcre2_code_free(bd->side[s].k[k].re);
			cset_free(&bd->side[s].k[k].set);
			cset_free(&bd->side[s].k[k].next);
			cset_free(&bd->side[s].k[k].prev);
			cset_free(&bd->side[s].k[k].notprev);
			for (j = 0; j < bd->side[s].k[k].npre; j++)
				free(bd->side[s].k[k].pre[j].s);
			free(bd->side[s].k[k].pre);
			free(bd->side[s].k[k].key);
		}
		for (k = 0; k < bd->side[s].ncombo; k++)
			pcre2_code_free(bd->side[s].combo[k].re);
		free(bd->side[s].blk);
		free(bd->side[s].blkany);
		free(bd->side[s].k);
		free(bd->side[s].u);
		free(bd->side[s].m);
	}
	free(bd->c);
	free(bd->c2);
	free(bd);
}

/* The rules of sd with a known start that may match the line. */
static uint64_t
active(const struct ruleset *rs, const struct bounds *bd, int side)
{
	int act = side ? A_BREAK : A_SPLIT;
	uint64_t m = bd->side[side].always;
	size_t j;

	/* the rules the scan saw are listed by action (see rules_scan()) */
	for (j = 0; j < rs->nhits[act]; j++)
		m |= bd->bit[rs->hits[rs->hoff[act] + j]];
	return m;
}

/*
 * The rules of mask whose known next (or, with prev, previous) character
 * set holds the character at u (n bytes left, not ASCII).
 */
static uint64_t
charfits(const struct side *sd, uint64_t mask, int prev, const unsigned char *u,
    size_t n)
{
	uint64_t m, known = prev ? sd->prevknown : sd->nextknown;
	uint32_t cp;

	utf8_decode(u, n, &cp);
	for (m = mask & known; m != 0; m &= m - 1) {
		const struct lead *l = &sd->k[lowbit64(m)];

		if (!cset_has(prev ? &l->prev : &l->next, cp))
			mask &= ~(m & -m);
	}
	return mask;
}

/* Where the character before u[i] (i > 0) starts. */
static size_t
before(const unsigned char *u, size_t i)
{
	size_t h = i;

	while (h > 0 && i - h < 4 && (u[h - 1] & 0xC0) == 0x80)
		h--;
	return h > 0 ? h - 1 : 0;
}

/*
 * The rules of mask that the character at u (n bytes left, not ASCII),
 * the one before a place, does not rule out by their notprev set.
 */
static uint64_t
notfits(const struct side *sd, uint64_t mask, const unsigned char *u,
    size_t n)
{
	uint64_t m;
	uint32_t cp;

	utf8_decode(u, n, &cp);
	for (m = mask & sd->notknown; m != 0; m &= m - 1)
		if (cset_has(&sd->k[lowbit64(m)].notprev, cp))
			mask &= ~(m & -m);
	return mask;
}

/* The rules of mask that have none of their literals at u[0..n) out. */
static uint64_t
opens(const struct side *sd, uint64_t mask, const unsigned char *u,
    size_t n)
{
	uint32_t w = fold4(u, n);
	uint64_t m;
	size_t j;

	for (m = mask & sd->preknown; m != 0; m &= m - 1) {
		const struct lead *l = &sd->k[lowbit64(m)];

		for (j = 0; j < l->npre && ((w & l->key[j][1]) !=
		    l->key[j][0] || !lit_at(&l->pre[j], u, n)); j++)
			;
		if (j == l->npre)
			mask &= ~(m & -m);
	}
	return mask;
}

/*
 * Of the rules of mask, which start at u[i], those that may have the
 * characters around it: a rule whose second character is known needs one
 * there ("[.?!](?=[^\s...])" is not tried before a space, nor at the end
 * of the line), one whose look-behind names the character before needs
 * that ("[.?!](?<=[가-힣][.?!])" not after a digit), and one whose
 * negated look-behind names it must not have it ("(?<![가-힣])관련" not
 * inside a word); and one whose matches open with one of a few literals
 * needs one there ("(?=(?:방송|채널)\s*:)" is not tried at "대통령").
 */
static uint64_t
around(const struct side *sd, uint64_t mask, const unsigned char *u,
    size_t n, size_t i)
{
	size_t j = i + (u[i] < 0x80 ? 1 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 :
	    4), h;

	if ((mask & sd->nextknown) != 0) {
		if (j >= n)
			mask &= ~sd->nextknown;
		else if (u[j] < 0x80)
			mask &= sd->nextascii[u[j]];
		else
			mask = charfits(sd, mask, 0, u + j, n - j);
	}
	if ((mask & sd->notknown) != 0 && i > 0) {
		if (u[i - 1] < 0x80)
			mask &= sd->notascii[u[i - 1]];
		else {
			h = before(u, i);
			mask = notfits(sd, mask, u + h, n - h);
		}
	}
	if ((mask & sd->prevknown) != 0) {
		if (i == 0)
			mask &= ~sd->prevknown;
		else if (u[i - 1] < 0x80)
			mask &= sd->prevascii[u[i - 1]];
		else {
			h = before(u, i);
			mask = charfits(sd, mask, 1, u + h, n - h);
		}
	}
	return (mask & sd->preknown) != 0 ? opens(sd, mask, u + i, n - i) :
	    mask;
}

/*
 * The rules of sd in act that may start at u[i]: exactly those whose
 * first characters hold the one there, but for a character of four
 * bytes.
 */
static uint64_t
maskat(const struct side *sd, uint64_t act, const unsigned char *u,
    size_t n, size_t i)
{
	unsigned k;

	if (u[i] < 0x80)
		return sd->ascii[u[i]] & act;
	if (i + 1 >= n)
		return 0;
	if (u[i] < 0xE0 || u[i] > 0xEF)
		return sd->pair[u[i] - 0xC0][u[i + 1] & 0x3F] & act;
	k = sd->three[u[i] - 0xE0][u[i + 1] & 0x3F];
	return k != 0 && i + 2 < n ? sd->blk[k][u[i + 2] & 0x3F] & act : 0;
}

/* The table of hot bytes for rules a0 and a1, from the kept ones. */
static const struct hot *
hotfor(struct bounds *bd, uint64_t a0, uint64_t a1)
{
	const struct side *s0 = &bd->side[0], *s1 = &bd->side[1];
	struct hot *h;
	size_t k, b, c;

	h = &bd->hot[((a0 ^ (a1 * 0x9E3779B97F4A7C15ull)) *
	    0xBF58476D1CE4E5B9ull) >> 58 & (NHOT - 1)];
	if (h->used && h->act[0] == a0 && h->act[1] == a1)
		return h;
	h->used = 1;
	h->act[0] = a0;
	h->act[1] = a1;
	memset(h->on, 0, sizeof(h->on));
	for (k = 0; k < bd->nbytes; k++) {
		b = bd->bytes[k];
		h->on[b] = ((s0->any[b] & a0) | (s1->any[b] & a1)) != 0;
	}
	memset(h->three, 0, sizeof(h->three));
	for (k = 0; k < bd->npairs; k++) {
		b = bd->pairs[k] / 64;
		c = bd->pairs[k] % 64;
		h->three[b][c] = ((s0->three[b][c] ?
		    s0->blkany[s0->three[b][c]] & a0 : 0) |
		    (s1->three[b][c] ? s1->blkany[s1->three[b][c]] & a1 :
		    0)) != 0;
	}
	return h;
}

/*
 * Place at of u[0..n) as a candidate for the rules of m0 and m1 that
 * the characters around it leave (around()), if any; 0 when the cap on
 * memory says the line goes.
 */
static int
addcand(struct ruleset *rs, struct bounds *bd, const unsigned char *u,
    size_t n, size_t at, uint64_t m0, uint64_t m1)
{
	if (m0 != 0)
		m0 = around(&bd->side[0], m0, u, n, at);
	if (m1 != 0)
		m1 = around(&bd->side[1], m1, u, n, at);
	if ((m0 | m1) == 0)
		return 1;
	if (bd->nc == bd->ccap) {
		if (!rules_room(rs, bd->ccap, sizeof(*bd->c)))
			return 0;	/* the line goes (units_of()) */
		bd->ccap = bd->ccap ? bd->ccap * 2 : 256;
		bd->c = xrealloc(bd->c, bd->ccap * sizeof(*bd->c));
	}
	bd->c[bd->nc].at = at;
	bd->c[bd->nc].m[0] = m0;
	bd->c[bd->nc].m[1] = m1;
	bd->nc++;
	return 1;
}

/*
 * The candidates of the prefixed rules of a0 and a1: the places where the
 * line's scan found their factors (rs->occ, in order), which are what
 * their matches open with; put after those of c[0..nb), then the two
 * runs merged into one in order, the rules of a place that is in both
 * (or twice in the second) together in one.
 */
static void
fromscan(struct ruleset *rs, struct bounds *bd, uint64_t a0, uint64_t a1,
    const unsigned char *u, size_t n)
{
	uint64_t o0 = a0 & bd->side[0].fromocc, o1 = a1 & bd->side[1].fromocc,
	    m0, m1;
	size_t j, m, nb = bd->nc, x, y, k;
	struct cand *t;

	if ((o0 | o1) == 0)
		return;
	for (j = 0; j < rs->nocc; j++) {
		const struct lit *l = rs->occ[j].l;
		size_t at = rs->occ[j].at;

		for (m = 0, m0 = m1 = 0; m < l->run; m++) {
			m0 |= bd->bit[l[m].rule] & o0 &
			    -(uint64_t)(rs->r[l[m].rule].act == A_SPLIT);
			m1 |= bd->bit[l[m].rule] & o1 &
			    -(uint64_t)(rs->r[l[m].rule].act == A_BREAK);
		}
		if ((m0 | m1) != 0 && !addcand(rs, bd, u, n, at, m0, m1))
			return;
	}
	if (bd->nc == nb)
		return;
	bd->c2 = xgrow(bd->c2, &bd->c2cap, bd->nc, sizeof(*bd->c2));
	for (x = 0, y = nb, k = 0; x < nb || y < bd->nc;) {
		if (y == bd->nc || (x < nb && bd->c[x].at <= bd->c[y].at))
			t = &bd->c[x++];
		else
			t = &bd->c[y++];
		if (k > 0 && bd->c2[k - 1].at == t->at) {
			bd->c2[k - 1].m[0] |= t->m[0];
			bd->c2[k - 1].m[1] |= t->m[1];
		} else
			bd->c2[k++] = *t;
	}
	t = bd->c;
	bd->c = bd->c2;
	bd->c2 = t;
	x = bd->ccap;
	bd->ccap = bd->c2cap;
	bd->c2cap = x;
	bd->nc = k;
}

/*
 * The candidates of s[0..n): every place where a rule that may match the
 * line may start. Bytes no such rule starts with, continuation bytes
 * among them, are passed over four at a time, and a character of three
 * bytes whose first two no such rule starts with at once.
 */
static void
candidates(struct ruleset *rs, struct bounds *bd, const unsigned char *u,
    size_t n)
{
	uint64_t a0 = active(rs, bd, 0), a1 = active(rs, bd, 1);
	/* the prefixed rules are not in the tables, nor in their key */
	const struct hot *h = hotfor(bd, a0 & ~bd->side[0].fromocc,
	    a1 & ~bd->side[1].fromocc);
	const unsigned char *on = h->on;
	uint64_t m0, m1;
	size_t i = 0;

	bd->nc = 0;
	while (i < n) {
		if (!on[u[i]]) {
			for (i++; i + 4 <= n && !(on[u[i]] | on[u[i + 1]] |
			    on[u[i + 2]] | on[u[i + 3]]); i += 4)
				;
			while (i < n && !on[u[i]])
				i++;
			continue;
		}
		if (u[i] >= 0xE0 && u[i] <= 0xEF && i + 2 < n &&
		    !h->three[u[i] - 0xE0][u[i + 1] & 0x3F]) {
			i += 3;
			continue;
		}
		m0 = maskat(&bd->side[0], a0, u, n, i);
		m1 = maskat(&bd->side[1], a1, u, n, i);
		if ((m0 | m1) != 0 && !addcand(rs, bd, u, n, i, m0, m1))
			return;
		i++;
	}
	fromscan(rs, bd, a0, a1, u, n);
}

/*
 * The rules of mask as one pattern, anchored, each alternative opening
 * with a mark that names its rule: one match at a place finds the
 * earliest rule that matches there. Made when a mask is first met, kept
 * for the next (a line's candidates share a few masks: the stops, the
 * brackets). NULL when the table is full or a rule cannot be an
 * alternative; its rules are then tried one by one.
 */
static pcre2_code *
together(struct ruleset *rs, struct side *sd, uint64_t mask)
{
	struct combo *c;
	PCRE2_SIZE off;
	size_t k, len = 0;
	uint64_t m;
	char *pat, *p;
	int err;

	for (k = 0; k < sd->ncombo; k++)
		if (sd->combo[k].mask == mask)
			return sd->combo[k].re;
	if (sd->ncombo == NCOMBO)
		return NULL;
	c = &sd->combo[sd->ncombo++];
	c->mask = mask;
	c->re = NULL;
	for (m = mask; m != 0; m &= m - 1) {
		const struct rule *r = &rs->r[sd->k[lowbit64(m)].rule];

		if (rules_alone(r))
			return NULL;
		len += strlen(r->pat) + 32;
	}
	p = pat = xmalloc(len + 1);
	for (m = mask; m != 0; m &= m - 1) {
		k = lowbit64(m);
		p += sprintf(p, "%s(*MARK:%zu)(?:%s)", p > pat ? "|" : "", k,
		    rs->r[sd->k[k].rule].pat);
	}
	c->re = pcre2_compile((PCRE2_SPTR)pat, p - pat, ANCHORED |
	    PCRE2_DUPNAMES, &err, &off, NULL);
	free(pat);
	if (c->re != NULL && pcre2_jit_compile(c->re, PCRE2_JIT_COMPLETE) != 0) {
		pcre2_code_free(c->re);
		c->re = NULL;
	}
	return c->re;
}

/*
 * The earliest rule of mask (before rule before) that matches at p,
 * anchored: 1 with *h set, or 0.
 */
static int
tryat(struct ruleset *rs, struct side *sd, const char *s, size_t n,
    size_t p, uint64_t mask, size_t before, uint32_t opts, struct hit *h,
    const char *where, unsigned long long line)
{
	uint32_t cp = 0;
	int rc, four = (unsigned char)s[p] >= 0xF0;
	pcre2_code *re;

	while (before != SIZE_MAX && mask != 0 &&
	    sd->k[highbit64(mask)].rule >= before)
		mask &= ~((uint64_t)1 << (highbit64(mask)));
	if (!four && (mask & (mask - 1)) != 0 &&
	    (re = together(rs, sd, mask)) != NULL) {
		rc = pcre2_jit_match(re, (PCRE2_SPTR)s, n, p, opts, rs->md,
		    rs->mctx);
		if (rc >= 0) {
			h->so = p;
			h->eo = pcre2_get_ovector_pointer(rs->md)[1];
			h->rule = sd->k[strtoul((const char *)
			    pcre2_get_mark(rs->md), NULL, 10)].rule;
			return 1;
		}
		if (rc == PCRE2_ERROR_NOMATCH)
			return 0;
		/* a limit: one by one, to name the rule */
	}
	if (four)
		utf8_decode((const unsigned char *)s + p, n - p, &cp);
	for (; mask != 0; mask &= mask - 1) {
		const struct lead *l = &sd->k[lowbit64(mask)];

		if (l->rule >= before)
			break;
		if (four && !cset_has(&l->set, cp))
			continue;
		rc = l->jit ? pcre2_jit_match(l->re, (PCRE2_SPTR)s, n, p, opts,
		    rs->md, rs->mctx) : pcre2_match(l->re, (PCRE2_SPTR)s, n, p,
		    opts | PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
		if (rc >= 0) {
			h->so = p;
			h->eo = pcre2_get_ovector_pointer(rs->md)[1];
			h->rule = l->rule;
			return 1;
		}
		rules_limit(rs, l->rule, rc, where, line);
	}
	return 0;
}

/*
 * The leftmost match at or after start of the rules with no known start
 * (the earliest rule among equals), each searched for once a pass as
 * memogroup() does it.
 */
static int
unknowns(struct ruleset *rs, struct side *sd, const char *s, size_t n,
    size_t start, uint32_t opts, struct hit *best, const char *where,
    unsigned long long line)
{
	int notempty = (opts & PCRE2_NOTEMPTY_ATSTART) != 0, found = 0, rc;
	size_t j;

	for (j = 0; j < sd->nu; j++) {
		struct memo *m = &sd->m[j];
		size_t i = sd->u[j];

		if (!memo_holds(m, sd->scan, start, notempty)) {
			m->found = 0;
			if (rules_may(rs, i)) {
				rc = pcre2_match(rules_code(rs, i),
				    (PCRE2_SPTR)s, n, start,
				    opts | PCRE2_NO_UTF_CHECK, rs->md,
				    rs->mctx);
				m->found = rc >= 0;
				if (m->found) {
					PCRE2_SIZE *ov =
					    pcre2_get_ovector_pointer(rs->md);

					m->h.so = ov[0];
					m->h.eo = ov[1];
					m->h.rule = i;
				}
				rules_limit(rs, i, rc, where, line);
			}
			memo_note(m, sd->scan, start, notempty);
		}
		if (m->found && (!found || m->h.so < best->so)) {
			*best = m->h;
			found = 1;
		}
	}
	return found;
}

static void
add(struct ruleset *rs, struct bound **b, size_t *nb, size_t *cap,
    const struct hit *h, int brk)
{
	if (*nb == *cap) {
		if (!rules_room(rs, *cap, sizeof(**b)))
			return;	/* the line goes (units_of()) */
		*cap = *cap ? *cap * 2 : 64;
		*b = xrealloc(*b, *cap * sizeof(**b));
	}
	(*b)[*nb].at = h->eo;
	(*b)[*nb].brk = brk;
	(*b)[*nb].rule = h->rule;
	(*nb)++;
}

/* The global search of one side, over the candidates of the line. */
static void
search(struct ruleset *rs, int side, const char *s, size_t n,
    struct bound **b, size_t *nb, size_t *cap, const char *where,
    unsigned long long line)
{
	struct bounds *bd = rs->bd;
	struct side *sd = &bd->side[side];
	struct hit h, f = { 0, 0, 0 };
	size_t start = 0, j = 0;
	uint32_t opts = 0;
	int fl, got;

	if (++sd->scan == 0) {
		memset(sd->m, 0, sd->nu * sizeof(*sd->m));
		sd->scan = 1;
	}
	while (start <= n) {
		fl = unknowns(rs, sd, s, n, start, opts, &f, where, line);
		got = 0;
		while (j < bd->nc && bd->c[j].at < start)
			j++;
		for (; j < bd->nc && (!fl || bd->c[j].at <= f.so); j++) {
			const struct cand *c = &bd->c[j];

			if (c->m[side] != 0 && (got = tryat(rs, sd, s, n,
			    c->at, c->m[side], fl && c->at == f.so ? f.rule :
			    SIZE_MAX, c->at == start ? opts : 0, &h, where,
			    line)) != 0)
				break;
		}
		if (!got && !fl)
			break;
		if (!got)
			h = f;
		add(rs, b, nb, cap, &h, side == 1);
		opts = h.eo == h.so ? PCRE2_NOTEMPTY_ATSTART : 0;
		start = h.eo;
	}
}

void
bounds_find(struct ruleset *rs, const char *s, size_t n, struct bound **b,
    size_t *nb, size_t *cap, const char *where, unsigned long long line)
{
	candidates(rs, rs->bd, (const unsigned char *)s, n);
	search(rs, 1, s, n, b, nb, cap, where, line);
	search(rs, 0, s, n, b, nb, cap, where, line);
}
