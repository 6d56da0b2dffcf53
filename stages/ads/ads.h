/*
 * ads.h: the rule sets of rinse-ads.
 *
 * A rule is an action and a PCRE2 pattern, read from a rule file. All
 * rules are compiled, checked and filtered before any input is read, so
 * that the cost of a paragraph does not grow with the number of rules:
 *
 * - an anchored rule runs only on paragraphs that start (after white
 *   space, where the pattern allows it) with one of its prefixes, or with
 *   one of the characters its match can start with;
 * - a rule with literals every match holds ("factors") runs only on
 *   paragraphs that hold one, found by one scan for all factors of all
 *   rules (see rules_scan());
 * - the other rules of an action are combined into few alternations
 *   ("groups"): anchored patterns run at offset 0 only and only when the
 *   first byte fits, floating ones are grouped by a byte every match must
 *   contain (PCRE2's own first or required code unit) and run only when
 *   the paragraph holds that byte. Which rule of a group matched is worked
 *   out after the group matched, by trying its rules at the match.
 *
 * A filter may let a paragraph through that the rule then does not match;
 * it never keeps a rule from a paragraph it matches.
 */
#ifndef RINSE_ADS_H
#define RINSE_ADS_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rinse/simd.h>

/*
 * The actions, in the order a unit meets them. split and break do not
 * judge text: they cut a line into units before the others run (see
 * units.c).
 */
enum act { A_KEEP, A_DROP, A_CUT, A_STRIP, A_SPLIT, A_BREAK, NACT };

/*
 * A factor: a literal every match of rule holds one of; or a prefix: one
 * every match starts with (see lit.c).
 */
struct lit {
	char *s;		/* folded to lower case if icase */
	size_t len;
	size_t rule;
	int icase;		/* compare ASCII letters without case */
	int blanks;		/* a prefix after the subject's white space */
	size_t run;		/* factors: how many from here on are alike */
};

/* An entry of the scan's index: a factor by its first six bytes, folded. */
struct litkey {
	uint64_t key;
	size_t lit;
};

/* A set of characters: ranges of code points, and classes of them. */
struct cset {
	uint64_t ascii[2];	/* a bitmap of ASCII */
	uint32_t (*r)[2];	/* ranges of other code points */
	size_t n;
	int digit, word, space;	/* every character \d, \w, \s match */
	int high;		/* every character from U+0080 on */
};

/*
 * A character an anchored rule's match can start with (after white
 * space), and the prefix that must be there if known.
 */
#define NSTART	1024	/* slots of the index of starts by character */

/* The slot of character cp in the index of starts. */
static inline size_t
startslot(uint32_t cp)
{
	return (size_t)((cp * 0x9E3779B1u) >> 22) & (NSTART - 1);
}

struct start {
	uint32_t cp;
	int at0;		/* the prefix is at offset 0, not after blanks */
	size_t rule;
	size_t lit;		/* in pre, or SIZE_MAX */
	uint32_t key[2];	/* its lit_key(), or zeros: any place */
};

/*
 * The four bytes at u[0..n) (zeros past n), with bit 5 set in every
 * ASCII byte: a letter in lower case, and a few other bytes the same as
 * some letter or digit, which a full comparison after tells apart.
 */
static inline uint32_t
fold4(const unsigned char *u, size_t n)
{
	uint32_t w = 0;
	size_t i;

	for (i = 0; i < 4 && i < n; i++)
		w |= (uint32_t)u[i] << (8 * i);
	return w | (~w & 0x80808080u) >> 2;
}

/*
 * The key of literal s[0..len): its first bytes folded, and their mask.
 * A place u can hold it only if (fold4(u, n) & key[1]) == key[0].
 */
static inline void
lit_key(const char *s, size_t len, uint32_t key[2])
{
	size_t k = len < 4 ? len : 4;

	key[1] = k == 4 ? 0xFFFFFFFFu : ((uint32_t)1 << (8 * k)) - 1;
	key[0] = fold4((const unsigned char *)s, k) & key[1];
}

/* The index of the lowest bit set in x, x not 0: a multiply and a table. */
static inline unsigned
lowbit64_portable(uint64_t x)
{
	static const unsigned char debruijn[64] = {
		0, 1, 2, 53, 3, 7, 54, 27, 4, 38, 41, 8, 34, 55, 48, 28,
		62, 5, 39, 46, 44, 42, 22, 9, 24, 35, 59, 56, 49, 18, 29, 11,
		63, 52, 6, 26, 37, 40, 33, 47, 61, 45, 43, 21, 23, 58, 17, 10,
		51, 25, 36, 32, 60, 20, 57, 16, 50, 31, 19, 15, 30, 14, 13, 12
	};

	return debruijn[((x & -x) * 0x022FDD63CC95386Dull) >> 58];
}

/* The same, one instruction where the compiler has one. */
static inline unsigned
lowbit64(uint64_t x)
{
#if defined(__GNUC__)
	return (unsigned)__builtin_ctzll(x);
#else
	return lowbit64_portable(x);
#endif
}

/* The index of the highest bit set in x, x not 0: a binary search. */
static inline unsigned
highbit64_portable(uint64_t x)
{
	unsigned i = 0, step;

	for (step = 32; step > 0; step /= 2)
		if (x >> step != 0) {
			x >>= step;
			i += step;
		}
	return i;
}

/* The same, one instruction where the compiler has one. */
static inline unsigned
highbit64(uint64_t x)
{
#if defined(__GNUC__)
	return 63 - (unsigned)__builtin_clzll(x);
#else
	return highbit64_portable(x);
#endif
}

/* A set of ASCII bytes, as a bitmap. */
struct abytes {
	uint64_t b[2];
};

#define NEEDS	4	/* the most sets of bytes a rule needs, kept */

/*
 * What a rule needs of a subject's ASCII bytes (see need.c): a byte of
 * each set[0..n); and if haswhole, no byte outside whole.
 */
struct need {
	struct abytes set[NEEDS];
	size_t n;
	struct abytes whole;
	int haswhole;
};

/* A first character and the sets of firsts[] that hold it (scan.c). */
#define FCACHE	512
struct fcache {
	uint32_t key;		/* the character + 1; 0: empty */
	uint64_t mask;
};

struct firsts {
	size_t rule;
	struct cset set;
};

struct rule {
	int act;
	const char *origin;	/* file label, owned by the rule set */
	const char *file;	/* the file's path, for -l; owned too */
	unsigned long line;
	char *pat;		/* the pattern text as written */
	pcre2_code *re;
	pcre2_code *fast;	/* re without its length look-ahead, or NULL */
	int lazy;		/* and without ".*?" after it (see runnable()) */
	int limited;		/* hit the match limit; reported once */
	int jitted;		/* re compiled with JIT (rules_code()) */
	int factored;		/* runs only where the scan saw it could match */
	int prefixed;		/* a split or break rule whose factors are the
				 * literals its matches open with: where the
				 * scan finds one, it may start (bounds.c) */
	int needfirst;		/* and only if also its first character fits */
	size_t maxcps;		/* ^(?=.{0,N}$): longest subject, or 0 */
	struct need need;	/* of the subject's ASCII bytes (need.c) */
	size_t group;		/* if factored: its group in g[act] */
	int hasfirst;		/* anchored, and first[] is known: */
	unsigned char first[32];	/* bytes a match can start with */
};

struct group {
	pcre2_code *re;		/* the alternation of its rules */
	size_t *idx;		/* rule indices, in file order */
	size_t n;
	int gate;		/* a byte every match contains, or -1 */
	int anchored;		/* matches only at offset 0 */
	int factored;		/* one rule that has factors */
	int jit;		/* with JIT: 1 compiled, -1 refused, 0 not
				 * yet tried (see jrun()) */
	int lazy;		/* re is a lazy rule's fast form: a match
				 * starts where the search does */
	size_t maxcps;		/* longest subject any rule can match, or 0 */
	int needy;		/* runs only on subjects whose ASCII bytes
				 * meet what one of its rules needs, */
	struct need either;	/* and so what they need taken together */
	int hasfirst;		/* runs only on subjects starting with */
	unsigned char first[32];	/* one of these bytes */
};

/* Where a match of an action was found, and by which rule. */
struct hit {
	size_t so, eo;
	size_t rule;
};

/*
 * The last search of a group on the current subject: valid while the
 * scan number is the same. A match found from offset start is still the
 * leftmost one from any later offset up to its own start, and no match
 * from start means none from later: so a line with many matches of one
 * rule costs one pass of each group, not one per match.
 */
struct memo {
	unsigned scan;		/* 0: empty */
	size_t start;
	int found;
	struct hit h;
};

/*
 * Whether memo m answers the search from start of scan number scan
 * (notempty: after an empty match at start, PCRE2_NOTEMPTY_ATSTART): a
 * match found from offset start is still the leftmost one from any later
 * offset up to its own start, none found means none later.
 */
static inline int
memo_holds(const struct memo *m, unsigned scan, size_t start, int notempty)
{
	return m->scan == scan && m->start <= start && (!m->found ||
	    m->h.so > start || (m->h.so == start && !notempty));
}

/*
 * Notes in m the search from start just made, m->found and m->h set:
 * good for scan number scan (0: for none) from start on, or from start
 * + 1 without the empty match at start, unless what it found is there.
 */
static inline void
memo_note(struct memo *m, unsigned scan, size_t start, int notempty)
{
	m->scan = scan;
	m->start = start + notempty;
	if (notempty && m->found && m->h.so == start)
		m->scan = 0;
}

/* A factor run found by rules_scan_line() at offset at of the line. */
struct occ {
	size_t at;
	const struct lit *l;
};

struct ruleset {
	struct rule *r;
	size_t n, cap;
	char **origins;		/* labels and paths of the files read */
	size_t norigins;
	struct group *g[NACT];	/* the groups without factors first */
	struct memo *memo[NACT];	/* one per group */
	size_t ng[NACT];
	size_t nplain[NACT];	/* how many groups have no factors */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jst;
	unsigned long long limits;	/* matches stopped by the limit */

	/*
	 * The prefilter: every factor, a bitmap of hashes of the windows of
	 * four bytes the scan may see of them (see rules.c), and an index of
	 * them by their first six bytes.
	 */
	struct lit *lits;
	size_t nlits;
	uint64_t *win;
	struct litkey *keys;	/* by slot */
	size_t *slot;		/* slot i is keys[slot[i]..slot[i + 1]) */
	struct lit *shorts;	/* factors too short for the scan */
	size_t nshorts;
	size_t shortoff[257];	/* byte b: the runs of shorts that may open
				 * with it, shortrun[shortoff[b]..[b + 1]) */
	size_t *shortrun;
	struct byteset shortset;	/* the bytes shorts may open with */
	struct lit *pre;	/* prefixes of anchored rules */
	size_t npre;
	struct start *starts;	/* by the slot of their character */
	size_t nstarts;
	size_t startoff[NSTART + 1];	/* slot k (startslot()): starts
					   [startoff[k]..startoff[k + 1]) */
	struct firsts *firsts;	/* sets of first characters to test */
	size_t nfirsts;
	struct fcache *fcache;	/* by the low bits of the character */
	unsigned *fit;		/* per rule: scan number its start fit in */
	unsigned *seen;		/* per rule: scan number it was seen in */
	unsigned scan;
	size_t *hits;		/* the rules seen in this scan, by action: */
	size_t hoff[NACT];	/* those of act at hits[hoff[act]..] */
	size_t nhits[NACT];
	size_t cps;		/* characters of the subject scanned last,
				 * or SIZE_MAX: not yet (see rules_cps()) */
	struct abytes bytes;	/* the ASCII bytes of the subject of */
	unsigned bytescan;	/* this scan number (see trygroup()) */
	struct occ *occ;	/* rules_scan_line(): every factor found, */
	size_t nocc, occcap;	/* by offset in the line */
	const unsigned char *base;	/* the line, while it is scanned */
	size_t baselen;
	int record;
	struct bounds *bd;	/* the split and break rules (bounds.c) */
	size_t room;		/* bytes each working array of a line (its
				   candidates, boundaries, units) may take;
				   0: no limit. Set before units_of(), */
	int full;		/* which sets this when one would pass it */
};

/*
 * Reads the rule file at path, shown in messages as label. A rule that
 * does not compile ends the program with "label:line: message", status 2.
 */
void rules_load(struct ruleset *rs, const char *path, const char *label);

/* Reads every *.rules file of dir, in name order; returns how many. */
int rules_load_dir(struct ruleset *rs, const char *dir);

/* Builds the groups and the match context; call once, after loading. */
void rules_finish(struct ruleset *rs, unsigned long limit);

void rules_free(struct ruleset *rs);

/*
 * Prints the rules in force, one a line, with the path of their file
 * (a bundled folder's real path; messages and --explain use the shorter
 * label).
 */
void rules_list(const struct ruleset *rs, FILE *fp);

/*
 * Builds the prefilter of rules_scan() (scan.c); rules_finish() calls it,
 * rules_free() the other.
 */
void rules_prefilter(struct ruleset *rs);
void rules_prefilter_free(struct ruleset *rs);

/*
 * The gate of a rule that is not anchored: an ASCII byte that is not a
 * letter and that every match holds, or -1.
 */
int rules_gate(const struct rule *r);

/* Whether rule r matches only at the start of a subject. */
int rules_anchored(const struct rule *r);

/*
 * Whether a working array of a line, of cap elements of size bytes, may
 * grow twice within rs->room (its first block always may); if not, sets
 * rs->full and returns 0.
 */
int rules_room(struct ruleset *rs, size_t cap, size_t size);

/*
 * Whether r starts "^.*" or "^(?=.{0,N}$).*" ("a paragraph that holds
 * X"): its match starts at the paragraph's start, wherever X is.
 */
int rules_anyprefix(const struct rule *r);

/*
 * Scans s[0..n), valid UTF-8, for the factors of all rules; rules_match()
 * then runs a rule with factors only if one was seen. Call it for each
 * new subject.
 */
void rules_scan(struct ruleset *rs, const char *s, size_t n);

/*
 * rules_scan() of a line that also notes where each factor is, so that
 * rules_scan_part() of a piece of it, s[so..eo), is the scan of that piece
 * without reading it again: its start and length, and the factors wholly
 * inside it. Valid until the next rules_scan_line().
 */
void rules_scan_line(struct ruleset *rs, const char *s, size_t n);

/* The characters of the subject of the last scan. */
size_t rules_cps(struct ruleset *rs);
void rules_scan_part(struct ruleset *rs, const char *s, size_t so,
    size_t eo);

/*
 * The factors of a pattern: a set of literals one of which every subject
 * it matches holds (in the match or where a look-around needs it),
 * ASCII-folded; returns how many (*out is allocated), 0 if none
 * are known.
 */
size_t lits_of(const char *pat, struct lit **out);

/*
 * The prefixes of an anchored pattern ("^...", "(?i)^\s*(?:a|b)..."): a
 * set of literals one of which every match starts with, at the start of
 * the subject or, when *blanks is set, after its white space (\s*).
 * ASCII-folded like factors; returns how many (*out is allocated), 0 if
 * none are known.
 */
size_t prefixes_of(const char *pat, struct lit **out, int *blanks);

/*
 * The same for any pattern that opens with them, in a look-ahead or
 * after look-behinds ("(?=(?:방송|채널)\s*:)", "(?<![가-힣])관련"):
 * literals one of which every match starts with. 0 if none are known.
 */
size_t startlits_of(const char *pat, struct lit **out);

/* Whether the literal l is at u[0..n) (ASCII-folded if l->icase). */
int lit_at(const struct lit *l, const unsigned char *u, size_t n);

/* Whether \s matches the code point cp under PCRE2_UCP. */
int blankcp(uint32_t cp);

/*
 * The characters that can be the first one other than white space that a
 * match of an anchored pattern takes: a subject can match only if its
 * first character other than white space is one of them. Returns 0 if
 * they are not known.
 */
int firstchars(const char *pat, struct cset *c);

/*
 * The characters that the first character of a match of pat (anchored or
 * not) can be, white space included; a look-ahead at the start limits
 * them, one behind does not. Returns 0 if they are not known, or if a
 * match can be empty whatever follows.
 */
int startchars(const char *pat, struct cset *c);
/*
 * For a pattern that opens with one character (a literal, a class, '.'),
 * or with a look-ahead whose alternatives each do: a superset of the
 * characters that follow it in any match, in c; 0 if not known, or if a
 * match may end after that character.
 */
int followchars(const char *pat, struct cset *c);
/*
 * For a pattern "X(?<=PX)..." where P and X are one character each: a
 * superset of the characters P stands for, in c (the character before
 * any match); 0 if the pattern is not of that shape.
 */
int prevchars(const char *pat, struct cset *c);
/*
 * For a pattern "(?<![C])..." where C is a class of characters read
 * exactly (no \d, \w, \s or \p) and the rest one sequence: the
 * characters of C, in c, which the character before a match, where
 * there is one, is not; 0 if the pattern is not of that shape.
 */
int notprevchars(const char *pat, struct cset *c);

/*
 * Reads a class into c (as loosely as followchars() does), ps->p just
 * after its '['.
 */
struct parser;
void cset_class(struct parser *ps, struct cset *c);

/* What pat needs of a subject's ASCII bytes (see need.c). */
void need_of(const char *pat, struct need *nd);

/*
 * What a match of one of several patterns needs: nd (set to t when
 * first) becomes what t or nd needs.
 */
void need_either(struct need *nd, const struct need *t, int first);

/*
 * Whether nd needs an ASCII letter: text in other scripts seldom meets
 * it, so rules.c groups such rules apart from the others.
 */
int need_letters(const struct need *nd);

/* Whether nd needs anything. */
static inline int
need_any(const struct need *nd)
{
	return nd->n > 0 || nd->haswhole;
}

/* The ASCII bytes of s[0..n). */
void need_bytes(const char *s, size_t n, struct abytes *a);

/* Whether a subject of ASCII bytes a meets nd. */
static inline int
need_met(const struct need *nd, const struct abytes *a)
{
	size_t i;

	for (i = 0; i < nd->n; i++)
		if (!((nd->set[i].b[0] & a->b[0]) |
		    (nd->set[i].b[1] & a->b[1])))
			return 0;
	return !nd->haswhole || !((a->b[0] & ~nd->whole.b[0]) |
	    (a->b[1] & ~nd->whole.b[1]));
}

/* Whether c holds a code point of lo..hi (or may: \d and \w say yes). */
int cset_meets(const struct cset *c, uint32_t lo, uint32_t hi);
int cset_has(const struct cset *c, uint32_t cp);
void cset_free(struct cset *c);

/*
 * Finds a match of any rule of action act in s[0..n) at or after offset
 * start: for strip, split and break the leftmost, for the others the
 * earliest rule that matches. s must be valid UTF-8 and the subject of the
 * last rules_scan(). Returns 1 with *h set, 0 if none.
 * A rule that hits the match limit is reported once (naming where) and
 * counts as not matching.
 */
int rules_match(struct ruleset *rs, int act, const char *s, size_t n,
    size_t start, struct hit *h, const char *where, unsigned long long line);

/*
 * A unit of a line (see units.c): s[so..eo), after the separator
 * s[sep..so); brk if a break rule (rule) ends the unit before, so that
 * the two are separate paragraphs.
 */
struct unit {
	size_t sep, so, eo;
	int brk;
	size_t rule;		/* the split or break rule before, or SIZE_MAX */
};

struct bound {
	size_t at;
	int brk;
	size_t rule;
};

/* The units of the last line cut, and room for its boundaries. */
struct cutter {
	struct unit *u;
	size_t n, cap;
	struct bound *b;
	size_t bcap;
};

/*
 * Cuts s[0..n), valid UTF-8, into units by the split and break rules of
 * rs, and at the nextra boundaries extra[] known otherwise; returns how
 * many (at least one), in c->u. Where rs has split or break rules it
 * calls rules_scan_line() on the whole line first.
 */
size_t units_of(struct ruleset *rs, struct cutter *c, const char *s, size_t n,
    const struct bound *extra, size_t nextra, const char *where,
    unsigned long long line);
void units_free(struct cutter *c);

/*
 * The white space that separates units: the bytes of ASCII white space
 * (space, tab, CR), U+00A0 or U+3000 that start at s[i] of s[0..n), or 0.
 */
size_t unit_space(const char *s, size_t n, size_t i);

/*
 * rules_match() with PCRE2 match options: PCRE2_NOTEMPTY_ATSTART finds
 * what else matches after an empty match at start, as a global search
 * must.
 */
int rules_match_opts(struct ruleset *rs, int act, const char *s, size_t n,
    size_t start, uint32_t opts, struct hit *h, const char *where,
    unsigned long long line);

/*
 * The pattern of rule i, compiled with JIT the first time it is asked
 * for: most inputs meet few rules.
 */
pcre2_code *rules_code(struct ruleset *rs, size_t i);

/*
 * Whether rule r cannot be one alternative of a larger pattern (it refers
 * to groups, starts with verbs or options, may turn on extended mode).
 */
int rules_alone(const struct rule *r);

/*
 * Whether rule i may match the subject of the last rules_scan(): it has
 * no factors, or one was seen.
 */
static inline int
rules_may(const struct ruleset *rs, size_t i)
{
	return !rs->r[i].factored || rs->seen[i] == rs->scan;
}

/*
 * Whether rc, what PCRE2 returned for rule i, says a limit stopped the
 * match; the first time for a rule, a warning names it and where.
 */
int rules_limit(struct ruleset *rs, size_t i, int rc, const char *where,
    unsigned long long line);

/*
 * The split and break rules, made ready for the search of bounds_find():
 * built by rules_finish(), freed by rules_free().
 */
struct bounds *bounds_new(struct ruleset *rs);
void bounds_free(struct bounds *bd);

/*
 * Appends to b[0..*nb) (room *cap, grown as needed) a boundary for every
 * match of the global search of the break rules in s[0..n), the line of
 * the last rules_scan_line() (the places of its factors tell where the
 * prefixed rules may start), then of the split rules: the end of each
 * match.
 */
void bounds_find(struct ruleset *rs, const char *s, size_t n,
    struct bound **b, size_t *nb, size_t *cap, const char *where,
    unsigned long long line);

/* Characters in valid UTF-8 s[0..n): the bytes that are not 10xxxxxx. */
size_t cpcount(const char *s, size_t n);

extern const char *const act_names[NACT];

#endif
