/*
 * jsonl.c: JSON records, read and written with json-c.
 *
 * Contract: a record is one line holding one JSON object (RFC 8259, in
 * UTF-8; json-c's strict mode, with UTF-8 checked). Written back, a
 * record keeps its keys in their order and its numbers as written
 * (json-c keeps the text of numbers with a fraction or exponent); only
 * the text field and the "rinse" object change. Strings are written in
 * UTF-8 with the escapes JSON needs, so "\u00e9" comes back as "é": the
 * same value. An integer beyond 64 bits, which json-c would saturate,
 * makes a line no record (it goes to the excluded file with the reason);
 * of a key written twice in one object json-c keeps the last.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <json-c/printbuf.h>
#include <rinse/util.h>
#include <rinse/utf8.h>
#include "rec.h"

#define TO_STRING (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)

/* Whether o holds a number json-c may have changed (see above). */
static int
unkept(struct json_object *o, int depth)
{
	size_t i, n;

	if (depth > 64)
		return 0;
	switch (json_object_get_type(o)) {
	case json_type_int:
		return json_object_get_int64(o) == INT64_MIN ||
		    json_object_get_uint64(o) == UINT64_MAX;
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			if (unkept(json_object_array_get_idx(o, i), depth + 1))
				return 1;
		return 0;
	case json_type_object: {
		json_object_object_foreach(o, k, v) {
			(void)k;
			if (unkept(v, depth + 1))
				return 1;
		}
		return 0;
	}
	default:
		return 0;
	}
}

struct json_object *
jsonl_parse(const unsigned char *line, size_t n, const char *field,
    const char **text, size_t *ntext, const char **why)
{
	static char nofield[96];
	struct json_tokener *t;
	struct json_object *o, *v;
	size_t end;

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' ' ||
	    line[n - 1] == '\t'))
		n--;
	if (n > INT32_MAX) {
		*why = "a line too long for json-c";
		return NULL;
	}
	if ((t = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH)) == NULL)
		die("out of memory");
	/*
	 * json-c checks UTF-8 a byte at a time, and less strictly than
	 * utf8_valid(): a line that utf8_valid() passes whole, json-c's check
	 * would pass too, so it is asked only of the others (and says the
	 * same of them as before).
	 */
	json_tokener_set_flags(t, utf8_valid(line, n) == n ?
	    JSON_TOKENER_STRICT : JSON_TOKENER_STRICT |
	    JSON_TOKENER_VALIDATE_UTF8);
	o = json_tokener_parse_ex(t, (const char *)line, (int)n);
	end = json_tokener_get_parse_end(t);
	if (o == NULL) {
		*why = json_tokener_get_error(t) == json_tokener_continue ?
		    "not valid JSON: the line ends inside a value" :
		    "not valid JSON";
	} else if (end < n) {
		*why = "not valid JSON: more after the object";
	} else if (!json_object_is_type(o, json_type_object)) {
		*why = "not a JSON object";
	} else if (!json_object_object_get_ex(o, field, &v)) {
		snprintf(nofield, sizeof(nofield), "no field \"%.64s\"", field);
		*why = nofield;
	} else if (!json_object_is_type(v, json_type_string)) {
		*why = "the field is not a string";
	} else if (unkept(o, 0)) {
		*why = "an integer beyond 64 bits, which json-c cannot keep";
	} else {
		json_tokener_free(t);
		*text = json_object_get_string(v);
		*ntext = json_object_get_string_len(v);
		return o;
	}
	json_tokener_free(t);
	json_object_put(o);
	return NULL;
}

/* base64 of p, for a raw line that is not UTF-8. */
static struct json_object *
base64(const unsigned char *p, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char *s = xmalloc((n + 2) / 3 * 4 + 1), *q = s;
	struct json_object *o;
	size_t i;

	for (i = 0; i + 2 < n; i += 3, q += 4) {
		q[0] = tab[p[i] >> 2];
		q[1] = tab[(p[i] & 3) << 4 | p[i + 1] >> 4];
		q[2] = tab[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		q[3] = tab[p[i + 2] & 63];
	}
	if (i < n) {
		q[0] = tab[p[i] >> 2];
		q[1] = tab[(p[i] & 3) << 4 | (i + 1 < n ? p[i + 1] >> 4 : 0)];
		q[2] = i + 1 < n ? tab[(p[i + 1] & 15) << 2] : '=';
		q[3] = '=';
		q += 4;
	}
	o = json_object_new_string_len(s, q - s);
	free(s);
	return o;
}

static void
put(struct sink *k, struct json_object *o)
{
	size_t n;
	const char *s = json_object_to_json_string_length(o, TO_STRING, &n);

	if (s == NULL)
		die("out of memory");
	sink_write(k, s, n);
	sink_write(k, "\n", 1);
}

void
jsonl_excluded(struct sink *k, const char *file, unsigned long long lineno,
    const char *reason, struct json_object *obj, const unsigned char *raw,
    size_t nraw, const unsigned *dropped)
{
	struct json_object *x = json_object_new_object(), *d;
	size_t i;

	json_object_object_add(x, "file", json_object_new_string(file));
	if (lineno > 0)
		json_object_object_add(x, "line",
		    json_object_new_uint64(lineno));
	json_object_object_add(x, "reason", json_object_new_string(reason));
	if (dropped != NULL) {
		d = json_object_new_object();
		for (i = 0; i < NSTAGE; i++)
			json_object_object_add(d, counts_stage(i),
			    json_object_new_uint64(dropped[i]));
		json_object_object_add(x, "dropped", d);
	}
	if (obj != NULL)
		json_object_object_add(x, "record", json_object_get(obj));
	else if (utf8_valid(raw, nraw) == nraw)
		json_object_object_add(x, "raw",
		    json_object_new_string_len((const char *)raw, (int)nraw));
	else
		json_object_object_add(x, "raw_base64", base64(raw, nraw));
	put(k, x);
	json_object_put(x);
}

/* The cleaned text, not copied into json-c: see jsonl_write(). */
struct text {
	const char *s;
	size_t n;
};

/*
 * The length of the run of s[0..n) that needs no escape in a JSON
 * string: no control character, '"' or backslash. Eight bytes are
 * looked at together (a byte below 0x20, or equal to '"' or '\\', shows
 * in the high bit of its lane); the word that holds one is read again a
 * byte at a time.
 */
static size_t
plain_run(const unsigned char *s, size_t n)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7;
	size_t i = 0;
	uint64_t w, q, b;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		q = w ^ (ones * '"');
		b = w ^ (ones * '\\');
		if ((((w - ones * 0x20) & ~w) | ((q - ones) & ~q) |
		    ((b - ones) & ~b)) & highs)
			break;
	}
	while (i < n && s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
		i++;
	return i;
}

/*
 * Writes the text as a JSON string, escaped as json-c escapes strings
 * (the same bytes json-c would write): runs of bytes that need no
 * escape are appended whole.
 */
static int
text_json(struct json_object *jso, struct printbuf *pb, int level, int flags)
{
	static const char hex[] = "0123456789abcdef";
	const struct text *t = json_object_get_userdata(jso);
	const unsigned char *s = (const unsigned char *)t->s;
	size_t i = 0, run;
	char esc[7];

	(void)level;
	(void)flags;
	printbuf_memappend(pb, "\"", 1);
	while (i < t->n) {
		run = i + plain_run(s + i, t->n - i);
		if (run > i && printbuf_memappend(pb, (const char *)s + i,
		    (int)(run - i)) < 0)
			die("out of memory");
		if ((i = run) == t->n)
			break;
		esc[0] = '\\';
		esc[1] = s[i] == '"' ? '"' : s[i] == '\\' ? '\\' :
		    s[i] == '\n' ? 'n' : s[i] == '\r' ? 'r' : s[i] == '\t' ? 't' :
		    s[i] == '\b' ? 'b' : s[i] == '\f' ? 'f' : 'u';
		if (esc[1] == 'u') {
			memcpy(esc + 2, "00", 2);
			esc[4] = hex[s[i] >> 4];
			esc[5] = hex[s[i] & 15];
		}
		printbuf_memappend(pb, esc, esc[1] == 'u' ? 6 : 2);
		i++;
	}
	printbuf_memappend(pb, "\"", 1);
	return 0;
}

void
jsonl_write(struct sink *k, struct json_object *obj, const char *field,
    const char *text, size_t n, const struct side_ent *e,
    unsigned long long paras_out, const unsigned *dropped)
{
	struct json_object *r = json_object_new_object(), *d, *v;
	struct text t = { text, n };
	size_t i;

	/* An empty string that writes t: the text is escaped straight
	 * from the caller's buffer, never copied into json-c. */
	v = json_object_new_string("");
	json_object_set_serializer(v, text_json, &t, NULL);
	json_object_object_add(obj, field, v);
	if (e->paras != UINT64_MAX)
		json_object_object_add(r, "paras_in",
		    json_object_new_uint64(e->paras));
	json_object_object_add(r, "paras_out",
	    json_object_new_uint64(paras_out));
	json_object_object_add(r, "bytes_in", json_object_new_uint64(e->bytes));
	json_object_object_add(r, "bytes_out", json_object_new_uint64(n));
	if (dropped != NULL) {
		d = json_object_new_object();
		for (i = 0; i < NSTAGE; i++)
			json_object_object_add(d, counts_stage(i),
			    json_object_new_uint64(dropped[i]));
		json_object_object_add(r, "dropped", d);
	}
	json_object_object_add(obj, "rinse", r);
	put(k, obj);
}
