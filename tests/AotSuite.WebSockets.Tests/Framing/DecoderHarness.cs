using System.Buffers;
using System.Text;
using AotSuite.WebSockets.Compression;
using AotSuite.WebSockets.Framing;

namespace AotSuite.WebSockets.Tests.Framing;

/// <summary>Feeds bytes to a <see cref="FrameDecoder"/> as a pipe would, and writes down every event as a line.</summary>
internal static class DecoderHarness
{
    /// <param name="deflate">permessage-deflate agreed: messages with RSV1 are inflated.</param>
    public static List<string> Decode(byte[] input, int[] arrivals, WebSocketLimits? limits = null, bool expectMasked = true, bool deflate = false)
    {
        using var decoder = new FrameDecoder(expectMasked, limits ?? WebSocketLimits.Default, deflate ? new MessageInflater() : null);
        var events = new List<string>();
        var consumed = 0;
        var available = 0;
        foreach (var size in arrivals)
        {
            available += size;
            while (true)
            {
                var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input, consumed, available - consumed));
                DecodeResult result;
                try
                {
                    result = decoder.Decode(ref reader);
                }
                catch (WebSocketProtocolException e)
                {
                    events.Add($"fail {(int)e.Status}");
                    return events;
                }
                consumed += (int)reader.Consumed;
                if (result == DecodeResult.NeedMoreData) break;
                events.Add(result switch
                {
                    DecodeResult.Message when decoder.MessageType == WebSocketMessageType.Text => "text " + Encoding.UTF8.GetString(decoder.Message.Span),
                    DecodeResult.Message => "binary " + Convert.ToHexString(decoder.Message.Span),
                    DecodeResult.Ping => "ping " + Encoding.UTF8.GetString(decoder.ControlPayload),
                    DecodeResult.Pong => "pong " + Encoding.UTF8.GetString(decoder.ControlPayload),
                    _ => $"close {(int)decoder.CloseStatus} {Encoding.UTF8.GetString(decoder.CloseReason)}".TrimEnd(),
                });
                if (result == DecodeResult.Close) return events;
            }
        }
        return events;
    }

    /// <summary>What a server sent, whole, as a client reads it: every frame, through to the close.</summary>
    public static List<string> DecodeAll(byte[] fromServer, bool deflate = false) => Decode(fromServer, [fromServer.Length], expectMasked: false, deflate: deflate);
}
