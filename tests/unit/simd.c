/*
 * Unit tests of simd_find2() and simd_findset(): the first byte found is
 * the first one a plain loop finds, for sets of few and many high
 * nibbles (whose bits are then shared), at every offset of a block and
 * past its end. tests/run runs them with and without the vector kernels.
 */
#include <stdlib.h>
#include <string.h>

#include <rinse/simd.h>
#include "check.h"

static unsigned long long state = 88172645463325252ull;

static unsigned
rnd(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return (unsigned)state;
}

/* The first byte of s[0..n) in set, by a loop over the table. */
static const char *
plain(const char *s, size_t n, const unsigned char *in)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (in[(unsigned char)s[i]])
			return s + i;
	return NULL;
}

/* k random bytes in the set, text of bytes drawn from a pool of 2k. */
static void
trial(size_t k)
{
	struct byteset set;
	unsigned char pool[64], in[256] = { 0 };
	char s[200];
	size_t i, n, start;

	byteset_init(&set);
	for (i = 0; i < 2 * k; i++)
		pool[i] = (unsigned char)rnd();
	for (i = 0; i < k; i++) {
		byteset_add(&set, pool[i]);
		in[pool[i]] = 1;
	}
	n = rnd() % sizeof(s);
	for (i = 0; i < n; i++)
		s[i] = (char)(rnd() % 8 == 0 ? pool[rnd() % (2 * k)] :
		    pool[k + rnd() % k]);
	for (start = 0; start <= n; start++)
		CHECK(simd_findset(s + start, n - start, &set) ==
		    plain(s + start, n - start, in));
}

int
main(void)
{
	struct byteset set;
	char s[100];
	int i;

	/* a byte out of the set that shares both nibbles' bits: 0x28 and
	   0x5B give (0x2B: high 2, low B) */
	byteset_init(&set);
	byteset_add(&set, 0x28);
	byteset_add(&set, 0x5B);
	memset(s, 0x2B, sizeof(s));
	CHECK(simd_findset(s, sizeof(s), &set) == NULL);
	s[70] = 0x5B;
	CHECK(simd_findset(s, sizeof(s), &set) == s + 70);
	s[33] = 0x28;
	CHECK(simd_findset(s, sizeof(s), &set) == s + 33);
	CHECK(simd_findset(s, 33, &set) == NULL);
	/* an empty set finds nothing; every byte of a full one is found */
	byteset_init(&set);
	CHECK(simd_findset(s, sizeof(s), &set) == NULL);
	for (i = 0; i < 256; i++)
		byteset_add(&set, (unsigned char)i);
	CHECK(simd_findset(s + 5, 50, &set) == s + 5);

	for (i = 0; i < 300; i++)
		trial(1 + rnd() % 30);

	memset(s, 'x', sizeof(s));
	CHECK(simd_find2(s, sizeof(s), '\n', '\0') == NULL);
	s[64] = '\0';
	s[80] = '\n';
	CHECK(simd_find2(s, sizeof(s), '\n', '\0') == s + 64);
	CHECK(simd_find2(s + 65, 35, '\n', '\0') == s + 80);
	return check_failed != 0;
}
