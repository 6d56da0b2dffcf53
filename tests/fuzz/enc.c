/*
 * Harness for rinse-enc. The first input byte picks the options: bit 0
 * -z, bit 1 -m, bit 2 -s, bits 3-7 an encoding for -f (0 detects, n picks
 * encodings[n - 1]); the rest is the document.
 *
 * Invariants: the output is valid UTF-8 without CR; with -z the record
 * count is kept.
 */
#define main rinse_stage_main
#include "../../stages/enc/enc.c"
#undef main

#include "fuzz.h"

static struct enc T;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setprogname("rinse-enc");
	fuzz_quiet();
	memset(&T, 0, sizeof(T));
	enc_init(&T, RD_DEFAULT_MAX);
#ifdef FUZZ_KNOWN_ENC_DEC
	/*
	 * Fuzzing past a known bug (tests/sh/fuzz-regress.sh): convert_lines()
	 * passes t->dec before decode_line() allocates or grows it. A buffer
	 * already big enough for any input (-max_len=65536) never moves.
	 */
	T.deccap = (size_t)1 << 20;
	T.dec = xmalloc(T.deccap);
#endif
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out;
	size_t outlen;
	int zmode, st, f;

	if (size < 1)
		return 0;
	zmode = data[0] & 1;
	T.repair = (data[0] >> 1) & 1;
	T.strict = (data[0] >> 2) & 1;
	f = (data[0] >> 3) - 1;
	T.force = f >= 0 && f < E_OTHER ? f : -1;
	/* main() refuses -z with UTF-16 or UTF-32. */
	if (zmode && T.force >= 0 && (encodings[T.force].kind == EK_UTF16 ||
	    encodings[T.force].kind == EK_UTF32))
		T.force = -1;
	data++, size--;

	st = fuzz_run(enc_doc, &T, data, size, zmode, 0, &out, &outlen);
	if (st >= RINSE_ERR)
		fuzz_fail("enc: status %d", st);
	fuzz_want_utf8("enc", out, outlen);
	if (memchr(out, '\r', outlen) != NULL)
		fuzz_fail("enc: CR in output");
	if (zmode && fuzz_records(out, outlen) !=
	    fuzz_records((const char *)data, size))
		fuzz_fail("enc -z: %zu records in, %zu out",
		    fuzz_records((const char *)data, size),
		    fuzz_records(out, outlen));
	free(out);
	return 0;
}
