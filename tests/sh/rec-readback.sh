# run.sh --jsonl keeps a plain file's lines out of the side file (rinse-rec
# -S -R): a record that comes out empty is read back from the input (-J
# -I) for the excluded file. It must come out as when the lines were kept
# (a piped input, a gzip file): with a byte-order mark before line 1,
# with standard input read from the middle of a file, in folder mode; and
# an input that changed under the run is said, not written wrong.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
cd "$TMP" || exit 2
printf '\357\273\277{"id":"e1","text":"  \\n\\t","n":0.10}\n' >in.jsonl
printf '{"id":"k2","text":"The harbour ferry keeps its winter hours until March."}\n' >>in.jsonl
printf '{"id":"e3","text":"\\u00a0 ","tags":["a",{"b":null}]}\n' >>in.jsonl
printf '{"id":"k4","text":"Second story: the library opens on Sundays from January."}\n' >>in.jsonl

# The lines kept (a pipe) and read back (a file): the same files.
cat in.jsonl | "$run" --jsonl -o p >p.out 2>p.err || no "pipe: exit $?: $(cat p.err)"
"$run" --jsonl -o f <in.jsonl >f.out 2>f.err || no "file: exit $?: $(cat f.err)"
[ "$(grep -c '"reason":"no text left' p/.rinse/excluded.jsonl)" = 2 ] ||
    no "pipe: two empty records excluded: $(cat p/.rinse/excluded.jsonl)"
grep -q '"record":{"id":"e1","text":"  \\n\\t","n":0.10}' p/.rinse/excluded.jsonl ||
    no "pipe: the record as it came: $(cat p/.rinse/excluded.jsonl)"
cmp -s p.out f.out || no "output differs"
cmp -s p/.rinse/excluded.jsonl f/.rinse/excluded.jsonl ||
    { no "excluded differs when read back"; diff p/.rinse/excluded.jsonl f/.rinse/excluded.jsonl; }

# Standard input opened in the middle of the file (line 1 read before).
tail -n +2 in.jsonl | "$run" --jsonl -o pt >pt.out 2>/dev/null
{ IFS= read -r _; "$run" --jsonl -o ft >ft.out 2>/dev/null; } <in.jsonl
cmp -s pt.out ft.out || no "middle: output differs"
cmp -s pt/.rinse/excluded.jsonl ft/.rinse/excluded.jsonl ||
    { no "middle: excluded differs"; diff pt/.rinse/excluded.jsonl ft/.rinse/excluded.jsonl; }

# Folder mode reads back from the file by its path; gzip keeps the lines.
mkdir -p d
cp in.jsonl d/a.jsonl
gzip -c in.jsonl >d/b.jsonl.gz
"$run" --jsonl -o o d 2>/dev/null || no "folder: exit $?"
sed 's/"file":"[^"]*"//' o/.rinse/excluded.jsonl | sort | uniq -c |
    awk '$1 != 2 { bad = 1 } END { exit bad || NR != 2 }' ||
    no "folder: the plain and the gzip file's excluded records differ: $(cat o/.rinse/excluded.jsonl)"

# The split half kept no line; the join half finds the input changed.
"$BIN/rinse-rec" -S side -R in.jsonl >texts 2>/dev/null || no "split: exit $?"
"$BIN/rinse-rec" -S kept in.jsonl >/dev/null 2>&1 || no "split: exit $?"
# Without -R the side file holds the 4 lines (no mark, no newline) more.
[ $(($(wc -c <kept) - $(wc -c <side))) = $(($(wc -c <in.jsonl) - 3 - 4)) ] ||
    no "split -R kept lines: $(wc -c <side) bytes against $(wc -c <kept)"
sed 's/e1/x1/' in.jsonl >changed.jsonl
"$BIN/rinse-tidy" -z <texts |
    "$BIN/rinse-rec" -J side -I changed.jsonl -x x >/dev/null 2>err
[ $? = 2 ] || no "changed input: want exit 2"
grep -q "changed.jsonl: line 1 is not what it was" err ||
    no "changed input message: $(cat err)"
"$BIN/rinse-tidy" -z <texts | "$BIN/rinse-rec" -J side -x x >/dev/null 2>err
[ $? = 2 ] && grep -q "no -I FILE" err || no "no -I: $(cat err)"
exit $fail
