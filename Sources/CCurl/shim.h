#ifndef PASSERELLE_CCURL_SHIM_H
#define PASSERELLE_CCURL_SHIM_H
#include <curl/curl.h>
#endif
