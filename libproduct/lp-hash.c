/* SipHash-1-3 (Aumasson and Bernstein), the keyed hash CPython and Rust use
 * for the same purpose: fast on short strings, and without the key no
 * offline search finds colliding inputs. */
#include "config.h"
#include <stdlib.h>
#include <string.h>
#include "lp-hash.h"

typedef struct {
  guint64 k0, k1;
} LpHashKey;

static LpHashKey process_key;

/* The key: LIBPRODUCT_HASH_SEED when set (tests), otherwise random; GRand
 * seeds itself from /dev/urandom where there is one. */
static const LpHashKey *
hash_key (void)
{
  static gsize once = 0;
  if (g_once_init_enter (&once))
    {
      const char *seed = g_getenv ("LIBPRODUCT_HASH_SEED");
      char *end = NULL;
      guint64 fixed = seed != NULL ? g_ascii_strtoull (seed, &end, 0) : 0;
      if (seed != NULL && *seed != '\0' && end != NULL && *end == '\0')
        {
          process_key.k0 = fixed;
          process_key.k1 = fixed ^ G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
        }
      else
        {
          GRand *rand = g_rand_new ();
          process_key.k0 = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          process_key.k1 = ((guint64) g_rand_int (rand) << 32) | g_rand_int (rand);
          g_rand_free (rand);
        }
      g_once_init_leave (&once, 1);
    }
  return &process_key;
}

#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))

#define SIPROUND                                                             \
  do {                                                                       \
    v0 += v1; v1 = ROTL (v1, 13); v1 ^= v0; v0 = ROTL (v0, 32);              \
    v2 += v3; v3 = ROTL (v3, 16); v3 ^= v2;                                  \
    v0 += v3; v3 = ROTL (v3, 21); v3 ^= v0;                                  \
    v2 += v1; v1 = ROTL (v1, 17); v1 ^= v2; v2 = ROTL (v2, 32);              \
  } while (0)

typedef struct {
  guint64 v0, v1, v2, v3;
} SipState;

static inline void
sip_init (SipState *s)
{
  const LpHashKey *k = hash_key ();
  s->v0 = k->k0 ^ G_GUINT64_CONSTANT (0x736f6d6570736575);
  s->v1 = k->k1 ^ G_GUINT64_CONSTANT (0x646f72616e646f6d);
  s->v2 = k->k0 ^ G_GUINT64_CONSTANT (0x6c7967656e657261);
  s->v3 = k->k1 ^ G_GUINT64_CONSTANT (0x7465646279746573);
}

static inline void
sip_compress (SipState *s, guint64 m)
{
  guint64 v0 = s->v0, v1 = s->v1, v2 = s->v2, v3 = s->v3;
  v3 ^= m;
  SIPROUND;
  v0 ^= m;
  s->v0 = v0; s->v1 = v1; s->v2 = v2; s->v3 = v3;
}

static inline guint64
sip_finish (SipState *s, guint64 last)
{
  guint64 v0 = s->v0, v1 = s->v1, v2 = s->v2, v3 = s->v3;
  v3 ^= last;
  SIPROUND;
  v0 ^= last;
  v2 ^= 0xff;
  SIPROUND;
  SIPROUND;
  SIPROUND;
  return v0 ^ v1 ^ v2 ^ v3;
}

guint64
lp_hash_bytes (const void *data, gsize len)
{
  const guchar *p = data;
  SipState s;
  sip_init (&s);
  gsize whole = len & ~(gsize) 7;
  for (gsize i = 0; i < whole; i += 8)
    {
      guint64 m;
      memcpy (&m, p + i, 8);
      sip_compress (&s, GUINT64_FROM_LE (m));
    }
  guint64 last = (guint64) (len & 0xff) << 56;
  for (gsize i = whole; i < len; i++)
    last |= (guint64) p[i] << (8 * (i - whole));
  return sip_finish (&s, last);
}

guint64
lp_hash_str64 (const char *str)
{
  /* one pass: the string's length is learnt on the way, not by strlen */
  const guchar *p = (const guchar *) str;
  SipState s;
  sip_init (&s);
  gsize len = 0;
  for (;;)
    {
      guint64 m = 0;
      guint n = 0;
      while (n < 8 && p[n] != '\0')
        {
          m |= (guint64) p[n] << (8 * n);
          n++;
        }
      len += n;
      p += n;
      if (n < 8)
        return sip_finish (&s, m | ((guint64) (len & 0xff) << 56));
      sip_compress (&s, m);
    }
}

guint
lp_str_hash (gconstpointer key)
{
  return (guint) lp_hash_str64 (key);
}
