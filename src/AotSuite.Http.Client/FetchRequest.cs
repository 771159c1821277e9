using AotSuite.Http.Parsing;

namespace AotSuite.Http.Client;

/// <summary>What to send: method, absolute http(s) URL, header fields and an optional body.</summary>
public sealed class FetchRequest
{
    private List<KeyValuePair<string, string>>? headers;

    public FetchRequest(HttpMethod method, Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (method == HttpMethod.Custom) throw new ArgumentOutOfRangeException(nameof(method), method, "must be a named method (GET, POST, ...)");
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http:// or https:// URL", nameof(url));
        }
        Method = method;
        Url = url;
    }

    public FetchRequest(HttpMethod method, string url) : this(method, new Uri(url, UriKind.Absolute))
    {
    }

    public HttpMethod Method { get; set; }

    public Uri Url { get; set; }

    public RequestBody? Body { get; set; }

    /// <summary>The header fields set so far, in order (Host, Content-Length and Transfer-Encoding are the client's).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => (IReadOnlyList<KeyValuePair<string, string>>?)headers ?? [];

    /// <summary>The same fields without the interface: the head writer indexes it, no enumerator boxed per request.</summary>
    internal List<KeyValuePair<string, string>>? HeaderList => headers;

    /// <summary>Replaces every field named <paramref name="name"/> (ASCII case-insensitive) with this one.</summary>
    public FetchRequest SetHeader(string name, string value)
    {
        RemoveHeader(name);
        return AddHeader(name, value);
    }

    public FetchRequest AddHeader(string name, string value)
    {
        RequestHeaders.Validate(name, value);
        (headers ??= []).Add(new(name, value));
        return this;
    }

    public bool RemoveHeader(string name) => headers is not null && headers.RemoveAll(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;

    public string? GetHeader(string name)
    {
        if (headers is null) return null;
        foreach (var (key, value) in headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    internal bool IsIdempotent => Method is HttpMethod.Get or HttpMethod.Head or HttpMethod.Put or HttpMethod.Delete or HttpMethod.Options or HttpMethod.Trace;

    /// <summary>The request can be sent again (a retry, a 307/308 redirect): no body, or one that can be replayed.</summary>
    internal bool IsReplayable => Body is null || Body.IsReplayable;

    public override string ToString() => $"{RequestHeaders.MethodName(Method)} {Url}";
}
