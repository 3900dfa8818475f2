#ifndef PASSERELLE_CCURL_SHIM_H
#define PASSERELLE_CCURL_SHIM_H
#include <curl/curl.h>

// Swift cannot call C variadic functions, and `curl_easy_setopt` / `curl_easy_getinfo` are variadic:
// one typed wrapper per argument kind libcurl expects. Each returns libcurl's own status.

// curl_easy_setopt with a `long` (CURLOPTTYPE_LONG options: CURLOPT_UPLOAD, CURLOPT_NOSIGNAL, timeouts…).
static inline CURLcode passerelle_curl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with a C string (CURLOPT_URL, CURLOPT_MAIL_FROM, CURLOPT_USERNAME…). libcurl copies
// the string (since 7.17.0), so the caller's buffer may go away after the call.
static inline CURLcode passerelle_curl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with an opaque pointer (CURLOPT_READDATA, CURLOPT_XFERINFODATA, CURLOPT_ERRORBUFFER…).
// libcurl keeps the pointer, not a copy: it must stay valid until the transfer ends.
static inline CURLcode passerelle_curl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with a string list (CURLOPT_MAIL_RCPT). libcurl does not copy the list: free it with
// curl_slist_free_all only after the transfer.
static inline CURLcode passerelle_curl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with a read callback (CURLOPT_READFUNCTION).
static inline CURLcode passerelle_curl_easy_setopt_read_callback(CURL *handle, CURLoption option,
                                                                 curl_read_callback value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with a progress callback (CURLOPT_XFERINFOFUNCTION); used to abort on cancellation.
static inline CURLcode passerelle_curl_easy_setopt_xferinfo_callback(CURL *handle, CURLoption option,
                                                                     curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with a debug callback (CURLOPT_DEBUGFUNCTION); used to see the server's reply lines.
static inline CURLcode passerelle_curl_easy_setopt_debug_callback(CURL *handle, CURLoption option,
                                                                  curl_debug_callback value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_getinfo for a `long` result (CURLINFO_RESPONSE_CODE…).
static inline CURLcode passerelle_curl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

// curl_easy_getinfo for a string result (CURLINFO_EFFECTIVE_URL…). The string belongs to the handle.
static inline CURLcode passerelle_curl_easy_getinfo_string(CURL *handle, CURLINFO info, char **value) {
    return curl_easy_getinfo(handle, info, value);
}

// CURL_GLOBAL_DEFAULT is a macro built from other macros; a constant Swift can always see.
static const long passerelle_curl_global_default = CURL_GLOBAL_DEFAULT;

#endif
