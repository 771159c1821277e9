namespace AotSuite.Web.Binding;

/// <summary>A request the handler cannot be called with: answered 400 problem+json naming <see cref="Field"/>.</summary>
public sealed class BadRequestException(string message, string? field = null) : Exception(message)
{
    /// <summary>The parameter, or the JSON path into the body (<c>$.items[2].title</c>), at fault.</summary>
    public string? Field { get; } = field;
}
