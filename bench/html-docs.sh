#!/bin/sh
# Main-content extraction on documentation pages, a kind of page the
# eval sets hold few of: the gold of each page is the text of its <main>
# (bench/docs-gold.py), which documentation generators keep for the
# page's own text. rinse-enc | rinse-html, default and --body-only,
# shingle F1 (score-extract --cjk off; --cjk chars with CJK=chars).
#
#   sh bench/html-docs.sh [DIR...]
#
# DIR: trees of HTML pages (default: the Rust books of Debian's rust-doc,
# /usr/share/doc/rust-doc/html, when installed). At most MAX pages
# (default 300), spread over those found. BASE=DIR adds the same runs
# with the rinse-enc and rinse-html in DIR, as rows "before".
# Readability.js runs on the same pages when bench/html-peers.sh has
# installed it (bench/data/node); NOPEER=1 leaves it out.
. "$(dirname "$0")/lib.sh"
SCORE=$TOP/../shared/tools/score-extract
MAX=${MAX:-300}
CJK=${CJK:-off}
[ $# -gt 0 ] || set -- /usr/share/doc/rust-doc/html
for d in "$@"; do
	[ -d "$d" ] || { echo "no such directory: $d (apt-get install rust-doc, or name one)" >&2; exit 2; }
done
[ -x "$SCORE" ] || { echo "no $SCORE" >&2; exit 2; }
OUT=$DATA/docs
rm -rf "$OUT"
n=$(python3 "$TOP/bench/docs-gold.py" "$OUT" "$MAX" "$@") || exit 2
[ "$n" -gt 0 ] || { echo "no page with a <main> found" >&2; exit 2; }

run() {	# run BINDIR MODE: the F1 of that build in that mode
	dir=$OUT/out-$(basename "$1")-$2
	mkdir -p "$dir"
	for f in "$OUT"/html/*.html; do
		b=$(basename "$f" .html)
		if [ "$2" = body-only ]; then
			"$1/rinse-enc" <"$f" | "$1/rinse-html" --body-only
		else
			"$1/rinse-enc" <"$f" | "$1/rinse-html"
		fi >"$dir/$b.txt" 2>/dev/null
	done
	"$SCORE" --cjk "$CJK" "$OUT/gold" "$dir" | tail -1 |
	    sed 's/.*shingle P=\([0-9.]*\) R=\([0-9.]*\) F1(P,R)=\([0-9.]*\).*/P \1, R \2, F1 \3/'
}

echo "### Documentation pages ($n pages; gold: the text of <main>)"
echo
echo "| build | mode | shingle |"
echo "| --- | --- | --- |"
if [ -z "$NOPEER" ] && [ -f "$DATA/node/run.mjs" ] &&
    command -v node >/dev/null; then
	mkdir -p "$OUT/out-readability"
	(cd "$DATA/node" && node run.mjs "$OUT/html" "$OUT/out-readability" \
	    >/dev/null 2>&1)
	echo "| Readability.js | - | $("$SCORE" --cjk "$CJK" "$OUT/gold" \
	    "$OUT/out-readability" | tail -1 | sed 's/.*shingle P=\([0-9.]*\) R=\([0-9.]*\) F1(P,R)=\([0-9.]*\).*/P \1, R \2, F1 \3/') |"
fi
for mode in default body-only; do
	[ -n "$BASE" ] && echo "| before | $mode | $(run "$BASE" $mode) |"
	echo "| rinse | $mode | $(run "$BIN" $mode) |"
done
