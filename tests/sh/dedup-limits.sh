# rinse-dedup: the -M cap on what -x remembers, or on what one document
# needs, is reported once and loses no text; per-document state does not
# carry over between documents.
set -u
D=$BIN/rinse-dedup
[ -x "$D" ] || exit 77
fail=0
no() { echo "FAIL: $*"; fail=1; }
cd "$TMP" || exit 2

awk 'BEGIN {
	srand(3)
	nw = split("harbour terminal ferry pier crew tide north south " \
	    "river bridge market council budget school library winter", w)
	for (d = 1; d <= 400; d++) {
		for (i = 1; i <= 5; i++) {
			printf "Document %d, paragraph %d:", d, i
			for (k = 0; k < 12; k++)
				printf " %s", w[1 + int(rand() * nw)]
			printf ".\n"
		}
		printf "%c", 0
	}
}' >in.z

"$D" -z -x -M 64K in.z >out.z 2>err
st=$?
[ $st = 0 ] || no "-x at the cap: exit $st"
[ "$(grep -c 'table would hold more than 64 KiB (-M)' err)" = 1 ] ||
    no "-x at the cap: want one message, got: $(cat err)"
grep -q 'raise the cap with -M' err || no "-x at the cap: no advice"
[ "$(tr -d '\0' <out.z | wc -l)" = 2000 ] ||
    no "-x at the cap: lost paragraphs"

# A cap that each of many documents reaches is reported once, not once
# a document.
awk 'BEGIN {
	for (d = 1; d <= 30; d++) {
		for (i = 1; i <= 1500; i++)
			printf "Document %d has paragraph %d of its own here.\n", d, i
		printf "%c", 0
	}
}' >big.z
"$D" -z -M 64K big.z >out.z 2>err
[ -s err ] || no "per-document cap: no message"
[ -z "$(sort err | uniq -d)" ] ||
    no "per-document cap: repeated: $(sort err | uniq -c | sort -rn | head -3)"
[ "$(tr -d '\0' <out.z | wc -l)" = 45000 ] ||
    no "per-document cap: lost paragraphs"

# Without -x a document does not see the one before it.
printf 'A paragraph that both documents have in common, word for word.\n\0A paragraph that both documents have in common, word for word.\n' |
    "$D" -z >o2
[ "$(tr -d '\0' <o2 | wc -l)" = 2 ] || no "-z: state leaked between records"
exit $fail
