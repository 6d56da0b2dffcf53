# run.sh writing to a full disk: a tiny tmpfs as the output folder. The
# run stops at once with status 2 and says so; its count of files done is
# the outputs on disk; none is left half-written; nothing is listed as a
# failed file. Needs root (mount); skipped where it cannot mount.
set -u
mnt=$TMP/tiny
mkdir -p "$mnt" "$TMP/in"
mount -t tmpfs -o size=1m tmpfs "$mnt" 2>/dev/null || { echo "skip: cannot mount a tmpfs"; exit 77; }
trap 'umount "$mnt" 2>/dev/null' EXIT
for i in $(seq 1 400); do cp "$TOP/samples/ko-news.txt" "$TMP/in/$i.txt"; done
"$TOP/run.sh" -j 1 -b 20 -o "$mnt/out" "$TMP/in" >"$TMP/o" 2>"$TMP/e"
st=$?
fail=0
[ $st = 2 ] || { echo "FAIL: full disk: want status 2, got $st"; fail=1; }
grep -q "No space left on device" "$TMP/e" || { echo "FAIL: no message: $(cat "$TMP/e")"; fail=1; }
n=$(ls "$mnt"/out/*.txt 2>/dev/null | wc -l)
grep -q "files: $n done" "$TMP/e" || { echo "FAIL: $n outputs on disk; summary: $(grep files: "$TMP/e")"; fail=1; }
[ -s "$mnt/out/.rinse/failed.tsv" ] && { echo "FAIL: a full disk listed as failed files"; fail=1; }
# Whatever output is there is whole.
want=$("$TOP/run.sh" <"$TOP/samples/ko-news.txt")
for f in "$mnt"/out/*.txt; do
	[ -e "$f" ] || continue
	[ "$(cat "$f")" = "$want" ] || { echo "FAIL: partial $(basename "$f")"; fail=1; }
done
ls -a "$mnt/out" | grep -q '\.tmp$' && { echo "FAIL: temporary files left"; fail=1; }
exit $fail
