# The stages' own --explain and --explain-log agree (issue 19): for the
# same input, rinse-html, rinse-ads and rinse-dedup --explain print every
# paragraph as DOCUMENT, STAGE, WHY, TEXT and NOTE, tab-separated; the
# lines whose WHY is not "keep", without NOTE, are the why-dropped log
# line for line, and (html, dedup) the TEXT of the keep lines is the
# stage's output. Checked on one document, on a -z stream of several
# (named NAME#N), and for dedup with a store (-s) that drops a paragraph.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
cd "$TMP" || exit 2
t=$TOP/tests

# agree NAME STAGE [ARGS...] <INPUT: runs the stage once with --explain
# and --explain-log, once plainly, and compares.
agree() {
	name=$1 st=$2
	shift 2
	cat >in.$name
	rm -f log.$name
	"$BIN/rinse-$st" "$@" --explain --explain-log log.$name in.$name \
	    >ex.$name 2>err.$name || no "$name: --explain: exit $?: $(cat err.$name)"
	[ -s log.$name ] || no "$name: nothing logged: the case tests nothing"
	tr -d '\0' <ex.$name | awk -F'\t' -v st="$st" -v f="in.$name" '
	    NF != 5 || $2 != st || ($1 != f && index($1, f "#") != 1) {
		print "bad line " NR ": " $0; bad = 1 }
	    END { exit bad }' || no "$name: --explain fields"
	tr -d '\0' <ex.$name | awk -F'\t' '$3 != "keep"' | cut -f1-4 >drop.$name
	cmp -s drop.$name log.$name ||
	    { no "$name: --explain and --explain-log differ"; diff drop.$name log.$name | head; }
	grep -q '	keep	' ex.$name || no "$name: no keep line"
}

# kept NAME STAGE [ARGS...]: the keep lines' text is the plain output,
# escaped as the fields are.
kept() {
	name=$1 st=$2
	shift 2
	"$BIN/rinse-$st" "$@" in.$name 2>/dev/null | grep -v '^$' |
	    sed 's/\\/\\\\/g; s/	/\\t/g' >out.$name
	awk -F'\t' '$3 == "keep" { print $4 }' ex.$name >keep.$name
	cmp -s keep.$name out.$name ||
	    { no "$name: keep lines are not the output"; diff keep.$name out.$name | head; }
}

# rinse-html: a page with nav, aside and footer; a page whose content
# widens; the <title> as headline.
agree page html <"$t/rec/explain/page.html"
kept page html
agree extract html <"$t/html/explain.in"
kept extract html
agree fallback html <"$t/html/extract-fallback.in"
kept fallback html
cat "$t/rec/explain/page.html" "$t/html/explain.in" | tr -d '\0' >a
printf '\0' | cat a - "$t/html/extract-fallback.in" | agree pagez html -z
grep -q '^in\.pagez#2	html	' ex.pagez || no "pagez: no record 2 in --explain"

# rinse-ads: bundled rules (byline, link list, sign-off, cut); rules of
# every action (strip, keep, cut); units of glued lines.
agree news ads <"$t/rec/explain/news.txt"
(cd "$t/ads" && cat explain.in) | agree actions ads -R -r "$t/ads/actions.rules"
(cd "$t/ads" && cat units-explain.in) | agree units ads -R -LUS -r "$t/ads/units.rules"
printf '\0' | cat "$t/rec/explain/news.txt" - "$t/ads/explain.in" |
    agree newsz ads -z -r "$t/ads/actions.rules"
grep -q '^in\.newsz#2	ads	' ex.newsz || no "newsz: no record 2 in --explain"

# rinse-dedup: repeats, a cut passage, near-duplicates, across documents.
agree passage dedup <"$t/dedup/explain.in"
kept passage dedup
agree near dedup <"$t/dedup/explain-near-ko.in"
kept near dedup
agree news2 dedup <"$t/rec/explain/news.txt"
kept news2 dedup
printf '\0' | cat "$t/dedup/explain.in" - "$t/dedup/explain.in" | agree cross dedup -z -x
grep -q '^in\.cross#2	dedup	dup-of-document:1	' ex.cross ||
    no "cross: no dup-of-document in --explain"
# A store: what the first run kept, the second drops as stored, and
# --explain says so where the log does, in the document's order.
"$BIN/rinse-dedup" -s st "$t/dedup/explain-near-ko.in" >/dev/null ||
    no "store: first run: exit $?"
cat "$t/dedup/explain.in" "$t/dedup/explain-near-ko.in" | agree store dedup -s st
grep -q '	stored	' log.store || no "store: nothing stored in the log"

exit $fail
