/*
 * utf8.h: strict UTF-8 decoding and validation.
 *
 * Strict means what RFC 3629 and Unicode chapter 3 say: no overlong forms,
 * no surrogates (U+D800..U+DFFF), nothing above U+10FFFF. An invalid
 * sequence is replaced by one U+FFFD per "maximal subpart" (Unicode's
 * recommended practice, the one WHATWG and ICU follow), so that "\xE2\x82"
 * followed by "A" is one U+FFFD and an "A".
 */
#ifndef RINSE_UTF8_H
#define RINSE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_INVALID 0xFFFFFFFFu
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/*
 * Decodes the character at s (n > 0 bytes available). Returns the number
 * of bytes it takes, at least 1; *cp is the code point, or UTF8_INVALID
 * for an invalid sequence of that many bytes.
 */
size_t utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* The code point that ends the valid UTF-8 text s[0..n), or 0. */
uint32_t utf8_last(const unsigned char *s, size_t n);

/* Encodes cp (at most U+10FFFF, no surrogate) into out; returns 1 to 4. */
size_t utf8_encode(uint32_t cp, unsigned char out[4]);

/* Length of the longest valid prefix of s: n when all of s is valid. */
size_t utf8_valid(const unsigned char *s, size_t n);

/*
 * utf8_valid() of s[0..n) that may read, but does not judge, the bytes
 * s[n..avail) (avail >= n): a short last block is then read in place,
 * not copied.
 */
size_t utf8_valid_ahead(const unsigned char *s, size_t n, size_t avail);

/*
 * The vector kernel behind utf8_valid_ahead() (utf8_avx2.c, built only
 * where RINSE_AVX2 is 1, called only where simd_avx2() is): n when s is
 * valid, else a character boundary up to which it is.
 */
size_t utf8_valid_avx2(const unsigned char *s, size_t n, size_t avail);

/*
 * Copies s to out (at least 3 * n bytes), replacing every invalid
 * sequence by U+FFFD; returns the bytes written and adds the number of
 * replacements to *bad.
 */
size_t utf8_sanitize(const unsigned char *s, size_t n, unsigned char *out,
    unsigned long long *bad);

#endif
