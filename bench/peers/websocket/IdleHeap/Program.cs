// IdleHeap URL COUNT SERVER_PID: opens COUNT WebSockets to URL from this process, then walks the server's managed heap
// (ClrMD, objects reachable from its roots) before and while they are open, and prints the difference per connection
// by type, largest first; arrays of 1,000 bytes or more are named with the type that holds them. The server must run
// JIT (ClrMD reads the runtime's data access library, which a NativeAOT binary has not got).
using AotSuite.WebSockets;
using AotSuite.WebSockets.Client;
using Microsoft.Diagnostics.Runtime;

if (args.Length != 3)
{
    Console.Error.WriteLine("usage: IdleHeap URL COUNT SERVER_PID");
    return 2;
}
var (url, count, pid) = (new Uri(args[0]), int.Parse(args[1]), int.Parse(args[2]));
var before = LiveObjects(pid);
var sockets = new List<WebSocket>(count);
for (var i = 0; i < count; i += 100)
{
    sockets.AddRange(await Task.WhenAll(Enumerable.Range(0, Math.Min(100, count - i)).Select(_ => WebSocketClient.ConnectAsync(url))));
}
await Task.Delay(2000);
var after = LiveObjects(pid);
foreach (var socket in sockets) socket.Abort();

Console.WriteLine($"managed bytes per idle connection: {(after.Sum(kv => kv.Value.Bytes) - before.Sum(kv => kv.Value.Bytes)) / (double)count:0}");
Console.WriteLine("| bytes per connection | objects per connection | type |");
Console.WriteLine("|---:|---:|---|");
foreach (var (type, (objects, bytes)) in after
    .Select(kv => (kv.Key, (Objects: kv.Value.Count - before.GetValueOrDefault(kv.Key).Count, Bytes: kv.Value.Bytes - before.GetValueOrDefault(kv.Key).Bytes)))
    .Where(row => row.Item2.Bytes / (double)count >= 40)
    .OrderByDescending(row => row.Item2.Bytes))
{
    Console.WriteLine($"| {bytes / (double)count:0} | {objects / (double)count:0.##} | `{type}` |");
}
return 0;

// Marks from the roots (so garbage not yet collected does not count), then sums size per type.
static Dictionary<string, (long Count, long Bytes)> LiveObjects(int pid)
{
    using var target = DataTarget.AttachToProcess(pid, suspend: true);
    var clr = target.ClrVersions[0];
    // The runtime's own copy of the data access library, next to its libcoreclr.so.
    var dac = Path.Combine(Path.GetDirectoryName(clr.ModuleInfo.FileName)!, "libmscordaccore.so");
    using var runtime = clr.CreateRuntime(dac, ignoreMismatch: true);
    var heap = runtime.Heap;
    var marked = new HashSet<ulong>();
    var holders = new Dictionary<ulong, string>();
    var pending = new Stack<ulong>();
    foreach (var root in heap.EnumerateRoots())
    {
        if (root.Object.Address != 0 && marked.Add(root.Object.Address)) pending.Push(root.Object.Address);
    }
    while (pending.Count > 0)
    {
        var holder = heap.GetObject(pending.Pop());
        if (!holder.IsValid) continue;
        foreach (var reference in holder.EnumerateReferences(carefully: true, considerDependantHandles: true))
        {
            if (!marked.Add(reference.Address)) continue;
            pending.Push(reference.Address);
            if (reference.Type?.IsArray == true && reference.Size >= 1000) holders[reference.Address] = holder.Type?.Name ?? "?";
        }
    }
    var byType = new Dictionary<string, (long Count, long Bytes)>();
    foreach (var address in marked)
    {
        var value = heap.GetObject(address);
        if (!value.IsValid || value.Type?.Name is not { } name) continue;
        if (holders.TryGetValue(address, out var holderName)) name = $"{name} ({value.Size} B) held by {holderName}";
        var (objects, bytes) = byType.GetValueOrDefault(name);
        byType[name] = (objects + 1, bytes + (long)value.Size);
    }
    return byType;
}
