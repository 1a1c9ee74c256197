/* Scoring models. The ordering code recognises the value/effort model and
 * scores it inline; every model also works through its score function. */
#include "config.h"
#include <math.h>
#include <string.h>
#include "lp-private.h"

static gboolean
score_value_effort (const LpScoreModel *model, const LpItem *item,
                    double *score)
{
  if (isnan (item->value) || isnan (item->effort))
    return FALSE;
  if (score)
    *score = lp_value_effort_score (item->value, item->effort);
  return TRUE;
}

static LpScoreModel *
model_new (const char *name,
           gboolean (*score) (const LpScoreModel *, const LpItem *, double *))
{
  LpScoreModel *m = g_new0 (LpScoreModel, 1);
  m->ref_count = 1;
  m->name = g_strdup (name);
  m->score = score;
  return m;
}

LpScoreModel *
lp_score_model_new_value_effort (void)
{
  return model_new ("value-effort", score_value_effort);
}

gboolean
lp_score_model_is_value_effort (const LpScoreModel *model)
{
  return model == NULL || model->score == score_value_effort;
}

LpScoreModel *
lp_score_model_new_by_name (const char *name, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (strcmp (name, "value-effort") == 0)
    return lp_score_model_new_value_effort ();
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "unknown scoring model \"%s\" (known: value-effort)", name);
  return NULL;
}

LpScoreModel *
lp_score_model_ref (LpScoreModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_atomic_int_inc (&model->ref_count);
  return model;
}

void
lp_score_model_unref (LpScoreModel *model)
{
  if (model == NULL || !g_atomic_int_dec_and_test (&model->ref_count))
    return;
  if (model->data_free)
    model->data_free (model->data);
  g_free (model->name);
  g_free (model);
}

const char *
lp_score_model_get_name (const LpScoreModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->name;
}

gboolean
lp_score_model_score_item (const LpScoreModel *model, const LpItem *item,
                           double *score)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (item != NULL && item->alive, FALSE);
  double s;
  if (!model->score (model, item, &s) || !isfinite (s))
    return FALSE;
  if (score)
    *score = s;
  return TRUE;
}
