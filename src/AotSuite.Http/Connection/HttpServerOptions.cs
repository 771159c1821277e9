using System.Net;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Connection;

public sealed record HttpServerOptions
{
    /// <summary>Where to listen; loopback unless told otherwise (port 0 picks a free port, see HttpServer.EndPoint).</summary>
    public IPEndPoint EndPoint { get; init; } = new(IPAddress.Loopback, 0);

    public HttpLimits Limits { get; init; } = HttpLimits.Default;

    /// <summary>How long a request head may take to arrive (slowloris), and how long an idle keep-alive connection lives.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
