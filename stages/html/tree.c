/*
 * tree.c: what the tokenizer builds: the text of the block being read,
 * blocks written or held for extraction, and the stack of open elements
 * with the element tree beside it.
 *
 * put() and put_ws() add text to the current block, brk() ends it:
 * block_end() writes it (html_emit()) or, on a page held for main-content
 * extraction, keeps it with the innermost block element around it and
 * its counts of characters and characters inside links. push() and pop()
 * keep the stack of open elements, and the tree node of each while the
 * page is held. What is held never passes the -M cap: past it, give_up()
 * writes what was held as it is and the rest of the document streams.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

void
html_emit(struct html *h, const unsigned char *s, size_t n)
{
	if (utf8_valid(s, n) != n) {
		h->scratch = xgrow(h->scratch, &h->scratchcap, 3 * n, 1);
		n = utf8_sanitize(s, n, h->scratch, &h->invalid);
		s = h->scratch;
	}
	if (feed_hold(h, s, n))
		return;
	if (h->explain) {
		html_explain_text(h, s, n);
		return;
	}
	efwrite(s, n, h->out);
	efwrite("\n", 1, h->out);
	h->bytes_out += n + 1;
	h->paras_out++;
}

/*
 * The innermost open element that is a block, for extraction: inline
 * elements say little about where a block of text belongs.
 */
static uint32_t
blocknode(const struct html *h)
{
	size_t i;

	for (i = h->depth; i > 0; i--) {
		int id = h->stack[i - 1].tag;

		if (id != T_A && id != T_KNOWN && id != T_TIME && id != T_OTHER)
			return h->stack[i - 1].node;
		if (id == T_KNOWN && h->nodes != NULL &&
		    h->nodes[h->stack[i - 1].node].flags & (N_BODYPROP |
		    N_ARTICLE | N_MAIN | N_HEADLINE))
			return h->stack[i - 1].node;
	}
	return 0;
}

/* Bytes held for extraction: the page's text, its blocks and elements. */
static size_t
held(const struct html *h)
{
	return h->textlen + h->nblocks * sizeof(struct block) +
	    h->nnodes * sizeof(struct node);
}

/*
 * The page held for extraction passed the -M cap: extraction is given up
 * for this document, with a message, and what was held is written as it
 * is; the rest streams.
 */
static void
give_up(struct html *h)
{
	size_t i;

	capwarn(h->name, h->lineno, "the page held for extraction would hold",
	    h->max, "the document is written without main-content "
	    "extraction");
	h->overcap = 1;
	for (i = 0; i < h->nblocks; i++)
		if (!(h->blocks[i].flags & B_TITLE) || h->title)
			html_emit(h, h->text + h->blocks[i].off,
			    h->blocks[i].len);
	h->nblocks = h->textlen = 0;
	h->nodes = NULL;
}

/*
 * Ends the block being built: written now, or held for extraction. When
 * the held page passes the cap, extraction is given up for this document
 * and what was held is written as it is.
 */
#define CARDPARA 80	/* characters of such a paragraph: prose */

static void
block_end(struct html *h)
{
	struct block *b;

	h->paras_in++;
	if (h->nodes != NULL) {
		if (held(h) + h->curlen + sizeof(*b) > h->max) {
			give_up(h);
		} else {
			h->text = xgrow(h->text, &h->textcap,
			    h->textlen + h->curlen, 1);
			memcpy(h->text + h->textlen, h->cur, h->curlen);
			if (h->nblocks == h->capblocks) {
				h->capblocks = h->capblocks ? 2 * h->capblocks :
				    256;
				h->blocks = xrealloc(h->blocks, h->capblocks *
				    sizeof(*h->blocks));
			}
			b = &h->blocks[h->nblocks++];
			b->off = h->textlen;
			b->len = h->curlen;
			b->node = h->curnode;
			b->chars = h->curchars;
			/* A paragraph of prose in a card that is a link. */
			b->linkchars = (h->curcard >= CARDPARA ? h->curlink -
			    h->curcard : h->curlink) + h->curanchor * 3 / 10;
			b->flags = h->curflags;
			h->textlen += h->curlen;
			goto done;
		}
	}
	html_emit(h, h->cur, h->curlen);
done:
	h->curlen = 0;
	h->curchars = h->curlink = h->curcard = h->curanchor = 0;
	h->curflags = 0;
}

/* A line break: the block ends if it has text. */
void
brk(struct html *h)
{
	if (h->curlen > 0)
		block_end(h);
	h->space = h->cell = 0;
}

/*
 * Whether s[0..n) is the sign of a heading's permalink, the link a
 * generator adds to every heading ("Setup¶", "Setup #"): no text of
 * the heading's.
 */
static int
permalink(const unsigned char *s, size_t n)
{
	static const char *const signs[] = {
		"#", "\xC2\xB6", "\xC2\xA7", "\xF0\x9F\x94\x97",
		"\xE2\x9A\x93"
	};
	size_t k;

	for (k = 0; k < sizeof(signs) / sizeof(signs[0]); k++)
		if (n == strlen(signs[k]) && memcmp(s, signs[k], n) == 0)
			return 1;
	return 0;
}

/*
 * Adds text to the block. In document mode outside <pre>, s holds no
 * white space: runs of it were folded into h->space by the caller.
 */
void
put(struct html *h, const unsigned char *s, size_t n)
{
	size_t i;

	if (h->skipnest > 0) {
		for (i = 0; i < n; i++)
			h->skipchars += (s[i] & 0xC0) != 0x80;
		return;
	}
	if (n == 0 || (h->markdepth > 0 && permalink(s, n)))
		return;
	h->cur = xgrow(h->cur, &h->curcap, h->curlen + n + 1, 1);
	if (h->curlen == 0) {
		if (h->nodes != NULL)
			h->curnode = blocknode(h);
		h->curflags = (h->headdepth ? B_HEADING : 0) |
		    (h->h1depth ? B_H1 : 0) | (h->capdepth ? B_CAPTION : 0) |
		    (h->predepth ? B_PRE : 0) |
		    (h->quotedepth ? B_QUOTE : 0);
	} else if (h->cell)
		h->cur[h->curlen++] = '\t';
	else if (h->space)
		h->cur[h->curlen++] = ' ';
	h->space = h->cell = 0;
	memcpy(h->cur + h->curlen, s, n);
	h->curlen += n;
	if (h->nodes != NULL) {
		uint32_t k = 0;

		for (i = 0; i < n; i++)
			k += (s[i] & 0xC0) != 0x80 && !isws(s[i]);
		h->curchars += k;
		if (h->linkdepth)
			h->curlink += k;
		else if (h->anchordepth)
			h->curanchor += k;
		if (h->linkdepth && h->linkdepth == h->linkbase &&
		    h->linkhead)
			h->curcard += k;
	}
}

/* Adds text that may hold white space, such as a decoded reference. */
void
put_ws(struct html *h, const unsigned char *s, size_t n)
{
	size_t i = 0, j;

	if (!h->doc || h->predepth) {
		put(h, s, n);
		return;
	}
	while (i < n) {
		if (isws(s[i])) {
			h->space = 1;
			i++;
			continue;
		}
		for (j = i; j < n && !isws(s[j]); j++)
			;
		put(h, s + i, j - i);
		i = j;
	}
}

void
pop(struct html *h)
{
	int id = h->stack[--h->depth].tag;

	switch (id) {
	case T_A:
		if (h->stack[h->depth].mark)
			h->markdepth--;
		if (h->stack[h->depth].anchor)
			h->anchordepth--;
		else if (--h->linkdepth == 0)
			h->linkhead = 0;
		break;
	case T_P:
		h->linkbase = h->stack[h->depth].linkbase;
		break;
	case T_PRE:
		h->predepth--;
		break;
	case T_H1:
		h->h1depth--;
		/* FALLTHROUGH */
	case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		h->headdepth--;
		break;
	case T_FIGCAPTION: case T_CAPTION:
		h->capdepth--;
		break;
	case T_BLOCKQUOTE:
		h->quotedepth--;
		break;
	}
}

/* Closes open elements up to the innermost id, if one is open. */
void
close_to(struct html *h, int id)
{
	size_t i;

	if (h->overflow > 0) {
		h->overflow--;
		return;
	}
	for (i = h->depth; i > 0; i--)
		if (h->stack[i - 1].tag == id)
			break;
	if (i == 0)
		return;
	while (h->depth >= i)
		pop(h);
}

/*
 * Whether the <a> tag t, in a heading, is the heading's own anchor: it
 * links to the heading's id ("<h2 id=\"setup\"><a href=\"#setup\">Setup"),
 * as documentation and blog generators write every heading. Its text is
 * the heading's, no way off the page; it counts three tenths of a link's,
 * as Readability counts links to places on the page. A link to another
 * place ("<h3><a href=\"#p2\">Re: ...", a forum post's title) counts
 * whole.
 */
static int
anchor(const struct html *h, const struct tag *t)
{
	return h->headdepth > 0 && h->headid != 0 &&
	    (t->has & (1u << A_HREF)) && t->vlen[A_HREF] > 1 &&
	    t->val[A_HREF][0] == '#' &&
	    attr_hash(t->val[A_HREF] + 1, t->vlen[A_HREF] - 1) == h->headid;
}

void
push(struct html *h, int id)
{
	struct open *o;

	if (h->depth == STACK_MAX) {
		h->overflow++;
		return;
	}
	o = &h->stack[h->depth++];
	o->tag = id;
	o->node = 0;
	o->anchor = o->mark = 0;
	switch (id) {
	case T_A:
		if (h->headdepth > 0 && (h->tag.has & (1u << A_HREF)) &&
		    h->tag.vlen[A_HREF] > 0 && h->tag.val[A_HREF][0] == '#') {
			o->mark = 1;
			h->markdepth++;
		}
		if (anchor(h, &h->tag)) {
			o->anchor = 1;
			h->anchordepth++;
		} else if (h->linkdepth++ == 0)
			h->linkhead = 0;
		break;
	case T_P:
		o->linkbase = h->linkbase;
		h->linkbase = h->linkdepth;
		break;
	case T_PRE:
		h->predepth++;
		break;
	case T_H1:
		h->h1depth++;
		/* FALLTHROUGH */
	case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		if (h->headdepth++ == 0)
			h->headid = h->tag.has & (1u << A_ID) ?
			    attr_hash(h->tag.val[A_ID], h->tag.vlen[A_ID]) : 0;
		if (h->linkdepth)
			h->linkhead = 1;
		break;
	case T_FIGCAPTION: case T_CAPTION:
		h->capdepth++;
		break;
	case T_BLOCKQUOTE:
		h->quotedepth++;
		break;
	}
	if (h->nodes != NULL && held(h) + sizeof(struct node) > h->max)
		give_up(h);
	if (h->nodes != NULL) {
		struct node *nd;

		if (h->nnodes == h->capnodes) {
			h->capnodes *= 2;
			h->treebuf = h->nodes = xrealloc(h->nodes, h->capnodes *
			    sizeof(*h->nodes));
		}
		o->node = (uint32_t)h->nnodes;
		nd = &h->nodes[h->nnodes++];
		memset(nd, 0, sizeof(*nd));
		nd->parent = h->depth > 1 ? h->stack[h->depth - 2].node : 0;
		h->nodes[nd->parent].kids++;
		nd->tag = (uint16_t)id;
		extract_node(h, nd);
	}
}

/*
 * The <title> ended. With -t it is a line of its own: written at once, or
 * held first among the blocks for extraction, which always keeps it.
 */
void
title_end(struct html *h)
{
	unsigned char *d;
	size_t n, i, k = 0;
	int sp = 0;

	h->titledone = 1;
	if (!h->title || h->titlelen == 0)
		return;
	h->scratch = xgrow(h->scratch, &h->scratchcap, 2 * h->titlelen + 1, 1);
	d = h->scratch;
	n = entity_decode_all(h->titlebuf, h->titlelen, d, &h->ents);
	for (i = 0; i < n; i++) {	/* fold white space */
		if (isws(d[i])) {
			sp = k > 0;
			continue;
		}
		if (sp)
			d[k++] = ' ';
		sp = 0;
		d[k++] = d[i];
	}
	if (k == 0)
		return;
	brk(h);
	h->cur = xgrow(h->cur, &h->curcap, k, 1);
	memcpy(h->cur, d, k);
	h->curlen = k;
	h->curnode = 0;
	h->curchars = (uint32_t)k;
	h->curlink = h->curcard = h->curanchor = 0;
	block_end(h);
	if (h->nblocks > 0 && h->nodes != NULL)
		h->blocks[h->nblocks - 1].flags = B_TITLE;
}
