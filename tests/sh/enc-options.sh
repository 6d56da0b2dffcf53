# rinse-enc's options and error paths.
set -u
bin=$BIN/rinse-enc
[ -x "$bin" ] || exit 77
fail=0
no() { echo "FAIL: $*"; fail=1; }

# Unknown charsets and UTF-16 with -z are usage errors.
"$bin" -f NO-SUCH-CHARSET </dev/null >/dev/null 2>"$TMP/e"
[ $? = 2 ] || no "-f unknown: want exit 2"
grep -q "^rinse-enc: -f NO-SUCH-CHARSET: unknown character set" "$TMP/e" ||
    no "-f unknown: message: $(cat "$TMP/e")"
"$bin" -z -f UTF-16LE </dev/null >/dev/null 2>"$TMP/e"
[ $? = 2 ] || no "-z -f UTF-16LE: want exit 2"

# Any iconv name works with -f.
printf 'caf\351\n' | "$bin" -f ISO_8859-15 >"$TMP/o" || no "-f ISO_8859-15: exit $?"
printf 'café\n' | cmp -s - "$TMP/o" || no "-f ISO_8859-15: output"

# -v prints the counts.
printf 'abc\r\n' | "$bin" -v >/dev/null 2>"$TMP/e" || no "-v: exit $?"
for k in bytes_in=5 bytes_out=4 docs=1 invalid=0 mixed=0 normalized=0 \
    repaired=0 refused=0 stripped=0; do
	grep -q " $k" "$TMP/e" || no "-v: no $k in $(cat "$TMP/e")"
done

# A last line without a newline stays without one.
printf 'no newline' | "$bin" >"$TMP/o"
printf 'no newline' | cmp -s - "$TMP/o" || no "last line: $(od -c "$TMP/o")"

# Several files are several documents, each detected on its own.
printf '%s\n' '한국어' | iconv -f UTF-8 -t CP949 >"$TMP/a"
printf '%s\n' 'Русский текст здесь' | iconv -f UTF-8 -t KOI8-R >"$TMP/b"
"$bin" "$TMP/a" "$TMP/b" >"$TMP/o" || no "two files: exit $?"
printf '한국어\nРусский текст здесь\n' | cmp -s - "$TMP/o" ||
    no "two files: $(cat "$TMP/o")"
"$bin" -d "$TMP/a" "$TMP/b" >"$TMP/o"
grep -q '^KOI8-R 0\.[0-9][0-9]$' "$TMP/o" || no "-d: $(cat "$TMP/o")"

# A NUL after the head sample: dropped and counted, the rest written.
{ awk 'BEGIN { for (i = 0; i < 20000; i++) print "line " i }'
  printf 'bad\0line\n'; } >"$TMP/nul"
"$bin" -v "$TMP/nul" >"$TMP/o" 2>"$TMP/e"
[ $? = 0 ] || no "late NUL: exit $?: $(cat "$TMP/e")"
grep -q " stripped=1" "$TMP/e" || no "late NUL: count: $(cat "$TMP/e")"
grep -q "^line 19999$" "$TMP/o" || no "late NUL: text before it lost"
grep -q "^badline$" "$TMP/o" || no "late NUL: its line lost"

# A binary file among text files: refused, the others converted, exit 1.
printf '%%PDF-1.4\n' >"$TMP/p"
"$bin" "$TMP/a" "$TMP/p" "$TMP/b" >"$TMP/o" 2>"$TMP/e"
[ $? = 1 ] || no "pdf: want exit 1"
grep -q "^rinse-enc: $TMP/p: binary input (PDF document) refused" "$TMP/e" ||
    no "pdf: message: $(cat "$TMP/e")"
[ "$(wc -l <"$TMP/o")" = 2 ] || no "pdf: other files not converted"

# -z: a refused record does not stop the others.
printf 'one\0\211PNG\r\n\032\nxx\0three\n' | "$bin" -z >"$TMP/o" 2>/dev/null
[ $? = 1 ] || no "-z png: want exit 1"
printf 'one\0\0three\n\0' | cmp -s - "$TMP/o" || no "-z png: $(od -c "$TMP/o")"

# A line over the -M cap is refused, never cut.
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "abcdefgh"; print "" }' |
    "$bin" -M 4K >/dev/null 2>"$TMP/e"
[ $? = 2 ] || no "-M: want exit 2"
grep -q "raise the cap with -M" "$TMP/e" || no "-M: message: $(cat "$TMP/e")"
exit $fail
