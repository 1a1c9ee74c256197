/* CSV import: lp_backlog_import_csv_data(), lp_backlog_import_csv_file().
 *
 * CSV import mapping
 * ==================
 *
 * Syntax (RFC 4180, read leniently where it is harmless):
 * - UTF-8 only; a leading UTF-8 byte order mark is skipped. Invalid UTF-8 (or
 *   a NUL byte) is an LP_ERROR_PARSE error giving the line and byte offset.
 * - Records end with CRLF, LF or a lone CR; the last record may lack one.
 * - Fields are separated by commas. A field may be enclosed in double quotes;
 *   it may then contain commas, line breaks and doubled quotes ("" is one ").
 *   A CRLF inside a quoted field is read as LF. A quote inside an unquoted
 *   field is kept as a literal character. After a closing quote only a comma
 *   or the end of the record may follow, anything else is LP_ERROR_PARSE; so
 *   is a quoted field still open at the end of the input (the message gives
 *   the line where it was opened).
 * - The first record is the header. Blank records (every field empty) are
 *   skipped, wherever they are. A record with more fields than the header is
 *   LP_ERROR_PARSE naming its line; a record with fewer fields is read as if
 *   the missing trailing fields were empty.
 *
 * Columns: header names are matched case-insensitively, ignoring
 * surrounding spaces, with ' ' and '-' read as '_' (so Jira's "Story Points"
 * is story_points). Unknown columns are ignored. When a column appears more
 * than once, the first one is used, except for depends_on, links and labels,
 * whose repeated columns are all read.
 * - id: the `id` column, else `key` (also `issue_key`). Required: a header
 *   without either is LP_ERROR_FORMAT. An empty id is LP_ERROR_INVALID_VALUE;
 *   an id seen twice is LP_ERROR_DUPLICATE_ID (both lines are named). Ids are
 *   trimmed of surrounding white space.
 * - title: `title`, else `summary` (kept verbatim). Empty means no title.
 * - kind: `kind`, else `type` (also `issue_type`), case-insensitive:
 *     Story -> story; Bug -> bug; Epic -> epic;
 *     New Feature, Feature, Improvement -> feature;
 *     Task, Sub-task, Subtask, Technical task -> task; Spike -> spike;
 *     our own names (story, epic, feature, bug, task, spike) as they are;
 *     empty or anything else -> story.
 * - status: `status` together with `resolution`, case-insensitive:
 *     Closed, Resolved, Done -> done, except when the resolution is
 *       Won't Fix, Won't Do, Duplicate, Invalid, Incomplete,
 *       Cannot Reproduce or Not A Bug (the apostrophe is optional) -> dropped;
 *     In Progress, In Review, Reviewing -> in_progress;
 *     our own names todo, in_progress (in-progress), dropped as they are;
 *     empty or anything else (Open, Reopened, To Do, ...) -> todo.
 * - effort: the `effort` column if there is one, else `story_points`.
 *     empty -> unestimated; a number that is not finite, or not a number at
 *     all -> LP_ERROR_INVALID_VALUE naming the item and the line.
 *     In `effort`, a number <= 0 is LP_ERROR_INVALID_VALUE.
 *     In `story_points`, 0 or a negative number means unestimated: Jira
 *     uses 0 for "not estimated".
 * - value: the `value` column if there is one (empty -> unvalued; a negative,
 *     non-finite or non-numeric value is LP_ERROR_INVALID_VALUE); else the
 *     `priority` column: Blocker 5, Critical 4, Major 3, Minor 2, Trivial 1
 *     (also Highest 5, High 4, Medium 3, Low 2, Lowest 1, and the numbers
 *     1 to 5 as they are); empty or any other priority -> unvalued.
 *     Whenever the priority maps to a weight, that weight is also stored as
 *     the item attribute "priority", even when a `value` column exists.
 * - depends_on: `;`-separated ids this item depends on.
 * - links: `;`-separated `verb:KEY` tokens. `depends:X`: this item depends on
 *     X; `blocks:X`: X depends on this item. Other verbs (relates, parent,
 *     duplicates, ...) and tokens without ':' are ignored.
 *   For depends_on and links alike: ids that are not in the file are ignored
 *   (they belong to another project), an item linked to itself is ignored,
 *   and a dependency given several times is recorded once.
 * - labels: `;`-separated labels; empty ones are skipped.
 * - Every other column (created, resolution date, ...) is ignored.
 *
 * Items keep the order of the rows (the manual order). The import is all or
 * nothing: on any error no backlog is returned.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <math.h>
#include <string.h>

#include <libproduct/libproduct.h>

#include "lp-hash.h"

/* ------------------------------------------------------------------------ */
/* The reader: one record at a time, iterative. */

typedef struct {
  const char *data;   /* the whole input, for byte offsets */
  const char *p;      /* next byte to read */
  const char *end;
  gsize line;         /* 1-based line of *p */
  GString *buf;       /* the current record's fields, each NUL-terminated */
  GArray *starts;     /* gsize: offset of each field in buf */
  gsize record_line;  /* line where the current record starts */
} CsvReader;

static void
csv_reader_init (CsvReader *r, const char *data, gsize length)
{
  r->data = data;
  r->p = data;
  r->end = data + length;
  r->line = 1;
  r->buf = g_string_sized_new (256);
  r->starts = g_array_new (FALSE, FALSE, sizeof (gsize));
  r->record_line = 1;
  /* UTF-8 byte order mark */
  if (length >= 3 && (guchar) data[0] == 0xEF && (guchar) data[1] == 0xBB
      && (guchar) data[2] == 0xBF)
    r->p += 3;
}

static void
csv_reader_clear (CsvReader *r)
{
  g_string_free (r->buf, TRUE);
  g_array_unref (r->starts);
}

static guint
csv_reader_n_fields (const CsvReader *r)
{
  return r->starts->len;
}

static const char *
csv_reader_field (const CsvReader *r, guint i)
{
  return r->buf->str + g_array_index (r->starts, gsize, i);
}

/* The line of the byte at `at`, counting CRLF, LF and lone CR as breaks. */
static gsize
csv_line_of (const char *data, const char *at)
{
  gsize line = 1;
  for (const char *q = data; q < at; q++)
    {
      if (*q == '\n' || (*q == '\r' && (q + 1 >= at || q[1] != '\n')))
        line++;
    }
  return line;
}

/* Reads the next record. Returns 1 when one was read, 0 at the end of the
 * input, -1 on error. */
static int
csv_reader_next (CsvReader *r, GError **error)
{
  if (r->p >= r->end)
    return 0;

  g_string_truncate (r->buf, 0);
  g_array_set_size (r->starts, 0);
  r->record_line = r->line;

  for (;;)
    {
      gsize start = r->buf->len;
      g_array_append_val (r->starts, start);

      if (r->p < r->end && *r->p == '"')
        {
          const char *open = r->p;
          gsize open_line = r->line;
          r->p++;
          for (;;)
            {
              if (r->p >= r->end)
                {
                  g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                               "line %" G_GSIZE_FORMAT ", byte %"
                               G_GSIZE_FORMAT ": unterminated quoted field",
                               open_line, (gsize) (open - r->data));
                  return -1;
                }
              /* copy the run of ordinary bytes in one go */
              const char *run = r->p;
              while (r->p < r->end && *r->p != '"' && *r->p != '\r'
                     && *r->p != '\n')
                r->p++;
              if (r->p > run)
                g_string_append_len (r->buf, run, r->p - run);
              if (r->p >= r->end)
                continue;
              if (*r->p == '"')
                {
                  if (r->p + 1 < r->end && r->p[1] == '"')
                    {
                      g_string_append_c (r->buf, '"');
                      r->p += 2;
                      continue;
                    }
                  r->p++; /* closing quote */
                  break;
                }
              /* a line break inside quotes: kept, CRLF read as LF */
              if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
                {
                  g_string_append_c (r->buf, '\n');
                  r->p += 2;
                }
              else
                {
                  g_string_append_c (r->buf, *r->p);
                  r->p++;
                }
              r->line++;
            }
          if (r->p < r->end && *r->p != ',' && *r->p != '\r'
              && *r->p != '\n')
            {
              g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                           "line %" G_GSIZE_FORMAT ", byte %" G_GSIZE_FORMAT
                           ": unexpected character after a closing quote",
                           r->line, (gsize) (r->p - r->data));
              return -1;
            }
        }
      else
        {
          const char *run = r->p;
          while (r->p < r->end && *r->p != ',' && *r->p != '\r'
                 && *r->p != '\n')
            r->p++;
          g_string_append_len (r->buf, run, r->p - run);
        }
      g_string_append_c (r->buf, '\0');

      if (r->p >= r->end)
        return 1;
      if (*r->p == ',')
        {
          r->p++;
          continue;
        }
      /* end of record */
      if (*r->p == '\r' && r->p + 1 < r->end && r->p[1] == '\n')
        r->p += 2;
      else
        r->p++;
      r->line++;
      return 1;
    }
}

static gboolean
csv_reader_record_is_blank (const CsvReader *r)
{
  for (guint i = 0; i < csv_reader_n_fields (r); i++)
    if (*csv_reader_field (r, i) != '\0')
      return FALSE;
  return TRUE;
}

/* Next non-blank record: 1, 0 at the end, -1 on error. */
static int
csv_reader_next_nonblank (CsvReader *r, GError **error)
{
  int ret;
  while ((ret = csv_reader_next (r, error)) == 1
         && csv_reader_record_is_blank (r))
    ;
  return ret;
}

/* ------------------------------------------------------------------------ */
/* Columns */

typedef enum {
  COL_NONE = 0,
  COL_ID,
  COL_KEY,
  COL_TITLE,
  COL_SUMMARY,
  COL_KIND,
  COL_TYPE,
  COL_STATUS,
  COL_RESOLUTION,
  COL_VALUE,
  COL_EFFORT,
  COL_STORY_POINTS,
  COL_PRIORITY,
  COL_DEPENDS_ON,   /* repeatable */
  COL_LINKS,        /* repeatable */
  COL_LABELS,       /* repeatable */
  N_COLS
} CsvColumn;

static const struct {
  const char *name;
  CsvColumn column;
} csv_column_names[] = {
  { "id", COL_ID },
  { "key", COL_KEY },
  { "issue_key", COL_KEY },
  { "title", COL_TITLE },
  { "summary", COL_SUMMARY },
  { "kind", COL_KIND },
  { "type", COL_TYPE },
  { "issue_type", COL_TYPE },
  { "status", COL_STATUS },
  { "resolution", COL_RESOLUTION },
  { "value", COL_VALUE },
  { "effort", COL_EFFORT },
  { "story_points", COL_STORY_POINTS },
  { "priority", COL_PRIORITY },
  { "depends_on", COL_DEPENDS_ON },
  { "links", COL_LINKS },
  { "labels", COL_LABELS },
};

static gboolean
csv_column_is_repeatable (CsvColumn c)
{
  return c == COL_DEPENDS_ON || c == COL_LINKS || c == COL_LABELS;
}

static gboolean
csv_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
         || c == '\v';
}

/* Trims ASCII white space in place (the string is in the reader's buffer or
 * a copy we own). */
static char *
csv_trim (char *s)
{
  while (csv_is_space (*s))
    s++;
  gsize n = strlen (s);
  while (n > 0 && csv_is_space (s[n - 1]))
    s[--n] = '\0';
  return s;
}

static CsvColumn
csv_column_from_header (const char *field)
{
  char *name = g_ascii_strdown (field, -1);
  char *t = csv_trim (name);
  for (char *q = t; *q != '\0'; q++)
    if (*q == ' ' || *q == '-')
      *q = '_';
  CsvColumn c = COL_NONE;
  for (gsize i = 0; i < G_N_ELEMENTS (csv_column_names); i++)
    if (strcmp (t, csv_column_names[i].name) == 0)
      {
        c = csv_column_names[i].column;
        break;
      }
  g_free (name);
  return c;
}

/* ------------------------------------------------------------------------ */
/* Value mappings */

/* Lower-cases `s` and drops apostrophes (ASCII and U+2019) so that "Won't
 * Fix" and "Wont fix" compare alike. */
static char *
csv_fold (const char *s)
{
  char *low = g_utf8_strdown (s, -1);
  char *w = low;
  for (const char *q = low; *q != '\0';)
    {
      if (*q == '\'')
        q++;
      else if ((guchar) q[0] == 0xE2 && (guchar) q[1] == 0x80
               && (guchar) q[2] == 0x99)
        q += 3;
      else
        *w++ = *q++;
    }
  *w = '\0';
  char *t = csv_trim (low);
  if (t != low)
    memmove (low, t, strlen (t) + 1);
  return low;
}

static gboolean
csv_in (const char *s, const char *const *list)
{
  for (; *list != NULL; list++)
    if (strcmp (s, *list) == 0)
      return TRUE;
  return FALSE;
}

static LpItemKind
csv_map_kind (const char *text)
{
  static const char *const features[] = { "new feature", "feature",
                                          "improvement", NULL };
  static const char *const tasks[] = { "task", "sub-task", "subtask",
                                       "technical task", NULL };
  char *f = csv_fold (text);
  LpItemKind kind = LP_ITEM_KIND_STORY;
  if (csv_in (f, features))
    kind = LP_ITEM_KIND_FEATURE;
  else if (csv_in (f, tasks))
    kind = LP_ITEM_KIND_TASK;
  else if (*f == '\0' || !lp_item_kind_from_string (f, &kind, NULL))
    kind = LP_ITEM_KIND_STORY;
  g_free (f);
  return kind;
}

static LpItemStatus
csv_map_status (const char *status, const char *resolution)
{
  static const char *const finished[] = { "closed", "resolved", "done",
                                          NULL };
  static const char *const given_up[] = { "wont fix", "wont do", "duplicate",
                                          "invalid", "incomplete",
                                          "cannot reproduce", "not a bug",
                                          NULL };
  static const char *const working[] = { "in progress", "in review",
                                         "reviewing", "in_progress",
                                         "in-progress", NULL };
  char *s = csv_fold (status);
  LpItemStatus st = LP_ITEM_STATUS_TODO;
  if (csv_in (s, finished))
    {
      char *r = csv_fold (resolution);
      st = csv_in (r, given_up) ? LP_ITEM_STATUS_DROPPED : LP_ITEM_STATUS_DONE;
      g_free (r);
    }
  else if (csv_in (s, working))
    st = LP_ITEM_STATUS_IN_PROGRESS;
  else if (strcmp (s, "dropped") == 0)
    st = LP_ITEM_STATUS_DROPPED;
  else
    st = LP_ITEM_STATUS_TODO;
  g_free (s);
  return st;
}

/* The priority weight, or NaN when there is none. */
static double
csv_map_priority (const char *text)
{
  static const struct {
    const char *name;
    double weight;
  } names[] = {
    { "blocker", 5 }, { "critical", 4 }, { "major", 3 }, { "minor", 2 },
    { "trivial", 1 }, { "highest", 5 }, { "high", 4 }, { "medium", 3 },
    { "low", 2 },     { "lowest", 1 },  { "1", 1 },    { "2", 2 },
    { "3", 3 },       { "4", 4 },       { "5", 5 },
  };
  char *f = csv_fold (text);
  double w = NAN;
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (strcmp (f, names[i].name) == 0)
      {
        w = names[i].weight;
        break;
      }
  g_free (f);
  return w;
}

/* Parses a number. Returns FALSE when the (trimmed, non-empty) text is not a
 * finite number; *empty tells whether the text was empty. */
static gboolean
csv_parse_number (char *text, double *out, gboolean *empty)
{
  char *t = csv_trim (text);
  *empty = (*t == '\0');
  if (*empty)
    return TRUE;
  char *endp = NULL;
  double v = g_ascii_strtod (t, &endp);
  if (endp == t || *endp != '\0' || !isfinite (v))
    return FALSE;
  *out = v;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* The import */

typedef struct {
  guint32 row;       /* the row that names the other item */
  guint32 blocks;    /* TRUE: other depends on row; FALSE: row on other */
  const char *key;   /* in the chunk */
} CsvRef;

typedef struct {
  GStringChunk *chunk;
  GPtrArray *ids;       /* const char *, in the chunk */
  GPtrArray *titles;    /* const char * or NULL */
  GArray *values;       /* double, NaN = unvalued */
  GArray *efforts;      /* double, NaN = unestimated */
  GArray *priorities;   /* double, NaN = none */
  GArray *lines;        /* gsize */
  GByteArray *kinds;
  GByteArray *statuses;
  GArray *label_off;    /* guint32, n_rows + 1 */
  GPtrArray *labels;    /* const char *, in the chunk */
  GArray *refs;         /* CsvRef */
  GHashTable *index;    /* id -> row + 1 */
} CsvImport;

static void
csv_import_init (CsvImport *im)
{
  im->chunk = g_string_chunk_new (4096);
  im->ids = g_ptr_array_new ();
  im->titles = g_ptr_array_new ();
  im->values = g_array_new (FALSE, FALSE, sizeof (double));
  im->efforts = g_array_new (FALSE, FALSE, sizeof (double));
  im->priorities = g_array_new (FALSE, FALSE, sizeof (double));
  im->lines = g_array_new (FALSE, FALSE, sizeof (gsize));
  im->kinds = g_byte_array_new ();
  im->statuses = g_byte_array_new ();
  im->label_off = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 zero = 0;
  g_array_append_val (im->label_off, zero);
  im->labels = g_ptr_array_new ();
  im->refs = g_array_new (FALSE, FALSE, sizeof (CsvRef));
  im->index = g_hash_table_new (lp_str_hash, g_str_equal);
}

static void
csv_import_clear (CsvImport *im)
{
  g_hash_table_unref (im->index);
  g_array_unref (im->refs);
  g_ptr_array_unref (im->labels);
  g_array_unref (im->label_off);
  g_byte_array_unref (im->statuses);
  g_byte_array_unref (im->kinds);
  g_array_unref (im->lines);
  g_array_unref (im->priorities);
  g_array_unref (im->efforts);
  g_array_unref (im->values);
  g_ptr_array_unref (im->titles);
  g_ptr_array_unref (im->ids);
  g_string_chunk_free (im->chunk);
}

/* Splits a `;`-separated list (in place) and records each trimmed, non-empty
 * token as a label or a dependency reference of `row`. Tokens are copied,
 * not interned with g_string_chunk_insert_const (), whose table hashes
 * with GLib's unkeyed g_str_hash: the copies last only as long as the
 * import. */
static void
csv_add_tokens (CsvImport *im, guint32 row, char *list, CsvColumn column)
{
  char *s = list;
  for (;;)
    {
      char *semi = strchr (s, ';');
      if (semi != NULL)
        *semi = '\0';
      char *tok = csv_trim (s);
      if (*tok != '\0')
        {
          if (column == COL_LABELS)
            g_ptr_array_add (im->labels,
                             g_string_chunk_insert (im->chunk, tok));
          else if (column == COL_DEPENDS_ON)
            {
              CsvRef ref = { row, FALSE,
                             g_string_chunk_insert (im->chunk, tok) };
              g_array_append_val (im->refs, ref);
            }
          else /* COL_LINKS */
            {
              char *colon = strchr (tok, ':');
              if (colon != NULL)
                {
                  *colon = '\0';
                  char *verb = g_ascii_strdown (csv_trim (tok), -1);
                  char *key = csv_trim (colon + 1);
                  gboolean dep = strcmp (verb, "depends") == 0;
                  gboolean blk = strcmp (verb, "blocks") == 0;
                  g_free (verb);
                  if ((dep || blk) && *key != '\0')
                    {
                      CsvRef ref = {
                        row, blk,
                        g_string_chunk_insert (im->chunk, key)
                      };
                      g_array_append_val (im->refs, ref);
                    }
                }
            }
        }
      if (semi == NULL)
        break;
      s = semi + 1;
    }
}

/* Reads one data record into the import. `present` holds an empty string
 * for every column the header has (NULL for the others). */
static gboolean
csv_import_row (CsvImport *im, CsvReader *r, const CsvColumn *roles,
                guint n_columns, char *const *present, GError **error)
{
  guint n = csv_reader_n_fields (r);
  gsize line = r->record_line;
  guint32 row = im->ids->len;
  if (n > n_columns)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                   "line %" G_GSIZE_FORMAT ": %u fields, but the header has "
                   "%u", line, n, n_columns);
      return FALSE;
    }

  /* the fields by role (missing trailing fields read as empty); repeatable
   * columns are read below */
  char *field[N_COLS];
  memcpy (field, present, sizeof field);
  for (guint i = 0; i < n; i++)
    if (roles[i] != COL_NONE && !csv_column_is_repeatable (roles[i]))
      field[roles[i]] = (char *) csv_reader_field (r, i);

  char *id = csv_trim (field[COL_ID]);
  if (*id == '\0')
    {
      g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                   "line %" G_GSIZE_FORMAT ": empty id", line);
      return FALSE;
    }
  gpointer seen = g_hash_table_lookup (im->index, id);
  if (seen != NULL)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_DUPLICATE_ID,
                   "line %" G_GSIZE_FORMAT ": duplicate id \"%s\" (first on "
                   "line %" G_GSIZE_FORMAT ")", line, id,
                   g_array_index (im->lines, gsize,
                                  GPOINTER_TO_UINT (seen) - 1));
      return FALSE;
    }

  /* numbers first: they can fail */
  double value = NAN, effort = NAN, priority = NAN, v = 0;
  gboolean empty = TRUE;
  if (field[COL_EFFORT] != NULL)
    {
      if (!csv_parse_number (field[COL_EFFORT], &v, &empty))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "line %" G_GSIZE_FORMAT ": item \"%s\": effort \"%s\" "
                       "is not a number", line, id,
                       csv_trim (field[COL_EFFORT]));
          return FALSE;
        }
      if (!empty && !(v > 0))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "line %" G_GSIZE_FORMAT ": item \"%s\": effort must "
                       "be > 0 (got %g)", line, id, v);
          return FALSE;
        }
      if (!empty)
        effort = v;
    }
  else if (field[COL_STORY_POINTS] != NULL)
    {
      if (!csv_parse_number (field[COL_STORY_POINTS], &v, &empty))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "line %" G_GSIZE_FORMAT ": item \"%s\": story points "
                       "\"%s\" are not a number", line, id,
                       csv_trim (field[COL_STORY_POINTS]));
          return FALSE;
        }
      /* Jira: 0 (or less) means "not estimated" */
      if (!empty && v > 0)
        effort = v;
    }
  if (field[COL_PRIORITY] != NULL)
    priority = csv_map_priority (field[COL_PRIORITY]);
  if (field[COL_VALUE] != NULL)
    {
      if (!csv_parse_number (field[COL_VALUE], &v, &empty))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "line %" G_GSIZE_FORMAT ": item \"%s\": value \"%s\" "
                       "is not a number", line, id,
                       csv_trim (field[COL_VALUE]));
          return FALSE;
        }
      if (!empty && !(v >= 0))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
                       "line %" G_GSIZE_FORMAT ": item \"%s\": value must "
                       "be >= 0 (got %g)", line, id, v);
          return FALSE;
        }
      if (!empty)
        value = v;
    }
  else
    value = priority;

  /* the row is valid: record it */
  const char *cid = g_string_chunk_insert (im->chunk, id);
  g_ptr_array_add (im->ids, (gpointer) cid);
  g_hash_table_insert (im->index, (gpointer) cid, GUINT_TO_POINTER (row + 1));
  const char *title = field[COL_TITLE];
  g_ptr_array_add (im->titles,
                   title != NULL && *title != '\0'
                     ? g_string_chunk_insert (im->chunk, title)
                     : NULL);
  g_array_append_val (im->values, value);
  g_array_append_val (im->efforts, effort);
  g_array_append_val (im->priorities, priority);
  g_array_append_val (im->lines, line);
  guint8 kind = (guint8) (field[COL_KIND] != NULL
                            ? csv_map_kind (field[COL_KIND])
                            : LP_ITEM_KIND_STORY);
  g_byte_array_append (im->kinds, &kind, 1);
  guint8 status = (guint8) (field[COL_STATUS] != NULL
                              ? csv_map_status (field[COL_STATUS],
                                                field[COL_RESOLUTION] != NULL
                                                  ? field[COL_RESOLUTION]
                                                  : "")
                              : LP_ITEM_STATUS_TODO);
  g_byte_array_append (im->statuses, &status, 1);

  for (guint i = 0; i < n; i++)
    if (csv_column_is_repeatable (roles[i]))
      csv_add_tokens (im, row, (char *) csv_reader_field (r, i), roles[i]);
  guint32 n_labels = im->labels->len;
  g_array_append_val (im->label_off, n_labels);
  return TRUE;
}

/* Reads the header: fills roles[] (one per column) and present[]. */
static gboolean
csv_read_header (CsvReader *r, GArray *roles, char **present,
                 char *empty_field, GError **error)
{
  int got = csv_reader_next_nonblank (r, error);
  if (got < 0)
    return FALSE;
  if (got == 0)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                   "no header row: the CSV data is empty");
      return FALSE;
    }
  gboolean seen[N_COLS] = { FALSE };
  for (guint i = 0; i < csv_reader_n_fields (r); i++)
    {
      CsvColumn c = csv_column_from_header (csv_reader_field (r, i));
      if (c != COL_NONE && seen[c] && !csv_column_is_repeatable (c))
        c = COL_NONE; /* the first one wins */
      seen[c] = TRUE;
      g_array_append_val (roles, c);
    }

  /* precedence: id over key, title over summary, kind over type, effort
   * over story_points; the losers are ignored. key, summary and type stand
   * in for the others when alone; story_points keeps its own meaning (0 is
   * "unestimated"). */
  static const struct {
    CsvColumn winner, loser;
    gboolean stands_in;
  } pairs[] = {
    { COL_ID, COL_KEY, TRUE },
    { COL_TITLE, COL_SUMMARY, TRUE },
    { COL_KIND, COL_TYPE, TRUE },
    { COL_EFFORT, COL_STORY_POINTS, FALSE },
  };
  for (gsize k = 0; k < G_N_ELEMENTS (pairs); k++)
    for (guint i = 0; i < roles->len; i++)
      {
        CsvColumn *c = &g_array_index (roles, CsvColumn, i);
        if (*c != pairs[k].loser)
          continue;
        if (seen[pairs[k].winner])
          *c = COL_NONE;
        else if (pairs[k].stands_in)
          *c = pairs[k].winner;
      }

  for (guint c = 0; c < N_COLS; c++)
    present[c] = NULL;
  for (guint i = 0; i < roles->len; i++)
    {
      CsvColumn c = g_array_index (roles, CsvColumn, i);
      if (c != COL_NONE)
        present[c] = empty_field;
    }
  if (present[COL_ID] == NULL)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                   "line %" G_GSIZE_FORMAT ": the header has no \"id\" or "
                   "\"key\" column", r->record_line);
      return FALSE;
    }
  return TRUE;
}

static gboolean
csv_parse (CsvImport *im, const char *data, gsize length, GError **error)
{
  /* validate the encoding first: everything below can rely on UTF-8 */
  const char *bad = NULL;
  if (!g_utf8_validate_len (data, length, &bad))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                   "line %" G_GSIZE_FORMAT ", byte %" G_GSIZE_FORMAT ": %s",
                   csv_line_of (data, bad), (gsize) (bad - data),
                   *bad == '\0' ? "NUL byte" : "invalid UTF-8");
      return FALSE;
    }

  CsvReader r;
  csv_reader_init (&r, data, length);
  GArray *roles = g_array_new (FALSE, FALSE, sizeof (CsvColumn));
  char empty_field[1] = "";
  char *present[N_COLS];
  gboolean ok = csv_read_header (&r, roles, present, empty_field, error);
  while (ok)
    {
      int got = csv_reader_next_nonblank (&r, error);
      if (got <= 0)
        {
          ok = (got == 0);
          break;
        }
      ok = csv_import_row (im, &r, (const CsvColumn *) (void *) roles->data,
                           roles->len, present, error);
    }
  g_array_unref (roles);
  csv_reader_clear (&r);
  return ok;
}

static gboolean
csv_guint64_equal (gconstpointer a, gconstpointer b)
{
  return *(const guint64 *) a == *(const guint64 *) b;
}

/* Keyed like every table of what the input chooses: an unkeyed mix of
 * the (dependent, prerequisite) rows lets a file pick pairs that share a
 * bucket. */
static guint
csv_guint64_hash (gconstpointer a)
{
  return (guint) lp_hash_bytes (a, sizeof (guint64));
}

/* Builds the backlog from a parsed import. */
static LpBacklog *
csv_build (CsvImport *im, GError **error)
{
  guint n = im->ids->len;
  LpBacklog *b = lp_backlog_new ();
  if (n > 0
      && !lp_backlog_add_items (b, n, (const char *const *) im->ids->pdata,
                                (const char *const *) im->titles->pdata,
                                (const double *) (void *) im->values->data,
                                (const double *) (void *) im->efforts->data,
                                error))
    goto fail;

  const guint32 *label_off = (const guint32 *) (void *) im->label_off->data;
  for (guint i = 0; i < n; i++)
    {
      LpItem *item = lp_backlog_get_item_at (b, i);
      lp_item_set_kind (item, (LpItemKind) im->kinds->data[i]);
      lp_item_set_status (item, (LpItemStatus) im->statuses->data[i]);
      double w = g_array_index (im->priorities, double, i);
      if (!isnan (w) && !lp_item_set_attribute (item, "priority", w, error))
        goto fail;
      for (guint32 k = label_off[i]; k < label_off[i + 1]; k++)
        if (!lp_item_add_label (item, g_ptr_array_index (im->labels, k),
                                error))
          goto fail;
    }

  /* dependencies: resolve, drop foreign and self links, collapse repeats
   * (keeping the first occurrence's place) */
  guint n_refs = im->refs->len;
  if (n_refs > 0)
    {
      guint64 *pairs = g_new (guint64, n_refs);
      guint32 *dependents = g_new (guint32, n_refs);
      guint32 *prerequisites = g_new (guint32, n_refs);
      GHashTable *seen = g_hash_table_new (csv_guint64_hash,
                                           csv_guint64_equal);
      guint n_deps = 0;
      for (guint k = 0; k < n_refs; k++)
        {
          const CsvRef *ref = &g_array_index (im->refs, CsvRef, k);
          gpointer hit = g_hash_table_lookup (im->index, ref->key);
          if (hit == NULL)
            continue; /* another project's item */
          guint32 other = GPOINTER_TO_UINT (hit) - 1;
          if (other == ref->row)
            continue;
          guint32 dep = ref->blocks ? other : ref->row;
          guint32 pre = ref->blocks ? ref->row : other;
          pairs[n_deps] = ((guint64) dep << 32) | pre;
          if (g_hash_table_contains (seen, &pairs[n_deps]))
            continue;
          g_hash_table_add (seen, &pairs[n_deps]);
          dependents[n_deps] = dep;
          prerequisites[n_deps] = pre;
          n_deps++;
        }
      gboolean ok = n_deps == 0
                    || lp_backlog_add_dependencies (b, n_deps, dependents,
                                                    prerequisites, error);
      g_hash_table_unref (seen);
      g_free (prerequisites);
      g_free (dependents);
      g_free (pairs);
      if (!ok)
        goto fail;
    }
  return b;

fail:
  lp_backlog_unref (b);
  return NULL;
}

LpBacklog *
lp_backlog_import_csv_data (const char *data, gsize length, GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";
  CsvImport im;
  csv_import_init (&im);
  LpBacklog *b = NULL;
  if (csv_parse (&im, data, length, error))
    b = csv_build (&im, error);
  csv_import_clear (&im);
  return b;
}

LpBacklog *
lp_backlog_import_csv_file (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gsize length = 0;
  GError *local = NULL;
  char *contents = lp_read_file (path, LP_DEFAULT_MAX_INPUT_SIZE, &length,
                                 error);
  if (contents == NULL)
    return NULL;
  LpBacklog *b = lp_backlog_import_csv_data (contents, length, &local);
  g_free (contents);
  if (b == NULL)
    {
      char *display = g_filename_display_name (path);
      g_prefix_error (&local, "%s: ", display);
      g_free (display);
      g_propagate_error (error, local);
    }
  return b;
}
