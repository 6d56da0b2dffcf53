/*
 * tidy.h: what the files of rinse-tidy share: its state, and -u.
 *
 *   tidy.c       the cleaning of each line, the portable kernels, main()
 *   tidy_avx2.c  the AVX2 kernels (kernels.h)
 *   unwrap.c     -u: the lines held, the wrap width, the joins
 */
#ifndef TIDY_H
#define TIDY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kernels.h"

/*
 * -u decides the wrap width of a document on a window of its first lines
 * (all of a smaller document), then streams the rest: memory is the
 * window and the longest line, not the document.
 */
#define WIN_LINES	32768
#define WIN_BYTES	((size_t)4 << 20)
#define WIDTH_UNSET	(~0u)	/* struct ent: not measured yet */
#define UNWRAP_BATCH	1024	/* lines held while streaming, at the most */
#define OB_CAP		((size_t)64 << 10)	/* -u's output staging */

/* One line held for -u: bytes in buf (a newline after them), or a break. */
struct ent {
	size_t off, len;	/* len 0 is a paragraph break */
	unsigned width;		/* display columns, or WIDTH_UNSET */
};

struct tidy {
	int para;		/* -p: a blank line between paragraphs */
	int unwrap;		/* -u: join hard-wrapped lines */
	size_t max;		/* cap on the window held for -u */
	FILE *out;
	const struct tidyvec *vec;	/* the kernels: tidy_kernels() */

	/* Output staging; for -u the cleaned lines held (see unwrap_step()). */
	unsigned char *buf;
	size_t len, cap;
	unsigned char tail[4];		/* the last bytes flushed */
	unsigned misses, wait;		/* of cleanlines(), see takeclean() */
	struct ent *ents;
	size_t nents, capents;
	unsigned char *ob;	/* -u: the output of unwrap_out(), staged */
	size_t oblen;
	unsigned long long nout;	/* paragraphs written in this document */
	int hold;		/* -u: this document's lines are held */
	int decided;		/* -u: the wrap width w is known */
	unsigned w;		/* -u: the wrap width, 0 if not wrapped */
	int inpara;		/* -u: the last line written joins the next */

	/* Counts for -v. */
	unsigned long long bytes_out, paras_in, paras_out, invalid, removed,
	    joined;
};

/* unwrap.c: the portable twin of colwidth_avx2() (kernels.h). */
unsigned colwidth_c(const unsigned char *s, size_t n);

/*
 * unwrap.c. addent() holds the line the caller put at t->buf[off..off+len)
 * (len 0: a paragraph break), followed there by a newline; unwrap_step()
 * after each input line writes what may go; unwrap_end() at the end of
 * the document writes the rest.
 */
void addent(struct tidy *t, size_t off, size_t len);
void unwrap_step(struct tidy *t, FILE *out);
void unwrap_end(struct tidy *t, FILE *out);

#endif
