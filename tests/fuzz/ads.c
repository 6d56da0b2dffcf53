/*
 * Harness for rinse-ads with the bundled rules ($RINSE_RULES, which
 * tests/fuzz/run sets to rules/). The first input byte picks the options:
 * bit 0 -z, bit 1 -L, bit 2 -U, bit 3 -S; the rest is the document.
 *
 * Invariants: valid UTF-8 out; with -z the record count is kept; nothing
 * invented or reordered: each output line, spaces aside, is a subsequence
 * of an input line (strip keeps the rest of a line), and output lines
 * follow the order of the input lines they come from.
 */
#define main rinse_stage_main
#include "../../stages/ads/ads.c"
#undef main

#include "fuzz.h"

static struct ads A;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *dir = getenv("RINSE_RULES");

	(void)argc;
	(void)argv;
	setprogname("rinse-ads");
	if (dir == NULL)
		fuzz_fail("set RINSE_RULES to the rules folder");
	rules_load_dir(&A.rs, dir);
	ads_init(&A, RD_DEFAULT_MAX);
	fuzz_quiet();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out, *in;
	size_t outlen, inlen;
	int zmode, st;

	if (size < 1)
		return 0;
	zmode = data[0] & 1;
	A.links = !((data[0] >> 1) & 1);
	A.ui = !((data[0] >> 2) & 1);
	A.signoff = !((data[0] >> 3) & 1);
	data++, size--;

	st = fuzz_run(ads_doc, &A, data, size, zmode, 0, &out, &outlen);
	if (st >= RINSE_ERR)
		fuzz_fail("ads: status %d", st);
	fuzz_want_utf8("ads", out, outlen);
	if (zmode && fuzz_records(out, outlen) !=
	    fuzz_records((const char *)data, size))
		fuzz_fail("ads -z: %zu records in, %zu out",
		    fuzz_records((const char *)data, size),
		    fuzz_records(out, outlen));
	if (st == RINSE_OK) {
		/* ads reads invalid bytes as U+FFFD; compare with that. */
		in = fuzz_sanitize(data, size, &inlen);
		fuzz_want_subseq("ads", in, inlen, out, outlen, zmode);
		free(in);
	}
	free(out);
	return 0;
}
