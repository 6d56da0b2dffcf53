# The shape of stages/ (issue 20's acceptance): every .c and .h opens with
# a comment saying what it holds; no file is over 1,000 lines but the
# generated tables (their opening comment says "generated"); no function
# is over 150 lines, counted from the '{' to the '}' that open and close
# it in column 0.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
cd "$TOP" || exit 2

for f in stages/*/*.c stages/*/*.h; do
	head -n 1 "$f" | grep -q '^/\*' || no "$f: no comment opens it"
	n=$(wc -l <"$f")
	if [ "$n" -gt 1000 ] && ! head -n 5 "$f" | grep -q generated; then
		no "$f: $n lines"
	fi
done
awk '/^\{/ { start = FNR }
    /^\}/ && start { if (FNR - start + 1 > 150)
	printf "FAIL: %s:%d: a function of %d lines\n", FILENAME, start,
	    FNR - start + 1
	start = 0 }' stages/*/*.c >"$TMP/long"
[ -s "$TMP/long" ] && { cat "$TMP/long"; fail=1; }
exit $fail
