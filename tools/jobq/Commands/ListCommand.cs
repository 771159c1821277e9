using System.Globalization;
using AotSuite.Cli;
using AotSuite.Jobs;
using ConsoleAppFramework;

namespace AotSuite.Tools.Jobq.Commands;

[RegisterCommands]
internal sealed class ListCommand
{
    /// <summary>List jobs, newest first.</summary>
    /// <param name="failed">Only dead-lettered jobs (failed their last attempt).</param>
    /// <param name="state">Only jobs in this state: waiting, delayed, active, completed, dead, cancelled.</param>
    /// <param name="queue">Only this queue.</param>
    /// <param name="limit">-n, At most this many.</param>
    public async Task<int> List(ConsoleAppContext context, bool failed = false, string? state = null, string? queue = null, int limit = 50,
        CancellationToken cancellationToken = default)
    {
        JobState? filter = failed ? JobState.Dead : null;
        if (state is not null)
        {
            try
            {
                filter = JobStateNames.Parse(state);
            }
            catch (FormatException e)
            {
                throw CliException.Usage(e.Message);
            }
        }
        await using var store = await GlobalOptions.OpenAsync(context, cancellationToken);
        var jobs = await store.ListAsync(filter, queue, limit, cancellationToken);
        if (jobs.Count == 0)
        {
            Console.Out.WriteLine("no jobs");
            return ExitCodes.Ok;
        }
        var table = new CliTable(">ID", "QUEUE", "STATE", ">ATTEMPTS", "RUN AT", "PAYLOAD", "ERROR");
        foreach (var job in jobs)
        {
            table.Add(job.Id.ToString(CultureInfo.InvariantCulture), job.Queue, JobStateNames.Name(job.State), $"{job.Attempts}/{job.MaxAttempts}",
                job.RunAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Shorten(job.Payload, 40), Shorten(job.LastError ?? "", 60));
        }
        table.Write(Console.Out, CliOutput.Stdout.Bold);
        return ExitCodes.Ok;
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
