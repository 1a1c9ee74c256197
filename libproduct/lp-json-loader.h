/* What the two readers of the `libproduct/1` JSON format share; internal,
 * never installed.
 *
 * lp-json-load.c holds the entry points (lp_backlog_load_data(),
 * lp_backlog_load_file()) and the full loader, which parses with yajl's
 * callbacks, handles every document and reports every error precisely.
 * lp-json-fast.c holds the fast path, a scanner made for this format that
 * is tried first and hands anything wrong or unusual back to the full
 * loader. lp-json-resolve.c resolves the ids of dependencies and parents
 * once every item is read, for both. They meet in the Loader: the backlog
 * being built and the ids gathered for resolution.
 *
 * Nothing here is exported: the library is built with -fvisibility=hidden
 * and none of these carry LP_API.
 */
#ifndef LP_JSON_LOADER_H
#define LP_JSON_LOADER_H

#include <yajl/yajl_parse.h>

#include "lp-private.h"

/* A regular file is read a chunk at a time, into one small buffer: mapped
 * or read whole, its pages would count in the peak memory, next to the
 * backlog built from them. */
#ifndef READ_CHUNK
#define READ_CHUNK (256 * 1024)
#endif

/* What yajl's callbacks report. */
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

/* "null", "a string", "an object"...: what a message says it got. */
const char *lp_json_event_name (Event ev);

/* Where a byte offset is, for messages: its line, and its column in
 * characters (UTF-8 lead bytes) from the line's start, both 1-based. */
typedef struct {
  guint line;
  gsize column;
} Place;

/* Moves a place ({ 1, 1 } at the start) over n bytes of the text. */
void lp_json_place_advance (Place *pl, const char *s, gsize n);

/* A UTF-8 byte order mark may begin a document; it is not part of it. */
#define LP_JSON_BOM "\xef\xbb\xbf"

static inline gsize
lp_json_bom_length (const char *data, gsize length)
{
  return length >= 3 && memcmp (data, LP_JSON_BOM, 3) == 0 ? 3 : 0;
}

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

typedef struct {
  guint32 child;      /* position */
  gsize id;           /* offset of the parent's id in parent_ids */
} ParentRef;

typedef struct {
  gsize name;         /* offset in pool */
  double value;
} AttrRef;

/* Members of the top-level object and of "product" that were read (each
 * may appear once). */
enum {
  SEEN_FORMAT = 1 << 0,
  SEEN_PRODUCT = 1 << 1,
  SEEN_ITEMS = 1 << 2,
  SEEN_NAME = 1 << 3,
  SEEN_VISION = 1 << 4
};

/* The bit of an item's member, by the State that reads its value, in a
 * mask of the members read. */
#define ITEM_MEMBER_BIT(state) (G_GUINT64_CONSTANT (1) << (state))

typedef struct {
  const char *data;       /* the whole document, or NULL when streamed */
  gsize length;           /* its length (streamed: the bytes read so far) */
  gsize chunk_base;       /* offset of the chunk being parsed */
  const char *chunk;      /* its bytes, which hold every string token
                           * whole (see parse_stream()) */
  gsize chunk_len;
  int fd;                 /* the file streamed, for line numbers; or -1 */
  guint64 max_size;       /* streamed: the input size limit */
  yajl_handle parser;
  LpBacklog *backlog;
  GError *error;

  State state;
  State resume;       /* where ST_SKIP returns */
  gsize skip_depth;   /* open containers inside the skipped value */
  gsize depth;        /* open containers in the document */
  guint seen;         /* SEEN_*: top-level and product members read */
  guint64 item_seen;  /* ITEM_MEMBER_BIT()s of the item's members read */

  gboolean format_seen;   /* "format" was read and is supported */
  gboolean no_drain;      /* the error is final, stop at once */
  gboolean draining;      /* an error is held until "format" is known */
  gboolean drain_format_next;
  gboolean stop_at_next;  /* an error is set: stop at the next token */

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
  GArray *attr_stamps;    /* guint32 by attribute id: position + 1 of the
                           * last item that set it */

  gboolean fast;          /* the fast path's: errors are not reported */
} Loader;

/* lp_backlog_load_data() and lp_backlog_load_file(), trying the fast path
 * first only when `fast` is TRUE (the public functions: LP_JSON_FAST_PATH
 * at build time, default 1). No checks of the arguments: the public
 * functions make them. fuzz/fuzz-json-diff.c compares the two loaders. */
LpBacklog *lp_json_load_data (const char *data, gsize length, gboolean fast,
                              GError **error);
LpBacklog *lp_json_load_file (const char *path, gboolean fast,
                              GError **error);
/* lp_backlog_load_fd(), the fast path first only when `fast` is TRUE. */
LpBacklog *lp_json_load_fd (int fd, const char *name, guint64 max_size,
                            gboolean fast, GError **error);

/* --- Shared by both readers --------------------------------------------- */

static inline gboolean
key_is (const char *s, gsize len, const char *key)
{
  gsize n = strlen (key);
  return len == n && memcmp (s, key, n) == 0;
}


/* The state that reads the value of an item's member; ST_SKIP for a
 * member the format does not know. */
static inline State
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


/* A JSON number's text (`len` bytes, not NUL-terminated) as a double, as
 * g_ascii_strtod() reads it; FALSE when it is not finite. */
gboolean lp_json_parse_number (const char *s, gsize len, double *out);

/* The 4 hex digits at p (of a \u escape): the value, or -1 with *bad at
 * the first byte that is not one (a NUL after the data is not). */
static inline int
lp_json_hex4 (const guchar *p, const guchar **bad)
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

/* Whether the text yajl passes for a string (or key) token, s, was
 * decoded from escapes: yajl passes a string without escapes as it is in
 * the chunk it parses (`chunk_len` bytes at chunk), one with escapes from
 * a buffer of its own. Only a decoded one may hide a lone surrogate. */
static inline gboolean
lp_json_text_decoded (const char *chunk, gsize chunk_len, const char *s)
{
  guintptr p = (guintptr) s, c = (guintptr) chunk;
  return p < c || p >= c + chunk_len;
}

/* Where the string (or key) token that yajl has just read, decoded from
 * escapes (lp_json_text_decoded()), has a \u escape of a UTF-16 surrogate
 * without its other half: the escape's offset in `chunk`, or -1. s, len:
 * the text yajl decoded; the token ends `consumed` bytes into chunk, which
 * holds it whole. yajl decodes such an escape to '?' or to another
 * character than the one meant (or invalid UTF-8), so the text is refused:
 * LP_ERROR_PARSE, with LP_JSON_SURROGATE_MESSAGE (a "%.6s" of chunk +
 * offset). */
gssize lp_json_unpaired_surrogate (const char *chunk, gsize consumed,
                                   const char *s, gsize len);
#define LP_JSON_SURROGATE_MESSAGE \
  "\"%.6s\" is half of a UTF-16 surrogate pair, without its other half"

/* Whether the item at `position` has already set the attribute
 * `attribute_id` in this document (a repeated name in its "attributes");
 * marks it set. Constant time: a stamp per attribute. */
gboolean lp_json_attribute_repeated (Loader *l, guint32 attribute_id,
                                     guint32 position);

/* Sets l->error: `item "ID": message (line L, byte B)`; item_id may be
 * NULL (then `items[N]: ` when in_item, else nothing). */
void lp_json_set_error (Loader *l, int code, const char *item_id,
                        gboolean in_item, gsize offset, const char *message);

/* --- lp-json-resolve.c -------------------------------------------------- */

/* Resolves the NUL-separated ids of dependencies (l->dep_ids, in item
 * order) into l->backlog, a backlog built by this load (slots are
 * positions). `ids`: the ids of its n items, by position. FALSE on an
 * unknown item or a self-dependency (an error is set unless l->fast). */
gboolean lp_json_resolve_dependencies (Loader *l, const char *const *ids,
                                       guint32 n);
/* Links the parents of l->parents; FALSE on an unknown parent or a loop
 * (an error is set unless l->fast). */
gboolean lp_json_resolve_parents (Loader *l);
/* Both, once every item of the document is in l->backlog. */
gboolean lp_json_resolve (Loader *l);

/* --- lp-json-fast.c ----------------------------------------------------- */

/* Loads the document (data, length bytes; or streamed from fd when
 * fd >= 0) with the fast path into l->backlog, which it takes: the backlog,
 * or NULL when the scanner gives up (anything wrong or unusual; nothing is
 * reported, the full loader is to read the document again). l: just
 * initialized; use it for nothing else afterwards. */
LpBacklog *lp_json_fast_load (Loader *l, const char *data, gsize length,
                              int fd);

#endif /* LP_JSON_LOADER_H */
