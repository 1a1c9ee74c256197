/* Loading the `libproduct/1` JSON format.
 *
 * The document is parsed with yajl's streaming (callback) API straight into
 * a new backlog: no tree is built and nothing here recurses on the input's
 * nesting (yajl keeps its own nesting stack on the heap, and unknown members
 * are skipped with a depth counter).
 *
 * An item's members may come in any order, so each item is gathered in a
 * scratch record and added to the backlog when its object closes.
 * Dependencies and parents may name items further down the file: their ids
 * are kept in one growing buffer (NUL-separated, no allocation per
 * dependency) and resolved once every item is read, the dependencies in bulk
 * with lp_backlog_add_dependencies().
 *
 * Errors name the item (by id when it is known, else by its index in
 * "items") and give the line and byte offset. An error found before the
 * "format" member has been seen is held back until the format is known:
 * a document of another format version must be reported as such, not by
 * whatever it contains that this version rejects.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <yajl/yajl_parse.h>

#include "lp-private.h"

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch (p)
#else
#define PREFETCH(p) ((void) (p))
#endif

typedef enum {
  ST_DOC,             /* expecting the top-level object */
  ST_TOP,             /* in the top-level object: a key or its end */
  ST_FORMAT,          /* the value of "format" */
  ST_PRODUCT,         /* the value of "product" */
  ST_PRODUCT_KEY,
  ST_PRODUCT_NAME,
  ST_PRODUCT_VISION,
  ST_ITEMS,           /* the value of "items" */
  ST_ITEMS_ELEM,      /* in "items": an item object or the end */
  ST_ITEM_KEY,        /* in an item: a key or its end */
  ST_ITEM_ID,
  ST_ITEM_TITLE,
  ST_ITEM_KIND,
  ST_ITEM_STATUS,
  ST_ITEM_VALUE,
  ST_ITEM_EFFORT,
  ST_ITEM_PARENT,
  ST_ITEM_DESCRIPTION,
  ST_DEPS,            /* the value of "depends_on" */
  ST_DEPS_ELEM,
  ST_ATTRS,           /* the value of "attributes" */
  ST_ATTRS_KEY,
  ST_ATTRS_VAL,
  ST_LABELS,          /* the value of "labels" */
  ST_LABELS_ELEM,
  ST_ITEM_MOSCOW,     /* the value of "moscow" */
  ST_KANO,            /* the value of "kano_answers" */
  ST_KANO_PAIR,       /* in "kano_answers": a pair or the end */
  ST_KANO_FUNCTIONAL, /* in a pair: its first answer */
  ST_KANO_DYSFUNCTIONAL,
  ST_KANO_PAIR_END,
  ST_SKIP,            /* skipping one value, then back to `resume` */
  ST_END              /* after the top-level object */
} State;

typedef enum {
  EV_NULL,
  EV_BOOLEAN,
  EV_NUMBER,
  EV_STRING,
  EV_START_MAP,
  EV_KEY,
  EV_END_MAP,
  EV_START_ARRAY,
  EV_END_ARRAY
} Event;

typedef struct {
  guint32 child;      /* position */
  gsize id;           /* offset of the parent's id in parent_ids */
} ParentRef;

typedef struct {
  gsize name;         /* offset in pool */
  double value;
} AttrRef;

typedef struct {
  const char *data;       /* the whole document, or NULL when streamed */
  gsize length;           /* its length (streamed: the bytes read so far) */
  gsize chunk_base;       /* offset of the chunk being parsed */
  int fd;                 /* the file streamed, for line numbers; or -1 */
  yajl_handle parser;
  LpBacklog *backlog;
  GError *error;

  State state;
  State resume;       /* where ST_SKIP returns */
  gsize skip_depth;   /* open containers inside the skipped value */
  gsize depth;        /* open containers in the document */

  gboolean format_seen;   /* "format" was read and is supported */
  gboolean no_drain;      /* the error is final, stop at once */
  gboolean draining;      /* an error is held until "format" is known */
  gboolean drain_format_next;

  /* the item being read */
  guint32 item_index;     /* its index in "items" = its position */
  gsize item_offset;      /* byte offset of its '{' */
  gboolean has_id, has_title, has_description, has_parent;
  gboolean has_value, has_effort;
  gsize id_offset;
  GString *id;
  GString *title;
  GString *description;
  GString *parent;
  GString *scratch;
  LpItemKind kind;
  LpItemStatus status;
  double value, effort;
  guint32 n_deps;
  GString *pool;          /* attribute names and labels, NUL-separated */
  GArray *attrs;          /* AttrRef */
  GArray *labels;         /* gsize offsets in pool */
  GString *attr_name;     /* the attribute whose value comes next */
  LpMoscow moscow;
  GByteArray *kano;       /* answer pairs, functional * 5 + dysfunctional */
  guint8 kano_functional;
  int pending_code;       /* an error found before the item's id */
  char *pending_message;
  gsize pending_offset;

  /* gathered for every item, resolved at the end */
  GArray *item_offsets;   /* gsize, by position */
  GArray *item_n_deps;    /* guint32, by position */
  GString *dep_ids;       /* NUL-separated, in item order */
  guint64 n_deps_total;
  GString *parent_ids;    /* NUL-separated */
  GArray *parents;        /* ParentRef */
} Loader;

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

static gsize
current_offset (Loader *l)
{
  gsize off = l->chunk_base + yajl_get_bytes_consumed (l->parser);
  return MIN (off, l->length);
}

/* The line of a byte offset in a streamed file, counted again from the
 * start: only errors need it. */
static guint
line_at_fd (int fd, gsize offset)
{
  char buf[65536];
  guint line = 1;
  gsize pos = 0;
  while (fd >= 0 && pos < offset)
    {
      ssize_t n = pread (fd, buf, MIN (sizeof buf, offset - pos), (off_t) pos);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      for (const char *p = buf, *end = buf + n;
           (p = memchr (p, '\n', (gsize) (end - p))) != NULL; p++)
        line++;
      pos += (gsize) n;
    }
  return line;
}

static guint
line_at (const Loader *l, gsize offset)
{
  if (l->data == NULL)
    return line_at_fd (l->fd, MIN (offset, l->length));
  guint line = 1;
  const char *p = l->data;
  const char *end = l->data + MIN (offset, l->length);
  while (p < end && (p = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      line++;
      p++;
    }
  return line;
}

/* Sets l->error: `item "ID": message (line L, byte B)`; item_id may be
 * NULL (then `items[N]: ` when in_item, else nothing). */
static void
set_error (Loader *l, int code, const char *item_id, gboolean in_item,
           gsize offset, const char *message)
{
  guint line = line_at (l, offset);
  g_clear_error (&l->error);
  if (item_id != NULL)
    g_set_error (&l->error, LP_ERROR, code, "item \"%s\": %s (line %u, byte %"
                 G_GSIZE_FORMAT ")", item_id, message, line, offset);
  else if (in_item)
    g_set_error (&l->error, LP_ERROR, code, "items[%u]: %s (line %u, byte %"
                 G_GSIZE_FORMAT ")", l->item_index, message, line, offset);
  else
    g_set_error (&l->error, LP_ERROR, code, "%s (line %u, byte %"
                 G_GSIZE_FORMAT ")", message, line, offset);
}

/* Records a fatal error; returns the callback's verdict: stop (0), or go on
 * reading (1) only to find the "format" member when it has not been seen
 * yet. */
static int
fail (Loader *l, int code, const char *item_id, gboolean in_item,
      gsize offset, const char *message)
{
  set_error (l, code, item_id, in_item, offset, message);
  if (l->format_seen || l->no_drain)
    return 0;
  l->draining = TRUE;
  l->drain_format_next = FALSE;
  return 1;
}

static int G_GNUC_PRINTF (3, 4)
fail_top (Loader *l, int code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *message = g_strdup_vprintf (format, args);
  va_end (args);
  int r = fail (l, code, NULL, FALSE, current_offset (l), message);
  g_free (message);
  return r;
}

/* An error within the current item. Before its id is known, the error is
 * held until the item's end so that the message can name the item; then
 * reading goes on (returns 1). */
static int G_GNUC_PRINTF (3, 4)
fail_item (Loader *l, int code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *message = g_strdup_vprintf (format, args);
  va_end (args);
  if (l->pending_message == NULL)
    {
      l->pending_code = code;
      l->pending_message = message;
      l->pending_offset = current_offset (l);
    }
  else
    g_free (message);   /* the first error in the item wins */
  if (!l->has_id)
    return 1;
  message = l->pending_message;
  l->pending_message = NULL;
  int r = fail (l, l->pending_code, l->id->str, TRUE, l->pending_offset,
                message);
  g_free (message);
  return r;
}

static const char *
event_name (Event ev)
{
  switch (ev)
    {
    case EV_NULL: return "null";
    case EV_BOOLEAN: return "a boolean";
    case EV_NUMBER: return "a number";
    case EV_STRING: return "a string";
    case EV_START_MAP: return "an object";
    case EV_START_ARRAY: return "an array";
    default: return "a value";
    }
}

/* After an item error that reading goes on from: skip the offending value
 * and continue at `resume`. */
static int
skip_value (Loader *l, Event ev, State resume)
{
  if (ev == EV_START_MAP || ev == EV_START_ARRAY)
    {
      l->state = ST_SKIP;
      l->resume = resume;
      l->skip_depth = 1;
    }
  else
    l->state = resume;
  return 1;
}

/* A value of the wrong type in an item; `format` says what was expected. */
static int G_GNUC_PRINTF (4, 5)
wrong_type (Loader *l, Event ev, State resume, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *what = g_strdup_vprintf (format, args);
  va_end (args);
  gboolean recorded = fail_item (l, LP_ERROR_FORMAT, "%s (got %s)", what,
                                 event_name (ev));
  g_free (what);
  if (!recorded)
    return 0;
  return skip_value (l, ev, resume);
}

/* ------------------------------------------------------------------------ */
/* Values                                                                    */

static gboolean
key_is (const char *s, gsize len, const char *key)
{
  gsize n = strlen (key);
  return len == n && memcmp (s, key, n) == 0;
}

/* Copies a string value; FALSE if it holds a NUL character (it could not be
 * kept as a C string). */
static gboolean
take_string (GString *dst, const char *s, gsize len)
{
  g_string_truncate (dst, 0);
  g_string_append_len (dst, s, (gssize) len);
  return memchr (s, '\0', len) == NULL;
}

static gboolean
parse_number (const char *s, gsize len, double *out)
{
  if (len > 0 && len <= 15)
    {
      /* fast path: a small non-negative integer (exact in a double) */
      guint64 n = 0;
      gsize i = 0;
      while (i < len && s[i] >= '0' && s[i] <= '9')
        n = n * 10 + (guint64) (s[i++] - '0');
      if (i == len)
        {
          *out = (double) n;
          return TRUE;
        }
    }
  char buf[64];
  char *text = len < sizeof buf ? buf : g_malloc (len + 1);
  memcpy (text, s, len);
  text[len] = '\0';
  *out = g_ascii_strtod (text, NULL);
  if (text != buf)
    g_free (text);
  return isfinite (*out);
}

static void
begin_item (Loader *l)
{
  l->item_offset = current_offset (l) > 0 ? current_offset (l) - 1 : 0;
  l->has_id = l->has_title = l->has_description = l->has_parent = FALSE;
  l->has_value = l->has_effort = FALSE;
  l->kind = LP_ITEM_KIND_STORY;
  l->status = LP_ITEM_STATUS_TODO;
  l->n_deps = 0;
  g_string_truncate (l->pool, 0);
  g_array_set_size (l->attrs, 0);
  g_array_set_size (l->labels, 0);
  l->moscow = LP_MOSCOW_NONE;
  g_byte_array_set_size (l->kano, 0);
}

/* Appends the location of the item's id to an error from the core. */
static int
fail_from (Loader *l, GError *err, gsize offset)
{
  guint line = line_at (l, offset);
  g_clear_error (&l->error);
  g_set_error (&l->error, LP_ERROR, err->code, "%s (line %u, byte %"
               G_GSIZE_FORMAT ")", err->message, line, offset);
  g_error_free (err);
  if (l->format_seen || l->no_drain)
    return 0;
  l->draining = TRUE;
  l->drain_format_next = FALSE;
  return 1;
}

static int
end_item (Loader *l)
{
  LpBacklog *b = l->backlog;
  GError *err = NULL;

  if (l->pending_message != NULL)
    {
      char *message = l->pending_message;
      l->pending_message = NULL;
      int r = fail (l, l->pending_code, l->has_id ? l->id->str : NULL, TRUE,
                    l->pending_offset, message);
      g_free (message);
      return r;
    }
  if (!l->has_id)
    return fail (l, LP_ERROR_FORMAT, NULL, TRUE, current_offset (l),
                 "missing \"id\"");

  LpItem *item = lp_backlog_add_item (b, l->id->str,
                                      l->has_title ? l->title->str : NULL,
                                      &err);
  if (item == NULL)
    {
      LpItem *existing = lp_backlog_get_item (b, l->id->str);
      if (existing == NULL)
        return fail_from (l, err, l->id_offset);
      g_error_free (err);
      gsize first = g_array_index (l->item_offsets, gsize,
                                   lp_item_get_position (existing));
      char *message = g_strdup_printf ("duplicate id (first used at line %u)",
                                       line_at (l, first));
      int r = fail (l, LP_ERROR_DUPLICATE_ID, l->id->str, TRUE, l->id_offset,
                    message);
      g_free (message);
      return r;
    }
  g_array_append_val (l->item_offsets, l->item_offset);
  g_array_append_val (l->item_n_deps, l->n_deps);
  l->item_index++;

  if (l->kind != LP_ITEM_KIND_STORY)
    lp_item_set_kind (item, l->kind);
  if (l->status != LP_ITEM_STATUS_TODO)
    lp_item_set_status (item, l->status);
  if (l->has_value && !lp_item_set_value (item, l->value, &err))
    return fail_from (l, err, l->item_offset);
  if (l->has_effort && !lp_item_set_effort (item, l->effort, &err))
    return fail_from (l, err, l->item_offset);
  if (l->has_description && l->description->len > 0
      && !lp_item_set_description (item, l->description->str, &err))
    return fail_from (l, err, l->item_offset);
  for (guint i = 0; i < l->attrs->len; i++)
    {
      const AttrRef *a = &g_array_index (l->attrs, AttrRef, i);
      if (!lp_item_set_attribute (item, l->pool->str + a->name, a->value,
                                  &err))
        return fail_from (l, err, l->item_offset);
    }
  for (guint i = 0; i < l->labels->len; i++)
    {
      gsize off = g_array_index (l->labels, gsize, i);
      if (!lp_item_add_label (item, l->pool->str + off, &err))
        return fail_from (l, err, l->item_offset);
    }
  if (l->moscow != LP_MOSCOW_NONE)
    lp_item_set_moscow (item, l->moscow);
  for (guint i = 0; i < l->kano->len; i++)
    lp_item_add_kano_answer (item, l->kano->data[i] / 5, l->kano->data[i] % 5);
  if (l->has_parent)
    {
      ParentRef ref = { lp_item_get_position (item), l->parent_ids->len };
      g_string_append_len (l->parent_ids, l->parent->str,
                           (gssize) l->parent->len + 1);
      g_array_append_val (l->parents, ref);
    }
  return 1;
}

/* ------------------------------------------------------------------------ */
/* The state machine                                                        */

/* While an error is held: look only for the top-level "format" member. */
static int
drain (Loader *l, Event ev, const char *s, gsize len)
{
  if (ev == EV_KEY)
    {
      l->drain_format_next = l->depth == 1 && key_is (s, len, "format");
      return 1;
    }
  if (!l->drain_format_next)
    return 1;
  l->drain_format_next = FALSE;
  l->draining = FALSE;
  l->no_drain = TRUE;
  if (ev == EV_STRING && key_is (s, len, LP_FILE_FORMAT))
    return 0; /* supported: report the held error */
  /* the format check below replaces the held error */
  l->state = ST_FORMAT;
  return -1;
}

static int
format_value (Loader *l, Event ev, const char *s, gsize len)
{
  if (ev != EV_STRING)
    {
      l->no_drain = TRUE;
      return fail_top (l, LP_ERROR_FORMAT,
                       "\"format\" must be a string (got %s)",
                       event_name (ev));
    }
  if (key_is (s, len, LP_FILE_FORMAT))
    {
      l->format_seen = TRUE;
      l->state = ST_TOP;
      return 1;
    }
  l->no_drain = TRUE;
  char *value = g_strndup (s, len);
  int r;
  if (g_str_has_prefix (value, "libproduct/"))
    r = fail_top (l, LP_ERROR_FORMAT,
                  "unsupported format \"%s\": this version of libproduct "
                  "reads \"" LP_FILE_FORMAT "\"", value);
  else
    r = fail_top (l, LP_ERROR_FORMAT,
                  "not a libproduct document: \"format\" is \"%s\", "
                  "expected \"" LP_FILE_FORMAT "\"", value);
  g_free (value);
  return r;
}

static int
item_key (Loader *l, const char *s, gsize len)
{
  State next = ST_SKIP;
  switch (len)
    {
    case 2:
      if (key_is (s, len, "id"))
        next = ST_ITEM_ID;
      break;
    case 4:
      if (key_is (s, len, "kind"))
        next = ST_ITEM_KIND;
      break;
    case 5:
      if (key_is (s, len, "title"))
        next = ST_ITEM_TITLE;
      else if (key_is (s, len, "value"))
        next = ST_ITEM_VALUE;
      break;
    case 6:
      if (key_is (s, len, "status"))
        next = ST_ITEM_STATUS;
      else if (key_is (s, len, "effort"))
        next = ST_ITEM_EFFORT;
      else if (key_is (s, len, "parent"))
        next = ST_ITEM_PARENT;
      else if (key_is (s, len, "labels"))
        next = ST_LABELS;
      else if (key_is (s, len, "moscow"))
        next = ST_ITEM_MOSCOW;
      break;
    case 12:
      if (key_is (s, len, "kano_answers"))
        next = ST_KANO;
      break;
    case 10:
      if (key_is (s, len, "depends_on"))
        next = ST_DEPS;
      else if (key_is (s, len, "attributes"))
        next = ST_ATTRS;
      break;
    case 11:
      if (key_is (s, len, "description"))
        next = ST_ITEM_DESCRIPTION;
      break;
    default:
      break;
    }
  if (next == ST_SKIP)
    {
      l->resume = ST_ITEM_KEY;
      l->skip_depth = 0;
    }
  l->state = next;
  return 1;
}

/* A string member of an item that may be null. */
static int
item_text (Loader *l, Event ev, const char *s, gsize len, GString *dst,
           gboolean *has, const char *name)
{
  if (ev == EV_NULL)
    {
      *has = FALSE;
      l->state = ST_ITEM_KEY;
      return 1;
    }
  if (ev != EV_STRING)
    {
      return wrong_type (l, ev, ST_ITEM_KEY, "\"%s\" must be a string", name);
    }
  l->state = ST_ITEM_KEY;
  if (!take_string (dst, s, len))
    return fail_item (l, LP_ERROR_INVALID_VALUE,
                      "\"%s\" contains a NUL character", name);
  *has = TRUE;
  return 1;
}

static int
item_number (Loader *l, Event ev, const char *s, gsize len, gboolean effort)
{
  const char *name = effort ? "effort" : "value";
  l->state = ST_ITEM_KEY;
  if (ev == EV_NULL)
    {
      if (effort)
        l->has_effort = FALSE;
      else
        l->has_value = FALSE;
      return 1;
    }
  if (ev != EV_NUMBER)
    {
      return wrong_type (l, ev, ST_ITEM_KEY,
                         "\"%s\" must be a number or null", name);
    }
  double v;
  if (!parse_number (s, len, &v))
    return fail_item (l, LP_ERROR_INVALID_VALUE,
                      "%s must be a finite number (got %.*s)", name,
                      (int) MIN (len, 40), s);
  if (effort)
    {
      if (!(v > 0))
        return fail_item (l, LP_ERROR_INVALID_VALUE,
                          "effort must be > 0 (got %.*s)",
                          (int) MIN (len, 40), s);
      l->effort = v;
      l->has_effort = TRUE;
    }
  else
    {
      if (!(v >= 0))
        return fail_item (l, LP_ERROR_INVALID_VALUE,
                          "value must be >= 0 (got %.*s)",
                          (int) MIN (len, 40), s);
      l->value = v;
      l->has_value = TRUE;
    }
  return 1;
}

static int
item_enum (Loader *l, Event ev, const char *s, gsize len, gboolean status)
{
  const char *name = status ? "status" : "kind";
  l->state = ST_ITEM_KEY;
  if (ev == EV_NULL)
    {
      if (status)
        l->status = LP_ITEM_STATUS_TODO;
      else
        l->kind = LP_ITEM_KIND_STORY;
      return 1;
    }
  if (ev != EV_STRING)
    {
      return wrong_type (l, ev, ST_ITEM_KEY, "\"%s\" must be a string", name);
    }
  gboolean ok = take_string (l->scratch, s, len);
  if (ok && status)
    ok = lp_item_status_from_string (l->scratch->str, &l->status, NULL);
  else if (ok)
    ok = lp_item_kind_from_string (l->scratch->str, &l->kind, NULL);
  if (!ok)
    return fail_item (l, LP_ERROR_INVALID_VALUE, "unknown %s \"%s\"", name,
                      l->scratch->str);
  return 1;
}

static int
product_text (Loader *l, Event ev, const char *s, gsize len, gboolean vision)
{
  const char *name = vision ? "vision" : "name";
  GError *err = NULL;
  gboolean ok;
  l->state = ST_PRODUCT_KEY;
  if (ev == EV_NULL)
    ok = vision ? lp_backlog_set_vision (l->backlog, NULL, &err)
                : lp_backlog_set_name (l->backlog, NULL, &err);
  else if (ev == EV_STRING)
    {
      if (!take_string (l->scratch, s, len))
        return fail_top (l, LP_ERROR_INVALID_VALUE,
                         "product \"%s\" contains a NUL character", name);
      ok = vision ? lp_backlog_set_vision (l->backlog, l->scratch->str, &err)
                  : lp_backlog_set_name (l->backlog, l->scratch->str, &err);
    }
  else
    return fail_top (l, LP_ERROR_FORMAT,
                     "product \"%s\" must be a string (got %s)", name,
                     event_name (ev));
  if (!ok)
    return fail_from (l, err, current_offset (l));
  return 1;
}

static int
handle (Loader *l, Event ev, const char *s, gsize len)
{
  if (ev == EV_START_MAP || ev == EV_START_ARRAY)
    l->depth++;
  else if (ev == EV_END_MAP || ev == EV_END_ARRAY)
    l->depth--;

  if (l->draining)
    {
      int r = drain (l, ev, s, len);
      if (r >= 0)
        return r;
      /* r < 0: check the format value normally */
    }

  switch (l->state)
    {
    case ST_SKIP:
      if (ev == EV_START_MAP || ev == EV_START_ARRAY)
        l->skip_depth++;
      else if (ev == EV_END_MAP || ev == EV_END_ARRAY)
        l->skip_depth--;
      if (l->skip_depth == 0)
        l->state = l->resume;
      return 1;

    case ST_DOC:
      if (ev != EV_START_MAP)
        {
          l->no_drain = TRUE;
          return fail_top (l, LP_ERROR_FORMAT,
                           "not a libproduct document: the top level must "
                           "be an object (got %s)", event_name (ev));
        }
      l->state = ST_TOP;
      return 1;

    case ST_TOP:
      if (ev == EV_END_MAP)
        {
          l->state = ST_END;
          if (!l->format_seen)
            {
              l->no_drain = TRUE;
              return fail_top (l, LP_ERROR_FORMAT,
                               "not a libproduct document: missing \"format\" "
                               "member (expected \"" LP_FILE_FORMAT "\")");
            }
          return 1;
        }
      if (key_is (s, len, "format"))
        l->state = ST_FORMAT;
      else if (key_is (s, len, "product"))
        l->state = ST_PRODUCT;
      else if (key_is (s, len, "items"))
        l->state = ST_ITEMS;
      else
        {
          l->state = ST_SKIP;
          l->resume = ST_TOP;
          l->skip_depth = 0;
        }
      return 1;

    case ST_FORMAT:
      return format_value (l, ev, s, len);

    case ST_PRODUCT:
      if (ev == EV_START_MAP)
        l->state = ST_PRODUCT_KEY;
      else if (ev == EV_NULL)
        l->state = ST_TOP;
      else
        return fail_top (l, LP_ERROR_FORMAT,
                         "\"product\" must be an object (got %s)",
                         event_name (ev));
      return 1;

    case ST_PRODUCT_KEY:
      if (ev == EV_END_MAP)
        l->state = ST_TOP;
      else if (key_is (s, len, "name"))
        l->state = ST_PRODUCT_NAME;
      else if (key_is (s, len, "vision"))
        l->state = ST_PRODUCT_VISION;
      else
        {
          l->state = ST_SKIP;
          l->resume = ST_PRODUCT_KEY;
          l->skip_depth = 0;
        }
      return 1;

    case ST_PRODUCT_NAME:
      return product_text (l, ev, s, len, FALSE);

    case ST_PRODUCT_VISION:
      return product_text (l, ev, s, len, TRUE);

    case ST_ITEMS:
      if (ev == EV_START_ARRAY)
        l->state = ST_ITEMS_ELEM;
      else if (ev == EV_NULL)
        l->state = ST_TOP;
      else
        return fail_top (l, LP_ERROR_FORMAT,
                         "\"items\" must be an array (got %s)",
                         event_name (ev));
      return 1;

    case ST_ITEMS_ELEM:
      if (ev == EV_END_ARRAY)
        {
          l->state = ST_TOP;
          return 1;
        }
      if (ev != EV_START_MAP)
        return fail_top (l, LP_ERROR_FORMAT,
                         "items[%u] must be an object (got %s)",
                         l->item_index, event_name (ev));
      begin_item (l);
      l->state = ST_ITEM_KEY;
      return 1;

    case ST_ITEM_KEY:
      if (ev == EV_END_MAP)
        {
          l->state = ST_ITEMS_ELEM;
          return end_item (l);
        }
      return item_key (l, s, len);

    case ST_ITEM_ID:
      l->state = ST_ITEM_KEY;
      if (ev != EV_STRING)
        return wrong_type (l, ev, ST_ITEM_KEY, "\"id\" must be a string");
      if (!take_string (l->id, s, len))
        return fail_item (l, LP_ERROR_INVALID_VALUE,
                          "\"id\" contains a NUL character");
      l->has_id = TRUE;
      l->id_offset = current_offset (l);
      /* the item is added at its end: its id's cell can arrive meanwhile */
      lp_id_table_prefetch (&l->backlog->ids, l->id->str);
      return 1;

    case ST_ITEM_TITLE:
      return item_text (l, ev, s, len, l->title, &l->has_title, "title");

    case ST_ITEM_DESCRIPTION:
      return item_text (l, ev, s, len, l->description, &l->has_description,
                        "description");

    case ST_ITEM_PARENT:
      return item_text (l, ev, s, len, l->parent, &l->has_parent, "parent");

    case ST_ITEM_KIND:
      return item_enum (l, ev, s, len, FALSE);

    case ST_ITEM_STATUS:
      return item_enum (l, ev, s, len, TRUE);

    case ST_ITEM_VALUE:
      return item_number (l, ev, s, len, FALSE);

    case ST_ITEM_EFFORT:
      return item_number (l, ev, s, len, TRUE);

    case ST_DEPS:
      if (ev == EV_START_ARRAY)
        l->state = ST_DEPS_ELEM;
      else if (ev == EV_NULL)
        l->state = ST_ITEM_KEY;
      else
        return wrong_type (l, ev, ST_ITEM_KEY,
                           "\"depends_on\" must be an array of item ids");
      return 1;

    case ST_DEPS_ELEM:
      if (ev == EV_END_ARRAY)
        {
          l->state = ST_ITEM_KEY;
          return 1;
        }
      if (ev != EV_STRING)
        return wrong_type (l, ev, ST_DEPS_ELEM,
                           "\"depends_on\" must be an array of item ids");
      if (memchr (s, '\0', len) != NULL)
        return fail_item (l, LP_ERROR_INVALID_VALUE,
                          "\"depends_on\" names an id with a NUL character");
      g_string_append_len (l->dep_ids, s, (gssize) len);
      g_string_append_c (l->dep_ids, '\0');
      l->n_deps++;
      l->n_deps_total++;
      return 1;

    case ST_ATTRS:
      if (ev == EV_START_MAP)
        l->state = ST_ATTRS_KEY;
      else if (ev == EV_NULL)
        l->state = ST_ITEM_KEY;
      else
        return wrong_type (l, ev, ST_ITEM_KEY,
                           "\"attributes\" must be an object");
      return 1;

    case ST_ATTRS_KEY:
      if (ev == EV_END_MAP)
        {
          l->state = ST_ITEM_KEY;
          return 1;
        }
      l->state = ST_ATTRS_VAL;
      if (!take_string (l->attr_name, s, len))
        return fail_item (l, LP_ERROR_INVALID_VALUE,
                          "an attribute name contains a NUL character");
      return 1;

    case ST_ATTRS_VAL:
      {
        double v;
        if (ev != EV_NUMBER)
          {
            return wrong_type (l, ev, ST_ATTRS_KEY,
                               "attribute \"%s\" must be a number",
                               l->attr_name->str);
          }
        l->state = ST_ATTRS_KEY;
        if (!parse_number (s, len, &v))
          return fail_item (l, LP_ERROR_INVALID_VALUE,
                            "attribute \"%s\" must be a finite number "
                            "(got %.*s)", l->attr_name->str,
                            (int) MIN (len, 40), s);
        AttrRef a = { l->pool->len, v };
        g_string_append_len (l->pool, l->attr_name->str,
                             (gssize) l->attr_name->len + 1);
        g_array_append_val (l->attrs, a);
        return 1;
      }

    case ST_LABELS:
      if (ev == EV_START_ARRAY)
        l->state = ST_LABELS_ELEM;
      else if (ev == EV_NULL)
        l->state = ST_ITEM_KEY;
      else
        return wrong_type (l, ev, ST_ITEM_KEY,
                           "\"labels\" must be an array of strings");
      return 1;

    case ST_LABELS_ELEM:
      if (ev == EV_END_ARRAY)
        {
          l->state = ST_ITEM_KEY;
          return 1;
        }
      if (ev != EV_STRING)
        return wrong_type (l, ev, ST_LABELS_ELEM,
                           "\"labels\" must be an array of strings");
      if (memchr (s, '\0', len) != NULL)
        return fail_item (l, LP_ERROR_INVALID_VALUE,
                          "a label contains a NUL character");
      {
        gsize off = l->pool->len;
        g_string_append_len (l->pool, s, (gssize) len);
        g_string_append_c (l->pool, '\0');
        g_array_append_val (l->labels, off);
      }
      return 1;

    case ST_ITEM_MOSCOW:
      l->state = ST_ITEM_KEY;
      if (ev == EV_NULL)
        {
          l->moscow = LP_MOSCOW_NONE;
          return 1;
        }
      if (ev != EV_STRING)
        return wrong_type (l, ev, ST_ITEM_KEY, "\"moscow\" must be a string");
      if (!take_string (l->scratch, s, len) ||
          !lp_moscow_from_string (l->scratch->str, &l->moscow, NULL))
        return fail_item (l, LP_ERROR_INVALID_VALUE, "unknown MoSCoW category "
                          "\"%s\" (expected must, should, could or wont)",
                          l->scratch->str);
      return 1;

    case ST_KANO:
      if (ev == EV_START_ARRAY)
        l->state = ST_KANO_PAIR;
      else if (ev == EV_NULL)
        l->state = ST_ITEM_KEY;
      else
        return wrong_type (l, ev, ST_ITEM_KEY, "\"kano_answers\" must be an "
                           "array of [functional, dysfunctional] pairs");
      return 1;

    case ST_KANO_PAIR:
      if (ev == EV_END_ARRAY)
        l->state = ST_ITEM_KEY;
      else if (ev == EV_START_ARRAY)
        l->state = ST_KANO_FUNCTIONAL;
      else
        return wrong_type (l, ev, ST_KANO_PAIR, "\"kano_answers\" must be an "
                           "array of [functional, dysfunctional] pairs");
      return 1;

    case ST_KANO_FUNCTIONAL:
    case ST_KANO_DYSFUNCTIONAL:
    case ST_KANO_PAIR_END:
      {
        State st = l->state;
        if (ev == EV_END_ARRAY)
          {
            l->state = ST_KANO_PAIR;
            if (st != ST_KANO_PAIR_END)
              return fail_item (l, LP_ERROR_FORMAT, "a Kano answer pair must "
                                "have two answers, functional and dysfunctional");
            return 1;
          }
        if (st == ST_KANO_PAIR_END)
          {
            if (!fail_item (l, LP_ERROR_FORMAT, "a Kano answer pair must have "
                            "two answers, functional and dysfunctional"))
              return 0;
            return skip_value (l, ev, ST_KANO_PAIR_END);
          }
        State next = st == ST_KANO_FUNCTIONAL ? ST_KANO_DYSFUNCTIONAL
          : ST_KANO_PAIR_END;
        if (ev != EV_STRING)
          return wrong_type (l, ev, next, "a Kano answer must be one of like, "
                             "expect, neutral, tolerate, dislike");
        l->state = next;
        LpKanoAnswer a;
        if (!take_string (l->scratch, s, len) ||
            !lp_kano_answer_from_string (l->scratch->str, &a, NULL))
          return fail_item (l, LP_ERROR_INVALID_VALUE, "unknown Kano answer "
                            "\"%s\" (expected like, expect, neutral, tolerate "
                            "or dislike)", l->scratch->str);
        if (st == ST_KANO_FUNCTIONAL)
          l->kano_functional = (guint8) a;
        else
          {
            guint8 pair = (guint8) (l->kano_functional * 5 + a);
            g_byte_array_append (l->kano, &pair, 1);
          }
        return 1;
      }

    case ST_END:
    default:
      return 1;
    }
}

/* ------------------------------------------------------------------------ */
/* yajl callbacks                                                           */

static int
cb_null (void *ctx)
{
  return handle (ctx, EV_NULL, NULL, 0);
}

static int
cb_boolean (void *ctx, int value)
{
  return handle (ctx, EV_BOOLEAN, NULL, 0);
}

static int
cb_number (void *ctx, const char *s, size_t len)
{
  return handle (ctx, EV_NUMBER, s, len);
}

static int
cb_string (void *ctx, const unsigned char *s, size_t len)
{
  return handle (ctx, EV_STRING, (const char *) s, len);
}

static int
cb_start_map (void *ctx)
{
  return handle (ctx, EV_START_MAP, NULL, 0);
}

static int
cb_map_key (void *ctx, const unsigned char *s, size_t len)
{
  return handle (ctx, EV_KEY, (const char *) s, len);
}

static int
cb_end_map (void *ctx)
{
  return handle (ctx, EV_END_MAP, NULL, 0);
}

static int
cb_start_array (void *ctx)
{
  return handle (ctx, EV_START_ARRAY, NULL, 0);
}

static int
cb_end_array (void *ctx)
{
  return handle (ctx, EV_END_ARRAY, NULL, 0);
}

static const yajl_callbacks callbacks = {
  cb_null,
  cb_boolean,
  NULL, /* integers and doubles come as text, through cb_number */
  NULL,
  cb_number,
  cb_string,
  cb_start_map,
  cb_map_key,
  cb_end_map,
  cb_start_array,
  cb_end_array
};

/* ------------------------------------------------------------------------ */
/* Resolving ids                                                            */

static gboolean G_GNUC_PRINTF (4, 5)
resolve_error (Loader *l, int code, guint32 position, const char *format,
               ...)
{
  LpItem *item = lp_backlog_get_item_at (l->backlog, position);
  gsize off = g_array_index (l->item_offsets, gsize, position);
  va_list args;
  va_start (args, format);
  char *message = g_strdup_vprintf (format, args);
  va_end (args);
  set_error (l, code, lp_item_get_id (item), TRUE, off, message);
  g_free (message);
  return FALSE;
}

/* Dependencies are resolved through a table of the loader's own, built
 * once every item is known: resolving millions of ids is bound by memory
 * latency, and the backlog's id table costs three dependent cache misses a
 * lookup (its cell, the item, the item's id). A cell here holds the id's
 * length and first bytes, so that an id of up to ID_INLINE bytes is found
 * or ruled out with the cell alone; a longer one is compared in full
 * through `ids` once its first bytes match. Lookups are done in a stream,
 * fetching the cells of those AHEAD further on. */
#define ID_INLINE 11

typedef struct {
  guint32 position1;   /* position + 1; 0: empty */
  guint32 k0;          /* length (at most 255), then 3 bytes of the id */
  guint64 k1;          /* the id's next 8 bytes; zero padded */
} IdCell;

typedef struct {
  IdCell *cells;
  gsize mask;
  const char *const *ids;   /* by position */
} IdMap;

typedef struct {
  const char *s;
  gsize len;
  guint32 k0;
  guint64 k1;
  gsize hash;
} IdKey;

static inline void
id_key (IdKey *k, const char *s, gsize len)
{
  unsigned char head[12] = { 0 };
  head[0] = (unsigned char) MIN (len, 255);
  memcpy (head + 1, s, MIN (len, ID_INLINE));
  memcpy (&k->k0, head, 4);
  memcpy (&k->k1, head + 4, 8);
  guint64 h = (k->k1 ^ G_GUINT64_CONSTANT (0x9e3779b97f4a7c15))
    * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h ^= k->k0 * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  for (gsize i = ID_INLINE; i < len; i += 8)
    {
      guint64 w = 0;
      memcpy (&w, s + i, MIN (8, len - i));
      h = (h ^ w) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
      h ^= h >> 31;
    }
  h ^= h >> 29;
  h *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h ^= h >> 32;
  k->s = s;
  k->len = len;
  k->hash = (gsize) h;
}

static inline gboolean
id_cell_matches (const IdMap *m, const IdCell *c, const IdKey *k)
{
  if (c->k0 != k->k0 || c->k1 != k->k1)
    return FALSE;
  if (k->len <= ID_INLINE)
    return TRUE;
  /* the lengths are equal unless both are 255 or more */
  const char *id = m->ids[c->position1 - 1];
  return k->len < 255 ? memcmp (id + ID_INLINE, k->s + ID_INLINE,
                                k->len - ID_INLINE) == 0
                      : strcmp (id, k->s) == 0;
}

/* The position of k's id, or LP_NONE. */
static inline guint32
id_map_find (const IdMap *m, const IdKey *k)
{
  for (gsize i = k->hash & m->mask; m->cells[i].position1 != 0;
       i = (i + 1) & m->mask)
    if (id_cell_matches (m, &m->cells[i], k))
      return m->cells[i].position1 - 1;
  return LP_NONE;
}

#define AHEAD 16

/* Indexes ids[0 .. n), which are distinct. */
static void
id_map_init (IdMap *m, const char *const *ids, guint32 n)
{
  gsize capacity = 16;
  while (capacity < (gsize) n * 2)
    capacity *= 2;
  m->cells = g_new0 (IdCell, capacity);
  m->mask = capacity - 1;
  m->ids = ids;
  IdKey ring[AHEAD];
  for (guint32 i = 0; i < MIN (n, AHEAD); i++)
    {
      id_key (&ring[i], ids[i], strlen (ids[i]));
      PREFETCH (&m->cells[ring[i].hash & m->mask]);
    }
  for (guint32 i = 0; i < n; i++)
    {
      IdKey k = ring[i % AHEAD];
      if (i + AHEAD < n)
        {
          IdKey *next = &ring[i % AHEAD];
          id_key (next, ids[i + AHEAD], strlen (ids[i + AHEAD]));
          PREFETCH (&m->cells[next->hash & m->mask]);
        }
      gsize c = k.hash & m->mask;
      while (m->cells[c].position1 != 0)
        c = (c + 1) & m->mask;
      m->cells[c].position1 = i + 1;
      m->cells[c].k0 = k.k0;
      m->cells[c].k1 = k.k1;
    }
}

static void
id_map_clear (IdMap *m)
{
  g_free (m->cells);
  m->cells = NULL;
}

/* Resolves the NUL-separated ids of dependencies (l->dep_ids, in item
 * order) straight into the prerequisites adjacency: every item's count is
 * known, and the dependents come in order. `ids`: the items' ids, by
 * position. */
static gboolean
resolve_dependencies (Loader *l, const char *const *ids)
{
  LpBacklog *b = l->backlog;

  if (l->n_deps_total == 0)
    return TRUE;
  if (l->n_deps_total >= G_MAXUINT32)
    return resolve_error (l, LP_ERROR_INVALID_VALUE, 0,
                          "too many dependencies");
  guint32 n = lp_backlog_get_n_items (b);
  /* a fresh backlog: slots are positions */
  guint32 *off = g_new0 (guint32, (gsize) n + 1);
  for (guint32 i = 0; i < n; i++)
    off[i + 1] = off[i] + g_array_index (l->item_n_deps, guint32, i);
  guint32 total = off[n];
  guint32 *idx = g_new (guint32, MAX (total, 1));
  IdMap map;
  id_map_init (&map, ids, n);

  IdKey ring[AHEAD];
  const char *next = l->dep_ids->str;   /* the id of dependency k + AHEAD */
  for (guint32 k = 0; k < MIN (total, AHEAD); k++)
    {
      gsize len = strlen (next);
      id_key (&ring[k], next, len);
      PREFETCH (&map.cells[ring[k].hash & map.mask]);
      next += len + 1;
    }
  guint32 pos = 0;   /* the dependent of dependency k */
  gboolean ok = TRUE;
  for (guint32 k = 0; k < total; k++)
    {
      IdKey key = ring[k % AHEAD];
      if (k + AHEAD < total)
        {
          gsize len = strlen (next);
          id_key (&ring[k % AHEAD], next, len);
          PREFETCH (&map.cells[ring[k % AHEAD].hash & map.mask]);
          next += len + 1;
        }
      while (k >= off[pos + 1])
        pos++;
      guint32 pre = id_map_find (&map, &key);
      if (pre == LP_NONE)
        {
          ok = resolve_error (l, LP_ERROR_UNKNOWN_ITEM, pos,
                              "depends_on names unknown item \"%s\"", key.s);
          break;
        }
      if (pre == pos)
        {
          ok = resolve_error (l, LP_ERROR_SELF_DEPENDENCY, pos,
                              "depends on itself (\"%s\" in depends_on)",
                              key.s);
          break;
        }
      idx[k] = pre;
    }
  id_map_clear (&map);
  /* the ids are not needed any more: give their memory back before the
   * backlog takes the adjacency */
  g_string_free (l->dep_ids, TRUE);
  l->dep_ids = g_string_new (NULL);
  if (ok)
    lp_backlog_take_prerequisites (b, off, idx);
  else
    {
      g_free (off);
      g_free (idx);
    }
  return ok;
}

/* Parents are checked for loops all at once, in linear time (setting them
 * one by one walks up from each new parent: quadratic on deep chains), then
 * linked directly. */
static gboolean
resolve_parents (Loader *l)
{
  LpBacklog *b = l->backlog;
  guint n_items = lp_backlog_get_n_items (b);

  if (l->parents->len == 0)
    return TRUE;
  guint32 *parent_of = g_new (guint32, n_items);   /* position or LP_NONE */
  for (guint32 i = 0; i < n_items; i++)
    parent_of[i] = LP_NONE;
  for (guint i = 0; i < l->parents->len; i++)
    {
      const ParentRef *ref = &g_array_index (l->parents, ParentRef, i);
      const char *pid = l->parent_ids->str + ref->id;
      LpItem *parent = lp_backlog_get_item (b, pid);
      if (parent == NULL)
        {
          g_free (parent_of);
          return resolve_error (l, LP_ERROR_UNKNOWN_ITEM, ref->child,
                                "parent names unknown item \"%s\"", pid);
        }
      parent_of[ref->child] = lp_item_get_position (parent);
    }

  /* walk up from every item; each item is visited once: mark[] holds the
   * walk that first reached it */
  guint32 *mark = g_new0 (guint32, n_items);
  gboolean ok = TRUE;
  for (guint32 start = 0; ok && start < n_items; start++)
    {
      guint32 p = start;
      while (p != LP_NONE && mark[p] == 0)
        {
          mark[p] = start + 1;
          p = parent_of[p];
        }
      if (p != LP_NONE && mark[p] == start + 1)
        {
          /* p is on a loop: report the item of the loop that comes first */
          guint32 first = p;
          for (guint32 q = parent_of[p]; q != p; q = parent_of[q])
            first = MIN (first, q);
          LpItem *item = lp_backlog_get_item_at (b, first);
          LpItem *parent = lp_backlog_get_item_at (b, parent_of[first]);
          char *message = g_strdup_printf ("cannot have \"%s\" as parent: "
                                           "\"%s\" would become its own "
                                           "ancestor", lp_item_get_id (parent),
                                           lp_item_get_id (item));
          set_error (l, LP_ERROR_PARENT_CYCLE, lp_item_get_id (item), TRUE,
                     g_array_index (l->item_offsets, gsize, first), message);
          g_free (message);
          ok = FALSE;
        }
    }
  if (ok)
    for (guint32 i = 0; i < n_items; i++)
      if (parent_of[i] != LP_NONE)
        lp_item_link_parent (lp_backlog_get_item_at (b, i),
                             lp_backlog_get_item_at (b, parent_of[i])->slot);
  g_free (mark);
  g_free (parent_of);
  return ok;
}

static gboolean
resolve (Loader *l)
{
  guint32 n = lp_backlog_get_n_items (l->backlog);
  const char **ids = g_new (const char *, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    ids[i] = lp_item_get_id (lp_backlog_get_item_at (l->backlog, i));
  gboolean ok = resolve_dependencies (l, ids) && resolve_parents (l);
  g_free (ids);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* Public API                                                               */

static void
loader_clear (Loader *l)
{
  if (l->parser != NULL)
    yajl_free (l->parser);
  g_string_free (l->id, TRUE);
  g_string_free (l->title, TRUE);
  g_string_free (l->description, TRUE);
  g_string_free (l->parent, TRUE);
  g_string_free (l->scratch, TRUE);
  g_string_free (l->pool, TRUE);
  g_string_free (l->attr_name, TRUE);
  g_array_unref (l->attrs);
  g_array_unref (l->labels);
  g_byte_array_unref (l->kano);
  g_free (l->pending_message);
  g_array_unref (l->item_offsets);
  g_array_unref (l->item_n_deps);
  g_string_free (l->dep_ids, TRUE);
  g_string_free (l->parent_ids, TRUE);
  g_array_unref (l->parents);
}

/* A regular file is read a chunk at a time, into one small buffer: mapped
 * or read whole, its pages would count in the peak memory, next to the
 * backlog built from them. */
#define READ_CHUNK (256 * 1024)

static yajl_status
parse_stream (Loader *l, gsize *error_offset, GError **io_error)
{
  guchar *buf = g_malloc (READ_CHUNK);
  yajl_status status = yajl_status_ok;
  *error_offset = 0;
  for (;;)
    {
      ssize_t n = read (l->fd, buf, READ_CHUNK);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (io_error, LP_ERROR, LP_ERROR_IO, "read error: %s",
                       g_strerror (saved));
          break;
        }
      if (n == 0)
        break;
      l->chunk_base = l->length;
      l->length += (gsize) n;
      status = yajl_parse (l->parser, buf, (size_t) n);
      if (status != yajl_status_ok)
        {
          *error_offset = current_offset (l);
          break;
        }
    }
  l->chunk_base = l->length;
  g_free (buf);
  return status;
}

/* Loads a document: `data` (length bytes) when fd < 0, else streamed from
 * fd (size: the file's size, a hint). */
static LpBacklog *
load_document (const char *data, gsize length, int fd, gsize size,
               GError **error)
{
  Loader l = { 0 };
  l.data = fd < 0 ? data : NULL;
  l.length = fd < 0 ? length : 0;
  l.fd = fd;
  if (fd >= 0)
    {
      data = "";
      length = size;
    }
  l.backlog = lp_backlog_new ();
  l.state = ST_DOC;
  l.id = g_string_new (NULL);
  l.title = g_string_new (NULL);
  l.description = g_string_new (NULL);
  l.parent = g_string_new (NULL);
  l.scratch = g_string_new (NULL);
  l.pool = g_string_new (NULL);
  l.attr_name = g_string_new (NULL);
  l.attrs = g_array_new (FALSE, FALSE, sizeof (AttrRef));
  l.labels = g_array_new (FALSE, FALSE, sizeof (gsize));
  l.kano = g_byte_array_new ();
  l.item_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  l.item_n_deps = g_array_new (FALSE, FALSE, sizeof (guint32));
  l.dep_ids = g_string_sized_new (MIN (length / 8 + 16, 1u << 26));
  l.parent_ids = g_string_new (NULL);
  l.parents = g_array_new (FALSE, FALSE, sizeof (ParentRef));

  l.parser = yajl_alloc (&callbacks, NULL, &l);
  /* strings are checked to be UTF-8 (the default); no comments, no
   * trailing garbage, one value */

  yajl_status status;
  gsize error_offset;
  GError *io_error = NULL;
  if (fd < 0)
    {
      status = yajl_parse (l.parser, (const unsigned char *) data, length);
      error_offset = current_offset (&l);
    }
  else
    {
      status = parse_stream (&l, &error_offset, &io_error);
      length = l.length;
    }
  if (status == yajl_status_ok && io_error == NULL)
    {
      status = yajl_complete_parse (l.parser);
      error_offset = length;
    }

  gboolean ok = FALSE;
  if (io_error != NULL)
    {
      g_clear_error (&l.error);
      l.error = io_error;
    }
  else if (status == yajl_status_error)
    {
      unsigned char *text = yajl_get_error (l.parser, 0,
                                            (const unsigned char *) data,
                                            length);
      char *message = g_strconcat ("invalid JSON: ", (const char *) text,
                                   NULL);
      g_strstrip (message);
      yajl_free_error (l.parser, text);
      /* drop yajl's trailing period */
      gsize n = strlen (message);
      if (n > 0 && message[n - 1] == '.')
        message[n - 1] = '\0';
      gboolean in_item = l.state >= ST_ITEM_KEY && l.state <= ST_LABELS_ELEM;
      if (l.state == ST_SKIP)
        in_item = l.resume >= ST_ITEM_KEY && l.resume <= ST_LABELS_ELEM;
      set_error (&l, LP_ERROR_PARSE,
                 in_item && l.has_id ? l.id->str : NULL, FALSE,
                 MIN (error_offset, length), message);
      g_free (message);
    }
  else if (status == yajl_status_client_canceled || l.error != NULL)
    {
      g_assert (l.error != NULL);
      if (l.draining)
        {
          /* the document ended before any "format" */
          g_clear_error (&l.error);
          g_set_error (&l.error, LP_ERROR, LP_ERROR_FORMAT,
                       "not a libproduct document: missing \"format\" member "
                       "(expected \"" LP_FILE_FORMAT "\")");
        }
    }
  else
    ok = resolve (&l);

  LpBacklog *b = l.backlog;
  if (!ok)
    {
      g_propagate_error (error, l.error);
      l.error = NULL;
      lp_backlog_unref (b);
      b = NULL;
    }
  loader_clear (&l);
  return b;
}

LpBacklog *
lp_backlog_load_data (const char *data, gsize length, GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load_document (data != NULL ? data : "", length, -1, 0, error);
}

LpBacklog *
lp_backlog_load_file (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* a regular file is streamed (see READ_CHUNK); anything else, such as a
   * pipe (/dev/stdin), is read whole */
  GError *err = NULL;
  char *contents = NULL;
  gsize length = 0;
  int fd = -1;
  GStatBuf st = { 0 };
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
      if (fd < 0 || fstat (fd, &st) != 0)
        {
          int saved = errno;
          g_set_error (&err, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "%s", g_strerror (saved));
        }
#ifdef POSIX_FADV_SEQUENTIAL
      else
        posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
  else
    g_file_get_contents (path, &contents, &length, &err);
  if (err != NULL)
    {
      char *display = g_filename_display_name (path);
      g_set_error (error, LP_ERROR, LP_ERROR_IO, "cannot read \"%s\": %s",
                   display, err->message);
      g_free (display);
      g_error_free (err);
      if (fd >= 0)
        close (fd);
      return NULL;
    }

  LpBacklog *b = fd >= 0
    ? load_document (NULL, 0, fd, (gsize) st.st_size, &err)
    : lp_backlog_load_data (contents != NULL ? contents : "", length, &err);
  if (fd >= 0)
    close (fd);
  g_free (contents);
  if (b == NULL)
    {
      char *display = g_filename_display_name (path);
      g_propagate_prefixed_error (error, err, "%s: ", display);
      g_free (display);
    }
  return b;
}
