/*
 * rec.c: rinse-rec's main: options, then one of the two halves (rec.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rinse/reader.h>
#include <rinse/stage.h>
#include <rinse/util.h>
#include "rec.h"

static void
usage(FILE *fp)
{
	fputs("usage: rinse-rec -S SIDE [-hVvRW] [-f FIELD] [-H FIELD] [-n NAME]"
	    " [-M SIZE] [file]\n"
	    "       rinse-rec -J SIDE [-hVv] [-f FIELD] [-H FIELD] [-x FILE]"
	    " [-I FILE] [-n NAME]\n"
	    "                 [-m FILE] [-L LOG] [-c gzip|zstd|none] [-M SIZE]\n"
	    "  -S SIDE  split: records of file to a -z stream of texts on "
	    "stdout\n"
	    "  -J SIDE  join: the chain's -z output on stdin to JSON Lines on "
	    "stdout\n"
	    "  -W       the input is WARC (default: JSON Lines)\n"
	    "  -f FIELD the text field (default text)\n"
	    "  -H FIELD read the HTML of FIELD; the text goes to -f's field\n"
	    "  -x FILE  append excluded records to FILE, with the reason\n"
	    "  -R       lines of a plain file are read back by -J -I, not kept "
	    "in SIDE\n"
	    "  -I FILE  the input, to read back the lines -R did not keep\n"
	    "  -n NAME  the input's name in messages and excluded records\n"
	    "  -m FILE  write each record's id (or NAME:LINE), a line each, to "
	    "FILE\n"
	    "  -L LOG   count what each stage dropped from the chain's "
	    "--explain-log LOG\n"
	    "  -c COMP  compress the output so (default: as the input came)\n"
	    "  -h       print this help and exit\n"
	    "  -V       print the version and exit\n"
	    "  -v       print counts as key=value on stderr at the end\n"
	    "  -M SIZE  cap on a line or record in memory (default 64M)\n"
	    "Exit status: 0 done, 1 bad input (reported, excluded or "
	    "skipped),\n2 usage, I/O or resource error.\n", fp);
}

static int
comp(const char *s)
{
	if (strcmp(s, "gzip") == 0)
		return COMP_GZIP;
	if (strcmp(s, "zstd") == 0)
		return COMP_ZSTD;
	if (strcmp(s, "none") == 0)
		return COMP_NONE;
	die("-c: '%s' is not gzip, zstd or none", s);
}

int
main(int argc, char *argv[])
{
	static char obuf[1 << 16];
	struct rec_opts o = { .field = "text", .comp = -1, .outfd = 1 };
	struct common c = { 0 };
	int ch, join = 0, st;

	setprogname(argv[0]);
	while ((ch = getopt(argc, argv, "hVvM:S:J:Wf:H:x:n:c:m:L:RI:")) != -1) {
		if (ch != 'z' && common_opt(&c, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'S':
		case 'J':
			if (o.side != NULL)
				die("-S and -J: one of them, once");
			o.side = optarg;
			join = ch == 'J';
			break;
		case 'W':
			o.warc = 1;
			break;
		case 'f':
			o.field = optarg;
			break;
		case 'H':
			o.hfield = optarg;
			break;
		case 'x':
			o.excluded = optarg;
			break;
		case 'n':
			o.outname = optarg;
			break;
		case 'm':
			o.map = optarg;
			break;
		case 'L':
			o.log = optarg;
			break;
		case 'c':
			o.comp = comp(optarg);
			break;
		case 'R':
			o.readback = 1;
			break;
		case 'I':
			o.input = optarg;
			break;
		default:
			usage(stderr);
			return RINSE_ERR;
		}
	}
	if (o.side == NULL || argc - optind > (join ? 0 : 1)) {
		usage(stderr);
		return RINSE_ERR;
	}
	o.verbose = c.verbose;
	o.max = c.max ? c.max : RD_DEFAULT_MAX;
	setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
	if (join)
		return join_run(&o);
	st = split_run(&o, optind < argc ? argv[optind] : "-");
	if (efshut(stdout, "<stdout>") != RINSE_OK)
		st = RINSE_ERR;
	return st;
}
