/* Scorecard definitions: JSON or `key = value` lines (see
 * lp_score_model_new_scorecard_from_data() in lp-score.h).
 *
 * The JSON form is read with yajl's callbacks straight into the model, by
 * a state machine that takes each value only where the format has one of
 * its type: no tree is built and nothing recurses. So the nesting is the
 * format's own, 4 levels (the definition, "criteria", a criterion, its
 * "values"), enforced by the parser itself: the first container anywhere
 * else is an error of type (LP_ERROR_FORMAT), at its line and column,
 * before yajl reads further. Comments are allowed. */
#include "config.h"
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <yajl/yajl_parse.h>
#include "lp-json-loader.h"
#include "lp-models.h"

typedef enum {
  SC_DOC,             /* the definition: an object */
  SC_KEY,             /* in it: a key or its end */
  SC_OPTION,          /* the value of "format", "mode" or "scale-check" */
  SC_CRITERIA,        /* the value of "criteria": an array */
  SC_CRITERION,       /* in it: a criterion (an object) or the end */
  SC_CRITERION_KEY,   /* in a criterion: a key or its end */
  SC_NAME,
  SC_WEIGHT,
  SC_SCALE,
  SC_VALUES,          /* the value of "values": an array */
  SC_VALUE,           /* in it: a number or the end */
  SC_END
} ScState;

/* The members of a definition and of a criterion, each read at most
 * once (bit 1 << M_... in a mask of those read). */
enum { M_FORMAT, M_MODE, M_SCALE_CHECK, M_CRITERIA };
static const char *const definition_members[] = {
  "format", "mode", "scale-check", "criteria", NULL
};
enum { M_NAME, M_WEIGHT, M_SCALE, M_VALUES };
static const char *const criterion_members[] = {
  "name", "weight", "scale", "values", NULL
};
/* the state that reads each member's value */
static const ScState criterion_member_state[] = {
  SC_NAME, SC_WEIGHT, SC_SCALE, SC_VALUES
};

typedef struct {
  const char *text;     /* the definition, for lines and columns */
  gsize length;
  yajl_handle parser;
  LpScoreModel *model;
  GError *error;
  gboolean stop_at_next;    /* an error is set: stop at the next token */

  ScState state;
  guint seen;               /* definition_members read */
  guint option;             /* the one whose value comes next */
  GString *scratch;

  /* the criterion being read */
  gsize index;              /* in "criteria" */
  gsize offset;             /* of its '{' */
  guint criterion_seen;     /* criterion_members read */
  GString *name;
  GString *scale;
  double weight;
  GArray *values;           /* double */
} Reader;

/* "line L, column C" of a byte offset. */
static char *
place (const char *text, gsize offset)
{
  Place pl = { 1, 1 };
  lp_json_place_advance (&pl, text, offset);
  return g_strdup_printf ("line %u, column %" G_GSIZE_FORMAT, pl.line,
                          pl.column);
}

/* The offset of the last byte of the token just read. */
static gsize
token_offset (const Reader *r)
{
  gsize consumed = yajl_get_bytes_consumed (r->parser);
  return MIN (consumed > 0 ? consumed - 1 : 0, r->length);
}

/* Sets the error, at the place of `offset`; returns 0 (stop). */
static int G_GNUC_PRINTF (4, 5)
reader_fail (Reader *r, int code, gsize offset, const char *format, ...)
{
  va_list args;
  va_start (args, format);
  char *message = g_strdup_vprintf (format, args);
  va_end (args);
  char *where = place (r->text, offset);
  g_clear_error (&r->error);
  g_set_error (&r->error, LP_ERROR, code, "scorecard: %s: %s", where,
               message);
  g_free (where);
  g_free (message);
  return 0;
}

/* An error from the model (already "scorecard: "-less), at its place. */
static int
reader_fail_from (Reader *r, GError *err, gsize offset)
{
  reader_fail (r, err->code, offset, "%s", err->message);
  g_error_free (err);
  return 0;
}

/* "criterion N: " in messages about a criterion's members. */
#define CRITERION_FORMAT "criterion %" G_GSIZE_FORMAT ": "

/* A key of the definition (criterion FALSE) or of a criterion: its bit
 * among the members, or fails (unknown, repeated, or holding a NUL). */
static int
member_key (Reader *r, const char *s, gsize len, gboolean criterion,
            guint *bit)
{
  const char *const *names = criterion ? criterion_members
                                       : definition_members;
  guint *seen = criterion ? &r->criterion_seen : &r->seen;
  char *where = criterion ? g_strdup_printf (CRITERION_FORMAT, r->index)
                          : g_strdup ("");
  int ok = 0;
  guint k = 0;
  while (names[k] != NULL && !key_is (s, len, names[k]))
    k++;
  if (memchr (s, '\0', len) != NULL)
    reader_fail (r, LP_ERROR_INVALID_VALUE, token_offset (r),
                 "%sa member name contains a NUL character", where);
  else if (names[k] == NULL)
    reader_fail (r, LP_ERROR_FORMAT, token_offset (r),
                 "%sunknown member \"%.*s\"", where, (int) MIN (len, 200), s);
  else if (*seen & (1u << k))
    reader_fail (r, LP_ERROR_FORMAT, token_offset (r),
                 "%sduplicate member \"%s\"", where, names[k]);
  else
    {
      *seen |= 1u << k;
      *bit = k;
      ok = 1;
    }
  g_free (where);
  return ok;
}

/* A string value without NUL, copied into dst; fails naming `member`
 * (of the current criterion when `criterion`). */
static int
member_string (Reader *r, Event ev, const char *s, gsize len,
               const char *member, gboolean criterion, GString *dst)
{
  char *where = criterion ? g_strdup_printf (CRITERION_FORMAT, r->index)
                          : g_strdup ("");
  int ok = 0;
  if (ev != EV_STRING)
    reader_fail (r, LP_ERROR_FORMAT, token_offset (r), "%s\"%s\" must be a "
                 "string (got %s)", where, member, lp_json_event_name (ev));
  else if (memchr (s, '\0', len) != NULL)
    reader_fail (r, LP_ERROR_INVALID_VALUE, token_offset (r),
                 "%s\"%s\" contains a NUL character", where, member);
  else
    {
      g_string_truncate (dst, 0);
      g_string_append_len (dst, s, (gssize) len);
      ok = 1;
    }
  g_free (where);
  return ok;
}

/* A number that must be finite; fails naming what it is. */
static int
member_number (Reader *r, Event ev, const char *s, gsize len,
               const char *what, double *out)
{
  if (ev != EV_NUMBER)
    return reader_fail (r, LP_ERROR_FORMAT, token_offset (r), CRITERION_FORMAT
                        "%s has the wrong type (expected a number, got %s)",
                        r->index, what, lp_json_event_name (ev));
  if (!lp_json_parse_number (s, len, out))
    return reader_fail (r, LP_ERROR_INVALID_VALUE, token_offset (r),
                        CRITERION_FORMAT "%s must be a finite number "
                        "(got %.*s)", r->index, what, (int) MIN (len, 40), s);
  return 1;
}

static void
begin_criterion (Reader *r)
{
  r->offset = token_offset (r);
  r->criterion_seen = 0;
  g_string_assign (r->scale, "any");
  g_array_set_size (r->values, 0);
}

/* Adds the criterion read to the model. */
static int
end_criterion (Reader *r)
{
  const guint needed = (1u << M_NAME) | (1u << M_WEIGHT);
  GError *err = NULL;
  LpScale scale;
  if ((r->criterion_seen & needed) != needed)
    return reader_fail (r, LP_ERROR_FORMAT, r->offset, "criterion %"
                        G_GSIZE_FORMAT " needs a \"name\" and a numeric "
                        "\"weight\"", r->index);
  if (!lp_scale_from_string (r->scale->str, &scale, &err)
      || !lp_score_model_add_criterion (r->model, r->name->str, r->weight,
                                        scale, &err))
    return reader_fail_from (r, err, r->offset);
  if (((r->criterion_seen & (1u << M_VALUES)) || scale == LP_SCALE_CUSTOM)
      && !lp_score_model_set_criterion_values (r->model, r->name->str,
                                               (const double *) (void *)
                                               r->values->data,
                                               r->values->len, &err))
    return reader_fail_from (r, err, r->offset);
  r->index++;
  return 1;
}

static int
reader_handle (Reader *r, Event ev, const char *s, gsize len)
{
  guint bit = 0;
  if (r->stop_at_next)
    return 0;
  switch (r->state)
    {
    case SC_DOC:
      /* lp_score_model_new_scorecard_from_data() sends only text that
       * starts with '{' */
      r->state = SC_KEY;
      return 1;

    case SC_KEY:
      if (ev == EV_END_MAP)
        {
          r->state = SC_END;
          if (!(r->seen & (1u << M_CRITERIA)))
            return reader_fail (r, LP_ERROR_FORMAT, token_offset (r),
                                "\"criteria\" must be an array of objects "
                                "(it is missing)");
          return 1;
        }
      if (!member_key (r, s, len, FALSE, &bit))
        return 0;
      r->option = bit;
      r->state = bit == M_CRITERIA ? SC_CRITERIA : SC_OPTION;
      return 1;

    case SC_OPTION:
      {
        const char *member = definition_members[r->option];
        GError *err = NULL;
        r->state = SC_KEY;
        if (!member_string (r, ev, s, len, member, FALSE, r->scratch))
          return 0;
        if (r->option == M_FORMAT)
          {
            if (strcmp (r->scratch->str, "libproduct-scorecard/1") != 0)
              return reader_fail (r, LP_ERROR_FORMAT, token_offset (r),
                                  "unsupported format \"%s\" (expected "
                                  "\"libproduct-scorecard/1\")",
                                  r->scratch->str);
          }
        else if (!lp_score_model_set_option (r->model, member,
                                             r->scratch->str, &err))
          return reader_fail_from (r, err, token_offset (r));
        return 1;
      }

    case SC_CRITERIA:
      if (ev != EV_START_ARRAY)
        return reader_fail (r, LP_ERROR_FORMAT, token_offset (r),
                            "\"criteria\" must be an array of objects "
                            "(got %s)", lp_json_event_name (ev));
      r->state = SC_CRITERION;
      return 1;

    case SC_CRITERION:
      if (ev == EV_END_ARRAY)
        {
          r->state = SC_KEY;
          return 1;
        }
      if (ev != EV_START_MAP)
        return reader_fail (r, LP_ERROR_FORMAT, token_offset (r),
                            "criterion %" G_GSIZE_FORMAT " must be an object "
                            "(got %s)", r->index, lp_json_event_name (ev));
      begin_criterion (r);
      r->state = SC_CRITERION_KEY;
      return 1;

    case SC_CRITERION_KEY:
      if (ev == EV_END_MAP)
        {
          r->state = SC_CRITERION;
          return end_criterion (r);
        }
      if (!member_key (r, s, len, TRUE, &bit))
        return 0;
      r->state = criterion_member_state[bit];
      return 1;

    case SC_NAME:
    case SC_SCALE:
      {
        gboolean name = r->state == SC_NAME;
        r->state = SC_CRITERION_KEY;
        return member_string (r, ev, s, len, name ? "name" : "scale", TRUE,
                              name ? r->name : r->scale);
      }

    case SC_WEIGHT:
      r->state = SC_CRITERION_KEY;
      return member_number (r, ev, s, len, "\"weight\"", &r->weight);

    case SC_VALUES:
      if (ev != EV_START_ARRAY)
        return reader_fail (r, LP_ERROR_FORMAT, token_offset (r),
                            CRITERION_FORMAT "\"values\" has the wrong type "
                            "(expected an array of numbers, got %s)",
                            r->index, lp_json_event_name (ev));
      r->state = SC_VALUE;
      return 1;

    case SC_VALUE:
      {
        double v;
        if (ev == EV_END_ARRAY)
          {
            r->state = SC_CRITERION_KEY;
            return 1;
          }
        if (!member_number (r, ev, s, len, "a value in \"values\"", &v))
          return 0;
        g_array_append_val (r->values, v);
        return 1;
      }

    case SC_END:
    default:
      return 1;
    }
}

/* The events without text come with "" (never NULL): every state may
 * look at the text. */
static int
sc_null (void *ctx)
{
  return reader_handle (ctx, EV_NULL, "", 0);
}

static int
sc_boolean (void *ctx, int value)
{
  return reader_handle (ctx, EV_BOOLEAN, "", 0);
}

/* As in the backlog loader (lp-json-load.c): an error about a number
 * waits for the next token, so that "0x10" is the syntax error it is. */
static int
sc_number (void *ctx, const char *s, size_t len)
{
  Reader *r = ctx;
  if (r->stop_at_next)
    return 0;
  if (reader_handle (r, EV_NUMBER, s, len) == 0)
    r->stop_at_next = TRUE;
  return 1;
}

/* A string or a key; refused with a \u escape of a lone surrogate, as in
 * backlogs. */
static int
sc_text (Reader *r, Event ev, const unsigned char *s, size_t len)
{
  gssize bad = -1;
  if (lp_json_text_decoded (r->text, r->length, (const char *) s))
    bad = lp_json_unpaired_surrogate (r->text,
                                      yajl_get_bytes_consumed (r->parser),
                                      (const char *) s, len);
  if (bad >= 0)
    return reader_fail (r, LP_ERROR_PARSE, (gsize) bad, "invalid JSON: "
                        LP_JSON_SURROGATE_MESSAGE, r->text + bad);
  return reader_handle (r, ev, (const char *) s, len);
}

static int
sc_string (void *ctx, const unsigned char *s, size_t len)
{
  return sc_text (ctx, EV_STRING, s, len);
}

static int
sc_start_map (void *ctx)
{
  return reader_handle (ctx, EV_START_MAP, "", 0);
}

static int
sc_map_key (void *ctx, const unsigned char *s, size_t len)
{
  return sc_text (ctx, EV_KEY, s, len);
}

static int
sc_end_map (void *ctx)
{
  return reader_handle (ctx, EV_END_MAP, "", 0);
}

static int
sc_start_array (void *ctx)
{
  return reader_handle (ctx, EV_START_ARRAY, "", 0);
}

static int
sc_end_array (void *ctx)
{
  return reader_handle (ctx, EV_END_ARRAY, "", 0);
}

static const yajl_callbacks scorecard_callbacks = {
  sc_null,
  sc_boolean,
  NULL, /* numbers come as text, through sc_number */
  NULL,
  sc_number,
  sc_string,
  sc_start_map,
  sc_map_key,
  sc_end_map,
  sc_start_array,
  sc_end_array
};

/* text: NUL-terminated, `length` bytes, valid UTF-8, starting with '{'
 * after blanks. */
static LpScoreModel *
from_json (const char *text, gsize length, GError **error)
{
  Reader r = { 0 };
  r.text = text;
  r.length = length;
  r.model = lp_score_model_new_scorecard ();
  r.name = g_string_new (NULL);
  r.scale = g_string_new (NULL);
  r.scratch = g_string_new (NULL);
  r.values = g_array_new (FALSE, FALSE, sizeof (double));
  r.parser = yajl_alloc (&scorecard_callbacks, NULL, &r);
  yajl_config (r.parser, yajl_allow_comments, 1);
  yajl_status status = yajl_parse (r.parser, (const unsigned char *) text,
                                   length);
  gsize offset = token_offset (&r);
  if (status == yajl_status_ok)
    {
      status = yajl_complete_parse (r.parser);
      offset = length;
    }
  if (status == yajl_status_error)
    {
      unsigned char *yajl_message
        = yajl_get_error (r.parser, 0, (const unsigned char *) text, length);
      char *message = g_strstrip (g_strdup ((const char *) yajl_message));
      yajl_free_error (r.parser, yajl_message);
      gsize n = strlen (message);
      if (n > 0 && message[n - 1] == '.')
        message[n - 1] = '\0';   /* yajl's trailing period */
      reader_fail (&r, LP_ERROR_PARSE, offset, "invalid JSON: %s", message);
      g_free (message);
    }
  yajl_free (r.parser);
  g_string_free (r.name, TRUE);
  g_string_free (r.scale, TRUE);
  g_string_free (r.scratch, TRUE);
  g_array_unref (r.values);
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      lp_score_model_unref (r.model);
      return NULL;
    }
  return r.model;
}

static LpScoreModel *
from_lines (const char *text, GError **error)
{
  LpScoreModel *m = lp_score_model_new_scorecard ();
  char **lines = g_strsplit (text, "\n", -1);
  gboolean ok = TRUE;
  for (guint ln = 0; lines[ln] && ok; ln++)
    {
      char *line = g_strstrip (lines[ln]);
      if (*line == '\0' || *line == '#')
        continue;
      char *eq = strchr (line, '=');
      if (eq == NULL)
        {
          g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                       "scorecard: line %u: expected \"key = value\"", ln + 1);
          ok = FALSE;
          break;
        }
      *eq = '\0';
      char *key = g_strstrip (line), *value = g_strstrip (eq + 1);
      if (*key == '\0')
        {
          g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                       "scorecard: line %u: empty key", ln + 1);
          ok = FALSE;
          break;
        }
      if (strcmp (key, "mode") == 0 || strcmp (key, "scale-check") == 0)
        {
          if (!lp_score_model_set_option (m, key, value, error))
            {
              g_prefix_error (error, "scorecard: line %u: ", ln + 1);
              ok = FALSE;
            }
          continue;
        }
      /* weight [scale [v1,v2,...]] */
      char *rest = value;
      char *end;
      double weight = g_ascii_strtod (rest, &end);
      if (end == rest || !isfinite (weight) ||
          (*end != '\0' && !g_ascii_isspace (*end)))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                       "scorecard: line %u: criterion \"%s\" needs a numeric "
                       "weight", ln + 1, key);
          ok = FALSE;
          break;
        }
      rest = end;
      while (g_ascii_isspace (*rest))
        rest++;
      LpScale scale = LP_SCALE_ANY;
      char *values = NULL;
      if (*rest)
        {
          char *sp = rest;
          while (*sp && !g_ascii_isspace (*sp))
            sp++;
          if (*sp)
            {
              *sp = '\0';
              values = g_strstrip (sp + 1);
            }
          if (!lp_scale_from_string (rest, &scale, error))
            {
              g_prefix_error (error, "scorecard: line %u: ", ln + 1);
              ok = FALSE;
              break;
            }
        }
      if (!lp_score_model_add_criterion (m, key, weight, scale, error))
        {
          g_prefix_error (error, "scorecard: line %u: ", ln + 1);
          ok = FALSE;
          break;
        }
      if (scale == LP_SCALE_CUSTOM || (values && *values))
        {
          char **parts = g_strsplit (values ? values : "", ",", -1);
          guint nv = g_strv_length (parts);
          double *vals = g_new (double, MAX (nv, 1));
          guint k = 0;
          for (; k < nv; k++)
            {
              char *t = g_strstrip (parts[k]);
              vals[k] = g_ascii_strtod (t, &end);
              if (end == t || *end != '\0' || !isfinite (vals[k]))
                break;
            }
          if (nv == 0 || k < nv)
            {
              g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                           "scorecard: line %u: criterion \"%s\": expected "
                           "values separated by commas", ln + 1, key);
              ok = FALSE;
            }
          else if (!lp_score_model_set_criterion_values (m, key, vals, nv, error))
            {
              g_prefix_error (error, "scorecard: line %u: ", ln + 1);
              ok = FALSE;
            }
          g_free (vals);
          g_strfreev (parts);
        }
    }
  g_strfreev (lines);
  if (!ok)
    {
      lp_score_model_unref (m);
      return NULL;
    }
  return m;
}

LpScoreModel *
lp_score_model_new_scorecard_from_data (const char *data, gssize length,
                                        GError **error)
{
  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  /* a NUL-terminated string (length < 0) has no NUL to look for */
  gsize len = length < 0 ? strlen (data) : (gsize) length;
  if (length >= 0 && memchr (data, '\0', (gsize) length) != NULL)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                   "scorecard: the definition contains a NUL byte");
      return NULL;
    }
  if (!g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                   "scorecard: the definition is not UTF-8");
      return NULL;
    }
  /* a byte order mark is no part of the definition */
  gsize bom = lp_json_bom_length (data, len);
  char *text = g_strndup (data + bom, len - bom);
  const char *p = text;
  while (g_ascii_isspace (*p))
    p++;
  LpScoreModel *m;
  if (*p == '{')
    m = from_json (text, len - bom, error);
  else
    m = from_lines (text, error);
  g_free (text);
  if (m != NULL && m->criteria->len == 0)
    {
      g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                   "scorecard: the definition has no criteria");
      lp_score_model_unref (m);
      return NULL;
    }
  return m;
}

LpScoreModel *
lp_score_model_new_scorecard_from_file (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  gsize len = 0;
  char *data = lp_read_file (path, LP_DEFAULT_MAX_INPUT_SIZE, &len, error);
  if (data == NULL)
    return NULL;
  LpScoreModel *m = lp_score_model_new_scorecard_from_data (data, (gssize) len,
                                                            error);
  g_free (data);
  if (m == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  g_free (m->name);
  m->name = g_strconcat ("scorecard:", path, NULL);
  return m;
}
