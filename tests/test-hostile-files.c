/* Hostile input (issue 9): files. Inputs are generated here, never committed. */
#include "lp-test.h"

Suite *
lp_test_hostile_files_suite (void)
{
  Suite *s = suite_create ("hostile-files");
  TCase *tc = tcase_create ("hostile-files");
  suite_add_tcase (s, tc);
  return s;
}
