/*
 * ads_prefilter.c: the prefilter of rinse-ads may skip a rule only where
 * the rule cannot match. For every bundled rule and every line of the
 * samples (and of ../shared/seeds when present), a rule that matches the
 * line must either have no literals or have been seen by rules_scan(),
 * start with a byte of its first-byte set if it has one, and be no longer
 * than its ^(?=.{0,N}$) bound, and the line's ASCII bytes must meet what
 * it needs (need.c). The same holds of the pieces of a line
 * scanned from the scan of the line (rules_scan_part()).
 * Run from the top of the tree; without rules/ it checks nothing.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>

#include "check.h"
#include "files.h"
#include "../../stages/ads/pat.c"
#include "../../stages/ads/lit.c"
#include "../../stages/ads/first.c"
#include "../../stages/ads/need.c"
#include "../../stages/ads/rules.c"
#include "../../stages/ads/scan.c"
#include "../../stages/ads/bounds.c"

static unsigned long lines, tried, parts;

/* Rule r matches s[0..n): the ASCII bytes there meet what it needs. */
static void
needs(const struct rule *r, const char *s, size_t n)
{
	struct abytes a;

	need_bytes(s, n, &a);
	if (need_met(&r->need, &a))
		return;
	fprintf(stderr, "%s:%lu: its needs not met on a subject it matches: "
	    "%.*s\n", r->origin, r->line, (int)n, s);
	check_failed++;
}

static void
checkline(struct ruleset *rs, const char *s, size_t n)
{
	size_t i;
	int rc;

	if (utf8_valid((const unsigned char *)s, n) != n)
		return;
	rules_scan(rs, s, n);
	lines++;
	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];

		rc = pcre2_match(r->re, (PCRE2_SPTR)s, n, 0,
		    PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
		if (rc < 0)
			continue;
		tried++;
		if (r->factored && rs->seen[i] != rs->scan) {
			fprintf(stderr, "%s:%lu skipped on a line it matches: "
			    "%.*s\n", r->origin, r->line, (int)n, s);
			check_failed++;
		}
		if (r->hasfirst && (n == 0 || !(r->first[(unsigned char)s[0] >>
		    3] >> ((unsigned char)s[0] & 7) & 1))) {
			fprintf(stderr, "%s:%lu: first byte not in its set: "
			    "%.*s\n", r->origin, r->line, (int)n, s);
			check_failed++;
		}
		if (r->maxcps > 0 && rules_cps(rs) > r->maxcps) {
			fprintf(stderr, "%s:%lu longer than its bound\n",
			    r->origin, r->line);
			check_failed++;
		}
		needs(r, s, n);
	}
}

/*
 * The same of the pieces of a line between its spaces, each scanned by
 * rules_scan_part() after one rules_scan_line() of the line: a rule that
 * matches a piece was seen in it, and its characters were counted.
 */
static void
checkparts(struct ruleset *rs, const char *s, size_t n)
{
	size_t so = 0, eo, i;

	if (utf8_valid((const unsigned char *)s, n) != n)
		return;
	rules_scan_line(rs, s, n);
	CHECK(rules_cps(rs) == cpcount(s, n));	/* counted when asked */
	for (; so < n; so = eo + 1) {
		for (eo = so; eo < n && s[eo] != ' '; eo++)
			;
		rules_scan_part(rs, s, so, eo);
		CHECK(rules_cps(rs) == cpcount(s + so, eo - so));
		for (i = 0; i < rs->n; i++) {
			const struct rule *r = &rs->r[i];

			if (pcre2_match(r->re, (PCRE2_SPTR)s + so, eo - so, 0,
			    PCRE2_NO_UTF_CHECK, rs->md, rs->mctx) < 0)
				continue;
			needs(r, s + so, eo - so);
			if (!r->factored || rs->seen[i] == rs->scan)
				continue;
			fprintf(stderr, "%s:%lu skipped on a piece it matches: "
			    "%.*s\n", r->origin, r->line, (int)(eo - so),
			    s + so);
			check_failed++;
		}
		parts++;
	}
}

static void
checkfile(void *arg, const char *path)
{
	struct ruleset *rs = arg;
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (fp == NULL)
		return;
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		checkline(rs, line, n);
		checkparts(rs, line, n);
	}
	free(line);
	fclose(fp);
}

static void
checkdir(struct ruleset *rs, const char *dir, const char *suffix)
{
	each_file(dir, suffix, checkfile, rs);
}

int
main(void)
{
	static const char *const odd[] = {
		"Advertise\xC5\xBFment", "  \xC5\xBFhare thi\xC5\xBF",
		"\xE3\x80\x80\xEB\x8C\x93\xEA\xB8\x80 3",
		"\xC2\xA0\xE2\x80\x83Related", "\tMORE FROM THE WIRE",
		"Li\xE2\x84\xAA" "e us on Facebook",
		"\xE2\x96\xB6 \xEA\xB5\xAC\xEB\x8F\x85\xED\x95\x98\xEA"
		    "\xB8\xB0",
		"\xEC\xA0\x84\xED\x99\x94 02-123-4567", "Tel. 02-123-4567",
		"(\xEB\x81\x9D)", "AD", " [\xEA\xB4\x91\xEA\xB3\xA0] ",
		"\xE2\x93\x92 2024 Daily", "Copyright \xE2\x92\xB8 2024",
		"Jan. 2, 2024", "\xC5\xBFun, Jan 2, 2024"
	};
	static char big[3 * 2000];
	struct ruleset rs;
	size_t i, want = 0;
	DIR *d;

	/* characters, counted a word at a time, over and under 2040 bytes */
	CHECK(cpcount("", 0) == 0);
	CHECK(cpcount("a\xEA\xB0\x80\xF0\x9F\x98\x80", 8) == 3);
	for (i = 0; i < sizeof(big); i += 3)
		memcpy(big + i, i % 2 ? "\xEA\xB0\x80" : "abc", 3);
	for (i = 0; i < sizeof(big); i++)
		want += (big[i] & 0xC0) != 0x80;
	CHECK(cpcount(big, sizeof(big)) == want);
	CHECK(cpcount(big + 1, sizeof(big) - 7) == want - 5);
	memset(&rs, 0, sizeof(rs));
	if ((d = opendir("rules")) == NULL)
		return 0;
	closedir(d);
	rules_load_dir(&rs, "rules");
	rules_finish(&rs, 1000000);
	/* what the files may lack: white space and letters PCRE2 folds */
	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++)
		checkline(&rs, odd[i], strlen(odd[i]));
	checkdir(&rs, "samples", ".txt");
	checkdir(&rs, "tests/ads", ".in");
	checkdir(&rs, "../shared/seeds", ".txt");
	CHECK(lines > 0);
	CHECK(tried > 0);
	CHECK(parts > lines);
	rules_free(&rs);
	return check_failed != 0;
}
