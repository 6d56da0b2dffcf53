/*
 * element.c: what a tag read does to the document.
 *
 * tag_done() acts on each tag the tokenizer reads: an end tag closes
 * elements and may end a block; a start tag opens an element (the stack
 * and tree in tree.c), starts raw text (script, style, title, textarea),
 * or starts a skip: an element dropped with its content (head, svg,
 * template...; in document mode what the page marks as furniture:
 * nav, aside, hidden, aria-hidden, display:none, navigation roles).
 * When the page is held for extraction, block furniture is held too,
 * marked hidden, as a last resort for a page that is all furniture.
 * Inside a skip only its own end tag counts, and the few tags that end
 * a skip the page never closed (a new <body>, a <main> inside an
 * <aside>, an HTML element after an unclosed <svg>).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "html.h"

static int
sameskip(const struct html *h)
{
	return h->tag.nlen == h->skiplen &&
	    memcmp(h->tag.name, h->skipname, h->skiplen) == 0;
}

void
startskip(struct html *h)
{
	memcpy(h->skipname, h->tag.name, h->tag.nlen);
	h->skiplen = h->tag.nlen;
	h->skipnest = 1;
	h->skipfurn = 0;
	h->skipchars = 0;
	h->elements++;
}

/*
 * Whether an element is furniture the page marks as such: by its name,
 * or by hidden, aria-hidden, an inline display:none, or its ARIA role.
 */
static int
furniture(const struct html *h, int id, unsigned props)
{
	const struct tag *t = &h->tag;

	if (props & TP_FURN) {
		/*
		 * Some sites wrap the whole page in one form (ASP.NET): a
		 * form right inside <body> is that, not a search box.
		 */
		if (id == T_FORM && (h->depth == 0 ||
		    h->stack[h->depth - 1].tag == T_BODY ||
		    h->stack[h->depth - 1].tag == T_HTML))
			return 0;
		/*
		 * Extraction weighs a form by what it holds: CMSs wrap
		 * articles in one, and a search box has no prose to score.
		 */
		if (id == T_FORM && h->nodes != NULL)
			return 0;
		return 1;
	}
	/*
	 * A tab panel hidden until its tab is clicked (a product's
	 * description, specifications, reviews) is shown by the browser
	 * then: it is no furniture.
	 */
	if ((t->has & (1u << A_ROLE)) && t->vlen[A_ROLE] == 8 &&
	    attr_has(t, A_ROLE, "tabpanel"))
		return 0;
	if (t->has & (1u << A_HIDDEN))
		return 1;
	if (attr_has(t, A_ARIA_HIDDEN, "true"))
		return 1;
	if (t->has & (1u << A_STYLE)) {
		char v[TAG_VALMAX];
		size_t i, k = 0;

		for (i = 0; i < t->vlen[A_STYLE]; i++)
			if (!isws((unsigned char)t->val[A_STYLE][i]))
				v[k++] = lower((unsigned char)t->val[A_STYLE][i]);
		if (contains(v, k, "display:none") ||
		    contains(v, k, "visibility:hidden"))
			return 1;
	}
	if (t->has & (1u << A_ROLE)) {
		static const char *const roles[] = {
			"navigation", "banner", "contentinfo",
			"complementary", "search", "dialog", "alertdialog"
		};
		size_t i;

		for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
			if (t->vlen[A_ROLE] == strlen(roles[i]) &&
			    attr_has(t, A_ROLE, roles[i]))
				return 1;
	}
	return 0;
}

/*
 * Whether the start tag just read ends a dropped <svg> or <math> never
 * closed: HTML5 leaves foreign content at the start tag of an HTML
 * element such as p, div, h1, li, table or br, and so do browsers.
 */
static int
breakout(const struct html *h, int id)
{
	if (!((h->skiplen == 3 && memcmp(h->skipname, "svg", 3) == 0) ||
	    (h->skiplen == 4 && memcmp(h->skipname, "math", 4) == 0)))
		return 0;
	switch (id) {
	case T_P: case T_DIV: case T_BLOCKQUOTE: case T_BODY: case T_BR:
	case T_DD: case T_DT: case T_H1: case T_H2: case T_H3: case T_H4:
	case T_H5: case T_H6: case T_LI: case T_OL: case T_UL: case T_PRE:
	case T_TABLE:
		return 1;
	}
	return 0;
}

/* What a tag read inside an element dropped with its content does: SK_*. */
enum { SK_TAKEN, SK_ENDED, SK_INSIDE };

static int
skip_tag(struct html *h, int id, unsigned props, int selfclose)
{
	const struct tag *t = &h->tag;

	if (sameskip(h)) {
		if (t->end) {
			if (--h->skipnest > 0)
				return SK_TAKEN;
			h->skiphead = 0;
			if (props & TP_BLOCK)
				brk(h);
			return SK_TAKEN;
		}
		if (!selfclose && !(props & TP_VOID))
			h->skipnest++;
		return SK_TAKEN;
	}
	if (h->skiphead && !t->end && (id == T_BODY ||
	    ((props & TP_BLOCK) && id != T_HTML) || id == T_A)) {
		h->skipnest = 0;	/* the head ended unsaid */
		h->skiphead = 0;
	} else if (!h->skiphead && t->end && (id == T_BODY ||
	    id == T_HTML)) {
		h->skipnest = 0;	/* unclosed furniture */
	} else if (!t->end && breakout(h, id)) {
		h->skipnest = 0;
	} else if (!t->end && h->skipfurn && (id == T_MAIN ||
	    attr_has(t, A_ROLE, "main"))) {
		h->skipnest = 0;	/* a page inside an <aside> */
	} else if (h->feed && t->end && (named(t, "item") ||
	    named(t, "entry") || named(t, "channel") ||
	    named(t, "feed"))) {
		h->skipnest = 0;	/* an element never closed */
	} else {
		return SK_INSIDE;
	}
	return SK_ENDED;
}

/* A start tag outside any skip: dropped, furniture, or a new element. */
static void
open_element(struct html *h, int id, unsigned props, int selfclose)
{
	const struct tag *t = &h->tag;
	int hidden = 0;

	if ((props & TP_DROP) && !(selfclose && (id == T_SVG ||
	    id == T_MATH))) {
		startskip(h);
		h->skiphead = id == T_HEAD;
		return;
	}
	if (attr_has(t, A_CLASS, "__cf_email__") ||
	    attr_has(t, A_HREF, "/cdn-cgi/l/email-protection")) {
		startskip(h);
		return;
	}
	if (h->doc && !h->keep && !(props & TP_VOID) && furniture(h, id,
	    props)) {
		if (props & TP_BLOCK)
			brk(h);
		/*
		 * Extraction holds furniture blocks, marked, as a last resort
		 * (an <aside> around the whole page, a hidden wrapper); inline
		 * furniture would share a block with text, so it goes.
		 */
		if (h->nodes == NULL || !(props & TP_BLOCK)) {
			startskip(h);
			h->skipfurn = 1;
			return;
		}
		hidden = 1;
	}
	if (props & TP_BLOCK)
		brk(h);
	/*
	 * Cells of a row share a line, a tab between them, as a data
	 * table's do (a cell of two lines too); but when the cell before
	 * held more lines of its own (a layout table: an article beside a
	 * sidebar), its last line ends.
	 */
	if ((props & TP_CELL) && h->curlen > 0) {
		if (h->paras_in >= h->cellparas + 2)
			brk(h);
		else
			h->cell = 1;
	}
	if (props & TP_CELL)
		h->cellparas = h->paras_in;
	if (props & TP_VOID || id == T_OTHER)
		return;
	if (h->depth > 0) {
		int top = h->stack[h->depth - 1].tag;

		if (top == T_P && (props & TP_BLOCK))
			pop(h);
		else if ((id == T_LI && top == T_LI) ||
		    ((id == T_TD || id == T_TH) && (top == T_TD ||
		    top == T_TH)) || ((id == T_DD || id == T_DT) &&
		    (top == T_DD || top == T_DT)))
			pop(h);
		else if (id == T_TR && (top == T_TD || top == T_TH)) {
			pop(h);
			if (h->depth > 0 && h->stack[h->depth - 1].tag == T_TR)
				pop(h);
		}
	}
	push(h, id);
	if (hidden && h->nodes != NULL && h->overflow == 0)
		h->nodes[h->stack[h->depth - 1].node].flags |= N_HIDDEN;
}

/* Acts on the tag just read. */
void
tag_done(struct html *h, int selfclose)
{
	struct tag *t = &h->tag;
	unsigned props;
	int id;

	h->state = S_DATA;
	h->tags++;
	id = tag_lookup(t->name, t->nlen, &props);
	if (id == T_OTHER && t->nlen == 0)
		return;

	if (h->skipnest > 0) {
		switch (skip_tag(h, id, props, selfclose)) {
		case SK_TAKEN:
			return;
		case SK_INSIDE:
			goto rawtext;
		}
	}

	if (h->feed && feed_tag(h, selfclose))
		return;
	if (t->end) {
		if (props & TP_BLOCK || id == T_BR)
			brk(h);
		if (id == T_BR)
			return;
		if (id == T_TD || id == T_TH)
			h->space = 1;
		if (id != T_OTHER && id != T_KNOWN)
			close_to(h, id);
		else if (id == T_KNOWN && h->depth > 0 &&
		    h->stack[h->depth - 1].tag == T_KNOWN)
			pop(h);
		return;
	}

	if (id == T_BR) {
		brk(h);
		return;
	}
rawtext:
	/*
	 * What a crawler sees is the page without scripts: <noscript> holds
	 * markup then (Discourse puts its posts there). Extraction reads it.
	 */
	if (id == T_NOSCRIPT && h->nodes != NULL && h->skipnest == 0) {
		brk(h);
		if (!t->end)
			push(h, id);
		else
			close_to(h, id);
		return;
	}
	if (!t->end && (props & TP_RAW || id == T_TITLE || id == T_TEXTAREA)) {
		memcpy(h->rawname, t->name, t->nlen);
		h->rawlen = t->nlen;
		h->rawkind = id == T_SCRIPT ? R_SCRIPT : id == T_TITLE ?
		    R_TITLE : R_DROP;
		if (h->rawkind == R_TITLE && h->titledone)
			h->rawkind = R_DROP;
		if (h->rawkind != R_TITLE)
			h->elements++;
		/* JSON-LD may say what the article body is. */
		h->ldjson = h->nodes != NULL && id == T_SCRIPT &&
		    attr_has(t, A_TYPE, "ld+json");
		/* A page built by scripts ships its text as data. */
		h->pdjson = h->nodes != NULL && id == T_SCRIPT && !h->ldjson &&
		    attr_has(t, A_TYPE, "application/json");
		if (h->rawkind == R_TITLE)
			h->titlelen = 0;
		h->rawbuflen = 0;
		h->rawover = 0;
		h->state = S_RAW;
		return;
	}
	if (h->skipnest > 0 || t->end)
		return;

	open_element(h, id, props, selfclose);
}
