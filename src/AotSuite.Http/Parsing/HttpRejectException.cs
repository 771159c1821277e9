namespace AotSuite.Http.Parsing;

/// <summary>The request breaks RFC 9112 or a limit; the connection answers with the reason's status and closes.</summary>
public sealed class HttpRejectException(HttpRejectReason reason) : Exception(reason.Describe())
{
    public HttpRejectReason Reason { get; } = reason;

    public int StatusCode => Reason.StatusCode();
}
