#define _POSIX_C_SOURCE 200809L /* O_DIRECTORY, O_CLOEXEC under -std=c11 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "aotsuite_native.h"

/* .NET cannot open a directory as a stream, so the last step of an atomic replace (persist the rename) lives here. */
int aotsuite_fsync_dir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return errno;
    int rc = fsync(fd) == 0 ? 0 : errno;
    close(fd);
    return rc;
}
