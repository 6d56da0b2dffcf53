# What every stage does alike (DESIGN.md): -h, -V, usage errors, files
# that cannot be read, output that cannot be written.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }

for bin in "$BIN"/rinse-*; do
	[ -x "$bin" ] || continue
	p=$(basename "$bin")

	"$bin" -h >"$TMP/h" 2>&1 || no "$p -h: exit $?"
	grep -q "^usage: $p " "$TMP/h" || no "$p -h: no usage line"

	"$bin" -V >"$TMP/v" 2>&1 || no "$p -V: exit $?"
	grep -q "^$p [0-9]" "$TMP/v" || no "$p -V: no version"

	"$bin" -Q </dev/null >"$TMP/o" 2>"$TMP/e"
	[ $? = 2 ] || no "$p -Q: want exit 2"
	grep -q "usage: $p " "$TMP/e" || no "$p -Q: no usage on stderr"
	[ -s "$TMP/o" ] && no "$p -Q: wrote to stdout"

	# a long option no stage has, and one that needs a value without it
	"$bin" --no-such-option </dev/null >"$TMP/o" 2>"$TMP/e"
	[ $? = 2 ] || no "$p --no-such-option: want exit 2"
	grep -q "usage: $p " "$TMP/e" || no "$p --no-such-option: no usage"
done
for p in rinse-html rinse-ads rinse-dedup; do
	"$BIN/$p" --explain-log </dev/null >/dev/null 2>"$TMP/e"
	[ $? = 2 ] || no "$p --explain-log without a file: want exit 2"
	grep -q "^$p: --explain-log needs a value" "$TMP/e" ||
	    no "$p --explain-log without a file: $(head -1 "$TMP/e")"
	echo "Text." | "$BIN/$p" --explain-log="$TMP/log" >/dev/null 2>&1 ||
	    no "$p --explain-log=FILE: exit $?"
	echo "Text." | "$BIN/$p" -- --explain >/dev/null 2>"$TMP/e"
	[ $? = 2 ] || no "$p -- --explain: the file --explain, want exit 2"
done

# The pipeline stages: files, directories, standard input, full disks.
for p in rinse-enc rinse-html rinse-ads rinse-dedup rinse-tidy; do
	bin=$BIN/$p
	[ -x "$bin" ] || continue

	"$bin" "$TMP/missing" >/dev/null 2>"$TMP/e"
	[ $? = 2 ] || no "$p missing file: want exit 2"
	grep -q "^$p: $TMP/missing: No such file or directory" "$TMP/e" ||
	    no "$p missing file: message: $(cat "$TMP/e")"

	"$bin" "$TMP" >/dev/null 2>"$TMP/e"
	[ $? = 2 ] || no "$p directory: want exit 2"
	grep -q "^$p: $TMP: is a directory" "$TMP/e" ||
	    no "$p directory: message: $(cat "$TMP/e")"

	if [ -w /dev/full ]; then
		printf 'Some text for %s.\n' "$p" | "$bin" >/dev/full 2>"$TMP/e"
		[ $? = 2 ] || no "$p >/dev/full: want exit 2"
		grep -q "No space left on device" "$TMP/e" ||
		    no "$p >/dev/full: message: $(cat "$TMP/e")"
	fi

	# A file and standard input in one call, in order.
	printf 'From the file, a sentence.\n' >"$TMP/f1"
	printf 'From standard input, a sentence.\n' |
	    "$bin" "$TMP/f1" - >"$TMP/o" 2>"$TMP/e" || no "$p FILE -: exit $?"
	grep -q "From the file" "$TMP/o" && grep -q "From standard input" "$TMP/o" ||
	    no "$p FILE -: output: $(cat "$TMP/o")"
done
exit $fail
