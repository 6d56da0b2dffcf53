# run.sh output names and the incremental check: names that would meet
# keep their extension or stop the run up front; odd names; the output
# folder is never read as input (also through a symbolic link); a refused
# file has no output and stays failed; an input changed while the run read
# it is redone next time; other options redo everything.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
cd "$TMP" || exit 2
story() { printf 'The council approved the harbour budget on %s.\n' "$1"; }

# a and a.gz in one folder: both kept, by their whole names.
mkdir d && story plain >d/a && story packed | gzip >d/a.gz
"$run" -o o1 d 2>err || no "a and a.gz: exit $?: $(cat err)"
grep -q plain o1/a.txt 2>/dev/null || no "a: $(ls o1)"
grep -q packed o1/a.gz.txt 2>/dev/null || no "a.gz: $(ls o1)"

# Two file arguments with one name: refused before anything is read.
mkdir d1 d2 && story one >d1/a.txt && story two >d2/a.txt
"$run" -o o2 d1/a.txt d2/a.txt 2>err
st=$?
[ $st = 2 ] || no "d1/a.txt d2/a.txt: want exit 2, got $st"
grep -q "d1/a.txt and d2/a.txt would both write" err || no "clash message: $(cat err)"
ls o2/*.txt >/dev/null 2>&1 && no "clash: outputs written"

# A name that looks like an option.
mkdir d3 && story dash >d3/-x.txt
"$run" -o o3 d3 2>err || no "-x.txt in a folder: exit $?"
grep -q dash o3/-x.txt 2>/dev/null || no "-x.txt in a folder: $(ls -a o3)"
(cd d3 && "$run" -o ../o4 -- -x.txt 2>../err) || no "-- -x.txt: exit $?: $(cat err)"
grep -q dash o4/-x.txt 2>/dev/null || no "-- -x.txt: $(ls -a o4)"

# The output folder inside the input folder, three runs; and reached
# through a symbolic link to the input folder.
mkdir crawl && story crawl >crawl/page.txt && ln -s ../crawl crawl/again
for i in 1 2 3; do "$run" -o crawl/clean crawl 2>err || no "run $i into crawl/clean: exit $?"; done
[ -e crawl/clean/clean ] && no "the output folder was read as input"
[ -e crawl/clean/again/clean ] && no "the output folder was read through a link"
ls crawl/clean | grep -qv '^page.txt$' && no "crawl/clean holds: $(ls crawl/clean)"
ln -s crawl c2
"$run" -o c2/clean crawl 2>err && "$run" -o c2/clean crawl 2>err || no "c2/clean: exit $?"
grep -q "files: 0 done, 1 skipped" err || no "through a link: $(head -1 err)"

# A refused file in a batch: no output, and failed again next time.
mkdir d5 && story good >d5/good.txt && printf 'PK\003\004zip bytes\377\376' >d5/bad.txt
"$run" -o o5 d5 2>err
[ $? = 1 ] || no "refused file: want exit 1"
[ -e o5/bad.txt ] && no "refused file left an output"
"$run" -o o5 d5 2>err
[ $? = 1 ] || no "refused file, second run: want exit 1"
grep -q "files: 0 done, 1 skipped, 1 failed" err || no "refused file forgotten: $(head -1 err)"
grep -q "bad.txt" o5/.rinse/failed.tsv || no "refused file not listed again"

# An input changed after its batch read it, before its output was
# renamed (here by the "ssh" that runs the chain): redone next time.
mkdir d6 && story early >d6/late.txt
cat >fakessh <<EOC
#!/bin/sh
shift	# the host
case "\$*" in *" -z "*)
	printf 'The council approved the harbour budget later.\n' >>"$TMP/d6/late.txt" ;;
esac
exec sh -c "\$*"
EOC
chmod +x fakessh
RINSE_SSH=$TMP/fakessh "$run" -S here --remote "$run" -o o6 d6 2>err ||
    no "changed input: exit $?: $(cat err)"
grep -q later o6/late.txt && no "changed input: the output has what was not read yet"
grep -q later d6/late.txt || no "changed input: the test did not change it"
"$run" -o o6 d6 2>err
grep -q "files: 1 done, 0 skipped" err || no "changed input not redone: $(head -1 err)"
grep -q later o6/late.txt || no "changed input: the rerun did not read it"

# Other options: everything redone; the same options again: nothing.
"$run" -o o1 --tidy -p d 2>err
grep -q "files: 2 done, 0 skipped" err || no "other options not redone: $(head -1 err)"
"$run" -o o1 --tidy -p d 2>err
grep -q "files: 0 done, 2 skipped" err || no "same options redone: $(head -1 err)"
exit $fail
