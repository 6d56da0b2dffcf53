/*
 * rinse-batch: the two ends of a batch for run.sh. A million small files
 * must not cost five million process starts, so run.sh joins many files
 * into one NUL-separated stream, runs the chain over it once with -z, and
 * splits the result back into one output file per input.
 *
 *   rinse-batch -c LIST -F FAILS   join: write each file named in LIST,
 *                                  then a NUL, to standard output
 *   rinse-batch -s LIST -F FAILS   split: write the records on standard
 *                                  input to the files named in LIST
 *   rinse-batch -s LIST -k TOKEN   split into temporary files only
 *   rinse-batch -r LIST -F FAILS -k TOKEN   rename them into place
 *   rinse-batch -d LIST -k TOKEN   remove them
 *
 * LIST holds NUL-separated paths. A file that cannot be joined (unreadable,
 * too large, or holding NUL bytes as UTF-16 and binary files do) gets an
 * empty record, so that record i still belongs to path i, and a line
 * "i<TAB>reason" in FAILS; the reason is "solo" for a file too large or
 * holding NULs, which run.sh runs alone. The splitter
 * writes every record to a temporary file beside its output and, once the
 * whole stream has arrived and the count is right, renames the ones that
 * FAILS does not name: an output is there whole or not at all. With -k
 * the temporary files are named by TOKEN (.NAME.TOKEN.tmp beside each
 * output) and stay until -r renames or -d removes them: run.sh renames
 * only once every stage of the chain has exited 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rinse/stage.h>
#include <rinse/util.h>

struct list {
	char *data;		/* the file's bytes */
	char **path;
	size_t n;
};

static void
usage(FILE *fp)
{
	fputs("usage: rinse-batch [-hV] [-M SIZE] -c LIST -F FAILS | "
	    "-s LIST [-F FAILS] [-k TOKEN]\n"
	    "                   | -r LIST -F FAILS -k TOKEN | "
	    "-d LIST -k TOKEN\n"
	    "  -c LIST  join the files named in LIST into NUL-separated "
	    "records\n"
	    "  -s LIST  split NUL-separated records into the files named "
	    "in LIST\n"
	    "  -F FAILS the files that were not joined, as INDEX<TAB>REASON "
	    "lines\n"
	    "  -k TOKEN split into temporary files named by TOKEN and keep "
	    "them\n"
	    "  -r LIST  rename the temporary files of TOKEN into place\n"
	    "  -d LIST  remove the temporary files of TOKEN\n"
	    "  -M SIZE  largest file joined (default 64M)\n"
	    "Exit status: 0 done, 2 usage or I/O error.\n", fp);
}

/* Reads all of fd into *buf (with a NUL after it); -1 on error. */
static ssize_t
slurp(int fd, char **buf, size_t max)
{
	size_t len = 0, cap = 1 << 16;
	ssize_t k;

	*buf = xmalloc(cap + 1);
	for (;;) {
		if (len == cap) {
			if (cap > max) {
				errno = EFBIG;
				return -1;
			}
			cap *= 2;
			*buf = xrealloc(*buf, cap + 1);
		}
		k = read(fd, *buf + len, cap - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		len += k;
	}
	if (len > max) {
		errno = EFBIG;
		return -1;
	}
	(*buf)[len] = '\0';
	return len;
}

static void
readlist(struct list *l, const char *name)
{
	ssize_t len;
	size_t i, cap = 64;
	int fd;

	if ((fd = open(name, O_RDONLY)) < 0)
		die("%s:", name);
	if ((len = slurp(fd, &l->data, (size_t)1 << 32)) < 0)
		die("%s:", name);
	close(fd);
	l->path = xmalloc(cap * sizeof(*l->path));
	l->n = 0;
	for (i = 0; i < (size_t)len; i += strlen(l->data + i) + 1) {
		if (l->n == cap) {
			cap *= 2;
			l->path = xrealloc(l->path, cap * sizeof(*l->path));
		}
		l->path[l->n++] = l->data + i;
	}
}

/* Opens path for reading; a .gz file through gzip -dc. */
static int
openin(const char *path, pid_t *pid)
{
	size_t n = strlen(path);
	int p[2];

	*pid = 0;
	if (n < 3 || strcmp(path + n - 3, ".gz") != 0)
		return open(path, O_RDONLY);
	if (access(path, R_OK) < 0 || pipe(p) < 0)
		return -1;
	if ((*pid = fork()) < 0)
		return -1;
	if (*pid == 0) {
		dup2(p[1], STDOUT_FILENO);
		close(p[0]);
		close(p[1]);
		execlp("gzip", "gzip", "-dc", "--", path, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	return p[0];
}

static int
join(const struct list *l, FILE *fails, size_t max)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const char *why = NULL;
		char *buf = NULL;
		ssize_t len = -1;
		pid_t pid;
		int fd, st;

		if ((fd = openin(l->path[i], &pid)) >= 0) {
			len = slurp(fd, &buf, max);
			if (len < 0)	/* over -M: it runs alone */
				why = errno == EFBIG ? "solo" : strerror(errno);
			close(fd);
			if (pid > 0 && (waitpid(pid, &st, 0) < 0 ||
			    !WIFEXITED(st) || WEXITSTATUS(st) != 0)) {
				why = "gzip -dc failed";
				len = -1;
			}
		} else
			why = strerror(errno);
		if (len >= 0 && memchr(buf, '\0', len) != NULL) {
			why = "solo";	/* UTF-16, UTF-32 or binary */
			len = -1;
		}
		if (len > 0)
			efwrite(buf, len, stdout);
		efwrite("", 1, stdout);
		if (why != NULL)
			fprintf(fails, "%zu\t%s\n", i, why);
		free(buf);
	}
	return RINSE_OK;
}

/* mkdir -p of the directory part of path. */
static void
mkparents(char *path)
{
	char *p;

	for (p = path + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			die("%s:", path);
		*p = '/';
	}
}

/* The temporary file beside path: .NAME.TOKEN.tmp (TOKEN: our pid). */
static const char *token;

static char *
tmpname(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path + 1) : 0;
	size_t n = strlen(path) + 32 + (token ? strlen(token) : 0);
	char *t = xmalloc(n);

	if (token != NULL)
		snprintf(t, n, "%.*s.%s.%s.tmp", (int)dir, path, path + dir,
		    token);
	else
		snprintf(t, n, "%.*s.%s.%ld.tmp", (int)dir, path, path + dir,
		    (long)getpid());
	return t;
}

/* The indexes FAILS names, as flags; FAILS may be missing. */
static char *
failed(const struct list *l, const char *failname)
{
	char *skip = xcalloc(l->n + 1, 1), line[512];
	FILE *fails;
	size_t i;

	if (failname == NULL || (fails = fopen(failname, "r")) == NULL)
		return skip;
	while (fgets(line, sizeof(line), fails) != NULL) {
		i = strtoul(line, NULL, 10);
		if (i < l->n)
			skip[i] = 1;
	}
	fclose(fails);
	return skip;
}

/*
 * -r: renames the temporary files of the records FAILS does not name;
 * -d: removes them all.
 */
static int
settle(const struct list *l, const char *failname, int keep)
{
	char *skip = failed(l, failname), *t;
	size_t i;
	int status = RINSE_OK;

	for (i = 0; i < l->n; i++) {
		t = tmpname(l->path[i]);
		if (!keep || skip[i]) {
			if (unlink(t) < 0 && errno != ENOENT) {
				warn("%s:", t);
				status = RINSE_ERR;
			}
		} else if (rename(t, l->path[i]) < 0) {
			warn("%s:", l->path[i]);
			status = RINSE_ERR;
		}
		free(t);
	}
	free(skip);
	return status;
}

static int
split(const struct list *l, const char *failname)
{
	char **tmp = xcalloc(l->n, sizeof(*tmp)), buf[1 << 16], *skip;
	size_t rec = 0, i;
	ssize_t k;
	FILE *fp = NULL;
	int status = RINSE_OK, open_rec = 0;

	while ((k = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		char *s = buf, *e;

		if (k < 0) {
			if (errno == EINTR)
				continue;
			die("<stdin>: read error:");
		}
		while (s < buf + k) {
			if (!open_rec) {
				if (rec >= l->n) {
					warn("more records than the %zu files "
					    "of the list", l->n);
					status = RINSE_ERR;
					goto out;
				}
				mkparents(l->path[rec]);
				tmp[rec] = tmpname(l->path[rec]);
				if ((fp = fopen(tmp[rec], "w")) == NULL) {
					warn("%s:", tmp[rec]);
					status = RINSE_ERR;
					goto out;
				}
				open_rec = 1;
			}
			e = memchr(s, '\0', buf + k - s);
			if (fwrite(s, 1, (e ? e : buf + k) - s, fp) !=
			    (size_t)((e ? e : buf + k) - s)) {
				warn("%s: write error:", tmp[rec]);
				fclose(fp);
				open_rec = 0;
				status = RINSE_ERR;
				goto out;
			}
			if (e == NULL)
				break;
			open_rec = 0;
			if (efshut(fp, tmp[rec]) != RINSE_OK) {
				status = RINSE_ERR;
				goto out;
			}
			rec++;
			s = e + 1;
		}
	}
	if (open_rec) {		/* a last record without its NUL */
		open_rec = 0;
		if (efshut(fp, tmp[rec]) != RINSE_OK) {
			status = RINSE_ERR;
			goto out;
		}
		rec++;
	}
	if (rec != l->n) {
		warn("%zu records for the %zu files of the list", rec, l->n);
		status = RINSE_ERR;
		goto out;
	}
	if (token != NULL) {	/* -k: -r or -d settles them */
		for (i = 0; i < l->n; i++) {
			free(tmp[i]);
			tmp[i] = NULL;
		}
		goto out;
	}
	skip = failed(l, failname);
	for (i = 0; i < l->n; i++) {
		if (skip[i])
			continue;
		if (rename(tmp[i], l->path[i]) < 0) {
			warn("%s:", l->path[i]);
			status = RINSE_ERR;
			continue;
		}
		free(tmp[i]);
		tmp[i] = NULL;
	}
	free(skip);
out:
	for (i = 0; i < l->n; i++) {
		if (tmp[i] != NULL)
			unlink(tmp[i]);
		free(tmp[i]);
	}
	free(tmp);
	return status;
}

int
main(int argc, char *argv[])
{
	struct common c = { 0 };
	struct list l = { 0 };
	const char *join_list = NULL, *split_list = NULL, *failname = NULL;
	const char *settle_list = NULL;
	FILE *fails;
	int ch, status, keep = 0, modes;

	setprogname(argv[0]);
	while ((ch = getopt(argc, argv, "hVM:c:s:F:k:r:d:")) != -1) {
		if (ch != 'c' && ch != 's' && ch != 'F' && ch != 'k' &&
		    ch != 'r' && ch != 'd' && common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'c':
			join_list = optarg;
			break;
		case 's':
			split_list = optarg;
			break;
		case 'F':
			failname = optarg;
			break;
		case 'k':
			token = optarg;
			if (*token == '\0' || strchr(token, '/') != NULL)
				die("-k: '%s' is not a token", token);
			break;
		case 'r':
		case 'd':
			settle_list = optarg;
			keep = ch == 'r';
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}
	modes = !!join_list + !!split_list + !!settle_list;
	if (optind != argc || modes != 1 || (join_list && failname == NULL) ||
	    (split_list && token == NULL && failname == NULL) ||
	    (settle_list && (token == NULL || (keep && failname == NULL)))) {
		usage(stderr);
		return RINSE_ERR;
	}
	if (settle_list != NULL) {
		readlist(&l, settle_list);
		status = settle(&l, failname, keep);
	} else if (join_list != NULL) {
		readlist(&l, join_list);
		if ((fails = fopen(failname, "w")) == NULL)
			die("%s:", failname);
		status = join(&l, fails, c.max ? c.max : (size_t)64 << 20);
		if (efshut(fails, failname) != RINSE_OK)
			status = RINSE_ERR;
	} else {
		readlist(&l, split_list);
		status = split(&l, failname);
	}
	if (efshut(stdout, "<stdout>") != RINSE_OK)
		status = RINSE_ERR;
	free(l.path);
	free(l.data);
	return status;
}
