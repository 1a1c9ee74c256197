/* Internals of the scoring models shared by lp-score.c, lp-models.c,
 * lp-scores.c, lp-explain.c and lp-inherit.c. Never installed. */
#ifndef LP_MODELS_H
#define LP_MODELS_H

#include "lp-private.h"
#include "lp-formula.h"

/* Where an input is read from. */
enum {
  LP_SRC_NONE = 0,   /* no item has it: always missing */
  LP_SRC_VALUE,
  LP_SRC_EFFORT,
  LP_SRC_COLUMN,     /* a dense attribute */
  LP_SRC_SPARSE      /* a sparse attribute */
};

/* Resolved when scoring starts: nothing changes the backlog while it is
 * scored, so an attribute stays dense or sparse meanwhile. */
typedef struct {
  guint8 src;
  const double *col;          /* LP_SRC_COLUMN: indexed by slot */
  const LpAttribute *attr;    /* LP_SRC_COLUMN, LP_SRC_SPARSE */
} LpInputSource;

void lp_input_resolve (LpBacklog *b, const char *attribute, LpInputSource *out);

static inline double
lp_input_read (const LpInputSource *in, const LpItem *item)
{
  switch (in->src)
    {
    case LP_SRC_VALUE: return item->value;
    case LP_SRC_EFFORT: return item->effort;
    case LP_SRC_COLUMN: return in->col[item->slot];
    case LP_SRC_SPARSE: return lp_attribute_get (in->attr, item->slot);
    default: return NAN;
    }
}

/* Everything needed to score items of one backlog with one model. */
typedef struct {
  const LpScoreModel *m;
  LpBacklog *b;
  guint n_in;
  LpInputSource *in;        /* n_in sources: inputs, criteria or variables */
  double *vars;             /* formula scratch, n_in */
  const double *crit_min;   /* relative scorecard: NULL in the first pass */
  const double *crit_max;
  GArray *violations;       /* NULL: do not record */
} LpEvalCtx;

void lp_eval_ctx_init (LpEvalCtx *c, const LpScoreModel *m, LpBacklog *b);
void lp_eval_ctx_clear (LpEvalCtx *c);

/* Scores one open item; returns an LP_SCORE_* state, *score set when
 * LP_SCORE_SCORED, *aux the input index for missing/off-scale/divisor. */
guint8 lp_eval_item (LpEvalCtx *c, const LpItem *item, double *score,
                     guint32 *aux);

/* The name of input i of the model (attribute after renaming, criterion,
 * formula variable; "moscow" / "kano_answers"). */
const char *lp_model_input_name (const LpScoreModel *m, guint i);
guint lp_model_n_inputs (const LpScoreModel *m);

/* Is v on the scale of input i of model m? */
gboolean lp_model_on_scale (const LpScoreModel *m, guint i, double v);
/* Human-readable scale of input i, e.g. "the RICE scale (3, 2, 1, 0.5,
 * 0.25)"; g_free. */
char *lp_model_describe_scale (const LpScoreModel *m, guint i);

/* Kano: counts per category of a slot's answers; FALSE when none. */
gboolean lp_kano_count (const LpBacklog *b, guint32 slot,
                        guint counts[LP_KANO_N_CATEGORIES]);
/* The feature's category from its counts (mode, ties M > O > A > I > R > Q). */
LpKanoCategory lp_kano_mode (const guint counts[LP_KANO_N_CATEGORIES]);

/* MoSCoW category weight: must 3, should 2, could 1, else 0. */
static inline double
lp_moscow_weight (guint8 moscow)
{
  switch (moscow)
    {
    case LP_MOSCOW_MUST: return 3;
    case LP_MOSCOW_SHOULD: return 2;
    case LP_MOSCOW_COULD: return 1;
    default: return 0;
    }
}

/* Kano category rank for the score: M 3, O 2, A 1, I 0. */
static inline double
lp_kano_rank (LpKanoCategory c)
{
  switch (c)
    {
    case LP_KANO_CATEGORY_MUST_BE: return 3;
    case LP_KANO_CATEGORY_ONE_DIMENSIONAL: return 2;
    case LP_KANO_CATEGORY_ATTRACTIVE: return 1;
    default: return 0;
    }
}

/* Shortest "%g" that reads back exactly; g_free. */
char *lp_format_number (double v);

/* Title of a model for explanations: "RICE", "WSJF", ... */
const char *lp_model_title (const LpScoreModel *m);

#endif
