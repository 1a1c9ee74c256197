/* Dependency-ordering benchmark: builds seeded random backlogs and a long
 * chain through the public API and times build + order. Prints figures;
 * asserts nothing about time.
 *
 *   bench/bench-order [N_ITEMS] [DEPS_PER_ITEM]   (default 1000000 4)
 */
#include <libproduct/libproduct.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static guint64 rng_state = 0x9E3779B97F4A7C15u;

static guint64
rng_next (void)
{
  /* xorshift64*: fixed seed, same backlog every run */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Du;
}

/* Peak resident memory (VmHWM) in MB since the last reset_peak(). */
static double
peak_mb (void)
{
  char *status = NULL;
  double mb = -1;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *p = strstr (status, "VmHWM:");
      if (p)
        mb = g_ascii_strtod (p + 6, NULL) / 1024.0;
      g_free (status);
    }
  if (mb < 0)
    {
      struct rusage ru;
      getrusage (RUSAGE_SELF, &ru);
      mb = ru.ru_maxrss / 1024.0;
    }
  return mb;
}

/* Linux resets VmHWM to the current RSS on "5" (since 4.0). */
static void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  if (f)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static LpBacklog *
build (guint n, guint deps_per_item, gboolean chain, double *seconds)
{
  gint64 t0 = g_get_monotonic_time ();
  LpBacklog *b = lp_backlog_new ();
  char **ids = g_new (char *, n);
  double *values = g_new (double, n), *efforts = g_new (double, n);
  for (guint i = 0; i < n; i++)
    {
      ids[i] = g_strdup_printf ("LP-%u", i + 1);
      /* few distinct scores: many ties, as in real backlogs */
      values[i] = (double) (rng_next () % 10 + 1);
      efforts[i] = (double) (rng_next () % 8 + 1);
    }
  GError *error = NULL;
  if (!lp_backlog_add_items (b, n, (const char *const *) ids, NULL, values,
                             efforts, &error))
    g_error ("%s", error->message);
  guint m = chain ? n - 1 : n * deps_per_item;
  guint32 *dep = g_new (guint32, MAX (m, 1)), *pre = g_new (guint32, MAX (m, 1));
  guint k = 0;
  if (chain)
    for (guint i = 1; i < n; i++, k++)
      {
        dep[k] = i - 1;   /* each item waits on the next one: the order */
        pre[k] = i;       /* must run the whole chain backwards */
      }
  else
    for (guint i = 1; i < n && k < m; i++)
      for (guint d = 0; d < deps_per_item && k < m; d++, k++)
        {
          dep[k] = i;
          pre[k] = (guint32) (rng_next () % i);
        }
  if (!lp_backlog_add_dependencies (b, k, dep, pre, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < n; i++)
    g_free (ids[i]);
  g_free (ids);
  g_free (values);
  g_free (efforts);
  g_free (dep);
  g_free (pre);
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  return b;
}

static void
run (const char *label, guint n, guint deps, gboolean chain)
{
  double build_s;
  reset_peak ();
  LpBacklog *b = build (n, deps, chain, &build_s);
  double build_peak = peak_mb ();
  reset_peak ();
  GError *error = NULL;
  double best = INFINITY;
  guint placed = 0;
  for (int rep = 0; rep < 3; rep++)
    {
      gint64 t0 = g_get_monotonic_time ();
      LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_STRICT, &error);
      double s = (g_get_monotonic_time () - t0) / 1e6;
      if (r == NULL)
        g_error ("%s", error->message);
      placed = lp_ranking_get_n_items (r);
      lp_ranking_unref (r);
      best = MIN (best, s);
    }
  printf ("%-8s items=%-8u deps=%-8u build=%.3f s  order(best of 3)=%.3f s  "
          "%.1f ns/item  placed=%u\n"
          "         peak RSS: build %.0f MB (includes the benchmark's own input "
          "arrays), order %.0f MB\n",
          label, n, lp_backlog_get_n_dependencies (b), build_s, best,
          best * 1e9 / n, placed, build_peak, peak_mb ());
  lp_backlog_unref (b);
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  guint deps = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 4;
  printf ("libproduct %s ordering benchmark\n", lp_get_version_string ());
  run ("random", n, deps, FALSE);
  run ("chain", n, 0, TRUE);
  return 0;
}
