using System.Diagnostics;
using AotSuite.Logging;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Formatting.Compact;
using ZLogger;

// usage: LogPeers <aotsuite|zlogger|serilog> <path> [lines]
// Logs N info lines with three fields (int, string, double) to <path> (a file, or /dev/null) in each logger's own JSON
// format, and prints "<mode> <lines> <seconds> <lines/s>": the clock runs from the first call until every line has
// been handed to the OS (each logger's dispose/flush).
if (args.Length < 2) { Console.Error.WriteLine("usage: LogPeers <aotsuite|zlogger|serilog> <path> [lines]"); return 2; }
var mode = args[0];
var path = args[1];
var count = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
const string Text = "checkout";

var clock = Stopwatch.StartNew();
switch (mode)
{
    case "aotsuite":
    {
        using var logger = AotSuite.Logging.Logger.Create(new LoggerOptions
        {
            Level = "info",
            Sink = LogSink.File(path, new FileSinkOptions { MaxFileBytes = 0, Daily = false }),
        });
        var log = new BenchLog(logger);
        clock.Restart();
        for (var i = 0; i < count; i++) log.Handled(i, Text, i * 0.25);
        break;
    }
    case "zlogger":
    {
        using var factory = LoggerFactory.Create(builder =>
        {
            builder.ClearProviders();
            builder.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Information);
            builder.AddZLoggerFile(path, options => options.UseJsonFormatter());
        });
        var logger = factory.CreateLogger("bench");
        clock.Restart();
        for (var i = 0; i < count; i++)
        {
            var d = i * 0.25;
            logger.ZLogInformation($"request handled {i} {Text} {d}");
        }
        break;
    }
    case "serilog":
    {
        // Serilog's fast file setup: compact JSON, a buffered file sink behind the async wrapper.
        using var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.Async(a => a.File(new CompactJsonFormatter(), path, buffered: true), bufferSize: 100_000, blockWhenFull: true)
            .CreateLogger();
        clock.Restart();
        for (var i = 0; i < count; i++) logger.Information("request handled {A} {B} {C}", i, Text, i * 0.25);
        break;
    }
    default:
        Console.Error.WriteLine($"unknown mode '{mode}'");
        return 2;
}
var seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(FormattableString.Invariant($"{mode} {count} {seconds:F3} {count / seconds:F0}"));
return 0;

internal sealed partial class BenchLog(AotSuite.Logging.Logger logger)
{
    private readonly AotSuite.Logging.Logger logger = logger;

    [Log(Microsoft.Extensions.Logging.LogLevel.Information, "request handled {A} {B} {C}")]
    public partial void Handled(int a, string b, double c);
}
