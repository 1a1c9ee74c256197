/* Large working arrays (lp-memory.c): aligned to 2 MB and advised for huge
 * pages where the system offers them, returned to the system when freed.
 * Internal; never installed. */
#ifndef LP_MEMORY_H
#define LP_MEMORY_H

#include <glib.h>

/* Uninitialized / zeroed memory of `bytes`; never NULL (aborts when out of
 * memory, as g_malloc). Free with lp_big_free() and the same `bytes`. */
gpointer lp_big_alloc (gsize bytes);
gpointer lp_big_alloc0 (gsize bytes);
void lp_big_free (gpointer p, gsize bytes);

/* Starts fetching the cache line at p: for loops that know a few steps
 * ahead which random place they will read. */
#if defined(__GNUC__) || defined(__clang__)
#define LP_PREFETCH(p) __builtin_prefetch (p)
#else
#define LP_PREFETCH(p) ((void) (p))
#endif

#endif
