using System.Diagnostics;

namespace AotSuite.Processes.Tests;

internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>Polls <paramref name="condition"/> until it holds; false after <paramref name="timeout"/> (20 s).</summary>
    public static async Task<bool> True(Func<bool> condition, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < (timeout ?? Patience))
        {
            if (condition()) return true;
            await Task.Delay(10);
        }
        return condition();
    }

    public static string TempFolder() => Directory.CreateTempSubdirectory("aotsuite-processes-").FullName;
}
