/* Shared by the fuzz targets: every target parses its input and, when that
 * succeeds, drives the rest of the library with what it loaded. */
#ifndef LP_FUZZ_COMMON_H
#define LP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <libproduct/libproduct.h>

/* The libFuzzer entry point, defined by each target; the standalone driver
 * (standalone.c) calls it once per input file. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Makes GLib criticals and warnings fatal (a g_return_if_fail() reached
 * from a file's content is a bug), once. */
void lp_fuzz_init (void);

/* Orders, lists cycles, takes the next items, saves, reloads the saved
 * document and compares: abort()s when an invariant does not hold. */
void lp_fuzz_exercise (LpBacklog *backlog);

/* Writes data to this process's temporary file (created on first use,
 * removed at exit) and returns its path, for loading from a file. */
const char *lp_fuzz_write_tmp (const uint8_t *data, size_t size);

/* abort()s with a message. */
G_NORETURN void lp_fuzz_fail (const char *what, const GError *error);

#endif
