# rinse-rec's usage is in the README word for word, and it has a man
# page; run.sh's record options are in rinse-run(1) and the README.
set -u
fail=0
"$BIN/rinse-rec" -h >"$TMP/h"
python3 - "$TOP/README.md" "$TMP/h" <<'PY' || { echo "FAIL: README lacks rinse-rec -h"; fail=1; }
import sys
readme, h = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
sys.exit(0 if h.strip() in readme else 1)
PY
grep -q '^\.Nm rinse-rec$' "$TOP/man/rinse-rec.1" || { echo "FAIL: no man/rinse-rec.1"; fail=1; }
for o in jsonl field html-field warc explain-log; do
	grep -q -- "--$o" "$TOP/README.md" || { echo "FAIL: README lacks --$o"; fail=1; }
	grep -q -- "Fl \\\\-$o" "$TOP/man/rinse-run.1" || { echo "FAIL: rinse-run.1 lacks --$o"; fail=1; }
	"$TOP/run.sh" -h | grep -q -- "--$o" || { echo "FAIL: run.sh -h lacks --$o"; fail=1; }
done
for s in html ads dedup; do
	grep -q 'explain-log' "$TOP/man/rinse-$s.1" || { echo "FAIL: rinse-$s.1 lacks --explain-log"; fail=1; }
done
exit $fail
