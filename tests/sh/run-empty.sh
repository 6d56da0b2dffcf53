# run.sh lists the documents that came out empty although their input had
# text, with the stage that emptied them, in OUTDIR/.rinse/empty.tsv, and
# counts them in its summary (issue 15). An input without text is not
# listed.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
cd "$TMP" || exit 2
mkdir in
printf 'The ferry timetable changes on Monday for the winter crossings.\n' >in/story.txt
printf 'Copyright 2024 Example News. All rights reserved.\nAdvertisement\n' >in/furniture.txt
printf ' \n\t\n' >in/blank.txt
cp in/story.txt in/zcopy.txt
"$run" -j 1 -o out --dedup "-s $TMP/st.mdb" in 2>err || no "exit $?: $(cat err)"
[ -f out/.rinse/empty.tsv ] || no "no empty.tsv"
grep -q "furniture.txt	ads$" out/.rinse/empty.tsv || no "furniture: $(cat out/.rinse/empty.tsv)"
grep -q "zcopy.txt	dedup$" out/.rinse/empty.tsv || no "a copy dropped by the store: $(cat out/.rinse/empty.tsv)"
grep -q "blank.txt" out/.rinse/empty.tsv && no "an input without text is listed"
grep -q "story.txt" out/.rinse/empty.tsv && no "a story is listed"
grep -q "files: 4 done, 0 skipped, 0 failed, 2 empty" err || no "summary: $(head -1 err)"
grep -q "2 came out empty" err || no "no message: $(cat err)"
exit $fail
