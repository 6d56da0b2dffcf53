# run.sh over folders: outputs, incremental runs, -f, --dry-run, .gz,
# failures isolated, the lock, an unwritable output folder, stdin mode.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
in=$TMP/in out=$TMP/out

mkdir -p "$in/a/b"
printf 'First story line.\n\nSecond   story line.\n' >"$in/one.txt"
printf 'Deep file text.\n' >"$in/a/b/deep.html"
printf 'Compressed text here.\n' | gzip >"$in/a/packed.txt.gz"
printf 'PK\003\004\000\000binary\000\377\376' >"$in/a/bad.zip"

"$run" -o "$out" "$in" 2>"$TMP/err"
st=$?
[ $st = 1 ] || no "one binary file: want exit 1, got $st: $(cat "$TMP/err")"
[ -f "$out/one.txt" ] || no "one.txt missing"
[ -f "$out/a/b/deep.txt" ] || no "a/b/deep.txt missing (extension replaced)"
grep -q "Compressed text here." "$out/a/packed.txt" 2>/dev/null || no ".gz input"
[ -e "$out/a/bad.txt" ] && no "binary file has an output"
grep -q "bad.zip" "$out/.rinse/failed.tsv" || no "failed.tsv: $(cat "$out/.rinse/failed.tsv")"
grep -q "files: 3 done, 0 skipped, 1 failed" "$TMP/err" || no "summary: $(cat "$TMP/err")"
ls -a "$out" "$out/a" | grep -q '\.tmp$' && no "temporary files left"

# The second run skips what is up to date; -f redoes it.
rm "$in/a/bad.zip"
"$run" -o "$out" "$in" 2>"$TMP/err" || no "second run: exit $?"
grep -q "files: 0 done, 3 skipped, 0 failed" "$TMP/err" || no "incremental: $(cat "$TMP/err")"
touch "$in/one.txt"
"$run" -o "$out" "$in" 2>"$TMP/err"
grep -q "files: 1 done, 2 skipped" "$TMP/err" || no "touched file: $(cat "$TMP/err")"
"$run" -f -o "$out" "$in" 2>"$TMP/err"
grep -q "files: 3 done, 0 skipped" "$TMP/err" || no "-f: $(cat "$TMP/err")"
"$run" -n -f -o "$out" "$in" >"$TMP/o" 2>&1
grep -q "one.txt -> $out/one.txt" "$TMP/o" || no "--dry-run: $(cat "$TMP/o")"

# --log appends the summary with a timestamp.
"$run" -f --log "$TMP/log" -o "$out" "$in" 2>/dev/null
"$run" -f --log "$TMP/log" -o "$out" "$in" 2>/dev/null
[ "$(grep -c '^files: ' "$TMP/log")" = 2 ] || no "--log: $(cat "$TMP/log")"
grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$TMP/log" || no "--log: no timestamp"

# A run that finds the lock taken does nothing and says so.
(
	flock 9
	"$run" -f -o "$out" "$in" >"$TMP/o" 2>&1
	echo "status $?" >>"$TMP/o"
) 9>"$out/.rinse/lock"
grep -q "being written by another run" "$TMP/o" || no "lock: $(cat "$TMP/o")"
grep -q "status 0" "$TMP/o" || no "lock: status"

# An output folder that cannot be made.
"$run" -o /proc/rinse-cannot "$in" 2>"$TMP/err"
[ $? = 2 ] || no "unwritable output folder: want exit 2"
grep -q "cannot create the output folder" "$TMP/err" || no "unwritable: $(cat "$TMP/err")"

# Filter mode, and options passed to one stage.
printf 'a  b\n\n\nc\n' | "$run" >"$TMP/o" || no "filter mode: exit $?"
[ "$(cat "$TMP/o")" = "a b
c" ] || no "filter mode: $(cat "$TMP/o")"
printf 'a\nb\n' | "$run" --stages tidy --tidy -p >"$TMP/o"
[ "$(cat "$TMP/o")" = "a

b" ] || no "--tidy -p: $(cat "$TMP/o")"
"$run" --stages nope </dev/null 2>/dev/null
[ $? = 2 ] || no "--stages nope: want exit 2"

# Two inputs that map to one output name: neither is lost; both keep
# their extension, whatever order they are listed in.
mkdir -p "$TMP/coll"
printf 'From the page.\n' >"$TMP/coll/x.html"
printf 'From the text.\n' >"$TMP/coll/x.txt"
ln -s "$in/one.txt" "$TMP/coll/linked.txt"
"$run" -o "$TMP/collout" "$TMP/coll" 2>/dev/null
cat "$TMP/collout/x.html.txt" "$TMP/collout/x.txt.txt" 2>/dev/null | sort >"$TMP/o"
[ "$(cat "$TMP/o")" = "From the page.
From the text." ] || no "colliding names: $(ls "$TMP/collout")"
[ -f "$TMP/collout/linked.txt" ] || no "a symbolic link to a file is an input"

# GNU parallel on this machine (":") runs the same batches.
if command -v parallel >/dev/null; then
	rm -rf "$TMP/out2"
	"$run" -S : --remote "$run" -o "$TMP/out2" "$in" 2>"$TMP/err" || no "-S :: exit $?: $(cat "$TMP/err")"
	for f in one.txt a/b/deep.txt a/packed.txt; do
		cmp -s "$out/$f" "$TMP/out2/$f" || no "-S :: $f differs"
	done
fi
# A host that drops the connection half-way through a batch (ssh exits
# 255 after part of the result): the batch runs again on the next host
# and what the first sent is not kept.
cat >"$TMP/fakessh" <<'EOC'
#!/bin/sh
host=$1; shift
case "$*" in *" -V") exec sh -c "$*" ;; esac
if [ "$host" = flaky ]; then sh -c "$*" | head -c 100; exit 255; fi
exec sh -c "$*"
EOC
chmod +x "$TMP/fakessh"
rm -rf "$TMP/out3"
RINSE_SSH=$TMP/fakessh "$run" -j 1 -S flaky,good --remote "$run" -o "$TMP/out3" "$in" 2>"$TMP/err" ||
    no "-S with a flaky host: exit $?: $(cat "$TMP/err")"
for f in one.txt a/b/deep.txt a/packed.txt; do
	cmp -s "$out/$f" "$TMP/out3/$f" || no "-S with a flaky host: $f differs"
done
grep -q "flaky: cannot be reached; the batch goes to the next host" "$TMP/err" ||
    no "-S with a flaky host: no message: $(cat "$TMP/err")"
exit $fail
