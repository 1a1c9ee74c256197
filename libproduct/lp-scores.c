/* Applying a scoring model to a backlog: per-item scoring of every model,
 * the backlog-wide parts (relative scorecards, MoSCoW order and must
 * share, quadrant medians, Kano categories) and the LpScores accessors. */
#include "config.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lp-models.h"

/* --- inputs and scales ---------------------------------------------------- */

void
lp_input_resolve (LpBacklog *b, const char *attribute, LpInputSource *out)
{
  out->col = NULL;
  out->attr = NULL;
  if (strcmp (attribute, "value") == 0)
    out->src = LP_SRC_VALUE;
  else if (strcmp (attribute, "effort") == 0)
    out->src = LP_SRC_EFFORT;
  else
    {
      guint32 id = lp_backlog_attribute_id (b, attribute, FALSE);
      out->src = LP_SRC_NONE;
      if (id != LP_NONE)
        {
          out->attr = lp_backlog_attribute (b, id);
          out->col = out->attr->dense;
          out->src = out->col ? LP_SRC_COLUMN : LP_SRC_SPARSE;
        }
    }
}

void
lp_eval_ctx_init (LpEvalCtx *c, const LpScoreModel *m, LpBacklog *b)
{
  memset (c, 0, sizeof *c);
  c->m = m;
  c->b = b;
  if (m->kind == LP_MODEL_MOSCOW || m->kind == LP_MODEL_KANO ||
      m->kind == LP_MODEL_CUSTOM)
    return;
  c->n_in = lp_model_n_inputs (m);
  c->in = g_new0 (LpInputSource, MAX (c->n_in, 1));
  c->vars = g_new0 (double, MAX (c->n_in, 1));
  for (guint i = 0; i < c->n_in; i++)
    lp_input_resolve (b, lp_model_input_name (m, i), &c->in[i]);
}

void
lp_eval_ctx_clear (LpEvalCtx *c)
{
  g_free (c->in);
  g_free (c->vars);
  c->in = NULL;
  c->vars = NULL;
}

static const double wsjf_scale[] = { 1, 2, 3, 5, 8, 13, 20 };
static const double rice_impact_scale[] = { 3, 2, 1, 0.5, 0.25 };

static gboolean
in_set (double v, const double *set, guint n)
{
  for (guint i = 0; i < n; i++)
    if (v == set[i])
      return TRUE;
  return FALSE;
}

static gboolean
on_criterion_scale (const LpCriterion *c, double v)
{
  switch (c->scale)
    {
    case LP_SCALE_LINEAR_1_5:
      return v >= 1 && v <= 5 && v == floor (v);
    case LP_SCALE_POWERS_OF_TWO:
      {
        int e;
        return v >= 1 && frexp (v, &e) == 0.5;
      }
    case LP_SCALE_FIBONACCI:
      {
        double a = 0, b = 1;
        while (a < v)
          {
            double t = a + b;
            a = b;
            b = t;
          }
        return a == v;
      }
    case LP_SCALE_CUSTOM:
      {
        guint lo = 0, hi = c->n_values;
        while (lo < hi)
          {
            guint mid = (lo + hi) / 2;
            if (c->values[mid] < v)
              lo = mid + 1;
            else
              hi = mid;
          }
        return lo < c->n_values && c->values[lo] == v;
      }
    default:
      return TRUE;
    }
}

gboolean
lp_model_on_scale (const LpScoreModel *m, guint i, double v)
{
  switch (m->kind)
    {
    case LP_MODEL_WSJF:
      return in_set (v, wsjf_scale, G_N_ELEMENTS (wsjf_scale));
    case LP_MODEL_RICE:
      switch (i)
        {
        case 0: return v >= 0;
        case 1: return in_set (v, rice_impact_scale,
                               G_N_ELEMENTS (rice_impact_scale));
        case 2: return v >= 0 && v <= 100;
        default: return v > 0;
        }
    case LP_MODEL_ICE:
      return v >= 1 && v <= 10;
    case LP_MODEL_SCORECARD:
      return on_criterion_scale (&g_array_index (m->criteria, LpCriterion, i), v);
    default:
      return TRUE;
    }
}

char *
lp_model_describe_scale (const LpScoreModel *m, guint i)
{
  switch (m->kind)
    {
    case LP_MODEL_WSJF:
      return g_strdup ("SAFe's modified Fibonacci scale (1, 2, 3, 5, 8, 13, 20)");
    case LP_MODEL_RICE:
      switch (i)
        {
        case 0: return g_strdup ("the RICE scale (reach >= 0)");
        case 1: return g_strdup ("the RICE scale (3, 2, 1, 0.5, 0.25)");
        case 2: return g_strdup ("the RICE scale (a fraction 0..1 or a percent 0..100)");
        default: return g_strdup ("the RICE scale (effort > 0)");
        }
    case LP_MODEL_ICE:
      return g_strdup ("the ICE scale (1..10)");
    case LP_MODEL_SCORECARD:
      {
        const LpCriterion *c = &g_array_index (m->criteria, LpCriterion, i);
        if (c->scale != LP_SCALE_CUSTOM)
          return g_strdup_printf ("the scale %s", lp_scale_to_string (c->scale));
        GString *s = g_string_new ("the scale (");
        for (guint k = 0; k < c->n_values; k++)
          {
            char *n = lp_format_number (c->values[k]);
            g_string_append_printf (s, "%s%s", k ? ", " : "", n);
            g_free (n);
          }
        g_string_append_c (s, ')');
        return g_string_free (s, FALSE);
      }
    default:
      return g_strdup ("its scale");
    }
}

char *
lp_format_number (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  for (int prec = 15; prec <= 17; prec++)
    {
      g_ascii_formatd (buf, sizeof buf, prec == 15 ? "%.15g" : prec == 16 ? "%.16g" : "%.17g", v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  return g_strdup (buf);
}

/* --- Kano ------------------------------------------------------------------ */

gboolean
lp_kano_count (const LpBacklog *b, guint32 slot,
               guint counts[LP_KANO_N_CATEGORIES])
{
  GByteArray *a = lp_backlog_kano_answers (b, slot);
  if (a == NULL || a->len == 0)
    return FALSE;
  memset (counts, 0, LP_KANO_N_CATEGORIES * sizeof counts[0]);
  for (guint i = 0; i < a->len; i++)
    counts[lp_kano_classify (a->data[i] / 5, a->data[i] % 5)]++;
  return TRUE;
}

LpKanoCategory
lp_kano_mode (const guint counts[LP_KANO_N_CATEGORIES])
{
  /* the enum is in the tie-break order M, O, A, I, R, Q */
  guint best = 0;
  for (guint c = 1; c < LP_KANO_N_CATEGORIES; c++)
    if (counts[c] > counts[best])
      best = c;
  return (LpKanoCategory) best;
}

/* --- one item ---------------------------------------------------------------- */

guint8
lp_eval_item (LpEvalCtx *c, const LpItem *item, double *score, guint32 *aux)
{
  const LpScoreModel *m = c->m;
  double s = NAN;
  *aux = 0;

  switch (m->kind)
    {
    case LP_MODEL_MOSCOW:
      if (item->moscow == LP_MOSCOW_NONE)
        return LP_SCORE_MISSING;
      if (item->moscow == LP_MOSCOW_WONT)
        return LP_SCORE_WONT;
      *score = lp_moscow_weight (item->moscow);
      return LP_SCORE_SCORED;

    case LP_MODEL_KANO:
      {
        guint n[LP_KANO_N_CATEGORIES];
        if (!lp_kano_count (c->b, item->slot, n))
          return LP_SCORE_MISSING;
        LpKanoCategory cat = lp_kano_mode (n);
        if (cat == LP_KANO_CATEGORY_REVERSE)
          return LP_SCORE_KANO_REVERSE;
        if (cat == LP_KANO_CATEGORY_QUESTIONABLE)
          return LP_SCORE_KANO_QUESTIONABLE;
        double A = n[LP_KANO_CATEGORY_ATTRACTIVE];
        double O = n[LP_KANO_CATEGORY_ONE_DIMENSIONAL];
        double M = n[LP_KANO_CATEGORY_MUST_BE];
        double I = n[LP_KANO_CATEGORY_INDIFFERENT];
        double total = A + O + M + I;
        double cs = (A + O) / total, ds = -(O + M) / total;
        *score = lp_kano_rank (cat) + (cs - ds) / 2;
        return LP_SCORE_SCORED;
      }

    case LP_MODEL_CUSTOM:
      if (!m->func (item, &s, m->user_data) || !isfinite (s))
        return LP_SCORE_DECLINED;
      *score = s;
      return LP_SCORE_SCORED;

    case LP_MODEL_FORMULA:
      {
        for (guint i = 0; i < c->n_in; i++)
          c->vars[i] = lp_input_read (&c->in[i], item);
        guint missing = G_MAXUINT;
        if (!lp_formula_evaluate (m->formula, c->vars, &s, &missing))
          {
            if (missing != G_MAXUINT)
              {
                *aux = (guint32) missing;
                return LP_SCORE_MISSING;
              }
            return LP_SCORE_FORMULA;
          }
        *score = s;
        return LP_SCORE_SCORED;
      }

    case LP_MODEL_SCORECARD:
      {
        for (guint i = 0; i < c->n_in; i++)
          if (isnan (lp_input_read (&c->in[i], item)))
            {
              *aux = (guint32) i;
              return LP_SCORE_MISSING;
            }
        gboolean reject = FALSE;
        if (m->scale_check != LP_SCALE_CHECK_IGNORE)
          for (guint i = 0; i < c->n_in; i++)
            {
              double v = lp_input_read (&c->in[i], item);
              if (lp_model_on_scale (m, i, v))
                continue;
              if (c->violations)
                {
                  LpViolation viol = { item->slot, i, v };
                  g_array_append_val (c->violations, viol);
                }
              if (!reject)
                *aux = (guint32) i;
              reject = TRUE;
            }
        if (reject && m->scale_check == LP_SCALE_CHECK_REJECT)
          return LP_SCORE_OFF_SCALE;
        s = 0;
        for (guint i = 0; i < c->n_in; i++)
          {
            const LpCriterion *cr = &g_array_index (m->criteria, LpCriterion, i);
            double v = lp_input_read (&c->in[i], item);
            if (c->crit_min)
              v = c->crit_max[i] > c->crit_min[i]
                ? (v - c->crit_min[i]) / (c->crit_max[i] - c->crit_min[i]) * 100
                : 100;
            s += cr->weight * v;
          }
        break;
      }

    default:
      {
        /* the built-in formulas over LP_MODEL_MAX_INPUTS inputs; the kind
         * fixes n_in (WSJF 4, RICE 4, ...): zeroing x (4 doubles) and the
         * bound check cost nothing and let the analyzer see that every
         * x[i] read below is in bounds and initialised */
        double x[LP_MODEL_MAX_INPUTS] = { 0 };
        g_assert (c->n_in >= 1 && c->n_in <= LP_MODEL_MAX_INPUTS);
        for (guint i = 0; i < c->n_in; i++)
          {
            x[i] = lp_input_read (&c->in[i], item);
            if (isnan (x[i]))
              {
                *aux = (guint32) i;
                return LP_SCORE_MISSING;
              }
          }
        gboolean reject = FALSE;
        if (m->scale_check != LP_SCALE_CHECK_IGNORE)
          for (guint i = 0; i < c->n_in; i++)
            {
              if (lp_model_on_scale (m, i, x[i]))
                continue;
              if (c->violations)
                {
                  LpViolation viol = { item->slot, i, x[i] };
                  g_array_append_val (c->violations, viol);
                }
              if (!reject)
                *aux = (guint32) i;
              reject = TRUE;
            }
        if (reject && m->scale_check == LP_SCALE_CHECK_REJECT)
          return LP_SCORE_OFF_SCALE;
        guint divisor = c->n_in - 1;  /* the last input divides */
        if (m->kind != LP_MODEL_ICE && x[divisor] == 0)
          {
            *aux = (guint32) divisor;
            return LP_SCORE_ZERO_DIVISOR;
          }
        switch (m->kind)
          {
          case LP_MODEL_VALUE_EFFORT:
            s = lp_value_effort_score (x[0], x[1]);
            break;
          case LP_MODEL_WSJF:
            s = (x[0] + x[1] + x[2]) / x[3];
            break;
          case LP_MODEL_RICE:
            s = x[0] * x[1] * (x[2] > 1 ? x[2] / 100 : x[2]) / x[3];
            break;
          case LP_MODEL_ICE:
            s = m->ice_mode == LP_ICE_AVERAGE ? (x[0] + x[1] + x[2]) / 3
              : x[0] * x[1] * x[2];
            break;
          case LP_MODEL_CD3:
            s = x[0] / x[1];
            break;
          default:
            g_assert_not_reached ();
          }
        break;
      }
    }
  if (!isfinite (s))
    return LP_SCORE_OVERFLOW;
  *score = s;
  return LP_SCORE_SCORED;
}

/* --- the whole backlog ---------------------------------------------------------- */

static LpScores *
scores_new (LpScoreModel *model, LpBacklog *b)
{
  LpScores *s = g_new0 (LpScores, 1);
  s->ref_count = 1;
  s->backlog = lp_backlog_ref (b);
  s->model = lp_score_model_ref (model);
  s->removals = b->removals;
  s->n_slots = b->n_slots;
  guint32 n = MAX (s->n_slots, 1);
  s->score = g_new (double, n);
  s->state = g_new (guint8, n);
  s->aux = g_new0 (guint32, n);
  for (guint32 i = 0; i < s->n_slots; i++)
    {
      s->score[i] = NAN;
      s->state[i] = LP_SCORE_NOT_OPEN;
    }
  s->value_threshold = NAN;
  s->effort_threshold = NAN;
  s->must_share = NAN;
  return s;
}

/* Rows of the formula fast path evaluated at a time: a multiple of the
 * formula's own block of 256 rows, so that the inputs gathered for a chunk
 * stay in cache; fewer rows (down to 256) when many inputs are gathered,
 * so that they take at most FORMULA_GATHERED doubles. */
#define FORMULA_CHUNK 4096u
#define FORMULA_GATHERED (1u << 19)

/* The formula fast path: chunk by chunk of slots, one pass marks the open
 * items and gathers value and effort when the formula reads them, the
 * sparse attributes it reads are gathered, and the compiled formula runs
 * over the chunk's columns; then only the rows that failed are evaluated
 * again one by one, for their reason. */
static void
apply_formula (LpScores *s, LpEvalCtx *c)
{
  LpBacklog *b = s->backlog;
  guint32 n = s->n_slots;  /* == b->n_slots; s->state[] is filled up to it */
  guint nv = c->n_in, n_gathered = 0;
  for (guint i = 0; i < nv; i++)
    n_gathered += c->in[i].src != LP_SRC_COLUMN && c->in[i].src != LP_SRC_NONE;
  guint32 rows = CLAMP (FORMULA_GATHERED / MAX (n_gathered, 1), 256,
                        FORMULA_CHUNK) & ~255u;
  const double **cols = g_new0 (const double *, MAX (nv, 1));
  double *gathered = g_new (double, (gsize) MAX (n_gathered, 1) * rows);
  double *field[2] = { NULL, NULL };   /* value, effort: in gathered */
  double *absent = NULL;   /* shared by the inputs no item has */
  double *next = gathered;
  for (guint i = 0; i < nv; i++)
    {
      guint8 src = c->in[i].src;
      if (src == LP_SRC_VALUE || src == LP_SRC_EFFORT)
        {
          field[src == LP_SRC_EFFORT] = next;
          cols[i] = next;
          next += rows;
        }
      else if (src == LP_SRC_SPARSE)
        {
          cols[i] = next;
          next += rows;
        }
      else if (src == LP_SRC_NONE)
        {
          if (absent == NULL)
            {
              absent = g_new (double, rows);
              for (guint32 k = 0; k < rows; k++)
                absent[k] = NAN;
            }
          cols[i] = absent;
        }
    }
  for (guint32 base = 0; base < n; base += rows)
    {
      guint32 len = MIN (rows, n - base);
      for (guint32 k = 0; k < len; k++)
        {
          const LpItem *it = lp_backlog_item_at_slot (b, base + k);
          if (it->alive && lp_item_status_is_open (it->status))
            s->state[base + k] = LP_SCORE_SCORED;  /* until the formula fails */
          if (field[0])
            field[0][k] = it->value;
          if (field[1])
            field[1][k] = it->effort;
        }
      for (guint i = 0; i < nv; i++)
        {
          const LpInputSource *in = &c->in[i];
          if (in->src == LP_SRC_COLUMN)
            cols[i] = in->col + base;
          else if (in->src == LP_SRC_SPARSE)
            for (guint32 k = 0; k < len; k++)
              ((double *) cols[i])[k] = lp_attribute_get (in->attr, base + k);
        }
      lp_formula_evaluate_columns (s->model->formula, cols, len,
                                   s->score + base);
    }
  for (guint32 k = 0; k < n; k++)
    {
      if (s->state[k] != LP_SCORE_SCORED)
        s->score[k] = NAN;
      else if (isnan (s->score[k]))
        {
          double dummy;
          s->state[k] = lp_eval_item (c, lp_backlog_item_at_slot (b, k),
                                      &dummy, &s->aux[k]);
        }
    }
  g_free (cols);
  g_free (gathered);
  g_free (absent);
}

typedef struct {
  guint64 sec_key;   /* the secondary model's ordering key */
  guint32 cat;       /* must 1, should 2, could 3 */
  guint32 slot;
} MoscowRow;

/* Stable sort by (category, secondary key); rows come in manual order, so
 * ties keep it. LSD radix on the key, 8 bits a pass (passes where every
 * row has the same byte are skipped), then a stable counting pass on the
 * category: O(n). */
static void
sort_moscow (MoscowRow *rows, guint32 n)
{
  MoscowRow *tmp = g_new (MoscowRow, MAX (n, 1));
  MoscowRow *src = rows, *dst = tmp;
  for (guint shift = 0; shift < 64; shift += 8)
    {
      guint32 count[257] = { 0 };
      for (guint32 i = 0; i < n; i++)
        count[((src[i].sec_key >> shift) & 0xff) + 1]++;
      gboolean trivial = FALSE;
      for (guint v = 1; v <= 256; v++)
        trivial |= count[v] == n;
      if (trivial)
        continue;
      for (guint v = 0; v < 256; v++)
        count[v + 1] += count[v];
      for (guint32 i = 0; i < n; i++)
        dst[count[(src[i].sec_key >> shift) & 0xff]++] = src[i];
      MoscowRow *t = src;
      src = dst;
      dst = t;
    }
  guint32 count[5] = { 0 };
  for (guint32 i = 0; i < n; i++)
    count[src[i].cat + 1]++;
  for (guint v = 0; v < 4; v++)
    count[v + 1] += count[v];
  for (guint32 i = 0; i < n; i++)
    dst[count[src[i].cat]++] = src[i];
  if (dst != rows)
    memcpy (rows, dst, (gsize) n * sizeof *rows);
  g_free (tmp);
}

static gboolean
apply_moscow (LpScores *s, GError **error)
{
  LpBacklog *b = s->backlog;
  s->secondary = lp_score_model_apply (s->model->secondary, b, error);
  if (s->secondary == NULL)
    return FALSE;
  s->keys = g_new (guint64, MAX (s->n_slots, 1));
  for (guint32 k = 0; k < s->n_slots; k++)
    s->keys[k] = LP_UNSCORED_KEY;
  MoscowRow *rows = g_new (MoscowRow, MAX (b->n_items, 1));
  guint32 n = 0;
  double must = 0, total = 0;
  for (guint32 p = 0; p < b->n_items; p++)
    {
      guint32 slot = b->order[p];
      const LpItem *item = lp_backlog_item_at_slot (b, slot);
      if (s->state[slot] != LP_SCORE_SCORED)
        continue;
      if (!isnan (item->effort))
        {
          total += item->effort;
          if (item->moscow == LP_MOSCOW_MUST)
            must += item->effort;
        }
      rows[n].cat = item->moscow;  /* must 1 < should 2 < could 3 */
      rows[n].sec_key = lp_scores_key (s->secondary, slot);
      rows[n].slot = slot;
      n++;
    }
  sort_moscow (rows, n);
  guint64 key = 0;
  for (guint32 i = 0; i < n; i++)
    {
      if (i > 0 && (rows[i].cat != rows[i - 1].cat ||
                    rows[i].sec_key != rows[i - 1].sec_key))
        key++;
      s->keys[rows[i].slot] = key;
    }
  g_free (rows);
  s->must_share = total > 0 ? must / total : NAN;
  return TRUE;
}

LpScores *
lp_score_model_apply (LpScoreModel *model, LpBacklog *backlog, GError **error)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (backlog != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (model->kind == LP_MODEL_SCORECARD)
    {
      if (model->criteria->len == 0)
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "scoring model \"%s\": the scorecard has no criteria",
                       model->name);
          return NULL;
        }
      for (guint i = 0; i < model->criteria->len; i++)
        {
          const LpCriterion *c = &g_array_index (model->criteria, LpCriterion, i);
          if (c->scale == LP_SCALE_CUSTOM && c->n_values == 0)
            {
              g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                           "scoring model \"%s\": criterion \"%s\" has a "
                           "custom scale without values", model->name, c->name);
              return NULL;
            }
        }
    }

  LpBacklog *b = backlog;
  /* a custom model's callback runs in the passes below: the backlog must
   * keep the slots s was sized for (see lp_backlog_hold()) */
  lp_backlog_hold (b);
  LpScores *s = scores_new (model, b);
  LpEvalCtx c;
  lp_eval_ctx_init (&c, model, b);
  if (model->scale_check != LP_SCALE_CHECK_IGNORE &&
      (model->kind == LP_MODEL_WSJF || model->kind == LP_MODEL_RICE ||
       model->kind == LP_MODEL_ICE || model->kind == LP_MODEL_SCORECARD))
    {
      s->violations = g_array_new (FALSE, FALSE, sizeof (LpViolation));
      c.violations = s->violations;
    }

  if (model->kind == LP_MODEL_FORMULA)
    apply_formula (s, &c);
  else if (model->kind == LP_MODEL_VALUE_EFFORT && !model->inputs_renamed)
    {
      /* the common case, inline */
      for (guint32 p = 0; p < b->n_items; p++)
        {
          guint32 slot = b->order[p];
          const LpItem *item = lp_backlog_item_at_slot (b, slot);
          if (!lp_item_status_is_open (item->status))
            continue;
          if (isnan (item->value))
            s->state[slot] = LP_SCORE_MISSING;
          else if (isnan (item->effort))
            {
              s->state[slot] = LP_SCORE_MISSING;
              s->aux[slot] = 1;
            }
          else
            {
              s->state[slot] = LP_SCORE_SCORED;
              s->score[slot] = lp_value_effort_score (item->value, item->effort);
            }
        }
    }
  else
    for (guint32 p = 0; p < b->n_items; p++)
      {
        guint32 slot = b->order[p];
        const LpItem *item = lp_backlog_item_at_slot (b, slot);
        if (!lp_item_status_is_open (item->status))
          continue;
        double v = NAN;
        s->state[slot] = lp_eval_item (&c, item, &v, &s->aux[slot]);
        if (s->state[slot] == LP_SCORE_SCORED)
          s->score[slot] = v;
      }

  if (model->kind == LP_MODEL_SCORECARD &&
      model->scorecard_mode == LP_SCORECARD_RELATIVE)
    {
      guint nc = c.n_in;
      double *lo = g_new (double, nc), *hi = g_new (double, nc);
      for (guint i = 0; i < nc; i++)
        {
          lo[i] = INFINITY;
          hi[i] = -INFINITY;
        }
      for (guint32 p = 0; p < b->n_items; p++)
        {
          guint32 slot = b->order[p];
          if (s->state[slot] != LP_SCORE_SCORED)
            continue;
          const LpItem *item = lp_backlog_item_at_slot (b, slot);
          for (guint i = 0; i < nc; i++)
            {
              double v = lp_input_read (&c.in[i], item);
              lo[i] = MIN (lo[i], v);
              hi[i] = MAX (hi[i], v);
            }
        }
      s->crit_min = lo;
      s->crit_max = hi;
      c.crit_min = lo;
      c.crit_max = hi;
      c.violations = NULL;  /* already recorded */
      for (guint32 p = 0; p < b->n_items; p++)
        {
          guint32 slot = b->order[p];
          if (s->state[slot] != LP_SCORE_SCORED)
            continue;
          double v = NAN;
          s->state[slot] = lp_eval_item (&c, lp_backlog_item_at_slot (b, slot),
                                         &v, &s->aux[slot]);
          s->score[slot] = s->state[slot] == LP_SCORE_SCORED ? v : NAN;
        }
    }
  lp_eval_ctx_clear (&c);
  lp_backlog_release (b);

  if (model->kind == LP_MODEL_MOSCOW && !apply_moscow (s, error))
    {
      lp_scores_unref (s);
      return NULL;
    }
  if (model->kind == LP_MODEL_KANO)
    {
      s->kano = g_new (guint8, MAX (s->n_slots, 1));
      memset (s->kano, 0xff, s->n_slots);
      for (guint32 p = 0; p < b->n_items; p++)
        {
          guint32 slot = b->order[p];
          guint counts[LP_KANO_N_CATEGORIES];
          if (s->state[slot] != LP_SCORE_NOT_OPEN &&
              lp_kano_count (b, slot, counts))
            s->kano[slot] = (guint8) lp_kano_mode (counts);
        }
    }
  for (guint32 p = 0; p < b->n_items; p++)
    {
      guint8 st = s->state[b->order[p]];
      if (st == LP_SCORE_SCORED)
        s->n_scored++;
      else if (st != LP_SCORE_NOT_OPEN)
        s->n_unscored++;
    }
  return s;
}

/* --- accessors ----------------------------------------------------------------- */

LpScores *
lp_scores_ref (LpScores *scores)
{
  g_return_val_if_fail (scores != NULL, NULL);
  g_atomic_int_inc (&scores->ref_count);
  return scores;
}

void
lp_scores_unref (LpScores *scores)
{
  if (scores == NULL || !g_atomic_int_dec_and_test (&scores->ref_count))
    return;
  g_free (scores->score);
  g_free (scores->state);
  g_free (scores->aux);
  g_free (scores->keys);
  g_free (scores->kano);
  g_free (scores->crit_min);
  g_free (scores->crit_max);
  if (scores->violations)
    g_array_unref (scores->violations);
  lp_scores_unref (scores->secondary);
  lp_score_model_unref (scores->model);
  lp_backlog_unref (scores->backlog);
  g_free (scores);
}

#define SCORES_FRESH(s) ((s)->removals == (s)->backlog->removals)

/* The item's state, checking it belongs to the scored backlog. */
static guint8
item_state (const LpScores *s, const LpItem *item)
{
  if (item->slot >= s->n_slots)
    return LP_SCORE_NOT_OPEN;  /* added since */
  return s->state[item->slot];
}

#define CHECK_ITEM(s, item, val)                                         \
  g_return_val_if_fail ((s) != NULL, val);                               \
  g_return_val_if_fail (SCORES_FRESH (s), val);                          \
  g_return_val_if_fail ((item) != NULL && (item)->alive &&               \
                        lp_item_backlog (item) == (s)->backlog, val)

LpBacklog *
lp_scores_get_backlog (const LpScores *scores)
{
  g_return_val_if_fail (scores != NULL, NULL);
  return scores->backlog;
}

LpScoreModel *
lp_scores_get_model (const LpScores *scores)
{
  g_return_val_if_fail (scores != NULL, NULL);
  return scores->model;
}

guint
lp_scores_get_n_scored (const LpScores *scores)
{
  g_return_val_if_fail (scores != NULL, 0);
  return scores->n_scored;
}

guint
lp_scores_get_n_unscored (const LpScores *scores)
{
  g_return_val_if_fail (scores != NULL, 0);
  return scores->n_unscored;
}

gboolean
lp_scores_get_score (const LpScores *scores, const LpItem *item, double *score)
{
  CHECK_ITEM (scores, item, FALSE);
  if (item_state (scores, item) != LP_SCORE_SCORED)
    return FALSE;
  if (score)
    *score = scores->score[item->slot];
  return TRUE;
}

const char *
lp_scores_get_missing_input (const LpScores *scores, const LpItem *item)
{
  CHECK_ITEM (scores, item, NULL);
  if (item_state (scores, item) != LP_SCORE_MISSING)
    return NULL;
  return lp_model_input_name (scores->model, scores->aux[item->slot]);
}

/* Reads input i of the model from the item (for messages). */
static double
read_input (const LpScores *s, const LpItem *item, guint i)
{
  LpInputSource in;
  lp_input_resolve (s->backlog, lp_model_input_name (s->model, i), &in);
  return lp_input_read (&in, item);
}

char *
lp_scores_dup_reason (const LpScores *scores, const LpItem *item)
{
  CHECK_ITEM (scores, item, NULL);
  const LpScoreModel *m = scores->model;
  guint32 aux = item->slot < scores->n_slots ? scores->aux[item->slot] : 0;
  switch (item_state (scores, item))
    {
    case LP_SCORE_SCORED:
      return NULL;
    case LP_SCORE_NOT_OPEN:
      if (item->slot >= scores->n_slots || lp_item_status_is_open (item->status))
        return g_strdup ("not scored (added after the scores were computed)");
      return g_strdup_printf ("not open (%s)",
                              lp_item_status_to_string (item->status));
    case LP_SCORE_MISSING:
      return g_strdup_printf ("missing input \"%s\"",
                              lp_model_input_name (m, aux));
    case LP_SCORE_OFF_SCALE:
      {
        char *scale = lp_model_describe_scale (m, aux);
        char *num = lp_format_number (read_input (scores, item, aux));
        char *r = g_strdup_printf ("%s %s is off %s",
                                   lp_model_input_name (m, aux), num, scale);
        g_free (scale);
        g_free (num);
        return r;
      }
    case LP_SCORE_ZERO_DIVISOR:
      return g_strdup_printf ("division by zero: %s is 0",
                              lp_model_input_name (m, aux));
    case LP_SCORE_OVERFLOW:
      return g_strdup ("the score is too large for a number (overflow)");
    case LP_SCORE_WONT:
      return g_strdup ("won't have this time");
    case LP_SCORE_DECLINED:
      return g_strdup_printf ("the custom model \"%s\" declined to score it",
                              m->name);
    case LP_SCORE_KANO_REVERSE:
      return g_strdup ("Kano category reverse: customers prefer it absent");
    case LP_SCORE_KANO_QUESTIONABLE:
      return g_strdup ("Kano category questionable: the answers contradict "
                       "each other");
    case LP_SCORE_FORMULA:
      {
        guint n = lp_formula_get_n_variables (m->formula);
        double *vars = g_new (double, MAX (n, 1));
        for (guint i = 0; i < n; i++)
          vars[i] = read_input (scores, item, i);
        char *r = lp_formula_describe_failure (m->formula, vars);
        g_free (vars);
        return r ? r : g_strdup ("the formula fails");
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, guint32 n)
{
  if (n == 0)
    return NAN;
  qsort (v, n, sizeof *v, cmp_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Computes the thresholds on first use (the scores are otherwise
 * immutable; the cache is filled once). */
static void
ensure_thresholds (const LpScores *cs)
{
  LpScores *s = (LpScores *) cs;
  if (s->thresholds_done)
    return;
  s->value_threshold = s->model->value_threshold;
  s->effort_threshold = s->model->effort_threshold;
  if (isnan (s->value_threshold) || isnan (s->effort_threshold))
    {
      LpBacklog *b = s->backlog;
      double *vals = g_new (double, MAX (b->n_items, 1));
      double *effs = g_new (double, MAX (b->n_items, 1));
      guint32 n = 0;
      for (guint32 p = 0; p < b->n_items; p++)
        {
          const LpItem *item = lp_backlog_item_at_slot (b, b->order[p]);
          if (item->slot < s->n_slots && s->state[item->slot] != LP_SCORE_NOT_OPEN &&
              !isnan (item->value) && !isnan (item->effort))
            {
              vals[n] = item->value;
              effs[n] = item->effort;
              n++;
            }
        }
      if (isnan (s->value_threshold))
        s->value_threshold = median (vals, n);
      if (isnan (s->effort_threshold))
        s->effort_threshold = median (effs, n);
      g_free (vals);
      g_free (effs);
    }
  s->thresholds_done = TRUE;
}

gboolean
lp_scores_get_quadrant (const LpScores *scores, const LpItem *item,
                        LpQuadrant *quadrant)
{
  CHECK_ITEM (scores, item, FALSE);
  if (item_state (scores, item) == LP_SCORE_NOT_OPEN ||
      isnan (item->value) || isnan (item->effort))
    return FALSE;
  ensure_thresholds (scores);
  gboolean high_value = item->value >= scores->value_threshold;
  gboolean high_effort = item->effort >= scores->effort_threshold;
  if (quadrant)
    *quadrant = high_value ? (high_effort ? LP_QUADRANT_BIG_BET : LP_QUADRANT_QUICK_WIN)
      : (high_effort ? LP_QUADRANT_TIME_SINK : LP_QUADRANT_FILL_IN);
  return TRUE;
}

void
lp_scores_get_quadrant_thresholds (const LpScores *scores,
                                   double *value_threshold,
                                   double *effort_threshold)
{
  g_return_if_fail (scores != NULL);
  g_return_if_fail (SCORES_FRESH (scores));
  ensure_thresholds (scores);
  if (value_threshold)
    *value_threshold = scores->value_threshold;
  if (effort_threshold)
    *effort_threshold = scores->effort_threshold;
}

gboolean
lp_scores_get_secondary_score (const LpScores *scores, const LpItem *item,
                               double *score)
{
  CHECK_ITEM (scores, item, FALSE);
  if (scores->secondary == NULL)
    return FALSE;
  return lp_scores_get_score (scores->secondary, item, score);
}

double
lp_scores_get_must_share (const LpScores *scores, double *limit)
{
  g_return_val_if_fail (scores != NULL, NAN);
  if (limit)
    *limit = scores->model->kind == LP_MODEL_MOSCOW ? scores->model->must_limit
      : NAN;
  return scores->must_share;
}

gboolean
lp_scores_must_share_exceeded (const LpScores *scores)
{
  g_return_val_if_fail (scores != NULL, FALSE);
  return scores->model->kind == LP_MODEL_MOSCOW &&
    scores->must_share > scores->model->must_limit;
}

gboolean
lp_scores_get_kano_category (const LpScores *scores, const LpItem *item,
                             LpKanoCategory *category)
{
  CHECK_ITEM (scores, item, FALSE);
  if (scores->kano == NULL || item->slot >= scores->n_slots ||
      scores->kano[item->slot] == 0xff)
    return FALSE;
  if (category)
    *category = (LpKanoCategory) scores->kano[item->slot];
  return TRUE;
}

gboolean
lp_scores_get_kano_counts (const LpScores *scores, const LpItem *item,
                           guint counts[LP_KANO_N_CATEGORIES])
{
  CHECK_ITEM (scores, item, FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);
  if (scores->kano == NULL || item->slot >= scores->n_slots ||
      scores->kano[item->slot] == 0xff)
    return FALSE;
  return lp_kano_count (scores->backlog, item->slot, counts);
}

gboolean
lp_scores_get_kano_coefficients (const LpScores *scores, const LpItem *item,
                                 double *better, double *worse)
{
  guint n[LP_KANO_N_CATEGORIES];
  if (!lp_scores_get_kano_counts (scores, item, n))
    return FALSE;
  double A = n[LP_KANO_CATEGORY_ATTRACTIVE], O = n[LP_KANO_CATEGORY_ONE_DIMENSIONAL];
  double M = n[LP_KANO_CATEGORY_MUST_BE], I = n[LP_KANO_CATEGORY_INDIFFERENT];
  double total = A + O + M + I;
  if (total == 0)
    return FALSE;
  if (better)
    *better = (A + O) / total;
  if (worse)
    *worse = -(O + M) / total;
  return TRUE;
}

guint
lp_scores_get_n_violations (const LpScores *scores)
{
  g_return_val_if_fail (scores != NULL, 0);
  return scores->violations ? scores->violations->len : 0;
}

LpItem *
lp_scores_get_violation (const LpScores *scores, guint index,
                         const char **input, double *value)
{
  g_return_val_if_fail (scores != NULL, NULL);
  g_return_val_if_fail (SCORES_FRESH (scores), NULL);
  g_return_val_if_fail (index < lp_scores_get_n_violations (scores), NULL);
  const LpViolation *v = &g_array_index (scores->violations, LpViolation, index);
  if (input)
    *input = lp_model_input_name (scores->model, v->input);
  if (value)
    *value = v->value;
  return lp_backlog_item_at_slot (scores->backlog, v->slot);
}
