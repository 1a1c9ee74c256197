/* Hostile input (issue 9): json. Inputs are generated here, never committed. */
#include "lp-test.h"

Suite *
lp_test_hostile_json_suite (void)
{
  Suite *s = suite_create ("hostile-json");
  TCase *tc = tcase_create ("hostile-json");
  suite_add_tcase (s, tc);
  return s;
}
