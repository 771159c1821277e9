using AotSuite.Cli;
using ConsoleAppFramework;

namespace AotSuite.Tools.Task.Commands;

/// <summary>The verbs that move one task between pending, done and gone.</summary>
[RegisterCommands]
internal sealed class StatusCommands
{
    /// <summary>Mark a task done.</summary>
    /// <param name="id">The task's id (see 'task list').</param>
    [Command("complete|done")]
    public int Complete(ConsoleAppContext context, [Argument] string id)
    {
        var task = GlobalOptions.Store(context).Complete(Arguments.Id(id), Arguments.Now());
        CliOutput.Stdout.Success($"Completed task {task.Id}: {task.Title}");
        return ExitCodes.Ok;
    }

    /// <summary>Mark a done task pending again.</summary>
    /// <param name="id">The task's id.</param>
    public int Uncomplete(ConsoleAppContext context, [Argument] string id)
    {
        var task = GlobalOptions.Store(context).Uncomplete(Arguments.Id(id));
        CliOutput.Stdout.Success($"Reopened task {task.Id}: {task.Title}");
        return ExitCodes.Ok;
    }

    /// <summary>Delete a task; its id is never reused.</summary>
    /// <param name="id">The task's id.</param>
    [Command("delete|rm")]
    public int Delete(ConsoleAppContext context, [Argument] string id)
    {
        var task = GlobalOptions.Store(context).Delete(Arguments.Id(id));
        CliOutput.Stdout.Success($"Deleted task {task.Id}: {task.Title}");
        return ExitCodes.Ok;
    }

    /// <summary>Delete every done task.</summary>
    /// <param name="done">Required, so that a bare 'clear' never deletes anything.</param>
    public int Clear(ConsoleAppContext context, bool done = false)
    {
        if (!done) throw CliException.Usage("clear needs --done (task clear --done)");
        var removed = GlobalOptions.Store(context).ClearDone();
        CliOutput.Stdout.Success($"Cleared {removed} done tasks");
        return ExitCodes.Ok;
    }
}
