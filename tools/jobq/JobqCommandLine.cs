namespace AotSuite.Tools.Jobq;

/// <summary>The command names of `jobq`, for the unknown-command check that runs before ConsoleAppFramework.</summary>
internal static class JobqCommandLine
{
    public static readonly string[] Commands = ["enqueue", "work", "status", "list", "retry", "cancel", "dashboard"];
}
