using System.Diagnostics;
using AotSuite.Cli;
using AotSuite.Jobs;
using ConsoleAppFramework;

namespace AotSuite.Tools.Jobq.Commands;

[RegisterCommands]
internal sealed class WorkCommand
{
    /// <summary>Run a queue's jobs until SIGINT/SIGTERM: a shell command per job, the payload on its stdin.</summary>
    /// <param name="queue">The queue's name.</param>
    /// <param name="exec">Shell command run per job; exit 0 completes it. Gets JOBQ_JOB_ID, JOBQ_QUEUE, JOBQ_ATTEMPT.</param>
    /// <param name="output">Instead of a command, append each payload as one line to this file (one worker per file).</param>
    /// <param name="concurrency">-c, Jobs run at once.</param>
    /// <param name="prefetch">Jobs claimed beyond --concurrency into a local queue, so a slot never waits on the store.</param>
    /// <param name="lease">How long a job stays claimed without a heartbeat (a dead worker's jobs come back after it).</param>
    /// <param name="grace">On SIGINT/SIGTERM, how long running jobs may finish before they are released.</param>
    /// <param name="quiet">-q, No line per job.</param>
    public async Task<int> Work(ConsoleAppContext context, [Argument] string queue, string? exec = null, string? output = null, int concurrency = 1,
        int prefetch = 0, string lease = "30s", string grace = "10s", bool quiet = false, CancellationToken cancellationToken = default)
    {
        if ((exec is null) == (output is null)) throw CliException.Usage("give --exec \"command\" or --output <file> (one of them)");
        if (concurrency < 1) throw CliException.Usage($"--concurrency {concurrency}: must be at least 1");
        if (prefetch < 0) throw CliException.Usage($"--prefetch {prefetch}: must be 0 or more");
        var leaseTime = Durations.Parse("lease", lease);
        var graceTime = Durations.Parse("grace", grace);
        await using var store = await GlobalOptions.OpenAsync(context, cancellationToken);
        var sink = output is null ? null : new LineSink(output);
        Func<JobContext, CancellationToken, Task> handler = sink is not null ? sink.WriteAsync : (job, ct) => RunCommandAsync(exec!, job, ct);
        var worker = new JobWorker(store, queue, handler, new WorkerOptions { Concurrency = concurrency, Prefetch = prefetch, LeaseDuration = leaseTime });
        var stdout = Console.Out;
        if (!quiet)
        {
            var o = CliOutput.Stdout;
            worker.Completed += e => Say(stdout, $"{o.Green("✓")} job {e.Job.Id} completed");
            worker.Failed += e => Say(stdout, e.WillRetry
                ? $"{o.Yellow("!")} job {e.Job.Id} failed (attempt {e.Attempt}/{e.Job.MaxAttempts}, will retry): {e.Error}"
                : $"{o.Red("✗")} job {e.Job.Id} {(e.Job.State == JobState.Cancelled ? "cancelled" : $"dead after {e.Attempt} attempts")}: {e.Error}");
        }
        Say(stdout, $"jobq: working '{queue}' as {worker.WorkerId} (concurrency {concurrency}); Ctrl+C stops");
        await worker.RunAsync(graceTime, cancellationToken);
        sink?.Dispose();
        return ExitCodes.Ok;
    }

    private static void Say(TextWriter writer, string line)
    {
        lock (writer)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }

    private static async Task RunCommandAsync(string command, JobContext job, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        info.Environment["JOBQ_JOB_ID"] = job.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["JOBQ_QUEUE"] = job.Job.Queue;
        info.Environment["JOBQ_ATTEMPT"] = job.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start /bin/sh -c {command}");
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.StandardInput.WriteAsync(job.Job.Payload);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the command does not read its stdin
        }
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var errors = (await stderr).Trim();
        Console.Error.Write(errors.Length > 0 ? errors + Environment.NewLine : "");
        if (process.ExitCode != 0)
        {
            var last = errors.Length == 0 ? "" : ": " + errors.Split('\n')[^1];
            throw new JobFailedException($"exit code {process.ExitCode}{last}");
        }
    }
}

/// <summary>
/// --output: appends each payload as one line; a lock keeps lines whole across concurrent jobs. One writer per file:
/// FileStream writes at its own offset (not O_APPEND), so two processes appending to one file would overwrite each
/// other; FileShare.Read makes a second worker's open fail instead.
/// </summary>
internal sealed class LineSink(string path) : IDisposable
{
    private readonly FileStream file = Open(path);

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        }
        catch (IOException e)
        {
            throw new AotSuite.Cli.CliException($"cannot write {path}: {e.Message} (give each worker its own --output file)", inner: e);
        }
    }
    private readonly Lock gate = new();

    public Task WriteAsync(JobContext job, CancellationToken cancellationToken)
    {
        var line = System.Text.Encoding.UTF8.GetBytes(job.Job.Payload.ReplaceLineEndings(" ") + "\n");
        lock (gate)
        {
            file.Write(line);
            file.Flush(); // one write(2) per line, so a kill -9 never leaves half a line
        }
        return Task.CompletedTask;
    }

    public void Dispose() => file.Dispose();
}
