/*
 * teasers.c: lists of other stories inside the content: runs of linked
 * titles, each over the snippet of its story, and the headings of the
 * lists left out.
 *
 * extract.c's keep() leaves a title out as a link's line (K_LINK) and
 * keeps its snippet, which is prose. Here the runs of such records are
 * found in the blocks kept and cut (K_TEASER), before thread.c cuts
 * what readers wrote.
 */
#include <stdint.h>
#include <stdlib.h>

#include <rinse/util.h>

#include "html.h"

/*
 * Teasers: a list of other stories is a run of linked titles, each over
 * a snippet of its story (and a byline, a date), each in a box of its
 * own. The titles go as links; the snippets stayed, as prose. A run of
 * TEASERS or more such records in a row is furniture when each keeps
 * TEASERMAX characters or fewer (CJK twice) between its title and the
 * next, its title and snippet in an element that holds neither title
 * beside it, and the content keeps half as much again outside the run:
 * an article's paragraphs between promoted links ("PHOTOS: ...") share
 * one element, and a page that is such a list is no article with one
 * after it. A listing's content (cards.c) keeps them all.
 *
 * A news wire under the article is often longer than the article: a run
 * that ends the content (a quarter of it kept after it at most) goes
 * too when it sits in an element of its own and the content keeps an
 * article's worth (ARTICLEMIN characters) outside it. And in a
 * definition list each title is a term (<dt>), its snippet the
 * description (<dd>) beside it, so the list is the box of both; such a
 * run goes only where it ends the content: in the middle of a text
 * (a manual's list of calls, each with a line on what it does) it is
 * the text's own.
 */
#define TEASERS 3
#define TEASERMAX 300
#define ARTICLEMIN 500

static uint32_t
run_chars(const struct html *h, size_t from, size_t to)
{
	uint32_t c = 0;

	for (; from < to; from++)
		if ((h->blocks[from].flags & (K_KEEP | B_TITLE)) == K_KEEP)
			c += h->blocks[from].chars;
	return c;
}

/* Drops the blocks kept of blocks [from, to): a run of teasers. */
static uint32_t
drop_run(struct html *h, size_t from, size_t to, uint32_t kept)
{
	size_t k;

	for (k = from; k < to; k++) {
		struct block *b = &h->blocks[k];

		if ((b->flags & (K_KEEP | B_TITLE)) != K_KEEP)
			continue;
		b->flags = (b->flags & ~(unsigned)K_KEEP) | K_TEASER;
		kept -= b->chars;
	}
	return kept;
}

/*
 * The smallest element that holds both a and b, in time linear in the
 * depth: seen (one entry per element) gets mark on a and the elements
 * around it; each call passes a mark of its own.
 */
static uint32_t
common(const struct node *nodes, uint32_t *seen, uint32_t mark,
    uint32_t a, uint32_t b)
{
	for (; a != 0; a = nodes[a].parent)
		seen[a] = mark;
	for (; b != 0 && seen[b] != mark; b = nodes[b].parent)
		;
	return b;
}

/*
 * One record of a run: its title (a block left out as a link's line),
 * the characters kept after it, and the smallest element that holds the
 * title and the first block kept after it, its snippet. (A card's kicker
 * above its title, "AUTO NEWS", is kept after the title before it: the
 * box is the snippet's.)
 */
struct teaser {
	size_t title;
	uint32_t chars, box, first;
};

/* The element of tag around node p, at most three levels up, or 0. */
static uint32_t
within(const struct node *nodes, uint32_t p, int tag)
{
	int k;

	for (k = 0; p != 0 && k < 3; k++, p = nodes[p].parent)
		if (nodes[p].tag == tag)
			return p;
	return 0;
}

/*
 * A definition list's record: its title the term (<dt>), its snippet
 * the description after it (<dd>), the two siblings. The list is their
 * box, as an article's paragraphs share one around promoted links; but
 * an article puts no terms between its paragraphs.
 */
static int
term(const struct node *nodes, uint32_t title, uint32_t first)
{
	uint32_t dt = within(nodes, title, T_DT), dd = within(nodes, first,
	    T_DD);

	return dt != 0 && dd != 0 && nodes[dt].parent == nodes[dd].parent;
}

/*
 * Whether blocks [from, to) of a run sit in an element of their own:
 * the smallest that holds them all holds no block kept outside the run.
 */
static int
apart(const struct html *h, uint32_t *seen, uint32_t mark, size_t from,
    size_t to)
{
	const struct node *nodes = h->nodes;
	uint32_t box = h->blocks[from].node;
	size_t i;

	for (i = from + 1; i < to; i++)
		if (h->blocks[i].flags & (K_KEEP | K_LINK))
			box = common(nodes, seen, mark + (uint32_t)i, box,
			    h->blocks[i].node);
	if (box == 0)
		return 0;
	for (i = 0; i < h->nblocks; i++)
		if ((i < from || i >= to) && (h->blocks[i].flags & (K_KEEP |
		    B_TITLE)) == K_KEEP && node_holds(nodes, box,
		    h->blocks[i].node))
			return 0;
	return 1;
}

/*
 * Whether the run of blocks [from, to) goes: when the content keeps half
 * as much again outside it; or, at the end of the content (what is kept
 * after it a quarter of it at most), when it keeps an article's worth
 * and the run sits in an element of its own. A list of terms (terms) is
 * cut only at the end: in the middle it is the text's own.
 */
static int
cuts(const struct html *h, uint32_t *seen, uint32_t mark, uint32_t kept,
    size_t from, size_t to, int terms)
{
	uint32_t run = run_chars(h, from, to);
	int last = 4 * (uint64_t)run_chars(h, to, h->nblocks) <= run;

	if (terms && !last)
		return 0;
	return 2 * (uint64_t)(kept - run) >= run || (last &&
	    kept - run >= ARTICLEMIN && apart(h, seen, mark, from, to));
}

uint32_t
teasers_cut(struct html *h, uint32_t kept)
{
	struct node *nodes = h->nodes;
	struct teaser *t;
	uint32_t *seen;
	size_t i, k, nt = 0, from = 0, end;
	int n = 0, terms = 0, ok, own;

	for (i = 0; i < h->nblocks; i++)
		nt += (h->blocks[i].flags & K_LINK) != 0;
	if (nt < TEASERS)
		return kept;
	t = xcalloc(nt, sizeof(*t));
	seen = xcalloc(h->nnodes, sizeof(*seen));
	for (i = 0, k = 0; i < h->nblocks; i++) {
		const struct block *b = &h->blocks[i];

		if (b->flags & K_LINK) {
			t[k].title = i;
			t[k].box = b->node;
			k++;
		} else if (k > 0 && (b->flags & (K_KEEP | B_TITLE)) ==
		    K_KEEP) {
			if (t[k - 1].chars == 0) {
				t[k - 1].first = b->node;
				t[k - 1].box = common(nodes, seen, (uint32_t)k,
				    t[k - 1].box, b->node);
			}
			t[k - 1].chars += b->chars + widechars(h->text +
			    b->off, b->len);
		}
	}
	for (k = 0; k <= nt; k++) {
		if (k < nt && t[k].chars == 0)
			continue;	/* a title after a title */
		/* Its own box: neither title beside it is inside. */
		ok = k < nt && t[k].chars <= TEASERMAX && t[k].box != 0;
		own = ok && (k == 0 || !node_holds(nodes, t[k].box,
		    h->blocks[t[k - 1].title].node)) && (k + 1 == nt ||
		    !node_holds(nodes, t[k].box, h->blocks[t[k + 1].title].node));
		if (ok && !own) {	/* or a term and its description */
			ok = term(nodes, h->blocks[t[k].title].node,
			    t[k].first);
			terms += ok;
		}
		if (ok) {
			if (n++ == 0)
				from = k;
			continue;
		}
		end = k < nt ? t[k].title : h->nblocks;
		if (n >= TEASERS && cuts(h, seen, (uint32_t)nt + 1, kept,
		    t[from].title, end, terms > 0))
			kept = drop_run(h, t[from].title, end, kept);
		n = terms = 0;
	}
	free(seen);
	free(t);
	return kept;
}

/*
 * The heading of a list left out: a short line kept (ORPHANMAX
 * characters or fewer, CJK twice) with a letter and no sentence end,
 * followed, hidden blocks aside, by a line left out as a link or a
 * teaser, or by a comment thread cut: "Zobacz także", "Читайте также",
 * "Related", "Tags:", "Opinie". Once what is below it is gone it heads
 * nothing. A line of no letter (a price, a date) may be a card's, a list
 * item the story's own list's last (a link may follow a list), and the
 * headline is never such.
 */
#define ORPHANMAX 40

static int
sentence_end(const unsigned char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n == 0)
		return 0;
	if (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?' ||
	    s[n - 1] == '"')
		return 1;
	/* U+3002 。 */
	return n >= 3 && s[n - 3] == 0xE3 && s[n - 2] == 0x80 &&
	    s[n - 1] == 0x82;
}

static int
letters(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (isalpha_(s[i]) || s[i] >= 0x80)
			return 1;
	return 0;
}

/*
 * Whether block i is followed, hidden blocks aside, by a list left out:
 * links, teasers, or a thread of comments cut (thread.c).
 */
static int
heads_list(const struct html *h, size_t i)
{
	size_t j = i + 1;

	while (j < h->nblocks && (h->nodes[h->blocks[j].node].flags &
	    N_HIDDEN))
		j++;
	if (j == h->nblocks || !(h->blocks[j].flags & (K_LINK | K_TEASER |
	    K_THREAD)))
		return 0;
	return 1;
}

/* Whether block element p is in a list item (four levels up at most). */
static int
in_item(const struct html *h, uint32_t p)
{
	int k;

	for (k = 0; p != 0 && k < 4; k++, p = h->nodes[p].parent)
		if (h->nodes[p].tag == T_LI)
			return 1;
	return 0;
}

void
orphans_cut(struct html *h)
{
	size_t i;

	for (i = 0; i < h->nblocks; i++) {
		struct block *b = &h->blocks[i];
		const unsigned char *s = h->text + b->off;

		if ((b->flags & (K_KEEP | B_TITLE | B_H1)) != K_KEEP ||
		    b->chars + widechars(s, b->len) > ORPHANMAX ||
		    sentence_end(s, b->len) || !letters(s, b->len) ||
		    in_item(h, b->node) || !heads_list(h, i))
			continue;
		b->flags = (b->flags & ~(unsigned)K_KEEP) | K_TEASER;
	}
}
