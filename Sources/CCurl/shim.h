#ifndef B24_CCURL_SHIM_H
#define B24_CCURL_SHIM_H
/* libcurl for the scraper. Swift cannot call C variadic functions, so curl_easy_setopt,
   curl_easy_getinfo and curl_multi_setopt are wrapped in one typed function per argument type. */
#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

/* The signature of CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION. */
typedef size_t (*b24_curl_data_callback)(char *buffer, size_t size, size_t count, void *context);

static inline CURLcode b24_curl_global_init(void) { return curl_global_init(CURL_GLOBAL_DEFAULT); }

static inline CURLcode b24_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode b24_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode b24_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode b24_easy_setopt_list(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode b24_easy_setopt_callback(CURL *handle, CURLoption option, b24_curl_data_callback value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode b24_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
/* Only http and https, on any libcurl since 7.68 (CURLOPT_PROTOCOLS_STR replaced the bitmask in 7.85). */
static inline CURLcode b24_easy_allow_only_http(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
    return curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
#else
    return curl_easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}
/* A transfer removed while its name is still being resolved does not wait for the resolver (7.87+). */
static inline void b24_easy_quick_exit(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075700
    curl_easy_setopt(handle, CURLOPT_QUICK_EXIT, 1L);
#else
    (void)handle;
#endif
}
static inline CURLMcode b24_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}
#endif
