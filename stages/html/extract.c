/*
 * extract.c: main-content extraction over a page held in memory.
 *
 * The tokenizer (tokenize.c, tree.c) gives every block of text with the
 * element it sits in, its characters and how many of them are inside
 * links, and every element with its parent and what its tag, class, id,
 * role and itemprop say (vocab.c). Here, after Readability and CETD: each
 * block with enough text scores for its element and, less, for the
 * elements around it; class and id vocabularies and tags weigh the
 * elements; link density (in characters, so text without spaces counts
 * the same) discounts them. The best element, and those of its siblings
 * that score near it (or the records like it: posts, cards), is the
 * content; the page's own markup of the article body (itemprop, JSON-LD)
 * wins when it holds enough text. Inside it, blocks in elements that say
 * they are furniture, or that are mostly links, are dropped. Content
 * that holds too little widens (a page of parts inside <main>, then a
 * wider element, all prose, all text): never an empty page with text.
 * Cost is linear in the blocks times the depth of the tree.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

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
 * The content is too small under this many characters (not white space,
 * outside the title) when the page holds three times more text in blocks
 * of 25 characters or more, links or not, outside furniture:
 * extraction then widens its choice, as Readability retries with fewer
 * rules when it finds under 500.
 */
#define SMALL 200

/* How far extraction went to find enough text: see extract_doc(). */
enum { F_NONE, F_MAIN, F_PARTS, F_WIDER, F_ALL, F_ALLTEXT };
static const char *const fallbacks[] = {
	"", "main-part", "page-parts", "wider", "all-prose", "all-text"
};

/* One choice of content. */
struct pick {
	uint32_t top, parent;	/* the best element and its parent */
	double topscore;
	unsigned char *sel;	/* per element: part of the content */
	int byld;		/* JSON-LD chose it */
	int listing;		/* most of it is in cards (cards.c) */
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
		uint32_t w;

		if (nodes[b->node].flags & N_HIDDEN)
			continue;
		w = widechars(h->text + b->off, b->len);
		for (p = b->node;; p = nodes[p].parent) {
			nodes[p].chars += b->chars;
			nodes[p].linkchars += b->linkchars;
			nodes[p].wide += w;
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
			    vocab_word(nd->negw), sum[nd->negw], nodes[0].chars);
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

/*
 * What an element's name adds to its score. A name that says article or
 * content is a wrapper's of paragraphs, as Readability's words were
 * made for; on an element that holds a line or two (a card's "content",
 * a cell's "text") it says little of where the article is, yet its 25
 * would outweigh the prose of a whole short story. It counts in full
 * from NAMED characters on (CJK twice), in proportion below; a name
 * that says furniture counts in full.
 */
#define NAMED 100

static double
nameweight(const struct node *nd)
{
	uint32_t c = nd->chars + nd->wide;

	if (nd->classw <= 0 || c >= NAMED)
		return nd->classw;
	return (double)nd->classw * c / NAMED;
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
		    (nodes[b->node].flags & N_HIDDEN) ||
		    prose_legal(h->text + b->off, b->len))
			continue;
		ld = (double)b->linkchars / b->chars;
		if (ld > 0.5)
			continue;
		s = 1 + prose_punct(h->text + b->off, b->len) +
		    (b->chars / 100 < 3 ? b->chars / 100.0 : 3);
		for (p = b->node, level = 0; level < 5; level++) {
			/* <font>, <span>, <b> around blocks are no level. */
			while (p != 0 && inline_node(&nodes[p]))
				p = nodes[p].parent;
			if (nodes[p].good == 0) {
				nodes[p].good = 1;
				nodes[p].score += tagweight(nodes[p].tag) +
				    nameweight(&nodes[p]);
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
 * Whether element i is like the best one, top: of its tag and class and
 * a quarter of its size at least. A thread's posts, each in a wrapper of
 * its own with the poster's name, are such, however little their prose
 * scores next to the first post's.
 */
static int
alike(const struct node *nodes, uint32_t top, size_t i)
{
	return nodes[i].cls != 0 && nodes[i].cls == nodes[top].cls &&
	    nodes[i].tag == nodes[top].tag &&
	    (uint64_t)nodes[i].chars * 4 >= nodes[top].chars;
}

/*
 * As Readability does: when three of the five best elements score near
 * the best one (three quarters of its score, or are alike()) and sit
 * inside one element around it, that element is the content (a page of
 * several sections, testimonials, answers, posts); <body> is never that
 * element.
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
		if (!nodes[i].good || i == top || (nodes[i].score <
		    nodes[top].score * 0.75 && !alike(nodes, top, i)) ||
		    ((nodes[i].flags &
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
 * What an element's score keeps for where it sits: half inside an
 * element named as furniture (a comment thread), half inside <noscript>
 * (or at it). A page shows <noscript> only where scripts do not run: a
 * Discourse forum's posts are there, and nothing else scores; a portal's
 * reader forum is there too, beside the article the page shows anyway.
 */
static double
discount(const struct node *nodes, uint32_t i)
{
	double f = 1;
	int bad = 0, ns = 0;
	uint32_t p;

	for (p = i; p != 0 && !(bad && ns); p = nodes[p].parent) {
		if (!bad && p != i && (nodes[p].flags & N_BAD)) {
			bad = 1;
			f *= 0.5;
		}
		if (!ns && nodes[p].tag == T_NOSCRIPT) {
			ns = 1;
			f *= 0.5;
		}
	}
	return f;
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
	uint32_t best_prop = 0, best_art = 0, firm = 0;
	double topscore = -1e9, firmscore = -1e9;

	pk->top = 0;
	for (i = 1; i < h->nnodes; i++) {
		struct node *nd = &nodes[i];
		double sc;

		if (!nd->good)
			continue;
		sc = nd->score * (1 - density(nd));
		sc *= discount(nodes, (uint32_t)i);
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
	size_t m, c;
	uint32_t p, q;

	if (h->ldlen == 0)
		return;
	m = ld_start(h, &c);
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

/*
 * Whether an element holds one paragraph of prose: 80 characters or
 * more in one block, under a quarter of them in links. Readability
 * takes such a <p> beside the best element whatever it scores; pages
 * wrap the first paragraphs of an article in a <div> each ("firstPar",
 * "secondPar") before the element that holds the rest.
 */
static int
paragraph(const struct node *nd)
{
	return nd->nblocks == 1 && nd->chars >= 80 && density(nd) < 0.25;
}

/*
 * The outermost element around top that holds no other element (a table
 * cell alone in its row), as Readability reads an only child as its
 * parent; top itself if none. Never <body>.
 */
static uint32_t
wrapper(const struct node *nodes, uint32_t top)
{
	uint32_t p;

	for (; (p = nodes[top].parent) != 0 && nodes[p].tag != T_BODY &&
	    nodes[p].tag != T_HTML && nodes[p].kids == 1; top = p)
		;
	return top;
}

/*
 * The content: the best element, and siblings that score near it or are
 * a paragraph(). When the best element is all its wrapper() holds, the
 * paragraphs in elements like the wrapper beside it are the article's
 * too: a layout table puts each paragraph in a row of its own.
 */
static void
siblings(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	size_t i;
	uint32_t w;
	double thresh;

	pk->sel[pk->top] = 1;
	pk->parent = nodes[pk->top].parent;
	thresh = pk->topscore * 0.2 > 10 ? pk->topscore * 0.2 : 10;
	if (pk->top == 0 || pk->byld)
		return;
	w = wrapper(nodes, pk->top);
	for (i = 1; i < h->nnodes; i++) {
		struct node *nd = &nodes[i];

		if (!nd->good || (nd->flags & N_BAD) || i == pk->top || i == w)
			continue;
		if (nd->parent == pk->parent && (nd->score + (nd->classw > 0 ?
		    pk->topscore * 0.2 : 0) >= thresh || paragraph(nd)))
			pk->sel[i] = 1;
		else if (w != pk->top && nd->parent == nodes[w].parent &&
		    nd->tag == nodes[w].tag && paragraph(nd))
			pk->sel[i] = 1;
	}
}

/*
 * Records: a forum thread's posts, a listing's cards, a product's
 * reviews are siblings of one tag and class. When the best element is
 * (or is a little inside) one of three or more of them (two alike may
 * be an article and its comment box; not when each holds a body the page
 * marks as such), all the visible ones that are not mostly links are the
 * content.
 */
static void
records(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	uint32_t a, q;
	size_t i;
	int lvl, n;
	unsigned need;

	if (pk->top == 0)
		return;
	/*
	 * Around a body the page marks as such, records are chunks of it
	 * (an article split by ads): each holds a marked body too.
	 */
	need = nodes[pk->top].flags & N_BODYPROP ? N_BODYPROP | N_HASBODY : 0;
	/*
	 * Up three elements, not counting wrappers that add less than a
	 * block of prose (25 characters: a post's author and date).
	 */
	for (a = pk->top, lvl = 0; a != 0 && lvl < 3; a = q) {
		q = nodes[a].parent;
		lvl += nodes[q].chars >= nodes[a].chars + 25;
		if (nodes[a].cls == 0 || (nodes[a].flags & N_BAD))
			continue;
		for (i = 1, n = 0; i < h->nnodes; i++)
			n += same(nodes, a, i) && (a == pk->top || need == 0 ||
			    (nodes[i].flags & need));
		/* One more chunk with a marked body is no comment box. */
		if (n < (need != 0 && a != pk->top ? 1 : 2))
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
 * Whether the prose an element holds outweighs a name that says
 * furniture (its score, the name's weight included, stays above zero),
 * as Readability keeps such an element when it cleans the content: a
 * section whose id is made of its heading ("sharing-with-...") is no
 * share box. What readers write (comments, replies) stays furniture.
 */
static int
outweighs(const struct node *nd)
{
	return nd->good && nd->score > 0 && !(nd->flags & N_FIRM);
}

/*
 * Whether block b, a card's linked heading, says the page's name again:
 * a forum's posts are cards whose titles are the thread's ("Re: <name>",
 * the <title> holding <name>, as the page gave it); a listing's items
 * have titles of their own. A short prefix that ends in ": " is a
 * reply's.
 */
#define NAMEMIN 16	/* bytes of such a name */
#define REPLY 8		/* bytes of a reply's prefix, ": " included */

static int
names_page(const struct html *h, const struct pick *pk,
    const struct block *b)
{
	const unsigned char *s = h->text + b->off, *t;
	size_t i, n = b->len;

	if (!pk->listing)
		return 0;
	for (i = 1; i + 1 < n && i < REPLY; i++)
		if (s[i] == ':' && s[i + 1] == ' ') {
			s += i + 2;
			n -= i + 2;
			break;
		}
	t = h->titlebuf;
	if (n < NAMEMIN)
		return 0;
	for (i = 0; i + n <= h->titlelen; i++)
		if (t[i] == s[0] && memcmp(t + i, s, n) == 0)
			return 1;
	return 0;
}

/*
 * Why block b is dropped from the content chosen in pk, or NULL when it
 * is kept; marks it as a caption or byline on the way.
 */
static const char *
verdict(struct html *h, const struct pick *pk, struct block *b)
{
	struct node *nodes = h->nodes;
	int in = 0, bad = 0, embed = 0, card = 0, incard = 0, talk = 0;
	unsigned mark = 0;
	uint32_t markchars = 0;
	uint32_t p, badchars = 0;
	double ld = b->chars ? (double)b->linkchars / b->chars : 0;

	if (pk->level == F_ALLTEXT)
		return h->bodyonly && (b->flags & B_H1) ? "body-only" : NULL;
	if (nodes[b->node].flags & N_HIDDEN)
		return "hidden";
	for (p = b->node;; p = nodes[p].parent) {
		card |= mark != 0 && (nodes[p].flags & N_CARD) &&
		    nodes[p].chars > markchars;
		incard |= (nodes[p].flags & N_CARD) != 0;
		if (pk->sel[p]) {
			in = 1;
			/*
			 * Furniture inside the content is a small part of it;
			 * a wrapper with a misleading name is not. What
			 * readers write (comments, reviews) stays furniture
			 * however long, unless the content is all such.
			 */
			bad = badchars > 0 && (badchars * 2 < nodes[p].chars ||
			    (talk && !(nodes[p].flags & N_FIRM)));
			break;
		}
		/* A post the article embeds: its wrapper's name is no verdict. */
		embed |= nodes[p].flags & N_EMBED;
		if ((nodes[p].flags & N_BAD) && !outweighs(&nodes[p]) &&
		    nodes[p].chars > badchars && !embed)
			badchars = nodes[p].chars;
		talk |= (nodes[p].flags & (N_BAD | N_TALK)) == (N_BAD |
		    N_TALK) && !embed;
		/* The <header> of an article: headline, byline, date. */
		if (nodes[p].tag == T_HEADER && nodes[p].chars < 400) {
			mark |= B_BYLINE;
			markchars = nodes[p].chars;
		}
		/* A small element named caption or byline is one. */
		if ((nodes[p].flags & (N_CAPTION | N_BYLINE)) &&
		    nodes[p].chars < 400) {
			mark |= nodes[p].flags & N_CAPTION ? B_CAPTION :
			    B_BYLINE;
			markchars = nodes[p].chars;
		}
		if (p == 0)
			break;
	}
	/* Inside a record, what it says of itself is part of it. */
	if (!card || !pk->listing)
		b->flags |= mark;
	if (pk->top == 0)
		in = 1;	/* nothing stood out: keep all */
	/* Text right inside the content's parent, prose only. */
	if (!in && b->node == pk->parent && b->chars >= 80 && ld < 0.25)
		in = 1;
	if (!in)
		return "outside";
	if (bad)
		return "furniture";
	/* A card's linked heading is its record's title. */
	if (ld > 0.7 && b->chars < 400 && !(incard && pk->listing &&
	    (b->flags & B_HEADING) && !names_page(h, pk, b)))
		return "links";
	if (h->bodyonly && (b->flags & (B_H1 | B_CAPTION | B_BYLINE)))
		return "body-only";
	return NULL;
}

/* Marks the blocks kept (K_KEEP); returns their characters. */
static uint32_t
keep(struct html *h, struct pick *pk)
{
	size_t i;
	uint32_t kept = 0, linked = 0;
	int list;

	pk->listing = cards_listing(h, pk->sel);
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

		b->flags &= ~(unsigned)(K_KEEP | K_BODYONLY | K_FURN | K_LINK |
		    K_TEASER);
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
		} else if (strcmp(why, "body-only") == 0)
			b->flags |= K_BODYONLY;
		else if (strcmp(why, "furniture") == 0)
			b->flags |= K_FURN;
		else if (strcmp(why, "links") == 0)
			b->flags |= K_FURN | K_LINK;
	}
	if (!pk->listing)
		kept = teasers_cut(h, kept);
	return thread_cut(h, kept, SMALL);
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
	size_t i;
	uint32_t n = 0;

	for (i = 0; i < h->nblocks; i++)
		if ((h->blocks[i].flags & (K_KEEP | B_TITLE)) == K_KEEP)
			n += widechars(h->text + h->blocks[i].off,
			    h->blocks[i].len);
	return n;
}

/*
 * The page marks its main part (<main>, role=main) and the content
 * chosen inside it holds under a third of the prose there: the page is
 * made of parts (a service page's sections, a product's description,
 * specifications and reviews), and the smallest element inside the main
 * part that holds half its prose is the content. A page that marks no
 * main part is taken as made of parts (its main part the whole page)
 * when the content chosen holds no paragraph of an article (no block of
 * PARA characters) and is not too small for a part (SMALL: fallback()
 * widens that).
 */
#define PARA 150

static int
has_para(const struct html *h)
{
	size_t i;

	for (i = 0; i < h->nblocks; i++)
		if ((h->blocks[i].flags & (K_KEEP | B_TITLE)) == K_KEEP &&
		    h->blocks[i].chars >= PARA)
			return 1;
	return 0;
}

static void
main_part(struct html *h, struct pick *pk)
{
	struct node *nodes = h->nodes;
	uint32_t m, p, prose = 0, kept;
	size_t i;

	if (pk->top == 0 || pk->byld || (nodes[pk->top].flags & N_BODYPROP))
		return;
	for (m = nodes[pk->top].parent; m != 0 && !(nodes[m].flags & N_MAIN);
	    m = nodes[m].parent)
		;
	if (m != 0 && (nodes[m].flags & N_HIDDEN))
		return;
	kept = keep(h, pk);
	/* Too little to be a part: fallback() widens that. */
	if (m == 0 && (has_para(h) || kept + wide_kept(h) < SMALL))
		return;
	for (i = 0; i < h->nblocks; i++) {
		const struct block *b = &h->blocks[i];

		if (b->chars >= 25 && b->linkchars * 2 < b->chars &&
		    !(b->flags & B_TITLE) && !underbad(nodes, b->node) &&
		    node_holds(nodes, m, b->node))
			prose += b->chars - b->linkchars;
	}
	if (kept * 3 >= prose)
		return;
	for (p = pk->top; p != m && nodes[p].chars - nodes[p].linkchars <
	    prose / 2; p = nodes[p].parent)
		;
	memset(pk->sel, 0, h->nnodes);
	pk->sel[p] = 1;
	pk->top = p;
	pk->parent = nodes[p].parent;
	pk->level = m != 0 ? F_MAIN : F_PARTS;
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
	uint32_t p, kept = keep(h, pk), prose = 0;
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
		kept = keep(h, pk);
	}
	if (kept < SMALL && pk->top != 0) {
		memset(pk->sel, 0, h->nnodes);
		pk->sel[0] = 1;
		pk->top = pk->parent = 0;
		pk->level = F_ALL;
		kept = keep(h, pk);
	}
	if (kept == 0) {
		pk->level = F_ALLTEXT;
		kept = keep(h, pk);
	}
}

/* The characters of the blocks kept, the <title> aside. */
static uint32_t
kept_chars(const struct html *h)
{
	uint32_t c = 0;
	size_t i;

	for (i = 0; i < h->nblocks; i++)
		if ((h->blocks[i].flags & (K_KEEP | B_TITLE)) == K_KEEP)
			c += h->blocks[i].chars;
	return c;
}

void
extract_doc(struct html *h)
{
	struct node *nodes = h->nodes;
	struct pick pk = { 0 };
	size_t i;
	int data;

	if (h->nblocks == 0) {
		if (pagedata_wanted(h, 0, SMALL)) {
			if (h->explain)
				fprintf(stderr, "%s: no visible text, "
				    "fallback=page-data\n", h->name);
			pagedata_write(h);
		}
		return;
	}
	totals(h);
	cards_mark(h);
	common_words(h);
	thread_headed(h);
	score(h);
	best(h, &pk);
	by_ld(h, &pk);
	pk.sel = xcalloc(h->nnodes, 1);
	siblings(h, &pk);
	records(h, &pk);
	main_part(h, &pk);
	fallback(h, &pk);
	/* A listing's headings head its cards, kept. */
	if (!pk.listing && pk.level != F_ALLTEXT)
		orphans_cut(h);
	data = pagedata_wanted(h, kept_chars(h), SMALL);
	if (h->explain)
		fprintf(stderr, "%s: content node=%u score=%.1f chars=%u "
		    "links=%u%s%s%s\n", h->name, pk.top, pk.topscore,
		    nodes[pk.top].chars, nodes[pk.top].linkchars,
		    pk.level == F_MAIN ? " under a third of <main>'s prose, "
		    "widened=" : pk.level == F_PARTS ? " no paragraph, under "
		    "a third of the page's prose, widened=" : pk.level ?
		    " too small, fallback=" : "",
		    pk.level ? fallbacks[pk.level] : "",
		    data ? " too small, fallback=page-data" : "");
	if (!h->bodyonly && !data)
		extract_headline(h);
	for (i = 0; i < h->nblocks; i++) {
		struct block *b = &h->blocks[i];
		const char *why = NULL;

		if (data && (b->flags & K_KEEP)) {
			b->flags &= ~(unsigned)K_KEEP;
			why = "page-data";
		}
		if ((b->flags & K_KEEP) && h->explain)
			html_explain(h, b, NULL);
		else if (b->flags & K_KEEP)
			html_emit(h, h->text + b->off, b->len);
		else if (h->wl.path != NULL || h->explain) {
			if (why == NULL)
				why = b->flags & K_THREAD ? "comments" :
				    b->flags & K_TEASER ? "teasers" :
				    verdict(h, &pk, b);
			if (h->wl.path != NULL)
				html_whylog(h, b, why);
			if (h->explain)
				html_explain(h, b, why);
		}
	}
	free(pk.sel);
	if (data)
		pagedata_write(h);
}
