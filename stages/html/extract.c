/*
 * extract.c: main-content extraction over a page held in memory.
 *
 * The tokenizer (html.c) gives every block of text with the element it
 * sits in, its characters and how many of them are inside links, and
 * every element with its parent and what its tag, class, id, role and
 * itemprop say. Here, after Readability and CETD: each block with enough
 * text scores for its element and, less, for the elements around it;
 * class and id vocabularies and tags weigh the elements; link density
 * (in characters, so text without spaces counts the same) discounts them.
 * The best element, and those of its siblings that score near it, is the
 * content; inside it, blocks in elements that say they are furniture, or
 * that are mostly links, are dropped. The page's own markup of the
 * article body wins when it holds enough text. Cost is linear in the
 * blocks times the depth of the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

/* Whether s[0..n) contains the lower-case ASCII word w, any case. */
static int
has(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w), i, k;

	for (i = 0; i + m <= n; i++) {
		for (k = 0; k < m; k++) {
			unsigned c = (unsigned char)s[i + k];

			if ((c >= 'A' && c <= 'Z' ? c | 32 : c) !=
			    (unsigned char)w[k])
				break;
		}
		if (k == m)
			return 1;
	}
	return 0;
}

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
	W_FIRM = 64		/* what readers write or what is elsewhere:
				   furniture however much there is of it */
};

static const struct word {
	const char *w;
	unsigned char len, kind;
} words[] = {
	{ "art_body", 8, W_STRONG },
	{ "article", 7, W_POS },
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
	{ "body", 4, W_POS },
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
	{ "content", 7, W_POS },
	{ "cookie", 6, W_NEG },
	{ "copyright", 9, W_NEG },
	{ "credit", 6, W_CAPTION },
	{ "dateline", 8, W_BYLINE | W_NEG },
	{ "dic_area", 8, W_STRONG },
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
	{ "main", 4, W_POS },
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
	{ "recommend", 9, W_NEG | W_FIRM },
	{ "relate", 6, W_NEG | W_FIRM },
	{ "related", 7, W_NEG | W_FIRM },
	{ "remark", 6, W_NEG | W_FIRM },
	{ "reply", 5, W_NEG | W_FIRM },
	{ "reporter", 8, W_BYLINE | W_NEG },
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
	{ "view_con", 8, W_STRONG },
	{ "widget", 6, W_NEG },
};
static const char *const adwords[] = {
	"ad", "ads", "adv", "advert", "advertisement", "adsbygoogle", "dfp",
	"ad-slot", "adslot", "adbox", "ad-container", "ad-wrapper"
};

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

void
extract_node(struct html *h, struct node *nd)
{
	const struct tag *t = &h->tag;
	char v[2 * TAG_VALMAX + 2];
	size_t n = 0, i;
	int w = 0, inl;
	unsigned kind, neg;

	if (nd->tag == T_ARTICLE)
		nd->flags |= N_ARTICLE;
	if (nd->tag == T_MAIN)
		nd->flags |= N_MAIN;
	/* A form is furniture unless it holds the best text (see furniture()). */
	if (nd->tag == T_FORM) {
		w = -25;
		nd->classw = -25;
		nd->flags |= N_BAD;
	}
	if ((t->has & (1u << A_ITEMPROP)) && has(t->val[A_ITEMPROP],
	    t->vlen[A_ITEMPROP], "articlebody"))
		nd->flags |= N_BODYPROP;
	if ((t->has & (1u << A_ITEMPROP)) && has(t->val[A_ITEMPROP],
	    t->vlen[A_ITEMPROP], "headline"))
		nd->flags |= N_HEADLINE;
	if ((t->has & (1u << A_ROLE)) && has(t->val[A_ROLE],
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
		    (has(t->val[A_CLASS], t->vlen[A_CLASS], "tit") ||
		    has(t->val[A_CLASS], t->vlen[A_CLASS], "headline")))
			nd->flags |= N_HEADLINE;
		return;
	}
	if (t->has & (1u << A_CLASS)) {
		uint32_t hsh = 2166136261u;

		memcpy(v, t->val[A_CLASS], t->vlen[A_CLASS]);
		n = t->vlen[A_CLASS];
		for (i = 0; i < n; i++)
			hsh = (hsh ^ (unsigned char)v[i]) * 16777619u;
		nd->cls = n > 0 ? hsh | 1 : 0;
	}
	if (t->has & (1u << A_ID)) {
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
		nd->flags |= N_FIRM;
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

/* Sentence punctuation in a block: prose has it, menus do not. */
static unsigned
punct(const unsigned char *s, size_t n)
{
	unsigned k = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == ',' || s[i] == '.' || s[i] == ';' || s[i] == '?' ||
		    s[i] == '!')
			k++;
		/* U+3001 、 U+3002 。 U+FF0C ， */
		else if (s[i] == 0xE3 && i + 2 < n && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0x81 || s[i + 2] == 0x82))
			k++;
		else if (s[i] == 0xEF && i + 2 < n && s[i + 1] == 0xBC &&
		    s[i + 2] == 0x8C)
			k++;
	}
	return k;
}

static int
tagweight(int tag)
{
	switch (tag) {
	case T_DIV: case T_ARTICLE: case T_MAIN:
		return 5;
	case T_SECTION: case T_PRE: case T_TD: case T_BLOCKQUOTE:
		return 3;
	case T_OL: case T_UL: case T_LI: case T_FORM: case T_DD: case T_DT:
		return -3;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
	case T_TH:
		return -5;
	}
	return 0;
}

static double
density(const struct node *nd)
{
	return nd->chars ? (double)nd->linkchars / nd->chars : 0;
}

/*
 * The articleBody of the page's JSON-LD, decoded into out (at least n
 * bytes, n the JSON's length); returns its length, 0 if there is none.
 */
static size_t
ld_body(const unsigned char *s, size_t n, unsigned char *out)
{
	static const char key[] = "\"articleBody\"";
	size_t i, o = 0, k = sizeof(key) - 1;
	unsigned u, v;

	for (i = 0; i + k <= n; i++)
		if (s[i] == '"' && memcmp(s + i, key, k) == 0)
			break;
	if (i + k > n)
		return 0;
	for (i += k; i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' ||
	    s[i] == '\r' || s[i] == ':'); i++)
		;
	if (i >= n || s[i] != '"')
		return 0;
	for (i++; i < n && s[i] != '"'; i++) {
		if (s[i] != '\\' || i + 1 >= n) {
			out[o++] = s[i];
			continue;
		}
		switch (s[++i]) {
		case 'n': case 'r': case 't': case 'b': case 'f':
			out[o++] = ' ';
			break;
		case 'u':
			if (i + 4 >= n || sscanf((const char *)s + i + 1, "%4x",
			    &u) != 1)
				return o;
			i += 4;
			if (u >= 0xD800 && u <= 0xDBFF && i + 6 < n &&
			    s[i + 1] == '\\' && s[i + 2] == 'u' &&
			    sscanf((const char *)s + i + 3, "%4x", &v) == 1 &&
			    v >= 0xDC00 && v <= 0xDFFF) {
				u = 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00);
				i += 6;
			} else if (u >= 0xD800 && u <= 0xDFFF)
				u = 0xFFFD;
			if (u == 0)
				u = 0xFFFD;
			if (o + 4 > i)	/* never outgrows the input */
				return o;
			o += utf8_encode(u, out + o);
			break;
		default:
			out[o++] = s[i];
		}
	}
	return o;
}

/* Whether c starts no character to compare: white space or a byte of one. */
static int
skipbyte(unsigned c)
{
	return c <= ' ' || c == 0xC2 || c == 0xA0;
}

/*
 * The block the JSON-LD articleBody starts with: the first whose text,
 * white space aside, begins like the body's first 48 bytes (or all of a
 * shorter block, if it is 24 bytes or more). Returns nblocks if none.
 */
static size_t
ld_match(const struct html *h, const unsigned char *body, size_t n)
{
	unsigned char key[48];
	size_t k = 0, i, b;

	for (i = 0; i < n && k < sizeof(key); i++)
		if (!skipbyte(body[i]))
			key[k++] = body[i];
	if (k < 24)
		return h->nblocks;
	for (b = 0; b < h->nblocks; b++) {
		const unsigned char *s = h->text + h->blocks[b].off;
		size_t len = h->blocks[b].len, m = 0;

		for (i = 0; i < len && m < k; i++) {
			if (skipbyte(s[i]))
				continue;
			if (s[i] != key[m])
				break;
			m++;
		}
		if (m == k || (i == len && m >= 24))
			return b;
	}
	return h->nblocks;
}

/*
 * Copies s[0..n) to out with runs of white space folded to one space and
 * none at the ends; returns the length. out may be s or lie before it.
 */
static size_t
fold(unsigned char *out, size_t n, const unsigned char *s)
{
	size_t i, k = 0;
	int sp = 0;

	for (i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			sp = k > 0;
			continue;
		}
		if (sp)
			out[k++] = ' ';
		sp = 0;
		out[k++] = s[i];
	}
	return k;
}

/* Whether w[0..m) occurs in s[0..n). */
static int
infix(const unsigned char *s, size_t n, const unsigned char *w, size_t m)
{
	size_t i;

	for (i = 0; i + m <= n; i++)
		if (s[i] == w[0] && memcmp(s + i, w, m) == 0)
			return 1;
	return 0;
}

/* Marks for blocks; kept in struct block's flags above the B_* bits. */
enum { K_KEEP = 1 << 16 };

static void
explain(struct html *h, const struct block *b, const char *verdict,
    const char *why)
{
	size_t n = b->len < 70 ? b->len : 70;

	while (n > 0 && n < b->len && (h->text[b->off + n] & 0xC0) == 0x80)
		n--;	/* not in the middle of a character */
	fprintf(stderr, "%s: %s %-9s node=%u chars=%u links=%u | %.*s\n",
	    h->name, verdict, why, b->node, b->chars, b->linkchars, (int)n,
	    (const char *)h->text + b->off);
}

/*
 * The content is too small under this many characters (not white space,
 * outside the title) when the page holds three times more text in blocks
 * of 25 characters or more, links or not, outside furniture:
 * extraction then widens its choice, as Readability retries with fewer
 * rules when it finds under 500.
 */
#define SMALL 200

/* How far extraction went to find enough text: see extract_doc(). */
enum { F_NONE, F_WIDER, F_ALL, F_ALLTEXT };
static const char *const fallbacks[] = {
	"", "wider", "all-prose", "all-text"
};

/* One choice of content. */
struct pick {
	uint32_t top, parent;	/* the best element and its parent */
	double topscore;
	unsigned char *sel;	/* per element: part of the content */
	int byld;		/* JSON-LD chose it */
	int level;		/* F_* */
};

/*
 * Marks the elements inside hidden ones (a <main> is content wherever it
 * is: some pages put it inside an <aside>), then adds up the text and
 * link characters of the visible blocks under every element.
 */
static void
totals(struct html *h)
{
	struct node *nodes = h->nodes;
	size_t i;
	uint32_t p;

	for (i = 1; i < h->nnodes; i++)
		if ((nodes[nodes[i].parent].flags & N_HIDDEN) &&
		    !(nodes[i].flags & N_MAIN))
			nodes[i].flags |= N_HIDDEN;
	for (i = h->nnodes - 1; i > 0; i--)
		if (nodes[i].flags & (N_BODYPROP | N_HASBODY))
			nodes[nodes[i].parent].flags |= N_HASBODY;
	for (i = 1; i < h->nnodes; i++)
		if (nodes[nodes[i].parent].flags & N_FIRM)
			nodes[i].flags |= N_FIRM;
	for (i = 0; i < h->nblocks; i++) {
		struct block *b = &h->blocks[i];

		if (nodes[b->node].flags & N_HIDDEN)
			continue;
		for (p = b->node;; p = nodes[p].parent) {
			nodes[p].chars += b->chars;
			nodes[p].linkchars += b->linkchars;
			nodes[p].nblocks++;
			if (p == 0)
				break;
		}
	}
}

/*
 * A furniture word that marks most of the page's text, on elements
 * apart from each other, marks no furniture on this page: page builders
 * put "widget" on every block of an article. Words for what readers
 * write and for what is elsewhere (comment, reply, related) are firm: a
 * comment thread longer than the article is still furniture. Other such
 * words lose their weight, for every element they name.
 */
static void
common_words(struct html *h)
{
	struct node *nodes = h->nodes;
	uint32_t sum[256] = { 0 }, seen[256] = { 0 }, outer[256] = { 0 }, p;
	size_t i;
	int any = 0;

	for (i = 0; i < h->nblocks; i++) {
		const struct block *b = &h->blocks[i];

		if (nodes[b->node].flags & N_HIDDEN)
			continue;
		for (p = b->node;; p = nodes[p].parent) {
			unsigned w = nodes[p].negw;

			if (w != 0 && seen[w] != i + 1) {
				seen[w] = (uint32_t)i + 1;
				sum[w] += b->chars;
			}
			if (p == 0)
				break;
		}
	}
	for (i = 1; i < h->nnodes; i++) {
		unsigned w = nodes[i].negw;

		if (w == 0 || sum[w] * 2 <= nodes[0].chars)
			continue;
		for (p = nodes[i].parent; p != 0 && nodes[p].negw != w;
		    p = nodes[p].parent)
			;
		outer[w] += p == 0;
	}
	for (i = 1; i < 256; i++) {
		if (outer[i] < 3)
			sum[i] = 0;
		else if ((uint64_t)sum[i] * 2 > nodes[0].chars)
			any = 1;
	}
	if (!any)
		return;
	for (i = 1; i < h->nnodes; i++) {
		struct node *nd = &nodes[i];

		if (nd->negw == 0 || (uint64_t)sum[nd->negw] * 2 <=
		    nodes[0].chars)
			continue;
		nd->classw += 25;
		if (nd->classw >= 0)
			nd->flags &= ~(unsigned)N_BAD;
		if (h->explain && seen[nd->negw] != 0) {
			fprintf(stderr, "%s: common word \"%s\" marks %u of %u "
			    "characters: no furniture\n", h->name,
			    words[nd->negw - 1].w, sum[nd->negw], nodes[0].chars);
			seen[nd->negw] = 0;
		}
	}
}

/*
 * Whether an element is inline for extraction, as blocknode() in html.c
 * has it: no block is its own, and it is no level of the tree.
 */
static int
inline_node(const struct node *nd)
{
	return (nd->tag == T_A || nd->tag == T_KNOWN || nd->tag == T_TIME ||
	    nd->tag == T_OTHER) && !(nd->flags & (N_BODYPROP | N_ARTICLE |
	    N_MAIN | N_HEADLINE));
}

/* Each visible block of prose scores for its element and those around. */
static void
score(struct html *h)
{
	struct node *nodes = h->nodes;
	size_t i;
	uint32_t p;

	for (i = 0; i < h->nblocks; i++) {
		struct block *b = &h->blocks[i];
		double s, ld;
		int level;

		if (b->chars < 25 || (b->flags & (B_HEADING | B_TITLE)) ||
		    (nodes[b->node].flags & N_HIDDEN))
			continue;
		ld = (double)b->linkchars / b->chars;
		if (ld > 0.5)
			continue;
		s = 1 + punct(h->text + b->off, b->len) + (b->chars / 100 < 3 ?
		    b->chars / 100.0 : 3);
		for (p = b->node, level = 0; level < 5; level++) {
			/* <font>, <span>, <b> around blocks are no level. */
			while (p != 0 && inline_node(&nodes[p]))
				p = nodes[p].parent;
			if (nodes[p].good == 0) {
				nodes[p].good = 1;
				nodes[p].score += tagweight(nodes[p].tag) +
				    nodes[p].classw;
			}
			nodes[p].score += level < 2 ? s : level == 2 ? s / 2 :
			    s / (level * 3);
			if (p == 0)
				break;
			p = nodes[p].parent;
		}
	}
}

/*
 * As Readability does: when three of the five best elements score near
 * the best one (three quarters of its score) and sit inside one element
 * around it, that element is the content (a page of several sections,
 * testimonials, answers); <body> is never that element.
 */
static uint32_t
shared(const struct html *h, uint32_t top)
{
	const struct node *nodes = h->nodes;
	uint32_t alt[4], p, q;
	size_t i, k, n = 0, m;

	if (top == 0)
		return top;
	for (i = 1; i < h->nnodes; i++) {	/* the next four best */
		if (!nodes[i].good || i == top || nodes[i].score <
		    nodes[top].score * 0.75 || ((nodes[i].flags &
		    ~nodes[top].flags) & N_FIRM))
			continue;	/* comments do not widen an article */
		for (k = n; k > 0 && nodes[alt[k - 1]].score <
		    nodes[i].score; k--)
			if (k < 4)
				alt[k] = alt[k - 1];
		if (k < 4)
			alt[k] = (uint32_t)i;
		if (n < 4)
			n++;
	}
	if (n < 3)
		return top;
	for (p = nodes[top].parent; p != 0 && nodes[p].tag != T_BODY &&
	    nodes[p].tag != T_HTML; p = nodes[p].parent) {
		for (k = m = 0; k < n; k++) {
			for (q = alt[k]; q != 0 && q != p; q = nodes[q].parent)
				;
			m += q == p;
		}
		if (m >= 3)
			return p;
	}
	return top;
}

/*
 * The best element: the highest score after link density and furniture
 * around it, unless the page's own markup of the article body holds a
 * fair share of the text (a lone <article> only when it holds most).
 */
static void
best(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	size_t i;
	uint32_t p, best_prop = 0, best_art = 0, firm = 0;
	double topscore = -1e9, firmscore = -1e9;

	pk->top = 0;
	for (i = 1; i < h->nnodes; i++) {
		struct node *nd = &nodes[i];
		double sc;

		if (!nd->good)
			continue;
		sc = nd->score * (1 - density(nd));
		/* Inside an element named as furniture: comment threads. */
		for (p = nd->parent; p != 0; p = nodes[p].parent)
			if (nodes[p].flags & N_BAD) {
				sc *= 0.5;
				break;
			}
		nd->score = sc;
		/* Comments and related lists only when nothing else scored. */
		if (nd->flags & N_FIRM) {
			if (sc > firmscore) {
				firmscore = sc;
				firm = (uint32_t)i;
			}
		} else if (sc > topscore) {
			topscore = sc;
			pk->top = (uint32_t)i;
		}
		if ((nd->flags & N_BODYPROP) && nd->chars >= 50 &&
		    (best_prop == 0 || nd->chars > nodes[best_prop].chars))
			best_prop = (uint32_t)i;
		if ((nd->flags & N_ARTICLE) && nd->chars >= 200 &&
		    (best_art == 0 || nd->chars > nodes[best_art].chars))
			best_art = (uint32_t)i;
	}
	if (pk->top == 0)
		pk->top = firm;
	pk->top = shared(h, pk->top);
	if (best_prop != 0 && nodes[best_prop].chars * 3 >=
	    nodes[pk->top].chars)
		pk->top = best_prop;
	else if (best_art != 0 && nodes[best_art].chars * 2 >=
	    nodes[pk->top].chars)
		pk->top = best_art;
	pk->topscore = nodes[pk->top].score;
}

/*
 * JSON-LD articleBody: where it starts is where the article is. If the
 * choice so far does not hold that block, the smallest element around
 * it that holds most of the body's text is the content.
 */
static void
by_ld(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	unsigned char *body;
	size_t i, blen, m, c = 0;
	uint32_t p, q;

	if (h->ldlen == 0)
		return;
	body = xmalloc(h->ldlen);
	blen = ld_body(h->ld, h->ldlen, body);
	for (i = 0; i < blen; i++)
		c += (body[i] & 0xC0) != 0x80 && !skipbyte(body[i]);
	m = ld_match(h, body, blen);
	if (m < h->nblocks && c >= 150 &&
	    !(nodes[h->blocks[m].node].flags & N_HIDDEN)) {
		for (q = h->blocks[m].node; q != 0 && q != pk->top;
		    q = nodes[q].parent)
			;
		for (p = h->blocks[m].node; p != 0 &&
		    nodes[p].chars * 10 < c * 6; p = nodes[p].parent)
			;
		if (p != 0 && q != pk->top) {
			pk->top = p;
			pk->topscore = nodes[p].score;
			pk->byld = 1;
		}
	}
	free(body);
}

/* Whether element i is a record like a: see records(). */
static int
same(const struct node *nodes, uint32_t a, size_t i)
{
	const struct node *x = &nodes[a], *y = &nodes[i];

	return i != a && y->parent == x->parent && y->cls == x->cls &&
	    y->tag == x->tag && y->chars > 0 && !(y->flags & (N_BAD |
	    N_HIDDEN)) && y->linkchars * 2 < y->chars;
}

/* The content: the best element, and siblings that score near it. */
static void
siblings(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	size_t i;
	double thresh;

	pk->sel[pk->top] = 1;
	pk->parent = nodes[pk->top].parent;
	thresh = pk->topscore * 0.2 > 10 ? pk->topscore * 0.2 : 10;
	if (pk->top == 0 || pk->byld)
		return;
	for (i = 1; i < h->nnodes; i++) {
		struct node *nd = &nodes[i];

		if (nd->parent != pk->parent || i == pk->top || !nd->good)
			continue;
		if (nd->score + (nd->classw > 0 ? pk->topscore * 0.2 : 0) >=
		    thresh && !(nd->flags & N_BAD))
			pk->sel[i] = 1;
	}
}

/*
 * Records: a forum thread's posts, a listing's cards, a product's
 * reviews are siblings of one tag and class. When the best element is
 * (or is a little inside) one of three or more of them (two alike may
 * be an article and its comment box), all the visible ones that are not
 * mostly links are the content.
 */
static void
records(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	uint32_t a, q;
	size_t i;
	int lvl, n;
	unsigned need;

	if (pk->top == 0 || pk->byld)
		return;
	/*
	 * Around a body the page marks as such, records are chunks of it
	 * (an article split by ads): each holds a marked body too.
	 */
	need = nodes[pk->top].flags & N_BODYPROP ? N_BODYPROP | N_HASBODY : 0;
	/* Up three elements, not counting wrappers that add no text. */
	for (a = pk->top, lvl = 0; a != 0 && lvl < 3; a = q) {
		q = nodes[a].parent;
		lvl += nodes[q].chars > nodes[a].chars;
		if (nodes[a].cls == 0 || (nodes[a].flags & N_BAD))
			continue;
		for (i = 1, n = 0; i < h->nnodes; i++)
			n += same(nodes, a, i) && (a == pk->top || need == 0 ||
			    (nodes[i].flags & need));
		if (n < 2)
			continue;
		for (i = 1; i < h->nnodes; i++)
			if (same(nodes, a, i) && (a == pk->top || need == 0 ||
			    (nodes[i].flags & need)))
				pk->sel[i] = 1;
		pk->sel[a] = 1;
		if (h->explain)
			fprintf(stderr, "%s: records node=%u and %d like it\n",
			    h->name, a, n);
		return;
	}
}

/*
 * Why block b is dropped from the content chosen in pk, or NULL when it
 * is kept; marks it as a caption or byline on the way.
 */
static const char *
verdict(struct html *h, const struct pick *pk, struct block *b)
{
	struct node *nodes = h->nodes;
	int in = 0, bad = 0;
	uint32_t p, badchars = 0;
	double ld = b->chars ? (double)b->linkchars / b->chars : 0;

	if (pk->level == F_ALLTEXT)
		return h->bodyonly && (b->flags & B_H1) ? "body-only" : NULL;
	if (nodes[b->node].flags & N_HIDDEN)
		return "hidden";
	for (p = b->node;; p = nodes[p].parent) {
		if (pk->sel[p]) {
			in = 1;
			/*
			 * Furniture inside the content is a small part of it;
			 * a wrapper with a misleading name is not.
			 */
			bad = badchars > 0 && badchars * 2 < nodes[p].chars;
			break;
		}
		if ((nodes[p].flags & N_BAD) && nodes[p].chars > badchars)
			badchars = nodes[p].chars;
		/* The <header> of an article: headline, byline, date. */
		if (nodes[p].tag == T_HEADER && nodes[p].chars < 400)
			b->flags |= B_BYLINE;
		/* A small element named caption or byline is one. */
		if ((nodes[p].flags & (N_CAPTION | N_BYLINE)) &&
		    nodes[p].chars < 400)
			b->flags |= nodes[p].flags & N_CAPTION ? B_CAPTION :
			    B_BYLINE;
		if (p == 0)
			break;
	}
	if (pk->top == 0)
		in = 1;	/* nothing stood out: keep all */
	/* Text right inside the content's parent, prose only. */
	if (!in && b->node == pk->parent && b->chars >= 80 && ld < 0.25)
		in = 1;
	if (!in)
		return "outside";
	if (bad)
		return "furniture";
	if (ld > 0.7 && b->chars < 400)
		return "links";
	if (h->bodyonly && (b->flags & (B_H1 | B_CAPTION | B_BYLINE)))
		return "body-only";
	return NULL;
}

/* Marks the blocks kept (K_KEEP); returns their characters. */
static uint32_t
keep(struct html *h, const struct pick *pk, int say)
{
	size_t i;
	uint32_t kept = 0, linked = 0;
	int list;

	/*
	 * Links inside the content are furniture (tags, related stories)
	 * while they are its smaller part; when they are two thirds of it,
	 * the content is a list of links (an index, a listing): they stay.
	 */
	for (i = 0; i < h->nblocks; i++) {
		struct block *b = &h->blocks[i];
		const char *why;

		if (b->flags & B_TITLE)
			continue;
		why = verdict(h, pk, b);
		if (why == NULL)
			kept += b->chars;
		else if (strcmp(why, "links") == 0)
			linked += b->chars;
	}
	list = linked > 2 * kept;
	kept = 0;
	for (i = 0; i < h->nblocks; i++) {
		struct block *b = &h->blocks[i];
		const char *why;

		b->flags &= ~(unsigned)K_KEEP;
		if (b->flags & B_TITLE) {
			b->flags |= K_KEEP;
			continue;
		}
		why = verdict(h, pk, b);
		if (list && why != NULL && strcmp(why, "links") == 0)
			why = NULL;
		if (why == NULL) {
			b->flags |= K_KEEP;
			kept += b->chars;
		}
		if (say)
			explain(h, b, why ? "drop" : "keep", why ? why :
			    "content");
	}
	return kept;
}

/* Whether element p is or is inside one hidden or named as furniture. */
static int
underbad(const struct node *nodes, uint32_t p)
{
	if (nodes[p].flags & N_HIDDEN)
		return 1;
	for (; p != 0; p = nodes[p].parent)
		if (nodes[p].flags & N_BAD)
			return 1;
	return 0;
}

/*
 * The CJK and Hangul characters (U+3000 to U+DFFF) of the blocks kept:
 * one says about as much as two letters of a word, so against SMALL
 * they count twice.
 */
static uint32_t
wide_kept(const struct html *h)
{
	size_t i, k;
	uint32_t n = 0;

	for (i = 0; i < h->nblocks; i++) {
		const struct block *b = &h->blocks[i];
		const unsigned char *s = h->text + b->off;

		if ((b->flags & (K_KEEP | B_TITLE)) != K_KEEP)
			continue;
		for (k = 0; k < b->len; k++)
			n += s[k] >= 0xE3 && s[k] <= 0xED;
	}
	return n;
}

/*
 * Never an empty result for a page with text: when the content chosen
 * holds too little, the smallest element around it with enough visible
 * text, then all visible prose, then (a page all hidden, inside an
 * <aside>, or all links) all its text.
 */
static void
fallback(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	uint32_t p, kept = keep(h, pk, 0), prose = 0;
	size_t i;

	/* A body the page marks as such is believed, however short. */
	if (kept + wide_kept(h) >= SMALL || (kept > 0 && (pk->byld ||
	    (nodes[pk->top].flags & N_BODYPROP))))
		return;
	for (i = 0; i < h->nblocks; i++) {
		const struct block *b = &h->blocks[i];

		if (b->chars >= 25 &&
		    !(b->flags & B_TITLE) && !underbad(nodes, b->node))
			prose += b->chars;
	}
	if (kept > 0 && kept * 3 >= prose)
		return;
	/* Wider: the smallest element around with half the page's prose. */
	for (p = pk->top; p != 0 && nodes[p].chars - nodes[p].linkchars <
	    (prose / 2 > SMALL ? prose / 2 : SMALL); p = nodes[p].parent)
		;
	if (p != 0 && p != pk->top) {
		memset(pk->sel, 0, h->nnodes);
		pk->sel[p] = 1;
		pk->top = p;
		pk->parent = nodes[p].parent;
		pk->level = F_WIDER;
		kept = keep(h, pk, 0);
	}
	if (kept < SMALL && pk->top != 0) {
		memset(pk->sel, 0, h->nnodes);
		pk->sel[0] = 1;
		pk->top = pk->parent = 0;
		pk->level = F_ALL;
		kept = keep(h, pk, 0);
	}
	if (kept == 0) {
		pk->level = F_ALLTEXT;
		kept = keep(h, pk, 0);
	}
}

/* Whether block b sits in a heading or an element named for a headline. */
static int
headish(const struct html *h, const struct block *b)
{
	uint32_t p = b->node;
	int k;

	if (b->flags & B_HEADING)
		return 1;
	for (k = 0; k < 4; k++, p = h->nodes[p].parent) {
		if (h->nodes[p].flags & N_HEADLINE)
			return 1;
		if (p == 0)
			break;
	}
	return 0;
}

/*
 * The page's <title> without the site's name: of the parts between
 * " - ", " | ", " : ", " – ", " — " or " · ", the longest. Moves it to
 * the start of t and returns its length.
 */
static size_t
title_core(unsigned char *t, size_t n)
{
	static const char *const seps[] = {
		" - ", " | ", " : ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
		" \xC2\xB7 "
	};
	size_t i, k, a = 0, best = 0, bestlen = 0, m;

	for (i = 0; i <= n; i++) {
		m = 0;
		for (k = 0; i < n && k < sizeof(seps) / sizeof(seps[0]); k++)
			if (n - i >= strlen(seps[k]) &&
			    memcmp(t + i, seps[k], strlen(seps[k])) == 0)
				m = strlen(seps[k]);
		if (i < n && m == 0)
			continue;
		if (i - a > bestlen) {
			best = a;
			bestlen = i - a;
		}
		a = i + m;
		if (m > 0)
			i += m - 1;
	}
	memmove(t, t + best, bestlen);
	return bestlen;
}

/*
 * The headline, when the content has no <h1> of its own: the block just
 * before the content, in a heading or an element named for a headline
 * (a div or span with a title class, itemprop=headline), that the page's
 * <title> holds; else the last <h1> before the content; else the
 * <title> itself, without the site's name. Headings between it and the
 * content (decks, subheads) come with it.
 */
static void
headline(struct html *h)
{
	size_t k, first, pick = h->nblocks, tlen = 0;
	unsigned char *t = NULL;

	for (first = 0; first < h->nblocks; first++)
		if ((h->blocks[first].flags & (K_KEEP | B_TITLE)) == K_KEEP)
			break;
	for (k = first; k < h->nblocks; k++)
		if ((h->blocks[k].flags & (K_KEEP | B_H1)) == (K_KEEP | B_H1))
			return;	/* the content has its headline */
	if (h->titlelen > 0) {
		unsigned long long nref = 0;
		unsigned char *d;

		t = xmalloc(3 * h->titlelen + 1);
		d = t + h->titlelen + 1;
		tlen = fold(t, entity_decode_all(h->titlebuf, h->titlelen, d,
		    &nref), d);
	}
	for (k = first; k > 0 && first - k < 30; k--) {
		const struct block *b = &h->blocks[k - 1];

		if (b->len >= 8 && t != NULL && b->linkchars * 2 < b->chars &&
		    headish(h, b) && infix(t, tlen, h->text + b->off, b->len)) {
			pick = k - 1;
			break;
		}
	}
	for (k = first; pick == h->nblocks && k > 0; k--)
		if (h->blocks[k - 1].flags & B_H1)
			pick = k - 1;
	if (pick < h->nblocks) {
		h->blocks[pick].flags |= K_KEEP;
		if (h->explain)
			explain(h, &h->blocks[pick], "keep", "headline");
		for (k = pick + 1; k < first; k++) {
			struct block *b = &h->blocks[k];

			if ((b->flags & B_HEADING) && b->linkchars * 2 <
			    b->chars) {
				b->flags |= K_KEEP;
				if (h->explain)
					explain(h, b, "keep", "deck");
			}
		}
	} else if (tlen > 0 && (tlen = title_core(t, tlen)) > 0) {
		if (h->explain)
			fprintf(stderr, "%s: keep headline  from <title> | "
			    "%.*s\n", h->name, (int)tlen, (const char *)t);
		html_emit(h, t, tlen);
	}
	free(t);
}

void
extract_doc(struct html *h)
{
	struct node *nodes = h->nodes;
	struct pick pk = { 0 };
	size_t i;

	if (h->nblocks == 0)
		return;
	totals(h);
	common_words(h);
	score(h);
	best(h, &pk);
	by_ld(h, &pk);
	pk.sel = xcalloc(h->nnodes, 1);
	siblings(h, &pk);
	records(h, &pk);
	fallback(h, &pk);
	if (h->explain)
		fprintf(stderr, "%s: content node=%u score=%.1f chars=%u "
		    "links=%u%s%s\n", h->name, pk.top, pk.topscore,
		    nodes[pk.top].chars, nodes[pk.top].linkchars,
		    pk.level ? " too small, fallback=" : "",
		    pk.level ? fallbacks[pk.level] : "");
	if (h->explain)
		keep(h, &pk, 1);
	if (!h->bodyonly)
		headline(h);
	for (i = 0; i < h->nblocks; i++)
		if (h->blocks[i].flags & K_KEEP)
			html_emit(h, h->text + h->blocks[i].off,
			    h->blocks[i].len);
		else if (h->wl.path != NULL)
			html_whylog(h, &h->blocks[i],
			    verdict(h, &pk, &h->blocks[i]));
	free(pk.sel);
}
