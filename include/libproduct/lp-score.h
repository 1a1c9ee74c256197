#ifndef LP_SCORE_H
#define LP_SCORE_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <libproduct/lp-types.h>

G_BEGIN_DECLS

/**
 * lp_score_model_new_value_effort:
 *
 * The value/effort model: score = value / effort. An unvalued or
 * unestimated item gets no score and is ranked after every scored item. A
 * quotient too large for a double (a huge value over a tiny effort) scores
 * G_MAXDOUBLE. Other models' non-finite scores leave the item unscored.
 *
 * Returns: (transfer full): a new model; release with lp_score_model_unref().
 */
LP_API LpScoreModel *lp_score_model_new_value_effort (void);

/**
 * lp_score_model_new_by_name:
 * @name: a model name ("value-effort")
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (unknown
 *   name)
 *
 * Returns: (transfer full) (nullable): a new model, or %NULL on error.
 */
LP_API LpScoreModel *lp_score_model_new_by_name (const char *name,
                                                 GError **error);

/**
 * lp_score_model_ref:
 * @model: a model
 *
 * Returns: (transfer full): @model with one more reference.
 */
LP_API LpScoreModel *lp_score_model_ref (LpScoreModel *model);

/**
 * lp_score_model_unref:
 * @model: (nullable): a model
 *
 * Drops one reference.
 */
LP_API void lp_score_model_unref (LpScoreModel *model);

/**
 * lp_score_model_get_name:
 * @model: a model
 *
 * Returns: (transfer none): the model's name, e.g. "value-effort".
 */
LP_API const char *lp_score_model_get_name (const LpScoreModel *model);

/**
 * lp_score_model_score_item:
 * @model: a model
 * @item: an item
 * @score: (out) (optional): where to store the score
 *
 * Scores one item.
 *
 * Returns: %TRUE if the item could be scored; %FALSE if it lacks an input the
 *   model needs (it is then "unscored" and @score is untouched).
 */
LP_API gboolean lp_score_model_score_item (const LpScoreModel *model,
                                           const LpItem *item, double *score);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpScoreModel, lp_score_model_unref)

G_END_DECLS

#endif /* LP_SCORE_H */
