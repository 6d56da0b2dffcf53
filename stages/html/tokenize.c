/*
 * tokenize.c: the tokenizer, after the HTML5 one.
 *
 * tokenize() reads bytes of a document in any pieces and keeps its state
 * between calls, so tags, comments and raw text may span lines: data
 * (text, character references, CDATA), tags and the attributes
 * extraction looks at, comments, doctype, raw text and script data with
 * its escape rules. Text goes to put(), tags to tag_done(). Every call
 * but the last of a document ends with a '\n': what HTML5 looks ahead
 * for (comment openers, end tags of raw text, references) never spans a
 * line, so a look ahead that reaches the end of the bytes has failed.
 *
 * Text mode asks more of a tag than HTML5 does (an element HTML knows; an
 * attribute needs a value) and reads what was no tag again as text
 * (bail()). A tag escaped once too often in text ("&lt;img ...&gt;") is
 * taken as markup; a feed's escaped bodies are unescaped and read again.
 * tokenize_end() settles what an unfinished token leaves.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>

#include "html.h"

#define LDMAX ((size_t)4 << 20)	/* JSON-LD kept for extraction */

static const char *const attrnames[A_NATTR] = {
	"class", "id", "role", "style", "itemprop", "aria-hidden", "hidden",
	"type", "href"
};
static const unsigned char attrlens[A_NATTR] = { 5, 2, 4, 5, 8, 11, 6, 4, 4 };

static size_t bail(struct html *h);

/*
 * The '>' of a tag was read and s[i] follows it. Text mode asks more of
 * a tag than HTML5 does: "if a<b then c>d" is no <b> element, so a tag
 * with attributes needs one with a value.
 */
static size_t
tag_close(struct html *h, size_t i, int selfclose)
{
	if (!h->doc && h->tag.nattr > 0 && h->tag.nvals == 0)
		return bail(h);
	tag_done(h, selfclose);
	return i;
}

/* Starts reading a start or end tag; its name comes next. */
static void
tag_start(struct html *h, int end)
{
	h->tag.nlen = 0;
	h->tag.end = end;
	h->tag.has = 0;
	h->tag.cur = -1;
	h->tag.nattr = h->tag.nvals = 0;
	h->state = S_TAGNAME;
}

/* The name of the attribute just read is known: is it one we keep? */
static void
attr_named(struct html *h)
{
	struct tag *t = &h->tag;
	int a;

	t->cur = -1;
	for (a = 0; a < A_NATTR; a++) {
		if (attrlens[a] == t->anlen && t->an[0] == attrnames[a][0] &&
		    memcmp(attrnames[a], t->an, t->anlen) == 0) {
			if (t->has & (1u << a))
				return;	/* HTML5: the first one counts */
			t->has |= 1u << a;
			t->vlen[a] = 0;
			t->cur = a;
			return;
		}
	}
}

static void
attr_val(struct html *h, const unsigned char *s, size_t n)
{
	struct tag *t = &h->tag;
	size_t k;

	if (t->cur < 0)
		return;
	k = TAG_VALMAX - t->vlen[t->cur];
	if (k > n)
		k = n;
	memcpy(t->val[t->cur] + t->vlen[t->cur], s, k);
	t->vlen[t->cur] += k;
}

/* Whether s[i..n) is "</NAME" followed by a delimiter, for raw text. */
static int
raw_end(const struct html *h, const unsigned char *s, size_t n, size_t i)
{
	size_t k;

	if (n - i < h->rawlen + 3 || s[i + 1] != '/')
		return 0;
	for (k = 0; k < h->rawlen; k++)
		if (lower(s[i + 2 + k]) != (unsigned char)h->rawname[k])
			return 0;
	k = s[i + 2 + h->rawlen];
	return isws(k) || k == '/' || k == '>';
}

/*
 * Text mode: what looked like a tag was not one. Its '<' is text and the
 * bytes after it are read again as text; the tag began at h->tagstart
 * in s, or in an earlier line (its bytes are then in h->raw). Returns
 * where to go on in s.
 */
static size_t
bail(struct html *h)
{
	unsigned char tmp[TAG_RAWMAX];
	size_t k;

	h->state = S_DATA;
	put(h, (const unsigned char *)"<", 1);
	if (h->rawn == 0)
		return h->tagstart + 1;
	k = h->rawn;
	memcpy(tmp, h->raw, k);
	h->rawn = 0;
	h->tagstart = 0;
	tokenize(h, tmp + 1, k - 1);
	h->tagstart = 0;
	return 0;
}

/* Keeps raw text read, for raw_unclosed(); up to the -M cap. */
static void
raw_keep(struct html *h, const unsigned char *s, size_t n)
{
	if (h->rawover || n == 0)
		return;
	if (n > h->max - h->rawbuflen) {
		h->rawover = 1;
		return;
	}
	h->rawbuf = xgrow(h->rawbuf, &h->rawbufcap, h->rawbuflen + n, 1);
	memcpy(h->rawbuf + h->rawbuflen, s, n);
	h->rawbuflen += n;
}

static int
tagstate(int st)
{
	return st >= S_TAGOPEN && st <= S_SELFCLOSE;
}

/* Text mode: a tag name HTML does not know is text, not markup. */
static int
unknown_tag(struct html *h)
{
	unsigned props;

	return !h->doc && tag_lookup(h->tag.name, h->tag.nlen, &props) ==
	    T_OTHER;
}

/* Bytes that go on a run of text in document mode: no space, <, & or ]. */
static const unsigned char runfold[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};

/* The same where white space is kept (text mode, <pre>): tab and space go on. */
static const unsigned char runkeep[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};

/*
 * A tag escaped in a page's text ("&lt;img src=... height=1&gt;" in a
 * <noscript>, "&lt;b&gt;" from a feed or an API field) is markup that
 * was escaped once too often, not text to show: when s holds one, of an
 * element HTML knows, through its "&gt;" on the same line, it is taken
 * as that tag (a line break for a block) and its length returned; else
 * 0. <pre> is left alone: code shows tags on purpose. Text mode asks for
 * an attribute with a value, as it does of tags (see tag_close()): "use
 * &lt;p&gt; for that" in a text stays as written. In a page, a start tag
 * with no attribute is markup when the element it opens is closed soon
 * after on the line (ESCNEAR bytes) or is a <br>, <hr> or <wbr>: a page
 * about HTML names its elements ("Single &lt;img&gt;") as text.
 */
#define ESCNEAR 4096

/* Whether "&lt;/NAME&gt;" (name[0..m) lower case) starts in s[0..n). */
static int
esc_closed(const unsigned char *s, size_t n, const char *name, size_t m)
{
	size_t i, k;

	if (n > ESCNEAR)
		n = ESCNEAR;
	for (i = 0; i + 9 + m <= n; i++) {
		if (s[i] != '&' || memcmp(s + i, "&lt;/", 5) != 0)
			continue;
		for (k = 0; k < m && lower(s[i + 5 + k]) ==
		    (unsigned char)name[k]; k++)
			;
		if (k == m && memcmp(s + i + 5 + m, "&gt;", 4) == 0)
			return 1;
	}
	return 0;
}

static size_t
esc_tag(struct html *h, const unsigned char *s, size_t n)
{
	char name[TAG_NAMEMAX];
	size_t j, k, m, lim = n < 4 + TAG_RAWMAX ? n : 4 + TAG_RAWMAX;
	unsigned props;
	int id, val = 0, attr = 0;

	if (n < 8 || memcmp(s, "&lt;", 4) != 0)
		return 0;
	j = 4 + (s[4] == '/');
	for (k = j; k < lim && k - j < TAG_NAMEMAX && (isalpha_(s[k]) ||
	    (k > j && s[k] >= '0' && s[k] <= '9')); k++)
		name[k - j] = (char)lower(s[k]);
	m = k - j;
	if (k == j || k >= lim || (!isws(s[k]) && s[k] != '/' && s[k] != '&'))
		return 0;
	if ((id = tag_lookup(name, m, &props)) == T_OTHER)
		return 0;
	for (; k + 4 <= lim && s[k] != '\n' && s[k] != '<' && s[k] != '>'; k++) {
		if (s[k] == '=')
			val = 1;
		if (s[k] == '&' && memcmp(s + k, "&gt;", 4) == 0) {
			if (!h->doc && !val)
				return 0;
			if (j == 4 && !attr && id != T_BR &&
			    !(m == 2 && memcmp(name, "hr", 2) == 0) &&
			    !(m == 3 && memcmp(name, "wbr", 3) == 0) &&
			    !esc_closed(s + k + 4, n - k - 4, name, m))
				return 0;
			h->tags++;
			if (props & TP_BLOCK || id == T_BR)
				brk(h);
			return k + 4;
		}
		if (!isws(s[k]) && s[k] != '/')
			attr = 1;
	}
	return 0;
}

/* Reads data: text, references, white space, up to the next '<'. */
static size_t
data(struct html *h, const unsigned char *s, size_t n, size_t i)
{
	unsigned char dec[16];
	size_t j, used, k;
	int fold = h->doc && !h->predepth;
	const unsigned char *run = fold ? runfold : runkeep;

	/*
	 * The title or body of a feed's item outside CDATA is HTML escaped
	 * once: unescaped, it is read as HTML. The next '<' is the feed's.
	 */
	if (h->fbody && !h->cdata && !h->finner) {
		const unsigned char *p = memchr(s + i, '<', n - i);

		j = p ? (size_t)(p - s) : n;
		if (j > i) {
			h->fbuf = xgrow(h->fbuf, &h->fbufcap, 2 * (j - i), 1);
			k = entity_decode_all(s + i, j - i, h->fbuf, &h->ents);
			h->finner = 1;
			tokenize(h, h->fbuf, k);
			h->finner = 0;
			return j;
		}
	}

	while (i < n) {
		j = i;
		while (j < n && run[s[j]])
			j++;
		if (j > i) {
			put(h, s + i, j - i);
			i = j;
			if (i == n)
				break;
		}
		switch (s[i]) {
		case '<':
			h->state = S_TAGOPEN;
			h->tagstart = i;
			h->rawn = 0;
			return i + 1;
		case '&':
			if (!h->predepth && (k = esc_tag(h, s + i, n - i)) > 0) {
				i += k;
				continue;
			}
			k = entity_decode(s + i, n - i, dec, &used);
			if (k > 0) {
				h->ents++;
				put_ws(h, dec, k);
				i += used;
			} else {
				put(h, s + i, 1);
				i++;
			}
			break;
		case ']':
			if (h->cdata && n - i >= 3 && s[i + 1] == ']' &&
			    s[i + 2] == '>') {
				h->cdata = 0;
				i += 3;
			} else {
				put(h, s + i, 1);
				i++;
			}
			break;
		case '\n':
			if (!fold) {
				brk(h);
				i++;
				break;
			}
			/* FALLTHROUGH */
		default:
			if (isws(s[i])) {
				if (fold || s[i] == '\r')
					h->space = 1;
				else
					put(h, s + i, 1);
			} else if (s[i] < 0x20 || s[i] == 0x7F) {
				/* Stray control bytes: shown as nothing. */
				if (h->skipnest == 0)
					h->controls++;
			} else
				put(h, s + i, 1);
			i++;
			break;
		}
	}
	return i;
}

/*
 * Appends s[0..k) of a script read to *buf, and the '<' after it when
 * one follows (lt): the end tag's is taken off at the end. A page's
 * scripts are kept to LDMAX bytes.
 */
static void
capture(unsigned char **buf, size_t *len, size_t *cap,
    const unsigned char *s, size_t k, int lt)
{
	if (*len + k + 1 > LDMAX)
		return;
	*buf = xgrow(*buf, cap, *len + k + 1, 1);
	memcpy(*buf + *len, s, k);
	*len += k;
	if (lt)
		(*buf)[(*len)++] = '<';
}

/* Reads raw text (script, style, title...) up to its end tag. */
static size_t
rawtext(struct html *h, const unsigned char *s, size_t n, size_t i)
{
	const unsigned char *p;
	size_t j;

	while (i < n) {
		if (h->state == S_RAW) {
			p = memchr(s + i, '<', n - i);
			j = p ? (size_t)(p - s) : n;
			if (h->ldjson && j > i)
				capture(&h->ld, &h->ldlen, &h->ldcap, s + i,
				    j - i, j < n);
			else if (h->pdjson && j > i)
				capture(&h->pd, &h->pdlen, &h->pdcap, s + i,
				    j - i, j < n);
			if (h->rawkind == R_TITLE && j > i) {
				size_t k = j - i;

				if (k > TITLEMAX - h->titlelen)
					k = TITLEMAX - h->titlelen;
				memcpy(h->titlebuf + h->titlelen, s + i, k);
				h->titlelen += k;
			}
			i = j;
			if (i == n)
				return n;
			if (raw_end(h, s, n, i))
				goto end;
			if (h->rawkind == R_SCRIPT && n - i >= 4 &&
			    memcmp(s + i, "<!--", 4) == 0) {
				h->state = S_SCRIPTESC;
				i += 4;
				continue;
			}
			if (h->rawkind == R_TITLE && h->titlelen < TITLEMAX)
				h->titlebuf[h->titlelen++] = '<';
			i++;
			continue;
		}
		/* Script data escaped and double escaped. */
		for (; i < n && s[i] != '<' && s[i] != '-'; i++)
			;
		if (i == n)
			return n;
		if (s[i] == '-') {
			if (n - i >= 3 && s[i + 1] == '-' && s[i + 2] == '>') {
				h->state = S_RAW;
				i += 3;
			} else
				i++;
			continue;
		}
		if (raw_end(h, s, n, i)) {
			if (h->state == S_SCRIPTESC)
				goto end;
			h->state = S_SCRIPTESC;
			i += 8;
			continue;
		}
		if (h->state == S_SCRIPTESC && n - i >= 8 &&
		    prefix(s + i + 1, n - i - 1, "script") &&
		    (isws(s[i + 7]) || s[i + 7] == '/' || s[i + 7] == '>')) {
			h->state = S_SCRIPTDESC;
			i += 7;
			continue;
		}
		i++;
	}
	return i;
end:
	if (h->rawkind == R_TITLE)
		title_end(h);
	if (h->ldjson && h->ldlen > 0 && h->ld[h->ldlen - 1] == '<')
		h->ldlen--;	/* the '<' of the end tag */
	if (h->pdjson && h->pdlen > 0 && h->pd[h->pdlen - 1] == '<')
		h->pdlen--;
	h->ldjson = h->pdjson = 0;
	tag_start(h, 1);
	memcpy(h->tag.name, h->rawname, h->rawlen);
	h->tag.nlen = h->rawlen;
	h->state = S_BEFATTR;
	h->tagstart = i;
	h->rawn = 0;
	return i + 2 + h->rawlen;
}

/* After '<': a start or end tag, a comment, CDATA, a doctype, or text. */
static size_t
tag_open(struct html *h, const unsigned char *s, size_t n, size_t i)
{
	unsigned c = s[i];

	switch (h->state) {
	case S_TAGOPEN:
		if (isalpha_(c)) {
			tag_start(h, 0);
			return i;
		}
		if (c == '/') {
			h->state = S_ENDTAGOPEN;
			return i + 1;
		}
		if (c == '!') {
			if (n - i >= 3 && s[i + 1] == '-' &&
			    s[i + 2] == '-') {
				h->state = S_COMMENT;
				i += 3;
				/* "<!-->" and "<!--->" are comments */
				if (i < n && s[i] == '>')
					h->state = S_DATA, i++;
				else if (n - i >= 2 && s[i] == '-' &&
				    s[i + 1] == '>')
					h->state = S_DATA, i += 2;
				h->tagstart = i;
				return i;
			}
			if (n - i >= 8 && memcmp(s + i + 1, "[CDATA[",
			    7) == 0) {
				h->cdata = 1;
				h->state = S_DATA;
				return i + 8;
			}
			if (h->doc || prefix(s + i + 1, n - i - 1,
			    "doctype")) {
				h->state = S_BOGUS;
				return i + 1;
			}
		} else if (c == '?') {
			h->state = S_BOGUS;
			return i + 1;
		}
		h->state = S_DATA;	/* "a < b", "x<3": text */
		put(h, (const unsigned char *)"<", 1);
		return i;
	case S_ENDTAGOPEN:
		if (isalpha_(c)) {
			tag_start(h, 1);
			return i;
		}
		if (c == '>') {
			h->state = S_DATA;
			return i + 1;
		}
		h->state = S_BOGUS;
		return i;
	}
	return i;
}

/* Inside a tag: its name, attributes and values, up to its '>'. */
static size_t
in_tag(struct html *h, const unsigned char *s, size_t n, size_t i)
{
	struct tag *t = &h->tag;
	unsigned c = s[i];

	switch (h->state) {
	case S_TAGNAME:
		if (isws(c) || c == '/' || c == '>') {
			if (unknown_tag(h))
				return bail(h);
			h->state = c == '>' ? S_DATA : c == '/' ?
			    S_SELFCLOSE : S_BEFATTR;
			i++;
			if (c == '>')
				i = tag_close(h, i, 0);
			return i;
		}
		do {
			if (t->nlen < TAG_NAMEMAX)
				t->name[t->nlen++] = (char)lower(c);
			i++;
		} while (i < n && (c = s[i]) != '>' && c != '/' &&
		    !isws(c));
		return i;
	case S_BEFATTR:
	case S_AFTATTRNAME:
		if (isws(c))
			return i + 1;
		if (c == '/') {
			h->state = S_SELFCLOSE;
			return i + 1;
		}
		if (c == '>')
			return tag_close(h, i + 1, 0);
		if (c == '=' && h->state == S_AFTATTRNAME) {
			h->state = S_BEFVAL;
			return i + 1;
		}
		t->anlen = 0;
		t->cur = -1;
		t->nattr++;
		t->an[t->anlen++] = (char)lower(c);
		h->state = S_ATTRNAME;
		return i + 1;
	case S_ATTRNAME:
		if (isws(c) || c == '/' || c == '>' || c == '=') {
			attr_named(h);
			h->state = c == '=' ? S_BEFVAL : S_AFTATTRNAME;
			if (c == '=' || isws(c))
				i++;
			return i;
		}
		do {
			if (t->anlen < TAG_NAMEMAX)
				t->an[t->anlen++] = (char)lower(c);
			else
				t->anlen = TAG_NAMEMAX + 1;
			i++;
		} while (i < n && (c = s[i]) != '>' && c != '/' &&
		    c != '=' && !isws(c));
		return i;
	case S_BEFVAL:
		if (isws(c))
			return i + 1;
		t->nvals++;
		if (c == '"' || c == '\'') {
			h->state = c == '"' ? S_VALDQ : S_VALSQ;
			return i + 1;
		}
		if (c == '>')
			return tag_close(h, i + 1, 0);
		h->state = S_VALUQ;
		return i;
	case S_VALDQ:
	case S_VALSQ: {
		const unsigned char *p = memchr(s + i,
		    h->state == S_VALDQ ? '"' : '\'', n - i);
		size_t j = p ? (size_t)(p - s) : n;

		if (!h->doc && j - i > TAG_RAWMAX)
			j = i + TAG_RAWMAX + 1;	/* bail above */
		attr_val(h, s + i, j - i);
		i = j;
		if (p != NULL && i < n && s[i] == *p) {
			h->state = S_AFTVALQ;
			i++;
		}
		return i;
	}
	case S_VALUQ:
		if (isws(c)) {
			h->state = S_BEFATTR;
			i++;
		} else if (c == '>') {
			i = tag_close(h, i + 1, 0);
		} else {
			attr_val(h, s + i, 1);
			i++;
		}
		return i;
	case S_AFTVALQ:
		if (c == '/') {
			h->state = S_SELFCLOSE;
			i++;
		} else if (c == '>') {
			i = tag_close(h, i + 1, 0);
		} else
			h->state = S_BEFATTR;
		return i;
	case S_SELFCLOSE:
		if (c == '>') {
			i = tag_close(h, i + 1, 1);
		} else
			h->state = S_BEFATTR;
		return i;
	}
	return i;
}

/* Inside a comment or a bogus comment (doctype, "<?xml"): up to its end. */
static size_t
in_decl(struct html *h, const unsigned char *s, size_t n, size_t i)
{
	switch (h->state) {
	case S_COMMENT: {
		const unsigned char *p, *nl;
		size_t j;

		p = memchr(s + i, '>', n - i);
		/* in text a comment ends with its line (see html.h) */
		if (!h->doc && (nl = memchr(s + i, '\n', (size_t)((p != NULL ?
		    p : s + n) - (s + i)))) != NULL) {
			h->state = S_DATA;
			h->linecomments++;
			return (size_t)(nl - s);
		}
		if (p == NULL)
			return n;
		j = (size_t)(p - s);
		i = j + 1;
		if ((j >= h->tagstart + 2 && s[j - 1] == '-' &&
		    s[j - 2] == '-') || (j >= h->tagstart + 3 &&
		    s[j - 1] == '!' && s[j - 2] == '-' &&
		    s[j - 3] == '-'))
			h->state = S_DATA;
		return i;
	}
	case S_BOGUS: {
		const unsigned char *p = memchr(s + i, '>', n - i);

		if (p == NULL)
			return n;
		i = (size_t)(p - s) + 1;
		h->state = S_DATA;
		return i;
	}
	}
	return i;
}

/*
 * Feeds bytes of the document to the tokenizer. Every call but the last
 * of a document ends with a '\n': what HTML5 looks ahead for (comment
 * openers, end tags of raw text, references) never spans a line, so a
 * look ahead that reaches the end of s has failed.
 */
void
tokenize(struct html *h, const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		if (!h->doc && tagstate(h->state) &&
		    h->rawn + (i - h->tagstart) > TAG_RAWMAX) {
			i = bail(h);
			continue;
		}
		switch (h->state) {
		case S_DATA:
			i = data(h, s, n, i);
			continue;
		case S_RAW:
		case S_SCRIPTESC:
		case S_SCRIPTDESC: {
			size_t j = rawtext(h, s, n, i);

			if (rawstate(h->state))
				raw_keep(h, s + i, j - i);
			i = j;
			continue;
		}
		case S_COMMENT:
		case S_BOGUS:
			i = in_decl(h, s, n, i);
			continue;
		case S_TAGOPEN:
		case S_ENDTAGOPEN:
			i = tag_open(h, s, n, i);
			continue;
		default:
			i = in_tag(h, s, n, i);
			continue;
		}
	}
	/* A tag goes on in the next line: text mode keeps its bytes. */
	if (!h->doc && tagstate(h->state)) {
		size_t k = n - h->tagstart;

		if (h->rawn + k > TAG_RAWMAX) {
			i = bail(h);
			if (i < n)
				tokenize(h, s + i, n - i);
			return;
		}
		memcpy(h->raw + h->rawn, s + h->tagstart, k);
		h->rawn += k;
	}
	h->tagstart = 0;
}

/* The end of the document: what an unfinished token leaves. */
void
tokenize_end(struct html *h)
{
	while (!h->doc && tagstate(h->state) && h->state != S_TAGOPEN &&
	    h->state != S_ENDTAGOPEN) {
		size_t i = bail(h);

		(void)i;	/* nothing follows the end */
	}
	if (h->state == S_TAGOPEN)
		put(h, (const unsigned char *)"<", 1);
	else if (h->state == S_ENDTAGOPEN)
		put(h, (const unsigned char *)"</", 2);
	h->state = S_DATA;
	brk(h);
}
