/*
 * filter.h: the Bloom filter of shingles, two bits a shingle, that the
 * normalizer and the near-duplicate count test and that a paragraph's
 * shingles are added to after its verdict. Inline: the test is in the
 * innermost loops, and bits_set() is built once portable and once for
 * the vector kernel (norm_avx2.c).
 */
#ifndef DEDUP_FILTER_H
#define DEDUP_FILTER_H

#include <stddef.h>
#include <stdint.h>

/*
 * The second bit of a shingle: the high half of a product, which all the
 * bits of roll go into. (The low bits of a product depend only on the low
 * bits of its factors: taken from a multiple of the first bit's index, the
 * second bit was a function of the first, and the filter one bit deep.)
 */
#define BIT2(roll) (((roll) * 0x9E3779B97F4A7C15ULL) >> 32)

/*
 * Whether shingle roll is in the filter: two bits of it (at 32 bits a
 * shingle, a false hit is 0.4%). The filter holds the earlier paragraphs'
 * shingles; a paragraph's own go in after its verdict, so that a repeat
 * inside it is no hit.
 */
static inline unsigned
bits_test(const uint64_t *bits, uint64_t mask, uint64_t roll)
{
	uint64_t a = (roll >> 32) & mask, b = BIT2(roll) & mask;

	return (bits[a >> 6] >> (a & 63)) & (bits[b >> 6] >> (b & 63)) & 1;
}

/* Sets the two bits of each of the n shingles at r. */
static inline void
bits_set(uint64_t *bits, uint64_t mask, const uint64_t *r, size_t n)
{
	uint64_t a, b;
	size_t i;

#if defined(__GNUC__)
#pragma GCC unroll 4
#endif
	for (i = 0; i < n; i++) {
		a = (r[i] >> 32) & mask;
		b = BIT2(r[i]) & mask;
		bits[a >> 6] |= (uint64_t)1 << (a & 63);
		bits[b >> 6] |= (uint64_t)1 << (b & 63);
	}
}

#endif
