# rinse-enc -m against data we did not write: ftfy's mojibake cases reach
# the acceptance rates of bench/enc-ftfy.py (90% repaired, every negative
# kept), and on the real text of ../shared/enc-corpus, 95,000 lines in
# 40 encodings and as many languages, -m changes nothing but C1 controls
# (which are never text). Both read ../shared in place.
set -u
bin=$BIN/rinse-enc
corpus=$TOP/../shared/enc-corpus
[ -x "$bin" ] || exit 77
[ -f "$corpus/manifest.tsv" ] || { echo "skip: no ../shared/enc-corpus"; exit 77; }
command -v python3 >/dev/null || { echo "skip: no python3"; exit 77; }
fail=0
no() { echo "FAIL: $*"; fail=1; }

python3 "$TOP/bench/enc-ftfy.py" "$corpus/ftfy_cases.jsonl" "$bin" \
    >"$TMP/ftfy" || { cat "$TMP/ftfy"; no "ftfy cases below target"; }

# Every document decoded as its label says, as one -z stream, its lines
# with C1 controls left out.
tail -n +2 "$corpus/manifest.tsv" | while IFS='	' read -r path _ dec _; do
	iconv -f "$dec" -t UTF-8 "$corpus/$path" 2>/dev/null
	printf '\0'
done | LC_ALL=C grep -av "$(printf '\302[\200-\237]')" >"$TMP/docs"
"$bin" -z -f UTF-8 <"$TMP/docs" >"$TMP/plain" || no "plain: exit $?"
"$bin" -z -m -f UTF-8 <"$TMP/docs" >"$TMP/m" || no "-m: exit $?"
cmp -s "$TMP/plain" "$TMP/m" || {
	no "-m changed correct text:"
	diff "$TMP/plain" "$TMP/m" | head -20
}
exit $fail
