using AotSuite.Cli;
using AotSuite.Tasks;
using ConsoleAppFramework;

namespace AotSuite.Tools.Task.Commands;

[RegisterCommands]
internal sealed class ListCommand
{
    /// <summary>List tasks: pending first, then by priority, then by id.</summary>
    /// <param name="pending">-p, Only tasks not done yet.</param>
    /// <param name="done">Only done tasks.</param>
    /// <param name="tag">-t, Only tasks with this tag.</param>
    /// <param name="priority">-P, Only tasks with this priority.</param>
    /// <param name="json">Print the tasks as a JSON array.</param>
    [Command("list|ls")]
    public int List(ConsoleAppContext context, bool pending = false, bool done = false, string? tag = null, string? priority = null,
        bool json = false)
    {
        if (pending && done) throw CliException.Usage("--pending and --done exclude each other");
        var filter = new TaskFilter(pending, done, tag, Arguments.Priority(priority));
        var tasks = filter.Apply(GlobalOptions.Store(context).Load().Tasks);
        if (json) TaskPrinter.Json(Console.Out, tasks);
        else TaskPrinter.Table(CliOutput.Stdout, tasks, Arguments.Today);
        return ExitCodes.Ok;
    }
}
