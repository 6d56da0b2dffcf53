#!/bin/sh
# rinse-tidy throughput and memory: 100 MB of UTF-8 text made by repeating
# the samples, against cat | cat in the same run; peak RSS on that file and
# on one 50 MB line.
. "$(dirname "$0")/lib.sh"

f=$DATA/text-100m.txt
mkrepeat "$f" 100 "$TOP"/samples/ko-news.txt "$TOP"/samples/en-news.txt \
    "$TOP"/samples/repeated.txt "$TOP"/samples/wrapped.txt
line=$DATA/line-50m.txt
[ -s "$line" ] || tr '\n' ' ' <"$f" | head -c 50000000 >"$line"

CAT_SECS=$(median_secs "cat '$f' | cat")
echo "### rinse-tidy ($(($(stat -c %s "$f") / 1000000)) MB of text)"
echo
echo "| command | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
printf '| cat \\| cat | %s | 1.00 | - |\n' "$(mbps "$f" "$CAT_SECS")"
row "rinse-tidy" "$f" "$BIN/rinse-tidy"
row "rinse-tidy -u" "$f" "$BIN/rinse-tidy -u -M 1G"
echo
echo "Peak RSS on one 50 MB line: $(rss_mb "$BIN/rinse-tidy <'$line'") MB"
