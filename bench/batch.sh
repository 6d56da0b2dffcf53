#!/bin/sh
# run.sh on many small files: NFILES (default 100,000) files of 1-10 KB
# made from the samples, run.sh -j 1 and -j 2 over all of them, against one
# chain of processes per file (timed on the first NSOLO files, as files/s).
# BASE=OTHER/run.sh also times another run.sh (an older one, say) with
# -j 2 in the same run, alternating, ROUNDS (default 3) times each, and
# prints the ratio of the best times.
. "$(dirname "$0")/lib.sh"

NFILES=${NFILES:-100000}
NSOLO=${NSOLO:-1000}
dir=$DATA/small-$NFILES
if [ ! -f "$dir.done" ]; then
	rm -rf "$dir"; mkdir -p "$dir"
	unit=$DATA/small-unit.txt
	cat "$TOP"/samples/ko-news.txt "$TOP"/samples/en-news.txt \
	    "$TOP"/samples/repeated.txt "$TOP"/samples/wrapped.txt >"$unit"
	# Pieces of 1 to 10 KB, cut at line ends, from the samples repeated.
	awk -v n="$NFILES" -v dir="$dir" '
	{ line[NR] = $0 }
	END {
		srand(1); k = 1
		for (f = 0; f < n; f++) {
			want = 1024 + int(rand() * 9 * 1024); size = 0
			name = sprintf("%s/%03d/%06d.txt", dir, f % 1000, f)
			if (f < 1000) system("mkdir -p " dir "/" sprintf("%03d", f))
			while (size < want) {
				print line[k] > name; size += length(line[k]) + 1
				k = k % NR + 1
			}
			close(name)
		}
	}' "$unit"
	touch "$dir.done"
fi
bytes=$(du -sb "$dir" | cut -f1)

echo "### run.sh on $NFILES small files ($((bytes / 1000000)) MB)"
echo
rm -rf "$DATA/out-j1" "$DATA/out-j2"
s1=$(secs "'$TOP/run.sh' -j 1 -o '$DATA/out-j1' '$dir'")
s2=$(secs "'$TOP/run.sh' -j 2 -o '$DATA/out-j2' '$dir'")
rm -rf "$DATA/out-j1" "$DATA/out-j2"

# One chain of processes per file, the way a naive loop runs it.
list=$(find "$dir" -name '*.txt' | sort | head -n "$NSOLO")
a=$(date +%s.%N)
for f in $list; do
	"$BIN/rinse-enc" <"$f" | "$BIN/rinse-html" | "$BIN/rinse-ads" |
	    "$BIN/rinse-dedup" | "$BIN/rinse-tidy" -u >/dev/null 2>&1
done
b=$(date +%s.%N)
solo=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f", b - a }')

fps() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
f1=$(fps "$NFILES" "$s1"); f2=$(fps "$NFILES" "$s2"); fs=$(fps "$NSOLO" "$solo")
echo "| how | files/s | × one chain per file |"
echo "| --- | --- | --- |"
echo "| one chain per file ($NSOLO files) | $fs | 1.00 |"
echo "| run.sh -j 1 | $f1 | $(ratio "$f1" "$fs") |"
echo "| run.sh -j 2 | $f2 | $(ratio "$f2" "$fs") |"
echo
echo "run.sh -j 2 vs -j 1: $(ratio "$f2" "$f1")×"
if [ -n "${BASE:-}" ]; then
	best=999999 bbest=999999
	for r in $(seq "${ROUNDS:-3}"); do
		rm -rf "$DATA/out-b"
		t=$(secs "'$BASE' -j 2 -o '$DATA/out-b' '$dir'")
		bbest=$(awk -v a="$t" -v b="$bbest" 'BEGIN { print (a < b ? a : b) }')
		rm -rf "$DATA/out-b"
		t=$(secs "'$TOP/run.sh' -j 2 -o '$DATA/out-b' '$dir'")
		best=$(awk -v a="$t" -v b="$best" 'BEGIN { print (a < b ? a : b) }')
	done
	rm -rf "$DATA/out-b"
	fb=$(fps "$NFILES" "$bbest"); fn=$(fps "$NFILES" "$best")
	echo "run.sh -j 2, best of ${ROUNDS:-3}: $fn files/s; $BASE: $fb files/s; ratio $(ratio "$fn" "$fb")×"
fi
