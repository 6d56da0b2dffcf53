/*
 * simd.h: how rinse chooses between its vector kernels and their portable
 * twins.
 *
 * One level of vector code: x86-64 with AVX2, BMI1 and BMI2 (every
 * processor with AVX2 since 2013 has the other two). simd_features()
 * reads the processor's features once into a mask; simd_avx2() says
 * whether the whole level is there and not turned off by RINSE_NO_SIMD
 * in the environment. A stage asks once, at start-up, and keeps the
 * kernels it chose (rinse-dedup: norm_kernels(); rinse-tidy:
 * tidy_kernels()); the shared core asks in utf8_valid(), simd_find2() and
 * simd_findset().
 *
 * A kernel lives in a file of its own (stages/STAGE/NAME_avx2.c), compiled
 * whole for the level between RINSE_VECTOR_BEGIN and RINSE_VECTOR_END,
 * and only where RINSE_AVX2 is 1: elsewhere (other processors, other
 * compilers, -DRINSE_NO_SIMD) only the portable code is built. The
 * portable twin is the reference: both give the same output, byte for
 * byte (tests/run runs the unit tests both ways; tests/sh/all-simd.sh
 * compares every stage's output).
 */
#ifndef RINSE_SIMD_H
#define RINSE_SIMD_H

#include <stddef.h>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(RINSE_NO_SIMD)
#define RINSE_AVX2 1
/* One function built for the level, in a file that is not a kernel's. */
#define AVX2_FN __attribute__((target("avx2,bmi,bmi2")))
#if defined(__clang__)
#define RINSE_VECTOR_BEGIN _Pragma("clang attribute push \
(__attribute__((target(\"avx2,bmi,bmi2\"))), apply_to = function)")
#define RINSE_VECTOR_END _Pragma("clang attribute pop")
#else
#define RINSE_VECTOR_BEGIN _Pragma("GCC push_options") \
	_Pragma("GCC target(\"avx2,bmi,bmi2\")")
#define RINSE_VECTOR_END _Pragma("GCC pop_options")
#endif
#else
#define RINSE_AVX2 0
#endif

/* The processor's features, a mask of these (0 without RINSE_AVX2). */
enum {
	SIMD_AVX2 = 1,
	SIMD_BMI1 = 2,
	SIMD_BMI2 = 4,
	SIMD_LEVEL = SIMD_AVX2 | SIMD_BMI1 | SIMD_BMI2
};
unsigned simd_features(void);

/* Whether the vector kernels may run: all of SIMD_LEVEL, no RINSE_NO_SIMD. */
int simd_avx2(void);

/*
 * A set of bytes for simd_findset(): the set as a table, and as two
 * tables of nibbles for the vector kernel. Each of the first eight high
 * nibbles of the set's bytes has a bit of its own, and a low nibble the
 * bits of the high ones it comes with: a byte may be in the set when the
 * bits of its two nibbles meet. More high nibbles than eight share bits,
 * so a byte may seem to be in; the table then tells.
 */
struct byteset {
	unsigned char in[256];
	unsigned char lo[16], hi[16];
	unsigned nhigh;		/* high nibbles given a bit so far */
};

/* Empties set; byteset_add() puts byte b in it. */
void byteset_init(struct byteset *set);
void byteset_add(struct byteset *set, unsigned char b);

/* The first byte of s[0..n) that is in set, or NULL. */
const char *simd_findset(const char *s, size_t n, const struct byteset *set);
/* Its vector kernel (findset_avx2.c): only where simd_avx2() is 1. */
const char *simd_findset_avx2(const char *s, size_t n,
    const struct byteset *set);

/* The first byte of s[0..n) that is a or b, or NULL. */
const char *simd_find2(const char *s, size_t n, char a, char b);
/* Its vector kernel (find2_avx2.c): only where simd_avx2() is 1. */
const char *simd_find2_avx2(const char *s, size_t n, char a, char b);

#endif
