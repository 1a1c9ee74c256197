#ifndef LP_BACKLOG_H
#define LP_BACKLOG_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <libproduct/lp-types.h>

G_BEGIN_DECLS

/**
 * lp_backlog_new:
 *
 * Creates an empty backlog.
 *
 * Returns: (transfer full): a new backlog; release with lp_backlog_unref().
 */
LP_API LpBacklog *lp_backlog_new (void);

/**
 * lp_backlog_ref:
 * @backlog: a backlog
 *
 * Returns: (transfer full): @backlog, with one more reference.
 */
LP_API LpBacklog *lp_backlog_ref (LpBacklog *backlog);

/**
 * lp_backlog_unref:
 * @backlog: (nullable): a backlog
 *
 * Drops one reference; the last one frees the backlog and all its items.
 */
LP_API void lp_backlog_unref (LpBacklog *backlog);

/**
 * lp_backlog_get_name:
 * @backlog: a backlog
 *
 * Returns: (transfer none): the product's name ("" when unset).
 */
LP_API const char *lp_backlog_get_name (const LpBacklog *backlog);

/**
 * lp_backlog_set_name:
 * @backlog: a backlog
 * @name: (nullable): the product's name, UTF-8 (copied); %NULL clears it
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (not UTF-8)
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_backlog_set_name (LpBacklog *backlog, const char *name,
                                     GError **error);

/**
 * lp_backlog_get_vision:
 * @backlog: a backlog
 *
 * Returns: (transfer none): the product vision ("" when unset).
 */
LP_API const char *lp_backlog_get_vision (const LpBacklog *backlog);

/**
 * lp_backlog_set_vision:
 * @backlog: a backlog
 * @vision: (nullable): the product vision, UTF-8 (copied); %NULL clears it
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (not UTF-8)
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_backlog_set_vision (LpBacklog *backlog, const char *vision,
                                       GError **error);

/**
 * lp_backlog_get_n_items:
 * @backlog: a backlog
 *
 * Returns: the number of items.
 */
LP_API guint lp_backlog_get_n_items (const LpBacklog *backlog);

/**
 * lp_backlog_is_busy:
 * @backlog: a backlog
 *
 * Whether a scoring model is being applied to @backlog now, which only the
 * callback of a custom model (#LpScoreFunc) can see: lp_score_model_apply()
 * and lp_score_model_score_item() hold the backlog while they evaluate the
 * model, and so do the functions that score through them (ordering,
 * lp_backlog_next(), lp_score_model_explain()).
 *
 * A busy backlog can be read but not changed: every function that changes
 * it or one of its items changes nothing. Those that take a #GError fail
 * with %LP_ERROR_BUSY, naming the operation and the item; the others
 * (lp_backlog_remove_item(), lp_item_set_status(), ...) report a critical,
 * as for any other programmer error.
 *
 * Returns: %TRUE while @backlog is being scored.
 */
LP_API gboolean lp_backlog_is_busy (const LpBacklog *backlog);

/**
 * lp_backlog_add_item:
 * @backlog: a backlog
 * @id: a unique, non-empty UTF-8 id such as "LP-17" (copied)
 * @title: (nullable): the title, UTF-8 (copied)
 * @error: return location for %LP_ERROR_DUPLICATE_ID or
 *   %LP_ERROR_INVALID_VALUE
 *
 * Appends a new item (kind story, status todo, unvalued, unestimated) to the
 * end of the manual order.
 *
 * Returns: (transfer none) (nullable): the new item, owned by @backlog, or
 *   %NULL on error (the backlog is then unchanged).
 */
LP_API LpItem *lp_backlog_add_item (LpBacklog *backlog, const char *id,
                                    const char *title, GError **error);

/**
 * lp_backlog_add_items:
 * @backlog: a backlog
 * @n_items: how many items to add
 * @ids: (array length=n_items): unique non-empty ids
 * @titles: (array length=n_items) (nullable): titles, or %NULL for none
 *   (a %NULL element means no title)
 * @values: (array length=n_items) (nullable): values; NaN means unvalued
 * @efforts: (array length=n_items) (nullable): efforts; NaN means unestimated
 * @error: return location for %LP_ERROR_DUPLICATE_ID or
 *   %LP_ERROR_INVALID_VALUE naming the first offending item
 *
 * The bulk path: appends many items at once, all or nothing. Everything is
 * validated before the backlog changes.
 *
 * Returns: %TRUE on success; on failure the backlog is unchanged.
 */
LP_API gboolean lp_backlog_add_items (LpBacklog *backlog, guint n_items,
                                      const char *const *ids,
                                      const char *const *titles,
                                      const double *values,
                                      const double *efforts, GError **error);

/**
 * lp_backlog_remove_item:
 * @backlog: a backlog
 * @item: (transfer none): an item of @backlog; invalid after the call
 *
 * Removes the item, every dependency that involves it, and its children's
 * link to it as parent.
 */
LP_API void lp_backlog_remove_item (LpBacklog *backlog, LpItem *item);

/**
 * lp_backlog_move_item:
 * @backlog: a backlog
 * @item: an item of @backlog
 * @position: the new 0-based position in the manual order
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (position
 *   past the last item)
 *
 * Moves an item within the manual order; the others keep their relative
 * order.
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_backlog_move_item (LpBacklog *backlog, LpItem *item,
                                      guint position, GError **error);

/**
 * lp_backlog_get_item_at:
 * @backlog: a backlog
 * @position: 0 <= @position < lp_backlog_get_n_items()
 *
 * Returns: (transfer none): the item at that position of the manual order.
 */
LP_API LpItem *lp_backlog_get_item_at (const LpBacklog *backlog,
                                       guint position);

/**
 * lp_backlog_get_item:
 * @backlog: a backlog
 * @id: an item id
 *
 * Finds an item by id in O(1).
 *
 * Returns: (transfer none) (nullable): the item, or %NULL if there is none.
 */
LP_API LpItem *lp_backlog_get_item (const LpBacklog *backlog, const char *id);

/**
 * lp_backlog_lookup_item:
 * @backlog: a backlog
 * @id: an item id
 * @error: return location for an %LP_ERROR_UNKNOWN_ITEM error
 *
 * Like lp_backlog_get_item(), for ids that come from user input.
 *
 * Returns: (transfer none) (nullable): the item, or %NULL with @error set.
 */
LP_API LpItem *lp_backlog_lookup_item (const LpBacklog *backlog,
                                       const char *id, GError **error);

/**
 * lp_backlog_add_dependency:
 * @backlog: a backlog
 * @dependent: the item that waits
 * @prerequisite: the item that must be done first
 * @error: return location for an %LP_ERROR_SELF_DEPENDENCY error
 *
 * Records "@dependent depends on @prerequisite". Recording an existing
 * dependency again does nothing. Cycles are allowed here (real data has
 * them) and reported by lp_backlog_find_cycles() and the ordering.
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_backlog_add_dependency (LpBacklog *backlog,
                                           LpItem *dependent,
                                           LpItem *prerequisite,
                                           GError **error);

/**
 * lp_backlog_add_dependencies:
 * @backlog: a backlog
 * @n_dependencies: how many dependencies
 * @dependents: (array length=n_dependencies): manual-order positions of the
 *   waiting items
 * @prerequisites: (array length=n_dependencies): positions of the items
 *   that must be done first
 * @error: return location for %LP_ERROR_UNKNOWN_ITEM (a position out of
 *   range) or %LP_ERROR_SELF_DEPENDENCY
 *
 * The bulk path for dependencies, all or nothing.
 *
 * Returns: %TRUE on success; on failure the backlog is unchanged.
 */
LP_API gboolean lp_backlog_add_dependencies (LpBacklog *backlog,
                                             guint n_dependencies,
                                             const guint32 *dependents,
                                             const guint32 *prerequisites,
                                             GError **error);

/**
 * lp_backlog_remove_dependency:
 * @backlog: a backlog
 * @dependent: an item
 * @prerequisite: an item
 *
 * Returns: %TRUE if the dependency existed (it is now gone).
 */
LP_API gboolean lp_backlog_remove_dependency (LpBacklog *backlog,
                                              LpItem *dependent,
                                              LpItem *prerequisite);

/**
 * lp_backlog_has_dependency:
 * @backlog: a backlog
 * @dependent: an item
 * @prerequisite: an item
 *
 * Returns: %TRUE if @dependent directly depends on @prerequisite.
 */
LP_API gboolean lp_backlog_has_dependency (LpBacklog *backlog,
                                           const LpItem *dependent,
                                           const LpItem *prerequisite);

/**
 * lp_backlog_get_n_dependencies:
 * @backlog: a backlog
 *
 * Returns: the number of distinct dependencies.
 */
LP_API guint lp_backlog_get_n_dependencies (LpBacklog *backlog);

/**
 * lp_backlog_dup_prerequisites:
 * @backlog: a backlog
 * @item: an item of @backlog
 *
 * Returns: (transfer container) (element-type LpItem): the items @item
 *   directly depends on, in the order they were recorded; free the array
 *   with g_ptr_array_unref(), not the items.
 */
LP_API GPtrArray *lp_backlog_dup_prerequisites (LpBacklog *backlog,
                                                const LpItem *item);

/**
 * lp_backlog_dup_dependents:
 * @backlog: a backlog
 * @item: an item of @backlog
 *
 * Returns: (transfer container) (element-type LpItem): the items that
 *   directly depend on @item, in manual order; free the array only.
 */
LP_API GPtrArray *lp_backlog_dup_dependents (LpBacklog *backlog,
                                             const LpItem *item);

/**
 * lp_backlog_dup_blockers:
 * @backlog: a backlog
 * @item: an item of @backlog
 *
 * Returns: (transfer container) (element-type LpItem): the direct
 *   prerequisites of @item that are not done (empty when nothing blocks it);
 *   free the array only.
 */
LP_API GPtrArray *lp_backlog_dup_blockers (LpBacklog *backlog,
                                           const LpItem *item);

/**
 * lp_backlog_item_is_ready:
 * @backlog: a backlog
 * @item: an item of @backlog
 *
 * Returns: %TRUE if @item is open (todo or in progress) and every direct
 *   prerequisite is done.
 */
LP_API gboolean lp_backlog_item_is_ready (LpBacklog *backlog,
                                          const LpItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpBacklog, lp_backlog_unref)

G_END_DECLS

#endif /* LP_BACKLOG_H */
