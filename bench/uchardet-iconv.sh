#!/bin/sh
# The peer converter for score-enc: uchardet guesses, iconv converts.
t=$(mktemp) || exit 2
cat >"$t"
cs=$(uchardet "$t")
case $cs in unknown|"") cs=UTF-8 ;; esac
iconv -f "$cs" -t UTF-8 <"$t"
rm -f "$t"
