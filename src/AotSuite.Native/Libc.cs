using System.Runtime.InteropServices;

namespace AotSuite.Native;

/// <summary>
/// The few libc calls .NET has no API for: signals to a process group, and the file-descriptor plumbing a watcher's
/// event loop needs (poll over inotify and a wake-up pipe). Each returns -1 and sets errno
/// (<see cref="Marshal.GetLastPInvokeError"/>) on failure, as libc does.
/// </summary>
public static unsafe partial class Libc
{
    private const string Library = "libc";

    public const int SIGKILL = 9;
    public const int SIGTERM = 15;
    public const int SIGINT = 2;
    public const int SIGHUP = 1;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENOSPC = 28;
    public const int ENOENT = 2;
    public const int EMFILE = 24;
    public const short POLLIN = 0x1;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NONBLOCK = 0x800;

    /// <summary>One entry of poll(2)'s array.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>kill(2): a negative <paramref name="pid"/> signals the whole process group -pid.</summary>
    [LibraryImport(Library, EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport(Library, EntryPoint = "getpgid", SetLastError = true)]
    public static partial int GetProcessGroup(int pid);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport(Library, EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport(Library, EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int InotifyInit1(int flags);

    [LibraryImport(Library, EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int InotifyAddWatch(int fd, string path, uint mask);

    [LibraryImport(Library, EntryPoint = "inotify_rm_watch", SetLastError = true)]
    public static partial int InotifyRemoveWatch(int fd, int wd);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags, int mode);

    /// <summary>A descriptor that becomes readable when the process exits; works for processes that are not our children.</summary>
    [LibraryImport(Library, EntryPoint = "pidfd_open", SetLastError = true)]
    public static partial int PidFdOpen(int pid, uint flags);

    public const int O_WRONLY = 0x1;
    public const int O_RDONLY = 0x0;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;

    /// <summary>The text of an errno value (strerror), e.g. "No space left on device".</summary>
    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
