/* Check suite "csv": lp_backlog_import_csv_data() / _file(): the RFC 4180
 * reader's edge cases, every mapping rule and every error code. */
#include <string.h>
#include <glib/gstdio.h>
#include "lp-test.h"

/* Like lp_assert_error() (a function, so that constants can be passed). */
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

/* Imports NUL-terminated CSV text that must be accepted. */
static LpBacklog *
import_ok (const char *csv)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_import_csv_data (csv, strlen (csv), &err);
  ck_assert_msg (err == NULL, "unexpected error: %s",
                 err != NULL ? err->message : "");
  ck_assert_ptr_nonnull (b);
  return b;
}

/* Imports CSV text that must fail with `code`, the message containing every
 * non-NULL needle. */
static void
import_fails (const char *csv, gsize length, int code, const char *needle,
              const char *needle2)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_import_csv_data (csv, length, &err);
  ck_assert_ptr_null (b);
  if (needle2 != NULL)
    ck_assert_msg (err != NULL && strstr (err->message, needle2) != NULL,
                   "message \"%s\" lacks \"%s\"",
                   err != NULL ? err->message : "(none)", needle2);
  check_error (&err, code, needle);
}

#define FAILS(csv, code, needle, needle2) \
  import_fails ((csv), strlen (csv), (code), (needle), (needle2))

static LpItem *
item (LpBacklog *b, const char *id)
{
  LpItem *it = lp_backlog_get_item (b, id);
  ck_assert_msg (it != NULL, "no item \"%s\"", id);
  return it;
}

static const char *
title_of (LpBacklog *b, const char *id)
{
  return lp_item_get_title (item (b, id));
}

/* --- the reader -------------------------------------------------------- */

START_TEST (test_basic)
{
  LpBacklog *b = import_ok ("id,title\nA,Alpha\nB,Beta\nC,Gamma\n");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 3);
  ck_assert_str_eq (lp_item_get_id (lp_backlog_get_item_at (b, 0)), "A");
  ck_assert_str_eq (lp_item_get_id (lp_backlog_get_item_at (b, 1)), "B");
  ck_assert_str_eq (lp_item_get_id (lp_backlog_get_item_at (b, 2)), "C");
  ck_assert_str_eq (title_of (b, "B"), "Beta");
  LpItem *a = item (b, "A");
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_STORY);
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_TODO);
  ck_assert (!lp_item_has_value (a));
  ck_assert (!lp_item_has_effort (a));
  ck_assert_uint_eq (lp_item_get_n_labels (a), 0);
  ck_assert (!lp_item_get_attribute (a, "priority", NULL));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 0);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_quotes)
{
  LpBacklog *b = import_ok (
      "id,title\n"
      "A,\"Hello, world\"\n"
      "B,\"say \"\"hi\"\"\"\n"
      "C,\"\"\"\"\n"
      "D,\"\"\n"
      "E,5\" disk\n"
      "\"F\",\"x\"\n"
      "G,\"a,\"\"b\"\",c\"\n");
  ck_assert_str_eq (title_of (b, "A"), "Hello, world");
  ck_assert_str_eq (title_of (b, "B"), "say \"hi\"");
  ck_assert_str_eq (title_of (b, "C"), "\"");
  ck_assert_str_eq (title_of (b, "D"), "");
  ck_assert_str_eq (title_of (b, "E"), "5\" disk"); /* literal quote */
  ck_assert_str_eq (title_of (b, "F"), "x");
  ck_assert_str_eq (title_of (b, "G"), "a,\"b\",c");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_embedded_newlines)
{
  LpBacklog *b = import_ok ("id,title\n"
                            "A,\"line 1\nline 2\"\n"
                            "B,\"crlf 1\r\ncrlf 2\r\n\"\n"
                            "C,\"\n\n\"\n"
                            "D,after\n");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 4);
  ck_assert_str_eq (title_of (b, "A"), "line 1\nline 2");
  ck_assert_str_eq (title_of (b, "B"), "crlf 1\ncrlf 2\n");
  ck_assert_str_eq (title_of (b, "C"), "\n\n");
  ck_assert_str_eq (title_of (b, "D"), "after");
  lp_backlog_unref (b);

  /* line numbers count the breaks inside quotes: the last row is line 10 */
  FAILS ("id,title\n"
         "A,\"line 1\nline 2\"\n"
         "B,\"crlf 1\r\ncrlf 2\r\n\"\n"
         "C,\"\n\n\"\n"
         "A,again\n",
         LP_ERROR_DUPLICATE_ID, "line 10", "line 2");
}
END_TEST

START_TEST (test_line_endings)
{
  LpBacklog *b = import_ok ("id,title\r\nA,x\r\nB,y\r\n");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  ck_assert_str_eq (title_of (b, "A"), "x");
  ck_assert_str_eq (title_of (b, "B"), "y");
  lp_backlog_unref (b);

  b = import_ok ("id,title\rA,x\rB,y\r"); /* lone CR */
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  ck_assert_str_eq (title_of (b, "B"), "y");
  lp_backlog_unref (b);

  b = import_ok ("id,title\nA,x\r\nB,y\n"); /* mixed */
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  ck_assert_str_eq (title_of (b, "A"), "x");
  lp_backlog_unref (b);

  FAILS ("id\r\nA\r\nB\r\nA\r\n", LP_ERROR_DUPLICATE_ID, "line 4", NULL);
  FAILS ("id\rA\rB\rA\r", LP_ERROR_DUPLICATE_ID, "line 4", NULL);
}
END_TEST

START_TEST (test_no_final_newline)
{
  LpBacklog *b = import_ok ("id,title\nA,x\nB,last");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  ck_assert_str_eq (title_of (b, "B"), "last");
  lp_backlog_unref (b);

  b = import_ok ("id,title\nA,\"quoted last\"");
  ck_assert_str_eq (title_of (b, "A"), "quoted last");
  lp_backlog_unref (b);

  b = import_ok ("id,title\nA,"); /* empty last field */
  ck_assert_str_eq (title_of (b, "A"), "");
  lp_backlog_unref (b);

  b = import_ok ("id"); /* a header alone, no newline */
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 0);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_bom)
{
  LpBacklog *b = import_ok ("\xEF\xBB\xBFid,title\nA,x\n");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  ck_assert_str_eq (title_of (b, "A"), "x");
  lp_backlog_unref (b);

  b = import_ok ("\xEF\xBB\xBF\"key\",title\nA,x\n");
  ck_assert_str_eq (title_of (b, "A"), "x");
  lp_backlog_unref (b);

  /* a BOM alone is empty data */
  FAILS ("\xEF\xBB\xBF", LP_ERROR_FORMAT, "header", NULL);
  /* a BOM-like sequence later is ordinary text */
  b = import_ok ("id,title\nA,\xEF\xBB\xBFx\n");
  ck_assert_str_eq (title_of (b, "A"), "\xEF\xBB\xBFx");
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_blank_lines)
{
  LpBacklog *b = import_ok ("\n\nid,title\n\nA,x\n\n\n,\nB,y\n\r\n");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  ck_assert_str_eq (title_of (b, "B"), "y");
  lp_backlog_unref (b);
  /* line numbers still count the skipped lines */
  FAILS ("id\n\nA\n\nA\n", LP_ERROR_DUPLICATE_ID, "line 5", "line 3");
}
END_TEST

START_TEST (test_ragged_rows)
{
  /* fewer fields: the missing ones are empty */
  LpBacklog *b = import_ok ("id,title,story_points,priority\n"
                            "A\n"
                            "B,b\n"
                            "C,c,3\n"
                            "D,d,3,Major\n");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 4);
  ck_assert_str_eq (title_of (b, "A"), "");
  ck_assert (!lp_item_has_effort (item (b, "B")));
  ck_assert (!lp_item_has_value (item (b, "C")));
  ck_assert (lp_item_get_effort (item (b, "C")) == 3.0);
  ck_assert (lp_item_get_value (item (b, "D")) == 3.0);
  lp_backlog_unref (b);

  /* more fields than the header */
  FAILS ("id,title\nA,x\nB,y,z\n", LP_ERROR_PARSE, "line 3", NULL);
  FAILS ("id,title\nA,x,\n", LP_ERROR_PARSE, "line 2", NULL);
  /* the record's first line is named */
  FAILS ("id,title\nA,\"x\ny\",z\n", LP_ERROR_PARSE, "line 2", NULL);
}
END_TEST

START_TEST (test_parse_errors)
{
  /* unterminated quote: the line where it opened */
  FAILS ("id,title\nA,x\nB,\"never closed\nC,z\n", LP_ERROR_PARSE, "line 3",
         "unterminated");
  FAILS ("id,title\nA,\"", LP_ERROR_PARSE, "line 2", NULL);
  FAILS ("\"id", LP_ERROR_PARSE, "line 1", NULL);
  /* text after a closing quote */
  FAILS ("id,title\nA,\"x\"y\n", LP_ERROR_PARSE, "line 2", NULL);
  FAILS ("id,title\nA,\"x\" \n", LP_ERROR_PARSE, "line 2", NULL);
  /* invalid UTF-8 */
  FAILS ("id,title\nA,ok\nB,\xff\n", LP_ERROR_PARSE, "line 3", "UTF-8");
  FAILS ("id,title\nA,\"multi\nline \xc3\x28\"\n", LP_ERROR_PARSE, "line 3",
         "UTF-8");
  FAILS ("id,title\nA,\xe2\x82\n", LP_ERROR_PARSE, "line 2", NULL);
  FAILS ("id,title\r\nA,x\r\nB,\xed\xa0\x80\r\n", LP_ERROR_PARSE, "line 3",
         NULL); /* a UTF-16 surrogate */
  /* a NUL byte */
  import_fails ("id,title\nA,x\0y\n", 15, LP_ERROR_PARSE, "line 2", NULL);
}
END_TEST

START_TEST (test_length)
{
  /* only `length` bytes are read, no NUL terminator needed */
  const char text[] = "id,title\nA,xyz\nB,trailing garbage";
  GError *err = NULL;
  LpBacklog *b = lp_backlog_import_csv_data (text, strlen ("id,title\nA,x"),
                                             &err);
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  ck_assert_str_eq (title_of (b, "A"), "x");
  lp_backlog_unref (b);

  /* a quote cut by the length is unterminated */
  import_fails ("id,title\nA,\"abc\"", strlen ("id,title\nA,\"ab"),
                LP_ERROR_PARSE, "line 2", NULL);
  /* no data */
  import_fails ("", 0, LP_ERROR_FORMAT, NULL, NULL);
  import_fails (NULL, 0, LP_ERROR_FORMAT, NULL, NULL);
}
END_TEST

START_TEST (test_large)
{
  /* many rows and a huge multi-line field: no recursion, no quadratic */
  GString *s = g_string_new ("id,title,depends_on\n");
  for (guint i = 0; i < 20000; i++)
    {
      g_string_append_printf (s, "I%u,\"title %u, \"\"q\"\"", i, i);
      if (i == 7)
        for (guint k = 0; k < 20000; k++)
          g_string_append (s, "\nmore");
      g_string_append (s, "\",");
      if (i > 0)
        g_string_append_printf (s, "I%u", i - 1);
      g_string_append (s, "\r\n");
    }
  LpBacklog *b = import_ok (s->str);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 20000);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 19999);
  ck_assert_str_eq (title_of (b, "I19999"), "title 19999, \"q\"");
  ck_assert_uint_eq (strlen (title_of (b, "I7")),
                     strlen ("title 7, \"q\"") + 20000 * 5);
  ck_assert (lp_backlog_has_dependency (b, item (b, "I19999"),
                                        item (b, "I19998")));
  lp_backlog_unref (b);
  g_string_free (s, TRUE);
}
END_TEST

/* --- header and columns ------------------------------------------------ */

START_TEST (test_header)
{
  /* names are case-insensitive and trimmed; ' ' and '-' read as '_' */
  LpBacklog *b = import_ok (" ID ,Summary,Issue Type,Story Points,"
                            "PRIORITY,Depends-On,Created,Whatever\n"
                            "A,alpha,Bug,2,Major,,2020-01-01,zzz\n"
                            "B,beta,Epic,,,A,,\n");
  LpItem *a = item (b, "A");
  ck_assert_str_eq (lp_item_get_title (a), "alpha");
  ck_assert_int_eq (lp_item_get_kind (a), LP_ITEM_KIND_BUG);
  ck_assert (lp_item_get_effort (a) == 2.0);
  ck_assert (lp_item_get_value (a) == 3.0);
  ck_assert_int_eq (lp_item_get_kind (item (b, "B")), LP_ITEM_KIND_EPIC);
  ck_assert (lp_backlog_has_dependency (b, item (b, "B"), a));
  lp_backlog_unref (b);

  /* key and issue_key work; id wins over key; title over summary; kind over
   * type */
  b = import_ok ("Issue key,title\nK-1,x\n");
  ck_assert_str_eq (title_of (b, "K-1"), "x");
  lp_backlog_unref (b);
  b = import_ok ("key,id,summary,title,type,kind\n"
                 "K-1,I-1,the summary,the title,Bug,spike\n");
  ck_assert_ptr_null (lp_backlog_get_item (b, "K-1"));
  ck_assert_str_eq (title_of (b, "I-1"), "the title");
  ck_assert_int_eq (lp_item_get_kind (item (b, "I-1")), LP_ITEM_KIND_SPIKE);
  lp_backlog_unref (b);
  /* a repeated column: the first one is used */
  b = import_ok ("id,title,title\nA,first,second\n");
  ck_assert_str_eq (title_of (b, "A"), "first");
  lp_backlog_unref (b);

  /* ids are trimmed, titles are verbatim */
  b = import_ok ("id,title\n  A  ,  spaced  \n");
  ck_assert_str_eq (title_of (b, "A"), "  spaced  ");
  lp_backlog_unref (b);

  FAILS ("title,type\nx,Bug\n", LP_ERROR_FORMAT, "\"id\"", NULL);
  FAILS ("identifier\nA\n", LP_ERROR_FORMAT, "key", NULL);
  FAILS ("", LP_ERROR_FORMAT, "header", NULL);
  FAILS ("\n\r\n\n", LP_ERROR_FORMAT, "header", NULL);
}
END_TEST

/* --- mapping ----------------------------------------------------------- */

START_TEST (test_kind)
{
  static const struct {
    const char *type;
    LpItemKind kind;
  } cases[] = {
    { "Story", LP_ITEM_KIND_STORY },
    { "Bug", LP_ITEM_KIND_BUG },
    { "Epic", LP_ITEM_KIND_EPIC },
    { "New Feature", LP_ITEM_KIND_FEATURE },
    { "Feature", LP_ITEM_KIND_FEATURE },
    { "Improvement", LP_ITEM_KIND_FEATURE },
    { "Task", LP_ITEM_KIND_TASK },
    { "Sub-task", LP_ITEM_KIND_TASK },
    { "Technical task", LP_ITEM_KIND_TASK },
    { "Spike", LP_ITEM_KIND_SPIKE },
    { "", LP_ITEM_KIND_STORY },
    { "Documentation", LP_ITEM_KIND_STORY },
    { "Code Task", LP_ITEM_KIND_STORY },
    { "BUG", LP_ITEM_KIND_BUG },
    { "new feature", LP_ITEM_KIND_FEATURE },
    { "  Improvement ", LP_ITEM_KIND_FEATURE },
    { "SUB-TASK", LP_ITEM_KIND_TASK },
    /* our own names */
    { "story", LP_ITEM_KIND_STORY },
    { "epic", LP_ITEM_KIND_EPIC },
    { "feature", LP_ITEM_KIND_FEATURE },
    { "bug", LP_ITEM_KIND_BUG },
    { "task", LP_ITEM_KIND_TASK },
    { "spike", LP_ITEM_KIND_SPIKE },
  };
  GString *csv = g_string_new ("key,type\n");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (csv, "K-%zu,\"%s\"\n", i, cases[i].type);
  LpBacklog *b = import_ok (csv->str);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "K-%zu", i);
      ck_assert_msg (lp_item_get_kind (item (b, id)) == cases[i].kind,
                     "type \"%s\": got kind %d", cases[i].type,
                     (int) lp_item_get_kind (item (b, id)));
    }
  lp_backlog_unref (b);
  g_string_free (csv, TRUE);

  /* a `kind` column takes our names too */
  b = import_ok ("id,kind\nA,feature\nB,spike\nC,\n");
  ck_assert_int_eq (lp_item_get_kind (item (b, "A")), LP_ITEM_KIND_FEATURE);
  ck_assert_int_eq (lp_item_get_kind (item (b, "B")), LP_ITEM_KIND_SPIKE);
  ck_assert_int_eq (lp_item_get_kind (item (b, "C")), LP_ITEM_KIND_STORY);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_status)
{
  static const struct {
    const char *status;
    const char *resolution;
    LpItemStatus expected;
  } cases[] = {
    { "Closed", "Fixed", LP_ITEM_STATUS_DONE },
    { "Resolved", "Fixed", LP_ITEM_STATUS_DONE },
    { "Done", "", LP_ITEM_STATUS_DONE },
    { "Closed", "", LP_ITEM_STATUS_DONE },
    { "Closed", "Ready for Test", LP_ITEM_STATUS_DONE },
    { "Resolved", "Answered", LP_ITEM_STATUS_DONE },
    { "Closed", "Won't Fix", LP_ITEM_STATUS_DROPPED },
    { "Resolved", "Won't Do", LP_ITEM_STATUS_DROPPED },
    { "Done", "Duplicate", LP_ITEM_STATUS_DROPPED },
    { "Closed", "Invalid", LP_ITEM_STATUS_DROPPED },
    { "Closed", "Incomplete", LP_ITEM_STATUS_DROPPED },
    { "Resolved", "Cannot Reproduce", LP_ITEM_STATUS_DROPPED },
    { "Closed", "Not A Bug", LP_ITEM_STATUS_DROPPED },
    { "closed", "won't fix", LP_ITEM_STATUS_DROPPED },
    { "CLOSED", "Wont Fix", LP_ITEM_STATUS_DROPPED },
    { "Closed", "Won\xe2\x80\x99t Fix", LP_ITEM_STATUS_DROPPED },
    { "In Progress", "", LP_ITEM_STATUS_IN_PROGRESS },
    { "In Review", "", LP_ITEM_STATUS_IN_PROGRESS },
    { "Reviewing", "", LP_ITEM_STATUS_IN_PROGRESS },
    { "in progress", "", LP_ITEM_STATUS_IN_PROGRESS },
    { "Open", "", LP_ITEM_STATUS_TODO },
    { "Reopened", "Fixed", LP_ITEM_STATUS_TODO },
    { "To Do", "", LP_ITEM_STATUS_TODO },
    { "Received", "", LP_ITEM_STATUS_TODO },
    { "Open", "Won't Fix", LP_ITEM_STATUS_TODO },
    { "", "Fixed", LP_ITEM_STATUS_TODO },
    { "", "", LP_ITEM_STATUS_TODO },
    /* our own names */
    { "todo", "", LP_ITEM_STATUS_TODO },
    { "in_progress", "", LP_ITEM_STATUS_IN_PROGRESS },
    { "in-progress", "", LP_ITEM_STATUS_IN_PROGRESS },
    { "done", "", LP_ITEM_STATUS_DONE },
    { "dropped", "", LP_ITEM_STATUS_DROPPED },
    { "DROPPED", "", LP_ITEM_STATUS_DROPPED },
  };
  GString *csv = g_string_new ("key,status,resolution\n");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (csv, "K-%zu,\"%s\",\"%s\"\n", i,
                            cases[i].status, cases[i].resolution);
  LpBacklog *b = import_ok (csv->str);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "K-%zu", i);
      ck_assert_msg (lp_item_get_status (item (b, id)) == cases[i].expected,
                     "status \"%s\" resolution \"%s\": got %d",
                     cases[i].status, cases[i].resolution,
                     (int) lp_item_get_status (item (b, id)));
    }
  lp_backlog_unref (b);
  g_string_free (csv, TRUE);

  /* without a resolution column */
  b = import_ok ("id,status\nA,Closed\nB,In Progress\n");
  ck_assert_int_eq (lp_item_get_status (item (b, "A")), LP_ITEM_STATUS_DONE);
  ck_assert_int_eq (lp_item_get_status (item (b, "B")),
                    LP_ITEM_STATUS_IN_PROGRESS);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_effort)
{
  LpBacklog *b = import_ok ("id,story_points\n"
                            "A,\nB,0\nC,-2\nD,3\nE,2.5\nF, 8 \nG,0.0\n");
  ck_assert (!lp_item_has_effort (item (b, "A")));
  ck_assert (!lp_item_has_effort (item (b, "B"))); /* Jira: not estimated */
  ck_assert (!lp_item_has_effort (item (b, "C")));
  ck_assert (lp_item_get_effort (item (b, "D")) == 3.0);
  ck_assert (lp_item_get_effort (item (b, "E")) == 2.5);
  ck_assert (lp_item_get_effort (item (b, "F")) == 8.0);
  ck_assert (!lp_item_has_effort (item (b, "G")));
  lp_backlog_unref (b);

  b = import_ok ("id,effort\nA,\nB,1\nC,0.5\n");
  ck_assert (!lp_item_has_effort (item (b, "A")));
  ck_assert (lp_item_get_effort (item (b, "B")) == 1.0);
  ck_assert (lp_item_get_effort (item (b, "C")) == 0.5);
  lp_backlog_unref (b);

  /* an effort column wins over story_points */
  b = import_ok ("id,story_points,effort\nA,8,2\nB,5,\n");
  ck_assert (lp_item_get_effort (item (b, "A")) == 2.0);
  ck_assert (!lp_item_has_effort (item (b, "B")));
  lp_backlog_unref (b);

  /* effort 0 or less is an error, not "unestimated" */
  FAILS ("id,effort\nA,1\nB,0\n", LP_ERROR_INVALID_VALUE, "line 3",
         "\"B\"");
  FAILS ("id,effort\nA,-1\n", LP_ERROR_INVALID_VALUE, "line 2", "\"A\"");
  /* not a number */
  FAILS ("id,effort\nA,1\nB,lots\n", LP_ERROR_INVALID_VALUE, "line 3",
         "\"B\"");
  FAILS ("id,effort\nA,inf\n", LP_ERROR_INVALID_VALUE, "line 2", "\"A\"");
  FAILS ("id,effort\nA,nan\n", LP_ERROR_INVALID_VALUE, "line 2", "\"A\"");
  FAILS ("id,effort\nA,1e999\n", LP_ERROR_INVALID_VALUE, "line 2", "\"A\"");
  FAILS ("id,effort\nA,3x\n", LP_ERROR_INVALID_VALUE, "line 2", "\"A\"");
  FAILS ("id,story_points\nA,1\nB,\"1,5\"\n", LP_ERROR_INVALID_VALUE,
         "line 3", "\"B\"");
  FAILS ("id,story_points\nA,?\n", LP_ERROR_INVALID_VALUE, "line 2",
         "\"A\"");
}
END_TEST

START_TEST (test_value_priority)
{
  static const struct {
    const char *priority;
    double weight; /* NaN: none */
  } cases[] = {
    { "Blocker", 5 }, { "Critical", 4 }, { "Major", 3 }, { "Minor", 2 },
    { "Trivial", 1 }, { "blocker", 5 },  { " MINOR ", 2 }, { "1", 1 },
    { "2", 2 },       { "3", 3 },        { "4", 4 },     { "5", 5 },
    { "", NAN },      { "Whenever", NAN }, { "6", NAN },  { "0", NAN },
  };
  GString *csv = g_string_new ("key,priority\n");
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_string_append_printf (csv, "K-%zu,\"%s\"\n", i, cases[i].priority);
  LpBacklog *b = import_ok (csv->str);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char id[32];
      g_snprintf (id, sizeof id, "K-%zu", i);
      LpItem *it = item (b, id);
      double attr = -1;
      if (isnan (cases[i].weight))
        {
          ck_assert_msg (!lp_item_has_value (it), "priority \"%s\" valued",
                         cases[i].priority);
          ck_assert (!lp_item_get_attribute (it, "priority", NULL));
        }
      else
        {
          ck_assert_msg (lp_item_get_value (it) == cases[i].weight,
                         "priority \"%s\": value %g", cases[i].priority,
                         lp_item_get_value (it));
          ck_assert (lp_item_get_attribute (it, "priority", &attr));
          ck_assert (attr == cases[i].weight);
        }
    }
  lp_backlog_unref (b);
  g_string_free (csv, TRUE);

  /* a value column wins; the priority is still an attribute; an empty value
   * cell means unvalued even with a priority */
  b = import_ok ("id,priority,value\nA,Blocker,7.5\nB,Minor,\nC,,0\n");
  double attr = 0;
  ck_assert (lp_item_get_value (item (b, "A")) == 7.5);
  ck_assert (lp_item_get_attribute (item (b, "A"), "priority", &attr));
  ck_assert (attr == 5.0);
  ck_assert (!lp_item_has_value (item (b, "B")));
  ck_assert (lp_item_get_attribute (item (b, "B"), "priority", &attr));
  ck_assert (attr == 2.0);
  ck_assert (lp_item_get_value (item (b, "C")) == 0.0);
  ck_assert (!lp_item_get_attribute (item (b, "C"), "priority", NULL));
  lp_backlog_unref (b);

  FAILS ("id,value\nA,-1\n", LP_ERROR_INVALID_VALUE, "line 2", "\"A\"");
  FAILS ("id,value\nA,1\nB,high\n", LP_ERROR_INVALID_VALUE, "line 3",
         "\"B\"");
  FAILS ("id,value\nA,nan\n", LP_ERROR_INVALID_VALUE, "line 2", "\"A\"");
}
END_TEST

START_TEST (test_depends_on)
{
  LpBacklog *b = import_ok ("id,depends_on\n"
                            "A,B; C\n"     /* forward references */
                            "B,\n"
                            "C,B;B;;\n"    /* repeats collapse */
                            "D,D;A\n"      /* self ignored */
                            "E,OTHER-1\n"  /* not in the file: ignored */
                            "F, A ;C\n");
  LpItem *a = item (b, "A"), *bb = item (b, "B"), *c = item (b, "C");
  LpItem *d = item (b, "D"), *f = item (b, "F");
  ck_assert (lp_backlog_has_dependency (b, a, bb));
  ck_assert (lp_backlog_has_dependency (b, a, c));
  ck_assert (lp_backlog_has_dependency (b, c, bb));
  ck_assert (lp_backlog_has_dependency (b, d, a));
  ck_assert (!lp_backlog_has_dependency (b, d, d));
  ck_assert (lp_backlog_has_dependency (b, f, a));
  ck_assert (lp_backlog_has_dependency (b, f, c));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 6);
  /* recorded in file order */
  GPtrArray *pre = lp_backlog_dup_prerequisites (b, a);
  ck_assert_uint_eq (pre->len, 2);
  ck_assert_ptr_eq (g_ptr_array_index (pre, 0), bb);
  ck_assert_ptr_eq (g_ptr_array_index (pre, 1), c);
  g_ptr_array_unref (pre);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_links)
{
  LpBacklog *b = import_ok (
      "key,links,depends_on\n"
      "A,depends:B;blocks:C;relates:D;parent:E,\n"
      "B,blocks:A,\n"                          /* same edge again */
      "C,depends:A;depends:ZZ-9,A\n"           /* foreign key ignored */
      "D,relates:A;subtask:E;duplicates:A;depends:D,\n"
      "E,Depends : A;garbage;blocks:;:A,\n");
  LpItem *a = item (b, "A"), *bb = item (b, "B"), *c = item (b, "C");
  LpItem *d = item (b, "D"), *e = item (b, "E");
  ck_assert (lp_backlog_has_dependency (b, a, bb));  /* A depends:B */
  ck_assert (lp_backlog_has_dependency (b, c, a));   /* A blocks:C */
  ck_assert (!lp_backlog_has_dependency (b, a, c));
  ck_assert (!lp_backlog_has_dependency (b, a, d));  /* relates */
  ck_assert (!lp_backlog_has_dependency (b, d, a));
  ck_assert (!lp_backlog_has_dependency (b, a, e));  /* parent */
  ck_assert (!lp_backlog_has_dependency (b, d, d));  /* self */
  ck_assert (lp_backlog_has_dependency (b, e, a));   /* verb case/space */
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 3);
  lp_backlog_unref (b);

  /* repeated links columns are all read */
  b = import_ok ("key,links,links\nA,depends:B,depends:C\nB,,\nC,,\n");
  ck_assert (lp_backlog_has_dependency (b, item (b, "A"), item (b, "B")));
  ck_assert (lp_backlog_has_dependency (b, item (b, "A"), item (b, "C")));
  lp_backlog_unref (b);

  /* cycles are accepted (reported by find_cycles) */
  b = import_ok ("key,links\nA,depends:B\nB,depends:A\n");
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  LpCycles *cy = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (cy), 1);
  lp_cycles_unref (cy);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_labels)
{
  LpBacklog *b = import_ok ("id,labels,Labels\n"
                            "A,ui; backend;;ui ,extra\n"
                            "B,,\n"
                            "C,\"a,b\",\n");
  LpItem *a = item (b, "A");
  ck_assert_uint_eq (lp_item_get_n_labels (a), 3);
  ck_assert (lp_item_has_label (a, "ui"));
  ck_assert (lp_item_has_label (a, "backend"));
  ck_assert (lp_item_has_label (a, "extra"));
  ck_assert_uint_eq (lp_item_get_n_labels (item (b, "B")), 0);
  ck_assert (lp_item_has_label (item (b, "C"), "a,b"));
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_ignored_columns)
{
  LpBacklog *b = import_ok ("key,created,resolution date,assignee,title\n"
                            "A,2020-01-01,2020-02-02,someone,x\n");
  LpItem *a = item (b, "A");
  ck_assert_str_eq (lp_item_get_title (a), "x");
  char **names = lp_item_dup_attribute_names (a);
  ck_assert_uint_eq (g_strv_length (names), 0);
  g_strfreev (names);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_jira_row)
{
  /* a row shaped like the real Duraspace export */
  LpBacklog *b = import_ok (
      "key,title,type,status,resolution,priority,story_points,created,links\n"
      "DFR-10,\"As a user, I only want to login once, \"\"really\"\".\","
      "Story,Closed,Fixed,Minor,,2012-01-11,relates:DURACLOUD-615\n"
      "DFR-74,Integrity,Improvement,Resolved,Won't Fix,Major,0,,"
      "addressed_by:DURACLOUD-525;depends:DFR-10\n"
      "DFR-75,Next,Technical task,In Progress,,Blocker,3,,blocks:DFR-74\n");
  LpItem *a = item (b, "DFR-10"), *c = item (b, "DFR-74");
  LpItem *d = item (b, "DFR-75");
  ck_assert_str_eq (lp_item_get_title (a),
                    "As a user, I only want to login once, \"really\".");
  ck_assert_int_eq (lp_item_get_status (a), LP_ITEM_STATUS_DONE);
  ck_assert (lp_item_get_value (a) == 2.0);
  ck_assert_int_eq (lp_item_get_kind (c), LP_ITEM_KIND_FEATURE);
  ck_assert_int_eq (lp_item_get_status (c), LP_ITEM_STATUS_DROPPED);
  ck_assert (!lp_item_has_effort (c));
  ck_assert_int_eq (lp_item_get_kind (d), LP_ITEM_KIND_TASK);
  ck_assert_int_eq (lp_item_get_status (d), LP_ITEM_STATUS_IN_PROGRESS);
  ck_assert (lp_item_get_value (d) == 5.0);
  ck_assert (lp_item_get_effort (d) == 3.0);
  ck_assert (lp_backlog_has_dependency (b, c, a));
  ck_assert (lp_backlog_has_dependency (b, c, d));
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2);
  lp_backlog_unref (b);
}
END_TEST

/* --- errors ------------------------------------------------------------ */

START_TEST (test_errors)
{
  /* LP_ERROR_DUPLICATE_ID names both lines */
  FAILS ("id\nA\nB\nA\n", LP_ERROR_DUPLICATE_ID, "line 4", "line 2");
  FAILS ("id\nA\n A \n", LP_ERROR_DUPLICATE_ID, "\"A\"", NULL);
  /* LP_ERROR_INVALID_VALUE: empty id */
  FAILS ("id,title\nA,x\n,y\n", LP_ERROR_INVALID_VALUE, "line 3", "id");
  FAILS ("id,title\n   ,y\n", LP_ERROR_INVALID_VALUE, "line 2", NULL);
  /* LP_ERROR_FORMAT: no id column */
  FAILS ("title\nx\n", LP_ERROR_FORMAT, NULL, NULL);
  /* LP_ERROR_PARSE */
  FAILS ("id\n\"A\n", LP_ERROR_PARSE, "line 2", NULL);
  /* the first error wins: rows are read in order */
  FAILS ("id,effort\nA,x\nA,1\n", LP_ERROR_INVALID_VALUE, "line 2", NULL);
  FAILS ("id,effort\nA,1\nA,x\n", LP_ERROR_DUPLICATE_ID, "line 3", NULL);

  /* NULL error pointer is fine */
  ck_assert_ptr_null (lp_backlog_import_csv_data ("id\nA\nA\n", 7, NULL));
}
END_TEST

START_TEST (test_file)
{
  GError *err = NULL;
  char *dir = g_dir_make_tmp ("lp-csv-XXXXXX", &err);
  ck_assert_ptr_null (err);
  char *path = g_build_filename (dir, "backlog.csv", NULL);

  /* LP_ERROR_IO */
  LpBacklog *b = lp_backlog_import_csv_file (path, &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_IO, "backlog.csv");

  const char *text = "key,title,story_points\r\nA,\"x, y\",3\r\nB,z,\r\n";
  ck_assert (g_file_set_contents (path, text, -1, NULL));
  b = lp_backlog_import_csv_file (path, &err);
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 2);
  ck_assert_str_eq (title_of (b, "A"), "x, y");
  ck_assert (lp_item_get_effort (item (b, "A")) == 3.0);
  lp_backlog_unref (b);

  /* content errors keep their code and name the file */
  ck_assert (g_file_set_contents (path, "key\nA\nA\n", -1, NULL));
  b = lp_backlog_import_csv_file (path, &err);
  ck_assert_ptr_null (b);
  ck_assert (err != NULL && strstr (err->message, "backlog.csv") != NULL);
  check_error (&err, LP_ERROR_DUPLICATE_ID, "line 3");

  /* a directory is an I/O error too */
  b = lp_backlog_import_csv_file (dir, &err);
  ck_assert_ptr_null (b);
  check_error (&err, LP_ERROR_IO, NULL);

  g_unlink (path);
  g_rmdir (dir);
  g_free (path);
  g_free (dir);
}
END_TEST

START_TEST (test_order_after_import)
{
  /* the imported backlog orders like a hand-built one */
  LpBacklog *b = import_ok ("id,value,effort,depends_on,status\n"
                            "A,1,1,,todo\n"
                            "B,10,1,A,todo\n"
                            "C,5,1,,todo\n"
                            "D,100,1,X;E,todo\n"
                            "E,1,1,,dropped\n");
  GError *err = NULL;
  LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_STRICT, &err);
  ck_assert_ptr_null (err);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 3);
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r, 0)), "C");
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r, 1)), "A");
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_item (r, 2)), "B");
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), 1);
  ck_assert_str_eq (lp_item_get_id (lp_ranking_get_excluded_item (r, 0)),
                    "D");
  ck_assert_int_eq (lp_ranking_get_excluded_reason (r, 0),
                    LP_EXCLUSION_BLOCKED_BY_DROPPED);
  lp_ranking_unref (r);
  lp_backlog_unref (b);
}
END_TEST

Suite *
lp_test_csv_suite (void)
{
  Suite *s = suite_create ("csv");
  TCase *tc = tcase_create ("reader");
  tcase_add_test (tc, test_basic);
  tcase_add_test (tc, test_quotes);
  tcase_add_test (tc, test_embedded_newlines);
  tcase_add_test (tc, test_line_endings);
  tcase_add_test (tc, test_no_final_newline);
  tcase_add_test (tc, test_bom);
  tcase_add_test (tc, test_blank_lines);
  tcase_add_test (tc, test_ragged_rows);
  tcase_add_test (tc, test_parse_errors);
  tcase_add_test (tc, test_length);
  tcase_add_test (tc, test_large);
  tcase_set_timeout (tc, 120);
  suite_add_tcase (s, tc);

  tc = tcase_create ("mapping");
  tcase_add_test (tc, test_header);
  tcase_add_test (tc, test_kind);
  tcase_add_test (tc, test_status);
  tcase_add_test (tc, test_effort);
  tcase_add_test (tc, test_value_priority);
  tcase_add_test (tc, test_depends_on);
  tcase_add_test (tc, test_links);
  tcase_add_test (tc, test_labels);
  tcase_add_test (tc, test_ignored_columns);
  tcase_add_test (tc, test_jira_row);
  tcase_add_test (tc, test_order_after_import);
  suite_add_tcase (s, tc);

  tc = tcase_create ("errors");
  tcase_add_test (tc, test_errors);
  tcase_add_test (tc, test_file);
  suite_add_tcase (s, tc);
  return s;
}
