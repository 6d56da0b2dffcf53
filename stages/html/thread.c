/*
 * thread.c: what readers wrote after an article: the heading that starts
 * it, and the cut of the content there.
 *
 * Many blogs and news sites put their comments right after the article,
 * in elements whose names say nothing ("Posted by ... on ..." under
 * each): their prose scores as the article's. What starts such a thread
 * is a short line that only names it: "Comments", "12 Comments",
 * "Comments (3)", "12 Responses to <title>", "7 thoughts on <title>",
 * "Leave a Reply", "Post a comment", and the same in the languages the
 * corpora hold. A lone "Comment" or "Response" is left alone: technical
 * pages use those as the names of things. Such a heading ends the
 * content when records (posts, replies) follow it; before the content is
 * chosen, it marks what it opens as what readers wrote (thread_headed()),
 * so that a long thread does not outscore a short article; and one that
 * ends what is kept heads a form or nothing, and goes (last_head()).
 * Without a heading, a run of records' lines does: "Posted by ... on
 * ...", or in any language a short line with one clock time over each
 * record.
 */
#include <string.h>

#include <utf8proc.h>

#include "html.h"

/*
 * Lower case, UTF-8, compared at the start of the line (after a count):
 * the heading alone, or (title) followed by one of joins and the title
 * of the page ("12 Responses to ...", "3 Gedanken zu ...").
 */
static const struct {
	const char *w;
	int title;	/* 1: may be followed by a join and a title after a
			   count; 2: must be; 3: must, the count is a word */
} heads[] = {
	{ "comments", 1 },
	{ "reader comments", 0 },
	{ "readers' comments", 0 },
	{ "readers comments", 0 },
	{ "user comments", 0 },
	{ "your comments", 0 },
	{ "reader views", 0 },
	{ "readers' views", 0 },
	{ "your views", 0 },
	{ "have your say", 0 },
	{ "add your comment", 0 },
	{ "leave a comment", 0 },
	{ "leave a reply", 0 },
	{ "post a comment", 0 },
	{ "add a comment", 0 },
	{ "add comment", 0 },
	{ "write a comment", 0 },
	{ "join the discussion", 0 },
	{ "join the conversation", 0 },
	{ "what do you think", 0 },
	{ "what you think", 0 },
	{ "responses", 2 },
	{ "thoughts", 2 },
	{ "one response", 3 },
	{ "one thought", 3 },
	{ "one comment", 3 },
	/* German */
	{ "kommentare", 1 },
	{ "ein kommentar", 3 },
	{ "gedanken", 2 },
	{ "ein gedanke", 3 },
	{ "antworten", 2 },
	{ "eine antwort", 3 },
	{ "schreibe einen kommentar", 0 },
	{ "kommentar schreiben", 0 },
	{ "kommentar verfassen", 0 },
	/* French, Italian, Spanish, Portuguese */
	{ "commentaires", 1 },
	{ "réflexions", 2 },
	{ "laisser un commentaire", 0 },
	{ "commenti", 1 },
	{ "pensieri", 2 },
	{ "lascia un commento", 0 },
	{ "comentarios", 1 },
	{ "deja un comentario", 0 },
	{ "deja una respuesta", 0 },
	{ "comentários", 1 },
	{ "deixe um comentário", 0 },
	{ "deixe uma resposta", 0 },
	/* Russian, Ukrainian, Polish, Greek */
	{ "комментарии", 0 },
	{ "комментариев", 0 },
	{ "добавить комментарий", 0 },
	{ "оставить комментарий", 0 },
	{ "ваш комментарий", 0 },
	{ "коментарі", 0 },
	{ "komentarze", 0 },
	{ "komentarzy", 0 },
	{ "dodaj komentarz", 0 },
	{ "skomentuj", 0 },
	{ "σχόλια", 0 },
	{ "οι απόψεις σας", 0 },
	{ "τα σχόλιά σας", 0 },
	/* Chinese, Japanese, Korean */
	{ "评论", 0 },
	{ "評論", 0 },
	{ "网友评论", 0 },
	{ "发表评论", 0 },
	{ "最新评论", 0 },
	{ "留言", 0 },
	{ "留言列表", 0 },
	{ "コメント", 0 },
	{ "댓글", 0 },
	{ "댓글쓰기", 0 },
	{ "댓글 쓰기", 0 },
	{ "댓글 작성", 0 },
	{ "독자 의견", 0 },
	{ "독자의견", 0 },
	{ "네티즌 의견", 0 },
	{ "의견 남기기", 0 },
};

static const char *const joins[] = {
	" on ", " to ", " zu ", " auf ", " sur ", " su ", " en ", " em ",
	" sobre "
};

#define HEADMAX 240	/* bytes of a heading, a title in it included */

/* What may stand around the words: a count, brackets, a colon. */
static int
filler(unsigned char c)
{
	return c <= ' ' || (c >= '0' && c <= '9') || strchr("()[]:.!?-", c);
}

/*
 * s[0..n) in lower case (utf8proc's simple mapping) into v, which holds
 * 4 * n bytes; returns its length, or 0 for invalid UTF-8.
 */
static size_t
lowered(const unsigned char *s, size_t n, unsigned char *v)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k;
	size_t i = 0, m = 0;

	while (i < n) {
		if (s[i] < 0x80) {	/* ASCII, the most of it */
			v[m++] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 32 : s[i];
			i++;
			continue;
		}
		k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &c);
		if (k <= 0)
			return 0;
		m += (size_t)utf8proc_encode_char(utf8proc_tolower(c), v + m);
		i += (size_t)k;
	}
	return m;
}

int
thread_head(const unsigned char *s, size_t n)
{
	unsigned char v[4 * HEADMAX];
	size_t i = 0, m, k, w, j;
	int counted = 0;

	for (; i < n && filler(s[i]) && s[i] != ':'; i++)
		counted |= s[i] >= '0' && s[i] <= '9';
	if (i == n || n - i > HEADMAX)
		return 0;
	/* Most lines start with a letter no heading starts with. */
	for (k = 0; s[i] < 0x80 && k < sizeof(heads) / sizeof(heads[0]) &&
	    (unsigned char)heads[k].w[0] != (s[i] >= 'A' && s[i] <= 'Z' ?
	    s[i] | 32 : s[i]); k++)
		;
	if (k == sizeof(heads) / sizeof(heads[0]))
		return 0;
	if ((m = lowered(s + i, n - i, v)) == 0)
		return 0;
	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++) {
		w = strlen(heads[k].w);
		if (w > m || memcmp(v, heads[k].w, w) != 0)
			continue;
		/* "Comments on the new law" is no thread without a count. */
		for (j = 0; (heads[k].title == 3 || (heads[k].title &&
		    counted)) && j < sizeof(joins) / sizeof(joins[0]); j++)
			if (m > w + strlen(joins[j]) && memcmp(v + w, joins[j],
			    strlen(joins[j])) == 0)
				return 1;
		/* "Comments" or "Komentarze (2)", not "commentaires sur". */
		for (j = w; j < m && filler(v[j]); j++)
			;
		if (j == m && heads[k].title < 2)
			return 1;
	}
	return 0;
}

/* Whether s[0..n) holds a digit: a counter, not a heading. */
int
thread_count(const unsigned char *s, size_t n)
{
	while (n-- > 0)
		if (s[n] >= '0' && s[n] <= '9')
			return 1;
	return 0;
}

/*
 * Whether the kept blocks after block i are records, as comments are: the
 * element of the next kept block, or one of the two around it, has two
 * or more siblings after it of its tag and class (a <div> or <li> may
 * have no class; paragraphs of prose need one).
 */
static int
thread_records(const struct html *h, size_t i)
{
	const struct node *nodes = h->nodes;
	uint32_t a;
	size_t k;
	int lvl, n;

	while (++i < h->nblocks && !(h->blocks[i].flags & K_KEEP))
		;
	if (i == h->nblocks)
		return 0;
	for (a = h->blocks[i].node, lvl = 0; a != 0 && lvl < 3; lvl++,
	    a = nodes[a].parent) {
		if (nodes[a].cls == 0 && nodes[a].tag != T_DIV &&
		    nodes[a].tag != T_LI)
			continue;
		for (k = a + 1, n = 0; k < h->nnodes && n < 2; k++)
			n += nodes[k].parent == nodes[a].parent &&
			    nodes[k].tag == nodes[a].tag &&
			    nodes[k].cls == nodes[a].cls;
		if (n >= 2)
			return 1;
	}
	return 0;
}

/* Whether the next kept block after block i is a record's dated line. */
static int
marknext(const struct html *h, size_t i)
{
	while (++i < h->nblocks && !(h->blocks[i].flags & K_KEEP))
		;
	return i < h->nblocks && thread_mark(h->text + h->blocks[i].off,
	    h->blocks[i].len);
}

/*
 * Whether block i starts a thread: its line only names one, it is shown
 * (kept, or left out by --body-only alone: a heading in a byline) and
 * mostly not a link, or it is a link or sits in furniture inside the
 * content (a "comments-head") but holds no counter: "Comments: 37" by
 * the byline starts no thread. Records must follow it.
 */
static int
thread_starts(const struct html *h, size_t i)
{
	const struct block *b = &h->blocks[i];
	const unsigned char *s = h->text + b->off;
	int shown = (b->flags & (K_KEEP | K_BODYONLY)) != 0;

	/* Neither shown nor furniture: no start, whatever it says. */
	if (!shown && !(b->flags & K_FURN))
		return 0;
	switch (thread_closed(s, b->len)) {
	case 2:
		return shown || (b->flags & K_FURN);
	case 1:
		return (shown || (b->flags & K_FURN)) &&
		    (thread_records(h, i) || marknext(h, i));
	}
	if (!thread_head(s, b->len))
		return 0;
	if (shown && b->linkchars * 2 < b->chars)
		return thread_records(h, i);
	if (thread_count(s, b->len) || (!shown && !(b->flags & K_FURN)))
		return 0;
	return thread_records(h, i);
}

/*
 * Whether s[0..n) is a short line that says readers can no longer write
 * ("Comments are closed", "Comments have now been closed on this
 * entry", "Kommentare geschlossen"), or must log in to: a thread's end
 * or its form, after the article whatever follows. Lower case, UTF-8.
 */
static const char *const talk[] = {
	"comment", "kommentar", "commentaire", "comentario", "commento",
	"коммент", "komentarz", "댓글", "评论", "コメント"
};
static const char *const shut[] = {
	"logged in to", "log in to", "sign in to",
	"closed", "disabled", "turned off", "geschlossen", "deaktiviert",
	"fermé", "chiusi", "cerrados", "закрыт", "zamknięt", "마감", "닫",
	"关闭"
};

#define SHUTMAX 160	/* bytes of such a line */
#define SHUTWORDS 10	/* words of it */
/*
 * shut[] before LOGIN asks to log in: the talk word may come anywhere
 * ("You must be logged in to post a comment"). The others say the talk
 * is shut, and such a line ends the content wherever it stands: it is
 * the notice (2) when the talk word comes first, after "the" at most,
 * then the shut word ("Comments are closed", "The comment section is
 * closed"); in the first four words, it may be (1: "Thanks for your
 * comments - this feedback is now closed"), and records must follow it
 * (thread_starts()). A sentence that speaks of comments is story:
 * "Coverage can be disabled ... using the following comment syntax:",
 * "The public comment period closed on Monday." (1, and paragraphs
 * follow it, no records).
 */
#define LOGIN	3

/* Where w first occurs in v[0..m), or NULL. */
static const unsigned char *
find(const unsigned char *v, size_t m, const char *w)
{
	size_t l = strlen(w);
	const unsigned char *p = v, *end = v + m;

	while ((size_t)(end - p) >= l && (p = memchr(p, w[0],
	    (size_t)(end - p) - l + 1)) != NULL) {
		if (memcmp(p, w, l) == 0)
			return p;
		p++;
	}
	return NULL;
}

/* The words of v[0..m) before p: runs of bytes other than spaces. */
static size_t
wordsto(const unsigned char *v, const unsigned char *p)
{
	size_t words = 0;

	for (; v < p; v++)
		words += *v != ' ' && (v + 1 == p || v[1] == ' ');
	return words;
}

int
thread_closed(const unsigned char *s, size_t n)
{
	unsigned char v[4 * SHUTMAX];
	const unsigned char *a = NULL, *b;
	size_t m, k, w;

	if (n > SHUTMAX)
		return 0;
	/* Every word of talk[] in Latin letters holds "ment"; the others
	   need a byte outside ASCII. */
	for (k = 0; k < n && s[k] < 0x80 && !(k + 4 <= n && (s[k] | 32) ==
	    'm' && (s[k + 1] | 32) == 'e' && (s[k + 2] | 32) == 'n' &&
	    (s[k + 3] | 32) == 't'); k++)
		;
	if (k == n || (m = lowered(s, n, v)) == 0 || v[m - 1] == ':' ||
	    wordsto(v, v + m) > SHUTWORDS)
		return 0;
	for (k = 0; a == NULL && k < sizeof(talk) / sizeof(talk[0]); k++)
		a = find(v, m, talk[k]);
	for (k = 0; a != NULL && k < sizeof(shut) / sizeof(shut[0]); k++) {
		if ((b = find(v, m, shut[k])) == NULL)
			continue;
		if (k < LOGIN)
			return 2;
		if (b < a || (w = wordsto(v, a)) > 3)
			continue;
		return w <= (m >= 4 && memcmp(v, "the ", 4) == 0) ? 2 : 1;
	}
	return 0;
}

/*
 * Whether s[0..n) is the line above or below each of a thread's records:
 * "Posted by: Dom, London on 5:19pm Tue 1 Jan 08", "Comment by ... at
 * ...": a short line that starts so and holds a date or time (a digit).
 */
static const char *const marks[] = {
	"posted by", "comment by", "commented by", "comment from",
	"submitted by", "reply by", "replied by", "response by"
};

#define MARKMAX 160	/* bytes of such a line */

int
thread_mark(const unsigned char *s, size_t n)
{
	unsigned char v[4 * MARKMAX];
	size_t m, k;

	/* Each of marks[] starts with one of these letters. */
	if (n == 0 || n > MARKMAX || !strchr("pcsr", s[0] | 32) ||
	    !thread_count(s, n) || (m = lowered(s, n, v)) == 0)
		return 0;
	for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
		if (m >= strlen(marks[k]) &&
		    memcmp(v, marks[k], strlen(marks[k])) == 0)
			return 1;
	return 0;
}

/*
 * Whether s[0..n) is a record's line in any language: a short line of
 * a few words (the poster's name, a date) that holds one clock time
 * ("Piter 6 Января 2012 14:05:28", "~remek [2012-01-04 08:45]",
 * "dzisiaj, 18:10"). A line of two times is a schedule's ("3:30 - 8:00
 * pm"), not a post's; a time alone ("14:05", no letter) heads an entry
 * of a live blog, the article itself.
 */
#define STAMPMAX 100	/* bytes of such a line */
#define STAMPWORDS 8

static int
stamp(const unsigned char *s, size_t n)
{
	size_t i, words = 1;
	int clock = 0, letter = 0;

	if (n == 0 || n > STAMPMAX)
		return 0;
	for (i = 0; i < n && !letter; i++)
		letter = isalpha_(s[i]) || s[i] >= 0x80;
	for (i = 1; i + 2 < n; i++) {
		if (s[i] == ' ' && s[i - 1] != ' ')
			words++;
		/* H:MM or HH:MM (its seconds no second time), no third digit. */
		if (s[i] == ':' && s[i - 1] >= '0' && s[i - 1] <= '9' &&
		    s[i + 1] >= '0' && s[i + 1] <= '5' && s[i + 2] >= '0' &&
		    s[i + 2] <= '9' && (i + 3 == n || s[i + 3] < '0' ||
		    s[i + 3] > '9') && (i < 3 || ((s[i - 3] < '0' ||
		    s[i - 3] > '9') && s[i - 3] != ':')))
			clock++;
	}
	return clock == 1 && words <= STAMPWORDS && letter;
}

/*
 * What block b says of a record: 1 a line of thread_mark(), 2 a
 * stamp() outside <pre>, 0 neither.
 */
static int
record_line(const struct html *h, const struct block *b)
{
	const unsigned char *s = h->text + b->off;

	if (thread_mark(s, b->len))
		return 1;
	return !(b->flags & B_PRE) && stamp(s, b->len) ? 2 : 0;
}

/* One past the last block kept (not the title), 0 if none. */
static size_t
endkept(const struct html *h)
{
	size_t i = h->nblocks;

	while (i > 0 && (h->blocks[i - 1].flags & (K_KEEP | B_TITLE)) !=
	    K_KEEP)
		i--;
	return i;
}

/*
 * What block i is to marked(): 1 kept, 2 a line that says who posted
 * (thread_mark()) between blocks kept, 0 neither. Such a line may be
 * left out as a byline (--body-only), or sit outside the content where
 * markup does not close its elements: the records it heads are still
 * readers' writing. a and z are the first and the last block kept.
 */
static int
counted(const struct html *h, size_t i, size_t a, size_t z)
{
	const struct block *b = &h->blocks[i];

	if (b->flags & B_TITLE)
		return 0;
	if (b->flags & K_KEEP)
		return 1;
	return i > a && i < z && b->linkchars * 2 < b->chars &&
	    !(h->nodes[b->node].flags & N_HIDDEN) &&
	    thread_mark(h->text + b->off, b->len) ? 2 : 0;
}

/*
 * The first of the records' lines (record_line()) among the blocks kept,
 * or nblocks: a run of MARKS or more dated lines that say who posted is
 * a thread when the content holds small characters before the first
 * (the article: in a forum, the first post has its line too) and its
 * records are each under half as long as that (a blog's page of posts
 * has a line under each post, as long as the first). When the lines sit
 * under their records (the last is followed by less than half of the
 * records' mean), the first is the article's own ("Posted by <author> at
 * <time>") and the thread starts after it; unless no line says who
 * posted: a stamp() under each record is a forum's or a Q&A's. A line
 * not kept (counted() 2) adds nothing to the lengths.
 */
#define MARKS 3

static size_t
marked(const struct html *h, uint32_t small)
{
	size_t i, a, z, first = h->nblocks;
	uint32_t before = 0, after = 0, tail = 0, lines = 0, k = 0, named = 0;
	int kind, how;

	for (a = 0; a < h->nblocks && (h->blocks[a].flags & (K_KEEP |
	    B_TITLE)) != K_KEEP; a++)
		;
	z = endkept(h);
	/* Most pages have none: counted first, the lengths only then. */
	for (i = a; i < z && k < MARKS; i++)
		k += counted(h, i, a, z - 1) && record_line(h,
		    &h->blocks[i]) != 0;
	if (k < MARKS)
		return h->nblocks;
	for (i = a, k = 0; i < z; i++) {
		const struct block *b = &h->blocks[i];
		uint32_t c = b->chars + widechars(h->text + b->off, b->len);

		if ((how = counted(h, i, a, z - 1)) == 0)
			continue;
		if (how == 2)
			c = 0;
		if ((kind = record_line(h, b)) != 0) {
			if (k++ == 0)
				first = i;
			named += kind == 1;
			lines += c;
			tail = 0;
		} else
			tail += c;
		if (k == 0)
			before += c;
		else
			after += c;
	}
	if (k < MARKS || before < small || after / k * 2 >= before)
		return h->nblocks;
	/*
	 * Lines under their records: the first is the article's own. Lines
	 * that only say when (no "posted by") under records are a forum's
	 * or a Q&A's ("answered Mar 28 at 13:24" under each post): every
	 * record is the content there.
	 */
	if (tail * 2 < (after - lines) / k) {
		if (named == 0)
			return h->nblocks;
		first++;
	}
	return first;
}

/*
 * The last block kept, if it only names a thread (a heading over a
 * comment form, or over a thread the page loads later): it heads
 * nothing kept, and goes.
 */
static uint32_t
last_head(struct html *h, uint32_t kept)
{
	size_t i = endkept(h);
	struct block *b;

	if (i == 0)
		return kept;
	b = &h->blocks[i - 1];
	if (b->linkchars * 2 < b->chars && thread_head(h->text + b->off,
	    b->len)) {
		b->flags = (b->flags & ~(unsigned)K_KEEP) | K_THREAD;
		kept -= b->chars;
	}
	return kept;
}

uint32_t
thread_cut(struct html *h, uint32_t kept, uint32_t small)
{
	size_t i, mark = marked(h, small);
	uint32_t before = 0;
	int cut = 0;

	for (i = 0; i < h->nblocks; i++) {
		struct block *b = &h->blocks[i];

		b->flags &= ~(unsigned)K_THREAD;
		if ((b->flags & B_TITLE) || (!cut && before < small))
			goto next;
		if (!cut)
			cut = thread_starts(h, i) || i == mark;
		if (cut && (b->flags & K_KEEP)) {
			b->flags = (b->flags & ~(unsigned)K_KEEP) | K_THREAD;
			kept -= b->chars;
		}
next:
		if (before < small && (b->flags & (K_KEEP | B_TITLE)) == K_KEEP)
			before += b->chars + widechars(h->text + b->off,
			    b->len);
	}
	return last_head(h, kept);
}

void
thread_headed(struct html *h)
{
	struct node *nodes = h->nodes;
	size_t i, j;
	uint32_t p;

	for (i = 0; i + 1 < h->nblocks; i++) {
		const struct block *b = &h->blocks[i];

		if (b->chars > HEADED || (nodes[b->node].flags & N_HIDDEN) ||
		    b->linkchars * 2 >= b->chars ||
		    !thread_head(h->text + b->off, b->len))
			continue;
		for (j = i + 1; j < h->nblocks &&
		    (nodes[h->blocks[j].node].flags & N_HIDDEN); j++)
			;
		if (j == h->nblocks)
			return;
		for (p = h->blocks[j].node; p != 0 && !node_holds(nodes, p,
		    b->node); p = nodes[p].parent)
			nodes[p].flags |= N_FIRM;
	}
}
