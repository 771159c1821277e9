using AotSuite.Http.Connection;

namespace AotSuite.Http.Client.Tests.Peers;

/// <summary>AotSuite's own HttpServer on 127.0.0.1 with the routes the client tests use; counts connections and concurrency.</summary>
internal sealed class OurServer : IAsyncDisposable
{
    private readonly HttpServer server;
    private int inFlight;
    private int maxInFlight;

    public OurServer(HttpServerOptions? options = null) => server = HttpServer.Start(options ?? new HttpServerOptions(), Handle);

    public int Port => server.Port;

    public HttpServer Server => server;

    /// <summary>The most requests that were inside the handler at once.</summary>
    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    /// <summary>The last Authorization header value seen (null when a request came without one).</summary>
    public string? LastAuthorization { get; private set; }

    /// <summary>The last Expect header value seen (null when a request came without one).</summary>
    public string? LastExpect { get; private set; }

    public Uri Url(string pathAndQuery, string scheme = "http") => new($"{scheme}://127.0.0.1:{Port}{pathAndQuery}");

    private async ValueTask Handle(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var now = Interlocked.Increment(ref inFlight);
        int seen;
        while ((seen = Volatile.Read(ref maxInFlight)) < now && Interlocked.CompareExchange(ref maxInFlight, now, seen) != seen)
        {
        }
        try
        {
            LastAuthorization = request.TryGetHeader("Authorization"u8, out var auth) ? System.Text.Encoding.ASCII.GetString(auth) : null;
            LastExpect = request.TryGetHeader("Expect"u8, out var expect) ? System.Text.Encoding.ASCII.GetString(expect) : null;
            if (request.Path.SequenceEqual("/slow"u8)) await Task.Delay(300);
            if (request.Path.SequenceEqual("/refuse"u8))
            {
                // Without reading: with streamed bodies, a client that announced its body never has to send it.
                response.StatusCode = 413;
                return;
            }
            if (request.Path.SequenceEqual("/echo"u8))
            {
                await request.ReadBodyAsync();
                response.AddHeader("Content-Type"u8, "application/octet-stream"u8);
                response.Write(request.Body);
                return;
            }
            if (request.Path.SequenceEqual("/status/500"u8))
            {
                response.StatusCode = 500;
                return;
            }
            if (request.Path.SequenceEqual("/empty"u8))
            {
                response.StatusCode = 204;
                return;
            }
            response.AddHeader("Content-Type"u8, "text/plain"u8);
            response.Write("hello "u8);
            response.Write(request.Target);
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
