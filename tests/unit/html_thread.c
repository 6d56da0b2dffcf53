/*
 * Unit tests of rinse-html's comment-thread headings (thread.c): the
 * forms that start a thread, in any case and script, with counts and
 * titles; the names of things and the sentences that are not one; the
 * lines that close a thread and the dated lines of its records.
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
		"Have your say", "Reader views (5)", "What do you think?",
		"What you think...", "Join the discussion",
		"3 Gedanken zu „Ein Tag am Meer“", "Ein Gedanke zu „Ein Tag“",
		"Schreibe einen Kommentar", "Kommentare",
		"2 réflexions sur « Le pont »", "Laisser un commentaire",
		"Deja una respuesta", "Lascia un commento",
		"Комментарии", "КОММЕНТАРИИ (12)", "5 комментариев",
		"Komentarze (2)", "ΣΧΌΛΙΑ", "留言列表 (42)", "댓글 3", "コメント",
		"독자 의견 (4)", "댓글쓰기", "网友评论", "Оставить комментарий",
		"Οι απόψεις σας"
	};
	static const char *const no[] = {
		"Comment", "Response", "Responses", "Thoughts", "Gedanken",
		"Comments are closed.", "Commentaires sur la loi",
		"No comments yet, be the first", "Recent comments",
		"The comments field holds what the buyer wrote",
		"12 thoughts", "Комментарий эксперта", "", "   ", "12",
		"What do you think of the new bridge?",
		"Join the discussion group on Fridays"
	};
	static const char *const closed[] = {
		"Comments are closed.", "Comments are now closed for this story",
		"Comments have now been closed on this entry.",
		"You must be logged in to post a comment.",
		"COMMENTING IS DISABLED", "Kommentare geschlossen",
		"Комментарии закрыты", "댓글이 마감되었습니다",
		"The comment section is closed."
	};
	/* closed if records follow */
	static const char *const maybe[] = {
		"Thanks for your comments - this feedback is now closed",
		"The public comment period closed on Monday."
	};
	static const char *const notclosed[] = {
		"Comments", "The bridge closed after the storm.",
		"Leave a comment below", "",
		"Coverage can be disabled on a series of lines using the "
		"following comment syntax:",
		"Readers can no longer comment once a story is a week old "
		"and closed",
		"The council closed the consultation on the plans after "
		"hundreds of comments from residents who live near the park, "
		"and said it would publish them all before the vote next month."
	};
	static const char *const mark[] = {
		"Posted by: Dom, London on 5:19pm Tue 1 Jan 08",
		"Posted by Eric at December 29, 2007 12:03 PM",
		"Comment by Ann – 3 March 2024", "SUBMITTED BY lee on 2/3/2024"
	};
	static const char *const unmarked[] = {
		"Posted by Eric", "By Jane Roe, 3 March 2024",
		"Posted in News on 3 March", "12 comments"
	};
	size_t i;

	for (i = 0; i < sizeof(closed) / sizeof(closed[0]); i++)
		if (thread_closed((const unsigned char *)closed[i],
		    strlen(closed[i])) != 2) {
			fprintf(stderr, "not closed: %s\n", closed[i]);
			check_failed++;
		}
	for (i = 0; i < sizeof(maybe) / sizeof(maybe[0]); i++)
		if (thread_closed((const unsigned char *)maybe[i],
		    strlen(maybe[i])) != 1) {
			fprintf(stderr, "not maybe closed: %s\n", maybe[i]);
			check_failed++;
		}
	for (i = 0; i < sizeof(notclosed) / sizeof(notclosed[0]); i++)
		if (thread_closed((const unsigned char *)notclosed[i],
		    strlen(notclosed[i]))) {
			fprintf(stderr, "closed: %s\n", notclosed[i]);
			check_failed++;
		}
	for (i = 0; i < sizeof(mark) / sizeof(mark[0]); i++)
		if (!thread_mark((const unsigned char *)mark[i],
		    strlen(mark[i]))) {
			fprintf(stderr, "no record's line: %s\n", mark[i]);
			check_failed++;
		}
	for (i = 0; i < sizeof(unmarked) / sizeof(unmarked[0]); i++)
		if (thread_mark((const unsigned char *)unmarked[i],
		    strlen(unmarked[i]))) {
			fprintf(stderr, "a record's line: %s\n", unmarked[i]);
			check_failed++;
		}
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
