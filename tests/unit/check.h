/* check.h: the smallest test harness: CHECK() counts and reports. */
#ifndef RINSE_CHECK_H
#define RINSE_CHECK_H

#include <stdio.h>

static int check_failed;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, \
		    __LINE__, #cond); \
		check_failed++; \
	} \
} while (0)

#endif
