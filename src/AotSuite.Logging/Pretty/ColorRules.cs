namespace AotSuite.Logging.Pretty;

/// <summary>
/// The colour rule AotSuite.Cli's CliOutput applies too (no-color.org): NO_COLOR turns colour off, FORCE_COLOR on, else
/// only a terminal that is not TERM=dumb. Repeated here because the logger sits below AotSuite.Cli.
/// </summary>
internal static class ColorRules
{
    public static bool Enabled(bool redirected, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(environment("NO_COLOR"))) return false;
        if (!string.IsNullOrEmpty(environment("FORCE_COLOR"))) return true;
        return !redirected && environment("TERM") != "dumb";
    }
}
