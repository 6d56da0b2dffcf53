# rinse-enc: a legacy multibyte sequence cut or broken at the end of a
# document or -z record, for every lead byte and every second byte, in
# detection and with -f for each multibyte encoding. glibc's CP949 takes
# in some bad pairs (A2 E8) before it says EILSEQ, and rinse-enc once
# skipped a byte past the end of the sample then: `printf '\242\242\242\350'
# | rinse-enc` was a segmentation fault (issue 17).
set -u
bin=$BIN/rinse-enc
[ -x "$bin" ] || exit 77
fail=0
no() { printf 'FAIL: %s\n' "$*"; fail=1; }

# The inputs the fuzz harness found, as whole documents.
for s in '\242\242\242\350' '\242\303\242\350' '\242\350' '\242'; do
	printf "$s" >"$TMP/in"
	"$bin" "$TMP/in" >"$TMP/out" 2>"$TMP/err"
	st=$?
	[ $st -le 1 ] || no "$s: exit $st: $(cat "$TMP/err")"
	iconv -f UTF-8 -t UTF-8 "$TMP/out" >/dev/null 2>&1 ||
	    no "$s: output is not UTF-8"
done

# One record for each lead byte alone and each lead and second byte,
# after no text, a symbol pair, or a Korean word in CP949.
LC_ALL=C awk 'BEGIN {
	pre[0] = ""; pre[1] = "\242\242"; pre[2] = "\307\321\261\271 "
	for (p = 0; p < 3; p++)
		for (l = 129; l < 255; l++) {
			printf "%s%c%c", pre[p], l, 0
			for (t = 1; t < 256; t++)
				printf "%s%c%c%c", pre[p], l, t, 0
		}
}' >"$TMP/recs"
want=$(tr -cd '\000' <"$TMP/recs" | wc -c)

for f in '' CP949 JOHAB EUC-JP SHIFT_JIS CP932 GB2312 GBK GB18030 BIG5 \
    CP950 BIG5-HKSCS EUC-TW ISO-2022-KR ISO-2022-JP; do
	"$bin" -z ${f:+-f "$f"} "$TMP/recs" >"$TMP/out" 2>"$TMP/err"
	st=$?
	[ $st -le 1 ] || { no "-z ${f:--d}: exit $st: $(head -3 "$TMP/err")"; continue; }
	got=$(tr -cd '\000' <"$TMP/out" | wc -c)
	[ "$got" = "$want" ] || no "-z ${f:-detected}: $got records, want $want"
	tr '\000' '\n' <"$TMP/out" | iconv -f UTF-8 -t UTF-8 >/dev/null 2>&1 ||
	    no "-z ${f:-detected}: output is not UTF-8"
done
exit $fail
