/*
 * pagedata.c: the text of a page that shows almost none, read from the
 * data it ships.
 *
 * A page built by scripts in the browser sends an empty <div id="root">,
 * and its article as data: schema.org's JSON-LD (headline, articleBody),
 * or a framework's state in <script type="application/json"> (Next.js's
 * __NEXT_DATA__). A crawler runs no script and sees nothing, or "enable
 * JavaScript". When the content extraction keeps under small characters
 * (extract.c's SMALL: what a page of nothing but such a notice keeps) and
 * the data holds three times as much text and small at least, that text
 * is the page's, read as JSON records are (json.c: of each object its
 * title, then its text fields, links, dates, ids and names of things
 * dropped): the JSON-LD's, which speaks of the page itself; else, when
 * the page shows no text of its own (none kept, or only inside
 * <noscript>), the other data's, which holds whatever the scripts would
 * show (the stories it links to, its menus) beside the page's own, and
 * would outweigh a short page's caption. The blocks the page shows are
 * then left out (--explain: "page-data").
 *
 * Contract: nothing is written unless pagedata_wanted() said so; a page
 * whose data is not JSON is left as it was.
 */
#include "html.h"

/* Whether block b sits inside a <noscript>. */
static int
scripted(const struct html *h, const struct block *b)
{
	uint32_t p;

	for (p = b->node; p != 0; p = h->nodes[p].parent)
		if (h->nodes[p].tag == T_NOSCRIPT)
			return 1;
	return 0;
}

/* Whether the page keeps text of its own: a block kept, not a notice. */
static int
shows(const struct html *h)
{
	size_t i;

	if (h->nodes == NULL)
		return 0;
	for (i = 0; i < h->nblocks; i++)
		if ((h->blocks[i].flags & (K_KEEP | B_TITLE)) == K_KEEP &&
		    !scripted(h, &h->blocks[i]))
			return 1;
	return 0;
}

/* The buffer to read, with its characters, or NULL. */
static const unsigned char *
source(const struct html *h, uint32_t small, size_t *len, size_t *chars)
{
	if (h->ldlen > 0 && (*chars = json_chars(h->ld, h->ldlen)) >= small) {
		*len = h->ldlen;
		return h->ld;
	}
	if (h->pdlen > 0 && !shows(h) &&
	    (*chars = json_chars(h->pd, h->pdlen)) >= small) {
		*len = h->pdlen;
		return h->pd;
	}
	*chars = 0;
	return NULL;
}

int
pagedata_wanted(struct html *h, uint32_t kept, uint32_t small)
{
	size_t len = 0, chars;

	if (kept >= small || (h->ldlen == 0 && h->pdlen == 0))
		return 0;
	h->pdsrc = source(h, small, &len, &chars);
	h->pdsrclen = len;
	return h->pdsrc != NULL && chars >= 3 * (size_t)kept;
}

void
pagedata_write(struct html *h)
{
	const unsigned char *s = h->pdsrc;
	size_t len = h->pdsrclen;

	if (s == NULL)
		return;
	/* Text mode from here: the page's tree is done with. */
	h->nodes = NULL;
	h->doc = 0;
	h->state = S_DATA;
	h->pagedata = 1;
	json_doc(h, s, len);
	tokenize_end(h);
	h->pagedata = 0;
}
