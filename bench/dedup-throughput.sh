#!/bin/sh
# rinse-dedup throughput within documents: 100 MB of made-up Korean news
# (bench/dedup-gen.sh: NUL-separated articles with the usual repeats)
# against cat | cat in the same run, as a -z stream of articles and as
# one 100 MB document; peak RSS of both.
. "$(dirname "$0")/lib.sh"

f=$DATA/dedup-100m.z
[ -s "$f" ] || sh "$TOP/bench/dedup-gen.sh" 100 >"$f"
one=$DATA/dedup-100m.txt
[ -s "$one" ] || tr '\0' '\n' <"$f" >"$one"

# cpumbps FILE CMD: MB/s of CMD <FILE over its user + system time: on a
# busy machine wall time mostly measures the neighbours.
cpumbps() {
	/usr/bin/time -f '%U %S' sh -c "exec $2 <'$1' >/dev/null" 2>&1 |
	    tail -1 | awk -v b="$(stat -c %s "$1")" '{
		printf "%.0f", b / ($1 + $2 > 0 ? $1 + $2 : 0.01) / 1e6 }'
}

CAT_SECS=$(median_secs "cat '$f' | cat")
echo "### rinse-dedup ($(($(stat -c %s "$f") / 1000000)) MB of text)"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
printf '| cat \\| cat | %s | 1.00 | - |\n' "$(mbps "$f" "$CAT_SECS")"
row "rinse-dedup -z (articles)" "$f" "$BIN/rinse-dedup -z"
row "rinse-dedup -z -x (articles)" "$f" "$BIN/rinse-dedup -z -x -M 1G"
row "rinse-dedup (one document)" "$one" "$BIN/rinse-dedup -M 2G"
echo
echo "CPU time (user + system): -z $(cpumbps "$f" "$BIN/rinse-dedup -z") MB/s," \
    "-z -x $(cpumbps "$f" "$BIN/rinse-dedup -z -x -M 1G") MB/s," \
    "one document $(cpumbps "$one" "$BIN/rinse-dedup -M 2G") MB/s"
