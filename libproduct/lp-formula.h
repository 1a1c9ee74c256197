/* User formulas: a small, safe arithmetic language over item attributes.
 * INTERNAL header, never installed, not part of the ABI (the symbols are
 * hidden in libproduct.so). It needs only GLib; lp-formula.c needs only GLib,
 * libm and lp_error_quark(), so tests and fuzzers compile it directly.
 *
 * A formula is compiled once into postfix bytecode and then evaluated any
 * number of times, per item (lp_formula_evaluate()) or over whole columns
 * (lp_formula_evaluate_columns(), the fast path). A compiled formula is
 * immutable: every function below takes it const and may be called from
 * several threads at once. Evaluation allocates nothing (but one scratch
 * buffer per lp_formula_evaluate_columns() call), does no I/O and cannot
 * run anything but arithmetic; it never traps (no SIGFPE, unless the
 * program itself enabled floating-point traps with feenableexcept()). libm
 * may set errno (log (-1) sets EDOM).
 *
 * LANGUAGE
 *   number      decimal, optional fraction and exponent: 3  0.5  .5  1e3
 *               2.5E-2 (no sign: "-1" is unary minus applied to 1; no hex,
 *               no inf/nan literals; a literal that overflows is an error)
 *   identifier  [A-Za-z_][A-Za-z0-9_]*, case-sensitive: a variable (an item
 *               attribute; "value" and "effort" are ordinary identifiers
 *               that the caller maps to the item fields). An identifier
 *               directly followed by "(" (after optional whitespace) is a
 *               function call.
 *   operators, lowest precedence first:
 *     < <= > >= == !=   comparison, yields 1 or 0; NOT chainable
 *                       ("a < b < c" is an error; parenthesise)
 *     + -               binary, left-associative
 *     * /               left-associative
 *     - +               unary (prefix)
 *     ^                 power, right-associative, binds tighter than unary
 *                       minus: -2^2 = -4, 2^-1 = 0.5, 2^3^2 = 512
 *   functions   min(a, ...) max(a, ...)   one or more arguments
 *               abs(x) sqrt(x) log(x) (natural) log10(x) exp(x)
 *               if(cond, a, b)   a when cond != 0, else b
 *   ( )         grouping; whitespace (space, tab, CR, LF) anywhere between
 *               tokens.
 *
 * LIMITS (compile errors, never a crash): source at most
 * LP_FORMULA_MAX_LENGTH bytes; nesting at most LP_FORMULA_MAX_DEPTH, where
 * every open parenthesis, function call, unary operator and operator still
 * awaiting its right operand counts one level (so 256 nested parentheses
 * compile, 257 do not). The parser uses an explicit stack, no recursion.
 *
 * EVALUATION SEMANTICS
 *   - variables[i] is the value of variable i; NaN means "missing".
 *   - A formula FAILS (the item is unscored) when a variable it needs is
 *     missing, or when any operation it performs yields a non-finite value:
 *     division by zero, 0 ^ negative, log/log10 of a number <= 0, sqrt of a
 *     negative number, a negative number to a fractional power, or overflow
 *     (10^400, exp(1000), 1e308 * 10). A failing intermediate cannot be
 *     hidden by a later operation: 1/(1/0), (1/0) > 5 and min(1, 1/0) fail.
 *     An infinite variable fails like an overflow (status NOT_FINITE).
 *   - if(cond, a, b) is lazy: cond is evaluated, then only the chosen branch.
 *     A missing variable or a division by zero in the branch NOT taken does
 *     not make the formula fail: if(effort > 0, value / effort, 0) is safe.
 *     (Internally both branches are computed and one is selected; the
 *     results are identical to lazy evaluation.)
 *   - min/max/comparisons/if conditions see exact doubles (== is exact).
 *   - When several things fail, the one reported is the first in
 *     left-to-right evaluation order.
 *   - lp_formula_evaluate() and lp_formula_evaluate_columns() give
 *     bit-identical results.
 *
 * COMPILE ERRORS are in the LP_ERROR domain with code LP_ERROR_INVALID_VALUE
 * and read  formula: column N: MESSAGE  where N is the 1-based byte column
 * in the source, e.g.
 *   formula: column 1: empty formula
 *   formula: column 7: expected ")" to close "(" at column 1
 *   formula: column 3: unexpected character '#'
 *   formula: column 3: unexpected byte 0xC3
 *   formula: column 5: expected an operand
 *   formula: column 3: expected an operator or the end of the formula
 *   formula: column 4: unmatched ")"
 *   formula: column 1: unknown function "foo"
 *   formula: column 6: too many arguments: abs takes 1    (at the ",")
 *   formula: column 1: if takes 3 arguments, got 2
 *   formula: column 1: unknown attribute "reech"
 *   formula: column 257: nested too deeply (limit 256)
 *   formula: column 65537: formula too long (limit 65536 bytes)
 *   formula: column 7: comparisons cannot be chained; use parentheses
 * The exact wording may change; the "formula: column N: " prefix will not.
 */
#ifndef LP_FORMULA_H
#define LP_FORMULA_H

#include <glib.h>

G_BEGIN_DECLS

#define LP_FORMULA_MAX_LENGTH 65536
#define LP_FORMULA_MAX_DEPTH 256

typedef struct _LpFormula LpFormula;

/* Why an evaluation failed; see lp_formula_diagnose(). */
typedef enum {
  LP_FORMULA_OK = 0,
  LP_FORMULA_MISSING,           /* a needed variable is NaN */
  LP_FORMULA_DIVISION_BY_ZERO,  /* x / 0, 0 ^ negative */
  LP_FORMULA_DOMAIN,            /* log(x <= 0), sqrt(x < 0), (-8) ^ 0.5 */
  LP_FORMULA_OVERFLOW,          /* a result beyond +-DBL_MAX */
  LP_FORMULA_NOT_FINITE         /* a variable is +-infinity */
} LpFormulaStatus;

/* Compiles `source` (a NUL-terminated string; the formula ends at the NUL).
 * known_attributes (nullable, NULL-terminated): when non-NULL, every
 * identifier that is not a function call must be in it, else the compile
 * fails with `unknown attribute "x"`; pass every name the caller can supply
 * (including "value" and "effort" if they are mapped). When NULL, any
 * identifier is accepted and an item lacking it is unscored at evaluation.
 * Returns NULL and sets error on failure. */
LpFormula *lp_formula_compile (const char *source,
                               const char *const *known_attributes,
                               GError **error);

void lp_formula_free (LpFormula *f);  /* NULL is fine */

/* The source exactly as given to lp_formula_compile(). */
const char *lp_formula_get_source (const LpFormula *f);

/* Distinct identifiers (function names excluded), in order of first use
 * in the source: for "(reach * impact * confidence) / effort" variable 0
 * is "reach", 3 is "effort". A formula may have no variables. */
guint lp_formula_get_n_variables (const LpFormula *f);
const char *lp_formula_get_variable (const LpFormula *f, guint i);
/* Index of a variable by name, or -1. */
int lp_formula_find_variable (const LpFormula *f, const char *name);

/* Evaluates with variables[i] = value of variable i (NaN = missing);
 * `variables` may be NULL when the formula has no variables.
 * On success stores the (finite) value in *result and returns TRUE.
 * On failure returns FALSE, leaves *result untouched and sets *missing
 * (optional) to the index of the first missing variable, or to G_MAXUINT
 * when the failure is not a missing variable (division by zero, domain,
 * overflow, infinite input); lp_formula_describe_failure() says which.
 * The success path costs one bytecode pass; failures take a second,
 * slower pass to find the cause. */
gboolean lp_formula_evaluate (const LpFormula *f, const double *variables,
                              double *result, guint *missing);

/* The cause of a failure, for messages. Returns LP_FORMULA_OK when the
 * formula evaluates. Otherwise *variable (optional) is the variable index
 * for MISSING / NOT_FINITE (else G_MAXUINT) and *column (optional) the
 * 1-based source column of the failing identifier or operator (the "/" of
 * a division by zero, the name of log/sqrt, the "^" of a power). */
LpFormulaStatus lp_formula_diagnose (const LpFormula *f,
                                     const double *variables,
                                     guint *variable, guint *column);

/* NULL when the formula evaluates; otherwise a human-readable reason
 * (g_free it), one of:
 *   "reach" is missing
 *   "reach" is not finite
 *   division by zero at column 9
 *   logarithm of a negative number at column 1     (also: of zero)
 *   square root of a negative number at column 1
 *   negative number to a fractional power at column 4
 *   overflow at column 3 */
char *lp_formula_describe_failure (const LpFormula *f,
                                   const double *variables);

/* "Why this score": the source (whitespace runs collapsed to one space)
 * with every variable annotated with its value ("?" when missing), then,
 * when the top-level operator is a chain of + - or of * / with at least
 * one compound operand, the values of those operands (a parenthesised
 * operand is one operand: "(a * b) / c" has two), then the result:
 *   (reach=1000 * impact=2 * confidence=0.8) / effort=4 = 1600 / 4 = 400
 *   reach=? * impact=2 = unscored: "reach" is missing
 * Numbers use the shortest of %.15g/%.16g/%.17g that reads back exactly.
 * g_free the result. */
char *lp_formula_explain (const LpFormula *f, const double *variables);

/* Bulk evaluation, the fast path: columns[i] points at n values of
 * variable i (the same layout as the backlog's attribute columns, so they
 * can be passed directly), out receives n results; a row that fails gets
 * NaN (call lp_formula_evaluate()/lp_formula_describe_failure() on that
 * row for the reason). out may not overlap the columns. `columns` may be
 * NULL when the formula has no variables. Allocates one scratch buffer per
 * call (none per row). */
void lp_formula_evaluate_columns (const LpFormula *f,
                                  const double *const *columns, gsize n,
                                  double *out);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LpFormula, lp_formula_free)

G_END_DECLS

#endif /* LP_FORMULA_H */
