/* Hostile input (issue 9): hash. Inputs are generated here, never committed. */
#include "lp-test.h"

Suite *
lp_test_hostile_hash_suite (void)
{
  Suite *s = suite_create ("hostile-hash");
  TCase *tc = tcase_create ("hostile-hash");
  suite_add_tcase (s, tc);
  return s;
}
