/*
 * bytes.h: two byte scans more than one stage makes on its buffers,
 * portable C, inline so that a stage's hot loop does not call out.
 */
#ifndef RINSE_BYTES_H
#define RINSE_BYTES_H

#include <stddef.h>

/*
 * Where the run of bytes that table tab allows (a nonzero entry) ends in
 * s[i..n): eight bytes at a time while all eight are allowed, then one
 * at a time.
 */
static inline size_t
bytes_span(const unsigned char tab[256], const unsigned char *s, size_t i,
    size_t n)
{
	while (i + 8 <= n && (tab[s[i]] & tab[s[i + 1]] & tab[s[i + 2]] &
	    tab[s[i + 3]] & tab[s[i + 4]] & tab[s[i + 5]] & tab[s[i + 6]] &
	    tab[s[i + 7]]))
		i += 8;
	while (i < n && tab[s[i]])
		i++;
	return i;
}

/* The length of s[0..n) up to and with its last '\n'; 0 if it has none. */
static inline size_t
bytes_through_nl(const unsigned char *s, size_t n)
{
	while (n > 0 && s[n - 1] != '\n')
		n--;
	return n;
}

#endif
