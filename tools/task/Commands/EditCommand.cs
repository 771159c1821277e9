using AotSuite.Cli;
using AotSuite.Tasks;
using ConsoleAppFramework;

namespace AotSuite.Tools.Task.Commands;

[RegisterCommands]
internal sealed class EditCommand
{
    /// <summary>Change a task's title, priority, due date or tags.</summary>
    /// <param name="id">The task's id.</param>
    /// <param name="title">New title.</param>
    /// <param name="priority">-P, New priority: low, medium or high.</param>
    /// <param name="due">-d, New due date, or 'none' to clear it.</param>
    /// <param name="tag">-t, Tags to add, comma-separated.</param>
    /// <param name="untag">Tags to remove, comma-separated.</param>
    public int Edit(ConsoleAppContext context, [Argument] string id, string? title = null, string? priority = null, string? due = null,
        string[]? tag = null, string[]? untag = null)
    {
        if (title is null && priority is null && due is null && tag is null && untag is null)
        {
            throw CliException.Usage("nothing to change: give --title, --priority, --due, --tag or --untag");
        }
        if (title is not null && string.IsNullOrWhiteSpace(title)) throw CliException.Usage("--title cannot be blank");
        var clearDue = string.Equals(due, "none", StringComparison.OrdinalIgnoreCase);
        var changes = new TaskChanges(title, Arguments.Priority(priority), clearDue ? null : Arguments.Due(due), clearDue, tag, untag);
        var task = GlobalOptions.Store(context).Edit(Arguments.Id(id), changes);
        CliOutput.Stdout.Success($"Updated task {task.Id}: {task.Title}");
        return ExitCodes.Ok;
    }
}
