using AotSuite.Cli;
using AotSuite.Tools.Task;
using ConsoleAppFramework;

CliOutput.UseBufferedStdout();
try
{
    CliArguments.RequireKnownCommand("task", args, TaskCommandLine.Commands);
    if (args is ["add", ..]) args = CliArguments.OptionsBeforeWords(args, TaskCommandLine.AddValueOptions);
}
catch (CliException e)
{
    return CliErrors.Report("task", e);
}

var app = ConsoleApp.Create();                  // commands come from the [RegisterCommands] classes in Commands/
app.ConfigureGlobalOptions((ref builder) =>
{
    var file = builder.AddGlobalOption<string>("--file", "Task store (default: $TASK_FILE, else $XDG_DATA_HOME/aotsuite/tasks.json).", "");
    var verbose = builder.AddGlobalOption<bool>("--verbose", "Print stack traces with errors.");
    return new GlobalOptions(file, verbose);
});
app.UseFilter<CliErrorFilter>();                // one error line on stderr, the right exit code
app.Run(args);
Console.Out.Flush();
return Environment.ExitCode;
