/* A main() for the fuzz targets without libFuzzer: feeds every file named on
 * the command line (directories: every file in them, sorted by name) to
 * LLVMFuzzerTestOneInput() once. `make check` runs each target this way over
 * its committed corpus and its crash regressions; with no argument the
 * directories compiled in as LP_FUZZ_DEFAULT_DIRS (':'-separated) are used,
 * so the programs can be TESTS (and run under valgrind) as they are.
 *
 * Reproducing a crash by hand:  fuzz/fuzz-json-standalone crash-file */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"

static guint n_inputs;

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static int
run_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  /* a copy of exactly `length` bytes, so that ASan and valgrind catch any
   * read past the end, as under libFuzzer */
  uint8_t *copy = g_memdup2 (contents, length > 0 ? length : 1);
  LLVMFuzzerTestOneInput (copy, length);
  g_free (copy);
  n_inputs++;
  return 0;
}

static int
run_path (const char *path, gboolean must_exist)
{
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      if (!must_exist && !g_file_test (path, G_FILE_TEST_EXISTS))
        return 0;
      return run_file (path);
    }
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.' && strcmp (name, "README") != 0
        && strcmp (name, "README.md") != 0)
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_names);
  int status = 0;
  for (guint i = 0; i < names->len; i++)
    if (!g_file_test (g_ptr_array_index (names, i), G_FILE_TEST_IS_DIR))
      {
        if (g_getenv ("LP_FUZZ_VERBOSE") != NULL)
          fprintf (stderr, "%s\n", (char *) g_ptr_array_index (names, i));
        status |= run_file (g_ptr_array_index (names, i));
      }
  return status;
}

int
main (int argc, char **argv)
{
  int status = 0;
  if (argc > 1)
    for (int i = 1; i < argc; i++)
      status |= run_path (argv[i], TRUE);
  else
    {
#ifdef LP_FUZZ_DEFAULT_DIRS
      g_auto (GStrv) dirs = g_strsplit (LP_FUZZ_DEFAULT_DIRS, ":", -1);
      for (guint i = 0; dirs[i] != NULL; i++)
        status |= run_path (dirs[i], FALSE);
#else
      fprintf (stderr, "usage: %s FILE-OR-DIRECTORY...\n", argv[0]);
      return 2;
#endif
    }
  printf ("%s: %u inputs replayed%s\n", argv[0], n_inputs,
          status == 0 ? "" : " (some could not be read)");
  return status;
}
