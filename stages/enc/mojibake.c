/* mojibake.c: repair of text decoded with the wrong encoding. */
#include <stdlib.h>
#include <string.h>

#include "enc.h"

size_t
mojibake_fix(struct detector *d, const unsigned char *s, size_t n,
    unsigned char **out, size_t *cap)
{
	(void)d; (void)s; (void)n; (void)out; (void)cap;
	return (size_t)-1;
}
