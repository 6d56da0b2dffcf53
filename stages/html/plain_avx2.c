/*
 * plain_avx2.c: plain_span()'s vector kernel (plain.c), built whole for
 * AVX2 and called only where simd_avx2() says it may run; plain_span_c()
 * is its portable twin and returns the same span and counts.
 */
#include <stddef.h>

#include <rinse/simd.h>

#include "html.h"

#if RINSE_AVX2
#include <immintrin.h>

RINSE_VECTOR_BEGIN

#include <rinse/vecops.h>

/* 0xFF where a byte is special: a control byte but tab and '\n', DEL,
   '<' or '&'. */
static inline __m256i
special(__m256i in)
{
	__m256i ctl = _mm256_andnot_si256(_mm256_or_si256(vec_is(in, '\t'),
	    vec_is(in, '\n')), vec_le(in, 0x1F));

	return _mm256_or_si256(_mm256_or_si256(ctl, vec_is(in, 0x7F)),
	    _mm256_or_si256(vec_is(in, '<'), vec_is(in, '&')));
}

/* Counts the line ends nl of a block; carry: the byte before it was one. */
static inline void
count(struct span *sp, unsigned nl, unsigned carry)
{
	sp->lines += (size_t)__builtin_popcount(nl);
	sp->blank |= (nl & (nl << 1 | carry)) != 0;
}

size_t
plain_span_avx2(const unsigned char *s, size_t n, struct span *sp)
{
	__m256i in;
	size_t i, sh;
	unsigned m, nl, carry = 1;	/* s starts a line */

	for (i = 0; i + 32 <= n; i += 32) {
		in = _mm256_loadu_si256((const __m256i *)(const void *)(s + i));
		m = (unsigned)_mm256_movemask_epi8(special(in));
		nl = (unsigned)_mm256_movemask_epi8(vec_is(in, '\n'));
		if (m != 0) {
			count(sp, nl & ((1u << __builtin_ctz(m)) - 1), carry);
			return i + __builtin_ctz(m);
		}
		count(sp, nl, carry);
		carry = nl >> 31;
	}
	/* The last bytes: the block that ends at n, from i on. */
	if (i < n) {
		sh = i - (n - 32);
		in = _mm256_loadu_si256((const __m256i *)(const void *)
		    (s + n - 32));
		m = (unsigned)_mm256_movemask_epi8(special(in)) >> sh;
		nl = (unsigned)_mm256_movemask_epi8(vec_is(in, '\n')) >> sh;
		if (m != 0) {
			count(sp, nl & ((1u << __builtin_ctz(m)) - 1), carry);
			return i + __builtin_ctz(m);
		}
		count(sp, nl, carry);
	}
	return n;
}

RINSE_VECTOR_END
#endif
