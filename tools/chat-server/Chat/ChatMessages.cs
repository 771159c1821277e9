using AotSuite.Json;

namespace AotSuite.Tools.ChatServer.Chat;

/// <summary>
/// What a client sends, one JSON object per text message: <c>{"type":"nick","nick":"ada"}</c>, <c>join</c>/<c>leave</c>
/// (<c>room</c>), <c>say</c> (<c>room</c>, <c>text</c>), <c>whisper</c> (<c>to</c>, <c>text</c>), <c>typing</c>
/// (<c>room</c>), <c>rooms</c>, <c>who</c> (<c>room</c> optional). See docs/chat-server.md.
/// </summary>
[JsonModel(OmitNulls = true)]
public sealed partial record ClientMessage(string Type, string? Nick = null, string? Room = null, string? Text = null, string? To = null);

/// <summary>What the server sends; only the fields a type uses are present.</summary>
[JsonModel(OmitNulls = true)]
public sealed partial record ServerMessage(
    string Type,
    string? Room = null,
    string? Nick = null,
    string? From = null,
    string? To = null,
    string? Text = null,
    long? Time = null,
    long? Id = null,
    List<string>? Nicks = null,
    List<string>? Rooms = null,
    List<ChatLine>? Messages = null,
    string? Error = null);

/// <summary>
/// One line of a room: live in a <c>message</c>, and in the <c>history</c> a joiner gets. <see cref="Id"/> increases
/// with each line (per process in memory, per database with PostgreSQL); 0 until the bus has stored the line.
/// </summary>
[JsonModel]
public sealed partial record ChatLine(long Id, string Room, string From, string Text, long Time);
