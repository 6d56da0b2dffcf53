/*
 * sink.c: a byte sink that writes plain, gzip or zstd output.
 *
 * Contract: everything written reaches fp, compressed as asked, or the
 * program dies naming the error (a full disk included); sink_close()
 * ends the compressed stream and closes fp, returning RINSE_ERR after a
 * message if anything was lost.
 */
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>
#include "rec.h"

#define OCHUNK ((size_t)1 << 16)

void
sink_open(struct sink *k, FILE *fp, const char *name, int comp)
{
	memset(k, 0, sizeof(*k));
	k->fp = fp;
	k->name = name;
	k->comp = comp;
	if (comp == COMP_NONE)
		return;
	k->ocap = OCHUNK;
	k->obuf = xmalloc(k->ocap);
	if (comp == COMP_GZIP) {
		if (deflateInit2(&k->z, 6, Z_DEFLATED, 15 + 16, 8,
		    Z_DEFAULT_STRATEGY) != Z_OK)
			die("%s: zlib cannot start", name);
	} else if ((k->zs = ZSTD_createCStream()) == NULL ||
	    ZSTD_isError(ZSTD_initCStream(k->zs, 3))) {
		die("%s: zstd cannot start", name);
	}
}

/* Compresses p (n bytes; with end, finishes the stream) to fp. */
static void
pump(struct sink *k, const void *p, size_t n, int end)
{
	if (k->comp == COMP_GZIP) {
		int r;

		k->z.next_in = (unsigned char *)p;
		k->z.avail_in = n;
		do {
			k->z.next_out = k->obuf;
			k->z.avail_out = k->ocap;
			r = deflate(&k->z, end ? Z_FINISH : Z_NO_FLUSH);
			if (r == Z_STREAM_ERROR)
				die("%s: zlib failed", k->name);
			efwrite(k->obuf, k->ocap - k->z.avail_out, k->fp);
		} while (k->z.avail_out == 0 || (end && r != Z_STREAM_END));
	} else {
		ZSTD_inBuffer in = { p, n, 0 };
		size_t left;

		do {
			ZSTD_outBuffer out = { k->obuf, k->ocap, 0 };

			left = end ? ZSTD_endStream(k->zs, &out) :
			    ZSTD_compressStream(k->zs, &out, &in);
			if (ZSTD_isError(left))
				die("%s: zstd: %s", k->name,
				    ZSTD_getErrorName(left));
			efwrite(k->obuf, out.pos, k->fp);
		} while (end ? left != 0 : in.pos < in.size);
	}
}

void
sink_write(struct sink *k, const void *p, size_t n)
{
	if (k->comp == COMP_NONE)
		efwrite(p, n, k->fp);
	else if (n > 0)
		pump(k, p, n, 0);
}

int
sink_close(struct sink *k)
{
	if (k->comp != COMP_NONE)
		pump(k, "", 0, 1);
	if (k->comp == COMP_GZIP)
		deflateEnd(&k->z);
	if (k->zs)
		ZSTD_freeCStream(k->zs);
	free(k->obuf);
	return efshut(k->fp, k->name);
}
