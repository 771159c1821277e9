using System.Buffers;
using AotSuite.Http.Compression;
using AotSuite.Http.Writing;
using Microsoft.Win32.SafeHandles;

namespace AotSuite.Http.Connection;

/// <summary>
/// Content coding of the body (gzip/brotli), offered by middleware and decided when the head is final: a buffered body
/// is coded whole by <see cref="EncodeBuffered"/>; a streamed one write by write, chunked, each flush a sync flush so a
/// streamed chunk reaches the client when the handler waits for it.
/// </summary>
public sealed partial class HttpResponse
{
    private IContentEncodingPolicy? encodingPolicy;
    private ContentCoding acceptedCoding;
    private bool encodingBody;
    // Per connection, made on first use: the encoder and the coded bytes waiting to be framed.
    private ContentEncoder? encoder;
    private ArrayBufferWriter<byte>? encoded;

    private ArrayBufferWriter<byte> Encoded => encoded ??= new ArrayBufferWriter<byte>(4096);

    /// <summary>Lets <paramref name="policy"/> code this response's body in <paramref name="accepted"/> (what the client takes).</summary>
    internal void OfferEncoding(IContentEncodingPolicy policy, ContentCoding accepted)
    {
        encodingPolicy = policy;
        acceptedCoding = accepted;
    }

    /// <summary>
    /// Codes the buffered body if the offered policy chooses a coding for it; a HEAD response too, so its
    /// Content-Length is the one GET would send. Nothing happens once the response has started (it was coded as streamed).
    /// </summary>
    internal void EncodeBuffered()
    {
        if (HasStarted || encodingPolicy is null || ResponseWriter.HasNoBody(StatusCode)) return;
        var coding = encodingPolicy.Choose(this, acceptedCoding, BodyBuffer.Length);
        if (coding == ContentCoding.Identity) return;
        var coder = BeginEncoder(coding);
        var output = Encoded;
        coder.Write(BodyBuffer.Span, output);
        coder.End(output);
        BodyBuffer.Clear();
        BodyBuffer.Append(output.WrittenSpan);
        Done(output);
    }

    /// <summary>The value of the response header field <paramref name="name"/> added so far (first one), ASCII case ignored.</summary>
    internal bool TryGetHeader(ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var rest = HeaderBuffer.Span;
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 2)..];
            if (line.Length > name.Length + 1 && line[name.Length] == (byte)':' && System.Text.Ascii.EqualsIgnoreCase(line[..name.Length], name))
            {
                value = line[(name.Length + 1)..].Trim((byte)' ');
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>At the start of a streamed body: whether it is coded; if so its length is no longer known (-1).</summary>
    private long DecideStreamedEncoding(long contentLength)
    {
        if (encodingPolicy is null || ResponseWriter.HasNoBody(StatusCode)) return contentLength;
        var coding = encodingPolicy.Choose(this, acceptedCoding, contentLength);
        if (coding == ContentCoding.Identity) return contentLength;
        if (!headRequest)
        {
            BeginEncoder(coding);
            encodingBody = true;
        }
        return -1;
    }

    private ContentEncoder BeginEncoder(ContentCoding coding)
    {
        var coder = encoder ??= new ContentEncoder();
        var level = encodingPolicy!.Level;
        coder.Begin(coding, level, ContentEncoder.BrotliQuality(level));
        return coder;
    }

    private void WriteEncoded(ReadOnlySpan<byte> bytes)
    {
        var output = Encoded;
        encoder!.Write(bytes, output);
        WriteFramed(output.WrittenSpan);
        Done(output);
    }

    private void FlushEncoder()
    {
        var output = Encoded;
        encoder!.Flush(output);
        WriteFramed(output.WrittenSpan);
        Done(output);
    }

    private void EndEncoder()
    {
        var output = Encoded;
        encoder!.End(output);
        WriteFramed(output.WrittenSpan);
        Done(output);
        encodingBody = false;
    }

    /// <summary>A file through the encoder: read block by block into a pooled buffer (no sendfile: the bytes change).</summary>
    private void EncodeFileBlock(SafeFileHandle file, long offset, int length)
    {
        var block = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var filled = 0;
            while (filled < length)
            {
                var read = RandomAccess.Read(file, block.AsSpan(filled, length - filled), offset + filled);
                if (read == 0) HttpResponseThrow.FileEndedEarly(offset + filled);
                filled += read;
            }
            WriteEncoded(block.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    /// <summary>Empties the coded-bytes buffer; one that grew past 1 MiB for a large body is let go rather than kept per connection.</summary>
    private void Done(ArrayBufferWriter<byte> output)
    {
        if (output.Capacity > 1 << 20) encoded = null;
        else output.ResetWrittenCount();
    }

    private void ResetEncoding(bool keepOffer)
    {
        if (!keepOffer) encodingPolicy = null;
        if (encodingBody) encoder!.Abandon(); // a streamed response that failed midway
        encodingBody = false;
        if (encoded is not null) Done(encoded);
    }
}
