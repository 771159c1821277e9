using AotSuite.Examples.HelloWeb;
using AotSuite.Http.Connection;
using ConsoleAppFramework;

HttpServer.UseInlineSocketCompletions(); // the handlers never block; see the trade-off in docs/http.md
var cli = ConsoleApp.Create();
cli.Add<ServeCommand>();
cli.UseFilter<CliErrorFilter>();
await cli.RunAsync(args);
