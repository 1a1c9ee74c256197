/* Scorecard definitions: JSON or `key = value` lines (see
 * lp_score_model_new_scorecard_from_data() in lp-score.h). Definitions are
 * small, so the JSON form uses yajl's tree API; the nesting is checked
 * first so that freeing the tree (which recurses) cannot run deep. */
#include "config.h"
#include <math.h>
#include <string.h>
#include <yajl/yajl_tree.h>
#include "lp-models.h"

#define MAX_NESTING 16

static gboolean
check_nesting (const char *s, gsize len, GError **error)
{
  int depth = 0;
  gboolean in_string = FALSE, escape = FALSE;
  guint line = 1;
  for (gsize i = 0; i < len; i++)
    {
      char ch = s[i];
      if (ch == '\n')
        line++;
      if (in_string)
        {
          if (escape)
            escape = FALSE;
          else if (ch == '\\')
            escape = TRUE;
          else if (ch == '"')
            in_string = FALSE;
          continue;
        }
      if (ch == '"')
        in_string = TRUE;
      else if (ch == '{' || ch == '[')
        {
          if (++depth > MAX_NESTING)
            {
              g_set_error (error, LP_ERROR, LP_ERROR_PARSE,
                           "scorecard: line %u: nested more than %d levels",
                           line, MAX_NESTING);
              return FALSE;
            }
        }
      else if (ch == '}' || ch == ']')
        depth--;
    }
  return TRUE;
}

static gboolean
json_number (yajl_val v, double *out)
{
  if (!YAJL_IS_NUMBER (v) || !(v->u.number.flags & YAJL_NUMBER_DOUBLE_VALID) ||
      !isfinite (v->u.number.d))
    return FALSE;
  *out = v->u.number.d;
  return TRUE;
}

static LpScoreModel *
from_json (const char *text, GError **error)
{
  char err[256] = "";
  yajl_val root = yajl_tree_parse (text, err, sizeof err);
  if (root == NULL)
    {
      g_strchomp (err);
      g_set_error (error, LP_ERROR, LP_ERROR_PARSE, "scorecard: %s",
                   *err ? err : "malformed JSON");
      return NULL;
    }
  LpScoreModel *m = lp_score_model_new_scorecard ();
  gboolean ok = FALSE;
  if (!YAJL_IS_OBJECT (root))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                   "scorecard: the document must be an object");
      goto out;
    }
  yajl_val criteria = NULL;
  for (gsize i = 0; i < root->u.object.len; i++)
    {
      const char *key = root->u.object.keys[i];
      yajl_val v = root->u.object.values[i];
      if (strcmp (key, "format") == 0)
        {
          if (!YAJL_IS_STRING (v) ||
              strcmp (v->u.string, "libproduct-scorecard/1") != 0)
            {
              g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                           "scorecard: unsupported format (expected "
                           "\"libproduct-scorecard/1\")");
              goto out;
            }
        }
      else if (strcmp (key, "mode") == 0 || strcmp (key, "scale-check") == 0)
        {
          if (!YAJL_IS_STRING (v))
            {
              g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                           "scorecard: \"%s\" must be a string", key);
              goto out;
            }
          if (!lp_score_model_set_option (m, key, v->u.string, error))
            {
              g_prefix_error (error, "scorecard: ");
              goto out;
            }
        }
      else if (strcmp (key, "criteria") == 0)
        criteria = v;
      else
        {
          g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                       "scorecard: unknown member \"%s\"", key);
          goto out;
        }
    }
  if (!YAJL_IS_ARRAY (criteria))
    {
      g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                   "scorecard: \"criteria\" must be an array of objects");
      goto out;
    }
  for (gsize i = 0; i < criteria->u.array.len; i++)
    {
      yajl_val c = criteria->u.array.values[i];
      if (!YAJL_IS_OBJECT (c))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                       "scorecard: criterion %" G_GSIZE_FORMAT
                       " must be an object", i);
          goto out;
        }
      const char *name = NULL, *scale_name = "any";
      double weight = NAN;
      yajl_val values = NULL;
      for (gsize k = 0; k < c->u.object.len; k++)
        {
          const char *key = c->u.object.keys[k];
          yajl_val v = c->u.object.values[k];
          gboolean good = TRUE;
          if (strcmp (key, "name") == 0)
            good = (name = YAJL_GET_STRING (v)) != NULL;
          else if (strcmp (key, "weight") == 0)
            good = json_number (v, &weight);
          else if (strcmp (key, "scale") == 0)
            good = (scale_name = YAJL_GET_STRING (v)) != NULL;
          else if (strcmp (key, "values") == 0)
            good = YAJL_IS_ARRAY (values = v);
          else
            {
              g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                           "scorecard: criterion %" G_GSIZE_FORMAT
                           ": unknown member \"%s\"", i, key);
              goto out;
            }
          if (!good)
            {
              g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                           "scorecard: criterion %" G_GSIZE_FORMAT
                           ": \"%s\" has the wrong type", i, key);
              goto out;
            }
        }
      if (name == NULL || isnan (weight))
        {
          g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                       "scorecard: criterion %" G_GSIZE_FORMAT
                       " needs a \"name\" and a numeric \"weight\"", i);
          goto out;
        }
      LpScale scale;
      if (!lp_scale_from_string (scale_name, &scale, error) ||
          !lp_score_model_add_criterion (m, name, weight, scale, error))
        {
          g_prefix_error (error, "scorecard: ");
          goto out;
        }
      if (values != NULL || scale == LP_SCALE_CUSTOM)
        {
          gsize nv = values ? values->u.array.len : 0;
          double *vals = g_new (double, MAX (nv, 1));
          for (gsize k = 0; k < nv; k++)
            if (!json_number (values->u.array.values[k], &vals[k]))
              {
                g_free (vals);
                g_set_error (error, LP_ERROR, LP_ERROR_FORMAT,
                             "scorecard: criterion \"%s\": \"values\" must "
                             "be an array of numbers", name);
                goto out;
              }
          gboolean set = lp_score_model_set_criterion_values (m, name, vals,
                                                              (guint) nv, error);
          g_free (vals);
          if (!set)
            {
              g_prefix_error (error, "scorecard: ");
              goto out;
            }
        }
    }
  ok = TRUE;
out:
  yajl_tree_free (root);
  if (!ok)
    {
      lp_score_model_unref (m);
      return NULL;
    }
  return m;
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
  char *text = g_strndup (data, len);
  const char *p = text;
  while (g_ascii_isspace (*p))
    p++;
  LpScoreModel *m;
  if (*p == '{')
    m = check_nesting (text, len, error) ? from_json (text, error) : NULL;
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
