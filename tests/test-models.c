/* Scoring models: worked examples from each framework's published
 * description (computed by hand here), options, every error, MoSCoW and
 * Kano fields in files, custom and formula models, priority inheritance. */
#include <string.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "lp-test.h"

#define EPS 1e-9
#define assert_near(a, b) \
  ck_assert_msg (fabs ((double) (a) - (double) (b)) <= EPS * MAX (1.0, fabs ((double) (b))), \
                 "%.17g != %.17g", (double) (a), (double) (b))

static LpItem *
add (LpBacklog *b, const char *id, double value, double effort)
{
  LpItem *it = lp_backlog_add_item (b, id, NULL, NULL);
  ck_assert_ptr_nonnull (it);
  if (!isnan (value))
    ck_assert (lp_item_set_value (it, value, NULL));
  if (!isnan (effort))
    ck_assert (lp_item_set_effort (it, effort, NULL));
  return it;
}

static void
attr (LpItem *it, const char *name, double v)
{
  ck_assert (lp_item_set_attribute (it, name, v, NULL));
}

static double
score_of (LpScores *s, LpItem *it)
{
  double v = NAN;
  ck_assert_msg (lp_scores_get_score (s, it, &v), "%s unscored",
                 lp_item_get_id (it));
  return v;
}

static char *
order_ids (LpRanking *r)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lp_ranking_get_n_items (r); i++)
    g_string_append_printf (s, "%s%s", i ? " " : "",
                            lp_item_get_id (lp_ranking_get_item (r, i)));
  return g_string_free (s, FALSE);
}

#define assert_order(r, expected)                   \
  do {                                              \
    char *got_ = order_ids (r);                     \
    ck_assert_str_eq (got_, expected);              \
    g_free (got_);                                  \
  } while (0)

/* WSJF as SAFe defines it (Scaled Agile Framework, "WSJF",
 * https://scaledagileframework.com/wsjf/): cost of delay = user-business
 * value + time criticality + risk reduction / opportunity enablement, each
 * on the modified Fibonacci scale 1, 2, 3, 5, 8, 13, 20; WSJF = CoD / job
 * size. By hand: A = (8 + 5 + 3) / 8 = 2; B = (13 + 20 + 2) / 5 = 7;
 * C = (1 + 1 + 1) / 1 = 3. Highest WSJF first: B, C, A. */
START_TEST (test_wsjf_safe)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *a = add (b, "A", NAN, NAN), *bb = add (b, "B", NAN, NAN),
         *c = add (b, "C", NAN, NAN);
  const double in[3][4] = { { 8, 5, 3, 8 }, { 13, 20, 2, 5 }, { 1, 1, 1, 1 } };
  LpItem *items[3] = { a, bb, c };
  for (int i = 0; i < 3; i++)
    {
      attr (items[i], "business_value", in[i][0]);
      attr (items[i], "time_criticality", in[i][1]);
      attr (items[i], "risk_reduction", in[i][2]);
      attr (items[i], "job_size", in[i][3]);
    }
  g_autoptr (LpScoreModel) m = lp_score_model_new_wsjf ();
  ck_assert_str_eq (lp_score_model_get_name (m), "wsjf");
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s, a), 2);
  assert_near (score_of (s, bb), 7);
  assert_near (score_of (s, c), 3);
  ck_assert_uint_eq (lp_scores_get_n_violations (s), 0);
  double one;
  ck_assert (lp_score_model_score_item (m, a, &one));
  assert_near (one, 2);

  g_autoptr (LpRanking) r = lp_backlog_order (b, m, LP_ORDER_STRICT, NULL);
  assert_order (r, "B C A");
  assert_near (lp_ranking_get_score (r, 0), 7);
  ck_assert_str_eq (lp_ranking_get_model_name (r), "wsjf");

  /* off the scale: 4 and 40 are not modified Fibonacci numbers */
  attr (a, "business_value", 4);
  attr (c, "job_size", 40);
  ck_assert (lp_score_model_set_scale_check (m, LP_SCALE_CHECK_REPORT, NULL));
  g_autoptr (LpScores) s2 = lp_score_model_apply (m, b, NULL);
  ck_assert_uint_eq (lp_scores_get_n_violations (s2), 2);
  const char *input;
  double value;
  ck_assert_ptr_eq (lp_scores_get_violation (s2, 0, &input, &value), a);
  ck_assert_str_eq (input, "business_value");
  assert_near (value, 4);
  ck_assert_ptr_eq (lp_scores_get_violation (s2, 1, &input, &value), c);
  ck_assert_str_eq (input, "job_size");
  assert_near (score_of (s2, a), (4 + 5 + 3) / 8.0);  /* reported, scored */

  ck_assert (lp_score_model_set_scale_check (m, LP_SCALE_CHECK_REJECT, NULL));
  g_autoptr (LpScores) s3 = lp_score_model_apply (m, b, NULL);
  ck_assert (!lp_scores_get_score (s3, a, NULL));
  g_autofree char *why = lp_scores_dup_reason (s3, a);
  ck_assert_str_eq (why, "business_value 4 is off SAFe's modified Fibonacci "
                    "scale (1, 2, 3, 5, 8, 13, 20)");
  ck_assert_ptr_null (lp_scores_get_missing_input (s3, a));
  ck_assert_uint_eq (lp_scores_get_n_scored (s3), 1);
  ck_assert_uint_eq (lp_scores_get_n_unscored (s3), 2);

  /* job size 0 */
  attr (bb, "job_size", 0);
  ck_assert (lp_score_model_set_scale_check (m, LP_SCALE_CHECK_IGNORE, NULL));
  g_autoptr (LpScores) s4 = lp_score_model_apply (m, b, NULL);
  g_autofree char *why0 = lp_scores_dup_reason (s4, bb);
  ck_assert_str_eq (why0, "division by zero: job_size is 0");
}
END_TEST

/* RICE as Intercom defines it (Sean McBride, "RICE: Simple prioritization
 * for product managers", Intercom blog, 2016): reach x impact x confidence
 * / effort, impact on 3 / 2 / 1 / 0.5 / 0.25, confidence 100 / 80 / 50 %,
 * effort in person-months. By hand: reach 2000 a quarter, high impact 2,
 * 80 % confidence, 4 person-months: 2000 x 2 x 0.8 / 4 = 800; a second
 * project, reach 500, massive impact 3, confidence 0.5 (as a fraction),
 * 1 person-month: 500 x 3 x 0.5 / 1 = 750. */
START_TEST (test_rice_intercom)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *p1 = add (b, "P1", NAN, 4), *p2 = add (b, "P2", NAN, 1);
  attr (p1, "reach", 2000);
  attr (p1, "impact", 2);
  attr (p1, "confidence", 80);
  attr (p2, "reach", 500);
  attr (p2, "impact", 3);
  attr (p2, "confidence", 0.5);
  g_autoptr (LpScoreModel) m = lp_score_model_new_rice ();
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s, p1), 800);
  assert_near (score_of (s, p2), 750);

  /* an impact off Intercom's scale is rejected unless told otherwise */
  attr (p2, "impact", 4);
  g_autoptr (LpScores) s2 = lp_score_model_apply (m, b, NULL);
  ck_assert (!lp_scores_get_score (s2, p2, NULL));
  g_autofree char *why = lp_scores_dup_reason (s2, p2);
  ck_assert_str_eq (why, "impact 4 is off the RICE scale (3, 2, 1, 0.5, 0.25)");
  ck_assert_uint_eq (lp_scores_get_n_violations (s2), 1);
  ck_assert (lp_score_model_set_option (m, "scale-check", "ignore", NULL));
  g_autoptr (LpScores) s3 = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s3, p2), 500 * 4 * 0.5);
  ck_assert_uint_eq (lp_scores_get_n_violations (s3), 0);

  /* a confidence above 100 % is off the scale too */
  ck_assert (lp_score_model_set_option (m, "scale-check", "reject", NULL));
  attr (p1, "confidence", 120);
  g_autoptr (LpScores) s4 = lp_score_model_apply (m, b, NULL);
  ck_assert (!lp_scores_get_score (s4, p1, NULL));

  /* missing input: named, never a silent zero */
  ck_assert (lp_item_unset_attribute (p1, "reach"));
  g_autoptr (LpScores) s5 = lp_score_model_apply (m, b, NULL);
  ck_assert_str_eq (lp_scores_get_missing_input (s5, p1), "reach");
  g_autofree char *why5 = lp_scores_dup_reason (s5, p1);
  ck_assert_str_eq (why5, "missing input \"reach\"");
  lp_item_clear_effort (p2);
  attr (p2, "impact", 3);
  g_autoptr (LpScores) s6 = lp_score_model_apply (m, b, NULL);
  ck_assert_str_eq (lp_scores_get_missing_input (s6, p2), "effort");

  /* renamed inputs */
  attr (p2, "dev_months", 2);
  ck_assert (lp_score_model_set_input (m, "effort", "dev_months", NULL));
  g_autoptr (LpScores) s7 = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s7, p2), 500 * 3 * 0.5 / 2);
  g_auto (GStrv) inputs = lp_score_model_dup_inputs (m);
  ck_assert_str_eq (inputs[3], "dev_months");
  ck_assert_ptr_null (inputs[4]);
}
END_TEST

/* ICE (Sean Ellis, GrowthHackers): impact, confidence, ease on 1..10; the
 * product (1..1000) or the average (1..10). By hand: 8 x 6 x 5 = 240;
 * (8 + 6 + 5) / 3 = 19/3. */
START_TEST (test_ice_ellis)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *x = add (b, "X", NAN, NAN), *y = add (b, "Y", NAN, NAN);
  attr (x, "impact", 8);
  attr (x, "confidence", 6);
  attr (x, "ease", 5);
  attr (y, "impact", 11);
  attr (y, "confidence", 6);
  attr (y, "ease", 5);
  g_autoptr (LpScoreModel) m = lp_score_model_new_ice ();
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s, x), 240);
  ck_assert (!lp_scores_get_score (s, y, NULL));  /* 11 > 10 */
  g_autofree char *why = lp_scores_dup_reason (s, y);
  ck_assert_str_eq (why, "impact 11 is off the ICE scale (1..10)");
  ck_assert (lp_score_model_set_ice_mode (m, LP_ICE_AVERAGE, NULL));
  g_autoptr (LpScores) s2 = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s2, x), 19.0 / 3);
  ck_assert (lp_score_model_set_option (m, "mode", "product", NULL));
  g_autoptr (LpScores) s3 = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s3, x), 240);
}
END_TEST

/* CD3 (Black Swan Farming, Joshua Arnold, "Cost of Delay Divided by
 * Duration"): with CoD per week and duration in weeks, A 10/2 = 5,
 * B 8/1 = 8, C 15/5 = 3: do B, then A, then C. */
START_TEST (test_cd3_black_swan)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  const char *ids[] = { "A", "B", "C" };
  const double cod[] = { 10, 8, 15 }, dur[] = { 2, 1, 5 };
  for (int i = 0; i < 3; i++)
    {
      LpItem *it = add (b, ids[i], NAN, NAN);
      attr (it, "cost_of_delay", cod[i]);
      attr (it, "duration", dur[i]);
    }
  g_autoptr (LpScoreModel) m = lp_score_model_new_cd3 ();
  g_autoptr (LpRanking) r = lp_backlog_order (b, m, LP_ORDER_STRICT, NULL);
  assert_order (r, "B A C");
  assert_near (lp_ranking_get_score (r, 0), 8);
  assert_near (lp_ranking_get_score (r, 1), 5);
  assert_near (lp_ranking_get_score (r, 2), 3);
  g_autoptr (LpRanking) n = lp_backlog_next (b, m, 2, NULL);
  assert_order (n, "B A");
  assert_near (lp_ranking_get_score (n, 1), 5);
}
END_TEST

/* The 2x2 matrix, thresholds at the medians by default. */
START_TEST (test_value_effort_quadrants)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *qw = add (b, "QW", 10, 1), *bb = add (b, "BB", 10, 10),
         *fi = add (b, "FI", 1, 1), *ts = add (b, "TS", 1, 10),
         *un = add (b, "UN", 3, NAN);
  g_autoptr (LpScoreModel) m = lp_score_model_new_value_effort ();
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  LpQuadrant q;
  ck_assert (lp_scores_get_quadrant (s, qw, &q));
  ck_assert_int_eq (q, LP_QUADRANT_QUICK_WIN);
  ck_assert (lp_scores_get_quadrant (s, bb, &q));
  ck_assert_int_eq (q, LP_QUADRANT_BIG_BET);
  ck_assert (lp_scores_get_quadrant (s, fi, &q));
  ck_assert_int_eq (q, LP_QUADRANT_FILL_IN);
  ck_assert (lp_scores_get_quadrant (s, ts, &q));
  ck_assert_int_eq (q, LP_QUADRANT_TIME_SINK);
  ck_assert (!lp_scores_get_quadrant (s, un, &q));
  double vt, et;
  lp_scores_get_quadrant_thresholds (s, &vt, &et);
  assert_near (vt, 5.5);
  assert_near (et, 5.5);
  ck_assert_str_eq (lp_scores_get_missing_input (s, un), "effort");
  ck_assert_str_eq (lp_quadrant_to_string (LP_QUADRANT_TIME_SINK), "time-sink");

  /* explicit thresholds: value 0.5 makes every item high-value */
  ck_assert (lp_score_model_set_quadrant_thresholds (m, 0.5, NAN, NULL));
  g_autoptr (LpScores) s2 = lp_score_model_apply (m, b, NULL);
  ck_assert (lp_scores_get_quadrant (s2, fi, &q));
  ck_assert_int_eq (q, LP_QUADRANT_QUICK_WIN);
  ck_assert (lp_score_model_set_option (m, "value-threshold", "median", NULL));
  ck_assert (lp_score_model_set_option (m, "effort-threshold", "2", NULL));
  g_autoptr (LpScores) s3 = lp_score_model_apply (m, b, NULL);
  lp_scores_get_quadrant_thresholds (s3, &vt, &et);
  assert_near (vt, 5.5);
  assert_near (et, 2);

  /* the fast path and the LpScores path agree */
  g_autoptr (LpRanking) r1 = lp_backlog_order (b, NULL, 0, NULL);
  g_autoptr (LpRanking) r2 = lp_backlog_order (b, m, LP_ORDER_INHERIT_PRIORITY, NULL);
  assert_order (r1, "QW BB FI TS UN");
  assert_order (r2, "QW BB FI TS UN");
}
END_TEST

/* MoSCoW as DSDM describes it (Agile Business Consortium, "DSDM Agile
 * Project Framework", chapter 10, MoSCoW Prioritisation): Must Haves should
 * be no more than about 60% of the effort. Here musts are 7 of 10 units:
 * 70%, over the limit. Order: musts, shoulds, coulds, each by value/effort;
 * the won't item and the uncategorised one are unscored and last. */
START_TEST (test_moscow_dsdm)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *w = add (b, "W", 9, 1), *c = add (b, "C", 5, 1),
         *m1 = add (b, "M1", 1, 4), *s1 = add (b, "S1", 4, 2),
         *m2 = add (b, "M2", 6, 3), *n = add (b, "N", 9, 1);
  lp_item_set_moscow (w, LP_MOSCOW_WONT);
  lp_item_set_moscow (c, LP_MOSCOW_COULD);
  lp_item_set_moscow (m1, LP_MOSCOW_MUST);
  lp_item_set_moscow (s1, LP_MOSCOW_SHOULD);
  lp_item_set_moscow (m2, LP_MOSCOW_MUST);
  ck_assert_int_eq (lp_item_get_moscow (n), LP_MOSCOW_NONE);
  g_autoptr (LpScoreModel) m = lp_score_model_new_moscow (NULL);
  ck_assert_str_eq (lp_score_model_get_name (m), "moscow");
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s, m1), 3);
  assert_near (score_of (s, s1), 2);
  assert_near (score_of (s, c), 1);
  double sec;
  ck_assert (lp_scores_get_secondary_score (s, m2, &sec));
  assert_near (sec, 2);
  g_autofree char *why = lp_scores_dup_reason (s, w);
  ck_assert_str_eq (why, "won't have this time");
  ck_assert_str_eq (lp_scores_get_missing_input (s, n), "moscow");
  double limit;
  assert_near (lp_scores_get_must_share (s, &limit), 7.0 / 10);
  assert_near (limit, 0.6);
  ck_assert (lp_scores_must_share_exceeded (s));

  g_autoptr (LpRanking) r = lp_backlog_order (b, m, LP_ORDER_STRICT, NULL);
  assert_order (r, "M2 M1 S1 C W N");
  ck_assert (isnan (lp_ranking_get_score (r, 4)));

  ck_assert (lp_score_model_set_option (m, "must-limit", "75%", NULL));
  g_autoptr (LpScores) s2 = lp_score_model_apply (m, b, NULL);
  ck_assert (!lp_scores_must_share_exceeded (s2));

  /* another secondary model, by name */
  GError *err = NULL;
  g_autoptr (LpScoreModel) mw = lp_score_model_new_by_name ("moscow:cd3", &err);
  ck_assert_ptr_nonnull (mw);
  ck_assert_str_eq (lp_score_model_get_name (mw), "moscow:cd3");
  g_auto (GStrv) inputs = lp_score_model_dup_inputs (mw);
  ck_assert_str_eq (inputs[0], "moscow");
  ck_assert_str_eq (inputs[1], "cost_of_delay");
  /* musts without the secondary inputs still come first, in manual order */
  g_autoptr (LpRanking) r2 = lp_backlog_order (b, mw, LP_ORDER_STRICT, NULL);
  assert_order (r2, "M1 M2 S1 C W N");
}
END_TEST

/* The Kano evaluation table (Berger et al., "Kano's methods for
 * understanding customer-defined quality", Center for Quality Management
 * Journal 2(4), 1993, table 1). */
START_TEST (test_kano_table)
{
  static const char *rows[5] = { "QAAAO", "RIIIM", "RIIIM", "RIIIM", "RRRRQ" };
  static const char codes[] = "MOAIRQ";
  for (int f = 0; f < 5; f++)
    for (int d = 0; d < 5; d++)
      {
        LpKanoCategory c = lp_kano_classify (f, d);
        ck_assert_int_eq (codes[c], rows[f][d]);
      }
  LpKanoCategory c;
  ck_assert (lp_kano_category_from_string ("o", &c, NULL));
  ck_assert_int_eq (c, LP_KANO_CATEGORY_ONE_DIMENSIONAL);
  ck_assert (lp_kano_category_from_string ("must_be", &c, NULL));
  ck_assert_int_eq (c, LP_KANO_CATEGORY_MUST_BE);
  GError *err = NULL;
  ck_assert (!lp_kano_category_from_string ("great", &c, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "great");
  LpKanoAnswer a;
  ck_assert (lp_kano_answer_from_string ("Tolerate", &a, NULL));
  ck_assert_int_eq (a, LP_KANO_ANSWER_TOLERATE);
  ck_assert (!lp_kano_answer_from_string ("meh", &a, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "meh");
  ck_assert_str_eq (lp_kano_answer_to_string (LP_KANO_ANSWER_EXPECT), "expect");
  ck_assert_ptr_null (lp_kano_answer_to_string (99));
  ck_assert_str_eq (lp_kano_category_to_string (LP_KANO_CATEGORY_ONE_DIMENSIONAL),
                    "one-dimensional");
}
END_TEST

/* Ten respondents on feature F: 5 x (like, dislike) = O, 3 x (neutral,
 * dislike) = M, 2 x (like, neutral) = A. Category O (the mode);
 * CS = (A + O) / (A + O + M + I) = 7/10, DS = -(O + M) / 10 = -0.8;
 * score = rank(O) 2 + (0.7 + 0.8) / 2 = 2.75. G: 2 x (like, neutral) = A,
 * 2 x (dislike, like) = R: tie, A wins (M > O > A > I > R > Q);
 * score 1 + (1 - 0) / 2 = 1.5. H: reverse only: unscored. */
START_TEST (test_kano_model)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *f = add (b, "F", NAN, NAN), *g = add (b, "G", NAN, NAN),
         *h = add (b, "H", NAN, NAN), *none = add (b, "NONE", NAN, NAN);
  for (int i = 0; i < 5; i++)
    lp_item_add_kano_answer (f, LP_KANO_ANSWER_LIKE, LP_KANO_ANSWER_DISLIKE);
  for (int i = 0; i < 3; i++)
    lp_item_add_kano_answer (f, LP_KANO_ANSWER_NEUTRAL, LP_KANO_ANSWER_DISLIKE);
  for (int i = 0; i < 2; i++)
    {
      lp_item_add_kano_answer (f, LP_KANO_ANSWER_LIKE, LP_KANO_ANSWER_NEUTRAL);
      lp_item_add_kano_answer (g, LP_KANO_ANSWER_LIKE, LP_KANO_ANSWER_NEUTRAL);
      lp_item_add_kano_answer (g, LP_KANO_ANSWER_DISLIKE, LP_KANO_ANSWER_LIKE);
    }
  lp_item_add_kano_answer (h, LP_KANO_ANSWER_DISLIKE, LP_KANO_ANSWER_LIKE);
  ck_assert_uint_eq (lp_item_get_n_kano_answers (f), 10);
  LpKanoAnswer fa, da;
  lp_item_get_kano_answer (g, 1, &fa, &da);
  ck_assert_int_eq (fa, LP_KANO_ANSWER_DISLIKE);
  ck_assert_int_eq (da, LP_KANO_ANSWER_LIKE);

  g_autoptr (LpScoreModel) m = lp_score_model_new_kano ();
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  LpKanoCategory c;
  ck_assert (lp_scores_get_kano_category (s, f, &c));
  ck_assert_int_eq (c, LP_KANO_CATEGORY_ONE_DIMENSIONAL);
  guint counts[LP_KANO_N_CATEGORIES];
  ck_assert (lp_scores_get_kano_counts (s, f, counts));
  ck_assert_uint_eq (counts[LP_KANO_CATEGORY_ONE_DIMENSIONAL], 5);
  ck_assert_uint_eq (counts[LP_KANO_CATEGORY_MUST_BE], 3);
  ck_assert_uint_eq (counts[LP_KANO_CATEGORY_ATTRACTIVE], 2);
  double cs, ds;
  ck_assert (lp_scores_get_kano_coefficients (s, f, &cs, &ds));
  assert_near (cs, 0.7);
  assert_near (ds, -0.8);
  assert_near (score_of (s, f), 2.75);
  ck_assert (lp_scores_get_kano_category (s, g, &c));
  ck_assert_int_eq (c, LP_KANO_CATEGORY_ATTRACTIVE);
  assert_near (score_of (s, g), 1.5);
  ck_assert (lp_scores_get_kano_category (s, h, &c));
  ck_assert_int_eq (c, LP_KANO_CATEGORY_REVERSE);
  ck_assert (!lp_scores_get_score (s, h, NULL));
  ck_assert (!lp_scores_get_kano_coefficients (s, h, &cs, &ds));
  ck_assert (!lp_scores_get_kano_category (s, none, &c));
  ck_assert_str_eq (lp_scores_get_missing_input (s, none), "kano_answers");
  g_autofree char *why = lp_scores_dup_reason (s, h);
  ck_assert (strstr (why, "reverse") != NULL);
  lp_item_clear_kano_answers (h);
  ck_assert_uint_eq (lp_item_get_n_kano_answers (h), 0);
  /* other models have no Kano data */
  g_autoptr (LpScoreModel) ve = lp_score_model_new_value_effort ();
  g_autoptr (LpScores) sv = lp_score_model_apply (ve, b, NULL);
  ck_assert (!lp_scores_get_kano_category (sv, f, &c));
  ck_assert (isnan (lp_scores_get_must_share (sv, NULL)));
}
END_TEST

/* A weighted scorecard: revenue x 3, reach x 2, risk x -1 (a cost). */
START_TEST (test_scorecard)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *a = add (b, "A", NAN, NAN), *bb = add (b, "B", NAN, NAN);
  attr (a, "revenue", 5);
  attr (a, "reach", 3);
  attr (a, "risk", 1);
  attr (bb, "revenue", 1);
  attr (bb, "reach", 5);
  attr (bb, "risk", 9);
  g_autoptr (LpScoreModel) m = lp_score_model_new_scorecard ();
  GError *err = NULL;
  /* no criteria yet */
  ck_assert_ptr_null (lp_score_model_apply (m, b, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "no criteria");
  ck_assert (lp_score_model_add_criterion (m, "revenue", 3, LP_SCALE_LINEAR_1_5, NULL));
  ck_assert (lp_score_model_add_criterion (m, "reach", 2, LP_SCALE_ANY, NULL));
  ck_assert (lp_score_model_add_criterion (m, "risk", -1, LP_SCALE_CUSTOM, NULL));
  ck_assert_ptr_null (lp_score_model_apply (m, b, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "without values");
  const double risk_values[] = { 9, 1, 3 };
  ck_assert (lp_score_model_set_criterion_values (m, "risk", risk_values, 3, NULL));
  ck_assert_uint_eq (lp_score_model_get_n_criteria (m), 3);
  double w;
  LpScale sc;
  ck_assert_str_eq (lp_score_model_get_criterion (m, 2, &w, &sc), "risk");
  assert_near (w, -1);
  ck_assert_int_eq (sc, LP_SCALE_CUSTOM);

  /* absolute: A = 15 + 6 - 1 = 20; B = 3 + 10 - 9 = 4 */
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (s, a), 20);
  assert_near (score_of (s, bb), 4);
  double one;
  ck_assert (lp_score_model_score_item (m, a, &one));
  assert_near (one, 20);

  /* relative: each criterion normalised to 0..100 over the scored items:
   * revenue A 100 B 0, reach A 0 B 100, risk A 0 B 100:
   * A = 300 + 0 - 0 = 300; B = 0 + 200 - 100 = 100 */
  ck_assert (lp_score_model_set_scorecard_mode (m, LP_SCORECARD_RELATIVE, NULL));
  g_autoptr (LpScores) r = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (r, a), 300);
  assert_near (score_of (r, bb), 100);
  ck_assert (lp_score_model_score_item (m, bb, &one));
  assert_near (one, 100);

  /* adding an item changes the relative scores of the others: C has
   * revenue 3, reach 1, risk 3; reach now spans 1..5, so A's reach 3 is 50:
   * A = 3 x 100 + 2 x 50 - 0 = 400 */
  LpItem *c = add (b, "C", NAN, NAN);
  attr (c, "revenue", 3);
  attr (c, "reach", 1);
  attr (c, "risk", 3);
  g_autoptr (LpScores) r2 = lp_score_model_apply (m, b, NULL);
  assert_near (score_of (r2, a), 400);
  /* C: revenue 50, reach 0, risk 25: 150 + 0 - 25 = 125 */
  assert_near (score_of (r2, c), 125);

  /* values off the criterion's scale are rejected by default */
  attr (c, "revenue", 6);
  attr (c, "risk", 2);
  g_autoptr (LpScores) r3 = lp_score_model_apply (m, b, NULL);
  ck_assert (!lp_scores_get_score (r3, c, NULL));
  ck_assert_uint_eq (lp_scores_get_n_violations (r3), 2);
  g_autofree char *why = lp_scores_dup_reason (r3, c);
  ck_assert_str_eq (why, "revenue 6 is off the scale linear-1-5");
  ck_assert (lp_score_model_set_scale_check (m, LP_SCALE_CHECK_REPORT, NULL));
  g_autoptr (LpScores) r4 = lp_score_model_apply (m, b, NULL);
  ck_assert (lp_scores_get_score (r4, c, NULL));
  ck_assert_uint_eq (lp_scores_get_n_violations (r4), 2);

  /* option errors */
  ck_assert (!lp_score_model_add_criterion (m, "risk", 1, LP_SCALE_ANY, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "already");
  ck_assert (!lp_score_model_add_criterion (m, "", 1, LP_SCALE_ANY, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  ck_assert (!lp_score_model_add_criterion (m, "x", INFINITY, LP_SCALE_ANY, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "finite");
  ck_assert (!lp_score_model_set_criterion_values (m, "reach", risk_values, 3, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "custom scale");
  ck_assert (!lp_score_model_set_criterion_values (m, "risk", risk_values, 0, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "at least one");
  const double bad[] = { NAN };
  ck_assert (!lp_score_model_set_criterion_values (m, "risk", bad, 1, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "finite");
}
END_TEST

START_TEST (test_scales)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *it = add (b, "I", NAN, NAN);
  g_autoptr (LpScoreModel) m = lp_score_model_new_scorecard ();
  ck_assert (lp_score_model_add_criterion (m, "p2", 1, LP_SCALE_POWERS_OF_TWO, NULL));
  ck_assert (lp_score_model_add_criterion (m, "fib", 1, LP_SCALE_FIBONACCI, NULL));
  const struct { double p2, fib; gboolean ok; } cases[] = {
    { 1, 0, TRUE }, { 2, 1, TRUE }, { 64, 21, TRUE }, { 1024, 144, TRUE },
    { 3, 5, FALSE }, { 0.5, 8, FALSE }, { 8, 4, FALSE }, { 16, 22, FALSE },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      attr (it, "p2", cases[i].p2);
      attr (it, "fib", cases[i].fib);
      g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
      ck_assert_msg (lp_scores_get_score (s, it, NULL) == cases[i].ok,
                     "case %u", i);
    }
  LpScale scale;
  ck_assert (lp_scale_from_string ("Linear_1_5", &scale, NULL));
  ck_assert_int_eq (scale, LP_SCALE_LINEAR_1_5);
  GError *err = NULL;
  ck_assert (!lp_scale_from_string ("squares", &scale, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "expected any, linear-1-5");
  for (int i = 0; i <= LP_SCALE_CUSTOM; i++)
    {
      LpScale back;
      ck_assert (lp_scale_from_string (lp_scale_to_string (i), &back, NULL));
      ck_assert_int_eq (back, i);
    }
  ck_assert_ptr_null (lp_scale_to_string (99));
}
END_TEST

START_TEST (test_scorecard_files)
{
  GError *err = NULL;
  const char *json =
    "{\"format\": \"libproduct-scorecard/1\", \"mode\": \"relative\",\n"
    " \"criteria\": [\n"
    "   {\"name\": \"reach\", \"weight\": 2, \"scale\": \"linear-1-5\"},\n"
    "   {\"name\": \"revenue\", \"weight\": 3},\n"
    "   {\"name\": \"risk\", \"weight\": -1, \"scale\": \"custom\", \"values\": [1, 3, 9]}\n"
    " ]}";
  g_autoptr (LpScoreModel) j = lp_score_model_new_scorecard_from_data (json, -1, &err);
  ck_assert_msg (j != NULL, "%s", err ? err->message : "");
  ck_assert_uint_eq (lp_score_model_get_n_criteria (j), 3);
  const char *lines =
    "# a scorecard\n"
    "mode = relative\n"
    "\n"
    "reach = 2 linear-1-5\n"
    "revenue = 3\n"
    "risk = -1 custom 1, 3,9\n";
  g_autoptr (LpScoreModel) l = lp_score_model_new_scorecard_from_data (lines, -1, &err);
  ck_assert_msg (l != NULL, "%s", err ? err->message : "");
  ck_assert_uint_eq (lp_score_model_get_n_criteria (l), 3);

  /* the two forms score the same */
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *x = add (b, "X", NAN, NAN), *y = add (b, "Y", NAN, NAN);
  attr (x, "reach", 1); attr (x, "revenue", 10); attr (x, "risk", 9);
  attr (y, "reach", 5); attr (y, "revenue", 0); attr (y, "risk", 1);
  g_autoptr (LpScores) sj = lp_score_model_apply (j, b, NULL);
  g_autoptr (LpScores) sl = lp_score_model_apply (l, b, NULL);
  assert_near (score_of (sj, x), 300 - 100);
  assert_near (score_of (sl, x), 300 - 100);
  assert_near (score_of (sj, y), 200);
  assert_near (score_of (sl, y), 200);

  /* errors */
  static const struct { const char *text; int code; const char *needle; } bad[] = {
    { "{\"criteria\": [", LP_ERROR_PARSE, NULL },
    { "reach 2", LP_ERROR_PARSE, "line 1" },
    { "x = 1\n = 2", LP_ERROR_PARSE, "line 2" },
    { "[1]", LP_ERROR_PARSE, "line 1" },
    { "{\"criteria\": 3}", LP_ERROR_FORMAT, "criteria" },
    { "{\"format\": \"x\", \"criteria\": []}", LP_ERROR_FORMAT, "format" },
    { "{\"colour\": 1}", LP_ERROR_FORMAT, "colour" },
    { "{\"criteria\": [{\"name\": \"a\"}]}", LP_ERROR_FORMAT, "weight" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": \"1\"}]}", LP_ERROR_FORMAT, "wrong type" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1, \"x\": 1}]}", LP_ERROR_FORMAT, "\"x\"" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1, \"values\": [\"a\"]}]}", LP_ERROR_FORMAT, "values" },
    { "{\"criteria\": []}", LP_ERROR_FORMAT, "no criteria" },
    { "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", LP_ERROR_PARSE, NULL },
    /* nesting beyond the format's is a value of the wrong type (deep
     * nesting: test-hostile-json.c) */
    { "{\"criteria\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}", LP_ERROR_FORMAT, "criterion 0 must be an object" },
    { "a = x", LP_ERROR_FORMAT, "weight" },
    { "a = 1 custom", LP_ERROR_FORMAT, "values" },
    { "a = 1 custom 1,,2", LP_ERROR_FORMAT, "values" },
    { "a = 1 cubes", LP_ERROR_INVALID_VALUE, "cubes" },
    { "mode = sideways\na = 1", LP_ERROR_INVALID_VALUE, "sideways" },
    { "a = 1\na = 2", LP_ERROR_INVALID_VALUE, "already" },
    { "# nothing", LP_ERROR_FORMAT, "no criteria" },
    { "{\"mode\": 1, \"criteria\": []}", LP_ERROR_FORMAT, "mode" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      LpScoreModel *m = lp_score_model_new_scorecard_from_data (bad[i].text, -1, &err);
      ck_assert_msg (m == NULL, "case %u accepted", i);
      lp_assert_error (err, bad[i].code, bad[i].needle);
    }
  ck_assert_ptr_null (lp_score_model_new_scorecard_from_data ("a = 1\0", 6, &err));
  lp_assert_error (err, LP_ERROR_PARSE, "NUL");
  ck_assert_ptr_null (lp_score_model_new_scorecard_from_data ("a = \xff", -1, &err));
  lp_assert_error (err, LP_ERROR_PARSE, "UTF-8");

  /* files */
  char *path = NULL;
  int fd = g_file_open_tmp ("lp-scorecard-XXXXXX", &path, NULL);
  ck_assert_int_ge (fd, 0);
  close (fd);
  ck_assert (g_file_set_contents (path, lines, -1, NULL));
  g_autoptr (LpScoreModel) f = lp_score_model_new_scorecard_from_file (path, &err);
  ck_assert_ptr_nonnull (f);
  g_autofree char *name = g_strconcat ("scorecard:", path, NULL);
  ck_assert_str_eq (lp_score_model_get_name (f), name);
  g_autoptr (LpScoreModel) byname = lp_score_model_new_by_name (name, &err);
  ck_assert_ptr_nonnull (byname);
  ck_assert (g_file_set_contents (path, "oops", -1, NULL));
  ck_assert_ptr_null (lp_score_model_new_scorecard_from_file (path, &err));
  lp_assert_error (err, LP_ERROR_PARSE, path);
  g_unlink (path);
  ck_assert_ptr_null (lp_score_model_new_scorecard_from_file (path, &err));
  lp_assert_error (err, LP_ERROR_IO, NULL);
  g_free (path);
}
END_TEST

typedef struct {
  int calls;
  int destroyed;
} Counter;

static gboolean
label_count_score (const LpItem *item, double *score, gpointer user_data)
{
  Counter *c = user_data;
  c->calls++;
  if (lp_item_get_n_labels (item) == 0)
    return FALSE;
  *score = lp_item_get_n_labels (item);
  return TRUE;
}

static void
counter_destroy (gpointer data)
{
  ((Counter *) data)->destroyed++;
}

START_TEST (test_custom_model)
{
  Counter counter = { 0, 0 };
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *a = add (b, "A", NAN, NAN), *bb = add (b, "B", NAN, NAN),
         *c = add (b, "C", NAN, NAN), *d = add (b, "D", NAN, NAN);
  lp_item_add_label (a, "x", NULL);
  lp_item_add_label (bb, "x", NULL);
  lp_item_add_label (bb, "y", NULL);
  lp_item_set_status (d, LP_ITEM_STATUS_DONE);
  LpScoreModel *m = lp_score_model_new_custom ("labels", label_count_score,
                                               &counter, counter_destroy);
  ck_assert_str_eq (lp_score_model_get_name (m), "labels");
  g_autoptr (LpRanking) r = lp_backlog_order (b, m, LP_ORDER_STRICT, NULL);
  assert_order (r, "B A C");
  ck_assert_int_eq (counter.calls, 3);  /* open items only, once each */
  g_autoptr (LpScores) s = lp_score_model_apply (m, b, NULL);
  g_autofree char *why = lp_scores_dup_reason (s, c);
  ck_assert_str_eq (why, "the custom model \"labels\" declined to score it");
  g_autofree char *why_done = lp_scores_dup_reason (s, d);
  ck_assert_str_eq (why_done, "not open (done)");
  g_auto (GStrv) inputs = lp_score_model_dup_inputs (m);
  ck_assert_ptr_null (inputs[0]);
  GError *err = NULL;
  ck_assert (!lp_score_model_set_input (m, "value", "x", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "no option");
  lp_score_model_unref (m);
  ck_assert_int_eq (counter.destroyed, 0);  /* the ranking and scores hold it */
  g_clear_pointer (&s, lp_scores_unref);
  g_clear_pointer (&r, lp_ranking_unref);
  ck_assert_int_eq (counter.destroyed, 1);
}
END_TEST

START_TEST (test_formula_model)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *p1 = add (b, "P1", NAN, 4), *p2 = add (b, "P2", NAN, 1),
         *p3 = add (b, "P3", 3, NAN);
  attr (p1, "reach", 2000); attr (p1, "impact", 2); attr (p1, "confidence", 0.8);
  attr (p2, "reach", 500); attr (p2, "impact", 3); attr (p2, "confidence", 0.5);
  attr (p3, "reach", 1); attr (p3, "impact", 1); attr (p3, "confidence", 1);
  GError *err = NULL;
  g_autoptr (LpScoreModel) f =
    lp_score_model_new_formula ("(reach * impact * confidence) / effort", &err);
  ck_assert_ptr_nonnull (f);
  ck_assert_str_eq (lp_score_model_get_name (f),
                    "formula:(reach * impact * confidence) / effort");
  g_autoptr (LpScoreModel) rice = lp_score_model_new_rice ();
  g_autoptr (LpScores) sf = lp_score_model_apply (f, b, NULL);
  g_autoptr (LpScores) sr = lp_score_model_apply (rice, b, NULL);
  assert_near (score_of (sf, p1), score_of (sr, p1));
  assert_near (score_of (sf, p2), score_of (sr, p2));
  ck_assert_str_eq (lp_scores_get_missing_input (sf, p3), "effort");
  double one;
  ck_assert (lp_score_model_score_item (f, p1, &one));
  assert_near (one, 800);
  g_auto (GStrv) inputs = lp_score_model_dup_inputs (f);
  ck_assert_str_eq (inputs[0], "reach");
  ck_assert_str_eq (inputs[3], "effort");

  /* a failure that is not a missing input: its reason */
  g_autoptr (LpScoreModel) g = lp_score_model_new_formula ("value / (reach - 1)", NULL);
  g_autoptr (LpScores) sg = lp_score_model_apply (g, b, NULL);
  ck_assert (!lp_scores_get_score (sg, p3, NULL));
  ck_assert_ptr_null (lp_scores_get_missing_input (sg, p3));
  g_autofree char *why = lp_scores_dup_reason (sg, p3);
  ck_assert_str_eq (why, "division by zero at column 7");
  ck_assert_str_eq (lp_scores_get_missing_input (sg, p1), "value");

  /* compile errors */
  ck_assert_ptr_null (lp_score_model_new_formula ("reach *", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "formula: column");
  ck_assert_ptr_null (lp_score_model_new_by_name ("formula:", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "empty");
  /* unknown attributes, when checked against the backlog */
  ck_assert_ptr_null (lp_score_model_new_formula_for_backlog ("reech * 2", b, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "unknown attribute \"reech\"");
  g_autoptr (LpScoreModel) ok =
    lp_score_model_new_formula_for_backlog ("reach * value / effort", b, &err);
  ck_assert_ptr_nonnull (ok);
  /* a formula without variables scores every open item the same */
  g_autoptr (LpScoreModel) k = lp_score_model_new_by_name ("formula:2^10", NULL);
  g_autoptr (LpScores) sk = lp_score_model_apply (k, b, NULL);
  assert_near (score_of (sk, p2), 1024);
  g_autoptr (LpRanking) r = lp_backlog_order (b, f, 0, NULL);
  assert_order (r, "P1 P2 P3");
}
END_TEST

START_TEST (test_by_name)
{
  const char *const *names = lp_score_model_list_names ();
  guint n = 0;
  for (; names[n]; n++)
    {
      GError *err = NULL;
      g_autoptr (LpScoreModel) m = lp_score_model_new_by_name (names[n], &err);
      ck_assert_msg (m != NULL, "%s", names[n]);
      ck_assert_str_eq (lp_score_model_get_name (m), names[n]);
    }
  ck_assert_uint_eq (n, 7);
  GError *err = NULL;
  ck_assert_ptr_null (lp_score_model_new_by_name ("wsjf2", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "unknown scoring model \"wsjf2\"");
  ck_assert_ptr_null (lp_score_model_new_by_name ("moscow:moscow", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "cannot be MoSCoW");
  ck_assert_ptr_null (lp_score_model_new_by_name ("moscow:nope", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "nope");
  ck_assert_ptr_null (lp_score_model_new_by_name ("scorecard:/nonexistent/x", &err));
  lp_assert_error (err, LP_ERROR_IO, NULL);
  g_autoptr (LpScoreModel) f = lp_score_model_new_by_name ("formula:reach*2", &err);
  ck_assert_str_eq (lp_score_model_get_name (f), "formula:reach*2");
}
END_TEST

START_TEST (test_options)
{
  GError *err = NULL;
  g_autoptr (LpScoreModel) wsjf = lp_score_model_new_wsjf ();
  g_autoptr (LpScoreModel) ve = lp_score_model_new_value_effort ();
  g_autoptr (LpScoreModel) kano = lp_score_model_new_kano ();
  ck_assert (!lp_score_model_set_ice_mode (wsjf, LP_ICE_AVERAGE, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "has no option \"mode\"");
  ck_assert (!lp_score_model_set_scale_check (ve, LP_SCALE_CHECK_REPORT, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "scale-check");
  ck_assert (!lp_score_model_set_must_limit (wsjf, 0.5, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "must-limit");
  ck_assert (!lp_score_model_set_scorecard_mode (wsjf, LP_SCORECARD_RELATIVE, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  ck_assert (!lp_score_model_add_criterion (wsjf, "x", 1, LP_SCALE_ANY, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  ck_assert (!lp_score_model_set_criterion_values (wsjf, "x", NULL, 0, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  ck_assert_uint_eq (lp_score_model_get_n_criteria (wsjf), 0);
  ck_assert (!lp_score_model_set_input (wsjf, "reach", "x", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "inputs: business_value");
  ck_assert (!lp_score_model_set_input (wsjf, "job_size", "", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "non-empty");
  ck_assert (!lp_score_model_set_input (kano, "x", "y", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  ck_assert (!lp_score_model_set_quadrant_thresholds (ve, -1, NAN, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "thresholds");
  ck_assert (!lp_score_model_set_quadrant_thresholds (ve, 1, INFINITY, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "thresholds");
  ck_assert (lp_score_model_set_option (wsjf, "job_size", "points", NULL));
  g_auto (GStrv) in = lp_score_model_dup_inputs (wsjf);
  ck_assert_str_eq (in[3], "points");
  ck_assert (!lp_score_model_set_option (wsjf, "colour", "red", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "colour");
  ck_assert (!lp_score_model_set_option (wsjf, "scale-check", "maybe", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "maybe");
  ck_assert (!lp_score_model_set_option (ve, "value-threshold", "high", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "median");
  g_autoptr (LpScoreModel) mo = lp_score_model_new_moscow (NULL);
  ck_assert (!lp_score_model_set_option (mo, "must-limit", "lots", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "60%");
  ck_assert (!lp_score_model_set_option (mo, "must-limit", "150%", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "(0, 1]");
  ck_assert (!lp_score_model_set_must_limit (mo, 0, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  ck_assert (!lp_score_model_set_option (wsjf, "must-limit", "0.5", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  g_autoptr (LpScoreModel) ice = lp_score_model_new_ice ();
  ck_assert (!lp_score_model_set_option (ice, "mode", "median", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "product or average");

  /* enum names */
  LpMoscow mw;
  ck_assert (lp_moscow_from_string ("Won't", &mw, NULL));
  ck_assert_int_eq (mw, LP_MOSCOW_WONT);
  ck_assert (lp_moscow_from_string ("SHOULD", &mw, NULL));
  ck_assert_int_eq (mw, LP_MOSCOW_SHOULD);
  ck_assert (!lp_moscow_from_string ("may", &mw, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "may");
  ck_assert_str_eq (lp_moscow_to_string (LP_MOSCOW_WONT), "wont");
  ck_assert_ptr_null (lp_moscow_to_string (7));
  LpIceMode im;
  ck_assert (lp_ice_mode_from_string ("Average", &im, NULL));
  ck_assert_int_eq (im, LP_ICE_AVERAGE);
  ck_assert_str_eq (lp_ice_mode_to_string (LP_ICE_PRODUCT), "product");
  LpScorecardMode sm;
  ck_assert (!lp_scorecard_mode_from_string ("both", &sm, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "absolute or relative");
  ck_assert_str_eq (lp_scorecard_mode_to_string (LP_SCORECARD_RELATIVE), "relative");
  LpScaleCheck chk;
  ck_assert (lp_scale_check_from_string ("REPORT", &chk, NULL));
  ck_assert_int_eq (chk, LP_SCALE_CHECK_REPORT);
  ck_assert_str_eq (lp_scale_check_to_string (LP_SCALE_CHECK_REJECT), "reject");
  LpQuadrant q;
  ck_assert (lp_quadrant_from_string ("big_bet", &q, NULL));
  ck_assert_int_eq (q, LP_QUADRANT_BIG_BET);
  ck_assert (!lp_quadrant_from_string ("big", &q, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
  ck_assert_str_eq (lp_term_role_to_string (LP_TERM_DIVISOR), "divisor");
  ck_assert_ptr_null (lp_term_role_to_string (42));
}
END_TEST

/* The MoSCoW and Kano fields of the file format. */
START_TEST (test_json_fields)
{
  const char *doc =
    "{\"format\": \"libproduct/1\", \"items\": [\n"
    " {\"id\": \"A\", \"moscow\": \"must\",\n"
    "  \"kano_answers\": [[\"like\", \"dislike\"], [\"neutral\", \"expect\"]]},\n"
    " {\"id\": \"B\", \"moscow\": \"won't\"},\n"
    " {\"id\": \"C\", \"moscow\": null, \"kano_answers\": null},\n"
    " {\"id\": \"D\", \"kano_answers\": []}\n"
    "]}";
  GError *err = NULL;
  g_autoptr (LpBacklog) b = lp_backlog_load_data (doc, strlen (doc), &err);
  ck_assert_msg (b != NULL, "%s", err ? err->message : "");
  LpItem *a = lp_backlog_get_item (b, "A");
  ck_assert_int_eq (lp_item_get_moscow (a), LP_MOSCOW_MUST);
  ck_assert_int_eq (lp_item_get_moscow (lp_backlog_get_item (b, "B")), LP_MOSCOW_WONT);
  ck_assert_int_eq (lp_item_get_moscow (lp_backlog_get_item (b, "C")), LP_MOSCOW_NONE);
  ck_assert_uint_eq (lp_item_get_n_kano_answers (a), 2);
  LpKanoAnswer f, d;
  lp_item_get_kano_answer (a, 1, &f, &d);
  ck_assert_int_eq (f, LP_KANO_ANSWER_NEUTRAL);
  ck_assert_int_eq (d, LP_KANO_ANSWER_EXPECT);
  ck_assert_uint_eq (lp_item_get_n_kano_answers (lp_backlog_get_item (b, "D")), 0);

  gsize len;
  g_autofree char *saved = lp_backlog_save_data (b, &len);
  ck_assert_ptr_nonnull (saved);
  ck_assert (strstr (saved, "      \"moscow\": \"must\",\n      \"kano_answers\": [\n"
                     "        [\n          \"like\",\n          \"dislike\"\n"
                     "        ],\n        [\n") != NULL);
  ck_assert (strstr (saved, "\"moscow\": \"wont\"") != NULL);
  /* unset fields are left out */
  ck_assert (strstr (strstr (saved, "\"C\""), "moscow") == NULL);
  g_autoptr (LpBacklog) again = lp_backlog_load_data (saved, len, &err);
  ck_assert_ptr_nonnull (again);
  g_autofree char *saved2 = lp_backlog_save_data (again, NULL);
  ck_assert_str_eq (saved, saved2);

  static const struct { const char *item; int code; const char *needle; } bad[] = {
    { "{\"id\": \"X\", \"moscow\": \"may\"}", LP_ERROR_INVALID_VALUE, "unknown MoSCoW category \"may\"" },
    { "{\"id\": \"X\", \"moscow\": 1}", LP_ERROR_FORMAT, "\"moscow\" must be a string" },
    { "{\"id\": \"X\", \"kano_answers\": {}}", LP_ERROR_FORMAT, "kano_answers" },
    { "{\"id\": \"X\", \"kano_answers\": [\"like\"]}", LP_ERROR_FORMAT, "kano_answers" },
    { "{\"id\": \"X\", \"kano_answers\": [[\"like\"]]}", LP_ERROR_FORMAT, "two answers" },
    { "{\"id\": \"X\", \"kano_answers\": [[\"like\", \"like\", \"like\"]]}", LP_ERROR_FORMAT, "two answers" },
    { "{\"id\": \"X\", \"kano_answers\": [[\"like\", \"love\"]]}", LP_ERROR_INVALID_VALUE, "unknown Kano answer \"love\"" },
    { "{\"id\": \"X\", \"kano_answers\": [[\"like\", 3]]}", LP_ERROR_FORMAT, "Kano answer" },
    { "{\"kano_answers\": [[\"like\", [1]]], \"id\": \"X\"}", LP_ERROR_FORMAT, "item \"X\"" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"format\": \"libproduct/1\", "
                                               "\"items\": [%s]}", bad[i].item);
      LpBacklog *x = lp_backlog_load_data (text, strlen (text), &err);
      ck_assert_msg (x == NULL, "case %u", i);
      lp_assert_error (err, bad[i].code, bad[i].needle);
    }
}
END_TEST

/* Priority inheritance on a chain: C depends on B depends on A; A scores 1,
 * B 2, C 10; X (independent) scores 5. Without inheritance X comes first;
 * with it, A is pulled up to C's 10 (and B too). */
START_TEST (test_inherit_chain)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *a = add (b, "A", 1, 1), *bb = add (b, "B", 2, 1),
         *c = add (b, "C", 10, 1), *x = add (b, "X", 5, 1);
  ck_assert (lp_backlog_add_dependency (b, bb, a, NULL));
  ck_assert (lp_backlog_add_dependency (b, c, bb, NULL));
  g_autoptr (LpRanking) plain = lp_backlog_order (b, NULL, 0, NULL);
  assert_order (plain, "X A B C");
  ck_assert_ptr_null (lp_ranking_get_inherited_from (plain, 0));
  assert_near (lp_ranking_get_effective_score (plain, 0), 5);
  g_autoptr (LpRanking) r = lp_backlog_order (b, NULL, LP_ORDER_INHERIT_PRIORITY, NULL);
  assert_order (r, "A B C X");
  assert_near (lp_ranking_get_score (r, 0), 1);
  assert_near (lp_ranking_get_effective_score (r, 0), 10);
  ck_assert_ptr_eq (lp_ranking_get_inherited_from (r, 0), c);
  ck_assert_ptr_eq (lp_ranking_get_inherited_from (r, 1), c);
  ck_assert_ptr_null (lp_ranking_get_inherited_from (r, 2));
  ck_assert_ptr_null (lp_ranking_get_inherited_from (r, 3));
  guint rank;
  ck_assert (lp_ranking_find_item (r, x, &rank));
  ck_assert_uint_eq (rank, 3);
  /* next: only A is ready, and it beats X by inheritance */
  g_autoptr (LpRanking) n = lp_backlog_next_full (b, NULL, 1,
                                                  LP_ORDER_INHERIT_PRIORITY, NULL);
  assert_order (n, "A");
  assert_near (lp_ranking_get_effective_score (n, 0), 10);
  g_autoptr (LpRanking) n0 = lp_backlog_next (b, NULL, 1, NULL);
  assert_order (n0, "X");
  /* a done dependent pulls nothing */
  lp_item_set_status (c, LP_ITEM_STATUS_DONE);
  g_autoptr (LpRanking) r2 = lp_backlog_order (b, NULL, LP_ORDER_INHERIT_PRIORITY, NULL);
  assert_order (r2, "X A B");
  /* a chain of 200000 items: iterative, linear */
  g_autoptr (LpBacklog) big = lp_backlog_new ();
  LpItem *prev = NULL;
  for (int i = 0; i < 200000; i++)
    {
      char id[16];
      g_snprintf (id, sizeof id, "I%d", i);
      LpItem *it = add (big, id, i == 199999 ? 100 : 1, 1);
      if (prev)
        lp_backlog_add_dependency (big, it, prev, NULL);
      prev = it;
    }
  g_autoptr (LpRanking) rb = lp_backlog_order (big, NULL, LP_ORDER_INHERIT_PRIORITY, NULL);
  ck_assert_uint_eq (lp_ranking_get_n_items (rb), 200000);
  assert_near (lp_ranking_get_effective_score (rb, 0), 100);
  ck_assert_ptr_eq (lp_ranking_get_inherited_from (rb, 0), prev);
}
END_TEST

/* A diamond: D depends on B and C, both depend on A. D scores 9, B 3, C 1,
 * A 1; Y, independent, scores 4. With inheritance A, B and C all take D's
 * 9, so the whole diamond goes before Y: A B C D Y (B and C tie at 9 and
 * keep the manual order). */
START_TEST (test_inherit_diamond)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  LpItem *a = add (b, "A", 1, 1), *bb = add (b, "B", 3, 1),
         *c = add (b, "C", 1, 1), *d = add (b, "D", 9, 1);
  add (b, "Y", 4, 1);
  lp_backlog_add_dependency (b, bb, a, NULL);
  lp_backlog_add_dependency (b, c, a, NULL);
  lp_backlog_add_dependency (b, d, bb, NULL);
  lp_backlog_add_dependency (b, d, c, NULL);
  g_autoptr (LpRanking) plain = lp_backlog_order (b, NULL, 0, NULL);
  assert_order (plain, "Y A B C D");
  g_autoptr (LpRanking) r = lp_backlog_order (b, NULL, LP_ORDER_INHERIT_PRIORITY, NULL);
  assert_order (r, "A B C D Y");
  for (guint i = 0; i < 3; i++)
    {
      assert_near (lp_ranking_get_effective_score (r, i), 9);
      ck_assert_ptr_eq (lp_ranking_get_inherited_from (r, i), d);
    }

  /* with another model: WSJF through the LpScores path */
  g_autoptr (LpScoreModel) m = lp_score_model_new_formula ("value", NULL);
  g_autoptr (LpRanking) r2 = lp_backlog_order (b, m, LP_ORDER_INHERIT_PRIORITY, NULL);
  assert_order (r2, "A B C D Y");

  /* a cycle: E enables P and Q, which form a cycle (P 9, Q 3). Lenient
   * order leaves P and Q out, but E still inherits the cycle's best, 9. */
  g_autoptr (LpBacklog) cy = lp_backlog_new ();
  LpItem *e = add (cy, "E", 1, 1), *p = add (cy, "P", 9, 1),
         *q = add (cy, "Q", 3, 1);
  add (cy, "Z", 5, 1);
  lp_backlog_add_dependency (cy, p, e, NULL);
  lp_backlog_add_dependency (cy, p, q, NULL);
  lp_backlog_add_dependency (cy, q, p, NULL);
  g_autoptr (LpRanking) rc = lp_backlog_order (cy, NULL,
                                               LP_ORDER_LENIENT | LP_ORDER_INHERIT_PRIORITY,
                                               NULL);
  assert_order (rc, "E Z");
  assert_near (lp_ranking_get_effective_score (rc, 0), 9);
  ck_assert_ptr_eq (lp_ranking_get_inherited_from (rc, 0), p);
  GError *err = NULL;
  ck_assert_ptr_null (lp_backlog_order (cy, NULL, LP_ORDER_INHERIT_PRIORITY, &err));
  lp_assert_error (err, LP_ERROR_CYCLE, NULL);
  (void) q;
}
END_TEST

/* Ordering with a model that cannot apply reports its error. */
START_TEST (test_order_errors)
{
  g_autoptr (LpBacklog) b = lp_backlog_new ();
  add (b, "A", 1, 1);
  g_autoptr (LpScoreModel) m = lp_score_model_new_scorecard ();
  GError *err = NULL;
  ck_assert_ptr_null (lp_backlog_order (b, m, 0, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "no criteria");
  ck_assert_ptr_null (lp_backlog_next (b, m, 3, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "no criteria");
  ck_assert (!lp_score_model_score_item (m, lp_backlog_get_item (b, "A"), NULL));
  g_autoptr (LpScoreModel) mo = lp_score_model_new_moscow (m);
  ck_assert_ptr_null (lp_score_model_apply (mo, b, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "no criteria");
}
END_TEST

Suite *
lp_test_models_suite (void)
{
  Suite *s = suite_create ("models");
  TCase *tc = tcase_create ("models");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_wsjf_safe);
  tcase_add_test (tc, test_rice_intercom);
  tcase_add_test (tc, test_ice_ellis);
  tcase_add_test (tc, test_cd3_black_swan);
  tcase_add_test (tc, test_value_effort_quadrants);
  tcase_add_test (tc, test_moscow_dsdm);
  tcase_add_test (tc, test_kano_table);
  tcase_add_test (tc, test_kano_model);
  tcase_add_test (tc, test_scorecard);
  tcase_add_test (tc, test_scales);
  tcase_add_test (tc, test_scorecard_files);
  tcase_add_test (tc, test_custom_model);
  tcase_add_test (tc, test_formula_model);
  tcase_add_test (tc, test_by_name);
  tcase_add_test (tc, test_options);
  tcase_add_test (tc, test_json_fields);
  tcase_add_test (tc, test_inherit_chain);
  tcase_add_test (tc, test_inherit_diamond);
  tcase_add_test (tc, test_order_errors);
  suite_add_tcase (s, tc);
  return s;
}
