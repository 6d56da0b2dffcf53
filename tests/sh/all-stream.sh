# With -z each stage answers a document as soon as it has it: a program
# that writes one document and waits for the result (a stage used as a
# co-process) gets it before it sends more or closes the input. The NUL
# after a record once sat in the stage's output buffer until more input
# came, and such a program waited forever.
set -u
fail=0
mkfifo "$TMP/in" "$TMP/out" || exit 2
doc='Hello there, a short document of words.'
for s in enc html ads dedup tidy; do
	bin=$BIN/rinse-$s
	[ -x "$bin" ] || continue
	"$bin" -z <"$TMP/in" >"$TMP/out" &
	pid=$!
	exec 3>"$TMP/in"
	printf '%s\n\0' "$doc" >&3
	# 41 bytes: the document, its newline and the NUL.
	got=$(timeout 10 head -c 41 <"$TMP/out" | tr '\0' @)
	exec 3>&-
	wait $pid
	want=$(printf '%s\n@' "$doc")
	[ "$got" = "$want" ] || {
		echo "FAIL: rinse-$s -z kept a finished document: got '$got'"
		fail=1
	}
done
exit $fail
