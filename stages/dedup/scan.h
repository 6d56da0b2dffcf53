/*
 * scan.h: the byte loop of the normalizer, built once for each kernel:
 * norm.c includes it with the portable block decoder, norm_avx2.c with
 * the vector one, inside its target region. Before including it define
 * SCAN_BLOCK(p, k) (decode the BLKPAD bytes at p into *k), SCAN_POPCOUNT(m)
 * (the bits set in a uint64_t) and SCAN_NAME (the name of the kernel
 * function, of type normscan in norm.h). Included once per file.
 */
/*
 * Decodes the block of the line s[0..n) at pos, pos < n, with
 * SCAN_BLOCK(); bytes past n count as NULs.
 */
static inline __attribute__((always_inline)) void
block(const unsigned char *s, size_t n, size_t pos, struct blk *k)
{
	unsigned char pad[BLKPAD];
	const unsigned char *p = s + pos;

	if (n - pos < BLKPAD) {
		memset(pad, 0, sizeof(pad));
		memcpy(pad, p, n - pos);
		p = pad;
	}
	SCAN_BLOCK(p, k);
}

/*
 * Takes the characters of the line in bytes [from, to), which no
 * character crosses, a block at a time. The loop over the marked bytes
 * finds the next character without waiting for the one before, where a
 * loop over the bytes made a chain of loads through the whole line. The
 * run of fast characters before each slow one (or the end) is counted
 * at once, and pb and shl are made room for at once: the loop over them
 * hashes each and makes its shingle while the prefix hash seven
 * characters back is at hand (make_shingles() read them all again).
 * Only the first characters of a paragraph, those after a character
 * that folds to several, and sampled or capped shingles are left to
 * make_shingles().
 */
static inline __attribute__((always_inline)) void
scan(struct norm *z, struct acc *a, struct blk *k, size_t from, size_t to)
{
	const uint64_t *pend = z->pb + SHINGLE + PBUF;
	uint64_t m, f, sl, p, roll, *pp, *sh;
	size_t pos, at, nc, i;
	unsigned nf, lead;

	for (pos = from / BLK * BLK; pos < to; pos += BLK) {
		block(z->s, z->n, pos, k);
		m = k->fast | k->slow;
		if (pos < from)
			m &= ~(uint64_t)0 << (from - pos);
		if (to - pos < BLK)
			m &= ((uint64_t)1 << (to - pos)) - 1;
		while (m != 0) {
			sl = k->slow & m;
			f = sl != 0 ? m & ((sl & -sl) - 1) : m;
			if (f != 0) {
				m &= ~f;
				nf = SCAN_POPCOUNT(f);
				a->pw += nf + SCAN_POPCOUNT(f & k->wide);
				if ((size_t)(pend - a->pp) < nf)
					a->pp = pb_shift(z, a->pp);
				p = a->p;
				pp = a->pp;
				at = (size_t)(pp - z->pb);
				if (!z->on || z->smask != 0 ||
				    z->cap - z->nsh < nf) {
					a->p = hash_run(k, p, &a->pp, &f, nf);
					goto fast_done;
				}
				/* The first SHINGLE - 1 end no shingle. */
				lead = z->nbase == 0 && at < 2 * SHINGLE - 1 ?
				    2 * SHINGLE - 1 - (unsigned)at : 0;
				if (lead >= nf) {
					a->p = hash_run(k, p, &a->pp, &f, nf);
					goto fast_done;
				}
				if (lead > 0) {
					p = hash_run(k, p, &pp, &f, lead);
					at += lead;
				}
				if (z->from != at)
					make_shingles(z, at);
				sh = z->shl + z->nsh;
				nc = 0;
				do {
					p = (p + k->c[ctz64(f)] + 1) * HMUL;
					roll = p - pp[-SHINGLE] * KW;
					*pp++ = p;
					*sh++ = roll;
					z->cand[nc] = roll;
					nc += roll >> 60 == 0;
					f &= f - 1;
				} while (f != 0);
				a->p = p;
				a->pp = pp;
				z->nsh = (size_t)(sh - z->shl);
				z->from = (size_t)(pp - z->pb);
				for (i = 0; i < nc; i++)
					sample(z, z->cand[i]);
			}
fast_done:
			if (sl != 0) {
				m &= m - 1;
				*a = takec_slow(z, *a, pos + ctz64(sl));
			}
		}
	}
}

/*
 * The kernel: scan() of bytes [from, to) with the registers of *a in
 * locals of its own, so that the loop keeps them in registers.
 */
void
SCAN_NAME(struct norm *z, struct acc *a, size_t from, size_t to)
{
	struct acc r = *a;
	struct blk k;

	scan(z, &r, &k, from, to);
	*a = r;
}
