namespace AotSuite.Logging;

/// <summary>
/// pino's request serializer (pino-std-serializers <c>req</c>): <c>{"method","url","headers":{…},"remoteAddress","remotePort"}</c>.
/// A web framework fills it from its own request type, so neither library depends on the other's internals. Header names
/// are written as given; redact them with paths such as <c>req.headers.authorization</c>.
/// </summary>
public readonly record struct HttpRequestLog(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? RemoteAddress = null,
    int RemotePort = 0,
    string? Id = null) : ILogObject
{
    public void WriteFields(LogEntry entry)
    {
        if (Id is not null) entry.FieldString("id"u8, Id);
        entry.FieldString("method"u8, Method);
        entry.FieldString("url"u8, Url);
        HttpHeadersLog.Write(entry, Headers);
        if (RemoteAddress is not null) entry.FieldString("remoteAddress"u8, RemoteAddress);
        if (RemotePort != 0) entry.FieldNumber("remotePort"u8, RemotePort);
    }
}

/// <summary>pino's response serializer (<c>res</c>): <c>{"statusCode","headers":{…}}</c>.</summary>
public readonly record struct HttpResponseLog(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers) : ILogObject
{
    public void WriteFields(LogEntry entry)
    {
        entry.FieldNumber("statusCode"u8, StatusCode);
        HttpHeadersLog.Write(entry, Headers);
    }
}

internal static class HttpHeadersLog
{
    public static void Write(LogEntry entry, IReadOnlyList<KeyValuePair<string, string>>? headers)
    {
        if (headers is null || !entry.BeginObject("headers"u8)) return;
        Span<byte> key = stackalloc byte[256];
        // By index: foreach over the interface would box its enumerator.
        for (var i = 0; i < headers.Count; i++)
        {
            var (name, value) = headers[i];
            // Header names are tokens (RFC 9110 §5.1): ASCII with no quote or backslash, so no escaping is needed; lower
            // case, as Node gives them, so one redaction path matches every spelling.
            if (name.Length > key.Length || name.AsSpan().IndexOfAny('"', '\\') >= 0 ||
                System.Text.Ascii.ToLower(name, key, out var written) != System.Buffers.OperationStatus.Done)
            {
                continue;
            }
            entry.FieldString(key[..written], value);
        }
        entry.EndObject();
    }
}
