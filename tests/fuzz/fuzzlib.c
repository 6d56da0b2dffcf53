/* fuzzlib.c: the shared part of the harnesses; see fuzz.h. */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <rinse/reader.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "fuzz.h"

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	/* fd 2 directly: stderr may be /dev/null (fuzz_quiet). */
	if (write(2, "invariant: ", 11) < 0 || write(2, msg, strlen(msg)) < 0 ||
	    write(2, "\n", 1) < 0)
		abort();
	abort();
}

void
fuzz_quiet(void)
{
	FILE *fp = fopen("/dev/null", "w");

	if (fp != NULL && getenv("FUZZ_VERBOSE") == NULL)
		stderr = fp;
}

int
fuzz_run(doc_fn doc, void *state, const void *data, size_t n, int zmode,
    size_t max, char **out, size_t *outlen)
{
	struct reader *r;
	FILE *fp;
	int fd, st, status = RINSE_OK;

	if ((fd = memfd_create("fuzz", 0)) < 0)
		fuzz_fail("memfd_create failed");
	if (n > 0 && write(fd, data, n) != (ssize_t)n)
		fuzz_fail("memfd write failed");
#ifdef FUZZ_KNOWN_LASTLINE
	/*
	 * Fuzzing past a known reader bug (tests/sh/bad-lastline.sh): a last
	 * line without '\n' after another line comes back garbled, so this
	 * build ends every input with one.
	 */
	if (n > 0 && ((const char *)data)[n - 1] != '\n' &&
	    ((const char *)data)[n - 1] != '\0' && write(fd, "\n", 1) != 1)
		fuzz_fail("memfd write failed");
#endif
	lseek(fd, 0, SEEK_SET);
	*out = NULL;
	*outlen = 0;
	if ((fp = open_memstream(out, outlen)) == NULL)
		fuzz_fail("open_memstream failed");
	r = reader_open(fd, "fuzz", max, zmode);
	if (!zmode)
		status = doc(state, r, fp);
	else
		while (reader_more(r)) {
			st = doc(state, r, fp);
			if (st > status)
				status = st;
			if (reader_error(r))
				break;
			putc('\0', fp);
		}
	reader_close(r);
	close(fd);
	if (fclose(fp) != 0)
		fuzz_fail("open_memstream close failed");
	return status;
}

size_t
fuzz_records(const char *s, size_t n)
{
	size_t i, recs = 0;

	for (i = 0; i < n; i++)
		if (s[i] == '\0')
			recs++;
	if (n > 0 && s[n - 1] != '\0')
		recs++;
	return recs;
}

void
fuzz_want_utf8(const char *what, const char *s, size_t n)
{
	size_t k = utf8_valid((const unsigned char *)s, n);

	if (k != n)
		fuzz_fail("%s: invalid UTF-8 at byte %zu of %zu", what, k, n);
}

void
fuzz_want_same(const char *what, const char *a, size_t alen, const char *b,
    size_t blen)
{
	size_t i;

	if (alen == blen && memcmp(a, b, alen) == 0)
		return;
	for (i = 0; i < alen && i < blen && a[i] == b[i]; i++)
		;
	fuzz_fail("%s: outputs differ at byte %zu (lengths %zu, %zu)", what,
	    i, alen, blen);
}

/* The end of the record that starts at s, or s + n. */
static const char *
recend(const char *s, size_t n, int zmode)
{
	const char *e = zmode ? memchr(s, '\0', n) : NULL;

	return e ? e : s + n;
}

static int
inrecord(const char *rec, const char *end, const char *p, size_t plen)
{
	const char *line, *nl;

	for (line = rec; line <= end; line = nl + 1) {
		if ((nl = memchr(line, '\n', end - line)) == NULL)
			nl = end;
		if ((size_t)(nl - line) >= plen &&
		    memmem(line, nl - line, p, plen) != NULL)
			return 1;
		if (nl == end)
			break;
	}
	return 0;
}

void
fuzz_want_lines_from(const char *what, const char *in, size_t inlen,
    const char *out, size_t outlen, int zmode)
{
	const char *irec = in, *iend = in + inlen, *orec = out,
	    *oend = out + outlen, *ie, *oe, *line, *nl;
	size_t rec = 0;

	while (orec < oend) {
		if (irec > iend)
			fuzz_fail("%s: more output records than input", what);
		ie = recend(irec, iend - irec, zmode);
		oe = recend(orec, oend - orec, zmode);
		for (line = orec; line < oe; line = nl + 1) {
			if ((nl = memchr(line, '\n', oe - line)) == NULL)
				nl = oe;
			if (nl > line && !inrecord(irec, ie, line, nl - line))
				fuzz_fail("%s: record %zu: output line at "
				    "byte %zu (%zu bytes) is in no input line",
				    what, rec, (size_t)(line - out),
				    (size_t)(nl - line));
		}
		irec = ie + 1;
		orec = oe + 1;
		rec++;
	}
}

/* Whether the bytes of o other than ' ' occur in order in l. */
static int
subseq(const char *o, size_t on, const char *l, size_t ln)
{
	size_t i, j = 0;

	for (i = 0; i < on; i++) {
		if (o[i] == ' ')
			continue;
		while (j < ln && l[j] != o[i])
			j++;
		if (j == ln)
			return 0;
		j++;
	}
	return 1;
}

void
fuzz_want_subseq(const char *what, const char *in, size_t inlen,
    const char *out, size_t outlen, int zmode)
{
	const char *irec = in, *iend = in + inlen, *orec = out,
	    *oend = out + outlen, *ie, *oe, *line, *nl, *il, *inl;
	size_t rec = 0;

	while (orec < oend) {
		if (irec > iend)
			fuzz_fail("%s: more output records than input", what);
		ie = recend(irec, iend - irec, zmode);
		oe = recend(orec, oend - orec, zmode);
		il = irec;	/* the input line the last output matched */
		for (line = orec; line < oe; line = nl + 1) {
			if ((nl = memchr(line, '\n', oe - line)) == NULL)
				nl = oe;
			if (nl == line)
				continue;
			for (;;) {
				if (il > ie)
					fuzz_fail("%s: record %zu: output line "
					    "at byte %zu (%zu bytes) is in no "
					    "input line at or after the one "
					    "before it", what, rec,
					    (size_t)(line - out),
					    (size_t)(nl - line));
				if ((inl = memchr(il, '\n', ie - il)) == NULL)
					inl = ie;
				if (subseq(line, nl - line, il, inl - il))
					break;
				il = inl + 1;
			}
		}
		irec = ie + 1;
		orec = oe + 1;
		rec++;
	}
}

char *
fuzz_sanitize(const void *s, size_t n, size_t *outlen)
{
	unsigned long long bad = 0;
	unsigned char *out = xmalloc(3 * n + 1);

	*outlen = utf8_sanitize(s, n, out, &bad);
	return (char *)out;
}
