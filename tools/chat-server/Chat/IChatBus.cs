namespace AotSuite.Tools.ChatServer.Chat;

/// <summary>
/// Where room traffic goes beyond this process: nowhere when the server runs alone (<see cref="LocalBus"/>), every node
/// through PostgreSQL otherwise. A published line comes back through <see cref="ChatHub.Deliver"/> on every node,
/// this one included, so local and remote clients see the same order.
/// </summary>
internal interface IChatBus : IAsyncDisposable
{
    ValueTask PublishAsync(ChatLine line);

    ValueTask<IReadOnlyList<ChatLine>> HistoryAsync(string room, int count);
}
