/*
 * labels.c: the encodings rinse-enc knows and the names they go by.
 *
 * It holds the table of encodings (encodings[], see enc.h), the labels
 * that -f and documents use for them (enc_lookup(): ASCII case is
 * ignored, nothing else), and enc_declared(), which reads the charset a
 * page names in <meta charset>, http-equiv or <?xml encoding?>. Whether
 * to believe a declaration is detect.c's business, not this file's.
 */
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>

#include "enc.h"

/* ASCII-only, locale-free helpers for labels. */
static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
ncasecmp(const char *a, const char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (lower((unsigned char)a[i]) != lower((unsigned char)b[i]))
			return 1;
	return 0;
}

static int
isalnumc(int c)
{
	return (c >= '0' && c <= '9') || (lower(c) >= 'a' && lower(c) <= 'z');
}

const struct encoding encodings[NENC] = {
	[E_UTF8] = { "UTF-8", "UTF-8", EK_UTF8, SC_NONE, -1, 0 },
	[E_ASCII] = { "ASCII", "UTF-8", EK_UTF8, SC_NONE, -1, 0 },
	[E_UTF16LE] = { "UTF-16LE", "UTF-16LE", EK_UTF16, SC_NONE, -1, 0 },
	[E_UTF16BE] = { "UTF-16BE", "UTF-16BE", EK_UTF16, SC_NONE, -1, 0 },
	[E_UTF32LE] = { "UTF-32LE", "UTF-32LE", EK_UTF32, SC_NONE, -1, 0 },
	[E_UTF32BE] = { "UTF-32BE", "UTF-32BE", EK_UTF32, SC_NONE, -1, 0 },
	[E_CP949] = { "CP949", "CP949", EK_CP949, SC_KO, -1, 1 },
	[E_JOHAB] = { "JOHAB", "JOHAB", EK_ICONV, SC_KO, -1, 1 },
	[E_ISO2022KR] = { "ISO-2022-KR", "ISO-2022-KR", EK_ICONV, SC_KO, -1,
	    0 },
	[E_ISO2022JP] = { "ISO-2022-JP", "ISO-2022-JP-2", EK_ICONV, SC_JA,
	    -1, 0 },
	[E_EUCJP] = { "EUC-JP", "EUC-JP", EK_ICONV, SC_JA, -1, 1 },
	[E_SJIS] = { "SHIFT_JIS", "SHIFT_JIS", EK_ICONV, SC_JA, E_CP932, 0 },
	[E_CP932] = { "CP932", "CP932", EK_ICONV, SC_JA, -1, 1 },
	[E_GB2312] = { "GB2312", "GB2312", EK_ICONV, SC_ZH, E_GBK, 0 },
	[E_GBK] = { "GBK", "GBK", EK_ICONV, SC_ZH, E_GB18030, 0 },
	[E_GB18030] = { "GB18030", "GB18030", EK_ICONV, SC_ZH, -1, 1 },
	[E_BIG5] = { "BIG5", "BIG5", EK_ICONV, SC_ZH, E_CP950, 0 },
	[E_CP950] = { "CP950", "CP950", EK_ICONV, SC_ZH, E_BIG5HK, 1 },
	[E_BIG5HK] = { "BIG5-HKSCS", "BIG5-HKSCS", EK_ICONV, SC_ZH, -1, 0 },
	[E_EUCTW] = { "EUC-TW", "EUC-TW", EK_ICONV, SC_ZH, -1, 1 },
	[E_W1252] = { "WINDOWS-1252", "WINDOWS-1252", EK_SB, SC_LATIN, -1,
	    1 },
	[E_W1250] = { "WINDOWS-1250", "WINDOWS-1250", EK_SB, SC_LATIN, -1,
	    1 },
	[E_L2] = { "ISO-8859-2", "ISO-8859-2", EK_SB, SC_LATIN, -1, 1 },
	[E_W1251] = { "WINDOWS-1251", "WINDOWS-1251", EK_SB, SC_CYRL, -1,
	    1 },
	[E_L5] = { "ISO-8859-5", "ISO-8859-5", EK_SB, SC_CYRL, -1, 1 },
	[E_KOI8R] = { "KOI8-R", "KOI8-R", EK_SB, SC_CYRL, -1, 1 },
	[E_KOI8U] = { "KOI8-U", "KOI8-U", EK_SB, SC_CYRL, -1, 1 },
	[E_IBM866] = { "IBM866", "IBM866", EK_SB, SC_CYRL, -1, 1 },
	[E_IBM855] = { "IBM855", "IBM855", EK_SB, SC_CYRL, -1, 1 },
	[E_MACCYR] = { "MAC-CYRILLIC", "MAC-CYRILLIC", EK_SB, SC_CYRL, -1,
	    1 },
	[E_L7] = { "ISO-8859-7", "ISO-8859-7", EK_SB, SC_GREEK, -1, 1 },
	[E_W1253] = { "WINDOWS-1253", "WINDOWS-1253", EK_SB, SC_GREEK, -1,
	    1 },
	[E_W1254] = { "WINDOWS-1254", "WINDOWS-1254", EK_SB, SC_LATIN, -1,
	    1 },
	[E_W1255] = { "WINDOWS-1255", "WINDOWS-1255", EK_SB, SC_HEBR, -1,
	    1 },
	[E_W1256] = { "WINDOWS-1256", "WINDOWS-1256", EK_SB, SC_ARAB, -1,
	    1 },
	[E_L6] = { "ISO-8859-6", "ISO-8859-6", EK_SB, SC_ARAB, -1, 1 },
	[E_TIS] = { "TIS-620", "ISO-8859-11", EK_SB, SC_THAI, -1, 1 },
	[E_CP874] = { "CP874", "CP874", EK_SB, SC_THAI, -1, 1 },
	[E_W1257] = { "WINDOWS-1257", "WINDOWS-1257", EK_SB, SC_LATIN, -1,
	    1 },
	[E_MACROMAN] = { "MACINTOSH", "MACINTOSH", EK_SB, SC_LATIN, -1, 1 },
	[E_IBM850] = { "IBM850", "IBM850", EK_SB, SC_LATIN, -1, 1 },
	[E_IBM437] = { "IBM437", "IBM437", EK_SB, SC_LATIN, -1, 0 },
	[E_L15] = { "ISO-8859-15", "ISO-8859-15", EK_SB, SC_LATIN, -1, 1 },
	[E_L3] = { "ISO-8859-3", "ISO-8859-3", EK_SB, SC_LATIN, -1, 1 },
	[E_L4] = { "ISO-8859-4", "ISO-8859-4", EK_SB, SC_LATIN, -1, 1 },
	[E_L10] = { "ISO-8859-10", "ISO-8859-10", EK_SB, SC_LATIN, -1, 1 },
	[E_L13] = { "ISO-8859-13", "ISO-8859-13", EK_SB, SC_LATIN, -1, 1 },
	[E_L14] = { "ISO-8859-14", "ISO-8859-14", EK_SB, SC_LATIN, -1, 1 },
	[E_L16] = { "ISO-8859-16", "ISO-8859-16", EK_SB, SC_LATIN, -1, 1 },
	[E_IBM852] = { "IBM852", "IBM852", EK_SB, SC_LATIN, -1, 1 },
	[E_MACCE] = { "MAC-CENTRALEUROPE", "MAC-CENTRALEUROPE", EK_SB,
	    SC_LATIN, -1, 1 },
	[E_W1258] = { "WINDOWS-1258", "WINDOWS-1258", EK_SB, SC_LATIN, -1,
	    1 },
	[E_VISCII] = { "VISCII", "VISCII", EK_SB, SC_LATIN, -1, 1 },
	[E_OTHER] = { NULL, NULL, EK_ICONV, SC_NONE, -1, 0 },
};

/* Labels people write in meta tags and -f, and what they mean here. */
static const struct {
	const char *label;
	int enc;
} labels[] = {
	{ "utf-8", E_UTF8 }, { "utf8", E_UTF8 }, { "us-ascii", E_UTF8 },
	{ "ascii", E_UTF8 },
	{ "utf-16le", E_UTF16LE }, { "utf-16be", E_UTF16BE },
	{ "utf-16", E_UTF16BE }, { "utf-32le", E_UTF32LE },
	{ "utf-32be", E_UTF32BE }, { "utf-32", E_UTF32BE },
	{ "euc-kr", E_CP949 }, { "euckr", E_CP949 }, { "cp949", E_CP949 },
	{ "uhc", E_CP949 }, { "ks_c_5601-1987", E_CP949 },
	{ "ks_c_5601", E_CP949 }, { "ksc5601", E_CP949 },
	{ "x-windows-949", E_CP949 }, { "windows-949", E_CP949 },
	{ "johab", E_JOHAB }, { "iso-2022-kr", E_ISO2022KR },
	{ "iso-2022-jp", E_ISO2022JP }, { "euc-jp", E_EUCJP },
	{ "x-euc-jp", E_EUCJP }, { "shift_jis", E_SJIS },
	{ "shift-jis", E_SJIS }, { "sjis", E_SJIS }, { "x-sjis", E_SJIS },
	{ "ms_kanji", E_SJIS }, { "cp932", E_CP932 },
	{ "windows-31j", E_CP932 }, { "gb2312", E_GB2312 },
	{ "euc-cn", E_GB2312 }, { "x-gbk", E_GBK }, { "gbk", E_GBK },
	{ "cp936", E_GBK }, { "gb18030", E_GB18030 }, { "big5", E_BIG5 },
	{ "x-big5", E_BIG5 }, { "cp950", E_CP950 },
	{ "big5-hkscs", E_BIG5HK }, { "euc-tw", E_EUCTW },
	{ "iso-8859-1", E_W1252 }, { "iso8859-1", E_W1252 },
	{ "latin1", E_W1252 }, { "windows-1252", E_W1252 },
	{ "cp1252", E_W1252 }, { "iso-8859-15", E_L15 },
	{ "latin-9", E_L15 }, { "latin9", E_L15 }, { "iso-8859-3", E_L3 },
	{ "latin3", E_L3 }, { "iso-8859-4", E_L4 }, { "latin4", E_L4 },
	{ "iso-8859-10", E_L10 }, { "latin6", E_L10 },
	{ "iso-8859-13", E_L13 }, { "latin7", E_L13 },
	{ "iso-8859-14", E_L14 }, { "latin8", E_L14 },
	{ "iso-8859-16", E_L16 }, { "latin10", E_L16 },
	{ "ibm852", E_IBM852 }, { "cp852", E_IBM852 },
	{ "mac-centraleurope", E_MACCE }, { "x-mac-ce", E_MACCE },
	{ "x-mac-centraleurroman", E_MACCE }, { "windows-1258", E_W1258 },
	{ "cp1258", E_W1258 }, { "viscii", E_VISCII },
	{ "cp1257", E_W1257 },
	{ "windows-1250", E_W1250 }, { "cp1250", E_W1250 },
	{ "iso-8859-2", E_L2 }, { "latin2", E_L2 },
	{ "windows-1251", E_W1251 }, { "cp1251", E_W1251 },
	{ "iso-8859-5", E_L5 }, { "koi8-r", E_KOI8R }, { "koi8-u", E_KOI8U },
	{ "ibm866", E_IBM866 }, { "cp866", E_IBM866 },
	{ "ibm855", E_IBM855 }, { "cp855", E_IBM855 },
	{ "maccyrillic", E_MACCYR }, { "x-mac-cyrillic", E_MACCYR },
	{ "mac-cyrillic", E_MACCYR }, { "iso-8859-7", E_L7 },
	{ "windows-1253", E_W1253 }, { "iso-8859-9", E_W1254 },
	{ "windows-1254", E_W1254 }, { "latin5", E_W1254 },
	{ "windows-1255", E_W1255 }, { "iso-8859-8", E_W1255 },
	{ "iso-8859-8-i", E_W1255 }, { "windows-1256", E_W1256 },
	{ "iso-8859-6", E_L6 }, { "tis-620", E_TIS }, { "iso-8859-11", E_TIS },
	{ "windows-874", E_CP874 }, { "cp874", E_CP874 },
	{ "windows-1257", E_W1257 }, { "macintosh", E_MACROMAN },
	{ "x-mac-roman", E_MACROMAN }, { "ibm850", E_IBM850 },
	{ "cp850", E_IBM850 }, { "ibm437", E_IBM437 }, { "cp437", E_IBM437 },
};

int
enc_lookup(const char *label, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strlen(labels[i].label) == n &&
		    ncasecmp(labels[i].label, label, n) == 0)
			return labels[i].enc;
	return -1;
}
/*
 * A charset named in <meta ... charset=X> or <?xml encoding="X"?>: each
 * '=' in the first 8 KiB (memchr finds them fast; a stream of small
 * records asks this of every record) is looked at for a key before it.
 */
int
enc_declared(const unsigned char *s, size_t n)
{
	static const char *const keys[] = { "charset", "encoding" };
	size_t lim = n < 8192 ? n : 8192, i, k, j, b, len;
	const unsigned char *eq;
	int e;

	for (i = 0; i < lim && (eq = memchr(s + i, '=', lim - i)) != NULL;
	    i = j) {
		j = eq - s + 1;
		for (b = eq - s; b > 0 && (s[b - 1] == ' ' || s[b - 1] == '\t');
		    b--)
			;
		for (k = 0; k < 2; k++) {
			len = strlen(keys[k]);
			if (b >= len && ncasecmp(keys[k],
			    (const char *)s + b - len, len) == 0)
				break;
		}
		if (k == 2)
			continue;
		while (j < lim && (s[j] == ' ' || s[j] == '"' || s[j] == '\''))
			j++;
		for (len = 0; j + len < lim && len < 40 &&
		    (isalnumc(s[j + len]) || s[j + len] == '-' ||
		    s[j + len] == '_' || s[j + len] == '.' ||
		    s[j + len] == ':'); len++)
			;
		/* An unknown label: keep looking. */
		if (len > 0 && (e = enc_lookup((const char *)s + j, len)) >= 0)
			return e;
	}
	return -1;
}
