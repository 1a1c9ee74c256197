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
 * LP_DEFAULT_MAX_INPUT_SIZE:
 *
 * The input size limit, in bytes, of the functions that read a file
 * (lp_backlog_load_file(), lp_backlog_import_csv_file(),
 * lp_score_model_new_scorecard_from_file()): 1 GiB, about four times the
 * 10^6-item document of the benchmarks (263 MB). A larger file fails with
 * %LP_ERROR_LIMIT instead of taking the memory it asks for; an endless
 * input (`/dev/zero`, a pipe that never ends) stops there. To read with
 * another limit, load a backlog with lp_backlog_load_fd(), or read the
 * file with lp_read_file() and give its contents to
 * lp_backlog_import_csv_data() or lp_score_model_new_scorecard_from_data().
 * See docs/LIMITS.md.
 */
#define LP_DEFAULT_MAX_INPUT_SIZE 1073741824

/**
 * lp_read_file:
 * @path: a file name in the GLib file name encoding ("-" is not special)
 * @max_size: the most bytes to accept, e.g. %LP_DEFAULT_MAX_INPUT_SIZE
 * @length: (out) (optional): where to store the number of bytes read
 * @error: return location for %LP_ERROR_IO (`cannot read "PATH": REASON`,
 *   `PATH: read error: REASON`) or %LP_ERROR_LIMIT (`PATH: input too large
 *   (limit N bytes)`)
 *
 * Reads a whole file into memory, never more than @max_size bytes: a
 * regular file larger than that is refused before any of it is read;
 * anything else (a pipe, a device such as `/dev/zero`, a file that grows
 * while it is read) as soon as the byte past the limit arrives. The file
 * is read, never mapped, so a file truncated meanwhile gives the bytes
 * that were read (which a parser then reports as cut short) instead of
 * killing the process with SIGBUS. This is how every function of the
 * library that reads a file reads it.
 *
 * Returns: (transfer full) (array length=length) (nullable): the contents,
 *   followed by a NUL byte that @length does not count; free with
 *   g_free(). %NULL on error.
 */
LP_API char *lp_read_file (const char *path, guint64 max_size, gsize *length,
                           GError **error);

/**
 * lp_read_fd:
 * @fd: a file descriptor open for reading, e.g. 0 for standard input
 * @name: how messages name the input, e.g. its file name or "<stdin>"
 * @max_size: the most bytes to accept, e.g. %LP_DEFAULT_MAX_INPUT_SIZE
 * @length: (out) (optional): where to store the number of bytes read
 * @error: return location for %LP_ERROR_IO (`NAME: read error: REASON`) or
 *   %LP_ERROR_LIMIT (`NAME: input too large (limit N bytes)`)
 *
 * lp_read_file() for an open descriptor: reads from its current position
 * to its end, within @max_size bytes. @fd is left open.
 *
 * Returns: (transfer full) (array length=length) (nullable): the contents,
 *   followed by a NUL byte that @length does not count; free with
 *   g_free(). %NULL on error.
 */
LP_API char *lp_read_fd (int fd, const char *name, guint64 max_size,
                         gsize *length, GError **error);

/**
 * lp_backlog_load_data:
 * @data: (array length=length): a `libproduct/1` JSON document
 * @length: its length in bytes
 * @error: return location for %LP_ERROR_PARSE (not JSON, or a `\u` escape
 *   of half a UTF-16 surrogate pair), %LP_ERROR_FORMAT (wrong shape or
 *   type, a member given twice), %LP_ERROR_DUPLICATE_ID,
 *   %LP_ERROR_UNKNOWN_ITEM (a `depends_on` or `parent` names no item),
 *   %LP_ERROR_SELF_DEPENDENCY, %LP_ERROR_PARENT_CYCLE or
 *   %LP_ERROR_INVALID_VALUE; the message names the item and gives the line,
 *   column and byte offset
 *
 * Parses a document straight into a new backlog (streaming, no tree), in
 * time linear in its length; a UTF-8 byte order mark at its start is
 * skipped. See docs/LIMITS.md.
 *
 * Returns: (transfer full) (nullable): the backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_load_data (const char *data, gsize length,
                                        GError **error);

/**
 * lp_backlog_load_file:
 * @path: a file name in the GLib file name encoding
 * @error: return location for %LP_ERROR_IO, %LP_ERROR_LIMIT (the file is
 *   larger than %LP_DEFAULT_MAX_INPUT_SIZE) or any error of
 *   lp_backlog_load_data()
 *
 * Loads a file: a regular file is streamed (its text is never in memory
 * whole), anything else (a pipe) is read with lp_read_file(). Either way
 * at most %LP_DEFAULT_MAX_INPUT_SIZE bytes are read; for another limit,
 * lp_backlog_load_fd().
 *
 * Returns: (transfer full) (nullable): the backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_load_file (const char *path, GError **error);

/**
 * lp_backlog_load_fd:
 * @fd: a file descriptor open for reading, e.g. 0 for standard input
 * @name: how messages name the input, e.g. its file name or "<stdin>"
 * @max_size: the most bytes to read, e.g. %LP_DEFAULT_MAX_INPUT_SIZE
 * @error: return location for %LP_ERROR_IO, %LP_ERROR_LIMIT (`NAME: input
 *   too large (limit N bytes)`) or any error of lp_backlog_load_data()
 *   (messages start with @name)
 *
 * lp_backlog_load_file() for an open descriptor and a limit of your
 * choice: a regular file is streamed from its start (a larger file than
 * @max_size is refused before it is read, one that grows past it while it
 * is read stops there); anything else (a pipe) is read from where it is
 * with lp_read_fd(). @fd is left open.
 *
 * Returns: (transfer full) (nullable): the backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_load_fd (int fd, const char *name,
                                      guint64 max_size, GError **error);

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
 * @error: return location for an %LP_ERROR_IO error (`cannot save "PATH":
 *   REASON`)
 *
 * Saves atomically: the document is written to a temporary file in the
 * same folder, flushed to disk (fsync) when it replaces a file, then
 * renamed over @path; on any failure the temporary file is removed and an
 * existing file is left as it was, byte for byte.
 *
 * A file that is replaced keeps its permission bits, and its owner and
 * group where the system permits (a user cannot give a file to another
 * user: then the file becomes theirs, without set-user-id or set-group-id
 * bits); a new file gets 0666 minus the umask, as open() gives. A
 * symbolic link stays a link: the file it points to (through any chain of
 * links) is replaced, as editors do. A folder, a device or a FIFO at
 * @path is never replaced.
 *
 * A file size limit (RLIMIT_FSIZE, `ulimit -f`) makes a write fail with
 * EFBIG, reported as an error, only when the program ignores SIGXFSZ
 * (`signal (SIGXFSZ, SIG_IGN)`, as prioritize does); by default that signal
 * kills the process. Either way the save blocks the signal while it writes
 * and removes its temporary file before the signal is delivered, so a
 * killed save leaves nothing behind. A library cannot choose the signal's
 * disposition for its program: an embedder that wants the error instead
 * of the signal ignores SIGXFSZ.
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
 * @error: return location for %LP_ERROR_IO, %LP_ERROR_LIMIT (the file is
 *   larger than %LP_DEFAULT_MAX_INPUT_SIZE) or an error of
 *   lp_backlog_import_csv_data()
 *
 * Reads the file with lp_read_file() (limit %LP_DEFAULT_MAX_INPUT_SIZE),
 * then imports it as lp_backlog_import_csv_data() does.
 *
 * Returns: (transfer full) (nullable): a new backlog, or %NULL on error.
 */
LP_API LpBacklog *lp_backlog_import_csv_file (const char *path,
                                              GError **error);

G_END_DECLS

#endif /* LP_FILE_H */
