/* Loading the `libproduct/1` JSON format: the entry points
 * (lp_backlog_load_data(), lp_backlog_load_file()), reading the input, and
 * the full loader.
 *
 * The format has two readers (see lp-json-loader.h for how the files
 * divide them). The full loader parses the document with
 * yajl's streaming (callback) API straight into a new backlog: no tree is
 * built and nothing here recurses on the input's nesting (yajl keeps its
 * own nesting stack on the heap, and unknown members are skipped with a
 * depth counter). It handles every document and reports every error. A
 * faster scanner made for this format (lp-json-fast.c) reads a document
 * first; on anything unusual or wrong it gives up, and the full loader
 * reads the document again.
 *
 * An item's members may come in any order, so each item is gathered in a
 * scratch record and added to the backlog when its object closes.
 * Dependencies and parents may name items further down the file: their ids
 * are kept in one growing buffer (NUL-separated, no allocation per
 * dependency) and resolved once every item is read, the dependencies
 * straight into the backlog's adjacency (lp-json-resolve.c).
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

#include "lp-json-loader.h"
#include "lp-file-io.h"

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

void
lp_json_set_error (Loader *l, int code, const char *item_id, gboolean in_item,
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
  lp_json_set_error (l, code, item_id, in_item, offset, message);
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


/* Copies a string value; FALSE if it holds a NUL character (it could not be
 * kept as a C string). */
static gboolean
take_string (GString *dst, const char *s, gsize len)
{
  g_string_truncate (dst, 0);
  g_string_append_len (dst, s, (gssize) len);
  return memchr (s, '\0', len) == NULL;
}

gboolean
lp_json_parse_number (const char *s, gsize len, double *out)
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
  if (!lp_json_parse_number (s, len, &v))
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
        if (!lp_json_parse_number (s, len, &v))
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
/* Entry points                                                             */

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
  guint64 n_read = 0;
  *error_offset = 0;
  for (;;)
    {
      gssize n = lp_file_read_some (l->fd, buf, READ_CHUNK, &n_read,
                                    l->max_size, io_error);
      if (n < 0)
        break;
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

/* LP_JSON_FAST_PATH=0 builds the public entry points without the fast
 * path. The two loaders can also be compared at run time through
 * lp_json_load_data() and lp_json_load_file() (lp-json-loader.h): they
 * must agree (same backlog, or the same error); fuzz/fuzz-json-diff.c
 * checks. */
#ifndef LP_JSON_FAST_PATH
#define LP_JSON_FAST_PATH 1
#endif

/* Loads a document: `data` (length bytes) when fd < 0, else streamed from
 * fd (size: the file's size, a hint; at most max_size bytes read). With
 * `fast`, the fast path first, then the full loader if it gives up. */
static LpBacklog *
load_document (const char *data, gsize length, int fd, gsize size,
               guint64 max_size, gboolean fast, GError **error)
{
  Loader l;

  if (fast && (fd < 0 || lseek (fd, 0, SEEK_CUR) == 0))
    {
      loader_init (&l, data, length, fd, size);
      l.max_size = max_size;
      LpBacklog *b = lp_json_fast_load (&l, data, length, fd);
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
  l.max_size = max_size;
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
      lp_json_set_error (&l, LP_ERROR_PARSE,
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
    ok = lp_json_resolve (&l);

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
lp_json_load_data (const char *data, gsize length, gboolean fast,
                   GError **error)
{
  return load_document (data != NULL ? data : "", length, -1, 0, 0, fast,
                        error);
}

LpBacklog *
lp_backlog_load_data (const char *data, gsize length, GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lp_json_load_data (data, length, LP_JSON_FAST_PATH, error);
}

LpBacklog *
lp_backlog_load_file (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lp_json_load_file (path, LP_JSON_FAST_PATH, error);
}

LpBacklog *
lp_backlog_load_fd (int fd, const char *name, guint64 max_size,
                    GError **error)
{
  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return lp_json_load_fd (fd, name, max_size, LP_JSON_FAST_PATH, error);
}

LpBacklog *
lp_json_load_file (const char *path, gboolean fast, GError **error)
{
  struct stat st;
  int fd = lp_file_open (path, &st, error);
  if (fd < 0)
    return NULL;
  char *display = g_filename_display_name (path);
  LpBacklog *b = lp_json_load_fd (fd, display, LP_DEFAULT_MAX_INPUT_SIZE,
                                  fast, error);
  g_free (display);
  close (fd);
  return b;
}

LpBacklog *
lp_json_load_fd (int fd, const char *name, guint64 max_size, gboolean fast,
                 GError **error)
{
  /* a regular file is streamed (see READ_CHUNK) from its start; anything
   * else, such as a pipe (/dev/stdin), is read whole; both within the
   * input size limit */
  GError *err = NULL;
  struct stat st;
  LpBacklog *b = NULL;
  if (fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
    {
#ifdef POSIX_FADV_SEQUENTIAL
      posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
      /* the whole file, wherever its offset was (never fails on one) */
      (void) lseek (fd, 0, SEEK_SET);
      if (lp_file_check_size (&st, max_size, &err))
        b = load_document (NULL, 0, fd, (gsize) st.st_size, max_size, fast,
                           &err);
    }
  else
    {
      gsize length = 0;
      char *contents = lp_read_fd (fd, name, max_size, &length, error);
      if (contents == NULL)
        return NULL;
      b = lp_json_load_data (contents, length, fast, &err);
      g_free (contents);
    }
  if (b == NULL)
    g_propagate_prefixed_error (error, err, "%s: ", name);
  return b;
}
