#!/bin/sh
# python3-readability (Debian) on the public article-extraction benchmark,
# in one process over all pages: token F1 by the benchmark's method and
# pages a second, to stand beside rinse-html in bench/html-peers.sh.
#
#   sh bench/pyreadability.sh [SET]    (default scrapinghub)
. "$(dirname "$0")/lib.sh"
SET=${1:-scrapinghub}
EVAL=$TOP/../shared/eval/$SET
PY=/usr/bin/python3
[ -d "$EVAL" ] || { echo "python3-readability: no $EVAL"; exit 0; }
$PY -c 'import readability, lxml' 2>/dev/null ||
    { echo "python3-readability: missing (make bench-deps installs it)"; exit 0; }
out=$DATA/peers-$SET-pyreadability
rm -rf "$out"; mkdir -p "$out"
secs=$($PY - "$EVAL" "$out" <<'PYEOF'
import sys, os, time, glob
import lxml.html
from readability import Document
src, dst = sys.argv[1], sys.argv[2]
pages = sorted(glob.glob(os.path.join(src, "*.html")))
t = time.time()
for p in pages:
    with open(p, "rb") as f:
        raw = f.read()
    try:
        html = Document(raw).summary(html_partial=True)
        text = lxml.html.fromstring(html).text_content()
    except Exception:
        text = ""
    name = os.path.basename(p)[:-5] + ".txt"
    with open(os.path.join(dst, name), "w") as f:
        f.write(text)
print("%.3f %d" % (time.time() - t, len(pages)))
PYEOF
)
n=${secs#* }; s=${secs% *}
f1=$("$TOP/../shared/tools/score-extract" "$EVAL" "$out" --cjk off | tail -1)
echo "python3-readability: $f1; $n pages in $s s = $(awk -v n=$n -v s=$s 'BEGIN { printf "%.1f", n / s }') pages/s"
