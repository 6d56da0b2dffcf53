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

/* ASCII letters to lower case, every other byte to itself. */
static const unsigned char fold[256] = {
#define R16(b) b, b + 1, b + 2, b + 3, b + 4, b + 5, b + 6, b + 7, b + 8, \
	b + 9, b + 10, b + 11, b + 12, b + 13, b + 14, b + 15
	R16(0x00), R16(0x10), R16(0x20), R16(0x30),
	0x40, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
	'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 0x5B,
	0x5C, 0x5D, 0x5E, 0x5F,
	R16(0x60), R16(0x70), R16(0x80), R16(0x90), R16(0xA0), R16(0xB0),
	R16(0xC0), R16(0xD0), R16(0xE0), R16(0xF0)
#undef R16
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

static uint64_t
load(const unsigned char *s, size_t k)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < k; i++)
		v |= (uint64_t)s[i] << (8 * i);
	return v;
}

/* w as loaded from memory, read as little-endian */
static uint64_t
le64(uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return w;
#else
	return load((const unsigned char *)&w, 8);
#endif
}

static uint32_t
hashkey(uint64_t key)
{
	return (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 48);
}

/* A cheap 16-bit sketch of three bytes; for a Hangul syllable exact. */
static uint32_t
tri(const unsigned char *b)
{
	return ((uint32_t)b[0] << 12 ^ (uint32_t)b[1] << 6 ^ b[2]) & 0xFFFF;
}

static int
keycmp(const void *a, const void *b)
{
	const struct litkey *x = a, *y = b;

	return x->key < y->key ? -1 : x->key > y->key;
}

static void
addkey(struct littab *t, uint64_t key, size_t lit)
{
	t->k = xrealloc(t->k, (t->n + 1) * sizeof(*t->k));
	t->k[t->n].key = key;
	t->k[t->n].lit = lit;
	t->n++;
}

/* Every case variant of the first k bytes of l, as keys for lit i. */
static void
variants(struct littab *t, const struct lit *l, size_t k, size_t i)
{
	unsigned char b[8];
	size_t pos[8], np = 0, j;
	unsigned long m;
	uint64_t key;

	memcpy(b, l->s, k);
	for (j = 0; j < k && l->icase; j++)
		if (b[j] >= 'a' && b[j] <= 'z')
			pos[np++] = j;
	for (m = 0; m < 1ul << np; m++) {
		for (j = 0; j < np; j++)
			b[pos[j]] = (m >> j & 1) ? l->s[pos[j]] - 0x20 :
			    l->s[pos[j]];
		key = load(b, k);
		addkey(t, key, i);
		j = tri(b);
		t->sketch[j >> 6] |= (uint64_t)1 << (j & 63);
	}
}

static void
buildtab(struct littab *t)
{
	size_t i, j, k;
	uint32_t h;

	if (t->n == 0)
		return;
	qsort(t->k, t->n, sizeof(*t->k), keycmp);
	for (t->nslot = 16; t->nslot < t->n * 4; t->nslot *= 2)
		;
	t->slot = xcalloc(t->nslot, sizeof(*t->slot));
	for (i = 0; i < t->n; i = j) {
		for (j = i + 1; j < t->n && t->k[j].key == t->k[i].key; j++)
			;
		h = hashkey(t->k[i].key);
		t->bloom[h >> 6] |= (uint64_t)1 << (h & 63);
		for (k = h & (t->nslot - 1); t->slot[k] != 0;
		    k = (k + 1) & (t->nslot - 1))
			;
		t->slot[k] = i + 1;
	}
}

/*
 * Collects the factors of every rule and builds the scan tables. A rule
 * whose factors are not known is not factored: it always runs.
 */
static void
prefilter(struct ruleset *rs)
{
	struct lit *v;
	size_t i, j, n;

	for (i = 0; i < rs->n; i++) {
		n = lits_of(rs->r[i].pat, &v);
		if (n == 0)
			continue;
		/* 2^6 case variants of a key at most */
		rs->r[i].factored = 1;
		rs->lits = xrealloc(rs->lits, (rs->nlits + n) *
		    sizeof(*rs->lits));
		for (j = 0; j < n; j++) {
			v[j].rule = i;
			rs->lits[rs->nlits++] = v[j];
		}
		free(v);
	}
	rs->seen = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->seen));
	rs->hits = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->hits));
	for (i = 0; i < rs->nlits; i++) {
		struct lit *l = &rs->lits[i];

		if (l->len >= 6)
			variants(&rs->t6, l, 6, i);
		else
			variants(&rs->t3, l, 3, i);
	}
	buildtab(&rs->t3);
	buildtab(&rs->t6);
	for (i = 0; i < 1024; i++)
		rs->sketch[i] = rs->t3.sketch[i] | rs->t6.sketch[i];
}

static void
freetab(struct littab *t)
{
	free(t->k);
	free(t->slot);
}

/* Marks the rules of the factors keyed key that occur at u[0..n). */
static inline void
lookup(struct ruleset *rs, const struct littab *t, uint64_t key,
    const unsigned char *u, size_t n)
{
	uint32_t h = hashkey(key);
	size_t k, j, m;

	if (!(t->bloom[h >> 6] >> (h & 63) & 1))
		return;
	for (k = h & (t->nslot - 1); t->slot[k] != 0;
	    k = (k + 1) & (t->nslot - 1)) {
		j = t->slot[k] - 1;
		if (t->k[j].key != key)
			continue;
		for (; j < t->n && t->k[j].key == key; j++) {
			const struct lit *l = &rs->lits[t->k[j].lit];

			if (rs->seen[l->rule] == rs->scan || l->len > n)
				continue;
			if (l->icase) {
				for (m = 0; m < l->len && fold[u[m]] ==
				    (unsigned char)l->s[m]; m++)
					;
			} else
				m = memcmp(u, l->s, l->len) == 0 ? l->len : 0;
			if (m == l->len) {
				rs->seen[l->rule] = rs->scan;
				rs->hits[rs->nhits++] = l->rule;
			}
		}
		return;
	}
}

/* Characters in valid UTF-8: the bytes that are not 10xxxxxx. */
static size_t
cpcount(const unsigned char *u, size_t n)
{
	const uint64_t hi = 0x8080808080808080ull;
	uint64_t w, cont;
	size_t i = 0, c = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, u + i, 8);
		cont = w & ~(w << 1) & hi;	/* bit 7 set, bit 6 clear */
		c += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ull) >> 56);
	}
	for (; i < n; i++)
		c += (u[i] & 0xC0) != 0x80;
	return c;
}

void
rules_scan(struct ruleset *rs, const char *s, size_t n)
{
	/* the length of a UTF-8 sequence by its first byte's high nibble */
	static const unsigned char clen[16] = {
		1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4
	};
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w, in3, in6;
	size_t i, c;
	uint32_t p;

	rs->nhits = 0;
	if (++rs->scan == 0) {	/* wrapped: forget every old scan */
		memset(rs->seen, 0, rs->n * sizeof(*rs->seen));
		rs->scan = 1;
	}
	if (rs->nlits == 0 || n < 3) {
		rs->cps = cpcount(u, n);
		return;
	}
	/*
	 * Factors start at a character, and s is valid UTF-8: step by
	 * characters, which for Hangul is a third of the bytes.
	 */
	for (c = 0, i = 0; i + 3 <= n; i += clen[u[i] >> 4], c++) {
		p = tri(u + i);
		if (!(rs->sketch[p >> 6] >> (p & 63) & 1))
			continue;
		in3 = rs->t3.sketch[p >> 6] >> (p & 63) & 1;
		in6 = rs->t6.sketch[p >> 6] >> (p & 63) & 1;
		if (i + 8 <= n)
			memcpy(&w, u + i, 8);	/* little-endian below */
		else
			w = load(u + i, n - i);
		w = le64(w);
		if (in3)
			lookup(rs, &rs->t3, w & 0xFFFFFF, u + i, n - i);
		if (in6 && i + 6 <= n)
			lookup(rs, &rs->t6, w & 0xFFFFFFFFFFFFull, u + i,
			    n - i);
	}
	for (; i < n; i++)
		c += (u[i] & 0xC0) != 0x80;
	rs->cps = c;
}

static int anchoredp(const struct rule *r);

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

	if (!anchoredp(r))
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

static int
anchoredp(const struct rule *r)
{
	uint32_t opts = 0;

	pcre2_pattern_info(r->re, PCRE2_INFO_ALLOPTIONS, &opts);
	return (opts & PCRE2_ANCHORED) != 0;
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
	size_t bucket[514 * 3], i, j, ng;
	int act, key, gate, anch;

	prefilter(rs);
	for (act = 0; act < NACT; act++) {
		/*
		 * floating by gate byte 0..255, 256 without a gate; anchored
		 * the same from 257
		 */
		for (key = 0; key < 514 * 3; key++)
			bucket[key] = SIZE_MAX;
		for (i = 0; i < rs->n; i++) {
			struct rule *r = &rs->r[i];

			if (r->act != act)
				continue;
			anch = anchoredp(r);
			gate = gateof(r);
			if (r->factored || solo(r)) {
				g = newgroup(rs, act, gate, anch);
				g->factored = r->factored;
				addto(g, i);
				continue;
			}
			firstset(r);
			key = ((gate < 0 ? 256 : gate) + (anch ? 257 : 0)) * 3 +
			    firstclass(r);
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
			g->jit = jit(g->re);
		}
		for (j = ng; j < rs->ng[act]; j++)
			rs->g[act][j].jit = jit(rs->g[act][j].re);
		order(rs, act);
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
	for (i = 0; i < rs->nlits; i++)
		free(rs->lits[i].s);
	free(rs->lits);
	freetab(&rs->t3);
	freetab(&rs->t6);
	free(rs->seen);
	free(rs->hits);
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
jrun(struct ruleset *rs, const struct group *g, const char *s, size_t n,
    size_t start)
{
	if (g->jit)
		return pcre2_jit_match(g->re, (PCRE2_SPTR)s, n, start, 0,
		    rs->md, rs->mctx);
	return pcre2_match(g->re, (PCRE2_SPTR)s, n, start,
	    PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
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

/* Runs group g; 1 with *cur set if it matched. */
static int
trygroup(struct ruleset *rs, const struct group *g, const char *s,
    size_t n, size_t start, struct hit *cur, const char *where,
    unsigned long long line)
{
	PCRE2_SIZE *ov;
	int rc;

	if (g->anchored && start > 0)
		return 0;
	if (g->hasfirst && (n == 0 || !(g->first[(unsigned char)s[0] >> 3] >>
	    ((unsigned char)s[0] & 7) & 1)))
		return 0;
	if (g->maxcps > 0 && rs->cps > g->maxcps)
		return 0;
	if (g->gate >= 0 && memchr(s + start, g->gate, n - start) == NULL)
		return 0;
	rc = jrun(rs, g, s, n, start);
	if (rc >= 0) {
		ov = pcre2_get_ovector_pointer(rs->md);
		cur->so = ov[0];
		cur->eo = ov[1];
		attribute(rs, g, s, n, cur);
		return 1;
	}
	if (limited(rc))
		return onebyone(rs, g, s, n, start, cur, where, line);
	return 0;
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
	struct hit best = { 0, 0, 0 }, cur = { 0, 0, 0 };
	size_t j;
	int found = 0;

	for (j = 0; j < rs->nplain[act] + rs->nhits; j++) {
		const struct group *g;

		if (j < rs->nplain[act])
			g = &rs->g[act][j];
		else {
			const struct rule *r =
			    &rs->r[rs->hits[j - rs->nplain[act]]];

			if (r->act != act)
				continue;
			g = &rs->g[act][r->group];
		}
		if (!trygroup(rs, g, s, n, start, &cur, where, line))
			continue;
		if (!found || (act == A_STRIP && cur.so < best.so) ||
		    ((act != A_STRIP || cur.so == best.so) &&
		    cur.rule < best.rule))
			best = cur;
		found = 1;
	}
	if (found)
		*h = best;
	return found;
}
