/*
 * tags.c: the HTML elements rinse-html knows and what each means to it,
 * and what is asked of the tag just read: its name, its attributes.
 */
#include <string.h>

#include "html.h"

struct tagdef {
	const char *name;
	unsigned char len;
	unsigned char id;
	unsigned char props;
};

/* Sorted by name for tag_lookup(). */
static const struct tagdef tagdefs[] = {
	{ "a", 1, T_A, 0 },
	{ "abbr", 4, T_KNOWN, 0 },
	{ "address", 7, T_ADDRESS, TP_BLOCK },
	{ "area", 4, T_KNOWN, TP_VOID },
	{ "article", 7, T_ARTICLE, TP_BLOCK },
	{ "aside", 5, T_ASIDE, TP_BLOCK | TP_FURN },
	{ "audio", 5, T_KNOWN, TP_BLOCK },
	{ "b", 1, T_KNOWN, 0 },
	{ "base", 4, T_KNOWN, TP_VOID },
	{ "bdi", 3, T_KNOWN, 0 },
	{ "bdo", 3, T_KNOWN, 0 },
	{ "big", 3, T_KNOWN, 0 },
	{ "blockquote", 10, T_BLOCKQUOTE, TP_BLOCK },
	{ "body", 4, T_BODY, TP_BLOCK },
	{ "br", 2, T_BR, TP_VOID },
	{ "button", 6, T_BUTTON, TP_FURN },
	{ "canvas", 6, T_KNOWN, TP_BLOCK },
	{ "caption", 7, T_CAPTION, TP_BLOCK },
	{ "center", 6, T_KNOWN, TP_BLOCK },
	{ "cite", 4, T_KNOWN, 0 },
	{ "code", 4, T_KNOWN, 0 },
	{ "col", 3, T_KNOWN, TP_VOID },
	{ "colgroup", 8, T_KNOWN, 0 },
	{ "data", 4, T_KNOWN, 0 },
	{ "datalist", 8, T_KNOWN, TP_DROP },
	{ "dd", 2, T_DD, TP_BLOCK },
	{ "del", 3, T_KNOWN, 0 },
	{ "details", 7, T_KNOWN, TP_BLOCK },
	{ "dfn", 3, T_KNOWN, 0 },
	{ "dialog", 6, T_KNOWN, TP_BLOCK },
	{ "dir", 3, T_KNOWN, TP_BLOCK },
	{ "div", 3, T_DIV, TP_BLOCK },
	{ "dl", 2, T_KNOWN, TP_BLOCK },
	{ "dt", 2, T_DT, TP_BLOCK },
	{ "em", 2, T_KNOWN, 0 },
	{ "embed", 5, T_KNOWN, TP_VOID },
	{ "fieldset", 8, T_KNOWN, TP_BLOCK },
	{ "figcaption", 10, T_FIGCAPTION, TP_BLOCK },
	{ "figure", 6, T_FIGURE, TP_BLOCK },
	{ "font", 4, T_KNOWN, 0 },
	{ "footer", 6, T_FOOTER, TP_BLOCK | TP_FURN },
	{ "form", 4, T_FORM, TP_BLOCK | TP_FURN },
	{ "frame", 5, T_KNOWN, TP_VOID },
	{ "frameset", 8, T_KNOWN, TP_BLOCK },
	{ "h1", 2, T_H1, TP_BLOCK },
	{ "h2", 2, T_H2, TP_BLOCK },
	{ "h3", 2, T_H3, TP_BLOCK },
	{ "h4", 2, T_H4, TP_BLOCK },
	{ "h5", 2, T_H5, TP_BLOCK },
	{ "h6", 2, T_H6, TP_BLOCK },
	{ "head", 4, T_HEAD, TP_DROP },
	{ "header", 6, T_HEADER, TP_BLOCK },
	{ "hgroup", 6, T_KNOWN, TP_BLOCK },
	{ "hr", 2, T_KNOWN, TP_BLOCK | TP_VOID },
	{ "html", 4, T_HTML, TP_BLOCK },
	{ "i", 1, T_KNOWN, 0 },
	{ "iframe", 6, T_IFRAME, TP_RAW },
	{ "img", 3, T_KNOWN, TP_VOID },
	{ "input", 5, T_KNOWN, TP_VOID },
	{ "ins", 3, T_KNOWN, 0 },
	{ "kbd", 3, T_KNOWN, 0 },
	{ "keygen", 6, T_KNOWN, TP_VOID },
	{ "label", 5, T_KNOWN, 0 },
	{ "legend", 6, T_KNOWN, TP_BLOCK },
	{ "li", 2, T_LI, TP_BLOCK },
	{ "link", 4, T_KNOWN, TP_VOID },
	{ "listing", 7, T_PRE, TP_BLOCK },
	{ "main", 4, T_MAIN, TP_BLOCK },
	{ "map", 3, T_KNOWN, 0 },
	{ "mark", 4, T_KNOWN, 0 },
	{ "math", 4, T_MATH, TP_DROP },
	{ "menu", 4, T_KNOWN, TP_BLOCK },
	{ "meta", 4, T_KNOWN, TP_VOID },
	{ "meter", 5, T_KNOWN, 0 },
	{ "nav", 3, T_NAV, TP_BLOCK | TP_FURN },
	{ "noembed", 7, T_KNOWN, TP_RAW },
	{ "noframes", 8, T_KNOWN, TP_RAW },
	{ "noscript", 8, T_NOSCRIPT, TP_RAW },
	{ "object", 6, T_OBJECT, TP_DROP },
	{ "ol", 2, T_OL, TP_BLOCK },
	{ "optgroup", 8, T_KNOWN, TP_BLOCK },
	{ "option", 6, T_KNOWN, TP_BLOCK },
	{ "output", 6, T_KNOWN, 0 },
	{ "p", 1, T_P, TP_BLOCK },
	{ "param", 5, T_KNOWN, TP_VOID },
	{ "picture", 7, T_KNOWN, 0 },
	{ "pre", 3, T_PRE, TP_BLOCK },
	{ "progress", 8, T_KNOWN, 0 },
	{ "q", 1, T_KNOWN, 0 },
	{ "rp", 2, T_KNOWN, 0 },
	{ "rt", 2, T_KNOWN, 0 },
	{ "ruby", 4, T_KNOWN, 0 },
	{ "s", 1, T_KNOWN, 0 },
	{ "samp", 4, T_KNOWN, 0 },
	{ "script", 6, T_SCRIPT, TP_RAW },
	{ "section", 7, T_SECTION, TP_BLOCK },
	{ "select", 6, T_SELECT, TP_DROP },
	{ "small", 5, T_KNOWN, 0 },
	{ "source", 6, T_KNOWN, TP_VOID },
	{ "span", 4, T_KNOWN, 0 },
	{ "strike", 6, T_KNOWN, 0 },
	{ "strong", 6, T_KNOWN, 0 },
	{ "style", 5, T_STYLE, TP_RAW },
	{ "sub", 3, T_KNOWN, 0 },
	{ "summary", 7, T_KNOWN, TP_BLOCK },
	{ "sup", 3, T_KNOWN, 0 },
	{ "svg", 3, T_SVG, TP_DROP },
	{ "table", 5, T_TABLE, TP_BLOCK },
	{ "tbody", 5, T_KNOWN, TP_BLOCK },
	{ "td", 2, T_TD, TP_CELL },
	{ "template", 8, T_TEMPLATE, TP_DROP },
	{ "textarea", 8, T_TEXTAREA, 0 },
	{ "tfoot", 5, T_KNOWN, TP_BLOCK },
	{ "th", 2, T_TH, TP_CELL },
	{ "thead", 5, T_KNOWN, TP_BLOCK },
	{ "time", 4, T_TIME, 0 },
	{ "title", 5, T_TITLE, 0 },
	{ "tr", 2, T_TR, TP_BLOCK },
	{ "track", 5, T_KNOWN, TP_VOID },
	{ "tt", 2, T_KNOWN, 0 },
	{ "u", 1, T_KNOWN, 0 },
	{ "ul", 2, T_UL, TP_BLOCK },
	{ "var", 3, T_KNOWN, 0 },
	{ "video", 5, T_KNOWN, TP_BLOCK },
	{ "wbr", 3, T_KNOWN, TP_VOID },
	{ "xmp", 3, T_KNOWN, TP_RAW }
};

int
tag_lookup(const char *name, size_t len, unsigned *props)
{
	size_t lo = 0, hi = sizeof(tagdefs) / sizeof(tagdefs[0]), mid, m;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		m = tagdefs[mid].len;
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

/* Whether s[0..n) starts with the lower-case ASCII word w, any case. */
int
prefix(const unsigned char *s, size_t n, const char *w)
{
	size_t i;

	for (i = 0; w[i] != '\0'; i++)
		if (i >= n || lower(s[i]) != (unsigned char)w[i])
			return 0;
	return 1;
}

/* Whether s[0..n) contains the lower-case word w, any case. */
int
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
int
attr_has(const struct tag *t, int a, const char *w)
{
	return (t->has & (1u << a)) && contains(t->val[a], t->vlen[a], w);
}

/* See html.h. */
uint32_t
attr_hash(const char *s, size_t n)
{
	uint32_t v = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++)
		v = (v ^ (unsigned char)s[i]) * 16777619u;
	return v | 1;
}

/* Whether the tag just read is named w. */
int
named(const struct tag *t, const char *w)
{
	return t->nlen == strlen(w) && memcmp(t->name, w, t->nlen) == 0;
}
