/*
 * Harness for rinse-rec's split half: the JSON Lines reader (json-c and
 * the checks around it), the WARC framing, the HTTP response parser, and
 * gzip and zstd input with their resynchronization. The first input byte
 * picks the options: bit 0 WARC (else JSON Lines), bit 1 the input is
 * sent gzip-compressed, bit 2 with its middle third of compressed bytes
 * flipped, bit 3 a -M cap of 4 KiB; the rest is the input.
 *
 * Invariants: no crash and status 0 or 1 (2 is for I/O errors); the text
 * stream holds exactly as many NUL-terminated records as the side file
 * holds records sent down; for plain JSON Lines every line is accounted
 * for: sent, excluded or blank, never lost.
 */
#include <fcntl.h>

#define main rinse_stage_main
#include "../../stages/rec/rec.c"
#undef main

#include "fuzz.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char side[64], text[64], in[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setprogname("rinse-rec");
	fuzz_quiet();
	snprintf(side, sizeof(side), "/tmp/rinse-fuzz-rec.%ld.side",
	    (long)getpid());
	snprintf(text, sizeof(text), "/tmp/rinse-fuzz-rec.%ld.z",
	    (long)getpid());
	snprintf(in, sizeof(in), "/tmp/rinse-fuzz-rec.%ld.in",
	    (long)getpid());
	return 0;
}

/* The input as a file, gzip-compressed (and damaged) when asked. */
static void
input(const uint8_t *data, size_t size, int gz, int flip)
{
	FILE *fp = fopen(in, "wb");
	unsigned char *z;
	uLongf nz;
	size_t i;

	if (fp == NULL)
		fuzz_fail("cannot write %s", in);
	if (gz) {
		z_stream s;

		memset(&s, 0, sizeof(s));
		nz = compressBound(size) + 64;
		z = xmalloc(nz);
		deflateInit2(&s, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
		s.next_in = (unsigned char *)data;
		s.avail_in = size;
		s.next_out = z;
		s.avail_out = nz;
		deflate(&s, Z_FINISH);
		nz = s.total_out;
		deflateEnd(&s);
		if (flip)
			for (i = nz / 3; i < 2 * nz / 3; i++)
				z[i] ^= 0x5a;
		fwrite(z, 1, nz, fp);
		free(z);
	} else {
		fwrite(data, 1, size, fp);
	}
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec_opts o = { .field = "text", .comp = -1 };
	struct side_ent e = { 0 };
	unsigned long long sent = 0, bad = 0, lines = 0, nuls = 0;
	FILE *sp, *tp;
	int st, c;

	if (size < 1)
		return 0;
	o.warc = data[0] & 1;
	o.max = data[0] & 8 ? 4096 : RD_DEFAULT_MAX;
	o.side = side;
	input(data + 1, size - 1, data[0] & 2, data[0] & 4);
	if ((o.outfd = open(text, O_WRONLY | O_CREAT | O_TRUNC, 0600)) < 0)
		fuzz_fail("cannot write %s", text);
	st = split_run(&o, in);
	close(o.outfd);
	if (st != RINSE_OK && st != RINSE_BAD)
		fuzz_fail("rec: status %d", st);
	if ((sp = fopen(side, "rb")) == NULL || (tp = fopen(text, "rb")) ==
	    NULL)
		fuzz_fail("rec: cannot read back");
	while (side_get(sp, side, &e))
		if (e.kind == SIDE_JSON || e.kind == SIDE_WARC)
			sent++;
		else if (e.kind == SIDE_BAD)
			bad++;
	while ((c = getc(tp)) != EOF)
		nuls += c == 0;
	fclose(sp);
	fclose(tp);
	free(e.data);
	if (nuls != sent)
		fuzz_fail("rec: %llu records in the side file, %llu texts",
		    sent, nuls);
	/* Plain JSON Lines (not sent compressed, nor compressed already). */
	if (!o.warc && !(data[0] & 2) && !(size > 3 && ((data[1] == 0x1f &&
	    data[2] == 0x8b) || (data[1] == 0x28 && data[2] == 0xb5)))) {
		const uint8_t *p = data + 1, *end = data + size, *nl;

		/*
		 * Lines with something but white space: sent or excluded.
		 * A byte-order mark opening the first line is not something.
		 */
		if (end - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
			p += 3;
		for (; p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', end - p)) == NULL)
				nl = end;
			while (p < nl && (*p == ' ' || *p == '\t' || *p == '\r'))
				p++;
			lines += p < nl;
		}
		if (sent + bad != lines)
			fuzz_fail("rec: %llu lines, %llu sent, %llu excluded",
			    lines, sent, bad);
	}
	return 0;
}
