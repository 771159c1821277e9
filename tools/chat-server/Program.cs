using AotSuite.Tools.ChatServer;
using ConsoleAppFramework;

var cli = ConsoleApp.Create();
cli.Add<ServeCommand>();
cli.UseFilter<CliErrorFilter>();
await cli.RunAsync(args);
