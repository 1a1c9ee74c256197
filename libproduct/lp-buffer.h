/* A growable run of bytes appended to inline: the JSON writer and the fast
 * loader append millions of small pieces, and a GString or GArray append
 * is a function call each. Internal; never installed. */
#ifndef LP_BUFFER_H
#define LP_BUFFER_H

#include <glib.h>
#include <string.h>

typedef struct {
  char *data;
  gsize len;   /* bytes used */
  gsize cap;   /* bytes allocated */
} LpBuffer;

/* Makes room for `extra` more bytes, doubling the capacity. */
static inline void
lp_buffer_grow (LpBuffer *b, gsize extra)
{
  gsize cap = MAX (b->cap, 4096);
  while (cap - b->len < extra)
    cap *= 2;
  b->data = g_realloc (b->data, cap);
  b->cap = cap;
}

static inline void
lp_buffer_append (LpBuffer *b, const void *bytes, gsize n)
{
  if (G_UNLIKELY (b->cap - b->len < n))
    lp_buffer_grow (b, n);
  memcpy (b->data + b->len, bytes, n);
  b->len += n;
}

#endif
