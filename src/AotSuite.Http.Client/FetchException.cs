namespace AotSuite.Http.Client;

/// <summary>
/// A request failed: the connection, the server's bytes, the redirect limit or a status the caller asked to check.
/// The message names the method and URL, what went wrong, and the next step when there is one.
/// </summary>
public class FetchException : Exception
{
    public FetchException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    /// <summary>The status of the response, when the failure is about one (<see cref="FetchResponse.EnsureSuccessStatusCode"/>).</summary>
    public int? StatusCode { get; init; }

    /// <summary>A network failure or a connect/head timeout: the request may succeed if sent again.</summary>
    internal bool Retryable { get; init; }
}

/// <summary>One of <see cref="FetchClientOptions"/>' timeouts passed; <see cref="Phase"/> says which.</summary>
public sealed class FetchTimeoutException(string message, FetchTimeoutPhase phase) : FetchException(message, new TimeoutException(message))
{
    public FetchTimeoutPhase Phase { get; } = phase;
}

public enum FetchTimeoutPhase : byte
{
    Connect,
    Headers,
    Request,
}
