# bench/lib.sh: what the benchmark scripts share. Source it from bench/.
# Figures are ratios measured in one run: absolute MB/s vary by machine.

TOP=$(cd "$(dirname "$0")/.." && pwd)
DATA=$TOP/bench/data
BIN=${BIN:-$TOP/bin}
RUNS=${RUNS:-5}
mkdir -p "$DATA"

# mkrepeat OUT MB FILE...: OUT is FILE... repeated to at least MB megabytes.
mkrepeat() {
	local out=$1 mb=$2
	shift 2
	[ -s "$out" ] && [ "$(stat -c %s "$out")" -ge $((mb * 1000000)) ] && return 0
	local unit=$DATA/.unit.$$
	cat "$@" >"$unit"
	local n=$(( mb * 1000000 / $(stat -c %s "$unit") + 1 ))
	: >"$out.tmp"
	while [ $n -gt 0 ]; do cat "$unit"; n=$((n - 1)); done >>"$out.tmp"
	mv "$out.tmp" "$out"
	rm -f "$unit"
}

# secs CMD: wall seconds of one run of the shell command CMD.
secs() {
	local a b
	a=$(date +%s.%N)
	sh -c "$1" >/dev/null 2>&1
	b=$(date +%s.%N)
	awk -v a="$a" -v b="$b" 'BEGIN { printf "%.4f\n", b - a }'
}

# median_secs CMD: one warm-up run, then the median of RUNS runs.
median_secs() {
	local i
	secs "$1" >/dev/null
	for i in $(seq "$RUNS"); do secs "$1"; done | sort -n |
	    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# mbps FILE SECONDS
mbps() {
	awk -v b="$(stat -c %s "$1")" -v s="$2" 'BEGIN { printf "%.0f", b / s / 1e6 }'
}

# ratio A B: A / B to two decimals.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# rss_mb CMD: peak resident set of CMD in MB (GNU time).
rss_mb() {
	/usr/bin/time -f %M sh -c "exec $1" 2>&1 >/dev/null | tail -1 |
	    awk '{ printf "%.1f", $1 / 1024 }'
}

# row NAME FILE CMD: a Markdown row: MB/s, ratio to cat | cat, peak RSS.
# CAT_SECS must hold the cat | cat time on FILE.
row() {
	local s
	s=$(median_secs "$3 <'$2' | cat")
	printf '| %s | %s | %s | %s |\n' "$1" "$(mbps "$2" "$s")" \
	    "$(ratio "$CAT_SECS" "$s")" "$(rss_mb "$3 <'$2'")"
}
