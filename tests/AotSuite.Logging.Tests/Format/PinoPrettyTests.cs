using System.Diagnostics;
using System.Net;
using AotSuite.Logging.Tests.Generated;

namespace AotSuite.Logging.Tests.Format;

/// <summary>
/// pino's own tooling reads our lines: the real <c>pino-pretty</c> from npm (installed on first use into
/// artifacts/npm/pino-pretty, since CI starts from a fresh clone) turns them into its human layout.
/// </summary>
public class PinoPrettyTests
{
    private const string Version = "13.2.0";

    [Test]
    public async Task pino_pretty_reads_our_ndjson_levels_times_messages_and_fields()
    {
        var bin = await EnsurePinoPretty();
        using var log = new TestLogger(name: "api");
        var auth = new AuthLog(log.Logger.Child("reqId", 9));
        auth.SignedIn(42, IPAddress.Parse("10.0.0.7"));
        auth.PaymentFailed(7, new InvalidOperationException("card declined"));
        log.Logger.DiskFull("/var/log");
        log.Logger.Warn("careful");
        var input = string.Join('\n', log.Lines) + "\n";

        var output = await Run("node", [bin], input);

        var time = TestLogger.Now.ToLocalTime().ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture);
        var pid = Environment.ProcessId;
        await Assert.That(output).Contains($"[{time}] INFO (api/{pid}): User 42 signed in from 10.0.0.7\n    reqId: 9\n    eventId: 1\n    userId: 42\n    ip: \"10.0.0.7\"\n");
        await Assert.That(output).Contains($"[{time}] ERROR (api/{pid}): Payment failed for 7\n    reqId: 9\n    userId: 7\n    err: {{\n      \"type\": \"System.InvalidOperationException\",\n      \"message\": \"card declined\",\n      \"stack\":\n          System.InvalidOperationException: card declined\n");
        await Assert.That(output).Contains($"[{time}] FATAL (api/{pid}): Disk /var/log is full\n    path: \"/var/log\"\n");
        await Assert.That(output).Contains($"[{time}] WARN (api/{pid}): careful\n");
    }

    [Test]
    public async Task Our_pretty_format_matches_pino_pretty_for_the_same_lines()
    {
        var bin = await EnsurePinoPretty();
        using var log = new TestLogger(name: "api");
        var auth = new AuthLog(log.Logger);
        auth.SignedIn(42, IPAddress.Parse("10.0.0.7"));
        auth.RequestDone(new HttpRequestLog("GET", "/a", [new("Accept", "*/*")]), new HttpResponseLog(204, []), 3);
        Exception error;
        try
        {
            throw new TimeoutException("slow");
        }
        catch (TimeoutException e)
        {
            error = e;
        }
        auth.PaymentFailed(1, error);
        var input = string.Join('\n', log.Lines) + "\n";

        var theirs = await Run("node", [bin], input);
        var ours = new System.Buffers.ArrayBufferWriter<byte>();
        foreach (var line in log.Lines) Pretty.PrettyFormatter.Format(System.Text.Encoding.UTF8.GetBytes(line), ours, color: false);

        // Times: pino-pretty prints local time, ours UTC; the test machines run in UTC, other zones differ only there.
        if (TimeZoneInfo.Local.BaseUtcOffset != TimeSpan.Zero) return;
        await Assert.That(System.Text.Encoding.UTF8.GetString(ours.WrittenSpan)).IsEqualTo(theirs);
    }

    private static async Task<string> Run(string file, string[] arguments, string input)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("FORCE_COLOR");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>pino-pretty's bin.js, installed with npm into artifacts/npm/pino-pretty when it is not there yet.</summary>
    private static async Task<string> EnsurePinoPretty()
    {
        var prefix = Path.Combine(RepoRoot(), "artifacts", "npm", "pino-pretty");
        var bin = Path.Combine(prefix, "node_modules", "pino-pretty", "bin.js");
        var package = Path.Combine(prefix, "node_modules", "pino-pretty", "package.json");
        await InstallLock.WaitAsync();
        try
        {
            if (File.Exists(bin) && File.ReadAllText(package).Contains($"\"version\": \"{Version}\"", StringComparison.Ordinal)) return bin;
            Directory.CreateDirectory(prefix);
            await Run("npm", ["install", "--prefix", prefix, $"pino-pretty@{Version}", "--no-audit", "--no-fund", "--loglevel=error"], "");
            return File.Exists(bin) ? bin : throw new InvalidOperationException($"npm install pino-pretty@{Version} left no {bin}");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static string RepoRoot()
    {
        for (var dir = AppContext.BaseDirectory; dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (File.Exists(Path.Combine(dir, "AotSuite.sln"))) return dir;
        }
        throw new InvalidOperationException($"no AotSuite.sln above {AppContext.BaseDirectory}");
    }
}
