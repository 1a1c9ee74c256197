#ifndef LP_RANKING_H
#define LP_RANKING_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <libproduct/lp-types.h>

G_BEGIN_DECLS

/**
 * LpOrderFlags:
 * @LP_ORDER_STRICT: fail with %LP_ERROR_CYCLE when open items form a cycle
 * @LP_ORDER_LENIENT: order around cycles: leave out the items in or behind
 *   a cycle and report them as excluded
 * @LP_ORDER_INHERIT_PRIORITY: priority inheritance: an open item's
 *   effective score is the best of its own score and the effective scores
 *   of the open items that (transitively) depend on it, so enabling work for
 *   valuable items is pulled forward (cost of delay flows back to the
 *   enablers). The ordering uses effective scores; the ranking reports both
 *   (lp_ranking_get_score() and lp_ranking_get_effective_score()). Items of
 *   one dependency cycle share the best score of the cycle and of
 *   everything that depends on it. Linear in V + E, iterative.
 *
 * How lp_backlog_order() treats cycles, and how it uses scores.
 */
typedef enum {
  LP_ORDER_STRICT = 0,
  LP_ORDER_LENIENT = 1 << 0,
  LP_ORDER_INHERIT_PRIORITY = 1 << 1
} LpOrderFlags;

/**
 * LpExclusion:
 * @LP_EXCLUSION_IN_CYCLE: the item is part of a dependency cycle
 * @LP_EXCLUSION_BEHIND_CYCLE: the item (transitively) depends on an item in
 *   a cycle
 * @LP_EXCLUSION_BLOCKED_BY_DROPPED: the item (transitively) depends on a
 *   dropped item
 *
 * Why an open item is missing from an order.
 */
typedef enum {
  LP_EXCLUSION_IN_CYCLE = 0,
  LP_EXCLUSION_BEHIND_CYCLE,
  LP_EXCLUSION_BLOCKED_BY_DROPPED
} LpExclusion;

/**
 * lp_exclusion_to_string:
 * @reason: a reason
 *
 * Returns: (transfer none) (nullable): "in-cycle", "behind-cycle" or
 *   "blocked-by-dropped"; %NULL for an invalid value.
 */
LP_API const char *lp_exclusion_to_string (LpExclusion reason);

/**
 * lp_backlog_order:
 * @backlog: a backlog
 * @model: (nullable): the scoring model; %NULL means value/effort
 * @flags: #LpOrderFlags
 * @error: return location for an %LP_ERROR_CYCLE error (strict mode only)
 *
 * Computes "what do we build next": repeatedly takes, among the open items
 * (todo or in progress) whose prerequisites are all done or already placed,
 * the one with the highest score; unscored items come after every scored
 * one; ties go to the earlier item in the manual order. Done prerequisites
 * are satisfied; an item that depends on a dropped item is excluded, never
 * ordered. Runs in O((V + E) log V) time, without recursion.
 *
 * Returns: (transfer full) (nullable): the ranking, or %NULL with @error set.
 */
LP_API LpRanking *lp_backlog_order (LpBacklog *backlog, LpScoreModel *model,
                                    LpOrderFlags flags, GError **error);

/**
 * lp_backlog_next:
 * @backlog: a backlog
 * @model: (nullable): the scoring model; %NULL means value/effort
 * @n: the most items to return
 * @error: return location for a #GError
 *
 * The best @n items that are ready now (open, every prerequisite done), by
 * score and then manual order, without computing the whole order.
 *
 * Returns: (transfer full) (nullable): a ranking of at most @n items.
 */
LP_API LpRanking *lp_backlog_next (LpBacklog *backlog, LpScoreModel *model,
                                   guint n, GError **error);

/**
 * lp_ranking_ref:
 * @ranking: a ranking
 *
 * Returns: (transfer full): @ranking with one more reference.
 */
LP_API LpRanking *lp_ranking_ref (LpRanking *ranking);

/**
 * lp_ranking_unref:
 * @ranking: (nullable): a ranking
 *
 * Drops one reference. A ranking keeps its backlog alive.
 */
LP_API void lp_ranking_unref (LpRanking *ranking);

/**
 * lp_ranking_get_backlog:
 * @ranking: a ranking
 *
 * Returns: (transfer none): the backlog that was ordered.
 */
LP_API LpBacklog *lp_ranking_get_backlog (const LpRanking *ranking);

/**
 * lp_ranking_get_n_items:
 * @ranking: a ranking
 *
 * Returns: the number of ranked items.
 */
LP_API guint lp_ranking_get_n_items (const LpRanking *ranking);

/**
 * lp_ranking_get_item:
 * @ranking: a ranking
 * @rank: 0-based rank, < lp_ranking_get_n_items()
 *
 * Items are only valid while the backlog has not been changed since the
 * ranking was computed (using a stale ranking is a programmer error).
 *
 * Returns: (transfer none): the item at that rank.
 */
LP_API LpItem *lp_ranking_get_item (const LpRanking *ranking, guint rank);

/**
 * lp_ranking_get_score:
 * @ranking: a ranking
 * @rank: 0-based rank
 *
 * Returns: the item's score, or NaN when it is unscored.
 */
LP_API double lp_ranking_get_score (const LpRanking *ranking, guint rank);

/**
 * lp_ranking_get_n_excluded:
 * @ranking: a ranking
 *
 * Returns: how many open items were left out (see #LpExclusion).
 */
LP_API guint lp_ranking_get_n_excluded (const LpRanking *ranking);

/**
 * lp_ranking_get_excluded_item:
 * @ranking: a ranking
 * @index: < lp_ranking_get_n_excluded(); excluded items are in manual order
 *
 * Returns: (transfer none): the excluded item.
 */
LP_API LpItem *lp_ranking_get_excluded_item (const LpRanking *ranking,
                                             guint index);

/**
 * lp_ranking_get_excluded_reason:
 * @ranking: a ranking
 * @index: < lp_ranking_get_n_excluded()
 *
 * Returns: why the item was left out.
 */
LP_API LpExclusion lp_ranking_get_excluded_reason (const LpRanking *ranking,
                                                   guint index);

/**
 * lp_ranking_get_excluded_cause:
 * @ranking: a ranking
 * @index: < lp_ranking_get_n_excluded()
 *
 * Returns: (transfer none): the item at the root of the exclusion: the
 *   dropped item, or a member of the cycle (for an item in a cycle, the next
 *   item of that cycle it depends on).
 */
LP_API LpItem *lp_ranking_get_excluded_cause (const LpRanking *ranking,
                                              guint index);

/**
 * lp_backlog_next_full:
 * @backlog: a backlog
 * @model: (nullable): the scoring model; %NULL means value/effort
 * @n: the most items to return
 * @flags: #LpOrderFlags; only %LP_ORDER_INHERIT_PRIORITY has an effect here
 * @error: return location for a #GError (a model that fails to apply)
 *
 * lp_backlog_next() with flags: under %LP_ORDER_INHERIT_PRIORITY the ready
 * items are compared by their effective scores.
 *
 * Returns: (transfer full) (nullable): a ranking of at most @n items.
 */
LP_API LpRanking *lp_backlog_next_full (LpBacklog *backlog,
                                        LpScoreModel *model, guint n,
                                        LpOrderFlags flags, GError **error);

/**
 * lp_ranking_get_effective_score:
 * @ranking: a ranking
 * @rank: 0-based rank, < lp_ranking_get_n_items()
 *
 * The score the ordering used: the item's own score
 * (lp_ranking_get_score()) unless %LP_ORDER_INHERIT_PRIORITY raised it to
 * that of an item depending on it. For MoSCoW, whose order also depends on
 * the secondary model, the score of the item it inherited its place from.
 *
 * Returns: the effective score, or NaN when the item is unscored and
 *   inherited nothing.
 */
LP_API double lp_ranking_get_effective_score (const LpRanking *ranking,
                                              guint rank);

/**
 * lp_ranking_get_inherited_from:
 * @ranking: a ranking
 * @rank: 0-based rank, < lp_ranking_get_n_items()
 *
 * Returns: (transfer none) (nullable): under %LP_ORDER_INHERIT_PRIORITY, the
 *   dependent item (direct or transitive) whose better score this item
 *   inherited; %NULL when the item ranks by its own score.
 */
LP_API LpItem *lp_ranking_get_inherited_from (const LpRanking *ranking,
                                              guint rank);

/**
 * lp_ranking_find_item:
 * @ranking: a ranking
 * @item: an item of the ranking's backlog
 * @rank: (out) (optional): its 0-based rank
 *
 * Finds an item's rank (O(1) after the first call on a ranking).
 *
 * Returns: %TRUE if @item is ranked; %FALSE if it is excluded, not open, or
 *   beyond the top n of lp_backlog_next().
 */
LP_API gboolean lp_ranking_find_item (LpRanking *ranking, const LpItem *item,
                                      guint *rank);

/**
 * lp_ranking_get_model_name:
 * @ranking: a ranking
 *
 * Returns: (transfer none): the name of the model that scored the ranking
 *   ("value-effort" when %NULL was passed).
 */
LP_API const char *lp_ranking_get_model_name (const LpRanking *ranking);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpRanking, lp_ranking_unref)

G_END_DECLS

#endif /* LP_RANKING_H */
