# run.sh writing to a full disk: a tiny tmpfs as the output folder. The
# outputs that do not fit are reported, none is left half-written, and the
# status is not 0. Needs root (mount); skipped where it cannot mount.
set -u
mnt=$TMP/tiny
mkdir -p "$mnt" "$TMP/in"
mount -t tmpfs -o size=48k tmpfs "$mnt" 2>/dev/null || { echo "skip: cannot mount a tmpfs"; exit 77; }
trap 'umount "$mnt" 2>/dev/null' EXIT
for i in $(seq 1 30); do cp "$TOP/samples/ko-news.txt" "$TMP/in/$i.txt"; done
"$TOP/run.sh" -j 1 -o "$mnt/out" "$TMP/in" >"$TMP/o" 2>"$TMP/e"
st=$?
fail=0
[ $st != 0 ] || { echo "FAIL: full disk gave status 0"; fail=1; }
grep -q "No space left on device\|failed" "$TMP/e" || { echo "FAIL: no message: $(cat "$TMP/e")"; fail=1; }
# Whatever output is there is whole.
want=$("$TOP/run.sh" <"$TOP/samples/ko-news.txt")
for f in "$mnt"/out/*.txt; do
	[ -e "$f" ] || continue
	[ "$(cat "$f")" = "$want" ] || { echo "FAIL: partial $(basename "$f")"; fail=1; }
done
ls -a "$mnt/out" | grep -q '\.tmp$' && { echo "FAIL: temporary files left"; fail=1; }
exit $fail
