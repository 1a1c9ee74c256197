/* Check suite "order": lp-ranking.h — lp_backlog_order() in strict and
 * lenient mode, lp_backlog_next(), the ranking accessors, exclusions, a
 * million-item chain, and a randomized comparison against a deliberately
 * simple reference implementation of the documented semantics. */
#include <string.h>
#include "lp-test.h"



/* --- helpers ------------------------------------------------------------ */

/* Adds an item with the given value and effort (NaN: unset). */
static LpItem *
add (LpBacklog *b, const char *id, double value, double effort)
{
  GError *err = NULL;
  LpItem *it = lp_backlog_add_item (b, id, NULL, &err);
  ck_assert_msg (it != NULL, "add_item \"%s\": %s", id,
                 err != NULL ? err->message : "");
  if (!isnan (value))
    ck_assert (lp_item_set_value (it, value, NULL));
  if (!isnan (effort))
    ck_assert (lp_item_set_effort (it, effort, NULL));
  return it;
}

static LpItem *
get (LpBacklog *b, const char *id)
{
  LpItem *it = lp_backlog_get_item (b, id);
  ck_assert_msg (it != NULL, "no item \"%s\"", id);
  return it;
}

/* "dependent" depends on "prerequisite" */
static void
dep (LpBacklog *b, const char *dependent, const char *prerequisite)
{
  GError *err = NULL;
  ck_assert (lp_backlog_add_dependency (b, get (b, dependent),
                                        get (b, prerequisite), &err));
  ck_assert_ptr_null (err);
}

static void
set_status (LpBacklog *b, const char *id, LpItemStatus status)
{
  lp_item_set_status (get (b, id), status);
}

/* The ranked ids, space separated. */
static char *
ranked_ids (const LpRanking *r)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lp_ranking_get_n_items (r); i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, lp_item_get_id (lp_ranking_get_item (r, i)));
    }
  return g_string_free (s, FALSE);
}

/* The excluded items as "ID:reason:CAUSE", space separated. */
static char *
excluded_ids (const LpRanking *r)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lp_ranking_get_n_excluded (r); i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append_printf (
          s, "%s:%s:%s", lp_item_get_id (lp_ranking_get_excluded_item (r, i)),
          lp_exclusion_to_string (lp_ranking_get_excluded_reason (r, i)),
          lp_item_get_id (lp_ranking_get_excluded_cause (r, i)));
    }
  return g_string_free (s, FALSE);
}

#define ASSERT_RANKED(r, expected)                \
  do {                                            \
    char *got_ = ranked_ids (r);                  \
    ck_assert_str_eq (got_, (expected));          \
    g_free (got_);                                \
  } while (0)

#define ASSERT_EXCLUDED(r, expected)              \
  do {                                            \
    char *got_ = excluded_ids (r);                \
    ck_assert_str_eq (got_, (expected));          \
    g_free (got_);                                \
  } while (0)

static LpRanking *
order_ok (LpBacklog *b, LpOrderFlags flags)
{
  GError *err = NULL;
  LpRanking *r = lp_backlog_order (b, NULL, flags, &err);
  ck_assert_msg (r != NULL, "order failed: %s", err ? err->message : "");
  ck_assert_ptr_null (err);
  ck_assert_ptr_eq (lp_ranking_get_backlog (r), b);
  return r;
}

static LpRanking *
next_ok (LpBacklog *b, guint n)
{
  GError *err = NULL;
  LpRanking *r = lp_backlog_next (b, NULL, n, &err);
  ck_assert_msg (r != NULL, "next failed: %s", err ? err->message : "");
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 0);
  ck_assert_uint_le (lp_ranking_get_n_items (r), n);
  return r;
}

/* Every open item is exactly once in ranked ∪ excluded; nothing else is. */
static void
assert_partition (LpBacklog *b, const LpRanking *r)
{
  guint n = lp_backlog_get_n_items (b);
  guint *seen = g_new0 (guint, MAX (n, 1));
  guint n_open = 0;
  for (guint i = 0; i < lp_ranking_get_n_items (r); i++)
    seen[lp_item_get_position (lp_ranking_get_item (r, i))]++;
  for (guint i = 0; i < lp_ranking_get_n_excluded (r); i++)
    {
      LpItem *it = lp_ranking_get_excluded_item (r, i);
      seen[lp_item_get_position (it)]++;
      /* excluded items are in manual order */
      if (i > 0)
        REQUIRE (lp_item_get_position (lp_ranking_get_excluded_item (r, i - 1))
                   < lp_item_get_position (it),
                 "excluded items out of manual order");
    }
  for (guint p = 0; p < n; p++)
    {
      LpItemStatus st = lp_item_get_status (lp_backlog_get_item_at (b, p));
      gboolean open = st == LP_ITEM_STATUS_TODO ||
                      st == LP_ITEM_STATUS_IN_PROGRESS;
      n_open += open;
      REQUIRE (seen[p] == (open ? 1u : 0u),
               "item at %u (%s) appears %u times", p,
               lp_item_get_id (lp_backlog_get_item_at (b, p)), seen[p]);
    }
  REQUIRE (lp_ranking_get_n_items (r) + lp_ranking_get_n_excluded (r) == n_open,
           "ranked + excluded != open");
  g_free (seen);
}

/* The message of the strict-mode cycle error, as documented: the path of
 * group 0 of lp_backlog_find_cycles (b, LP_CYCLES_OPEN_ONLY). */
static char *
expected_cycle_message (LpBacklog *b)
{
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_OPEN_ONLY);
  ck_assert_uint_gt (lp_cycles_get_n_groups (c), 0);
  char *path = lp_cycles_format_path (c, 0);
  char *msg = g_strdup_printf ("dependency cycle: %s", path);
  g_free (path);
  lp_cycles_unref (c);
  return msg;
}

/* --- basics --------------------------------------------------------------- */

START_TEST (test_empty)
{
  LpBacklog *b = lp_backlog_new ();
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 0);
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 0);
  lp_ranking_unref (r);
  r = order_ok (b, LP_ORDER_LENIENT);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 0);
  lp_ranking_unref (r);
  r = next_ok (b, 5);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 0);
  lp_ranking_unref (r);

  /* only closed items */
  add (b, "D", 1, 1);
  add (b, "X", 1, 1);
  set_status (b, "D", LP_ITEM_STATUS_DONE);
  set_status (b, "X", LP_ITEM_STATUS_DROPPED);
  dep (b, "D", "X");
  r = order_ok (b, LP_ORDER_STRICT);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 0);
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 0);
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_score_order)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);       /* 1 */
  add (b, "B", 6, 2);       /* 3 */
  add (b, "C", 2, 1);       /* 2 */
  add (b, "D", 4, NAN);     /* unscored: no effort */
  add (b, "E", 5, 5);       /* 1, ties with A */
  add (b, "F", NAN, NAN);   /* unscored */
  add (b, "G", 0, 1);       /* 0: scored, before the unscored */
  add (b, "H", NAN, 2);     /* unscored: no value */
  add (b, "I", 1000, 0.5);  /* 2000 */

  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "I B C A E G D F H");
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 0);
  ck_assert (lp_ranking_get_score (r, 0) == 2000);
  ck_assert (lp_ranking_get_score (r, 1) == 3);
  ck_assert (lp_ranking_get_score (r, 2) == 2);
  ck_assert (lp_ranking_get_score (r, 3) == 1);
  ck_assert (lp_ranking_get_score (r, 4) == 1);
  ck_assert (lp_ranking_get_score (r, 5) == 0);
  ck_assert (isnan (lp_ranking_get_score (r, 6)));
  ck_assert (isnan (lp_ranking_get_score (r, 7)));
  ck_assert (isnan (lp_ranking_get_score (r, 8)));
  assert_partition (b, r);
  lp_ranking_unref (r);

  /* lenient gives the same on an acyclic backlog */
  r = order_ok (b, LP_ORDER_LENIENT);
  ASSERT_RANKED (r, "I B C A E G D F H");
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_close_scores)
{
  /* scores that differ in the last bits still order correctly */
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 3);                 /* 0.333... */
  add (b, "B", 1.0000000000000002, 3);
  add (b, "C", 1e-300, 1);
  add (b, "D", 2e-300, 1);
  add (b, "E", 1e300, 1e-5);          /* huge */
  add (b, "F", 1e300, 2e-5);
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "E F B A D C");
  for (guint i = 0; i + 1 < lp_ranking_get_n_items (r); i++)
    ck_assert (lp_ranking_get_score (r, i) > lp_ranking_get_score (r, i + 1));
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_ties_manual_order)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 2, 2);
  add (b, "B", 1, 1);
  add (b, "C", 3, 3);
  add (b, "U1", NAN, NAN);
  add (b, "U2", 5, NAN);
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "A B C U1 U2");
  lp_ranking_unref (r);

  ck_assert (lp_backlog_move_item (b, get (b, "C"), 0, &err));
  ck_assert (lp_backlog_move_item (b, get (b, "U2"), 1, &err));
  r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "C A B U2 U1");
  lp_ranking_unref (r);
  r = next_ok (b, 10);
  ASSERT_RANKED (r, "C A B U2 U1");
  lp_ranking_unref (r);

  /* a changed score re-orders */
  ck_assert (lp_item_set_value (get (b, "B"), 1.5, &err));
  r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "B C A U2 U1");
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_model_argument)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);
  add (b, "B", 4, 1);
  add (b, "C", NAN, 1);
  dep (b, "B", "C");
  LpScoreModel *m = lp_score_model_new_value_effort ();
  LpScoreModel *m2 = lp_score_model_new_by_name ("value-effort", &err);
  ck_assert_ptr_nonnull (m2);
  LpScoreModel *models[] = { NULL, m, m2 };
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    {
      LpRanking *r = lp_backlog_order (b, models[i], LP_ORDER_STRICT, &err);
      ck_assert_ptr_nonnull (r);
      ASSERT_RANKED (r, "A C B");
      ck_assert (lp_ranking_get_score (r, 0) == 1);
      ck_assert (isnan (lp_ranking_get_score (r, 1)));
      ck_assert (lp_ranking_get_score (r, 2) == 4);
      lp_ranking_unref (r);
      r = lp_backlog_next (b, models[i], 3, &err);
      ck_assert_ptr_nonnull (r);
      ASSERT_RANKED (r, "A C");
      lp_ranking_unref (r);
    }
  lp_score_model_unref (m);
  lp_score_model_unref (m2);
  lp_backlog_unref (b);
}
END_TEST

/* --- dependencies ----------------------------------------------------------- */

START_TEST (test_dependencies_respected)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);
  add (b, "B", 10, 1);
  add (b, "C", 5, 1);
  add (b, "D", 100, 1);
  add (b, "E", 7, 1);
  dep (b, "B", "A");
  dep (b, "D", "B");
  /* ready {A1, C5, E7} -> E; {A1, C5} -> C; {A1} -> A; {B10} -> B; D */
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "E C A B D");
  ck_assert (lp_ranking_get_score (r, 4) == 100);
  lp_ranking_unref (r);
  lp_backlog_unref (b);

  /* an unblocked high-score item overtakes the ready lower ones */
  b = lp_backlog_new ();
  add (b, "P", 3, 1);
  add (b, "Q", 10, 1);
  add (b, "R", 2, 1);
  add (b, "S", 1, 1);
  dep (b, "Q", "P");
  r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "P Q R S");
  lp_ranking_unref (r);

  /* several prerequisites: the dependent waits for the last one */
  add (b, "T", 50, 1);
  dep (b, "T", "S");
  dep (b, "T", "R");
  r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "P Q R S T");
  lp_ranking_unref (r);

  /* an unscored prerequisite of a scored item: scored ones still first
   * while they are ready */
  add (b, "U", NAN, NAN);
  add (b, "V", 0.5, 1);
  add (b, "W", 100, 1);
  dep (b, "W", "U");
  r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "P Q R S T V U W");
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_done_and_dropped)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);
  add (b, "B", 9, 1);
  add (b, "C", 8, 1);
  add (b, "D", 7, 1);
  add (b, "E", 6, 1);
  add (b, "F", 5, 1);
  set_status (b, "B", LP_ITEM_STATUS_DONE);
  set_status (b, "C", LP_ITEM_STATUS_DROPPED);
  set_status (b, "D", LP_ITEM_STATUS_IN_PROGRESS);
  /* a done prerequisite is satisfied, also through a done chain */
  dep (b, "A", "B");
  dep (b, "E", "B");
  dep (b, "B", "C");     /* done item behind a dropped one: not open */
  dep (b, "F", "D");     /* in progress prerequisite: placed first */
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "D E F A");
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 0);
  assert_partition (b, r);
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_dropped_prerequisite)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "F", 1, 1);     /* depends on the dropped A */
  add (b, "A", 9, 1);     /* dropped */
  add (b, "B", 8, 1);     /* depends on A */
  add (b, "C", 7, 1);     /* depends on B */
  add (b, "D", 6, 1);     /* depends on C and on E */
  add (b, "E", 5, 1);
  add (b, "G", 4, 1);     /* depends on the done H, which depends on A */
  add (b, "H", 3, 1);
  add (b, "Z", 2, 1);     /* dropped too */
  add (b, "Y", 1, 1);     /* depends on Z */
  add (b, "X", 1, 1);     /* depends on Y and E */
  set_status (b, "A", LP_ITEM_STATUS_DROPPED);
  set_status (b, "Z", LP_ITEM_STATUS_DROPPED);
  set_status (b, "H", LP_ITEM_STATUS_DONE);
  set_status (b, "F", LP_ITEM_STATUS_IN_PROGRESS);
  dep (b, "F", "A");
  dep (b, "B", "A");
  dep (b, "C", "B");
  dep (b, "D", "E");
  dep (b, "D", "C");
  dep (b, "G", "H");
  dep (b, "H", "A");
  dep (b, "Y", "Z");
  dep (b, "X", "E");
  dep (b, "X", "Y");

  LpOrderFlags modes[] = { LP_ORDER_STRICT, LP_ORDER_LENIENT };
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      LpRanking *r = order_ok (b, modes[i]);
      ASSERT_RANKED (r, "E G");
      ASSERT_EXCLUDED (r, "F:blocked-by-dropped:A B:blocked-by-dropped:A "
                          "C:blocked-by-dropped:A D:blocked-by-dropped:A "
                          "Y:blocked-by-dropped:Z X:blocked-by-dropped:Z");
      ck_assert_int_eq (lp_ranking_get_excluded_reason (r, 0),
                        LP_EXCLUSION_BLOCKED_BY_DROPPED);
      ck_assert_ptr_eq (lp_ranking_get_excluded_cause (r, 3), get (b, "A"));
      assert_partition (b, r);
      lp_ranking_unref (r);
    }

  /* dropping is not "done": the dropped item is never ranked, and a
   * dropped prerequisite that is brought back unblocks everything */
  set_status (b, "A", LP_ITEM_STATUS_TODO);
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "A B C E D G F");
  ASSERT_EXCLUDED (r, "Y:blocked-by-dropped:Z X:blocked-by-dropped:Z");
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

/* --- cycles ----------------------------------------------------------------- */

START_TEST (test_strict_cycle)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);
  add (b, "B", 1, 1);
  add (b, "C", 1, 1);
  add (b, "D", 1, 1);
  dep (b, "A", "B");
  dep (b, "B", "C");
  dep (b, "C", "A");
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  ck_assert_ptr_nonnull (err);
  ck_assert_str_eq (err->message, "dependency cycle: A -> B -> C -> A");
  lp_assert_error (err, LP_ERROR_CYCLE, NULL);
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, NULL));
  lp_backlog_unref (b);

  /* the path follows the dependencies, not the manual order */
  b = lp_backlog_new ();
  add (b, "A", 1, 1);
  add (b, "B", 1, 1);
  add (b, "C", 1, 1);
  dep (b, "A", "C");
  dep (b, "C", "B");
  dep (b, "B", "A");
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  ck_assert_ptr_nonnull (err);
  ck_assert_str_eq (err->message, "dependency cycle: A -> C -> B -> A");
  char *expected = expected_cycle_message (b);
  ck_assert_str_eq (err->message, expected);
  g_free (expected);
  lp_assert_error (err, LP_ERROR_CYCLE, "A -> C");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_strict_cycle_message_group0)
{
  /* two cycles: the message names the one whose first member comes first
   * in the manual order; a shortest cycle through that member */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  add (b, "P", 1, 1);
  add (b, "X", 1, 1);
  add (b, "K", 1, 1);
  add (b, "Y", 1, 1);
  add (b, "Q", 1, 1);
  add (b, "Z", 1, 1);
  dep (b, "P", "Q");     /* P -> Q -> P, found second by a search from X */
  dep (b, "Q", "P");
  dep (b, "X", "K");     /* X -> K -> Y -> Z -> X and X -> Z -> X */
  dep (b, "K", "Y");
  dep (b, "Y", "Z");
  dep (b, "Z", "X");
  dep (b, "X", "Z");
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  char *expected = expected_cycle_message (b);
  ck_assert_str_eq (expected, "dependency cycle: P -> Q -> P");
  ck_assert_str_eq (err->message, expected);
  g_free (expected);
  lp_assert_error (err, LP_ERROR_CYCLE, NULL);

  ck_assert (lp_backlog_move_item (b, get (b, "X"), 0, NULL));
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  ck_assert_str_eq (err->message, "dependency cycle: X -> Z -> X");
  expected = expected_cycle_message (b);
  ck_assert_str_eq (err->message, expected);
  g_free (expected);
  lp_assert_error (err, LP_ERROR_CYCLE, NULL);

  /* only open cycles count: with P done, P's cycle is gone */
  ck_assert (lp_backlog_move_item (b, get (b, "P"), 0, NULL));
  set_status (b, "P", LP_ITEM_STATUS_DONE);
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  lp_assert_error (err, LP_ERROR_CYCLE, "dependency cycle: X -> Z -> X");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_cycle_through_closed_item)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);
  add (b, "B", 5, 1);
  add (b, "C", 9, 1);
  add (b, "D", 2, 1);
  dep (b, "A", "B");
  dep (b, "B", "C");
  dep (b, "C", "A");
  set_status (b, "C", LP_ITEM_STATUS_DONE);
  /* B's prerequisite is done: B, then A */
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "B D A");
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 0);
  lp_ranking_unref (r);

  /* the same cycle through a dropped item blocks, but is no cycle error */
  set_status (b, "C", LP_ITEM_STATUS_DROPPED);
  r = order_ok (b, LP_ORDER_STRICT);
  ASSERT_RANKED (r, "D");
  ASSERT_EXCLUDED (r, "A:blocked-by-dropped:C B:blocked-by-dropped:C");
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_lenient_cycle)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "Q", 1, 1);      /* free */
  add (b, "A", 9, 1);      /* cycle {A, B, C} */
  add (b, "B", 9, 1);
  add (b, "C", 9, 1);
  add (b, "D", 9, 1);      /* behind the cycle */
  add (b, "E", 9, 1);      /* behind D */
  add (b, "F", 2, 1);      /* free */
  add (b, "G", 1, 1);      /* depends on F: ranked */
  dep (b, "A", "Q");       /* outside the group: not A's cause */
  dep (b, "A", "C");
  dep (b, "A", "B");
  dep (b, "B", "A");
  dep (b, "C", "A");
  dep (b, "D", "B");
  dep (b, "E", "D");
  dep (b, "E", "F");
  dep (b, "G", "F");

  GError *err = NULL;
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  ck_assert_str_eq (err->message, "dependency cycle: A -> C -> A");
  lp_assert_error (err, LP_ERROR_CYCLE, NULL);

  LpRanking *r = order_ok (b, LP_ORDER_LENIENT);
  ASSERT_RANKED (r, "F Q G");
  ASSERT_EXCLUDED (r, "A:in-cycle:C B:in-cycle:A C:in-cycle:A "
                      "D:behind-cycle:B E:behind-cycle:B");
  assert_partition (b, r);
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_lenient_mixed)
{
  /* in cycle, behind cycle and blocked by dropped together; the cause of a
   * behind-cycle item is a member of the cycle */
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);
  add (b, "B", 1, 1);
  add (b, "C", 1, 1);
  add (b, "D", 1, 1);
  add (b, "X", 1, 1);
  add (b, "Y", 1, 1);
  add (b, "Z", 1, 1);
  add (b, "W", 1, 1);
  dep (b, "A", "B");
  dep (b, "B", "A");
  dep (b, "C", "A");     /* behind */
  dep (b, "D", "C");     /* behind, through C */
  set_status (b, "X", LP_ITEM_STATUS_DROPPED);
  dep (b, "Y", "X");     /* blocked */
  dep (b, "Z", "Y");     /* blocked, through Y */
  dep (b, "Y", "W");     /* and waits for W, which is fine */

  LpRanking *r = order_ok (b, LP_ORDER_LENIENT);
  ASSERT_RANKED (r, "W");
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 6);
  const char *items[] = { "A", "B", "C", "D", "Y", "Z" };
  const LpExclusion reasons[] = {
    LP_EXCLUSION_IN_CYCLE, LP_EXCLUSION_IN_CYCLE, LP_EXCLUSION_BEHIND_CYCLE,
    LP_EXCLUSION_BEHIND_CYCLE, LP_EXCLUSION_BLOCKED_BY_DROPPED,
    LP_EXCLUSION_BLOCKED_BY_DROPPED
  };
  for (guint i = 0; i < 6; i++)
    {
      ck_assert_str_eq (lp_item_get_id (lp_ranking_get_excluded_item (r, i)),
                        items[i]);
      ck_assert_int_eq (lp_ranking_get_excluded_reason (r, i), reasons[i]);
    }
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_excluded_cause (r, 0)), "B");
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_excluded_cause (r, 1)), "A");
  const char *c2 = lp_item_get_id (lp_ranking_get_excluded_cause (r, 2));
  const char *c3 = lp_item_get_id (lp_ranking_get_excluded_cause (r, 3));
  ck_assert (strcmp (c2, "A") == 0 || strcmp (c2, "B") == 0);
  ck_assert (strcmp (c3, "A") == 0 || strcmp (c3, "B") == 0);
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_excluded_cause (r, 4)), "X");
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_excluded_cause (r, 5)), "X");
  assert_partition (b, r);
  lp_ranking_unref (r);

  /* strict mode fails on the cycle, not on the dropped item */
  GError *err = NULL;
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  lp_assert_error (err, LP_ERROR_CYCLE, "dependency cycle: A -> B -> A");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_exclusion_to_string)
{
  ck_assert_str_eq (lp_exclusion_to_string (LP_EXCLUSION_IN_CYCLE), "in-cycle");
  ck_assert_str_eq (lp_exclusion_to_string (LP_EXCLUSION_BEHIND_CYCLE),
                    "behind-cycle");
  ck_assert_str_eq (lp_exclusion_to_string (LP_EXCLUSION_BLOCKED_BY_DROPPED),
                    "blocked-by-dropped");
  ck_assert_ptr_null (lp_exclusion_to_string ((LpExclusion) 3));
  ck_assert_ptr_null (lp_exclusion_to_string ((LpExclusion) -1));
}
END_TEST

/* --- lp_backlog_next() -------------------------------------------------------- */

START_TEST (test_next)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 1, 1);       /* ready, 1 */
  add (b, "B", 5, 1);       /* waits for A: not ready */
  add (b, "C", 3, 1);       /* ready, 3 */
  add (b, "D", NAN, 1);     /* ready, unscored */
  add (b, "E", 9, 1);       /* done */
  add (b, "F", 4, 1);       /* dropped */
  add (b, "G", 2, 1);       /* waits for the done E: ready, 2 */
  add (b, "H", 7, 1);       /* in progress: ready, 7 */
  add (b, "I", 8, 1);       /* waits for the dropped F */
  add (b, "J", 3, 1);       /* ready, 3, after C */
  add (b, "K", 99, 1);      /* in a cycle with L */
  add (b, "L", 99, 1);
  dep (b, "B", "A");
  dep (b, "G", "E");
  dep (b, "I", "F");
  dep (b, "K", "L");
  dep (b, "L", "K");
  set_status (b, "E", LP_ITEM_STATUS_DONE);
  set_status (b, "F", LP_ITEM_STATUS_DROPPED);
  set_status (b, "H", LP_ITEM_STATUS_IN_PROGRESS);

  LpRanking *r = next_ok (b, 0);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 0);
  lp_ranking_unref (r);
  r = next_ok (b, 1);
  ASSERT_RANKED (r, "H");
  ck_assert (lp_ranking_get_score (r, 0) == 7);
  lp_ranking_unref (r);
  r = next_ok (b, 3);
  ASSERT_RANKED (r, "H C J");
  lp_ranking_unref (r);
  r = next_ok (b, 6);
  ASSERT_RANKED (r, "H C J G A D");
  ck_assert (lp_ranking_get_score (r, 3) == 2);
  ck_assert (isnan (lp_ranking_get_score (r, 5)));
  lp_ranking_unref (r);
  r = next_ok (b, 100);
  ASSERT_RANKED (r, "H C J G A D");
  lp_ranking_unref (r);
  r = next_ok (b, G_MAXUINT);
  ASSERT_RANKED (r, "H C J G A D");
  lp_ranking_unref (r);

  /* readiness agrees with lp_backlog_item_is_ready() */
  for (guint p = 0; p < lp_backlog_get_n_items (b); p++)
    {
      LpItem *it = lp_backlog_get_item_at (b, p);
      gboolean listed = FALSE;
      r = next_ok (b, 100);
      for (guint i = 0; i < lp_ranking_get_n_items (r); i++)
        listed |= lp_ranking_get_item (r, i) == it;
      lp_ranking_unref (r);
      ck_assert_int_eq (listed, lp_backlog_item_is_ready (b, it));
    }

  /* manual order breaks ties */
  ck_assert (lp_backlog_move_item (b, get (b, "J"), 0, NULL));
  r = next_ok (b, 3);
  ASSERT_RANKED (r, "H J C");
  lp_ranking_unref (r);

  /* once A is done, B is ready */
  set_status (b, "A", LP_ITEM_STATUS_DONE);
  r = next_ok (b, 2);
  ASSERT_RANKED (r, "H B");
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

/* --- ranking objects ------------------------------------------------------------- */

START_TEST (test_ranking_refcount)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 2, 1);
  add (b, "B", 1, 1);
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ck_assert_ptr_eq (lp_ranking_ref (r), r);
  lp_ranking_unref (r);
  /* a ranking keeps its backlog alive */
  lp_backlog_unref (b);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 2);
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r, 0)), "A");
  LpBacklog *kept = lp_ranking_get_backlog (r);
  ck_assert_uint_eq (lp_backlog_get_n_items (kept), 2);
  lp_ranking_unref (r);
  lp_ranking_unref (NULL);

  b = lp_backlog_new ();
  add (b, "A", 2, 1);
  {
    g_autoptr (LpRanking) auto_ranking = lp_backlog_next (b, NULL, 1, NULL);
    ck_assert_uint_eq (lp_ranking_get_n_items (auto_ranking), 1);
  }
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_programmer_errors)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "A", 2, 1);
  LpItem *x = add (b, "X", 1, 1);
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  GError *err = NULL;

  criticals_begin ();
  ck_assert_ptr_null (lp_backlog_order (NULL, NULL, LP_ORDER_STRICT, &err));
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (criticals_count (), 1);
  ck_assert_ptr_null (lp_backlog_order (b, NULL, (LpOrderFlags) 0x10, &err));
  ck_assert_ptr_null (lp_backlog_next (NULL, NULL, 3, &err));
  ck_assert_uint_eq (criticals_count (), 3);
  ck_assert_ptr_null (lp_ranking_get_item (r, 2));
  ck_assert (isnan (lp_ranking_get_score (r, 2)));
  ck_assert_ptr_null (lp_ranking_get_excluded_item (r, 0));
  ck_assert_ptr_null (lp_ranking_get_excluded_cause (r, 0));
  ck_assert_uint_eq (lp_ranking_get_n_items (NULL), 0);
  ck_assert_uint_eq (criticals_count (), 8);
  /* a stale ranking: the backlog lost an item since */
  lp_backlog_remove_item (b, x);
  ck_assert_ptr_null (lp_ranking_get_item (r, 0));
  ck_assert_uint_eq (criticals_end (), 9);
  /* the numbers stay readable */
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 2);
  ck_assert (lp_ranking_get_score (r, 0) == 2);
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

/* --- a million items ------------------------------------------------------------- */

enum { BIG = 1000000 };

/* BIG items, each depending on the one before it; later items score
 * higher, so only the dependencies keep them in chain order. */
static LpBacklog *
build_chain (void)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  char **ids = g_new (char *, BIG + 1);
  double *values = g_new (double, BIG);
  double *efforts = g_new (double, BIG);
  guint32 *dependents = g_new (guint32, BIG);
  guint32 *prerequisites = g_new (guint32, BIG);
  for (guint i = 0; i < BIG; i++)
    {
      ids[i] = g_strdup_printf ("C%u", i);
      values[i] = i + 1;
      efforts[i] = 1;
    }
  ids[BIG] = NULL;
  for (guint i = 0; i + 1 < BIG; i++)
    {
      dependents[i] = i + 1;
      prerequisites[i] = i;
    }
  ck_assert (lp_backlog_add_items (b, BIG, (const char *const *) ids, NULL,
                                   values, efforts, &err));
  ck_assert (lp_backlog_add_dependencies (b, BIG - 1, dependents,
                                          prerequisites, &err));
  ck_assert_ptr_null (err);
  g_strfreev (ids);
  g_free (values);
  g_free (efforts);
  g_free (dependents);
  g_free (prerequisites);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), BIG);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), BIG - 1);
  return b;
}

START_TEST (test_million_chain)
{
  LpBacklog *b = build_chain ();
  LpRanking *r = order_ok (b, LP_ORDER_STRICT);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), BIG);
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 0);
  guint first_bad = G_MAXUINT;
  for (guint i = 0; i < BIG && first_bad == G_MAXUINT; i++)
    if (lp_item_get_position (lp_ranking_get_item (r, i)) != i ||
        lp_ranking_get_score (r, i) != i + 1)
      first_bad = i;
  ck_assert_uint_eq (first_bad, G_MAXUINT);
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r, BIG - 1)),
                    "C999999");
  lp_ranking_unref (r);

  /* only the head is ready */
  r = next_ok (b, 10);
  ASSERT_RANKED (r, "C0");
  lp_ranking_unref (r);

  /* the head depends on the second: a cycle with a million items behind */
  GError *err = NULL;
  ck_assert (lp_backlog_add_dependency (b, lp_backlog_get_item_at (b, 0),
                                        lp_backlog_get_item_at (b, 1), &err));
  ck_assert_ptr_null (lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err));
  ck_assert_ptr_nonnull (err);
  ck_assert_str_eq (err->message, "dependency cycle: C0 -> C1 -> C0");
  g_clear_error (&err);
  r = order_ok (b, LP_ORDER_LENIENT);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 0);
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), BIG);
  guint bad = 0;
  for (guint i = 0; i < BIG; i++)
    {
      LpItem *it = lp_ranking_get_excluded_item (r, i);
      guint cause = lp_item_get_position (lp_ranking_get_excluded_cause (r, i));
      LpExclusion why = lp_ranking_get_excluded_reason (r, i);
      if (lp_item_get_position (it) != i)
        bad++;
      else if (i < 2 && (why != LP_EXCLUSION_IN_CYCLE || cause != 1 - i))
        bad++;
      else if (i >= 2 && (why != LP_EXCLUSION_BEHIND_CYCLE || cause > 1))
        bad++;
    }
  ck_assert_uint_eq (bad, 0);
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

/* --- randomized comparison with a reference implementation --------------------- */

enum { MAX_ITEMS = 64 };

/* The model of one random backlog: what the test did, independently of the
 * library. Indices are "model ids"; order[] is the manual order. */
typedef struct {
  LpItem *item;
  char id[16];
  LpItemStatus status;
  double value, effort;   /* NaN: unset */
  guint pre[MAX_ITEMS];   /* prerequisites, distinct, in recorded order */
  guint n_pre;
} MItem;

typedef struct {
  MItem items[MAX_ITEMS];
  guint n_created;
  guint order[MAX_ITEMS];
  guint n;
} Model;

static gboolean
m_open (const MItem *m)
{
  return m->status == LP_ITEM_STATUS_TODO ||
         m->status == LP_ITEM_STATUS_IN_PROGRESS;
}

static double
m_score (const MItem *m)
{
  double s = m->value / m->effort;   /* NaN when either is unset */
  return isfinite (s) ? s : NAN;
}

/* TRUE if a (at position pa) goes before b (at pb > pa is not required) by
 * score: scored first, higher first, then the earlier position. */
static gboolean
m_before (const MItem *a, guint pa, const MItem *b, guint pb)
{
  double sa = m_score (a), sb = m_score (b);
  if (isnan (sa) != isnan (sb))
    return !isnan (sa);
  if (!isnan (sa) && sa != sb)
    return sa > sb;
  return pa < pb;
}

static void
m_record (Model *m, guint dependent, guint prerequisite)
{
  MItem *d = &m->items[dependent];
  for (guint k = 0; k < d->n_pre; k++)
    if (d->pre[k] == prerequisite)
      return;
  d->pre[d->n_pre++] = prerequisite;
}

static double
random_value (GRand *rng)
{
  static const double values[] = { 0, 1, 2, 3, 5, 8, 13, 0.5 };
  if (g_rand_int_range (rng, 0, 4) == 0)
    return NAN;
  return values[g_rand_int_range (rng, 0, G_N_ELEMENTS (values))];
}

static double
random_effort (GRand *rng)
{
  static const double efforts[] = { 1, 2, 3, 5, 8, 0.5 };
  if (g_rand_int_range (rng, 0, 4) == 0)
    return NAN;
  return efforts[g_rand_int_range (rng, 0, G_N_ELEMENTS (efforts))];
}

static LpItemStatus
random_status (GRand *rng)
{
  int r = g_rand_int_range (rng, 0, 20);
  if (r < 11)
    return LP_ITEM_STATUS_TODO;
  if (r < 14)
    return LP_ITEM_STATUS_IN_PROGRESS;
  if (r < 18)
    return LP_ITEM_STATUS_DONE;
  return LP_ITEM_STATUS_DROPPED;
}

/* Records random dependencies, through both the single and the bulk API. */
static void
random_dependencies (GRand *rng, LpBacklog *b, Model *m, guint count)
{
  guint32 dependents[2 * MAX_ITEMS], prerequisites[2 * MAX_ITEMS];
  guint n_bulk = 0;
  gboolean use_bulk = g_rand_boolean (rng);
  for (guint e = 0; e < count && m->n >= 2; e++)
    {
      guint pd = g_rand_int_range (rng, 0, m->n);
      guint pp = g_rand_int_range (rng, 0, m->n - 1);
      if (pp >= pd)
        pp++;
      /* recorded in call order; a bulk batch goes in when it is flushed */
      if (use_bulk)
        {
          dependents[n_bulk] = pd;
          prerequisites[n_bulk] = pp;
          n_bulk++;
        }
      else
        {
          GError *err = NULL;
          REQUIRE (lp_backlog_add_dependency (b, m->items[m->order[pd]].item,
                                              m->items[m->order[pp]].item,
                                              &err),
                   "add_dependency failed");
          m_record (m, m->order[pd], m->order[pp]);
        }
    }
  if (n_bulk > 0)
    {
      GError *err = NULL;
      REQUIRE (lp_backlog_add_dependencies (b, n_bulk, dependents,
                                            prerequisites, &err),
               "add_dependencies failed: %s", err ? err->message : "");
      for (guint i = 0; i < n_bulk; i++)
        m_record (m, m->order[dependents[i]], m->order[prerequisites[i]]);
    }
}

static void
random_backlog (GRand *rng, guint round, LpBacklog *b, Model *m)
{
  memset (m, 0, sizeof *m);
  guint n = g_rand_int_range (rng, 1, 41);
  const char *ids[MAX_ITEMS];
  double values[MAX_ITEMS], efforts[MAX_ITEMS];
  for (guint i = 0; i < n; i++)
    {
      MItem *it = &m->items[i];
      g_snprintf (it->id, sizeof it->id, "R%u-%u", round, i);
      it->value = random_value (rng);
      it->effort = random_effort (rng);
      ids[i] = it->id;
      values[i] = it->value;
      efforts[i] = it->effort;
    }
  GError *err = NULL;
  /* most rounds use the bulk path, some add one by one */
  if (g_rand_int_range (rng, 0, 3) > 0)
    REQUIRE (lp_backlog_add_items (b, n, ids, NULL, values, efforts, &err),
             "add_items failed");
  else
    for (guint i = 0; i < n; i++)
      {
        LpItem *it = lp_backlog_add_item (b, ids[i], NULL, &err);
        REQUIRE (it != NULL, "add_item failed");
        if (!isnan (values[i]))
          REQUIRE (lp_item_set_value (it, values[i], &err), "set_value");
        if (!isnan (efforts[i]))
          REQUIRE (lp_item_set_effort (it, efforts[i], &err), "set_effort");
      }
  for (guint i = 0; i < n; i++)
    {
      MItem *it = &m->items[i];
      it->item = lp_backlog_get_item (b, it->id);
      REQUIRE (it->item != NULL, "item %s missing", it->id);
      it->status = random_status (rng);
      lp_item_set_status (it->item, it->status);
      m->order[i] = i;
    }
  m->n = m->n_created = n;

  random_dependencies (rng, b, m, g_rand_int_range (rng, 0, 2 * n + 1));
  /* sometimes a second batch after the graph was built once */
  if (g_rand_boolean (rng))
    {
      lp_backlog_get_n_dependencies (b);
      random_dependencies (rng, b, m, g_rand_int_range (rng, 0, n + 1));
    }

  /* sometimes edit: move, remove, add, and record more dependencies */
  if (g_rand_int_range (rng, 0, 3) == 0)
    {
      guint moves = g_rand_int_range (rng, 0, 3);
      for (guint k = 0; k < moves; k++)
        {
          guint from = g_rand_int_range (rng, 0, m->n);
          guint to = g_rand_int_range (rng, 0, m->n);
          guint mid = m->order[from];
          REQUIRE (lp_backlog_move_item (b, m->items[mid].item, to, &err),
                   "move_item failed");
          memmove (m->order + from, m->order + from + 1,
                   (m->n - from - 1) * sizeof (guint));
          memmove (m->order + to + 1, m->order + to,
                   (m->n - 1 - to) * sizeof (guint));
          m->order[to] = mid;
        }
      if (m->n > 1 && g_rand_boolean (rng))
        {
          guint pos = g_rand_int_range (rng, 0, m->n);
          guint gone = m->order[pos];
          lp_backlog_remove_item (b, m->items[gone].item);
          m->items[gone].item = NULL;
          memmove (m->order + pos, m->order + pos + 1,
                   (m->n - pos - 1) * sizeof (guint));
          m->n--;
          for (guint i = 0; i < m->n; i++)
            {
              MItem *it = &m->items[m->order[i]];
              guint w = 0;
              for (guint k = 0; k < it->n_pre; k++)
                if (it->pre[k] != gone)
                  it->pre[w++] = it->pre[k];
              it->n_pre = w;
            }
        }
      guint extra = g_rand_int_range (rng, 0, 3);
      for (guint k = 0; k < extra; k++)
        {
          guint i = m->n_created++;
          MItem *it = &m->items[i];
          g_snprintf (it->id, sizeof it->id, "R%u-%u", round, i);
          it->item = lp_backlog_add_item (b, it->id, NULL, &err);
          REQUIRE (it->item != NULL, "add_item failed");
          it->value = random_value (rng);
          it->effort = random_effort (rng);
          it->status = random_status (rng);
          if (!isnan (it->value))
            lp_item_set_value (it->item, it->value, NULL);
          if (!isnan (it->effort))
            lp_item_set_effort (it->item, it->effort, NULL);
          lp_item_set_status (it->item, it->status);
          m->order[m->n++] = i;
        }
      random_dependencies (rng, b, m, g_rand_int_range (rng, 0, 4));
    }
}

/* The model of the item at a manual position. */
#define AT(m, p) (&(m)->items[(m)->order[(p)]])

/* The backlog matches the model: positions, ids, prerequisites. */
static void
check_structure (LpBacklog *b, const Model *m)
{
  REQUIRE (lp_backlog_get_n_items (b) == m->n, "n_items");
  guint n_deps = 0;
  for (guint p = 0; p < m->n; p++)
    {
      const MItem *it = AT (m, p);
      REQUIRE (lp_backlog_get_item_at (b, p) == it->item, "item at %u", p);
      REQUIRE (lp_item_get_position (it->item) == p, "position of %s", it->id);
      REQUIRE (lp_backlog_get_item (b, it->id) == it->item, "lookup %s", it->id);
      GPtrArray *pre = lp_backlog_dup_prerequisites (b, it->item);
      REQUIRE (pre->len == it->n_pre, "%s has %u prerequisites, expected %u",
               it->id, pre->len, it->n_pre);
      for (guint k = 0; k < it->n_pre; k++)
        REQUIRE (pre->pdata[k] == m->items[it->pre[k]].item,
                 "prerequisite %u of %s", k, it->id);
      g_ptr_array_unref (pre);
      n_deps += it->n_pre;
    }
  REQUIRE (lp_backlog_get_n_dependencies (b) == n_deps,
           "n_dependencies %u, expected %u", lp_backlog_get_n_dependencies (b),
           n_deps);
}

/* Position of a model item in the manual order. */
static guint
m_position (const Model *m, guint mid)
{
  for (guint p = 0; p < m->n; p++)
    if (m->order[p] == mid)
      return p;
  g_assert_not_reached ();
  return 0;
}

/* Checks lp_backlog_order() (both modes) against the reference. */
static void
check_order (LpBacklog *b, const Model *m, guint round)
{
  guint n = m->n;
  /* prerequisites by position */
  guint pre[MAX_ITEMS][MAX_ITEMS], n_pre[MAX_ITEMS];
  for (guint p = 0; p < n; p++)
    {
      const MItem *it = AT (m, p);
      n_pre[p] = it->n_pre;
      for (guint k = 0; k < it->n_pre; k++)
        pre[p][k] = m_position (m, it->pre[k]);
    }

  /* the reference order: repeatedly the best item whose prerequisites are
   * done or placed */
  gboolean placed[MAX_ITEMS] = { 0 };
  guint ranked[MAX_ITEMS], n_ranked = 0;
  for (;;)
    {
      int best = -1;
      for (guint p = 0; p < n; p++)
        {
          if (!m_open (AT (m, p)) || placed[p])
            continue;
          gboolean ok = TRUE;
          for (guint k = 0; k < n_pre[p] && ok; k++)
            {
              guint q = pre[p][k];
              ok = AT (m, q)->status == LP_ITEM_STATUS_DONE ||
                   (m_open (AT (m, q)) && placed[q]);
            }
          if (ok && (best < 0 || m_before (AT (m, p), p, AT (m, best), best)))
            best = (int) p;
        }
      if (best < 0)
        break;
      placed[best] = TRUE;
      ranked[n_ranked++] = best;
    }

  /* leftovers: reachability among them */
  gboolean left[MAX_ITEMS];
  static gboolean reach[MAX_ITEMS][MAX_ITEMS];
  for (guint p = 0; p < n; p++)
    left[p] = m_open (AT (m, p)) && !placed[p];
  memset (reach, 0, sizeof reach);
  for (guint p = 0; p < n; p++)
    if (left[p])
      for (guint k = 0; k < n_pre[p]; k++)
        if (left[pre[p][k]])
          reach[p][pre[p][k]] = TRUE;
  for (guint k = 0; k < n; k++)
    for (guint i = 0; i < n; i++)
      if (reach[i][k])
        for (guint j = 0; j < n; j++)
          if (reach[k][j])
            reach[i][j] = TRUE;
  gboolean in_cycle[MAX_ITEMS];
  gboolean has_cycle = FALSE;
  for (guint p = 0; p < n; p++)
    {
      in_cycle[p] = left[p] && reach[p][p];
      has_cycle |= in_cycle[p];
    }

  GError *err = NULL;
  LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, &err);
  REQUIRE (r != NULL && err == NULL, "round %u: lenient order failed", round);
  REQUIRE (lp_ranking_get_n_items (r) == n_ranked,
           "round %u: %u ranked, expected %u", round,
           lp_ranking_get_n_items (r), n_ranked);
  for (guint i = 0; i < n_ranked; i++)
    {
      const MItem *want = AT (m, ranked[i]);
      LpItem *got = lp_ranking_get_item (r, i);
      REQUIRE (got == want->item, "round %u: rank %u is %s, expected %s",
               round, i, lp_item_get_id (got), want->id);
      double s = lp_ranking_get_score (r, i), ws = m_score (want);
      REQUIRE ((isnan (s) && isnan (ws)) || s == ws,
               "round %u: score of %s is %g, expected %g", round, want->id, s,
               ws);
    }
  assert_partition (b, r);

  guint x = 0;
  for (guint p = 0; p < n; p++)
    {
      if (!left[p])
        continue;
      REQUIRE (x < lp_ranking_get_n_excluded (r), "round %u: too few excluded",
               round);
      const MItem *it = AT (m, p);
      REQUIRE (lp_ranking_get_excluded_item (r, x) == it->item,
               "round %u: excluded %u is not %s", round, x, it->id);
      LpExclusion why = lp_ranking_get_excluded_reason (r, x);
      guint cause = lp_item_get_position (lp_ranking_get_excluded_cause (r, x));
      if (in_cycle[p])
        {
          /* its first prerequisite inside the group */
          guint want = G_MAXUINT;
          for (guint k = 0; k < n_pre[p] && want == G_MAXUINT; k++)
            {
              guint q = pre[p][k];
              if (in_cycle[q] && reach[p][q] && reach[q][p])
                want = q;
            }
          REQUIRE (want != G_MAXUINT, "reference: no cause");
          REQUIRE (why == LP_EXCLUSION_IN_CYCLE,
                   "round %u: %s should be in-cycle, is %s", round, it->id,
                   lp_exclusion_to_string (why));
          REQUIRE (cause == want, "round %u: cause of %s is %s, expected %s",
                   round, it->id, AT (m, cause)->id, AT (m, want)->id);
        }
      else
        {
          /* behind a cycle: some cycle member is reachable; blocked: some
           * item reachable (or itself) has a dropped prerequisite */
          gboolean behind_ok = FALSE, blocked_ok = FALSE;
          for (guint q = 0; q < n; q++)
            if (in_cycle[q] && reach[p][q])
              behind_ok = TRUE;
          for (guint q = 0; q < n; q++)
            if (q == p || reach[p][q])
              for (guint k = 0; k < n_pre[q]; k++)
                if (AT (m, pre[q][k])->status == LP_ITEM_STATUS_DROPPED)
                  blocked_ok = TRUE;
          REQUIRE (behind_ok || blocked_ok, "reference: %s left over", it->id);
          if (why == LP_EXCLUSION_BEHIND_CYCLE)
            {
              REQUIRE (behind_ok, "round %u: %s is not behind a cycle", round,
                       it->id);
              REQUIRE (in_cycle[cause] && reach[p][cause],
                       "round %u: cause %s of %s is not a cycle member it "
                       "depends on", round, AT (m, cause)->id, it->id);
            }
          else if (why == LP_EXCLUSION_BLOCKED_BY_DROPPED)
            {
              REQUIRE (blocked_ok, "round %u: %s is not blocked", round,
                       it->id);
              REQUIRE (AT (m, cause)->status == LP_ITEM_STATUS_DROPPED,
                       "round %u: cause %s of %s is not dropped", round,
                       AT (m, cause)->id, it->id);
              gboolean via = FALSE;
              for (guint q = 0; q < n; q++)
                if (q == p || reach[p][q])
                  for (guint k = 0; k < n_pre[q]; k++)
                    if (pre[q][k] == cause)
                      via = TRUE;
              REQUIRE (via, "round %u: %s does not wait for cause %s", round,
                       it->id, AT (m, cause)->id);
            }
          else
            REQUIRE (FALSE, "round %u: %s has reason %s", round, it->id,
                     lp_exclusion_to_string (why));
          /* only what applies */
          if (!behind_ok)
            REQUIRE (why == LP_EXCLUSION_BLOCKED_BY_DROPPED, "reason");
        }
      x++;
    }
  REQUIRE (x == lp_ranking_get_n_excluded (r), "round %u: %u excluded, "
           "expected %u", round, lp_ranking_get_n_excluded (r), x);

  /* strict: the cycle error exactly when open items form a cycle,
   * otherwise the same result */
  LpRanking *s = lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err);
  if (has_cycle)
    {
      REQUIRE (s == NULL && err != NULL && err->code == LP_ERROR_CYCLE,
               "round %u: strict order did not fail", round);
      char *expected = expected_cycle_message (b);
      REQUIRE (strcmp (err->message, expected) == 0,
               "round %u: \"%s\" != \"%s\"", round, err->message, expected);
      g_free (expected);
      g_clear_error (&err);
    }
  else
    {
      REQUIRE (s != NULL && err == NULL, "round %u: strict order failed: %s",
               round, err ? err->message : "");
      REQUIRE (lp_ranking_get_n_items (s) == lp_ranking_get_n_items (r) &&
               lp_ranking_get_n_excluded (s) == lp_ranking_get_n_excluded (r),
               "round %u: strict != lenient", round);
      for (guint i = 0; i < lp_ranking_get_n_items (s); i++)
        REQUIRE (lp_ranking_get_item (s, i) == lp_ranking_get_item (r, i),
                 "round %u: strict != lenient at %u", round, i);
      for (guint i = 0; i < lp_ranking_get_n_excluded (s); i++)
        REQUIRE (lp_ranking_get_excluded_item (s, i) ==
                   lp_ranking_get_excluded_item (r, i) &&
                 lp_ranking_get_excluded_reason (s, i) ==
                   lp_ranking_get_excluded_reason (r, i) &&
                 lp_ranking_get_excluded_cause (s, i) ==
                   lp_ranking_get_excluded_cause (r, i),
                 "round %u: strict exclusions != lenient at %u", round, i);
      lp_ranking_unref (s);
    }
  lp_ranking_unref (r);
}

/* Checks lp_backlog_next() and lp_backlog_item_is_ready(). */
static void
check_next (GRand *rng, LpBacklog *b, const Model *m, guint round)
{
  guint n = m->n;
  guint ready[MAX_ITEMS], n_ready = 0;
  for (guint p = 0; p < n; p++)
    {
      const MItem *it = AT (m, p);
      gboolean ok = m_open (it);
      for (guint k = 0; k < it->n_pre && ok; k++)
        ok = m->items[it->pre[k]].status == LP_ITEM_STATUS_DONE;
      REQUIRE (lp_backlog_item_is_ready (b, it->item) == ok,
               "round %u: is_ready (%s)", round, it->id);
      if (ok)
        ready[n_ready++] = p;
    }
  /* insertion sort, best first */
  for (guint i = 1; i < n_ready; i++)
    for (guint j = i; j > 0 && m_before (AT (m, ready[j]), ready[j],
                                         AT (m, ready[j - 1]), ready[j - 1]);
         j--)
      {
        guint t = ready[j];
        ready[j] = ready[j - 1];
        ready[j - 1] = t;
      }
  guint ks[] = { 0, 1, g_rand_int_range (rng, 0, n + 1), n_ready, n + 5 };
  for (guint i = 0; i < G_N_ELEMENTS (ks); i++)
    {
      GError *err = NULL;
      LpRanking *r = lp_backlog_next (b, NULL, ks[i], &err);
      REQUIRE (r != NULL && err == NULL, "next failed");
      guint want = MIN (ks[i], n_ready);
      REQUIRE (lp_ranking_get_n_items (r) == want,
               "round %u: next (%u) gave %u items, expected %u", round, ks[i],
               lp_ranking_get_n_items (r), want);
      for (guint k = 0; k < want; k++)
        {
          const MItem *it = AT (m, ready[k]);
          REQUIRE (lp_ranking_get_item (r, k) == it->item,
                   "round %u: next (%u)[%u] is %s, expected %s", round, ks[i],
                   k, lp_item_get_id (lp_ranking_get_item (r, k)), it->id);
          double s = lp_ranking_get_score (r, k), ws = m_score (it);
          REQUIRE ((isnan (s) && isnan (ws)) || s == ws, "next score");
        }
      lp_ranking_unref (r);
    }
}

/* More distinct scores than the counting sort takes (it falls back on the
 * radix sort), with ties, unscored, done and dropped items, against a
 * deliberately simple quadratic reference. */
START_TEST (test_many_scores_against_reference)
{
  enum { N = 6000 };
  GRand *rng = g_rand_new_with_seed (5);
  LpBacklog *b = lp_backlog_new ();
  GError *err = NULL;
  char **ids = g_new0 (char *, N + 1);
  double *values = g_new (double, N), *efforts = g_new (double, N);
  for (guint i = 0; i < N; i++)
    {
      ids[i] = g_strdup_printf ("M%u", i);
      guint kind = g_rand_int_range (rng, 0, 10);
      values[i] = kind == 0 ? NAN : kind == 1 ? 7 : g_rand_double_range (rng, 0, 1000);
      efforts[i] = kind == 2 ? 3 : g_rand_double_range (rng, 0.5, 20);
    }
  ck_assert (lp_backlog_add_items (b, N, (const char *const *) ids, NULL,
                                   values, efforts, &err));
  guint8 *status = g_new0 (guint8, N);
  for (guint i = 0; i < N; i++)
    {
      guint x = g_rand_int_range (rng, 0, 40);
      status[i] = x == 0 ? LP_ITEM_STATUS_DONE : x == 1 ? LP_ITEM_STATUS_DROPPED
        : LP_ITEM_STATUS_TODO;
      if (status[i] != LP_ITEM_STATUS_TODO)
        lp_item_set_status (lp_backlog_get_item_at (b, i), status[i]);
    }
  GArray *dep = g_array_new (FALSE, FALSE, sizeof (guint32));
  GArray *pre = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 i = 1; i < N; i++)
    for (guint k = g_rand_int_range (rng, 0, 4); k > 0; k--)
      {
        guint32 p = g_rand_int_range (rng, 0, i);
        g_array_append_val (dep, i);
        g_array_append_val (pre, p);
      }
  ck_assert (lp_backlog_add_dependencies (b, dep->len, (guint32 *) dep->data,
                                          (guint32 *) pre->data, &err));

  /* the reference: repeatedly the best open item whose prerequisites are
   * all done or placed (a dropped one never is) */
  double *score = g_new (double, N);
  for (guint i = 0; i < N; i++)
    score[i] = values[i] / efforts[i];
  /* the dependencies were recorded by dependent, in order */
  guint *first = g_new0 (guint, N + 1);
  for (guint e = 0; e < dep->len; e++)
    first[g_array_index (dep, guint32, e) + 1]++;
  for (guint i = 0; i < N; i++)
    first[i + 1] += first[i];
  guint8 *placed = g_new0 (guint8, N);
  GArray *want = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (;;)
    {
      guint32 best = G_MAXUINT32;
      for (guint32 i = 0; i < N; i++)
        {
          if (status[i] != LP_ITEM_STATUS_TODO || placed[i])
            continue;
          gboolean ready = TRUE;
          for (guint e = first[i]; e < first[i + 1] && ready; e++)
            {
              guint32 p = g_array_index (pre, guint32, e);
              ready = status[p] == LP_ITEM_STATUS_DONE || placed[p];
            }
          if (!ready)
            continue;
          if (best == G_MAXUINT32
              || (!isnan (score[i]) && (isnan (score[best]) || score[i] > score[best])))
            best = i;
        }
      if (best == G_MAXUINT32)
        break;
      placed[best] = 1;
      g_array_append_val (want, best);
    }

  LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, &err);
  ck_assert_ptr_nonnull (r);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), want->len);
  guint first_bad = G_MAXUINT;
  for (guint k = 0; k < want->len && first_bad == G_MAXUINT; k++)
    {
      guint32 w = g_array_index (want, guint32, k);
      double got = lp_ranking_get_score (r, k);
      if (lp_item_get_position (lp_ranking_get_item (r, k)) != w
          || !(got == score[w] || (isnan (got) && isnan (score[w]))))
        first_bad = k;
    }
  ck_assert_msg (first_bad == G_MAXUINT, "rank %u differs", first_bad);
  guint n_open = 0;
  for (guint i = 0; i < N; i++)
    n_open += status[i] == LP_ITEM_STATUS_TODO;
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), n_open - want->len);
  lp_ranking_unref (r);

  g_array_unref (want);
  g_free (placed);
  g_free (first);
  g_free (score);
  g_array_unref (dep);
  g_array_unref (pre);
  g_free (status);
  g_free (values);
  g_free (efforts);
  g_strfreev (ids);
  g_rand_free (rng);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_random_against_reference)
{
  GRand *rng = g_rand_new_with_seed (20240611);
  Model *m = g_new (Model, 1);
  for (guint round = 0; round < 200; round++)
    {
      LpBacklog *b = lp_backlog_new ();
      random_backlog (rng, round, b, m);
      check_structure (b, m);
      check_order (b, m, round);
      check_next (rng, b, m, round);
      lp_backlog_unref (b);
    }
  g_free (m);
  g_rand_free (rng);
}
END_TEST

Suite *
lp_test_order_suite (void)
{
  Suite *s = suite_create ("order");
  TCase *tc = tcase_create ("order");
  tcase_add_test (tc, test_empty);
  tcase_add_test (tc, test_score_order);
  tcase_add_test (tc, test_close_scores);
  tcase_add_test (tc, test_ties_manual_order);
  tcase_add_test (tc, test_model_argument);
  tcase_add_test (tc, test_dependencies_respected);
  tcase_add_test (tc, test_done_and_dropped);
  tcase_add_test (tc, test_dropped_prerequisite);
  tcase_add_test (tc, test_strict_cycle);
  tcase_add_test (tc, test_strict_cycle_message_group0);
  tcase_add_test (tc, test_cycle_through_closed_item);
  tcase_add_test (tc, test_lenient_cycle);
  tcase_add_test (tc, test_lenient_mixed);
  tcase_add_test (tc, test_exclusion_to_string);
  tcase_add_test (tc, test_next);
  tcase_add_test (tc, test_ranking_refcount);
  tcase_add_test (tc, test_programmer_errors);
  tcase_add_test (tc, test_random_against_reference);
  tcase_add_test (tc, test_many_scores_against_reference);
  suite_add_tcase (s, tc);

  /* the big ones get more than Check's default 4 s (slow machines,
   * sanitizers); they assert correctness, never time */
  TCase *big = tcase_create ("big");
  tcase_set_timeout (big, 60);
  tcase_add_test (big, test_million_chain);
  suite_add_tcase (s, big);
  return s;
}
