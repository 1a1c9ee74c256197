/* Explanations: the breakdown of scores and the reasons for positions. */
#include <string.h>
#include "lp-test.h"

static LpItem *
add (LpBacklog *b, const char *id, double value, double effort)
{
  LpItem *it = lp_backlog_add_item (b, id, NULL, NULL);
  if (!isnan (value))
    lp_item_set_value (it, value, NULL);
  if (!isnan (effort))
    lp_item_set_effort (it, effort, NULL);
  return it;
}

static char *
explain (LpScoreModel *m, LpItem *it)
{
  LpExplanation *e = lp_score_model_explain (m, it, NULL);
  ck_assert_ptr_nonnull (e);
  char *s = lp_explanation_to_string (e);
  lp_explanation_unref (e);
  return s;
}

#define assert_contains(hay, needle) \
  ck_assert_msg (strstr ((hay), (needle)) != NULL, "\"%s\" lacks \"%s\"", \
                 (hay), (needle))

START_TEST (test_explain_rice)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *p = add (b, "P", NAN, 4), *q = add (b, "Q", NAN, 2);
  lp_item_set_attribute (p, "reach", 2000, NULL);
  lp_item_set_attribute (p, "impact", 2, NULL);
  lp_item_set_attribute (p, "confidence", 80, NULL);
  lp_item_set_attribute (q, "impact", 1, NULL);
  lp_item_set_attribute (q, "confidence", 0.5, NULL);
  g_autoptr (LpScoreModel) m = lp_score_model_new_rice ();
  g_autoptr (LpExplanation) e = lp_score_model_explain (m, p, NULL);
  g_autofree char *text = lp_explanation_to_string (e);
  ck_assert_str_eq (text, "RICE = reach 2000 x impact 2 x confidence 80% (0.8) "
                    "/ effort 4 = 800");
  ck_assert_ptr_eq (lp_explanation_get_item (e), p);
  ck_assert_str_eq (lp_explanation_get_model_name (e), "rice");
  double score;
  ck_assert (lp_explanation_get_score (e, &score));
  ck_assert (fabs (score - 800) < 1e-9);
  ck_assert_ptr_null (lp_explanation_get_reason (e));
  ck_assert_uint_eq (lp_explanation_get_n_terms (e), 4);
  ck_assert_str_eq (lp_explanation_get_term_name (e, 2), "confidence");
  ck_assert_int_eq (lp_explanation_get_term_role (e, 2), LP_TERM_FACTOR);
  ck_assert (lp_explanation_get_term_input (e, 2) == 80);
  ck_assert (fabs (lp_explanation_get_term_value (e, 2) - 0.8) < 1e-12);
  ck_assert_int_eq (lp_explanation_get_term_role (e, 3), LP_TERM_DIVISOR);
  ck_assert (lp_explanation_get_term_contribution (e, 3) == 0.25);
  ck_assert (lp_explanation_get_term_weight (e, 0) == 1);

  g_autoptr (LpExplanation) eq = lp_score_model_explain (m, q, NULL);
  g_autofree char *tq = lp_explanation_to_string (eq);
  ck_assert_str_eq (tq, "RICE = reach ? x impact 1 x confidence 0.5 / effort 2: "
                    "unscored: missing input \"reach\"");
  ck_assert_str_eq (lp_explanation_get_missing_input (eq), "reach");
  ck_assert (!lp_explanation_get_score (eq, &score));
  ck_assert (isnan (lp_explanation_get_term_input (eq, 0)));
  ck_assert (isnan (lp_explanation_get_term_contribution (eq, 0)));
}
END_TEST

START_TEST (test_explain_models)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *a = add (b, "A", 8, 2);
  lp_item_set_attribute (a, "business_value", 8, NULL);
  lp_item_set_attribute (a, "time_criticality", 5, NULL);
  lp_item_set_attribute (a, "risk_reduction", 3, NULL);
  lp_item_set_attribute (a, "job_size", 8, NULL);
  lp_item_set_attribute (a, "impact", 8, NULL);
  lp_item_set_attribute (a, "confidence", 6, NULL);
  lp_item_set_attribute (a, "ease", 5, NULL);
  lp_item_set_attribute (a, "cost_of_delay", 10, NULL);
  lp_item_set_attribute (a, "duration", 4, NULL);
  lp_item_set_moscow (a, LP_MOSCOW_MUST);
  lp_item_add_kano_answer (a, LP_KANO_ANSWER_LIKE, LP_KANO_ANSWER_DISLIKE);
  static const struct { const char *model, *text; } cases[] = {
    { "value-effort", "value/effort = value 8 / effort 2 = 4" },
    { "wsjf", "WSJF = (business_value 8 + time_criticality 5 + risk_reduction 3) / job_size 8 = 2" },
    { "ice", "ICE = impact 8 x confidence 6 x ease 5 = 240" },
    { "cd3", "CD3 = cost_of_delay 10 / duration 4 = 2.5" },
    { "moscow", "MoSCoW = must (3); then value-effort 4; must share 100% of effort (limit 60%)" },
    { "kano", "Kano = one-dimensional (2) + (CS 1 - DS -1) / 2 = 3 [A 0, O 1, M 0, I 0, R 0, Q 0]" },
    { "formula:(impact + ease) * 2", "formula (impact=8 + ease=5) * 2 = 13 * 2 = 26" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LpScoreModel) m = lp_score_model_new_by_name (cases[i].model, NULL);
      g_autofree char *t = explain (m, a);
      ck_assert_str_eq (t, cases[i].text);
    }
  g_autoptr (LpScoreModel) ice = lp_score_model_new_ice ();
  lp_score_model_set_ice_mode (ice, LP_ICE_AVERAGE, NULL);
  g_autofree char *ti = explain (ice, a);
  ck_assert_str_eq (ti, "ICE = (impact 8 + confidence 6 + ease 5) / 3 = 6.33333");
  g_autoptr (LpExplanation) ei = lp_score_model_explain (ice, a, NULL);
  ck_assert_int_eq (lp_explanation_get_term_role (ei, 0), LP_TERM_ADDEND);
  ck_assert (fabs (lp_explanation_get_term_contribution (ei, 0) - 8.0 / 3) < 1e-12);

  /* a scorecard: weights, negative costs, relative normalisation */
  LpItem *c = add (b, "C", 1, 1);
  lp_item_set_attribute (c, "impact", 2, NULL);
  lp_item_set_attribute (c, "ease", 1, NULL);
  g_autoptr (LpScoreModel) sc = lp_score_model_new_scorecard ();
  lp_score_model_add_criterion (sc, "impact", 2, LP_SCALE_ANY, NULL);
  lp_score_model_add_criterion (sc, "ease", -1, LP_SCALE_ANY, NULL);
  g_autofree char *ts = explain (sc, a);
  ck_assert_str_eq (ts, "scorecard = 2 x impact 8 - 1 x ease 5 = 11");
  lp_score_model_set_scorecard_mode (sc, LP_SCORECARD_RELATIVE, NULL);
  g_autofree char *tr = explain (sc, a);
  ck_assert_str_eq (tr, "scorecard (relative, criteria normalised to 0..100) = "
                    "2 x impact 8 (100) - 1 x ease 5 (100) = 100");
  g_autoptr (LpExplanation) er = lp_score_model_explain (sc, c, NULL);
  ck_assert (lp_explanation_get_term_value (er, 0) == 0);
  ck_assert (lp_explanation_get_term_weight (er, 1) == -1);

  /* MoSCoW terms; a won't item */
  g_autoptr (LpScoreModel) mo = lp_score_model_new_moscow (NULL);
  g_autoptr (LpExplanation) em = lp_score_model_explain (mo, a, NULL);
  ck_assert_uint_eq (lp_explanation_get_n_terms (em), 2);
  ck_assert_int_eq (lp_explanation_get_term_role (em, 0), LP_TERM_CATEGORY);
  ck_assert (lp_explanation_get_term_input (em, 0) == LP_MOSCOW_MUST);
  ck_assert_int_eq (lp_explanation_get_term_role (em, 1), LP_TERM_SECONDARY);
  ck_assert_str_eq (lp_explanation_get_term_name (em, 1), "value-effort");
  lp_item_set_moscow (c, LP_MOSCOW_WONT);
  g_autofree char *tw = explain (mo, c);
  ck_assert_str_eq (tw, "MoSCoW = wont: unscored: won't have this time");

  /* a custom model has no terms */
  g_autoptr (LpScoreModel) cu = lp_score_model_new_formula ("1", NULL);
  g_autoptr (LpExplanation) ec = lp_score_model_explain (cu, a, NULL);
  ck_assert_uint_eq (lp_explanation_get_n_terms (ec), 0);

  /* done items */
  lp_item_set_status (c, LP_ITEM_STATUS_DONE);
  g_autoptr (LpExplanation) ed = lp_score_model_explain (mo, c, NULL);
  ck_assert_str_eq (lp_explanation_get_reason (ed), "not open (done)");

  /* errors of apply */
  g_autoptr (LpScoreModel) empty = lp_score_model_new_scorecard ();
  GError *err = NULL;
  ck_assert_ptr_null (lp_score_model_explain (empty, a, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "no criteria");
}
END_TEST

/* Priya's question: why is LP-412 above LP-388? */
START_TEST (test_explain_positions)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *top = add (b, "LP-1", 10, 1);      /* 10 */
  LpItem *pre = add (b, "LP-100", 1, 1);     /* 1, prerequisite of LP-388 */
  LpItem *b412 = add (b, "LP-412", 4, 1);    /* 4 */
  LpItem *b388 = add (b, "LP-388", 6, 1);    /* 6, waits for LP-100 */
  LpItem *tie = add (b, "LP-500", 4, 1);     /* 4, ties LP-412, later */
  LpItem *uns = add (b, "LP-7", NAN, 1);
  LpItem *dropped = add (b, "LP-9", 1, 1);
  LpItem *blocked = add (b, "LP-10", 1, 1);
  LpItem *done = add (b, "LP-11", 1, 1);
  lp_item_set_status (dropped, LP_ITEM_STATUS_DROPPED);
  lp_item_set_status (done, LP_ITEM_STATUS_DONE);
  lp_backlog_add_dependency (b, b388, pre, NULL);
  lp_backlog_add_dependency (b, blocked, dropped, NULL);
  g_autoptr (LpRanking) r = lp_backlog_order (b, NULL, 0, NULL);
  /* LP-1 10, LP-412 4, LP-500 4, LP-100 1 then LP-388 6, LP-7 unscored */
  guint k;
  ck_assert (lp_ranking_find_item (r, b388, &k));
  ck_assert_uint_eq (k, 4);
  ck_assert (!lp_ranking_find_item (r, blocked, &k));

  g_autofree char *why = lp_ranking_explain_pair (r, b412, b388);
  ck_assert_str_eq (why, "LP-412 (rank 2, score 4) is above LP-388 (rank 5, "
                    "score 6) because LP-388, though scored higher, was not "
                    "ready when LP-412 was placed: it waits for its "
                    "prerequisite LP-100 (rank 4).");
  g_autofree char *why2 = lp_ranking_explain_pair (r, b388, pre);
  assert_contains (why2, "because LP-388 depends on LP-100, so it must come first.");
  g_autofree char *why3 = lp_ranking_explain_pair (r, top, b412);
  assert_contains (why3, "because LP-1 has the better score.");
  g_autofree char *why4 = lp_ranking_explain_pair (r, tie, b412);
  assert_contains (why4, "the scores are equal and LP-412 comes first in the "
                   "manual order (position 3 vs 5)");
  g_autofree char *why5 = lp_ranking_explain_pair (r, b412, blocked);
  assert_contains (why5, "LP-10 is not: it depends, directly or not, on LP-9, "
                   "which was dropped");
  g_autofree char *why6 = lp_ranking_explain_pair (r, done, blocked);
  assert_contains (why6, "Neither is ranked");
  g_autofree char *why7 = lp_ranking_explain_pair (r, uns, uns);
  assert_contains (why7, "same item");

  g_autofree char *pos = lp_ranking_explain_position (r, b388);
  assert_contains (pos, "LP-388 is ranked 5 of 6 by value-effort, score 6.");
  assert_contains (pos, "It waits behind 1 item with a better score");
  assert_contains (pos, "LP-1 (10)");
  assert_contains (pos, "It is held back by 1 prerequisite ranked above it "
                   "with a lower score: LP-100 (1).");
  g_autoptr (GPtrArray) held = lp_ranking_dup_held_back_by (r, b388);
  ck_assert_uint_eq (held->len, 1);
  ck_assert_ptr_eq (held->pdata[0], pre);
  g_autoptr (GPtrArray) behind = lp_ranking_dup_waits_behind (r, tie);
  ck_assert_uint_eq (behind->len, 2);  /* LP-1 and LP-412 (equal, earlier) */
  g_autofree char *pu = lp_ranking_explain_position (r, uns);
  assert_contains (pu, "unscored (missing input \"value\")");
  g_autofree char *pb = lp_ranking_explain_position (r, blocked);
  assert_contains (pb, "LP-10 is not ranked: it depends, directly or not, on "
                   "LP-9, which was dropped.");
  g_autofree char *pd = lp_ranking_explain_position (r, done);
  ck_assert_str_eq (pd, "LP-11 is not ranked: it is done.");
  g_autofree char *p1 = lp_ranking_explain_position (r, top);
  assert_contains (p1, "Nothing is ahead of it.");

  /* with inheritance: the enabler inherits LP-388's 6 */
  g_autoptr (LpRanking) ri = lp_backlog_order (b, NULL, LP_ORDER_INHERIT_PRIORITY, NULL);
  g_autofree char *pi = lp_ranking_explain_position (ri, pre);
  assert_contains (pi, "score 1, effective score 6 inherited from LP-388, "
                   "which depends on it");
  /* through a model: the reason comes from the scores */
  g_autoptr (LpScoreModel) rice = lp_score_model_new_rice ();
  g_autoptr (LpRanking) rr = lp_backlog_order (b, rice, 0, NULL);
  g_autofree char *pr = lp_ranking_explain_position (rr, top);
  assert_contains (pr, "by rice, unscored (missing input \"reach\")");

  /* cycles */
  LpItem *c1 = add (b, "C1", 1, 1), *c2 = add (b, "C2", 1, 1);
  lp_backlog_add_dependency (b, c1, c2, NULL);
  lp_backlog_add_dependency (b, c2, c1, NULL);
  g_autoptr (LpRanking) rc = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, NULL);
  g_autofree char *pc = lp_ranking_explain_position (rc, c1);
  assert_contains (pc, "dependency cycle");
  /* next() keeps ready items only */
  g_autoptr (LpRanking) rn = lp_backlog_next (b, NULL, 2, NULL);
  g_autofree char *pn = lp_ranking_explain_position (rn, b388);
  assert_contains (pn, "not among the 2 items");
}
END_TEST

Suite *
lp_test_explain_suite (void)
{
  Suite *s = suite_create ("explain");
  TCase *tc = tcase_create ("explain");
  tcase_add_test (tc, test_explain_rice);
  tcase_add_test (tc, test_explain_models);
  tcase_add_test (tc, test_explain_positions);
  suite_add_tcase (s, tc);
  return s;
}
