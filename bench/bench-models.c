/* Scoring-model benchmark: applies every model to a seeded random backlog
 * of N open items (default 1,000,000) through lp_score_model_apply(), the
 * path the ordering uses, and prints items/second; then a five-term user
 * formula against the same arithmetic written in C over the same data, and
 * a whole ordering with WSJF and with priority inheritance. Then inputs
 * that few items have: an attribute on every 64th item (kept sparse by the
 * library) read by RICE and by a formula, against the same models reading
 * an attribute every item has (dense). Asserts nothing about time.
 *
 *   bench/bench-models [N_ITEMS]
 */
#include <libproduct/libproduct.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>

#define FORMULA "(reach * impact * confidence) / effort + value"

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* Best of three runs, in seconds. */
static double
time_apply (LpScoreModel *m, LpBacklog *b, guint *n_scored)
{
  double best = INFINITY;
  for (int run = 0; run < 3; run++)
    {
      double t0 = now ();
      GError *err = NULL;
      LpScores *s = lp_score_model_apply (m, b, &err);
      double t = now () - t0;
      if (s == NULL)
        {
          fprintf (stderr, "%s: %s\n", lp_score_model_get_name (m), err->message);
          exit (1);
        }
      *n_scored = lp_scores_get_n_scored (s);
      lp_scores_unref (s);
      best = MIN (best, t);
    }
  return best;
}

static void
report (const char *what, guint n, double seconds, guint n_scored)
{
  printf ("%-28s %8.1f ms  %12.0f items/s  (%u scored)\n", what,
          seconds * 1e3, n / seconds, n_scored);
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  GRand *rand = g_rand_new_with_seed (42);
  static const double fib[] = { 1, 2, 3, 5, 8, 13, 20 };
  static const double impact[] = { 3, 2, 1, 0.5, 0.25 };
  static const double conf[] = { 100, 80, 50 };

  /* plain arrays too, for the C reference */
  double *reach = g_new (double, n), *imp = g_new (double, n),
         *cf = g_new (double, n), *eff = g_new (double, n),
         *val = g_new (double, n);

  double t0 = now ();
  LpBacklog *b = lp_backlog_new ();
  char **ids = g_new (char *, n);
  for (guint i = 0; i < n; i++)
    {
      ids[i] = g_strdup_printf ("LP-%u", i);
      val[i] = g_rand_int_range (rand, 0, 100);
      eff[i] = g_rand_int_range (rand, 1, 21);
    }
  if (!lp_backlog_add_items (b, n, (const char *const *) ids, NULL, val, eff, NULL))
    return 1;
  for (guint i = 0; i < n; i++)
    g_free (ids[i]);
  g_free (ids);
  for (guint i = 0; i < n; i++)
    {
      LpItem *it = lp_backlog_get_item_at (b, i);
      reach[i] = g_rand_int_range (rand, 1, 10000);
      imp[i] = impact[g_rand_int_range (rand, 0, 5)];
      cf[i] = conf[g_rand_int_range (rand, 0, 3)] / 100;
      lp_item_set_attribute (it, "reach", reach[i], NULL);
      lp_item_set_attribute (it, "impact", imp[i], NULL);
      lp_item_set_attribute (it, "confidence", cf[i], NULL);
      lp_item_set_attribute (it, "ease", g_rand_int_range (rand, 1, 11), NULL);
      lp_item_set_attribute (it, "business_value", fib[g_rand_int_range (rand, 0, 7)], NULL);
      lp_item_set_attribute (it, "time_criticality", fib[g_rand_int_range (rand, 0, 7)], NULL);
      lp_item_set_attribute (it, "risk_reduction", fib[g_rand_int_range (rand, 0, 7)], NULL);
      lp_item_set_attribute (it, "job_size", fib[g_rand_int_range (rand, 0, 7)], NULL);
      lp_item_set_attribute (it, "cost_of_delay", g_rand_int_range (rand, 100, 10000), NULL);
      lp_item_set_attribute (it, "duration", g_rand_int_range (rand, 1, 12), NULL);
      if (i % 64 == 0)
        lp_item_set_attribute (it, "rare_reach", reach[i], NULL);
      lp_item_set_moscow (it, 1 + g_rand_int_range (rand, 0, 4));
      for (int k = 0; k < 3; k++)
        lp_item_add_kano_answer (it, g_rand_int_range (rand, 0, 5),
                                 g_rand_int_range (rand, 0, 5));
      if (i > 0 && g_rand_int_range (rand, 0, 4) == 0)
        lp_backlog_add_dependency (b, it,
                                   lp_backlog_get_item_at (b, g_rand_int_range (rand, 0, i)),
                                   NULL);
    }
  printf ("backlog: %u items with 10 attributes, MoSCoW and 3 Kano answers "
          "each (and rare_reach on every 64th), built in %.2f s\n\n", n,
          now () - t0);

  const char *names[] = { "value-effort", "wsjf", "rice", "ice", "cd3",
                          "moscow", "kano", "formula:" FORMULA };
  guint scored = 0;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      LpScoreModel *m = lp_score_model_new_by_name (names[i], NULL);
      double t = time_apply (m, b, &scored);
      report (g_str_has_prefix (names[i], "formula:") ? "formula (5 terms)" : names[i], n, t, scored);
      lp_score_model_unref (m);
    }
  LpScoreModel *wsjf_check = lp_score_model_new_wsjf ();
  lp_score_model_set_scale_check (wsjf_check, LP_SCALE_CHECK_REPORT, NULL);
  report ("wsjf (scale check)", n, time_apply (wsjf_check, b, &scored), scored);
  LpScoreModel *sc = lp_score_model_new_scorecard ();
  lp_score_model_add_criterion (sc, "reach", 2, LP_SCALE_ANY, NULL);
  lp_score_model_add_criterion (sc, "ease", 3, LP_SCALE_ANY, NULL);
  lp_score_model_add_criterion (sc, "duration", -1, LP_SCALE_ANY, NULL);
  report ("scorecard (absolute)", n, time_apply (sc, b, &scored), scored);
  lp_score_model_set_scorecard_mode (sc, LP_SCORECARD_RELATIVE, NULL);
  report ("scorecard (relative)", n, time_apply (sc, b, &scored), scored);

  /* the same five-term arithmetic in C, over plain arrays */
  double *out = g_new (double, n);
  double best = INFINITY, sink = 0;
  for (int run = 0; run < 3; run++)
    {
      double t1 = now ();
      for (guint i = 0; i < n; i++)
        out[i] = (reach[i] * imp[i] * cf[i]) / eff[i] + val[i];
      best = MIN (best, now () - t1);
      sink += out[n / 2];
    }
  report ("same formula in plain C", n, best, n);

  LpScoreModel *f = lp_score_model_new_formula (FORMULA, NULL);
  double tf = time_apply (f, b, &scored);
  /* the same kind of arithmetic built into the library in C, through the
   * same path: RICE without its scale check */
  LpScoreModel *rice = lp_score_model_new_rice ();
  lp_score_model_set_scale_check (rice, LP_SCALE_CHECK_IGNORE, NULL);
  double tr = time_apply (rice, b, &scored);
  report ("rice (no scale check)", n, tr, scored);
  printf ("\nformula model / built-in C model (rice), same path: %.2fx\n"
          "formula model / bare C loop over arrays:            %.2fx "
          "(the difference is lp_score_model_apply's per-item work: open "
          "check, result arrays)\n", tf / tr, tf / best);
  lp_score_model_unref (rice);

  /* an input few items have (sparse) against one every item has (dense) */
  printf ("\n");
  for (int sparse = 0; sparse <= 1; sparse++)
    {
      const char *reach_name = sparse ? "rare_reach" : "reach";
      LpScoreModel *r = lp_score_model_new_rice ();
      lp_score_model_set_scale_check (r, LP_SCALE_CHECK_IGNORE, NULL);
      lp_score_model_set_input (r, "reach", reach_name, NULL);
      char *what = g_strdup_printf ("rice, reach: %s", reach_name);
      double t = time_apply (r, b, &scored);  /* before scored is read */
      report (what, n, t, scored);
      g_free (what);
      lp_score_model_unref (r);
      char *expr = g_strdup_printf ("%s * impact + value", reach_name);
      LpScoreModel *fr = lp_score_model_new_formula (expr, NULL);
      what = g_strdup_printf ("formula, %s", reach_name);
      t = time_apply (fr, b, &scored);
      report (what, n, t, scored);
      g_free (what);
      g_free (expr);
      lp_score_model_unref (fr);
    }

  printf ("\n");
  LpScoreModel *wsjf = lp_score_model_new_wsjf ();
  for (int inherit = 0; inherit <= 1; inherit++)
    {
      double t1 = now ();
      LpRanking *r = lp_backlog_order (b, wsjf, LP_ORDER_LENIENT |
                                       (inherit ? LP_ORDER_INHERIT_PRIORITY : 0),
                                       NULL);
      double t = now () - t1;
      printf ("order by wsjf%-15s %8.1f ms  %12.0f items/s  (%u ranked)\n",
              inherit ? " + inheritance" : "", t * 1e3, n / t,
              lp_ranking_get_n_items (r));
      lp_ranking_unref (r);
    }
  fprintf (stderr, "%g\n", sink == 42 ? 1.0 : 0.0);  /* keep the C loop */

  lp_score_model_unref (wsjf);
  lp_score_model_unref (wsjf_check);
  lp_score_model_unref (sc);
  lp_score_model_unref (f);
  lp_backlog_unref (b);
  g_rand_free (rand);
  g_free (out);
  g_free (reach);
  g_free (imp);
  g_free (cf);
  g_free (eff);
  g_free (val);
  return 0;
}
