using System.IO.Pipelines;

namespace AotSuite.Http.Connection;

/// <summary>A socket's stream as the connection's duplex pipe.</summary>
internal sealed record SocketTransport(PipeReader Input, PipeWriter Output) : IDuplexPipe;
