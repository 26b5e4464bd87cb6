#include "curlshim.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The libcurl functions used, looked up once. The header gives their exact types; the
// library is never linked, so a machine without libcurl runs every other command.
static struct {
  CURLcode (*global_init)(long flags);
  CURL *(*easy_init)(void);
  CURLcode (*easy_setopt)(CURL *curl, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL *curl);
  CURLcode (*easy_getinfo)(CURL *curl, CURLINFO info, ...);
  void (*easy_cleanup)(CURL *curl);
  const char *(*easy_strerror)(CURLcode code);
  struct curl_slist *(*slist_append)(struct curl_slist *list, const char *text);
  void (*slist_free_all)(struct curl_slist *list);
  char load_error[200];
  int loaded;
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
  // libcurl.so.4 is the soname of every libcurl since 7.16 (Debian: libcurl4, which the
  // Swift toolchain needs anyway); the GnuTLS build is an equal fallback.
  void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!library) library = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    snprintf(api.load_error, sizeof api.load_error, "cannot load libcurl.so.4 (install libcurl4): %s",
             why ? why : "not found");
    return;
  }
#define LOOKUP(field, name)                                                                     \
  do {                                                                                          \
    *(void **)(&api.field) = dlsym(library, name);                                              \
    if (!api.field) {                                                                           \
      snprintf(api.load_error, sizeof api.load_error, "libcurl.so.4 lacks %s", name);           \
      return;                                                                                   \
    }                                                                                           \
  } while (0)
  LOOKUP(global_init, "curl_global_init");
  LOOKUP(easy_init, "curl_easy_init");
  LOOKUP(easy_setopt, "curl_easy_setopt");
  LOOKUP(easy_perform, "curl_easy_perform");
  LOOKUP(easy_getinfo, "curl_easy_getinfo");
  LOOKUP(easy_cleanup, "curl_easy_cleanup");
  LOOKUP(easy_strerror, "curl_easy_strerror");
  LOOKUP(slist_append, "curl_slist_append");
  LOOKUP(slist_free_all, "curl_slist_free_all");
#undef LOOKUP
  // curl_global_init is not thread-safe: it runs here, once, under pthread_once.
  CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT);
  if (code != CURLE_OK) {
    snprintf(api.load_error, sizeof api.load_error, "curl_global_init: %s", api.easy_strerror(code));
    return;
  }
  api.loaded = 1;
}

typedef struct {
  unsigned char *bytes;
  size_t length;
  size_t capacity;
  int failed;
} buffer;

static int append(buffer *target, const char *data, size_t length) {
  if (target->failed) return 0;
  if (target->length + length > target->capacity) {
    size_t capacity = target->capacity ? target->capacity : 16384;
    while (capacity < target->length + length) capacity *= 2;
    unsigned char *grown = realloc(target->bytes, capacity);
    if (!grown) {
      target->failed = 1;
      return 0;
    }
    target->bytes = grown;
    target->capacity = capacity;
  }
  memcpy(target->bytes + target->length, data, length);
  target->length += length;
  return 1;
}

static size_t on_body(char *data, size_t size, size_t count, void *context) {
  size_t length = size * count;
  return append(context, data, length) ? length : 0;
}

// Header lines arrive for every response of a redirect chain: a status line starts a new
// block, so only the final response's headers are kept.
static size_t on_header(char *data, size_t size, size_t count, void *context) {
  size_t length = size * count;
  buffer *headers = context;
  if (length >= 5 && memcmp(data, "HTTP/", 5) == 0) headers->length = 0;
  return append(headers, data, length) ? length : 0;
}

int curlshim_get(const char *url, long timeout_seconds, const char *accept, const char *user_agent,
                 const char *authorization, curlshim_response *out) {
  memset(out, 0, sizeof *out);
  pthread_once(&load_once, load);
  if (!api.loaded) {
    snprintf(out->error, sizeof out->error, "%s", api.load_error);
    return CURLSHIM_UNAVAILABLE;
  }
  CURL *curl = api.easy_init();
  if (!curl) {
    snprintf(out->error, sizeof out->error, "curl_easy_init failed");
    return CURLSHIM_FAILED;
  }
  char accept_line[256];
  snprintf(accept_line, sizeof accept_line, "Accept: %s", accept);
  struct curl_slist *request_headers = api.slist_append(NULL, accept_line);
  if (authorization && request_headers) {
    // A token is as long as it likes: the line is built on the heap, not in a fixed buffer.
    size_t length = strlen("Authorization: ") + strlen(authorization) + 1;
    char *line = malloc(length);
    if (line) {
      snprintf(line, length, "Authorization: %s", authorization);
      struct curl_slist *appended = api.slist_append(request_headers, line);
      free(line);
      if (appended) request_headers = appended;
    }
  }
  buffer body = {0}, headers = {0};
  char error[CURL_ERROR_SIZE] = {0};

  api.easy_setopt(curl, CURLOPT_URL, url);
  api.easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  api.easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  api.easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
  api.easy_setopt(curl, CURLOPT_MAXREDIRS, 10L);
  api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM from DNS timeouts in a threaded process
  api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, timeout_seconds);
  api.easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
  api.easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, timeout_seconds);
  api.easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl can decode
  api.easy_setopt(curl, CURLOPT_USERAGENT, user_agent);
  if (request_headers) api.easy_setopt(curl, CURLOPT_HTTPHEADER, request_headers);
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  api.easy_setopt(curl, CURLOPT_HEADERDATA, &headers);
  api.easy_setopt(curl, CURLOPT_ERRORBUFFER, error);

  CURLcode code = api.easy_perform(curl);
  int result = CURLSHIM_OK;
  if (code != CURLE_OK || body.failed || headers.failed) {
    const char *why = body.failed || headers.failed ? "out of memory" : (error[0] ? error : api.easy_strerror(code));
    snprintf(out->error, sizeof out->error, "%s", why);
    result = CURLSHIM_FAILED;
    free(body.bytes);
    free(headers.bytes);
  } else {
    long status = 0;
    char *effective = NULL;
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    api.easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &effective);
    out->status = status;
    out->effective_url = strdup(effective ? effective : url);
    out->body = body.bytes;
    out->body_length = body.length;
    out->headers = headers.bytes;
    out->headers_length = headers.length;
  }
  api.slist_free_all(request_headers);
  api.easy_cleanup(curl);
  return result;
}

void curlshim_response_free(curlshim_response *response) {
  free(response->effective_url);
  free(response->headers);
  free(response->body);
  response->effective_url = NULL;
  response->headers = NULL;
  response->body = NULL;
}
