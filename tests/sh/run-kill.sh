# A run killed with SIGKILL at any moment leaves no partial output, and the
# next run completes with the same outputs as an uninterrupted run.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
in=$TMP/in

mkdir -p "$in"
i=0
for n in $(seq 1 5); do
	for f in "$TOP"/samples/*; do
		i=$((i + 1))
		cp "$f" "$in/$i-$(basename "$f")"
	done
done
"$run" -b 5 -o "$TMP/ref" "$in" 2>/dev/null

for k in 1 2; do
	rm -rf "$TMP/out"
	for t in 0.2 0.6 1.0; do
		setsid "$run" -b 5 -o "$TMP/out" "$in" >/dev/null 2>&1 &
		pid=$!
		sleep $t
		kill -KILL -$pid 2>/dev/null ||
		    kill -KILL $pid 2>/dev/null	# setsid not yet done: no group
		wait $pid 2>/dev/null
		# Whatever is there is whole.
		for f in "$TMP/out"/*.txt; do
			[ -e "$f" ] || continue
			cmp -s "$f" "$TMP/ref/$(basename "$f")" ||
			    no "round $k: partial or wrong $(basename "$f")"
		done
	done
	"$run" -b 5 -o "$TMP/out" "$in" 2>/dev/null
	diff -r -x .rinse "$TMP/ref" "$TMP/out" >/dev/null || no "round $k: rerun differs"
	ls -a "$TMP/out" | grep -q '\.tmp$' && no "round $k: temporary files left"
done
exit $fail
