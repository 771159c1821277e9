using System.Globalization;
using System.Text;
using AotSuite.Cli;
using AotSuite.Processes.Manager;
using ConsoleAppFramework;

namespace AotSuite.Tools.Minipm2.Commands;

[RegisterCommands]
internal sealed class LogsCommand
{
    /// <summary>Print the last lines of each process's stdout and stderr logs, and with --follow keep printing new ones.</summary>
    /// <param name="target">A name, an id, or nothing for all.</param>
    /// <param name="lines">How many lines of each file to print first.</param>
    /// <param name="follow">-f, Keep printing what is appended, until Ctrl-C.</param>
    public async Task<int> Logs([Argument] string? target = null, int lines = 15, bool follow = false, CancellationToken cancellationToken = default)
    {
        if (lines < 0) throw CliException.Usage($"--lines {lines}: must be 0 or more");
        var response = await DaemonConnection.SendAsync(new DaemonRequest { Command = target is null ? "list" : "describe", Target = target }, cancellationToken);
        var output = CliOutput.Stdout;
        var files = new List<(string Path, string Prefix)>();
        foreach (var process in response.Processes)
        {
            var label = $"{process.Name}-{process.Id.ToString(CultureInfo.InvariantCulture)}";
            files.Add((process.OutLog, $"{output.Green(label)} | "));
            files.Add((process.ErrLog, $"{output.Red(label)} | "));
        }
        foreach (var (path, prefix) in files)
        {
            var tail = LogFiles.Tail(path, lines);
            if (tail.Count == 0) continue;
            output.WriteLine(output.Bold($"==> {path} (last {tail.Count} lines) <=="));
            foreach (var line in tail) output.WriteLine(prefix + line);
        }
        output.Writer.Flush();
        if (!follow) return ExitCodes.Ok;
        var offsets = files.Select(static f => File.Exists(f.Path) ? new FileInfo(f.Path).Length : 0).ToArray();
        try
        {
            while (true)
            {
                await Task.Delay(200, cancellationToken);
                for (var i = 0; i < files.Count; i++) offsets[i] = PrintAppended(output, files[i].Path, files[i].Prefix, offsets[i]);
                output.Writer.Flush();
            }
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }
    }

    /// <summary>Prints whole lines written since <paramref name="offset"/>; a rotation (the file got shorter) starts over at 0.</summary>
    private static long PrintAppended(CliOutput output, string path, string prefix, long offset)
    {
        if (!File.Exists(path)) return 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < offset) offset = 0;
        if (stream.Length == offset) return offset;
        stream.Position = offset;
        var bytes = new byte[stream.Length - offset];
        stream.ReadExactly(bytes);
        var end = Array.LastIndexOf(bytes, (byte)'\n');
        if (end < 0) return offset;
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n')) output.WriteLine(prefix + line);
        return offset + end + 1;
    }
}
