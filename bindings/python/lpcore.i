/* lpcore: the SWIG interface of libproduct for Python.
 *
 * This is the low-level layer, imported as libproduct.lpcore; the package
 * libproduct (bindings/python/libproduct/__init__.py) builds the idiomatic
 * API on top of it.
 *
 *  - Every public function of the headers is wrapped under its C name
 *    (lpcore.lp_backlog_add_item, ...), the headers being %included below,
 *    except the _ref/_unref pairs, which the proxy classes call themselves.
 *  - The opaque types are SWIG proxy classes (libsolv style): LpBacklog,
 *    LpScoreModel, LpRanking and LpCycles own one reference, dropped by
 *    their destructor; %newobject marks the functions that return a new
 *    reference. An LpItem proxy is a handle (LpPyItem) that names an item
 *    by its backlog, of which it holds a reference, and its id: every use
 *    finds the item again, so a handle whose item was removed raises
 *    UnknownItemError instead of reaching whatever item reuses its slot.
 *  - Every str passed as a C string goes through lp_py_utf8_arg(): a str
 *    with a NUL character is refused (InvalidValueError, a ValueError)
 *    rather than cut at the NUL.
 *  - A backlog being scored (a custom model's callable is running; see
 *    LpScoreFunc) refuses every change: the C functions with a GError
 *    raise BusyError through it, the others through
 *    LP_PY_REFUSE_WHEN_BUSY below.
 *
 * Threads. No wrapper releases the GIL, so the C code of one call runs
 * whole before another thread runs, except while a custom model's
 * callable runs: the interpreter may then switch to another thread, in
 * the middle of a scoring pass. That is exactly when the backlog is busy
 * (the C library sets the flag before the first callable and clears it
 * after the last, both under the GIL, and every mutator reads it under the
 * GIL): the other thread may read the backlog, and any change it tries is
 * refused with BusyError. The flag needs no atomics: the GIL orders every
 * access to it. So no lpcore call can crash another, whatever the threads
 * do; making a sequence of calls atomic is the caller's business (the
 * package's Backlog does it with a lock per backlog). Separate backlogs
 * share nothing. The module does not declare itself free-threading safe,
 * so a free-threaded interpreter enables the GIL when it imports it.
 *  - A GError becomes a Python exception chosen by domain and code, in the
 *    typemaps for GError ** (the exception classes are defined at the end of
 *    this file and registered with the C side when lpcore is imported).
 *  - Output parameters become return values (None when absent), arrays are
 *    converted from Python sequences or buffer-protocol objects in C.
 */
%module(package="libproduct") lpcore

%begin %{
#define PY_SSIZE_T_CLEAN
%}

%{
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <libproduct/libproduct.h>

/* The exception classes, registered by lpcore.py at import time. */
static PyObject *lp_py_error_base = NULL;     /* libproduct.Error */
static PyObject *lp_py_error_classes = NULL;  /* dict: LpError code -> class */

static void
lp_py_register_errors (PyObject *base, PyObject *classes)
{
  if (!PyType_Check (base) || !PyDict_Check (classes))
    {
      PyErr_SetString (PyExc_TypeError, "expected an exception class and a dict");
      return;
    }
  Py_INCREF (base);
  Py_INCREF (classes);
  Py_XSETREF (lp_py_error_base, base);
  Py_XSETREF (lp_py_error_classes, classes);
}

/* The ids of the first open cycle of @backlog, in order (the cycle that an
 * LP_ERROR_CYCLE message lists). A new list; empty if there is none. */
static PyObject *
lp_py_first_cycle (LpBacklog *backlog)
{
  PyObject *list = PyList_New (0);
  if (list == NULL || backlog == NULL)
    return list;
  LpCycles *cycles = lp_backlog_find_cycles (backlog, LP_CYCLES_OPEN_ONLY);
  if (lp_cycles_get_n_groups (cycles) > 0)
    {
      guint n = lp_cycles_get_path_length (cycles, 0);
      for (guint i = 0; i < n; i++)
        {
          LpItem *item = lp_cycles_get_path_item (cycles, 0, i);
          PyObject *id = PyUnicode_FromString (lp_item_get_id (item));
          if (id == NULL || PyList_Append (list, id) < 0)
            {
              Py_XDECREF (id);
              Py_CLEAR (list);
              break;
            }
          Py_DECREF (id);
        }
    }
  lp_cycles_unref (cycles);
  return list;
}

static int
lp_py_set_attr_take (PyObject *obj, const char *name, PyObject *value)
{
  int rc = value != NULL ? PyObject_SetAttrString (obj, name, value) : -1;
  Py_XDECREF (value);
  return rc;
}

/* Raises the Python exception for @error: the class registered for its
 * code (libproduct.Error for unknown codes and other domains), with the
 * message as its argument and the attributes code and domain. A CycleError
 * raised by an operation on @backlog (may be NULL) also gets `cycle`. */
static void
lp_py_raise_gerror (const GError *error, LpBacklog *backlog)
{
  PyObject *cls = NULL;
  PyObject *exc = NULL;
  PyObject *message = NULL;

  if (error->domain == LP_ERROR && lp_py_error_classes != NULL)
    {
      PyObject *key = PyLong_FromLong (error->code);
      if (key == NULL)
        return;
      cls = PyDict_GetItemWithError (lp_py_error_classes, key); /* borrowed */
      Py_DECREF (key);
      if (cls == NULL && PyErr_Occurred ())
        return;
    }
  if (cls == NULL)
    cls = lp_py_error_base != NULL ? lp_py_error_base : PyExc_RuntimeError;

  message = PyUnicode_DecodeUTF8 (error->message, strlen (error->message),
                                  "replace");
  if (message == NULL)
    return;
  exc = PyObject_CallFunctionObjArgs (cls, message, NULL);
  Py_DECREF (message);
  if (exc == NULL)
    return;
  if (lp_py_set_attr_take (exc, "code", PyLong_FromLong (error->code)) < 0
      || lp_py_set_attr_take (exc, "domain",
                              PyUnicode_FromString (g_quark_to_string (error->domain))) < 0
      || (error->domain == LP_ERROR && error->code == LP_ERROR_CYCLE
          && backlog != NULL
          && lp_py_set_attr_take (exc, "cycle", lp_py_first_cycle (backlog)) < 0))
    {
      Py_DECREF (exc);
      return;
    }
  PyErr_SetObject ((PyObject *) Py_TYPE (exc), exc);
  Py_DECREF (exc);
}

/* Raises the exception class of @code (LP_ERROR domain) with a message. */
static void
lp_py_raise_code (LpError code, const char *format, ...) G_GNUC_PRINTF (2, 3);
static void
lp_py_raise_code (LpError code, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  GError *error = g_error_new_valist (LP_ERROR, code, format, args);
  va_end (args);
  lp_py_raise_gerror (error, NULL);
  g_error_free (error);
}

/* --- strings in ---------------------------------------------------------- *
 *
 * C strings end at their first NUL: a str holding one would be cut there
 * ("a\0b" stored as "a", then "a\0c" a duplicate of it), so every str
 * that becomes a C string is checked here, and refused. */

/* Refuses @obj (str or bytes, the argument @what of @function) when it
 * holds a NUL: -1 with InvalidValueError set, else 0. */
static int
lp_py_refuse_nul (PyObject *obj, const char *function, const char *what)
{
  Py_ssize_t at = -1;
  if (PyUnicode_Check (obj))
    at = PyUnicode_FindChar (obj, 0, 0, PyUnicode_GET_LENGTH (obj), 1);
  else if (PyBytes_Check (obj))
    {
      const char *nul = memchr (PyBytes_AS_STRING (obj), '\0', PyBytes_GET_SIZE (obj));
      at = nul != NULL ? nul - PyBytes_AS_STRING (obj) : -1;
    }
  if (at == -2)
    return -1;
  if (at < 0)
    return 0;
  lp_py_raise_code (LP_ERROR_INVALID_VALUE,
                    "%s: %s: NUL character at index %zd (C strings cannot "
                    "hold one)", function, what, at);
  return -1;
}

/* The UTF-8 of a str argument, borrowed from it (cached in the str: no
 * copy), or NULL for None: 0, or -1 with an exception (not a str, a NUL,
 * a lone surrogate). */
static int
lp_py_utf8_arg (PyObject *obj, const char *function, const char *what,
                const char **out)
{
  *out = NULL;
  if (obj == Py_None)
    return 0;
  if (!PyUnicode_Check (obj))
    {
      PyErr_Format (PyExc_TypeError, "%s: %s must be str, not %.200s",
                    function, what, Py_TYPE (obj)->tp_name);
      return -1;
    }
  Py_ssize_t size;
  const char *utf8 = PyUnicode_AsUTF8AndSize (obj, &size);
  if (utf8 == NULL)
    return -1;
  if (memchr (utf8, '\0', (size_t) size) != NULL)
    return lp_py_refuse_nul (obj, function, what);
  *out = utf8;
  return 0;
}

/* --- items ----------------------------------------------------------------- *
 *
 * An LpItem pointer is only valid while its item lives, and a removed
 * item's slot is given to the next item added: a bare pointer kept by
 * Python would read and write that other item. So Python holds a handle:
 * the backlog (a reference, so the item storage outlives the handle) and
 * the id, and every use looks the id up again (lp_backlog_lookup_item: a
 * removed item raises UnknownItemError, an item added again under the same
 * id is found; the high-level Item has the same meaning). */
typedef struct LpPyItem {
  LpItem *item;          /* as last found */
  LpBacklog *backlog;    /* a reference */
  char id[];             /* a copy: the item's own dies with it */
} LpPyItem;

/* A new handle proxy for @item (None for NULL). */
static PyObject *
lp_py_item_new (LpItem *item, swig_type_info *type)
{
  if (item == NULL)
    Py_RETURN_NONE;
  const char *id = lp_item_get_id (item);
  size_t len = strlen (id);
  LpPyItem *handle = g_malloc (sizeof (LpPyItem) + len + 1);
  handle->item = item;
  handle->backlog = lp_backlog_ref (lp_item_get_backlog (item));
  memcpy (handle->id, id, len + 1);
  return SWIG_NewPointerObj (handle, type, SWIG_POINTER_OWN);
}

static void
lp_py_item_free (LpPyItem *handle)
{
  lp_backlog_unref (handle->backlog);
  g_free (handle);
}

/* The item a handle names now, or NULL with UnknownItemError set. */
static LpItem *
lp_py_item_resolve (LpPyItem *handle)
{
  GError *error = NULL;
  handle->item = lp_backlog_lookup_item (handle->backlog, handle->id, &error);
  if (handle->item == NULL)
    {
      lp_py_raise_gerror (error, NULL);
      g_error_free (error);
    }
  return handle->item;
}

/* The item of a handle argument (NULL for None): 0, or -1 with an
 * exception (not a handle; UnknownItemError when the item is gone). */
static int
lp_py_item_arg (PyObject *obj, swig_type_info *type, const char *function,
                int argnum, LpItem **out)
{
  void *ptr = NULL;
  *out = NULL;
  if (obj == Py_None)
    return 0;
  if (!SWIG_IsOK (SWIG_ConvertPtr (obj, &ptr, type, 0)))
    {
      PyErr_Format (PyExc_TypeError, "in method '%s', argument %d: an LpItem "
                    "is needed, not %.200s", function, argnum,
                    Py_TYPE (obj)->tp_name);
      return -1;
    }
  *out = lp_py_item_resolve (ptr);
  return *out != NULL ? 0 : -1;
}

/* Raises BusyError for a C function that has no GError (so cannot report
 * LP_ERROR_BUSY itself: it would log a critical) called on a backlog
 * that is being scored: -1, else 0. */
static int
lp_py_refuse_when_busy (const LpBacklog *backlog, const LpItem *item,
                        const char *function)
{
  if (!lp_backlog_is_busy (backlog))
    return 0;
  lp_py_raise_code (LP_ERROR_BUSY, "item \"%s\": cannot call %s while the "
                    "backlog is being scored", lp_item_get_id (item), function);
  return -1;
}

/* --- array conversions --------------------------------------------------- */

/* The one-letter struct code of a 1-d C-contiguous buffer in native byte
 * order, or 0. */
static char
lp_py_buffer_code (const Py_buffer *view)
{
  const char *f = view->format != NULL ? view->format : "B";
  if (view->ndim != 1 || view->suboffsets != NULL)
    return 0;
  if (view->strides != NULL && view->strides[0] != view->itemsize)
    return 0;
  if (*f == '@' || *f == '=')
    f++;
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  else if (*f == '<')
    f++;
#else
  else if (*f == '>' || *f == '!')
    f++;
#endif
  if (f[0] == '\0' || f[1] != '\0')
    return 0;
  return f[0];
}

/* Reads element @i of a buffer of numbers as a double; FALSE for a format
 * that is not a number. */
static gboolean
lp_py_buffer_get_double (const Py_buffer *view, char code, Py_ssize_t i,
                         double *out)
{
  const char *p = (const char *) view->buf + i * view->itemsize;
#define LP_PY_GET(ctype) do { ctype v; memcpy (&v, p, sizeof v); *out = (double) v; } while (0)
  switch (code)
    {
    case 'd': LP_PY_GET (double); break;
    case 'f': LP_PY_GET (float); break;
    case 'b': LP_PY_GET (signed char); break;
    case 'B': LP_PY_GET (unsigned char); break;
    case 'h': LP_PY_GET (short); break;
    case 'H': LP_PY_GET (unsigned short); break;
    case 'i': LP_PY_GET (int); break;
    case 'I': LP_PY_GET (unsigned int); break;
    case 'l': LP_PY_GET (long); break;
    case 'L': LP_PY_GET (unsigned long); break;
    case 'q': LP_PY_GET (long long); break;
    case 'Q': LP_PY_GET (unsigned long long); break;
    case 'n': LP_PY_GET (Py_ssize_t); break;
    case 'N': LP_PY_GET (size_t); break;
    default: return FALSE;
    }
#undef LP_PY_GET
  return TRUE;
}

/* Reads element @i of a buffer of integers; FALSE for a format that is not
 * an integer. */
static gboolean
lp_py_buffer_get_integer (const Py_buffer *view, char code, Py_ssize_t i,
                          gboolean *negative, unsigned long long *out)
{
  const char *p = (const char *) view->buf + i * view->itemsize;
#define LP_PY_GET_S(ctype) do { ctype v; memcpy (&v, p, sizeof v); *negative = v < 0; *out = v < 0 ? 0 : (unsigned long long) v; } while (0)
#define LP_PY_GET_U(ctype) do { ctype v; memcpy (&v, p, sizeof v); *negative = FALSE; *out = (unsigned long long) v; } while (0)
  switch (code)
    {
    case 'b': LP_PY_GET_S (signed char); break;
    case 'B': LP_PY_GET_U (unsigned char); break;
    case 'h': LP_PY_GET_S (short); break;
    case 'H': LP_PY_GET_U (unsigned short); break;
    case 'i': LP_PY_GET_S (int); break;
    case 'I': LP_PY_GET_U (unsigned int); break;
    case 'l': LP_PY_GET_S (long); break;
    case 'L': LP_PY_GET_U (unsigned long); break;
    case 'q': LP_PY_GET_S (long long); break;
    case 'Q': LP_PY_GET_U (unsigned long long); break;
    case 'n': LP_PY_GET_S (Py_ssize_t); break;
    case 'N': LP_PY_GET_U (size_t); break;
    default: return FALSE;
    }
#undef LP_PY_GET_S
#undef LP_PY_GET_U
  return TRUE;
}

#if defined(__GNUC__) || defined(__clang__)
#define LP_PY_PREFETCH(p) __builtin_prefetch (p)
#else
#define LP_PY_PREFETCH(p) ((void) (p))
#endif

/* A str from UTF-8 @s. Ids are nearly always ASCII: then the string is
 * copied into a new compact str directly, without the UTF-8 decoder's
 * general path (a third of the cost of a million ids). */
static PyObject *
lp_py_str (const char *s)
{
  size_t len = 0;
  unsigned char any = 0;
  for (; s[len] != '\0'; len++)
    any |= (unsigned char) s[len];
  if (any < 0x80)
    {
      PyObject *str = PyUnicode_New ((Py_ssize_t) len, 127);
      if (str != NULL)
        memcpy (PyUnicode_1BYTE_DATA (str), s, len);
      return str;
    }
  return PyUnicode_DecodeUTF8 (s, (Py_ssize_t) len, "strict");
}

/* Tries to take a buffer from @obj. Returns 1 with @view filled, 0 when
 * @obj has no suitable buffer (no exception set), -1 on error. */
static int
lp_py_get_buffer (PyObject *obj, Py_buffer *view)
{
  if (PyUnicode_Check (obj) || !PyObject_CheckBuffer (obj))
    return 0;
  /* non-contiguous buffers (numpy slices) go the sequence way */
  if (PyObject_GetBuffer (obj, view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
    {
      PyErr_Clear ();
      return 0;
    }
  return 1;
}

/* A C array of doubles from None (NULL), a buffer of numbers (used in
 * place when it holds native doubles) or a sequence of numbers and None
 * (None means NaN: unset). */
typedef struct {
  double *data;       /* what to pass to C */
  double *owned;      /* allocated here, or NULL */
  Py_buffer view;
  gboolean have_view;
  Py_ssize_t length;  /* -1 for None */
} LpPyDoubles;
#define LP_PY_DOUBLES_INIT { NULL, NULL, { 0 }, FALSE, -1 }

static void
lp_py_doubles_clear (LpPyDoubles *d)
{
  g_free (d->owned);
  d->owned = NULL;
  if (d->have_view)
    PyBuffer_Release (&d->view);
  d->have_view = FALSE;
}

static int
lp_py_doubles_from_object (PyObject *obj, const char *what, LpPyDoubles *d)
{
  memset (d, 0, sizeof *d);
  d->length = -1;
  if (obj == Py_None)
    return 0;

  int rc = lp_py_get_buffer (obj, &d->view);
  if (rc < 0)
    return -1;
  if (rc == 1)
    {
      d->have_view = TRUE;
      char code = lp_py_buffer_code (&d->view);
      d->length = d->view.shape != NULL ? d->view.shape[0]
                                        : d->view.len / MAX (d->view.itemsize, 1);
      if (code == 'd' && d->view.itemsize == sizeof (double))
        {
          d->data = d->view.buf;
          return 0;
        }
      if (code != 0 && strchr ("dfbBhHiIlLqQnN", code) != NULL)
        {
          d->owned = g_new (double, MAX (d->length, 1));
          for (Py_ssize_t i = 0; i < d->length; i++)
            lp_py_buffer_get_double (&d->view, code, i, &d->owned[i]);
          d->data = d->owned;
          return 0;
        }
      /* another layout (byte order, ...): read it as a sequence */
      PyBuffer_Release (&d->view);
      d->have_view = FALSE;
    }

  PyObject *seq = PySequence_Fast (obj, "");
  if (seq == NULL)
    {
      PyErr_Format (PyExc_TypeError, "%s must be a sequence of numbers or None, not %.200s",
                    what, Py_TYPE (obj)->tp_name);
      return -1;
    }
  d->length = PySequence_Fast_GET_SIZE (seq);
  d->owned = g_new (double, MAX (d->length, 1));
  PyObject **elems = PySequence_Fast_ITEMS (seq);
  for (Py_ssize_t i = 0; i < d->length; i++)
    {
      if (elems[i] == Py_None)
        d->owned[i] = NAN;
      else
        {
          double v = PyFloat_AsDouble (elems[i]);
          if (v == -1.0 && PyErr_Occurred ())
            {
              PyErr_Format (PyExc_TypeError, "%s[%zd]: a number or None is needed, not %.200s",
                            what, i, Py_TYPE (elems[i])->tp_name);
              Py_DECREF (seq);
              return -1;
            }
          d->owned[i] = v;
        }
    }
  Py_DECREF (seq);
  d->data = d->owned;
  return 0;
}

/* A C array of guint32 from a buffer of integers (used in place when it
 * holds native 32-bit unsigned integers) or a sequence of integers. */
typedef struct {
  guint32 *data;
  guint32 *owned;
  Py_buffer view;
  gboolean have_view;
  Py_ssize_t length;
} LpPyUint32s;
#define LP_PY_UINT32S_INIT { NULL, NULL, { 0 }, FALSE, -1 }

static void
lp_py_uint32s_clear (LpPyUint32s *u)
{
  g_free (u->owned);
  u->owned = NULL;
  if (u->have_view)
    PyBuffer_Release (&u->view);
  u->have_view = FALSE;
}

static int
lp_py_uint32_range_error (const char *what, Py_ssize_t i)
{
  PyErr_Format (PyExc_OverflowError,
                "%s[%zd]: a position must be between 0 and %u", what, i,
                (unsigned) G_MAXUINT32);
  return -1;
}

static int
lp_py_uint32s_from_object (PyObject *obj, const char *what, LpPyUint32s *u)
{
  memset (u, 0, sizeof *u);
  int rc = lp_py_get_buffer (obj, &u->view);
  if (rc < 0)
    return -1;
  if (rc == 1)
    {
      u->have_view = TRUE;
      char code = lp_py_buffer_code (&u->view);
      u->length = u->view.shape != NULL ? u->view.shape[0]
                                        : u->view.len / MAX (u->view.itemsize, 1);
      if (code != 0 && strchr ("IL", code) != NULL
          && u->view.itemsize == sizeof (guint32))
        {
          u->data = u->view.buf;
          return 0;
        }
      if (code != 0 && strchr ("bBhHiIlLqQnN", code) != NULL)
        {
          u->owned = g_new (guint32, MAX (u->length, 1));
          for (Py_ssize_t i = 0; i < u->length; i++)
            {
              gboolean negative;
              unsigned long long v;
              lp_py_buffer_get_integer (&u->view, code, i, &negative, &v);
              if (negative || v > G_MAXUINT32)
                return lp_py_uint32_range_error (what, i);
              u->owned[i] = (guint32) v;
            }
          u->data = u->owned;
          return 0;
        }
      /* floats, another byte order, ...: read it as a sequence */
      PyBuffer_Release (&u->view);
      u->have_view = FALSE;
    }

  PyObject *seq = PySequence_Fast (obj, "");
  if (seq == NULL)
    {
      PyErr_Format (PyExc_TypeError, "%s must be a sequence of integers, not %.200s",
                    what, Py_TYPE (obj)->tp_name);
      return -1;
    }
  u->length = PySequence_Fast_GET_SIZE (seq);
  u->owned = g_new (guint32, MAX (u->length, 1));
  PyObject **elems = PySequence_Fast_ITEMS (seq);
  for (Py_ssize_t i = 0; i < u->length; i++)
    {
      PyObject *index = PyNumber_Index (elems[i]);
      if (index == NULL)
        {
          PyErr_Format (PyExc_TypeError, "%s[%zd]: an integer is needed, not %.200s",
                        what, i, Py_TYPE (elems[i])->tp_name);
          Py_DECREF (seq);
          return -1;
        }
      int overflow = 0;
      long long v = PyLong_AsLongLongAndOverflow (index, &overflow);
      Py_DECREF (index);
      if (v == -1 && PyErr_Occurred ())
        {
          Py_DECREF (seq);
          return -1;
        }
      if (overflow != 0 || v < 0 || v > (long long) G_MAXUINT32)
        {
          Py_DECREF (seq);
          return lp_py_uint32_range_error (what, i);
        }
      u->owned[i] = (guint32) v;
    }
  Py_DECREF (seq);
  u->data = u->owned;
  return 0;
}

/* A C array of UTF-8 strings borrowed from a sequence of str (and None
 * when @nullable); the sequence is kept alive until the call returns. */
typedef struct {
  const char **data;
  PyObject *seq;
  Py_ssize_t length;  /* -1 for None */
} LpPyStrv;
#define LP_PY_STRV_INIT { NULL, NULL, -1 }

static void
lp_py_strv_clear (LpPyStrv *s)
{
  g_free (s->data);
  s->data = NULL;
  Py_CLEAR (s->seq);
}

static int
lp_py_strv_from_object (PyObject *obj, const char *function, const char *what,
                        gboolean nullable, LpPyStrv *s)
{
  memset (s, 0, sizeof *s);
  s->length = -1;
  if (obj == Py_None && nullable)
    return 0;
  if (PyUnicode_Check (obj) || PyBytes_Check (obj))
    {
      PyErr_Format (PyExc_TypeError, "%s must be a sequence of str, not a single %.200s",
                    what, Py_TYPE (obj)->tp_name);
      return -1;
    }
  s->seq = PySequence_Fast (obj, "");
  if (s->seq == NULL)
    {
      PyErr_Format (PyExc_TypeError, "%s must be a sequence of str, not %.200s",
                    what, Py_TYPE (obj)->tp_name);
      return -1;
    }
  s->length = PySequence_Fast_GET_SIZE (s->seq);
  s->data = g_new (const char *, MAX (s->length, 1));
  PyObject **elems = PySequence_Fast_ITEMS (s->seq);
  for (Py_ssize_t i = 0; i < s->length; i++)
    {
      if (elems[i] == Py_None && nullable)
        s->data[i] = NULL;
      else if (PyUnicode_Check (elems[i]))
        {
          char element[64];
          g_snprintf (element, sizeof element, "%s[%zd]", what, i);
          if (lp_py_utf8_arg (elems[i], function, element, &s->data[i]) < 0)
            return -1;
        }
      else
        {
          PyErr_Format (PyExc_TypeError, "%s[%zd]: str%s is needed, not %.200s", what, i,
                        nullable ? " or None" : "", Py_TYPE (elems[i])->tp_name);
          return -1;
        }
    }
  return 0;
}

static int
lp_py_check_length (const char *what, Py_ssize_t length, Py_ssize_t expected)
{
  if (length >= 0 && length != expected)
    {
      PyErr_Format (PyExc_ValueError, "%s has %zd elements, expected %zd",
                    what, length, expected);
      return -1;
    }
  return 0;
}

/* A Python list of LpItem handles from a transfer-container GPtrArray,
 * which is freed. */
static PyObject *
lp_py_item_list_take (GPtrArray *array, swig_type_info *item_type)
{
  if (array == NULL)
    return PyList_New (0);
  PyObject *list = PyList_New (array->len);
  for (guint i = 0; list != NULL && i < array->len; i++)
    {
      PyObject *proxy = lp_py_item_new (g_ptr_array_index (array, i), item_type);
      if (proxy == NULL)
        Py_CLEAR (list);
      else
        PyList_SET_ITEM (list, i, proxy);
    }
  g_ptr_array_unref (array);
  return list;
}

static PyObject *
lp_py_double_or_none (double v)
{
  if (isnan (v))
    Py_RETURN_NONE;
  return PyFloat_FromDouble (v);
}

/* A list of str from a NULL-terminated vector (not freed). */
static PyObject *
lp_py_str_list (const char *const *strv)
{
  PyObject *list = PyList_New (0);
  for (const char *const *p = strv; list != NULL && p != NULL && *p != NULL; p++)
    {
      PyObject *s = PyUnicode_FromString (*p);
      if (s == NULL || PyList_Append (list, s) < 0)
        Py_CLEAR (list);
      Py_XDECREF (s);
    }
  return list;
}

/* --- custom models: a Python callable as an LpScoreFunc ------------------ *
 *
 * lp_score_model_new_custom (name, callable): the model holds a reference
 * to the callable (released by the GDestroyNotify when the model is
 * finalized) and calls it with an LpItem handle; it returns a number
 * (the score) or None (unscored).
 *
 * C cannot unwind through libproduct, so an exception raised by the
 * callable (or a result that is not a number) is kept as the "pending"
 * exception: that item and every item after it are left unscored without
 * calling Python again, and the wrapper of the C function that applied the
 * model (lp_score_model_apply, lp_backlog_order, ...: see
 * LP_PY_RERAISE_PENDING below) discards its result and raises the
 * exception when the C call returns. The GIL is held throughout (the
 * wrappers never release it), so one slot suffices: a nested application
 * (a callable ordering another backlog) consumes its own exception before
 * returning to the outer callable, and a thread whose callable raised runs
 * no Python code (so lets no other thread run) until its wrapper has
 * re-raised the exception. */
typedef struct {
  PyObject *callable;
  swig_type_info *item_type;
} LpPyScoreClosure;

static PyObject *lp_py_pending_type = NULL;
static PyObject *lp_py_pending_value = NULL;
static PyObject *lp_py_pending_traceback = NULL;

static void
lp_py_keep_pending (void)
{
  PyObject *type, *value, *traceback;
  PyErr_Fetch (&type, &value, &traceback);
  if (lp_py_pending_type == NULL)
    {
      lp_py_pending_type = type;
      lp_py_pending_value = value;
      lp_py_pending_traceback = traceback;
    }
  else
    {
      Py_XDECREF (type);
      Py_XDECREF (value);
      Py_XDECREF (traceback);
    }
}

/* TRUE, with the pending exception raised, when a callable failed during
 * the C call that just returned. */
static gboolean
lp_py_raise_pending (void)
{
  if (lp_py_pending_type == NULL)
    return FALSE;
  PyErr_Restore (lp_py_pending_type, lp_py_pending_value,
                 lp_py_pending_traceback);
  lp_py_pending_type = lp_py_pending_value = lp_py_pending_traceback = NULL;
  return TRUE;
}

static gboolean
lp_py_score_trampoline (const LpItem *item, double *score, gpointer user_data)
{
  LpPyScoreClosure *closure = user_data;
  if (lp_py_pending_type != NULL)
    return FALSE;  /* an earlier item raised: Python is not called again */

  PyObject *proxy = lp_py_item_new ((LpItem *) item, closure->item_type);
  if (proxy == NULL)
    {
      lp_py_keep_pending ();
      return FALSE;
    }
  PyObject *ret = PyObject_CallFunctionObjArgs (closure->callable, proxy, NULL);
  Py_DECREF (proxy);
  if (ret == NULL)
    {
      lp_py_keep_pending ();
      return FALSE;
    }
  if (ret == Py_None)
    {
      Py_DECREF (ret);
      return FALSE;
    }
  /* a number: anything float() accepts but str, bytes and bool */
  double v = -1.0;
  gboolean ok = !PyUnicode_Check (ret) && !PyBytes_Check (ret)
                && !PyBool_Check (ret);
  if (ok)
    {
      v = PyFloat_AsDouble (ret);
      ok = !(v == -1.0 && PyErr_Occurred ());
    }
  if (!ok)
    {
      if (!PyErr_Occurred () || PyErr_ExceptionMatches (PyExc_TypeError))
        {
          PyErr_Clear ();
          PyErr_Format (PyExc_TypeError,
                        "a custom model must return a number or None, not %.200s",
                        Py_TYPE (ret)->tp_name);
        }
      Py_DECREF (ret);
      lp_py_keep_pending ();
      return FALSE;
    }
  Py_DECREF (ret);
  *score = v;
  return TRUE;
}

static void
lp_py_score_closure_free (gpointer data)
{
  LpPyScoreClosure *closure = data;
  PyGILState_STATE state = PyGILState_Ensure ();
  Py_XDECREF (closure->callable);
  PyGILState_Release (state);
  g_free (closure);
}
%}

/* SWIG only needs to know the names of GLib's types; the compiler sees the
 * real <glib.h>. */
typedef int gboolean;
typedef unsigned int guint;
typedef unsigned int guint32;
typedef unsigned long gsize;
typedef unsigned long long guint64;
typedef guint32 GQuark;
typedef struct _GError GError;
typedef struct _GPtrArray GPtrArray;
typedef long gssize;
typedef void *gpointer;
typedef void (*GDestroyNotify) (gpointer data);

/* --- errors -------------------------------------------------------------- */

%typemap(in, numinputs=0, noblock=1) GError **error (GError *lp_error = NULL) {
  $1 = &lp_error;
}
%typemap(argout, noblock=1) GError **error {
  if (*$1 != NULL) {
    lp_py_raise_gerror (*$1, NULL);
    g_clear_error ($1);
    Py_XDECREF ($result);
    $result = NULL;
    SWIG_fail;
  }
}
%typemap(freearg, noblock=1) GError **error {
  if (*$1 != NULL) g_clear_error ($1);
}

/* The strict order fails with LP_ERROR_CYCLE: give the exception the cycle. */
%typemap(argout, noblock=1) (LpBacklog *backlog, LpScoreModel *model, LpOrderFlags flags, GError **error) {
  if (*$4 != NULL) {
    lp_py_raise_gerror (*$4, $1);
    g_clear_error ($4);
    Py_XDECREF ($result);
    $result = NULL;
    SWIG_fail;
  }
}

/* --- scalars ------------------------------------------------------------- */

%typemap(out) gboolean "$result = PyBool_FromLong ($1);";

/* Output parameters: the value, or None when the function returns FALSE. */
%typemap(in, numinputs=0, noblock=1) double *value (double lp_out = NAN), double *score (double lp_out = NAN) {
  $1 = &lp_out;
}
%typemap(argout, noblock=1) double *value, double *score {
  Py_XDECREF ($result);
  $result = result ? PyFloat_FromDouble (*$1) : (Py_INCREF (Py_None), Py_None);
}
%typemap(in, numinputs=0, noblock=1) LpItemKind *kind (LpItemKind lp_out = LP_ITEM_KIND_STORY) {
  $1 = &lp_out;
}
%typemap(in, numinputs=0, noblock=1) LpItemStatus *status (LpItemStatus lp_out = LP_ITEM_STATUS_TODO) {
  $1 = &lp_out;
}
%typemap(argout, noblock=1) LpItemKind *kind, LpItemStatus *status {
  Py_XDECREF ($result);
  $result = PyLong_FromLong ((long) *$1);
}

/* lp_backlog_save_data(): the length is not needed, the document is a str. */
%typemap(in, numinputs=0) gsize *length "$1 = NULL;";

/* Strings returned with (transfer full). */
%typemap(newfree) char * "g_free ($1);";

/* --- strings and byte strings in ----------------------------------------- */

/* Every other C string: a str (UTF-8, no NUL; see lp_py_utf8_arg) or None
 * (NULL: the check typemaps below refuse it where C requires a string). */
%typemap(in, noblock=1) const char * {
  if (lp_py_utf8_arg ($input, "$symname", "$1_name", (const char **) &$1) < 0)
    SWIG_fail;
}
%typemap(freearg) const char * "";

/* File names: str, bytes or os.PathLike, in the file system encoding. */
%typemap(in) const char *path (PyObject *lp_path = NULL) {
  if (lp_py_refuse_nul ($input, "$symname", "path") < 0
      || !PyUnicode_FSConverter ($input, &lp_path))
    SWIG_fail;
  $1 = PyBytes_AS_STRING (lp_path);
}
%typemap(freearg) const char *path "Py_XDECREF (lp_path$argnum);";

/* Documents: str (encoded as UTF-8) or any bytes-like object. */
%typemap(in) (const char *data, gsize length) (Py_buffer lp_view, int lp_have_view = 0) {
  if (PyUnicode_Check ($input)) {
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize ($input, &size);
    if (utf8 == NULL)
      SWIG_fail;
    $1 = (char *) utf8;
    $2 = (gsize) size;
  } else {
    if (PyObject_GetBuffer ($input, &lp_view, PyBUF_SIMPLE) < 0) {
      PyErr_Format (PyExc_TypeError, "data must be str or bytes-like, not %.200s",
                    Py_TYPE ($input)->tp_name);
      SWIG_fail;
    }
    lp_have_view = 1;
    $1 = (char *) lp_view.buf;
    $2 = (gsize) lp_view.len;
  }
}
%typemap(freearg) (const char *data, gsize length) "if (lp_have_view$argnum) PyBuffer_Release (&lp_view$argnum);";

/* --- bulk arrays --------------------------------------------------------- */

/* lp_backlog_add_items (backlog, ids, titles=None, values=None, efforts=None):
 * ids is a sequence of str; titles a sequence of str/None or None; values
 * and efforts sequences of numbers/None, buffers of numbers (numpy float64
 * arrays are used in place), or None. None and NaN mean "unset". */
%typemap(in) (guint n_items, const char *const *ids) (LpPyStrv lp_ids = LP_PY_STRV_INIT) {
  if (lp_py_strv_from_object ($input, "$symname", "ids", FALSE, &lp_ids) < 0)
    SWIG_fail;
  if (lp_ids.length > (Py_ssize_t) G_MAXUINT) {
    PyErr_SetString (PyExc_OverflowError, "too many items");
    SWIG_fail;
  }
  $1 = (guint) lp_ids.length;
  $2 = ($2_ltype) lp_ids.data;
}
%typemap(freearg) (guint n_items, const char *const *ids) "lp_py_strv_clear (&lp_ids$argnum);";

%typemap(in) const char *const *titles (LpPyStrv lp_titles = LP_PY_STRV_INIT) {
  if (lp_py_strv_from_object ($input, "$symname", "titles", TRUE, &lp_titles) < 0)
    SWIG_fail;
  $1 = ($1_ltype) lp_titles.data;
}
%typemap(freearg) const char *const *titles "lp_py_strv_clear (&lp_titles$argnum);";

%typemap(in) const double *values (LpPyDoubles lp_doubles = LP_PY_DOUBLES_INIT), const double *efforts (LpPyDoubles lp_doubles = LP_PY_DOUBLES_INIT) {
  if (lp_py_doubles_from_object ($input, "$1_name", &lp_doubles) < 0) {
    lp_py_doubles_clear (&lp_doubles);
    SWIG_fail;
  }
  $1 = lp_doubles.data;
}
%typemap(freearg) const double *values, const double *efforts "lp_py_doubles_clear (&lp_doubles$argnum);";

/* Every array must be as long as ids (arg2 is n_items). */
%typemap(check) const char *const *titles "if (lp_py_check_length (\"titles\", lp_titles$argnum.length, (Py_ssize_t) arg2) < 0) SWIG_fail;";
%typemap(check) const double *values, const double *efforts "if (lp_py_check_length (\"$1_name\", lp_doubles$argnum.length, (Py_ssize_t) arg2) < 0) SWIG_fail;";

/* lp_backlog_add_dependencies (backlog, dependents, prerequisites): two
 * equally long sequences of manual-order positions, or buffers of integers
 * (array.array('I') and numpy uint32 arrays are used in place). */
%typemap(in) (guint n_dependencies, const guint32 *dependents) (LpPyUint32s lp_dependents = LP_PY_UINT32S_INIT) {
  if (lp_py_uint32s_from_object ($input, "dependents", &lp_dependents) < 0) {
    lp_py_uint32s_clear (&lp_dependents);
    SWIG_fail;
  }
  if (lp_dependents.length > (Py_ssize_t) G_MAXUINT) {
    lp_py_uint32s_clear (&lp_dependents);
    PyErr_SetString (PyExc_OverflowError, "too many dependencies");
    SWIG_fail;
  }
  $1 = (guint) lp_dependents.length;
  $2 = lp_dependents.data;
}
%typemap(freearg) (guint n_dependencies, const guint32 *dependents) "lp_py_uint32s_clear (&lp_dependents$argnum);";

%typemap(in) const guint32 *prerequisites (LpPyUint32s lp_prerequisites = LP_PY_UINT32S_INIT) {
  if (lp_py_uint32s_from_object ($input, "prerequisites", &lp_prerequisites) < 0) {
    lp_py_uint32s_clear (&lp_prerequisites);
    SWIG_fail;
  }
  $1 = lp_prerequisites.data;
}
%typemap(freearg) const guint32 *prerequisites "lp_py_uint32s_clear (&lp_prerequisites$argnum);";
%typemap(check) const guint32 *prerequisites "if (lp_py_check_length (\"prerequisites\", lp_prerequisites$argnum.length, (Py_ssize_t) arg2) < 0) SWIG_fail;";

/* --- arrays out ---------------------------------------------------------- */

/* (transfer container) arrays of items: a list of LpItem proxies. */
%typemap(out) GPtrArray * "$result = lp_py_item_list_take ($1, $descriptor(LpPyItem *));";

/* lp_item_dup_attribute_names(): a list of str. */
%typemap(out) char ** {
  $result = PyList_New (0);
  for (char **p = $1; $result != NULL && p != NULL && *p != NULL; p++) {
    PyObject *s = PyUnicode_FromString (*p);
    if (s == NULL || PyList_Append ($result, s) < 0)
      Py_CLEAR ($result);
    Py_XDECREF (s);
  }
  g_strfreev ($1);
  if ($result == NULL)
    SWIG_fail;
}

/* --- scoring models, scores and explanations ----------------------------- */

/* Enum output parameters: the value as an int, or None when the function
 * returns FALSE (the *_from_string functions raise instead). */
%typemap(in, numinputs=0, noblock=1)
    LpIceMode *mode (LpIceMode lp_out = 0),
    LpScorecardMode *mode (LpScorecardMode lp_out = 0),
    LpScale *scale (LpScale lp_out = 0),
    LpScaleCheck *check (LpScaleCheck lp_out = 0),
    LpQuadrant *quadrant (LpQuadrant lp_out = 0),
    LpMoscow *moscow (LpMoscow lp_out = 0),
    LpKanoAnswer *answer (LpKanoAnswer lp_out = 0),
    LpKanoCategory *category (LpKanoCategory lp_out = 0) {
  $1 = &lp_out;
}
%typemap(argout, noblock=1)
    LpIceMode *mode, LpScorecardMode *mode, LpScale *scale,
    LpScaleCheck *check, LpQuadrant *quadrant, LpMoscow *moscow,
    LpKanoAnswer *answer, LpKanoCategory *category {
  Py_XDECREF ($result);
  $result = result ? PyLong_FromLong ((long) *$1) : (Py_INCREF (Py_None), Py_None);
}

/* lp_item_get_kano_answer(): a (functional, dysfunctional) pair of ints. */
%typemap(in, numinputs=0, noblock=1) (LpKanoAnswer *functional, LpKanoAnswer *dysfunctional)
    (LpKanoAnswer lp_f = 0, LpKanoAnswer lp_d = 0) {
  $1 = &lp_f;
  $2 = &lp_d;
}
%typemap(argout, noblock=1) (LpKanoAnswer *functional, LpKanoAnswer *dysfunctional) {
  Py_XDECREF ($result);
  $result = Py_BuildValue ("(ii)", (int) *$1, (int) *$2);
}

/* lp_score_model_get_criterion(): (name, weight, scale). */
%typemap(in, numinputs=0, noblock=1) (double *weight, LpScale *scale)
    (double lp_weight = NAN, LpScale lp_scale = 0) {
  $1 = &lp_weight;
  $2 = &lp_scale;
}
%typemap(argout, noblock=1) (double *weight, LpScale *scale) {
  Py_XDECREF ($result);
  $result = Py_BuildValue ("(Ndi)", PyUnicode_FromString (result != NULL ? result : ""),
                           *$1, (int) *$2);
}

/* lp_scores_get_quadrant_thresholds(): (value, effort), None for NaN. */
%typemap(in, numinputs=0, noblock=1) (double *value_threshold, double *effort_threshold)
    (double lp_v = NAN, double lp_e = NAN) {
  $1 = &lp_v;
  $2 = &lp_e;
}
%typemap(argout, noblock=1) (double *value_threshold, double *effort_threshold) {
  Py_XDECREF ($result);
  $result = Py_BuildValue ("(NN)", lp_py_double_or_none (*$1), lp_py_double_or_none (*$2));
}

/* lp_scores_get_must_share(): (share, limit), None for NaN. */
%typemap(in, numinputs=0, noblock=1) double *limit (double lp_out = NAN) {
  $1 = &lp_out;
}
%typemap(argout, noblock=1) double *limit {
  Py_XDECREF ($result);
  $result = Py_BuildValue ("(NN)", lp_py_double_or_none (result), lp_py_double_or_none (*$1));
}

/* lp_scores_get_kano_counts(): a list of 6 counts indexed by category, or
 * None. */
%typemap(in, numinputs=0, noblock=1) guint counts[ANY] (guint lp_counts[LP_KANO_N_CATEGORIES]) {
  memset (lp_counts, 0, sizeof lp_counts);
  $1 = lp_counts;
}
%typemap(argout, noblock=1) guint counts[ANY] {
  Py_XDECREF ($result);
  if (result) {
    $result = PyList_New (LP_KANO_N_CATEGORIES);
    for (guint lp_i = 0; $result != NULL && lp_i < LP_KANO_N_CATEGORIES; lp_i++) {
      PyObject *lp_n = PyLong_FromUnsignedLong ($1[lp_i]);
      if (lp_n == NULL)
        Py_CLEAR ($result);
      else
        PyList_SET_ITEM ($result, lp_i, lp_n);
    }
    if ($result == NULL)
      SWIG_fail;
  } else {
    Py_INCREF (Py_None);
    $result = Py_None;
  }
}

/* lp_scores_get_kano_coefficients(): (better, worse) or None. */
%typemap(in, numinputs=0, noblock=1) (double *better, double *worse)
    (double lp_b = NAN, double lp_w = NAN) {
  $1 = &lp_b;
  $2 = &lp_w;
}
%typemap(argout, noblock=1) (double *better, double *worse) {
  Py_XDECREF ($result);
  $result = result ? Py_BuildValue ("(dd)", *$1, *$2) : (Py_INCREF (Py_None), Py_None);
}

/* lp_scores_get_violation(): (item, input, value). */
%typemap(in, numinputs=0, noblock=1) (const char **input, double *value)
    (const char *lp_input = NULL, double lp_value = NAN) {
  $1 = ($1_ltype) &lp_input;
  $2 = &lp_value;
}
%typemap(argout, noblock=1) (const char **input, double *value) {
  {
    PyObject *lp_input_obj = *$1 != NULL ? PyUnicode_FromString (*$1)
                                         : (Py_INCREF (Py_None), Py_None);
    PyObject *lp_tuple = lp_input_obj != NULL
        ? Py_BuildValue ("(ONd)", $result, lp_input_obj, *$2) : NULL;
    Py_XDECREF ($result);
    $result = lp_tuple;
    if ($result == NULL)
      SWIG_fail;
  }
}

/* lp_ranking_find_item(): the 0-based rank, or None. */
%typemap(in, numinputs=0, noblock=1) guint *rank (guint lp_out = 0) {
  $1 = &lp_out;
}
%typemap(argout, noblock=1) guint *rank {
  Py_XDECREF ($result);
  $result = result ? PyLong_FromUnsignedLong (*$1) : (Py_INCREF (Py_None), Py_None);
}

/* lp_score_model_list_names(): a list of str (static, not freed). */
%typemap(out) const char *const * "$result = lp_py_str_list ((const char *const *) $1); if ($result == NULL) SWIG_fail;";

/* lp_score_model_new_scorecard_from_data(): str or bytes-like. */
%typemap(in) (const char *data, gssize length) (Py_buffer lp_view, int lp_have_view = 0) {
  if (PyUnicode_Check ($input)) {
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize ($input, &size);
    if (utf8 == NULL)
      SWIG_fail;
    $1 = (char *) utf8;
    $2 = (gssize) size;
  } else {
    if (PyObject_GetBuffer ($input, &lp_view, PyBUF_SIMPLE) < 0) {
      PyErr_Format (PyExc_TypeError, "data must be str or bytes-like, not %.200s",
                    Py_TYPE ($input)->tp_name);
      SWIG_fail;
    }
    lp_have_view = 1;
    $1 = (char *) lp_view.buf;
    $2 = (gssize) lp_view.len;
  }
}
%typemap(freearg) (const char *data, gssize length) "if (lp_have_view$argnum) PyBuffer_Release (&lp_view$argnum);";

/* lp_score_model_set_criterion_values(): a non-empty sequence of numbers
 * (or a buffer of numbers). */
%typemap(in) (const double *values, guint n_values) (LpPyDoubles lp_vals = LP_PY_DOUBLES_INIT) {
  if (lp_py_doubles_from_object ($input, "values", &lp_vals) < 0) {
    lp_py_doubles_clear (&lp_vals);
    SWIG_fail;
  }
  if (lp_vals.length < 0 || lp_vals.length > (Py_ssize_t) G_MAXUINT) {
    lp_py_doubles_clear (&lp_vals);
    PyErr_SetString (PyExc_TypeError, "values must be a sequence of numbers");
    SWIG_fail;
  }
  $1 = lp_vals.data;
  $2 = (guint) lp_vals.length;
}
%typemap(check) (const double *values, guint n_values) "";
%typemap(freearg) (const double *values, guint n_values) "lp_py_doubles_clear (&lp_vals$argnum);";

/* lp_score_model_new_custom (name, callable): see LpPyScoreClosure. */
%typemap(in) (LpScoreFunc func, gpointer user_data, GDestroyNotify destroy) {
  if (!PyCallable_Check ($input)) {
    PyErr_Format (PyExc_TypeError, "a custom model needs a callable, not %.200s",
                  Py_TYPE ($input)->tp_name);
    SWIG_fail;
  }
  {
    LpPyScoreClosure *lp_closure = g_new0 (LpPyScoreClosure, 1);
    Py_INCREF ($input);
    lp_closure->callable = $input;
    lp_closure->item_type = $descriptor(LpPyItem *);
    $1 = lp_py_score_trampoline;
    $2 = lp_closure;
    $3 = lp_py_score_closure_free;
  }
}

/* The C functions that may call a custom model: an exception the callable
 * raised is re-raised when they return, and their result discarded. */
%define LP_PY_RERAISE_PENDING(function, cleanup)
%exception function {
  $action
  if (lp_py_raise_pending ()) {
    cleanup;
    SWIG_fail;
  }
}
%enddef
LP_PY_RERAISE_PENDING(lp_score_model_score_item, (void) 0)
LP_PY_RERAISE_PENDING(lp_score_model_apply, lp_scores_unref (result); result = NULL)
LP_PY_RERAISE_PENDING(lp_score_model_explain, lp_explanation_unref (result); result = NULL)
LP_PY_RERAISE_PENDING(lp_backlog_order, lp_ranking_unref (result); result = NULL)
LP_PY_RERAISE_PENDING(lp_backlog_next, lp_ranking_unref (result); result = NULL)
LP_PY_RERAISE_PENDING(lp_backlog_next_full, lp_ranking_unref (result); result = NULL)

/* --- the opaque types ---------------------------------------------------- */

%rename(LpBacklog) _LpBacklog;
%rename(LpItem) LpPyItem;
%rename(LpScoreModel) _LpScoreModel;
%rename(LpRanking) _LpRanking;
%rename(LpCycles) _LpCycles;
%rename(LpScores) _LpScores;
%rename(LpExplanation) _LpExplanation;
%nodefaultctor LpPyItem;
%nodefaultctor _LpRanking;
%nodefaultctor _LpCycles;
%nodefaultctor _LpScores;
%nodefaultctor _LpExplanation;
struct _LpBacklog {};
typedef struct LpPyItem {} LpPyItem;
struct _LpScoreModel {};
struct _LpRanking {};
struct _LpCycles {};
struct _LpScores {};
struct _LpExplanation {};

/* Python must never be handed a NULL where C requires an object. */
%typemap(check) LpBacklog *, const LpBacklog *, LpItem *, const LpItem *,
                const LpScoreModel *, LpRanking *, const LpRanking *,
                LpCycles *, const LpCycles *, LpScores *, const LpScores *,
                LpExplanation *, const LpExplanation * {
  if ($1 == NULL)
    SWIG_exception_fail (SWIG_ValueError, "in method '$symname', argument $argnum of type '$1_type' must not be None");
}
/* ... except where the C API accepts NULL. */
%typemap(check) LpItem *parent "";
%typemap(check) const char *id, const char *label, const char *description,
                const char *title, const char *name {
  if ($1 == NULL)
    SWIG_exception_fail (SWIG_ValueError, "in method '$symname', argument $argnum ($1_name) must not be None");
}

/* Every proxy that owns an object holds one reference. Functions that
 * return a borrowed backlog give the proxy a reference of its own. */
%typemap(out) LpBacklog *lp_item_get_backlog, LpBacklog *lp_ranking_get_backlog,
              LpBacklog *lp_scores_get_backlog {
  $result = SWIG_NewPointerObj ($1 != NULL ? lp_backlog_ref ($1) : NULL, $1_descriptor, SWIG_POINTER_OWN);
}
%typemap(out) LpScoreModel *lp_scores_get_model {
  $result = SWIG_NewPointerObj ($1 != NULL ? lp_score_model_ref ($1) : NULL, $1_descriptor, SWIG_POINTER_OWN);
}

%newobject lp_backlog_new;
%newobject lp_backlog_load_data;
%newobject lp_backlog_load_file;
%newobject lp_backlog_load_fd;
%newobject lp_backlog_import_csv_data;
%newobject lp_backlog_import_csv_file;
%newobject lp_backlog_save_data;
%newobject lp_score_model_new_value_effort;
%newobject lp_score_model_new_by_name;
%newobject lp_backlog_order;
%newobject lp_backlog_next;
%newobject lp_backlog_find_cycles;
%newobject lp_cycles_format_path;
%newobject lp_score_model_new_wsjf;
%newobject lp_score_model_new_rice;
%newobject lp_score_model_new_ice;
%newobject lp_score_model_new_cd3;
%newobject lp_score_model_new_moscow;
%newobject lp_score_model_new_kano;
%newobject lp_score_model_new_scorecard;
%newobject lp_score_model_new_scorecard_from_data;
%newobject lp_score_model_new_scorecard_from_file;
%newobject lp_score_model_new_formula;
%newobject lp_score_model_new_formula_for_backlog;
%newobject lp_score_model_new_custom;
%newobject lp_score_model_apply;
%newobject lp_scores_dup_reason;
%newobject lp_scores_explain;
%newobject lp_score_model_explain;
%newobject lp_explanation_to_string;
%newobject lp_ranking_explain_position;
%newobject lp_ranking_explain_pair;
%newobject lp_backlog_next_full;

/* The proxies call these themselves (constructor and destructor). */
%ignore lp_backlog_ref;
%ignore lp_backlog_unref;
%ignore lp_score_model_ref;
%ignore lp_score_model_unref;
%ignore lp_ranking_ref;
%ignore lp_ranking_unref;
%ignore lp_cycles_ref;
%ignore lp_cycles_unref;
%ignore lp_scores_ref;
%ignore lp_scores_unref;
%ignore lp_explanation_ref;
%ignore lp_explanation_unref;

%extend _LpBacklog {
  _LpBacklog () { return lp_backlog_new (); }
  ~_LpBacklog () { lp_backlog_unref ($self); }
  guint __len__ () { return lp_backlog_get_n_items ($self); }
  /* The ids of all items in manual order, in one call. */
  PyObject *ids () {
    guint n = lp_backlog_get_n_items ($self);
    PyObject *list = PyList_New (n);
    for (guint i = 0; list != NULL && i < n; i++) {
      PyObject *s = lp_py_str (lp_item_get_id (lp_backlog_get_item_at ($self, i)));
      if (s == NULL)
        Py_CLEAR (list);
      else
        PyList_SET_ITEM (list, i, s);
    }
    return list;
  }
  /* Identity of the C object, for comparisons. */
  size_t _address () { return (size_t) $self; }
  /* The item at a position of the manual order, or None past the last
   * (in one call: the package iterates with it while other threads may
   * change the backlog). */
  PyObject *_item_at (guint position) {
    if (position >= lp_backlog_get_n_items ($self))
      Py_RETURN_NONE;
    return lp_py_item_new (lp_backlog_get_item_at ($self, position),
                           $descriptor(LpPyItem *));
  }
}

/* Items: handles in and out (see LpPyItem). */
%typemap(in, noblock=1) LpItem *, const LpItem * {
  if (lp_py_item_arg ($input, $descriptor(LpPyItem *), "$symname", $argnum,
                      (LpItem **) &$1) < 0)
    SWIG_fail;
}
%typemap(out, noblock=1) LpItem *, const LpItem * {
  $result = lp_py_item_new ((LpItem *) $1, $descriptor(LpPyItem *));
  if ($result == NULL)
    SWIG_fail;
}

%extend LpPyItem {
  ~LpPyItem () { lp_py_item_free ($self); }
  /* The item's address when last used (0 once it is gone), for identity. */
  size_t _address () {
    return lp_backlog_get_item ($self->backlog, $self->id) == $self->item
      ? (size_t) $self->item : 0;
  }
  /* The id the handle names (no look-up: valid after a removal too). */
  PyObject *_id () { return lp_py_str ($self->id); }
  /* Reads of several values in one call, so that no other thread changes
   * the item half-way (the package's Item.labels, .attributes and
   * .kano_answers). */
  PyObject *_labels () {
    const LpItem *item = lp_py_item_resolve ($self);
    if (item == NULL)
      return NULL;
    guint n = lp_item_get_n_labels (item);
    PyObject *labels = PyTuple_New (n);
    for (guint i = 0; labels != NULL && i < n; i++) {
      PyObject *label = PyUnicode_FromString (lp_item_get_label (item, i));
      if (label == NULL)
        Py_CLEAR (labels);
      else
        PyTuple_SET_ITEM (labels, i, label);
    }
    return labels;
  }
  PyObject *_attributes () {
    const LpItem *item = lp_py_item_resolve ($self);
    if (item == NULL)
      return NULL;
    char **names = lp_item_dup_attribute_names (item);
    PyObject *dict = PyDict_New ();
    for (char **name = names; dict != NULL && *name != NULL; name++) {
      double value = NAN;
      lp_item_get_attribute (item, *name, &value);
      PyObject *number = PyFloat_FromDouble (value);
      if (number == NULL || PyDict_SetItemString (dict, *name, number) < 0)
        Py_CLEAR (dict);
      Py_XDECREF (number);
    }
    g_strfreev (names);
    return dict;
  }
  PyObject *_kano_answers () {
    const LpItem *item = lp_py_item_resolve ($self);
    if (item == NULL)
      return NULL;
    guint n = lp_item_get_n_kano_answers (item);
    PyObject *answers = PyList_New (n);
    for (guint i = 0; answers != NULL && i < n; i++) {
      LpKanoAnswer f, d;
      lp_item_get_kano_answer (item, i, &f, &d);
      PyObject *pair = Py_BuildValue ("(ii)", (int) f, (int) d);
      if (pair == NULL)
        Py_CLEAR (answers);
      else
        PyList_SET_ITEM (answers, i, pair);
    }
    return answers;
  }
}

/* The C functions that change a backlog or an item and have no GError:
 * refused with BusyError while the backlog is being scored (C would log a
 * critical and change nothing). */
%define LP_PY_REFUSE_WHEN_BUSY(function, backlog, item)
%exception function {
  if (lp_py_refuse_when_busy (backlog, item, "$symname") < 0)
    SWIG_fail;
  $action
}
%enddef
LP_PY_REFUSE_WHEN_BUSY(lp_backlog_remove_item, arg1, arg2)
LP_PY_REFUSE_WHEN_BUSY(lp_backlog_remove_dependency, arg1, arg2)
LP_PY_REFUSE_WHEN_BUSY(lp_item_set_kind, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_set_status, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_clear_value, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_clear_effort, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_unset_attribute, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_remove_label, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_set_moscow, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_add_kano_answer, lp_item_get_backlog (arg1), arg1)
LP_PY_REFUSE_WHEN_BUSY(lp_item_clear_kano_answers, lp_item_get_backlog (arg1), arg1)

%extend _LpScoreModel {
  _LpScoreModel (const char *name, GError **error) { return lp_score_model_new_by_name (name, error); }
  ~_LpScoreModel () { lp_score_model_unref ($self); }
}

%extend _LpRanking {
  ~_LpRanking () { lp_ranking_unref ($self); }
  guint __len__ () { return lp_ranking_get_n_items ($self); }
  /* The ranked ids in one call; None if the ranking is stale (an item was
   * removed from the backlog since). The items of a big ranking lie all
   * over memory, in rank order: fetch each item a few ranks ahead, and its
   * id nearer (two cache misses a rank otherwise, one after the other). */
  PyObject *ids () {
    guint n = lp_ranking_get_n_items ($self);
    if (n > 0 && lp_ranking_get_item ($self, 0) == NULL)
      Py_RETURN_NONE;
    PyObject *list = PyList_New (n);
    enum { AHEAD = 32 };
    for (guint i = 0; list != NULL && i < n; i++) {
      if (i + AHEAD < n) {
        const char *item = (const char *) lp_ranking_get_item ($self, i + AHEAD);
        LP_PY_PREFETCH (item);
        LP_PY_PREFETCH (item + 64);
      }
      if (i + AHEAD / 2 < n)
        LP_PY_PREFETCH (lp_item_get_id (lp_ranking_get_item ($self, i + AHEAD / 2)));
      PyObject *s = lp_py_str (lp_item_get_id (lp_ranking_get_item ($self, i)));
      if (s == NULL)
        Py_CLEAR (list);
      else
        PyList_SET_ITEM (list, i, s);
    }
    return list;
  }
  /* The scores in one call (None for an unscored item). */
  PyObject *scores () {
    guint n = lp_ranking_get_n_items ($self);
    PyObject *list = PyList_New (n);
    for (guint i = 0; list != NULL && i < n; i++) {
      PyObject *v = lp_py_double_or_none (lp_ranking_get_score ($self, i));
      if (v == NULL)
        Py_CLEAR (list);
      else
        PyList_SET_ITEM (list, i, v);
    }
    return list;
  }
  /* (effective scores, inherited-from ids) in rank order, in one call:
   * None for NaN and for an item ranked by its own score. */
  PyObject *inheritance () {
    guint n = lp_ranking_get_n_items ($self);
    PyObject *scores = PyList_New (n), *from = PyList_New (n);
    for (guint i = 0; scores != NULL && from != NULL && i < n; i++) {
      PyObject *v = lp_py_double_or_none (lp_ranking_get_effective_score ($self, i));
      const LpItem *source = lp_ranking_get_inherited_from ($self, i);
      PyObject *id = source != NULL ? lp_py_str (lp_item_get_id (source))
                                    : (Py_INCREF (Py_None), Py_None);
      if (v == NULL || id == NULL) {
        Py_XDECREF (v);
        Py_XDECREF (id);
        Py_CLEAR (scores);
        break;
      }
      PyList_SET_ITEM (scores, i, v);
      PyList_SET_ITEM (from, i, id);
    }
    if (scores == NULL || from == NULL) {
      Py_XDECREF (scores);
      Py_XDECREF (from);
      return NULL;
    }
    return Py_BuildValue ("(NN)", scores, from);
  }
  /* One dict per ranked item: rank (from 1), id, score, value, effort, title; None
   * if the ranking is stale. */
  PyObject *records () {
    guint n = lp_ranking_get_n_items ($self);
    if (n > 0 && lp_ranking_get_item ($self, 0) == NULL)
      Py_RETURN_NONE;
    static const char *const names[] = { "rank", "id", "score", "value", "effort", "title" };
    PyObject *keys[G_N_ELEMENTS (names)] = { NULL };
    PyObject *list = PyList_New (n);
    for (guint k = 0; list != NULL && k < G_N_ELEMENTS (names); k++)
      if ((keys[k] = PyUnicode_InternFromString (names[k])) == NULL)
        Py_CLEAR (list);
    for (guint i = 0; list != NULL && i < n; i++) {
      const LpItem *item = lp_ranking_get_item ($self, i);
      PyObject *values[G_N_ELEMENTS (names)] = {
        PyLong_FromUnsignedLong ((unsigned long) i + 1),  /* ranks count from 1, as in the CLI */
        lp_py_str (lp_item_get_id (item)),
        lp_py_double_or_none (lp_ranking_get_score ($self, i)),
        lp_py_double_or_none (lp_item_get_value (item)),
        lp_py_double_or_none (lp_item_get_effort (item)),
        PyUnicode_FromString (lp_item_get_title (item)),
      };
      PyObject *d = PyDict_New ();
      for (guint k = 0; k < G_N_ELEMENTS (names); k++) {
        if (d != NULL && (values[k] == NULL || PyDict_SetItem (d, keys[k], values[k]) < 0))
          Py_CLEAR (d);
        Py_XDECREF (values[k]);
      }
      if (d == NULL)
        Py_CLEAR (list);
      else
        PyList_SET_ITEM (list, i, d);
    }
    for (guint k = 0; k < G_N_ELEMENTS (names); k++)
      Py_XDECREF (keys[k]);
    return list;
  }
}

%extend _LpCycles {
  ~_LpCycles () { lp_cycles_unref ($self); }
  guint __len__ () { return lp_cycles_get_n_groups ($self); }
}

%extend _LpScores {
  ~_LpScores () { lp_scores_unref ($self); }
  /* (ids, scores) of the open items in manual order, in one call: the
   * scores are None for unscored items. Call it while the scores are fresh
   * (no item removed since): the package takes this snapshot at once. */
  PyObject *open_scores () {
    LpBacklog *backlog = lp_scores_get_backlog ($self);
    guint n = lp_backlog_get_n_items (backlog);
    PyObject *ids = PyList_New (0), *scores = PyList_New (0);
    for (guint i = 0; ids != NULL && scores != NULL && i < n; i++) {
      const LpItem *item = lp_backlog_get_item_at (backlog, i);
      LpItemStatus st = lp_item_get_status (item);
      if (st != LP_ITEM_STATUS_TODO && st != LP_ITEM_STATUS_IN_PROGRESS)
        continue;
      double v = NAN;
      PyObject *id = lp_py_str (lp_item_get_id (item));
      PyObject *score = lp_scores_get_score ($self, item, &v) ? PyFloat_FromDouble (v)
                                                              : (Py_INCREF (Py_None), Py_None);
      if (id == NULL || score == NULL || PyList_Append (ids, id) < 0
          || PyList_Append (scores, score) < 0) {
        Py_CLEAR (ids);
      }
      Py_XDECREF (id);
      Py_XDECREF (score);
    }
    if (ids == NULL || scores == NULL) {
      Py_XDECREF (ids);
      Py_XDECREF (scores);
      return NULL;
    }
    return Py_BuildValue ("(NN)", ids, scores);
  }
}

%extend _LpExplanation {
  ~_LpExplanation () { lp_explanation_unref ($self); }
  guint __len__ () { return lp_explanation_get_n_terms ($self); }
}

/* --- the public API ------------------------------------------------------ */

#define LIBPRODUCT_INSIDE
#define G_BEGIN_DECLS
#define G_END_DECLS
#define G_DEFINE_AUTOPTR_CLEANUP_FUNC(TypeName, func)

%include "libproduct/lp-version.h"
%include "libproduct/lp-error.h"
%include "libproduct/lp-types.h"
%include "libproduct/lp-item.h"
/* lp_backlog_add_item(): the title may be None; so may name and vision. */
%typemap(check) const char *title "";
%typemap(check) const char *name "";
%include "libproduct/lp-backlog.h"
/* The Python signatures of the bulk functions name what Python passes. */
%pythoncode %{
def lp_backlog_add_items(backlog, ids, titles=None, values=None, efforts=None):
    """Appends len(ids) items in one call, all or nothing (see lp-backlog.h)."""
    return _lpcore.lp_backlog_add_items(backlog, ids, titles, values, efforts)


def lp_backlog_add_dependencies(backlog, dependents, prerequisites):
    """Records dependents[i] -> prerequisites[i] (positions), all or nothing."""
    return _lpcore.lp_backlog_add_dependencies(backlog, dependents, prerequisites)
%}
%typemap(check) const char *name {
  if ($1 == NULL)
    SWIG_exception_fail (SWIG_ValueError, "in method '$symname', argument $argnum ($1_name) must not be None");
}
/* Models are required, except where the C API accepts NULL (the
 * secondary model of MoSCoW; the model of lp_backlog_order/next). */
%typemap(check) LpScoreModel *model {
  if ($1 == NULL)
    SWIG_exception_fail (SWIG_ValueError, "in method '$symname', argument $argnum ($1_name) must not be None");
}
%include "libproduct/lp-score.h"
%include "libproduct/lp-explain.h"
%typemap(check) LpScoreModel *model "";
%include "libproduct/lp-ranking.h"
%include "libproduct/lp-cycles.h"
/* lp_read_file() and lp_read_fd() give bytes (the contents may hold NUL
 * bytes): wrappers of the same names return them, their length being the
 * length of the bytes object. */
%ignore lp_read_file;
%ignore lp_read_fd;
%include "libproduct/lp-file.h"
%rename(lp_read_file) lp_py_read_file;
%rename(lp_read_fd) lp_py_read_fd;
%{
/* The contents as a new bytes object, freed; None when NULL (then the
 * GError typemap raises). */
static PyObject *
lp_py_bytes_take (char *data, gsize length)
{
  if (data == NULL)
    {
      Py_INCREF (Py_None);
      return Py_None;
    }
  PyObject *bytes = PyBytes_FromStringAndSize (data, (Py_ssize_t) length);
  g_free (data);
  return bytes;
}
%}
%inline %{
static PyObject *
lp_py_read_file (const char *path, guint64 max_size, GError **error)
{
  gsize length = 0;
  char *data = lp_read_file (path, max_size, &length, error);
  return lp_py_bytes_take (data, length);
}

static PyObject *
lp_py_read_fd (int fd, const char *name, guint64 max_size, GError **error)
{
  gsize length = 0;
  char *data = lp_read_fd (fd, name, max_size, &length, error);
  return lp_py_bytes_take (data, length);
}
%}

%rename(_register_errors) lp_py_register_errors;
void lp_py_register_errors (PyObject *base, PyObject *classes);

/* --- exceptions ---------------------------------------------------------- */

%pythoncode %{

class Error(Exception):
    """Base class of the errors libproduct reports (the LP_ERROR domain).

    `code` is the LpError code and `domain` the GError domain name; the
    message names the item at fault.
    """

    code = None
    domain = "lp-error-quark"

    @property
    def message(self):
        return str(self.args[0]) if self.args else ""


class InvalidValueError(Error, ValueError):
    """A number or string out of its allowed range (LP_ERROR_INVALID_VALUE)."""
    code = LP_ERROR_INVALID_VALUE


class DuplicateIdError(Error):
    """An item with this id already exists (LP_ERROR_DUPLICATE_ID)."""
    code = LP_ERROR_DUPLICATE_ID


class UnknownItemError(Error, LookupError):
    """An id or position names no item of the backlog (LP_ERROR_UNKNOWN_ITEM)."""
    code = LP_ERROR_UNKNOWN_ITEM


class SelfDependencyError(Error):
    """An item was made to depend on itself (LP_ERROR_SELF_DEPENDENCY)."""
    code = LP_ERROR_SELF_DEPENDENCY


class CycleError(Error):
    """The open items' dependencies contain a cycle (LP_ERROR_CYCLE).

    `cycle` lists the ids of one cycle in order, each depending on the
    next and the last on the first: the cycle the message shows.
    """
    code = LP_ERROR_CYCLE

    def __init__(self, *args):
        super().__init__(*args)
        self.cycle = []


class ParentCycleError(Error):
    """A parent that would make an item its own ancestor (LP_ERROR_PARENT_CYCLE)."""
    code = LP_ERROR_PARENT_CYCLE


class ParseError(Error):
    """A file that is not well-formed JSON or CSV (LP_ERROR_PARSE)."""
    code = LP_ERROR_PARSE


class FormatError(Error):
    """A well-formed file that does not follow the format (LP_ERROR_FORMAT)."""
    code = LP_ERROR_FORMAT


class LpIOError(Error, OSError):
    """Reading or writing a file failed (LP_ERROR_IO)."""
    code = LP_ERROR_IO


class BusyError(Error, RuntimeError):
    """The backlog is being scored or ordered, by a scoring callback or
    another thread, and cannot change now (LP_ERROR_BUSY)."""
    code = LP_ERROR_BUSY


class LimitError(Error, ValueError):
    """An input exceeds a documented limit (LP_ERROR_LIMIT); see
    docs/LIMITS.md."""
    code = LP_ERROR_LIMIT


ERROR_CLASSES = {cls.code: cls for cls in (
    InvalidValueError, DuplicateIdError, UnknownItemError, SelfDependencyError,
    CycleError, ParentCycleError, ParseError, FormatError, LpIOError,
    BusyError, LimitError)}

_register_errors(Error, ERROR_CLASSES)
%}
