namespace AotSuite.Tools.ChatServer.Chat;

/// <summary>
/// Where room traffic goes beyond this process: nowhere when the server runs alone (<see cref="LocalBus"/>), every node
/// through PostgreSQL otherwise (<see cref="Postgres.PostgresBus"/>). A published line comes back through
/// <see cref="ChatHub.Deliver"/> on every node, this one included, so local and remote clients see the same order.
/// </summary>
internal interface IChatBus : IAsyncDisposable
{
    /// <summary>Receives every line published on any node; set once, before the server starts.</summary>
    ChatHub? Hub { get; set; }

    /// <summary>Stores <paramref name="line"/> (which gets its <see cref="ChatLine.Id"/> here) and delivers it everywhere; <see cref="ChatBusException"/> when it cannot.</summary>
    ValueTask PublishAsync(ChatLine line);

    /// <summary>The last <paramref name="count"/> lines of <paramref name="room"/>, oldest first; <see cref="ChatBusException"/> when they cannot be read.</summary>
    ValueTask<IReadOnlyList<ChatLine>> HistoryAsync(string room, int count);

    /// <summary>
    /// Tells the other nodes that <paramref name="nick"/> is now in (or out of) <paramref name="room"/> (<c>""</c>: online
    /// at all). Called under the hub's lock, so the calls for one nick come in the order its state changed; never waits.
    /// One node alone has no one to tell.
    /// </summary>
    void Announce(string room, string nick, bool present)
    {
    }

    /// <summary>The nicks in <paramref name="room"/> (null: online at all) on the other live nodes; <see cref="ChatBusException"/> when they cannot be read.</summary>
    ValueTask<IReadOnlyList<string>> RemoteMembersAsync(string? room) => ValueTask.FromResult<IReadOnlyList<string>>([]);

    /// <summary>
    /// A private message to <paramref name="to"/>, who is not on this node: handed to the live node that has the nick
    /// online, which delivers it through <see cref="ChatHub.DeliverPrivate"/>. Returns the nick as that node spells it,
    /// or null when no other node has it; <see cref="ChatBusException"/> when it cannot be sent. One node alone has no one.
    /// </summary>
    ValueTask<string?> WhisperAsync(string from, string to, string text, long time) => ValueTask.FromResult<string?>(null);

    /// <summary>
    /// Reserves <paramref name="nick"/> (compared without case) for this node across every node: true when this node now
    /// holds it, false when a live node does; <see cref="ChatBusException"/> when it cannot be told. <paramref name="claim"/>
    /// names this reservation, so a <see cref="ReleaseNick"/> of an earlier one that arrives late frees nothing. The hub
    /// never runs two claims of one nick at once. One node alone holds every nick its hub lets through.
    /// </summary>
    ValueTask<bool> ClaimNickAsync(string nick, long claim) => ValueTask.FromResult(true);

    /// <summary>
    /// Frees the reservation <paramref name="claim"/> of <paramref name="nick"/> (the client left or took another nick).
    /// Called under the hub's lock; never waits, and a release that fails is retried.
    /// </summary>
    void ReleaseNick(string nick, long claim)
    {
    }
}
