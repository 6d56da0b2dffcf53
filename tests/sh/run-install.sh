# make install: installed tools find their rules under their own prefix
# (BIN/../share/rinse/rules), also after `make install PREFIX=...` of a
# plain `make` and when staged with DESTDIR and moved; a rules folder that
# happens to sit near an install is never read; the installed rinse-run
# gives the outputs of run.sh.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
cd "$TMP" || exit 2
command -v make >/dev/null || { echo "skip: no make"; exit 77; }
want=$("$BIN/rinse-ads" -l | wc -l)

make -s -C "$TOP" install PREFIX="$TMP/x" >log 2>&1 || { no "make install: $(tail -3 log)"; exit 1; }
printf 'Advertisement\nThe ferry timetable changes on Monday for the winter.\n' >doc
"$TMP/x/bin/rinse-ads" doc >out 2>err || no "installed rinse-ads: exit $?: $(cat err)"
[ "$(cat out)" = "The ferry timetable changes on Monday for the winter." ] ||
    no "installed rinse-ads: $(cat out)"
[ "$("$TMP/x/bin/rinse-ads" -l | wc -l)" = "$want" ] || no "installed rinse-ads -l: not the bundled rules"

# A stray rules folder beside the prefix (BIN/../../rules) is not read.
mkdir rules && echo 'drop .' >rules/x.rules
"$TMP/x/bin/rinse-ads" doc | grep -q ferry || no "a stray ../../rules replaced the bundled rules"
"$TMP/x/bin/rinse-ads" -l | grep -q 'x.rules' && no "-l lists the stray rules"

# Staged with DESTDIR and moved where it runs.
make -s -C "$TOP" install DESTDIR="$TMP/stage" PREFIX=/opt/rinse >log 2>&1 ||
    { no "make install DESTDIR: $(tail -3 log)"; exit 1; }
mv "$TMP/stage/opt/rinse" "$TMP/moved"
[ "$("$TMP/moved/bin/rinse-ads" -l | wc -l)" = "$want" ] || no "DESTDIR-staged rinse-ads finds no rules"

# The installed driver, its man pages.
mkdir in && cp doc in/doc.txt
"$TMP/x/bin/rinse-run" -o o1 in 2>err || no "rinse-run: exit $?: $(cat err)"
"$TOP/run.sh" -o o2 in 2>/dev/null
cmp -s o1/doc.txt o2/doc.txt || no "rinse-run and run.sh differ"
for m in rinse-run rinse-batch rinse-ads; do
	[ -f "$TMP/x/share/man/man1/$m.1" ] || no "man page $m.1 not installed"
done
exit $fail
