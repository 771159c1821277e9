namespace AotSuite.Logging;

/// <summary>
/// A value logged as a nested JSON object: the generator accepts a parameter of any type that implements it and calls
/// <see cref="WriteFields"/> inside the object's braces (the request and response serializers are two).
/// </summary>
public interface ILogObject
{
    /// <summary>Writes this value's fields with the <c>Field*</c> methods of <paramref name="entry"/>.</summary>
    void WriteFields(LogEntry entry);
}
