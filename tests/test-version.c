/* Check suite "version": the run-time version functions of lp-version.h,
 * the compile-time macros, and the error domain of lp-error.h. */
#include <string.h>
#include "lp-test.h"

START_TEST (test_runtime_matches_headers)
{
  ck_assert_uint_eq (lp_get_major_version (), LP_MAJOR_VERSION);
  ck_assert_uint_eq (lp_get_minor_version (), LP_MINOR_VERSION);
  ck_assert_uint_eq (lp_get_micro_version (), LP_MICRO_VERSION);
  ck_assert_str_eq (lp_get_version_string (), LP_VERSION_STRING);
}
END_TEST

START_TEST (test_version_string_format)
{
  const char *v = lp_get_version_string ();
  ck_assert_ptr_nonnull (v);
  char *expected = g_strdup_printf ("%u.%u.%u", lp_get_major_version (),
                                    lp_get_minor_version (),
                                    lp_get_micro_version ());
  ck_assert_str_eq (v, expected);
  g_free (expected);
  /* a static string: the same pointer every time */
  ck_assert_ptr_eq (lp_get_version_string (), v);
}
END_TEST

START_TEST (test_check_version_macro)
{
  ck_assert (LP_CHECK_VERSION (0, 0, 0));
  ck_assert (LP_CHECK_VERSION (LP_MAJOR_VERSION, LP_MINOR_VERSION,
                               LP_MICRO_VERSION));
  ck_assert (!LP_CHECK_VERSION (LP_MAJOR_VERSION, LP_MINOR_VERSION,
                                LP_MICRO_VERSION + 1));
  ck_assert (!LP_CHECK_VERSION (LP_MAJOR_VERSION, LP_MINOR_VERSION + 1, 0));
  ck_assert (!LP_CHECK_VERSION (LP_MAJOR_VERSION + 1, 0, 0));
  if (LP_MICRO_VERSION > 0)
    ck_assert (LP_CHECK_VERSION (LP_MAJOR_VERSION, LP_MINOR_VERSION,
                                 LP_MICRO_VERSION - 1));
  if (LP_MINOR_VERSION > 0)
    ck_assert (LP_CHECK_VERSION (LP_MAJOR_VERSION, LP_MINOR_VERSION - 1, 999));
  if (LP_MAJOR_VERSION > 0)
    ck_assert (LP_CHECK_VERSION (LP_MAJOR_VERSION - 1, 999, 999));
}
END_TEST

/* The macros are usable in the preprocessor. */
#if !LP_CHECK_VERSION (0, 0, 0)
#error "LP_CHECK_VERSION (0, 0, 0) must hold"
#endif

START_TEST (test_error_domain)
{
  ck_assert_uint_ne (LP_ERROR, 0);
  ck_assert_uint_eq (lp_error_quark (), LP_ERROR);
  ck_assert_uint_eq (LP_ERROR, lp_error_quark ());
  ck_assert_str_eq (g_quark_to_string (LP_ERROR), "lp-error-quark");
  /* documented as never changing */
  ck_assert_int_eq (LP_ERROR_INVALID_VALUE, 1);
  ck_assert_int_eq (LP_ERROR_DUPLICATE_ID, 2);
  ck_assert_int_eq (LP_ERROR_UNKNOWN_ITEM, 3);
  ck_assert_int_eq (LP_ERROR_SELF_DEPENDENCY, 4);
  ck_assert_int_eq (LP_ERROR_CYCLE, 5);
  ck_assert_int_eq (LP_ERROR_PARENT_CYCLE, 6);
  ck_assert_int_eq (LP_ERROR_PARSE, 7);
  ck_assert_int_eq (LP_ERROR_FORMAT, 8);
  ck_assert_int_eq (LP_ERROR_IO, 9);

  /* lp_assert_error() accepts a real library error */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  ck_assert_ptr_null (lp_backlog_lookup_item (b, "nope", &err));
  ck_assert (g_error_matches (err, LP_ERROR, LP_ERROR_UNKNOWN_ITEM));
  lp_assert_error (err, LP_ERROR_UNKNOWN_ITEM, "\"nope\"");
  ck_assert_ptr_null (err);
  lp_backlog_unref (b);
}
END_TEST

Suite *
lp_test_version_suite (void)
{
  Suite *s = suite_create ("version");
  TCase *tc = tcase_create ("version");
  tcase_add_test (tc, test_runtime_matches_headers);
  tcase_add_test (tc, test_version_string_format);
  tcase_add_test (tc, test_check_version_macro);
  tcase_add_test (tc, test_error_domain);
  suite_add_tcase (s, tc);
  return s;
}
