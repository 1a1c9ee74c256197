/* hello-backlog: the smallest complete libproduct program.
 *
 * Builds a backlog of four stories, records which depends on which, asks
 * for the order to build them in, prints it, and then shows how a library
 * error (a dependency cycle) reaches the caller as a GError.
 *
 * Build against an installed libproduct:
 *
 *   cc hello-backlog.c $(pkg-config --cflags --libs libproduct) -o hello-backlog
 */
#include <stdio.h>
#include <stdlib.h>

#include <libproduct/libproduct.h>

/* Adds one item with a value and an effort (story points). Items belong to
 * the backlog: the returned pointer is never freed by the caller. */
static LpItem *
add_story (LpBacklog *backlog, const char *id, const char *title,
           double value, double effort, GError **error)
{
  LpItem *item = lp_backlog_add_item (backlog, id, title, error);
  if (item == NULL)
    return NULL;
  if (!lp_item_set_value (item, value, error)
      || !lp_item_set_effort (item, effort, error))
    return NULL;
  return item;
}

int
main (void)
{
  /* g_autoptr() releases the backlog (and every item in it) on return. */
  g_autoptr (LpBacklog) backlog = lp_backlog_new ();
  g_autoptr (GError) error = NULL;

  LpItem *signup = add_story (backlog, "HB-1", "Sign up with e-mail", 8, 3,
                              &error);
  LpItem *reset = add_story (backlog, "HB-2", "Reset a forgotten password",
                             5, 1, &error);
  LpItem *invite = add_story (backlog, "HB-3", "Invite a teammate", 13, 5,
                              &error);
  LpItem *dark = add_story (backlog, "HB-4", "Dark mode", 2, 2, &error);
  if (signup == NULL || reset == NULL || invite == NULL || dark == NULL)
    {
      fprintf (stderr, "hello-backlog: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* "reset depends on signup": signup must come first, whatever the
   * scores say. */
  if (!lp_backlog_add_dependency (backlog, reset, signup, &error)
      || !lp_backlog_add_dependency (backlog, invite, signup, &error))
    {
      fprintf (stderr, "hello-backlog: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Order by value / effort (the NULL model), failing on cycles. */
  g_autoptr (LpRanking) ranking =
      lp_backlog_order (backlog, NULL, LP_ORDER_STRICT, &error);
  if (ranking == NULL)
    {
      fprintf (stderr, "hello-backlog: %s\n", error->message);
      return EXIT_FAILURE;
    }

  puts ("Build the stories in this order:");
  for (guint rank = 0; rank < lp_ranking_get_n_items (ranking); rank++)
    {
      LpItem *item = lp_ranking_get_item (ranking, rank);
      printf ("%u. %-5s %-28s score %.2f\n", rank + 1, lp_item_get_id (item),
              lp_item_get_title (item), lp_ranking_get_score (ranking, rank));
    }

  /* Errors: make signup depend on reset as well, a cycle. Adding it is
   * allowed (real trackers contain such links); ordering strictly then
   * fails with LP_ERROR_CYCLE, and the message names the cycle. */
  if (!lp_backlog_add_dependency (backlog, signup, reset, &error))
    {
      fprintf (stderr, "hello-backlog: %s\n", error->message);
      return EXIT_FAILURE;
    }
  g_autoptr (LpRanking) failed =
      lp_backlog_order (backlog, NULL, LP_ORDER_STRICT, &error);
  if (failed == NULL && g_error_matches (error, LP_ERROR, LP_ERROR_CYCLE))
    {
      printf ("\nAfter adding HB-1 -> HB-2: %s\n", error->message);
      g_clear_error (&error);
    }
  else
    {
      fprintf (stderr, "hello-backlog: expected a cycle error\n");
      return EXIT_FAILURE;
    }

  /* The lenient order still plans the rest and says what it left out. */
  g_autoptr (LpRanking) lenient =
      lp_backlog_order (backlog, NULL, LP_ORDER_LENIENT, &error);
  if (lenient == NULL)
    {
      fprintf (stderr, "hello-backlog: %s\n", error->message);
      return EXIT_FAILURE;
    }
  for (guint i = 0; i < lp_ranking_get_n_excluded (lenient); i++)
    printf ("left out: %s (%s)\n",
            lp_item_get_id (lp_ranking_get_excluded_item (lenient, i)),
            lp_exclusion_to_string (lp_ranking_get_excluded_reason (lenient,
                                                                    i)));
  return EXIT_SUCCESS;
}
