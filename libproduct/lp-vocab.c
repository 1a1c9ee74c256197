/* The scoring vocabulary: names of the model enumerations, the Kano
 * evaluation table, and the item fields "moscow" and "kano_answers". */
#include "config.h"
#include <string.h>
#include "lp-private.h"

/* Case-insensitive match where "_" and "-" are the same character. */
static gboolean
name_matches (const char *name, const char *want)
{
  for (; *name && *want; name++, want++)
    {
      char a = g_ascii_tolower (*name), b = *want;
      if (a == '_')
        a = '-';
      if (a != b)
        return FALSE;
    }
  return *name == '\0' && *want == '\0';
}

static gboolean
lookup_name (const char *const *names, guint n, const char *name, int *out)
{
  for (guint i = 0; i < n; i++)
    if (name_matches (name, names[i]))
      {
        *out = (int) i;
        return TRUE;
      }
  return FALSE;
}

static void
unknown_name (GError **error, const char *what, const char *name,
              const char *const *names, guint n)
{
  GString *known = g_string_new (NULL);
  for (guint i = 0; i < n; i++)
    g_string_append_printf (known, "%s%s", i ? (i + 1 == n ? " or " : ", ") : "",
                            names[i]);
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "unknown %s \"%s\" (expected %s)", what, name, known->str);
  g_string_free (known, TRUE);
}

#define ENUM_STRINGS(prefix, Type, what, names)                             \
  const char *prefix##_to_string (Type v)                                   \
  {                                                                         \
    if ((guint) v >= G_N_ELEMENTS (names))                                  \
      return NULL;                                                          \
    return (names)[v];                                                      \
  }                                                                         \
  /* Type is a type name: (Type) *out would not parse */                    \
  /* NOLINTNEXTLINE(bugprone-macro-parentheses): a type, see above */       \
  gboolean prefix##_from_string (const char *name, Type *out,               \
                                 GError **error)                            \
  {                                                                         \
    g_return_val_if_fail (name != NULL, FALSE);                             \
    g_return_val_if_fail (out != NULL, FALSE);                              \
    int i;                                                                  \
    if (lookup_name (names, G_N_ELEMENTS (names), name, &i))                \
      {                                                                     \
        *out = (Type) i;                                                    \
        return TRUE;                                                        \
      }                                                                     \
    unknown_name (error, what, name, names, G_N_ELEMENTS (names));          \
    return FALSE;                                                           \
  }

static const char *const ice_mode_names[] = { "product", "average" };
static const char *const scorecard_mode_names[] = { "absolute", "relative" };
static const char *const scale_names[] = {
  "any", "linear-1-5", "powers-of-two", "fibonacci", "custom"
};
static const char *const scale_check_names[] = { "ignore", "report", "reject" };
static const char *const quadrant_names[] = {
  "quick-win", "big-bet", "fill-in", "time-sink"
};
static const char *const kano_answer_names[] = {
  "like", "expect", "neutral", "tolerate", "dislike"
};
static const char *const kano_category_names[] = {
  "must-be", "one-dimensional", "attractive", "indifferent", "reverse",
  "questionable"
};
static const char *const moscow_names[] = {
  "none", "must", "should", "could", "wont"
};
static const char *const term_role_names[] = {
  "addend", "factor", "divisor", "category", "secondary", "variable"
};

ENUM_STRINGS (lp_ice_mode, LpIceMode, "ICE mode", ice_mode_names)
ENUM_STRINGS (lp_scorecard_mode, LpScorecardMode, "scorecard mode",
              scorecard_mode_names)
ENUM_STRINGS (lp_scale, LpScale, "scale", scale_names)
ENUM_STRINGS (lp_scale_check, LpScaleCheck, "scale check", scale_check_names)
ENUM_STRINGS (lp_quadrant, LpQuadrant, "quadrant", quadrant_names)
ENUM_STRINGS (lp_kano_answer, LpKanoAnswer, "Kano answer", kano_answer_names)

const char *
lp_term_role_to_string (LpTermRole role)
{
  if ((guint) role >= G_N_ELEMENTS (term_role_names))
    return NULL;
  return term_role_names[role];
}

const char *
lp_moscow_to_string (LpMoscow moscow)
{
  if ((guint) moscow >= G_N_ELEMENTS (moscow_names))
    return NULL;
  return moscow_names[moscow];
}

gboolean
lp_moscow_from_string (const char *name, LpMoscow *moscow, GError **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (moscow != NULL, FALSE);
  int i;
  if (lookup_name (moscow_names, G_N_ELEMENTS (moscow_names), name, &i))
    {
      *moscow = (LpMoscow) i;
      return TRUE;
    }
  if (g_ascii_strcasecmp (name, "won't") == 0)
    {
      *moscow = LP_MOSCOW_WONT;
      return TRUE;
    }
  g_set_error (error, LP_ERROR, LP_ERROR_INVALID_VALUE,
               "unknown MoSCoW category \"%s\" (expected must, should, could "
               "or wont)", name);
  return FALSE;
}

const char *
lp_kano_category_to_string (LpKanoCategory category)
{
  if ((guint) category >= G_N_ELEMENTS (kano_category_names))
    return NULL;
  return kano_category_names[category];
}

gboolean
lp_kano_category_from_string (const char *name, LpKanoCategory *category,
                              GError **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (category != NULL, FALSE);
  static const char codes[] = "MOAIRQ";
  int i;
  if (lookup_name (kano_category_names, G_N_ELEMENTS (kano_category_names),
                   name, &i))
    {
      *category = (LpKanoCategory) i;
      return TRUE;
    }
  if (name[0] != '\0' && name[1] == '\0')
    {
      const char *c = strchr (codes, g_ascii_toupper (name[0]));
      if (c != NULL)
        {
          *category = (LpKanoCategory) (c - codes);
          return TRUE;
        }
    }
  unknown_name (error, "Kano category", name, kano_category_names,
                G_N_ELEMENTS (kano_category_names));
  return FALSE;
}

LpKanoCategory
lp_kano_classify (LpKanoAnswer functional, LpKanoAnswer dysfunctional)
{
  enum { M = LP_KANO_CATEGORY_MUST_BE, O = LP_KANO_CATEGORY_ONE_DIMENSIONAL,
         A = LP_KANO_CATEGORY_ATTRACTIVE, I = LP_KANO_CATEGORY_INDIFFERENT,
         R = LP_KANO_CATEGORY_REVERSE, Q = LP_KANO_CATEGORY_QUESTIONABLE };
  /* rows: functional; columns: dysfunctional; both in the order like,
   * expect, neutral, tolerate, dislike (Berger et al. 1993, table 1) */
  static const guint8 table[5][5] = {
    { Q, A, A, A, O },
    { R, I, I, I, M },
    { R, I, I, I, M },
    { R, I, I, I, M },
    { R, R, R, R, Q },
  };
  g_return_val_if_fail ((guint) functional < 5, LP_KANO_CATEGORY_QUESTIONABLE);
  g_return_val_if_fail ((guint) dysfunctional < 5, LP_KANO_CATEGORY_QUESTIONABLE);
  return (LpKanoCategory) table[functional][dysfunctional];
}

/* --- item fields --------------------------------------------------------- */

LpMoscow
lp_item_get_moscow (const LpItem *item)
{
  g_return_val_if_fail (item != NULL && item->alive, LP_MOSCOW_NONE);
  return (LpMoscow) item->moscow;
}

void
lp_item_set_moscow (LpItem *item, LpMoscow moscow)
{
  g_return_if_fail (item != NULL && item->alive);
  g_return_if_fail ((guint) moscow <= LP_MOSCOW_WONT);
  if (!lp_backlog_assert_idle (lp_item_backlog (item), item->id,
                               "set the MoSCoW category"))
    return;
  item->moscow = (guint8) moscow;
}

GByteArray *
lp_backlog_kano_answers (const LpBacklog *b, guint32 slot)
{
  if (b->kano == NULL)
    return NULL;
  return g_hash_table_lookup (b->kano, GUINT_TO_POINTER (slot + 1));
}

void
lp_item_add_kano_answer (LpItem *item, LpKanoAnswer functional,
                         LpKanoAnswer dysfunctional)
{
  g_return_if_fail (item != NULL && item->alive);
  g_return_if_fail ((guint) functional < 5 && (guint) dysfunctional < 5);
  LpBacklog *b = lp_item_backlog (item);
  if (!lp_backlog_assert_idle (b, item->id, "add a Kano answer"))
    return;
  if (b->kano == NULL)
    b->kano = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                     (GDestroyNotify) g_byte_array_unref);
  GByteArray *a = lp_backlog_kano_answers (b, item->slot);
  if (a == NULL)
    {
      a = g_byte_array_new ();
      g_hash_table_insert (b->kano, GUINT_TO_POINTER (item->slot + 1), a);
    }
  guint8 pair = (guint8) (functional * 5 + dysfunctional);
  g_byte_array_append (a, &pair, 1);
}

void
lp_item_clear_kano_answers (LpItem *item)
{
  g_return_if_fail (item != NULL && item->alive);
  if (!lp_backlog_assert_idle (lp_item_backlog (item), item->id,
                               "clear the Kano answers"))
    return;
  if (lp_item_backlog (item)->kano)
    g_hash_table_remove (lp_item_backlog (item)->kano, GUINT_TO_POINTER (item->slot + 1));
}

guint
lp_item_get_n_kano_answers (const LpItem *item)
{
  g_return_val_if_fail (item != NULL && item->alive, 0);
  GByteArray *a = lp_backlog_kano_answers (lp_item_backlog (item), item->slot);
  return a ? a->len : 0;
}

void
lp_item_get_kano_answer (const LpItem *item, guint index,
                         LpKanoAnswer *functional, LpKanoAnswer *dysfunctional)
{
  g_return_if_fail (item != NULL && item->alive);
  GByteArray *a = lp_backlog_kano_answers (lp_item_backlog (item), item->slot);
  g_return_if_fail (a != NULL && index < a->len);
  if (functional)
    *functional = (LpKanoAnswer) (a->data[index] / 5);
  if (dysfunctional)
    *dysfunctional = (LpKanoAnswer) (a->data[index] % 5);
}
