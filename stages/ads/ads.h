/*
 * ads.h: the rule sets of rinse-ads.
 *
 * A rule is an action and a PCRE2 pattern, read from a rule file. All
 * rules are compiled, checked and grouped before any input is read. Rules
 * of one action are combined into few alternations ("groups") so that the
 * cost of a paragraph grows with the number of groups, not of rules:
 * anchored patterns share one group that runs at offset 0 only, floating
 * patterns are grouped by a byte every match must contain (PCRE2's own
 * first or required code unit), and a group runs only when the paragraph
 * holds that byte. Which rule of a group matched is worked out only after
 * a group matched, by trying its rules one by one at the match position.
 */
#ifndef RINSE_ADS_H
#define RINSE_ADS_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum act { A_KEEP, A_DROP, A_CUT, A_STRIP, NACT };

/* A factor: a literal every match of rule holds one of (see lit.c). */
struct lit {
	char *s;		/* folded to lower case if icase */
	size_t len;
	size_t rule;
	int icase;		/* compare ASCII letters without case */
};

/* A key of the scan: the first three (or six) bytes of a factor. */
struct litkey {
	uint64_t key;
	size_t lit;
};

struct littab {
	struct litkey *k;	/* sorted by key */
	size_t n;
	size_t *slot;		/* open addressing: first index in k + 1 */
	size_t nslot;
	uint64_t bloom[1024];	/* hashes of the keys */
	uint64_t sketch[1024];	/* tri() of the keys' first three bytes */
};

struct rule {
	int act;
	const char *origin;	/* file label, owned by the rule set */
	unsigned long line;
	char *pat;		/* the pattern text as written */
	pcre2_code *re;
	int limited;		/* hit the match limit; reported once */
	int factored;		/* runs only where a factor was seen */
	size_t maxcps;		/* ^(?=.{0,N}$): longest subject, or 0 */
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
	int jit;		/* compiled with JIT */
	size_t maxcps;		/* longest subject any rule can match, or 0 */
	int hasfirst;		/* runs only on subjects starting with */
	unsigned char first[32];	/* one of these bytes */
};

struct ruleset {
	struct rule *r;
	size_t n, cap;
	char **origins;		/* labels of the files read */
	size_t norigins;
	struct group *g[NACT];	/* the groups without factors first */
	size_t ng[NACT];
	size_t nplain[NACT];	/* how many groups have no factors */
	pcre2_match_data *md;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jst;
	unsigned long long limits;	/* matches stopped by the limit */

	/*
	 * The prefilter: every factor, keyed by its first six bytes (t6) or,
	 * if shorter, three (t3), in each case variant if caseless; each
	 * table has in front a bitmap of a sketch of the keys' first three
	 * bytes.
	 */
	struct lit *lits;
	size_t nlits;
	struct littab t3, t6;
	uint64_t sketch[1024];	/* both tables' sketches */
	unsigned *seen;		/* per rule: scan number it was seen in */
	unsigned scan;
	size_t *hits;		/* the rules seen in this scan */
	size_t nhits;
	size_t cps;		/* characters of the subject scanned last */
};

/* Where a match of an action was found, and by which rule. */
struct hit {
	size_t so, eo;
	size_t rule;
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

/* Prints the rules in force, one a line, with their origin. */
void rules_list(const struct ruleset *rs, FILE *fp);

/*
 * Scans s[0..n), valid UTF-8, for the factors of all rules; rules_match()
 * then runs a rule with factors only if one was seen. Call it for each
 * new subject.
 */
void rules_scan(struct ruleset *rs, const char *s, size_t n);

/*
 * The factors of a pattern: a set of literals one of which every match
 * holds, ASCII-folded; returns how many (*out is allocated), 0 if none
 * are known.
 */
size_t lits_of(const char *pat, struct lit **out);

/*
 * Finds the leftmost match of any rule of action act in s[0..n) at or after
 * offset start. s must be valid UTF-8. Returns 1 with *h set, 0 if none.
 * A rule that hits the match limit is reported once (naming where) and
 * counts as not matching.
 */
int rules_match(struct ruleset *rs, int act, const char *s, size_t n,
    size_t start, struct hit *h, const char *where, unsigned long long line);

extern const char *const act_names[NACT];

#endif
