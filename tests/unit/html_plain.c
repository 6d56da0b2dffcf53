/*
 * Unit tests of rinse-html's plain lines (plain.c): plain_span()'s
 * vector kernel against its portable twin, every byte at every offset of
 * a block; and documents through html_doc() with plain_lines() on and
 * off, which must give the same output and counts: crafted text that
 * puts markup, references, control bytes, CR, invalid and cut UTF-8,
 * CDATA, blank lines and a last line without '\n' around plain lines,
 * in every mode, with and without -z, short and past the 64 KiB that
 * choose the mode.
 */
#define main rinse_stage_main
#include "../../stages/html/html.c"
#undef main

#include <rinse/simd.h>

#include "check.h"

/* The document d[0..n) through html_doc(), plain_lines() on or off. */
struct run {
	char *out;
	size_t len;
	int status;
	unsigned long long bytes_out, paras_in, paras_out, invalid,
	    controls, ents, tags;
};

static void
run(const char *d, size_t n, int zmode, int mode, int levels, int plain,
    struct run *r)
{
	struct html h = { 0 };
	struct reader *rd;
	FILE *in, *out;
	int st;

	h.levels = levels;
	h.extract = 1;
	h.mode = mode;
	html_init(&h, RD_DEFAULT_MAX);
	h.plain = plain;
	if ((in = tmpfile()) == NULL || fwrite(d, 1, n, in) != n ||
	    fflush(in) != 0 || fseek(in, 0, SEEK_SET) != 0)
		die("tmpfile:");
	if ((out = open_memstream(&r->out, &r->len)) == NULL)
		die("open_memstream:");
	rd = reader_open(fileno(in), "test", 0, zmode);
	r->status = RINSE_OK;
	do {
		st = html_doc(&h, rd, out);
		if (st > r->status)
			r->status = st;
		if (zmode)
			putc('\0', out);
	} while (zmode && !reader_error(rd) && reader_more(rd));
	reader_close(rd);
	fclose(in);
	if (fclose(out) != 0)
		die("open_memstream:");
	r->bytes_out = h.bytes_out;
	r->paras_in = h.paras_in;
	r->paras_out = h.paras_out;
	r->invalid = h.invalid;
	r->controls = h.controls;
	r->ents = h.ents;
	r->tags = h.tags;
	html_free(&h);
}

/* Both ways give the same; says which document did not. */
static void
same(const char *d, size_t n, int zmode, int mode, int levels)
{
	struct run a, b;

	run(d, n, zmode, mode, levels, 0, &a);
	run(d, n, zmode, mode, levels, 1, &b);
	if (a.len != b.len || memcmp(a.out, b.out, a.len) != 0 ||
	    a.status != b.status || a.bytes_out != b.bytes_out ||
	    a.paras_in != b.paras_in || a.paras_out != b.paras_out ||
	    a.invalid != b.invalid || a.controls != b.controls ||
	    a.ents != b.ents || a.tags != b.tags) {
		printf("differs (-z %d, mode %d, -e %d) on: %.*s\n",
		    zmode, mode, levels, (int)(n < 300 ? n : 300), d);
		check_failed++;
	}
	free(a.out);
	free(b.out);
}

/* The pieces documents are made of. */
static const char *const pieces[] = {
	"The harbor authority said on Friday", "cargo rose 12 percent",
	"\xED\x95\x9C\xEA\xB5\xAD \xEB\x89\xB4\xEC\x8A\xA4", "a < b", "x<3",
	"<b>bold</b>", "<p>para</p>", "if a<b then c>d", "AT&T", "&amp;",
	"&lt;p&gt;", "&lt;img src=x height=1&gt;", "tab\there", "cr\r",
	"ctl\x01", "del\x7F", "]]>", "<![CDATA[in]]>", "bad\xFF", "cut\xE2\x82",
	"<script>var a;", "</script>", "<!-- note", "-->", "<div", "class=x>",
	"{\"title\": \"t\"}", "[1, 2]", "<rss>", "<item>", "<html>", " ",
	"   ", "\t", "[brackets]", "50% off!", "\xC2\xA0nbsp", "</p>"
};
#define NPIECES (sizeof(pieces) / sizeof(pieces[0]))

static unsigned long seed = 1;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((seed >> 33) % n);
}

/* A document of lines, some of pieces that need the tokenizer. */
static size_t
make_doc(char *d, size_t cap, size_t lines, unsigned markup)
{
	size_t n = 0, i, k, m;
	const char *p;

	for (i = 0; i < lines; i++) {
		for (k = rnd(4); k > 0; k--) {
			p = rnd(100) < markup ? pieces[rnd(NPIECES)] :
			    pieces[rnd(3)];
			m = strlen(p);
			if (n + m + 3 > cap)
				return n;
			memcpy(d + n, p, m);
			n += m;
			if (rnd(3) == 0)
				d[n++] = ' ';
		}
		d[n++] = '\n';
		if (rnd(5) == 0)
			d[n++] = '\n';
	}
	if (n > 0 && rnd(4) == 0)
		n--;	/* a last line without '\n' */
	return n;
}

/* The kernel and its twin on s[0..n): the same span and counts. */
static void
twins(const unsigned char *s, size_t n)
{
#if RINSE_AVX2
	struct span a = { 0, 0 }, b = { 0, 0 };

	CHECK(plain_span_avx2(s, n, &a) == plain_span_c(s, n, &b));
	CHECK(a.lines == b.lines && a.blank == b.blank);
#else
	(void)s;
	(void)n;
#endif
}

/*
 * Every byte at every place of a block and past it, in text without
 * line ends, with short lines, with blank lines and of line ends alone.
 */
static void
kernels(void)
{
	static const char *const bg[] = { "a", "ab\n", "ab\n\n", "\n" };
	unsigned char buf[96];
	size_t b, at, n, i, m;
	unsigned c;

	if (!simd_avx2())
		return;
	for (b = 0; b < 4; b++)
		for (c = 0; c < 256; c++)
			for (at = 0; at < 81; at++) {
				m = strlen(bg[b]);
				for (i = 0; i < sizeof(buf); i++)
					buf[i] = (unsigned char)bg[b][i % m];
				buf[at] = (unsigned char)c;
				for (n = 32; n <= 80; n += 7)
					twins(buf, n);
			}
}

int
main(void)
{
	static char d[200000];
	static const int modes[] = { 0, 'T', 'H' };
	struct span sp;
	size_t n, i;
	int z, m;

	setprogname("rinse-html");
	kernels();
	sp.lines = 0;
	sp.blank = 0;
	CHECK(plain_span_c((const unsigned char *)"ab\tc\nd<", 7, &sp) == 6);
	CHECK(sp.lines == 1 && !sp.blank);
	CHECK(plain_span((const unsigned char *)"\xED\x95\x9C&", 4, &sp) == 3);
	CHECK(sp.lines == 0 && !sp.blank);
	CHECK(plain_span((const unsigned char *)"a\n\nb\n", 5, &sp) == 5);
	CHECK(sp.lines == 3 && sp.blank);
	CHECK(plain_span((const unsigned char *)"\na", 2, &sp) == 2);
	CHECK(sp.lines == 1 && sp.blank);
	/* The documents' warnings are the stage's, not the test's. */
	if (freopen("/dev/null", "w", stderr) == NULL)
		return 1;
	for (i = 0; i < 600; i++) {
		n = make_doc(d, sizeof(d), 1 + rnd(30), rnd(3) == 0 ? 0 :
		    rnd(40));
		for (z = 0; z < 2; z++)
			for (m = 0; m < 3; m++)
				same(d, n, z, modes[m], 1 + (i % 7 == 0));
	}
	/* Records: plain ones between those with markup. */
	for (i = n = 0; i < 40; i++) {
		n += make_doc(d + n, sizeof(d) / 2 - n, 1 + rnd(10),
		    i % 3 == 0 ? 30 : 0);
		d[n++] = '\0';
	}
	same(d, n, 1, 0, 1);
	/* Past the sniff: lines streamed, not held. */
	n = make_doc(d, sizeof(d), 4000, 0);
	n += make_doc(d + n, sizeof(d) - n, 300, 20);
	same(d, n, 0, 0, 1);
	same(d, n, 0, 'T', 1);
	if (check_failed)
		printf("%d checks failed\n", check_failed);
	return check_failed != 0;
}
