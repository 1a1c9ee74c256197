/* Fuzz target: the `libproduct/1` JSON loader, lp_backlog_load_data().
 * Whatever loads is ordered, searched for cycles and saved/reloaded
 * (fuzz-common.c). The same bytes are also written to a file and loaded
 * with lp_backlog_load_file(), which streams regular files through its own
 * reader: both must agree (same error code, or the same saved document). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static void
compare_with_file (const uint8_t *data, size_t size, LpBacklog *from_data,
                   const GError *data_error)
{
  const char *path = lp_fuzz_write_tmp (data, size);
  GError *error = NULL;
  LpBacklog *from_file = lp_backlog_load_file (path, &error);
  if ((from_file == NULL) != (from_data == NULL))
    {
      fprintf (stderr, "load_data: %s\nload_file: %s\n",
               data_error ? data_error->message : "ok",
               error ? error->message : "ok");
      lp_fuzz_fail ("load_file and load_data disagree on success", NULL);
    }
  if (from_file == NULL)
    {
      if (error == NULL || error->domain != LP_ERROR
          || error->code != data_error->code)
        {
          fprintf (stderr, "load_data: %s\nload_file: %s\n",
                   data_error->message, error ? error->message : "(none)");
          lp_fuzz_fail ("load_file and load_data fail differently", NULL);
        }
      g_error_free (error);
      return;
    }
  gsize n1, n2;
  char *s1 = lp_backlog_save_data (from_data, &n1);
  char *s2 = lp_backlog_save_data (from_file, &n2);
  if (n1 != n2 || memcmp (s1, s2, n1) != 0)
    lp_fuzz_fail ("load_file and load_data give different backlogs", NULL);
  g_free (s1);
  g_free (s2);
  lp_backlog_unref (from_file);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lp_fuzz_init ();
  GError *error = NULL;
  LpBacklog *backlog = lp_backlog_load_data ((const char *) data, size, &error);
  compare_with_file (data, size, backlog, error);
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
