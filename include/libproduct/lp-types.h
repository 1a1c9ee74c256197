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

/**
 * LpScores:
 *
 * An opaque, reference-counted result of applying a scoring model to a
 * backlog (lp_score_model_apply()): every open item's score or the reason
 * it is unscored, plus what the model reports about the backlog as a whole
 * (quadrants, MoSCoW must share, Kano categories, scale violations).
 */
typedef struct _LpScores LpScores;

/**
 * LpExplanation:
 *
 * An opaque, reference-counted breakdown of one item's score under one
 * model: the terms (inputs, weights, contributions) and the result.
 */
typedef struct _LpExplanation LpExplanation;

/**
 * LpMoscow:
 * @LP_MOSCOW_NONE: not categorised (the default)
 * @LP_MOSCOW_MUST: must have
 * @LP_MOSCOW_SHOULD: should have
 * @LP_MOSCOW_COULD: could have
 * @LP_MOSCOW_WONT: won't have (this time)
 *
 * An item's MoSCoW category (DSDM), the item field `"moscow"` of the file
 * format. Values may be appended later.
 */
typedef enum {
  LP_MOSCOW_NONE = 0,
  LP_MOSCOW_MUST,
  LP_MOSCOW_SHOULD,
  LP_MOSCOW_COULD,
  LP_MOSCOW_WONT
} LpMoscow;

/**
 * lp_moscow_to_string:
 * @moscow: a category
 *
 * Returns: (transfer none) (nullable): "none", "must", "should", "could" or
 *   "wont" (a static string); %NULL if @moscow is not a valid #LpMoscow.
 */
LP_API const char *lp_moscow_to_string (LpMoscow moscow);

/**
 * lp_moscow_from_string:
 * @name: "must", "should", "could", "wont" (also "won't"), or "none";
 *   case-insensitive
 * @moscow: (out): where to store the category
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE if @name names a category; on failure @moscow is unchanged.
 */
LP_API gboolean lp_moscow_from_string (const char *name, LpMoscow *moscow,
                                       GError **error);

/**
 * LpKanoAnswer:
 * @LP_KANO_ANSWER_LIKE: "I like it"
 * @LP_KANO_ANSWER_EXPECT: "I expect it" (must be that way)
 * @LP_KANO_ANSWER_NEUTRAL: "I am neutral"
 * @LP_KANO_ANSWER_TOLERATE: "I can tolerate it" (live with it)
 * @LP_KANO_ANSWER_DISLIKE: "I dislike it"
 *
 * One answer to a Kano survey question (the functional question "how do you
 * feel if the product has this feature?" or the dysfunctional one "... if it
 * does not?"). The file format spells them "like", "expect", "neutral",
 * "tolerate", "dislike".
 */
typedef enum {
  LP_KANO_ANSWER_LIKE = 0,
  LP_KANO_ANSWER_EXPECT,
  LP_KANO_ANSWER_NEUTRAL,
  LP_KANO_ANSWER_TOLERATE,
  LP_KANO_ANSWER_DISLIKE
} LpKanoAnswer;

/**
 * lp_kano_answer_to_string:
 * @answer: an answer
 *
 * Returns: (transfer none) (nullable): the file-format name of @answer, a
 *   static string; %NULL if @answer is not a valid #LpKanoAnswer.
 */
LP_API const char *lp_kano_answer_to_string (LpKanoAnswer answer);

/**
 * lp_kano_answer_from_string:
 * @name: "like", "expect", "neutral", "tolerate" or "dislike"
 *   (case-insensitive)
 * @answer: (out): where to store the answer
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE if @name names an answer; on failure @answer is unchanged.
 */
LP_API gboolean lp_kano_answer_from_string (const char *name,
                                            LpKanoAnswer *answer,
                                            GError **error);

/**
 * LpKanoCategory:
 * @LP_KANO_CATEGORY_MUST_BE: must-be (M): expected; its absence dissatisfies
 * @LP_KANO_CATEGORY_ONE_DIMENSIONAL: one-dimensional (O): more is better
 * @LP_KANO_CATEGORY_ATTRACTIVE: attractive (A): delights, not expected
 * @LP_KANO_CATEGORY_INDIFFERENT: indifferent (I): nobody cares
 * @LP_KANO_CATEGORY_REVERSE: reverse (R): customers prefer it absent
 * @LP_KANO_CATEGORY_QUESTIONABLE: questionable (Q): contradictory answers
 *
 * The Kano category of an answer pair or of a feature.
 */
typedef enum {
  LP_KANO_CATEGORY_MUST_BE = 0,
  LP_KANO_CATEGORY_ONE_DIMENSIONAL,
  LP_KANO_CATEGORY_ATTRACTIVE,
  LP_KANO_CATEGORY_INDIFFERENT,
  LP_KANO_CATEGORY_REVERSE,
  LP_KANO_CATEGORY_QUESTIONABLE
} LpKanoCategory;

/**
 * LP_KANO_N_CATEGORIES:
 *
 * The number of #LpKanoCategory values (6), for arrays indexed by category.
 */
#define LP_KANO_N_CATEGORIES 6

/**
 * lp_kano_category_to_string:
 * @category: a category
 *
 * Returns: (transfer none) (nullable): "must-be", "one-dimensional",
 *   "attractive", "indifferent", "reverse" or "questionable" (static);
 *   %NULL if @category is not a valid #LpKanoCategory.
 */
LP_API const char *lp_kano_category_to_string (LpKanoCategory category);

/**
 * lp_kano_category_from_string:
 * @name: a name as returned by lp_kano_category_to_string(), or its
 *   one-letter code "M", "O", "A", "I", "R", "Q" (case-insensitive; "_"
 *   may stand for "-")
 * @category: (out): where to store the category
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE if @name names a category; on failure @category is
 *   unchanged.
 */
LP_API gboolean lp_kano_category_from_string (const char *name,
                                              LpKanoCategory *category,
                                              GError **error);

/**
 * lp_kano_classify:
 * @functional: the answer to the functional question
 * @dysfunctional: the answer to the dysfunctional question
 *
 * Classifies one answer pair with the standard 5x5 Kano evaluation table
 * (Berger et al., "Kano's methods for understanding customer-defined
 * quality", Center for Quality Management Journal 2(4), 1993), rows
 * functional, columns dysfunctional, in the order like, expect, neutral,
 * tolerate, dislike:
 *
 * |[
 *             like expect neutral tolerate dislike
 *   like        Q     A      A       A       O
 *   expect      R     I      I       I       M
 *   neutral     R     I      I       I       M
 *   tolerate    R     I      I       I       M
 *   dislike     R     R      R       R       Q
 * ]|
 *
 * Returns: the category of the pair.
 */
LP_API LpKanoCategory lp_kano_classify (LpKanoAnswer functional,
                                        LpKanoAnswer dysfunctional);

G_END_DECLS

#endif /* LP_TYPES_H */
