/*
 * thread.c: the heading that starts what readers wrote.
 *
 * Many blogs and news sites put their comments right after the article,
 * in elements whose names say nothing ("Posted by ... on ..." under
 * each): their prose scores as the article's. What starts such a thread
 * is a short line that only names it: "Comments", "12 Comments",
 * "Comments (3)", "12 Responses to <title>", "7 thoughts on <title>",
 * "Leave a Reply", "Post a comment", and the same in the languages the
 * corpora hold. A lone "Comment" or "Response" is left alone: technical
 * pages use those as the names of things.
 */
#include <string.h>

#include "html.h"

/* Lower case (ASCII), compared at the start of the line. */
static const struct {
	const char *w;
	int title;	/* 1: may be followed by " on " or " to " and a
			   title; 2: must be */
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
	{ "responses", 1 },
	{ "thoughts", 2 },
	{ "\xd0\xba\xd0\xbe\xd0\xbc\xd0\xbc\xd0\xb5\xd0\xbd\xd1\x82\xd0\xb0"
	    "\xd1\x80\xd0\xb8", 0 },		/* Russian: комментари(и, ев) */
	{ "komentarze", 0 },
	{ "komentarzy", 0 },
	{ "kommentare", 0 },
	{ "commentaires", 0 },
	{ "commenti", 0 },
	{ "comentarios", 0 },
	{ "\xcf\x83\xcf\x87\xcf\x8c\xce\xbb\xce\xb9\xce\xb1", 0 },	/* σχόλια */
	{ "\xe8\xaf\x84\xe8\xae\xba", 0 },	/* 评论 */
	{ "\xe8\xa9\x95\xe8\xab\x96", 0 },	/* 評論 */
	{ "\xe7\x95\x99\xe8\xa8\x80", 0 },	/* 留言 */
	{ "\xe7\x95\x99\xe8\xa8\x80\xe5\x88\x97\xe8\xa1\xa8", 0 },	/* 留言列表 */
	{ "\xe3\x82\xb3\xe3\x83\xa1\xe3\x83\xb3\xe3\x83\x88", 0 },	/* コメント */
	{ "\xeb\x8c\x93\xea\xb8\x80", 0 },	/* 댓글 */
};

#define HEADMAX 60	/* bytes of a heading, counts and spaces aside */

/* What may stand around the words: a count, brackets, a colon. */
static int
filler(unsigned char c)
{
	return c <= ' ' || (c >= '0' && c <= '9') || strchr("()[]:.!-", c);
}

int
thread_head(const unsigned char *s, size_t n)
{
	unsigned char v[HEADMAX];
	size_t i = 0, m, k, w, j;

	while (i < n && filler(s[i]) && s[i] != ':')
		i++;
	if (i == n || n - i > HEADMAX)
		return 0;
	for (m = 0; i < n; i++)
		v[m++] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 32 : s[i];
	for (k = 0; k < sizeof(heads) / sizeof(heads[0]); k++) {
		w = strlen(heads[k].w);
		if (w > m || memcmp(v, heads[k].w, w) != 0)
			continue;
		if (heads[k].title && m >= w + 4 && (memcmp(v + w, " on ",
		    4) == 0 || memcmp(v + w, " to ", 4) == 0))
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
