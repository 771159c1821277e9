using AotSuite.Http.Connection;
using AotSuite.Web;
using AotSuite.WebSockets.Upgrade;

namespace AotSuite.WebSockets.Tests.Upgrade;

/// <summary>
/// A web app on a free loopback port with <c>/echo</c> (and whatever else a test maps). With AOTSUITE_TEST_IO_URING=1
/// (build.cs's second run of these tests) it serves from an io_uring.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApp app;

    public EchoServer(WebSocketOptions? options = null, Action<WebApp>? map = null, HttpServerTls? tls = null)
    {
        var ioUring = Environment.GetEnvironmentVariable("AOTSUITE_TEST_IO_URING") == "1";
        app = WebApp.Create(new WebAppOptions { Port = 0, Server = new HttpServerOptions { Tls = tls, IoUring = ioUring } });
        app.MapWebSocket("/echo", WebSocketEcho.Instance, options);
        map?.Invoke(app);
        app.Start();
    }

    public int Port => app.Port;

    public Uri Url(string path = "/echo") => new($"{(Secure ? "wss" : "ws")}://127.0.0.1:{Port}{path}");

    private bool Secure => app.Options.Server.Tls is not null;

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
