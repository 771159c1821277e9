using AotSuite.Json;
using AotSuite.WebSockets;

namespace AotSuite.Tools.ChatServer.Chat;

/// <summary>One connected client: its socket, its nickname once chosen, the rooms it is in.</summary>
internal sealed class ChatSession(WebSocket socket)
{
    public WebSocket Socket { get; } = socket;

    public string? Nick { get; set; }

    /// <summary>The bus's name for this session's reservation of <see cref="Nick"/> (see <see cref="IChatBus.ClaimNickAsync"/>).</summary>
    public long NickClaim { get; set; }

    public HashSet<string> Rooms { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Rooms being joined (history not sent yet), each with the lines delivered meanwhile: they go out after the
    /// history, without those it already holds. Made on the first join only, so an idle connection does not pay for it.
    /// </summary>
    public Dictionary<string, List<ChatLine>>? Joining { get; set; }

    /// <summary>Queues <paramref name="frame"/> (a serialized message) without waiting: a slow reader is dropped by the socket's backpressure policy, never waited for.</summary>
    public void Post(byte[] frame) => Socket.Post(frame);

    public void Post(ServerMessage message) => Post(JsonModel.SerializeToUtf8Bytes(message));

    public void Error(string text) => Post(new ServerMessage("error", Error: text));
}
