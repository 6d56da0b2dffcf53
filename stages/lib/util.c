/* util.c: messages, allocation, checked output, option numbers. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>

static const char *progname = "rinse";

void
setprogname(const char *argv0)
{
	const char *p = strrchr(argv0, '/');

	progname = p ? p + 1 : argv0;
}

const char *
getprogname_(void)
{
	return progname;
}

static void
vmsg(const char *fmt, va_list ap)
{
	size_t len = strlen(fmt);
	int saved = errno;

	fflush(stdout);
	fprintf(stderr, "%s: ", progname);
	vfprintf(stderr, fmt, ap);
	if (len > 0 && fmt[len - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

_Noreturn void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(RINSE_ERR);
}

_Noreturn void
dief(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	exit(status);
}

void
warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory allocating %zu bytes", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		die("out of memory allocating %zu bytes", n * size);
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		die("out of memory allocating %zu bytes", n);
	return q;
}

void *
xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 16;

	if (need <= *cap && p != NULL)
		return p;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : 2 * c;
	if (size > 0 && c > SIZE_MAX / size)
		die("out of memory: %zu elements of %zu bytes", c, size);
	*cap = c;
	return xrealloc(p, c * size);
}

void *
xgrowmax(void *p, size_t *cap, size_t need, size_t size, size_t limit)
{
	size_t c = *cap ? *cap : 16;

	if (need <= *cap && p != NULL)
		return p;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : 2 * c;
	if (c > limit)
		c = need > limit ? need : limit;
	if (size > 0 && c > SIZE_MAX / size)
		die("out of memory: %zu elements of %zu bytes", c, size);
	*cap = c;
	return xrealloc(p, c * size);
}

char *
xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(xmalloc(n), s, n);
}

void
efwrite(const void *p, size_t n, FILE *fp)
{
	if (n > 0 && fwrite(p, 1, n, fp) != n)
		die("write error:");
}

int
efshut(FILE *fp, const char *name)
{
	int bad = 0;

	errno = 0;
	if (fflush(fp) == EOF || ferror(fp)) {
		warn("%s: write error:", name);
		bad = 1;
	}
	if (fclose(fp) == EOF && !bad) {
		warn("%s: close error:", name);
		bad = 1;
	}
	return bad ? RINSE_ERR : RINSE_OK;
}

long
parse_num(const char *arg, long min, long max, int opt)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || errno == ERANGE || v < min ||
	    v > max)
		die("-%c: '%s' is not a whole number from %ld to %ld", opt,
		    arg, min, max);
	return v;
}

size_t
parse_size(const char *arg, size_t min, size_t max, int opt)
{
	char *end;
	unsigned long long v, mul = 1;

	errno = 0;
	if (*arg == '-')
		goto bad;
	v = strtoull(arg, &end, 10);
	if (end == arg || errno == ERANGE)
		goto bad;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	}
	if (*end != '\0' || v > SIZE_MAX / mul || v * mul < min ||
	    v * mul > max)
		goto bad;
	return (size_t)(v * mul);
bad:
	{
		char a[32], b[32];

		die("-%c: '%s' is not a size from %s to %s (a number, "
		    "optionally with K, M or G)", opt, arg, fmtsize(min, a),
		    fmtsize(max, b));
	}
}

const char *
fmtsize(size_t n, char buf[32])
{
	if (n >= (1u << 30) && n % (1u << 30) == 0)
		snprintf(buf, 32, "%zu GiB", n >> 30);
	else if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(buf, 32, "%zu MiB", n >> 20);
	else if (n >= (1u << 10) && n % (1u << 10) == 0)
		snprintf(buf, 32, "%zu KiB", n >> 10);
	else
		snprintf(buf, 32, "%zu bytes", n);
	return buf;
}
