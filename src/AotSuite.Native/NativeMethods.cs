using System.Runtime.InteropServices;

namespace AotSuite.Native;

/// <summary>The C functions of native/aotsuite_native.h. Source-generated marshalling: no runtime stubs under AOT.</summary>
internal static unsafe partial class NativeMethods
{
    private const string Library = "aotsuite_native";

    [LibraryImport(Library, EntryPoint = "aotsuite_xxh64")]
    internal static partial ulong Xxh64(byte* data, nuint length, ulong seed);

    [LibraryImport(Library, EntryPoint = "aotsuite_fsync_dir", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int FsyncDirectory(string path);

    [LibraryImport(Library, EntryPoint = "aotsuite_native_version")]
    internal static partial byte* Version();

    [LibraryImport(Library, EntryPoint = "aotsuite_spawn", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Spawn(string file, byte** argv, byte** envp, string? cwd, int stdinFd, int stdoutFd, int stderrFd,
        int newGroup, out int pid);

    [LibraryImport(Library, EntryPoint = "aotsuite_wait_exit")]
    internal static partial int WaitExit(int pid);
}
