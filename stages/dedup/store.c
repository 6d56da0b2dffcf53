/* store.c: the LMDB fingerprint store (see store.h for the contract). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <lmdb.h>

#include <rinse/util.h>

#include "store.h"

/*
 * The format: change it whenever keys, values or the normalization that
 * makes the fingerprints change, so that an old store is refused instead
 * of silently matching nothing.
 */
#define STORE_VERSION "rinse-dedup-store 3 norm 1"

/*
 * The layout: the top BUCKET_BITS of a fingerprint are an integer key;
 * under it, as LMDB sorted fixed-size duplicates, one 8-byte item per
 * fingerprint: its other 48 bits above the day it was last seen, modulo
 * 2^16 (days since 1970; ages up to 179 years compare right). A lookup
 * descends a small, cached tree of buckets and searches one dense page of
 * integers, where one key per fingerprint costs a descent through four
 * pages of scattered nodes. Items are native integers where LMDB
 * compares them as such (64-bit size_t), else big-endian bytes.
 */
#define BUCKET_BITS	16
#define DUPFLAGS	(sizeof(size_t) == 8 ? MDB_INTEGERDUP : 0)
#define DAYMASK		0xFFFFu

/* A hint to the cache; without it only slower. */
#if defined(__GNUC__)
#define PREFETCH(p)	__builtin_prefetch(p)
#else
#define PREFETCH(p)	((void)(p))
#endif

/* Keys between a bucket's lookup and the search of its items. */
#define AHEAD	16

/* Address space reserved for the map; the file grows only as needed. */
#define STORE_MAPSIZE ((size_t)1 << (sizeof(size_t) >= 8 ? 36 : 30))

/* Where a key of a claim is to be looked for in the read transaction. */
struct found {
	const unsigned char *items;	/* its bucket's items, or NULL */
	size_t n;			/* how many */
	int state;	/* known already: 0 no, 1 today, 2 older; or -1 */
};

/*
 * Where the items of a bucket are in the snapshot the cache was filled
 * from (gen), as bucket_items() found them.
 */
struct bucket {
	const unsigned char *items;
	uint32_t n;		/* items; more than fit in a uint32_t: 0 */
	uint32_t gen;
};

struct store {
	MDB_env *env;
	MDB_dbi fp;		/* fingerprint -> day last seen */
	MDB_txn *txn;		/* the open write transaction, if any */
	MDB_cursor *cur;	/* on fp in txn: lookups in ascending order
				   stay on the leaf page they are on */
	MDB_txn *rtxn;		/* the read transaction, reset when idle */
	MDB_cursor *rcur;	/* on fp in rtxn */
	struct found *found;	/* per key of a claim: see store_claim() */
	size_t capfound;
	struct bucket *bcache;	/* per bucket, 2^BUCKET_BITS of them */
	uint32_t gen;		/* of the cache entries that are valid */
	size_t snap;		/* the snapshot they are valid in */
	const char *path;
	uint32_t today;
	time_t synced;		/* when the file was last flushed to disk */
	int dirty;		/* commits since then */
};

static _Noreturn void
lmdb_die(const struct store *st, const char *what, int rc)
{
	if (rc == MDB_CORRUPTED || rc == MDB_PAGE_NOTFOUND || rc == MDB_INVALID)
		die("%s: store is corrupt or not an LMDB file (%s: %s); it was "
		    "left as it is; move it away to start a new one", st->path,
		    what, mdb_strerror(rc));
	if (rc == MDB_VERSION_MISMATCH)
		die("%s: store was made by another LMDB version (%s); it was "
		    "left as it is", st->path, mdb_strerror(rc));
	if (rc == MDB_MAP_FULL)
		die("%s: store is full (%s); forget old fingerprints with "
		    "--expire", st->path, mdb_strerror(rc));
	die("%s: %s: %s", st->path, what, mdb_strerror(rc));
}

static void
item_put(unsigned char b[8], uint64_t v)
{
	int i;

	if (DUPFLAGS) {
		memcpy(b, &v, 8);
		return;
	}
	for (i = 7; i >= 0; i--) {
		b[i] = v & 0xFF;
		v >>= 8;
	}
}

static uint64_t
item_get(const void *p)
{
	const unsigned char *b = p;
	uint64_t v = 0;
	int i;

	if (DUPFLAGS) {
		memcpy(&v, p, 8);
		return v;
	}
	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

/*
 * Checks the format record, or writes it in a store that holds nothing at
 * all yet. Anything else (an LMDB file of some other program, another
 * version) is refused.
 */
static void
check_meta(struct store *st)
{
	MDB_txn *txn;
	MDB_dbi meta, main;
	MDB_stat ms;
	MDB_val k = { 7, "version" }, v;
	size_t vl = strlen(STORE_VERSION);
	int rc;

	if ((rc = mdb_txn_begin(st->env, NULL, 0, &txn)) != 0)
		lmdb_die(st, "begin", rc);
	rc = mdb_dbi_open(txn, "meta", 0, &meta);
	if (rc == MDB_NOTFOUND) {
		if ((rc = mdb_dbi_open(txn, NULL, 0, &main)) != 0)
			lmdb_die(st, "open", rc);
		if ((rc = mdb_stat(txn, main, &ms)) != 0)
			lmdb_die(st, "stat", rc);
		if (ms.ms_entries != 0)
			die("%s: not a rinse-dedup store (no format record); "
			    "it was left as it is", st->path);
		if ((rc = mdb_dbi_open(txn, "meta", MDB_CREATE, &meta)) != 0)
			lmdb_die(st, "create", rc);
		v.mv_size = vl;
		v.mv_data = STORE_VERSION;
		if ((rc = mdb_put(txn, meta, &k, &v, 0)) != 0)
			lmdb_die(st, "create", rc);
	} else if (rc != 0) {
		lmdb_die(st, "open", rc);
	} else {
		rc = mdb_get(txn, meta, &k, &v);
		if (rc == MDB_NOTFOUND || (rc == 0 && (v.mv_size != vl ||
		    memcmp(v.mv_data, STORE_VERSION, vl) != 0))) {
			int n = rc == 0 && v.mv_size < 64 ? (int)v.mv_size : 0;

			die("%s: store has format '%.*s', this program needs "
			    "'%s'; it was left as it is; use a new store",
			    st->path, n, rc == 0 ? (const char *)v.mv_data : "",
			    STORE_VERSION);
		}
		if (rc != 0)
			lmdb_die(st, "read", rc);
	}
	if ((rc = mdb_dbi_open(txn, "fp", MDB_CREATE | MDB_INTEGERKEY |
	    MDB_DUPSORT | MDB_DUPFIXED | DUPFLAGS, &st->fp)) != 0)
		lmdb_die(st, "open", rc);
	if ((rc = mdb_txn_commit(txn)) != 0)
		lmdb_die(st, "commit", rc);
}

static void
store_sync(struct store *st)
{
	int rc;

	if ((rc = mdb_env_sync(st->env, 1)) != 0)
		die("%s: cannot flush the store to disk: %s", st->path,
		    rc > 0 ? strerror(rc) : mdb_strerror(rc));
	st->synced = time(NULL);
	st->dirty = 0;
}

struct store *
store_open(const char *path)
{
	struct store *st = xcalloc(1, sizeof(*st));
	struct stat sb;
	int rc, dead;

	st->path = path;
	st->today = (uint32_t)(time(NULL) / 86400);
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		die("%s: store must be a regular file", path);
	if ((rc = mdb_env_create(&st->env)) != 0)
		lmdb_die(st, "create", rc);
	mdb_env_set_maxdbs(st->env, 4);
	if ((rc = mdb_env_set_mapsize(st->env, STORE_MAPSIZE)) != 0)
		lmdb_die(st, "map size", rc);
	/*
	 * A commit per document, but not an fsync per document: a batch of
	 * a million small documents would spend its night in fsync. NOSYNC
	 * commits reach the page cache, so a killed process loses nothing
	 * it committed; the file is flushed to disk at most a second after
	 * a commit and at the end (store_commit, store_close). What a power
	 * failure can cost is the last second's fingerprints: those
	 * paragraphs come out again next time.
	 */
	rc = mdb_env_open(st->env, path, MDB_NOSUBDIR | MDB_NOSYNC, 0664);
	if (rc != 0) {
		if (rc > 0)
			die("%s: cannot open store: %s", path, strerror(rc));
		lmdb_die(st, "open", rc);
	}
	/* Reader slots of processes that were killed. */
	mdb_reader_check(st->env, &dead);
	check_meta(st);
	return st;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->txn) {
		mdb_cursor_close(st->cur);
		mdb_txn_abort(st->txn);
	}
	if (st->rtxn) {
		mdb_cursor_close(st->rcur);
		mdb_txn_abort(st->rtxn);
	}
	free(st->found);
	free(st->bcache);
	store_sync(st);
	mdb_env_close(st->env);
	free(st);
}

static void
store_begin(struct store *st)
{
	int rc;

	if (st->txn)
		return;
	if ((rc = mdb_txn_begin(st->env, NULL, 0, &st->txn)) != 0)
		lmdb_die(st, "begin", rc);
	if ((rc = mdb_cursor_open(st->txn, st->fp, &st->cur)) != 0)
		lmdb_die(st, "cursor", rc);
}

/*
 * In the write transaction: returns 1 if key was in the store (refreshing
 * its day when older than today), else records it with today's day and
 * returns 0.
 */
static int
claim_one(struct store *st, uint64_t key)
{
	unsigned int bucket = (unsigned int)(key >> (64 - BUCKET_BITS));
	unsigned char item[8];
	MDB_val k = { sizeof(bucket), &bucket }, v = { 8, item };
	uint64_t id = key << BUCKET_BITS, got;
	int rc, found = 0;

	/* The first item of the bucket not below (fingerprint, day 0). */
	item_put(item, id);
	rc = mdb_cursor_get(st->cur, &k, &v, MDB_GET_BOTH_RANGE);
	if (rc != 0 && rc != MDB_NOTFOUND)
		lmdb_die(st, "read", rc);
	if (rc == 0 && v.mv_size == 8 &&
	    ((got = item_get(v.mv_data)) & ~(uint64_t)DAYMASK) == id) {
		if ((got & DAYMASK) == (st->today & DAYMASK))
			return 1;	/* seen today: nothing to write */
		/* Seen before today: record today instead. */
		if ((rc = mdb_cursor_del(st->cur, 0)) != 0)
			lmdb_die(st, "write", rc);
		found = 1;
	}
	item_put(item, id | (st->today & DAYMASK));
	k.mv_size = sizeof(bucket);
	k.mv_data = &bucket;
	v.mv_size = 8;
	v.mv_data = item;
	if ((rc = mdb_cursor_put(st->cur, &k, &v, MDB_NODUPDATA)) != 0)
		lmdb_die(st, "write", rc);
	return found;
}

/*
 * The items of bucket b in the read transaction, *n of them; NULL when
 * there are none (*n 0) or more than the page they start on holds (a
 * bucket grown past one page: lookup() then asks LMDB).
 */
static const unsigned char *
bucket_items(struct store *st, unsigned int b, size_t *n)
{
	MDB_val k = { sizeof(b), &b }, v;
	size_t cnt;
	int rc;

	*n = 0;
	rc = mdb_cursor_get(st->rcur, &k, &v, MDB_SET);
	if (rc == MDB_NOTFOUND)
		return NULL;
	if (rc != 0 || (rc = mdb_cursor_count(st->rcur, &cnt)) != 0)
		lmdb_die(st, "read", rc);
	/* One item is the node's data; more are a page of them. */
	if (cnt > 1 && (rc = mdb_cursor_get(st->rcur, &k, &v,
	    MDB_GET_MULTIPLE)) != 0)
		lmdb_die(st, "read", rc);
	*n = (size_t)cnt;
	if (v.mv_size != 8 * *n)
		return NULL;
	return v.mv_data;
}

/* Where id would be among n evenly spread items. */
static size_t
guess(uint64_t id, size_t n)
{
	return (size_t)((id >> 32) * n >> 32);
}

/* Whether item got is id's: 0 no, 1 seen today, 2 on an earlier day. */
static int
state(const struct store *st, uint64_t id, uint64_t got)
{
	if ((got & ~(uint64_t)DAYMASK) != id)
		return 0;
	return (got & DAYMASK) == (st->today & DAYMASK) ? 1 : 2;
}

/*
 * Finds the items of key's bucket in the read transaction, and asks for
 * the cache line where the search will start; a bucket too big for that
 * is searched by LMDB at once.
 */
static void
locate(struct store *st, uint64_t key, struct found *f)
{
	unsigned int b = (unsigned int)(key >> (64 - BUCKET_BITS));
	uint64_t id = key << BUCKET_BITS;
	unsigned char item[8];
	MDB_val k = { sizeof(b), &b }, v = { 8, item };
	int rc;

	struct bucket *c = &st->bcache[b];

	if (c->gen == st->gen) {
		f->items = c->items;
		f->n = c->n;
	} else {
		f->items = bucket_items(st, b, &f->n);
		if (f->n <= UINT32_MAX) {
			c->items = f->items;
			c->n = (uint32_t)f->n;
			c->gen = st->gen;
		}
	}
	f->state = 0;
	if (f->items != NULL) {
		f->state = -1;
		PREFETCH(f->items + 8 * guess(id, f->n));
	} else if (f->n > 0) {
		item_put(item, id);
		rc = mdb_cursor_get(st->rcur, &k, &v, MDB_GET_BOTH_RANGE);
		if (rc != 0 && rc != MDB_NOTFOUND)
			lmdb_die(st, "read", rc);
		if (rc == 0 && v.mv_size == 8)
			f->state = state(st, id, item_get(v.mv_data));
	}
}

/*
 * Searches the items of f for key. They are sorted and fingerprints are
 * uniform, so the search starts where the key would be if they were
 * evenly spread: one cache line instead of the eight of a binary search.
 */
static int
search(const struct store *st, uint64_t key, const struct found *f)
{
	uint64_t id = key << BUCKET_BITS;
	const unsigned char *it = f->items;
	size_t i = guess(id, f->n);

	if (f->state >= 0)
		return f->state;
	while (i > 0 && item_get(it + 8 * (i - 1)) >= id)
		i--;
	while (i < f->n && item_get(it + 8 * i) < id)
		i++;
	return i < f->n ? state(st, id, item_get(it + 8 * i)) : 0;
}

void
store_claim(struct store *st, const uint64_t *keys, size_t n,
    unsigned char *seen)
{
	size_t i, j, left = 0;
	int rc;

	/*
	 * First all of them in a read transaction: most runs find most
	 * paragraphs either new or seen today, and a document that brings
	 * nothing new needs no writer lock.
	 */
	if (st->rtxn == NULL) {
		if ((rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY,
		    &st->rtxn)) != 0)
			lmdb_die(st, "begin", rc);
		if ((rc = mdb_cursor_open(st->rtxn, st->fp, &st->rcur)) != 0)
			lmdb_die(st, "cursor", rc);
	} else if ((rc = mdb_txn_renew(st->rtxn)) != 0 ||
	    (rc = mdb_cursor_renew(st->rtxn, st->rcur)) != 0)
		lmdb_die(st, "begin", rc);
	/*
	 * A bucket's place is a descent through the tree, a few cache
	 * misses on pages nothing predicts, and a run that finds most of
	 * its paragraphs in the store looks up every bucket many times. The
	 * places hold while the snapshot is the same: no transaction
	 * committed since (an aborted one never wrote to the map), and
	 * while the read transaction is open nothing it sees is reused.
	 */
	if (st->bcache == NULL)
		st->bcache = xcalloc((size_t)1 << BUCKET_BITS,
		    sizeof(*st->bcache));
	if (mdb_txn_id(st->rtxn) != st->snap || st->gen == 0) {
		st->snap = mdb_txn_id(st->rtxn);
		if (++st->gen == 0) {
			/* Wrapped: no entry may look valid. */
			memset(st->bcache, 0, ((size_t)1 << BUCKET_BITS) *
			    sizeof(*st->bcache));
			st->gen = 1;
		}
	}
	/*
	 * Each lookup is a few cache misses in a row on a page nothing
	 * predicts. The last of them, in the bucket's items, is searched
	 * AHEAD keys later, so that it overlaps with the next lookups: not
	 * after all of them, when a big document's first lines were gone
	 * from the cache again.
	 */
	if (n > st->capfound) {
		st->capfound = 2 * n;
		st->found = xrealloc(st->found, st->capfound *
		    sizeof(*st->found));
	}
	for (i = 0; i < n + AHEAD; i++) {
		if (i < n)
			locate(st, keys[i], &st->found[i]);
		if (i >= AHEAD) {
			j = i - AHEAD;
			seen[j] = search(st, keys[j], &st->found[j]) == 1;
			left += !seen[j];
		}
	}
	/* Reset, it holds no snapshot that writers must keep. */
	mdb_txn_reset(st->rtxn);
	if (left == 0)
		return;
	/*
	 * The rest in the write transaction, looked up again: another
	 * process may have recorded them since, and then it keeps them.
	 */
	store_begin(st);
	for (i = 0; i < n; i++)
		if (!seen[i])
			seen[i] = (unsigned char)claim_one(st, keys[i]);
}

void
store_commit(struct store *st)
{
	int rc;

	if (st->txn != NULL) {
		mdb_cursor_close(st->cur);
		st->cur = NULL;
		rc = mdb_txn_commit(st->txn);
		st->txn = NULL;
		if (rc != 0)
			lmdb_die(st, "commit", rc);
		st->dirty = 1;
	}
	/* Also after a document that wrote nothing, for the earlier ones. */
	if (st->dirty && time(NULL) != st->synced)
		store_sync(st);
}

unsigned long long
store_expire(struct store *st, long days)
{
	MDB_cursor *c;
	MDB_val k, v;
	unsigned long long n = 0;
	uint32_t age;
	int rc;

	/* Ages are known modulo 2^16 days: beyond that nothing is old. */
	if (days > (long)DAYMASK)
		return 0;
	store_begin(st);
	c = st->cur;
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0;
	    rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if (v.mv_size != 8)
			continue;
		age = (st->today - (uint32_t)item_get(v.mv_data)) & DAYMASK;
		if (age < (uint32_t)days)
			continue;
		if ((rc = mdb_cursor_del(c, 0)) != 0)
			lmdb_die(st, "delete", rc);
		n++;
	}
	if (rc != MDB_NOTFOUND)
		lmdb_die(st, "read", rc);
	store_commit(st);
	return n;
}

unsigned long long
store_count(struct store *st)
{
	MDB_txn *txn;
	MDB_stat ms;
	int rc;

	if ((rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn)) != 0)
		lmdb_die(st, "begin", rc);
	if ((rc = mdb_stat(txn, st->fp, &ms)) != 0)
		lmdb_die(st, "stat", rc);
	mdb_txn_abort(txn);
	return ms.ms_entries;
}
