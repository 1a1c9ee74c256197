/* Internal structures shared by the library's source files. Never installed. */
#ifndef LP_PRIVATE_H
#define LP_PRIVATE_H

#include <libproduct/libproduct.h>
#include <math.h>
#include <stddef.h>
#include <string.h>
#include "lp-id-table.h"
#include "lp-memory.h"

#define LP_NONE G_MAXUINT32

/* Items are stored in fixed-size blocks that never move, so an LpItem
 * pointer stays valid while the backlog grows, without one allocation per
 * item. An item holds only what ordering and scoring read (32 bytes: a
 * million items fit in 32 MB); what many backlogs never set (titles,
 * descriptions, labels, parent links) lives in per-block side arrays that
 * are allocated the first time an item of the block needs them. */
#define LP_BLOCK_SHIFT 12
#define LP_BLOCK_SIZE (1u << LP_BLOCK_SHIFT)
#define LP_BLOCK_MASK (LP_BLOCK_SIZE - 1)

struct _LpItem {
  const char *id;          /* in backlog->strings */
  double value;            /* NaN: unvalued */
  double effort;           /* NaN: unestimated */
  guint32 slot;            /* index of this item's storage; stable */
  guint8 kind;
  guint8 status;
  guint8 alive;
  guint8 moscow;           /* LpMoscow */
};

/* An item's labels: their ids in the order they were added. A set of more
 * than LP_LABEL_SCAN_MAX entries of room keeps a hash index of its ids
 * right after them, in the same allocation (lp-item.c), so that a
 * duplicate is found in O(1) however many labels the item has. */
typedef struct {
  guint32 *ids;            /* label ids, NULL when none */
  guint32 n;
  guint32 capacity;        /* entries of room in ids */
} LpLabelSet;

#define LP_LABEL_SCAN_MAX 16

/* The ids of the sparse attributes an item has (see LpAttribute), in no
 * particular order; the array holds at least 4 entries and at least the
 * next power of two of n. */
typedef struct {
  guint32 *ids;            /* NULL when none */
  guint32 n;
} LpAttrList;

typedef struct {
  LpBacklog *backlog;
  /* side arrays, one entry per item of the block; NULL until needed */
  const char **title;      /* in backlog->strings; NULL entry: "" */
  const char **description;
  LpLabelSet *labels;
  LpAttrList *attrs;       /* lp-attributes.c */
  guint32 *parent;         /* slot of the parent, or LP_NONE */
  guint32 *n_children;     /* items whose parent this is: a childless item
                            * cannot close a parent loop, which keeps
                            * building a deep hierarchy linear */
  LpItem items[LP_BLOCK_SIZE];
} LpItemBlock;

/* Dependencies are kept as a compressed adjacency (CSR) of prerequisites per
 * slot, plus a buffer of dependencies added since it was last built. The
 * dependents adjacency is derived on demand. Both are rebuilt at most once
 * per query after a change: O(V + E). */
typedef struct {
  guint32 *off;   /* n_slots + 1 offsets */
  guint32 *idx;   /* slots */
  guint32 n_slots;
} LpAdjacency;

struct _LpBacklog {
  gint ref_count;
  GStringChunk *strings;
  char *name;
  char *vision;

  LpItemBlock **blocks;
  guint32 n_blocks;
  guint32 n_slots;        /* high-water mark of used slots */
  GArray *free_slots;     /* guint32 slots of removed items */

  guint32 *order;         /* manual order: slots */
  guint32 n_items;
  guint32 order_capacity;
  /* position of each slot in the manual order, built the first time one
   * is asked for (ordering does not need it), then kept up to date; one
   * entry per slot of the allocated blocks */
  guint32 *positions;

  LpIdTable ids;

  /* attributes (lp-attributes.c; see LpAttribute) */
  GPtrArray *attr_names;      /* interned names, index = attribute id */
  GHashTable *attr_index;     /* name -> id + 1 */
  GPtrArray *attr_columns;    /* LpAttribute *, index = attribute id */
  gsize attr_capacity;        /* slots in every dense column: n_slots
                               * rounded up to a power of two, at least
                               * LP_ATTR_MIN_CAPACITY (up to 2^32) */
  GArray *attr_dense;         /* guint32 ids of the dense attributes */

  GPtrArray *label_names;     /* interned labels, index = label id */
  GHashTable *label_index;    /* label -> id + 1 */

  LpAdjacency prereq;         /* valid when !edges_dirty */
  gboolean edges_dirty;
  guint32 *pending_dep;       /* dependencies added since the last build */
  guint32 *pending_pre;
  gsize n_pending;
  gsize pending_capacity;
  LpAdjacency dependents;     /* valid when dependents_valid */
  gboolean dependents_valid;

  /* bumped whenever an item is removed: rankings and cycle reports hold
   * slots, and a removal may reuse one */
  guint64 removals;

  /* Kano survey answers (lp-kano.c): slot + 1 -> GByteArray of pairs, one
   * byte each (functional * 5 + dysfunctional); NULL until first used */
  GHashTable *kano;

  /* models being applied to the backlog now (nested applications count
   * each); see lp_backlog_hold() */
  guint busy;
};

static inline LpItem *
lp_backlog_item_at_slot (const LpBacklog *b, guint32 slot)
{
  return &b->blocks[slot >> LP_BLOCK_SHIFT]->items[slot & LP_BLOCK_MASK];
}

/* The block an item lives in: the item's slot says where it sits in it. */
static inline LpItemBlock *
lp_item_block (const LpItem *item)
{
  const LpItem *first = item - (item->slot & LP_BLOCK_MASK);
  return (LpItemBlock *) (void *) ((char *) first - offsetof (LpItemBlock, items));
}

static inline LpBacklog *
lp_item_backlog (const LpItem *item)
{
  return lp_item_block (item)->backlog;
}

static inline const char *
lp_item_title (const LpItem *item)
{
  const char **t = lp_item_block (item)->title;
  const char *s = t ? t[item->slot & LP_BLOCK_MASK] : NULL;
  return s ? s : "";
}

static inline const char *
lp_item_description (const LpItem *item)
{
  const char **t = lp_item_block (item)->description;
  const char *s = t ? t[item->slot & LP_BLOCK_MASK] : NULL;
  return s ? s : "";
}

static inline guint32
lp_item_parent_slot (const LpItem *item)
{
  const guint32 *p = lp_item_block (item)->parent;
  return p ? p[item->slot & LP_BLOCK_MASK] : LP_NONE;
}

static inline guint32
lp_item_n_children (const LpItem *item)
{
  const guint32 *c = lp_item_block (item)->n_children;
  return c ? c[item->slot & LP_BLOCK_MASK] : 0;
}

/* The item's labels; an empty set when none (never NULL). */
static inline LpLabelSet
lp_item_labels (const LpItem *item)
{
  const LpLabelSet *l = lp_item_block (item)->labels;
  LpLabelSet none = { NULL, 0, 0 };
  return l ? l[item->slot & LP_BLOCK_MASK] : none;
}

/* A backlog is busy while a scoring model is applied to it: a custom
 * model runs the program's code in the middle of a pass over the items,
 * and the arrays of that pass are sized by the backlog as it was when the
 * pass started. lp_score_model_apply() and lp_score_model_score_item() --
 * the two places that evaluate a model on items; ordering, next and
 * explanations score through them -- hold the backlog around their
 * evaluation, and every public function that changes a backlog or an item
 * starts by asking lp_backlog_check_idle() (those with a GError) or
 * lp_backlog_assert_idle() (those without: a programmer error, reported as
 * a critical), and changes nothing when it is busy. Reading is allowed:
 * the caches that reading builds (positions, adjacencies) are not held
 * across the evaluation. */
static inline void
lp_backlog_hold (LpBacklog *b)
{
  b->busy++;
}

static inline void
lp_backlog_release (LpBacklog *b)
{
  g_assert (b->busy > 0);
  b->busy--;
}

/* Sets LP_ERROR_BUSY, naming the operation ("set the value") and the item
 * it was asked for (id; NULL: the backlog itself); returns FALSE. */
gboolean lp_busy_error (const char *id, const char *operation, GError **error);
/* The same message as a critical; returns FALSE. */
gboolean lp_busy_critical (const char *id, const char *operation);

/* TRUE when b may change now; otherwise FALSE and error set. */
static inline gboolean
lp_backlog_check_idle (const LpBacklog *b, const char *id,
                       const char *operation, GError **error)
{
  return G_LIKELY (b->busy == 0) || lp_busy_error (id, operation, error);
}

/* TRUE when b may change now; otherwise FALSE and a critical. */
static inline gboolean
lp_backlog_assert_idle (const LpBacklog *b, const char *id,
                        const char *operation)
{
  return G_LIKELY (b->busy == 0) || lp_busy_critical (id, operation);
}

/* Positions by slot (lp-backlog.c), built on first use: a cache, hence
 * the const. */
const guint32 *lp_backlog_positions (const LpBacklog *b);

static inline guint32
lp_item_position (const LpItem *item)
{
  const LpBacklog *b = lp_item_backlog (item);
  return (b->positions ? b->positions : lp_backlog_positions (b))[item->slot];
}

/* Stores an already interned string ("" or NULL: none) as the item's title
 * or description (lp-item.c). */
void lp_item_store_title (LpItem *item, const char *interned);
void lp_item_store_description (LpItem *item, const char *interned);

/* Frees a block with its side arrays (lp-item.c, where they are made). */
void lp_item_block_free (LpItemBlock *blk);

/* Resets the side-array entries of a slot being taken or freed. */
void lp_item_clear_side (LpItem *item);

static inline gboolean
lp_item_status_is_open (guint8 status)
{
  return status == LP_ITEM_STATUS_TODO || status == LP_ITEM_STATUS_IN_PROGRESS;
}

/* Build (if needed) and return the adjacencies. */
const LpAdjacency *lp_backlog_get_prerequisites_adjacency (LpBacklog *b);
const LpAdjacency *lp_backlog_get_dependents_adjacency (LpBacklog *b);

/* Appends a dependency without validation (slots must be live, distinct). */
void lp_backlog_append_dependency (LpBacklog *b, guint32 dependent_slot,
                                   guint32 prerequisite_slot);

/* Installs a prerequisites adjacency built elsewhere (lp-json-load.c) on a
 * backlog without dependencies: off (n_slots + 1 offsets) and idx (slots:
 * live, none its own prerequisite), both taken. Repeats are dropped. */
void lp_backlog_take_prerequisites (LpBacklog *b, guint32 *off, guint32 *idx);

/* Sets item->parent (LP_NONE unsets) and keeps the children counts; no
 * loop check (lp-item.c). */
void lp_item_link_parent (LpItem *item, guint32 parent_slot);

/* Drops every dependency that involves `slot` (lp-graph.c). */
void lp_graph_remove_slot (LpBacklog *b, guint32 slot);

/* Label id by text, creating it when create is TRUE; LP_NONE if absent. */
guint32 lp_backlog_label_id (LpBacklog *b, const char *label,
                             gboolean create);

/* What lp_item_add_label() does once the label is checked and has its id
 * (lp-item.c): adds it unless the item has it. */
void lp_item_add_label_id (LpItem *item, guint32 id);

/* Interns a string in the backlog's chunk. */
const char *lp_backlog_intern (LpBacklog *b, const char *s);

/* --- attributes (lp-attributes.c) ---------------------------------------
 *
 * Storage costs memory in proportion to the values set, whatever their
 * spread. An attribute few items have is sparse: an open-addressing table
 * slot -> value (hashed by a random odd multiplier of its own, so that no
 * choice of items collides), with the attribute's id in a list per item
 * (LpAttrList) that listing and removal walk. Once at least 1/16 of the
 * slot capacity (attr_capacity) have it, it becomes a dense column of
 * doubles by slot (NaN: absent), which scoring reads as before; under
 * 1/64 (after removals, or when the capacity doubles) it goes back to
 * sparse. A value thus costs at most 64 doubles dense, about 40 to 70
 * bytes sparse. */
#define LP_ATTR_MIN_CAPACITY 1024u
#define LP_ATTR_DENSE_SHIFT 4     /* dense from capacity >> 4 items */
#define LP_ATTR_SPARSE_SHIFT 6    /* sparse under capacity >> 6 items */

typedef struct {
  guint32 slot;            /* LP_NONE: an empty cell */
  guint32 pos;             /* index of the attribute in the item's list */
  double value;
} LpAttrCell;

typedef struct {
  double *dense;           /* attr_capacity values, or NULL: sparse */
  LpAttrCell *cells;       /* sparse: mask + 1 cells; NULL while empty */
  guint32 mask;
  guint32 count;           /* items that have the attribute */
  guint64 mult;            /* odd, random: the cells' hash */
  guint32 id;
  guint32 dense_at;        /* index in backlog->attr_dense while dense */
} LpAttribute;

/* Attribute by name, creating it when create is TRUE. Returns the id or
 * LP_NONE. */
guint32 lp_backlog_attribute_id (LpBacklog *b, const char *name,
                                 gboolean create);

static inline const LpAttribute *
lp_backlog_attribute (const LpBacklog *b, guint32 attribute_id)
{
  return b->attr_columns->pdata[attribute_id];
}

static inline guint32
lp_attribute_home (const LpAttribute *a, guint32 slot)
{
  return (guint32) (((guint64) slot * a->mult) >> 32) & a->mask;
}

/* The value of the attribute at a slot (of a live item); NaN if unset. The
 * one accessor: loops that read every item may take a->dense when it is
 * not NULL. */
static inline double
lp_attribute_get (const LpAttribute *a, guint32 slot)
{
  if (a->dense != NULL)
    return a->dense[slot];
  if (a->cells == NULL)
    return NAN;
  for (guint32 i = lp_attribute_home (a, slot);; i = (i + 1) & a->mask)
    {
      if (a->cells[i].slot == slot)
        return a->cells[i].value;
      if (a->cells[i].slot == LP_NONE)
        return NAN;
    }
}

/* Sets (value: finite) or unsets an attribute of a live item; unset
 * returns whether the item had it. Setting a dense one is inline. */
void lp_attribute_set_sparse (LpBacklog *b, guint32 attribute_id,
                              const LpItem *item, double value);

static inline void
lp_attribute_set (LpBacklog *b, guint32 attribute_id, const LpItem *item,
                  double value)
{
  LpAttribute *a = b->attr_columns->pdata[attribute_id];
  if (a->dense == NULL)
    {
      lp_attribute_set_sparse (b, attribute_id, item, value);
      return;
    }
  a->count += isnan (a->dense[item->slot]);
  a->dense[item->slot] = value;
}

gboolean lp_attribute_unset (LpBacklog *b, guint32 attribute_id,
                             const LpItem *item);

/* Appends to ids (guint32) the attributes the item has, in no particular
 * order. */
void lp_attributes_of_item (const LpItem *item, GArray *ids);

/* The ids of the item's sparse attributes (dense ones are in no list). */
static inline LpAttrList
lp_item_sparse_attributes (const LpItem *item)
{
  const LpAttrList *l = lp_item_block (item)->attrs;
  LpAttrList none = { NULL, 0 };
  return l ? l[item->slot & LP_BLOCK_MASK] : none;
}

/* Unsets every attribute of an item being removed. */
void lp_attributes_clear_item (LpBacklog *b, const LpItem *item);

/* Keeps the dense columns as long as the slots: called when n_slots grows. */
void lp_attributes_grow (LpBacklog *b, guint32 n_slots);

static inline void
lp_attributes_reserve (LpBacklog *b, guint32 n_slots)
{
  if (n_slots > b->attr_capacity)
    lp_attributes_grow (b, n_slots);
}

void lp_attributes_init (LpBacklog *b);
void lp_attributes_free (LpBacklog *b);
/* Frees a block's attribute lists (lp_item_block_free). */
void lp_attr_lists_free (LpAttrList *lists);

/* Validation shared by setters and loaders; messages name the item. */
gboolean lp_check_value (const char *id, double value, GError **error);
gboolean lp_check_effort (const char *id, double effort, GError **error);
gboolean lp_check_utf8 (const char *id, const char *what, const char *s,
                        GError **error);

/* Score models (lp-score.c, lp-models.c, lp-scores.c) */
typedef enum {
  LP_MODEL_VALUE_EFFORT = 0,
  LP_MODEL_WSJF,
  LP_MODEL_RICE,
  LP_MODEL_ICE,
  LP_MODEL_CD3,
  LP_MODEL_MOSCOW,
  LP_MODEL_KANO,
  LP_MODEL_SCORECARD,
  LP_MODEL_FORMULA,
  LP_MODEL_CUSTOM
} LpModelKind;

#define LP_MODEL_MAX_INPUTS 4

typedef struct {
  char *name;
  double weight;
  LpScale scale;
  double *values;     /* LP_SCALE_CUSTOM, sorted */
  guint n_values;
} LpCriterion;

struct _LpFormula;

struct _LpScoreModel {
  gint ref_count;
  char *name;
  LpModelKind kind;
  /* default input names (static) and the attributes read (owned) */
  guint n_inputs;
  const char *const *input_defaults;
  char *inputs[LP_MODEL_MAX_INPUTS];
  gboolean inputs_renamed;
  LpScaleCheck scale_check;
  LpIceMode ice_mode;
  double value_threshold;   /* NaN: median */
  double effort_threshold;
  double must_limit;
  LpScoreModel *secondary;  /* MoSCoW */
  LpScorecardMode scorecard_mode;
  GArray *criteria;         /* LpCriterion */
  GHashTable *criterion_index;  /* name -> index in criteria + 1 */
  struct _LpFormula *formula;
  LpScoreFunc func;
  gpointer user_data;
  GDestroyNotify destroy;
};

/* Why an open item is unscored (LpScores.state). */
enum {
  LP_SCORE_SCORED = 0,
  LP_SCORE_NOT_OPEN,
  LP_SCORE_MISSING,        /* aux: input index (formula: variable index) */
  LP_SCORE_OFF_SCALE,      /* aux: input index */
  LP_SCORE_ZERO_DIVISOR,   /* aux: input index */
  LP_SCORE_OVERFLOW,
  LP_SCORE_WONT,
  LP_SCORE_DECLINED,       /* custom model said no */
  LP_SCORE_FORMULA,        /* formula failure other than a missing input */
  LP_SCORE_KANO_REVERSE,
  LP_SCORE_KANO_QUESTIONABLE
};

/* Result of lp_score_model_apply(); every array is indexed by slot. */
struct _LpScores {
  gint ref_count;
  LpBacklog *backlog;
  LpScoreModel *model;
  guint64 removals;
  guint32 n_slots;
  double *score;           /* NaN unless scored */
  guint8 *state;
  guint32 *aux;            /* input index (criteria may pass 65,535) */
  guint64 *keys;           /* ordering keys when not derived from score */
  LpScores *secondary;     /* MoSCoW */
  guint8 *kano;            /* category per slot, 0xff: none */
  double value_threshold, effort_threshold;  /* lazily computed */
  gboolean thresholds_done;
  double must_share;
  double *crit_min, *crit_max;   /* relative scorecard, per criterion */
  GArray *violations;      /* LpViolation */
  guint32 n_scored, n_unscored;
};

typedef struct {
  guint32 slot;
  guint32 input;           /* input / criterion index */
  double value;
} LpViolation;

/* Ordering keys: ascending key = descending score, unscored last. */
#define LP_UNSCORED_KEY G_MAXUINT64

static inline guint64
lp_score_key (double score)
{
  if (isnan (score))
    return LP_UNSCORED_KEY;
  if (score == 0)
    score = 0;  /* -0 sorts with +0 */
  guint64 u;
  memcpy (&u, &score, sizeof u);
  u = (u >> 63) ? ~u : (u | (G_GUINT64_CONSTANT (1) << 63));
  return ~u;
}

/* Ordering key of an open slot under scores (own score, not inherited). */
static inline guint64
lp_scores_key (const LpScores *s, guint32 slot)
{
  return s->keys ? s->keys[slot] : lp_score_key (s->score[slot]);
}

/* Keys for lp-order.c (lp-inherit.c): the model applied, then, under
 * LP_ORDER_INHERIT_PRIORITY, priority inheritance. key[slot] is the key
 * the ordering uses (effective), from[slot] the slot it was inherited from
 * (LP_NONE: own) or NULL without inheritance. */
typedef struct {
  LpScores *scores;
  guint64 *key;
  guint32 *from;
} LpOrderScores;

LpOrderScores *lp_order_scores_new (LpBacklog *b, LpScoreModel *model,
                                    LpOrderFlags flags, GError **error);
/* Moves the scores into the ranking (own and effective scores of every
 * ranked item) and frees os. */
void lp_order_scores_attach (LpOrderScores *os, LpRanking *r);
void lp_order_scores_free (LpOrderScores *os);

/* Priority inheritance over the open items (lp-inherit.c): key[slot] is
 * lowered to the smallest key of the open items that transitively depend
 * on slot; from[slot] gets the slot it came from or LP_NONE. O(V + E). */
void lp_inherit_priority (LpBacklog *b, guint64 *key, guint32 *from,
                          guint32 n_slots);

/* Kano answers of a slot (lp-kano.c); NULL when none. */
GByteArray *lp_backlog_kano_answers (const LpBacklog *b, guint32 slot);

/* Result of an ordering; see lp-ranking.h. */
struct _LpRanking {
  gint ref_count;
  LpBacklog *backlog;
  guint64 removals;      /* backlog->removals when computed */
  guint32 n_items;
  guint32 capacity;      /* entries allocated in slots and scores, which
                          * are lp_big_alloc()ed */
  guint32 *slots;
  double *scores;        /* NaN: unscored */
  guint32 n_excluded;
  guint32 *excluded;     /* slots, manual order */
  guint8 *reasons;       /* LpExclusion */
  guint32 *causes;       /* slots */
  /* set when the ranking was scored through lp_score_model_apply() or
   * with priority inheritance (lp_order_scores_attach()) */
  LpScores *model_scores;
  char *model_name;      /* NULL: value-effort */
  guint64 *keys;         /* per rank: the ordering key; NULL: from scores */
  double *effective;     /* per rank; NULL: same as scores */
  guint32 *inherited_from; /* per rank: slot or LP_NONE; NULL: none */
  guint32 *rank_of_slot; /* lazily built by lp_ranking_find_item() */
  guint32 n_rank_slots;
};

LpRanking *lp_ranking_new (LpBacklog *b);

/* value / effort; NaN when either is unset. A quotient that overflows
 * (a huge value over a tiny effort) is the largest score, not unscored. */
static inline double
lp_value_effort_score (double value, double effort)
{
  double s = value / effort;
  return isinf (s) ? G_MAXDOUBLE : s;
}

/* TRUE for NULL or the built-in value/effort model (scored inline). */
gboolean lp_score_model_is_value_effort (const LpScoreModel *model);

/* Cycle search shared by lp_backlog_find_cycles() and the ordering:
 * strongly connected components (size > 1) among the slots whose flag in
 * `include` is non-zero (NULL: every live item). Fills `groups` with the
 * slots of each group, sorted as documented in lp-cycles.h. */
typedef struct {
  guint32 n_groups;
  guint32 *group_off;   /* n_groups + 1 */
  guint32 *members;     /* slots, by group, in manual order */
  guint32 *path_off;    /* n_groups + 1 */
  guint32 *path;        /* slots, one cycle per group */
} LpCycleSet;

void lp_cycle_set_find (LpBacklog *b, const guint8 *include, LpCycleSet *out);
void lp_cycle_set_clear (LpCycleSet *set);
LpCycles *lp_cycles_new_take (LpBacklog *b, LpCycleSet *set);
char *lp_cycle_set_format_path (LpBacklog *b, const LpCycleSet *set,
                                guint32 group);

#endif /* LP_PRIVATE_H */
