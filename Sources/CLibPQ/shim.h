#ifndef PASSERELLE_CLIBPQ_SHIM_H
#define PASSERELLE_CLIBPQ_SHIM_H
/* The libpq client API. libpq has no variadic entry points that Passerelle needs, so this shim
   only includes the real header. */
#include <libpq-fe.h>
#endif
