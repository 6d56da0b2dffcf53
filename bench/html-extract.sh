#!/bin/sh
# Main-content extraction on the public article-extraction benchmark
# (../shared/eval/scrapinghub): token F1 by the benchmark's own method
# (../shared/tools/score-extract --cjk off), and pages a second in one -z
# process; with --body-only (what the benchmark's gold holds) and with
# the default (headline and captions kept).
#
#   sh bench/html-extract.sh [SET] [OPTIONS...]   (SET default scrapinghub)
#
# Outputs go to bench/data/extract-SET/NAME.txt.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/bin}
SET=${1:-scrapinghub}
[ $# -gt 0 ] && shift
EVAL=$TOP/../shared/eval/$SET
SCORE=$TOP/../shared/tools/score-extract
DATA=$TOP/bench/data
mkdir -p "$DATA" || exit 2
ls "$EVAL"/*.html >/dev/null 2>&1 || { echo "no pages in $EVAL" >&2; exit 2; }

in=$DATA/extract-$SET.z
names=$DATA/extract-$SET.names
if [ ! -s "$in" ]; then
	: >"$names"
	for f in "$EVAL"/*.html; do
		case $f in *.expected.html) continue ;; esac
		basename "$f" .html >>"$names"
		tr -d '\000' <"$f"; printf '\0'	# -z: NUL ends a page
	done >"$in"
fi
pages=$(wc -l <"$names")

one() {	# one LABEL OPTIONS...
	label=$1
	shift
	out=$DATA/extract-$SET-$label
	rm -rf "$out"
	mkdir -p "$out"
	a=$(date +%s.%N)
	"$BIN/rinse-html" -z "$@" <"$in" >"$out.z" || echo "rinse-html failed" >&2
	b=$(date +%s.%N)
	# One file a record; NUL becomes RS (\036), which text never holds.
	tr '\000' '\036' <"$out.z" | awk -v dir="$out" -v names="$names" '
	    BEGIN { while ((getline l <names) > 0) name[++k] = l; RS = "\036" }
	    { if (++i > k) exit
	      f = dir "/" name[i] ".txt"; printf "%s", $0 >f; close(f) }'
	f1=$("$SCORE" "$EVAL" "$out" --cjk off | tail -1 |
	    sed 's/.*shingle P=\([0-9.]*\) R=\([0-9.]*\) F1(P,R)=\([0-9.]*\).*/\1 | \2 | \3/')
	printf '| rinse-html %s | %s | %.0f |\n' "$*" "$f1" \
	    "$(awk -v p="$pages" -v a="$a" -v b="$b" 'BEGIN { print p / (b - a) }')"
}

echo "### Main content on $SET ($pages pages, shingle metric, --cjk off)"
echo
echo "| run | precision | recall | F1 | pages/s |"
echo "| --- | --- | --- | --- | --- |"
if [ $# -gt 0 ]; then
	one custom "$@"
else
	one body-only --body-only
	one default
	one all -A
fi
