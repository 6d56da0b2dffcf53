# The whole chain, through run.sh, on samples/: each output equals the
# clean result in tests/chain/. Needs every stage.
set -u
for s in enc html ads dedup tidy; do
	[ -x "$BIN/rinse-$s" ] || { echo "skip: rinse-$s not built"; exit 77; }
done
fail=0
"$TOP/run.sh" -o "$TMP/out" "$TOP/samples" 2>"$TMP/err" || {
	echo "FAIL: run.sh exit $?"; cat "$TMP/err"; exit 1; }
for want in "$TOP"/tests/chain/*.txt; do
	got=$TMP/out/$(basename "$want")
	if ! cmp -s "$want" "$got"; then
		echo "FAIL: $(basename "$want")"
		diff -u "$want" "$got" | head -20
		fail=1
	fi
done
# Every sample has its expected output.
for f in "$TOP"/samples/*; do
	n=$(basename "$f"); n=${n%.*}
	[ "$n" = README ] && continue
	[ -f "$TOP/tests/chain/$n.txt" ] || { echo "FAIL: no tests/chain/$n.txt"; fail=1; }
done
exit $fail
