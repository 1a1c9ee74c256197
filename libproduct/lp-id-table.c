#include "config.h"
#include <string.h>
#include "lp-hash.h"
#include "lp-id-table.h"
#include "lp-memory.h"

/* Keyed (lp-hash.h): ids come from the input, and an unkeyed hash lets an
 * input of ids chosen offline put every one in the same probe run. */
#define hash_id lp_hash_str

void
lp_id_table_init (LpIdTable *t, LpIdTableKeyFunc key, gpointer owner)
{
  memset (t, 0, sizeof *t);
  t->key = key;
  t->owner = owner;
}

void
lp_id_table_clear (LpIdTable *t)
{
  lp_big_free (t->cells, (gsize) t->capacity * sizeof *t->cells);
  t->cells = NULL;
  t->capacity = t->count = 0;
}

static void
insert_cell (LpIdCell *cells, guint32 mask, guint32 h, guint32 value)
{
  guint32 i = h & mask;
  while (cells[i].slot != 0)
    i = (i + 1) & mask;
  cells[i].slot = value;
  cells[i].hash = h;
}

static void
resize (LpIdTable *t, guint32 capacity)
{
  /* a big table is probed at random: huge pages save a TLB miss a probe */
  LpIdCell *cells = lp_big_alloc0 ((gsize) capacity * sizeof *cells);
  for (guint32 i = 0; i < t->capacity; i++)
    if (t->cells[i].slot != 0)
      insert_cell (cells, capacity - 1, t->cells[i].hash, t->cells[i].slot);
  lp_big_free (t->cells, (gsize) t->capacity * sizeof *t->cells);
  t->cells = cells;
  t->capacity = capacity;
}

void
lp_id_table_reserve (LpIdTable *t, guint32 count)
{
  /* keep the load factor at or below 1/2 */
  guint64 want = 16;
  while (want < (guint64) count * 2)
    want *= 2;
  g_assert (want <= G_MAXUINT32);
  if (want > t->capacity)
    resize (t, (guint32) want);
}

static inline guint32
find (const LpIdTable *t, const char *id, guint32 h)
{
  guint32 mask = t->capacity - 1;
  for (guint32 i = h & mask; t->cells[i].slot != 0; i = (i + 1) & mask)
    {
      guint32 slot = t->cells[i].slot - 1;
      if (t->cells[i].hash == h && strcmp (t->key (t->owner, slot), id) == 0)
        return slot;
    }
  return G_MAXUINT32;
}

guint32
lp_id_table_lookup (const LpIdTable *t, const char *id)
{
  if (t->capacity == 0)
    return G_MAXUINT32;
  return find (t, id, hash_id (id));
}

void
lp_id_table_prefetch (const LpIdTable *t, const char *id)
{
  if (t->capacity > 0)
    LP_PREFETCH (&t->cells[hash_id (id) & (t->capacity - 1)]);
}

void
lp_id_table_insert (LpIdTable *t, guint32 slot)
{
  lp_id_table_reserve (t, t->count + 1);
  insert_cell (t->cells, t->capacity - 1, hash_id (t->key (t->owner, slot)),
               slot + 1);
  t->count++;
}

#define AHEAD 16

guint32
lp_id_table_insert_many (LpIdTable *t, const guint32 *slots, guint32 n)
{
  lp_id_table_reserve (t, t->count + n);
  guint32 mask = t->capacity - 1;
  guint32 hashes[AHEAD] = { 0 };
  /* hashes[i % AHEAD] is the hash of slots[i], computed AHEAD early, when
   * its cell is fetched */
  for (guint32 i = 0; i < MIN (n, AHEAD); i++)
    {
      hashes[i] = hash_id (t->key (t->owner, slots[i]));
      LP_PREFETCH (&t->cells[hashes[i] & mask]);
    }
  for (guint32 i = 0; i < n; i++)
    {
      guint32 h = hashes[i % AHEAD];
      if (i + AHEAD < n)
        {
          guint32 h2 = hash_id (t->key (t->owner, slots[i + AHEAD]));
          hashes[i % AHEAD] = h2;
          LP_PREFETCH (&t->cells[h2 & mask]);
        }
      if (find (t, t->key (t->owner, slots[i]), h) != G_MAXUINT32)
        return i;
      insert_cell (t->cells, mask, h, slots[i] + 1);
      t->count++;
    }
  return n;
}

void
lp_id_table_remove (LpIdTable *t, const char *id)
{
  guint32 mask = t->capacity - 1, h = hash_id (id);
  guint32 i = h & mask;
  while (t->cells[i].slot != 0 &&
         (t->cells[i].hash != h
          || strcmp (t->key (t->owner, t->cells[i].slot - 1), id) != 0))
    i = (i + 1) & mask;
  g_return_if_fail (t->cells[i].slot != 0);
  t->cells[i].slot = 0;
  t->count--;
  /* backward-shift deletion keeps probe chains intact without tombstones */
  guint32 j = i;
  for (;;)
    {
      j = (j + 1) & mask;
      if (t->cells[j].slot == 0)
        break;
      guint32 home = t->cells[j].hash & mask;
      /* move cells[j] into the hole at i unless its home lies in (i, j] */
      gboolean stays = (i <= j) ? (i < home && home <= j)
                                : (i < home || home <= j);
      if (!stays)
        {
          t->cells[i] = t->cells[j];
          t->cells[j].slot = 0;
          i = j;
        }
    }
}
