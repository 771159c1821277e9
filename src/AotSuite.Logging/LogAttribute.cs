using Microsoft.Extensions.Logging;

namespace AotSuite.Logging;

/// <summary>
/// Marks a <c>partial void</c> method whose body the generator writes: a level check, then the pino line formatted as
/// UTF-8 with no boxing. <c>{Name}</c> placeholders in <paramref name="message"/> take the parameter of that name
/// (case-insensitive); every parameter is also written as a field, and an <see cref="Exception"/> parameter becomes
/// pino's <c>err</c> object. The method is either static with a <see cref="Logger"/> first parameter, or an instance
/// method of a type with a <see cref="Logger"/> field or property.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class LogAttribute(LogLevel level, string message) : Attribute
{
    public LogLevel Level { get; } = level;

    public string Message { get; } = message;

    /// <summary>Written as the <c>eventId</c> field when set; unique within a type (AOT2003).</summary>
    public int EventId { get; set; }
}
