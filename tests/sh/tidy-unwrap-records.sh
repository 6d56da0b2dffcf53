# rinse-tidy -z -u, as run.sh runs it, answers a document as soon as it
# has it, as every stage does with -z (all-stream.sh): -u holds the lines
# of a document until its end, never past it. A document of wrapped lines
# is sent, and its joined paragraph must come back before more is sent.
set -u
mkfifo "$TMP/in" "$TMP/out" || exit 2
"$BIN/rinse-tidy" -z -u <"$TMP/in" >"$TMP/out" &
pid=$!
exec 3>"$TMP/in"
printf 'The harbor authority said on Friday that\ncargo volumes rose 12 percent in the first\ntwo months of the year, helped by routes\nto three southern ports and new cranes.\n\0' >&3
want='The harbor authority said on Friday that cargo volumes rose 12 percent in the first two months of the year, helped by routes to three southern ports and new cranes.'
# The paragraph, its newline and the NUL.
got=$(timeout 10 head -c $((${#want} + 2)) <"$TMP/out" | tr '\0' @)
exec 3>&-
wait $pid
[ "$got" = "$want
@" ] || { echo "FAIL: rinse-tidy -z -u kept a finished document: got '$got'"; exit 1; }
exit 0
