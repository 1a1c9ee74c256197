/* Names of the enumerations as they appear in files and on the command line. */
#include "config.h"
#include <string.h>
#include "lp-private.h"

static const char *const kind_names[] = {
  "story", "epic", "feature", "bug", "task", "spike"
};

static const char *const status_names[] = {
  "todo", "in_progress", "done", "dropped"
};

const char *
lp_item_kind_to_string (LpItemKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

gboolean
lp_item_kind_from_string (const char *name, LpItemKind *kind, GError **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_ascii_strcasecmp (name, kind_names[i]) == 0)
      {
        *kind = (LpItemKind) i;
        return TRUE;
      }
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "unknown kind \"%s\" (expected story, epic, feature, bug, "
               "task or spike)", name);
  return FALSE;
}

const char *
lp_item_status_to_string (LpItemStatus status)
{
  if ((guint) status >= G_N_ELEMENTS (status_names))
    return NULL;
  return status_names[status];
}

gboolean
lp_item_status_from_string (const char *name, LpItemStatus *status,
                            GError **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_ascii_strcasecmp (name, status_names[i]) == 0)
      {
        *status = (LpItemStatus) i;
        return TRUE;
      }
  /* spellings people type for the one two-word status */
  if (g_ascii_strcasecmp (name, "in-progress") == 0 ||
      g_ascii_strcasecmp (name, "in progress") == 0)
    {
      *status = LP_ITEM_STATUS_IN_PROGRESS;
      return TRUE;
    }
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "unknown status \"%s\" (expected todo, in_progress, done or "
               "dropped)", name);
  return FALSE;
}

const char *
lp_exclusion_to_string (LpExclusion reason)
{
  switch (reason)
    {
    case LP_EXCLUSION_IN_CYCLE: return "in-cycle";
    case LP_EXCLUSION_BEHIND_CYCLE: return "behind-cycle";
    case LP_EXCLUSION_BLOCKED_BY_DROPPED: return "blocked-by-dropped";
    default: return NULL;
    }
}
