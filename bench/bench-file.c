/* File-format benchmark: saves a seeded random backlog (N items, 4
 * dependencies each, the generator of bench-order.c) as libproduct/1 JSON,
 * loads it back, and prints times, throughput, peak memory and the targets
 * of issue 5. Asserts nothing about time (benchmarks are not tests).
 *
 *   bench/bench-file [--items N] [--labels K] [--path FILE] [--keep]
 *                    [--reps R] [--attributes A] [--own-attributes K]
 *                    [--prioritize PATH/TO/prioritize]
 *   bench/bench-file [N_ITEMS] [FILE]          (the older form)
 *
 * Defaults: 1000000 items, a temporary file (removed unless --keep), 3
 * runs (medians). Each load runs in a process of its own (this program
 * again, with --load-child FILE) so that its peak is its own: "peak+" is
 * that process's peak resident memory minus its resident memory before
 * loading. With --prioritize, `prioritize rank FILE` runs end to end
 * (output to /dev/null), timed, with its peak (ru_maxrss) as a whole.
 * With --labels K, each item also gets 0 to K labels (K / 2 on average)
 * drawn from 200, added through lp_item_add_label(): "build" times that
 * (the label path of the API), and the file carries them.
 * --attributes A gives every item A numeric attributes (a1 .. aA, common
 * to all: stored as dense columns); --own-attributes K gives every K-th
 * item one more attribute whose name no other item has (stored sparse).
 */
#include <libproduct/libproduct.h>
#include "bench-util.h"
#include <glib/gstdio.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>


/* Targets of issue 5 (printed, never asserted). */
#define TARGET_LOAD_S 1.2
#define TARGET_LOAD_PEAK_X 1.5
#define TARGET_SAVE_MBS 200.0
#define TARGET_RANK_S 2.5

static int
compare_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return (x > y) - (x < y);
}

static double
median (double *v, guint n)
{
  qsort (v, n, sizeof *v, compare_double);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

#define STREAM_LABELS G_GUINT64_CONSTANT (0x6c6162656c73)
#define N_LABEL_NAMES 200

/* Gives each item 0 to k labels of N_LABEL_NAMES; seconds taken. */
static double
add_labels (LpBacklog *b, guint k)
{
  char names[N_LABEL_NAMES][16];
  for (guint j = 0; j < N_LABEL_NAMES; j++)
    g_snprintf (names[j], sizeof names[j], "area-%u", j);
  guint n = lp_backlog_get_n_items (b);
  double t0 = now ();
  for (guint i = 0; i < n; i++)
    {
      LpItem *item = lp_backlog_get_item_at (b, i);
      guint64 r = rand_at (42 ^ STREAM_LABELS, i);
      for (guint l = (guint) (r % (k + 1)); l > 0; l--)
        {
          r = mix64 (r);
          if (!lp_item_add_label (item, names[r % N_LABEL_NAMES], NULL))
            g_error ("lp_item_add_label failed");
        }
    }
  return now () - t0;
}

/* The random backlog of bench-order (same ids, values, efforts and
 * dependencies), with short titles. */
static LpBacklog *
generate (guint n, guint n_attributes, guint own_every)
{
  GError *error = NULL;
  char **ids = g_new (char *, MAX (n, 1)), **titles = g_new (char *, MAX (n, 1));
  double *values = g_new (double, MAX (n, 1)), *efforts = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      ids[i] = g_strdup_printf ("LP-%u", i + 1);
      titles[i] = g_strdup_printf ("Item %u", i + 1);
      values[i] = (double) (rand_at (42 ^ STREAM_VALUES, i) % 10 + 1);
      efforts[i] = (double) (rand_at (42 ^ STREAM_EFFORTS, i) % 8 + 1);
    }
  LpBacklog *b = lp_backlog_new ();
  lp_backlog_set_name (b, "bench-file", NULL);
  if (!lp_backlog_add_items (b, n, (const char *const *) ids,
                             (const char *const *) titles, values, efforts,
                             &error))
    g_error ("%s", error->message);
  guint64 m = n > 0 ? (guint64) (n - 1) * 4 : 0;
  guint32 *dep = g_new (guint32, MAX (m, 1)), *pre = g_new (guint32, MAX (m, 1));
  guint k = 0;
  for (guint i = 1; i < n; i++)
    for (guint d = 0; d < 4; d++, k++)
      {
        dep[k] = i;
        pre[k] = (guint32) (rand_at (42 ^ STREAM_DEPS, k) % i);
      }
  if (!lp_backlog_add_dependencies (b, k, dep, pre, &error))
    g_error ("%s", error->message);
  char **names = g_new0 (char *, n_attributes + 1);
  for (guint a = 0; a < n_attributes; a++)
    names[a] = g_strdup_printf ("a%u", a + 1);
  for (guint i = 0; (n_attributes > 0 || own_every > 0) && i < n; i++)
    {
      LpItem *item = lp_backlog_get_item_at (b, i);
      for (guint a = 0; a < n_attributes; a++)
        lp_item_set_attribute (item, names[a],
                               (double) (rand_at (42 ^ a, i) % 100), NULL);
      if (own_every > 0 && i % own_every == 0)
        {
          char name[32];
          g_snprintf (name, sizeof name, "own%u", i);
          lp_item_set_attribute (item, name, 1, NULL);
        }
    }
  g_strfreev (names);
  for (guint i = 0; i < n; i++)
    {
      g_free (ids[i]);
      g_free (titles[i]);
    }
  g_free (ids);
  g_free (titles);
  g_free (values);
  g_free (efforts);
  g_free (dep);
  g_free (pre);
  return b;
}

typedef struct {
  double load, order, peak, base;
  guint n_items, n_deps;
} LoadRun;

/* --load-child FILE: loads and orders in this fresh process, prints one
 * LOADRUN line. */
static int
load_child (const char *path)
{
  GError *error = NULL;
  LoadRun r = { 0 };
  r.base = status_mb ("VmRSS:");
  reset_peak ();
  double t0 = now ();
  LpBacklog *b = lp_backlog_load_file (path, &error);
  double t1 = now ();
  if (b == NULL)
    {
      fprintf (stderr, "load: %s\n", error->message);
      return 1;
    }
  r.peak = status_mb ("VmHWM:") - r.base;
  LpRanking *rk = lp_backlog_order (b, NULL, LP_ORDER_STRICT, &error);
  double t2 = now ();
  if (rk == NULL)
    return 1;
  printf ("LOADRUN\t%.6f\t%.6f\t%.1f\t%.1f\t%u\t%u\n", t1 - t0, t2 - t1,
          r.peak, r.base, lp_backlog_get_n_items (b),
          lp_backlog_get_n_dependencies (b));
  lp_ranking_unref (rk);
  lp_backlog_unref (b);
  return 0;
}

/* Loads (and orders) in a new process; FALSE if it failed. */
static gboolean
load_in_child (const char *path, LoadRun *out)
{
  const char *argv[] = { "/proc/self/exe", "--load-child", path, NULL };
  char *output = NULL;
  int status = 0;
  fflush (stdout);
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &output, NULL, &status, NULL))
    return FALSE;
  const char *line = output != NULL ? strstr (output, "LOADRUN\t") : NULL;
  gboolean ok = line != NULL && g_spawn_check_wait_status (status, NULL)
    && sscanf (line, "LOADRUN\t%lf\t%lf\t%lf\t%lf\t%u\t%u", &out->load,
               &out->order, &out->peak, &out->base, &out->n_items,
               &out->n_deps) == 6;
  g_free (output);
  return ok;
}

/* Runs `prioritize rank FILE` with its output to /dev/null; seconds, and
 * the child's peak memory in MB. */
static gboolean
run_prioritize (const char *prioritize, const char *path, double *seconds,
                double *peak)
{
  fflush (stdout);
  double t0 = now ();
  pid_t pid = fork ();
  if (pid < 0)
    return FALSE;
  if (pid == 0)
    {
      int fd = open ("/dev/null", O_WRONLY);
      if (fd >= 0)
        dup2 (fd, 1);
      execl (prioritize, prioritize, "rank", path, (char *) NULL);
      _exit (127);
    }
  int status;
  struct rusage ru;
  if (wait4 (pid, &status, 0, &ru) < 0)
    return FALSE;
  *seconds = now () - t0;
  *peak = ru.ru_maxrss / 1024.0;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

int
main (int argc, char **argv)
{
  guint n = 1000000, reps = 3, labels = 0, n_attributes = 0, own_every = 0;
  char *path = NULL;
  const char *prioritize = NULL;
  gboolean keep = FALSE;
  int positional = 0;
  if (argc == 3 && strcmp (argv[1], "--load-child") == 0)
    return load_child (argv[2]);
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
      if (strcmp (a, "--keep") == 0)
        keep = TRUE;
      else if (v != NULL && strcmp (a, "--items") == 0)
        n = (guint) strtoul (argv[++i], NULL, 10);
      else if (v != NULL && strcmp (a, "--labels") == 0)
        labels = (guint) strtoul (argv[++i], NULL, 10);
      else if (v != NULL && strcmp (a, "--path") == 0)
        path = g_strdup (argv[++i]);
      else if (v != NULL && strcmp (a, "--reps") == 0)
        {
          reps = (guint) strtoul (argv[++i], NULL, 10);
          reps = MAX (reps, 1);
        }
      else if (v != NULL && strcmp (a, "--attributes") == 0)
        n_attributes = (guint) strtoul (argv[++i], NULL, 10);
      else if (v != NULL && strcmp (a, "--own-attributes") == 0)
        own_every = (guint) strtoul (argv[++i], NULL, 10);
      else if (v != NULL && strcmp (a, "--prioritize") == 0)
        prioritize = argv[++i];
      else if (a[0] != '-' && positional == 0)
        {
          n = (guint) strtoul (a, NULL, 10);
          positional++;
        }
      else if (a[0] != '-' && positional == 1)
        {
          path = g_strdup (a);
          positional++;
        }
      else
        {
          fprintf (stderr, "usage: bench-file [--items N] [--labels K] "
                   "[--path FILE] [--keep] [--reps R] [--attributes A] "
                   "[--own-attributes K] [--prioritize PATH]\n");
          return 2;
        }
    }
  if (path == NULL)
    path = g_build_filename (g_get_tmp_dir (), "lp-bench-file.json", NULL);

  GError *error = NULL;
  LpBacklog *b = generate (n, n_attributes, own_every);
  double build_labels = labels > 0 ? add_labels (b, labels) : 0;

  /* saving: in memory (lp_backlog_save_data), and to the file */
  double *save_data = g_new (double, reps), *save_file = g_new (double, reps);
  gsize length = 0;
  for (guint rep = 0; rep < reps; rep++)
    {
      double t0 = now ();
      char *text = lp_backlog_save_data (b, &length);
      save_data[rep] = now () - t0;
      g_free (text);
      t0 = now ();
      if (!lp_backlog_save_file (b, path, &error))
        g_error ("%s", error->message);
      save_file[rep] = now () - t0;
    }
  lp_backlog_unref (b);
  double file_mb = length / 1e6;

  double *load = g_new (double, reps), *order = g_new (double, reps);
  double peak = 0;
  LoadRun r = { 0 };
  for (guint rep = 0; rep < reps; rep++)
    {
      if (!load_in_child (path, &r))
        g_error ("loading %s failed", path);
      load[rep] = r.load;
      order[rep] = r.order;
      peak = MAX (peak, r.peak);
    }

  printf ("libproduct %s file benchmark: %u items, %u dependencies, %.1f MB "
          "file; median of %u runs\n", lp_get_version_string (), r.n_items,
          r.n_deps, file_mb, reps);
  if (labels > 0)
    printf ("build 0 to %u labels an item of %u: %.3f s\n", labels,
            N_LABEL_NAMES, build_labels);
  if (n_attributes > 0)
    printf ("attributes: %u on every item\n", n_attributes);
  if (own_every > 0)
    printf ("attributes: one of its own on every %u items\n", own_every);
  double sd = median (save_data, reps), sf = median (save_file, reps);
  double ld = median (load, reps), od = median (order, reps);
  printf ("save  in memory %.3f s  %.0f MB/s;  to the file %.3f s  %.0f MB/s\n",
          sd, file_mb / sd, sf, file_mb / sf);
  printf ("load  %.3f s  %.0f MB/s  peak +%.0f MB (%.2fx the file) over the "
          "process before loading\n", ld, file_mb / ld, peak,
          peak / (length / 1048576.0));
  printf ("order %.3f s (the first order after loading)\n",
          od);

  double rank_s = -1, rank_peak = -1;
  if (prioritize != NULL)
    {
      double *t = g_new (double, reps);
      for (guint rep = 0; rep < reps; rep++)
        {
          double pk;
          if (!run_prioritize (prioritize, path, &t[rep], &pk))
            g_error ("%s rank %s failed", prioritize, path);
          rank_peak = MAX (rank_peak, pk);
        }
      rank_s = median (t, reps);
      printf ("prioritize rank FILE > /dev/null: %.3f s, peak %.0f MB\n",
              rank_s, rank_peak);
      g_free (t);
    }

  printf ("\ntargets (issue 5; printed, never asserted):\n");
  printf ("  load <= %.1f s: %.3f s  [%s]\n", TARGET_LOAD_S, ld,
          ld <= TARGET_LOAD_S ? "met" : "MISSED");
  printf ("  load peak <= %.1fx the file: %.2fx  [%s]\n", TARGET_LOAD_PEAK_X,
          peak / (length / 1048576.0),
          peak / (length / 1048576.0) <= TARGET_LOAD_PEAK_X ? "met" : "MISSED");
  printf ("  save >= %.0f MB/s: %.0f MB/s in memory, %.0f MB/s to the file  [%s]\n",
          TARGET_SAVE_MBS, file_mb / sd, file_mb / sf,
          file_mb / sf >= TARGET_SAVE_MBS ? "met" : "MISSED");
  if (rank_s >= 0)
    printf ("  prioritize rank end to end <= %.1f s: %.3f s  [%s]\n",
            TARGET_RANK_S, rank_s, rank_s <= TARGET_RANK_S ? "met" : "MISSED");
  else
    printf ("  prioritize rank: give --prioritize BUILD/examples/prioritize\n");
  if (n != 1000000)
    printf ("  (the targets are for 10^6 items)\n");

  if (!keep)
    g_unlink (path);
  else
    printf ("\nkept %s\n", path);
  g_free (path);
  g_free (save_data);
  g_free (save_file);
  g_free (load);
  g_free (order);
  return 0;
}
