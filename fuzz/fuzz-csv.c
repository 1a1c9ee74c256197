/* Fuzz target: the Jira CSV importer, lp_backlog_import_csv_data().
 * Whatever imports is ordered, searched for cycles and saved as JSON and
 * reloaded (fuzz-common.c): an imported backlog must always be savable. */
#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lp_fuzz_init ();
  GError *error = NULL;
  LpBacklog *backlog =
    lp_backlog_import_csv_data ((const char *) data, size, &error);
  if (backlog == NULL)
    {
      if (error == NULL || error->domain != LP_ERROR || error->message == NULL)
        lp_fuzz_fail ("import failed without an LP_ERROR", error);
      g_error_free (error);
      return 0;
    }
  if (error != NULL)
    lp_fuzz_fail ("import succeeded but set an error", error);
  lp_fuzz_exercise (backlog);
  lp_backlog_unref (backlog);
  return 0;
}
