/*
 * util.h: what every stage shares besides the reader and UTF-8: error
 * messages, exit codes, allocation that cannot fail, checked output, and
 * number parsing for options.
 */
#ifndef RINSE_UTIL_H
#define RINSE_UTIL_H

#include <stddef.h>
#include <stdio.h>

#define RINSE_VERSION "0.1.0"

/* Exit statuses, the same in every stage (DESIGN.md). */
enum {
	RINSE_OK = 0,	/* done */
	RINSE_BAD = 1,	/* input the stage could not clean; it said what */
	RINSE_ERR = 2	/* usage, I/O or resource error */
};

/* Set once from main(); messages start with it. */
void setprogname(const char *argv0);
const char *getprogname_(void);

/*
 * die() prints "prog: msg" and exits RINSE_ERR; dief() exits with the given
 * status; warn() prints and returns. A format ending in ':' gets
 * ": strerror(errno)" appended.
 */
_Noreturn void die(const char *fmt, ...);
_Noreturn void dief(int status, const char *fmt, ...);
void warn(const char *fmt, ...);

/* Allocation that exits with a message instead of returning NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);

/*
 * Grows p, an array of *cap elements of size bytes, to hold need of them
 * (at least 16), doubling, so that appending costs amortized constant
 * time; *cap gets the new count. Returns p, maybe moved; p may be NULL.
 * Dies when memory or the size runs out.
 */
void *xgrow(void *p, size_t *cap, size_t need, size_t size);
/*
 * xgrow() for an array held under a cap: the doubling stops at limit
 * elements (unless need passes it), so that the room it leaves unused
 * stays under the cap too.
 */
void *xgrowmax(void *p, size_t *cap, size_t need, size_t size,
    size_t limit);
char *xstrdup(const char *s);

/*
 * Checked output. efwrite() writes n bytes or dies naming the error (EPIPE
 * and ENOSPC included); efshut() flushes and closes fp at the end and
 * returns RINSE_ERR, after a message, if anything written was lost.
 */
void efwrite(const void *p, size_t n, FILE *fp);
int efshut(FILE *fp, const char *name);

/*
 * Option arguments. parse_num() accepts a decimal integer in [min, max];
 * parse_size() accepts a byte count with an optional K, M or G suffix
 * (powers of 1024) in [min, max]. Both die with a message naming opt.
 */
long parse_num(const char *arg, long min, long max, int opt);
size_t parse_size(const char *arg, size_t min, size_t max, int opt);

/* Human form of a byte count for messages: "64 MiB". */
const char *fmtsize(size_t n, char buf[32]);

#endif
