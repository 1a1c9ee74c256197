/* Hostile input (issue 9): files. Inputs are generated here, never committed.
 *
 * Reading: every file is read within a size limit (an endless input stops
 * at it, a larger regular file is refused before it is read), with read(),
 * never mapped (a file truncated while it is read is cut short, not a
 * crash). Saving: a replaced file keeps its mode, owner and group; a new
 * file follows the umask; a symbolic link is followed to its target; a
 * failed save (the file size limit, a read-only folder, a folder in the
 * way, a link loop) leaves the old file byte for byte and no temporary
 * file. The cases that need a process of their own (setrlimit, another
 * user) run in a forked child, which reports by its exit status. */
#include "config.h"

#include "lp-test.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

/* The user a root test process becomes to meet permissions (nobody). */
#define OTHER_ID 65534

/* ------------------------------------------------------------ helpers */

static char *
make_dir (void)
{
  GError *error = NULL;
  char *dir = g_dir_make_tmp ("lp-files-XXXXXX", &error);
  ck_assert_msg (dir != NULL, "%s", error != NULL ? error->message : "?");
  return dir;
}

static void
write_file (const char *path, const char *text, mode_t mode)
{
  GError *error = NULL;
  ck_assert_msg (g_file_set_contents (path, text, -1, &error), "%s",
                 error != NULL ? error->message : "?");
  ck_assert_int_eq (chmod (path, mode), 0);
}

static char *
contents_of (const char *path)
{
  char *text = NULL;
  ck_assert_msg (g_file_get_contents (path, &text, NULL, NULL),
                 "cannot read %s", path);
  return text;
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* The names in dir, sorted, joined by spaces. */
static char *
names_in (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  ck_assert (d != NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (const char *name; (name = g_dir_read_name (d)) != NULL;)
    g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  char *joined = g_strjoinv (" ", (char **) names->pdata);
  g_ptr_array_unref (names);
  return joined;
}

#define assert_names(dir, expected)                                          \
  do {                                                                       \
    char *lp_names_ = names_in (dir);                                        \
    ck_assert_str_eq (lp_names_, (expected));                                \
    g_free (lp_names_);                                                      \
  } while (0)

static void
remove_tree (const char *dir)
{
  chmod (dir, 0700);
  GDir *d = g_dir_open (dir, 0, NULL);
  for (const char *name; d != NULL && (name = g_dir_read_name (d)) != NULL;)
    {
      char *path = g_build_filename (dir, name, NULL);
      GStatBuf st;
      if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        remove_tree (path);
      else
        g_unlink (path);
      g_free (path);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (dir);
}

/* A backlog whose document is a few hundred bytes per item. */
static LpBacklog *
backlog_of (guint n)
{
  LpBacklog *b = lp_backlog_new ();
  for (guint i = 0; i < n; i++)
    {
      char id[32], title[64];
      g_snprintf (id, sizeof id, "F-%u", i);
      g_snprintf (title, sizeof title, "Item number %u of the backlog", i);
      ck_assert (lp_backlog_add_item (b, id, title, NULL) != NULL);
    }
  return b;
}

static char *
document_of (guint n)
{
  LpBacklog *b = backlog_of (n);
  char *data = lp_backlog_save_data (b, NULL);
  lp_backlog_unref (b);
  return data;
}

static mode_t
mode_of (const char *path)
{
  GStatBuf st;
  ck_assert_int_eq (g_stat (path, &st), 0);
  return st.st_mode & 07777;
}

/* Runs child (which returns an exit status: 0 for success) in a forked
 * process; returns its wait status. The child must not use ck_assert:
 * without CK_FORK its failure would run the rest of the suite in it. */
static int
in_child (int (*child) (gpointer), gpointer data)
{
  fflush (NULL);
  pid_t pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    exit (child (data)); /* exit(): coverage data are written at exit */
  int status = 0;
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  return status;
}

/* In a child: become the unprivileged OTHER_ID when root, so that
 * permissions apply. */
static gboolean
drop_root (void)
{
  if (geteuid () != 0)
    return TRUE;
  return setgroups (0, NULL) == 0 && setgid (OTHER_ID) == 0
    && setuid (OTHER_ID) == 0;
}

#define CHILD_REQUIRE(cond, code)                                            \
  do {                                                                       \
    if (!(cond))                                                             \
      return (code);                                                         \
  } while (0)

/* ------------------------------------------------------------ reading */

/* An endless input stops at the limit: /dev/zero, and a pipe one byte
 * longer than the limit; a pipe of exactly the limit is read whole. */
START_TEST (test_read_endless_input_stops_at_the_limit)
{
  GError *error = NULL;
  gsize length = 7;
  ck_assert (lp_read_file ("/dev/zero", 1 << 20, &length, &error) == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT,
                   "/dev/zero: input too large (limit 1048576 bytes)");
  ck_assert_uint_eq (length, 7);

  for (guint extra = 0; extra <= 1; extra++)
    {
      int p[2];
      ck_assert_int_eq (pipe (p), 0);
      char block[1000];
      memset (block, 'x', sizeof block);
      ck_assert_int_eq (write (p[1], block, sizeof block), sizeof block);
      close (p[1]);
      char *data = lp_read_fd (p[0], "<pipe>", sizeof block - extra, &length,
                               &error);
      close (p[0]);
      if (extra == 0)
        {
          ck_assert_msg (data != NULL, "%s", error->message);
          ck_assert_uint_eq (length, sizeof block);
          ck_assert_int_eq (data[length], '\0');
        }
      else
        {
          ck_assert (data == NULL);
          lp_assert_error (error, LP_ERROR_LIMIT,
                           "<pipe>: input too large (limit 999 bytes)");
        }
      g_free (data);
    }
}
END_TEST

/* A regular file over the limit is refused before any of it is read:
 * a sparse file of the default limit plus one byte fails at once through
 * every function that reads a file by name. At the limit, it is read. */
START_TEST (test_read_large_file_refused_before_reading)
{
  char *dir = make_dir ();
  char *path = g_build_filename (dir, "huge.json", NULL);
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (ftruncate (fd, (off_t) LP_DEFAULT_MAX_INPUT_SIZE + 1), 0);
  close (fd);

  GError *error = NULL;
  ck_assert (lp_backlog_load_file (path, &error) == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT,
                   "huge.json: input too large (limit 1073741824 bytes)");
  ck_assert (lp_backlog_import_csv_file (path, &error) == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT, "(limit 1073741824 bytes)");
  ck_assert (lp_score_model_new_scorecard_from_file (path, &error) == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT, "(limit 1073741824 bytes)");
  ck_assert (lp_read_file (path, LP_DEFAULT_MAX_INPUT_SIZE, NULL, &error)
             == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT, "huge.json: input too large");

  /* the edge, on a small file: its size is accepted, one less is not;
   * no limit at all is G_MAXUINT64 */
  write_file (path, "0123456789", 0600);
  gsize length = 0;
  char *data = lp_read_file (path, 10, &length, &error);
  ck_assert_str_eq (data, "0123456789");
  ck_assert_uint_eq (length, 10);
  g_free (data);
  data = lp_read_file (path, G_MAXUINT64, NULL, &error);
  ck_assert_str_eq (data, "0123456789");
  g_free (data);
  ck_assert (lp_read_file (path, 9, &length, &error) == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT, "(limit 9 bytes)");

  remove_tree (dir);
  g_free (path);
  g_free (dir);
}
END_TEST

/* A pipe much longer than its buffer, read whole: the buffer grows by
 * doubling and gives back its spare room. */
static int
child_write_zeros (gpointer data)
{
  int fd = GPOINTER_TO_INT (data);
  static char block[65536];
  for (guint i = 0; i < 40; i++)
    if (write (fd, block, sizeof block) != (gssize) sizeof block)
      return 1;
  return 0;
}

START_TEST (test_read_long_pipe)
{
  int p[2];
  ck_assert_int_eq (pipe (p), 0);
  fflush (NULL);
  pid_t pid = fork ();
  ck_assert_int_ge (pid, 0);
  if (pid == 0)
    {
      close (p[0]);
      exit (child_write_zeros (GINT_TO_POINTER (p[1])));
    }
  close (p[1]);
  GError *error = NULL;
  gsize length = 0;
  char *data = lp_read_fd (p[0], "<pipe>", LP_DEFAULT_MAX_INPUT_SIZE, &length,
                           &error);
  close (p[0]);
  int status = 0;
  ck_assert_int_eq (waitpid (pid, &status, 0), pid);
  ck_assert (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  ck_assert_msg (data != NULL, "%s", error->message);
  ck_assert_uint_eq (length, 40 * 65536);
  g_free (data);
}
END_TEST

/* Programmer errors are criticals, not GErrors. */
START_TEST (test_read_programmer_errors)
{
  GError *error = NULL;
  criticals_begin ();
  ck_assert (lp_read_fd (-1, "x", 10, NULL, NULL) == NULL);
  ck_assert (lp_read_fd (0, NULL, 10, NULL, NULL) == NULL);
  ck_assert (lp_read_file (NULL, 10, NULL, NULL) == NULL);
  ck_assert (lp_backlog_load_fd (-1, "x", 10, NULL) == NULL);
  ck_assert (lp_backlog_load_fd (0, NULL, 10, NULL) == NULL);
  g_set_error (&error, LP_ERROR, LP_ERROR_IO, "set");
  ck_assert (lp_read_fd (0, "x", 10, NULL, &error) == NULL);
  ck_assert (lp_read_file ("x", 10, NULL, &error) == NULL);
  ck_assert (lp_backlog_load_fd (0, "x", 10, &error) == NULL);
  ck_assert_uint_eq (criticals_end (), 8);
  g_clear_error (&error);
}
END_TEST

/* A backlog from a descriptor, within the caller's limit: a regular file
 * (streamed) and a pipe (read whole), each at its size and one byte
 * under it. */
START_TEST (test_load_fd_limit)
{
  char *dir = make_dir ();
  char *path = g_build_filename (dir, "b.json", NULL);
  char *doc = document_of (20);
  gsize size = strlen (doc);
  write_file (path, doc, 0600);

  GError *error = NULL;
  for (guint extra = 0; extra <= 1; extra++)
    {
      int fd = g_open (path, O_RDONLY, 0);
      ck_assert_int_ge (fd, 0);
      LpBacklog *b = lp_backlog_load_fd (fd, "b.json", size - extra, &error);
      if (extra == 0)
        {
          ck_assert_msg (b != NULL, "%s", error->message);
          ck_assert_uint_eq (lp_backlog_get_n_items (b), 20);
          lp_backlog_unref (b);
          /* streamed from the start, wherever the offset was */
          b = lp_backlog_load_fd (fd, "b.json", size, &error);
          ck_assert_msg (b != NULL, "%s", error->message);
          lp_backlog_unref (b);
        }
      else
        {
          ck_assert (b == NULL);
          lp_assert_error (error, LP_ERROR_LIMIT,
                           "b.json: input too large (limit");
        }
      close (fd);

      /* the document fits in a pipe's buffer */
      int p[2];
      ck_assert_int_eq (pipe (p), 0);
      ck_assert_int_eq (write (p[1], doc, size), (gssize) size);
      close (p[1]);
      b = lp_backlog_load_fd (p[0], "<pipe>", size - extra, &error);
      close (p[0]);
      if (extra == 0)
        {
          ck_assert_msg (b != NULL, "%s", error->message);
          lp_backlog_unref (b);
        }
      else
        {
          ck_assert (b == NULL);
          lp_assert_error (error, LP_ERROR_LIMIT, "<pipe>: input too large");
        }
    }

  /* a syntax error keeps the name and the line */
  write_file (path, "{\"format\": \"libproduct/1\",\n\"items\": [}", 0600);
  int fd = g_open (path, O_RDONLY, 0);
  ck_assert (lp_backlog_load_fd (fd, "b.json", 1000, &error) == NULL);
  lp_assert_error (error, LP_ERROR_PARSE, "b.json: ");
  close (fd);

  remove_tree (dir);
  g_free (doc);
  g_free (path);
  g_free (dir);
}
END_TEST

/* A "regular" file whose size says nothing of what it holds (Linux's
 * /proc files have a size of 0), like a file that grows while it is
 * read: the bytes read are counted against the limit, in the streaming
 * loaders too. */
START_TEST (test_read_counts_what_a_regular_file_gives)
{
  const char *path = "/proc/self/status";
  GStatBuf st;
  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size != 0)
    return; /* no /proc here */
  GError *error = NULL;
  ck_assert (lp_read_file (path, 16, NULL, &error) == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT, "status: input too large (limit 16");
  int fd = g_open (path, O_RDONLY, 0);
  ck_assert_int_ge (fd, 0);
  ck_assert (lp_backlog_load_fd (fd, "status", 16, &error) == NULL);
  lp_assert_error (error, LP_ERROR_LIMIT, "status: input too large (limit 16");
  close (fd);
}
END_TEST

/* A file truncated after it was opened (and sized) is read as what is
 * left: a mapped file would have killed the process with SIGBUS. */
START_TEST (test_read_file_truncated_while_read)
{
  char *dir = make_dir ();
  char *path = g_build_filename (dir, "shrinks.json", NULL);
  char *doc = document_of (2000);
  gsize size = strlen (doc);
  write_file (path, doc, 0600);

  GError *error = NULL;
  int fd = g_open (path, O_RDONLY, 0);
  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (truncate (path, (off_t) size / 2), 0);
  gsize length = 0;
  char *data = lp_read_fd (fd, "shrinks.json", size, &length, &error);
  ck_assert_msg (data != NULL, "%s", error->message);
  ck_assert_uint_eq (length, size / 2);
  ck_assert (memcmp (data, doc, length) == 0);
  g_free (data);
  close (fd);

  /* streamed: cut short, reported as such */
  write_file (path, doc, 0600);
  fd = g_open (path, O_RDONLY, 0);
  ck_assert_int_ge (fd, 0);
  ck_assert_int_eq (truncate (path, (off_t) size / 2), 0);
  ck_assert (lp_backlog_load_fd (fd, "shrinks.json", size, &error) == NULL);
  lp_assert_error (error, LP_ERROR_PARSE, "shrinks.json: ");
  close (fd);

  remove_tree (dir);
  g_free (doc);
  g_free (path);
  g_free (dir);
}
END_TEST

START_TEST (test_read_errors_name_the_file)
{
  char *dir = make_dir ();
  char *missing = g_build_filename (dir, "missing.json", NULL);
  GError *error = NULL;
  ck_assert (lp_read_file (missing, 100, NULL, &error) == NULL);
  lp_assert_error (error, LP_ERROR_IO, "cannot read \"");
  ck_assert (lp_read_file (dir, 100, NULL, &error) == NULL);
  lp_assert_error (error, LP_ERROR_IO, ": read error: ");
  ck_assert (lp_backlog_import_csv_file (missing, &error) == NULL);
  lp_assert_error (error, LP_ERROR_IO, "missing.json");
  ck_assert (lp_score_model_new_scorecard_from_file (missing, &error) == NULL);
  lp_assert_error (error, LP_ERROR_IO, "missing.json");
  remove_tree (dir);
  g_free (missing);
  g_free (dir);
}
END_TEST

/* ------------------------------------------------------------ saving */

/* The mode of the file replaced is kept, whatever the umask (0664 keeps
 * its group write bit under umask 022; 0600 stays private); a new file
 * gets 0666 minus the umask. */
START_TEST (test_save_keeps_the_mode)
{
  char *dir = make_dir ();
  char *path = g_build_filename (dir, "b.json", NULL);
  LpBacklog *b = backlog_of (3);
  GError *error = NULL;
  static const mode_t modes[] = { 0600, 0640, 0664, 0400, 0755 };
  mode_t saved_umask = umask (022);
  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      write_file (path, "{}", modes[i]);
      ck_assert_msg (lp_backlog_save_file (b, path, &error), "%s",
                     error->message);
      ck_assert_uint_eq (mode_of (path), modes[i]);
      assert_names (dir, "b.json");
    }
  g_unlink (path);
  umask (027);
  ck_assert (lp_backlog_save_file (b, path, &error));
  ck_assert_uint_eq (mode_of (path), 0640);
  g_unlink (path);
  umask (0);
  ck_assert (lp_backlog_save_file (b, path, &error));
  ck_assert_uint_eq (mode_of (path), 0666);
  umask (saved_umask);

  char *text = contents_of (path);
  char *expected = lp_backlog_save_data (b, NULL);
  ck_assert_str_eq (text, expected);
  g_free (text);
  g_free (expected);
  lp_backlog_unref (b);
  remove_tree (dir);
  g_free (path);
  g_free (dir);
}
END_TEST

/* The owner and group are kept: checked as root (a file of another user
 * replaced keeps that user), or as any user with a second group. */
START_TEST (test_save_keeps_owner_and_group)
{
  char *dir = make_dir ();
  char *path = g_build_filename (dir, "b.json", NULL);
  LpBacklog *b = backlog_of (3);
  GError *error = NULL;
  uid_t uid = geteuid ();
  gid_t gid = getegid ();
  gid_t groups[64];
  int n = getgroups (G_N_ELEMENTS (groups), groups);
  for (int i = 0; uid != 0 && i < n; i++)
    if (groups[i] != gid)
      {
        gid = groups[i];
        break;
      }
  if (uid == 0)
    uid = gid = OTHER_ID;
  if (uid == geteuid () && gid == getegid ())
    {
      /* one user, one group: nothing to tell apart */
      lp_backlog_unref (b);
      remove_tree (dir);
      g_free (path);
      g_free (dir);
      return;
    }
  write_file (path, "{}", 0640);
  ck_assert_int_eq (chown (path, uid, gid), 0);
  ck_assert_msg (lp_backlog_save_file (b, path, &error), "%s",
                 error->message);
  GStatBuf st;
  ck_assert_int_eq (g_stat (path, &st), 0);
  ck_assert_uint_eq (st.st_uid, uid);
  ck_assert_uint_eq (st.st_gid, gid);
  ck_assert_uint_eq (st.st_mode & 07777, 0640);
  lp_backlog_unref (b);
  remove_tree (dir);
  g_free (path);
  g_free (dir);
}
END_TEST

typedef struct {
  const char *dir;
  const char *path;
  gboolean new_file;
} SaveCase;

/* As another user, replace a file of root's in a folder open to all: the
 * file cannot be given to root (EPERM, not an error), so it becomes the
 * saver's, mode kept but for the set-user-id bit. */
static int
child_save_file_of_another_user (gpointer data)
{
  const SaveCase *c = data;
  CHILD_REQUIRE (drop_root (), 2);
  LpBacklog *b = backlog_of (3);
  GError *error = NULL;
  gboolean ok = lp_backlog_save_file (b, c->path, &error);
  lp_backlog_unref (b);
  g_clear_error (&error);
  CHILD_REQUIRE (ok, 3);
  GStatBuf st;
  CHILD_REQUIRE (g_stat (c->path, &st) == 0, 4);
  CHILD_REQUIRE (st.st_uid == OTHER_ID, 5);
  CHILD_REQUIRE ((st.st_mode & 07777) == 0646, 6);
  return 0;
}

START_TEST (test_save_file_of_another_user)
{
  if (geteuid () != 0)
    return; /* needs two users */
  char *dir = make_dir ();
  char *path = g_build_filename (dir, "b.json", NULL);
  ck_assert_int_eq (chmod (dir, 0777), 0);
  write_file (path, "{}", 04646);
  SaveCase c = { dir, path, FALSE };
  int status = in_child (child_save_file_of_another_user, &c);
  ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0,
                 "child status %d", status);
  assert_names (dir, "b.json");
  remove_tree (dir);
  g_free (path);
  g_free (dir);
}
END_TEST

/* The file size limit: a save that would pass it fails with EFBIG when
 * SIGXFSZ is ignored, and is killed by SIGXFSZ otherwise; either way the
 * old file is byte for byte as it was and no temporary file is left. */
static int
child_save_over_the_size_limit (gpointer data)
{
  const SaveCase *c = data;
  gboolean ignore = c->new_file; /* reused: ignore SIGXFSZ */
  /* messages of this child (and of valgrind) must not meet the limit */
  int null = open ("/dev/null", O_WRONLY);
  CHILD_REQUIRE (null >= 0 && dup2 (null, STDERR_FILENO) >= 0, 2);
  if (ignore)
    signal (SIGXFSZ, SIG_IGN);
  LpBacklog *b = backlog_of (400);
  struct rlimit limit = { 4096, 4096 };
  CHILD_REQUIRE (setrlimit (RLIMIT_FSIZE, &limit) == 0, 3);
  GError *error = NULL;
  gboolean ok = lp_backlog_save_file (b, c->path, &error);
  lp_backlog_unref (b);
  /* reached only when SIGXFSZ is ignored */
  int code = ok ? 4
    : !g_error_matches (error, LP_ERROR, LP_ERROR_IO) ? 5
    : strstr (error->message, g_strerror (EFBIG)) == NULL ? 6
    : 0;
  g_clear_error (&error);
  return code;
}

START_TEST (test_save_over_the_file_size_limit)
{
  for (guint ignore = 0; ignore <= 1; ignore++)
    {
      char *dir = make_dir ();
      char *path = g_build_filename (dir, "b.json", NULL);
      const char *old = "{\"format\": \"libproduct/1\", \"items\": []}\n";
      write_file (path, old, 0600);
      SaveCase c = { dir, path, ignore };
      int status = in_child (child_save_over_the_size_limit, &c);
      if (ignore)
        ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0,
                       "child status %d", status);
      else
        ck_assert_msg (WIFSIGNALED (status) && WTERMSIG (status) == SIGXFSZ,
                       "child status %d", status);
      char *text = contents_of (path);
      ck_assert_str_eq (text, old);
      ck_assert_uint_eq (mode_of (path), 0600);
      assert_names (dir, "b.json");
      g_free (text);
      remove_tree (dir);
      g_free (path);
      g_free (dir);
    }
}
END_TEST

/* A read-only folder: neither a new file nor a replaced one can be
 * written (as another user when root, whom permissions do not stop). */
static int
child_save_in_read_only_folder (gpointer data)
{
  const SaveCase *c = data;
  CHILD_REQUIRE (drop_root (), 2);
  LpBacklog *b = backlog_of (3);
  GError *error = NULL;
  gboolean ok = lp_backlog_save_file (b, c->path, &error);
  lp_backlog_unref (b);
  int code = ok ? 3
    : !g_error_matches (error, LP_ERROR, LP_ERROR_IO) ? 4
    : strstr (error->message, "cannot save \"") == NULL ? 5
    : strstr (error->message, g_strerror (EACCES)) == NULL ? 6
    : 0;
  g_clear_error (&error);
  return code;
}

START_TEST (test_save_in_read_only_folder)
{
  for (guint new_file = 0; new_file <= 1; new_file++)
    {
      char *dir = make_dir ();
      char *path = g_build_filename (dir, "b.json", NULL);
      const char *old = "{\"format\": \"libproduct/1\", \"items\": []}\n";
      if (!new_file)
        write_file (path, old, 0644);
      ck_assert_int_eq (chmod (dir, 0555), 0);
      SaveCase c = { dir, path, new_file };
      int status = in_child (child_save_in_read_only_folder, &c);
      ck_assert_msg (WIFEXITED (status) && WEXITSTATUS (status) == 0,
                     "child status %d", status);
      assert_names (dir, new_file ? "" : "b.json");
      if (!new_file)
        {
          char *text = contents_of (path);
          ck_assert_str_eq (text, old);
          g_free (text);
        }
      remove_tree (dir);
      g_free (path);
      g_free (dir);
    }
}
END_TEST

/* A folder, a FIFO, a missing folder in the path and a link loop are
 * errors that leave everything as it was. */
START_TEST (test_save_where_no_file_can_go)
{
  char *dir = make_dir ();
  char *sub = g_build_filename (dir, "sub", NULL);
  char *fifo = g_build_filename (dir, "fifo", NULL);
  char *loop = g_build_filename (dir, "loop", NULL);
  char *nowhere = g_build_filename (dir, "none", "b.json", NULL);
  ck_assert_int_eq (g_mkdir (sub, 0700), 0);
  ck_assert_int_eq (mkfifo (fifo, 0600), 0);
  ck_assert_int_eq (symlink ("loop", loop), 0);
  LpBacklog *b = backlog_of (3);
  GError *error = NULL;

  ck_assert (!lp_backlog_save_file (b, sub, &error));
  lp_assert_error (error, LP_ERROR_IO, g_strerror (EISDIR));
  ck_assert (!lp_backlog_save_file (b, fifo, &error));
  lp_assert_error (error, LP_ERROR_IO, "fifo\": not a regular file");
  ck_assert (!lp_backlog_save_file (b, loop, &error));
  lp_assert_error (error, LP_ERROR_IO, g_strerror (ELOOP));
  ck_assert (!lp_backlog_save_file (b, nowhere, &error));
  lp_assert_error (error, LP_ERROR_IO, g_strerror (ENOENT));
  assert_names (dir, "fifo loop sub");
  assert_names (sub, "");

  lp_backlog_unref (b);
  remove_tree (dir);
  g_free (sub);
  g_free (fifo);
  g_free (loop);
  g_free (nowhere);
  g_free (dir);
}
END_TEST

/* A symbolic link stays a link and its target is replaced, keeping its
 * mode: a relative link into another folder through a second link, and a
 * link to a file not created yet. */
START_TEST (test_save_through_a_symlink)
{
  char *dir = make_dir ();
  char *real_dir = g_build_filename (dir, "real", NULL);
  char *target = g_build_filename (real_dir, "b.json", NULL);
  char *link1 = g_build_filename (dir, "link1.json", NULL);
  char *link2 = g_build_filename (dir, "link2.json", NULL);
  ck_assert_int_eq (g_mkdir (real_dir, 0700), 0);
  write_file (target, "{}", 0600);
  ck_assert_int_eq (symlink ("real/b.json", link1), 0);
  ck_assert_int_eq (symlink (link1, link2), 0);

  LpBacklog *b = backlog_of (3);
  GError *error = NULL;
  ck_assert_msg (lp_backlog_save_file (b, link2, &error), "%s",
                 error->message);
  GStatBuf st;
  ck_assert_int_eq (g_lstat (link1, &st), 0);
  ck_assert (S_ISLNK (st.st_mode));
  ck_assert_int_eq (g_lstat (link2, &st), 0);
  ck_assert (S_ISLNK (st.st_mode));
  ck_assert_uint_eq (mode_of (target), 0600);
  char *text = contents_of (target);
  char *expected = lp_backlog_save_data (b, NULL);
  ck_assert_str_eq (text, expected);
  g_free (text);
  assert_names (dir, "link1.json link2.json real");
  assert_names (real_dir, "b.json");

  /* a dangling link: its target is created */
  g_unlink (target);
  ck_assert (lp_backlog_save_file (b, link1, &error));
  ck_assert_int_eq (g_lstat (link1, &st), 0);
  ck_assert (S_ISLNK (st.st_mode));
  text = contents_of (target);
  ck_assert_str_eq (text, expected);
  g_free (text);
  g_free (expected);

  lp_backlog_unref (b);
  remove_tree (dir);
  g_free (real_dir);
  g_free (target);
  g_free (link1);
  g_free (link2);
  g_free (dir);
}
END_TEST

Suite *
lp_test_hostile_files_suite (void)
{
  Suite *s = suite_create ("hostile-files");
  TCase *tc = tcase_create ("hostile-files");
  tcase_add_test (tc, test_read_endless_input_stops_at_the_limit);
  tcase_add_test (tc, test_read_large_file_refused_before_reading);
  tcase_add_test (tc, test_read_long_pipe);
  tcase_add_test (tc, test_read_programmer_errors);
  tcase_add_test (tc, test_load_fd_limit);
  tcase_add_test (tc, test_read_counts_what_a_regular_file_gives);
  tcase_add_test (tc, test_read_file_truncated_while_read);
  tcase_add_test (tc, test_read_errors_name_the_file);
  tcase_add_test (tc, test_save_keeps_the_mode);
  tcase_add_test (tc, test_save_keeps_owner_and_group);
  tcase_add_test (tc, test_save_file_of_another_user);
  tcase_add_test (tc, test_save_over_the_file_size_limit);
  tcase_add_test (tc, test_save_in_read_only_folder);
  tcase_add_test (tc, test_save_where_no_file_can_go);
  tcase_add_test (tc, test_save_through_a_symlink);
  suite_add_tcase (s, tc);
  return s;
}
