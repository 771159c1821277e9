namespace AotSuite.Http.Connection;

/// <summary>The application: called once per request; the request and response live until the returned task completes.</summary>
public delegate ValueTask HttpHandler(HttpContext context);

/// <summary>
/// Runs a protocol the connection switched to (see <see cref="HttpContext.Upgrade"/>) over the connection's transport.
/// <paramref name="draining"/> is set when the server starts stopping (a WebSocket then closes with 1001); at the
/// shutdown deadline the transport is closed under it.
/// </summary>
public delegate ValueTask HttpUpgrade(System.IO.Pipelines.IDuplexPipe transport, CancellationToken draining);
