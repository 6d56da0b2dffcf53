/*
 * Unit tests of rinse-html's comment-thread headings (thread.c): the
 * forms that start a thread, in any case and script, with counts and
 * titles; the names of things and the sentences that are not one.
 */
#include <string.h>

#include "../../stages/html/thread.c"
#include "check.h"

static int
head(const char *s)
{
	return thread_head((const unsigned char *)s, strlen(s));
}

int
main(void)
{
	static const char *const yes[] = {
		"Comments", "COMMENTS", "12 Comments", "Comments (3)",
		"Comments: 5", "[4] comments", "Leave a Reply",
		"12 Responses to “Notes from the river survey”",
		"7 thoughts on “How to fix a chair”", "One thought on “X”",
		"Have your say", "Reader views (5)",
		"3 Gedanken zu „Ein Tag am Meer“", "Ein Gedanke zu „Ein Tag“",
		"Schreibe einen Kommentar", "Kommentare",
		"2 réflexions sur « Le pont »", "Laisser un commentaire",
		"Deja una respuesta", "Lascia un commento",
		"Комментарии", "КОММЕНТАРИИ (12)", "5 комментариев",
		"Komentarze (2)", "ΣΧΌΛΙΑ", "留言列表 (42)", "댓글 3", "コメント"
	};
	static const char *const no[] = {
		"Comment", "Response", "Responses", "Thoughts", "Gedanken",
		"Comments are closed.", "Commentaires sur la loi",
		"No comments yet, be the first", "Recent comments",
		"The comments field holds what the buyer wrote",
		"12 thoughts", "Комментарий эксперта", "", "   ", "12"
	};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		if (!head(yes[i])) {
			fprintf(stderr, "not a heading: %s\n", yes[i]);
			check_failed++;
		}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (head(no[i])) {
			fprintf(stderr, "a heading: %s\n", no[i]);
			check_failed++;
		}
	/* Invalid UTF-8 is no heading, and reads nothing past its end. */
	CHECK(thread_head((const unsigned char *)"Comments\xff", 9) == 0);
	CHECK(thread_head((const unsigned char *)"Comments", 4) == 0);
	CHECK(thread_count((const unsigned char *)"Comments (3)", 12));
	CHECK(!thread_count((const unsigned char *)"Comments", 8));
	return check_failed != 0;
}
