using System.Runtime.InteropServices;
using System.Text;

namespace AotSuite.Native;

/// <summary>
/// Starts a child with posix_spawn (native/spawn.c): optionally in a process group of its own, with every signal at its
/// default disposition, and its standard streams taken from file descriptors the caller owns (a log file, a pipe, or
/// this process's own terminal). The caller reaps it with <see cref="WaitForExit"/>; .NET's Process class never sees it.
/// </summary>
public static unsafe class NativeProcess
{
    /// <summary>Starts <paramref name="file"/> (looked up on PATH when it has no '/'); returns the pid.</summary>
    /// <param name="environment">KEY=VALUE entries; the child sees exactly these.</param>
    /// <param name="stdio">stdin, stdout, stderr descriptors; -1 keeps this process's own.</param>
    /// <param name="newSession">setsid: a session and group of its own, detached from any terminal (daemons).</param>
    /// <exception cref="IOException">posix_spawn failed (no such program, not executable, ...).</exception>
    public static int Spawn(string file, IReadOnlyList<string> arguments, IReadOnlyList<string> environment, string? workingDirectory,
        (int In, int Out, int Err) stdio, bool newProcessGroup, bool newSession = false)
    {
        var argv = ToNativeArray(arguments);
        var envp = ToNativeArray(environment);
        try
        {
            var rc = NativeMethods.Spawn(file, argv, envp, workingDirectory, stdio.In, stdio.Out, stdio.Err, newSession ? 2 : newProcessGroup ? 1 : 0, out var pid);
            return rc == 0 ? pid : throw new IOException($"{file}: cannot start ({Libc.ErrorText(rc)})");
        }
        finally
        {
            FreeNativeArray(argv, arguments.Count);
            FreeNativeArray(envp, environment.Count);
        }
    }

    /// <summary>Blocks until the child exits and reaps it: its exit code, or 128 + the signal that ended it.</summary>
    public static int WaitForExit(int pid)
    {
        var code = NativeMethods.WaitExit(pid);
        return code >= 0 ? code : throw new IOException($"waitpid({pid}) failed ({Libc.ErrorText(-code)})");
    }

    /// <summary>This process's environment as KEY=VALUE entries, with <paramref name="overrides"/> applied last.</summary>
    public static List<string> Environment(IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var merged = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            merged[(string)entry.Key] = (string?)entry.Value ?? "";
        }
        foreach (var (key, value) in overrides ?? []) merged[key] = value;
        return merged.Select(static kv => $"{kv.Key}={kv.Value}").ToList();
    }

    private static byte** ToNativeArray(IReadOnlyList<string> items)
    {
        var array = (byte**)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < items.Count; i++)
        {
            var bytes = Encoding.UTF8.GetByteCount(items[i]);
            var text = (byte*)NativeMemory.Alloc((nuint)bytes + 1);
            Encoding.UTF8.GetBytes(items[i], new Span<byte>(text, bytes));
            text[bytes] = 0;
            array[i] = text;
        }
        array[items.Count] = null;
        return array;
    }

    private static void FreeNativeArray(byte** array, int count)
    {
        for (var i = 0; i < count; i++) NativeMemory.Free(array[i]);
        NativeMemory.Free(array);
    }
}
