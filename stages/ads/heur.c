/*
 * heur.c: the heuristics of rinse-ads, which need no rule and judge a
 * unit by its shape and its place against the story (see rinse-ads(1)):
 * link lists above or below the story, lines of UI labels, what follows
 * the sign-off; and the cut rules, which act only in the tail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "doc.h"

#define NUIWORDS	(sizeof(uiwords) / sizeof(uiwords[0]))

int
alive(const struct para *p)
{
	return p->fate == F_KEEP || p->fate == F_STRIP;
}

/*
 * Ends with " - Outlet", " | Outlet": a short name after a dash or bar.
 * Returns where the name starts, or 0.
 */
static size_t
outletsuffix(const char *s, size_t n)
{
	size_t i, cps = 0;

	for (i = n; i > 0; i--) {
		if (s[i - 1] == ' ' && i >= 3 && s[i - 2] == ' ')
			return 0;
		if (i >= 3 && s[i - 1] == ' ' && (s[i - 2] == '-' ||
		    s[i - 2] == '|') && s[i - 3] == ' ')
			return cps > 0 && cps <= 20 ? i : 0;
		if (i >= 5 && s[i - 1] == ' ' && s[i - 5] == ' ' &&
		    (memcmp(s + i - 4, "\xE2\x80\x93", 3) == 0 ||
		    memcmp(s + i - 4, "\xE2\x80\x94", 3) == 0))
			return cps > 0 && cps <= 20 ? i : 0;
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
 * outlet, or a promo item led by an arrow or a box. A bullet alone makes
 * no item: a story ends with a list of its own as often (a player's
 * figures, the changes of a release) as a page with bare headlines.
 */
static int
listitem(const char *s, size_t n, unsigned cps)
{
	static const char *const arrows[] = {
		"\xE2\x96\xB6", "\xE2\x96\xB7", "\xE2\x96\xBA", "\xE2\x98\x9E",
		"\xE2\x96\xA0", "\xE2\x96\xA1", "\xE2\x97\x86", "\xE2\x97\x87",
		"\xE2\x97\x8F", "\xE2\x97\x8B", "\xE2\x80\xBB", "\xE2\x86\x92",
		"\xC2\xBB", ">"
	};
	size_t i;

	if (cps > SHORT_CPS)
		return 0;
	if (outletsuffix(s, n) > 0)
		return 1;
	for (i = 0; i < sizeof(arrows) / sizeof(arrows[0]); i++)
		if (startswith(s, n, arrows[i]))
			return 1;
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
 * one of them a word of the list. A call with empty parentheses is code
 * ("Ok(())", "open()"), not a label.
 */
int
uiline(struct ads *a, const char *s, size_t n, unsigned cps)
{
	static const char seps[] = " \t|/,:[]()<>";
	size_t i = 0, j, k;
	int words = 0, digits;

	if (cps > UI_CPS)
		return 0;
	for (i = 0; i + 1 < n; i++)
		if (s[i] == '(' && s[i + 1] == ')')
			return 0;
	i = 0;
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
const char signoff_pat[] =
    "(?<=[\\w.+-])@[\\w-]+(?:\\.[\\w-]+)+|\\[email(?:\\s|&#160;)*protected\\]"
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
	if (n >= 4 && syllable3(s + n - 4))
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
 * Whether the outlets named by the items of [i, j) after a dash repeat:
 * a list of headlines names the site's own, or a few; the rows of a
 * schedule or a timeline ("3a etapa: 22 de abril – Velopark", "1998 –
 * founded in Leeds") name a place or a thing each. Where such items are
 * most of the run, some name must come back on half of them, twice
 * at least (of the first OUTLETS such items).
 */
#define OUTLETS 64

static int
outlets_repeat(struct ads *a, size_t i, size_t j)
{
	const char *name[OUTLETS];
	size_t len[OUTLETS], m = 0, items = 0, k, l, same, most = 0, n, at;
	const char *s;

	for (k = i; k < j && m < OUTLETS; k++) {
		if (!alive(&a->p[k]))
			continue;
		items++;
		s = ptext(a, &a->p[k], &n);
		if ((at = outletsuffix(s, n)) == 0)
			continue;
		name[m] = s + at;
		len[m++] = n - at;
	}
	if (m * 2 <= items)
		return 1;	/* led by arrows, mostly */
	for (k = 0; k < m; k++) {
		for (l = 0, same = 0; l < m; l++)
			same += len[l] == len[k] &&
			    memcmp(name[l], name[k], len[k]) == 0;
		if (same > most)
			most = same;
	}
	return most >= 2 && most * 2 >= m;
}

/*
 * The link-list heuristic: runs of three or more list items above the
 * story (first) or below it (last), or of two promo items led by arrows
 * below it, are site furniture; items named by an outlet must name some
 * outlet again (outlets_repeat()). Arrow-led items that a rule dropped
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
			if (p->fate == F_PROTECT || p->piece ||
			    !listitem(s, n, p->pcps))
				break;
			run++;
			arrows += arrowled(s, n);
		}
		if ((run < 3 && !(run == 2 && arrows == 2 && i > last)) ||
		    !outlets_repeat(a, i, j))
			continue;
		for (k = i; k < j; k++)
			if (alive(&a->p[k])) {
				a->p[k].fate = F_LINKS;
				a->p[k].rule = NONE;
			}
	}
}

/* The heuristics and cut, which judge a unit by its place. */
void
arrange(struct ads *a)
{
	size_t i, j, first = NONE, last = NONE, lastsent = NONE;
	unsigned long long total = 0, before = 0;
	int tail;
	const char *s;
	size_t n;

	wrapped_mark(a);
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
		}
	}
	/*
	 * The last unit of story that reads as a sentence: mostly the last
	 * story paragraph. A short one counts if it is news prose (a
	 * paragraph of one sentence, an article cut into sentences), and so
	 * does a sentence that speaks of what a cut rule matched in it
	 * ("...\"무단 전재는 범죄\"라고 경고했다.").
	 */
	for (i = a->np; i-- > 0; ) {
		struct para *p = &a->p[i];

		if (!alive(p) || (p->cutrule != NONE && !p->cutstory))
			continue;
		s = ptext(a, p, &n);
		if ((p->pcps >= LONG_CPS && sentence(s, n, p->cps)) ||
		    (p->cps >= REST_SENT && narrative(s, n))) {
			lastsent = i;
			break;
		}
	}
	/*
	 * cut: only in the tail, after the last story paragraph and the last
	 * sentence of story, or past 60% of the text and after that
	 * sentence, so that a notice at the top cannot wipe the article;
	 * elsewhere it drops its own unit only, and not even that where the
	 * unit holds story beside the match. A sentence that speaks of what
	 * the rule matched is story, and neither.
	 */
	for (i = 0; i < a->np; i++) {
		struct para *p = &a->p[i];

		tail = !p->cutstory && ((last != NONE && i > last &&
		    (lastsent == NONE || i > lastsent)) || (before * 10 >=
		    total * 6 && (lastsent == NONE || i > lastsent)));
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
		if (alive(p) && p->cutrule != NONE && !p->cutrest &&
		    !p->cutstory) {
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

	/*
	 * A list below the story is one after its last sentence too: the
	 * turns of an interview ("▶ 질문? ▷ 네. …") and the points of a
	 * notice are short, and story follows them.
	 */
	if (a->links)
		linklists(a, first, lastsent != NONE && lastsent > last &&
		    alive(&a->p[lastsent]) ? lastsent : last);
	if (a->ui) {
		for (i = 0; i < a->np; i++) {
			struct para *p = &a->p[i];

			if (!alive(p) || p->piece)
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
