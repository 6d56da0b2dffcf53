/*
 * Unit tests of the line reader: lines, records, caps, binary input. The
 * reader's code is included, so that a test may hold one of its own and
 * look at its buffer.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/util.h>
#include "check.h"
#include "../../stages/lib/reader.c"

static void
reader_free(struct reader *r)
{
	free(r->buf);
	r->buf = NULL;
}

/* A reader over the bytes s[0..n), through a pipe fed by a child. */
static int
feed(const char *s, size_t n)
{
	int p[2];

	if (pipe(p) < 0)
		die("pipe:");
	switch (fork()) {
	case -1:
		die("fork:");
	case 0:
		close(p[0]);
		while (n > 0) {
			size_t k = n < 1000 ? n : 1000;	/* small writes */
			ssize_t w = write(p[1], s, k);

			if (w <= 0)
				_exit(1);
			s += w;
			n -= w;
		}
		_exit(0);
	}
	close(p[1]);
	return p[0];
}

/*
 * Reads everything and renders it as text: each line as "[...]" with
 * "$" after it if it had a newline, each end of record as "|", an error
 * as "!".
 */
static char *
render(const char *s, size_t n, size_t max, int z)
{
	static char out[1 << 16];
	struct reader r;
	const char *line;
	size_t len, o = 0;
	int rc, fd = feed(s, n);

	reader_init(&r, fd, "t", max, z);
	for (;;) {
		if (z && !reader_more(&r))
			break;
		while ((rc = reader_next(&r, &line, &len)) == RD_LINE) {
			out[o++] = '[';
			memcpy(out + o, line, len < 100 ? len : 100);
			o += len < 100 ? len : 100;
			out[o++] = ']';
			if (r.nl)
				out[o++] = '$';
		}
		if (rc == RD_EOD)
			out[o++] = '|';
		if (rc == RD_ERR)
			out[o++] = '!';
		if (!z || rc == RD_ERR)
			break;
	}
	out[o] = '\0';
	reader_free(&r);
	close(fd);
	return out;
}

int
main(void)
{
	char *big;
	struct reader r;
	const char *line, *p;
	size_t len, i;
	int fd;

	CHECK(strcmp(render("", 0, 0, 0), "") == 0);
	CHECK(strcmp(render("a\nb\n", 4, 0, 0), "[a]$[b]$") == 0);
	CHECK(strcmp(render("a\nb", 3, 0, 0), "[a]$[b]") == 0);
	CHECK(strcmp(render("\n\n", 2, 0, 0), "[]$[]$") == 0);
	/* A last line longer than what came before it, after a refill. */
	CHECK(strcmp(render("ab\nline two is longer", 21, 0, 0),
	    "[ab]$[line two is longer]") == 0);
	CHECK(strcmp(render("ab\nline two\0", 12, 0, 1),
	    "[ab]$[line two]|") == 0);
	CHECK(strcmp(render("ab\0line two is longer", 21, 0, 1),
	    "[ab]|[line two is longer]|") == 0);
	CHECK(strcmp(render("a\0b\n", 4, 0, 0), "!") == 0);

	/* Records. */
	CHECK(strcmp(render("a\nb\0c\0", 6, 0, 1), "[a]$[b]|[c]|") == 0);
	CHECK(strcmp(render("a\0b", 3, 0, 1), "[a]|[b]|") == 0);
	CHECK(strcmp(render("\0\0", 2, 0, 1), "||") == 0);
	CHECK(strcmp(render("a\n\0", 3, 0, 1), "[a]$|") == 0);
	CHECK(strcmp(render("", 0, 0, 1), "") == 0);

	/* A line of 1 MB arrives whole, over many reads. */
	big = xmalloc(1 << 20);
	memset(big, 'x', (1 << 20) - 1);
	big[(1 << 20) - 1] = '\n';
	fd = feed(big, 1 << 20);
	reader_init(&r, fd, "t", 0, 0);
	CHECK(reader_next(&r, &line, &len) == RD_LINE && len == (1 << 20) - 1);
	for (i = 0; i < len && line[i] == 'x'; i++)
		;
	CHECK(i == len);
	CHECK(reader_next(&r, &line, &len) == RD_EOF);
	reader_free(&r);
	close(fd);

	/* Over the cap: an error, not a cut line. */
	fd = feed(big, 1 << 20);
	reader_init(&r, fd, "t", 1 << 16, 0);
	CHECK(reader_next(&r, &line, &len) == RD_ERR && r.err == RD_ETOOLONG);
	CHECK(r.cap <= (1 << 16) + (128 << 10));
	reader_free(&r);
	close(fd);

	/* The cap is exact inside the reader's first block too: a line of
	   max bytes passes, one of max + 1 is refused, with or without its
	   newline, and in a record ended by a NUL. */
	memset(big, 'x', 8192);
	big[4096] = '\n';
	fd = feed(big, 4097);
	reader_init(&r, fd, "t", 4096, 0);
	CHECK(reader_next(&r, &line, &len) == RD_LINE && len == 4096);
	reader_free(&r);
	close(fd);
	big[4096] = 'x';
	big[4097] = '\n';
	fd = feed(big, 4098);
	reader_init(&r, fd, "t", 4096, 0);
	CHECK(reader_next(&r, &line, &len) == RD_ERR &&
	    reader_error(&r) == RD_ETOOLONG && reader_lineno(&r) == 1);
	reader_free(&r);
	close(fd);
	fd = feed(big, 4097);
	reader_init(&r, fd, "t", 4096, 0);
	CHECK(reader_next(&r, &line, &len) == RD_ERR &&
	    reader_error(&r) == RD_ETOOLONG);
	reader_free(&r);
	close(fd);
	big[4097] = '\0';
	fd = feed(big, 4098);
	reader_init(&r, fd, "t", 4096, 1);
	CHECK(reader_more(&r) && reader_next(&r, &line, &len) == RD_ERR &&
	    reader_error(&r) == RD_ETOOLONG);
	reader_free(&r);
	close(fd);
	memset(big, 'x', 8192);

	/* A stage that holds the document refuses it at a line: the
	   reader stops there and says so. */
	fd = feed("a\nb\nc\n", 6);
	reader_init(&r, fd, "t", 4096, 0);
	CHECK(reader_next(&r, &line, &len) == RD_LINE);
	CHECK(reader_next(&r, &line, &len) == RD_LINE);
	reader_refuse(&r);
	CHECK(reader_error(&r) == RD_ETOOBIG && reader_lineno(&r) == 2);
	reader_free(&r);
	close(fd);

	/* Short lines under a small cap still pass. */
	for (i = 0; i < (1 << 20); i += 100)
		big[i] = '\n';
	fd = feed(big, 1 << 20);
	reader_init(&r, fd, "t", 4096, 0);
	while (reader_next(&r, &line, &len) == RD_LINE)
		CHECK(len < 100);
	CHECK(r.err == 0 && r.bytes == (1 << 20));
	reader_free(&r);
	close(fd);

	/* Lines taken in bulk count as read: the next line and its number
	   follow them, in both modes. */
	fd = feed("one\ntwo\nthree\nfour", 18);
	reader_init(&r, fd, "t", 0, 0);
	CHECK(reader_next(&r, &line, &len) == RD_LINE && len == 3);
	/* One write of the child's, so one read (pipes keep those whole). */
	CHECK(reader_buffered(&r, &p) == 14 && memcmp(p, "two\n", 4) == 0);
	reader_take(&r, 10, 2);
	CHECK(reader_buffered(&r, &p) == 4 && memcmp(p, "four", 4) == 0);
	CHECK(reader_next(&r, &line, &len) == RD_LINE && len == 4 &&
	    memcmp(line, "four", 4) == 0 && r.lineno == 4 && !r.nl);
	CHECK(reader_next(&r, &line, &len) == RD_EOF);
	reader_free(&r);
	close(fd);
	fd = feed("a\nb\n\0c\n", 8);
	reader_init(&r, fd, "t", 0, 1);
	CHECK(reader_more(&r) && reader_buffered(&r, &p) == 8);
	reader_take(&r, 4, 2);
	CHECK(reader_next(&r, &line, &len) == RD_EOD);
	CHECK(reader_next(&r, &line, &len) == RD_LINE && len == 1 &&
	    *line == 'c' && r.lineno == 3);
	reader_free(&r);
	close(fd);
	free(big);
	return check_failed != 0;
}
