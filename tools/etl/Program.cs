using AotSuite.Tools.Etl.Commands;
using ConsoleAppFramework;

var app = ConsoleApp.Create();
app.Add("", EtlCommand.Run);                    // one command: etl [input] [options]
app.UseFilter<CliErrorFilter>();                // one error line on stderr, the right exit code
app.Run(args);
return Environment.ExitCode;
