/* User formulas: lexer, explicit-stack (shunting-yard) parser, postfix
 * bytecode, per-row and block evaluators. See lp-formula.h for the
 * language and its semantics.
 *
 * Failure is represented by NaN (or an infinity on its way to becoming
 * NaN) inside the evaluators, without a branch per operation: see the
 * comment above fin(). if() selects a branch, so NaN in the branch not
 * taken is dropped: that is exactly lazy evaluation. The result is NaN iff
 * the formula fails; the cause is found afterwards by a slower pass
 * (diagnose()) that carries a cause with each stack value.
 *
 * Constants are folded at compile time (when the result is finite), and a
 * constant operand of a binary operator is stored in the instruction
 * (MODE_K_*), so "0.5 * x" is one instruction. */
#include "config.h"
#include <math.h>
#include <string.h>
#include <libproduct/libproduct.h>
#include "lp-formula.h"
#include "lp-hash.h"

/* Error code for compile errors (see lp-error.h). */
#define FORMULA_ERROR_CODE LP_ERROR_INVALID_VALUE

/* Each pending parser entry holds at most two values (if's first two
 * arguments), plus the operand being parsed. */
#define MAX_STACK (2 * LP_FORMULA_MAX_DEPTH + 1)

/* Rows per block in lp_formula_evaluate_columns(). */
#define BLOCK 256

/* The block kernels' operands may be the same buffer as their output
 * (exactly, never partially): tell the compiler it may vectorise without
 * alias checks (GCC at -O2 does not vectorise a loop that needs them).
 * Clang warns about the kernels it cannot vectorise anyway (libm calls). */
#if defined(__clang__)
#pragma clang diagnostic ignored "-Wpass-failed"
#define IVDEP _Pragma ("clang loop vectorize(assume_safety)")
#elif defined(__GNUC__)
#define IVDEP _Pragma ("GCC ivdep")
#else
#define IVDEP
#endif

#define NO_CAUSE G_MAXUINT32

typedef enum {
  OP_CONST,
  OP_VAR,
  /* unary */
  OP_NEG,
  OP_ABS,
  OP_SQRT,
  OP_LOG,
  OP_LOG10,
  OP_EXP,
  /* binary */
  OP_ADD,
  OP_SUB,
  OP_MUL,
  OP_DIV,
  OP_POW,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_EQ,
  OP_NE,
  OP_MIN,
  OP_MAX,
  /* ternary */
  OP_IF
} Op;

/* Where a binary operation finds its operands. Constants beside an
 * operator are folded into it so that evaluation does not push them. */
enum {
  MODE_STACK,      /* both operands on the stack */
  MODE_K_RIGHT,    /* left on the stack, right is k */
  MODE_K_LEFT      /* left is k, right on the stack */
};

typedef struct {
  guint16 op;
  guint16 mode;  /* binary operators: MODE_* */
  guint32 var;   /* OP_VAR */
  double k;      /* OP_CONST, and binary operators in a K mode */
} Insn;

struct _LpFormula {
  char *source;
  char **variables;     /* n_variables names */
  guint n_variables;
  Insn *code;
  guint32 *column;      /* per instruction: 1-based source column */
  guint32 *first;       /* per instruction: first instruction of its subtree */
  guint8 *grouped;      /* per instruction: its subtree was in parentheses */
  guint n_code;
  guint max_stack;
};

static inline int
op_arity (guint32 op)
{
  if (op <= OP_VAR)
    return 0;
  if (op <= OP_EXP)
    return 1;
  if (op <= OP_MAX)
    return 2;
  return 3;
}

/* Operands an instruction takes from the stack. */
static inline int
stack_operands (const Insn *in)
{
  return op_arity (in->op) - (in->mode != MODE_STACK);
}

/* ---- arithmetic, shared by every evaluator and the constant folder ----
 *
 * A failed value is NaN, or an infinity on its way to becoming one: every
 * operation maps NaN to NaN and +-inf to +-inf or NaN, never to a finite
 * number (so operations that could, namely a divisor, exp's argument,
 * pow, comparisons, min, max and if's condition, turn infinities into NaN
 * first), and the final result goes through fin(). Hence the result is NaN
 * iff some evaluated operation failed or some needed input was NaN/inf. */

/* +-inf -> NaN, NaN -> NaN, finite x -> x (exactly, sign of zero kept). */
static inline double
fin (double x)
{
  return x + x * 0.0;
}

/* 0 (of some sign) when both are finite, else NaN. */
static inline double
poison2 (double a, double b)
{
  return a * 0.0 + b * 0.0;
}

static inline double
apply1 (guint32 op, double a)
{
  switch (op)
    {
    case OP_NEG: return -a;
    case OP_ABS: return fabs (a);
    case OP_SQRT: return sqrt (a);          /* negative -> NaN */
    case OP_LOG: return log (a);            /* 0 -> -inf, negative -> NaN */
    case OP_LOG10: return log10 (a);
    case OP_EXP: return exp (fin (a));      /* exp (-inf) would be 0 */
    default: g_assert_not_reached ();
    }
}

static inline double
apply2 (guint32 op, double a, double b)
{
  switch (op)
    {
    case OP_ADD: return a + b;
    case OP_SUB: return a - b;
    case OP_MUL: return a * b;
    case OP_DIV: return a / fin (b);        /* x / inf would be 0 */
    case OP_POW: return pow (a, b) + poison2 (a, b);
    case OP_LT: return (a < b ? 1.0 : 0.0) + poison2 (a, b);
    case OP_LE: return (a <= b ? 1.0 : 0.0) + poison2 (a, b);
    case OP_GT: return (a > b ? 1.0 : 0.0) + poison2 (a, b);
    case OP_GE: return (a >= b ? 1.0 : 0.0) + poison2 (a, b);
    case OP_EQ: return (a == b ? 1.0 : 0.0) + poison2 (a, b);
    case OP_NE: return (a != b ? 1.0 : 0.0) + poison2 (a, b);
    case OP_MIN: return (b < a ? b : a) + poison2 (a, b);
    case OP_MAX: return (b > a ? b : a) + poison2 (a, b);
    default: g_assert_not_reached ();
    }
}

static inline double
apply3 (double c, double a, double b)
{
  return (c != 0.0 ? a : b) + c * 0.0;
}

/* Runs code[start..end] (a complete subtree, or the whole program) on one
 * row; NaN when it fails. One dispatch per instruction: the switch is on
 * operator and mode together. */
#define DISPATCH(op, mode) ((guint) (op) * 4 + (guint) (mode))

/* The compiler guarantees the depth each instruction pops (and that
 * pushes stay within max_stack <= MAX_STACK). check_depth() states it for
 * the static analyzer: stack[0..sp] have all been pushed, so every operand
 * read is initialised. Only under the analyzer (G_ANALYZER_ANALYZING): as
 * a runtime check, one compare per instruction made lp_formula_evaluate()
 * ~3% slower per row. A function rather than the assertion in place:
 * cppcheck reads an assert's condition as one that may be false. */
static inline void
check_depth (int sp, int n_operands)
{
  if (G_ANALYZER_ANALYZING)
    g_assert (sp >= n_operands - 1);
}

#define ROW_CASE1(OP)                                                        \
  case DISPATCH (OP, MODE_STACK):                                            \
    check_depth (sp, 1);                                                     \
    stack[sp] = apply1 ((OP), stack[sp]);                                    \
    break

#define ROW_CASE2(OP)                                                        \
  case DISPATCH (OP, MODE_STACK):                                            \
    check_depth (sp, 2);                                                     \
    sp--;                                                                    \
    stack[sp] = apply2 ((OP), stack[sp], stack[sp + 1]);                     \
    break;                                                                   \
  case DISPATCH (OP, MODE_K_RIGHT):                                          \
    check_depth (sp, 1);                                                     \
    stack[sp] = apply2 ((OP), stack[sp], in->k);                             \
    break;                                                                   \
  case DISPATCH (OP, MODE_K_LEFT):                                           \
    check_depth (sp, 1);                                                     \
    stack[sp] = apply2 ((OP), in->k, stack[sp]);                             \
    break

static double
run (const LpFormula *f, guint start, guint end, const double *vars)
{
  double stack[MAX_STACK];
  int sp = -1;
  for (guint pc = start; pc <= end; pc++)
    {
      const Insn *in = &f->code[pc];
      switch (DISPATCH (in->op, in->mode))
        {
        case DISPATCH (OP_CONST, MODE_STACK):
          stack[++sp] = in->k;
          break;
        case DISPATCH (OP_VAR, MODE_STACK):
          stack[++sp] = vars[in->var];
          break;
        ROW_CASE1 (OP_NEG);
        ROW_CASE1 (OP_ABS);
        ROW_CASE1 (OP_SQRT);
        ROW_CASE1 (OP_LOG);
        ROW_CASE1 (OP_LOG10);
        ROW_CASE1 (OP_EXP);
        ROW_CASE2 (OP_ADD);
        ROW_CASE2 (OP_SUB);
        ROW_CASE2 (OP_MUL);
        ROW_CASE2 (OP_DIV);
        ROW_CASE2 (OP_POW);
        ROW_CASE2 (OP_LT);
        ROW_CASE2 (OP_LE);
        ROW_CASE2 (OP_GT);
        ROW_CASE2 (OP_GE);
        ROW_CASE2 (OP_EQ);
        ROW_CASE2 (OP_NE);
        ROW_CASE2 (OP_MIN);
        ROW_CASE2 (OP_MAX);
        case DISPATCH (OP_IF, MODE_STACK):
          check_depth (sp, 3);
          sp -= 2;
          stack[sp] = apply3 (stack[sp], stack[sp + 1], stack[sp + 2]);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_assert (sp == 0);
  return fin (stack[0]);
}

/* ---- compiled object ---- */

void
lp_formula_free (LpFormula *f)
{
  if (f == NULL)
    return;
  g_free (f->source);
  for (guint i = 0; i < f->n_variables; i++)
    g_free (f->variables[i]);
  g_free (f->variables);
  g_free (f->code);
  g_free (f->column);
  g_free (f->first);
  g_free (f->grouped);
  g_free (f);
}

const char *
lp_formula_get_source (const LpFormula *f)
{
  g_return_val_if_fail (f != NULL, NULL);
  return f->source;
}

guint
lp_formula_get_n_variables (const LpFormula *f)
{
  g_return_val_if_fail (f != NULL, 0);
  return f->n_variables;
}

const char *
lp_formula_get_variable (const LpFormula *f, guint i)
{
  g_return_val_if_fail (f != NULL, NULL);
  g_return_val_if_fail (i < f->n_variables, NULL);
  return f->variables[i];
}

int
lp_formula_find_variable (const LpFormula *f, const char *name)
{
  g_return_val_if_fail (f != NULL, -1);
  g_return_val_if_fail (name != NULL, -1);
  for (guint i = 0; i < f->n_variables; i++)
    if (strcmp (f->variables[i], name) == 0)
      return (int) i;
  return -1;
}

/* ---- parser ---- */

typedef enum {
  T_END,
  T_NUM,
  T_IDENT,
  T_FUNC,     /* identifier followed by "(" (which is consumed) */
  T_LPAREN,
  T_RPAREN,
  T_COMMA,
  T_OP        /* binary or unary operator; op in Token.op */
} TokenType;

typedef struct {
  TokenType type;
  guint32 op;
  guint32 pos;      /* byte offset of the token */
  guint32 len;      /* identifier length */
  double num;
} Token;

typedef enum {
  P_PAREN,
  P_FUNC,
  P_UNARY,
  P_BINARY
} PendingKind;

typedef struct {
  guint8 kind;
  guint8 func;      /* P_FUNC: index in functions[] */
  guint32 op;       /* P_UNARY / P_BINARY */
  guint32 pos;
  guint32 argc;     /* P_FUNC: arguments completed so far */
} Pending;

typedef struct {
  const char *name;
  guint32 op;
  guint min_args;   /* max_args == 0: unbounded (min, max) */
  guint max_args;
} Function;

static const Function functions[] = {
  { "min", OP_MIN, 1, 0 },
  { "max", OP_MAX, 1, 0 },
  { "abs", OP_ABS, 1, 1 },
  { "sqrt", OP_SQRT, 1, 1 },
  { "log", OP_LOG, 1, 1 },
  { "log10", OP_LOG10, 1, 1 },
  { "exp", OP_EXP, 1, 1 },
  { "if", OP_IF, 3, 3 },
};

typedef struct {
  const char *src;
  gsize len;
  gsize pos;
  GError **error;
  LpFormula *f;
  GArray *code;
  GArray *column;
  GArray *grouped;            /* guint8 per instruction */
  GHashTable *var_index;      /* name -> index + 1 */
  GPtrArray *vars;
  GHashTable *known;          /* NULL: any identifier */
  guint depth;                /* value stack depth */
  guint max_depth;
  Pending pending[LP_FORMULA_MAX_DEPTH];
  guint n_pending;
} Parser;

static gboolean G_GNUC_PRINTF (3, 4)
fail (Parser *p, gsize pos, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  g_set_error (p->error, LP_ERROR, FORMULA_ERROR_CODE,
               "formula: column %" G_GSIZE_FORMAT ": %s", pos + 1, msg);
  g_free (msg);
  return FALSE;
}

static inline gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static inline gboolean
is_ident_start (char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static inline gboolean
is_digit (char c)
{
  return c >= '0' && c <= '9';
}

static gboolean
lex_number (Parser *p, Token *t)
{
  const char *s = p->src;
  gsize i = p->pos, start = i;
  gsize digits = 0;
  while (is_digit (s[i]))
    i++, digits++;
  if (s[i] == '.')
    {
      i++;
      while (is_digit (s[i]))
        i++, digits++;
    }
  if (digits == 0)
    return fail (p, start, "unexpected character '.'");
  if (s[i] == 'e' || s[i] == 'E')
    {
      gsize e = i++;
      if (s[i] == '+' || s[i] == '-')
        i++;
      if (!is_digit (s[i]))
        return fail (p, e, "malformed number: exponent has no digits");
      while (is_digit (s[i]))
        i++;
    }
  char *text = g_strndup (s + start, i - start);
  double v = g_ascii_strtod (text, NULL);
  g_free (text);
  if (!isfinite (v))
    return fail (p, start, "number too large");
  t->type = T_NUM;
  t->num = v;
  t->pos = (guint32) start;
  p->pos = i;
  return TRUE;
}

static gboolean
lex (Parser *p, Token *t)
{
  const char *s = p->src;
  while (is_space (s[p->pos]))
    p->pos++;
  gsize i = p->pos;
  char c = s[i];
  t->pos = (guint32) i;
  t->len = 0;
  if (c == '\0')
    {
      t->type = T_END;
      return TRUE;
    }
  if (is_digit (c) || c == '.')
    return lex_number (p, t);
  if (is_ident_start (c))
    {
      gsize j = i + 1;
      while (is_ident_start (s[j]) || is_digit (s[j]))
        j++;
      t->len = (guint32) (j - i);
      p->pos = j;
      while (is_space (s[j]))
        j++;
      if (s[j] == '(')
        {
          t->type = T_FUNC;
          p->pos = j + 1;
        }
      else
        t->type = T_IDENT;
      return TRUE;
    }
  p->pos = i + 1;
  t->type = T_OP;
  switch (c)
    {
    case '(': t->type = T_LPAREN; return TRUE;
    case ')': t->type = T_RPAREN; return TRUE;
    case ',': t->type = T_COMMA; return TRUE;
    case '+': t->op = OP_ADD; return TRUE;
    case '-': t->op = OP_SUB; return TRUE;
    case '*': t->op = OP_MUL; return TRUE;
    case '/': t->op = OP_DIV; return TRUE;
    case '^': t->op = OP_POW; return TRUE;
    case '<':
      if (s[i + 1] == '=')
        p->pos++, t->op = OP_LE;
      else
        t->op = OP_LT;
      return TRUE;
    case '>':
      if (s[i + 1] == '=')
        p->pos++, t->op = OP_GE;
      else
        t->op = OP_GT;
      return TRUE;
    case '=':
      if (s[i + 1] == '=')
        {
          p->pos++, t->op = OP_EQ;
          return TRUE;
        }
      return fail (p, i, "unexpected character '='; use '==' to compare");
    case '!':
      if (s[i + 1] == '=')
        {
          p->pos++, t->op = OP_NE;
          return TRUE;
        }
      return fail (p, i, "unexpected character '!'");
    default:
      break;
    }
  if ((guchar) c >= 0x21 && (guchar) c <= 0x7e)
    return fail (p, i, "unexpected character '%c'", c);
  return fail (p, i, "unexpected byte 0x%02X", (guint) (guchar) c);
}

static int
precedence (guint32 op)
{
  switch (op)
    {
    case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_EQ: case OP_NE:
      return 1;
    case OP_ADD: case OP_SUB:
      return 2;
    case OP_MUL: case OP_DIV:
      return 3;
    case OP_NEG:
      return 4;
    case OP_POW:
      return 5;
    default:
      g_assert_not_reached ();
    }
}

static inline const Insn *
code_at (Parser *p, guint i)
{
  return &g_array_index (p->code, Insn, i);
}

/* Appends an operator instruction, folding it when all its operands are
 * constants and the result is finite. */
static void
emit_op (Parser *p, guint32 op, gsize pos)
{
  int arity = op_arity (op);
  guint n = p->code->len;
  gboolean all_const = n >= (guint) arity;
  for (int k = 1; all_const && k <= arity; k++)
    all_const = code_at (p, n - k)->op == OP_CONST;
  if (all_const)
    {
      double r;
      if (arity == 1)
        r = apply1 (op, code_at (p, n - 1)->k);
      else if (arity == 2)
        r = apply2 (op, code_at (p, n - 2)->k, code_at (p, n - 1)->k);
      else
        r = apply3 (code_at (p, n - 3)->k, code_at (p, n - 2)->k,
                    code_at (p, n - 1)->k);
      if (isfinite (r))
        {
          g_array_set_size (p->code, n - arity + 1);
          g_array_set_size (p->column, n - arity + 1);
          g_array_set_size (p->grouped, n - arity + 1);
          g_array_index (p->grouped, guint8, n - arity) = 0;
          Insn *in = &g_array_index (p->code, Insn, n - arity);
          in->op = OP_CONST;
          in->mode = MODE_STACK;
          in->k = r;
          g_array_index (p->column, guint32, n - arity) = (guint32) pos + 1;
          p->depth -= (guint) arity - 1;
          return;
        }
    }
  Insn in = { (guint16) op, MODE_STACK, 0, 0.0 };
  if (arity == 2 && code_at (p, n - 1)->op == OP_CONST)
    {
      /* x op k: the constant moves into the instruction */
      in.mode = MODE_K_RIGHT;
      in.k = code_at (p, n - 1)->k;
      n--;
    }
  else if (arity == 2 && code_at (p, n - 2)->op == OP_CONST
           && code_at (p, n - 1)->op == OP_VAR)
    {
      /* k op variable: likewise; the variable moves down one slot */
      in.mode = MODE_K_LEFT;
      in.k = code_at (p, n - 2)->k;
      g_array_remove_index (p->code, n - 2);
      g_array_remove_index (p->column, n - 2);
      g_array_remove_index (p->grouped, n - 2);
      n--;
    }
  g_array_set_size (p->code, n);
  g_array_set_size (p->column, n);
  g_array_set_size (p->grouped, n);
  guint32 col = (guint32) pos + 1;
  guint8 no = 0;
  g_array_append_val (p->code, in);
  g_array_append_val (p->column, col);
  g_array_append_val (p->grouped, no);
  p->depth -= (guint) arity - 1;
}

static void
emit_leaf (Parser *p, const Insn *in, gsize pos)
{
  guint32 col = (guint32) pos + 1;
  guint8 no = 0;
  g_array_append_val (p->code, *in);
  g_array_append_val (p->column, col);
  g_array_append_val (p->grouped, no);
  if (++p->depth > p->max_depth)
    p->max_depth = p->depth;
}

static gboolean
push_pending (Parser *p, const Pending *e, gsize pos)
{
  if (p->n_pending == LP_FORMULA_MAX_DEPTH)
    return fail (p, pos, "nested too deeply (limit %d)",
                 LP_FORMULA_MAX_DEPTH);
  p->pending[p->n_pending++] = *e;
  return TRUE;
}

/* Pops and emits the operators on top of the pending stack whose
 * precedence is above `min_prec` (>= when `or_equal`). */
static void
reduce (Parser *p, int min_prec, gboolean or_equal)
{
  while (p->n_pending > 0)
    {
      const Pending *top = &p->pending[p->n_pending - 1];
      if (top->kind != P_UNARY && top->kind != P_BINARY)
        return;
      int prec = precedence (top->op);
      if (prec < min_prec || (prec == min_prec && !or_equal))
        return;
      emit_op (p, top->op, top->pos);
      p->n_pending--;
    }
}

static gboolean
add_identifier (Parser *p, const Token *t)
{
  char *name = g_strndup (p->src + t->pos, t->len);
  gpointer idx = g_hash_table_lookup (p->var_index, name);
  if (idx == NULL)
    {
      if (p->known != NULL && !g_hash_table_contains (p->known, name))
        {
          fail (p, t->pos, "unknown attribute \"%s\"", name);
          g_free (name);
          return FALSE;
        }
      g_ptr_array_add (p->vars, name);
      idx = GUINT_TO_POINTER (p->vars->len);
      g_hash_table_insert (p->var_index, name, idx);
    }
  else
    g_free (name);
  Insn in = { OP_VAR, MODE_STACK, GPOINTER_TO_UINT (idx) - 1, 0.0 };
  emit_leaf (p, &in, t->pos);
  return TRUE;
}

/* A function call's argument is complete (at "," or ")"). */
static gboolean
end_argument (Parser *p, Pending *fn, const Token *t)
{
  const Function *def = &functions[fn->func];
  fn->argc++;
  if (def->max_args == 0)
    {
      /* min/max fold pairwise: the value stack stays shallow */
      if (fn->argc >= 2)
        emit_op (p, def->op, fn->pos);
      return TRUE;
    }
  /* a "," after the last allowed argument */
  if (t->type == T_COMMA && fn->argc >= def->max_args)
    return fail (p, t->pos, "too many arguments: %s takes %u",
                 def->name, def->max_args);
  return TRUE;
}

static gboolean
close_call (Parser *p, Pending *fn, const Token *t)
{
  const Function *def = &functions[fn->func];
  if (fn->argc < def->min_args)
    {
      if (def->max_args == def->min_args)
        return fail (p, fn->pos, "%s takes %u argument%s, got %u", def->name,
                     def->min_args, def->min_args == 1 ? "" : "s", fn->argc);
      return fail (p, fn->pos, "%s takes at least %u argument%s, got %u",
                   def->name, def->min_args, def->min_args == 1 ? "" : "s",
                   fn->argc);
    }
  if (def->max_args != 0)
    emit_op (p, def->op, fn->pos);
  return TRUE;
}

static gboolean
parse (Parser *p)
{
  Token t = { 0 };
  gboolean expect_operand = TRUE;
  gboolean seen_token = FALSE;

  for (;;)
    {
      if (!lex (p, &t))
        return FALSE;
      if (expect_operand)
        {
          switch (t.type)
            {
            case T_NUM:
              {
                Insn in = { OP_CONST, MODE_STACK, 0, t.num };
                emit_leaf (p, &in, t.pos);
                expect_operand = FALSE;
                break;
              }
            case T_IDENT:
              if (!add_identifier (p, &t))
                return FALSE;
              expect_operand = FALSE;
              break;
            case T_FUNC:
              {
                guint fi;
                for (fi = 0; fi < G_N_ELEMENTS (functions); fi++)
                  if (strlen (functions[fi].name) == t.len
                      && memcmp (functions[fi].name, p->src + t.pos, t.len)
                         == 0)
                    break;
                if (fi == G_N_ELEMENTS (functions))
                  return fail (p, t.pos, "unknown function \"%.*s\"",
                               (int) MIN (t.len, 64u), p->src + t.pos);
                Pending e = { P_FUNC, (guint8) fi, 0, t.pos, 0 };
                if (!push_pending (p, &e, t.pos))
                  return FALSE;
                /* "f()": no argument at all */
                gsize save = p->pos;
                while (is_space (p->src[p->pos]))
                  p->pos++;
                if (p->src[p->pos] == ')')
                  {
                    p->pos++;
                    Pending *fn = &p->pending[p->n_pending - 1];
                    if (!close_call (p, fn, &t))
                      return FALSE;
                  }
                else
                  p->pos = save;
                break;
              }
            case T_LPAREN:
              {
                Pending e = { P_PAREN, 0, 0, t.pos, 0 };
                if (!push_pending (p, &e, t.pos))
                  return FALSE;
                break;
              }
            case T_OP:
              if (t.op == OP_SUB)
                {
                  Pending e = { P_UNARY, 0, OP_NEG, t.pos, 0 };
                  if (!push_pending (p, &e, t.pos))
                    return FALSE;
                  break;
                }
              if (t.op == OP_ADD)
                break;  /* unary plus: nothing to do */
              return fail (p, t.pos, "expected an operand");
            case T_END:
              if (!seen_token)
                return fail (p, 0, "empty formula");
              return fail (p, t.pos, "expected an operand");
            case T_RPAREN:
            case T_COMMA:
            default:
              return fail (p, t.pos, "expected an operand");
            }
          seen_token = TRUE;
          continue;
        }

      /* expecting an operator, ")" "," or the end */
      switch (t.type)
        {
        case T_OP:
          {
            int prec = precedence (t.op);
            if (t.op == OP_POW)
              reduce (p, prec, FALSE);       /* right-associative */
            else if (prec == 1)
              {
                reduce (p, prec, FALSE);
                if (p->n_pending > 0
                    && p->pending[p->n_pending - 1].kind == P_BINARY
                    && precedence (p->pending[p->n_pending - 1].op) == 1)
                  return fail (p, t.pos, "comparisons cannot be chained; "
                               "use parentheses");
              }
            else
              reduce (p, prec, TRUE);
            Pending e = { P_BINARY, 0, t.op, t.pos, 0 };
            if (!push_pending (p, &e, t.pos))
              return FALSE;
            expect_operand = TRUE;
            break;
          }
        case T_RPAREN:
        case T_COMMA:
          {
            reduce (p, 0, TRUE);
            if (p->n_pending == 0)
              {
                if (t.type == T_RPAREN)
                  return fail (p, t.pos, "unmatched \")\"");
                return fail (p, t.pos, "\",\" outside a function call");
              }
            Pending *top = &p->pending[p->n_pending - 1];
            if (top->kind == P_PAREN)
              {
                if (t.type == T_COMMA)
                  return fail (p, t.pos, "\",\" outside a function call");
                p->n_pending--;
                /* the group's value is the last instruction emitted */
                g_array_index (p->grouped, guint8, p->grouped->len - 1) = 1;
                break;
              }
            /* P_FUNC */
            if (!end_argument (p, top, &t))
              return FALSE;
            if (t.type == T_COMMA)
              expect_operand = TRUE;
            else
              {
                if (!close_call (p, top, &t))
                  return FALSE;
                p->n_pending--;
              }
            break;
          }
        case T_END:
          reduce (p, 0, TRUE);
          if (p->n_pending > 0)
            {
              const Pending *open = &p->pending[p->n_pending - 1];
              if (open->kind == P_FUNC)
                return fail (p, t.pos,
                             "expected \")\" to close \"%s(\" at column %u",
                             functions[open->func].name, open->pos + 1);
              return fail (p, t.pos,
                           "expected \")\" to close \"(\" at column %u",
                           open->pos + 1);
            }
          return TRUE;
        default:
          return fail (p, t.pos,
                       "expected an operator or the end of the formula");
        }
    }
}

/* first[i]: index of the first instruction of the subtree rooted at i. */
static void
compute_first (LpFormula *f)
{
  guint32 *stack = g_new (guint32, f->max_stack + 1);
  int sp = -1;
  for (guint i = 0; i < f->n_code; i++)
    {
      int arity = stack_operands (&f->code[i]);
      guint32 start = i;
      if (arity > 0)
        {
          sp -= arity - 1;
          start = stack[sp];
        }
      else
        sp++;
      stack[sp] = start;
      f->first[i] = start;
    }
  g_free (stack);
}

LpFormula *
lp_formula_compile (const char *source, const char *const *known_attributes,
                    GError **error)
{
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  Parser p = { 0 };
  p.src = source;
  p.error = error;
  gsize len = 0;   /* strnlen (), which C11 lacks */
  while (len <= LP_FORMULA_MAX_LENGTH && source[len] != '\0')
    len++;
  if (len > LP_FORMULA_MAX_LENGTH)
    {
      fail (&p, LP_FORMULA_MAX_LENGTH, "formula too long (limit %d bytes)",
            LP_FORMULA_MAX_LENGTH);
      return NULL;
    }
  p.len = len;
  p.code = g_array_new (FALSE, FALSE, sizeof (Insn));
  p.column = g_array_new (FALSE, FALSE, sizeof (guint32));
  p.grouped = g_array_new (FALSE, FALSE, sizeof (guint8));
  p.var_index = g_hash_table_new (lp_str_hash, g_str_equal);
  p.vars = g_ptr_array_new_with_free_func (g_free);
  if (known_attributes != NULL)
    {
      p.known = g_hash_table_new (lp_str_hash, g_str_equal);
      for (const char *const *k = known_attributes; *k != NULL; k++)
        g_hash_table_add (p.known, (gpointer) *k);
    }

  gboolean ok = parse (&p);
  LpFormula *f = NULL;
  if (ok)
    {
      g_assert (p.depth == 1 && p.max_depth <= MAX_STACK);
      f = g_new0 (LpFormula, 1);
      f->source = g_strndup (source, p.len);
      f->n_variables = p.vars->len;
      g_ptr_array_add (p.vars, NULL);
      f->variables = (char **) g_ptr_array_steal (p.vars, NULL);
      f->n_code = p.code->len;
      f->code = (Insn *) (void *) g_array_free (p.code, FALSE);
      f->column = (guint32 *) (void *) g_array_free (p.column, FALSE);
      f->grouped = (guint8 *) (void *) g_array_free (p.grouped, FALSE);
      f->max_stack = p.max_depth;
      f->first = g_new (guint32, f->n_code);
      compute_first (f);
    }
  else
    {
      g_array_free (p.code, TRUE);
      g_array_free (p.column, TRUE);
      g_array_free (p.grouped, TRUE);
    }
  g_hash_table_destroy (p.var_index);
  g_ptr_array_free (p.vars, TRUE);
  if (p.known)
    g_hash_table_destroy (p.known);
  return f;
}

/* ---- evaluation ---- */

typedef struct {
  double v;
  guint32 cause;         /* instruction at fault, or NO_CAUSE */
  guint8 status;         /* LpFormulaStatus */
  guint8 detail;         /* for DOMAIN: see domain_text() */
} Traced;

enum {
  DOMAIN_LOG_NEGATIVE,
  DOMAIN_LOG_ZERO,
  DOMAIN_SQRT_NEGATIVE,
  DOMAIN_POW_FRACTION
};

static const char *
domain_text (guint8 detail)
{
  switch (detail)
    {
    case DOMAIN_LOG_NEGATIVE: return "logarithm of a negative number";
    case DOMAIN_LOG_ZERO: return "logarithm of zero";
    case DOMAIN_SQRT_NEGATIVE: return "square root of a negative number";
    default: return "negative number to a fractional power";
    }
}

/* The classification of an operation that produced NaN from good
 * operands. */
static void
classify (guint32 op, const double *a, Traced *out)
{
  out->status = LP_FORMULA_OVERFLOW;
  out->detail = 0;
  switch (op)
    {
    case OP_DIV:
      if (a[1] == 0.0)
        out->status = LP_FORMULA_DIVISION_BY_ZERO;
      break;
    case OP_POW:
      if (a[0] == 0.0 && a[1] < 0.0)
        out->status = LP_FORMULA_DIVISION_BY_ZERO;
      else if (a[0] < 0.0 && a[1] != nearbyint (a[1]))
        {
          out->status = LP_FORMULA_DOMAIN;
          out->detail = DOMAIN_POW_FRACTION;
        }
      break;
    case OP_LOG:
    case OP_LOG10:
      out->status = LP_FORMULA_DOMAIN;
      out->detail = a[0] == 0.0 ? DOMAIN_LOG_ZERO : DOMAIN_LOG_NEGATIVE;
      break;
    case OP_SQRT:
      out->status = LP_FORMULA_DOMAIN;
      out->detail = DOMAIN_SQRT_NEGATIVE;
      break;
    default:
      break;
    }
}

/* Like run() over the whole program, carrying with each value the first
 * failure it depends on (in evaluation order). */
static Traced
diagnose (const LpFormula *f, const double *vars)
{
  Traced stack[MAX_STACK];
  int sp = -1;
  Traced r = { NAN, NO_CAUSE, LP_FORMULA_OK, 0 };
  for (guint pc = 0; pc < f->n_code; pc++)
    {
      const Insn *in = &f->code[pc];
      int arity = op_arity (in->op);
      r = (Traced) { 0.0, NO_CAUSE, LP_FORMULA_OK, 0 };
      if (in->op == OP_CONST)
        r.v = in->k;
      else if (in->op == OP_VAR)
        {
          double x = vars[in->var];
          r.v = fin (x);
          if (isnan (r.v))
            {
              r.cause = pc;
              r.status = isnan (x) ? LP_FORMULA_MISSING
                                   : LP_FORMULA_NOT_FINITE;
            }
        }
      else
        {
          /* operands: every value here is finite or NaN */
          int n_stack = stack_operands (in);
          const Traced *top = &stack[sp - n_stack + 1];
          Traced a[3];
          const Traced k = { in->k, NO_CAUSE, LP_FORMULA_OK, 0 };
          if (in->mode == MODE_K_RIGHT)
            a[0] = top[0], a[1] = k;
          else if (in->mode == MODE_K_LEFT)
            a[0] = k, a[1] = top[0];
          else
            for (int j = 0; j < arity; j++)
              a[j] = top[j];
          double v[3];
          for (int j = 0; j < arity; j++)
            v[j] = a[j].v;
          if (arity == 1)
            r.v = apply1 (in->op, v[0]);
          else if (arity == 2)
            r.v = apply2 (in->op, v[0], v[1]);
          else
            r.v = apply3 (v[0], v[1], v[2]);
          if (!isfinite (r.v))
            {
              const Traced *from = NULL;
              if (in->op == OP_IF)
                from = isnan (v[0]) ? &a[0] : v[0] != 0.0 ? &a[1] : &a[2];
              else
                for (int j = 0; j < arity && from == NULL; j++)
                  if (isnan (v[j]))
                    from = &a[j];
              if (from != NULL)
                {
                  r.cause = from->cause;
                  r.status = from->status;
                  r.detail = from->detail;
                }
              else
                {
                  r.cause = pc;
                  classify (in->op, v, &r);
                }
              r.v = NAN;
            }
          sp -= n_stack;
        }
      stack[++sp] = r;
    }
  g_assert (sp == 0);
  return r;  /* the last result pushed, i.e. stack[0] */
}

gboolean
lp_formula_evaluate (const LpFormula *f, const double *variables,
                     double *result, guint *missing)
{
  g_return_val_if_fail (f != NULL, FALSE);
  g_return_val_if_fail (variables != NULL || f->n_variables == 0, FALSE);
  double r = run (f, 0, f->n_code - 1, variables);
  if (G_LIKELY (!isnan (r)))
    {
      if (result)
        *result = r;
      return TRUE;
    }
  if (missing)
    {
      Traced t = diagnose (f, variables);
      *missing = t.status == LP_FORMULA_MISSING ? f->code[t.cause].var
                                                : G_MAXUINT;
    }
  return FALSE;
}

LpFormulaStatus
lp_formula_diagnose (const LpFormula *f, const double *variables,
                     guint *variable, guint *column)
{
  g_return_val_if_fail (f != NULL, LP_FORMULA_OK);
  g_return_val_if_fail (variables != NULL || f->n_variables == 0,
                        LP_FORMULA_OK);
  Traced t = diagnose (f, variables);
  if (variable)
    *variable = G_MAXUINT;
  if (column)
    *column = 0;
  if (t.status == LP_FORMULA_OK)
    return LP_FORMULA_OK;
  if (variable && f->code[t.cause].op == OP_VAR)
    *variable = f->code[t.cause].var;
  if (column)
    *column = f->column[t.cause];
  return (LpFormulaStatus) t.status;
}

static char *
describe (const LpFormula *f, const Traced *t)
{
  guint col = f->column[t->cause];
  switch (t->status)
    {
    case LP_FORMULA_MISSING:
      return g_strdup_printf ("\"%s\" is missing",
                              f->variables[f->code[t->cause].var]);
    case LP_FORMULA_NOT_FINITE:
      return g_strdup_printf ("\"%s\" is not finite",
                              f->variables[f->code[t->cause].var]);
    case LP_FORMULA_DIVISION_BY_ZERO:
      return g_strdup_printf ("division by zero at column %u", col);
    case LP_FORMULA_DOMAIN:
      return g_strdup_printf ("%s at column %u", domain_text (t->detail), col);
    default:
      return g_strdup_printf ("overflow at column %u", col);
    }
}

char *
lp_formula_describe_failure (const LpFormula *f, const double *variables)
{
  g_return_val_if_fail (f != NULL, NULL);
  g_return_val_if_fail (variables != NULL || f->n_variables == 0, NULL);
  Traced t = diagnose (f, variables);
  if (t.status == LP_FORMULA_OK)
    return NULL;
  return describe (f, &t);
}

/* ---- explanation ---- */

/* The shortest of %.15g, %.16g, %.17g that reads back as v. */
static void
append_number (GString *s, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  static const char *const formats[] = { "%.15g", "%.16g", "%.17g" };
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buf, sizeof buf, formats[i], v);
      if (g_ascii_strtod (buf, NULL) == v)
        break;
    }
  g_string_append (s, buf);
}

static gboolean
is_chain_op (guint32 op, guint32 root)
{
  if (root == OP_ADD || root == OP_SUB)
    return op == OP_ADD || op == OP_SUB;
  if (root == OP_MUL || root == OP_DIV)
    return op == OP_MUL || op == OP_DIV;
  return FALSE;
}

char *
lp_formula_explain (const LpFormula *f, const double *variables)
{
  g_return_val_if_fail (f != NULL, NULL);
  g_return_val_if_fail (variables != NULL || f->n_variables == 0, NULL);
  GString *s = g_string_new (NULL);

  /* the source, annotated; whitespace runs collapsed */
  const char *src = f->source;
  gsize pos = 0;
  gboolean space = FALSE;
  for (guint pc = 0; pc <= f->n_code; pc++)
    {
      gsize upto;
      if (pc == f->n_code)
        upto = strlen (src);
      else if (f->code[pc].op == OP_VAR)
        upto = f->column[pc] - 1 + strlen (f->variables[f->code[pc].var]);
      else
        continue;
      for (; pos < upto; pos++)
        {
          if (is_space (src[pos]))
            space = TRUE;
          else
            {
              if (space && s->len > 0)
                g_string_append_c (s, ' ');
              space = FALSE;
              g_string_append_c (s, src[pos]);
            }
        }
      if (pc < f->n_code)
        {
          double x = fin (variables[f->code[pc].var]);
          g_string_append_c (s, '=');
          if (isnan (x))
            g_string_append_c (s, '?');
          else
            append_number (s, x);
        }
    }

  /* the operands of a top-level + - or * / chain */
  guint root = f->n_code - 1;
  guint32 root_op = f->code[root].op;
  if (is_chain_op (root_op, root_op))
    {
      typedef struct {
        guint32 op;        /* the operator before the term; 0 for the first */
        gboolean is_const;
        guint insn;        /* root of the term's subtree, unless is_const */
        double k;
      } Term;
      GArray *terms = g_array_new (FALSE, FALSE, sizeof (Term));
      guint node = root;
      for (;;)
        {
          const Insn *in = &f->code[node];
          /* a parenthesised left operand stays one term */
          if (!is_chain_op (in->op, root_op)
              || (node != root && f->grouped[node]))
            {
              Term t = { 0, FALSE, node, 0.0 };
              g_array_prepend_val (terms, t);
              break;
            }
          if (in->mode == MODE_K_RIGHT)
            {
              Term t = { in->op, TRUE, 0, in->k };
              g_array_prepend_val (terms, t);
              node--;
              continue;
            }
          Term t = { in->op, FALSE, node - 1, 0.0 };
          g_array_prepend_val (terms, t);
          if (in->mode == MODE_K_LEFT)
            {
              Term k = { 0, TRUE, 0, in->k };
              g_array_prepend_val (terms, k);
              break;
            }
          node = f->first[node - 1] - 1;
        }
      gboolean compound = FALSE;
      for (guint i = 0; i < terms->len; i++)
        {
          const Term *t = &g_array_index (terms, Term, i);
          if (!t->is_const && f->code[t->insn].op > OP_VAR)
            compound = TRUE;
        }
      if (compound)
        {
          g_string_append (s, " =");
          for (guint i = 0; i < terms->len; i++)
            {
              const Term *t = &g_array_index (terms, Term, i);
              if (i > 0)
                {
                  static const char sym[] = { [OP_ADD] = '+', [OP_SUB] = '-',
                                              [OP_MUL] = '*', [OP_DIV] = '/' };
                  g_string_append_printf (s, " %c", sym[t->op]);
                }
              g_string_append_c (s, ' ');
              double v = t->is_const ? t->k
                         : run (f, f->first[t->insn], t->insn, variables);
              if (isnan (v))
                g_string_append_c (s, '?');
              else
                append_number (s, v);
            }
        }
      g_array_free (terms, TRUE);
    }

  double r = run (f, 0, f->n_code - 1, variables);
  if (!isnan (r))
    {
      g_string_append (s, " = ");
      append_number (s, r);
    }
  else
    {
      Traced t = diagnose (f, variables);
      char *why = describe (f, &t);
      g_string_append (s, " = unscored: ");
      g_string_append (s, why);
      g_free (why);
    }
  return g_string_free (s, FALSE);
}

/* ---- bulk evaluation ----
 *
 * BLOCK rows at a time, one instruction at a time over the whole block.
 * The stack holds pointers: a variable is its column (no copy), a result
 * lives in the scratch block of its stack slot (so an operation's output
 * is either its left operand's own buffer or a distinct one), and the last
 * instruction writes straight into the caller's output. Every kernel is
 * the same apply*() call as in run(), so the results are bit-identical. */

#define KERNEL1(OP)                                                          \
  do {                                                                       \
    IVDEP                                                                    \
    for (int i = 0; i < BLOCK; i++)                                          \
      o[i] = apply1 ((OP), a[i]);                                            \
  } while (0)

#define KERNEL2(OP)                                                          \
  do {                                                                       \
    if (in->mode == MODE_STACK)                                              \
      {                                                                      \
        IVDEP                                                                \
        for (int i = 0; i < BLOCK; i++)                                      \
          o[i] = apply2 ((OP), a[i], b[i]);                                  \
      }                                                                      \
    else if (in->mode == MODE_K_RIGHT)                                       \
      {                                                                      \
        const double k = in->k;                                              \
        IVDEP                                                                \
        for (int i = 0; i < BLOCK; i++)                                      \
          o[i] = apply2 ((OP), a[i], k);                                     \
      }                                                                      \
    else                                                                     \
      {                                                                      \
        const double k = in->k;                                              \
        IVDEP                                                                \
        for (int i = 0; i < BLOCK; i++)                                      \
          o[i] = apply2 ((OP), k, a[i]);                                     \
      }                                                                      \
  } while (0)

static void
run_block (const LpFormula *f, const double *const *columns, gsize base,
           double *scratch, const double **ptr, double *out)
{
  int sp = -1;
  guint last = f->n_code - 1;
  for (guint pc = 0; pc <= last; pc++)
    {
      const Insn *in = &f->code[pc];
      double *o;
      if (in->op == OP_VAR)
        {
          ptr[++sp] = columns[in->var] + base;
          continue;
        }
      if (in->op == OP_CONST)
        {
          o = scratch + (gsize) ++sp * BLOCK;
          const double k = in->k;
          for (int i = 0; i < BLOCK; i++)
            o[i] = k;
          ptr[sp] = o;
          continue;
        }
      sp -= stack_operands (in) - 1;
      /* a: the first operand on the stack (the right one for K_LEFT) */
      const double *a = ptr[sp], *b = ptr[sp + 1], *c = ptr[sp + 2];
      o = pc == last ? out : scratch + (gsize) sp * BLOCK;
      switch (in->op)
        {
        case OP_NEG: KERNEL1 (OP_NEG); break;
        case OP_ABS: KERNEL1 (OP_ABS); break;
        case OP_SQRT: KERNEL1 (OP_SQRT); break;
        case OP_LOG: KERNEL1 (OP_LOG); break;
        case OP_LOG10: KERNEL1 (OP_LOG10); break;
        case OP_EXP: KERNEL1 (OP_EXP); break;
        case OP_ADD: KERNEL2 (OP_ADD); break;
        case OP_SUB: KERNEL2 (OP_SUB); break;
        case OP_MUL: KERNEL2 (OP_MUL); break;
        case OP_DIV: KERNEL2 (OP_DIV); break;
        case OP_POW: KERNEL2 (OP_POW); break;
        case OP_LT: KERNEL2 (OP_LT); break;
        case OP_LE: KERNEL2 (OP_LE); break;
        case OP_GT: KERNEL2 (OP_GT); break;
        case OP_GE: KERNEL2 (OP_GE); break;
        case OP_EQ: KERNEL2 (OP_EQ); break;
        case OP_NE: KERNEL2 (OP_NE); break;
        case OP_MIN: KERNEL2 (OP_MIN); break;
        case OP_MAX: KERNEL2 (OP_MAX); break;
        case OP_IF:
          IVDEP
          for (int i = 0; i < BLOCK; i++)
            o[i] = apply3 (a[i], b[i], c[i]);
          break;
        default:
          g_assert_not_reached ();
        }
      ptr[sp] = o;
    }
  g_assert (sp == 0);
  /* failures become NaN (in place when the result is already in out) */
  const double *r = ptr[0];
  IVDEP
  for (int i = 0; i < BLOCK; i++)
    out[i] = fin (r[i]);
}

void
lp_formula_evaluate_columns (const LpFormula *f,
                             const double *const *columns, gsize n,
                             double *out)
{
  g_return_if_fail (f != NULL);
  g_return_if_fail (columns != NULL || f->n_variables == 0);
  g_return_if_fail (out != NULL || n == 0);
  gsize base = 0;
  if (n >= BLOCK)
    {
      /* + 2: run_block reads (never uses) ptr[sp + 1] and ptr[sp + 2] */
      double *scratch = g_new (double, (gsize) f->max_stack * BLOCK);
      const double **ptr = g_new0 (const double *, f->max_stack + 2);
      for (; base + BLOCK <= n; base += BLOCK)
        run_block (f, columns, base, scratch, ptr, out + base);
      g_free (ptr);
      g_free (scratch);
    }
  /* the last partial block, row by row */
  if (base < n)
    {
      double *row = g_new (double, f->n_variables + 1);
      for (; base < n; base++)
        {
          for (guint v = 0; v < f->n_variables; v++)
            row[v] = columns[v][base];
          out[base] = run (f, 0, f->n_code - 1, row);
        }
      g_free (row);
    }
}
