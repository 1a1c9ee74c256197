/* Fuzz target: scorecard definitions,
 * lp_score_model_new_scorecard_from_data() (JSON or `key = value` lines).
 * The same bytes are also read from a file with
 * lp_score_model_new_scorecard_from_file(): both must agree (the same
 * criteria, or the same error code and message after the file's
 * "PATH: "). A definition that loads is applied to a small fixed backlog
 * and the backlog ordered with it; the invariants: errors are LP_ERRORs
 * whose message starts with "scorecard", every score is finite, an
 * unscored item has a reason. */
#include <math.h>
#include <string.h>

#include "fuzz-common.h"

static LpBacklog *
make_backlog (void)
{
  static const struct { const char *id; double reach, risk; } rows[] = {
    { "A", 1200, 3 },
    { "B", 0, 0 },
    { "C", -5, 1e300 },
    { "D", 1e-300, -1e300 },
    { "E", NAN, 9 },                       /* NaN: attribute left unset */
  };
  LpBacklog *backlog = lp_backlog_new ();
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      LpItem *item = lp_backlog_add_item (backlog, rows[i].id, rows[i].id,
                                          NULL);
      if (!isnan (rows[i].reach))
        lp_item_set_attribute (item, "reach", rows[i].reach, NULL);
      lp_item_set_attribute (item, "risk", rows[i].risk, NULL);
      lp_item_set_attribute (item, "a", 1, NULL);
    }
  return backlog;
}

static void
check_error (const GError *error)
{
  if (error == NULL || error->domain != LP_ERROR
      || !g_str_has_prefix (error->message, "scorecard"))
    lp_fuzz_fail ("a scorecard error is not an LP_ERROR \"scorecard...\"",
                  error);
}

/* The criteria as text, for comparing two models. */
static char *
describe (LpScoreModel *model)
{
  GString *d = g_string_new (NULL);
  for (guint i = 0; i < lp_score_model_get_n_criteria (model); i++)
    {
      double weight = 0;
      LpScale scale = LP_SCALE_ANY;
      const char *name = lp_score_model_get_criterion (model, i, &weight,
                                                       &scale);
      g_string_append_printf (d, "%s %.17g %d\n", name, weight, (int) scale);
    }
  return g_string_free (d, FALSE);
}

static void
exercise_model (LpScoreModel *model, LpBacklog *backlog)
{
  g_autoptr (GError) error = NULL;
  LpScores *scores = lp_score_model_apply (model, backlog, &error);
  if (scores == NULL)
    {
      /* a scale check or mode the backlog cannot meet is an error, not a
       * crash */
      if (error == NULL || error->domain != LP_ERROR)
        lp_fuzz_fail ("applying a scorecard failed without an LP_ERROR",
                      error);
      return;
    }
  for (guint i = 0; i < lp_backlog_get_n_items (backlog); i++)
    {
      LpItem *item = lp_backlog_get_item_at (backlog, i);
      double score = 0;
      g_autofree char *reason = lp_scores_dup_reason (scores, item);
      if (lp_scores_get_score (scores, item, &score))
        {
          if (!isfinite (score))
            lp_fuzz_fail ("a scorecard produced a non-finite score", NULL);
        }
      else if (reason == NULL)
        lp_fuzz_fail ("an unscored item has no reason", NULL);
    }
  lp_scores_unref (scores);
  LpRanking *ranking = lp_backlog_order (backlog, model, LP_ORDER_LENIENT,
                                         &error);
  if (ranking == NULL)
    lp_fuzz_fail ("ordering with a scorecard failed", error);
  lp_ranking_unref (ranking);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  static LpBacklog *backlog;
  lp_fuzz_init ();
  if (backlog == NULL)
    backlog = make_backlog ();

  GError *error = NULL, *file_error = NULL;
  LpScoreModel *model
    = lp_score_model_new_scorecard_from_data ((const char *) data,
                                              (gssize) size, &error);
  const char *path = lp_fuzz_write_tmp (data, size);
  LpScoreModel *from_file = lp_score_model_new_scorecard_from_file (path,
                                                                    &file_error);
  if ((model == NULL) != (from_file == NULL))
    lp_fuzz_fail ("the scorecard loads from memory or from a file, not both",
                  error != NULL ? error : file_error);
  if (model == NULL)
    {
      check_error (error);
      char *prefix = g_strconcat (path, ": ", NULL);
      if (file_error->code != error->code
          || !g_str_has_prefix (file_error->message, prefix)
          || strcmp (file_error->message + strlen (prefix),
                     error->message) != 0)
        lp_fuzz_fail ("the scorecard fails differently from a file",
                      file_error);
      g_free (prefix);
      g_error_free (error);
      g_error_free (file_error);
      return 0;
    }
  char *a = describe (model), *b = describe (from_file);
  if (strcmp (a, b) != 0)
    lp_fuzz_fail ("the scorecard differs from memory and from a file", NULL);
  g_free (a);
  g_free (b);
  exercise_model (model, backlog);
  lp_score_model_unref (model);
  lp_score_model_unref (from_file);
  return 0;
}
