/*
 * http.c: the HTTP response a WARC response record holds.
 *
 * Contract: reads the status line and the header (up to the blank line),
 * says whether the payload is HTML (text/html or application/xhtml+xml)
 * and which charset its Content-Type names, and gives the body as the
 * server meant it: chunked transfer coding undone, gzip or deflate
 * content coding inflated (at most max bytes; more is an error, not a
 * silent cut). Other codings (br, zstd...) are refused with a reason.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rinse/util.h>
#include "rec.h"

/* The value of header name in hdr[0..n) (lines end in LF), or NULL. */
static const char *
field(const char *hdr, size_t n, const char *name, size_t *len)
{
	size_t k = strlen(name);
	const char *p = hdr, *e = hdr + n, *nl;

	for (; p < e; p = nl + 1) {
		if ((nl = memchr(p, '\n', e - p)) == NULL)
			nl = e;
		if ((size_t)(nl - p) > k && p[k] == ':' &&
		    strncasecmp(p, name, k) == 0) {
			p += k + 1;
			while (p < nl && (*p == ' ' || *p == '\t'))
				p++;
			*len = nl - p;
			while (*len > 0 && (p[*len - 1] == '\r' ||
			    p[*len - 1] == ' ' || p[*len - 1] == '\t'))
				(*len)--;
			return p;
		}
	}
	return NULL;
}

/* Media type and charset of a Content-Type value. */
static void
ctype(const char *v, size_t n, struct http_page *h)
{
	size_t i = 0, t, j;

	while (i < n && v[i] != ';' && v[i] != ' ')
		i++;
	h->html = (i == 9 && strncasecmp(v, "text/html", 9) == 0) ||
	    (i == 21 && strncasecmp(v, "application/xhtml+xml", 21) == 0);
	for (; i + 8 <= n; i++) {
		if (strncasecmp(v + i, "charset=", 8) != 0)
			continue;
		t = i + 8;
		if (t < n && (v[t] == '"' || v[t] == '\''))
			t++;
		for (j = 0; t + j < n && j + 1 < sizeof(h->charset) &&
		    (((v[t + j] | 32) >= 'a' && (v[t + j] | 32) <= 'z') ||
		    (v[t + j] >= '0' && v[t + j] <= '9') || v[t + j] == '-' ||
		    v[t + j] == '_' || v[t + j] == '.' || v[t + j] == ':'); j++)
			h->charset[j] = v[t + j];
		h->charset[j] = 0;
		return;
	}
}

/* Undoes chunked transfer coding into h->owned; -1 when malformed. */
static int
unchunk(const unsigned char *p, size_t n, size_t max, struct http_page *h)
{
	size_t i = 0, len, out = 0;
	int d;

	h->owned = xmalloc(n + 1);
	for (;;) {
		len = 0;
		for (d = 0; i < n; i++, d++) {
			int c = p[i] | 32;

			if (p[i] >= '0' && p[i] <= '9')
				c = p[i] - '0';
			else if (c >= 'a' && c <= 'f')
				c = c - 'a' + 10;
			else
				break;
			if (len > max)
				return -1;
			len = len * 16 + c;
		}
		if (d == 0)
			return -1;
		while (i < n && p[i] != '\n')	/* extensions, CR */
			i++;
		if (i++ >= n)
			return -1;
		if (len == 0)
			break;
		if (len > n - i || out + len > max)
			return -1;
		memcpy(h->owned + out, p + i, len);
		out += len;
		i += len;
		if (i < n && p[i] == '\r')
			i++;
		if (i < n && p[i] == '\n')
			i++;
	}
	h->body = h->owned;
	h->nbody = out;
	return 0;
}

/* Inflates gzip or deflate (zlib or raw) content coding; -1 on error. */
static int
inflated(struct http_page *h, size_t max, int gzip)
{
	z_stream z;
	unsigned char *out;
	size_t cap = h->nbody * 4 + 4096;
	int r;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, gzip ? 15 + 16 : 15 + 32) != Z_OK)
		return -1;
	out = xmalloc(cap);
	z.next_in = (unsigned char *)h->body;
	z.avail_in = h->nbody;
	do {
		if (z.total_out == cap) {
			if (cap >= max)
				break;
			out = xrealloc(out, cap *= 2);
		}
		z.next_out = out + z.total_out;
		z.avail_out = cap - z.total_out;
		r = inflate(&z, Z_NO_FLUSH);
	} while (r == Z_OK);
	inflateEnd(&z);
	if (r != Z_STREAM_END || z.total_out > max) {
		free(out);
		return -1;
	}
	free(h->owned);
	h->owned = out;
	h->body = out;
	h->nbody = z.total_out;
	return 0;
}

int
http_html(const unsigned char *p, size_t n)
{
	struct http_page h;
	const char *v;
	size_t i, len;

	if (n < 5 || memcmp(p, "HTTP/", 5) != 0)
		return -1;
	for (i = 0; i + 1 < n; i++)
		if (p[i] == '\n' && (p[i + 1] == '\n' || (p[i + 1] == '\r' &&
		    i + 2 < n && p[i + 2] == '\n')))
			break;
	if (i + 1 >= n)
		return -1;	/* the header goes on past what was read */
	memset(&h, 0, sizeof(h));
	if ((v = field((const char *)p, i + 1, "Content-Type", &len)) != NULL)
		ctype(v, len, &h);
	return h.html;
}

int
http_parse(const unsigned char *p, size_t n, size_t max, struct http_page *h,
    const char **why)
{
	const char *hdr = (const char *)p, *v;
	const unsigned char *end = NULL;
	size_t i, len, nh;

	memset(h, 0, sizeof(*h));
	if (n < 12 || memcmp(p, "HTTP/", 5) != 0) {
		*why = "no HTTP status line";
		return -1;
	}
	for (i = 5; i < n && p[i] != ' '; i++)
		;
	for (i++; i < n && p[i] >= '0' && p[i] <= '9' && h->status < 1000; i++)
		h->status = h->status * 10 + (p[i] - '0');
	for (i = 0; i + 1 < n; i++)
		if (p[i] == '\n' && (p[i + 1] == '\n' || (p[i + 1] == '\r' &&
		    i + 2 < n && p[i + 2] == '\n'))) {
			end = p + i + (p[i + 1] == '\n' ? 2 : 3);
			break;
		}
	if (end == NULL) {
		*why = "the HTTP header does not end";
		return -1;
	}
	nh = end - p;
	h->body = end;
	h->nbody = n - nh;
	if ((v = field(hdr, nh, "Content-Type", &len)) != NULL)
		ctype(v, len, h);
	if ((v = field(hdr, nh, "Transfer-Encoding", &len)) != NULL &&
	    len >= 7 && strncasecmp(v + len - 7, "chunked", 7) == 0 &&
	    unchunk(h->body, h->nbody, max, h) < 0) {
		*why = "bad chunked transfer coding";
		return -1;
	}
	if ((v = field(hdr, nh, "Content-Encoding", &len)) != NULL && len > 0 &&
	    !(len == 8 && strncasecmp(v, "identity", 8) == 0)) {
		int gz = (len == 4 && strncasecmp(v, "gzip", 4) == 0) ||
		    (len == 6 && strncasecmp(v, "x-gzip", 6) == 0);

		if (!gz && !(len == 7 && strncasecmp(v, "deflate", 7) == 0)) {
			*why = "a content coding other than gzip or deflate";
			return -1;
		}
		if (inflated(h, max, gz) < 0) {
			*why = "content coding that does not inflate";
			return -1;
		}
	}
	return 0;
}

void
http_free(struct http_page *h)
{
	free(h->owned);
	h->owned = NULL;
}
