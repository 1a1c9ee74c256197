/* Loading the `libproduct/1` JSON format.
 *
 * Two readers share this file. The full loader parses the document with
 * yajl's streaming (callback) API straight into a new backlog: no tree is
 * built and nothing here recurses on the input's nesting (yajl keeps its
 * own nesting stack on the heap, and unknown members are skipped with a
 * depth counter). It handles every document and reports every error. A
 * faster scanner made for this format (see "The fast path") reads a
 * document first; on anything unusual or wrong it gives up, and the full
 * loader reads the document again.
 *
 * An item's members may come in any order, so each item is gathered in a
 * scratch record and added to the backlog when its object closes.
 * Dependencies and parents may name items further down the file: their ids
 * are kept in one growing buffer (NUL-separated, no allocation per
 * dependency) and resolved once every item is read, the dependencies
 * straight into the backlog's adjacency (resolve_dependencies()).
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

/* A regular file is read a chunk at a time, into one small buffer: mapped
 * or read whole, its pages would count in the peak memory, next to the
 * backlog built from them. */
#ifndef READ_CHUNK
#define READ_CHUNK (256 * 1024)
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

  gboolean fast;          /* the fast path's: errors are not reported */
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

/* The state that reads the value of an item's member; ST_SKIP for a
 * member the format does not know. */
static State
item_member (const char *s, gsize len)
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
  return next;
}

static int
item_key (Loader *l, const char *s, gsize len)
{
  State next = item_member (s, len);
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
  if (l->fast)
    return FALSE;   /* the full loader will report it */
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
  /* accessed at random: huge pages spare a TLB miss on most lookups */
  m->cells = lp_big_alloc0 (capacity * sizeof (IdCell));
  m->mask = capacity - 1;
  m->ids = ids;
  IdKey ring[AHEAD] = { { 0 } };
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
  lp_big_free (m->cells, (m->mask + 1) * sizeof (IdCell));
  m->cells = NULL;
}

/* Resolves the NUL-separated ids of dependencies (l->dep_ids, in item
 * order) straight into the prerequisites adjacency: every item's count is
 * known, and the dependents come in order. `ids`: the ids of the
 * backlog's n items, by position. */
static gboolean
resolve_dependencies (Loader *l, const char *const *ids, guint32 n)
{
  LpBacklog *b = l->backlog;

  if (l->n_deps_total == 0)
    return TRUE;
  if (l->n_deps_total >= G_MAXUINT32)
    return resolve_error (l, LP_ERROR_INVALID_VALUE, 0,
                          "too many dependencies");
  /* a fresh backlog: slots are positions */
  guint32 *off = g_new0 (guint32, (gsize) n + 1);
  for (guint32 i = 0; i < n; i++)
    off[i + 1] = off[i] + g_array_index (l->item_n_deps, guint32, i);
  guint32 total = off[n];
  guint32 *idx = g_new (guint32, MAX (total, 1));
  IdMap map;
  id_map_init (&map, ids, n);

  IdKey ring[AHEAD] = { { 0 } };
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
      if (p != LP_NONE && mark[p] == start + 1 && l->fast)
        ok = FALSE;
      else if (p != LP_NONE && mark[p] == start + 1)
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
  gboolean ok = resolve_dependencies (l, ids, n) && resolve_parents (l);
  g_free (ids);
  return ok;
}

/* ------------------------------------------------------------------------ */
/* The fast path                                                            */
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
 * rare constructs (a repeated top-level member, a \u escape that yajl
 * would not decode to valid UTF-8, values nested more than 64 deep in an
 * unknown member). Whatever it gives up on, everything it built is dropped
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

/* A growing array, appended to inline: a GArray or GString append is a
 * function call, and there are millions. */
typedef struct {
  char *data;
  gsize len;   /* in bytes */
  gsize cap;
} Vec;

static void
vec_grow (Vec *v, gsize n)
{
  gsize cap = MAX (v->cap, 4096);
  while (cap - v->len < n)
    cap *= 2;
  v->data = g_realloc (v->data, cap);
  v->cap = cap;
}

static inline void
vec_push (Vec *v, const void *x, gsize n)
{
  if (G_UNLIKELY (v->cap - v->len < n))
    vec_grow (v, n);
  memcpy (v->data + v->len, x, n);
  v->len += n;
}

#define VEC_PUSH(v, x) vec_push ((v), &(x), sizeof (x))

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

/* The 4 hex digits at p: the value, or -1 with *bad at the first byte
 * that is not one (the NUL after the data is not). */
static inline int
hex4 (const guchar *p, const guchar **bad)
{
  int v = 0;
  for (int i = 0; i < 4; i++)
    {
      int c = p[i], d;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
        d = (c | 0x20) - 'a' + 10;
      else
        {
          *bad = p + i;
          return -1;
        }
      v = v * 16 + d;
    }
  return v;
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
  int hi = hex4 (p + 2, &bad);
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
      int lo = hex4 (p + 2, &bad);
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

/* A number of JSON's grammar, read as parse_number() reads it. The common
 * forms, digits with an optional fraction and 15 significant digits at
 * most, are exact: both the digits as an integer and the power of ten are
 * exact doubles, so their quotient is the correctly rounded value, as
 * g_ascii_strtod() gives it. Anything else goes through g_ascii_strtod().
 * Non-finite values make the full loader report them. out NULL: only
 * checks the number's grammar. */
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
  else if (!parse_number (start, (gsize) (p - start), out))
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
  gboolean more, is_null;
  FAST_TRY (fast_null (f, &p, &is_null));
  if (is_null)
    {
      *pp = p;
      return FAST_OK;
    }
  FAST_TRY (fast_open (f, &p, '[', ']', &more));
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
  gboolean more, is_null;
  FAST_TRY (fast_null (f, &p, &is_null));
  if (is_null)
    {
      *pp = p;
      return FAST_OK;
    }
  FAST_TRY (fast_open (f, &p, '{', '}', &more));
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
  gboolean more, is_null;
  FAST_TRY (fast_null (f, &p, &is_null));
  if (is_null)
    {
      *pp = p;
      return FAST_OK;
    }
  FAST_TRY (fast_open (f, &p, '[', ']', &more));
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
  gboolean more, is_null;
  FAST_TRY (fast_null (f, &p, &is_null));
  if (is_null)
    {
      *pp = p;
      return FAST_OK;
    }
  FAST_TRY (fast_open (f, &p, '[', ']', &more));
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
 * gathers them (a repeated member: the last one counts, or both add up),
 * then kept only when the item's '}' is reached. */
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
      switch (item_member (key.s, key.len))
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
      Str key;
      FAST_TRY (fast_string (f, &p, &key, f->esc_key));
      p = fast_ws (p);
      FAST_EXPECT (f, p, ':');
      p = fast_ws (p);
      if (str_is (key, "name"))
        {
          FAST_TRY (fast_text (f, &p, &name, &has_name, f->esc_title));
          name_set = TRUE;
        }
      else if (str_is (key, "vision"))
        {
          FAST_TRY (fast_text (f, &p, &vision, &has_vision, f->esc_desc));
          vision_set = TRUE;
        }
      else
        FAST_TRY (fast_skip (f, &p));
      FAST_TRY (fast_next (f, &p, '}', &more));
    }
  /* the last value of each counts: set them now that the step is done */
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
        FAST_TRY (fast_string (f, &p, &key, f->esc_key));
        p = fast_ws (p);
        FAST_EXPECT (f, p, ':');
        p = fast_ws (p);
        f->state = FAST_TOP_NEXT;
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
                f->state = FAST_ITEMS_FIRST;
              }
            f->seen_items = TRUE;
          }
        else
          FAST_TRY (fast_skip (f, &p));
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

/* Reads more input after what is left of the buffer; FALSE on a read
 * error (then the full loader reads again and reports it). */
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
  gsize want = f->cap - f->len;
  gsize got = 0;
  if (f->fd >= 0)
    {
      ssize_t n;
      do
        n = read (f->fd, f->buf + f->len, want);
      while (n < 0 && errno == EINTR);
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
          ok = lp_item_add_label (item, b->label_names->pdata[e->id], NULL);
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
  return resolve_dependencies (f->l, ids, f->n_items)
    && resolve_parents (f->l);
}

/* Loads the document with the scanner; NULL when it gives up. */
static LpBacklog *
fast_load (Loader *l, const char *data, gsize length, int fd)
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

static void
loader_init (Loader *l, const char *data, gsize length, int fd, gsize size)
{
  memset (l, 0, sizeof *l);
  l->data = fd < 0 ? data : NULL;
  l->length = fd < 0 ? length : 0;
  l->fd = fd;
  if (fd >= 0)
    length = size;
  l->backlog = lp_backlog_new ();
  l->state = ST_DOC;
  l->id = g_string_new (NULL);
  l->title = g_string_new (NULL);
  l->description = g_string_new (NULL);
  l->parent = g_string_new (NULL);
  l->scratch = g_string_new (NULL);
  l->pool = g_string_new (NULL);
  l->attr_name = g_string_new (NULL);
  l->attrs = g_array_new (FALSE, FALSE, sizeof (AttrRef));
  l->labels = g_array_new (FALSE, FALSE, sizeof (gsize));
  l->kano = g_byte_array_new ();
  l->item_offsets = g_array_new (FALSE, FALSE, sizeof (gsize));
  l->item_n_deps = g_array_new (FALSE, FALSE, sizeof (guint32));
  l->dep_ids = g_string_sized_new (MIN (length / 8 + 16, 1u << 26));
  l->parent_ids = g_string_new (NULL);
  l->parents = g_array_new (FALSE, FALSE, sizeof (ParentRef));

  l->parser = yajl_alloc (&callbacks, NULL, l);
  /* strings are checked to be UTF-8 (the default); no comments, no
   * trailing garbage, one value */
}

/* LP_JSON_FAST_PATH=0 builds the full loader alone: built both ways, the
 * two can be compared on any input (they must agree: same backlog, or the
 * same error). */
#ifndef LP_JSON_FAST_PATH
#define LP_JSON_FAST_PATH 1
#endif

/* Loads a document: `data` (length bytes) when fd < 0, else streamed from
 * fd (size: the file's size, a hint). The fast path first, then the full
 * loader if it gives up. */
static LpBacklog *
load_document (const char *data, gsize length, int fd, gsize size,
               GError **error)
{
  Loader l;

  if (LP_JSON_FAST_PATH && (fd < 0 || lseek (fd, 0, SEEK_CUR) == 0))
    {
      loader_init (&l, data, length, fd, size);
      LpBacklog *b = fast_load (&l, data, length, fd);
      loader_clear (&l);
      if (b != NULL)
        return b;
      if (fd >= 0 && lseek (fd, 0, SEEK_SET) != 0)
        {
          int saved = errno;
          g_set_error (error, LP_ERROR, LP_ERROR_IO, "read error: %s",
                       g_strerror (saved));
          return NULL;
        }
    }

  loader_init (&l, data, length, fd, size);
  if (fd >= 0)
    {
      data = "";
      length = size;
    }

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
