# rinse-dedup -s: the persistent store. Runs on one store see each other's
# paragraphs; two processes at once keep each paragraph exactly once; a
# run killed with SIGKILL leaves a store that opens and holds exactly the
# documents it committed; --expire forgets; bad stores are refused.
set -u
D=$BIN/rinse-dedup
[ -x "$D" ] || exit 77
fail=0
no() { echo "FAIL: $*"; fail=1; }
cd "$TMP" || exit 2

# N documents of P paragraphs, NUL-separated; each paragraph names its
# document and is made of random words, so no two are near-duplicates.
docs() {
	awk -v n="$1" -v p="$2" -v tag="$3" 'BEGIN {
		srand(7)
		nw = split("harbour terminal ferry pier crew tide north " \
		    "south river bridge market council budget school " \
		    "library winter summer station village road port " \
		    "fishing boat lighthouse mayor island storm night", w)
		for (d = 1; d <= n; d++) {
			for (i = 1; i <= p; i++) {
				printf "%s document %d, paragraph %d:", tag, d, i
				for (k = 0; k < 14; k++)
					printf " %s", w[1 + int(rand() * nw)]
				printf ".\n"
			}
			printf "%c", 0
		}
	}'
}

# 1. Across runs: what the first run kept, the second drops.
printf 'First night: the harbour terminal opens next month.\nFirst night: ferry fares stay the same until spring.\n' >n1
printf 'Second night: cleanup crews start on the pier.\nFirst night: the harbour terminal opens next month.\n' >n2
"$D" -s st n1 >o1 2>e1 || no "run 1: exit $?: $(cat e1)"
[ "$(wc -l <o1)" = 2 ] || no "run 1 kept $(wc -l <o1) lines, want 2"
"$D" -s st n2 >o2 2>e2 || no "run 2: exit $?: $(cat e2)"
[ "$(cat o2)" = "Second night: cleanup crews start on the pier." ] ||
    no "run 2 output: $(cat o2)"
"$D" -s st --explain n2 | grep -q "^n2	dedup	stored	.*	line=2 " ||
    no "--explain does not say 'stored'"

# 2. --expire: 1 day keeps today's fingerprints, 0 forgets them all.
"$D" -v -s st --expire 1 </dev/null 2>e3 || no "--expire 1: exit $?"
grep -q "expired=0" e3 || no "--expire 1 forgot something: $(cat e3)"
"$D" -s st n1 | grep -q . && no "--expire 1 forgot today's paragraphs"
"$D" -v -s st --expire=0 </dev/null 2>e4 || no "--expire=0: exit $?"
grep -q "expired=3" e4 || no "--expire=0 did not forget all 3: $(cat e4)"
[ "$("$D" -s st n1 | wc -l)" = 2 ] || no "after --expire=0 not all kept"

# 3. Two processes at once on one store, the same documents in opposite
# order: every paragraph is kept exactly once overall.
docs 100 5 shared >a.z
awk 'BEGIN { RS = "\0" } { r[NR] = $0 } END {
	for (i = NR; i >= 1; i--) printf "%s%c", r[i], 0 }' a.z >b.z
"$D" -z -s par a.z >pa 2>pea &
p1=$!
"$D" -z -s par b.z >pb 2>peb &
p2=$!
wait $p1 || no "parallel run 1: exit $?: $(cat pea)"
wait $p2 || no "parallel run 2: exit $?: $(cat peb)"
tr '\0' '\n' <pa >pall
tr '\0' '\n' <pb >>pall
grep -v '^$' pall | sort | uniq -c | awk '$1 != 1' >pdup
[ -s pdup ] && no "parallel: kept more than once: $(head -3 pdup)"
n=$(grep -vc '^$' pall)
[ "$n" = 500 ] || no "parallel: $n paragraphs kept in all, want 500"

# 4. SIGKILL between documents: the committed ones are in the store, the
# one being read is not. The writer keeps the pipe open after sending
# three documents and half of a fourth.
mkfifo fifo || exit 77
docs 4 3 killed >k.z
"$D" -z -s kst <fifo >ko 2>ke &
pk=$!
exec 3>fifo
awk 'BEGIN { RS = "\0" } NR <= 3 { printf "%s%c", $0, 0 }
    NR == 4 { printf "%s", $0 }' k.z >&3
i=0
# The NUL after document 2 is out once document 3 is written.
while [ "$(tr -cd '\0' <ko | wc -c)" -lt 2 ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
sleep 0.5
kill -9 $pk
exec 3>&-
wait $pk 2>/dev/null
"$D" -z -s kst --explain k.z >kx 2>kxe || no "after SIGKILL: exit $?: $(cat kxe)"
[ "$(grep -c "	stored	killed document [123],.*	line=[0-9]* sim=1.00" kx)" = 9 ] ||
    no "after SIGKILL: documents 1-3 not all in the store: $(cat kx)"
[ "$(grep -c "	keep	killed document 4," kx)" = 3 ] ||
    no "after SIGKILL: document 4 was in the store: $(cat kx)"

# 5. SIGKILL at any moment, in or out of a transaction: each document is
# in the store whole or not at all, and the store opens.
docs 6000 4 burst >burst.z
"$D" -z -s bst burst.z >/dev/null 2>&1 &
pb=$!
sleep 0.3
kill -9 $pb 2>/dev/null
wait $pb 2>/dev/null
"$D" -z -s bst --explain burst.z >bx 2>bxe || no "burst: exit $?: $(cat bxe)"
tr '\0' '\n' <bx | awk -F'\t' 'NF >= 4 {
	split($4, w, ","); v = ($3 == "stored")
	if (w[1] in seen && seen[w[1]] != v) bad++
	seen[w[1]] = v } END { exit (bad > 0) }' ||
    no "burst: a document is half in the store"

# 6. A store that is not one, or of another format, is refused and left
# as it was.
echo 'not a database' >junk
cp junk junk.orig
"$D" -s junk n1 >/dev/null 2>je
[ $? = 2 ] || no "junk store: want exit 2"
grep -q "junk: store is corrupt or not an LMDB file" je ||
    no "junk store message: $(cat je)"
cmp -s junk junk.orig || no "junk store was changed"
"$D" -s old n1 >/dev/null || no "old: exit $?"
LC_ALL=C sed 's/rinse-dedup-store 4 norm 1/rinse-dedup-store 9 norm 1/' \
    old >old2 && mv old2 old && rm -f old-lock
cp old old.orig
"$D" -s old n1 >/dev/null 2>oe
[ $? = 2 ] || no "other format: want exit 2"
grep -q "old: store has format 'rinse-dedup-store 9 norm 1'" oe ||
    no "other format message: $(cat oe)"
cmp -s old old.orig || no "other-format store was changed"
mkdir sdir
"$D" -s sdir n1 >/dev/null 2>/dev/null
[ $? = 2 ] || no "directory as store: want exit 2"

# 7. A truncated store (SIGBUS when mapped) and an empty file where a
# store was expected are refused with a message, and left as they are.
docs 300 6 big | "$D" -z -s full >/dev/null || no "big store: exit $?"
cp full cut && truncate -s 8192 cut && rm -f cut-lock
cp cut cut.orig
echo 'A paragraph for the truncated store, long enough to count.' |
    "$D" -s cut >/dev/null 2>ce
st=$?
[ $st = 2 ] || no "truncated store: want exit 2, got $st"
grep -q "cut: store is truncated" ce || no "truncated store message: $(cat ce)"
cmp -s cut cut.orig || no "truncated store was changed"
: >empty
echo x | "$D" -s empty >/dev/null 2>ee
[ $? = 2 ] || no "empty store: want exit 2"
grep -q "empty: store is an empty file" ee || no "empty store message: $(cat ee)"
[ -s empty ] && no "empty store was rebuilt"

# 8. The map fits the machine: a small store opens under a 1 GB ulimit -v
# (not under ASan, whose shadow memory needs more).
[ "${SAN:-}" = 1 ] || ( ulimit -v 1048576 2>/dev/null || exit 0
  echo 'One more paragraph under a small address-space limit.' |
      "$D" -s full >/dev/null 2>ue ) || no "store under ulimit -v: $(cat ue)"

# 9. Owners: a document done again under its own name keeps what it
# recorded itself; another name still finds it seen.
printf 'own/a\0own/b\0' >ids
docs 2 4 own >own.z
"$D" -z -s ost --ids ids own.z >own1 || no "owners: exit $?"
"$D" -z -s ost --ids ids own.z >own2 || no "owners again: exit $?"
cmp -s own1 own2 || no "a document done again lost its own paragraphs"
[ "$(tr -d '\0' <own2 | wc -l)" = 8 ] || no "owners: want 8 lines"
printf 'own/c\0own/d\0' >ids2
"$D" -z -s ost --ids ids2 own.z | tr -d '\0' | grep -q . &&
    no "another document kept paragraphs the store holds"
# 9b. Processes that start a new store at the same moment all open it:
# one of them makes it, the others wait for it, none takes the file it
# is making for an empty one.
for round in 1 2 3; do
	rm -f race race-lock
	for k in 1 2 3 4; do
		(echo "paragraph of the race number $k in round $round" |
		    "$D" -s race >/dev/null 2>race.$k; echo $? >race.$k.st) &
	done
	wait
	for k in 1 2 3 4; do
		[ "$(cat race.$k.st)" = 0 ] ||
		    no "new store race $round/$k: exit $(cat race.$k.st): $(cat race.$k)"
	done
done
# 10. A full disk under the store is named as such (needs a tmpfs mount).
mkdir tfs
if mount -t tmpfs -o size=512k tmpfs tfs 2>/dev/null; then
	docs 60 400 full | "$D" -z -s tfs/s.mdb >/dev/null 2>fe
	st=$?
	umount tfs
	[ $st = 2 ] || no "full disk: want exit 2, got $st"
	grep -q "no space left on the store's disk" fe || no "full disk message: $(cat fe)"
fi
exit $fail
