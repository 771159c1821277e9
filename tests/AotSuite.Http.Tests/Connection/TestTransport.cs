using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>
/// The socket-level tests run twice (build.cs): as they are, and with AOTSUITE_TEST_IO_URING=1, when every server
/// they start asks for the io_uring transport, so each behaviour they check is checked over both transports.
/// </summary>
internal static class TestTransport
{
    public static bool IoUring { get; } = Environment.GetEnvironmentVariable("AOTSUITE_TEST_IO_URING") == "1";

    public static HttpServerOptions Apply(HttpServerOptions options) => IoUring ? options with { IoUring = true } : options;
}
