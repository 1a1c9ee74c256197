/* Check suite "backlog": lp-backlog.h — items (single and bulk), manual
 * order, lookup, removal, name and vision, the dependency API, and every
 * error code with the all-or-nothing guarantee. */
#include <string.h>
#include "lp-test.h"


/* --- helpers ------------------------------------------------------------ */

static LpItem *
add (LpBacklog *b, const char *id)
{
  GError *err = NULL;
  LpItem *it = lp_backlog_add_item (b, id, NULL, &err);
  ck_assert_msg (it != NULL, "add_item \"%s\": %s", id,
                 err != NULL ? err->message : "");
  return it;
}

static void
dep (LpBacklog *b, LpItem *dependent, LpItem *prerequisite)
{
  GError *err = NULL;
  ck_assert (lp_backlog_add_dependency (b, dependent, prerequisite, &err));
  ck_assert_ptr_null (err);
}

/* The ids of the backlog in manual order, space separated; checks that
 * every position matches. */
static char *
manual_order (LpBacklog *b)
{
  GString *s = g_string_new (NULL);
  for (guint p = 0; p < lp_backlog_get_n_items (b); p++)
    {
      LpItem *it = lp_backlog_get_item_at (b, p);
      ck_assert_uint_eq (lp_item_get_position (it), p);
      ck_assert_ptr_eq (lp_backlog_get_item (b, lp_item_get_id (it)), it);
      if (p > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, lp_item_get_id (it));
    }
  return g_string_free (s, FALSE);
}

#define ASSERT_ORDER(b, expected)                 \
  do {                                            \
    char *got_ = manual_order (b);                \
    ck_assert_str_eq (got_, (expected));          \
    g_free (got_);                                \
  } while (0)

/* The ids of an array of items, space separated; frees the array. */
static char *
ids_of (GPtrArray *items)
{
  ck_assert_ptr_nonnull (items);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, lp_item_get_id (items->pdata[i]));
    }
  g_ptr_array_unref (items);
  return g_string_free (s, FALSE);
}

#define ASSERT_IDS(array, expected)               \
  do {                                            \
    char *got_ = ids_of (array);                  \
    ck_assert_str_eq (got_, (expected));          \
    g_free (got_);                                \
  } while (0)

#define BAD_UTF8 "a\xff" "b"

/* --- lifecycle, name, vision ---------------------------------------------- */

START_TEST (test_new_empty)
{
  LpBacklog *b = lp_backlog_new ();
  ck_assert_ptr_nonnull (b);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 0);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 0);
  ck_assert_str_eq (lp_backlog_get_name (b), "");
  ck_assert_str_eq (lp_backlog_get_vision (b), "");
  ck_assert_ptr_null (lp_backlog_get_item (b, "A"));
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_ref_unref)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A");
  ck_assert_ptr_eq (lp_backlog_ref (b), b);
  lp_backlog_unref (b);
  /* still alive */
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  ck_assert_str_eq (lp_item_get_id (a), "A");
  lp_backlog_unref (b);
  lp_backlog_unref (NULL);

  {
    g_autoptr (LpBacklog) auto_backlog = lp_backlog_new ();
    add (auto_backlog, "X");
    ck_assert_uint_eq (lp_backlog_get_n_items (auto_backlog), 1);
  }
}
END_TEST

START_TEST (test_name_vision)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  char name[] = "Acme Planner";
  ck_assert (lp_backlog_set_name (b, name, &err));
  ck_assert_ptr_null (err);
  name[0] = 'X';
  ck_assert_str_eq (lp_backlog_get_name (b), "Acme Planner");
  ck_assert (lp_backlog_set_vision (b, "Plan less, ship more — ✓", &err));
  ck_assert_str_eq (lp_backlog_get_vision (b), "Plan less, ship more — ✓");

  ck_assert (!lp_backlog_set_name (b, BAD_UTF8, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "UTF-8");
  ck_assert_str_eq (lp_backlog_get_name (b), "Acme Planner");
  ck_assert (!lp_backlog_set_vision (b, BAD_UTF8, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "UTF-8");
  ck_assert_str_eq (lp_backlog_get_vision (b), "Plan less, ship more — ✓");
  ck_assert (!lp_backlog_set_name (b, BAD_UTF8, NULL));

  ck_assert (lp_backlog_set_name (b, NULL, &err));
  ck_assert_str_eq (lp_backlog_get_name (b), "");
  ck_assert (lp_backlog_set_vision (b, NULL, &err));
  ck_assert_str_eq (lp_backlog_get_vision (b), "");
  ck_assert (lp_backlog_set_name (b, "", &err));
  ck_assert_str_eq (lp_backlog_get_name (b), "");
  ck_assert (lp_backlog_set_name (b, "Again", &err));
  ck_assert (lp_backlog_set_name (b, "Again", &err));
  ck_assert_str_eq (lp_backlog_get_name (b), "Again");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_name_vision_self_assign)
{
  /* setting the current string again (the getter's own pointer) */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  ck_assert (lp_backlog_set_name (b, "Acme Planner", &err));
  ck_assert (lp_backlog_set_vision (b, "Ship it", &err));
  ck_assert (lp_backlog_set_name (b, lp_backlog_get_name (b), &err));
  ck_assert_ptr_null (err);
  ck_assert_str_eq (lp_backlog_get_name (b), "Acme Planner");
  ck_assert (lp_backlog_set_vision (b, lp_backlog_get_vision (b), &err));
  ck_assert_str_eq (lp_backlog_get_vision (b), "Ship it");
  /* and a suffix of it */
  ck_assert (lp_backlog_set_name (b, lp_backlog_get_name (b) + 5, &err));
  ck_assert_str_eq (lp_backlog_get_name (b), "Planner");
  lp_backlog_unref (b);
}
END_TEST

/* --- adding items ----------------------------------------------------------- */

START_TEST (test_add_item)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = lp_backlog_add_item (b, "LP-1", "One", &err);
  ck_assert_ptr_nonnull (a);
  ck_assert_ptr_null (err);
  LpItem *c = lp_backlog_add_item (b, "LP-2", NULL, &err);
  LpItem *d = lp_backlog_add_item (b, "ü-3", "Three", NULL);
  ck_assert_ptr_nonnull (c);
  ck_assert_ptr_nonnull (d);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 3);
  ck_assert_ptr_eq (lp_backlog_get_item_at (b, 0), a);
  ck_assert_ptr_eq (lp_backlog_get_item_at (b, 1), c);
  ck_assert_ptr_eq (lp_backlog_get_item_at (b, 2), d);
  ck_assert_ptr_eq (lp_backlog_get_item (b, "ü-3"), d);
  ck_assert_ptr_eq (lp_backlog_lookup_item (b, "LP-2", &err), c);
  ck_assert_ptr_null (err);
  ck_assert_str_eq (lp_item_get_title (a), "One");
  ck_assert_str_eq (lp_item_get_title (c), "");
  ASSERT_ORDER (b, "LP-1 LP-2 ü-3");

  /* duplicate id */
  ck_assert_ptr_null (lp_backlog_add_item (b, "LP-2", "Other", &err));
  lp_assert_error (err, LP_ERROR_DUPLICATE_ID, "item \"LP-2\"");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 3);
  ck_assert_str_eq (lp_item_get_title (c), "");
  /* ids are case-sensitive */
  ck_assert_ptr_nonnull (lp_backlog_add_item (b, "lp-2", NULL, &err));
  /* empty and invalid ids */
  ck_assert_ptr_null (lp_backlog_add_item (b, "", "T", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "id");
  ck_assert_ptr_null (lp_backlog_add_item (b, BAD_UTF8, "T", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "UTF-8");
  ck_assert_ptr_null (lp_backlog_add_item (b, "LP-9", BAD_UTF8, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-9\"");
  ck_assert_ptr_null (lp_backlog_get_item (b, "LP-9"));
  ck_assert_ptr_null (lp_backlog_add_item (b, "LP-2", NULL, NULL));
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 4);
  ASSERT_ORDER (b, "LP-1 LP-2 ü-3 lp-2");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_lookup)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-17");
  ck_assert_ptr_eq (lp_backlog_get_item (b, "LP-17"), a);
  ck_assert_ptr_eq (lp_backlog_lookup_item (b, "LP-17", &err), a);
  ck_assert_ptr_null (lp_backlog_get_item (b, "LP-18"));
  ck_assert_ptr_null (lp_backlog_get_item (b, ""));
  ck_assert_ptr_null (lp_backlog_get_item (b, "lp-17"));
  ck_assert_ptr_null (lp_backlog_lookup_item (b, "LP-18", &err));
  lp_assert_error (err, LP_ERROR_UNKNOWN_ITEM, "\"LP-18\"");
  ck_assert_ptr_null (lp_backlog_lookup_item (b, "LP-18", NULL));
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_add_items_bulk)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  add (b, "X");
  const char *ids[] = { "A", "B", "C", "D" };
  const char *titles[] = { "Alpha", NULL, "Gamma", "" };
  const double values[] = { 5, NAN, 0, 2 };
  const double efforts[] = { 1, 2, NAN, 0.5 };
  ck_assert (lp_backlog_add_items (b, 4, ids, titles, values, efforts, &err));
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 5);
  ASSERT_ORDER (b, "X A B C D");
  LpItem *a = lp_backlog_get_item (b, "A");
  LpItem *bb = lp_backlog_get_item (b, "B");
  LpItem *c = lp_backlog_get_item (b, "C");
  LpItem *d = lp_backlog_get_item (b, "D");
  ck_assert_str_eq (lp_item_get_title (a), "Alpha");
  ck_assert_str_eq (lp_item_get_title (bb), "");
  ck_assert_str_eq (lp_item_get_title (d), "");
  ck_assert (lp_item_get_value (a) == 5 && lp_item_get_effort (a) == 1);
  ck_assert (!lp_item_has_value (bb) && lp_item_get_effort (bb) == 2);
  ck_assert (lp_item_has_value (c) && lp_item_get_value (c) == 0);
  ck_assert (!lp_item_has_effort (c));
  ck_assert (lp_item_get_value (d) == 2 && lp_item_get_effort (d) == 0.5);
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_STORY);
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_TODO);

  /* no titles, values, efforts at all */
  const char *more[] = { "E", "F" };
  ck_assert (lp_backlog_add_items (b, 2, more, NULL, NULL, NULL, &err));
  LpItem *e = lp_backlog_get_item (b, "E");
  ck_assert_str_eq (lp_item_get_title (e), "");
  ck_assert (!lp_item_has_value (e) && !lp_item_has_effort (e));
  /* zero items */
  ck_assert (lp_backlog_add_items (b, 0, NULL, NULL, NULL, NULL, &err));
  ck_assert (lp_backlog_add_items (b, 0, more, NULL, NULL, NULL, &err));
  ck_assert_ptr_null (err);
  ASSERT_ORDER (b, "X A B C D E F");
  lp_backlog_unref (b);
}
END_TEST

/* A bulk add that must fail, leaving the backlog as it was. */
static void
add_items_fails (LpBacklog *b, guint n, const char *const *ids,
                 const char *const *titles, const double *values,
                 const double *efforts, int code, const char *needle)
{
  GError *err = NULL;
  guint before = lp_backlog_get_n_items (b);
  char *order_before = manual_order (b);
  ck_assert (!lp_backlog_add_items (b, n, ids, titles, values, efforts, &err));
  lp_assert_error (err, code, needle);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), before);
  char *order_after = manual_order (b);
  ck_assert_str_eq (order_before, order_after);
  g_free (order_before);
  g_free (order_after);
  /* none of the new ids went in (ids already present stay, of course) */
  for (guint i = 0; i < n; i++)
    if (strcmp (ids[i], "X") != 0)
      ck_assert_msg (lp_backlog_get_item (b, ids[i]) == NULL,
                     "\"%s\" was added", ids[i]);
  /* without an error location too */
  ck_assert (!lp_backlog_add_items (b, n, ids, titles, values, efforts, NULL));
  ck_assert_uint_eq (lp_backlog_get_n_items (b), before);
}

START_TEST (test_add_items_all_or_nothing)
{
  LpBacklog *b = lp_backlog_new ();
  add (b, "X");
  const char *ids[] = { "A", "B", "LP-17", "D" };
  const double good_values[] = { 1, 2, 3, 4 };
  const double good_efforts[] = { 1, 2, 3, 4 };

  const double bad_values[] = { 1, 2, -1, 4 };
  add_items_fails (b, 4, ids, NULL, bad_values, good_efforts,
                   LP_ERROR_INVALID_VALUE, "item \"LP-17\": value");
  const double inf_values[] = { 1, 2, INFINITY, 4 };
  add_items_fails (b, 4, ids, NULL, inf_values, NULL,
                   LP_ERROR_INVALID_VALUE, "item \"LP-17\": value");
  const double bad_efforts[] = { 1, 2, -2, 4 };
  add_items_fails (b, 4, ids, NULL, good_values, bad_efforts,
                   LP_ERROR_INVALID_VALUE, "item \"LP-17\": effort must be");
  const double zero_efforts[] = { 1, 2, 0, 4 };
  add_items_fails (b, 4, ids, NULL, NULL, zero_efforts,
                   LP_ERROR_INVALID_VALUE, "item \"LP-17\": effort");
  const char *bad_titles[] = { "a", NULL, BAD_UTF8, "d" };
  add_items_fails (b, 4, ids, bad_titles, NULL, NULL,
                   LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  /* the last element is the bad one */
  const double last_bad[] = { 1, 2, 3, -4 };
  add_items_fails (b, 4, ids, NULL, last_bad, NULL,
                   LP_ERROR_INVALID_VALUE, "item \"D\"");

  const char *dup_existing[] = { "A", "X", "C" };
  add_items_fails (b, 3, dup_existing, NULL, NULL, NULL,
                   LP_ERROR_DUPLICATE_ID, "item \"X\"");
  const char *dup_batch[] = { "A", "B", "C", "B" };
  add_items_fails (b, 4, dup_batch, NULL, NULL, NULL,
                   LP_ERROR_DUPLICATE_ID, "item \"B\"");
  const char *empty_id[] = { "A", "", "C" };
  add_items_fails (b, 3, empty_id, NULL, NULL, NULL,
                   LP_ERROR_INVALID_VALUE, "id");
  const char *bad_id[] = { "A", BAD_UTF8, "C" };
  add_items_fails (b, 3, bad_id, NULL, NULL, NULL,
                   LP_ERROR_INVALID_VALUE, "UTF-8");

  /* the good batch still goes in afterwards */
  GError *err = NULL;
  ck_assert (lp_backlog_add_items (b, 4, ids, NULL, good_values, good_efforts,
                                   &err));
  ck_assert_ptr_null (err);
  ASSERT_ORDER (b, "X A B LP-17 D");
  lp_backlog_unref (b);
}
END_TEST

/* A bulk add that fails on an id repeated within the batch, after taking
 * the slots of removed items, gives everything back: later adds go in as
 * if it had not happened. */
START_TEST (test_add_items_rollback_slots)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  const char *first[] = { "A", "B", "C", "D", "E" };
  ck_assert (lp_backlog_add_items (b, 5, first, NULL, NULL, NULL, &err));
  ck_assert (lp_backlog_add_dependency (b, lp_backlog_get_item (b, "C"),
                                        lp_backlog_get_item (b, "A"), &err));
  lp_backlog_remove_item (b, lp_backlog_get_item (b, "B"));
  lp_backlog_remove_item (b, lp_backlog_get_item (b, "D"));

  /* two of these take the free slots, two take new ones */
  const char *dup[] = { "F", "G", "H", "G" };
  ck_assert (!lp_backlog_add_items (b, 4, dup, NULL, NULL, NULL, &err));
  lp_assert_error (err, LP_ERROR_DUPLICATE_ID, "item \"G\"");
  ASSERT_ORDER (b, "A C E");
  for (guint i = 0; i < G_N_ELEMENTS (dup); i++)
    ck_assert_ptr_null (lp_backlog_get_item (b, dup[i]));

  const char *again[] = { "F", "G", "H", "I" };
  const double values[] = { 1, 2, 3, 4 };
  ck_assert (lp_backlog_add_items (b, 4, again, NULL, values, NULL, &err));
  ck_assert_ptr_null (err);
  ASSERT_ORDER (b, "A C E F G H I");
  for (guint i = 0; i < G_N_ELEMENTS (again); i++)
    {
      LpItem *it = lp_backlog_get_item (b, again[i]);
      ck_assert_ptr_nonnull (it);
      ck_assert_str_eq (lp_item_get_id (it), again[i]);
      ck_assert_uint_eq (lp_item_get_position (it), 3 + i);
      ck_assert (lp_item_get_value (it) == values[i]);
    }
  ck_assert (lp_backlog_has_dependency (b, lp_backlog_get_item (b, "C"),
                                        lp_backlog_get_item (b, "A")));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 1);
  LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err);
  ck_assert_ptr_nonnull (r);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 7);
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_many_items)
{
  /* items live in fixed blocks: pointers stay valid as the backlog grows */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *first = add (b, "I0");
  enum { N = 30000 };
  char **ids = g_new0 (char *, N + 1);
  for (guint i = 1; i < N; i++)
    ids[i - 1] = g_strdup_printf ("I%u", i);
  ck_assert (lp_backlog_add_items (b, N - 1, (const char *const *) ids, NULL,
                                   NULL, NULL, &err));
  g_strfreev (ids);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), N);
  ck_assert_str_eq (lp_item_get_id (first), "I0");
  ck_assert_ptr_eq (lp_backlog_get_item_at (b, 0), first);
  for (guint i = 0; i < N; i += 997)
    {
      char id[32];
      g_snprintf (id, sizeof id, "I%u", i);
      LpItem *it = lp_backlog_get_item (b, id);
      ck_assert_ptr_nonnull (it);
      ck_assert_uint_eq (lp_item_get_position (it), i);
      ck_assert_ptr_eq (lp_backlog_get_item_at (b, i), it);
    }
  ck_assert_ptr_null (lp_backlog_get_item (b, "I30000"));
  lp_backlog_unref (b);
}
END_TEST

/* --- removing and moving -------------------------------------------------------- */

START_TEST (test_remove_item)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A");
  LpItem *m = add (b, "M");
  LpItem *c = add (b, "C");
  LpItem *d = add (b, "D");
  LpItem *e = add (b, "E");
  dep (b, a, m);     /* A depends on M */
  dep (b, m, c);     /* M depends on C */
  dep (b, d, m);
  dep (b, e, a);
  dep (b, e, c);
  ck_assert (lp_item_set_parent (a, m, &err));
  ck_assert (lp_item_set_parent (d, m, &err));
  ck_assert (lp_item_set_parent (m, e, &err));
  ck_assert (lp_item_set_attribute (m, "reach", 3, &err));
  ck_assert (lp_item_add_label (m, "ux", &err));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 5);

  lp_backlog_remove_item (b, m);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 4);
  ASSERT_ORDER (b, "A C D E");
  ck_assert_ptr_null (lp_backlog_get_item (b, "M"));
  ck_assert_ptr_null (lp_backlog_lookup_item (b, "M", &err));
  lp_assert_error (err, LP_ERROR_UNKNOWN_ITEM, "\"M\"");
  /* its dependencies are gone both ways, the others stay */
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, a), "");
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, d), "");
  ASSERT_IDS (lp_backlog_dup_dependents (b, c), "E");
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, e), "A C");
  /* children lost their parent */
  ck_assert_ptr_null (lp_item_get_parent (a));
  ck_assert_ptr_null (lp_item_get_parent (d));
  ck_assert (lp_backlog_item_is_ready (b, a));

  /* the id can be used again; the new item starts clean */
  LpItem *m2 = add (b, "M");
  ck_assert_uint_eq (lp_item_get_position (m2), 4);
  ck_assert (!lp_item_get_attribute (m2, "reach", NULL));
  ck_assert_uint_eq (lp_item_get_n_labels (m2), 0);
  ck_assert_ptr_null (lp_item_get_parent (m2));
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, m2), "");
  ASSERT_IDS (lp_backlog_dup_dependents (b, m2), "");
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  char **names = lp_item_dup_attribute_names (m2);
  ck_assert_uint_eq (g_strv_length (names), 0);
  g_strfreev (names);

  /* remove first and last */
  lp_backlog_remove_item (b, a);
  lp_backlog_remove_item (b, m2);
  ASSERT_ORDER (b, "C D E");
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, e), "C");
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 1);
  lp_backlog_remove_item (b, c);
  lp_backlog_remove_item (b, d);
  lp_backlog_remove_item (b, e);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 0);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 0);
  ASSERT_ORDER (b, "");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_remove_item_pending_dependencies)
{
  /* dependencies recorded just before the removal are dropped too */
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A");
  LpItem *x = add (b, "X");
  LpItem *c = add (b, "C");
  dep (b, a, x);
  dep (b, x, c);
  dep (b, c, a);
  lp_backlog_remove_item (b, x);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 1);
  ck_assert (lp_backlog_has_dependency (b, c, a));
  ASSERT_IDS (lp_backlog_dup_dependents (b, a), "C");
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, a), "");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_remove_many)
{
  /* many removals and re-additions: lookups by id stay right */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  enum { N = 6000 };
  gboolean *present = g_new0 (gboolean, N);
  for (guint i = 0; i < N; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "LP-%u", i);
      if (lp_backlog_add_item (b, id, NULL, &err) == NULL)
        ck_abort_msg ("add %s", id);
      present[i] = TRUE;
    }
  GRand *rng = g_rand_new_with_seed (77);
  guint n = N;
  for (guint round = 0; round < 3; round++)
    {
      /* remove about half of what is there */
      for (guint i = 0; i < N; i++)
        if (present[i] && g_rand_boolean (rng))
          {
            char id[32];
            g_snprintf (id, sizeof id, "LP-%u", i);
            LpItem *it = lp_backlog_get_item (b, id);
            if (it == NULL)
              ck_abort_msg ("%s missing before removal", id);
            lp_backlog_remove_item (b, it);
            present[i] = FALSE;
            n--;
          }
      /* add some back */
      for (guint i = 0; i < N; i++)
        if (!present[i] && g_rand_int_range (rng, 0, 3) == 0)
          {
            char id[32];
            g_snprintf (id, sizeof id, "LP-%u", i);
            if (lp_backlog_add_item (b, id, NULL, &err) == NULL)
              ck_abort_msg ("re-add %s: %s", id, err ? err->message : "");
            present[i] = TRUE;
            n++;
          }
      ck_assert_uint_eq (lp_backlog_get_n_items (b), n);
      guint bad = 0;
      for (guint i = 0; i < N; i++)
        {
          char id[32];
          g_snprintf (id, sizeof id, "LP-%u", i);
          LpItem *it = lp_backlog_get_item (b, id);
          if ((it != NULL) != present[i] ||
              (it != NULL && strcmp (lp_item_get_id (it), id) != 0))
            bad++;
        }
      ck_assert_uint_eq (bad, 0);
      for (guint p = 0; p < n; p++)
        if (lp_item_get_position (lp_backlog_get_item_at (b, p)) != p)
          bad++;
      ck_assert_uint_eq (bad, 0);
    }
  g_rand_free (rng);
  g_free (present);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_move_item)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A");
  add (b, "B");
  LpItem *c = add (b, "C");
  add (b, "D");
  LpItem *e = add (b, "E");

  ck_assert (lp_backlog_move_item (b, c, 0, &err));
  ck_assert_ptr_null (err);
  ASSERT_ORDER (b, "C A B D E");
  ck_assert (lp_backlog_move_item (b, c, 4, &err));
  ASSERT_ORDER (b, "A B D E C");
  ck_assert (lp_backlog_move_item (b, a, 2, &err));
  ASSERT_ORDER (b, "B D A E C");
  ck_assert (lp_backlog_move_item (b, a, 2, &err));   /* no-op */
  ASSERT_ORDER (b, "B D A E C");
  ck_assert (lp_backlog_move_item (b, e, 1, &err));
  ASSERT_ORDER (b, "B E D A C");

  ck_assert (!lp_backlog_move_item (b, a, 5, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"A\"");
  ck_assert (!lp_backlog_move_item (b, a, G_MAXUINT, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"A\"");
  ck_assert (!lp_backlog_move_item (b, a, 100, NULL));
  ASSERT_ORDER (b, "B E D A C");
  ck_assert_uint_eq (lp_item_get_position (a), 3);
  lp_backlog_unref (b);
}
END_TEST

/* --- dependencies ------------------------------------------------------------------ */

START_TEST (test_dependencies)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A");
  LpItem *c = add (b, "C");
  LpItem *d = add (b, "D");

  ck_assert (!lp_backlog_has_dependency (b, a, c));
  dep (b, a, c);
  ck_assert (lp_backlog_has_dependency (b, a, c));
  ck_assert (!lp_backlog_has_dependency (b, c, a));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 1);
  /* duplicates collapse, before and after the graph was queried */
  dep (b, a, c);
  dep (b, a, c);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 1);
  dep (b, a, c);
  dep (b, a, d);
  dep (b, a, d);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  /* the opposite direction is another dependency (a cycle is allowed) */
  dep (b, c, a);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 3);
  ck_assert (lp_backlog_has_dependency (b, c, a));

  /* self dependency */
  ck_assert (!lp_backlog_add_dependency (b, d, d, &err));
  lp_assert_error (err, LP_ERROR_SELF_DEPENDENCY, "item \"D\"");
  ck_assert (!lp_backlog_add_dependency (b, d, d, NULL));
  ck_assert (!lp_backlog_has_dependency (b, d, d));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 3);

  /* removal: TRUE exactly once */
  ck_assert (lp_backlog_remove_dependency (b, a, c));
  ck_assert (!lp_backlog_remove_dependency (b, a, c));
  ck_assert (!lp_backlog_has_dependency (b, a, c));
  ck_assert (lp_backlog_has_dependency (b, c, a));
  ck_assert (lp_backlog_has_dependency (b, a, d));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  ck_assert (!lp_backlog_remove_dependency (b, d, a));
  ck_assert (!lp_backlog_remove_dependency (b, d, d));

  /* duplicates added and removed in one go: gone after one removal */
  dep (b, d, c);
  dep (b, d, c);
  ck_assert (lp_backlog_remove_dependency (b, d, c));
  ck_assert (!lp_backlog_has_dependency (b, d, c));
  ck_assert (!lp_backlog_remove_dependency (b, d, c));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_prerequisites_recorded_order)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *x = add (b, "X");
  LpItem *a = add (b, "A");
  LpItem *bb = add (b, "B");
  LpItem *c = add (b, "C");
  dep (b, x, c);
  dep (b, x, a);
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, x), "C A");
  dep (b, x, bb);
  dep (b, x, c);   /* a repeat keeps the first place */
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, x), "C A B");
  /* manual order does not matter */
  ck_assert (lp_backlog_move_item (b, c, 3, NULL));
  ck_assert (lp_backlog_move_item (b, a, 0, NULL));
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, x), "C A B");
  /* removed then recorded again: now the last */
  ck_assert (lp_backlog_remove_dependency (b, x, c));
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, x), "A B");
  dep (b, x, c);
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, x), "A B C");
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, a), "");
  /* a fresh array each time */
  GPtrArray *p1 = lp_backlog_dup_prerequisites (b, x);
  GPtrArray *p2 = lp_backlog_dup_prerequisites (b, x);
  ck_assert_ptr_ne (p1, p2);
  g_ptr_array_unref (p1);
  g_ptr_array_unref (p2);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_dependents_manual_order)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *p = add (b, "P");
  LpItem *x = add (b, "X");
  LpItem *y = add (b, "Y");
  LpItem *z = add (b, "Z");
  dep (b, z, p);
  dep (b, x, p);
  dep (b, y, p);
  dep (b, y, p);
  ASSERT_IDS (lp_backlog_dup_dependents (b, p), "X Y Z");
  ASSERT_IDS (lp_backlog_dup_dependents (b, x), "");
  ck_assert (lp_backlog_move_item (b, z, 0, NULL));
  ASSERT_IDS (lp_backlog_dup_dependents (b, p), "Z X Y");
  ck_assert (lp_backlog_move_item (b, x, 3, NULL));
  ASSERT_IDS (lp_backlog_dup_dependents (b, p), "Z Y X");
  ck_assert (lp_backlog_remove_dependency (b, y, p));
  ASSERT_IDS (lp_backlog_dup_dependents (b, p), "Z X");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_blockers_and_ready)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *x = add (b, "X");
  LpItem *t = add (b, "T");     /* todo */
  LpItem *ip = add (b, "IP");   /* in progress */
  LpItem *dn = add (b, "DN");   /* done */
  LpItem *dr = add (b, "DR");   /* dropped */
  lp_item_set_status (ip, LP_ITEM_STATUS_IN_PROGRESS);
  lp_item_set_status (dn, LP_ITEM_STATUS_DONE);
  lp_item_set_status (dr, LP_ITEM_STATUS_DROPPED);

  /* no prerequisites: ready when open */
  ck_assert (lp_backlog_item_is_ready (b, x));
  ck_assert (lp_backlog_item_is_ready (b, t));
  ck_assert (lp_backlog_item_is_ready (b, ip));
  ck_assert (!lp_backlog_item_is_ready (b, dn));
  ck_assert (!lp_backlog_item_is_ready (b, dr));
  ASSERT_IDS (lp_backlog_dup_blockers (b, x), "");

  dep (b, x, dr);
  dep (b, x, dn);
  dep (b, x, ip);
  dep (b, x, t);
  ASSERT_IDS (lp_backlog_dup_blockers (b, x), "DR IP T");
  ck_assert (!lp_backlog_item_is_ready (b, x));

  lp_item_set_status (t, LP_ITEM_STATUS_DONE);
  ASSERT_IDS (lp_backlog_dup_blockers (b, x), "DR IP");
  lp_item_set_status (ip, LP_ITEM_STATUS_DONE);
  ASSERT_IDS (lp_backlog_dup_blockers (b, x), "DR");
  ck_assert (!lp_backlog_item_is_ready (b, x));   /* dropped never finishes */
  lp_item_set_status (dr, LP_ITEM_STATUS_DONE);
  ASSERT_IDS (lp_backlog_dup_blockers (b, x), "");
  ck_assert (lp_backlog_item_is_ready (b, x));
  lp_item_set_status (x, LP_ITEM_STATUS_IN_PROGRESS);
  ck_assert (lp_backlog_item_is_ready (b, x));
  lp_item_set_status (x, LP_ITEM_STATUS_DONE);
  ck_assert (!lp_backlog_item_is_ready (b, x));
  lp_item_set_status (x, LP_ITEM_STATUS_DROPPED);
  ck_assert (!lp_backlog_item_is_ready (b, x));

  /* blockers of a done item are still its undone prerequisites */
  lp_item_set_status (t, LP_ITEM_STATUS_TODO);
  ASSERT_IDS (lp_backlog_dup_blockers (b, x), "T");
  /* only direct prerequisites count */
  LpItem *deep = add (b, "DEEP");
  dep (b, dn, deep);
  ASSERT_IDS (lp_backlog_dup_blockers (b, dn), "DEEP");
  LpItem *w = add (b, "W");
  dep (b, w, dn);
  ck_assert (lp_backlog_item_is_ready (b, w));
  ASSERT_IDS (lp_backlog_dup_blockers (b, w), "");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_add_dependencies_bulk)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A");
  LpItem *bb = add (b, "B");
  LpItem *c = add (b, "C");
  LpItem *d = add (b, "D");
  ck_assert (lp_backlog_move_item (b, d, 0, NULL));   /* D A B C */

  /* positions, not creation order: 1 = A, 3 = C, 0 = D */
  const guint32 dependents[] = { 1, 1, 2, 1, 0 };
  const guint32 prerequisites[] = { 3, 0, 3, 3, 2 };
  ck_assert (lp_backlog_add_dependencies (b, 5, dependents, prerequisites,
                                          &err));
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 4);
  ck_assert (lp_backlog_has_dependency (b, a, c));
  ck_assert (lp_backlog_has_dependency (b, a, d));
  ck_assert (lp_backlog_has_dependency (b, bb, c));
  ck_assert (lp_backlog_has_dependency (b, d, bb));
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, a), "C D");
  ck_assert (lp_backlog_add_dependencies (b, 0, NULL, NULL, &err));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 4);

  /* errors: nothing of the batch is recorded */
  const guint32 dep_bad[] = { 2, 4 };
  const guint32 pre_ok[] = { 0, 1 };
  ck_assert (!lp_backlog_add_dependencies (b, 2, dep_bad, pre_ok, &err));
  lp_assert_error (err, LP_ERROR_UNKNOWN_ITEM, "position 4");
  const guint32 dep_ok[] = { 2, 3 };
  const guint32 pre_bad[] = { 0, 99 };
  ck_assert (!lp_backlog_add_dependencies (b, 2, dep_ok, pre_bad, &err));
  lp_assert_error (err, LP_ERROR_UNKNOWN_ITEM, "position 99");
  const guint32 pre_huge[] = { 0, G_MAXUINT32 };
  ck_assert (!lp_backlog_add_dependencies (b, 2, dep_ok, pre_huge, &err));
  lp_assert_error (err, LP_ERROR_UNKNOWN_ITEM, NULL);
  const guint32 dep_self[] = { 2, 3, 2 };
  const guint32 pre_self[] = { 0, 3, 1 };
  ck_assert (!lp_backlog_add_dependencies (b, 3, dep_self, pre_self, &err));
  /* position 3 is C */
  lp_assert_error (err, LP_ERROR_SELF_DEPENDENCY, "item \"C\"");
  ck_assert (!lp_backlog_add_dependencies (b, 3, dep_self, pre_self, NULL));

  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 4);
  ck_assert (!lp_backlog_has_dependency (b, bb, d));
  ck_assert (!lp_backlog_has_dependency (b, c, a));
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, bb), "C");
  ASSERT_IDS (lp_backlog_dup_prerequisites (b, c), "");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_add_dependencies_bulk_pending)
{
  /* a failed bulk add after single adds keeps the single adds */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A");
  LpItem *c = add (b, "C");
  dep (b, a, c);
  const guint32 deps[] = { 1, 5 };
  const guint32 pres[] = { 0, 0 };
  ck_assert (!lp_backlog_add_dependencies (b, 2, deps, pres, &err));
  lp_assert_error (err, LP_ERROR_UNKNOWN_ITEM, NULL);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 1);
  ck_assert (lp_backlog_has_dependency (b, a, c));
  ck_assert (!lp_backlog_has_dependency (b, c, a));
  lp_backlog_unref (b);
}
END_TEST

/* --- programmer errors ------------------------------------------------------------ */

START_TEST (test_programmer_errors)
{
  LpBacklog *b = lp_backlog_new ();
  LpBacklog *other = lp_backlog_new ();
  LpItem *a = add (b, "A");
  LpItem *foreign = add (other, "F");
  GError *err = NULL;

  criticals_begin ();
  ck_assert_uint_eq (lp_backlog_get_n_items (NULL), 0);
  ck_assert_uint_eq (criticals_count (), 1);
  ck_assert_ptr_null (lp_backlog_add_item (b, NULL, "t", &err));
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (criticals_count (), 2);
  ck_assert_ptr_null (lp_backlog_get_item_at (b, 1));
  ck_assert_ptr_null (lp_backlog_get_item (b, NULL));
  ck_assert_uint_eq (criticals_count (), 4);
  /* an item of another backlog */
  ck_assert (!lp_backlog_add_dependency (b, a, foreign, &err));
  ck_assert_ptr_null (err);
  ck_assert (!lp_backlog_has_dependency (b, foreign, a));
  ck_assert_ptr_null (lp_backlog_dup_prerequisites (b, foreign));
  ck_assert_uint_eq (criticals_count (), 7);
  /* an error location that is already set */
  GError *set = g_error_new_literal (LP_ERROR, LP_ERROR_IO, "earlier");
  ck_assert_ptr_null (lp_backlog_add_item (b, "B", NULL, &set));
  ck_assert_int_eq (set->code, LP_ERROR_IO);
  g_clear_error (&set);
  ck_assert_ptr_null (lp_backlog_get_item (b, "B"));
  ck_assert_uint_eq (criticals_end (), 8);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 0);
  lp_backlog_unref (other);
  lp_backlog_unref (b);
}
END_TEST

Suite *
lp_test_backlog_suite (void)
{
  Suite *s = suite_create ("backlog");
  TCase *tc = tcase_create ("backlog");
  tcase_add_test (tc, test_new_empty);
  tcase_add_test (tc, test_ref_unref);
  tcase_add_test (tc, test_name_vision);
  tcase_add_test (tc, test_name_vision_self_assign);
  tcase_add_test (tc, test_add_item);
  tcase_add_test (tc, test_lookup);
  tcase_add_test (tc, test_add_items_bulk);
  tcase_add_test (tc, test_add_items_all_or_nothing);
  tcase_add_test (tc, test_add_items_rollback_slots);
  tcase_add_test (tc, test_many_items);
  tcase_add_test (tc, test_remove_item);
  tcase_add_test (tc, test_remove_item_pending_dependencies);
  tcase_add_test (tc, test_remove_many);
  tcase_add_test (tc, test_move_item);
  tcase_add_test (tc, test_dependencies);
  tcase_add_test (tc, test_prerequisites_recorded_order);
  tcase_add_test (tc, test_dependents_manual_order);
  tcase_add_test (tc, test_blockers_and_ready);
  tcase_add_test (tc, test_add_dependencies_bulk);
  tcase_add_test (tc, test_add_dependencies_bulk_pending);
  tcase_add_test (tc, test_programmer_errors);
  suite_add_tcase (s, tc);
  return s;
}
