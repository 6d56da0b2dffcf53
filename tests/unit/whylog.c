/*
 * whylog.c: the why-dropped log (stages/lib/whylog.c) writes one line a
 * removal, DOCUMENT TAB STAGE TAB WHY TAB TEXT, with tabs, newlines, CRs
 * and backslashes in the text escaped, records numbered in a -z stream,
 * and nothing before a document ends; no log at all when not opened.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/whylog.h>

#include "check.h"

static char *
slurp(const char *path)
{
	static char buf[4096];
	FILE *fp = fopen(path, "r");
	size_t n = fp ? fread(buf, 1, sizeof(buf) - 1, fp) : 0;

	if (fp)
		fclose(fp);
	buf[n] = 0;
	return buf;
}

int
main(void)
{
	char path[] = "/tmp/rinse-whylog-XXXXXX";
	struct whylog w = { 0 };
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	/* All zero is no log: nothing is written, nothing fails. */
	whylog_doc(&w, "a.txt", 0);
	whylog_put(&w, "x", 1, "y", 1);
	whylog_end(&w);
	whylog_close(&w);

	whylog_open(&w, path, "ads");
	whylog_doc(&w, "a.txt", 0);
	whylog_put(&w, "rules/x.rules:3", 15, "one\ttwo\\three\nfour\r", 19);
	CHECK(strcmp(slurp(path), "") == 0);	/* held to the end */
	whylog_end(&w);
	CHECK(strcmp(slurp(path), "a.txt\tads\trules/x.rules:3\t"
	    "one\\ttwo\\\\three\\nfour\\r\n") == 0);
	/* Records of a -z stream, numbered from 1 per input. */
	whylog_doc(&w, "<stdin>", 1);
	whylog_doc(&w, "<stdin>", 1);
	whylog_put(&w, "heuristic:link-list", 19, "- a", 3);
	whylog_doc(&w, "b.txt", 1);
	whylog_put(&w, "dup-of:4", 8, "", 0);
	whylog_close(&w);
	CHECK(strstr(slurp(path), "\n<stdin>#2\tads\theuristic:link-list\t- a\n"
	    "b.txt#1\tads\tdup-of:4\t\n") != NULL);
	unlink(path);
	return check_failed != 0;
}
