/* For test-hostile-hash.c: prints the keyed hash (lp-hash.c, compiled in)
 * of each argument, one line each, in hexadecimal, under whatever key
 * LIBPRODUCT_HASH_SEED gives this process. */
#include <stdio.h>
#include "../libproduct/lp-hash.h"

int
main (int argc, char **argv)
{
  for (int i = 1; i < argc; i++)
    printf ("%016" G_GINT64_MODIFIER "x\n", lp_hash_str64 (argv[i]));
  return 0;
}
