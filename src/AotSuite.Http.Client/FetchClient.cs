using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json.Serialization.Metadata;
using AotSuite.Http.Client.Policies;
using AotSuite.Http.Client.Pooling;
using AotSuite.Http.Client.Transport;
using AotSuite.Http.Parsing;
using AotSuite.Json;

namespace AotSuite.Http.Client;

/// <summary>
/// An HTTP/1.1 client (got/undici for AotSuite): one keep-alive connection pool per origin, timeouts, redirects,
/// retries with backoff, decompression, streaming bodies, JSON, https. Create one and share it; it is thread-safe.
/// </summary>
public sealed class FetchClient : IAsyncDisposable, IDisposable
{
    private readonly FetchClientOptions options;
    private readonly Dictionary<(bool Https, string Host, int Port), OriginPool> pools = [];
    private readonly Timer sweeper;
    private PoolCache? last;
    private bool disposed;

    public FetchClient(FetchClientOptions? options = null)
    {
        this.options = options ?? new FetchClientOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxConnectionsPerOrigin, 1, "options.MaxConnectionsPerOrigin");
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.MaxRedirects, "options.MaxRedirects");
        ArgumentOutOfRangeException.ThrowIfNegative(this.options.Retry.Limit, "options.Retry.Limit");
        // One timer for the whole client closes connections idle past their keep-alive, instead of one per connection.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(this.options.IdleTimeout.TotalMilliseconds / 2, 100, 5000));
        sweeper = new Timer(static s => ((FetchClient)s!).CloseExpired(), this, period, period);
    }

    public FetchClientOptions Options => options;

    public ValueTask<FetchResponse> GetAsync(string url, CancellationToken cancellation = default) =>
        SendAsync(new FetchRequest(HttpMethod.Get, url), cancellation);

    public ValueTask<FetchResponse> GetAsync(Uri url, CancellationToken cancellation = default) =>
        SendAsync(new FetchRequest(HttpMethod.Get, url), cancellation);

    /// <summary>GETs <paramref name="url"/> and returns the body as UTF-8 text; a status other than 2xx is a <see cref="FetchException"/>.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<string> GetStringAsync(Uri url, CancellationToken cancellation = default)
    {
        using var response = await SendAsync(new FetchRequest(HttpMethod.Get, url), cancellation);
        return await response.EnsureSuccessStatusCode().ReadAsStringAsync(cancellation);
    }

    public ValueTask<string> GetStringAsync(string url, CancellationToken cancellation = default) =>
        GetStringAsync(new Uri(url, UriKind.Absolute), cancellation);

    public async ValueTask<byte[]> GetBytesAsync(Uri url, CancellationToken cancellation = default)
    {
        using var response = await SendAsync(new FetchRequest(HttpMethod.Get, url), cancellation);
        return await response.EnsureSuccessStatusCode().ReadAsBytesAsync(cancellation);
    }

    /// <summary>GETs JSON and reads it through System.Text.Json's source-generated <paramref name="typeInfo"/>.</summary>
    public async ValueTask<T> GetJsonAsync<T>(Uri url, JsonTypeInfo<T> typeInfo, CancellationToken cancellation = default)
    {
        var request = new FetchRequest(HttpMethod.Get, url).SetHeader("Accept", "application/json");
        using var response = await SendAsync(request, cancellation);
        return await response.EnsureSuccessStatusCode().ReadJsonAsync(typeInfo, cancellation);
    }

    /// <summary>GETs JSON and reads it through the <c>[JsonModel]</c> generated reader of <typeparamref name="T"/>.</summary>
    public async ValueTask<T> GetJsonModelAsync<T>(Uri url, CancellationToken cancellation = default) where T : IJsonModel<T>
    {
        var request = new FetchRequest(HttpMethod.Get, url).SetHeader("Accept", "application/json");
        using var response = await SendAsync(request, cancellation);
        return await response.EnsureSuccessStatusCode().ReadJsonModelAsync<T>(cancellation);
    }

    /// <summary>
    /// Sends <paramref name="request"/> and returns once the response head has arrived (after redirects and retries);
    /// the body is then read from the response. Dispose the response when done with it.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<FetchResponse> SendAsync(FetchRequest request, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ObjectDisposedException.ThrowIf(disposed, this);
        var scope = new RequestScope(options.RequestTimeout, cancellation);
        try
        {
            var response = await SendInScopeAsync(request, scope);
            // Nothing left to read: the timer can stop now rather than when (or if) the caller disposes the response.
            if (!response.HasPendingBody) scope.Dispose();
            return response;
        }
        catch
        {
            scope.Dispose();
            throw;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FetchResponse> SendInScopeAsync(FetchRequest request, RequestScope scope)
    {
        var redirects = 0;
        var retries = 0;
        while (true)
        {
            if (options.BeforeRequest is { } before) await before(request, scope.Token);
            FetchResponse response;
            try
            {
                response = await ExchangeAsync(request, scope);
            }
            catch (FetchException e) when (e.Retryable && RetryPolicy.MayRetry(request, options.Retry, retries))
            {
                await WaitAsync(RetryPolicy.Backoff(options.Retry, retries++), request, scope);
                continue;
            }
            response.RedirectCount = redirects;
            response.RetryCount = retries;
            if (options.AfterResponse is { } after) await after(response, scope.Token);

            if (RetryPolicy.IsRetryableStatus(options.Retry, response.StatusCode) && RetryPolicy.MayRetry(request, options.Retry, retries) &&
                RetryPolicy.DelayAfter(response, options.Retry, retries, DateTimeOffset.UtcNow) is { } delay)
            {
                response.DisposeIntermediate();
                await WaitAsync(delay, request, scope);
                retries++;
                continue;
            }
            if (options.MaxRedirects > 0 && RedirectPolicy.IsRedirect(response.StatusCode) && response.GetHeader("Location") is { } location &&
                RedirectPolicy.Next(request, response.StatusCode, location) is { } next)
            {
                if (redirects == options.MaxRedirects)
                {
                    response.DisposeIntermediate();
                    throw new FetchException(
                        $"{request}: more than {options.MaxRedirects} redirects (the last to {location}); raise FetchClientOptions.MaxRedirects, " +
                        "or set it to 0 to handle 3xx responses yourself");
                }
                response.DisposeIntermediate();
                redirects++;
                retries = 0;
                request = next;
                continue;
            }
            return response;
        }
    }

    private static async ValueTask WaitAsync(TimeSpan delay, FetchRequest request, RequestScope scope)
    {
        try
        {
            await Task.Delay(delay, scope.Token);
        }
        catch (OperationCanceledException e)
        {
            throw scope.Explain(e, request.ToString()) ?? e;
        }
    }

    /// <summary>One request on one connection: rent, write, read the head. Failures come out as <see cref="FetchException"/>s.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<FetchResponse> ExchangeAsync(FetchRequest request, RequestScope scope)
    {
        var pool = PoolFor(request.Url);
        var headRequest = request.Method == HttpMethod.Head;
        for (var stale = 0; ; stale++)
        {
            scope.Enter(FetchTimeoutPhase.Request, Timeout.InfiniteTimeSpan);
            ClientConnection connection;
            try
            {
                connection = await pool.RentAsync(scope);
            }
            catch (Exception e)
            {
                throw Translate(e, request, scope, $"connecting to {pool.Origin}");
            }
            var response = new FetchResponse(request, options);
            try
            {
                scope.Enter(FetchTimeoutPhase.Request, Timeout.InfiniteTimeSpan);
                request.Body?.Rewind();
                var expectContinue = request.Body is { } requestBody && options.ExpectContinueThreshold is { } threshold &&
                    (requestBody.Length ?? long.MaxValue) >= threshold;
                try
                {
                    await connection.WriteRequestAsync(request, options.AutomaticDecompression, expectContinue, scope.Token);
                }
                catch (IOException) when (connection.WasReused && stale == 0 && request.IsReplayable)
                {
                    // The server closed this kept-alive connection while it sat idle: send again on a fresh one.
                    pool.Return(connection, reusable: false);
                    response.Dispose();
                    continue;
                }
                scope.Enter(FetchTimeoutPhase.Headers, options.HeadersTimeout);
                HeadOutcome outcome;
                try
                {
                    outcome = await connection.ReadHeadAsync(response, headRequest, scope.Token, expectContinue ? options.ExpectContinueTimeout : null);
                    if (outcome is HeadOutcome.Continue or HeadOutcome.NoAnswerYet)
                    {
                        scope.Enter(FetchTimeoutPhase.Request, Timeout.InfiniteTimeSpan);
                        await connection.WriteBodyAsync(request, scope.Token);
                        scope.Enter(FetchTimeoutPhase.Headers, options.HeadersTimeout);
                        outcome = await connection.ReadHeadAsync(response, headRequest, scope.Token);
                    }
                }
                catch (IOException) when (connection.WasReused && !connection.HeadStarted && stale == 0 && request.IsReplayable)
                {
                    // Reset instead of closed, same story: the idle connection was gone before our request reached it.
                    outcome = HeadOutcome.Closed;
                }
                if (outcome != HeadOutcome.Final)
                {
                    pool.Return(connection, reusable: false);
                    response.Dispose();
                    if (connection.WasReused && stale == 0 && request.IsReplayable) continue;
                    throw new FetchException($"{request}: the server closed the connection without answering") { Retryable = true };
                }
                scope.Enter(FetchTimeoutPhase.Request, Timeout.InfiniteTimeSpan);
                response.Attach(connection, scope);
                return response;
            }
            catch (Exception e) when (e is not FetchException)
            {
                pool.Return(connection, reusable: false);
                response.Dispose();
                throw Translate(e, request, scope, "waiting for the response");
            }
        }
    }

    /// <summary>Every failure the caller can see, as a <see cref="FetchException"/> that says where and what (or their own cancellation).</summary>
    internal static Exception Translate(Exception e, FetchRequest request, RequestScope? scope, string during) => e switch
    {
        FetchException => e,
        OperationCanceledException cancelled when scope?.Explain(cancelled, request.ToString()) is { } explained =>
            explained is FetchTimeoutException timeout ? new FetchTimeoutException(timeout.Message, timeout.Phase) { Retryable = timeout.Phase != FetchTimeoutPhase.Request } : explained,
        HttpRejectException reject => new FetchException($"{request}: malformed response ({reject.Reason}: {reject.Message}) while {during}", reject),
        SocketException socket => new FetchException($"{request}: {socket.Message} ({socket.SocketErrorCode}) while {during}", socket) { Retryable = true },
        AuthenticationException tls => new FetchException($"{request}: TLS handshake failed while {during}: {tls.Message}", tls),
        IOException io => new FetchException($"{request}: {io.Message} while {during}", io) { Retryable = true },
        ObjectDisposedException disposed => new FetchException($"{request}: the connection was closed while {during}", disposed),
        _ => e,
    };

    private OriginPool PoolFor(Uri url)
    {
        // The common case is one URL object sent again and again (a benchmark, a poller): skip the host string and lookup.
        var cached = last;
        if (cached is not null && ReferenceEquals(cached.Url, url)) return cached.Pool;
        var origin = Origin.Of(url);
        OriginPool? pool;
        lock (pools)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (!pools.TryGetValue((origin.Https, origin.Host, origin.Port), out pool))
            {
                pool = new OriginPool(origin, options);
                pools.Add((origin.Https, origin.Host, origin.Port), pool);
            }
        }
        last = new PoolCache(url, pool);
        return pool;
    }

    /// <summary>The pool serving <paramref name="url"/>'s origin, if one exists (for tests).</summary>
    internal OriginPool? FindPool(Uri url)
    {
        var origin = Origin.Of(url);
        lock (pools) return pools.GetValueOrDefault((origin.Https, origin.Host, origin.Port));
    }

    private void CloseExpired()
    {
        OriginPool[] all;
        lock (pools) all = [.. pools.Values];
        var now = Stopwatch.GetTimestamp();
        foreach (var pool in all) pool.CloseExpired(now);
    }

    public void Dispose()
    {
        OriginPool[] all;
        lock (pools)
        {
            if (disposed) return;
            disposed = true;
            all = [.. pools.Values];
            pools.Clear();
        }
        sweeper.Dispose();
        foreach (var pool in all) pool.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed record PoolCache(Uri Url, OriginPool Pool);
}
