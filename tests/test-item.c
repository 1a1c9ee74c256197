/* Check suite "item": every accessor of lp-item.h, the enumeration names of
 * lp-types.h and the scoring models of lp-score.h, with every error code
 * they report and the guarantee that a failed setter changes nothing. */
#include <string.h>
#include "lp-test.h"


/* --- helpers ------------------------------------------------------------ */

static LpItem *
add (LpBacklog *b, const char *id, const char *title)
{
  GError *err = NULL;
  LpItem *it = lp_backlog_add_item (b, id, title, &err);
  ck_assert_msg (it != NULL, "add_item \"%s\": %s", id,
                 err != NULL ? err->message : "");
  ck_assert_ptr_null (err);
  return it;
}

/* "\xff" is never valid UTF-8; "\xc3\x28" is a broken two-byte sequence */
#define BAD_UTF8 "bad \xff title"
#define BAD_UTF8_2 "x\xc3\x28y"

/* --- defaults, id, backlog, position ------------------------------------ */

START_TEST (test_defaults)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-1", "First");
  LpItem *c = add (b, "LP-2", NULL);

  ck_assert_str_eq (lp_item_get_id (a), "LP-1");
  ck_assert_ptr_eq (lp_item_get_backlog (a), b);
  ck_assert_uint_eq (lp_item_get_position (a), 0);
  ck_assert_uint_eq (lp_item_get_position (c), 1);
  ck_assert_str_eq (lp_item_get_title (a), "First");
  ck_assert_str_eq (lp_item_get_title (c), "");
  ck_assert_str_eq (lp_item_get_description (a), "");
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_STORY);
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_TODO);
  ck_assert (!lp_item_has_value (a));
  ck_assert (isnan (lp_item_get_value (a)));
  ck_assert (!lp_item_has_effort (a));
  ck_assert (isnan (lp_item_get_effort (a)));
  ck_assert_ptr_null (lp_item_get_parent (a));
  ck_assert_uint_eq (lp_item_get_n_labels (a), 0);
  char **names = lp_item_dup_attribute_names (a);
  ck_assert_ptr_nonnull (names);
  ck_assert_ptr_null (names[0]);
  g_strfreev (names);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_id_is_copied)
{
  LpBacklog *b = lp_backlog_new ();
  char id[] = "LP-7";
  char title[] = "Seven";
  LpItem *a = add (b, id, title);
  id[3] = '8';
  title[0] = 'Z';
  ck_assert_str_eq (lp_item_get_id (a), "LP-7");
  ck_assert_str_eq (lp_item_get_title (a), "Seven");
  ck_assert_ptr_eq (lp_backlog_get_item (b, "LP-7"), a);
  ck_assert_ptr_null (lp_backlog_get_item (b, "LP-8"));
  lp_backlog_unref (b);
}
END_TEST

/* --- title and description ---------------------------------------------- */

START_TEST (test_title)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-17", "Old");

  ck_assert (lp_item_set_title (a, "New title", &err));
  ck_assert_ptr_null (err);
  ck_assert_str_eq (lp_item_get_title (a), "New title");
  ck_assert (lp_item_set_title (a, "New title", NULL));
  ck_assert_str_eq (lp_item_get_title (a), "New title");
  ck_assert (lp_item_set_title (a, "Ünïcödé ✓ 日本", &err));
  ck_assert_str_eq (lp_item_get_title (a), "Ünïcödé ✓ 日本");
  ck_assert (lp_item_set_title (a, "", &err));
  ck_assert_str_eq (lp_item_get_title (a), "");

  ck_assert (lp_item_set_title (a, "Kept", &err));
  ck_assert (!lp_item_set_title (a, BAD_UTF8, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  ck_assert_str_eq (lp_item_get_title (a), "Kept");
  ck_assert (!lp_item_set_title (a, BAD_UTF8_2, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "title");
  ck_assert_str_eq (lp_item_get_title (a), "Kept");
  /* a NULL error location is fine */
  ck_assert (!lp_item_set_title (a, BAD_UTF8, NULL));
  ck_assert_str_eq (lp_item_get_title (a), "Kept");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_title_invalid_on_add)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  ck_assert_ptr_null (lp_backlog_add_item (b, "LP-3", BAD_UTF8, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-3\"");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 0);
  ck_assert_ptr_null (lp_backlog_get_item (b, "LP-3"));
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_description)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-17", "T");
  ck_assert (lp_item_set_description (a, "As a user, I want…\nline 2", &err));
  ck_assert_ptr_null (err);
  ck_assert_str_eq (lp_item_get_description (a), "As a user, I want…\nline 2");
  ck_assert (!lp_item_set_description (a, BAD_UTF8, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  ck_assert_str_eq (lp_item_get_description (a), "As a user, I want…\nline 2");
  ck_assert (lp_item_set_description (a, "", &err));
  ck_assert_str_eq (lp_item_get_description (a), "");
  /* the title is independent */
  ck_assert_str_eq (lp_item_get_title (a), "T");
  lp_backlog_unref (b);
}
END_TEST

/* --- kind and status ------------------------------------------------------ */

START_TEST (test_kind_accessors)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A", NULL);
  const LpItemKind kinds[] = {
    LP_ITEM_KIND_EPIC, LP_ITEM_KIND_FEATURE, LP_ITEM_KIND_BUG,
    LP_ITEM_KIND_TASK, LP_ITEM_KIND_SPIKE, LP_ITEM_KIND_STORY
  };
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      lp_item_set_kind (a, kinds[i]);
      ck_assert_int_eq (lp_item_get_kind (a), kinds[i]);
    }
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_kind_strings)
{
  static const struct { LpItemKind kind; const char *name; } table[] = {
    { LP_ITEM_KIND_STORY, "story" },
    { LP_ITEM_KIND_EPIC, "epic" },
    { LP_ITEM_KIND_FEATURE, "feature" },
    { LP_ITEM_KIND_BUG, "bug" },
    { LP_ITEM_KIND_TASK, "task" },
    { LP_ITEM_KIND_SPIKE, "spike" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      ck_assert_str_eq (lp_item_kind_to_string (table[i].kind), table[i].name);
      LpItemKind k = (LpItemKind) 99;
      GError *err = NULL;
      ck_assert (lp_item_kind_from_string (table[i].name, &k, &err));
      ck_assert_ptr_null (err);
      ck_assert_int_eq (k, table[i].kind);
      /* round trip, case-insensitive */
      char *up = g_ascii_strup (table[i].name, -1);
      k = (LpItemKind) 99;
      ck_assert (lp_item_kind_from_string (up, &k, NULL));
      ck_assert_int_eq (k, table[i].kind);
      g_free (up);
    }
  LpItemKind k = LP_ITEM_KIND_BUG;
  ck_assert (lp_item_kind_from_string ("Epic", &k, NULL));
  ck_assert_int_eq (k, LP_ITEM_KIND_EPIC);
  ck_assert (lp_item_kind_from_string ("sPiKe", &k, NULL));
  ck_assert_int_eq (k, LP_ITEM_KIND_SPIKE);

  /* invalid values */
  ck_assert_ptr_null (lp_item_kind_to_string ((LpItemKind) 6));
  ck_assert_ptr_null (lp_item_kind_to_string ((LpItemKind) -1));
  ck_assert_ptr_null (lp_item_kind_to_string ((LpItemKind) 1000));

  const char *bad[] = { "", "stories", "epic ", " bug", "initiative", "st" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GError *err = NULL;
      k = LP_ITEM_KIND_TASK;
      ck_assert (!lp_item_kind_from_string (bad[i], &k, &err));
      ck_assert_int_eq (k, LP_ITEM_KIND_TASK);
      lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
    }
  GError *err = NULL;
  ck_assert (!lp_item_kind_from_string ("initiative", &k, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "initiative");
  ck_assert (!lp_item_kind_from_string ("initiative", &k, NULL));
  ck_assert_int_eq (k, LP_ITEM_KIND_TASK);
}
END_TEST

START_TEST (test_status_accessors)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A", NULL);
  const LpItemStatus statuses[] = {
    LP_ITEM_STATUS_IN_PROGRESS, LP_ITEM_STATUS_DONE, LP_ITEM_STATUS_DROPPED,
    LP_ITEM_STATUS_TODO
  };
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      lp_item_set_status (a, statuses[i]);
      ck_assert_int_eq (lp_item_get_status (a), statuses[i]);
    }
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_status_strings)
{
  static const struct { LpItemStatus status; const char *name; } table[] = {
    { LP_ITEM_STATUS_TODO, "todo" },
    { LP_ITEM_STATUS_IN_PROGRESS, "in_progress" },
    { LP_ITEM_STATUS_DONE, "done" },
    { LP_ITEM_STATUS_DROPPED, "dropped" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      ck_assert_str_eq (lp_item_status_to_string (table[i].status),
                        table[i].name);
      LpItemStatus st = (LpItemStatus) 99;
      GError *err = NULL;
      ck_assert (lp_item_status_from_string (table[i].name, &st, &err));
      ck_assert_ptr_null (err);
      ck_assert_int_eq (st, table[i].status);
      char *up = g_ascii_strup (table[i].name, -1);
      st = (LpItemStatus) 99;
      ck_assert (lp_item_status_from_string (up, &st, NULL));
      ck_assert_int_eq (st, table[i].status);
      g_free (up);
    }
  const char *progress[] = {
    "in-progress", "in progress", "In Progress", "IN-PROGRESS", "In_Progress",
    "IN PROGRESS"
  };
  for (guint i = 0; i < G_N_ELEMENTS (progress); i++)
    {
      LpItemStatus st = LP_ITEM_STATUS_DONE;
      ck_assert_msg (lp_item_status_from_string (progress[i], &st, NULL),
                     "\"%s\" rejected", progress[i]);
      ck_assert_int_eq (st, LP_ITEM_STATUS_IN_PROGRESS);
    }

  ck_assert_ptr_null (lp_item_status_to_string ((LpItemStatus) 4));
  ck_assert_ptr_null (lp_item_status_to_string ((LpItemStatus) -1));

  const char *bad[] = {
    "", "inprogress", "in  progress", "in__progress", "finished", "todo ",
    "wip", "drop"
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      GError *err = NULL;
      LpItemStatus st = LP_ITEM_STATUS_DROPPED;
      ck_assert_msg (!lp_item_status_from_string (bad[i], &st, &err),
                     "\"%s\" accepted", bad[i]);
      ck_assert_int_eq (st, LP_ITEM_STATUS_DROPPED);
      lp_assert_error (err, LP_ERROR_INVALID_VALUE, NULL);
    }
  GError *err = NULL;
  LpItemStatus st = LP_ITEM_STATUS_TODO;
  ck_assert (!lp_item_status_from_string ("finished", &st, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "finished");
  ck_assert_int_eq (st, LP_ITEM_STATUS_TODO);
}
END_TEST

/* --- value and effort ------------------------------------------------------ */

START_TEST (test_value)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-17", NULL);

  ck_assert (lp_item_set_value (a, 0, &err));
  ck_assert_ptr_null (err);
  ck_assert (lp_item_has_value (a));
  ck_assert (lp_item_get_value (a) == 0);
  ck_assert (lp_item_set_value (a, 13.5, &err));
  ck_assert (lp_item_get_value (a) == 13.5);
  ck_assert (lp_item_set_value (a, 1e300, &err));
  ck_assert (lp_item_get_value (a) == 1e300);
  ck_assert (lp_item_set_value (a, 8, &err));

  const double bad[] = { -1, -0.001, -1e300, NAN, INFINITY, -INFINITY };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ck_assert (!lp_item_set_value (a, bad[i], &err));
      lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\": value");
      ck_assert (lp_item_has_value (a));
      ck_assert (lp_item_get_value (a) == 8);
    }
  ck_assert (!lp_item_set_value (a, -1, NULL));
  ck_assert (lp_item_get_value (a) == 8);

  lp_item_clear_value (a);
  ck_assert (!lp_item_has_value (a));
  ck_assert (isnan (lp_item_get_value (a)));
  /* a failed set on an unvalued item keeps it unvalued */
  ck_assert (!lp_item_set_value (a, -5, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  ck_assert (!lp_item_has_value (a));
  lp_item_clear_value (a);
  ck_assert (!lp_item_has_value (a));
  /* effort is independent */
  ck_assert (!lp_item_has_effort (a));
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_effort)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-17", NULL);

  ck_assert (lp_item_set_effort (a, 3, &err));
  ck_assert_ptr_null (err);
  ck_assert (lp_item_has_effort (a));
  ck_assert (lp_item_get_effort (a) == 3);
  ck_assert (lp_item_set_effort (a, 0.25, &err));
  ck_assert (lp_item_get_effort (a) == 0.25);
  ck_assert (lp_item_set_effort (a, 1e-300, &err));
  ck_assert (lp_item_set_effort (a, 5, &err));

  ck_assert (!lp_item_set_effort (a, -2, &err));
  ck_assert_ptr_nonnull (err);
  ck_assert_str_eq (err->message,
                    "item \"LP-17\": effort must be a finite number > 0 (got -2)");
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\": effort must be");
  ck_assert (lp_item_get_effort (a) == 5);

  const double bad[] = { 0, -0.0, -2, NAN, INFINITY, -INFINITY };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ck_assert (!lp_item_set_effort (a, bad[i], &err));
      lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\": effort");
      ck_assert (lp_item_has_effort (a));
      ck_assert (lp_item_get_effort (a) == 5);
    }
  lp_item_clear_effort (a);
  ck_assert (!lp_item_has_effort (a));
  ck_assert (isnan (lp_item_get_effort (a)));
  ck_assert (!lp_item_set_effort (a, 0, NULL));
  ck_assert (!lp_item_has_effort (a));
  ck_assert (!lp_item_has_value (a));
  lp_backlog_unref (b);
}
END_TEST

/* --- parent ------------------------------------------------------------------ */

START_TEST (test_parent)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *epic = add (b, "E", NULL);
  LpItem *feat = add (b, "F", NULL);
  LpItem *story = add (b, "S", NULL);
  LpItem *other = add (b, "O", NULL);
  lp_item_set_kind (epic, LP_ITEM_KIND_EPIC);
  lp_item_set_kind (feat, LP_ITEM_KIND_FEATURE);

  ck_assert (lp_item_set_parent (feat, epic, &err));
  ck_assert_ptr_null (err);
  ck_assert (lp_item_set_parent (story, feat, &err));
  ck_assert_ptr_eq (lp_item_get_parent (story), feat);
  ck_assert_ptr_eq (lp_item_get_parent (feat), epic);
  ck_assert_ptr_null (lp_item_get_parent (epic));

  /* re-parenting and unsetting */
  ck_assert (lp_item_set_parent (story, epic, &err));
  ck_assert_ptr_eq (lp_item_get_parent (story), epic);
  ck_assert (lp_item_set_parent (story, NULL, &err));
  ck_assert_ptr_null (lp_item_get_parent (story));
  ck_assert (lp_item_set_parent (story, NULL, &err));
  ck_assert (lp_item_set_parent (story, feat, &err));
  /* setting the same parent again is fine */
  ck_assert (lp_item_set_parent (story, feat, &err));
  ck_assert_ptr_eq (lp_item_get_parent (story), feat);

  /* an item cannot be its own parent */
  ck_assert (!lp_item_set_parent (other, other, &err));
  lp_assert_error (err, LP_ERROR_PARENT_CYCLE, "item \"O\"");
  ck_assert_ptr_null (lp_item_get_parent (other));

  /* nor the child of its descendant: the old parent is kept */
  ck_assert (lp_item_set_parent (epic, other, &err));
  ck_assert (!lp_item_set_parent (epic, story, &err));
  lp_assert_error (err, LP_ERROR_PARENT_CYCLE, "item \"E\"");
  ck_assert_ptr_eq (lp_item_get_parent (epic), other);
  ck_assert (!lp_item_set_parent (epic, feat, &err));
  lp_assert_error (err, LP_ERROR_PARENT_CYCLE, "\"F\"");
  ck_assert_ptr_eq (lp_item_get_parent (epic), other);
  ck_assert (!lp_item_set_parent (other, story, &err));
  lp_assert_error (err, LP_ERROR_PARENT_CYCLE, "item \"O\"");
  ck_assert_ptr_null (lp_item_get_parent (other));
  ck_assert (!lp_item_set_parent (feat, story, NULL));
  ck_assert_ptr_eq (lp_item_get_parent (feat), epic);
  /* the hierarchy is intact */
  ck_assert_ptr_eq (lp_item_get_parent (story), feat);
  ck_assert_ptr_eq (lp_item_get_parent (feat), epic);
  ck_assert_ptr_eq (lp_item_get_parent (epic), other);

  /* a sibling subtree may move under another branch */
  ck_assert (lp_item_set_parent (epic, NULL, &err));
  ck_assert (lp_item_set_parent (other, story, &err));
  ck_assert_ptr_eq (lp_item_get_parent (other), story);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_parent_deep_chain)
{
  /* a long parent chain: the loop check walks it without recursion */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  enum { N = 20000 };
  LpItem *prev = NULL, *first = NULL;
  for (guint i = 0; i < N; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "P%u", i);
      LpItem *it = add (b, id, NULL);
      if (prev != NULL)
        ck_assert (lp_item_set_parent (it, prev, &err));
      else
        first = it;
      prev = it;
    }
  ck_assert (!lp_item_set_parent (first, prev, &err));
  lp_assert_error (err, LP_ERROR_PARENT_CYCLE, "item \"P0\"");
  ck_assert_ptr_null (lp_item_get_parent (first));
  ck_assert_str_eq (lp_item_get_id (lp_item_get_parent (prev)), "P19998");
  lp_backlog_unref (b);
}
END_TEST

/* --- attributes ----------------------------------------------------------------- */

START_TEST (test_attributes)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-17", NULL);
  LpItem *c = add (b, "LP-18", NULL);
  double v = 42;

  ck_assert (!lp_item_get_attribute (a, "reach", &v));
  ck_assert (v == 42);
  ck_assert (!lp_item_get_attribute (a, "reach", NULL));

  ck_assert (lp_item_set_attribute (a, "reach", 1000, &err));
  ck_assert_ptr_null (err);
  ck_assert (lp_item_get_attribute (a, "reach", &v));
  ck_assert (v == 1000);
  ck_assert (lp_item_get_attribute (a, "reach", NULL));
  /* other items do not have it */
  v = 42;
  ck_assert (!lp_item_get_attribute (c, "reach", &v));
  ck_assert (v == 42);

  /* overwrite; negative and zero are finite numbers */
  ck_assert (lp_item_set_attribute (a, "reach", -3.5, &err));
  ck_assert (lp_item_get_attribute (a, "reach", &v));
  ck_assert (v == -3.5);
  ck_assert (lp_item_set_attribute (a, "confidence", 0, &err));
  ck_assert (lp_item_get_attribute (a, "confidence", &v));
  ck_assert (v == 0);

  /* errors leave the item unchanged */
  const double bad[] = { NAN, INFINITY, -INFINITY };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ck_assert (!lp_item_set_attribute (a, "reach", bad[i], &err));
      lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
      ck_assert (lp_item_get_attribute (a, "reach", &v));
      ck_assert (v == -3.5);
      ck_assert (!lp_item_set_attribute (a, "effortless", bad[i], &err));
      lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
      ck_assert (!lp_item_get_attribute (a, "effortless", NULL));
    }
  ck_assert (!lp_item_set_attribute (a, "", 1, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  ck_assert (!lp_item_get_attribute (a, "", NULL));
  ck_assert (!lp_item_set_attribute (a, BAD_UTF8, 1, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  ck_assert (!lp_item_get_attribute (a, BAD_UTF8, NULL));

  char **names = lp_item_dup_attribute_names (a);
  ck_assert_uint_eq (g_strv_length (names), 2);
  ck_assert_str_eq (names[0], "reach");
  ck_assert_str_eq (names[1], "confidence");
  g_strfreev (names);

  /* unset */
  ck_assert (lp_item_unset_attribute (a, "reach"));
  ck_assert (!lp_item_get_attribute (a, "reach", NULL));
  ck_assert (!lp_item_unset_attribute (a, "reach"));
  ck_assert (!lp_item_unset_attribute (a, "never-seen"));
  ck_assert (!lp_item_unset_attribute (c, "confidence"));
  names = lp_item_dup_attribute_names (a);
  ck_assert_uint_eq (g_strv_length (names), 1);
  ck_assert_str_eq (names[0], "confidence");
  g_strfreev (names);
  names = lp_item_dup_attribute_names (c);
  ck_assert_ptr_nonnull (names);
  ck_assert_uint_eq (g_strv_length (names), 0);
  g_strfreev (names);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_attribute_names_order)
{
  /* names come in the order the backlog first saw them, whatever order an
   * item set them in */
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A", NULL);
  LpItem *c = add (b, "C", NULL);
  ck_assert (lp_item_set_attribute (a, "reach", 1, NULL));
  ck_assert (lp_item_set_attribute (a, "impact", 2, NULL));
  ck_assert (lp_item_set_attribute (c, "ürgency", 3, NULL));
  ck_assert (lp_item_set_attribute (c, "impact", 4, NULL));
  ck_assert (lp_item_set_attribute (c, "reach", 5, NULL));

  char **names = lp_item_dup_attribute_names (c);
  ck_assert_uint_eq (g_strv_length (names), 3);
  ck_assert_str_eq (names[0], "reach");
  ck_assert_str_eq (names[1], "impact");
  ck_assert_str_eq (names[2], "ürgency");
  g_strfreev (names);

  /* a fresh copy every time */
  char **n1 = lp_item_dup_attribute_names (a);
  char **n2 = lp_item_dup_attribute_names (a);
  ck_assert_ptr_ne (n1, n2);
  ck_assert (g_strv_equal ((const char *const *) n1, (const char *const *) n2));
  g_strfreev (n1);
  g_strfreev (n2);

  double v;
  ck_assert (lp_item_get_attribute (a, "impact", &v) && v == 2);
  ck_assert (lp_item_get_attribute (c, "impact", &v) && v == 4);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_attributes_many_items)
{
  /* attribute storage grows with the backlog */
  LpBacklog *b = lp_backlog_new ();
  LpItem *first = add (b, "I0", NULL);
  ck_assert (lp_item_set_attribute (first, "reach", 7, NULL));
  enum { N = 10000 };
  for (guint i = 1; i < N; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "I%u", i);
      LpItem *it = add (b, id, NULL);
      if (i % 3 == 0)
        ck_assert (lp_item_set_attribute (it, "reach", i, NULL));
      if (i == 5000)
        ck_assert (lp_item_set_attribute (it, "late", -1, NULL));
    }
  /* the first pointer is still valid */
  ck_assert_str_eq (lp_item_get_id (first), "I0");
  double v;
  ck_assert (lp_item_get_attribute (first, "reach", &v) && v == 7);
  for (guint i = 1; i < N; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "I%u", i);
      LpItem *it = lp_backlog_get_item (b, id);
      ck_assert_ptr_nonnull (it);
      gboolean has = lp_item_get_attribute (it, "reach", &v);
      ck_assert (has == (i % 3 == 0));
      if (has)
        ck_assert (v == i);
      ck_assert (lp_item_get_attribute (it, "late", NULL) == (i == 5000));
    }
  ck_assert (!lp_item_get_attribute (first, "late", NULL));
  lp_backlog_unref (b);
}
END_TEST

/* --- labels ------------------------------------------------------------------ */

START_TEST (test_labels)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "LP-17", NULL);

  ck_assert (!lp_item_has_label (a, "ux"));
  ck_assert (lp_item_add_label (a, "ux", &err));
  ck_assert_ptr_null (err);
  ck_assert (lp_item_add_label (a, "backend", &err));
  ck_assert (lp_item_add_label (a, "ux", &err));      /* already there */
  ck_assert (lp_item_add_label (a, "UX", &err));      /* case matters */
  ck_assert (lp_item_add_label (a, "café", &err));
  ck_assert_uint_eq (lp_item_get_n_labels (a), 4);
  ck_assert_str_eq (lp_item_get_label (a, 0), "ux");
  ck_assert_str_eq (lp_item_get_label (a, 1), "backend");
  ck_assert_str_eq (lp_item_get_label (a, 2), "UX");
  ck_assert_str_eq (lp_item_get_label (a, 3), "café");
  ck_assert (lp_item_has_label (a, "ux"));
  ck_assert (lp_item_has_label (a, "UX"));
  ck_assert (lp_item_has_label (a, "café"));
  ck_assert (!lp_item_has_label (a, "Backend"));

  ck_assert (!lp_item_add_label (a, "", &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  ck_assert (!lp_item_add_label (a, BAD_UTF8, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "item \"LP-17\"");
  ck_assert_uint_eq (lp_item_get_n_labels (a), 4);

  ck_assert (lp_item_remove_label (a, "backend"));
  ck_assert (!lp_item_remove_label (a, "backend"));
  ck_assert (!lp_item_remove_label (a, "never-used"));
  ck_assert (!lp_item_has_label (a, "backend"));
  ck_assert_uint_eq (lp_item_get_n_labels (a), 3);
  ck_assert_str_eq (lp_item_get_label (a, 0), "ux");
  ck_assert_str_eq (lp_item_get_label (a, 1), "UX");
  ck_assert_str_eq (lp_item_get_label (a, 2), "café");

  ck_assert (lp_item_remove_label (a, "ux"));
  ck_assert (lp_item_remove_label (a, "UX"));
  ck_assert (lp_item_remove_label (a, "café"));
  ck_assert_uint_eq (lp_item_get_n_labels (a), 0);
  ck_assert (!lp_item_has_label (a, "ux"));
  /* and back */
  ck_assert (lp_item_add_label (a, "backend", &err));
  ck_assert_uint_eq (lp_item_get_n_labels (a), 1);
  ck_assert_str_eq (lp_item_get_label (a, 0), "backend");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_labels_interned)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A", NULL);
  LpItem *c = add (b, "C", NULL);
  char label[] = "growth";
  ck_assert (lp_item_add_label (a, label, NULL));
  label[0] = 'G';   /* the label was copied */
  ck_assert (lp_item_add_label (c, "growth", NULL));
  const char *la = lp_item_get_label (a, 0);
  const char *lc = lp_item_get_label (c, 0);
  ck_assert_str_eq (la, "growth");
  ck_assert_ptr_eq (la, lc);
  /* valid as long as the backlog, even once no item has it */
  ck_assert (lp_item_remove_label (a, "growth"));
  ck_assert (lp_item_remove_label (c, "growth"));
  ck_assert_str_eq (la, "growth");
  ck_assert (lp_item_add_label (c, "growth", NULL));
  ck_assert_ptr_eq (lp_item_get_label (c, 0), la);
  lp_backlog_unref (b);
}
END_TEST

/* --- scoring models ------------------------------------------------------------ */

START_TEST (test_score_model)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A", NULL);
  LpScoreModel *m = lp_score_model_new_value_effort ();
  ck_assert_ptr_nonnull (m);
  ck_assert_str_eq (lp_score_model_get_name (m), "value-effort");

  double s = -7;
  /* unscored: neither, value only, effort only */
  ck_assert (!lp_score_model_score_item (m, a, &s));
  ck_assert (s == -7);
  ck_assert (lp_item_set_value (a, 6, &err));
  ck_assert (!lp_score_model_score_item (m, a, &s));
  ck_assert (s == -7);
  lp_item_clear_value (a);
  ck_assert (lp_item_set_effort (a, 3, &err));
  ck_assert (!lp_score_model_score_item (m, a, &s));
  ck_assert (s == -7);
  ck_assert (!lp_score_model_score_item (m, a, NULL));

  ck_assert (lp_item_set_value (a, 6, &err));
  ck_assert (lp_score_model_score_item (m, a, &s));
  ck_assert (s == 2);
  ck_assert (lp_score_model_score_item (m, a, NULL));
  ck_assert (lp_item_set_value (a, 0, &err));
  ck_assert (lp_score_model_score_item (m, a, &s));
  ck_assert (s == 0);
  ck_assert (lp_item_set_value (a, 1, &err));
  ck_assert (lp_item_set_effort (a, 4, &err));
  ck_assert (lp_score_model_score_item (m, a, &s));
  ck_assert (s == 0.25);

  /* ref / unref */
  ck_assert_ptr_eq (lp_score_model_ref (m), m);
  lp_score_model_unref (m);
  ck_assert_str_eq (lp_score_model_get_name (m), "value-effort");
  lp_score_model_unref (m);
  lp_score_model_unref (NULL);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_score_model_by_name)
{
  GError *err = NULL;
  LpScoreModel *m = lp_score_model_new_by_name ("value-effort", &err);
  ck_assert_ptr_nonnull (m);
  ck_assert_ptr_null (err);
  ck_assert_str_eq (lp_score_model_get_name (m), "value-effort");
  lp_score_model_unref (m);

  const char *bad[] = { "wsjf2", "", "value_effort", "Value-Effort x" };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      ck_assert_ptr_null (lp_score_model_new_by_name (bad[i], &err));
      lp_assert_error (err, LP_ERROR_INVALID_VALUE, bad[i]);
    }
  ck_assert_ptr_null (lp_score_model_new_by_name ("RICE", NULL));

  {
    g_autoptr (LpScoreModel) auto_model =
        lp_score_model_new_by_name ("value-effort", NULL);
    ck_assert_ptr_nonnull (auto_model);
  }
}
END_TEST

/* --- programmer errors ----------------------------------------------------------- */

START_TEST (test_programmer_errors)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *a = add (b, "A", "Title");
  LpBacklog *b2 = lp_backlog_new ();
  LpItem *foreign = add (b2, "F", NULL);
  GError *err = NULL;

  criticals_begin ();
  ck_assert_ptr_null (lp_item_get_id (NULL));
  ck_assert_uint_eq (criticals_count (), 1);
  ck_assert_ptr_null (lp_item_get_title (NULL));
  ck_assert_uint_eq (lp_item_get_position (NULL), 0);
  ck_assert (!lp_item_has_value (NULL));
  ck_assert (isnan (lp_item_get_effort (NULL)));
  ck_assert_uint_eq (criticals_count (), 5);

  ck_assert (!lp_item_set_title (a, NULL, &err));
  ck_assert_ptr_null (err);
  ck_assert_str_eq (lp_item_get_title (a), "Title");
  ck_assert_uint_eq (criticals_count (), 6);

  lp_item_set_kind (a, (LpItemKind) 42);
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_STORY);
  lp_item_set_status (a, (LpItemStatus) 42);
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_TODO);
  ck_assert_uint_eq (criticals_count (), 8);

  /* a parent from another backlog */
  ck_assert (!lp_item_set_parent (a, foreign, &err));
  ck_assert_ptr_null (err);
  ck_assert_ptr_null (lp_item_get_parent (a));
  ck_assert_uint_eq (criticals_count (), 9);

  ck_assert_ptr_null (lp_item_get_label (a, 0));
  ck_assert (!lp_score_model_score_item (NULL, a, NULL));
  ck_assert_ptr_null (lp_score_model_new_by_name (NULL, NULL));
  LpItemKind k = LP_ITEM_KIND_BUG;
  ck_assert (!lp_item_kind_from_string (NULL, &k, NULL));
  ck_assert_int_eq (k, LP_ITEM_KIND_BUG);
  ck_assert_uint_eq (criticals_end (), 13);

  lp_backlog_unref (b2);
  lp_backlog_unref (b);
}
END_TEST

/* --- storage reuse ---------------------------------------------------- */

/* A removed item's slot is reused by the next one added, and an item added
 * by a failed batch leaves its slot behind too: the new item must start
 * with nothing of the old one (title, description, labels, parent,
 * children). Also spans more than one storage block (4096 items). */
START_TEST (test_reused_storage_starts_clean)
{
  LpBacklog *b = lp_backlog_new ();
  GError *err = NULL;
  LpItem *parent = add (b, "P", "Parent");
  LpItem *old = add (b, "OLD", "Old title");
  ck_assert (lp_item_set_description (old, "Old description", NULL));
  ck_assert (lp_item_add_label (old, "ux", NULL));
  ck_assert (lp_item_set_parent (old, parent, NULL));
  LpItem *kid = add (b, "KID", NULL);
  ck_assert (lp_item_set_parent (kid, old, NULL));
  lp_backlog_remove_item (b, old);
  ck_assert_ptr_null (lp_item_get_parent (kid));

  LpItem *fresh = add (b, "NEW", NULL);
  ck_assert_str_eq (lp_item_get_title (fresh), "");
  ck_assert_str_eq (lp_item_get_description (fresh), "");
  ck_assert_uint_eq (lp_item_get_n_labels (fresh), 0);
  ck_assert_ptr_null (lp_item_get_parent (fresh));
  /* a childless item can take any parent, and the parent check still
   * sees the real children */
  ck_assert (lp_item_set_parent (fresh, kid, NULL));
  ck_assert (!lp_item_set_parent (kid, fresh, &err));
  lp_assert_error (err, LP_ERROR_PARENT_CYCLE, "KID");
  g_clear_error (&err);

  /* a batch that fails on a repeated id gives back its slots */
  const char *ids[] = { "T1", "T2", "T1" };
  const char *titles[] = { "one", "two", "three" };
  ck_assert (!lp_backlog_add_items (b, 3, ids, titles, NULL, NULL, &err));
  lp_assert_error (err, LP_ERROR_DUPLICATE_ID, "T1");
  g_clear_error (&err);
  LpItem *after = add (b, "AFTER", NULL);
  ck_assert_str_eq (lp_item_get_title (after), "");

  /* many items over several blocks, titles on every other one */
  char id[32];
  for (guint i = 0; i < 10000; i++)
    {
      g_snprintf (id, sizeof id, "M-%u", i);
      LpItem *it = add (b, id, i % 2 ? "odd" : NULL);
      if (i % 3 == 0)
        ck_assert (lp_item_add_label (it, "third", NULL));
    }
  for (guint i = 0; i < 10000; i += 7)
    {
      g_snprintf (id, sizeof id, "M-%u", i);
      LpItem *it = lp_backlog_get_item (b, id);
      ck_assert_ptr_eq (lp_item_get_backlog (it), b);
      ck_assert_str_eq (lp_item_get_title (it), i % 2 ? "odd" : "");
      ck_assert_uint_eq (lp_item_get_n_labels (it), i % 3 == 0);
    }
  lp_backlog_unref (b);
}
END_TEST

/* Positions follow additions (across storage blocks), removals and moves,
 * whether or not one was asked for before the change. */
START_TEST (test_positions_follow_changes)
{
  for (int asked_first = 0; asked_first < 2; asked_first++)
    {
      LpBacklog *b = lp_backlog_new ();
      LpItem *first = add (b, "FIRST", NULL);
      if (asked_first)
        ck_assert_uint_eq (lp_item_get_position (first), 0);
      char id[32];
      for (guint i = 0; i < 9000; i++)
        {
          g_snprintf (id, sizeof id, "I-%u", i);
          add (b, id, NULL);
        }
      lp_backlog_remove_item (b, lp_backlog_get_item (b, "I-10"));
      ck_assert (lp_backlog_move_item (b, lp_backlog_get_item (b, "I-8000"), 1, NULL));
      ck_assert (lp_backlog_move_item (b, first, 5000, NULL));
      add (b, "LAST", NULL);
      guint n = lp_backlog_get_n_items (b);
      ck_assert_uint_eq (n, 9001);
      for (guint p = 0; p < n; p++)
        ck_assert_uint_eq (lp_item_get_position (lp_backlog_get_item_at (b, p)), p);
      ck_assert_uint_eq (lp_item_get_position (first), 5000);
      /* moved to 1, then FIRST left position 0 */
      ck_assert_uint_eq (lp_item_get_position (lp_backlog_get_item (b, "I-8000")), 0);
      ck_assert_uint_eq (lp_item_get_position (lp_backlog_get_item (b, "LAST")), 9000);
      lp_backlog_unref (b);
    }
}
END_TEST

/* Many labels on one item, added and removed in turns: the label array
 * grows by doubling and must keep every label in place. */
START_TEST (test_many_labels)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *it = add (b, "L", NULL);
  char label[32];
  for (guint i = 0; i < 300; i++)
    {
      g_snprintf (label, sizeof label, "label-%u", i);
      ck_assert (lp_item_add_label (it, label, NULL));
      if (i % 3 == 2)
        {
          /* drop an earlier one, then add it back */
          g_snprintf (label, sizeof label, "label-%u", i / 2);
          ck_assert (lp_item_remove_label (it, label));
          ck_assert (!lp_item_has_label (it, label));
          ck_assert (lp_item_add_label (it, label, NULL));
        }
    }
  ck_assert_uint_eq (lp_item_get_n_labels (it), 300);
  for (guint i = 0; i < 300; i++)
    {
      g_snprintf (label, sizeof label, "label-%u", i);
      ck_assert (lp_item_has_label (it, label));
    }
  /* a repeat is not added twice */
  ck_assert (lp_item_add_label (it, "label-7", NULL));
  ck_assert_uint_eq (lp_item_get_n_labels (it), 300);
  lp_backlog_unref (b);
}
END_TEST

Suite *
lp_test_item_suite (void)
{
  Suite *s = suite_create ("item");
  TCase *tc = tcase_create ("item");
  tcase_add_test (tc, test_defaults);
  tcase_add_test (tc, test_id_is_copied);
  tcase_add_test (tc, test_title);
  tcase_add_test (tc, test_title_invalid_on_add);
  tcase_add_test (tc, test_description);
  tcase_add_test (tc, test_kind_accessors);
  tcase_add_test (tc, test_kind_strings);
  tcase_add_test (tc, test_status_accessors);
  tcase_add_test (tc, test_status_strings);
  tcase_add_test (tc, test_value);
  tcase_add_test (tc, test_effort);
  tcase_add_test (tc, test_parent);
  tcase_add_test (tc, test_parent_deep_chain);
  tcase_add_test (tc, test_attributes);
  tcase_add_test (tc, test_attribute_names_order);
  tcase_add_test (tc, test_attributes_many_items);
  tcase_add_test (tc, test_labels);
  tcase_add_test (tc, test_labels_interned);
  tcase_add_test (tc, test_score_model);
  tcase_add_test (tc, test_score_model_by_name);
  tcase_add_test (tc, test_programmer_errors);
  tcase_add_test (tc, test_reused_storage_starts_clean);
  tcase_add_test (tc, test_positions_follow_changes);
  tcase_add_test (tc, test_many_labels);
  suite_add_tcase (s, tc);
  return s;
}
