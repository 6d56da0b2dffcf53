/*
 * files.h: for unit tests that read real text: calls fn(arg, path) for
 * every file of dir whose name ends in suffix (a missing dir is no file).
 */
#ifndef RINSE_TEST_FILES_H
#define RINSE_TEST_FILES_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>

static void
each_file(const char *dir, const char *suffix,
    void (*fn)(void *, const char *), void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4096];
	size_t k = strlen(suffix), len;

	if (d == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len <= k || strcmp(e->d_name + len - k, suffix) != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		fn(arg, path);
	}
	closedir(d);
}

#endif
