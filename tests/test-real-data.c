/* Check suite "real-data": imports the public Jira samples of
 * ../shared/data/real (see the README there), checks the dependency graph
 * against the *_deps.csv edge lists and the ordering against a deliberately
 * simple reference implementation written from the specification.
 *
 * The directory is not part of the project: when it is absent every test
 * prints a "skipped" line and passes. */
#include <string.h>
#include <stdio.h>
#include "lp-test.h"

#define REAL_DATA_DIR LP_TEST_SRCDIR "/../shared/data/real"

typedef struct {
  const char *csv;
  const char *deps;
  guint n_items;
  guint n_dependencies;
  /* status counts under the documented mapping */
  guint n_todo, n_in_progress, n_done, n_dropped;
  guint n_valued, n_estimated;
  /* the lenient order */
  guint n_ranked, n_excluded;
  const char *first[3];
} Dataset;

/* The expected counts were computed with a separate Python script applying
 * the mapping documented in libproduct/lp-csv.c. */
static const Dataset datasets[] = {
  { "duraspace_jira.csv", "duraspace_jira_deps.csv", 3036, 129,
    650, 16, 2007, 363, 3036, 569, 665, 1,
    { "DURACLOUD-233", "DURACLOUD-701", "DURACLOUD-714" } },
  { "springxd_sp.csv", "springxd_sp_deps.csv", 3526, 119,
    3526, 0, 0, 0, 0, 3526, 3526, 0,
    { "XD-1", "XD-2", "XD-6" } },
};

static gboolean
real_data_present (void)
{
  if (g_file_test (REAL_DATA_DIR, G_FILE_TEST_IS_DIR))
    return TRUE;
  printf ("skipped: ../shared/data/real absent\n");
  fflush (stdout);
  return FALSE;
}

static LpBacklog *
import_dataset (const Dataset *ds)
{
  char *path = g_build_filename (REAL_DATA_DIR, ds->csv, NULL);
  GError *err = NULL;
  LpBacklog *b = lp_backlog_import_csv_file (path, &err);
  ck_assert_msg (b != NULL, "%s: %s", path, err != NULL ? err->message : "");
  g_free (path);
  return b;
}

static gboolean
is_open (LpItemStatus s)
{
  return s == LP_ITEM_STATUS_TODO || s == LP_ITEM_STATUS_IN_PROGRESS;
}

/* --- import ------------------------------------------------------------ */

START_TEST (test_import)
{
  if (!real_data_present ())
    return;
  const Dataset *ds = &datasets[_i];
  LpBacklog *b = import_dataset (ds);
  guint n = lp_backlog_get_n_items (b);
  ck_assert_uint_eq (n, ds->n_items);

  guint counts[4] = { 0 }, valued = 0, estimated = 0;
  for (guint i = 0; i < n; i++)
    {
      LpItem *it = lp_backlog_get_item_at (b, i);
      counts[lp_item_get_status (it)]++;
      valued += lp_item_has_value (it);
      estimated += lp_item_has_effort (it);
      ck_assert_uint_eq (lp_item_get_position (it), i);
    }
  ck_assert_uint_eq (counts[LP_ITEM_STATUS_TODO], ds->n_todo);
  ck_assert_uint_eq (counts[LP_ITEM_STATUS_IN_PROGRESS], ds->n_in_progress);
  ck_assert_uint_eq (counts[LP_ITEM_STATUS_DONE], ds->n_done);
  ck_assert_uint_eq (counts[LP_ITEM_STATUS_DROPPED], ds->n_dropped);
  ck_assert_uint_eq (valued, ds->n_valued);
  ck_assert_uint_eq (estimated, ds->n_estimated);

  /* every edge of the edge list is there, and nothing else */
  char *path = g_build_filename (REAL_DATA_DIR, ds->deps, NULL);
  char *text = NULL;
  GError *err = NULL;
  ck_assert_msg (g_file_get_contents (path, &text, NULL, &err), "%s: %s",
                 path, err != NULL ? err->message : "");
  char **lines = g_strsplit (text, "\n", -1);
  guint n_edges = 0;
  for (guint k = 1; lines[k] != NULL; k++) /* line 0 is the header */
    {
      g_strchomp (lines[k]);
      if (lines[k][0] == '\0')
        continue;
      char **f = g_strsplit (lines[k], ",", 3);
      ck_assert_msg (f[0] != NULL && f[1] != NULL, "%s: bad line %u", path,
                     k + 1);
      LpItem *pre = lp_backlog_get_item (b, f[0]);
      LpItem *dep = lp_backlog_get_item (b, f[1]);
      ck_assert_msg (pre != NULL && dep != NULL, "%s: unknown item on line %u",
                     path, k + 1);
      ck_assert_msg (lp_backlog_has_dependency (b, dep, pre),
                     "missing dependency: %s depends on %s", f[1], f[0]);
      ck_assert_msg (!lp_backlog_has_dependency (b, pre, dep),
                     "reversed dependency: %s depends on %s", f[0], f[1]);
      n_edges++;
      g_strfreev (f);
    }
  ck_assert_uint_eq (n_edges, ds->n_dependencies);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), n_edges);
  g_strfreev (lines);
  g_free (text);
  g_free (path);
  lp_backlog_unref (b);
}
END_TEST

/* --- the reference order ----------------------------------------------- */

typedef struct {
  guint n;
  LpItem **items;       /* by manual position */
  LpItemStatus *status;
  double *score;        /* NaN: unscored */
  GPtrArray **pre;      /* direct prerequisites */
  guint32 *order;       /* positions, the reference order */
  guint n_order;
  gboolean *blocked;    /* open and (transitively) behind a dropped item */
  gboolean *placed;
} Reference;

static guint
pos_of (gconstpointer item)
{
  return lp_item_get_position (item);
}

/* The specification, followed literally and slowly: O(n * (n + e)). */
static void
reference_compute (LpBacklog *b, Reference *ref)
{
  guint n = lp_backlog_get_n_items (b);
  ref->n = n;
  ref->items = g_new (LpItem *, n);
  ref->status = g_new (LpItemStatus, n);
  ref->score = g_new (double, n);
  ref->pre = g_new (GPtrArray *, n);
  ref->order = g_new (guint32, n);
  ref->n_order = 0;
  ref->blocked = g_new0 (gboolean, n);
  ref->placed = g_new0 (gboolean, n);
  for (guint i = 0; i < n; i++)
    {
      LpItem *it = lp_backlog_get_item_at (b, i);
      ref->items[i] = it;
      ref->status[i] = lp_item_get_status (it);
      ref->score[i] = lp_item_has_value (it) && lp_item_has_effort (it)
                        ? lp_item_get_value (it) / lp_item_get_effort (it)
                        : NAN;
      ref->pre[i] = lp_backlog_dup_prerequisites (b, it);
    }

  /* open items behind a dropped item, directly or through open items */
  gboolean changed = TRUE;
  while (changed)
    {
      changed = FALSE;
      for (guint i = 0; i < n; i++)
        {
          if (!is_open (ref->status[i]) || ref->blocked[i])
            continue;
          for (guint k = 0; k < ref->pre[i]->len; k++)
            {
              guint p = pos_of (g_ptr_array_index (ref->pre[i], k));
              if (ref->status[p] == LP_ITEM_STATUS_DROPPED
                  || (is_open (ref->status[p]) && ref->blocked[p]))
                {
                  ref->blocked[i] = TRUE;
                  changed = TRUE;
                  break;
                }
            }
        }
    }

  /* repeatedly take the best item whose prerequisites are done or placed */
  for (;;)
    {
      guint best = G_MAXUINT;
      for (guint i = 0; i < n; i++)
        {
          if (!is_open (ref->status[i]) || ref->placed[i] || ref->blocked[i])
            continue;
          gboolean ready = TRUE;
          for (guint k = 0; k < ref->pre[i]->len && ready; k++)
            {
              guint p = pos_of (g_ptr_array_index (ref->pre[i], k));
              ready = ref->status[p] == LP_ITEM_STATUS_DONE || ref->placed[p];
            }
          if (!ready)
            continue;
          if (best == G_MAXUINT)
            best = i;
          else if (!isnan (ref->score[i])
                   && (isnan (ref->score[best])
                       || ref->score[i] > ref->score[best]))
            best = i; /* strictly better: ties keep the earlier item */
        }
      if (best == G_MAXUINT)
        break;
      ref->placed[best] = TRUE;
      ref->order[ref->n_order++] = best;
    }
}

static void
reference_clear (Reference *ref)
{
  for (guint i = 0; i < ref->n; i++)
    g_ptr_array_unref (ref->pre[i]);
  g_free (ref->items);
  g_free (ref->status);
  g_free (ref->score);
  g_free (ref->pre);
  g_free (ref->order);
  g_free (ref->blocked);
  g_free (ref->placed);
}

static const char *
id_at (const Reference *ref, guint pos)
{
  return lp_item_get_id (ref->items[pos]);
}

/* Checks a ranking of the backlog `ref` was computed from. */
static void
check_ranking (const Reference *ref, LpRanking *r, const char *what)
{
  guint n = ref->n;
  guint n_ranked = lp_ranking_get_n_items (r);
  guint n_excluded = lp_ranking_get_n_excluded (r);
  guint *rank = g_new (guint, n);
  guint *seen = g_new0 (guint, n);
  for (guint i = 0; i < n; i++)
    rank[i] = G_MAXUINT;

  for (guint k = 0; k < n_ranked; k++)
    {
      guint p = lp_item_get_position (lp_ranking_get_item (r, k));
      ck_assert_uint_lt (p, n);
      ck_assert_msg (is_open (ref->status[p]), "%s: %s is ranked but not open",
                     what, id_at (ref, p));
      seen[p]++;
      rank[p] = k;
    }
  guint last_excluded = 0;
  for (guint k = 0; k < n_excluded; k++)
    {
      guint p = lp_item_get_position (lp_ranking_get_excluded_item (r, k));
      ck_assert_uint_lt (p, n);
      ck_assert_msg (is_open (ref->status[p]),
                     "%s: %s is excluded but not open", what, id_at (ref, p));
      ck_assert_msg (k == 0 || p > last_excluded,
                     "%s: excluded items not in manual order", what);
      last_excluded = p;
      seen[p]++;
      if (ref->blocked[p])
        ck_assert_int_eq (lp_ranking_get_excluded_reason (r, k),
                          LP_EXCLUSION_BLOCKED_BY_DROPPED);
    }

  /* (b) every open item exactly once in ranked + excluded */
  for (guint i = 0; i < n; i++)
    ck_assert_msg (seen[i] == (is_open (ref->status[i]) ? 1u : 0u),
                   "%s: %s (status %d) appears %u times", what, id_at (ref, i),
                   (int) ref->status[i], seen[i]);

  /* (a) no dependency is violated */
  for (guint k = 0; k < n_ranked; k++)
    {
      guint p = lp_item_get_position (lp_ranking_get_item (r, k));
      for (guint j = 0; j < ref->pre[p]->len; j++)
        {
          guint q = pos_of (g_ptr_array_index (ref->pre[p], j));
          ck_assert_msg (ref->status[q] != LP_ITEM_STATUS_DROPPED,
                         "%s: %s is ranked but depends on dropped %s", what,
                         id_at (ref, p), id_at (ref, q));
          if (is_open (ref->status[q]))
            ck_assert_msg (rank[q] < k,
                           "%s: %s (rank %u) before its prerequisite %s", what,
                           id_at (ref, p), k, id_at (ref, q));
        }
    }

  /* (c) the order is the reference order */
  for (guint k = 0; k < MIN (n_ranked, ref->n_order); k++)
    {
      guint p = lp_item_get_position (lp_ranking_get_item (r, k));
      guint e = ref->order[k];
      ck_assert_msg (p == e,
                     "%s: rank %u is %s (score %g), the reference has %s "
                     "(score %g)", what, k, id_at (ref, p), ref->score[p],
                     id_at (ref, e), ref->score[e]);
      double s = lp_ranking_get_score (r, k);
      ck_assert_msg ((isnan (s) && isnan (ref->score[e])) || s == ref->score[e],
                     "%s: rank %u (%s) has score %g, expected %g", what, k,
                     id_at (ref, e), s, ref->score[e]);
    }
  ck_assert_uint_eq (n_ranked, ref->n_order);

  g_free (seen);
  g_free (rank);
}

static void
check_first (const Dataset *ds, LpRanking *r)
{
  ck_assert_uint_eq (lp_ranking_get_n_items (r), ds->n_ranked);
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), ds->n_excluded);
  for (guint k = 0; k < G_N_ELEMENTS (ds->first); k++)
    ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r, k)),
                      ds->first[k]);
}

START_TEST (test_order)
{
  if (!real_data_present ())
    return;
  const Dataset *ds = &datasets[_i];
  LpBacklog *b = import_dataset (ds);
  Reference ref;
  reference_compute (b, &ref);

  GError *err = NULL;
  LpRanking *lenient = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, &err);
  ck_assert_msg (lenient != NULL, "lenient order failed: %s",
                 err != NULL ? err->message : "");
  check_ranking (&ref, lenient, "lenient");
  check_first (ds, lenient);

  /* the data sets are documented acyclic */
  LpCycles *open_cycles = lp_backlog_find_cycles (b, LP_CYCLES_OPEN_ONLY);
  LpCycles *all_cycles = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (all_cycles), 0);
  ck_assert_uint_eq (lp_cycles_get_n_groups (open_cycles), 0);
  for (guint k = 0; k < lp_ranking_get_n_excluded (lenient); k++)
    ck_assert_int_eq (lp_ranking_get_excluded_reason (lenient, k),
                      LP_EXCLUSION_BLOCKED_BY_DROPPED);

  /* so the strict order succeeds, and is the same */
  if (lp_cycles_get_n_groups (open_cycles) == 0)
    {
      LpRanking *strict = lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err);
      ck_assert_msg (strict != NULL, "strict order failed: %s",
                     err != NULL ? err->message : "");
      check_ranking (&ref, strict, "strict");
      lp_ranking_unref (strict);
    }
  lp_cycles_unref (all_cycles);
  lp_cycles_unref (open_cycles);

  /* an with_model value/effort model gives the same order */
  LpScoreModel *model = lp_score_model_new_value_effort ();
  LpRanking *with_model = lp_backlog_order (b, model, LP_ORDER_LENIENT, &err);
  ck_assert_ptr_nonnull (with_model);
  check_ranking (&ref, with_model, "with_model model");
  lp_ranking_unref (with_model);
  lp_score_model_unref (model);

  lp_ranking_unref (lenient);
  reference_clear (&ref);
  lp_backlog_unref (b);
}
END_TEST

/* --- through JSON ------------------------------------------------------ */

START_TEST (test_json_round_trip)
{
  if (!real_data_present ())
    return;
  const Dataset *ds = &datasets[_i];
  LpBacklog *b = import_dataset (ds);
  gsize length = 0;
  char *json = lp_backlog_save_data (b, &length);
  ck_assert_ptr_nonnull (json);
  ck_assert_uint_eq (strlen (json), length);

  GError *err = NULL;
  LpBacklog *copy = lp_backlog_load_data (json, length, &err);
  ck_assert_msg (copy != NULL, "reloading failed: %s",
                 err != NULL ? err->message : "");
  guint n = lp_backlog_get_n_items (b);
  ck_assert_uint_eq (lp_backlog_get_n_items (copy), n);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (copy),
                     lp_backlog_get_n_dependencies (b));
  for (guint i = 0; i < n; i++)
    {
      LpItem *x = lp_backlog_get_item_at (b, i);
      LpItem *y = lp_backlog_get_item_at (copy, i);
      ck_assert_str_eq (lp_item_get_id (x), lp_item_get_id (y));
      ck_assert_str_eq (lp_item_get_title (x), lp_item_get_title (y));
      ck_assert_int_eq (lp_item_get_status (x), lp_item_get_status (y));
      ck_assert_int_eq (lp_item_get_kind (x), lp_item_get_kind (y));
      ck_assert_int_eq (lp_item_has_value (x), lp_item_has_value (y));
      ck_assert_int_eq (lp_item_has_effort (x), lp_item_has_effort (y));
      if (lp_item_has_value (x))
        ck_assert (lp_item_get_value (x) == lp_item_get_value (y));
      if (lp_item_has_effort (x))
        ck_assert (lp_item_get_effort (x) == lp_item_get_effort (y));
      double px = 0, py = 0;
      ck_assert_int_eq (lp_item_get_attribute (x, "priority", &px),
                        lp_item_get_attribute (y, "priority", &py));
      ck_assert (px == py);
    }

  LpRanking *r1 = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, &err);
  ck_assert_ptr_nonnull (r1);
  LpRanking *r2 = lp_backlog_order (copy, NULL, LP_ORDER_LENIENT, &err);
  ck_assert_ptr_nonnull (r2);
  ck_assert_uint_eq (lp_ranking_get_n_items (r1),
                     lp_ranking_get_n_items (r2));
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r1),
                     lp_ranking_get_n_excluded (r2));
  for (guint k = 0; k < lp_ranking_get_n_items (r1); k++)
    ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r1, k)),
                      lp_item_get_id (lp_ranking_get_item (r2, k)));
  for (guint k = 0; k < lp_ranking_get_n_excluded (r1); k++)
    ck_assert_str_eq (lp_item_get_id (lp_ranking_get_excluded_item (r1, k)),
                      lp_item_get_id (lp_ranking_get_excluded_item (r2, k)));

  /* saving is stable: the copy saves to the same bytes */
  gsize length2 = 0;
  char *json2 = lp_backlog_save_data (copy, &length2);
  ck_assert_uint_eq (length2, length);
  ck_assert (memcmp (json, json2, length) == 0);

  g_free (json2);
  lp_ranking_unref (r2);
  lp_ranking_unref (r1);
  lp_backlog_unref (copy);
  g_free (json);
  lp_backlog_unref (b);
}
END_TEST

Suite *
lp_test_real_data_suite (void)
{
  Suite *s = suite_create ("real-data");
  TCase *tc = tcase_create ("jira");
  tcase_set_timeout (tc, 300);
  tcase_add_loop_test (tc, test_import, 0, G_N_ELEMENTS (datasets));
  tcase_add_loop_test (tc, test_order, 0, G_N_ELEMENTS (datasets));
  tcase_add_loop_test (tc, test_json_round_trip, 0, G_N_ELEMENTS (datasets));
  suite_add_tcase (s, tc);
  return s;
}
