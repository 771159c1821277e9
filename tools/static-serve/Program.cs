using AotSuite.Http.Connection;
using AotSuite.Tools.StaticServe;
using ConsoleAppFramework;

// Handlers never block for long: files are read from the page cache, metadata is checked at most once a second.
// See the trade-off in docs/http.md (inline socket completions).
HttpServer.UseInlineSocketCompletions();
var app = ConsoleApp.Create();
app.Add<ServeCommand>();
app.UseFilter<CliErrorFilter>();   // one error line on stderr, the right exit code
await app.RunAsync(args);
return Environment.ExitCode;
