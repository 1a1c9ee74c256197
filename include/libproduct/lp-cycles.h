#ifndef LP_CYCLES_H
#define LP_CYCLES_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <libproduct/lp-types.h>

G_BEGIN_DECLS

/**
 * LpCycleScope:
 * @LP_CYCLES_ALL: consider every item, whatever its status (data hygiene)
 * @LP_CYCLES_OPEN_ONLY: consider only open items (todo, in progress): the
 *   cycles that prevent an order
 *
 * Which items lp_backlog_find_cycles() looks at.
 */
typedef enum {
  LP_CYCLES_ALL = 0,
  LP_CYCLES_OPEN_ONLY = 1
} LpCycleScope;

/**
 * lp_backlog_find_cycles:
 * @backlog: a backlog
 * @scope: which items to consider
 *
 * Finds every cycle group: each strongly connected component of the
 * dependency graph with more than one member. Groups are sorted by the
 * manual position of their first member; members within a group are in
 * manual order. Linear time, iterative.
 *
 * Returns: (transfer full): the report (with no group when acyclic).
 */
LP_API LpCycles *lp_backlog_find_cycles (LpBacklog *backlog,
                                         LpCycleScope scope);

/**
 * lp_cycles_ref:
 * @cycles: a report
 *
 * Returns: (transfer full): @cycles with one more reference.
 */
LP_API LpCycles *lp_cycles_ref (LpCycles *cycles);

/**
 * lp_cycles_unref:
 * @cycles: (nullable): a report
 *
 * Drops one reference. A report keeps its backlog alive.
 */
LP_API void lp_cycles_unref (LpCycles *cycles);

/**
 * lp_cycles_get_n_groups:
 * @cycles: a report
 *
 * Returns: the number of cycle groups (0 when acyclic).
 */
LP_API guint lp_cycles_get_n_groups (const LpCycles *cycles);

/**
 * lp_cycles_get_group_size:
 * @cycles: a report
 * @group: < lp_cycles_get_n_groups()
 *
 * Returns: the number of items in the group (at least 2).
 */
LP_API guint lp_cycles_get_group_size (const LpCycles *cycles, guint group);

/**
 * lp_cycles_get_member:
 * @cycles: a report
 * @group: < lp_cycles_get_n_groups()
 * @index: < lp_cycles_get_group_size()
 *
 * Returns: (transfer none): a member of the group, in manual order.
 */
LP_API LpItem *lp_cycles_get_member (const LpCycles *cycles, guint group,
                                     guint index);

/**
 * lp_cycles_get_path_length:
 * @cycles: a report
 * @group: < lp_cycles_get_n_groups()
 *
 * Returns: the length of the group's representative cycle (at least 2).
 */
LP_API guint lp_cycles_get_path_length (const LpCycles *cycles, guint group);

/**
 * lp_cycles_get_path_item:
 * @cycles: a report
 * @group: < lp_cycles_get_n_groups()
 * @index: < lp_cycles_get_path_length()
 *
 * One shortest cycle through the group's first member, in order: each item
 * depends on the next, and the last depends on the first.
 *
 * Returns: (transfer none): the item at @index of that cycle.
 */
LP_API LpItem *lp_cycles_get_path_item (const LpCycles *cycles, guint group,
                                        guint index);

/**
 * lp_cycles_format_path:
 * @cycles: a report
 * @group: < lp_cycles_get_n_groups()
 *
 * Returns: (transfer full): the cycle as text, "A -> B -> C -> A" ("->"
 *   reads "depends on"); free with g_free().
 */
LP_API char *lp_cycles_format_path (const LpCycles *cycles, guint group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpCycles, lp_cycles_unref)

G_END_DECLS

#endif /* LP_CYCLES_H */
