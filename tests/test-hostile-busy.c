/* Hostile input (issue 9): busy. Inputs are generated here, never committed. */
#include "lp-test.h"

Suite *
lp_test_hostile_busy_suite (void)
{
  Suite *s = suite_create ("hostile-busy");
  TCase *tc = tcase_create ("hostile-busy");
  suite_add_tcase (s, tc);
  return s;
}
