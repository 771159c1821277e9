using System.Diagnostics;
using System.Text;
using AotSuite.Http.Client.Tests.Peers;

namespace AotSuite.Http.Client.Tests;

/// <summary>What the caller gets when the server misbehaves, goes quiet, or the caller gives up.</summary>
public class FailureTests
{
    private static FetchClientOptions NoRetry => new() { Retry = new FetchRetryOptions { Limit = 0 } };

    [Test]
    [Arguments("HTTP/1.1 OK\r\n\r\n", "InvalidStatusLine")]
    [Arguments("SSH-2.0-OpenSSH_9.2\r\n", "InvalidStatusLine")]
    [Arguments("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", "ConflictingContentLength")]
    [Arguments("HTTP/1.1 200 OK\r\nBad Header: x\r\n\r\n", "InvalidHeaderName")]
    [Arguments("HTTP/1.1 200 OK\nContent-Length: 0\n\n", "BareLineFeed")]
    [Arguments("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", "InvalidChunk")]
    public async Task Names_what_is_wrong_with_a_malformed_response(string response, string reason)
    {
        await using var server = new RawServer(response);
        await using var client = new FetchClient(NoRetry);
        var error = await Assert.ThrowsAsync<FetchException>(async () => await client.GetStringAsync(server.Url("/bad")));
        await Assert.That(error!.Message).Contains($"GET http://127.0.0.1:{server.Port}/bad: malformed response ({reason}");
    }

    [Test]
    public async Task Says_when_the_body_ends_before_its_content_length()
    {
        await using var server = new RawServer("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        await using var client = new FetchClient(NoRetry);
        var error = await Assert.ThrowsAsync<FetchException>(async () => await client.GetStringAsync(server.Url()));
        await Assert.That(error!.Message).Contains("91 bytes before the end of the body");
    }

    [Test]
    public async Task Reads_a_body_without_length_until_the_server_closes()
    {
        await using var server = new RawServer("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
        await using var client = new FetchClient(NoRetry);
        await Assert.That(await client.GetStringAsync(server.Url())).IsEqualTo("until the end");
    }

    [Test]
    public async Task Skips_interim_responses()
    {
        await using var server = new RawServer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal");
        await using var client = new FetchClient(NoRetry);
        using var response = await client.GetAsync(server.Url());
        await Assert.That(response.StatusCode).IsEqualTo(200);
        await Assert.That(response.GetHeader("Link")).IsNull();
        await Assert.That(await response.ReadAsStringAsync()).IsEqualTo("final");
    }

    [Test]
    public async Task Reports_a_refused_connection_with_the_address()
    {
        int port;
        await using (var closed = new RawServer("x")) port = closed.Port;
        await using var client = new FetchClient(NoRetry);
        var error = await Assert.ThrowsAsync<FetchException>(async () => await client.GetStringAsync($"http://127.0.0.1:{port}/"));
        await Assert.That(error!.Message).Contains($"ConnectionRefused) while connecting to http://127.0.0.1:{port}");
    }

    [Test]
    public async Task Retries_a_connection_the_server_closed_without_answering()
    {
        // The first connection is closed at once; the retry gets an answer.
        await using var server = new RawServer(n => n == 0 ? [] : Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        await using var client = new FetchClient(new FetchClientOptions { Retry = new FetchRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(10) } });
        await Assert.That(await client.GetStringAsync(server.Url())).IsEqualTo("ok");
        await Assert.That(server.Connections).IsEqualTo(2);
    }

    [Test]
    public async Task Times_out_waiting_for_a_head_that_never_comes()
    {
        await using var server = new RawServer(_ => null);
        await using var client = new FetchClient(NoRetry with { HeadersTimeout = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<FetchTimeoutException>(async () => await client.GetStringAsync(server.Url("/quiet")));
        await Assert.That(error!.Phase).IsEqualTo(FetchTimeoutPhase.Headers);
        await Assert.That(error.Message).Contains("waiting for the response head took longer than HeadersTimeout (0.3 s)");
        await Assert.That(clock.Elapsed).IsLessThan(TimeSpan.FromSeconds(5));
    }

    [Test]
    public async Task Times_out_the_whole_request_including_the_body()
    {
        // The head comes at once, then the body stalls.
        await using var server = new RawServer(_ => Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"), closeAfter: false);
        await using var client = new FetchClient(NoRetry with { RequestTimeout = TimeSpan.FromMilliseconds(400) });
        var error = await Assert.ThrowsAsync<FetchTimeoutException>(async () => await client.GetStringAsync(server.Url()));
        await Assert.That(error!.Phase).IsEqualTo(FetchTimeoutPhase.Request);
        await Assert.That(error.Message).Contains("RequestTimeout (0.4 s)");
    }

    [Test]
    public async Task Times_out_a_tls_handshake_that_never_completes_as_a_connect_timeout()
    {
        await using var server = new RawServer(_ => null);
        await using var client = new FetchClient(NoRetry with { ConnectTimeout = TimeSpan.FromMilliseconds(300) });
        var error = await Assert.ThrowsAsync<FetchTimeoutException>(async () => await client.GetStringAsync($"https://127.0.0.1:{server.Port}/"));
        await Assert.That(error!.Phase).IsEqualTo(FetchTimeoutPhase.Connect);
    }

    [Test]
    public async Task Hands_the_callers_cancellation_back_as_such_and_closes_the_connection()
    {
        await using var server = new RawServer(_ => null);
        await using var client = new FetchClient(NoRetry);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var error = await Assert.ThrowsAsync<OperationCanceledException>(async () => await client.GetStringAsync(server.Url(), cancel.Token));
        await Assert.That(error!.CancellationToken).IsEqualTo(cancel.Token);
        await Assert.That(client.FindPool(server.Url())!.OpenConnections).IsEqualTo(0);
    }

    [Test]
    public async Task Cancels_a_body_read_in_progress()
    {
        await using var server = new RawServer(_ => Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf"), closeAfter: false);
        await using var client = new FetchClient(NoRetry);
        using var response = await client.GetAsync(server.Url());
        using var cancel = new CancellationTokenSource();
        var buffer = new byte[100];
        await Assert.That(await response.Body.ReadAsync(buffer, cancel.Token)).IsEqualTo(4);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAsync<OperationCanceledException>(async () => await response.Body.ReadAtLeastAsync(buffer, 1, cancellationToken: cancel.Token));
    }
}
