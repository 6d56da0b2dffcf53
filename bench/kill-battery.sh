#!/bin/sh
# run.sh with a dedup store under SIGKILL at random moments: KILLS kills
# (default 20) of runs over a folder of NFILES (default 5,000) generated
# articles that share paragraphs, each followed by a rerun that must
# finish. After each rerun every output must equal a clean run's, and the
# store must hold as many fingerprints as the clean run's store (each kept
# paragraph once). Prints one line per kill and a last line
# "N kills, N reruns differ, N stores differ".
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
bad=0 badst=0
rm -rf "$w/k" "$w/k.mdb" "$w/k.mdb-lock"
for i in $(seq 1 "$KILLS"); do
	t=$(awk -v s="$secs" -v i="$i" 'BEGIN { srand(i * 7919); printf "%.2f", 0.05 + rand() * s * 0.9 }')
	setsid "$TOP/run.sh" -j "$J" -o "$w/k" --dedup "-s $w/k.mdb" "$w/in" >/dev/null 2>&1 &
	pid=$!
	sleep "$t"
	kill -KILL -"$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	n=$(find "$w/k" -name '*.txt' | wc -l)
	"$TOP/run.sh" -j "$J" -o "$w/k" --dedup "-s $w/k.mdb" "$w/in" 2>"$w/k.err" ||
	    { echo "kill $i: rerun status $?: $(head -2 "$w/k.err")"; bad=$((bad + 1)); continue; }
	if [ "$J" = 1 ]; then
		diff -r -x .rinse "$w/ref" "$w/k" >/dev/null && same=yes || same=no
	else
		find "$w/ref" -name '*.txt' -exec cat {} + | sort >"$w/a"
		find "$w/k" -name '*.txt' -exec cat {} + | sort >"$w/b"
		cmp -s "$w/a" "$w/b" && same=yes || same=no
	fi
	kn=$(count "$w/k.mdb")
	[ "$kn" = "$refn" ] && st=yes || st=no
	echo "kill $i at ${t}s ($n outputs then): outputs as a clean run: $same; store $kn fingerprints: $st"
	[ $same = yes ] || bad=$((bad + 1))
	[ $st = yes ] || badst=$((badst + 1))
	# Next round from scratch half of the time, else on top of this one.
	[ $((i % 2)) = 0 ] && rm -rf "$w/k" "$w/k.mdb" "$w/k.mdb-lock"
done
echo "$KILLS kills, $bad reruns differ, $badst stores differ"
