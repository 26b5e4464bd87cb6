#include "digestshim.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

// libcrypto's EVP digest calls, declared here rather than from <openssl/evp.h>: their
// signatures are the same in OpenSSL 1.1 and 3 (EVP_MD_CTX_new since 1.1.0), and without
// the header nothing needs libssl-dev to build snaprev.
typedef struct evp_md_ctx EVP_MD_CTX;
typedef struct evp_md EVP_MD;

static struct {
  EVP_MD_CTX *(*ctx_new)(void);
  void (*ctx_free)(EVP_MD_CTX *ctx);
  int (*init_ex)(EVP_MD_CTX *ctx, const EVP_MD *type, void *engine);
  int (*update)(EVP_MD_CTX *ctx, const void *data, size_t count);
  int (*final_ex)(EVP_MD_CTX *ctx, unsigned char *md, unsigned int *size);
  const EVP_MD *(*sha1)(void);
  const EVP_MD *(*sha256)(void);
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
#undef LOOKUP
  api.loaded = 1;
}

void *digestshim_new(int algorithm) {
  pthread_once(&load_once, load);
  if (!api.loaded) return NULL;
  const EVP_MD *type = algorithm == DIGESTSHIM_SHA1 ? api.sha1() : algorithm == DIGESTSHIM_SHA256 ? api.sha256() : NULL;
  if (!type) return NULL;
  EVP_MD_CTX *context = api.ctx_new();
  if (!context) return NULL;
  if (api.init_ex(context, type, NULL) != 1) {
    api.ctx_free(context);
    return NULL;
  }
  return context;
}

int digestshim_update(void *context, const void *bytes, size_t length) {
  if (!context) return 0;
  return length == 0 ? 1 : api.update(context, bytes, length) == 1;
}

int digestshim_finish(void *context, unsigned char *out) {
  if (!context) return 0;
  unsigned int size = 0;
  int ok = api.final_ex(context, out, &size) == 1;
  api.ctx_free(context);
  return ok;
}

void digestshim_free(void *context) {
  if (context) api.ctx_free(context);
}

const char *digestshim_error(void) {
  pthread_once(&load_once, load);
  return api.loaded ? "out of memory" : api.error;
}
