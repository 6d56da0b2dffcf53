#!/bin/sh
# Rule loading: the bundled sets load by default and -R -r FILE... gives
# the same rules; loading every set twice (twice the rules) cleans the
# same; RINSE_RULES replaces the bundled folder; -l names file:line.
ADS=$BIN/rinse-ads
[ -x "$ADS" ] || exit 77
R=$TOP/rules
fail=0
for f in "$TOP"/samples/*news*.txt "$TOP"/tests/ads/*.in; do
	[ -f "$f" ] || continue
	"$ADS" <"$f" >"$TMP/a" 2>/dev/null
	"$ADS" -R -r "$R/common.rules" -r "$R/en-web.rules" \
	    -r "$R/ko-news.rules" <"$f" >"$TMP/b" 2>/dev/null
	"$ADS" -r "$R/common.rules" -r "$R/en-web.rules" \
	    -r "$R/ko-news.rules" <"$f" >"$TMP/c" 2>/dev/null
	cmp -s "$TMP/a" "$TMP/b" || { echo "FAIL: -R -r differs on $f"; fail=1; }
	cmp -s "$TMP/a" "$TMP/c" || { echo "FAIL: doubled rules differ on $f"; fail=1; }
done
mkdir -p "$TMP/myrules"
printf 'drop ^zap$\n' >"$TMP/myrules/mine.rules"
out=$(printf 'zap\nAdvertisement\n' | RINSE_RULES=$TMP/myrules "$ADS" -LUS)
[ "$out" = "Advertisement" ] || { echo "FAIL: RINSE_RULES: got '$out'"; fail=1; }
# -l names the file each rule came from, in the folder really used
p=$(RINSE_RULES=$TMP/myrules "$ADS" -l | grep '	drop ^zap\$$' | cut -f1)
[ "${p%:1}" -ef "$TMP/myrules/mine.rules" ] ||
    { echo "FAIL: -l with RINSE_RULES: '$p'"; fail=1; }
p=$("$ADS" -l | grep 'ko-news.rules:[0-9]*	cut ' | head -1 | cut -f1)
[ "${p%:*}" -ef "$TOP/rules/ko-news.rules" ] ||
    { echo "FAIL: -l does not list the bundled rules by their path"; fail=1; }
"$ADS" -r "$TMP/none.rules" </dev/null 2>"$TMP/err"
[ $? = 2 ] && grep -q 'none.rules' "$TMP/err" ||
    { echo "FAIL: a missing rule file is not an error"; fail=1; }
exit $fail
