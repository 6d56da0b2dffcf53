#!/bin/sh
# The cost of the record containers (issue 19): run.sh --jsonl and
# run.sh --warc against the plain -z chain (run.sh -z) on the same texts,
# in records a second and as a ratio, in one run. JSON Lines: the
# article texts of ../shared/eval/scrapinghub (*.txt) and ../shared/seeds,
# repeated REPEAT times; WARC: the scrapinghub pages (*.html) as response
# records of a .warc.gz (a gzip member a record) against the same pages
# as a -z stream. Times are CPU seconds (user + system of every process)
# and wall seconds, the median of RUNS runs; the container's share is
# (container - plain) / plain.
#
# usage: [BASE=DIR] sh bench/rec.sh [REPEAT]     (default 10)
# BASE: another build tree (bin/ and run.sh) measured in the same run.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
REP=${1:-10}
SH=$TOP/../shared/eval/scrapinghub
[ -d "$SH" ] || { echo "bench/rec.sh: no $SH" >&2; exit 2; }
D=$(mktemp -d "${TMPDIR:-/tmp}/rinse-rec-bench.XXXXXX")
trap 'rm -rf "$D"' EXIT INT TERM

python3 - "$SH" "$TOP/../shared/seeds" "$REP" "$D" <<'PY'
import glob, gzip, io, json, os, sys, uuid
sh, seeds, rep, d = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
texts = []
for f in sorted(glob.glob(sh + "/*.txt")) + sorted(glob.glob(seeds + "/*.txt")):
    try:
        texts.append(open(f, encoding="utf-8").read())
    except UnicodeDecodeError:
        pass
pages = [open(f, "rb").read() for f in sorted(glob.glob(sh + "/*.html"))]
pages = [p for p in pages if b"\0" not in p]
with open(d + "/t.jsonl", "w", encoding="utf-8") as j, open(d + "/t.z", "w", encoding="utf-8") as z:
    for r in range(rep):
        for i, t in enumerate(texts):
            j.write(json.dumps({"id": "%d-%d" % (r, i), "source": "bench", "text": t}, ensure_ascii=False) + "\n")
            z.write(t.replace("\0", "") + "\0")
with open(d + "/p.warc.gz", "wb") as w, open(d + "/p.z", "wb") as z:
    for r in range(rep):
        for i, p in enumerate(pages):
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(p) + p
            head = ("WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
                    "WARC-Target-URI: http://example.org/%d/%d\r\nWARC-Date: 2026-12-07T00:00:00Z\r\n"
                    "Content-Type: application/http;msgtype=response\r\nContent-Length: %d\r\n\r\n"
                    % (uuid.uuid4(), r, i, len(http))).encode()
            w.write(gzip.compress(head + http + b"\r\n\r\n"))
            z.write(p + b"\0")
print(len(texts) * rep, len(pages) * rep)
PY
nt=$(tr -cd '\000' <"$D/t.z" | wc -c)
np=$(tr -cd '\000' <"$D/p.z" | wc -c)

# cpu_wall CMD: "CPU WALL" seconds of one run, every child counted.
cpu_wall() {
	/usr/bin/time -f "%U %S %e" sh -c "$1" 2>&1 >/dev/null | tail -1 |
	    awk '{ printf "%.3f %.3f\n", $1 + $2, $3 }'
}
# medians CMD...: "CPU WALL" of each command, the median of RUNS runs by
# CPU time, after a warm-up; the commands take turns, so that a change in
# the machine's load touches them alike.
medians() {
	local i k c
	for k in $(seq $#); do : >"$D/t.$k"; done
	for c in "$@"; do cpu_wall "$c" >/dev/null; done
	for i in $(seq "$RUNS"); do
		k=0
		for c in "$@"; do
			k=$((k + 1))
			cpu_wall "$c" >>"$D/t.$k"
		done
	done
	for k in $(seq $#); do
		sort -n "$D/t.$k" | awk '{ c[NR] = $1; w[NR] = $2 }
		    END { m = int((NR + 1) / 2); printf "%s %s ", c[m], w[m] }'
	done
	echo
}
o=$D/out
gzip -dc "$D/p.warc.gz" >"$D/p.warc"
# TREE: the run.sh measured; BASE=DIR adds a tree to compare, in the
# same turns (its rows are marked "BASE").
trees=$TOP
[ -n "${BASE:-}" ] && trees="$TOP $BASE"
printf '| input | records | plain -z chain, records/s (CPU; wall) | container, records/s (CPU; wall) | container cost (CPU; wall) |\n'
printf '| --- | --- | --- | --- | --- |\n'
row() {
	echo "$1 $2 $3 $4" | awk -v name="$5" '{
		printf "| %s | %d | %.0f; %.0f | %.0f; %.0f | %+.1f%%; %+.1f%% |\n",
		    name, $1, $1 / $2, $1 / $3, $1 / $4, $1 / $5,
		    ($4 - $2) / $2 * 100, ($5 - $3) / $3 * 100 }'
}
# case N NAME PLAIN-INPUT CONTAINER-ARGS: one row a tree.
case_() {
	n=$1 name=$2 pin=$3 cargs=$4
	set --
	for t in $trees; do
		set -- "$@" "'$t/run.sh' -z <'$pin'" "'$t/run.sh' $cargs -o '$o'"
	done
	res=$(medians "$@")
	set -- $res
	for t in $trees; do
		mark=; [ "$t" = "$TOP" ] || mark="BASE: "
		row "$n" "$1 $2" "$3" "$4" "$mark$name"
		shift 4
	done
}
case_ "$nt" "run.sh --jsonl, article texts" "$D/t.z" "--jsonl <'$D/t.jsonl'"
case_ "$np" "run.sh --warc, .warc.gz pages" "$D/p.z" "--warc <'$D/p.warc.gz'"
case_ "$np" "run.sh --warc, the same .warc uncompressed" "$D/p.z" "--warc <'$D/p.warc'"
