/*
 * split.c: the first half of rinse-rec (-S): records to a -z stream.
 *
 * Contract: every record of the input is either sent down the chain (its
 * text, then a NUL, on standard output; its entry in the side file
 * first) or accounted for: a JSON line that is no record goes to the
 * side file for the excluded file, with its line number and reason, and
 * a message; a WARC record that is not an HTML page is counted by why it
 * was skipped, a damaged one is reported. NUL characters inside a text
 * would end its record early: they are dropped and counted (nul=).
 * A page's HTTP charset goes to rinse-enc as a <meta charset> before the
 * page, where rinse-enc checks it as it checks a page's own declaration.
 * Returns 0, 1 when some input was bad (and said so), 2 on I/O errors;
 * the texts go to o->outfd, written through (no stdio).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>
#include <rinse/stage.h>
#include <rinse/util.h>
#include "rec.h"

#define PEEK 16384	/* bytes of a payload read to see its type */

enum {
	C_RECORDS, C_SENT, C_BAD, C_BLANK, C_NUL, C_SKIP_TYPE, C_SKIP_MIME,
	C_SKIP_STATUS, C_SKIP_HTTP, C_SKIP_BIG, C_CORRUPT, C_N
};

static const char *const keys[C_N] = {
	"records", "sent", "bad", "blank", "nul", "skip_type", "skip_mime",
	"skip_status", "skip_http", "skip_big", "corrupt"
};

struct split {
	const struct rec_opts *o;
	unsigned long long base;	/* with -R: the input's offset of the
					   first byte read, or UINT64_MAX when
					   its lines cannot be read back */
	const char *name;
	FILE *side;
	unsigned long long n[C_N];
	char out[1 << 16];	/* texts not yet written */
	size_t nout;
};

/*
 * Writes the texts held, after the side file's entries for them: the
 * join half finds a record's entry when its text arrives, and the side
 * file is flushed once a 64 KiB of texts, not once a record.
 */
static void
flushout(struct split *sp)
{
	size_t done = 0;
	ssize_t r;

	if (fflush(sp->side) == EOF)
		die("%s: write error:", sp->o->side);
	while (done < sp->nout) {
		r = write(sp->o->outfd, sp->out + done, sp->nout - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("write error:");
		done += r;
	}
	sp->nout = 0;
}

static void
out(struct split *sp, const void *p, size_t n)
{
	if (n >= sizeof(sp->out)) {	/* a long text: no copy */
		flushout(sp);
		while (n > 0) {
			ssize_t r = write(sp->o->outfd, p, n);

			if (r < 0 && errno == EINTR)
				continue;
			if (r <= 0)
				die("write error:");
			p = (const char *)p + r;
			n -= r;
		}
		return;
	}
	while (n > 0) {
		size_t k = sizeof(sp->out) - sp->nout;

		if (k == 0) {
			flushout(sp);
			continue;
		}
		if (k > n)
			k = n;
		memcpy(sp->out + sp->nout, p, k);
		sp->nout += k;
		p = (const char *)p + k;
		n -= k;
	}
}

/* The text, NULs dropped, and the NUL that ends the record. */
static void
send(struct split *sp, const char *pre, const unsigned char *p, size_t n)
{
	const unsigned char *z;

	if (pre != NULL)
		out(sp, pre, strlen(pre));
	while ((z = memchr(p, 0, n)) != NULL) {
		out(sp, p, z - p);
		sp->n[C_NUL]++;
		n -= z - p + 1;
		p = z + 1;
	}
	out(sp, p, n);
	out(sp, "", 1);
	sp->n[C_SENT]++;
}

/* Lines with something but white space: paragraphs as the chain sees. */
static unsigned long long
paras(const unsigned char *p, size_t n)
{
	const unsigned char *e = p + n, *nl, *q;
	unsigned long long k = 0;

	for (; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', e - p)) == NULL)
			nl = e;
		for (q = p; q < nl && (*q == ' ' || *q == '\t' || *q == '\r');
		    q++)
			;
		k += q < nl;
	}
	return k;
}

/* Whether s[0..n) is white space only, as paras() sees it (no paragraph). */
static int
blank(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' &&
		    p[i] != '\n')
			return 0;
	return 1;
}

static void
bad_line(struct split *sp, unsigned long long ln, const char *why,
    const unsigned char *p, size_t n)
{
	struct side_ent e = { .kind = SIDE_BAD, .a = ln,
	    .data = (unsigned char *)p, .ndata = n, .text = (char *)why };

	warn("%s:%llu: %s; the line goes to the excluded file", sp->name, ln,
	    why);
	side_put(sp->side, sp->o->side, &e);
	sp->n[C_BAD]++;
}

/*
 * A record's side entry, then its text down the chain. The join half
 * gets the record with the text field null, to parse again cheaply,
 * and the line as it came, for the excluded file; a field of HTML stays
 * in the record (it is not the field the text goes to).
 */
static void
record(struct split *sp, struct json_object *obj, const char *f,
    const unsigned char *p, size_t n, unsigned long long ln,
    unsigned long long off, const char *text, size_t nt)
{
	struct json_object *v = NULL;
	struct side_ent e = { .kind = SIDE_JSON, .a = ln, .bytes = nt,
	    .text = "" };
	const char *js;
	size_t njs;

	e.paras = sp->o->hfield ? UINT64_MAX :
	    paras((const unsigned char *)text, nt);
	if (sp->o->hfield == NULL) {
		json_object_object_get_ex(obj, f, &v);
		json_object_get(v);	/* text lives on in v */
		json_object_object_add(obj, f, NULL);
	}
	js = json_object_to_json_string_length(obj, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &njs);
	e.data = (unsigned char *)js;
	e.ndata = njs;
	e.nobj = njs;
	if (sp->base != UINT64_MAX) {	/* the join half reads it back */
		e.off = sp->base + off;
		e.nraw = n;
	} else {
		e.more = p;
		e.nmore = n;
	}
	side_put(sp->side, sp->o->side, &e);
	send(sp, NULL, (const unsigned char *)text, nt);
	json_object_put(v);
}

static void
jsonl(struct split *sp, struct src *s)
{
	const char *f = sp->o->hfield ? sp->o->hfield : sp->o->field;
	const unsigned char *p;
	const char *text, *why;
	unsigned long long ln = 0, off;
	struct json_object *obj;
	size_t n, nt;
	int st;
	char why2[96];

	for (;;) {
		off = s->off;	/* where the line starts */
		if ((st = src_line(s, &p, &n)) == 0)
			break;
		ln++;
		if (st < 0) {
			snprintf(why2, sizeof(why2), "a line of %zu bytes, over "
			    "the -M cap", n);
			bad_line(sp, ln, why2, (const unsigned char *)"", 0);
			continue;
		}
		if (src_gap(s)) {
			bad_line(sp, ln, "compressed data lost in the line", p,
			    n);
			continue;
		}
		if (ln == 1 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0) {
			p += 3;		/* a byte-order mark: not JSON */
			n -= 3;
			off += 3;
		}
		sp->n[C_RECORDS]++;
		if (blank(p, n)) {
			sp->n[C_RECORDS]--;
			sp->n[C_BLANK]++;
			continue;
		}
		if ((obj = jsonl_parse(p, n, f, &text, &nt, &why)) == NULL) {
			bad_line(sp, ln, why, p, n);
			continue;
		}
		record(sp, obj, f, p, n, ln, off, text, nt);
		json_object_put(obj);
	}
}

/* A JSON string of a WARC header field, or JSON null. */
static struct json_object *
hfield(const struct warc_rec *r, const char *name)
{
	const char *v;
	size_t n;

	if (!warc_field(r, name, &v, &n))
		return NULL;
	if (n >= 2 && v[0] == '<' && v[n - 1] == '>' &&
	    strcmp(name, "WARC-Target-URI") == 0) {
		v++;		/* WARC/1.0's <uri> form */
		n -= 2;
	}
	return json_object_new_string_len(v, (int)n);
}

/* One response record's page: skipped and counted, or sent. */
static void
page(struct split *sp, const struct warc_rec *r)
{
	struct http_page h;
	const char *why;
	char pre[80];

	if (http_parse(r->block, r->nblock, sp->o->max, &h, &why) < 0) {
		warn("%s: record at byte %llu: %s; skipped", sp->name, r->at,
		    why);
		sp->n[C_SKIP_HTTP]++;
	} else if (!h.html) {
		sp->n[C_SKIP_MIME]++;
	} else if (h.status < 200 || h.status > 299) {
		sp->n[C_SKIP_STATUS]++;
	} else {
		struct json_object *m = json_object_new_object();
		struct side_ent e = { .kind = SIDE_WARC, .a = r->at,
		    .paras = UINT64_MAX, .bytes = h.nbody, .text = "" };
		size_t len;

		json_object_object_add(m, "id", hfield(r, "WARC-Record-ID"));
		json_object_object_add(m, "url", hfield(r, "WARC-Target-URI"));
		json_object_object_add(m, "date", hfield(r, "WARC-Date"));
		e.data = (unsigned char *)json_object_to_json_string_length(m,
		    JSON_C_TO_STRING_PLAIN, &len);
		e.ndata = len;
		side_put(sp->side, sp->o->side, &e);
		json_object_put(m);
		pre[0] = 0;
		if (h.charset[0])
			snprintf(pre, sizeof(pre), "<meta charset=\"%s\">\n",
			    h.charset);
		send(sp, pre, h.body, h.nbody);
	}
	http_free(&h);
}

static void
warc(struct split *sp, struct src *s)
{
	struct warc_rec r;
	const char *why, *v;
	size_t n;
	int st, resp, nothtml;

	memset(&r, 0, sizeof(r));
	while ((st = warc_head(s, &r, &why)) != WARC_END) {
		if (st == WARC_BAD) {
			warn("%s: record at byte %llu: %s; skipped", sp->name,
			    r.at, why);
			sp->n[C_CORRUPT]++;
			continue;
		}
		sp->n[C_RECORDS]++;
		resp = warc_field(&r, "WARC-Type", &v, &n) && n == 8 &&
		    memcmp(v, "response", 8) == 0;
		/* A payload that says it is no HTML is read through, not
		   held (a video, a PDF). */
		nothtml = resp && http_html(s->buf + s->pos, src_need(s,
		    r.length < PEEK ? r.length : PEEK)) == 0;
		if (warc_block(s, &r, resp && !nothtml, &why) != WARC_REC) {
			warn("%s: record at byte %llu: %s; skipped", sp->name,
			    r.at, why);
			sp->n[C_CORRUPT]++;
		} else if (!resp) {
			sp->n[C_SKIP_TYPE]++;
		} else if (nothtml) {
			sp->n[C_SKIP_MIME]++;
		} else if (r.block == NULL) {
			warn("%s: record at byte %llu: a block of %llu bytes, "
			    "over the -M cap; skipped", sp->name, r.at,
			    r.length);
			sp->n[C_SKIP_BIG]++;
		} else {
			page(sp, &r);
		}
	}
	free(r.head);
	free(r.block);
}

/*
 * With -R, where a plain file's reading starts, so that each line's
 * offset in it is known; UINT64_MAX for input that cannot be read back
 * (a pipe, or -R not given).
 */
static unsigned long long
readback(const struct rec_opts *o, int fd)
{
	struct stat sb;
	off_t at;

	if (!o->readback || o->warc || fstat(fd, &sb) < 0 ||
	    !S_ISREG(sb.st_mode) || (at = lseek(fd, 0, SEEK_CUR)) < 0)
		return UINT64_MAX;
	return (unsigned long long)at;
}

int
split_run(const struct rec_opts *o, const char *file)
{
	struct split sp = { .o = o };
	struct side_ent h = { .kind = SIDE_HEAD, .text = "" };
	struct src s;
	int fd = 0, st;

	sp.name = o->outname ? o->outname :
	    strcmp(file, "-") == 0 ? "<stdin>" : file;
	if (strcmp(file, "-") != 0 && (fd = open(file, O_RDONLY)) < 0)
		die("%s:", file);
	if ((sp.side = fopen(o->side, "w")) == NULL)
		die("%s:", o->side);
	setvbuf(sp.side, NULL, _IOFBF, (size_t)1 << 18);
	sp.base = readback(o, fd);
	src_open(&s, fd, sp.name, o->max);
	if (s.comp != COMP_NONE)
		sp.base = UINT64_MAX;
	h.a = s.comp;
	side_put(sp.side, o->side, &h);
	if (o->warc)
		warc(&sp, &s);
	else
		jsonl(&sp, &s);
	flushout(&sp);
	st = s.failed ? RINSE_ERR : sp.n[C_BAD] || sp.n[C_CORRUPT] ||
	    s.gaps ? RINSE_BAD : RINSE_OK;
	src_close(&s);
	if (fd > 0)
		close(fd);
	if (fclose(sp.side) == EOF)
		die("%s:", o->side);
	if (o->verbose && o->warc) {
		static const char *const wkeys[] = { "records", "sent",
		    "skip_type", "skip_mime", "skip_status", "skip_http",
		    "skip_big", "corrupt", "nul" };
		unsigned long long v[] = { sp.n[C_RECORDS], sp.n[C_SENT],
		    sp.n[C_SKIP_TYPE], sp.n[C_SKIP_MIME], sp.n[C_SKIP_STATUS],
		    sp.n[C_SKIP_HTTP], sp.n[C_SKIP_BIG], sp.n[C_CORRUPT],
		    sp.n[C_NUL] };

		stats_print(wkeys, v, 9);
	} else if (o->verbose) {
		stats_print(keys, sp.n, C_NUL + 1);
	}
	return st;
}
