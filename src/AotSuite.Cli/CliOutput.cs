namespace AotSuite.Cli;

/// <summary>
/// Colour for one output stream: on only for a terminal, off when <c>NO_COLOR</c> is set (no-color.org) or
/// <c>TERM=dumb</c>; <c>FORCE_COLOR</c> turns it on for a pipe (CI logs that render ANSI).
/// </summary>
public sealed class CliOutput(TextWriter writer, bool color)
{
    /// <summary>Standard output, coloured when it is a terminal.</summary>
    public static CliOutput Stdout => stdout ??= For(Console.Out, Console.IsOutputRedirected);

    private static CliOutput? stdout;

    public TextWriter Writer { get; } = writer;

    /// <summary>
    /// Replaces Console.Out with a 64 KiB buffered writer flushed at exit. Console.Out flushes on every write, which
    /// turned a 100,000-row listing into 100,000 write(2) calls. Call first thing in Main, before anything is printed.
    /// </summary>
    public static void UseBufferedStdout()
    {
        var buffered = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        Console.SetOut(buffered);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => buffered.Flush();
    }

    /// <summary>Whether this stream gets ANSI colour codes.</summary>
    public bool Color { get; } = color;

    public static CliOutput For(TextWriter writer, bool redirected) => new(writer, ColorEnabled(redirected, Environment.GetEnvironmentVariable));

    internal static bool ColorEnabled(bool redirected, Func<string, string?> environment)
    {
        if (!string.IsNullOrEmpty(environment("NO_COLOR"))) return false;
        if (!string.IsNullOrEmpty(environment("FORCE_COLOR"))) return true;
        return !redirected && environment("TERM") != "dumb";
    }

    public string Bold(string text) => Paint("1", text);

    public string Red(string text) => Paint("31", text);

    public string Green(string text) => Paint("32", text);

    public string Yellow(string text) => Paint("33", text);

    private string Paint(string code, string text) => Color && text.Length > 0 ? $"\e[{code}m{text}\e[0m" : text;

    public void WriteLine(string text = "") => Writer.WriteLine(text);

    /// <summary>A line with the green ✓ mark every tool uses for a completed action.</summary>
    public void Success(string text) => Writer.WriteLine($"{Green("✓")} {text}");
}
