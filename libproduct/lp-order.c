/* Priority-aware dependency ordering ("what do we build next").
 *
 * Items are sorted once by (score descending, manual position): a counting
 * sort when there are few distinct scores (the usual case), else a stable
 * radix sort. From then on an item is just its rank: the dependents are
 * rebuilt as a compressed adjacency indexed by rank, and the ready queue
 * is a bitmap of ranks with summary levels, so that Kahn's algorithm
 * touches one array per dependency and allocates nothing in its loop. It
 * places every item whose prerequisites are done or placed. Whatever is
 * left is in a cycle, behind one, or behind a dropped item; only then is
 * the (linear) cycle search run, on the leftovers. */
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
 * their keys. Without `os` the value/effort model is scored inline;
 * otherwise the keys come from the model applied to the backlog (and
 * priority inheritance), lp-inherit.c. */
static guint32
score_open_items (LpBacklog *b, const LpOrderScores *os, guint32 **slots_out,
                  guint64 **keys_out)
{
  guint32 n_open = 0;
  for (guint32 p = 0; p < b->n_items; p++)
    n_open += lp_item_status_is_open (lp_backlog_item_at_slot (b, b->order[p])->status);

  guint32 *slots = lp_big_alloc ((gsize) MAX (n_open, 1) * sizeof *slots);
  guint64 *keys = lp_big_alloc ((gsize) MAX (n_open, 1) * sizeof *keys);
  guint32 i = 0;
  for (guint32 p = 0; p < b->n_items; p++)
    {
      const LpItem *item = lp_backlog_item_at_slot (b, b->order[p]);
      if (!lp_item_status_is_open (item->status))
        continue;
      slots[i] = item->slot;
      if (os)
        keys[i] = os->key[item->slot];
      else
        {
          double s = lp_value_effort_score (item->value, item->effort);
          keys[i] = isnan (s) ? UNSCORED_KEY : descending_key (s);
        }
      i++;
    }
  g_assert (i == n_open);  /* both passes see the same items */
  *slots_out = slots;
  *keys_out = keys;
  return n_open;
}

/* ------------------------------------------------------------------------ */
/* Ranks                                                                     */

/* Scores are mostly quotients of small numbers: a backlog of a million
 * items typically has a few dozen distinct scores. Up to FEW_KEYS distinct
 * keys, a counting sort does the job in two passes; beyond, the radix sort
 * above. */
#define FEW_KEYS 4096
#define FEW_KEYS_TABLE 8192   /* a power of two, at least 2 * FEW_KEYS */

typedef struct {
  guint64 key;
  guint32 cell;
} KeyCell;

static int
compare_key_cells (const void *a, const void *b)
{
  guint64 x = ((const KeyCell *) a)->key, y = ((const KeyCell *) b)->key;
  return (x > y) - (x < y);
}

/* The r-th smallest (key, index) of the open items: slot_by_rank[r] =
 * slots[index]. FALSE (nothing written) when there are more than FEW_KEYS
 * distinct keys. */
static gboolean
rank_few_keys (const guint64 *keys, const guint32 *slots, guint32 n,
               guint32 *slot_by_rank)
{
  guint64 *tkey = g_new (guint64, FEW_KEYS_TABLE);
  guint32 *tcount = g_new0 (guint32, FEW_KEYS_TABLE);
  guint8 *tused = g_new0 (guint8, FEW_KEYS_TABLE);
  guint16 *cell = lp_big_alloc ((gsize) MAX (n, 1) * sizeof *cell);
  guint32 distinct = 0, h = 0;
  gboolean few = TRUE;
  for (guint32 i = 0; i < n; i++)
    {
      guint64 k = keys[i];
      /* runs of equal keys are common: skip the probe */
      if (i == 0 || k != keys[i - 1])
        {
          h = (guint32) ((k * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 51)
              & (FEW_KEYS_TABLE - 1);
          while (tused[h] && tkey[h] != k)
            h = (h + 1) & (FEW_KEYS_TABLE - 1);
          if (!tused[h])
            {
              if (distinct == FEW_KEYS)
                {
                  few = FALSE;
                  break;
                }
              tused[h] = 1;
              tkey[h] = k;
              distinct++;
            }
        }
      tcount[h]++;
      cell[i] = (guint16) h;
    }
  if (few)
    {
      KeyCell *distinct_keys = g_new (KeyCell, MAX (distinct, 1));
      guint32 d = 0;
      for (guint32 c = 0; c < FEW_KEYS_TABLE; c++)
        if (tused[c])
          {
            distinct_keys[d].key = tkey[c];
            distinct_keys[d].cell = c;
            d++;
          }
      qsort (distinct_keys, d, sizeof *distinct_keys, compare_key_cells);
      /* tcount becomes each key's first rank */
      guint32 start = 0;
      for (guint32 j = 0; j < d; j++)
        {
          guint32 c = distinct_keys[j].cell, count = tcount[c];
          tcount[c] = start;
          start += count;
        }
      g_free (distinct_keys);
      for (guint32 i = 0; i < n; i++)
        {
          slot_by_rank[tcount[cell[i]]++] = slots[i];
        }
    }
  lp_big_free (cell, (gsize) MAX (n, 1) * sizeof *cell);
  g_free (tused);
  g_free (tcount);
  g_free (tkey);
  return few;
}

/* Ranks the open items (slots[i] with keys[i], in manual order) by (key,
 * i): slot_by_rank[r] is the slot of the r-th. */
static void
rank_items (const guint64 *keys, const guint32 *slots, guint32 n,
            guint32 *slot_by_rank)
{
  if (rank_few_keys (keys, slots, n, slot_by_rank))
    return;
  gsize bytes = (gsize) MAX (n, 1) * sizeof (KeyIndex);
  KeyIndex *sorted = lp_big_alloc (bytes);
  KeyIndex *tmp = lp_big_alloc (bytes);
  for (guint32 i = 0; i < n; i++)
    {
      sorted[i].key = keys[i];
      sorted[i].index = slots[i];
    }
  radix_sort (sorted, tmp, n);
  lp_big_free (tmp, bytes);
  for (guint32 r = 0; r < n; r++)
    slot_by_rank[r] = sorted[r].index;
  lp_big_free (sorted, bytes);
}

/* ------------------------------------------------------------------------ */
/* The ready queue                                                           */

/* A set of ranks that yields the smallest first: one bit per rank, and
 * above that summary levels with one bit per non-empty word of the level
 * below, up to a single word (a 64-ary tree of bits). Inserting and taking
 * the smallest touch one word per level: 4 levels for a million ranks, in
 * 128 KB that stay in cache, where a binary heap of ranks takes 20
 * dependent steps through 4 MB. */
#define READY_MAX_LEVELS 6   /* 64^6 > 2^32 */

typedef struct {
  guint64 *level[READY_MAX_LEVELS];   /* level[0]: one bit per rank */
  guint n_levels;
  guint64 *words;
  guint32 low;       /* no rank below it is in the set */
} ReadySet;

static inline guint
lowest_bit (guint64 w)
{
#if defined(__GNUC__) || defined(__clang__)
  return (guint) __builtin_ctzll (w);
#else
  guint i = 0;
  while (!(w & 1))
    {
      w >>= 1;
      i++;
    }
  return i;
#endif
}

static void
ready_init (ReadySet *q, guint32 n)
{
  gsize counts[READY_MAX_LEVELS], total = 0;
  guint levels = 0;
  gsize m = MAX (n, 1);
  do
    {
      m = (m + 63) / 64;
      counts[levels++] = m;
      total += m;
    }
  while (m > 1);
  q->words = g_new0 (guint64, total);
  q->n_levels = levels;
  for (guint l = 0, off = 0; l < levels; off += counts[l], l++)
    q->level[l] = q->words + off;
  q->low = 0;
}

/* Fills the summary levels once level 0 is set word by word. */
static void
ready_summarize (ReadySet *q, guint32 n)
{
  gsize words = (MAX (n, 1) + 63) / 64;
  for (guint l = 1; l < q->n_levels; l++)
    {
      for (gsize w = 0; w < words; w++)
        if (q->level[l - 1][w] != 0)
          q->level[l][w >> 6] |= G_GUINT64_CONSTANT (1) << (w & 63);
      words = (words + 63) / 64;
    }
}

static inline void
ready_insert (ReadySet *q, guint32 x)
{
  q->low = MIN (q->low, x);
  for (guint l = 0; l < q->n_levels; l++, x >>= 6)
    {
      guint64 *w = &q->level[l][x >> 6], was = *w;
      *w = was | (G_GUINT64_CONSTANT (1) << (x & 63));
      if (was != 0)
        return;
    }
}

/* Takes the smallest rank; FALSE when the set is empty. The smallest is
 * often in the word of the last one taken: then the summary levels are
 * not searched. */
static inline gboolean
ready_pop (ReadySet *q, guint32 *out)
{
  guint top = q->n_levels - 1;
  if (q->level[top][0] == 0)
    return FALSE;
  guint32 x;
  guint64 near = q->level[0][q->low >> 6] & (~G_GUINT64_CONSTANT (0) << (q->low & 63));
  if (near != 0)
    x = (q->low & ~63u) | lowest_bit (near);
  else
    {
      x = 0;
      for (guint l = top + 1; l-- > 0;)
        x = (x << 6) | lowest_bit (q->level[l][x]);
    }
  *out = x;
  q->low = x;
  for (guint l = 0; l <= top; l++, x >>= 6)
    {
      guint64 *w = &q->level[l][x >> 6];
      *w &= ~(G_GUINT64_CONSTANT (1) << (x & 63));
      if (*w != 0)
        break;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Kahn's algorithm over ranks                                               */

/* What a prerequisite's slot is to the ordering: its rank when it is open
 * (below n_open), else one of these (LP_NONE: not looked at yet). */
#define RANK_DONE (LP_NONE - 1)    /* done: satisfied */
#define RANK_NEVER (LP_NONE - 2)   /* dropped: never satisfied */

static inline guint32
prerequisite_rank (const LpBacklog *b, guint32 *rank, guint32 p)
{
  guint32 q = rank[p];
  if (G_UNLIKELY (q == LP_NONE))
    {
      const LpItem *item = lp_backlog_item_at_slot (b, p);
      q = item->alive && item->status == LP_ITEM_STATUS_DONE ? RANK_DONE
                                                            : RANK_NEVER;
      rank[p] = q;
    }
  return q;
}

/* How many prerequisites an open item still waits for: one byte each, so
 * that the counts of a million items (1 MB) stay in cache while the loop
 * decrements them in random order. A count of WAIT_BIG or more is kept in
 * a second, 32-bit array. */
#define WAIT_BIG 255

/* Places the open items (slot_by_rank from rank_items()): returns the
 * ranks in order (placed_out, n_open entries from lp_big_alloc()) and
 * how many there are.
 * Temporaries are allocated so that at most the rank-indexed dependents,
 * their offsets and two slot-sized arrays are alive at once: this is the
 * peak of the whole ordering. */
static guint32
kahn (LpBacklog *b, const LpAdjacency *pre, guint32 n_open,
      const guint32 *slot_by_rank, guint32 **placed_out)
{
  guint32 n = pre->n_slots;

  /* per slot: its rank if open, else whether it counts as done */
  guint32 *rank = lp_big_alloc ((gsize) n * sizeof *rank);
  memset (rank, 0xff, (gsize) n * sizeof *rank);
  for (guint32 r = 0; r < n_open; r++)
    rank[slot_by_rank[r]] = r;

  /* count each open item's open dependents, and how many prerequisites it
   * waits for: open ones, and dropped ones, which never finish (done ones
   * are satisfied). The open items are visited in manual order, which is
   * usually slot order: the prerequisite lists are read sequentially. */
  guint32 *start = lp_big_alloc0 (((gsize) n_open + 1) * sizeof *start);
  guint8 *waiting = g_new (guint8, MAX (n_open, 1));
  guint32 *waiting_big = NULL;
  for (guint32 p = 0; p < b->n_items; p++)
    {
      guint32 s = b->order[p], r = rank[s], w = 0;
      if (r >= n_open)
        continue;
      for (guint32 e = pre->off[s]; e < pre->off[s + 1]; e++)
        {
          guint32 q = prerequisite_rank (b, rank, pre->idx[e]);
          if (q < n_open)
            {
              start[q]++;
              w++;
            }
          else
            w += q == RANK_NEVER;
        }
      if (G_LIKELY (w < WAIT_BIG))
        waiting[r] = (guint8) w;
      else
        {
          if (waiting_big == NULL)
            waiting_big = g_new (guint32, n_open);
          waiting[r] = WAIT_BIG;
          waiting_big[r] = w;
        }
    }
  /* the dependents by rank: counts to ends, then filled backwards so that
   * each start lands in place */
  guint32 total = 0;
  for (guint32 r = 0; r < n_open; r++)
    {
      total += start[r];
      start[r] = total;
    }
  start[n_open] = total;
  guint32 *dependents = lp_big_alloc ((gsize) total * sizeof *dependents);
  for (guint32 p = 0; p < b->n_items; p++)
    {
      guint32 s = b->order[p], r = rank[s];
      if (r >= n_open)
        continue;
      for (guint32 e = pre->off[s]; e < pre->off[s + 1]; e++)
        {
          guint32 q = rank[pre->idx[e]];
          if (q < n_open)
            dependents[--start[q]] = r;
        }
    }
  lp_big_free (rank, (gsize) n * sizeof *rank);
  guint32 *placed = lp_big_alloc ((gsize) MAX (n_open, 1) * sizeof *placed);

  ReadySet ready;
  ready_init (&ready, n_open);
  for (guint32 r = 0; r < n_open; r++)
    if (waiting[r] == 0)
      ready.level[0][r >> 6] |= G_GUINT64_CONSTANT (1) << (r & 63);
  ready_summarize (&ready, n_open);
  guint32 n_placed = 0, r;
  while (ready_pop (&ready, &r))
    {
      placed[n_placed++] = r;
      guint32 end = start[r + 1];
      for (guint32 e = start[r]; e < end; e++)
        {
          guint32 d = dependents[e];
          guint8 w = waiting[d];
          if (G_LIKELY (w != WAIT_BIG))
            {
              waiting[d] = w - 1;
              if (w != 1)
                {
                  /* one to go: where its dependents are is needed soon */
                  if (w == 2)
                    LP_PREFETCH (&start[d]);
                  continue;
                }
            }
          /* waiting_big is allocated with the first WAIT_BIG */
          else if (--waiting_big[d] != 0) // NOLINT(clang-analyzer-core.NullDereference)
            continue;
          ready_insert (&ready, d);
          /* it is taken soon, often: fetch its dependents now */
          LP_PREFETCH (&dependents[start[d]]);
        }
    }
  g_free (ready.words);
  lp_big_free (dependents, (gsize) total * sizeof *dependents);
  g_free (waiting_big);
  g_free (waiting);
  lp_big_free (start, ((gsize) n_open + 1) * sizeof *start);
  *placed_out = placed;
  return n_placed;
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
  g_return_val_if_fail ((flags & ~(LP_ORDER_LENIENT | LP_ORDER_INHERIT_PRIORITY)) == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  LpBacklog *b = backlog;
  LpOrderScores *os = NULL;
  if (!lp_score_model_is_value_effort (model) || (flags & LP_ORDER_INHERIT_PRIORITY))
    if (!(os = lp_order_scores_new (b, model, flags, error)))
      return NULL;
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
  guint32 n = pre->n_slots;

  guint32 *open_slots;
  guint64 *keys;
  guint32 n_open = score_open_items (b, os, &open_slots, &keys);

  /* ranks: open_slots is in manual order and the sort is stable, so equal
   * scores keep the manual order */
  gsize rank_bytes = (gsize) MAX (n_open, 1) * sizeof (guint32);
  guint32 *slot_by_rank = lp_big_alloc (rank_bytes);
  rank_items (keys, open_slots, n_open, slot_by_rank);
  lp_big_free (keys, (gsize) MAX (n_open, 1) * sizeof *keys);
  lp_big_free (open_slots, rank_bytes);

  LpRanking *result = lp_ranking_new (b);
  guint32 placed = kahn (b, pre, n_open, slot_by_rank, &result->slots);
  /* ranks to slots, in one pass after the loop; the model's scores are
   * attached below, value/effort is read back from the items */
  for (guint32 k = 0; k < placed; k++)
    result->slots[k] = slot_by_rank[result->slots[k]];
  lp_big_free (slot_by_rank, rank_bytes);
  result->n_items = placed;
  result->capacity = MAX (n_open, 1);
  result->scores = lp_big_alloc ((gsize) result->capacity * sizeof *result->scores);
  if (os)
    lp_order_scores_attach (os, result);  /* own and effective scores */
  else
    for (guint32 k = 0; k < placed; k++)
      {
        /* the items are visited in random order: ask for them early */
        if (k + 16 < placed)
          LP_PREFETCH (lp_backlog_item_at_slot (b, result->slots[k + 16]));
        const LpItem *item = lp_backlog_item_at_slot (b, result->slots[k]);
        result->scores[k] = lp_value_effort_score (item->value, item->effort);
      }

  if (placed < n_open)
    {
      /* the open items not placed */
      guint8 *leftover = g_new0 (guint8, MAX (n, 1));
      for (guint32 p = 0; p < b->n_items; p++)
        {
          guint32 s = b->order[p];
          leftover[s] = lp_item_status_is_open (lp_backlog_item_at_slot (b, s)->status);
        }
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
        classify_leftovers (b, pre, lp_backlog_get_dependents_adjacency (b),
                            leftover, &cycles, result);
      lp_cycle_set_clear (&cycles);
      g_free (leftover);
    }
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
  return lp_backlog_next_full (backlog, model, n, 0, error);
}

LpRanking *
lp_backlog_next_full (LpBacklog *backlog, LpScoreModel *model, guint n,
                      LpOrderFlags flags, GError **error)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail ((flags & ~(LP_ORDER_LENIENT | LP_ORDER_INHERIT_PRIORITY)) == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  LpBacklog *b = backlog;
  LpOrderScores *os = NULL;
  if (!lp_score_model_is_value_effort (model) || (flags & LP_ORDER_INHERIT_PRIORITY))
    if (!(os = lp_order_scores_new (b, model, flags, error)))
      return NULL;
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
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
      guint64 key;
      if (os)
        key = os->key[item->slot];
      else
        {
          double s = lp_value_effort_score (item->value, item->effort);
          key = isnan (s) ? UNSCORED_KEY : descending_key (s);
        }
      KeyIndex k = { key, p };
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
  r->capacity = MAX (size, 1);
  r->slots = lp_big_alloc ((gsize) r->capacity * sizeof *r->slots);
  r->scores = lp_big_alloc ((gsize) r->capacity * sizeof *r->scores);
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
  if (os)
    lp_order_scores_attach (os, r);
  return r;
}
