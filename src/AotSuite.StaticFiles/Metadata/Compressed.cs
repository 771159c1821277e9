namespace AotSuite.StaticFiles.Metadata;

/// <summary>A file compressed on the fly, kept for as long as its file version is. Empty bytes: not worth it (it did not shrink).</summary>
internal sealed record Compressed(byte[] Bytes, byte[] ETag);
