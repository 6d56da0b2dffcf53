# The -M cap in every stage (README, "Exit status"): peak memory stays
# under the cap and a fixed slack whatever the input's shape, and what is
# over the cap is refused with the one message and exit 2, never taken
# whole nor cut in silence. Peak memory is not measured under the
# sanitizers, whose shadow memory is not ours.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
san=${SAN:-}
case $BIN in *-san*) san=1 ;; esac
rss=
[ -x /usr/bin/time ] && [ -z "$san" ] && rss=1

# 20 MB of newlines, one 20 MB line, a line of 8,192 bytes, and a stream
# of 400 documents of 50 KB each.
head -c 20000000 /dev/zero | tr '\0' '\n' >"$TMP/nl"
head -c 20000000 /dev/zero | tr '\0' 'a' >"$TMP/line"
{ head -c 8192 /dev/zero | tr '\0' 'b'; echo; } >"$TMP/l8k"
{ head -c 4096 /dev/zero | tr '\0' 'c'; echo; } >"$TMP/l4k"
awk 'BEGIN { for (d = 0; d < 400; d++) { for (i = 0; i < 500; i++)
	printf "line %d of document %d, some words of text.....\n", i, d
	printf "%c", 0 } }' >"$TMP/docs.z"

# run STAGE CAP_KB INPUT ARGS...: runs the stage with -M CAP_KB K; sets
# st, err (its stderr) and kb (peak RSS in KB, 0 when not measured).
run() {
	s=$1 cap=$2 in=$3
	shift 3
	kb=0
	if [ -n "$rss" ]; then
		/usr/bin/time -f %M -o "$TMP/time" "$BIN/rinse-$s" -M "${cap}K" \
		    "$@" "$in" >"$TMP/out" 2>"$TMP/err"
		st=$?
		kb=$(tail -n 1 "$TMP/time")
	else
		"$BIN/rinse-$s" -M "${cap}K" "$@" "$in" >"$TMP/out" 2>"$TMP/err"
		st=$?
	fi
	err=$(cat "$TMP/err")
}

# bounded WHAT CAP_KB: peak RSS under the cap and 8 MB (the program, its
# libraries, the reader's block and the output buffers).
bounded() {
	[ "$kb" -le $(($2 + 8192)) ] ||
	    no "$1: peak RSS $kb KB over a cap of $2 KB"
}

# refused WHAT: exit 2 and the one message form.
form="^rinse-[a-z]*: $TMP/[a-z0-9.]*: line [0-9]*: "
form="${form}the [a-z]* \(holds\|would hold\) more than [0-9.]* [KMG]iB (-M): "
form="${form}.*; raise the cap with -M\$"
refused() {
	[ "$st" = 2 ] || no "$1: exit $st, want 2"
	printf '%s\n' "$err" | grep -q "$form" || no "$1: message: $err"
}

for s in enc html ads dedup tidy; do
	run "$s" 16384 "$TMP/nl"
	bounded "$s 20 MB of newlines" 16384
	# A stage that holds the whole document refuses it; one that
	# streams takes it.
	case $s in
	ads)	refused "$s 20 MB of newlines"
		printf '%s\n' "$err" | grep -q "the document would hold" ||
		    no "$s 20 MB of newlines: $err" ;;
	*)	[ "$st" = 0 ] || no "$s 20 MB of newlines: exit $st: $err" ;;
	esac

	run "$s" 16384 "$TMP/line"
	bounded "$s a 20 MB line" 16384
	refused "$s a 20 MB line"

	# The cap is exact, not the cap and the reader's block.
	run "$s" 4 "$TMP/l8k"
	refused "$s -M 4K, a line of 8,193 bytes"
	[ "$(wc -c <"$TMP/out")" -lt 4096 ] ||
	    no "$s -M 4K: the line over the cap was written"
	run "$s" 8 "$TMP/l4k"
	[ "$st" = 0 ] || no "$s -M 8K, a line of 4,097 bytes: exit $st: $err"

	# Many documents: memory is that of one, not of the stream.
	run "$s" 1024 "$TMP/docs.z" -z
	bounded "$s -z, 400 documents of 50 KB" 1024
	[ "$st" = 0 ] || no "$s -z, 400 documents: exit $st: $err"
	[ "$(tr -cd '\0' <"$TMP/out" | wc -c)" = 400 ] ||
	    no "$s -z, 400 documents: $(tr -cd '\0' <"$TMP/out" | wc -c) out"
done
# rinse-ads cuts a line into units: a line of a million sentences needs
# its candidates, boundaries and units in memory before their records are
# counted, and those too stay within the cap.
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "다. "; print "" }' \
    >"$TMP/units"
run ads 16384 "$TMP/units"
bounded "ads a line of a million sentences" $((16384 + 8192))
refused "ads a line of a million sentences"
# rinse-enc reads UTF-16 in raw chunks, not through the reader's lines:
# the same cap, the same message.
{ printf '\377\376'; head -c 8192 /dev/zero | tr '\0' 'b' | sed 's/./&\x00/g'
  printf '\n\000'; } >"$TMP/u16"
run enc 4 "$TMP/u16"
refused "enc -M 4K, a UTF-16 line of 8,192 characters"
run enc 20 "$TMP/u16"
[ "$st" = 0 ] || no "enc -M 20K, a UTF-16 line of 8,192 characters: $err"
exit $fail
