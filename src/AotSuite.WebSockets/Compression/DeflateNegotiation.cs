using System.Text;
using AotSuite.Http.Connection;
using AotSuite.WebSockets.Client;

namespace AotSuite.WebSockets.Compression;

/// <summary>
/// RFC 7692 §5 and §7.1, both ends. Compression here is zlib's 15-bit window through <see cref="System.IO.Compression.DeflateStream"/>,
/// which cannot be narrowed: a peer that limits the window we compress with is still accepted, and we then send every
/// message uncompressed (§6: any message may go uncompressed). Inflating with a 15-bit window reads any narrower one.
/// </summary>
internal static class DeflateNegotiation
{
    /// <summary>
    /// Server: the first permessage-deflate offer in the request that it can honour (offers with unknown, repeated or
    /// invalid parameters are declined, §5.1), as agreed; null when there is none.
    /// </summary>
    public static DeflateParameters? Accept(HttpRequest request, WebSocketCompression settings)
    {
        for (var i = 0; i < request.HeaderCount; i++)
        {
            if (!Ascii.EqualsIgnoreCase(request.HeaderName(i), "Sec-WebSocket-Extensions"u8)) continue;
            foreach (var element in new ExtensionList(request.HeaderValue(i)))
            {
                if (!DeflateParameters.TryParse(element, offer: true, out var offered)) continue;
                // A server_max_window_bits the client asked for is echoed as is (§7.1.2.1); client_max_window_bits is
                // left out: we do not limit the client's window.
                return new DeflateParameters(
                    ServerNoContextTakeover: offered.ServerNoContextTakeover || settings.ServerNoContextTakeover,
                    ClientNoContextTakeover: settings.ClientNoContextTakeover,
                    ServerMaxWindowBits: offered.ServerMaxWindowBits,
                    ClientMaxWindowBits: 0);
            }
        }
        return null;
    }

    /// <summary>Client: the offer, <c>client_max_window_bits</c> included (any limit is honoured, see the class summary).</summary>
    public static string Offer(WebSocketCompression settings) =>
        new DeflateParameters(settings.ServerNoContextTakeover, settings.ClientNoContextTakeover, 0, -1).ToString();

    /// <summary>Client: the server's answer to the offer (§5.2: anything not offered or not valid fails the handshake).</summary>
    public static DeflateParameters AcceptResponse(string value)
    {
        DeflateParameters? agreed = null;
        foreach (var element in new ExtensionList(Encoding.ASCII.GetBytes(value)))
        {
            if (agreed is not null || !DeflateParameters.TryParse(element, offer: false, out var parameters))
                throw new WebSocketHandshakeException($"the server answered an extension this client did not offer: {value}");
            agreed = parameters;
        }
        return agreed ?? throw new WebSocketHandshakeException("the server sent an empty Sec-WebSocket-Extensions");
    }
}
