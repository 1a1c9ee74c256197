/* Fuzz target: the JSON loader's fast path against its full loader.
 *
 * lp_backlog_load_data() and lp_backlog_load_file() first try a scanner
 * made for the `libproduct/1` format (libproduct/lp-json-fast.c), which
 * gives up on anything wrong or unusual and lets the full yajl loader
 * (libproduct/lp-json-load.c) read the document again. The fast path must
 * therefore never change an outcome: every input is loaded with it and
 * without it (lp_json_load_data() and lp_json_load_file(), internal: this target
 * links the library's objects statically, see fuzz/Makefile.inc), from
 * memory and from a file, and all four loads must give the same backlog
 * (the same saved document, attribute and label tables, dependencies and
 * per-item fields) or the same error (domain, code and message).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-common.h"
#include "lp-json-loader.h"

/* The outcome of a load as text, for comparison: the error, or what the
 * backlog holds (the saved document does not show the order of the
 * attribute and label tables, nor every field, so those are added). Takes
 * b and error. */
static char *
describe (LpBacklog *b, GError *error)
{
  if (b == NULL)
    {
      if (error == NULL)
        lp_fuzz_fail ("load failed without an error", NULL);
      char *s = g_strdup_printf ("error %s %d: %s",
                                 g_quark_to_string (error->domain),
                                 error->code, error->message);
      g_error_free (error);
      return s;
    }
  if (error != NULL)
    lp_fuzz_fail ("load succeeded but set an error", error);
  gsize n = 0;
  char *saved = lp_backlog_save_data (b, &n);
  GString *d = g_string_new ("ok\n");
  g_string_append_len (d, saved, (gssize) n);
  g_free (saved);
  g_string_append (d, "\nattributes:");
  for (guint i = 0; i < b->attr_names->len; i++)
    g_string_append_printf (d, " %s", (const char *) b->attr_names->pdata[i]);
  g_string_append (d, "\nlabels:");
  for (guint i = 0; i < b->label_names->len; i++)
    g_string_append_printf (d, " %s", (const char *) b->label_names->pdata[i]);
  guint n_items = lp_backlog_get_n_items (b);
  g_string_append_printf (d, "\n%u items, %u dependencies\n", n_items,
                          lp_backlog_get_n_dependencies (b));
  for (guint i = 0; i < n_items; i++)
    {
      LpItem *item = lp_backlog_get_item_at (b, i);
      LpItem *parent = lp_item_get_parent (item);
      g_string_append_printf (d, "%s: position %u kind %d status %d "
                              "moscow %d parent %s\n", lp_item_get_id (item),
                              lp_item_get_position (item),
                              (int) lp_item_get_kind (item),
                              (int) lp_item_get_status (item),
                              (int) lp_item_get_moscow (item),
                              parent != NULL ? lp_item_get_id (parent) : "-");
    }
  lp_backlog_unref (b);
  return g_string_free (d, FALSE);
}

static char *
load (const uint8_t *data, size_t size, gboolean fast, const char *path)
{
  GError *error = NULL;
  LpBacklog *b = path != NULL
    ? lp_json_load_file (path, fast, &error)
    : lp_json_load_data ((const char *) data, size, fast, &error);
  return describe (b, error);
}

static void
compare (const char *what, const char *full, const char *fast)
{
  if (strcmp (full, fast) == 0)
    return;
  fprintf (stderr, "%s\n--- full loader:\n%s\n--- with the fast path:\n%s\n",
           what, full, fast);
  lp_fuzz_fail ("the fast path and the full loader disagree", NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  lp_fuzz_init ();
  const char *path = lp_fuzz_write_tmp (data, size);
  char *full = load (data, size, FALSE, NULL);
  char *fast = load (data, size, TRUE, NULL);
  compare ("lp_backlog_load_data()", full, fast);
  g_free (fast);
  g_free (full);
  full = load (data, size, FALSE, path);
  fast = load (data, size, TRUE, path);
  compare ("lp_backlog_load_file()", full, fast);
  g_free (fast);
  g_free (full);
  return 0;
}
