/*
 * tags.c: the HTML elements rinse-html knows and what each means to it.
 */
#include <string.h>

#include "html.h"

struct tagdef {
	const char *name;
	int id;
	unsigned props;
};

/* Sorted by name for tag_lookup(). */
static const struct tagdef tagdefs[] = {
	{ "a", T_A, 0 },
	{ "abbr", T_KNOWN, 0 },
	{ "address", T_ADDRESS, TP_BLOCK },
	{ "area", T_KNOWN, TP_VOID },
	{ "article", T_ARTICLE, TP_BLOCK },
	{ "aside", T_ASIDE, TP_BLOCK | TP_FURN },
	{ "audio", T_KNOWN, TP_BLOCK },
	{ "b", T_KNOWN, 0 },
	{ "base", T_KNOWN, TP_VOID },
	{ "bdi", T_KNOWN, 0 },
	{ "bdo", T_KNOWN, 0 },
	{ "big", T_KNOWN, 0 },
	{ "blockquote", T_BLOCKQUOTE, TP_BLOCK },
	{ "body", T_BODY, TP_BLOCK },
	{ "br", T_BR, TP_VOID },
	{ "button", T_BUTTON, TP_FURN },
	{ "canvas", T_KNOWN, TP_BLOCK },
	{ "caption", T_CAPTION, TP_BLOCK },
	{ "center", T_KNOWN, TP_BLOCK },
	{ "cite", T_KNOWN, 0 },
	{ "code", T_KNOWN, 0 },
	{ "col", T_KNOWN, TP_VOID },
	{ "colgroup", T_KNOWN, 0 },
	{ "data", T_KNOWN, 0 },
	{ "datalist", T_KNOWN, TP_DROP },
	{ "dd", T_DD, TP_BLOCK },
	{ "del", T_KNOWN, 0 },
	{ "details", T_KNOWN, TP_BLOCK },
	{ "dfn", T_KNOWN, 0 },
	{ "dialog", T_KNOWN, TP_BLOCK },
	{ "dir", T_KNOWN, TP_BLOCK },
	{ "div", T_DIV, TP_BLOCK },
	{ "dl", T_KNOWN, TP_BLOCK },
	{ "dt", T_DT, TP_BLOCK },
	{ "em", T_KNOWN, 0 },
	{ "embed", T_KNOWN, TP_VOID },
	{ "fieldset", T_KNOWN, TP_BLOCK },
	{ "figcaption", T_FIGCAPTION, TP_BLOCK },
	{ "figure", T_FIGURE, TP_BLOCK },
	{ "font", T_KNOWN, 0 },
	{ "footer", T_FOOTER, TP_BLOCK | TP_FURN },
	{ "form", T_FORM, TP_BLOCK | TP_FURN },
	{ "frame", T_KNOWN, TP_VOID },
	{ "frameset", T_KNOWN, TP_BLOCK },
	{ "h1", T_H1, TP_BLOCK },
	{ "h2", T_H2, TP_BLOCK },
	{ "h3", T_H3, TP_BLOCK },
	{ "h4", T_H4, TP_BLOCK },
	{ "h5", T_H5, TP_BLOCK },
	{ "h6", T_H6, TP_BLOCK },
	{ "head", T_HEAD, TP_DROP },
	{ "header", T_HEADER, TP_BLOCK },
	{ "hgroup", T_KNOWN, TP_BLOCK },
	{ "hr", T_KNOWN, TP_BLOCK | TP_VOID },
	{ "html", T_HTML, TP_BLOCK },
	{ "i", T_KNOWN, 0 },
	{ "iframe", T_IFRAME, TP_RAW },
	{ "img", T_KNOWN, TP_VOID },
	{ "input", T_KNOWN, TP_VOID },
	{ "ins", T_KNOWN, 0 },
	{ "kbd", T_KNOWN, 0 },
	{ "keygen", T_KNOWN, TP_VOID },
	{ "label", T_KNOWN, 0 },
	{ "legend", T_KNOWN, TP_BLOCK },
	{ "li", T_LI, TP_BLOCK },
	{ "link", T_KNOWN, TP_VOID },
	{ "listing", T_PRE, TP_BLOCK },
	{ "main", T_MAIN, TP_BLOCK },
	{ "map", T_KNOWN, 0 },
	{ "mark", T_KNOWN, 0 },
	{ "math", T_MATH, TP_DROP },
	{ "menu", T_KNOWN, TP_BLOCK },
	{ "meta", T_KNOWN, TP_VOID },
	{ "meter", T_KNOWN, 0 },
	{ "nav", T_NAV, TP_BLOCK | TP_FURN },
	{ "noembed", T_KNOWN, TP_RAW },
	{ "noframes", T_KNOWN, TP_RAW },
	{ "noscript", T_NOSCRIPT, TP_RAW },
	{ "object", T_OBJECT, TP_DROP },
	{ "ol", T_OL, TP_BLOCK },
	{ "optgroup", T_KNOWN, TP_BLOCK },
	{ "option", T_KNOWN, TP_BLOCK },
	{ "output", T_KNOWN, 0 },
	{ "p", T_P, TP_BLOCK },
	{ "param", T_KNOWN, TP_VOID },
	{ "picture", T_KNOWN, 0 },
	{ "pre", T_PRE, TP_BLOCK },
	{ "progress", T_KNOWN, 0 },
	{ "q", T_KNOWN, 0 },
	{ "rp", T_KNOWN, 0 },
	{ "rt", T_KNOWN, 0 },
	{ "ruby", T_KNOWN, 0 },
	{ "s", T_KNOWN, 0 },
	{ "samp", T_KNOWN, 0 },
	{ "script", T_SCRIPT, TP_RAW },
	{ "section", T_SECTION, TP_BLOCK },
	{ "select", T_SELECT, TP_DROP },
	{ "small", T_KNOWN, 0 },
	{ "source", T_KNOWN, TP_VOID },
	{ "span", T_KNOWN, 0 },
	{ "strike", T_KNOWN, 0 },
	{ "strong", T_KNOWN, 0 },
	{ "style", T_STYLE, TP_RAW },
	{ "sub", T_KNOWN, 0 },
	{ "summary", T_KNOWN, TP_BLOCK },
	{ "sup", T_KNOWN, 0 },
	{ "svg", T_SVG, TP_DROP },
	{ "table", T_TABLE, TP_BLOCK },
	{ "tbody", T_KNOWN, TP_BLOCK },
	{ "td", T_TD, TP_CELL },
	{ "template", T_TEMPLATE, TP_DROP },
	{ "textarea", T_TEXTAREA, 0 },
	{ "tfoot", T_KNOWN, TP_BLOCK },
	{ "th", T_TH, TP_CELL },
	{ "thead", T_KNOWN, TP_BLOCK },
	{ "time", T_TIME, 0 },
	{ "title", T_TITLE, 0 },
	{ "tr", T_TR, TP_BLOCK },
	{ "track", T_KNOWN, TP_VOID },
	{ "tt", T_KNOWN, 0 },
	{ "u", T_KNOWN, 0 },
	{ "ul", T_UL, TP_BLOCK },
	{ "var", T_KNOWN, 0 },
	{ "video", T_KNOWN, TP_BLOCK },
	{ "wbr", T_KNOWN, TP_VOID },
	{ "xmp", T_KNOWN, TP_RAW }
};

int
tag_lookup(const char *name, size_t len, unsigned *props)
{
	size_t lo = 0, hi = sizeof(tagdefs) / sizeof(tagdefs[0]), mid, m;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		m = strlen(tagdefs[mid].name);
		c = memcmp(tagdefs[mid].name, name, m < len ? m : len);
		if (c == 0)
			c = m < len ? -1 : m > len;
		if (c == 0) {
			*props = tagdefs[mid].props;
			return tagdefs[mid].id;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*props = 0;
	return T_OTHER;
}
