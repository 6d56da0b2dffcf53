/*
 * Harness for rinse-html. The first input byte picks the options: bit 0
 * -z, bit 1 -A, bits 2-3 the mode (auto, -H, -T), bit 4 -k, bit 5 -t,
 * bits 6-7 the entity levels -e 1 to 4; the rest is the document.
 *
 * Invariants: valid UTF-8 in gives valid UTF-8 out; with -z the record
 * count is kept.
 */
#define main rinse_stage_main
#include "../../stages/html/html.c"
#undef main

#include "fuzz.h"

static struct html H;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setprogname("rinse-html");
	fuzz_quiet();
	html_init(&H, RD_DEFAULT_MAX);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int modes[4] = { 0, 'H', 'T', 0 };
	char *out;
	size_t outlen;
	int zmode, st;

	if (size < 1)
		return 0;
	zmode = data[0] & 1;
	H.extract = !((data[0] >> 1) & 1);
	H.mode = modes[(data[0] >> 2) & 3];
	H.keep = (data[0] >> 4) & 1;
	H.title = (data[0] >> 5) & 1;
	H.levels = ((data[0] >> 6) & 3) + 1;
	data++, size--;

	st = fuzz_run(html_doc, &H, data, size, zmode, 0, &out, &outlen);
	if (st >= RINSE_ERR)
		fuzz_fail("html: status %d", st);
	if (utf8_valid(data, size) == size)
		fuzz_want_utf8("html", out, outlen);
	if (zmode && fuzz_records(out, outlen) !=
	    fuzz_records((const char *)data, size))
		fuzz_fail("html -z: %zu records in, %zu out",
		    fuzz_records((const char *)data, size),
		    fuzz_records(out, outlen));
	free(out);
	return 0;
}
