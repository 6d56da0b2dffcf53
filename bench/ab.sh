#!/bin/sh
# bench/ab.sh OLD NEW: rinse-dedup and rinse-tidy of two builds (folders of
# binaries, e.g. a copy of bin/ made before a change, and bin/) on the
# bench inputs, in one run: CPU seconds (user + system, the median of RUNS
# runs, the two builds taken in turn) and NEW / OLD. CPU time, not wall
# time: on a shared machine wall time mostly measures the neighbours.
# Each build's output must be the same byte for byte: a row says so.
. "$(dirname "$0")/lib.sh"
old=${1:?usage: ab.sh OLD_BIN NEW_BIN} new=${2:?usage: ab.sh OLD_BIN NEW_BIN}

arts=$DATA/dedup-100m.z
[ -s "$arts" ] || sh "$TOP/bench/dedup-gen.sh" 100 >"$arts"
one=$DATA/dedup-100m.txt
[ -s "$one" ] || tr '\0' '\n' <"$arts" >"$one"
text=$DATA/text-100m.txt
mkrepeat "$text" 100 "$TOP"/samples/ko-news.txt "$TOP"/samples/en-news.txt \
    "$TOP"/samples/repeated.txt "$TOP"/samples/wrapped.txt
wrapped=$DATA/wrapped-100m.txt
mkrepeat "$wrapped" 100 "$TOP"/samples/wrapped.txt

# cpu BIN CMD FILE: user + system seconds of BIN/CMD <FILE.
cpu() {
	/usr/bin/time -o "$DATA/.ab.$$" -f '%U %S' sh -c \
	    "exec $1/$2 <'$3' >/dev/null 2>&1"
	awk '{ printf "%.3f\n", $1 + $2 }' "$DATA/.ab.$$"
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "| command | input | old s | new s | new / old | same output |"
echo "| --- | --- | --- | --- | --- | --- |"
while IFS=: read -r cmd file; do
	[ -n "$cmd" ] || continue
	eval "f=\$$file"
	: >"$DATA/.ab.o.$$"; : >"$DATA/.ab.n.$$"
	for i in $(seq "$RUNS"); do
		cpu "$old" "$cmd" "$f" >>"$DATA/.ab.o.$$"
		cpu "$new" "$cmd" "$f" >>"$DATA/.ab.n.$$"
	done
	o=$(median <"$DATA/.ab.o.$$") n=$(median <"$DATA/.ab.n.$$")
	a=$(sh -c "$old/$cmd <'$f' 2>/dev/null" | md5sum)
	b=$(sh -c "$new/$cmd <'$f' 2>/dev/null" | md5sum)
	same=yes; [ "$a" = "$b" ] || same=NO
	printf '| %s | %s | %s | %s | %s | %s |\n' "$cmd" "$(basename "$f")" \
	    "$o" "$n" "$(ratio "$n" "$o")" "$same"
done <<'LIST'
rinse-dedup -z:arts
rinse-dedup -z -x -M 1G:arts
rinse-dedup -z --explain:arts
rinse-dedup -M 2G:one
rinse-tidy:text
rinse-tidy -z:arts
rinse-tidy -z -u:arts
rinse-tidy -u -M 1G:text
rinse-tidy -u -M 1G:wrapped
LIST
rm -f "$DATA"/.ab.*.$$ "$DATA/.ab.$$"
