# rinse-enc -d names each single-byte family of issue 17, and the text
# comes out as iconv decodes it. The texts are written for this test and
# encoded by iconv at test time; each holds the letters or signs its
# encoding has and its close neighbours lack (the euro sign and oe in
# Latin-9, Romanian quotes in Latin-10, capital alpha with tonos at A2
# in Windows-1253...), as real text in that language does.
set -u
bin=$BIN/rinse-enc
[ -x "$bin" ] || exit 77
fail=0 known=
no() { printf 'FAIL: %s\n' "$*"; fail=1; }

# one ENCODING NAME TEXT [KNOWN]: encodes TEXT, wants NAME from -d and
# TEXT back; KNOWN says why a failure is a known limit (reported, and
# the script skips when nothing else fails).
one() {
	printf '%s\n' "$3" | iconv -f UTF-8 -t "$1" >"$TMP/in" ||
	    { no "$1: iconv cannot write the text"; return; }
	got=$("$bin" -d "$TMP/in" | cut -d' ' -f1)
	"$bin" "$TMP/in" >"$TMP/out" 2>"$TMP/err"
	st=$?
	if [ "$got" = "$2" ] && [ $st = 0 ] &&
	    printf '%s\n' "$3" | cmp -s - "$TMP/out"; then
		return
	fi
	if [ -n "${4:-}" ]; then
		echo "known: $1: -d says $got: $4"
		known=1
		return
	fi
	[ "$got" = "$2" ] || no "$1: -d says $got, want $2"
	[ $st = 0 ] || no "$1: exit $st"
	printf '%s\n' "$3" | cmp -s - "$TMP/out" ||
	    no "$1: text differs: $(head -c 200 "$TMP/out")"
}

one ISO-8859-15 ISO-8859-15 "Le cœur du projet coûtera 20 € de plus : les sœurs
Lebœuf ont vu leur œuvre reportée à l'été."
one WINDOWS-1252 WINDOWS-1252 'Le conseil a approuvé aujourd’hui le plan « Cœur de ville » ;
les travaux coûteront 3 millions d’euros – un record.'
one ISO-8859-3 ISO-8859-3 "Il-Gvern ħabbar illum pjan ġdid għat-trasport pubbliku f'Malta u
Għawdex, u x-xogħol se jibda fir-rebbiegħa."
one ISO-8859-4 ISO-8859-4 'Pilsētas dome šodien apstiprināja jaunu satiksmes plānu; darbi
sāksies pavasarī un ilgs līdz nākamā gada beigām, ziņo ķēķa ļaudis.'
one ISO-8859-10 ISO-8859-10 'Miesto taryba šiandien patvirtino naują transporto planą; darbai
prasidės pavasarį ir užtruks iki kitų metų pabaigos, sakė žurnalistai.'
one ISO-8859-13 ISO-8859-13 'Miesto taryba šiandien patvirtino naują planą „Žalias miestas“;
darbai prasidės pavasarį ir užtruks iki kitų metų pabaigos.'
one WINDOWS-1257 WINDOWS-1257 'Miesto taryba šiandien patvirtino naują planą „Žalias miestas“ –
darbai prasidės pavasarį ir užtruks iki kitų metų pabaigos.'
one ISO-8859-14 ISO-8859-14 "Mae'r cyngor wedi cymeradwyo cynllun newydd heddiw; bydd dŵr glân
ym mhob tŷ a bydd y gwaith yn dechrau yn y gwanwyn."
one ISO-8859-16 ISO-8859-16 'Consiliul local a aprobat astăzi planul „Orașul verde”; lucrările
vor începe în primăvară și vor dura până la sfârșitul anului.'
one ISO-8859-2 ISO-8859-2 'Městská rada dnes schválila nový plán dopravy; práce začnou na jaře
a potrvají do konce příštího roku, řekl mluvčí úřadu.'
one WINDOWS-1250 WINDOWS-1250 'Městská rada dnes schválila nový plán „Zelené město“; práce začnou
na jaře a potrvají do konce příštího roku, řekl mluvčí úřadu.'
one IBM852 IBM852 'Městská rada dnes schválila nový plán dopravy; práce začnou na jaře
a potrvají do konce příštího roku, řekl mluvčí úřadu.'
one MAC-CENTRALEUROPE MAC-CENTRALEUROPE 'Rada miasta zatwierdziła dziś nowy plan transportu publicznego;
prace rozpoczną się wiosną i potrwają do końca przyszłego roku.'
one WINDOWS-1258 WINDOWS-1258 'Hội đồng thành phố hôm nay đã phê duyệt kế hoạch giao thông mới;
công việc sẽ bắt đầu vào mùa xuân và kéo dài đến cuối năm sau.'
one VISCII VISCII 'Hội đồng thành phố hôm nay đã phê duyệt kế hoạch giao thông mới;
công việc sẽ bắt đầu vào mùa xuân và kéo dài đến cuối năm sau.'
one WINDOWS-1253 WINDOWS-1253 'Άλλο ένα σχέδιο για τις συγκοινωνίες ενέκρινε σήμερα το δημοτικό
συμβούλιο· Άρχισαν ήδη οι εργασίες στην Αθήνα.'
one ISO-8859-7 ISO-8859-7 'Άλλο ένα σχέδιο για τις συγκοινωνίες ενέκρινε σήμερα το δημοτικό
συμβούλιο· Άρχισαν ήδη οι εργασίες στην Αθήνα.'
one KOI8-U KOI8-U 'Міська рада сьогодні затвердила новий план розвитку транспорту;
роботи почнуться навесні та триватимуть до кінця наступного року.'
one WINDOWS-1254 WINDOWS-1254 'Belediye meclisi bugün yeni ulaşım planını onayladı; çalışmalar
ilkbaharda başlayacak ve gelecek yılın sonuna kadar sürecek.'
# Languages the detector has no table for: their letters must not be
# read as those of whichever language some other code page makes them
# look like (Albanian ë as Lithuanian ė, Faroese æ ø as Czech ć ř).
one ISO-8859-1 WINDOWS-1252 "Qeveria njoftoi sot një plan të ri për transportin publik; çdo
punim do të fillojë në pranverë dhe do të përfundojë vitin e ardhshëm."
one WINDOWS-1252 WINDOWS-1252 "Kuzul-kêr en deus aprouet hiziv ur steuñv nevez evit an treuzdougen;
al labourioù a grogo en nevez-amzer hag a badfo betek dibenn ar bloaz."
one ISO-8859-1 WINDOWS-1252 "Býráðið samtykti í dag eina nýggja ætlan fyri almenna ferðslu; øll
arbeiðini byrja í vár og verða liðug um ársenda, sigur talsmaðurin."
one ISO-8859-9 WINDOWS-1254 "Şaredariyê îro plana nû ya veguhastinê pejirand; kar dê di biharê de
dest pê bike û heta dawiya salê bidome, berdevk got."
[ $fail = 0 ] || exit 1
[ -z "$known" ] || exit 77
exit 0
