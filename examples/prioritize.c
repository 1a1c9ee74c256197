/* prioritize: order a product backlog from the command line.
 *
 *   prioritize rank FILE [--json|--csv] [--lenient] [--by MODEL]
 *   prioritize next FILE [-n N] [--json|--csv] [--by MODEL]
 *   prioritize check FILE [--strict] [--strict-label LABEL]...
 *   prioritize convert IN OUT [--from csv|json]
 *
 * FILE is a libproduct/1 JSON document or a Jira-style CSV export; "-" is
 * standard input (and, for OUT, standard output).
 *
 * Exit status: 0 success; 1 the data has a problem (it does not load, it has
 * a dependency cycle, the check failed) or reading/writing failed; 2 usage
 * error. Errors go to standard error, prefixed "prioritize: ".
 *
 * The same input always gives the same bytes out: numbers are formatted in
 * the C locale, and the library's order is deterministic.
 */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libproduct/libproduct.h>

#define PROGRAM "prioritize"

enum {
  EXIT_OK = 0,
  EXIT_DATA = 1,
  EXIT_USAGE = 2
};

/* Widest title shown in a table, in terminal columns. */
#define TITLE_COLUMNS 60

typedef enum {
  INPUT_AUTO,
  INPUT_JSON,
  INPUT_CSV
} InputFormat;

typedef enum {
  OUTPUT_TABLE,
  OUTPUT_JSON,
  OUTPUT_CSV
} OutputFormat;

/* Every option of every subcommand; each subcommand uses a few. */
typedef struct {
  char *from;           /* --from */
  char *by;             /* --by */
  gboolean json;        /* --json */
  gboolean csv;         /* --csv */
  gboolean lenient;     /* --lenient */
  gint n;               /* -n */
  gboolean strict;      /* --strict */
  char **strict_labels; /* --strict-label, repeatable */
  char **args;          /* the positional arguments */
} Options;

typedef struct _Command Command;
struct _Command {
  const char *name;
  const char *params;      /* positional arguments, for the usage line */
  const char *summary;     /* one line, for the program's help */
  const char *description; /* shown after the options in --help */
  guint n_args;            /* how many positional arguments it takes */
  int (*run) (const Command *command, Options *options);
  void (*add_options) (GOptionContext *context, Options *options);
};

/* ---------------------------------------------------------------- errors */

static void G_GNUC_PRINTF (1, 2)
print_error (const char *format, ...)
{
  va_list ap;
  fputs (PROGRAM ": ", stderr);
  va_start (ap, format);
  vfprintf (stderr, format, ap);
  va_end (ap);
  fputc ('\n', stderr);
}

/* A usage error: the message, then where to find help. Returns EXIT_USAGE. */
static int G_GNUC_PRINTF (2, 3)
usage_error (const Command *command, const char *format, ...)
{
  va_list ap;
  fputs (PROGRAM ": ", stderr);
  va_start (ap, format);
  vfprintf (stderr, format, ap);
  va_end (ap);
  fputc ('\n', stderr);
  if (command != NULL)
    fprintf (stderr, "Try '" PROGRAM " %s --help' for more information.\n",
             command->name);
  else
    fputs ("Try '" PROGRAM " --help' for more information.\n", stderr);
  return EXIT_USAGE;
}

/* How a file is named in messages. */
static const char *
display_name (const char *path)
{
  return strcmp (path, "-") == 0 ? "<stdin>" : path;
}

/* ---------------------------------------------------------------- output */

/* Everything goes through stdout with a large buffer; main() checks for
 * write errors once at the end. */
static void
out_string (const GString *s)
{
  fwrite (s->str, 1, s->len, stdout);
}

static void
out_cstr (const char *s)
{
  fputs (s, stdout);
}

/* Numbers are formatted with the C library in the "C" numeric locale (main()
 * makes sure of it), so output never depends on the user's locale. */

/* Shortest text that reads back as the same double: for JSON and CSV. */
static void
format_exact (char *buf, gsize size, double v)
{
  for (int precision = 15; precision <= 17; precision++)
    {
      snprintf (buf, size, "%.*g", precision, v);
      if (strtod (buf, NULL) == v)
        return;
    }
}

/* Readable text for a value or an effort: "8", "0.5", "2.33". */
static void
format_quantity (char *buf, gsize size, double v)
{
  if (isnan (v))
    {
      g_strlcpy (buf, "-", size);
      return;
    }
  if (fabs (v) < 1e15 && v == floor (v))
    {
      snprintf (buf, size, "%.0f", v);
      return;
    }
  if (fabs (v) >= 1e15)
    {
      snprintf (buf, size, "%.6g", v);
      return;
    }
  snprintf (buf, size, "%.2f", v);
  /* drop trailing zeros: 0.50 -> 0.5 */
  char *end = buf + strlen (buf) - 1;
  while (end > buf && *end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
}

/* Readable text for a score: two decimals, more significant digits for tiny
 * ones so that different scores do not all print as 0.00. */
static void
format_score (char *buf, gsize size, double v)
{
  if (isnan (v))
    g_strlcpy (buf, "-", size);
  else if (v == 0 || fabs (v) >= 0.01)
    snprintf (buf, size, "%.2f", v);
  else
    snprintf (buf, size, "%.3g", v);
}

static void
append_json_string (GString *out, const char *s)
{
  const char *run = s;
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;
      const char *escape = NULL;
      char ubuf[8];
      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default:
          if (c < 0x20)
            {
              snprintf (ubuf, sizeof ubuf, "\\u%04x", c);
              escape = ubuf;
            }
          break;
        }
      if (escape != NULL)
        {
          g_string_append_len (out, run, p - run);
          g_string_append (out, escape);
          run = p + 1;
        }
    }
  g_string_append (out, run);
  g_string_append_c (out, '"');
}

static void
append_json_number (GString *out, double v)
{
  char buf[64];
  if (!isfinite (v))
    {
      g_string_append (out, "null");
      return;
    }
  format_exact (buf, sizeof buf, v);
  g_string_append (out, buf);
}

/* RFC 4180 field: quoted when it holds a comma, a quote or a line break. */
static void
append_csv_field (GString *out, const char *s)
{
  if (strpbrk (s, ",\"\r\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

static void
append_csv_number (GString *out, double v)
{
  char buf[64];
  if (!isfinite (v))
    return; /* empty field */
  format_exact (buf, sizeof buf, v);
  g_string_append (out, buf);
}

/* Terminal columns taken by a UTF-8 string (wide characters count two). */
static gsize
display_width (const char *s)
{
  gsize width = 0;
  const char *p = s;
  /* ids are nearly always ASCII */
  while (*p != '\0' && (unsigned char) *p < 0x80)
    p++, width++;
  for (; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
append_padding (GString *out, gsize n)
{
  for (gsize i = 0; i < n; i++)
    g_string_append_c (out, ' ');
}

static void
append_left (GString *out, const char *s, gsize width)
{
  gsize w = display_width (s);
  g_string_append (out, s);
  if (w < width)
    append_padding (out, width - w);
}

static void
append_right (GString *out, const char *s, gsize width)
{
  gsize w = strlen (s); /* numbers: ASCII */
  if (w < width)
    append_padding (out, width - w);
  g_string_append (out, s);
}

/* Appends at most max_columns columns of a title, control characters (line
 * breaks, tabs) shown as spaces; a cut title ends with an ellipsis. Titles
 * are valid UTF-8 (the library checks), so the cut never splits a
 * character. */
static void
append_title (GString *out, const char *title, gsize max_columns)
{
  /* fast path: printable ASCII that fits */
  gsize n = 0;
  while ((unsigned char) title[n] >= 0x20 && (unsigned char) title[n] < 0x7f)
    n++;
  if (title[n] == '\0' && n <= max_columns)
    {
      g_string_append_len (out, title, n);
      return;
    }

  gsize columns = 0;
  gsize total = display_width (title);
  gsize limit = total <= max_columns ? max_columns : max_columns - 1;
  for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint w = g_unichar_iszerowidth (c) ? 0 : g_unichar_iswide (c) ? 2 : 1;
      if (columns + w > limit)
        {
          g_string_append (out, "\xe2\x80\xa6"); /* U+2026 … */
          return;
        }
      columns += w;
      if (c < 0x20 || c == 0x7f)
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
}

/* Removes the spaces a line would end with (empty last column). */
static void
end_line (GString *line)
{
  while (line->len > 0 && line->str[line->len - 1] == ' ')
    g_string_truncate (line, line->len - 1);
  g_string_append_c (line, '\n');
}

/* ---------------------------------------------------------------- input */

/* Reads a whole stream into memory. */
static char *
read_stream (FILE *stream, gsize *length, int *saved_errno)
{
  struct stat st;
  gsize capacity = 65536;
  gsize len = 0;

  if (fstat (fileno (stream), &st) == 0 && S_ISREG (st.st_mode)
      && st.st_size > 0)
    capacity = (gsize) st.st_size + 1;

  char *data = g_malloc (capacity);
  for (;;)
    {
      if (len == capacity)
        {
          capacity *= 2;
          data = g_realloc (data, capacity);
        }
      size_t got = fread (data + len, 1, capacity - len, stream);
      len += got;
      if (got == 0)
        break;
    }
  if (ferror (stream))
    {
      *saved_errno = errno;
      g_free (data);
      return NULL;
    }
  *length = len;
  return data;
}

static gboolean
has_suffix_nocase (const char *s, const char *suffix)
{
  gsize n = strlen (s), m = strlen (suffix);
  return n >= m && g_ascii_strcasecmp (s + n - m, suffix) == 0;
}

static gboolean
parse_input_format (const Command *command, const char *name,
                    InputFormat *format, int *status)
{
  if (name == NULL)
    *format = INPUT_AUTO;
  else if (g_ascii_strcasecmp (name, "json") == 0)
    *format = INPUT_JSON;
  else if (g_ascii_strcasecmp (name, "csv") == 0)
    *format = INPUT_CSV;
  else
    {
      *status = usage_error (command,
                             "unknown input format '%s' (use json or csv)",
                             name);
      return FALSE;
    }
  return TRUE;
}

/* Loads FILE ("-": stdin). The format comes from --from, else from the
 * extension (.csv, .json), else from the content: a document starting with
 * '{' is JSON, anything else CSV. On failure prints the error and returns
 * NULL. */
static LpBacklog *
load_backlog (const char *path, InputFormat format)
{
  gboolean is_stdin = strcmp (path, "-") == 0;
  FILE *stream = is_stdin ? stdin : fopen (path, "rb");
  gsize length = 0;
  int saved_errno = 0;
  GError *error = NULL;

  if (stream == NULL)
    {
      print_error ("%s: %s", path, g_strerror (errno));
      return NULL;
    }
  char *data = read_stream (stream, &length, &saved_errno);
  if (!is_stdin)
    fclose (stream);
  if (data == NULL)
    {
      print_error ("%s: read error: %s", display_name (path),
                   g_strerror (saved_errno));
      return NULL;
    }

  /* spreadsheet programs write a UTF-8 byte order mark */
  const char *text = data;
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    text += 3, length -= 3;

  gsize start = 0;
  while (start < length && g_ascii_isspace (text[start]))
    start++;
  if (start == length)
    {
      print_error ("%s: empty input", display_name (path));
      g_free (data);
      return NULL;
    }

  if (format == INPUT_AUTO)
    {
      if (!is_stdin && has_suffix_nocase (path, ".csv"))
        format = INPUT_CSV;
      else if (!is_stdin && has_suffix_nocase (path, ".json"))
        format = INPUT_JSON;
      else
        format = text[start] == '{' ? INPUT_JSON : INPUT_CSV;
    }

  LpBacklog *backlog = format == INPUT_CSV
                           ? lp_backlog_import_csv_data (text, length, &error)
                           : lp_backlog_load_data (text, length, &error);
  g_free (data);
  if (backlog == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      g_error_free (error);
    }
  return backlog;
}

static gboolean
parse_model (const Command *command, const char *name, LpScoreModel **model,
             int *status)
{
  GError *error = NULL;
  *model = NULL;
  if (name == NULL)
    return TRUE;
  *model = lp_score_model_new_by_name (name, &error);
  if (*model == NULL)
    {
      *status = usage_error (command, "--by: %s", error->message);
      g_error_free (error);
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_output_format (const Command *command, const Options *options,
                     OutputFormat *format, int *status)
{
  if (options->json && options->csv)
    {
      *status = usage_error (command, "--json and --csv exclude each other");
      return FALSE;
    }
  *format = options->json ? OUTPUT_JSON
            : options->csv ? OUTPUT_CSV
                           : OUTPUT_TABLE;
  return TRUE;
}

/* ---------------------------------------------------------------- ranking */

/* For each ranked item, its prerequisite placed last, if any: the item it
 * waited for. It answers "why is A above B when B scores higher?": B came
 * after its AFTER item. Returns NULL when no item has a prerequisite. */
static const LpItem **
find_waited_for (const LpRanking *ranking)
{
  LpBacklog *backlog = lp_ranking_get_backlog (ranking);
  guint n = lp_ranking_get_n_items (ranking);
  guint n_items = lp_backlog_get_n_items (backlog);
  const LpItem **after = NULL;

  if (lp_backlog_get_n_dependencies (backlog) == 0)
    return NULL;

  /* rank + 1 by manual position; 0 for unranked items */
  g_autofree guint *rank_of = g_new0 (guint, MAX (n_items, 1));
  for (guint i = 0; i < n; i++)
    rank_of[lp_item_get_position (lp_ranking_get_item (ranking, i))] = i + 1;

  after = g_new0 (const LpItem *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GPtrArray) prerequisites =
          lp_backlog_dup_prerequisites (backlog, lp_ranking_get_item (ranking, i));
      guint best = 0;
      for (guint p = 0; p < prerequisites->len; p++)
        {
          const LpItem *pre = g_ptr_array_index (prerequisites, p);
          guint r = rank_of[lp_item_get_position (pre)];
          if (r > best)
            {
              best = r;
              after[i] = pre;
            }
        }
    }
  return after;
}

/* The order as an aligned table. with_after adds the AFTER column (the
 * prerequisite each item waited for, "-" when none). */
static void
print_ranking_table (const LpRanking *ranking, gboolean with_after)
{
  guint n = lp_ranking_get_n_items (ranking);
  char score[64], value[64], effort[64], rank[16];
  gsize w_rank = strlen ("RANK"), w_id = strlen ("ID");
  gsize w_score = strlen ("SCORE"), w_value = strlen ("VALUE");
  gsize w_effort = strlen ("EFFORT"), w_after = strlen ("AFTER");
  g_autofree const LpItem **after =
      with_after ? find_waited_for (ranking) : NULL;

  /* first pass: column widths */
  w_rank = MAX (w_rank, (gsize) snprintf (rank, sizeof rank, "%u", n));
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_item (ranking, i);
      w_id = MAX (w_id, display_width (lp_item_get_id (item)));
      format_score (score, sizeof score, lp_ranking_get_score (ranking, i));
      format_quantity (value, sizeof value, lp_item_get_value (item));
      format_quantity (effort, sizeof effort, lp_item_get_effort (item));
      w_score = MAX (w_score, strlen (score));
      w_value = MAX (w_value, strlen (value));
      w_effort = MAX (w_effort, strlen (effort));
      if (after != NULL && after[i] != NULL)
        w_after = MAX (w_after, display_width (lp_item_get_id (after[i])));
    }

  g_autoptr (GString) line = g_string_sized_new (256);
  append_right (line, "RANK", w_rank);
  g_string_append (line, "  ");
  append_left (line, "ID", w_id);
  g_string_append (line, "  ");
  append_right (line, "SCORE", w_score);
  g_string_append (line, "  ");
  append_right (line, "VALUE", w_value);
  g_string_append (line, "  ");
  append_right (line, "EFFORT", w_effort);
  g_string_append (line, "  ");
  if (with_after)
    {
      append_left (line, "AFTER", w_after);
      g_string_append (line, "  ");
    }
  g_string_append (line, "TITLE");
  end_line (line);
  out_string (line);

  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_item (ranking, i);
      g_string_truncate (line, 0);
      snprintf (rank, sizeof rank, "%u", i + 1);
      format_score (score, sizeof score, lp_ranking_get_score (ranking, i));
      format_quantity (value, sizeof value, lp_item_get_value (item));
      format_quantity (effort, sizeof effort, lp_item_get_effort (item));
      append_right (line, rank, w_rank);
      g_string_append (line, "  ");
      append_left (line, lp_item_get_id (item), w_id);
      g_string_append (line, "  ");
      append_right (line, score, w_score);
      g_string_append (line, "  ");
      append_right (line, value, w_value);
      g_string_append (line, "  ");
      append_right (line, effort, w_effort);
      g_string_append (line, "  ");
      if (with_after)
        {
          append_left (line,
                       after != NULL && after[i] != NULL
                           ? lp_item_get_id (after[i])
                           : "-",
                       w_after);
          g_string_append (line, "  ");
        }
      append_title (line, lp_item_get_title (item), TITLE_COLUMNS);
      end_line (line);
      out_string (line);
    }
}

static void
print_ranking_json (const LpRanking *ranking)
{
  guint n = lp_ranking_get_n_items (ranking);
  g_autoptr (GString) line = g_string_sized_new (256);

  if (n == 0)
    {
      out_cstr ("[]\n");
      return;
    }
  out_cstr ("[\n");
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_item (ranking, i);
      g_string_truncate (line, 0);
      g_string_append_printf (line, "  {\"rank\": %u, \"id\": ", i + 1);
      append_json_string (line, lp_item_get_id (item));
      g_string_append (line, ", \"score\": ");
      append_json_number (line, lp_ranking_get_score (ranking, i));
      g_string_append (line, ", \"value\": ");
      append_json_number (line, lp_item_get_value (item));
      g_string_append (line, ", \"effort\": ");
      append_json_number (line, lp_item_get_effort (item));
      g_string_append (line, ", \"title\": ");
      append_json_string (line, lp_item_get_title (item));
      g_string_append (line, i + 1 < n ? "},\n" : "}\n");
      out_string (line);
    }
  out_cstr ("]\n");
}

static void
print_ranking_csv (const LpRanking *ranking)
{
  guint n = lp_ranking_get_n_items (ranking);
  g_autoptr (GString) line = g_string_sized_new (256);

  out_cstr ("rank,id,score,value,effort,title\r\n");
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_item (ranking, i);
      g_string_truncate (line, 0);
      g_string_append_printf (line, "%u,", i + 1);
      append_csv_field (line, lp_item_get_id (item));
      g_string_append_c (line, ',');
      append_csv_number (line, lp_ranking_get_score (ranking, i));
      g_string_append_c (line, ',');
      append_csv_number (line, lp_item_get_value (item));
      g_string_append_c (line, ',');
      append_csv_number (line, lp_item_get_effort (item));
      g_string_append_c (line, ',');
      append_csv_field (line, lp_item_get_title (item));
      g_string_append (line, "\r\n");
      out_string (line);
    }
}

/* The open items the order left out. In a table they follow as a second
 * table; with --json or --csv, stdout stays one clean document and they go
 * to stderr as warnings. */
static void
print_excluded (const LpRanking *ranking, OutputFormat format)
{
  guint n = lp_ranking_get_n_excluded (ranking);
  if (n == 0)
    return;

  if (format != OUTPUT_TABLE)
    {
      fflush (stdout);
      for (guint i = 0; i < n; i++)
        {
          const LpItem *item = lp_ranking_get_excluded_item (ranking, i);
          const LpItem *cause = lp_ranking_get_excluded_cause (ranking, i);
          LpExclusion reason = lp_ranking_get_excluded_reason (ranking, i);
          fprintf (stderr, PROGRAM ": warning: %s not ordered: %s (%s)\n",
                   lp_item_get_id (item), lp_exclusion_to_string (reason),
                   cause != NULL ? lp_item_get_id (cause) : "?");
        }
      return;
    }

  gsize w_id = strlen ("ID"), w_reason = strlen ("REASON");
  gsize w_cause = strlen ("CAUSE");
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_excluded_item (ranking, i);
      const LpItem *cause = lp_ranking_get_excluded_cause (ranking, i);
      const char *reason =
          lp_exclusion_to_string (lp_ranking_get_excluded_reason (ranking, i));
      w_id = MAX (w_id, display_width (lp_item_get_id (item)));
      w_reason = MAX (w_reason, strlen (reason != NULL ? reason : "?"));
      if (cause != NULL)
        w_cause = MAX (w_cause, display_width (lp_item_get_id (cause)));
    }

  g_autoptr (GString) line = g_string_sized_new (256);
  g_string_append_printf (line, "\nNot ordered (%u):\n", n);
  append_left (line, "ID", w_id);
  g_string_append (line, "  ");
  append_left (line, "REASON", w_reason);
  g_string_append (line, "  ");
  append_left (line, "CAUSE", w_cause);
  g_string_append (line, "  TITLE");
  end_line (line);
  out_string (line);
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_excluded_item (ranking, i);
      const LpItem *cause = lp_ranking_get_excluded_cause (ranking, i);
      const char *reason =
          lp_exclusion_to_string (lp_ranking_get_excluded_reason (ranking, i));
      g_string_truncate (line, 0);
      append_left (line, lp_item_get_id (item), w_id);
      g_string_append (line, "  ");
      append_left (line, reason != NULL ? reason : "?", w_reason);
      g_string_append (line, "  ");
      append_left (line, cause != NULL ? lp_item_get_id (cause) : "?",
                   w_cause);
      g_string_append (line, "  ");
      append_title (line, lp_item_get_title (item), TITLE_COLUMNS);
      end_line (line);
      out_string (line);
    }
}

static void
print_ranking (const LpRanking *ranking, OutputFormat format,
               gboolean with_after)
{
  switch (format)
    {
    case OUTPUT_TABLE: print_ranking_table (ranking, with_after); break;
    case OUTPUT_JSON: print_ranking_json (ranking); break;
    case OUTPUT_CSV: print_ranking_csv (ranking); break;
    }
  print_excluded (ranking, format);
}

/* ---------------------------------------------------------------- rank */

static void
add_input_option (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from,
      "Read FILE as FORMAT (json or csv) whatever its name", "FORMAT" },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

static void
add_output_options (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      "Print a JSON array instead of a table", NULL },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &options->csv,
      "Print CSV (RFC 4180) instead of a table", NULL },
    { "by", 0, 0, G_OPTION_ARG_STRING, &options->by,
      "Score with MODEL (default: value-effort)", "MODEL" },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_input_option (context, options);
}

static void
rank_options (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "lenient", 'l', 0, G_OPTION_ARG_NONE, &options->lenient,
      "Order around dependency cycles and list what was left out", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_output_options (context, options);
}

static int
run_rank (const Command *command, Options *options)
{
  const char *path = options->args[0];
  InputFormat input;
  OutputFormat output;
  g_autoptr (LpScoreModel) model = NULL;
  g_autoptr (GError) error = NULL;
  int status = EXIT_OK;

  if (!parse_input_format (command, options->from, &input, &status)
      || !parse_output_format (command, options, &output, &status)
      || !parse_model (command, options->by, &model, &status))
    return status;

  g_autoptr (LpBacklog) backlog = load_backlog (path, input);
  if (backlog == NULL)
    return EXIT_DATA;

  g_autoptr (LpRanking) ranking = lp_backlog_order (
      backlog, model, options->lenient ? LP_ORDER_LENIENT : LP_ORDER_STRICT,
      &error);
  if (ranking == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      if (g_error_matches (error, LP_ERROR, LP_ERROR_CYCLE))
        fputs (PROGRAM ": hint: 'prioritize check' lists every cycle; "
                       "--lenient orders the rest of the backlog\n",
               stderr);
      return EXIT_DATA;
    }
  print_ranking (ranking, output, TRUE);
  return EXIT_OK;
}

/* ---------------------------------------------------------------- next */

static void
next_options (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "number", 'n', 0, G_OPTION_ARG_INT, &options->n,
      "Show the best N ready items (default: 1)", "N" },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_output_options (context, options);
}

static int
run_next (const Command *command, Options *options)
{
  const char *path = options->args[0];
  InputFormat input;
  OutputFormat output;
  g_autoptr (LpScoreModel) model = NULL;
  g_autoptr (GError) error = NULL;
  int status = EXIT_OK;

  if (options->n < 1)
    return usage_error (command, "-n: expected a number >= 1, got %d",
                        options->n);
  if (!parse_input_format (command, options->from, &input, &status)
      || !parse_output_format (command, options, &output, &status)
      || !parse_model (command, options->by, &model, &status))
    return status;

  g_autoptr (LpBacklog) backlog = load_backlog (path, input);
  if (backlog == NULL)
    return EXIT_DATA;

  g_autoptr (LpRanking) ranking =
      lp_backlog_next (backlog, model, (guint) options->n, &error);
  if (ranking == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      return EXIT_DATA;
    }
  print_ranking (ranking, output, FALSE);
  return EXIT_OK;
}

/* ---------------------------------------------------------------- check */

static void
check_options (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "strict", 's', 0, G_OPTION_ARG_NONE, &options->strict,
      "Treat every warning as an error", NULL },
    { "strict-label", 0, 0, G_OPTION_ARG_STRING_ARRAY,
      &options->strict_labels,
      "Treat warnings about items labelled LABEL as errors (repeatable)",
      "LABEL" },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_input_option (context, options);
}

typedef struct {
  const Options *options;
  GString *line;
  guint n_errors;
  guint n_warnings;
} CheckReport;

/* A finding about one item: an error when --strict or one of its labels is
 * in --strict-label, a warning otherwise. */
static void
report_item (CheckReport *report, const LpItem *item, const char *what)
{
  gboolean is_error = report->options->strict;
  for (char **l = report->options->strict_labels; !is_error && l && *l; l++)
    is_error = lp_item_has_label (item, *l);
  if (is_error)
    report->n_errors++;
  else
    report->n_warnings++;

  GString *line = report->line;
  g_string_truncate (line, 0);
  g_string_append (line, is_error ? "error: " : "warning: ");
  g_string_append (line, lp_item_get_id (item));
  g_string_append (line, ": ");
  g_string_append (line, what);
  if (*lp_item_get_title (item) != '\0')
    {
      g_string_append (line, " (");
      append_title (line, lp_item_get_title (item), TITLE_COLUMNS);
      g_string_append_c (line, ')');
    }
  end_line (line);
  out_string (line);
}

/* Appends up to `limit` ids, then "and N more". */
static void
append_id_list (GString *line, GPtrArray *items, guint limit)
{
  for (guint i = 0; i < items->len && i < limit; i++)
    {
      if (i > 0)
        g_string_append (line, ", ");
      g_string_append (line, lp_item_get_id (g_ptr_array_index (items, i)));
    }
  if (items->len > limit)
    g_string_append_printf (line, " and %u more", items->len - limit);
}

static int
run_check (const Command *command, Options *options)
{
  const char *path = options->args[0];
  InputFormat input;
  int status = EXIT_OK;
  g_autoptr (GError) error = NULL;

  if (!parse_input_format (command, options->from, &input, &status))
    return status;

  g_autoptr (LpBacklog) backlog = load_backlog (path, input);
  if (backlog == NULL)
    return EXIT_DATA;

  guint n_items = lp_backlog_get_n_items (backlog);
  guint n_open = 0;
  g_autofree guint8 *is_parent = g_malloc0 (MAX (n_items, 1));
  for (guint i = 0; i < n_items; i++)
    {
      const LpItem *item = lp_backlog_get_item_at (backlog, i);
      const LpItem *parent = lp_item_get_parent (item);
      LpItemStatus st = lp_item_get_status (item);
      if (st == LP_ITEM_STATUS_TODO || st == LP_ITEM_STATUS_IN_PROGRESS)
        n_open++;
      if (parent != NULL)
        is_parent[lp_item_get_position (parent)] = 1;
    }

  CheckReport report = { options, g_string_sized_new (256), 0, 0 };
  GString *line = report.line;

  /* 1. Every cycle, among all items: contradictory links are worth fixing
   *    even between finished items. */
  g_autoptr (LpCycles) cycles = lp_backlog_find_cycles (backlog,
                                                        LP_CYCLES_ALL);
  guint n_groups = lp_cycles_get_n_groups (cycles);

  /* The lenient order tells which open items wait behind a cycle or a
   * dropped item. */
  g_autoptr (LpRanking) ranking =
      lp_backlog_order (backlog, NULL, LP_ORDER_LENIENT, &error);
  if (ranking == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      g_string_free (line, TRUE);
      return EXIT_DATA;
    }

  /* map each cycle member to its group, to attribute "behind-cycle" items */
  g_autoptr (GHashTable) group_of = g_hash_table_new (NULL, NULL);
  g_autoptr (GPtrArray) behind = g_ptr_array_new_with_free_func (
      (GDestroyNotify) g_ptr_array_unref);
  for (guint g = 0; g < n_groups; g++)
    {
      guint size = lp_cycles_get_group_size (cycles, g);
      for (guint m = 0; m < size; m++)
        g_hash_table_insert (group_of, lp_cycles_get_member (cycles, g, m),
                             GUINT_TO_POINTER (g + 1));
      g_ptr_array_add (behind, g_ptr_array_new ());
    }
  guint n_excluded = lp_ranking_get_n_excluded (ranking);
  for (guint i = 0; i < n_excluded; i++)
    {
      if (lp_ranking_get_excluded_reason (ranking, i)
          != LP_EXCLUSION_BEHIND_CYCLE)
        continue;
      guint g = GPOINTER_TO_UINT (g_hash_table_lookup (
          group_of, lp_ranking_get_excluded_cause (ranking, i)));
      if (g > 0)
        g_ptr_array_add (g_ptr_array_index (behind, g - 1),
                         lp_ranking_get_excluded_item (ranking, i));
    }

  for (guint g = 0; g < n_groups; g++)
    {
      g_autofree char *cycle_path = lp_cycles_format_path (cycles, g);
      guint size = lp_cycles_get_group_size (cycles, g);
      gboolean open = FALSE;
      g_autoptr (GPtrArray) members = g_ptr_array_sized_new (size);
      for (guint m = 0; m < size; m++)
        {
          LpItem *item = lp_cycles_get_member (cycles, g, m);
          LpItemStatus st = lp_item_get_status (item);
          open |= st == LP_ITEM_STATUS_TODO || st == LP_ITEM_STATUS_IN_PROGRESS;
          g_ptr_array_add (members, item);
        }
      report.n_errors++;
      g_string_truncate (line, 0);
      g_string_append_printf (line, "error: dependency cycle: %s%s\n",
                              cycle_path,
                              open ? "" : " (no open item in it)");
      g_string_append_printf (line, "  members (%u): ", size);
      append_id_list (line, members, G_MAXUINT);
      g_string_append_c (line, '\n');
      GPtrArray *waiting = g_ptr_array_index (behind, g);
      if (waiting->len > 0)
        {
          g_string_append_printf (line, "  blocks %u more open item%s: ",
                                  waiting->len, waiting->len == 1 ? "" : "s");
          append_id_list (line, waiting, 20);
          g_string_append_c (line, '\n');
        }
      out_string (line);
    }

  /* 2. Open items that can never be done because something they need was
   *    dropped. */
  for (guint i = 0; i < n_excluded; i++)
    {
      if (lp_ranking_get_excluded_reason (ranking, i)
          != LP_EXCLUSION_BLOCKED_BY_DROPPED)
        continue;
      const LpItem *cause = lp_ranking_get_excluded_cause (ranking, i);
      g_autofree char *what = g_strdup_printf (
          "blocked by dropped item %s",
          cause != NULL ? lp_item_get_id (cause) : "?");
      report_item (&report, lp_ranking_get_excluded_item (ranking, i), what);
    }

  /* 3. Open items the scoring cannot rank: no estimate or no value. Items
   *    with children (epics, features) are skipped: their estimate is their
   *    children's. */
  for (guint i = 0; i < n_items; i++)
    {
      const LpItem *item = lp_backlog_get_item_at (backlog, i);
      LpItemStatus st = lp_item_get_status (item);
      if (is_parent[i]
          || (st != LP_ITEM_STATUS_TODO && st != LP_ITEM_STATUS_IN_PROGRESS))
        continue;
      gboolean has_effort = lp_item_has_effort (item);
      gboolean has_value = lp_item_has_value (item);
      if (!has_effort && !has_value)
        report_item (&report, item, "no estimate and no value");
      else if (!has_effort)
        report_item (&report, item, "no estimate");
      else if (!has_value)
        report_item (&report, item, "no value");
    }

  g_string_truncate (line, 0);
  g_string_append_printf (
      line, "%s: %u item%s, %u open, %u cycle%s, %u error%s, %u warning%s\n",
      report.n_errors > 0 ? "FAILED" : "ok", n_items, n_items == 1 ? "" : "s",
      n_open, n_groups, n_groups == 1 ? "" : "s", report.n_errors,
      report.n_errors == 1 ? "" : "s", report.n_warnings,
      report.n_warnings == 1 ? "" : "s");
  out_string (line);
  g_string_free (line, TRUE);
  return report.n_errors > 0 ? EXIT_DATA : EXIT_OK;
}

/* ---------------------------------------------------------------- convert */

static void
convert_options (GOptionContext *context, Options *options)
{
  add_input_option (context, options);
}

static int
run_convert (const Command *command, Options *options)
{
  const char *in = options->args[0];
  const char *out = options->args[1];
  InputFormat input;
  int status = EXIT_OK;
  g_autoptr (GError) error = NULL;

  if (!parse_input_format (command, options->from, &input, &status))
    return status;
  if (strcmp (out, "-") != 0 && has_suffix_nocase (out, ".csv"))
    return usage_error (command,
                        "%s: convert writes libproduct JSON only; "
                        "name the output *.json or '-'",
                        out);

  g_autoptr (LpBacklog) backlog = load_backlog (in, input);
  if (backlog == NULL)
    return EXIT_DATA;

  if (strcmp (out, "-") == 0)
    {
      gsize length = 0;
      g_autofree char *json = lp_backlog_save_data (backlog, &length);
      fwrite (json, 1, length, stdout);
      return EXIT_OK;
    }
  if (!lp_backlog_save_file (backlog, out, &error))
    {
      /* the library's message names the file */
      print_error ("%s", error->message);
      return EXIT_DATA;
    }
  return EXIT_OK;
}

/* ---------------------------------------------------------------- main */

static const Command commands[] = {
  { "rank", "FILE", "print the whole order, best first",
    "Prints every open item (todo or in progress) in the order to build\n"
    "them: the highest score first, never an item before the items it\n"
    "depends on. Unscored items (no value or no estimate) come last and show\n"
    "'-' as their score. Open items that depend on a dropped item are never\n"
    "ordered; they are listed after the table ('Not ordered').\n"
    "\n"
    "The AFTER column names the prerequisite each item waited for (the one\n"
    "ranked last): why an item comes below one with a lower score.\n"
    "\n"
    "A dependency cycle among open items is an error (exit status 1) unless\n"
    "--lenient is given: the items in or behind a cycle are then left out and\n"
    "listed with the reason. With --json or --csv the left-out items are\n"
    "reported on standard error.\n"
    "\n"
    "FILE is a libproduct JSON document or a CSV export (.csv or --from csv);\n"
    "'-' reads standard input.",
    1, run_rank, rank_options },
  { "next", "FILE", "print the best items that can be started now",
    "Prints the N best items that are ready now: open, with every\n"
    "prerequisite done. Same columns as 'rank'.\n"
    "\n"
    "FILE is a libproduct JSON document or a CSV export (.csv or --from csv);\n"
    "'-' reads standard input.",
    1, run_next, next_options },
  { "check", "FILE", "report cycles, blocked items and missing estimates",
    "Validates a backlog and lists what to fix in the tracker:\n"
    "  error:   every dependency cycle (among all items, finished ones too)\n"
    "           with its members and the open items it holds up;\n"
    "  warning: open items blocked by a dropped item;\n"
    "  warning: open items without an estimate or a value (items with\n"
    "           children, such as epics, are skipped).\n"
    "The last line sums up: 'ok: ...' or 'FAILED: ...'.\n"
    "\n"
    "Exit status: 0 when there is no error, 1 when there is one (or FILE does\n"
    "not load). --strict turns every warning into an error; --strict-label\n"
    "does so for the items that carry the label, e.g. --strict-label\n"
    "must-have.",
    1, run_check, check_options },
  { "convert", "IN OUT", "convert a CSV export or a backlog to libproduct JSON",
    "Reads IN (a CSV export, by its .csv extension or --from csv, or a\n"
    "libproduct JSON document) and writes it to OUT as a libproduct/1 JSON\n"
    "document. '-' is standard input for IN and standard output for OUT.\n"
    "OUT is replaced atomically.",
    2, run_convert, convert_options },
};

static void
print_program_help (FILE *stream)
{
  fputs ("Usage: " PROGRAM " COMMAND [OPTION...] FILE\n"
         "\n"
         "Order a product backlog: the highest value per effort first, never\n"
         "an item before the items it depends on.\n"
         "\n"
         "Commands:\n",
         stream);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left =
          g_strdup_printf ("%s %s", commands[i].name, commands[i].params);
      fprintf (stream, "  %-16s%s\n", left, commands[i].summary);
    }
  fputs ("  help [COMMAND]  show the help of a command\n"
         "\n"
         "Options:\n"
         "  -h, --help      show this help\n"
         "  -V, --version   show the version\n"
         "\n"
         "FILE is a libproduct JSON document or a CSV export; '-' is standard\n"
         "input. Run '" PROGRAM " COMMAND --help' for the options of a command.\n"
         "\n"
         "Exit status: 0 success, 1 the data has a problem (it does not load,\n"
         "it has a dependency cycle, the check failed), 2 usage error.\n",
         stream);
}

static const Command *
find_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

static GOptionContext *
command_context (const Command *command, Options *options)
{
  GOptionContext *context = g_option_context_new (command->params);
  g_autofree char *summary = g_strdup_printf (
      "%c%s.", g_ascii_toupper (command->summary[0]), command->summary + 1);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, command->description);
  command->add_options (context, options);
  GOptionEntry rest[] = {
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->args,
      NULL, NULL },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, rest, NULL);
  return context;
}

static int
run_command (const Command *command, int argc, char **argv)
{
  Options options = { 0 };
  options.n = 1;
  g_autoptr (GError) error = NULL;
  int status;

  /* usage lines read "prioritize rank [OPTION…] FILE" */
  g_autofree char *prgname = g_strdup_printf (PROGRAM " %s", command->name);
  g_set_prgname (prgname);

  GOptionContext *context = command_context (command, &options);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    status = usage_error (command, "%s: %s", command->name, error->message);
  else
    {
      guint n_args = options.args ? g_strv_length (options.args) : 0;
      if (n_args < command->n_args)
        status = usage_error (command, "%s: missing %s", command->name,
                              n_args == 0 ? command->params
                                          : strchr (command->params, ' ') + 1);
      else if (n_args > command->n_args)
        status = usage_error (command, "%s: unexpected argument '%s'",
                              command->name, options.args[command->n_args]);
      else
        status = command->run (command, &options);
    }

  g_option_context_free (context);
  g_free (options.from);
  g_free (options.by);
  g_strfreev (options.strict_labels);
  g_strfreev (options.args);
  return status;
}

static int
run_help (int argc, char **argv)
{
  if (argc < 3)
    {
      print_program_help (stdout);
      return EXIT_OK;
    }
  if (argc > 3)
    return usage_error (NULL, "help: unexpected argument '%s'", argv[3]);
  const Command *command = find_command (argv[2]);
  if (command == NULL)
    return usage_error (NULL, "help: unknown command '%s'", argv[2]);

  Options options = { 0 };
  g_autofree char *prgname = g_strdup_printf (PROGRAM " %s", command->name);
  g_set_prgname (prgname);
  GOptionContext *context = command_context (command, &options);
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
  out_cstr (help);
  g_option_context_free (context);
  return EXIT_OK;
}

static int
finish (int status)
{
  if (fflush (stdout) != 0 || ferror (stdout))
    {
      print_error ("write error: %s", g_strerror (errno));
      return status == EXIT_OK ? EXIT_DATA : status;
    }
  return status;
}

int
main (int argc, char **argv)
{
  static char buffer[1 << 16];

  setlocale (LC_ALL, "");
  /* numbers are always written and read the C way */
  setlocale (LC_NUMERIC, "C");
  setvbuf (stdout, buffer, _IOFBF, sizeof buffer);

  if (argc < 2)
    {
      fputs (PROGRAM ": missing command\n\n", stderr);
      print_program_help (stderr);
      return EXIT_USAGE;
    }

  const char *arg = argv[1];
  if (strcmp (arg, "-h") == 0 || strcmp (arg, "--help") == 0)
    {
      print_program_help (stdout);
      return finish (EXIT_OK);
    }
  if (strcmp (arg, "-V") == 0 || strcmp (arg, "--version") == 0)
    {
      printf (PROGRAM " (libproduct) %s\n", lp_get_version_string ());
      return finish (EXIT_OK);
    }
  if (strcmp (arg, "help") == 0)
    return finish (run_help (argc, argv));
  if (arg[0] == '-')
    return usage_error (NULL, "unknown option '%s' (a command comes first)",
                        arg);

  const Command *command = find_command (arg);
  if (command == NULL)
    return usage_error (NULL, "unknown command '%s'", arg);

  /* the subcommand parses argv from its name on */
  return finish (run_command (command, argc - 1, argv + 1));
}
