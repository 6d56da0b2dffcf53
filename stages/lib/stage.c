/*
 * stage.c: common options, the loop over inputs and records, the -v line.
 * In record mode (-z) the output of each record is flushed only when the
 * next read could wait for the writer (input_idle()).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rinse/stage.h>
#include <rinse/util.h>

int
common_opt(struct common *c, int ch, const char *arg, void (*usage)(FILE *))
{
	switch (ch) {
	case 'h':
		usage(stdout);
		exit(efshut(stdout, "<stdout>"));
	case 'V':
		printf("%s %s\n", getprogname_(), RINSE_VERSION);
		exit(efshut(stdout, "<stdout>"));
	case 'v':
		c->verbose = 1;
		return 1;
	case 'z':
		c->zmode = 1;
		return 1;
	case 'M':
		c->max = parse_size(arg, 4096, (size_t)1 << 40, 'M');
		return 1;
	}
	return 0;
}

/* The long option argv[i] names in opts, or n; *eq at its "=VALUE". */
static size_t
findlong(const char *a, const struct longopt *opts, size_t n,
    const char **eq)
{
	size_t k, len;

	*eq = strchr(a + 2, '=');
	len = *eq != NULL ? (size_t)(*eq - a - 2) : strlen(a + 2);
	for (k = 0; k < n; k++)
		if (strlen(opts[k].name) == len &&
		    strncmp(opts[k].name, a + 2, len) == 0)
			return k;
	return n;
}

int
longopts(int argc, char *argv[], const struct longopt *opts, size_t n,
    void (*take)(void *ctx, size_t k, const char *value), void *ctx,
    void (*usage)(FILE *))
{
	const char *eq;
	int i, j = 1;
	size_t k;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[j++] = argv[i++];
			break;
		}
		if (strncmp(argv[i], "--", 2) != 0 || argv[i][2] == '\0') {
			argv[j++] = argv[i];
			continue;
		}
		k = findlong(argv[i], opts, n, &eq);
		if (k == n || (eq != NULL && !opts[k].arg) ||
		    (eq == NULL && opts[k].arg && i + 1 >= argc)) {
			warn(k == n ? "unknown option %s" : eq != NULL ?
			    "%s takes no value" : "%s needs a value", argv[i]);
			usage(stderr);
			exit(RINSE_ERR);
		}
		take(ctx, k, !opts[k].arg ? NULL : eq != NULL ? eq + 1 :
		    argv[++i]);
	}
	argv[j] = NULL;
	return j;
}

void
common_help(FILE *fp)
{
	fputs("  -h       print this help and exit\n"
	    "  -V       print the version and exit\n"
	    "  -v       print counts as key=value on stderr at the end\n"
	    "  -z       input and output are NUL-separated documents\n"
	    "  -M SIZE  cap on a line or document in memory (default 64M)\n"
	    "Exit status: 0 done, 1 bad input (what could be cleaned was "
	    "written),\n2 usage, I/O or resource error.\n", fp);
}

/*
 * Whether reading on from r could wait for its writer: nothing is left
 * in its buffer and nothing can be read at once (at the end of input or
 * on an error poll() says there is: the last flush is at exit).
 */
static int
input_idle(const struct reader *r)
{
	struct pollfd p;
	const char *q;

	if (reader_buffered(r, &q) > 0)
		return 0;
	p.fd = reader_fd(r);
	p.events = POLLIN;
	p.revents = 0;
	return poll(&p, 1, 0) != 1;
}

/* Runs doc over one open reader: once, or once per record. */
static int
run_reader(struct reader *r, const struct common *c, doc_fn doc,
    void *state, FILE *out)
{
	int status = RINSE_OK, st;

	if (!c->zmode)
		return doc(state, r, out);
	while (reader_more(r)) {
		st = doc(state, r, out);
		if (st > status)
			status = st;
		if (reader_error(r))
			break;
		if (putc('\0', out) == EOF)
			die("write error:");
		/* Before waiting for more input, the records done so far go
		   out: a writer that sends one document and waits for its
		   result would otherwise wait forever. While input is
		   waiting they stay in the buffer and go out in blocks: a
		   chain of small records made a write(2) (and a reader's
		   wake-up) each. */
		if (input_idle(r) && fflush(out) == EOF)
			die("write error:");
	}
	return status;
}

/*
 * stdout in blocks of 64 KiB: with -z a document is often smaller, and
 * stdio's default for a pipe writes 4 KiB at a time. (glibc ignores the
 * size unless it is given the buffer too.)
 */
int
stage_main(char **files, int nfiles, const struct common *c,
    const struct stage *st, void *state)
{
	static char buf[(size_t)64 << 10];
	unsigned long long vals[STAGE_MAXKEYS] = { 0 };
	int status, s;

	setvbuf(stdout, buf, _IOFBF, sizeof(buf));
	status = stage_run(files, nfiles, c, st->doc, state, stdout, &vals[0]);
	if (efshut(stdout, "<stdout>") != RINSE_OK)
		status = RINSE_ERR;
	if (st->done != NULL && (s = st->done(state)) > status)
		status = s;
	if (c->verbose) {
		st->counts(state, vals);
		stats_print(st->keys, vals, st->nkeys);
	}
	return status;
}

int
stage_run(char **files, int nfiles, const struct common *c, doc_fn doc,
    void *state, FILE *out, unsigned long long *bytes_in)
{
	static char *stdin_only[] = { "-" };
	struct reader *r;
	struct stat sb;
	int status = RINSE_OK, st, fd, i;

	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	if (bytes_in)
		*bytes_in = 0;
	for (i = 0; i < nfiles; i++) {
		if (strcmp(files[i], "-") == 0)
			fd = STDIN_FILENO;
		else if ((fd = open(files[i], O_RDONLY)) < 0) {
			warn("%s:", files[i]);
			status = RINSE_ERR;
			continue;
		}
		if (fstat(fd, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			warn("%s: is a directory", files[i]);
			status = RINSE_ERR;
			close(fd);
			continue;
		}
		r = reader_open(fd, files[i], c->max, c->zmode);
		st = run_reader(r, c, doc, state, out);
		if (st > status)
			status = st;
		if (bytes_in)
			*bytes_in += reader_bytes(r);
		reader_close(r);
		if (fd != STDIN_FILENO)
			close(fd);
	}
	return status;
}

void
capwarn(const char *name, unsigned long long lineno, const char *what,
    size_t max, const char *fate)
{
	char b[32];

	warn("%s: line %llu: %s more than %s (-M): %s; raise the cap with -M",
	    name, lineno, what, fmtsize(max, b), fate);
}

void
stats_print(const char *const *keys, const unsigned long long *vals,
    size_t n)
{
	size_t i;

	fprintf(stderr, "%s:", getprogname_());
	for (i = 0; i < n; i++)
		fprintf(stderr, " %s=%llu", keys[i], vals[i]);
	fputc('\n', stderr);
}
