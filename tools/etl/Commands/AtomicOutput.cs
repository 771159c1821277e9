using AotSuite.Native;

namespace AotSuite.Tools.Etl.Commands;

/// <summary>
/// Output to stdout, or to a file through a temp name beside it that is fsynced and renamed over the target only when
/// everything was written: a failed or interrupted run never leaves a half-written file (DurableFile's recipe, streamed).
/// </summary>
internal static class AtomicOutput
{
    public static void Write(string path, Action<Stream> write)
    {
        if (path.Length == 0 || path == "-")
        {
            using var stdout = Console.OpenStandardOutput();
            write(stdout);
            return;
        }
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temp = $"{full}.tmp-{Environment.ProcessId}";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        DurableFile.SyncDirectory(directory);
    }
}
