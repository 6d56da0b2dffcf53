#!/bin/sh
# Instructions per byte of each stage under callgrind: stable across noisy
# runs, unlike seconds.
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "valgrind: missing"; exit 0; }
f=$DATA/callgrind-1m.txt
mkrepeat "$f" 1 "$TOP"/samples/ko-news.txt "$TOP"/samples/repeated.txt
bytes=$(stat -c %s "$f")
echo "| stage | instructions | per byte |"
echo "| --- | --- | --- |"
for s in enc html ads dedup tidy; do
	n=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null \
	    "$BIN/rinse-$s" <"$f" 2>&1 >/dev/null |
	    awk '/Collected/ { print $NF }')
	echo "| rinse-$s | $n | $(awk -v n="$n" -v b="$bytes" 'BEGIN { printf "%.1f", n / b }') |"
done
