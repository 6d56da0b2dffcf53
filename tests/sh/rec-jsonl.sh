# run.sh --jsonl (issue 19): JSON Lines in and out, as a filter and over
# a folder of plain, gzip and zstd files. Golden files in tests/rec/:
# mixed.jsonl (extra and nested fields, numbers, unicode escapes, a bad
# line, a missing field, a field that is no string, a record that comes
# out empty, an integer beyond 64 bits, invalid UTF-8, CRLF, an old
# "rinse" object, a \u0000, trailing garbage, a cut line) gives
# mixed.want, mixed.excluded and the messages of mixed.err.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
d=$TOP/tests/rec
cd "$TMP" || exit 2
command -v zstd >/dev/null || { echo "zstd is not installed"; exit 77; }

# Filter mode: stdin to stdout, the excluded file in OUTDIR/.rinse.
"$run" --jsonl -o out <"$d/mixed.jsonl" >got 2>err || no "filter: exit $?"
cmp -s got "$d/mixed.want" || { no "filter output"; diff "$d/mixed.want" got | head; }
cmp -s err "$d/mixed.err" || { no "filter messages"; diff "$d/mixed.err" err | head; }
cmp -s out/.rinse/excluded.jsonl "$d/mixed.excluded" ||
    { no "excluded"; diff "$d/mixed.excluded" out/.rinse/excluded.jsonl | head; }
# Every line is a record written or a line excluded, never lost.
n_in=$(grep -c . "$d/mixed.jsonl")
n_out=$(($(wc -l <got) + $(wc -l <out/.rinse/excluded.jsonl)))
[ "$n_in" = "$n_out" ] || no "$n_in lines in, $n_out written or excluded"

# A folder: files map to files, compressed as they came (by content: the
# zstd file's name says nothing).
mkdir -p in/sub
cp "$d/mixed.jsonl" in/plain.jsonl
gzip -c "$d/mixed.jsonl" >in/sub/g.jsonl.gz
zstd -q -c "$d/mixed.jsonl" >in/z.data
"$run" --jsonl -j 2 -o out2 in 2>err2 || no "folder: exit $?: $(cat err2)"
cmp -s out2/plain.jsonl "$d/mixed.want" || no "plain file"
[ "$(head -c2 out2/sub/g.jsonl.gz | od -An -tx1 | tr -d ' ')" = 1f8b ] ||
    no "the gzip input's output is not gzip"
gzip -dc out2/sub/g.jsonl.gz | cmp -s - "$d/mixed.want" || no "gzip file"
zstd -q -dc out2/z.data | cmp -s - "$d/mixed.want" || no "zstd file"
[ "$(wc -l <out2/.rinse/excluded.jsonl)" = 24 ] ||
    no "excluded: $(wc -l <out2/.rinse/excluded.jsonl) lines, want 24"
grep -q '"file":"in/sub/g.jsonl.gz","line":3,"reason":"not valid JSON"' \
    out2/.rinse/excluded.jsonl || no "excluded names no file and line"
grep -q "^rinse-rec: in/z.data:4: no field \"text\"" err2 || no "message: $(cat err2)"
grep -q "^files: 3 done, 0 failed; records: 39 read, 15 written, 24 excluded" err2 ||
    no "summary: $(grep files: err2)"

# Names that would meet stop the run before anything is read; a bad
# option of a stage is said once, nothing done.
mkdir -p c/a c/b
cp "$d/mixed.jsonl" c/a/m.jsonl
cp "$d/mixed.jsonl" c/b/m.jsonl
"$run" --jsonl -o out5 c/a/m.jsonl c/b/m.jsonl 2>err5
[ $? = 2 ] && grep -q "would both write out5/m.jsonl; nothing done" err5 ||
    no "names that meet: $(cat err5)"
[ -e out5/m.jsonl ] && no "names that meet: an output was written"
"$run" --jsonl --ads "-r /nonexistent.rules" -o out6 in 2>err6
[ $? = 2 ] && [ "$(grep -c nonexistent err6)" = 1 ] ||
    no "a bad option: $(cat err6)"

# --field names another field; a gzip stream cut short is said, and what
# came before it is kept.
printf '{"body":"Another field holds the text of this record.","id":1}\n' >f.jsonl
"$run" --jsonl --field body -o out3 <f.jsonl >got3 2>/dev/null || no "--field: exit $?"
grep -q '^{"body":"Another field holds the text of this record.","id":1,"rinse"' got3 ||
    no "--field: $(cat got3)"
gzip -c "$d/mixed.jsonl" | head -c 300 >cut.gz
"$run" --jsonl -o out4 <cut.gz >got4 2>err4
grep -q "truncated" err4 || no "a cut gzip stream is not reported: $(cat err4)"
[ -s got4 ] || no "a cut gzip stream lost its first records"
exit $fail
