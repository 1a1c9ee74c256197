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
 * @name: a model name, as accepted by `prioritize rank --by NAME`:
 *   "value-effort", "wsjf", "rice", "ice", "cd3", "kano", "moscow" (secondary
 *   model value-effort) or "moscow:NAME" (secondary model NAME, any name
 *   but another moscow), "formula:EXPR" (lp_score_model_new_formula() of
 *   EXPR), "scorecard:FILE" (lp_score_model_new_scorecard_from_file() of
 *   FILE). Names are case-sensitive.
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (unknown
 *   name, formula syntax error), or the errors of
 *   lp_score_model_new_scorecard_from_file()
 *
 * Every model it returns has its default options; lp_score_model_get_name()
 * gives @name back.
 *
 * Returns: (transfer full) (nullable): a new model, or %NULL on error.
 */
LP_API LpScoreModel *lp_score_model_new_by_name (const char *name,
                                                 GError **error);

/**
 * lp_score_model_list_names:
 *
 * Returns: (transfer none) (array zero-terminated=1): the names of the
 *   built-in models that need no argument ("value-effort", "wsjf", "rice",
 *   "ice", "cd3", "moscow", "kano"), a static %NULL-terminated vector; the
 *   parameterised forms "formula:EXPR", "scorecard:FILE" and "moscow:NAME"
 *   are not listed.
 */
LP_API const char *const *lp_score_model_list_names (void);

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
 * Scores one item, whatever its status, without the backlog-wide context:
 * a MoSCoW model gives the category weight (its secondary order needs
 * lp_score_model_apply()), and a relative scorecard, whose scores depend
 * on the whole backlog, applies itself to the item's backlog (O(n): use
 * lp_score_model_apply() to score many items). A scorecard without criteria
 * scores nothing. Inputs off the model's scale are not reported here.
 *
 * Returns: %TRUE if the item could be scored; %FALSE if it lacks an input the
 *   model needs or the model cannot score it (it is then "unscored" and
 *   @score is untouched; lp_scores_dup_reason() says why).
 */
LP_API gboolean lp_score_model_score_item (const LpScoreModel *model,
                                           const LpItem *item, double *score);

/*
 * Built-in models
 * ===============
 *
 * Every model reads named inputs from an item. An input is an attribute of
 * the item (lp_item_set_attribute()), except that the names "value" and
 * "effort" mean the item's value and effort fields. An item lacking an input
 * is unscored: it is ranked after every scored item, and
 * lp_scores_get_missing_input() names what it lacks (never a silent zero).
 * Default input names are the vocabulary of the `libproduct/1` format;
 * lp_score_model_set_input() renames them.
 *
 * Scores are finite doubles; a computation that overflows, or divides by
 * zero, leaves the item unscored with a reason.
 */

/**
 * lp_score_model_new_wsjf:
 *
 * Weighted Shortest Job First (SAFe): cost of delay = business value + time
 * criticality + risk reduction / opportunity enablement; WSJF = cost of delay
 * / job size. Inputs: "business_value", "time_criticality",
 * "risk_reduction", "job_size" (job size 0 leaves the item unscored).
 * Scale check (lp_score_model_set_scale_check()): every input on SAFe's
 * modified Fibonacci scale 1, 2, 3, 5, 8, 13, 20; default
 * %LP_SCALE_CHECK_IGNORE.
 *
 * Returns: (transfer full): a new model named "wsjf".
 */
LP_API LpScoreModel *lp_score_model_new_wsjf (void);

/**
 * lp_score_model_new_rice:
 *
 * RICE (Intercom): reach x impact x confidence / effort. Inputs: "reach"
 * (>= 0, people or events per period), "impact" (on the scale 3, 2, 1, 0.5,
 * 0.25), "confidence" (a fraction 0..1, or a percent when above 1: 80 means
 * 0.8; above 100 or negative is off scale), "effort" (the item's effort, in
 * person-months by convention; must be > 0). Scale check default:
 * %LP_SCALE_CHECK_REJECT (an impact off the scale, a confidence off 0..100
 * or a negative reach leaves the item unscored), as Intercom defines the
 * scale; %LP_SCALE_CHECK_IGNORE accepts any number.
 *
 * Returns: (transfer full): a new model named "rice".
 */
LP_API LpScoreModel *lp_score_model_new_rice (void);

/**
 * LpIceMode:
 * @LP_ICE_PRODUCT: the product impact x confidence x ease, 1..1000 (the
 *   default)
 * @LP_ICE_AVERAGE: the average of impact, confidence and ease, 1..10
 *
 * How the ICE model combines its three inputs.
 */
typedef enum {
  LP_ICE_PRODUCT = 0,
  LP_ICE_AVERAGE
} LpIceMode;

/**
 * lp_ice_mode_to_string:
 * @mode: a mode
 *
 * Returns: (transfer none) (nullable): "product" or "average"; %NULL if
 *   invalid.
 */
LP_API const char *lp_ice_mode_to_string (LpIceMode mode);

/**
 * lp_ice_mode_from_string:
 * @name: "product" or "average" (case-insensitive)
 * @mode: (out): where to store the mode
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE on success; on failure @mode is unchanged.
 */
LP_API gboolean lp_ice_mode_from_string (const char *name, LpIceMode *mode,
                                         GError **error);

/**
 * lp_score_model_new_ice:
 *
 * ICE (Sean Ellis): inputs "impact", "confidence", "ease", each 1..10,
 * combined by lp_score_model_set_ice_mode() (default %LP_ICE_PRODUCT).
 * Scale check default %LP_SCALE_CHECK_REJECT: an input outside 1..10 leaves
 * the item unscored.
 *
 * Returns: (transfer full): a new model named "ice".
 */
LP_API LpScoreModel *lp_score_model_new_ice (void);

/**
 * lp_score_model_new_cd3:
 *
 * CD3, Cost of Delay Divided by Duration (Black Swan Farming): cost of
 * delay per unit of time / duration. Inputs "cost_of_delay" (e.g. money per
 * week) and "duration" (in the same unit of time; 0 leaves the item
 * unscored).
 *
 * Returns: (transfer full): a new model named "cd3".
 */
LP_API LpScoreModel *lp_score_model_new_cd3 (void);

/**
 * lp_score_model_new_moscow:
 * @secondary: (nullable) (transfer none): the model that orders items
 *   within a category; %NULL means value/effort. It may not itself be a
 *   MoSCoW model. A reference is taken.
 *
 * MoSCoW (DSDM): orders by the item's category (lp_item_get_moscow()), must
 * before should before could, then by @secondary; within a category items
 * @secondary cannot score come last (in manual order). The score is the
 * category's weight: must 3, should 2, could 1 (lp_scores_get_score()); the
 * secondary score is lp_scores_get_secondary_score(). Items marked "won't
 * (this time)" are open work the team decided not to do now: they are
 * unscored with the reason "won't have this time", so they rank after
 * every categorised item. An item without a category is unscored with
 * missing input "moscow". lp_scores_get_must_share() reports the musts'
 * share of the estimated effort of the open items and whether it exceeds
 * the limit (lp_score_model_set_must_limit(); DSDM's guidance, the default,
 * is 0.6).
 *
 * Returns: (transfer full): a new model named "moscow" (value/effort
 *   secondary) or "moscow:NAME".
 */
LP_API LpScoreModel *lp_score_model_new_moscow (LpScoreModel *secondary);

/**
 * lp_score_model_new_kano:
 *
 * Kano: classifies every item from its survey answer pairs
 * (lp_item_add_kano_answer()) with lp_kano_classify(); the item's category
 * is the most frequent category of its pairs, ties going to the first in
 * the order must-be, one-dimensional, attractive, indifferent, reverse,
 * questionable (Berger et al. 1993: "M > O > A > I"). With A, O, M, I the
 * number of pairs in each category, the better (satisfaction) coefficient is
 * CS = (A + O) / (A + O + M + I) and the worse (dissatisfaction) coefficient
 * DS = -(O + M) / (A + O + M + I).
 *
 * Score = category rank + (CS - DS) / 2, with rank must-be 3,
 * one-dimensional 2, attractive 1, indifferent 0: categories in that order
 * (Kano's "build the must-bes first"), and within a category the features
 * that move satisfaction most first; always in [0, 4). An item classified
 * reverse or questionable is unscored with that reason, one without answers
 * with missing input "kano_answers".
 *
 * Returns: (transfer full): a new model named "kano".
 */
LP_API LpScoreModel *lp_score_model_new_kano (void);

/**
 * LpScorecardMode:
 * @LP_SCORECARD_ABSOLUTE: score = sum of weight x value (the default)
 * @LP_SCORECARD_RELATIVE: every criterion is first normalised to 0..100
 *   across the scored open items of the backlog, (v - min) / (max - min) x
 *   100 (100 when every item has the same value), then score = sum of
 *   weight x normalised value, as Jira Product Discovery does. A relative
 *   score depends on the other items: adding, removing or re-estimating one
 *   item can change every item's score.
 *
 * How a weighted scorecard combines its criteria.
 */
typedef enum {
  LP_SCORECARD_ABSOLUTE = 0,
  LP_SCORECARD_RELATIVE
} LpScorecardMode;

/**
 * lp_scorecard_mode_to_string:
 * @mode: a mode
 *
 * Returns: (transfer none) (nullable): "absolute" or "relative"; %NULL if
 *   invalid.
 */
LP_API const char *lp_scorecard_mode_to_string (LpScorecardMode mode);

/**
 * lp_scorecard_mode_from_string:
 * @name: "absolute" or "relative" (case-insensitive)
 * @mode: (out): where to store the mode
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE on success; on failure @mode is unchanged.
 */
LP_API gboolean lp_scorecard_mode_from_string (const char *name,
                                               LpScorecardMode *mode,
                                               GError **error);

/**
 * LpScale:
 * @LP_SCALE_ANY: any finite number
 * @LP_SCALE_LINEAR_1_5: the integers 1, 2, 3, 4, 5
 * @LP_SCALE_POWERS_OF_TWO: 1, 2, 4, 8, 16, ... (2^k, k >= 0)
 * @LP_SCALE_FIBONACCI: the Fibonacci numbers 0, 1, 2, 3, 5, 8, 13, 21, ...
 * @LP_SCALE_CUSTOM: the values given to lp_score_model_set_criterion_values()
 *
 * The values a scorecard criterion may take.
 */
typedef enum {
  LP_SCALE_ANY = 0,
  LP_SCALE_LINEAR_1_5,
  LP_SCALE_POWERS_OF_TWO,
  LP_SCALE_FIBONACCI,
  LP_SCALE_CUSTOM
} LpScale;

/**
 * lp_scale_to_string:
 * @scale: a scale
 *
 * Returns: (transfer none) (nullable): "any", "linear-1-5",
 *   "powers-of-two", "fibonacci" or "custom"; %NULL if invalid.
 */
LP_API const char *lp_scale_to_string (LpScale scale);

/**
 * lp_scale_from_string:
 * @name: a name as returned by lp_scale_to_string() (case-insensitive, "_"
 *   may stand for "-")
 * @scale: (out): where to store the scale
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE on success; on failure @scale is unchanged.
 */
LP_API gboolean lp_scale_from_string (const char *name, LpScale *scale,
                                      GError **error);

/**
 * lp_score_model_new_scorecard:
 *
 * An empty weighted scorecard; add criteria with
 * lp_score_model_add_criterion() (a scorecard without criteria scores
 * nothing: lp_score_model_apply() fails with %LP_ERROR_INVALID_VALUE).
 * Scale check default %LP_SCALE_CHECK_REJECT: a value off its criterion's
 * scale leaves the item unscored.
 *
 * Returns: (transfer full): a new model named "scorecard".
 */
LP_API LpScoreModel *lp_score_model_new_scorecard (void);

/**
 * lp_score_model_new_scorecard_from_data:
 * @data: (array length=length) (element-type guint8): a scorecard
 *   definition
 * @length: the length of @data in bytes, or -1 when NUL-terminated
 * @error: return location for %LP_ERROR_PARSE (syntax, with the line;
 *   in JSON also the column), %LP_ERROR_FORMAT (an unknown or repeated
 *   key, a value of the wrong type) or %LP_ERROR_INVALID_VALUE (a weight,
 *   scale or value that lp_score_model_add_criterion() rejects, a string
 *   with a NUL character)
 *
 * Reads a scorecard definition, in either of two forms (after a UTF-8
 * byte order mark, if any). JSON (the first non-blank character is `{`;
 * comments are allowed):
 *
 * |[
 *   {"format": "libproduct-scorecard/1", "mode": "relative",
 *    "criteria": [
 *      {"name": "reach", "weight": 2, "scale": "linear-1-5"},
 *      {"name": "revenue", "weight": 3},
 *      {"name": "risk", "weight": -1, "scale": "custom", "values": [1, 3, 9]}
 *    ]}
 * ]|
 *
 * ("format" optional; "mode" defaults to "absolute"; "scale" to "any";
 * each member at most once). Values nest only as shown: a container
 * anywhere else is a value of the wrong type, reported where it opens
 * (see docs/LIMITS.md). Or lines of `key = value` (blank lines and lines starting with `#`
 * ignored):
 *
 * |[
 *   mode = relative
 *   reach = 2 linear-1-5
 *   revenue = 3
 *   risk = -1 custom 1,3,9
 * ]|
 *
 * where "mode" sets the mode and every other key adds a criterion: the
 * weight, then optionally the scale name, then for "custom" the values
 * separated by commas. Criteria keep the order of the definition.
 *
 * Returns: (transfer full) (nullable): a new model named "scorecard", or
 *   %NULL with @error set.
 */
LP_API LpScoreModel *lp_score_model_new_scorecard_from_data (const char *data,
                                                             gssize length,
                                                             GError **error);

/**
 * lp_score_model_new_scorecard_from_file:
 * @path: a file name (GLib file name encoding); "-" is not special here
 * @error: return location for %LP_ERROR_IO, %LP_ERROR_LIMIT (the file is
 *   larger than %LP_DEFAULT_MAX_INPUT_SIZE) or the errors of
 *   lp_score_model_new_scorecard_from_data() (messages start with @path)
 *
 * Reads the file with lp_read_file() (limit %LP_DEFAULT_MAX_INPUT_SIZE).
 *
 * Returns: (transfer full) (nullable): a new model named "scorecard:@path",
 *   or %NULL with @error set.
 */
LP_API LpScoreModel *lp_score_model_new_scorecard_from_file (const char *path,
                                                             GError **error);

/**
 * lp_score_model_new_formula:
 * @expression: a formula over item attributes, e.g.
 *   `(reach * impact * confidence) / effort`
 * @error: return location for an %LP_ERROR_INVALID_VALUE error whose message
 *   reads `formula: column N: ...` (syntax error, unknown function, nesting
 *   deeper than 256, formula longer than 65536 bytes)
 *
 * A user formula, compiled once and evaluated per item. The language: decimal
 * numbers; identifiers `[A-Za-z_][A-Za-z0-9_]*` naming attributes ("value"
 * and "effort" are the item's fields); `+ - * /`, `^` (power,
 * right-associative, tighter than unary minus: -2^2 = -4); unary minus and
 * plus; comparisons `< <= > >= == !=` giving 1 or 0 (not chainable);
 * parentheses; functions `min(a, ...)`, `max(a, ...)`, `abs`, `sqrt`, `log`
 * (natural), `log10`, `exp`, and `if(cond, a, b)` (evaluates only the branch
 * taken). Nothing else: no I/O, no variables assignment, no loops.
 *
 * An item lacking an attribute the formula needs is unscored with that
 * missing input; a division by zero, the logarithm or square root of a
 * number out of domain, or an overflow leaves it unscored with the reason
 * (lp_scores_dup_reason()). To reject unknown attributes at compile time
 * use lp_score_model_new_formula_for_backlog().
 *
 * Returns: (transfer full) (nullable): a new model named
 *   "formula:@expression", or %NULL with @error set.
 */
LP_API LpScoreModel *lp_score_model_new_formula (const char *expression,
                                                 GError **error);

/**
 * lp_score_model_new_formula_for_backlog:
 * @expression: a formula, as for lp_score_model_new_formula()
 * @backlog: the backlog whose attributes the formula may use: every
 *   attribute some item of @backlog has, plus "value" and "effort"
 * @error: return location for an %LP_ERROR_INVALID_VALUE error; an unknown
 *   attribute reads `formula: column N: unknown attribute "reech"`
 *
 * Like lp_score_model_new_formula(), but an identifier that is not an
 * attribute of @backlog is a compile error (a typo is reported with its
 * column rather than leaving every item unscored). The model may later be
 * applied to any backlog.
 *
 * Returns: (transfer full) (nullable): a new model, or %NULL with @error set.
 */
LP_API LpScoreModel *lp_score_model_new_formula_for_backlog (const char *expression,
                                                             LpBacklog *backlog,
                                                             GError **error);

/**
 * LpScoreFunc:
 * @item: the item to score
 * @score: (out): where to store its score (a finite number)
 * @user_data: the data given to lp_score_model_new_custom()
 *
 * The callback of a custom model. It may read the backlog (the item, the
 * other items, their dependencies; it may even apply another model to the
 * same backlog), but it must not change it: while the callback runs the
 * backlog is busy (lp_backlog_is_busy()), and every function that changes
 * the backlog or one of its items refuses and changes nothing, with an
 * %LP_ERROR_BUSY error (its message names the operation and the item:
 * `item "LP-3": cannot set the value while the backlog is being scored`)
 * or, for the functions without a #GError, a critical. Once the scoring
 * call returns the backlog can change again. Other backlogs may be changed.
 *
 * Like every libproduct object, a backlog must not be used from two
 * threads at once without a lock of the program's own; the busy state is
 * not a lock.
 *
 * Returns: %TRUE and *@score set if the item could be scored; %FALSE leaves
 *   it unscored (a non-finite *@score is treated as %FALSE).
 */
typedef gboolean (*LpScoreFunc) (const LpItem *item, double *score,
                                 gpointer user_data);

/**
 * lp_score_model_new_custom:
 * @name: the model's name (copied), for lp_score_model_get_name() and
 *   explanations
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   scoring function
 * @user_data: (nullable): data passed to @func
 * @destroy: (nullable): called on @user_data when the model is finalized
 *
 * A model defined by the program. It is called once per open item by
 * lp_score_model_apply() (hence by every ordering), in manual order, on the
 * calling thread.
 *
 * Returns: (transfer full): a new model.
 */
LP_API LpScoreModel *lp_score_model_new_custom (const char *name,
                                                LpScoreFunc func,
                                                gpointer user_data,
                                                GDestroyNotify destroy);

/*
 * Options
 * =======
 *
 * Every setter returns FALSE with an %LP_ERROR_INVALID_VALUE error when the
 * model has no such option (e.g. an ICE mode on a WSJF model) or the value
 * is out of range; the model is then unchanged. Change options before
 * sharing a model: a model is not thread-safe while being configured.
 */

/**
 * LpScaleCheck:
 * @LP_SCALE_CHECK_IGNORE: accept any number
 * @LP_SCALE_CHECK_REPORT: score the item, and list each input off its scale
 *   in lp_scores_get_n_violations()
 * @LP_SCALE_CHECK_REJECT: list it, and leave the item unscored
 *
 * What a model does with an input off its scale (the scale is the model's:
 * SAFe's modified Fibonacci for WSJF, 3/2/1/0.5/0.25 for RICE's impact, 1..10
 * for ICE, the criterion's #LpScale for a scorecard).
 */
typedef enum {
  LP_SCALE_CHECK_IGNORE = 0,
  LP_SCALE_CHECK_REPORT,
  LP_SCALE_CHECK_REJECT
} LpScaleCheck;

/**
 * lp_scale_check_to_string:
 * @check: a value
 *
 * Returns: (transfer none) (nullable): "ignore", "report" or "reject"; %NULL
 *   if invalid.
 */
LP_API const char *lp_scale_check_to_string (LpScaleCheck check);

/**
 * lp_scale_check_from_string:
 * @name: "ignore", "report" or "reject" (case-insensitive)
 * @check: (out): where to store the value
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE on success; on failure @check is unchanged.
 */
LP_API gboolean lp_scale_check_from_string (const char *name,
                                            LpScaleCheck *check,
                                            GError **error);

/**
 * lp_score_model_set_input:
 * @model: a built-in model with inputs (value-effort, wsjf, rice, ice, cd3)
 * @input: the input's default name, e.g. "reach" (see each model)
 * @attribute: the attribute to read instead, e.g. "users_per_quarter";
 *   "value" and "effort" mean the item's fields
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (the model
 *   has no such input, or @attribute is empty or not UTF-8)
 *
 * Reads an input from another attribute.
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_input (LpScoreModel *model,
                                          const char *input,
                                          const char *attribute,
                                          GError **error);

/**
 * lp_score_model_dup_inputs:
 * @model: a model
 *
 * The attributes the model reads, in the model's order, after renaming
 * (for a formula: its variables in order of first use; for a scorecard: its
 * criteria; "moscow" and "kano_answers" for those models, followed by the
 * secondary model's inputs; nothing for a custom model).
 *
 * Returns: (transfer full) (array zero-terminated=1): the names; free with
 *   g_strfreev().
 */
LP_API char **lp_score_model_dup_inputs (const LpScoreModel *model);

/**
 * lp_score_model_set_scale_check:
 * @model: a wsjf, rice, ice or scorecard model
 * @check: what to do with inputs off the model's scale
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_scale_check (LpScoreModel *model,
                                                LpScaleCheck check,
                                                GError **error);

/**
 * lp_score_model_set_ice_mode:
 * @model: an ICE model
 * @mode: product or average
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_ice_mode (LpScoreModel *model,
                                             LpIceMode mode, GError **error);

/**
 * lp_score_model_set_quadrant_thresholds:
 * @model: any model
 * @value_threshold: items with value >= this are "high value"; NaN (the
 *   default) means the median value of the open items that have both a
 *   value and an effort
 * @effort_threshold: items with effort >= this are "high effort"; NaN means
 *   the median effort of those items
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (infinite
 *   or negative threshold)
 *
 * Sets where lp_scores_get_quadrant() splits the value/effort matrix.
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_quadrant_thresholds (LpScoreModel *model,
                                                        double value_threshold,
                                                        double effort_threshold,
                                                        GError **error);

/**
 * lp_score_model_set_must_limit:
 * @model: a MoSCoW model
 * @share: the largest acceptable share of effort for musts, 0 < @share <= 1
 *   (default 0.6, DSDM's guidance)
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_must_limit (LpScoreModel *model,
                                               double share, GError **error);

/**
 * lp_score_model_set_scorecard_mode:
 * @model: a scorecard model
 * @mode: absolute or relative
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_scorecard_mode (LpScoreModel *model,
                                                   LpScorecardMode mode,
                                                   GError **error);

/**
 * lp_score_model_add_criterion:
 * @model: a scorecard model
 * @name: the attribute the criterion reads ("value" and "effort" are the
 *   item's fields); unique within the scorecard
 * @weight: a finite weight; negative for costs
 * @scale: the values the criterion may take; %LP_SCALE_CUSTOM needs
 *   lp_score_model_set_criterion_values() before the model is applied
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (not a
 *   scorecard, duplicate or empty name, non-finite weight)
 *
 * Appends a criterion.
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_add_criterion (LpScoreModel *model,
                                              const char *name, double weight,
                                              LpScale scale, GError **error);

/**
 * lp_score_model_set_criterion_values:
 * @model: a scorecard model
 * @name: a criterion added with %LP_SCALE_CUSTOM
 * @values: (array length=n_values): the allowed values (finite)
 * @n_values: how many, at least 1
 * @error: return location for an %LP_ERROR_INVALID_VALUE error
 *
 * Sets the values a custom-scale criterion may take (copied).
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_criterion_values (LpScoreModel *model,
                                                     const char *name,
                                                     const double *values,
                                                     guint n_values,
                                                     GError **error);

/**
 * lp_score_model_get_n_criteria:
 * @model: a model
 *
 * Returns: the number of scorecard criteria (0 for other models).
 */
LP_API guint lp_score_model_get_n_criteria (const LpScoreModel *model);

/**
 * lp_score_model_get_criterion:
 * @model: a scorecard model
 * @index: < lp_score_model_get_n_criteria()
 * @weight: (out) (optional): its weight
 * @scale: (out) (optional): its scale
 *
 * Returns: (transfer none): the criterion's name.
 */
LP_API const char *lp_score_model_get_criterion (const LpScoreModel *model,
                                                 guint index, double *weight,
                                                 LpScale *scale);

/**
 * lp_score_model_set_option:
 * @model: a model
 * @key: an option name (below)
 * @value: its value as text
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (unknown key
 *   for this model, bad value)
 *
 * Sets any option from text, for command lines and bindings
 * (`prioritize rank --by rice --option impact=impact_score`). Keys:
 * - an input's default name ("reach", "job_size", ...): lp_score_model_set_input()
 * - "scale-check": "ignore", "report" or "reject"
 * - "mode": for ICE "product" or "average", for a scorecard "absolute" or
 *   "relative"
 * - "value-threshold", "effort-threshold": a number, or "median"
 * - "must-limit" (MoSCoW): a fraction ("0.6") or a percent ("60%")
 *
 * Returns: %TRUE on success.
 */
LP_API gboolean lp_score_model_set_option (LpScoreModel *model,
                                           const char *key, const char *value,
                                           GError **error);

/*
 * Applying a model to a backlog
 * =============================
 */

/**
 * lp_score_model_apply:
 * @model: a model
 * @backlog: a backlog
 * @error: return location for an %LP_ERROR_INVALID_VALUE error (a model
 *   that cannot score anything: a scorecard without criteria, a custom
 *   scale without values)
 *
 * Scores every open item (todo or in progress) of @backlog. This is the
 * path lp_backlog_order() and lp_backlog_next() use, so that models that
 * look at the whole backlog (relative scorecards, quadrant medians, MoSCoW
 * shares) give the same scores everywhere. Done and dropped items are not
 * scored. O(n) for every model but MoSCoW (O(n log n)).
 *
 * The result describes the backlog as it was: using it after the backlog
 * changed (an item removed) is a programmer error.
 *
 * Returns: (transfer full) (nullable): the scores, or %NULL with @error set.
 */
LP_API LpScores *lp_score_model_apply (LpScoreModel *model,
                                       LpBacklog *backlog, GError **error);

/**
 * lp_scores_ref:
 * @scores: scores
 *
 * Returns: (transfer full): @scores with one more reference.
 */
LP_API LpScores *lp_scores_ref (LpScores *scores);

/**
 * lp_scores_unref:
 * @scores: (nullable): scores
 *
 * Drops one reference. Scores keep their backlog and model alive.
 */
LP_API void lp_scores_unref (LpScores *scores);

/**
 * lp_scores_get_backlog:
 * @scores: scores
 *
 * Returns: (transfer none): the backlog that was scored.
 */
LP_API LpBacklog *lp_scores_get_backlog (const LpScores *scores);

/**
 * lp_scores_get_model:
 * @scores: scores
 *
 * Returns: (transfer none): the model that scored them.
 */
LP_API LpScoreModel *lp_scores_get_model (const LpScores *scores);

/**
 * lp_scores_get_n_scored:
 * @scores: scores
 *
 * Returns: how many open items have a score.
 */
LP_API guint lp_scores_get_n_scored (const LpScores *scores);

/**
 * lp_scores_get_n_unscored:
 * @scores: scores
 *
 * Returns: how many open items are unscored (missing input, off scale, ...).
 */
LP_API guint lp_scores_get_n_unscored (const LpScores *scores);

/**
 * lp_scores_get_score:
 * @scores: scores
 * @item: an item of the scored backlog
 * @score: (out) (optional): its score
 *
 * Returns: %TRUE if @item has a score; %FALSE if it is unscored or not open
 *   (@score is then untouched).
 */
LP_API gboolean lp_scores_get_score (const LpScores *scores,
                                     const LpItem *item, double *score);

/**
 * lp_scores_get_missing_input:
 * @scores: scores
 * @item: an item of the scored backlog
 *
 * Returns: (transfer none) (nullable): the name of the first input @item
 *   lacks (the attribute name, after renaming: "reach", "effort", "moscow",
 *   "kano_answers", a formula's variable, ...); %NULL when it is scored or
 *   unscored for another reason (see lp_scores_dup_reason()).
 */
LP_API const char *lp_scores_get_missing_input (const LpScores *scores,
                                                const LpItem *item);

/**
 * lp_scores_dup_reason:
 * @scores: scores
 * @item: an item of the scored backlog
 *
 * Why @item is unscored, one line of text, e.g. `missing input "reach"`,
 * `impact 4 is off the RICE scale (3, 2, 1, 0.5, 0.25)`,
 * `division by zero at column 9`, `won't have this time`, `not open (done)`,
 * `the custom model declined to score it`.
 *
 * Returns: (transfer full) (nullable): the reason, or %NULL when @item is
 *   scored; free with g_free().
 */
LP_API char *lp_scores_dup_reason (const LpScores *scores, const LpItem *item);

/**
 * LpQuadrant:
 * @LP_QUADRANT_QUICK_WIN: high value, low effort
 * @LP_QUADRANT_BIG_BET: high value, high effort
 * @LP_QUADRANT_FILL_IN: low value, low effort
 * @LP_QUADRANT_TIME_SINK: low value, high effort
 *
 * An item's cell in the 2x2 value/effort matrix.
 */
typedef enum {
  LP_QUADRANT_QUICK_WIN = 0,
  LP_QUADRANT_BIG_BET,
  LP_QUADRANT_FILL_IN,
  LP_QUADRANT_TIME_SINK
} LpQuadrant;

/**
 * lp_quadrant_to_string:
 * @quadrant: a quadrant
 *
 * Returns: (transfer none) (nullable): "quick-win", "big-bet", "fill-in" or
 *   "time-sink"; %NULL if invalid.
 */
LP_API const char *lp_quadrant_to_string (LpQuadrant quadrant);

/**
 * lp_quadrant_from_string:
 * @name: a name as returned by lp_quadrant_to_string() (case-insensitive,
 *   "_" may stand for "-")
 * @quadrant: (out): where to store the quadrant
 * @error: return location for an %LP_ERROR_INVALID_VALUE error, or %NULL
 *
 * Returns: %TRUE on success; on failure @quadrant is unchanged.
 */
LP_API gboolean lp_quadrant_from_string (const char *name,
                                         LpQuadrant *quadrant, GError **error);

/**
 * lp_scores_get_quadrant:
 * @scores: scores (of any model: the quadrant depends only on value and
 *   effort)
 * @item: an item of the scored backlog
 * @quadrant: (out) (optional): its quadrant
 *
 * High value means value >= the value threshold, high effort means effort
 * >= the effort threshold (lp_score_model_set_quadrant_thresholds(); by
 * default the medians over the open items that have both).
 *
 * Returns: %TRUE if @item is open and has both a value and an effort.
 */
LP_API gboolean lp_scores_get_quadrant (const LpScores *scores,
                                        const LpItem *item,
                                        LpQuadrant *quadrant);

/**
 * lp_scores_get_quadrant_thresholds:
 * @scores: scores
 * @value_threshold: (out) (optional): the value threshold used
 * @effort_threshold: (out) (optional): the effort threshold used
 *
 * The thresholds in effect (the medians unless set); NaN when no open item
 * has both a value and an effort and no threshold was set.
 */
LP_API void lp_scores_get_quadrant_thresholds (const LpScores *scores,
                                               double *value_threshold,
                                               double *effort_threshold);

/**
 * lp_scores_get_secondary_score:
 * @scores: scores of a MoSCoW model
 * @item: an item of the scored backlog
 * @score: (out) (optional): its score under the secondary model
 *
 * Returns: %TRUE if the secondary model scored @item; %FALSE otherwise (and
 *   always for other models).
 */
LP_API gboolean lp_scores_get_secondary_score (const LpScores *scores,
                                               const LpItem *item,
                                               double *score);

/**
 * lp_scores_get_must_share:
 * @scores: scores of a MoSCoW model
 * @limit: (out) (optional): the model's must limit
 *
 * The effort of the open "must" items divided by the effort of every open
 * categorised item (won't items excluded; unestimated items count as
 * nothing and are reported by lp_scores_get_missing_input() only if the
 * secondary model needs effort).
 *
 * Returns: the share in 0..1, or NaN for other models or when no
 *   categorised open item is estimated.
 */
LP_API double lp_scores_get_must_share (const LpScores *scores, double *limit);

/**
 * lp_scores_must_share_exceeded:
 * @scores: scores
 *
 * Returns: %TRUE if the scores are a MoSCoW model's and the must share is
 *   above its limit (DSDM: the project has no contingency left).
 */
LP_API gboolean lp_scores_must_share_exceeded (const LpScores *scores);

/**
 * lp_scores_get_kano_category:
 * @scores: scores of a Kano model
 * @item: an item of the scored backlog
 * @category: (out) (optional): its category (see lp_score_model_new_kano())
 *
 * Returns: %TRUE if @item is open and has at least one answer pair (it is
 *   classified even when the category leaves it unscored); %FALSE otherwise
 *   and for other models.
 */
LP_API gboolean lp_scores_get_kano_category (const LpScores *scores,
                                             const LpItem *item,
                                             LpKanoCategory *category);

/**
 * lp_scores_get_kano_counts:
 * @scores: scores of a Kano model
 * @item: an item of the scored backlog
 * @counts: (out caller-allocates) (array fixed-size=6): receives, indexed by
 *   #LpKanoCategory, how many of the item's answer pairs fall in each
 *   category
 *
 * Returns: %TRUE if @item is open and has at least one answer pair;
 *   otherwise %FALSE and @counts is untouched.
 */
LP_API gboolean lp_scores_get_kano_counts (const LpScores *scores,
                                           const LpItem *item,
                                           guint counts[LP_KANO_N_CATEGORIES]);

/**
 * lp_scores_get_kano_coefficients:
 * @scores: scores of a Kano model
 * @item: an item of the scored backlog
 * @better: (out) (optional): CS = (A + O) / (A + O + M + I), in 0..1
 * @worse: (out) (optional): DS = -(O + M) / (A + O + M + I), in -1..0
 *
 * Returns: %TRUE if @item has at least one answer pair classified A, O, M
 *   or I (the coefficients are then defined).
 */
LP_API gboolean lp_scores_get_kano_coefficients (const LpScores *scores,
                                                 const LpItem *item,
                                                 double *better,
                                                 double *worse);

/**
 * lp_scores_get_n_violations:
 * @scores: scores
 *
 * Inputs off the model's scale, found when the scale check is
 * %LP_SCALE_CHECK_REPORT or %LP_SCALE_CHECK_REJECT; in manual order of the
 * items, then the model's input order.
 *
 * Returns: how many.
 */
LP_API guint lp_scores_get_n_violations (const LpScores *scores);

/**
 * lp_scores_get_violation:
 * @scores: scores
 * @index: < lp_scores_get_n_violations()
 * @input: (out) (optional) (transfer none): the attribute read
 * @value: (out) (optional): the value off the scale
 *
 * Returns: (transfer none): the item.
 */
LP_API LpItem *lp_scores_get_violation (const LpScores *scores, guint index,
                                        const char **input, double *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpScores, lp_scores_unref)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpScoreModel, lp_score_model_unref)

G_END_DECLS

#endif /* LP_SCORE_H */
