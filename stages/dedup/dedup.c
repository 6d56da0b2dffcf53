/*
 * rinse-dedup: drops repeated paragraphs and cuts repeated passages out of
 * paragraphs, within each document; with -x also across the documents of
 * one run, with -s also across runs through a persistent store.
 *
 * Every paragraph (line) is normalized once, in one pass that also hashes
 * it: the whole paragraph, each sentence, and each of its character
 * 7-grams ("shingles"). The shingles are looked up in the earlier text
 * only for a paragraph that reaches verdict 4, and only until the
 * threshold is out of reach. The verdicts, in order:
 *
 *   1. Fewer than -m letters and digits: kept, unless it continues a run
 *      of dropped paragraphs in the same order as their originals (a whole
 *      article pasted twice repeats its short lines too).
 *   2. Its normalized form was seen: dropped (within the document; with -x
 *      in an earlier document; with -s in the store).
 *   3. A run of sentences seen earlier in the document, two or more of
 *      at least -P/2 columns together or one of -P, is cut out; if
 *      nothing is left, it is dropped. So is a paragraph whose sentences
 *      were all seen, and a run that opens the paragraph after a repeat,
 *      however short (but at least -m). In a paragraph that repeats a run
 *      of its own sentences, a sentence beside it made wholly of its
 *      earlier text counts as seen (mark_covered()).
 *   4. What is left, if 100 columns or more, has at least -t of its
 *      shingles in the earlier text of the document: dropped.
 *
 * Memory: the fingerprint tables of one document (reset at each document)
 * and, for -x, of the whole run; all of them together are capped by -M.
 * Shingles go into a Bloom filter sized to the document. Every shingle
 * is kept until a document has FULL_SHINGLES of them, so that the
 * containment of a paragraph is measured on all of its shingles; after
 * that only one in eight (chosen by hash, so the same text picks the same
 * ones), which keeps a very long document within cache and still finds
 * the earlier full set a superset of what it looks up.
 *
 * This file holds the policy (dedup_line(), residue()), the setup and
 * reset of the state, and main(); dedup.h lists where the rest is.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/reader.h>
#include <rinse/stage.h>
#include <rinse/utf8.h>
#include <rinse/util.h>

#include "dedup.h"
#include "norm.h"

/*
 * Judges the residue of a cut paragraph of ordinal ord (d->res, see
 * residue_text()) as rinse-dedup run on the output would judge it there:
 * as a paragraph of its own. Alone it has no shingles that run across
 * the cuts (new text, so misses), and a residue that passed the
 * containment test in its paragraph can fail it alone: an edited copy of
 * an earlier paragraph after a cut passage was kept, and dropped by the
 * second pass. Such a residue is dropped now, with its paragraph, and so
 * is one that is an earlier paragraph. Returns the verdict, V_CUT to
 * keep the residue, and for a drop puts its source's line and the
 * similarity in *of and *sim.
 *
 * The residue's fingerprints (paragraph, sentences, shingles) are
 * remembered next to the whole paragraph's: what later paragraphs are
 * judged against is then always what a second pass remembers, and more,
 * so what this pass keeps a second pass keeps too.
 */
static int
residue(struct dedup *d, uint32_t ord, unsigned long *of, double *sim)
{
	struct sent *sl = d->sl;
	size_t nsl = d->nsl, capsl = d->capsl, i;
	unsigned long w;
	unsigned samples = 0, hits;
	uint64_t h;
	int64_t o, best = -1;
	int v = V_CUT;

	/* normalize() fills d->sl: lend it another list. */
	d->sl = d->rsl;
	d->capsl = d->caprsl;
	h = normalize(d, d->z, d->res, d->nres, ord, &w);
	o = tab_add(&d->b, &d->paras, h, ord);
	if (w < d->minlen)
		;	/* short: kept, as it would be */
	else if (o >= 0 && (uint32_t)o != ord) {
		v = V_DUP;
		d->dup++;
		d->prevorig = o;
		*of = d->plist[o].line;
		*sim = 1;
	} else if (d->cross &&
	    tab_add(&d->b, &d->run, h, (uint32_t)d->doc) >= 0) {
		v = V_CROSS;
		d->xdup++;
		*of = (unsigned long)tab_get(&d->run, h);
		*sim = 1;
	} else if (w >= NEAR_MIN) {
		for (i = 0; i < d->nsl; i++)
			samples += d->sl[i].samples;
		hits = samples > 0 ? count_hits(d, samples, 1) : 0;
		if (samples > 0 && (double)hits / samples >= d->thresh) {
			for (i = 0; i < d->nsl && best < 0; i++)
				best = d->sl[i].hitof;
			if (best < 0)
				best = 0;
			v = V_NEAR;
			d->near++;
			d->prevorig = best;
			*of = d->plist[best].line;
			*sim = (double)hits / samples;
		}
	}
	d->rsl = d->sl;
	d->caprsl = d->capsl;
	d->sl = sl;
	d->nsl = nsl;
	d->capsl = capsl;
	return v;
}

/*
 * The share of the shingles of the paragraph's uncut sentences that the
 * filter holds (see count_hits(); near: only as far as the near-duplicate
 * verdict needs), their number in *samples.
 */
static double
similarity(struct dedup *d, int near, unsigned *samples)
{
	size_t i;

	*samples = 0;
	for (i = 0; i < d->nsl; i++)
		if (!d->sl[i].cut)
			*samples += d->sl[i].samples;
	return *samples > 0 ? (double)count_hits(d, *samples, near) /
	    *samples : 0;
}

/* Decides one non-blank line. */
static void
dedup_line(struct dedup *d, FILE *out, const unsigned char *s, size_t n)
{
	uint32_t ord = (uint32_t)d->npl;
	unsigned long w, cutw;
	unsigned samples = 0;
	uint64_t h;
	int64_t of, prev = d->prevorig, cof;
	unsigned long rof;
	size_t i;
	double sim = 0;
	int verdict;

	d->paras_in++;
	bits_flush(d);	/* the earlier paragraphs' shingles, for normalize() */
	h = normalize(d, d->z, s, n, ord, &w);
	d->prevorig = -1;
	if (w == 0) {
		emit(d, out, s, n, V_EMPTY, 0, 0, 0);
		return;
	}
	d->plist = xgrow(d->plist, &d->capl, d->npl + 1, sizeof(*d->plist));
	d->plist[d->npl].h = h;
	d->plist[d->npl].line = d->line;
	d->npl++;
	of = tab_add(&d->b, &d->paras, h, ord);

	if (w < d->minlen) {
		/* Short: dropped only as part of a repeated run. */
		if (of >= 0 && prev >= 0 && (size_t)prev + 1 < ord &&
		    d->plist[prev + 1].h == h) {
			d->prevorig = prev + 1;
			d->dup++;
			emit(d, out, s, n, V_DUP, d->plist[prev + 1].line, 1,
			    0);
		} else {
			d->shortkept += of >= 0;
			emit(d, out, s, n, V_SHORT, 0, 0, 0);
		}
		goto remember;
	}
	if (of >= 0) {
		d->prevorig = of;
		d->dup++;
		emit(d, out, s, n, V_DUP, d->plist[of].line, 1, 0);
		goto remember;
	}
	if (d->cross && tab_add(&d->b, &d->run, h, (uint32_t)d->doc) >= 0) {
		d->xdup++;
		emit(d, out, s, n, V_CROSS, (unsigned long)tab_get(&d->run,
		    h), 1, 0);
		goto remember;
	}

	/*
	 * An edited copy of an earlier paragraph is judged whole: cut
	 * sentence by sentence, it would leave the few it changed standing
	 * as a new paragraph. So the similarity is taken before the cuts,
	 * and again after them only if they stand.
	 */
	sim = similarity(d, w >= NEAR_MIN, &samples);
	mark_covered(d, ord);
	cutw = mark_cuts(d, &cof, prev >= 0);
	if (cutw >= w) {
		d->prevorig = cof;
		d->dup++;
		emit(d, out, s, n, V_DUP, d->plist[cof].line, 1, 0);
		goto remember;
	}
	if (cutw > 0 && w >= NEAR_MIN && samples > 0 && sim >= d->thresh) {
		for (i = 0; i < d->nsl; i++)
			d->sl[i].cut = 0;
		cutw = 0;
	} else if (cutw > 0)
		sim = similarity(d, w - cutw >= NEAR_MIN, &samples);
	/*
	 * Short paragraphs get no near-duplicate verdict: most of a short
	 * line's shingles are found somewhere in a long document ("Plan B"
	 * after "Plan A", a price after a price), so containment says
	 * little about them.
	 */
	if (w - cutw >= NEAR_MIN && samples > 0 && sim >= d->thresh) {
		int64_t best = -1;
		size_t j;

		/* Where its shingles came from, for --explain. */
		for (j = 0; j < d->nsl && best < 0; j++)
			if (!d->sl[j].cut)
				best = d->sl[j].hitof;
		if (best < 0)
			best = 0;
		d->near++;
		d->prevorig = best;
		emit(d, out, s, n, V_NEAR, d->plist[best].line, sim, 0);
		goto remember;
	}
	if (cutw == 0) {
		emit(d, out, s, n, V_KEEP, 0, sim, h);
		goto remember;
	}
	residue_text(d, s, n);
	rof = d->plist[cof].line;
	verdict = residue(d, ord, &rof, &sim);
	if (verdict == V_CUT) {
		d->cut++;
		sim = (double)cutw / w;
	}
	emit(d, out, s, n, verdict, rof, sim, verdict == V_CUT ? h : 0);
remember:
	bits_add(d, of >= 0);
	if (d->nsh >= FULL_SHINGLES)
		d->sampled = 1;
}

static void
reset_doc(struct dedup *d)
{
	tab_reset(&d->b, &d->paras);
	tab_reset(&d->b, &d->sents);
	tab_reset(&d->b, &d->shingles);
	/* The last paragraph's bits were never set: see bits_add(). */
	d->setfrom = d->setto = 0;
	if (d->nbits > BITS_MIN && d->nsh * 32 * 16 < d->nbits) {
		d->b.mem -= d->nbits / 8;
		tfree(d->bits, d->nbits / 8);
		d->nbits = BITS_MIN;
		d->bits = tmem(d->nbits / 8);
		d->b.mem += d->nbits / 8;
	} else if (d->dirty)
		memset(d->bits, 0, d->nbits / 8);
	d->dirty = 0;
	if (d->capsh > 65536 && d->nsh * 16 < d->capsh) {
		d->b.mem -= d->capsh * sizeof(*d->shl);
		free(d->shl);
		d->shl = NULL;
		d->capsh = 0;
	}
	d->nsh = d->shdone = 0;
	if (d->capl > 4096) {
		free(d->plist);
		d->plist = NULL;
		d->capl = 0;
	}
	d->npl = 0;
	d->line = 0;
	d->prevorig = -1;
	d->sampled = 0;
	d->nrecs = 0;
	d->ntext = 0;
	d->doc++;
}

/*
 * Sets up the state of a run whose options are in d, with a cap of max
 * bytes on what its tables hold: the tables, the filter, and what the
 * options decide once. main() and the fuzzing harness share it.
 */
void
dedup_init(struct dedup *d, size_t max)
{
	size_t i;

	d->b.max = max;
	d->b.name = "<stdin>";
	d->b.line = &d->line;
	tab_init(&d->b, &d->paras, 1, "paragraph");
	tab_init(&d->b, &d->sents, 1, "sentence");
	tab_init(&d->b, &d->shingles, 0, "shingle");
	tab_init(&d->b, &d->run, 1, "-x paragraph");
	d->nbits = BITS_MIN;
	d->bits = tmem(d->nbits / 8);
	d->b.mem += d->nbits / 8;
	d->z = xmalloc(sizeof(*d->z));
	d->hpow[0] = 1;
	for (i = 1; i < HPOWS; i++)
		d->hpow[i] = d->hpow[i - 1] * HMUL;
	/* With near-duplicates off, shingles matter only to --explain. */
	d->shingling = d->thresh <= 1 || d->explain;
	d->vec = norm_kernels();
}

/*
 * The core: reads one document from in and writes what it keeps to out.
 * With -s the document is staged, its fingerprints claimed in the store
 * (the new ones in one write transaction), written and flushed, and only
 * then committed: a crash before the commit repeats the document's
 * paragraphs next time rather than losing them. Otherwise stage_run()
 * flushes it when reading on could wait (stages/lib/stage.c).
 */
int
dedup_doc(void *state, struct reader *in, FILE *out)
{
	struct dedup *d = state;
	const char *line;
	size_t len;
	int rc, status = RINSE_OK;

	reset_doc(d);
	d->b.name = reader_name(in);
	whylog_doc(&d->wl, reader_name(in), reader_zmode(in));
	while ((rc = reader_next(in, &line, &len)) == RD_LINE) {
		d->line++;
		if (len == 0) {
			emit(d, out, NULL, 0, V_EMPTY, 0, 0, 0);
			continue;
		}
		if (utf8_valid((const unsigned char *)line, len) < len) {
			/* Invalid bytes become U+FFFD, counted (DESIGN.md). */
			d->fix = xgrow(d->fix, &d->capfix, 3 * len, 1);
			len = utf8_sanitize((const unsigned char *)line, len,
			    d->fix, &d->invalid);
			line = (const char *)d->fix;
		}
		dedup_line(d, out, (const unsigned char *)line, len);
	}
	if (rc == RD_ERR)
		status = reader_fail(in);
	if (d->store)
		claim_doc(d);
	flush_recs(d, out);
	if (d->store) {
		if (fflush(out) == EOF)
			die("write error:");
		store_commit(d->store);
	}
	whylog_end(&d->wl);
	return status;
}

/* Gives back everything the state holds. */
void
dedup_free(struct dedup *d)
{
	tab_free(&d->b, &d->paras);
	tab_free(&d->b, &d->sents);
	tab_free(&d->b, &d->shingles);
	tab_free(&d->b, &d->run);
	tfree(d->bits, d->nbits / 8);
	free(d->shl);
	free(d->loc);
	free(d->plist);
	free(d->sl);
	free(d->rsl);
	free(d->res);
	free(d->skip);
	free(d->recs);
	free(d->claims);
	free(d->ctmp);
	free(d->keys);
	free(d->seen);
	free(d->text);
	free(d->fix);
	free(d->z);
}

static void
usage(FILE *fp)
{
	fputs("usage: rinse-dedup [-hVvzx] [-m N] [-P N] [-t F] [-s PATH] "
	    "[--expire DAYS]\n"
	    "                   [--explain] [-M SIZE] [file ...]\n"
	    "  -m N     paragraphs under N columns (Hangul, CJK count two) "
	    "are never\n"
	    "           dropped unless part of a repeated run (default 12)\n"
	    "  -P N     cut a run of repeated sentences (one or more) of N "
	    "columns\n"
	    "           together (default 50)\n"
	    "  -t F     drop a paragraph whose shingles are this much "
	    "contained in\n"
	    "           earlier text (0 to 1, default 0.9; 1 turns it off); "
	    "only\n"
	    "           paragraphs of 100 columns or more\n"
	    "  -x       also drop paragraphs kept in an earlier document of "
	    "this run\n"
	    "  -s PATH  also drop paragraphs kept by earlier runs; record "
	    "the kept ones\n"
	    "  --expire DAYS  with -s: first forget fingerprints last seen "
	    "DAYS or more\n"
	    "           days ago (0 forgets all)\n"
	    "  --ids FILE  with -s: the documents' names, NUL-separated; a "
	    "document\n"
	    "           keeps the paragraphs it recorded itself (run.sh "
	    "gives them)\n"
	    "  --explain  print every paragraph and why it stays or goes, not "
	    "the text\n"
	    "  --explain-log FILE  append what was removed and why to FILE\n",
	    fp);
	common_help(fp);
}

static double
parse_frac(const char *arg, int opt)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0' || !(v >= 0 && v <= 1))
		die("-%c: '%s' is not a fraction from 0 to 1", opt, arg);
	return v;
}

/* The long options, and where they go. */
static const struct longopt longs[] = {
	{ "explain", 0 }, { "explain-log", 1 }, { "expire", 1 }, { "ids", 1 }
};

struct longs {
	struct dedup *d;
	long expire;
	const char *ids;
};

static void
takelong(void *ctx, size_t k, const char *value)
{
	struct longs *l = ctx;

	if (k == 0)
		l->d->explain = 1;
	else if (k == 1)
		whylog_open(&l->d->wl, value, "dedup");
	else if (k == 2)
		l->expire = parse_num(value, 0, 1000000, 'e');
	else
		l->ids = value;
}

/* The -v line. */
static const char *const keys[] = {
	"bytes_in", "bytes_out", "paras_in", "paras_out", "dropped",
	"dup", "near", "cut", "xdup", "stored", "short_kept",
	"expired", "invalid"
};

static void
counts(const void *state, unsigned long long *vals)
{
	const struct dedup *d = state;

	vals[1] = d->bytes_out;
	vals[2] = d->paras_in;
	vals[3] = d->paras_out;
	vals[4] = d->dup + d->near + d->xdup + d->stored;
	vals[5] = d->dup;
	vals[6] = d->near;
	vals[7] = d->cut;
	vals[8] = d->xdup;
	vals[9] = d->stored;
	vals[10] = d->shortkept;
	vals[11] = d->expired;
	vals[12] = d->invalid;
}

/* After the last document: the store and the log are closed. */
static int
done(void *state)
{
	struct dedup *d = state;

	store_close(d->store);
	whylog_close(&d->wl);
	return RINSE_OK;
}

static const struct stage stage = {
	dedup_doc, keys, sizeof(keys) / sizeof(keys[0]), counts, done
};

int
main(int argc, char *argv[])
{
	struct common c = { 0 };
	struct dedup d = { 0 };
	const char *path = NULL, *ids;
	struct longs l;
	long expire;
	int ch, status;

	setprogname(argv[0]);
	d.minlen = DEF_MINLEN;
	d.passage = DEF_PASSAGE;
	d.thresh = DEF_THRESH;
	l.d = &d;
	l.expire = -1;
	l.ids = NULL;
	argc = longopts(argc, argv, longs, sizeof(longs) / sizeof(longs[0]),
	    takelong, &l, usage);
	expire = l.expire;
	ids = l.ids;
	while ((ch = getopt(argc, argv, COMMON_OPTS "xm:P:t:s:")) != -1) {
		if (common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'x':
			d.cross = 1;
			break;
		case 'm':
			d.minlen = (unsigned)parse_num(optarg, 0, 1000000, 'm');
			break;
		case 'P':
			d.passage = (unsigned)parse_num(optarg, 1, 100000000,
			    'P');
			break;
		case 't':
			d.thresh = parse_frac(optarg, 't');
			break;
		case 's':
			path = optarg;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}
	if (expire >= 0 && path == NULL)
		die("--expire needs a store (-s PATH)");
	/* A threshold of 1 would still drop full containment: make it off. */
	if (d.thresh >= 1)
		d.thresh = 2;
	dedup_init(&d, c.max ? c.max : RD_DEFAULT_MAX);
	if (path) {
		d.store = store_open(path);
		if (ids)
			store_owners(d.store, ids);
		if (expire >= 0)
			d.expired = store_expire(d.store, expire);
	}

	status = stage_main(argv + optind, argc - optind, &c, &stage, &d);
	dedup_free(&d);
	return status;
}
