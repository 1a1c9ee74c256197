/* Check suite "cycles": lp-cycles.h — cycle groups (strongly connected
 * components), their order, members and representative shortest path, the
 * two scopes, report lifetime, a million-item cycle, and a randomized
 * comparison against a reachability-matrix reference. */
#include <string.h>
#include "lp-test.h"

/* Fails without Check's per-assertion bookkeeping (see test-order.c). */
#define REQUIRE(cond, ...)                                                 \
  do {                                                                     \
    if (G_UNLIKELY (!(cond)))                                              \
      ck_abort_msg (__VA_ARGS__);                                          \
  } while (0)


/* --- helpers ------------------------------------------------------------ */

/* Adds one item per space-separated id. */
static void
add_all (LpBacklog *b, const char *ids)
{
  char **v = g_strsplit (ids, " ", -1);
  for (guint i = 0; v[i] != NULL; i++)
    ck_assert_ptr_nonnull (lp_backlog_add_item (b, v[i], NULL, NULL));
  g_strfreev (v);
}

static LpItem *
get (LpBacklog *b, const char *id)
{
  LpItem *it = lp_backlog_get_item (b, id);
  ck_assert_msg (it != NULL, "no item \"%s\"", id);
  return it;
}

/* "A>B C>D": A depends on B, C depends on D. */
static void
deps (LpBacklog *b, const char *spec)
{
  char **v = g_strsplit (spec, " ", -1);
  for (guint i = 0; v[i] != NULL; i++)
    {
      char **pair = g_strsplit (v[i], ">", 2);
      ck_assert_ptr_nonnull (pair[1]);
      ck_assert (lp_backlog_add_dependency (b, get (b, pair[0]),
                                            get (b, pair[1]), NULL));
      g_strfreev (pair);
    }
  g_strfreev (v);
}

/* "A B C" for the members of a group. */
static char *
members_of (const LpCycles *c, guint group)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < lp_cycles_get_group_size (c, group); i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, lp_item_get_id (lp_cycles_get_member (c, group, i)));
    }
  return g_string_free (s, FALSE);
}

/* Checks a group: its members, and that the path is a cycle as documented
 * (starts at the first member, each item depends on the next, the last on
 * the first) whose text is `path`. */
static void
assert_group (LpBacklog *b, const LpCycles *c, guint group,
              const char *members, const char *path)
{
  char *got = members_of (c, group);
  ck_assert_str_eq (got, members);
  g_free (got);
  guint len = lp_cycles_get_path_length (c, group);
  ck_assert_uint_ge (len, 2);
  ck_assert_uint_ge (lp_cycles_get_group_size (c, group), 2);
  ck_assert_ptr_eq (lp_cycles_get_path_item (c, group, 0),
                    lp_cycles_get_member (c, group, 0));
  GString *text = g_string_new (NULL);
  for (guint i = 0; i < len; i++)
    {
      LpItem *it = lp_cycles_get_path_item (c, group, i);
      LpItem *nx = lp_cycles_get_path_item (c, group, (i + 1) % len);
      ck_assert (lp_backlog_has_dependency (b, it, nx));
      g_string_append_printf (text, "%s -> ", lp_item_get_id (it));
    }
  g_string_append (text, lp_item_get_id (lp_cycles_get_path_item (c, group, 0)));
  ck_assert_str_eq (text->str, path);
  g_string_free (text, TRUE);
  char *formatted = lp_cycles_format_path (c, group);
  ck_assert_str_eq (formatted, path);
  g_free (formatted);
}

/* --- groups ------------------------------------------------------------------ */

START_TEST (test_acyclic)
{
  LpBacklog *b = lp_backlog_new ();
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_ptr_nonnull (c);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 0);
  lp_cycles_unref (c);

  add_all (b, "A B C D E");
  deps (b, "A>B B>C A>C D>C E>A E>D");
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 0);
  lp_cycles_unref (c);
  c = lp_backlog_find_cycles (b, LP_CYCLES_OPEN_ONLY);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 0);
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_two_cycle)
{
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "A B C");
  deps (b, "A>B B>A C>A");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  ck_assert_uint_eq (lp_cycles_get_group_size (c, 0), 2);
  ck_assert_uint_eq (lp_cycles_get_path_length (c, 0), 2);
  ck_assert_ptr_eq (lp_cycles_get_member (c, 0, 0), get (b, "A"));
  ck_assert_ptr_eq (lp_cycles_get_member (c, 0, 1), get (b, "B"));
  ck_assert_ptr_eq (lp_cycles_get_path_item (c, 0, 0), get (b, "A"));
  ck_assert_ptr_eq (lp_cycles_get_path_item (c, 0, 1), get (b, "B"));
  assert_group (b, c, 0, "A B", "A -> B -> A");
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_path_follows_dependencies)
{
  /* members in manual order; the path in dependency order */
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "A B C");
  deps (b, "A>C C>B B>A");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  assert_group (b, c, 0, "A B C", "A -> C -> B -> A");
  ck_assert_uint_eq (lp_cycles_get_path_length (c, 0), 3);
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_shortest_path)
{
  /* A -> B -> C -> D -> A, but also A -> D -> A */
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "A B C D");
  deps (b, "A>B B>C C>D D>A A>D");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  assert_group (b, c, 0, "A B C D", "A -> D -> A");
  lp_cycles_unref (c);
  lp_backlog_unref (b);

  /* the long way is recorded first */
  b = lp_backlog_new ();
  add_all (b, "A B C D E");
  deps (b, "A>B B>C C>D D>A A>E E>A");
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  assert_group (b, c, 0, "A B C D E", "A -> E -> A");
  lp_cycles_unref (c);
  lp_backlog_unref (b);

  /* the path goes through the first member even when a shorter cycle
   * elsewhere exists */
  b = lp_backlog_new ();
  add_all (b, "A B C");
  deps (b, "A>B B>C C>B C>A");
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  assert_group (b, c, 0, "A B C", "A -> B -> C -> A");
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_groups_sorted)
{
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "X A B C D E");
  /* a search from X meets {B, E} before {A, D} */
  deps (b, "X>B B>E E>B A>D D>A C>X");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 2);
  assert_group (b, c, 0, "A D", "A -> D -> A");
  assert_group (b, c, 1, "B E", "B -> E -> B");
  lp_cycles_unref (c);

  /* reordering the backlog reorders groups, members and paths */
  ck_assert (lp_backlog_move_item (b, get (b, "E"), 0, &err));
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 2);
  assert_group (b, c, 0, "E B", "E -> B -> E");
  assert_group (b, c, 1, "A D", "A -> D -> A");
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_one_group_per_component)
{
  /* cycles that share an item form one group; items that only depend on
   * a cycle (or that it depends on) are not members */
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "P A B C Q");
  deps (b, "A>B B>A B>C C>B P>A C>Q");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  assert_group (b, c, 0, "A B C", "A -> B -> A");
  lp_cycles_unref (c);
  /* a second, separate cycle */
  deps (b, "P>Q Q>P");
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  /* P -> A -> B -> C -> Q -> P: everything is one component now */
  assert_group (b, c, 0, "P A B C Q", "P -> Q -> P");
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_scope)
{
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "A B C D E P Q R");
  deps (b, "A>B B>C C>A D>E E>D P>Q Q>R R>P Q>P");
  lp_item_set_status (get (b, "C"), LP_ITEM_STATUS_DONE);
  lp_item_set_status (get (b, "D"), LP_ITEM_STATUS_DROPPED);
  lp_item_set_status (get (b, "R"), LP_ITEM_STATUS_DONE);
  lp_item_set_status (get (b, "P"), LP_ITEM_STATUS_IN_PROGRESS);

  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 3);
  assert_group (b, c, 0, "A B C", "A -> B -> C -> A");
  assert_group (b, c, 1, "D E", "D -> E -> D");
  /* Q depends on P directly: the shortest way back */
  assert_group (b, c, 2, "P Q R", "P -> Q -> P");
  lp_cycles_unref (c);

  c = lp_backlog_find_cycles (b, LP_CYCLES_OPEN_ONLY);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  assert_group (b, c, 0, "P Q", "P -> Q -> P");
  lp_cycles_unref (c);

  lp_item_set_status (get (b, "C"), LP_ITEM_STATUS_TODO);
  lp_item_set_status (get (b, "D"), LP_ITEM_STATUS_IN_PROGRESS);
  c = lp_backlog_find_cycles (b, LP_CYCLES_OPEN_ONLY);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 3);
  assert_group (b, c, 0, "A B C", "A -> B -> C -> A");
  assert_group (b, c, 1, "D E", "D -> E -> D");
  assert_group (b, c, 2, "P Q", "P -> Q -> P");
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_after_edits)
{
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "A B C");
  deps (b, "A>B B>C C>A");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  lp_cycles_unref (c);

  ck_assert (lp_backlog_remove_dependency (b, get (b, "C"), get (b, "A")));
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 0);
  lp_cycles_unref (c);

  deps (b, "C>B");
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  assert_group (b, c, 0, "B C", "B -> C -> B");
  lp_cycles_unref (c);

  lp_backlog_remove_item (b, get (b, "C"));
  c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 0);
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_report_lifetime)
{
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "A B");
  deps (b, "A>B B>A");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_ptr_eq (lp_cycles_ref (c), c);
  lp_cycles_unref (c);

  /* a snapshot: later dependencies do not change it */
  add_all (b, "C");
  deps (b, "C>A A>C");
  ck_assert_uint_eq (lp_cycles_get_group_size (c, 0), 2);
  /* and it keeps the backlog alive */
  lp_backlog_unref (b);
  char *path = lp_cycles_format_path (c, 0);
  ck_assert_str_eq (path, "A -> B -> A");
  g_free (path);
  ck_assert_str_eq (lp_item_get_id (lp_cycles_get_member (c, 0, 1)), "B");
  lp_cycles_unref (c);
  lp_cycles_unref (NULL);

  b = lp_backlog_new ();
  {
    g_autoptr (LpCycles) auto_cycles = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
    ck_assert_uint_eq (lp_cycles_get_n_groups (auto_cycles), 0);
  }
  lp_backlog_unref (b);
}
END_TEST

START_TEST (test_programmer_errors)
{
  LpBacklog *b = lp_backlog_new ();
  add_all (b, "A B X");
  deps (b, "A>B B>A");
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);

  criticals_begin ();
  ck_assert_ptr_null (lp_backlog_find_cycles (NULL, LP_CYCLES_ALL));
  ck_assert_uint_eq (criticals_count (), 1);
  ck_assert_ptr_null (lp_backlog_find_cycles (b, (LpCycleScope) 7));
  ck_assert_uint_eq (lp_cycles_get_group_size (c, 1), 0);
  ck_assert_uint_eq (lp_cycles_get_path_length (c, 1), 0);
  ck_assert_ptr_null (lp_cycles_get_member (c, 0, 2));
  ck_assert_ptr_null (lp_cycles_get_path_item (c, 0, 2));
  ck_assert_ptr_null (lp_cycles_format_path (c, 1));
  ck_assert_uint_eq (lp_cycles_get_n_groups (NULL), 0);
  ck_assert_uint_eq (criticals_count (), 8);
  /* stale: an item was removed since */
  lp_backlog_remove_item (b, get (b, "X"));
  ck_assert_ptr_null (lp_cycles_get_member (c, 0, 0));
  ck_assert_ptr_null (lp_cycles_format_path (c, 0));
  ck_assert_uint_eq (criticals_end (), 10);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

/* --- a million items --------------------------------------------------------- */

enum { BIG = 1000000 };

START_TEST (test_million_cycle)
{
  /* item i depends on item i + 1, the last on the first */
  GError *err = NULL;
  LpBacklog *b = lp_backlog_new ();
  char **ids = g_new (char *, BIG + 1);
  guint32 *dependents = g_new (guint32, BIG);
  guint32 *prerequisites = g_new (guint32, BIG);
  for (guint i = 0; i < BIG; i++)
    {
      ids[i] = g_strdup_printf ("B%u", i);
      dependents[i] = i;
      prerequisites[i] = (i + 1) % BIG;
    }
  ids[BIG] = NULL;
  ck_assert (lp_backlog_add_items (b, BIG, (const char *const *) ids, NULL,
                                   NULL, NULL, &err));
  ck_assert (lp_backlog_add_dependencies (b, BIG, dependents, prerequisites,
                                          &err));
  g_strfreev (ids);
  g_free (dependents);
  g_free (prerequisites);

  LpCycleScope scopes[] = { LP_CYCLES_ALL, LP_CYCLES_OPEN_ONLY };
  for (guint sc = 0; sc < G_N_ELEMENTS (scopes); sc++)
    {
      LpCycles *c = lp_backlog_find_cycles (b, scopes[sc]);
      ck_assert_uint_eq (lp_cycles_get_n_groups (c), 1);
      ck_assert_uint_eq (lp_cycles_get_group_size (c, 0), BIG);
      ck_assert_uint_eq (lp_cycles_get_path_length (c, 0), BIG);
      guint bad = 0;
      for (guint i = 0; i < BIG; i++)
        {
          bad += lp_item_get_position (lp_cycles_get_member (c, 0, i)) != i;
          bad += lp_item_get_position (lp_cycles_get_path_item (c, 0, i)) != i;
        }
      ck_assert_uint_eq (bad, 0);
      char *path = lp_cycles_format_path (c, 0);
      ck_assert (g_str_has_prefix (path, "B0 -> B1 -> B2 -> "));
      ck_assert (g_str_has_suffix (path, " -> B999998 -> B999999 -> B0"));
      g_free (path);
      lp_cycles_unref (c);
    }

  /* the ordering reports every item in the cycle, caused by the next */
  LpRanking *r = lp_backlog_order (b, NULL, LP_ORDER_LENIENT, &err);
  ck_assert_ptr_nonnull (r);
  ck_assert_uint_eq (lp_ranking_get_n_items (r), 0);
  ck_assert_uint_eq (lp_ranking_get_n_excluded (r), BIG);
  guint bad = 0;
  for (guint i = 0; i < BIG; i++)
    {
      bad += lp_ranking_get_excluded_reason (r, i) != LP_EXCLUSION_IN_CYCLE;
      bad += lp_item_get_position (lp_ranking_get_excluded_cause (r, i))
             != (i + 1) % BIG;
    }
  ck_assert_uint_eq (bad, 0);
  lp_ranking_unref (r);

  /* open the cycle: a million-long chain, no group */
  ck_assert (lp_backlog_remove_dependency (b, lp_backlog_get_item_at (b, BIG - 1),
                                           lp_backlog_get_item_at (b, 0)));
  LpCycles *c = lp_backlog_find_cycles (b, LP_CYCLES_ALL);
  ck_assert_uint_eq (lp_cycles_get_n_groups (c), 0);
  lp_cycles_unref (c);
  lp_backlog_unref (b);
}
END_TEST

/* --- randomized comparison with a reachability reference ----------------------- */

enum { MAX_ITEMS = 48 };

static void
check_random_cycles (LpBacklog *b, LpCycleScope scope, guint round)
{
  guint n = lp_backlog_get_n_items (b);
  gboolean incl[MAX_ITEMS];
  static gboolean edge[MAX_ITEMS][MAX_ITEMS], reach[MAX_ITEMS][MAX_ITEMS];
  memset (edge, 0, sizeof edge);
  for (guint p = 0; p < n; p++)
    {
      LpItemStatus st = lp_item_get_status (lp_backlog_get_item_at (b, p));
      incl[p] = scope == LP_CYCLES_ALL || st == LP_ITEM_STATUS_TODO ||
                st == LP_ITEM_STATUS_IN_PROGRESS;
    }
  for (guint p = 0; p < n; p++)
    for (guint q = 0; q < n; q++)
      edge[p][q] = incl[p] && incl[q] &&
                   lp_backlog_has_dependency (b, lp_backlog_get_item_at (b, p),
                                              lp_backlog_get_item_at (b, q));
  memcpy (reach, edge, sizeof reach);
  for (guint k = 0; k < n; k++)
    for (guint i = 0; i < n; i++)
      if (reach[i][k])
        for (guint j = 0; j < n; j++)
          if (reach[k][j])
            reach[i][j] = TRUE;

  /* reference groups: by first member, members ascending */
  guint group_of[MAX_ITEMS];
  guint n_groups = 0, first[MAX_ITEMS];
  for (guint p = 0; p < n; p++)
    group_of[p] = G_MAXUINT;
  for (guint p = 0; p < n; p++)
    {
      if (group_of[p] != G_MAXUINT || !reach[p][p])
        continue;
      for (guint q = p; q < n; q++)
        if (q == p || (reach[p][q] && reach[q][p]))
          group_of[q] = n_groups;
      first[n_groups++] = p;
    }

  LpCycles *c = lp_backlog_find_cycles (b, scope);
  REQUIRE (lp_cycles_get_n_groups (c) == n_groups,
           "round %u scope %d: %u groups, expected %u", round, scope,
           lp_cycles_get_n_groups (c), n_groups);
  for (guint g = 0; g < n_groups; g++)
    {
      guint k = 0;
      for (guint p = 0; p < n; p++)
        if (group_of[p] == g)
          {
            REQUIRE (k < lp_cycles_get_group_size (c, g), "group too small");
            REQUIRE (lp_item_get_position (lp_cycles_get_member (c, g, k)) == p,
                     "round %u: member %u of group %u", round, k, g);
            k++;
          }
      REQUIRE (k == lp_cycles_get_group_size (c, g), "round %u: size of %u",
               round, g);

      /* shortest cycle through the first member: BFS inside the group */
      guint dist[MAX_ITEMS], queue[MAX_ITEMS], head = 0, tail = 0;
      guint shortest = G_MAXUINT;
      for (guint p = 0; p < n; p++)
        dist[p] = G_MAXUINT;
      dist[first[g]] = 0;
      queue[tail++] = first[g];
      while (head < tail)
        {
          guint v = queue[head++];
          if (edge[v][first[g]] && dist[v] + 1 < shortest)
            shortest = dist[v] + 1;
          for (guint u = 0; u < n; u++)
            if (edge[v][u] && group_of[u] == g && dist[u] == G_MAXUINT)
              {
                dist[u] = dist[v] + 1;
                queue[tail++] = u;
              }
        }
      guint len = lp_cycles_get_path_length (c, g);
      REQUIRE (len == shortest, "round %u: path of group %u has %u items, "
               "the shortest cycle %u", round, g, len, shortest);
      gboolean used[MAX_ITEMS] = { 0 };
      GString *text = g_string_new (NULL);
      for (guint i = 0; i < len; i++)
        {
          guint p = lp_item_get_position (lp_cycles_get_path_item (c, g, i));
          guint q = lp_item_get_position (lp_cycles_get_path_item (c, g, (i + 1) % len));
          REQUIRE (i > 0 || p == first[g], "path does not start at the first");
          REQUIRE (group_of[p] == g, "path leaves the group");
          REQUIRE (!used[p], "path repeats an item");
          REQUIRE (edge[p][q], "round %u: path step %u is no dependency",
                   round, i);
          used[p] = TRUE;
          g_string_append_printf (text, "%s -> ",
                                  lp_item_get_id (lp_backlog_get_item_at (b, p)));
        }
      g_string_append (text, lp_item_get_id (lp_backlog_get_item_at (b, first[g])));
      char *formatted = lp_cycles_format_path (c, g);
      REQUIRE (strcmp (formatted, text->str) == 0, "\"%s\" != \"%s\"",
               formatted, text->str);
      g_free (formatted);
      g_string_free (text, TRUE);
    }
  lp_cycles_unref (c);
}

START_TEST (test_random_against_reference)
{
  GRand *rng = g_rand_new_with_seed (424242);
  for (guint round = 0; round < 200; round++)
    {
      LpBacklog *b = lp_backlog_new ();
      guint n = g_rand_int_range (rng, 1, 41);
      for (guint i = 0; i < n; i++)
        {
          char id[32];
          g_snprintf (id, sizeof id, "I%u", i);
          LpItem *it = lp_backlog_add_item (b, id, NULL, NULL);
          REQUIRE (it != NULL, "add_item");
          lp_item_set_status (it, (LpItemStatus) g_rand_int_range (rng, 0, 4));
        }
      /* sparse to dense graphs */
      guint n_edges = g_rand_int_range (rng, 0, 3 * n + 1);
      for (guint e = 0; e < n_edges && n > 1; e++)
        {
          guint d = g_rand_int_range (rng, 0, n);
          guint p = g_rand_int_range (rng, 0, n - 1);
          if (p >= d)
            p++;
          REQUIRE (lp_backlog_add_dependency (b, lp_backlog_get_item_at (b, d),
                                              lp_backlog_get_item_at (b, p),
                                              NULL), "add_dependency");
        }
      /* sometimes shuffle the manual order a little */
      if (g_rand_boolean (rng))
        for (guint k = 0; k < 3; k++)
          REQUIRE (lp_backlog_move_item (b, lp_backlog_get_item_at (
                                                b, g_rand_int_range (rng, 0, n)),
                                         g_rand_int_range (rng, 0, n), NULL),
                   "move_item");
      check_random_cycles (b, LP_CYCLES_ALL, round);
      check_random_cycles (b, LP_CYCLES_OPEN_ONLY, round);
      lp_backlog_unref (b);
    }
  g_rand_free (rng);
}
END_TEST

Suite *
lp_test_cycles_suite (void)
{
  Suite *s = suite_create ("cycles");
  TCase *tc = tcase_create ("cycles");
  tcase_add_test (tc, test_acyclic);
  tcase_add_test (tc, test_two_cycle);
  tcase_add_test (tc, test_path_follows_dependencies);
  tcase_add_test (tc, test_shortest_path);
  tcase_add_test (tc, test_groups_sorted);
  tcase_add_test (tc, test_one_group_per_component);
  tcase_add_test (tc, test_scope);
  tcase_add_test (tc, test_after_edits);
  tcase_add_test (tc, test_report_lifetime);
  tcase_add_test (tc, test_programmer_errors);
  tcase_add_test (tc, test_random_against_reference);
  suite_add_tcase (s, tc);

  TCase *big = tcase_create ("big");
  tcase_set_timeout (big, 60);
  tcase_add_test (big, test_million_cycle);
  suite_add_tcase (s, big);
  return s;
}
