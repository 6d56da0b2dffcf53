#!/bin/sh
# Tags, comments, references and raw-text end tags that straddle the 64 KB
# at which the reader reads, at every offset around it, on one long line
# and spread over lines: nothing of the markup leaks, no text is lost.
h=$BIN/rinse-html
fail=0
for off in 65530 65532 65533 65534 65535 65536 65537 65538 65540; do
	awk -v n="$off" 'BEGIN {
		s = ""; while (length(s) < n - 3) s = s "x";
		printf "<p>%s</p><p class=\"a > b\" id=y>tail&amp;end</p>", s
		printf "<!-- c --><script>var a=\"</p>\";</script><p>z</p>\n"
	}' >"$TMP/in"
	"$h" -H -A "$TMP/in" >"$TMP/out" || fail=1
	[ "$(sed -n 2p "$TMP/out")" = "tail&end" ] || { echo "offset $off:"; sed -n 2,3p "$TMP/out"; fail=1; }
	[ "$(sed -n 3p "$TMP/out")" = z ] || fail=1
	grep -q '[<>]' "$TMP/out" && { echo "offset $off: markup leaked"; fail=1; }
	# The same tag broken over lines.
	awk -v n="$off" 'BEGIN {
		s = ""; while (length(s) < n) s = s "y";
		printf "%s<a\nhref=\"q\"\n>link</a> text <b\n>bold</b>\n", s
	}' >"$TMP/in2"
	"$h" -T "$TMP/in2" | tail -1 | sed 's/^y*//' >"$TMP/out2" || fail=1
	[ "$(cat "$TMP/out2")" = "link text bold" ] || { echo "lines $off:"; cut -c 1-80 "$TMP/out2"; fail=1; }
done
exit $fail
