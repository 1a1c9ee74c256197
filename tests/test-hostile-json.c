/* Hostile input (issue 9): json. Inputs are generated here, never committed.
 *
 * The JSON readers of libproduct (backlogs: lp_backlog_load_data(),
 * lp_backlog_load_file(); scorecards: lp_score_model_new_scorecard_from_data()
 * and _from_file()) against what an attacker would feed them: nesting that
 * a pre-scan misjudges, strings that span many read chunks, escapes that
 * yajl decodes to something else than they mean, numbers glued to garbage,
 * repeated members, byte order marks, NUL characters. A backlog is loaded
 * from memory and from a file (the streaming reader) every time: both must
 * give the same outcome. */
#include "lp-test.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* --- helpers ------------------------------------------------------------ */

/* A file holding `len` bytes of data; its path (free it with
 * remove_file()). Written plainly: g_file_set_contents() would sync it to
 * the disk, which takes longer than the test. */
static char *
write_file (const char *data, gsize len)
{
  char *path = NULL;
  GError *err = NULL;
  int fd = g_file_open_tmp ("lp-hostile-json-XXXXXX", &path, &err);
  ck_assert_msg (fd >= 0, "%s", err ? err->message : "");
  for (gsize done = 0; done < len; )
    {
      ssize_t n = write (fd, data + done, len - done);
      ck_assert_int_gt (n, 0);
      done += (gsize) n;
    }
  close (fd);
  return path;
}

static void
remove_file (char *path)
{
  g_unlink (path);
  g_free (path);
}

/* Loads a document from memory and from a file: both must fail with `code`
 * and the same message (the file's after "PATH: "), which holds each
 * needle given (NULL-terminated). */
static void
G_GNUC_NULL_TERMINATED
load_fails (const char *doc, gsize len, int code, ...)
{
  GError *mem_err = NULL, *file_err = NULL;
  LpBacklog *b = lp_backlog_load_data (doc, len, &mem_err);
  ck_assert_msg (b == NULL, "loaded from memory: %.*s", (int) MIN (len, 200),
                 doc);
  char *path = write_file (doc, len);
  b = lp_backlog_load_file (path, &file_err);
  ck_assert_msg (b == NULL, "loaded from a file: %.*s", (int) MIN (len, 200),
                 doc);
  ck_assert_msg (mem_err->code == code, "expected code %d, got %d (%s)",
                 code, mem_err->code, mem_err->message);
  ck_assert_int_eq (file_err->code, code);
  char *prefix = g_strdup_printf ("%s: ", path);
  ck_assert_msg (g_str_has_prefix (file_err->message, prefix), "%s",
                 file_err->message);
  ck_assert_str_eq (file_err->message + strlen (prefix), mem_err->message);
  va_list args;
  va_start (args, code);
  for (const char *needle; (needle = va_arg (args, const char *)) != NULL; )
    ck_assert_msg (strstr (mem_err->message, needle) != NULL,
                   "\"%s\" lacks \"%s\"", mem_err->message, needle);
  va_end (args);
  g_free (prefix);
  g_clear_error (&mem_err);
  g_clear_error (&file_err);
  remove_file (path);
}

#define LOAD_FAILS(doc, code, ...) \
  load_fails ((doc), strlen (doc), (code), __VA_ARGS__, NULL)

/* Loads a document from memory and from a file: both must succeed and
 * give the same backlog (the same saved document); the one from the
 * file. */
static LpBacklog *
load_ok (const char *doc, gsize len)
{
  GError *err = NULL;
  LpBacklog *mem = lp_backlog_load_data (doc, len, &err);
  ck_assert_msg (mem != NULL, "%s", err ? err->message : "");
  char *path = write_file (doc, len);
  LpBacklog *file = lp_backlog_load_file (path, &err);
  ck_assert_msg (file != NULL, "%s", err ? err->message : "");
  remove_file (path);
  gsize n1, n2;
  char *s1 = lp_backlog_save_data (mem, &n1);
  char *s2 = lp_backlog_save_data (file, &n2);
  ck_assert_msg (n1 == n2 && memcmp (s1, s2, n1) == 0,
                 "memory and file differ");
  g_free (s1);
  g_free (s2);
  lp_backlog_unref (mem);
  return file;
}

#define LOAD_OK(doc) load_ok ((doc), strlen (doc))

#define HEAD "{\"format\": \"libproduct/1\", "

/* A scorecard definition must fail with `code`, its message holding
 * `needle` (when not NULL). */
static void
scorecard_fails (const char *text, gsize len, int code, const char *needle)
{
  GError *err = NULL;
  LpScoreModel *m = lp_score_model_new_scorecard_from_data (text,
                                                            (gssize) len,
                                                            &err);
  ck_assert_msg (m == NULL, "accepted: %.*s", (int) MIN (len, 200), text);
  lp_assert_error (err, code, needle);
}

#define SCORECARD_FAILS(text, code, needle) \
  scorecard_fails ((text), strlen (text), (code), (needle))

/* --- scorecards: nesting ------------------------------------------------ */

/* `depth` '[' after a prefix (and as many ']' and a suffix when given). */
static GString *
deep (const char *prefix, guint depth, const char *suffix)
{
  GString *s = g_string_new (prefix);
  for (guint i = 0; i < depth; i++)
    g_string_append_c (s, '[');
  if (suffix != NULL)
    {
      for (guint i = 0; i < depth; i++)
        g_string_append_c (s, ']');
      g_string_append (s, suffix);
    }
  return s;
}

/* The crash of issue 9: a comment holding a quote made the nesting
 * pre-scan believe the brackets were in a string, and yajl's tree parser
 * then freed 300,000 levels by recursion (SIGSEGV). The nesting is now the
 * parser's: the second '[' is a criterion of the wrong type. */
START_TEST (test_scorecard_deep_behind_comment)
{
  static const char *const prefixes[] = {
    "{\"criteria\": /*\"*/ ",          /* the attack */
    "{\"criteria\": ",                 /* no comment */
    "{\"criteria\": // \"\n",          /* a line comment */
    "{\"x\": \"/*\", \"criteria\": ",  /* a comment opener in a string */
  };
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    for (guint closed = 0; closed < 2; closed++)
      {
        GString *s = deep (prefixes[i], 300000, closed ? "}" : NULL);
        GError *err = NULL;
        LpScoreModel *m = lp_score_model_new_scorecard_from_data (s->str,
                                                                  (gssize) s->len,
                                                                  &err);
        ck_assert_ptr_null (m);
        ck_assert_ptr_nonnull (err);
        /* i == 3: the unknown member comes first */
        lp_assert_error (err, LP_ERROR_FORMAT,
                         i == 3 ? "unknown member \"x\""
                                : "criterion 0 must be an object (got an "
                                  "array)");
        g_string_free (s, TRUE);
      }

  /* from a file, as prioritize --by scorecard:FILE and Python read it */
  GString *s = deep (prefixes[0], 300000, "}");
  char *path = write_file (s->str, s->len);
  GError *err = NULL;
  ck_assert_ptr_null (lp_score_model_new_scorecard_from_file (path, &err));
  ck_assert_ptr_nonnull (err);
  ck_assert_msg (strstr (err->message, path) != NULL, "%s", err->message);
  /* where the second '[' is */
  lp_assert_error (err, LP_ERROR_FORMAT, "line 1, column 21: criterion 0");
  remove_file (path);
  g_string_free (s, TRUE);
}
END_TEST

/* Every place of the format refuses a container it has none of, at the
 * first one, however deep the rest goes. */
START_TEST (test_scorecard_deep_anywhere)
{
  static const struct { const char *prefix; const char *needle; } cases[] = {
    { "{\"mode\": ", "\"mode\" must be a string (got an array)" },
    { "{\"format\": ", "\"format\" must be a string (got an array)" },
    { "{\"criteria\": [{\"name\": ", "criterion 0: \"name\" must be a string" },
    { "{\"criteria\": [{\"weight\": ", "criterion 0: \"weight\" has the wrong type" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1, \"values\": ",
      "criterion 0: a value in \"values\" has the wrong type" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1}, ",
      "criterion 1 must be an object" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GString *s = deep (cases[i].prefix, 100000, NULL);
      scorecard_fails (s->str, s->len, LP_ERROR_FORMAT, cases[i].needle);
      g_string_free (s, TRUE);
    }
}
END_TEST

/* The edge: the format's own 4 levels load, a fifth is refused. Comments
 * (quotes in them too) are still allowed. */
START_TEST (test_scorecard_nesting_edge)
{
  GError *err = NULL;
  const char *four =
    "{/* a \"scorecard\" */ \"criteria\": [ // \"criteria\n"
    "  {\"name\": \"risk\", \"weight\": -1, \"scale\": \"custom\","
    "   \"values\": [1, 3, 9]}]}";
  LpScoreModel *m = lp_score_model_new_scorecard_from_data (four, -1, &err);
  ck_assert_msg (m != NULL, "%s", err ? err->message : "");
  ck_assert_uint_eq (lp_score_model_get_n_criteria (m), 1);
  lp_score_model_unref (m);
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"risk\", \"weight\": -1,"
                   " \"scale\": \"custom\", \"values\": [[1], 3, 9]}]}",
                   LP_ERROR_FORMAT, "column 76: criterion 0: a value in");
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"a\", \"weight\": 1,"
                   " \"values\": {}}]}", LP_ERROR_FORMAT,
                   "\"values\" has the wrong type (expected an array of "
                   "numbers, got an object)");
}
END_TEST

/* --- scorecards: strings, members, numbers ------------------------------ */

/* A NUL character (\u0000) cut names short: refused, naming the field. */
START_TEST (test_scorecard_nul)
{
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"reach\\u0000x\", \"weight\": 1}]}",
                   LP_ERROR_INVALID_VALUE,
                   "criterion 0: \"name\" contains a NUL character");
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"a\", \"weight\": 1,"
                   " \"scale\": \"any\\u0000\"}]}", LP_ERROR_INVALID_VALUE,
                   "criterion 0: \"scale\" contains a NUL character");
  SCORECARD_FAILS ("{\"mode\": \"relative\\u0000\", \"criteria\": []}",
                   LP_ERROR_INVALID_VALUE, "\"mode\" contains a NUL character");
  SCORECARD_FAILS ("{\"format\": \"libproduct-scorecard/1\\u0000\","
                   " \"criteria\": []}", LP_ERROR_INVALID_VALUE,
                   "\"format\" contains a NUL character");
  SCORECARD_FAILS ("{\"criteria\\u0000\": []}", LP_ERROR_INVALID_VALUE,
                   "a member name contains a NUL character");
  SCORECARD_FAILS ("{\"criteria\": [{\"na\\u0000me\": \"a\"}]}",
                   LP_ERROR_INVALID_VALUE,
                   "criterion 0: a member name contains a NUL character");
}
END_TEST

/* A member given twice was last-wins: refused, naming it. */
START_TEST (test_scorecard_repeated_members)
{
  SCORECARD_FAILS ("{\"criteria\": [], \"criteria\": [{\"name\": \"a\","
                   " \"weight\": 1}]}", LP_ERROR_FORMAT,
                   "duplicate member \"criteria\"");
  SCORECARD_FAILS ("{\"mode\": \"relative\", \"mode\": \"absolute\","
                   " \"criteria\": []}", LP_ERROR_FORMAT,
                   "duplicate member \"mode\"");
  static const char *const members[] = { "name", "weight", "scale", "values" };
  static const char *const values[] = { "\"a\"", "1", "\"custom\"", "[1]" };
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      char *text = g_strdup_printf ("{\"criteria\": [{\"name\": \"a\", "
                                    "\"weight\": 1, \"scale\": \"custom\", "
                                    "\"values\": [2], \"%s\": %s}]}",
                                    members[i], values[i]);
      char *needle = g_strdup_printf ("criterion 0: duplicate member \"%s\"",
                                      members[i]);
      SCORECARD_FAILS (text, LP_ERROR_FORMAT, needle);
      g_free (needle);
      g_free (text);
    }
}
END_TEST

/* "0x10" is a syntax error, not the number 0 (yajl hands the 0 over
 * before it reads the x); a lone surrogate escape is refused; a byte
 * order mark is skipped. */
START_TEST (test_scorecard_text)
{
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"a\",\n \"weight\": 0x10}]}",
                   LP_ERROR_PARSE, "line 2, column 13: invalid JSON");
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"a\", \"weight\": 01}]}",
                   LP_ERROR_PARSE, "invalid JSON");
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"a\", \"weight\": 1e999}]}",
                   LP_ERROR_INVALID_VALUE, "\"weight\" must be a finite number");
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"a\\ud800\", \"weight\": 1}]}",
                   LP_ERROR_PARSE, "\"\\ud800\" is half of a UTF-16 surrogate");
  SCORECARD_FAILS ("{\"criteria\": [{\"name\": \"\\udc00\", \"weight\": 1}]}",
                   LP_ERROR_PARSE, "\"\\udc00\" is half");

  GError *err = NULL;
  const char *texts[] = {
    "\xef\xbb\xbf{\"criteria\": [{\"name\": \"\\ud83d\\ude00?\", \"weight\": 1}]}",
    "\xef\xbb\xbfreach = 2\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      LpScoreModel *m = lp_score_model_new_scorecard_from_data (texts[i], -1,
                                                                &err);
      ck_assert_msg (m != NULL, "%s", err ? err->message : "");
      lp_score_model_unref (m);
    }
  /* a byte order mark takes no column */
  SCORECARD_FAILS ("\xef\xbb\xbf{\"mode\": 1}", LP_ERROR_FORMAT,
                   "line 1, column 10: \"mode\" must be a string");
  /* only at the start */
  SCORECARD_FAILS ("\xef\xbb\xbf\xef\xbb\xbf{}", LP_ERROR_PARSE, "line 1");
}
END_TEST

/* Every error of a JSON definition says where, and what it got. */
START_TEST (test_scorecard_errors_have_a_place)
{
  static const struct { const char *text; int code; const char *needle; } cases[] = {
    { "{\"mode\": null, \"criteria\": []}", LP_ERROR_FORMAT,
      "line 1, column 13: \"mode\" must be a string (got null)" },
    { "{\"criteria\": [{\"name\": \"a\",\n \"weight\": true}]}",
      LP_ERROR_FORMAT, "line 2, column 15: criterion 0: \"weight\" has the "
      "wrong type (expected a number, got a boolean)" },
    { "{\"criteria\": true}", LP_ERROR_FORMAT,
      "\"criteria\" must be an array of objects (got a boolean)" },
    { "{\"mode\": \"relative\"}", LP_ERROR_FORMAT,
      "line 1, column 20: \"criteria\" must be an array of objects (it is "
      "missing)" },
    { "{\"criteria\": [],\n \"mode\": \"sideways\"}", LP_ERROR_INVALID_VALUE,
      "line 2, column 19: unknown scorecard mode \"sideways\"" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1, \"values\": [2]}]}",
      LP_ERROR_INVALID_VALUE, "line 1, column 15: scorecard has no criterion "
      "\"a\" with a custom scale" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1, \"scale\": \"cubes\"}]}",
      LP_ERROR_INVALID_VALUE, "line 1, column 15: " },
    /* an error about a number waits for the next token, which stops */
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1, \"scale\": "
      "\"custom\", \"values\": [1e999, 2]}]}", LP_ERROR_INVALID_VALUE,
      "criterion 0: a value in \"values\" must be a finite number (got 1e999)" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1, \"colour\": 1}]}",
      LP_ERROR_FORMAT, "line 1, column 49: criterion 0: unknown member "
      "\"colour\"" },
    { "{\"criteria\": [{\"name\": \"a\", \"weight\": 1}]} []",
      LP_ERROR_PARSE, "line 1, column 44: invalid JSON: parse error: trailing "
      "garbage" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    SCORECARD_FAILS (cases[i].text, cases[i].code, cases[i].needle);
}
END_TEST

/* --- backlogs: streaming ------------------------------------------------ */

/* The size of the long strings below. A file is read 256 KiB at a time; a
 * string that spans n chunks was scanned again from its start with each
 * (yajl's lexer keeps the token and lexes it anew; the fast path gave up on
 * a top-level member that spanned a read and left it to that): O(n^2),
 * 44 s at 200 MB. At 64 MiB the two loads of test_long_string_streamed
 * took 7.0 and 8.7 s, four times Check's 4 s; now 0.16 and 0.6 s (and
 * about 12 s under valgrind: smaller would not be decisive). */
#define LONG_STRING (64u << 20)

/* A document with a string of LONG_STRING bytes in a member the format
 * does not know; `lead` comes before the first member. */
static GString *
long_string_document (const char *lead)
{
  GString *doc = g_string_sized_new (LONG_STRING + 128);
  g_string_append (doc, "{");
  g_string_append (doc, lead);
  g_string_append (doc, "\"format\": \"libproduct/1\", \"x\": \"");
  gsize at = doc->len;
  g_string_set_size (doc, at + LONG_STRING);
  memset (doc->str + at, 'x', LONG_STRING);
  g_string_append (doc, "\", \"items\": [{\"id\": \"A\"}]}");
  return doc;
}

static void
load_file_ok (const GString *doc, guint n_items)
{
  char *path = write_file (doc->str, doc->len);
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_file (path, &err);
  ck_assert_msg (b != NULL, "%s", err ? err->message : "");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), n_items);
  lp_backlog_unref (b);
  remove_file (path);
}

START_TEST (test_long_string_streamed)
{
  /* the fast path reads it */
  GString *doc = long_string_document ("");
  load_file_ok (doc, 1);
  g_string_free (doc, TRUE);
  /* a form feed is whitespace to yajl, not to the fast path, which gives
   * up at once: the full loader reads it */
  doc = long_string_document ("\f");
  load_file_ok (doc, 1);
  g_string_free (doc, TRUE);
}
END_TEST

/* Tokens across the boundaries of the chunks a file is read in: escapes,
 * escaped backslashes before a quote, surrogate pairs, a lone surrogate,
 * numbers, literals, each at every offset around the first boundary; from
 * a file as from memory, by the fast path and by the full loader (after
 * a form feed, which the fast path gives up on), on one line (the full
 * loader finds where strings are) and after a newline (it cuts there). */
START_TEST (test_tokens_across_chunks)
{
  static const char *const tokens[] = {
    "\"a\\\"b\\\\\"",                  /* an escaped quote, a backslash */
    "\"\\\\\\\\\\\\\\\\\"",            /* four backslashes, then the quote */
    "\"\\ud83d\\ude00\\u00e9\"",       /* a pair, then a 2-byte escape */
    "\"\\ud800x\"",                    /* a lone high surrogate */
    "12345.678e-3",
    "true",
    "null",
    "[1, \"]\", {\"k\": \"}\"}]",
  };
  const gsize chunk = 256 * 1024;
  for (guint t = 0; t < G_N_ELEMENTS (tokens); t++)
    for (guint mode = 0; mode < 3; mode++)
      for (gsize shift = 0; shift <= strlen (tokens[t]); shift++)
        {
          /* mode 0: the fast path; 1: the full loader, on one line; 2: the
           * full loader, a newline before the token */
          const char *sep = mode == 2 ? "\",\n\"x\": " : "\", \"x\": ";
          GString *doc = g_string_new ("{");
          if (mode > 0)
            g_string_append_c (doc, '\f');
          g_string_append (doc, "\"format\": \"libproduct/1\", \"pad\": \"");
          /* the token starts `shift` bytes before the boundary */
          gsize pad = chunk - shift - doc->len - strlen (sep);
          gsize at = doc->len;
          g_string_set_size (doc, at + pad);
          memset (doc->str + at, '.', pad);
          g_string_append (doc, sep);
          g_string_append (doc, tokens[t]);
          g_string_append (doc, ", \"items\": [{\"id\": \"A\", \"title\": ");
          g_string_append (doc, tokens[t][0] == '"' ? tokens[t] : "\"t\"");
          g_string_append (doc, "}]}");
          if (strstr (tokens[t], "ud800x") != NULL)
            load_fails (doc->str, doc->len, LP_ERROR_PARSE, "\\ud800",
                        "is half of a UTF-16 surrogate pair", NULL);
          else
            lp_backlog_unref (load_ok (doc->str, doc->len));
          g_string_free (doc, TRUE);
        }
}
END_TEST

/* A number longer than a chunk grows the buffer of the full loader: it
 * goes to yajl whole. */
START_TEST (test_long_number_streamed)
{
  GString *doc = g_string_new ("{\f\"format\": \"libproduct/1\", \"items\": "
                               "[{\"id\": \"A\", \"value\": 2.");
  gsize at = doc->len, n = 600 * 1024;
  g_string_set_size (doc, at + n);
  memset (doc->str + at, '5', n);
  g_string_append (doc, "}]}");
  LpBacklog *b = load_ok (doc->str, doc->len);
  ck_assert (lp_item_get_value (lp_backlog_get_item_at (b, 0)) == 2.5555555555555554);
  lp_backlog_unref (b);
  g_string_free (doc, TRUE);
}
END_TEST

/* Nothing recurses on the nesting of a backlog (yajl keeps its nesting on
 * the heap, skipped members are counted, the fast path hands deep values
 * to the full loader): 300,000 levels in an unknown member load, from a
 * file too, and take no limit. A string that looks like a comment changes
 * nothing (there is no pre-scan to fool). */
START_TEST (test_backlog_deep_nesting)
{
  GString *s = deep (HEAD "\"x\": \"/*\\\"*/\", \"deep\": ", 300000,
                     ", \"items\": [{\"id\": \"A\"}]}");
  lp_backlog_unref (load_ok (s->str, s->len));
  g_string_free (s, TRUE);
}
END_TEST

/* --- backlogs: text ------------------------------------------------------ */

/* yajl decodes "\ud800" alone as '?' (swallowing what follows), "\ud800"
 * before an escape that is no low surrogate as some character beyond
 * U+FFFF, and "\udc00" alone as invalid UTF-8: refused, wherever the
 * string is. */
START_TEST (test_lone_surrogates)
{
  static const char *const escapes[] = {
    "\\ud800", "A\\ud800", "\\ud800A", "\\uD800\\u0041", "\\udbff\\udbff",
    "\\udc00", "x\\uDFFF", "\\ud83d\\ude00\\ud800",
  };
  static const struct { const char *before, *after; } places[] = {
    { "\"items\": [{\"id\": \"", "\"}]}" },
    { "\"items\": [{\"id\": \"A\", \"title\": \"", "\"}]}" },
    { "\"items\": [{\"id\": \"A\", \"labels\": [\"", "\"]}]}" },
    { "\"items\": [{\"id\": \"A\", \"attributes\": {\"", "\": 1}}]}" },
    { "\"items\": [{\"id\": \"A\", \"future\": {\"", "\": []}}]}" },
    { "\"product\": {\"name\": \"", "\"}, \"items\": []}" },
  };
  for (guint e = 0; e < G_N_ELEMENTS (escapes); e++)
    for (guint p = 0; p < G_N_ELEMENTS (places); p++)
      {
        char *doc = g_strconcat (HEAD, places[p].before, escapes[e],
                                 places[p].after, NULL);
        LOAD_FAILS (doc, LP_ERROR_PARSE, "invalid JSON: \"\\u",
                    "is half of a UTF-16 surrogate pair", "(line 1, column");
        g_free (doc);
      }
  /* the item is named once its id is known */
  LOAD_FAILS (HEAD "\"items\": [{\"id\": \"A\", \"title\": \"\\ud800\"}]}",
              LP_ERROR_PARSE, "item \"A\": invalid JSON: \"\\ud800\" is half",
              "(line 1, column 60, byte 59)");

  /* (strings that only look suspect are read back to their start over
   * escaped quotes and backslashes, then checked escape by escape) */
  static const char *const mixed[] = {
    "\\\"?\\ud800\\\"", "\\\\\\ud800", "?\\n\\u00e9\\ud800\\ue000",
    "?\\ud800\\udbff", "?\\udbff\\n\\u0041", "?\\udbff",
  };
  for (guint i = 0; i < G_N_ELEMENTS (mixed); i++)
    {
      char *doc = g_strconcat (HEAD "\"items\": [{\"id\": \"A\", \"title\": \"",
                               mixed[i], "\"}]}", NULL);
      LOAD_FAILS (doc, LP_ERROR_PARSE, "is half of a UTF-16 surrogate pair");
      g_free (doc);
    }

  /* pairs, an escaped backslash before "u", other escapes, an escaped
   * quote and a plain '?' are text */
  LpBacklog *b = LOAD_OK (HEAD "\"items\": [{\"id\": \"A?\", \"title\": "
                          "\"\\ud83d\\ude00 \\\\ud800 \\uDBFF\\uDFFF?\\n\\\"\\u00e9"
                          "\\\\\"}]}");
  ck_assert_str_eq (lp_item_get_title (lp_backlog_get_item (b, "A?")),
                    "\xf0\x9f\x98\x80 \\ud800 \xf4\x8f\xbf\xbf?\n\"\xc3\xa9\\");
  lp_backlog_unref (b);
}
END_TEST

/* "effort": 0x10 or 01 reported "effort must be > 0": yajl hands the 0
 * over before it reads on. The syntax error wins. */
START_TEST (test_numbers_glued_to_garbage)
{
  static const char *const numbers[] = {
    "0x10", "01", "00", "-0x1", "0b1", "1.5.3", "0e", "1e5e5", "-",
    "0xff", "1_000", "NaN",
  };
  static const struct { const char *before, *after; } places[] = {
    { "{\"id\": \"A\", \"effort\": ", "}" },
    { "{\"id\": \"A\", \"value\": ", "}" },
    { "{\"effort\": ", ", \"id\": \"A\"}" },
    { "{\"id\": \"A\", \"attributes\": {\"reach\": ", "}}" },
    { "{\"id\": \"A\", \"future\": [", "]}" },
  };
  for (guint n = 0; n < G_N_ELEMENTS (numbers); n++)
    for (guint p = 0; p < G_N_ELEMENTS (places); p++)
      {
        char *doc = g_strconcat (HEAD "\"items\": [\n", places[p].before,
                                 numbers[n], places[p].after, "]}", NULL);
        LOAD_FAILS (doc, LP_ERROR_PARSE, "invalid JSON", "(line 2, column");
        g_free (doc);
      }
  /* what is a number is still checked */
  LOAD_FAILS (HEAD "\"items\": [{\"id\": \"A\", \"effort\": 0}]}",
              LP_ERROR_INVALID_VALUE, "item \"A\": effort must be > 0 (got 0)");
  LOAD_FAILS (HEAD "\"items\": [{\"id\": \"A\", \"effort\": -0.0}]}",
              LP_ERROR_INVALID_VALUE, "effort must be > 0 (got -0.0)");
}
END_TEST

/* A member given twice was last-wins (or, for "items", concatenated):
 * refused anywhere in the object model, naming the member and the item. */
START_TEST (test_repeated_members)
{
  LOAD_FAILS (HEAD "\"items\": [{\"id\": \"A\"}], \"items\": [{\"id\": \"B\"}]}",
              LP_ERROR_FORMAT, "duplicate member \"items\"");
  LOAD_FAILS (HEAD "\"format\": \"libproduct/1\", \"items\": []}",
              LP_ERROR_FORMAT, "duplicate member \"format\"");
  LOAD_FAILS (HEAD "\"product\": null, \"product\": {\"name\": \"x\"}, "
              "\"items\": []}", LP_ERROR_FORMAT,
              "duplicate member \"product\"");
  LOAD_FAILS (HEAD "\"product\": {\"name\": \"a\", \"name\": \"b\"}, "
              "\"items\": []}", LP_ERROR_FORMAT,
              "product: duplicate member \"name\"");
  LOAD_FAILS (HEAD "\"product\": {\"vision\": null, \"vision\": \"b\"}, "
              "\"items\": []}", LP_ERROR_FORMAT,
              "product: duplicate member \"vision\"");
  /* the first error is the one reported, whatever the format is */
  LOAD_FAILS ("{\"items\": [], \"items\": [], \"format\": \"libproduct/1\"}",
              LP_ERROR_FORMAT, "duplicate member \"items\"");

  static const struct { const char *member, *value; } members[] = {
    { "id", "\"A\"" }, { "title", "\"t\"" }, { "kind", "\"bug\"" },
    { "status", "\"done\"" }, { "value", "1" }, { "effort", "2" },
    { "parent", "null" }, { "description", "\"d\"" },
    { "depends_on", "[]" }, { "attributes", "{\"x\": 1}" },
    { "labels", "[\"l\"]" }, { "moscow", "\"must\"" },
    { "kano_answers", "[[\"like\", \"dislike\"]]" },
  };
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    for (guint where = 0; where < 2; where++)
      {
        /* the repeat before or after the id: the item is named either way */
        char *doc = where == 0
          ? g_strdup_printf (HEAD "\"items\": [{\"id\": \"A\", \"%s\": %s, "
                             "\"%s\": %s}]}", members[i].member,
                             members[i].value, members[i].member,
                             members[i].value)
          : g_strdup_printf (HEAD "\"items\": [{\"%s\": %s, \"%s\": %s, "
                             "\"id\": \"A\"}]}", members[i].member,
                             members[i].value, members[i].member,
                             members[i].value);
        char *needle = g_strdup_printf ("duplicate member \"%s\"",
                                        members[i].member);
        LOAD_FAILS (doc, LP_ERROR_FORMAT, "item \"A\": ", needle);
        g_free (needle);
        g_free (doc);
      }
  /* attribute names within an item */
  LOAD_FAILS (HEAD "\"items\": [{\"id\": \"A\", \"attributes\": "
              "{\"reach\": 1, \"x\": 3, \"reach\": 2}}]}", LP_ERROR_FORMAT,
              "item \"A\": duplicate attribute \"reach\"");
  LOAD_FAILS (HEAD "\"items\": [{\"attributes\": {\"reach\": 1, \"reach\": {}}, "
              "\"id\": \"A\"}]}", LP_ERROR_FORMAT,
              "item \"A\": duplicate attribute \"reach\"");
  /* the same name in two items, unknown members twice: fine */
  LpBacklog *b = LOAD_OK (HEAD "\"x\": 1, \"x\": 2, \"items\": ["
                          "{\"id\": \"A\", \"attributes\": {\"reach\": 1, \"y\": 2}},"
                          "{\"id\": \"B\", \"attributes\": {\"reach\": 3},"
                          " \"z\": [], \"z\": {}}]}");
  double v;
  ck_assert (lp_item_get_attribute (lp_backlog_get_item (b, "B"), "reach", &v)
             && v == 3);
  lp_backlog_unref (b);
}
END_TEST

/* A UTF-8 byte order mark was accepted by prioritize but refused by the
 * library: skipped at the start, counted in byte offsets, not in
 * columns; anywhere else it is what it is. */
START_TEST (test_byte_order_mark)
{
  LpBacklog *b = LOAD_OK ("\xef\xbb\xbf" HEAD "\"items\": [{\"id\": \"A\"}]}");
  ck_assert_uint_eq (lp_backlog_get_n_items (b), 1);
  lp_backlog_unref (b);
  b = LOAD_OK ("\xef\xbb\xbf \n\t" HEAD "\"items\": []}");
  lp_backlog_unref (b);
  LOAD_FAILS ("\xef\xbb\xbf" HEAD "\"items\": [{\"id\": \"A\", \"effort\": 0}]}",
              LP_ERROR_INVALID_VALUE, "(line 1, column 61, byte 63)");
  LOAD_FAILS ("\xef\xbb\xbf", LP_ERROR_PARSE, "premature EOF");
  LOAD_FAILS ("\xef\xbb", LP_ERROR_PARSE, "invalid JSON");
  LOAD_FAILS ("\xef\xbb\xbf\xef\xbb\xbf{}", LP_ERROR_PARSE, "invalid JSON");
  LOAD_FAILS (" \xef\xbb\xbf{}", LP_ERROR_PARSE, "invalid JSON");
}
END_TEST

Suite *
lp_test_hostile_json_suite (void)
{
  Suite *s = suite_create ("hostile-json");
  TCase *tc = tcase_create ("hostile-json");
  tcase_add_test (tc, test_scorecard_deep_behind_comment);
  tcase_add_test (tc, test_scorecard_deep_anywhere);
  tcase_add_test (tc, test_scorecard_nesting_edge);
  tcase_add_test (tc, test_scorecard_nul);
  tcase_add_test (tc, test_scorecard_repeated_members);
  tcase_add_test (tc, test_scorecard_text);
  tcase_add_test (tc, test_scorecard_errors_have_a_place);
  tcase_add_test (tc, test_long_string_streamed);
  tcase_add_test (tc, test_tokens_across_chunks);
  tcase_add_test (tc, test_long_number_streamed);
  tcase_add_test (tc, test_backlog_deep_nesting);
  tcase_add_test (tc, test_lone_surrogates);
  tcase_add_test (tc, test_numbers_glued_to_garbage);
  tcase_add_test (tc, test_repeated_members);
  tcase_add_test (tc, test_byte_order_mark);
  suite_add_tcase (s, tc);
  return s;
}
