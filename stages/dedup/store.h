/*
 * store.h: the persistent fingerprint store of rinse-dedup -s, an LMDB
 * file (and its "-lock" file) that many processes may share.
 *
 * The store holds paragraph fingerprints (64-bit) with the day each was
 * last seen (store.c says how they are laid out). A named database
 * "meta" holds the format version; a store without it, or with another
 * version, is refused, never rebuilt.
 *
 * A store that is truncated, empty or damaged is refused with a message,
 * never mapped and faulted on; the map starts near the file's size and
 * grows as needed.
 *
 * One document is one store_claim() and one store_commit(). The claim
 * looks its paragraphs up in a read transaction, and only if some are new
 * (or were last seen before today) takes LMDB's writer lock (waiting for
 * other processes) to look those up again and record them in a write
 * transaction; store_commit() makes them durable all at once. A process
 * killed in between leaves the store as it was before the claim.
 */
#ifndef DEDUP_STORE_H
#define DEDUP_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Opens or creates the store at path; dies with a message on failure. */
struct store *store_open(const char *path);
void store_close(struct store *st);

/*
 * Names the documents of this run, in order, from the NUL-separated names
 * in the file list (run.sh gives each output's absolute path): document i
 * (from 0) owns the fingerprints it is the first to record, and a later
 * claim by the same name finds them its own, not seen. So a document
 * done again (an edited input, new rules, a retry, a run killed after
 * the commit but before its output was renamed) keeps its own paragraphs
 * instead of coming out empty. Without names a document owns nothing.
 */
void store_owners(struct store *st, const char *list);

/*
 * Claims the n fingerprints keys[] of document doc (from 0), in ascending
 * order: seen[i] becomes 1 if keys[i] was in the store as another
 * document's (its day is refreshed when older than today), else 0, and
 * it is recorded with today's day. Of two processes that claim one
 * fingerprint at once, exactly one sees 0.
 */
void store_claim(struct store *st, const uint64_t *keys, size_t n,
    size_t doc, unsigned char *seen);

/*
 * Commits the claim's write transaction, if it took one (a killed process
 * loses nothing committed); the file is flushed to disk at most a second
 * after a commit, at a later store_commit() or store_close(). Dies with a
 * message when it cannot.
 */
void store_commit(struct store *st);

/*
 * Forgets fingerprints not seen for more than days days; returns how many
 * went.
 */
unsigned long long store_expire(struct store *st, long days);

/* The number of fingerprints held. */
unsigned long long store_count(struct store *st);

#endif
