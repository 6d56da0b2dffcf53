# run.sh --warc (issue 19). tests/rec/site.warc.gz was written by
# `wget -r --warc-file` against tests/rec/serve.py (Python's http.server
# over tests/rec/site): a warcinfo, request, response, metadata and
# resource records, two HTML pages (one UTF-8, one EUC-KR whose charset
# only the HTTP header names) and the site root, a text file, a PNG and
# three 404s. Only the three HTML pages come out, as site.want. Then the
# same WARC damaged: a corrupt gzip member, a cut file, a plain WARC with
# a wrong Content-Length in the middle; each damaged record is reported
# and skipped and the records after it are still read. Last, a new WARC
# from wget and http.server run here gives the same texts.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
d=$TOP/tests/rec
cd "$TMP" || exit 2
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }

"$run" --warc -o out <"$d/site.warc.gz" >got 2>err || no "exit $?: $(cat err)"
cmp -s got "$d/site.want" || { no "site.warc.gz"; diff "$d/site.want" got | head; }
grep -q '"url":"http://127.0.0.1:[0-9]*/ko.html".*"text":"[^"]*항구 여객선 겨울 시간표, 월요일부터 적용' got ||
    no "the EUC-KR page"
# The counts: 20 records, 3 pages; the rest skipped by kind.
"$run" --warc -o out2 "$d/site.warc.gz" 2>err2 || no "folder mode: exit $?"
cmp -s out2/site.jsonl "$d/site.want" || no "folder mode output"
grep -q "records: 20 read, 3 written" err2 || no "summary: $(cat err2)"
grep -q "skipped: 12 not responses, 2 not HTML, 3 not 2xx, 0 bad HTTP, 0 too big, 0 damaged" err2 ||
    no "skipped: $(cat err2)"

# Damaged copies, made from the members of the good one.
python3 - "$d/site.warc.gz" <<'PY' || exit 2
import sys, zlib
b = open(sys.argv[1], "rb").read()
pos, members = 0, []
while pos < len(b):
    d = zlib.decompressobj(31)
    d.decompress(b[pos:])
    n = len(b) - pos - len(d.unused_data)
    members.append((pos, n))
    pos += n
# Member 2 is the first page's response: garbage in its middle.
p, n = members[2]
bad = bytearray(b)
bad[p + n // 2:p + n // 2 + 40] = b"\x55" * 40
open("corrupt.warc.gz", "wb").write(bad)
# Cut inside member 8, the EUC-KR page.
p, n = members[8]
open("cut.warc.gz", "wb").write(b[:p + n // 2])
# Plain: 50 bytes gone from the first page's body, so its Content-Length
# runs into the next record.
plain = zlib.decompress(b[members[0][0]:], 31)
rest = b[members[0][1]:]
while rest:
    d = zlib.decompressobj(31)
    plain += d.decompress(rest)
    rest = d.unused_data
i = plain.index(b"The harbour ferries")
open("short.warc", "wb").write(plain[:i] + plain[i + 50:])
open("cutplain.warc", "wb").write(plain[:len(plain) - 30])
PY
line() { sed -n "$1p" "$d/site.want"; }
"$run" --warc -o o3 <corrupt.warc.gz >got3 2>err3
grep -q "corrupt gzip data at byte" err3 || no "corrupt: no message: $(cat err3)"
grep -q "compressed data lost inside it; skipped" err3 || no "corrupt: record not reported: $(cat err3)"
[ "$(cat got3)" = "$(line 2; line 3)" ] || no "corrupt: the records after it: $(cut -c1-80 got3)"
"$run" --warc -o o4 <cut.warc.gz >got4 2>err4
grep -q "gzip stream is truncated" err4 || no "cut: $(cat err4)"
[ "$(cat got4)" = "$(line 1; line 2)" ] || no "cut: the records before it: $(cut -c1-80 got4)"
"$run" --warc -o o5 <short.warc >got5 2>err5
grep -q "no blank lines where its Content-Length ends it; skipped" err5 || no "short: $(cat err5)"
[ "$(cat got5)" = "$(line 2; line 3)" ] || no "short: the records after it: $(cut -c1-80 got5)"
"$run" --warc -o o6 <cutplain.warc >got6 2>err6
grep -q "truncated in its [a-z]*; skipped" err6 || no "cut plain: $(cat err6)"
[ "$(cat got6)" = "$(cat "$d/site.want")" ] || no "cut plain: $(cut -c1-80 got6)"

# A new WARC, written here by wget from http.server.
if ! command -v wget >/dev/null; then
	echo "wget is not installed: the new WARC is not made"
	[ $fail = 0 ] && exit 77
	exit $fail
fi
python3 "$d/serve.py" "$d/site" >port 2>/dev/null &
spid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do [ -s port ] && break; sleep 0.2; done
wget -q -r -l 2 -P dl --warc-file=new "http://127.0.0.1:$(head -1 port)/index.html"
kill $spid
wait $spid 2>/dev/null
"$run" --warc -o o7 new.warc.gz 2>err7 || no "new WARC: exit $?: $(cat err7)"
python3 - "$d/site.want" o7/new.jsonl <<'PY' || no "new WARC: texts differ from site.want"
import json, sys
a, b = ([json.loads(l)["text"] for l in open(p, encoding="utf-8")] for p in sys.argv[1:])
sys.exit(0 if a == b and len(a) == 3 else 1)
PY
exit $fail
