/*
 * ads_lit.c: the literal prefilter of rinse-ads must never promise a
 * literal that a match can lack; it may give up (no factors) when unsure.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../../stages/ads/lit.c"

/* Whether pat's factors are exactly the n strings in want (any order). */
static int
lits_are(const char *pat, const char *const *want, size_t n)
{
	struct lit *v = NULL;
	size_t k = lits_of(pat, &v), i, j;
	int ok = k == n;

	for (i = 0; ok && i < n; i++) {
		for (j = 0; j < k; j++)
			if (v[j].len == strlen(want[i]) &&
			    memcmp(v[j].s, want[i], v[j].len) == 0)
				break;
		ok = j < k;
	}
	for (i = 0; i < k; i++)
		free(v[i].s);
	free(v);
	return ok;
}

static int
none(const char *pat)
{
	struct lit *v = NULL;
	size_t k = lits_of(pat, &v), i;

	for (i = 0; i < k; i++)
		free(v[i].s);
	free(v);
	return k == 0;
}

int
main(void)
{
	static const char *const a[] = { "무단" };
	static const char *const b[] = { "관련기사", "많이 본" };
	static const char *const c[] = { "advertisement", "sponsored" };
	static const char *const d[] = { "abc" };
	static const char *const e[] = { "ab" "\xC3\xA9" };

	CHECK(lits_are("무단\\s*(?:전재|복제)", a, 1));
	CHECK(lits_are("^(?:관련기사|많이 본)\\s*$", b, 2));
	/* caseless: folded to lower case */
	CHECK(lits_are("(?i)^(?:Advertisement|SPONSORED)$", c, 2));
	/* an optional character ends a literal; a + keeps one */
	CHECK(lits_are("abcd?e", d, 1));
	CHECK(lits_are("x+abc", d, 1));
	CHECK(lits_are("ab\\x{e9}", e, 1));
	/* alternatives with one branch unknown or short: nothing */
	CHECK(none("abc|\\d+"));
	CHECK(none("abc|ab"));
	/* optional groups, lookarounds, classes give nothing */
	CHECK(none("(?:abc)?x"));
	CHECK(none("(?=abc)x"));
	CHECK(none("[abc]+"));
	/* extended mode, quoting and verbs are not understood: nothing */
	CHECK(none("(?x) abc # comment"));
	CHECK(none("\\Qabc\\E"));
	CHECK(none("(*UCP)abc"));
	/* caseless with a cased non-ASCII letter: nothing */
	CHECK(none("(?i)caf\\x{e9}s"));
	/* an escaped metacharacter is a literal */
	CHECK(lits_are("a\\.bc", (const char *const[]){ "a.bc" }, 1));
	return check_failed != 0;
}
