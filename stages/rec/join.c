/*
 * join.c: the second half of rinse-rec (-J): the chain's output back
 * into JSON Lines.
 *
 * Contract: the chain's NUL-separated documents on standard input come
 * in the order the split half sent them; each is paired with the next
 * record entry of the side file and written as one JSON line: the record
 * as it came with its text field replaced by the document (without its
 * last newline) and a "rinse" object of counts, or, for a WARC page, its
 * id, url and date with the text. A document with no text left, and
 * every line the split half found to be no record, goes to the excluded
 * file (-x) with its reason instead, in input order. More documents than
 * records, or fewer, means the chain broke its contract: exit 2.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>
#include <rinse/reader.h>
#include <rinse/stage.h>
#include <rinse/util.h>
#include "rec.h"

enum { J_WRITTEN, J_EMPTY, J_N };
static const char *const keys[J_N] = { "written", "empty" };

struct join {
	const struct rec_opts *o;
	const char *name;	/* the input's name, for the excluded file */
	FILE *side;
	struct side_ent e;
	struct sink out, ex;
	FILE *map;		/* -m: the documents' names */
	struct counts cn;	/* -L: what each stage dropped */
	unsigned long long k;	/* the number of the document */
	int opened, exopen;
	unsigned long long n[J_N];
	char *doc;		/* the document being read */
	size_t ndoc, cap;
	int in;			/* -I: the input, for lines read back */
	int inerr;		/* why it did not open */
	unsigned char *line;	/* a line read back */
	size_t nline;
};

static void
excluded(struct join *j, const char *reason, struct json_object *obj,
    const unsigned *dropped)
{
	if (!j->exopen) {
		FILE *fp = j->o->excluded ? fopen(j->o->excluded, "a") : NULL;

		if (j->o->excluded == NULL)
			die("records to exclude and no -x FILE for them");
		if (fp == NULL)
			die("%s:", j->o->excluded);
		sink_open(&j->ex, fp, j->o->excluded, COMP_NONE);
		j->exopen = 1;
	}
	jsonl_excluded(&j->ex, j->name, j->e.kind == SIDE_WARC ? 0 : j->e.a,
	    reason, obj, j->e.data, j->e.ndata, dropped);
}

/* The next record entry; bad lines before it go to the excluded file. */
static int
next_record(struct join *j)
{
	while (side_get(j->side, j->o->side, &j->e)) {
		if (j->e.kind == SIDE_HEAD) {
			if (!j->opened) {
				sink_open(&j->out, stdout, "<stdout>",
				    j->o->comp >= 0 ? j->o->comp : (int)j->e.a);
				j->opened = 1;
			}
		} else if (j->e.kind == SIDE_BAD) {
			excluded(j, j->e.text, NULL, NULL);
		} else {
			return 1;
		}
	}
	return 0;
}

/* The document read into j->doc; returns 0 at the end of input. */
static int
read_doc(struct join *j, struct reader *rd, unsigned long long *lines)
{
	const char *line;
	size_t len;
	int st;

	j->ndoc = 0;
	*lines = 0;
	if (!reader_more(rd))
		return 0;
	while ((st = reader_next(rd, &line, &len)) == RD_LINE) {
		while (j->ndoc + len + 1 > j->cap)
			j->doc = xrealloc(j->doc, j->cap = j->cap ? j->cap * 2 :
			    4096);
		memcpy(j->doc + j->ndoc, line, len);
		j->ndoc += len;
		j->doc[j->ndoc++] = '\n';
		(*lines)++;
	}
	if (st == RD_ERR)
		exit(reader_fail(rd));
	return 1;
}

/* The record's name for the why-dropped log: its id, else NAME:LINE. */
static void
name(struct join *j, struct json_object *obj)
{
	struct json_object *id;
	const char *s = NULL;
	size_t n;

	if (json_object_object_get_ex(obj, "id", &id) &&
	    (json_object_is_type(id, json_type_string) ||
	    json_object_is_type(id, json_type_int)))
		s = json_object_get_string(id);
	if (s != NULL) {
		for (n = 0; s[n] != 0 && s[n] != '\n' && s[n] != '\t'; n++)
			;
		fwrite(s, 1, n, j->map);
		putc('\n', j->map);
	} else {
		fprintf(j->map, "%s:%llu\n", j->name, j->e.a);
	}
	if (ferror(j->map))
		die("%s: write error:", j->o->map);
}

/*
 * Whether obj, a line read back, is the record the split half saw: the
 * same JSON without its text (as split.c's record() wrote it) and the
 * same length of text.
 */
static int
same(struct join *j, struct json_object *obj)
{
	struct json_object *v = NULL;
	const char *js;
	size_t n;
	int eq;

	if (j->o->hfield == NULL) {
		json_object_object_get_ex(obj, j->o->field, &v);
		if (json_object_get_string_len(v) != (int)j->e.bytes)
			return 0;
		json_object_get(v);
		json_object_object_add(obj, j->o->field, NULL);
	}
	js = json_object_to_json_string_length(obj, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE, &n);
	eq = js != NULL && n == j->e.nobj && memcmp(js, j->e.data, n) == 0;
	if (v != NULL)
		json_object_object_add(obj, j->o->field, v);
	return eq;
}

/*
 * The record of the side entry as it came (for the excluded file): its
 * line, from the side file or read back from the input (split -R).
 */
static struct json_object *
as_it_came(struct join *j)
{
	const unsigned char *p = j->e.data + j->e.nobj;
	size_t n = j->e.ndata - j->e.nobj, nt;
	const char *text, *why;
	struct json_object *obj;
	ssize_t r;

	if (n == 0 && j->e.nraw > 0) {
		if (j->in < 0 && j->o->input == NULL)
			die("%s: records to read back from the input and no "
			    "-I FILE", j->o->side);
		if (j->in < 0)
			die("%s: %s", j->o->input, strerror(j->inerr));
		if (j->e.nraw > j->nline)
			j->line = xrealloc(j->line, j->nline = j->e.nraw);
		for (n = 0; n < j->e.nraw; n += (size_t)r)
			if ((r = pread(j->in, j->line + n, j->e.nraw - n,
			    (off_t)(j->e.off + n))) <= 0) {
				if (r < 0)
					die("%s:", j->o->input);
				break;
			}
		p = j->line;
	}
	obj = jsonl_parse(p, n, j->o->hfield ? j->o->hfield : j->o->field,
	    &text, &nt, &why);
	if (p == j->line && (obj == NULL || !same(j, obj))) {
		json_object_put(obj);
		die("%s: line %llu is not what it was: the input changed "
		    "during the run", j->o->input, j->e.a);
	}
	return obj;
}

static void
one(struct join *j, unsigned long long lines, unsigned long long mark)
{
	struct json_object *obj;
	size_t n = j->ndoc;
	unsigned dropped[NSTAGE];
	int empty;

	if (n > 0 && j->doc[n - 1] == '\n')
		n--;
	empty = lines == 0 || n == 0;
	if (j->e.kind == SIDE_JSON && empty) {
		obj = as_it_came(j);
	} else {
		struct json_tokener *t = json_tokener_new();

		if (t == NULL)
			die("out of memory");
		obj = json_tokener_parse_ex(t, (const char *)j->e.data,
		    j->e.kind == SIDE_JSON ? (int)j->e.nobj : (int)j->e.ndata);
		json_tokener_free(t);
	}
	if (obj == NULL)
		die("%s: damaged: a record that parsed does not now",
		    j->o->side);
	if (j->map != NULL)
		name(j, obj);
	j->k++;
	if (j->cn.path != NULL)
		counts_take(&j->cn, j->k, mark, dropped);
	if (empty) {
		excluded(j, "no text left after the chain", obj,
		    j->cn.path != NULL ? dropped : NULL);
		j->n[J_EMPTY]++;
	} else {
		jsonl_write(&j->out, obj, j->o->field, j->doc, n, &j->e,
		    lines, j->cn.path != NULL ? dropped : NULL);
		j->n[J_WRITTEN]++;
	}
	json_object_put(obj);
}

int
join_run(const struct rec_opts *o)
{
	struct join j;
	struct reader *rd;
	unsigned long long lines;
	int st = RINSE_OK;

	memset(&j, 0, sizeof(j));
	j.o = o;
	j.name = o->outname ? o->outname : "<stdin>";
	if ((j.side = fopen(o->side, "r")) == NULL)
		die("%s:", o->side);
	/* Big blocks: a record is a few KB, a read(2) each 4 KB costs. */
	setvbuf(j.side, NULL, _IOFBF, (size_t)1 << 18);
	/* Opened now, but needed only if split -R left a line to read:
	 * a pipe or socket that will not open says so only then. */
	j.in = o->input != NULL ? open(o->input, O_RDONLY) : -1;
	j.inerr = errno;
	if (o->map != NULL && (j.map = fopen(o->map, "w")) == NULL)
		die("%s:", o->map);
	if (o->log != NULL)
		counts_open(&j.cn, o->log);
	rd = reader_open(0, "<stdin>", o->max, 1);
	while (read_doc(&j, rd, &lines)) {
		if (!next_record(&j))
			die("the chain gave more documents than there were "
			    "records");
		one(&j, lines, reader_bytes(rd));
	}
	if (next_record(&j))
		die("the chain gave fewer documents than there were records");
	if (!j.opened)
		sink_open(&j.out, stdout, "<stdout>", o->comp >= 0 ? o->comp :
		    COMP_NONE);
	if (sink_close(&j.out) != RINSE_OK)
		st = RINSE_ERR;
	if (j.exopen && sink_close(&j.ex) != RINSE_OK)
		st = RINSE_ERR;
	if (j.map != NULL && fclose(j.map) == EOF)
		die("%s: write error:", o->map);
	if (o->verbose)
		stats_print(keys, j.n, J_N);
	reader_close(rd);
	counts_close(&j.cn);
	fclose(j.side);
	free(j.doc);
	free(j.line);
	if (j.in >= 0)
		close(j.in);
	free(j.e.data);
	return st;
}
