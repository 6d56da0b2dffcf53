/*
 * table.c: the fingerprint tables of rinse-dedup and the memory behind
 * them (see table.h for the contract). Growth doubles a table and is
 * charged to the budget; at the cap a table is marked full and keeps
 * what it has.
 */
/* For madvise(2) and MAP_ANONYMOUS, where there are: see tmem(). */
#define _DEFAULT_SOURCE
#include <sys/mman.h>

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <rinse/stage.h>
#include <rinse/util.h>

#include "table.h"

#define HUGE_MIN	((size_t)2 << 20)

/*
 * Zeroed memory for a table or the filter. A big one is probed at random,
 * and on 4K pages nearly every probe is a TLB miss on top of a cache miss
 * (in a virtual machine a walk of two page tables): one long document ran
 * twice as fast on huge pages. Where madvise() has no MADV_HUGEPAGE this
 * is calloc().
 */
void *
tmem(size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_MIN) {
		void *p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		    MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED)
			die("out of memory allocating %zu bytes", n);
		madvise(p, n, MADV_HUGEPAGE);
		return p;
	}
#endif
	return xcalloc(n, 1);
}

/* Frees p, of n bytes, from tmem(). */
void
tfree(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
	if (n >= HUGE_MIN) {
		munmap(p, n);
		return;
	}
#endif
	free(p);
}

static size_t
tab_bytes(const struct table *t, size_t cap)
{
	return cap * sizeof(uint64_t) * (t->wide ? 2 : 1);
}

static void
tab_alloc(struct budget *b, struct table *t, size_t cap)
{
	t->slot = tmem(tab_bytes(t, cap));
	t->cap = cap;
	t->n = 0;
	b->mem += tab_bytes(t, cap);
}

void
tab_init(struct budget *b, struct table *t, int wide, const char *what)
{
	t->wide = wide;
	t->what = what;
	tab_alloc(b, t, TMIN);
}

void
tab_free(struct budget *b, struct table *t)
{
	b->mem -= tab_bytes(t, t->cap);
	tfree(t->slot, tab_bytes(t, t->cap));
	t->slot = NULL;
	t->cap = t->n = 0;
}

/*
 * Empties a per-document table. Clearing costs what the table holds,
 * which the document paid for; a table far bigger than this document
 * needed is given back, so one long document does not tax the rest.
 */
void
tab_reset(struct budget *b, struct table *t)
{
	if (t->cap > TMIN && t->n * 16 < t->cap) {
		tab_free(b, t);
		tab_alloc(b, t, TMIN);
	} else if (t->n > 0)
		memset(t->slot, 0, tab_bytes(t, t->cap));
	t->n = 0;
	t->full = 0;
}

/* Wide tables: the value of key, or -1. */
int64_t
tab_get(const struct table *t, uint64_t key)
{
	size_t m = t->cap - 1, i = (size_t)key & m;

	for (;; i = (i + 1) & m) {
		if (t->slot[2 * i] == key)
			return (int64_t)t->slot[2 * i + 1];
		if (t->slot[2 * i] == 0)
			return -1;
	}
}

/* Narrow tables: the ordinal stored with fingerprint fp, or -1. */
static int64_t
sh_get(const struct table *t, uint32_t fp)
{
	size_t m = t->cap - 1, i = fp & m;
	uint64_t v;

	for (;; i = (i + 1) & m) {
		v = t->slot[i];
		if ((uint32_t)(v >> 32) == fp)
			return (int64_t)(v & 0xFFFFFFFFu);
		if (v == 0)
			return -1;
	}
}

static void
put_slot(struct table *t, uint64_t key, uint64_t val)
{
	size_t m = t->cap - 1, i;

	if (t->wide) {
		for (i = (size_t)key & m; t->slot[2 * i]; i = (i + 1) & m)
			;
		t->slot[2 * i] = key;
		t->slot[2 * i + 1] = val;
	} else {
		for (i = (size_t)(key >> 32) & m; t->slot[i]; i = (i + 1) & m)
			;
		t->slot[i] = key;
	}
}

/* Doubles t; returns 0, after a message the first time, at the cap. */
static int
tab_grow(struct budget *b, struct table *t)
{
	struct table o = *t;
	size_t i;
	char what[64];

	if (t->full)
		return 0;
	if (b->mem + tab_bytes(t, t->cap) > b->max) {
		snprintf(what, sizeof(what), "the %s table would hold",
		    t->what);
		if (!t->warned)
			capwarn(b->name, *b->line, what, b->max, "later "
			    "paragraphs are checked against it but not "
			    "remembered");
		t->warned = 1;
		t->full = 1;
		b->full++;
		return 0;
	}
	tab_alloc(b, t, o.cap * 2);
	for (i = 0; i < o.cap; i++) {
		if (t->wide && o.slot[2 * i])
			put_slot(t, o.slot[2 * i], o.slot[2 * i + 1]);
		else if (!t->wide && o.slot[i])
			put_slot(t, o.slot[i], 0);
	}
	t->n = o.n;
	b->mem -= tab_bytes(&o, o.cap);
	tfree(o.slot, tab_bytes(&o, o.cap));
	return 1;
}

/* Wide tables: adds key with val unless present; returns the old value. */
int64_t
tab_add(struct budget *b, struct table *t, uint64_t key, uint32_t val)
{
	int64_t v = tab_get(t, key);

	if (v >= 0)
		return v;
	if (t->n + 1 > t->cap / 2 && !tab_grow(b, t))
		return -1;
	put_slot(t, key, val);
	t->n++;
	return -1;
}

/*
 * Narrow tables: the ordinal stored with fp, or -1 after adding fp with
 * ord (unless the table is full).
 */
int64_t
sh_addget(struct budget *b, struct table *t, uint32_t fp, uint32_t ord)
{
	size_t m, i;
	uint64_t v;

	if (t->n + 1 > t->cap / 2 && !tab_grow(b, t))
		return sh_get(t, fp);
	m = t->cap - 1;
	for (i = fp & m;; i = (i + 1) & m) {
		v = t->slot[i];
		if ((uint32_t)(v >> 32) == fp)
			return (int64_t)(v & 0xFFFFFFFFu);
		if (v == 0)
			break;
	}
	t->slot[i] = (uint64_t)fp << 32 | ord;
	t->n++;
	return -1;
}
