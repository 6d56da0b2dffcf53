#!/bin/sh
# rinse-tidy throughput and memory: 100 MB of UTF-8 text made by repeating
# the samples, against cat | cat in the same run; -u on it, on a -z stream
# of articles (bench/dedup-gen.sh) and on 100 MB of hard-wrapped text; peak
# RSS on each and on one 50 MB line.
. "$(dirname "$0")/lib.sh"

f=$DATA/text-100m.txt
mkrepeat "$f" 100 "$TOP"/samples/ko-news.txt "$TOP"/samples/en-news.txt \
    "$TOP"/samples/repeated.txt "$TOP"/samples/wrapped.txt
arts=$DATA/dedup-100m.z
[ -s "$arts" ] || sh "$TOP/bench/dedup-gen.sh" 100 >"$arts"
wrapped=$DATA/wrapped-100m.txt
if [ ! -s "$wrapped" ]; then	# the sample is small: repeat it in bulk first
	for i in $(seq 1000); do cat "$TOP"/samples/wrapped.txt; done \
	    >"$DATA/.wrapped.$$"
	mkrepeat "$wrapped" 100 "$DATA/.wrapped.$$"
	rm -f "$DATA/.wrapped.$$"
fi
line=$DATA/line-50m.txt
[ -s "$line" ] || tr '\n' ' ' <"$f" | head -c 50000000 >"$line"

CAT_SECS=$(median_secs "cat '$f' | cat")
echo "### rinse-tidy ($(($(stat -c %s "$f") / 1000000)) MB of text)"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
printf '| cat \\| cat | %s | 1.00 | - |\n' "$(mbps "$f" "$CAT_SECS")"
row "rinse-tidy" "$f" "$BIN/rinse-tidy"
row "rinse-tidy -u" "$f" "$BIN/rinse-tidy -u"
echo
CAT_SECS=$(median_secs "cat '$arts' | cat")
echo "On $(($(stat -c %s "$arts") / 1000000)) MB of articles, NUL-separated:"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
row "rinse-tidy -z" "$arts" "$BIN/rinse-tidy -z"
row "rinse-tidy -z -u" "$arts" "$BIN/rinse-tidy -z -u"
echo
CAT_SECS=$(median_secs "cat '$wrapped' | cat")
echo "On $(($(stat -c %s "$wrapped") / 1000000)) MB of hard-wrapped text, one document:"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
row "rinse-tidy" "$wrapped" "$BIN/rinse-tidy"
row "rinse-tidy -u" "$wrapped" "$BIN/rinse-tidy -u"
echo
echo "Peak RSS on one 50 MB line: $(rss_mb "$BIN/rinse-tidy <'$line'") MB"
