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
 *
 * This file is the driver: options, the choice of mode from the first
 * 64 KB of a document (a feed, a page, a fragment, text), lines to the
 * tokenizer (tokenize.c), and what an unclosed element or comment leaves
 * at the end of a document (recovered as browsers do, or said, with
 * status 1). The tokenizer hands tags to element.c, text to tree.c.
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

#define SNIFFMAX ((size_t)64 << 10)	/* bytes looked at to choose a mode */

/*
 * Counts what decides the mode in s[0..n): signs of a whole page, block
 * tags and lines; paragraphs, and the kinds of what a page holds around
 * its content and a body pasted into a field does not (scripts and
 * styles, forms and their controls, navigation, a header or footer).
 */
struct sniff {
	int page;
	int first;		/* the first element was seen */
	int feed;		/* and it starts an RSS or Atom feed */
	unsigned shell;		/* bit per kind of shell element seen */
	size_t blocks, lines, seen, paras;
};

/* Whether the tag name at s[0..n) is w: ends there, or a space, > or /. */
static int
tagname(const unsigned char *s, size_t n, const char *w)
{
	size_t m;

	/* One pass: most names differ at their first byte. */
	for (m = 0; w[m] != '\0'; m++)
		if (m >= n || lower(s[m]) != (unsigned char)w[m])
			return 0;
	return m < n && (isws(s[m]) || s[m] == '>' || s[m] == '/');
}

/* The shell elements of a page, one bit per kind: see sniff_page(). */
static unsigned
shell(const unsigned char *s, size_t n)
{
	static const char *const kinds[] = {
		"script", "style", "noscript", "form", "input", "select",
		"button", "nav", "header", "footer", "meta", "link"
	};
	size_t k;

	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (tagname(s, n, kinds[k]))
			return 1u << k;
	return 0;
}

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
	sn->lines += n > 0;	/* s is a line, without its '\n' */
	for (p = s; p < end; p++) {
		p = memchr(p, '<', (size_t)(end - p));
		if (p == NULL)
			break;
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
		for (k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++)
			if (tagname(p + 1, end - p - 1, blocks[k])) {
				sn->blocks++;
				sn->paras += k == 0;
			}
		if (p + 1 < end && isalpha_(p[1]))
			sn->shell |= shell(p + 1, end - p - 1);
	}
}

/*
 * Whether a document is a whole page: it says so (a doctype, <html>,
 * <head> or <body>), or it has lost those tags (a page cut at its head,
 * a server's template) but holds paragraphs and, around them, three
 * kinds of what only a page holds (see struct sniff): a fragment of a
 * body, however long, keeps all its text.
 */
#define SHELL_KINDS 3
#define SHELL_PARAS 3

static int
sniff_page(const struct sniff *sn)
{
	unsigned b = sn->shell;
	int kinds = 0;

	for (; b != 0; b &= b - 1)
		kinds++;
	return sn->page || (kinds >= SHELL_KINDS && sn->paras >= SHELL_PARAS);
}

static int
sniff_doc(const struct sniff *sn)
{
	return sniff_page(sn) || (sn->blocks >= 3 && sn->blocks > sn->lines);
}

/*
 * Feeds one line, with its '\n' when it had one. With -e N the line is
 * first unescaped N - 1 times, so that markup escaped in RSS is markup
 * again; a reference never spans a line.
 */
void
feed_line(struct html *h, const unsigned char *s, size_t n, int nl)
{
	int l;

	if (h->levels > 1) {
		unsigned char *a, *b, *t;
		size_t m = n;

		h->lbuf = xgrow(h->lbuf, &h->lbufcap,
		    (2 * n + 1) << (h->levels - 1), 1);
		a = h->lbuf;
		b = h->lbuf + (((2 * n + 1) << (h->levels - 1)) / 2);
		memcpy(a, s, n);
		for (l = 1; l < h->levels; l++) {
			m = entity_decode_all(a, m, b, &h->ents);
			t = a, a = b, b = t;
		}
		if (nl)
			a[m++] = '\n';
		tokenize(h, a, m);
		return;
	}
	if (nl && n < ((size_t)64 << 10)) {
		h->lbuf = xgrow(h->lbuf, &h->lbufcap, n + 1, 1);
		memcpy(h->lbuf, s, n);
		h->lbuf[n] = '\n';
		if (plain_lines(h, h->lbuf, n + 1) == 0)
			tokenize(h, h->lbuf, n + 1);
		return;
	}
	tokenize(h, s, n);
	if (nl)
		tokenize(h, (const unsigned char *)"\n", 1);
}

/*
 * Feeds the lines held while the mode was being chosen; runs of lines
 * without markup go past the tokenizer (plain_lines()).
 */
static void
feed_held(struct html *h, const unsigned char *s, size_t n)
{
	const unsigned char *p;
	size_t k;

	while (n > 0) {
		k = plain_lines(h, s, n);
		s += k;
		n -= k;
		if (n == 0)
			break;
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
	h->anchordepth = h->headid = h->markdepth = 0;
	h->linkbase = h->linkhead = 0;
	h->quotedepth = h->h1depth = 0;
	h->space = h->cell = 0;
	h->curlen = 0;
	h->curchars = h->curlink = h->curcard = h->curanchor = 0;
	h->curflags = 0;
	h->curnode = 0;
	h->titlelen = 0;
	h->titledone = 0;
	h->overcap = 0;
	h->linecomments = 0;
	h->rawn = 0;
	h->tagstart = 0;
	h->textlen = 0;
	h->nblocks = 0;
	h->nnodes = 0;
	h->ldlen = 0;
	h->ldjson = 0;
	h->pdlen = 0;
	h->pdjson = 0;
	h->pagedata = 0;
	h->pdsrc = NULL;
	h->pdsrclen = 0;
	h->feed = h->fitem = h->fbody = h->finner = 0;
	h->fpart = F_OUT;
	h->fover = 0;
	h->fholdlen[0] = h->fholdlen[1] = h->fholdlen[2] = 0;
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
 * that is said; in text, where such a tag is most often a word of the
 * prose ("the <script> tag") or a crawler's remnant cut short, what
 * follows is read as text, and that is said; else what is lost is said
 * and the status is RINSE_BAD.
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
		if (h->rawover || h->rawbuflen == 0)
			break;	/* nothing follows: nothing to say */
		at = h->doc ? raw_markup(h, h->rawbuf, h->rawbuflen) : 0;
		if (at > h->rawbuflen)
			break;
		/* What a textarea or xmp holds is text; a script's is not. */
		if ((h->rawlen == 8 && memcmp(name, "textarea", 8) == 0) ||
		    (h->rawlen == 3 && memcmp(name, "xmp", 3) == 0))
			at = 0;
		warn("%s: <%s> is never closed; what follows it is read as "
		    "%s", h->name, name, h->doc ? "HTML" : "text");
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
		h->ldjson = h->pdjson = 0;
		h->state = S_DATA;
		tokenize(h, buf + at, n - at);
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
	tree_start(h, sniff_page(sn) && !sn->feed);
}

/*
 * Whether a document whose first line with anything on it is s[0..n)
 * may be JSON records: it opens with '{' and a key (or '}'), or with '['
 * and a value; -1 for a blank line.
 */
static int
jsonish(const unsigned char *s, size_t n)
{
	size_t i = 0;
	unsigned char c;

	while (i < n && isws(s[i]))
		i++;
	if (i == n)
		return -1;
	c = s[i++];
	while (i < n && isws(s[i]))
		i++;
	if (c == '{')
		return i == n || s[i] == '"' || s[i] == '}';
	if (c == '[')
		return i == n || strchr("{[\"-0123456789tfn]", s[i]) != NULL;
	return 0;
}

/* A document held whole that may be JSON: read as records if it is. */
static int
json_mode(struct html *h, const unsigned char *s, size_t n)
{
	h->feed = 0;
	h->doc = 0;
	tree_start(h, 0);
	return json_doc(h, s, n);
}

static int
html_doc(void *state, struct reader *in, FILE *out)
{
	struct html *h = state;
	struct sniff sn = { 0 };
	int json = -1;
	unsigned char *pend = h->pend;
	size_t plen = 0, pcap = h->pendcap;
	const char *line;
	size_t len;
	int rc, status = RINSE_OK;

	h->out = out;
	h->name = reader_name(in);
	whylog_doc(&h->wl, h->name, reader_zmode(in));
	reset(h);
	h->doc = h->mode == 'H' ? 1 : h->mode == 'T' ? 0 : -1;
	if (h->doc >= 0)
		tree_start(h, 1);
	while ((rc = reader_next(in, &line, &len)) == RD_LINE) {
		const unsigned char *s = (const unsigned char *)line;

		h->lineno = reader_lineno(in);
		if (h->doc < 0) {
			size_t k = len < SNIFFMAX - sn.seen ? len :
			    SNIFFMAX - sn.seen;

			sniff(&sn, s, k);
			if (json < 0)
				json = jsonish(s, len);
			if (json > 0 && plen + len + 1 > h->max) {
				warn("%s: line %llu: a JSON document larger "
				    "than %zu bytes (-M) is read as text, not "
				    "as records", h->name,
				    (unsigned long long)h->lineno, h->max);
				json = 0;
			}
			/* Blank lines add nothing to sniff but are held:
			   the cap ends the wait. JSON is held whole. */
			if ((json > 0 || (!sn.page && !sn.feed &&
			    sn.seen < SNIFFMAX)) && plen + len + 1 <= h->max) {
				pend = xgrowmax(pend, &pcap, plen + len + 1, 1,
				    h->max);
				memcpy(pend + plen, s, len);
				plen += len;
				if (reader_nl(in))
					pend[plen++] = '\n';
				continue;
			}
			sniff_mode(h, &sn);
			feed_held(h, pend, plen);
			plen = 0;
		}
		feed_line(h, s, len, reader_nl(in));
	}
	if (rc == RD_ERR)
		status = reader_fail(in);
	if (h->doc < 0 && !(json > 0 && json_mode(h, pend, plen))) {
		sniff_mode(h, &sn);
		feed_held(h, pend, plen);
	}
	/* Kept for the next document unless a JSON document made it big. */
	if (pcap > 2 * SNIFFMAX) {
		free(pend);
		pend = NULL;
		pcap = 0;
	}
	h->pend = pend;
	h->pendcap = pcap;
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
	if (h->linecomments > 0)
		warn("%s: %lu comment%s opened with \"<!--\" not closed on "
		    "%s line: in text %s there", reader_name(in),
		    h->linecomments, h->linecomments == 1 ? "" : "s",
		    h->linecomments == 1 ? "its" : "their",
		    h->linecomments == 1 ? "it ends" : "they end");
	if (skip_unclosed(h) != RINSE_OK && status == RINSE_OK)
		status = RINSE_BAD;
	tokenize_end(h);
	if (h->feed)
		feed_flush(h);	/* an item never closed */
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
	    "  --explain    print every block and why it stays or goes, not "
	    "the text\n"
	    "  --explain-log FILE  append what was removed and why to FILE\n",
	    fp);
	common_help(fp);
}

/* The long options: --body-only, --explain, --explain-log FILE. */
static const struct longopt longs[] = {
	{ "body-only", 0 }, { "explain", 0 }, { "explain-log", 1 }
};

static void
takelong(void *ctx, size_t k, const char *value)
{
	struct html *h = ctx;

	if (k == 0)
		h->bodyonly = 1;
	else if (k == 1)
		h->explain = 1;
	else
		whylog_open(&h->wl, value, "html");
}

/*
 * Makes h, zeroed with its options set, ready for documents held up to
 * max bytes for extraction. main() and the fuzz harness share it;
 * html_free() frees what h holds.
 */
static void
html_init(struct html *h, size_t max)
{
	h->max = max;
	h->plain = 1;
	h->titlebuf = xmalloc(TITLEMAX);
}

static void
html_free(struct html *h)
{
	int k;

	free(h->cur);
	free(h->titlebuf);
	free(h->text);
	free(h->blocks);
	free(h->treebuf);
	free(h->scratch);
	free(h->lbuf);
	free(h->pend);
	free(h->ld);
	free(h->pd);
	free(h->rawbuf);
	free(h->fbuf);
	for (k = 0; k < 3; k++)
		free(h->fhold[k]);
	whylog_close(&h->wl);
}

/* The -v line. */
static const char *const keys[] = {
	"bytes_in", "bytes_out", "paras_in", "paras_out", "dropped",
	"tags", "entities", "elements", "invalid", "controls"
};

static void
counts(const void *state, unsigned long long *vals)
{
	const struct html *h = state;

	vals[1] = h->bytes_out;
	vals[2] = h->paras_in;
	vals[3] = h->paras_out;
	vals[4] = h->paras_in - h->paras_out;
	vals[5] = h->tags;
	vals[6] = h->ents;
	vals[7] = h->elements;
	vals[8] = h->invalid;
	vals[9] = h->controls;
}

static const struct stage stage = {
	html_doc, keys, sizeof(keys) / sizeof(keys[0]), counts, NULL
};

int
main(int argc, char *argv[])
{
	struct common c = { 0 };
	struct html h = { 0 };
	int ch, status;

	setprogname(argv[0]);
	h.levels = 1;
	h.extract = 1;
	argc = longopts(argc, argv, longs, sizeof(longs) / sizeof(longs[0]),
	    takelong, &h, usage);
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
	html_init(&h, c.max ? c.max : RD_DEFAULT_MAX);
	status = stage_main(argv + optind, argc - optind, &c, &stage, &h);
	html_free(&h);
	return status;
}
