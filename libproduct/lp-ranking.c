/* Accessors of an ordering result. */
#include "config.h"
#include <math.h>
#include "lp-private.h"

LpRanking *
lp_ranking_new (LpBacklog *b)
{
  LpRanking *r = g_new0 (LpRanking, 1);
  r->ref_count = 1;
  r->backlog = lp_backlog_ref (b);
  r->removals = b->removals;
  return r;
}

LpRanking *
lp_ranking_ref (LpRanking *ranking)
{
  g_return_val_if_fail (ranking != NULL, NULL);
  g_atomic_int_inc (&ranking->ref_count);
  return ranking;
}

void
lp_ranking_unref (LpRanking *ranking)
{
  if (ranking == NULL || !g_atomic_int_dec_and_test (&ranking->ref_count))
    return;
  lp_big_free (ranking->slots, (gsize) ranking->capacity * sizeof (guint32));
  lp_big_free (ranking->scores, (gsize) ranking->capacity * sizeof (double));
  g_free (ranking->excluded);
  g_free (ranking->reasons);
  g_free (ranking->causes);
  lp_scores_unref (ranking->model_scores);
  g_free (ranking->model_name);
  g_free (ranking->keys);
  g_free (ranking->effective);
  g_free (ranking->inherited_from);
  g_free (ranking->rank_of_slot);
  lp_backlog_unref (ranking->backlog);
  g_free (ranking);
}

/* Items of a ranking are slots: a removal since may have reused one. */
#define RANKING_FRESH(r) ((r)->removals == (r)->backlog->removals)

LpBacklog *
lp_ranking_get_backlog (const LpRanking *ranking)
{
  g_return_val_if_fail (ranking != NULL, NULL);
  return ranking->backlog;
}

guint
lp_ranking_get_n_items (const LpRanking *ranking)
{
  g_return_val_if_fail (ranking != NULL, 0);
  return ranking->n_items;
}

LpItem *
lp_ranking_get_item (const LpRanking *ranking, guint rank)
{
  g_return_val_if_fail (ranking != NULL, NULL);
  g_return_val_if_fail (RANKING_FRESH (ranking), NULL);
  g_return_val_if_fail (rank < ranking->n_items, NULL);
  return lp_backlog_item_at_slot (ranking->backlog, ranking->slots[rank]);
}

double
lp_ranking_get_score (const LpRanking *ranking, guint rank)
{
  g_return_val_if_fail (ranking != NULL, NAN);
  g_return_val_if_fail (rank < ranking->n_items, NAN);
  return ranking->scores[rank];
}

guint
lp_ranking_get_n_excluded (const LpRanking *ranking)
{
  g_return_val_if_fail (ranking != NULL, 0);
  return ranking->n_excluded;
}

LpItem *
lp_ranking_get_excluded_item (const LpRanking *ranking, guint index)
{
  g_return_val_if_fail (ranking != NULL, NULL);
  g_return_val_if_fail (RANKING_FRESH (ranking), NULL);
  g_return_val_if_fail (index < ranking->n_excluded, NULL);
  return lp_backlog_item_at_slot (ranking->backlog, ranking->excluded[index]);
}

LpExclusion
lp_ranking_get_excluded_reason (const LpRanking *ranking, guint index)
{
  g_return_val_if_fail (ranking != NULL, LP_EXCLUSION_IN_CYCLE);
  g_return_val_if_fail (index < ranking->n_excluded, LP_EXCLUSION_IN_CYCLE);
  return (LpExclusion) ranking->reasons[index];
}

LpItem *
lp_ranking_get_excluded_cause (const LpRanking *ranking, guint index)
{
  g_return_val_if_fail (ranking != NULL, NULL);
  g_return_val_if_fail (RANKING_FRESH (ranking), NULL);
  g_return_val_if_fail (index < ranking->n_excluded, NULL);
  return lp_backlog_item_at_slot (ranking->backlog, ranking->causes[index]);
}

double
lp_ranking_get_effective_score (const LpRanking *ranking, guint rank)
{
  g_return_val_if_fail (ranking != NULL, NAN);
  g_return_val_if_fail (rank < ranking->n_items, NAN);
  return ranking->effective ? ranking->effective[rank] : ranking->scores[rank];
}

LpItem *
lp_ranking_get_inherited_from (const LpRanking *ranking, guint rank)
{
  g_return_val_if_fail (ranking != NULL, NULL);
  g_return_val_if_fail (RANKING_FRESH (ranking), NULL);
  g_return_val_if_fail (rank < ranking->n_items, NULL);
  if (!ranking->inherited_from || ranking->inherited_from[rank] == LP_NONE)
    return NULL;
  return lp_backlog_item_at_slot (ranking->backlog,
                                  ranking->inherited_from[rank]);
}

gboolean
lp_ranking_find_item (LpRanking *ranking, const LpItem *item, guint *rank)
{
  g_return_val_if_fail (ranking != NULL, FALSE);
  g_return_val_if_fail (RANKING_FRESH (ranking), FALSE);
  g_return_val_if_fail (item != NULL && item->alive &&
                        lp_item_backlog (item) == ranking->backlog, FALSE);
  LpBacklog *b = ranking->backlog;
  if (ranking->rank_of_slot == NULL)
    {
      /* slots beyond the ones known when the ranking was made are unranked */
      guint32 n = b->n_slots;
      ranking->rank_of_slot = g_new (guint32, MAX (n, 1));
      for (guint32 s = 0; s < n; s++)
        ranking->rank_of_slot[s] = LP_NONE;
      for (guint32 k = 0; k < ranking->n_items; k++)
        ranking->rank_of_slot[ranking->slots[k]] = k;
      ranking->n_rank_slots = n;
    }
  if (item->slot >= ranking->n_rank_slots ||
      ranking->rank_of_slot[item->slot] == LP_NONE)
    return FALSE;
  if (rank)
    *rank = ranking->rank_of_slot[item->slot];
  return TRUE;
}

const char *
lp_ranking_get_model_name (const LpRanking *ranking)
{
  g_return_val_if_fail (ranking != NULL, NULL);
  return ranking->model_name ? ranking->model_name : "value-effort";
}
