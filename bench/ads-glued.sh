#!/bin/sh
# rinse-ads on crawler-shaped text: the text of bench/ads-throughput.sh
# with each document glued into one line (no separator, as
# ../shared/tools/glue makes it), against `cat | cat` in the same run; and
# single lines of about 2 MB that once took quadratic time: e-mail
# addresses among words under two strip rules, and nested inline tags
# under the bundled rules. Those report seconds: linear time keeps them
# near the time of the same megabytes of ordinary text.
#
#   sh bench/ads-glued.sh [MB]        (default 30)
. "$(dirname "$0")/lib.sh"
MB=${1:-30}
SRC=$DATA/ads-$MB.txt
OUT=$DATA/ads-glued-$MB.txt
[ -x "$BIN/rinse-ads" ] || { echo "build $BIN/rinse-ads first" >&2; exit 2; }
[ -s "$SRC" ] || sh "$TOP/bench/ads-throughput.sh" "$MB" >/dev/null
if [ ! -s "$OUT" ]; then
	# every record's lines joined with nothing between them
	tr '\n\0' '\001\n' <"$SRC" | sed 's/\x01//g' | tr '\n' '\0' >"$OUT.tmp"
	mv "$OUT.tmp" "$OUT"
fi
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "user%d@example.com word ", i; print "" }' >"$DATA/ads-emails.txt"
awk 'BEGIN { for (i = 0; i < 100000; i++)
	printf "<div><p><b><i><span>"; print "" }' >"$DATA/ads-tags.txt"
printf 'strip [\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+\nstrip \\d{3}-\\d{4}\n' \
    >"$DATA/ads-two.rules"

CAT_SECS=$(median_secs "cat '$OUT' | cat")
echo "### rinse-ads on glued text ($(($(stat -c %s "$OUT") / 1000000)) MB," \
    "one line a document)"
echo
echo "| input | MB/s | × cat \\| cat | peak RSS MB |"
echo "| --- | --- | --- | --- |"
printf '| cat \\| cat, glued | %s | 1.00 | - |\n' "$(mbps "$OUT" "$CAT_SECS")"
row "rinse-ads, glued" "$OUT" "'$BIN/rinse-ads' -z"
row "rinse-ads, the same text a paragraph a line" "$SRC" "'$BIN/rinse-ads' -z"
echo
echo "| one long line | MB | seconds |"
echo "| --- | --- | --- |"
printf '| e-mails among words, two strip rules | %s | %s |\n' \
    "$(awk -v b="$(stat -c %s "$DATA/ads-emails.txt")" \
    'BEGIN { printf "%.1f", b / 1e6 }')" \
    "$(median_secs "'$BIN/rinse-ads' -R -r '$DATA/ads-two.rules' \
    <'$DATA/ads-emails.txt'")"
printf '| nested inline tags, bundled rules | %s | %s |\n' \
    "$(awk -v b="$(stat -c %s "$DATA/ads-tags.txt")" \
    'BEGIN { printf "%.1f", b / 1e6 }')" \
    "$(median_secs "'$BIN/rinse-ads' <'$DATA/ads-tags.txt'")"
