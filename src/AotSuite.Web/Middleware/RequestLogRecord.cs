using AotSuite.Http.Connection;

namespace AotSuite.Web;

/// <summary>One answered request, for an <see cref="IRequestLogWriter"/>: views over the request and response, valid only during the call.</summary>
public readonly ref struct RequestLogRecord
{
    internal RequestLogRecord(WebContext context, int statusCode, TimeSpan elapsed, Exception? error)
    {
        Context = context;
        StatusCode = statusCode;
        Elapsed = elapsed;
        Error = error;
    }

    public WebContext Context { get; }

    /// <summary>The status sent; for a request that failed, the one the app's error handling answers with (400 or 500).</summary>
    public int StatusCode { get; }

    /// <summary>From the middleware's start to the end of the rest of the pipeline.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>What the rest of the pipeline threw, if it failed.</summary>
    public Exception? Error { get; }

    public ReadOnlySpan<byte> Method => Context.Request.MethodText;

    /// <summary>The request target as sent: path and query.</summary>
    public ReadOnlySpan<byte> Target => Context.Request.Target;

    /// <summary>The request id (<see cref="RequestId"/> middleware), when it ran before the logging.</summary>
    public string? RequestId => Context.RequestId();

    /// <summary>The response header fields added so far (the connection adds Date, Content-Length and Connection itself).</summary>
    public HeaderFields ResponseHeaders => new(Context.Response.HeaderBytes);

    /// <summary>Response header fields as written: <c>foreach (var field in record.ResponseHeaders)</c>.</summary>
    public ref struct HeaderFields(ReadOnlySpan<byte> block)
    {
        private ReadOnlySpan<byte> rest = block;

        public HeaderField Current { get; private set; }

        public readonly HeaderFields GetEnumerator() => this;

        public bool MoveNext()
        {
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf("\r\n"u8);
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? default : rest[(end + 2)..];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0) continue;
                Current = new HeaderField(line[..colon], line[(colon + 1)..].Trim((byte)' '));
                return true;
            }
            return false;
        }
    }

    public readonly ref struct HeaderField(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        public ReadOnlySpan<byte> Name { get; } = name;

        public ReadOnlySpan<byte> Value { get; } = value;
    }
}
