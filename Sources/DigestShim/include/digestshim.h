#ifndef SNAPREV_DIGESTSHIM_H
#define SNAPREV_DIGESTSHIM_H
// SHA-1 and SHA-256 through the system's libcrypto (OpenSSL 3 or 1.1), which is opened with
// dlopen on the first digest: linked, loading it and binding its symbols cost every snaprev
// command 1.3 ms of start-up (docs/PERFORMANCE.md, "Start-up"), and most hash nothing.
// The only code that touches libcrypto.
#include <stddef.h>

enum { DIGESTSHIM_SHA1 = 1, DIGESTSHIM_SHA256 = 2 };

/// A running digest of `algorithm`, or NULL when libcrypto cannot be loaded or is out of
/// memory (digestshim_error says which).
void *digestshim_new(int algorithm);

/// Adds `length` bytes. Returns 1, or 0 on failure (it cannot fail for SHA with a context
/// from digestshim_new).
int digestshim_update(void *context, const void *bytes, size_t length);

/// Writes the digest (20 or 32 bytes) to `out` and frees the context. Returns 1 or 0.
int digestshim_finish(void *context, unsigned char *out);

/// Frees a context without finishing it.
void digestshim_free(void *context);

/// Why the last digestshim_new failed (a static string).
const char *digestshim_error(void);

#endif
