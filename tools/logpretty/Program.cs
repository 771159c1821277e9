using ConsoleAppFramework;

var app = ConsoleApp.Create();                  // the command comes from the [RegisterCommands] class in Commands/
app.UseFilter<CliErrorFilter>();                // one error line on stderr, the right exit code
await app.RunAsync(args);
return Environment.ExitCode;
