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

/* ------------------------------------------------------------------------ */
/* Errors                                                                    */

static gsize
current_offset (Loader *l)
{
  gsize off = l->chunk_base + yajl_get_bytes_consumed (l->parser);
  return MIN (off, l->length);
}

void
lp_json_place_advance (Place *pl, const char *s, gsize n)
{
  const char *p = s, *end = s + n, *nl;
  while ((nl = memchr (p, '\n', (gsize) (end - p))) != NULL)
    {
      pl->line++;
      pl->column = 1;
      p = nl + 1;
    }
  for (; p < end; p++)
    pl->column += ((guchar) *p & 0xc0) != 0x80;
}

/* Counted again from the start (in a streamed file, read again): only
 * errors need it. A byte order mark takes no column. */
static Place
place_at (const Loader *l, gsize offset)
{
  Place pl = { 1, 1 };
  offset = MIN (offset, l->length);
  if (l->data != NULL)
    {
      gsize bom = lp_json_bom_length (l->data, offset);
      lp_json_place_advance (&pl, l->data + bom, offset - bom);
      return pl;
    }
  char buf[65536];
  gsize pos = 0;
  while (l->fd >= 0 && pos < offset)
    {
      ssize_t n = pread (l->fd, buf, MIN (sizeof buf, offset - pos),
                         (off_t) pos);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      gsize bom = pos == 0 ? lp_json_bom_length (buf, (gsize) n) : 0;
      lp_json_place_advance (&pl, buf + bom, (gsize) n - bom);
      pos += (gsize) n;
    }
  return pl;
}

void
lp_json_set_error (Loader *l, int code, const char *item_id, gboolean in_item,
                   gsize offset, const char *message)
{
  Place pl = place_at (l, offset);
  char *where = g_strdup_printf ("(line %u, column %" G_GSIZE_FORMAT
                                 ", byte %" G_GSIZE_FORMAT ")", pl.line,
                                 pl.column, offset);
  g_clear_error (&l->error);
  if (item_id != NULL)
    g_set_error (&l->error, LP_ERROR, code, "item \"%s\": %s %s", item_id,
                 message, where);
  else if (in_item)
    g_set_error (&l->error, LP_ERROR, code, "items[%u]: %s %s",
                 l->item_index, message, where);
  else
    g_set_error (&l->error, LP_ERROR, code, "%s %s", message, where);
  g_free (where);
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

/* Whether the loader is within an item (to name it in a message). */
static gboolean
within_item (const Loader *l)
{
  State st = l->state == ST_SKIP ? l->resume : l->state;
  return st >= ST_ITEM_KEY && st <= ST_KANO_PAIR_END;
}

/* Invalid JSON at `offset` (LP_ERROR_PARSE): the message names the item
 * when its id is known. */
static void
set_syntax_error (Loader *l, gsize offset, const char *message)
{
  lp_json_set_error (l, LP_ERROR_PARSE,
                     within_item (l) && l->has_id ? l->id->str : NULL,
                     FALSE, offset, message);
}

/* The same, found by a callback: final whatever the format (as yajl's
 * own errors are), so reading stops (returns 0). */
static int G_GNUC_PRINTF (3, 4)
fail_syntax (Loader *l, gsize offset, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *message = g_strdup_vprintf (format, args);
  va_end (args);
  set_syntax_error (l, offset, message);
  g_free (message);
  l->no_drain = TRUE;
  l->draining = FALSE;
  return 0;
}

const char *
lp_json_event_name (Event ev)
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
                                 lp_json_event_name (ev));
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

gboolean
lp_json_attribute_repeated (Loader *l, guint32 attribute_id, guint32 position)
{
  if (attribute_id >= l->attr_stamps->len)
    g_array_set_size (l->attr_stamps, attribute_id + 1);   /* zeroed */
  guint32 *stamp = &g_array_index (l->attr_stamps, guint32, attribute_id);
  if (*stamp == position + 1)
    return TRUE;
  *stamp = position + 1;
  return FALSE;
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
  l->item_seen = 0;
}

/* An error from the core (which names the item), with its place. */
static int
fail_from (Loader *l, GError *err, gsize offset)
{
  int r = fail (l, err->code, NULL, FALSE, offset, err->message);
  g_error_free (err);
  return r;
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
                                       place_at (l, first).line);
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
                       lp_json_event_name (ev));
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


/* Skips the value that comes next, then goes on at `resume`. */
static void
skip_next_value (Loader *l, State resume)
{
  l->state = ST_SKIP;
  l->resume = resume;
  l->skip_depth = 0;
}

/* A key of the top-level object or of "product" (l->state): the member
 * whose value `next` reads, marked read by `bit` (l->seen); one the format
 * does not know (bit 0) is skipped. A member may appear once. */
static int
object_key (Loader *l, State next, guint bit, const char *s, gsize len)
{
  State here = l->state;
  gboolean repeated = (l->seen & bit) != 0;
  l->seen |= bit;
  if (bit == 0 || repeated)
    skip_next_value (l, here);
  else
    l->state = next;
  if (repeated)
    return fail_top (l, LP_ERROR_FORMAT, "%sduplicate member \"%.*s\"",
                     here == ST_PRODUCT_KEY ? "product: " : "", (int) len, s);
  return 1;
}

/* A key of an item: likewise, with the item's own mask. */
static int
item_key (Loader *l, const char *s, gsize len)
{
  State next = item_member (s, len);
  gboolean repeated = next != ST_SKIP
    && (l->item_seen & ITEM_MEMBER_BIT (next));
  if (next != ST_SKIP)
    l->item_seen |= ITEM_MEMBER_BIT (next);
  if (next == ST_SKIP || repeated)
    skip_next_value (l, ST_ITEM_KEY);
  else
    l->state = next;
  if (repeated)
    return fail_item (l, LP_ERROR_FORMAT, "duplicate member \"%.*s\"",
                      (int) len, s);
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
                     lp_json_event_name (ev));
  if (!ok)
    return fail_from (l, err, current_offset (l));
  return 1;
}

static int
handle (Loader *l, Event ev, const char *s, gsize len)
{
  if (l->stop_at_next)
    return 0;
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
                           "be an object (got %s)", lp_json_event_name (ev));
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
        return object_key (l, ST_FORMAT, SEEN_FORMAT, s, len);
      if (key_is (s, len, "product"))
        return object_key (l, ST_PRODUCT, SEEN_PRODUCT, s, len);
      if (key_is (s, len, "items"))
        return object_key (l, ST_ITEMS, SEEN_ITEMS, s, len);
      return object_key (l, ST_SKIP, 0, s, len);

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
                         lp_json_event_name (ev));
      return 1;

    case ST_PRODUCT_KEY:
      if (ev == EV_END_MAP)
        {
          l->state = ST_TOP;
          return 1;
        }
      if (key_is (s, len, "name"))
        return object_key (l, ST_PRODUCT_NAME, SEEN_NAME, s, len);
      if (key_is (s, len, "vision"))
        return object_key (l, ST_PRODUCT_VISION, SEEN_VISION, s, len);
      return object_key (l, ST_SKIP, 0, s, len);

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
                         lp_json_event_name (ev));
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
                         l->item_index, lp_json_event_name (ev));
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
      /* (an empty name is refused when the item is added) */
      if (len > 0
          && lp_json_attribute_repeated (l, lp_backlog_attribute_id
                                         (l->backlog, l->attr_name->str,
                                          TRUE), l->item_index))
        {
          skip_next_value (l, ST_ATTRS_KEY);
          return fail_item (l, LP_ERROR_FORMAT, "duplicate attribute \"%s\"",
                            l->attr_name->str);
        }
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

/* yajl hands a number over before it has read what follows: "0x10" and
 * "01" come as the number 0, then a syntax error. An error about the
 * number waits for the next token, so that the syntax error wins. */
static int
cb_number (void *ctx, const char *s, size_t len)
{
  Loader *l = ctx;
  if (l->stop_at_next)
    return 0;
  if (handle (l, EV_NUMBER, s, len) == 0)
    l->stop_at_next = TRUE;   /* stop at the next token instead */
  return 1;
}

/* Whether decoded text may come from a \u escape of a UTF-16 surrogate
 * that has no partner: yajl decodes a lone high surrogate as '?', a high
 * one followed by an escape that is no low surrogate as some other
 * character beyond U+FFFF, and a lone low one as the 3 bytes of invalid
 * UTF-8 ED B0..BF xx. Most text has none of these bytes. */
static gboolean
may_hide_surrogate (const char *s, gsize len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];
      if (c == '?' || c == 0xed || c >= 0xf0)
        return TRUE;
    }
  return FALSE;
}

/* The first \u escape of an unpaired surrogate in the raw text of a
 * string (between its quotes, escapes checked by yajl), or NULL. */
static const char *
find_unpaired_surrogate (const char *s, const char *end)
{
  const char *p = s;
  while ((p = memchr (p, '\\', (gsize) (end - p))) != NULL)
    {
      const guchar *bad;
      int cp = p[1] == 'u' ? lp_json_hex4 ((const guchar *) p + 2, &bad) : -1;
      if (cp < 0xd800 || cp > 0xdfff)
        {
          p += 2;   /* another escape: \\ among them */
          continue;
        }
      int lo = -1;
      if (cp <= 0xdbff && end - p >= 12 && p[6] == '\\' && p[7] == 'u')
        lo = lp_json_hex4 ((const guchar *) p + 8, &bad);
      if (lo < 0xdc00 || lo > 0xdfff)
        return p;
      p += 12;
    }
  return NULL;
}

gssize
lp_json_unpaired_surrogate (const char *chunk, gsize consumed, const char *s,
                            gsize len)
{
  if (chunk == NULL || !may_hide_surrogate (s, len))
    return -1;
  /* the token's raw text: back from its closing quote to its opening one,
   * the first quote that follows an even number of backslashes (an
   * escaped one follows an odd number) */
  const char *close = chunk + consumed - 1;
  for (const char *q = close; q > chunk; )
    {
      q--;
      if (*q != '"')
        continue;
      const char *b = q;
      while (b > chunk && b[-1] == '\\')
        b--;
      if ((q - b) % 2 != 0)
        continue;
      const char *bad = find_unpaired_surrogate (q + 1, close);
      return bad != NULL ? bad - chunk : -1;
    }
  return -1;
}

/* A string or a key: refused when it has a \u escape of a lone surrogate
 * (its token is whole in l->chunk: see parse_stream()). */
static inline int
text_event (Loader *l, Event ev, const char *s, gsize len)
{
  if (G_UNLIKELY (lp_json_text_decoded (l->chunk, l->chunk_len, s))
      && !l->stop_at_next)
    {
      gssize bad = lp_json_unpaired_surrogate
        (l->chunk, yajl_get_bytes_consumed (l->parser), s, len);
      if (bad >= 0)
        return fail_syntax (l, l->chunk_base + (gsize) bad, "invalid JSON: "
                            LP_JSON_SURROGATE_MESSAGE, l->chunk + bad);
    }
  return handle (l, ev, s, len);
}

static int
cb_string (void *ctx, const unsigned char *s, size_t len)
{
  return text_event (ctx, EV_STRING, (const char *) s, len);
}

static int
cb_start_map (void *ctx)
{
  return handle (ctx, EV_START_MAP, NULL, 0);
}

static int
cb_map_key (void *ctx, const unsigned char *s, size_t len)
{
  return text_event (ctx, EV_KEY, (const char *) s, len);
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
  g_array_unref (l->attr_stamps);
}

/* Whether a byte may be part of a number or a literal (true, false,
 * null): a chunk must not end between two such bytes. */
static inline gboolean
in_bare_token (guchar c)
{
  return g_ascii_isalnum (c) || c == '-' || c == '+' || c == '.';
}

/* Where the chunks of a streamed file may end. yajl keeps a token that a
 * chunk ends within and lexes it again from its start with every later
 * chunk: a string of n bytes over n / READ_CHUNK chunks cost O(n^2). So a
 * chunk ends only where no token is open; what comes after waits for the
 * next read, and a token longer than the buffer grows it and goes to yajl
 * whole once it ends.
 *
 * No token holds a newline (yajl refuses control characters in strings;
 * one that does is an error there whatever the chunks), so in a document
 * with lines a chunk ends after the last newline read: a look at the last
 * few bytes. Without one (a document on one line, a long string), a
 * forward scan tells where strings are: a chunk ends before an opening
 * quote, after a closing one, or after a byte that no number or literal
 * holds. Each byte is scanned once: memchr() for the quotes, backwards over
 * the last bare token (number, literal) read. */
#define NEWLINE_LOOKBACK 4096

typedef struct {
  gboolean in_string; /* at `scanned` */
  gsize scanned;      /* where the forward scan goes on */
  gsize cut;          /* the last place where a chunk may end */
} Cutter;

/* Moves c->cut as far as buf[0, to) allows, from where it was. */
static void
cutter_scan (Cutter *c, const guchar *buf, gsize to)
{
  gsize i = c->scanned;
  for (gsize k = to; k > i && to - k < NEWLINE_LOOKBACK; k--)
    if (buf[k - 1] == '\n')
      {
        c->cut = c->scanned = k;
        c->in_string = FALSE;
        return;
      }
  c->scanned = to;
  while (i < to)
    {
      const guchar *q = memchr (buf + i, '"', to - i);
      if (c->in_string)
        {
          if (q == NULL)
            return;
          /* escaped when an odd number of backslashes comes before: they
           * are in the buffer, which holds the string since its start */
          const guchar *b = q;
          while (b[-1] == '\\')
            b--;
          i = (gsize) (q - buf) + 1;
          if ((q - b) % 2 == 0)
            {
              c->in_string = FALSE;
              c->cut = i;
            }
          continue;
        }
      if (q != NULL)
        {
          c->in_string = TRUE;
          c->cut = (gsize) (q - buf);
          i = c->cut + 1;
          continue;
        }
      /* outside strings to the end: after the last byte that ends a bare
       * token, if any was read now */
      for (gsize k = to; k > i; k--)
        if (!in_bare_token (buf[k - 1]))
          {
            c->cut = k;
            break;
          }
      return;
    }
}

/* Parses a regular file (l->fd), READ_CHUNK bytes or more at a time. */
static yajl_status
parse_stream (Loader *l, gsize *error_offset, GError **io_error)
{
  gsize cap = READ_CHUNK, len = 0;
  guchar *buf = g_malloc (cap);
  Cutter cutter = { FALSE, 0, 0 };
  gboolean eof = FALSE, at_start = TRUE;
  yajl_status status = yajl_status_ok;
  guint64 n_read = 0;
  *error_offset = 0;
  while (!eof)
    {
      if (len == cap)
        {
          /* a token longer than the buffer */
          cap *= 2;
          buf = g_realloc (buf, cap);
        }
      gssize n = lp_file_read_some (l->fd, buf + len, cap - len, &n_read,
                                    l->max_size, io_error);
      if (n < 0)
        break;
      eof = n == 0;
      len += (gsize) n;
      if (at_start)
        {
          if (len < 3 && !eof)
            continue;
          /* a byte order mark: passed over, as if parsed */
          at_start = FALSE;
          gsize bom = lp_json_bom_length ((const char *) buf, len);
          memmove (buf, buf + bom, len - bom);
          len -= bom;
          l->length = bom;
        }
      cutter_scan (&cutter, buf, len);
      gsize feed = eof ? len : cutter.cut;
      if (feed == 0)
        continue;
      l->chunk_base = l->length;
      l->chunk = (const char *) buf;
      l->chunk_len = feed;
      l->length += feed;
      status = yajl_parse (l->parser, buf, feed);
      if (status != yajl_status_ok)
        {
          *error_offset = current_offset (l);
          break;
        }
      /* what follows the cut goes to the front */
      memmove (buf, buf + feed, len - feed);
      len -= feed;
      cutter.scanned -= feed;
      cutter.cut = 0;
    }
  l->chunk_base = l->length;
  l->chunk = NULL;
  l->chunk_len = 0;
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
  l->attr_stamps = g_array_new (FALSE, TRUE, sizeof (guint32));

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
      /* a byte order mark: passed over, as if parsed */
      gsize bom = lp_json_bom_length (data, length);
      l.chunk_base = bom;
      /* data is NULL only with a file (fd >= 0) */
      // cppcheck-suppress nullPointerArithmetic
      l.chunk = data + bom;
      l.chunk_len = length - bom;
      status = yajl_parse (l.parser, (const unsigned char *) l.chunk,
                           length - bom);
      error_offset = current_offset (&l);
      l.chunk = NULL;
      l.chunk_len = 0;
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
      set_syntax_error (&l, MIN (error_offset, length), message);
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
