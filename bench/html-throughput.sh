#!/bin/sh
# rinse-html throughput and memory on >= 100 MB of real pages: the public
# test pages of ../shared/eval repeated, one page a NUL-separated record,
# read by one process (-z). Side by side in the same run: html2text and
# lynx -dump on a 10 MB slice of the same pages (one file, as they take
# it), and rinse-html on that slice too, so the ratio compares like with
# like.
#
#   sh bench/html-throughput.sh [MB]      (default 100; RUNS=N, default 3)
. "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-3}
MB=${1:-100}
EVAL=$TOP/../shared/eval
ls "$EVAL"/scrapinghub/*.html >/dev/null 2>&1 || { echo "no $EVAL" >&2; exit 2; }
[ -x "$BIN/rinse-html" ] || { echo "build $BIN/rinse-html first" >&2; exit 2; }

unit=$DATA/html-unit.z
[ -s "$unit" ] || for f in "$EVAL"/scrapinghub/*.html "$EVAL"/readability/*.html; do
	cat "$f"; printf '\0'; done >"$unit"
big=$DATA/html-$MB.z
mkrepeat "$big" "$MB" "$unit"
slice=$DATA/html-slice-10m.html
[ -s "$slice" ] || tr -d '\000' <"$unit" | head -c 10000000 >"$slice"
pages=$(tr -cd '\000' <"$big" | wc -c)

# cpu_mbps CMD FILE: MB per CPU second (user + system) of one run of CMD
# on FILE; unlike wall time it holds on a machine shared with other work.
cpu_mbps() {
	/usr/bin/time -f '%U %S' sh -c "exec $1 <'$2' >/dev/null" 2>&1 |
	    tail -1 | awk -v b="$(stat -c %s "$2")" '{ printf "%.0f", b / ($1 + $2) / 1e6 }'
}

CAT_SECS=$(median_secs "cat '$big' | cat")
echo "### rinse-html ($(($(stat -c %s "$big") / 1000000)) MB, $pages pages, one -z process)"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
printf '| cat \\| cat | %s | 1.00 | - |\n' "$(mbps "$big" "$CAT_SECS")"
row "rinse-html -z -A (all visible text)" "$big" "$BIN/rinse-html -z -A"
row "rinse-html -z (main content)" "$big" "$BIN/rinse-html -z"
echo
echo "MB per CPU second: rinse-html -z -A $(cpu_mbps "$BIN/rinse-html -z -A" "$big"),"\
    "rinse-html -z $(cpu_mbps "$BIN/rinse-html -z" "$big"),"\
    "html2text (10 MB slice) $(cpu_mbps "html2text -utf8 -nobs" "$slice")"
s=$(median_secs "$BIN/rinse-html -z <'$big' | cat")
awk -v p="$pages" -v s="$s" 'BEGIN { printf "\nPages a second, main content, one process: %.0f\n", p / s }'
echo
echo "On a 10 MB slice as one file (html2text and lynx read one document):"
echo
echo "| command | MB/s | × html2text |"
echo "| --- | --- | --- |"
h=$(median_secs "html2text -utf8 -nobs <'$slice' | cat")
l=$(median_secs "lynx -dump -force_html -nolist -stdin <'$slice' | cat")
r=$(median_secs "$BIN/rinse-html -A <'$slice' | cat")
printf '| html2text | %s | 1.00 |\n' "$(mbps "$slice" "$h")"
printf '| lynx -dump | %s | %s |\n' "$(mbps "$slice" "$l")" "$(ratio "$h" "$l")"
printf '| rinse-html -A | %s | %s |\n' "$(mbps "$slice" "$r")" "$(ratio "$h" "$r")"
