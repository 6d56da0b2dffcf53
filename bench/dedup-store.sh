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

# gen FIRST COUNT: paragraphs FIRST.., COUNT of them, 10000 a document.
gen() {
	awk -v a="$1" -v n="$2" 'BEGIN {
		for (i = a; i < a + n; i++) {
			printf "Fingerprint bench paragraph number %d.\n", i
			if ((i - a) % 10000 == 9999)
				printf "%c", 0
		}
	}'
}

if [ ! -s "$store" ]; then
	a=$(date +%s.%N)
	gen 0 "$N" | "$BIN/rinse-dedup" -z -t 1 -s "$store" >/dev/null ||
	    exit 2
	b=$(date +%s.%N)
	awk -v a="$a" -v b="$b" -v n="$N" 'BEGIN {
		printf "built a store of %d fingerprints in %.1f s\n", n, b - a }'
fi
in=$DATA/dedup-lookups-$LOOKUPS.z
[ -s "$in" ] || gen 0 "$LOOKUPS" >"$in"
# The same paragraphs without -s, to tell the store's share.
base=$(median_secs "'$BIN/rinse-dedup' -z -t 1 <'$in'")
s=$(median_secs "'$BIN/rinse-dedup' -z -t 1 -s '$store' <'$in'")
echo "### rinse-dedup -s ($N fingerprints, $(du -m "$store" | cut -f1) MB)"
echo
awk -v n="$LOOKUPS" -v s="$s" -v b="$base" 'BEGIN {
	printf "%d paragraphs, all in the store: %.2f s, %.0f lookups/s " \
	    "(%.2f s without -s: %.0f lookups/s in the store alone)\n",
	    n, s, n / s, b, (s > b ? n / (s - b) : 0) }'
