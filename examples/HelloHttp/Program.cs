using AotSuite.Examples.HelloHttp;
using AotSuite.Http.Connection;
using ConsoleAppFramework;

HttpServer.UseInlineSocketCompletions(); // the handlers never block; see the trade-off in docs/http.md
var app = ConsoleApp.Create();
app.Add<ServeCommand>();
app.UseFilter<CliErrorFilter>();
await app.RunAsync(args);
