/* libproduct: product prioritization — backlog model, scoring, dependency ordering.
 *
 * This is the only header a program includes:
 *
 *   #include <libproduct/libproduct.h>
 *
 * The sub-headers refuse to be included on their own so that the set of
 * headers can be reorganised without breaking anybody.
 */
#ifndef LIBPRODUCT_H
#define LIBPRODUCT_H

#define LIBPRODUCT_INSIDE

#include <libproduct/lp-version.h>
#include <libproduct/lp-error.h>
#include <libproduct/lp-types.h>
#include <libproduct/lp-item.h>
#include <libproduct/lp-backlog.h>
#include <libproduct/lp-score.h>
#include <libproduct/lp-explain.h>
#include <libproduct/lp-ranking.h>
#include <libproduct/lp-cycles.h>
#include <libproduct/lp-file.h>

#undef LIBPRODUCT_INSIDE

#endif /* LIBPRODUCT_H */
