/*
 * wrap.h: hard-wrapped text (lines cut at a width, a paragraph over
 * several of them), as rinse-tidy -u joins it back and rinse-ads keeps
 * the pieces of a sentence cut at a line's end from being judged as
 * lines of their own. Both decide with these functions, so that what
 * rinse-ads keeps as a piece is what rinse-tidy -u joins.
 *
 * Widths are display columns, capped at WRAP_CAP: a line wider than that
 * is a paragraph, not a wrapped line, whatever its width.
 */
#ifndef RINSE_WRAP_H
#define RINSE_WRAP_H

#include <stddef.h>
#include <stdint.h>

#define WRAP_CAP	103	/* wider lines: wrap_cols() says 103 */

/*
 * w plus the columns of the valid UTF-8 text s[i..n), one character at a
 * time, WRAP_CAP at the most: wide East Asian characters count two,
 * combining marks none, a bad byte one.
 */
unsigned wrap_cols(const unsigned char *s, size_t n, size_t i, unsigned w);

/* The columns of s[0..n), WRAP_CAP at the most: wrap_cols() from 0. */
unsigned wrap_width_of(const unsigned char *s, size_t n);

/*
 * Whether s[0..n) ends a sentence: a full stop, question or exclamation
 * mark (or an ideographic or fullwidth one), perhaps inside closing
 * quotes or brackets.
 */
int wrap_endstop(const unsigned char *s, size_t n);

/*
 * Whether a line starts like a list item or a heading marker, which
 * starts a paragraph of its own even in hard-wrapped text.
 */
int wrap_listlike(const unsigned char *s, size_t n);

/*
 * The wrap width of a document of n lines, or 0 if it does not look
 * hard-wrapped. width(ctx, i) is the columns of line i (0 for an empty
 * line), stop(ctx, i) whether it ends a sentence; stop is asked only of
 * lines near the width found. minon: the fewest of those lines that must
 * go on past their end (not end a sentence); a caller that acts on a
 * short document's lines asks for more evidence.
 */
unsigned wrap_width(size_t n, unsigned (*width)(void *, size_t),
    int (*stop)(void *, size_t), void *ctx, unsigned minon);

/*
 * Whether, in text wrapped at w columns (w > 0), a line of width columns
 * goes on in the next, next[0..nn) of nwidth columns: the line is near the
 * width, neither passes it, and the next is not empty and not a list
 * item.
 */
int wrap_goes_on(unsigned w, unsigned width, const unsigned char *next,
    size_t nn, unsigned nwidth);

#endif
