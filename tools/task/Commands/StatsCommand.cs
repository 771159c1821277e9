using AotSuite.Cli;
using AotSuite.Tasks;
using ConsoleAppFramework;

namespace AotSuite.Tools.Task.Commands;

[RegisterCommands]
internal sealed class StatsCommand
{
    /// <summary>Counts: total, done (with percentage), pending, overdue, high-priority pending.</summary>
    /// <param name="json">Print the counts as JSON.</param>
    public int Stats(ConsoleAppContext context, bool json = false)
    {
        var stats = TaskStats.Of(GlobalOptions.Store(context).Load().Tasks, Arguments.Today);
        if (json)
        {
            Console.WriteLine($$"""{"total":{{stats.Total}},"done":{{stats.Done}},"pending":{{stats.Pending}},"overdue":{{stats.Overdue}},"highPending":{{stats.HighPending}},"percentDone":{{stats.PercentDone}}}""");
            return ExitCodes.Ok;
        }
        var output = CliOutput.Stdout;
        output.WriteLine($"Total:     {stats.Total}");
        output.WriteLine($"Done:      {output.Green(stats.Done.ToString())} ({stats.PercentDone}%)");
        output.WriteLine($"Pending:   {stats.Pending}");
        output.WriteLine($"Overdue:   {(stats.Overdue > 0 ? output.Yellow(stats.Overdue.ToString()) : "0")}");
        output.WriteLine($"High:      {(stats.HighPending > 0 ? output.Red(stats.HighPending.ToString()) : "0")} pending");
        return ExitCodes.Ok;
    }
}
