# rinse-enc streams: large inputs in every path come out as iconv makes
# them, across buffer and chunk boundaries, in bounded memory.
set -u
bin=$BIN/rinse-enc
[ -x "$bin" ] || exit 77
fail=0
no() { echo "FAIL: $*"; fail=1; }

# About 3 MB of Korean and ASCII lines of varied length.
awk 'BEGIN { for (i = 0; i < 40000; i++) {
	s = "줄 " i " 번째: 서울의 날씨는 맑고 바람이 조금 분다."
	for (j = 0; j < i % 7; j++) s = s " 추가 문장 " j
	print s } }' >"$TMP/u8"
iconv -f UTF-8 -t CP949 "$TMP/u8" >"$TMP/cp949"
iconv -f UTF-8 -t UTF-16LE "$TMP/u8" >"$TMP/u16"
iconv -f UTF-8 -t JOHAB "$TMP/u8" >"$TMP/johab"

for f in u8 cp949 u16 johab; do
	"$bin" "$TMP/$f" >"$TMP/out.$f" 2>"$TMP/err.$f" || no "$f: exit $?"
	cmp -s "$TMP/u8" "$TMP/out.$f" || no "$f: output differs from iconv's"
done

# Standard input through a pipe, read in small pieces, is the same.
cat "$TMP/cp949" | "$bin" >"$TMP/out.pipe" || no "pipe: exit $?"
cmp -s "$TMP/u8" "$TMP/out.pipe" || no "pipe: output differs"

# -z: a record is detected on its own bytes, also when it straddles the
# end of the reader's first 128 KiB and the fill that brings its NUL
# fills the buffer: a short windows-1252 record, then a long UTF-8 one.
{
	awk 'BEGIN { for (i = 0; i < 1625; i++) printf "%079d\n", 0 }'
	printf '\0'
	awk 'BEGIN { for (i = 0; i < 80; i++)
		printf "caf\351 cr\350me br\373l\351e\n" }'
	printf '\0'
	awk 'BEGIN { for (i = 0; i < 3000; i++)
		print "한국어 문장입니다. 뉴스 기사 본문입니다." }'
	printf '\0'
} >"$TMP/straddle"
"$bin" -d -z "$TMP/straddle" | tr '\0' '|' >"$TMP/out.straddle"
printf 'ASCII 1.00\n|WINDOWS-1252 0.50\n|UTF-8 1.00\n|' |
    cmp -s - "$TMP/out.straddle" ||
    no "-z: a record across the buffer's end: $(cat "$TMP/out.straddle")"

# What detection found valid (the 64 KiB head) is not checked again,
# but what follows it in the same block is: a stray continuation byte
# in a word of ASCII after 1,000 lines of Korean becomes valid UTF-8.
{
	sed -n '1,1000p' "$TMP/u8"
	printf 'ab\200cdefghijklmnopqrstuvwxyz0123456789abcdefgh\n'
	sed -n '1,100p' "$TMP/u8"
} >"$TMP/stray"
"$bin" "$TMP/stray" >"$TMP/out.stray" 2>/dev/null
iconv -f UTF-8 -t UTF-8 "$TMP/out.stray" >/dev/null 2>&1 ||
    no "a stray byte after the head sample is written as it is"

# Peak memory stays small on a larger input (not measured under the
# sanitizers, whose shadow memory is not ours).
san=${SAN:-}
case $BIN in *-san*) san=1 ;; esac
if [ -x /usr/bin/time ] && [ -z "$san" ]; then
	for i in 1 2 3 4 5 6; do cat "$TMP/cp949"; done >"$TMP/big"
	/usr/bin/time -v "$bin" "$TMP/big" 2>"$TMP/time" >/dev/null
	rss=$(awk '/Maximum resident/ { print $NF }' "$TMP/time")
	[ -n "$rss" ] && [ "$rss" -lt 16384 ] || no "peak RSS ${rss:-?} KB"
fi
exit $fail
