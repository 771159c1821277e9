namespace AotSuite.Web;

/// <summary>What <see cref="Cors.Create"/> allows. Nothing is allowed by default: list the origins.</summary>
public sealed record CorsOptions
{
    /// <summary>
    /// Origins allowed to read responses, exactly as a browser sends them (<c>https://app.example.com:8443</c>; compared
    /// ignoring ASCII case), or <c>*</c> for any origin (answered as <c>*</c>, so not with <see cref="Credentials"/>).
    /// </summary>
    public IReadOnlyList<string> Origins { get; init; } = [];

    /// <summary>Methods a preflight allows (<c>Access-Control-Allow-Methods</c>); <c>*</c> for any, without credentials.</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>
    /// Request headers a preflight allows (<c>Access-Control-Allow-Headers</c>). Null (the default) reflects what the
    /// preflight asks for, as @fastify/cors and @koa/cors do; <c>*</c> allows any, without credentials.
    /// </summary>
    public IReadOnlyList<string>? Headers { get; init; }

    /// <summary>Response headers the page's script may read beyond the safelisted ones (<c>Access-Control-Expose-Headers</c>).</summary>
    public IReadOnlyList<string> ExposedHeaders { get; init; } = [];

    /// <summary>Lets the page send cookies and read the answer (<c>Access-Control-Allow-Credentials: true</c>).</summary>
    public bool Credentials { get; init; }

    /// <summary>How long a browser may cache a preflight's answer (<c>Access-Control-Max-Age</c>, whole seconds); none by default.</summary>
    public TimeSpan? MaxAge { get; init; }
}
