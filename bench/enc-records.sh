#!/bin/sh
# rinse-enc -z on a stream of small legacy records, as run.sh -z feeds it:
# CPU MB/s against one process over the same text as one CP949 file, and
# the output checked against iconv record by record. Records are 2 to 40
# lines (about 150 bytes to 6 KB) of the news-like lines of
# bench/enc-throughput.sh, in CP949; an EUC-KR-only and a mixed
# (CP949, Windows-1251, UTF-8) stream too.
#
# usage: sh bench/enc-records.sh [MiB]     (default 20)
# Each command runs RUNS times (default 5) under one timer: a run of 20
# MiB takes a few hundredths of a second, near the timer's resolution.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/bin}
MB=${1:-20}
DATA=$TOP/bench/data
mkdir -p "$DATA"
R=$DATA/enc-records-cp949-$MB.z
F=$DATA/enc-records-cp949-$MB.txt
M=$DATA/enc-records-mixed-$MB.z

# recs MiB: UTF-8 lines, a NUL after every 2 to 40 of them.
recs() {
	LC_ALL=C awk -v mb="$1" 'BEGIN {
		s[0] = "서울 시내 주요 도로의 교통량이 지난해보다 크게 늘어났다고 시는 밝혔다."
		s[1] = "정부는 내년 예산안에 청년 일자리와 주거 지원을 위한 항목을 새로 넣었다."
		s[2] = "The committee said the new rules would take effect early next year."
		s[3] = "기상청은 주말 동안 전국에 비가 오고 기온이 떨어질 것으로 내다봤다."
		s[4] = "전문가들은 이번 조치가 물가 안정에 얼마나 도움이 될지 지켜봐야 한다고 말했다."
		lim = mb * 1048576; n = 0; i = 0; k = 0; want = 2
		while (n < lim) {
			line = s[(i * 7 + k) % 5] " (" i ")"
			printf "%s\n", line
			n += length(line) + 1; i++
			if (++k >= want) { printf "%c", 0; k = 0; want = 2 + (i * 13) % 39 }
		}
		printf "%c", 0
	}'
}
[ -s "$R" ] || recs "$MB" | iconv -f UTF-8 -t CP949 >"$R"
[ -s "$F" ] || tr -d '\000' <"$R" >"$F"
if [ ! -s "$M" ]; then
	recs $((MB / 4)) | iconv -f UTF-8 -t CP949 >"$M"
	for k in 1 2 3 4 5 6 7 8 9 10; do
		printf 'Городской совет утвердил новый план развития транспорта %d.\n\0' "$k" |
		    iconv -f UTF-8 -t WINDOWS-1251
		printf 'Plain UTF-8 text with an é, record %d.\n\0' "$k"
	done >>"$M"
fi

RUNS=${RUNS:-5}
t() {	# CPU seconds (user + system) of one run of a command
	/usr/bin/time -f "%U %S" sh -c "for i in \$(seq $RUNS); do $1; done" \
	    2>&1 >/dev/null | awk -v r="$RUNS" 'END { printf "%.4f", ($1 + $2) / r }'
}
rb=$(wc -c <"$R")
nrec=$(tr -cd '\000' <"$R" | wc -c)
cat "$R" "$F" >/dev/null
tz=$(t "'$BIN/rinse-enc' -z '$R'")
tf=$(t "'$BIN/rinse-enc' '$F'")
echo "$rb $nrec $tz $tf" | awk '{ printf "cp949 records: %d bytes, %d records\n" \
    "  rinse-enc -z     %.0f MB/s cpu\n  rinse-enc (file) %.0f MB/s cpu\n" \
    "  -z / file        %.2f\n", $1, $2, $1 / 1048576 / ($3 > 0 ? $3 : 0.001),
    $1 / 1048576 / ($4 > 0 ? $4 : 0.001), ($4 > 0 ? $4 : 0.001) / ($3 > 0 ? $3 : 0.001) }'

# Output: every record as iconv decodes it.
"$BIN/rinse-enc" -z "$R" | tr -d '\000' >"$DATA/enc-records.out"
iconv -f CP949 -t UTF-8 "$F" | cmp -s - "$DATA/enc-records.out" &&
    echo "  output = iconv: yes" || echo "  output = iconv: NO"
"$BIN/rinse-enc" -z -d "$M" | tr '\000' '\n' | awk 'NF { print $1 }' |
    sort | uniq -c | awk '{ printf "  mixed stream: %s %s\n", $2, $1 }'
