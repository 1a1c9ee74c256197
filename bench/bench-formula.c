/* User-formula benchmark: evaluates a five-variable formula over N items
 * (default 1,000,000) with the compiled formula engine, in bulk
 * (lp_formula_evaluate_columns) and row by row (lp_formula_evaluate), and
 * the same arithmetic hand-written in C, twice: plain, and with the
 * engine's failure rule (any non-finite result -> NaN). Prints items/second
 * and the ratios; the goal is a bulk evaluation within 2x of plain C.
 * Asserts nothing about time; checks that all four agree.
 *
 *   bench/bench-formula [N_ITEMS] [REPS]   (default 1000000 7; best of REPS)
 *
 * lp-formula.c is compiled into this program (its symbols are internal to
 * libproduct.so), with the library's flags. */
#include <libproduct/libproduct.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../libproduct/lp-formula.h"

#define FORMULA "(reach * impact * confidence) / effort + 0.5 * strategic"

/* The same arithmetic, as one would write it in C. */
static __attribute__ ((noinline)) void
plain_c (const double *reach, const double *impact, const double *confidence,
         const double *effort, const double *strategic, gsize n, double *out)
{
  for (gsize i = 0; i < n; i++)
    out[i] = (reach[i] * impact[i] * confidence[i]) / effort[i]
             + 0.5 * strategic[i];
}

/* ... and with the engine's rule: missing (NaN) or non-finite -> NaN. */
static __attribute__ ((noinline)) void
checked_c (const double *reach, const double *impact,
           const double *confidence, const double *effort,
           const double *strategic, gsize n, double *out)
{
  for (gsize i = 0; i < n; i++)
    {
      double r = (reach[i] * impact[i] * confidence[i]) / effort[i]
                 + 0.5 * strategic[i];
      out[i] = isfinite (r) ? r : NAN;
    }
}

static double
now (void)
{
  return (double) g_get_monotonic_time () / 1e6;
}

static gboolean
same (double a, double b)
{
  return (isnan (a) && isnan (b)) || a == b;
}

int
main (int argc, char **argv)
{
  gsize n = argc > 1 ? (gsize) strtoull (argv[1], NULL, 10) : 1000000;
  int reps = argc > 2 ? atoi (argv[2]) : 7;
  if (n == 0 || reps < 1)
    {
      fprintf (stderr, "usage: bench-formula [N_ITEMS] [REPS]\n");
      return 2;
    }

  /* RICE-like inputs; 1% of the items lack "confidence" */
  GRand *rand = g_rand_new_with_seed (42);
  double *col[5];
  for (int c = 0; c < 5; c++)
    col[c] = g_new (double, n);
  static const double impacts[] = { 0.25, 0.5, 1, 2, 3 };
  for (gsize i = 0; i < n; i++)
    {
      col[0][i] = g_rand_int_range (rand, 1, 100000);
      col[1][i] = impacts[g_rand_int_range (rand, 0, 5)];
      col[2][i] = g_rand_int_range (rand, 0, 100) == 0
                  ? NAN : g_rand_int_range (rand, 1, 11) / 10.0;
      col[3][i] = g_rand_int_range (rand, 1, 25) / 2.0;
      col[4][i] = g_rand_int_range (rand, 0, 11);
    }
  g_rand_free (rand);

  GError *error = NULL;
  double t0 = now ();
  LpFormula *f = NULL;
  for (int i = 0; i < 1000; i++)
    {
      lp_formula_free (f);
      f = lp_formula_compile (FORMULA, NULL, &error);
    }
  double t_compile = (now () - t0) / 1000;
  if (f == NULL)
    {
      fprintf (stderr, "compile: %s\n", error->message);
      return 1;
    }
  const char *names[] = { "reach", "impact", "confidence", "effort",
                          "strategic" };
  const double *columns[5];
  g_assert (lp_formula_get_n_variables (f) == 5);
  for (guint v = 0; v < 5; v++)
    for (int k = 0; k < 5; k++)
      if (strcmp (lp_formula_get_variable (f, v), names[k]) == 0)
        columns[v] = col[k];

  double *out_bulk = g_new (double, n), *out_row = g_new (double, n),
         *out_plain = g_new (double, n), *out_checked = g_new (double, n);
  double best_bulk = G_MAXDOUBLE, best_row = G_MAXDOUBLE,
         best_plain = G_MAXDOUBLE, best_checked = G_MAXDOUBLE;
  for (int r = 0; r < reps; r++)
    {
      t0 = now ();
      plain_c (col[0], col[1], col[2], col[3], col[4], n, out_plain);
      best_plain = MIN (best_plain, now () - t0);

      t0 = now ();
      checked_c (col[0], col[1], col[2], col[3], col[4], n, out_checked);
      best_checked = MIN (best_checked, now () - t0);

      t0 = now ();
      lp_formula_evaluate_columns (f, columns, n, out_bulk);
      best_bulk = MIN (best_bulk, now () - t0);

      t0 = now ();
      for (gsize i = 0; i < n; i++)
        {
          double vars[5] = { col[0][i], col[1][i], col[2][i], col[3][i],
                             col[4][i] };
          double s;
          out_row[i] = lp_formula_evaluate (f, vars, &s, NULL) ? s : NAN;
        }
      best_row = MIN (best_row, now () - t0);
    }

  gsize n_scored = 0;
  for (gsize i = 0; i < n; i++)
    {
      if (!same (out_bulk[i], out_checked[i])
          || !same (out_row[i], out_checked[i])
          || !same (out_plain[i], out_checked[i]))
        {
          fprintf (stderr, "item %" G_GSIZE_FORMAT ": results differ: "
                   "%.17g %.17g %.17g %.17g\n", i, out_bulk[i], out_row[i],
                   out_plain[i], out_checked[i]);
          return 1;
        }
      n_scored += !isnan (out_bulk[i]);
    }

  printf ("formula: %s\n", FORMULA);
  printf ("items: %" G_GSIZE_FORMAT " (%" G_GSIZE_FORMAT " scored), best of "
          "%d runs; compile: %.1f us\n", n, n_scored, reps, t_compile * 1e6);
  printf ("  %-34s %8.2f ms  %7.1f M items/s\n", "hand-written C",
          best_plain * 1e3, n / best_plain / 1e6);
  printf ("  %-34s %8.2f ms  %7.1f M items/s\n",
          "hand-written C, non-finite -> NaN", best_checked * 1e3,
          n / best_checked / 1e6);
  printf ("  %-34s %8.2f ms  %7.1f M items/s\n",
          "formula, lp_formula_evaluate_columns", best_bulk * 1e3,
          n / best_bulk / 1e6);
  printf ("  %-34s %8.2f ms  %7.1f M items/s\n",
          "formula, lp_formula_evaluate / row", best_row * 1e3,
          n / best_row / 1e6);
  printf ("ratio bulk / hand-written C: %.2fx (goal: within 2x)\n",
          best_bulk / best_plain);
  printf ("ratio bulk / checked C:      %.2fx\n", best_bulk / best_checked);
  printf ("ratio per-row / hand-written C: %.2fx\n", best_row / best_plain);

  lp_formula_free (f);
  for (int c = 0; c < 5; c++)
    g_free (col[c]);
  g_free (out_bulk);
  g_free (out_row);
  g_free (out_plain);
  g_free (out_checked);
  return 0;
}
