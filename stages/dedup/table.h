/*
 * table.h: rinse-dedup's fingerprint tables and the memory budget they
 * share.
 *
 * A table is an open-addressing hash table (linear probing, at most half
 * full). A slot is one 64-bit word, 0 when empty. Fingerprint tables
 * (paragraphs, sentences, -x) are wide: two words a slot, the key (never
 * 0) and the ordinal of the paragraph it first came from. The shingle
 * table (a 1-in-16 sample that only names where a near-duplicate came
 * from) is narrow: a 32-bit fingerprint (never 0) above a 32-bit ordinal
 * in one word.
 *
 * Every table, the shingle filter and the shingle list are charged to one
 * budget (-M). A table that would exceed it is marked full, says so once
 * a run, and keeps what it has: later keys are looked up in it but not
 * added.
 */
#ifndef DEDUP_TABLE_H
#define DEDUP_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define TMIN	64		/* table slots after a reset */

/* The memory that the tables, the filter and the shingle list share. */
struct budget {
	size_t mem, max;	/* bytes charged, the cap */
	unsigned long long full;	/* times something reached the cap */
	const char *name;	/* the input being read, for messages */
	const unsigned long *line;	/* and the number of its line */
};

struct table {
	uint64_t *slot;
	size_t cap, n;		/* slots (a power of two), entries */
	int wide;		/* two words a slot */
	int full;		/* in this document, or for -x the run */
	int warned;		/* the message when full, once a run */
	const char *what;	/* for the message when full */
};

/* Zeroed memory of n bytes (huge pages for a big one); tfree() frees it. */
void *tmem(size_t n);
void tfree(void *p, size_t n);

/* An empty table of TMIN slots; what names it in the message when full. */
void tab_init(struct budget *b, struct table *t, int wide, const char *what);
void tab_free(struct budget *b, struct table *t);
/* Empties a table, giving back memory a bigger document left it. */
void tab_reset(struct budget *b, struct table *t);

/* Wide tables: the value of key, or -1. */
int64_t tab_get(const struct table *t, uint64_t key);
/* Wide tables: adds key with val unless present; returns the old value. */
int64_t tab_add(struct budget *b, struct table *t, uint64_t key,
    uint32_t val);
/*
 * Narrow tables: the ordinal stored with fp, or -1 after adding fp with
 * ord (unless the table is full).
 */
int64_t sh_addget(struct budget *b, struct table *t, uint32_t fp,
    uint32_t ord);

#endif
