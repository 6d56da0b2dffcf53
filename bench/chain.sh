#!/bin/sh
# The whole chain (run.sh -z: every stage, one process each) on MB (default
# 30) MB of each kind of input, as NUL-separated documents, against cat | cat
# in the same run; its scaling on 1x, 4x and 16x the same input; and the
# peers for two single jobs: awk '!seen[$0]++' (exact line dedup, against
# rinse-dedup) and uchardet (detection, against rinse-enc -d).
. "$(dirname "$0")/lib.sh"
MB=${MB:-30}
shared=$TOP/../shared

# mkdocs OUT MB FILE...: the files as NUL-separated documents, repeated.
mkdocs() {
	out=$1 mb=$2; shift 2
	[ -s "$out" ] && return 0
	for f in "$@"; do cat "$f"; printf '\0'; done >"$DATA/.docs.$$"
	mkrepeat "$out" "$mb" "$DATA/.docs.$$"
	rm -f "$DATA/.docs.$$"
}

ko=$DATA/chain-ko-$MB.z en=$DATA/chain-en-$MB.z pages=$DATA/chain-html-$MB.z
cp=$DATA/chain-cp949-$MB.z
set -- "$TOP"/samples/ko-news.txt "$TOP"/samples/repeated.txt "$TOP"/samples/crlf.txt
[ -d "$shared/seeds" ] && set -- "$@" "$shared"/seeds/00[0124]_*.txt
mkdocs "$ko" "$MB" "$@"
mkdocs "$en" "$MB" "$TOP"/samples/en-news.txt "$TOP"/samples/wrapped.txt
if [ -d "$shared/eval/scrapinghub" ]; then
	mkdocs "$pages" "$MB" $(ls "$shared"/eval/scrapinghub/*.html | head -60)
else
	mkdocs "$pages" "$MB" "$TOP"/samples/page.html
fi
[ -s "$cp" ] || iconv -c -f UTF-8 -t CP949 <"$ko" >"$cp"

chain="'$TOP/run.sh' -z"

# cpu_secs CMD: user + system seconds of CMD (its output to a file).
cpu_secs() {
	/usr/bin/time -o "$DATA/.time.$$" -f '%U %S' sh -c "exec $1" \
	    >/dev/null 2>&1
	awk '{ printf "%.3f\n", $1 + $2 }' "$DATA/.time.$$"
}

# stage_cpu FILE: " | S1 | S2 ... | SUM", the CPU seconds per 100 MB of FILE
# of each stage of run.sh -z, each fed what the one before it wrote.
stage_cpu() {
	local in=$1 all=0 row= cmd t i k=0
	"$TOP/run.sh" -z -n | tr '|' '\n' >"$DATA/.stages.$$"
	while read -r cmd; do
		[ -n "$cmd" ] || continue
		# run.sh -n names the stages as they are on the PATH
		case $cmd in /*) ;; *) cmd="$BIN/$cmd" ;; esac
		k=$((k + 1))
		t=$(for i in $(seq "$RUNS"); do
			cpu_secs "$cmd <'$in' >'$DATA/.stage.$$.$k'"
		done | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
		t=$(awk -v t="$t" -v b="$(stat -c %s "$1")" \
		    'BEGIN { printf "%.2f", t * 1e8 / b }')
		row="$row | $t"
		all=$(awk -v a="$all" -v t="$t" 'BEGIN { printf "%.2f", a + t }')
		in=$DATA/.stage.$$.$k
	done <"$DATA/.stages.$$"
	printf '%s | %s' "$row" "$all"
	rm -f "$DATA"/.stage.$$.* "$DATA/.stages.$$" "$DATA/.time.$$"
}
echo "### The whole chain (run.sh -z, five processes)"
echo
echo "Wall time against cat | cat in the same run; then CPU seconds (user +"
echo "system) per 100 MB of the input for each stage, run alone on what the"
echo 'stage before it wrote, with the options of run.sh (`run.sh -z -n`),'
echo "the median of $RUNS runs."
echo
echo "| input | MB | MB/s | × cat \\| cat | enc | html | ads | dedup | tidy | CPU s / 100 MB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for f in "$ko:Korean news text" "$en:English news text" "$pages:HTML pages" "$cp:CP949 Korean text"; do
	file=${f%%:*} name=${f#*:}
	c=$(median_secs "cat '$file' | cat")
	s=$(median_secs "$chain <'$file' | cat")
	printf '| %s | %d | %s | %s%s |\n' "$name" \
	    "$(($(stat -c %s "$file") / 1000000))" "$(mbps "$file" "$s")" \
	    "$(ratio "$c" "$s")" "$(stage_cpu "$file")"
done
echo
echo "Peak RSS of each stage on the Korean text (MB):"
for s in enc html ads dedup tidy; do
	printf ' %s %s' "$s" "$(rss_mb "$BIN/rinse-$s -z <'$ko'")"
done
echo
echo

# Scaling: 1x, 4x, 16x of a 4 MB piece.
base=$DATA/scale-1.z
head -c 4000000 "$ko" >"$base"
cat "$base" "$base" "$base" "$base" >"$DATA/scale-4.z"
cat "$DATA/scale-4.z" "$DATA/scale-4.z" "$DATA/scale-4.z" "$DATA/scale-4.z" >"$DATA/scale-16.z"
echo "Scaling (seconds for 1×, 4×, 16× of 4 MB; linear is 1 : 4 : 16):"
t1=$(median_secs "$chain <'$base'")
t4=$(median_secs "$chain <'$DATA/scale-4.z'")
t16=$(median_secs "$chain <'$DATA/scale-16.z'")
echo "$t1 : $t4 : $t16 = 1 : $(ratio "$t4" "$t1") : $(ratio "$t16" "$t1")"
echo

# Peers for single jobs.
lines=$DATA/dedup-lines-$MB.txt
[ -s "$lines" ] || tr '\0' '\n' <"$ko" >"$lines"
CAT_SECS=$(median_secs "cat '$lines' | cat")
echo "Exact line dedup on $(($(stat -c %s "$lines") / 1000000)) MB, one document:"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
row "awk '!seen[\$0]++'" "$lines" "awk '!seen[\$0]++'"
row "rinse-dedup -t 1" "$lines" "$BIN/rinse-dedup -M 1G -t 1"
echo
if command -v uchardet >/dev/null; then
	n=0
	for f in "$shared"/enc-corpus/*/*; do
		[ -f "$f" ] && n=$((n + 1))
	done
	files=$(find "$shared/enc-corpus" -mindepth 2 -type f | head -400)
	a=$(date +%s.%N); for f in $files; do uchardet "$f" >/dev/null; done; b=$(date +%s.%N)
	u=$(awk -v a=$a -v b=$b 'BEGIN { print b - a }')
	a=$(date +%s.%N); for f in $files; do "$BIN/rinse-enc" -d "$f" >/dev/null 2>&1; done; b=$(date +%s.%N)
	r=$(awk -v a=$a -v b=$b 'BEGIN { print b - a }')
	echo "Detection, one process per file over $(echo "$files" | wc -l) corpus files: uchardet $(printf %.2f "$u") s, rinse-enc -d $(printf %.2f "$r") s ($(ratio "$u" "$r")× uchardet's speed)."
else
	echo "uchardet: missing (make bench-deps installs it)"
fi
