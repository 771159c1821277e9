using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AotSuite.Http.Connection;

namespace AotSuite.Http.Tests.Connection;

/// <summary>
/// HttpServerOptions.IoUring: what only the io_uring transport has to get right (the whole socket-level suite also runs
/// over it, see <see cref="TestTransport"/>): more connections receiving at once than it has provided buffers, heads
/// split across arrivals, a peer's address, and a handler's answer written from another thread.
/// </summary>
public class IoUringTransportTests
{
    private static TestServer Start() => new(new HttpServerOptions { IoUring = true });

    [Test]
    public async Task Serves_from_an_io_uring_on_this_kernel()
    {
        await using var server = Start();
        await Assert.That(server.Server.UsesIoUring).IsTrue();
        await Assert.That(server.Server.IoUringRefusal).IsNull();
        await Assert.That(await server.SendAsync("GET /x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).EndsWith("hello /x");
    }

    [Test]
    public async Task Serves_from_as_many_rings_as_asked_each_accepting()
    {
        await using var server = new TestServer(new HttpServerOptions { IoUring = true, IoUringThreads = 3 });
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => server.SendAsync($"GET /r{i} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
        for (var i = 0; i < answers.Length; i++) await Assert.That(answers[i]).EndsWith($"hello /r{i}");
        await Assert.That(() => HttpServer.Start(new HttpServerOptions { IoUring = true, IoUringThreads = 0 }, _ => ValueTask.CompletedTask))
            .Throws<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task Keeps_a_body_piece_intact_while_more_bytes_arrive_behind_it()
    {
        // A streamed body's piece stays the handler's until its next read, also across an await; the bytes that
        // arrive meanwhile (on many connections at once, so provided buffers are taken and given back all the time)
        // must neither move it nor let its buffer be reused.
        const int Connections = 40, Pieces = 12;
        await using var server = HttpServer.Start(new HttpServerOptions { IoUring = true, StreamRequestBodies = true }, async context =>
        {
            var body = context.Request.BodyReader;
            var intact = true;
            var total = 0;
            ReadOnlyMemory<byte> piece;
            while (!(piece = await body.ReadAsync()).IsEmpty)
            {
                var before = piece.ToArray();
                await Task.Delay(5);
                intact &= piece.Span.SequenceEqual(before);
                total += piece.Length;
            }
            context.Response.Write(Encoding.ASCII.GetBytes($"{(intact ? "intact" : "changed")} {total}"));
        });
        var answers = await Task.WhenAll(Enumerable.Range(0, Connections).Select(async c =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", server.Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {Pieces * 100}\r\nConnection: close\r\n\r\n"));
            for (var i = 0; i < Pieces; i++)
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes(new string((char)('a' + (c + i) % 26), 100)));
                await Task.Delay(2);
            }
            return await TestServer.ReadToEndAsync(socket, TimeSpan.FromSeconds(60));
        }));
        foreach (var answer in answers) await Assert.That(answer).EndsWith($"intact {Pieces * 100}");
    }

    [Test]
    public async Task Flushes_behind_a_send_in_flight_without_waiting_for_it()
    {
        // On the ring's thread the first flush's send cannot have completed when the second comes (completions arrive
        // only between turns): the second returns at once, its bytes queued behind, instead of waiting a turn.
        var secondFlushWaited = true;
        await using var server = HttpServer.Start(new HttpServerOptions { IoUring = true }, async context =>
        {
            await context.Response.WriteAsync("first "u8.ToArray());
            var second = context.Response.WriteAsync("second"u8.ToArray());
            secondFlushWaited = !second.IsCompleted;
            await second;
        });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
        await Assert.That(await TestServer.ReadToEndAsync(socket)).EndsWith("first second");
        await Assert.That(secondFlushWaited).IsFalse();
    }

    [Test]
    public async Task Serves_keep_alive_requests_and_answers_from_other_threads_while_spinning()
    {
        // A spinning ring takes arrivals from the ring's flags and posted work from its queue as they come: each next
        // request on the connection comes within the spin, and every second answer is written after an await (posted
        // from the thread pool while the ring spins). One it missed would wait out the whole 50 ms spin.
        await using var server = HttpServer.Start(new HttpServerOptions { IoUring = true, IoUringSpin = TimeSpan.FromMilliseconds(50) }, async context =>
        {
            var path = Encoding.ASCII.GetString(context.Request.Path);
            if (path.EndsWith("/1", StringComparison.Ordinal)) await Task.Yield();
            await context.Response.WriteAsync(Encoding.ASCII.GetBytes($"answer {path}"));
        });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < 200; i++)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET /{i}/{i % 2} HTTP/1.1\r\nHost: x\r\n\r\n"));
            await Assert.That(await TestServer.ReadUntilAsync(socket, $"answer /{i}/{i % 2}")).Contains("200 OK");
        }
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(4));
        await Assert.That(() => HttpServer.Start(new HttpServerOptions { IoUring = true, IoUringSpin = TimeSpan.FromTicks(-1) }, _ => ValueTask.CompletedTask))
            .Throws<ArgumentOutOfRangeException>();
    }

    [Test]
    public async Task Serves_tls_over_sockets_and_says_why()
    {
        using var certificate = new TestCertificate();
        await using var server = new TestServer(new HttpServerOptions { IoUring = true, Tls = HttpServerTls.FromPemFiles(certificate.CertificatePath, certificate.KeyPath) });
        await Assert.That(server.Server.UsesIoUring).IsFalse();
        await Assert.That(server.Server.IoUringRefusal).IsEqualTo("TLS is served over sockets");
        var (code, output) = await server.CurlAsync("-sk", "https://127.0.0.1:{port}/tls");
        await Assert.That(code).IsEqualTo(0);
        await Assert.That(output).IsEqualTo("hello /tls");
    }

    [Test]
    public async Task Answers_more_connections_holding_unread_bytes_than_it_has_receive_buffers()
    {
        // 600 requests whose bodies stay unread until every handler has started: each holds the buffer its bytes came
        // in, and a ring has 256 provided buffers, so the later receives find none and go into blocks of their own.
        const int Count = 600;
        var started = 0;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = HttpServer.Start(new HttpServerOptions { IoUring = true, StreamRequestBodies = true }, async context =>
        {
            if (Interlocked.Increment(ref started) == Count) all.TrySetResult();
            await gate.Task;
            await context.Request.ReadBodyAsync();
            context.Response.Write(context.Request.Body);
        });
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < Count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                await socket.ConnectAsync("127.0.0.1", server.Port);
                var body = $"body of request {i}";
                await socket.SendAsync(Encoding.ASCII.GetBytes($"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}"));
            }
            await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
            gate.SetResult();
            var answers = await Task.WhenAll(sockets.Select(socket => TestServer.ReadToEndAsync(socket, TimeSpan.FromSeconds(60))));
            for (var i = 0; i < answers.Length; i++) await Assert.That(answers[i]).EndsWith($"body of request {i}");
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
        }
    }

    [Test]
    public async Task Joins_a_head_split_across_arrivals_and_answers_the_request_behind_it()
    {
        await using var server = Start();
        using var socket = await server.ConnectAsync();
        await socket.SendAsync("GET /first HTTP/1.1\r\nHo"u8.ToArray());
        await Task.Delay(50); // two arrivals, not one
        await socket.SendAsync("st: x\r\n\r\nGET /second HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray());
        var answer = await TestServer.ReadToEndAsync(socket);
        await Assert.That(answer).Contains("hello /first");
        await Assert.That(answer).EndsWith("hello /second");
    }

    [Test]
    public async Task Reports_the_peer_address()
    {
        EndPoint? seen = null;
        await using var server = HttpServer.Start(new HttpServerOptions { IoUring = true }, context =>
        {
            seen = context.RemoteEndPoint;
            return ValueTask.CompletedTask;
        });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"u8.ToArray());
        await TestServer.ReadToEndAsync(socket);
        await Assert.That(seen?.ToString()).IsEqualTo(socket.LocalEndPoint!.ToString());
    }

    [Test]
    public async Task Sends_a_large_answer_written_from_another_thread()
    {
        // 8 MiB through the writer's blocks, flushed piece by piece off the ring's thread: each flush waits for the one
        // before, so the client's slow reading holds the handler back instead of the server buffering it all.
        var piece = new byte[64 * 1024];
        Random.Shared.NextBytes(piece);
        await using var server = HttpServer.Start(new HttpServerOptions { IoUring = true }, async context =>
        {
            await Task.Yield();
            for (var i = 0; i < 128; i++) await context.Response.WriteAsync(piece);
        });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        // HTTP/1.0: the body is what comes until the close, no chunk framing to take apart.
        await socket.SendAsync("GET / HTTP/1.0\r\n\r\n"u8.ToArray());
        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        while ((n = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, n);
            if (received.Length % (1024 * 1024) < n) await Task.Delay(20); // a reader slower than the server
        }
        var bytes = received.ToArray();
        var bodyStart = bytes.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        await Assert.That(bytes.Length - bodyStart).IsEqualTo(128 * piece.Length);
        await Assert.That(bytes.AsSpan(bodyStart, piece.Length).SequenceEqual(piece)).IsTrue();
        await Assert.That(bytes.AsSpan(bytes.Length - piece.Length).SequenceEqual(piece)).IsTrue();
    }

    [Test]
    [NotInParallel] // the pooled async-method boxes are cached per core too (see HttpConnectionAllocationTests)
    public async Task Serves_warm_keep_alive_requests_without_allocating_on_the_rings_thread()
    {
        // The handler runs on the ring's thread and reads that thread's allocation count at each request: between the
        // 200th and the 1,200th, the receive, parse, answer and send of 1,000 requests allocated nothing there.
        const int Warm = 200, Measured = 1000;
        var counts = new long[Warm + Measured];
        var served = 0;
        await using var server = HttpServer.Start(new HttpServerOptions { IoUring = true }, context =>
        {
            counts[served++] = GC.GetAllocatedBytesForCurrentThread();
            context.Response.Write("Hello, World!"u8);
            return ValueTask.CompletedTask;
        });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        var request = "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();
        var buffer = new byte[4096];
        for (var i = 0; i < counts.Length; i++)
        {
            await socket.SendAsync(request);
            // One answer per request, ending with the body (it arrives whole here, or in pieces: read until it has).
            var received = 0;
            while (received < 13 || !buffer.AsSpan(received - 13, 13).SequenceEqual("Hello, World!"u8))
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(received));
                if (n == 0) throw new InvalidOperationException($"closed after {i} answers");
                received += n;
            }
        }
        // Under a loaded machine a one-off object can show in the window (CI saw 40 B over the 1,000: a cancellation
        // registration's node or a pooled box another thread took); anything allocated per request is at least 24 B each.
        var perRequest = (counts[^1] - counts[Warm - 1]) / (double)Measured;
        await Assert.That(perRequest).IsLessThan(1.0);
    }
}
