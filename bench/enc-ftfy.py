#!/usr/bin/env python3
"""Scores rinse-enc -m on mojibake cases.

usage: enc-ftfy.py CASES.jsonl [BIN]

Each case is a JSON line with "original", "fixed", "expect" and "file".
Cases of in-the-wild.json and synthetic.json count as fixed when the
output equals "fixed" (both in NFC); cases of negative.json count as kept
when the output equals the original. Prints the failures and the two
rates; exits 1 when below the acceptance targets (90% fixed, 100% kept).
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
    fix = fixok = keep = keepok = 0
    for line in open(cases, encoding='utf-8'):
        c = json.loads(line)
        if '\n' in c['original']:
            continue
        got = run(binary, c['original'])
        if c['file'] in ('in-the-wild.json', 'synthetic.json'):
            fix += 1
            if got == nfc(c['fixed']):
                fixok += 1
            else:
                print('NOT FIXED', repr(c['original'][:60]), '->', repr(got[:60]))
        elif c['file'] == 'negative.json':
            keep += 1
            if got == nfc(c['original']):
                keepok += 1
            else:
                print('CHANGED', repr(c['original'][:60]), '->', repr(got[:60]))
    print('fixed=%.4f (%d/%d) kept=%.4f (%d/%d)' % (fixok / max(1, fix), fixok,
          fix, keepok / max(1, keep), keepok, keep))
    sys.exit(0 if fixok >= 0.9 * fix and keepok == keep else 1)

main()
