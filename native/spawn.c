#define _GNU_SOURCE /* posix_spawn_file_actions_addchdir_np */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "aotsuite_native.h"

/* .NET's Process cannot put a child in its own process group, and a child started from .NET inherits SIGPIPE ignored
 * (the runtime ignores it, and an ignored signal stays ignored across exec). Process managers need both right: the
 * group so that stopping `sh -c "npm start"` stops node too, the signals so the child behaves as it would from a shell. */
int aotsuite_spawn(const char *file, char *const argv[], char *const envp[], const char *cwd,
                   int stdin_fd, int stdout_fd, int stderr_fd, int new_group, int *pid_out)
{
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attr;
    int rc = posix_spawn_file_actions_init(&actions);
    if (rc != 0) return rc;
    rc = posix_spawnattr_init(&attr);
    if (rc != 0)
    {
        posix_spawn_file_actions_destroy(&actions);
        return rc;
    }

    if (stdin_fd >= 0 && stdin_fd != 0) rc = rc ? rc : posix_spawn_file_actions_adddup2(&actions, stdin_fd, 0);
    if (stdout_fd >= 0 && stdout_fd != 1) rc = rc ? rc : posix_spawn_file_actions_adddup2(&actions, stdout_fd, 1);
    if (stderr_fd >= 0 && stderr_fd != 2) rc = rc ? rc : posix_spawn_file_actions_adddup2(&actions, stderr_fd, 2);
    if (cwd != NULL && cwd[0] != '\0') rc = rc ? rc : posix_spawn_file_actions_addchdir_np(&actions, cwd);

    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig = 1; sig < 32; sig++)
    {
        if (sig != SIGKILL && sig != SIGSTOP) sigaddset(&defaults, sig);
    }
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (new_group == 2) flags |= POSIX_SPAWN_SETSID; /* a daemon: no controlling terminal, no SIGHUP from it */
    else if (new_group) flags |= POSIX_SPAWN_SETPGROUP;
    rc = rc ? rc : posix_spawnattr_setflags(&attr, flags);
    rc = rc ? rc : posix_spawnattr_setsigmask(&attr, &none);
    rc = rc ? rc : posix_spawnattr_setsigdefault(&attr, &defaults);
    if (new_group == 1) rc = rc ? rc : posix_spawnattr_setpgroup(&attr, 0);

    pid_t pid = 0;
    if (rc == 0) rc = posix_spawnp(&pid, file, &actions, &attr, argv, envp);
    posix_spawnattr_destroy(&attr);
    posix_spawn_file_actions_destroy(&actions);
    if (rc == 0) *pid_out = (int)pid;
    return rc;
}

/* Waits for the child and returns its exit code, or 128 + the signal that killed it (what a shell reports). */
int aotsuite_wait_exit(int pid)
{
    int status = 0;
    for (;;)
    {
        pid_t r = waitpid((pid_t)pid, &status, 0);
        if (r == pid) break;
        if (r < 0 && errno == EINTR) continue;
        return -errno;
    }
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}
