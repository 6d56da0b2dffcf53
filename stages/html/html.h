/*
 * html.h: what the files of rinse-html share: the entity table, the
 * state of one run, and the entry points of each file: the driver
 * (html.c: options, modes, one document), the tokenizer (tokenize.c),
 * what a tag does (element.c), blocks and the element stack (tree.c),
 * feeds (feed.c), the tags known (tags.c), character references
 * (entity.c, entities.c), main-content extraction (extract.c), the
 * comment threads cut from it (thread.c), the cards of listings
 * (cards.c) and the lists of other stories (teasers.c).
 */
#ifndef RINSE_HTML_H
#define RINSE_HTML_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <rinse/whylog.h>

/* One HTML5 named character reference; name includes any ';'. */
struct entity {
	const char *name;
	unsigned char nlen;
	const char *val;	/* UTF-8, one or two code points */
	unsigned char vlen;
};

extern const struct entity entities[];
extern const size_t nentities;

/*
 * Decodes the character reference at s[0] == '&' (n bytes available) the
 * way HTML5 does in text: named (with the legacy semicolon-less names),
 * decimal and hex. On success writes the UTF-8 result to out (at most 8
 * bytes) and returns its length, with *used the bytes of s consumed;
 * returns 0 when s does not start a reference, which stays as text.
 */
size_t entity_decode(const unsigned char *s, size_t n, unsigned char *out,
    size_t *used);

/*
 * Decodes every reference in s[0..n) into out (at least 2 * n bytes: no
 * reference decodes to more than twice its length); returns the length
 * and adds the references decoded to *count.
 */
size_t entity_decode_all(const unsigned char *s, size_t n,
    unsigned char *out, unsigned long long *count);

/* Attributes the stage looks at; the rest are skipped unread. */
enum {
	A_CLASS, A_ID, A_ROLE, A_STYLE, A_ITEMPROP, A_ARIA_HIDDEN, A_HIDDEN,
	A_TYPE, A_HREF, A_NATTR
};

#define TAG_NAMEMAX 32		/* longer names are compared by prefix */
#define TAG_VALMAX 256		/* longer values are cut for matching */
#define TAG_RAWMAX 1024		/* text mode: a tag longer is text */

/* The tag being read. */
struct tag {
	char name[TAG_NAMEMAX];
	size_t nlen;
	int end;		/* an end tag */
	char an[TAG_NAMEMAX];	/* the attribute name being read */
	size_t anlen;
	int cur;		/* index of the value being read, or -1 */
	char val[A_NATTR][TAG_VALMAX];
	size_t vlen[A_NATTR];
	unsigned has;		/* bit per attribute present */
	unsigned nattr, nvals;	/* attributes, and those with a value */
};

/* One block of text of a document held for extraction. */
struct block {
	size_t off, len;	/* bytes in h->text */
	uint32_t node;		/* innermost block element around it */
	uint32_t chars;		/* characters that are not space */
	uint32_t linkchars;	/* of those, inside <a> */
	unsigned flags;		/* B_* */
};

enum {
	B_HEADING = 1 << 0,	/* h1..h6 */
	B_H1 = 1 << 1,		/* h1: the headline, if before the content */
	B_CAPTION = 1 << 3,	/* figcaption, caption, or a small element
				   with a caption-like class */
	B_PRE = 1 << 4,
	B_TITLE = 1 << 5,	/* the <title>, for -t: always kept */
	B_BYLINE = 1 << 7,	/* a small byline-like element or <header> */
	B_QUOTE = 1 << 8	/* inside <blockquote> */
};

/* One element of a document held for extraction. */
struct node {
	uint32_t parent;	/* 0 for the root */
	uint16_t tag;
	int16_t classw;		/* class/id/role vocabulary weight */
	uint8_t negw;		/* 1 + the furniture word that set classw */
	unsigned flags;		/* N_* */
	uint32_t chars, linkchars, nblocks;	/* text under it */
	uint32_t wide;		/* of chars, CJK and Hangul: widechars() */
	uint32_t good;		/* some block of prose scored for it */
	uint32_t cls;		/* hash of the class attribute, 0 if none */
	uint32_t cls1;		/* hash of its first word, 0 if none */
	uint32_t kids;		/* elements right inside it */
	double score;
};

enum {
	N_ARTICLE = 1 << 0,	/* <article> */
	N_BODYPROP = 1 << 1,	/* itemprop=articleBody and similar */
	N_MAIN = 1 << 2,	/* <main> or role=main */
	N_BAD = 1 << 3,		/* class/id says furniture */
	N_CAPTION = 1 << 4,	/* class/id says caption or credit */
	N_BYLINE = 1 << 5,	/* class/id says byline, author, date */
	N_HIDDEN = 1 << 6,	/* furniture by name or hidden: dropped unless
				   nothing else is left */
	N_HASBODY = 1 << 7,	/* holds an N_BODYPROP element */
	N_HEADLINE = 1 << 8,	/* itemprop=headline, or a title class */
	N_FIRM = 1 << 9,	/* comments, replies, related: see best() */
	N_EMBED = 1 << 10,	/* a post embedded from a social network */
	N_CARD = 1 << 11,	/* one of a run of records: see cards() */
	N_TALK = 1 << 12	/* N_FIRM for what readers write (comments,
				   reviews), not for what is elsewhere */
};

/* An entry of the stack of open elements. */
struct open {
	uint16_t tag;
	uint8_t anchor;		/* <a>: its heading's own anchor */
	uint8_t mark;		/* <a>: in a heading, to a place on the page */
	uint32_t node;
	unsigned linkbase;	/* <p>: h->linkbase before it opened */
};

#define STACK_MAX 512

struct html {
	/* Options. */
	int mode;		/* 0 auto, 'H' document, 'T' text */
	int title;		/* -t */
	int keep;		/* -k */
	int levels;		/* -e */
	int extract;		/* main content; -A clears it */
	int bodyonly;		/* --body-only */
	int explain;		/* --explain */
	int plain;		/* plain_lines() may copy lines past the
				   tokenizer; off, every line goes through
				   it (the unit test runs both ways) */
	const char *xnote;	/* its note for the next html_emit() */
	struct whylog wl;	/* --explain-log: what was removed, and why */
	size_t max;		/* -M */
	FILE *out;
	const char *name;	/* document's file name, for messages */
	unsigned long long lineno;	/* of the line being read, for them */

	/* Per document. */
	int doc;		/* document mode (else text mode) */
	int feed;		/* an RSS or Atom feed: see feed_tag() */
	int fitem;		/* inside an item or entry */
	int fbody;		/* inside its title or body: escaped HTML */
	int finner;		/* reading what was unescaped */
	unsigned char *fbuf;	/* the unescaped text */
	size_t fbufcap;
	int fpart;		/* the part of an item being read: F_* */
	int fover;		/* the item passed the cap: it streams */
	unsigned char *fhold[3];	/* its lines held, by part */
	size_t fholdlen[3], fholdcap[3];
	int state;		/* tokenizer state */
	int cdata;		/* inside <![CDATA[ */
	struct tag tag;
	char rawname[TAG_NAMEMAX];	/* element whose raw text is read */
	size_t rawlen;
	int rawkind;		/* what raw text is for: R_* */
	unsigned char raw[TAG_RAWMAX];	/* text mode: the tag's bytes */
	size_t rawn;		/* of them, in lines before this one */
	size_t tagstart;	/* where the tag began in this line */
	char skipname[TAG_NAMEMAX];	/* element dropped with its content */
	size_t skiplen;
	unsigned long skipnest;
	int skiphead;
	int skipfurn;		/* the skip is furniture: a <main> ends it */
	unsigned long long skipchars;	/* text bytes dropped in the skip */
	/*
	 * The bytes of the raw text being read, kept (up to the -M cap) so
	 * that an element never closed can be read again as HTML at the end.
	 */
	unsigned char *rawbuf;
	size_t rawbuflen, rawbufcap;
	int rawover;		/* the raw text passed the cap */
	unsigned long linecomments;	/* in text, comments never closed on
				   their line: a crawler's remnant ends
				   there, not the document */
	struct open stack[STACK_MAX];
	size_t depth, overflow;
	unsigned linkdepth, predepth, headdepth, capdepth, quotedepth;
	unsigned anchordepth;	/* a heading's own anchors open (see
				   push()) */
	uint32_t headid;	/* the hash of the open heading's id, or 0 */
	unsigned markdepth;	/* links from a heading to a place on the
				   page open: their "#" or "¶" is no text */
	unsigned linkbase;	/* links open around the innermost <p>: its
				   text, when a paragraph of prose, is not
				   a link's (a card): see block_end() */
	int linkhead;		/* the open link holds a heading: a card's
				   title, so its paragraphs are its snippet */
	unsigned h1depth;
	int space;		/* a space is pending before the next text */
	int cell;		/* a cell separator is pending */
	unsigned long long cellparas;	/* paras_in when the last cell
					   opened (see open_element()) */
	unsigned char *cur;	/* the block being built */
	size_t curlen, curcap;
	uint32_t curchars, curlink, curcard, curanchor;
	unsigned curflags;
	uint32_t curnode;
	unsigned char *titlebuf;
	size_t titlelen;
	int titledone;
	int overcap;		/* the held page passed the cap */

	/* Held document for extraction. */
	unsigned char *text;
	size_t textlen, textcap;
	struct block *blocks;
	size_t nblocks, capblocks;
	struct node *nodes;	/* NULL when not extracting */
	size_t nnodes, capnodes;
	struct node *treebuf;	/* what nodes points to, kept between
				   documents */

	/* JSON-LD scripts of the page, for their articleBody. */
	int ldjson;		/* reading one */
	unsigned char *ld;
	size_t ldlen, ldcap;
	/* Its <script type="application/json"> data (pagedata.c). */
	int pdjson;		/* reading one */
	unsigned char *pd;
	size_t pdlen, pdcap;
	int pagedata;		/* writing text read from them */
	const unsigned char *pdsrc;	/* the data pagedata_wanted() chose */
	size_t pdsrclen;

	/* Scratch buffers. */
	unsigned char *scratch;
	size_t scratchcap;
	unsigned char *lbuf;	/* a line and its '\n' for the tokenizer */
	size_t lbufcap;
	unsigned char *pend;	/* the lines held while the mode is chosen */
	size_t pendcap;

	/* Counts for -v. */
	unsigned long long bytes_out, paras_in, paras_out, tags, ents,
	    elements, invalid, controls;
};

/* The parts of a feed's item: held until it ends, see feed_flush(). */
enum { F_OUT, F_TITLE, F_SUMMARY, F_FULL };

enum { R_DROP, R_SCRIPT, R_TITLE };	/* what raw text is read for */

/* The tags the stage knows; T_OTHER for the rest. */
enum {
	T_OTHER, T_A, T_ARTICLE, T_ASIDE, T_BLOCKQUOTE, T_BODY, T_BR,
	T_BUTTON, T_CAPTION, T_DD, T_DIV, T_DT, T_FIGCAPTION, T_FIGURE,
	T_FOOTER, T_FORM, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_HEAD,
	T_HEADER, T_HTML, T_LI, T_MAIN, T_NAV, T_OL, T_P, T_PRE, T_SCRIPT,
	T_SECTION, T_TABLE, T_TD, T_TH, T_TITLE, T_TR, T_UL, T_TEXTAREA,
	T_TEMPLATE, T_SVG, T_MATH, T_OBJECT, T_SELECT, T_NOSCRIPT, T_STYLE,
	T_IFRAME, T_TIME, T_ADDRESS, T_KNOWN	/* T_KNOWN: others we know */
};

/* Properties of a tag: TP_*. */
enum {
	TP_BLOCK = 1 << 0,	/* a line break before and after */
	TP_VOID = 1 << 1,	/* no end tag, no content */
	TP_RAW = 1 << 2,	/* raw text, dropped */
	TP_DROP = 1 << 3,	/* dropped with its content */
	TP_FURN = 1 << 4,	/* furniture in document mode */
	TP_CELL = 1 << 5
};

/* Tokenizer states, after the HTML5 ones of the same names. */
enum {
	S_DATA, S_TAGOPEN, S_ENDTAGOPEN, S_TAGNAME, S_BEFATTR, S_ATTRNAME,
	S_AFTATTRNAME, S_BEFVAL, S_VALDQ, S_VALSQ, S_VALUQ, S_AFTVALQ,
	S_SELFCLOSE, S_COMMENT, S_BOGUS, S_RAW, S_SCRIPTESC, S_SCRIPTDESC
};

#define TITLEMAX 4096		/* bytes of the <title> kept */

static inline int
isws(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static inline int
isalpha_(unsigned c)
{
	return (c | 32) >= 'a' && (c | 32) <= 'z';
}

static inline unsigned
lower(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c | 32 : c;
}

/* Whether the tokenizer is in raw text (script, style, title...). */
static inline int
rawstate(int st)
{
	return st == S_RAW || st == S_SCRIPTESC || st == S_SCRIPTDESC;
}

/* tags.c: the tags the stage knows; the tag just read. */

/* Looks up a lower-case tag name; *props gets its TP_* bits. */
int tag_lookup(const char *name, size_t len, unsigned *props);

/* Whether s[0..n) starts with the lower-case ASCII word w, any case. */
int prefix(const unsigned char *s, size_t n, const char *w);

/* Whether s[0..n) contains the lower-case word w, any case. */
int contains(const char *s, size_t n, const char *w);

/* Whether the value of attribute a contains w (lower case), any case. */
int attr_has(const struct tag *t, int a, const char *w);
/* The FNV-1a hash of s[0..n) (an attribute's value), never 0: 0 is none. */
uint32_t attr_hash(const char *s, size_t n);

/* Whether the tag just read is named w. */
int named(const struct tag *t, const char *w);

/* tokenize.c: bytes of a document to text and tags. */

/* Reads s[0..n): see tokenize.c for how a document is cut. */
void tokenize(struct html *h, const unsigned char *s, size_t n);

/* The end of the document: what an unfinished token leaves. */
void tokenize_end(struct html *h);

/* plain.c: text mode's lines without markup, past the tokenizer. */

/*
 * Takes the lines at the front of s[0..n) that the tokenizer would copy
 * as they are (text mode between blocks, no markup, valid UTF-8, each
 * ended by '\n'), writes them as it would and returns their bytes; 0
 * when the first line is not such a line.
 */
size_t plain_lines(struct html *h, const unsigned char *s, size_t n);

/*
 * The length of the front of s[0..n) free of the bytes a plain line
 * cannot hold: control bytes but tab and '\n', DEL, '<' and '&'; s
 * starts a line. *sp gets the '\n' bytes of that front and whether one
 * of them ends a blank line (is s[0] or follows another). The twins add
 * to *sp, plain_span() zeroes it first; the kernel (plain_avx2.c) needs
 * n >= 32.
 */
struct span {
	size_t lines;
	int blank;
};

size_t plain_span(const unsigned char *s, size_t n, struct span *sp);
size_t plain_span_c(const unsigned char *s, size_t n, struct span *sp);
size_t plain_span_avx2(const unsigned char *s, size_t n, struct span *sp);

/* tree.c: blocks, the stack of open elements, the element tree. */


/* Adds text to the block; in document mode outside <pre>, no white space. */
void put(struct html *h, const unsigned char *s, size_t n);

/* Adds text that may hold white space, such as a decoded reference. */
void put_ws(struct html *h, const unsigned char *s, size_t n);

/* A line break: the block ends if it has text. */
void brk(struct html *h);

/* Opens an element; pops one; closes up to the innermost id if open. */
void push(struct html *h, int id);
void pop(struct html *h);
void close_to(struct html *h, int id);

/* The <title> ended: a line of its own with -t. */
void title_end(struct html *h);

/* Whether element a of the tree is element p or holds it. */
static inline int
node_holds(const struct node *nodes, uint32_t a, uint32_t p)
{
	for (; p != a && p != 0; p = nodes[p].parent)
		;
	return p == a;
}

/* element.c: what a tag does. */

/* Acts on the tag just read. */
void tag_done(struct html *h, int selfclose);

/* Starts dropping the element just opened, with its content. */
void startskip(struct html *h);

/* feed.c: RSS and Atom. */

/* Takes a tag of a feed; returns whether it was taken. */
int feed_tag(struct html *h, int selfclose);

/* Holds a line of the item's part being read; 0 when it must be written. */
int feed_hold(struct html *h, const unsigned char *s, size_t n);

/* Writes the item held: its title, then its body once. */
void feed_flush(struct html *h);

/* vocab.c: sets the flags of a new element from the tag just read. */
void extract_node(struct html *h, struct node *nd);

/* vocab.c: the furniture word that set an element's negw. */
const char *vocab_word(unsigned neg);

/*
 * cards.c: marks N_CARD on the elements of a run of three or more
 * alike siblings; whether half the characters of the content (the
 * elements sel marks and what they hold) or more are in cards.
 */
void cards_mark(struct html *h);
int cards_listing(const struct html *h, const unsigned char *sel);

/* extract.c: main-content extraction over the held document; writes it. */
void extract_doc(struct html *h);

/*
 * Marks for blocks, kept in struct block's flags above the B_* bits: the
 * block is written; and as the headline or a deck (for --explain).
 */
enum {
	K_KEEP = 1 << 16, K_HEAD = 1 << 17, K_DECK = 1 << 18,
	K_THREAD = 1 << 19,	/* in the content, after a comments heading */
	/* Left out by keep() for --body-only alone; as furniture or links. */
	K_BODYONLY = 1 << 20, K_FURN = 1 << 21,
	K_LINK = 1 << 22,	/* of K_FURN: left out as a link's line */
	K_TEASER = 1 << 23	/* a snippet under a linked title: teasers() */
};

/*
 * The CJK and Hangul characters (their lead bytes, U+3000 to U+DFFF) of
 * s[0..n): one says about as much as two letters of a word.
 */
static inline uint32_t
widechars(const unsigned char *s, size_t n)
{
	size_t k;
	uint32_t w = 0;

	for (k = 0; k < n; k++)
		w += s[k] >= 0xE3 && s[k] <= 0xED;
	return w;
}

/*
 * thread.c: whether s[0..n) is a short line that only names a thread of
 * comments ("Comments", "12 Responses to ...", "Leave a Reply"); whether
 * it holds a digit (a counter by a byline, not a heading).
 */
int thread_head(const unsigned char *s, size_t n);

/*
 * thread.c: marks N_FIRM the elements a thread's heading opens: those
 * that hold the visible block after a short heading naming a thread
 * (thread_head(), HEADED characters at most, not a link) and not the
 * heading. What readers wrote is content only when nothing else scores.
 */
#define HEADED 60
void thread_headed(struct html *h);
int thread_count(const unsigned char *s, size_t n);

/*
 * thread.c: whether s[0..n) says a thread is closed or needs a login
 * ("Comments are closed": 2; 1 when it may, if records follow it: "Thanks
 * for your comments - this feedback is now closed"; else 0); whether it
 * is the dated line of a record ("Posted by: Dom on 5:19pm Tue 1 Jan
 * 08").
 */
int thread_closed(const unsigned char *s, size_t n);
int thread_mark(const unsigned char *s, size_t n);

/*
 * prose.c: the sentence punctuation in s[0..n) (, . ; ? ! and their CJK
 * forms); whether it holds a copyright notice (a copyright sign before
 * a year or a name).
 */
unsigned prose_punct(const unsigned char *s, size_t n);
int prose_legal(const unsigned char *s, size_t n);

/*
 * thread.c: cuts what readers wrote from the blocks kept (K_KEEP, with
 * K_BODYONLY and K_FURN on those left out): once the kept blocks before
 * hold small characters (CJK twice), a thread's heading followed by
 * records ends the content; the blocks after it lose K_KEEP and get
 * K_THREAD. kept is the characters kept; returns those still kept.
 */
uint32_t thread_cut(struct html *h, uint32_t kept, uint32_t small);

/*
 * teasers.c: cuts the runs of teasers (linked titles over snippets of
 * other stories) from the blocks kept (K_KEEP), with K_LINK on the
 * lines left out as links; they get K_TEASER. kept is the characters
 * kept; returns those still kept.
 */
uint32_t teasers_cut(struct html *h, uint32_t kept);

/*
 * teasers.c: the headings of lists left out (K_LINK or K_TEASER right
 * after them) lose K_KEEP and get K_TEASER: run once, on the content
 * chosen, as what it keeps does not decide the choice.
 */
void orphans_cut(struct html *h);

/* headline.c: the headline in front of a body without its own <h1>. */
void extract_headline(struct html *h);

/*
 * headline.c: the block where the JSON-LD articleBody starts (nblocks if
 * none is found); *chars gets the body's characters, white space aside.
 * h->ldlen must not be 0.
 */
size_t ld_start(const struct html *h, size_t *chars);

/* dropped.c: logs block b, which extraction dropped for verdict why. */
void html_whylog(struct html *h, const struct block *b, const char *why);

/*
 * dropped.c: --explain: the line of block b, kept (why NULL) or dropped
 * for extraction's verdict why; the line of s[0..n), written outside
 * extraction (html_emit(), valid UTF-8), with h->xnote or what wrote it
 * as its note.
 */
void html_explain(struct html *h, const struct block *b, const char *why);
void html_explain_text(struct html *h, const unsigned char *s, size_t n);

/*
 * dropped.c: the reason the log gives for dropping block b for verdict
 * why ("html:nav", "html:outside"), in buf or a constant.
 */
#define HTML_WHYMAX 48
const char *html_dropwhy(const struct html *h, const struct block *b,
    const char *why, char buf[HTML_WHYMAX]);

/* Writes one output line (a block) to h->out, made valid UTF-8. */
void html_emit(struct html *h, const unsigned char *s, size_t n);

/*
 * Feeds the line s[0..n) to the tokenizer, with a '\n' after it if nl
 * (html.c).
 */
void feed_line(struct html *h, const unsigned char *s, size_t n, int nl);

/*
 * Reads s[0..n), a whole document held, as JSON records (json.c): of
 * each object its title, then its text, in text mode. Returns 0, having
 * written nothing, if s is not JSON.
 */
int json_doc(struct html *h, const unsigned char *s, size_t n);

/*
 * json.c: the characters (white space aside) json_doc() would write of
 * s[0..n), writing nothing; 0 if s is not JSON.
 */
size_t json_chars(const unsigned char *s, size_t n);

/*
 * pagedata.c: whether the page's data (its JSON-LD, then its
 * application/json scripts) holds text enough to stand for content of
 * kept characters, under small (the blocks' K_KEEP marks as they
 * stand); then pagedata_write() writes that text, in text mode.
 */
int pagedata_wanted(struct html *h, uint32_t kept, uint32_t small);
void pagedata_write(struct html *h);

#endif
