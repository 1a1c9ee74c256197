/* What the C benchmarks share: the seeded generator (the same one
 * bench/bench_order.py implements, so both build identical backlogs) and
 * the clock and memory readings. */
#ifndef LP_BENCH_UTIL_H
#define LP_BENCH_UTIL_H

#include <glib.h>
#include <stdio.h>
#include <string.h>

#define GAMMA G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)
#define STREAM_VALUES G_GUINT64_CONSTANT (0x76616c7565)
#define STREAM_EFFORTS G_GUINT64_CONSTANT (0x6566666f7274)
#define STREAM_DEPS G_GUINT64_CONSTANT (0x64657073)

/* splitmix64's output function */
static inline guint64
mix64 (guint64 z)
{
  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* the k-th number of a stream: random access, no state */
static inline guint64
rand_at (guint64 stream, guint64 k)
{
  return mix64 (stream + (k + 1) * GAMMA);
}

/* A field of /proc/self/status in MB ("VmHWM:", "VmRSS:"); -1 if absent. */
static inline double
status_mb (const char *field)
{
  char *status = NULL;
  double mb = -1;
  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *p = strstr (status, field);
      if (p)
        mb = g_ascii_strtod (p + strlen (field), NULL) / 1024.0;
      g_free (status);
    }
  return mb;
}

/* Linux resets VmHWM to the current RSS on "5" (since 4.0). */
static inline void
reset_peak (void)
{
  FILE *f = fopen ("/proc/self/clear_refs", "w");
  if (f)
    {
      fputs ("5", f);
      fclose (f);
    }
}

static inline double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

#endif
