using AotSuite.Cli;
using AotSuite.Tasks;
using ConsoleAppFramework;

namespace AotSuite.Tools.Task;

/// <summary>Options every command takes: where the store is, and how loud errors are.</summary>
internal sealed record GlobalOptions(string File, bool Verbose)
{
    public static TaskStore Store(ConsoleAppContext context)
    {
        var options = (GlobalOptions)context.GlobalOptions!;
        CliErrors.Verbose |= options.Verbose;
        return new TaskStore(options.File.Length > 0 ? options.File : TaskStore.DefaultPath());
    }
}
