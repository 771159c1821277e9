using System.ComponentModel;
using System.IO.Compression;
using AotSuite.Http.Compression;
using AotSuite.Http.Connection;

namespace AotSuite.Web;

/// <summary>
/// gzip/brotli for the framework's answers, as @fastify/compress and ASP.NET Core's response compression do it: the
/// coding is negotiated from <c>Accept-Encoding</c> (weights, <c>*</c>, <c>identity</c>), only compressible types
/// (text, JSON, XML, JavaScript, SVG) of at least <see cref="CompressionOptions.MinimumBytes"/> are coded, a response
/// that already has a <c>Content-Encoding</c> (a precompressed file), a range (206) or <c>Cache-Control: no-transform</c>
/// is left alone, and every compressible answer says <c>Vary: Accept-Encoding</c>. Buffered bodies are coded whole once
/// the pipeline has answered; streamed ones as they are written (chunked, each flush reaching the client). The coding
/// itself is AotSuite.Http's, shared with static files.
/// </summary>
public static class Compression
{
    public static Middleware Create(CompressionOptions? options = null)
    {
        options ??= new CompressionOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(options.MinimumBytes, nameof(options.MinimumBytes));
        if (!Enum.IsDefined(options.Level)) throw new ArgumentOutOfRangeException(nameof(options), options.Level, "CompressionOptions.Level is not a CompressionLevel");
        return new Runner(options).InvokeAsync;
    }

    /// <summary>The middleware itself; a chain the generator composes calls it directly rather than through its delegate.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public sealed class Runner
    {
        private readonly CompressionOptions options;
        private readonly Policy policy;

        internal Runner(CompressionOptions options)
        {
            this.options = options;
            policy = new Policy(options);
        }

        public ValueTask InvokeAsync(WebContext context, Next next)
        {
            var response = context.Response;
            var accepted = context.Request.TryGetHeader("Accept-Encoding"u8, out var acceptEncoding)
                ? AcceptEncoding.Choose(acceptEncoding, options.Brotli, options.Gzip)
                : ContentCoding.Identity;
            // Offered even when the client takes no coding: a compressible answer still needs its Vary.
            response.OfferEncoding(policy, accepted);
            var pending = next();
            if (!pending.IsCompletedSuccessfully) return EncodeAfterAsync(pending, response);
            pending.GetAwaiter().GetResult(); // releases a pooled IValueTaskSource, if the ValueTask has one
            response.EncodeBuffered();
            return default;
        }
    }

    private static async ValueTask EncodeAfterAsync(ValueTask pending, HttpResponse response)
    {
        await pending;
        response.EncodeBuffered();
    }

    private sealed class Policy(CompressionOptions options) : IContentEncodingPolicy
    {
        public CompressionLevel Level => options.Level;

        public ContentCoding Choose(HttpResponse response, ContentCoding accepted, long length)
        {
            // Coded already (a precompressed file; whoever coded it said Vary), or a range of the identity bytes.
            if (response.TryGetHeader("Content-Encoding"u8, out _) || response.StatusCode == 206 || response.TryGetHeader("Content-Range"u8, out _))
                return ContentCoding.Identity;
            if (!response.TryGetHeader("Content-Type"u8, out var type) || !CompressibleTypes.IsCompressible(type)) return ContentCoding.Identity;
            // RFC 9111 §5.2.2.6: no-transform forbids changing the content coding on the way.
            if (response.TryGetHeader("Cache-Control"u8, out var cacheControl) && cacheControl.IndexOf("no-transform"u8) >= 0) return ContentCoding.Identity;
            if (!VariesByAcceptEncoding(response)) response.AddHeader("Vary"u8, "Accept-Encoding"u8);
            if (accepted == ContentCoding.Identity || (length >= 0 && length < options.MinimumBytes)) return ContentCoding.Identity;
            response.AddHeader("Content-Encoding"u8, ContentCodingNames.Token(accepted));
            return accepted;
        }

        private static bool VariesByAcceptEncoding(HttpResponse response)
        {
            if (!response.TryGetHeader("Vary"u8, out var vary)) return false;
            foreach (var range in vary.Split((byte)','))
            {
                var item = vary[range].Trim((byte)' ');
                if (item is [(byte)'*'] || System.Text.Ascii.EqualsIgnoreCase(item, "Accept-Encoding"u8)) return true;
            }
            return false;
        }
    }
}
