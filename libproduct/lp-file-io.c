/* Reading and saving whole files.
 *
 * Reading: every input is read with read(2), never mapped. A mapped file
 * that another process truncates kills the reader with SIGBUS when it
 * touches a page past the new end, and a library cannot defend against
 * that (MAP_PRIVATE does not help; a SIGBUS handler is process-wide state
 * it must not own). A file read with read(2) that shrinks meanwhile just
 * ends early, and the parser reports what it got. Every read counts the
 * bytes against a limit (lp_file_read_some()), so an endless input such as
 * /dev/zero stops there instead of exhausting memory.
 *
 * Saving: lp_file_replace() writes a temporary file beside the target and
 * renames it over it, keeping the target's permissions (and owner and
 * group where permitted) and following a symbolic link to the file it
 * points to, as editors do.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "lp-private.h"
#include "lp-file-io.h"

/* ------------------------------------------------------------------ read */

int
lp_file_open (const char *path, struct stat *st, GError **error)
{
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0 && fstat (fd, st) == 0)
    return fd;
  int saved = errno;
  if (fd >= 0)
    close (fd);
  char *display = g_filename_display_name (path);
  g_set_error (error, LP_ERROR, LP_ERROR_IO, "cannot read \"%s\": %s",
               display, g_strerror (saved));
  g_free (display);
  return -1;
}

static void
set_limit_error (GError **error, guint64 max_size)
{
  g_set_error (error, LP_ERROR, LP_ERROR_LIMIT,
               "input too large (limit %" G_GUINT64_FORMAT " bytes)",
               max_size);
}

gboolean
lp_file_check_size (const struct stat *st, guint64 max_size, GError **error)
{
  if (S_ISREG (st->st_mode) && st->st_size > 0
      && (guint64) st->st_size > max_size)
    {
      set_limit_error (error, max_size);
      return FALSE;
    }
  return TRUE;
}

gssize
lp_file_read_some (int fd, void *buf, gsize n, guint64 *total,
                   guint64 max_size, GError **error)
{
  /* one byte more than the limit allows tells a larger input */
  guint64 room = *total <= max_size ? max_size - *total : 0;
  if (room < G_MAXUINT64)
    room++;
  n = (gsize) MIN ((guint64) n, room);
  n = MIN (n, (gsize) SSIZE_MAX);
  ssize_t got;
  do
    got = read (fd, buf, n);
  while (got < 0 && errno == EINTR);
  if (got < 0)
    {
      int saved = errno;
      g_set_error (error, LP_ERROR, LP_ERROR_IO, "read error: %s",
                   g_strerror (saved));
      return -1;
    }
  *total += (guint64) got;
  if (*total > max_size)
    {
      set_limit_error (error, max_size);
      return -1;
    }
  return got;
}

/* The bytes of fd up to its end, NUL-terminated, in *length; NULL with
 * err set (unprefixed). */
static char *
read_all (int fd, guint64 max_size, gsize *length, GError **err)
{
  /* a regular file: refused before reading when too large, else read
   * into a buffer of its size plus one byte (which tells that it grew,
   * and holds the final NUL); anything else grows by doubling */
  gsize cap = 65536;
  struct stat st;
  if (fstat (fd, &st) == 0)
    {
      if (!lp_file_check_size (&st, max_size, err))
        return NULL;
      if (S_ISREG (st.st_mode))
        cap = (gsize) st.st_size + 1;
    }
  char *data = g_malloc (cap);
  gsize len = 0;
  guint64 total = 0;
  for (;;)
    {
      if (len == cap)
        {
          /* total, hence len, stays within max_size + 1 */
          cap = MIN (cap, G_MAXSIZE / 2) * 2;
          data = g_realloc (data, cap);
        }
      gssize got = lp_file_read_some (fd, data + len, cap - len, &total,
                                      max_size, err);
      if (got < 0)
        {
          g_free (data);
          return NULL;
        }
      if (got == 0)
        break;
      len += (gsize) got;
    }
  data[len] = '\0';
  /* give back the spare room of the doubling when it is large */
  if (cap - len > 1u << 20)
    data = g_realloc (data, len + 1);
  *length = len;
  return data;
}

char *
lp_read_fd (int fd, const char *name, guint64 max_size, gsize *length,
            GError **error)
{
  g_return_val_if_fail (fd >= 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  GError *err = NULL;
  gsize len = 0;
  char *data = read_all (fd, max_size, &len, &err);
  if (data == NULL)
    g_propagate_prefixed_error (error, err, "%s: ", name);
  else if (length != NULL)
    *length = len;
  return data;
}

char *
lp_read_file (const char *path, guint64 max_size, gsize *length,
              GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  struct stat st;
  int fd = lp_file_open (path, &st, error);
  if (fd < 0)
    return NULL;
  char *display = g_filename_display_name (path);
  char *data = lp_read_fd (fd, display, max_size, length, error);
  g_free (display);
  close (fd);
  return data;
}

/* ------------------------------------------------------------------ save */

/* Symbolic links followed before a file is refused as a loop (Linux's
 * limit). */
#define MAX_LINKS 40

static void
set_save_error (GError **error, const char *path, int err)
{
  char *display = g_filename_display_name (path);
  g_set_error (error, LP_ERROR, LP_ERROR_IO, "cannot save \"%s\": %s",
               display, g_strerror (err));
  g_free (display);
}

/* The file a save to path replaces: path, or when it is a symbolic link
 * the file at its end (a relative link is relative to its folder). Links
 * are followed with lstat() and readlink(), not realpath(), so that a
 * link to a file not created yet also works. NULL on a loop (ELOOP). */
static char *
resolve_links (const char *path)
{
  char *current = g_strdup (path);
  for (guint hops = 0;; hops++)
    {
      GStatBuf st;
      if (g_lstat (current, &st) != 0 || !S_ISLNK (st.st_mode))
        return current;
      if (hops == MAX_LINKS)
        {
          g_free (current);
          return NULL;
        }
      /* a link that cannot be read is saved to as it is: the steps after
       * report what is wrong with it */
      char *target = g_file_read_link (current, NULL);
      if (target == NULL)
        return current;
      if (!g_path_is_absolute (target))
        {
          char *dir = g_path_get_dirname (current);
          char *joined = g_build_filename (dir, target, NULL);
          g_free (dir);
          g_free (target);
          target = joined;
        }
      g_free (current);
      current = target;
    }
}

/* Gives the new file fd the owner, group and permission bits of the file
 * it replaces (old). A user may not give a file away: then the group
 * alone, or neither (the new file stays the saver's; a failed fchown() is
 * not an error), and the set-user-id and set-group-id bits are dropped
 * with the ownership they went with, as chown(2) itself does. Returns 0
 * or an errno. */
static int
keep_owner_and_mode (int fd, const struct stat *old)
{
  gboolean kept = fchown (fd, old->st_uid, old->st_gid) == 0;
  if (!kept)
    (void) fchown (fd, (uid_t) -1, old->st_gid);
  mode_t mode = old->st_mode & 07777;
  if (!kept)
    mode &= (mode_t) ~(S_ISUID | S_ISGID);
  return fchmod (fd, mode) == 0 ? 0 : errno;
}

static int
write_all (int fd, const char *data, gsize length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, MIN (length, (gsize) 1 << 30));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      data += n;
      length -= (gsize) n;
    }
  return 0;
}

/* Writes the temporary file fd (already named tmp) and renames it to
 * target; returns 0 or an errno. durable: fsync() before the rename, so
 * that a crash cannot leave an empty file where the old one was (a new
 * file has no old content to lose, which spares its fsync, as GLib's
 * g_file_set_contents() does). */
static int
write_and_rename (int fd, const char *tmp, const char *target,
                  const char *data, gsize length, gboolean durable)
{
  int err = write_all (fd, data, length);
  if (err == 0 && durable && fsync (fd) != 0)
    err = errno;
  /* close() may report a write error (NFS) */
  if (close (fd) != 0 && err == 0)
    err = errno;
  if (err == 0 && g_rename (tmp, target) != 0)
    err = errno;
  return err;
}

gboolean
lp_file_replace (const char *path, const char *data, gsize length,
                 GError **error)
{
  char *target = resolve_links (path);
  if (target == NULL)
    {
      set_save_error (error, path, ELOOP);
      return FALSE;
    }

  GStatBuf old;
  gboolean exists = g_stat (target, &old) == 0;
  int err = exists || errno == ENOENT ? 0 : errno;
  if (exists && S_ISDIR (old.st_mode))
    err = EISDIR;
  if (err == 0 && exists && !S_ISREG (old.st_mode))
    {
      /* never replace a device, a FIFO or a socket by a file */
      char *display = g_filename_display_name (path);
      g_set_error (error, LP_ERROR, LP_ERROR_IO,
                   "cannot save \"%s\": not a regular file", display);
      g_free (display);
      g_free (target);
      return FALSE;
    }
  if (err != 0)
    {
      set_save_error (error, path, err);
      g_free (target);
      return FALSE;
    }

  /* The temporary file is only ever readable by its owner until it has
   * the replaced file's owner and group; a new file gets the umask's
   * permissions at once (they are the user's choice for new files). */
  char *tmp = g_strconcat (target, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC,
                           exists ? (int) (old.st_mode & 0700) : 0666);
  if (fd < 0)
    {
      set_save_error (error, path, errno);
      g_free (tmp);
      g_free (target);
      return FALSE;
    }

  /* A write past the file size limit (RLIMIT_FSIZE) raises SIGXFSZ, which
   * kills the process by default before write() can fail with EFBIG.
   * Blocked here, the signal waits: the temporary file is removed first,
   * then the signal is delivered as the program's disposition says (an
   * embedder that ignores SIGXFSZ gets EFBIG as an error instead). */
  sigset_t xfsz, saved_mask;
  sigemptyset (&xfsz);
  sigaddset (&xfsz, SIGXFSZ);
  pthread_sigmask (SIG_BLOCK, &xfsz, &saved_mask);

  err = exists ? keep_owner_and_mode (fd, &old) : 0;
  if (err != 0)
    close (fd);
  else
    err = write_and_rename (fd, tmp, target, data, length, exists);
  if (err != 0)
    {
      g_unlink (tmp);
      set_save_error (error, path, err);
    }

  g_free (tmp);
  g_free (target);
  /* last: a pending SIGXFSZ may end the process here */
  pthread_sigmask (SIG_SETMASK, &saved_mask, NULL);
  return err == 0;
}
