# run.sh failure isolation: a few refused files in a big batch cost a few
# chain runs, not one per file; a configuration error is reported once,
# before any file is read, with status 2. The stages are counted through
# wrappers beside a copy of run.sh (an installed layout).
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
cd "$TMP" || exit 2
mkdir w
cp "$TOP/run.sh" w/run.sh
for b in "$BIN"/rinse-*; do
	n=${b##*/}
	printf '#!/bin/sh\necho %s >>"%s/calls"\nexec "%s" "$@"\n' "$n" "$TMP" "$b" >"w/$n"
	chmod +x "w/$n"
done
mkdir in
for i in $(seq 1 300); do
	printf 'Story %d: the ferry timetable changes on Monday for the %d crossing.\n' $i $i >in/$i.txt
done
for i in 17 150 283; do printf 'PK\003\004zip bytes %d\377\376' $i >in/$i.txt; done

: >calls
w/run.sh -j 1 -b 500 -o out in 2>err
st=$?
[ $st = 1 ] || no "three refused files: want exit 1, got $st"
[ "$(wc -l <out/.rinse/failed.tsv)" = 3 ] || no "failed.tsv: $(cat out/.rinse/failed.tsv)"
[ "$(ls out/*.txt | wc -l)" = 297 ] || no "$(ls out/*.txt | wc -l) outputs, want 297"
grep -q "files: 297 done, 0 skipped, 3 failed" err || no "summary: $(head -1 err)"
runs=$(grep -c '^rinse-enc$' calls)
# Halving finds 3 files in 300 with about 3 * 2 * log2(300) chain runs.
[ "$runs" -le 60 ] || no "three refused files cost $runs chain runs"

# A configuration error: once, before any file is read, status 2.
: >calls
w/run.sh -j 1 -o out2 --ads "-r $TMP/missing.rules" in 2>err
st=$?
[ $st = 2 ] || no "missing rules: want exit 2, got $st"
[ "$(grep -c 'missing.rules' err)" = 1 ] || no "missing rules said $(grep -c 'missing.rules' err) times: $(head -3 err)"
grep -q '^rinse-batch$' calls && no "missing rules: files were read"
ls out2/*.txt >/dev/null 2>&1 && no "missing rules: outputs written"
exit $fail
