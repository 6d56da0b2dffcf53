/*
 * Unit tests of rinse-html's character references: the generated table
 * is sorted and complete, every name decodes to its value, and numeric
 * references get HTML5's repairs. The stage's files are compiled in, as
 * the unit tests link only the shared core.
 */
#include <string.h>

#include "../../stages/html/entities.c"
#include "../../stages/html/entity.c"
#include "check.h"

/* Whether decoding s gives want, consuming used bytes. */
static int
dec(const char *s, const char *want, size_t used)
{
	unsigned char out[16];
	size_t u = 0, k = entity_decode((const unsigned char *)s, strlen(s),
	    out, &u);

	if (want == NULL)
		return k == 0;
	return k == strlen(want) && memcmp(out, want, k) == 0 && u == used;
}

int
main(void)
{
	size_t i, legacy = 0;
	unsigned char buf[64], out[128];

	CHECK(nentities == 2231);
	for (i = 0; i + 1 < nentities; i++)
		CHECK(strcmp(entities[i].name, entities[i + 1].name) < 0);
	for (i = 0; i < nentities; i++) {
		const struct entity *e = &entities[i];
		size_t u = 0, k;

		legacy += e->name[e->nlen - 1] != ';';
		buf[0] = '&';
		memcpy(buf + 1, e->name, e->nlen);
		k = entity_decode(buf, e->nlen + 1, out, &u);
		CHECK(k == e->vlen && memcmp(out, e->val, k) == 0);
		CHECK(u == (size_t)e->nlen + 1);
		CHECK(k <= 2 * ((size_t)e->nlen + 1));
	}
	CHECK(legacy == 106);

	CHECK(dec("&amp;", "&", 5));
	CHECK(dec("&amp", "&", 4));
	CHECK(dec("&notit;", "\xC2\xAC", 4));
	CHECK(dec("&notin;", "\xE2\x88\x89", 7));
	CHECK(dec("&copy2024", "\xC2\xA9", 5));
	CHECK(dec("&T", NULL, 0));
	CHECK(dec("& ", NULL, 0));
	CHECK(dec("&unknown;", NULL, 0));
	CHECK(dec("&#65;", "A", 5));
	CHECK(dec("&#x42", "B", 5));
	CHECK(dec("&#X43;", "C", 6));
	CHECK(dec("&#128;", "\xE2\x82\xAC", 6));
	CHECK(dec("&#129;", "\xC2\x81", 6));
	CHECK(dec("&#159;", "\xC5\xB8", 6));
	CHECK(dec("&#0;", "\xEF\xBF\xBD", 4));
	CHECK(dec("&#xD800;", "\xEF\xBF\xBD", 8));
	CHECK(dec("&#x110000;", "\xEF\xBF\xBD", 10));
	CHECK(dec("&#99999999999999999999;", "\xEF\xBF\xBD", 23));
	CHECK(dec("&#;", NULL, 0));
	CHECK(dec("&#x;", NULL, 0));
	CHECK(dec("&#x1F600;", "\xF0\x9F\x98\x80", 9));

	{
		const char *s = "AT&T &lt;b&gt; &amp;amp; R&D";
		unsigned long long n = 0;
		size_t k = entity_decode_all((const unsigned char *)s,
		    strlen(s), out, &n);

		CHECK(k == strlen("AT&T <b> &amp; R&D") &&
		    memcmp(out, "AT&T <b> &amp; R&D", k) == 0 && n == 3);
	}
	return check_failed != 0;
}
