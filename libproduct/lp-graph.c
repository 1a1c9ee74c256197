/* The dependency graph: prerequisites per item in a compressed adjacency
 * (CSR), a buffer of newly added dependencies merged into it lazily, and
 * the dependents adjacency derived from it on demand. */
#include "config.h"
#include <string.h>
#include "lp-private.h"

#define ITEM_OK(b, item) ((item) != NULL && (item)->alive && lp_item_backlog (item) == (b))

void
lp_backlog_append_dependency (LpBacklog *b, guint32 dependent_slot,
                              guint32 prerequisite_slot)
{
  if (b->n_pending == b->pending_capacity)
    {
      gsize cap = MAX (b->pending_capacity * 2, 256);
      b->pending_dep = g_renew (guint32, b->pending_dep, cap);
      b->pending_pre = g_renew (guint32, b->pending_pre, cap);
      b->pending_capacity = cap;
    }
  b->pending_dep[b->n_pending] = dependent_slot;
  b->pending_pre[b->n_pending] = prerequisite_slot;
  b->n_pending++;
  b->edges_dirty = TRUE;
  b->dependents_valid = FALSE;
}

/* Drops repeated prerequisites from an adjacency of n slots, in place;
 * returns idx (shrunk when much was dropped). */
static guint32 *
drop_repeats (guint32 *off, guint32 *idx, guint32 n)
{
  /* mark[p] == s + 1: s lists p already */
  guint32 *mark = g_new0 (guint32, MAX (n, 1));
  guint32 total = off[n], w = 0;
  for (guint32 s = 0; s < n; s++)
    {
      guint32 start = off[s], end = off[s + 1];
      off[s] = w;
      for (guint32 k = start; k < end; k++)
        {
          guint32 p = idx[k];
          if (mark[p] != s + 1)
            {
              mark[p] = s + 1;
              idx[w++] = p;
            }
        }
    }
  off[n] = w;
  g_free (mark);
  if (w < total / 2)
    idx = g_renew (guint32, idx, MAX (w, 1));
  return idx;
}

void
lp_backlog_take_prerequisites (LpBacklog *b, guint32 *off, guint32 *idx)
{
  g_assert (b->n_pending == 0 && (b->prereq.off == NULL
                                  || b->prereq.off[b->prereq.n_slots] == 0));
  g_free (b->prereq.off);
  g_free (b->prereq.idx);
  b->prereq.off = off;
  b->prereq.idx = drop_repeats (off, idx, b->n_slots);
  b->prereq.n_slots = b->n_slots;
  b->edges_dirty = FALSE;
  b->dependents_valid = FALSE;
}

/* Builds the prerequisites adjacency anew from the old one plus m
 * dependencies dep[e] -> pre[e] (slots, or positions when `order` maps
 * them to slots), keeping each item's prerequisites in the order they were
 * recorded and dropping repeats. O(V + E). */
static void
merge_dependencies (LpBacklog *b, gsize m, const guint32 *dep,
                    const guint32 *pre, const guint32 *order)
{
#define SLOT(x) (order != NULL ? order[x] : (x))
  guint32 n = b->n_slots;
  LpAdjacency *old = &b->prereq;
  guint32 *off = g_new0 (guint32, (gsize) n + 1);
  for (guint32 s = 0; s < old->n_slots; s++)
    off[s + 1] = old->off[s + 1] - old->off[s];
  for (gsize e = 0; e < m; e++)
    off[SLOT (dep[e]) + 1]++;
  for (guint32 s = 0; s < n; s++)
    off[s + 1] += off[s];

  guint32 total = off[n];
  guint32 *idx = g_new (guint32, MAX (total, 1));
  guint32 *fill = g_new (guint32, MAX (n, 1));
  memcpy (fill, off, n * sizeof (guint32));
  for (guint32 s = 0; s < old->n_slots; s++)
    for (guint32 k = old->off[s]; k < old->off[s + 1]; k++)
      idx[fill[s]++] = old->idx[k];
  for (gsize e = 0; e < m; e++)
    idx[fill[SLOT (dep[e])]++] = SLOT (pre[e]);
#undef SLOT

  g_free (fill);
  idx = drop_repeats (off, idx, n);

  g_free (old->off);
  g_free (old->idx);
  old->off = off;
  old->idx = idx;
  old->n_slots = n;
  b->dependents_valid = FALSE;
}

/* Merges the pending dependencies into the prerequisites adjacency. */
const LpAdjacency *
lp_backlog_get_prerequisites_adjacency (LpBacklog *b)
{
  if (!b->edges_dirty)
    return &b->prereq;

  merge_dependencies (b, b->n_pending, b->pending_dep, b->pending_pre, NULL);
  /* the buffer can be large after a bulk load: give the memory back */
  g_clear_pointer (&b->pending_dep, g_free);
  g_clear_pointer (&b->pending_pre, g_free);
  b->n_pending = b->pending_capacity = 0;
  b->edges_dirty = FALSE;
  return &b->prereq;
}

/* The transpose of the prerequisites adjacency: dependents per slot, in
 * slot order. */
const LpAdjacency *
lp_backlog_get_dependents_adjacency (LpBacklog *b)
{
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
  if (b->dependents_valid)
    return &b->dependents;

  guint32 n = pre->n_slots, total = pre->off[n];
  guint32 *off = g_new0 (guint32, (gsize) n + 1);
  for (guint32 k = 0; k < total; k++)
    off[pre->idx[k] + 1]++;
  for (guint32 s = 0; s < n; s++)
    off[s + 1] += off[s];
  guint32 *idx = g_new (guint32, MAX (total, 1));
  guint32 *fill = g_new (guint32, MAX (n, 1));
  memcpy (fill, off, n * sizeof (guint32));
  for (guint32 s = 0; s < n; s++)
    for (guint32 k = pre->off[s]; k < pre->off[s + 1]; k++)
      idx[fill[pre->idx[k]]++] = s;
  g_free (fill);

  g_free (b->dependents.off);
  g_free (b->dependents.idx);
  b->dependents.off = off;
  b->dependents.idx = idx;
  b->dependents.n_slots = n;
  b->dependents_valid = TRUE;
  return &b->dependents;
}

void
lp_graph_remove_slot (LpBacklog *b, guint32 slot)
{
  LpAdjacency *pre = (LpAdjacency *) lp_backlog_get_prerequisites_adjacency (b);
  guint32 w = 0;
  for (guint32 s = 0; s < pre->n_slots; s++)
    {
      guint32 start = pre->off[s], end = pre->off[s + 1];
      pre->off[s] = w;
      if (s == slot)
        continue;
      for (guint32 k = start; k < end; k++)
        if (pre->idx[k] != slot)
          pre->idx[w++] = pre->idx[k];
    }
  pre->off[pre->n_slots] = w;
  b->dependents_valid = FALSE;
}

gboolean
lp_backlog_add_dependency (LpBacklog *backlog, LpItem *dependent,
                           LpItem *prerequisite, GError **error)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (ITEM_OK (backlog, dependent), FALSE);
  g_return_val_if_fail (ITEM_OK (backlog, prerequisite), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!lp_backlog_check_idle (backlog, dependent->id, "add a dependency", error))
    return FALSE;

  if (dependent == prerequisite)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_SELF_DEPENDENCY,
                   "item \"%s\": an item cannot depend on itself",
                   dependent->id);
      return FALSE;
    }
  /* repeats are dropped when the adjacency is next built */
  lp_backlog_append_dependency (backlog, dependent->slot, prerequisite->slot);
  return TRUE;
}

gboolean
lp_backlog_add_dependencies (LpBacklog *backlog, guint n_dependencies,
                             const guint32 *dependents,
                             const guint32 *prerequisites, GError **error)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (n_dependencies == 0 ||
                        (dependents != NULL && prerequisites != NULL), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (!lp_backlog_check_idle (backlog, NULL, "add dependencies", error))
    return FALSE;

  guint32 n = backlog->n_items;
  for (guint i = 0; i < n_dependencies; i++)
    {
      if (dependents[i] >= n || prerequisites[i] >= n)
        {
          g_set_error (error, LP_ERROR, LP_ERROR_UNKNOWN_ITEM,
                       "dependency %u: position %u is past the last item "
                       "(the backlog has %u items)", i,
                       dependents[i] >= n ? dependents[i] : prerequisites[i], n);
          return FALSE;
        }
      if (dependents[i] == prerequisites[i])
        {
          g_set_error (error, LP_ERROR, LP_ERROR_SELF_DEPENDENCY,
                       "item \"%s\": an item cannot depend on itself",
                       lp_backlog_item_at_slot (backlog,
                                                backlog->order[dependents[i]])->id);
          return FALSE;
        }
    }
  if (n_dependencies == 0)
    return TRUE;
  /* a batch that is large next to the graph goes straight into the
   * adjacency (linear in the whole graph, so a stream of small batches
   * waits in the buffer instead): the buffer would cost 8 bytes a
   * dependency more at the peak, and a pass */
  gsize graph = (gsize) backlog->n_slots + backlog->n_pending
                + (backlog->prereq.off ? backlog->prereq.off[backlog->prereq.n_slots] : 0);
  if (n_dependencies >= graph / 4)
    {
      lp_backlog_get_prerequisites_adjacency (backlog);
      merge_dependencies (backlog, n_dependencies, dependents, prerequisites,
                          backlog->order);
      return TRUE;
    }
  gsize need = backlog->n_pending + n_dependencies;
  if (need > backlog->pending_capacity)
    {
      backlog->pending_dep = g_renew (guint32, backlog->pending_dep, need);
      backlog->pending_pre = g_renew (guint32, backlog->pending_pre, need);
      backlog->pending_capacity = need;
    }
  for (guint i = 0; i < n_dependencies; i++)
    {
      backlog->pending_dep[backlog->n_pending] = backlog->order[dependents[i]];
      backlog->pending_pre[backlog->n_pending] = backlog->order[prerequisites[i]];
      backlog->n_pending++;
    }
  backlog->edges_dirty = TRUE;
  backlog->dependents_valid = FALSE;
  return TRUE;
}

gboolean
lp_backlog_remove_dependency (LpBacklog *backlog, LpItem *dependent,
                              LpItem *prerequisite)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (ITEM_OK (backlog, dependent), FALSE);
  g_return_val_if_fail (ITEM_OK (backlog, prerequisite), FALSE);
  if (!lp_backlog_assert_idle (backlog, dependent->id, "remove a dependency"))
    return FALSE;

  LpAdjacency *pre = (LpAdjacency *) lp_backlog_get_prerequisites_adjacency (backlog);
  guint32 s = dependent->slot;
  for (guint32 k = pre->off[s]; k < pre->off[s + 1]; k++)
    if (pre->idx[k] == prerequisite->slot)
      {
        guint32 total = pre->off[pre->n_slots];
        memmove (pre->idx + k, pre->idx + k + 1,
                 (total - k - 1) * sizeof (guint32));
        for (guint32 t = s + 1; t <= pre->n_slots; t++)
          pre->off[t]--;
        backlog->dependents_valid = FALSE;
        return TRUE;
      }
  return FALSE;
}

gboolean
lp_backlog_has_dependency (LpBacklog *backlog, const LpItem *dependent,
                           const LpItem *prerequisite)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (ITEM_OK (backlog, dependent), FALSE);
  g_return_val_if_fail (ITEM_OK (backlog, prerequisite), FALSE);

  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (backlog);
  for (guint32 k = pre->off[dependent->slot]; k < pre->off[dependent->slot + 1]; k++)
    if (pre->idx[k] == prerequisite->slot)
      return TRUE;
  return FALSE;
}

guint
lp_backlog_get_n_dependencies (LpBacklog *backlog)
{
  g_return_val_if_fail (backlog != NULL, 0);
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (backlog);
  return pre->off[pre->n_slots];
}

GPtrArray *
lp_backlog_dup_prerequisites (LpBacklog *backlog, const LpItem *item)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (ITEM_OK (backlog, item), NULL);
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (backlog);
  guint32 s = item->slot;
  GPtrArray *out = g_ptr_array_sized_new (pre->off[s + 1] - pre->off[s]);
  for (guint32 k = pre->off[s]; k < pre->off[s + 1]; k++)
    g_ptr_array_add (out, lp_backlog_item_at_slot (backlog, pre->idx[k]));
  return out;
}

static gint
compare_position (gconstpointer a, gconstpointer b)
{
  const LpItem *x = *(LpItem *const *) a, *y = *(LpItem *const *) b;
  guint32 px = lp_item_position (x), py = lp_item_position (y);
  return (px > py) - (px < py);
}

GPtrArray *
lp_backlog_dup_dependents (LpBacklog *backlog, const LpItem *item)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (ITEM_OK (backlog, item), NULL);
  const LpAdjacency *dep = lp_backlog_get_dependents_adjacency (backlog);
  guint32 s = item->slot;
  GPtrArray *out = g_ptr_array_sized_new (dep->off[s + 1] - dep->off[s]);
  for (guint32 k = dep->off[s]; k < dep->off[s + 1]; k++)
    g_ptr_array_add (out, lp_backlog_item_at_slot (backlog, dep->idx[k]));
  g_ptr_array_sort (out, compare_position);
  return out;
}

GPtrArray *
lp_backlog_dup_blockers (LpBacklog *backlog, const LpItem *item)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (ITEM_OK (backlog, item), NULL);
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (backlog);
  GPtrArray *out = g_ptr_array_new ();
  for (guint32 k = pre->off[item->slot]; k < pre->off[item->slot + 1]; k++)
    {
      LpItem *p = lp_backlog_item_at_slot (backlog, pre->idx[k]);
      if (p->status != LP_ITEM_STATUS_DONE)
        g_ptr_array_add (out, p);
    }
  return out;
}

gboolean
lp_backlog_item_is_ready (LpBacklog *backlog, const LpItem *item)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (ITEM_OK (backlog, item), FALSE);
  if (!lp_item_status_is_open (item->status))
    return FALSE;
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (backlog);
  for (guint32 k = pre->off[item->slot]; k < pre->off[item->slot + 1]; k++)
    if (lp_backlog_item_at_slot (backlog, pre->idx[k])->status != LP_ITEM_STATUS_DONE)
      return FALSE;
  return TRUE;
}
