/* Hostile input (issue 9): attrs. Inputs are generated here, never committed. */
#include "lp-test.h"

Suite *
lp_test_hostile_attrs_suite (void)
{
  Suite *s = suite_create ("hostile-attrs");
  TCase *tc = tcase_create ("hostile-attrs");
  suite_add_tcase (s, tc);
  return s;
}
