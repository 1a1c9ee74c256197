/* Cycle groups: strongly connected components of the "depends on" graph,
 * found with an iterative Tarjan (no recursion: a million-long chain is
 * fine), and one shortest cycle through each group's first member. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "lp-private.h"

struct _LpCycles {
  gint ref_count;
  LpBacklog *backlog;
  guint64 removals;
  LpCycleSet set;
};

typedef struct {
  guint32 node;
  guint32 edge;   /* next adjacency index to look at */
} Frame;

typedef struct {
  guint32 first_position;
  guint32 start;  /* into the raw member list */
  guint32 size;
} RawGroup;

static int
compare_group (const void *a, const void *b)
{
  guint32 pa = ((const RawGroup *) a)->first_position;
  guint32 pb = ((const RawGroup *) b)->first_position;
  return (pa > pb) - (pa < pb);
}

/* qsort_r is not C11, so sort (position, slot) pairs. */
typedef struct { guint32 position, slot; } PosSlot;

static int
compare_pos_slot (const void *a, const void *b)
{
  guint32 pa = ((const PosSlot *) a)->position, pb = ((const PosSlot *) b)->position;
  return (pa > pb) - (pa < pb);
}

static void
sort_slots_by_position (const LpBacklog *b, guint32 *slots, guint32 n)
{
  PosSlot *tmp = g_new (PosSlot, MAX (n, 1));
  const guint32 *pos = lp_backlog_positions (b);
  for (guint32 i = 0; i < n; i++)
    {
      tmp[i].slot = slots[i];
      tmp[i].position = pos[slots[i]];
    }
  qsort (tmp, n, sizeof *tmp, compare_pos_slot);
  for (guint32 i = 0; i < n; i++)
    slots[i] = tmp[i].slot;
  g_free (tmp);
}

void
lp_cycle_set_find (LpBacklog *b, const guint8 *include, LpCycleSet *out)
{
  memset (out, 0, sizeof *out);
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
  guint32 n = pre->n_slots;

  guint32 *index = g_new (guint32, MAX (n, 1));
  guint32 *low = g_new (guint32, MAX (n, 1));
  guint8 *on_stack = g_new0 (guint8, MAX (n, 1));
  guint32 *stack = g_new (guint32, MAX (n, 1));
  Frame *calls = g_new (Frame, MAX (n, 1));
  guint32 sp = 0, next_index = 0;
  for (guint32 s = 0; s < n; s++)
    index[s] = LP_NONE;

  GArray *raw_members = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *groups = g_array_new (FALSE, FALSE, sizeof (RawGroup));

#define INCLUDED(s) (include ? include[s] != 0 : lp_backlog_item_at_slot (b, s)->alive)

  for (guint32 pos = 0; pos < b->n_items; pos++)
    {
      guint32 root = b->order[pos];
      if (index[root] != LP_NONE || !INCLUDED (root))
        continue;
      guint32 depth = 0;
      calls[depth].node = root;
      calls[depth].edge = pre->off[root];
      index[root] = low[root] = next_index++;
      stack[sp++] = root;
      on_stack[root] = 1;
      while (TRUE)
        {
          Frame *f = &calls[depth];
          guint32 v = f->node;
          if (f->edge < pre->off[v + 1])
            {
              guint32 w = pre->idx[f->edge++];
              if (!INCLUDED (w))
                continue;
              if (index[w] == LP_NONE)
                {
                  index[w] = low[w] = next_index++;
                  stack[sp++] = w;
                  on_stack[w] = 1;
                  depth++;
                  calls[depth].node = w;
                  calls[depth].edge = pre->off[w];
                }
              else if (on_stack[w] && index[w] < low[v])
                low[v] = index[w];
              continue;
            }
          /* v is finished */
          if (low[v] == index[v])
            {
              guint32 start = raw_members->len, size = 0;
              guint32 w;
              do
                {
                  w = stack[--sp];
                  on_stack[w] = 0;
                  g_array_append_val (raw_members, w);
                  size++;
                }
              while (w != v);
              if (size > 1)
                {
                  RawGroup g = { 0, start, size };
                  g_array_append_val (groups, g);
                }
              else
                g_array_set_size (raw_members, start);
            }
          if (depth == 0)
            break;
          depth--;
          guint32 parent = calls[depth].node;
          if (low[v] < low[parent])
            low[parent] = low[v];
        }
    }
#undef INCLUDED

  g_free (low);
  g_free (on_stack);
  g_free (stack);
  g_free (calls);

  /* members in manual order, groups by their first member */
  guint32 *members_raw = (guint32 *) raw_members->data;
  for (guint g = 0; g < groups->len; g++)
    {
      RawGroup *rg = &g_array_index (groups, RawGroup, g);
      sort_slots_by_position (b, members_raw + rg->start, rg->size);
      rg->first_position = lp_backlog_positions (b)[members_raw[rg->start]];
    }
  if (groups->len > 1)
    qsort (groups->data, groups->len, sizeof (RawGroup), compare_group);

  out->n_groups = groups->len;
  out->group_off = g_new (guint32, groups->len + 1);
  out->members = g_new (guint32, MAX (raw_members->len, 1));
  out->path_off = g_new (guint32, groups->len + 1);
  GArray *path = g_array_new (FALSE, FALSE, sizeof (guint32));

  /* reuse `index` as the group of each slot, for the path search */
  for (guint32 s = 0; s < n; s++)
    index[s] = LP_NONE;
  guint32 w = 0;
  for (guint g = 0; g < groups->len; g++)
    {
      RawGroup *rg = &g_array_index (groups, RawGroup, g);
      out->group_off[g] = w;
      for (guint32 k = 0; k < rg->size; k++)
        {
          guint32 s = members_raw[rg->start + k];
          out->members[w++] = s;
          index[s] = g;
        }
    }
  out->group_off[groups->len] = w;

  /* shortest cycle through each group's first member: breadth-first along
   * "depends on" edges inside the group until an edge leads back */
  guint32 *parent = g_new (guint32, MAX (n, 1));
  guint32 *queue = g_new (guint32, MAX (w, 1));
  for (guint32 s = 0; s < n; s++)
    parent[s] = LP_NONE;
  for (guint g = 0; g < groups->len; g++)
    {
      guint32 start = out->members[out->group_off[g]];
      guint32 head = 0, tail = 0, last = LP_NONE;
      queue[tail++] = start;
      parent[start] = start;
      while (head < tail && last == LP_NONE)
        {
          guint32 v = queue[head++];
          for (guint32 k = pre->off[v]; k < pre->off[v + 1]; k++)
            {
              guint32 u = pre->idx[k];
              if (index[u] != g)
                continue;
              if (u == start)
                {
                  last = v;
                  break;
                }
              if (parent[u] == LP_NONE)
                {
                  parent[u] = v;
                  queue[tail++] = u;
                }
            }
        }
      g_assert (last != LP_NONE);  /* a strongly connected group has one */
      out->path_off[g] = path->len;
      guint32 plen_start = path->len;
      for (guint32 v = last; ; v = parent[v])
        {
          g_array_append_val (path, v);
          if (v == start)
            break;
        }
      /* collected backwards: reverse to start -> ... -> last */
      guint32 *p = (guint32 *) path->data;
      for (guint32 i = plen_start, j = path->len - 1; i < j; i++, j--)
        {
          guint32 t = p[i];
          p[i] = p[j];
          p[j] = t;
        }
      for (guint32 i = 0; i < tail; i++)
        parent[queue[i]] = LP_NONE;
    }
  out->path_off[groups->len] = path->len;
  out->path = (guint32 *) g_array_free (path, FALSE);

  g_free (parent);
  g_free (queue);
  g_free (index);
  g_array_unref (raw_members);
  g_array_unref (groups);
}

void
lp_cycle_set_clear (LpCycleSet *set)
{
  g_free (set->group_off);
  g_free (set->members);
  g_free (set->path_off);
  g_free (set->path);
  memset (set, 0, sizeof *set);
}

char *
lp_cycle_set_format_path (LpBacklog *b, const LpCycleSet *set, guint32 group)
{
  GString *s = g_string_new (NULL);
  for (guint32 k = set->path_off[group]; k < set->path_off[group + 1]; k++)
    {
      g_string_append (s, lp_backlog_item_at_slot (b, set->path[k])->id);
      g_string_append (s, " -> ");
    }
  g_string_append (s, lp_backlog_item_at_slot (b, set->path[set->path_off[group]])->id);
  return g_string_free (s, FALSE);
}

LpCycles *
lp_cycles_new_take (LpBacklog *b, LpCycleSet *set)
{
  LpCycles *c = g_new0 (LpCycles, 1);
  c->ref_count = 1;
  c->backlog = lp_backlog_ref (b);
  c->removals = b->removals;
  c->set = *set;
  memset (set, 0, sizeof *set);
  return c;
}

LpCycles *
lp_backlog_find_cycles (LpBacklog *backlog, LpCycleScope scope)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (scope == LP_CYCLES_ALL || scope == LP_CYCLES_OPEN_ONLY, NULL);

  guint8 *include = NULL;
  if (scope == LP_CYCLES_OPEN_ONLY)
    {
      include = g_new0 (guint8, MAX (backlog->n_slots, 1));
      for (guint32 p = 0; p < backlog->n_items; p++)
        {
          LpItem *item = lp_backlog_item_at_slot (backlog, backlog->order[p]);
          include[item->slot] = lp_item_status_is_open (item->status);
        }
    }
  LpCycleSet set;
  lp_cycle_set_find (backlog, include, &set);
  g_free (include);
  return lp_cycles_new_take (backlog, &set);
}

LpCycles *
lp_cycles_ref (LpCycles *cycles)
{
  g_return_val_if_fail (cycles != NULL, NULL);
  g_atomic_int_inc (&cycles->ref_count);
  return cycles;
}

void
lp_cycles_unref (LpCycles *cycles)
{
  if (cycles == NULL || !g_atomic_int_dec_and_test (&cycles->ref_count))
    return;
  lp_cycle_set_clear (&cycles->set);
  lp_backlog_unref (cycles->backlog);
  g_free (cycles);
}

#define CYCLES_OK(c) ((c) != NULL && (c)->removals == (c)->backlog->removals)

guint
lp_cycles_get_n_groups (const LpCycles *cycles)
{
  g_return_val_if_fail (cycles != NULL, 0);
  return cycles->set.n_groups;
}

guint
lp_cycles_get_group_size (const LpCycles *cycles, guint group)
{
  g_return_val_if_fail (cycles != NULL, 0);
  g_return_val_if_fail (group < cycles->set.n_groups, 0);
  return cycles->set.group_off[group + 1] - cycles->set.group_off[group];
}

LpItem *
lp_cycles_get_member (const LpCycles *cycles, guint group, guint index)
{
  g_return_val_if_fail (CYCLES_OK (cycles), NULL);
  g_return_val_if_fail (group < cycles->set.n_groups, NULL);
  g_return_val_if_fail (index < lp_cycles_get_group_size (cycles, group), NULL);
  return lp_backlog_item_at_slot (cycles->backlog,
                                  cycles->set.members[cycles->set.group_off[group] + index]);
}

guint
lp_cycles_get_path_length (const LpCycles *cycles, guint group)
{
  g_return_val_if_fail (cycles != NULL, 0);
  g_return_val_if_fail (group < cycles->set.n_groups, 0);
  return cycles->set.path_off[group + 1] - cycles->set.path_off[group];
}

LpItem *
lp_cycles_get_path_item (const LpCycles *cycles, guint group, guint index)
{
  g_return_val_if_fail (CYCLES_OK (cycles), NULL);
  g_return_val_if_fail (group < cycles->set.n_groups, NULL);
  g_return_val_if_fail (index < lp_cycles_get_path_length (cycles, group), NULL);
  return lp_backlog_item_at_slot (cycles->backlog,
                                  cycles->set.path[cycles->set.path_off[group] + index]);
}

char *
lp_cycles_format_path (const LpCycles *cycles, guint group)
{
  g_return_val_if_fail (CYCLES_OK (cycles), NULL);
  g_return_val_if_fail (group < cycles->set.n_groups, NULL);
  return lp_cycle_set_format_path (cycles->backlog, &cycles->set, group);
}
