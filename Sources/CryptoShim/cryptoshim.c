#include "cryptoshim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

// libcrypto's EVP digest calls, declared here rather than from <openssl/evp.h>: their
// signatures are the same in OpenSSL 1.1 and 3 (EVP_MD_CTX_new since 1.1.0), and without
// the header nothing needs libssl-dev to build snaprev.
typedef struct evp_md_ctx EVP_MD_CTX;
typedef struct evp_md EVP_MD;
typedef struct evp_cipher_ctx EVP_CIPHER_CTX;
typedef struct evp_cipher EVP_CIPHER;

// <openssl/evp.h>'s control codes for GCM's tag, the same in OpenSSL 1.1 and 3.
enum { EVP_CTRL_GCM_GET_TAG = 0x10, EVP_CTRL_GCM_SET_TAG = 0x11 };

static struct {
  EVP_MD_CTX *(*ctx_new)(void);
  void (*ctx_free)(EVP_MD_CTX *ctx);
  int (*init_ex)(EVP_MD_CTX *ctx, const EVP_MD *type, void *engine);
  int (*update)(EVP_MD_CTX *ctx, const void *data, size_t count);
  int (*final_ex)(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *size);
  const EVP_MD *(*sha1)(void);
  const EVP_MD *(*sha256)(void);
  EVP_CIPHER_CTX *(*cipher_new)(void);
  void (*cipher_free)(EVP_CIPHER_CTX *ctx);
  int (*cipher_init_ex)(EVP_CIPHER_CTX *ctx, const EVP_CIPHER *cipher, void *engine, const unsigned char *key,
                        const unsigned char *iv, int encrypt);
  int (*cipher_update)(EVP_CIPHER_CTX *ctx, unsigned char *out, int *out_length, const unsigned char *in,
                       int in_length);
  int (*cipher_final_ex)(EVP_CIPHER_CTX *ctx, unsigned char *out, int *out_length);
  int (*cipher_ctrl)(EVP_CIPHER_CTX *ctx, int type, int arg, void *ptr);
  const EVP_CIPHER *(*aes_128_gcm)(void);
  const EVP_CIPHER *(*aes_256_gcm)(void);
  char error[200];
  int loaded;
} api;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
  // libcrypto.so.3 is OpenSSL 3 (Debian 12: libssl3, which openssh-client and libcurl4
  // depend on); 1.1 is an equal fallback.
  void *library = dlopen("libcrypto.so.3", RTLD_NOW | RTLD_LOCAL);
  if (!library) library = dlopen("libcrypto.so.1.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    const char *why = dlerror();
    snprintf(api.error, sizeof api.error, "cannot load libcrypto.so.3 (install libssl3): %s", why ? why : "not found");
    return;
  }
#define LOOKUP(field, name)                                                          \
  do {                                                                               \
    *(void **)(&api.field) = dlsym(library, name);                                   \
    if (!api.field) {                                                                \
      snprintf(api.error, sizeof api.error, "libcrypto lacks %s", name);             \
      return;                                                                        \
    }                                                                                \
  } while (0)
  LOOKUP(ctx_new, "EVP_MD_CTX_new");
  LOOKUP(ctx_free, "EVP_MD_CTX_free");
  LOOKUP(init_ex, "EVP_DigestInit_ex");
  LOOKUP(update, "EVP_DigestUpdate");
  LOOKUP(final_ex, "EVP_DigestFinal_ex");
  LOOKUP(sha1, "EVP_sha1");
  LOOKUP(sha256, "EVP_sha256");
  LOOKUP(cipher_new, "EVP_CIPHER_CTX_new");
  LOOKUP(cipher_free, "EVP_CIPHER_CTX_free");
  LOOKUP(cipher_init_ex, "EVP_CipherInit_ex");
  LOOKUP(cipher_update, "EVP_CipherUpdate");
  LOOKUP(cipher_final_ex, "EVP_CipherFinal_ex");
  LOOKUP(cipher_ctrl, "EVP_CIPHER_CTX_ctrl");
  LOOKUP(aes_128_gcm, "EVP_aes_128_gcm");
  LOOKUP(aes_256_gcm, "EVP_aes_256_gcm");
#undef LOOKUP
  api.loaded = 1;
}

void *cryptoshim_digest_new(int algorithm) {
  pthread_once(&load_once, load);
  if (!api.loaded) return NULL;
  const EVP_MD *type = algorithm == CRYPTOSHIM_SHA1 ? api.sha1() : algorithm == CRYPTOSHIM_SHA256 ? api.sha256() : NULL;
  if (!type) return NULL;
  EVP_MD_CTX *context = api.ctx_new();
  if (!context) return NULL;
  if (api.init_ex(context, type, NULL) != 1) {
    api.ctx_free(context);
    return NULL;
  }
  return context;
}

int cryptoshim_digest_update(void *context, const void *bytes, size_t length) {
  if (!context) return 0;
  return length == 0 ? 1 : api.update(context, bytes, length) == 1;
}

int cryptoshim_digest_finish(void *context, unsigned char *out) {
  if (!context) return 0;
  unsigned int size = 0;
  int ok = api.final_ex(context, out, &size) == 1;
  api.ctx_free(context);
  return ok;
}

void cryptoshim_digest_free(void *context) {
  if (context) api.ctx_free(context);
}

const char *cryptoshim_error(void) {
  pthread_once(&load_once, load);
  return api.loaded ? "out of memory or an unusable key" : api.error;
}

void *cryptoshim_gcm_new(const unsigned char *key, size_t key_length, int encrypt) {
  pthread_once(&load_once, load);
  if (!api.loaded) return NULL;
  const EVP_CIPHER *cipher = key_length == 16 ? api.aes_128_gcm() : key_length == 32 ? api.aes_256_gcm() : NULL;
  if (!cipher) return NULL;
  EVP_CIPHER_CTX *context = api.cipher_new();
  if (!context) return NULL;
  // The key schedule is computed here, once; each packet sets only its IV (GCM's IV is 12
  // bytes by default, the length RFC 5647 uses).
  if (api.cipher_init_ex(context, cipher, NULL, key, NULL, encrypt ? 1 : 0) != 1) {
    api.cipher_free(context);
    return NULL;
  }
  return context;
}

// One packet: the IV, the associated data, the bytes in place. Lengths past INT_MAX never
// reach here (an SSH packet is at most 256 KiB), but are refused rather than truncated.
static int gcm_begin(EVP_CIPHER_CTX *context, const unsigned char *iv, const void *aad, size_t aad_length, void *data,
                     size_t length) {
  if (aad_length > 0x7fffffff || length > 0x7fffffff) return 0;
  int out = 0;
  if (api.cipher_init_ex(context, NULL, NULL, NULL, iv, -1) != 1) return 0;
  if (aad_length > 0 && api.cipher_update(context, NULL, &out, aad, (int)aad_length) != 1) return 0;
  if (length > 0 && api.cipher_update(context, data, &out, data, (int)length) != 1) return 0;
  return 1;
}

int cryptoshim_gcm_seal(void *context, const unsigned char *iv, const void *aad, size_t aad_length, void *data,
                        size_t length, unsigned char *tag) {
  if (!context || !gcm_begin(context, iv, aad, aad_length, data, length)) return 0;
  unsigned char end[16];
  int out = 0;
  if (api.cipher_final_ex(context, end, &out) != 1) return 0;
  return api.cipher_ctrl(context, EVP_CTRL_GCM_GET_TAG, 16, tag) == 1;
}

int cryptoshim_gcm_open(void *context, const unsigned char *iv, const void *aad, size_t aad_length, void *data,
                        size_t length, const unsigned char *tag) {
  if (!context) return 0;
  int ok = gcm_begin(context, iv, aad, aad_length, data, length);
  unsigned char end[16];
  int out = 0;
  ok = ok && api.cipher_ctrl(context, EVP_CTRL_GCM_SET_TAG, 16, (void *)tag) == 1;
  ok = ok && api.cipher_final_ex(context, end, &out) == 1;
  if (!ok) memset(data, 0, length);
  return ok;
}

void cryptoshim_gcm_free(void *context) {
  if (context) api.cipher_free(context);
}
