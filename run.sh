#!/usr/bin/env bash
# run.sh: the rinse chain over files and folders, for the shell and cron.
#
#   run.sh [options] INPUT...   clean every file under INPUT into OUTDIR
#   run.sh [options]            filter standard input to standard output
#
# Each output is OUTDIR/<path below INPUT, extension replaced by .txt>;
# names that would meet keep their extension, names that still meet stop
# the run before anything is read. Small files go through the chain in
# batches of NUL-separated records (one process per stage per batch, not
# per file); outputs are written to a temporary file and renamed, so a
# killed run leaves none half-written. A batch that fails is halved until
# the failing files are alone. OUTDIR/.rinse/ holds the lock, the record
# of what each output was made from (done), and the files that failed or
# came out empty. Run `run.sh -h` for the options; rinse-run(1) and
# README.md say what an operator can rely on.
set -u -o pipefail	# a stage that fails inside a pipeline fails it
shopt -s nullglob

# The chain, in order: the one place that names the stages.
STAGES=(enc html ads dedup tidy)
# Default options per stage; --STAGE "ARGS" adds to them.
declare -A OPTS=([tidy]=-u)

prog=run.sh
here=$(cd "$(dirname "$0")" && pwd)
VERSION=0.1.0

usage() {
	cat <<'EOF'
usage: run.sh [-fhnVvz] [-j N] [-b N] [-o OUTDIR] [--stages LIST] [--log FILE]
              [-S HOSTS] [--remote CMD] [--enc ARGS] [--html ARGS]
              [--ads ARGS] [--dedup ARGS] [--tidy ARGS]
              [--jsonl [--field NAME] [--html-field NAME] | --warc]
              [--explain-log FILE] [INPUT...]
  -o OUTDIR        where outputs go (default out/)
  -j N             parallel workers (default: the number of cores)
  -b N             files per batch (default 500)
  -f               redo files whose output is up to date
  -n, --dry-run    list what would be done, do nothing
  -z               filter mode: NUL-separated documents in and out
  -v               filter mode: every stage prints its counts on stderr
  --stages LIST    run only these stages, e.g. enc,html,ads
  --STAGE ARGS     extra options for one stage, e.g. --ads "-r my.rules"
  --log FILE       append the summary, with a timestamp, to FILE
  -S, --sshlogin HOSTS  run the chain of each batch on these machines
                   over ssh: HOSTS is host,N/host,... (N/ gives a host
                   N shares of the batches; ":" is this machine)
  --remote CMD     run.sh on the -S machines (default rinse-run)
  --jsonl          inputs are JSON Lines (plain, gzip or zstd): each
                   record's text is cleaned, JSON Lines come out
  --field NAME     the text field of --jsonl (default text)
  --html-field NAME  --jsonl: clean the HTML of NAME into the text field
  --warc           inputs are WARC files: their HTML pages come out as
                   JSON Lines of id, url, date and text
  --explain-log FILE  append a line for every paragraph or span that
                   rinse-html, rinse-ads or rinse-dedup removed: document,
                   stage, rule or heuristic, text
  -h               print this help and exit
  -V               print the version and exit
Inputs may be files or folders (every regular file below, recursively,
but README and README.* files); .gz files are read through gzip. With no
INPUT, filters stdin to stdout.
Exit status: 0 done (or another run holds OUTDIR's lock), 1 some files
failed (listed in OUTDIR/.rinse/failed.tsv), 2 usage, configuration or
I/O error (a full disk, an unreachable host).
EOF
}

say() { printf '%s: %s\n' "$prog" "$*" >&2; }
die() { say "$*"; exit 2; }

# ---- options ---------------------------------------------------------------
outdir=out jobs= force=0 dry=0 zmode=0 verbose=0 stages= logfile= hosts=
batch=500 remote=rinse-run ids= recmode= field=text hfield= xlog= wlog=
declare -A extra
while [ $# -gt 0 ]; do
	case $1 in	# -j2, -fn, --log=FILE: take joined options apart
	--) shift; break ;;
	--*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
	-[ojbS]?*) set -- "${1:0:2}" "${1:2}" "${@:2}"; continue ;;
	-[fnzvhV]?*) set -- "${1:0:2}" "-${1:2}" "${@:2}"; continue ;;
	esac
	case $1 in
	-o|-j|-b|-S|--sshlogin|--stages|--log|--remote|--ids|--enc|--html|\
	--ads|--dedup|--tidy|--field|--html-field|--explain-log)
		[ $# -ge 2 ] || die "$1 needs an argument" ;;
	esac
	case $1 in
	-o) outdir=$2; shift ;;
	-j) jobs=$2; shift
	    case $jobs in ''|*[!0-9]*|0) die "-j: '$jobs' is not a whole number from 1" ;; esac ;;
	-b) batch=$2; shift
	    case $batch in ''|*[!0-9]*|0) die "-b: '$batch' is not a whole number from 1" ;; esac ;;
	-f) force=1 ;;
	-n|--dry-run) dry=1 ;;
	-z) zmode=1 ;;
	-v) verbose=1 ;;
	-h|--help) usage; exit 0 ;;
	-V|--version) echo "$prog $VERSION"; exit 0 ;;
	--stages) stages=${2//,/ }; shift ;;
	--log) logfile=$2; shift ;;
	-S|--sshlogin) hosts=$2; shift ;;
	--remote) remote=$2; shift ;;
	--ids) ids=$2; shift ;;		# filter mode: dedup's --ids (for -S)
	--jsonl|--warc)
		[ -z "$recmode" ] || [ "$recmode" = "${1#--}" ] ||
		    die "--jsonl and --warc: one or the other"
		recmode=${1#--} ;;
	--field) field=$2; shift ;;
	--explain-log) xlog=$2; shift ;;
	--html-field) hfield=$2; shift ;;
	--enc|--html|--ads|--dedup|--tidy) extra[${1#--}]=$2; shift ;;
	-*) say "unknown option $1"; usage >&2; exit 2 ;;
	*) break ;;
	esac
	shift
done
[ -n "$jobs" ] || jobs=$(nproc 2>/dev/null || echo 1)
for s in $stages; do
	case " ${STAGES[*]} " in *" $s "*) ;; *) die "--stages: no stage '$s' (stages: ${STAGES[*]})" ;; esac
done
[ -n "$stages" ] || stages=${STAGES[*]}

# ---- the binaries ----------------------------------------------------------
# Installed, the stages sit beside this script; in the source tree they are
# built into bin/ on first use.
build() {
	if ! command -v make >/dev/null && [ "$(id -u)" = 0 ] &&
	    command -v apt-get >/dev/null; then
		say "installing make..."
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		    apt-get install -y -qq make >&2 || die "cannot install make"
	fi
	command -v make >/dev/null || die "make is not installed (Debian: sudo apt-get install make)"
	if ! make -s -C "$here" depcheck >/dev/null 2>&1; then
		# A fresh machine: install the build dependencies if we may,
		# else say exactly what to run.
		if [ "$(id -u)" = 0 ]; then
			say "installing build dependencies (make deps)..."
			make -s -C "$here" deps >&2 || die "make deps failed"
		elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
			say "installing build dependencies (sudo make deps)..."
			sudo make -s -C "$here" deps >&2 || die "sudo make deps failed"
		else
			make -s -C "$here" depcheck
			die "run 'sudo make deps' in $here, then run.sh again"
		fi
	fi
	say "building rinse (make)..."
	make -s -C "$here" >&2 || die "build failed; see the messages above"
}
if [ -x "$here/rinse-tidy" ]; then
	BIN=$here RULES=$here/../share/rinse/rules
else
	BIN=$here/bin RULES=$here/rules
	[ -x "$BIN/rinse-tidy" ] || [ ! -f "$here/Makefile" ] || build
fi

# The stages that run, and each one's options as words (quotes honoured,
# nothing expanded): args_STAGE.
chain=()
for s in $stages; do
	[ -x "$BIN/rinse-$s" ] || continue
	chain+=("$s")
	mapfile -d '' -t "args_$s" < <(printf '%s %s' "${OPTS[$s]:-}" \
	    "${extra[$s]:-}" | xargs -r printf '%s\0') ||
	    die "--$s: cannot read '${extra[$s]:-}' as options"
done
[ ${#chain[@]} -gt 0 ] || die "no stage binaries in $BIN"

# pipe I FLAG...: stages I.. of the chain as one pipeline on stdin and
# stdout, FLAGs to every stage; rinse-dedup names its documents by the
# NUL-separated list in $ids (see rinse-dedup --ids).
pipe() {
	local i=$1 s=${chain[$1]} cmd
	shift
	local -n a=args_$s
	cmd=("$BIN/rinse-$s" "$@")
	# The why-dropped log of this chain ($wlog: see maplog()).
	[ -n "$wlog" ] && case $s in html|ads|dedup) cmd+=(--explain-log "$wlog") ;; esac
	[ "$s" = dedup ] && [ -n "$ids" ] && cmd+=(--ids "$ids")
	if [ $((i + 1)) = ${#chain[@]} ]; then
		"${cmd[@]}" "${a[@]}"
	else
		"${cmd[@]}" "${a[@]}" | pipe $((i + 1)) "$@"
	fi
}
chain() { pipe 0 "$@"; }

# --explain-log: the stages of a chain append to a log of its own ($wlog)
# whose documents are "<stdin>" or "<stdin>#N"; maplog LOG NAMES puts the
# Nth line of NAMES in their place and appends the lines to the log the
# user named, once the chain's outputs are in place.
if [ -n "$xlog" ]; then
	case $xlog in /*) ;; *) xlog=$PWD/$xlog ;; esac
	: >>"$xlog" 2>/dev/null || die "--explain-log: cannot write $xlog"
	[ -z "$hosts" ] || die "--explain-log and -S do not mix: the log is on one machine"
fi
maplog() {
	[ -s "$1" ] || return 0
	awk -F '\t' -v OFS='\t' 'NR == FNR { n[FNR] = $0; next }
	    { k = $1; if (sub(/^<stdin>#?/, "", k)) $1 = n[k == "" ? 1 : k + 0] } 1' \
	    "$2" "$1" | flock "$xlog" tee -a "$xlog" >/dev/null
}

# ---- records: --jsonl and --warc ----------------------------------------------
# Each input goes through rinse-rec's split half, the chain as one -z
# stream and rinse-rec's join half (rinse-rec(1)); the two halves share a
# side file. Lines that are no record and records that come out empty go
# to OUTDIR/.rinse/excluded.jsonl with the reason; they never stop a run.
if [ -n "$recmode" ]; then
	[ -x "$BIN/rinse-rec" ] || die "no rinse-rec in $BIN"
	[ -z "$hosts" ] || die "--$recmode and -S do not mix yet: records run on this machine"
	[ "$recmode" = warc ] && { [ "$field" = text ] && [ -z "$hfield" ]; } ||
	    [ "$recmode" = jsonl ] || die "--field and --html-field go with --jsonl"
	recargs=(-f "$field")
	[ -n "$hfield" ] && recargs+=(-H "$hfield")
	[ "$recmode" = warc ] && recargs+=(-W -c none)
	# Pages and HTML fields are whole documents to rinse-html.
	if [ "$recmode" = warc ] || [ -n "$hfield" ]; then
		for s in "${chain[@]}"; do [ "$s" = html ] && args_html+=(-H); done
	fi
	state=$outdir/.rinse
	[ -d "$state" ] || mkdir -p "$state" 2>/dev/null ||
	    die "$outdir: cannot create the output folder"
fi
# rec IN NAME SIDE EXCL: the records of IN (a path or -) cleaned, as JSON
# Lines on stdout; messages on stderr. Status 1 of the split half (bad
# lines, bad records: reported and excluded) or of the chain (a record a
# stage could not clean: said, and what it could was written) is no
# failure; 2 is, and so is any failure of the join half, which checks that
# every record came back.
rec() {
	local v=() st m=() wlog=$3.log
	[ $verbose = 1 ] && v=(-v)
	# The log always: rinse-rec -L counts each record's drops from it.
	: >"$wlog"
	m=(-L "$wlog")
	[ -n "$xlog" ] && m+=(-m "$3.map")
	# A record that comes out empty goes to the excluded file as it came:
	# the join half reads its line back from a plain file (-R, -I; fd 4
	# is the input when it is standard input), so the side file need not
	# hold every line.
	local in=$1
	[ "$in" = - ] && in=/dev/fd/4
	{ "$BIN/rinse-rec" -S "$3" -R -n "$2" "${recargs[@]}" "${v[@]}" -- "$1" |
	    chain -z "${v[@]}" |
	    "$BIN/rinse-rec" -J "$3" -I "$in" -n "$2" "${recargs[@]}" "${v[@]}" \
	    -x "$4" "${m[@]}"; } 4<&0
	st=("${PIPESTATUS[@]}")
	[ "${st[0]}" -le 1 ] && [ "${st[1]}" -le 1 ] && [ "${st[2]}" = 0 ] || return 1
	[ -z "$xlog" ] || maplog "$wlog" "$3.map"
	# SIDE.log and SIDE.map go with SIDE (the callers remove them).
}
if [ -n "$recmode" ] && [ $# -eq 0 ]; then
	[ $dry = 1 ] && { say "records from stdin to stdout; chain: ${chain[*]}"; exit 0; }
	side=$(mktemp "${TMPDIR:-/tmp}/rinse-side.XXXXXX") || die "cannot make a temporary file"
	trap 'rm -f "$side" "$side.log" "$side.map"' EXIT
	rec - "<stdin>" "$side" "$state/excluded.jsonl" || exit 2
	exit 0
fi
if [ -n "$recmode" ]; then
	[ $dry = 1 ] && { printf '%s\n' "$@"; say "records; chain: ${chain[*]}"; exit 0; }
	trap '' PIPE
	exec 3>&2
	exec 9>"$state/lock" || die "$state/lock: cannot open the lock file"
	flock -n 9 || { say "$outdir is being written by another run; nothing done"; exit 0; }
	outabs=$(cd "$outdir" && pwd -P) || die "$outdir: cannot enter the output folder"
	tmp=$state/tmp
	rm -rf "$tmp"
	find "$outdir" -name '.*.[0-9]*.tmp' -type f -delete 2>/dev/null
	mkdir -p "$tmp" || die "$tmp: cannot create"
	: >"$state/failed.tsv" && : >"$state/excluded.jsonl" ||
	    die "$state: cannot write"
	# Configuration errors show once, before any file is read.
	if ! chain -z </dev/null >/dev/null 2>"$tmp/config.err"; then
		cat "$tmp/config.err" >&2
		rm -rf "$tmp"
		die "the chain cannot run with these options; nothing done"
	fi
	missing=0
	for input in "$@"; do
		case $input in -*) input=./$input ;; esac
		if [ -d "$input" ]; then
			arg=${input%/}
			n=${#arg}
			find -L "$arg" \( -samefile "$outabs" -o -name .rinse \) -prune -o \
			    -type f ! -name README ! -name 'README.*' \
			    -printf "$((n + 1))\t%p\0" 2>/dev/null
		elif [ -e "$input" ]; then
			b=${input##*/}
			n=$((${#input} - ${#b}))
			printf '%s\t%s\0' "$n" "$input"
		else
			say "$input: no such file or folder"
			printf '%s\t%s\n' "$input" "no such file or folder" >>"$state/failed.tsv"
			missing=$((missing + 1))
		fi
	done >"$tmp/list0"
	LC_ALL=C sort -z -t "$(printf '\t')" -k 2 <"$tmp/list0" >"$tmp/list"
	# recfile IN OUT: one input's records into OUT, renamed when whole.
	recfile() {
		local t=${2%/*}/.${2##*/}.$BASHPID.tmp p=$tmp/r.$BASHPID
		: >"$p.side" && : >"$p.x" && mkdir -p "${2%/*}" 2>"$p.err" || {
			fail_rec "$1" "cannot write below $outdir"; return; }
		# The excluded records of a file whose output is in place only.
		if verbose=1 rec "$1" "$1" "$p.side" "$p.x" >"$t" 2>"$p.err" &&
		    mv -f "$t" "$2"; then
			flock "$state/excluded.jsonl" cat "$p.x" >>"$state/excluded.jsonl"
		else
			rm -f "$t"
			fail_rec "$1" "$(grep -avE "$counts" "$p.err" | tail -1)"
		fi
		grep -aE "$counts" "$p.err" >>"$tmp/stats.$BASHPID"
		grep -avE "$counts" "$p.err" >&3
		rm -f "$p".*
	}
	fail_rec() {
		flock "$state/failed.tsv" printf '%s\t%s\n' "$1" "$2" >>"$state/failed.tsv"
	}
	counts='^rinse-[a-z]+: ([a-z_]+=[0-9]+ ?)+$'
	start=$(date +%s.%N) running=0 files=0
	# Output names first: two inputs that would write one stop the run
	# before anything is read.
	declare -A made
	ins=() outs=()
	while IFS=$'\t' read -r -d '' k path; do
		rel=${path:k}
		[ "$recmode" = warc ] && { rel=${rel%.gz}; rel=${rel%.warc}.jsonl; }
		if [ -n "${made[$rel]:-}" ]; then
			rm -rf "$tmp"
			die "${made[$rel]} and $path would both write $outdir/$rel; nothing done"
		fi
		made[$rel]=$path
		ins+=("$path") outs+=("$outabs/$rel")
	done <"$tmp/list"
	for ((i = 0; i < ${#ins[@]}; i++)); do
		if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
		recfile "${ins[i]}" "${outs[i]}" &
		running=$((running + 1)) files=$((files + 1))
	done
	wait
	failed=$(wc -l <"$state/failed.tsv")
	excl=$(wc -l <"$state/excluded.jsonl")
	summary=$(cat "$tmp"/stats.* 2>/dev/null | awk -v files=$files -v failed=$failed -v missing=$missing \
	    -v excl=$excl -v a="$start" -v b="$(date +%s.%N)" -v order="${STAGES[*]}" '
	{
		stage = $1; sub(/^rinse-/, "", stage); sub(/:$/, "", stage)
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[stage, kv[1]] += kv[2] }
		seen[stage] = 1
	}
	END {
		printf "files: %d done, %d failed; records: %d read, %d written, %d excluded (%d not records, %d empty); %.1f s\n",
		    files - (failed - missing), failed, v["rec", "records"], v["rec", "written"], excl,
		    v["rec", "bad"], v["rec", "empty"], b - a
		if (v["rec", "skip_type"] + v["rec", "skip_mime"] + v["rec", "skip_status"] + v["rec", "skip_http"] + v["rec", "skip_big"] + v["rec", "corrupt"])
			printf "WARC records skipped: %d not responses, %d not HTML, %d not 2xx, %d bad HTTP, %d too big, %d damaged\n",
			    v["rec", "skip_type"], v["rec", "skip_mime"], v["rec", "skip_status"],
			    v["rec", "skip_http"], v["rec", "skip_big"], v["rec", "corrupt"]
		line = "dropped paragraphs:"
		n = split(order, st, " ")
		for (i = 1; i <= n; i++)
			if (st[i] in seen) line = line sprintf(" %s=%d", st[i], v[st[i], "dropped"])
		print line
	}')
	echo "$summary" >&2
	if [ -n "$logfile" ]; then
		{ date '+%Y-%m-%dT%H:%M:%S%z'; echo "$summary"; } >>"$logfile" ||
		    say "$logfile: cannot append the summary"
	fi
	rm -rf "$tmp"
	[ "$failed" -gt 0 ] && { say "$failed failed; see $state/failed.tsv"; exit 1; }
	exit 0
fi

# ---- filter mode -------------------------------------------------------------
if [ $# -eq 0 ]; then
	flags=()
	[ $zmode = 1 ] && flags+=(-z)
	[ $verbose = 1 ] && flags+=(-v)
	if [ $dry = 1 ]; then
		for s in "${chain[@]}"; do
			declare -n a=args_$s
			printf '%s ' "rinse-$s" "${flags[@]}" "${a[@]}"
			printf '\n'
			unset -n a
		done
		exit 0
	fi
	wlog=$xlog chain "${flags[@]}"
	exit $?
fi

# ---- batch mode: the state folder and the lock ----------------------------------
trap '' PIPE	# a closed stderr must not kill a run half-way
exec 3>&2	# the run's own stderr, for messages from inside a batch
state=$outdir/.rinse
tmp=$state/tmp
mkdir -p "$state" 2>/dev/null || die "$outdir: cannot create the output folder"
[ -w "$outdir" ] || die "$outdir: output folder is not writable"
outabs=$(cd "$outdir" && pwd -P) || die "$outdir: cannot enter the output folder"
exec 9>"$state/lock" || die "$state/lock: cannot open the lock file"
if ! flock -n 9; then
	say "$outdir is being written by another run; nothing done"
	exit 0
fi

# Configuration errors (a missing rule file, a bad option, a store that
# cannot be opened) show once, before any file is read.
if ! chain </dev/null >/dev/null 2>"$state/config.err"; then
	cat "$state/config.err" >&2
	rm -f "$state/config.err"
	die "the chain cannot run with these options; nothing done"
fi
rm -f "$state/config.err"
# -S: the hosts as slots (N/host is N slots), each checked once: an
# unreachable host, or one without $remote, stops the run here.
slots=() ssh=${RINSE_SSH:-ssh -o BatchMode=yes} rcmd=
if [ -n "$hosts" ]; then
	for a in "${args_dedup[@]}"; do
		case $a in -s*) die "-S and a dedup store (-s) do not mix: the store is on one machine" ;; esac
	done
	rcmd="$remote --stages $(IFS=,; printf '%s' "${chain[*]}")"
	for s in "${chain[@]}"; do
		[ -n "${extra[$s]:-}" ] && rcmd+=" --$s $(printf '%q' "${extra[$s]}")"
	done
	rcmd+=" -z -v"
	declare -A checked
	IFS=, read -ra hl <<<"$hosts"
	for h in "${hl[@]}"; do
		n=1
		case $h in [0-9]*/*) n=${h%%/*} h=${h#*/} ;; esac
		[ -n "$h" ] || die "-S: an empty host in '$hosts'"
		for ((i = 0; i < n; i++)); do slots+=("$h"); done
		[ "$h" = : ] || [ -n "${checked[$h]:-}" ] && continue
		checked[$h]=1
		$ssh "$h" "$remote -V" </dev/null >/dev/null 2>"$state/hosts.err" || {
			cat "$state/hosts.err" >&2
			rm -f "$state/hosts.err"
			die "-S: host $h cannot be reached, or has no $remote; nothing done"
		}
	done
	rm -f "$state/hosts.err"
fi

# What a killed run left: its batch files and its temporary outputs.
rm -rf "$tmp"
find "$outdir" -name '.*.[0-9]*.tmp' -type f -delete 2>/dev/null
mkdir -p "$tmp" || die "$tmp: cannot create"
: >"$state/failed.tsv" || die "$state/failed.tsv: cannot write"
: >"$state/empty.tsv" || die "$state/empty.tsv: cannot write"
: >"$tmp/progress"

# ---- what to do: inputs, output names, the incremental check -------------------
# Each output is recorded in $state/done, after its rename, with the size
# and time of its input as listed before it was read and a key of the
# stages, their options, binaries and rules. An output is up to date when
# its record matches all three: an input changed while it was being read,
# new rules or other options redo it.
key=$( { printf '%s\n' "${chain[@]}"
	for s in "${chain[@]}"; do declare -n a=args_$s; printf '%s\0' "${a[@]}"; unset -n a; done
	stat -L -c '%n %s %Y' "$BIN"/rinse-* "$RULES"/*.rules 2>/dev/null
	} | cksum | cut -d' ' -f1)

# The inputs, into $tmp/list: "SIZE<TAB>TIME<TAB>N<TAB>PATH" records,
# NUL-separated, where PATH's first N bytes are its INPUT's and the rest
# is the name below it; every file below a folder but README, README.*
# and the output folder (by identity: also through a link).
bytes() { local LC_ALL=C; printf '%s' "${#1}"; }
for input in "$@"; do
	case $input in -*) input=./$input ;; esac	# not an option to find
	if [ -d "$input" ]; then
		arg=${input%/}
		[ -n "$arg" ] || arg=/
		n=$(bytes "${arg%/}/")
		find -L "$arg" \( -samefile "$outabs" -o -name .rinse \) -prune -o \
		    -type f ! -name README ! -name 'README.*' \
		    -printf "%s\t%T@\t$n\t%p\0" 2>/dev/null
	elif [ -e "$input" ]; then
		n=$(( $(bytes "$input") - $(bytes "${input##*/}") ))
		find -L "$input" -maxdepth 0 -type f -printf "%s\t%T@\t$n\t%p\0"
	else
		say "$input: no such file or folder"
		printf '%s\t%s\n' "$input" "no such file or folder" >>"$state/failed.tsv"
	fi
done | LC_ALL=C sort -z -t "$(printf '\t')" -k 4 >"$tmp/list"
find "$outabs" -path "$outabs/.rinse" -prune -o -type f -printf '%P\0' >"$tmp/have"

# The plan, from the list: output names (the extension, and .gz, replaced
# by .txt; inputs whose names would meet keep their whole names; names
# that still meet stop the run), the incremental check against the
# records of $state/done, and the batches to do: $tmp/bN.in and bN.out
# (NUL-separated paths) and bN.rec (their records for $state/done), of up
# to -b files or 8 MB; a file over 8 MB is a batch of its own. Prints
# "BATCHES TODO SKIPPED"; with -n, lists what would be done instead.
plan() {
	LC_ALL=C awk -v tmp="$tmp" -v outdir="$outdir" -v outabs="$outabs" \
	    -v key="$key" -v force=$force -v dry=$dry -v batch="$batch" '
	function rest(r) { sub(/^[^\t]*\t[^\t]*\t[^\t]*\t/, "", r); return r }
	function close_batch() {
		if (inb == 0) return
		close(tmp "/b" nb ".in"); close(tmp "/b" nb ".out"); close(tmp "/b" nb ".rec")
		nb++; inb = 0; bsize = 0
	}
	BEGIN { RS = "\0"; FS = "\t"; limit = 8388608; nb = 0; inb = 0 }
	FILENAME ~ /\/done$/ { made[rest($0)] = $1 "\t" $2 "\t" $3; next }
	FILENAME ~ /\/have$/ { have[$0] = 1; next }
	{
		n++; size[n] = $1; mt[n] = $2; path[n] = rest($0)
		rel[n] = substr(path[n], $3 + 1)
		s = rel[n]; sub(/\.gz$/, "", s)
		b = s; sub(/.*\//, "", b)
		if (b ~ /^.+\./) sub(/\.[^.\/]*$/, "", s)
		short[n] = s ".txt"; count[s ".txt"]++
	}
	END {
		for (i = 1; i <= n; i++) {
			o = count[short[i]] > 1 ? rel[i] ".txt" : short[i]
			if (o in who) {
				printf "run.sh: %s and %s would both write %s/%s\n",
				    who[o], path[i], outdir, o > "/dev/stderr"
				clash = 1
			}
			who[o] = path[i]; out[i] = o
		}
		if (clash) exit 3
		for (i = 1; i <= n; i++) {
			r = size[i] "\t" mt[i] "\t" key
			if (!force && (out[i] in have) && made[out[i]] == r) {
				skipped++
				continue
			}
			todo++
			if (dry) {
				printf "%s -> %s/%s\n", path[i], outdir, out[i]
				continue
			}
			if (size[i] > limit) close_batch()
			printf "%s%c", path[i], 0 > (tmp "/b" nb ".in")
			printf "%s/%s%c", outabs, out[i], 0 > (tmp "/b" nb ".out")
			printf "%s\t%s%c", r, out[i], 0 > (tmp "/b" nb ".rec")
			inb++; bsize += size[i]
			if (inb >= batch || bsize >= limit) close_batch()
		}
		close_batch()
		print nb + 0, todo + 0, skipped + 0
	}' ${1:+"$1"} "$tmp/have" "$tmp/list"
}
done_file=
[ -f "$state/done" ] && done_file=$state/done
counts=$(plan $done_file) || {
	rm -rf "$tmp"
	die "output names meet; give the inputs' folder, or rename them; nothing done"
}
read -r nb todo skipped <<<"$(printf '%s\n' "$counts" | tail -1)"
if [ $dry = 1 ]; then
	printf '%s\n' "$counts" | sed '$d'
	say "$todo to do, $skipped up to date; chain: ${chain[*]}"
	rm -rf "$tmp"
	exit 0
fi

# ---- the worker: one batch -------------------------------------------------------
# fail_note IN REASON: a line in failed.tsv, or a message and status 2.
fail_note() {
	printf '%s\t%s\n' "$1" "$2" 2>/dev/null >>"$state/failed.tsv" && return 0
	say "$1: $2 (and $state/failed.tsv cannot be written)"
	: >"$tmp/stop"
}
# stop_if_full P: a full disk (or quota) stops the run at once.
stop_if_full() {
	grep -qi 'no space left\|quota exceeded' "$1.err" 2>/dev/null || return 1
	grep -i -m1 'no space left\|quota exceeded' "$1.err" >&2
	: >"$tmp/stop"
}
# why P: the first message of a stage that is not a count.
why() {
	grep -avE '^rinse-[a-z]+: ([a-z_]+=[0-9]+ ?)+$' "$1.err" | head -1
}
# joined P: the batch's files as one NUL-separated stream on stdout.
joined() { "$BIN/rinse-batch" -c "$1.in" -F "$1.fail"; }
# remote B Z: the chain over the stream Z on a -S host, to stdout: batch
# B's host first, the others in turn while one cannot be reached or drops
# the connection (ssh exits 255). What a host sent is passed on only when
# its run ended, so a host lost half-way leaves nothing behind.
remote() {
	local n=${#slots[@]} i st=255 h
	for ((i = 0; i < n && st == 255; i++)); do
		h=${slots[($1 + i) % n]}
		if [ "$h" = : ]; then
			chain -z -v <"$2" >"$2.res"
		else
			$ssh "$h" "$rcmd" <"$2" >"$2.res"
		fi
		st=$?
		[ $st = 255 ] && say "$h: cannot be reached; the batch goes to the next host" 2>&3
	done
	[ $st = 255 ] || cat "$2.res"
	return $st
}
# chained P TOKEN: the chain over the batch P, split into temporary
# outputs named by TOKEN, renamed (rinse-batch -r) once all went well.
chained() {
	local b=${1##*/b}
	if [ -n "$hosts" ]; then
		joined "$1" >"$1.z" && remote "${b%%.*}" "$1.z"
	else
		joined "$1" | ids=$1.out wlog=${xlog:+$1.log} chain -z -v
	fi | "$BIN/rinse-batch" -s "$1.out" -k "$2"
}
# solo IN OUT P: a file too big for a batch, or holding NULs (UTF-16,
# binary), through the chain alone; its messages in P.s.err.
solo() {
	local in=$1 out=$2 t=${2%/*}/.${2##*/}.$BASHPID.tmp e=$3.s.err st
	: >"$e"
	mkdir -p "${out%/*}" 2>>"$e" || return 1
	printf '%s\0' "$out" >"$3.id"
	{ case $in in *.gz) gzip -dc -- "$in" ;; *) cat -- "$in" ;; esac |
	    ids=$3.id wlog=${xlog:+$3.slog} chain -v >"$t"; } 2>>"$e" &&
	    mv -f "$t" "$out" 2>>"$e"
	st=$?
	if [ -n "$xlog" ]; then
		[ $st = 0 ] && printf '%s\n' "$in" >"$3.sname" && maplog "$3.slog" "$3.sname"
		rm -f "$3.slog" "$3.sname"
	fi
	grep -E '^rinse-[a-z]+: ([a-z_]+=[0-9]+ ?)+$' "$e" >>"$tmp/stats.$BASHPID"
	[ $st = 0 ] || rm -f "$t"
	return $st
}
# emptied IN OUT P: the stage after which a document with text has none.
emptied() {
	local s w=$3.e0 n=$3.e1
	printf '%s\0' "$2" >"$3.id"
	case $1 in *.gz) gzip -dc -- "$1" ;; *) cat -- "$1" ;; esac >"$w" 2>/dev/null
	for s in "${chain[@]}"; do
		local -n a=args_$s
		if [ $s = dedup ]; then
			"$BIN/rinse-$s" --ids "$3.id" "${a[@]}" <"$w" >"$n" 2>/dev/null
		else
			"$BIN/rinse-$s" "${a[@]}" <"$w" >"$n" 2>/dev/null
		fi
		unset -n a
		if ! LC_ALL=C.UTF-8 grep -aq '[[:alnum:]]' "$n"; then
			# Nothing after the first stage: there was no text.
			[ $s = "${chain[0]}" ] && s=
			break
		fi
		mv -f "$n" "$w"
	done
	rm -f "$w" "$n"
	printf '%s' "$s"
}
# finish P: after the batch P's outputs are renamed: records, counts, and
# the documents that came out empty.
finish() {
	local p=$1 i n line stage bytes=0 done=0
	local -a in out recs fail rec=()
	mapfile -d '' -t in <"$p.in"
	mapfile -d '' -t out <"$p.out"
	mapfile -d '' -t recs <"$p.rec"
	n=${#in[@]}
	[ -f "$p.fail" ] && while IFS=$'\t' read -r i line; do fail[i]=$line; done <"$p.fail"
	for ((i = 0; i < n; i++)); do
		if [ -n "${fail[i]:-}" ]; then
			if [ "${fail[i]}" = solo ]; then
				solo "${in[i]}" "${out[i]}" "$p" || {
					stop_if_full "$p.s" || fail_note "${in[i]}" "$(why "$p.s")"
					continue
				}
			else
				fail_note "${in[i]}" "${fail[i]}"
				continue
			fi
		fi
		rec+=("${recs[i]}")
		done=$((done + 1)) bytes=$((bytes + ${recs[i]%%$'\t'*}))
		if [ ! -s "${out[i]}" ]; then
			stage=$(emptied "${in[i]}" "${out[i]}" "$p")
			[ -n "$stage" ] && printf '%s\t%s\n' "${in[i]}" "$stage" >>"$state/empty.tsv"
		fi
	done
	[ ${#rec[@]} = 0 ] || printf '%s\0' "${rec[@]}" >>"$state/done" || : >"$tmp/stop"
	printf '%s %s\n' "$done" "$bytes" >>"$tmp/progress"
}
# halve P: P's files as two batches P.a and P.b, each done on its own.
halve() {
	local p=$1 n h x
	n=$(tr -cd '\0' <"$p.in" | wc -c)
	h=$((n / 2))
	for x in in out rec; do
		head -z -n $h "$p.$x" >"$p.a.$x"
		tail -z -n +$((h + 1)) "$p.$x" >"$p.b.$x"
	done
	unit "$p.a"
	unit "$p.b"
}
# unit P: the batch P through the chain; its outputs renamed when the
# chain ran clean; else halved, down to the one file that fails.
unit() {
	local p=$1 n tok=$BASHPID
	[ -e "$tmp/stop" ] && return
	if chained "$p" $tok 2>"$p.err" &&
	    "$BIN/rinse-batch" -r "$p.out" -F "$p.fail" -k $tok 2>>"$p.err"; then
		grep -E '^rinse-[a-z]+: ([a-z_]+=[0-9]+ ?)+$' "$p.err" >>"$tmp/stats.$BASHPID"
		[ -z "$xlog" ] || { tr '\0' '\n' <"$p.in" >"$p.names"; maplog "$p.log" "$p.names"; }
		finish "$p"
	else
		"$BIN/rinse-batch" -d "$p.out" -k $tok 2>/dev/null
		if stop_if_full "$p"; then
			:
		elif [ "$(tr -cd '\0' <"$p.in" | wc -c)" -gt 1 ]; then
			halve "$p"
		else
			fail_note "$(tr -d '\0' <"$p.in")" "$(why "$p")"
		fi
	fi
	rm -f "$p".*
}

# ---- the run: batches over -j workers ------------------------------------------
start=$(date +%s.%N)
progress() {	# on a terminal: files done / to do, MB/s, ETA
	local f=0 b=0 n x el
	while read -r n x; do f=$((f + n)); b=$((b + x)); done <"$tmp/progress"
	el=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
	awk -v f=$f -v t=$todo -v b=$b -v el=$el 'BEGIN {
		r = el > 0 ? b / el / 1048576 : 0
		eta = f > 0 ? (t - f) * el / f : 0
		printf "\r%d/%d files  %.1f MB/s  ETA %ds ", f, t, r, eta }' >&2
}
ppid_=
if [ -t 2 ] && [ $nb -gt 0 ]; then
	( while :; do progress; sleep 1; done ) &
	ppid_=$!
fi
running=0 pids=()
for ((b = 0; b < nb; b++)); do
	if [ $running -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
	[ -e "$tmp/stop" ] && break
	unit "$tmp/b$b" &
	pids+=($!) running=$((running + 1))
done
[ ${#pids[@]} -gt 0 ] && wait "${pids[@]}"
if [ -n "$ppid_" ]; then kill "$ppid_" 2>/dev/null; wait "$ppid_" 2>/dev/null; progress; echo >&2; fi

# ---- summary -----------------------------------------------------------------
end=$(date +%s.%N)
done_=$(awk '{ s += $1 } END { print s + 0 }' "$tmp/progress")
failed=$(wc -l <"$state/failed.tsv")
empty=$(wc -l <"$state/empty.tsv")
summary=$(cat "$tmp"/stats.* 2>/dev/null | awk -v done=$done_ -v skipped=$skipped \
    -v failed=$failed -v empty=$empty -v a="$start" -v b="$end" -v first="${chain[0]}" \
    -v last="${chain[${#chain[@]}-1]}" -v order="${STAGES[*]}" '
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
		printf "files: %d done, %d skipped, %d failed, %d empty; bytes: %d in, %d out; %.1f s, %.1f MB/s\n",
		    done, skipped, failed, empty, in_, out, s, (s > 0 ? in_ / s / 1048576 : 0)
		line = "dropped paragraphs:"
		n = split(order, st, " ")
		for (i = 1; i <= n; i++)
			if (st[i] in seen)
				line = line sprintf(" %s=%d", st[i], v[st[i], "dropped"])
		print line
	}')
echo "$summary" >&2
[ $failed -gt 0 ] && say "$failed failed; see $state/failed.tsv"
[ $empty -gt 0 ] && say "$empty came out empty; see $state/empty.tsv"
if [ -n "$logfile" ]; then
	{ date '+%Y-%m-%dT%H:%M:%S%z'; echo "$summary"; } >>"$logfile" ||
	    say "$logfile: cannot append the summary"
fi
# The record of outputs, one line each, the last made.
if [ -f "$state/done" ] && [ ! -e "$tmp/stop" ]; then
	awk 'BEGIN { RS = ORS = "\0"; FS = "\t" }
	    { r = $0; sub(/^[^\t]*\t[^\t]*\t[^\t]*\t/, "", r); last[r] = $0; if (!(r in seen)) { seen[r] = 1; order[++n] = r } }
	    END { for (i = 1; i <= n; i++) print last[order[i]] }' \
	    "$state/done" >"$state/done.new" && mv -f "$state/done.new" "$state/done"
fi
if [ -e "$tmp/stop" ]; then
	rm -rf "$tmp"
	say "stopped: outputs could not be written (see above); $((todo - done_ - failed)) files not done"
	exit 2
fi
rm -rf "$tmp"
[ $failed -gt 0 ] && exit 1
exit 0
