using System.Buffers;
using System.ComponentModel;
using System.Text;
using AotSuite.Http.Parsing;

namespace AotSuite.Web;

/// <summary>
/// Gives every request an id: the client's (or a proxy's) <c>X-Request-Id</c> when it is well formed, else a fresh one
/// (32 hex digits from 16 random bytes). The id is echoed on the response, failed ones included, and handlers read it
/// with <c>ctx.RequestId()</c>. Per request it allocates nothing: the id lives in a per-connection buffer, and a string is
/// made only when a handler asks for one.
/// </summary>
public static class RequestId
{
    /// <summary>The longest incoming id taken as it is; a longer one is replaced (so is an empty one).</summary>
    public const int MaxLength = 128;

    // Visible ASCII that needs no quoting in logs or headers: what UUIDs, ULIDs, trace ids and base64 ids are made of.
    private static readonly SearchValues<byte> Allowed = SearchValues.Create(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_.:/+=@~"u8);

    /// <param name="headerName">The request field read and the response field written.</param>
    public static Middleware Create(string headerName = "X-Request-Id")
    {
        ArgumentException.ThrowIfNullOrEmpty(headerName);
        var name = Encoding.ASCII.GetBytes(headerName);
        if (!Ascii.IsValid(headerName) || name.AsSpan().ContainsAnyExcept(HttpCharacters.Token))
            throw new ArgumentException($"'{headerName}' is not a valid header field name (RFC 9110 token characters only)", nameof(headerName));
        return new Runner(name).InvokeAsync;
    }

    /// <summary>True for 1..<see cref="MaxLength"/> bytes of letters, digits and <c>-_.:/+=@~</c>.</summary>
    internal static bool IsWellFormed(ReadOnlySpan<byte> id) =>
        id.Length is > 0 and <= MaxLength && !id.ContainsAnyExcept(Allowed);

    /// <summary>The middleware itself; a chain the generator composes calls it directly rather than through its delegate.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Runner : IOutboundHeaders
    {
        private readonly byte[] name;

        internal Runner(byte[] name) => this.name = name;

        public ValueTask InvokeAsync(WebContext context, Next next)
        {
            var slot = context.RequestIdSlot ??= new RequestIdSlot();
            if (context.Request.TryGetHeader(name, out var incoming) && IsWellFormed(incoming)) slot.Set(incoming);
            else slot.Generate();
            return OutboundHeaders.AfterNext(this, context, next);
        }

        // The echo, added on the way out.
        void IOutboundHeaders.Add(WebContext context, bool failed) =>
            OutboundHeaders.Add(context, name, context.RequestIdSlot!.Bytes, failed);
    }
}

/// <summary>The current request's id, reused by its connection request after request.</summary>
internal sealed class RequestIdSlot
{
    private readonly byte[] buffer = new byte[RequestId.MaxLength];
    private int length;
    private string? text;

    public ReadOnlySpan<byte> Bytes => buffer.AsSpan(0, length);

    /// <summary>The id as a string, made on first ask and kept for the rest of the request.</summary>
    public string? Text => length == 0 ? null : text ??= Encoding.ASCII.GetString(Bytes);

    public void Set(ReadOnlySpan<byte> id)
    {
        id.CopyTo(buffer);
        length = id.Length;
        text = null;
    }

    public void Generate()
    {
        Span<byte> random = stackalloc byte[16];
        // Not a secret, only unique: the thread's xoshiro generator (seeded from the OS) costs nanoseconds, a syscall does not.
        Random.Shared.NextBytes(random);
        var hex = "0123456789abcdef"u8;
        for (var i = 0; i < random.Length; i++)
        {
            buffer[2 * i] = hex[random[i] >> 4];
            buffer[2 * i + 1] = hex[random[i] & 0xF];
        }
        length = 2 * random.Length;
        text = null;
    }

    public void Clear()
    {
        length = 0;
        text = null;
    }
}
