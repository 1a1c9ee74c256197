#ifndef LP_ITEM_H
#define LP_ITEM_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <libproduct/lp-types.h>

G_BEGIN_DECLS

/*
 * An item lives inside its backlog (items are stored in the backlog's
 * arrays, not allocated one by one). Every LpItem pointer is owned by the
 * backlog and stays valid until lp_backlog_remove_item() or the backlog's
 * finalization. Setters validate their input: on failure they report a
 * GError in the LP_ERROR domain naming the item and leave it unchanged.
 */

/**
 * lp_item_get_id:
 * @item: an item
 *
 * Returns: (transfer none): the item's unique id, owned by the backlog.
 */
LP_API const char *lp_item_get_id (const LpItem *item);

/**
 * lp_item_get_backlog:
 * @item: an item
 *
 * Returns: (transfer none): the backlog that owns @item (no reference added).
 */
LP_API LpBacklog *lp_item_get_backlog (const LpItem *item);

/**
 * lp_item_get_position:
 * @item: an item
 *
 * Returns: the item's 0-based position in the backlog's manual order.
 */
LP_API guint lp_item_get_position (const LpItem *item);

/**
 * lp_item_get_title:
 * @item: an item
 *
 * Returns: (transfer none): the title ("" when none was given), owned by the
 *   backlog and valid until the title is changed.
 */
LP_API const char *lp_item_get_title (const LpItem *item);

/**
 * lp_item_set_title:
 * @item: an item
 * @title: the new title, UTF-8 (copied)
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (not UTF-8)
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_item_set_title (LpItem *item, const char *title,
                                   GError **error);

/**
 * lp_item_get_description:
 * @item: an item
 *
 * Returns: (transfer none): the description ("" when none), owned by the
 *   backlog and valid until the description is changed.
 */
LP_API const char *lp_item_get_description (const LpItem *item);

/**
 * lp_item_set_description:
 * @item: an item
 * @description: the new description, UTF-8 (copied)
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (not UTF-8)
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_item_set_description (LpItem *item, const char *description,
                                         GError **error);

/**
 * lp_item_get_kind:
 * @item: an item
 *
 * Returns: the item's kind (%LP_ITEM_KIND_STORY unless set).
 */
LP_API LpItemKind lp_item_get_kind (const LpItem *item);

/**
 * lp_item_set_kind:
 * @item: an item
 * @kind: a valid #LpItemKind (anything else is a programmer error)
 */
LP_API void lp_item_set_kind (LpItem *item, LpItemKind kind);

/**
 * lp_item_get_status:
 * @item: an item
 *
 * Returns: the item's status (%LP_ITEM_STATUS_TODO unless set).
 */
LP_API LpItemStatus lp_item_get_status (const LpItem *item);

/**
 * lp_item_set_status:
 * @item: an item
 * @status: a valid #LpItemStatus (anything else is a programmer error)
 */
LP_API void lp_item_set_status (LpItem *item, LpItemStatus status);

/**
 * lp_item_has_value:
 * @item: an item
 *
 * Returns: %TRUE if the item has a value (is not "unvalued").
 */
LP_API gboolean lp_item_has_value (const LpItem *item);

/**
 * lp_item_get_value:
 * @item: an item
 *
 * Returns: the item's value (>= 0), or NaN when it is unvalued.
 */
LP_API double lp_item_get_value (const LpItem *item);

/**
 * lp_item_set_value:
 * @item: an item
 * @value: a finite number >= 0
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Returns: %TRUE on success; on failure the value is unchanged.
 */
LP_API gboolean lp_item_set_value (LpItem *item, double value, GError **error);

/**
 * lp_item_clear_value:
 * @item: an item
 *
 * Makes the item unvalued.
 */
LP_API void lp_item_clear_value (LpItem *item);

/**
 * lp_item_has_effort:
 * @item: an item
 *
 * Returns: %TRUE if the item is estimated.
 */
LP_API gboolean lp_item_has_effort (const LpItem *item);

/**
 * lp_item_get_effort:
 * @item: an item
 *
 * Returns: the item's effort (> 0) in the backlog's unit, or NaN when it is
 *   unestimated.
 */
LP_API double lp_item_get_effort (const LpItem *item);

/**
 * lp_item_set_effort:
 * @item: an item
 * @effort: a finite number > 0
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Returns: %TRUE on success; on failure the effort is unchanged.
 */
LP_API gboolean lp_item_set_effort (LpItem *item, double effort,
                                    GError **error);

/**
 * lp_item_clear_effort:
 * @item: an item
 *
 * Makes the item unestimated.
 */
LP_API void lp_item_clear_effort (LpItem *item);

/**
 * lp_item_get_parent:
 * @item: an item
 *
 * Returns: (transfer none) (nullable): the parent item (an epic or feature),
 *   or %NULL when the item has none.
 */
LP_API LpItem *lp_item_get_parent (const LpItem *item);

/**
 * lp_item_set_parent:
 * @item: an item
 * @parent: (nullable): an item of the same backlog, or %NULL to unset
 * @error: return location for an %LP_ERROR_PARENT_CYCLE error (@parent is
 *   @item or one of its descendants)
 *
 * Returns: %TRUE on success; on failure the parent is unchanged.
 */
LP_API gboolean lp_item_set_parent (LpItem *item, LpItem *parent,
                                    GError **error);

/**
 * lp_item_get_attribute:
 * @item: an item
 * @name: an attribute name such as "reach"
 * @value: (out) (optional): where to store the value
 *
 * Returns: %TRUE if the item has the attribute; @value is untouched if not.
 */
LP_API gboolean lp_item_get_attribute (const LpItem *item, const char *name,
                                       double *value);

/**
 * lp_item_set_attribute:
 * @item: an item
 * @name: a non-empty UTF-8 attribute name
 * @value: a finite number
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (NaN,
 *   infinity, empty or non-UTF-8 name)
 *
 * Sets a named numeric attribute used by scoring models.
 *
 * Returns: %TRUE on success; on failure the item is unchanged.
 */
LP_API gboolean lp_item_set_attribute (LpItem *item, const char *name,
                                       double value, GError **error);

/**
 * lp_item_unset_attribute:
 * @item: an item
 * @name: an attribute name
 *
 * Returns: %TRUE if the item had the attribute.
 */
LP_API gboolean lp_item_unset_attribute (LpItem *item, const char *name);

/**
 * lp_item_dup_attribute_names:
 * @item: an item
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the
 *   attributes the item has, in the order the backlog first saw them; free
 *   with g_strfreev(). Never %NULL (an empty vector when there are none).
 */
LP_API char **lp_item_dup_attribute_names (const LpItem *item);

/**
 * lp_item_add_label:
 * @item: an item
 * @label: a non-empty UTF-8 label
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Adds a label; adding a label the item already has does nothing.
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_item_add_label (LpItem *item, const char *label,
                                   GError **error);

/**
 * lp_item_remove_label:
 * @item: an item
 * @label: a label
 *
 * Returns: %TRUE if the item had the label.
 */
LP_API gboolean lp_item_remove_label (LpItem *item, const char *label);

/**
 * lp_item_has_label:
 * @item: an item
 * @label: a label
 *
 * Returns: %TRUE if the item has the label.
 */
LP_API gboolean lp_item_has_label (const LpItem *item, const char *label);

/**
 * lp_item_get_n_labels:
 * @item: an item
 *
 * Returns: how many labels the item has.
 */
LP_API guint lp_item_get_n_labels (const LpItem *item);

/**
 * lp_item_get_label:
 * @item: an item
 * @index: 0 <= @index < lp_item_get_n_labels()
 *
 * Returns: (transfer none): the label, interned by the backlog (valid as long
 *   as the backlog).
 */
LP_API const char *lp_item_get_label (const LpItem *item, guint index);

/**
 * lp_item_get_moscow:
 * @item: an item
 *
 * Returns: the item's MoSCoW category (%LP_MOSCOW_NONE unless set); the
 *   file format's item field `"moscow"`.
 */
LP_API LpMoscow lp_item_get_moscow (const LpItem *item);

/**
 * lp_item_set_moscow:
 * @item: an item
 * @moscow: a valid #LpMoscow (anything else is a programmer error);
 *   %LP_MOSCOW_NONE clears the category
 */
LP_API void lp_item_set_moscow (LpItem *item, LpMoscow moscow);

/**
 * lp_item_add_kano_answer:
 * @item: an item
 * @functional: a valid #LpKanoAnswer to the functional question
 * @dysfunctional: a valid #LpKanoAnswer to the dysfunctional question
 *
 * Appends one respondent's answer pair to the item's Kano survey answers
 * (the file format's `"kano_answers": [[functional, dysfunctional], ...]`).
 * Invalid enum values are a programmer error.
 */
LP_API void lp_item_add_kano_answer (LpItem *item, LpKanoAnswer functional,
                                     LpKanoAnswer dysfunctional);

/**
 * lp_item_clear_kano_answers:
 * @item: an item
 *
 * Removes every Kano answer pair of the item.
 */
LP_API void lp_item_clear_kano_answers (LpItem *item);

/**
 * lp_item_get_n_kano_answers:
 * @item: an item
 *
 * Returns: how many Kano answer pairs the item has.
 */
LP_API guint lp_item_get_n_kano_answers (const LpItem *item);

/**
 * lp_item_get_kano_answer:
 * @item: an item
 * @index: 0 <= @index < lp_item_get_n_kano_answers()
 * @functional: (out) (optional): the functional answer
 * @dysfunctional: (out) (optional): the dysfunctional answer
 *
 * Reads one answer pair, in the order they were added.
 */
LP_API void lp_item_get_kano_answer (const LpItem *item, guint index,
                                     LpKanoAnswer *functional,
                                     LpKanoAnswer *dysfunctional);

G_END_DECLS

#endif /* LP_ITEM_H */
