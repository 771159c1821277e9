/* AotSuite native library: the functions managed code calls through [LibraryImport("aotsuite_native")].
 * Linked statically into every AOT tool; built as a shared object for JIT tests. */
#ifndef AOTSUITE_NATIVE_H
#define AOTSUITE_NATIVE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Library version, so a binary can tell which native code it carries. */
const char *aotsuite_native_version(void);

/* XXH64 of len bytes at data (the xxHash spec's 64-bit variant, little-endian reads). */
uint64_t aotsuite_xxh64(const uint8_t *data, size_t len, uint64_t seed);

/* fsync() a directory so that a rename inside it survives a power cut. Returns 0, or errno. */
int aotsuite_fsync_dir(const char *path);

#ifdef __cplusplus
}
#endif

#endif
