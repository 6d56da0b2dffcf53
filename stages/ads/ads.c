/*
 * rinse-ads: removes site furniture from text, one paragraph a line.
 *
 * Rules (the .rules files, see ads.h and rinse-ads(1)) cut each line into
 * units (units.c), then keep, drop, strip or cut each unit (classify.c);
 * three heuristics that need no rule drop link lists in the head and tail,
 * lines made only of UI labels, and what follows the article's sign-off
 * (heur.c). A document is held in memory (up to -M) because a cut or a
 * heuristic decides on a unit by what comes after it. This file reads
 * the document, writes what stays, and holds main().
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include <rinse/reader.h>
#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "doc.h"

#ifndef RULEDIR
#define RULEDIR "/usr/local/share/rinse/rules"
#endif

/*
 * What the document holds in memory: its text, what strip left of it, and
 * a record for each unit and each strip span. The -M cap is on this.
 */
static size_t
held(const struct ads *a)
{
	return a->len + a->slen + a->np * sizeof(*a->p) +
	    a->nspans * sizeof(*a->spans);
}

/* Appends n bytes to the document (the caller checked the cap). */
static size_t
docput(struct ads *a, const void *s, size_t n)
{
	size_t off = a->len;

	if (n == 0)	/* an empty line: nothing to copy, buf may be NULL */
		return off;
	a->buf = xgrowmax(a->buf, &a->cap, a->len + n, 1, a->max);
	memcpy(a->buf + a->len, s, n);
	a->len += n;
	return off;
}

const char *
ptext(const struct ads *a, const struct para *p, size_t *n)
{
	if (p->fate == F_STRIP) {
		*n = p->slen;
		return a->sbuf + p->soff;
	}
	*n = p->len;
	return a->buf + p->off;
}

/*
 * Output goes through a block of our own, handed to stdio when full and
 * at the end of each document: a paragraph costs a copy, not a call.
 */
static void
flushout(struct ads *a, FILE *fp)
{
	efwrite(a->obuf, a->olen, fp);
	a->olen = 0;
}

static void
out(struct ads *a, FILE *fp, const char *s, size_t n)
{
	a->bytes_out += n;
	if (a->obuf == NULL)
		a->obuf = xmalloc(OUTBUF);
	if (a->olen + n > OUTBUF) {
		flushout(a, fp);
		if (n > OUTBUF) {
			efwrite(s, n, fp);
			return;
		}
	}
	memcpy(a->obuf + a->olen, s, n);
	a->olen += n;
}

/* Appends " key=" and rule's origin ("rules/x.rules:12") to note. */
static void
noterule(const struct ads *a, char *note, size_t nb, const char *key,
    size_t rule)
{
	size_t at = strlen(note);

	if (rule == NONE)
		snprintf(note + at, nb - at, " %s=rule", key);
	else
		snprintf(note + at, nb - at, " %s=%s:%lu", key,
		    a->rs.r[rule].origin, a->rs.r[rule].line);
}

/*
 * One --explain line of unit p (include/rinse/whylog.h): the why-dropped
 * log's lines of the unit (ads_whylog()), then, if any of it stays, a
 * "keep" line with what is written of it. The note gives its input line
 * and what else is known: "joined" (the unit continues the paragraph
 * above on its line), "break=RULE" (a break or split rule made it a
 * paragraph; "break=repeat": it follows the copy of an earlier headline,
 * heads.c), "keep=RULE" (a keep rule protects it), "stripped" (spans
 * went, the rest stays), "after-strip=RULE" (a drop rule matched what
 * strip left), "nothing-left" (strip left no letter or digit),
 * "outside-tail" (a cut rule that dropped only its own unit), "wrapped"
 * (a piece of a sentence that hard-wrapped text goes on with in the line
 * after or began in the line before, wrapped.c) and "spared=RULE" (a
 * drop or cut rule that matched such a piece and was set aside).
 */
static void
explain(struct ads *a, FILE *fp, const struct para *p)
{
	char note[1024], w[512];
	const char *s;
	size_t n, k, m, at;

	if (p->fate == F_BLANK)
		return;
	snprintf(note, sizeof(note), "line=%llu%s", p->lineno,
	    p->brk ? "" : " joined");
	if (p->brk && p->brkrule == REPEAT)
		strcat(note, " break=repeat");
	else if (p->brk && p->brkrule != NONE)
		noterule(a, note, sizeof(note), "break", p->brkrule);
	if (p->fate == F_PROTECT)
		noterule(a, note, sizeof(note), "keep", p->rule);
	if (p->piece)
		strcat(note, " wrapped");
	if (p->spared != NONE)
		noterule(a, note, sizeof(note), "spared", p->spared);
	if (p->fate == F_SDROP && p->nsp > 0)
		noterule(a, note, sizeof(note), "after-strip",
		    a->spans[p->sp].rule);
	at = strlen(note);
	if (p->fate == F_EMPTY || p->fate == F_CUTONE || p->fate == F_STRIP)
		snprintf(note + at, sizeof(note) - at, "%s", p->fate ==
		    F_EMPTY ? " nothing-left" : p->fate == F_CUTONE ?
		    " outside-tail" : " stripped");
	for (k = 0; k < ads_whyn(a, p); k++) {
		s = ads_why(a, p, k, w, sizeof(w), &m, &n);
		a->bytes_out += whylog_explain(&a->wl, fp, "ads", w, m, s, n,
		    note);
	}
	if (p->fate == F_KEEP || p->fate == F_PROTECT || p->fate == F_STRIP) {
		s = ptext(a, p, &n);
		a->bytes_out += whylog_explain(&a->wl, fp, "ads", "keep", 4, s,
		    n, note);
	}
}

/*
 * Cuts the line buf[off..off + n) into units (a->cut), with the breaks
 * after the copies of earlier headlines (heads.c) that open it or a
 * paragraph the rules start in it, its own first unit among them when a
 * break ends it; returns how many.
 */
static size_t
cutline(struct ads *a, size_t off, size_t n, unsigned long long lineno)
{
	const char *s = n > 0 ? a->buf + off : "";
	struct bound head[HEAD_SLOTS];
	size_t nh, nu, k, m, i;

	nh = heads_breaks(&a->heads, a->buf, s, n, head, HEAD_SLOTS);
	nu = units_of(&a->rs, &a->cut, s, n, head, nh, a->name, lineno);
	/* a headline a break ends is one for the rest of its line too (a
	   sticky header repeats it after the page's buttons) */
	if (nu > 1 && a->cut.u[1].brk)
		heads_note(&a->heads, a->buf, off + a->cut.u[0].so,
		    a->cut.u[0].eo - a->cut.u[0].so);
	for (k = 1, m = nh; k < nu && m < HEAD_SLOTS; k++) {
		const struct unit *u = &a->cut.u[k];

		if (!u->brk || u->rule == REPEAT)
			continue;
		i = m;
		m += heads_breaks(&a->heads, a->buf, s + u->so, u->eo - u->so,
		    head + m, HEAD_SLOTS - m);
		for (; i < m; i++)
			head[i].at += u->so;
	}
	if (m > nh)	/* rare: cut again, with those breaks */
		nu = units_of(&a->rs, &a->cut, s, n, head, m, a->name, lineno);
	return nu;
}

/*
 * Reads line number lineno, s[0..n), into the document as its units and
 * applies the rules to each. Where units_of() scanned the line, a unit
 * that is the whole line takes that scan, and the others theirs from it
 * (rules_scan_part()). Returns 0, or -1 when the line and the records of
 * its units would take what the document holds past the cap: then the
 * line is not taken. (What strip leaves of the line and its spans come
 * after the check: they pass the cap by at most that much, once.)
 */
static int
addline(struct ads *a, const char *s, size_t n, unsigned long long lineno)
{
	size_t off, k, nu;
	const struct unit *u;
	int scanned = a->rs.ng[A_SPLIT] + a->rs.ng[A_BREAK] > 0;

	if (n > a->max || held(a) + n + sizeof(*a->p) > a->max)
		return -1;
	off = docput(a, s, n);
	/* the line's candidates, boundaries and units: a third each of
	   what is left under the cap */
	a->rs.room = (a->max - held(a)) / 3;
	nu = cutline(a, off, n, lineno);
	if (a->rs.full || held(a) + nu * sizeof(*a->p) > a->max) {
		a->len = off;
		return -1;
	}
	a->p = xgrowmax(a->p, &a->pcap, a->np + nu, sizeof(*a->p),
	    a->max / sizeof(*a->p));
	for (k = 0; k < nu; k++) {
		struct para *p = &a->p[a->np++];

		u = &a->cut.u[k];
		p->off = off + u->so;
		p->len = u->eo - u->so;
		p->sep = off + u->sep;
		p->brk = k == 0 || u->brk;
		p->brkrule = k == 0 ? NONE : u->rule;
		p->lineno = lineno;
		if (scanned && !(nu == 1 && u->eo == n))
			rules_scan_part(&a->rs, a->buf + off, u->so, u->eo);
		classify(a, a->np - 1, scanned);
	}
	heads_note(&a->heads, a->buf, off, n);
	return 0;
}

/*
 * Writes the units that stay: each paragraph on a line of its own, its
 * units after their separators. *open is the first unit of the paragraph
 * whose line is not yet ended, or NONE.
 */
static void
emit(struct ads *a, FILE *fp, size_t i, size_t *open, size_t *par)
{
	const struct para *p = &a->p[i];
	const char *s;
	size_t n;

	if (p->brk)
		*par = i;
	if (*open != NONE && *open != *par) {
		out(a, fp, "\n", 1);
		*open = NONE;
	}
	s = ptext(a, p, &n);
	if (*open != NONE)
		out(a, fp, a->buf + p->sep, p->off - p->sep);
	else
		a->paras_out++;
	out(a, fp, s, n);
	*open = *par;
}

static int
ads_doc(void *state, struct reader *in, FILE *fp)
{
	struct ads *a = state;
	const char *line;
	size_t len, i, open = NONE, par = 0;
	int rc, status = RINSE_OK, cut = 0;

	a->name = reader_name(in);
	whylog_doc(&a->wl, a->name, reader_zmode(in));
	a->len = a->slen = a->np = a->nspans = 0;
	heads_reset(&a->heads);
	while ((rc = reader_next(in, &line, &len)) == RD_LINE) {
		if (utf8_valid((const unsigned char *)line, len) != len) {
			a->tmp = xgrow(a->tmp, &a->tmpcap, len * 3, 1);
			len = utf8_sanitize((const unsigned char *)line, len,
			    a->tmp, &a->invalid);
			line = (const char *)a->tmp;
		}
		if (addline(a, line, len, reader_lineno(in)) < 0) {
			reader_refuse(in);
			rc = RD_ERR;
			break;
		}
	}
	if (rc == RD_ERR)
		status = reader_fail(in);
	arrange(a);
	for (i = 0; i < a->np; i++) {
		struct para *p = &a->p[i];

		if (p->fate == F_CUT)
			cut = 1;
		a->fates[p->fate]++;
		if (a->wl.path != NULL)
			ads_whylog(a, p);
		if (a->explain) {
			explain(a, fp, p);
			continue;
		}
		if (p->fate == F_BLANK && !cut) {
			if (open != NONE)
				out(a, fp, "\n", 1);
			open = NONE;
			out(a, fp, "\n", 1);
			continue;
		}
		if (p->fate == F_KEEP || p->fate == F_PROTECT ||
		    p->fate == F_STRIP)
			emit(a, fp, i, &open, &par);
		else if (p->brk)
			par = i;
	}
	if (open != NONE)
		out(a, fp, "\n", 1);
	/* stdio writes in blocks of OUTBUF; efshut() catches what fails */
	flushout(a, fp);
	whylog_end(&a->wl);
	return status;
}

static int
isdir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The rules of the program at path, from where it sits: a build tree
 * (bin/ or build-san/bin/ under a folder with stages/ads/ads.c and
 * rules/) uses its source tree's rules/; an installed program uses
 * BIN/../share/rinse/rules of its own prefix, wherever the prefix was
 * moved (DESTDIR). A rules/ folder that merely happens to sit near an
 * install is never taken. NULL when neither is there.
 */
static char *
rulesnear(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d, *mark;
	size_t n;
	int up;

	if (slash == NULL)
		return NULL;
	n = slash - path;
	d = xmalloc(n + 32);
	mark = xmalloc(n + 32);
	for (up = 1; up <= 2; up++) {
		const char *dots = up == 1 ? "/.." : "/../..";

		sprintf(mark, "%.*s%s/stages/ads/ads.c", (int)n, path, dots);
		sprintf(d, "%.*s%s/rules", (int)n, path, dots);
		if (access(mark, F_OK) == 0 && isdir(d))
			goto found;
	}
	sprintf(d, "%.*s/../share/rinse/rules", (int)n, path);
	if (isdir(d))
		goto found;
	free(d);
	free(mark);
	return NULL;
found:
	free(mark);
	return d;
}

/*
 * Where the bundled rule sets are: $RINSE_RULES; else where the program
 * sits (rulesnear()); else the install directory RULEDIR.
 */
static char *
bundled(const char *argv0)
{
	const char *env = getenv("RINSE_RULES");
	char exe[PATH_MAX], *d;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((d = rulesnear(exe)) != NULL)
			return d;
	}
	if ((d = rulesnear(argv0)) != NULL)
		return d;
	return isdir(RULEDIR) ? xstrdup(RULEDIR) : NULL;
}

void
ads_init(struct ads *a, size_t max)
{
	PCRE2_SIZE off;
	int err;

	rules_finish(&a->rs, MATCH_LIMIT);
	a->signre = pcre2_compile((PCRE2_SPTR)signoff_pat,
	    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	if (a->signre == NULL)
		die("internal sign-off pattern does not compile");
	pcre2_jit_compile(a->signre, PCRE2_JIT_COMPLETE);
	a->max = max;
}

void
ads_free(struct ads *a)
{
	whylog_close(&a->wl);
	pcre2_code_free(a->signre);
	rules_free(&a->rs);
	free(a->buf);
	free(a->sbuf);
	free(a->p);
	free(a->spans);
	units_free(&a->cut);
	free(a->tmp);
	free(a->obuf);
	free(a->ui_sorted);
	free(a->join);
}

static void
usage(FILE *fp)
{
	fputs("usage: rinse-ads [-hVvzelLRSU] [-M SIZE] [-r FILE] "
	    "[file ...]\n"
	    "  -e       explain: print every unit and why it stays or goes, "
	    "not the\n           text (also --explain)\n"
	    "  --explain-log FILE  append what was removed and why to FILE\n"
	    "  -l       list the rules in force with their files and exit\n"
	    "  -r FILE  add the rules in FILE (repeatable)\n"
	    "  -R       load none of the bundled rule sets\n"
	    "  -L       no link-list heuristic\n"
	    "  -U       no UI-label heuristic\n"
	    "  -S       no sign-off heuristic\n"
	    "Bundled rules come from $RINSE_RULES if set, else rules/ of the "
	    "source tree\nfor a program in its build tree, else "
	    "../share/rinse/rules next to the\nprogram, else " RULEDIR ".\n",
	    fp);
	common_help(fp);
}

/* The long options: --explain (-e), --explain-log FILE. */
static const struct longopt longs[] = { { "explain", 0 }, { "explain-log", 1 } };

static void
takelong(void *ctx, size_t k, const char *value)
{
	struct ads *a = ctx;

	if (k == 0)
		a->explain = 1;
	else
		whylog_open(&a->wl, value, "ads");
}

/* The -v line. */
static const char *const keys[] = {
	"bytes_in", "bytes_out", "paras_in", "paras_out", "dropped",
	"keep", "drop", "strip", "cut", "link_list", "ui_label",
	"signoff", "invalid", "limit"
};

static void
counts(const void *state, unsigned long long *vals)
{
	const struct ads *a = state;

	vals[1] = a->bytes_out;
	vals[2] = a->paras_in;
	vals[3] = a->paras_out;
	vals[4] = a->paras_in - a->paras_out;
	vals[5] = a->fates[F_PROTECT];
	vals[6] = a->fates[F_DROP] + a->fates[F_SDROP] +
	    a->fates[F_EMPTY] + a->fates[F_CUTONE];
	vals[7] = a->fates[F_STRIP];
	vals[8] = a->fates[F_CUT] + a->fates[F_CUTTAIL];
	vals[9] = a->fates[F_LINKS];
	vals[10] = a->fates[F_UI];
	vals[11] = a->fates[F_SIGNOFF];
	vals[12] = a->invalid;
	vals[13] = a->rs.limits;
}

static const struct stage stage = {
	ads_doc, keys, sizeof(keys) / sizeof(keys[0]), counts, NULL
};

int
main(int argc, char *argv[])
{
	struct common c = { 0 };
	struct ads a = { 0 };
	char **extra = NULL, *dir;
	size_t nextra = 0, i;
	int ch, status, list = 0, nobundled = 0;

	setprogname(argv[0]);
	whylog_none(&a.wl);
	argc = longopts(argc, argv, longs, sizeof(longs) / sizeof(longs[0]),
	    takelong, &a, usage);
	a.links = a.ui = a.signoff = 1;
	while ((ch = getopt(argc, argv, COMMON_OPTS "elLr:RSU")) != -1) {
		if (common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'e':
			a.explain = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'L':
			a.links = 0;
			break;
		case 'r':
			extra = xrealloc(extra, (nextra + 1) * sizeof(*extra));
			extra[nextra++] = optarg;
			break;
		case 'R':
			nobundled = 1;
			break;
		case 'S':
			a.signoff = 0;
			break;
		case 'U':
			a.ui = 0;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}

	/* Every rule is compiled before any input is read. */
	if (!nobundled) {
		if ((dir = bundled(argv[0])) == NULL)
			die("no bundled rules: not in the build tree, nor in "
			    "../share/rinse/rules next to the program, nor in "
			    "%s; set RINSE_RULES or use -R", RULEDIR);
		rules_load_dir(&a.rs, dir);
		free(dir);
	}
	for (i = 0; i < nextra; i++)
		rules_load(&a.rs, extra[i], extra[i]);
	free(extra);
	if (list) {
		rules_list(&a.rs, stdout);
		rules_free(&a.rs);
		return efshut(stdout, "<stdout>");
	}
	ads_init(&a, c.max ? c.max : RD_DEFAULT_MAX);
	status = stage_main(argv + optind, argc - optind, &c, &stage, &a);
	ads_free(&a);
	return status;
}
