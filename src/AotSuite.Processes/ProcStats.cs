using System.Globalization;

namespace AotSuite.Processes;

/// <summary>What /proc says about a process: alive, when it started, CPU time, resident memory, listening sockets.</summary>
public static class ProcStats
{
    private const double ClockTicksPerSecond = 100; // USER_HZ: 100 on every Linux ABI .NET runs on
    private static readonly Lazy<long> BootTimeUnixSeconds = new(ReadBootTime);

    /// <summary>Exists and is not a zombie.</summary>
    public static bool IsAlive(int pid)
    {
        var fields = StatFields(pid);
        return fields is not null && fields[0] != "Z";
    }

    /// <summary>Start time in clock ticks since boot (field 22): with the pid, it tells a process from a later one that reused the pid.</summary>
    public static long? StartTicks(int pid) => StatFields(pid) is { } f ? long.Parse(f[19], CultureInfo.InvariantCulture) : null;

    public static DateTimeOffset? StartTime(int pid) =>
        StartTicks(pid) is { } ticks ? DateTimeOffset.FromUnixTimeMilliseconds((long)((BootTimeUnixSeconds.Value + ticks / ClockTicksPerSecond) * 1000)) : null;

    /// <summary>User + system CPU time.</summary>
    public static TimeSpan? CpuTime(int pid)
    {
        if (StatFields(pid) is not { } f) return null;
        var ticks = long.Parse(f[11], CultureInfo.InvariantCulture) + long.Parse(f[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
    }

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public static long? ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether any process of the group <paramref name="pgid"/> holds a TCP socket in LISTEN state (a server that is ready).</summary>
    public static bool GroupIsListening(int pgid)
    {
        var sockets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pid in GroupMembers(pgid))
        {
            try
            {
                foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)) sockets.Add(target[8..^1]);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while we looked.
            }
        }
        if (sockets.Count == 0) return false;
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            if (!File.Exists(table)) continue;
            foreach (var line in File.ReadLines(table).Skip(1))
            {
                var columns = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (columns.Length > 9 && columns[3] == "0A" && sockets.Contains(columns[9])) return true; // 0A = LISTEN
            }
        }
        return false;
    }

    /// <summary>The pids whose process group is <paramref name="pgid"/>.</summary>
    public static List<int> GroupMembers(int pgid)
    {
        var members = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
            if (StatFields(pid) is { } f && f[2] == pgid.ToString(CultureInfo.InvariantCulture)) members.Add(pid);
        }
        return members;
    }

    /// <summary>The fields of /proc/pid/stat after the command name (state is [0]); null when the process is gone.</summary>
    private static string[]? StatFields(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // The command name may hold spaces and parentheses: everything after the last ')' is fixed-format.
        var close = text.LastIndexOf(')');
        return close < 0 ? null : text[(close + 2)..].Split(' ');
    }

    private static long ReadBootTime()
    {
        foreach (var line in File.ReadLines("/proc/stat"))
        {
            if (line.StartsWith("btime ", StringComparison.Ordinal)) return long.Parse(line[6..], CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
