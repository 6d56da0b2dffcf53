#!/bin/sh
# rinse-dedup -s: lookups per second on a store of N fingerprints
# (default 10 million; N=1000000 for a quick run). The store is built
# once under bench/data/ (it takes a while for 10 million) and reused;
# then LOOKUPS paragraphs that are all in it (default 2 million, in
# documents of 10000) run through rinse-dedup -z -s, so every paragraph
# is one lookup in the store. -t 1 turns off near-duplicates: the
# generated paragraphs differ only in a number, which within one
# document would make them near-duplicates of each other.
. "$(dirname "$0")/lib.sh"

N=${N:-10000000}
LOOKUPS=${LOOKUPS:-2000000}
store=$DATA/dedup-store-$N.mdb

# gen FIRST COUNT PER: paragraphs FIRST.., COUNT of them, PER a document.
gen() {
	awk -v a="$1" -v n="$2" -v per="$3" 'BEGIN {
		for (i = a; i < a + n; i++) {
			printf "Fingerprint bench paragraph number %d.\n", i
			if ((i - a) % per == per - 1)
				printf "%c", 0
		}
	}'
}

# Built in documents of a million paragraphs: each commit copies the
# leaf pages it touches, so a store filled in small documents of random
# keys costs a copy of most of the tree per commit.
if [ ! -s "$store" ]; then
	a=$(date +%s.%N)
	gen 0 "$N" 1000000 |
	    "$BIN/rinse-dedup" -z -t 1 -M 2G -s "$store" >/dev/null || exit 2
	b=$(date +%s.%N)
	awk -v a="$a" -v b="$b" -v n="$N" 'BEGIN {
		printf "built a store of %d fingerprints in %.1f s\n", n, b - a }'
fi
in=$DATA/dedup-lookups-$LOOKUPS.z
[ -s "$in" ] || gen 0 "$LOOKUPS" 10000 >"$in"
# cpu CMD: user + system seconds of one run (GNU time): on a busy
# machine wall time mostly measures the neighbours.
cpu() {
	/usr/bin/time -f '%U %S' sh -c "exec $1 >/dev/null" 2>&1 |
	    tail -1 | awk '{ printf "%.2f", $1 + $2 }'
}
# The same paragraphs without -s, to tell the store's share.
base=$(median_secs "'$BIN/rinse-dedup' -z -t 1 <'$in'")
s=$(median_secs "'$BIN/rinse-dedup' -z -t 1 -s '$store' <'$in'")
cbase=$(cpu "'$BIN/rinse-dedup' -z -t 1 <'$in'")
cs=$(cpu "'$BIN/rinse-dedup' -z -t 1 -s '$store' <'$in'")
echo "### rinse-dedup -s ($N fingerprints, $(du -m "$store" | cut -f1) MB)"
echo
awk -v n="$LOOKUPS" -v s="$s" -v b="$base" -v cs="$cs" -v cb="$cbase" '
function rate(n, t) { return t > 0 ? n / t : 0 }
BEGIN {
	printf "%d paragraphs, all in the store\n\n", n
	printf "| | with -s | without | lookups/s, whole run | " \
	    "lookups/s, store alone |\n| --- | --- | --- | --- | --- |\n"
	printf "| wall s | %.2f | %.2f | %.0f | %.0f |\n", s, b,
	    rate(n, s), rate(n, s - b)
	printf "| CPU s | %.2f | %.2f | %.0f | %.0f |\n", cs, cb,
	    rate(n, cs), rate(n, cs - cb)
}'
