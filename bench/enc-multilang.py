#!/usr/bin/env python3
"""Multilingual accuracy of rinse-enc on text built from Debian's translations.

usage: enc-multilang.py [--dir DIR] [--split dev|held|all] [--table]
                        [--verbose] [--uchardet] BIN

Text: the translated strings (msgstr) of the .mo catalogues installed under
/usr/share/locale, per language. Each sample (200 bytes to 20 KB, sizes
spread evenly in log scale) is made of whole strings of one language that
the target encoding can write, joined by newlines, and encoded with iconv
into each encoding that language is written in (the language x encoding
tables uchardet and chardet document). Romanian s/t with a comma below
become the cedilla forms where an encoding lacks them, as writers did.

Held out, never looked at while the detector was written: every catalogue
whose domain name hashes to 0 mod 4 (split "held", same languages), and
whole languages listed in HELD_LANGS (their samples are all "held").
The rest is "dev". The languages in UNMODELLED have no table in the
detector (stages/enc/gen-langs.py) and are all "dev": they are how the
detector's reading of a language it does not know was developed, so that
the held-out languages can measure it.

The set depends on the catalogues installed (3,768 .mo files when the
figures in bench/report.md were taken); DIR keeps one set fixed once made.

A sample is right when `BIN` (rinse-enc, one process per file) writes the
iconv decoding of it, both in NFC. The table gives, per true encoding,
how many, how many right, and what rinse-enc -d said most often when
wrong. Then the accuracy of each group (dev, the languages without
tables, the held-out files, the held-out languages) with its close pairs,
and of the close pairs over all. DIR (default bench/data/enc-ml) caches
the samples; they are rebuilt when it is missing. Exit 0; the last line
is 'accuracy=X (right/total)'.
"""
import os, sys, struct, glob, random, subprocess, unicodedata, zlib, re
from collections import defaultdict, Counter

W1 = ['ISO-8859-1', 'ISO-8859-15', 'WINDOWS-1252']
CE = ['ISO-8859-2', 'WINDOWS-1250', 'IBM852', 'MAC-CENTRALEUROPE']
LANGS = {
    'fr': W1 + ['MACINTOSH'], 'de': W1 + ['MACINTOSH', 'IBM850'],
    'es': W1, 'pt': W1, 'it': W1, 'nl': W1, 'ca': W1,
    'da': W1 + ['ISO-8859-10'], 'sv': W1 + ['ISO-8859-4', 'ISO-8859-10'],
    'nb': W1 + ['ISO-8859-10'], 'fi': W1 + ['ISO-8859-4', 'ISO-8859-13'],
    'is': ['ISO-8859-1', 'WINDOWS-1252', 'ISO-8859-10'],
    'ga': W1, 'cy': ['ISO-8859-14'],
    'et': ['ISO-8859-4', 'ISO-8859-13', 'ISO-8859-15', 'WINDOWS-1257'],
    'lt': ['ISO-8859-4', 'ISO-8859-10', 'ISO-8859-13', 'WINDOWS-1257'],
    'lv': ['ISO-8859-4', 'ISO-8859-10', 'ISO-8859-13', 'WINDOWS-1257'],
    'pl': CE + ['ISO-8859-13', 'ISO-8859-16'], 'cs': CE, 'sk': CE,
    'sl': CE + ['ISO-8859-16'], 'hr': CE + ['ISO-8859-13', 'ISO-8859-16'],
    'hu': CE + ['ISO-8859-16'], 'ro': CE + ['ISO-8859-16'],
    'tr': ['ISO-8859-3', 'ISO-8859-9', 'WINDOWS-1254'],
    'mt': ['ISO-8859-3'], 'eo': ['ISO-8859-3'],
    'el': ['ISO-8859-7', 'WINDOWS-1253'],
    'ru': ['ISO-8859-5', 'KOI8-R', 'WINDOWS-1251', 'IBM866', 'IBM855',
           'MAC-CYRILLIC'],
    'uk': ['KOI8-U', 'WINDOWS-1251', 'ISO-8859-5', 'MAC-CYRILLIC'],
    'bg': ['WINDOWS-1251', 'ISO-8859-5', 'IBM855', 'MAC-CYRILLIC'],
    'be': ['WINDOWS-1251', 'ISO-8859-5', 'IBM866', 'MAC-CYRILLIC'],
    'mk': ['WINDOWS-1251', 'ISO-8859-5', 'IBM855'],
    'sr': ['WINDOWS-1251', 'ISO-8859-5'],
    'he': ['ISO-8859-8', 'WINDOWS-1255'], 'ar': ['ISO-8859-6', 'WINDOWS-1256'],
    'fa': ['WINDOWS-1256'], 'th': ['TIS-620', 'CP874'],
    'vi': ['WINDOWS-1258', 'VISCII'],
    'ko': ['EUC-KR', 'CP949', 'ISO-2022-KR'],
    'ja': ['SHIFT_JIS', 'EUC-JP', 'ISO-2022-JP'],
    'zh_CN': ['GB2312', 'GB18030'], 'zh_TW': ['BIG5', 'EUC-TW'],
    # Held-out languages.
    'gl': W1, 'eu': W1, 'af': ['WINDOWS-1252'], 'sq': W1,
    'oc': W1, 'br': W1, 'fo': ['ISO-8859-1', 'WINDOWS-1252', 'ISO-8859-10'],
    'bs': CE, 'sr@latin': ['ISO-8859-2', 'WINDOWS-1250'],
    'nn': W1,
    # Languages the detector has no table for, to develop how it reads
    # text of a language it does not know (dev: all their catalogues).
    'ast': W1, 'fur': W1, 'sc': W1, 'wa': W1, 'an': W1, 'gd': W1,
    'nds': W1, 'li': W1, 'crh': ['ISO-8859-9', 'WINDOWS-1254'],
    'kmr': ['ISO-8859-9', 'WINDOWS-1254'],
}
UNMODELLED = {'ast', 'fur', 'sc', 'wa', 'an', 'gd', 'nds', 'li', 'crh',
              'kmr'}
HELD_LANGS = {'gl', 'eu', 'af', 'sq', 'oc', 'br', 'fo', 'bs', 'sr@latin',
              'nn'}
PAIRS = {
    'Latin-1 / ISO-8859-15 / Windows-1252': W1,
    'ISO-8859-7 / Windows-1253': ['ISO-8859-7', 'WINDOWS-1253'],
    'ISO-8859-2 / Windows-1250 / IBM852 / Mac CE': CE,
    'ISO-8859-8 / Windows-1255': ['ISO-8859-8', 'WINDOWS-1255'],
    'Baltic: ISO-8859-4 / -10 / -13 / Windows-1257':
        ['ISO-8859-4', 'ISO-8859-10', 'ISO-8859-13', 'WINDOWS-1257'],
    'KOI8-R / KOI8-U': ['KOI8-R', 'KOI8-U'],
}
PER_PAIR = 8        # samples per language and encoding and split
LOCALE = '/usr/share/locale'


def mo_strings(path):
    """The first msgstr of each entry of a GNU .mo file."""
    data = open(path, 'rb').read()
    magic = struct.unpack('<I', data[:4])[0]
    e = '<' if magic == 0x950412de else '>'
    n, _, toff = struct.unpack(e + '3I', data[8:20])
    out = []
    for i in range(n):
        ln, off = struct.unpack(e + '2I', data[toff + 8 * i:toff + 8 * i + 8])
        s = data[off:off + ln].split(b'\0')[0]
        try:
            out.append(s.decode('utf-8'))
        except UnicodeDecodeError:
            pass
    return out


CLEAN = [(re.compile(r'%(\d+\$)?[-+ #0]*\d*(\.\d+)?[hlLqjzt]*[diouxXeEfgGcsp%]'), ''),
         (re.compile(r'<[^>]*>'), ''), (re.compile(r'[_&](?=\w)'), ''),
         (re.compile(r'\s+'), ' ')]


def clean(s):
    for r, t in CLEAN:
        s = r.sub(t, s)
    return s.strip()


def texts(lang):
    """Strings of lang, by split: {'dev': [...], 'held': [...]}."""
    out = {'dev': [], 'held': []}
    for path in sorted(glob.glob(os.path.join(LOCALE, lang, 'LC_MESSAGES',
                                              '*.mo'))):
        dom = os.path.basename(path)[:-3]
        split = 'held' if lang in HELD_LANGS or \
            (lang not in UNMODELLED and
             zlib.crc32(dom.encode()) % 4 == 0) else 'dev'
        seen = set()
        for s in mo_strings(path)[1:]:     # [0] is the header
            s = clean(s)
            if len(s) < 12 or s in seen or \
                    sum(c.isalpha() for c in s) < len(s) // 2:
                continue
            seen.add(s)
            out[split].append(s)
    return out


def encodable(chars, enc):
    """The characters of chars that enc writes (and reads back)."""
    ok = set()
    lst = sorted(chars)
    blob = '\n'.join(lst).encode('utf-8')
    p = subprocess.run(['iconv', '-c', '-f', 'UTF-8', '-t', enc], input=blob,
                       capture_output=True)
    back = subprocess.run(['iconv', '-f', enc, '-t', 'UTF-8'], input=p.stdout,
                          capture_output=True).stdout.decode('utf-8', 'replace')
    lines = back.split('\n')
    if len(lines) != len(lst):
        return set(c for c in lst if c.isascii())
    for c, b in zip(lst, lines):
        if unicodedata.normalize('NFC', b) == c:
            ok.add(c)
    return ok


CEDILLA = str.maketrans('șțȘȚ', 'şţŞŢ')


def build(d):
    rows = []
    for lang, encs in sorted(LANGS.items()):
        if not os.path.isdir(os.path.join(LOCALE, lang)):
            print('no text for', lang, file=sys.stderr)
            continue
        tx = texts(lang)
        for enc in encs:
            for split in ('dev', 'held'):
                strs = tx[split]
                if not strs:
                    continue
                if enc not in ('ISO-8859-16',):
                    strs = [s.translate(CEDILLA) for s in strs]
                ok = encodable(set(''.join(strs)), enc)
                strs = [s for s in strs if all(c in ok for c in s)]
                if len(strs) < 20:
                    continue
                rng = random.Random('%s/%s/%s' % (lang, enc, split))
                for k in range(PER_PAIR):
                    size = int(200 * 100 ** ((k + rng.random()) / PER_PAIR))
                    start = rng.randrange(len(strs))
                    parts, n, i = [], 0, start
                    while n < size and i < start + len(strs):
                        s = strs[i % len(strs)]
                        parts.append(s)
                        n += len(s.encode('utf-8')) + 1
                        i += 1
                    text = '\n'.join(parts) + '\n'
                    p = subprocess.run(['iconv', '-f', 'UTF-8', '-t', enc],
                                       input=text.encode('utf-8'),
                                       capture_output=True)
                    if p.returncode:
                        continue
                    data = p.stdout
                    if len(data) > 20480:
                        continue
                    rel = '%s/%s/%s-%d.txt' % (split, lang.replace('@', '-'),
                                               enc, k)
                    os.makedirs(os.path.join(d, os.path.dirname(rel)),
                                exist_ok=True)
                    open(os.path.join(d, rel), 'wb').write(data)
                    rows.append((rel, enc, lang, split))
    with open(os.path.join(d, 'manifest.tsv'), 'w') as f:
        for r in rows:
            f.write('\t'.join(r) + '\n')


GROUPS = ['dev', 'dev, languages without tables', 'held-out files',
          'held-out languages']


def group(lang, split):
    if lang in UNMODELLED:
        return GROUPS[1]
    if lang in HELD_LANGS:
        return GROUPS[3]
    return GROUPS[0] if split == 'dev' else GROUPS[2]


def norm(b):
    t = b.decode('utf-8', 'replace')
    t = unicodedata.normalize('NFC', t).replace('\r\n', '\n')
    return t.rstrip('\n')


def main(argv):
    d, split, table, verbose, uchardet = 'bench/data/enc-ml', 'all', False, \
        False, False
    while argv and argv[0].startswith('--'):
        a = argv.pop(0)
        if a == '--dir':
            d = argv.pop(0)
        elif a == '--split':
            split = argv.pop(0)
        elif a == '--table':
            table = True
        elif a == '--verbose':
            verbose = True
        elif a == '--uchardet':
            uchardet = True
        else:
            sys.exit(__doc__)
    if len(argv) != 1 and not uchardet:
        sys.exit(__doc__)
    if not os.path.exists(os.path.join(d, 'manifest.tsv')):
        os.makedirs(d, exist_ok=True)
        build(d)
    rows = [l.rstrip('\n').split('\t') for l in
            open(os.path.join(d, 'manifest.tsv'))]
    right, total = Counter(), Counter()
    lright, ltotal = Counter(), Counter()
    wrong = defaultdict(Counter)
    langs = set()
    nright = ntotal = 0
    gright, gtotal = Counter(), Counter()     # by group, (group, pair)
    for rel, enc, lang, sp in rows:
        if split != 'all' and sp != split:
            continue
        path = os.path.join(d, rel)
        data = open(path, 'rb').read()
        ref = norm(subprocess.run(['iconv', '-f', enc, '-t', 'UTF-8'],
                                  input=data, capture_output=True).stdout)
        if uchardet:
            name = subprocess.run(['uchardet', path], capture_output=True,
                                  text=True).stdout.strip()
            out = subprocess.run(['iconv', '-f', name, '-t', 'UTF-8'],
                                 input=data, capture_output=True).stdout \
                if name and name != 'unknown' else b''
        else:
            out = subprocess.run([argv[0]], input=data,
                                 capture_output=True).stdout
        ok = norm(out) == ref
        langs.add(lang)
        ltotal[lang] += 1
        lright[lang] += ok
        total[enc] += 1
        ntotal += 1
        grp = group(lang, sp)
        gtotal[grp] += 1
        gright[grp] += ok
        for name, encs in PAIRS.items():
            if enc in encs:
                gtotal[grp, name] += 1
                gright[grp, name] += ok
        if ok:
            right[enc] += 1
            nright += 1
            continue
        if uchardet:
            said = name
        else:
            said = subprocess.run([argv[0], '-d'], input=data,
                                  capture_output=True).stdout.decode(
                                      'utf-8', 'replace').split(' ')[0]
            said = said.strip()
        wrong[enc][said] += 1
        if verbose:
            print('wrong: %s (%s, %s) read as %s' % (rel, enc, lang, said))
    if table:
        print('| encoding | files | right | accuracy | wrong, read as |')
        print('| --- | --- | --- | --- | --- |')
        for enc in sorted(total):
            w = ', '.join('%s %d' % kv for kv in wrong[enc].most_common(3))
            print('| %s | %d | %d | %.1f%% | %s |' % (
                enc, total[enc], right[enc], 100.0 * right[enc] / total[enc],
                w))
        print()
    if table:
        print('by language: ' + ', '.join(
            '%s %d/%d' % (l, lright[l], ltotal[l]) for l in sorted(ltotal)))
    for g in GROUPS:
        if gtotal[g]:
            print('%s: %.2f%% (%d/%d)' % (g, 100.0 * gright[g] / gtotal[g],
                                           gright[g], gtotal[g]))
            for name in PAIRS:
                if gtotal[g, name]:
                    print('  close pair %s: %.1f%% (%d/%d)' % (
                        name, 100.0 * gright[g, name] / gtotal[g, name],
                        gright[g, name], gtotal[g, name]))
    for name, encs in PAIRS.items():
        t = sum(total[e] for e in encs)
        r = sum(right[e] for e in encs)
        if t:
            print('close pair %s: %.1f%% (%d/%d)' % (name, 100.0 * r / t,
                                                       r, t))
    print('languages=%d encodings=%d' % (len(langs), len(total)))
    print('accuracy=%.4f (%d/%d)' % (nright / max(ntotal, 1), nright, ntotal))


if __name__ == '__main__':
    main(sys.argv[1:])
