/* Check suite "json": the `libproduct/1` file format, lp_backlog_load_data()
 * / _file() and lp_backlog_save_data() / _file(): every field, round trips,
 * forward compatibility (unknown members) and every error code. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "lp-test.h"

/* Test documents are written with single quotes, turned into double quotes
 * here (the documents hold no apostrophe). */
static char *
dq (const char *single_quoted)
{
  char *s = g_strdup (single_quoted);
  g_strdelimit (s, "'", '"');
  return s;
}

/* Like lp_assert_error() (a function, so that values can be passed). */
static void
check_error (GError **err, int expected, const char *needle)
{
  ck_assert_msg (*err != NULL, "expected an error");
  ck_assert_msg ((*err)->domain == LP_ERROR, "wrong domain");
  ck_assert_msg ((*err)->code == expected, "expected code %d, got %d (%s)",
                 expected, (*err)->code, (*err)->message);
  if (needle != NULL)
    ck_assert_msg (strstr ((*err)->message, needle) != NULL,
                   "message \"%s\" lacks \"%s\"", (*err)->message, needle);
  g_clear_error (err);
}

static LpBacklog *
load_ok (const char *single_quoted)
{
  char *doc = dq (single_quoted);
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_data (doc, strlen (doc), &err);
  ck_assert_msg (err == NULL, "unexpected error: %s",
                 err != NULL ? err->message : "");
  ck_assert_ptr_nonnull (b);
  g_free (doc);
  return b;
}

/* Loads a document that must fail with `code`, the message containing every
 * non-NULL needle. */
static void
load_fails (const char *single_quoted, int code, const char *needle,
            const char *needle2)
{
  char *doc = dq (single_quoted);
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_data (doc, strlen (doc), &err);
  ck_assert_ptr_null (b);
  if (needle2 != NULL)
    ck_assert_msg (err != NULL && strstr (err->message, needle2) != NULL,
                   "message \"%s\" lacks \"%s\"",
                   err != NULL ? err->message : "(none)", needle2);
  check_error (&err, code, needle);
  g_free (doc);
}

#define HEAD "{'format': 'libproduct/1', "

static LpItem *
item (LpBacklog *b, const char *id)
{
  LpItem *it = lp_backlog_get_item (b, id);
  ck_assert_msg (it != NULL, "no item \"%s\"", id);
  return it;
}

static char *
save (LpBacklog *b, gsize *length)
{
  gsize len = 0;
  char *s = lp_backlog_save_data (b, &len);
  ck_assert_ptr_nonnull (s);
  ck_assert_uint_eq (strlen (s), len);
  if (length != NULL)
    *length = len;
  return s;
}

static char *
prerequisite_ids (LpBacklog *b, const LpItem *it)
{
  GPtrArray *pre = lp_backlog_dup_prerequisites (b, it);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < pre->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "",
                            lp_item_get_id (pre->pdata[i]));
  g_ptr_array_unref (pre);
  return g_string_free (s, FALSE);
}

/* Asserts that two backlogs hold the same data, field by field. */
static void
assert_same_backlog (LpBacklog *a, LpBacklog *b)
{
  ck_assert_str_eq (lp_backlog_get_name (a), lp_backlog_get_name (b));
  ck_assert_str_eq (lp_backlog_get_vision (a), lp_backlog_get_vision (b));
  guint n = lp_backlog_get_n_items (a);
  ck_assert_uint_eq (n, lp_backlog_get_n_items (b));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (a),
                     lp_backlog_get_n_dependencies (b));
  for (guint i = 0; i < n; i++)
    {
      LpItem *x = lp_backlog_get_item_at (a, i);
      LpItem *y = lp_backlog_get_item_at (b, i);
      ck_assert_str_eq (lp_item_get_id (x), lp_item_get_id (y));
      ck_assert_str_eq (lp_item_get_title (x), lp_item_get_title (y));
      ck_assert_str_eq (lp_item_get_description (x),
                        lp_item_get_description (y));
      ck_assert_int_eq (lp_item_get_kind (x), lp_item_get_kind (y));
      ck_assert_int_eq (lp_item_get_status (x), lp_item_get_status (y));
      ck_assert_int_eq (lp_item_has_value (x), lp_item_has_value (y));
      if (lp_item_has_value (x))
        ck_assert (lp_item_get_value (x) == lp_item_get_value (y));
      ck_assert_int_eq (lp_item_has_effort (x), lp_item_has_effort (y));
      if (lp_item_has_effort (x))
        ck_assert (lp_item_get_effort (x) == lp_item_get_effort (y));
      LpItem *px = lp_item_get_parent (x), *py = lp_item_get_parent (y);
      ck_assert_int_eq (px == NULL, py == NULL);
      if (px != NULL)
        ck_assert_str_eq (lp_item_get_id (px), lp_item_get_id (py));
      char *dx = prerequisite_ids (a, x), *dy = prerequisite_ids (b, y);
      ck_assert_str_eq (dx, dy);
      g_free (dx);
      g_free (dy);
      ck_assert_uint_eq (lp_item_get_n_labels (x), lp_item_get_n_labels (y));
      for (guint k = 0; k < lp_item_get_n_labels (x); k++)
        ck_assert_str_eq (lp_item_get_label (x, k), lp_item_get_label (y, k));
      /* the same attributes (as a set) with the same values */
      char **nx = lp_item_dup_attribute_names (x);
      char **ny = lp_item_dup_attribute_names (y);
      ck_assert_uint_eq (g_strv_length (nx), g_strv_length (ny));
      for (guint k = 0; nx[k] != NULL; k++)
        {
          double vx = NAN, vy = NAN;
          ck_assert (lp_item_get_attribute (x, nx[k], &vx));
          ck_assert_msg (lp_item_get_attribute (y, nx[k], &vy),
                         "attribute %s lost", nx[k]);
          ck_assert (vx == vy);
          ck_assert_int_eq (signbit (vx), signbit (vy));
        }
      g_strfreev (nx);
      g_strfreev (ny);
    }
}

/* save(b) loads back to b, and saving that gives the same bytes. */
static void
assert_round_trip (LpBacklog *b)
{
  gsize len1, len2;
  char *s1 = save (b, &len1);
  GError *err = NULL;
  LpBacklog *c = lp_backlog_load_data (s1, len1, &err);
  ck_assert_msg (c != NULL, "reload failed: %s", err ? err->message : "");
  assert_same_backlog (b, c);
  char *s2 = save (c, &len2);
  ck_assert_uint_eq (len1, len2);
  ck_assert_msg (memcmp (s1, s2, len1) == 0, "not byte-identical:\n%s\n%s",
                 s1, s2);
  g_free (s1);
  g_free (s2);
  lp_backlog_unref (c);
}

static char *
temp_dir (void)
{
  GError *err = NULL;
  char *dir = g_dir_make_tmp ("lp-json-XXXXXX", &err);
  ck_assert_msg (dir != NULL, "%s", err ? err->message : "");
  return dir;
}

/* --- loading ------------------------------------------------------------ */

START_TEST (test_minimal_item)
{
  LpBacklog *b = load_ok (HEAD "'items': [{'id': 'A'}]}");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  LpItem *a = item (b, "A");
  ck_assert_str_eq (lp_item_get_title (a), "");
  ck_assert_str_eq (lp_item_get_description (a), "");
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_STORY);
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_TODO);
  ck_assert (!lp_item_has_value (a));
  ck_assert (!lp_item_has_effort (a));
  ck_assert_ptr_null (lp_item_get_parent (a));
  ck_assert_uint_eq (lp_item_get_n_labels (a), 0);
  ck_assert_str_eq (lp_backlog_get_name (b), "");
  ck_assert_str_eq (lp_backlog_get_vision (b), "");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_empty)
{
  LpBacklog *b = load_ok (HEAD "'items': []}");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 0);
  lp_backlog_unref (b);
  /* no items at all, items null, product null */
  b = load_ok ("{'format': 'libproduct/1'}");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 0);
  lp_backlog_unref (b);
  b = load_ok (HEAD "'items': null, 'product': null}");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 0);
  assert_round_trip (b);
  char *s = save (b, NULL);
  ck_assert_ptr_nonnull (strstr (s, "\"items\": []"));
  g_free (s);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_every_field)
{
  LpBacklog *b = load_ok (
    "{'format': 'libproduct/1',"
    " 'product': {'name': 'Shop', 'vision': 'Sell more'},"
    " 'items': ["
    "  {'id': 'E', 'title': 'Checkout', 'kind': 'epic', 'status': 'in_progress'},"
    "  {'id': 'A', 'title': 'Pay', 'kind': 'feature', 'status': 'done',"
    "   'value': 8, 'effort': 2.5, 'depends_on': ['B', 'C'], 'parent': 'E',"
    "   'description': 'Line 1\\nLine 2 \\u00e9\\u2713',"
    "   'attributes': {'reach': 1000, 'confidence': 0.8},"
    "   'labels': ['ux', 'q3']},"
    "  {'id': 'B', 'kind': 'BUG', 'status': 'dropped', 'value': 0},"
    "  {'id': 'C', 'kind': 'task', 'status': 'in-progress', 'effort': 1e-3},"
    "  {'id': 'D', 'status': 'todo', 'value': null,"
    "   'effort': null, 'title': null, 'description': null, 'parent': null,"
    "   'depends_on': null, 'attributes': null, 'labels': null, 'kind': null}"
    " ]}");
  ck_assert_str_eq (lp_backlog_get_name (b), "Shop");
  ck_assert_str_eq (lp_backlog_get_vision (b), "Sell more");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 5);
  ck_assert_str_eq (lp_item_get_id (lp_backlog_get_item_at (b, 1)), "A");

  LpItem *e = item (b, "E"), *a = item (b, "A");
  ck_assert_int_eq (lp_item_get_kind (e), LP_ITEM_KIND_EPIC);
  ck_assert_int_eq (lp_item_get_status (e), LP_ITEM_STATUS_IN_PROGRESS);
  ck_assert_str_eq (lp_item_get_title (a), "Pay");
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_FEATURE);
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_DONE);
  ck_assert (lp_item_get_value (a) == 8);
  ck_assert (lp_item_get_effort (a) == 2.5);
  ck_assert_ptr_eq (lp_item_get_parent (a), e);
  ck_assert_str_eq (lp_item_get_description (a),
                    "Line 1\nLine 2 \xc3\xa9\xe2\x9c\x93");
  double v;
  ck_assert (lp_item_get_attribute (a, "reach", &v) && v == 1000);
  ck_assert (lp_item_get_attribute (a, "confidence", &v) && v == 0.8);
  ck_assert_uint_eq (lp_item_get_n_labels (a), 2);
  ck_assert_str_eq (lp_item_get_label (a, 0), "ux");
  ck_assert_str_eq (lp_item_get_label (a, 1), "q3");
  char *pre = prerequisite_ids (b, a);
  ck_assert_str_eq (pre, "B,C");
  g_free (pre);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);

  LpItem *bb = item (b, "B"), *c = item (b, "C"), *d = item (b, "D");
  ck_assert_int_eq (lp_item_get_kind (bb), LP_ITEM_KIND_BUG);
  ck_assert_int_eq (lp_item_get_status (bb), LP_ITEM_STATUS_DROPPED);
  ck_assert (lp_item_has_value (bb) && lp_item_get_value (bb) == 0);
  ck_assert_int_eq (lp_item_get_kind (c), LP_ITEM_KIND_TASK);
  ck_assert_int_eq (lp_item_get_status (c), LP_ITEM_STATUS_IN_PROGRESS);
  ck_assert (lp_item_get_effort (c) == 1e-3);
  ck_assert_int_eq (lp_item_get_kind (d), LP_ITEM_KIND_STORY);
  ck_assert (!lp_item_has_value (d) && !lp_item_has_effort (d));
  ck_assert_ptr_null (lp_item_get_parent (d));
  ck_assert_str_eq (lp_item_get_title (d), "");
  assert_round_trip (b);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_members_in_any_order)
{
  /* id last, references forward and backward, format last */
  LpBacklog *b = load_ok (
    "{'items': ["
    "  {'depends_on': ['Y'], 'value': 3, 'parent': 'Y', 'title': 'x',"
    "   'id': 'X'},"
    "  {'labels': ['l'], 'depends_on': [], 'id': 'Y', 'effort': 2}],"
    " 'product': {'vision': 'v', 'name': 'n'},"
    " 'format': 'libproduct/1'}");
  LpItem *x = item (b, "X"), *y = item (b, "Y");
  ck_assert (lp_backlog_has_dependency (b, x, y));
  ck_assert_ptr_eq (lp_item_get_parent (x), y);
  ck_assert (lp_item_get_value (x) == 3);
  ck_assert (lp_item_get_effort (y) == 2);
  ck_assert_str_eq (lp_backlog_get_name (b), "n");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_repeated_dependencies)
{
  /* an id named twice is one dependency (a repeated "depends_on" member
   * is an error: test-hostile-json.c) */
  LpBacklog *b = load_ok (HEAD "'items': [{'id': 'A'}, {'id': 'B'},"
                          " {'id': 'C', 'depends_on': ['B', 'A', 'B', 'A']}]}");
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  char *pre = prerequisite_ids (b, item (b, "C"));
  ck_assert_str_eq (pre, "B,A");
  g_free (pre);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_unknown_members_ignored)
{
  LpBacklog *b = load_ok (
    "{'format': 'libproduct/1', 'generator': {'name': 'x', 'v': [1, 2, {}]},"
    " 'future': [[[]], {'a': {'b': null}}, true, false, -1.5e3, 'items'],"
    " 'product': {'name': 'P', 'owner': {'name': 'Q', 'items': []},"
    "             'tags': ['a']},"
    " 'items': ["
    "  {'id': 'A', 'estimate_history': [{'at': 1, 'value': 'x'}],"
    "   'score': null, 'format': 'libproduct/9', 'watchers': ['a', 'b'],"
    "   'links': {'depends_on': ['nothing']}, 'flag': true, 'title': 'T'}"
    " ],"
    " 'trailer': 'x'}");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  ck_assert_str_eq (lp_backlog_get_name (b), "P");
  ck_assert_str_eq (lp_item_get_title (item (b, "A")), "T");
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 0);
  lp_backlog_unref (b);
}
END_TEST

/* `depth` nested arrays under an unknown member, at the top level and in
 * an item */
static GString *
deep_document (guint depth)
{
  GString *s = g_string_new ("{\"format\": \"libproduct/1\", \"deep\": ");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, ']');
  g_string_append (s, ", \"items\": [{\"id\": \"A\", \"x\": ");
  for (guint i = 0; i < depth; i++)
    g_string_append (s, "{\"k\":[");
  for (guint i = 0; i < depth; i++)
    g_string_append (s, "]}");
  g_string_append (s, "}]}");
  return s;
}

START_TEST (test_deep_nesting)
{
  GString *s = deep_document (100000);
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_data (s->str, s->len, &err);
  ck_assert_msg (b != NULL, "%s", err ? err->message : "");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  lp_backlog_unref (b);
  /* and deep nesting cut short: a parse error, not a crash */
  g_string_truncate (s, s->len - 1000);
  b = lp_backlog_load_data (s->str, s->len, &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_PARSE, "item \"A\"");
  g_string_free (s, TRUE);
}
END_TEST

START_TEST (test_load_data_length)
{
  /* the data need not be NUL-terminated: only `length` bytes are read, as
   * when a program passes what it read from standard input */
  const char *doc = "{\"format\": \"libproduct/1\", \"items\": [{\"id\": \"A\"}]}";
  gsize n = strlen (doc);
  char *buf = g_malloc (n + 5);
  memcpy (buf, doc, n);
  memcpy (buf + n, "xxxxx", 5);
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_data (buf, n, &err);
  ck_assert_msg (b != NULL, "%s", err ? err->message : "");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  lp_backlog_unref (b);
  /* one byte short: premature end */
  b = lp_backlog_load_data (buf, n - 1, &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_PARSE, "line 1");
  /* the empty document */
  b = lp_backlog_load_data (buf, 0, &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_PARSE, NULL);
  b = lp_backlog_load_data (NULL, 0, &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_PARSE, NULL);
  g_free (buf);
}
END_TEST

START_TEST (test_load_file)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_file (LP_TEST_SRCDIR
                                       "/tests/data/json-sample.json", &err);
  ck_assert_msg (b != NULL, "%s", err ? err->message : "");
  ck_assert_str_eq (lp_backlog_get_name (b), "Sample shop");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 6);
  ck_assert_ptr_eq (lp_item_get_parent (item (b, "SHOP-2")),
                    item (b, "SHOP-1"));
  ck_assert (lp_backlog_has_dependency (b, item (b, "SHOP-3"),
                                        item (b, "SHOP-2")));
  assert_round_trip (b);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_load_file_pipe)
{
  /* a file that cannot be mapped, as standard input often is */
#ifdef __linux__
  int fds[2];
  ck_assert (pipe (fds) == 0);
  const char *doc = "{\"format\": \"libproduct/1\", "
                    "\"items\": [{\"id\": \"P\"}]}";
  ck_assert (write (fds[1], doc, strlen (doc)) == (ssize_t) strlen (doc));
  close (fds[1]);
  char *path = g_strdup_printf ("/dev/fd/%d", fds[0]);
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_file (path, &err);
  ck_assert_msg (b != NULL, "%s", err ? err->message : "");
  ck_assert_ptr_nonnull (lp_backlog_get_item (b, "P"));
  lp_backlog_unref (b);
  close (fds[0]);
  g_free (path);
#endif
}
END_TEST

/* A document of n items, a few hundred bytes each, over several of the
 * chunks a file is read in; `tail` replaces the end of the last item. */
static char *
big_document (guint n, const char *tail)
{
  GString *doc = g_string_new ("{\n  \"format\": \"libproduct/1\",\n  \"items\": [\n");
  for (guint i = 0; i < n; i++)
    {
      g_string_append_printf (doc, "    {\n      \"id\": \"B-%u\",\n", i);
      g_string_append_printf (doc, "      \"description\": \"%0300u\",\n", i);
      g_string_append_printf (doc, "      \"value\": %u,\n      \"effort\": %u", i % 7,
                              i % 5 + 1);
      if (i > 0)
        g_string_append_printf (doc, ",\n      \"depends_on\": [\"B-%u\", \"B-%u\"]",
                                i / 2, i - 1);
      if (i + 1 < n)
        g_string_append (doc, "\n    },\n");
    }
  g_string_append (doc, tail);
  return g_string_free (doc, FALSE);
}

/* A file is read a chunk at a time: what it gives, and the line and byte
 * of each error, are those of the same document in memory. */
START_TEST (test_load_file_streamed)
{
  static const char *const tails[] = {
    "\n    }\n  ]\n}\n",                                     /* fine */
    ",\n      \"parent\": \"B-1\"\n    }\n  ]\n}\n",         /* fine */
    "\n    },\n    {\"id\": \"B-3\"}\n  ]\n}\n",              /* duplicate */
    ",\n      \"labels\": [\"x\", \"y\"]\n    },\n    {\"id\": \"C\", \"depends_on\": [\"Z\"]}\n  ]\n}\n",
    "\n    },\n    {\"id\": \"C\", \"value\": -1}\n  ]\n}\n",  /* bad value */
    "\n    },\n    {\"id\": \"C\", \"value\": 1,, }\n  ]\n}\n", /* bad JSON */
    "\n    }\n  ]\n",                                        /* cut short */
    ",\n      \"depends_on\": [\"B-2999\"]\n    }\n  ]\n}\n", /* itself */
  };
  char *dir = temp_dir ();
  char *path = g_build_filename (dir, "big.json", NULL);
  for (guint t = 0; t < G_N_ELEMENTS (tails); t++)
    {
      char *doc = big_document (3000, tails[t]);
      gsize len = strlen (doc);
      ck_assert_uint_gt (len, 1000000);
      ck_assert (g_file_set_contents (path, doc, (gssize) len, NULL));
      GError *mem_err = NULL, *file_err = NULL;
      LpBacklog *mem = lp_backlog_load_data (doc, len, &mem_err);
      LpBacklog *file = lp_backlog_load_file (path, &file_err);
      ck_assert_msg ((mem == NULL) == (file == NULL), "tail %u: %s / %s", t,
                     mem_err ? mem_err->message : "loaded",
                     file_err ? file_err->message : "loaded");
      if (mem != NULL)
        {
          gsize a_len, b_len;
          char *a = lp_backlog_save_data (mem, &a_len);
          char *b = lp_backlog_save_data (file, &b_len);
          ck_assert_str_eq (a, b);
          /* two each but the first; B-1 and B-2 name one twice */
          ck_assert_uint_eq (lp_backlog_get_n_dependencies (file),
                             2 * 2999 - 2);
          g_free (a);
          g_free (b);
          lp_backlog_unref (mem);
          lp_backlog_unref (file);
        }
      else
        {
          ck_assert_int_eq (mem_err->code, file_err->code);
          /* the file's message is the document's, after "PATH: " */
          char *prefix = g_strdup_printf ("%s: ", path);
          ck_assert_msg (g_str_has_prefix (file_err->message, prefix),
                         "\"%s\" lacks the path", file_err->message);
          ck_assert_str_eq (file_err->message + strlen (prefix),
                            mem_err->message);
          ck_assert_msg (strstr (mem_err->message, "line ") != NULL
                         || t == 6, "%s", mem_err->message);
          g_free (prefix);
          g_clear_error (&mem_err);
          g_clear_error (&file_err);
        }
      g_free (doc);
    }
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}
END_TEST

START_TEST (test_load_file_errors)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_file ("/nonexistent/lp-missing.json", &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_IO, "/nonexistent/lp-missing.json");

  /* a directory is no file */
  b = lp_backlog_load_file (LP_TEST_SRCDIR "/tests/data", &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_IO, "tests/data");

  /* an empty file is no document */
  char *dir = temp_dir ();
  char *path = g_build_filename (dir, "empty.json", NULL);
  ck_assert (g_file_set_contents (path, "", 0, NULL));
  b = lp_backlog_load_file (path, &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_PARSE, "empty.json");
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);

  /* an error in a file names the file, the item and the line */
  b = lp_backlog_load_file (LP_TEST_SRCDIR "/tests/data/json-bad-effort.json",
                            &err);
  ck_assert_ptr_null (b);
  ck_assert_ptr_nonnull (err);
  ck_assert_ptr_nonnull (strstr (err->message, "json-bad-effort.json"));
  ck_assert_ptr_nonnull (strstr (err->message, "line 9"));
  check_error (&err, LP_ERROR_INVALID_VALUE, "item \"B-2\"");
}
END_TEST

/* --- errors ------------------------------------------------------------- */

START_TEST (test_error_parse)
{
  load_fails ("{'format': 'libproduct/1', 'items': [", LP_ERROR_PARSE,
              "line 1", NULL);
  load_fails ("not json", LP_ERROR_PARSE, "byte", NULL);
  load_fails (HEAD "'items': []} trailing", LP_ERROR_PARSE, NULL, NULL);
  load_fails (HEAD "'items': [{'id': 'A',}]}", LP_ERROR_PARSE, NULL, NULL);
  /* the line is counted; the item is named once its id is known */
  load_fails (HEAD "\n'items': [\n{'id': 'A', 'title': 'x'\n 'value': 1}]}",
              LP_ERROR_PARSE, "line 4", "item \"A\"");
  /* comments are not JSON */
  load_fails (HEAD "/* c */ 'items': []}", LP_ERROR_PARSE, NULL, NULL);
  /* invalid UTF-8 */
  load_fails (HEAD "'items': [{'id': '\xff'}]}", LP_ERROR_PARSE, NULL, NULL);
}
END_TEST

START_TEST (test_error_parse_message)
{
  /* yajl's text, without its verbose excerpt */
  GError *err = NULL;
  const char *doc = "{\n  \"format\": \"libproduct/1\",\n  \"items\": [ @ ]\n}";
  LpBacklog *b = lp_backlog_load_data (doc, strlen (doc), &err);
  ck_assert_ptr_null (b);
  ck_assert_ptr_nonnull (err);
  ck_assert_msg (strchr (err->message, '\n') == NULL, "%s", err->message);
  ck_assert_msg (strstr (err->message, "line 3") != NULL, "%s", err->message);
  check_error (&err, LP_ERROR_PARSE, "lexical error");
}
END_TEST

START_TEST (test_error_format_version)
{
  load_fails ("{'items': []}", LP_ERROR_FORMAT, "format", NULL);
  load_fails ("{'format': 'libproduct/2', 'items': []}", LP_ERROR_FORMAT,
              "unsupported format \"libproduct/2\"", NULL);
  load_fails ("{'format': 'trello', 'items': []}", LP_ERROR_FORMAT,
              "trello", NULL);
  load_fails ("{'format': 1}", LP_ERROR_FORMAT, "\"format\" must be a string",
              NULL);
  load_fails ("{'format': ['libproduct/1']}", LP_ERROR_FORMAT, NULL, NULL);
  load_fails ("['libproduct/1']", LP_ERROR_FORMAT, "object", NULL);
  load_fails ("'libproduct/1'", LP_ERROR_FORMAT, "object", NULL);
  /* the version is checked before what the items hold, wherever "format"
   * is: a later version may allow what this one rejects */
  load_fails ("{'items': [{'id': 'A', 'kind': 'initiative'}, {'id': 'A'}],"
              " 'format': 'libproduct/2'}", LP_ERROR_FORMAT, "libproduct/2",
              NULL);
  load_fails ("{'items': [{'id': 'A', 'kind': 'initiative'}], 'x': [1, 2]}",
              LP_ERROR_FORMAT, "format", NULL);
  /* with the right format after the items, the item's error is reported */
  load_fails ("{'items': [{'id': 'A', 'kind': 'initiative'}], 'x': {},"
              " 'format': 'libproduct/1'}", LP_ERROR_INVALID_VALUE,
              "item \"A\"", "initiative");
  /* a syntax error after a held error is a syntax error */
  load_fails ("{'items': [{'id': 'A', 'kind': 'initiative'}], 'x': {,",
              LP_ERROR_PARSE, NULL, NULL);
}
END_TEST

START_TEST (test_error_format_types)
{
  load_fails (HEAD "'items': {}}", LP_ERROR_FORMAT, "\"items\" must be", NULL);
  load_fails (HEAD "'items': [1]}", LP_ERROR_FORMAT, "items[0]", NULL);
  load_fails (HEAD "'product': 'x'}", LP_ERROR_FORMAT, "\"product\"", NULL);
  load_fails (HEAD "'product': {'name': 3}}", LP_ERROR_FORMAT, "name", NULL);
  load_fails (HEAD "'items': [{'id': 'A', 'effort': '3'}]}", LP_ERROR_FORMAT,
              "item \"A\"", "effort");
  /* before the id: the item is still named */
  load_fails (HEAD "'items': [{'effort': '3', 'id': 'A'}]}", LP_ERROR_FORMAT,
              "item \"A\"", "effort");
  load_fails (HEAD "'items': [{'value': true, 'id': 'A'}]}", LP_ERROR_FORMAT,
              "item \"A\"", "value");
  load_fails (HEAD "'items': [{'id': 'A', 'title': 5}]}", LP_ERROR_FORMAT,
              "item \"A\"", "title");
  load_fails (HEAD "'items': [{'id': 'A', 'kind': 1}]}", LP_ERROR_FORMAT,
              "item \"A\"", "kind");
  load_fails (HEAD "'items': [{'id': 'A', 'status': []}]}", LP_ERROR_FORMAT,
              "item \"A\"", "status");
  load_fails (HEAD "'items': [{'id': 'A', 'description': {}}]}",
              LP_ERROR_FORMAT, "item \"A\"", "description");
  load_fails (HEAD "'items': [{'id': 'A', 'parent': 1}]}", LP_ERROR_FORMAT,
              "item \"A\"", "parent");
  load_fails (HEAD "'items': [{'id': 'A'}, {'id': 'B', 'depends_on': 'A'}]}",
              LP_ERROR_FORMAT, "item \"B\"", "depends_on");
  load_fails (HEAD "'items': [{'depends_on': [['A']], 'id': 'B'}]}",
              LP_ERROR_FORMAT, "item \"B\"", "depends_on");
  load_fails (HEAD "'items': [{'id': 'B', 'depends_on': ['A', 7]}]}",
              LP_ERROR_FORMAT, "item \"B\"", "depends_on");
  load_fails (HEAD "'items': [{'id': 'A', 'attributes': [1]}]}",
              LP_ERROR_FORMAT, "item \"A\"", "attributes");
  load_fails (HEAD "'items': [{'attributes': {'reach': '9'}, 'id': 'A'}]}",
              LP_ERROR_FORMAT, "item \"A\"", "reach");
  load_fails (HEAD "'items': [{'id': 'A', 'attributes': {'r': null}}]}",
              LP_ERROR_FORMAT, "item \"A\"", "attribute \"r\"");
  load_fails (HEAD "'items': [{'id': 'A', 'labels': 'x'}]}", LP_ERROR_FORMAT,
              "item \"A\"", "labels");
  load_fails (HEAD "'items': [{'id': 'A', 'labels': ['x', {}]}]}",
              LP_ERROR_FORMAT, "item \"A\"", "labels");
  /* no id, or an id that is not a string: the item is named by index */
  load_fails (HEAD "'items': [{'id': 'A'}, {'title': 'x'}]}", LP_ERROR_FORMAT,
              "items[1]", "\"id\"");
  load_fails (HEAD "'items': [{'id': 1}]}", LP_ERROR_FORMAT, "items[0]",
              "\"id\" must be a string");
  /* the first error in document order wins */
  load_fails (HEAD "'items': [{'effort': 'x', 'value': -1, 'id': 'A'}]}",
              LP_ERROR_FORMAT, "item \"A\"", "effort");
  load_fails (HEAD "'items': [{'effort': 'x', 'id': 'A', 'value': -1}]}",
              LP_ERROR_FORMAT, "item \"A\"", "effort");
}
END_TEST

START_TEST (test_error_duplicate_id)
{
  load_fails (HEAD "'items': [{'id': 'A'}, {'id': 'B'},\n{'id': 'A'}]}",
              LP_ERROR_DUPLICATE_ID, "item \"A\"", "line 2");
}
END_TEST

START_TEST (test_error_unknown_item)
{
  load_fails (HEAD "'items': [{'id': 'A'}, {'id': 'B', 'depends_on': ['A', 'Z']}]}",
              LP_ERROR_UNKNOWN_ITEM,
              "item \"B\": depends_on names unknown item \"Z\"", "line 1");
  load_fails (HEAD "'items': [{'id': 'A', 'parent': 'P'}]}",
              LP_ERROR_UNKNOWN_ITEM, "item \"A\"", "\"P\"");
  load_fails (HEAD "'items': [{'id': 'A', 'depends_on': ['']}]}",
              LP_ERROR_UNKNOWN_ITEM, "item \"A\"", NULL);
  /* ids are case-sensitive */
  load_fails (HEAD "'items': [{'id': 'A'}, {'id': 'B', 'depends_on': ['a']}]}",
              LP_ERROR_UNKNOWN_ITEM, "item \"B\"", "\"a\"");
}
END_TEST

START_TEST (test_error_self_dependency)
{
  load_fails (HEAD "'items': [{'id': 'B'},\n {'id': 'A', 'depends_on': ['B', 'A']}]}",
              LP_ERROR_SELF_DEPENDENCY, "item \"A\"", "line 2");
}
END_TEST

START_TEST (test_error_parent_cycle)
{
  load_fails (HEAD "'items': [{'id': 'A', 'parent': 'B'},"
              " {'id': 'B', 'parent': 'A'}]}",
              LP_ERROR_PARENT_CYCLE, "item \"A\"", NULL);
  load_fails (HEAD "'items': [{'id': 'A', 'parent': 'A'}]}",
              LP_ERROR_PARENT_CYCLE, "item \"A\"", NULL);
  load_fails (HEAD "'items': [{'id': 'R'}, {'id': 'X', 'parent': 'R'},"
              " {'id': 'C', 'parent': 'D'}, {'id': 'D', 'parent': 'E'},"
              " {'id': 'E', 'parent': 'C'}]}",
              LP_ERROR_PARENT_CYCLE, "item \"C\"", NULL);
}
END_TEST

START_TEST (test_error_invalid_value)
{
  load_fails (HEAD "'items': [{'id': 'A', 'value': -1}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "value");
  load_fails (HEAD "'items': [{'value': -1, 'id': 'A'}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "value");
  load_fails (HEAD "'items': [{'id': 'A', 'effort': 0}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "effort");
  load_fails (HEAD "'items': [{'id': 'A', 'effort': -2}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "-2");
  load_fails (HEAD "'items': [{'id': 'A', 'effort': 1e999}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "finite");
  load_fails (HEAD "'items': [{'id': 'A', 'value': -1e999}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", NULL);
  load_fails (HEAD "'items': [{'id': 'A', 'kind': 'saga'}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "saga");
  load_fails (HEAD "'items': [{'id': 'A', 'status': 'blocked'}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "blocked");
  load_fails (HEAD "'items': [{'id': 'A', 'attributes': {'r': 1e400}}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "\"r\"");
  load_fails (HEAD "'items': [{'id': 'A', 'attributes': {'': 1}}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", NULL);
  load_fails (HEAD "'items': [{'id': 'A', 'labels': ['']}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", NULL);
  load_fails (HEAD "'items': [{'id': ''}]}", LP_ERROR_INVALID_VALUE, NULL,
              NULL);
  load_fails (HEAD "'items': [{'id': 'A\\u0000B'}]}", LP_ERROR_INVALID_VALUE,
              "NUL", NULL);
  load_fails (HEAD "'items': [{'id': 'A', 'title': 'x\\u0000'}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\"", "NUL");
}
END_TEST

START_TEST (test_error_offsets)
{
  /* byte offsets and lines point into the document */
  GError *err = NULL;
  const char *doc = "{\"format\": \"libproduct/1\",\n\"items\": [\n"
                    "{\"id\": \"A\"},\n{\"id\": \"B\", \"effort\": \"x\"}]}";
  LpBacklog *b = lp_backlog_load_data (doc, strlen (doc), &err);
  ck_assert_ptr_null (b);
  ck_assert_ptr_nonnull (err);
  char *expected = g_strdup_printf ("byte %zu",
                                    (size_t) (strstr (doc, "\"x\"") - doc + 3));
  ck_assert_msg (strstr (err->message, expected) != NULL, "%s lacks %s",
                 err->message, expected);
  g_free (expected);
  check_error (&err, LP_ERROR_FORMAT, "line 4");
}
END_TEST

/* --- saving ------------------------------------------------------------- */

static LpBacklog *
full_backlog (void)
{
  LpBacklog *b = lp_backlog_new ();
  ck_assert (lp_backlog_set_name (b, "Caf\xc3\xa9 \"quoted\" \\ / \t", NULL));
  ck_assert (lp_backlog_set_vision (b, "line1\nline2\x01", NULL));
  LpItem *e = lp_backlog_add_item (b, "EPIC-1", "The epic", NULL);
  LpItem *a = lp_backlog_add_item (b, "A", "\xe2\x9c\x93 check", NULL);
  LpItem *c = lp_backlog_add_item (b, "C", NULL, NULL);
  LpItem *d = lp_backlog_add_item (b, "D \"odd\" id", "", NULL);
  LpItem *z = lp_backlog_add_item (b, "Z", "last", NULL);
  lp_item_set_kind (e, LP_ITEM_KIND_EPIC);
  lp_item_set_kind (a, LP_ITEM_KIND_FEATURE);
  lp_item_set_kind (c, LP_ITEM_KIND_BUG);
  lp_item_set_kind (d, LP_ITEM_KIND_SPIKE);
  lp_item_set_kind (z, LP_ITEM_KIND_TASK);
  lp_item_set_status (a, LP_ITEM_STATUS_IN_PROGRESS);
  lp_item_set_status (c, LP_ITEM_STATUS_DONE);
  lp_item_set_status (d, LP_ITEM_STATUS_DROPPED);
  ck_assert (lp_item_set_value (a, 0.1, NULL));
  ck_assert (lp_item_set_effort (a, 1.0 / 3.0, NULL));
  ck_assert (lp_item_set_value (c, 0, NULL));
  ck_assert (lp_item_set_effort (c, 5, NULL));
  ck_assert (lp_item_set_value (d, 1e300, NULL));
  ck_assert (lp_item_set_effort (d, 5e-324, NULL));
  ck_assert (lp_item_set_value (z, 123456789012345678.0, NULL));
  ck_assert (lp_item_set_effort (z, 0.30000000000000004, NULL));
  ck_assert (lp_item_set_description (a, "multi\nline \"desc\"", NULL));
  ck_assert (lp_item_set_parent (a, e, NULL));
  ck_assert (lp_item_set_parent (c, a, NULL));
  /* attributes first seen in one order, and an item holding them in
   * another */
  ck_assert (lp_item_set_attribute (c, "reach", 1000, NULL));
  ck_assert (lp_item_set_attribute (a, "confidence", -0.5, NULL));
  ck_assert (lp_item_set_attribute (a, "reach", 2.5e-7, NULL));
  ck_assert (lp_item_set_attribute (z, "zeta", -0.0, NULL));
  ck_assert (lp_item_add_label (a, "ux", NULL));
  ck_assert (lp_item_add_label (a, "Q3 \xc3\xa9", NULL));
  ck_assert (lp_item_add_label (z, "ux", NULL));
  ck_assert (lp_backlog_add_dependency (b, a, c, NULL));
  ck_assert (lp_backlog_add_dependency (b, a, z, NULL));
  ck_assert (lp_backlog_add_dependency (b, a, d, NULL));
  ck_assert (lp_backlog_add_dependency (b, z, a, NULL)); /* a cycle */
  ck_assert (lp_backlog_add_dependency (b, e, d, NULL));
  return b;
}

START_TEST (test_round_trip_every_field)
{
  LpBacklog *b = full_backlog ();
  assert_round_trip (b);
  /* after removals and moves too */
  LpItem *c = lp_backlog_get_item (b, "C");
  lp_backlog_remove_item (b, c);
  ck_assert (lp_backlog_move_item (b, lp_backlog_get_item (b, "Z"), 0, NULL));
  lp_backlog_add_item (b, "NEW", "reuses a slot", NULL);
  assert_round_trip (b);
  char *s = save (b, NULL);
  ck_assert_ptr_nonnull (strstr (s, "\"id\": \"Z\""));
  ck_assert (strstr (s, "\"id\": \"Z\"") < strstr (s, "\"id\": \"EPIC-1\""));
  ck_assert_ptr_null (strstr (s, "\"C\""));
  g_free (s);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_save_stable)
{
  LpBacklog *b = full_backlog ();
  gsize n1, n2;
  char *s1 = save (b, &n1);
  char *s2 = save (b, &n2);
  ck_assert_uint_eq (n1, n2);
  ck_assert (memcmp (s1, s2, n1) == 0);
  /* building the same backlog again gives the same bytes */
  LpBacklog *c = full_backlog ();
  char *s3 = save (c, NULL);
  ck_assert_str_eq (s1, s3);
  g_free (s1);
  g_free (s2);
  g_free (s3);
  lp_backlog_unref (b);
  lp_backlog_unref (c);
}
END_TEST

START_TEST (test_save_exact)
{
  LpBacklog *b = lp_backlog_new ();
  lp_backlog_set_name (b, "P", NULL);
  LpItem *a = lp_backlog_add_item (b, "A", "Alpha", NULL);
  LpItem *c = lp_backlog_add_item (b, "B", NULL, NULL);
  lp_item_set_value (a, 5, NULL);
  lp_item_set_effort (a, 0.1, NULL);
  lp_item_set_attribute (a, "reach", 2, NULL);
  lp_item_set_attribute (a, "ease", 1.0 / 3.0, NULL);
  lp_item_add_label (a, "x", NULL);
  lp_backlog_add_dependency (b, c, a, NULL);
  lp_item_set_parent (c, a, NULL);
  lp_item_set_description (c, "d", NULL);
  lp_item_set_status (c, LP_ITEM_STATUS_IN_PROGRESS);
  char *s = save (b, NULL);
  ck_assert_str_eq (s,
    "{\n"
    "  \"format\": \"libproduct/1\",\n"
    "  \"product\": {\n"
    "    \"name\": \"P\",\n"
    "    \"vision\": \"\"\n"
    "  },\n"
    "  \"items\": [\n"
    "    {\n"
    "      \"id\": \"A\",\n"
    "      \"title\": \"Alpha\",\n"
    "      \"kind\": \"story\",\n"
    "      \"status\": \"todo\",\n"
    "      \"value\": 5,\n"
    "      \"effort\": 0.1,\n"
    "      \"attributes\": {\n"
    "        \"ease\": 0.3333333333333333,\n"
    "        \"reach\": 2\n"
    "      },\n"
    "      \"labels\": [\n"
    "        \"x\"\n"
    "      ]\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"B\",\n"
    "      \"title\": \"\",\n"
    "      \"kind\": \"story\",\n"
    "      \"status\": \"in_progress\",\n"
    "      \"depends_on\": [\n"
    "        \"A\"\n"
    "      ],\n"
    "      \"parent\": \"A\",\n"
    "      \"description\": \"d\"\n"
    "    }\n"
    "  ]\n"
    "}\n");
  g_free (s);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_save_numbers)
{
  static const double values[] = { 0, 1, 5, 42, 1e15, 1e16, 123456789, 0.1,
                                   0.2, 1.0 / 3.0, 2.0 / 3.0, 1e-7, 1e300,
                                   5e-324, 1.7976931348623157e308,
                                   9007199254740993.0, 0.30000000000000004 };
  LpBacklog *b = lp_backlog_new ();
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char id[16];
      g_snprintf (id, sizeof id, "N%u", i);
      LpItem *it = lp_backlog_add_item (b, id, NULL, NULL);
      ck_assert (lp_item_set_value (it, values[i], NULL));
      ck_assert (lp_item_set_attribute (it, "neg", -values[i], NULL));
    }
  assert_round_trip (b);
  char *s = save (b, NULL);
  ck_assert_ptr_nonnull (strstr (s, "\"value\": 5,"));
  ck_assert_ptr_nonnull (strstr (s, "\"value\": 0.1,"));
  ck_assert_ptr_nonnull (strstr (s, "\"value\": 123456789,"));
  ck_assert_ptr_nonnull (strstr (s, "\"value\": 0.3333333333333333,"));
  ck_assert_ptr_nonnull (strstr (s, "\"value\": 1e+300,"));
  ck_assert_ptr_nonnull (strstr (s, "\"neg\": -42\n"));
  ck_assert_ptr_nonnull (strstr (s, "\"neg\": -0\n"));
  ck_assert_ptr_null (strstr (s, "0000000001"));
  g_free (s);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_round_trip_large)
{
  /* many items, forward and backward references, parent chains */
  LpBacklog *b = lp_backlog_new ();
  guint n = 20000;
  for (guint i = 0; i < n; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "IT-%u", i);
      LpItem *it = lp_backlog_add_item (b, id, "t", NULL);
      if (i % 3 == 0)
        lp_item_set_value (it, i % 13, NULL);
      if (i % 4 == 0)
        lp_item_set_effort (it, 1 + i % 8, NULL);
    }
  for (guint i = 1; i < n; i++)
    {
      LpItem *it = lp_backlog_get_item_at (b, i);
      lp_backlog_add_dependency (b, it, lp_backlog_get_item_at (b, i - 1),
                                 NULL);
      guint j = (i * 7919u) % n;
      if (j != i)
        lp_backlog_add_dependency (b, lp_backlog_get_item_at (b, j), it,
                                   NULL);
      /* a chain of parents as deep as the backlog */
      lp_item_set_parent (lp_backlog_get_item_at (b, n - i),
                          lp_backlog_get_item_at (b, n - i - 1), NULL);
    }
  assert_round_trip (b);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_save_file)
{
  char *dir = temp_dir ();
  char *path = g_build_filename (dir, "backlog.json", NULL);
  LpBacklog *b = full_backlog ();
  GError *err = NULL;
  ck_assert_msg (lp_backlog_save_file (b, path, &err), "%s",
                 err ? err->message : "");
  char *contents;
  gsize length;
  ck_assert (g_file_get_contents (path, &contents, &length, NULL));
  gsize n;
  char *s = save (b, &n);
  ck_assert_uint_eq (n, length);
  ck_assert (memcmp (s, contents, n) == 0);
  LpBacklog *c = lp_backlog_load_file (path, &err);
  ck_assert_msg (c != NULL, "%s", err ? err->message : "");
  assert_same_backlog (b, c);
  /* saving over an existing file replaces it */
  lp_backlog_unref (c);
  c = lp_backlog_new ();
  ck_assert (lp_backlog_save_file (c, path, NULL));
  lp_backlog_unref (c);
  c = lp_backlog_load_file (path, &err);
  ck_assert_ptr_nonnull (c);
  ck_assert_uint_eq (lp_backlog_get_n_items (c), 0);
  lp_backlog_unref (c);
  g_free (contents);
  g_free (s);
  lp_backlog_unref (b);
  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}
END_TEST

START_TEST (test_save_file_unwritable)
{
  LpBacklog *b = full_backlog ();
  GError *err = NULL;
  ck_assert (!lp_backlog_save_file (b, "/nonexistent-lp-dir/sub/b.json",
                                    &err));
  check_error (&err, LP_ERROR_IO, "/nonexistent-lp-dir/sub/b.json");
  /* a directory cannot be replaced by a file */
  char *dir = temp_dir ();
  ck_assert (!lp_backlog_save_file (b, dir, &err));
  check_error (&err, LP_ERROR_IO, dir);
  ck_assert (g_file_test (dir, G_FILE_TEST_IS_DIR));
  g_rmdir (dir);
  g_free (dir);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_save_file_atomic)
{
  /* a write that fails half-way (file size limit: fails even for root)
   * leaves the old file as it was, and no temporary file behind */
  char *dir = temp_dir ();
  char *path = g_build_filename (dir, "backlog.json", NULL);
  const char *old = "old content\n";
  ck_assert (g_file_set_contents (path, old, -1, NULL));

  LpBacklog *b = lp_backlog_new ();
  for (guint i = 0; i < 2000; i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "ITEM-%u", i);
      lp_backlog_add_item (b, id, "a title long enough to fill the file", NULL);
    }
  struct rlimit saved;
  ck_assert (getrlimit (RLIMIT_FSIZE, &saved) == 0);
  void (*saved_handler) (int) = signal (SIGXFSZ, SIG_IGN);
  struct rlimit small = saved;
  small.rlim_cur = 16384;
  ck_assert (setrlimit (RLIMIT_FSIZE, &small) == 0);
  GError *err = NULL;
  gboolean ok = lp_backlog_save_file (b, path, &err);
  ck_assert (setrlimit (RLIMIT_FSIZE, &saved) == 0);
  signal (SIGXFSZ, saved_handler);
  ck_assert (!ok);
  check_error (&err, LP_ERROR_IO, path);

  char *contents;
  ck_assert (g_file_get_contents (path, &contents, NULL, NULL));
  ck_assert_str_eq (contents, old);
  g_free (contents);
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n_files = 0;
  while (g_dir_read_name (d) != NULL)
    n_files++;
  g_dir_close (d);
  ck_assert_uint_eq (n_files, 1);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_failed_load_leaves_nothing)
{
  /* every kind of failure, late in a document with plenty already built:
   * NULL comes back (valgrind checks that nothing leaks) */
  static const char *const tails[] = {
    "{'id': 'X', 'depends_on': ['nope']}]}",
    "{'id': 'X', 'parent': 'X'}]}",
    "{'id': 'I0'}]}",
    "{'id': 'X', 'effort': 0}]}",
    "{'id': 'X', 'labels': [1]}]}",
    "{'id': 'X', 'depends_on': ['X']}]}",
    "{'id': 'X'",
  };
  for (guint t = 0; t < G_N_ELEMENTS (tails); t++)
    {
      GString *s = g_string_new (HEAD "'product': {'name': 'n'}, 'items': [");
      for (guint i = 0; i < 300; i++)
        g_string_append_printf (s, "{'id': 'I%u', 'title': 't', "
                                "'depends_on': ['I0'], 'labels': ['l%u'], "
                                "'attributes': {'a%u': 1}, 'parent': 'I0'}, ",
                                i + 1, i % 7, i % 5);
      g_string_append (s, "{'id': 'I0'}, ");
      g_string_append (s, tails[t]);
      char *doc = dq (s->str);
      GError *err = NULL;
      LpBacklog *b = lp_backlog_load_data (doc, strlen (doc), &err);
      ck_assert_msg (b == NULL, "tail %u loaded", t);
      ck_assert_ptr_nonnull (err);
      g_clear_error (&err);
      g_free (doc);
      g_string_free (s, TRUE);
    }
}
END_TEST

Suite *
lp_test_json_suite (void)
{
  Suite *s = suite_create ("json");
  TCase *tc = tcase_create ("load");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_minimal_item);
  tcase_add_test (tc, test_empty);
  tcase_add_test (tc, test_every_field);
  tcase_add_test (tc, test_members_in_any_order);
  tcase_add_test (tc, test_repeated_dependencies);
  tcase_add_test (tc, test_unknown_members_ignored);
  tcase_add_test (tc, test_deep_nesting);
  tcase_add_test (tc, test_load_data_length);
  tcase_add_test (tc, test_load_file);
  tcase_add_test (tc, test_load_file_pipe);
  tcase_add_test (tc, test_load_file_streamed);
  tcase_add_test (tc, test_load_file_errors);
  suite_add_tcase (s, tc);

  tc = tcase_create ("errors");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_error_parse);
  tcase_add_test (tc, test_error_parse_message);
  tcase_add_test (tc, test_error_format_version);
  tcase_add_test (tc, test_error_format_types);
  tcase_add_test (tc, test_error_duplicate_id);
  tcase_add_test (tc, test_error_unknown_item);
  tcase_add_test (tc, test_error_self_dependency);
  tcase_add_test (tc, test_error_parent_cycle);
  tcase_add_test (tc, test_error_invalid_value);
  tcase_add_test (tc, test_error_offsets);
  tcase_add_test (tc, test_failed_load_leaves_nothing);
  suite_add_tcase (s, tc);

  tc = tcase_create ("save");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_round_trip_every_field);
  tcase_add_test (tc, test_save_stable);
  tcase_add_test (tc, test_save_exact);
  tcase_add_test (tc, test_save_numbers);
  tcase_add_test (tc, test_round_trip_large);
  tcase_add_test (tc, test_save_file);
  tcase_add_test (tc, test_save_file_unwritable);
  tcase_add_test (tc, test_save_file_atomic);
  suite_add_tcase (s, tc);
  return s;
}
