/* Hostile-input benchmark (issue 9): each class of attack, at --scale times
 * the size the issue reports (10 by default), run through the public API in
 * a child process of its own, with its wall time, its peak memory and how
 * it ended: ok, a GError (code and message), a signal, or killed at the
 * time limit. Printed, never asserted: the tests assert behaviour; this
 * says what each class costs.
 *
 *   bench-hostile [--scale S] [--timeout SECONDS] [--memory MB] [--only NAME,NAME]
 *                 [--keep DIR]
 *
 * Each child's address space is capped (--memory, 8192 MB by default), so
 * that a class which still grows without bound fails in its child (an
 * abort when GLib cannot allocate) instead of taking the machine's memory.
 *
 * Inputs are generated into a temporary folder (removed afterwards unless
 * --keep). The largest, the long string, is 2 GB at scale 10. */
#include "config.h"
#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <libproduct/libproduct.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench-util.h"

typedef struct {
  const char *name;
  const char *what;          /* the attack, at scale 1 */
  /* writes the input to `path` (NULL: none needed); returns its size */
  gsize (*generate) (const char *path, double scale);
  /* the operation under attack; returns TRUE on success */
  gboolean (*attack) (const char *path, double scale, GError **error);
} HostileCase;

/* --- generators -------------------------------------------------------- */

static FILE *
create_or_die (const char *path)
{
  FILE *f = fopen (path, "w");
  if (f == NULL)
    {
      g_printerr ("cannot write %s: %s\n", path, g_strerror (errno));
      exit (2);
    }
  return f;
}

static gsize
close_and_size (FILE *f)
{
  long size = ftell (f);
  if (fclose (f) != 0)
    {
      g_printerr ("write failed: %s\n", g_strerror (errno));
      exit (2);
    }
  return (gsize) size;
}

static guint
scaled (double base, double scale)
{
  return (guint) (base * scale + 0.5);
}

/* The k-th string of `pairs` two-letter blocks "Ab" or "BA" (bit i of k
 * chooses block i): all 2^pairs of them have one g_str_hash value, since
 * 'A' * 33 + 'b' == 'B' * 33 + 'A'. */
static void
collide_str (guint32 k, guint pairs, char *out)
{
  for (guint i = 0; i < pairs; i++)
    memcpy (out + 2 * i, (k >> i) & 1 ? "BA" : "Ab", 2);
  out[2 * pairs] = '\0';
}

static guint
pairs_for (guint n)
{
  guint pairs = 1;
  while (pairs < 31 && (1u << pairs) < n)
    pairs++;
  return pairs;
}

static gsize
gen_deep_scorecard (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint depth = scaled (300000, scale);
  fputs ("{\"criteria\": /*\"*/ ", f);
  for (guint i = 0; i < depth; i++)
    fputc ('[', f);
  return close_and_size (f);
}

static gsize
gen_deep_backlog (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint depth = scaled (300000, scale);
  fputs ("{\"format\": \"libproduct/1\", \"x-extension\": ", f);
  for (guint i = 0; i < depth; i++)
    fputc ('[', f);
  for (guint i = 0; i < depth; i++)
    fputc (']', f);
  fputs (", \"items\": []}\n", f);
  return close_and_size (f);
}

static gsize
gen_distinct_attributes (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint n = scaled (20000, scale);
  fputs ("{\"format\": \"libproduct/1\", \"items\": [\n", f);
  for (guint i = 0; i < n; i++)
    fprintf (f, "%s{\"id\": \"I-%u\", \"attributes\": {\"a%u\": 1}}\n",
             i ? "," : "", i, i);
  fputs ("]}\n", f);
  return close_and_size (f);
}

static gsize
gen_one_item_attributes (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint n = scaled (130000, scale);
  fputs ("{\"format\": \"libproduct/1\", \"items\": [{\"id\": \"I-1\", \"attributes\": {", f);
  for (guint i = 0; i < n; i++)
    fprintf (f, "%s\"a%u\": %u", i ? "," : "", i, i % 10);
  fputs ("}}]}\n", f);
  return close_and_size (f);
}

static gsize
gen_colliding_labels (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint n = scaled (32768, scale), pairs = pairs_for (n);
  char label[64];
  fputs ("{\"format\": \"libproduct/1\", \"items\": [\n", f);
  for (guint i = 0; i < n; i++)
    {
      collide_str (i, pairs, label);
      fprintf (f, "%s{\"id\": \"I-%u\", \"labels\": [\"%s\"]}\n", i ? "," : "",
               i, label);
    }
  fputs ("]}\n", f);
  return close_and_size (f);
}

static gsize
gen_colliding_csv_ids (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint n = scaled (32768, scale), pairs = pairs_for (n);
  char id[64];
  fputs ("id,title,value,effort\n", f);
  for (guint i = 0; i < n; i++)
    {
      collide_str (i, pairs, id);
      fprintf (f, "%s,t,%u,%u\n", id, 1 + i % 9, 1 + i % 5);
    }
  return close_and_size (f);
}

static gsize
gen_colliding_ids (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint n = scaled (250000, scale), pairs = pairs_for (n);
  char id[64];
  fputs ("{\"format\": \"libproduct/1\", \"items\": [\n", f);
  for (guint i = 0; i < n; i++)
    {
      collide_str (i, pairs, id);
      fprintf (f, "%s{\"id\": \"%s\"}\n", i ? "," : "", id);
    }
  fputs ("]}\n", f);
  return close_and_size (f);
}

static gsize
gen_many_labels (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint n = scaled (400000, scale);
  fputs ("{\"format\": \"libproduct/1\", \"items\": [{\"id\": \"I-1\", \"labels\": [", f);
  for (guint i = 0; i < n; i++)
    fprintf (f, "%s\"l%u\"", i ? "," : "", i);
  fputs ("]}]}\n", f);
  return close_and_size (f);
}

static gsize
gen_many_criteria (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  guint n = scaled (150000, scale);
  fputs ("{\"criteria\": [", f);
  for (guint i = 0; i < n; i++)
    fprintf (f, "%s{\"name\": \"c%u\", \"weight\": 1}", i ? "," : "", i);
  fputs ("]}\n", f);
  return close_and_size (f);
}

static gsize
gen_long_string (const char *path, double scale)
{
  FILE *f = create_or_die (path);
  gsize n = (gsize) (200e6 * scale);
  static char run[1 << 16];
  memset (run, 'x', sizeof run);
  fputs ("{\"format\": \"libproduct/1\", \"items\": [{\"id\": \"I-1\", \"title\": \"", f);
  for (gsize done = 0; done < n; done += sizeof run)
    fwrite (run, 1, MIN (sizeof run, n - done), f);
  fputs ("\"}]}\n", f);
  return close_and_size (f);
}

/* --- attacks ----------------------------------------------------------- */

static gboolean
attack_scorecard (const char *path, double scale, GError **error)
{
  (void) scale;
  LpScoreModel *m = lp_score_model_new_scorecard_from_file (path, error);
  if (m)
    lp_score_model_unref (m);
  return m != NULL;
}

static gboolean
attack_load (const char *path, double scale, GError **error)
{
  (void) scale;
  LpBacklog *b = lp_backlog_load_file (path, error);
  if (b == NULL)
    return FALSE;
  /* the loaded backlog is used, not only parsed */
  LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, error);
  if (r)
    lp_ranking_unref (r);
  lp_backlog_unref (b);
  return r != NULL;
}

static gboolean
attack_load_memory (const char *path, double scale, GError **error)
{
  (void) scale;
  char *data = NULL;
  gsize length = 0;
  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  LpBacklog *b = lp_backlog_load_data (data, length, error);
  g_free (data);
  if (b)
    lp_backlog_unref (b);
  return b != NULL;
}

static gboolean
attack_csv (const char *path, double scale, GError **error)
{
  (void) scale;
  LpBacklog *b = lp_backlog_import_csv_file (path, error);
  if (b == NULL)
    return FALSE;
  LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, error);
  if (r)
    lp_ranking_unref (r);
  lp_backlog_unref (b);
  return r != NULL;
}

static gboolean
attack_endless_json (const char *path, double scale, GError **error)
{
  (void) path; (void) scale;
  LpBacklog *b = lp_backlog_load_file ("/dev/zero", error);
  if (b)
    lp_backlog_unref (b);
  return b != NULL;
}

static gboolean
attack_endless_csv (const char *path, double scale, GError **error)
{
  (void) path; (void) scale;
  LpBacklog *b = lp_backlog_import_csv_file ("/dev/zero", error);
  if (b)
    lp_backlog_unref (b);
  return b != NULL;
}

static gboolean
adding_score (const LpItem *item, double *score, gpointer user_data)
{
  LpBacklog *b = user_data;
  char id[32];
  g_snprintf (id, sizeof id, "added-%s", lp_item_get_id (item));
  /* refused while the backlog is being ordered; the error is dropped on
   * purpose: the bench measures that this does not crash */
  lp_backlog_add_item (b, id, "added", NULL);
  *score = 1;
  return TRUE;
}

static gboolean
attack_mutating_callback (const char *path, double scale, GError **error)
{
  (void) path;
  LpBacklog *b = lp_backlog_new ();
  guint n = scaled (10000, scale);
  for (guint i = 0; i < n; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "I-%u", i);
      lp_backlog_add_item (b, id, NULL, NULL);
    }
  LpScoreModel *m = lp_score_model_new_custom ("adding", adding_score, b, NULL);
  LpRanking *r = lp_backlog_order (b, m, LP_ORDER_LENIENT, error);
  gboolean unchanged = lp_backlog_get_n_items (b) == n;
  if (r)
    lp_ranking_unref (r);
  lp_score_model_unref (m);
  lp_backlog_unref (b);
  if (r != NULL && !unchanged)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_BUSY,
                   "the callback changed the backlog it was scoring");
      return FALSE;
    }
  return r != NULL;
}

static const HostileCase cases[] = {
  { "deep-scorecard", "scorecard nested 300,000 deep behind a comment with a quote",
    gen_deep_scorecard, attack_scorecard },
  { "deep-backlog", "backlog with an unknown member nested 300,000 deep",
    gen_deep_backlog, attack_load },
  { "mutating-callback", "custom model adding items while 10,000 are ordered",
    NULL, attack_mutating_callback },
  { "endless-json", "lp_backlog_load_file (/dev/zero)", NULL, attack_endless_json },
  { "endless-csv", "lp_backlog_import_csv_file (/dev/zero)", NULL, attack_endless_csv },
  { "distinct-attributes", "20,000 items, one attribute name each",
    gen_distinct_attributes, attack_load },
  { "one-item-attributes", "one item with 130,000 attribute names",
    gen_one_item_attributes, attack_load },
  { "colliding-ids", "250,000 item ids of Ab/BA blocks (one g_str_hash value)",
    gen_colliding_ids, attack_load },
  { "colliding-labels", "32,768 labels of Ab/BA blocks",
    gen_colliding_labels, attack_load },
  { "colliding-csv-ids", "32,768 CSV ids of Ab/BA blocks",
    gen_colliding_csv_ids, attack_csv },
  { "many-labels", "one item with 400,000 labels", gen_many_labels, attack_load },
  { "many-criteria", "scorecard with 150,000 criteria",
    gen_many_criteria, attack_scorecard },
  { "long-string-file", "lp_backlog_load_file, a 200 MB title",
    gen_long_string, attack_load },
  { "long-string-memory", "lp_backlog_load_data, a 200 MB title",
    gen_long_string, attack_load_memory },
};

/* --- driver ------------------------------------------------------------ */

static void
run_case (const HostileCase *c, const char *dir, double scale, guint timeout,
          guint memory_mb)
{
  char *path = g_build_filename (dir, c->name, NULL);
  gsize size = 0;
  if (c->generate)
    size = c->generate (path, scale);

  int pipefd[2];
  if (pipe (pipefd) != 0)
    exit (2);
  double t0 = now ();
  pid_t pid = fork ();
  if (pid == 0)
    {
      close (pipefd[0]);
      struct rlimit cap = { (rlim_t) memory_mb << 20, (rlim_t) memory_mb << 20 };
      setrlimit (RLIMIT_AS, &cap);
      alarm (timeout);
      GError *error = NULL;
      gboolean ok = c->attack (path, scale, &error);
      char *line = ok ? g_strdup ("ok")
                      : g_strdup_printf ("error %d: %.70s", error ? error->code : 0,
                                         error ? error->message : "(no GError)");
      if (write (pipefd[1], line, strlen (line)) < 0)
        _exit (3);
      _exit (0);
    }
  close (pipefd[1]);
  int status = 0;
  struct rusage usage;
  while (wait4 (pid, &status, 0, &usage) < 0 && errno == EINTR)
    ;
  double seconds = now () - t0;
  char outcome[200] = "";
  ssize_t got = read (pipefd[0], outcome, sizeof outcome - 1);
  outcome[got > 0 ? got : 0] = '\0';
  close (pipefd[0]);
  for (char *p = outcome; *p; p++)
    if (*p == '\n' || *p == '\t')
      *p = ' ';
  if (WIFSIGNALED (status))
    g_snprintf (outcome, sizeof outcome, WTERMSIG (status) == SIGALRM
                ? "TIMEOUT (killed after %u s)" : "CRASH (signal %d)",
                WTERMSIG (status) == SIGALRM ? timeout : (guint) WTERMSIG (status));
  printf ("%-20s %10.1f %9.3f %9.1f  %s\n", c->name, size / 1e6, seconds,
          usage.ru_maxrss / 1024.0, outcome);
  fflush (stdout);
  g_unlink (path);
  g_free (path);
}

int
main (int argc, char **argv)
{
  double scale = 10;
  gint timeout = 60, memory_mb = 8192;
  char *only = NULL, *keep = NULL;
  GOptionEntry entries[] = {
    { "scale", 0, 0, G_OPTION_ARG_DOUBLE, &scale, "sizes times the issue's (10)", "S" },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "seconds per case (60)", "T" },
    { "memory", 0, 0, G_OPTION_ARG_INT, &memory_mb, "address space per case (8192)", "MB" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "cases to run, comma-separated", "NAMES" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "write the inputs here and keep them", "DIR" },
    { NULL }
  };
  GOptionContext *ctx = g_option_context_new ("- cost of each hostile input class");
  g_option_context_add_main_entries (ctx, entries, NULL);
  GError *error = NULL;
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || scale <= 0 || timeout <= 0
      || memory_mb <= 0)
    {
      g_printerr ("%s\n", error ? error->message : "--scale, --timeout and --memory must be > 0");
      return 2;
    }
  g_option_context_free (ctx);

  char *dir = keep ? g_strdup (keep) : g_dir_make_tmp ("lp-hostile-XXXXXX", NULL);
  if (dir == NULL || g_mkdir_with_parents (dir, 0700) != 0)
    return 2;
  char **names = only ? g_strsplit (only, ",", -1) : NULL;

  printf ("libproduct %s: hostile inputs at %g x the sizes of issue 9, "
          "each in its own process, %d s and %d MB limits\n\n",
          lp_get_version_string (), scale, timeout, memory_mb);
  printf ("%-20s %10s %9s %9s  %s\n", "class", "input MB", "seconds", "peak MB",
          "outcome");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    if (names == NULL || g_strv_contains ((const char *const *) names, cases[i].name))
      run_case (&cases[i], dir, scale, (guint) timeout, (guint) memory_mb);
  printf ("\nAt scale 1 each class is what issue 9 reports:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    printf ("  %-20s %s\n", cases[i].name, cases[i].what);

  if (keep == NULL)
    g_rmdir (dir);
  g_strfreev (names);
  g_free (dir);
  g_free (only);
  g_free (keep);
  return 0;
}
