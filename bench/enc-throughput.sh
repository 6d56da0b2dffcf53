#!/bin/sh
# Throughput and peak memory of rinse-enc on 100 MiB or more, in one run:
# valid UTF-8 against `cat | cat`, CP949 against `iconv -f CP949 -t UTF-8`.
# The input is generated under bench/data/ (not in git) from sentences
# written for this purpose, varied by a counter so that lines differ.
#
# usage: sh bench/enc-throughput.sh [MiB]     (default 100)
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/bin}
MB=${1:-100}
DATA=$TOP/bench/data
mkdir -p "$DATA"
U=$DATA/enc-utf8.txt
C=$DATA/enc-cp949.txt

# gen MiB: lines of news-like text, Korean and English, to stdout.
gen() {
	LC_ALL=C awk -v mb="$1" 'BEGIN {
		s[0] = "서울 시내 주요 도로의 교통량이 지난해보다 크게 늘어났다고 시는 밝혔다."
		s[1] = "정부는 내년 예산안에 청년 일자리와 주거 지원을 위한 항목을 새로 넣었다."
		s[2] = "The committee said the new rules would take effect early next year."
		s[3] = "기상청은 주말 동안 전국에 비가 오고 기온이 떨어질 것으로 내다봤다."
		s[4] = "전문가들은 이번 조치가 물가 안정에 얼마나 도움이 될지 지켜봐야 한다고 말했다."
		lim = mb * 1048576; n = 0; i = 0
		while (n < lim) {
			line = s[i % 5] " (" i ")"
			print line
			n += length(line) + 1; i++
		}
	}'
}
[ -s "$U" ] && [ "$(wc -c <"$U")" -ge $((MB << 20)) ] || gen "$MB" >"$U"
# CP949 takes two bytes where UTF-8 takes three: start from more text.
[ -s "$C" ] && [ "$(wc -c <"$C")" -ge $((MB << 20)) ] ||
	gen $((MB * 14 / 10)) | iconv -f UTF-8 -t CP949 >"$C"

# Wall-clock seconds and CPU seconds (user + system, children included)
# of a shell command. On a shared machine the CPU figure is the steadier.
t() {
	/usr/bin/time -f "%e %U %S" sh -c "$1" 2>&1 >/dev/null |
	    awk 'END { printf "%s %.3f", $1, $2 + $3 }'
}
# "NAME: X MB/s wall, Y MB/s cpu" from bytes and a t() result.
rate() {
	echo "$1 $2 $3" | awk '{ printf "%.0f MB/s wall, %.0f MB/s cpu",
	    $1 / 1048576 / ($2 > 0 ? $2 : 0.001),
	    $1 / 1048576 / ($3 > 0 ? $3 : 0.001) }'
}
pct() {	# how fast b runs relative to a, by wall and by cpu time
	echo "$1 $2" | awk '{ printf "%.0f%% wall, %.0f%% cpu",
	    100 * $1 / ($3 > 0 ? $3 : 0.001), 100 * $2 / ($4 > 0 ? $4 : 0.001) }'
}

ub=$(wc -c <"$U"); cb=$(wc -c <"$C")
cat "$U" >/dev/null; cat "$C" >/dev/null	# warm the page cache
tc=$(t "cat '$U' | cat")
te=$(t "'$BIN/rinse-enc' <'$U'")
ti=$(t "iconv -f CP949 -t UTF-8 '$C'")
tk=$(t "'$BIN/rinse-enc' <'$C'")
echo "utf8  $ub bytes"
echo "  cat | cat      $(rate $ub $tc)"
echo "  rinse-enc      $(rate $ub $te)  = $(pct "$tc" "$te") of cat | cat"
echo "cp949 $cb bytes"
echo "  iconv          $(rate $cb $ti)"
echo "  rinse-enc      $(rate $cb $tk)  = $(pct "$ti" "$tk") of iconv"
for f in "$U" "$C"; do
	/usr/bin/time -v "$BIN/rinse-enc" <"$f" 2>&1 >/dev/null |
	    awk -v f="$(basename "$f")" '/Maximum resident/ {
		printf "%s peak RSS %d KB\n", f, $NF }'
done
