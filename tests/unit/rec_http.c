/*
 * rec_http.c: the HTTP response inside a WARC record (stages/rec/http.c)
 * is read as a server meant it: status, HTML or not, the charset, the
 * body with chunked transfer coding and gzip content coding undone; a
 * response it cannot read is refused with a reason, never cut short.
 */
#include <string.h>
#include <zlib.h>

#include "check.h"
#include "../../stages/rec/http.c"

static int
parse(const char *s, size_t max, struct http_page *h, const char **why)
{
	return http_parse((const unsigned char *)s, strlen(s), max, h, why);
}

static int
body_is(const struct http_page *h, const char *want)
{
	return h->nbody == strlen(want) && memcmp(h->body, want, h->nbody) == 0;
}

int
main(void)
{
	struct http_page h;
	const char *why = NULL;
	unsigned char gz[256], big[4096];
	char raw[512];
	uLongf n;
	z_stream z;

	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Type: text/html; "
	    "charset=\"EUC-KR\"\r\n\r\n<p>x</p>", 1 << 20, &h, &why) == 0);
	CHECK(h.status == 200 && h.html && strcmp(h.charset, "EUC-KR") == 0);
	CHECK(body_is(&h, "<p>x</p>"));
	http_free(&h);

	/* LF line ends, a type in capitals, no charset, another status. */
	CHECK(parse("HTTP/1.0 404 Not Found\nContent-type: TEXT/HTML\n\nno",
	    1 << 20, &h, &why) == 0);
	CHECK(h.status == 404 && h.html && h.charset[0] == 0);
	CHECK(body_is(&h, "no"));
	http_free(&h);

	/* Not HTML: a longer type that starts alike, plain text. */
	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Type: text/htmlx\r\n\r\n",
	    1 << 20, &h, &why) == 0 && !h.html);
	http_free(&h);
	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nx",
	    1 << 20, &h, &why) == 0 && !h.html);
	http_free(&h);

	/* Chunks, with an extension and a trailer. */
	CHECK(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "3;x=y\r\n<p>\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n", 1 << 20,
	    &h, &why) == 0);
	CHECK(body_is(&h, "<p>0123456789"));
	http_free(&h);
	/* A chunk longer than what follows, and no size at all. */
	CHECK(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "ff\r\nshort", 1 << 20, &h, &why) < 0 &&
	    strstr(why, "chunked") != NULL);
	http_free(&h);
	CHECK(parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
	    "zz\r\n", 1 << 20, &h, &why) < 0);
	http_free(&h);

	/* gzip content coding, and a body that inflates past the cap. */
	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)"<p>gzipped</p>";
	z.avail_in = 14;
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	deflate(&z, Z_FINISH);
	n = z.total_out;
	deflateEnd(&z);
	memcpy(raw, "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", 43);
	memcpy(raw + 43, gz, n);
	CHECK(http_parse((unsigned char *)raw, 43 + n, 1 << 20, &h, &why) == 0);
	CHECK(body_is(&h, "<p>gzipped</p>"));
	http_free(&h);
	memset(big, 'a', sizeof(big));
	n = sizeof(gz);
	memset(&z, 0, sizeof(z));
	deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = big;
	z.avail_in = sizeof(big);
	z.next_out = gz;
	z.avail_out = sizeof(gz);
	deflate(&z, Z_FINISH);
	n = z.total_out;
	deflateEnd(&z);
	memcpy(raw + 43, gz, n);
	CHECK(http_parse((unsigned char *)raw, 43 + n, 1024, &h, &why) < 0);
	http_free(&h);
	CHECK(http_parse((unsigned char *)raw, 43 + n, 8192, &h, &why) == 0 &&
	    h.nbody == sizeof(big));
	http_free(&h);

	/* The type from the first bytes alone, or not yet known. */
	CHECK(http_html((const unsigned char *)"HTTP/1.1 200 OK\r\n"
	    "Content-Type: video/mp4\r\n\r\n\0\0", 45) == 0);
	CHECK(http_html((const unsigned char *)"HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/html\r\n\r\n<p>", 47) == 1);
	CHECK(http_html((const unsigned char *)"HTTP/1.1 200 OK\r\n"
	    "Content-Type: text/ht", 38) == -1);
	CHECK(http_html((const unsigned char *)"garbage", 7) == -1);

	/* Refused: no status line, no end of header, a coding unknown. */
	CHECK(parse("<html>", 1 << 20, &h, &why) < 0);
	http_free(&h);
	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n", 1 << 20,
	    &h, &why) < 0 && strstr(why, "does not end") != NULL);
	http_free(&h);
	CHECK(parse("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\nxx",
	    1 << 20, &h, &why) < 0);
	http_free(&h);
	return check_failed != 0;
}
