#!/bin/sh
# Writes the golden cases of rinse-enc that are easier made than typed:
# each CASE.out is text written for these tests, and CASE.in the same
# text encoded by iconv (never by rinse-enc). Run from anywhere; the
# files are committed, so this only needs running after a change here.
set -eu
cd "$(dirname "$0")"

# case name, encoding, text (the .out; a final newline is added)
mk() {
	printf '%s\n' "$3" >"$1.out"
	printf '%s\n' "$3" | iconv -f UTF-8 -t "$2" >"$1.in"
}

ko='서울시는 오늘 한강 다리 세 곳의 보수 공사를 시작한다고 밝혔다.
공사는 다음 달 말까지 이어지며 야간에는 차로 하나가 통제된다.'
ja='東京都は今日、新しい交通計画を発表した。
計画では、駅の周りに自転車の駐車場を増やすことになっている。'
zh='市政府今天宣布，明年将在城市东部建设一座新的公园。
这个项目预计需要两年时间完成。'
tw='市政府今天宣佈，明年將在城市東部建設一座新的公園。
這個項目預計需要兩年時間完成。'
ru='Городской совет сегодня утвердил новый план развития транспорта.
Работы начнутся весной и продлятся до конца следующего года.'
el='Το δημοτικό συμβούλιο ενέκρινε σήμερα το νέο σχέδιο για τις συγκοινωνίες.'
he='מועצת העיר אישרה היום את תוכנית התחבורה החדשה של העיר.'
ar='وافق مجلس المدينة اليوم على خطة النقل الجديدة.'
fr='Le conseil municipal a approuvé aujourd’hui le nouveau plan de transport.
Les travaux commenceront au printemps et dureront jusqu’à l’été prochain.'
pl='Rada miasta zatwierdziła dziś nowy plan transportu publicznego.
Prace rozpoczną się wiosną i potrwają do końca przyszłego roku.'
cs='Městská rada dnes schválila nový plán dopravy, práce začnou na jaře.'
tr='Belediye meclisi bugün yeni ulaşım planını onayladı ve çalışmalar başlıyor.'
th='สภาเมืองอนุมัติแผนการขนส่งใหม่ในวันนี้'

mk euckr EUC-KR "$ko"
mk cp949-uhc CP949 '똠방각하는 햏자였다. 뷁 같은 글자도 있다.'
mk johab JOHAB "$ko"
mk iso2022kr ISO-2022-KR "$ko"
mk shiftjis SHIFT_JIS "$ja"
mk eucjp EUC-JP "$ja"
mk iso2022jp ISO-2022-JP "$ja"
mk gb2312 GB2312 "$zh"
mk big5 BIG5 "$tw"
mk koi8r KOI8-R "$ru"
mk cp1251 WINDOWS-1251 "$ru"
mk iso8859-5 ISO-8859-5 "$ru"
mk ibm866 IBM866 "$ru"
mk greek ISO-8859-7 "$el"
mk hebrew WINDOWS-1255 "$he"
mk arabic WINDOWS-1256 "$ar"
mk cp1252 WINDOWS-1252 "$fr"
mk latin2 ISO-8859-2 "$pl"
mk cp1250 WINDOWS-1250 "$cs"
mk turkish WINDOWS-1254 "$tr"
mk thai TIS-620 "$th"
mk utf16le-bom UTF-16 "$ko"		# glibc writes a BOM, little-endian
mk utf16be-nobom UTF-16BE "$ko"
mk utf16le-nobom UTF-16LE "$ru"
mk utf32le-bom UTF-32 "$ja"
mk short-ko EUC-KR '대통령이 지난 12일'
mk short-ja SHIFT_JIS '東京の天気は晴れ'
mk short-zh GB2312 '今天的天气很好'

# The glibc EUC-KR trap: UHC syllables given as EUC-KR still decode.
printf '%s\n' '똠방각하' | iconv -f UTF-8 -t CP949 >euckr-forced.in
printf '%s\n' '똠방각하' >euckr-forced.out
echo '-f EUC-KR' >euckr-forced.args

# A UTF-8 byte-order mark goes.
printf '\357\273\277%s\n' "$ko" >utf8-bom.in
printf '%s\n' "$ko" >utf8-bom.out

# Hangul as conjoining jamo (macOS file names) becomes syllables.
printf '%s\n' '한국어' | python3 -c 'import sys, unicodedata
sys.stdout.write(unicodedata.normalize("NFD", sys.stdin.read()))' >nfd-hangul.in
printf '%s\n' '한국어' >nfd-hangul.out

# CRLF and lone CR become LF.
printf 'one\r\ntwo\rthree\r\n' >crlf.in
printf 'one\ntwo\nthree\n' >crlf.out

# A UTF-8 file with a few CP949 lines: they are decoded, not replaced.
{ printf '%s\n' "첫째 줄은 UTF-8이다."
  printf '%s\n' "둘째 줄은 CP949로 저장되었다." | iconv -f UTF-8 -t CP949
  printf '%s\n' "셋째 줄은 다시 UTF-8이다."; } >mixed.in
printf '%s\n' "첫째 줄은 UTF-8이다." "둘째 줄은 CP949로 저장되었다." \
    "셋째 줄은 다시 UTF-8이다." >mixed.out

# A page declaring euc-kr that is really UTF-8 stays UTF-8.
printf '<meta charset="euc-kr">\n<p>%s</p>\n' '한국어 기사' >meta-wrong.in
cp meta-wrong.in meta-wrong.out
# A declared charset that decodes cleanly is believed.
printf '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">\n%s\n' \
    "$ru" | iconv -f UTF-8 -t KOI8-R >meta-koi8.in
printf '<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">\n%s\n' \
    "$ru" >meta-koi8.out

# Binary input is refused.
printf '\211PNG\r\n\032\n\0\0\0\rIHDR' >binary-png.in
: >binary-png.out
echo 1 >binary-png.status
echo 'rinse-enc: <stdin>: binary input (PNG image) refused' >binary-png.err
printf 'a\001\002\003\004\005\006\007\010\016\017b\n' >binary-ctl.in
: >binary-ctl.out
echo 1 >binary-ctl.status

# -s: a replaced sequence makes exit 1, the rest is still written.
printf 'ok \377 ok\n' >strict.in
printf 'ok \357\277\275 ok\n' >strict.out
echo '-s -f UTF-8' >strict.args
echo 1 >strict.status
echo 'rinse-enc: <stdin>: 1 invalid sequence replaced' >strict.err

# -d prints the charset and a confidence.
printf '%s\n' "$ko" | iconv -f UTF-8 -t EUC-KR >detect.in
echo '-d' >detect.args
echo 'CP949 0.99' >detect.out

# -z: NUL-separated documents, each detected on its own.
{ printf '%s\n' "$ko" | iconv -f UTF-8 -t EUC-KR; printf '\0'
  printf '%s\n' "$ru" | iconv -f UTF-8 -t KOI8-R; printf '\0'
  printf 'plain ascii\n'; } >records.in
{ printf '%s\n\0%s\n\0plain ascii\n\0' "$ko" "$ru"; } >records.out
echo '-z' >records.args

# -m repairs mojibake and leaves honest text alone.
{ printf '%s\n' 'í•œêµ­ì–´ ë¬¸ìž¥' 'cafÃ© and crÃ¨me brÃ»lÃ©e' 'ÇÑ±¹¾î ¹®Àå' \
    'A name like Søren Müller stays.' 'The bytes Ã© are what é looks like.' \
    'Seen as Ã© in old mail.'; } >mojibake.in
printf '%s\n' '한국어 문장' 'café and crème brûlée' '한국어 문장' \
    'A name like Søren Müller stays.' 'The bytes Ã© are what é looks like.' \
    'Seen as Ã© in old mail.' >mojibake.out
echo '-m' >mojibake.args

# Empty input gives empty output.
: >empty.in
: >empty.out
