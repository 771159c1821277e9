using AotSuite.Cli;
using ConsoleAppFramework;

namespace AotSuite.Tools.Task.Commands;

[RegisterCommands]
internal sealed class AddCommand
{
    /// <summary>Add a task.</summary>
    /// <param name="title">The task's title; several words are joined with spaces.</param>
    /// <param name="priority">-P, low, medium (default) or high.</param>
    /// <param name="due">-d, Due date: YYYY-MM-DD, today, tomorrow, +3d, +2w or a weekday.</param>
    /// <param name="tag">-t, Tags, comma-separated (-t home,errand).</param>
    /// <param name="json">Print the new task as JSON.</param>
    public int Add(ConsoleAppContext context, string? priority = null, string? due = null, string[]? tag = null, bool json = false,
        [Argument] params string[] title)
    {
        var store = GlobalOptions.Store(context);
        var task = store.Add(Arguments.Title(title), Arguments.Priority(priority) ?? Tasks.TaskPriority.Medium, Arguments.Due(due),
            tag ?? [], Arguments.Now());
        if (json) TaskPrinter.Json(Console.Out, task);
        else CliOutput.Stdout.Success($"Added task {task.Id}: {task.Title}");
        return ExitCodes.Ok;
    }
}
