/*
 * rules.c: reading, compiling, grouping and matching the rules of
 * rinse-ads (see ads.h for the grouping contract).
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>

#include "ads.h"

#define COMPILE_OPTS (PCRE2_UTF | PCRE2_UCP)

const char *const act_names[NACT] = { "keep", "drop", "cut", "strip" };

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
		    "drop, cut or strip)", origin, lineno, (int)(w - i), s + i);
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
	size_t cap = 0;
	ssize_t n;
	unsigned long lineno = 0;

	if ((fp = fopen(path, "r")) == NULL)
		die("%s:", label);
	label = keeplabel(rs, label);
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
	char **names = NULL, *path, *label;
	const char *base;
	size_t n = 0, i, len;

	if ((d = opendir(dir)) == NULL)
		die("%s:", dir);
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
static int
gateof(const struct rule *r)
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

static int
anchoredp(const struct rule *r)
{
	uint32_t opts = 0;

	pcre2_pattern_info(r->re, PCRE2_INFO_ALLOPTIONS, &opts);
	return (opts & PCRE2_ANCHORED) != 0;
}

static void
jit(pcre2_code *re)
{
	/* Without JIT (an unsupported CPU) the interpreter still works. */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
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

void
rules_finish(struct ruleset *rs, unsigned long limit)
{
	struct group *g;
	size_t bucket[258], i, j, ng;
	int act, key, gate, anch;

	for (act = 0; act < NACT; act++) {
		/* by gate byte 0..255, 256 no gate, 257 anchored */
		for (key = 0; key < 258; key++)
			bucket[key] = SIZE_MAX;
		for (i = 0; i < rs->n; i++) {
			struct rule *r = &rs->r[i];

			if (r->act != act)
				continue;
			anch = anchoredp(r);
			gate = anch ? -1 : gateof(r);
			if (solo(r)) {
				addto(newgroup(rs, act, gate, anch), i);
				continue;
			}
			key = anch ? 257 : gate < 0 ? 256 : gate;
			if (bucket[key] == SIZE_MAX) {
				newgroup(rs, act, gate, anch);
				bucket[key] = rs->ng[act] - 1;
			}
			addto(&rs->g[act][bucket[key]], i);
		}
		ng = rs->ng[act];
		for (j = 0; j < ng; j++) {
			g = &rs->g[act][j];
			if (g->n == 1) {
				g->re = rs->r[g->idx[0]].re;
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
			jit(g->re);
		}
		for (j = ng; j < rs->ng[act]; j++)
			jit(rs->g[act][j].re);
	}
	for (i = 0; i < rs->n; i++)
		jit(rs->r[i].re);
	rs->md = pcre2_match_data_create(1, NULL);
	rs->mctx = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(rs->mctx, limit);
	pcre2_set_depth_limit(rs->mctx, limit);
	rs->jst = pcre2_jit_stack_create(32 << 10, 4 << 20, NULL);
	if (rs->md == NULL || rs->mctx == NULL)
		die("out of memory for PCRE2 match data");
	if (rs->jst != NULL)
		pcre2_jit_stack_assign(rs->mctx, NULL, rs->jst);
}

void
rules_free(struct ruleset *rs)
{
	size_t i, j;
	int act;

	for (act = 0; act < NACT; act++) {
		for (j = 0; j < rs->ng[act]; j++) {
			struct group *g = &rs->g[act][j];

			if (g->n > 1)
				pcre2_code_free(g->re);
			free(g->idx);
		}
		free(rs->g[act]);
	}
	for (i = 0; i < rs->n; i++) {
		pcre2_code_free(rs->r[i].re);
		free(rs->r[i].pat);
	}
	for (i = 0; i < rs->norigins; i++)
		free(rs->origins[i]);
	free(rs->origins);
	free(rs->r);
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

		fprintf(fp, "%s:%lu\t%s ", r->origin, r->line,
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

static int
run(struct ruleset *rs, const pcre2_code *re, const char *s, size_t n,
    size_t start, uint32_t opts)
{
	return pcre2_match(re, (PCRE2_SPTR)s, n, start,
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

/*
 * Slow path for a group that hit the limit: its rules one by one, the
 * leftmost match wins; the rules that hit the limit are reported.
 */
static int
onebyone(struct ruleset *rs, const struct group *g, const char *s,
    size_t n, size_t start, struct hit *h, const char *where,
    unsigned long long line)
{
	PCRE2_SIZE *ov;
	size_t k;
	int rc, found = 0;

	for (k = 0; k < g->n; k++) {
		struct rule *r = &rs->r[g->idx[k]];

		rc = run(rs, r->re, s, n, start, 0);
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
attribute(struct ruleset *rs, const struct group *g, const char *s,
    size_t n, struct hit *h)
{
	PCRE2_SIZE *ov;
	size_t k;

	h->rule = g->idx[0];
	if (g->n == 1)
		return;
	for (k = 0; k < g->n; k++) {
		if (run(rs, rs->r[g->idx[k]].re, s, n, h->so,
		    PCRE2_ANCHORED) >= 0) {
			ov = pcre2_get_ovector_pointer(rs->md);
			h->rule = g->idx[k];
			h->eo = ov[1];
			return;
		}
	}
}

int
rules_match(struct ruleset *rs, int act, const char *s, size_t n,
    size_t start, struct hit *h, const char *where, unsigned long long line)
{
	PCRE2_SIZE *ov;
	struct hit best = { 0, 0, 0 }, cur = { 0, 0, 0 };
	size_t j;
	int rc, found = 0;

	for (j = 0; j < rs->ng[act]; j++) {
		const struct group *g = &rs->g[act][j];

		if (g->anchored && start > 0)
			continue;
		if (g->gate >= 0 && memchr(s + start, g->gate, n - start) ==
		    NULL)
			continue;
		rc = run(rs, g->re, s, n, start, 0);
		if (rc >= 0) {
			ov = pcre2_get_ovector_pointer(rs->md);
			cur.so = ov[0];
			cur.eo = ov[1];
			attribute(rs, g, s, n, &cur);
		} else if (limited(rc)) {
			if (!onebyone(rs, g, s, n, start, &cur, where, line))
				continue;
		} else
			continue;
		if (!found || cur.so < best.so || (cur.so == best.so &&
		    cur.rule < best.rule))
			best = cur;
		found = 1;
		/* Only strip needs the leftmost match; others any match. */
		if (act != A_STRIP || best.so == start)
			break;
	}
	if (found)
		*h = best;
	return found;
}
