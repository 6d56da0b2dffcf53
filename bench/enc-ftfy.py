#!/usr/bin/env python3
"""Scores rinse-enc -m on mojibake cases.

usage: enc-ftfy.py CASES.jsonl [BIN]

Each case is a JSON line with "original", "fixed", "expect" and "file".
Cases of in-the-wild.json and synthetic.json count as fixed when the
output equals "fixed" (both in NFC); cases of negative.json count as kept
when the output equals the original. ftfy's expected output also has its
curly quotes made straight, which is not mojibake repair (and not what
rinse-enc does), so a second rate compares with quotes made straight on
both sides. Prints the failures and the rates; exits 1 when below the
acceptance targets (90% fixed, 100% kept) by the second rate.
"""
import json, subprocess, sys, unicodedata

def run(binary, text):
    p = subprocess.run([binary, '-m', '-f', 'UTF-8'], input=text.encode(),
                       capture_output=True)
    return p.stdout.decode('utf-8', 'replace').rstrip('\n')

def main():
    cases = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else 'bin/rinse-enc'
    nfc = lambda s: unicodedata.normalize('NFC', s)
    fix = fixok = loose = keep = keepok = 0
    quotes = str.maketrans({'\u2018': "'", '\u2019': "'", '\u201a': "'",
                            '\u201c': '"', '\u201d': '"', '\u201e': '"'})
    straight = lambda s: s.translate(quotes)
    for line in open(cases, encoding='utf-8'):
        c = json.loads(line)
        if '\n' in c['original']:
            continue
        got = run(binary, c['original'])
        if c['file'] in ('in-the-wild.json', 'synthetic.json'):
            fix += 1
            if got == nfc(c['fixed']):
                fixok += 1
            if straight(got) == straight(nfc(c['fixed'])):
                loose += 1
            else:
                print('NOT FIXED', repr(c['original'][:60]), '->', repr(got[:60]))
        elif c['file'] == 'negative.json':
            keep += 1
            if got == nfc(c['original']):
                keepok += 1
            else:
                print('CHANGED', repr(c['original'][:60]), '->', repr(got[:60]))
    print('fixed=%.4f (%d/%d) fixed_straight_quotes=%.4f (%d/%d) '
          'kept=%.4f (%d/%d)' % (fixok / max(1, fix), fixok, fix,
          loose / max(1, fix), loose, fix, keepok / max(1, keep), keepok,
          keep))
    sys.exit(0 if loose >= 0.9 * fix and keepok == keep else 1)

main()
