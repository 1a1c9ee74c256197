/* Id -> slot index: open addressing with linear probing over 32-bit slots.
 * A GHashTable costs about 40 bytes an entry; this costs 8 to 16, which
 * matters at a million items. */
#ifndef LP_ID_TABLE_H
#define LP_ID_TABLE_H

#include <glib.h>

typedef const char *(*LpIdTableKeyFunc) (gpointer owner, guint32 slot);

/* A cell keeps the id's hash beside the slot: a probe compares it before
 * touching the item's string, and both come in one cache line. */
typedef struct {
  guint32 slot;        /* slot + 1; 0 = empty */
  guint32 hash;
} LpIdCell;

typedef struct {
  LpIdCell *cells;
  guint32 capacity;    /* power of two, or 0 */
  guint32 count;
  LpIdTableKeyFunc key; /* the id of a slot */
  gpointer owner;
} LpIdTable;

void lp_id_table_init (LpIdTable *t, LpIdTableKeyFunc key, gpointer owner);
void lp_id_table_clear (LpIdTable *t);
/* Makes room for `count` entries in total without rehashing later. */
void lp_id_table_reserve (LpIdTable *t, guint32 count);
/* Returns the slot of `id`, or G_MAXUINT32. */
guint32 lp_id_table_lookup (const LpIdTable *t, const char *id);
/* Starts fetching the cell where `id` would be: a lookup or insert of it
 * a little later does not wait for memory. */
void lp_id_table_prefetch (const LpIdTable *t, const char *id);
/* Inserts `slot` under its id; the id must not be present. */
void lp_id_table_insert (LpIdTable *t, guint32 slot);
/* Inserts slots[0 .. n) in order, fetching the cells of those a little
 * ahead (a big batch is bound by memory latency, not by hashing). Stops
 * at the first slot whose id is present already: returns its index in
 * `slots` (the slots before it are inserted), or n when every one is. */
guint32 lp_id_table_insert_many (LpIdTable *t, const guint32 *slots,
                                 guint32 n);
/* Removes `id` (which must be present). */
void lp_id_table_remove (LpIdTable *t, const char *id);

#endif
