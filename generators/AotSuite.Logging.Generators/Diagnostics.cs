using Microsoft.CodeAnalysis;

namespace AotSuite.Logging.Generators;

internal static class Diagnostics
{
    private const string Category = "AotSuite.Logging";

    public static readonly DiagnosticDescriptor PlaceholderWithoutParameter = new(
        "AOT2001",
        "Log message placeholder has no parameter",
        "the message of '{0}' has placeholder '{{{1}}}', but the method has no parameter '{1}'; add the parameter or fix the placeholder",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    // Info, not a warning: pino users pass extra fields beside the message all the time (logger.info({ reqId }, 'done')).
    public static readonly DiagnosticDescriptor ParameterWithoutPlaceholder = new(
        "AOT2002",
        "Log method parameter is not in the message",
        "parameter '{0}' of '{1}' has no placeholder in the message; it is logged as the field '{0}' only",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateEventId = new(
        "AOT2003",
        "Two log methods share an event id",
        "'{0}' and '{1}' in '{2}' both have EventId {3}; give one of them another EventId",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedType = new(
        "AOT2004",
        "Log method parameter has an unsupported type",
        "parameter '{0}' has type '{1}', which a [Log] method cannot write; use a primitive, string, enum, an IUtf8SpanFormattable, an Exception, an ILogObject or a [JsonModel] type",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NoLogger = new(
        "AOT2005",
        "Log method has no logger",
        "'{0}' has no AotSuite.Logging.Logger to write to; make it static with a Logger first parameter, or give '{1}' a Logger field or property",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotPartialVoid = new(
        "AOT2006",
        "Log method must be a partial void method without a body",
        "'{0}' has [Log] but is not a non-generic 'partial void' method without a body; declare it as 'partial void {0}(...);' in a partial type",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MalformedMessage = new(
        "AOT2007",
        "Log message is malformed",
        "the message of '{0}' has {1} at offset {2}; write '{{{{' and '}}}}' for literal braces",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotFormattableInMessage = new(
        "AOT2008",
        "Log message placeholder names an object",
        "placeholder '{{{0}}}' names parameter '{1}' of type '{2}', which is written as a JSON object and cannot be part of the message; remove the placeholder (the parameter stays a field)",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
