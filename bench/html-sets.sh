#!/bin/sh
# Main-content extraction on every set of ../shared/eval, side by side
# with Readability.js in one report: shingle F1 (score-extract --cjk off)
# of `rinse-enc -z | rinse-html -z` with --body-only and with the
# defaults, each scored against every set's gold; the column that matches
# the kind of the set's gold is marked (*): daniel's gold holds the
# headline, the others' do not. wcxb is also split by page type; "empty"
# counts pages that came out with no token.
#
#   sh bench/html-sets.sh [SET...]    (default: all five sets)
#
# BASE=DIR adds the same two runs with the rinse-enc and rinse-html in
# DIR (an older build, say) as columns "before", in the same run.
#
# Readability.js (npm, under bench/data/node) takes about a second a
# page, so its outputs are kept in bench/data/peers-SET-readability and
# reused; FRESH=1 runs it again, NOPEER=1 leaves it out. rinse's outputs go to
# bench/data/sets-SET-{default,body-only}.
TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-$TOP/bin}
SCORE=$TOP/../shared/tools/score-extract
DATA=$TOP/bench/data
NODE=$DATA/node
SETS=${*:-scrapinghub readability daniel wcxb l3s-gn1}
mkdir -p "$DATA" || exit 2

peer() {	# peer SET: Readability.js outputs, made once
	out=$DATA/peers-$1-readability
	[ -n "$NOPEER" ] && return 1
	[ -z "$FRESH" ] && [ -d "$out" ] && return 0
	command -v node >/dev/null || { echo "no node: no peer" >&2; return 1; }
	# html-peers.sh installs the packages and writes run.mjs.
	sh "$TOP/bench/html-peers.sh" "$1" >/dev/null || return 1
}

split() {	# split Z NAMES DIR: one file a NUL-separated record
	rm -rf "$3"
	mkdir -p "$3"
	tr '\000' '\036' <"$1" | awk -v dir="$3" -v names="$2" '
	    BEGIN { while ((getline l <names) > 0) name[++k] = l; RS = "\036" }
	    { if (++i > k) exit
	      f = dir "/" name[i] ".txt"; printf "%s", $0 >f; close(f) }'
	# A page with no output at all still gets its (empty) file.
	while read -r n; do [ -f "$3/$n.txt" ] || : >"$3/$n.txt"; done <"$2"
}

score() {	# score GOLD PRED: "F1 empty"
	"$SCORE" "$1" "$2" --cjk off --per-file "$2.tsv" | tail -1 |
	    sed 's/.*empty=\([0-9]*\).*shingle P=[0-9.]* R=[0-9.]* F1(P,R)=\([0-9.]*\).*/\2 \1/'
}

bytype() {	# bytype TSV: "type=F1 ..." for wcxb
	python3 - "$1" "$EVALROOT/wcxb/types.json" <<'PY'
import csv, json, sys
types = json.load(open(sys.argv[2]))
acc = {}
for r in csv.DictReader(open(sys.argv[1]), delimiter="\t"):
    t = types.get(r["name"], "?")
    a = acc.setdefault(t, [[], []])
    if r["sh_p"] != "":
        a[0].append(float(r["sh_p"]))
    a[1].append(float(r["sh_r"]) if r["sh_r"] != "" else 0.0)
out = []
for t in sorted(acc):
    p = sum(acc[t][0]) / len(acc[t][0]) if acc[t][0] else 0
    r = sum(acc[t][1]) / len(acc[t][1]) if acc[t][1] else 0
    out.append("%s %.3f" % (t, 2 * p * r / (p + r) if p + r else 0))
print(", ".join(out))
PY
}

runs() {	# runs BINDIR TAG: both modes of SET, scored; prints "bo | de"
	rb=$1 rt=$2
	for how in body-only default; do
		opt=
		[ $how = body-only ] && opt=--body-only
		"$rb/rinse-enc" -z <"$in" 2>/dev/null |
		    "$rb/rinse-html" -z $opt >"$DATA/$rt-$SET-$how.z" \
		    2>"$DATA/$rt-$SET-$how.err"
		split "$DATA/$rt-$SET-$how.z" "$names" "$DATA/$rt-$SET-$how"
	done
	set -- $(score "$EVAL" "$DATA/$rt-$SET-body-only")
	bo="$1 ($2 empty)"
	set -- $(score "$EVAL" "$DATA/$rt-$SET-default")
	de="$1 ($2 empty)"
	if [ "$SET" = daniel ]; then de="$de *"; else bo="$bo *"; fi
	printf '%s | %s' "$bo" "$de"
}

EVALROOT=$TOP/../shared/eval
if [ -n "$BASE" ]; then
	echo "| set | pages | before --body-only | before default | rinse --body-only | rinse default | Readability.js | pages/s (both rinse runs) |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
else
	echo "| set | pages | rinse --body-only | rinse default | Readability.js | pages/s (both rinse runs) |"
	echo "| --- | --- | --- | --- | --- | --- |"
fi
for SET in $SETS; do
	EVAL=$EVALROOT/$SET
	in=$DATA/extract-$SET.z
	names=$DATA/extract-$SET.names
	if [ ! -s "$in" ] || [ ! -s "$names" ]; then
		: >"$names"
		for f in "$EVAL"/*.html; do
			case $f in *.expected.html) continue ;; esac
			basename "$f" .html >>"$names"
			tr -d '\000' <"$f"; printf '\0'	# -z: NUL ends a page
		done >"$in"
	fi
	pages=$(wc -l <"$names")
	before=
	[ -n "$BASE" ] && before="$(runs "$BASE" before) | "
	a=$(date +%s.%N)
	now=$(runs "$BIN" sets)
	b=$(date +%s.%N)
	pr=-
	if peer "$SET"; then
		set -- $(score "$EVAL" "$DATA/peers-$SET-readability")
		pr="$1 ($2 empty)"
	fi
	printf '| %s | %d | %s%s | %s | %.0f |\n' "$SET" "$pages" "$before" \
	    "$now" "$pr" "$(awk -v p="$pages" -v a="$a" -v b="$b" \
	    'BEGIN { print 2 * p / (b - a) }')"
	if [ "$SET" = wcxb ]; then
		bt=
		[ -n "$BASE" ] && bt="$(bytype "$DATA/before-wcxb-body-only.tsv") | $(bytype "$DATA/before-wcxb-default.tsv") | "
		printf '| wcxb by type | | %s%s | %s | %s | |\n' "$bt" \
		    "$(bytype "$DATA/sets-wcxb-body-only.tsv")" \
		    "$(bytype "$DATA/sets-wcxb-default.tsv")" \
		    "$( [ -f "$DATA/peers-wcxb-readability.tsv" ] &&
		    bytype "$DATA/peers-wcxb-readability.tsv")"
	fi
done
