/*
 * rinse-ads: removes site furniture from text, one paragraph a line.
 *
 * Rules (the .rules files, see ads.h and rinse-ads(1)) keep, drop, strip or
 * cut paragraphs; three heuristics that need no rule drop link lists in the
 * head and tail, lines made only of UI labels, and what follows the
 * article's sign-off. A document is held in memory (up to -M) because a
 * cut or a heuristic decides on a paragraph by what comes after it.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <utf8proc.h>

#include <rinse/reader.h>
#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "ads.h"

#ifndef RULEDIR
#define RULEDIR "/usr/local/share/rinse/rules"
#endif

#define MATCH_LIMIT	1000000	/* backtracking steps for one match */
#define LONG_CPS	60	/* a story paragraph has at least this many */
#define SHORT_CPS	100	/* a link-list item or sign-off at most */
#define UI_CPS		40	/* a line of UI labels at most */
#define NONE		SIZE_MAX
#define UIWORD		20	/* room for the longest UI word and a NUL */
#define NUIWORDS	(sizeof(uiwords) / sizeof(uiwords[0]))
#define OUTBUF		(64 << 10)	/* our output block and stdio's */
#define REST_CPS	60	/* story a drop or cut rule leaves standing */
#define REST_SENT	20	/* a sentence a drop leaves standing after it */

/* What happened to a paragraph. */
enum {
	F_BLANK,	/* an empty line: passed through */
	F_KEEP,		/* untouched */
	F_PROTECT,	/* a keep rule matched */
	F_STRIP,	/* spans removed, the rest kept */
	F_EMPTY,	/* spans removed, nothing left */
	F_DROP,		/* a drop rule matched */
	F_SDROP,	/* a drop rule matched what strip left */
	F_CUT,		/* a cut rule matched in the tail */
	F_CUTTAIL,	/* after a cut */
	F_CUTONE,	/* a cut rule matched outside the tail: only this line */
	F_LINKS,	/* heuristic: link list */
	F_UI,		/* heuristic: UI labels */
	F_SIGNOFF,	/* heuristic: after the sign-off */
	NFATE
};

struct span {
	size_t so, eo, rule;
};

/*
 * A unit of the document (see units.c): a whole line, or a sentence or a
 * piece of furniture of one. Units of one paragraph are written on one
 * line, each after its separator; a unit with brk starts a new line.
 */
struct para {
	size_t off, len;	/* the unit in buf */
	size_t sep;		/* its separator is buf[sep..off) */
	size_t brkrule;		/* the break or split rule before it, or NONE */
	unsigned long long lineno;	/* of its line in the input */
	int brk;		/* starts a paragraph: a line's first unit,
				   or after a break */
	size_t soff, slen;	/* what strip left, in sbuf */
	size_t sp, nsp;		/* its strip spans in spans[] */
	size_t rule;		/* the rule behind the fate, or NONE */
	size_t cutrule;		/* a cut rule that matched, or NONE */
	int cutrest;		/* and left story beside its match */
	unsigned cps;		/* code points of what is left */
	unsigned pcps;		/* of what is left of its paragraph */
	int fate;
};

struct ads {
	struct ruleset rs;
	int explain;		/* -e: say what happens, do not clean */
	int links, ui, signoff;	/* heuristics on */
	size_t max;		/* -M: cap on a document */
	pcre2_code *signre;	/* what a sign-off line holds */
	const char *name;	/* input name for messages */

	char *buf;		/* the document, paragraphs back to back */
	size_t len, cap;
	char *sbuf;		/* stripped paragraphs */
	size_t slen, scap;
	struct para *p;
	size_t np, pcap;
	struct span *spans;
	size_t nspans, spcap;
	struct cutter cut;	/* the units of the line being read */
	unsigned char *tmp;	/* repaired UTF-8 */
	size_t tmpcap;
	char (*ui_sorted)[UIWORD];	/* uiwords, sorted on first use */
	char *obuf;		/* output not yet handed to stdio */
	size_t olen;

	unsigned long long bytes_out, paras_in, paras_out, invalid;
	unsigned long long fates[NFATE];
};

/* Grows *p (elements of size sz, *cap of them) to hold need. */
static void *
grow(void *p, size_t *cap, size_t need, size_t sz)
{
	if (need <= *cap)
		return p;
	if (*cap == 0)
		*cap = 64;
	while (*cap < need)
		*cap *= 2;
	return xrealloc(p, *cap * sz);
}

/* Appends n bytes to the document, within the cap. */
static size_t
docput(struct ads *a, const void *s, size_t n)
{
	size_t off = a->len;
	char b[32];

	if (n == 0)	/* an empty line: nothing to copy, buf may be NULL */
		return off;
	if (a->len + n > a->max)
		dief(RINSE_ERR, "%s: document longer than %s; raise the cap "
		    "with -M", a->name, fmtsize(a->max, b));
	a->buf = grow(a->buf, &a->cap, a->len + n, 1);
	memcpy(a->buf + a->len, s, n);
	a->len += n;
	return off;
}

/* Whether s holds a letter or a digit. */
static int
hasalnum(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k;
	uint32_t cp;

	while (i < n) {
		if (u[i] < 0x80) {
			if ((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z')
				return 1;
			if (u[i] >= '0' && u[i] <= '9')
				return 1;
			i++;
			continue;
		}
		k = utf8_decode(u + i, n - i, &cp);
		i += k;
		if (cp == UTF8_INVALID)
			continue;
		switch (utf8proc_category(cp)) {
		case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
		case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
		case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
		case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
			return 1;
		default:
			break;
		}
	}
	return 0;
}

static int
blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
			return 0;
	return 1;
}

static const char *
ptext(const struct ads *a, const struct para *p, size_t *n)
{
	if (p->fate == F_STRIP) {
		*n = p->slen;
		return a->sbuf + p->soff;
	}
	*n = p->len;
	return a->buf + p->off;
}

/*
 * Whether s[0..n) ends like a sentence of a Korean story: "다." (see
 * sentence() below), perhaps with closing quotes after it. Prompts of
 * furniture ("구독하세요!") do not; those that do are short after the
 * word their rule matched ("...구독 부탁드립니다.").
 */
static int
endsentence(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = n;

	for (;;) {	/* closing quotes: " ' ” ’ */
		if (i > 0 && (u[i - 1] == ' ' || u[i - 1] == '"' ||
		    u[i - 1] == '\''))
			i--;
		else if (i >= 3 && u[i - 3] == 0xE2 && u[i - 2] == 0x80 &&
		    (u[i - 1] == 0x9D || u[i - 1] == 0x99))
			i -= 3;
		else
			break;
	}
	return i >= 4 && memcmp(u + i - 4, "\xEB\x8B\xA4.", 4) == 0;
}

/*
 * Whether a drop or cut match h leaves story standing in s[0..n): at
 * least REST_CPS characters outside it, or (sent: for a drop) a sentence
 * of REST_SENT after it. A unit is mostly a sentence or a line of furniture; one that holds
 * more (a promo glued to the next paragraph, a line no rule could cut)
 * loses the match, not the story beside it.
 */
static int
leaves(const char *s, size_t n, const struct hit *h, int sent)
{
	size_t after = cpcount(s + h->eo, n - h->eo);

	return cpcount(s, h->so) + after >= REST_CPS || (sent &&
	    after >= REST_SENT && endsentence(s + h->eo, n - h->eo));
}

/* Records the strip span h of unit p (the last unit classified). */
static void
addspan(struct ads *a, struct para *p, const struct hit *h)
{
	a->spans = grow(a->spans, &a->spcap, a->nspans + 1, sizeof(*a->spans));
	a->spans[a->nspans].so = h->so;
	a->spans[a->nspans].eo = h->eo;
	a->spans[a->nspans].rule = h->rule;
	a->nspans++;
	p->nsp++;
}

/*
 * Adds the part span h to the sorted strip spans of p (the last unit
 * classified), as one span with those it overlaps.
 */
static void
addpart(struct ads *a, struct para *p, const struct hit *h)
{
	struct span *v = a->spans + p->sp, m = { h->so, h->eo, h->rule };
	size_t i, j, k;

	for (i = 0; i < p->nsp && v[i].eo <= m.so; i++)
		;
	for (j = i; j < p->nsp && v[j].so < m.eo; j++) {
		m.so = v[j].so < m.so ? v[j].so : m.so;
		m.eo = v[j].eo > m.eo ? v[j].eo : m.eo;
	}
	/* v[i..j) overlap m: replace them by m */
	if (j == i) {
		a->spans = grow(a->spans, &a->spcap, a->nspans + 1,
		    sizeof(*a->spans));
		v = a->spans + p->sp;
		memmove(v + i + 1, v + i, (p->nsp - i) * sizeof(*v));
		a->nspans++;
		p->nsp++;
	} else {
		k = j - i - 1;
		memmove(v + i + 1, v + j, (p->nsp - j) * sizeof(*v));
		a->nspans -= k;
		p->nsp -= k;
	}
	v[i] = m;
}

/* Applies the rules to unit i. */
static void
classify(struct ads *a, size_t i, int scanned)
{
	struct para *p = &a->p[i];
	unsigned long long lineno = p->lineno;
	/* buf is NULL while the document holds only empty lines */
	const char *s = p->len > 0 ? a->buf + p->off : "";
	size_t n = p->len, start, gap;
	struct hit h, part;

	p->rule = p->cutrule = NONE;
	p->nsp = 0;
	p->sp = a->nspans;
	if (blank(s, n)) {
		p->fate = F_BLANK;
		return;
	}
	a->paras_in++;
	if (!scanned)
		rules_scan(&a->rs, s, n);
	p->cps = (unsigned)a->rs.cps;
	if (rules_match(&a->rs, A_KEEP, s, n, 0, &h, a->name, lineno)) {
		p->fate = F_PROTECT;
		p->rule = h.rule;
		return;
	}
	p->fate = F_KEEP;
	part.so = part.eo = 0;
	part.rule = NONE;
	if (rules_match(&a->rs, A_DROP, s, n, 0, &h, a->name, lineno)) {
		if (!leaves(s, n, &h, 1)) {
			p->fate = F_DROP;
			p->rule = h.rule;
			return;
		}
		part = h;	/* story beside it: the match only goes */
	} else if (rules_match(&a->rs, A_CUT, s, n, 0, &h, a->name, lineno)) {
		/* whether it leaves story is asked only outside the tail */
		p->cutrule = h.rule;
		p->cutrest = leaves(s, n, &h, 0);
	}
	for (start = 0; start < n &&
	    rules_match(&a->rs, A_STRIP, s, n, start, &h, a->name, lineno);) {
		if (h.eo <= h.so) {	/* empty: step over one character */
			start = h.so + 1;
			while (start < n && (s[start] & 0xC0) == 0x80)
				start++;
			continue;
		}
		addspan(a, p, &h);
		start = h.eo;
	}
	if (part.eo > part.so)
		addpart(a, p, &part);
	if (p->nsp == 0)
		return;
	/* What is left: the gaps between the spans. */
	a->sbuf = grow(a->sbuf, &a->scap, a->slen + n, 1);
	p->soff = a->slen;
	for (start = 0, gap = 0; gap <= p->nsp; gap++) {
		size_t end = gap < p->nsp ? a->spans[p->sp + gap].so : n;

		memcpy(a->sbuf + a->slen, s + start, end - start);
		a->slen += end - start;
		if (gap < p->nsp)
			start = a->spans[p->sp + gap].eo;
	}
	p->slen = a->slen - p->soff;
	p->rule = a->spans[p->sp].rule;
	if (!hasalnum(a->sbuf + p->soff, p->slen)) {
		p->fate = F_EMPTY;
		return;
	}
	p->fate = F_STRIP;
	rules_scan(&a->rs, a->sbuf + p->soff, p->slen);
	if (rules_match(&a->rs, A_DROP, a->sbuf + p->soff, p->slen, 0, &h,
	    a->name, lineno) && !leaves(a->sbuf + p->soff, p->slen, &h, 1)) {
		p->fate = F_SDROP;
		p->rule = h.rule;
	}
}

static int
alive(const struct para *p)
{
	return p->fate == F_KEEP || p->fate == F_STRIP;
}

/* Ends with " - Outlet", " | Outlet": a short name after a dash or bar. */
static int
outletsuffix(const char *s, size_t n)
{
	size_t i, cps = 0;

	for (i = n; i > 0; i--) {
		if (s[i - 1] == ' ' && i >= 3 && s[i - 2] == ' ')
			return 0;
		if (i >= 3 && s[i - 1] == ' ' && (s[i - 2] == '-' ||
		    s[i - 2] == '|') && s[i - 3] == ' ')
			return cps > 0 && cps <= 20;
		if (i >= 5 && s[i - 1] == ' ' && s[i - 5] == ' ' &&
		    (memcmp(s + i - 4, "\xE2\x80\x93", 3) == 0 ||
		    memcmp(s + i - 4, "\xE2\x80\x94", 3) == 0))
			return cps > 0 && cps <= 20;
		if (((unsigned char)s[i - 1] & 0xC0) != 0x80)
			cps++;
		if (cps > 20 || s[i - 1] == '.')
			return 0;
	}
	return 0;
}

static int
startswith(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && memcmp(s, pre, k) == 0;
}

/* Starts with an arrow that leads a promo or a link: ▶ ▷ ► ☞. */
static int
arrowled(const char *s, size_t n)
{
	return startswith(s, n, "\xE2\x96\xB6") ||
	    startswith(s, n, "\xE2\x96\xB7") ||
	    startswith(s, n, "\xE2\x96\xBA") ||
	    startswith(s, n, "\xE2\x98\x9E");
}

/*
 * A short line shaped like an item of a link list: a headline with its
 * outlet, a promo item led by an arrow or a box, or (in the tail) a bullet
 * that is not a sentence. Bullets above the story are its deck.
 */
static int
listitem(const char *s, size_t n, unsigned cps, int head)
{
	static const char *const arrows[] = {
		"\xE2\x96\xB6", "\xE2\x96\xB7", "\xE2\x96\xBA", "\xE2\x98\x9E",
		"\xE2\x96\xA0", "\xE2\x96\xA1", "\xE2\x97\x86", "\xE2\x97\x87",
		"\xE2\x97\x8F", "\xE2\x97\x8B", "\xE2\x80\xBB", "\xE2\x86\x92",
		"\xC2\xBB", ">"
	};
	static const char *const bullets[] = {
		"- ", "* ", "\xE2\x80\xA2", "\xC2\xB7", "\xE3\x86\x8D"
	};
	size_t i;

	if (cps > SHORT_CPS)
		return 0;
	if (outletsuffix(s, n))
		return 1;
	for (i = 0; i < sizeof(arrows) / sizeof(arrows[0]); i++)
		if (startswith(s, n, arrows[i]))
			return 1;
	for (i = 0; i < sizeof(bullets) / sizeof(bullets[0]) && !head; i++)
		if (startswith(s, n, bullets[i]))
			/* "...했다." is a sentence of a list in the story */
			return !(n >= 4 && memcmp(s + n - 4, "\xEB\x8B\xA4.",
			    4) == 0) && !(n > 0 && s[n - 1] == '.' &&
			    cps > 60);
	return 0;
}

/*
 * Words of site UI that make up a line on their own: share and print
 * buttons, font-size widgets, comment and login prompts, navigation.
 * A word matches in any case of its ASCII letters.
 */
static const char uiwords[][UIWORD] = {
		"공유", "공유하기", "댓글", "댓글쓰기", "좋아요", "싫어요",
		"스크랩", "인쇄", "프린트", "글자크기", "글씨크기", "글자",
		"크게", "작게", "닫기", "구독", "구독하기", "목록", "이전",
		"다음", "이전글", "다음글", "맨위로", "위로", "카카오톡",
		"카카오스토리", "페이스북", "트위터", "밴드", "링크복사",
		"URL복사", "주소복사", "복사", "메일", "이메일", "추천",
		"추천하기", "로그인", "회원가입", "로딩중", "더보기", "펼치기",
		"접기", "전체메뉴", "메뉴", "검색", "알림", "설정", "번역",
		"기사듣기", "본문듣기", "듣기", "가", "가가", "요약", "요약봇",
		"저장", "기사저장", "신고", "원문", "원문보기", "보내기",
		"바로가기", "전체보기", "홈", "share", "tweet", "print",
		"email", "e-mail", "facebook", "twitter", "x", "linkedin",
		"whatsapp", "reddit", "pinterest", "flipboard", "copy", "link",
		"comment", "comments", "close", "menu", "search", "login",
		"log", "in", "out", "sign", "up", "subscribe", "save", "like",
		"reply", "report", "more", "next", "previous", "prev", "back",
		"top", "home", "listen", "alert", "button", "ok", "cancel",
		"a", "a+", "a-", "font", "size", "text", "bookmark", "gift",
		"this", "article", "story", "view", "show", "hide", "toggle",
		"expand", "collapse", "open", "skip", "to", "content", "main",
		"navigation", "loading", "..."
};

/* Copies n bytes of s to d with ASCII letters in lower case. */
static void
lower(char *d, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i];
}

static int
uicmp(const void *x, const void *y)
{
	const char *a = x, *b = y;
	size_t m = strlen(a), n = strlen(b);

	if (m != n)
		return m < n ? -1 : 1;
	return memcmp(a, b, m);
}

/*
 * Whether s[0..n) is a UI word: a binary search of the words, sorted by
 * length and bytes on first use.
 */
static int
uiword(struct ads *a, const char *s, size_t n)
{
	char key[UIWORD];
	size_t i;

	if (n == 0 || n >= UIWORD)
		return 0;
	if (a->ui_sorted == NULL) {
		a->ui_sorted = xmalloc(sizeof(uiwords));
		for (i = 0; i < NUIWORDS; i++)
			lower(a->ui_sorted[i], uiwords[i], UIWORD);
		qsort(a->ui_sorted, NUIWORDS, UIWORD, uicmp);
	}
	memset(key, 0, sizeof(key));
	lower(key, s, n);
	return bsearch(key, a->ui_sorted, NUIWORDS, UIWORD, uicmp) != NULL;
}

/*
 * A line made only of UI words (counts like "댓글 0" allowed), at least
 * one of them a word of the list.
 */
static int
uiline(struct ads *a, const char *s, size_t n, unsigned cps)
{
	static const char seps[] = " \t|/,:[]()<>";
	size_t i = 0, j, k;
	int words = 0, digits;

	if (cps > UI_CPS)
		return 0;
	while (i < n) {
		if (strchr(seps, s[i]) != NULL) {
			i++;
			continue;
		}
		if (startswith(s + i, n - i, "\xC2\xB7")) {
			i += 2;
			continue;
		}
		if (startswith(s + i, n - i, "\xE2\x80\xA2")) {
			i += 3;
			continue;
		}
		for (j = i; j < n && strchr(seps, s[j]) == NULL; j++)
			;
		for (digits = 1, k = i; k < j; k++)
			if (!(s[k] >= '0' && s[k] <= '9') && s[k] != '.' &&
			    s[k] != '+')
				digits = 0;
		if (!digits) {
			if (!uiword(a, s + i, j - i))
				return 0;
			words++;
		}
		i = j;
	}
	return words > 0;
}

/* What a sign-off line holds: an e-mail address or a copyright notice. */
static const char signoff_pat[] =
    "[\\w.+-]+@[\\w-]+(?:\\.[\\w-]+)+|\\[email(?:\\s|&#160;)*protected\\]"
    "|[\\x{24D2}\\x{00A9}]|\\([cC]\\)\\s*\\d{4}"
    "|(?i:copyrights?\\s*(?:[\\x{24D2}\\x{00A9}]|\\(c\\)|\\d{4})"
    "|all rights reserved)|무단\\s*전재|재\\s*배포\\s*금지";

static int
signline(struct ads *a, const char *s, size_t n)
{
	/* a character takes four bytes at most */
	return n <= 4 * SHORT_CPS && cpcount(s, n) <= SHORT_CPS &&
	    pcre2_match(a->signre, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK,
	    a->rs.md, a->rs.mctx) >= 0;
}

/* Whether the three bytes at s are a Hangul syllable, U+AC00 to U+D7A3. */
static int
hangul(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	if (u[0] < 0xEA || u[0] > 0xED || (u[1] & 0xC0) != 0x80 ||
	    (u[2] & 0xC0) != 0x80)
		return 0;
	cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
	    (u[2] & 0x3F);
	return cp >= 0xAC00 && cp <= 0xD7A3;
}

/*
 * Whether a paragraph reads like a sentence of a story: Korean news prose
 * ends in "다." (perhaps inside a quote); an English sentence ends in a
 * full stop, question or exclamation mark and has some length and words
 * (a Hangul syllable before that stop is Korean not ending in "다.").
 * Prompts of site furniture ("댓글을 작성해 보세요.") do neither.
 */
static int
sentence(const char *s, size_t n, unsigned cps)
{
	static const char *const quotes[] = {
		"\"", "'", "\xE2\x80\x9D", "\xE2\x80\x99"
	};
	size_t i, k, spaces = 0;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	for (i = 0; i < sizeof(quotes) / sizeof(quotes[0]); i++) {
		k = strlen(quotes[i]);
		if (n > k && memcmp(s + n - k, quotes[i], k) == 0) {
			n -= k;
			break;
		}
	}
	if (n >= 4 && memcmp(s + n - 4, "\xEB\x8B\xA4.", 4) == 0)
		return 1;	/* 다. */
	if (n == 0 || (s[n - 1] != '.' && s[n - 1] != '?' && s[n - 1] != '!'))
		return 0;
	if (n >= 4 && hangul(s + n - 4))
		return 0;	/* Korean other than 다.: "작성해 보세요." */
	for (i = 0; i < n; i++)
		spaces += s[i] == ' ';
	return cps >= 40 && spaces >= 6;
}

/*
 * Sets pcps of every unit: the characters of the units of its paragraph
 * that are still alive. The length tests of the heuristics are about
 * paragraphs: a short sentence of a long paragraph is not a list item.
 */
static void
paracps(struct ads *a)
{
	size_t i, j, k;
	unsigned sum;

	for (i = 0; i < a->np; i = j) {
		sum = alive(&a->p[i]) ? a->p[i].cps : 0;
		for (j = i + 1; j < a->np && !a->p[j].brk; j++)
			if (alive(&a->p[j]))
				sum += a->p[j].cps;
		for (k = i; k < j; k++)
			a->p[k].pcps = sum;
	}
}

/*
 * The link-list heuristic: runs of three or more list items above the
 * story (first) or below it (last), or of two promo items led by arrows
 * below it, are site furniture. Arrow-led items that a rule dropped
 * count in a run.
 */
static void
linklists(struct ads *a, size_t first, size_t last)
{
	size_t i, j, k, run, arrows;
	const char *s;
	size_t n;

	for (i = 0; i < a->np; i = j > i ? j : i + 1) {
		j = i;
		if (!alive(&a->p[i]) || (i >= first && i <= last))
			continue;
		for (run = arrows = 0; j < a->np && !(j >= first && j <= last);
		    j++) {
			struct para *p = &a->p[j];

			if (!alive(p) && p->fate != F_PROTECT) {
				/* promo items a rule dropped count too */
				if (p->fate != F_BLANK && arrowled(a->buf +
				    p->off, p->len)) {
					run++;
					arrows++;
				}
				continue;
			}
			s = ptext(a, p, &n);
			if (p->fate == F_PROTECT ||
			    !listitem(s, n, p->pcps, j < first))
				break;
			run++;
			arrows += arrowled(s, n);
		}
		if (run < 3 && !(run == 2 && arrows == 2 && i > last))
			continue;
		for (k = i; k < j; k++)
			if (alive(&a->p[k])) {
				a->p[k].fate = F_LINKS;
				a->p[k].rule = NONE;
			}
	}
}

/* The heuristics and cut, which judge a unit by its place. */
static void
arrange(struct ads *a)
{
	size_t i, j, first = NONE, last = NONE, lastsent = NONE;
	unsigned long long total = 0, before = 0;
	int tail;
	const char *s;
	size_t n;

	for (i = 0; i < a->np; i++) {
		struct para *p = &a->p[i];

		if (p->fate != F_BLANK)
			total += p->len;
		if (p->fate == F_STRIP) {
			s = ptext(a, p, &n);
			p->cps = (unsigned)cpcount(s, n);
		}
	}
	paracps(a);
	for (i = 0; i < a->np; i++) {
		struct para *p = &a->p[i];

		if (alive(p) && p->pcps >= LONG_CPS && p->cutrule == NONE) {
			if (first == NONE)
				first = i;
			last = i;
			s = ptext(a, p, &n);
			if (sentence(s, n, p->cps))
				lastsent = i;
		}
	}
	/*
	 * cut: only in the tail, after the last story paragraph, or past 60%
	 * of the text and after the last sentence of one, so that a notice
	 * at the top cannot wipe the article; elsewhere it drops its own unit
	 * only, and not even that where the unit holds story beside the match.
	 */
	for (i = 0; i < a->np; i++) {
		struct para *p = &a->p[i];

		tail = (last != NONE && i > last) || (before * 10 >= total * 6 &&
		    (lastsent == NONE || i > lastsent));
		if (alive(p) && p->cutrule != NONE && tail) {
			p->rule = p->cutrule;
			p->fate = F_CUT;
			for (j = i + 1; j < a->np; j++)
				if (a->p[j].fate != F_PROTECT &&
				    a->p[j].fate != F_BLANK) {
					a->p[j].fate = F_CUTTAIL;
					a->p[j].rule = p->rule;
				}
			break;
		}
		if (alive(p) && p->cutrule != NONE && !p->cutrest) {
			p->rule = p->cutrule;
			p->fate = F_CUTONE;
		}
		if (p->fate != F_BLANK)
			before += p->len;
	}
	if (first == NONE)
		return;	/* no story paragraph: nothing to place against */
	/* the last story paragraph may have been cut */
	while (last > first && !alive(&a->p[last]))
		last--;

	if (a->links)
		linklists(a, first, last);
	if (a->ui) {
		for (i = 0; i < a->np; i++) {
			struct para *p = &a->p[i];

			if (!alive(p))
				continue;
			s = ptext(a, p, &n);
			if (uiline(a, s, n, p->cps)) {
				p->fate = F_UI;
				p->rule = NONE;
			}
		}
	}
	if (a->signoff) {
		/* a sign-off after the last story paragraph ends the story */
		for (i = last + 1; i < a->np; i++) {
			struct para *p = &a->p[i];

			if (p->fate == F_BLANK || p->fate == F_PROTECT)
				continue;
			if (signline(a, a->buf + p->off, p->len))
				break;
		}
		/* only if nothing after it reads like a sentence of a story */
		for (j = i + 1; j < a->np; j++)
			if (alive(&a->p[j])) {
				s = ptext(a, &a->p[j], &n);
				if (sentence(s, n, a->p[j].cps))
					j = a->np + 1;
			}
		for (j = j == a->np ? i + 1 : a->np; j < a->np; j++)
			if (alive(&a->p[j])) {
				a->p[j].fate = F_SIGNOFF;
				a->p[j].rule = NONE;
			}
	}
}

/*
 * Output goes through a block of our own, handed to stdio when full and
 * at the end of each document: a paragraph costs a copy, not a call.
 */
static void
flushout(struct ads *a, FILE *fp)
{
	efwrite(a->obuf, a->olen, fp);
	a->olen = 0;
}

static void
out(struct ads *a, FILE *fp, const char *s, size_t n)
{
	a->bytes_out += n;
	if (a->obuf == NULL)
		a->obuf = xmalloc(OUTBUF);
	if (a->olen + n > OUTBUF) {
		flushout(a, fp);
		if (n > OUTBUF) {
			efwrite(s, n, fp);
			return;
		}
	}
	memcpy(a->obuf + a->olen, s, n);
	a->olen += n;
}

/* "rules/ko-news.rules:12" */
static void
origin(struct ads *a, FILE *fp, size_t rule)
{
	char b[64];
	const struct rule *r = &a->rs.r[rule];

	out(a, fp, " ", 1);
	out(a, fp, r->origin, strlen(r->origin));
	snprintf(b, sizeof(b), ":%lu", r->line);
	out(a, fp, b, strlen(b));
}

static void
explain(struct ads *a, FILE *fp, const struct para *p)
{
	static const char *const what[NFATE] = {
		"", "keep", "keep", "strip", "strip", "drop", "drop", "cut",
		"cut", "drop", "heuristic:link-list", "heuristic:ui-label",
		"heuristic:signoff"
	};
	const char *s = a->buf + p->off, *w = what[p->fate];
	size_t k, at = 0, prev = NONE;

	if (p->fate == F_BLANK)
		return;
	if (!p->brk)	/* a unit that continues the paragraph above */
		out(a, fp, "+", 1);
	out(a, fp, w, strlen(w));
	if (p->fate == F_SDROP || p->fate == F_EMPTY) {
		for (k = 0; k < p->nsp; k++)
			if (a->spans[p->sp + k].rule != prev) {
				prev = a->spans[p->sp + k].rule;
				if (k == 0 && p->fate == F_SDROP)
					out(a, fp, " after strip", 12);
				origin(a, fp, prev);
			}
		if (p->fate == F_EMPTY)
			out(a, fp, ", nothing left", 14);
		else
			out(a, fp, ", then drop", 11);
	}
	if (p->rule != NONE && p->fate != F_STRIP && p->fate != F_EMPTY)
		origin(a, fp, p->rule);
	if (p->fate == F_STRIP)
		for (k = 0; k < p->nsp; k++)
			if (a->spans[p->sp + k].rule != prev) {
				prev = a->spans[p->sp + k].rule;
				origin(a, fp, prev);
			}
	if (p->fate == F_CUTTAIL)
		out(a, fp, " (after the cut)", 16);
	if (p->fate == F_CUTONE)
		out(a, fp, " (a cut rule, but not in the tail)", 34);
	if (p->brk && p->brkrule != NONE) {
		out(a, fp, " (a paragraph of its own by", 27);
		origin(a, fp, p->brkrule);
		out(a, fp, ")", 1);
	}
	out(a, fp, "\t", 1);
	/* the paragraph with each stripped span shown as [-span-] */
	for (k = 0; k < p->nsp && p->fate != F_DROP && p->fate != F_PROTECT;
	    k++) {
		const struct span *sp = &a->spans[p->sp + k];

		out(a, fp, s + at, sp->so - at);
		out(a, fp, "[-", 2);
		out(a, fp, s + sp->so, sp->eo - sp->so);
		out(a, fp, "-]", 2);
		at = sp->eo;
	}
	out(a, fp, s + at, p->len - at);
	out(a, fp, "\n", 1);
}

/*
 * Reads line number lineno, s[0..n), into the document as its units and
 * applies the rules to each. A unit that is the whole line takes the scan
 * units_of() made of it, if it made one.
 */
static void
addline(struct ads *a, const char *s, size_t n, unsigned long long lineno)
{
	size_t off = docput(a, s, n), k, nu;
	const struct unit *u;
	int scanned = a->rs.ng[A_SPLIT] + a->rs.ng[A_BREAK] > 0;

	nu = units_of(&a->rs, &a->cut, n > 0 ? a->buf + off : "", n, a->name,
	    lineno);
	a->p = grow(a->p, &a->pcap, a->np + nu, sizeof(*a->p));
	for (k = 0; k < nu; k++) {
		struct para *p = &a->p[a->np++];

		u = &a->cut.u[k];
		p->off = off + u->so;
		p->len = u->eo - u->so;
		p->sep = off + u->sep;
		p->brk = k == 0 || u->brk;
		p->brkrule = k == 0 ? NONE : u->rule;
		p->lineno = lineno;
		classify(a, a->np - 1, scanned && nu == 1 && u->eo == n);
	}
}

/*
 * Writes the units that stay: each paragraph on a line of its own, its
 * units after their separators. *open is the first unit of the paragraph
 * whose line is not yet ended, or NONE.
 */
static void
emit(struct ads *a, FILE *fp, size_t i, size_t *open, size_t *par)
{
	const struct para *p = &a->p[i];
	const char *s;
	size_t n;

	if (p->brk)
		*par = i;
	if (*open != NONE && *open != *par) {
		out(a, fp, "\n", 1);
		*open = NONE;
	}
	s = ptext(a, p, &n);
	if (*open != NONE)
		out(a, fp, a->buf + p->sep, p->off - p->sep);
	else
		a->paras_out++;
	out(a, fp, s, n);
	*open = *par;
}

static int
ads_doc(void *state, struct reader *in, FILE *fp)
{
	struct ads *a = state;
	const char *line;
	size_t len, i, open = NONE, par = 0;
	int rc, status = RINSE_OK, cut = 0;

	a->name = reader_name(in);
	a->len = a->slen = a->np = a->nspans = 0;
	while ((rc = reader_next(in, &line, &len)) == RD_LINE) {
		if (utf8_valid((const unsigned char *)line, len) != len) {
			a->tmp = grow(a->tmp, &a->tmpcap, len * 3, 1);
			len = utf8_sanitize((const unsigned char *)line, len,
			    a->tmp, &a->invalid);
			line = (const char *)a->tmp;
		}
		addline(a, line, len, in->lineno);
	}
	if (rc == RD_ERR)
		status = reader_fail(in);
	arrange(a);
	for (i = 0; i < a->np; i++) {
		struct para *p = &a->p[i];

		if (p->fate == F_CUT)
			cut = 1;
		a->fates[p->fate]++;
		if (a->explain) {
			explain(a, fp, p);
			continue;
		}
		if (p->fate == F_BLANK && !cut) {
			if (open != NONE)
				out(a, fp, "\n", 1);
			open = NONE;
			out(a, fp, "\n", 1);
			continue;
		}
		if (p->fate == F_KEEP || p->fate == F_PROTECT ||
		    p->fate == F_STRIP)
			emit(a, fp, i, &open, &par);
		else if (p->brk)
			par = i;
	}
	if (open != NONE)
		out(a, fp, "\n", 1);
	/* stdio writes in blocks of OUTBUF; efshut() catches what fails */
	flushout(a, fp);
	return status;
}

static int
isdir(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/*
 * The rules of the program at path, from where it sits: a build tree
 * (bin/ or build-san/bin/ under a folder with stages/ads/ads.c and
 * rules/) uses its source tree's rules/; an installed program uses
 * BIN/../share/rinse/rules of its own prefix, wherever the prefix was
 * moved (DESTDIR). A rules/ folder that merely happens to sit near an
 * install is never taken. NULL when neither is there.
 */
static char *
rulesnear(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d, *mark;
	size_t n;
	int up;

	if (slash == NULL)
		return NULL;
	n = slash - path;
	d = xmalloc(n + 32);
	mark = xmalloc(n + 32);
	for (up = 1; up <= 2; up++) {
		const char *dots = up == 1 ? "/.." : "/../..";

		sprintf(mark, "%.*s%s/stages/ads/ads.c", (int)n, path, dots);
		sprintf(d, "%.*s%s/rules", (int)n, path, dots);
		if (access(mark, F_OK) == 0 && isdir(d))
			goto found;
	}
	sprintf(d, "%.*s/../share/rinse/rules", (int)n, path);
	if (isdir(d))
		goto found;
	free(d);
	free(mark);
	return NULL;
found:
	free(mark);
	return d;
}

/*
 * Where the bundled rule sets are: $RINSE_RULES; else where the program
 * sits (rulesnear()); else the install directory RULEDIR.
 */
static char *
bundled(const char *argv0)
{
	const char *env = getenv("RINSE_RULES");
	char exe[PATH_MAX], *d;
	ssize_t n;

	if (env != NULL && *env != '\0')
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((d = rulesnear(exe)) != NULL)
			return d;
	}
	if ((d = rulesnear(argv0)) != NULL)
		return d;
	return isdir(RULEDIR) ? xstrdup(RULEDIR) : NULL;
}

static void
usage(FILE *fp)
{
	fputs("usage: rinse-ads [-hVvzelLRSU] [-M SIZE] [-r FILE] "
	    "[file ...]\n"
	    "  -e       explain: print every paragraph after what happened to "
	    "it and why\n"
	    "           (also --explain)\n"
	    "  -l       list the rules in force with their files and exit\n"
	    "  -r FILE  add the rules in FILE (repeatable)\n"
	    "  -R       load none of the bundled rule sets\n"
	    "  -L       no link-list heuristic\n"
	    "  -U       no UI-label heuristic\n"
	    "  -S       no sign-off heuristic\n"
	    "Bundled rules come from $RINSE_RULES if set, else rules/ of the "
	    "source tree\nfor a program in its build tree, else "
	    "../share/rinse/rules next to the\nprogram, else " RULEDIR ".\n",
	    fp);
	common_help(fp);
}

int
main(int argc, char *argv[])
{
	static const char *const keys[] = {
		"bytes_in", "bytes_out", "paras_in", "paras_out", "dropped",
		"keep", "drop", "strip", "cut", "link_list", "ui_label",
		"signoff", "invalid", "limit"
	};
	char eopt[] = "-e";
	struct common c = { 0 };
	struct ads a = { 0 };
	unsigned long long bytes_in, vals[14];
	char **extra = NULL, *dir, *sbuf;
	size_t nextra = 0, i;
	int ch, status, list = 0, nobundled = 0, err;
	PCRE2_SIZE off;

	setprogname(argv[0]);
	for (i = 1; i < (size_t)argc && strcmp(argv[i], "--") != 0; i++)
		if (strcmp(argv[i], "--explain") == 0)
			argv[i] = eopt;
	a.links = a.ui = a.signoff = 1;
	while ((ch = getopt(argc, argv, COMMON_OPTS "elLr:RSU")) != -1) {
		if (common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'e':
			a.explain = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'L':
			a.links = 0;
			break;
		case 'r':
			extra = xrealloc(extra, (nextra + 1) * sizeof(*extra));
			extra[nextra++] = optarg;
			break;
		case 'R':
			nobundled = 1;
			break;
		case 'S':
			a.signoff = 0;
			break;
		case 'U':
			a.ui = 0;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}

	/* Every rule is compiled before any input is read. */
	if (!nobundled) {
		if ((dir = bundled(argv[0])) == NULL)
			die("no bundled rules: not in the build tree, nor in "
			    "../share/rinse/rules next to the program, nor in "
			    "%s; set RINSE_RULES or use -R", RULEDIR);
		rules_load_dir(&a.rs, dir);
		free(dir);
	}
	for (i = 0; i < nextra; i++)
		rules_load(&a.rs, extra[i], extra[i]);
	free(extra);
	if (list) {
		rules_list(&a.rs, stdout);
		rules_free(&a.rs);
		return efshut(stdout, "<stdout>");
	}
	rules_finish(&a.rs, MATCH_LIMIT);
	a.signre = pcre2_compile((PCRE2_SPTR)signoff_pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
	if (a.signre == NULL)
		die("internal sign-off pattern does not compile");
	pcre2_jit_compile(a.signre, PCRE2_JIT_COMPLETE);
	a.max = c.max ? c.max : RD_DEFAULT_MAX;
	/* glibc ignores the size unless it is given the buffer too */
	sbuf = xmalloc(OUTBUF);
	setvbuf(stdout, sbuf, _IOFBF, OUTBUF);

	status = stage_run(argv + optind, argc - optind, &c, ads_doc, &a,
	    stdout, &bytes_in);
	if (efshut(stdout, "<stdout>") != RINSE_OK)
		status = RINSE_ERR;
	if (c.verbose) {
		vals[0] = bytes_in;
		vals[1] = a.bytes_out;
		vals[2] = a.paras_in;
		vals[3] = a.paras_out;
		vals[4] = a.paras_in - a.paras_out;
		vals[5] = a.fates[F_PROTECT];
		vals[6] = a.fates[F_DROP] + a.fates[F_SDROP] +
		    a.fates[F_EMPTY] + a.fates[F_CUTONE];
		vals[7] = a.fates[F_STRIP];
		vals[8] = a.fates[F_CUT] + a.fates[F_CUTTAIL];
		vals[9] = a.fates[F_LINKS];
		vals[10] = a.fates[F_UI];
		vals[11] = a.fates[F_SIGNOFF];
		vals[12] = a.invalid;
		vals[13] = a.rs.limits;
		stats_print(keys, vals, 14);
	}
	pcre2_code_free(a.signre);
	rules_free(&a.rs);
	free(a.buf);
	free(a.sbuf);
	free(a.p);
	free(a.spans);
	units_free(&a.cut);
	free(a.tmp);
	free(a.obuf);
	free(a.ui_sorted);
	free(sbuf);
	return status;
}
