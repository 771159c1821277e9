namespace AotSuite.Logging;

/// <summary>How <see cref="Logger.Create"/> builds a root logger; every property has a pino-like default.</summary>
public sealed class LoggerOptions
{
    /// <summary>
    /// The lowest level written, as pino or MEL spell it (<c>info</c>, <c>Warning</c>, <c>30</c>, <c>silent</c>).
    /// The <c>LOG_LEVEL</c> environment variable overrides it, so operators can change verbosity without a rebuild;
    /// with neither, <c>info</c>.
    /// </summary>
    public string? Level { get; init; }

    /// <summary>Where lines go; default: standard output through an asynchronous batched queue. The logger owns it.</summary>
    public LogSink? Sink { get; init; }

    public LogFormat Format { get; init; } = LogFormat.Json;

    /// <summary>pino's <c>name</c>: written after <c>hostname</c> when set.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Paths whose values are replaced by <see cref="Censor"/>, pino's <c>redact.paths</c> syntax: dotted keys, <c>*</c> for
    /// any one key (<c>req.headers.authorization</c>, <c>user.password</c>, <c>*.token</c>). Applies to fields, child
    /// bindings and the request/response serializers.
    /// </summary>
    public IReadOnlyList<string> Redact { get; init; } = [];

    /// <summary>pino's <c>redact.censor</c>.</summary>
    public string Censor { get; init; } = "[Redacted]";

    /// <summary>Colours for <see cref="LogFormat.Pretty"/>; default: only on a terminal and when <c>NO_COLOR</c> is unset.</summary>
    public bool? Color { get; init; }

    /// <summary>The clock for <c>time</c>; tests pass a fake one.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads environment variables (LOG_LEVEL, NO_COLOR); tests replace it.</summary>
    internal Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
