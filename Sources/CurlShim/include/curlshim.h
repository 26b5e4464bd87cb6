#ifndef SNAPREV_CURLSHIM_H
#define SNAPREV_CURLSHIM_H
// One HTTP(S) GET through libcurl, which is opened with dlopen on the first call.
// Linking libcurl (directly or through FoundationNetworking) puts it and its ~40
// dependencies (GnuTLS, Kerberos, LDAP, ...) into the start-up of every snaprev
// command; only `snaprev import --api` needs it.
#include <stddef.h>

typedef struct {
  long status;                 // HTTP status of the final response (after redirects)
  char *effective_url;         // the URL that answered; malloc'd, NUL-terminated
  unsigned char *headers;      // the final response's header block, as received
  size_t headers_length;
  unsigned char *body;         // the (decoded) body
  size_t body_length;
  char error[256];             // why, when curlshim_get does not return CURLSHIM_OK
} curlshim_response;

enum {
  CURLSHIM_OK = 0,
  CURLSHIM_UNAVAILABLE = 1,    // libcurl.so.4 could not be loaded (error says why)
  CURLSHIM_FAILED = 2          // the transfer failed (error is libcurl's message)
};

// GET `url` (http or https only, redirects followed within those), sending `accept`,
// `user_agent` and, unless NULL, an `Authorization: <authorization>` header (libcurl drops
// it on a redirect to another host). A connection that takes longer than `timeout_seconds` to open, or that
// receives nothing for that long, fails. Fills `out`; free it with curlshim_response_free
// whatever the result.
int curlshim_get(const char *url, long timeout_seconds, const char *accept, const char *user_agent,
                 const char *authorization, curlshim_response *out);

void curlshim_response_free(curlshim_response *response);

#endif
