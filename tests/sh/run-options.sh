# run.sh's smaller promises: joined options (-j1, -fo DIR), -V, a closed
# standard error does not kill a run, the quick start leaves a folder's
# README alone, man pages for run.sh (rinse-run) and rinse-batch.
set -u
fail=0
no() { echo "FAIL: $*"; fail=1; }
run=$TOP/run.sh
cd "$TMP" || exit 2
mkdir in
printf 'The ferry timetable changes on Monday.\n' >in/a.txt
printf 'The council approved the harbour budget.\n' >in/b.txt

"$run" -j1 -b1 -oout in 2>err || no "-j1 -b1 -oout: exit $?: $(cat err)"
[ -f out/a.txt ] && [ -f out/b.txt ] || no "-j1 -b1 -oout: $(ls out)"
"$run" -fj1 -o out in 2>err || no "-fj1: exit $?: $(cat err)"
grep -q "files: 2 done, 0 skipped" err || no "-fj1: $(head -1 err)"
"$run" --log=log -o out in 2>/dev/null && [ -s log ] || no "--log=FILE"
[ "$("$run" -V)" = "run.sh 0.1.0" ] || no "-V: $("$run" -V 2>&1)"

# Standard error a pipe nobody reads: the run goes on to the end.
{ "$run" -f -o out2 in 2>&1 >/dev/null; echo $? >st; } | head -c 0
[ "$(cat st)" = 0 ] || no "closed stderr: status $(cat st)"
[ -f out2/a.txt ] && [ -f out2/b.txt ] || no "closed stderr: outputs $(ls out2)"

# The quick start: samples/ without samples/README.md.
"$run" -o q "$TOP/samples" 2>err || no "samples: exit $?: $(cat err)"
[ -e q/README.txt ] && no "samples/README.md was cleaned into q/README.txt"
n=$(ls "$TOP"/samples | grep -vc '^README')
[ "$(ls q | wc -l)" = "$n" ] || no "samples: $(ls q | wc -l) outputs, want $n"
"$run" -o q2 "$TOP/samples/README.md" 2>/dev/null && [ -s q2/README.txt ] ||
    no "README.md named on the command line is not cleaned"

for m in rinse-run rinse-batch; do
	grep -q "^\.Nm $m\$" "$TOP/man/$m.1" 2>/dev/null || no "no man/$m.1"
	if command -v mandoc >/dev/null && [ -f "$TOP/man/$m.1" ]; then
		mandoc -Tlint -W warning "$TOP/man/$m.1" >/dev/null 2>&1 || no "mandoc -Tlint man/$m.1"
	fi
done
exit $fail
