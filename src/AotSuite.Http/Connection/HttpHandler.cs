namespace AotSuite.Http.Connection;

/// <summary>The application: called once per request; the request and response live until the returned task completes.</summary>
public delegate ValueTask HttpHandler(HttpContext context);
