/*
 * feed.c: RSS 2.0, RSS 1.0 and Atom documents.
 *
 * feed_tag() takes the tags of a feed: of each item or entry, its title
 * and its bodies (description, summary, content:encoded, content) are
 * read, escaped or CDATA HTML inside them read as HTML; every other
 * element (link, guid, dates, author, category, media:*, the channel's
 * own title and description) is dropped with its content. The lines of
 * an item are held by part (feed_hold(), called for every line written)
 * until it ends; feed_flush() then writes its title and its body once:
 * of a summary and a full body, the one that opens as the other does is
 * a shortened copy and is left out. An item held past the -M cap is
 * written as it comes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>

#include "html.h"

/* Writes held lines: n bytes, each line ending in '\n'. */
static void
emit_held(struct html *h, const unsigned char *s, size_t n)
{
	size_t i, k;

	if (n == 0)
		return;
	if (h->explain) {	/* a line at a time, each ends in '\n' */
		for (i = 0; i < n; i = k + 1) {
			for (k = i; s[k] != '\n'; k++)
				;
			html_explain_text(h, s + i, k - i);
		}
		return;
	}
	efwrite(s, n, h->out);
	h->bytes_out += n;
	for (i = 0; i < n; i++)
		h->paras_out += s[i] == '\n';
}

/*
 * s[0..n) with its white space folded to single spaces, into out (n
 * bytes); returns the length. With k > 0, only its first k words.
 */
static size_t
words(const unsigned char *s, size_t n, unsigned char *out, int k)
{
	size_t i, m = 0;
	int sp = 0;

	for (i = 0; i < n; i++) {
		if (isws(s[i])) {
			sp = m > 0;
			continue;
		}
		if (sp && k > 0 && --k == 0)
			break;
		if (sp)
			out[m++] = ' ';
		sp = 0;
		out[m++] = s[i];
	}
	return m;
}

/*
 * Whether the held part a repeats the longer part b: a's first eight
 * words (all of them if it has fewer) occur in b, in a row.
 */
static int
repeats(struct html *h, int a, int b)
{
	size_t na = h->fholdlen[a - 1], nb = h->fholdlen[b - 1], k, m, i;
	unsigned char *buf;
	int found = 0;

	if (na == 0 || nb < na)
		return 0;
	buf = xmalloc(na + nb);
	k = words(h->fhold[a - 1], na, buf, 8);
	m = words(h->fhold[b - 1], nb, buf + k, 0);
	for (i = 0; k > 0 && i + k <= m && !found; i++)
		found = buf[k + i] == buf[0] && memcmp(buf + k + i, buf, k) == 0;
	free(buf);
	return found;
}

/*
 * The item of a feed ended: its title, then its body once. An item
 * often gives its text twice, a summary (description, summary) and the
 * full body (content:encoded, content): a part that starts as the other,
 * longer one does (a teaser, an excerpt) is that part shortened and is
 * left out; a summary of other words (a deck) stays, before the body.
 */
void
feed_flush(struct html *h)
{
	size_t *len = h->fholdlen;

	emit_held(h, h->fhold[F_TITLE - 1], len[F_TITLE - 1]);
	if (repeats(h, F_SUMMARY, F_FULL))
		len[F_SUMMARY - 1] = 0;
	else if (repeats(h, F_FULL, F_SUMMARY))
		len[F_FULL - 1] = 0;
	emit_held(h, h->fhold[F_SUMMARY - 1], len[F_SUMMARY - 1]);
	emit_held(h, h->fhold[F_FULL - 1], len[F_FULL - 1]);
	len[0] = len[1] = len[2] = 0;
	h->fover = 0;
}

/* Holds a line of the item's part being read; 0 when it must be written. */
int
feed_hold(struct html *h, const unsigned char *s, size_t n)
{
	int k = h->fpart - 1;

	if (h->fpart == F_OUT || h->fover)
		return 0;
	if (h->fholdlen[0] + h->fholdlen[1] + h->fholdlen[2] + n + 1 >
	    h->max) {
		feed_flush(h);
		h->fover = 1;	/* a huge item: its parts as they come */
		return 0;
	}
	h->fhold[k] = xgrow(h->fhold[k], &h->fholdcap[k],
	    h->fholdlen[k] + n + 1, 1);
	memcpy(h->fhold[k] + h->fholdlen[k], s, n);
	h->fhold[k][h->fholdlen[k] + n] = '\n';
	h->fholdlen[k] += n + 1;
	return 1;
}

/*
 * A feed (RSS 2.0, RSS 1.0, Atom): of each item or entry, its title and
 * then its body (description, content:encoded, content, summary) are
 * kept, each a block or more; every other element of the feed (link,
 * guid, dates, author, category, media:*, the channel's own title and
 * description) is dropped with its content. HTML inside a body, in
 * CDATA or not, is read as HTML. Returns whether the tag was taken.
 */
int
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
		feed_flush(h);
		h->fitem = !t->end;
		h->fbody = 0;
		h->fpart = F_OUT;
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
		h->fpart = !h->fbody ? F_OUT : named(t, "title") ? F_TITLE :
		    named(t, "description") || named(t, "summary") ?
		    F_SUMMARY : F_FULL;
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
