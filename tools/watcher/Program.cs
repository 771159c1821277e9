using AotSuite.Tools.Watcher.Commands;
using ConsoleAppFramework;

// The command's own grace period (SIGTERM, then SIGKILL) decides how long a stop takes, not the framework's 5 s.
ConsoleApp.Timeout = Timeout.InfiniteTimeSpan;
var app = ConsoleApp.Create();
app.Add<WatchCommand>();
app.UseFilter<CliErrorFilter>();                // one error line on stderr, the right exit code
await app.RunAsync(args);
return Environment.ExitCode;
