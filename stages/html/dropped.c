/*
 * dropped.c: what rinse-html's main-content extraction left out, for
 * the why-dropped log (--explain-log, include/rinse/whylog.h).
 *
 * Contract: one line for each block of a page that extraction did not
 * keep: "html:nav", "html:aside", "html:footer" or "html:form" when it
 * lies in such an element, else "html:" and extraction's verdict
 * ("outside" the content, "hidden", "furniture" by class or id, "links",
 * "body-only"), or "html:not-kept". --explain names a dropped block the
 * same way. Nothing here changes what is kept.
 */
#include <stdio.h>
#include <string.h>

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

void
html_whylog(struct html *h, const struct block *b, const char *why)
{
	char buf[HTML_WHYMAX];
	const char *w = html_dropwhy(h, b, why, buf);

	whylog_put(&h->wl, w, strlen(w), (const char *)h->text + b->off,
	    b->len);
}
