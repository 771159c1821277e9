using System.Diagnostics;

namespace AotSuite.Cli;

/// <summary>
/// A one-line progress bar on stderr, drawn only when stderr is a terminal (and NO_COLOR does not matter: it is not
/// colour). Redraws at most every 100 ms, so reporting per item costs nothing in a tight loop.
/// </summary>
public sealed class ProgressBar : IDisposable
{
    private const int BarWidth = 30;
    private readonly TextWriter writer;
    private readonly string label;
    private readonly bool enabled;
    private readonly long total;
    private long lastDraw = long.MinValue;

    public ProgressBar(string label, long total) : this(label, total, Console.Error, !Console.IsErrorRedirected)
    {
    }

    internal ProgressBar(string label, long total, TextWriter writer, bool enabled)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        this.label = label;
        this.total = total;
        this.writer = writer;
        this.enabled = enabled;
    }

    /// <summary>The last value reported.</summary>
    public long Done { get; private set; }

    public void Report(long done) => Report(done, null);

    /// <summary>Reports progress with a detail after the bar (rate, time left); the detail is drawn as given.</summary>
    public void Report(long done, string? detail)
    {
        Done = Math.Clamp(done, 0, total);
        if (!enabled) return;
        var now = Stopwatch.GetTimestamp();
        if (Done < total && lastDraw != long.MinValue && Stopwatch.GetElapsedTime(lastDraw, now).TotalMilliseconds < 100) return;
        lastDraw = now;
        writer.Write(detail is null ? $"\r{Render(label, Done, total)}" : $"\r{Render(label, Done, total)}  {detail}\e[K");
    }

    /// <summary>The bar's text, e.g. <c>hashing [=========&gt;          ]  45% 450/1000</c>.</summary>
    internal static string Render(string label, long done, long total)
    {
        var fraction = total == 0 ? 1.0 : (double)done / total;
        var filled = (int)(fraction * BarWidth);
        var bar = new string('=', filled) + (filled < BarWidth ? ">" + new string(' ', BarWidth - filled - 1) : "");
        return $"{label} [{bar}] {fraction * 100,3:0}% {done}/{total}";
    }

    public void Dispose()
    {
        if (enabled && lastDraw != long.MinValue) writer.Write("\r\e[2K");
    }
}
