/* Runs every Check suite of libproduct. CK_FORK=no is honoured (sanitizer
 * and valgrind runs set it so findings point at the test itself). */
#include <stdlib.h>
#include <string.h>
#include "lp-test.h"

int
main (void)
{
  SRunner *runner = srunner_create (lp_test_version_suite ());
  srunner_add_suite (runner, lp_test_item_suite ());
  srunner_add_suite (runner, lp_test_formula_suite ());
  srunner_add_suite (runner, lp_test_backlog_suite ());
  srunner_add_suite (runner, lp_test_order_suite ());
  srunner_add_suite (runner, lp_test_cycles_suite ());
  srunner_add_suite (runner, lp_test_json_suite ());
  srunner_add_suite (runner, lp_test_csv_suite ());
  srunner_add_suite (runner, lp_test_real_data_suite ());
  srunner_add_suite (runner, lp_test_gaps_suite ());
  srunner_add_suite (runner, lp_test_models_suite ());
  srunner_add_suite (runner, lp_test_explain_suite ());
  srunner_add_suite (runner, lp_test_hostile_hash_suite ());
  srunner_add_suite (runner, lp_test_hostile_attrs_suite ());
  srunner_add_suite (runner, lp_test_hostile_json_suite ());
  srunner_add_suite (runner, lp_test_hostile_busy_suite ());
  srunner_add_suite (runner, lp_test_hostile_files_suite ());
  srunner_run_all (runner, CK_NORMAL);
  int failed = srunner_ntests_failed (runner);
  srunner_free (runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
