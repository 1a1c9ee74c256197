/* File-format benchmark: saves a seeded random backlog (N items, 4
 * dependencies each) as libproduct/1 JSON, loads it back, and prints times,
 * throughput and peak memory. Asserts nothing about time.
 *
 *   bench/bench-file [N_ITEMS] [PATH]   (default 1000000, a temporary file)
 */
#include <libproduct/libproduct.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
  return mb;
}

static double
rss_mb (void)
{
  char *status = NULL;
  double mb = -1;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *p = strstr (status, "VmRSS:");
      if (p)
        mb = g_ascii_strtod (p + 6, NULL) / 1024.0;
      g_free (status);
    }
  return mb;
}

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

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 1000000;
  char *path = argc > 2 ? g_strdup (argv[2])
                        : g_build_filename (g_get_tmp_dir (), "lp-bench-file.json", NULL);
  GRand *rand = g_rand_new_with_seed (42);
  GError *error = NULL;

  LpBacklog *b = lp_backlog_new ();
  for (guint i = 0; i < n; i++)
    {
      char id[32], title[64];
      g_snprintf (id, sizeof id, "LP-%u", i + 1);
      g_snprintf (title, sizeof title, "Story number %u of the benchmark", i + 1);
      LpItem *item = lp_backlog_add_item (b, id, title, &error);
      lp_item_set_value (item, g_rand_int_range (rand, 1, 11), NULL);
      lp_item_set_effort (item, g_rand_int_range (rand, 1, 9), NULL);
    }
  guint32 *dep = g_new (guint32, (gsize) n * 4), *pre = g_new (guint32, (gsize) n * 4);
  guint m = 0;
  for (guint i = 1; i < n; i++)
    for (int d = 0; d < 4; d++, m++)
      {
        dep[m] = i;
        pre[m] = g_rand_int_range (rand, 0, (gint32) i);
      }
  if (!lp_backlog_add_dependencies (b, m, dep, pre, &error))
    g_error ("%s", error->message);
  g_free (dep);
  g_free (pre);

  gint64 t0 = g_get_monotonic_time ();
  if (!lp_backlog_save_file (b, path, &error))
    g_error ("%s", error->message);
  double save_s = (g_get_monotonic_time () - t0) / 1e6;
  GStatBuf st;
  g_stat (path, &st);
  double file_mb = st.st_size / 1e6;
  lp_backlog_unref (b);

  double base = rss_mb ();
  reset_peak ();
  t0 = g_get_monotonic_time ();
  LpBacklog *loaded = lp_backlog_load_file (path, &error);
  if (loaded == NULL)
    g_error ("%s", error->message);
  double load_s = (g_get_monotonic_time () - t0) / 1e6;
  double load_peak = peak_mb () - base;
  t0 = g_get_monotonic_time ();
  LpRanking *r = lp_backlog_order (loaded, NULL, LP_ORDER_STRICT, &error);
  double order_s = (g_get_monotonic_time () - t0) / 1e6;
  if (r == NULL)
    g_error ("%s", error->message);

  printf ("libproduct %s file benchmark: %u items, %u dependencies, %.0f MB file\n",
          lp_get_version_string (), n, lp_backlog_get_n_dependencies (loaded),
          file_mb);
  printf ("save  %.3f s  %.0f MB/s\n", save_s, file_mb / save_s);
  printf ("load  %.3f s  %.0f MB/s  peak +%.0f MB over the process before loading\n",
          load_s, file_mb / load_s, load_peak);
  printf ("order %.3f s (first order after loading, adjacency built)\n", order_s);
  lp_ranking_unref (r);
  lp_backlog_unref (loaded);
  g_unlink (path);
  g_free (path);
  g_rand_free (rand);
  return 0;
}
