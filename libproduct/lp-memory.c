/* Large working arrays. At a million items the ordering's arrays are
 * several megabytes each and are read in random order: with 4 KB pages
 * nearly every read also misses the TLB. Where the system offers
 * transparent huge pages on request (Linux, "madvise" mode, the default of
 * many distributions), such arrays are mapped on their own, aligned to
 * 2 MB and advised, so that one TLB entry covers 2 MB; they go back to the
 * system as soon as they are freed instead of staying in malloc's heap.
 * Elsewhere, and for small arrays, this is g_malloc. */
#include "config.h"
#include <string.h>
#include "lp-memory.h"
#ifdef G_OS_UNIX
#include <sys/mman.h>
#endif

/* Under AddressSanitizer, malloc's memory has redzones that catch an
 * overflow and a mapping has none: keep malloc there. */
#if defined(__SANITIZE_ADDRESS__)
#define LP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LP_ASAN 1
#endif
#endif

#if defined(G_OS_UNIX) && defined(MADV_HUGEPAGE) && defined(MAP_ANONYMOUS) && !defined(LP_ASAN)
#define USE_MAP 1
#endif

#define HUGE_PAGE ((gsize) 2 << 20)

static inline gsize
round_up (gsize bytes)
{
  return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

gpointer
lp_big_alloc (gsize bytes)
{
#ifdef USE_MAP
  if (bytes >= HUGE_PAGE)
    {
      /* map one huge page more, then unmap the unaligned head and tail */
      gsize size = round_up (bytes), span = size + HUGE_PAGE;
      char *p = mmap (NULL, span, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (p == MAP_FAILED)
        g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes",
                 G_STRLOC, bytes);
      char *aligned = (char *) (((guintptr) p + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
      if (aligned > p)
        munmap (p, (gsize) (aligned - p));
      if (aligned + size < p + span)
        munmap (aligned + size, (gsize) (p + span - (aligned + size)));
      /* advice only: where it is refused, small pages serve as well */
      (void) madvise (aligned, size, MADV_HUGEPAGE);
      return aligned;
    }
#endif
  return g_malloc (MAX (bytes, 1));
}

gpointer
lp_big_alloc0 (gsize bytes)
{
#ifdef USE_MAP
  if (bytes >= HUGE_PAGE)
    return lp_big_alloc (bytes);  /* fresh mappings read as zeros */
#endif
  return g_malloc0 (MAX (bytes, 1));
}

void
lp_big_free (gpointer p, gsize bytes)
{
  if (p == NULL)
    return;
#ifdef USE_MAP
  if (bytes >= HUGE_PAGE)
    {
      munmap (p, round_up (bytes));
      return;
    }
#endif
  g_free (p);
}
