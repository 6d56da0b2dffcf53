/*
 * rules.c: reading, compiling, filtering, grouping and matching the rules
 * of rinse-ads (see ads.h for the contract).
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

#define SCANMIN	6	/* the shortest factor the scan looks for */
#define WINBITS	18	/* the scan's bitmap has 1 << WINBITS bits */
#define KEYBITS	10	/* the index has 1 << KEYBITS slots */
#define WIDE	64	/* a wider range of first characters is tested */

static uint64_t
load(const unsigned char *s, size_t k)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < k; i++)
		v |= (uint64_t)s[i] << (8 * i);
	return v;
}

/* The eight bytes at s, the first in the low byte. */
static inline uint64_t
load8(const unsigned char *s)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t w;

	memcpy(&w, s, 8);
	return w;
#else
	return load(s, 8);
#endif
}

#define HIBITS	0x8080808080808080ull

/*
 * Bit 5 set in every ASCII byte: a letter becomes lower case, and a few
 * other bytes share a key with a letter or a digit, which costs a needless
 * look in the index at worst. Bytes of other characters stay as they are,
 * so a Hangul syllable keeps all its bits.
 */
static inline uint64_t
fold8(uint64_t w)
{
	return w | (~w & HIBITS) >> 2;
}

/* The bit of the scan's bitmap for the four bytes at s. */
static inline uint32_t
window(const unsigned char *s)
{
	uint32_t w;

	memcpy(&w, s, 4);
	return (uint32_t)(w * 0x9E3779B1u) >> (32 - WINBITS);
}

/*
 * Sets the bits of the four bytes of l at s, in every case of its ASCII
 * letters if l is caseless.
 */
static void
setwindow(struct ruleset *rs, const struct lit *l, const unsigned char *s)
{
	unsigned char b[4];
	size_t pos[4], np = 0, j;
	unsigned m;
	uint32_t h;

	memcpy(b, s, 4);
	for (j = 0; j < 4 && l->icase; j++)
		if (b[j] >= 'a' && b[j] <= 'z')
			pos[np++] = j;
	for (m = 0; m < 1u << np; m++) {
		for (j = 0; j < np; j++)
			b[pos[j]] = (m >> j & 1) ? s[pos[j]] - 0x20 : s[pos[j]];
		h = window(b);
		rs->win[h >> 6] |= (uint64_t)1 << (h & 63);
	}
}

/* The first six of the n bytes at s, folded, as a key of the index. */
static inline uint64_t
key6(const unsigned char *s, size_t n)
{
	return fold8(n >= 8 ? load8(s) : load(s, 6)) & 0xFFFFFFFFFFFFull;
}

static inline size_t
slotof(uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> (64 - KEYBITS));
}

/* The shortest literal of v[0..n). */
static size_t
shortest(const struct lit *v, size_t n)
{
	size_t i, m = SIZE_MAX;

	for (i = 0; i < n; i++)
		if (v[i].len < m)
			m = v[i].len;
	return m;
}

static int anchoredp(const struct rule *r);

static void
freelits(struct lit *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].s);
	free(v);
}

/*
 * Moves v[0..n) of rule i to *all (*nall of them), each literal once;
 * frees v.
 */
static void
addlits(struct lit **all, size_t *nall, struct lit *v, size_t n, size_t i)
{
	size_t j, k, base = *nall;

	*all = xrealloc(*all, (*nall + n + 1) * sizeof(**all));
	for (j = 0; j < n; j++) {
		for (k = base; k < *nall; k++)
			if ((*all)[k].len == v[j].len && memcmp((*all)[k].s,
			    v[j].s, v[j].len) == 0)
				break;
		if (k < *nall) {
			free(v[j].s);
			continue;
		}
		v[j].rule = i;
		(*all)[(*nall)++] = v[j];
	}
	free(v);
}

/*
 * Whether a rule may match anywhere in a paragraph: it is not anchored,
 * or it starts "^.*" or "^(?=.{0,N}$).*", as many anchored rules do.
 */
static int
floating(const struct rule *r)
{
	const char *p = r->pat;

	if (!anchoredp(r))
		return 1;
	if (strncmp(p, "(?i)", 4) == 0)
		p += 4;
	if (*p++ != '^')
		return 0;
	if (strncmp(p, "(?=.{0,", 7) == 0 && (p = strstr(p, "}$)")) != NULL)
		p += 3;
	return p != NULL && p[0] == '.' && p[1] == '*';
}

static void
addstart(struct ruleset *rs, uint32_t cp, size_t rule, size_t lit, int at0)
{
	struct start *s;

	rs->starts = xrealloc(rs->starts, (rs->nstarts + 1) *
	    sizeof(*rs->starts));
	s = &rs->starts[rs->nstarts++];
	s->cp = cp;
	s->rule = rule;
	s->lit = lit;
	s->at0 = at0;
}

static int
startcmp(const void *a, const void *b)
{
	const struct start *x = a, *y = b;

	return (int)(x->cp & 0xFF) - (int)(y->cp & 0xFF);
}

/* The prefixes of rule i, as starts. */
static void
addprefixes(struct ruleset *rs, size_t i, struct lit *v, size_t n)
{
	size_t j = rs->npre;
	uint32_t cp;

	addlits(&rs->pre, &rs->npre, v, n, i);
	for (; j < rs->npre; j++) {
		const struct lit *l = &rs->pre[j];

		utf8_decode((const unsigned char *)l->s, l->len, &cp);
		addstart(rs, cp, i, j, !l->blanks);
		if (l->icase && cp >= 'a' && cp <= 'z')
			addstart(rs, cp ^ 0x20, i, j, !l->blanks);
	}
}

/* The first characters of rule i, as starts, or a set to test. */
static void
addfirsts(struct ruleset *rs, size_t i, struct cset *c)
{
	size_t j;
	uint32_t cp;

	for (j = 0; j < c->n && c->r[j][1] - c->r[j][0] < WIDE; j++)
		;
	if (j < c->n || c->digit || c->word || c->space) {
		rs->firsts = xrealloc(rs->firsts, (rs->nfirsts + 1) *
		    sizeof(*rs->firsts));
		rs->firsts[rs->nfirsts].rule = i;
		rs->firsts[rs->nfirsts++].set = *c;
		return;
	}
	for (cp = 0; cp < 0x80; cp++)
		if (c->ascii[cp >> 6] >> (cp & 63) & 1)
			addstart(rs, cp, i, SIZE_MAX, 0);
	for (j = 0; j < c->n; j++)
		for (cp = c->r[j][0]; cp <= c->r[j][1]; cp++)
			addstart(rs, cp, i, SIZE_MAX, 0);
	cset_free(c);
}

/*
 * Splits the factors v[0..n) of rule i: those of SCANMIN bytes or more
 * for the scan, the others to look for on their own.
 */
static void
addfactors(struct ruleset *rs, size_t i, struct lit *v, size_t n)
{
	struct lit *w;
	size_t j, k;

	for (j = k = 0; j < n; j++)
		if (v[j].len >= SCANMIN) {
			struct lit t = v[k];

			v[k++] = v[j];
			v[j] = t;
		}
	if (k < n) {
		w = xmalloc((n - k) * sizeof(*w));
		memcpy(w, v + k, (n - k) * sizeof(*w));
		addlits(&rs->shorts, &rs->nshorts, w, n - k, i);
	}
	addlits(&rs->lits, &rs->nlits, v, k, i);
}

static int
litcmp(const void *a, const void *b)
{
	const struct lit *x = a, *y = b;
	int c;

	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	if ((c = memcmp(x->s, y->s, x->len)) != 0)
		return c;
	if (x->icase != y->icase)
		return x->icase - y->icase;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/*
 * Sorts v[0..n) so that the same factor of several rules is looked for
 * once: the first of each run of alike ones says how many there are.
 */
static void
runs(struct lit *v, size_t n)
{
	size_t i, j;

	if (n == 0)
		return;
	qsort(v, n, sizeof(*v), litcmp);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && v[j].len == v[i].len &&
		    v[j].icase == v[i].icase &&
		    memcmp(v[j].s, v[i].s, v[i].len) == 0; j++)
			v[j].run = 0;
		v[i].run = j - i;
	}
}

/*
 * Decides how each rule is filtered and builds the scan's tables. An
 * anchored rule runs only on paragraphs that start with one of its
 * prefixes or else one of its first characters; a rule with factors of
 * SCANMIN bytes or more only on paragraphs that hold one, and if both are
 * known, only where both are found. Short factors are looked for on
 * their own, and only for rules that would otherwise search the whole
 * paragraph with nothing to stop them early. Every other rule always
 * runs (the filters of its group still apply).
 */
static void
prefilter(struct ruleset *rs)
{
	struct rule *r;
	struct lit *v;
	struct cset c;
	size_t i, j, k, n, nslot = (size_t)1 << KEYBITS, *count;
	int blanks, first;

	for (i = 0; i < rs->n; i++) {
		r = &rs->r[i];
		if (anchoredp(r) &&
		    (n = prefixes_of(r->pat, &v, &blanks)) > 0) {
			r->factored = 1;
			addprefixes(rs, i, v, n);
			continue;
		}
		first = anchoredp(r) && firstchars(r->pat, &c);
		n = lits_of(r->pat, &v);
		if (n > 0 && shortest(v, n) < SCANMIN && (first ||
		    !floating(r) || gateof(r) >= 0)) {
			freelits(v, n);
			n = 0;
		}
		if (first)
			addfirsts(rs, i, &c);
		if (n > 0)
			addfactors(rs, i, v, n);
		r->factored = first || n > 0;
		r->needfirst = first && n > 0;
	}
	runs(rs->lits, rs->nlits);
	runs(rs->shorts, rs->nshorts);
	if (rs->nstarts > 0)
		qsort(rs->starts, rs->nstarts, sizeof(*rs->starts), startcmp);
	for (i = 0, k = 0; k < 256; k++) {
		rs->startoff[k] = i;
		while (i < rs->nstarts && (rs->starts[i].cp & 0xFF) == k)
			i++;
	}
	rs->startoff[256] = i;
	rs->seen = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->seen));
	rs->fit = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->fit));
	rs->hits = xcalloc(rs->n ? rs->n : 1, sizeof(*rs->hits));
	for (i = 0; i < rs->n; i++) {
		int a;

		for (a = rs->r[i].act + 1; a < NACT; a++)
			rs->hoff[a]++;
	}
	rs->win = xcalloc((size_t)1 << (WINBITS - 6), sizeof(*rs->win));
	rs->slot = xcalloc(nslot + 1, sizeof(*rs->slot));
	rs->keys = xcalloc(rs->nlits ? rs->nlits : 1, sizeof(*rs->keys));
	count = xcalloc(nslot + 1, sizeof(*count));
	for (i = 0; i < rs->nlits; i++) {
		const unsigned char *s = (const unsigned char *)rs->lits[i].s;

		if (rs->lits[i].run == 0)
			continue;	/* the first of its run stands for it */
		for (j = 0; j < 3; j++)
			setwindow(rs, &rs->lits[i], s + j);
		count[slotof(key6(s, rs->lits[i].len)) + 1]++;
	}
	/* the index: the factors in the order of their slots */
	for (k = 0; k < nslot; k++)
		count[k + 1] += count[k];
	memcpy(rs->slot, count, (nslot + 1) * sizeof(*count));
	for (i = 0; i < rs->nlits; i++) {
		const unsigned char *s = (const unsigned char *)rs->lits[i].s;
		uint64_t key = key6(s, rs->lits[i].len);
		struct litkey *e;

		if (rs->lits[i].run == 0)
			continue;
		e = &rs->keys[count[slotof(key)]++];
		e->key = key;
		e->lit = i;
	}
	free(count);
}

/* Whether l is at u[0..n). */
static int
at(const struct lit *l, const unsigned char *u, size_t n)
{
	size_t m;

	if (l->len > n)
		return 0;
	if (!l->icase)
		return memcmp(u, l->s, l->len) == 0;
	for (m = 0; m < l->len && fold[u[m]] == (unsigned char)l->s[m]; m++)
		;
	return m == l->len;
}

/*
 * Whether l occurs in u[0..n): a search for its first byte (both cases
 * of a letter) and a look at each place found.
 */
static int
occurs(const struct lit *l, const unsigned char *u, size_t n)
{
	const unsigned char *p, *end;
	unsigned char c = (unsigned char)l->s[0];
	int pass;

	if (l->len > n)
		return 0;
	end = u + n - l->len + 1;
	for (pass = 0; pass < 2; pass++) {
		for (p = u; p < end && (p = memchr(p, c, end - p)) != NULL;
		    p++)
			if (at(l, p, u + n - p))
				return 1;
		if (!l->icase || c < 'a' || c > 'z')
			break;
		c ^= 0x20;
	}
	return 0;
}

/* Whether a rule of the run of factors at l is not seen yet. */
static int
unseen(const struct ruleset *rs, const struct lit *l)
{
	size_t m;

	for (m = 0; m < l->run; m++)
		if (rs->seen[l[m].rule] != rs->scan)
			return 1;
	return 0;
}

/* Rule i goes to the list of its action's rules seen. */
static void
hit(struct ruleset *rs, size_t i)
{
	int act = rs->r[i].act;

	rs->hits[rs->hoff[act] + rs->nhits[act]++] = i;
}

/* A factor of rule i was found. */
static void
found(struct ruleset *rs, size_t i)
{
	if (rs->seen[i] == rs->scan || (rs->r[i].needfirst &&
	    rs->fit[i] != rs->scan))
		return;
	rs->seen[i] = rs->scan;
	hit(rs, i);
}

/* The first character of the subject fits rule i. */
static void
fits(struct ruleset *rs, size_t i)
{
	if (rs->r[i].needfirst)
		rs->fit[i] = rs->scan;
	else if (rs->seen[i] != rs->scan) {
		rs->seen[i] = rs->scan;
		hit(rs, i);
	}
}

/*
 * Looks at the starts of character cp at u[i..n): those after blanks,
 * those at offset 0, or both.
 */
static void
startsat(struct ruleset *rs, const unsigned char *u, size_t n, size_t i,
    uint32_t cp, int after, int at0)
{
	size_t j, b = cp & 0xFF;

	for (j = rs->startoff[b]; j < rs->startoff[b + 1]; j++) {
		const struct start *s = &rs->starts[j];

		if (s->cp != cp || !(s->at0 ? at0 : after))
			continue;
		if (s->lit == SIZE_MAX || at(&rs->pre[s->lit], u + i, n - i))
			fits(rs, s->rule);
	}
}

/*
 * The rules whose prefixes or first characters fit the subject: its very
 * start, and its first character that is not white space.
 */
static void
starts(struct ruleset *rs, const unsigned char *u, size_t n)
{
	size_t i = 0, k;
	uint32_t cp = UTF8_INVALID, cp0 = UTF8_INVALID;

	while (i < n) {
		if (u[i] < 0x80) {
			cp = u[i];
			k = 1;
		} else
			k = utf8_decode(u + i, n - i, &cp);
		if (i == 0)
			cp0 = cp;
		if (!blankcp(cp))
			break;
		i += k;
	}
	if (i < n)
		startsat(rs, u, n, i, cp, 1, i == 0);
	if (i > 0 && n > 0)
		startsat(rs, u, n, 0, cp0, 0, 1);
	for (k = 0; k < rs->nfirsts && i < n; k++)
		if (cset_has(&rs->firsts[k].set, cp))
			fits(rs, rs->firsts[k].rule);
}

/* Marks the rules whose factors start at u, with n bytes left. */
static void
lookup(struct ruleset *rs, const unsigned char *u, size_t n)
{
	uint64_t key = key6(u, n);
	size_t k = slotof(key), j, m;

	for (j = rs->slot[k]; j < rs->slot[k + 1]; j++) {
		const struct litkey *e = &rs->keys[j];
		const struct lit *l = &rs->lits[e->lit];

		if (e->key == key && unseen(rs, l) && at(l, u, n))
			for (m = 0; m < l->run; m++)
				found(rs, l[m].rule);
	}
}

size_t
cpcount(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	uint64_t w, lanes;
	size_t i = 0, cont = 0, end;

	/*
	 * Continuation bytes (10xxxxxx) are counted in the eight byte lanes
	 * of a word, summed up every 255 words before a lane can overflow;
	 * the last bytes are a word with zeros after them.
	 */
	while (i < n) {
		end = n - i > 255 * 8 ? i + 255 * 8 : n;
		for (lanes = 0; i + 8 <= end; i += 8) {
			w = load8(u + i);
			lanes += (w & ~(w << 1) & HIBITS) >> 7;
		}
		if (i < end) {
			w = load(u + i, end - i);
			lanes += (w & ~(w << 1) & HIBITS) >> 7;
			i = end;
		}
		lanes = (lanes & 0x00FF00FF00FF00FFull) +
		    (lanes >> 8 & 0x00FF00FF00FF00FFull);
		cont += (size_t)((lanes * 0x0001000100010001ull) >> 48);
	}
	return n - cont;
}

/* If the window at q is in the bitmap, the factors that start by q. */
static void
lookups(struct ruleset *rs, const unsigned char *u, size_t n, size_t q)
{
	uint32_t h = window(u + q);
	size_t p;

	if (!(rs->win[h >> 6] >> (h & 63) & 1))
		return;
	for (p = q > 2 ? q - 2 : 0; p <= q; p++)
		if (n - p >= SCANMIN)
			lookup(rs, u + p, n - p);
}

/*
 * After the starts of the subject, its factors. Every factor is at least
 * SCANMIN bytes long, so the scan need not look at every place a factor
 * may start: one in three will do. Wherever a factor starts, one of its
 * first three bytes is such a place, and the four bytes from there are
 * the factor's own; the bitmap holds the three windows of four bytes of
 * each factor, so almost every place of a text is passed over after one
 * look. Where a window is in the bitmap, the factors that start there or
 * up to two bytes before are looked up.
 */
void
rules_scan(struct ruleset *rs, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t q, p, i;
	uint32_t h, h2;

	memset(rs->nhits, 0, sizeof(rs->nhits));
	if (++rs->scan == 0) {	/* wrapped: forget every old scan */
		int act;

		memset(rs->seen, 0, rs->n * sizeof(*rs->seen));
		memset(rs->fit, 0, rs->n * sizeof(*rs->fit));
		for (act = 0; act < NACT; act++)
			if (rs->memo[act] != NULL)
				memset(rs->memo[act], 0, rs->ng[act] *
				    sizeof(*rs->memo[act]));
		rs->scan = 1;
	}
	rs->cps = cpcount(s, n);
	if (rs->nstarts > 0 || rs->nfirsts > 0)
		starts(rs, u, n);
	for (i = 0; i < rs->nshorts; i += rs->shorts[i].run)
		if (unseen(rs, &rs->shorts[i]) && occurs(&rs->shorts[i], u, n))
			for (p = 0; p < rs->shorts[i].run; p++)
				found(rs, rs->shorts[i + p].rule);
	if (rs->nlits == 0)
		return;
	/* two places a round, one branch for both */
	for (q = 0; q + 7 <= n; q += 6) {
		h = window(u + q);
		h2 = window(u + q + 3);
		if ((rs->win[h >> 6] >> (h & 63) |
		    rs->win[h2 >> 6] >> (h2 & 63)) & 1) {
			lookups(rs, u, n, q);
			lookups(rs, u, n, q + 3);
		}
	}
	if (q + 4 <= n)
		lookups(rs, u, n, q);
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

/*
 * The code to run for a rule alone. A rule that starts "^(?=.{0,N}$)"
 * runs only on subjects of N characters or fewer (see trygroup()), where
 * the look-ahead holds: it is run without it, which would otherwise read
 * the whole subject each time. Subjects hold no newline, so "." is any
 * character there as long as PCRE2's newline is LF alone.
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
	pat = xmalloc(strlen(p) + 6);
	sprintf(pat, "%s^%s", icase ? "(?i)" : "", p);
	r->fast = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    COMPILE_OPTS, &err, &off, NULL);
	free(pat);
	return r->fast != NULL ? r->fast : r->re;
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
			if (r->factored || solo(r) || r->maxcps > 0) {
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
				g->re = runnable(&rs->r[g->idx[0]]);
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
		rs->memo[act] = xcalloc(rs->ng[act] + 1, sizeof(struct memo));
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
	freelits(rs->lits, rs->nlits);
	freelits(rs->pre, rs->npre);
	freelits(rs->shorts, rs->nshorts);
	free(rs->starts);
	for (i = 0; i < rs->nfirsts; i++)
		cset_free(&rs->firsts[i].set);
	free(rs->firsts);
	free(rs->fit);
	free(rs->win);
	free(rs->keys);
	free(rs->slot);
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

static int
jrun(struct ruleset *rs, const struct group *g, const char *s, size_t n,
    size_t start, uint32_t opts)
{
	if (g->jit)
		return pcre2_jit_match(g->re, (PCRE2_SPTR)s, n, start, opts,
		    rs->md, rs->mctx);
	return pcre2_match(g->re, (PCRE2_SPTR)s, n, start,
	    opts | PCRE2_NO_UTF_CHECK, rs->md, rs->mctx);
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

int
rules_may(const struct ruleset *rs, size_t i)
{
	return !rs->r[i].factored || rs->seen[i] == rs->scan;
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
onebyone(struct ruleset *rs, const struct group *g, const char *s,
    size_t n, size_t start, uint32_t opts, struct hit *h, const char *where,
    unsigned long long line)
{
	PCRE2_SIZE *ov;
	size_t k;
	int rc, found = 0;

	for (k = 0; k < g->n; k++) {
		struct rule *r = &rs->r[g->idx[k]];

		rc = run(rs, r->re, s, n, start, opts);
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
    size_t n, uint32_t opts, struct hit *h)
{
	PCRE2_SIZE *ov;
	size_t k;

	h->rule = g->idx[0];
	if (g->n == 1)
		return;
	for (k = 0; k < g->n; k++) {
		if (run(rs, rs->r[g->idx[k]].re, s, n, h->so,
		    opts | PCRE2_ANCHORED) >= 0) {
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
    size_t n, size_t start, uint32_t opts, struct hit *cur,
    const char *where, unsigned long long line)
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
	rc = jrun(rs, g, s, n, start, opts);
	if (rc >= 0) {
		ov = pcre2_get_ovector_pointer(rs->md);
		cur->so = ov[0];
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

	if (m->scan == rs->scan && m->start <= start && (!m->found ||
	    m->h.so > start || (m->h.so == start && !notempty))) {
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
	m->scan = rs->limits == limits ? rs->scan : 0;
	m->start = start + notempty;
	if (notempty && m->found && m->h.so == start)
		m->scan = 0;
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
		if (!memogroup(rs, act, gi, s, n, start, opts, &cur, where,
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
