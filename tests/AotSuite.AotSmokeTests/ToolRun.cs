using System.Diagnostics;
using System.Text;

namespace AotSuite.AotSmokeTests;

/// <summary>
/// Runs a binary the way a script would: output piped, stdin closed, and an environment that does not depend on the
/// machine running the tests (no NO_COLOR, FORCE_COLOR or TASK_FILE from outside; HOME and XDG_DATA_HOME in the test's
/// own temp folder, so nothing can touch the real ~/.local/share).
/// </summary>
internal static class ToolRun
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Variables that change what the tools print or where they write; a test that wants one sets it explicitly.
    private static readonly string[] Scrubbed = ["NO_COLOR", "FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TASK_FILE", "AOTSUITE_VERBOSE", "TERM"];

    /// <param name="home">The test's temp folder; becomes HOME, and XDG_DATA_HOME is <c>home/.local/share</c>.</param>
    /// <param name="environment">Overrides applied last; a null value removes the variable.</param>
    public static ProcessStartInfo StartInfo(string binary, IEnumerable<string> arguments, string home,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = home,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var name in Scrubbed) info.Environment.Remove(name);
        info.Environment["HOME"] = home;
        info.Environment["XDG_DATA_HOME"] = Path.Combine(home, ".local", "share");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        return info;
    }

    /// <summary>Starts the process; the caller owns it (and must drain or close its output).</summary>
    public static Process Start(ProcessStartInfo info)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}");
        process.StandardInput.Close();
        return process;
    }

    /// <summary>Runs to completion; kills the process tree and throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task<ToolResult> RunAsync(string binary, IEnumerable<string> arguments, string home,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var info = StartInfo(binary, arguments, home, environment);
        using var process = Start(info);
        // Both pipes are read at once: a child that fills one while we wait on the other would never exit.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var limit = timeout ?? DefaultTimeout;
        using var cancel = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{Describe(info)}' did not exit within {limit.TotalSeconds:0} s");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }

    public static string Describe(ProcessStartInfo info) =>
        string.Join(' ', info.ArgumentList.Select(static a => a.Contains(' ') ? $"\"{a}\"" : a).Prepend(Path.GetFileName(info.FileName)));
}
