# The whole chain on the real scraped articles in ../shared/seeds scores
# f1 >= 0.99 and para >= 0.97 against ../shared/gold, with no duplicate
# left. The articles are read in place; skipped where they are absent.
set -u
seeds=$TOP/../shared/seeds gold=$TOP/../shared/gold score=$TOP/../shared/tools/score
[ -d "$seeds" ] && [ -x "$score" ] || { echo "skip: no ../shared"; exit 77; }
mkdir -p "$TMP/out"
for f in "$seeds"/*.txt; do
	"$TOP/run.sh" <"$f" >"$TMP/out/$(basename "$f")" 2>/dev/null
done
"$score" --min-f1 0.99 --min-para 0.97 "$gold" "$TMP/out" >"$TMP/score"
st=$?
tail -7 "$TMP/score"
[ $st = 0 ] || { echo "FAIL: below f1 0.99 / para 0.97"; exit 1; }
awk 'NF == 5 && $5 ~ /^[0-9]+$/ && $5 > 0 { bad = 1 } END { exit bad }' "$TMP/score" ||
    { echo "FAIL: duplicates left"; exit 1; }
