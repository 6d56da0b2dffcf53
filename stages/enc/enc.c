/*
 * rinse-enc: the first stage. Reads bytes in any common encoding and
 * writes UTF-8 in NFC with LF line ends and no byte-order mark.
 *
 * Each document is detected from a head sample (the first 64 KiB, or the
 * record up to its NUL with -z) and then converted as a stream, line by
 * line, in memory bounded by the longest line. UTF-16 and UTF-32 carry
 * NULs as data, so they are converted in raw chunks instead, and never in
 * -z mode, where a NUL ends a record before anything is decoded.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <utf8proc.h>

#include <rinse/bytes.h>
#include <rinse/reader.h>
#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "enc.h"


/* One way of turning bytes of an encoding into UTF-8. */
struct decoder {
	int enc;		/* an id, -1 when unset */
	iconv_t cd;		/* to UTF-8, for EK_ICONV and UTF-16/32 */
	const uint32_t *sb;	/* for EK_SB */
};

struct enc {
	struct detector det;
	int force;		/* -f: an encoding id, or -1 */
	int detect_only;	/* -d */
	int strict;		/* -s */
	int repair;		/* -m */
	size_t max;		/* -M */
	FILE *out;

	struct decoder main;	/* the document's encoding */
	struct decoder legacy;	/* for the odd lines of a UTF-8 document */
	int legacy_tried;
	int last;		/* -z: E_CP949 when the last legacy record was */
	uint32_t *u8949;	/* CP949 pairs as UTF-8: see cp949_utf8() */
	unsigned char *maybe;	/* BMP bitmap: may change under NFC */
	int skip;		/* stable_run() agrees with maybe */

	unsigned char *dec, *tmp, *fix;	/* line buffers, grown on demand */
	int decmaybe;		/* t->dec may hold what NFC changes */
	size_t deccap, tmpcap, fixcap;
	unsigned long long docbad;	/* replacements in this document */

	/* Counts for -v. */
	unsigned long long bytes_out, docs, invalid, mixed, normalized,
	    repaired, refused, stripped;
};

static void
usage(FILE *fp)
{
	fputs("usage: rinse-enc [-hVvzdms] [-f CHARSET] [-M SIZE] "
	    "[file ...]\n"
	    "  -d       detect only: print CHARSET and a confidence per "
	    "document\n"
	    "  -f CHARSET  read the input as CHARSET (any iconv name)\n"
	    "  -m       repair mojibake (UTF-8 read as windows-1252, "
	    "CP949 as Latin-1...)\n"
	    "  -s       strict: exit 1 if an invalid sequence was "
	    "replaced\n", fp);
	common_help(fp);
}

/*
 * Whether cp alone is its own NFC. A character that decomposes may still
 * compose back to itself (U+00E9) or to another one (U+212B ANGSTROM SIGN
 * to U+00C5), or not at all (U+0F73).
 */
static int
nfc_self(uint32_t cp)
{
	unsigned char u[5];
	utf8proc_uint8_t *nfc;
	size_t k = utf8_encode(cp, u);
	int same;

	u[k] = '\0';
	if ((nfc = utf8proc_NFC(u)) == NULL)
		die("out of memory");
	same = strcmp((const char *)nfc, (const char *)u) == 0;
	free(nfc);
	return same;
}

/*
 * The BMP characters that NFC may change or that may change what comes
 * before them: combining marks, characters whose NFC differs from
 * themselves, and starters that compose with a previous character
 * (Hangul vowel and final jamo among them). Text without them is NFC
 * already, which is nearly all text.
 */
static unsigned char *
maybe_table(void)
{
	unsigned char *m = xcalloc(0x10000 / 8, 1);
	utf8proc_int32_t dec[8];
	uint32_t cp;
	int last;

	for (cp = 0x300; cp < 0x10000; cp++) {
		const utf8proc_property_t *p = utf8proc_get_property(cp);
		utf8proc_ssize_t k, i;

		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		if (cp >= 0xAC00 && cp <= 0xD7A3)
			continue;
		if (p->combining_class != 0 || p->comp_exclusion) {
			m[cp >> 3] |= 1 << (cp & 7);
			continue;
		}
		k = utf8proc_decompose_char(cp, dec, 8, UTF8PROC_DECOMPOSE,
		    &last);
		if (k < 1 || k > 8)
			continue;
		if (k == 1 && (uint32_t)dec[0] != cp)
			m[cp >> 3] |= 1 << (cp & 7);	/* a singleton */
		else if (k > 1 && !nfc_self(cp))
			m[cp >> 3] |= 1 << (cp & 7);	/* U+212B: to U+00C5 */
		for (i = 1; i < k; i++)
			if (dec[i] < 0x10000)
				m[dec[i] >> 3] |= 1 << (dec[i] & 7);
	}
	for (cp = 0x1100; cp < 0x1200; cp++)
		m[cp >> 3] |= 1 << (cp & 7);
	return m;
}

/* Whether a character outside the BMP may change under NFC. */
static int
maybe_astral(uint32_t cp)
{
	const utf8proc_property_t *p = utf8proc_get_property(cp);

	return p->combining_class != 0 || p->comp_exclusion ||
	    p->decomp_seqindex != UINT16_MAX;
}

/*
 * Returns the length of the longest valid UTF-8 prefix of s[0..n) and
 * sets *nfc when that prefix holds a character NFC may change. known:
 * the bytes at the front of s the caller knows are valid UTF-8.
 */
static size_t
scan_(const struct enc *t, const unsigned char *s, size_t n, int *nfc,
    int stop, size_t known)
{
	/* stable_run() reads only the valid prefix: none without skip */
	size_t i = 0, j, valid = !t->skip ? 0 : known >= n ? n :
	    utf8_valid(s, n);

	*nfc = 0;
	while (i < n) {
		uint32_t cp;
		size_t k;

		/* words of stable characters, back to where one starts */
		if (i < valid && (j = stable_run(s, i, valid)) > i) {
			/* j < valid: stable_run() stops 9 bytes short */
			while (j > i && (s[j] & 0xC0) == 0x80)
				j--;
			i = j;
		}
		if (s[i] < 0x80) {
			uint64_t w;

			if (i + 1 < n && s[i + 1] >= 0x80) {
				i++;	/* a lone space between words */
				continue;
			}
			while (i + 8 <= n) {
				memcpy(&w, s + i, 8);
				if (w & 0x8080808080808080ull)
					break;
				i += 8;
			}
			while (i < n && s[i] < 0x80)
				i++;
			continue;
		}
		if (s[i] >= 0xC2 && s[i] < 0xCC && i + 1 < n &&
		    (s[i + 1] & 0xC0) == 0x80) {
			i += 2;	/* U+0080..U+02FF: never changes */
			continue;
		}
		if (s[i] >= 0xE0 && s[i] < 0xF0 && i + 2 < n &&
		    (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
			cp = (s[i] & 0x0F) << 12 | (s[i + 1] & 0x3F) << 6 |
			    (s[i + 2] & 0x3F);
			if (cp - 0xAC00 <= 0xD7A3 - 0xAC00 ||
			    cp - 0x4E00 <= 0x9FFF - 0x4E00) {
				i += 3;	/* Hangul syllables, CJK: stable */
				continue;
			}
			if (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))
				return i;
			if (t->maybe[cp >> 3] >> (cp & 7) & 1) {
				*nfc = 1;
				if (stop)
					return i;
			}
			i += 3;
			continue;
		}
		k = utf8_decode(s + i, n - i, &cp);
		if (cp == UTF8_INVALID)
			return i;
		if (cp < 0x10000 ? t->maybe[cp >> 3] >> (cp & 7) & 1 :
		    maybe_astral(cp)) {
			*nfc = 1;
			if (stop)
				return i;
		}
		i += k;
	}
	return n;
}

static size_t
scan(const struct enc *t, const unsigned char *s, size_t n, int *nfc)
{
	return scan_(t, s, n, nfc, 0, 0);
}

/*
 * The length of the longest prefix of s[0..n) made of whole lines that
 * need nothing done: valid UTF-8, no CR, nothing NFC could change.
 * known: as for scan_().
 */
static size_t
clean_prefix(const struct enc *t, const unsigned char *s, size_t n,
    size_t known)
{
	const unsigned char *cr = memchr(s, '\r', n);
	size_t lim = cr ? (size_t)(cr - s) : n;
	int nfc;

	if (lim == n && scan_(t, s, n, &nfc, 1, known) == n && !nfc)
		return n;
	lim = scan_(t, s, lim, &nfc, 1, known);
	while (lim > 0 && s[lim - 1] != '\n')
		lim--;
	return lim;
}

static void
put(struct enc *t, const void *p, size_t n)
{
	efwrite(p, n, t->out);
	t->bytes_out += n;
}

/*
 * Writes one line of valid UTF-8 without its '\n': CRs become line
 * ends (a CR before the '\n' goes), mojibake is repaired on request, the
 * line is put in NFC if it may need it, and '\n' follows if nl. With
 * maybe 0 the caller knows that s holds nothing NFC could change.
 */
static void
emit_(struct enc *t, const unsigned char *s, size_t n, int nl, int maybe)
{
	utf8proc_uint8_t *nfcd = NULL;
	size_t i, k;
	int nfc = 0;

	/* NULs are no text (and would end a record downstream): dropped. */
	if (memchr(s, '\r', n) != NULL || memchr(s, 0, n) != NULL) {
		t->tmp = xgrow(t->tmp, &t->tmpcap, n, 1);
		for (i = k = 0; i < n; i++) {
			if (s[i] == 0)
				t->stripped++;
			else if (s[i] != '\r')
				t->tmp[k++] = s[i];
			else if (!(nl && i + 1 == n))
				t->tmp[k++] = '\n';
		}
		s = t->tmp;
		n = k;
	}
	if (t->repair && n > 0) {
		k = mojibake_fix(&t->det, s, n, &t->fix, &t->fixcap);
		if (k != (size_t)-1) {
			t->repaired++;
			s = t->fix;
			n = k;
			maybe = 1;
		}
	}
	if (maybe)
		scan(t, s, n, &nfc);
	if (nfc) {
		utf8proc_ssize_t m = utf8proc_map(s, (utf8proc_ssize_t)n,
		    &nfcd, UTF8PROC_STABLE | UTF8PROC_COMPOSE);

		if (m >= 0) {
			t->normalized++;
			s = nfcd;
			n = (size_t)m;
		}
	}
	if (n > 0)
		put(t, s, n);
	if (nl)
		put(t, "\n", 1);
	free(nfcd);
}

static void
emit(struct enc *t, const unsigned char *s, size_t n, int nl)
{
	emit_(t, s, n, nl, 1);
}

/* Writes the line decode_line() left in t->dec (see emit_()). */
static void
emit_dec(struct enc *t, size_t n, int nl)
{
	emit_(t, t->dec, n, nl, t->decmaybe);
}

/* Appends cp as UTF-8 to t->dec at *k (room for 4 bytes is there). */
static void
putcp(struct enc *t, size_t *k, uint32_t cp)
{
	if (cp == BAD || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp > 0x10FFFF) {
		memcpy(t->dec + *k, UTF8_REPLACEMENT, 3);
		*k += 3;
		return;
	}
	*k += utf8_encode(cp, t->dec + *k);
}

/* Whether NFC may change BMP character cp or what stands before it. */
static int
maybe_nfc(const struct enc *t, uint32_t cp)
{
	return t->maybe[cp >> 3] >> (cp & 7) & 1;
}

/*
 * CP949 as a table of what each pair of bytes writes in UTF-8, indexed
 * by (lead - 0x80) << 8 | trail: the bytes in the low 24 bits, first
 * byte lowest, their number in bits 24-25, bit 31 set when NFC may
 * change the character; 0 for no character.
 */
static uint32_t *
cp949_utf8(struct enc *t)
{
	const uint16_t *cp949 = cp949_table(&t->det);
	uint32_t *u = xcalloc(128 * 256, sizeof(*u));
	unsigned lead, trail;

	for (lead = 0x81; lead < 0xFF; lead++)
		for (trail = 0x41; trail < 0xFF; trail++) {
			uint32_t cp = cp949[(lead - 0x81) * 192 + trail - 0x40];
			unsigned char b[4];
			size_t len;

			if (cp == 0)
				continue;
			len = utf8_encode(cp, b);
			u[(lead - 0x80) << 8 | trail] = b[0] | b[1] << 8 |
			    (len > 2 ? (uint32_t)b[2] << 16 : 0) |
			    (uint32_t)len << 24 |
			    (uint32_t)maybe_nfc(t, cp) << 31;
		}
	return u;
}

static void
decoder_close(struct decoder *dc)
{
	if (dc->cd != (iconv_t)-1)
		iconv_close(dc->cd);
	dc->cd = (iconv_t)-1;
	dc->enc = -1;
}

static void
decoder_open(struct enc *t, struct decoder *dc, int e)
{
	const char *name;

	if (dc->enc == e) {
		if (dc->cd != (iconv_t)-1)
			iconv(dc->cd, NULL, NULL, NULL, NULL);
		return;
	}
	decoder_close(dc);
	dc->enc = e;
	switch (encodings[e].kind) {
	case EK_SB:
		dc->sb = sb_table(&t->det, e);
		break;
	case EK_CP949:
		if (t->u8949 == NULL)
			t->u8949 = cp949_utf8(t);
		break;
	case EK_UTF8:
		break;
	default:
		name = e == E_OTHER ? t->det.other : encodings[e].iconv;
		if ((dc->cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
			die("iconv: %s:", name);
	}
}

/*
 * CP949 through t->u8949 into t->dec (room for 3n bytes is there): a bad
 * pair is one bad byte, as iconv has it. In locals, so that the stores
 * to the buffer do not make the compiler load t's fields again.
 */
static size_t
decode_cp949(struct enc *t, const unsigned char *s, size_t n,
    unsigned long long *bad)
{
	unsigned char *o = t->dec;
	const uint32_t *tab = t->u8949;
	size_t i = 0, k = 0;
	uint32_t mb = 0, u;

	while (i < n) {
		if (s[i] < 0x80) {
			o[k++] = s[i++];
			continue;
		}
		u = i + 1 < n ? tab[(s[i] - 0x80) << 8 | s[i + 1]] : 0;
		if (u == 0) {
			(*bad)++;
			memcpy(o + k, UTF8_REPLACEMENT, 3);
			k += 3;
			i++;
			continue;
		}
		o[k] = (unsigned char)u;
		o[k + 1] = (unsigned char)(u >> 8);
		o[k + 2] = (unsigned char)(u >> 16);
		k += u >> 24 & 3;
		mb |= u;
		i += 2;
	}
	t->decmaybe = mb >> 31;
	return k;
}

/*
 * Decodes s[0..n) with dc into t->dec and returns its length; the
 * replacements made are added to *bad. For iconv, s[n] may be the line's
 * '\n' (more is n + 1 then) so that shift states see the line end; its
 * '\n' is not in the result. t->decmaybe says whether the result may
 * hold a character NFC changes: the table decoders know it from the
 * characters they write (Hangul syllables and most others never change),
 * so their text is not scanned again.
 */
static size_t
decode_line(struct enc *t, struct decoder *dc, const unsigned char *s,
    size_t n, int more, unsigned long long *bad)
{
	size_t i, k = 0;
	int mb = 0;

	t->decmaybe = 1;
	switch (encodings[dc->enc].kind) {
	case EK_SB:
		t->dec = xgrow(t->dec, &t->deccap, 3 * n + 4, 1);
		for (i = 0; i < n; i++) {
			uint32_t cp = dc->sb[s[i]];

			/* VISCII has letters below 0x80. */
			if (s[i] < 0x80 && cp == s[i])
				t->dec[k++] = s[i];
			else {
				*bad += cp == BAD;
				mb |= cp < 0x10000 && maybe_nfc(t, cp);
				putcp(t, &k, cp);
			}
		}
		t->decmaybe = mb;
		return k;
	case EK_CP949:
		t->dec = xgrow(t->dec, &t->deccap, 3 * n + 4, 1);
		return decode_cp949(t, s, n, bad);
	case EK_UTF8:
		t->dec = xgrow(t->dec, &t->deccap, 3 * n + 4, 1);
		return utf8_sanitize(s, n, t->dec, bad);
	}
	{
		char *ip = (char *)s;
		size_t il = n + (more ? 1 : 0);

		t->dec = xgrow(t->dec, &t->deccap, 4 * il + 16, 1);
		while (il > 0) {
			char *op = (char *)t->dec + k;
			size_t ol = t->deccap - k - 4, r;

			r = iconv(dc->cd, &ip, &il, &op, &ol);
			k = op - (char *)t->dec;
			if (r != (size_t)-1)
				break;
			if (errno == E2BIG) {
				t->dec = xgrow(t->dec, &t->deccap,
				    t->deccap * 2, 1);
				continue;
			}
			/* EILSEQ, or EINVAL: cut by the line end. */
			(*bad)++;
			putcp(t, &k, BAD);
			if (il == 0)	/* the bad bytes were taken in */
				break;
			ip++;
			il--;
			t->dec = xgrow(t->dec, &t->deccap, k + 4 * il + 16, 1);
		}
		{
			char *op = (char *)t->dec + k;
			size_t ol = t->deccap - k;

			iconv(dc->cd, NULL, NULL, &op, &ol);
			k = op - (char *)t->dec;
		}
		if (more && k > 0 && t->dec[k - 1] == '\n')
			k--;
		return k;
	}
}

/*
 * A line of a UTF-8 document that is not valid UTF-8: the legacy
 * encoding statistics find for it (guessed once per document) decodes
 * it if it can do so cleanly; otherwise invalid bytes become U+FFFD.
 */
static void
odd_line(struct enc *t, const unsigned char *s, size_t n, int nl)
{
	unsigned long long bad = 0;
	size_t k;

	if (!t->legacy_tried) {
		double score;
		int e;

		t->legacy_tried = 1;
		e = detect_legacy(&t->det, s, n, &score);
		if (e >= 0 && encodings[e].kind != EK_UTF8)
			decoder_open(t, &t->legacy, e);
	}
	if (t->legacy.enc >= 0) {
		k = decode_line(t, &t->legacy, s, n, 0, &bad);
		if (bad == 0) {
			t->mixed++;
			emit_dec(t, k, nl);
			return;
		}
		if (t->legacy.cd != (iconv_t)-1)
			iconv(t->legacy.cd, NULL, NULL, NULL, NULL);
	}
	bad = 0;
	t->dec = xgrow(t->dec, &t->deccap, 3 * n + 4, 1);
	k = utf8_sanitize(s, n, t->dec, &bad);
	t->docbad += bad;
	emit(t, t->dec, k, nl);
}

/*
 * Writes the decoded text in t->dec[0..n), which ends with '\n': in one
 * piece when it needs nothing more, else line by line through emit_().
 */
static void
emit_block(struct enc *t, size_t n)
{
	const unsigned char *nl, *s = t->dec;
	int nfc;

	if (!t->repair && memchr(s, '\r', n) == NULL && (!t->decmaybe ||
	    (scan_(t, s, n, &nfc, 1, 0) == n && !nfc))) {
		put(t, s, n);
		return;
	}
	while (n > 0 && (nl = memchr(s, '\n', n)) != NULL) {
		emit_(t, s, nl - s, 1, t->decmaybe);
		n -= nl + 1 - s;
		s = nl + 1;
	}
}

/*
 * The document's lines through its decoder. What the reader holds is
 * taken in blocks of whole lines where that is safe (no NUL, and for
 * UTF-8 nothing to do), which is most of the time; the rest goes line by
 * line through the reader. known: the bytes at the front of the first
 * block that detection found valid UTF-8, not checked again; none of a
 * later block, which may lie where the first one was.
 */
static int
convert_lines(struct enc *t, struct reader *r, size_t known)
{
	const char *line;
	size_t len, k;
	int rc, nfc, kind = encodings[t->main.enc].kind;
	int block = !t->repair && (kind == EK_UTF8 || kind == EK_SB ||
	    kind == EK_CP949);

	for (;;) {
		const unsigned char *s;

		/* Whole lines in max + 1 bytes are within the -M cap. */
		if (block) {
			const char *p;
			size_t avail = reader_buffered(r, &p);
			const unsigned char *b = (const unsigned char *)p, *z;
			size_t bl;

			if (avail > t->max)
				avail = t->max + 1;
			/* Up to the record's end: a block never holds a NUL. */
			z = memchr(b, 0, avail);
			bl = bytes_through_nl(b, z ? (size_t)(z - b) : avail);

			if (bl > 0) {
				if (kind == EK_UTF8)
					bl = clean_prefix(t, b, bl, known);
				known = 0;
				if (bl > 0) {
					if (kind == EK_UTF8)
						put(t, b, bl);
					else {
						/* decode_line() may move t->dec. */
						size_t k = decode_line(t,
						    &t->main, b, bl, 0,
						    &t->docbad);

						emit_block(t, k);
					}
					reader_take(r, bl, 0);
					continue;
				}
			}
		}
		known = 0;
		if ((rc = reader_next(r, &line, &len)) != RD_LINE)
			break;
		s = (const unsigned char *)line;

		if (kind == EK_UTF8) {
			if (scan(t, s, len, &nfc) == len)
				emit(t, s, len, reader_nl(r));
			else
				odd_line(t, s, len, reader_nl(r));
			continue;
		}
		k = decode_line(t, &t->main, s, len, reader_nl(r),
		    &t->docbad);
		emit_dec(t, k, reader_nl(r));
	}
	return rc == RD_ERR ? reader_fail(r) : RINSE_OK;
}

/*
 * UTF-16 and UTF-32: raw chunks through iconv, split into lines here.
 * The part of a line not yet ended is held, up to the -M cap.
 */
static int
convert_raw(struct enc *t, struct reader *r)
{
	int unit = encodings[t->main.enc].kind == EK_UTF16 ? 2 : 4;
	size_t hold = 0, cap = 0, i, start;
	unsigned long long lines = 0;
	unsigned char *acc = NULL;
	int status = RINSE_OK;

	for (;;) {
		const char *p;
		size_t il = reader_buffered(r, &p), il0 = il, ol, res;
		char *ip = (char *)p, *op;
		int err = 0;

		acc = xgrow(acc, &cap, hold + 2 * il + 16, 1);
		op = (char *)acc + hold;
		ol = cap - hold;
		res = iconv(t->main.cd, &ip, &il, &op, &ol);
		if (res == (size_t)-1)
			err = errno;
		reader_skip(r, il0 - il);
		hold = op - (char *)acc;
		if (err == EILSEQ || (err == EINVAL && reader_eof(r))) {
			size_t skip = il < (size_t)unit ? il : (size_t)unit;

			reader_skip(r, skip);
			acc = xgrow(acc, &cap, hold + 3, 1);
			memcpy(acc + hold, UTF8_REPLACEMENT, 3);
			hold += 3;
			t->docbad++;
		}
		/* U+0000 is no text: it would stop the next stage. */
		for (i = start = 0; i < hold; i++) {
			if (acc[i] == 0) {
				acc[i] = '?';
				t->docbad++;
			}
			if (acc[i] == '\n') {
				if (i - start > t->max)
					break;
				emit(t, acc + start, i - start, 1);
				start = i + 1;
				lines++;
			}
		}
		memmove(acc, acc + start, hold - start);
		hold -= start;
		if (i < hold + start || hold > t->max) {
			capwarn(reader_name(r), lines + 1, "the line holds",
			    t->max, "the document is cut before it and the "
			    "rest of the input is not read");
			status = RINSE_ERR;
			break;
		}
		if (err == E2BIG || err == EILSEQ)
			continue;
		if (reader_buffered(r, &p) > 0 && err != EINVAL)
			continue;
		if (reader_eof(r))
			break;
		if (reader_fill(r) < 0) {
			status = reader_fail(r);
			break;
		}
	}
	if (hold > 0 && status == RINSE_OK)
		emit(t, acc, hold, 0);
	free(acc);
	return status;
}

/*
 * Makes sure the reader's buffer holds the head sample: HEAD_MAX bytes,
 * or all there is, or (with -z) the record to its NUL. Returns the
 * sample's length and sets *final when it is the whole document.
 */
static ssize_t
head(struct reader *r, int zmode, int *final)
{
	const char *p, *nul;
	size_t avail;
	int full = 0;

	for (;;) {
		avail = reader_buffered(r, &p);
		nul = zmode ? memchr(p, 0, avail) : NULL;
		if (nul != NULL) {
			*final = 1;
			return nul - p;
		}
		/* A fill that filled the buffer may have brought the NUL. */
		if (avail >= HEAD_MAX || reader_eof(r) || full)
			break;
		if (reader_fill(r) < 0)
			return -1;
		full = reader_full(r);
	}
	avail = reader_buffered(r, &p);
	*final = reader_eof(r) && avail <= HEAD_MAX;
	return avail < HEAD_MAX ? avail : HEAD_MAX;
}

/* Skips the rest of the document (to its NUL with -z). */
static int
skip_doc(struct reader *r)
{
	const char *line, *p;
	size_t len;
	int rc;

	if (!reader_zmode(r)) {
		reader_skip(r, reader_buffered(r, &p));
		while ((rc = reader_fill(r)) > 0)
			reader_skip(r, reader_buffered(r, &p));
		return rc < 0 ? reader_fail(r) : RINSE_OK;
	}
	while ((rc = reader_next(r, &line, &len)) == RD_LINE)
		;
	return rc == RD_ERR ? reader_fail(r) : RINSE_OK;
}

static int
enc_doc(void *state, struct reader *r, FILE *out)
{
	struct enc *t = state;
	struct guess g;
	const char *sample;
	ssize_t n;
	int final, status;

	t->out = out;
	t->docs++;
	reader_nulok(r, 1);	/* detect() refuses binaries; emit() drops NULs */
	t->docbad = 0;
	t->legacy_tried = t->force >= 0;	/* -f UTF-8 means it */
	decoder_close(&t->legacy);
	if ((n = head(r, reader_zmode(r), &final)) < 0)
		return reader_fail(r);
	reader_buffered(r, &sample);
	if (t->force >= 0) {
		memset(&g, 0, sizeof(g));
		g.enc = t->force;
		g.conf = 1;
		if (t->force == E_UTF8 && n >= 3 &&
		    memcmp(sample, "\xEF\xBB\xBF", 3) == 0)
			g.bom = 3;
	} else if (t->last == E_CP949 && detect_cp949_again(&t->det,
	    (const unsigned char *)sample, (size_t)n)) {
		memset(&g, 0, sizeof(g));
		g.enc = E_CP949;
		g.conf = 0.99;
	} else
		detect(&t->det, (const unsigned char *)sample, (size_t)n,
		    final, reader_zmode(r), &g);
	/*
	 * A stream of records is mostly in one encoding: remember it. A
	 * record of ASCII or UTF-8 between them (an English page, a
	 * converted one) says nothing against it; the next check is as
	 * strict either way.
	 */
	if (g.enc == E_CP949)
		t->last = reader_zmode(r) && g.conf >= 0.9 ? E_CP949 : -1;
	else if (g.enc != E_ASCII && g.enc != E_UTF8)
		t->last = -1;
	if (t->detect_only) {
		if (g.enc < 0)
			printf("binary %.2f\n", 1.0);
		else
			printf("%s %.2f\n", g.enc == E_OTHER ? t->det.other :
			    encodings[g.enc].name, g.conf);
		return skip_doc(r);
	}
	if (g.enc < 0) {
		warn("%s: binary input (%s) refused", reader_name(r), g.why);
		t->refused++;
		status = skip_doc(r);
		return status > RINSE_BAD ? status : RINSE_BAD;
	}
	reader_skip(r, g.bom);
	decoder_open(t, &t->main, g.enc == E_ASCII ? E_UTF8 : g.enc);
	if (encodings[g.enc].kind == EK_UTF16 ||
	    encodings[g.enc].kind == EK_UTF32)
		status = convert_raw(t, r);
	else
		status = convert_lines(t, r, g.bom == 0 ? g.valid : 0);
	t->invalid += t->docbad;
	if (t->strict && t->docbad > 0 && status == RINSE_OK) {
		warn("%s: %llu invalid sequence%s replaced", reader_name(r),
		    t->docbad, t->docbad == 1 ? "" : "s");
		status = RINSE_BAD;
	}
	return status;
}

/* The encoding -f names: one of ours, or anything iconv knows. */
static int
force_enc(struct enc *t, const char *name)
{
	iconv_t cd;
	int e = enc_lookup(name, strlen(name));

	if (e >= 0)
		return e;
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1) {
		warn("-f %s: unknown character set", name);
		usage(stderr);
		exit(RINSE_ERR);
	}
	iconv_close(cd);
	t->det.other = name;
	return E_OTHER;
}

/*
 * Makes t, zeroed with its options set but for -f, ready for documents
 * of lines up to max bytes: detection tables, no decoder open, nothing
 * forced. main() and the fuzz harness share it; enc_free() frees what t
 * holds.
 */
static void
enc_init(struct enc *t, size_t max)
{
	detector_init(&t->det);
	t->force = -1;
	t->main.enc = t->legacy.enc = -1;
	t->main.cd = t->legacy.cd = (iconv_t)-1;
	t->last = -1;
	t->max = max;
	t->maybe = maybe_table();
	t->skip = stable_ok(t->maybe);
}

static void
enc_free(struct enc *t)
{
	decoder_close(&t->main);
	decoder_close(&t->legacy);
	detector_free(&t->det);
	free(t->maybe);
	free(t->u8949);
	free(t->dec);
	free(t->tmp);
	free(t->fix);
}

/* The -v line. */
static const char *const keys[] = {
	"bytes_in", "bytes_out", "docs", "invalid", "mixed",
	"normalized", "repaired", "refused", "stripped"
};

static void
counts(const void *state, unsigned long long *vals)
{
	const struct enc *t = state;

	vals[1] = t->bytes_out;
	vals[2] = t->docs;
	vals[3] = t->invalid;
	vals[4] = t->mixed;
	vals[5] = t->normalized;
	vals[6] = t->repaired;
	vals[7] = t->refused;
	vals[8] = t->stripped;
}

static const struct stage stage = {
	enc_doc, keys, sizeof(keys) / sizeof(keys[0]), counts, NULL
};

int
main(int argc, char *argv[])
{
	struct common c = { 0 };
	struct enc t;
	const char *fname = NULL;
	int ch, status;

	setprogname(argv[0]);
	memset(&t, 0, sizeof(t));
	while ((ch = getopt(argc, argv, COMMON_OPTS "df:ms")) != -1) {
		if (common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'd':
			t.detect_only = 1;
			break;
		case 'f':
			fname = optarg;
			break;
		case 'm':
			t.repair = 1;
			break;
		case 's':
			t.strict = 1;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}
	enc_init(&t, c.max ? c.max : RD_DEFAULT_MAX);
	if (fname != NULL)
		t.force = force_enc(&t, fname);
	if (c.zmode && t.force >= 0 && (encodings[t.force].kind == EK_UTF16 ||
	    encodings[t.force].kind == EK_UTF32)) {
		warn("-f %s: UTF-16 and UTF-32 cannot be read with -z", fname);
		usage(stderr);
		enc_free(&t);
		return RINSE_ERR;
	}
	status = stage_main(argv + optind, argc - optind, &c, &stage, &t);
	enc_free(&t);
	return status;
}
