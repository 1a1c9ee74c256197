/* Saving the `libproduct/1` JSON format.
 *
 * The output is stable: the same backlog always gives the same bytes. Items
 * come in manual order, their members in the order of the format's
 * description; members that are unset or empty are left out (except id,
 * title, kind and status). An item's attributes are written sorted by name
 * (the backlog's own attribute order depends on its history, which a file
 * cannot carry), its labels and prerequisites in the order they were added.
 *
 * The layout is yajl_gen's "beautify" layout with a two-space indent, byte
 * for byte, but written here directly into one growing buffer: going
 * through yajl_gen costs a callback per token and per level of indentation,
 * which made saving a million items several times slower. Everything is
 * read straight from the backlog's arrays, with no allocation per item.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "lp-private.h"
#include "lp-buffer.h"
#include "lp-file-io.h"

#define NUMBER_BUF 40

#define out_literal(o, literal) lp_buffer_append ((o), (literal), sizeof (literal) - 1)

/* 1 for the bytes a JSON string must escape */
static const guint8 needs_escape[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,   /* '"' */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,   /* '\\' */
};

/* A string, quoted and escaped as yajl_gen does: \" \\ \b \f \n \r \t,
 * other control characters as \u00XX; everything else (UTF-8 included)
 * as it is. */
static void
out_string (LpBuffer *o, const char *s)
{
  gsize n = strlen (s);
  if (G_UNLIKELY (o->cap - o->len < n + 2))
    lp_buffer_grow (o, n + 2);
  char *p = o->data + o->len;
  *p++ = '"';
  gsize start = 0;
  for (gsize i = 0; i < n; i++)
    {
      guchar c = (guchar) s[i];
      if (G_LIKELY (!needs_escape[c]))
        continue;
      o->len = (gsize) (p - o->data);
      lp_buffer_append (o, s + start, i - start);
      char esc[6] = { '\\', 0, 0, 0, 0, 0 };
      gsize esc_len = 2;
      switch (c)
        {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default:
          esc[1] = 'u';
          esc[2] = '0';
          esc[3] = '0';
          esc[4] = "0123456789ABCDEF"[c >> 4];
          esc[5] = "0123456789ABCDEF"[c & 15];
          esc_len = 6;
          break;
        }
      lp_buffer_append (o, esc, esc_len);
      start = i + 1;
      if (G_UNLIKELY (o->cap - o->len < n - start + 1))
        lp_buffer_grow (o, n - start + 1);
      p = o->data + o->len;
    }
  memcpy (p, s + start, n - start);
  p += n - start;
  *p++ = '"';
  o->len = (gsize) (p - o->data);
}

/* The shortest text (of %.15g, %.16g, %.17g) that reads back as v;
 * integers come out as such ("5"). Locale independent. */
static gsize
format_number (double v, char *buf)
{
  if (v == floor (v) && fabs (v) < 1e15 && !(v == 0 && signbit (v)))
    {
      /* fast path: an integer that prints exactly */
      gint64 n = (gint64) v;
      char tmp[24];
      int i = 0;
      gboolean negative = n < 0;
      guint64 u = negative ? (guint64) -n : (guint64) n;
      do
        {
          tmp[i++] = (char) ('0' + u % 10);
          u /= 10;
        }
      while (u != 0);
      gsize len = 0;
      if (negative)
        buf[len++] = '-';
      while (i > 0)
        buf[len++] = tmp[--i];
      buf[len] = '\0';
      return len;
    }
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, NUMBER_BUF, formats[i], v);
      if (i == G_N_ELEMENTS (formats) - 1 || g_ascii_strtod (buf, NULL) == v)
        break;
    }
  return strlen (buf);
}

static void
out_number (LpBuffer *o, double v)
{
  char buf[NUMBER_BUF];
  gsize len = format_number (v, buf);
  lp_buffer_append (o, buf, len);
}

static int
compare_names (const void *a, const void *b, void *names)
{
  const char *const *n = names;
  return strcmp (n[*(const guint32 *) a], n[*(const guint32 *) b]);
}

/* Members of an item are at depth 3 (6 spaces), array elements and
 * attributes at depth 4 (8 spaces). */
#define MEMBER ",\n      \""
#define ELEMENT "\n        "

static int
compare_ranks (const void *a, const void *b, void *rank)
{
  const guint32 *r = rank;
  guint32 x = r[*(const guint32 *) a], y = r[*(const guint32 *) b];
  return (x > y) - (x < y);
}

/* The order attributes are written in: by name. The dense attributes are
 * sorted once; an item's sparse ones are merged into them. */
typedef struct {
  guint32 *rank;        /* attribute id -> place in name order */
  guint32 *dense;       /* the dense attributes' ids, by name */
  const double **column;   /* and their columns */
  guint n_dense;
  GArray *sparse;       /* scratch: one item's sparse ids */
} AttrOrder;

static void
attr_order_init (AttrOrder *ao, const LpBacklog *b)
{
  guint n = b->attr_names->len;
  guint32 *by_name = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    by_name[i] = i;
  g_qsort_with_data (by_name, (gint) n, sizeof (guint32), compare_names,
                     b->attr_names->pdata);
  ao->rank = g_new (guint32, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    ao->rank[by_name[i]] = i;
  ao->n_dense = 0;
  for (guint i = 0; i < n; i++)
    if (lp_backlog_attribute (b, by_name[i])->dense != NULL)
      by_name[ao->n_dense++] = by_name[i];
  ao->dense = by_name;
  ao->column = g_new (const double *, MAX (ao->n_dense, 1));
  for (guint i = 0; i < ao->n_dense; i++)
    ao->column[i] = lp_backlog_attribute (b, by_name[i])->dense;
  ao->sparse = g_array_new (FALSE, FALSE, sizeof (guint32));
}

static void
attr_order_clear (AttrOrder *ao)
{
  g_free (ao->rank);
  g_free (ao->dense);
  g_free (ao->column);
  g_array_unref (ao->sparse);
}

static void
out_attributes (LpBuffer *o, const LpBacklog *b, const LpItem *item,
                AttrOrder *ao)
{
  LpAttrList l = lp_item_sparse_attributes (item);
  const guint32 *sparse = l.ids;
  if (l.n > 1)
    {
      /* a copy, sorted: the item's list stays as it is */
      g_array_set_size (ao->sparse, 0);
      g_array_append_vals (ao->sparse, l.ids, l.n);
      sparse = (const guint32 *) (void *) ao->sparse->data;
      g_qsort_with_data (ao->sparse->data, (gint) l.n, sizeof (guint32),
                         compare_ranks, ao->rank);
    }
  gboolean open = FALSE;
  guint32 i = 0, j = 0;
  while (i < ao->n_dense || j < l.n)
    {
      guint32 id;
      double v;
      if (j == l.n || (i < ao->n_dense &&
                       ao->rank[ao->dense[i]] < ao->rank[sparse[j]]))
        {
          v = ao->column[i][item->slot];
          id = ao->dense[i++];
          if (isnan (v))
            continue;
        }
      else
        {
          id = sparse[j++];
          v = lp_attribute_get (lp_backlog_attribute (b, id), item->slot);
        }
      if (!open)
        {
          out_literal (o, MEMBER "attributes\": {");
          open = TRUE;
        }
      else
        out_literal (o, ",");
      out_literal (o, ELEMENT);
      out_string (o, b->attr_names->pdata[id]);
      out_literal (o, ": ");
      out_number (o, v);
    }
  if (open)
    out_literal (o, "\n      }");
}

static void
out_item (LpBuffer *o, LpBacklog *b, const LpItem *item, const LpAdjacency *pre,
          AttrOrder *ao)
{
  out_literal (o, "    {\n      \"id\": ");
  out_string (o, item->id);
  out_literal (o, MEMBER "title\": ");
  out_string (o, lp_item_title (item));
  out_literal (o, MEMBER "kind\": ");
  out_string (o, lp_item_kind_to_string ((LpItemKind) item->kind));
  out_literal (o, MEMBER "status\": ");
  out_string (o, lp_item_status_to_string ((LpItemStatus) item->status));
  if (!isnan (item->value))
    {
      out_literal (o, MEMBER "value\": ");
      out_number (o, item->value);
    }
  if (!isnan (item->effort))
    {
      out_literal (o, MEMBER "effort\": ");
      out_number (o, item->effort);
    }
  guint32 slot = item->slot;
  if (slot < pre->n_slots && pre->off[slot] < pre->off[slot + 1])
    {
      out_literal (o, MEMBER "depends_on\": [");
      for (guint32 k = pre->off[slot]; k < pre->off[slot + 1]; k++)
        {
          if (k > pre->off[slot])
            out_literal (o, ",");
          out_literal (o, ELEMENT);
          out_string (o, lp_backlog_item_at_slot (b, pre->idx[k])->id);
        }
      out_literal (o, "\n      ]");
    }
  guint32 parent = lp_item_parent_slot (item);
  if (parent != LP_NONE)
    {
      out_literal (o, MEMBER "parent\": ");
      out_string (o, lp_backlog_item_at_slot (b, parent)->id);
    }
  const char *description = lp_item_description (item);
  if (description[0] != '\0')
    {
      out_literal (o, MEMBER "description\": ");
      out_string (o, description);
    }
  out_attributes (o, b, item, ao);
  LpLabelSet labels = lp_item_labels (item);
  if (labels.n > 0)
    {
      out_literal (o, MEMBER "labels\": [");
      for (guint32 i = 0; i < labels.n; i++)
        {
          if (i > 0)
            out_literal (o, ",");
          out_literal (o, ELEMENT);
          out_string (o, b->label_names->pdata[labels.ids[i]]);
        }
      out_literal (o, "\n      ]");
    }
  if (item->moscow != LP_MOSCOW_NONE)
    {
      out_literal (o, MEMBER "moscow\": ");
      out_string (o, lp_moscow_to_string ((LpMoscow) item->moscow));
    }
  GByteArray *kano = lp_backlog_kano_answers (b, slot);
  if (kano != NULL && kano->len > 0)
    {
      /* [[functional, dysfunctional], ...], pairs at depth 4 */
      out_literal (o, MEMBER "kano_answers\": [");
      for (guint i = 0; i < kano->len; i++)
        {
          if (i > 0)
            out_literal (o, ",");
          out_literal (o, ELEMENT "[\n          ");
          out_string (o, lp_kano_answer_to_string (kano->data[i] / 5));
          out_literal (o, ",\n          ");
          out_string (o, lp_kano_answer_to_string (kano->data[i] % 5));
          out_literal (o, ELEMENT "]");
        }
      out_literal (o, "\n      ]");
    }
  out_literal (o, "\n    }");
}

#define AHEAD 2

static inline void
prefetch_prerequisites (LpBacklog *b, const LpAdjacency *pre, guint32 slot,
                        gboolean ids)
{
  if (slot >= pre->n_slots)
    return;
  for (guint32 k = pre->off[slot]; k < pre->off[slot + 1]; k++)
    {
      const LpItem *p = lp_backlog_item_at_slot (b, pre->idx[k]);
      if (ids)
        LP_PREFETCH (p->id);
      else
        LP_PREFETCH (&p->id);
    }
}

char *
lp_backlog_save_data (LpBacklog *backlog, gsize *length)
{
  g_return_val_if_fail (backlog != NULL, NULL);
  LpBacklog *b = backlog;

  const LpAdjacency *pre = lp_backlog_get_prerequisites_adjacency (b);
  AttrOrder ao;
  attr_order_init (&ao, b);

  LpBuffer o = { NULL, 0, 0 };
  lp_buffer_grow (&o, 1024 + (gsize) b->n_items * 160
            + (gsize) pre->off[pre->n_slots] * 24);

  out_literal (&o, "{\n  \"format\": \"" LP_FILE_FORMAT "\",\n"
               "  \"product\": {\n    \"name\": ");
  out_string (&o, lp_backlog_get_name (b));
  out_literal (&o, ",\n    \"vision\": ");
  out_string (&o, lp_backlog_get_vision (b));
  out_literal (&o, "\n  },\n  \"items\": [");
  if (b->n_items == 0)
    out_literal (&o, "]");
  else
    {
      for (guint32 i = 0; i < b->n_items; i++)
        {
          /* the prerequisites' ids are all over memory: fetch the items of
           * those a few items ahead, and the ids of those nearer */
          if (i + 2 * AHEAD < b->n_items)
            prefetch_prerequisites (b, pre, b->order[i + 2 * AHEAD], FALSE);
          if (i + AHEAD < b->n_items)
            prefetch_prerequisites (b, pre, b->order[i + AHEAD], TRUE);
          if (i > 0)
            out_literal (&o, ",\n");
          else
            out_literal (&o, "\n");
          out_item (&o, b, lp_backlog_item_at_slot (b, b->order[i]), pre,
                    &ao);
        }
      out_literal (&o, "\n  ]");
    }
  out_literal (&o, "\n}\n");
  lp_buffer_append (&o, "", 1);   /* the terminating NUL */
  attr_order_clear (&ao);

  if (length != NULL)
    *length = o.len - 1;
  /* give back the spare room of the estimate when it is large */
  if (o.cap - o.len > 1u << 20)
    o.data = g_realloc (o.data, o.len);
  return o.data;
}

gboolean
lp_backlog_save_file (LpBacklog *backlog, const char *path, GError **error)
{
  g_return_val_if_fail (backlog != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  gsize length;
  char *data = lp_backlog_save_data (backlog, &length);
  gboolean ok = lp_file_replace (path, data, length, error);
  g_free (data);
  return ok;
}
