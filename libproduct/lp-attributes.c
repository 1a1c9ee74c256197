/* Attribute storage: names, and values sparse or dense by how many items
 * have them (the layout and its thresholds are described in
 * lp-private.h, beside LpAttribute). */
#include "config.h"
#include <math.h>
#include <string.h>
#include "lp-hash.h"
#include "lp-private.h"

#define MIN_CELLS 2u   /* one value: a table at most half full */

void
lp_attributes_init (LpBacklog *b)
{
  b->attr_names = g_ptr_array_new ();
  /* names come from the input: keyed (lp-hash.h) */
  b->attr_index = g_hash_table_new (lp_str_hash, g_str_equal);
  b->attr_columns = g_ptr_array_new ();
  b->attr_capacity = LP_ATTR_MIN_CAPACITY;
  b->attr_dense = g_array_new (FALSE, FALSE, sizeof (guint32));
}

void
lp_attributes_free (LpBacklog *b)
{
  for (guint i = 0; i < b->attr_columns->len; i++)
    {
      LpAttribute *a = b->attr_columns->pdata[i];
      g_free (a->dense);
      g_free (a->cells);
      g_free (a);
    }
  g_ptr_array_unref (b->attr_columns);
  g_ptr_array_unref (b->attr_names);
  g_hash_table_unref (b->attr_index);
  g_array_unref (b->attr_dense);
}

void
lp_attr_lists_free (LpAttrList *lists)
{
  if (lists)
    for (guint32 k = 0; k < LP_BLOCK_SIZE; k++)
      g_free (lists[k].ids);
  g_free (lists);
}

guint32
lp_backlog_attribute_id (LpBacklog *b, const char *name, gboolean create)
{
  gpointer v = g_hash_table_lookup (b->attr_index, name);
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  if (!create)
    return LP_NONE;
  /* not g_string_chunk_insert_const (): its table hashes with GLib's
   * unkeyed g_str_hash, and the index already keeps each name once */
  const char *interned = g_string_chunk_insert (b->strings, name);
  guint32 id = b->attr_names->len;
  g_ptr_array_add (b->attr_names, (gpointer) interned);
  g_hash_table_insert (b->attr_index, (gpointer) interned,
                       GUINT_TO_POINTER (id + 1));
  LpAttribute *a = g_new0 (LpAttribute, 1);
  a->id = id;
  /* a multiplier nobody can predict (lp-hash.h's key), so that no choice of
   * the items that have the attribute sends them to one cell */
  guint64 seed[2] = { (guint64) (guintptr) a, id };
  a->mult = lp_hash_bytes (seed, sizeof seed) | 1;
  g_ptr_array_add (b->attr_columns, a);
  return id;
}

static LpAttribute *
attribute_at (LpBacklog *b, guint32 id)
{
  return b->attr_columns->pdata[id];
}

/* --- the items' lists of sparse attributes ------------------------------- */

static LpAttrList *
item_list (const LpItem *item)
{
  LpItemBlock *blk = lp_item_block (item);
  if (blk->attrs == NULL)
    blk->attrs = g_new0 (LpAttrList, LP_BLOCK_SIZE);
  return &blk->attrs[item->slot & LP_BLOCK_MASK];
}

/* Appends an id; returns its index. */
static guint32
list_append (const LpItem *item, guint32 id)
{
  LpAttrList *l = item_list (item);
  /* room for 4 first (malloc's smallest chunk holds them anyway), then
   * doubling when n is a power of two: k ids cost O(k) copying */
  if (l->n == 0)
    l->ids = g_new (guint32, 4);
  else if (l->n >= 4 && (l->n & (l->n - 1)) == 0)
    l->ids = g_renew (guint32, l->ids, l->n * 2);
  l->ids[l->n] = id;
  return l->n++;
}

static LpAttrCell *find_cell (const LpAttribute *a, guint32 slot);

/* Removes the entry at pos; the last entry takes its place, and its cell
 * learns where it went. */
static void
list_remove (LpBacklog *b, const LpItem *item, guint32 pos)
{
  LpAttrList *l = &lp_item_block (item)->attrs[item->slot & LP_BLOCK_MASK];
  g_assert (pos < l->n);   /* the item has the attribute */
  guint32 last = l->ids[--l->n];
  if (pos != l->n)
    {
      l->ids[pos] = last;
      find_cell (attribute_at (b, last), item->slot)->pos = pos;
    }
  if (l->n == 0)
    {
      g_free (l->ids);
      l->ids = NULL;
    }
}

/* --- the sparse table: linear probing, backward-shift deletion ------------ */

/* The cell that holds slot, or the empty cell where it would go. The table
 * always has an empty cell (its load is at most 1/2). */
static LpAttrCell *
find_cell (const LpAttribute *a, guint32 slot)
{
  guint32 i = lp_attribute_home (a, slot);
  while (a->cells[i].slot != slot && a->cells[i].slot != LP_NONE)
    i = (i + 1) & a->mask;
  return &a->cells[i];
}

/* Rebuilds the table with n_cells cells (a power of two, at least twice
 * the count). */
static void
resize_cells (LpAttribute *a, guint32 n_cells)
{
  LpAttrCell *old = a->cells;
  guint32 n_old = old ? a->mask + 1 : 0;
  a->cells = g_new (LpAttrCell, n_cells);
  a->mask = n_cells - 1;
  /* every cell empty: LP_NONE is all ones */
  G_STATIC_ASSERT (LP_NONE == 0xffffffffu);
  memset (a->cells, 0xff, (gsize) n_cells * sizeof *a->cells);
  for (guint32 i = 0; i < n_old; i++)
    if (old[i].slot != LP_NONE)
      *find_cell (a, old[i].slot) = old[i];
  g_free (old);
}

static guint32
cells_for (guint32 count)
{
  guint32 n = MIN_CELLS;
  while (n < 2 * (guint64) count)
    n *= 2;
  return n;
}

static void
delete_cell (LpAttribute *a, LpAttrCell *cell)
{
  guint32 mask = a->mask, hole = (guint32) (cell - a->cells);
  for (guint32 j = (hole + 1) & mask; a->cells[j].slot != LP_NONE;
       j = (j + 1) & mask)
    {
      /* the entry at j may fill the hole unless its home lies cyclically
       * in (hole, j] */
      guint32 home = lp_attribute_home (a, a->cells[j].slot);
      if (((j - home) & mask) >= ((j - hole) & mask))
        {
          a->cells[hole] = a->cells[j];
          hole = j;
        }
    }
  a->cells[hole].slot = LP_NONE;
  a->count--;
  if (a->count == 0)
    {
      g_free (a->cells);
      a->cells = NULL;
      a->mask = 0;
    }
  else if ((guint64) a->count * 8 < a->mask + 1)
    resize_cells (a, (a->mask + 1) / 2);   /* memory follows the count */
}

/* --- sparse <-> dense ---------------------------------------------------- */

static void
make_dense (LpBacklog *b, LpAttribute *a)
{
  double *col = g_new (double, b->attr_capacity);
  for (gsize s = 0; s < b->attr_capacity; s++)
    col[s] = NAN;
  /* a has cells: it turns dense when a value is added */
  for (guint32 i = 0; i <= a->mask; i++)
    {
      const LpAttrCell *c = &a->cells[i];
      if (c->slot == LP_NONE)
        continue;
      col[c->slot] = c->value;
      list_remove (b, lp_backlog_item_at_slot (b, c->slot), c->pos);
    }
  g_free (a->cells);
  a->cells = NULL;
  a->mask = 0;
  a->dense = col;
  a->dense_at = b->attr_dense->len;
  g_array_append_val (b->attr_dense, a->id);
}

/* Back to sparse: the column holds `length` slots. */
static void
make_sparse (LpBacklog *b, LpAttribute *a, gsize length)
{
  double *col = a->dense;
  a->dense = NULL;
  guint32 *ids = (guint32 *) (void *) b->attr_dense->data;
  guint32 last = ids[b->attr_dense->len - 1];
  ids[a->dense_at] = last;
  attribute_at (b, last)->dense_at = a->dense_at;
  g_array_set_size (b->attr_dense, b->attr_dense->len - 1);
  /* count > 0: a dense attribute has at least 15 values when it goes */
  resize_cells (a, cells_for (a->count));
  for (gsize s = 0; s < length; s++)
    if (!isnan (col[s]))
      {
        LpAttrCell *c = find_cell (a, (guint32) s);
        c->slot = (guint32) s;
        c->value = col[s];
        c->pos = list_append (lp_backlog_item_at_slot (b, (guint32) s), a->id);
      }
  g_free (col);
}

static void
dense_lost_one (LpBacklog *b, LpAttribute *a)
{
  a->count--;
  if (a->count < b->attr_capacity >> LP_ATTR_SPARSE_SHIFT)
    make_sparse (b, a, b->attr_capacity);
}

/* --- values -------------------------------------------------------------- */

void
lp_attribute_set_sparse (LpBacklog *b, guint32 attribute_id,
                         const LpItem *item, double value)
{
  LpAttribute *a = attribute_at (b, attribute_id);
  guint32 slot = item->slot;
  if (a->cells == NULL)
    resize_cells (a, MIN_CELLS);
  LpAttrCell *c = find_cell (a, slot);
  if (c->slot == slot)
    {
      c->value = value;
      return;
    }
  if (2 * ((guint64) a->count + 1) > a->mask + 1)
    {
      resize_cells (a, (a->mask + 1) * 2);
      c = find_cell (a, slot);
    }
  c->slot = slot;
  c->value = value;
  c->pos = list_append (item, attribute_id);
  a->count++;
  if (a->count >= b->attr_capacity >> LP_ATTR_DENSE_SHIFT)
    make_dense (b, a);
}

gboolean
lp_attribute_unset (LpBacklog *b, guint32 attribute_id, const LpItem *item)
{
  LpAttribute *a = attribute_at (b, attribute_id);
  guint32 slot = item->slot;
  if (a->dense != NULL)
    {
      if (isnan (a->dense[slot]))
        return FALSE;
      a->dense[slot] = NAN;
      dense_lost_one (b, a);
      return TRUE;
    }
  if (a->cells == NULL)
    return FALSE;
  LpAttrCell *c = find_cell (a, slot);
  if (c->slot != slot)
    return FALSE;
  list_remove (b, item, c->pos);
  delete_cell (a, c);
  return TRUE;
}

void
lp_attributes_of_item (const LpItem *item, GArray *ids)
{
  const LpBacklog *b = lp_item_backlog (item);
  const guint32 *dense = (const guint32 *) (const void *) b->attr_dense->data;
  for (guint i = 0; i < b->attr_dense->len; i++)
    if (!isnan (lp_backlog_attribute (b, dense[i])->dense[item->slot]))
      g_array_append_val (ids, dense[i]);
  LpAttrList l = lp_item_sparse_attributes (item);
  g_array_append_vals (ids, l.ids, l.n);
}

void
lp_attributes_clear_item (LpBacklog *b, const LpItem *item)
{
  guint32 slot = item->slot;
  /* downwards: making one sparse moves the last dense id (already seen)
   * into its place */
  for (guint i = b->attr_dense->len; i-- > 0;)
    {
      LpAttribute *a = attribute_at (b, g_array_index (b->attr_dense, guint32, i));
      if (!isnan (a->dense[slot]))
        {
          a->dense[slot] = NAN;
          dense_lost_one (b, a);
        }
    }
  LpAttrList *lists = lp_item_block (item)->attrs;
  if (lists == NULL)
    return;
  LpAttrList *l = &lists[slot & LP_BLOCK_MASK];
  for (guint32 k = 0; k < l->n; k++)
    {
      LpAttribute *a = attribute_at (b, l->ids[k]);
      delete_cell (a, find_cell (a, slot));
    }
  g_free (l->ids);
  l->ids = NULL;
  l->n = 0;
}

void
lp_attributes_grow (LpBacklog *b, guint32 n_slots)
{
  gsize old = b->attr_capacity, cap = old;
  while (cap < n_slots)
    cap *= 2;
  b->attr_capacity = cap;
  /* a column grows with the slots only if enough items have it */
  for (guint i = b->attr_dense->len; i-- > 0;)
    {
      LpAttribute *a = attribute_at (b, g_array_index (b->attr_dense, guint32, i));
      if (a->count < cap >> LP_ATTR_SPARSE_SHIFT)
        {
          make_sparse (b, a, old);
          continue;
        }
      a->dense = g_renew (double, a->dense, cap);
      for (gsize s = old; s < cap; s++)
        a->dense[s] = NAN;
    }
}
