/* What every fuzz target does with a backlog it managed to load. The
 * invariants checked here are the library's promises:
 *  - anything loaded or imported can be saved, and the saved document
 *    loads again into a backlog that saves to the very same bytes;
 *  - lenient ordering never fails; strict ordering fails only with
 *    LP_ERROR_CYCLE, and exactly when lp_backlog_find_cycles() finds one
 *    among open items;
 *  - an order never places an item before an open prerequisite;
 *  - next() returns only ready items;
 *  - no GLib critical or warning is ever reached. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "fuzz-common.h"

void
lp_fuzz_fail (const char *what, const GError *error)
{
  fprintf (stderr, "libproduct fuzz invariant broken: %s%s%s\n", what,
           error != NULL ? ": " : "", error != NULL ? error->message : "");
  abort ();
}

void
lp_fuzz_init (void)
{
  static gboolean done = FALSE;
  if (done)
    return;
  done = TRUE;
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  g_log_set_fatal_mask ("libproduct",
                        G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

static gboolean
is_open (const LpItem *item)
{
  LpItemStatus s = lp_item_get_status (item);
  return s == LP_ITEM_STATUS_TODO || s == LP_ITEM_STATUS_IN_PROGRESS;
}

/* Every open prerequisite of a ranked item is ranked before it. */
static void
check_ranking_respects_dependencies (LpBacklog *backlog, LpRanking *ranking)
{
  guint n = lp_ranking_get_n_items (ranking);
  g_autoptr (GHashTable) rank_of = g_hash_table_new (NULL, NULL);
  for (guint r = 0; r < n; r++)
    {
      LpItem *item = lp_ranking_get_item (ranking, r);
      if (item == NULL || !is_open (item))
        lp_fuzz_fail ("ranked item is not open", NULL);
      if (g_hash_table_contains (rank_of, item))
        lp_fuzz_fail ("item ranked twice", NULL);
      g_hash_table_insert (rank_of, item, GUINT_TO_POINTER (r + 1));
    }
  for (guint r = 0; r < n; r++)
    {
      LpItem *item = lp_ranking_get_item (ranking, r);
      g_autoptr (GPtrArray) pre = lp_backlog_dup_prerequisites (backlog, item);
      for (guint i = 0; i < pre->len; i++)
        {
          LpItem *p = g_ptr_array_index (pre, i);
          if (!is_open (p))
            continue;
          guint pr = GPOINTER_TO_UINT (g_hash_table_lookup (rank_of, p));
          if (pr == 0 || pr > r + 1)
            lp_fuzz_fail ("item ranked before an open prerequisite", NULL);
        }
    }
  /* ranked + excluded = every open item */
  guint open = 0;
  for (guint i = 0; i < lp_backlog_get_n_items (backlog); i++)
    if (is_open (lp_backlog_get_item_at (backlog, i)))
      open++;
  if (n + lp_ranking_get_n_excluded (ranking) != open)
    lp_fuzz_fail ("ranked + excluded != open items", NULL);
}

static void
exercise_order (LpBacklog *backlog)
{
  g_autoptr (GError) error = NULL;

  g_autoptr (LpCycles) cycles = lp_backlog_find_cycles (backlog, LP_CYCLES_ALL);
  g_autoptr (LpCycles) open_cycles =
    lp_backlog_find_cycles (backlog, LP_CYCLES_OPEN_ONLY);
  if (cycles == NULL || open_cycles == NULL)
    lp_fuzz_fail ("find_cycles returned NULL", NULL);
  if (lp_cycles_get_n_groups (open_cycles) > lp_cycles_get_n_groups (cycles))
    lp_fuzz_fail ("more cycle groups among open items than among all", NULL);
  for (guint g = 0; g < lp_cycles_get_n_groups (cycles); g++)
    {
      guint len = lp_cycles_get_path_length (cycles, g);
      if (len < 2 || lp_cycles_get_group_size (cycles, g) < 2)
        lp_fuzz_fail ("cycle group or path shorter than 2", NULL);
      for (guint i = 0; i < lp_cycles_get_group_size (cycles, g); i++)
        if (lp_cycles_get_member (cycles, g, i) == NULL)
          lp_fuzz_fail ("NULL cycle member", NULL);
      for (guint i = 0; i < len; i++)
        {
          LpItem *a = lp_cycles_get_path_item (cycles, g, i);
          LpItem *b = lp_cycles_get_path_item (cycles, g, (i + 1) % len);
          if (!lp_backlog_has_dependency (backlog, a, b))
            lp_fuzz_fail ("cycle path step is not a dependency", NULL);
        }
      g_free (lp_cycles_format_path (cycles, g));
    }

  g_autoptr (LpRanking) lenient =
    lp_backlog_order (backlog, NULL, LP_ORDER_LENIENT, &error);
  if (lenient == NULL)
    lp_fuzz_fail ("lenient order failed", error);
  check_ranking_respects_dependencies (backlog, lenient);
  for (guint i = 0; i < lp_ranking_get_n_excluded (lenient); i++)
    {
      if (lp_ranking_get_excluded_item (lenient, i) == NULL)
        lp_fuzz_fail ("NULL excluded item", NULL);
      if (lp_exclusion_to_string (lp_ranking_get_excluded_reason (lenient, i)) == NULL)
        lp_fuzz_fail ("invalid exclusion reason", NULL);
    }

  g_autoptr (LpRanking) strict =
    lp_backlog_order (backlog, NULL, LP_ORDER_STRICT, &error);
  if (strict == NULL)
    {
      if (!g_error_matches (error, LP_ERROR, LP_ERROR_CYCLE))
        lp_fuzz_fail ("strict order failed without a cycle error", error);
      if (lp_cycles_get_n_groups (open_cycles) == 0)
        lp_fuzz_fail ("strict order reports a cycle that find_cycles "
                      "(open items) does not", error);
      g_clear_error (&error);
    }
  else
    {
      check_ranking_respects_dependencies (backlog, strict);
      if (lp_cycles_get_n_groups (open_cycles) != 0)
        lp_fuzz_fail ("strict order succeeded despite a cycle among open "
                      "items", NULL);
    }

  g_autoptr (LpRanking) next = lp_backlog_next (backlog, NULL, 5, &error);
  if (next == NULL)
    lp_fuzz_fail ("next failed", error);
  if (lp_ranking_get_n_items (next) > 5)
    lp_fuzz_fail ("next returned more than asked for", NULL);
  for (guint r = 0; r < lp_ranking_get_n_items (next); r++)
    if (!lp_backlog_item_is_ready (backlog, lp_ranking_get_item (next, r)))
      lp_fuzz_fail ("next returned an item that is not ready", NULL);
}

void
lp_fuzz_exercise (LpBacklog *backlog)
{
  g_autoptr (GError) error = NULL;

  exercise_order (backlog);

  gsize len1 = 0;
  g_autofree char *saved1 = lp_backlog_save_data (backlog, &len1);
  if (saved1 == NULL || strlen (saved1) != len1)
    lp_fuzz_fail ("save_data returned no document or a wrong length", NULL);

  g_autoptr (LpBacklog) again = lp_backlog_load_data (saved1, len1, &error);
  if (again == NULL)
    {
      fprintf (stderr, "--- saved document:\n%s\n---\n", saved1);
      lp_fuzz_fail ("a saved document does not load", error);
    }
  if (lp_backlog_get_n_items (again) != lp_backlog_get_n_items (backlog)
      || lp_backlog_get_n_dependencies (again)
         != lp_backlog_get_n_dependencies (backlog))
    lp_fuzz_fail ("reloading changed the number of items or dependencies",
                  NULL);

  gsize len2 = 0;
  g_autofree char *saved2 = lp_backlog_save_data (again, &len2);
  if (len1 != len2 || memcmp (saved1, saved2, len1) != 0)
    {
      fprintf (stderr, "--- first save:\n%s\n--- after reload:\n%s\n---\n",
               saved1, saved2);
      lp_fuzz_fail ("save -> load -> save is not stable", NULL);
    }
}

static char *tmp_path;

static void
remove_tmp (void)
{
  if (tmp_path != NULL)
    g_unlink (tmp_path);
}

const char *
lp_fuzz_write_tmp (const uint8_t *data, size_t size)
{
  if (tmp_path == NULL)
    {
      int fd = g_file_open_tmp ("lp-fuzz-XXXXXX", &tmp_path, NULL);
      if (fd < 0)
        lp_fuzz_fail ("cannot create a temporary file", NULL);
      g_close (fd, NULL);
      atexit (remove_tmp);
    }
  FILE *f = fopen (tmp_path, "wb");
  if (f == NULL || (size > 0 && fwrite (data, 1, size, f) != size)
      || fclose (f) != 0)
    lp_fuzz_fail ("cannot write the temporary file", NULL);
  return tmp_path;
}
