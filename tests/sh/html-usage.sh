#!/bin/sh
# The usage of rinse-html -h is the one in the README, and every option it
# lists is in the man page.
h=$BIN/rinse-html
readme=$TOP/README.md
man=$TOP/man/rinse-html.1
"$h" -h >"$TMP/usage" || exit 1
awk '/^### rinse-html/ { on = 1 } on && /^```$/ { n++; next } on && n == 1' \
    "$readme" >"$TMP/readme"
diff -u "$TMP/readme" "$TMP/usage" || { echo "README usage differs"; exit 1; }
for o in A H T e k t M body-only explain h V v z; do
	grep -Eq "^\.It Fl (\\\\-)?$o( |\$)" "$man" ||
	    { echo "man page lacks -$o"; exit 1; }
done
exit 0
