using System.Globalization;
using AotSuite.Cli;
using AotSuite.Jobs;
using ConsoleAppFramework;

namespace AotSuite.Tools.Jobq.Commands;

[RegisterCommands]
internal sealed class StatusCommand
{
    private static readonly JobState[] Columns = [JobState.Waiting, JobState.Delayed, JobState.Active, JobState.Completed, JobState.Dead, JobState.Cancelled];

    /// <summary>Show how many jobs each queue has in each state.</summary>
    public async Task<int> Status(ConsoleAppContext context, CancellationToken cancellationToken = default)
    {
        await using var store = await GlobalOptions.OpenAsync(context, cancellationToken);
        var counts = await store.CountsAsync(cancellationToken);
        if (counts.Count == 0)
        {
            Console.Out.WriteLine("no jobs yet (add one with: jobq enqueue <queue> '<json>')");
            return ExitCodes.Ok;
        }
        var table = new CliTable("QUEUE", ">WAITING", ">DELAYED", ">ACTIVE", ">COMPLETED", ">DEAD", ">CANCELLED");
        foreach (var queue in counts.GroupBy(c => c.Queue).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            table.Add([queue.Key, .. Columns.Select(s => queue.Where(c => c.State == s).Sum(c => c.Count).ToString(CultureInfo.InvariantCulture))]);
        }
        table.Write(Console.Out, CliOutput.Stdout.Bold);
        return ExitCodes.Ok;
    }
}
