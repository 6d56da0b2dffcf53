/*
 * whylog.c: the why-dropped log (stages/lib/whylog.c) writes one line a
 * removal, DOCUMENT TAB STAGE TAB WHY TAB TEXT, with tabs, newlines, CRs
 * and backslashes in the text escaped, records numbered in a -z stream,
 * and nothing before a document ends; no log at all when not opened.
 * whylog_explain() writes the same fields and a note, without a file of
 * its own and without touching the log's lines held.
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

	/* --explain: no file needed; held lines stay held. */
	{
		FILE *fp = fopen(path, "w");
		struct whylog x = { 0 };
		size_t n;

		CHECK(fp != NULL);
		whylog_doc(&x, "c.txt", 1);
		n = whylog_explain(&x, fp, "dedup", "keep", 4, "a\tb", 3,
		    "line=1 sim=0.00");
		CHECK(n == strlen("c.txt#1\tdedup\tkeep\ta\\tb\tline=1 "
		    "sim=0.00\n"));
		whylog_open(&w, "/dev/null", "html");
		whylog_doc(&w, "d.txt", 0);
		whylog_put(&w, "html:nav", 8, "Home", 4);
		whylog_explain(&w, fp, "html", "keep", 4, "Story", 5, NULL);
		CHECK(w.len == strlen("d.txt\thtml\thtml:nav\tHome\n"));
		CHECK(memcmp(w.buf, "d.txt\thtml\thtml:nav\tHome\n", w.len) ==
		    0);
		whylog_close(&w);
		whylog_close(&x);
		fclose(fp);
		CHECK(strcmp(slurp(path), "c.txt#1\tdedup\tkeep\ta\\tb\t"
		    "line=1 sim=0.00\nd.txt\thtml\tkeep\tStory\t\n") == 0);
	}
	unlink(path);
	return check_failed != 0;
}
