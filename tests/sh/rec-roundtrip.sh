# The round trip of issue 19: for every record, the text run.sh --jsonl
# writes equals what run.sh makes of the same text as a file (plus the
# final newline the JSON field leaves out), and a record it excludes as
# empty is one run.sh makes nothing of. The records are every UTF-8
# sample and golden input of the project without NULs.
set -u
run=$TOP/run.sh
cd "$TMP" || exit 2
command -v python3 >/dev/null || { echo "python3 is not installed"; exit 77; }
python3 - "$TOP" >in.jsonl <<'PY' || exit 2
import glob, json, sys
top = sys.argv[1]
for i, f in enumerate(sorted(glob.glob(top + "/samples/*") + glob.glob(top + "/tests/*/*.in"))):
    b = open(f, "rb").read()
    if b"\0" in b or f.endswith("README.md"):
        continue
    try:
        t = b.decode("utf-8")
    except UnicodeDecodeError:
        continue
    print(json.dumps({"id": i, "path": f[len(top) + 1:], "text": t}, ensure_ascii=False))
PY
"$run" --jsonl -o out <in.jsonl >out.jsonl 2>err || { echo "exit $?"; cat err; exit 1; }
python3 - "$run" in.jsonl out.jsonl out/.rinse/excluded.jsonl <<'PY'
import json, subprocess, sys
run, src, out, excl = sys.argv[1:]
got = {}
for line in open(out, encoding="utf-8"):
    r = json.loads(line)
    got[r["id"]] = r["text"] + "\n"
for line in open(excl, encoding="utf-8"):
    r = json.loads(line)
    got[r["record"]["id"]] = ""
bad = n = 0
for line in open(src, encoding="utf-8"):
    r = json.loads(line)
    want = subprocess.run([run], input=r["text"].encode(), capture_output=True).stdout.decode()
    n += 1
    if got.get(r["id"]) != want:
        bad += 1
        print("FAIL: %s: the record's text differs from run.sh < FILE" % r["path"])
print("%d records, %d differ" % (n, bad))
sys.exit(1 if bad or n < 100 else 0)
PY
