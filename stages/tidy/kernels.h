/*
 * kernels.h: rinse-tidy's kernels, the loops that have a vector build
 * (tidy_avx2.c) beside a portable one (tidy.c), chosen once at start-up
 * by tidy_kernels() (see include/rinse/simd.h). Contracts: see
 * plainrun() and cleanlines() in tidy.c, colwidth_c() in unwrap.c; both
 * builds return the same.
 */
#ifndef TIDY_KERNELS_H
#define TIDY_KERNELS_H

#include <stddef.h>

#include <rinse/simd.h>

struct tidyvec {
	size_t (*plainrun)(const unsigned char *s, size_t i, size_t vend,
	    size_t avail, int inrun);
	size_t (*cleanlines)(const unsigned char *s, size_t n,
	    unsigned long long *nlines);
	unsigned (*colwidth)(const unsigned char *s, size_t n);
};

#define COLWIDTH_UNKNOWN	(~0u)	/* colwidth(): look closer */

#if RINSE_AVX2
extern const struct tidyvec tidy_avx2;
#endif

#endif
