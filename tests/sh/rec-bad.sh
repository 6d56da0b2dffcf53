# rinse-rec on input a crawler or a disk can make: HTTP payloads chunked,
# gzip- and deflate-coded (undone), a coding it cannot undo, bad chunks,
# a redirect, XHTML with a charset; WARC headers without Content-Length,
# a Content-Length past the end, binary noise, empty input; JSON Lines
# that are binary, a zstd stream cut short, a line over -M. Every case
# ends with a message and status 0 or 1 from run.sh, the records that
# can be read are, and nothing crashes (under make SAN=1 check, no
# sanitizer report).
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
cd "$TMP" || exit 2
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
san() { grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$1"; }

python3 - <<'PY'
import gzip, zlib
body = b"<html><body><p>%s</p></body></html>"
story = b"The ferry timetable changes on Monday for the winter crossings, the port said."
def rec(http, n):
    head = b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:x:%d>\r\nWARC-Target-URI: http://t/%d\r\nWARC-Date: 2026-12-07T00:00:00Z\r\nContent-Length: %d\r\n\r\n" % (n, n, len(http))
    return head + http + b"\r\n\r\n"
def resp(hdr, b):
    return b"HTTP/1.1 200 OK\r\n" + hdr + b"\r\n" + b
p = body % (story + b" (1)")
chunked = b"".join(b"%x\r\n%s\r\n" % (len(p[i:i+20]), p[i:i+20]) for i in range(0, len(p), 20)) + b"0\r\n\r\n"
recs = [
    resp(b"Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", chunked),
    resp(b"Content-Type: text/html\r\nContent-Encoding: gzip\r\n", gzip.compress(body % (story + b" (2)"))),
    resp(b"Content-Type: text/html\r\nContent-Encoding: deflate\r\n", zlib.compress(body % (story + b" (3)"))),
    resp(b"Content-Type: text/html\r\nContent-Encoding: br\r\n", b"\x1b\x00\x00"),
    resp(b"Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", b"zz\r\nnot a chunk"),
    b"HTTP/1.1 301 Moved\r\nContent-Type: text/html\r\nLocation: /x\r\n\r\n" + body % b"moved",
    resp(b"Content-Type: application/xhtml+xml; charset=EUC-KR\r\n", body % "여객선 겨울 시간표가 월요일부터 바뀐다고 항만 당국이 밝혔다. (4)".encode("euc-kr")),
    b"no http at all",
]
w = b"".join(rec(h, i) for i, h in enumerate(recs))
w += b"WARC/1.0\r\nWARC-Type: response\r\n\r\nno length\r\n\r\n"
w += rec(resp(b"Content-Type: text/html\r\n", body % (story + b" (5)")), 99)
w += b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 999999\r\n\r\nshort"
open("codings.warc", "wb").write(w)
PY
"$run" --warc -o o1 codings.warc 2>e1; st=$?
[ $st -le 1 ] || no "codings: exit $st"
san e1 && no "codings: sanitizer: $(cat e1)"
for k in 1 2 3 4 5; do
	grep -q "winter crossings, the port said. ($k)\|월요일부터 바뀐다고 항만 당국이 밝혔다. ($k)" o1/codings.jsonl ||
	    no "codings: page $k not cleaned: $(cat o1/codings.jsonl e1)"
done
grep -q "a content coding other than gzip or deflate; skipped" e1 || no "br: $(cat e1)"
grep -q "bad chunked transfer coding; skipped" e1 || no "bad chunks: $(cat e1)"
grep -q "no HTTP status line; skipped" e1 || no "no http: $(cat e1)"
grep -q "no Content-Length; skipped" e1 || no "no length: $(cat e1)"
grep -q "truncated in its block; skipped" e1 || no "past the end: $(cat e1)"
grep -q "1 not 2xx" e1 || no "the redirect: $(cat e1)"
grep -q "moved" o1/codings.jsonl && no "a redirect's page was written"

# Noise, empty input, a cut zstd stream, a line over the cap.
head -c 20000 /dev/urandom >noise
: >empty
printf '{"text":"%s"}\n' "$(head -c 6000 /dev/zero | tr '\0' a)" >long.jsonl
python3 -c 'import json; [print(json.dumps({"id": i, "text": "Paragraph %d of a record that is long enough to keep." % i})) for i in range(2000)]' | zstd -q -c | head -c 3000 >cut.zst
for f in noise empty; do
	for m in --jsonl --warc; do
		"$run" $m -o "o-$f$m" <"$f" >/dev/null 2>"e-$f$m"; st=$?
		[ $st -le 1 ] || no "$f $m: exit $st: $(head -3 "e-$f$m")"
		san "e-$f$m" && no "$f $m: sanitizer: $(head "e-$f$m")"
	done
done
grep -q "^rinse-rec: <stdin>:1: not valid JSON" e-noise--jsonl || no "noise: $(head -2 e-noise--jsonl)"
grep -q "no WARC/1.0 or WARC/1.1 line" e-noise--warc || no "noise warc: $(head -2 e-noise--warc)"
"$run" --jsonl -o o2 <cut.zst >got 2>e2; st=$?
[ $st -le 1 ] || no "cut zstd: exit $st"
grep -q "zstd stream is truncated" e2 || no "cut zstd: $(cat e2)"
[ -s got ] || no "cut zstd: the records before the cut are lost"
# A gzip header cut after its flags (the fuzz harness found that the
# search for the next member started past the end of the bytes read).
printf '\037\213\010\371' >tiny.gz
"$BIN/rinse-rec" -S side tiny.gz >/dev/null 2>e6; st=$?
[ $st = 1 ] || no "cut gzip header: exit $st: $(cat e6)"
grep -q "corrupt gzip data at byte 4" e6 || no "cut gzip header: $(cat e6)"
san e6 && no "cut gzip header: sanitizer: $(cat e6)"

# A byte-order mark before the first record (editors on Windows).
printf '\357\273\277{"id":1,"text":"A first record after a byte-order mark, kept."}\n' >bom.jsonl
"$run" --jsonl -o o5 <bom.jsonl >got5 2>e5 || no "BOM: exit $?"
grep -q '^{"id":1,"text":"A first record after a byte-order mark, kept."' got5 ||
    no "BOM: $(cat got5 e5)"
"$BIN/rinse-rec" -M 4K -S side long.jsonl >/dev/null 2>e4; st=$?
[ $st = 1 ] || no "a line over -M: exit $st"
grep -q "a line of 6011 bytes, over the -M cap" e4 || no "over -M: $(cat e4)"
san e4 && no "over -M: sanitizer"

# One gzip member for a whole WARC, its middle garbled: the data lost
# there is a gap the search for the next record stops at, not a wait
# for more that never comes (a hang the fuzzer found; its input is
# tests/fuzz/corpus-rec/timeout-gap-resync, made here as the harness
# makes it: the rest after the first byte, gzipped, its middle third
# xored).
python3 - "$TOP/tests/fuzz/corpus-rec/timeout-gap-resync" <<'PY'
import sys, zlib
data = open(sys.argv[1], "rb").read()[1:]
c = zlib.compressobj(6, zlib.DEFLATED, 31)
z = bytearray(c.compress(data) + c.flush())
for i in range(len(z) // 3, 2 * len(z) // 3):
    z[i] ^= 0x5a
open("garbled.warc.gz", "wb").write(bytes(z))
PY
timeout 60 "$BIN/rinse-rec" -W -S side garbled.warc.gz >/dev/null 2>e7; st=$?
[ $st = 124 ] && no "garbled member: rinse-rec did not end"
[ $st -le 1 ] || no "garbled member: exit $st: $(cat e7)"
san e7 && no "garbled member: sanitizer: $(cat e7)"
exit $fail
