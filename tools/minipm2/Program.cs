using AotSuite.Cli;
using AotSuite.Tools.Minipm2;
using ConsoleAppFramework;

// Stops wait for each app's own kill_timeout, not the framework's 5 s.
ConsoleApp.Timeout = Timeout.InfiniteTimeSpan;
try
{
    CliArguments.RequireKnownCommand("minipm2", args, Minipm2CommandLine.Commands);
    if (args is ["start", ..]) args = Minipm2CommandLine.StartArguments(args);
}
catch (CliException e)
{
    return CliErrors.Report("minipm2", e);
}

var app = ConsoleApp.Create();                  // commands come from the [RegisterCommands] classes in Commands/
app.UseFilter<CliErrorFilter>();                // one error line on stderr, the right exit code
await app.RunAsync(args);
Console.Out.Flush();
return Environment.ExitCode;
