#!/bin/sh
# No story paragraph is dropped by a heuristic: on the seeds (when
# ../shared is there) a line that the heuristics drop is either no line of
# the gold text or a repeat of one that is kept; on samples/ none of them
# is a long paragraph.
ADS=$BIN/rinse-ads
TIDY=$BIN/rinse-tidy
[ -x "$ADS" ] && [ -x "$TIDY" ] || exit 77
fail=0

# paragraphs the heuristics drop, as rinse-tidy would write them
heur() {
	"$ADS" -e <"$1" | sed -n 's/^heuristic:[a-z-]*	//p' | "$TIDY"
}

for f in "$TOP"/samples/*news*.txt; do
	[ -f "$f" ] || continue
	heur "$f" >"$TMP/h" || { echo "FAIL: $f: rinse-ads failed"; exit 1; }
	if awk 'length($0) >= 240 { bad = 1; print "long: " $0 } END { exit bad }' \
	    "$TMP/h"; then :; else
		echo "FAIL: $f: a heuristic dropped a long paragraph"
		fail=1
	fi
done

SEEDS=$TOP/../shared/seeds
GOLD=$TOP/../shared/gold
[ -d "$SEEDS" ] && [ -d "$GOLD" ] || exit $fail
for f in "$SEEDS"/*.txt; do
	n=$(basename "$f")
	if grep -q '<div' "$f"; then
		[ -x "$BIN/rinse-html" ] || continue
		"$BIN/rinse-html" <"$f" >"$TMP/in" || continue
	else
		cp "$f" "$TMP/in"
	fi
	heur "$TMP/in" >"$TMP/h"
	"$TIDY" <"$GOLD/$n" >"$TMP/g"
	"$ADS" <"$TMP/in" | "$TIDY" >"$TMP/out"
	grep -Fxf "$TMP/h" "$TMP/g" >"$TMP/story"
	if grep -vFxf "$TMP/out" "$TMP/story" >"$TMP/lost"; then
		echo "FAIL: $n: a heuristic dropped story paragraphs:"
		cat "$TMP/lost"
		fail=1
	fi
done
exit $fail
