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
# usage: sh bench/rec.sh [REPEAT]     (default 10)
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
# median CMD: the median run of RUNS by CPU time, after a warm-up.
median() {
	cpu_wall "$1" >/dev/null
	for i in $(seq "$RUNS"); do cpu_wall "$1"; done | sort -n |
	    awk '{ c[NR] = $1; w[NR] = $2 } END { m = int((NR + 1) / 2); print c[m], w[m] }'
}
run=$TOP/run.sh
o=$D/out
tz=$(median "'$run' -z <'$D/t.z'")
tj=$(median "'$run' --jsonl -o '$o' <'$D/t.jsonl'")
pz=$(median "'$run' -z <'$D/p.z'")
pw=$(median "'$run' --warc -o '$o' <'$D/p.warc.gz'")
gzip -dc "$D/p.warc.gz" >"$D/p.warc"
pp=$(median "'$run' --warc -o '$o' <'$D/p.warc'")
printf '| input | records | plain -z chain, records/s (CPU; wall) | container, records/s (CPU; wall) | container cost (CPU; wall) |\n'
printf '| --- | --- | --- | --- | --- |\n'
row() {
	echo "$1 $2 $3 $4" | awk -v name="$5" '{
		printf "| %s | %d | %.0f; %.0f | %.0f; %.0f | %+.1f%%; %+.1f%% |\n",
		    name, $1, $1 / $2, $1 / $3, $1 / $4, $1 / $5,
		    ($4 - $2) / $2 * 100, ($5 - $3) / $3 * 100 }'
}
echo "$nt $tz $tj" | { read -r n a b c d; row "$n" "$a $b" "$c" "$d" "run.sh --jsonl, article texts"; }
echo "$np $pz $pw" | { read -r n a b c d; row "$n" "$a $b" "$c" "$d" "run.sh --warc, .warc.gz pages"; }
echo "$np $pz $pp" | { read -r n a b c d; row "$n" "$a $b" "$c" "$d" "run.sh --warc, the same .warc uncompressed"; }
