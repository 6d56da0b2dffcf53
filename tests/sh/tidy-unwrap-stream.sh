# rinse-tidy -u streams: it decides the wrap width on a window of the
# first lines (half the -M cap, at most 4 MiB) and holds no more than
# that, so a long document needs neither a cap of its size nor the memory.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
t=$BIN/rinse-tidy

# Paragraphs of made-up words, hard-wrapped at 72 columns by fold(1), a
# blank line between them; some start like list items.
awk 'BEGIN {
	srand(7)
	for (p = 0; p < 6000; p++) {
		n = 20 + int(rand() * 80)
		line = (p % 9 == 0) ? "- item" : "Para" p
		for (i = 0; i < n; i++) {
			w = ""
			for (k = 0; k < 2 + int(rand() * 8); k++)
				w = w sprintf("%c", 97 + int(rand() * 26))
			line = line " " w
		}
		print line
		print ""
	}
}' >"$TMP/paras"
fold -s -w 72 "$TMP/paras" | sed 's/ *$//' >"$TMP/wrapped"
[ "$(wc -c <"$TMP/wrapped")" -gt 1500000 ] || no "test input too small"

# The whole document in one window (default cap) and in windows of 32 KB
# (-M 64K) give the same paragraphs: the width is the same on both.
"$t" -u <"$TMP/wrapped" >"$TMP/whole" || no "-u: exit $?"
"$t" -u -M 64K <"$TMP/wrapped" >"$TMP/win" 2>"$TMP/e" ||
    no "-u -M 64K: exit $? $(cat "$TMP/e")"
cmp -s "$TMP/whole" "$TMP/win" || no "-u: a small window changes the output"
# And they are the paragraphs before wrapping.
grep -v '^$' "$TMP/paras" | sed 's/ *$//' >"$TMP/want"
cmp -s "$TMP/want" "$TMP/win" || no "-u -M 64K: not the unwrapped paragraphs"
"$t" -u -p -M 64K <"$TMP/wrapped" | grep -vc '^$' >"$TMP/n"
[ "$(cat "$TMP/n")" = 6000 ] || no "-u -p -M 64K: $(cat "$TMP/n") paragraphs"

# Text that is not wrapped, longer than the window: as without -u.
"$t" <"$TMP/paras" >"$TMP/plain"
"$t" -u -M 64K <"$TMP/paras" | cmp -s - "$TMP/plain" ||
    no "-u -M 64K on unwrapped text differs from plain tidy"

# No line held at all (empty input, binary input refused at once): nothing
# to write, no pointer arithmetic on the empty list (the fuzzing harness
# found it under clang's UBSan).
printf '' | "$t" -u >"$TMP/o" 2>"$TMP/e" || no "-u on nothing: exit $?"
[ -s "$TMP/o" ] && no "-u on nothing: output"
printf '\000:' | "$t" -u -p -M 4K >"$TMP/o" 2>"$TMP/e"
[ $? = 1 ] || no "-u on binary input: want exit 1"
grep -q 'runtime error' "$TMP/e" && no "-u on binary input: $(cat "$TMP/e")"

# Memory: 38 MB of wrapped text in a few MB, not its size (not measured
# under the sanitizers, whose shadow memory is not ours).
san=${SAN:-}
case $BIN in *-san*) san=1 ;; esac
if [ -x /usr/bin/time ] && [ -z "$san" ]; then
	for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
		cat "$TMP/wrapped"
	done >"$TMP/big"
	kb=$(/usr/bin/time -f %M "$t" -u <"$TMP/big" 2>&1 >/dev/null | tail -1)
	[ "$kb" -le 16384 ] || no "-u on 38 MB: peak RSS $kb KB"
fi
exit $fail
