/* Fuzz target: the scoring-formula compiler and evaluator,
 * lp_score_model_new_formula(). The input is the expression (up to its
 * first NUL byte). A formula that compiles is applied to a small fixed
 * backlog whose attributes include zeros, negatives, huge and tiny numbers,
 * and the backlog is ordered with it; the invariants: a compile error is an
 * LP_ERROR_INVALID_VALUE whose message starts with "formula", every score is
 * finite, an unscored item has a reason, and ordering with the model works
 * like ordering with any other model. */
#include <math.h>
#include <string.h>

#include "fuzz-common.h"

static LpBacklog *
make_backlog (void)
{
  static const struct {
    const char *id;
    double value, effort, reach, impact, confidence;
  } rows[] = {
    { "A", 8, 3, 1200, 2, 0.8 },
    { "B", 0, 1, 0, 0, 0 },
    { "C", 1e300, 1e-300, -5, 3, 1 },
    { "D", 2, 1e300, 1e-300, -1e300, 0.5 },
    { "E", 5, 0.5, NAN, 1, 1 },            /* NaN: attribute left unset */
  };
  LpBacklog *backlog = lp_backlog_new ();
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      LpItem *item = lp_backlog_add_item (backlog, rows[i].id, rows[i].id, NULL);
      lp_item_set_value (item, rows[i].value, NULL);
      lp_item_set_effort (item, rows[i].effort, NULL);
      if (!isnan (rows[i].reach))
        lp_item_set_attribute (item, "reach", rows[i].reach, NULL);
      lp_item_set_attribute (item, "impact", rows[i].impact, NULL);
      lp_item_set_attribute (item, "confidence", rows[i].confidence, NULL);
    }
  LpItem *f = lp_backlog_add_item (backlog, "F", "no value, no estimate", NULL);
  lp_backlog_add_dependency (backlog, f, lp_backlog_get_item (backlog, "A"),
                             NULL);
  return backlog;
}

static void
check_compile_error (GError *error)
{
  if (!g_error_matches (error, LP_ERROR, LP_ERROR_INVALID_VALUE)
      || !g_str_has_prefix (error->message, "formula"))
    lp_fuzz_fail ("formula compile error is not LP_ERROR_INVALID_VALUE "
                  "\"formula...\"", error);
}

static void
exercise_model (LpScoreModel *model, LpBacklog *backlog)
{
  g_autoptr (GError) error = NULL;
  if (lp_score_model_get_name (model) == NULL)
    lp_fuzz_fail ("formula model without a name", NULL);

  LpScores *scores = lp_score_model_apply (model, backlog, &error);
  if (scores == NULL)
    lp_fuzz_fail ("applying a compiled formula failed", error);
  for (guint i = 0; i < lp_backlog_get_n_items (backlog); i++)
    {
      LpItem *item = lp_backlog_get_item_at (backlog, i);
      double score = 0;
      g_autofree char *reason = lp_scores_dup_reason (scores, item);
      if (lp_scores_get_score (scores, item, &score))
        {
          if (!isfinite (score))
            lp_fuzz_fail ("a formula produced a non-finite score", NULL);
          if (reason != NULL)
            lp_fuzz_fail ("a scored item has an unscored reason", NULL);
        }
      else if (reason == NULL)
        lp_fuzz_fail ("an unscored item has no reason", NULL);
      double single;
      (void) lp_score_model_score_item (model, item, &single);
    }
  lp_scores_unref (scores);

  LpRanking *ranking = lp_backlog_order (backlog, model, LP_ORDER_LENIENT,
                                         &error);
  if (ranking == NULL)
    lp_fuzz_fail ("ordering with a compiled formula failed", error);
  if (lp_ranking_get_n_items (ranking) + lp_ranking_get_n_excluded (ranking)
      != lp_backlog_get_n_items (backlog))
    lp_fuzz_fail ("ordering with a formula lost items", NULL);
  lp_ranking_unref (ranking);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static LpBacklog *backlog;
  lp_fuzz_init ();
  if (backlog == NULL)
    backlog = make_backlog ();

  g_autofree char *expression = g_strndup ((const char *) data, size);
  GError *error = NULL;

  LpScoreModel *model = lp_score_model_new_formula (expression, &error);
  if (model == NULL)
    check_compile_error (error);
  else
    {
      exercise_model (model, backlog);
      lp_score_model_unref (model);
    }
  g_clear_error (&error);

  /* the same expression against the backlog's attribute names */
  model = lp_score_model_new_formula_for_backlog (expression, backlog, &error);
  if (model == NULL)
    check_compile_error (error);
  else
    {
      exercise_model (model, backlog);
      lp_score_model_unref (model);
    }
  g_clear_error (&error);
  return 0;
}
