/*
 * fuzz.h: what every libFuzzer harness shares. A harness includes its
 * stage's main file with main renamed, builds the stage state the way
 * main() would, and runs the stage's document function over the fuzz input
 * through a real struct reader, so the reader's buffer growth, record
 * splitting and error paths are fuzzed too.
 *
 * Invariant violations abort() after printing what failed, so libFuzzer
 * saves the input as a crash.
 */
#ifndef RINSE_FUZZ_H
#define RINSE_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include <rinse/stage.h>

/*
 * Runs doc over data as the stage loop would (once, or once per record in
 * record mode, a NUL after each). The output is in *out (malloc'd,
 * NUL-terminated for convenience, *outlen bytes); returns the worst status.
 */
int fuzz_run(doc_fn doc, void *state, const void *data, size_t n,
    int zmode, size_t max, char **out, size_t *outlen);

/* Sends stage messages (stderr stdio) to /dev/null; sanitizer reports,
   which write to fd 2 directly, still show. */
void fuzz_quiet(void);

/* Records in a -z stream: NUL-terminated ones plus a last unterminated. */
size_t fuzz_records(const char *s, size_t n);

/* Aborts with a message naming what when s is not valid UTF-8. */
void fuzz_want_utf8(const char *what, const char *s, size_t n);

/* Aborts with a message when a != b. */
void fuzz_want_same(const char *what, const char *a, size_t alen,
    const char *b, size_t blen);

/*
 * Aborts unless every non-empty line of out (within each record when
 * zmode) is a substring of some line of the same record of in.
 */
void fuzz_want_lines_from(const char *what, const char *in, size_t inlen,
    const char *out, size_t outlen, int zmode);

/*
 * The "never invent, never reorder" check for stages that drop lines and
 * cut spans out of them: aborts unless the non-empty lines of out, in
 * order, can be matched to lines of in in non-decreasing order (per record
 * when zmode), each output line's bytes other than spaces being a
 * subsequence of its input line.
 */
void fuzz_want_subseq(const char *what, const char *in, size_t inlen,
    const char *out, size_t outlen, int zmode);

/* The input with every invalid UTF-8 sequence replaced (malloc'd). */
char *fuzz_sanitize(const void *s, size_t n, size_t *outlen);

/* Writes a message and aborts. */
_Noreturn void fuzz_fail(const char *fmt, ...);

#endif
