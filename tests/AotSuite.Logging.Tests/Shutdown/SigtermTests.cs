using System.Diagnostics;
using System.Text.Json;

namespace AotSuite.Logging.Tests.Shutdown;

/// <summary>Nothing lost: a process that logged 100,000 lines and is then killed with SIGTERM has all of them in its file.</summary>
public class SigtermTests
{
    [Test]
    public async Task A_process_killed_with_SIGTERM_after_logging_100000_lines_leaves_all_of_them_as_valid_json()
    {
        const int Count = 100_000;
        var directory = Directory.CreateTempSubdirectory("aotsuite-log-sigterm-");
        try
        {
            var path = Path.Combine(directory.FullName, "app.log");
            using var child = StartChild(path, Count);
            var ready = await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await Assert.That(ready).IsEqualTo(ChildLogProgram.Ready);

            using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            // .NET exits with 143 (128 + SIGTERM) after running ProcessExit handlers.
            await Assert.That(child.ExitCode).IsEqualTo(143);

            var lines = await File.ReadAllLinesAsync(path);
            await Assert.That(lines.Length).IsEqualTo(Count);
            var seen = new bool[Count];
            foreach (var line in lines)
            {
                using var json = JsonDocument.Parse(line);
                seen[json.RootElement.GetProperty("a").GetInt32()] = true;
            }
            await Assert.That(seen.All(static s => s)).IsTrue();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Process StartChild(string path, int count)
    {
        // The test host itself: its apphost, or 'dotnet <dll>' when run that way.
        var host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") info.ArgumentList.Add(typeof(SigtermTests).Assembly.Location);
        info.Environment[ChildLogProgram.ModeVariable] = "sigterm";
        info.Environment[ChildLogProgram.FileVariable] = path;
        info.Environment[ChildLogProgram.CountVariable] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment.Remove("LOG_LEVEL");
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {host}");
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }
}
