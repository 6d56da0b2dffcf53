# run.sh with a dedup store (--dedup "-s STORE"): a file's output and its
# record in the store are one unit. Reprocessing (-f, an edited input,
# other options), a refused file in a batch and SIGKILLs mid-batch never
# empty or shorten an output: every output equals a clean run's.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
cd "$TMP" || exit 2

# N documents of paragraphs made of random words; every document also
# carries one of five shared paragraphs, so the store has work to do.
mkdocs() {
	mkdir -p "$1"
	awk -v n="$2" -v dir="$1" 'BEGIN {
		srand(11)
		nw = split("harbour terminal ferry pier crew tide north " \
		    "south river bridge market council budget school " \
		    "library winter summer station village road port " \
		    "fishing boat lighthouse mayor island storm night", w)
		for (s = 0; s < 5; s++) {
			shared[s] = "Shared notice " s ":"
			for (k = 0; k < 12; k++)
				shared[s] = shared[s] " " w[1 + int(rand() * nw)]
		}
		for (d = 1; d <= n; d++) {
			f = sprintf("%s/%04d.txt", dir, d)
			for (i = 1; i <= 3; i++) {
				printf "Document %d, paragraph %d:", d, i > f
				for (k = 0; k < 14; k++)
					printf " %s", w[1 + int(rand() * nw)] > f
				printf ".\n" > f
			}
			print shared[d % 5] "." > f
			close(f)
		}
	}'
}
mkdocs in 40

"$run" -j 1 -b 7 --dedup "-s $TMP/a.mdb" -o a in 2>err || no "clean run: exit $?: $(cat err)"
cp -r a ref
[ "$(cat ref/*.txt | wc -l)" = $((40 * 3 + 5)) ] ||
    no "clean run kept $(cat ref/*.txt | wc -l) lines, want $((40 * 3 + 5))"
same() {	# same DIR WHAT: every output of DIR equals ref's
	local f
	for f in ref/*.txt; do
		cmp -s "$f" "$1/${f#ref/}" || { no "$2: ${f#ref/} differs from a clean run"; return; }
	done
}

# 1a. Reprocessing with the same store: -f, an edited input, other options.
"$run" -f -j 1 -b 7 --dedup "-s $TMP/a.mdb" -o a in 2>err || no "-f: exit $?"
same a "-f with the store"
echo "A late correction to the story, added after the first run today." >>in/0003.txt
"$run" -j 1 -b 7 --dedup "-s $TMP/a.mdb" -o a in 2>err || no "edited input: exit $?"
grep -q "files: 1 done, 39 skipped" err || no "edited input: $(head -1 err)"
[ "$(wc -l <a/0003.txt)" = "$(($(wc -l <ref/0003.txt) + 1))" ] ||
    no "edited input: output has $(wc -l <a/0003.txt) lines: $(cat a/0003.txt)"
"$run" -j 1 -b 7 --dedup "-s $TMP/a.mdb" --ads -L -o a in 2>err || no "other options: exit $?"
grep -q "files: 40 done, 0 skipped" err || no "other options not redone: $(head -1 err)"
[ "$(cat a/*.txt | wc -l)" = $((40 * 3 + 6)) ] || no "other options: lines lost"
sed -i '$d' in/0003.txt

# 1b. A file a stage refuses, in one batch with all the others: it has no
# output, the others are whole.
rm -rf in2 b && cp -r in in2
printf 'PK\003\004binary zip content here\377\376\375' >in2/zz.bin
"$run" -j 1 -b 100 --dedup "-s $TMP/b.mdb" -o b in2 2>err
st=$?
[ $st = 1 ] || no "refused file: want exit 1, got $st"
[ -e b/zz.txt ] && no "refused file left an output"
grep -q "zz.bin" b/.rinse/failed.tsv || no "refused file not in failed.tsv"
same b "one refused file in the batch"
"$run" -j 1 -b 100 --dedup "-s $TMP/b.mdb" -o b in2 2>err
[ $? = 1 ] || no "refused file: second run not status 1"
grep -q "files: 0 done, 40 skipped, 1 failed" err || no "refused file forgotten: $(head -1 err)"

# 1c. SIGKILL at moments spread over the run, then a rerun: outputs equal
# a clean run's.
cut=0
for round in 1 2 3; do
	rm -rf k k.mdb k.mdb-lock
	for t in 0.1 0.3 0.5 0.8; do
		setsid "$run" -j 1 -b 3 --dedup "-s $TMP/k.mdb" -o k in >/dev/null 2>&1 &
		pid=$!
		sleep $(awk -v t=$t -v r=$round 'BEGIN { print t * (0.6 + 0.4 * r / 3) }')
		kill -KILL -$pid 2>/dev/null ||
		    kill -KILL $pid 2>/dev/null	# setsid not yet done: no group
		wait $pid 2>/dev/null
		[ "$(ls k/*.txt 2>/dev/null | wc -l)" -lt 40 ] && cut=$((cut + 1))
	done
	"$run" -j 1 -b 3 --dedup "-s $TMP/k.mdb" -o k in 2>err || no "round $round: rerun exit $?"
	same k "round $round, after SIGKILLs"
done
[ $cut -gt 0 ] || no "no kill came before the end of a run"
exit $fail
