/* Helpers shared by the Check suites. */
#include "lp-test.h"

static guint n_criticals;
static guint critical_handler;
static GLogLevelFlags saved_always_fatal;
static GLogLevelFlags saved_domain_fatal;

static void
count_critical (const gchar *domain, GLogLevelFlags level,
                const gchar *message, gpointer data)
{
  n_criticals++;
}

void
criticals_begin (void)
{
  n_criticals = 0;
  saved_always_fatal = g_log_set_always_fatal (G_LOG_FATAL_MASK);
  saved_domain_fatal = g_log_set_fatal_mask ("libproduct", G_LOG_FATAL_MASK);
  critical_handler = g_log_set_handler ("libproduct",
                                        G_LOG_LEVEL_CRITICAL |
                                        G_LOG_LEVEL_WARNING |
                                        G_LOG_FLAG_FATAL |
                                        G_LOG_FLAG_RECURSION,
                                        count_critical, NULL);
}

guint
criticals_end (void)
{
  g_log_remove_handler ("libproduct", critical_handler);
  g_log_set_fatal_mask ("libproduct", saved_domain_fatal);
  g_log_set_always_fatal (saved_always_fatal);
  return n_criticals;
}

guint
criticals_count (void)
{
  return n_criticals;
}
