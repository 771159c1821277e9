using AotSuite.Http.Connection;
using AotSuite.Tools.ChatServer;
using ConsoleAppFramework;

// No handler here blocks (chat state is behind short locks, PostgreSQL is awaited): socket completions run on the
// epoll thread, without a thread-pool hop per frame (server CPU per echo 30 → 18 µs, docs/BENCHMARKS.md).
HttpServer.UseInlineSocketCompletions();
var cli = ConsoleApp.Create();
cli.Add<ServeCommand>();
cli.UseFilter<CliErrorFilter>();
await cli.RunAsync(args);
