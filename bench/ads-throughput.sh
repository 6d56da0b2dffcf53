#!/bin/sh
# Throughput of rinse-ads with all bundled rules, against `cat | cat` in
# the same run, and with the rule count doubled (every bundled file loaded
# a second time with -r), on >= 100 MB of news text in NUL-separated
# documents.
#
#   sh bench/ads-throughput.sh [MB]        (default 100)
#
# The text is built under bench/data/ (gitignored) from ../shared/seeds
# when present, and samples/ (files of raw HTML left out). Reports MB/s for each run.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/bin}
MB=${1:-100}
DATA=$TOP/bench/data
OUT=$DATA/ads-$MB.txt
mkdir -p "$DATA" || exit 2
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
bytes=$(wc -c <"$OUT")

now() { date +%s.%N; }
rate() {
	awk -v b="$bytes" -v t="$1" \
	    'BEGIN { if (t > 0) printf "%.0f", b / 1e6 / t; else print "-" }'
}
# wall-clock seconds of "$@"; its CPU seconds (user + sys) go to $TMPCPU
TMPCPU=$DATA/ads-cpu.tmp
timed() {
	t0=$(now)
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%U %S' -o "$TMPCPU" "$@" >/dev/null ||
		    { echo "failed: $*" >&2; exit 1; }
	else
		"$@" >/dev/null || { echo "failed: $*" >&2; exit 1; }
		echo '0 0' >"$TMPCPU"
	fi
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
cpu() { awk '{ printf "%.3f", $1 + $2 }' "$TMPCPU"; }

nrules=$("$BIN/rinse-ads" -l | wc -l)
printf 'data: %s bytes (bench/data/%s)\n' "$bytes" "$(basename "$OUT")"
printf '%-24s %8s %9s %8s %9s\n' run wall-s wall-MB/s cpu-s cpu-MB/s
row() {
	name=$1
	shift
	w=$(timed "$@")
	c=$(cpu)
	printf '%-24s %8s %9s %8s %9s\n' "$name" "$w" "$(rate "$w")" "$c" \
	    "$(rate "$c")"
}
row "cat | cat" sh -c "cat '$OUT' | cat"
row "rinse-ads ($nrules rules)" sh -c "'$BIN/rinse-ads' -z <'$OUT'"
row "rinse-ads ($((nrules * 2)) rules)" sh -c "'$BIN/rinse-ads' -z \
    -r '$TOP/rules/common.rules' -r '$TOP/rules/ko-news.rules' \
    -r '$TOP/rules/en-web.rules' <'$OUT'"
rm -f "$TMPCPU"
