#!/bin/sh
# System calls of each stage inside a -z chain (the stages of run.sh -z,
# one process each, as run.sh starts them), counted with strace -c: reads,
# writes and all calls per stage, on MB (default 30) MB of small records
# (the first 20 to 200 bytes of a line of the samples, in whole words) and
# on the chain's English text (bench/chain.sh's input, about 800 bytes a
# record). A stage writes in blocks while input is waiting and flushes a
# record alone only when its next read would wait (stage_run()): the
# writes should be about one per 64 KiB, not one per record.
. "$(dirname "$0")/lib.sh"
MB=${MB:-30}
command -v strace >/dev/null || { echo "strace: missing"; exit 0; }

small=$DATA/chain-small-$MB.z
if [ ! -s "$small" ]; then
	cat "$TOP"/samples/ko-news.txt "$TOP"/samples/en-news.txt |
	    awk -v mb="$MB" 'NF { l[n++] = $0 }
	    END {
		srand(1)
		while (b < mb * 1000000) {
			# whole words up to 20 to 200 bytes
			k = split(l[int(rand() * n)], w, " ")
			want = 20 + int(rand() * 181)
			for (s = w[1]; i + 1 < k && length(s) < want; )
				s = s " " w[++i + 1]
			i = 0
			printf "%s\n%c", s, 0
			b += length(s) + 2
		}
	    }' >"$small"
fi
en=$DATA/chain-en-$MB.z
if [ ! -s "$en" ]; then
	for f in "$TOP"/samples/en-news.txt "$TOP"/samples/wrapped.txt; do
		cat "$f"; printf '\0'
	done >"$DATA/.docs.$$"
	mkrepeat "$en" "$MB" "$DATA/.docs.$$"
	rm -f "$DATA/.docs.$$"
fi

# counts FILE: " | reads | writes | calls" of one strace -c summary.
counts() {
	awk '$NF == "read" { r = $4 } $NF == "write" { w = $4 }
	    $NF == "total" { t = $4 }
	    END { printf " | %d | %d | %d", r, w, t }' "$1"
}

echo "| input | records | stage | reads | writes | system calls |"
echo "| --- | --- | --- | --- | --- | --- |"
for f in "$small:small records" "$en:English news text"; do
	file=${f%%:*} name=${f#*:}
	recs=$(tr -cd '\0' <"$file" | wc -c)
	t=$DATA/.strace.$$
	strace -c -o "$t.enc" "$BIN/rinse-enc" -z <"$file" |
	    strace -c -o "$t.html" "$BIN/rinse-html" -z |
	    strace -c -o "$t.ads" "$BIN/rinse-ads" -z |
	    strace -c -o "$t.dedup" "$BIN/rinse-dedup" -z |
	    strace -c -o "$t.tidy" "$BIN/rinse-tidy" -z -u >/dev/null
	for s in enc html ads dedup tidy; do
		printf '| %s | %d | %s%s |\n' "$name" "$recs" "$s" \
		    "$(counts "$t.$s")"
	done
	rm -f "$t".*
done
