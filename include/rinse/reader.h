/*
 * reader.h: the streaming line reader every stage reads through.
 *
 * It yields lines of any length up to a cap, each with its length and
 * without its '\n'; lines are not NUL-terminated and may contain any byte
 * but '\n' (and NUL, see below). A last line without '\n' is a line.
 * Memory is the longest line, rounded up to a power of two, never the
 * length of the stream.
 *
 * Record mode (-z): documents are separated by NUL bytes. A NUL ends the
 * current line, if any, and the record; reader_next() then returns
 * RD_EOD once. A last record without a terminating NUL is still a record
 * and also ends with RD_EOD. Without record mode a NUL byte means binary
 * input and is an error (RD_ERR with err == RD_EBINARY), unless the stage
 * set nulok: then a NUL is a byte of the line like any other.
 */
#ifndef RINSE_READER_H
#define RINSE_READER_H

#include <stddef.h>
#include <sys/types.h>

enum {
	RD_EOF = 0,	/* no more input */
	RD_LINE = 1,	/* *line, *len hold a line */
	RD_EOD = 2,	/* record mode: the record ended */
	RD_ERR = -1	/* see err */
};

/* Reasons besides errno values for RD_ERR (negative so they never clash). */
enum {
	RD_ETOOLONG = -1,	/* a line longer than max */
	RD_EBINARY = -2,	/* a NUL byte outside record mode */
	RD_ETOOBIG = -3		/* a document over the cap (reader_refuse()) */
};

#define RD_DEFAULT_MAX ((size_t)64 << 20)	/* default line cap: 64 MiB */

/* The reader's state: reader.c's alone; stages hold a pointer. */
struct reader;

/*
 * Starts reading fd; max is the line cap, 0 for the default. name is
 * kept, not copied. reader_open() allocates the reader, reader_close()
 * frees it (neither closes fd).
 */
struct reader *reader_open(int fd, const char *name, size_t max, int zmode);
void reader_close(struct reader *r);

/* The next line, end of record, end of input or an error. */
int reader_next(struct reader *r, const char **line, size_t *len);

/*
 * For a stage that can take many lines at once: the bytes already read
 * after the last line returned, without reading more (*p and the count;
 * there may be none). They stay until the next call of a reader function.
 */
size_t reader_buffered(const struct reader *r, const char **p);

/*
 * Takes the first n of those bytes, which the caller has found to be
 * nlines whole lines, each ended by '\n', free of NUL and no longer than
 * the cap (n <= reader_max() + 1 makes sure of that), as if
 * reader_next() had returned them. A caller that does not count them
 * passes 0: line numbers in later messages then leave them out.
 */
void reader_take(struct reader *r, size_t n, unsigned long long nlines);

/*
 * Whether any input is left (it may read to find out). In record mode a
 * stage calls this before each record.
 */
int reader_more(struct reader *r);

/*
 * What a stage may ask of the reader; no stage reads struct reader's
 * fields (only reader.c does).
 *
 * reader_nl(): whether the last line returned ended with '\n'.
 * reader_zmode(): whether it reads NUL-separated records (-z).
 * reader_error(): the err of the last RD_ERR (errno, RD_ETOOLONG,
 *   RD_ETOOBIG or RD_EBINARY), 0 while there was none.
 * reader_eof(): whether read(2) said the input ended; the bytes
 *   buffered may still be unread.
 * reader_bytes(): the bytes read from the input so far.
 * reader_fd(): the descriptor read, for poll(2).
 */
int reader_nl(const struct reader *r);
int reader_zmode(const struct reader *r);
int reader_error(const struct reader *r);
int reader_eof(const struct reader *r);
unsigned long long reader_bytes(const struct reader *r);
int reader_fd(const struct reader *r);

/* Outside record mode: NUL bytes are line bytes, not binary input. */
void reader_nulok(struct reader *r, int on);

/*
 * For a stage that reads raw bytes, not lines (rinse-enc's detection and
 * UTF-16): reader_fill() reads more after the bytes buffered (see
 * reader_buffered()), moving them to the front of the buffer, which it
 * never grows: it returns the bytes read, 0 at the end of input or when
 * the buffer is full, -1 on error (then reader_fail() says what).
 * reader_full() says whether the buffered bytes fill the buffer.
 * reader_skip() takes the first n buffered bytes as read, whatever they
 * hold, without counting lines or starting a record.
 */
ssize_t reader_fill(struct reader *r);
int reader_full(const struct reader *r);
void reader_skip(struct reader *r, size_t n);

/* The number of the last line returned (counting from 1). */
unsigned long long reader_lineno(const struct reader *r);

/* The cap on a line (the -M of the stage): the longest line returned. */
size_t reader_max(const struct reader *r);

/*
 * For a stage that holds a document: what it holds for the document
 * would pass the cap with the line last returned, so it stops there. The
 * reader then stands as after RD_ERR with err RD_ETOOBIG: reader_fail()
 * says so, and stage_run() reads no more of the input.
 */
void reader_refuse(struct reader *r);

/*
 * Prints a message for the error of the last RD_ERR, naming the file and
 * line, and returns the exit status it calls for: RINSE_BAD for binary
 * input, RINSE_ERR for read errors, over-long lines and documents over
 * the cap (in the form of capwarn(), stage.h).
 */
int reader_fail(const struct reader *r);

/* The name to show in messages. */
const char *reader_name(const struct reader *r);

#endif
