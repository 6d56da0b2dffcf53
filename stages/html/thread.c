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

#include <utf8proc.h>

#include "html.h"

/* Lower case, UTF-8, compared at the start of the line. */
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
	{ "комментарии", 0 },
	{ "комментариев", 0 },
	{ "добавить комментарий", 0 },
	{ "коментарі", 0 },
	{ "komentarze", 0 },
	{ "komentarzy", 0 },
	{ "dodaj komentarz", 0 },
	{ "kommentare", 0 },
	{ "commentaires", 0 },
	{ "laisser un commentaire", 0 },
	{ "commenti", 0 },
	{ "comentarios", 0 },
	{ "comentários", 0 },
	{ "σχόλια", 0 },
	{ "评论", 0 },
	{ "評論", 0 },
	{ "留言", 0 },
	{ "留言列表", 0 },
	{ "コメント", 0 },
	{ "댓글", 0 },
};

#define HEADMAX 60	/* bytes of a heading, counts and spaces aside */

/* What may stand around the words: a count, brackets, a colon. */
static int
filler(unsigned char c)
{
	return c <= ' ' || (c >= '0' && c <= '9') || strchr("()[]:.!-", c);
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

	while (i < n && filler(s[i]) && s[i] != ':')
		i++;
	if (i == n || n - i > HEADMAX)
		return 0;
	if ((m = lowered(s + i, n - i, v)) == 0)
		return 0;
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
