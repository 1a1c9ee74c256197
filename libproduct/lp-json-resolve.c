/* Resolving the ids of dependencies and parents, for both readers of the
 * `libproduct/1` JSON format (lp-json-load.c, lp-json-fast.c).
 *
 * Dependencies and parents may name items further down the file, so each
 * reader only gathers their ids while it reads the items (in the Loader,
 * lp-json-loader.h), and they are resolved here once every item is in the
 * backlog: the dependencies straight into the backlog's adjacency, through
 * an id table of their own made for a stream of lookups; the parents all
 * at once, checked for loops in linear time. The errors found here are
 * reported by the full loader only; the fast path just gives up.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "lp-hash.h"
#include "lp-json-loader.h"

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
  lp_json_set_error (l, code, lp_item_get_id (item), TRUE, off, message);
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
  k->s = s;
  k->len = len;
  /* keyed (lp-hash.h): the ids come from the input */
  k->hash = (gsize) lp_hash_bytes (s, len);
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
      LP_PREFETCH (&m->cells[ring[i].hash & m->mask]);
    }
  for (guint32 i = 0; i < n; i++)
    {
      IdKey k = ring[i % AHEAD];
      if (i + AHEAD < n)
        {
          IdKey *next = &ring[i % AHEAD];
          id_key (next, ids[i + AHEAD], strlen (ids[i + AHEAD]));
          LP_PREFETCH (&m->cells[next->hash & m->mask]);
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
gboolean
lp_json_resolve_dependencies (Loader *l, const char *const *ids,
                              guint32 n)
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
      LP_PREFETCH (&map.cells[ring[k].hash & map.mask]);
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
          LP_PREFETCH (&map.cells[ring[k % AHEAD].hash & map.mask]);
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
gboolean
lp_json_resolve_parents (Loader *l)
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
          lp_json_set_error (l, LP_ERROR_PARENT_CYCLE, lp_item_get_id (item),
                             TRUE, g_array_index (l->item_offsets, gsize,
                                                  first), message);
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

/* Both, once every item is read. */
gboolean
lp_json_resolve (Loader *l)
{
  guint32 n = lp_backlog_get_n_items (l->backlog);
  const char **ids = g_new (const char *, MAX (n, 1));
  for (guint32 i = 0; i < n; i++)
    ids[i] = lp_item_get_id (lp_backlog_get_item_at (l->backlog, i));
  gboolean ok = lp_json_resolve_dependencies (l, ids, n)
    && lp_json_resolve_parents (l);
  g_free (ids);
  return ok;
}
