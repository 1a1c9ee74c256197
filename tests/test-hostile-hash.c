/* Hostile input (issue 9): hash flooding and quadratic duplicate checks.
 * Inputs are generated here, never committed.
 *
 * Each flooding test feeds a table strings that collide under the hash it
 * used before (GLib's g_str_hash, the old FNV-1a id hash, the old
 * resolver's mix), checks first that they really do collide under it, and
 * is sized so that the old code took many seconds (past Check's default
 * timeout) while the keyed hash takes milliseconds. The duplicate-check
 * tests are sized the same way against the old linear scans. The last
 * tests run the command-line tool in child processes under different
 * LIBPRODUCT_HASH_SEED values and compare what they write, byte for
 * byte: no output may depend on the key. */
#include <glib/gstdio.h>
#include <string.h>
#include "lp-test.h"

/* ---- inputs that collide under the old hashes ------------------------- */

/* The k-th of the 2^pairs strings of two-letter blocks "Ab" or "BA" (bit i
 * of k picks block i): g_str_hash (h * 33 + c) gives both blocks the same
 * contribution from any state, so all of them share one hash value. */
static void
ab_ba (guint32 k, guint pairs, char *out)
{
  for (guint i = 0; i < pairs; i++)
    memcpy (out + 2 * i, (k >> i) & 1 ? "BA" : "Ab", 2);
  out[2 * pairs] = '\0';
}

/* Asserts that the 2^pairs Ab/BA strings, behind `prefix`, share one
 * g_str_hash value: the input is hostile to GLib's unkeyed hash. */
static void
assert_ab_ba_collide (const char *prefix, guint pairs)
{
  char s[128];
  gsize plen = strlen (prefix);
  memcpy (s, prefix, plen);
  ab_ba (0, pairs, s + plen);
  guint first = g_str_hash (s);
  for (guint32 k = 1; k < (1u << pairs); k++)
    {
      ab_ba (k, pairs, s + plen);
      REQUIRE (g_str_hash (s) == first, "\"%s\" does not collide", s);
    }
}

/* The id table's hash before keyed hashing (git show bba8074): FNV-1a,
 * then a final mix that is a bijection of 32 bits, so ids with one FNV-1a
 * value share the whole hash (and so the cell and the stored hash). */
static guint32
old_hash_id (const char *s)
{
  guint32 h = 2166136261u;
  for (; *s; s++)
    h = (h ^ (guchar) *s) * 16777619u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  return h;
}

/* FNV-1a multi-collisions: from the state FNV-1a has after "fnv-", both
 * strings of pair 0 lead to one state; from there both of pair 1 to one
 * state, and so on. Each pair was found by a birthday search over four
 * letters or digits from the state its predecessors lead to, so the 2^15
 * ids "fnv-" + one string of each pair all share one FNV-1a value. */
static const char *const fnv_pairs[][2] = {
  { "J3cC", "nBAD" }, { "5AcG", "Q0AH" }, { "d9gK", "XHAL" },
  { "oEhO", "C2DP" }, { "O3cS", "kBAT" }, { "XOXW", "d8DX" },
  { "BEfZ", "n2Ba" }, { "nCcg", "r2Ah" }, { "D9gk", "xHAl" },
  { "EGho", "y0Dp" }, { "63gs", "JBAt" }, { "nCcw", "r2Ax" },
  { "j0c3", "VAA4" }, { "k0g3", "OAA4" }, { "TMc7", "x4A8" },
};
#define N_FNV_PAIRS G_N_ELEMENTS (fnv_pairs)

static char *
fnv_colliding_id (guint32 k)
{
  GString *s = g_string_new ("fnv-");
  for (guint i = 0; i < N_FNV_PAIRS; i++)
    g_string_append (s, fnv_pairs[i][(k >> i) & 1]);
  return g_string_free (s, FALSE);
}

/* The JSON loader's dependency resolver hashed ids of up to 11 bytes with
 * an unkeyed mix of their length and bytes (k0: length and 3 bytes, k1:
 * the next 8), every step of which is invertible. */
#define MIX_A G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)
#define MIX_B G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)
#define MIX_C G_GUINT64_CONSTANT (0x94d049bb133111eb)

static guint64
old_resolver_hash (const char *s)
{
  gsize len = strlen (s);
  unsigned char head[12] = { 0 };
  guint32 k0;
  guint64 k1;
  g_assert (len <= 11);
  head[0] = (unsigned char) len;
  memcpy (head + 1, s, len);
  memcpy (&k0, head, 4);
  memcpy (&k1, head + 4, 8);
  guint64 h = (k1 ^ MIX_A) * MIX_B;
  h ^= k0 * MIX_C;
  h ^= h >> 29;
  h *= MIX_B;
  h ^= h >> 32;
  return h;
}

static guint64
inverse_mod_2_64 (guint64 odd)
{
  guint64 x = odd;   /* Newton: each step doubles the correct low bits */
  for (int i = 0; i < 6; i++)
    x *= 2 - odd * x;
  return x;
}

/* n ids of 11 bytes, "rs" + a byte + 8 bytes of 0x01..0x7f, whose old
 * resolver hashes all end in 20 zero bits: one home cell in any table of
 * up to 2^20 cells. Each is found by running the hash backwards from a
 * hash value with those low bits (about 270 tries give 8 such bytes).
 * Returns the ids as a NULL-terminated array. */
static char **
resolver_colliding_ids (guint n)
{
  char **ids = g_new0 (char *, n + 1);
  guint64 inv_b = inverse_mod_2_64 (MIX_B);
  guint64 j = 0;
  for (guint found = 0; found < n; j++)
    {
      char id[12] = "rs";
      id[2] = (char) ('a' + found % 26);
      unsigned char head[4] = { 11, 'r', 's', (unsigned char) id[2] };
      guint32 k0;
      memcpy (&k0, head, 4);
      /* undo h ^= h >> 32, h *= MIX_B, h ^= h >> 29, h ^= k0 * MIX_C */
      guint64 h = (j + 1) << 20;
      h ^= h >> 32;
      h *= inv_b;
      h ^= (h >> 29) ^ (h >> 58);
      h ^= k0 * MIX_C;
      guint64 k1 = (h * inv_b) ^ MIX_A;
      unsigned char tail[8];
      memcpy (tail, &k1, 8);
      gboolean usable = TRUE;
      for (int b = 0; b < 8; b++)
        usable = usable && tail[b] != 0 && tail[b] < 0x80;
      if (!usable)
        continue;
      memcpy (id + 3, tail, 8);
      id[11] = '\0';
      REQUIRE ((old_resolver_hash (id) & 0xfffff) == 0, "inversion failed");
      ids[found++] = g_strdup (id);
    }
  return ids;
}

/* A JSON string: control characters, quotes and backslashes escaped.
 * (Inputs are built without printf: the tests also run under valgrind.) */
static void
append_json_string (GString *out, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) s; *p; p++)
    if (*p < 0x20 || *p == '"' || *p == '\\')
      {
        char esc[6] = { '\\', 'u', '0', '0', hex[*p >> 4], hex[*p & 15] };
        g_string_append_len (out, esc, 6);
      }
    else
      g_string_append_c (out, (char) *p);
  g_string_append_c (out, '"');
}

/* prefix followed by i in decimal, into buf (at least 32 bytes). */
static const char *
numbered (char *buf, const char *prefix, guint i)
{
  char digits[16];
  int n = 0;
  do
    digits[n++] = (char) ('0' + i % 10);
  while ((i /= 10) > 0);
  gsize len = strlen (prefix);
  memcpy (buf, prefix, len);
  while (n > 0)
    buf[len++] = digits[--n];
  buf[len] = '\0';
  return buf;
}

static LpBacklog *
load_json (const GString *json)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_load_data (json->str, json->len, &err);
  ck_assert_msg (b != NULL, "load: %s", err ? err->message : "");
  return b;
}

static LpBacklog *
import_csv (const GString *csv)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_import_csv_data (csv->str, csv->len, &err);
  ck_assert_msg (b != NULL, "import: %s", err ? err->message : "");
  return b;
}

/* ---- flooding ---------------------------------------------------------- */

#define AB_BA_PAIRS 15   /* 32,768 strings of 30 bytes */

/* 32,768 labels sharing one g_str_hash value, one an item (the label
 * index, the interned names): 22 s before. */
START_TEST (test_colliding_labels)
{
  guint n = 1u << AB_BA_PAIRS;
  char label[2 * AB_BA_PAIRS + 1];
  assert_ab_ba_collide ("", AB_BA_PAIRS);
  GString *json = g_string_new ("{\"format\": \"libproduct/1\", \"items\": [");
  for (guint32 k = 0; k < n; k++)
    {
      ab_ba (k, AB_BA_PAIRS, label);
      char id[32];
      g_string_append (json, k ? ",{\"id\": \"" : "{\"id\": \"");
      g_string_append (json, numbered (id, "I-", k));
      g_string_append (json, "\", \"labels\": [\"");
      g_string_append (json, label);
      g_string_append (json, "\"]}");
    }
  g_string_append (json, "]}");
  LpBacklog *b = load_json (json);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), n);
  for (guint32 k = 0; k < n; k += 997)
    {
      LpItem *item = lp_backlog_get_item_at (b, k);
      ab_ba (k, AB_BA_PAIRS, label);
      ck_assert_str_eq (lp_item_get_label (item, 0), label);
      ck_assert (lp_item_has_label (item, label));
      ab_ba (k ^ 1, AB_BA_PAIRS, label);
      ck_assert (!lp_item_has_label (item, label));
    }
  lp_backlog_unref (b);
  g_string_free (json, TRUE);
}
END_TEST

/* 32,768 CSV ids sharing one g_str_hash value (the import's id index): 34 s
 * before. */
START_TEST (test_colliding_csv_ids)
{
  guint n = 1u << AB_BA_PAIRS;
  char id[2 * AB_BA_PAIRS + 1];
  GString *csv = g_string_new ("id,value,effort\n");
  for (guint32 k = 0; k < n; k++)
    {
      ab_ba (k, AB_BA_PAIRS, id);
      char numbers[] = { ',', (char) ('1' + k % 9), ',', (char) ('1' + k % 5),
                         '\n' };
      g_string_append (csv, id);
      g_string_append_len (csv, numbers, sizeof numbers);
    }
  LpBacklog *b = import_csv (csv);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), n);
  ab_ba (n - 1, AB_BA_PAIRS, id);
  ck_assert_uint_eq (lp_item_get_position (lp_backlog_get_item (b, id)), n - 1);
  lp_backlog_unref (b);

  /* a repeat is still found among them */
  ab_ba (12345, AB_BA_PAIRS, id);
  g_string_append_printf (csv, "%s,1,1\n", id);
  GError *err = NULL;
  ck_assert (lp_backlog_import_csv_data (csv->str, csv->len, &err) == NULL);
  lp_assert_error (err, LP_ERROR_DUPLICATE_ID, "first on line 12347");
  g_string_free (csv, TRUE);
}
END_TEST

/* The tokens of a CSV row (labels, depends_on, links) were interned with
 * g_string_chunk_insert_const(), whose table hashes with g_str_hash:
 * 32,768 rows whose tokens collide. */
START_TEST (test_colliding_csv_tokens)
{
  guint n = 1u << AB_BA_PAIRS;
  char token[2 * AB_BA_PAIRS + 1];
  GString *csv = g_string_new ("id,labels,depends_on,links\n");
  for (guint32 k = 0; k < n; k++)
    {
      ab_ba (k, AB_BA_PAIRS, token);
      /* the dependencies name another project's items: ignored */
      char id[32];
      g_string_append (csv, numbered (id, "I-", k));
      g_string_append (csv, ",");
      g_string_append (csv, token);
      g_string_append (csv, ",X");
      g_string_append (csv, token);
      g_string_append (csv, ",blocks:Y");
      g_string_append (csv, token);
      g_string_append_c (csv, '\n');
    }
  LpBacklog *b = import_csv (csv);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), n);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 0);
  ab_ba (n - 1, AB_BA_PAIRS, token);
  ck_assert (lp_item_has_label (lp_backlog_get_item_at (b, n - 1), token));
  lp_backlog_unref (b);
  g_string_free (csv, TRUE);
}
END_TEST

/* 32,768 ids sharing the old id hash (FNV-1a), built by construction as
 * the issue's 250,000 were found offline: quadratic before. */
START_TEST (test_fnv_colliding_ids)
{
  guint n = 1u << N_FNV_PAIRS;
  char **ids = g_new0 (char *, n + 1);
  for (guint32 k = 0; k < n; k++)
    ids[k] = fnv_colliding_id (k);
  guint32 first = old_hash_id (ids[0]);
  for (guint32 k = 1; k < n; k++)
    REQUIRE (old_hash_id (ids[k]) == first, "%s does not collide", ids[k]);

  LpBacklog *b = lp_backlog_new ();
  GError *err = NULL;
  ck_assert_msg (lp_backlog_add_items (b, n, (const char *const *) ids, NULL,
                                       NULL, NULL, &err),
                 "%s", err ? err->message : "");
  for (guint32 k = 0; k < n; k++)
    REQUIRE (lp_item_get_position (lp_backlog_get_item (b, ids[k])) == k,
             "%s not found", ids[k]);
  /* and one by one */
  LpBacklog *one = lp_backlog_new ();
  for (guint32 k = 0; k < n; k++)
    REQUIRE (lp_backlog_add_item (one, ids[k], NULL, NULL) != NULL,
             "%s refused", ids[k]);
  ck_assert (lp_backlog_add_item (one, ids[n / 2], NULL, &err) == NULL);
  lp_assert_error (err, LP_ERROR_DUPLICATE_ID, NULL);
  lp_backlog_unref (one);
  lp_backlog_unref (b);
  g_strfreev (ids);
}
END_TEST

/* 50,000 ids on one home cell of the JSON resolver's old table, each item
 * depending on the last two (every lookup walked the whole run):
 * quadratic before. */
START_TEST (test_resolver_colliding_ids)
{
  guint n = 50000;
  char **ids = resolver_colliding_ids (n);
  GString *json = g_string_new ("{\"format\": \"libproduct/1\", \"items\": [");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (json, i ? ",\n{\"id\": " : "\n{\"id\": ");
      append_json_string (json, ids[i]);
      g_string_append (json, ", \"depends_on\": [");
      guint written = 0;
      for (guint d = n - 2; d < n; d++)
        if (d > i)
          {
            g_string_append (json, written++ ? ", " : "");
            append_json_string (json, ids[d]);
          }
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}");
  LpBacklog *b = load_json (json);
  ck_assert_uint_eq (lp_backlog_get_n_items (b), n);
  ck_assert_uint_eq (lp_backlog_get_n_dependencies (b), 2 * (n - 2) + 1);
  LpItem *first = lp_backlog_get_item (b, ids[0]);
  LpItem *last = lp_backlog_get_item (b, ids[n - 1]);
  ck_assert (lp_backlog_has_dependency (b, first, last));
  lp_backlog_unref (b);
  g_string_free (json, TRUE);
  g_strfreev (ids);
}
END_TEST

/* 65,536 criteria, named so that they share one g_str_hash value: the name
 * index is keyed, and adding a criterion no longer compares its name with
 * every other (150,000 criteria: 31 s before). */
START_TEST (test_many_colliding_criteria)
{
  guint pairs = 16, n = 1u << pairs;
  char name[2 * 16 + 2];
  LpScoreModel *m = lp_score_model_new_scorecard ();
  GError *err = NULL;
  name[0] = 'c';
  for (guint32 k = 0; k < n; k++)
    {
      ab_ba (k, pairs, name + 1);
      REQUIRE (lp_score_model_add_criterion (m, name, 1, LP_SCALE_CUSTOM,
                                             NULL), "%s refused", name);
    }
  double values[] = { 3, 1, 2 };
  for (guint32 k = 0; k < n; k += 7)
    {
      ab_ba (k, pairs, name + 1);
      REQUIRE (lp_score_model_set_criterion_values (m, name, values, 3, NULL),
               "values of %s refused", name);
    }
  ck_assert_uint_eq (lp_score_model_get_n_criteria (m), n);
  ab_ba (n - 1, pairs, name + 1);
  ck_assert (!lp_score_model_add_criterion (m, name, 2, LP_SCALE_ANY, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "already in the scorecard");
  ck_assert (!lp_score_model_set_criterion_values (m, "c", values, 3, &err));
  lp_assert_error (err, LP_ERROR_INVALID_VALUE, "no criterion \"c\"");
  lp_score_model_unref (m);
}
END_TEST

/* ---- duplicate checks -------------------------------------------------- */

/* One item with 100,000 labels, each added twice: every label was
 * compared with all the item's others (400,000 labels: 25 s before). */
START_TEST (test_many_labels_on_one_item)
{
  guint n = 100000;
  LpBacklog *b = lp_backlog_new ();
  LpItem *item = lp_backlog_add_item (b, "I", NULL, NULL);
  char label[32];
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n; i++)
      REQUIRE (lp_item_add_label (item, numbered (label, "l", i), NULL),
               "%s refused", label);
  ck_assert_uint_eq (lp_item_get_n_labels (item), n);
  for (guint i = 0; i < n; i += 101)
    {
      REQUIRE (lp_item_has_label (item, numbered (label, "l", i)),
               "%s missing", label);
      REQUIRE (strcmp (lp_item_get_label (item, i), label) == 0,
               "%s out of place", label);
    }
  ck_assert (!lp_item_has_label (item, numbered (label, "l", n)));
  lp_backlog_unref (b);

  /* the loader's path, each label twice */
  GString *json = g_string_new ("{\"format\": \"libproduct/1\", \"items\": "
                                "[{\"id\": \"J\", \"labels\": [");
  for (guint i = 0; i < 2000; i++)
    {
      g_string_append (json, i ? ",\"" : "\"");
      g_string_append (json, numbered (label, "m", i % 1000));
      g_string_append_c (json, '"');
    }
  g_string_append (json, "]}]}");
  LpBacklog *loaded = load_json (json);
  LpItem *j = lp_backlog_get_item (loaded, "J");
  ck_assert_uint_eq (lp_item_get_n_labels (j), 1000);
  ck_assert_str_eq (lp_item_get_label (j, 999), "m999");
  lp_backlog_unref (loaded);
  g_string_free (json, TRUE);
}
END_TEST

static void
assert_labels (const LpItem *item, const char *const *expected)
{
  guint n = g_strv_length ((char **) expected);
  ck_assert_uint_eq (lp_item_get_n_labels (item), n);
  for (guint i = 0; i < n; i++)
    {
      ck_assert_str_eq (lp_item_get_label (item, i), expected[i]);
      ck_assert (lp_item_has_label (item, expected[i]));
    }
}

/* A set past the scan size keeps its index right through removals, growth
 * and the reuse of its item's slot. */
START_TEST (test_label_index_kept)
{
  LpBacklog *b = lp_backlog_new ();
  LpItem *item = lp_backlog_add_item (b, "I", NULL, NULL);
  LpItem *other = lp_backlog_add_item (b, "O", NULL, NULL);
  GPtrArray *want = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < 40; i++)
    {
      char *label = g_strdup_printf ("l%u", i);
      ck_assert (lp_item_add_label (item, label, NULL));
      g_ptr_array_add (want, label);
    }
  ck_assert (lp_item_add_label (other, "l39", NULL));
  ck_assert (lp_item_add_label (other, "only-other", NULL));
  ck_assert (!lp_item_has_label (item, "only-other"));
  ck_assert (!lp_item_has_label (item, "never-seen"));

  /* first, last and a middle one go; the rest keep their order */
  ck_assert (lp_item_remove_label (item, "l0"));
  ck_assert (lp_item_remove_label (item, "l39"));
  ck_assert (lp_item_remove_label (item, "l20"));
  ck_assert (!lp_item_remove_label (item, "l20"));
  ck_assert (!lp_item_remove_label (item, "only-other"));
  g_ptr_array_remove_index (want, 39);
  g_ptr_array_remove_index (want, 20);
  g_ptr_array_remove_index (want, 0);
  g_ptr_array_add (want, NULL);
  assert_labels (item, (const char *const *) want->pdata);
  ck_assert (!lp_item_has_label (item, "l0"));
  ck_assert (!lp_item_has_label (item, "l20"));
  ck_assert (lp_item_has_label (other, "l39"));

  /* back at the end, once */
  ck_assert (lp_item_add_label (item, "l0", NULL));
  ck_assert (lp_item_add_label (item, "l0", NULL));
  ck_assert_uint_eq (lp_item_get_n_labels (item), 38);
  ck_assert_str_eq (lp_item_get_label (item, 37), "l0");

  /* emptied one by one, then refilled */
  while (lp_item_get_n_labels (item) > 0)
    ck_assert (lp_item_remove_label (item, lp_item_get_label (item, 0)));
  ck_assert (!lp_item_has_label (item, "l5"));
  ck_assert (lp_item_add_label (item, "l5", NULL));
  const char *just_l5[] = { "l5", NULL };
  assert_labels (item, just_l5);

  /* a removed item's slot comes back without its labels */
  for (guint i = 0; i < 40; i++)
    {
      char label[16];
      g_snprintf (label, sizeof label, "l%u", i);
      ck_assert (lp_item_add_label (item, label, NULL));
    }
  lp_backlog_remove_item (b, item);
  LpItem *reused = lp_backlog_add_item (b, "R", NULL, NULL);
  ck_assert_uint_eq (lp_item_get_n_labels (reused), 0);
  ck_assert (!lp_item_has_label (reused, "l7"));
  ck_assert (lp_item_add_label (reused, "l7", NULL));
  ck_assert_uint_eq (lp_item_get_n_labels (reused), 1);
  g_ptr_array_unref (want);
  lp_backlog_unref (b);
}
END_TEST

/* Removing a label from an item of a block where no item has labels, or
 * one that no item has. */
START_TEST (test_remove_label_from_unlabelled)
{
  LpBacklog *b = lp_backlog_new ();
  char id[32];
  for (guint i = 0; i <= 4096; i++)   /* two blocks of items */
    ck_assert (lp_backlog_add_item (b, numbered (id, "I-", i), NULL, NULL));
  LpItem *first = lp_backlog_get_item_at (b, 0);
  LpItem *last = lp_backlog_get_item_at (b, 4096);
  ck_assert (lp_item_add_label (first, "x", NULL));
  ck_assert (!lp_item_remove_label (last, "x"));
  ck_assert (!lp_item_remove_label (last, "never"));
  ck_assert (!lp_item_has_label (last, "x"));
  ck_assert (lp_item_remove_label (first, "x"));
  lp_backlog_unref (b);
}
END_TEST

/* ---- the key never shows in the output --------------------------------- */

#ifndef LP_TEST_BUILDDIR
#define LP_TEST_BUILDDIR "."
#endif

/* Runs argv with LIBPRODUCT_HASH_SEED=seed (NULL: unset) in `dir`;
 * returns its standard output followed by its standard error, and its
 * exit status in *status. */
static char *
run_with_seed (const char *seed, const char *dir, const char *const *argv,
               int *status)
{
  char **env = g_get_environ ();
  env = seed ? g_environ_setenv (env, "LIBPRODUCT_HASH_SEED", seed, TRUE)
             : g_environ_unsetenv (env, "LIBPRODUCT_HASH_SEED");
  char *out = NULL, *err_text = NULL;
  GError *err = NULL;
  gboolean spawned = g_spawn_sync (dir, (char **) argv, env, G_SPAWN_DEFAULT,
                                   NULL, NULL, &out, &err_text, status, &err);
  ck_assert_msg (spawned, "%s: %s", argv[0], err ? err->message : "");
  g_strfreev (env);
  char *both = g_strconcat (out, "\n--- stderr\n", err_text, NULL);
  g_free (out);
  g_free (err_text);
  return both;
}

static char *
hash_child (const char *seed, const char *text)
{
  const char *argv[] = { LP_TEST_BUILDDIR "/tests/hash-seed-child", text,
                         NULL };
  int status = 0;
  char *out = run_with_seed (seed, NULL, argv, &status);
  ck_assert_msg (g_spawn_check_wait_status (status, NULL), "hash-seed-child");
  return out;
}

/* What the tests below rely on: the seed fixes the key, a different seed
 * gives different hashes, and without one every process draws its own. */
START_TEST (test_seed_sets_the_key)
{
  char *one = hash_child ("1", "LP-1");
  char *one_again = hash_child ("1", "LP-1");
  char *two = hash_child ("2", "LP-1");
  char *hex = hash_child ("0x10", "LP-1");
  char *decimal = hash_child ("16", "LP-1");
  char *random1 = hash_child (NULL, "LP-1");
  char *random2 = hash_child (NULL, "LP-1");
  char *junk1 = hash_child ("not a number", "LP-1");
  char *junk2 = hash_child ("not a number", "LP-1");
  ck_assert_str_eq (one, one_again);
  ck_assert_str_ne (one, two);
  ck_assert_str_eq (hex, decimal);
  ck_assert_str_ne (random1, random2);
  ck_assert_str_ne (junk1, junk2);
  ck_assert_str_ne (random1, one);
  g_free (one);
  g_free (one_again);
  g_free (two);
  g_free (hex);
  g_free (decimal);
  g_free (random1);
  g_free (random2);
  g_free (junk1);
  g_free (junk2);
}
END_TEST

/* A backlog that exercises every table of user strings: ids, labels (some
 * items with more than 16), attributes, dependencies (and a cycle),
 * parents, statuses, MoSCoW and Kano answers. */
static LpBacklog *
varied_backlog (guint n)
{
  LpBacklog *b = lp_backlog_new ();
  GRand *rand = g_rand_new_with_seed (9);
  for (guint i = 0; i < n; i++)
    {
      char id[32], name[32];
      g_snprintf (id, sizeof id, "%s-%u", i % 3 ? "LP" : "Bug", i * 7919 % n);
      LpItem *item = lp_backlog_add_item (b, id, id, NULL);
      ck_assert (item != NULL);
      if (i % 5)
        ck_assert (lp_item_set_value (item, g_rand_int_range (rand, 0, 20), NULL));
      if (i % 7)
        ck_assert (lp_item_set_effort (item, g_rand_int_range (rand, 1, 9), NULL));
      lp_item_set_status (item, (LpItemStatus) (i % 11 == 0 ? LP_ITEM_STATUS_DONE
                                                : i % 97 == 0 ? LP_ITEM_STATUS_DROPPED
                                                : LP_ITEM_STATUS_TODO));
      lp_item_set_moscow (item, (LpMoscow) (i % 5));
      guint n_labels = i % 10 == 0 ? 30 : i % 4;
      for (guint l = 0; l < n_labels; l++)
        {
          g_snprintf (name, sizeof name, "area %u", g_rand_int_range (rand, 0, 60));
          ck_assert (lp_item_add_label (item, name, NULL));
        }
      for (guint a = 0; a < i % 5; a++)
        {
          g_snprintf (name, sizeof name, "attr_%u", g_rand_int_range (rand, 0, 30));
          ck_assert (lp_item_set_attribute (item, name, g_rand_int_range (rand, 1, 9),
                                            NULL));
        }
      for (guint k = 0; k < i % 3; k++)
        lp_item_add_kano_answer (item, (LpKanoAnswer) g_rand_int_range (rand, 0, 5),
                                 (LpKanoAnswer) g_rand_int_range (rand, 0, 5));
      if (i > 0 && i % 2)
        ck_assert (lp_backlog_add_dependency (
            b, item, lp_backlog_get_item_at (b, g_rand_int_range (rand, 0, i)),
            NULL));
      if (i > 10 && i % 6 == 0)
        ck_assert (lp_item_set_parent (item, lp_backlog_get_item_at (b, i / 6), NULL));
    }
  /* a cycle for `check` to report, which nothing depends on */
  LpItem *x = lp_backlog_get_item_at (b, n - 2);
  LpItem *y = lp_backlog_get_item_at (b, n - 1);
  ck_assert (lp_backlog_add_dependency (b, x, y, NULL));
  ck_assert (lp_backlog_add_dependency (b, y, x, NULL));
  g_rand_free (rand);
  return b;
}

static void
write_file (const char *dir, const char *name, const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  GError *err = NULL;
  ck_assert_msg (g_file_set_contents (path, text, -1, &err), "%s",
                 err ? err->message : "");
  g_free (path);
}

static char *
read_file (const char *dir, const char *name)
{
  char *path = g_build_filename (dir, name, NULL), *text = NULL;
  GError *err = NULL;
  ck_assert_msg (g_file_get_contents (path, &text, NULL, &err), "%s",
                 err ? err->message : "");
  g_unlink (path);
  g_free (path);
  return text;
}

/* Everything `prioritize` writes (orders by every kind of model, checks,
 * explanations, conversions of JSON and CSV), under two seeds: the same
 * bytes on both outputs and in the files written. */
START_TEST (test_output_independent_of_seed)
{
  GError *err = NULL;
  char *dir = g_dir_make_tmp ("lp-hash-XXXXXX", &err);
  ck_assert_msg (dir != NULL, "%s", err ? err->message : "");
  LpBacklog *b = varied_backlog (600);
  char *in_json = g_build_filename (dir, "in.json", NULL);
  ck_assert (lp_backlog_save_file (b, in_json, NULL));
  char *explained = g_strdup (lp_item_get_id (lp_backlog_get_item_at (b, 50)));
  lp_backlog_unref (b);
  GString *csv = g_string_new ("key,summary,story points,priority,labels,"
                               "labels,depends_on,links\n");
  for (guint i = 0; i < 400; i++)
    g_string_append_printf (csv, "K-%u,t%u,%u,%s,x%u;y%u,z%u;x%u,K-%u;K-%u,"
                            "blocks:K-%u;relates:K-1\n", i, i, i % 8,
                            i % 3 ? "High" : "Low", i % 17, i % 5, i % 9,
                            i % 4, (i * 31) % 400, (i * 17) % 400,
                            (i * 7 + 3) % 400);
  write_file (dir, "in.csv", csv->str);
  g_string_free (csv, TRUE);
  write_file (dir, "card.json",
              "{\"format\": \"libproduct-scorecard/1\", \"criteria\": ["
              "{\"name\": \"attr_3\", \"weight\": 2},"
              "{\"name\": \"attr_7\", \"weight\": 1},"
              "{\"name\": \"attr_11\", \"weight\": 0.5}]}");

  const char *cli = LP_TEST_BUILDDIR "/examples/prioritize";
  const char *const commands[][8] = {
    { cli, "rank", "in.json", "--lenient", NULL },
    { cli, "rank", "in.json", "--lenient", "--json", "--quadrants", NULL },
    { cli, "rank", "in.json", "--lenient", "--csv", "--inherit", NULL },
    { cli, "rank", "in.json", "--lenient", "--by", "moscow", NULL },
    { cli, "rank", "in.json", "--lenient", "--by", "kano", "--json", NULL },
    { cli, "rank", "in.json", "--lenient", "--by", "scorecard:card.json",
      "--json", NULL },
    { cli, "rank", "in.json", "--lenient", "--by",
      "formula:attr_1 * 2 + attr_2 / (attr_3 + 1)", "--csv", NULL },
    { cli, "check", "in.json", NULL },
    { cli, "explain", "in.json", explained, NULL },
    { cli, "rank", "in.csv", "--lenient", "--json", NULL },
    { cli, "convert", "in.json", "out.json", NULL },
    { cli, "convert", "in.csv", "out.json", NULL },
  };
  for (gsize c = 0; c < G_N_ELEMENTS (commands); c++)
    {
      const char *out_file = NULL;
      if (strcmp (commands[c][1], "convert") == 0)
        out_file = commands[c][3];
      char *outputs[2], *files[2];
      int status[2];
      const char *seeds[2] = { "1", "0xfeedface" };
      for (int s = 0; s < 2; s++)
        {
          outputs[s] = run_with_seed (seeds[s], dir, commands[c], &status[s]);
          files[s] = out_file ? read_file (dir, out_file) : g_strdup ("");
        }
      char *line = g_strjoinv (" ", (char **) commands[c] + 1);
      ck_assert_msg (status[0] == status[1], "%s: exit status %d vs %d", line,
                     status[0], status[1]);
      ck_assert_msg (strlen (outputs[0]) + strlen (files[0]) > 500,
                     "%s: little output", line);
      if (g_getenv ("LP_TEST_VERBOSE"))
        g_printerr ("%s: status %d, %zu + %zu bytes\n", line, status[0],
                    strlen (outputs[0]), strlen (files[0]));
      ck_assert_msg (strcmp (outputs[0], outputs[1]) == 0,
                     "%s: output depends on the hash key", line);
      ck_assert_msg (strcmp (files[0], files[1]) == 0,
                     "%s: %s depends on the hash key", line, out_file);
      g_free (line);
      for (int s = 0; s < 2; s++)
        {
          g_free (outputs[s]);
          g_free (files[s]);
        }
    }
  g_unlink (in_json);
  char *path = g_build_filename (dir, "in.csv", NULL);
  g_unlink (path);
  g_free (path);
  path = g_build_filename (dir, "card.json", NULL);
  g_unlink (path);
  g_free (path);
  g_rmdir (dir);
  g_free (in_json);
  g_free (explained);
  g_free (dir);
}
END_TEST

Suite *
lp_test_hostile_hash_suite (void)
{
  Suite *s = suite_create ("hostile-hash");
  /* the default timeout (4 s): each of these took far longer before */
  TCase *tc = tcase_create ("hostile-hash");
  tcase_add_test (tc, test_colliding_labels);
  tcase_add_test (tc, test_colliding_csv_ids);
  tcase_add_test (tc, test_colliding_csv_tokens);
  tcase_add_test (tc, test_fnv_colliding_ids);
  tcase_add_test (tc, test_resolver_colliding_ids);
  tcase_add_test (tc, test_many_colliding_criteria);
  tcase_add_test (tc, test_many_labels_on_one_item);
  tcase_add_test (tc, test_label_index_kept);
  tcase_add_test (tc, test_remove_label_from_unlabelled);
  suite_add_tcase (s, tc);
  /* child processes: a few seconds under sanitizers */
  TCase *seeds = tcase_create ("hash-seed");
  tcase_set_timeout (seeds, 120);
  tcase_add_test (seeds, test_seed_sets_the_key);
  tcase_add_test (seeds, test_output_independent_of_seed);
  suite_add_tcase (s, seeds);
  return s;
}
