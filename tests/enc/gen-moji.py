#!/usr/bin/env python3
"""Writes the mojibake golden cases of rinse-enc -m (tests/enc/moji-*).

Each CASE.out is text written for these tests, one line a sentence, and
CASE.in the same text damaged the way a family of mojibake damages it,
by Python's codecs (never by rinse-enc). moji-keep is correct text that
looks suspicious and must come out as it went in. The files are
committed; run this only after changing it.
"""
import os

os.chdir(os.path.dirname(os.path.abspath(__file__)))


def sloppy(b, enc):
    """b decoded with enc, bytes it leaves undefined as C1 controls."""
    out = []
    for x in b:
        try:
            out.append(bytes([x]).decode(enc))
        except UnicodeDecodeError:
            out.append(chr(x))
    return ''.join(out)


def moji(s, enc='cp1252', times=1):
    for _ in range(times):
        s = sloppy(s.encode('utf-8'), enc)
    return s


def latin1(s):
    return s.encode('utf-8').decode('latin-1')


def c1(s):
    """windows-1252 read as Latin-1: punctuation becomes C1 controls."""
    return s.encode('cp1252').decode('latin-1')


def nbsp(s):
    """mojibake whose no-break spaces were made plain."""
    return moji(s).replace('\xa0', ' ')


def lost(s, ch='\ufffd'):
    """the bytes windows-1252 leaves undefined lost to U+FFFD or '?'."""
    return ''.join(ch if c in '\x81\x8d\x8f\x90\x9d' else c for c in moji(s))


def cesu(s):
    """emoji as two UTF-8 surrogates (CESU-8), read as windows-1252."""
    b = s.encode('utf-16-be')
    return sloppy(b''.join(chr(int.from_bytes(b[i:i + 2], 'big')).encode(
        'utf-8', 'surrogatepass') for i in range(0, len(b), 2)), 'cp1252')


# name: (sentence, damage, what comes back when bytes were lost)
CASES = {
    'moji-w1252': [
        ('Le théâtre de la ville rouvre ses portes après deux ans.', moji),
        ('El niño pidió una canción más antes de dormir.', moji),
        ('Die Bürger müssen bis Freitag über die Straßenbahn abstimmen.',
         moji),
        ('A reunião começou às nove horas e terminou à tarde.', moji),
        ('ÉCOLE FERMÉE POUR CAUSE DE GRÈVE', moji),
        ('Il a reçu un prix.', moji),
        ('Hà Nội có mưa nhỏ vào buổi sáng.', moji),
        ('Nous reviendrons l’année prochaine – c’est promis…', moji),
        ('Great job 👍 and thanks ❤', moji),
        ('日本語のテキストです', moji),
        ('Καλημέρα σε όλους', moji),
        ('שלום לכולם', moji),
        ('مرحبا بالجميع', moji),
    ],
    'moji-twice': [
        ('Ça coûte 5 € – c’est donné.', lambda s: moji(s, times=2)),
        ('He wrote “soon” and left.', lambda s: moji(s, times=2)),
        ('Il a dit : « peut-être ».', lambda s: moji(s, times=2)),
        ('Plus tard ™ peut-être', lambda s: moji(s, times=3)),
    ],
    'moji-other': [
        ('Москва готовится к зиме.', lambda s: moji(s, 'cp1251')),
        ('Příliš žluťoučký kůň úpěl ďábelské ódy.',
         lambda s: moji(s, 'cp1250')),
        ('Le café est très apprécié à Genève.',
         lambda s: moji(s, 'mac_roman')),
        ('правильное питание', lambda s: moji(s, 'cp437')),
        ('Rīgā šodien līst lietus.', lambda s: moji(s, 'cp1257')),
        ('Zażółć gęślą jaźń, powiedział.', lambda s: moji(s, 'iso8859_2')),
    ],
    'moji-c1': [
        ('„Guten Morgen“, sagte sie – und ging.', c1),
        ('Il a dit… rien', c1),
        ('It’s a “fine” day – isn’t it?', latin1),
        ('Ça coûte 20 € – “offert”.', latin1),
    ],
    'moji-nbsp': [
        ('Prix\xa0: 10\xa0€ seulement', nbsp),
        ('Il est allé à Paris hier soir.', nbsp),
        ('voilà tout', lambda s: moji(s).replace('\xa0', '')),
        ('Elles vont às compras e àquela loja.', nbsp),
        ('Attention ⚠ route glissante à 5 km', nbsp),
    ],
    'moji-lost': [
        ('He said “hello” and left.', lost, 'He said “hello\ufffd and left.'),
        ('She wrote “soon” twice.', lambda s: lost(s, '?'),
         'She wrote “soon\ufffd twice.'),
    ],
    'moji-cesu': [
        ('Nice one 😀😎 see you', cesu),
    ],
}

# Correct text in many languages that a careless repair would damage.
KEEP = '''L’été à Paris : « déjà vu », n° 5, 25 °C, le 1er mai à 8 h.
Größe: 1,80 m² — Müller & Söhne GmbH™, Straße 12.
¿Qué pasó? ¡Olé! Año 2024, señor Núñez.
NÃO SEI. A IRMÃ DELE ESTÁ LÁ. C O N C L U S Ã O
Tiếng Việt có dấu: Hà Nội, Đà Nẵng, Huế và Sài Gòn.
서울·부산 ‘대박’ LG전자 “신제품” 발표…
東京「新しい」計画、駅前の自転車置き場。
北京：今天天气很好！“你好”——再见。
Bravo 👏🏽 ❤️ 🇫🇷 👨‍👩‍👧 ✔ ☺
Søren Ørsted, Åse Ærø, ÅÄÖ, HÅØYA.
MEÐ ÞVÍ AÐ, Hún fór með þeim í gær.
SELKÄ\xa0EDELLÄ\xa0MAAHAN
NESTLÉ® et L’ORÉAL©, Ôôô, 4×3…, 5×£35
a ± b ≤ c, √2 ≈ 1,41, ∞ − 1, 90° ∡
©2024 Société Générale — Crème brûlée 12 €
Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy.
Съешь же ещё этих мягких французских булок, да выпей чаю.
Ξεσκεπάζω την ψυχοφθόρα βδελυγμία.
┌─┬─┐ │ │ └─┴─┘ ═══ ░▒▓
The letter Ã appears in São Paulo and Ñ in España.
Dutch ĳs and Œuvre, œil, Ÿ.
Rīgā šodien līst lietus, Šiaulių gatvė.
İstanbul’da ılık bir gün; ÇĞİÖŞÜ çğıöşü.
Ça va? — Oui… «Très» bien! Il était là-bas à 10 h 30.
São Tomé e Príncipe, Guiné-Bissau, Moçambique: às vezes, àquele.
Москва — столица России. «Ёлка» и «ёж».
Καλημέρα κόσμε! Η ¨ανατροφή¨ δυστυχώς…
שלום עולם — مرحبا بالعالم
Über·all, Mañana·Tarde, x·y, ½ + ¼ = ¾, 3² = 9.
AHÅ™ and CAFÉ™ are names; MISUTÂ\xa0AJIKKO too.
'''

for name, items in CASES.items():
    with open(name + '.in', 'w') as fi, open(name + '.out', 'w') as fo:
        for good, damage, *back in items:
            fi.write(damage(good) + '\n')
            fo.write((back[0] if back else good) + '\n')
    with open(name + '.args', 'w') as fa:
        fa.write('-m -f UTF-8\n')
for ext in ('in', 'out'):
    with open('moji-keep.' + ext, 'w') as f:
        f.write(KEEP)
with open('moji-keep.args', 'w') as fa:
    fa.write('-m -f UTF-8\n')
