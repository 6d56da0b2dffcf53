/*
 * vecops.h: the small AVX2 steps that the vector kernels share. Include
 * it only in a kernel file, after RINSE_VECTOR_BEGIN (simd.h): the
 * functions take the file's target. All are inline: a kernel's loop
 * must not call out for them.
 */
#ifndef RINSE_VECOPS_H
#define RINSE_VECOPS_H

#include <immintrin.h>

/* 32 copies of byte x. */
#define V8(x)	_mm256_set1_epi8((char)(x))

/*
 * A byte's classes as the AND of table hi indexed by its high nibble
 * and table lo indexed by its low nibble (each 16 bytes, in both lanes):
 * each bit of a class can be one rectangle of the byte table.
 */
static inline __attribute__((always_inline)) __m256i
vec_nibbles(__m256i in, __m256i hi, __m256i lo)
{
	const __m256i nib = V8(0x0F);

	return _mm256_and_si256(_mm256_shuffle_epi8(hi,
	    _mm256_and_si256(_mm256_srli_epi16(in, 4), nib)),
	    _mm256_shuffle_epi8(lo, _mm256_and_si256(in, nib)));
}

/*
 * The 16 entries F(0) to F(15) of a nibble table, for _mm256_setr_epi8(),
 * which takes them twice (one copy a lane): VEC_LANES(VEC_NIBBLES(F)).
 */
#define VEC_NIBBLES(F) F(0), F(1), F(2), F(3), F(4), F(5), F(6), F(7), \
	F(8), F(9), F(10), F(11), F(12), F(13), F(14), F(15)
#define VEC_LANES(...)	__VA_ARGS__, __VA_ARGS__

/* 0xFF where the unsigned byte of x is at most n. */
static inline __attribute__((always_inline)) __m256i
vec_le(__m256i x, unsigned char n)
{
	return _mm256_cmpeq_epi8(_mm256_min_epu8(x, V8(n)), x);
}

/* 0xFF where the byte of v is from a to b. */
static inline __attribute__((always_inline)) __m256i
vec_in(__m256i v, unsigned char a, unsigned char b)
{
	return vec_le(_mm256_sub_epi8(v, V8(a)), (unsigned char)(b - a));
}

/* 0xFF where the byte of v is c. */
static inline __attribute__((always_inline)) __m256i
vec_is(__m256i v, unsigned char c)
{
	return _mm256_cmpeq_epi8(v, V8(c));
}

#endif
