/*
 * rinse-html: HTML and HTML remnants to text, one block a line.
 *
 * A tokenizer after the HTML5 one (data, tags and their attributes,
 * comments, doctype, CDATA, raw text and script data with its escape
 * rules) runs over each document in bounded memory; its state lives
 * across lines, so tags and comments may span them. Tags go; block
 * elements and <br> end a line; inline elements join text as they are;
 * character references are decoded; raw-text elements and furniture
 * that the page marks as such are dropped with their content.
 *
 * Two modes: a document (a full page) gets HTML's white space rules;
 * text with a few remnants keeps its own line breaks and only tags that
 * HTML knows are taken for markup. On a whole page the main content is
 * found (extract.c) unless -A: blocks and the element tree are then held
 * in memory up to the -M cap; otherwise blocks are written as they end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/reader.h>
#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

/* Tokenizer states, after the HTML5 ones of the same names. */
enum {
	S_DATA, S_TAGOPEN, S_ENDTAGOPEN, S_TAGNAME, S_BEFATTR, S_ATTRNAME,
	S_AFTATTRNAME, S_BEFVAL, S_VALDQ, S_VALSQ, S_VALUQ, S_AFTVALQ,
	S_SELFCLOSE, S_COMMENT, S_BOGUS, S_RAW, S_SCRIPTESC, S_SCRIPTDESC
};

#define SNIFFMAX ((size_t)64 << 10)	/* bytes looked at to choose a mode */
#define TITLEMAX 4096
#define LDMAX ((size_t)4 << 20)	/* JSON-LD kept for extraction */

static const char *const attrnames[A_NATTR] = {
	"class", "id", "role", "style", "itemprop", "aria-hidden", "hidden",
	"type", "href"
};
static const unsigned char attrlens[A_NATTR] = { 5, 2, 4, 5, 8, 11, 6, 4, 4 };

static void feed(struct html *h, const unsigned char *s, size_t n);
static size_t bail(struct html *h);

static int
isws(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
isalpha_(unsigned c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static unsigned
lower(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c | 32 : c;
}

/* Whether s[0..n) starts with the lower-case ASCII word w, any case. */
static int
prefix(const unsigned char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w[i] != '\0'; i++)
		if (i >= n || lower(s[i]) != (unsigned char)w[i])
			return 0;
	return 1;
}

/* Whether s[0..n) contains the lower-case word w, any case. */
static int
contains(const char *s, size_t n, const char *w)
{
	size_t m = strlen(w), i;
	unsigned c0 = (unsigned char)w[0];

	for (i = 0; i + m <= n; i++)
		if (lower((unsigned char)s[i]) == c0 &&
		    prefix((const unsigned char *)s + i, n - i, w))
			return 1;
	return 0;
}

/* Whether the value of attribute a contains w (lower case), any case. */
static int
attr_has(const struct tag *t, int a, const char *w)
{
	return (t->has & (1u << a)) && contains(t->val[a], t->vlen[a], w);
}

static void
grow(unsigned char **buf, size_t *cap, size_t need)
{
	size_t c = *cap ? *cap : 256;

	while (c < need)
		c *= 2;
	if (c != *cap) {
		*buf = xrealloc(*buf, c);
		*cap = c;
	}
}

void
html_emit(struct html *h, const unsigned char *s, size_t n)
{
	if (utf8_valid(s, n) != n) {
		grow(&h->scratch, &h->scratchcap, 3 * n);
		n = utf8_sanitize(s, n, h->scratch, &h->invalid);
		s = h->scratch;
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
	char a[32];
	size_t i;

	warn("%s: page longer than %s in memory: written without "
	    "main-content extraction (raise the cap with -M)", h->name,
	    fmtsize(h->max, a));
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
static void
block_end(struct html *h)
{
	struct block *b;

	h->paras_in++;
	if (h->nodes != NULL) {
		if (held(h) + h->curlen + sizeof(*b) > h->max) {
			give_up(h);
		} else {
			grow(&h->text, &h->textcap, h->textlen + h->curlen);
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
			b->linkchars = h->curlink;
			b->flags = h->curflags;
			h->textlen += h->curlen;
			goto done;
		}
	}
	html_emit(h, h->cur, h->curlen);
done:
	h->curlen = 0;
	h->curchars = h->curlink = 0;
	h->curflags = 0;
}

/* A line break: the block ends if it has text. */
static void
brk(struct html *h)
{
	if (h->curlen > 0)
		block_end(h);
	h->space = h->cell = 0;
}

/*
 * Adds text to the block. In document mode outside <pre>, s holds no
 * white space: runs of it were folded into h->space by the caller.
 */
static void
put(struct html *h, const unsigned char *s, size_t n)
{
	size_t i;

	if (h->skipnest > 0) {
		for (i = 0; i < n; i++)
			h->skipchars += (s[i] & 0xC0) != 0x80;
		return;
	}
	if (n == 0)
		return;
	grow(&h->cur, &h->curcap, h->curlen + n + 1);
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
	}
}

/* Adds text that may hold white space, such as a decoded reference. */
static void
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

static int
sameskip(const struct html *h)
{
	return h->tag.nlen == h->skiplen &&
	    memcmp(h->tag.name, h->skipname, h->skiplen) == 0;
}

static void
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

static void
pop(struct html *h)
{
	int id = h->stack[--h->depth].tag;

	switch (id) {
	case T_A:
		h->linkdepth--;
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
static void
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

static void
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
	switch (id) {
	case T_A:
		h->linkdepth++;
		break;
	case T_PRE:
		h->predepth++;
		break;
	case T_H1:
		h->h1depth++;
		/* FALLTHROUGH */
	case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		h->headdepth++;
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
		nd->tag = (uint16_t)id;
		extract_node(h, nd);
	}
}

/*
 * The <title> ended. With -t it is a line of its own: written at once, or
 * held first among the blocks for extraction, which always keeps it.
 */
static void
title_end(struct html *h)
{
	unsigned char *d;
	size_t n, i, k = 0;
	int sp = 0;

	h->titledone = 1;
	if (!h->title || h->titlelen == 0)
		return;
	grow(&h->scratch, &h->scratchcap, 2 * h->titlelen + 1);
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
	grow(&h->cur, &h->curcap, k);
	memcpy(h->cur, d, k);
	h->curlen = k;
	h->curnode = 0;
	h->curchars = (uint32_t)k;
	h->curlink = 0;
	block_end(h);
	if (h->nblocks > 0 && h->nodes != NULL)
		h->blocks[h->nblocks - 1].flags = B_TITLE;
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

/* Whether the tag just read is named w. */
static int
named(const struct tag *t, const char *w)
{
	return t->nlen == strlen(w) && memcmp(t->name, w, t->nlen) == 0;
}

/*
 * A feed (RSS 2.0, RSS 1.0, Atom): of each item or entry, its title and
 * then its body (description, content:encoded, content, summary) are
 * kept, each a block or more; every other element of the feed (link,
 * guid, dates, author, category, media:*, the channel's own title and
 * description) is dropped with its content. HTML inside a body, in
 * CDATA or not, is read as HTML. Returns whether the tag was taken.
 */
static int
feed_tag(struct html *h, int selfclose)
{
	const struct tag *t = &h->tag;
	int body;

	if (h->fbody && !named(t, "title") && !named(t, "description") &&
	    !named(t, "content:encoded") && !named(t, "content") &&
	    !named(t, "summary"))
		return 0;	/* HTML inside a body */
	if (named(t, "item") || named(t, "entry")) {
		brk(h);
		h->fitem = !t->end;
		h->fbody = 0;
		return 1;
	}
	if (named(t, "rss") || named(t, "channel") || named(t, "feed") ||
	    named(t, "rdf:rdf") || named(t, "?xml"))
		return 1;
	body = named(t, "title") || named(t, "description") ||
	    named(t, "content:encoded") || named(t, "content") ||
	    named(t, "summary");
	if (body && h->fitem) {
		brk(h);
		h->fbody = !t->end && !selfclose;
		return 1;
	}
	if (!t->end && !selfclose) {
		unsigned props;

		if (tag_lookup(t->name, t->nlen, &props) == T_OTHER ||
		    !(props & TP_VOID) || named(t, "link")) {
			brk(h);
			startskip(h);
		}
	}
	return 1;
}

/* Acts on the tag just read. */
static void
tag_done(struct html *h, int selfclose)
{
	struct tag *t = &h->tag;
	unsigned props;
	int id, hidden = 0;

	h->state = S_DATA;
	h->tags++;
	id = tag_lookup(t->name, t->nlen, &props);
	if (id == T_OTHER && t->nlen == 0)
		return;

	if (h->skipnest > 0) {
		if (sameskip(h)) {
			if (t->end) {
				if (--h->skipnest > 0)
					return;
				h->skiphead = 0;
				if (props & TP_BLOCK)
					brk(h);
				return;
			}
			if (!selfclose && !(props & TP_VOID))
				h->skipnest++;
			return;
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
		if (h->rawkind == R_TITLE)
			h->titlelen = 0;
		h->rawbuflen = 0;
		h->rawover = 0;
		h->state = S_RAW;
		return;
	}
	if (h->skipnest > 0 || t->end)
		return;

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
	if ((props & TP_CELL) && h->curlen > 0)
		h->cell = 1;
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

/*
 * The '>' of a tag was read and s[i] follows it. Text mode asks more of
 * a tag than HTML5 does: "if a<b then c>d" is no <b> element, so a tag
 * with attributes needs one with a value.
 */
static size_t
tag_close(struct html *h, size_t i, int selfclose)
{
	if (!h->doc && h->tag.nattr > 0 && h->tag.nvals == 0)
		return bail(h);
	tag_done(h, selfclose);
	return i;
}

/* Starts reading a start or end tag; its name comes next. */
static void
tag_start(struct html *h, int end)
{
	h->tag.nlen = 0;
	h->tag.end = end;
	h->tag.has = 0;
	h->tag.cur = -1;
	h->tag.nattr = h->tag.nvals = 0;
	h->state = S_TAGNAME;
}

/* The name of the attribute just read is known: is it one we keep? */
static void
attr_named(struct html *h)
{
	struct tag *t = &h->tag;
	int a;

	t->cur = -1;
	for (a = 0; a < A_NATTR; a++) {
		if (attrlens[a] == t->anlen && t->an[0] == attrnames[a][0] &&
		    memcmp(attrnames[a], t->an, t->anlen) == 0) {
			if (t->has & (1u << a))
				return;	/* HTML5: the first one counts */
			t->has |= 1u << a;
			t->vlen[a] = 0;
			t->cur = a;
			return;
		}
	}
}

static void
attr_val(struct html *h, const unsigned char *s, size_t n)
{
	struct tag *t = &h->tag;
	size_t k;

	if (t->cur < 0)
		return;
	k = TAG_VALMAX - t->vlen[t->cur];
	if (k > n)
		k = n;
	memcpy(t->val[t->cur] + t->vlen[t->cur], s, k);
	t->vlen[t->cur] += k;
}

/* Whether s[i..n) is "</NAME" followed by a delimiter, for raw text. */
static int
raw_end(const struct html *h, const unsigned char *s, size_t n, size_t i)
{
	size_t k;

	if (n - i < h->rawlen + 3 || s[i + 1] != '/')
		return 0;
	for (k = 0; k < h->rawlen; k++)
		if (lower(s[i + 2 + k]) != (unsigned char)h->rawname[k])
			return 0;
	k = s[i + 2 + h->rawlen];
	return isws(k) || k == '/' || k == '>';
}

/*
 * Text mode: what looked like a tag was not one. Its '<' is text and the
 * bytes after it are read again as text; the tag began at h->tagstart
 * in s, or in an earlier line (its bytes are then in h->raw). Returns
 * where to go on in s.
 */
static size_t
bail(struct html *h)
{
	unsigned char tmp[TAG_RAWMAX];
	size_t k;

	h->state = S_DATA;
	put(h, (const unsigned char *)"<", 1);
	if (h->rawn == 0)
		return h->tagstart + 1;
	k = h->rawn;
	memcpy(tmp, h->raw, k);
	h->rawn = 0;
	h->tagstart = 0;
	feed(h, tmp + 1, k - 1);
	h->tagstart = 0;
	return 0;
}

static int
rawstate(int st)
{
	return st == S_RAW || st == S_SCRIPTESC || st == S_SCRIPTDESC;
}

/* Keeps raw text read, for raw_unclosed(); up to the -M cap. */
static void
raw_keep(struct html *h, const unsigned char *s, size_t n)
{
	if (h->rawover || n == 0)
		return;
	if (n > h->max - h->rawbuflen) {
		h->rawover = 1;
		return;
	}
	grow(&h->rawbuf, &h->rawbufcap, h->rawbuflen + n);
	memcpy(h->rawbuf + h->rawbuflen, s, n);
	h->rawbuflen += n;
}

static int
tagstate(int st)
{
	return st >= S_TAGOPEN && st <= S_SELFCLOSE;
}

/* Text mode: a tag name HTML does not know is text, not markup. */
static int
unknown_tag(struct html *h)
{
	unsigned props;

	return !h->doc && tag_lookup(h->tag.name, h->tag.nlen, &props) ==
	    T_OTHER;
}

/* Bytes that go on a run of text in document mode: no space, <, & or ]. */
static const unsigned char runfold[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};

/* The same where white space is kept (text mode, <pre>): tab and space go on. */
static const unsigned char runkeep[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};

/*
 * A tag escaped in a page's text ("&lt;img src=... height=1&gt;" in a
 * <noscript>, "&lt;b&gt;" from a feed or an API field) is markup that
 * was escaped once too often, not text to show: when s holds one, of an
 * element HTML knows, through its "&gt;" on the same line, it is taken
 * as that tag (a line break for a block) and its length returned; else
 * 0. <pre> is left alone: code shows tags on purpose. Text mode asks for
 * an attribute with a value, as it does of tags (see tag_close()): "use
 * &lt;p&gt; for that" in a text stays as written.
 */
static size_t
esc_tag(struct html *h, const unsigned char *s, size_t n)
{
	char name[TAG_NAMEMAX];
	size_t j, k, lim = n < 4 + TAG_RAWMAX ? n : 4 + TAG_RAWMAX;
	unsigned props;
	int id, val = 0;

	if (n < 8 || memcmp(s, "&lt;", 4) != 0)
		return 0;
	j = 4 + (s[4] == '/');
	for (k = j; k < lim && k - j < TAG_NAMEMAX && (isalpha_(s[k]) ||
	    (k > j && s[k] >= '0' && s[k] <= '9')); k++)
		name[k - j] = (char)lower(s[k]);
	if (k == j || k >= lim || (!isws(s[k]) && s[k] != '/' && s[k] != '&'))
		return 0;
	if ((id = tag_lookup(name, k - j, &props)) == T_OTHER)
		return 0;
	for (; k + 4 <= lim && s[k] != '\n' && s[k] != '<' && s[k] != '>'; k++) {
		if (s[k] == '=')
			val = 1;
		if (s[k] == '&' && memcmp(s + k, "&gt;", 4) == 0) {
			if (!h->doc && !val)
				return 0;
			h->tags++;
			if (props & TP_BLOCK || id == T_BR)
				brk(h);
			return k + 4;
		}
	}
	return 0;
}

/* Reads data: text, references, white space, up to the next '<'. */
static size_t
data(struct html *h, const unsigned char *s, size_t n, size_t i)
{
	unsigned char dec[16];
	size_t j, used, k;
	int fold = h->doc && !h->predepth;
	const unsigned char *run = fold ? runfold : runkeep;

	/*
	 * The title or body of a feed's item outside CDATA is HTML escaped
	 * once: unescaped, it is read as HTML. The next '<' is the feed's.
	 */
	if (h->fbody && !h->cdata && !h->finner) {
		const unsigned char *p = memchr(s + i, '<', n - i);

		j = p ? (size_t)(p - s) : n;
		if (j > i) {
			grow(&h->fbuf, &h->fbufcap, 2 * (j - i));
			k = entity_decode_all(s + i, j - i, h->fbuf, &h->ents);
			h->finner = 1;
			feed(h, h->fbuf, k);
			h->finner = 0;
			return j;
		}
	}

	while (i < n) {
		j = i;
		while (j < n && run[s[j]])
			j++;
		if (j > i) {
			put(h, s + i, j - i);
			i = j;
			if (i == n)
				break;
		}
		switch (s[i]) {
		case '<':
			h->state = S_TAGOPEN;
			h->tagstart = i;
			h->rawn = 0;
			return i + 1;
		case '&':
			if (!h->predepth && (k = esc_tag(h, s + i, n - i)) > 0) {
				i += k;
				continue;
			}
			k = entity_decode(s + i, n - i, dec, &used);
			if (k > 0) {
				h->ents++;
				put_ws(h, dec, k);
				i += used;
			} else {
				put(h, s + i, 1);
				i++;
			}
			break;
		case ']':
			if (h->cdata && n - i >= 3 && s[i + 1] == ']' &&
			    s[i + 2] == '>') {
				h->cdata = 0;
				i += 3;
			} else {
				put(h, s + i, 1);
				i++;
			}
			break;
		case '\n':
			if (!fold) {
				brk(h);
				i++;
				break;
			}
			/* FALLTHROUGH */
		default:
			if (isws(s[i])) {
				if (fold || s[i] == '\r')
					h->space = 1;
				else
					put(h, s + i, 1);
			} else if (s[i] < 0x20 || s[i] == 0x7F) {
				/* Stray control bytes: shown as nothing. */
				if (h->skipnest == 0)
					h->controls++;
			} else
				put(h, s + i, 1);
			i++;
			break;
		}
	}
	return i;
}

/* Reads raw text (script, style, title...) up to its end tag. */
static size_t
rawtext(struct html *h, const unsigned char *s, size_t n, size_t i)
{
	const unsigned char *p;
	size_t j;

	while (i < n) {
		if (h->state == S_RAW) {
			p = memchr(s + i, '<', n - i);
			j = p ? (size_t)(p - s) : n;
			if (h->ldjson && j > i) {
				size_t k = j - i + 1;

				if (h->ldlen + k <= LDMAX) {
					grow(&h->ld, &h->ldcap, h->ldlen + k);
					memcpy(h->ld + h->ldlen, s + i, k - 1);
					h->ldlen += k - 1;
					if (j < n)
						h->ld[h->ldlen++] = '<';
				}
			}
			if (h->rawkind == R_TITLE && j > i) {
				size_t k = j - i;

				if (k > TITLEMAX - h->titlelen)
					k = TITLEMAX - h->titlelen;
				memcpy(h->titlebuf + h->titlelen, s + i, k);
				h->titlelen += k;
			}
			i = j;
			if (i == n)
				return n;
			if (raw_end(h, s, n, i))
				goto end;
			if (h->rawkind == R_SCRIPT && n - i >= 4 &&
			    memcmp(s + i, "<!--", 4) == 0) {
				h->state = S_SCRIPTESC;
				i += 4;
				continue;
			}
			if (h->rawkind == R_TITLE && h->titlelen < TITLEMAX)
				h->titlebuf[h->titlelen++] = '<';
			i++;
			continue;
		}
		/* Script data escaped and double escaped. */
		for (; i < n && s[i] != '<' && s[i] != '-'; i++)
			;
		if (i == n)
			return n;
		if (s[i] == '-') {
			if (n - i >= 3 && s[i + 1] == '-' && s[i + 2] == '>') {
				h->state = S_RAW;
				i += 3;
			} else
				i++;
			continue;
		}
		if (raw_end(h, s, n, i)) {
			if (h->state == S_SCRIPTESC)
				goto end;
			h->state = S_SCRIPTESC;
			i += 8;
			continue;
		}
		if (h->state == S_SCRIPTESC && n - i >= 8 &&
		    prefix(s + i + 1, n - i - 1, "script") &&
		    (isws(s[i + 7]) || s[i + 7] == '/' || s[i + 7] == '>')) {
			h->state = S_SCRIPTDESC;
			i += 7;
			continue;
		}
		i++;
	}
	return i;
end:
	if (h->rawkind == R_TITLE)
		title_end(h);
	if (h->ldjson && h->ldlen > 0 && h->ld[h->ldlen - 1] == '<')
		h->ldlen--;	/* the '<' of the end tag */
	h->ldjson = 0;
	tag_start(h, 1);
	memcpy(h->tag.name, h->rawname, h->rawlen);
	h->tag.nlen = h->rawlen;
	h->state = S_BEFATTR;
	h->tagstart = i;
	h->rawn = 0;
	return i + 2 + h->rawlen;
}

/*
 * Feeds bytes of the document to the tokenizer. Every call but the last
 * of a document ends with a '\n': what HTML5 looks ahead for (comment
 * openers, end tags of raw text, references) never spans a line, so a
 * look ahead that reaches the end of s has failed.
 */
static void
feed(struct html *h, const unsigned char *s, size_t n)
{
	struct tag *t = &h->tag;
	size_t i = 0;
	unsigned c;

	while (i < n) {
		if (!h->doc && tagstate(h->state) &&
		    h->rawn + (i - h->tagstart) > TAG_RAWMAX) {
			i = bail(h);
			continue;
		}
		c = s[i];
		switch (h->state) {
		case S_DATA:
			i = data(h, s, n, i);
			continue;
		case S_RAW:
		case S_SCRIPTESC:
		case S_SCRIPTDESC: {
			size_t j = rawtext(h, s, n, i);

			if (rawstate(h->state))
				raw_keep(h, s + i, j - i);
			i = j;
			continue;
		}
		case S_TAGOPEN:
			if (isalpha_(c)) {
				tag_start(h, 0);
				continue;
			}
			if (c == '/') {
				h->state = S_ENDTAGOPEN;
				i++;
				continue;
			}
			if (c == '!') {
				if (n - i >= 3 && s[i + 1] == '-' &&
				    s[i + 2] == '-') {
					h->state = S_COMMENT;
					i += 3;
					/* "<!-->" and "<!--->" are comments */
					if (i < n && s[i] == '>')
						h->state = S_DATA, i++;
					else if (n - i >= 2 && s[i] == '-' &&
					    s[i + 1] == '>')
						h->state = S_DATA, i += 2;
					h->tagstart = i;
					continue;
				}
				if (n - i >= 8 && memcmp(s + i + 1, "[CDATA[",
				    7) == 0) {
					h->cdata = 1;
					h->state = S_DATA;
					i += 8;
					continue;
				}
				if (h->doc || prefix(s + i + 1, n - i - 1,
				    "doctype")) {
					h->state = S_BOGUS;
					i++;
					continue;
				}
			} else if (c == '?') {
				h->state = S_BOGUS;
				i++;
				continue;
			}
			h->state = S_DATA;	/* "a < b", "x<3": text */
			put(h, (const unsigned char *)"<", 1);
			continue;
		case S_ENDTAGOPEN:
			if (isalpha_(c)) {
				tag_start(h, 1);
				continue;
			}
			if (c == '>') {
				h->state = S_DATA;
				i++;
				continue;
			}
			h->state = S_BOGUS;
			continue;
		case S_TAGNAME:
			if (isws(c) || c == '/' || c == '>') {
				if (unknown_tag(h)) {
					i = bail(h);
					continue;
				}
				h->state = c == '>' ? S_DATA : c == '/' ?
				    S_SELFCLOSE : S_BEFATTR;
				i++;
				if (c == '>')
					i = tag_close(h, i, 0);
				continue;
			}
			do {
				if (t->nlen < TAG_NAMEMAX)
					t->name[t->nlen++] = (char)lower(c);
				i++;
			} while (i < n && (c = s[i]) != '>' && c != '/' &&
			    !isws(c));
			continue;
		case S_BEFATTR:
		case S_AFTATTRNAME:
			if (isws(c)) {
				i++;
				continue;
			}
			if (c == '/') {
				h->state = S_SELFCLOSE;
				i++;
				continue;
			}
			if (c == '>') {
				i = tag_close(h, i + 1, 0);
				continue;
			}
			if (c == '=' && h->state == S_AFTATTRNAME) {
				h->state = S_BEFVAL;
				i++;
				continue;
			}
			t->anlen = 0;
			t->cur = -1;
			t->nattr++;
			t->an[t->anlen++] = (char)lower(c);
			h->state = S_ATTRNAME;
			i++;
			continue;
		case S_ATTRNAME:
			if (isws(c) || c == '/' || c == '>' || c == '=') {
				attr_named(h);
				h->state = c == '=' ? S_BEFVAL : S_AFTATTRNAME;
				if (c == '=' || isws(c))
					i++;
				continue;
			}
			do {
				if (t->anlen < TAG_NAMEMAX)
					t->an[t->anlen++] = (char)lower(c);
				else
					t->anlen = TAG_NAMEMAX + 1;
				i++;
			} while (i < n && (c = s[i]) != '>' && c != '/' &&
			    c != '=' && !isws(c));
			continue;
		case S_BEFVAL:
			if (isws(c)) {
				i++;
				continue;
			}
			t->nvals++;
			if (c == '"' || c == '\'') {
				h->state = c == '"' ? S_VALDQ : S_VALSQ;
				i++;
				continue;
			}
			if (c == '>') {
				i = tag_close(h, i + 1, 0);
				continue;
			}
			h->state = S_VALUQ;
			continue;
		case S_VALDQ:
		case S_VALSQ: {
			const unsigned char *p = memchr(s + i,
			    h->state == S_VALDQ ? '"' : '\'', n - i);
			size_t j = p ? (size_t)(p - s) : n;

			if (!h->doc && j - i > TAG_RAWMAX)
				j = i + TAG_RAWMAX + 1;	/* bail above */
			attr_val(h, s + i, j - i);
			i = j;
			if (p != NULL && i < n && s[i] == *p) {
				h->state = S_AFTVALQ;
				i++;
			}
			continue;
		}
		case S_VALUQ:
			if (isws(c)) {
				h->state = S_BEFATTR;
				i++;
			} else if (c == '>') {
				i = tag_close(h, i + 1, 0);
			} else {
				attr_val(h, s + i, 1);
				i++;
			}
			continue;
		case S_AFTVALQ:
			if (c == '/') {
				h->state = S_SELFCLOSE;
				i++;
			} else if (c == '>') {
				i = tag_close(h, i + 1, 0);
			} else
				h->state = S_BEFATTR;
			continue;
		case S_SELFCLOSE:
			if (c == '>') {
				i = tag_close(h, i + 1, 1);
			} else
				h->state = S_BEFATTR;
			continue;
		case S_COMMENT: {
			const unsigned char *p;
			size_t j;

			p = memchr(s + i, '>', n - i);
			if (p == NULL) {
				i = n;
				continue;
			}
			j = (size_t)(p - s);
			i = j + 1;
			if ((j >= h->tagstart + 2 && s[j - 1] == '-' &&
			    s[j - 2] == '-') || (j >= h->tagstart + 3 &&
			    s[j - 1] == '!' && s[j - 2] == '-' &&
			    s[j - 3] == '-'))
				h->state = S_DATA;
			continue;
		}
		case S_BOGUS: {
			const unsigned char *p = memchr(s + i, '>', n - i);

			if (p == NULL) {
				i = n;
				continue;
			}
			i = (size_t)(p - s) + 1;
			h->state = S_DATA;
			continue;
		}
		}
	}
	/* A tag goes on in the next line: text mode keeps its bytes. */
	if (!h->doc && tagstate(h->state)) {
		size_t k = n - h->tagstart;

		if (h->rawn + k > TAG_RAWMAX) {
			i = bail(h);
			if (i < n)
				feed(h, s + i, n - i);
			return;
		}
		memcpy(h->raw + h->rawn, s + h->tagstart, k);
		h->rawn += k;
	}
	h->tagstart = 0;
}

/* The end of the document: what an unfinished token leaves. */
static void
finish(struct html *h)
{
	while (!h->doc && tagstate(h->state) && h->state != S_TAGOPEN &&
	    h->state != S_ENDTAGOPEN) {
		size_t i = bail(h);

		(void)i;	/* nothing follows the end */
	}
	if (h->state == S_TAGOPEN)
		put(h, (const unsigned char *)"<", 1);
	else if (h->state == S_ENDTAGOPEN)
		put(h, (const unsigned char *)"</", 2);
	h->state = S_DATA;
	brk(h);
}

/*
 * Counts what decides the mode in s[0..n): signs of a whole page, block
 * tags and lines.
 */
struct sniff {
	int page;
	int first;		/* the first element was seen */
	int feed;		/* and it starts an RSS or Atom feed */
	size_t blocks, lines, seen;
};

static void
sniff(struct sniff *sn, const unsigned char *s, size_t n)
{
	static const char *const sigs[] = {
		"!doctype", "html", "body", "head"
	};
	static const char *const feeds[] = {
		"rss", "feed", "rdf:rdf", "channel", "item", "entry"
	};
	static const char *const blocks[] = {
		"p", "div", "li", "tr", "td", "table", "ul", "ol", "br", "h1",
		"h2", "h3", "h4", "section", "article", "blockquote", "/p",
		"/div", "/li", "/h1", "/h2", "/h3"
	};
	const unsigned char *p, *end = s + n;
	size_t k, m;

	sn->seen += n;
	for (p = s; p < end; p++) {
		if (*p == '\n') {
			sn->lines++;
			continue;
		}
		if (*p != '<')
			continue;
		if (!sn->first && p + 1 < end && isalpha_(p[1])) {
			sn->first = 1;
			for (k = 0; k < sizeof(feeds) / sizeof(feeds[0]); k++) {
				m = strlen(feeds[k]);
				if (prefix(p + 1, end - p - 1, feeds[k]) &&
				    p + 1 + m < end && (isws(p[1 + m]) ||
				    p[1 + m] == '>'))
					sn->feed = 1;
			}
		}
		for (k = 0; k < sizeof(sigs) / sizeof(sigs[0]); k++) {
			m = strlen(sigs[k]);
			if (prefix(p + 1, end - p - 1, sigs[k]) &&
			    (p + 1 + m >= end || !isalpha_(p[1 + m])))
				sn->page = 1;
		}
		for (k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++) {
			m = strlen(blocks[k]);
			if (prefix(p + 1, end - p - 1, blocks[k]) &&
			    p + 1 + m < end && (isws(p[1 + m]) ||
			    p[1 + m] == '>' || p[1 + m] == '/'))
				sn->blocks++;
		}
	}
}

static int
sniff_doc(const struct sniff *sn)
{
	return sn->page || (sn->blocks >= 3 && sn->blocks > sn->lines);
}

/*
 * Feeds one line, with its '\n' when it had one. With -e N the line is
 * first unescaped N - 1 times, so that markup escaped in RSS is markup
 * again; a reference never spans a line.
 */
static void
feed_line(struct html *h, const unsigned char *s, size_t n, int nl)
{
	int l;

	if (h->levels > 1) {
		unsigned char *a, *b, *t;
		size_t m = n;

		grow(&h->lbuf, &h->lbufcap, (2 * n + 1) << (h->levels - 1));
		a = h->lbuf;
		b = h->lbuf + (((2 * n + 1) << (h->levels - 1)) / 2);
		memcpy(a, s, n);
		for (l = 1; l < h->levels; l++) {
			m = entity_decode_all(a, m, b, &h->ents);
			t = a, a = b, b = t;
		}
		if (nl)
			a[m++] = '\n';
		feed(h, a, m);
		return;
	}
	if (nl && n < ((size_t)64 << 10)) {
		grow(&h->lbuf, &h->lbufcap, n + 1);
		memcpy(h->lbuf, s, n);
		h->lbuf[n] = '\n';
		feed(h, h->lbuf, n + 1);
		return;
	}
	feed(h, s, n);
	if (nl)
		feed(h, (const unsigned char *)"\n", 1);
}

/* Feeds the lines held while the mode was being chosen. */
static void
feed_held(struct html *h, const unsigned char *s, size_t n)
{
	const unsigned char *p;
	size_t k;

	while (n > 0) {
		p = memchr(s, '\n', n);
		k = p ? (size_t)(p - s) : n;
		feed_line(h, s, k, p != NULL);
		k += p != NULL;
		s += k;
		n -= k;
	}
}

static void
reset(struct html *h)
{
	h->state = S_DATA;
	h->cdata = 0;
	h->skipnest = 0;
	h->skiphead = 0;
	h->depth = h->overflow = 0;
	h->linkdepth = h->predepth = h->headdepth = h->capdepth = 0;
	h->quotedepth = h->h1depth = 0;
	h->space = h->cell = 0;
	h->curlen = 0;
	h->curchars = h->curlink = 0;
	h->curflags = 0;
	h->curnode = 0;
	h->titlelen = 0;
	h->titledone = 0;
	h->overcap = 0;
	h->rawn = 0;
	h->tagstart = 0;
	h->textlen = 0;
	h->nblocks = 0;
	h->nnodes = 0;
	h->ldlen = 0;
	h->ldjson = 0;
	h->feed = h->fitem = h->fbody = h->finner = 0;
}

/*
 * Extraction is for whole pages: document mode forced with -H, or a page
 * that says it is one. A fragment with many block tags (a body pasted
 * into a field) keeps all its text. Start the element tree.
 */
static void
tree_start(struct html *h, int page)
{
	if (!(h->extract && h->doc && page)) {
		h->nodes = NULL;
		return;
	}
	if (h->treebuf == NULL) {
		h->capnodes = 1024;
		h->treebuf = xmalloc(h->capnodes * sizeof(*h->nodes));
	}
	h->nodes = h->treebuf;
	h->nnodes = 1;
	memset(&h->nodes[0], 0, sizeof(h->nodes[0]));
}

/*
 * Whether raw text never closed holds HTML: a tag of an element HTML
 * knows. In a script, tags written in a string (after a quote, '+', '=',
 * '(' or ',') do not count, and two are needed. Returns where the first
 * such tag starts, or n + 1 when there is none.
 */
static size_t
raw_markup(const struct html *h, const unsigned char *s, size_t n)
{
	char name[TAG_NAMEMAX];
	size_t i, j, k, b, seen = 0, need = h->rawkind == R_SCRIPT ? 2 : 1;
	size_t first = n + 1;
	unsigned props;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] != '<')
			continue;
		j = i + 1 + (s[i + 1] == '/');
		for (k = j; k < n && k - j < TAG_NAMEMAX && (isalpha_(s[k]) ||
		    (k > j && s[k] >= '0' && s[k] <= '9')); k++)
			name[k - j] = (char)lower(s[k]);
		if (k == j || (k < n && !isws(s[k]) && s[k] != '>' &&
		    s[k] != '/'))
			continue;
		if (tag_lookup(name, k - j, &props) == T_OTHER)
			continue;
		if (h->rawkind == R_SCRIPT) {
			for (b = i; b > 0 && isws(s[b - 1]); b--)
				;
			if (b > 0 && memchr("\"'`+=(,", s[b - 1], 7) != NULL)
				continue;
		}
		if (seen == 0)
			first = i;
		if (++seen >= need)
			return first;
	}
	return n + 1;
}

/*
 * The document ended inside raw text (script, style, title, textarea,
 * xmp...): HTML5 would hide all that follows the start tag. When what
 * follows holds HTML, it is read as HTML, as it was meant to be, and
 * that is said; else what is lost is said and the status is RINSE_BAD.
 */
static int
raw_unclosed(struct html *h)
{
	char name[TAG_NAMEMAX + 1];
	unsigned char *buf;
	size_t n, i, ns, at;

	while (rawstate(h->state)) {
		memcpy(name, h->rawname, h->rawlen);
		name[h->rawlen] = '\0';
		if (h->rawover || (at = raw_markup(h, h->rawbuf,
		    h->rawbuflen)) > h->rawbuflen)
			break;
		/* What a textarea or xmp holds is text; a script's is not. */
		if ((h->rawlen == 8 && memcmp(name, "textarea", 8) == 0) ||
		    (h->rawlen == 3 && memcmp(name, "xmp", 3) == 0))
			at = 0;
		warn("%s: <%s> is never closed; what follows it is read as "
		    "HTML", h->name, name);
		/* Taken: what it holds may start raw text again. */
		buf = h->rawbuf;
		n = h->rawbuflen;
		h->rawbuf = NULL;
		h->rawbuflen = h->rawbufcap = 0;
		if (h->rawkind == R_TITLE) {
			for (i = 0; i < h->titlelen && h->titlebuf[i] != '<' &&
			    h->titlebuf[i] != '\n'; i++)
				;
			h->titlelen = i;
			title_end(h);
		}
		h->ldjson = 0;
		h->state = S_DATA;
		feed(h, buf + at, n - at);
		free(buf);
	}
	if (!rawstate(h->state))
		return RINSE_OK;
	for (i = ns = 0; i < h->rawbuflen; i++)
		ns += !isws(h->rawbuf[i]);
	if (h->rawover)
		warn("%s: <%s> is never closed; what follows it (more than "
		    "the -M cap) is not shown", h->name, name);
	else if (ns > 0)
		warn("%s: <%s> is never closed; the %zu bytes after it are "
		    "not shown", h->name, name, h->rawbuflen);
	else
		return RINSE_OK;
	return RINSE_BAD;
}

/* The document ended inside an element dropped with its content. */
static int
skip_unclosed(struct html *h)
{
	if (h->skipnest == 0 || h->skiphead || h->skipchars == 0)
		return RINSE_OK;
	warn("%s: <%.*s> is never closed; the text after it (%llu "
	    "characters) is not shown", h->name, (int)h->skiplen,
	    h->skipname, h->skipchars);
	return RINSE_BAD;
}

/* The mode the sniff chose: a feed, a page, a fragment, or text. */
static void
sniff_mode(struct html *h, const struct sniff *sn)
{
	h->feed = sn->feed;
	h->doc = sn->feed || sniff_doc(sn);
	tree_start(h, sn->page && !sn->feed);
}

static int
html_doc(void *state, struct reader *in, FILE *out)
{
	struct html *h = state;
	struct sniff sn = { 0 };
	unsigned char *pend = NULL;
	size_t plen = 0, pcap = 0;
	const char *line;
	size_t len;
	int rc, status = RINSE_OK;

	h->out = out;
	h->name = reader_name(in);
	whylog_doc(&h->wl, h->name, in->zmode);
	reset(h);
	h->doc = h->mode == 'H' ? 1 : h->mode == 'T' ? 0 : -1;
	if (h->doc >= 0)
		tree_start(h, 1);
	while ((rc = reader_next(in, &line, &len)) == RD_LINE) {
		const unsigned char *s = (const unsigned char *)line;

		if (h->doc < 0) {
			size_t k = len < SNIFFMAX - sn.seen ? len :
			    SNIFFMAX - sn.seen;

			sniff(&sn, s, k);
			if (!sn.page && !sn.feed && sn.seen < SNIFFMAX) {
				grow(&pend, &pcap, plen + len + 1);
				memcpy(pend + plen, s, len);
				plen += len;
				if (in->nl)
					pend[plen++] = '\n';
				continue;
			}
			sniff_mode(h, &sn);
			feed_held(h, pend, plen);
			plen = 0;
		}
		feed_line(h, s, len, in->nl);
	}
	if (rc == RD_ERR)
		status = reader_fail(in);
	if (h->doc < 0) {
		sniff_mode(h, &sn);
		feed_held(h, pend, plen);
	}
	free(pend);
	if (raw_unclosed(h) != RINSE_OK && status == RINSE_OK)
		status = RINSE_BAD;
	/*
	 * HTML5 makes everything after an unclosed "<!--" part of the
	 * comment, as browsers show it: nothing. Text may be lost, so say so.
	 */
	if (h->state == S_COMMENT) {
		warn("%s: a comment opened with \"<!--\" is never closed; "
		    "what follows it is not shown", reader_name(in));
		if (status == RINSE_OK)
			status = RINSE_BAD;
	}
	if (skip_unclosed(h) != RINSE_OK && status == RINSE_OK)
		status = RINSE_BAD;
	finish(h);
	if (h->nodes != NULL)
		extract_doc(h);
	if (h->overcap && status == RINSE_OK)
		status = RINSE_BAD;
	whylog_end(&h->wl);
	/* stage_run() flushes when the next read would wait */
	return status;
}

static void
usage(FILE *fp)
{
	fputs("usage: rinse-html [-hVvzAHkTt] [-e N] [-M SIZE] [--body-only] "
	    "[--explain]\n"
	    "                  [file ...]\n"
	    "  -A       no main-content extraction: every visible block\n"
	    "  -H       the input is a whole page (document mode)\n"
	    "  -T       the input is text with HTML remnants (text mode)\n"
	    "  -e N     decode N levels of escaping, as in RSS (default 1)\n"
	    "  -k       keep what the page marks as furniture (nav, footer...)\n"
	    "  -t       keep the <title> as the first line\n"
	    "  --body-only  leave out headline, byline and captions\n"
	    "  --explain    print each block's score and verdict on stderr\n"
	    "  --explain-log FILE  append what was removed and why to FILE\n",
	    fp);
	common_help(fp);
}

/*
 * Takes the long options out of argv, since getopt(3) knows none;
 * returns the new argc. "--" ends the options as usual.
 */
static int
longopts(struct html *h, int argc, char *argv[])
{
	int i, k = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[k++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--body-only") == 0)
			h->bodyonly = 1;
		else if (strcmp(argv[i], "--explain") == 0)
			h->explain = 1;
		else if (strcmp(argv[i], "--explain-log") == 0) {
			if (i + 1 >= argc)
				die("--explain-log needs a file");
			whylog_open(&h->wl, argv[++i], "html");
		} else if (strncmp(argv[i], "--", 2) == 0 && argv[i][2] != '\0') {
			warn("unknown option %s", argv[i]);
			usage(stderr);
			exit(RINSE_ERR);
		} else
			argv[k++] = argv[i];
	}
	argv[k] = NULL;
	return k;
}

int
main(int argc, char *argv[])
{
	static const char *const keys[] = {
		"bytes_in", "bytes_out", "paras_in", "paras_out", "dropped",
		"tags", "entities", "elements", "invalid", "controls"
	};
	struct common c = { 0 };
	struct html h = { 0 };
	unsigned long long bytes_in, vals[10];
	int ch, status;

	setprogname(argv[0]);
	h.levels = 1;
	h.extract = 1;
	argc = longopts(&h, argc, argv);
	while ((ch = getopt(argc, argv, COMMON_OPTS "AHTe:kt")) != -1) {
		if (common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'A':
			h.extract = 0;
			break;
		case 'H':
		case 'T':
			h.mode = ch;
			break;
		case 'e':
			h.levels = (int)parse_num(optarg, 1, 8, 'e');
			break;
		case 'k':
			h.keep = 1;
			break;
		case 't':
			h.title = 1;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}
	h.max = c.max ? c.max : RD_DEFAULT_MAX;
	h.titlebuf = xmalloc(TITLEMAX);
	status = stage_main(argv + optind, argc - optind, &c, html_doc, &h,
	    &bytes_in);
	if (c.verbose) {
		vals[0] = bytes_in;
		vals[1] = h.bytes_out;
		vals[2] = h.paras_in;
		vals[3] = h.paras_out;
		vals[4] = h.paras_in - h.paras_out;
		vals[5] = h.tags;
		vals[6] = h.ents;
		vals[7] = h.elements;
		vals[8] = h.invalid;
		vals[9] = h.controls;
		stats_print(keys, vals, 10);
	}
	free(h.cur);
	free(h.titlebuf);
	free(h.text);
	free(h.blocks);
	free(h.treebuf);
	free(h.scratch);
	free(h.lbuf);
	free(h.ld);
	free(h.rawbuf);
	free(h.fbuf);
	whylog_close(&h.wl);
	return status;
}
