/*
 * side.c: the side file between rinse-rec's two halves.
 *
 * Contract: an entry is a fixed header (kind, three numbers, two
 * lengths) and its two byte strings (the first written from two parts,
 * data and more, read back as one). The split half flushes the file
 * before it writes the texts of the entries (split.c's flushout()), so
 * the join half can read an entry as soon as the text it belongs to
 * comes out of the chain. Both halves run on one machine
 * from one binary: numbers are written in host order. A short or
 * unknown entry is a damaged file and stops the join half.
 */
#include <stdlib.h>
#include <string.h>

#include <rinse/util.h>
#include "rec.h"

struct head {
	unsigned char kind;
	unsigned long long a, paras, bytes, nobj;
	unsigned long long ndata, ntext;
	unsigned long long off, nraw;
};

void
side_put(FILE *fp, const char *name, const struct side_ent *e)
{
	struct head h;

	memset(&h, 0, sizeof(h));
	h.kind = e->kind;
	h.a = e->a;
	h.paras = e->paras;
	h.bytes = e->bytes;
	h.nobj = e->nobj;
	h.off = e->off;
	h.nraw = e->nraw;
	h.ndata = e->ndata + e->nmore;
	h.ntext = e->text ? strlen(e->text) : 0;
	if (fwrite(&h, sizeof(h), 1, fp) != 1 ||
	    (e->ndata && fwrite(e->data, e->ndata, 1, fp) != 1) ||
	    (e->nmore && fwrite(e->more, e->nmore, 1, fp) != 1) ||
	    (h.ntext && fwrite(e->text, h.ntext, 1, fp) != 1))
		die("%s: write error:", name);
}

int
side_get(FILE *fp, const char *name, struct side_ent *e)
{
	struct head h;
	size_t need;

	if (fread(&h, sizeof(h), 1, fp) != 1) {
		if (ferror(fp))
			die("%s: read error:", name);
		return 0;
	}
	if (h.kind != SIDE_HEAD && h.kind != SIDE_JSON &&
	    h.kind != SIDE_WARC && h.kind != SIDE_BAD)
		die("%s: damaged (an entry of unknown kind)", name);
	if (h.ndata > ((size_t)1 << 40) || h.ntext > ((size_t)1 << 20))
		die("%s: damaged (an entry of impossible length)", name);
	need = h.ndata + h.ntext + 2;
	if (need > e->cap) {
		free(e->data);
		e->cap = need;
		e->data = xmalloc(need);
	}
	e->kind = h.kind;
	e->a = h.a;
	e->paras = h.paras;
	e->bytes = h.bytes;
	e->nobj = h.nobj;
	e->off = h.off;
	e->nraw = h.nraw;
	if (h.nobj > h.ndata)
		die("%s: damaged (an entry of impossible length)", name);
	e->ndata = h.ndata;
	e->text = (char *)e->data + h.ndata + 1;
	if ((h.ndata && fread(e->data, h.ndata, 1, fp) != 1) ||
	    (h.ntext && fread(e->text, h.ntext, 1, fp) != 1))
		die("%s: damaged (an entry cut short)", name);
	e->data[h.ndata] = 0;
	e->text[h.ntext] = 0;
	return 1;
}
