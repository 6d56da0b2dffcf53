#!/bin/sh
# Token recall and F1 of rinse-html against lynx -dump and html2text on the
# public test pages, side by side in one run, scored by the benchmark's
# own method (../shared/tools/score-extract, shingles of 4 \w tokens).
#
#   sh bench/html-recall.sh [SET]    (SET: scrapinghub (default) or readability)
#
# rinse-html -A gives every visible block, as lynx and html2text do; the
# default (main content) and --body-only rows are for issue 9's table.
# Outputs go to bench/data/recall-SET/TOOL/NAME.txt.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/bin}
SET=${1:-scrapinghub}
EVAL=$TOP/../shared/eval/$SET
SCORE=$TOP/../shared/tools/score-extract
OUT=$TOP/bench/data/recall-$SET
ls "$EVAL"/*.html >/dev/null 2>&1 || { echo "no pages in $EVAL" >&2; exit 2; }

run() {	# run NAME CMD: CMD reads a page on stdin
	mkdir -p "$OUT/$1"
	for f in "$EVAL"/*.html; do
		case $f in *.expected.html) continue ;; esac
		sh -c "$2" <"$f" >"$OUT/$1/$(basename "$f" .html).txt" 2>/dev/null
	done
	printf '| %s | ' "$1"
	"$SCORE" "$EVAL" "$OUT/$1" --cjk off | tail -1 |
	    sed 's/.*shingle P=\([0-9.]*\) R=\([0-9.]*\) F1(P,R)=\([0-9.]*\).*/\1 | \2 | \3 |/'
}

echo "### Token scores on $SET (shingle metric, --cjk off)"
echo
echo "| tool | precision | recall | F1 |"
echo "| --- | --- | --- | --- |"
run lynx "lynx -dump -force_html -nolist -assume_charset=utf-8 -display_charset=utf-8 -stdin"
run html2text "html2text -utf8 -nobs"
run rinse-html-A "$BIN/rinse-html -A"
run rinse-html "$BIN/rinse-html"
run rinse-html-body-only "$BIN/rinse-html --body-only"
