using System.ComponentModel;
using System.Runtime.CompilerServices;
using AotSuite.Logging.Pretty;
using AotSuite.Logging.Redaction;
using AotSuite.Logging.Writing;
using Microsoft.Extensions.Logging;

namespace AotSuite.Logging;

/// <summary>
/// A pino-style logger: a level, a sink, and the bindings every line carries (<c>pid</c>, <c>hostname</c>, <c>name</c>,
/// and a child's fields). Lines are written by generated <c>[Log]</c> methods, or by <see cref="Info"/> and friends.
/// Disposing the root logger flushes and closes its sink; children share the root's sink.
/// </summary>
public sealed class Logger : IDisposable
{
    private readonly LogSink sink;
    private readonly bool ownsSink;
    private readonly bool color;
    private volatile int minimum;

    private Logger(LogSink sink, bool ownsSink, LogLevel level, byte[] bindings, RedactNode? redaction, byte[] censorJson,
        LogFormat format, bool color, TimeProvider timeProvider)
    {
        this.sink = sink;
        this.ownsSink = ownsSink;
        minimum = (int)level;
        Bindings = bindings;
        Redaction = redaction;
        CensorJson = censorJson;
        Format = format;
        this.color = color;
        TimeProvider = timeProvider;
    }

    /// <summary>A root logger; see <see cref="LoggerOptions"/> for the defaults.</summary>
    public static Logger Create(LoggerOptions? options = null)
    {
        options ??= new LoggerOptions();
        var level = ResolveLevel(options.Level, options.Environment);
        var sink = options.Sink ?? LogSink.Stdout();
        var bindings = new List<byte>();
        bindings.AddRange(",\"pid\":"u8.ToArray());
        bindings.AddRange(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        bindings.AddRange(",\"hostname\":"u8.ToArray());
        bindings.AddRange(Utf8JsonText.EncodeString(Environment.MachineName));
        if (options.Name is { } name)
        {
            bindings.AddRange(",\"name\":"u8.ToArray());
            bindings.AddRange(Utf8JsonText.EncodeString(name));
        }
        var color = options.Format == LogFormat.Pretty &&
            (options.Color ?? ColorRules.Enabled(!sink.IsTerminal, options.Environment));
        return new Logger(sink, ownsSink: true, level, [.. bindings], RedactNode.Build(options.Redact),
            Utf8JsonText.EncodeString(options.Censor), options.Format, color, options.TimeProvider);
    }

    /// <summary>LOG_LEVEL wins over the configured level, which wins over info.</summary>
    internal static LogLevel ResolveLevel(string? configured, Func<string, string?> environment)
    {
        var fromEnvironment = environment("LOG_LEVEL");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return PinoLevel.TryParse(fromEnvironment, out var level)
                ? level
                : throw new ArgumentException($"LOG_LEVEL='{fromEnvironment}' is not a level; use trace, debug, info, warn, error, fatal or silent");
        }
        if (configured is null) return LogLevel.Information;
        return PinoLevel.TryParse(configured, out var parsed)
            ? parsed
            : throw new ArgumentException($"level '{configured}' is not a level; use trace, debug, info, warn, error, fatal or silent", nameof(configured));
    }

    /// <summary>The lowest level written; settable at run time, like pino's <c>logger.level</c>.</summary>
    public LogLevel Level
    {
        get => (LogLevel)minimum;
        set => minimum = (int)value;
    }

    public LogSink Sink => sink;

    public LogFormat Format { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary><c>,"pid":…,"hostname":…</c> plus the name and every binding of this logger's ancestry, as JSON.</summary>
    internal byte[] Bindings { get; }

    internal RedactNode? Redaction { get; }

    internal byte[] CensorJson { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsEnabled(LogLevel level) => (int)level >= minimum && level != LogLevel.None;

    /// <summary>A line's first step, for generated code; check <see cref="IsEnabled"/> first.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public LogEntry Begin(LogLevel level) => LogEntry.Begin(this, level);

    internal void Emit(ReadOnlySpan<byte> line)
    {
        if (Format == LogFormat.Json)
        {
            sink.Write(line);
            return;
        }
        PrettyFormatter.WriteTo(sink, line, color);
    }

    // ---- children ----

    /// <summary>pino's <c>logger.child({ key: value })</c>: a logger whose every line carries the binding.</summary>
    public Logger Child(string key, string? value) => Bind(key, (e, k) => e.FieldString(k, value));

    public Logger Child(string key, long value) => Bind(key, (e, k) => e.FieldNumber(k, value));

    public Logger Child(string key, double value) => Bind(key, (e, k) => e.FieldDouble(k, value));

    public Logger Child(string key, bool value) => Bind(key, (e, k) => e.FieldBool(k, value));

    /// <summary>A binding whose value is written as a string (a Guid, an address).</summary>
    public Logger ChildText<T>(string key, T value) where T : IUtf8SpanFormattable => Bind(key, (e, k) => e.FieldValue(k, value));

    /// <summary>A binding whose value is an object (a request serializer, say).</summary>
    public Logger ChildObject<T>(string key, T value) where T : ILogObject => Bind(key, (e, k) => e.FieldObject(k, value));

    private delegate void BindingWriter(LogEntry entry, ReadOnlySpan<byte> key);

    private Logger Bind(string key, BindingWriter write)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var entry = LogEntry.ForBindings(this);
        var escaped = Utf8JsonText.EncodeString(key);
        write(entry, escaped.AsSpan(1, escaped.Length - 2));
        return new Logger(sink, ownsSink: false, Level, [.. Bindings, .. entry.Written], Redaction, CensorJson, Format, color, TimeProvider);
    }

    // ---- plain calls (pino's logger.info('text')) for code without a [Log] method ----

    public void Trace(string message) => Write(LogLevel.Trace, message, null);

    public void Debug(string message) => Write(LogLevel.Debug, message, null);

    public void Info(string message) => Write(LogLevel.Information, message, null);

    public void Warn(string message) => Write(LogLevel.Warning, message, null);

    public void Error(string message, Exception? exception = null) => Write(LogLevel.Error, message, exception);

    public void Fatal(string message, Exception? exception = null) => Write(LogLevel.Critical, message, exception);

    public void Write(LogLevel level, string message, Exception? exception)
    {
        if (!IsEnabled(level)) return;
        var entry = LogEntry.Begin(this, level);
        entry.BeginMessage();
        entry.MessageString(message);
        entry.EndMessage();
        if (exception is not null) entry.FieldException("err"u8, exception);
        entry.Commit();
    }

    /// <summary>Waits until every line written so far has reached the sink's destination.</summary>
    public void Flush() => sink.Flush();

    public void Dispose()
    {
        if (ownsSink) sink.Dispose();
    }
}
