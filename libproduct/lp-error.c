#include "config.h"
#include "lp-private.h"

G_DEFINE_QUARK (lp-error-quark, lp_error)
