#!/bin/sh
# Throughput of rinse-ads with all bundled rules, against `cat | cat` in
# the same run, and with the rule count doubled (every bundled file loaded
# a second time with -r), on >= 100 MB of news text in NUL-separated
# documents.
#
#   sh bench/ads-throughput.sh [MB]        (default 100)
#
# The text is built under bench/data/ (gitignored) from ../shared/seeds
# when present, and samples/ (files of raw HTML left out).
. "$(dirname "$0")/lib.sh"
MB=${1:-100}
OUT=$DATA/ads-$MB.txt
[ -x "$BIN/rinse-ads" ] || { echo "build $BIN/rinse-ads first" >&2; exit 2; }

if [ ! -s "$OUT" ]; then
	src=
	for f in "$TOP"/../shared/seeds/*.txt "$TOP"/samples/*news*.txt \
	    "$TOP"/samples/repeated.txt; do
		[ -f "$f" ] || continue
		# rinse-ads reads text: raw HTML is rinse-html's input
		grep -q '<div' "$f" && continue
		src="$src $f"
	done
	[ -n "$src" ] || { echo "no input text found" >&2; exit 2; }
	one=$DATA/ads-1m.tmp
	: >"$one"
	while [ "$(wc -c <"$one")" -lt 1048576 ]; do
		for f in $src; do cat "$f"; printf '\n\0'; done >>"$one"
	done
	i=0
	: >"$OUT"
	while [ $i -lt "$MB" ]; do cat "$one"; i=$((i + 1)); done >>"$OUT"
	rm -f "$one"
fi
# The same method as the other stages' scripts (bench/lib.sh): the median
# of RUNS runs after a warm-up, each stage piped into cat as cat is.
nrules=$("$BIN/rinse-ads" -l | wc -l)
double="-r '$TOP/rules/common.rules' -r '$TOP/rules/ko-news.rules' \
    -r '$TOP/rules/en-web.rules'"
CAT_SECS=$(median_secs "cat '$OUT' | cat")
one_s=$(median_secs "'$BIN/rinse-ads' -z <'$OUT' | cat")
two_s=$(median_secs "'$BIN/rinse-ads' -z $double <'$OUT' | cat")
echo "### rinse-ads ($(($(stat -c %s "$OUT") / 1000000)) MB of news text," \
    "NUL-separated documents)"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
printf '| cat \\| cat | %s | 1.00 | - |\n' "$(mbps "$OUT" "$CAT_SECS")"
printf '| rinse-ads, %d rules | %s | %s | %s |\n' "$nrules" \
    "$(mbps "$OUT" "$one_s")" "$(ratio "$CAT_SECS" "$one_s")" \
    "$(rss_mb "'$BIN/rinse-ads' -z <'$OUT'")"
printf '| rinse-ads, %d rules (each file twice) | %s | %s | %s |\n' \
    "$((nrules * 2))" "$(mbps "$OUT" "$two_s")" \
    "$(ratio "$CAT_SECS" "$two_s")" \
    "$(rss_mb "'$BIN/rinse-ads' -z $double <'$OUT'")"
echo
echo "Twice the rules run at $(ratio "$one_s" "$two_s")× the speed of one set" \
    "(halving would be 0.50)."
