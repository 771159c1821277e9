using AotSuite.Logging;
using Microsoft.Extensions.Logging;

namespace AotSuite.Examples.TaskBoard;

/// <summary>The app's own log lines; the generator writes the method bodies.</summary>
internal sealed partial class BoardLog(Logger logger)
{
    private readonly Logger logger = logger;

    [Log(LogLevel.Information, "TaskBoard listening on {Url} (tasks in {Path})")]
    public partial void Listening(string url, string path);
}
