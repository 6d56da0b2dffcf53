# Input generators of the bad-input suite, sourced by tests/sh/bad-suite.sh.
# gen NAME FILE writes the input called NAME (the third field of
# tests/bad/cases) to FILE. Big inputs are made here at test time, never
# committed.

# A line of printable text, so the stages have a paragraph to keep.
story='The council approved the new budget for schools and roads on Monday.'

# N bytes of one character C, no newline.
run_of() { head -c "$1" /dev/zero | tr '\0' "$2"; }

gen() {
	case $1 in
	empty)	: >"$2" ;;
	text)	seq 1 20000 | sed "s/^/$story /" >"$2" ;;
	trunc-end)
		printf '%s\nThe price is 5 \342\202' "$story" >"$2" ;;
	# A character split by the first 128 KiB read, then one cut short
	# there: 131071 bytes of lines, then the euro sign (3 bytes).
	split-128k)
		{ awk -v s="$story" 'BEGIN { while (n + length(s) + 1 <= 131000)
			{ print s; n += length(s) + 1 } }'
		} >"$2"
		n=$(wc -c <"$2")
		run_of $((131071 - n)) x >>"$2"
		printf '\342\202\254 euro\n%s\n' "$story" >>"$2" ;;
	trunc-128k)
		gen split-128k "$2.tmp"
		head -c 131073 "$2.tmp" >"$2"
		printf ' cut\n%s\n' "$story" >>"$2"
		rm -f "$2.tmp" ;;
	overlong)
		printf '%s \300\257 \340\200\257 \360\200\200\257 end\n' \
		    "$story" >"$2" ;;
	surrogate)
		printf '%s \355\240\200\355\260\200 end\n' "$story" >"$2" ;;
	ff-fe)	printf '%s \377 and \376 end\n' "$story" >"$2" ;;
	lone-cont)
		printf '%s \200 \277\277 end\n' "$story" >"$2" ;;
	# UTF-16LE with a BOM and one byte too many.
	utf16-odd)
		printf '\377\376' >"$2"
		printf '%s\n' "$story" | iconv -f UTF-8 -t UTF-16LE >>"$2"
		printf 'x' >>"$2" ;;
	nul)	printf '%s\n%s\0%s\n' "$story" "$story" "$story" >"$2" ;;
	line-100m)
		run_of 100000000 a >"$2" ;;
	lt-1m)	run_of 1000000 '<' >"$2"; echo >>"$2" ;;
	nest-1m)
		awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "<div>";
			print "deep text here" }' >"$2" ;;
	# "<!--" never closed, then 50 MB of page in 100-byte lines.
	comment-50m)
		{ printf '<!-- <html><body>\n'
		  awk -v s="$story" 'BEGIN { for (i = 0; i < 500000; i++)
			printf "<p>%s %06d</p>\n", substr(s, 1, 84), i }'
		} >"$2" ;;
	# "&amp;amp;amp;...;" a million levels deep, in one line.
	entity-flood)
		{ printf '<p>Fish &amp;'; yes 'amp;' | head -n 1000000 |
		    tr -d '\n'; printf ' chips</p>\n'; } >"$2" ;;
	aaab)	{ run_of 5000 a; printf 'b\n%s\n' "$story"; } >"$2" ;;
	*)	echo "gen: no input $1" >&2; return 1 ;;
	esac
}
