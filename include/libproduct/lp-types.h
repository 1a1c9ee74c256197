#ifndef LP_TYPES_H
#define LP_TYPES_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <glib.h>
#include <libproduct/lp-version.h>

G_BEGIN_DECLS

/**
 * LpBacklog:
 *
 * An opaque, reference-counted backlog: items in the product owner's manual
 * order plus the dependencies between them. Not thread-safe: use one backlog
 * from one thread at a time.
 */
typedef struct _LpBacklog LpBacklog;

/**
 * LpItem:
 *
 * An opaque handle on one item of a backlog. The backlog owns it: a pointer
 * stays valid until the item is removed or the backlog is finalized, and is
 * never freed by the caller.
 */
typedef struct _LpItem LpItem;

/**
 * LpScoreModel:
 *
 * An opaque, reference-counted scoring model (value/effort, ...).
 */
typedef struct _LpScoreModel LpScoreModel;

/**
 * LpRanking:
 *
 * An opaque, reference-counted result of ordering a backlog: the ranked
 * items with their scores, and the items that could not be ordered.
 */
typedef struct _LpRanking LpRanking;

/**
 * LpCycles:
 *
 * An opaque, reference-counted report of the dependency cycles of a backlog.
 */
typedef struct _LpCycles LpCycles;

/**
 * LpItemKind:
 * @LP_ITEM_KIND_STORY: a user story (the default)
 * @LP_ITEM_KIND_EPIC: an epic
 * @LP_ITEM_KIND_FEATURE: a feature
 * @LP_ITEM_KIND_BUG: a bug
 * @LP_ITEM_KIND_TASK: a task
 * @LP_ITEM_KIND_SPIKE: a research spike
 *
 * What kind of work an item is. Values may be appended later.
 */
typedef enum {
  LP_ITEM_KIND_STORY = 0,
  LP_ITEM_KIND_EPIC,
  LP_ITEM_KIND_FEATURE,
  LP_ITEM_KIND_BUG,
  LP_ITEM_KIND_TASK,
  LP_ITEM_KIND_SPIKE
} LpItemKind;

/**
 * LpItemStatus:
 * @LP_ITEM_STATUS_TODO: not started (the default)
 * @LP_ITEM_STATUS_IN_PROGRESS: being worked on
 * @LP_ITEM_STATUS_DONE: finished; satisfies the items that depend on it
 * @LP_ITEM_STATUS_DROPPED: will not be done; items depending on it are blocked
 *
 * Where an item stands. Values may be appended later.
 */
typedef enum {
  LP_ITEM_STATUS_TODO = 0,
  LP_ITEM_STATUS_IN_PROGRESS,
  LP_ITEM_STATUS_DONE,
  LP_ITEM_STATUS_DROPPED
} LpItemStatus;

/**
 * lp_item_kind_to_string:
 * @kind: a kind
 *
 * Returns: (transfer none): the file-format name of @kind ("story", "epic",
 *   "feature", "bug", "task", "spike"), a static string; %NULL if @kind is not
 *   a valid #LpItemKind.
 */
LP_API const char *lp_item_kind_to_string (LpItemKind kind);

/**
 * lp_item_kind_from_string:
 * @name: a kind name as written in files (case-insensitive)
 * @kind: (out): where to store the kind
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE if @name names a kind; on failure @kind is left unchanged.
 */
LP_API gboolean lp_item_kind_from_string (const char *name, LpItemKind *kind,
                                          GError **error);

/**
 * lp_item_status_to_string:
 * @status: a status
 *
 * Returns: (transfer none): the file-format name of @status ("todo",
 *   "in_progress", "done", "dropped"), a static string; %NULL if @status is
 *   not a valid #LpItemStatus.
 */
LP_API const char *lp_item_status_to_string (LpItemStatus status);

/**
 * lp_item_status_from_string:
 * @name: a status name (case-insensitive; "in-progress" and "in progress" are
 *   accepted for "in_progress")
 * @status: (out): where to store the status
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE if @name names a status; on failure @status is unchanged.
 */
LP_API gboolean lp_item_status_from_string (const char *name,
                                            LpItemStatus *status,
                                            GError **error);

G_END_DECLS

#endif /* LP_TYPES_H */
