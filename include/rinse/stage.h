/*
 * stage.h: what makes every stage behave alike: the common options, the
 * loop over input files and records, and the -v line.
 */
#ifndef RINSE_STAGE_H
#define RINSE_STAGE_H

#include <stdio.h>
#include <rinse/reader.h>

/* The options every stage takes: -h -V -v -z -M SIZE. */
#define COMMON_OPTS "hVvzM:"

struct common {
	int verbose;	/* -v: counts on stderr at the end */
	int zmode;	/* -z: NUL-separated records */
	size_t max;	/* -M: memory cap for a line or document */
};

/*
 * Handles one of the common options; returns 1 when ch was one of them.
 * -h prints usage to stdout and exits 0; -V prints the version.
 */
int common_opt(struct common *c, int ch, const char *arg,
    void (*usage)(FILE *));

/* Prints the usage line to fp with the common options' meaning. */
void common_help(FILE *fp);

/* A long option: --name, or with arg --name VALUE and --name=VALUE. */
struct longopt {
	const char *name;
	int arg;
};

/*
 * Takes the long options out of argv, up to "--", since getopt(3) knows
 * none: for each, take(ctx, k, value) with its index k in opts[0..n) and
 * its value (NULL without). An unknown --word, or one without its value,
 * is reported with usage on stderr and ends the program (status 2).
 * Returns the new argc; argv[argc] is NULL.
 */
int longopts(int argc, char *argv[], const struct longopt *opts, size_t n,
    void (*take)(void *ctx, size_t k, const char *value), void *ctx,
    void (*usage)(FILE *));

/*
 * The core of a stage: reads one document from in (to RD_EOD or RD_EOF)
 * and writes its cleaned form to out. Returns an exit status; on RD_ERR it
 * returns what reader_fail() returns, having written what it could.
 */
typedef int (*doc_fn)(void *state, struct reader *in, FILE *out);

/*
 * Runs doc over each file in files (nfiles of them; none means standard
 * input, and "-" is standard input too): once per file, or in record mode
 * once per record, writing a NUL after each. A file that cannot be opened
 * is reported and skipped. Returns the worst status. If bytes_in is not
 * NULL it gets the bytes read.
 */
int stage_run(char **files, int nfiles, const struct common *c, doc_fn doc,
    void *state, FILE *out, unsigned long long *bytes_in);

/*
 * A stage as stage_main() runs it: its document function, the keys of
 * its -v line (nkeys of them, at most STAGE_MAXKEYS, the first
 * "bytes_in"), and counts(), which fills vals[1..nkeys) from the state
 * at the end. done(), if not NULL, is called after the last document
 * (closing a store, say) and returns a status for the run.
 */
#define STAGE_MAXKEYS 32

struct stage {
	doc_fn doc;
	const char *const *keys;
	size_t nkeys;
	void (*counts)(const void *state, unsigned long long *vals);
	int (*done)(void *state);
};

/*
 * What every main() does once the options are read and the state is
 * set up: stage_run() over files to stdout, given a buffer of 64 KiB,
 * then stdout flushed and closed (a write error makes the status
 * RINSE_ERR, with a message), done(), and the -v line if c asks.
 * Returns the worst status; main() frees its state and returns it.
 */
int stage_main(char **files, int nfiles, const struct common *c,
    const struct stage *st, void *state);

/*
 * The one message for the -M cap, whatever the stage held:
 * "prog: NAME: line N: WHAT more than SIZE (-M): FATE; raise the cap with
 * -M", where WHAT is what passed it ("the line holds", "the document
 * would hold") and FATE what became of the document.
 */
void capwarn(const char *name, unsigned long long lineno, const char *what,
    size_t max, const char *fate);

/*
 * The -v line: "prog: key=value key=value ..." on stderr. keys and vals
 * have n entries.
 */
void stats_print(const char *const *keys, const unsigned long long *vals,
    size_t n);

#endif
