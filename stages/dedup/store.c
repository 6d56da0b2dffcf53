/* store.c: the LMDB fingerprint store (see store.h for the contract). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#include <lmdb.h>

#include <rinse/util.h>

#include "store.h"

/*
 * The format: change it whenever keys, values or the normalization that
 * makes the fingerprints change, so that an old store is refused instead
 * of silently matching nothing.
 */
#define STORE_VERSION "rinse-dedup-store 4 norm 1"

/*
 * The layout: the top BUCKET_BITS of a fingerprint are an integer key;
 * under it, as LMDB sorted fixed-size duplicates, one ITEM-byte item per
 * fingerprint: 8 big-endian bytes, its other 48 bits above the day it was
 * last seen, modulo 2^16 (days since 1970; ages up to 179 years compare
 * right), then 4 big-endian bytes naming the document that first kept it
 * (its owner, a 32-bit hash of the name store_owners() gave it; 0 for
 * none: one paragraph in four billion of another document's may pass for
 * a document's own and be kept twice). A lookup
 * descends a small, cached tree of buckets and searches one dense page of
 * items, where one key per fingerprint costs a descent through four pages
 * of scattered nodes.
 */
#define BUCKET_BITS	16
#define ITEM		12
#define DAYMASK		0xFFFFu

/* A hint to the cache; without it only slower. */
#if defined(__GNUC__)
#define PREFETCH(p)	__builtin_prefetch(p)
#else
#define PREFETCH(p)	((void)(p))
#endif

/* Keys between a bucket's lookup and the search of its items. */
#define AHEAD	16

/*
 * Address space reserved for the map at first: the file's size and as
 * much again, at least MAP_MIN. It grows (doubling) when a write
 * transaction would fill it, so that a small store opens under a small
 * `ulimit -v` and a big one is never refused for a fixed cap.
 */
#define MAP_MIN		((size_t)64 << 20)

/* Where a key of a claim is to be looked for in the read transaction. */
struct found {
	const unsigned char *items;	/* its bucket's items, or NULL */
	size_t n;			/* how many */
	int state;	/* known already (see state()), or -1 */
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
	size_t mapsize;		/* the map's size now */
	char *ids;		/* store_owners(): the names, NUL-separated */
	uint64_t *owner;	/* and their hashes, nowners of them */
	size_t nowners;
	uint64_t me;		/* the owner of the claim being made */
	uint32_t today;
	time_t synced;		/* when the file was last flushed to disk */
	int dirty;		/* commits since then */
};

/*
 * Whether the disk of the store is full: LMDB reports a short write as
 * EIO, which is what a full disk gives it.
 */
static int
disk_full(const struct store *st)
{
	char dir[4096];
	const char *slash = strrchr(st->path, '/');
	struct statvfs vfs;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - st->path + 1),
		    st->path);
	return statvfs(dir, &vfs) == 0 && vfs.f_bavail < 64;
}

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
	if (rc == ENOSPC || rc == EDQUOT || (rc == EIO && disk_full(st)))
		die("%s: %s: no space left on the store's disk; the store "
		    "holds what was committed before", st->path, what);
	die("%s: %s: %s", st->path, what, mdb_strerror(rc));
}

static void
item_put(unsigned char b[ITEM], uint64_t v, uint64_t owner)
{
	int i;

	for (i = 7; i >= 0; i--) {
		b[i] = v & 0xFF;
		v >>= 8;
	}
	for (i = 11; i >= 8; i--) {
		b[i] = owner & 0xFF;
		owner >>= 8;
	}
}

/* The first 8 bytes of an item: fingerprint bits and day. */
static inline uint64_t
item_get(const void *p)
{
	const unsigned char *b = p;
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static inline uint64_t
item_owner(const void *p)
{
	const unsigned char *b = (const unsigned char *)p + 8;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
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
	    MDB_DUPSORT | MDB_DUPFIXED, &st->fp)) != 0)
		lmdb_die(st, "open", rc);
	if ((rc = mdb_txn_commit(txn)) != 0)
		lmdb_die(st, "commit", rc);
}

static void
store_sync(struct store *st)
{
	int rc;

	if ((rc = mdb_env_sync(st->env, 1)) != 0)
		lmdb_die(st, "cannot flush the store to disk", rc);
	st->synced = time(NULL);
	st->dirty = 0;
}

/*
 * Refuses a file LMDB would map and then fault on: one shorter than the
 * pages its newest meta page says are in use (a truncated copy: reading
 * past the end of a mapped file is SIGBUS, not an error code). The size
 * is taken after the meta page is read: another process sharing the
 * store writes a commit's pages before its meta page, and never shrinks
 * the file, so only a truncated file can be shorter then.
 */
static void
check_size(struct store *st)
{
	MDB_envinfo info;
	MDB_stat ms;
	struct stat sb;
	off_t size;
	int rc, fd;

	if ((rc = mdb_env_info(st->env, &info)) != 0 ||
	    (rc = mdb_env_stat(st->env, &ms)) != 0 ||
	    (rc = mdb_env_get_fd(st->env, &fd)) != 0)
		lmdb_die(st, "open", rc);
	if (fstat(fd, &sb) != 0)
		die("%s:", st->path);
	size = sb.st_size;
	if ((off_t)(info.me_last_pgno + 1) * ms.ms_psize > size)
		die("%s: store is truncated (%lld bytes, its pages need %lld); "
		    "it was left as it is; restore it or move it away to start "
		    "a new one", st->path, (long long)size,
		    (long long)(info.me_last_pgno + 1) * ms.ms_psize);
}

/*
 * Sets the map of the open environment to size bytes (0: what the file
 * or another process made it); 0 on success.
 */
static int
set_map(struct store *st, size_t size)
{
	MDB_envinfo info;
	int rc;

	if ((rc = mdb_env_set_mapsize(st->env, size)) != 0)
		return rc;
	if ((rc = mdb_env_info(st->env, &info)) != 0)
		return rc;
	st->mapsize = info.me_mapsize;
	return 0;
}

/* Doubles the map, between transactions; dies when it cannot. */
static void
grow_map(struct store *st)
{
	size_t want = st->mapsize * 2;
	int rc = 0;

	if (want < st->mapsize || (rc = set_map(st, want)) != 0)
		die("%s: store is full and its map cannot grow past %zu MB "
		    "(%s); raise the address-space limit (ulimit -v) or forget "
		    "old fingerprints with --expire", st->path,
		    st->mapsize >> 20, want < st->mapsize ? "too big" :
		    rc > 0 ? strerror(rc) : mdb_strerror(rc));
}

struct store *
store_open(const char *path)
{
	struct store *st = xcalloc(1, sizeof(*st));
	struct stat sb;
	size_t map = MAP_MIN;
	int rc, dead, had, tries;
	struct timespec tick = { 0, 10000000 };

	st->path = path;
	st->today = (uint32_t)(time(NULL) / 86400);
	had = stat(path, &sb) == 0;
	if (had && !S_ISREG(sb.st_mode))
		die("%s: store must be a regular file", path);
	/*
	 * LMDB makes a new store of an empty file: that would forget a
	 * history silently. A store is never empty once made, but for the
	 * moment another process takes to make it: a file that stays empty
	 * for a second is refused.
	 */
	for (tries = 0; had && sb.st_size == 0 && tries < 100; tries++) {
		nanosleep(&tick, NULL);
		had = stat(path, &sb) == 0;
	}
	if (had && sb.st_size == 0)
		die("%s: store is an empty file; it was left as it is; remove "
		    "it to start a new store", path);
	if (had && (size_t)sb.st_size > map / 2)
		map = (size_t)sb.st_size * 2;
	if ((rc = mdb_env_create(&st->env)) != 0)
		lmdb_die(st, "create", rc);
	mdb_env_set_maxdbs(st->env, 4);
	if ((rc = mdb_env_set_mapsize(st->env, map)) != 0)
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
	if (rc == ENOMEM)
		die("%s: cannot map the store (%zu MB): %s; raise the "
		    "address-space limit (ulimit -v)", path, map >> 20,
		    strerror(rc));
	if (rc != 0) {
		if (rc > 0)
			die("%s: cannot open store: %s", path, strerror(rc));
		lmdb_die(st, "open", rc);
	}
	if (had)
		check_size(st);
	/* LMDB keeps the larger of ours and the file's own. */
	if ((rc = set_map(st, 0)) != 0)
		lmdb_die(st, "map size", rc);
	/* Reader slots of processes that were killed. */
	mdb_reader_check(st->env, &dead);
	check_meta(st);
	return st;
}

/* FNV-1a of a name folded to 32 bits: its owner; never 0 (nobody's). */
static uint64_t
owner_of(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	h = (h ^ h >> 32) & 0xFFFFFFFFu;
	return h ? h : 1;
}

void
store_owners(struct store *st, const char *list)
{
	FILE *fp;
	size_t cap = 0, len = 0, i, n;
	int c;

	if ((fp = fopen(list, "r")) == NULL)
		die("%s:", list);
	while ((c = getc(fp)) != EOF) {
		if (len + 1 >= cap) {
			cap = cap ? 2 * cap : 4096;
			st->ids = xrealloc(st->ids, cap);
		}
		st->ids[len++] = (char)c;
	}
	if (ferror(fp))
		die("%s: read error:", list);
	fclose(fp);
	if (len == 0)
		return;
	if (st->ids[len - 1] != '\0')
		st->ids[len++] = '\0';
	for (i = n = 0; i < len; i++)
		n += st->ids[i] == '\0';
	st->owner = xmalloc(n * sizeof(*st->owner));
	for (i = st->nowners = 0; i < len; i += strlen(st->ids + i) + 1)
		st->owner[st->nowners++] = owner_of(st->ids + i);
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
	free(st->ids);
	free(st->owner);
	store_sync(st);
	mdb_env_close(st->env);
	free(st);
}

/*
 * Begins a transaction (flags 0 or MDB_RDONLY), taking in a map that
 * another process grew and growing ours when the file nearly fills it.
 */
static int
txn_begin(struct store *st, unsigned int flags, MDB_txn **txn)
{
	MDB_envinfo info;
	MDB_stat ms;
	int rc;

	if (flags == 0 && mdb_env_info(st->env, &info) == 0 &&
	    mdb_env_stat(st->env, &ms) == 0 &&
	    (info.me_last_pgno + 1) * ms.ms_psize > st->mapsize / 4 * 3)
		grow_map(st);
	rc = mdb_txn_begin(st->env, NULL, flags, txn);
	if (rc == MDB_MAP_RESIZED) {
		set_map(st, 0);
		rc = mdb_txn_begin(st->env, NULL, flags, txn);
	}
	return rc;
}

static void
store_begin(struct store *st)
{
	int rc;

	if (st->txn)
		return;
	if ((rc = txn_begin(st, 0, &st->txn)) != 0)
		lmdb_die(st, "begin", rc);
	if ((rc = mdb_cursor_open(st->txn, st->fp, &st->cur)) != 0)
		lmdb_die(st, "cursor", rc);
}

/* Gives up the write transaction (to grow the map and try again). */
static void
store_abort(struct store *st)
{
	mdb_cursor_close(st->cur);
	st->cur = NULL;
	mdb_txn_abort(st->txn);
	st->txn = NULL;
}

/*
 * In the write transaction: returns 1 if key was in the store and is not
 * this claim's own (refreshing its day when older than today), else
 * records it with today's day (and the claim's owner, if new) and returns
 * 0; MDB_MAP_FULL (-1 here) when the map has no room left.
 */
static int
claim_one(struct store *st, uint64_t key)
{
	unsigned int bucket = (unsigned int)(key >> (64 - BUCKET_BITS));
	unsigned char item[ITEM];
	MDB_val k = { sizeof(bucket), &bucket }, v = { ITEM, item };
	uint64_t id = key << BUCKET_BITS, got, owner = st->me;
	int rc, found = 0;

	/* The first item of the bucket not below (fingerprint, day 0). */
	item_put(item, id, 0);
	rc = mdb_cursor_get(st->cur, &k, &v, MDB_GET_BOTH_RANGE);
	if (rc != 0 && rc != MDB_NOTFOUND)
		lmdb_die(st, "read", rc);
	if (rc == 0 && v.mv_size == ITEM &&
	    ((got = item_get(v.mv_data)) & ~(uint64_t)DAYMASK) == id) {
		owner = item_owner(v.mv_data);
		found = owner == 0 || owner != st->me;
		if ((got & DAYMASK) == (st->today & DAYMASK))
			return found;	/* seen today: nothing to write */
		/* Seen before today: record today instead. */
		if ((rc = mdb_cursor_del(st->cur, 0)) != 0) {
			if (rc == MDB_MAP_FULL)
				return -1;
			lmdb_die(st, "write", rc);
		}
	}
	item_put(item, id | (st->today & DAYMASK), owner);
	k.mv_size = sizeof(bucket);
	k.mv_data = &bucket;
	v.mv_size = ITEM;
	v.mv_data = item;
	if ((rc = mdb_cursor_put(st->cur, &k, &v, MDB_NODUPDATA)) != 0) {
		if (rc == MDB_MAP_FULL)
			return -1;
		lmdb_die(st, "write", rc);
	}
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
	if (v.mv_size != ITEM * *n)
		return NULL;
	return v.mv_data;
}

/* Where id would be among n evenly spread items. */
static size_t
guess(uint64_t id, size_t n)
{
	return (size_t)((id >> 32) * n >> 32);
}

/*
 * Whether the item at p is id's: 0 no; 1 seen today, 2 on an earlier
 * day, by another document; 3 today, 4 earlier, this claim's own.
 */
static int
state(const struct store *st, uint64_t id, const unsigned char *p)
{
	uint64_t got = item_get(p), o;

	if ((got & ~(uint64_t)DAYMASK) != id)
		return 0;
	o = item_owner(p);
	return ((got & DAYMASK) == (st->today & DAYMASK) ? 1 : 2) +
	    (o != 0 && o == st->me ? 2 : 0);
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
	unsigned char item[ITEM];
	MDB_val k = { sizeof(b), &b }, v = { ITEM, item };
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
		PREFETCH(f->items + ITEM * guess(id, f->n));
	} else if (f->n > 0) {
		item_put(item, id, 0);
		rc = mdb_cursor_get(st->rcur, &k, &v, MDB_GET_BOTH_RANGE);
		if (rc != 0 && rc != MDB_NOTFOUND)
			lmdb_die(st, "read", rc);
		if (rc == 0 && v.mv_size == ITEM)
			f->state = state(st, id, v.mv_data);
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
	while (i > 0 && item_get(it + ITEM * (i - 1)) >= id)
		i--;
	while (i < f->n && item_get(it + ITEM * i) < id)
		i++;
	return i < f->n ? state(st, id, it + ITEM * i) : 0;
}

/* The read half of a claim: seen[i] 1 drop, 2 own and today, 0 unsure. */
static size_t
claim_read(struct store *st, const uint64_t *keys, size_t n,
    unsigned char *seen)
{
	size_t i, j, left = 0;
	int rc, s;

	if (st->rtxn == NULL) {
		if ((rc = txn_begin(st, MDB_RDONLY, &st->rtxn)) != 0)
			lmdb_die(st, "begin", rc);
		if ((rc = mdb_cursor_open(st->rtxn, st->fp, &st->rcur)) != 0)
			lmdb_die(st, "cursor", rc);
	} else {
		rc = mdb_txn_renew(st->rtxn);
		if (rc == MDB_MAP_RESIZED) {
			set_map(st, 0);
			rc = mdb_txn_renew(st->rtxn);
		}
		if (rc != 0 || (rc = mdb_cursor_renew(st->rtxn, st->rcur)) != 0)
			lmdb_die(st, "begin", rc);
	}
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
			s = search(st, keys[j], &st->found[j]);
			seen[j] = s == 1 ? 1 : s == 3 ? 2 : 0;
			left += seen[j] == 0;
		}
	}
	/* Reset, it holds no snapshot that writers must keep. */
	mdb_txn_reset(st->rtxn);
	return left;
}

void
store_claim(struct store *st, const uint64_t *keys, size_t n, size_t doc,
    unsigned char *seen)
{
	size_t i;
	int r = 0;

	st->me = doc < st->nowners ? st->owner[doc] : 0;
	/*
	 * First all of them in a read transaction: most runs find most
	 * paragraphs either new or seen today, and a document that brings
	 * nothing new needs no writer lock.
	 */
	if (claim_read(st, keys, n, seen) > 0) {
		/*
		 * The rest in the write transaction, looked up again:
		 * another process may have recorded them since, and then it
		 * keeps them (3 drop, 4 keep). A map that fills up is grown
		 * and the transaction made again.
		 */
		for (;;) {
			store_begin(st);
			for (i = 0; i < n; i++) {
				if (seen[i] == 1 || seen[i] == 2)
					continue;
				if ((r = claim_one(st, keys[i])) < 0)
					break;
				seen[i] = r ? 3 : 4;
			}
			if (r >= 0)
				break;
			store_abort(st);
			grow_map(st);
		}
	}
	for (i = 0; i < n; i++)
		seen[i] = seen[i] == 1 || seen[i] == 3;
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
		if (v.mv_size != ITEM)
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
