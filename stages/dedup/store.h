/*
 * store.h: the persistent fingerprint store of rinse-dedup -s, an LMDB
 * file (and its "-lock" file) that many processes may share.
 *
 * The store holds paragraph fingerprints (64-bit) with the day each was
 * last seen (store.c says how they are laid out). A named database
 * "meta" holds the format version; a store without it, or with another
 * version, is refused, never rebuilt.
 *
 * One document is one write transaction: store_begin() takes LMDB's
 * writer lock (waiting for other processes), store_claim() asks for each
 * kept paragraph, and store_commit() makes the document's paragraphs
 * durable all at once. A process killed in between leaves the store as it
 * was before store_begin().
 */
#ifndef DEDUP_STORE_H
#define DEDUP_STORE_H

#include <stdint.h>

struct store;

/* Opens or creates the store at path; dies with a message on failure. */
struct store *store_open(const char *path);
void store_close(struct store *st);

void store_begin(struct store *st);

/*
 * Returns 1 if key was in the store (refreshing its day when older than
 * today), else records it with today's day and returns 0. Keys claimed
 * in ascending order are found fastest.
 */
int store_claim(struct store *st, uint64_t key);

/* Makes the transaction durable; dies with a message when it cannot. */
void store_commit(struct store *st);

/*
 * Forgets fingerprints not seen for more than days days; returns how many
 * went.
 */
unsigned long long store_expire(struct store *st, long days);

/* The number of fingerprints held. */
unsigned long long store_count(struct store *st);

#endif
