namespace AotSuite.Tools.ChatServer.Chat;

/// <summary>One process, history in memory: the embedded default.</summary>
internal sealed class LocalBus(int historySize) : IChatBus
{
    private readonly Dictionary<string, Queue<ChatLine>> history = new(StringComparer.Ordinal);
    private long lastId;

    public ChatHub? Hub { get; set; }

    public ValueTask PublishAsync(ChatLine line)
    {
        lock (history)
        {
            line = line with { Id = ++lastId };
            if (!history.TryGetValue(line.Room, out var lines)) history[line.Room] = lines = new Queue<ChatLine>();
            lines.Enqueue(line);
            while (lines.Count > historySize) lines.Dequeue();
        }
        Hub?.Deliver(line);
        return default;
    }

    public ValueTask<IReadOnlyList<ChatLine>> HistoryAsync(string room, int count)
    {
        lock (history)
        {
            IReadOnlyList<ChatLine> lines = history.TryGetValue(room, out var queue) ? [.. queue.TakeLast(count)] : [];
            return ValueTask.FromResult(lines);
        }
    }

    public ValueTask DisposeAsync() => default;
}
