using System.Runtime.InteropServices;
using System.Text;
using AotSuite.Native;

namespace AotSuite.Processes.Manager;

/// <summary>
/// Per-process log files. The child writes straight into them (the daemon hands it the descriptors and never copies
/// a byte, which keeps the daemon's CPU at zero however chatty the app is); they are opened O_APPEND so rotation can
/// copy and truncate underneath a writer that keeps its descriptor (pm2-logrotate's copytruncate).
/// </summary>
public static class LogFiles
{
    /// <summary>An O_APPEND descriptor; the caller closes it once the child has its copy.</summary>
    public static int OpenAppend(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var fd = Libc.Open(path, Libc.O_WRONLY | Libc.O_CREAT | Libc.O_APPEND | Libc.O_CLOEXEC, 420 /* 0644 */);
        return fd >= 0 ? fd : throw new IOException($"{path}: cannot open for append ({Libc.ErrorText(Marshal.GetLastPInvokeError())})");
    }

    /// <summary>When <paramref name="path"/> is over <paramref name="maxBytes"/>: path.N-1 → path.N …, path copied to path.1, then truncated.</summary>
    /// <returns>True when it rotated.</returns>
    public static bool RotateIfLarger(string path, long maxBytes, int keep = 3)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length <= maxBytes) return false;
        for (var i = keep - 1; i >= 1; i--)
        {
            var older = $"{path}.{i}";
            if (File.Exists(older)) File.Move(older, $"{path}.{i + 1}", overwrite: true);
        }
        File.Copy(path, $"{path}.1", overwrite: true);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) stream.SetLength(0);
        return true;
    }

    /// <summary>The last <paramref name="count"/> lines of a file (reads only its tail).</summary>
    public static List<string> Tail(string path, int count)
    {
        if (count <= 0 || !File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var chunk = 8192L;
        while (true)
        {
            var start = Math.Max(0, stream.Length - chunk);
            stream.Position = start;
            var bytes = new byte[stream.Length - start];
            stream.ReadExactly(bytes);
            var text = Encoding.UTF8.GetString(bytes);
            var lines = text.Split('\n').ToList();
            if (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
            if (lines.Count > count || start == 0)
            {
                if (start > 0) lines.RemoveAt(0); // a partial first line
                return lines.Count > count ? lines.GetRange(lines.Count - count, count) : lines;
            }
            chunk *= 4;
        }
    }
}
