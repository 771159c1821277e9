using System.Net.Security;
using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client;

/// <summary>Settings of a <see cref="FetchClient"/>; every request it sends uses them. <c>Timeout.InfiniteTimeSpan</c> turns a timeout off.</summary>
public sealed record FetchClientOptions
{
    /// <summary>Connections open at once to one origin (scheme, host, port); requests beyond it wait in line for one.</summary>
    public int MaxConnectionsPerOrigin { get; init; } = 256;

    /// <summary>Time to open the TCP connection (and finish the TLS handshake for https).</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Time from the request's last byte written to the response head's blank line.</summary>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Time for the whole request: every retry, redirect and wait between them, and reading the body (whether
    /// buffered by a helper or streamed from <see cref="FetchResponse.Body"/>).
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// How long a kept-alive connection may sit unused before it is closed rather than reused (undici's default; Node's
    /// server closes after 5 s). A server's <c>Keep-Alive: timeout=N</c> shortens it.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Redirects followed for one request; 0 hands every 3xx back as it is.</summary>
    public int MaxRedirects { get; init; } = 10;

    public FetchRetryOptions Retry { get; init; } = new();

    /// <summary>
    /// A request body at least this large (or of unknown length) is announced with <c>Expect: 100-continue</c>: the head
    /// goes first, and the body only after the server's 100, so a server that refuses it (401, 413…) answers before a
    /// byte of it is sent. 1 MiB, as curl; null never asks.
    /// </summary>
    public long? ExpectContinueThreshold { get; init; } = 1024 * 1024;

    /// <summary>How long to wait for <c>100 Continue</c> before sending the body anyway (curl and HttpClient: 1 s).</summary>
    public TimeSpan ExpectContinueTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Sends <c>Accept-Encoding: gzip, deflate, br</c> (unless the request sets its own) and decodes the body.</summary>
    public bool AutomaticDecompression { get; init; } = true;

    /// <summary>Response limits: status line and header bytes, header count, and body bytes (streamed or buffered).</summary>
    public HttpLimits Limits { get; init; } = HttpLimits.Default;

    /// <summary>Decides whether an https server's certificate is trusted; null means the system's rules.</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; init; }

    /// <summary>Runs before each request goes out (the first, each retry and each redirect); may change its headers.</summary>
    public Func<FetchRequest, CancellationToken, ValueTask>? BeforeRequest { get; init; }

    /// <summary>Runs on each response head as it arrives, before retries and redirects are decided.</summary>
    public Func<FetchResponse, CancellationToken, ValueTask>? AfterResponse { get; init; }
}

/// <summary>
/// Retries of idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) after a network error or a retryable
/// status, with exponential backoff and jitter; <c>Retry-After</c> replaces the backoff when the server sends it.
/// </summary>
public sealed record FetchRetryOptions
{
    /// <summary>Retries after the first attempt; 0 turns retrying off.</summary>
    public int Limit { get; init; } = 2;

    /// <summary>The first wait; each later one doubles, up to <see cref="MaxDelay"/>, plus up to the same again at random.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A <c>Retry-After</c> longer than this is not waited for: the response is returned as it is.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Statuses that are retried (got's list).</summary>
    public IReadOnlyList<int> StatusCodes { get; init; } = [408, 413, 429, 500, 502, 503, 504, 521, 522, 524];
}
