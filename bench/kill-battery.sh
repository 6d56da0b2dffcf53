#!/bin/sh
# run.sh with a dedup store under SIGKILL at random moments: KILLS kills
# (default 20) of runs over a folder of NFILES (default 5,000) generated
# articles that share paragraphs, each followed by a rerun that must
# finish. After each rerun every output must equal a clean run's, and the
# store must hold as many fingerprints as the clean run's store (each kept
# paragraph once). Prints one line per kill and a last line
# "N kills in N rounds, N reruns differ, N stores differ".
. "$(dirname "$0")/lib.sh"
set -u
NFILES=${NFILES:-5000}
KILLS=${KILLS:-20}
J=${J:-2}
w=$DATA/kill-$NFILES
rm -rf "$w"; mkdir -p "$w/in"
awk -v n="$NFILES" -v dir="$w/in" 'BEGIN {
	srand(5)
	nw = split("harbour terminal ferry pier crew tide north south river " \
	    "bridge market council budget school library winter summer " \
	    "station village road port fishing boat lighthouse mayor island " \
	    "storm night", w)
	for (s = 0; s < 200; s++) {
		shared[s] = "Shared paragraph " s ":"
		for (k = 0; k < 12; k++) shared[s] = shared[s] " " w[1 + int(rand() * nw)]
	}
	for (d = 1; d <= n; d++) {
		f = sprintf("%s/%02d/%05d.txt", dir, d % 50, d)
		if (d <= 50) system("mkdir -p " dir "/" sprintf("%02d", d % 50))
		for (i = 1; i <= 4; i++) {
			printf "Article %d, paragraph %d:", d, i > f
			for (k = 0; k < 16; k++) printf " %s", w[1 + int(rand() * nw)] > f
			printf ".\n" > f
			if (rand() < 0.5) print shared[int(rand() * 200)] "." > f
		}
		close(f)
	}
}'
count() {	# count STORE: fingerprints in a copy of STORE
	cp "$1" "$w/count.mdb" && rm -f "$w/count.mdb-lock"
	"$BIN/rinse-dedup" -v -s "$w/count.mdb" --expire 0 </dev/null 2>&1 |
	    sed -n 's/.*expired=\([0-9]*\).*/\1/p'
	rm -f "$w/count.mdb" "$w/count.mdb-lock"
}
"$TOP/run.sh" -j "$J" -o "$w/ref" --dedup "-s $w/ref.mdb" "$w/in" 2>"$w/ref.err" || { cat "$w/ref.err"; exit 1; }
a=$(date +%s.%N)
rm -rf "$w/t"; "$TOP/run.sh" -j "$J" -o "$w/t" --dedup "-s $w/t.mdb" "$w/in" 2>/dev/null
b=$(date +%s.%N)
secs=$(awk -v a="$a" -v b="$b" 'BEGIN { print b - a }')
refn=$(count "$w/ref.mdb")
echo "clean run: $secs s; store holds $refn fingerprints"
# The clean reference: with -j 1 the order of claims is the order of the
# files, so the outputs are the same whatever the kills (with -j 2 two
# batches race for a shared paragraph and either may keep it: then only
# the union of kept paragraphs is compared).
bad=0 badst=0 i=0 round=0
# killrun N: a run killed at a random moment of a clean run's time.
killrun() {
	# Spread over the run by the golden ratio: no two kills alike.
	t=$(awk -v s="$secs" -v i="$1" 'BEGIN { f = i * 0.6180339887; f -= int(f)
		printf "%.2f", 0.3 + f * s * 0.8 }')
	setsid "$TOP/run.sh" -j "$J" -o "$w/k" --dedup "-s $w/k.mdb" "$w/in" >/dev/null 2>&1 &
	pid=$!
	sleep "$t"
	kill -KILL -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$(find "$w/k" -name '*.txt' | wc -l)
	echo "kill $1 at ${t}s: $n outputs"
}
while [ $i -lt "$KILLS" ]; do
	# Each round from scratch: one kill, or (every other round) two, the
	# second on top of what the first left; then a rerun to the end.
	round=$((round + 1))
	rm -rf "$w/k" "$w/k.mdb" "$w/k.mdb-lock"
	i=$((i + 1)); killrun $i
	if [ $((round % 2)) = 0 ] && [ $i -lt "$KILLS" ]; then i=$((i + 1)); killrun $i; fi
	"$TOP/run.sh" -j "$J" -o "$w/k" --dedup "-s $w/k.mdb" "$w/in" 2>"$w/k.err" ||
	    { echo "round $round: rerun status $?: $(head -2 "$w/k.err")"; bad=$((bad + 1)); continue; }
	if [ "$J" = 1 ]; then
		diff -r -x .rinse "$w/ref" "$w/k" >/dev/null && same=yes || same=no
	else
		find "$w/ref" -name '*.txt' -exec cat {} + | sort >"$w/a"
		find "$w/k" -name '*.txt' -exec cat {} + | sort >"$w/b"
		cmp -s "$w/a" "$w/b" && same=yes || same=no
	fi
	kn=$(count "$w/k.mdb")
	[ "$kn" = "$refn" ] && st=yes || st=no
	echo "round $round rerun: outputs as a clean run: $same; store $kn fingerprints: $st"
	[ $same = yes ] || bad=$((bad + 1))
	[ $st = yes ] || badst=$((badst + 1))
done
echo "$KILLS kills in $round rounds, $bad reruns differ, $badst stores differ"
