using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using AotSuite.Json;
using AotSuite.Native;

namespace AotSuite.Processes.Manager;

/// <summary>
/// The CLI's side of the socket. A call finds the daemon or starts one (this same binary with <c>__daemon</c>, in a
/// session of its own, output to daemon.log) and retries until it answers.
/// </summary>
public sealed class Pm2Client(Pm2Home home)
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    public Pm2Home Home { get; } = home;

    /// <summary>Sends one request. <paramref name="daemonCommand"/> (argv) starts a daemon when none answers; null: fail instead.</summary>
    /// <returns>The response, or null when no daemon runs and none was to be started.</returns>
    public async Task<DaemonResponse?> SendAsync(DaemonRequest request, IReadOnlyList<string>? daemonCommand, CancellationToken cancellationToken = default)
    {
        var socket = await TryConnectAsync(cancellationToken).ConfigureAwait(false);
        if (socket is null)
        {
            if (daemonCommand is null) return null;
            StartDaemon(daemonCommand);
            var clock = Stopwatch.StartNew();
            while (socket is null)
            {
                if (clock.Elapsed > StartTimeout) throw new IOException($"the daemon did not start within {StartTimeout.TotalSeconds:0} s (see {Home.DaemonLog})");
                await Task.Delay(20, cancellationToken).ConfigureAwait(false);
                socket = await TryConnectAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        using (socket)
        {
            var buffer = new ArrayBufferWriter<byte>();
            JsonModel.Serialize(buffer, request);
            buffer.Write("\n"u8);
            await socket.SendAsync(buffer.WrittenMemory, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            var received = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int count;
            while ((count = await socket.ReceiveAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0) received.Write(chunk, 0, count);
            if (received.Length == 0) throw new IOException($"the daemon closed the connection without answering (see {Home.DaemonLog})");
            return JsonModel.Deserialize<DaemonResponse>(received.ToArray(), "daemon response");
        }
    }

    private async Task<Socket?> TryConnectAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Home.Socket)) return null;
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Home.Socket), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException)
        {
            socket.Dispose();
            return null; // a stale socket file of a dead daemon
        }
    }

    private void StartDaemon(IReadOnlyList<string> command)
    {
        Directory.CreateDirectory(Home.Folder);
        var output = LogFiles.OpenAppend(Home.DaemonLog);
        var input = Libc.Open("/dev/null", Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        try
        {
            var environment = NativeProcess.Environment(new Dictionary<string, string> { ["MINIPM2_HOME"] = Home.Folder });
            NativeProcess.Spawn(command[0], command, environment, Home.Folder, (input, output, output), newProcessGroup: true, newSession: true);
        }
        finally
        {
            Libc.Close(output);
            Libc.Close(input);
        }
    }
}
