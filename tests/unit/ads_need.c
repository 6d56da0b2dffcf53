/*
 * ads_need.c: what need.c reads of a pattern never keeps it from a
 * subject it matches (PCRE2 is asked), and it does keep a rule from the
 * subjects the needs were made for: a line of story without the bytes a
 * rule of furniture needs, or with bytes its whole match cannot take.
 * Then the same of random patterns of the pieces that are easy to get
 * wrong (case, UCP classes, look-arounds with quantifiers after them) on
 * random subjects, for need.c and for first.c's start and follow sets.
 */
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>

#include "check.h"
#include "../../stages/ads/pat.c"
#include "../../stages/ads/first.c"
#include "../../stages/ads/need.c"

static pcre2_match_data *md;
static pcre2_match_context *mctx;
static unsigned long long seed = 88172645463325252ull;

static unsigned
rnd(unsigned n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (unsigned)(seed % n);
}

/* A random pattern of pieces into p (cap bytes), depth groups deep. */
static void
randpat(char *p, size_t cap, int depth)
{
	static const char *const atoms[] = {
		"a", "b", "K", "k", "s", "\\.", ".", "\\d", "\\s", "\\w",
		"\\D", "[a-c]", "[^a]", "[^\\d#]", "[가-힣]", "가", "ⓒ",
		"\xE2\x84\xAA", "(?i)", "x", "-", " ", "\\b", "^", "$", "é",
		"[0-9]", "\\p{L}", "[\\s\\d]", "\\x{212A}", "(?=a)", "(?!b)",
		"(?<=c)", "(?<![가이])", "(?i:a)", "[kK]", "(?i)[ks]", "[^\\w]",
		"[가-힣](?<![가이])", "(?=[가ⓒ]\\s*a|[a-c]x)"
	};
	static const char *const quants[] = {
		"", "", "", "*", "+", "?", "{2}", "{0,2}", "+?", "*+"
	};
	int i, k = 1 + (int)rnd(4);

	for (i = 0; i < k && strlen(p) + 48 < cap; i++) {
		if (rnd(10) < 2 && depth < 3) {
			strcat(p, rnd(3) ? "(?:" : rnd(2) ? "(?=" : "(");
			randpat(p, cap, depth + 1);
			if (rnd(3) == 0) {
				strcat(p, "|");
				randpat(p, cap, depth + 1);
			}
			strcat(p, ")");
		} else
			strcat(p, atoms[rnd(sizeof(atoms) / sizeof(atoms[0]))]);
		strcat(p, quants[rnd(sizeof(quants) / sizeof(quants[0]))]);
	}
}

/*
 * Where pat matches the subject s, its needs are met, the match starts
 * with a character of its start set and goes on with one of its follow
 * set (when they are known).
 */
static void
agrees(const char *pat, const pcre2_code *re, const char *s,
    const struct need *nd, int sk, struct cset *sc, int fk, struct cset *fc)
{
	size_t n = strlen(s), so, k = 0;
	struct abytes a;
	uint32_t cp = 0;

	if (pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, mctx) < 0)
		return;
	so = pcre2_get_ovector_pointer(md)[0];
	need_bytes(s, n, &a);
	if (so < n)
		k = utf8_decode((const unsigned char *)s + so, n - so, &cp);
	if (!need_met(nd, &a) || (sk && (so >= n || !cset_has(sc, cp))) ||
	    (fk && (so + k >= n || (utf8_decode((const unsigned char *)s +
	    so + k, n - so - k, &cp), !cset_has(fc, cp))))) {
		fprintf(stderr, "%s on \"%s\": needs or first characters "
		    "wrong\n", pat, s);
		check_failed++;
	}
}

static void
randomized(long iters)
{
	static const char *const chars[] = {
		"a", "b", "K", "k", "\xE2\x84\xAA", "\xC5\xBF", "s", ".", "1",
		"\xEF\xBC\x91", " ", "\xE3\x80\x80", "가", "이", "ⓒ", "Ⓒ",
		"é", "É", "x", "-", "c", "#", "\t"
	};
	long it;
	int t, q, err, sk, fk;

	for (it = 0; it < iters; it++) {
		char pat[512] = "", s[128];
		struct need nd;
		struct cset sc, fc;
		pcre2_code *re;
		PCRE2_SIZE off;

		if (rnd(3) == 0)
			strcpy(pat, "^");
		randpat(pat, sizeof(pat), 0);
		if (rnd(4) == 0) {
			strcat(pat, "|");
			randpat(pat, sizeof(pat), 1);
		}
		if (rnd(3) == 0)
			strcat(pat, "$");
		re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
		if (re == NULL)
			continue;
		need_of(pat, &nd);
		sk = startchars(pat, &sc);
		fk = followchars(pat, &fc);
		for (t = 0; t < 30; t++) {
			s[0] = '\0';
			for (q = (int)rnd(8); q > 0; q--)
				strcat(s, chars[rnd(sizeof(chars) /
				    sizeof(chars[0]))]);
			agrees(pat, re, s, &nd, sk, &sc, fk, &fc);
		}
		if (sk)
			cset_free(&sc);
		if (fk)
			cset_free(&fc);
		pcre2_code_free(re);
	}
}

/* Whether pat matches s, as rinse-ads compiles it. */
static int
matches(const char *pat, const char *s)
{
	pcre2_code *re;
	PCRE2_SIZE off;
	int err, rc;

	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	if (re == NULL) {
		fprintf(stderr, "does not compile: %s\n", pat);
		check_failed++;
		return 0;
	}
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_code_free(re);
	return rc >= 0;
}

/* Whether s meets what pat needs. */
static int
met(const char *pat, const char *s)
{
	struct need nd;
	struct abytes a;

	need_of(pat, &nd);
	need_bytes(s, strlen(s), &a);
	return need_met(&nd, &a);
}

/* pat matches s, and its needs let it run there. */
static void
sound(const char *pat, const char *s)
{
	if (!matches(pat, s)) {
		fprintf(stderr, "%s does not match %s\n", pat, s);
		check_failed++;
	}
	if (!met(pat, s)) {
		fprintf(stderr, "needs of %s kept it from %s\n", pat, s);
		check_failed++;
	}
}

static int
needsnothing(const char *pat)
{
	struct need nd;

	need_of(pat, &nd);
	return !need_any(&nd);
}

int
main(void)
{
	static const char *const attach =
	    "(?i)^[^.]+\\.(?:pdf|hwp)\\s*\\d+\\s*(?:KB|MB)\\s*$";
	static const char *const bylines =
	    "^\\s*(?:[가-힣]{2,4}\\s*기자\\s*[,·]?\\s*)+$";
	char buf[64];
	size_t i;

	md = pcre2_match_data_create(1, NULL);
	mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mctx, 10000);

	/* what PCRE2 folds or reads wider than ASCII */
	sound("(?i)^k$", "\xE2\x84\xAA");
	sound("(?i)^\\x{212A}$", "k");
	sound("(?i)^\xE2\x84\xAA$", "K");
	sound("(?i)s", "\xC5\xBF");
	sound("^\\d+$", "\xEF\xBC\x91\xEF\xBC\x92");
	sound("^\\w+$", "\xED\x95\x9C");
	sound("^\\s$", "\xE3\x80\x80");
	sound("^a$", "a\n");
	sound("^[^\\sx\\d]+$", "ab-");
	sound("^[^#]+$", "a1 b");
	sound("(?=.*@)^\\S+$", "a@b");
	sound("(?!abc)x", "abcx");
	sound("(?<=a)b", "ab");
	sound("^a|b$", "a.");
	sound("^(?:a|b)+$", "abba");
	sound("^[a-c]{0}x$", "x");
	sound("^x?y\\.?$", "y");
	sound("\\bfoo\\b", "a foo.");
	sound(attach, "보고서.pdf 12KB");
	sound(attach, "계획안.HWP 35 Kb");
	sound(bylines, "김가람 기자, 이나래 기자");

	/* needs that hold back a rule from story */
	CHECK(!met(attach, "다음 달부터 시행된다."));
	CHECK(!met(attach, "3.5% 오른 2,450원에 마감했다."));
	CHECK(!met(bylines, "김가람 기자는 3일 이렇게 말했다."));
	CHECK(!met("\\(\\s*(?:AP|AFP)\\s+(?:Photo|Video)\\s*\\)",
	    "(서울=한빛통신) 김가람 기자 = 정부는"));
	CHECK(met(bylines, "김가람 기자"));
	/* text in Latin script does not run a rule that needs Hangul */
	CHECK(!met("(?:입력|수정)\\s*\\d", "Updated 3 hours ago"));
	CHECK(!met("^\\s*[가-힣]{2,4}\\s*기자$", "Jane Doe"));
	CHECK(met("(?:입력|수정)\\s*\\d", "입력 3"));
	CHECK(!met("(?:—|–|--)\\s+", "A plain sentence, no dash."));
	sound("(?:—|–|--)\\s+", "WASHINGTON — The");

	/*
	 * first.c reads a caseless circled or fullwidth letter as its two
	 * cases: PCRE2 folds nothing else with them (every other BMP
	 * character is tried).
	 */
	for (i = 0; i < 6; i++) {
		static const uint32_t cps[] = { 0x24B8, 0x24D2, 0xFF23, 0xFF43,
		    0x24CF, 0xFF5A };
		char pat[16], sub[8];
		size_t k, n, found = 0;
		uint32_t x;
		pcre2_code *re;
		PCRE2_SIZE off;
		int err;

		memcpy(pat, "(?i)^", 5);
		k = 5 + utf8_encode(cps[i], (unsigned char *)pat + 5);
		memcpy(pat + k, "$", 2);
		re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
		    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
		CHECK(re != NULL && pcre2_jit_compile(re,
		    PCRE2_JIT_COMPLETE) == 0);
		for (x = 0; re != NULL && x < 0x10000; x++) {
			if (x >= 0xD800 && x < 0xE000)
				continue;
			n = utf8_encode(x, (unsigned char *)sub);
			if (pcre2_match(re, (PCRE2_SPTR)sub, n, 0, 0, md,
			    NULL) < 0)
				continue;
			found++;
			CHECK(x == cps[i] || x == pat_pairedcase(cps[i]));
		}
		CHECK(found == 2);
		pcre2_code_free(re);
	}
	CHECK(pat_pairedcase(0x03C3) == 0);	/* σ: ς and Σ fold too */

	/* the portable lowest bit, against a shift */
	for (i = 0; i < 64; i++) {
		uint64_t x = (uint64_t)1 << i;

		CHECK(lowbit64_portable(x) == i);
		CHECK(lowbit64_portable(x | (uint64_t)1 << 63) == i);
		CHECK(lowbit64(x | (uint64_t)1 << 63) == i);
	}
	/* the portable highest bit, against a shift */
	for (i = 0; i < 64; i++) {
		uint64_t x = (uint64_t)1 << i;

		CHECK(highbit64_portable(x) == i);
		CHECK(highbit64_portable(x | 1) == i);
		CHECK(highbit64_portable(x | (x - 1)) == i);
		CHECK(highbit64(x | 1) == i);
	}

	/* what is not read needs nothing */
	CHECK(needsnothing("(?P<x>a)(?P=x)"));
	CHECK(needsnothing("\\Qa.b\\E"));
	CHECK(needsnothing("(a)\\1"));
	CHECK(needsnothing("(?x) a b"));
	CHECK(needsnothing("(*UTF)ab"));
	CHECK(needsnothing("[[:alpha:]]x"));
	CHECK(needsnothing("\\D+"));
	CHECK(needsnothing("(?:ab)?c*"));

	/* an ASCII byte anywhere: in a word of eight or in the tail */
	for (i = 0; i < 40; i++) {
		struct abytes a;

		memset(buf, 'x', sizeof(buf));
		memcpy(buf, "\xED\x95\x9C\xED\x95\x9C\xED\x95\x9C\xED\x95"
		    "\x9C\xED\x95\x9C\xED\x95\x9C", 18);
		buf[i] = '#';
		need_bytes(buf, 41, &a);
		/* '#' and 'x', and bit 0 for the Hangul around them */
		CHECK(a.b[0] == ((uint64_t)1 << '#' | 1));
		CHECK(a.b[1] == (uint64_t)1 << ('x' - 64));
	}
	randomized(20000);
	pcre2_match_context_free(mctx);
	pcre2_match_data_free(md);
	return check_failed != 0;
}
