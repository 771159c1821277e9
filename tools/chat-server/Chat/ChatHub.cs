using System.Diagnostics;
using AotSuite.Json;
using AotSuite.Web;
using AotSuite.WebSockets;
using AotSuite.WebSockets.Upgrade;

namespace AotSuite.Tools.ChatServer.Chat;

/// <summary>
/// The chat itself: nicknames, rooms, presence, typing, private messages. Room lines go through the bus (so other nodes
/// see them) and come back through <see cref="Deliver"/>; joins and leaves are announced to the bus and other nodes'
/// come back through <see cref="DeliverPresence"/>. Typing and private messages stay on this node. One lock guards the
/// maps: commands are short and a broadcast only queues frames.
/// </summary>
internal sealed class ChatHub(IChatBus bus, int historySize) : WebSocketListener
{
    private const int MaxNick = 32;
    private const int MaxRoom = 64;
    private readonly object gate = new();
    private readonly Dictionary<string, ChatSession> byNick = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, HashSet<ChatSession>> rooms = new(StringComparer.Ordinal);
    private readonly HashSet<ChatSession> sessions = [];

    // Nicks being claimed from the bus by a client of this node (see SetNickAsync).
    private readonly HashSet<string> claiming = new(StringComparer.OrdinalIgnoreCase);
    private long lastClaim;

    public int Connected
    {
        get
        {
            lock (gate) return sessions.Count;
        }
    }

    /// <summary>A client connects: its session rides on the socket until it leaves.</summary>
    public override ValueTask OnOpenAsync(WebSocket socket, WebContext context)
    {
        var session = new ChatSession(socket);
        socket.UserState = session;
        lock (gate) sessions.Add(session);
        return default;
    }

    /// <summary>One command from a client; bad input is answered, never fatal.</summary>
    public override ValueTask OnMessageAsync(WebSocket socket, WebSocketMessage message)
    {
        var session = (ChatSession)socket.UserState!;
        if (message.Type != WebSocketMessageType.Text)
        {
            session.Error("binary messages are not understood; send JSON text");
            return default;
        }
        ClientMessage command;
        try
        {
            command = JsonModel.Deserialize<ClientMessage>(message.Data.Span);
        }
        catch (JsonModelException e)
        {
            session.Error($"malformed message: {e.Message}");
            return default;
        }
        return HandleAsync(session, command);
    }

    public override ValueTask OnCloseAsync(WebSocket socket)
    {
        Disconnect((ChatSession)socket.UserState!);
        return default;
    }

    private async ValueTask HandleAsync(ChatSession session, ClientMessage command)
    {
        if (command.Type != "nick" && session.Nick is null)
        {
            session.Error("choose a nickname first: {\"type\":\"nick\",\"nick\":\"...\"}");
            return;
        }
        switch (command.Type)
        {
            case "nick":
                await SetNickAsync(session, command.Nick);
                break;
            case "join":
                await JoinAsync(session, command.Room);
                break;
            case "leave":
                Leave(session, command.Room);
                break;
            case "say":
                if (!IsMember(session, command.Room)) return;
                if (string.IsNullOrEmpty(command.Text))
                {
                    session.Error("'say' needs a non-empty 'text'");
                    return;
                }
                try
                {
                    await bus.PublishAsync(new ChatLine(0, command.Room!, session.Nick!, command.Text, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                }
                catch (ChatBusException e)
                {
                    session.Error($"the message was not sent: {e.Message}");
                }
                break;
            case "whisper":
                try
                {
                    await WhisperAsync(session, command.To, command.Text);
                }
                catch (ChatBusException e)
                {
                    session.Error($"the private message was not sent: {e.Message}");
                }
                break;
            case "typing":
                if (!IsMember(session, command.Room)) return;
                Broadcast(command.Room!, new ServerMessage("typing", Room: command.Room, Nick: session.Nick), except: session);
                break;
            case "rooms":
                List<string> names;
                lock (gate) names = [.. rooms.Keys.Order(StringComparer.Ordinal)];
                session.Post(new ServerMessage("rooms", Rooms: names));
                break;
            case "who":
                session.Post(await PresenceAsync(session, command.Room));
                break;
            default:
                session.Error($"unknown type '{command.Type}'; expected nick, join, leave, say, whisper, typing, rooms or who");
                break;
        }
    }

    /// <summary>
    /// Takes <paramref name="nick"/> for the session, or renames it. The nick is claimed from the bus first (across nodes:
    /// a database round trip) and the maps are changed after, under the lock; meanwhile the nick is in
    /// <see cref="claiming"/>, so a second client of this node asking for it is refused at once instead of racing the
    /// first to the database. A rename releases the old nick once the new one is held.
    /// </summary>
    private async ValueTask SetNickAsync(ChatSession session, string? nick)
    {
        nick = nick?.Trim();
        if (string.IsNullOrEmpty(nick) || nick.Length > MaxNick || nick.Any(char.IsControl))
        {
            session.Error($"a nickname is 1 to {MaxNick} printable characters");
            return;
        }
        long claim;
        lock (gate)
        {
            // A new spelling of the session's own nick is the same reservation.
            if (string.Equals(nick, session.Nick, StringComparison.OrdinalIgnoreCase)) claim = session.NickClaim;
            else if (byNick.ContainsKey(nick) || !claiming.Add(nick))
            {
                session.Error(Taken(nick));
                return;
            }
            else claim = ++lastClaim;
        }
        if (claim != session.NickClaim && !await ClaimAsync(session, nick, claim)) return;
        string? old;
        lock (gate) old = Rename(session, nick, claim);
        session.Post(new ServerMessage("welcome", Nick: nick));
        if (old is null || old == nick) return;
        // Other nodes see a rename as the old nick leaving and the new one joining: local members are told the same.
        // Session.Rooms changes only in this session's own (sequential) commands.
        foreach (var room in session.Rooms)
        {
            Broadcast(room, new ServerMessage("left", Room: room, Nick: old));
            Broadcast(room, new ServerMessage("joined", Room: room, Nick: nick));
        }
    }

    /// <summary>Asks the bus for <paramref name="nick"/>; when refused or failed, the client is told and the nick is no longer being claimed.</summary>
    private async ValueTask<bool> ClaimAsync(ChatSession session, string nick, long claim)
    {
        var held = false;
        try
        {
            held = await bus.ClaimNickAsync(nick, claim);
            if (!held) session.Error(Taken(nick));
            return held;
        }
        catch (ChatBusException e)
        {
            session.Error($"the nickname '{nick}' could not be reserved: {e.Message}");
            return false;
        }
        finally
        {
            // Whatever ended the claim, a nick not held must not stay marked: no client of this node could take it.
            if (!held)
            {
                lock (gate) claiming.Remove(nick);
            }
        }
    }

    private static string Taken(string nick) => $"the nickname '{nick}' is taken";

    /// <summary>Under the lock: the session is <paramref name="nick"/> now, in the maps and in its rooms' presence. Returns the old nick.</summary>
    private string? Rename(ChatSession session, string nick, long claim)
    {
        var old = session.Nick;
        if (old == nick) return old;
        if (old is not null)
        {
            byNick.Remove(old);
            bus.Announce("", old, present: false);
            foreach (var room in session.Rooms) bus.Announce(room, old, present: false);
            if (session.NickClaim != claim) bus.ReleaseNick(old, session.NickClaim);
        }
        claiming.Remove(nick);
        (session.Nick, session.NickClaim) = (nick, claim);
        byNick[nick] = session;
        bus.Announce("", nick, present: true);
        foreach (var room in session.Rooms) bus.Announce(room, nick, present: true);
        return old;
    }

    private async ValueTask JoinAsync(ChatSession session, string? room)
    {
        room = room?.Trim();
        if (string.IsNullOrEmpty(room) || room.Length > MaxRoom || room.Any(char.IsControl))
        {
            session.Error($"a room name is 1 to {MaxRoom} printable characters");
            return;
        }
        lock (gate)
        {
            session.Joining ??= new Dictionary<string, List<ChatLine>>(StringComparer.Ordinal);
            if (session.Rooms.Contains(room) || !session.Joining.TryAdd(room, [])) return;
            if (!rooms.TryGetValue(room, out var members)) rooms[room] = members = [];
            members.Add(session);
            bus.Announce(room, session.Nick!, present: true);
        }
        // Member first, history second: a line stored before the history is read is in it, a line delivered after the
        // member was added is held in Joining. A line can be in both (read from the database, then its notification
        // arrives), so the held ones go out after the history minus those it already has: none lost, none twice.
        IReadOnlyList<ChatLine> history = [];
        string? failure = null;
        try
        {
            history = await bus.HistoryAsync(room, historySize);
        }
        catch (ChatBusException e)
        {
            failure = $"the history of '{room}' could not be read: {e.Message}";
        }
        lock (gate)
        {
            session.Joining!.Remove(room, out var held);
            if (session.Joining.Count == 0) session.Joining = null;
            session.Rooms.Add(room);
            session.Post(new ServerMessage("history", Room: room, Messages: [.. history]));
            foreach (var line in held!)
            {
                if (!history.Any(h => h.Id == line.Id)) session.Post(LineMessage(line));
            }
        }
        if (failure is not null) session.Error(failure);
        // The joiner gets the member list; the others only the change. A list to every member on every join would cost
        // O(members²) bytes per join: 2 GB to fill a room of 1,000.
        session.Post(await PresenceAsync(session, room));
        Broadcast(room, new ServerMessage("joined", Room: room, Nick: session.Nick));
    }

    private void Leave(ChatSession session, string? room)
    {
        if (!IsMember(session, room)) return;
        lock (gate)
        {
            session.Rooms.Remove(room!);
            RemoveMember(room!, session);
            bus.Announce(room!, session.Nick!, present: false);
        }
        session.Post(new ServerMessage("left", Room: room, Nick: session.Nick));
        Broadcast(room!, new ServerMessage("left", Room: room, Nick: session.Nick));
    }

    private async ValueTask WhisperAsync(ChatSession session, string? to, string? text)
    {
        if (string.IsNullOrEmpty(to) || string.IsNullOrEmpty(text))
        {
            session.Error("'whisper' needs 'to' and a non-empty 'text'");
            return;
        }
        ChatSession? target;
        lock (gate) byNick.TryGetValue(to, out target);
        var time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        // A nick on this node first, then another node's (a nick is held by one node at a time).
        var spelled = target?.Nick ?? await bus.WhisperAsync(session.Nick!, to, text, time);
        if (spelled is null)
        {
            session.Error($"no one called '{to}' is online");
            return;
        }
        var frame = JsonModel.SerializeToUtf8Bytes(new ServerMessage("private", From: session.Nick, To: spelled, Text: text, Time: time));
        target?.Post(frame);
        if (target != session) session.Post(frame);
    }

    /// <summary>A private message from another node's <paramref name="from"/> to this node's <paramref name="to"/> (if still here).</summary>
    public void DeliverPrivate(string from, string to, string text, long time)
    {
        ChatSession? target;
        lock (gate) byNick.TryGetValue(to, out target);
        target?.Post(JsonModel.SerializeToUtf8Bytes(new ServerMessage("private", From: from, To: target.Nick, Text: text, Time: time)));
    }

    /// <summary>
    /// The bus found that another node holds <paramref name="nick"/>, which this node's client still holds under
    /// <paramref name="claim"/> (this node was cut off from the others for longer than the presence timeout and its
    /// reservation expired): the other node's claim stands, so this client is told and its connection closed with 1008;
    /// the disconnect frees the rest. A client that has since renamed or left is not touched.
    /// </summary>
    public void LoseNick(string nick, long claim)
    {
        ChatSession? holder;
        lock (gate)
        {
            if (!byNick.TryGetValue(nick, out holder) || holder.NickClaim != claim) return;
        }
        var why = $"the nickname '{holder.Nick}' was taken on another node while this server was cut off from the others; reconnect and choose a nickname";
        holder.Error(why);
        _ = holder.Socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, "nickname taken on another node");
    }

    /// <summary>A room line, from this node or another: to every local member of the room (held for those still joining it).</summary>
    public void Deliver(ChatLine line)
    {
        ChatSession?[] members;
        lock (gate)
        {
            if (!rooms.TryGetValue(line.Room, out var set)) return;
            members = [.. set];
            for (var i = 0; i < members.Length; i++)
            {
                // Decided under the lock: a join finishing right after this sends what was held, and only that.
                if (members[i]!.Joining is { Count: > 0 } joining && joining.TryGetValue(line.Room, out var held))
                {
                    held.Add(line);
                    members[i] = null;
                }
            }
        }
        var frame = JsonModel.SerializeToUtf8Bytes(LineMessage(line));
        foreach (var member in members) member?.Post(frame);
    }

    private static ServerMessage LineMessage(ChatLine line) =>
        new("message", Room: line.Room, From: line.From, Text: line.Text, Time: line.Time, Id: line.Id);

    /// <summary>
    /// A joined or left notice from another node: to this node's members of the room. A nick passing from one node to
    /// another (released there, claimed here) can briefly be listed by both: it is one entry in a member list, and each
    /// node announces its own leave.
    /// </summary>
    public void DeliverPresence(string room, string nick, bool present) =>
        Broadcast(room, new ServerMessage(present ? "joined" : "left", Room: room, Nick: nick));

    /// <summary>The members of <paramref name="room"/> (null: everyone online): this node's, and the other live nodes' from the bus.</summary>
    private async ValueTask<ServerMessage> PresenceAsync(ChatSession session, string? room)
    {
        IReadOnlyList<string> remote = [];
        try
        {
            remote = await bus.RemoteMembersAsync(room);
        }
        catch (ChatBusException e)
        {
            session.Error($"the members on other nodes could not be read: {e.Message}");
        }
        // This node's spelling of a nick wins over another node's.
        var nicks = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        lock (gate)
        {
            if (room is null) nicks.UnionWith(byNick.Keys);
            else if (rooms.TryGetValue(room, out var members)) nicks.UnionWith(members.Select(static m => m.Nick!));
        }
        nicks.UnionWith(remote);
        return new ServerMessage("presence", Room: room, Nicks: [.. nicks.Order(StringComparer.Ordinal)]);
    }

    /// <summary>Serializes once and queues the same bytes to every member: no copy per client.</summary>
    private void Broadcast(string room, ServerMessage message, ChatSession? except = null)
    {
        var frame = JsonModel.SerializeToUtf8Bytes(message);
        ChatSession[] members;
        lock (gate)
        {
            if (!rooms.TryGetValue(room, out var set)) return;
            members = [.. set];
        }
        foreach (var member in members)
        {
            if (member != except) member.Post(frame);
        }
    }

    private bool IsMember(ChatSession session, string? room)
    {
        if (room is not null && session.Rooms.Contains(room)) return true;
        session.Error(room is null ? "this message needs a 'room'" : $"join '{room}' first");
        return false;
    }

    private void RemoveMember(string room, ChatSession session)
    {
        if (!rooms.TryGetValue(room, out var members)) return;
        members.Remove(session);
        if (members.Count == 0) rooms.Remove(room);
    }

    private void Disconnect(ChatSession session)
    {
        string[] left;
        lock (gate)
        {
            sessions.Remove(session);
            if (session.Nick is not null && byNick.TryGetValue(session.Nick, out var holder) && holder == session)
            {
                byNick.Remove(session.Nick);
                bus.Announce("", session.Nick, present: false);
                bus.ReleaseNick(session.Nick, session.NickClaim);
            }
            left = [.. session.Rooms];
            foreach (var room in left)
            {
                RemoveMember(room, session);
                bus.Announce(room, session.Nick!, present: false);
            }
            session.Rooms.Clear();
        }
        foreach (var room in left)
        {
            Broadcast(room, new ServerMessage("left", Room: room, Nick: session.Nick));
        }
    }

    /// <summary>
    /// Heartbeats, as ws's documented pattern: ping everyone every <paramref name="interval"/>; a client that sent
    /// nothing (not even a pong) for two intervals is dead and dropped.
    /// </summary>
    public async Task RunHeartbeatsAsync(TimeSpan interval, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(interval);
        var limit = (long)(interval.TotalSeconds * 2 * Stopwatch.Frequency);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellation))
            {
                ChatSession[] all;
                lock (gate) all = [.. sessions];
                var now = Stopwatch.GetTimestamp();
                foreach (var session in all)
                {
                    if (now - session.Socket.LastReceived > limit) session.Socket.Abort();
                    else _ = session.Socket.PingAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
