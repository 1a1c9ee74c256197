/* Shared declarations for the Check suites; one suite per test file. */
#ifndef LP_TEST_H
#define LP_TEST_H

#include <check.h>
#include <math.h>
#include <libproduct/libproduct.h>

Suite *lp_test_version_suite (void);
Suite *lp_test_formula_suite (void);
Suite *lp_test_item_suite (void);
Suite *lp_test_backlog_suite (void);
Suite *lp_test_order_suite (void);
Suite *lp_test_cycles_suite (void);
Suite *lp_test_json_suite (void);
Suite *lp_test_csv_suite (void);
Suite *lp_test_real_data_suite (void);
Suite *lp_test_gaps_suite (void);
Suite *lp_test_models_suite (void);
Suite *lp_test_explain_suite (void);
Suite *lp_test_hostile_hash_suite (void);
Suite *lp_test_hostile_attrs_suite (void);
Suite *lp_test_hostile_json_suite (void);
Suite *lp_test_hostile_busy_suite (void);
Suite *lp_test_hostile_files_suite (void);

/* Asserts that err is set in the LP_ERROR domain with the given code, that
 * its message contains `needle` (when not NULL), and clears it. */
#define lp_assert_error(err, code_, needle)                                  \
  do {                                                                       \
    ck_assert_msg ((err) != NULL, "expected an error");                      \
    ck_assert_msg ((err)->domain == LP_ERROR, "wrong domain");               \
    ck_assert_msg ((err)->code == (code_), "expected code %d, got %d (%s)",  \
                   (int) (code_), (err)->code, (err)->message);              \
    const char *lp_needle_ = (needle);                                       \
    if (lp_needle_ != NULL)                                                  \
      ck_assert_msg (strstr ((err)->message, lp_needle_) != NULL,            \
                     "message \"%s\" lacks \"%s\"", (err)->message,          \
                     lp_needle_);                                            \
    g_clear_error (&(err));                                                  \
  } while (0)

/* Makes criticals of the "libproduct" domain (g_return_val_if_fail) non-fatal
 * whatever G_DEBUG says, and counts them instead of printing them, until
 * criticals_end(), which returns the count. */
void criticals_begin (void);
guint criticals_end (void);
/* The criticals counted so far since criticals_begin(). */
guint criticals_count (void);

/* Fails the test without calling _mark_point() on success: Check records
 * every passing ck_assert, which is slow in loops over many items. */
#define REQUIRE(cond, ...)                                                 \
  do {                                                                     \
    if (G_UNLIKELY (!(cond)))                                              \
      ck_abort_msg (__VA_ARGS__);                                          \
  } while (0)

/* Directory of the test data shipped in the source tree. */
#ifndef LP_TEST_SRCDIR
#define LP_TEST_SRCDIR "."
#endif

#endif
