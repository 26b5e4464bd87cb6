#ifndef SNAPREV_CRYPTOSHIM_H
#define SNAPREV_CRYPTOSHIM_H
// SHA-1 and SHA-256, and AES-GCM for the embedded SSH server's transport, through the
// system's libcrypto (OpenSSL 3 or 1.1), which is opened with dlopen on first use: linked,
// loading it and binding its symbols cost every snaprev command 1.3 ms of start-up
// (docs/PERFORMANCE.md, "Start-up"), and most hash nothing. The only code that touches
// libcrypto.
#include <stddef.h>

enum { CRYPTOSHIM_SHA1 = 1, CRYPTOSHIM_SHA256 = 2 };

/// A running digest of `algorithm`, or NULL when libcrypto cannot be loaded or is out of
/// memory (cryptoshim_error says which).
void *cryptoshim_digest_new(int algorithm);

/// Adds `length` bytes. Returns 1, or 0 on failure (it cannot fail for SHA with a context
/// from cryptoshim_digest_new).
int cryptoshim_digest_update(void *context, const void *bytes, size_t length);

/// Writes the digest (20 or 32 bytes) to `out` and frees the context. Returns 1 or 0.
int cryptoshim_digest_finish(void *context, unsigned char *out);

/// Frees a context without finishing it.
void cryptoshim_digest_free(void *context);

/// Why the last cryptoshim_digest_new or cryptoshim_gcm_new failed (a static string).
const char *cryptoshim_error(void);

/// An AES-GCM context keyed once with `key` (16 or 32 bytes), for one direction of an SSH
/// connection (aes128-gcm@openssh.com, aes256-gcm@openssh.com): OpenSSH's own use of
/// libcrypto. `encrypt` is 1 to seal, 0 to open. NULL when libcrypto cannot be loaded, the
/// key size is not one of the two, or memory is short (cryptoshim_error says which).
void *cryptoshim_gcm_new(const unsigned char *key, size_t key_length, int encrypt);

/// Seals `length` bytes of `data` in place under the 12-byte `iv`, authenticating `aad`
/// too, and writes the 16-byte tag. Returns 1, or 0 on failure.
int cryptoshim_gcm_seal(void *context, const unsigned char *iv, const void *aad, size_t aad_length, void *data,
                        size_t length, unsigned char *tag);

/// Opens `length` bytes of `data` in place. Returns 1 when `tag` authenticates `aad` and the
/// ciphertext, 0 otherwise (then `data` holds no usable plaintext: it is zeroed).
int cryptoshim_gcm_open(void *context, const unsigned char *iv, const void *aad, size_t aad_length, void *data,
                        size_t length, const unsigned char *tag);

void cryptoshim_gcm_free(void *context);

#endif
