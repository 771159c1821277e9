namespace AotSuite.Http.Connection;

/// <summary>The application: called once per request; the request and response live until the returned task completes.</summary>
public delegate ValueTask HttpHandler(HttpContext context);

/// <summary>
/// Runs a protocol the connection switched to (see <see cref="HttpContext.Upgrade"/>) over the connection's transport.
/// When the server starts stopping, <paramref name="draining"/> is set and the transport's pending (or next) read
/// returns cancelled (<c>ReadResult.IsCanceled</c>; a WebSocket then closes with 1001); at the shutdown deadline the
/// transport is closed under it. The cancelled read is how the stop arrives, rather than a callback registered on the
/// token: a registration per connection is memory every idle connection carries.
/// </summary>
public delegate ValueTask HttpUpgrade(System.IO.Pipelines.IDuplexPipe transport, CancellationToken draining);
