/*
 * rules.c: reading, compiling, grouping and matching the rules of
 * rinse-ads (see ads.h for the contract); the prefilter that says which
 * may match a subject is in scan.c.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "ads.h"

#define COMPILE_OPTS (PCRE2_UTF | PCRE2_UCP)

const char *const act_names[NACT] = {
	"keep", "drop", "cut", "strip", "split", "break"
};

/*
 * N if the pattern starts "^(?=.{0,N}$)" (optionally after "(?i)"): it
 * cannot match a longer paragraph, which is then not tried at all.
 */
static size_t
maxcps(const char *p)
{
	unsigned long n;
	char *e;

	if (strncmp(p, "(?i)", 4) == 0)
		p += 4;
	if (strncmp(p, "^(?=.{0,", 8) != 0)
		return 0;
	n = strtoul(p + 8, &e, 10);
	return strncmp(e, "}$)", 3) == 0 && n > 0 ? (size_t)n : 0;
}

static void
addrule(struct ruleset *rs, int act, const char *origin, unsigned long line,
    const char *pat, size_t len)
{
	struct rule *r;
	PCRE2_SIZE off;
	int err;

	if (rs->n == rs->cap) {
		rs->cap = rs->cap ? rs->cap * 2 : 64;
		rs->r = xrealloc(rs->r, rs->cap * sizeof(*rs->r));
	}
	r = &rs->r[rs->n];
	memset(r, 0, sizeof(*r));
	r->act = act;
	r->origin = origin;
	r->line = line;
	r->pat = xmalloc(len + 1);
	memcpy(r->pat, pat, len);
	r->pat[len] = '\0';
	r->re = pcre2_compile((PCRE2_SPTR)pat, len, COMPILE_OPTS, &err, &off,
	    NULL);
	if (r->re == NULL) {
		PCRE2_UCHAR msg[256];

		pcre2_get_error_message(err, msg, sizeof(msg));
		dief(RINSE_ERR, "%s:%lu: %s at offset %zu", origin, line,
		    (char *)msg, (size_t)off);
	}
	r->maxcps = maxcps(r->pat);
	need_of(r->pat, &r->need);
	rs->n++;
}

/* Parses one line of a rule file: "ACTION PATTERN", "# comment" or blank. */
static void
parseline(struct ruleset *rs, const char *origin, unsigned long lineno,
    char *s, size_t n)
{
	size_t i = 0, w, k;
	int act;

	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' ||
	    s[n - 1] == '\t'))
		n--;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == n || s[i] == '#')
		return;
	for (w = i; w < n && s[w] != ' ' && s[w] != '\t'; w++)
		;
	for (act = 0; act < NACT; act++) {
		k = strlen(act_names[act]);
		if (w - i == k && memcmp(s + i, act_names[act], k) == 0)
			break;
	}
	if (act == NACT)
		dief(RINSE_ERR, "%s:%lu: unknown action \"%.*s\" (want keep, "
		    "drop, cut, strip, split or break)", origin, lineno,
		    (int)(w - i), s + i);
	while (w < n && (s[w] == ' ' || s[w] == '\t'))
		w++;
	if (w == n)
		dief(RINSE_ERR, "%s:%lu: %s needs a pattern", origin, lineno,
		    act_names[act]);
	addrule(rs, act, origin, lineno, s + w, n - w);
}

static const char *
keeplabel(struct ruleset *rs, const char *label)
{
	rs->origins = xrealloc(rs->origins, (rs->norigins + 1) *
	    sizeof(*rs->origins));
	return rs->origins[rs->norigins++] = xstrdup(label);
}

void
rules_load(struct ruleset *rs, const char *path, const char *label)
{
	FILE *fp;
	char *line = NULL;
	const char *file;
	size_t cap = 0, first;
	ssize_t n;
	unsigned long lineno = 0;

	if ((fp = fopen(path, "r")) == NULL)
		die("%s:", label);
	label = keeplabel(rs, label);
	file = keeplabel(rs, path);
	first = rs->n;
	while ((n = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		if (n > 0 && line[n - 1] == '\n')
			n--;
		if (memchr(line, '\0', n) != NULL)
			dief(RINSE_ERR, "%s:%lu: NUL byte in rule file", label,
			    lineno);
		parseline(rs, label, lineno, line, n);
	}
	if (ferror(fp))
		die("%s: read error:", label);
	for (; first < rs->n; first++)
		rs->r[first].file = file;
	free(line);
	fclose(fp);
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
rules_load_dir(struct ruleset *rs, const char *dir)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, *path, *label, *real = NULL, cwd[4096];
	const char *base;
	size_t n = 0, i, len;

	if ((d = opendir(dir)) == NULL)
		die("%s:", dir);
	/* -l names the folder used, from the root */
	if (dir[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL) {
		real = xmalloc(strlen(cwd) + strlen(dir) + 2);
		sprintf(real, "%s/%s", cwd, dir);
		dir = real;
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len <= 6 || e->d_name[0] == '.' ||
		    strcmp(e->d_name + len - 6, ".rules") != 0)
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), namecmp);
	/* Labels name the folder and the file: "rules/ko-news.rules". */
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	for (base = dir + len; base > dir && base[-1] != '/'; base--)
		;
	for (i = 0; i < n; i++) {
		path = xmalloc(len + strlen(names[i]) + 2);
		sprintf(path, "%.*s/%s", (int)len, dir, names[i]);
		label = xmalloc(strlen(base) + strlen(names[i]) + 2);
		sprintf(label, "%.*s/%s", (int)(dir + len - base), base,
		    names[i]);
		rules_load(rs, path, label);
		free(path);
		free(label);
		free(names[i]);
	}
	free(names);
	free(real);
	return (int)n;
}

/*
 * Whether a pattern must run on its own: it refers to groups by number or
 * name, starts with options or verbs that only work at the very start,
 * quotes to the end with \Q, or may turn on extended mode, whose comments
 * run to the end of the pattern and would swallow the rest of a group.
 */
static int
solo(const struct rule *r)
{
	static const char *const marks[] = {
		"\\Q", "(*", "\\g", "\\k", "(?&", "(?P", "(?R", "(?x", "(?-",
		"(?+", "(?|", "(?C"
	};
	uint32_t refs = 0;
	const char *p;
	size_t i;

	pcre2_pattern_info(r->re, PCRE2_INFO_BACKREFMAX, &refs);
	if (refs > 0)
		return 1;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strstr(r->pat, marks[i]) != NULL)
			return 1;
	for (p = r->pat; (p = strstr(p, "(?")) != NULL; p += 2) {
		if (p[2] >= '0' && p[2] <= '9')
			return 1;
		/* an option setting like (?ix) or (?i-x: */
		for (i = 2; p[i] && strchr("imnsxJU-^", p[i]); i++)
			if (p[i] == 'x')
				return 1;
	}
	return 0;
}

/*
 * The gate of a floating rule: an ASCII byte that is not a letter and
 * that every match holds (no case folding can change it), or -1.
 */
int
rules_gate(const struct rule *r)
{
	uint32_t type = 0, cu = 0;

	pcre2_pattern_info(r->re, PCRE2_INFO_LASTCODETYPE, &type);
	if (type == 1) {
		pcre2_pattern_info(r->re, PCRE2_INFO_LASTCODEUNIT, &cu);
		if (cu > 0 && cu < 0x80 && !((cu | 0x20) >= 'a' &&
		    (cu | 0x20) <= 'z'))
			return (int)cu;
	}
	pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODETYPE, &type);
	if (type == 1) {
		pcre2_pattern_info(r->re, PCRE2_INFO_FIRSTCODEUNIT, &cu);
		if (cu > 0 && cu < 0x80 && !((cu | 0x20) >= 'a' &&
		    (cu | 0x20) <= 'z'))
			return (int)cu;
	}
	return -1;
}

static void
setbit(unsigned char *set, unsigned b)
{
	set[b >> 3] |= 1u << (b & 7);
}

/*
 * The bytes a match of an anchored rule can start with, for patterns of
 * the form [(?i)]^[\s*]REST: PCRE2 knows the first bytes of REST when it
 * is compiled on its own, and \s* adds the first bytes of white space.
 * A paragraph that starts otherwise need not be tried.
 */
static void
firstset(struct rule *r)
{
	static const unsigned char ws[] = {
		' ', '\t', '\n', '\v', '\f', '\r', 0xC2, 0xE1, 0xE2, 0xE3
	};
	const char *p = r->pat;
	const uint8_t *bm = NULL;
	pcre2_code *re;
	PCRE2_SIZE off;
	uint32_t type = 0, cu = 0;
	char *rest;
	int icase = 0, space = 0, err;
	size_t i;

	if (!rules_anchored(r))
		return;
	if (strncmp(p, "(?i)", 4) == 0) {
		icase = 1;
		p += 4;
	}
	if (*p++ != '^')
		return;
	if (strncmp(p, "\\s*", 3) == 0) {
		space = 1;
		p += 3;
	}
	rest = xmalloc(strlen(p) + 5);
	sprintf(rest, "%s%s", icase ? "(?i)" : "", p);
	re = pcre2_compile((PCRE2_SPTR)rest, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	free(rest);
	if (re == NULL)
		return;
	memset(r->first, 0, sizeof(r->first));
	pcre2_pattern_info(re, PCRE2_INFO_FIRSTBITMAP, &bm);
	pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODETYPE, &type);
	if (bm != NULL) {
		memcpy(r->first, bm, 32);
		r->hasfirst = 1;
	} else if (type == 1) {
		/*
		 * PCRE2 may match this unit without case even without (?i)
		 * ("[Bb]y"): take both cases of a letter, and beyond ASCII
		 * only Hangul, which has no case.
		 */
		pcre2_pattern_info(re, PCRE2_INFO_FIRSTCODEUNIT, &cu);
		if (cu < 0x80 || (cu >= 0xEA && cu <= 0xED)) {
			setbit(r->first, cu & 0xFF);
			if ((cu | 0x20) >= 'a' && (cu | 0x20) <= 'z')
				setbit(r->first, cu ^ 0x20);
			r->hasfirst = 1;
		}
	}
	pcre2_code_free(re);
	if (r->hasfirst && space)
		for (i = 0; i < sizeof(ws); i++)
			setbit(r->first, ws[i]);
}

/* 0: no first bytes known; 1: known, no Hangul; 2: known, Hangul too. */
static int
firstclass(const struct rule *r)
{
	unsigned b;

	if (!r->hasfirst)
		return 0;
	for (b = 0xEA; b <= 0xED; b++)
		if (r->first[b >> 3] >> (b & 7) & 1)
			return 2;
	return 1;
}

int
rules_anchored(const struct rule *r)
{
	uint32_t opts = 0;

	pcre2_pattern_info(r->re, PCRE2_INFO_ALLOPTIONS, &opts);
	return (opts & PCRE2_ANCHORED) != 0;
}

int
rules_room(struct ruleset *rs, size_t cap, size_t size)
{
	size_t next = cap ? cap * 2 : 256;

	/* the first block is a few KB whatever the cap: a fixed slack */
	if (rs->room == 0 || cap == 0 || next <= rs->room / size)
		return 1;
	rs->full = 1;
	return 0;
}

int
rules_anyprefix(const struct rule *r)
{
	const char *p = r->pat;

	if (strncmp(p, "(?i)", 4) == 0)
		p += 4;
	if (*p++ != '^')
		return 0;
	if (strncmp(p, "(?=.{0,", 7) == 0 && (p = strstr(p, "}$)")) != NULL)
		p += 3;
	return p != NULL && p[0] == '.' && p[1] == '*';
}

/* Without JIT (an unsupported CPU) the interpreter still works. */
static int
jit(pcre2_code *re)
{
	return pcre2_jit_compile(re, PCRE2_JIT_COMPLETE) == 0;
}

/* Compiles the alternation of the rules in g; NULL if PCRE2 refuses. */
static pcre2_code *
combine(const struct ruleset *rs, const struct group *g)
{
	pcre2_code *re;
	PCRE2_SIZE off;
	size_t i, len = 0;
	char *p, *s;
	int err;

	for (i = 0; i < g->n; i++)
		len += strlen(rs->r[g->idx[i]].pat) + 6;
	s = p = xmalloc(len + 1);
	for (i = 0; i < g->n; i++)
		p += sprintf(p, "%s(?:%s)", i ? "|" : "",
		    rs->r[g->idx[i]].pat);
	re = pcre2_compile((PCRE2_SPTR)s, p - s, COMPILE_OPTS |
	    PCRE2_DUPNAMES, &err, &off, NULL);
	free(s);
	return re;
}

/*
 * Puts the groups of act without factors first, which rules_match() runs
 * on every paragraph, and notes each factored rule's group.
 */
static void
order(struct ruleset *rs, int act)
{
	struct group *v = xmalloc((rs->ng[act] ? rs->ng[act] : 1) *
	    sizeof(*v));
	size_t i, k = 0;
	int pass;

	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < rs->ng[act]; i++)
			if (rs->g[act][i].factored == pass) {
				if (pass)
					rs->r[rs->g[act][i].idx[0]].group = k;
				v[k++] = rs->g[act][i];
			}
	for (i = 0; i < rs->ng[act] && !v[i].factored; i++)
		;
	rs->nplain[act] = i;
	free(rs->g[act]);
	rs->g[act] = v;
}

/*
 * Whether group g runs only where one of its rules finds what it needs
 * (see need.c): when every rule of it needs something. What they need
 * taken together is the first, quick test.
 */
static void
groupneed(const struct ruleset *rs, struct group *g)
{
	size_t k;

	g->needy = 1;
	for (k = 0; k < g->n && g->needy; k++) {
		g->needy = need_any(&rs->r[g->idx[k]].need);
		need_either(&g->either, &rs->r[g->idx[k]].need, k == 0);
	}
}

/* Whether the subject of the last scan, s[0..n), meets g's needs. */
static int
needmet(struct ruleset *rs, const struct group *g, const char *s, size_t n)
{
	size_t k;

	if (!g->needy)
		return 1;
	if (rs->bytescan != rs->scan) {
		need_bytes(s, n, &rs->bytes);
		rs->bytescan = rs->scan;
	}
	if (!need_met(&g->either, &rs->bytes))
		return 0;
	if (g->n == 1)
		return 1;
	for (k = 0; k < g->n; k++)
		if (need_met(&rs->r[g->idx[k]].need, &rs->bytes))
			return 1;
	return 0;
}

static struct group *
newgroup(struct ruleset *rs, int act, int gate, int anchored)
{
	struct group *g;

	rs->g[act] = xrealloc(rs->g[act], (rs->ng[act] + 1) *
	    sizeof(*rs->g[act]));
	g = &rs->g[act][rs->ng[act]++];
	memset(g, 0, sizeof(*g));
	g->gate = gate;
	g->anchored = anchored;
	return g;
}

static void
addto(struct group *g, size_t i)
{
	g->idx = xrealloc(g->idx, (g->n + 1) * sizeof(*g->idx));
	g->idx[g->n++] = i;
}

/*
 * The code to run for a rule alone. A rule that starts "^(?=.{0,N}$)"
 * runs only on subjects of N characters or fewer (see trygroup()), where
 * the look-ahead holds: it is run without it, which would otherwise read
 * the whole subject each time. Subjects hold no newline, so "." is any
 * character there as long as PCRE2's newline is LF alone. When ".*?"
 * follows ("a short paragraph that holds X"), the rest is searched for
 * unanchored, where PCRE2 skips to the characters X can start with: the
 * first place it matches is where ".*?" would have stopped, and the
 * match is taken from the start (r->lazy).
 */
static pcre2_code *
runnable(struct rule *r)
{
	PCRE2_SIZE off;
	uint32_t nl = 0;
	const char *p;
	char *pat;
	int err, icase;

	if (r->maxcps == 0 || pcre2_config(PCRE2_CONFIG_NEWLINE, &nl) < 0 ||
	    nl != PCRE2_NEWLINE_LF)
		return r->re;
	if (r->fast != NULL)
		return r->fast;
	icase = strncmp(r->pat, "(?i)", 4) == 0;
	p = strstr(r->pat, "}$)") + 3;	/* as maxcps() found it */
	r->lazy = strncmp(p, ".*?", 3) == 0;
	if (r->lazy)
		p += 3;
	pat = xmalloc(strlen(p) + 6);
	sprintf(pat, "%s%s%s", icase ? "(?i)" : "", r->lazy ? "" : "^", p);
	r->fast = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    COMPILE_OPTS, &err, &off, NULL);
	free(pat);
	if (r->fast == NULL)
		r->lazy = 0;
	return r->fast != NULL ? r->fast : r->re;
}

void
rules_finish(struct ruleset *rs, unsigned long limit)
{
	struct group *g;
	size_t bucket[514 * 3 * 2], i, j, ng;
	int act, key, gate, anch;

	rules_prefilter(rs);
	for (act = 0; act < NACT; act++) {
		/*
		 * floating by gate byte 0..255, 256 without a gate; anchored
		 * the same from 257; then by the class of first bytes, and by
		 * whether an ASCII letter is needed
		 */
		for (key = 0; key < 514 * 3 * 2; key++)
			bucket[key] = SIZE_MAX;
		for (i = 0; i < rs->n; i++) {
			struct rule *r = &rs->r[i];

			if (r->act != act)
				continue;
			anch = rules_anchored(r);
			gate = rules_gate(r);
			if (r->factored || solo(r) || r->maxcps > 0) {
				g = newgroup(rs, act, gate, anch);
				g->factored = r->factored;
				addto(g, i);
				continue;
			}
			firstset(r);
			key = (((gate < 0 ? 256 : gate) + (anch ? 257 : 0)) * 3 +
			    firstclass(r)) * 2 + need_letters(&r->need);
			if (bucket[key] == SIZE_MAX) {
				newgroup(rs, act, gate, anch);
				bucket[key] = rs->ng[act] - 1;
			}
			addto(&rs->g[act][bucket[key]], i);
		}
		ng = rs->ng[act];
		for (j = 0; j < ng; j++) {
			size_t k;

			g = &rs->g[act][j];
			g->hasfirst = rs->r[g->idx[0]].hasfirst;
			for (k = 0; k < g->n && g->hasfirst; k++) {
				size_t b;

				if (!rs->r[g->idx[k]].hasfirst)
					g->hasfirst = 0;
				for (b = 0; b < 32; b++)
					g->first[b] |= rs->r[g->idx[k]].first[b];
			}
			g->maxcps = rs->r[g->idx[0]].maxcps;
			for (k = 1; k < g->n && g->maxcps > 0; k++)
				if (rs->r[g->idx[k]].maxcps == 0 ||
				    rs->r[g->idx[k]].maxcps > g->maxcps)
					g->maxcps = rs->r[g->idx[k]].maxcps;
			if (g->n == 1) {
				g->re = runnable(&rs->r[g->idx[0]]);
				g->lazy = rs->r[g->idx[0]].lazy;
			} else if ((g->re = combine(rs, g)) == NULL) {
				/* Should not happen; run the rules alone. */
				size_t k;

				for (k = 1; k < g->n; k++) {
					struct group *h = newgroup(rs, act,
					    rs->g[act][j].gate,
					    rs->g[act][j].anchored);

					addto(h, rs->g[act][j].idx[k]);
					h->re = rs->r[h->idx[0]].re;
				}
				g = &rs->g[act][j];
				g->n = 1;
				g->re = rs->r[g->idx[0]].re;
			}
		}
		for (j = 0; j < rs->ng[act]; j++)
			groupneed(rs, &rs->g[act][j]);
		order(rs, act);
		rs->memo[act] = xcalloc(rs->ng[act] + 1, sizeof(struct memo));
	}
	rs->md = pcre2_match_data_create(1, NULL);
	rs->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(rs->mctx, limit);
	pcre2_set_depth_limit(rs->mctx, limit);
	rs->jst = pcre2_jit_stack_create(32 << 10, 4 << 20, NULL);
	if (rs->md == NULL || rs->mctx == NULL)
		die("out of memory for PCRE2 match data");
	if (rs->jst != NULL)
		pcre2_jit_stack_assign(rs->mctx, NULL, rs->jst);
	if (rs->ng[A_SPLIT] + rs->ng[A_BREAK] > 0)
		rs->bd = bounds_new(rs);
}

void
rules_free(struct ruleset *rs)
{
	size_t i, j;
	int act;

	bounds_free(rs->bd);
	for (act = 0; act < NACT; act++) {
		for (j = 0; j < rs->ng[act]; j++) {
			struct group *g = &rs->g[act][j];

			if (g->n > 1)
				pcre2_code_free(g->re);
			free(g->idx);
		}
		free(rs->g[act]);
		free(rs->memo[act]);
	}
	for (i = 0; i < rs->n; i++) {
		pcre2_code_free(rs->r[i].re);
		pcre2_code_free(rs->r[i].fast);
		free(rs->r[i].pat);
	}
	for (i = 0; i < rs->norigins; i++)
		free(rs->origins[i]);
	free(rs->origins);
	free(rs->r);
	rules_prefilter_free(rs);
	pcre2_match_data_free(rs->md);
	pcre2_match_context_free(rs->mctx);
	pcre2_jit_stack_free(rs->jst);
}

void
rules_list(const struct ruleset *rs, FILE *fp)
{
	size_t i;

	for (i = 0; i < rs->n; i++) {
		const struct rule *r = &rs->r[i];

		fprintf(fp, "%s:%lu\t%s ", r->file, r->line,
		    act_names[r->act]);
		efwrite(r->pat, strlen(r->pat), fp);
		efwrite("\n", 1, fp);
	}
}

static int
limited(int rc)
{
	return rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT;
}

/*
 * Runs group g, compiled with JIT the first time: a rule set is large and
 * most inputs meet few of its groups, so that start-up does not pay for
 * the others.
 */
static int
jrun(struct ruleset *rs, struct group *g, const char *s, size_t n,
    size_t start, uint32_t opts)
{
	if (g->jit == 0)
		g->jit = jit(g->re) ? 1 : -1;
	if (g->jit > 0)
		return pcre2_jit_match(g->re, (PCRE2_SPTR)s, n, start, opts,
		    rs->md, rs->mctx);
	return pcre2_match(g->re, (PCRE2_SPTR)s, n, start,
	    opts | PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
}

pcre2_code *
rules_code(struct ruleset *rs, size_t i)
{
	struct rule *r = &rs->r[i];

	if (!r->jitted) {
		jit(r->re);
		r->jitted = 1;
	}
	return r->re;
}

static int
run(struct ruleset *rs, size_t i, const char *s, size_t n, size_t start,
    uint32_t opts)
{
	return pcre2_match(rules_code(rs, i), (PCRE2_SPTR)s, n, start,
	    opts | PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
}

static void
report(struct ruleset *rs, struct rule *r, const char *where,
    unsigned long long line)
{
	rs->limits++;
	if (r->limited)
		return;
	r->limited = 1;
	warn("%s:%lu: pattern hit the match limit on %s line %llu; it is "
	    "skipped where that happens", r->origin, r->line, where, line);
}

int
rules_alone(const struct rule *r)
{
	return solo(r);
}

int
rules_limit(struct ruleset *rs, size_t i, int rc, const char *where,
    unsigned long long line)
{
	if (!limited(rc))
		return 0;
	report(rs, &rs->r[i], where, line);
	return 1;
}

/*
 * Slow path for a group that hit the limit: its rules one by one, the
 * leftmost match wins; the rules that hit the limit are reported.
 */
static int
onebyone(struct ruleset *rs, struct group *g, const char *s,
    size_t n, size_t start, uint32_t opts, struct hit *h, const char *where,
    unsigned long long line)
{
	PCRE2_SIZE *ov;
	size_t k;
	int rc, found = 0;

	for (k = 0; k < g->n; k++) {
		struct rule *r = &rs->r[g->idx[k]];

		rc = run(rs, g->idx[k], s, n, start, opts);
		if (limited(rc)) {
			report(rs, r, where, line);
			continue;
		}
		if (rc < 0)
			continue;
		ov = pcre2_get_ovector_pointer(rs->md);
		if (!found || ov[0] < h->so) {
			h->so = ov[0];
			h->eo = ov[1];
			h->rule = g->idx[k];
			found = 1;
		}
	}
	return found;
}

/* Which rule of g matches at h->so: the first in file order. */
static void
attribute(struct ruleset *rs, struct group *g, const char *s,
    size_t n, uint32_t opts, struct hit *h)
{
	PCRE2_SIZE *ov;
	size_t k;

	h->rule = g->idx[0];
	if (g->n == 1)
		return;
	for (k = 0; k < g->n; k++) {
		if (run(rs, g->idx[k], s, n, h->so,
		    opts | PCRE2_ANCHORED) >= 0) {
			ov = pcre2_get_ovector_pointer(rs->md);
			h->rule = g->idx[k];
			h->eo = ov[1];
			return;
		}
	}
}

/*
 * Whether group g may match s[0..n), the subject of the last scan, from
 * offset start on, as far as can be told without running it.
 */
static int
mayrun(struct ruleset *rs, struct group *g, const char *s, size_t n,
    size_t start)
{
	if (g->anchored && start > 0)
		return 0;
	if (g->hasfirst && (n == 0 || !(g->first[(unsigned char)s[0] >> 3] >>
	    ((unsigned char)s[0] & 7) & 1)))
		return 0;
	if (g->maxcps > 0 && rules_cps(rs) > g->maxcps)
		return 0;
	return needmet(rs, g, s, n);
}

/* Runs group g (mayrun() said it may); 1 with *cur set if it matched. */
static int
trygroup(struct ruleset *rs, struct group *g, const char *s,
    size_t n, size_t start, uint32_t opts, struct hit *cur,
    const char *where, unsigned long long line)
{
	PCRE2_SIZE *ov;
	int rc;

	if (g->gate >= 0 && memchr(s + start, g->gate, n - start) == NULL)
		return 0;
	rc = jrun(rs, g, s, n, start, opts);
	if (rc >= 0) {
		ov = pcre2_get_ovector_pointer(rs->md);
		cur->so = g->lazy ? start : ov[0];
		cur->eo = ov[1];
		/* NOTEMPTY_ATSTART is about start, not about a later match */
		attribute(rs, g, s, n, cur->so == start ? opts : 0, cur);
		return 1;
	}
	if (limited(rc))
		return onebyone(rs, g, s, n, start, opts, cur, where, line);
	return 0;
}

/*
 * trygroup() through the group's memo (see struct memo). With
 * PCRE2_NOTEMPTY_ATSTART in opts (the search after an empty match at
 * start) a memo of a match after start, or of none, holds all the same.
 */
static int
memogroup(struct ruleset *rs, int act, size_t j, const char *s, size_t n,
    size_t start, uint32_t opts, struct hit *cur, const char *where,
    unsigned long long line)
{
	struct memo *m = &rs->memo[act][j];
	unsigned long long limits = rs->limits;
	int notempty = (opts & PCRE2_NOTEMPTY_ATSTART) != 0;

	if (memo_holds(m, rs->scan, start, notempty)) {
		*cur = m->h;
		return m->found;
	}
	m->found = trygroup(rs, &rs->g[act][j], s, n, start, opts, &m->h,
	    where, line);
	*cur = m->h;
	/*
	 * A search cut short by the limit says nothing of later offsets;
	 * one without the empty match at start is good from start + 1 on,
	 * unless what it found is at start.
	 */
	memo_note(m, rs->limits == limits ? rs->scan : 0, start, notempty);
	return m->found;
}

/*
 * The groups without factors, then the rules seen by the last scan. The
 * best match is the leftmost for strip, and the earliest rule in load
 * order among equals (for the other actions, among all).
 */
int
rules_match(struct ruleset *rs, int act, const char *s, size_t n,
    size_t start, struct hit *h, const char *where, unsigned long long line)
{
	return rules_match_opts(rs, act, s, n, start, 0, h, where, line);
}

int
rules_match_opts(struct ruleset *rs, int act, const char *s, size_t n,
    size_t start, uint32_t opts, struct hit *h, const char *where,
    unsigned long long line)
{
	struct hit best = { 0, 0, 0 }, cur = { 0, 0, 0 };
	size_t j, gi;
	int found = 0, leftmost = act == A_STRIP || act == A_SPLIT ||
	    act == A_BREAK;

	for (j = 0; j < rs->nplain[act] + rs->nhits[act]; j++) {
		if (j < rs->nplain[act])
			gi = j;
		else
			gi = rs->r[rs->hits[rs->hoff[act] + j -
			    rs->nplain[act]]].group;
		if (!mayrun(rs, &rs->g[act][gi], s, n, start) ||
		    !memogroup(rs, act, gi, s, n, start, opts, &cur, where,
		    line))
			continue;
		if (!found || (leftmost && cur.so < best.so) ||
		    ((!leftmost || cur.so == best.so) && cur.rule < best.rule))
			best = cur;
		found = 1;
	}
	if (found)
		*h = best;
	return found;
}
