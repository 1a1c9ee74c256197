/* The fast path of loading the `libproduct/1` JSON format: a scanner made
 * for this format, tried before the full loader (lp-json-load.c), which
 * reads the document again whenever this one gives up. It exists for
 * speed alone; what it accepts and builds must be exactly what the full
 * loader would (fuzz/fuzz-json-diff.c checks it). The details follow.
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include "lp-json-loader.h"
#include "lp-buffer.h"
#include "lp-file-io.h"

/*
 * Most documents are valid, and most of the time of loading a big one went
 * to yajl's tokenizing, to its callbacks and to adding the items one at a
 * time. So a document is first read by a scanner made for this format: it
 * reads straight from the input buffer, gathers the items in flat arrays,
 * and adds them all at once (lp_backlog_add_items(), on a backlog that
 * holds no item yet, does no lookup per item). Titles and descriptions go
 * straight into the backlog's strings, labels and attribute names become
 * the backlog's ids as each item ends; the rest of what items set waits in
 * a log (Extra), which is applied, and the items gathered so far added, when
 * it grows big (fast_flush()), so that the memory the scanner holds stays
 * small next to the document's.
 *
 * The scanner gives up ("bails") on anything that is not plainly valid: a
 * syntax or type error, a bad value, a duplicate id, an unknown
 * dependency, a setter that refuses a value, a read error; and on a few
 * rare constructs (a \u escape that yajl would not decode to valid
 * UTF-8, values nested deep in an unknown member: fast_skip()). A
 * repeated member, anywhere, is an error (the full loader reports it). Whatever it gives up on, everything it built is dropped
 * and the document is loaded again from the start by the full loader,
 * which reports the error exactly (item, line and byte) or handles the
 * construct. So the scanner must accept only documents the full loader
 * accepts, and build the same backlog from them; it need not accept all
 * of them. In particular it only accepts what yajl accepts: JSON
 * whitespace, strings without control characters and with valid UTF-8
 * (g_utf8_validate() is stricter than yajl), and numbers of JSON's
 * grammar. A string it accepts holds no NUL character (a NUL byte stops
 * it, and it leaves \u0000 to yajl), so the strings it gathers are C
 * strings as they are.
 *
 * The input is read a chunk at a time into one buffer with a NUL byte
 * after the data: every loop stops at that NUL (a NUL is never valid in
 * JSON text), and only then asks whether it is the end of the data
 * ("more": read more and retry) or a NUL in the document (bail). The
 * document is scanned in steps (a top-level member, an item) that change
 * nothing until they complete, or undo what they appended when they need
 * more data, so a step is simply retried from its start after a read.
 * Nothing recurses: the format's nesting is fixed, and the values of
 * unknown members are skipped with a stack of bits (fast_skip()).
 */

typedef enum {
  FAST_OK,
  FAST_MORE,   /* the step reached the end of the data read so far */
  FAST_BAIL    /* leave the document to the full loader */
} FastStatus;

typedef enum {
  FAST_TOP_BEGIN,    /* before the top-level object */
  FAST_TOP_MEMBER,   /* a member of the top-level object */
  FAST_TOP_NEXT,     /* after a top-level member: ',' or '}' */
  FAST_ITEMS_FIRST,  /* after "items": [ */
  FAST_ITEMS_NEXT,   /* after an item: ',' or ']' */
  FAST_TOP_DONE      /* after the top-level object: only whitespace */
} FastState;

/* What an item sets beyond id, title, kind, status, value and effort,
 * applied through the setters once the item is added, in the order in
 * which end_item() applies them. */
typedef enum {
  EXTRA_DESCRIPTION,   /* text: interned in the backlog */
  EXTRA_ATTRIBUTE,     /* id: the attribute's; number */
  EXTRA_LABEL,         /* id: the label's */
  EXTRA_MOSCOW,        /* id: the category */
  EXTRA_KANO           /* id: functional * 5 + dysfunctional */
} ExtraKind;

typedef struct {
  guint32 position;
  guint16 kind;        /* ExtraKind */
  guint32 id;
  union {
    double number;
    const char *text;
  } v;
} Extra;

/* The log of extras is applied when it reaches this many bytes. (Like
 * READ_CHUNK, it can be set smaller at build time, to exercise the code
 * that only bigger documents reach.) */
#ifndef EXTRAS_FLUSH
#define EXTRAS_FLUSH (8u << 20)
#endif

/* An item's id: its offset in Fast.text while the text grows, then a
 * pointer to the backlog's copy once the item is added. */
typedef union {
  gsize offset;
  const char *str;
} TextRef;

typedef struct {
  const char *s;
  gsize len;
} Str;

/* The columns of the items read so far (lp-buffer.h). */
typedef LpBuffer Vec;

#define VEC_PUSH(v, x) lp_buffer_append ((v), &(x), sizeof (x))

/* Appends s and a NUL to a GString of NUL-separated strings. */
static inline void
append_str0 (GString *g, const char *s, gsize n)
{
  if (G_LIKELY (g->allocated_len - g->len > n + 1))
    {
      memcpy (g->str + g->len, s, n);
      g->len += n + 1;
      g->str[g->len - 1] = '\0';
      g->str[g->len] = '\0';
    }
  else
    {
      g_string_append_len (g, s, (gssize) n);
      g_string_append_c (g, '\0');
    }
}

typedef struct {
  Loader *l;          /* the backlog, the dependencies and the parents */

  /* the input: from fd, else from data */
  int fd;
  guint64 n_read;     /* bytes read from fd (lp_file_read_some()) */
  const char *data;
  gsize data_len, data_pos;
  char *buf;          /* buf[len] is NUL */
  gsize cap, len, pos;
  gboolean eof;
  const char *end;    /* buf + len */

  FastState state;
  gboolean seen_format, seen_product, seen_items;

  /* the items: n_items read, the first n_added of them added */
  guint32 n_items, n_added;
  Vec ids;            /* TextRef, by position */
  GString *text;      /* the ids of the items not added, NUL-terminated */
  /* the items not added, from position n_added */
  Vec titles;         /* const char *, interned; NULL: none */
  Vec values;         /* double, NaN: unset */
  Vec efforts;
  Vec kinds;          /* guint8 */
  Vec statuses;       /* guint8 */
  GArray *extras;     /* Extra */

  /* the item being scanned: its attributes (name in pool, value), labels
   * (in pool) and Kano answers, to be logged in end_item()'s order */
  GString *pool;      /* NUL-terminated */
  GArray *item_attrs;   /* Extra, id: the name's offset in pool */
  GArray *item_labels;  /* Extra, id: the label's offset in pool */
  GByteArray *item_kano;

  /* strings with escapes, decoded */
  GString *esc_key, *esc_id, *esc_title, *esc_desc, *esc_parent, *esc_tmp;
} Fast;

/* Scanning 8 bytes at a time: runs of spaces (indentation), and the plain
 * runs of strings. The buffer has 16 bytes of room after its NUL, so 8
 * bytes can be read at any position up to the NUL. */
#if (defined(__GNUC__) || defined(__clang__)) \
  && G_BYTE_ORDER == G_LITTLE_ENDIAN
#define FAST_WORDS 1
#define ONES G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

static inline guint64
load_word (const void *p)
{
  guint64 w;
  memcpy (&w, p, 8);
  return w;
}
#endif

#ifdef FAST_WORDS
/* 0x80 in each byte of w that is not 0, exactly (no carries between
 * bytes). */
static inline guint64
nonzero_bytes (guint64 w)
{
  return (((w & ~HIGHS) + ~HIGHS) | w) & HIGHS;
}
#endif

#ifndef FAST_WORDS
/* The bytes that end the plain run of a string: '"', '\\', control
 * characters (NUL among them: the end of the buffer) and non-ASCII bytes,
 * which need checking. */
static const guint8 string_stop[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* '"' */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   /* '\\' */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
#endif

/* The scanner stopped at p, on a byte it does not accept: the NUL after
 * the data (read more), or anything else (bail). */
static inline FastStatus
fast_stop (const Fast *f, const char *p)
{
  return p >= f->end ? FAST_MORE : FAST_BAIL;
}

#define FAST_EXPECT(f, p, c) \
  G_STMT_START { \
    if (G_UNLIKELY (*(p) != (c))) \
      return fast_stop ((f), (p)); \
    (p)++; \
  } G_STMT_END

#define FAST_TRY(call) \
  G_STMT_START { \
    FastStatus fast_try_status_ = (call); \
    if (G_UNLIKELY (fast_try_status_ != FAST_OK)) \
      return fast_try_status_; \
  } G_STMT_END


/* JSON's whitespace, beyond the first byte (yajl also takes \v and \f:
 * the full loader handles those). Pretty-printed documents have a newline
 * and a run of spaces: 8 bytes are tested at once. */
static const char *
fast_ws_run (const char *p)
{
#ifdef FAST_WORDS
  for (;;)
    {
      guint64 w = load_word (p);
      guint64 other = nonzero_bytes (w ^ (ONES * ' '))
        & nonzero_bytes (w ^ (ONES * '\n'));
      if (other == 0)
        {
          p += 8;
          continue;
        }
      p += __builtin_ctzll (other) / 8;
      if (*p != '\r' && *p != '\t')
        return p;
      p++;
    }
#else
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
    p++;
  return p;
#endif
}

static inline const char *
fast_ws (const char *p)
{
  /* mostly none, or one space after a colon */
  if ((guchar) *p > ' ')
    return p;
  if (*p == ' ' && (guchar) p[1] > ' ')
    return p + 1;
  return fast_ws_run (p);
}

/* p moved to the first byte that string_stop[] flags. */
static inline const guchar *
string_run (const guchar *p)
{
#ifdef FAST_WORDS
  for (;;)
    {
      /* a byte is flagged by (x - 1) & ~x & 0x80 where it is 0 (with false
       * ones only after it: borrows), by (w - 0x20) & ~w & 0x80 where it
       * is below 0x20, by w & 0x80 where it is not ASCII; the lowest flag
       * is exact */
      guint64 w = load_word (p);
      guint64 q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');
      guint64 t = (((q - ONES) & ~q) | ((b - ONES) & ~b)
                   | ((w - ONES * 0x20) & ~w) | w) & HIGHS;
      if (t != 0)
        return p + __builtin_ctzll (t) / 8;
      p += 8;
    }
#else
  while (!string_stop[*p])
    p++;
  return p;
#endif
}

/* A \u escape at *pp, decoded into esc as UTF-8; moves past it. Only what
 * yajl decodes to valid UTF-8 the standard way: a character other than a
 * surrogate or NUL, or a high surrogate escape followed by a low one.
 * yajl turns the rest into '?', a NUL or invalid UTF-8: the full loader
 * takes those. */
static FastStatus
fast_unicode_escape (Fast *f, const guchar **pp, GString *esc)
{
  const guchar *p = *pp, *bad;
  int hi = lp_json_hex4 (p + 2, &bad);
  if (hi < 0)
    return fast_stop (f, (const char *) bad);
  guint32 cp = (guint32) hi;
  p += 6;
  if (cp == 0 || (cp >= 0xdc00 && cp <= 0xdfff))
    return FAST_BAIL;
  if (cp >= 0xd800 && cp <= 0xdbff)
    {
      if (p[0] != '\\' || p[1] != 'u')
        return fast_stop (f, (const char *) p + (p[0] == '\\'));
      int lo = lp_json_hex4 (p + 2, &bad);
      if (lo < 0)
        return fast_stop (f, (const char *) bad);
      if (lo < 0xdc00 || lo > 0xdfff)
        return FAST_BAIL;
      cp = 0x10000 + ((cp - 0xd800) << 10) + ((guint32) lo - 0xdc00);
      p += 6;
    }
  char utf8[4];
  gint n = g_unichar_to_utf8 (cp, utf8);
  g_string_append_len (esc, utf8, n);
  *pp = p;
  return FAST_OK;
}

/* A string whose plain run stopped at a backslash: decoded again from its
 * start into esc. */
static FastStatus
fast_string_escaped (Fast *f, const char **pp, Str *out, GString *esc)
{
  const guchar *p = (const guchar *) *pp + 1;
  gboolean high = FALSE;
  g_string_truncate (esc, 0);
  for (;;)
    {
      const guchar *run = p;
      p = string_run (p);
      g_string_append_len (esc, (const char *) run, (gssize) (p - run));
      if (*p == '"')
        break;
      if (*p >= 0x80)
        {
          high = TRUE;
          g_string_append_c (esc, (char) *p);
          p++;
          continue;
        }
      if (*p != '\\')
        return fast_stop (f, (const char *) p);
      char c;
      switch (p[1])
        {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u':
          {
            int n = fast_unicode_escape (f, &p, esc);
            if (n != FAST_OK)
              return (FastStatus) n;
            high = TRUE;
            continue;
          }
        default:
          /* a bad escape, or the end */
          return fast_stop (f, (const char *) p + 1);
        }
      g_string_append_c (esc, c);
      p += 2;
    }
  if (high && !g_utf8_validate (esc->str, (gssize) esc->len, NULL))
    return FAST_BAIL;
  out->s = esc->str;
  out->len = esc->len;
  *pp = (const char *) p + 1;
  return FAST_OK;
}

/* A string at *pp (its opening quote); out points into the buffer, or
 * into esc when the string has escapes. */
static inline FastStatus
fast_string (Fast *f, const char **pp, Str *out, GString *esc)
{
  const guchar *start = (const guchar *) *pp + 1, *p = start;
  gboolean high = FALSE;
  if (G_UNLIKELY (start[-1] != '"'))
    return fast_stop (f, *pp);
  for (;;)
    {
      p = string_run (p);
      if (*p == '"')
        break;
      if (*p >= 0x80)
        {
          high = TRUE;
          p++;
          continue;
        }
      if (*p == '\\')
        return fast_string_escaped (f, pp, out, esc);
      return fast_stop (f, (const char *) p);
    }
  if (high && !g_utf8_validate ((const char *) start, p - start, NULL))
    return FAST_BAIL;
  out->s = (const char *) start;
  out->len = (gsize) (p - start);
  *pp = (const char *) p + 1;
  return FAST_OK;
}

static inline gboolean
str_is (Str s, const char *literal)
{
  return key_is (s.s, s.len, literal);
}

/* Exact powers of ten. */
static const double pow10_exact[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13,
  1e14, 1e15
};

/* A number of JSON's grammar, read as lp_json_parse_number() reads it.
 * The common forms, digits with an optional fraction and 15 significant
 * digits at most, are exact: both the digits as an integer and the power
 * of ten are exact doubles, so their quotient is the correctly rounded
 * value, as g_ascii_strtod() gives it. Anything else goes through
 * g_ascii_strtod(). Non-finite values make the full loader report them.
 * out NULL: only checks the number's grammar. */
static FastStatus
fast_number (Fast *f, const char **pp, double *out)
{
  const char *p = *pp, *start = p;
  gboolean simple = TRUE;
  guint64 m = 0;
  guint digits = 0, fraction = 0;
  if (*p == '-')
    {
      simple = FALSE;
      p++;
    }
  if (*p == '0')
    p++;
  else if (*p >= '1' && *p <= '9')
    while (*p >= '0' && *p <= '9')
      {
        m = m * 10 + (guint64) (*p++ - '0');
        digits++;
      }
  else
    return fast_stop (f, p);
  if (*p == '.')
    {
      p++;
      if (!(*p >= '0' && *p <= '9'))
        return fast_stop (f, p);
      while (*p >= '0' && *p <= '9')
        {
          m = m * 10 + (guint64) (*p++ - '0');
          digits++;
          fraction++;
        }
    }
  if (*p == 'e' || *p == 'E')
    {
      simple = FALSE;
      p++;
      if (*p == '+' || *p == '-')
        p++;
      if (!(*p >= '0' && *p <= '9'))
        return fast_stop (f, p);
      while (*p >= '0' && *p <= '9')
        p++;
    }
  /* a number may go on in the data not read yet */
  if (p >= f->end)
    return FAST_MORE;
  if (out == NULL)
    ;
  else if (simple && digits <= 15)
    *out = fraction > 0 ? (double) m / pow10_exact[fraction] : (double) m;
  else if (!lp_json_parse_number (start, (gsize) (p - start), out))
    return FAST_BAIL;
  *pp = p;
  return FAST_OK;
}

/* Whether a value at *pp is null (then moves past it). */
static inline FastStatus
fast_null (Fast *f, const char **pp, gboolean *is_null)
{
  const char *p = *pp;
  *is_null = FALSE;
  if (*p != 'n')
    return FAST_OK;
  if (f->end - p < 4)
    return FAST_MORE;
  if (memcmp (p, "null", 4) != 0)
    return FAST_BAIL;
  *is_null = TRUE;
  *pp = p + 4;
  return FAST_OK;
}

/* A literal at *pp (its first byte matched); moves past it. */
static inline FastStatus
fast_literal (Fast *f, const char **pp, const char *literal)
{
  gsize n = strlen (literal);
  if ((gsize) (f->end - *pp) < n)
    return FAST_MORE;
  if (memcmp (*pp, literal, n) != 0)
    return FAST_BAIL;
  *pp += n;
  return FAST_OK;
}

/* Skips a value of a member the format does not know (yajl skips them:
 * see ST_SKIP), checking it as yajl would. No recursion: the open
 * containers are bits of a word, and the full loader takes values nested
 * deeper than that. */
static FastStatus
fast_skip (Fast *f, const char **pp)
{
  const char *p = *pp;
  guint64 objects = 0;   /* bit k: container k (from the innermost) is an
                          * object, else an array */
  guint depth = 0;
  for (;;)
    {
      /* a value at p */
      Str s;
      switch (*p)
        {
        case '"':
          FAST_TRY (fast_string (f, &p, &s, f->esc_tmp));
          break;
        case 't':
          FAST_TRY (fast_literal (f, &p, "true"));
          break;
        case 'f':
          FAST_TRY (fast_literal (f, &p, "false"));
          break;
        case 'n':
          FAST_TRY (fast_literal (f, &p, "null"));
          break;
        case '{':
        case '[':
          {
            gboolean object = *p == '{';
            if (depth == 64)
              return FAST_BAIL;
            objects = (objects << 1) | (guint64) object;
            depth++;
            p = fast_ws (p + 1);
            if (*p == (object ? '}' : ']'))
              {
                p++;
                objects >>= 1;
                depth--;
                break;
              }
            if (object)
              {
                FAST_TRY (fast_string (f, &p, &s, f->esc_tmp));
                p = fast_ws (p);
                FAST_EXPECT (f, p, ':');
                p = fast_ws (p);
              }
            continue;   /* its first value */
          }
        default:
          FAST_TRY (fast_number (f, &p, NULL));
          break;
        }
      /* after a value: the containers it closes, then the next value */
      for (;;)
        {
          if (depth == 0)
            {
              *pp = p;
              return FAST_OK;
            }
          p = fast_ws (p);
          if (*p == ',')
            {
              p = fast_ws (p + 1);
              if (objects & 1)
                {
                  FAST_TRY (fast_string (f, &p, &s, f->esc_tmp));
                  p = fast_ws (p);
                  FAST_EXPECT (f, p, ':');
                  p = fast_ws (p);
                }
              break;
            }
          FAST_EXPECT (f, p, (objects & 1) ? '}' : ']');
          objects >>= 1;
          depth--;
        }
    }
}

/* After a value in an object or array: ',' (TRUE) or the closing
 * character (FALSE, moved past); anything else fails. */
static inline FastStatus
fast_next (Fast *f, const char **pp, char close, gboolean *more)
{
  const char *p = fast_ws (*pp);
  if (*p == ',')
    *more = TRUE;
  else if (*p == close)
    *more = FALSE;
  else
    return fast_stop (f, p);
  *pp = fast_ws (p + 1);
  return FAST_OK;
}

/* The opening of an object or array: TRUE when it has members. */
static inline FastStatus
fast_open (Fast *f, const char **pp, char open, char close, gboolean *some)
{
  const char *p = *pp;
  *some = FALSE;
  FAST_EXPECT (f, p, open);
  p = fast_ws (p);
  *some = *p != close;
  if (!*some)
    p++;
  *pp = p;
  return FAST_OK;
}

/* fast_open(), or null: then *some is FALSE, as for an empty container
 * (the members that allow null mean "none" by it). */
static inline FastStatus
fast_open_or_null (Fast *f, const char **pp, char open, char close,
                   gboolean *some)
{
  gboolean is_null;
  FAST_TRY (fast_null (f, pp, &is_null));
  if (is_null)
    {
      *some = FALSE;
      return FAST_OK;
    }
  return fast_open (f, pp, open, close, some);
}

/* A string or null; *has says which. */
static inline FastStatus
fast_text (Fast *f, const char **pp, Str *out, gboolean *has, GString *esc)
{
  gboolean is_null;
  FAST_TRY (fast_null (f, pp, &is_null));
  *has = !is_null;
  return is_null ? FAST_OK : fast_string (f, pp, out, esc);
}

/* A kind, status, MoSCoW category or Kano answer by name: the usual one
 * compared at once, the others through their from_string function. */
static inline FastStatus
fast_enum_name (Str s, const char *fast_name, int fast_value,
                gboolean (*from_string) (const char *, int *), int *out)
{
  if (str_is (s, fast_name))
    {
      *out = fast_value;
      return FAST_OK;
    }
  char *name = g_strndup (s.s, s.len);
  gboolean ok = from_string (name, out);
  g_free (name);
  return ok ? FAST_OK : FAST_BAIL;
}

static gboolean
kind_from_string (const char *s, int *out)
{
  LpItemKind v;
  gboolean ok = lp_item_kind_from_string (s, &v, NULL);
  *out = (int) v;
  return ok;
}

static gboolean
status_from_string (const char *s, int *out)
{
  LpItemStatus v;
  gboolean ok = lp_item_status_from_string (s, &v, NULL);
  *out = (int) v;
  return ok;
}

static gboolean
moscow_from_string (const char *s, int *out)
{
  LpMoscow v;
  gboolean ok = lp_moscow_from_string (s, &v, NULL);
  *out = (int) v;
  return ok;
}

static gboolean
kano_from_string (const char *s, int *out)
{
  LpKanoAnswer v;
  gboolean ok = lp_kano_answer_from_string (s, &v, NULL);
  *out = (int) v;
  return ok;
}

/* Appends a string to the item's pool; its offset, or FALSE when the pool
 * outgrows 32-bit offsets (an item of gigabytes: left to the full
 * loader). */
static inline gboolean
fast_pool (Fast *f, Str s, guint32 *offset)
{
  if (f->pool->len + s.len >= G_MAXUINT32)
    return FALSE;
  *offset = (guint32) f->pool->len;
  append_str0 (f->pool, s.s, s.len);
  return TRUE;
}

/* "depends_on": an array of ids, or null. */
static FastStatus
fast_dependencies (Fast *f, const char **pp, guint32 *n_deps)
{
  Loader *l = f->l;
  const char *p = *pp;
  gboolean more;
  FAST_TRY (fast_open_or_null (f, &p, '[', ']', &more));
  while (more)
    {
      Str s;
      FAST_TRY (fast_string (f, &p, &s, f->esc_tmp));
      append_str0 (l->dep_ids, s.s, s.len);
      (*n_deps)++;
      FAST_TRY (fast_next (f, &p, ']', &more));
    }
  *pp = p;
  return FAST_OK;
}

/* "attributes": an object of numbers, or null. */
static FastStatus
fast_attributes (Fast *f, const char **pp)
{
  const char *p = *pp;
  gboolean more;
  FAST_TRY (fast_open_or_null (f, &p, '{', '}', &more));
  while (more)
    {
      Str name;
      Extra e = { 0, EXTRA_ATTRIBUTE, 0, { 0 } };
      FAST_TRY (fast_string (f, &p, &name, f->esc_tmp));
      p = fast_ws (p);
      FAST_EXPECT (f, p, ':');
      p = fast_ws (p);
      FAST_TRY (fast_number (f, &p, &e.v.number));
      if (name.len == 0 || !fast_pool (f, name, &e.id))
        return FAST_BAIL;
      g_array_append_val (f->item_attrs, e);
      FAST_TRY (fast_next (f, &p, '}', &more));
    }
  *pp = p;
  return FAST_OK;
}

/* "labels": an array of strings, or null. */
static FastStatus
fast_labels (Fast *f, const char **pp)
{
  const char *p = *pp;
  gboolean more;
  FAST_TRY (fast_open_or_null (f, &p, '[', ']', &more));
  while (more)
    {
      Str s;
      Extra e = { 0, EXTRA_LABEL, 0, { 0 } };
      FAST_TRY (fast_string (f, &p, &s, f->esc_tmp));
      if (s.len == 0 || !fast_pool (f, s, &e.id))
        return FAST_BAIL;
      g_array_append_val (f->item_labels, e);
      FAST_TRY (fast_next (f, &p, ']', &more));
    }
  *pp = p;
  return FAST_OK;
}

/* "kano_answers": an array of [functional, dysfunctional] pairs, or
 * null. */
static FastStatus
fast_kano (Fast *f, const char **pp)
{
  const char *p = *pp;
  gboolean more;
  FAST_TRY (fast_open_or_null (f, &p, '[', ']', &more));
  while (more)
    {
      int answer[2];
      gboolean in_pair;
      FAST_TRY (fast_open (f, &p, '[', ']', &in_pair));
      for (int k = 0; k < 2; k++)
        {
          Str s;
          if (!in_pair)
            return FAST_BAIL;   /* fewer than two answers */
          FAST_TRY (fast_string (f, &p, &s, f->esc_tmp));
          FAST_TRY (fast_enum_name (s, "neutral", LP_KANO_ANSWER_NEUTRAL,
                                 kano_from_string, &answer[k]));
          FAST_TRY (fast_next (f, &p, ']', &in_pair));
        }
      if (in_pair)
        return FAST_BAIL;       /* more than two */
      guint8 pair = (guint8) (answer[0] * 5 + answer[1]);
      g_byte_array_append (f->item_kano, &pair, 1);
      FAST_TRY (fast_next (f, &p, ']', &more));
    }
  *pp = p;
  return FAST_OK;
}

/* A copy of s among the backlog's strings, as lp_backlog_intern() makes
 * (s is not empty). */
static inline const char *
fast_intern (Fast *f, Str s)
{
  return g_string_chunk_insert_len (f->l->backlog->strings, s.s,
                                    (gssize) s.len);
}

static gboolean fast_flush (Fast *f);

/* Appends an id and its NUL to the text; its reference. */
static inline TextRef
fast_text_ref (Fast *f, Str s)
{
  TextRef r;
  r.offset = f->text->len;
  append_str0 (f->text, s.s, s.len);
  return r;
}

/* One item, at *pp (its '{'). Its members are gathered as end_item()
 * gathers them, then kept only when the item's '}' is reached. */
static FastStatus
fast_item (Fast *f, const char **pp)
{
  Loader *l = f->l;
  const char *p = *pp;
  Str id = { NULL, 0 }, title = { NULL, 0 }, description = { NULL, 0 };
  Str parent = { NULL, 0 };
  gboolean has_id = FALSE, has_title = FALSE, has_description = FALSE;
  gboolean has_parent = FALSE, more;
  double value = NAN, effort = NAN;
  int kind = LP_ITEM_KIND_STORY, status = LP_ITEM_STATUS_TODO;
  int moscow = LP_MOSCOW_NONE;
  guint32 n_deps = 0;
  guint32 seen = 0;   /* ITEM_MEMBER_BIT()s */

  g_string_truncate (f->pool, 0);
  if (f->item_attrs->len > 0)
    g_array_set_size (f->item_attrs, 0);
  if (f->item_labels->len > 0)
    g_array_set_size (f->item_labels, 0);
  if (f->item_kano->len > 0)
    g_byte_array_set_size (f->item_kano, 0);
  FAST_TRY (fast_open (f, &p, '{', '}', &more));
  while (more)
    {
      Str key, s;
      gboolean has;
      FAST_TRY (fast_string (f, &p, &key, f->esc_key));
      p = fast_ws (p);
      FAST_EXPECT (f, p, ':');
      p = fast_ws (p);
      State member = item_member (key.s, key.len);
      /* a member given twice (unknown ones may be) */
      guint32 bit = (guint32) (ITEM_MEMBER_BIT (member)
                               & ~ITEM_MEMBER_BIT (ST_SKIP));
      if (seen & bit)
        return FAST_BAIL;
      seen |= bit;
      switch (member)
        {
        case ST_ITEM_ID:
          FAST_TRY (fast_string (f, &p, &id, f->esc_id));
          has_id = TRUE;
          break;
        case ST_ITEM_TITLE:
          FAST_TRY (fast_text (f, &p, &title, &has_title, f->esc_title));
          break;
        case ST_ITEM_KIND:
          FAST_TRY (fast_text (f, &p, &s, &has, f->esc_tmp));
          kind = LP_ITEM_KIND_STORY;
          if (has)
            FAST_TRY (fast_enum_name (s, "story", LP_ITEM_KIND_STORY,
                                   kind_from_string, &kind));
          break;
        case ST_ITEM_STATUS:
          FAST_TRY (fast_text (f, &p, &s, &has, f->esc_tmp));
          status = LP_ITEM_STATUS_TODO;
          if (has)
            FAST_TRY (fast_enum_name (s, "todo", LP_ITEM_STATUS_TODO,
                                   status_from_string, &status));
          break;
        case ST_ITEM_VALUE:
          value = NAN;
          FAST_TRY (fast_null (f, &p, &has));
          if (!has)
            {
              FAST_TRY (fast_number (f, &p, &value));
              if (!(value >= 0))
                return FAST_BAIL;
            }
          break;
        case ST_ITEM_EFFORT:
          effort = NAN;
          FAST_TRY (fast_null (f, &p, &has));
          if (!has)
            {
              FAST_TRY (fast_number (f, &p, &effort));
              if (!(effort > 0))
                return FAST_BAIL;
            }
          break;
        case ST_ITEM_PARENT:
          FAST_TRY (fast_text (f, &p, &parent, &has_parent, f->esc_parent));
          break;
        case ST_ITEM_DESCRIPTION:
          FAST_TRY (fast_text (f, &p, &description, &has_description,
                               f->esc_desc));
          break;
        case ST_DEPS:
          FAST_TRY (fast_dependencies (f, &p, &n_deps));
          break;
        case ST_ATTRS:
          FAST_TRY (fast_attributes (f, &p));
          break;
        case ST_LABELS:
          FAST_TRY (fast_labels (f, &p));
          break;
        case ST_ITEM_MOSCOW:
          FAST_TRY (fast_text (f, &p, &s, &has, f->esc_tmp));
          moscow = LP_MOSCOW_NONE;
          if (has)
            FAST_TRY (fast_enum_name (s, "must", LP_MOSCOW_MUST,
                                   moscow_from_string, &moscow));
          break;
        case ST_KANO:
          FAST_TRY (fast_kano (f, &p));
          break;
        default:
          FAST_TRY (fast_skip (f, &p));
          break;
        }
      FAST_TRY (fast_next (f, &p, '}', &more));
    }

  /* what end_item() would refuse is left to it */
  if (!has_id || id.len == 0 || f->n_items >= G_MAXUINT32 - 1)
    return FAST_BAIL;

  LpBacklog *b = l->backlog;
  guint32 position = f->n_items++;
  TextRef ref = fast_text_ref (f, id);
  VEC_PUSH (&f->ids, ref);
  const char *interned = has_title && title.len > 0 ? fast_intern (f, title)
                                                    : NULL;
  VEC_PUSH (&f->titles, interned);
  VEC_PUSH (&f->values, value);
  VEC_PUSH (&f->efforts, effort);
  guint8 byte = (guint8) kind;
  VEC_PUSH (&f->kinds, byte);
  byte = (guint8) status;
  VEC_PUSH (&f->statuses, byte);
  g_array_append_val (l->item_n_deps, n_deps);
  l->n_deps_total += n_deps;

  if (has_description && description.len > 0)
    {
      Extra e = { position, EXTRA_DESCRIPTION, 0, { 0 } };
      e.v.text = fast_intern (f, description);
      g_array_append_val (f->extras, e);
    }
  /* attributes and labels are created in the order in which end_item()
   * creates them: the backlog's lists of them come out the same */
  for (guint i = 0; i < f->item_attrs->len; i++)
    {
      Extra e = g_array_index (f->item_attrs, Extra, i);
      e.position = position;
      e.id = lp_backlog_attribute_id (b, f->pool->str + e.id, TRUE);
      if (lp_json_attribute_repeated (l, e.id, position))
        return FAST_BAIL;
      g_array_append_val (f->extras, e);
    }
  for (guint i = 0; i < f->item_labels->len; i++)
    {
      Extra e = g_array_index (f->item_labels, Extra, i);
      e.position = position;
      e.id = lp_backlog_label_id (b, f->pool->str + e.id, TRUE);
      g_array_append_val (f->extras, e);
    }
  if (moscow != LP_MOSCOW_NONE)
    {
      Extra e = { position, EXTRA_MOSCOW, (guint32) moscow, { 0 } };
      g_array_append_val (f->extras, e);
    }
  for (guint i = 0; i < f->item_kano->len; i++)
    {
      Extra e = { position, EXTRA_KANO, f->item_kano->data[i], { 0 } };
      g_array_append_val (f->extras, e);
    }
  if (has_parent)
    {
      ParentRef pr = { position, l->parent_ids->len };
      append_str0 (l->parent_ids, parent.s, parent.len);
      g_array_append_val (l->parents, pr);
    }
  if (f->extras->len >= EXTRAS_FLUSH / sizeof (Extra) && !fast_flush (f))
    return FAST_BAIL;
  *pp = p;
  return FAST_OK;
}

/* "product": an object with "name" and "vision", or null. */
static FastStatus
fast_product (Fast *f, const char **pp)
{
  const char *p = *pp;
  gboolean more, has_name = FALSE, has_vision = FALSE;
  gboolean name_set = FALSE, vision_set = FALSE, is_null;
  Str name = { NULL, 0 }, vision = { NULL, 0 };
  FAST_TRY (fast_null (f, &p, &is_null));
  if (is_null)
    {
      *pp = p;
      return FAST_OK;
    }
  FAST_TRY (fast_open (f, &p, '{', '}', &more));
  while (more)
    {
      Str key = { NULL, 0 };   /* set by fast_string() (the analyzer
                                  * cannot tell) */
      FAST_TRY (fast_string (f, &p, &key, f->esc_key));
      p = fast_ws (p);
      FAST_EXPECT (f, p, ':');
      p = fast_ws (p);
      if (str_is (key, "name"))
        {
          if (name_set)
            return FAST_BAIL;
          FAST_TRY (fast_text (f, &p, &name, &has_name, f->esc_title));
          name_set = TRUE;
        }
      else if (str_is (key, "vision"))
        {
          if (vision_set)
            return FAST_BAIL;
          FAST_TRY (fast_text (f, &p, &vision, &has_vision, f->esc_desc));
          vision_set = TRUE;
        }
      else
        FAST_TRY (fast_skip (f, &p));
      FAST_TRY (fast_next (f, &p, '}', &more));
    }
  /* set them now that the step is done */
  LpBacklog *b = f->l->backlog;
  char *s = has_name ? g_strndup (name.s, name.len) : NULL;
  gboolean ok = !name_set || lp_backlog_set_name (b, s, NULL);
  g_free (s);
  s = has_vision ? g_strndup (vision.s, vision.len) : NULL;
  ok = ok && (!vision_set || lp_backlog_set_vision (b, s, NULL));
  g_free (s);
  if (!ok)
    return FAST_BAIL;
  *pp = p;
  return FAST_OK;
}

/* One step from f->pos; moves f->pos past it when it completes. */
static FastStatus
fast_step (Fast *f)
{
  const char *p = fast_ws (f->buf + f->pos);
  /* whitespace is never part of a step: keep it out of the buffer */
  f->pos = (gsize) (p - f->buf);
  switch (f->state)
    {
    case FAST_TOP_BEGIN:
      {
        gboolean more;
        FAST_TRY (fast_open (f, &p, '{', '}', &more));
        f->state = more ? FAST_TOP_MEMBER : FAST_TOP_DONE;
        break;
      }

    case FAST_TOP_MEMBER:
      {
        Str key, s;
        /* the state changes only once the step is complete: one that
         * needs more data is retried from its start, in this state */
        FastState next = FAST_TOP_NEXT;
        FAST_TRY (fast_string (f, &p, &key, f->esc_key));
        p = fast_ws (p);
        FAST_EXPECT (f, p, ':');
        p = fast_ws (p);
        /* a repeated member: left to the full loader */
        if ((str_is (key, "format") && f->seen_format)
            || (str_is (key, "product") && f->seen_product)
            || (str_is (key, "items") && f->seen_items))
          return FAST_BAIL;
        if (str_is (key, "format"))
          {
            FAST_TRY (fast_string (f, &p, &s, f->esc_tmp));
            if (!str_is (s, LP_FILE_FORMAT))
              return FAST_BAIL;
            f->seen_format = TRUE;
          }
        else if (str_is (key, "product"))
          {
            FAST_TRY (fast_product (f, &p));
            f->seen_product = TRUE;
          }
        else if (str_is (key, "items"))
          {
            gboolean is_null;
            FAST_TRY (fast_null (f, &p, &is_null));
            if (!is_null)
              {
                FAST_EXPECT (f, p, '[');
                next = FAST_ITEMS_FIRST;
              }
            f->seen_items = TRUE;
          }
        else
          FAST_TRY (fast_skip (f, &p));
        f->state = next;
        break;
      }

    case FAST_TOP_NEXT:
      if (*p == ',')
        f->state = FAST_TOP_MEMBER;
      else if (*p == '}')
        f->state = FAST_TOP_DONE;
      else
        return fast_stop (f, p);
      p++;
      break;

    case FAST_ITEMS_FIRST:
    case FAST_ITEMS_NEXT:
      if (*p == ']')
        {
          p++;
          f->state = FAST_TOP_NEXT;
          break;
        }
      if (f->state == FAST_ITEMS_NEXT)
        {
          FAST_EXPECT (f, p, ',');
          p = fast_ws (p);
        }
      {
        /* what the item appends as it goes, undone if it needs more */
        Loader *l = f->l;
        gsize deps_len = l->dep_ids->len;
        FastStatus st = fast_item (f, &p);
        if (st != FAST_OK)
          {
            g_string_truncate (l->dep_ids, deps_len);
            return st;
          }
      }
      f->state = FAST_ITEMS_NEXT;
      break;

    case FAST_TOP_DONE:
      /* only whitespace may follow, up to the end */
      return *p != '\0' || p < f->end ? FAST_BAIL
        : f->eof ? FAST_OK : FAST_MORE;
    }
  f->pos = (gsize) (p - f->buf);
  return FAST_OK;
}

/* Reads more input after what is left of the buffer, filling it (or up
 * to the end of the input: then f->eof); FALSE on a read error (then the
 * full loader reads again and reports it).
 *
 * The step being retried is scanned again from its start after each read,
 * so each read must bring in about as much as the step holds already: the
 * buffer doubles when the step leaves less than half a chunk free, and is
 * filled whole (read() may return less). A step of n bytes then costs
 * O(n) in all, however many reads it spans. */
static gboolean
fast_read (Fast *f)
{
  /* keep the step being retried, move it to the front */
  memmove (f->buf, f->buf + f->pos, f->len - f->pos);
  f->len -= f->pos;
  f->pos = 0;
  if (f->cap - f->len < READ_CHUNK / 2)
    {
      /* a step longer than the buffer (a huge item) */
      f->cap *= 2;
      f->buf = g_realloc (f->buf, f->cap + 16);
    }
  while (f->len < f->cap && !f->eof)
    {
      gsize want = f->cap - f->len, got;
      if (f->fd >= 0)
        {
          gssize n = lp_file_read_some (f->fd, f->buf + f->len, want,
                                        &f->n_read, f->l->max_size, NULL);
          if (n < 0)
            return FALSE;
          got = (gsize) n;
        }
      else
        {
          got = MIN (want, f->data_len - f->data_pos);
          memcpy (f->buf + f->len, f->data + f->data_pos, got);
          f->data_pos += got;
        }
      f->eof = got == 0;
      f->len += got;
    }
  /* the NUL that stops every loop, and room to read 8 bytes at once */
  memset (f->buf + f->len, 0, 16);
  f->end = f->buf + f->len;
  return TRUE;
}

/* Adds the items read since the last flush, then applies what they and
 * the items before set beyond what lp_backlog_add_items() sets. */
static gboolean
fast_flush (Fast *f)
{
  LpBacklog *b = f->l->backlog;
  guint32 first = f->n_added, n = f->n_items - first;

  if (n == 0)
    return TRUE;   /* then no extras either */
  /* the text is complete: offsets become pointers */
  G_STATIC_ASSERT (sizeof (TextRef) == sizeof (const char *));
  TextRef *ids = (TextRef *) (void *) f->ids.data + first;
  for (guint32 i = 0; i < n; i++)
    ids[i].str = f->text->str + ids[i].offset;
  if (!lp_backlog_add_items (b, n, (const char *const *) (void *) ids, NULL,
                             (const double *) (void *) f->values.data,
                             (const double *) (void *) f->efforts.data,
                             NULL))
    return FALSE;
  const char **titles = (const char **) (void *) f->titles.data;
  for (guint32 i = 0; i < n; i++)
    {
      LpItem *item = lp_backlog_get_item_at (b, first + i);
      /* resolving reads the backlog's copy: the text goes */
      ids[i].str = lp_item_get_id (item);
      if (titles[i] != NULL)
        lp_item_store_title (item, titles[i]);
      guint8 kind = (guint8) f->kinds.data[i];
      guint8 status = (guint8) f->statuses.data[i];
      if (kind != LP_ITEM_KIND_STORY)
        lp_item_set_kind (item, (LpItemKind) kind);
      if (status != LP_ITEM_STATUS_TODO)
        lp_item_set_status (item, (LpItemStatus) status);
    }
  f->n_added = f->n_items;
  g_string_truncate (f->text, 0);
  f->titles.len = f->values.len = f->efforts.len = 0;
  f->kinds.len = f->statuses.len = 0;

  for (guint i = 0; i < f->extras->len; i++)
    {
      const Extra *e = &g_array_index (f->extras, Extra, i);
      LpItem *item = lp_backlog_get_item_at (b, e->position);
      gboolean ok = TRUE;
      switch ((ExtraKind) e->kind)
        {
        case EXTRA_DESCRIPTION:
          /* checked, not empty, and the item's is empty: what
           * lp_item_set_description() would do */
          lp_item_store_description (item, e->v.text);
          break;
        case EXTRA_ATTRIBUTE:
          ok = lp_item_set_attribute (item, b->attr_names->pdata[e->id],
                                      e->v.number, NULL);
          break;
        case EXTRA_LABEL:
          /* checked when read, and its id found by end_item () */
          lp_item_add_label_id (item, e->id);
          break;
        case EXTRA_MOSCOW:
          lp_item_set_moscow (item, (LpMoscow) e->id);
          break;
        case EXTRA_KANO:
          lp_item_add_kano_answer (item, (LpKanoAnswer) (e->id / 5),
                                   (LpKanoAnswer) (e->id % 5));
          break;
        }
      if (!ok)
        return FALSE;
    }
  g_array_set_size (f->extras, 0);
  return TRUE;
}

/* Adds what is left, then resolves. */
static gboolean
fast_finish (Fast *f)
{
  if (!fast_flush (f))
    return FALSE;
  g_string_free (f->text, TRUE);
  f->text = NULL;
  g_clear_pointer (&f->titles.data, g_free);
  g_clear_pointer (&f->values.data, g_free);
  g_clear_pointer (&f->efforts.data, g_free);
  g_clear_pointer (&f->kinds.data, g_free);
  g_clear_pointer (&f->statuses.data, g_free);
  const char *const *ids = (const char *const *) (void *) f->ids.data;
  return lp_json_resolve_dependencies (f->l, ids, f->n_items)
    && lp_json_resolve_parents (f->l);
}

LpBacklog *
lp_json_fast_load (Loader *l, const char *data, gsize length, int fd)
{
  Fast f = { 0 };
  f.l = l;
  f.fd = fd;
  f.data = data;
  f.data_len = length;
  f.cap = READ_CHUNK;
  f.buf = g_malloc (f.cap + 16);
  f.text = g_string_new (NULL);
  f.extras = g_array_new (FALSE, FALSE, sizeof (Extra));
  f.pool = g_string_new (NULL);
  f.item_attrs = g_array_new (FALSE, FALSE, sizeof (Extra));
  f.item_labels = g_array_new (FALSE, FALSE, sizeof (Extra));
  f.item_kano = g_byte_array_new ();
  f.esc_key = g_string_new (NULL);
  f.esc_id = g_string_new (NULL);
  f.esc_title = g_string_new (NULL);
  f.esc_desc = g_string_new (NULL);
  f.esc_parent = g_string_new (NULL);
  f.esc_tmp = g_string_new (NULL);
  l->fast = TRUE;

  gboolean ok = fast_read (&f);
  /* a byte order mark is no part of the document (the full loader skips
   * it too) */
  f.pos = lp_json_bom_length (f.buf, f.len);
  while (ok)
    {
      FastStatus st = fast_step (&f);
      if (st == FAST_OK && f.state == FAST_TOP_DONE && f.eof
          && f.pos == f.len)
        break;
      if (st == FAST_BAIL || (st == FAST_MORE && f.eof))
        ok = FALSE;
      else if (st == FAST_MORE)
        ok = fast_read (&f);
    }
  g_free (f.buf);
  ok = ok && f.seen_format;
  g_string_free (f.esc_key, TRUE);
  g_string_free (f.esc_id, TRUE);
  g_string_free (f.esc_title, TRUE);
  g_string_free (f.esc_desc, TRUE);
  g_string_free (f.esc_parent, TRUE);
  g_string_free (f.esc_tmp, TRUE);
  g_array_unref (f.item_attrs);
  g_array_unref (f.item_labels);
  g_byte_array_unref (f.item_kano);

  ok = ok && fast_finish (&f);

  if (f.text != NULL)
    g_string_free (f.text, TRUE);
  g_free (f.ids.data);
  g_free (f.titles.data);
  g_free (f.values.data);
  g_free (f.efforts.data);
  g_free (f.kinds.data);
  g_free (f.statuses.data);
  g_array_unref (f.extras);
  g_string_free (f.pool, TRUE);
  l->fast = FALSE;
  LpBacklog *b = l->backlog;
  l->backlog = NULL;
  if (!ok)
    {
      lp_backlog_unref (b);
      return NULL;
    }
  return b;
}
