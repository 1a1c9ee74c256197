/* The backlog: item storage, ids, manual order and labels. The dependency
 * graph lives in lp-graph.c, attributes in lp-attributes.c. */
#include "config.h"
#include <math.h>
#include <string.h>
#include "lp-hash.h"
#include "lp-private.h"

static const char *
slot_id (gpointer owner, guint32 slot)
{
  return lp_backlog_item_at_slot (owner, slot)->id;
}

LpBacklog *
lp_backlog_new (void)
{
  LpBacklog *b = g_new0 (LpBacklog, 1);
  b->ref_count = 1;
  b->strings = g_string_chunk_new (64 * 1024);
  b->free_slots = g_array_new (FALSE, FALSE, sizeof (guint32));
  lp_id_table_init (&b->ids, slot_id, b);
  lp_attributes_init (b);
  b->label_names = g_ptr_array_new ();
  b->label_index = g_hash_table_new (lp_str_hash, g_str_equal);
  b->edges_dirty = TRUE;
  return b;
}

LpBacklog *
lp_backlog_ref (LpBacklog *backlog)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_atomic_int_inc (&backlog->ref_count);
  return backlog;
}

void
lp_backlog_unref (LpBacklog *backlog)
{
  if (backlog == NULL || !g_atomic_int_dec_and_test (&backlog->ref_count))
    return;
  for (guint32 i = 0; i < backlog->n_blocks; i++)
    lp_item_block_free (backlog->blocks[i]);
  g_free (backlog->blocks);
  g_free (backlog->order);
  g_free (backlog->positions);
  g_array_unref (backlog->free_slots);
  lp_id_table_clear (&backlog->ids);
  lp_attributes_free (backlog);
  g_ptr_array_unref (backlog->label_names);
  g_hash_table_unref (backlog->label_index);
  if (backlog->kano)
    g_hash_table_unref (backlog->kano);
  g_free (backlog->prereq.off);
  g_free (backlog->prereq.idx);
  g_free (backlog->dependents.off);
  g_free (backlog->dependents.idx);
  g_free (backlog->pending_dep);
  g_free (backlog->pending_pre);
  g_free (backlog->name);
  g_free (backlog->vision);
  g_string_chunk_free (backlog->strings);
  g_free (backlog);
}

const char *
lp_backlog_intern (LpBacklog *b, const char *s)
{
  if (s == NULL || *s == '\0')
    return "";
  return g_string_chunk_insert (b->strings, s);
}

gboolean
lp_check_utf8 (const char *id, const char *what, const char *s,
               GError **error)
{
  if (s == NULL || g_utf8_validate (s, -1, NULL))
    return TRUE;
  if (id != NULL && g_utf8_validate (id, -1, NULL))
    g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                 "item \"%s\": %s is not valid UTF-8", id, what);
  else
    g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                 "%s is not valid UTF-8", what);
  return FALSE;
}

gboolean
lp_busy_error (const char *id, const char *operation, GError **error)
{
  if (id != NULL)
    g_set_error (error, LP_ERROR, LP_ERROR_BUSY,
                 "item \"%s\": cannot %s while the backlog is being scored",
                 id, operation);
  else
    g_set_error (error, LP_ERROR, LP_ERROR_BUSY,
                 "cannot %s while the backlog is being scored", operation);
  return FALSE;
}

gboolean
lp_busy_critical (const char *id, const char *operation)
{
  GError *error = NULL;
  lp_busy_error (id, operation, &error);
  g_critical ("%s (see LpScoreFunc)", error->message);
  g_error_free (error);
  return FALSE;
}

gboolean
lp_backlog_is_busy (const LpBacklog *backlog)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  return backlog->busy > 0;
}

static gboolean
check_id (const char *id, GError **error)
{
  if (*id == '\0')
    {
      g_set_error_literal (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                           "item id must not be empty");
      return FALSE;
    }
  return lp_check_utf8 (NULL, "item id", id, error);
}

gboolean
lp_check_value (const char *id, double value, GError **error)
{
  if (isfinite (value) && value >= 0)
    return TRUE;
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "item \"%s\": value must be a finite number >= 0 (got %g)",
               id, value);
  return FALSE;
}

gboolean
lp_check_effort (const char *id, double effort, GError **error)
{
  if (isfinite (effort) && effort > 0)
    return TRUE;
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "item \"%s\": effort must be a finite number > 0 (got %g)",
               id, effort);
  return FALSE;
}

const char *
lp_backlog_get_name (const LpBacklog *backlog)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  return backlog->name ? backlog->name : "";
}

gboolean
lp_backlog_set_name (LpBacklog *backlog, const char *name, GError **error)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  if (!lp_backlog_check_idle (backlog, NULL, "set the product name", error))
    return FALSE;
  if (!lp_check_utf8 (NULL, "product name", name, error))
    return FALSE;
  char *copy = g_strdup (name);  /* name may be the current one */
  g_free (backlog->name);
  backlog->name = copy;
  return TRUE;
}

const char *
lp_backlog_get_vision (const LpBacklog *backlog)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  return backlog->vision ? backlog->vision : "";
}

gboolean
lp_backlog_set_vision (LpBacklog *backlog, const char *vision, GError **error)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  if (!lp_backlog_check_idle (backlog, NULL, "set the product vision", error))
    return FALSE;
  if (!lp_check_utf8 (NULL, "product vision", vision, error))
    return FALSE;
  char *copy = g_strdup (vision);  /* vision may be the current one */
  g_free (backlog->vision);
  backlog->vision = copy;
  return TRUE;
}

guint
lp_backlog_get_n_items (const LpBacklog *backlog)
{
  g_return_val_if_fail (backlog != NULL, 0);
  return backlog->n_items;
}

static void
reserve_items (LpBacklog *b, guint32 extra)
{
  guint64 want_items = (guint64) b->n_items + extra;
  g_return_if_fail (want_items < G_MAXUINT32);
  if (want_items > b->order_capacity)
    {
      guint32 cap = MAX (b->order_capacity, 64);
      while (cap < want_items)
        cap = (cap > G_MAXUINT32 / 2) ? G_MAXUINT32 - 1 : cap * 2;
      b->order = g_renew (guint32, b->order, cap);
      b->order_capacity = cap;
    }
  guint64 want_slots = (guint64) b->n_slots + extra;
  guint32 need_blocks = (guint32) ((want_slots + LP_BLOCK_SIZE - 1) >> LP_BLOCK_SHIFT);
  if (need_blocks > b->n_blocks)
    {
      b->blocks = g_renew (LpItemBlock *, b->blocks, need_blocks);
      for (guint32 i = b->n_blocks; i < need_blocks; i++)
        {
          b->blocks[i] = g_new0 (LpItemBlock, 1);
          b->blocks[i]->backlog = b;
        }
      b->n_blocks = need_blocks;
      if (b->positions)
        b->positions = g_renew (guint32, b->positions,
                                (gsize) need_blocks << LP_BLOCK_SHIFT);
    }
  lp_id_table_reserve (&b->ids, b->n_items + extra);
}

/* Takes a slot (reusing removed ones) and appends it to the manual order,
 * without indexing its id. The caller has reserved room and validated
 * everything. */
static LpItem *
append_item_unindexed (LpBacklog *b, const char *id, const char *title)
{
  guint32 slot;
  if (b->free_slots->len > 0)
    {
      slot = g_array_index (b->free_slots, guint32, b->free_slots->len - 1);
      g_array_set_size (b->free_slots, b->free_slots->len - 1);
    }
  else
    {
      slot = b->n_slots++;
      lp_attributes_reserve (b, b->n_slots);
    }
  LpItem *item = lp_backlog_item_at_slot (b, slot);
  memset (item, 0, sizeof *item);
  item->id = g_string_chunk_insert (b->strings, id);
  item->value = NAN;
  item->effort = NAN;
  item->slot = slot;
  if (b->positions)
    b->positions[slot] = b->n_items;
  lp_item_clear_side (item);  /* the slot may have been used before */
  if (title != NULL && *title != '\0')
    lp_item_store_title (item, lp_backlog_intern (b, title));
  item->kind = LP_ITEM_KIND_STORY;
  item->status = LP_ITEM_STATUS_TODO;
  item->alive = 1;
  b->order[b->n_items++] = slot;
  /* the adjacency has one offset per slot */
  b->edges_dirty = TRUE;
  b->dependents_valid = FALSE;
  return item;
}

static LpItem *
append_item (LpBacklog *b, const char *id, const char *title)
{
  LpItem *item = append_item_unindexed (b, id, title);
  lp_id_table_insert (&b->ids, item->slot);
  return item;
}

LpItem *
lp_backlog_add_item (LpBacklog *backlog, const char *id, const char *title,
                     GError **error)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!lp_backlog_check_idle (backlog, id, "add the item", error)
      || !check_id (id, error) || !lp_check_utf8 (id, "title", title, error))
    return NULL;
  if (lp_id_table_lookup (&backlog->ids, id) != G_MAXUINT32)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_DUPLICATE_ID,
                   "item \"%s\": an item with this id already exists", id);
      return NULL;
    }
  reserve_items (backlog, 1);
  return append_item (backlog, id, title);
}

gboolean
lp_backlog_add_items (LpBacklog *backlog, guint n_items,
                      const char *const *ids, const char *const *titles,
                      const double *values, const double *efforts,
                      GError **error)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (n_items == 0 || ids != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!lp_backlog_check_idle (backlog, NULL, "add items", error))
    return FALSE;

  /* validate everything first: all or nothing */
  for (guint i = 0; i < n_items; i++)
    {
      g_return_val_if_fail (ids[i] != NULL, FALSE);
      if (!check_id (ids[i], error) ||
          !lp_check_utf8 (ids[i], "title", titles ? titles[i] : NULL, error) ||
          (values && !isnan (values[i]) && !lp_check_value (ids[i], values[i], error)) ||
          (efforts && !isnan (efforts[i]) && !lp_check_effort (ids[i], efforts[i], error)))
        return FALSE;
      if (lp_id_table_lookup (&backlog->ids, ids[i]) != G_MAXUINT32)
        {
          g_set_error (error, LP_ERROR, LP_ERROR_DUPLICATE_ID,
                       "item \"%s\": an item with this id already exists",
                       ids[i]);
          return FALSE;
        }
    }

  reserve_items (backlog, n_items);
  guint32 first = backlog->n_items, n_free = backlog->free_slots->len;
  for (guint i = 0; i < n_items; i++)
    {
      LpItem *item = append_item_unindexed (backlog, ids[i],
                                            titles ? titles[i] : NULL);
      if (values)
        item->value = values[i];
      if (efforts)
        item->effort = efforts[i];
    }
  /* index the ids in one batch, which finds an id repeated within it (a
   * hash set of the batch would cost as much again) */
  guint32 k = lp_id_table_insert_many (&backlog->ids, backlog->order + first,
                                       n_items);
  if (k == n_items)
    return TRUE;

  g_set_error (error, LP_ERROR, LP_ERROR_DUPLICATE_ID,
               "item \"%s\": an item with this id already exists", ids[k]);
  /* undo, last first: the batch's ids, then its items (the first ones took
   * the free slots from the end of the list; their copies of the strings
   * stay in the string chunk until the backlog is freed) */
  for (guint32 i = 0; i < k; i++)
    lp_id_table_remove (&backlog->ids, ids[i]);
  for (guint32 i = n_items; i-- > 0;)
    {
      guint32 slot = backlog->order[first + i];
      lp_backlog_item_at_slot (backlog, slot)->alive = 0;
      if (i < n_free)
        g_array_append_val (backlog->free_slots, slot);
      else
        backlog->n_slots--;
    }
  backlog->n_items = first;
  return FALSE;
}

const guint32 *
lp_backlog_positions (const LpBacklog *backlog)
{
  LpBacklog *b = (LpBacklog *) backlog;  /* a cache */
  if (b->positions == NULL)
    {
      b->positions = g_new (guint32, MAX ((gsize) b->n_blocks << LP_BLOCK_SHIFT, 1));
      for (guint32 p = 0; p < b->n_items; p++)
        b->positions[b->order[p]] = p;
    }
  return b->positions;
}

static void
renumber (LpBacklog *b, guint32 from, guint32 to)
{
  if (b->positions)
    for (guint32 p = from; p < to; p++)
      b->positions[b->order[p]] = p;
}

/* Where a slot is in the manual order: from the cache when it is built,
 * else by a scan (the caller moves part of the order anyway). */
static guint32
find_position (LpBacklog *b, guint32 slot)
{
  if (b->positions)
    return b->positions[slot];
  guint32 p = 0;
  while (b->order[p] != slot)
    p++;
  return p;
}

void
lp_backlog_remove_item (LpBacklog *backlog, LpItem *item)
{
  g_return_if_fail (backlog != NULL);
  g_return_if_fail (item != NULL && item->alive && lp_item_backlog (item) == backlog);
  if (!lp_backlog_assert_idle (backlog, item->id, "remove the item"))
    return;

  guint32 slot = item->slot;
  lp_graph_remove_slot (backlog, slot);

  /* children lose their parent */
  lp_item_link_parent (item, LP_NONE);
  for (guint32 p = 0; lp_item_n_children (item) > 0 && p < backlog->n_items; p++)
    {
      LpItem *other = lp_backlog_item_at_slot (backlog, backlog->order[p]);
      if (lp_item_parent_slot (other) == slot)
        lp_item_link_parent (other, LP_NONE);
    }
  lp_attributes_clear_item (backlog, item);

  guint32 pos = find_position (backlog, slot);
  memmove (backlog->order + pos, backlog->order + pos + 1,
           (backlog->n_items - pos - 1) * sizeof (guint32));
  backlog->n_items--;
  renumber (backlog, pos, backlog->n_items);

  lp_id_table_remove (&backlog->ids, item->id);
  lp_item_clear_side (item);
  if (backlog->kano)
    g_hash_table_remove (backlog->kano, GUINT_TO_POINTER (slot + 1));
  item->alive = 0;
  g_array_append_val (backlog->free_slots, slot);
  backlog->removals++;
}

gboolean
lp_backlog_move_item (LpBacklog *backlog, LpItem *item, guint position,
                      GError **error)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (item != NULL && item->alive && lp_item_backlog (item) == backlog, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!lp_backlog_check_idle (backlog, item->id, "move the item", error))
    return FALSE;

  if (position >= backlog->n_items)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "item \"%s\": cannot move to position %u (the backlog has "
                   "%u items)", item->id, position, backlog->n_items);
      return FALSE;
    }
  guint32 slot = item->slot, from = find_position (backlog, slot);
  if (position < from)
    {
      memmove (backlog->order + position + 1, backlog->order + position,
               (from - position) * sizeof (guint32));
      backlog->order[position] = slot;
      renumber (backlog, position, from + 1);
    }
  else if (position > from)
    {
      memmove (backlog->order + from, backlog->order + from + 1,
               (position - from) * sizeof (guint32));
      backlog->order[position] = slot;
      renumber (backlog, from, position + 1);
    }
  return TRUE;
}

LpItem *
lp_backlog_get_item_at (const LpBacklog *backlog, guint position)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (position < backlog->n_items, NULL);
  return lp_backlog_item_at_slot (backlog, backlog->order[position]);
}

LpItem *
lp_backlog_get_item (const LpBacklog *backlog, const char *id)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  guint32 slot = lp_id_table_lookup (&backlog->ids, id);
  return slot == G_MAXUINT32 ? NULL : lp_backlog_item_at_slot (backlog, slot);
}

LpItem *
lp_backlog_lookup_item (const LpBacklog *backlog, const char *id,
                        GError **error)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);
  LpItem *item = lp_backlog_get_item (backlog, id);
  if (item == NULL)
    g_set_error (error, LP_ERROR, LP_ERROR_UNKNOWN_ITEM,
                 "no item \"%s\" in the backlog", id);
  return item;
}

guint32
lp_backlog_label_id (LpBacklog *b, const char *label, gboolean create)
{
  gpointer v = g_hash_table_lookup (b->label_index, label);
  if (v != NULL)
    return GPOINTER_TO_UINT (v) - 1;
  if (!create)
    return LP_NONE;
  /* not g_string_chunk_insert_const (): its table hashes with GLib's
   * unkeyed g_str_hash, and the index already keeps each label once */
  const char *interned = g_string_chunk_insert (b->strings, label);
  guint32 id = b->label_names->len;
  g_ptr_array_add (b->label_names, (gpointer) interned);
  g_hash_table_insert (b->label_index, (gpointer) interned,
                       GUINT_TO_POINTER (id + 1));
  return id;
}
