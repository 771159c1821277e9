using AotSuite.Logging;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using ZLogger;

namespace AotSuite.Benchmarks.Logging;

/// <summary>
/// One log call with three fields (int, string, double), ours against plain ZLogger with its JSON formatter (the
/// baseline): disabled by level, enabled to a sink that discards, enabled to a file. The bar: 0 B per call on
/// each of ours. The file cases measure the caller's side; the writer thread's work shows in bench/peers/logging-throughput.sh.
/// </summary>
[MemoryDiagnoser, BenchmarkCategory("logging"), GroupBenchmarksBy(BenchmarkDotNet.Configs.BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class LoggingBench
{
    private const string Text = "checkout";
    private string directory = "";
    private AotSuite.Logging.Logger oursDisabled = null!;
    private AotSuite.Logging.Logger oursNull = null!;
    private AotSuite.Logging.Logger oursFile = null!;
    private BenchLog disabledLog = null!;
    private BenchLog nullLog = null!;
    private BenchLog fileLog = null!;
    private ILoggerFactory zloggerNullFactory = null!;
    private ILoggerFactory zloggerFileFactory = null!;
    private ILogger zloggerNull = null!;
    private ILogger zloggerFile = null!;
    private int i;

    [GlobalSetup]
    public void Setup()
    {
        directory = Directory.CreateTempSubdirectory("aotsuite-logbench-").FullName;
        oursDisabled = AotSuite.Logging.Logger.Create(new LoggerOptions { Level = "warn", Sink = LogSink.Null });
        oursNull = AotSuite.Logging.Logger.Create(new LoggerOptions { Level = "info", Sink = LogSink.Null });
        oursFile = AotSuite.Logging.Logger.Create(new LoggerOptions
        {
            Level = "info",
            Sink = LogSink.File(Path.Combine(directory, "ours.log"), new FileSinkOptions { MaxFileBytes = 256L << 20, RetainedFiles = 1 }),
        });
        disabledLog = new BenchLog(oursDisabled);
        nullLog = new BenchLog(oursNull);
        fileLog = new BenchLog(oursFile);

        zloggerNullFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddZLoggerStream(Stream.Null, o => o.UseJsonFormatter());
        });
        zloggerFileFactory = LoggerFactory.Create(b =>
        {
            b.SetMinimumLevel(LogLevel.Information);
            b.AddZLoggerRollingFile(o =>
            {
                o.FilePathSelector = (_, n) => Path.Combine(directory, $"zlogger.{n}.log");
                o.RollingSizeKB = 256 * 1024;
                o.UseJsonFormatter();
            });
        });
        zloggerNull = zloggerNullFactory.CreateLogger("bench");
        zloggerFile = zloggerFileFactory.CreateLogger("bench");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        oursDisabled.Dispose();
        oursNull.Dispose();
        oursFile.Dispose();
        zloggerNullFactory.Dispose();
        zloggerFileFactory.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("disabled")]
    public void Disabled_ZLogger()
    {
        var n = i++;
        var d = n * 0.25;
        zloggerNull.ZLogDebug($"request handled {n} {Text} {d}");
    }

    [Benchmark, BenchmarkCategory("disabled")]
    public void Disabled_AotSuite()
    {
        var n = i++;
        disabledLog.Handled(n, Text, n * 0.25);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("null-sink")]
    public void NullSink_ZLogger()
    {
        var n = i++;
        var d = n * 0.25;
        zloggerNull.ZLogInformation($"request handled {n} {Text} {d}");
    }

    [Benchmark, BenchmarkCategory("null-sink")]
    public void NullSink_AotSuite()
    {
        var n = i++;
        nullLog.Handled(n, Text, n * 0.25);
    }

    [Benchmark(Baseline = true), BenchmarkCategory("file")]
    public void File_ZLogger()
    {
        var n = i++;
        var d = n * 0.25;
        zloggerFile.ZLogInformation($"request handled {n} {Text} {d}");
    }

    [Benchmark, BenchmarkCategory("file")]
    public void File_AotSuite()
    {
        var n = i++;
        fileLog.Handled(n, Text, n * 0.25);
    }
}

/// <summary>The benchmark's log method: the generator writes its body.</summary>
public sealed partial class BenchLog(AotSuite.Logging.Logger logger)
{
    private readonly AotSuite.Logging.Logger logger = logger;

    [Log(LogLevel.Information, "request handled {A} {B} {C}")]
    public partial void Handled(int a, string b, double c);
}
