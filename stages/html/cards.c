/*
 * cards.c: records in a row, and contents made of them.
 *
 * A listing's items, a shop's products and a thread's posts are cards:
 * elements of one tag and first class word, one after the other under
 * one parent. When most of the content is in cards, it is a listing, and
 * what a card says of itself (its linked title, its caption, its byline:
 * a price, a date) belongs to its record; extract.c's verdict() asks.
 */
#include <stdint.h>
#include <stdlib.h>

#include <rinse/util.h>

#include "html.h"

/*
 * Three or more elements of one tag and first class word in a row under
 * one parent ("product first", "product", "product last"; an <li> or
 * <article> needs no class) get N_CARD. Linear in the elements.
 */
#define CARDRUN 3

void
cards_mark(struct html *h)
{
	struct node *nodes = h->nodes;
	uint32_t *last = xcalloc(h->nnodes, sizeof(*last));
	uint32_t *prev = xcalloc(h->nnodes, sizeof(*prev));
	uint32_t *run = xcalloc(h->nnodes, sizeof(*run));
	uint32_t j, k;
	size_t i;

	for (i = 1; i < h->nnodes; i++) {
		struct node *nd = &nodes[i];

		j = last[nd->parent];
		last[nd->parent] = (uint32_t)i;
		run[i] = 1;
		if (j == 0 || nodes[j].tag != nd->tag || nodes[j].cls1 !=
		    nd->cls1 || (nd->cls1 == 0 && nd->tag != T_LI &&
		    nd->tag != T_ARTICLE))
			continue;
		prev[i] = j;
		run[i] = run[j] + 1;
		if (run[i] < CARDRUN)
			continue;
		nd->flags |= N_CARD;
		for (k = prev[i]; run[i] == CARDRUN && k != 0; k = prev[k])
			nodes[k].flags |= N_CARD;
	}
	free(last);
	free(prev);
	free(run);
}

/*
 * Whether the content is a listing: half its characters or more are in
 * cards (cards()). There a card's caption, byline and linked heading are
 * its record's, kept; in an article with a few cards of related stories
 * they are not.
 */
int
cards_listing(const struct html *h, const unsigned char *sel)
{
	const struct node *nodes = h->nodes;
	uint64_t all = 0, carded = 0;
	size_t i;
	uint32_t p;
	int card;

	for (i = 0; i < h->nblocks; i++) {
		const struct block *b = &h->blocks[i];

		for (p = b->node, card = 0;; p = nodes[p].parent) {
			card |= (nodes[p].flags & N_CARD) != 0;
			if (sel[p] || p == 0)
				break;
		}
		if (!sel[p])
			continue;
		all += b->chars;
		carded += card ? b->chars : 0;
	}
	return all > 0 && carded * 2 >= all;
}

