/* prioritize: order a product backlog from the command line.
 *
 *   prioritize rank FILE [--json|--csv] [--lenient] [--by MODEL]
 *                        [--option KEY=VALUE]... [--inherit] [--quadrants]
 *   prioritize next FILE [-n N] [--json|--csv] [--by MODEL]
 *                        [--option KEY=VALUE]... [--inherit] [--quadrants]
 *   prioritize explain FILE ID [--by MODEL] [--option KEY=VALUE]...
 *                        [--inherit] [--json]
 *   prioritize check FILE [--strict] [--strict-label LABEL]...
 *                        [--by MODEL] [--option KEY=VALUE]...
 *   prioritize convert IN OUT [--from csv|json]
 *
 * MODEL is a name lp_score_model_new_by_name() accepts: value-effort (the
 * default), wsjf, rice, ice, cd3, moscow, moscow:NAME, kano,
 * scorecard:FILE, formula:EXPR.
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
#include <fcntl.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* How FILE is read: --from and --max-input-size. */
typedef struct {
  InputFormat format;
  guint64 max_size;
} Input;

typedef enum {
  OUTPUT_TABLE,
  OUTPUT_JSON,
  OUTPUT_CSV
} OutputFormat;

/* Every option of every subcommand; each subcommand uses a few. */
typedef struct {
  char *from;           /* --from */
  char *max_input_size; /* --max-input-size */
  char *by;             /* --by */
  gboolean json;        /* --json */
  gboolean csv;         /* --csv */
  gboolean lenient;     /* --lenient */
  gint n;               /* -n */
  gboolean strict;      /* --strict */
  char **strict_labels; /* --strict-label, repeatable */
  char **model_options; /* --option KEY=VALUE, repeatable */
  gboolean inherit;     /* --inherit */
  gboolean quadrants;   /* --quadrants */
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

/* ---------------------------------------------------------------- terminal */

/* Text for a person's terminal. A file's ids and titles, and the messages
 * that quote them, may hold control characters: ESC, BEL and the 8-bit CSI
 * (U+009B) start sequences that move the cursor, retitle the window, hide
 * text or worse. In every human-readable output (tables, reports,
 * explanations, diagnostics), every control character, C0 (U+0000..U+001F),
 * DEL and C1 (U+0080..U+009F), is written as an escape: \x1b, \x7f,
 * \u009b; so is every byte that is not part of valid UTF-8 (\xff). The rest
 * of UTF-8 is shown as it is. Machine outputs (--json, --csv) keep their own
 * escaping. */

static inline gboolean
is_printable_ascii (unsigned char c)
{
  return c >= 0x20 && c < 0x7f;
}

/* Appends len bytes of s (-1: up to its NUL), escaped for a terminal. */
static void
append_escaped (GString *out, const char *s, gssize len)
{
  const char *p = s;
  const char *end = s + (len >= 0 ? (gsize) len : strlen (s));
  while (p < end)
    {
      const char *run = p;
      while (p < end && is_printable_ascii ((unsigned char) *p))
        p++;
      g_string_append_len (out, run, p - run);
      if (p == end)
        break;
      unsigned char c = (unsigned char) *p;
      gunichar u = c < 0x80 ? c : g_utf8_get_char_validated (p, end - p);
      if (u == (gunichar) -1 || u == (gunichar) -2 || u < 0x20 || u == 0x7f)
        {
          /* a C0 control, DEL, or a byte of invalid UTF-8 */
          g_string_append_printf (out, "\\x%02x", c);
          p++;
        }
      else
        {
          const char *next = g_utf8_next_char (p);
          if (u <= 0x9f)
            g_string_append_printf (out, "\\u%04x", u); /* C1 */
          else
            g_string_append_len (out, p, next - p);
          p = next;
        }
    }
}

/* s for a terminal: s itself when it is printable ASCII (nearly always),
 * else its escaped copy, stored in *copy for the caller to free. */
static const char *
terminal_text (const char *s, char **copy)
{
  const char *p = s;
  while (is_printable_ascii ((unsigned char) *p))
    p++;
  if (*p == '\0')
    return s;
  GString *out = g_string_sized_new (strlen (s) + 16);
  append_escaped (out, s, -1);
  *copy = g_string_free (out, FALSE);
  return *copy;
}

/* ---------------------------------------------------------------- errors */

/* Writes "prioritize: MESSAGE" to stderr, the message escaped for a
 * terminal (it may quote ids, file names, arguments). */
static void
vprint_error (const char *format, va_list ap)
{
  g_autofree char *message = g_strdup_vprintf (format, ap);
  g_autoptr (GString) line = g_string_new (PROGRAM ": ");
  append_escaped (line, message, -1);
  g_string_append_c (line, '\n');
  fwrite (line->str, 1, line->len, stderr);
}

static void G_GNUC_PRINTF (1, 2)
print_error (const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vprint_error (format, ap);
  va_end (ap);
}

/* A usage error: the message, then where to find help. Returns EXIT_USAGE. */
static int G_GNUC_PRINTF (2, 3)
usage_error (const Command *command, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  vprint_error (format, ap);
  va_end (ap);
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

/* The table's numbers (format_quantity(), format_score()) have two
 * decimals where that shows them; a number too small for two decimals
 * (0 < |v| < 0.01) gets three significant digits instead (0.001, not 0),
 * and one too large for a fixed point (|v| >= 1e15) six, with an exponent
 * (1e+70, not 71 digits cut at the buffer's end). Both bounds hold for
 * negative numbers too. */
#define TABLE_TINY 0.01
#define TABLE_HUGE 1e15

/* Readable text for a value or an effort: "8", "0.5", "2.33", "0.001",
 * "1e+70". */
static void
format_quantity (char *buf, gsize size, double v)
{
  if (isnan (v))
    {
      g_strlcpy (buf, "-", size);
      return;
    }
  if (fabs (v) < TABLE_HUGE && v == floor (v))
    {
      snprintf (buf, size, "%.0f", v);
      return;
    }
  if (fabs (v) >= TABLE_HUGE)
    {
      snprintf (buf, size, "%.6g", v);
      return;
    }
  if (fabs (v) < TABLE_TINY)
    {
      snprintf (buf, size, "%.3g", v);
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
 * ones so that different scores do not all print as 0.00, an exponent for
 * huge ones. */
static void
format_score (char *buf, gsize size, double v)
{
  if (isnan (v))
    g_strlcpy (buf, "-", size);
  else if (fabs (v) >= TABLE_HUGE)
    snprintf (buf, size, "%.6g", v);
  else if (v == 0 || fabs (v) >= TABLE_TINY)
    snprintf (buf, size, "%.2f", v);
  else
    snprintf (buf, size, "%.3g", v);
}

/* Fast paths of the formatting above for the common values; each gives
 * exactly the bytes of the snprintf-based function, which it falls back to
 * whenever it cannot be sure. They matter on a million-item ranking. */

/* Writes the decimal digits of v at p; returns the end (not terminated). */
static char *
put_uint (char *p, guint64 v)
{
  char tmp[24];
  int n = 0;
  do
    tmp[n++] = (char) ('0' + v % 10);
  while ((v /= 10) != 0);
  while (n > 0)
    *p++ = tmp[--n];
  return p;
}

/* "%.2f" for 0 <= v < 1e7 (not -0): TRUE when done. v * 100 is within
 * 1e-7 of the exact product there, so away from a tie (x.5) its rounding
 * is the exact value's; near one, snprintf decides. */
static gboolean
fixed2_fast (char *buf, double v)
{
  if (!(v >= 0 && v < 1e7) || (v == 0 && signbit (v)))
    return FALSE;
  double t = v * 100;
  double fl = floor (t);
  double frac = t - fl;
  if (fabs (frac - 0.5) < 1e-6)
    return FALSE;
  guint64 m = (guint64) fl + (frac > 0.5);
  char *p = put_uint (buf, m / 100);
  *p++ = '.';
  *p++ = (char) ('0' + m % 100 / 10);
  *p++ = (char) ('0' + m % 10);
  *p = '\0';
  return TRUE;
}

/* format_score(), buf of at least 64 bytes */
static void
format_score_fast (char *buf, gsize size, double v)
{
  if (isnan (v))
    buf[0] = '-', buf[1] = '\0';
  else if ((v >= TABLE_TINY || v == 0) && fixed2_fast (buf, v))
    return;
  else
    format_score (buf, size, v);
}

/* format_quantity(), buf of at least 64 bytes */
static void
format_quantity_fast (char *buf, gsize size, double v)
{
  if (isnan (v))
    {
      buf[0] = '-', buf[1] = '\0';
      return;
    }
  if (fabs (v) < TABLE_HUGE && v == floor (v) && !(v == 0 && signbit (v)))
    {
      char *p = buf;
      if (v < 0)
        *p++ = '-';
      p = put_uint (p, (guint64) fabs (v));
      *p = '\0';
      return;
    }
  /* fixed2_fast() takes 0 <= v < 1e7 only */
  if (v >= TABLE_TINY && fixed2_fast (buf, v))
    {
      char *end = buf + strlen (buf) - 1;
      while (end > buf && *end == '0')
        *end-- = '\0';
      if (*end == '.')
        *end = '\0';
      return;
    }
  format_quantity (buf, size, v);
}

/* format_exact() for finite v, buf of at least 64 bytes. A value that is
 * exactly the double nearest to a decimal m / 10^k (m < 10^15, k <= 6,
 * 1e-4 <= |v|) is what "%.15g" prints: m's digits with k decimals. m and
 * 10^k are exact doubles, so m / 10^k is that nearest double, as strtod()
 * would read it. Anything else goes to format_exact(). */
static void
format_exact_fast (char *buf, gsize size, double v)
{
  static const double pow10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
  double a = fabs (v);
  if (v == 0 && !signbit (v))
    {
      buf[0] = '0', buf[1] = '\0';
      return;
    }
  if (a >= 1e-4 && a < 1e15)
    for (int k = 0; k < (int) G_N_ELEMENTS (pow10); k++)
      {
        double s = nearbyint (a * pow10[k]);
        if (s >= 1e15)
          break;
        if (s / pow10[k] != a)
          continue;
        char digits[24];
        guint64 m = (guint64) s;
        int nd = (int) (put_uint (digits, m) - digits);
        while (k > 0 && digits[nd - 1] == '0') /* not reached: k is the least */
          nd--, k--;
        char *p = buf;
        if (v < 0)
          *p++ = '-';
        if (nd <= k)
          {
            *p++ = '0';
            *p++ = '.';
            for (int z = nd; z < k; z++)
              *p++ = '0';
            memcpy (p, digits, nd);
            p += nd;
          }
        else
          {
            memcpy (p, digits, nd - k);
            p += nd - k;
            if (k > 0)
              {
                *p++ = '.';
                memcpy (p, digits + nd - k, k);
                p += k;
              }
          }
        *p = '\0';
        return;
      }
  format_exact (buf, size, v);
}

/* A growing byte buffer: the rows of a big ranking are built in one and
 * written in large blocks. */
typedef struct {
  char *data;
  gsize len;
  gsize cap;
} Buf;

#define OUT_BLOCK ((gsize) 1 << 20)

static void
buf_grow (Buf *b, gsize n)
{
  gsize cap = MAX (b->cap, 4096);
  while (b->len + n > cap)
    cap *= 2;
  b->data = g_realloc (b->data, cap);
  b->cap = cap;
}

static inline void
buf_put (Buf *b, const char *s, gsize n)
{
  if (G_UNLIKELY (b->len + n > b->cap))
    buf_grow (b, n);
  memcpy (b->data + b->len, s, n);
  b->len += n;
}

static inline void
buf_putc (Buf *b, char c)
{
  if (G_UNLIKELY (b->len + 1 > b->cap))
    buf_grow (b, 1);
  b->data[b->len++] = c;
}

static inline void
buf_pad (Buf *b, gsize n)
{
  if (G_UNLIKELY (b->len + n > b->cap))
    buf_grow (b, n);
  memset (b->data + b->len, ' ', n);
  b->len += n;
}

/* Writes the buffer to stdout when it holds a block (always when force). */
static inline void
buf_flush (Buf *b, gboolean force)
{
  if (b->len >= OUT_BLOCK || (force && b->len > 0))
    {
      fwrite (b->data, 1, b->len, stdout);
      b->len = 0;
    }
}

static void
buf_free (Buf *b)
{
  g_free (b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

static void
append_json_string (GString *out, const char *s)
{
  const char *run = s;
  /* fast path: nothing to escape */
  gsize n = 0;
  for (unsigned char c; (c = (unsigned char) s[n]) >= 0x20 && c != '"'
                        && c != '\\';)
    n++;
  if (s[n] == '\0')
    {
      g_string_append_c (out, '"');
      g_string_append_len (out, s, (gssize) n);
      g_string_append_c (out, '"');
      return;
    }
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
  format_exact_fast (buf, sizeof buf, v);
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
  format_exact_fast (buf, sizeof buf, v);
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

/* s escaped for a terminal, padded to width columns (see
 * terminal_width()). */
static void
append_left (GString *out, const char *s, gsize width)
{
  g_autofree char *copy = NULL;
  const char *text = terminal_text (s, &copy);
  gsize w = display_width (text);
  g_string_append (out, text);
  if (w < width)
    append_padding (out, width - w);
}

/* The columns s takes once escaped for a terminal. */
static gsize
terminal_width (const char *s)
{
  g_autofree char *copy = NULL;
  return display_width (terminal_text (s, &copy));
}

static void
append_right (GString *out, const char *s, gsize width)
{
  gsize w = strlen (s); /* numbers: ASCII */
  if (w < width)
    append_padding (out, width - w);
  g_string_append (out, s);
}

/* Appends at most max_columns columns of a title, escaped for a terminal
 * (a line break shows as \x0a); a cut title ends with an ellipsis. The
 * escaped text is valid UTF-8, so the cut never splits a character. */
static void
append_title (GString *out, const char *raw, gsize max_columns)
{
  /* fast path: printable ASCII that fits */
  gsize n = 0;
  while (is_printable_ascii ((unsigned char) raw[n]))
    n++;
  if (raw[n] == '\0' && n <= max_columns)
    {
      g_string_append_len (out, raw, n);
      return;
    }

  g_autofree char *copy = NULL;
  const char *title = terminal_text (raw, &copy);
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

static gboolean
has_suffix_nocase (const char *s, const char *suffix)
{
  gsize n = strlen (s), m = strlen (suffix);
  return n >= m && g_ascii_strcasecmp (s + n - m, suffix) == 0;
}

/* A size: digits, optionally followed by K, M or G (binary multiples:
 * 1K = 1024). FALSE unless it is a number from 1 to G_MAXUINT64. */
static gboolean
parse_size (const char *text, guint64 *size)
{
  static const char units[] = "KMG";
  char *end = NULL;
  if (!g_ascii_isdigit (text[0]))
    return FALSE;
  errno = 0;
  guint64 n = g_ascii_strtoull (text, &end, 10);
  if (errno != 0)
    return FALSE;
  const char *unit = *end != '\0' ? strchr (units, g_ascii_toupper (*end)) : NULL;
  if (*end != '\0' && (unit == NULL || end[1] != '\0'))
    return FALSE;
  for (const char *u = units; unit != NULL && u <= unit; u++)
    {
      if (n > G_MAXUINT64 / 1024)
        return FALSE;
      n *= 1024;
    }
  *size = n;
  return n > 0;
}

/* --from and --max-input-size. */
static gboolean
parse_input (const Command *command, const Options *options, Input *input,
             int *status)
{
  const char *name = options->from;
  if (name == NULL)
    input->format = INPUT_AUTO;
  else if (g_ascii_strcasecmp (name, "json") == 0)
    input->format = INPUT_JSON;
  else if (g_ascii_strcasecmp (name, "csv") == 0)
    input->format = INPUT_CSV;
  else
    {
      *status = usage_error (command,
                             "unknown input format '%s' (use json or csv)",
                             name);
      return FALSE;
    }
  input->max_size = LP_DEFAULT_MAX_INPUT_SIZE;
  if (options->max_input_size != NULL
      && !parse_size (options->max_input_size, &input->max_size))
    {
      *status = usage_error (command,
                             "--max-input-size: expected a size such as "
                             "500M or 2G (K, M, G: 1024, 1024^2, 1024^3 "
                             "bytes), got '%s'",
                             options->max_input_size);
      return FALSE;
    }
  return TRUE;
}

/* Prints an error of the library that names the input, with a hint when
 * it is the input size limit. */
static void
print_load_error (const GError *error)
{
  print_error ("%s", error->message);
  if (g_error_matches (error, LP_ERROR, LP_ERROR_LIMIT))
    print_error ("hint: --max-input-size SIZE sets another limit "
                 "(K, M, G suffixes)");
}

/* The spaces a document may start with; spreadsheet programs also write a
 * UTF-8 byte order mark. The length of both at the start of text. */
static gsize
skip_blank (const char *text, gsize length, gsize *bom)
{
  *bom = length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  gsize start = *bom;
  while (start < length && g_ascii_isspace (text[start]))
    start++;
  return start;
}

/* Loads the input at fd (FILE, "-": stdin) from text in memory: read
 * whole within the input size limit (never mapped: a mapped file that
 * shrinks while it is parsed kills the reader with SIGBUS, a file read
 * with read() just ends early). */
static LpBacklog *
load_read (int fd, const char *path, InputFormat format, guint64 max_size)
{
  const char *name = display_name (path);
  g_autoptr (GError) error = NULL;
  gsize length = 0;
  g_autofree char *data = lp_read_fd (fd, name, max_size, &length, &error);
  if (data == NULL)
    {
      print_load_error (error);
      return NULL;
    }

  gsize bom;
  gsize start = skip_blank (data, length, &bom);
  if (start == length)
    {
      print_error ("%s: empty input", name);
      return NULL;
    }
  if (format == INPUT_AUTO)
    format = data[start] == '{' ? INPUT_JSON : INPUT_CSV;

  const char *text = data + bom;
  length -= bom;
  LpBacklog *backlog = format == INPUT_CSV
                           ? lp_backlog_import_csv_data (text, length, &error)
                           : lp_backlog_load_data (text, length, &error);
  if (backlog == NULL)
    print_error ("%s: %s", name, error->message);
  return backlog;
}

/* Loads FILE ("-": stdin). The format comes from --from, else from the
 * extension (.csv, .json), else from the content: a document starting with
 * '{' is JSON, anything else CSV. A regular file of JSON is streamed by
 * the library (its text is never in memory whole); anything else is read
 * whole. On failure prints the error and returns NULL. */
static LpBacklog *
load_backlog (const char *path, const Input *input)
{
  gboolean is_stdin = strcmp (path, "-") == 0;
  InputFormat format = input->format;
  if (format == INPUT_AUTO && !is_stdin && has_suffix_nocase (path, ".csv"))
    format = INPUT_CSV;
  else if (format == INPUT_AUTO && !is_stdin
           && has_suffix_nocase (path, ".json"))
    format = INPUT_JSON;

  int fd = is_stdin ? STDIN_FILENO : open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    {
      print_error ("%s: %s", path, g_strerror (errno));
      return NULL;
    }

  /* A regular file: its start tells the format and whether it is blank
   * (then it is read whole, which says so). One with a byte order mark is
   * read whole too, and loaded without it. */
  struct stat st;
  char head[4096];
  gssize n = fstat (fd, &st) == 0 && S_ISREG (st.st_mode)
                 ? pread (fd, head, sizeof head, 0)
                 : -1;
  gsize bom = 0;
  gsize start = n > 0 ? skip_blank (head, (gsize) n, &bom) : 0;
  if (format == INPUT_AUTO && start < (gsize) MAX (n, 0))
    format = head[start] == '{' ? INPUT_JSON : INPUT_CSV;

  LpBacklog *backlog;
  if (format == INPUT_JSON && start < (gsize) MAX (n, 0) && bom == 0)
    {
      g_autoptr (GError) error = NULL;
      backlog = lp_backlog_load_fd (fd, display_name (path), input->max_size,
                                    &error);
      if (backlog == NULL)
        print_load_error (error);
    }
  else
    backlog = load_read (fd, path, format, input->max_size);
  if (!is_stdin)
    close (fd);
  return backlog;
}

/* Sets the --option KEY=VALUE settings on a model. */
static gboolean
apply_model_options (const Command *command, LpScoreModel *model,
                     char **model_options, int *status)
{
  for (char **o = model_options; o != NULL && *o != NULL; o++)
    {
      g_autoptr (GError) error = NULL;
      const char *eq = strchr (*o, '=');
      if (eq == NULL || eq == *o)
        {
          *status = usage_error (command,
                                 "--option: expected KEY=VALUE, got '%s'", *o);
          return FALSE;
        }
      g_autofree char *key = g_strndup (*o, (gsize) (eq - *o));
      if (!lp_score_model_set_option (model, key, eq + 1, &error))
        {
          *status = usage_error (command, "--option %s: %s", *o,
                                 error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* The model of --by and --option; NULL (value/effort) when neither is
 * given. An unknown name or a formula that does not parse is a usage
 * error; a scorecard that does not load (a missing file, a bad line, a
 * weight out of range) is a data error. */
static gboolean
parse_model (const Command *command, const Options *options,
             LpScoreModel **model, int *status)
{
  g_autoptr (GError) error = NULL;
  const char *name = options->by != NULL ? options->by : "value-effort";
  *model = NULL;
  if (options->by == NULL && options->model_options == NULL)
    return TRUE;
  *model = lp_score_model_new_by_name (name, &error);
  if (*model == NULL)
    {
      if (g_str_has_prefix (name, "scorecard:"))
        {
          /* the library's message names the file */
          print_error ("--by: %s", error->message);
          *status = EXIT_DATA;
        }
      else
        *status = usage_error (command, "--by: %s", error->message);
      return FALSE;
    }
  if (!apply_model_options (command, *model, options->model_options, status))
    {
      g_clear_pointer (model, lp_score_model_unref);
      return FALSE;
    }
  return TRUE;
}

/* A formula compiled for the backlog (lp_score_model_new_formula_for_
 * backlog()): an attribute no item has is most likely a typo, an error
 * naming it rather than every item left unscored. Any other model is
 * kept. Returns a new reference, or NULL with error set. */
static LpScoreModel *
formula_for_backlog (LpScoreModel *model, LpBacklog *backlog, GError **error)
{
  const char *name = lp_score_model_get_name (model);
  if (!g_str_has_prefix (name, "formula:"))
    return lp_score_model_ref (model);
  return lp_score_model_new_formula_for_backlog (name + strlen ("formula:"),
                                                 backlog, error);
}

/* The model of --by (NULL: value/effort) for the backlog loaded from
 * path: a formula is compiled for it, with the --option settings again.
 * FALSE, with the error printed and *status set, when the formula names
 * an unknown attribute (a data error). */
static gboolean
bind_model (const Command *command, const Options *options,
            LpScoreModel **model, LpBacklog *backlog, const char *path,
            int *status)
{
  g_autoptr (GError) error = NULL;
  if (*model == NULL)
    return TRUE;
  LpScoreModel *bound = formula_for_backlog (*model, backlog, &error);
  if (bound == NULL)
    {
      print_error ("%s: --by %s: %s", display_name (path),
                   lp_score_model_get_name (*model), error->message);
      *status = EXIT_DATA;
      return FALSE;
    }
  lp_score_model_unref (*model);
  *model = bound;
  return apply_model_options (command, *model, options->model_options,
                              status);
}

/* The models whose rankings get a CATEGORY column. */
typedef enum {
  MODEL_OTHER,
  MODEL_MOSCOW,
  MODEL_KANO
} ModelKind;

static ModelKind
model_kind (const LpScoreModel *model)
{
  const char *name = model != NULL ? lp_score_model_get_name (model) : "";
  if (strcmp (name, "moscow") == 0 || g_str_has_prefix (name, "moscow:"))
    return MODEL_MOSCOW;
  if (strcmp (name, "kano") == 0)
    return MODEL_KANO;
  return MODEL_OTHER;
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

/* What a ranking shows besides rank, id, score, value, effort and title. */
typedef struct {
  LpScores *scores;   /* the model's scores (QUADRANT, CATEGORY), or NULL */
  gboolean inherit;   /* EFFECTIVE and INHERITED (priority inheritance) */
  gboolean quadrants; /* QUADRANT: the value/effort cell */
  ModelKind kind;     /* CATEGORY for MoSCoW and Kano */
} Extras;

/* The item's MoSCoW or Kano category, or NULL. */
static const char *
item_category (const Extras *x, const LpItem *item)
{
  LpKanoCategory category;
  switch (x->kind)
    {
    case MODEL_MOSCOW:
      if (lp_item_get_moscow (item) == LP_MOSCOW_NONE)
        return NULL;
      return lp_moscow_to_string (lp_item_get_moscow (item));
    case MODEL_KANO:
      if (x->scores == NULL
          || !lp_scores_get_kano_category (x->scores, item, &category))
        return NULL;
      return lp_kano_category_to_string (category);
    case MODEL_OTHER:
    default:
      return NULL;
    }
}

static const char *
item_quadrant (const Extras *x, const LpItem *item)
{
  LpQuadrant quadrant;
  if (x->scores == NULL || !lp_scores_get_quadrant (x->scores, item, &quadrant))
    return NULL;
  return lp_quadrant_to_string (quadrant);
}

/* The columns of a ranking table, in order. */
typedef enum {
  COL_RANK,
  COL_ID,
  COL_SCORE,
  COL_EFFECTIVE,
  COL_INHERITED,
  COL_CATEGORY,
  COL_QUADRANT,
  COL_VALUE,
  COL_EFFORT,
  COL_AFTER,
  N_COLUMNS
} Column;

static const struct {
  const char *header;
  gboolean right; /* numbers are right-aligned */
} columns[N_COLUMNS] = {
  [COL_RANK] = { "RANK", TRUE },
  [COL_ID] = { "ID", FALSE },
  [COL_SCORE] = { "SCORE", TRUE },
  [COL_EFFECTIVE] = { "EFFECTIVE", TRUE },
  [COL_INHERITED] = { "INHERITED", FALSE },
  [COL_CATEGORY] = { "CATEGORY", FALSE },
  [COL_QUADRANT] = { "QUADRANT", FALSE },
  [COL_VALUE] = { "VALUE", TRUE },
  [COL_EFFORT] = { "EFFORT", TRUE },
  [COL_AFTER] = { "AFTER", FALSE },
};

/* The text of one cell: in buf, or a string owned by the item. */
static const char *
cell_text (const LpRanking *ranking, const Extras *x, const LpItem **after,
           guint i, Column column, char *buf, gsize size)
{
  const LpItem *item = lp_ranking_get_item (ranking, i);
  const LpItem *other;
  const char *text;
  switch (column)
    {
    case COL_RANK:
      snprintf (buf, size, "%u", i + 1);
      return buf;
    case COL_ID:
      return lp_item_get_id (item);
    case COL_SCORE:
      format_score (buf, size, lp_ranking_get_score (ranking, i));
      return buf;
    case COL_EFFECTIVE:
      format_score (buf, size, lp_ranking_get_effective_score (ranking, i));
      return buf;
    case COL_INHERITED:
      other = lp_ranking_get_inherited_from (ranking, i);
      return other != NULL ? lp_item_get_id (other) : "-";
    case COL_CATEGORY:
      text = item_category (x, item);
      return text != NULL ? text : "-";
    case COL_QUADRANT:
      text = item_quadrant (x, item);
      return text != NULL ? text : "-";
    case COL_VALUE:
      format_quantity (buf, size, lp_item_get_value (item));
      return buf;
    case COL_EFFORT:
      format_quantity (buf, size, lp_item_get_effort (item));
      return buf;
    case COL_AFTER:
      return after != NULL && after[i] != NULL ? lp_item_get_id (after[i]) : "-";
    case N_COLUMNS:
    default:
      g_return_val_if_reached ("");
    }
}

/* The columns shown, before TITLE; returns how many. */
static guint
table_columns (const Extras *x, gboolean with_after, Column *shown)
{
  guint n = 0;
  shown[n++] = COL_RANK;
  shown[n++] = COL_ID;
  shown[n++] = COL_SCORE;
  if (x->inherit)
    {
      shown[n++] = COL_EFFECTIVE;
      shown[n++] = COL_INHERITED;
    }
  if (x->kind != MODEL_OTHER)
    shown[n++] = COL_CATEGORY;
  if (x->quadrants)
    shown[n++] = COL_QUADRANT;
  shown[n++] = COL_VALUE;
  shown[n++] = COL_EFFORT;
  if (with_after)
    shown[n++] = COL_AFTER;
  return n;
}

/* Hints the cache about an item ahead (both lines of its struct). */
static inline void
prefetch_item (const LpItem *item)
{
  __builtin_prefetch (item);
  __builtin_prefetch ((const char *) item + 64);
}

/* How far ahead the loops over a ranking prefetch. */
#define AHEAD 16

/* Appends a title cut as append_title() does, NUL-terminated. */
static void
buf_put_title (Buf *b, GString *scratch, const char *title)
{
  gsize n = 0;
  while (is_printable_ascii ((unsigned char) title[n]))
    n++;
  if (title[n] == '\0' && n <= TITLE_COLUMNS)
    buf_put (b, title, n + 1);
  else
    {
      g_string_truncate (scratch, 0);
      append_title (scratch, title, TITLE_COLUMNS);
      buf_put (b, scratch->str, scratch->len + 1);
    }
}

/* Appends a NUL-terminated cell; returns its width in columns. */
static inline gsize
buf_put_cell (Buf *b, const char *text, gboolean right)
{
  gsize len = strlen (text);
  buf_put (b, text, len + 1);
  return right ? len : display_width (text);
}

/* 1 + the rank of item (0: not ranked). */
static inline guint
rank_or_zero (LpRanking *ranking, const LpItem *item)
{
  guint r;
  return lp_ranking_find_item (ranking, item, &r) ? r + 1 : 0;
}

/* For the AFTER column: after[i] = the id of the prerequisite the item
 * ranked i waited for (of its prerequisites, the one ranked last), NULL
 * when none; id_width maps the rank to the width of the item's id (255:
 * 255 or more). Returns the widest of those ids.
 *
 * The items are visited in manual order, which reads the dependency lists
 * in the order they are stored; the prerequisites are fetched AHEAD_PRE
 * items early so that their structs are in the cache when their ranks are
 * looked up (lp_ranking_find_item(): one array read by the item's storage
 * index, no detour through its manual position). */
static gsize
find_waited_for (LpRanking *ranking, const guint8 *id_width,
                 const char **after)
{
  LpBacklog *backlog = lp_ranking_get_backlog (ranking);
  gsize widest = 0;
  enum { AHEAD_PRE = 16 };
  guint n_items = lp_backlog_get_n_items (backlog);
  GPtrArray *ring[AHEAD_PRE] = { NULL };

  for (guint pos = 0; pos < MIN (n_items, (guint) AHEAD_PRE); pos++)
    {
      LpItem *item = lp_backlog_get_item_at (backlog, pos);
      if (rank_or_zero (ranking, item) > 0)
        ring[pos] = lp_backlog_dup_prerequisites (backlog, item);
    }

  for (guint pos = 0; pos < n_items; pos++)
    {
      GPtrArray *pre = ring[pos % AHEAD_PRE];
      if (pre != NULL)
        {
          guint best = 0;
          const LpItem *best_item = NULL;
          for (guint p = 0; p < pre->len; p++)
            {
              const LpItem *item = g_ptr_array_index (pre, p);
              guint r = rank_or_zero (ranking, item);
              if (r > best)
                best = r, best_item = item;
            }
          if (best > 0)
            {
              const char *id = lp_item_get_id (best_item);
              gsize w = id_width[best - 1];
              after[rank_or_zero (ranking, lp_backlog_get_item_at (backlog, pos)) - 1] = id;
              widest = MAX (widest, w < 255 ? w : terminal_width (id));
            }
          g_ptr_array_unref (pre);
          ring[pos % AHEAD_PRE] = NULL;
        }
      guint ahead = pos + AHEAD_PRE;
      if (ahead < n_items)
        {
          LpItem *item = lp_backlog_get_item_at (backlog, ahead);
          if (rank_or_zero (ranking, item) > 0)
            {
              pre = lp_backlog_dup_prerequisites (backlog, item);
              for (guint p = 0; p < pre->len; p++)
                prefetch_item (g_ptr_array_index (pre, p));
              ring[ahead % AHEAD_PRE] = pre;
            }
        }
    }
  return widest;
}

/* The order as an aligned table. with_after adds the AFTER column (the
 * prerequisite each item waited for, "-" when none; it answers "why is A
 * above B when B scores higher?").
 *
 * One pass over the ranking (items in score order: random places in
 * memory) renders every cell but AFTER into a compact buffer and measures
 * the columns; find_waited_for() works out AFTER in manual order; a last,
 * sequential pass over the buffer pads and writes the lines in large
 * blocks. */
static void
print_ranking_table (LpRanking *ranking, const Extras *x,
                     gboolean with_after)
{
  LpBacklog *backlog = lp_ranking_get_backlog (ranking);
  guint n = lp_ranking_get_n_items (ranking);
  char buf[64];
  Column shown[N_COLUMNS];
  gsize width[N_COLUMNS];
  guint n_shown = table_columns (x, with_after, shown);
  gboolean any_after = with_after && lp_backlog_get_n_dependencies (backlog) > 0;
  g_autoptr (GString) scratch = g_string_sized_new (256);

  for (guint c = 0; c < n_shown; c++)
    width[c] = strlen (columns[shown[c]].header);

  g_autofree LpItem **items = g_new (LpItem *, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    items[i] = lp_ranking_get_item (ranking, i);

  /* AFTER: the widths of the ids by rank */
  g_autofree guint8 *id_width = NULL;
  if (any_after)
    id_width = g_new (guint8, MAX (n, 1));

  /* pass 1: every cell but RANK and AFTER, NUL-terminated, row after row */
  Buf cells = { 0 };
  buf_grow (&cells, (gsize) n * 32);
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = items[i];
      if (i + AHEAD < n)
        prefetch_item (items[i + AHEAD]);
      if (i + AHEAD / 2 < n) /* its struct is in the cache by now */
        {
          __builtin_prefetch (lp_item_get_id (items[i + AHEAD / 2]));
          __builtin_prefetch (lp_item_get_title (items[i + AHEAD / 2]));
        }
      for (guint c = 1; c < n_shown; c++) /* shown[0] is RANK */
        {
          const char *text;
          char *copy = NULL;
          gsize w;
          switch (shown[c])
            {
            case COL_ID:
              text = terminal_text (lp_item_get_id (item), &copy);
              w = buf_put_cell (&cells, text, FALSE);
              if (any_after)
                id_width[i] = (guint8) MIN (w, 255);
              break;
            case COL_SCORE:
              format_score_fast (buf, sizeof buf,
                                 lp_ranking_get_score (ranking, i));
              w = buf_put_cell (&cells, buf, TRUE);
              break;
            case COL_VALUE:
              format_quantity_fast (buf, sizeof buf, lp_item_get_value (item));
              w = buf_put_cell (&cells, buf, TRUE);
              break;
            case COL_EFFORT:
              format_quantity_fast (buf, sizeof buf, lp_item_get_effort (item));
              w = buf_put_cell (&cells, buf, TRUE);
              break;
            case COL_AFTER:
              continue; /* below */
            default:
              text = cell_text (ranking, x, NULL, i, shown[c], buf, sizeof buf);
              if (!columns[shown[c]].right) /* an id, maybe */
                text = terminal_text (text, &copy);
              w = buf_put_cell (&cells, text, columns[shown[c]].right);
              break;
            }
          g_clear_pointer (&copy, g_free);
          width[c] = MAX (width[c], w);
        }
      buf_put_title (&cells, scratch, lp_item_get_title (item));
    }

  /* AFTER, and its width */
  g_autofree const char **after = NULL;
  if (any_after)
    {
      after = g_new0 (const char *, MAX (n, 1));
      gsize w = find_waited_for (ranking, id_width, after);
      g_clear_pointer (&id_width, g_free);
      for (guint c = 1; c < n_shown; c++)
        if (shown[c] == COL_AFTER)
          width[c] = MAX (width[c], w);
    }

  /* RANK: the widest is the last */
  if (n > 0)
    {
      snprintf (buf, sizeof buf, "%u", n);
      width[0] = MAX (width[0], strlen (buf));
    }

  /* pass 2: the lines */
  Buf out = { 0 };
  buf_grow (&out, OUT_BLOCK + 4096);
  for (guint c = 0; c < n_shown; c++)
    {
      const char *header = columns[shown[c]].header;
      gsize w = strlen (header);
      if (columns[shown[c]].right && w < width[c])
        buf_pad (&out, width[c] - w);
      buf_put (&out, header, w);
      if (!columns[shown[c]].right && w < width[c])
        buf_pad (&out, width[c] - w);
      buf_put (&out, "  ", 2);
    }
  buf_put (&out, "TITLE", 5);
  buf_putc (&out, '\n');

  const char *cell = cells.data;
  for (guint i = 0; i < n; i++)
    {
      gsize line_start = out.len;
      char *end = put_uint (buf, (guint64) i + 1);
      gsize w = (gsize) (end - buf);
      if (any_after && i + AHEAD < n && after[i + AHEAD] != NULL)
        __builtin_prefetch (after[i + AHEAD]);
      if (w < width[0])
        buf_pad (&out, width[0] - w);
      buf_put (&out, buf, w);
      buf_put (&out, "  ", 2);
      for (guint c = 1; c < n_shown; c++)
        {
          const char *text = cell;
          g_autofree char *copy = NULL;
          gsize len;
          if (shown[c] == COL_AFTER)
            text = any_after && after[i] != NULL
                       ? terminal_text (after[i], &copy) : "-";
          len = strlen (text);
          if (columns[shown[c]].right)
            {
              if (len < width[c])
                buf_pad (&out, width[c] - len);
              buf_put (&out, text, len);
            }
          else
            {
              buf_put (&out, text, len);
              w = display_width (text);
              if (w < width[c])
                buf_pad (&out, width[c] - w);
            }
          buf_put (&out, "  ", 2);
          if (shown[c] != COL_AFTER)
            cell += len + 1;
        }
      gsize len = strlen (cell);
      buf_put (&out, cell, len);
      cell += len + 1;
      /* no trailing spaces (end_line()) */
      while (out.len > line_start && out.data[out.len - 1] == ' ')
        out.len--;
      buf_putc (&out, '\n');
      buf_flush (&out, FALSE);
    }
  buf_flush (&out, TRUE);
  buf_free (&out);
  buf_free (&cells);
}

static void
append_json_string_or_null (GString *out, const char *s)
{
  if (s == NULL)
    g_string_append (out, "null");
  else
    append_json_string (out, s);
}

static void
print_ranking_json (const LpRanking *ranking, const Extras *x)
{
  guint n = lp_ranking_get_n_items (ranking);
  g_autoptr (GString) line = g_string_sized_new (OUT_BLOCK + 4096);

  if (n == 0)
    {
      out_cstr ("[]\n");
      return;
    }
  out_cstr ("[\n");
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_item (ranking, i);
      char rank[24];
      if (i + AHEAD < n)
        prefetch_item (lp_ranking_get_item (ranking, i + AHEAD));
      if (i + AHEAD / 2 < n) /* its struct is in the cache by now */
        {
          const LpItem *ahead = lp_ranking_get_item (ranking, i + AHEAD / 2);
          __builtin_prefetch (lp_item_get_id (ahead));
          __builtin_prefetch (lp_item_get_title (ahead));
        }
      *put_uint (rank, (guint64) i + 1) = '\0';
      g_string_append (line, "  {\"rank\": ");
      g_string_append (line, rank);
      g_string_append (line, ", \"id\": ");
      append_json_string (line, lp_item_get_id (item));
      g_string_append (line, ", \"score\": ");
      append_json_number (line, lp_ranking_get_score (ranking, i));
      if (x->inherit)
        {
          const LpItem *from = lp_ranking_get_inherited_from (ranking, i);
          g_string_append (line, ", \"effective_score\": ");
          append_json_number (line, lp_ranking_get_effective_score (ranking, i));
          g_string_append (line, ", \"inherited_from\": ");
          append_json_string_or_null (line, from != NULL ? lp_item_get_id (from)
                                                         : NULL);
        }
      if (x->kind != MODEL_OTHER)
        {
          g_string_append (line, ", \"category\": ");
          append_json_string_or_null (line, item_category (x, item));
        }
      if (x->quadrants)
        {
          g_string_append (line, ", \"quadrant\": ");
          append_json_string_or_null (line, item_quadrant (x, item));
        }
      g_string_append (line, ", \"value\": ");
      append_json_number (line, lp_item_get_value (item));
      g_string_append (line, ", \"effort\": ");
      append_json_number (line, lp_item_get_effort (item));
      g_string_append (line, ", \"title\": ");
      append_json_string (line, lp_item_get_title (item));
      g_string_append (line, i + 1 < n ? "},\n" : "}\n");
      if (line->len >= OUT_BLOCK)
        {
          out_string (line);
          g_string_truncate (line, 0);
        }
    }
  out_string (line);
  out_cstr ("]\n");
}

static void
print_ranking_csv (const LpRanking *ranking, const Extras *x)
{
  guint n = lp_ranking_get_n_items (ranking);
  g_autoptr (GString) line = g_string_sized_new (OUT_BLOCK + 4096);

  g_string_append (line, "rank,id,score");
  if (x->inherit)
    g_string_append (line, ",effective_score,inherited_from");
  if (x->kind != MODEL_OTHER)
    g_string_append (line, ",category");
  if (x->quadrants)
    g_string_append (line, ",quadrant");
  g_string_append (line, ",value,effort,title\r\n");
  for (guint i = 0; i < n; i++)
    {
      const LpItem *item = lp_ranking_get_item (ranking, i);
      const char *text;
      char rank[24];
      if (i + AHEAD < n)
        prefetch_item (lp_ranking_get_item (ranking, i + AHEAD));
      if (i + AHEAD / 2 < n) /* its struct is in the cache by now */
        {
          const LpItem *ahead = lp_ranking_get_item (ranking, i + AHEAD / 2);
          __builtin_prefetch (lp_item_get_id (ahead));
          __builtin_prefetch (lp_item_get_title (ahead));
        }
      char *end = put_uint (rank, (guint64) i + 1);
      *end++ = ',';
      *end = '\0';
      g_string_append (line, rank);
      append_csv_field (line, lp_item_get_id (item));
      g_string_append_c (line, ',');
      append_csv_number (line, lp_ranking_get_score (ranking, i));
      if (x->inherit)
        {
          const LpItem *from = lp_ranking_get_inherited_from (ranking, i);
          g_string_append_c (line, ',');
          append_csv_number (line, lp_ranking_get_effective_score (ranking, i));
          g_string_append_c (line, ',');
          if (from != NULL)
            append_csv_field (line, lp_item_get_id (from));
        }
      if (x->kind != MODEL_OTHER)
        {
          g_string_append_c (line, ',');
          if ((text = item_category (x, item)) != NULL)
            append_csv_field (line, text);
        }
      if (x->quadrants)
        {
          g_string_append_c (line, ',');
          if ((text = item_quadrant (x, item)) != NULL)
            append_csv_field (line, text);
        }
      g_string_append_c (line, ',');
      append_csv_number (line, lp_item_get_value (item));
      g_string_append_c (line, ',');
      append_csv_number (line, lp_item_get_effort (item));
      g_string_append_c (line, ',');
      append_csv_field (line, lp_item_get_title (item));
      g_string_append (line, "\r\n");
      if (line->len >= OUT_BLOCK)
        {
          out_string (line);
          g_string_truncate (line, 0);
        }
    }
  out_string (line);
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
          print_error ("warning: %s not ordered: %s (%s)",
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
      w_id = MAX (w_id, terminal_width (lp_item_get_id (item)));
      w_reason = MAX (w_reason, strlen (reason != NULL ? reason : "?"));
      if (cause != NULL)
        w_cause = MAX (w_cause, terminal_width (lp_item_get_id (cause)));
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

/* "73.33%" */
static void
format_percent (char *buf, gsize size, double share)
{
  format_quantity (buf, size, share * 100);
  g_strlcat (buf, "%", size);
}

/* MoSCoW: DSDM's warning when the musts take more than the limit of the
 * estimated effort. In a table it follows on stdout; with --json or --csv
 * it goes to stderr. */
static void
print_must_share (LpScores *scores, OutputFormat format)
{
  char share_text[64], limit_text[64];
  double limit = NAN;
  double share = lp_scores_get_must_share (scores, &limit);
  if (!lp_scores_must_share_exceeded (scores))
    return;
  format_percent (share_text, sizeof share_text, share);
  format_percent (limit_text, sizeof limit_text, limit);
  if (format == OUTPUT_TABLE)
    printf ("\nWarning: musts take %s of the estimated effort, over the %s "
            "limit (DSDM)\n", share_text, limit_text);
  else
    {
      fflush (stdout);
      print_error ("warning: musts take %s of the estimated effort, over the "
                   "%s limit (DSDM)", share_text, limit_text);
    }
}

static void
print_ranking (LpRanking *ranking, const Extras *x, OutputFormat format,
               gboolean with_after)
{
  switch (format)
    {
    case OUTPUT_TABLE: print_ranking_table (ranking, x, with_after); break;
    case OUTPUT_JSON: print_ranking_json (ranking, x); break;
    case OUTPUT_CSV: print_ranking_csv (ranking, x); break;
    }
  print_excluded (ranking, format);
  if (x->kind == MODEL_MOSCOW && x->scores != NULL)
    print_must_share (x->scores, format);
}

/* Fills x for a ranking by model (NULL: value/effort): the scores are
 * computed when a column needs them. On failure prints the error. */
static gboolean
prepare_extras (Extras *x, const Options *options, LpScoreModel *model,
                LpBacklog *backlog, const char *path)
{
  g_autoptr (GError) error = NULL;
  x->scores = NULL;
  x->inherit = options->inherit;
  x->quadrants = options->quadrants;
  x->kind = model_kind (model);
  if (!x->quadrants && x->kind == MODEL_OTHER)
    return TRUE;
  g_autoptr (LpScoreModel) fallback =
      model == NULL ? lp_score_model_new_value_effort () : NULL;
  x->scores = lp_score_model_apply (model != NULL ? model : fallback, backlog,
                                    &error);
  if (x->scores == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      return FALSE;
    }
  return TRUE;
}

static void
clear_extras (Extras *x)
{
  g_clear_pointer (&x->scores, lp_scores_unref);
}

/* ---------------------------------------------------------------- rank */

static void
add_input_option (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from,
      "Read FILE as FORMAT (json or csv) whatever its name", "FORMAT" },
    { "max-input-size", 0, 0, G_OPTION_ARG_STRING, &options->max_input_size,
      "Refuse a FILE larger than SIZE bytes (K, M, G suffixes; default 1G)",
      "SIZE" },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
}

/* --by, --option and (with_inherit) --inherit. */
static void
add_model_options (GOptionContext *context, Options *options,
                   gboolean with_inherit)
{
  GOptionEntry entries[] = {
    { "by", 0, 0, G_OPTION_ARG_STRING, &options->by,
      "Score with MODEL: value-effort (default), wsjf, rice, ice, cd3, "
      "moscow[:MODEL], kano, scorecard:FILE or formula:EXPR", "MODEL" },
    { "option", 'o', 0, G_OPTION_ARG_STRING_ARRAY, &options->model_options,
      "Set a model option, e.g. reach=users, scale-check=report, "
      "mode=average, must-limit=50% (repeatable)", "KEY=VALUE" },
    { "inherit", 'i', 0, G_OPTION_ARG_NONE, &options->inherit,
      "Priority inheritance: an item's effective score is at least that of "
      "the best item depending on it", NULL },
    G_OPTION_ENTRY_NULL
  };
  if (!with_inherit)
    entries[2] = (GOptionEntry) G_OPTION_ENTRY_NULL;
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
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_model_options (context, options, TRUE);
  add_input_option (context, options);
}

/* What rank and next share: the formats and model from the options, then
 * the backlog; NULL with *status set on failure. */
static LpBacklog *
load_for_ranking (const Command *command, Options *options,
                  OutputFormat *output, LpScoreModel **model, int *status)
{
  Input input;
  if (!parse_input (command, options, &input, status)
      || !parse_output_format (command, options, output, status)
      || !parse_model (command, options, model, status))
    return NULL;
  LpBacklog *backlog = load_backlog (options->args[0], &input);
  if (backlog == NULL)
    *status = EXIT_DATA;
  else if (!bind_model (command, options, model, backlog, options->args[0],
                        status))
    g_clear_pointer (&backlog, lp_backlog_unref);
  return backlog;
}

static int
print_ranking_with_extras (LpRanking *ranking, Options *options,
                           LpScoreModel *model, OutputFormat output,
                           gboolean full)
{
  Extras extras;
  if (!prepare_extras (&extras, options, model,
                       lp_ranking_get_backlog (ranking), options->args[0]))
    return EXIT_DATA;
  print_ranking (ranking, &extras, output, full);
  clear_extras (&extras);
  return EXIT_OK;
}

static void
rank_options (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "lenient", 'l', 0, G_OPTION_ARG_NONE, &options->lenient,
      "Order around dependency cycles and list what was left out", NULL },
    { "quadrants", 'q', 0, G_OPTION_ARG_NONE, &options->quadrants,
      "Add the value/effort quadrant of each item (quick-win, big-bet, "
      "fill-in, time-sink)", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_output_options (context, options);
}

static int
run_rank (const Command *command, Options *options)
{
  const char *path = options->args[0];
  OutputFormat output;
  g_autoptr (LpScoreModel) model = NULL;
  g_autoptr (GError) error = NULL;
  int status = EXIT_OK;

  g_autoptr (LpBacklog) backlog = load_for_ranking (command, options, &output,
                                                    &model, &status);
  if (backlog == NULL)
    return status;

  LpOrderFlags flags = options->lenient ? LP_ORDER_LENIENT : LP_ORDER_STRICT;
  if (options->inherit)
    flags |= LP_ORDER_INHERIT_PRIORITY;
  g_autoptr (LpRanking) ranking =
      lp_backlog_order (backlog, model, flags, &error);
  if (ranking == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      if (g_error_matches (error, LP_ERROR, LP_ERROR_CYCLE))
        fputs (PROGRAM ": hint: 'prioritize check' lists every cycle; "
                       "--lenient orders the rest of the backlog\n",
               stderr);
      return EXIT_DATA;
    }
  return print_ranking_with_extras (ranking, options, model, output, TRUE);
}

/* ---------------------------------------------------------------- next */

static void
next_options (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "number", 'n', 0, G_OPTION_ARG_INT, &options->n,
      "Show the best N ready items (default: 1)", "N" },
    { "quadrants", 'q', 0, G_OPTION_ARG_NONE, &options->quadrants,
      "Add the value/effort quadrant of each item", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_output_options (context, options);
}

static int
run_next (const Command *command, Options *options)
{
  const char *path = options->args[0];
  OutputFormat output;
  g_autoptr (LpScoreModel) model = NULL;
  g_autoptr (GError) error = NULL;
  int status = EXIT_OK;

  if (options->n < 1)
    return usage_error (command, "-n: expected a number >= 1, got %d",
                        options->n);
  g_autoptr (LpBacklog) backlog = load_for_ranking (command, options, &output,
                                                    &model, &status);
  if (backlog == NULL)
    return status;

  g_autoptr (LpRanking) ranking = lp_backlog_next_full (
      backlog, model, (guint) options->n,
      options->inherit ? LP_ORDER_INHERIT_PRIORITY : LP_ORDER_STRICT, &error);
  if (ranking == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      return EXIT_DATA;
    }
  return print_ranking_with_extras (ranking, options, model, output, FALSE);
}

/* ---------------------------------------------------------------- explain */

static void
explain_options (GOptionContext *context, Options *options)
{
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &options->json,
      "Print a JSON object instead of text", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_option_context_add_main_entries (context, entries, NULL);
  add_model_options (context, options, TRUE);
  add_input_option (context, options);
}

/* Readable text for a number of an explanation: "8", "0.8", "0.333333". */
static void
format_term_number (char *buf, gsize size, double v)
{
  if (isnan (v))
    g_strlcpy (buf, "-", size);
  else if (fabs (v) < 1e15 && v == floor (v))
    snprintf (buf, size, "%.0f", v);
  else
    snprintf (buf, size, "%.6g", v);
}

/* A term's input as text: a category term's input is an enum value. */
static void
format_term_input (char *buf, gsize size, const LpExplanation *e, guint i,
                   ModelKind kind)
{
  double v = lp_explanation_get_term_input (e, i);
  const char *name = NULL;
  if (lp_explanation_get_term_role (e, i) == LP_TERM_CATEGORY && !isnan (v))
    {
      if (kind == MODEL_MOSCOW)
        name = lp_moscow_to_string ((LpMoscow) v);
      else if (kind == MODEL_KANO)
        name = lp_kano_category_to_string ((LpKanoCategory) v);
    }
  if (name != NULL)
    g_strlcpy (buf, name, size);
  else
    format_term_number (buf, size, v);
}

/* The "terms" table of an explanation. */
static void
print_terms_table (const LpExplanation *e, ModelKind kind)
{
  enum { T_NAME, T_ROLE, T_INPUT, T_VALUE, T_WEIGHT, T_CONTRIBUTION, T_N };
  static const char *const headers[T_N] = {
    "NAME", "ROLE", "INPUT", "VALUE", "WEIGHT", "CONTRIBUTION"
  };
  guint n = lp_explanation_get_n_terms (e);
  gsize width[T_N];
  char number[T_N][64];
  const char *cell[T_N];
  g_autoptr (GString) line = g_string_sized_new (128);

  for (guint c = 0; c < T_N; c++)
    width[c] = strlen (headers[c]);
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          g_string_assign (line, "  ");
          for (guint c = 0; c < T_N; c++)
            {
              if (c <= T_ROLE)
                append_left (line, headers[c], width[c]);
              else
                append_right (line, headers[c], width[c]);
              g_string_append (line, "  ");
            }
          end_line (line);
          out_string (line);
        }
      for (guint i = 0; i < n; i++)
        {
          const char *role = lp_term_role_to_string (
              lp_explanation_get_term_role (e, i));
          cell[T_NAME] = lp_explanation_get_term_name (e, i);
          cell[T_ROLE] = role != NULL ? role : "?";
          format_term_input (number[T_INPUT], sizeof number[T_INPUT], e, i,
                             kind);
          format_term_number (number[T_VALUE], sizeof number[T_VALUE],
                              lp_explanation_get_term_value (e, i));
          format_term_number (number[T_WEIGHT], sizeof number[T_WEIGHT],
                              lp_explanation_get_term_weight (e, i));
          format_term_number (number[T_CONTRIBUTION],
                              sizeof number[T_CONTRIBUTION],
                              lp_explanation_get_term_contribution (e, i));
          for (guint c = T_INPUT; c < T_N; c++)
            cell[c] = number[c];
          if (pass == 0)
            {
              for (guint c = 0; c < T_N; c++)
                width[c] = MAX (width[c], terminal_width (cell[c]));
              continue;
            }
          g_string_assign (line, "  ");
          for (guint c = 0; c < T_N; c++)
            {
              if (c <= T_ROLE)
                append_left (line, cell[c], width[c]);
              else
                append_right (line, cell[c], width[c]);
              g_string_append (line, "  ");
            }
          end_line (line);
          out_string (line);
        }
    }
}

/* "quick-win: value 7 >= 6.5 (high), effort 1 < 3.5 (low)" */
static char *
describe_quadrant (LpScores *scores, const LpItem *item)
{
  LpQuadrant quadrant;
  double value_threshold = NAN, effort_threshold = NAN;
  char v[64], e[64], vt[64], et[64];
  if (!lp_scores_get_quadrant (scores, item, &quadrant))
    return g_strdup ("- (needs an open item with a value and an effort)");
  lp_scores_get_quadrant_thresholds (scores, &value_threshold,
                                     &effort_threshold);
  double value = lp_item_get_value (item), effort = lp_item_get_effort (item);
  format_term_number (v, sizeof v, value);
  format_term_number (e, sizeof e, effort);
  format_term_number (vt, sizeof vt, value_threshold);
  format_term_number (et, sizeof et, effort_threshold);
  gboolean high_value = value >= value_threshold;
  gboolean high_effort = effort >= effort_threshold;
  return g_strdup_printf ("%s: value %s %s %s (%s), effort %s %s %s (%s)",
                          lp_quadrant_to_string (quadrant), v,
                          high_value ? ">=" : "<", vt,
                          high_value ? "high" : "low", e,
                          high_effort ? ">=" : "<", et,
                          high_effort ? "high" : "low");
}

/* The held-back-by / waits-behind lists as a JSON array of ids. */
static void
append_json_id_array (GString *out, GPtrArray *items)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < items->len; i++)
    {
      if (i > 0)
        g_string_append (out, ", ");
      append_json_string (out, lp_item_get_id (g_ptr_array_index (items, i)));
    }
  g_string_append_c (out, ']');
}

static void
print_explanation_json (const LpExplanation *e, LpScores *scores,
                        LpRanking *ranking, const LpItem *item,
                        ModelKind kind)
{
  g_autoptr (GString) out = g_string_sized_new (1024);
  double score = NAN;
  guint rank = 0;
  LpQuadrant quadrant;
  char buf[64];

  g_string_append (out, "{\n  \"id\": ");
  append_json_string (out, lp_item_get_id (item));
  g_string_append (out, ",\n  \"title\": ");
  append_json_string (out, lp_item_get_title (item));
  g_string_append (out, ",\n  \"model\": ");
  append_json_string (out, lp_explanation_get_model_name (e));
  g_string_append (out, ",\n  \"score\": ");
  append_json_number (out, lp_explanation_get_score (e, &score) ? score : NAN);
  g_string_append (out, ",\n  \"reason\": ");
  append_json_string_or_null (out, lp_explanation_get_reason (e));
  g_string_append (out, ",\n  \"missing_input\": ");
  append_json_string_or_null (out, lp_explanation_get_missing_input (e));
  g_autofree char *text = lp_explanation_to_string (e);
  g_string_append (out, ",\n  \"text\": ");
  append_json_string (out, text);
  g_string_append (out, ",\n  \"terms\": [");
  guint n = lp_explanation_get_n_terms (e);
  for (guint i = 0; i < n; i++)
    {
      const char *role = lp_term_role_to_string (
          lp_explanation_get_term_role (e, i));
      g_string_append (out, i > 0 ? ",\n    {\"name\": " : "\n    {\"name\": ");
      append_json_string (out, lp_explanation_get_term_name (e, i));
      g_string_append (out, ", \"role\": ");
      append_json_string_or_null (out, role);
      g_string_append (out, ", \"input\": ");
      format_term_input (buf, sizeof buf, e, i, kind);
      if (lp_explanation_get_term_role (e, i) == LP_TERM_CATEGORY
          && g_ascii_isalpha (buf[0]))
        append_json_string (out, buf);
      else
        append_json_number (out, lp_explanation_get_term_input (e, i));
      g_string_append (out, ", \"value\": ");
      append_json_number (out, lp_explanation_get_term_value (e, i));
      g_string_append (out, ", \"weight\": ");
      append_json_number (out, lp_explanation_get_term_weight (e, i));
      g_string_append (out, ", \"contribution\": ");
      append_json_number (out, lp_explanation_get_term_contribution (e, i));
      g_string_append_c (out, '}');
    }
  g_string_append (out, n > 0 ? "\n  ],\n  \"quadrant\": " : "],\n  \"quadrant\": ");
  append_json_string_or_null (out, lp_scores_get_quadrant (scores, item, &quadrant)
                                       ? lp_quadrant_to_string (quadrant)
                                       : NULL);
  g_string_append (out, ",\n  \"rank\": ");
  if (lp_ranking_find_item (ranking, item, &rank))
    {
      const LpItem *from = lp_ranking_get_inherited_from (ranking, rank);
      g_string_append_printf (out, "%u", rank + 1);
      g_string_append (out, ",\n  \"effective_score\": ");
      append_json_number (out, lp_ranking_get_effective_score (ranking, rank));
      g_string_append (out, ",\n  \"inherited_from\": ");
      append_json_string_or_null (out, from != NULL ? lp_item_get_id (from)
                                                     : NULL);
    }
  else
    g_string_append (out, "null,\n  \"effective_score\": null"
                          ",\n  \"inherited_from\": null");
  g_autoptr (GPtrArray) held = lp_ranking_dup_held_back_by (ranking, item);
  g_autoptr (GPtrArray) waits = lp_ranking_dup_waits_behind (ranking, item);
  g_string_append (out, ",\n  \"held_back_by\": ");
  append_json_id_array (out, held);
  g_string_append (out, ",\n  \"waits_behind\": ");
  append_json_id_array (out, waits);
  g_autofree char *position = lp_ranking_explain_position (ranking, item);
  g_string_append (out, ",\n  \"position\": ");
  append_json_string (out, position);
  g_string_append (out, "\n}\n");
  out_string (out);
}

static void
print_explanation_text (const LpExplanation *e, LpScores *scores,
                        LpRanking *ranking, const LpItem *item,
                        ModelKind kind)
{
  g_autoptr (GString) out = g_string_sized_new (1024);
  g_autofree char *text = lp_explanation_to_string (e);
  g_autofree char *quadrant = describe_quadrant (scores, item);
  g_autofree char *position = lp_ranking_explain_position (ranking, item);

  append_escaped (out, lp_item_get_id (item), -1);
  if (*lp_item_get_title (item) != '\0')
    {
      g_string_append (out, "  ");
      append_title (out, lp_item_get_title (item), TITLE_COLUMNS);
    }
  g_string_append (out, "\nmodel:     ");
  append_escaped (out, lp_explanation_get_model_name (e), -1);
  g_string_append (out, "\nscore:     ");
  append_escaped (out, text, -1);
  g_string_append_c (out, '\n');
  out_string (out);
  if (lp_explanation_get_n_terms (e) > 0)
    {
      out_cstr ("terms:\n");
      print_terms_table (e, kind);
    }

  g_string_truncate (out, 0);
  /* the inputs off the model's scale (reported or rejected) */
  guint n_violations = lp_scores_get_n_violations (scores);
  for (guint v = 0; v < n_violations; v++)
    {
      const char *input = NULL;
      double value = NAN;
      char number[64];
      if (lp_scores_get_violation (scores, v, &input, &value) != item)
        continue;
      format_term_number (number, sizeof number, value);
      g_string_append (out, "scale:     ");
      append_escaped (out, input, -1);
      g_string_append_printf (out, " %s is off the model's scale\n", number);
    }
  g_string_append_printf (out, "quadrant:  %s\n", quadrant);
  g_string_append (out, "position:\n");
  /* indent every line of the position's reasons */
  for (const char *p = position; *p != '\0';)
    {
      const char *end = strchr (p, '\n');
      gsize len = end != NULL ? (gsize) (end - p) : strlen (p);
      g_string_append (out, "  ");
      append_escaped (out, p, (gssize) len);
      g_string_append_c (out, '\n');
      p += len + (end != NULL ? 1 : 0);
    }
  out_string (out);
}

static int
run_explain (const Command *command, Options *options)
{
  const char *path = options->args[0];
  const char *id = options->args[1];
  Input input;
  int status = EXIT_OK;
  g_autoptr (LpScoreModel) model = NULL;
  g_autoptr (GError) error = NULL;

  if (!parse_input (command, options, &input, &status)
      || !parse_model (command, options, &model, &status))
    return status;
  if (model == NULL)
    model = lp_score_model_new_value_effort ();

  g_autoptr (LpBacklog) backlog = load_backlog (path, &input);
  if (backlog == NULL)
    return EXIT_DATA;
  if (!bind_model (command, options, &model, backlog, path, &status))
    return status;
  const LpItem *item = lp_backlog_get_item (backlog, id);
  if (item == NULL)
    {
      print_error ("%s: no item \"%s\"", display_name (path), id);
      return EXIT_DATA;
    }

  g_autoptr (LpScores) scores = lp_score_model_apply (model, backlog, &error);
  if (scores == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      return EXIT_DATA;
    }
  g_autoptr (LpExplanation) explanation = lp_scores_explain (scores, item);
  /* the position among everything that can be ordered, cycles or not */
  LpOrderFlags flags = LP_ORDER_LENIENT;
  if (options->inherit)
    flags |= LP_ORDER_INHERIT_PRIORITY;
  g_autoptr (LpRanking) ranking =
      lp_backlog_order (backlog, model, flags, &error);
  if (ranking == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      return EXIT_DATA;
    }

  if (options->json)
    print_explanation_json (explanation, scores, ranking, item,
                            model_kind (model));
  else
    print_explanation_text (explanation, scores, ranking, item,
                            model_kind (model));
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
  add_model_options (context, options, FALSE);
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
  append_escaped (line, lp_item_get_id (item), -1);
  g_string_append (line, ": ");
  append_escaped (line, what, -1);
  if (*lp_item_get_title (item) != '\0')
    {
      g_string_append (line, " (");
      append_title (line, lp_item_get_title (item), TITLE_COLUMNS);
      g_string_append_c (line, ')');
    }
  end_line (line);
  out_string (line);
}

/* A finding about the backlog as a whole: an error with --strict. */
static void
report_backlog (CheckReport *report, const char *what)
{
  gboolean is_error = report->options->strict;
  if (is_error)
    report->n_errors++;
  else
    report->n_warnings++;
  GString *line = report->line;
  g_string_truncate (line, 0);
  g_string_append (line, is_error ? "error: " : "warning: ");
  append_escaped (line, what, -1);
  end_line (line);
  out_string (line);
}

/* check --by MODEL: every open item the model leaves unscored, with the
 * reason (the missing input, the input off its scale, ...), every input
 * off the model's scale (the scale check is "reject" unless --option
 * scale-check= says otherwise), and for MoSCoW a must share over the
 * limit. Returns FALSE, with the error printed, when the model cannot be
 * applied at all. */
static gboolean
check_model (CheckReport *report, const Command *command,
             const Options *options, LpScoreModel *model, LpBacklog *backlog,
             const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LpScoreModel) formula = NULL;
  const char *name = lp_score_model_get_name (model);
  int status;

  /* A formula naming an attribute no item has is most likely a typo. */
  if (g_str_has_prefix (name, "formula:"))
    {
      formula = formula_for_backlog (model, backlog, &error);
      if (formula == NULL)
        {
          report->n_errors++;
          g_string_truncate (report->line, 0);
          g_autofree char *what = g_strdup_printf ("--by %s: %s", name,
                                                   error->message);
          g_string_append (report->line, "error: ");
          append_escaped (report->line, what, -1);
          end_line (report->line);
          out_string (report->line);
          return TRUE;
        }
      model = formula;
    }
  /* scale checks on, unless the user's --option said otherwise; models
   * without a scale refuse, which is fine */
  lp_score_model_set_scale_check (model, LP_SCALE_CHECK_REJECT, NULL);
  if (!apply_model_options (command, model, options->model_options, &status))
    return FALSE;

  g_autoptr (LpScores) scores = lp_score_model_apply (model, backlog, &error);
  if (scores == NULL)
    {
      print_error ("%s: %s", display_name (path), error->message);
      return FALSE;
    }

  gboolean moscow = model_kind (model) == MODEL_MOSCOW;
  guint n_violations = lp_scores_get_n_violations (scores);
  guint v = 0;
  guint n_items = lp_backlog_get_n_items (backlog);
  char number[64];
  for (guint i = 0; i < n_items; i++)
    {
      const LpItem *item = lp_backlog_get_item_at (backlog, i);
      LpItemStatus st = lp_item_get_status (item);
      if (st != LP_ITEM_STATUS_TODO && st != LP_ITEM_STATUS_IN_PROGRESS)
        continue;
      gboolean scored = lp_scores_get_score (scores, item, NULL);
      gboolean first = TRUE;
      g_autofree char *reason = scored ? NULL
                                       : lp_scores_dup_reason (scores, item);
      /* the violations are in manual order of the items */
      for (; v < n_violations; v++)
        {
          const char *input = NULL;
          double value = NAN;
          if (lp_scores_get_violation (scores, v, &input, &value) != item)
            break;
          format_exact (number, sizeof number, value);
          if (first && !scored)
            report_item (report, item, reason); /* names this input */
          else
            {
              g_autofree char *what =
                  first ? g_strdup_printf ("%s %s is off the %s scale", input,
                                           number, name)
                        : g_strdup_printf ("%s %s is off the scale too",
                                           input, number);
              report_item (report, item, what);
            }
          first = FALSE;
        }
      if (scored || !first)
        continue;
      if (moscow && lp_item_get_moscow (item) == LP_MOSCOW_WONT)
        continue; /* a decision, not a problem */
      report_item (report, item, reason);
    }

  if (moscow && lp_scores_must_share_exceeded (scores))
    {
      char share_text[64], limit_text[64];
      double limit = NAN;
      double share = lp_scores_get_must_share (scores, &limit);
      format_percent (share_text, sizeof share_text, share);
      format_percent (limit_text, sizeof limit_text, limit);
      g_autofree char *what = g_strdup_printf (
          "musts take %s of the estimated effort, over the %s limit (DSDM)",
          share_text, limit_text);
      report_backlog (report, what);
    }
  return TRUE;
}

/* Appends up to `limit` ids, then "and N more". */
static void
append_id_list (GString *line, GPtrArray *items, guint limit)
{
  for (guint i = 0; i < items->len && i < limit; i++)
    {
      if (i > 0)
        g_string_append (line, ", ");
      append_escaped (line, lp_item_get_id (g_ptr_array_index (items, i)), -1);
    }
  if (items->len > limit)
    g_string_append_printf (line, " and %u more", items->len - limit);
}

static int
run_check (const Command *command, Options *options)
{
  const char *path = options->args[0];
  Input input;
  int status = EXIT_OK;
  g_autoptr (GError) error = NULL;
  g_autoptr (LpScoreModel) model = NULL;

  if (!parse_input (command, options, &input, &status)
      || !parse_model (command, options, &model, &status))
    return status;

  g_autoptr (LpBacklog) backlog = load_backlog (path, &input);
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
      g_string_append (line, "error: dependency cycle: ");
      append_escaped (line, cycle_path, -1);
      g_string_append (line, open ? "\n" : " (no open item in it)\n");
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

  /* 3. With --by: what the model cannot score (its missing inputs, inputs
   *    off its scale) and what it reports about the backlog. */
  if (model != NULL)
    {
      if (!check_model (&report, command, options, model, backlog, path))
        {
          g_string_free (line, TRUE);
          return EXIT_DATA;
        }
    }
  /* 3. Otherwise, open items value/effort cannot rank: no estimate or no
   *    value. Items with children (epics, features) are skipped: their
   *    estimate is their children's. */
  else
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
  Input input;
  int status = EXIT_OK;
  g_autoptr (GError) error = NULL;

  if (!parse_input (command, options, &input, &status))
    return status;
  if (strcmp (out, "-") != 0 && has_suffix_nocase (out, ".csv"))
    return usage_error (command,
                        "%s: convert writes libproduct JSON only; "
                        "name the output *.json or '-'",
                        out);

  g_autoptr (LpBacklog) backlog = load_backlog (in, &input);
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
    "--by MODEL scores with another model: value-effort (value / effort, the\n"
    "default), wsjf, rice, ice, cd3, moscow (or moscow:MODEL, the model that\n"
    "orders within a category), kano, scorecard:FILE (a scorecard definition)\n"
    "or formula:EXPR (e.g. 'formula:(reach * impact * confidence) / effort').\n"
    "Items lacking an input of the model are unscored ('prioritize check --by\n"
    "MODEL' lists them). MoSCoW and Kano add a CATEGORY column; MoSCoW warns\n"
    "when the musts take more than 60% of the estimated effort. --option\n"
    "KEY=VALUE sets a model option: an input's attribute (reach=users),\n"
    "scale-check=ignore|report|reject, mode=product|average (ICE) or\n"
    "absolute|relative (scorecard), value-threshold=N, effort-threshold=N,\n"
    "must-limit=50%.\n"
    "\n"
    "--inherit (priority inheritance): an item's effective score is at least\n"
    "that of the best open item depending on it, so enablers of valuable work\n"
    "move up; the EFFECTIVE and INHERITED columns show the score used and the\n"
    "item it came from. --quadrants adds the value/effort quadrant of each\n"
    "item: quick-win, big-bet, fill-in or time-sink, split at the medians.\n"
    "\n"
    "FILE is a libproduct JSON document or a CSV export (.csv or --from csv);\n"
    "'-' reads standard input.",
    1, run_rank, rank_options },
  { "next", "FILE", "print the best items that can be started now",
    "Prints the N best items that are ready now: open, with every\n"
    "prerequisite done. Same columns and options as 'rank' (without AFTER).\n"
    "\n"
    "FILE is a libproduct JSON document or a CSV export (.csv or --from csv);\n"
    "'-' reads standard input.",
    1, run_next, next_options },
  { "explain", "FILE ID", "explain an item's score and its place",
    "Explains the item ID under the model of --by (default value-effort):\n"
    "  score:    the formula with the item's inputs, e.g.\n"
    "            RICE = reach 1000 x impact 2 x confidence 80% (0.8) / effort 4 = 400,\n"
    "            or why the item is unscored (the input it lacks, ...);\n"
    "  terms:    each input: its role, the value read, the value used, the\n"
    "            weight and what it contributes;\n"
    "  scale:    its inputs off the model's scale, if any;\n"
    "  quadrant: its value/effort cell and the thresholds (the medians);\n"
    "  position: its rank and why: the prerequisites that hold it back, the\n"
    "            items with better scores it waits behind, the priority it\n"
    "            inherited (--inherit), or why it is not ordered.\n"
    "The position comes from the order around cycles (as --lenient).\n"
    "\n"
    "Exit status 1 when FILE does not load or has no item ID.",
    2, run_explain, explain_options },
  { "check", "FILE", "report cycles, blocked items and missing inputs",
    "Validates a backlog and lists what to fix in the tracker:\n"
    "  error:   every dependency cycle (among all items, finished ones too)\n"
    "           with its members and the open items it holds up;\n"
    "  warning: open items blocked by a dropped item;\n"
    "  warning: open items without an estimate or a value (items with\n"
    "           children, such as epics, are skipped).\n"
    "The last line sums up: 'ok: ...' or 'FAILED: ...'.\n"
    "\n"
    "With --by MODEL the last kind of warning is replaced by what that model\n"
    "cannot score: every open item lacking one of its inputs (the missing\n"
    "input is named), every input off the model's scale (WSJF's modified\n"
    "Fibonacci, RICE's impact, ICE's 1..10, a scorecard criterion's scale;\n"
    "--option scale-check=ignore turns that off), Kano answers that classify\n"
    "an item as reverse or questionable, and for MoSCoW musts taking more\n"
    "than the limit of the estimated effort. A formula naming an attribute no\n"
    "item has is an error.\n"
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
    "OUT is replaced atomically and keeps its permissions, owner and group;\n"
    "a symbolic link is kept and the file it points to replaced. On any\n"
    "error OUT is left as it was.",
    2, run_convert, convert_options },
};

static void
print_program_help (FILE *stream)
{
  fputs ("Usage: " PROGRAM " COMMAND [OPTION...] FILE\n"
         "\n"
         "Order a product backlog: the highest score first (value per effort,\n"
         "or WSJF, RICE, ICE, CD3, MoSCoW, Kano, a scorecard or a formula with\n"
         "--by), never an item before the items it depends on.\n"
         "\n"
         "Commands:\n",
         stream);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *left =
          g_strdup_printf ("%s %s", commands[i].name, commands[i].params);
      fprintf (stream, "  %-17s%s\n", left, commands[i].summary);
    }
  fputs ("  help [COMMAND]   show the help of a command\n"
         "\n"
         "Options:\n"
         "  -h, --help       show this help\n"
         "  -V, --version    show the version\n"
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
  g_free (options.max_input_size);
  g_free (options.by);
  g_strfreev (options.strict_labels);
  g_strfreev (options.model_options);
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

  /* a write past the file size limit (ulimit -f) fails with EFBIG, which
   * is reported, instead of killing the program */
  signal (SIGXFSZ, SIG_IGN);
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
