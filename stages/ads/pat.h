/*
 * pat.h: a reader of PCRE2 patterns, far enough for what rinse-ads's
 * prefilter needs to know of a rule (lit.c: its literals; first.c: the
 * characters its matches start with). Internal to rinse-ads.
 */
#ifndef RINSE_ADS_PAT_H
#define RINSE_ADS_PAT_H

#include <stddef.h>
#include <stdint.h>

struct parser {
	const char *p, *end;
	int caseless;	/* an (?i) was seen: factors are ASCII-folded */
	int bad;	/* something not understood: give up */
	int exact;	/* first characters: white space counts, and a
			 * look-ahead limits the character it stands at */
	int loose;	/* a superset will do (followchars()): a negated
			 * class or \p{L}, \p{Lu}, \p{Ll} holds every
			 * character from U+0080 on */
};

/*
 * A quantifier at ps->p if there is one: its minimum, or -1 when there is
 * none (a '{' that is not one is a literal).
 */
long pat_quant(struct parser *ps);

/* Skips a character class; ps->p is just after '['. */
void pat_skipclass(struct parser *ps);

/*
 * One literal character at ps->p: its bytes go to out (up to 4), and the
 * return is 1; 0 if the atom there is not a literal (it is skipped).
 */
int pat_literal(struct parser *ps, char out[8], size_t *n);

/*
 * The other case of a letter outside ASCII whose two cases are all that
 * PCRE2 folds together (circled and fullwidth Latin letters), or 0.
 */
uint32_t pat_pairedcase(uint32_t cp);

/* Whether a character has other cases (or folds with one). */
int pat_cased(uint32_t cp);

/*
 * Reads what opens a group, ps->p at its "(": -1 for a group not followed
 * (ps->bad set), 0 for one with nothing to read ("(?i)", a comment), 1
 * with ps->p at its contents and *look set for a look-around. With full,
 * named groups and options are read too.
 */
int pat_group(struct parser *ps, int *look, int full);

/*
 * The opening of an anchored pattern: an optional (?i), then '^'. Sets
 * up ps's flags and returns what follows the '^', or NULL.
 */
const char *pat_anchored(const char *pat, struct parser *ps);

#endif
