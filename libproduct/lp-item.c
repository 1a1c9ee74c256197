/* Item accessors. Items live in the backlog's blocks; see lp-private.h. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lp-hash.h"
#include "lp-private.h"

#define LP_ITEM_OK(item) ((item) != NULL && (item)->alive)
/* Whether the item's backlog may change now (see lp_backlog_hold()). */
#define ITEM_IDLE(item, operation, error) \
  lp_backlog_check_idle (lp_item_backlog (item), (item)->id, operation, error)
#define ITEM_IDLE_OR_CRITICAL(item, operation) \
  lp_backlog_assert_idle (lp_item_backlog (item), (item)->id, operation)

const char *
lp_item_get_id (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NULL);
  return item->id;
}

LpBacklog *
lp_item_get_backlog (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NULL);
  return lp_item_backlog (item);
}

guint
lp_item_get_position (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), 0);
  return lp_item_position (item);
}

const char *
lp_item_get_title (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NULL);
  return lp_item_title (item);
}

gboolean
lp_item_set_title (LpItem *item, const char *title, GError **error)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (title != NULL, FALSE);
  if (!ITEM_IDLE (item, "set the title", error)
      || !lp_check_utf8 (item->id, "title", title, error))
    return FALSE;
  if (strcmp (lp_item_title (item), title) != 0)
    lp_item_store_title (item, lp_backlog_intern (lp_item_backlog (item), title));
  return TRUE;
}

const char *
lp_item_get_description (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NULL);
  return lp_item_description (item);
}

gboolean
lp_item_set_description (LpItem *item, const char *description,
                         GError **error)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (description != NULL, FALSE);
  if (!ITEM_IDLE (item, "set the description", error)
      || !lp_check_utf8 (item->id, "description", description, error))
    return FALSE;
  if (strcmp (lp_item_description (item), description) != 0)
    lp_item_store_description (item, lp_backlog_intern (lp_item_backlog (item),
                                                        description));
  return TRUE;
}

LpItemKind
lp_item_get_kind (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), LP_ITEM_KIND_STORY);
  return (LpItemKind) item->kind;
}

void
lp_item_set_kind (LpItem *item, LpItemKind kind)
{
  g_return_if_fail (LP_ITEM_OK (item));
  g_return_if_fail (lp_item_kind_to_string (kind) != NULL);
  if (!ITEM_IDLE_OR_CRITICAL (item, "set the kind"))
    return;
  item->kind = (guint8) kind;
}

LpItemStatus
lp_item_get_status (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), LP_ITEM_STATUS_TODO);
  return (LpItemStatus) item->status;
}

void
lp_item_set_status (LpItem *item, LpItemStatus status)
{
  g_return_if_fail (LP_ITEM_OK (item));
  g_return_if_fail (lp_item_status_to_string (status) != NULL);
  if (!ITEM_IDLE_OR_CRITICAL (item, "set the status"))
    return;
  item->status = (guint8) status;
}

gboolean
lp_item_has_value (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  return !isnan (item->value);
}

double
lp_item_get_value (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NAN);
  return item->value;
}

gboolean
lp_item_set_value (LpItem *item, double value, GError **error)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  if (!ITEM_IDLE (item, "set the value", error)
      || !lp_check_value (item->id, value, error))
    return FALSE;
  item->value = value;
  return TRUE;
}

void
lp_item_clear_value (LpItem *item)
{
  g_return_if_fail (LP_ITEM_OK (item));
  if (!ITEM_IDLE_OR_CRITICAL (item, "clear the value"))
    return;
  item->value = NAN;
}

gboolean
lp_item_has_effort (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  return !isnan (item->effort);
}

double
lp_item_get_effort (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NAN);
  return item->effort;
}

gboolean
lp_item_set_effort (LpItem *item, double effort, GError **error)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  if (!ITEM_IDLE (item, "set the effort", error)
      || !lp_check_effort (item->id, effort, error))
    return FALSE;
  item->effort = effort;
  return TRUE;
}

void
lp_item_clear_effort (LpItem *item)
{
  g_return_if_fail (LP_ITEM_OK (item));
  if (!ITEM_IDLE_OR_CRITICAL (item, "clear the effort"))
    return;
  item->effort = NAN;
}

LpItem *
lp_item_get_parent (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NULL);
  guint32 parent = lp_item_parent_slot (item);
  if (parent == LP_NONE)
    return NULL;
  return lp_backlog_item_at_slot (lp_item_backlog (item), parent);
}

gboolean
lp_item_set_parent (LpItem *item, LpItem *parent, GError **error)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (parent == NULL ||
                        (parent->alive &&
                         lp_item_backlog (parent) == lp_item_backlog (item)),
                        FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!ITEM_IDLE (item, "set the parent", error))
    return FALSE;

  if (parent == NULL)
    {
      lp_item_link_parent (item, LP_NONE);
      return TRUE;
    }
  /* walk up from the new parent; meeting the item means a loop. The walk
   * ends because the existing parent links are acyclic, and is not needed
   * at all when the item has no children. */
  LpBacklog *b = lp_item_backlog (item);
  guint32 start = lp_item_n_children (item) > 0 ? parent->slot : LP_NONE;
  if (parent == item)
    start = item->slot;
  for (guint32 s = start; s != LP_NONE;
       s = lp_item_parent_slot (lp_backlog_item_at_slot (b, s)))
    if (s == item->slot)
      {
        g_set_error (error, LP_ERROR, LP_ERROR_PARENT_CYCLE,
                     "item \"%s\": cannot have \"%s\" as parent: \"%s\" would "
                     "become its own ancestor", item->id, parent->id, item->id);
        return FALSE;
      }
  lp_item_link_parent (item, parent->slot);
  return TRUE;
}

/* The side arrays of a block, allocated on first use. */
static guint32 *
block_parents (LpItemBlock *blk)
{
  if (blk->parent == NULL)
    {
      blk->parent = g_new (guint32, LP_BLOCK_SIZE);
      memset (blk->parent, 0xff, LP_BLOCK_SIZE * sizeof (guint32));  /* LP_NONE */
    }
  return blk->parent;
}

static guint32 *
block_children (LpItemBlock *blk)
{
  if (blk->n_children == NULL)
    blk->n_children = g_new0 (guint32, LP_BLOCK_SIZE);
  return blk->n_children;
}

static LpLabelSet *
block_labels (LpItemBlock *blk)
{
  if (blk->labels == NULL)
    blk->labels = g_new0 (LpLabelSet, LP_BLOCK_SIZE);
  return blk->labels;
}

void
lp_item_block_free (LpItemBlock *blk)
{
  if (blk->labels)
    for (guint32 k = 0; k < LP_BLOCK_SIZE; k++)
      g_free (blk->labels[k].ids);
  g_free (blk->labels);
  lp_attr_lists_free (blk->attrs);
  g_free (blk->title);
  g_free (blk->description);
  g_free (blk->parent);
  g_free (blk->n_children);
  g_free (blk);
}

/* Label sets (lp-private.h). Up to LP_LABEL_SCAN_MAX entries of room, a
 * label is looked for by a scan: the common item has a handful. A bigger
 * set follows its `capacity` ids with an index of 2 x capacity cells
 * (label id + 1; 0: free) probed linearly, rebuilt when the set grows or
 * loses a label. Label ids are chosen by the input (by the order in which
 * labels first appear), so the index hashes them with the keyed hash. */
static inline gboolean
label_set_indexed (const LpLabelSet *set)
{
  return set->capacity > LP_LABEL_SCAN_MAX;
}

static inline guint32 *
label_set_index (const LpLabelSet *set, gsize *mask)
{
  *mask = (gsize) set->capacity * 2 - 1;
  return set->ids + set->capacity;
}

static inline gsize
label_cell (guint32 id)
{
  return (gsize) lp_hash_bytes (&id, sizeof id);
}

static void
label_index_insert (LpLabelSet *set, guint32 id)
{
  gsize mask;
  guint32 *cells = label_set_index (set, &mask);
  gsize c = label_cell (id) & mask;
  while (cells[c] != 0)
    c = (c + 1) & mask;
  cells[c] = id + 1;
}

static void
label_index_rebuild (LpLabelSet *set)
{
  gsize mask;
  memset (label_set_index (set, &mask), 0,
          (gsize) set->capacity * 2 * sizeof (guint32));
  for (guint32 i = 0; i < set->n; i++)
    label_index_insert (set, set->ids[i]);
}

static gboolean
label_set_contains (const LpLabelSet *set, guint32 id)
{
  if (!label_set_indexed (set))
    {
      for (guint32 i = 0; i < set->n; i++)
        if (set->ids[i] == id)
          return TRUE;
      return FALSE;
    }
  gsize mask;
  const guint32 *cells = label_set_index (set, &mask);
  for (gsize c = label_cell (id) & mask; cells[c] != 0; c = (c + 1) & mask)
    if (cells[c] == id + 1)
      return TRUE;
  return FALSE;
}

/* Appends an id the set does not hold: room doubles when full, so that
 * adding k labels copies O(k) entries in all. */
static void
label_set_append (LpLabelSet *set, guint32 id)
{
  if (set->n == set->capacity)
    {
      guint32 capacity = set->capacity == 0 ? 1 : set->capacity * 2;
      gsize cells = capacity > LP_LABEL_SCAN_MAX ? (gsize) capacity * 3
                                                 : capacity;
      set->ids = g_renew (guint32, set->ids, cells);
      set->capacity = capacity;
      if (label_set_indexed (set))
        label_index_rebuild (set);
    }
  set->ids[set->n++] = id;
  if (label_set_indexed (set))
    label_index_insert (set, id);
}

static void
label_set_clear (LpLabelSet *set)
{
  g_clear_pointer (&set->ids, g_free);
  set->n = 0;
  set->capacity = 0;
}

/* Stores a text of the item in a side array of its block (title or
 * description): "" needs no array, the first other text allocates it. */
static void
store_text (LpItem *item, const char ***column, const char *interned)
{
  gboolean empty = interned == NULL || *interned == '\0';
  if (*column == NULL)
    {
      if (empty)
        return;
      *column = g_new0 (const char *, LP_BLOCK_SIZE);
    }
  (*column)[item->slot & LP_BLOCK_MASK] = empty ? NULL : interned;
}

void
lp_item_store_title (LpItem *item, const char *interned)
{
  store_text (item, &lp_item_block (item)->title, interned);
}

void
lp_item_store_description (LpItem *item, const char *interned)
{
  store_text (item, &lp_item_block (item)->description, interned);
}

void
lp_item_clear_side (LpItem *item)
{
  LpItemBlock *blk = lp_item_block (item);
  guint32 i = item->slot & LP_BLOCK_MASK;
  if (blk->title)
    blk->title[i] = NULL;
  if (blk->description)
    blk->description[i] = NULL;
  if (blk->labels)
    label_set_clear (&blk->labels[i]);
  if (blk->parent)
    blk->parent[i] = LP_NONE;
  if (blk->n_children)
    blk->n_children[i] = 0;
}

void
lp_item_link_parent (LpItem *item, guint32 parent_slot)
{
  LpBacklog *b = lp_item_backlog (item);
  guint32 old = lp_item_parent_slot (item);
  if (old == parent_slot)
    return;
  if (old != LP_NONE)
    {
      LpItem *p = lp_backlog_item_at_slot (b, old);
      block_children (lp_item_block (p))[p->slot & LP_BLOCK_MASK]--;
    }
  if (parent_slot == LP_NONE && lp_item_block (item)->parent == NULL)
    return;
  block_parents (lp_item_block (item))[item->slot & LP_BLOCK_MASK] = parent_slot;
  if (parent_slot != LP_NONE)
    {
      LpItem *p = lp_backlog_item_at_slot (b, parent_slot);
      block_children (lp_item_block (p))[p->slot & LP_BLOCK_MASK]++;
    }
}

gboolean
lp_item_get_attribute (const LpItem *item, const char *name, double *value)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  LpBacklog *b = lp_item_backlog (item);
  guint32 id = lp_backlog_attribute_id (b, name, FALSE);
  if (id == LP_NONE)
    return FALSE;
  double v = lp_attribute_get (lp_backlog_attribute (b, id), item->slot);
  if (isnan (v))
    return FALSE;
  if (value)
    *value = v;
  return TRUE;
}

gboolean
lp_item_set_attribute (LpItem *item, const char *name, double value,
                       GError **error)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!ITEM_IDLE (item, "set an attribute", error))
    return FALSE;

  if (*name == '\0')
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "item \"%s\": attribute name must not be empty", item->id);
      return FALSE;
    }
  if (!lp_check_utf8 (item->id, "attribute name", name, error))
    return FALSE;
  if (!isfinite (value))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "item \"%s\": attribute \"%s\" must be a finite number "
                   "(got %g)", item->id, name, value);
      return FALSE;
    }
  LpBacklog *b = lp_item_backlog (item);
  lp_attribute_set (b, lp_backlog_attribute_id (b, name, TRUE), item, value);
  return TRUE;
}

gboolean
lp_item_unset_attribute (LpItem *item, const char *name)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  if (!ITEM_IDLE_OR_CRITICAL (item, "unset an attribute"))
    return FALSE;
  LpBacklog *b = lp_item_backlog (item);
  guint32 id = lp_backlog_attribute_id (b, name, FALSE);
  return id != LP_NONE && lp_attribute_unset (b, id, item);
}

static int
compare_ids (const void *a, const void *b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return (x > y) - (x < y);
}

char **
lp_item_dup_attribute_names (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NULL);
  LpBacklog *b = lp_item_backlog (item);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  lp_attributes_of_item (item, ids);
  /* ids count in the order the backlog first saw the names */
  if (ids->len > 1)
    qsort (ids->data, ids->len, sizeof (guint32), compare_ids);
  char **names = g_new (char *, ids->len + 1);
  for (guint i = 0; i < ids->len; i++)
    names[i] = g_strdup (b->attr_names->pdata[g_array_index (ids, guint32, i)]);
  names[ids->len] = NULL;
  g_array_unref (ids);
  return names;
}

gboolean
lp_item_add_label (LpItem *item, const char *label, GError **error)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!ITEM_IDLE (item, "add a label", error))
    return FALSE;

  if (*label == '\0')
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "item \"%s\": label must not be empty", item->id);
      return FALSE;
    }
  if (!lp_check_utf8 (item->id, "label", label, error))
    return FALSE;
  lp_item_add_label_id (item, lp_backlog_label_id (lp_item_backlog (item),
                                                   label, TRUE));
  return TRUE;
}

void
lp_item_add_label_id (LpItem *item, guint32 id)
{
  LpLabelSet *set = &block_labels (lp_item_block (item))[item->slot & LP_BLOCK_MASK];
  if (!label_set_contains (set, id))
    label_set_append (set, id);
}

gboolean
lp_item_remove_label (LpItem *item, const char *label)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  if (!ITEM_IDLE_OR_CRITICAL (item, "remove a label"))
    return FALSE;
  guint32 id = lp_backlog_label_id (lp_item_backlog (item), label, FALSE);
  LpLabelSet *sets = lp_item_block (item)->labels;
  LpLabelSet *set = sets ? &sets[item->slot & LP_BLOCK_MASK] : NULL;
  if (id == LP_NONE || set == NULL || !label_set_contains (set, id))
    return FALSE;
  guint32 i = 0;
  while (set->ids[i] != id)
    i++;
  memmove (set->ids + i, set->ids + i + 1,
           (set->n - i - 1) * sizeof (guint32));
  set->n--;
  if (set->n == 0)
    label_set_clear (set);
  else if (label_set_indexed (set))
    label_index_rebuild (set);
  return TRUE;
}

gboolean
lp_item_has_label (const LpItem *item, const char *label)
{
  g_return_val_if_fail (LP_ITEM_OK (item), FALSE);
  g_return_val_if_fail (label != NULL, FALSE);
  guint32 id = lp_backlog_label_id (lp_item_backlog (item), label, FALSE);
  LpLabelSet set = lp_item_labels (item);
  return id != LP_NONE && label_set_contains (&set, id);
}

guint
lp_item_get_n_labels (const LpItem *item)
{
  g_return_val_if_fail (LP_ITEM_OK (item), 0);
  return lp_item_labels (item).n;
}

const char *
lp_item_get_label (const LpItem *item, guint index)
{
  g_return_val_if_fail (LP_ITEM_OK (item), NULL);
  LpLabelSet set = lp_item_labels (item);
  g_return_val_if_fail (index < set.n, NULL);
  return lp_item_backlog (item)->label_names->pdata[set.ids[index]];
}
