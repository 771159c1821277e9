using AotSuite.Examples.HelloHttp;
using ConsoleAppFramework;

var app = ConsoleApp.Create();
app.Add<ServeCommand>();
app.UseFilter<CliErrorFilter>();
await app.RunAsync(args);
