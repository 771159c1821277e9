using System.Diagnostics;

namespace AotSuite.AotSmokeTests;

/// <summary>A running chat-server on a free port, its stderr collected; killed if a test leaves it running.</summary>
internal sealed class ChatServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly List<string> errors = [];

    private ChatServerProcess(Process process, string banner, string url)
    {
        this.process = process;
        Banner = banner;
        Url = url;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (errors) errors.Add(e.Data);
        };
        process.BeginErrorReadLine();
    }

    /// <summary>The first line the server printed: where it listens, in which mode, over which transport.</summary>
    public string Banner { get; }

    public string Url { get; }

    public string ChatUrl => Url.Replace("http://", "ws://", StringComparison.Ordinal) + "/chat";

    public int ExitCode => process.ExitCode;

    /// <summary>The CPU time the process has used so far (user and system), read from /proc.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public string Stderr
    {
        get
        {
            lock (errors) return string.Join('\n', errors);
        }
    }

    public static async Task<ChatServerProcess> StartAsync(string directory, params string[] extra)
    {
        var process = ToolRun.Start(ToolRun.StartInfo(ToolBinary.PathOf("chat-server"), ["--port", "0", "--quiet", .. extra], directory,
            new Dictionary<string, string?> { ["CHAT_PG"] = null }));
        var banner = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "";
        // "chat-server listening on http://127.0.0.1:PORT (...)"
        var url = banner.Split(' ').FirstOrDefault(w => w.StartsWith("http://", StringComparison.Ordinal));
        if (url is null)
        {
            var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"unexpected banner: '{banner}'; stderr: {stderr}");
        }
        return new ChatServerProcess(process, banner, url);
    }

    /// <summary>Waits until stderr has a line containing <paramref name="text"/>; false after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForStderr(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Stderr.Contains(text, StringComparison.Ordinal)) return true;
            await Task.Delay(50);
        }
        return Stderr.Contains(text, StringComparison.Ordinal);
    }

    /// <summary>SIGKILL: the process dies at once, with no chance to tidy up (a crashed node).</summary>
    public async Task KillAsync()
    {
        process.Kill();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async Task StopAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]);
        await kill.WaitForExitAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
