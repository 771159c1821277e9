using System.Buffers;
using System.Text;
using System.Text.Json;
using AotSuite.Http.Connection;
using AotSuite.Json;
using AotSuite.Web.Binding;

namespace AotSuite.Web;

/// <summary>
/// One request as the framework sees it (Koa's <c>ctx</c>): the HTTP request and response, the matched route's values,
/// the app's services. One per connection, reused request after request, so nothing here is allocated per request.
/// </summary>
public sealed class WebContext : IResponseHeadListener
{
    // Relaxed escaping: bodies are application/json, never inlined into HTML, and "'" should read as "'" in a problem.
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly WebApp app;
    // Made at the first JSON body and kept: a connection that never answers with JSON (a WebSocket, once upgraded, holds
    // its context for its lifetime) does not carry 1 KiB for it.
    private ArrayBufferWriter<byte>? json;
    private Utf8JsonWriter? jsonWriter;
    private readonly (int Start, int Length)[] captures;
    private Next[] continuations = [];
    private Middleware[] pipeline = [];
    private Endpoint? endpoint;
    private Dictionary<string, object?>? items;
    private List<(byte[] Name, byte[] Value)>? keptOnError;
    // The middleware whose fields are still to be added on the way out, outermost first (see OutboundHeaders).
    // Made at the first push: routes without such middleware (an idle WebSocket's, say) never carry it.
    private IOutboundHeaders[] outbound = [];
    private int outboundCount;

    internal WebContext(WebApp app, HttpContext http, int maxParameters)
    {
        this.app = app;
        Http = http;
        captures = new (int, int)[Math.Max(1, maxParameters)];
        http.Response.HeadListener = this;
    }

    public HttpContext Http { get; }

    public HttpRequest Request => Http.Request;

    public HttpResponse Response => Http.Response;

    public ServiceRegistry Services => app.Services;

    /// <summary>The client's address and port (<see cref="HttpContext.RemoteEndPoint"/>); a proxy's when behind one.</summary>
    public System.Net.EndPoint? RemoteEndPoint => Http.RemoteEndPoint;

    /// <summary>True when the app runs in development mode: error responses then carry the exception.</summary>
    public bool IsDevelopment => app.Options.Development;

    /// <summary>The matched route's template, e.g. <c>/users/{id:int}</c>; null on a 404 or 405.</summary>
    public string? RoutePattern => endpoint?.Pattern is { Length: > 0 } pattern ? pattern : null;

    /// <summary>Per-request values middleware hands to later middleware or handlers.</summary>
    public IDictionary<string, object?> Items => items ??= [];

    /// <summary>The value of route parameter <paramref name="name"/>, percent-decoded; null when the route has none.</summary>
    public string? RouteValue(string name)
    {
        var index = endpoint is null ? -1 : Array.FindIndex(endpoint.TemplateParameters, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : PercentDecoding.ToString(CapturedValue(index));
    }

    /// <summary>The first query parameter <paramref name="name"/>, decoded; null when absent.</summary>
    public string? Query(string name) =>
        QueryString.TryGet(Request.Query, Encoding.UTF8.GetBytes(name), out var raw) ? PercentDecoding.ToString(raw, plusIsSpace: true) : null;

    /// <summary>The first header field <paramref name="name"/> as a string; null when absent.</summary>
    public string? Header(string name) =>
        Request.TryGetHeader(Encoding.ASCII.GetBytes(name), out var value) ? Encoding.UTF8.GetString(value) : null;

    public int Status
    {
        get => Response.StatusCode;
        set => Response.StatusCode = value;
    }

    /// <summary>Writes <paramref name="value"/> as the JSON body (<c>application/json</c>) with <paramref name="status"/>.</summary>
    public void WriteJson<T>(T value, int status = 200) where T : IJsonModel<T> => WriteJson<T, JsonModelCodec<T>>(value, status);

    /// <summary>Writes <paramref name="values"/> as a JSON array body.</summary>
    public void WriteJsonArray<T>(IReadOnlyList<T> values, int status = 200) where T : IJsonModel<T> =>
        WriteJsonArray<T, JsonModelCodec<T>>(values, status);

    /// <summary>Writes <paramref name="value"/> with <typeparamref name="TCodec"/> (generated endpoints use the codecs the generator writes).</summary>
    public void WriteJson<T, TCodec>(T value, int status = 200) where TCodec : IJsonCodec<T>
    {
        var writer = StartJson(status);
        TCodec.WriteJson(writer, value);
        EndJson(writer);
    }

    /// <summary>Writes <paramref name="values"/> as a JSON array with <typeparamref name="TCodec"/>.</summary>
    public void WriteJsonArray<T, TCodec>(IReadOnlyList<T> values, int status = 200) where TCodec : IJsonCodec<T>
    {
        var writer = StartJson(status);
        writer.WriteStartArray();
        for (var i = 0; i < values.Count; i++) TCodec.WriteJson(writer, values[i]);
        writer.WriteEndArray();
        EndJson(writer);
    }

    /// <summary>Writes any JSON the caller produces through <paramref name="write"/>.</summary>
    public void WriteJson(int status, Action<Utf8JsonWriter> write, string contentType = "application/json")
    {
        ArgumentNullException.ThrowIfNull(write);
        var writer = StartJson(status);
        write(writer);
        EndJson(writer, contentType);
    }

    /// <summary>Writes <paramref name="text"/> as a UTF-8 body.</summary>
    public void WriteText(string text, int status = 200, string contentType = "text/plain; charset=utf-8")
    {
        Response.StatusCode = status;
        Response.AddHeader("Content-Type"u8, Encoding.ASCII.GetBytes(contentType));
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= 1024 ? stackalloc byte[1024] : new byte[Encoding.UTF8.GetMaxByteCount(text.Length)];
        Response.Write(bytes[..Encoding.UTF8.GetBytes(text, bytes)]);
    }

    /// <summary>Reads the body as JSON; malformed JSON or a value of the wrong shape is a 400 that names the field.</summary>
    public T ReadJson<T>() where T : IJsonModel<T> => ReadJson<T, JsonModelCodec<T>>();

    /// <summary>Reads the body with <typeparamref name="TCodec"/>; errors as <see cref="ReadJson{T}()"/>.</summary>
    public T ReadJson<T, TCodec>() where TCodec : IJsonCodec<T>
    {
        if (Request.Body.IsEmpty) throw new BadRequestException("the request has no body; a JSON object is expected");
        try
        {
            return JsonModel.Deserialize<T, TCodec>(Request.Body);
        }
        catch (JsonModelException e)
        {
            throw new BadRequestException(e.Reason, e.Path);
        }
    }

    /// <summary>An RFC 9457 problem+json body.</summary>
    public void WriteProblem(int status, string? detail = null, string? field = null, Exception? exception = null) =>
        WriteJson(status, writer => Problem.Write(writer, status, detail, field, IsDevelopment ? exception : null), "application/problem+json");

    private Utf8JsonWriter StartJson(int status)
    {
        Response.StatusCode = status;
        if (json is null)
        {
            json = new ArrayBufferWriter<byte>(1024);
            return jsonWriter = new Utf8JsonWriter(json, WriterOptions);
        }
        json.ResetWrittenCount();
        jsonWriter!.Reset(json);
        return jsonWriter;
    }

    private void EndJson(Utf8JsonWriter writer, string contentType = "application/json")
    {
        writer.Flush();
        Response.AddHeader("Content-Type"u8, contentType == "application/json" ? "application/json"u8 : Encoding.ASCII.GetBytes(contentType));
        Response.Write(json!.WrittenSpan);
    }

    internal Span<(int Start, int Length)> Captures => captures;

    /// <summary>The request id middleware's per-connection slot (<see cref="RequestId"/>); null until it first runs here.</summary>
    internal RequestIdSlot? RequestIdSlot { get; set; }

    /// <summary>
    /// A header the built-in error handler re-adds after it clears the response, so a failed request still carries its
    /// request id and CORS headers (as @koa/cors's keepHeadersOnError). Only called on the exception path.
    /// </summary>
    internal void KeepHeaderOnError(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
        (keptOnError ??= []).Add((name.ToArray(), value.ToArray()));

    internal void RestoreKeptHeaders()
    {
        if (keptOnError is null) return;
        foreach (var (name, value) in keptOnError) Response.AddHeader(name, value);
    }

    internal void PushOutbound(IOutboundHeaders headers)
    {
        if (outboundCount == outbound.Length) Array.Resize(ref outbound, Math.Max(4, outbound.Length * 2));
        outbound[outboundCount++] = headers;
    }

    internal void PopOutbound() => outboundCount--;

    /// <summary>A streamed head is about to go out: the fields pending on the way out join it, innermost first, as they would have.</summary>
    void IResponseHeadListener.OnHead(HttpResponse response)
    {
        for (var i = outboundCount - 1; i >= 0; i--) outbound[i].Add(this, failed: false);
    }

    internal ReadOnlySpan<byte> CapturedValue(int index)
    {
        var (start, length) = captures[index];
        return start < 0 ? default : Request.Path.Slice(start, length);
    }

    /// <summary>Runs <paramref name="pipeline"/> and then <paramref name="terminal"/>'s handler.</summary>
    internal ValueTask RunAsync(Middleware[] pipeline, Endpoint terminal)
    {
        this.pipeline = pipeline;
        endpoint = terminal;
        items?.Clear();
        keptOnError?.Clear();
        RequestIdSlot?.Clear();
        outboundCount = 0;
        if (pipeline.Length == 0) return terminal.InvokeAsync(this);
        if (continuations.Length < pipeline.Length + 1) BuildContinuations(pipeline.Length + 1);
        return terminal.Composed ? terminal.StepAsync(this, 0) : pipeline[0](this, continuations[1]);
    }

    /// <summary>The <c>next</c> a compiled chain hands the middleware at <paramref name="position"/> - 1 (made once per connection).</summary>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public Next Next(int position) => continuations[position];

    internal void Matched(Endpoint? matched) => endpoint = matched;

    // One continuation per pipeline position, made once per connection: `next` costs no allocation per request.
    private void BuildContinuations(int count)
    {
        continuations = new Next[count];
        for (var i = 0; i < count; i++)
        {
            var position = i;
            continuations[i] = () => Continue(position);
        }
    }

    private ValueTask Continue(int position) =>
        endpoint!.Composed ? endpoint.StepAsync(this, position)
        : position < pipeline.Length ? pipeline[position](this, continuations[position + 1]) : endpoint.InvokeAsync(this);
}
