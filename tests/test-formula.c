/* User formulas (libproduct/lp-formula.[ch]), through the internal API.
 * lp-formula.c is compiled into this test program itself (its symbols are
 * hidden in libproduct.so); it needs nothing but GLib and lp_error_quark(). */
#include <float.h>
#include <stdlib.h>
#include <string.h>
#include "lp-test.h"
#include "../libproduct/lp-formula.h"

/* ---- helpers ---- */

static LpFormula *
compile_ok (const char *src)
{
  GError *error = NULL;
  LpFormula *f = lp_formula_compile (src, NULL, &error);
  ck_assert_msg (f != NULL, "\"%.80s\" failed: %s", src,
                 error ? error->message : "?");
  return f;
}

/* Evaluates a formula, with variables in order of first use. */
static double
eval_vars (const char *src, const double *vars)
{
  LpFormula *f = compile_ok (src);
  double r = -12345.0;
  guint missing = 7;
  gboolean ok = lp_formula_evaluate (f, vars, &r, &missing);
  char *why = ok ? NULL : lp_formula_describe_failure (f, vars);
  ck_assert_msg (ok, "\"%.80s\" did not evaluate: %s", src, why);
  ck_assert_uint_eq (missing, 7);  /* untouched on success */
  lp_formula_free (f);
  return r;
}

static double
eval (const char *src)
{
  return eval_vars (src, NULL);
}

#define assert_eval(src, expected)                                           \
  do {                                                                       \
    double r_ = eval (src);                                                  \
    ck_assert_msg (r_ == (expected), "\"%.80s\" = %.17g, expected %.17g",       \
                   (src), r_, (double) (expected));                          \
  } while (0)

#define assert_eval_near(src, expected)                                      \
  do {                                                                       \
    double r_ = eval (src);                                                  \
    ck_assert_msg (fabs (r_ - (expected)) < 1e-12,                           \
                   "\"%.80s\" = %.17g, expected %.17g", (src), r_,              \
                   (double) (expected));                                     \
  } while (0)

/* The compile error message, exactly. */
static void
assert_compile_error_known (const char *src, const char *const *known,
                            const char *message)
{
  GError *error = NULL;
  LpFormula *f = lp_formula_compile (src, known, &error);
  ck_assert_msg (f == NULL, "\"%.80s\" compiled", src);
  ck_assert_msg (error != NULL, "no error");
  ck_assert_msg (error->domain == LP_ERROR
                 && error->code == LP_ERROR_INVALID_VALUE, "wrong error");
  ck_assert_msg (strcmp (error->message, message) == 0,
                 "\"%.80s\": got \"%s\", expected \"%s\"", src, error->message,
                 message);
  g_clear_error (&error);
}

static void
assert_compile_error (const char *src, const char *message)
{
  assert_compile_error_known (src, NULL, message);
}

/* Evaluation fails with the given reason. */
static void
assert_fails (const char *src, const double *vars, guint expected_missing,
              const char *reason)
{
  LpFormula *f = compile_ok (src);
  double r = 42.0;
  guint missing = 7;
  ck_assert_msg (!lp_formula_evaluate (f, vars, &r, &missing),
                 "\"%.80s\" evaluated to %.17g", src, r);
  ck_assert (r == 42.0);
  ck_assert_msg (missing == expected_missing, "\"%.80s\": missing %u, not %u",
                 src, missing, expected_missing);
  char *why = lp_formula_describe_failure (f, vars);
  ck_assert_msg (why != NULL && strcmp (why, reason) == 0,
                 "\"%.80s\": reason \"%s\", expected \"%s\"", src, why, reason);
  g_free (why);
  lp_formula_free (f);
}

static char *
repeat (const char *s, guint n)
{
  GString *g = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append (g, s);
  return g_string_free (g, FALSE);
}

/* Same double, NaN equal to NaN. */
static gboolean
same (double a, double b)
{
  return (isnan (a) && isnan (b)) || memcmp (&a, &b, sizeof a) == 0;
}

/* ---- the language ---- */

START_TEST (test_numbers)
{
  assert_eval ("3", 3);
  assert_eval ("0.5", 0.5);
  assert_eval (".5", 0.5);
  assert_eval ("1.", 1);
  assert_eval ("1e3", 1000);
  assert_eval ("1E+3", 1000);
  assert_eval ("2.5E-2", 0.025);
  assert_eval ("007", 7);
  assert_eval ("1e-400", 0);   /* underflow is fine */
  assert_eval ("  \t\n 42 \r\n", 42);
  /* the C string ends at the NUL */
  assert_eval ("1+2\0garbage(", 3);
}
END_TEST

START_TEST (test_precedence)
{
  assert_eval ("1 + 2 * 3", 7);
  assert_eval ("(1 + 2) * 3", 9);
  assert_eval ("2 * 3 ^ 2", 18);
  assert_eval ("10 - 4 - 3", 3);          /* left-associative */
  assert_eval ("100 / 10 / 5", 2);
  assert_eval ("2 ^ 3 ^ 2", 512);         /* right-associative */
  assert_eval ("(2 ^ 3) ^ 2", 64);
  assert_eval ("8 - 2 * 3 + 1", 3);
  assert_eval ("7 / 2 * 2", 7);
  assert_eval ("1 + 2 < 4", 1);           /* comparisons lowest */
  assert_eval ("1 + (2 < 4)", 2);
  assert_eval ("3 * 2 == 6", 1);
  assert_eval ("2 ^ 2 * 3", 12);
}
END_TEST

START_TEST (test_unary)
{
  assert_eval ("-2 ^ 2", -4);             /* as in maths */
  assert_eval ("(-2) ^ 2", 4);
  assert_eval ("2 ^ -1", 0.5);
  assert_eval ("2 ^ -2 ^ 2", 0.0625);     /* 2 ^ (-(2 ^ 2)) */
  assert_eval ("-2 ^ -2", -0.25);
  assert_eval ("-2 * -3", 6);
  assert_eval ("--2", 2);
  assert_eval ("- - -2", -2);
  assert_eval ("+3", 3);
  assert_eval ("+-+3", -3);
  assert_eval ("2 - -3", 5);
  assert_eval ("2 * -3 + 1", -5);
  assert_eval ("-3 * 2 ^ 2", -12);
  assert_eval ("-(1 + 2)", -3);
  assert_eval ("-2 < -1", 1);
  double x = 5;
  ck_assert (eval_vars ("-x ^ 2", &x) == -25);
  ck_assert (eval_vars ("-x * 2", &x) == -10);
}
END_TEST

START_TEST (test_comparisons)
{
  assert_eval ("1 < 2", 1);
  assert_eval ("2 < 1", 0);
  assert_eval ("2 < 2", 0);
  assert_eval ("2 <= 2", 1);
  assert_eval ("3 <= 2", 0);
  assert_eval ("3 > 2", 1);
  assert_eval ("2 > 2", 0);
  assert_eval ("2 >= 2", 1);
  assert_eval ("1 >= 2", 0);
  assert_eval ("0.1 + 0.2 == 0.3", 0);   /* exact doubles */
  assert_eval ("0.5 + 0.25 == 0.75", 1);
  assert_eval ("1 != 2", 1);
  assert_eval ("2 != 2", 0);
  assert_eval ("(1 < 2) < 3", 1);
  assert_eval ("(1 < 2) + (3 > 4) + (5 >= 5)", 2);
}
END_TEST

START_TEST (test_functions)
{
  assert_eval ("min(3)", 3);
  assert_eval ("max(3)", 3);
  assert_eval ("min(3, 1, 2)", 1);
  assert_eval ("max(3, 1, 2)", 3);
  assert_eval ("min(5, 4, 3, 2, 1, 0, -1, 9, 8, 7)", -1);
  assert_eval ("max(1, 5, 2, 8, 3) * 2", 16);
  assert_eval ("min(max(1, 2), max(3, 4))", 2);
  assert_eval ("abs(-3)", 3);
  assert_eval ("abs(3)", 3);
  assert_eval ("sqrt(16)", 4);
  assert_eval ("sqrt (2 * 8)", 4);        /* whitespace before "(" */
  assert_eval_near ("log(exp(2))", 2);
  assert_eval ("log(1)", 0);
  assert_eval ("log10(1000)", 3);
  assert_eval ("exp(0)", 1);
  assert_eval ("if(1, 2, 3)", 2);
  assert_eval ("if(0, 2, 3)", 3);
  assert_eval ("if(-0.5, 2, 3)", 2);     /* any non-zero is true */
  assert_eval ("if(2 > 1, 10, 20) + if(2 < 1, 10, 20)", 30);
  assert_eval ("if(1, if(0, 1, 2), 3)", 2);
  /* a long argument list keeps the stack shallow */
  char *many = repeat ("1, ", 5000);
  char *src = g_strdup_printf ("max(%s 7)", many);
  assert_eval (src, 7);
  g_free (src);
  g_free (many);

  /* a function name without "(" is an ordinary identifier */
  LpFormula *f = compile_ok ("log + max");
  ck_assert_uint_eq (lp_formula_get_n_variables (f), 2);
  ck_assert_str_eq (lp_formula_get_variable (f, 0), "log");
  ck_assert_str_eq (lp_formula_get_variable (f, 1), "max");
  lp_formula_free (f);
}
END_TEST

START_TEST (test_variables)
{
  LpFormula *f = compile_ok ("(reach * impact * confidence) / effort "
                             "+ reach * 0");
  ck_assert_str_eq (lp_formula_get_source (f),
                    "(reach * impact * confidence) / effort + reach * 0");
  ck_assert_uint_eq (lp_formula_get_n_variables (f), 4);
  ck_assert_str_eq (lp_formula_get_variable (f, 0), "reach");
  ck_assert_str_eq (lp_formula_get_variable (f, 1), "impact");
  ck_assert_str_eq (lp_formula_get_variable (f, 2), "confidence");
  ck_assert_str_eq (lp_formula_get_variable (f, 3), "effort");
  ck_assert_int_eq (lp_formula_find_variable (f, "effort"), 3);
  ck_assert_int_eq (lp_formula_find_variable (f, "Effort"), -1);
  double v[] = { 1000, 2, 0.8, 4 };
  double r;
  ck_assert (lp_formula_evaluate (f, v, &r, NULL));
  ck_assert (r == 400);
  lp_formula_free (f);

  f = compile_ok ("_a1 + A_ + a");  /* case-sensitive */
  ck_assert_uint_eq (lp_formula_get_n_variables (f), 3);
  lp_formula_free (f);

  f = compile_ok ("1 + 2");
  ck_assert_uint_eq (lp_formula_get_n_variables (f), 0);
  ck_assert (lp_formula_evaluate (f, NULL, &r, NULL));
  ck_assert (r == 3);
  lp_formula_free (f);
  lp_formula_free (NULL);
}
END_TEST

START_TEST (test_known_attributes)
{
  static const char *const known[] = { "reach", "impact", "effort", NULL };
  GError *error = NULL;
  LpFormula *f = lp_formula_compile ("reach * impact / effort + max(reach, 1)",
                                     known, &error);
  ck_assert_ptr_nonnull (f);
  ck_assert_ptr_null (error);
  lp_formula_free (f);
  assert_compile_error_known ("reach * impct / effort", known,
                              "formula: column 9: unknown attribute "
                              "\"impct\"");
  /* function names are not attributes */
  f = lp_formula_compile ("sqrt(reach)", known, &error);
  ck_assert_ptr_nonnull (f);
  lp_formula_free (f);
  static const char *const none[] = { NULL };
  assert_compile_error_known ("x", none,
                              "formula: column 1: unknown attribute \"x\"");
  f = lp_formula_compile ("1 + 2", none, &error);
  ck_assert_ptr_nonnull (f);
  lp_formula_free (f);
  /* NULL error location */
  ck_assert_ptr_null (lp_formula_compile ("(", NULL, NULL));
}
END_TEST

/* ---- errors ---- */

START_TEST (test_syntax_errors)
{
  assert_compile_error ("", "formula: column 1: empty formula");
  assert_compile_error ("   \n\t", "formula: column 1: empty formula");
  assert_compile_error ("1 +", "formula: column 4: expected an operand");
  assert_compile_error ("*2", "formula: column 1: expected an operand");
  assert_compile_error ("1 * / 2", "formula: column 5: expected an operand");
  assert_compile_error ("()", "formula: column 2: expected an operand");
  assert_compile_error ("(,)", "formula: column 2: expected an operand");
  assert_compile_error ("min(1,)", "formula: column 7: expected an operand");
  assert_compile_error ("(1 + 2",
                        "formula: column 7: expected \")\" to close \"(\" "
                        "at column 1");
  assert_compile_error ("((1) + (2)",
                        "formula: column 11: expected \")\" to close \"(\" "
                        "at column 1");
  assert_compile_error ("max(1, 2",
                        "formula: column 9: expected \")\" to close \"max(\" "
                        "at column 1");
  assert_compile_error ("1 + 2)", "formula: column 6: unmatched \")\"");
  assert_compile_error ("(1))", "formula: column 4: unmatched \")\"");
  assert_compile_error ("1 2",
                        "formula: column 3: expected an operator or the end "
                        "of the formula");
  assert_compile_error ("2x",
                        "formula: column 2: expected an operator or the end "
                        "of the formula");
  assert_compile_error ("(1) (2)",
                        "formula: column 5: expected an operator or the end "
                        "of the formula");
  assert_compile_error ("a b",
                        "formula: column 3: expected an operator or the end "
                        "of the formula");
  assert_compile_error ("1, 2", "formula: column 2: \",\" outside a function "
                        "call");
  assert_compile_error ("(1, 2)", "formula: column 3: \",\" outside a "
                        "function call");
  assert_compile_error ("1 < 2 < 3",
                        "formula: column 7: comparisons cannot be chained; "
                        "use parentheses");
  assert_compile_error ("1 == 2 != 3",
                        "formula: column 8: comparisons cannot be chained; "
                        "use parentheses");
  assert_compile_error ("1e", "formula: column 2: malformed number: exponent "
                        "has no digits");
  assert_compile_error ("1e+", "formula: column 2: malformed number: "
                        "exponent has no digits");
  assert_compile_error ("1e999", "formula: column 1: number too large");
  assert_compile_error ("2 * 1" "000000000000000000000000000000000000000000"
                        "0000000000000000000000000000000000000000000000000"
                        "0000000000000000000000000000000000000000000000000"
                        "0000000000000000000000000000000000000000000000000"
                        "0000000000000000000000000000000000000000000000000"
                        "0000000000000000000000000000000000000000000000000"
                        "0000000000000000000000000000000000000000000000000",
                        "formula: column 5: number too large");
  assert_compile_error (".", "formula: column 1: unexpected character '.'");
  assert_compile_error ("1 + .e3",
                        "formula: column 5: unexpected character '.'");
}
END_TEST

START_TEST (test_character_errors)
{
  assert_compile_error ("1 # 2", "formula: column 3: unexpected character "
                        "'#'");
  assert_compile_error ("a % b", "formula: column 3: unexpected character "
                        "'%'");
  assert_compile_error ("a && b", "formula: column 3: unexpected character "
                        "'&'");
  assert_compile_error ("\"a\"", "formula: column 1: unexpected character "
                        "'\"'");
  assert_compile_error ("1 = 2", "formula: column 3: unexpected character "
                        "'='; use '==' to compare");
  assert_compile_error ("!a", "formula: column 1: unexpected character '!'");
  assert_compile_error ("caf\xc3\xa9", "formula: column 4: unexpected byte "
                        "0xC3");
  assert_compile_error ("\xff", "formula: column 1: unexpected byte 0xFF");
  assert_compile_error ("1 +\x01 2", "formula: column 4: unexpected byte "
                        "0x01");
  assert_compile_error ("1\x7f", "formula: column 2: unexpected byte 0x7F");
  assert_compile_error ("1\v", "formula: column 2: unexpected byte 0x0B");
}
END_TEST

START_TEST (test_function_errors)
{
  assert_compile_error ("foo(1)", "formula: column 1: unknown function "
                        "\"foo\"");
  assert_compile_error ("1 + Max(1, 2)", "formula: column 5: unknown "
                        "function \"Max\"");
  assert_compile_error ("abs(1, 2)", "formula: column 6: too many "
                        "arguments: abs takes 1");
  assert_compile_error ("if(1, 2, 3, 4)", "formula: column 11: too many "
                        "arguments: if takes 3");
  assert_compile_error ("if(1, 2)", "formula: column 1: if takes 3 "
                        "arguments, got 2");
  assert_compile_error ("1 + if(1)", "formula: column 5: if takes 3 "
                        "arguments, got 1");
  assert_compile_error ("min()", "formula: column 1: min takes at least 1 "
                        "argument, got 0");
  assert_compile_error ("sqrt( )", "formula: column 1: sqrt takes 1 "
                        "argument, got 0");
  assert_compile_error ("log(", "formula: column 5: expected an operand");
}
END_TEST

START_TEST (test_nesting)
{
  /* 256 levels compile, 257 do not */
  char *open = repeat ("(", 256), *close = repeat (")", 256);
  char *src = g_strconcat (open, "1", close, NULL);
  assert_eval (src, 1);
  g_free (src);
  src = g_strconcat ("(", open, "1", close, ")", NULL);
  assert_compile_error (src, "formula: column 257: nested too deeply "
                        "(limit 256)");
  g_free (src);
  g_free (open);
  g_free (close);

  /* 60000 and 100000 "(" : clean errors, no crash */
  open = repeat ("(", 60000);
  assert_compile_error (open, "formula: column 257: nested too deeply "
                        "(limit 256)");
  g_free (open);
  open = repeat ("(", 100000);
  assert_compile_error (open, "formula: column 65537: formula too long "
                        "(limit 65536 bytes)");
  g_free (open);
  src = repeat ("-", 60000);
  assert_compile_error (src, "formula: column 257: nested too deeply "
                        "(limit 256)");
  g_free (src);
  src = repeat ("abs(", 10000);
  assert_compile_error (src, "formula: column 1025: nested too deeply "
                        "(limit 256)");
  g_free (src);
  src = repeat ("if(1, 2, ", 1000);
  assert_compile_error (src, "formula: column 2305: nested too deeply "
                        "(limit 256)");
  g_free (src);
  /* a right-associative chain waits for all its operands */
  char *chain = repeat ("2 ^ ", 300);
  src = g_strconcat (chain, "1", NULL);
  assert_compile_error (src, "formula: column 1027: nested too deeply "
                        "(limit 256)");
  g_free (src);
  g_free (chain);

  /* deep but within the limit: if() holding two values per level */
  GString *g = g_string_new (NULL);
  for (int i = 0; i < 255; i++)
    g_string_append (g, "if(0, 1, ");
  g_string_append (g, "5");
  for (int i = 0; i < 255; i++)
    g_string_append (g, ")");
  assert_eval (g->str, 5);
  g_string_truncate (g, 0);
  for (int i = 0; i < 255; i++)
    g_string_append (g, "if(x, y, ");
  g_string_append (g, "z");
  for (int i = 0; i < 255; i++)
    g_string_append (g, ")");
  double v[] = { 0, 1, 5 };
  ck_assert (eval_vars (g->str, v) == 5);
  g_string_free (g, TRUE);

  /* long left-associative chains are not nesting */
  chain = repeat ("x + ", 10000);
  src = g_strconcat (chain, "x", NULL);
  double x = 0.5;
  ck_assert (eval_vars (src, &x) == 5000.5);
  g_free (src);
  g_free (chain);
}
END_TEST

START_TEST (test_length_limit)
{
  /* exactly LP_FORMULA_MAX_LENGTH bytes: "1+1+...+1" */
  GString *g = g_string_new ("1");
  while (g->len + 2 <= LP_FORMULA_MAX_LENGTH)
    g_string_append (g, "+1");
  while (g->len < LP_FORMULA_MAX_LENGTH)
    g_string_append_c (g, ' ');
  ck_assert_uint_eq (g->len, LP_FORMULA_MAX_LENGTH);
  assert_eval (g->str, (LP_FORMULA_MAX_LENGTH - 1) / 2 + 1);
  g_string_append_c (g, ' ');
  assert_compile_error (g->str, "formula: column 65537: formula too long "
                        "(limit 65536 bytes)");
  g_string_free (g, TRUE);
  /* a huge identifier within the limit is fine */
  char *name = repeat ("a", 60000);
  LpFormula *f = compile_ok (name);
  ck_assert_str_eq (lp_formula_get_variable (f, 0), name);
  lp_formula_free (f);
  g_free (name);
}
END_TEST

/* Random strings over the formula alphabet plus garbage bytes: compiling
 * either succeeds or fails with a column; what compiles evaluates the same
 * per row and in bulk. */
START_TEST (test_garbage)
{
  static const char *const pieces[] = {
    "(", ")", "+", "-", "*", "/", "^", "<", "<=", ">=", "==", "!=", ",",
    "1", "0", "2.5", "1e308", "1e-308", ".5", "x", "y", "z", "min(", "max(",
    "abs(", "sqrt(", "log(", "if(", "exp(", " ", "e", "log10(", "x)", "y)",
    "1)", "x,", "2,", "-x", "(x", "(1",
    /* garbage, in odd rounds only */
    "\xc3", "\x01", "#", "=", "!", "9e",
  };
  const int n_garbage = 6;
  GRand *rand = g_rand_new_with_seed (4);
  double cols[3][300];
  for (int i = 0; i < 300; i++)
    for (int c = 0; c < 3; c++)
      {
        int k = g_rand_int_range (rand, 0, 8);
        cols[c][i] = k == 0 ? NAN : k == 1 ? 0.0 : k == 2 ? -1.5
                     : k == 3 ? 1e300 : k == 4 ? -INFINITY
                     : g_rand_double_range (rand, -1e3, 1e3);
      }
  guint n_compiled = 0;
  for (int round = 0; round < 20000; round++)
    {
      GString *g = g_string_new (NULL);
      int n = g_rand_int_range (rand, 1, 16);
      int n_pieces = (int) G_N_ELEMENTS (pieces) - (round % 2 ? 0 : n_garbage);
      for (int i = 0; i < n; i++)
        g_string_append (g, pieces[g_rand_int_range (rand, 0, n_pieces)]);
      GError *error = NULL;
      LpFormula *f = lp_formula_compile (g->str, NULL, &error);
      if (f == NULL)
        {
          ck_assert_msg (error != NULL
                         && g_str_has_prefix (error->message,
                                              "formula: column "),
                         "\"%.80s\": bad error", g->str);
          g_clear_error (&error);
          g_string_free (g, TRUE);
          continue;
        }
      n_compiled++;
      guint nv = lp_formula_get_n_variables (f);
      const double *columns[32];
      ck_assert_uint_le (nv, 32);
      for (guint v = 0; v < nv; v++)
        columns[v] = cols[g_str_hash (lp_formula_get_variable (f, v)) % 3];
      double out[300];
      lp_formula_evaluate_columns (f, columns, 300, out);
      for (int i = 0; i < 300; i++)
        {
          double row[32], r = NAN;
          for (guint v = 0; v < nv; v++)
            row[v] = columns[v][i];
          guint missing = 99;
          gboolean ok = lp_formula_evaluate (f, row, &r, &missing);
          ck_assert_msg (ok == !isnan (out[i]) && (!ok || same (r, out[i])),
                         "\"%.80s\" row %d: %g vs %g", g->str, i, r, out[i]);
          char *why = lp_formula_describe_failure (f, row);
          ck_assert (ok == (why == NULL));
          ck_assert (ok || missing == G_MAXUINT || missing < nv);
          if (ok)
            ck_assert (isfinite (r));
          g_free (why);
        }
      lp_formula_free (f);
      g_string_free (g, TRUE);
    }
  ck_assert_uint_gt (n_compiled, 500);
  g_rand_free (rand);
}
END_TEST

/* ---- evaluation failures ---- */

START_TEST (test_division_by_zero)
{
  assert_fails ("1 / 0", NULL, G_MAXUINT, "division by zero at column 3");
  assert_fails ("0 / 0", NULL, G_MAXUINT, "division by zero at column 3");
  assert_fails ("-1/0", NULL, G_MAXUINT, "division by zero at column 3");
  double v[] = { 3, 2 };
  assert_fails ("x / (y - y)", v, G_MAXUINT, "division by zero at column 3");
  /* a failure cannot be hidden by a later operation */
  assert_fails ("1 / (1 / 0)", NULL, G_MAXUINT,
                "division by zero at column 8");
  assert_fails ("min(1, 1 / 0)", NULL, G_MAXUINT,
                "division by zero at column 10");
  assert_fails ("(1 / 0) > 5", NULL, G_MAXUINT,
                "division by zero at column 4");
  assert_fails ("if(1 / 0, 1, 2)", NULL, G_MAXUINT,
                "division by zero at column 6");
  assert_fails ("(1 / 0) ^ 0", NULL, G_MAXUINT,
                "division by zero at column 4");
  assert_fails ("0 * (1 / 0)", NULL, G_MAXUINT,
                "division by zero at column 8");
  assert_fails ("0 ^ -1", NULL, G_MAXUINT, "division by zero at column 3");
  /* the first failure in evaluation order is reported */
  assert_fails ("log(-1) + 1 / 0", NULL, G_MAXUINT,
                "logarithm of a negative number at column 1");
}
END_TEST

START_TEST (test_domain_and_overflow)
{
  assert_fails ("log(-1)", NULL, G_MAXUINT,
                "logarithm of a negative number at column 1");
  assert_fails ("2 * log(0)", NULL, G_MAXUINT,
                "logarithm of zero at column 5");
  assert_fails ("log10(-5)", NULL, G_MAXUINT,
                "logarithm of a negative number at column 1");
  assert_fails ("sqrt(-4)", NULL, G_MAXUINT,
                "square root of a negative number at column 1");
  assert_fails ("(-8) ^ (1 / 3)", NULL, G_MAXUINT,
                "negative number to a fractional power at column 6");
  assert_eval ("(-2) ^ 3", -8);
  assert_fails ("10 ^ 400", NULL, G_MAXUINT, "overflow at column 4");
  assert_fails ("10 ^ 10 ^ 10", NULL, G_MAXUINT, "overflow at column 4");
  assert_fails ("-(10 ^ 400)", NULL, G_MAXUINT, "overflow at column 6");
  assert_fails ("exp(1000)", NULL, G_MAXUINT, "overflow at column 1");
  assert_fails ("1e308 * 10", NULL, G_MAXUINT, "overflow at column 7");
  assert_fails ("1e308 + 1e308", NULL, G_MAXUINT, "overflow at column 7");
  assert_fails ("-1e308 - 1e308", NULL, G_MAXUINT, "overflow at column 8");
  assert_fails ("1e308 / 1e-308", NULL, G_MAXUINT, "overflow at column 7");
  double big = 1e200;
  assert_fails ("x * x", &big, G_MAXUINT, "overflow at column 3");
  assert_fails ("x ^ 2 > 0", &big, G_MAXUINT, "overflow at column 3");
  /* huge comparisons stay exact */
  assert_eval ("1e308 < -1e308", 0);
  assert_eval ("-1e308 < 1e308", 1);
  assert_eval ("max(1e308, -1e308)", 1e308);
  assert_eval ("10 ^ -400", 0);
  assert_eval ("exp(-1000)", 0);
  assert_eval ("1 ^ 1e300", 1);
  assert_eval ("0 ^ 0", 1);
}
END_TEST

START_TEST (test_missing)
{
  double v[] = { 1, NAN, 3 };
  assert_fails ("a + b * c", v, 1, "\"b\" is missing");
  double w[] = { NAN, 2, NAN };
  assert_fails ("a + b * c", w, 0, "\"a\" is missing");
  assert_fails ("c + b * a", w, 0, "\"c\" is missing");
  /* a missing input is never silently absorbed */
  double one[] = { NAN };
  assert_fails ("max(x, 1)", one, 0, "\"x\" is missing");
  assert_fails ("min(1, x)", one, 0, "\"x\" is missing");
  assert_fails ("x > 1", one, 0, "\"x\" is missing");
  assert_fails ("x == x", one, 0, "\"x\" is missing");
  assert_fails ("x * 0", one, 0, "\"x\" is missing");
  assert_fails ("x ^ 0", one, 0, "\"x\" is missing");
  assert_fails ("1 ^ x", one, 0, "\"x\" is missing");
  assert_fails ("if(x, 1, 1)", one, 0, "\"x\" is missing");
  assert_fails ("abs(x)", one, 0, "\"x\" is missing");
  /* an infinite input is not a number */
  double inf[] = { 2, INFINITY, 1 };
  assert_fails ("a + b", inf, G_MAXUINT, "\"b\" is not finite");
  assert_fails ("a > b", inf, G_MAXUINT, "\"b\" is not finite");
  double minf[] = { -INFINITY };
  assert_fails ("1 / x", minf, G_MAXUINT, "\"x\" is not finite");
  assert_fails ("exp(x)", minf, G_MAXUINT, "\"x\" is not finite");
  assert_fails ("x * 0", minf, G_MAXUINT, "\"x\" is not finite");
  assert_fails ("0 ^ -x", minf, G_MAXUINT, "\"x\" is not finite");
  assert_fails ("if(1, 2, x) + x", minf, G_MAXUINT, "\"x\" is not finite");
  ck_assert (eval_vars ("if(0, x, 2)", minf) == 2);
  /* an overflowed intermediate cannot be hidden either */
  double big[] = { 1e308 };
  assert_fails ("1 / (x * 10)", big, G_MAXUINT, "overflow at column 8");
  assert_fails ("exp(-(x * 10))", big, G_MAXUINT, "overflow at column 9");
  assert_fails ("max(x * 10, 1) ^ 0", big, G_MAXUINT,
                "overflow at column 7");
  assert_fails ("(x * 10) * 0", big, G_MAXUINT, "overflow at column 4");
  assert_fails ("x * 10 - x * 10", big, G_MAXUINT, "overflow at column 3");

  /* diagnose() */
  LpFormula *f = compile_ok ("a + b * c / 0");
  guint var = 99, col = 99;
  ck_assert_int_eq (lp_formula_diagnose (f, v, &var, &col),
                    LP_FORMULA_MISSING);
  ck_assert_uint_eq (var, 1);
  ck_assert_uint_eq (col, 5);
  double all[] = { 1, 2, 3 };
  ck_assert_int_eq (lp_formula_diagnose (f, all, &var, &col),
                    LP_FORMULA_DIVISION_BY_ZERO);
  ck_assert_uint_eq (var, G_MAXUINT);
  ck_assert_uint_eq (col, 11);
  ck_assert_int_eq (lp_formula_diagnose (f, inf, &var, NULL),
                    LP_FORMULA_NOT_FINITE);
  ck_assert_uint_eq (var, 1);
  lp_formula_free (f);
  f = compile_ok ("sqrt(a) + b ^ 0.5 + 10 ^ c");
  double d1[] = { -1, 1, 1 }, d2[] = { 1, -1, 1 }, d3[] = { 1, 1, 999 },
         d4[] = { 1, 1, 1 };
  ck_assert_int_eq (lp_formula_diagnose (f, d1, NULL, &col),
                    LP_FORMULA_DOMAIN);
  ck_assert_uint_eq (col, 1);
  ck_assert_int_eq (lp_formula_diagnose (f, d2, NULL, &col),
                    LP_FORMULA_DOMAIN);
  ck_assert_uint_eq (col, 13);
  ck_assert_int_eq (lp_formula_diagnose (f, d3, NULL, &col),
                    LP_FORMULA_OVERFLOW);
  ck_assert_uint_eq (col, 24);
  ck_assert_int_eq (lp_formula_diagnose (f, d4, &var, &col), LP_FORMULA_OK);
  ck_assert_uint_eq (var, G_MAXUINT);
  ck_assert_uint_eq (col, 0);
  ck_assert_ptr_null (lp_formula_describe_failure (f, d4));
  double r;
  guint missing;
  ck_assert (lp_formula_evaluate (f, d4, &r, NULL));
  ck_assert (lp_formula_evaluate (f, d4, NULL, &missing));
  ck_assert (!lp_formula_evaluate (f, d1, NULL, NULL));
  lp_formula_free (f);
}
END_TEST

START_TEST (test_if_is_lazy)
{
  /* x, y */
  double zero[] = { 0, 7 }, two[] = { 2, 7 }, zero_missing[] = { 0, NAN },
         missing[] = { NAN, 7 };
  ck_assert (eval_vars ("if(x > 0, y / x, 0)", zero) == 0);
  ck_assert (eval_vars ("if(x > 0, y / x, 0)", two) == 3.5);
  /* a missing variable in the branch not taken does not matter */
  ck_assert (eval_vars ("if(x > 0, y / x, -1)", zero_missing) == -1);
  assert_fails ("if(x == 0, y, 1)", zero_missing, 1, "\"y\" is missing");
  /* the condition always counts */
  assert_fails ("if(x > 0, 1, 2)", missing, 0, "\"x\" is missing");
  assert_eval ("if(1, 5, 1 / 0)", 5);
  assert_eval ("if(0, log(-1), 5)", 5);
  assert_fails ("if(0, 5, log(-1))", NULL, G_MAXUINT,
                "logarithm of a negative number at column 10");
  /* nested: the chosen path's failure is reported */
  double v[] = { 1, NAN };
  assert_fails ("if(x, if(x > 5, 0, y), 0)", v, 1, "\"y\" is missing");
  ck_assert (eval_vars ("if(x, if(x < 5, 0, y), 0)", v) == 0);
}
END_TEST

/* ---- explanations ---- */

START_TEST (test_explain)
{
  LpFormula *f = compile_ok ("(reach * impact * confidence) / effort");
  double v[] = { 1000, 2, 0.8, 4 };
  char *s = lp_formula_explain (f, v);
  ck_assert_str_eq (s, "(reach=1000 * impact=2 * confidence=0.8) / effort=4 "
                    "= 1600 / 4 = 400");
  g_free (s);
  double m[] = { NAN, 2, 0.8, 4 };
  s = lp_formula_explain (f, m);
  ck_assert_str_eq (s, "(reach=? * impact=2 * confidence=0.8) / effort=4 "
                    "= ? / 4 = unscored: \"reach\" is missing");
  g_free (s);
  lp_formula_free (f);

  /* five variables, a sum of terms */
  f = compile_ok ("(reach * impact * confidence) / effort\n"
                  "  + 0.5 * strategic");
  ck_assert_uint_eq (lp_formula_get_n_variables (f), 5);
  double five[] = { 1000, 2, 0.8, 4, 3 };
  double r;
  ck_assert (lp_formula_evaluate (f, five, &r, NULL));
  ck_assert (r == 401.5);
  s = lp_formula_explain (f, five);
  ck_assert_str_eq (s, "(reach=1000 * impact=2 * confidence=0.8) / effort=4 "
                    "+ 0.5 * strategic=3 = 400 + 1.5 = 401.5");
  g_free (s);
  five[3] = 0;
  s = lp_formula_explain (f, five);
  ck_assert_str_eq (s, "(reach=1000 * impact=2 * confidence=0.8) / effort=0 "
                    "+ 0.5 * strategic=3 = ? + 1.5 = unscored: division by "
                    "zero at column 31");
  g_free (s);
  lp_formula_free (f);

  /* a chain of + and -, flattened left to right */
  f = compile_ok ("  a*2   -  b/2 +c ");
  double abc[] = { 1, 3, 0.1 };
  s = lp_formula_explain (f, abc);
  ck_assert_str_eq (s, "a=1*2 - b=3/2 +c=0.1 = 2 - 1.5 + 0.1 = 0.6");
  g_free (s);
  lp_formula_free (f);

  /* only leaves: no intermediate step */
  f = compile_ok ("a + b");
  s = lp_formula_explain (f, abc);
  ck_assert_str_eq (s, "a=1 + b=3 = 4");
  g_free (s);
  lp_formula_free (f);

  /* other roots, constants, repeated variables */
  f = compile_ok ("max(x, 2 * x) ^ 2");
  double x = 1.5;
  s = lp_formula_explain (f, &x);
  ck_assert_str_eq (s, "max(x=1.5, 2 * x=1.5) ^ 2 = 9");
  g_free (s);
  lp_formula_free (f);
  /* constants folded into operators are still terms */
  double ab[] = { 2, 3 };
  f = compile_ok ("a * b - 1");
  s = lp_formula_explain (f, ab);
  ck_assert_str_eq (s, "a=2 * b=3 - 1 = 6 - 1 = 5");
  g_free (s);
  lp_formula_free (f);
  f = compile_ok ("10 - a * b");
  s = lp_formula_explain (f, ab);
  ck_assert_str_eq (s, "10 - a=2 * b=3 = 10 - 6 = 4");
  g_free (s);
  lp_formula_free (f);
  f = compile_ok ("2 * a + 3 * b");
  s = lp_formula_explain (f, ab);
  ck_assert_str_eq (s, "2 * a=2 + 3 * b=3 = 4 + 9 = 13");
  g_free (s);
  lp_formula_free (f);
  f = compile_ok ("2 * a * 3 / b");
  s = lp_formula_explain (f, ab);
  ck_assert_str_eq (s, "2 * a=2 * 3 / b=3 = 4");
  g_free (s);
  lp_formula_free (f);
  f = compile_ok ("7");
  s = lp_formula_explain (f, NULL);
  ck_assert_str_eq (s, "7 = 7");
  g_free (s);
  lp_formula_free (f);
  f = compile_ok ("x / 3");
  x = 1;
  s = lp_formula_explain (f, &x);
  ck_assert_str_eq (s, "x=1 / 3 = 0.3333333333333333");
  g_free (s);
  lp_formula_free (f);
}
END_TEST

/* ---- bulk evaluation ---- */

START_TEST (test_columns_match_rows)
{
  static const char *const formulas[] = {
    "(reach * impact * confidence) / effort + 0.5 * bonus",
    "reach - impact + confidence * effort / bonus ^ 2",
    "if(effort > 0, reach / effort, -1) + min(impact, confidence, 3)",
    "max(reach, impact) - abs(confidence) * sqrt(abs(effort)) + log(2)",
    "(reach < impact) + (reach <= impact) + (reach > impact) "
      "+ (reach >= impact) + (reach == impact) + (reach != impact)",
    "exp(impact / 100) + log10(abs(reach) + 1) - sqrt(effort) + log(bonus)",
    "-reach ^ 2 + 2 ^ -impact + (1 + 2) * 3",
    "if(reach, if(impact, 1, 2), if(confidence, 3, effort / bonus))",
    "1 - reach + reach / 3 + 3 / effort - min(impact, 0) * 2 + 0 * bonus "
      "+ exp(-confidence) + 2 ^ reach + reach ^ 2 + (1 < reach) "
      "+ max(0, effort) + if(reach > 0, 1 / reach, 0)",
    "reach ^ impact",
    "42",
  };
  enum { N = 3 * 256 + 77, V = 5 };
  GRand *rand = g_rand_new_with_seed (11);
  double *data = g_new (double, N * V);
  for (int i = 0; i < N * V; i++)
    {
      int k = g_rand_int_range (rand, 0, 12);
      data[i] = k == 0 ? NAN : k == 1 ? 0.0 : k == 2 ? 1.0 : k == 3 ? -2.0
                : k == 4 ? 1e300 : k == 5 ? INFINITY
                : g_rand_double_range (rand, -100, 100);
    }
  double *out = g_new (double, N);
  for (guint fi = 0; fi < G_N_ELEMENTS (formulas); fi++)
    {
      LpFormula *f = compile_ok (formulas[fi]);
      guint nv = lp_formula_get_n_variables (f);
      const double *columns[V];
      for (guint v = 0; v < nv; v++)
        columns[v] = data + (gsize) v * N;
      for (gsize n = 0; n <= N; n += n < 300 ? 37 : 255)
        {
          for (gsize i = 0; i < N; i++)
            out[i] = 12345;
          lp_formula_evaluate_columns (f, nv ? columns : NULL, n, out);
          guint n_ok = 0;
          for (gsize i = 0; i < n; i++)
            {
              double row[V], r = NAN;
              for (guint v = 0; v < nv; v++)
                row[v] = columns[v][i];
              gboolean ok = lp_formula_evaluate (f, row, &r, NULL);
              ck_assert (ok == (lp_formula_diagnose (f, row, NULL, NULL)
                                == LP_FORMULA_OK));
              ck_assert_msg (ok ? same (r, out[i]) : isnan (out[i]),
                             "%.80s, row %zu: %.17g vs %.17g", formulas[fi],
                             i, r, out[i]);
              n_ok += ok;
            }
          for (gsize i = n; i < N; i++)
            ck_assert (out[i] == 12345);  /* nothing written past n */
          ck_assert (n < 300 || n_ok > 0);
        }
      lp_formula_free (f);
    }
  g_free (out);
  g_free (data);
  g_rand_free (rand);
}
END_TEST

START_TEST (test_constant_folding)
{
  /* folded or not, the values are the same */
  double x = 3;
  ck_assert (eval_vars ("x * (2 + 3) - -1", &x) == 16);
  ck_assert (eval_vars ("(2 + 3) * x - -1", &x) == 16);
  assert_eval ("if(1 < 2, 2 ^ 10, 0) + max(1, 2, 3)", 1027);
  /* failing constants are not folded away: they fail at evaluation */
  LpFormula *f = compile_ok ("if(x > 0, 1, 1 / 0)");
  double r;
  ck_assert (lp_formula_evaluate (f, &x, &r, NULL) && r == 1);
  x = -1;
  ck_assert (!lp_formula_evaluate (f, &x, &r, NULL));
  lp_formula_free (f);
}
END_TEST

Suite *
lp_test_formula_suite (void)
{
  Suite *s = suite_create ("formula");
  TCase *tc = tcase_create ("language");
  tcase_add_test (tc, test_numbers);
  tcase_add_test (tc, test_precedence);
  tcase_add_test (tc, test_unary);
  tcase_add_test (tc, test_comparisons);
  tcase_add_test (tc, test_functions);
  tcase_add_test (tc, test_variables);
  tcase_add_test (tc, test_known_attributes);
  tcase_add_test (tc, test_constant_folding);
  suite_add_tcase (s, tc);

  tc = tcase_create ("errors");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_syntax_errors);
  tcase_add_test (tc, test_character_errors);
  tcase_add_test (tc, test_function_errors);
  tcase_add_test (tc, test_nesting);
  tcase_add_test (tc, test_length_limit);
  tcase_add_test (tc, test_garbage);
  suite_add_tcase (s, tc);

  tc = tcase_create ("evaluation");
  tcase_set_timeout (tc, 60);
  tcase_add_test (tc, test_division_by_zero);
  tcase_add_test (tc, test_domain_and_overflow);
  tcase_add_test (tc, test_missing);
  tcase_add_test (tc, test_if_is_lazy);
  tcase_add_test (tc, test_explain);
  tcase_add_test (tc, test_columns_match_rows);
  suite_add_tcase (s, tc);
  return s;
}
