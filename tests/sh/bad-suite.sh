# The bad-input suite: every case of tests/bad/cases (its header says how
# one reads) run through the stages it names, each checked for its exit
# status, its message on stderr, its output, no sanitizer report, and its
# peak RSS against the case's cap.
#
# A failure of a case listed in tests/bad/known ("CASE STAGE: why") is a
# known bug: it is reported, and when nothing else fails the script exits
# 77 (skip) so `make check` stays usable until the bug is fixed.
#
# BAD_ONLY=NAME runs one case and BAD_STAGES="enc tidy" some stages;
# BAD_PROBE=1 prints what each case does instead of checking it (for
# writing cases); BAD_WRAP="valgrind -q --error-exitcode=99
# --leak-check=full --errors-for-leak-kinds=definite
# --suppressions=$TOP/tests/bad/valgrind.supp" runs every stage under that
# command (it may name $TOP). Peak RSS is not checked under a wrapper nor
# in a sanitizer build, and a wrapper leaves out the cases of 50 MB and
# more.
set -u
. "$TOP/tests/bad/gen.sh"
fail=0 known=0
current=
no() {
	if [ -n "$current" ] &&
	    grep -q "^$current:" "$TOP/tests/bad/known" 2>/dev/null; then
		echo "known bug: $*"
		known=1
		return
	fi
	echo "FAIL: $*"
	fail=1
}
command -v /usr/bin/time >/dev/null 2>&1 && timer=/usr/bin/time || timer=
wrap=$(eval "echo ${BAD_WRAP:-}")
[ -n "$wrap" ] && timer=
# AddressSanitizer's shadow memory and quarantine make RSS meaningless.
san=
if grep -q __asan_init "$BIN/rinse-tidy" 2>/dev/null; then
	timer= san=1
	echo "note: sanitizer build; peak RSS not checked"
fi
[ -n "$timer" ] || [ -n "$wrap" ] || [ -n "$san" ] ||
    echo "note: no /usr/bin/time; peak RSS not checked"

trim() { printf '%s' "$1" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//'; }

# run BIN ARGS HOW IN: runs one case; leaves $TMP/out, $TMP/err, $TMP/st,
# $TMP/rss (KiB).
run() {
	bin="$wrap $1" args=$2 how=$3 in=$4
	rm -f "$TMP/out" "$TMP/err" "$TMP/st" "$TMP/rss"
	: >"$TMP/rss"; : >"$TMP/out"
	# shellcheck disable=SC2086
	case $how in
	file)	$timer ${timer:+-f %M -o "$TMP/rss"} $bin $args "$in" \
		    </dev/null >"$TMP/out" 2>"$TMP/err" ;;
	stdin)	$timer ${timer:+-f %M -o "$TMP/rss"} $bin $args \
		    <"$in" >"$TMP/out" 2>"$TMP/err" ;;
	dir)	$bin $args "$TMP" </dev/null >"$TMP/out" 2>"$TMP/err" ;;
	noread)	cp "$in" "$TMP/noread"; chmod 000 "$TMP/noread"
		$bin $args "$TMP/noread" </dev/null >"$TMP/out" 2>"$TMP/err"
		echo $? >"$TMP/st"; rm -f "$TMP/noread"; return ;;
	fifo)	rm -f "$TMP/fifo"; mkfifo "$TMP/fifo" || return 1
		cat "$in" >"$TMP/fifo" &
		$timer ${timer:+-f %M -o "$TMP/rss"} $bin $args \
		    "$TMP/fifo" </dev/null >"$TMP/out" 2>"$TMP/err"
		echo $? >"$TMP/st"; wait; return ;;
	head)	# The status of the stage, not of head.
		{ $bin $args "$in" </dev/null 2>"$TMP/err"
		  echo $? >"$TMP/st"; } |
		    head -1 >"$TMP/out" ;
		return ;;
	full)	$bin $args "$in" </dev/null >/dev/full 2>"$TMP/err" ;;
	esac
	echo $? >"$TMP/st"
}

# check CHECKS IN: the output checks of a case, separated by commas;
# prints what is wrong.
check() {
	size=$(wc -c <"$TMP/out")
	for c in $(echo "$1" | tr ',' ' '); do
		case $c in
		-)	;;
		same)	cmp -s "$2" "$TMP/out" || echo "output differs from input" ;;
		story)	grep -qF "$story" "$TMP/out" || echo "the story line is gone" ;;
		fffd)	grep -q "$(printf '\357\277\275')" "$TMP/out" ||
			    echo "no U+FFFD in output" ;;
		utf8)	tr -d '\0' <"$TMP/out" | iconv -f UTF-8 -t UTF-8 \
			    >/dev/null 2>&1 || echo "output is not valid UTF-8" ;;
		empty)	[ "$size" = 0 ] || echo "output not empty ($size bytes)" ;;
		nuls=*) n=$(tr -cd '\0' <"$TMP/out" | wc -c)
			[ "$n" = "${c#nuls=}" ] || echo "$n NULs out, want ${c#nuls=}" ;;
		size=*)	[ "$size" = "${c#size=}" ] || echo "output $size bytes" ;;
		size\>=*) [ "$size" -ge "${c#size>=}" ] || echo "output $size bytes" ;;
		has:*)	grep -qF "${c#has:}" "$TMP/out" || echo "no '${c#has:}' out" ;;
		*)	echo "bad check $c" ;;
		esac
	done
}

cases=0
while IFS='|' read -r name stages input how args want msg cap chk; do
	name=$(trim "$name")
	case $name in ''|'#'*) continue ;; esac
	[ -n "${BAD_ONLY:-}" ] && [ "$name" != "$BAD_ONLY" ] && continue
	stages=$(trim "$stages"); input=$(trim "$input"); how=$(trim "$how")
	args=$(trim "$args"); want=$(trim "$want"); msg=$(trim "$msg")
	cap=$(trim "$cap"); chk=$(trim "$chk")
	[ "$args" = - ] && args=
	[ "$stages" = all ] && stages="enc html ads dedup tidy"
	# Under a wrapper the inputs of 50 MB and more would take minutes.
	case $wrap:$input in ?*:line-*|?*:comment-*) continue ;; esac
	in=$TMP/in-$input
	[ -f "$in" ] || gen "$input" "$in" || { no "$name: gen $input"; continue; }
	for s in $stages; do
		[ -x "$BIN/rinse-$s" ] || continue
		case " ${BAD_STAGES:-$s} " in *" $s "*) ;; *) continue ;; esac
		if [ "$how" = noread ] && [ "$(id -u)" = 0 ]; then
			continue	# root reads a mode 000 file
		fi
		cases=$((cases + 1))
		current="$name $s"
		a=$(eval "echo $args")	# $TOP, $TMP in arguments
		run "$BIN/rinse-$s" "$a" "$how" "$in"
		st=$(cat "$TMP/st")
		rss=$(tail -1 "$TMP/rss" 2>/dev/null)
		if [ -n "${BAD_PROBE:-}" ]; then
			printf '%-14s %-6s st=%s rss=%sK out=%s err=%s\n' \
			    "$name" "$s" "$st" "$rss" "$(wc -c <"$TMP/out")" \
			    "$(head -c 150 "$TMP/err" | tr '\n' ' ')"
			continue
		fi
		case " $want " in *" $st "*) ;; *)
			no "$name rinse-$s: exit $st, want $want:" \
			    "$(head -c 300 "$TMP/err")" ;;
		esac
		if [ "$msg" = - ]; then
			[ -s "$TMP/err" ] && no "$name rinse-$s: stderr:" \
			    "$(head -c 300 "$TMP/err")"
		elif [ "$msg" != '*' ] && ! grep -qF -- "$msg" "$TMP/err"; then
			no "$name rinse-$s: no '$msg' in: $(head -c 300 "$TMP/err")"
		fi
		if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' \
		    "$TMP/err"; then
			no "$name rinse-$s: sanitizer report"
		fi
		w=$(check "$chk" "$in")
		[ -z "$w" ] || no "$name rinse-$s: $w"
		if [ -n "$rss" ] && [ "$cap" != - ] &&
		    [ "$rss" -gt $((cap * 1024)) ]; then
			no "$name rinse-$s: peak RSS $((rss / 1024)) MB over" \
			    "the cap of $cap MB"
		fi
		rm -f "$TMP/out"
	done
	case $input in line-*|comment-*) rm -f "$in" ;; esac
done <"$TOP/tests/bad/cases"
current=
[ $cases -gt 0 ] || no "no case ran"
[ $fail = 0 ] || exit 1
if [ $known = 1 ]; then
	echo "skip: known bugs above (tests/bad/known)"
	exit 77
fi
exit 0
