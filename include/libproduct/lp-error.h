#ifndef LP_ERROR_H
#define LP_ERROR_H

#if !defined(LIBPRODUCT_INSIDE) && !defined(LIBPRODUCT_COMPILATION)
#error "Only <libproduct/libproduct.h> can be included directly."
#endif

#include <glib.h>
#include <libproduct/lp-version.h>

G_BEGIN_DECLS

/**
 * LP_ERROR:
 *
 * The error domain of every #GError libproduct reports. Messages name the
 * item at fault, e.g. `item "LP-17": effort must be > 0 (got -2)`.
 */
#define LP_ERROR (lp_error_quark ())

/**
 * LpError:
 * @LP_ERROR_INVALID_VALUE: a number or string is out of its allowed range
 *   (negative value, effort <= 0, NaN or infinity, empty id, unknown kind or
 *   status name, ...).
 * @LP_ERROR_DUPLICATE_ID: an item with this id already exists.
 * @LP_ERROR_UNKNOWN_ITEM: an id does not name an item of the backlog.
 * @LP_ERROR_SELF_DEPENDENCY: an item was made to depend on itself.
 * @LP_ERROR_CYCLE: the dependencies contain a cycle, so no order exists; the
 *   message lists one cycle (`dependency cycle: A -> B -> A`).
 * @LP_ERROR_PARENT_CYCLE: setting a parent would make an item its own ancestor.
 * @LP_ERROR_PARSE: a file is not well-formed (JSON or CSV syntax); the
 *   message gives the line and byte offset.
 * @LP_ERROR_FORMAT: a file is well-formed but does not follow the format
 *   (wrong type, missing field, unsupported format version).
 * @LP_ERROR_IO: reading or writing a file failed.
 * @LP_ERROR_BUSY: the backlog is being scored or ordered (a scoring
 *   callback tried to change it, or another thread did); nothing changed.
 * @LP_ERROR_LIMIT: an input exceeds one of the documented limits (input
 *   size, nesting depth, string length, number of items, labels,
 *   attributes or criteria; see docs/LIMITS.md); the message names the
 *   limit and its value.
 *
 * Error codes in the %LP_ERROR domain. New codes may be appended in later
 * versions; existing values never change.
 */
typedef enum {
  LP_ERROR_INVALID_VALUE = 1,
  LP_ERROR_DUPLICATE_ID,
  LP_ERROR_UNKNOWN_ITEM,
  LP_ERROR_SELF_DEPENDENCY,
  LP_ERROR_CYCLE,
  LP_ERROR_PARENT_CYCLE,
  LP_ERROR_PARSE,
  LP_ERROR_FORMAT,
  LP_ERROR_IO,
  LP_ERROR_BUSY,
  LP_ERROR_LIMIT
} LpError;

/**
 * lp_error_quark:
 *
 * Returns: the #GQuark of the %LP_ERROR domain.
 */
LP_API GQuark lp_error_quark (void);

G_END_DECLS

#endif /* LP_ERROR_H */
