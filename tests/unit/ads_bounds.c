/*
 * ads_bounds.c: the one-pass search of the split and break rules
 * (bounds.c) finds the same boundaries as each rule searched for on its
 * own over the whole line, the leftmost match first and the earliest rule
 * among equals. Checked on every line of the samples, the golden inputs
 * and ../shared (when present), and on each of those files glued into one
 * line with nothing and with a space between its lines, the shape the
 * rules are for. And startchars() on patterns of each shape it reads.
 * Run from the top of the tree; without rules/ only the latter is checked.
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

static unsigned long lines, nfound;

/* The reference: action act's rules one by one, a global search. */
static void
naive(struct ruleset *rs, int act, const char *s, size_t n,
    struct bound **b, size_t *nb, size_t *cap)
{
	size_t start = 0, i, best = SIZE_MAX, so = 0, eo = 0;
	uint32_t opts = 0;
	PCRE2_SIZE *ov;

	for (;;) {
		best = SIZE_MAX;
		for (i = 0; i < rs->n; i++) {
			if (rs->r[i].act != act || pcre2_match(rs->r[i].re,
			    (PCRE2_SPTR)s, n, start, opts, rs->md, NULL) < 0)
				continue;
			ov = pcre2_get_ovector_pointer(rs->md);
			if (best == SIZE_MAX || ov[0] < so) {
				best = i;
				so = ov[0];
				eo = ov[1];
			}
		}
		if (best == SIZE_MAX)
			return;
		if (*nb == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*b = realloc(*b, *cap * sizeof(**b));
		}
		(*b)[*nb].at = eo;
		(*b)[*nb].brk = act == A_BREAK;
		(*b)[(*nb)++].rule = best;
		opts = eo == so ? PCRE2_NOTEMPTY_ATSTART : 0;
		start = eo;
		if (start > n)
			return;
	}
}

static void
checkline(struct ruleset *rs, const char *s, size_t n)
{
	struct bound *want = NULL, *got = NULL;
	size_t nw = 0, ng = 0, cw = 0, cg = 0, i;

	if (utf8_valid((const unsigned char *)s, n) != n)
		return;
	lines++;
	naive(rs, A_BREAK, s, n, &want, &nw, &cw);
	naive(rs, A_SPLIT, s, n, &want, &nw, &cw);
	rules_scan_line(rs, s, n);
	bounds_find(rs, s, n, &got, &ng, &cg, "test", lines);
	nfound += nw;
	for (i = 0; i < nw && i < ng; i++)
		if (want[i].at != got[i].at || want[i].rule != got[i].rule ||
		    want[i].brk != got[i].brk)
			break;
	if (i < nw || i < ng) {
		fprintf(stderr, "boundary %zu of %zu/%zu differs (%zu by "
		    "line %lu, %zu by line %lu) on: %.*s\n", i, nw, ng,
		    i < nw ? want[i].at : 0, i < nw ?
		    rs->r[want[i].rule].line : 0, i < ng ? got[i].at : 0,
		    i < ng ? rs->r[got[i].rule].line : 0, (int)(n > 300 ?
		    300 : n), s);
		check_failed++;
	}
	free(want);
	free(got);
}

/* Each line of path, then the whole file glued both ways. */
static void
checkfile(void *arg, const char *path)
{
	struct ruleset *rs = arg;
	FILE *fp = fopen(path, "r");
	char *line = NULL, *glued[2] = { NULL, NULL };
	size_t cap = 0, len[2] = { 0, 0 }, k;
	ssize_t n;

	if (fp == NULL)
		return;
	while ((n = getline(&line, &cap, fp)) > 0) {
		if (line[n - 1] == '\n')
			n--;
		checkline(rs, line, n);
		for (k = 0; k < 2; k++) {
			glued[k] = realloc(glued[k], len[k] + n + 1);
			if (k == 1 && len[k] > 0)
				glued[k][len[k]++] = ' ';
			memcpy(glued[k] + len[k], line, n);
			len[k] += n;
		}
	}
	for (k = 0; k < 2; k++) {
		if (glued[k] != NULL)
			checkline(rs, glued[k], len[k]);
		free(glued[k]);
	}
	free(line);
	fclose(fp);
}

static void
checkdir(struct ruleset *rs, const char *dir, const char *suffix)
{
	each_file(dir, suffix, checkfile, rs);
}

/* Whether startchars(pat) is known and holds exactly the ASCII in yes. */
static int
starts_ascii(const char *pat, const char *yes)
{
	struct cset c;
	unsigned b;
	int ok = 1;

	if (!startchars(pat, &c))
		return 0;
	for (b = 1; b < 0x80; b++)
		if (cset_has(&c, b) != (strchr(yes, (int)b) != NULL))
			ok = 0;
	cset_free(&c);
	return ok;
}

static int
unknown(const char *pat)
{
	struct cset c;

	if (!startchars(pat, &c))
		return 1;
	cset_free(&c);
	return 0;
}

int
main(void)
{
	struct ruleset rs;
	struct cset c;
	DIR *d;

	CHECK(starts_ascii("[.?!](?=x)", ".?!"));
	CHECK(starts_ascii("(?<=[a-z])[.?!]", ".?!"));
	CHECK(starts_ascii("(?<![a-z])(?:ab|cd)", "ac"));
	CHECK(starts_ascii("(?=[<(])(?<!x)", "<("));
	CHECK(starts_ascii("x?(?=y)", "xy"));
	CHECK(starts_ascii("(?=z?)w", "w"));
	CHECK(starts_ascii("(?!q)r", "r"));
	CHECK(starts_ascii("(?i)ab", "aA"));
	CHECK(starts_ascii(" x", " "));
	CHECK(starts_ascii("a|b", "ab"));
	CHECK(startchars("\\s*x", &c) && cset_has(&c, ' ') &&
	    cset_has(&c, 0x3000) && cset_has(&c, 'x') && !cset_has(&c, 'y'));
	cset_free(&c);
	CHECK(startchars("(?=\\x{AC00})", &c) && cset_has(&c, 0xAC00) &&
	    !cset_has(&c, 0xAC01));
	CHECK(cset_meets(&c, 0xAC00, 0xAC3F) && !cset_meets(&c, 0xAC40,
	    0xAC7F));
	cset_free(&c);
	CHECK(unknown("(?<=x)"));	/* empty wherever an x is before */
	CHECK(unknown("a?"));
	CHECK(unknown("a|"));
	CHECK(unknown(".x"));
	CHECK(unknown("\\p{Lu}x"));
	CHECK(unknown("[^a]"));
	memset(&rs, 0, sizeof(rs));
	if ((d = opendir("rules")) == NULL)
		return check_failed != 0;
	closedir(d);
	rules_load_dir(&rs, "rules");
	rules_finish(&rs, 1000000);
	CHECK(rs.bd != NULL);
	checkdir(&rs, "samples", ".txt");
	checkdir(&rs, "tests/ads", ".in");
	checkdir(&rs, "../shared/seeds", ".txt");
	checkdir(&rs, "../shared/ko-dev/raw", ".txt");
	CHECK(lines > 0);
	CHECK(nfound > 0);
	rules_free(&rs);
	return check_failed != 0;
}
