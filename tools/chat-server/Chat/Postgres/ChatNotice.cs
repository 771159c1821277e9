using AotSuite.Json;

namespace AotSuite.Tools.ChatServer.Chat.Postgres;

/// <summary>
/// A <c>NOTIFY</c> payload, written by PostgreSQL's <c>json_build_object</c>: the whole line when it fits the 8000-byte
/// payload limit, only its <see cref="Id"/> otherwise (the receiver then reads the row).
/// </summary>
[JsonModel]
internal sealed partial record ChatNotice(long Id, string? Room = null, string? From = null, string? Text = null, long Time = 0);
