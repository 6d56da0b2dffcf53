# The README shows each stage's -h output word for word, and every man
# page is mandoc-clean where mandoc is installed.
set -u
fail=0
for s in enc html ads dedup tidy; do
	[ -x "$BIN/rinse-$s" ] || continue
	"$BIN/rinse-$s" -h >"$TMP/h"
	python3 - "$TOP/README.md" "$TMP/h" <<'PY' || { echo "FAIL: README lacks rinse-$s -h"; fail=1; }
import sys
readme, h = (open(p, encoding="utf-8").read() for p in sys.argv[1:])
sys.exit(0 if h.strip() in readme else 1)
PY
	grep -q "^\.Nm rinse-$s\$" "$TOP/man/rinse-$s.1" 2>/dev/null ||
	    { echo "FAIL: no man/rinse-$s.1"; fail=1; }
done
if command -v mandoc >/dev/null; then
	for m in "$TOP"/man/*.1; do
		mandoc -Tlint -W warning "$m" || { echo "FAIL: mandoc -Tlint $m"; fail=1; }
	done
fi
exit $fail
