# -z through the whole chain keeps one output record per input record,
# empty ones included, and each record is cleaned as its own document.
set -u
fail=0
for s in enc html ads dedup tidy; do
	[ -x "$BIN/rinse-$s" ] || { echo "skip: rinse-$s not built"; exit 77; }
done
n=0
for f in "$TOP"/samples/*; do
	case $f in *utf16*|*README*) continue ;; esac	# NULs of their own
	cat "$f"; printf '\0'; n=$((n + 1))
	printf '\0'; n=$((n + 1))		# an empty record
	printf 'Same line in every record.\n\0'; n=$((n + 1))
done >"$TMP/in"
"$TOP/run.sh" -z <"$TMP/in" >"$TMP/out" 2>"$TMP/err" || { echo "FAIL: exit $?"; cat "$TMP/err"; fail=1; }
got=$(tr -cd '\0' <"$TMP/out" | wc -c)
[ "$got" = "$n" ] || { echo "FAIL: $n records in, $got out"; fail=1; }
# Per-document state resets: the repeated line survives in every record.
c=$(tr '\0' '\n' <"$TMP/out" | grep -c '^Same line in every record\.$')
[ "$c" = $((n / 3)) ] || { echo "FAIL: repeated record line kept $c times, want $((n / 3))"; fail=1; }
# Each stage alone keeps the count too.
for s in enc html ads dedup tidy; do
	got=$("$BIN/rinse-$s" -z <"$TMP/in" 2>/dev/null | tr -cd '\0' | wc -c)
	[ "$got" = "$n" ] || { echo "FAIL: rinse-$s -z: $n records in, $got out"; fail=1; }
done
exit $fail
