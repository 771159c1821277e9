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

/* posix_spawnp with stdin/stdout/stderr dup'd from the given fds (-1: inherit), a working directory (NULL: inherit),
 * every signal back to its default disposition and unblocked, and (new_group 1) a process group of its own whose
 * id is the child's pid, or (new_group 2) a session of its own (a daemon). Returns 0 and the pid, or an errno value. */
int aotsuite_spawn(const char *file, char *const argv[], char *const envp[], const char *cwd,
                   int stdin_fd, int stdout_fd, int stderr_fd, int new_group, int *pid_out);

/* Blocks until the child exits; returns its exit code, 128 + signal when killed, or -errno. */
int aotsuite_wait_exit(int pid);

#ifdef __cplusplus
}
#endif

#endif
