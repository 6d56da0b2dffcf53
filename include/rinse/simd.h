/*
 * simd.h: the vector paths of the shared core, chosen at run time.
 *
 * On x86-64 with GCC or Clang the hot loops (UTF-8 validation, the line
 * reader's scan, rinse-tidy's copy loop) have AVX2 versions, used when
 * the processor has AVX2; elsewhere, built with -DRINSE_NO_SIMD, or run
 * with RINSE_NO_SIMD set in the environment, the portable C versions run.
 * Both give the same results (tests/run runs the unit tests both ways;
 * tests/sh/all-simd.sh compares every stage's output).
 */
#ifndef RINSE_SIMD_H
#define RINSE_SIMD_H

#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(RINSE_NO_SIMD)
#define RINSE_AVX2 1
#define AVX2_FN __attribute__((target("avx2")))
#else
#define RINSE_AVX2 0
#endif

/* Whether the AVX2 paths may run: 1 or 0 (always 0 without RINSE_AVX2). */
int simd_avx2(void);

/* The first byte of s[0..n) that is a or b, or NULL. */
const char *simd_find2(const char *s, size_t n, char a, char b);

#endif
