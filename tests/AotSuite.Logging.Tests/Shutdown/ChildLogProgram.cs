using System.Runtime.CompilerServices;
using AotSuite.Logging.Tests.Generated;

namespace AotSuite.Logging.Tests.Shutdown;

/// <summary>
/// The child process of <see cref="SigtermTests"/>: this test assembly run again with <see cref="ModeVariable"/> set.
/// A module initializer runs before the test platform's Main, logs, says so on stdout, then waits to be killed, so
/// the child needs no project of its own (build.cs treats every project under tests/ as a test project).
/// </summary>
internal static class ChildLogProgram
{
    public const string ModeVariable = "AOTSUITE_LOG_CHILD";
    public const string FileVariable = "AOTSUITE_LOG_CHILD_FILE";
    public const string CountVariable = "AOTSUITE_LOG_CHILD_COUNT";
    public const string Ready = "logged";

#pragma warning disable CA2255 // a module initializer in an app (the test host), used as an alternative entry point
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void RunWhenChild()
    {
        if (Environment.GetEnvironmentVariable(ModeVariable) != "sigterm") return;
        var path = Environment.GetEnvironmentVariable(FileVariable)!;
        var count = int.Parse(Environment.GetEnvironmentVariable(CountVariable)!, System.Globalization.CultureInfo.InvariantCulture);
        // Deliberately never disposed: the lines must reach the file through the SIGTERM path alone.
        var logger = Logger.Create(new LoggerOptions
        {
            Level = "info",
            Sink = LogSink.File(path, new FileSinkOptions { MaxFileBytes = 0, Daily = false }),
        });
        var log = new AuthLog(logger);
        for (var i = 0; i < count; i++) log.Three(i, "line with \"quotes\" and é", i * 0.5);
        Console.Out.WriteLine(Ready);
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
    }
}
