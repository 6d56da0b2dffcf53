/*
 * simd.c: the one run-time choice of the vector paths (see simd.h): the
 * processor's features read once, RINSE_NO_SIMD read once, and
 * simd_find2() and simd_findset() with their portable twins (their
 * kernels: find2_avx2.c, findset_avx2.c).
 */
#include <stdlib.h>
#include <string.h>

#include <rinse/simd.h>

#if RINSE_AVX2

unsigned
simd_features(void)
{
	static int have = -1;

	if (have < 0) {
		__builtin_cpu_init();
		have = (__builtin_cpu_supports("avx2") ? SIMD_AVX2 : 0) |
		    (__builtin_cpu_supports("bmi") ? SIMD_BMI1 : 0) |
		    (__builtin_cpu_supports("bmi2") ? SIMD_BMI2 : 0);
	}
	return (unsigned)have;
}

/* The one place that decides whether the vector kernels run. */
int
simd_avx2(void)
{
	static int on = -1;

	if (on < 0) {
		const char *e = getenv("RINSE_NO_SIMD");

		on = (simd_features() & SIMD_LEVEL) == SIMD_LEVEL &&
		    (e == NULL || *e == '\0');
	}
	return on;
}

#else
unsigned
simd_features(void)
{
	return 0;
}

int
simd_avx2(void)
{
	return 0;
}
#endif

/*
 * One pass where two memchr() calls would each stop at the first byte:
 * the reader looks for the end of a line and for a NUL at once.
 */
const char *
simd_find2(const char *s, size_t n, char a, char b)
{
	const char *p, *q;

#if RINSE_AVX2
	if (n >= 32 && simd_avx2())
		return simd_find2_avx2(s, n, a, b);
#endif
	p = memchr(s, a, n);
	q = memchr(s, b, p ? (size_t)(p - s) : n);
	return q ? q : p;
}

void
byteset_init(struct byteset *set)
{
	memset(set, 0, sizeof(*set));
}

void
byteset_add(struct byteset *set, unsigned char b)
{
	unsigned h = b >> 4;

	set->in[b] = 1;
	if (set->hi[h] == 0)	/* one bit a high nibble */
		set->hi[h] = (unsigned char)(1u << (set->nhigh++ % 8));
	set->lo[b & 0x0F] |= set->hi[h];
}

/*
 * The table, eight bytes a round where none is in the set: where most
 * bytes are not, that is a load and an OR a byte.
 */
const char *
simd_findset(const char *s, size_t n, const struct byteset *set)
{
	const unsigned char *u = (const unsigned char *)s, *in = set->in;
	size_t i = 0;

#if RINSE_AVX2
	if (n >= 32 && simd_avx2())
		return simd_findset_avx2(s, n, set);
#endif
	while (i + 8 <= n && !(in[u[i]] | in[u[i + 1]] | in[u[i + 2]] |
	    in[u[i + 3]] | in[u[i + 4]] | in[u[i + 5]] | in[u[i + 6]] |
	    in[u[i + 7]]))
		i += 8;
	for (; i < n; i++)
		if (in[u[i]])
			return s + i;
	return NULL;
}
