#include "config.h"
#include <string.h>
#include "lp-id-table.h"

static inline guint32
hash_id (const char *s)
{
  /* FNV-1a, then a final mix so that sequential ids spread out */
  guint32 h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (guchar) *s) * 16777619u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  return h;
}

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
  g_free (t->cells);
  g_free (t->hashes);
  t->cells = NULL;
  t->hashes = NULL;
  t->capacity = t->count = 0;
}

static void
insert_cell (guint32 *cells, guint32 *hashes, guint32 mask, guint32 h,
             guint32 value)
{
  guint32 i = h & mask;
  while (cells[i] != 0)
    i = (i + 1) & mask;
  cells[i] = value;
  hashes[i] = h;
}

static void
resize (LpIdTable *t, guint32 capacity)
{
  guint32 *cells = g_new0 (guint32, capacity);
  guint32 *hashes = g_new (guint32, capacity);
  for (guint32 i = 0; i < t->capacity; i++)
    if (t->cells[i] != 0)
      insert_cell (cells, hashes, capacity - 1, t->hashes[i], t->cells[i]);
  g_free (t->cells);
  g_free (t->hashes);
  t->cells = cells;
  t->hashes = hashes;
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

guint32
lp_id_table_lookup (const LpIdTable *t, const char *id)
{
  if (t->capacity == 0)
    return G_MAXUINT32;
  guint32 mask = t->capacity - 1, h = hash_id (id);
  for (guint32 i = h & mask; t->cells[i] != 0; i = (i + 1) & mask)
    {
      guint32 slot = t->cells[i] - 1;
      if (t->hashes[i] == h && strcmp (t->key (t->owner, slot), id) == 0)
        return slot;
    }
  return G_MAXUINT32;
}

void
lp_id_table_insert (LpIdTable *t, guint32 slot)
{
  lp_id_table_reserve (t, t->count + 1);
  insert_cell (t->cells, t->hashes, t->capacity - 1,
               hash_id (t->key (t->owner, slot)), slot + 1);
  t->count++;
}

void
lp_id_table_remove (LpIdTable *t, const char *id)
{
  guint32 mask = t->capacity - 1, h = hash_id (id);
  guint32 i = h & mask;
  while (t->cells[i] != 0 &&
         (t->hashes[i] != h || strcmp (t->key (t->owner, t->cells[i] - 1), id) != 0))
    i = (i + 1) & mask;
  g_return_if_fail (t->cells[i] != 0);
  t->cells[i] = 0;
  t->count--;
  /* backward-shift deletion keeps probe chains intact without tombstones */
  guint32 j = i;
  for (;;)
    {
      j = (j + 1) & mask;
      if (t->cells[j] == 0)
        break;
      guint32 home = t->hashes[j] & mask;
      /* move cells[j] into the hole at i unless its home lies in (i, j] */
      gboolean stays = (i <= j) ? (i < home && home <= j)
                                : (i < home || home <= j);
      if (!stays)
        {
          t->cells[i] = t->cells[j];
          t->hashes[i] = t->hashes[j];
          t->cells[j] = 0;
          i = j;
        }
    }
}
