using AotSuite.Generators;

namespace AotSuite.Logging.Generators.Model;

/// <summary>Everything the emitter needs for one [Log] method; plain values only, so it caches across edits.</summary>
/// <param name="ContainingDeclarations">Outermost first: <c>partial class Outer</c>, then the method's own type.</param>
/// <param name="Signature">The implementing declaration, e.g. <c>public partial void SignedIn(int userId)</c>.</param>
/// <param name="Logger">The expression that yields the Logger: a parameter name or <c>this.field</c>.</param>
/// <param name="Level">A member name of Microsoft.Extensions.Logging.LogLevel.</param>
internal sealed record LogMethodSpec(
    string HintName,
    string? Namespace,
    EquatableArray<string> ContainingDeclarations,
    string Signature,
    string Logger,
    string Level,
    int EventId,
    EquatableArray<MessagePart> Message,
    EquatableArray<LogField> Fields);

/// <summary>A literal run of the template (already JSON-escaped) or a placeholder bound to a parameter.</summary>
internal sealed record MessagePart(string? Text, LogValue? Value, string? Format);

/// <summary>A parameter written as a field: its JSON key (already escaped) and its value.</summary>
internal sealed record LogField(string Key, LogValue Value);

/// <summary>How one parameter's value is written.</summary>
/// <param name="Expression">The parameter as the body refers to it (with '@' when it is a keyword).</param>
/// <param name="IsNullableValue">A Nullable&lt;T&gt;: written through HasValue/GetValueOrDefault.</param>
/// <param name="CanBeNull">A reference type: null is written as null.</param>
internal sealed record LogValue(string Expression, LogValueKind Kind, bool IsNullableValue, bool CanBeNull);

internal enum LogValueKind
{
    String,
    Bool,
    /// <summary>Integers and decimal: a JSON number through IUtf8SpanFormattable.</summary>
    Number,
    Double,
    Single,
    /// <summary>Any other IUtf8SpanFormattable (Guid, IPAddress, TimeSpan, char): a JSON string.</summary>
    Formattable,
    /// <summary>DateTime and DateTimeOffset: a JSON string in the round-trip ("O") format.</summary>
    Date,
    Enum,
    Exception,
    /// <summary>An AotSuite.Logging.ILogObject: a nested object it writes itself.</summary>
    Object,
    /// <summary>A [JsonModel] type: a nested object through its generated writer.</summary>
    Json,
}

/// <summary>One method's event id, for the duplicate check across a type.</summary>
internal sealed record EventIdUse(string TypeName, int EventId, string Method, LocationInfo? Location);

internal sealed record LogMethodResult(LogMethodSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics, EventIdUse? EventId);
