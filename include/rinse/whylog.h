/*
 * whylog.h: the why-dropped log (--explain-log FILE) that rinse-html,
 * rinse-ads and rinse-dedup write, one format for all three.
 *
 * One line for every paragraph or span a stage removed:
 *
 *     DOCUMENT<TAB>STAGE<TAB>WHY<TAB>TEXT
 *
 * DOCUMENT is the input's name, and in a -z stream "NAME#N" for its Nth
 * record (from 1); run.sh puts the path or the record's id in its place.
 * STAGE is html, ads or dedup. WHY is the rule or heuristic:
 * "rules/ko-news.rules:66", "heuristic:link-list", "dup-of:4" (a copy of
 * the document's paragraph 4), "html:nav". TEXT is what was removed; a
 * tab, CR, newline or backslash in it is written \t, \r, \n or \\.
 *
 * The file is opened for appending; a document's lines are written
 * together, with one write(2) for up to 64 KiB of them, when it ends
 * (whylog_end(), which a stage calls before it writes the document's
 * NUL), so the stages of one chain (and parallel chains) can share the
 * file, and a record's lines are in it before the record leaves the
 * stage. A write that fails stops the stage with a message, as any
 * output does.
 *
 * The stages' own --explain prints every paragraph in the same fields,
 * kept ones too, and a fifth that only it has:
 *
 *     DOCUMENT<TAB>STAGE<TAB>WHY<TAB>TEXT<TAB>NOTE
 *
 * A removal is the log's line, field for field; a paragraph (or what is
 * left of one) that stays has WHY "keep" and TEXT what is written for
 * it. NOTE is what the stage saw ("line=4 sim=0.51", "node=16 chars=116
 * links=0 content"), words separated by spaces, escaped as TEXT is.
 * Without the notes and the keep lines, --explain is the log.
 */
#ifndef RINSE_WHYLOG_H
#define RINSE_WHYLOG_H

#include <stddef.h>
#include <stdio.h>

/* All zero (or whylog_none()) is no log: path is NULL. */
struct whylog {
	int fd;
	const char *stage;
	const char *path;	/* NULL when there is no log */
	const char *name;	/* the document's input name */
	unsigned long long rec;	/* its record number, 0 outside -z */
	char *buf;		/* lines not yet written */
	size_t len, cap;
};

/* No log: whylog_put() does nothing. */
void whylog_none(struct whylog *w);
/* Opens path for appending (created if need be), or dies. */
void whylog_open(struct whylog *w, const char *path, const char *stage);
/* A document starts: its reader's name, and whether records are read. */
void whylog_doc(struct whylog *w, const char *name, int zmode);
/* One removed paragraph or span: why (nwhy bytes) and text. */
void whylog_put(struct whylog *w, const char *why, size_t nwhy,
    const char *text, size_t n);
/*
 * One --explain line of stage (w need have no file): the fields of
 * whylog_put()'s line and note (NULL: empty), written to fp; returns its
 * length. It does not touch the log's lines held in w.
 */
size_t whylog_explain(struct whylog *w, FILE *fp, const char *stage,
    const char *why, size_t nwhy, const char *text, size_t n,
    const char *note);
/* The document ended: its lines are written. */
void whylog_end(struct whylog *w);
void whylog_close(struct whylog *w);

#endif
