/* Explanations: the breakdown of a score (LpExplanation) and the reasons
 * for an item's place in a ranking. */
#include "config.h"
#include <math.h>
#include <string.h>
#include "lp-models.h"

typedef struct {
  char *name;
  LpTermRole role;
  double input;
  double value;
  double weight;
  double contribution;
} Term;

struct _LpExplanation {
  gint ref_count;
  LpBacklog *backlog;
  guint32 slot;
  guint64 removals;
  char *model_name;
  gboolean scored;
  double score;
  char *reason;
  char *missing;
  GArray *terms;
  char *text;
};

/* Numbers for people: integers without a fraction, others to 6 digits. */
static void
append_num (GString *s, double v)
{
  if (isnan (v))
    g_string_append_c (s, '?');
  else if (v == floor (v) && fabs (v) < 1e15)
    g_string_append_printf (s, "%.0f", v);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_string_append (s, g_ascii_formatd (buf, sizeof buf, "%.6g", v));
    }
}

static void
term_clear (gpointer p)
{
  g_free (((Term *) p)->name);
}

static Term *
add_term (LpExplanation *e, const char *name, LpTermRole role, double input,
          double value, double weight)
{
  Term t = { g_strdup (name), role, input, value, weight, NAN };
  if (!isnan (value))
    switch (role)
      {
      case LP_TERM_ADDEND: t.contribution = weight * value; break;
      case LP_TERM_FACTOR: t.contribution = value; break;
      case LP_TERM_DIVISOR: t.contribution = 1 / value; break;
      case LP_TERM_CATEGORY:
      case LP_TERM_SECONDARY: t.contribution = value; break;
      default: break;
      }
  g_array_append_val (e->terms, t);
  return &g_array_index (e->terms, Term, e->terms->len - 1);
}

static void
append_term (GString *s, const Term *t)
{
  g_string_append_printf (s, "%s ", t->name);
  append_num (s, t->input);
  if (!isnan (t->input) && t->value != t->input && !isnan (t->value))
    {
      g_string_append (s, " (");
      append_num (s, t->value);
      g_string_append_c (s, ')');
    }
}

static void
append_result (GString *s, const LpExplanation *e)
{
  if (e->scored)
    {
      g_string_append (s, " = ");
      append_num (s, e->score);
    }
  else
    g_string_append_printf (s, ": unscored: %s", e->reason);
}

/* The text of a built-in model's explanation. */
static char *
render (const LpExplanation *e, const LpScoreModel *m, const LpScores *scores,
        const LpItem *item)
{
  GString *s = g_string_new (NULL);
  const Term *t = (const Term *) e->terms->data;
  guint n = e->terms->len;
  switch (m->kind)
    {
    case LP_MODEL_VALUE_EFFORT:
    case LP_MODEL_CD3:
      g_string_append_printf (s, "%s = ", lp_model_title (m));
      append_term (s, &t[0]);
      g_string_append (s, " / ");
      append_term (s, &t[1]);
      break;
    case LP_MODEL_WSJF:
      g_string_append (s, "WSJF = (");
      for (guint i = 0; i < 3; i++)
        {
          if (i)
            g_string_append (s, " + ");
          append_term (s, &t[i]);
        }
      g_string_append (s, ") / ");
      append_term (s, &t[3]);
      break;
    case LP_MODEL_RICE:
      g_string_append (s, "RICE = ");
      append_term (s, &t[0]);
      g_string_append (s, " x ");
      append_term (s, &t[1]);
      g_string_append (s, " x confidence ");
      append_num (s, t[2].input);
      if (t[2].input > 1)
        {
          g_string_append (s, "% (");
          append_num (s, t[2].value);
          g_string_append_c (s, ')');
        }
      g_string_append (s, " / ");
      append_term (s, &t[3]);
      break;
    case LP_MODEL_ICE:
      g_string_append (s, m->ice_mode == LP_ICE_AVERAGE ? "ICE = (" : "ICE = ");
      for (guint i = 0; i < 3; i++)
        {
          if (i)
            g_string_append (s, m->ice_mode == LP_ICE_AVERAGE ? " + " : " x ");
          append_term (s, &t[i]);
        }
      if (m->ice_mode == LP_ICE_AVERAGE)
        g_string_append (s, ") / 3");
      break;
    case LP_MODEL_SCORECARD:
      g_string_append_printf (s, "scorecard%s = ",
                              m->scorecard_mode == LP_SCORECARD_RELATIVE
                              ? " (relative, criteria normalised to 0..100)" : "");
      for (guint i = 0; i < n; i++)
        {
          double w = t[i].weight;
          if (i)
            g_string_append (s, w < 0 ? " - " : " + ");
          else if (w < 0)
            g_string_append (s, "-");
          append_num (s, fabs (w));
          g_string_append (s, " x ");
          append_term (s, &t[i]);
        }
      break;
    case LP_MODEL_MOSCOW:
      {
        g_string_append (s, "MoSCoW = ");
        LpMoscow cat = item->moscow;
        g_string_append (s, cat == LP_MOSCOW_NONE ? "?" : lp_moscow_to_string (cat));
        if (e->scored)
          {
            g_string_append (s, " (");
            append_num (s, e->score);
            g_string_append_printf (s, "); then %s ", t[1].name);
            if (isnan (t[1].value))
              {
                char *why = lp_scores_dup_reason (scores->secondary, item);
                g_string_append_printf (s, "unscored (%s)", why ? why : "?");
                g_free (why);
              }
            else
              append_num (s, t[1].value);
            g_string_append_printf (s, "; must share %.0f%% of effort (limit "
                                    "%.0f%%)", scores->must_share * 100,
                                    m->must_limit * 100);
            return g_string_free (s, FALSE);
          }
        break;
      }
    case LP_MODEL_KANO:
      {
        guint c[LP_KANO_N_CATEGORIES];
        g_string_append (s, "Kano = ");
        if (!lp_kano_count (scores->backlog, item->slot, c))
          {
            g_string_append (s, "no answers");
            break;
          }
        LpKanoCategory cat = lp_kano_mode (c);
        g_string_append_printf (s, "%s (", lp_kano_category_to_string (cat));
        append_num (s, lp_kano_rank (cat));
        g_string_append (s, ")");
        double cs, ds;
        if (lp_scores_get_kano_coefficients (scores, item, &cs, &ds))
          {
            g_string_append (s, " + (CS ");
            append_num (s, cs);
            g_string_append (s, " - DS ");
            append_num (s, ds);
            g_string_append (s, ") / 2");
          }
        append_result (s, e);
        g_string_append_printf (s, " [A %u, O %u, M %u, I %u, R %u, Q %u]",
                                c[LP_KANO_CATEGORY_ATTRACTIVE],
                                c[LP_KANO_CATEGORY_ONE_DIMENSIONAL],
                                c[LP_KANO_CATEGORY_MUST_BE],
                                c[LP_KANO_CATEGORY_INDIFFERENT],
                                c[LP_KANO_CATEGORY_REVERSE],
                                c[LP_KANO_CATEGORY_QUESTIONABLE]);
        return g_string_free (s, FALSE);
      }
    default:
      g_string_append (s, m->name);
      break;
    }
  append_result (s, e);
  return g_string_free (s, FALSE);
}

LpExplanation *
lp_scores_explain (LpScores *scores, const LpItem *item)
{
  g_return_val_if_fail (scores != NULL, NULL);
  g_return_val_if_fail (scores->removals == scores->backlog->removals, NULL);
  g_return_val_if_fail (item != NULL && item->alive &&
                        lp_item_backlog (item) == scores->backlog, NULL);
  const LpScoreModel *m = scores->model;
  LpBacklog *b = scores->backlog;
  LpExplanation *e = g_new0 (LpExplanation, 1);
  e->ref_count = 1;
  e->backlog = lp_backlog_ref (b);
  e->slot = item->slot;
  e->removals = b->removals;
  e->model_name = g_strdup (m->name);
  e->terms = g_array_new (FALSE, TRUE, sizeof (Term));
  g_array_set_clear_func (e->terms, term_clear);
  e->scored = lp_scores_get_score (scores, item, &e->score);
  if (!e->scored)
    {
      e->score = NAN;
      e->reason = lp_scores_dup_reason (scores, item);
      e->missing = g_strdup (lp_scores_get_missing_input (scores, item));
    }

  LpEvalCtx c;
  lp_eval_ctx_init (&c, m, b);
  switch (m->kind)
    {
    case LP_MODEL_VALUE_EFFORT:
    case LP_MODEL_WSJF:
    case LP_MODEL_RICE:
    case LP_MODEL_ICE:
    case LP_MODEL_CD3:
      for (guint i = 0; i < c.n_in; i++)
        {
          double x = lp_input_read (&c.in[i], item);
          LpTermRole role = LP_TERM_FACTOR;
          double value = x, weight = 1;
          gboolean last = i + 1 == c.n_in;
          if (m->kind == LP_MODEL_WSJF)
            role = last ? LP_TERM_DIVISOR : LP_TERM_ADDEND;
          else if (m->kind == LP_MODEL_ICE)
            {
              role = m->ice_mode == LP_ICE_AVERAGE ? LP_TERM_ADDEND : LP_TERM_FACTOR;
              if (m->ice_mode == LP_ICE_AVERAGE)
                weight = 1.0 / 3;
            }
          else if (last)
            role = LP_TERM_DIVISOR;
          if (m->kind == LP_MODEL_RICE && i == 2 && x > 1)
            value = x / 100;
          add_term (e, lp_model_input_name (m, i), role, x, value, weight);
        }
      break;
    case LP_MODEL_SCORECARD:
      for (guint i = 0; i < c.n_in; i++)
        {
          const LpCriterion *cr = &g_array_index (m->criteria, LpCriterion, i);
          double x = lp_input_read (&c.in[i], item), v = x;
          if (scores->crit_min && !isnan (x))
            v = scores->crit_max[i] > scores->crit_min[i]
              ? (x - scores->crit_min[i]) / (scores->crit_max[i] - scores->crit_min[i]) * 100
              : 100;
          add_term (e, cr->name, LP_TERM_ADDEND, x, v, cr->weight);
        }
      break;
    case LP_MODEL_MOSCOW:
      {
        double sec = NAN;
        add_term (e, "moscow", LP_TERM_CATEGORY, item->moscow,
                  item->moscow == LP_MOSCOW_NONE ? NAN : lp_moscow_weight (item->moscow),
                  1);
        if (scores->secondary)
          lp_scores_get_score (scores->secondary, item, &sec);
        add_term (e, m->secondary->name, LP_TERM_SECONDARY, sec, sec, 1);
        break;
      }
    case LP_MODEL_KANO:
      {
        guint n[LP_KANO_N_CATEGORIES];
        if (lp_kano_count (b, item->slot, n))
          {
            LpKanoCategory cat = lp_kano_mode (n);
            add_term (e, "kano_answers", LP_TERM_CATEGORY, cat,
                      lp_kano_rank (cat), 1);
            double cs, ds;
            if (lp_scores_get_kano_coefficients (scores, item, &cs, &ds))
              add_term (e, "satisfaction", LP_TERM_SECONDARY, (cs - ds) / 2,
                        (cs - ds) / 2, 1);
          }
        break;
      }
    case LP_MODEL_FORMULA:
      {
        for (guint i = 0; i < c.n_in; i++)
          {
            c.vars[i] = lp_input_read (&c.in[i], item);
            add_term (e, lp_model_input_name (m, i), LP_TERM_VARIABLE,
                      c.vars[i], c.vars[i], 1);
          }
        char *f = lp_formula_explain (m->formula, c.vars);
        e->text = g_strconcat ("formula ", f, NULL);
        g_free (f);
        break;
      }
    default:
      break;
    }
  if (e->text == NULL)
    e->text = render (e, m, scores, item);
  lp_eval_ctx_clear (&c);
  return e;
}

LpExplanation *
lp_score_model_explain (LpScoreModel *model, const LpItem *item,
                        GError **error)
{
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (item != NULL && item->alive, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  LpScores *s = lp_score_model_apply (model, lp_item_backlog (item), error);
  if (s == NULL)
    return NULL;
  LpExplanation *e = lp_scores_explain (s, item);
  lp_scores_unref (s);
  return e;
}

LpExplanation *
lp_explanation_ref (LpExplanation *explanation)
{
  g_return_val_if_fail (explanation != NULL, NULL);
  g_atomic_int_inc (&explanation->ref_count);
  return explanation;
}

void
lp_explanation_unref (LpExplanation *e)
{
  if (e == NULL || !g_atomic_int_dec_and_test (&e->ref_count))
    return;
  lp_backlog_unref (e->backlog);
  g_free (e->model_name);
  g_free (e->reason);
  g_free (e->missing);
  g_array_unref (e->terms);
  g_free (e->text);
  g_free (e);
}

LpItem *
lp_explanation_get_item (const LpExplanation *e)
{
  g_return_val_if_fail (e != NULL, NULL);
  g_return_val_if_fail (e->removals == e->backlog->removals, NULL);
  return lp_backlog_item_at_slot (e->backlog, e->slot);
}

const char *
lp_explanation_get_model_name (const LpExplanation *e)
{
  g_return_val_if_fail (e != NULL, NULL);
  return e->model_name;
}

gboolean
lp_explanation_get_score (const LpExplanation *e, double *score)
{
  g_return_val_if_fail (e != NULL, FALSE);
  if (e->scored && score)
    *score = e->score;
  return e->scored;
}

const char *
lp_explanation_get_reason (const LpExplanation *e)
{
  g_return_val_if_fail (e != NULL, NULL);
  return e->reason;
}

const char *
lp_explanation_get_missing_input (const LpExplanation *e)
{
  g_return_val_if_fail (e != NULL, NULL);
  return e->missing;
}

guint
lp_explanation_get_n_terms (const LpExplanation *e)
{
  g_return_val_if_fail (e != NULL, 0);
  return e->terms->len;
}

#define TERM(e, i, val)                                    \
  g_return_val_if_fail ((e) != NULL, val);                 \
  g_return_val_if_fail ((i) < (e)->terms->len, val);       \
  const Term *t = &g_array_index ((e)->terms, Term, (i))

const char *
lp_explanation_get_term_name (const LpExplanation *e, guint index)
{
  TERM (e, index, NULL);
  return t->name;
}

LpTermRole
lp_explanation_get_term_role (const LpExplanation *e, guint index)
{
  TERM (e, index, LP_TERM_VARIABLE);
  return t->role;
}

double
lp_explanation_get_term_input (const LpExplanation *e, guint index)
{
  TERM (e, index, NAN);
  return t->input;
}

double
lp_explanation_get_term_value (const LpExplanation *e, guint index)
{
  TERM (e, index, NAN);
  return t->value;
}

double
lp_explanation_get_term_weight (const LpExplanation *e, guint index)
{
  TERM (e, index, NAN);
  return t->weight;
}

double
lp_explanation_get_term_contribution (const LpExplanation *e, guint index)
{
  TERM (e, index, NAN);
  return t->contribution;
}

char *
lp_explanation_to_string (const LpExplanation *e)
{
  g_return_val_if_fail (e != NULL, NULL);
  return g_strdup (e->text);
}

/* --- positions ------------------------------------------------------------- */

#define RANKING_FRESH(r) ((r)->removals == (r)->backlog->removals)

static guint64
rank_key (const LpRanking *r, guint k)
{
  return r->keys ? r->keys[k] : lp_score_key (r->scores[k]);
}

static double
rank_effective (const LpRanking *r, guint k)
{
  return r->effective ? r->effective[k] : r->scores[k];
}

/* Does the order put rank i's item before rank j's by key alone
 * (key, then manual position)? */
static gboolean
better_by_key (const LpRanking *r, guint i, guint j)
{
  guint64 a = rank_key (r, i), b = rank_key (r, j);
  if (a != b)
    return a < b;
  const guint32 *pos = lp_backlog_positions (r->backlog);
  return pos[r->slots[i]] < pos[r->slots[j]];
}

static const char *
id_of (const LpRanking *r, guint32 slot)
{
  return lp_backlog_item_at_slot (r->backlog, slot)->id;
}

/* Why an item is not in the ranking, one clause. */
static char *
not_ranked_reason (LpRanking *r, const LpItem *item)
{
  if (!lp_item_status_is_open (item->status))
    return g_strdup_printf ("it is %s", lp_item_status_to_string (item->status));
  for (guint i = 0; i < r->n_excluded; i++)
    if (r->excluded[i] == item->slot)
      {
        const char *cause = id_of (r, r->causes[i]);
        switch (r->reasons[i])
          {
          case LP_EXCLUSION_IN_CYCLE:
            return g_strdup_printf ("it is in a dependency cycle (it depends "
                                    "on %s, which depends back on it)", cause);
          case LP_EXCLUSION_BEHIND_CYCLE:
            return g_strdup_printf ("it depends, directly or not, on %s, "
                                    "which is in a dependency cycle", cause);
          default:
            return g_strdup_printf ("it depends, directly or not, on %s, "
                                    "which was dropped", cause);
          }
      }
  return g_strdup_printf ("it is not among the %u items of this ranking "
                          "(lp_backlog_next() keeps only ready items)",
                          r->n_items);
}

static void
append_score_clause (GString *s, LpRanking *r, guint k)
{
  double own = r->scores[k];
  if (isnan (own) && isnan (rank_effective (r, k)))
    {
      char *why = NULL;
      const LpItem *item = lp_backlog_item_at_slot (r->backlog, r->slots[k]);
      if (r->model_scores)
        why = lp_scores_dup_reason (r->model_scores, item);
      else if (isnan (item->value))
        why = g_strdup ("missing input \"value\"");
      else
        why = g_strdup ("missing input \"effort\"");
      g_string_append_printf (s, "unscored (%s)", why);
      g_free (why);
      return;
    }
  g_string_append (s, "score ");
  append_num (s, own);
  if (r->inherited_from && r->inherited_from[k] != LP_NONE)
    {
      g_string_append (s, ", effective score ");
      append_num (s, rank_effective (r, k));
      g_string_append_printf (s, " inherited from %s, which depends on it",
                              id_of (r, r->inherited_from[k]));
    }
}

/* Open transitive prerequisites of slot, as a flag array (n_slots). */
static guint8 *
transitive_prerequisites (LpBacklog *b, guint32 slot, guint32 *parent)
{
  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
  guint32 n = pre->n_slots;
  guint8 *seen = g_new0 (guint8, MAX (n, 1));
  guint32 *queue = g_new (guint32, MAX (n, 1));
  guint32 head = 0, tail = 0;
  queue[tail++] = slot;
  while (head < tail)
    {
      guint32 v = queue[head++];
      for (guint32 e = pre->off[v]; e < pre->off[v + 1]; e++)
        {
          guint32 p = pre->idx[e];
          if (seen[p] || p == slot ||
              !lp_item_status_is_open (lp_backlog_item_at_slot (b, p)->status))
            continue;
          seen[p] = 1;
          if (parent)
            parent[p] = v;
          queue[tail++] = p;
        }
    }
  g_free (queue);
  return seen;
}

GPtrArray *
lp_ranking_dup_held_back_by (LpRanking *r, const LpItem *item)
{
  g_return_val_if_fail (r != NULL && RANKING_FRESH (r), NULL);
  g_return_val_if_fail (item != NULL && item->alive && lp_item_backlog (item) == r->backlog, NULL);
  GPtrArray *out = g_ptr_array_new ();
  guint k;
  if (!lp_ranking_find_item (r, item, &k))
    return out;
  guint8 *pre = transitive_prerequisites (r->backlog, item->slot, NULL);
  for (guint i = 0; i < k; i++)
    if (pre[r->slots[i]] && !better_by_key (r, i, k))
      g_ptr_array_add (out, lp_backlog_item_at_slot (r->backlog, r->slots[i]));
  g_free (pre);
  return out;
}

GPtrArray *
lp_ranking_dup_waits_behind (LpRanking *r, const LpItem *item)
{
  g_return_val_if_fail (r != NULL && RANKING_FRESH (r), NULL);
  g_return_val_if_fail (item != NULL && item->alive && lp_item_backlog (item) == r->backlog, NULL);
  GPtrArray *out = g_ptr_array_new ();
  guint k;
  if (!lp_ranking_find_item (r, item, &k))
    return out;
  for (guint i = 0; i < k; i++)
    if (better_by_key (r, i, k))
      g_ptr_array_add (out, lp_backlog_item_at_slot (r->backlog, r->slots[i]));
  return out;
}

static void
append_id_list (GString *s, LpRanking *r, GPtrArray *items)
{
  guint shown = MIN (items->len, 5);
  for (guint i = 0; i < shown; i++)
    {
      const LpItem *it = items->pdata[i];
      guint k = 0;
      lp_ranking_find_item (r, it, &k);
      g_string_append_printf (s, "%s%s (", i ? ", " : "", it->id);
      if (isnan (rank_effective (r, k)))
        g_string_append (s, "unscored");
      else
        append_num (s, rank_effective (r, k));
      g_string_append_c (s, ')');
    }
  if (items->len > shown)
    g_string_append_printf (s, " and %u more", items->len - shown);
}

char *
lp_ranking_explain_position (LpRanking *r, const LpItem *item)
{
  g_return_val_if_fail (r != NULL && RANKING_FRESH (r), NULL);
  g_return_val_if_fail (item != NULL && item->alive && lp_item_backlog (item) == r->backlog, NULL);
  GString *s = g_string_new (NULL);
  guint k;
  if (!lp_ranking_find_item (r, item, &k))
    {
      char *why = not_ranked_reason (r, item);
      g_string_append_printf (s, "%s is not ranked: %s.", item->id, why);
      g_free (why);
      return g_string_free (s, FALSE);
    }
  g_string_append_printf (s, "%s is ranked %u of %u by %s, ", item->id, k + 1,
                          r->n_items, lp_ranking_get_model_name (r));
  append_score_clause (s, r, k);
  g_string_append (s, ".");
  if (isnan (rank_effective (r, k)))
    g_string_append (s, "\nUnscored items come after every scored item, in "
                     "manual order.");
  GPtrArray *behind = lp_ranking_dup_waits_behind (r, item);
  if (behind->len > 0)
    {
      g_string_append_printf (s, "\nIt waits behind %u item%s with a better "
                              "score%s: ", behind->len,
                              behind->len == 1 ? "" : "s",
                              " (or an equal score and an earlier manual position)");
      append_id_list (s, r, behind);
      g_string_append_c (s, '.');
    }
  GPtrArray *held = lp_ranking_dup_held_back_by (r, item);
  if (held->len > 0)
    {
      g_string_append_printf (s, "\nIt is held back by %u prerequisite%s "
                              "ranked above it with a lower score: ",
                              held->len, held->len == 1 ? "" : "s");
      append_id_list (s, r, held);
      g_string_append_c (s, '.');
    }
  if (behind->len == 0 && held->len == 0 && k == 0)
    g_string_append (s, "\nNothing is ahead of it.");
  g_ptr_array_unref (behind);
  g_ptr_array_unref (held);
  return g_string_free (s, FALSE);
}

static void
append_rank_score (GString *s, LpRanking *r, guint k)
{
  g_string_append_printf (s, "%s (rank %u, ", id_of (r, r->slots[k]), k + 1);
  append_score_clause (s, r, k);
  g_string_append_c (s, ')');
}

char *
lp_ranking_explain_pair (LpRanking *r, const LpItem *a, const LpItem *b)
{
  g_return_val_if_fail (r != NULL && RANKING_FRESH (r), NULL);
  g_return_val_if_fail (a != NULL && a->alive && lp_item_backlog (a) == r->backlog, NULL);
  g_return_val_if_fail (b != NULL && b->alive && lp_item_backlog (b) == r->backlog, NULL);
  GString *s = g_string_new (NULL);
  guint ka, kb;
  gboolean ra = lp_ranking_find_item (r, a, &ka);
  gboolean rb = lp_ranking_find_item (r, b, &kb);
  if (a == b)
    {
      g_string_append_printf (s, "%s and %s are the same item.", a->id, b->id);
      return g_string_free (s, FALSE);
    }
  if (!ra || !rb)
    {
      const LpItem *missing = !ra ? a : b, *other = !ra ? b : a;
      char *why = not_ranked_reason (r, missing);
      if (ra || rb)
        g_string_append_printf (s, "%s is ranked (%u) and %s is not: %s.",
                                other->id, (ra ? ka : kb) + 1, missing->id, why);
      else
        {
          char *why2 = not_ranked_reason (r, b);
          g_string_append_printf (s, "Neither is ranked: %s: %s; %s: %s.",
                                  a->id, why, b->id, why2);
          g_free (why2);
        }
      g_free (why);
      return g_string_free (s, FALSE);
    }
  guint hi = MIN (ka, kb), lo = MAX (ka, kb);
  const LpItem *above = lp_backlog_item_at_slot (r->backlog, r->slots[hi]);
  const LpItem *below = lp_backlog_item_at_slot (r->backlog, r->slots[lo]);
  append_rank_score (s, r, hi);
  g_string_append (s, " is above ");
  append_rank_score (s, r, lo);
  g_string_append (s, " because ");

  /* 1. a dependency between them */
  guint32 n = lp_backlog_get_prerequisites_adjacency (r->backlog)->n_slots;
  guint32 *parent = g_new (guint32, MAX (n, 1));
  guint8 *pre = transitive_prerequisites (r->backlog, below->slot, parent);
  if (pre[above->slot])
    {
      g_string_append_printf (s, "%s depends on %s", below->id, above->id);
      /* the chain below -> ... -> above, read back from above */
      GPtrArray *via = g_ptr_array_new ();
      for (guint32 v = parent[above->slot]; v != below->slot; v = parent[v])
        g_ptr_array_add (via, (gpointer) id_of (r, v));
      if (via->len > 0)
        {
          g_string_append (s, " through ");
          for (guint i = via->len; i > 0; i--)
            g_string_append_printf (s, "%s%s", i < via->len ? " -> " : "",
                                    (const char *) via->pdata[i - 1]);
        }
      g_ptr_array_unref (via);
      g_string_append (s, ", so it must come first.");
    }
  else if (rank_key (r, hi) < rank_key (r, lo))
    g_string_append_printf (s, "%s has the better score.", above->id);
  else if (rank_key (r, hi) == rank_key (r, lo))
    g_string_append_printf (s, "the scores are equal and %s comes first in "
                            "the manual order (position %u vs %u).", above->id,
                            lp_item_position (above) + 1, lp_item_position (below) + 1);
  else
    {
      /* below was not ready when above was placed: one of its direct
       * prerequisites was placed after above */
      const LpAdjacency *adj = lp_backlog_get_prerequisites_adjacency (r->backlog);
      guint32 blocker = LP_NONE;
      guint best_rank = 0;
      for (guint32 e = adj->off[below->slot]; e < adj->off[below->slot + 1]; e++)
        {
          guint kp;
          const LpItem *p = lp_backlog_item_at_slot (r->backlog, adj->idx[e]);
          if (lp_ranking_find_item (r, p, &kp) && kp > hi && kp > best_rank)
            {
              best_rank = kp;
              blocker = p->slot;
            }
        }
      if (blocker != LP_NONE)
        g_string_append_printf (s, "%s, though scored higher, was not ready "
                                "when %s was placed: it waits for its "
                                "prerequisite %s (rank %u).", below->id,
                                above->id, id_of (r, blocker), best_rank + 1);
      else
        g_string_append_printf (s, "%s was not ready when %s was placed.",
                                below->id, above->id);
    }
  g_free (pre);
  g_free (parent);
  return g_string_free (s, FALSE);
}
