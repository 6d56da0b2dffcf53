/*
 * rec.h: rinse-rec, records in and out of the chain.
 *
 * rinse-rec takes corpus records (JSON Lines, WARC) apart into a -z
 * stream of texts for the chain, and puts the chain's output back into
 * records. The two halves run as two processes around the chain:
 *
 *     rinse-rec -S SIDE FILE | rinse-enc -z | ... | rinse-rec -J SIDE
 *
 * The split half writes, for every record, what the join half needs to
 * rebuild it (the record's own line, or its WARC metadata) to the side
 * file SIDE, flushed before the record's text goes down the pipe, so the
 * join half always finds a record's entry when its text comes back.
 * Lines that are not records go to SIDE only, for the excluded file.
 *
 * Files: src.c reads bytes (plain, gzip, zstd by content), sink.c writes
 * them (the same), side.c the side file, jsonl.c JSON records, warc.c
 * WARC framing, http.c the HTTP response inside a WARC record, split.c
 * and join.c the two halves, rec.c main.
 */
#ifndef REC_H
#define REC_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <zlib.h>
#include <zstd.h>

/* ---- src.c: a byte source, decompressed by content ---- */

enum { COMP_NONE, COMP_GZIP, COMP_ZSTD };

struct src {
	int fd;
	const char *name;	/* for messages */
	int comp;		/* COMP_*, from the first bytes */
	unsigned char *raw;	/* compressed bytes: raw[rpos..rend) */
	size_t rpos, rend, rcap;
	unsigned long long rbase;	/* file offset of raw[0] */
	int reof;		/* read() returned 0 */
	unsigned char *buf;	/* decoded bytes: buf[pos..end) unread */
	size_t pos, end, cap;
	size_t max;		/* cap on what a caller may ask to hold */
	int done;		/* no more decoded bytes will come */
	int failed;		/* a read error (message given) */
	unsigned gaps;		/* times decoded data was lost (corruption) */
	unsigned long long off;	/* decoded offset of buf[pos] */
	z_stream z;
	int zinit;
	int zin_mid;		/* inside a member or frame */
	int gapwait;		/* stopped at lost data: see src_gap() */
	ZSTD_DStream *zs;
};

void src_open(struct src *s, int fd, const char *name, size_t max);
void src_close(struct src *s);
/* Makes at least n bytes readable at buf+pos if the input has them
 * (n <= max); returns how many are. */
size_t src_need(struct src *s, size_t n);
/* The next line without its '\n' in *p, *n. Returns 1, 0 at the end, or
 * -1 for a line over max, which has then been skipped (*n its length). */
int src_line(struct src *s, const unsigned char **p, size_t *n);
/* Whether the source stopped at lost data; it then goes on. */
int src_gap(struct src *s);
/* Discards n bytes (reading through them); returns how many there were. */
unsigned long long src_skip(struct src *s, unsigned long long n);

/* ---- sink.c: a byte sink, compressed as asked ---- */

struct sink {
	FILE *fp;
	const char *name;
	int comp;
	z_stream z;
	ZSTD_CStream *zs;
	unsigned char *obuf;
	size_t ocap;
};

void sink_open(struct sink *k, FILE *fp, const char *name, int comp);
void sink_write(struct sink *k, const void *p, size_t n);
/* Ends the stream, flushes and closes fp; returns an exit status. */
int sink_close(struct sink *k);

/* ---- side.c: the side file between the halves ---- */

enum {
	SIDE_HEAD = 'H',	/* a = the input's compression (COMP_*) */
	SIDE_JSON = 'J',	/* a JSON record whose text went down: data is
				   the record without its text (nobj bytes of
				   JSON, the field null) and then its line,
				   or (split -R) off and nraw say where the
				   line is in the input; a its line number */
	SIDE_WARC = 'W',	/* a WARC page whose text went down: data is
				   a JSON object of its metadata */
	SIDE_BAD = 'X'		/* a line that is no record: data the line,
				   text the reason, a the line number */
};

struct side_ent {
	int kind;
	unsigned long long a;	/* as the kind says */
	unsigned long long paras;	/* paragraphs in, when known */
	unsigned long long bytes;	/* bytes of the text sent */
	unsigned long long nobj;	/* SIDE_JSON: see above */
	unsigned long long off, nraw;	/* SIDE_JSON: the line in the input,
					   when data does not hold it */
	unsigned char *data;
	size_t ndata;
	const unsigned char *more;	/* side_put(): more data after data */
	size_t nmore;
	char *text;		/* NUL-terminated; "" when none */
	size_t cap;		/* bytes behind data and text */
};

/* Writes one entry; the caller flushes fp before the entry's text goes
 * down the chain (see rec.h's contract). */
void side_put(FILE *fp, const char *name, const struct side_ent *e);
/* Reads the next entry; returns 1, 0 at the end, or dies when the file
 * is damaged. */
int side_get(FILE *fp, const char *name, struct side_ent *e);

/* ---- jsonl.c: JSON records ---- */

struct json_object;

/*
 * Parses a line as one JSON object and finds the string field.
 * Returns the object (the caller puts it) with *text and *ntext in it, or
 * NULL with *why saying what is wrong.
 */
struct json_object *jsonl_parse(const unsigned char *line, size_t n,
    const char *field, const char **text, size_t *ntext, const char **why);
/* The line for the excluded file: file, line number, reason, what each
 * stage removed (when dropped is not NULL) and either the record (obj,
 * when it parsed) or the raw line. */
void jsonl_excluded(struct sink *k, const char *file, unsigned long long
    lineno, const char *reason, struct json_object *obj,
    const unsigned char *raw, size_t nraw, const unsigned *dropped);
/* Writes obj with field set to text (n bytes) and the "rinse" counts. */
void jsonl_write(struct sink *k, struct json_object *obj, const char *field,
    const char *text, size_t n, const struct side_ent *e,
    unsigned long long paras_out, const unsigned *dropped);

/* ---- warc.c: WARC framing ---- */

struct warc_rec {
	unsigned long long at;	/* decoded offset of the record */
	char *head;		/* the header lines, NUL-terminated */
	size_t nhead;
	unsigned long long length;	/* Content-Length */
	unsigned char *block;	/* the block when read, else NULL */
	size_t nblock;
};

enum { WARC_REC = 1, WARC_END = 0, WARC_BAD = -1 };

/*
 * Reads the next record's header into r. On WARC_BAD *why says what was
 * wrong; the source is then past it, at the next line that starts
 * "WARC/1." or at the end.
 */
int warc_head(struct src *s, struct warc_rec *r, const char **why);
/* A header field's value (trimmed) in *v, *n; 0 when absent. */
int warc_field(const struct warc_rec *r, const char *name, const char **v,
    size_t *n);
/*
 * Reads the block (when want and it fits the cap) or skips it, then the
 * two CRLFs that end a record. Returns WARC_REC, or WARC_BAD with *why
 * (truncated, corrupt, no end marker; resynchronized as warc_head does).
 */
int warc_block(struct src *s, struct warc_rec *r, int want, const char **why);

/* ---- http.c: the HTTP response inside a WARC response record ---- */

struct http_page {
	int status;
	int html;		/* Content-Type is HTML (or XHTML) */
	char charset[48];	/* from Content-Type, "" when none */
	const unsigned char *body;
	size_t nbody;
	unsigned char *owned;	/* body when it was decoded here */
};

/* Whether the response whose first n bytes are at p is HTML: 1, 0, or
 * -1 when they do not hold its whole header. */
int http_html(const unsigned char *p, size_t n);
/* Reads a response; returns 0, or -1 with *why. Frees with http_free. */
int http_parse(const unsigned char *p, size_t n, size_t max,
    struct http_page *h, const char **why);
void http_free(struct http_page *h);

/* ---- counts.c: paragraphs dropped by each stage, per record ---- */

#define NSTAGE 3	/* html, ads, dedup */

struct counts {
	const char *path;	/* NULL: no counts */
	int fd;
	char *buf;		/* a line not yet whole */
	size_t blen, bcap;
	unsigned long long base;	/* the record n[off] counts */
	unsigned (*n)[NSTAGE];	/* n[used..cap) are zero */
	size_t cap, off, used;
	unsigned long long mark;	/* the caller's mark at the last read */
};

void counts_open(struct counts *c, const char *path);
void counts_close(struct counts *c);
/*
 * Record k's counts (records count from 1, and are taken in order). The
 * log is read again only when mark (the bytes the caller has read of the
 * chain's output) moved since the last time: if it did not, record k
 * had come out of the chain before that read, and so had its lines.
 */
void counts_take(struct counts *c, unsigned long long k,
    unsigned long long mark, unsigned out[NSTAGE]);
const char *counts_stage(size_t i);

/* ---- split.c and join.c: the two halves ---- */

struct rec_opts {
	int warc;		/* -W: the input is WARC */
	const char *field;	/* -f: the text field (default "text") */
	const char *hfield;	/* -H: a field of HTML to read instead */
	const char *side;	/* -S or -J: the side file */
	const char *excluded;	/* -x: the excluded file (join) */
	const char *map;	/* -m: each document's name, a line each */
	const char *log;	/* -L: the chain's why-dropped log */
	const char *outname;	/* -n: the name in messages and excluded */
	int comp;		/* -c: output compression, -1: as the input */
	int outfd;		/* split: where the texts go (1) */
	int readback;		/* split -R: the join half reads lines back
				   from the input (-I), so a plain file's
				   lines need not go to the side file */
	const char *input;	/* join -I: that input */
	int verbose;
	size_t max;
};

int split_run(const struct rec_opts *o, const char *file);
int join_run(const struct rec_opts *o);

#endif
