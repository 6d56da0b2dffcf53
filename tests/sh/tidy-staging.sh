# rinse-tidy where its output buffer (64 KiB) fills in the middle of a
# line: the spaces folded after that point and the context of a ZWJ
# must not depend on what was written out before. And clean lines copied
# in bulk, then a line that is not clean, then clean ones again, at every
# offset from the buffer's edge and the reader's.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
t=$BIN/rinse-tidy

# Clean lines of 16 bytes ("line 0000000001\n" is 16) up to 65536 - K
# bytes, then a line to fold whose output crosses the 64 KiB mark.
zwj=$(printf '\360\237\221\250\342\200\215\360\237\221\251')
for k in 1 2 3 4 5 7 8 9 15 16 17 31 33 63; do
	n=$(( (65536 - k) / 16 ))
	awk -v n=$n 'BEGIN { for (i = 1; i <= n; i++) printf "line %010d\n", i }' \
	    >"$TMP/in"
	pad=$(( 65536 - k - n * 16 ))
	[ $pad -gt 1 ] && printf '%*s\n' $pad x | tr ' ' y >>"$TMP/in"
	printf 'alpha  beta\t gamma\302\240delta %s end  \n' "$zwj" >>"$TMP/in"
	printf 'after  all\n' >>"$TMP/in"
	for v in "" 1; do
		RINSE_NO_SIMD=$v "$t" <"$TMP/in" | tail -2 >"$TMP/o"
		printf 'alpha beta gamma delta %s end\nafter all\n' "$zwj" |
		    cmp -s - "$TMP/o" ||
		    no "fold across the 64 KiB mark (k=$k${v:+, no SIMD}):" \
		    "$(od -An -c "$TMP/o" | head -3)"
	done
done

# Long clean text with a line to fix every 1000 lines, at changing
# offsets: the output is the input with just those lines fixed.
awk 'BEGIN {
	for (i = 1; i <= 60000; i++) {
		if (i % 1000 == 0)
			printf "  fix %d  me \n\n", i
		else if (i % 997 == 0)
			printf "...\n"
		else
			printf "%s %d\n", substr("clean text of some length", 1, i % 23 + 1), i
	}
}' >"$TMP/mix"
awk '{ $1 = $1; if (/[[:alnum:]]/) print }' "$TMP/mix" >"$TMP/want"
"$t" <"$TMP/mix" | cmp -s - "$TMP/want" || no "mixed clean and dirty lines"
RINSE_NO_SIMD=1 "$t" <"$TMP/mix" | cmp -s - "$TMP/want" ||
    no "mixed clean and dirty lines, no SIMD"
# The same as records: each ends with its NUL, counts add up.
"$t" -z -v <"$TMP/mix" 2>"$TMP/e" | tr -d '\0' | cmp -s - "$TMP/want" ||
    no "-z: mixed lines"
grep -q "paras_out=$(wc -l <"$TMP/want") " "$TMP/e" ||
    no "-z -v counts: $(cat "$TMP/e")"
exit $fail
