/*
 * extract.c: main-content extraction over a page held in memory.
 */
#include <string.h>

#include "html.h"

void
extract_node(struct html *h, struct node *nd)
{
	(void)h;
	(void)nd;
}

void
extract_doc(struct html *h)
{
	size_t i;

	for (i = 0; i < h->nblocks; i++)
		html_emit(h, h->text + h->blocks[i].off, h->blocks[i].len);
}
