/* Fuzz target: the `libproduct/1` JSON loader, lp_backlog_load_data().
 * Whatever loads is ordered, searched for cycles and saved/reloaded
 * (fuzz-common.c). */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lp_fuzz_init ();
  GError *error = NULL;
  LpBacklog *backlog = lp_backlog_load_data ((const char *) data, size, &error);
  if (backlog == NULL)
    {
      if (error == NULL || error->domain != LP_ERROR || error->message == NULL)
        lp_fuzz_fail ("load failed without an LP_ERROR", error);
      g_error_free (error);
      return 0;
    }
  if (error != NULL)
    lp_fuzz_fail ("load succeeded but set an error", error);
  lp_fuzz_exercise (backlog);
  lp_backlog_unref (backlog);
  return 0;
}
