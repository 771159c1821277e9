using System.Buffers;
using System.IO.Compression;

namespace AotSuite.Http.Compression;

/// <summary>
/// gzip or brotli, one body at a time, written into any <see cref="IBufferWriter{T}"/>: a whole buffered body at once
/// (<see cref="Compress"/>), or a streamed one write by write with <see cref="Flush"/> where the writer must hand its
/// bytes on (a chunk that has to reach the client now, as server-sent events need). One instance per connection.
/// </summary>
internal sealed class ContentEncoder : IDisposable
{
    // 4 MiB window (2^22): the default of the brotli CLI; enough for any single web response.
    private const int BrotliWindow = 22;

    private readonly BufferWriterStream gzipOutput = new();
    private BrotliEncoder brotli;
    private GZipStream? gzip;

    public ContentCoding Coding { get; private set; }

    /// <summary>
    /// Brotli quality for a <see cref="CompressionLevel"/>, as BrotliStream maps it: Fastest 1, Optimal 4 (also
    /// @fastify/compress's default), SmallestSize 11 (seconds per megabyte: never per request).
    /// </summary>
    public static int BrotliQuality(CompressionLevel level) => level switch
    {
        CompressionLevel.NoCompression => 0,
        CompressionLevel.Fastest => 1,
        CompressionLevel.SmallestSize => 11,
        _ => 4,
    };

    /// <summary><paramref name="source"/> encoded whole (static files keep the result per file version).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> source, ContentCoding coding, CompressionLevel gzipLevel, int brotliQuality)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(256, source.Length / 2));
        using var encoder = new ContentEncoder();
        encoder.Begin(coding, gzipLevel, brotliQuality);
        encoder.Write(source, output);
        encoder.End(output);
        return output.WrittenSpan.ToArray();
    }

    public void Begin(ContentCoding coding, CompressionLevel gzipLevel, int brotliQuality)
    {
        if (Coding != ContentCoding.Identity) Abandon();
        switch (coding)
        {
            case ContentCoding.Brotli:
                brotli = new BrotliEncoder(brotliQuality, BrotliWindow);
                break;
            case ContentCoding.Gzip:
                gzip = new GZipStream(gzipOutput, gzipLevel, leaveOpen: true);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(coding), coding, "gzip or brotli");
        }
        Coding = coding;
    }

    public void Write(ReadOnlySpan<byte> source, IBufferWriter<byte> output)
    {
        if (Coding == ContentCoding.Gzip)
        {
            gzipOutput.Target = output;
            gzip!.Write(source);
            return;
        }
        while (!source.IsEmpty)
        {
            var span = output.GetSpan(Math.Min(BrotliEncoder.GetMaxCompressedLength(source.Length), 64 * 1024));
            var status = brotli.Compress(source, span, out var consumed, out var written, isFinalBlock: false);
            if (status == OperationStatus.InvalidData) throw new InvalidOperationException("the brotli encoder failed");
            output.Advance(written);
            source = source[consumed..];
        }
    }

    /// <summary>Everything written so far, out as bytes a decoder can read now (a sync flush); the stream goes on.</summary>
    public void Flush(IBufferWriter<byte> output)
    {
        if (Coding == ContentCoding.Gzip)
        {
            gzipOutput.Target = output;
            gzip!.Flush();
            return;
        }
        OperationStatus status;
        do
        {
            status = brotli.Flush(output.GetSpan(1024), out var written);
            output.Advance(written);
        }
        while (status == OperationStatus.DestinationTooSmall);
    }

    /// <summary>The end of the stream (gzip's trailer, brotli's last block); the encoder is free for the next body.</summary>
    public void End(IBufferWriter<byte> output)
    {
        if (Coding == ContentCoding.Gzip)
        {
            gzipOutput.Target = output;
            gzip!.Dispose();
            gzip = null;
        }
        else if (Coding == ContentCoding.Brotli)
        {
            OperationStatus status;
            do
            {
                status = brotli.Compress(default, output.GetSpan(1024), out _, out var written, isFinalBlock: true);
                output.Advance(written);
            }
            while (status == OperationStatus.DestinationTooSmall);
            brotli.Dispose();
        }
        gzipOutput.Target = null;
        Coding = ContentCoding.Identity;
    }

    /// <summary>Drops a body that will not be finished (its response failed), freeing the native state.</summary>
    public void Abandon()
    {
        gzipOutput.Target = null; // GZipStream.Dispose writes its trailer; let it go nowhere
        gzip?.Dispose();
        gzip = null;
        if (Coding == ContentCoding.Brotli) brotli.Dispose();
        Coding = ContentCoding.Identity;
    }

    public void Dispose() => Abandon();

    /// <summary>GZipStream writes into a Stream; this one forwards into the current body's buffer writer (or nowhere).</summary>
    private sealed class BufferWriterStream : Stream
    {
        public IBufferWriter<byte>? Target { get; set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer) => Target?.Write(buffer);

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
