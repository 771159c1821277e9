using System.IO.Pipelines;
using System.Net.Sockets;

namespace AotSuite.Http.Connection;

/// <summary>
/// A socket's stream as the connection's duplex pipe. <paramref name="Socket"/> is set only when the pipe writes straight
/// to that socket (no TLS in between): then a file can go out with sendfile(2) once the pipe is flushed.
/// </summary>
internal sealed record SocketTransport(PipeReader Input, PipeWriter Output, Socket? Socket = null) : IDuplexPipe;
