# run.sh --explain-log (issue 19): one line for every paragraph or span
# rinse-html, rinse-ads and rinse-dedup removed, as DOCUMENT, STAGE, WHY,
# TEXT; the document is the input's path in batch mode and the record's
# id with --jsonl and --warc. tests/rec/explain/ holds a page with nav,
# aside and footer and a Korean story with a byline, a repeat, a link
# list, a sign-off and a copyright line: tests/rec/explain.want is its
# log, rule line numbers as N, sorted (the stages write at once), and
# every rule line the log names must hold a rule of that file.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
d=$TOP/tests/rec
cd "$TMP" || exit 2
cp -r "$d/explain" in
"$run" -j 1 --explain-log log -o out in 2>err || no "exit $?: $(cat err)"
sed -E 's/(rules\/[a-z-]+\.rules):[0-9]+/\1:N/' log | LC_ALL=C sort >got
cmp -s got "$d/explain.want" || { no "log"; diff "$d/explain.want" got; }
grep -oE 'rules/[a-z-]+\.rules:[0-9]+' log | sort -u | while IFS=: read -r f n; do
	sed -n "${n}p" "$TOP/$f" | grep -qE '^(drop|strip|cut) ' ||
	    { echo "FAIL: $f:$n is no drop, strip or cut rule"; exit 1; }
done || fail=1
# Nothing logged as removed whole is in the output (the repeat is kept
# once: its first copy).
cut -f2- log | grep -v '^dedup' | cut -f3 | while IFS= read -r t; do
	if grep -qF -- "$t" out/page.txt out/news.txt; then
		echo "FAIL: logged as removed but written: $t"
		exit 1
	fi
done || fail=1
# Again in one run, with the same log: it is appended to.
"$run" -j 1 -f --explain-log log -o out in 2>/dev/null
[ "$(wc -l <log)" = $((2 * $(wc -l <got))) ] || no "the log was not appended to"

# Records: the document is the record's id, or FILE:LINE without one.
python3 - "$d/explain/news.txt" "$d/explain/page.html" <<'PY'
import json, sys
with open("t.jsonl", "w") as f:
    print(json.dumps({"id": "story-1", "text": open(sys.argv[1], encoding="utf-8").read()}, ensure_ascii=False), file=f)
with open("h.jsonl", "w") as f:
    print(json.dumps({"url": "x", "html": open(sys.argv[2], encoding="utf-8").read()}), file=f)
PY
"$run" --jsonl --explain-log rlog -o rout <t.jsonl >t.out 2>&1
# The record's counts are its lines of the log, stage by stage.
want=$(awk -F '\t' '{ n[$2]++ } END { printf "\"html\":%d,\"ads\":%d,\"dedup\":%d", n["html"], n["ads"], n["dedup"] }' rlog)
grep -q "\"dropped\":{$want}" t.out || no "counts: $want: $(cat t.out)"
"$run" --jsonl --html-field html --explain-log rlog -o rout <h.jsonl >/dev/null 2>&1
grep -q "^story-1	ads	heuristic:link-list	▶ 관련기사 다리 공사 연기$" rlog || no "records: $(head -3 rlog)"
grep -q "^<stdin>:1	html	html:nav	Home News Events$" rlog || no "a record without id: $(cat rlog)"
"$run" --warc --explain-log wlog -o wout "$d/site.warc.gz" 2>/dev/null
grep -q "^<urn:uuid:[0-9a-f-]*>	html	html:nav	Home | 한국어 | Notes | Archive$" wlog ||
    no "WARC: $(head -3 wlog)"
# A record that comes out empty: the excluded file says which stage took
# what, and the log has it.
printf '{"id":"f1","text":"Copyright 2024 Example News. All rights reserved.\\nAdvertisement"}\n' |
    "$run" --jsonl --explain-log elog -o eout >/dev/null 2>&1
grep -q '"reason":"no text left after the chain","dropped":{"html":0,"ads":[1-9][0-9]*,"dedup":0},"record":{"id":"f1"' \
    eout/.rinse/excluded.jsonl || no "emptied: $(cat eout/.rinse/excluded.jsonl)"
grep -q "^f1	ads	.*	Advertisement$" elog || no "emptied: the log: $(cat elog)"
# In filter mode the stages name standard input and the record number.
printf 'One.\0Two paragraphs here that repeat.\nTwo paragraphs here that repeat.\n\0' |
    "$run" -z --stages dedup --explain-log flog >/dev/null
grep -q "^<stdin>#2	dedup	dup-of:1	Two paragraphs here that repeat.$" flog || no "filter: $(cat flog)"
exit $fail
