using System.Text;

namespace AotSuite.WebSockets.Compression;

/// <summary>
/// RFC 7692 §7.1: the parameters of one permessage-deflate offer or response, or the ones both ends agreed on. A window
/// size of 0 means the parameter was absent (15, the most); <see cref="ClientMaxWindowBits"/> is -1 for a bare
/// <c>client_max_window_bits</c> in an offer ("I can honour a limit").
/// </summary>
internal readonly record struct DeflateParameters(bool ServerNoContextTakeover, bool ClientNoContextTakeover, int ServerMaxWindowBits, int ClientMaxWindowBits)
{
    public const string Name = "permessage-deflate";

    /// <summary>
    /// Reads one element of the header; false when it is another extension, or a parameter is unknown, repeated or
    /// out of range (§5.1: such an offer is declined; §5.2: such a response fails the handshake).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> element, bool offer, out DeflateParameters parameters)
    {
        parameters = default;
        var semicolon = ExtensionList.IndexOfUnquoted(element, (byte)';');
        if (!(semicolon < 0 ? element : element[..semicolon]).Trim(" \t"u8).SequenceEqual("permessage-deflate"u8)) return false;
        var rest = semicolon < 0 ? default : element[(semicolon + 1)..];
        bool serverNoTakeover = false, clientNoTakeover = false;
        int serverBits = 0, clientBits = 0;
        while (!rest.IsEmpty)
        {
            semicolon = ExtensionList.IndexOfUnquoted(rest, (byte)';');
            var parameter = (semicolon < 0 ? rest : rest[..semicolon]).Trim(" \t"u8);
            rest = semicolon < 0 ? default : rest[(semicolon + 1)..];
            var equals = parameter.IndexOf((byte)'=');
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim(" \t"u8);
            var hasValue = equals >= 0;
            var value = hasValue ? Unquote(parameter[(equals + 1)..].Trim(" \t"u8)) : default;
            if (name.SequenceEqual("server_no_context_takeover"u8) && !hasValue && !serverNoTakeover) serverNoTakeover = true;
            else if (name.SequenceEqual("client_no_context_takeover"u8) && !hasValue && !clientNoTakeover) clientNoTakeover = true;
            else if (name.SequenceEqual("server_max_window_bits"u8) && serverBits == 0 && TryParseBits(value, out serverBits)) { }
            else if (name.SequenceEqual("client_max_window_bits"u8) && clientBits == 0)
            {
                // Without a value only in an offer: the client says it can honour a limit the server may set.
                if (!hasValue && offer) clientBits = -1;
                else if (!TryParseBits(value, out clientBits)) return false;
            }
            else return false;
        }
        parameters = new(serverNoTakeover, clientNoTakeover, serverBits, clientBits);
        return true;
    }

    /// <summary>§7.1.2: 8 to 15, in decimal without a leading zero.</summary>
    private static bool TryParseBits(ReadOnlySpan<byte> value, out int bits)
    {
        bits = value switch
        {
            [var d] when d is >= (byte)'8' and <= (byte)'9' => d - '0',
            [(byte)'1', var d] when d is >= (byte)'0' and <= (byte)'5' => 10 + d - '0',
            _ => 0,
        };
        return bits != 0;
    }

    private static ReadOnlySpan<byte> Unquote(ReadOnlySpan<byte> value) =>
        value is [(byte)'"', .., (byte)'"'] && value.Length >= 2 ? value[1..^1] : value;

    /// <summary>The header value that states these parameters.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(Name);
        if (ServerNoContextTakeover) text.Append("; server_no_context_takeover");
        if (ClientNoContextTakeover) text.Append("; client_no_context_takeover");
        if (ServerMaxWindowBits > 0) text.Append("; server_max_window_bits=").Append(ServerMaxWindowBits);
        if (ClientMaxWindowBits > 0) text.Append("; client_max_window_bits=").Append(ClientMaxWindowBits);
        else if (ClientMaxWindowBits < 0) text.Append("; client_max_window_bits");
        return text.ToString();
    }
}
