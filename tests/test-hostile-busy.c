/* Hostile input (issue 9): busy. A scoring callback that changes the
 * backlog it is scored in (adding items grew the backlog past the score
 * arrays: a heap overflow in lp_eval_item). Every function that changes a
 * backlog or an item is tried from a custom model's callback under every
 * entry point that applies a model: each is refused (LP_ERROR_BUSY naming
 * the operation and the item, or a critical for the functions without a
 * GError), the backlog is unchanged, and it can change again once the
 * scoring call returned. Inputs are generated here, never committed. */
#include <string.h>
#include "lp-test.h"

/* --- the backlog every mutator has something to change in ---------------- *
 *
 *   A  value 8 effort 2, attribute "reach", label "ui", Kano answers,
 *      MoSCoW must, description
 *   B  value 3 effort 1, depends on C
 *   C  value 1 effort 1, child of A
 *   D  done (not scored: the callback runs for A, B, C)
 */
static LpBacklog *
fixture (void)
{
  LpBacklog *b = lp_backlog_new ();
  const char *ids[] = { "A", "B", "C", "D" };
  const double values[] = { 8, 3, 1, 1 }, efforts[] = { 2, 1, 1, 1 };
  ck_assert (lp_backlog_add_items (b, 4, ids, NULL, values, efforts, NULL));
  LpItem *a = lp_backlog_get_item (b, "A");
  ck_assert (lp_item_set_attribute (a, "reach", 10, NULL));
  ck_assert (lp_item_add_label (a, "ui", NULL));
  ck_assert (lp_item_set_description (a, "first", NULL));
  lp_item_add_kano_answer (a, LP_KANO_ANSWER_LIKE, LP_KANO_ANSWER_DISLIKE);
  lp_item_set_moscow (a, LP_MOSCOW_MUST);
  ck_assert (lp_backlog_add_dependency (b, lp_backlog_get_item (b, "B"),
                                        lp_backlog_get_item (b, "C"), NULL));
  ck_assert (lp_item_set_parent (lp_backlog_get_item (b, "C"), a, NULL));
  lp_item_set_status (lp_backlog_get_item (b, "D"), LP_ITEM_STATUS_DONE);
  return b;
}

/* Everything the backlog holds, as its JSON document. */
static char *
snapshot (LpBacklog *b)
{
  return lp_backlog_save_data (b, NULL);
}

static LpItem *
item (LpBacklog *b, const char *id)
{
  LpItem *it = lp_backlog_get_item (b, id);
  ck_assert_ptr_nonnull (it);
  return it;
}

/* --- every public function that changes a backlog or an item ------------- */

typedef struct {
  const char *operation;  /* as the message names it */
  const char *id;         /* the item it names, or NULL */
  gboolean has_error;     /* takes a GError; otherwise a critical */
  /* tries the change; returns what the function returned (TRUE for void) */
  gboolean (*run) (LpBacklog *b, GError **error);
} Mutator;

static gboolean
m_set_name (LpBacklog *b, GError **error)
{
  return lp_backlog_set_name (b, "Renamed", error);
}

static gboolean
m_set_vision (LpBacklog *b, GError **error)
{
  return lp_backlog_set_vision (b, "Another", error);
}

static gboolean
m_add_item (LpBacklog *b, GError **error)
{
  return lp_backlog_add_item (b, "NEW", "New", error) != NULL;
}

static gboolean
m_add_items (LpBacklog *b, GError **error)
{
  const char *ids[] = { "N1", "N2" };
  return lp_backlog_add_items (b, 2, ids, NULL, NULL, NULL, error);
}

static gboolean
m_remove_item (LpBacklog *b, GError **error)
{
  lp_backlog_remove_item (b, item (b, "C"));
  return TRUE;
}

static gboolean
m_move_item (LpBacklog *b, GError **error)
{
  return lp_backlog_move_item (b, item (b, "A"), 2, error);
}

static gboolean
m_add_dependency (LpBacklog *b, GError **error)
{
  return lp_backlog_add_dependency (b, item (b, "A"), item (b, "C"), error);
}

static gboolean
m_add_dependencies (LpBacklog *b, GError **error)
{
  const guint32 dependents[] = { 0 }, prerequisites[] = { 1 };
  return lp_backlog_add_dependencies (b, 1, dependents, prerequisites, error);
}

static gboolean
m_remove_dependency (LpBacklog *b, GError **error)
{
  return lp_backlog_remove_dependency (b, item (b, "B"), item (b, "C"));
}

static gboolean
m_set_title (LpBacklog *b, GError **error)
{
  return lp_item_set_title (item (b, "A"), "Retitled", error);
}

static gboolean
m_set_description (LpBacklog *b, GError **error)
{
  return lp_item_set_description (item (b, "A"), "second", error);
}

static gboolean
m_set_kind (LpBacklog *b, GError **error)
{
  lp_item_set_kind (item (b, "A"), LP_ITEM_KIND_EPIC);
  return TRUE;
}

static gboolean
m_set_status (LpBacklog *b, GError **error)
{
  lp_item_set_status (item (b, "A"), LP_ITEM_STATUS_DROPPED);
  return TRUE;
}

static gboolean
m_set_value (LpBacklog *b, GError **error)
{
  return lp_item_set_value (item (b, "A"), 1000, error);
}

static gboolean
m_clear_value (LpBacklog *b, GError **error)
{
  lp_item_clear_value (item (b, "A"));
  return TRUE;
}

static gboolean
m_set_effort (LpBacklog *b, GError **error)
{
  return lp_item_set_effort (item (b, "A"), 1000, error);
}

static gboolean
m_clear_effort (LpBacklog *b, GError **error)
{
  lp_item_clear_effort (item (b, "A"));
  return TRUE;
}

static gboolean
m_set_parent (LpBacklog *b, GError **error)
{
  return lp_item_set_parent (item (b, "B"), item (b, "A"), error);
}

static gboolean
m_unset_parent (LpBacklog *b, GError **error)
{
  return lp_item_set_parent (item (b, "C"), NULL, error);
}

static gboolean
m_set_attribute (LpBacklog *b, GError **error)
{
  /* a name the backlog has no column for yet */
  return lp_item_set_attribute (item (b, "A"), "impact", 2, error);
}

static gboolean
m_unset_attribute (LpBacklog *b, GError **error)
{
  return lp_item_unset_attribute (item (b, "A"), "reach");
}

static gboolean
m_add_label (LpBacklog *b, GError **error)
{
  return lp_item_add_label (item (b, "A"), "backend", error);
}

static gboolean
m_remove_label (LpBacklog *b, GError **error)
{
  return lp_item_remove_label (item (b, "A"), "ui");
}

static gboolean
m_set_moscow (LpBacklog *b, GError **error)
{
  lp_item_set_moscow (item (b, "A"), LP_MOSCOW_COULD);
  return TRUE;
}

static gboolean
m_add_kano_answer (LpBacklog *b, GError **error)
{
  lp_item_add_kano_answer (item (b, "A"), LP_KANO_ANSWER_EXPECT, LP_KANO_ANSWER_NEUTRAL);
  return TRUE;
}

static gboolean
m_clear_kano_answers (LpBacklog *b, GError **error)
{
  lp_item_clear_kano_answers (item (b, "A"));
  return TRUE;
}

static const Mutator mutators[] = {
  { "set the product name", NULL, TRUE, m_set_name },
  { "set the product vision", NULL, TRUE, m_set_vision },
  { "add the item", "NEW", TRUE, m_add_item },
  { "add items", NULL, TRUE, m_add_items },
  { "remove the item", "C", FALSE, m_remove_item },
  { "move the item", "A", TRUE, m_move_item },
  { "add a dependency", "A", TRUE, m_add_dependency },
  { "add dependencies", NULL, TRUE, m_add_dependencies },
  { "remove a dependency", "B", FALSE, m_remove_dependency },
  { "set the title", "A", TRUE, m_set_title },
  { "set the description", "A", TRUE, m_set_description },
  { "set the kind", "A", FALSE, m_set_kind },
  { "set the status", "A", FALSE, m_set_status },
  { "set the value", "A", TRUE, m_set_value },
  { "clear the value", "A", FALSE, m_clear_value },
  { "set the effort", "A", TRUE, m_set_effort },
  { "clear the effort", "A", FALSE, m_clear_effort },
  { "set the parent", "B", TRUE, m_set_parent },
  { "set the parent", "C", TRUE, m_unset_parent },
  { "set an attribute", "A", TRUE, m_set_attribute },
  { "unset an attribute", "A", FALSE, m_unset_attribute },
  { "add a label", "A", TRUE, m_add_label },
  { "remove a label", "A", FALSE, m_remove_label },
  { "set the MoSCoW category", "A", FALSE, m_set_moscow },
  { "add a Kano answer", "A", FALSE, m_add_kano_answer },
  { "clear the Kano answers", "A", FALSE, m_clear_kano_answers },
};

/* --- the callback that tries one of them -------------------------------- */

typedef struct {
  LpBacklog *backlog;
  const Mutator *mutator;
  guint calls;
  guint refused;          /* calls where the mutator was refused properly */
  char *first_failure;    /* what went wrong first, for the test's message */
} Attempt;

static void
fail_once (Attempt *at, char *why)
{
  if (at->first_failure == NULL)
    at->first_failure = why;
  else
    g_free (why);
}

static gboolean
try_mutator (const LpItem *scored, double *score, gpointer data)
{
  Attempt *at = data;
  const Mutator *m = at->mutator;
  GError *error = NULL;
  at->calls++;
  if (!lp_backlog_is_busy (at->backlog))
    fail_once (at, g_strdup ("not busy inside the callback"));

  guint criticals_before = criticals_count ();
  gboolean ok = m->run (at->backlog, &error);
  guint criticals = criticals_count () - criticals_before;
  if (m->has_error)
    {
      char *expected = m->id
        ? g_strdup_printf ("item \"%s\": cannot %s while the backlog is being "
                           "scored", m->id, m->operation)
        : g_strdup_printf ("cannot %s while the backlog is being scored",
                           m->operation);
      if (ok || error == NULL || error->domain != LP_ERROR
          || error->code != LP_ERROR_BUSY)
        fail_once (at, g_strdup_printf ("not refused with LP_ERROR_BUSY (%s)",
                                        error ? error->message : "no error"));
      else if (strcmp (error->message, expected) != 0)
        fail_once (at, g_strdup_printf ("message \"%s\", expected \"%s\"",
                                        error->message, expected));
      else if (criticals != 0)
        fail_once (at, g_strdup ("a critical as well as the error"));
      else
        at->refused++;
      g_free (expected);
    }
  else if (criticals != 1)
    fail_once (at, g_strdup_printf ("%u criticals, expected 1", criticals));
  else
    at->refused++;
  g_clear_error (&error);
  *score = lp_item_get_value (scored) / lp_item_get_effort (scored);
  return TRUE;
}

/* --- every entry point that applies a model ------------------------------ */

typedef struct {
  const char *name;
  /* applies model (the custom one, or one built around it) to b; returns
   * whether the result is what the fixture gives without any change */
  gboolean (*run) (LpBacklog *b, LpScoreModel *model);
  /* the number of callback calls it makes on the fixture */
  guint calls;
} EntryPoint;

static gboolean
e_apply (LpBacklog *b, LpScoreModel *model)
{
  LpScores *s = lp_score_model_apply (model, b, NULL);
  gboolean ok = s != NULL && lp_scores_get_n_scored (s) == 3;
  double score = 0;
  ok = ok && lp_scores_get_score (s, item (b, "A"), &score) && score == 4;
  lp_scores_unref (s);
  return ok;
}

static gboolean
e_score_item (LpBacklog *b, LpScoreModel *model)
{
  double score = 0;
  return lp_score_model_score_item (model, item (b, "B"), &score) && score == 3;
}

static gboolean
e_explain (LpBacklog *b, LpScoreModel *model)
{
  LpExplanation *e = lp_score_model_explain (model, item (b, "A"), NULL);
  double score = 0;
  gboolean ok = e != NULL && lp_explanation_get_score (e, &score) && score == 4;
  lp_explanation_unref (e);
  return ok;
}

/* B (3) waits for C (1); A (4) first */
static gboolean
ranking_is (LpRanking *r, const char *expected)
{
  GString *got = g_string_new (NULL);
  for (guint i = 0; r != NULL && i < lp_ranking_get_n_items (r); i++)
    g_string_append_printf (got, "%s%s", i ? " " : "",
                            lp_item_get_id (lp_ranking_get_item (r, i)));
  gboolean ok = r != NULL && strcmp (got->str, expected) == 0;
  g_string_free (got, TRUE);
  lp_ranking_unref (r);
  return ok;
}

static gboolean
e_order (LpBacklog *b, LpScoreModel *model)
{
  return ranking_is (lp_backlog_order (b, model, LP_ORDER_STRICT, NULL),
                     "A C B");
}

static gboolean
e_order_inherit (LpBacklog *b, LpScoreModel *model)
{
  LpOrderFlags flags = LP_ORDER_LENIENT | LP_ORDER_INHERIT_PRIORITY;
  return ranking_is (lp_backlog_order (b, model, flags, NULL), "A C B");
}

static gboolean
e_next (LpBacklog *b, LpScoreModel *model)
{
  return ranking_is (lp_backlog_next (b, model, 2, NULL), "A C");
}

static gboolean
e_next_inherit (LpBacklog *b, LpScoreModel *model)
{
  return ranking_is (lp_backlog_next_full (b, model, 2,
                                           LP_ORDER_INHERIT_PRIORITY, NULL),
                     "A C");
}

/* The custom model as MoSCoW's secondary model: applied inside the
 * MoSCoW application (only A has a category: it alone is scored). */
static gboolean
e_moscow (LpBacklog *b, LpScoreModel *model)
{
  LpScoreModel *moscow = lp_score_model_new_moscow (model);
  LpScores *s = lp_score_model_apply (moscow, b, NULL);
  gboolean ok = s != NULL && lp_scores_get_n_scored (s) == 1;
  lp_scores_unref (s);
  lp_score_model_unref (moscow);
  return ok;
}

static const EntryPoint entry_points[] = {
  { "lp_score_model_apply", e_apply, 3 },
  { "lp_score_model_score_item", e_score_item, 1 },
  { "lp_score_model_explain", e_explain, 3 },
  { "lp_backlog_order", e_order, 3 },
  { "lp_backlog_order (lenient, inherit)", e_order_inherit, 3 },
  { "lp_backlog_next", e_next, 3 },
  { "lp_backlog_next_full (inherit)", e_next_inherit, 3 },
  { "MoSCoW with a custom secondary model", e_moscow, 3 },
};

/* One mutator (the loop index) under every entry point. */
START_TEST (test_every_mutator_refused_while_scoring)
{
  const Mutator *m = &mutators[_i];
  for (guint e = 0; e < G_N_ELEMENTS (entry_points); e++)
    {
      const EntryPoint *ep = &entry_points[e];
      LpBacklog *b = fixture ();
      char *before = snapshot (b);
      Attempt at = { b, m, 0, 0, NULL };
      LpScoreModel *model = lp_score_model_new_custom ("mutating", try_mutator,
                                                       &at, NULL);
      criticals_begin ();
      gboolean result_ok = ep->run (b, model);
      guint criticals = criticals_end ();
      lp_score_model_unref (model);

      ck_assert_msg (at.first_failure == NULL, "%s under %s: %s", m->operation,
                     ep->name, at.first_failure);
      ck_assert_msg (at.calls == ep->calls && at.refused == at.calls,
                     "%s under %s: %u calls, %u refused", m->operation,
                     ep->name, at.calls, at.refused);
      ck_assert_uint_eq (criticals, m->has_error ? 0 : at.calls);
      ck_assert_msg (result_ok, "%s under %s: wrong result", m->operation,
                     ep->name);
      char *after = snapshot (b);
      ck_assert_msg (strcmp (before, after) == 0,
                     "%s under %s changed the backlog", m->operation, ep->name);
      g_free (after);

      /* the call returned: the backlog may change again, and this change
       * shows in the snapshot (so the comparison above can fail) */
      ck_assert (!lp_backlog_is_busy (b));
      GError *error = NULL;
      ck_assert_msg (m->run (b, &error), "%s after %s: %s", m->operation,
                     ep->name, error ? error->message : "failed");
      after = snapshot (b);
      ck_assert_msg (strcmp (before, after) != 0, "%s changes nothing",
                     m->operation);
      g_free (after);
      g_free (before);
      lp_backlog_unref (b);
    }
}
END_TEST

/* The crash of the issue: a callback that adds items on every call. It
 * is refused each time; the order is that of the backlog as it was. */
typedef struct {
  LpBacklog *backlog;
  guint calls, refused, next_id;
} Grower;

static gboolean
grow (const LpItem *scored, double *score, gpointer data)
{
  Grower *g = data;
  g->calls++;
  for (guint k = 0; k < 64; k++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "grown-%u", g->next_id++);
      GError *error = NULL;
      if (lp_backlog_add_item (g->backlog, id, NULL, &error) == NULL
          && g_error_matches (error, LP_ERROR, LP_ERROR_BUSY))
        g->refused++;
      g_clear_error (&error);
    }
  *score = lp_item_get_value (scored);
  return TRUE;
}

START_TEST (test_callback_adding_items)
{
  enum { N = 200 };
  LpBacklog *b = lp_backlog_new ();
  for (guint i = 0; i < N; i++)
    {
      char id[16];
      g_snprintf (id, sizeof id, "I%u", i);
      ck_assert (lp_item_set_value (lp_backlog_add_item (b, id, NULL, NULL),
                                    i, NULL));
    }
  Grower g = { b, 0, 0, 0 };
  LpScoreModel *m = lp_score_model_new_custom ("grow", grow, &g, NULL);
  LpRanking *r = lp_backlog_order (b, m, LP_ORDER_INHERIT_PRIORITY, NULL);
  ck_assert_ptr_nonnull (r);
  ck_assert_uint_eq (g.calls, N);
  ck_assert_uint_eq (g.refused, N * 64);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), N);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), N);
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r, 0)), "I199");
  lp_ranking_unref (r);
  lp_score_model_unref (m);
  /* and once it returned, items can be added again */
  ck_assert_ptr_nonnull (lp_backlog_add_item (b, "after", NULL, NULL));
  lp_backlog_unref (b);
}
END_TEST

/* A callback that applies another custom model to the same backlog: the
 * inner callback is refused, and so is the outer one after the inner
 * application returned (the backlog is still being scored). */
typedef struct {
  LpBacklog *backlog;
  LpScoreModel *inner;
  guint inner_refused, outer_refused, calls;
} Nested;

static gboolean
refuse_add (LpBacklog *b)
{
  GError *error = NULL;
  gboolean refused = lp_backlog_add_item (b, "X", NULL, &error) == NULL
                     && g_error_matches (error, LP_ERROR, LP_ERROR_BUSY);
  g_clear_error (&error);
  return refused;
}

static gboolean
inner_score (const LpItem *scored, double *score, gpointer data)
{
  Nested *n = data;
  n->inner_refused += refuse_add (n->backlog);
  *score = 1;
  return TRUE;
}

static gboolean
outer_score (const LpItem *scored, double *score, gpointer data)
{
  Nested *n = data;
  n->calls++;
  LpScores *s = lp_score_model_apply (n->inner, n->backlog, NULL);
  ck_assert_ptr_nonnull (s);
  lp_scores_unref (s);
  n->outer_refused += refuse_add (n->backlog);
  *score = lp_item_get_value (scored);
  return TRUE;
}

START_TEST (test_nested_application)
{
  LpBacklog *b = fixture ();
  Nested n = { b, NULL, 0, 0, 0 };
  n.inner = lp_score_model_new_custom ("inner", inner_score, &n, NULL);
  LpScoreModel *outer = lp_score_model_new_custom ("outer", outer_score, &n,
                                                   NULL);
  ck_assert (ranking_is (lp_backlog_order (b, outer, 0, NULL), "A C B"));
  ck_assert_uint_eq (n.calls, 3);
  ck_assert_uint_eq (n.inner_refused, 9);
  ck_assert_uint_eq (n.outer_refused, 3);
  ck_assert (!lp_backlog_is_busy (b));
  ck_assert (!refuse_add (b));
  lp_score_model_unref (outer);
  lp_score_model_unref (n.inner);
  lp_backlog_unref (b);
}
END_TEST

/* Reading is allowed while scoring, including the reads that build the
 * backlog's caches (positions, the dependency adjacencies merged from
 * dependencies added just before), and other backlogs may change. */
typedef struct {
  LpBacklog *backlog, *other;
  guint calls;
} Reader;

static gboolean
read_everything (const LpItem *scored, double *score, gpointer data)
{
  Reader *r = data;
  LpBacklog *b = r->backlog;
  r->calls++;
  ck_assert_uint_lt (lp_item_get_position (scored), 4);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  GPtrArray *deps = lp_backlog_dup_dependents (b, item (b, "C"));
  ck_assert_uint_eq (deps->len, 2);
  g_ptr_array_unref (deps);
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 0);
  lp_cycles_unref (c);
  g_free (lp_backlog_save_data (b, NULL));
  LpRanking *inner = lp_backlog_order (b, NULL, 0, NULL);
  ck_assert_uint_eq (lp_ranking_get_n_items (inner), 3);
  lp_ranking_unref (inner);
  char id[16];
  g_snprintf (id, sizeof id, "O%u", r->calls);
  ck_assert_ptr_nonnull (lp_backlog_add_item (r->other, id, NULL, NULL));
  *score = lp_item_get_value (scored);
  return TRUE;
}

START_TEST (test_reading_while_scoring)
{
  LpBacklog *b = fixture (), *other = lp_backlog_new ();
  /* pending: merged into the adjacency by the first read in the callback */
  ck_assert (lp_backlog_add_dependency (b, item (b, "A"), item (b, "C"), NULL));
  Reader r = { b, other, 0 };
  LpScoreModel *m = lp_score_model_new_custom ("reader", read_everything, &r,
                                               NULL);
  ck_assert (ranking_is (lp_backlog_order (b, m, LP_ORDER_INHERIT_PRIORITY,
                                           NULL), "C A B"));
  ck_assert_uint_eq (r.calls, 3);
  ck_assert_uint_eq (lp_backlog_get_n_items (other), 3);
  lp_score_model_unref (m);
  lp_backlog_unref (other);
  lp_backlog_unref (b);
}
END_TEST

/* A backlog not being scored is not busy; NULL is a programmer error. */
START_TEST (test_is_busy)
{
  LpBacklog *b = lp_backlog_new ();
  ck_assert (!lp_backlog_is_busy (b));
  criticals_begin ();
  ck_assert (!lp_backlog_is_busy (NULL));
  ck_assert_uint_eq (criticals_end (), 1);
  lp_backlog_unref (b);
}
END_TEST

Suite *
lp_test_hostile_busy_suite (void)
{
  Suite *s = suite_create ("hostile-busy");
  TCase *tc = tcase_create ("hostile-busy");
  tcase_add_loop_test (tc, test_every_mutator_refused_while_scoring, 0,
                       G_N_ELEMENTS (mutators));
  tcase_add_test (tc, test_callback_adding_items);
  tcase_add_test (tc, test_nested_application);
  tcase_add_test (tc, test_reading_while_scoring);
  tcase_add_test (tc, test_is_busy);
  suite_add_tcase (s, tc);
  return s;
}
