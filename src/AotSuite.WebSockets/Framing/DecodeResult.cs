namespace AotSuite.WebSockets.Framing;

internal enum DecodeResult : byte
{
    NeedMoreData,
    Message,
    Ping,
    Pong,
    Close,
}
