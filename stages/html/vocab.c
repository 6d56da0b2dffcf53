/*
 * vocab.c: what an element's tag, class, id, role and itemprop say, for
 * extraction.
 *
 * extract_node() flags each element of a held page as it opens: an
 * <article>, <main> or role=main, an itemprop=articleBody or headline,
 * and, from the words found anywhere in its lower-cased class and id
 * (as Readability matches them), a weight: +50 for a word that names an
 * article body, +25 for content, -25 for furniture and for ad names.
 * Words for captions and bylines mark what --body-only leaves out; words
 * for what readers write or what is elsewhere (comment, reply, reviews,
 * related) are firm: furniture however much text they hold.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "html.h"

/*
 * What words in class and id names say, sorted (bytes) so that the words
 * starting with one letter are found by binary search: W_STRONG names an
 * article body, W_POS content, W_NEG furniture; W_CAPTION and W_BYLINE
 * mark what --body-only leaves out. A word is matched anywhere in the
 * lower-cased names, as Readability does.
 */
enum {
	W_STRONG = 1, W_POS = 2, W_NEG = 4, W_CAPTION = 8, W_BYLINE = 16,
	W_HEAD = 32,		/* may hold the headline: see headline() */
	W_FIRM = 64,		/* what readers write or what is elsewhere:
				   furniture however much there is of it */
	W_OK = 128,		/* names an article or content: see below */
	W_ELSE = 256,		/* what is elsewhere: related, recommended */
	W_START = 512		/* an abbreviation, matched at the start of a
				   word only: "chart_body" is no "art_body" */
};

static const struct word {
	const char *w;
	unsigned char len;
	unsigned short kind;
} words[] = {
	{ "art_body", 8, W_STRONG | W_START },
	{ "article", 7, W_POS | W_OK },
	{ "article-body", 12, W_STRONG },
	{ "article-content", 15, W_STRONG },
	{ "article-main", 12, W_STRONG },
	{ "article-text", 12, W_STRONG },
	{ "article__body", 13, W_STRONG },
	{ "article_body", 12, W_STRONG },
	{ "article_txt", 11, W_STRONG },
	{ "article_view", 12, W_STRONG },
	{ "articlebody", 11, W_STRONG },
	{ "articlecont", 11, W_STRONG },
	{ "articletext", 11, W_STRONG },
	{ "aside", 5, W_NEG },
	{ "author", 6, W_BYLINE | W_NEG },
	{ "banner", 6, W_NEG },
	{ "blog", 4, W_POS },
	{ "body", 4, W_POS | W_OK },
	{ "breadcrumb", 10, W_NEG },
	{ "btn", 3, W_NEG },
	{ "button", 6, W_NEG },
	{ "byline", 6, W_BYLINE | W_NEG },
	{ "caption", 7, W_CAPTION },
	{ "cmt", 3, W_NEG | W_FIRM },
	{ "combx", 5, W_NEG },
	{ "comment", 7, W_NEG | W_FIRM },
	{ "community", 9, W_NEG },
	{ "contact", 7, W_NEG },
	{ "content", 7, W_POS | W_OK },
	{ "cookie", 6, W_NEG },
	{ "copyright", 9, W_NEG },
	{ "credit", 6, W_CAPTION },
	{ "dateline", 8, W_BYLINE | W_NEG },
	{ "dic_area", 8, W_STRONG | W_START },
	{ "disqus", 6, W_NEG | W_FIRM },
	{ "entry", 5, W_POS },
	{ "entry-content", 13, W_STRONG },
	{ "foot", 4, W_NEG },
	{ "footer", 6, W_NEG },
	{ "gdpr", 4, W_NEG },
	{ "headline", 8, W_HEAD },
	{ "hentry", 6, W_POS },
	{ "hidden", 6, W_NEG },
	{ "journalist", 10, W_NEG },
	{ "login", 5, W_NEG },
	{ "main", 4, W_POS | W_OK },
	{ "masthead", 8, W_NEG },
	{ "menu", 4, W_NEG },
	{ "meta", 4, W_NEG },
	{ "modal", 5, W_NEG },
	{ "more-", 5, W_NEG },
	{ "most", 4, W_NEG },
	{ "nav", 3, W_NEG },
	{ "news_body", 9, W_STRONG },
	{ "news_view", 9, W_STRONG },
	{ "newsct_article", 14, W_STRONG },
	{ "newsletter", 10, W_NEG },
	{ "next", 4, W_NEG },
	{ "outbrain", 8, W_NEG },
	{ "pager", 5, W_NEG },
	{ "pagination", 10, W_NEG },
	{ "popular", 7, W_NEG },
	{ "popup", 5, W_NEG },
	{ "post", 4, W_POS },
	{ "post-body", 9, W_STRONG },
	{ "post-content", 12, W_STRONG },
	{ "postbody", 8, W_STRONG },
	{ "posted-on", 9, W_BYLINE },
	{ "prev", 4, W_NEG },
	{ "print", 5, W_NEG },
	{ "promo", 5, W_NEG },
	{ "published", 9, W_BYLINE },
	{ "rank", 4, W_NEG },
	{ "recommend", 9, W_NEG | W_FIRM | W_ELSE },
	{ "references", 10, W_NEG | W_FIRM | W_ELSE },
	{ "reflist", 7, W_NEG | W_FIRM | W_ELSE },
	{ "relate", 6, W_NEG | W_FIRM | W_ELSE },
	{ "related", 7, W_NEG | W_FIRM | W_ELSE },
	{ "remark", 6, W_NEG | W_FIRM },
	{ "reple", 5, W_NEG | W_FIRM },	/* Korean sites' "reply" */
	{ "reply", 5, W_NEG | W_FIRM },
	{ "reporter", 8, W_BYLINE | W_NEG },
	/* Customers' reviews; "review" alone may be the article's. */
	{ "reviews", 7, W_NEG | W_FIRM | W_START },
	{ "rss", 3, W_NEG },
	{ "share", 5, W_NEG },
	{ "sharing", 7, W_NEG },
	{ "shopping", 8, W_NEG },
	{ "shoutbox", 8, W_NEG | W_FIRM },
	{ "side-bar", 8, W_NEG },
	{ "sidebar", 7, W_NEG },
	{ "signup", 6, W_NEG },
	{ "skyscraper", 10, W_NEG },
	{ "sns", 3, W_NEG },
	{ "social", 6, W_NEG },
	{ "sponsor", 7, W_NEG },
	{ "story", 5, W_POS },
	{ "story-body", 10, W_STRONG },
	{ "story-content", 13, W_STRONG },
	{ "storybody", 9, W_STRONG },
	{ "subscri", 7, W_NEG },
	{ "supplement", 10, W_NEG },
	{ "taboola", 7, W_NEG },
	{ "tags", 4, W_NEG },
	{ "teaser", 6, W_NEG },
	{ "text", 4, W_POS },
	{ "timestamp", 9, W_BYLINE },
	{ "tit", 3, W_HEAD },	/* title, tit_view, article_tit */
	{ "tool", 4, W_NEG },
	{ "toolbar", 7, W_NEG },
	{ "trending", 8, W_NEG },
	{ "view_con", 8, W_STRONG | W_START },
	{ "widget", 6, W_NEG },
};
static const char *const adwords[] = {
	"ad", "ads", "adv", "advert", "advertisement", "adsbygoogle", "dfp",
	"ad-slot", "adslot", "adbox", "ad-container", "ad-wrapper"
};

/*
 * Names that hold a word of the table and mean something else: CSS
 * utility classes (Tailwind's "overflow-hidden" clips what overflows and
 * hides nothing) and the root element of a framework (Next.js's
 * "__next" holds the whole page).
 */
static const char *const notwords[] = {
	"overflow-hidden", "overflow-x-hidden", "overflow-y-hidden", "__next"
};

/* Whether word w, found at s[i], is part of one of notwords. */
static int
notword(const char *s, size_t n, size_t i, const char *w)
{
	size_t k, at, m;
	const char *p;

	for (k = 0; k < sizeof(notwords) / sizeof(notwords[0]); k++) {
		if ((p = strstr(notwords[k], w)) == NULL)
			continue;
		at = (size_t)(p - notwords[k]);
		m = strlen(notwords[k]);
		if (i >= at && i - at + m <= n && memcmp(s + i - at,
		    notwords[k], m) == 0)
			return 1;
	}
	return 0;
}

/*
 * The kinds of the words of the table found in the lower-case s[0..n);
 * *neg gets 1 + the index of the furniture word found, when one word
 * (where it occurs, words inside it aside) says so, else 0.
 */
static unsigned
wordkinds(const char *s, size_t n, unsigned *neg)
{
	const size_t nw = sizeof(words) / sizeof(words[0]);
	size_t i, lo, hi, mid, at = 0, end = 0;
	unsigned kind = 0;
	int many = 0;

	*neg = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 'a' || c > 'z')
			continue;
		for (lo = 0, hi = nw; lo < hi;) {	/* first word >= c */
			mid = lo + (hi - lo) / 2;
			if ((unsigned char)words[mid].w[0] < c)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < nw && (unsigned char)words[lo].w[0] == c; lo++) {
			if (words[lo].len > n - i || words[lo].w[1] != s[i + 1] ||
			    memcmp(words[lo].w, s + i, words[lo].len) != 0)
				continue;
			if ((words[lo].kind & W_START) && i > 0 &&
			    s[i - 1] >= 'a' && s[i - 1] <= 'z')
				continue;
			if (notword(s, n, i, words[lo].w))
				continue;
			kind |= words[lo].kind;
			if (words[lo].kind & W_FIRM)
				many = 1;
			if (!(words[lo].kind & W_NEG) || *neg == lo + 1)
				continue;
			if (*neg == 0) {
				*neg = (unsigned)lo + 1;
				at = i;
				end = i + words[lo].len;
			} else if (i != at && i + words[lo].len > end)
				many = 1;
		}
	}
	if (many)
		*neg = 0;
	return kind;
}

/*
 * Whether a word of a lower-case class list names an ad: one of adwords,
 * or one starting "ad-", "ad_", "ads-", "ads_".
 */
static int
adword(const char *s, size_t n)
{
	size_t i = 0, j, k, m;

	while (i < n) {
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		for (j = i; j < n && s[j] != ' ' && s[j] != '\t'; j++)
			;
		m = j - i;
		if (m >= 2 && s[i] == 'a' && s[i + 1] == 'd') {
			if ((m > 3 && (s[i + 2] == '-' || s[i + 2] == '_')) ||
			    (m > 4 && s[i + 2] == 's' && (s[i + 3] == '-' ||
			    s[i + 3] == '_')))
				return 1;
			for (k = 0; k < sizeof(adwords) / sizeof(adwords[0]);
			    k++)
				if (strlen(adwords[k]) == m &&
				    memcmp(adwords[k], s + i, m) == 0)
					return 1;
		} else if (m == 3 && memcmp(s + i, "dfp", 3) == 0)
			return 1;
		i = j;
	}
	return 0;
}

/*
 * Whether an id is shaped like the anchor a generator makes of a
 * heading's text: lower-case words and digits joined by hyphens or
 * underscores, two words at least ("cross-compilation-toolchains", which
 * is no toolbar; "tide_next", no pager).
 * Such an id says what the heading says, not what the page is made of;
 * a template's own name ("storyphotocaption", "sidebarTitle") counts.
 */
static int
slug(const char *s, size_t n)
{
	size_t i, joins = 0;

	for (i = 0; i < n; i++) {
		if ((s[i] == '-' || s[i] == '_') && i > 0 && i + 1 < n &&
		    s[i - 1] != '-' && s[i - 1] != '_')
			joins++;
		else if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9')))
			return 0;
	}
	return joins > 0;
}

void
extract_node(struct html *h, struct node *nd)
{
	const struct tag *t = &h->tag;
	char v[2 * TAG_VALMAX + 2];
	size_t n = 0, i, k;
	int w = 0, inl;
	unsigned kind, neg;

	if (nd->tag == T_ARTICLE)
		nd->flags |= N_ARTICLE;
	if (nd->tag == T_MAIN)
		nd->flags |= N_MAIN;
	/*
	 * The names of <html> and <body> describe the page, its template and
	 * its state ("navbar-is-fixed-top", "has-sidebar", "et_show_nav"),
	 * never a part of it: they weigh nothing (Readability too never
	 * drops the body as an unlikely candidate).
	 */
	if (nd->tag == T_HTML || nd->tag == T_BODY)
		return;
	/*
	 * The embed code of the social networks quotes a post in a
	 * <blockquote> of a class of their own: what the article quotes,
	 * even inside a wrapper named "social-embed".
	 */
	if (nd->tag == T_BLOCKQUOTE && (attr_has(t, A_CLASS, "twitter-tweet") ||
	    attr_has(t, A_CLASS, "instagram-media") ||
	    attr_has(t, A_CLASS, "tiktok-embed")))
		nd->flags |= N_EMBED;
	/* A form is furniture unless it holds the best text (see furniture()). */
	if (nd->tag == T_FORM) {
		w = -25;
		nd->classw = -25;
		nd->flags |= N_BAD;
	}
	if ((t->has & (1u << A_ITEMPROP)) && contains(t->val[A_ITEMPROP],
	    t->vlen[A_ITEMPROP], "articlebody"))
		nd->flags |= N_BODYPROP;
	if ((t->has & (1u << A_ITEMPROP)) && contains(t->val[A_ITEMPROP],
	    t->vlen[A_ITEMPROP], "headline"))
		nd->flags |= N_HEADLINE;
	if ((t->has & (1u << A_ROLE)) && contains(t->val[A_ROLE],
	    t->vlen[A_ROLE], "main"))
		nd->flags |= N_MAIN;
	/*
	 * Inline elements hold a block's place in the tree (see blocknode()
	 * in html.c) only when they name an article body or a headline.
	 */
	inl = nd->tag == T_A || nd->tag == T_KNOWN || nd->tag == T_TIME ||
	    nd->tag == T_OTHER;
	if (inl && !(t->has & (1u << A_ITEMPROP))) {
		/* Only a headline's name matters there: no word table. */
		if (nd->tag == T_KNOWN && (t->has & (1u << A_CLASS)) &&
		    (contains(t->val[A_CLASS], t->vlen[A_CLASS], "tit") ||
		    contains(t->val[A_CLASS], t->vlen[A_CLASS], "headline")))
			nd->flags |= N_HEADLINE;
		return;
	}
	if (t->has & (1u << A_CLASS)) {
		memcpy(v, t->val[A_CLASS], t->vlen[A_CLASS]);
		n = t->vlen[A_CLASS];
		nd->cls = n > 0 ? attr_hash(v, n) : 0;
		/* The first word: "product first" and "product last" alike. */
		for (i = 0; i < n && isws((unsigned char)v[i]); i++)
			;
		for (k = i; k < n && !isws((unsigned char)v[k]); k++)
			;
		nd->cls1 = k > i ? attr_hash(v + i, k - i) : 0;
	}
	if ((t->has & (1u << A_ID)) && !((nd->tag >= T_H1 &&
	    nd->tag <= T_H6) && slug(t->val[A_ID], t->vlen[A_ID]))) {
		v[n++] = ' ';
		memcpy(v + n, t->val[A_ID], t->vlen[A_ID]);
		n += t->vlen[A_ID];
	}
	if (n == 0)
		return;
	/* Lower case, for the word table. */
	for (i = 0; i < n; i++) {
		if (v[i] >= 'A' && v[i] <= 'Z')
			v[i] |= 32;
		else if (v[i] == '\0')
			v[i] = ' ';
	}
	v[n] = '\0';
	kind = wordkinds(v, n, &neg);
	if (kind & W_HEAD)
		nd->flags |= N_HEADLINE;
	if (kind & W_STRONG) {
		nd->flags |= N_BODYPROP;
		w += 50;
	}
	if (kind & W_POS)
		w += 25;
	if (kind & W_NEG) {
		w -= 25;
		nd->negw = (uint8_t)neg;
	}
	if ((kind & W_FIRM) && !(kind & (W_POS | W_STRONG)))
		nd->flags |= N_FIRM | (kind & W_ELSE ? 0 : N_TALK);
	/*
	 * What is elsewhere, as Readability drops its unlikely candidates
	 * unless the name also says article, body, content or main:
	 * "relatedposts" is furniture, though "post" names content. (A
	 * forum's "post-reply" is content: what readers write is.)
	 */
	if ((kind & W_ELSE) && !(kind & (W_OK | W_STRONG)))
		nd->flags |= N_FIRM | N_BAD;
	if (adword(v, n))
		w -= 25;
	if (kind & W_CAPTION)
		nd->flags |= N_CAPTION;
	if (kind & W_BYLINE)
		nd->flags |= N_BYLINE;
	if (w < 0 && !(nd->flags & N_BODYPROP))
		nd->flags |= N_BAD;
	nd->classw = (int16_t)w;
}

/* The furniture word that set an element's negw (1 + its index). */
const char *
vocab_word(unsigned neg)
{
	return words[neg - 1].w;
}
