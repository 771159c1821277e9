namespace AotSuite.Cli;

/// <summary>The exit codes every AotSuite tool uses.</summary>
public static class ExitCodes
{
    /// <summary>Done what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The work failed at run time (an unknown id, an unreadable file).</summary>
    public const int Failed = 1;

    /// <summary>The command line was wrong: a missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by SIGINT/SIGTERM (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;
}
