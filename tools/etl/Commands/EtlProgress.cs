using System.Diagnostics;
using AotSuite.Cli;

namespace AotSuite.Tools.Etl.Commands;

/// <summary>
/// Bytes read of the input's size, rows per second and the time left, on stderr when it is a terminal (silent
/// otherwise, and when the input's size is unknown, as for a pipe).
/// </summary>
internal sealed class EtlProgress(long total, Func<long> consumed) : IDisposable
{
    private const int Every = 8192; // rows between clock reads
    private readonly ProgressBar? bar = total > 0 && !Console.IsErrorRedirected ? new ProgressBar("etl", total) : null;
    private readonly long started = Stopwatch.GetTimestamp();
    private long rows;

    /// <summary>Counts a row; true every few thousand rows (a good moment to check for cancellation).</summary>
    public bool Row()
    {
        if (++rows % Every != 0) return false;
        if (bar is not null)
        {
            var done = consumed();
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var rate = seconds > 0 ? rows / seconds : 0;
            var bytesRate = seconds > 0 ? done / seconds : 0;
            var eta = bytesRate > 0 ? TimeSpan.FromSeconds((total - done) / bytesRate) : TimeSpan.Zero;
            bar.Report(done, $"{Mb(done)}/{Mb(total)} MB  {rate:0} rows/s  ETA {eta:mm\\:ss}");
        }
        return true;
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => bar?.Dispose();
}
