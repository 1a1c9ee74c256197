/* Priority-aware dependency ordering ("what do we build next").
 *
 * Items are sorted once by (score descending, manual position) with a
 * stable radix sort; from then on an item is just its rank, and the ready
 * queue is a binary min-heap of 32-bit ranks. Kahn's algorithm over the
 * dependents adjacency places every item whose prerequisites are done or
 * placed. Whatever is left is in a cycle, behind one, or behind a dropped
 * item; only then is the (linear) cycle search run, on the leftovers. */
#include "config.h"
#include <math.h>
#include <string.h>
#include "lp-private.h"

#define UNSCORED_KEY G_MAXUINT64

/* A key whose ascending order is the scores' descending order. */
static inline guint64
descending_key (double score)
{
  if (score == 0)
    score = 0;  /* -0 sorts with +0 */
  guint64 u;
  memcpy (&u, &score, sizeof u);
  u = (u >> 63) ? ~u : (u | (G_GUINT64_CONSTANT (1) << 63));
  return ~u;
}

/* The inverse of descending_key(); NaN for the unscored key. */
static inline double
score_of_key (guint64 key)
{
  if (key == UNSCORED_KEY)
    return NAN;
  guint64 u = ~key;
  u = (u >> 63) ? (u & ~(G_GUINT64_CONSTANT (1) << 63)) : ~u;
  double score;
  memcpy (&score, &u, sizeof score);
  return score;
}

typedef struct {
  guint64 key;
  guint32 index;
} KeyIndex;

/* Stable LSD radix sort on the 64-bit key, 8 bits a pass; passes in which
 * every key has the same byte are skipped (typical for the high bytes). */
static void
radix_sort (KeyIndex *a, KeyIndex *tmp, guint32 n)
{
  KeyIndex *src = a, *dst = tmp;
  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint32 count[257] = { 0 };
      for (guint32 i = 0; i < n; i++)
        count[((src[i].key >> shift) & 0xff) + 1]++;
      gboolean trivial = FALSE;
      for (guint v = 1; v <= 256; v++)
        if (count[v] == n)
          trivial = TRUE;
      if (trivial)
        continue;
      for (guint v = 0; v < 256; v++)
        count[v + 1] += count[v];
      for (guint32 i = 0; i < n; i++)
        dst[count[(src[i].key >> shift) & 0xff]++] = src[i];
      KeyIndex *t = src;
      src = dst;
      dst = t;
    }
  if (src != a)
    memcpy (a, src, (gsize) n * sizeof *a);
}

/* Scores every open item; returns the open slots in manual order with
 * their keys. */
static guint32
score_open_items (LpBacklog *b, const LpScoreModel *model, guint32 **slots_out,
                  guint64 **keys_out)
{
  guint32 n_open = 0;
  for (guint32 p = 0; p < b->n_items; p++)
    n_open += lp_item_status_is_open (lp_backlog_item_at_slot (b, b->order[p])->status);

  guint32 *slots = g_new (guint32, MAX (n_open, 1));
  guint64 *keys = g_new (guint64, MAX (n_open, 1));
  gboolean inline_ve = lp_score_model_is_value_effort (model);
  guint32 i = 0;
  for (guint32 p = 0; p < b->n_items; p++)
    {
      const LpItem *item = lp_backlog_item_at_slot (b, b->order[p]);
      if (!lp_item_status_is_open (item->status))
        continue;
      double s = NAN;
      if (inline_ve)
        s = lp_value_effort_score (item->value, item->effort);
      else if (!model->score (model, item, &s))
        s = NAN;
      if (!isfinite (s))
        s = NAN;
      slots[i] = item->slot;
      keys[i] = isnan (s) ? UNSCORED_KEY : descending_key (s);
      i++;
    }
  *slots_out = slots;
  *keys_out = keys;
  return n_open;
}

/* Min-heap of ranks. */
static inline void
heap_push (guint32 *heap, guint32 *size, guint32 v)
{
  guint32 i = (*size)++;
  while (i > 0)
    {
      guint32 parent = (i - 1) >> 1;
      if (heap[parent] <= v)
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = v;
}

static inline guint32
heap_pop (guint32 *heap, guint32 *size)
{
  guint32 top = heap[0];
  guint32 last = heap[--(*size)];
  guint32 n = *size, i = 0;
  for (;;)
    {
      guint32 c = 2 * i + 1;
      if (c >= n)
        break;
      if (c + 1 < n && heap[c + 1] < heap[c])
        c++;
      if (last <= heap[c])
        break;
      heap[i] = heap[c];
      i = c;
    }
  if (n > 0)
    heap[i] = last;
  return top;
}

/* Classifies the open items Kahn's algorithm could not place. */
static void
classify_leftovers (LpBacklog *b, const LpAdjacency *pre,
                    const LpAdjacency *dep, const guint8 *leftover,
                    const LpCycleSet *cycles, LpRanking *r)
{
  guint32 n = pre->n_slots;
  guint8 *reason = g_new (guint8, MAX (n, 1));
  guint32 *cause = g_new (guint32, MAX (n, 1));
  guint32 *queue = g_new (guint32, MAX (n, 1));
  guint32 head = 0, tail = 0;
  memset (reason, 0xff, n);

  /* group of each slot (LP_NONE: in none), so that finding a member's
   * cause is linear, not quadratic, in the size of its group */
  guint32 *group_of = g_new (guint32, MAX (n, 1));
  for (guint32 s = 0; s < n; s++)
    group_of[s] = LP_NONE;
  for (guint32 g = 0; g < cycles->n_groups; g++)
    for (guint32 k = cycles->group_off[g]; k < cycles->group_off[g + 1]; k++)
      {
        reason[cycles->members[k]] = LP_EXCLUSION_IN_CYCLE;
        group_of[cycles->members[k]] = g;
      }
  for (guint32 g = 0; g < cycles->n_groups; g++)
    for (guint32 k = cycles->group_off[g]; k < cycles->group_off[g + 1]; k++)
      {
        /* the cause of a cycle member: its first prerequisite in the group */
        guint32 s = cycles->members[k];
        cause[s] = LP_NONE;
        for (guint32 e = pre->off[s]; e < pre->off[s + 1]; e++)
          if (group_of[pre->idx[e]] == g)
            {
              cause[s] = pre->idx[e];
              break;
            }
      }
  g_free (group_of);
  for (guint32 pos = 0; pos < b->n_items; pos++)
    {
      guint32 s = b->order[pos];
      if (!leftover[s])
        continue;
      if (reason[s] == 0xff)
        for (guint32 e = pre->off[s]; e < pre->off[s + 1]; e++)
          if (lp_backlog_item_at_slot (b, pre->idx[e])->status == LP_ITEM_STATUS_DROPPED)
            {
              reason[s] = LP_EXCLUSION_BLOCKED_BY_DROPPED;
              cause[s] = pre->idx[e];
              break;
            }
      if (reason[s] != 0xff)
        queue[tail++] = s;
    }
  /* everything else waits, directly or not, on one of those */
  while (head < tail)
    {
      guint32 v = queue[head++];
      for (guint32 e = dep->off[v]; e < dep->off[v + 1]; e++)
        {
          guint32 d = dep->idx[e];
          if (!leftover[d] || reason[d] != 0xff)
            continue;
          if (reason[v] == LP_EXCLUSION_BLOCKED_BY_DROPPED)
            reason[d] = LP_EXCLUSION_BLOCKED_BY_DROPPED;
          else
            reason[d] = LP_EXCLUSION_BEHIND_CYCLE;
          cause[d] = reason[v] == LP_EXCLUSION_IN_CYCLE ? v : cause[v];
          queue[tail++] = d;
        }
    }

  r->n_excluded = tail;
  r->excluded = g_new (guint32, MAX (tail, 1));
  r->reasons = g_new (guint8, MAX (tail, 1));
  r->causes = g_new (guint32, MAX (tail, 1));
  guint32 w = 0;
  for (guint32 pos = 0; pos < b->n_items; pos++)
    {
      guint32 s = b->order[pos];
      if (!leftover[s])
        continue;
      g_assert (reason[s] != 0xff);
      r->excluded[w] = s;
      r->reasons[w] = reason[s];
      r->causes[w] = cause[s];
      w++;
    }
  g_assert (w == tail);
  g_free (reason);
  g_free (cause);
  g_free (queue);
}

LpRanking *
lp_backlog_order (LpBacklog *backlog, LpScoreModel *model, LpOrderFlags flags,
                  GError **error)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail ((flags & ~LP_ORDER_LENIENT) == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  LpBacklog *b = backlog;
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
  const LpAdjacency *dep = lp_backlog_get_dependents_adjacency (b);
  guint32 n = pre->n_slots;

  guint32 *open_slots;
  guint64 *keys;
  guint32 n_open = score_open_items (b, model, &open_slots, &keys);

  /* sort (key, slot) pairs: the input is in manual order and the sort is
   * stable, so equal scores keep the manual order */
  KeyIndex *sorted = g_new (KeyIndex, MAX (n_open, 1));
  KeyIndex *tmp = g_new (KeyIndex, MAX (n_open, 1));
  for (guint32 i = 0; i < n_open; i++)
    {
      sorted[i].key = keys[i];
      sorted[i].index = open_slots[i];
    }
  radix_sort (sorted, tmp, n_open);
  g_free (tmp);
  g_free (keys);

  /* per slot: rank, and how many prerequisites it still waits for (open or
   * dropped ones: dropped never finish; done ones are satisfied). LP_NONE
   * marks slots that are not open. */
  guint32 *rank = g_new (guint32, MAX (n, 1));
  guint32 *waiting = g_new (guint32, MAX (n, 1));
  guint8 *done = g_new (guint8, MAX (n, 1));
  for (guint32 s = 0; s < n; s++)
    {
      const LpItem *item = lp_backlog_item_at_slot (b, s);
      done[s] = item->alive && item->status == LP_ITEM_STATUS_DONE;
      rank[s] = LP_NONE;
      waiting[s] = LP_NONE;
    }
  guint32 *heap = g_new (guint32, MAX (n_open, 1));
  guint32 heap_size = 0;
  for (guint32 r = 0; r < n_open; r++)
    {
      guint32 s = sorted[r].index, w = 0;
      rank[s] = r;
      for (guint32 e = pre->off[s]; e < pre->off[s + 1]; e++)
        w += !done[pre->idx[e]];
      waiting[s] = w;
      if (w == 0)
        heap[heap_size++] = r;  /* increasing ranks: already a heap */
    }
  g_free (done);

  LpRanking *result = lp_ranking_new (b);
  result->slots = g_new (guint32, MAX (n_open, 1));
  result->scores = g_new (double, MAX (n_open, 1));
  guint32 placed = 0;
  while (heap_size > 0)
    {
      guint32 r = heap_pop (heap, &heap_size);
      guint32 s = sorted[r].index;
      result->slots[placed] = s;
      result->scores[placed] = score_of_key (sorted[r].key);
      placed++;
      for (guint32 e = dep->off[s]; e < dep->off[s + 1]; e++)
        {
          guint32 d = dep->idx[e];
          if (waiting[d] != LP_NONE && --waiting[d] == 0)
            heap_push (heap, &heap_size, rank[d]);
        }
    }
  result->n_items = placed;
  g_free (heap);
  g_free (sorted);

  if (placed < n_open)
    {
      guint8 *leftover = g_new0 (guint8, MAX (n, 1));
      for (guint32 i = 0; i < n_open; i++)
        leftover[open_slots[i]] = 1;
      for (guint32 k = 0; k < placed; k++)
        leftover[result->slots[k]] = 0;
      LpCycleSet cycles;
      lp_cycle_set_find (b, leftover, &cycles);
      if (cycles.n_groups > 0 && !(flags & LP_ORDER_LENIENT))
        {
          char *path = lp_cycle_set_format_path (b, &cycles, 0);
          g_set_error (error, LP_ERROR, LP_ERROR_CYCLE,
                       "dependency cycle: %s", path);
          g_free (path);
          lp_ranking_unref (result);
          result = NULL;
        }
      else
        classify_leftovers (b, pre, dep, leftover, &cycles, result);
      lp_cycle_set_clear (&cycles);
      g_free (leftover);
    }
  g_free (waiting);
  g_free (rank);
  g_free (open_slots);
  return result;
}

/* (key, position) pairs: the worst of the best n sits at the top of a
 * max-heap of size n. */
static inline gboolean
worse (const KeyIndex *a, const KeyIndex *b)
{
  return a->key > b->key || (a->key == b->key && a->index > b->index);
}

static void
sift_down_max (KeyIndex *h, guint32 n, guint32 i)
{
  KeyIndex v = h[i];
  for (;;)
    {
      guint32 c = 2 * i + 1;
      if (c >= n)
        break;
      if (c + 1 < n && worse (&h[c + 1], &h[c]))
        c++;
      if (!worse (&h[c], &v))
        break;
      h[i] = h[c];
      i = c;
    }
  h[i] = v;
}

LpRanking *
lp_backlog_next (LpBacklog *backlog, LpScoreModel *model, guint n,
                 GError **error)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  LpBacklog *b = backlog;
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
  gboolean inline_ve = lp_score_model_is_value_effort (model);
  guint32 cap = MIN (n, b->n_items);
  KeyIndex *heap = g_new (KeyIndex, MAX (cap, 1));
  guint32 size = 0;

  for (guint32 p = 0; p < b->n_items && cap > 0; p++)
    {
      const LpItem *item = lp_backlog_item_at_slot (b, b->order[p]);
      if (!lp_item_status_is_open (item->status))
        continue;
      gboolean ready = TRUE;
      for (guint32 e = pre->off[item->slot]; e < pre->off[item->slot + 1] && ready; e++)
        ready = lp_backlog_item_at_slot (b, pre->idx[e])->status == LP_ITEM_STATUS_DONE;
      if (!ready)
        continue;
      double s = NAN;
      if (inline_ve)
        s = lp_value_effort_score (item->value, item->effort);
      else if (!model->score (model, item, &s))
        s = NAN;
      if (!isfinite (s))
        s = NAN;
      KeyIndex k = { isnan (s) ? UNSCORED_KEY : descending_key (s), p };
      if (size < cap)
        {
          /* sift up in the max-heap */
          guint32 i = size++;
          while (i > 0 && worse (&k, &heap[(i - 1) / 2]))
            {
              heap[i] = heap[(i - 1) / 2];
              i = (i - 1) / 2;
            }
          heap[i] = k;
        }
      else if (worse (&heap[0], &k))
        {
          heap[0] = k;
          sift_down_max (heap, size, 0);
        }
    }

  /* pop the max-heap from the back: best first */
  LpRanking *r = lp_ranking_new (b);
  r->n_items = size;
  r->slots = g_new (guint32, MAX (size, 1));
  r->scores = g_new (double, MAX (size, 1));
  for (guint32 left = size; left > 0; left--)
    {
      KeyIndex top = heap[0];
      heap[0] = heap[left - 1];
      sift_down_max (heap, left - 1, 0);
      const LpItem *item = lp_backlog_item_at_slot (b, b->order[top.index]);
      double s = score_of_key (top.key);
      r->slots[left - 1] = item->slot;
      r->scores[left - 1] = s;
    }
  g_free (heap);
  return r;
}
