/*
 * ads_lit.c: the literal prefilter of rinse-ads must never promise a
 * literal that a match can lack, a prefix a match can start without, or a
 * first character a match can start with another; it may give up when
 * unsure.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "../../stages/ads/pat.c"
#include "../../stages/ads/lit.c"
#include "../../stages/ads/first.c"

/* Frees the k literals at v. */
static void
lits_free(struct lit *v, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		free(v[i].s);
	free(v);
}

/*
 * Whether the k literals at v are exactly the n strings in want (any
 * order); frees them.
 */
static int
same_lits(struct lit *v, size_t k, const char *const *want, size_t n)
{
	size_t i, j;
	int ok = k == n;

	for (i = 0; ok && i < n; i++) {
		for (j = 0; j < k; j++)
			if (v[j].len == strlen(want[i]) &&
			    memcmp(v[j].s, want[i], v[j].len) == 0)
				break;
		ok = j < k;
	}
	lits_free(v, k);
	return ok;
}

/* Whether pat's factors are exactly the n strings in want (any order). */
static int
lits_are(const char *pat, const char *const *want, size_t n)
{
	struct lit *v = NULL;
	size_t k = lits_of(pat, &v);

	return same_lits(v, k, want, n);
}

/* Whether pat's prefixes are exactly want (any order), after blanks. */
static int
prefixes_are(const char *pat, const char *const *want, size_t n, int blanks)
{
	struct lit *v = NULL;
	int b = -1;
	size_t k = prefixes_of(pat, &v, &b);

	return same_lits(v, k, want, n) && b == blanks;
}

/* Whether the literals any match of pat starts with are exactly want. */
static int
starts_are(const char *pat, const char *const *want, size_t n)
{
	struct lit *v = NULL;
	size_t k = startlits_of(pat, &v);

	return same_lits(v, k, want, n);
}

static int
nostarts(const char *pat)
{
	struct lit *v = NULL;
	size_t k = startlits_of(pat, &v);

	lits_free(v, k);
	return k == 0;
}

static int
noprefix(const char *pat)
{
	struct lit *v = NULL;
	int b;
	size_t k = prefixes_of(pat, &v, &b);

	lits_free(v, k);
	return k == 0;
}

/* Whether pat's first characters hold all of in and none of out. */
static int
firsts_are(const char *pat, const uint32_t *in, const uint32_t *out)
{
	struct cset c;
	int ok;

	if (!firstchars(pat, &c))
		return 0;
	for (ok = 1; *in != 0; in++)
		ok &= cset_has(&c, *in);
	for (; *out != 0; out++)
		ok &= !cset_has(&c, *out);
	cset_free(&c);
	return ok;
}

/* Whether read (firstchars(), notprevchars()) gives no set for pat. */
static int
refused(int (*read)(const char *, struct cset *), const char *pat)
{
	struct cset c;

	if (!read(pat, &c))
		return 1;
	cset_free(&c);
	return 0;
}

static int
none(const char *pat)
{
	struct lit *v = NULL;
	size_t k = lits_of(pat, &v);

	lits_free(v, k);
	return k == 0;
}

/* Whether every character of the UTF-8 string s is (in) in the set c. */
static int
all_in(const struct cset *c, const char *s, int in)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, n = strlen(s);
	uint32_t cp;

	while (i < n) {
		i += utf8_decode(u + i, n - i, &cp);
		if (cset_has(c, cp) != in)
			return 0;
	}
	return 1;
}

/*
 * Whether pat's follow set holds the characters of in and none of out,
 * and (when pin is not NULL) its previous set holds pin and not pout.
 */
static int
around_is(const char *pat, const char *in, const char *out,
    const char *pin, const char *pout)
{
	struct cset c;
	int ok;

	if (!followchars(pat, &c))
		return 0;
	ok = all_in(&c, in, 1) && all_in(&c, out, 0);
	cset_free(&c);
	if (pin == NULL)
		return ok;
	if (!prevchars(pat, &c))
		return 0;
	ok = ok && all_in(&c, pin, 1) && all_in(&c, pout, 0);
	cset_free(&c);
	return ok;
}

/*
 * Whether pat's negated look-behind at the start rules out the
 * characters of in and none of out.
 */
static int
notprev_is(const char *pat, const char *in, const char *out)
{
	struct cset c;
	int ok;

	if (!notprevchars(pat, &c))
		return 0;
	ok = all_in(&c, in, 1) && all_in(&c, out, 0);
	cset_free(&c);
	return ok;
}

static int
nofollow(const char *pat)
{
	struct cset c;

	return !followchars(pat, &c);
}

static int
noprev(const char *pat)
{
	struct cset c;

	return !prevchars(pat, &c);
}

int
main(void)
{
	static const char *const a[] = { "무단" };
	static const char *const b[] = { "관련기사", "많이 본" };
	static const char *const c[] = { "advert", "promoted" };
	/* s and k also match U+017F and U+212A without case */
	static const char *const ks[] = { "sky", "\xC5\xBFky",
	    "s\xE2\x84\xAAy", "\xC5\xBF\xE2\x84\xAAy" };
	static const char *const d[] = { "abc" };
	static const char *const e[] = { "ab" "\xC3\xA9" };

	CHECK(lits_are("무단\\s*(?:전재|복제)", a, 1));
	CHECK(lits_are("^(?:관련기사|많이 본)\\s*$", b, 2));
	/* caseless: folded to lower case */
	CHECK(lits_are("(?i)^(?:ADVERT|Promoted)$", c, 2));
	CHECK(lits_are("(?i)SKY", ks, 4));
	CHECK(lits_are("sky", ks, 1));
	/* an optional character ends a literal; a + keeps one */
	CHECK(lits_are("abcd?e", d, 1));
	CHECK(lits_are("x+abc", d, 1));
	CHECK(lits_are("ab\\x{e9}", e, 1));
	/* alternatives with one branch unknown or short: nothing */
	CHECK(none("abc|\\d+"));
	CHECK(none("abc|ab"));
	/* optional groups, negative lookarounds, classes give nothing */
	CHECK(none("(?:abc)?x"));
	CHECK(none("(?!abc)x"));
	CHECK(none("(?<!abc)x"));
	CHECK(none("[abc]+"));
	/* what a positive lookaround needs, the subject holds */
	CHECK(lits_are("(?=abc)x", d, 1));
	CHECK(lits_are("x(?<=abc)", d, 1));
	/* extended mode, quoting and verbs are not understood: nothing */
	CHECK(none("(?x) abc # comment"));
	CHECK(none("\\Qabc\\E"));
	CHECK(none("(*UCP)abc"));
	/* caseless with a cased non-ASCII letter: nothing */
	CHECK(none("(?i)caf\\x{e9}s"));
	/* an escaped metacharacter is a literal */
	CHECK(lits_are("a\\.bc", (const char *const[]){ "a.bc" }, 1));

	/* prefixes: what an anchored match starts with */
	CHECK(prefixes_are("^관련\\s*자료", (const char *const[]){ "관련" },
	    1, 0));
	CHECK(prefixes_are("(?i)^\\s*(?:Print this|AD)\\s*$",
	    (const char *const[]){ "print this", "print thi\xC5\xBF",
	    "ad" }, 3, 1));
	CHECK(prefixes_are("^(?=.{0,80}$)\\s*(?:이\\s*기사|추천해요?)",
	    (const char *const[]){ "이", "추천해" }, 2, 1));
	/* a blank first could be given back by \s*; not anchored; empty */
	CHECK(noprefix("^\\s*(?: x|y)"));
	CHECK(noprefix("^abc|def"));
	CHECK(noprefix("^\\s*[ab]c"));
	CHECK(noprefix("^(?:abc)?"));
	CHECK(noprefix("^(?:abc)?\\s*x"));
	/* a group that may be left out: it or what follows */
	CHECK(prefixes_are("^(?:abc)?x", (const char *const[]){ "abc", "x" },
	    2, 0));
	CHECK(prefixes_are("^(?:abc)*(?:de|fg)h",
	    (const char *const[]){ "abc", "de", "fg" }, 3, 0));

	/* what any match starts with, after look-behinds, in a look-ahead */
	CHECK(starts_are("(?<![가-힣])(?:관련|실시간)\\s*뉴스",
	    (const char *const[]){ "관련", "실시간" }, 2));
	CHECK(starts_are("(?=(?:기사\\s*)?(?:입력|송고)\\s*:)(?<=x)",
	    (const char *const[]){ "기사", "입력", "송고" }, 3));
	CHECK(starts_are("(?i:all\\s+rights)",
	    (const char *const[]){ "all" }, 1));
	CHECK(starts_are("(?=당신의\\s*제보|여러분의\\s*제보)(?<=\\S)",
	    (const char *const[]){ "당신의", "여러분의" }, 2));
	CHECK(starts_are("(?:(?:공유\\s*하기|인쇄)\\s*){2,}(?=\\S)",
	    (const char *const[]){ "공유", "인쇄" }, 2));
	CHECK(starts_are("(?:(?:ab)?cd|ef)g",
	    (const char *const[]){ "ab", "cd", "ef" }, 3));
	CHECK(nostarts("(?=abc)|x"));
	CHECK(nostarts("(?:(?:ab)?|cd)e"));
	CHECK(starts_are("(?=(?:ab)?c|d)",
	    (const char *const[]){ "ab", "c", "d" }, 3));
	CHECK(nostarts("(?=(?:ab)?|d)"));
	CHECK(nostarts("(?=abc|\\d)x"));
	CHECK(nostarts("(?<=a)b|c"));
	CHECK(nostarts("(?:abc)?"));
	CHECK(nostarts("[ab]c"));

	/* the characters a negated look-behind at the start rules out */
	CHECK(notprev_is("(?<![가-힣A-Z])관련", "가힣AZ", "a7 .(\xE3\x81\x82"));
	CHECK(notprev_is("(?<![가-힣])(?:a|b)c", "가", "a "));
	CHECK(refused(notprevchars, "(?<![가-힣])a|b"));
	CHECK(refused(notprevchars, "(?<!\\w)a"));
	CHECK(refused(notprevchars, "(?<![^a])b"));
	CHECK(refused(notprevchars, "(?<!ab)c"));

	/* first characters other than white space */
	CHECK(firsts_are("^\\s*[\\[(]?\\s*(?:관련|인기)",
	    (const uint32_t[]){ '[', '(', 0xAD00, 0xC778, 0 },
	    (const uint32_t[]){ 0xAC00, 'x', 0 }));
	CHECK(firsts_are("(?i)^\\s*(?:kb|x)",
	    (const uint32_t[]){ 'k', 'K', 0x212A, 'x', 'X', 0 },
	    (const uint32_t[]){ 'b', 0 }));
	CHECK(firsts_are("^[ \\t]*\\d+", (const uint32_t[]){ '7', 0x663, 0 },
	    (const uint32_t[]){ 0xAC00, 'a', 0 }));
	CHECK(firsts_are("^(?:\\s|<)*[가-힣]{2}",
	    (const uint32_t[]){ '<', 0xAC00, 0xD7A3, 0 },
	    (const uint32_t[]){ 'a', 0xD7A4, 0 }));
	/* any character, nothing but blanks, a negated class, a cased
	 * letter without case, alternatives at the top: unknown */
	CHECK(refused(firstchars, "^\\s*.x"));
	CHECK(refused(firstchars, "^\\s*(?:a|)"));
	CHECK(refused(firstchars, "^\\s*\\s+$"));
	CHECK(refused(firstchars, "^[^a]b"));
	CHECK(refused(firstchars, "(?i)^\\x{e9}"));
	CHECK(refused(firstchars, "^a|b"));
	CHECK(refused(firstchars, "a"));

	/* what follows a first character, and what comes before it */
	CHECK(around_is("[.?!](?<=[가-힣][.?!])(?=[^\\s.,\"])",
	    "A가\xE2\x80\x9C", " .,\"", "가", "7 a"));
	CHECK(around_is("[.!?](?<=\\p{Ll}[.!?])[\"')]*(?=\\s)",
	    " \")", "xA", "a\xC3\xA9", "A7 "));
	/* a syllable but those the look-behind names */
	CHECK(around_is("[\"”](?=[가-힣](?<![고며]))(?<=[가-힣0-9][\"”])",
	    "가힣", "고며 A", NULL, NULL));
	CHECK(around_is("x(?=[a-z](?<![b-y]))", "az", "bmy", NULL, NULL));
	/* a look-ahead first: what follows each alternative's first */
	CHECK(around_is("(?=[<\\[(]\\s*저작권자|Copyrights?\\b)(?<!x)",
	    " 저o", "서A1(", NULL, NULL));
	CHECK(nofollow("(?=[▶■]|[<(]\\s*a)"));	/* ▶ may end it */
	CHECK(nofollow("(?=a)b|c"));
	CHECK(nofollow("(?=(?:ab)?c)"));
	CHECK(nofollow("[.?!][\"”]*"));	/* may end after the stop */
	CHECK(nofollow("[.?!]+(?=\\s)"));	/* more than one character */
	CHECK(nofollow("(?=[.?!])."));
	CHECK(nofollow("[.?!](?=\\s)|x"));
	CHECK(noprev("[.?!](?<=(?:ab|c)[.?!])"));
	CHECK(noprev("[.?!](?<!x[.?!])"));
	CHECK(noprev("[.?!](?<=[가-힣][.?!])(?=\\s)|y"));
	return check_failed != 0;
}
