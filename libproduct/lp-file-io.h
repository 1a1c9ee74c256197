/* Reading and saving whole files (lp-file-io.c): every file the library
 * reads goes through a bounded read (docs/LIMITS.md, "Input size"), every
 * file it writes through one atomic replacement. Internal; never
 * installed. */
#ifndef LP_FILE_IO_H
#define LP_FILE_IO_H

#include <sys/stat.h>

#include <glib.h>

/* Opens path for reading (O_CLOEXEC) and fstat()s it into st: the
 * descriptor, or -1 with LP_ERROR_IO `cannot read "PATH": REASON`. */
int lp_file_open (const char *path, struct stat *st, GError **error);

/* FALSE, with LP_ERROR_LIMIT `input too large (limit N bytes)`, when st is
 * a regular file larger than max_size: such a file is refused before any
 * of it is read. Callers prefix the message with the file's name. */
gboolean lp_file_check_size (const struct stat *st, guint64 max_size,
                             GError **error);

/* One read(2) of at most n bytes (EINTR retried) from an input of which
 * *total bytes have been read so far; adds what it reads to *total. Never
 * lets *total pass max_size + 1, and fails as soon as it passes max_size:
 * an endless input (/dev/zero, a pipe, a file that keeps growing) stops
 * at the limit. Returns the bytes read (0 at the end of the input), or -1
 * with LP_ERROR_LIMIT `input too large (limit N bytes)` or LP_ERROR_IO
 * `read error: REASON` (error may be NULL). */
gssize lp_file_read_some (int fd, void *buf, gsize n, guint64 *total,
                          guint64 max_size, GError **error);

/* Replaces the file at path by length bytes of data, atomically: a
 * temporary file beside it, written whole, flushed to disk (fsync) when a
 * file is replaced, then renamed over it. The replaced file's permission
 * bits are kept, and its owner and group where the system permits; a new
 * file gets 0666 minus the umask. A symbolic link is kept: the file it
 * points to is replaced. On failure nothing is left behind (no temporary
 * file) and the old file is untouched; LP_ERROR_IO `cannot save "PATH":
 * REASON`. */
gboolean lp_file_replace (const char *path, const char *data, gsize length,
                          GError **error);

#endif
