/*
 * json.c: a document of JSON records, as search and news APIs return them
 * and crawlers save them: an object, an array of objects, objects that
 * hold arrays of items.
 *
 * json_doc() reads of each object its title, then its text fields, in the
 * order of the document, each as text with HTML remnants (the entities and
 * <b> highlight tags of an API's snippets are decoded and dropped by the
 * tokenizer), one block a line. json_chars() counts what it would write
 * (pagedata.c reads a page's scripts of data with them). Links, dates,
 * ids, counts, authors and every other field of metadata are dropped; a
 * field this file does not know is kept when its value reads as prose. Objects and arrays inside an
 * object are read after its own fields; the strings of an array are read
 * as the field that holds it (["first paragraph", "second"] as prose).
 *
 * The whole document is parsed before anything is written: a document
 * that is not JSON (or nests deeper than MAXDEPTH) is left to the other
 * modes, untouched.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

#define MAXDEPTH 32

enum { K_DROP, K_TITLE, K_TEXT, K_OTHER };

struct jp {
	const unsigned char *p, *end;
	struct html *h;
	int emit;		/* 0: a check of the syntax only; 2: a count */
	size_t chars;		/* what a count found */
	int notitle;		/* titles left out: a page's data, --body-only */
	unsigned char *buf;	/* a string decoded */
	size_t len, cap;
};

static int value(struct jp *j, int depth, int kind);

static void
blanks(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static void
jput(struct jp *j, const unsigned char *s, size_t n)
{
	j->buf = xgrow(j->buf, &j->cap, j->len + n, 1);
	memcpy(j->buf + j->len, s, n);
	j->len += n;
}

static int
hex4(const unsigned char *p, uint32_t *v)
{
	int i;

	*v = 0;
	for (i = 0; i < 4; i++) {
		unsigned c = p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			*v |= (c | 0x20) - 'a' + 10;
		else
			return 0;
	}
	return 1;
}

/* A \u escape at j->p (after the 'u'), a surrogate pair as one. */
static int
unicode(struct jp *j)
{
	unsigned char out[4];
	uint32_t v, lo;

	if (j->end - j->p < 4 || !hex4(j->p, &v))
		return 0;
	j->p += 4;
	if (v >= 0xD800 && v <= 0xDBFF && j->end - j->p >= 6 &&
	    j->p[0] == '\\' && j->p[1] == 'u' && hex4(j->p + 2, &lo) &&
	    lo >= 0xDC00 && lo <= 0xDFFF) {
		v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
		j->p += 6;
	} else if (v >= 0xD800 && v <= 0xDFFF)
		v = 0xFFFD;	/* a lone surrogate */
	jput(j, out, utf8_encode(v, out));
	return 1;
}

/* A string at j->p (its '"'), decoded into j->buf[0..j->len). */
static int
string(struct jp *j)
{
	static const char esc[] = "\"\\/bfnrt", val[] = "\"\\/\b\f\n\r\t";
	const unsigned char *q;
	const char *e;

	j->len = 0;
	j->p++;
	for (;;) {
		for (q = j->p; q < j->end && *q != '"' && *q != '\\' &&
		    *q >= 0x20; q++)
			;
		jput(j, j->p, q - j->p);
		j->p = q;
		if (q >= j->end || *q < 0x20)
			return 0;
		j->p++;
		if (*q == '"')
			return 1;
		if (j->p >= j->end)
			return 0;
		if (*j->p == 'u') {
			j->p++;
			if (!unicode(j))
				return 0;
		} else if ((e = strchr(esc, *j->p)) != NULL && *j->p != '\0') {
			jput(j, (const unsigned char *)&val[e - esc], 1);
			j->p++;
		} else
			return 0;
	}
}

/* A number, true, false or null. */
static int
scalar(struct jp *j)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t k, m;

	for (k = 0; k < 3; k++) {
		m = strlen(words[k]);
		if ((size_t)(j->end - j->p) >= m &&
		    memcmp(j->p, words[k], m) == 0) {
			j->p += m;
			return 1;
		}
	}
	if (j->p < j->end && *j->p == '-')
		j->p++;
	if (j->p >= j->end || *j->p < '0' || *j->p > '9')
		return 0;
	while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') ||
	    *j->p == '.' || *j->p == 'e' || *j->p == 'E' || *j->p == '+' ||
	    *j->p == '-'))
		j->p++;
	return 1;
}

/* Whether key k holds one of the words of v. */
static int
holds(const char *k, const char *const *v)
{
	for (; *v != NULL; v++)
		if (strstr(k, *v) != NULL)
			return 1;
	return 0;
}

/*
 * What a field's key says of its value, by the words in it (ASCII letters
 * compared without case, '_' and '-' left out: "news_title", "articleBody",
 * "본문"); first what a link, a date or a picture is, then a title, a text,
 * and the rest of metadata.
 */
static int
keykind(const unsigned char *s, size_t n)
{
	static const char *const caption[] = { "caption", "캡션", NULL };
	static const char *const where[] = {
		"url", "link", "href", "uri", "guid", "date", "time", "email",
		"image", "img", "thumb", "photo", "video", "source", "lang",
		"링크", "주소", "날짜", "일자", "일시", "작성일", "등록일",
		"수정일", "사진", "이미지", "출처", "언론사", NULL
	};
	static const char *const title[] = {
		"title", "headline", "subject", "heading", "deck", "제목",
		"헤드라인", "부제", NULL
	};
	static const char *const text[] = {
		"desc", "summary", "content", "body", "text", "article",
		"message", "lead", "snippet", "abstract", "본문", "내용", "요약",
		"기사", "설명", NULL
	};
	static const char *const meta[] = {
		"author", "byline", "writer", "reporter", "editor", "category",
		"categories", "tag", "keyword", "cnt", "count", "total",
		"start", "display", "type", "기자", "작성자", "분류", "카테고리",
		"조회", "태그", NULL
	};
	char k[64];
	size_t i, m = 0;

	/* JSON-LD's keywords: "@context", "@type", "@id". */
	if (n > 0 && s[0] == '@')
		return K_DROP;
	for (i = 0; i < n && m < sizeof(k) - 1; i++)
		if (s[i] != '_' && s[i] != '-')
			k[m++] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 :
			    s[i]);
	if (i < n)
		return K_OTHER;
	k[m] = '\0';
	if (holds(k, caption))
		return K_TEXT;
	if (holds(k, where))
		return K_DROP;
	if (holds(k, title))
		return K_TITLE;
	if (holds(k, text))
		return K_TEXT;
	if (holds(k, meta) || strcmp(k, "id") == 0 ||
	    (m > 2 && strcmp(k + m - 2, "id") == 0))
		return K_DROP;
	return K_OTHER;
}

/*
 * Whether a value of a field this file does not know reads as prose: 20
 * characters or more, two spaces at least, not a link.
 */
static int
prose(const unsigned char *s, size_t n)
{
	size_t i, sp = 0, chars = 0;

	if (n >= 4 && memcmp(s, "http", 4) == 0)
		return 0;
	for (i = 0; i < n; i++) {
		sp += s[i] == ' ';
		chars += (s[i] & 0xC0) != 0x80;
	}
	return sp >= 2 && chars >= 20;
}

/* Writes the decoded string j->buf as text blocks (or counts them). */
static void
emit(struct jp *j)
{
	const unsigned char *s = j->buf, *q;
	size_t n = j->len, k;

	if (j->emit == 2) {
		for (k = 0; k < n; k++)
			j->chars += (s[k] & 0xC0) != 0x80 && s[k] != ' ' &&
			    s[k] != '\t' && s[k] != '\n' && s[k] != '\r';
		return;
	}
	while (n > 0) {
		q = memchr(s, '\n', n);
		k = q ? (size_t)(q - s) : n;
		feed_line(j->h, s, k, 1);
		k += q != NULL;
		s += k;
		n -= k;
	}
}

/*
 * The fields of an object at j->p (after its '{'), written in the pass
 * want: K_TITLE, then K_TEXT (with the prose of K_OTHER), then the
 * objects and arrays in it (want 0).
 */
static int
fields(struct jp *j, int depth, int want)
{
	const unsigned char *key;
	size_t klen;
	int kind;

	blanks(j);
	if (j->p < j->end && *j->p == '}') {
		j->p++;
		return 1;
	}
	for (;;) {
		blanks(j);
		if (j->p >= j->end || *j->p != '"' || !string(j))
			return 0;
		key = j->buf;	/* compared before the value is decoded */
		klen = j->len;
		kind = keykind(key, klen);
		blanks(j);
		if (j->p >= j->end || *j->p != ':')
			return 0;
		j->p++;
		blanks(j);
		if (j->p < j->end && *j->p == '"') {
			if (!string(j))
				return 0;
			if (j->emit && ((want == K_TITLE && kind == K_TITLE) ||
			    (want == K_TEXT && (kind == K_TEXT ||
			    (kind == K_OTHER && prose(j->buf, j->len))))))
				emit(j);
		} else if (j->p < j->end && (*j->p == '{' || *j->p == '[')) {
			int e = j->emit;

			j->emit = want == 0 && kind != K_DROP ? e : 0;
			if (!value(j, depth + 1, kind))
				return 0;
			j->emit = e;
		} else if (!scalar(j))
			return 0;
		blanks(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == '}') {
			j->p++;
			return 1;
		}
		return 0;
	}
}

static int
object(struct jp *j, int depth)
{
	const unsigned char *start = j->p;
	int pass;

	if (!j->emit)
		return fields(j, depth, -1);
	for (pass = j->notitle; pass < 3; pass++) {
		j->p = start;
		if (!fields(j, depth, pass == 0 ? K_TITLE : pass == 1 ?
		    K_TEXT : 0))
			return 0;
	}
	return 1;
}

/*
 * A value whose key says kind (K_OTHER at the top): a string in an array
 * is written as a field of that key would be.
 */
static int
value(struct jp *j, int depth, int kind)
{
	blanks(j);
	if (depth > MAXDEPTH || j->p >= j->end)
		return 0;
	if (*j->p == '{') {
		j->p++;
		return object(j, depth);
	}
	if (*j->p == '"') {
		if (!string(j))
			return 0;
		if (j->emit && depth > 0 && (kind == K_TITLE ||
		    kind == K_TEXT || (kind == K_OTHER &&
		    prose(j->buf, j->len))))
			emit(j);
		return 1;
	}
	if (*j->p != '[')
		return scalar(j);
	j->p++;
	blanks(j);
	if (j->p < j->end && *j->p == ']') {
		j->p++;
		return 1;
	}
	for (;;) {
		if (!value(j, depth + 1, kind))
			return 0;
		blanks(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p == ']') {
			j->p++;
			return 1;
		}
		return 0;
	}
}

/*
 * Reads s[0..n) as JSON records, writing (emit 1) or counting (emit 2)
 * their text; 0 if s is not JSON.
 */
static int
read_records(struct html *h, const unsigned char *s, size_t n, int emit,
    size_t *chars)
{
	struct jp j = { 0 };
	int ok;

	j.h = h;
	j.p = s;
	j.end = s + n;
	j.notitle = h != NULL && h->pagedata && h->bodyonly;
	blanks(&j);
	if (j.p >= j.end || (*j.p != '{' && *j.p != '['))
		return 0;
	/*
	 * The syntax first, so that nothing is written of what is not JSON;
	 * values one after another (JSON Lines) are records too.
	 */
	do
		ok = value(&j, 0, K_OTHER);
	while (ok && (blanks(&j), j.p < j.end));
	if (ok) {
		j.p = s;
		j.emit = emit;
		do
			value(&j, 0, K_OTHER);
		while ((blanks(&j), j.p < j.end));
	}
	free(j.buf);
	if (chars != NULL)
		*chars = ok ? j.chars : 0;
	return ok;
}

int
json_doc(struct html *h, const unsigned char *s, size_t n)
{
	return read_records(h, s, n, 1, NULL);
}

size_t
json_chars(const unsigned char *s, size_t n)
{
	size_t c;

	read_records(NULL, s, n, 2, &c);
	return c;
}
