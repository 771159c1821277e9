using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace AotSuite.WebSockets.Framing;

internal static class WebSocketThrow
{
    [DoesNotReturn, StackTraceHidden]
    public static void Protocol(string reason) => throw new WebSocketProtocolException(WebSocketCloseStatus.ProtocolError, reason);

    [DoesNotReturn, StackTraceHidden]
    public static void InvalidUtf8() => throw new WebSocketProtocolException(WebSocketCloseStatus.InvalidPayloadData, "a text message is not valid UTF-8");

    [DoesNotReturn, StackTraceHidden]
    public static void TooBig(string reason) => throw new WebSocketProtocolException(WebSocketCloseStatus.MessageTooBig, reason);

    [DoesNotReturn, StackTraceHidden]
    public static void Policy(string reason) => throw new WebSocketProtocolException(WebSocketCloseStatus.PolicyViolation, reason);
}
