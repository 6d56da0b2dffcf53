# rinse-tidy on long lines, caps, read errors and closed pipes.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
t=$BIN/rinse-tidy

# A 50 MB line without a newline comes out whole, with one.
head -c 50000000 /dev/zero | tr '\0' 'a' >"$TMP/long"
"$t" <"$TMP/long" >"$TMP/o" || no "50 MB line: exit $?"
[ "$(wc -c <"$TMP/o")" = 50000001 ] || no "50 MB line: $(wc -c <"$TMP/o") bytes"
[ "$(head -c 10 "$TMP/o")" = aaaaaaaaaa ] || no "50 MB line: content"

# Over the cap it is refused, not cut: exit 2 and how to raise the cap.
"$t" -M 1M <"$TMP/long" >"$TMP/o" 2>"$TMP/e"
[ $? = 2 ] || no "-M 1M: want exit 2"
grep -q "line 1: the line holds more than 1 MiB (-M): .*; raise the cap with -M" \
    "$TMP/e" ||
    no "-M 1M: message: $(cat "$TMP/e")"

# Many short lines under a small cap are fine.
seq 1 200000 | sed 's/^/line /' >"$TMP/many"
"$t" -M 4K <"$TMP/many" | cmp -s - "$TMP/many" || no "-M 4K on short lines"

# A read error names the file.
if [ -r /proc/self/mem ]; then
	"$t" /proc/self/mem >/dev/null 2>"$TMP/e"
	[ $? = 2 ] || no "read error: want exit 2"
	grep -q "^rinse-tidy: /proc/self/mem: read error: " "$TMP/e" ||
	    no "read error: message: $(cat "$TMP/e")"
fi

# A reader that goes away: SIGPIPE ends tidy quietly; with SIGPIPE
# ignored it is a write error that says so.
"$t" <"$TMP/many" 2>"$TMP/e" | head -1 >/dev/null
[ -s "$TMP/e" ] && no "| head -1: noise: $(cat "$TMP/e")"
(trap '' PIPE; "$t" <"$TMP/many" 2>"$TMP/e" | head -1 >/dev/null)
grep -q "write error: Broken pipe" "$TMP/e" || no "EPIPE: $(cat "$TMP/e")"

# Two files are two documents: -z puts a NUL after each.
printf 'one\n' >"$TMP/a"; printf 'two' >"$TMP/b"
"$t" -z "$TMP/a" "$TMP/b" | od -An -c | tr -s ' ' >"$TMP/o"
grep -q 'o n e \\n \\0 t w o \\n \\0' "$TMP/o" || no "-z two files: $(cat "$TMP/o")"

# Old Mac text: one "line" of a million CR-separated paragraphs. Each was
# once validated to the end of the line, quadratic work that took minutes
# here; the guard is generous, a hang is what it catches.
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "para %d\r", i }' \
    >"$TMP/cr"
timeout 120 "$t" <"$TMP/cr" >"$TMP/o" 2>"$TMP/e"
rc=$?
[ $rc = 0 ] || no "CR-separated text: exit $rc $(cat "$TMP/e")"
[ "$(wc -l <"$TMP/o")" = 1000000 ] || no "CR-separated text: $(wc -l <"$TMP/o") lines"
[ "$(tail -1 "$TMP/o")" = "para 999999" ] || no "CR-separated text: last line"

# Idempotent: tidy of tidy is tidy, on every golden input.
for f in "$TOP"/tests/tidy/*.in; do
	"$t" <"$f" >"$TMP/t1" 2>/dev/null
	"$t" <"$TMP/t1" >"$TMP/t2" 2>/dev/null
	cmp -s "$TMP/t1" "$TMP/t2" || no "not idempotent on $(basename "$f")"
done
exit $fail
