# The vector paths (include/rinse/simd.h) against the portable ones: each
# stage's output and exit status on its golden inputs, the samples and text
# made to stress the block edges must be the same with RINSE_NO_SIMD=1 as
# without.
set -u
fail=0

# Lines of every length from 1 to 100 bytes, each made of a pattern that
# puts spaces, double spaces, tabs, NBSPs, Hangul, cut-short sequences and
# invalid bytes at every offset from a 32-byte block's edge.
awk 'BEGIN {
	split("a|b |  |\t|\302\240|\355\225\234|\352\260|\377|\300\257|\343\200\200|x.|\r|\316\261", p, "|")
	for (len = 1; len <= 100; len++)
		for (k = 1; k <= 13; k++) {
			line = ""
			for (j = 0; length(line) < len; j++)
				line = line p[(k + j * (j % 3 + 1)) % 13 + 1]
			print substr(line, 1, len)
		}
}' >"$TMP/edges.txt"

# same FILE ARGS...: the stage gives the same output and status both ways.
same() {
	f=$1
	shift
	"$@" <"$f" >"$TMP/a" 2>/dev/null
	a=$?
	RINSE_NO_SIMD=1 "$@" <"$f" >"$TMP/b" 2>/dev/null
	b=$?
	if [ $a != $b ] || ! cmp -s "$TMP/a" "$TMP/b"; then
		echo "FAIL: $* <$f: vector and portable paths differ" \
		    "(exit $a, $b)"
		fail=1
	fi
}

for s in enc html ads dedup tidy; do
	bin=$BIN/rinse-$s
	[ -x "$bin" ] || continue
	same "$TMP/edges.txt" "$bin"
	same "$TMP/edges.txt" "$bin" -z
	for f in "$TOP"/tests/"$s"/*.in "$TOP"/samples/*; do
		[ -f "$f" ] && same "$f" "$bin"
	done
done
same "$TMP/edges.txt" "$BIN/rinse-tidy" -u
same "$TMP/edges.txt" "$BIN/rinse-tidy" -p
exit $fail
