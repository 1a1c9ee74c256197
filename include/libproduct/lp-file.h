#ifndef LP_FILE_H
#define LP_FILE_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <libproduct/lp-types.h>

G_BEGIN_DECLS

/**
 * LP_FILE_FORMAT:
 *
 * The value of the "format" member of the JSON documents this version reads
 * and writes.
 */
#define LP_FILE_FORMAT "libproduct/1"

/**
 * lp_backlog_load_data:
 * @data: (array length=length): a `libproduct/1` JSON document
 * @length: its length in bytes
 * @error: return location for %LP_ERROR_PARSE (not JSON), %LP_ERROR_FORMAT
 *   (wrong shape or type), %LP_ERROR_DUPLICATE_ID, %LP_ERROR_UNKNOWN_ITEM (a
 *   `depends_on` or `parent` names no item), %LP_ERROR_SELF_DEPENDENCY,
 *   %LP_ERROR_PARENT_CYCLE or %LP_ERROR_INVALID_VALUE; the message names the
 *   item and gives the line and byte offset
 *
 * Parses a document straight into a new backlog (streaming, no tree).
 *
 * Returns: (transfer full) (nullable): the backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_load_data (const char *data, gsize length,
                                        GError **error);

/**
 * lp_backlog_load_file:
 * @path: a file name in the GLib file name encoding
 * @error: return location for %LP_ERROR_IO or any error of
 *   lp_backlog_load_data()
 *
 * Returns: (transfer full) (nullable): the backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_load_file (const char *path, GError **error);

/**
 * lp_backlog_save_data:
 * @backlog: a backlog
 * @length: (out) (optional): where to store the length in bytes
 *
 * Writes the backlog as a `libproduct/1` JSON document (UTF-8, items in
 * manual order, stable: the same backlog gives the same bytes).
 *
 * Returns: (transfer full): the NUL-terminated document; free with g_free().
 */
LP_API char *lp_backlog_save_data (LpBacklog *backlog, gsize *length);

/**
 * lp_backlog_save_file:
 * @backlog: a backlog
 * @path: a file name
 * @error: return location for an %LP_ERROR_IO error
 *
 * Saves atomically: the file is replaced only once the new content is
 * completely written.
 *
 * Returns: %TRUE on success; on failure any existing file is untouched.
 */
LP_API gboolean lp_backlog_save_file (LpBacklog *backlog, const char *path,
                                      GError **error);

/**
 * lp_backlog_import_csv_data:
 * @data: (array length=length): CSV text (RFC 4180, first row = header)
 * @length: its length in bytes
 * @error: return location for %LP_ERROR_PARSE, %LP_ERROR_FORMAT (no id
 *   column), %LP_ERROR_DUPLICATE_ID, %LP_ERROR_INVALID_VALUE; messages give
 *   the line and the item
 *
 * Imports a Jira-style CSV export. Recognised columns (case-insensitive,
 * others ignored): `id` or `key`; `title` or `summary`; `kind` or `type`;
 * `status`; `resolution`; `value`; `effort` or `story_points`; `priority`;
 * `depends_on` (`;`-separated ids); `links` (`;`-separated `verb:KEY`
 * tokens: `depends:X` and `blocks:X` become dependencies, other verbs are
 * ignored; links to keys not in the file are ignored). The mapping of Jira
 * types, statuses and priorities is documented in the README.
 *
 * Returns: (transfer full) (nullable): a new backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_import_csv_data (const char *data, gsize length,
                                              GError **error);

/**
 * lp_backlog_import_csv_file:
 * @path: a file name
 * @error: return location for %LP_ERROR_IO or an error of
 *   lp_backlog_import_csv_data()
 *
 * Returns: (transfer full) (nullable): a new backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_import_csv_file (const char *path,
                                              GError **error);

G_END_DECLS

#endif /* LP_FILE_H */
