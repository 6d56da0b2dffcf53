#!/usr/bin/env bash
# run.sh: the rinse chain over files and folders, for the shell and cron.
#
#   run.sh [options] INPUT...   clean every file under INPUT into OUTDIR
#   run.sh [options]            filter standard input to standard output
#
# Each output is OUTDIR/<path below INPUT, extension replaced by .txt>.
# Small files go through the chain in batches of NUL-separated records (one
# process per stage per batch, not per file); outputs are written to a
# temporary file and renamed, so a killed run leaves none half-written.
# Run `run.sh -h` for the options; README.md has the cron recipe.
set -u -o pipefail	# a stage that fails inside a pipeline fails it
shopt -s nullglob

# The chain, in order: the one place that names the stages.
STAGES_ALL="enc html ads dedup tidy"
# Default options per stage; --STAGE "ARGS" adds to them.
DEFAULT_tidy="-u"

prog=run.sh
here=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<'EOF'
usage: run.sh [-fhnz] [-j N] [-o OUTDIR] [--stages LIST] [--log FILE]
              [-S HOSTS] [--enc ARGS] [--html ARGS] [--ads ARGS]
              [--dedup ARGS] [--tidy ARGS] [INPUT...]
  -o OUTDIR        where outputs go (default out/)
  -j N             parallel workers (default: the number of cores)
  -f               redo files whose output is up to date
  -n, --dry-run    list what would be done, do nothing
  -z               filter mode: NUL-separated documents in and out
  --stages LIST    run only these stages, e.g. enc,html,ads
  --STAGE ARGS     extra options for one stage, e.g. --ads "-r my.rules"
  --log FILE       append the summary, with a timestamp, to FILE
  -S, --sshlogin HOSTS  spread batches over machines with GNU parallel
                   (HOSTS as parallel takes them; ":" is this machine)
  -b N             files per batch (default 500)
Inputs may be files or folders (every regular file below, recursively);
.gz files are read through gzip. With no INPUT, filters stdin to stdout.
Exit status: 0 done (or another run holds OUTDIR's lock), 1 some files
failed (listed in OUTDIR/.rinse/failed.tsv), 2 usage or I/O error.
EOF
}

die() { echo "$prog: $*" >&2; exit 2; }

# ---- options ---------------------------------------------------------------
orig_args=("$@")
outdir=out jobs= force=0 dry=0 zmode=0 stages= logfile= hosts= batch=500
declare -A extra
while [ $# -gt 0 ]; do
	case $1 in
	-o) [ $# -ge 2 ] || die "-o needs a folder"; outdir=$2; shift ;;
	-j) [ $# -ge 2 ] || die "-j needs a number"; jobs=$2; shift
	    case $jobs in ''|*[!0-9]*|0) die "-j: '$jobs' is not a whole number from 1" ;; esac ;;
	-b) [ $# -ge 2 ] || die "-b needs a number"; batch=$2; shift
	    case $batch in ''|*[!0-9]*|0) die "-b: '$batch' is not a whole number from 1" ;; esac ;;
	-f) force=1 ;;
	-n|--dry-run) dry=1 ;;
	-z) zmode=1 ;;
	-h|--help) usage; exit 0 ;;
	--stages) [ $# -ge 2 ] || die "--stages needs a list"; stages=${2//,/ }; shift ;;
	--log) [ $# -ge 2 ] || die "--log needs a file"; logfile=$2; shift ;;
	-S|--sshlogin) [ $# -ge 2 ] || die "$1 needs hosts"; hosts=$2; shift ;;
	--enc|--html|--ads|--dedup|--tidy)
		[ $# -ge 2 ] || die "$1 needs arguments"; extra[${1#--}]=$2; shift ;;
	--_worker) shift; worker_mode=$1 ;;	# internal: one batch
	--) shift; break ;;
	-*) echo "$prog: unknown option $1" >&2; usage >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ -n "$jobs" ] || jobs=$(nproc 2>/dev/null || echo 1)
for s in $stages; do
	case " $STAGES_ALL " in *" $s "*) ;; *) die "--stages: no stage '$s' (stages: $STAGES_ALL)" ;; esac
done
[ -n "$stages" ] || stages=$STAGES_ALL

# ---- the binaries ----------------------------------------------------------
# Installed, the stages sit beside this script; in the source tree they are
# built into bin/ on first use.
if [ -x "$here/rinse-tidy" ]; then
	BIN=$here
	RULES=
else
	BIN=$here/bin
	RULES=$here/rules
	if [ ! -x "$BIN/rinse-tidy" ] && [ -f "$here/Makefile" ]; then
		if ! command -v make >/dev/null && [ "$(id -u)" = 0 ] &&
		    command -v apt-get >/dev/null; then
			echo "$prog: installing make..." >&2
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			    apt-get install -y -qq make >&2 || die "cannot install make"
		fi
		command -v make >/dev/null || die "make is not installed (Debian: sudo apt-get install make)"
		if ! make -s -C "$here" depcheck >/dev/null 2>&1; then
			# A fresh machine: install the build dependencies if we
			# may, else say exactly what to run.
			if [ "$(id -u)" = 0 ]; then
				echo "$prog: installing build dependencies (make deps)..." >&2
				make -s -C "$here" deps >&2 || die "make deps failed"
			elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
				echo "$prog: installing build dependencies (sudo make deps)..." >&2
				sudo make -s -C "$here" deps >&2 || die "sudo make deps failed"
			else
				make -s -C "$here" depcheck
				die "run 'sudo make deps' in $here, then run.sh again"
			fi
		fi
		echo "$prog: building rinse (make)..." >&2
		make -s -C "$here" >&2 || die "build failed; see the messages above"
	fi
fi
chain=()
for s in $stages; do
	[ -x "$BIN/rinse-$s" ] && chain+=("$s")
done
[ ${#chain[@]} -gt 0 ] || die "no stage binaries in $BIN"

# The chain as one shell command: each stage with its options.
chain_cmd() {	# chain_cmd FLAGS -> prints the pipeline
	local cmd= s d a
	for s in "${chain[@]}"; do
		d=DEFAULT_$s
		a="${!d:-} ${extra[$s]:-}"
		cmd="$cmd${cmd:+ | }$(printf '%q' "$BIN/rinse-$s") $1 $a"
	done
	printf '%s' "$cmd"
}

# ---- filter mode -------------------------------------------------------------
if [ $# -eq 0 ] && [ -z "${worker_mode:-}" ]; then
	[ $dry = 1 ] && { echo "$(chain_cmd "$([ $zmode = 1 ] && echo -z)")"; exit 0; }
	eval "$(chain_cmd "$([ $zmode = 1 ] && echo -z)")"
	exit $?
fi

state=$outdir/.rinse
tmp=$state/tmp

# ---- one batch: join, chain, split; files that fail go one by one --------------
# fail_note IN REASON: a line in failed.tsv. When even that cannot be
# written (a full disk), say so and make this process fail, so that the
# run cannot end with status 0.
lost=0
fail_note() {
	printf '%s\t%s\n' "$1" "$2" 2>/dev/null >>"$state/failed.tsv" && return 0
	echo "$prog: $1: $2 (and $state/failed.tsv cannot be written)" >&2
	lost=1
}
# solo IN OUT: the chain over one file; on failure a line in failed.tsv.
solo() {
	local in=$1 out=$2 t err
	mkdir -p "$(dirname "$out")" || return 1
	t=$(dirname "$out")/.$(basename "$out").$$.tmp
	err=$tmp/solo.$$.err
	if [ ! -r "$in" ]; then
		fail_note "$in" "cannot read"
		return 1
	fi
	case $in in
	*.gz) gzip -dc -- "$in" ;;
	*) cat -- "$in" ;;
	esac | eval "$(chain_cmd -v)" >"$t" 2>"$err"
	local st=("${PIPESTATUS[@]}") x bad=0
	for x in "${st[@]}"; do [ "$x" = 0 ] || bad=1; done
	grep -E '^rinse-[a-z]+: ([a-z_]+=[0-9]+ ?)+$' "$err" >>"$tmp/stats.$$"
	if [ $bad = 1 ]; then
		local why
		why=$(grep -vE '^rinse-[a-z]+: ([a-z_]+=[0-9]+ ?)+$' "$err" | head -1)
		fail_note "$in" "${why:-exit status ${st[*]}}"
		rm -f "$t" "$err"
		return 1
	fi
	if ! mv -f "$t" "$out"; then
		rm -f "$t"
		fail_note "$in" "cannot write $out"
		return 1
	fi
	rm -f "$err"
	printf '1 %s\n' "$(wc -c <"$in")" >>"$tmp/progress"
}

worker() {
	local id=$1 ins=$tmp/in.$1 outs=$tmp/out.$1 fails=$tmp/fail.$1
	local err=$tmp/err.$1 st
	if [ -n "$hosts" ]; then
		"$BIN/rinse-batch" -c "$ins" -F "$fails" >"$tmp/stream.$id" &&
		parallel --will-cite -S "$hosts" --transferfile "{}" --return "{}.out" \
		    --cleanup -j1 "$(chain_cmd -zv) <{} >{}.out" ::: "$tmp/stream.$id" 2>"$err" &&
		"$BIN/rinse-batch" -s "$outs" -F "$fails" <"$tmp/stream.$id.out"
		st=$?
		rm -f "$tmp/stream.$id" "$tmp/stream.$id.out"
	else
		"$BIN/rinse-batch" -c "$ins" -F "$fails" |
		    eval "$(chain_cmd -zv)" 2>"$err" |
		    "$BIN/rinse-batch" -s "$outs" -F "$fails"
		local sts=("${PIPESTATUS[@]}") x
		st=0
		for x in "${sts[@]}"; do [ "$x" = 0 ] || st=1; done
	fi
	grep -E '^rinse-[a-z]+: ([a-z_]+=[0-9]+ ?)+$' "$err" >>"$tmp/stats.$$" 2>/dev/null
	local -a inl outl
	mapfile -d '' inl <"$ins"
	mapfile -d '' outl <"$outs"
	local n=${#inl[@]} i reason
	if [ "$st" != 0 ]; then
		# The batch failed as a whole: find the file, one by one.
		for ((i = 0; i < n; i++)); do
			solo "${inl[i]}" "${outl[i]}"
		done
		return 0
	fi
	local bytes=0 done=$n
	while IFS=$'\t' read -r i reason; do
		done=$((done - 1))
		if [ "$reason" = solo ]; then
			solo "${inl[i]}" "${outl[i]}"
		else
			fail_note "${inl[i]}" "$reason"
		fi
	done <"$fails"
	bytes=$(stat -c %s -- "${inl[@]}" 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
	printf '%s %s\n' "$done" "$bytes" >>"$tmp/progress"
	rm -f "$ins" "$outs" "$fails" "$err"
}

if [ -n "${worker_mode:-}" ]; then
	worker "$worker_mode"
	exit $lost
fi

# ---- batch mode --------------------------------------------------------------
mkdir -p "$state" 2>/dev/null || die "$outdir: cannot create the output folder"
[ -w "$outdir" ] || die "$outdir: output folder is not writable"
exec 9>"$state/lock" || die "$state/lock: cannot open the lock file"
if ! flock -n 9; then
	echo "$prog: $outdir is being written by another run; nothing done" >&2
	exit 0
fi
# What a killed run left: its batch files and its temporary outputs.
rm -rf "$tmp"
find "$outdir" -name '.*.[0-9]*.tmp' -type f -delete 2>/dev/null
mkdir -p "$tmp" || die "$tmp: cannot create"
: >"$state/failed.tsv" || die "$state/failed.tsv: cannot write"
: >"$tmp/progress"

# Outputs are stale when older than their input or than the binaries and
# rule files they were made with.
stamp=$(ls -t "$BIN"/rinse-* ${RULES:+"$RULES"/*.rules} 2>/dev/null | head -1)
outabs=$(cd "$outdir" && pwd)

total=0 skipped=0 nb=0 inb=0 bsize=0
solos_in=() solos_out=() list=()
declare -A taken
flushbatch() {
	[ $inb -gt 0 ] || return 0
	nb=$((nb + 1)); inb=0; bsize=0
}
addfile() {	# addfile IN OUT SIZE
	if [ $3 -gt 8388608 ]; then
		solos_in+=("$1"); solos_out+=("$2")
		return
	fi
	printf '%s\0' "$1" >>"$tmp/in.$nb"
	printf '%s\0' "$2" >>"$tmp/out.$nb"
	inb=$((inb + 1)); bsize=$((bsize + $3))
	if [ $inb -ge $batch ] || [ $bsize -ge 8388608 ]; then flushbatch; fi
}

for input in "$@"; do
	if [ -d "$input" ]; then
		base=${input%/}
		while IFS= read -r -d '' f; do
			sz=${f%% *} f=${f#* }
			list+=("$f" "${f#"$base"/}" "$sz")
		done < <(find -L "$base" -type d -path "$outabs" -prune -o \
		    -type d -name .rinse -prune -o -type f -printf '%s %p\0' |
		    sort -z -k 2)
	elif [ -f "$input" ]; then
		list+=("$input" "$(basename "$input")" "$(stat -c %s -- "$input")")
	else
		echo "$prog: $input: no such file or folder" >&2
		printf '%s\t%s\n' "$input" "no such file or folder" >>"$state/failed.tsv"
	fi
done

start=$(date +%s.%N)
for ((k = 0; k < ${#list[@]}; k += 3)); do
	f=${list[k]} rel=${list[k+1]} sz=${list[k+2]}
	rel=${rel%.gz}
	case ${rel##*/} in
	?*.*) rel=${rel%.*} ;;
	esac
	out=$outdir/$rel.txt
	# a.html and a.txt in one folder: the second keeps its extension.
	if [ -n "${taken[$out]:-}" ]; then
		rel=${list[k+1]}; rel=${rel%.gz}
		out=$outdir/$rel.txt
	fi
	taken[$out]=1
	total=$((total + 1))
	if [ $force = 0 ] && [ "$out" -nt "$f" ] && { [ -z "$stamp" ] || [ "$out" -nt "$stamp" ]; }; then
		skipped=$((skipped + 1))
		continue
	fi
	if [ $dry = 1 ]; then
		printf '%s -> %s\n' "$f" "$out"
		continue
	fi
	addfile "$f" "$out" "$sz"
done
flushbatch

if [ $dry = 1 ]; then
	echo "$prog: $((total - skipped)) to do, $skipped up to date; chain: $(chain_cmd '')" >&2
	rm -rf "$tmp"
	exit 0
fi

todo=$((total - skipped))
# Batches go to the workers, each a run.sh of its own with the same options.
if [ $nb -gt 0 ]; then
	seq 0 $((nb - 1)) | tr '\n' '\0' |
	    xargs -0 -r -P "$jobs" -I{} "$0" --_worker {} "${orig_args[@]}" &
else
	true &
fi
xpid=$!

# Progress on a terminal: files done / total, MB/s, ETA. Silent otherwise.
progress() {
	local f=0 b=0 n x now el
	while read -r n x; do f=$((f + n)); b=$((b + x)); done <"$tmp/progress"
	now=$(date +%s.%N)
	el=$(awk -v a="$start" -v b="$now" 'BEGIN { printf "%.1f", b - a }')
	awk -v f=$f -v t=$todo -v b=$b -v el=$el 'BEGIN {
		r = el > 0 ? b / el / 1048576 : 0
		eta = f > 0 ? (t - f) * el / f : 0
		printf "\r%d/%d files  %.1f MB/s  ETA %ds ", f, t, r, eta }' >&2
}
if [ -t 2 ]; then
	while kill -0 $xpid 2>/dev/null; do progress; sleep 1; done
fi
wait $xpid
xst=$?
for ((k = 0; k < ${#solos_in[@]}; k++)); do
	solo "${solos_in[k]}" "${solos_out[k]}"
done
[ -t 2 ] && { progress; echo >&2; }

# ---- summary -----------------------------------------------------------------
end=$(date +%s.%N)
failed=$(wc -l <"$state/failed.tsv")
done_=$((todo - failed))
[ $done_ -lt 0 ] && done_=0
summary=$(cat "$tmp"/stats.* 2>/dev/null | awk -v done=$done_ -v skipped=$skipped \
    -v failed=$failed -v a="$start" -v b="$end" -v first="${chain[0]}" \
    -v last="${chain[${#chain[@]}-1]}" '
	{
		stage = $1; sub(/^rinse-/, "", stage); sub(/:$/, "", stage)
		for (i = 2; i <= NF; i++) {
			split($i, kv, "=")
			v[stage, kv[1]] += kv[2]
		}
		seen[stage] = 1
	}
	END {
		s = b - a
		in_ = v[first, "bytes_in"]; out = v[last, "bytes_out"]
		printf "files: %d done, %d skipped, %d failed; bytes: %d in, %d out; %.1f s, %.1f MB/s\n",
		    done, skipped, failed, in_, out, s, (s > 0 ? in_ / s / 1048576 : 0)
		line = "dropped paragraphs:"
		n = split("enc html ads dedup tidy", order, " ")
		for (i = 1; i <= n; i++)
			if (order[i] in seen)
				line = line sprintf(" %s=%d", order[i], v[order[i], "dropped"])
		print line
	}')
echo "$summary" >&2
[ $failed -gt 0 ] && echo "$prog: $failed failed; see $state/failed.tsv" >&2
if [ -n "$logfile" ]; then
	{ date '+%Y-%m-%dT%H:%M:%S%z'; echo "$summary"; } >>"$logfile" ||
	    echo "$prog: $logfile: cannot append the summary" >&2
fi
rm -rf "$tmp"
if [ $xst != 0 ] || [ $lost != 0 ]; then
	echo "$prog: some files could not be written or recorded (see above)" >&2
	exit 2
fi
[ $failed -gt 0 ] && exit 1
exit 0
