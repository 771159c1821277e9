using AotSuite.Cli;
using AotSuite.Tools.Jobq;
using ConsoleAppFramework;

try
{
    CliArguments.RequireKnownCommand("jobq", args, JobqCommandLine.Commands);
}
catch (CliException e)
{
    return CliErrors.Report("jobq", e);
}

var app = ConsoleApp.Create();                  // commands come from the [RegisterCommands] classes in Commands/
app.ConfigureGlobalOptions((ref builder) =>
{
    var db = builder.AddGlobalOption<string>("--db", "SQLite store (default: $JOBQ_DB, else $XDG_DATA_HOME/aotsuite/jobq.db).", "");
    var pg = builder.AddGlobalOption<string>("--pg", "PostgreSQL connection string instead of SQLite (default: $JOBQ_PG).", "");
    var verbose = builder.AddGlobalOption<bool>("--verbose", "Print stack traces with errors.");
    return new GlobalOptions(db, pg, verbose);
});
app.UseFilter<CliErrorFilter>();                // one error line on stderr, the right exit code
await app.RunAsync(args);
Console.Out.Flush();
return Environment.ExitCode;
