# The fuzz smoke test: builds every harness of tests/fuzz/ with clang and
# fuzzes each for RINSE_FUZZ_SMOKE seconds (CI sets 30); any crash,
# sanitizer report or invariant failure fails it. Skipped unless
# RINSE_FUZZ_SMOKE is set, and when clang cannot build a fuzzer.
set -u
secs=${RINSE_FUZZ_SMOKE:-}
[ -n "$secs" ] || { echo "skip: set RINSE_FUZZ_SMOKE=SECONDS to run"; exit 77; }
cc=$(command -v clang || command -v clang-14) ||
    { echo "skip: no clang"; exit 77; }
echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)
{ (void)d; (void)n; return 0; }' >"$TMP/t.c"
"$cc" -fsanitize=fuzzer "$TMP/t.c" -o "$TMP/t" 2>/dev/null ||
    { echo "skip: clang cannot link -fsanitize=fuzzer"; exit 77; }
fail=0
for h in "$TOP"/tests/fuzz/*.c; do
	s=$(basename "$h" .c)
	[ "$s" = fuzzlib ] && continue
	if FUZZ_OUT="$TMP/fuzz" CLANG=$cc sh "$TOP/tests/fuzz/run" "$s" "$secs" \
	    >"$TMP/$s.log" 2>&1; then
		echo "$s: $(grep -E '^#[0-9]+' "$TMP/$s.log" | tail -1)"
	else
		echo "FAIL: fuzz $s:"
		grep -E 'invariant|ERROR|SUMMARY|runtime error|Test unit' \
		    "$TMP/$s.log" | head -10
		fail=1
	fi
done
exit $fail
