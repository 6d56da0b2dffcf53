/*
 * dropped.c: what rinse-html's main-content extraction left out, for
 * the why-dropped log (--explain-log, include/rinse/whylog.h).
 *
 * Contract: one line for each block of a page that extraction did not
 * keep: "html:nav", "html:aside", "html:footer" or "html:form" when it
 * lies in such an element, else "html:" and extraction's verdict
 * ("outside" the content, "hidden", "furniture" by class or id, "links",
 * "body-only"), or "html:not-kept". Nothing here changes what is kept.
 */
#include <string.h>

#include "html.h"

void
html_whylog(struct html *h, const struct block *b, const char *why)
{
	static const struct { int tag; const char *why; } furn[] = {
		{ T_NAV, "html:nav" }, { T_ASIDE, "html:aside" },
		{ T_FOOTER, "html:footer" }, { T_FORM, "html:form" }
	};
	char buf[48];
	const char *w = NULL;
	uint32_t p;
	size_t k;

	for (p = b->node; w == NULL; p = h->nodes[p].parent) {
		for (k = 0; k < sizeof(furn) / sizeof(furn[0]); k++)
			if (h->nodes[p].tag == furn[k].tag)
				w = furn[k].why;
		if (p == 0)
			break;
	}
	if (w == NULL) {
		snprintf(buf, sizeof(buf), "html:%s", why ? why : "not-kept");
		w = buf;
	}
	whylog_put(&h->wl, w, strlen(w), (const char *)h->text + b->off,
	    b->len);
}
