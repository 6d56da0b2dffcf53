#!/bin/sh
# A 10 MB page without one newline comes out one block a line, all of it.
h=$BIN/rinse-html
awk 'BEGIN { printf "<html><body>"; for (i = 0; i < 200000; i++)
	printf "<p>para %d &amp; <b>bold</b> text</p><div>d</div>", i }' >"$TMP/in"
[ "$(wc -c <"$TMP/in")" -ge 10000000 ] || { echo "input too small"; exit 1; }
"$h" -A "$TMP/in" >"$TMP/out" || exit 1
[ "$(wc -l <"$TMP/out")" -eq 400000 ] || { echo "wrong line count"; wc -l "$TMP/out"; exit 1; }
[ "$(sed -n 399999p "$TMP/out")" = "para 199999 & bold text" ] || exit 1
# The same with extraction held in memory, and below the cap.
"$h" "$TMP/in" >"$TMP/out2" || exit 1
[ "$(wc -l <"$TMP/out2")" -ge 200000 ] || { echo "extraction lost text"; exit 1; }
# A cap lower than the page: a message, exit 1 or 2, never a crash.
"$h" -M 1M "$TMP/in" >/dev/null 2>"$TMP/err"
st=$?
[ $st -eq 1 ] || [ $st -eq 2 ] || { echo "status $st"; exit 1; }
grep -q 'raise the cap with -M' "$TMP/err" || { cat "$TMP/err"; exit 1; }
# Many small blocks count against the cap too (blocks and elements held),
# and passing it loses none of them.
awk 'BEGIN { printf "<html><body>\n"; for (i = 0; i < 200000; i++)
	printf "<div><p>line %d</p></div>\n", i }' >"$TMP/many"
"$h" -M 1M "$TMP/many" >"$TMP/out3" 2>"$TMP/err3"
[ $? -eq 1 ] || { echo "many: want status 1"; exit 1; }
[ "$(wc -l <"$TMP/out3")" -eq 200000 ] || { echo "many: lines lost"; exit 1; }
exit 0
