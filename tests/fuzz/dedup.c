/*
 * Harness for rinse-dedup (no store). The first input byte picks the
 * options: bit 0 -z, bit 1 -x, bits 2-3 -m (default, 0, 5, 40); the rest
 * is the document.
 *
 * Invariants: with -z the record count is kept; nothing invented or
 * reordered (each output line, spaces aside, a subsequence of an input
 * line, in order: passages are cut out of lines); dedup of the output is
 * the output (idempotent); valid UTF-8 in gives valid UTF-8 out.
 */
#define main rinse_stage_main
#include "../../stages/dedup/dedup.c"
#undef main

#include "fuzz.h"

static struct dedup D;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setprogname("rinse-dedup");
	fuzz_quiet();
	D.minlen = DEF_MINLEN;
	D.passage = DEF_PASSAGE;
	D.thresh = DEF_THRESH;
	dedup_init(&D, RD_DEFAULT_MAX);
	return 0;
}

/* One run as a fresh process would do it: -x remembers nothing yet. */
static int
run(const void *data, size_t size, int zmode, char **out, size_t *outlen)
{
	tab_reset(&D.b, &D.run);
	return fuzz_run(dedup_doc, &D, data, size, zmode, 0, out, outlen);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned minlens[4] = { DEF_MINLEN, 0, 5, 40 };
	char *out, *out2;
	size_t outlen, outlen2;
	int zmode, st;

	if (size < 1)
		return 0;
	zmode = data[0] & 1;
	D.cross = (data[0] >> 1) & 1;
	D.minlen = minlens[(data[0] >> 2) & 3];
	data++, size--;

	st = run(data, size, zmode, &out, &outlen);
	if (st >= RINSE_ERR)
		fuzz_fail("dedup: status %d", st);
	if (zmode && fuzz_records(out, outlen) !=
	    fuzz_records((const char *)data, size))
		fuzz_fail("dedup -z: %zu records in, %zu out",
		    fuzz_records((const char *)data, size),
		    fuzz_records(out, outlen));
	if (st == RINSE_OK && utf8_valid(data, size) == size) {
		fuzz_want_utf8("dedup", out, outlen);
		fuzz_want_subseq("dedup", (const char *)data, size, out,
		    outlen, zmode);
		st = run(out, outlen, zmode, &out2, &outlen2);
		if (st != RINSE_OK)
			fuzz_fail("dedup: status %d on its own output", st);
		fuzz_want_same("dedup not idempotent", out, outlen, out2,
		    outlen2);
		free(out2);
	}
	free(out);
	return 0;
}
