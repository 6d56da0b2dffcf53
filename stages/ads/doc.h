/*
 * doc.h: the document model of rinse-ads, shared by its files: ads.c
 * (reading, output, main), classify.c (the rules on each unit) and
 * heur.c (the heuristics and cuts, which judge a unit by its place).
 *
 * A document is held in memory as units (see units.c): a line, or a
 * sentence or a piece of furniture of one, each with its fate.
 */
#ifndef RINSE_ADS_DOC_H
#define RINSE_ADS_DOC_H

#include <stddef.h>
#include <stdint.h>

#include <rinse/whylog.h>

#include "ads.h"

#define MATCH_LIMIT	1000000	/* backtracking steps for one match */
#define LONG_CPS	60	/* a story paragraph has at least this many */
#define SHORT_CPS	100	/* a link-list item or sign-off at most */
#define UI_CPS		40	/* a line of UI labels at most */
#define NONE		SIZE_MAX
#define UIWORD		20	/* room for the longest UI word and a NUL */
#define OUTBUF		(64 << 10)	/* our output block and stdio's */
#define REST_CPS	60	/* story a drop or cut rule leaves standing */
#define REST_SENT	20	/* a sentence a drop leaves standing after it */
#define CUT_SENT	10	/* news prose after a drop or cut rule's
				   match that makes its unit story (see
				   classify()) */

#define REPEAT	(SIZE_MAX - 1)	/* a unit's break: after a headline's
				   copy (heads.c), not a rule's */
#define HEAD_SLOTS	32

/* The headlines of the document a later line may open with (heads.c). */
struct heads {
	size_t off[HEAD_SLOTS], len[HEAD_SLOTS];	/* in the document */
	uint64_t first[HEAD_SLOTS];	/* the first 8 bytes of each */
	size_t n;
};

/*
 * Whether the three bytes at s (all there) are a Hangul syllable, U+AC00
 * to U+D7A3.
 */
static inline int
syllable3(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;

	if (u[0] < 0xEA || u[0] > 0xED || (u[1] & 0xC0) != 0x80 ||
	    (u[2] & 0xC0) != 0x80)
		return 0;
	cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 |
	    (u[2] & 0x3F);
	return cp >= 0xAC00 && cp <= 0xD7A3;
}

/* What happened to a paragraph. */
enum {
	F_BLANK,	/* an empty line: passed through */
	F_KEEP,		/* untouched */
	F_PROTECT,	/* a keep rule matched */
	F_STRIP,	/* spans removed, the rest kept */
	F_EMPTY,	/* spans removed, nothing left */
	F_DROP,		/* a drop rule matched */
	F_SDROP,	/* a drop rule matched what strip left */
	F_CUT,		/* a cut rule matched in the tail */
	F_CUTTAIL,	/* after a cut */
	F_CUTONE,	/* a cut rule matched outside the tail: only this line */
	F_LINKS,	/* heuristic: link list */
	F_UI,		/* heuristic: UI labels */
	F_SIGNOFF,	/* heuristic: after the sign-off */
	NFATE
};

struct span {
	size_t so, eo, rule;
};

/*
 * A unit of the document (see units.c): a whole line, or a sentence or a
 * piece of furniture of one. Units of one paragraph are written on one
 * line, each after its separator; a unit with brk starts a new line.
 */
struct para {
	size_t off, len;	/* the unit in buf */
	size_t sep;		/* its separator is buf[sep..off) */
	size_t brkrule;		/* the break or split rule before it, NONE,
				   or REPEAT */
	unsigned long long lineno;	/* of its line in the input */
	size_t soff, slen;	/* what strip left, in sbuf */
	size_t sp, nsp;		/* its strip spans in spans[] */
	size_t rule;		/* the rule behind the fate, or NONE */
	size_t cutrule;		/* a cut rule that matched, or NONE */
	size_t spared;		/* a rule set aside for a piece, or NONE */
	unsigned cps;		/* code points of what is left */
	unsigned pcps;		/* of what is left of its paragraph */
	unsigned cols;		/* the columns of its line, if it opens one
				   (wrapped.c) */
	int fate;
	/* flags, a byte each: the -M cap counts these records */
	unsigned char brk;	/* starts a paragraph: a line's first unit,
				   or after a break */
	unsigned char cutrest;	/* a cut rule's match left story beside it */
	unsigned char cutstory;	/* and the unit is a sentence of the story
				   that speaks of what it matched */
	unsigned char piece;	/* a piece of a sentence wrapped over lines
				   (wrapped.c) */
};

struct ads {
	struct ruleset rs;
	int explain;		/* -e: say what happens, do not clean */
	struct whylog wl;	/* --explain-log: what was removed, and why */
	int links, ui, signoff;	/* heuristics on */
	size_t max;		/* -M: cap on a document */
	pcre2_code *signre;	/* what a sign-off line holds */
	const char *name;	/* input name for messages */

	char *buf;		/* the document, paragraphs back to back */
	size_t len, cap;
	char *sbuf;		/* stripped paragraphs */
	size_t slen, scap;
	struct para *p;
	size_t np, pcap;
	struct span *spans;
	size_t nspans, spcap;
	struct cutter cut;	/* the units of the line being read */
	struct heads heads;	/* its headlines so far */
	unsigned char *tmp;	/* repaired UTF-8 */
	size_t tmpcap;
	char (*ui_sorted)[UIWORD];	/* uiwords, sorted on first use */
	char *join;		/* two pieces of a wrapped sentence joined
				   (wrapped.c) */
	size_t joincap;
	char *obuf;		/* output not yet handed to stdio */
	size_t olen;

	unsigned long long bytes_out, paras_in, paras_out, invalid;
	unsigned long long fates[NFATE];
};

/*
 * dropped.c: the why-dropped log's lines of unit p: how many, and the
 * kth (0 from) of them: its text (returned, *n bytes) and why (into
 * why, of nb bytes; *nwhy bytes). ads_whylog() logs them all.
 */
size_t ads_whyn(const struct ads *a, const struct para *p);
const char *ads_why(const struct ads *a, const struct para *p, size_t k,
    char *why, size_t nb, size_t *nwhy, size_t *n);
void ads_whylog(struct ads *a, const struct para *p);

/* ads.c */
/*
 * Makes a, its rules loaded (rules_load(), rules_load_dir()), ready for
 * documents of at most max bytes: the rules compiled and grouped, the
 * sign-off pattern compiled. main() and the fuzz harness share it;
 * ads_free() frees what a holds.
 */
void ads_init(struct ads *a, size_t max);
void ads_free(struct ads *a);

const char *ptext(const struct ads *a, const struct para *p, size_t *n);

/* classify.c: applies the rules to unit i; scanned: the last scan of
 * the prefilter (rules_scan() or rules_scan_part()) is of this unit. */
void classify(struct ads *a, size_t i, int scanned);
/*
 * Whether s[0..n) ends like a sentence of Korean news prose: "다." in
 * the plain style, not the polite "...니다." of notices and prompts
 * ("등록된 댓글이 없습니다."), perhaps inside closing quotes.
 */
int narrative(const char *s, size_t n);
/*
 * The drop or cut rule that would take s[0..n) whole, text not held as a
 * unit (two pieces of a wrapped line joined, see wrapped.c): it matches
 * and leaves no story beside the match, and no keep rule does; or NONE.
 * The prefilter's last scan is then of s.
 */
size_t classify_goes(struct ads *a, const char *s, size_t n,
    unsigned long long lineno);

/*
 * heads.c: forgets the headlines of the last document; notes line
 * buf[off..off + n) of the document as one, if it can be; and returns
 * the length of the headline line s[0..n) opens with, where it is to be
 * broken after it, or 0.
 */
void heads_reset(struct heads *h);
void heads_note(struct heads *h, const char *buf, size_t off, size_t n);
size_t heads_open(const struct heads *h, const char *buf, const char *s,
    size_t n);
/*
 * The breaks of line s[0..n) after the headline it opens with, and after
 * each headline that opens what follows, in b[0..max) (REPEAT breaks);
 * returns how many.
 */
size_t heads_breaks(const struct heads *h, const char *buf, const char *s,
    size_t n, struct bound *b, size_t max);

/*
 * wrapped.c: in a hard-wrapped document, marks the units that end a line
 * going on in the next and those that open such a next line as pieces,
 * setting aside the drop or cut rule that matched one. Called by
 * arrange() first.
 */
void wrapped_mark(struct ads *a);

/* heur.c */
extern const char signoff_pat[];
/*
 * Whether s[0..n), of cps characters, is a line of UI labels only (the
 * UI-label heuristic).
 */
int uiline(struct ads *a, const char *s, size_t n, unsigned cps);
int alive(const struct para *p);
/* The heuristics and cut, over the whole document, after classify(). */
void arrange(struct ads *a);

#endif
