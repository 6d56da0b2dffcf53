/*
 * dropped.c: what rinse-html's main-content extraction left out, for
 * the why-dropped log (--explain-log, include/rinse/whylog.h), and the
 * lines of --explain, which name a dropped block the same way.
 *
 * Contract: one line for each block of a page that extraction did not
 * keep: "html:nav", "html:aside", "html:footer" or "html:form" when it
 * lies in such an element, else "html:" and extraction's verdict
 * ("outside" the content, "hidden", "furniture" by class or id, "links",
 * "body-only", "comments" after a comment thread's heading, "teasers"
 * in a list of other stories or its heading), or
 * "html:not-kept". --explain prints every block instead
 * of the text: a dropped one as the log does, a kept one with WHY "keep"
 * (html_emit()'s lines too), and notes: the block's element and counts
 * ("node=16 chars=116 links=0") and why it stays ("content", "headline",
 * "deck", "title"); outside extraction, how the document was read
 * ("text", "all" for every visible block, "feed", "over-cap"). Text is
 * written as html_emit() would, invalid UTF-8 as U+FFFD. Nothing here
 * changes what is kept.
 */
#include <stdio.h>
#include <string.h>

#include <rinse/utf8.h>
#include <rinse/util.h>

#include "html.h"

const char *
html_dropwhy(const struct html *h, const struct block *b, const char *why,
    char buf[HTML_WHYMAX])
{
	static const struct { int tag; const char *why; } furn[] = {
		{ T_NAV, "html:nav" }, { T_ASIDE, "html:aside" },
		{ T_FOOTER, "html:footer" }, { T_FORM, "html:form" }
	};
	uint32_t p;
	size_t k;

	for (p = b->node;; p = h->nodes[p].parent) {
		for (k = 0; k < sizeof(furn) / sizeof(furn[0]); k++)
			if (h->nodes[p].tag == furn[k].tag)
				return furn[k].why;
		if (p == 0)
			break;
	}
	snprintf(buf, HTML_WHYMAX, "html:%s", why ? why : "not-kept");
	return buf;
}

/*
 * Block b's text, invalid UTF-8 replaced as html_emit() does (and
 * counted as written when the block is kept).
 */
static const char *
text(struct html *h, const struct block *b, size_t *n)
{
	const unsigned char *s = h->text + b->off;
	unsigned long long dummy = 0;

	*n = b->len;
	if (utf8_valid(s, b->len) == b->len)
		return (const char *)s;
	h->scratch = xgrow(h->scratch, &h->scratchcap, 3 * b->len, 1);
	*n = utf8_sanitize(s, b->len, h->scratch, b->flags & K_KEEP ?
	    &h->invalid : &dummy);
	return (const char *)h->scratch;
}

void
html_whylog(struct html *h, const struct block *b, const char *why)
{
	char buf[HTML_WHYMAX];
	const char *w = html_dropwhy(h, b, why, buf), *s;
	size_t n;

	s = text(h, b, &n);
	whylog_put(&h->wl, w, strlen(w), s, n);
}

void
html_explain(struct html *h, const struct block *b, const char *why)
{
	char buf[HTML_WHYMAX], note[96];
	const char *w = "keep", *s;
	size_t n;

	if (b->flags & K_KEEP)
		why = b->flags & K_HEAD ? "headline" : b->flags & K_DECK ?
		    "deck" : b->flags & B_TITLE ? "title" : "content";
	else
		w = html_dropwhy(h, b, why, buf);
	snprintf(note, sizeof(note), "node=%u chars=%u links=%u%s%s", b->node,
	    b->chars, b->linkchars, b->flags & K_KEEP ? " " : "",
	    b->flags & K_KEEP ? why : "");
	s = text(h, b, &n);
	if (b->flags & K_KEEP)
		h->paras_out++;
	h->bytes_out += whylog_explain(&h->wl, h->out, "html", w, strlen(w),
	    s, n, note);
}

void
html_explain_text(struct html *h, const unsigned char *s, size_t n)
{
	const char *note = h->xnote ? h->xnote : h->pagedata ? "page-data" :
	    h->feed ? "feed" :
	    h->overcap ? "over-cap" : !h->doc ? "text" : "all";

	h->xnote = NULL;
	h->paras_out++;
	h->bytes_out += whylog_explain(&h->wl, h->out, "html", "keep", 4,
	    (const char *)s, n, note);
}
