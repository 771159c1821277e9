using AotSuite.Json;

namespace AotSuite.Tools.ChatServer.Chat.Postgres;

/// <summary>A <c>NOTIFY</c> payload on <c>aotsuite_chat_presence</c>: <see cref="Nick"/> joined (or left) <see cref="Room"/> on <see cref="Node"/>.</summary>
[JsonModel]
internal sealed partial record PresenceNotice(string Node, bool Present, string Room, string Nick);
