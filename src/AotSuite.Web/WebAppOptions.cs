using AotSuite.Http.Connection;

namespace AotSuite.Web;

public sealed record WebAppOptions
{
    /// <summary>The address to listen on; loopback unless told otherwise (<c>--host 0.0.0.0</c>).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The port (<c>--port</c>, or the PORT variable); 0 picks a free one.</summary>
    public int Port { get; init; } = 3000;

    /// <summary>Development mode (<c>--development</c> or AOTSUITE_ENV=development): 500 answers carry the exception.</summary>
    public bool Development { get; init; }

    /// <summary>The HTTP server's limits and timeouts; its endpoint is set from <see cref="Host"/> and <see cref="Port"/>.</summary>
    public HttpServerOptions Server { get; init; } = new();

    /// <summary>
    /// Reads <c>--port N</c>, <c>--host H</c> and <c>--development</c> from <paramref name="args"/>, then the PORT, HOST
    /// and AOTSUITE_ENV variables; arguments it does not know are left to the app.
    /// </summary>
    public static WebAppOptions FromArgs(IReadOnlyList<string> args)
    {
        var options = new WebAppOptions();
        if (Environment.GetEnvironmentVariable("PORT") is { Length: > 0 } port) options = options with { Port = ParsePort(port, "PORT") };
        if (Environment.GetEnvironmentVariable("HOST") is { Length: > 0 } host) options = options with { Host = host };
        if (string.Equals(Environment.GetEnvironmentVariable("AOTSUITE_ENV"), "development", StringComparison.OrdinalIgnoreCase))
            options = options with { Development = true };
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Count:
                    options = options with { Port = ParsePort(args[++i], "--port") };
                    break;
                case "--host" when i + 1 < args.Count:
                    options = options with { Host = args[++i] };
                    break;
                case "--development":
                    options = options with { Development = true };
                    break;
            }
        }
        return options;
    }

    private static int ParsePort(string text, string source) =>
        int.TryParse(text, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new ArgumentException($"{source} must be a port number 0..65535; got '{text}'");
}
