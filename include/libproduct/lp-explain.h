#ifndef LP_EXPLAIN_H
#define LP_EXPLAIN_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <libproduct/lp-types.h>

G_BEGIN_DECLS

/*
 * Explanations: why an item has its score, and why it has its place.
 */

/**
 * LpTermRole:
 * @LP_TERM_ADDEND: added (WSJF's cost of delay parts; a scorecard
 *   criterion, weighted; ICE average)
 * @LP_TERM_FACTOR: multiplied (RICE reach, impact, confidence; ICE product)
 * @LP_TERM_DIVISOR: divided by (effort, job size, duration)
 * @LP_TERM_CATEGORY: a category that orders first (MoSCoW, Kano)
 * @LP_TERM_SECONDARY: a score that orders within the category (MoSCoW's
 *   secondary model; Kano's (CS - DS) / 2)
 * @LP_TERM_VARIABLE: a formula variable (its place is in the formula text)
 *
 * What part a term plays in a score.
 */
typedef enum {
  LP_TERM_ADDEND = 0,
  LP_TERM_FACTOR,
  LP_TERM_DIVISOR,
  LP_TERM_CATEGORY,
  LP_TERM_SECONDARY,
  LP_TERM_VARIABLE
} LpTermRole;

/**
 * lp_term_role_to_string:
 * @role: a role
 *
 * Returns: (transfer none) (nullable): "addend", "factor", "divisor",
 *   "category", "secondary" or "variable"; %NULL if invalid.
 */
LP_API const char *lp_term_role_to_string (LpTermRole role);

/**
 * lp_scores_explain:
 * @scores: scores from lp_score_model_apply()
 * @item: an open item of the scored backlog
 *
 * The breakdown of @item's score, with the backlog-wide context of @scores
 * (relative normalisation, medians). Cheap: use it to explain many items.
 *
 * Returns: (transfer full): the explanation; release with
 *   lp_explanation_unref().
 */
LP_API LpExplanation *lp_scores_explain (LpScores *scores, const LpItem *item);

/**
 * lp_score_model_explain:
 * @model: a model
 * @item: an item; it is scored within its own backlog
 * @error: return location for the errors of lp_score_model_apply()
 *
 * Applies @model to @item's backlog and explains @item (for one item; use
 * lp_scores_explain() for many). A done or dropped item is explained as
 * unscored with reason `not open (done)`.
 *
 * Returns: (transfer full) (nullable): the explanation, or %NULL with @error
 *   set.
 */
LP_API LpExplanation *lp_score_model_explain (LpScoreModel *model,
                                              const LpItem *item,
                                              GError **error);

/**
 * lp_explanation_ref:
 * @explanation: an explanation
 *
 * Returns: (transfer full): @explanation with one more reference.
 */
LP_API LpExplanation *lp_explanation_ref (LpExplanation *explanation);

/**
 * lp_explanation_unref:
 * @explanation: (nullable): an explanation
 *
 * Drops one reference.
 */
LP_API void lp_explanation_unref (LpExplanation *explanation);

/**
 * lp_explanation_get_item:
 * @explanation: an explanation
 *
 * Returns: (transfer none): the item explained.
 */
LP_API LpItem *lp_explanation_get_item (const LpExplanation *explanation);

/**
 * lp_explanation_get_model_name:
 * @explanation: an explanation
 *
 * Returns: (transfer none): the model's name.
 */
LP_API const char *lp_explanation_get_model_name (const LpExplanation *explanation);

/**
 * lp_explanation_get_score:
 * @explanation: an explanation
 * @score: (out) (optional): the item's score
 *
 * Returns: %TRUE if the item is scored.
 */
LP_API gboolean lp_explanation_get_score (const LpExplanation *explanation,
                                          double *score);

/**
 * lp_explanation_get_reason:
 * @explanation: an explanation
 *
 * Returns: (transfer none) (nullable): why the item is unscored (as
 *   lp_scores_dup_reason()), or %NULL when it is scored.
 */
LP_API const char *lp_explanation_get_reason (const LpExplanation *explanation);

/**
 * lp_explanation_get_missing_input:
 * @explanation: an explanation
 *
 * Returns: (transfer none) (nullable): the input the item lacks, as
 *   lp_scores_get_missing_input().
 */
LP_API const char *lp_explanation_get_missing_input (const LpExplanation *explanation);

/**
 * lp_explanation_get_n_terms:
 * @explanation: an explanation
 *
 * Returns: the number of terms (inputs) of the score, in the model's order;
 *   a custom model has none.
 */
LP_API guint lp_explanation_get_n_terms (const LpExplanation *explanation);

/**
 * lp_explanation_get_term_name:
 * @explanation: an explanation
 * @index: < lp_explanation_get_n_terms()
 *
 * Returns: (transfer none): the attribute the term reads ("reach"), or for
 *   MoSCoW's secondary term the secondary model's name, for Kano's the
 *   name "satisfaction".
 */
LP_API const char *lp_explanation_get_term_name (const LpExplanation *explanation,
                                                 guint index);

/**
 * lp_explanation_get_term_role:
 * @explanation: an explanation
 * @index: < lp_explanation_get_n_terms()
 *
 * Returns: the term's role.
 */
LP_API LpTermRole lp_explanation_get_term_role (const LpExplanation *explanation,
                                                guint index);

/**
 * lp_explanation_get_term_input:
 * @explanation: an explanation
 * @index: < lp_explanation_get_n_terms()
 *
 * Returns: the value read from the item (80 for a confidence of 80%; for a
 *   category term the category as its #LpMoscow / #LpKanoCategory value), or
 *   NaN when the item lacks it.
 */
LP_API double lp_explanation_get_term_input (const LpExplanation *explanation,
                                             guint index);

/**
 * lp_explanation_get_term_value:
 * @explanation: an explanation
 * @index: < lp_explanation_get_n_terms()
 *
 * Returns: the value as the model uses it: the input, except 0.8 for a
 *   confidence of 80%, a relative scorecard's normalised 0..100 value, a
 *   category's weight (MoSCoW must 3, Kano must-be 3); NaN when missing.
 */
LP_API double lp_explanation_get_term_value (const LpExplanation *explanation,
                                             guint index);

/**
 * lp_explanation_get_term_weight:
 * @explanation: an explanation
 * @index: < lp_explanation_get_n_terms()
 *
 * Returns: the term's weight (a scorecard criterion's; 1 for other
 *   addends, factors and divisors; 1/3 for ICE average).
 */
LP_API double lp_explanation_get_term_weight (const LpExplanation *explanation,
                                              guint index);

/**
 * lp_explanation_get_term_contribution:
 * @explanation: an explanation
 * @index: < lp_explanation_get_n_terms()
 *
 * Returns: for an addend, what it adds to the score (weight x value); for
 *   a factor, the factor by which it multiplies the score (its value); for a
 *   divisor, 1 / value; for a category or secondary term, its value; for a
 *   formula variable, NaN (see lp_explanation_to_string()). NaN also when
 *   the term is missing.
 */
LP_API double lp_explanation_get_term_contribution (const LpExplanation *explanation,
                                                    guint index);

/**
 * lp_explanation_to_string:
 * @explanation: an explanation
 *
 * One line of text, e.g.
 * `RICE = reach 1000 x impact 2 x confidence 80% (0.8) / effort 4 = 400`,
 * `WSJF = (business_value 8 + time_criticality 5 + risk_reduction 3) /
 * job_size 8 = 2`, `formula (reach=1000 * impact=2) / effort=4 = 500`,
 * `RICE: unscored: missing input "reach"`.
 *
 * Returns: (transfer full): the text; free with g_free().
 */
LP_API char *lp_explanation_to_string (const LpExplanation *explanation);

/*
 * The position's reasons
 */

/**
 * lp_ranking_explain_position:
 * @ranking: a ranking from lp_backlog_order() or lp_backlog_next()
 * @item: an item of the ranking's backlog
 *
 * Why @item has its place, several lines of text: its rank and (effective)
 * score, or why it is unscored; the priority it inherited and from which
 * dependent; how many items rank above it with a better score (and the
 * first five); which of its prerequisites rank above it though scored lower
 * (they hold it back); or, for an excluded item, the exclusion and its
 * cause; for an item that is not open, its status.
 *
 * Returns: (transfer full): the text; free with g_free().
 */
LP_API char *lp_ranking_explain_position (LpRanking *ranking,
                                          const LpItem *item);

/**
 * lp_ranking_explain_pair:
 * @ranking: a ranking from lp_backlog_order()
 * @a: an item of the ranking's backlog
 * @b: another item
 *
 * Answers "why is @a above @b?" (or, if @b is above @a, why that is), one
 * line: one is a (transitive) prerequisite of the other; or it has the
 * better (effective) score; or the scores are equal and it comes first in
 * the manual order; or, when it is scored lower, the other was waiting for a
 * prerequisite placed later. Also handles excluded and unranked items.
 *
 * Returns: (transfer full): the text; free with g_free().
 */
LP_API char *lp_ranking_explain_pair (LpRanking *ranking, const LpItem *a,
                                      const LpItem *b);

/**
 * lp_ranking_dup_held_back_by:
 * @ranking: a ranking from lp_backlog_order()
 * @item: an item of the ranking's backlog
 *
 * The open (transitive) prerequisites of @item ranked above it with a worse
 * ordering score than @item: they are above it only because @item needs
 * them first. Empty when @item is not ranked.
 *
 * Returns: (transfer container) (element-type LpItem): the items in rank
 *   order; free the array only.
 */
LP_API GPtrArray *lp_ranking_dup_held_back_by (LpRanking *ranking,
                                               const LpItem *item);

/**
 * lp_ranking_dup_waits_behind:
 * @ranking: a ranking
 * @item: an item of the ranking's backlog
 *
 * The items ranked above @item with a better ordering (effective) score,
 * or an equal one and an earlier manual position. Empty when @item is not
 * ranked.
 *
 * Returns: (transfer container) (element-type LpItem): the items in rank
 *   order; free the array only.
 */
LP_API GPtrArray *lp_ranking_dup_waits_behind (LpRanking *ranking,
                                               const LpItem *item);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpExplanation, lp_explanation_unref)

G_END_DECLS

#endif /* LP_EXPLAIN_H */
