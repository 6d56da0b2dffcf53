/* whylog.c: the why-dropped log; the format is in whylog.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/util.h>
#include <rinse/whylog.h>

void
whylog_none(struct whylog *w)
{
	memset(w, 0, sizeof(*w));
	w->fd = -1;
}

void
whylog_open(struct whylog *w, const char *path, const char *stage)
{
	whylog_none(w);
	if ((w->fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0666)) < 0)
		die("%s:", path);
	w->path = path;
	w->stage = stage;
}

void
whylog_doc(struct whylog *w, const char *name, int zmode)
{
	if (!zmode)
		w->rec = 0;
	else if (w->name == NULL || strcmp(w->name, name) != 0)
		w->rec = 1;
	else
		w->rec++;
	w->name = name;
}

/* Appends s, escaped, to the line at *len. */
static void
add(struct whylog *w, size_t *len, const char *s, size_t n)
{
	size_t i;

	if (*len + 2 * n + 64 > w->cap) {
		w->cap = 2 * (*len + 2 * n + 64);
		w->buf = xrealloc(w->buf, w->cap);
	}
	for (i = 0; i < n; i++) {
		char c = s[i], e = c == '\t' ? 't' : c == '\n' ? 'n' :
		    c == '\r' ? 'r' : c == '\\' ? '\\' : 0;

		if (e) {
			w->buf[(*len)++] = '\\';
			w->buf[(*len)++] = e;
		} else {
			w->buf[(*len)++] = c;
		}
	}
}

/* Writes the lines held. */
static void
flush(struct whylog *w)
{
	size_t done = 0;
	ssize_t r;

	while (done < w->len) {
		r = write(w->fd, w->buf + done, w->len - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("%s: write error:", w->path);
		done += r;
	}
	w->len = 0;
}

/*
 * Appends to w->buf, from *len on, the line of why and text with the
 * document and the stage's name, and note as a fifth field if not NULL.
 */
static void
line(struct whylog *w, size_t *len, const char *stage, const char *why,
    size_t nwhy, const char *text, size_t n, const char *note)
{
	char num[32];

	add(w, len, w->name ? w->name : "-", w->name ? strlen(w->name) : 1);
	if (w->rec > 0) {
		snprintf(num, sizeof(num), "#%llu", w->rec);
		add(w, len, num, strlen(num));
	}
	w->buf[(*len)++] = '\t';
	add(w, len, stage, strlen(stage));
	w->buf[(*len)++] = '\t';
	add(w, len, why, nwhy);
	w->buf[(*len)++] = '\t';
	add(w, len, text, n);
	if (note != NULL) {
		w->buf[(*len)++] = '\t';
		add(w, len, note, strlen(note));
	}
	w->buf[(*len)++] = '\n';
}

void
whylog_put(struct whylog *w, const char *why, size_t nwhy, const char *text,
    size_t n)
{
	if (w->path == NULL)
		return;
	line(w, &w->len, w->stage, why, nwhy, text, n, NULL);
	if (w->len >= (size_t)64 << 10)
		flush(w);
}

size_t
whylog_explain(struct whylog *w, FILE *fp, const char *stage,
    const char *why, size_t nwhy, const char *text, size_t n,
    const char *note)
{
	size_t len = w->len;

	line(w, &len, stage, why, nwhy, text, n, note ? note : "");
	efwrite(w->buf + w->len, len - w->len, fp);
	return len - w->len;
}

void
whylog_end(struct whylog *w)
{
	if (w->path != NULL && w->len > 0)
		flush(w);
}

void
whylog_close(struct whylog *w)
{
	whylog_end(w);
	if (w->path != NULL && close(w->fd) < 0)
		die("%s: write error:", w->path);
	free(w->buf);
	whylog_none(w);
}
