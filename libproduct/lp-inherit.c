/* Ordering keys from a scoring model, and priority inheritance.
 *
 * Priority inheritance: an open item's effective key is the best (smallest)
 * of its own key and the effective keys of the open items that depend on
 * it, so an enabler of a valuable item ranks as if it were that item. On a
 * DAG that is a fold over the dependents in reverse topological order; in
 * general the dependency graph among open items may have cycles, so the
 * fold runs over its strongly connected components: every member of a
 * cycle gets the best key of the whole component and of everything that
 * depends on it. Tarjan's algorithm, written with an explicit stack, emits
 * each component only after every component reachable from it (here: every
 * component that depends on it), which is exactly the order the fold
 * needs, so one pass is enough: O(V + E) time, no recursion. */
#include "config.h"
#include <math.h>
#include <string.h>
#include "lp-models.h"

void
lp_inherit_priority (LpBacklog *b, guint64 *key, guint32 *from, guint32 n)
{
  const LpAdjacency *dep = lp_backlog_get_dependents_adjacency (b);
  g_return_if_fail (dep->n_slots == n);  /* one adjacency row per slot */
  if (n == 0)
    return;
  guint8 *open = g_new (guint8, n);
  for (guint32 s = 0; s < n; s++)
    {
      const LpItem *item = lp_backlog_item_at_slot (b, s);
      open[s] = item->alive && lp_item_status_is_open (item->status);
      from[s] = LP_NONE;
    }
  guint32 *index = g_new (guint32, n);
  guint32 *low = g_new (guint32, n);
  guint8 *on_stack = g_new0 (guint8, n);
  guint32 *stack = g_new (guint32, n);      /* Tarjan's stack */
  guint32 *call = g_new (guint32, n);       /* DFS path: vertices */
  guint32 *cursor = g_new (guint32, n);     /* DFS path: next edge */
  for (guint32 s = 0; s < n; s++)
    index[s] = LP_NONE;
  guint32 next_index = 0, sp = 0;

  for (guint32 p = 0; p < b->n_items; p++)
    {
      guint32 root = b->order[p];
      if (!open[root] || index[root] != LP_NONE)
        continue;
      guint32 depth = 0;
      call[depth] = root;
      cursor[depth] = dep->off[root];
      index[root] = low[root] = next_index++;
      stack[sp++] = root;
      on_stack[root] = 1;
      while (TRUE)
        {
          guint32 v = call[depth];
          if (cursor[depth] < dep->off[v + 1])
            {
              guint32 w = dep->idx[cursor[depth]++];
              if (!open[w])
                continue;
              if (index[w] == LP_NONE)
                {
                  depth++;
                  call[depth] = w;
                  cursor[depth] = dep->off[w];
                  index[w] = low[w] = next_index++;
                  stack[sp++] = w;
                  on_stack[w] = 1;
                }
              else if (on_stack[w] && index[w] < low[v])
                low[v] = index[w];
              continue;
            }
          /* v is finished */
          if (low[v] == index[v])
            {
              /* its component is stack[first .. sp) */
              guint32 first = sp;
              do
                first--;
              while (stack[first] != v);
              guint64 best = LP_UNSCORED_KEY;
              guint32 src = LP_NONE;
              for (guint32 k = first; k < sp; k++)
                if (key[stack[k]] < best)
                  {
                    best = key[stack[k]];
                    src = stack[k];
                  }
              for (guint32 k = first; k < sp; k++)
                {
                  guint32 m = stack[k];
                  for (guint32 e = dep->off[m]; e < dep->off[m + 1]; e++)
                    {
                      guint32 d = dep->idx[e];
                      if (open[d] && !on_stack[d] && key[d] < best)
                        {
                          best = key[d];
                          src = from[d] == LP_NONE ? d : from[d];
                        }
                    }
                }
              for (guint32 k = first; k < sp; k++)
                {
                  guint32 m = stack[k];
                  if (key[m] != best)
                    {
                      key[m] = best;
                      from[m] = src;
                    }
                  on_stack[m] = 0;
                }
              sp = first;
            }
          if (depth == 0)
            break;
          depth--;
          guint32 u = call[depth];
          if (low[v] < low[u])
            low[u] = low[v];
        }
    }
  g_free (open);
  g_free (index);
  g_free (low);
  g_free (on_stack);
  g_free (stack);
  g_free (call);
  g_free (cursor);
}

LpOrderScores *
lp_order_scores_new (LpBacklog *b, LpScoreModel *model, LpOrderFlags flags,
                     GError **error)
{
  LpScoreModel *ve = model ? NULL : lp_score_model_new_value_effort ();
  LpScores *scores = lp_score_model_apply (model ? model : ve, b, error);
  lp_score_model_unref (ve);
  if (scores == NULL)
    return NULL;
  LpOrderScores *os = g_new0 (LpOrderScores, 1);
  os->scores = scores;
  guint32 n = scores->n_slots;
  os->key = g_new (guint64, MAX (n, 1));
  for (guint32 s = 0; s < n; s++)
    os->key[s] = scores->state[s] == LP_SCORE_NOT_OPEN ? LP_UNSCORED_KEY
      : lp_scores_key (scores, s);
  if (flags & LP_ORDER_INHERIT_PRIORITY)
    {
      os->from = g_new (guint32, MAX (n, 1));
      for (guint32 s = 0; s < n; s++)
        os->from[s] = LP_NONE;
      lp_inherit_priority (b, os->key, os->from, n);
    }
  return os;
}

void
lp_order_scores_free (LpOrderScores *os)
{
  if (os == NULL)
    return;
  lp_scores_unref (os->scores);
  g_free (os->key);
  g_free (os->from);
  g_free (os);
}

void
lp_order_scores_attach (LpOrderScores *os, LpRanking *r)
{
  const LpScores *s = os->scores;
  guint32 n = MAX (r->n_items, 1);
  r->keys = g_new (guint64, n);
  if (os->from)
    {
      r->effective = g_new (double, n);
      r->inherited_from = g_new (guint32, n);
    }
  for (guint32 k = 0; k < r->n_items; k++)
    {
      guint32 slot = r->slots[k];
      r->scores[k] = s->score[slot];
      r->keys[k] = os->key[slot];
      if (os->from)
        {
          guint32 src = os->from[slot];
          r->inherited_from[k] = src;
          r->effective[k] = src == LP_NONE ? s->score[slot] : s->score[src];
        }
    }
  g_free (r->model_name);
  r->model_name = g_strdup (s->model->name);
  lp_scores_unref (r->model_scores);
  r->model_scores = lp_scores_ref (os->scores);
  lp_order_scores_free (os);
}
