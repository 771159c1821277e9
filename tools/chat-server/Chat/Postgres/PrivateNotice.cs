using AotSuite.Json;

namespace AotSuite.Tools.ChatServer.Chat.Postgres;

/// <summary>A private message for a nick on another node: a <c>NOTIFY</c> payload written by <c>json_build_object</c>.</summary>
[JsonModel]
internal sealed partial record PrivateNotice(string From, string To, string Text, long Time);
