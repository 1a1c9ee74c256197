#include "config.h"
#include "lp-private.h"

guint
lp_get_major_version (void)
{
  return LP_MAJOR_VERSION;
}

guint
lp_get_minor_version (void)
{
  return LP_MINOR_VERSION;
}

guint
lp_get_micro_version (void)
{
  return LP_MICRO_VERSION;
}

const char *
lp_get_version_string (void)
{
  return LP_VERSION_STRING;
}
