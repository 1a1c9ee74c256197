/* Check suite "gaps": the paths the other suites do not reach, found with
 * `make coverage` (./configure --enable-code-coverage):
 *  - I/O failures: loading a missing file or a directory, saving into a
 *    missing directory, under a regular file, or over a directory, importing
 *    CSV from the same; a failed save leaves the old file as it was;
 *  - JSON input the loader must refuse or accept at its edges: NUL
 *    characters in ids, labels, attribute names and product strings, null
 *    kind/status/product members, numbers written with very many digits,
 *    errors in items that come before the "format" member;
 *  - saving strings that need every escape, and strings longer than the
 *    save buffer's first allocation;
 *  - CSV input that is not UTF-8, in a field, a label, the header;
 *  - enumeration names: every _to_string() name read back by its
 *    _from_string(), unknown names and out-of-range values refused;
 *  - the programmer-error contract: every public function given a NULL
 *    object logs one critical and returns its documented failure value.
 * Everything goes through the public API only. */
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "lp-test.h"

/* --- I/O failures -------------------------------------------------------- */

static char *tmpdir;

static void
setup_tmpdir (void)
{
  GError *err = NULL;
  tmpdir = g_dir_make_tmp ("lp-gaps-XXXXXX", &err);
  ck_assert_msg (tmpdir != NULL, "g_dir_make_tmp: %s", err ? err->message : "");
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      GDir *dir = g_dir_open (path, 0, NULL);
      const char *name;
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
          g_free (child);
        }
      if (dir != NULL)
        g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
teardown_tmpdir (void)
{
  remove_tree (tmpdir);
  g_clear_pointer (&tmpdir, g_free);
}

static LpBacklog *
small_backlog (void)
{
  LpBacklog *b = lp_backlog_new ();
  GError *err = NULL;
  LpItem *a = lp_backlog_add_item (b, "A", "Alpha", &err);
  LpItem *c = lp_backlog_add_item (b, "B", "Beta", &err);
  ck_assert_ptr_nonnull (a);
  ck_assert_ptr_nonnull (c);
  ck_assert (lp_backlog_add_dependency (b, c, a, &err));
  return b;
}

START_TEST (test_load_missing_file)
{
  GError *err = NULL;
  char *path = g_build_filename (tmpdir, "absent.json", NULL);
  ck_assert_ptr_null (lp_backlog_load_file (path, &err));
  lp_assert_error (err, LP_ERROR_IO, "absent.json");
  ck_assert_ptr_null (lp_backlog_import_csv_file (path, &err));
  lp_assert_error (err, LP_ERROR_IO, "absent.json");
  g_free (path);
}
END_TEST

START_TEST (test_load_directory)
{
  GError *err = NULL;
  ck_assert_ptr_null (lp_backlog_load_file (tmpdir, &err));
  lp_assert_error (err, LP_ERROR_IO, NULL);
  ck_assert_ptr_null (lp_backlog_import_csv_file (tmpdir, &err));
  lp_assert_error (err, LP_ERROR_IO, NULL);
}
END_TEST

START_TEST (test_save_into_missing_directory)
{
  GError *err = NULL;
  LpBacklog *b = small_backlog ();
  char *path = g_build_filename (tmpdir, "no", "such", "dir", "b.json", NULL);
  ck_assert (!lp_backlog_save_file (b, path, &err));
  lp_assert_error (err, LP_ERROR_IO, "b.json");
  ck_assert (!g_file_test (path, G_FILE_TEST_EXISTS));
  g_free (path);
  lp_backlog_unref (b);
}
END_TEST

/* A path under a regular file fails with ENOTDIR even for root, which
 * ignores permission bits: this is the "unwritable directory" case that
 * works in every CI container. */
START_TEST (test_save_under_regular_file)
{
  GError *err = NULL;
  LpBacklog *b = small_backlog ();
  char *file = g_build_filename (tmpdir, "plain", NULL);
  ck_assert (g_file_set_contents (file, "x", 1, NULL));
  char *path = g_build_filename (file, "b.json", NULL);
  ck_assert (!lp_backlog_save_file (b, path, &err));
  lp_assert_error (err, LP_ERROR_IO, NULL);
  ck_assert_ptr_null (lp_backlog_load_file (path, &err));
  lp_assert_error (err, LP_ERROR_IO, NULL);
  g_free (path);
  g_free (file);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_save_over_directory_keeps_it)
{
  GError *err = NULL;
  LpBacklog *b = small_backlog ();
  char *dir = g_build_filename (tmpdir, "occupied", NULL);
  ck_assert_int_eq (g_mkdir (dir, 0700), 0);
  ck_assert (!lp_backlog_save_file (b, dir, &err));
  lp_assert_error (err, LP_ERROR_IO, "occupied");
  ck_assert (g_file_test (dir, G_FILE_TEST_IS_DIR));
  /* nothing left behind: no temporary file beside it */
  GDir *d = g_dir_open (tmpdir, 0, NULL);
  guint n = 0;
  while (g_dir_read_name (d) != NULL)
    n++;
  g_dir_close (d);
  ck_assert_uint_eq (n, 1);
  g_free (dir);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_failed_save_keeps_old_file)
{
  GError *err = NULL;
  LpBacklog *b = small_backlog ();
  char *path = g_build_filename (tmpdir, "b.json", NULL);
  ck_assert (lp_backlog_save_file (b, path, &err));
  char *before = NULL;
  ck_assert (g_file_get_contents (path, &before, NULL, NULL));
  /* make the save fail: the file's directory becomes unusable by turning
   * the path into a directory's child that cannot be created */
  char *bad = g_build_filename (path, "child.json", NULL);
  ck_assert (!lp_backlog_save_file (b, bad, &err));
  lp_assert_error (err, LP_ERROR_IO, NULL);
  char *after = NULL;
  ck_assert (g_file_get_contents (path, &after, NULL, NULL));
  ck_assert_str_eq (before, after);
  /* and it loads back */
  LpBacklog *again = lp_backlog_load_file (path, &err);
  ck_assert_ptr_nonnull (again);
  ck_assert_uint_eq (lp_backlog_get_n_items (again), 2);
  ck_assert (lp_backlog_has_dependency (again,
                                        lp_backlog_get_item (again, "B"),
                                        lp_backlog_get_item (again, "A")));
  lp_backlog_unref (again);
  g_free (after);
  g_free (bad);
  g_free (before);
  g_free (path);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_csv_file_roundtrip)
{
  GError *err = NULL;
  char *path = g_build_filename (tmpdir, "jira.csv", NULL);
  const char *csv = "key,summary,story_points\nX-1,One,3\nX-2,Two,\n";
  ck_assert (g_file_set_contents (path, csv, -1, NULL));
  LpBacklog *b = lp_backlog_import_csv_file (path, &err);
  ck_assert_msg (b != NULL, "%s", err ? err->message : "");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  ck_assert (lp_item_has_effort (lp_backlog_get_item (b, "X-1")));
  ck_assert (!lp_item_has_effort (lp_backlog_get_item (b, "X-2")));
  lp_backlog_unref (b);
  /* a CSV file with a syntax error reports it, not an I/O error */
  ck_assert (g_file_set_contents (path, "id,title\nA,\"open\n", -1, NULL));
  ck_assert_ptr_null (lp_backlog_import_csv_file (path, &err));
  lp_assert_error (err, LP_ERROR_PARSE, NULL);
  g_free (path);
}
END_TEST

/* --- JSON loading edges ---------------------------------------------------- */

static LpBacklog *
load (const char *json)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_data (json, strlen (json), &err);
  ck_assert_msg (b != NULL, "load failed: %s\n%s", err ? err->message : "",
                 json);
  return b;
}

static void
load_fails (const char *json, int code, const char *needle)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_data (json, strlen (json), &err);
  ck_assert_msg (b == NULL, "loaded, but should fail: %s", json);
  lp_assert_error (err, code, needle);
}

#define DOC(items) "{\"format\": \"libproduct/1\", \"items\": [" items "]}"

START_TEST (test_json_nul_characters)
{
  load_fails (DOC ("{\"id\": \"A\"}, {\"id\": \"B\", \"depends_on\": [\"A\\u0000x\"]}"),
              LP_ERROR_INVALID_VALUE, "NUL");
  load_fails (DOC ("{\"id\": \"A\", \"labels\": [\"x\\u0000\"]}"),
              LP_ERROR_INVALID_VALUE, "NUL");
  load_fails (DOC ("{\"id\": \"A\", \"attributes\": {\"re\\u0000ach\": 1}}"),
              LP_ERROR_INVALID_VALUE, "NUL");
  load_fails ("{\"format\": \"libproduct/1\", \"product\": {\"name\": \"a\\u0000b\"}, \"items\": []}",
              LP_ERROR_INVALID_VALUE, "NUL");
  load_fails ("{\"format\": \"libproduct/1\", \"product\": {\"vision\": 3}, \"items\": []}",
              LP_ERROR_FORMAT, "vision");
}
END_TEST

START_TEST (test_json_nulls_mean_defaults)
{
  LpBacklog *b = load ("{\"format\": \"libproduct/1\", "
                       "\"product\": {\"name\": null, \"vision\": null}, "
                       "\"items\": [{\"id\": \"A\", \"kind\": null, "
                       "\"status\": null, \"attributes\": null}]}");
  LpItem *a = lp_backlog_get_item (b, "A");
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_STORY);
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_TODO);
  ck_assert_str_eq (lp_backlog_get_name (b), "");
  ck_assert_str_eq (lp_backlog_get_vision (b), "");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_json_long_numbers)
{
  /* more digits than the loader's stack buffer */
  LpBacklog *b = load (DOC ("{\"id\": \"A\", \"value\": "
                            "1.00000000000000000000000000000000000000000000"
                            "0000000000000000000000000000000000000000001, "
                            "\"effort\": 2}"));
  ck_assert_double_eq_tol (lp_item_get_value (lp_backlog_get_item (b, "A")),
                           1.0, 1e-12);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_json_error_before_format)
{
  /* an item error met before the "format" member: the message still names
   * the item, whatever the member order */
  load_fails ("{\"items\": [{\"id\": \"A\", \"effort\": -1}], "
              "\"format\": \"libproduct/1\"}",
              LP_ERROR_INVALID_VALUE, "\"A\"");
  load_fails ("{\"items\": [{\"id\": \"A\", \"parent\": \"A\"}], "
              "\"format\": \"libproduct/1\"}",
              LP_ERROR_PARENT_CYCLE, "\"A\"");
}
END_TEST

/* --- saving edges ---------------------------------------------------------- */

START_TEST (test_save_escapes_every_control_character)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  GString *title = g_string_new ("q\" b\\");
  for (int c = 1; c < 0x20; c++)
    g_string_append_c (title, (char) c);
  LpItem *a = lp_backlog_add_item (b, "A", title->str, &err);
  ck_assert_ptr_nonnull (a);
  ck_assert (lp_item_set_description (a, "\b\f\n\r\t\x01", &err));
  ck_assert (lp_item_add_label (a, "tab\there", &err));
  ck_assert (lp_backlog_set_name (b, "name\r\n", &err));
  ck_assert (lp_backlog_set_vision (b, "\x1f vision", &err));

  gsize len = 0;
  char *saved = lp_backlog_save_data (b, &len);
  ck_assert (strstr (saved, "\\b\\f\\n\\r\\t\\u0001") != NULL);
  ck_assert (strstr (saved, "\\u001F") != NULL);
  LpBacklog *again = lp_backlog_load_data (saved, len, &err);
  ck_assert_msg (again != NULL, "%s", err ? err->message : "");
  LpItem *a2 = lp_backlog_get_item (again, "A");
  ck_assert_str_eq (lp_item_get_title (a2), title->str);
  ck_assert_str_eq (lp_item_get_description (a2), "\b\f\n\r\t\x01");
  ck_assert_str_eq (lp_backlog_get_vision (again), "\x1f vision");
  gsize len2 = 0;
  char *saved2 = lp_backlog_save_data (again, &len2);
  ck_assert_uint_eq (len, len2);
  ck_assert (memcmp (saved, saved2, len) == 0);
  g_free (saved2);
  g_free (saved);
  lp_backlog_unref (again);
  g_string_free (title, TRUE);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_save_long_strings)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  /* longer than the save buffer's first allocation, escapes included */
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < 20000; i++)
    g_string_append_c (s, i % 1000 == 999 ? '\n' : (char) ('a' + i % 26));
  ck_assert_ptr_nonnull (lp_backlog_add_item (b, "A", s->str, &err));
  ck_assert (lp_backlog_set_vision (b, s->str, &err));
  gsize len = 0;
  char *saved = lp_backlog_save_data (b, &len);
  ck_assert_uint_gt (len, 40000);
  LpBacklog *again = lp_backlog_load_data (saved, len, &err);
  ck_assert_msg (again != NULL, "%s", err ? err->message : "");
  ck_assert_str_eq (lp_item_get_title (lp_backlog_get_item (again, "A")), s->str);
  lp_backlog_unref (again);
  g_free (saved);
  g_string_free (s, TRUE);
  lp_backlog_unref (b);
}
END_TEST

/* --- CSV that is not UTF-8 --------------------------------------------------- */

START_TEST (test_csv_invalid_utf8)
{
  GError *err = NULL;
  const char *bad_title = "id,title\nA,caf\xe9\n";
  ck_assert_ptr_null (lp_backlog_import_csv_data (bad_title, strlen (bad_title), &err));
  lp_assert_error (err, LP_ERROR_PARSE, "line 2");
  const char *bad_label = "id,labels\nA,ok;\xff\xfe\n";
  ck_assert_ptr_null (lp_backlog_import_csv_data (bad_label, strlen (bad_label), &err));
  lp_assert_error (err, LP_ERROR_PARSE, "UTF-8");
  const char *bad_header = "id,t\xc3\n";
  ck_assert_ptr_null (lp_backlog_import_csv_data (bad_header, strlen (bad_header), &err));
  lp_assert_error (err, LP_ERROR_PARSE, "line 1");
}
END_TEST

/* --- enumeration names -------------------------------------------------------- */

/* Every name a _to_string() gives is read back by _from_string(), also in
 * upper case; out-of-range values have no name; unknown names are an
 * LP_ERROR_INVALID_VALUE naming them; NULL arguments are criticals. */
#define VOCAB_ROUNDTRIP(prefix, Type)                                        \
  do {                                                                       \
    guint n_ = 0;                                                            \
    for (int v_ = 0; v_ < 64; v_++)                                          \
      {                                                                      \
        const char *name_ = prefix##_to_string ((Type) v_);                  \
        if (name_ == NULL)                                                   \
          break;                                                             \
        n_++;                                                                \
        Type back_ = (Type) 0;                                               \
        ck_assert_msg (prefix##_from_string (name_, &back_, NULL),           \
                       #prefix ": \"%s\" not read back", name_);             \
        ck_assert_int_eq ((int) back_, v_);                                  \
        char *upper_ = g_ascii_strup (name_, -1);                            \
        back_ = (Type) 0;                                                    \
        ck_assert_msg (prefix##_from_string (upper_, &back_, NULL),          \
                       #prefix ": \"%s\" not read back", upper_);            \
        ck_assert_int_eq ((int) back_, v_);                                  \
        g_free (upper_);                                                     \
      }                                                                      \
    ck_assert_msg (n_ >= 2, #prefix ": fewer than 2 names");                 \
    ck_assert_ptr_null (prefix##_to_string ((Type) 1000));                   \
    Type out_ = (Type) 0;                                                    \
    GError *e_ = NULL;                                                       \
    ck_assert (!prefix##_from_string ("no-such-name", &out_, &e_));          \
    lp_assert_error (e_, LP_ERROR_INVALID_VALUE, "no-such-name");            \
    ck_assert (!prefix##_from_string ("", &out_, NULL));                     \
    criticals_begin ();                                                      \
    ck_assert (!prefix##_from_string (NULL, &out_, NULL));                   \
    ck_assert (!prefix##_from_string ("x", NULL, NULL));                     \
    ck_assert_uint_eq (criticals_end (), 2);                                 \
  } while (0)

START_TEST (test_enum_names)
{
  VOCAB_ROUNDTRIP (lp_item_kind, LpItemKind);
  VOCAB_ROUNDTRIP (lp_item_status, LpItemStatus);
  VOCAB_ROUNDTRIP (lp_moscow, LpMoscow);
  VOCAB_ROUNDTRIP (lp_kano_answer, LpKanoAnswer);
  VOCAB_ROUNDTRIP (lp_kano_category, LpKanoCategory);
  VOCAB_ROUNDTRIP (lp_ice_mode, LpIceMode);
  VOCAB_ROUNDTRIP (lp_scorecard_mode, LpScorecardMode);
  VOCAB_ROUNDTRIP (lp_scale, LpScale);
  VOCAB_ROUNDTRIP (lp_scale_check, LpScaleCheck);
  VOCAB_ROUNDTRIP (lp_quadrant, LpQuadrant);
  /* names without a reader */
  ck_assert_ptr_nonnull (lp_term_role_to_string ((LpTermRole) 0));
  ck_assert_ptr_null (lp_term_role_to_string ((LpTermRole) 1000));
  ck_assert_ptr_nonnull (lp_exclusion_to_string ((LpExclusion) 0));
  ck_assert_ptr_null (lp_exclusion_to_string ((LpExclusion) 1000));
}
END_TEST

/* --- programmer errors: NULL objects ---------------------------------------- */

#define CRITICAL(expr)                                                      \
  do {                                                                      \
    guint before_ = criticals_count ();                                     \
    expr;                                                                   \
    ck_assert_msg (criticals_count () == before_ + 1,                       \
                   "no critical from %s", #expr);                           \
  } while (0)

START_TEST (test_null_objects)
{
  GError *err = NULL;
  double d = 0;
  LpBacklog *b = small_backlog ();
  LpItem *a = lp_backlog_get_item (b, "A");

  criticals_begin ();
  /* NULL is allowed here: no critical */
  lp_backlog_unref (NULL);
  lp_ranking_unref (NULL);
  lp_cycles_unref (NULL);
  lp_score_model_unref (NULL);
  ck_assert_uint_eq (criticals_count (), 0);
  CRITICAL (ck_assert_ptr_null (lp_backlog_ref (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_get_name (NULL)));
  CRITICAL (ck_assert (!lp_backlog_set_name (NULL, "x", &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_get_vision (NULL)));
  CRITICAL (ck_assert (!lp_backlog_set_vision (NULL, "x", &err)));
  CRITICAL (ck_assert_uint_eq (lp_backlog_get_n_items (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_backlog_add_item (NULL, "X", "x", &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_add_item (b, NULL, "x", &err)));
  CRITICAL (lp_backlog_remove_item (NULL, a));
  CRITICAL (ck_assert (!lp_backlog_move_item (NULL, a, 0, &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_get_item_at (NULL, 0)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_get_item (NULL, "A")));
  CRITICAL (ck_assert_ptr_null (lp_backlog_get_item (b, NULL)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_lookup_item (NULL, "A", &err)));
  CRITICAL (ck_assert (!lp_backlog_add_dependency (NULL, a, a, &err)));
  CRITICAL (ck_assert (!lp_backlog_add_dependency (b, NULL, a, &err)));
  CRITICAL (ck_assert (!lp_backlog_add_dependency (b, a, NULL, &err)));
  CRITICAL (ck_assert (!lp_backlog_remove_dependency (NULL, a, a)));
  CRITICAL (ck_assert (!lp_backlog_has_dependency (NULL, a, a)));
  CRITICAL (ck_assert_uint_eq (lp_backlog_get_n_dependencies (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_backlog_dup_prerequisites (NULL, a)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_dup_prerequisites (b, NULL)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_dup_dependents (NULL, a)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_dup_dependents (b, NULL)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_dup_blockers (NULL, a)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_dup_blockers (b, NULL)));
  CRITICAL (ck_assert (!lp_backlog_item_is_ready (NULL, a)));
  CRITICAL (ck_assert (!lp_backlog_item_is_ready (b, NULL)));

  CRITICAL (ck_assert_ptr_null (lp_item_get_id (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_item_get_backlog (NULL)));
  CRITICAL ((void) lp_item_get_position (NULL));
  CRITICAL (ck_assert_ptr_null (lp_item_get_title (NULL)));
  CRITICAL (ck_assert (!lp_item_set_title (NULL, "x", &err)));
  CRITICAL (ck_assert_ptr_null (lp_item_get_description (NULL)));
  CRITICAL (ck_assert (!lp_item_set_description (NULL, "x", &err)));
  CRITICAL ((void) lp_item_get_kind (NULL));
  CRITICAL (lp_item_set_kind (NULL, LP_ITEM_KIND_BUG));
  CRITICAL ((void) lp_item_get_status (NULL));
  CRITICAL (lp_item_set_status (NULL, LP_ITEM_STATUS_DONE));
  CRITICAL (ck_assert (!lp_item_has_value (NULL)));
  CRITICAL ((void) lp_item_get_value (NULL));
  CRITICAL (ck_assert (!lp_item_set_value (NULL, 1, &err)));
  CRITICAL (lp_item_clear_value (NULL));
  CRITICAL (ck_assert (!lp_item_has_effort (NULL)));
  CRITICAL ((void) lp_item_get_effort (NULL));
  CRITICAL (ck_assert (!lp_item_set_effort (NULL, 1, &err)));
  CRITICAL (lp_item_clear_effort (NULL));
  CRITICAL (ck_assert_ptr_null (lp_item_get_parent (NULL)));
  CRITICAL (ck_assert (!lp_item_set_parent (NULL, a, &err)));
  CRITICAL (ck_assert (!lp_item_get_attribute (NULL, "x", &d)));
  CRITICAL (ck_assert (!lp_item_get_attribute (a, NULL, &d)));
  CRITICAL (ck_assert (!lp_item_set_attribute (NULL, "x", 1, &err)));
  CRITICAL (ck_assert (!lp_item_unset_attribute (NULL, "x")));
  CRITICAL (ck_assert_ptr_null (lp_item_dup_attribute_names (NULL)));
  CRITICAL (ck_assert (!lp_item_add_label (NULL, "x", &err)));
  CRITICAL (ck_assert (!lp_item_remove_label (NULL, "x")));
  CRITICAL (ck_assert (!lp_item_has_label (NULL, "x")));
  CRITICAL (ck_assert_uint_eq (lp_item_get_n_labels (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_item_get_label (NULL, 0)));

  CRITICAL (ck_assert_ptr_null (lp_backlog_order (NULL, NULL, LP_ORDER_STRICT, &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_next (NULL, NULL, 1, &err)));
  CRITICAL (ck_assert_ptr_null (lp_ranking_ref (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_ranking_get_backlog (NULL)));
  CRITICAL (ck_assert_uint_eq (lp_ranking_get_n_items (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_ranking_get_item (NULL, 0)));
  CRITICAL ((void) lp_ranking_get_score (NULL, 0));
  CRITICAL (ck_assert_uint_eq (lp_ranking_get_n_excluded (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_ranking_get_excluded_item (NULL, 0)));
  CRITICAL ((void) lp_ranking_get_excluded_reason (NULL, 0));
  CRITICAL (ck_assert_ptr_null (lp_ranking_get_excluded_cause (NULL, 0)));

  CRITICAL (ck_assert_ptr_null (lp_backlog_find_cycles (NULL, LP_CYCLES_ALL)));
  CRITICAL (ck_assert_ptr_null (lp_cycles_ref (NULL)));
  CRITICAL (ck_assert_uint_eq (lp_cycles_get_n_groups (NULL), 0));
  CRITICAL (ck_assert_uint_eq (lp_cycles_get_group_size (NULL, 0), 0));
  CRITICAL (ck_assert_ptr_null (lp_cycles_get_member (NULL, 0, 0)));
  CRITICAL (ck_assert_uint_eq (lp_cycles_get_path_length (NULL, 0), 0));
  CRITICAL (ck_assert_ptr_null (lp_cycles_get_path_item (NULL, 0, 0)));
  CRITICAL (ck_assert_ptr_null (lp_cycles_format_path (NULL, 0)));

  CRITICAL (ck_assert_ptr_null (lp_score_model_ref (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_get_name (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_new_by_name (NULL, &err)));
  CRITICAL (ck_assert (!lp_score_model_score_item (NULL, a, &d)));

  CRITICAL (ck_assert_ptr_null (lp_backlog_load_data (NULL, 1, &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_load_file (NULL, &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_save_data (NULL, NULL)));
  CRITICAL (ck_assert (!lp_backlog_save_file (NULL, "x", &err)));
  CRITICAL (ck_assert (!lp_backlog_save_file (b, NULL, &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_import_csv_data (NULL, 1, &err)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_import_csv_file (NULL, &err)));
  CRITICAL (ck_assert (!lp_item_kind_from_string (NULL, NULL, &err)));
  CRITICAL (ck_assert (!lp_item_status_from_string (NULL, NULL, &err)));

  /* a set error is a programmer error too */
  GError *set = g_error_new_literal (LP_ERROR, LP_ERROR_IO, "already set");
  CRITICAL (ck_assert_ptr_null (lp_backlog_load_data ("{}", 2, &set)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_add_item (b, "Z", "z", &set)));
  g_error_free (set);
  criticals_end ();

  ck_assert_ptr_null (err);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  lp_backlog_unref (b);
}
END_TEST

/* The scoring-model, scores, explanation and ranking API (the models
 * issue): NULL objects are criticals too. */
START_TEST (test_null_objects_models)
{
  GError *err = NULL;
  double d = 0, d2 = 0;
  guint u = 0;
  const char *str = NULL;
  LpBacklog *b = small_backlog ();
  LpItem *a = lp_backlog_get_item (b, "A");
  LpScoreModel *model = lp_score_model_new_value_effort ();
  LpRanking *ranking = lp_backlog_order (b, model, LP_ORDER_STRICT, &err);
  ck_assert_ptr_nonnull (ranking);
  LpKanoAnswer fa, da;
  LpScale scale;
  LpQuadrant quadrant;
  LpKanoCategory category;
  guint counts[LP_KANO_N_CATEGORIES];

  criticals_begin ();
  lp_scores_unref (NULL);
  lp_explanation_unref (NULL);
  ck_assert_uint_eq (criticals_count (), 0);

  CRITICAL (ck_assert_ptr_null (lp_score_model_new_scorecard_from_data (NULL, 3, &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_new_scorecard_from_file (NULL, &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_new_formula (NULL, &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_new_formula_for_backlog (NULL, b, &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_new_formula_for_backlog ("value", NULL, &err)));
  CRITICAL (ck_assert (!lp_score_model_set_input (NULL, "value", "v", &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_dup_inputs (NULL)));
  CRITICAL (ck_assert (!lp_score_model_set_scale_check (NULL, LP_SCALE_CHECK_IGNORE, &err)));
  CRITICAL (ck_assert (!lp_score_model_set_ice_mode (NULL, LP_ICE_AVERAGE, &err)));
  CRITICAL (ck_assert (!lp_score_model_set_quadrant_thresholds (NULL, 1, 1, &err)));
  CRITICAL (ck_assert (!lp_score_model_set_must_limit (NULL, 0.6, &err)));
  CRITICAL (ck_assert (!lp_score_model_set_scorecard_mode (NULL, LP_SCORECARD_RELATIVE, &err)));
  CRITICAL (ck_assert (!lp_score_model_add_criterion (NULL, "c", 1, LP_SCALE_ANY, &err)));
  CRITICAL (ck_assert (!lp_score_model_set_criterion_values (NULL, "c", &d, 1, &err)));
  CRITICAL (ck_assert_uint_eq (lp_score_model_get_n_criteria (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_score_model_get_criterion (NULL, 0, &d, &scale)));
  CRITICAL (ck_assert (!lp_score_model_set_option (NULL, "k", "v", &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_apply (NULL, b, &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_apply (model, NULL, &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_explain (NULL, a, &err)));
  CRITICAL (ck_assert_ptr_null (lp_score_model_explain (model, NULL, &err)));

  CRITICAL (ck_assert_ptr_null (lp_scores_ref (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_scores_get_backlog (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_scores_get_model (NULL)));
  CRITICAL (ck_assert_uint_eq (lp_scores_get_n_scored (NULL), 0));
  CRITICAL (ck_assert_uint_eq (lp_scores_get_n_unscored (NULL), 0));
  CRITICAL (ck_assert (!lp_scores_get_score (NULL, a, &d)));
  CRITICAL (ck_assert_ptr_null (lp_scores_get_missing_input (NULL, a)));
  CRITICAL (ck_assert_ptr_null (lp_scores_dup_reason (NULL, a)));
  CRITICAL (ck_assert (!lp_scores_get_quadrant (NULL, a, &quadrant)));
  CRITICAL (lp_scores_get_quadrant_thresholds (NULL, &d, &d2));
  CRITICAL (ck_assert (!lp_scores_get_secondary_score (NULL, a, &d)));
  CRITICAL ((void) lp_scores_get_must_share (NULL, &d));
  CRITICAL (ck_assert (!lp_scores_must_share_exceeded (NULL)));
  CRITICAL (ck_assert (!lp_scores_get_kano_category (NULL, a, &category)));
  CRITICAL (ck_assert (!lp_scores_get_kano_counts (NULL, a, counts)));
  CRITICAL (ck_assert (!lp_scores_get_kano_coefficients (NULL, a, &d, &d2)));
  CRITICAL (ck_assert_uint_eq (lp_scores_get_n_violations (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_scores_get_violation (NULL, 0, &str, &d)));
  CRITICAL (ck_assert_ptr_null (lp_scores_explain (NULL, a)));

  CRITICAL (ck_assert_ptr_null (lp_explanation_ref (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_explanation_get_item (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_explanation_get_model_name (NULL)));
  CRITICAL (ck_assert (!lp_explanation_get_score (NULL, &d)));
  CRITICAL (ck_assert_ptr_null (lp_explanation_get_reason (NULL)));
  CRITICAL (ck_assert_ptr_null (lp_explanation_get_missing_input (NULL)));
  CRITICAL (ck_assert_uint_eq (lp_explanation_get_n_terms (NULL), 0));
  CRITICAL (ck_assert_ptr_null (lp_explanation_get_term_name (NULL, 0)));
  CRITICAL ((void) lp_explanation_get_term_role (NULL, 0));
  CRITICAL ((void) lp_explanation_get_term_input (NULL, 0));
  CRITICAL ((void) lp_explanation_get_term_value (NULL, 0));
  CRITICAL ((void) lp_explanation_get_term_weight (NULL, 0));
  CRITICAL ((void) lp_explanation_get_term_contribution (NULL, 0));
  CRITICAL (ck_assert_ptr_null (lp_explanation_to_string (NULL)));

  CRITICAL (ck_assert_ptr_null (lp_ranking_explain_position (NULL, a)));
  CRITICAL (ck_assert_ptr_null (lp_ranking_explain_position (ranking, NULL)));
  CRITICAL (ck_assert_ptr_null (lp_ranking_explain_pair (NULL, a, a)));
  CRITICAL (ck_assert_ptr_null (lp_ranking_dup_held_back_by (NULL, a)));
  CRITICAL (ck_assert_ptr_null (lp_ranking_dup_waits_behind (NULL, a)));
  CRITICAL (ck_assert_ptr_null (lp_backlog_next_full (NULL, NULL, 1, LP_ORDER_STRICT, &err)));
  CRITICAL ((void) lp_ranking_get_effective_score (NULL, 0));
  CRITICAL (ck_assert_ptr_null (lp_ranking_get_inherited_from (NULL, 0)));
  CRITICAL (ck_assert (!lp_ranking_find_item (NULL, a, &u)));
  CRITICAL (ck_assert_ptr_null (lp_ranking_get_model_name (NULL)));

  CRITICAL ((void) lp_item_get_moscow (NULL));
  CRITICAL (lp_item_set_moscow (NULL, LP_MOSCOW_MUST));
  CRITICAL (lp_item_add_kano_answer (NULL, (LpKanoAnswer) 0, (LpKanoAnswer) 0));
  CRITICAL (lp_item_clear_kano_answers (NULL));
  CRITICAL (ck_assert_uint_eq (lp_item_get_n_kano_answers (NULL), 0));
  CRITICAL (lp_item_get_kano_answer (NULL, 0, &fa, &da));
  /* out-of-range enumeration values are programmer errors too */
  CRITICAL (lp_item_set_moscow (a, (LpMoscow) 1000));
  CRITICAL (lp_item_add_kano_answer (a, (LpKanoAnswer) 1000, (LpKanoAnswer) 0));
  CRITICAL (lp_item_get_kano_answer (a, 0, &fa, &da));  /* no answer 0 */
  criticals_end ();

  ck_assert_ptr_null (err);
  ck_assert_int_eq (lp_item_get_moscow (a), LP_MOSCOW_NONE);
  ck_assert_uint_eq (lp_item_get_n_kano_answers (a), 0);
  lp_ranking_unref (ranking);
  lp_score_model_unref (model);
  lp_backlog_unref (b);
}
END_TEST

Suite *
lp_test_gaps_suite (void)
{
  Suite *s = suite_create ("gaps");

  TCase *io = tcase_create ("io");
  tcase_add_checked_fixture (io, setup_tmpdir, teardown_tmpdir);
  tcase_add_test (io, test_load_missing_file);
  tcase_add_test (io, test_load_directory);
  tcase_add_test (io, test_save_into_missing_directory);
  tcase_add_test (io, test_save_under_regular_file);
  tcase_add_test (io, test_save_over_directory_keeps_it);
  tcase_add_test (io, test_failed_save_keeps_old_file);
  tcase_add_test (io, test_csv_file_roundtrip);
  suite_add_tcase (s, io);

  TCase *json = tcase_create ("json");
  tcase_add_test (json, test_json_nul_characters);
  tcase_add_test (json, test_json_nulls_mean_defaults);
  tcase_add_test (json, test_json_long_numbers);
  tcase_add_test (json, test_json_error_before_format);
  tcase_add_test (json, test_save_escapes_every_control_character);
  tcase_add_test (json, test_save_long_strings);
  tcase_add_test (json, test_csv_invalid_utf8);
  suite_add_tcase (s, json);

  TCase *names = tcase_create ("enum-names");
  tcase_add_test (names, test_enum_names);
  suite_add_tcase (s, names);

  TCase *contract = tcase_create ("null-objects");
  tcase_add_test (contract, test_null_objects);
  tcase_add_test (contract, test_null_objects_models);
  suite_add_tcase (s, contract);
  return s;
}
