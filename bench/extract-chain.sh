#!/bin/sh
# Article extraction through the whole chain (./run.sh over the page
# folder), scored with the benchmark's own method: with --body-only (what
# the benchmark's gold holds: no headline, byline or captions) and with
# the defaults.
#
#   sh bench/extract-chain.sh [SET]    (default scrapinghub)
. "$(dirname "$0")/lib.sh"
SET=${1:-scrapinghub}
EVAL=$TOP/../shared/eval/$SET
[ -d "$EVAL" ] || { echo "no $EVAL"; exit 0; }
# Only the pages: the folder also holds the gold text.
pages=$DATA/pages-$SET
rm -rf "$pages"; mkdir -p "$pages"
ln -s "$EVAL"/*.html "$pages"/
for how in body-only default; do
	out=$DATA/chain-extract-$SET-$how
	rm -rf "$out"
	args=
	[ $how = body-only ] && args=--body-only
	a=$(date +%s.%N)
	"$TOP/run.sh" -f -o "$out" --html "$args" "$pages" 2>/dev/null
	b=$(date +%s.%N)
	n=$(ls "$EVAL"/*.html | wc -l)
	f1=$("$TOP/../shared/tools/score-extract" "$EVAL" "$out" --cjk off | tail -1)
	printf '%s (run.sh, %s): %s; %d pages in %.1f s\n' "$SET" "$how" "$f1" "$n" \
	    "$(awk -v a=$a -v b=$b 'BEGIN { print b - a }')"
done
