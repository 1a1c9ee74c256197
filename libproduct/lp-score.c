/* Scoring models: construction, options, names. Scoring itself is in
 * lp-scores.c; the ordering code recognises the plain value/effort model
 * and scores it inline. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lp-hash.h"
#include "lp-models.h"

static const char *const ve_inputs[] = { "value", "effort", NULL };
static const char *const wsjf_inputs[] = {
  "business_value", "time_criticality", "risk_reduction", "job_size", NULL
};
static const char *const rice_inputs[] = {
  "reach", "impact", "confidence", "effort", NULL
};
static const char *const ice_inputs[] = { "impact", "confidence", "ease", NULL };
static const char *const cd3_inputs[] = { "cost_of_delay", "duration", NULL };

static const char *const builtin_names[] = {
  "value-effort", "wsjf", "rice", "ice", "cd3", "moscow", "kano", NULL
};

static LpScoreModel *
model_new (LpModelKind kind, const char *name, const char *const *inputs)
{
  LpScoreModel *m = g_new0 (LpScoreModel, 1);
  m->ref_count = 1;
  m->kind = kind;
  m->name = g_strdup (name);
  m->input_defaults = inputs;
  if (inputs)
    for (; inputs[m->n_inputs]; m->n_inputs++)
      m->inputs[m->n_inputs] = g_strdup (inputs[m->n_inputs]);
  m->value_threshold = NAN;
  m->effort_threshold = NAN;
  m->must_limit = 0.6;
  return m;
}

LpScoreModel *
lp_score_model_new_value_effort (void)
{
  return model_new (LP_MODEL_VALUE_EFFORT, "value-effort", ve_inputs);
}

LpScoreModel *
lp_score_model_new_wsjf (void)
{
  return model_new (LP_MODEL_WSJF, "wsjf", wsjf_inputs);
}

LpScoreModel *
lp_score_model_new_rice (void)
{
  LpScoreModel *m = model_new (LP_MODEL_RICE, "rice", rice_inputs);
  m->scale_check = LP_SCALE_CHECK_REJECT;
  return m;
}

LpScoreModel *
lp_score_model_new_ice (void)
{
  LpScoreModel *m = model_new (LP_MODEL_ICE, "ice", ice_inputs);
  m->scale_check = LP_SCALE_CHECK_REJECT;
  return m;
}

LpScoreModel *
lp_score_model_new_cd3 (void)
{
  return model_new (LP_MODEL_CD3, "cd3", cd3_inputs);
}

LpScoreModel *
lp_score_model_new_moscow (LpScoreModel *secondary)
{
  g_return_val_if_fail (secondary == NULL || secondary->kind != LP_MODEL_MOSCOW,
                        NULL);
  char *name = secondary == NULL ? g_strdup ("moscow")
    : g_strconcat ("moscow:", secondary->name, NULL);
  LpScoreModel *m = model_new (LP_MODEL_MOSCOW, name, NULL);
  g_free (name);
  m->secondary = secondary ? lp_score_model_ref (secondary)
    : lp_score_model_new_value_effort ();
  return m;
}

LpScoreModel *
lp_score_model_new_kano (void)
{
  return model_new (LP_MODEL_KANO, "kano", NULL);
}

static void
criterion_clear (gpointer p)
{
  LpCriterion *c = p;
  g_free (c->name);
  g_free (c->values);
}

LpScoreModel *
lp_score_model_new_scorecard (void)
{
  LpScoreModel *m = model_new (LP_MODEL_SCORECARD, "scorecard", NULL);
  m->scale_check = LP_SCALE_CHECK_REJECT;
  m->criteria = g_array_new (FALSE, TRUE, sizeof (LpCriterion));
  g_array_set_clear_func (m->criteria, criterion_clear);
  /* the names come from scorecard files: keyed (lp-hash.h) */
  m->criterion_index = g_hash_table_new (lp_str_hash, g_str_equal);
  return m;
}

static LpScoreModel *
formula_new (const char *expression, const char *const *known, GError **error)
{
  LpFormula *f = lp_formula_compile (expression, known, error);
  if (f == NULL)
    return NULL;
  char *name = g_strconcat ("formula:", expression, NULL);
  LpScoreModel *m = model_new (LP_MODEL_FORMULA, name, NULL);
  g_free (name);
  m->formula = f;
  return m;
}

LpScoreModel *
lp_score_model_new_formula (const char *expression, GError **error)
{
  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  return formula_new (expression, NULL, error);
}

LpScoreModel *
lp_score_model_new_formula_for_backlog (const char *expression,
                                        LpBacklog *backlog, GError **error)
{
  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* the attributes some item has, plus the two fields */
  GPtrArray *known = g_ptr_array_new ();
  g_ptr_array_add (known, (gpointer) "value");
  g_ptr_array_add (known, (gpointer) "effort");
  for (guint a = 0; a < backlog->attr_names->len; a++)
    if (lp_backlog_attribute (backlog, a)->count > 0)
      g_ptr_array_add (known, backlog->attr_names->pdata[a]);
  g_ptr_array_add (known, NULL);
  LpScoreModel *m = formula_new (expression, (const char *const *) known->pdata,
                                 error);
  g_ptr_array_unref (known);
  return m;
}

LpScoreModel *
lp_score_model_new_custom (const char *name, LpScoreFunc func,
                           gpointer user_data, GDestroyNotify destroy)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);
  LpScoreModel *m = model_new (LP_MODEL_CUSTOM, name, NULL);
  m->func = func;
  m->user_data = user_data;
  m->destroy = destroy;
  return m;
}

gboolean
lp_score_model_is_value_effort (const LpScoreModel *model)
{
  return model == NULL ||
    (model->kind == LP_MODEL_VALUE_EFFORT && !model->inputs_renamed);
}

const char *const *
lp_score_model_list_names (void)
{
  return builtin_names;
}

LpScoreModel *
lp_score_model_new_by_name (const char *name, GError **error)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (strcmp (name, "value-effort") == 0)
    return lp_score_model_new_value_effort ();
  if (strcmp (name, "wsjf") == 0)
    return lp_score_model_new_wsjf ();
  if (strcmp (name, "rice") == 0)
    return lp_score_model_new_rice ();
  if (strcmp (name, "ice") == 0)
    return lp_score_model_new_ice ();
  if (strcmp (name, "cd3") == 0)
    return lp_score_model_new_cd3 ();
  if (strcmp (name, "kano") == 0)
    return lp_score_model_new_kano ();
  if (strcmp (name, "moscow") == 0)
    return lp_score_model_new_moscow (NULL);
  if (g_str_has_prefix (name, "moscow:"))
    {
      const char *sub = name + strlen ("moscow:");
      if (strcmp (sub, "moscow") == 0 || g_str_has_prefix (sub, "moscow:"))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "scoring model \"%s\": the secondary model of MoSCoW "
                       "cannot be MoSCoW", name);
          return NULL;
        }
      LpScoreModel *secondary = lp_score_model_new_by_name (sub, error);
      if (secondary == NULL)
        return NULL;
      LpScoreModel *m = lp_score_model_new_moscow (secondary);
      lp_score_model_unref (secondary);
      return m;
    }
  if (g_str_has_prefix (name, "formula:"))
    return lp_score_model_new_formula (name + strlen ("formula:"), error);
  if (g_str_has_prefix (name, "scorecard:"))
    return lp_score_model_new_scorecard_from_file (name + strlen ("scorecard:"),
                                                   error);
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "unknown scoring model \"%s\" (known: value-effort, wsjf, "
               "rice, ice, cd3, moscow, kano, formula:EXPR, scorecard:FILE)",
               name);
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
  if (model->destroy)
    model->destroy (model->user_data);
  for (guint i = 0; i < model->n_inputs; i++)
    g_free (model->inputs[i]);
  lp_score_model_unref (model->secondary);
  if (model->criterion_index)
    g_hash_table_unref (model->criterion_index);
  if (model->criteria)
    g_array_unref (model->criteria);
  lp_formula_free (model->formula);
  g_free (model->name);
  g_free (model);
}

const char *
lp_score_model_get_name (const LpScoreModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  return model->name;
}

const char *
lp_model_title (const LpScoreModel *m)
{
  switch (m->kind)
    {
    case LP_MODEL_VALUE_EFFORT: return "value/effort";
    case LP_MODEL_WSJF: return "WSJF";
    case LP_MODEL_RICE: return "RICE";
    case LP_MODEL_ICE: return "ICE";
    case LP_MODEL_CD3: return "CD3";
    case LP_MODEL_MOSCOW: return "MoSCoW";
    case LP_MODEL_KANO: return "Kano";
    case LP_MODEL_SCORECARD: return "scorecard";
    case LP_MODEL_FORMULA: return "formula";
    default: return m->name;
    }
}

gboolean
lp_score_model_score_item (const LpScoreModel *model, const LpItem *item,
                           double *score)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (item != NULL && item->alive, FALSE);
  double s = NAN;
  gboolean ok;
  if (model->kind == LP_MODEL_SCORECARD &&
      model->scorecard_mode == LP_SCORECARD_RELATIVE)
    {
      /* relative to the backlog: score all of it */
      LpScores *all = lp_score_model_apply ((LpScoreModel *) model,
                                            lp_item_backlog (item), NULL);
      ok = all != NULL && lp_scores_get_score (all, item, &s);
      lp_scores_unref (all);
    }
  else if (model->kind == LP_MODEL_SCORECARD && model->criteria->len == 0)
    ok = FALSE;
  else
    {
      LpEvalCtx c;
      guint32 aux;
      LpBacklog *b = lp_item_backlog (item);
      lp_eval_ctx_init (&c, model, b);
      lp_backlog_hold (b);  /* a custom model's callback may run */
      ok = lp_eval_item (&c, item, &s, &aux) == LP_SCORE_SCORED;
      lp_backlog_release (b);
      lp_eval_ctx_clear (&c);
    }
  if (!ok || !isfinite (s))
    return FALSE;
  if (score)
    *score = s;
  return TRUE;
}

/* --- inputs ------------------------------------------------------------- */

guint
lp_model_n_inputs (const LpScoreModel *m)
{
  switch (m->kind)
    {
    case LP_MODEL_MOSCOW:
    case LP_MODEL_KANO:
      return 1;
    case LP_MODEL_SCORECARD:
      return m->criteria->len;
    case LP_MODEL_FORMULA:
      return lp_formula_get_n_variables (m->formula);
    default:
      return m->n_inputs;
    }
}

const char *
lp_model_input_name (const LpScoreModel *m, guint i)
{
  switch (m->kind)
    {
    case LP_MODEL_MOSCOW: return "moscow";
    case LP_MODEL_KANO: return "kano_answers";
    case LP_MODEL_SCORECARD:
      return g_array_index (m->criteria, LpCriterion, i).name;
    case LP_MODEL_FORMULA:
      return lp_formula_get_variable (m->formula, i);
    default:
      return m->inputs[i];
    }
}

char **
lp_score_model_dup_inputs (const LpScoreModel *model)
{
  g_return_val_if_fail (model != NULL, NULL);
  GPtrArray *a = g_ptr_array_new ();
  guint n = model->kind == LP_MODEL_CUSTOM ? 0 : lp_model_n_inputs (model);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (a, g_strdup (lp_model_input_name (model, i)));
  if (model->kind == LP_MODEL_MOSCOW)
    {
      char **more = lp_score_model_dup_inputs (model->secondary);
      for (char **p = more; *p; p++)
        g_ptr_array_add (a, *p);
      g_free (more);
    }
  g_ptr_array_add (a, NULL);
  return (char **) g_ptr_array_free (a, FALSE);
}

/* --- options ------------------------------------------------------------ */

static gboolean
no_option (const LpScoreModel *m, const char *option, GError **error)
{
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "scoring model \"%s\" has no option \"%s\"", m->name, option);
  return FALSE;
}

gboolean
lp_score_model_set_input (LpScoreModel *model, const char *input,
                          const char *attribute, GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (input != NULL && attribute != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (model->input_defaults == NULL)
    return no_option (model, input, error);
  if (*attribute == '\0' || !g_utf8_validate (attribute, -1, NULL))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "scoring model \"%s\": input \"%s\" needs a non-empty "
                   "UTF-8 attribute name", model->name, input);
      return FALSE;
    }
  for (guint i = 0; i < model->n_inputs; i++)
    if (strcmp (model->input_defaults[i], input) == 0)
      {
        g_free (model->inputs[i]);
        model->inputs[i] = g_strdup (attribute);
        model->inputs_renamed = FALSE;
        for (guint j = 0; j < model->n_inputs; j++)
          if (strcmp (model->inputs[j], model->input_defaults[j]) != 0)
            model->inputs_renamed = TRUE;
        return TRUE;
      }
  GString *known = g_string_new (NULL);
  for (guint i = 0; i < model->n_inputs; i++)
    g_string_append_printf (known, "%s%s", i ? ", " : "",
                            model->input_defaults[i]);
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "scoring model \"%s\" has no input \"%s\" (inputs: %s)",
               model->name, input, known->str);
  g_string_free (known, TRUE);
  return FALSE;
}

gboolean
lp_score_model_set_scale_check (LpScoreModel *model, LpScaleCheck check,
                                GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail ((guint) check <= LP_SCALE_CHECK_REJECT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (model->kind != LP_MODEL_WSJF && model->kind != LP_MODEL_RICE &&
      model->kind != LP_MODEL_ICE && model->kind != LP_MODEL_SCORECARD)
    return no_option (model, "scale-check", error);
  model->scale_check = check;
  return TRUE;
}

gboolean
lp_score_model_set_ice_mode (LpScoreModel *model, LpIceMode mode,
                             GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail ((guint) mode <= LP_ICE_AVERAGE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (model->kind != LP_MODEL_ICE)
    return no_option (model, "mode", error);
  model->ice_mode = mode;
  return TRUE;
}

gboolean
lp_score_model_set_quadrant_thresholds (LpScoreModel *model,
                                        double value_threshold,
                                        double effort_threshold,
                                        GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (isinf (value_threshold) || value_threshold < 0 ||
      isinf (effort_threshold) || effort_threshold < 0)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "quadrant thresholds must be finite numbers >= 0 or NaN "
                   "for the median");
      return FALSE;
    }
  model->value_threshold = value_threshold;
  model->effort_threshold = effort_threshold;
  return TRUE;
}

gboolean
lp_score_model_set_must_limit (LpScoreModel *model, double share,
                               GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (model->kind != LP_MODEL_MOSCOW)
    return no_option (model, "must-limit", error);
  if (!(share > 0 && share <= 1))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "the must limit must be a share in (0, 1] (got %g)", share);
      return FALSE;
    }
  model->must_limit = share;
  return TRUE;
}

gboolean
lp_score_model_set_scorecard_mode (LpScoreModel *model, LpScorecardMode mode,
                                   GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail ((guint) mode <= LP_SCORECARD_RELATIVE, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (model->kind != LP_MODEL_SCORECARD)
    return no_option (model, "mode", error);
  model->scorecard_mode = mode;
  return TRUE;
}

static LpCriterion *
find_criterion (LpScoreModel *m, const char *name)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (m->criterion_index, name));
  return i == 0 ? NULL : &g_array_index (m->criteria, LpCriterion, i - 1);
}

gboolean
lp_score_model_add_criterion (LpScoreModel *model, const char *name,
                              double weight, LpScale scale, GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail ((guint) scale <= LP_SCALE_CUSTOM, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (model->kind != LP_MODEL_SCORECARD)
    return no_option (model, "criterion", error);
  if (*name == '\0' || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "a criterion needs a non-empty UTF-8 name");
      return FALSE;
    }
  if (!isfinite (weight))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "criterion \"%s\": weight must be a finite number", name);
      return FALSE;
    }
  if (find_criterion (model, name))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "criterion \"%s\" is already in the scorecard", name);
      return FALSE;
    }
  LpCriterion c = { g_strdup (name), weight, scale, NULL, 0 };
  g_array_append_val (model->criteria, c);
  g_hash_table_insert (model->criterion_index, c.name,
                       GUINT_TO_POINTER (model->criteria->len));
  return TRUE;
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

gboolean
lp_score_model_set_criterion_values (LpScoreModel *model, const char *name,
                                     const double *values, guint n_values,
                                     GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (n_values == 0 || values != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);
  if (model->kind != LP_MODEL_SCORECARD)
    return no_option (model, "criterion", error);
  LpCriterion *c = find_criterion (model, name);
  if (c == NULL || c->scale != LP_SCALE_CUSTOM)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "scorecard has no criterion \"%s\" with a custom scale",
                   name);
      return FALSE;
    }
  if (n_values == 0)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "criterion \"%s\": a custom scale needs at least one value",
                   name);
      return FALSE;
    }
  for (guint i = 0; i < n_values; i++)
    if (!isfinite (values[i]))
      {
        g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                     "criterion \"%s\": scale values must be finite", name);
        return FALSE;
      }
  g_free (c->values);
  c->values = g_memdup2 (values, n_values * sizeof (double));
  c->n_values = n_values;
  qsort (c->values, n_values, sizeof (double), cmp_double);
  return TRUE;
}

guint
lp_score_model_get_n_criteria (const LpScoreModel *model)
{
  g_return_val_if_fail (model != NULL, 0);
  return model->kind == LP_MODEL_SCORECARD ? model->criteria->len : 0;
}

const char *
lp_score_model_get_criterion (const LpScoreModel *model, guint index,
                              double *weight, LpScale *scale)
{
  g_return_val_if_fail (model != NULL && model->kind == LP_MODEL_SCORECARD, NULL);
  g_return_val_if_fail (index < model->criteria->len, NULL);
  const LpCriterion *c = &g_array_index (model->criteria, LpCriterion, index);
  if (weight)
    *weight = c->weight;
  if (scale)
    *scale = c->scale;
  return c->name;
}

static gboolean
parse_number (const char *text, double *out)
{
  char *end;
  double v = g_ascii_strtod (text, &end);
  while (g_ascii_isspace (*end))
    end++;
  if (end == text || *end != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

gboolean
lp_score_model_set_option (LpScoreModel *model, const char *key,
                           const char *value, GError **error)
{
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (key != NULL && value != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (strcmp (key, "scale-check") == 0)
    {
      LpScaleCheck check;
      return lp_scale_check_from_string (value, &check, error) &&
        lp_score_model_set_scale_check (model, check, error);
    }
  if (strcmp (key, "mode") == 0 && model->kind == LP_MODEL_ICE)
    {
      LpIceMode mode;
      return lp_ice_mode_from_string (value, &mode, error) &&
        lp_score_model_set_ice_mode (model, mode, error);
    }
  if (strcmp (key, "mode") == 0 && model->kind == LP_MODEL_SCORECARD)
    {
      LpScorecardMode mode;
      return lp_scorecard_mode_from_string (value, &mode, error) &&
        lp_score_model_set_scorecard_mode (model, mode, error);
    }
  if (strcmp (key, "value-threshold") == 0 ||
      strcmp (key, "effort-threshold") == 0)
    {
      double v = NAN;
      if (g_ascii_strcasecmp (value, "median") != 0 && !parse_number (value, &v))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "option \"%s\": expected a number or \"median\", got "
                       "\"%s\"", key, value);
          return FALSE;
        }
      gboolean is_value = key[0] == 'v';
      return lp_score_model_set_quadrant_thresholds (
        model, is_value ? v : model->value_threshold,
        is_value ? model->effort_threshold : v, error);
    }
  if (strcmp (key, "must-limit") == 0)
    {
      if (model->kind != LP_MODEL_MOSCOW)
        return no_option (model, key, error);
      char *text = g_strstrip (g_strdup (value));
      gsize len = strlen (text);
      gboolean percent = len > 0 && text[len - 1] == '%';
      if (percent)
        text[len - 1] = '\0';
      double v;
      gboolean ok = parse_number (text, &v);
      g_free (text);
      if (!ok)
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "option \"must-limit\": expected a share such as 0.6 "
                       "or 60%%, got \"%s\"", value);
          return FALSE;
        }
      return lp_score_model_set_must_limit (model, percent ? v / 100 : v, error);
    }
  if (model->input_defaults)
    for (guint i = 0; i < model->n_inputs; i++)
      if (strcmp (model->input_defaults[i], key) == 0)
        return lp_score_model_set_input (model, key, value, error);
  return no_option (model, key, error);
}
