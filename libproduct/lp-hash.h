/* Keyed hashing of user strings (lp-hash.c). Internal; never installed.
 *
 * Every table that holds strings from the input (ids, labels, attribute
 * names, CSV keys, criterion names, formula variables) hashes them with
 * SipHash-1-3 under a key drawn at random once per process, so that no set
 * of strings chosen offline collides: without the key, an attacker cannot
 * build inputs that send every entry to one bucket (hash flooding).
 *
 * Nothing the library outputs may depend on the key: results come out in
 * the manual order, sorted, or by integer id, never in hash-table order.
 * For tests that check exactly that, the environment variable
 * LIBPRODUCT_HASH_SEED (a decimal or 0x-prefixed 64-bit number, read once,
 * at the first hash) fixes the key, as PYTHONHASHSEED does for Python. */
#ifndef LP_HASH_H
#define LP_HASH_H

#include <glib.h>

/* SipHash-1-3 of `len` bytes under the process key. */
guint64 lp_hash_bytes (const void *data, gsize len);

/* Of a NUL-terminated string. */
guint64 lp_hash_str64 (const char *s);

/* The same, cut to 32 bits (hash-table cells, GHashTable). */
static inline guint32
lp_hash_str (const char *s)
{
  return (guint32) lp_hash_str64 (s);
}

/* A GHashFunc over NUL-terminated strings: for g_hash_table_new
 * (lp_str_hash, g_str_equal) wherever keys come from the input. */
guint lp_str_hash (gconstpointer key);

#endif
