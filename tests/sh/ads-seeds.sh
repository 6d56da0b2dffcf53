#!/bin/sh
# On the seeds (when ../shared is there), rinse-ads | rinse-tidy leaves
# every gold paragraph, and nothing but gold paragraphs: what is left over
# can only be repeats, which are rinse-dedup's job. Raw HTML seeds go
# through rinse-html first when it is built, and are skipped otherwise.
ADS=$BIN/rinse-ads
TIDY=$BIN/rinse-tidy
SEEDS=$TOP/../shared/seeds
GOLD=$TOP/../shared/gold
[ -x "$ADS" ] && [ -x "$TIDY" ] && [ -d "$SEEDS" ] && [ -d "$GOLD" ] || exit 77
fail=0
for f in "$SEEDS"/*.txt; do
	n=$(basename "$f")
	if grep -q '<div' "$f"; then
		[ -x "$BIN/rinse-html" ] || continue
		"$BIN/rinse-html" <"$f" >"$TMP/in" || continue
	else
		cp "$f" "$TMP/in"
	fi
	"$ADS" <"$TMP/in" | "$TIDY" >"$TMP/out" || {
		echo "FAIL: $n: the stage failed"; fail=1; continue; }
	"$TIDY" <"$GOLD/$n" >"$TMP/gold"
	# furniture left: output lines that are no gold line
	if grep -vFxf "$TMP/gold" "$TMP/out" >"$TMP/extra"; then
		echo "FAIL: $n: furniture left:"
		cat "$TMP/extra"
		fail=1
	fi
	# story lost: gold lines missing from the output
	if grep -vFxf "$TMP/out" "$TMP/gold" >"$TMP/lost"; then
		echo "FAIL: $n: story paragraphs lost:"
		cat "$TMP/lost"
		fail=1
	fi
done
exit $fail
