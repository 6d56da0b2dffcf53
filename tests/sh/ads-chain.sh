#!/bin/sh
# The acceptance of issue 5: the whole chain on the seeds scores f1 >= 0.99
# and para >= 0.97. Skipped unless ../shared, python3 and every stage of
# the chain but rinse-enc (the seeds are UTF-8) are there.
SEEDS=$TOP/../shared/seeds
GOLD=$TOP/../shared/gold
SCORE=$TOP/../shared/tools/score
[ -d "$SEEDS" ] && [ -x "$SCORE" ] || exit 77
command -v python3 >/dev/null 2>&1 || exit 77
for s in html ads dedup tidy; do
	[ -x "$BIN/rinse-$s" ] || exit 77
done
mkdir -p "$TMP/out"
for f in "$SEEDS"/*.txt; do
	"$BIN/rinse-html" <"$f" | "$BIN/rinse-ads" | "$BIN/rinse-dedup" |
	    "$BIN/rinse-tidy" >"$TMP/out/$(basename "$f")" || exit 1
done
"$SCORE" --min-f1 0.99 --min-para 0.97 "$GOLD" "$TMP/out"
