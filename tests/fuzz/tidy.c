/*
 * Harness for rinse-tidy. The first input byte picks the options (bit 0
 * -z, bit 1 -p, bit 2 -u, bit 3 -M 256 for a -u window of 128 bytes);
 * the rest is the document.
 *
 * Invariants: the output is valid UTF-8; tidy of the output is the output
 * (idempotent; for -u, tidy without -u of the output is the output, since
 * joining lines again may legitimately join more); with -z the record
 * count is kept; without -p no output line is empty; a non-empty document
 * ends with a newline.
 */
#define main rinse_stage_main
#include "../../stages/tidy/tidy.c"
#undef main

#include "fuzz.h"

static struct tidy T;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setprogname("rinse-tidy");
	fuzz_quiet();
	tidy_init(&T, RD_DEFAULT_MAX);
	return 0;
}

static void
check_shape(const char *s, size_t n, int para, int zmode)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\0' && zmode) {
			if (i > 0 && s[i - 1] != '\n' && s[i - 1] != '\0')
				fuzz_fail("tidy: record without final newline");
			continue;
		}
		if (s[i] == '\n' && !para && (i == 0 || s[i - 1] == '\n' ||
		    s[i - 1] == '\0'))
			fuzz_fail("tidy: empty line at byte %zu", i);
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n')
			fuzz_fail("tidy: control byte at %zu", i);
	}
	if (n > 0 && s[n - 1] != '\n' && !(zmode && s[n - 1] == '\0'))
		fuzz_fail("tidy: no final newline");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *out, *out2;
	size_t outlen, outlen2;
	int zmode, st, st2;

	if (size < 1)
		return 0;
	zmode = data[0] & 1;
	T.para = (data[0] >> 1) & 1;
	T.unwrap = (data[0] >> 2) & 1;
	/* Bit 3: a cap of 256 bytes, so that -u decides on a window of 128
	   bytes and streams the rest. */
	T.max = (data[0] >> 3) & 1 ? 256 : RD_DEFAULT_MAX;
	T.misses = T.wait = 0;	/* each input as a fresh run */
	data++, size--;

	st = fuzz_run(tidy_doc, &T, data, size, zmode, 0, &out, &outlen);
	if (st != RINSE_OK) {
		/* Only binary input (a NUL without -z) may fail here. */
		if (zmode || memchr(data, '\0', size) == NULL)
			fuzz_fail("tidy: status %d on text input", st);
		free(out);
		return 0;
	}
	fuzz_want_utf8("tidy", out, outlen);
	if (zmode && fuzz_records(out, outlen) !=
	    fuzz_records((const char *)data, size))
		fuzz_fail("tidy -z: %zu records in, %zu out",
		    fuzz_records((const char *)data, size),
		    fuzz_records(out, outlen));
	check_shape(out, outlen, T.para, zmode);

	T.unwrap = 0;
	st2 = fuzz_run(tidy_doc, &T, out, outlen, zmode, 0, &out2, &outlen2);
	if (st2 != RINSE_OK)
		fuzz_fail("tidy: status %d on its own output", st2);
	fuzz_want_same("tidy not idempotent", out, outlen, out2, outlen2);
	free(out);
	free(out2);
	return 0;
}
